"""Refuse a locked-out sign-in before it costs anything.

django-axes decides when a username from an address is locked (settings: AXES_*) and refuses
a locked attempt before any password is hashed. A flood of wrong passwords still reaches
Django's whole stack, though, and each refusal there reads and writes the database. So when
axes locks a username and address, we note it in the shared cache, and the middleware below,
near the top of the stack, answers that pair's sign-ins with a ready-made 429 page: no
session, no database, no template. Lifting the lock in the admin (deleting the access
attempt) lifts the note too; otherwise both end with the cool-off.

axes counts per username, so a spray of a new username on every attempt was never locked, and
every attempt hashed a password (a second of CPU each). So sign-ins are also counted per
address, whatever the username, in the shared cache (no database): past
SIGNIN_ADDRESS_FAILURE_LIMIT failed (or unfinished) sign-ins within SIGNIN_ADDRESS_WINDOW
seconds, every sign-in from that address is answered 429 by the same middleware until the
window ends, before any password is hashed. Readers elsewhere, signed in or not, are not
touched.

Refused quickly, a client pressing on only asks again at once: eight of them drew about 950
refusals a second, which took both cores from the readers. So each refusal is answered after a
pause (SIGNIN_REFUSAL_PAUSE_MS), which holds the attacker to about one attempt a second per
connection and costs a sleeping thread, not CPU. Paused threads are bounded per process
(SIGNIN_PAUSED_REFUSALS): past that, refusals are answered at once, so a crowd of attackers
cannot put every thread to sleep. The front line against a crowd is the proxy's own rate limit
(README, Production).
"""

import fcntl
import hashlib
import threading
import time
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.core.validators import MaxLengthValidator
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse

from opsreport.middleware import client_address

_pages = {}


def _key(username, address):
    digest = hashlib.sha256(f"{username}\n{address}".encode()).hexdigest()[:32]
    return f"signin-locked:{digest}"


def _address_key(address):
    return "signin-address-locked:" + hashlib.sha256(address.encode()).hexdigest()[:32]


def _attempts_key(address, window):
    return f"signin-address-attempts:{hashlib.sha256(address.encode()).hexdigest()[:32]}:{window}"


def _window():
    seconds = settings.SIGNIN_ADDRESS_WINDOW
    return int(time.time() // seconds), seconds


@contextmanager
def _counting():
    """One count at a time on this machine. Django's file and database caches (make serve's
    shared default is the file cache) add one to a count by reading it and writing it back, so
    attempts arriving together were counted once, and a spray got past the limit; an exclusive
    lock on a file beside the data, held for the read and the write, keeps every attempt. Redis
    and the local-memory cache count atomically themselves; the lock costs them one system call."""
    path = Path(settings.DATA_DIR) / "signin-count.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def count_attempt(address):
    """Count a sign-in attempt against its address, before any password is hashed; True if it
    goes past the limit, which locks the address for the rest of the window.

    Attempts are counted as they arrive, and a success takes its own back (`uncount_success`),
    so the count is the failures plus the attempts still being checked: eight clients spraying
    at once are stopped at the limit, not at the limit plus whatever was in flight. A fixed
    window: a count and an expiry in the shared cache, nothing more.
    """
    window, seconds = _window()
    key = _attempts_key(address, window)
    with _counting():
        cache.add(key, 0, seconds)
        try:
            attempts = cache.incr(key)
        except ValueError:  # expired between the two calls: this attempt starts the count again
            attempts = 1
            cache.set(key, attempts, seconds)
    if attempts <= settings.SIGNIN_ADDRESS_FAILURE_LIMIT:
        return False
    remaining = (window + 1) * seconds - time.time()
    cache.set(_address_key(address), True, max(1, int(remaining) + 1))
    return True


def uncount_success(sender, request, user, **kwargs):
    """user_logged_in: a successful sign-in is not a failure; it takes its attempt back."""
    if request is None:
        return
    key = _attempts_key(client_address(request) or "", _window()[0])
    with _counting():
        try:
            if cache.get(key, 0) > 0:
                cache.decr(key)
        except ValueError:  # the window ended meanwhile: nothing to take back
            pass


def cool_off_seconds():
    cool_off = settings.AXES_COOLOFF_TIME
    if isinstance(cool_off, timedelta):
        return int(cool_off.total_seconds())
    return int(float(cool_off) * 3600)  # axes reads a number as hours


def note_lock(sender, request, username, ip_address, **kwargs):
    """axes' user_locked_out signal: remember the lock for the middleware."""
    cache.set(_key(username or "", ip_address or ""), True, cool_off_seconds())


def lift_lock(sender, instance, **kwargs):
    """post_delete of an axes AccessAttempt: the approver lifted the lock."""
    cache.delete(_key(instance.username or "", instance.ip_address or ""))
    # and the address's, if it was sprayed from, with its count
    cache.delete_many([_address_key(instance.ip_address or ""), _attempts_key(instance.ip_address or "", _window()[0])])


_paused = 0  # refusals pausing now in this process
_paused_lock = threading.Lock()


def pause_before_refusal():
    """Sleep SIGNIN_REFUSAL_PAUSE_MS before a refusal, unless SIGNIN_PAUSED_REFUSALS threads of
    this process already are; True if it paused."""
    global _paused
    seconds = settings.SIGNIN_REFUSAL_PAUSE_MS / 1000
    if seconds <= 0:
        return False
    with _paused_lock:
        if _paused >= settings.SIGNIN_PAUSED_REFUSALS:
            return False
        _paused += 1
    try:
        time.sleep(seconds)
    finally:
        with _paused_lock:
            _paused -= 1
    return True


def locked_out_response(by_address=False):
    if by_address not in _pages:  # the same page for everyone: drawn once per process
        _pages[by_address] = render_to_string(settings.AXES_LOCKOUT_TEMPLATE, {"by_address": by_address})
    response = HttpResponse(_pages[by_address], status=429)
    response["Cache-Control"] = "private, no-store"
    return response


class EarlyLockoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.login_path = None

    def __call__(self, request):
        if self.login_path is None:
            self.login_path = reverse("login")
        if request.method == "POST" and request.path == self.login_path:
            refusal = self.refusal(request)
            if refusal is not None:
                pause_before_refusal()
                return refusal
        return self.get_response(request)

    def refusal(self, request):
        """The 429 for a sign-in from a locked address or of a locked username, else None."""
        address = client_address(request) or ""
        if cache.get(_address_key(address)):
            return locked_out_response(by_address=True)
        if cache.get(_key(request.POST.get("username", ""), address)):
            return locked_out_response()
        if count_attempt(address):
            return locked_out_response(by_address=True)
        return None


class SignInForm(AuthenticationForm):
    """Django's sign-in form, with the username's length checked as a form error.

    AuthenticationForm sets the username's max_length only after the field is made, so the
    browser is told but the server never checks: a 256-character username went on to
    authenticate(), and django-axes' record of the failure overflowed its column (a 500 on
    PostgreSQL).
    """

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(field.max_length))
