"""Response rules for the whole site: classified pages are never cached by others, browsers get
a Permissions-Policy, and a database outage is a 503 that says to retry, not a 500."""

import logging
import re
import time

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, UnreadablePostError
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control

logger = logging.getLogger("opsreport.outage")

RETRY_AFTER_SECONDS = 30
# The site uses none of these; deny them to any script that might try.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in [
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
        "interest-cohort",
    ]
)


# Bounds on what a request may carry, checked before any view or query sees it (BadInputMiddleware).
MAX_PATH_SEGMENT = 200  # characters of one path segment, decoded; ours are a few dozen at most
MAX_QUERY_KEY = 100
MAX_QUERY_VALUE = 1000  # an admin search or a `next` address; nothing longer is meant
# A whole number past a 64-bit column's range in a lookup (the admin's filters are named like
# `groups__exact`): SQLite cannot even bind it (OverflowError) where it meets a related key.
# Other parameters (a drill-down's `per_page=10**30`) are clamped by their views.
_WHOLE_NUMBER = re.compile(r"\A[+-]?[0-9]+\Z")
MAX_KEY = 2**63 - 1


def bad_request(reason, title="Bad request", status=400):
    """A short page saying what was refused, drawn without the database or a request context."""
    response = HttpResponse(render_to_string("400.html", {"title": title, "reason": reason}), status=status)
    patch_cache_control(response, no_store=True)
    return response


class RequestSizeMiddleware:
    """Refuse with a 413, before reading a byte of it, a request body longer than its address
    takes: a sign-in a few kilobytes, the month's workbook upload its 2 MB (and the form around
    it), anything else DATA_UPLOAD_MAX_MEMORY_SIZE. The declared Content-Length decides, so a
    200 MB post to the sign-in page is refused at once instead of being read in full; Django
    never reads past the declared length, and gunicorn sends it no more than that.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.limits = [(re.compile(pattern), limit) for pattern, limit in settings.REQUEST_BODY_LIMITS]

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return bad_request("The request's Content-Length is not a number.")
        limit = self.limit_for(request.path_info)
        if length > limit:
            return bad_request(
                f"The request is {length // 1024:,} kB; this address takes at most {max(1, limit // 1024):,} kB.",
                title="Request too large",
                status=413,
            )
        return self.get_response(request)

    def limit_for(self, path):
        for pattern, limit in self.limits:
            if pattern.fullmatch(path):
                return limit
        return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


class BadInputMiddleware:
    """Refuse with a 400, before any view or query, a request whose address, query string or
    form fields carry a NUL character, or whose address or query string carries a value longer
    than anything the site uses.

    PostgreSQL refuses NUL in text outright ("cannot contain NUL (0x00) bytes"), so a NUL that
    reached a lookup was a 500 wherever it was typed: an appendix letter, an admin list filter,
    the admin's autocomplete, a form field. One check here covers every view, the admin's
    included, instead of one patch per view. Over-long form fields are left to the forms
    (max_length), which say so beside the field.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    @staticmethod
    def problem(request):
        path = request.path_info
        if "\x00" in path:
            return "The address holds a NUL character."
        if any(len(segment) > MAX_PATH_SEGMENT for segment in path.split("/")):
            return f"A part of the address is longer than {MAX_PATH_SEGMENT} characters."
        for key, values in request.GET.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                return "The query string holds a NUL character."
            if len(key) > MAX_QUERY_KEY or any(len(value) > MAX_QUERY_VALUE for value in values):
                return f"A value in the query string is longer than {MAX_QUERY_VALUE} characters."
            if "__" in key and any(_WHOLE_NUMBER.match(value) and abs(int(value)) > MAX_KEY for value in values):
                return "A number in the query string is larger than any record's."
        if request.method == "POST":
            # Form fields only; an uploaded file's bytes are its reader's business. Reading the
            # body here is safe: RequestSizeMiddleware has bounded it already.
            for key, values in request.POST.lists():
                if "\x00" in key or any("\x00" in value for value in values):
                    return "A form field holds a NUL character."
        return None

    def __call__(self, request):
        try:
            reason = self.problem(request)
        except UnreadablePostError:
            # The client stopped sending its body, or sent it too slowly (opsreport/serving.py).
            return bad_request("The request's body did not arrive in time.", title="Request timeout", status=408)
        if reason:
            return bad_request(reason)
        return self.get_response(request)


def database_unavailable_response():
    """503 with Retry-After, rendered without touching the database (no request context)."""
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    patch_cache_control(response, no_store=True)
    return response


class SiteHeadersMiddleware:
    """Permissions-Policy on every response; `Cache-Control: private, no-store` on every
    response that is not a public static file, since papers, PDFs, figures, exports and the
    dashboard are classified and a signed-in page must never sit in a shared cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response


class DatabaseOutageMiddleware:
    """While the database is unreachable, answer 503 with Retry-After and log one line.

    CONN_HEALTH_CHECKS (settings) replaces a connection that went stale, so the first request
    after the database is back is served as usual: no restart of the workers.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_database_outage(exception):
            return None
        logger.error("Database unavailable: %s %s: %s", request.method, request.path, str(exception).strip()[:200])
        response = database_unavailable_response()
        response._has_been_logged = True  # the line above says it; Django need not add another
        return response


def is_database_outage(exception):
    return isinstance(exception, (OperationalError, InterfaceError))


class OneLineLogFilter(logging.Filter):
    """On django.request: a refusal (403) or a database outage met outside a view is logged as
    one line, not a traceback; neither is a bug, and a flood of them must not bury one."""

    def filter(self, record):
        exception = record.exc_info[1] if record.exc_info else None
        if isinstance(exception, PermissionDenied) or is_database_outage(exception):
            if is_database_outage(exception):
                record.msg = f"Database unavailable: {record.getMessage()}: {str(exception).strip()[:200]}"
                record.args = ()
            record.exc_info = record.exc_text = None
        return True


def client_address(request):
    """The client's address, for locking out repeated failed sign-ins (django-axes).

    Behind PROXY_COUNT proxies of ours, it is the entry the outermost one appended to
    X-Forwarded-For (anything further left the client may have made up); with none, the
    connection's own address.
    """
    if settings.PROXY_COUNT:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= settings.PROXY_COUNT:
            return forwarded[-settings.PROXY_COUNT]
    return request.META.get("REMOTE_ADDR")


class SessionIdleMiddleware:
    """A session lasts SESSION_COOKIE_AGE (a working day) from the reader's last request, not
    from signing in: a signed-in reader's session is saved again, with a fresh expiry, at most
    once every SESSION_REFRESH_SECONDS, rather than on every request (SESSION_SAVE_EVERY_REQUEST
    would write the session row on every page)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and session.session_key is not None and not session.is_empty():
            now = int(time.time())
            if now - session.get(SESSION_REFRESHED_KEY, 0) >= settings.SESSION_REFRESH_SECONDS:
                session[SESSION_REFRESHED_KEY] = now  # marks it modified: saved with a new expiry
        return self.get_response(request)


SESSION_REFRESHED_KEY = "_refreshed_at"


def note_session_start(sender, request, user, **kwargs):
    """user_logged_in: a new session starts with a full working day, so the first request
    after signing in need not save it again."""
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_REFRESHED_KEY] = int(time.time())
