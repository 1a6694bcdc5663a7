"""Settings for the Operations Report application.

One file, driven by the environment, that works on a fresh clone: SQLite in
a git-ignored folder unless DATABASE_URL names another database.
"""

import os
import re
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
DEV_SECRET_KEY = "dev-only-not-secret-opsreport"


def env_str(name, default=""):
    return os.environ.get(name, default)


# The words a boolean variable may take, in any case. Anything else stops the start: read
# loosely, a typo such as HTTPS=ture would quietly turn HSTS, Secure cookies and the HTTPS
# redirect off.
TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not understood: use 1/0, true/false, yes/no or on/off.")


def env_int(name, default, minimum=0):
    value = os.environ.get(name)
    if value is None:
        return default
    try:
        number = int(value.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None
    if number < minimum:
        raise ImproperlyConfigured(f"{name}={value!r} is below its least value, {minimum}.")
    return number


def env_list(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def without_password(url):
    """The URL as it may be shown in an error message: the password, if any, replaced by ***.
    Everything from the first ':' after the user to the last '@' goes, so an unencoded '@' or
    '/' in the password cannot leak a piece of it."""
    return re.sub(r"(://[^/:@]*:).*@", r"\1***@", url, flags=re.DOTALL)


def database_from_url(url):
    """A DATABASES entry from DATABASE_URL (postgres:// or sqlite://), query string kept:
    `?sslmode=require` and the like reach the driver as OPTIONS."""
    if not url.startswith(("postgres://", "postgresql://", "sqlite://")):
        raise ImproperlyConfigured(
            f"DATABASE_URL={without_password(url)!r} is not supported: use postgres://, postgresql:// or sqlite://."
        )
    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except ValueError:  # dj_database_url.ParseError: a port that is not a number, a broken host
        raise ImproperlyConfigured(
            f"DATABASE_URL={without_password(url)!r} is not a valid URL (is the port a number, "
            "and are special characters in the password %-encoded?)."
        ) from None
    if config["ENGINE"] == "django.db.backends.postgresql" and not config["NAME"]:
        raise ImproperlyConfigured(
            f"DATABASE_URL={without_password(url)!r} names no database: add it after the host, "
            "as in postgres://user@host:5432/opsreport."
        )
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
    Any other value stops the start, naming CACHE_URL.
    """
    scheme, separator, rest = url.partition("://")
    max_entries = env_int("CACHE_MAX_ENTRIES", 500, minimum=1)
    if separator and scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": max_entries}}
    if separator and scheme == "file" and rest:
        return {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": rest,
            "OPTIONS": {"MAX_ENTRIES": max_entries},
        }
    if separator and scheme == "db":
        return {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": rest or "opsreport_cache",
            "OPTIONS": {"MAX_ENTRIES": max_entries},
        }
    if separator and scheme in {"redis", "rediss"} and rest:
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    raise ImproperlyConfigured(
        f"CACHE_URL={without_password(url)!r} is not understood: use locmem://, file:///path, db://table "
        "or redis://host:6379/0."
    )


def email_from_url(url):
    """Django's email settings from EMAIL_URL (opsreport/mail/): smtp://user:password@host:587?tls=1,
    smtp+ssl://host:465, console://, file:///path, locmem:// (tests) or dummy:// (mail dropped)."""
    from urllib.parse import parse_qs, unquote, urlsplit

    parts = urlsplit(url)
    scheme = parts.scheme
    backends = {
        "console": "django.core.mail.backends.console.EmailBackend",
        "file": "django.core.mail.backends.filebased.EmailBackend",
        "locmem": "django.core.mail.backends.locmem.EmailBackend",
        "dummy": "django.core.mail.backends.dummy.EmailBackend",
        "smtp": "django.core.mail.backends.smtp.EmailBackend",
        "smtp+ssl": "django.core.mail.backends.smtp.EmailBackend",
    }
    if scheme not in backends:
        raise ImproperlyConfigured(f"EMAIL_URL scheme {scheme!r} is not supported: use {', '.join(backends)}")
    config = {"EMAIL_BACKEND": backends[scheme]}
    if scheme == "file":
        path = (parts.netloc + parts.path) or str(BASE_DIR / "var" / "mail")
        config["EMAIL_FILE_PATH"] = path
    if scheme.startswith("smtp"):
        if not parts.hostname:
            raise ImproperlyConfigured(
                "EMAIL_URL names no SMTP host, e.g. smtp://user:password@mail.example.org:587?tls=1"
            )
        query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        unknown = set(query) - {"tls", "ssl", "timeout"}
        if unknown:
            raise ImproperlyConfigured(f"EMAIL_URL does not understand {', '.join(sorted(unknown))}")
        for flag in ("tls", "ssl"):
            if query.get(flag, "0") not in {"0", "1"}:
                raise ImproperlyConfigured(f"EMAIL_URL's {flag} is 0 or 1, not {query[flag]!r}")
        use_ssl = scheme == "smtp+ssl" or query.get("ssl") == "1"
        config.update(
            EMAIL_HOST=parts.hostname,
            EMAIL_PORT=parts.port or (465 if use_ssl else 25),
            EMAIL_HOST_USER=unquote(parts.username or ""),
            EMAIL_HOST_PASSWORD=unquote(parts.password or ""),
            EMAIL_USE_SSL=use_ssl,
            EMAIL_USE_TLS=query.get("tls") == "1",
            # A worker waits at most this long for the SMTP server, then the delivery is retried.
            EMAIL_TIMEOUT=int(query.get("timeout", "30")),
        )
        if config["EMAIL_USE_SSL"] and config["EMAIL_USE_TLS"]:
            raise ImproperlyConfigured("EMAIL_URL: choose smtp+ssl:// (implicit TLS) or ?tls=1 (STARTTLS), not both")
    return config


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
    # Telling people (opsreport/mail/): its own app and migrations; deliveries run as tasks on
    # django-tasks' database backend (django_tasks_db), which needs no server beyond the database.
    "django_tasks",
    "django_tasks_db",
    "opsreport.mail",
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
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]  # a username from one address
AXES_COOLOFF_TIME = 0.25  # hours: a lock lifts by itself after 15 minutes
AXES_RESET_ON_SUCCESS = True
# A locked attempt does not push the lock further out: the early refusal (opsreport/signin.py)
# never shows axes those attempts, and the two must end together.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "opsreport.middleware.client_address"
# How many proxies of ours stand in front (each appends to X-Forwarded-For); 0 trusts none.
PROXY_COUNT = env_int("PROXY_COUNT", 0)
AXES_VERBOSE = False
# A burst of failed sign-ins from one address, whatever the usernames (a username spray, which
# axes' per-username lock never sees), locks the address until the window ends
# (opsreport/signin.py): refused before any password is hashed, from the cache alone.
# Each failure before the lock hashes a password (about a second of CPU): few are allowed.
SIGNIN_ADDRESS_FAILURE_LIMIT = env_int("SIGNIN_ADDRESS_FAILURE_LIMIT", 10, minimum=1)
SIGNIN_ADDRESS_WINDOW = 600  # seconds
# A refused sign-in is answered after this pause, so a client pressing on is slowed to one
# attempt a second and its refusals stop taking the CPU from readers (opsreport/signin.py).
# A pause holds a thread: at most SIGNIN_PAUSED_REFUSALS at once in a process, the rest
# answered at once; the default leaves two of make serve's THREADS to everyone else.
SIGNIN_REFUSAL_PAUSE_MS = env_int("SIGNIN_REFUSAL_PAUSE_MS", 1000)
SIGNIN_PAUSED_REFUSALS = env_int("SIGNIN_PAUSED_REFUSALS", max(1, env_int("THREADS", 8, minimum=1) - 2))

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
# Our own files, plotly.js's partial bundle among them (static/plotly/README.md, `make plotly-bundle`).
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
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

# Mail (opsreport/mail/). EMAIL_URL says where it goes; `make serve` refuses to start without it,
# and with it unset mail is written to the console (make run, tests).
EMAIL_URL = env_str("EMAIL_URL")
globals().update(email_from_url(EMAIL_URL or "console://"))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "SECAS Operations Report <opsreport@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where the links in a message point: the site as its readers reach it.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Reminders (manage.py send_reminders) go this many working days before a paper's issue date.
MAIL_REMINDER_WORKING_DAYS = int(env_str("MAIL_REMINDER_WORKING_DAYS", "3"))
# Background work: django-tasks on the database by default (make worker runs it); TASK_BACKEND=rq
# runs the same tasks on RQ workers over Redis (REDIS_URL), past one machine.
TASK_BACKEND = env_str("TASK_BACKEND", "database")
REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379/0")
TASK_QUEUES = ["default", "mail"]
RQ_QUEUES = {name: {"URL": REDIS_URL} for name in TASK_QUEUES}  # read only with TASK_BACKEND=rq
if TASK_BACKEND == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": TASK_QUEUES}}
elif TASK_BACKEND == "rq":
    INSTALLED_APPS.append("django_rq")
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": TASK_QUEUES}}
else:
    raise ImproperlyConfigured(f"TASK_BACKEND is 'database' or 'rq', not {TASK_BACKEND!r}")

# Request bodies, by the declared Content-Length, before any is read (RequestSizeMiddleware):
# (path pattern, bytes), the first that matches; anything else DATA_UPLOAD_MAX_MEMORY_SIZE.
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024  # the largest admin form is a few kilobytes
REQUEST_BODY_LIMITS = [
    (r"/accounts/login/", 4 * 1024),  # a username, a password and a token
    # The workbook (opsreport/workbook/reading.py MAX_UPLOAD_BYTES, 2 MB) and the form around it:
    # a file a little over is still read far enough for the page to say so.
    (r"/months/[0-9]{4}-[0-9]{2}/import/", 2 * 1024 * 1024 + 64 * 1024),
    # A past issue's PDF (opsreport/paper/imported.py MAX_PDF_BYTES, 20 MB) and its form.
    (r"/papers/import/", 20 * 1024 * 1024 + 64 * 1024),
    (r"/register/reconcile/", 2 * 1024 * 1024 + 64 * 1024),  # a workbook with Published figures, the same
    # The register (opsreport/register/plan.py LIMITS, 16 MB): years of records.
    (r"/register/", 16 * 1024 * 1024 + 64 * 1024),
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
