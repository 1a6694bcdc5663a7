"""Refuse a locked-out sign-in before it costs anything.

django-axes decides when a username from an address is locked (settings: AXES_*) and refuses
a locked attempt before any password is hashed. A flood of wrong passwords still reaches
Django's whole stack, though, and each refusal there reads and writes the database. So when
axes locks a username and address, we note it in the shared cache, and the middleware below,
near the top of the stack, answers that pair's sign-ins with a ready-made 429 page: no
session, no database, no template. Lifting the lock in the admin (deleting the access
attempt) lifts the note too; otherwise both end with the cool-off.
"""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.core.validators import MaxLengthValidator
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse

from opsreport.middleware import client_address

_page = None


def _key(username, address):
    digest = hashlib.sha256(f"{username}\n{address}".encode()).hexdigest()[:32]
    return f"signin-locked:{digest}"


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


def locked_out_response():
    global _page
    if _page is None:  # the same page for everyone: drawn once per process
        _page = render_to_string(settings.AXES_LOCKOUT_TEMPLATE)
    response = HttpResponse(_page, status=429)
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
            username = request.POST.get("username", "")
            if cache.get(_key(username, client_address(request) or "")):
                return locked_out_response()
        return self.get_response(request)


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
