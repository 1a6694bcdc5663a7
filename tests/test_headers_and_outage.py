"""Classified pages are never cached by others; a database outage is a 503 to retry, logged once."""

import datetime
from unittest import mock

from django.db import OperationalError
from django.test import RequestFactory

from opsreport.views import server_error
from tests.base import SampleTestCase
from tests.helpers import make_paper

CLASSIFIED = [
    "/dashboard/",
    "/dashboard/records/parties/?month=2018-06&drafts=1",
    "/dashboard/records/parties/?export=csv",
    "/papers/2018-06/",
    "/papers/2018-06/pdf/",
    "/papers/2018-06/appendices/A/",
    "/papers/",
]


class HeaderTests(SampleTestCase):
    def test_classified_pages_are_private_and_not_stored(self):
        self.client.force_login(self.erin)
        for url in CLASSIFIED:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertIn("private", response["Cache-Control"])
                self.assertIn("no-store", response["Cache-Control"])

    def test_scripts_run_only_from_our_own_files(self):
        self.client.force_login(self.pat)
        policy = self.client.get("/dashboard/")["Content-Security-Policy"]
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
        self.assertEqual(directives["script-src"], "'self'")
        self.assertEqual(directives["default-src"], "'self'")
        self.assertEqual(directives["frame-ancestors"], "'none'")

    def test_every_page_denies_browser_features_it_does_not_use(self):
        response = self.client.get("/accounts/login/")
        self.assertIn("camera=()", response["Permissions-Policy"])
        self.assertIn("geolocation=()", response["Permissions-Policy"])


class OutageTests(SampleTestCase):
    def test_an_unreachable_database_is_a_503_with_retry_after_and_one_log_line(self):
        self.client.force_login(self.pat)
        down = OperationalError("connection to server at 127.0.0.1, port 5432 failed: Connection refused")
        with (
            mock.patch("opsreport.dashboard.figures.latest_month", side_effect=down),
            self.assertLogs("opsreport.outage", "ERROR") as outage,
            self.assertNoLogs("django.request", "ERROR"),
        ):
            response = self.client.get("/dashboard/")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response["Retry-After"], "30")
        self.assertContains(response, "Back shortly", status_code=503)
        self.assertEqual(len(outage.output), 1)
        self.assertIn("Database unavailable: GET /dashboard/", outage.output[0])
        # The database is back: the next request is served as usual.
        self.assertEqual(self.client.get("/dashboard/").status_code, 200)

    def test_an_outage_met_outside_a_view_is_a_503_too(self):
        request = RequestFactory().get("/papers/")
        try:
            raise OperationalError("server closed the connection unexpectedly")
        except OperationalError:
            response = server_error(request)
        self.assertEqual(response.status_code, 503)
        try:
            raise ValueError("a bug")
        except ValueError:
            self.assertEqual(server_error(request).status_code, 500)

    def test_a_published_paper_is_private_too(self):
        make_paper(datetime.date(2018, 5, 1), status="published")
        response = self.client.get("/papers/2018-05/")
        self.assertEqual(response.status_code, 200)
        self.assertIn("no-store", response["Cache-Control"])
