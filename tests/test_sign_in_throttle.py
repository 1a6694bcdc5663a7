"""Repeated wrong passwords lock a username from an address, and a burst of failures from one
address locks the address whatever the usernames, before any password is hashed."""

import datetime
import tempfile
import threading
from unittest import mock

import time_machine
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache

from opsreport import signin
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


SPRAY_LIMIT = 10
SPRAYER = "203.0.113.9"
MORNING = datetime.datetime(2018, 7, 2, 9, 0, 5, tzinfo=datetime.UTC)


@time_machine.travel(MORNING, tick=False)
class AddressThrottleTests(BaseTestCase):
    """A username spray: a new username on every attempt, which the per-username lock never sees."""

    def spray(self, times, address=SPRAYER):
        for n in range(times):
            self.client.post("/accounts/login/", {"username": f"guess-{n}", "password": "wrong"}, REMOTE_ADDR=address)

    def sign_in(self, address=SPRAYER, username="pat"):
        return self.client.post("/accounts/login/", {"username": username, "password": "password"}, REMOTE_ADDR=address)

    def test_a_burst_of_failures_from_one_address_whatever_the_usernames_is_answered_429(self):
        self.assertEqual(settings.SIGNIN_ADDRESS_FAILURE_LIMIT, SPRAY_LIMIT)
        self.spray(SPRAY_LIMIT)
        response = self.client.post("/accounts/login/", {"username": "guess-new", "password": "x"}, REMOTE_ADDR=SPRAYER)
        self.assertContains(response, "too many failed sign-ins from your address", status_code=429)
        self.assertEqual(self.sign_in().status_code, 429, "the right password too, until the window ends")
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_fewer_failures_than_the_limit_still_let_the_right_password_in(self):
        self.spray(SPRAY_LIMIT - 1)
        self.assertRedirects(self.sign_in(), "/", fetch_redirect_response=False)

    def test_a_locked_address_hashes_no_password_and_touches_no_database(self):
        self.spray(SPRAY_LIMIT)
        with mock.patch.object(ModelBackend, "authenticate", autospec=True) as authenticate:
            with self.assertNumQueries(0):
                response = self.client.post(
                    "/accounts/login/", {"username": "guess-99", "password": "x"}, REMOTE_ADDR=SPRAYER
                )
        self.assertEqual(response.status_code, 429)
        authenticate.assert_not_called()

    def test_other_addresses_and_readers_are_untouched(self):
        self.spray(SPRAY_LIMIT)
        self.assertEqual(self.client.get("/papers/", REMOTE_ADDR=SPRAYER).status_code, 200)
        self.assertRedirects(self.sign_in(address="198.51.100.7"), "/", fetch_redirect_response=False)

    def test_the_lock_ends_with_its_window(self):
        self.spray(SPRAY_LIMIT)
        self.assertEqual(self.sign_in().status_code, 429)
        with time_machine.travel(MORNING + datetime.timedelta(seconds=settings.SIGNIN_ADDRESS_WINDOW + 1), tick=False):
            self.assertRedirects(self.sign_in(), "/", fetch_redirect_response=False)

    def test_successful_sign_ins_from_an_office_do_not_count_towards_its_lock(self):
        for _ in range(SPRAY_LIMIT + 5):
            self.assertRedirects(self.sign_in(), "/", fetch_redirect_response=False)
            self.client.logout()
        self.spray(SPRAY_LIMIT - 1)
        self.assertRedirects(self.sign_in(), "/", fetch_redirect_response=False)

    def test_the_approver_lifting_an_attempt_from_the_address_lifts_its_lock(self):
        self.spray(SPRAY_LIMIT)
        AccessAttempt.objects.filter(ip_address=SPRAYER).first().delete()
        self.assertRedirects(self.sign_in(), "/", fetch_redirect_response=False)


class RefusalPauseTests(BaseTestCase):
    """A refused sign-in is answered after a pause, so a client pressing on is slowed to about an
    attempt a second; a crowd of them cannot put every thread of a process to sleep. The pause
    itself is stood in for: the tests check who pauses, not how long the clock takes."""

    def setUp(self):
        super().setUp()
        patch = mock.patch("opsreport.signin.time.sleep")
        self.sleep = patch.start()
        self.addCleanup(patch.stop)

    def refused(self):
        response = self.client.post("/accounts/login/", {"username": "pat", "password": "x"}, REMOTE_ADDR=SPRAYER)
        self.assertEqual(response.status_code, 429)
        return response

    def lock(self):
        for n in range(SPRAY_LIMIT):
            self.client.post("/accounts/login/", {"username": f"guess-{n}", "password": "x"}, REMOTE_ADDR=SPRAYER)
        self.sleep.reset_mock()

    def test_a_refused_sign_in_is_answered_after_the_pause(self):
        with self.settings(SIGNIN_REFUSAL_PAUSE_MS=1000, SIGNIN_PAUSED_REFUSALS=6):
            self.lock()
            self.refused()
        self.sleep.assert_called_once_with(1.0)

    def test_sign_ins_that_are_checked_and_pages_that_are_read_do_not_pause(self):
        with self.settings(SIGNIN_REFUSAL_PAUSE_MS=1000, SIGNIN_PAUSED_REFUSALS=6):
            self.client.post("/accounts/login/", {"username": "pat", "password": "x"}, REMOTE_ADDR=SPRAYER)
            self.lock()
            self.assertEqual(self.client.get("/papers/", REMOTE_ADDR=SPRAYER).status_code, 200)
        self.sleep.assert_not_called()

    def test_past_the_bound_of_paused_threads_a_refusal_is_answered_at_once(self):
        entered, release = threading.Event(), threading.Event()

        def held(seconds):  # the first refusal's pause lasts until the test lets it go
            entered.set()
            release.wait(5)

        with self.settings(SIGNIN_REFUSAL_PAUSE_MS=1000, SIGNIN_PAUSED_REFUSALS=1):
            self.lock()
            self.sleep.side_effect = held
            first = threading.Thread(target=signin.pause_before_refusal)
            first.start()
            try:
                self.assertTrue(entered.wait(5))
                self.refused()  # the one paused thread allowed is taken: no pause
                self.assertEqual(self.sleep.call_count, 1)
            finally:
                release.set()
                first.join(5)
            self.sleep.side_effect = None
            self.refused()  # the thread is free again: this one pauses
        self.assertEqual(self.sleep.call_count, 2)


class AddressCountTests(BaseTestCase):
    """The address's count is exact when many attempts arrive at once, whatever the cache: the
    file cache every make serve worker shares reads and writes a count in two steps, and
    attempts arriving together counted once between them got past the limit."""

    def test_attempts_arriving_at_once_are_each_counted(self):
        threads, per_thread = 8, 40
        with tempfile.TemporaryDirectory() as folder:
            caches = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": folder}}
            with self.settings(CACHES=caches, SIGNIN_ADDRESS_FAILURE_LIMIT=10_000):
                start = threading.Barrier(threads)

                def attempts():
                    start.wait()
                    for _ in range(per_thread):
                        signin.count_attempt(SPRAYER)

                workers = [threading.Thread(target=attempts) for _ in range(threads)]
                for worker in workers:
                    worker.start()
                for worker in workers:
                    worker.join()
                window = signin._window()[0]
                self.assertEqual(cache.get(signin._attempts_key(SPRAYER, window)), threads * per_thread)
