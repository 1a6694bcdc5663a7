"""A session ends after a working day without a request, however long ago the reader signed in."""

import datetime

import time_machine
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.base import BaseTestCase

MORNING = datetime.datetime(2018, 7, 2, 8, 0, tzinfo=datetime.UTC)


class SessionExpiryTests(BaseTestCase):
    def sign_in(self):
        response = self.client.post("/accounts/login/", {"username": "pat", "password": "password"})
        self.assertRedirects(response, "/", fetch_redirect_response=False)

    def signed_in(self):
        response = self.client.get("/papers/")
        return response.context["user"].is_authenticated

    def test_a_working_day_without_a_request_signs_the_reader_out(self):
        self.assertEqual(settings.SESSION_COOKIE_AGE, 8 * 3600)
        with time_machine.travel(MORNING, tick=False) as traveller:
            self.sign_in()
            traveller.shift(datetime.timedelta(hours=7, minutes=50))
            self.assertTrue(self.signed_in())
            traveller.shift(datetime.timedelta(hours=8, minutes=1))
            self.assertFalse(self.signed_in())
            self.assertRedirects(self.client.get("/dashboard/"), "/accounts/login/?next=/dashboard/")

    def test_a_reader_at_work_all_day_and_past_its_end_stays_signed_in(self):
        with time_machine.travel(MORNING, tick=False) as traveller:
            self.sign_in()
            for _ in range(6):  # a request every two hours: twelve hours in all
                traveller.shift(datetime.timedelta(hours=2))
                self.assertTrue(self.signed_in())

    def test_a_request_minutes_after_the_last_does_not_write_the_session_again(self):
        with time_machine.travel(MORNING, tick=False) as traveller:
            self.sign_in()
            self.client.get("/papers/")
            traveller.shift(datetime.timedelta(minutes=1))
            with CaptureQueriesContext(connection) as queries:
                self.client.get("/papers/")
            self.assertFalse([q for q in queries if "django_session" in q["sql"] and "UPDATE" in q["sql"]])
