"""Settings for the Operations Report application.

One file, driven by the environment, that works on a fresh clone: SQLite in
a git-ignored folder unless DATABASE_URL names another database.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
DEV_SECRET_KEY = "dev-only-not-secret-opsreport"


def env_str(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def database_from_url(url):
    """A DATABASES entry from DATABASE_URL (postgres:// or sqlite://), query string kept:
    `?sslmode=require` and the like reach the driver as OPTIONS."""
    if not url.startswith(("postgres://", "postgresql://", "sqlite://")):
        raise ImproperlyConfigured(f"DATABASE_URL scheme {url.split(':', 1)[0]!r} is not supported")
    config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # sqlite:///relative/path or sqlite:////absolute/path; connections are cheap, keep none.
        path = url[len("sqlite://") :]
        config["NAME"] = path[1:] if path.startswith("//") else path.lstrip("/") or ":memory:"
        config["CONN_MAX_AGE"] = 0
        # A transaction takes the write lock when it begins, and a second writer waits for it
        # (up to 20 s) instead of failing with "database is locked" when it tries to write:
        # two approvers publishing at once get one issue and a message, not a 500.
        config["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
    return config


def cache_from_url(url):
    """A CACHES entry from CACHE_URL: locmem://, file:///path, db://table or redis://host:port/db.

    File, database and Redis caches are shared by every worker; locmem is one process's own.
    """
    scheme, _, rest = url.partition("://")
    max_entries = int(env_str("CACHE_MAX_ENTRIES", "500"))
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": max_entries}}
    if scheme == "file":
        return {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": rest,
            "OPTIONS": {"MAX_ENTRIES": max_entries},
        }
    if scheme == "db":
        return {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": rest or "opsreport_cache",
            "OPTIONS": {"MAX_ENTRIES": max_entries},
        }
    if scheme in {"redis", "rediss"}:
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    raise ImproperlyConfigured(f"CACHE_URL scheme {scheme!r} is not supported")


def is_strong_secret(key):
    """As `check --deploy` judges a key: 50 characters or more, 5 different, not Django's
    placeholder. A weak key in production is refused, not merely warned about."""
    return len(key) >= 50 and len(set(key)) >= 5 and not key.startswith("django-insecure-")


DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = env_str("SECRET_KEY", DEV_SECRET_KEY)
if SECRET_KEY == DEV_SECRET_KEY and not DEBUG:
    raise ImproperlyConfigured(
        "SECRET_KEY is the development key but DEBUG is off. "
        "Set SECRET_KEY in the environment, or DEBUG=1 for local work."
    )
if not DEBUG and not is_strong_secret(SECRET_KEY):
    raise ImproperlyConfigured(
        "SECRET_KEY is too weak for DEBUG off: use 50 or more random characters, e.g. "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))'."
    )
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])

INSTALLED_APPS = [
    "opsreport.apps.OpsAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tables2",
    "csp",
    "axes",
    "opsreport",
    "parties",
    "helpdesk",
    "meetings",
    # Every change to the data above, who made it and when (opsreport/history/): after the data
    # apps, whose models it registers.
    "simple_history",
    "opsreport.history",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files with DEBUG off (make serve), from STATIC_ROOT; runserver serves them itself.
    *([] if DEBUG else ["whitenoise.middleware.WhiteNoiseMiddleware"]),
    # A body longer than its address takes is refused before a byte of it is read (413).
    "opsreport.middleware.RequestSizeMiddleware",
    # NUL characters and over-long values are refused with a 400 before any view or query.
    "opsreport.middleware.BadInputMiddleware",
    # A sign-in already locked out is refused here, before sessions or the database.
    "opsreport.signin.EarlyLockoutMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # A session ends after a working day without a request (SESSION_COOKIE_AGE below).
    "opsreport.middleware.SessionIdleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Gives the history of each change the signed-in user who made it (opsreport/history/).
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # After authentication: refuses a locked-out sign-in before any password is hashed.
    "axes.middleware.AxesMiddleware",
    "opsreport.middleware.SiteHeadersMiddleware",
    "opsreport.middleware.DatabaseOutageMiddleware",
]

ROOT_URLCONF = "opsreport.urls"
WSGI_APPLICATION = "opsreport.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "opsreport.access.navigation",
            ],
        },
    },
]

DATA_DIR = Path(env_str("DATA_DIR", str(BASE_DIR / "var")))
DATABASES = {"default": database_from_url(env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'db.sqlite3'}"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# django-axes first: a locked username and address is refused before any password is hashed,
# so a flood of wrong passwords costs the server almost nothing once locked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(env_str("AXES_FAILURE_LIMIT", "5"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]  # a username from one address
AXES_COOLOFF_TIME = 0.25  # hours: a lock lifts by itself after 15 minutes
AXES_RESET_ON_SUCCESS = True
# A locked attempt does not push the lock further out: the early refusal (opsreport/signin.py)
# never shows axes those attempts, and the two must end together.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "opsreport.middleware.client_address"
# How many proxies of ours stand in front (each appends to X-Forwarded-For); 0 trusts none.
PROXY_COUNT = int(env_str("PROXY_COUNT", "0"))
AXES_VERBOSE = False
# A burst of failed sign-ins from one address, whatever the usernames (a username spray, which
# axes' per-username lock never sees), locks the address until the window ends
# (opsreport/signin.py): refused before any password is hashed, from the cache alone.
# Each failure before the lock hashes a password (about a second of CPU): few are allowed.
SIGNIN_ADDRESS_FAILURE_LIMIT = int(env_str("SIGNIN_ADDRESS_FAILURE_LIMIT", "10"))
SIGNIN_ADDRESS_WINDOW = 600  # seconds

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    # plotly.min.js from the installed plotly package, and nothing else of its package data.
    "opsreport.lib.staticfiles.PlotlyFinder",
]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # With DEBUG off (make serve) static files carry hashed names, are compressed, and
    # whitenoise serves them with a year's cache lifetime; collectstatic runs first.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Charts: "svg" draws them with kaleido and Chromium; "table" prints their data instead.
OPSREPORT_CHARTS = env_str("OPSREPORT_CHARTS", "svg")
CHROMIUM_PATH = env_str("CHROMIUM_PATH", "/usr/bin/chromium")

# PDFs and chart SVGs (opsreport/paper/pdf.py, charts.py); the oldest are culled past
# CACHE_MAX_ENTRIES. Off DEBUG the default is a file cache every worker shares.
CACHES = {"default": cache_from_url(env_str("CACHE_URL", "locmem://" if DEBUG else f"file://{DATA_DIR / 'cache'}"))}

# Behind a TLS-terminating proxy (HTTPS, on by default with DEBUG off): secure cookies, HSTS,
# redirect plain HTTP. HTTPS=0 serves plain HTTP, for a trial on loopback.
HTTPS = env_bool("HTTPS", default=not DEBUG)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
CSRF_COOKIE_HTTPONLY = True  # forms carry the token; no script reads the cookie
SECURE_SSL_REDIRECT = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_PRELOAD = HTTPS

# Scripts only from our own files (no inline script, no eval); styles may be inline, as
# plotly.js writes its own and the paper's running footer is a <style> block.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# History (django-simple-history, opsreport/history/): the admin shows each record's history
# but never reverts from it: a revert would be a save past the change form's own checks.
SIMPLE_HISTORY_REVERT_DISABLED = True

# Request bodies, by the declared Content-Length, before any is read (RequestSizeMiddleware):
# (path pattern, bytes), the first that matches; anything else DATA_UPLOAD_MAX_MEMORY_SIZE.
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024  # the largest admin form is a few kilobytes
REQUEST_BODY_LIMITS = [
    (r"/accounts/login/", 4 * 1024),  # a username, a password and a token
    # The workbook (opsreport/workbook/reading.py MAX_UPLOAD_BYTES, 2 MB) and the form around it:
    # a file a little over is still read far enough for the page to say so.
    (r"/months/[0-9]{4}-[0-9]{2}/import/", 2 * 1024 * 1024 + 64 * 1024),
]

# A session ends after a working day without a request (papers are classified: 14 days, Django's
# default, is too long); each request pushes the end out again, at most every five minutes.
SESSION_COOKIE_AGE = 8 * 3600
SESSION_REFRESH_SECONDS = 300

LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/accounts/login/"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"one_line": {"()": "opsreport.middleware.OneLineLogFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"filters": ["one_line"]}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
