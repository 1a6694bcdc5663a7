"""Repeated wrong passwords lock a username from an address, before any password is hashed."""

from unittest import mock

from axes.models import AccessAttempt
from django.contrib.auth.backends import ModelBackend

from tests.base import BaseTestCase

LIMIT = 5


class SignInThrottleTests(BaseTestCase):
    def sign_in(self, password, address="192.0.2.10", username="pat"):
        return self.client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address)

    def fail(self, times, **kwargs):
        for _ in range(times):
            self.sign_in("wrong-password", **kwargs)

    def test_the_right_password_after_repeated_failures_is_refused_with_a_clear_message(self):
        self.fail(LIMIT)
        response = self.sign_in("password")
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "too many failed sign-ins", status_code=429)
        self.assertContains(response, "ask the SECAS approver", status_code=429)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_fewer_failures_than_the_limit_still_let_the_right_password_in(self):
        self.fail(LIMIT - 1)
        self.assertRedirects(self.sign_in("password"), "/", fetch_redirect_response=False)

    def test_a_locked_attempt_hashes_no_password(self):
        self.fail(LIMIT)
        with mock.patch.object(ModelBackend, "authenticate", autospec=True) as authenticate:
            self.sign_in("password")
            self.sign_in("another-guess")
        authenticate.assert_not_called()

    def test_once_locked_a_sign_in_is_refused_without_touching_the_database(self):
        self.fail(LIMIT)
        with self.assertNumQueries(0):
            response = self.sign_in("password")
        self.assertContains(response, "too many failed sign-ins", status_code=429)

    def test_the_lock_holds_that_username_from_that_address_only(self):
        self.fail(LIMIT)
        self.assertRedirects(self.sign_in("password", address="198.51.100.7"), "/", fetch_redirect_response=False)
        self.client.logout()
        self.assertRedirects(self.sign_in("password", username="erin"), "/", fetch_redirect_response=False)

    def test_the_approver_lifts_a_lock_in_the_admin(self):
        self.fail(LIMIT)
        attempt = AccessAttempt.objects.get(username="pat")
        self.client.force_login(self.alex)
        page = self.client.get(f"/admin/axes/accessattempt/{attempt.pk}/delete/")
        self.assertEqual(page.status_code, 200)
        self.client.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
        self.assertFalse(AccessAttempt.objects.filter(username="pat").exists())
        self.client.logout()
        self.assertRedirects(self.sign_in("password"), "/", fetch_redirect_response=False)
