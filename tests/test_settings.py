"""Settings come from the environment, refuse an unsafe start, and are safe with DEBUG off."""

import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

from django.core.exceptions import ImproperlyConfigured
from django.test import SimpleTestCase

from opsreport.settings import cache_from_url, database_from_url, env_bool

ROOT = Path(__file__).resolve().parent.parent
STRONG_KEY = "k3y-for-tests-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFG"


def manage(*args, **env):
    """Run manage.py in a fresh process with exactly these settings variables."""
    # The browser suite allows Django's ORM in Playwright's event loop; a deployment never does.
    unset = {"DEBUG", "SECRET_KEY", "HTTPS", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    keep = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=keep | env, capture_output=True, text=True
    )


def import_settings(**env):
    """Import the settings in a fresh process with these variables set, DEBUG on unless given."""
    read = {
        *("DEBUG", "SECRET_KEY", "HTTPS", "ALLOWED_HOSTS", "DATABASE_URL", "CACHE_URL"),
        *("CACHE_MAX_ENTRIES", "PROXY_COUNT", "AXES_FAILURE_LIMIT"),
    }
    keep = {k: v for k, v in os.environ.items() if k not in read}
    return subprocess.run(
        [sys.executable, "-c", "from opsreport import settings; print(settings.PROXY_COUNT, settings.HTTPS)"],
        cwd=ROOT,
        env=keep | {"DEBUG": "1"} | env,
        capture_output=True,
        text=True,
    )


class StrictBooleanTests(SimpleTestCase):
    def test_it_reads_each_word_in_any_case_with_spaces_around(self):
        for value, expected in [
            *[(word, True) for word in ("1", "true", "TRUE", " yes ", "On")],
            *[(word, False) for word in ("0", "false", "False", "no\n", " OFF")],
        ]:
            with self.subTest(value=value), mock.patch.dict(os.environ, {"OPSREPORT_FLAG": value}):
                self.assertIs(env_bool("OPSREPORT_FLAG", default=not expected), expected)

    def test_an_unset_variable_takes_its_default(self):
        with mock.patch.dict(os.environ):
            os.environ.pop("OPSREPORT_FLAG", None)
            self.assertIs(env_bool("OPSREPORT_FLAG", default=True), True)

    def test_any_other_value_stops_the_start_naming_the_variable_and_the_value(self):
        for name, value in [("HTTPS", "ture"), ("HTTPS", ""), ("HTTPS", "y"), ("DEBUG", "2"), ("DEBUG", "debug")]:
            with self.subTest(name=name, value=value):
                result = import_settings(**{name: value})
                self.assertNotEqual(result.returncode, 0, result.stdout)
                self.assertIn(f"ImproperlyConfigured: {name}={value!r} is not understood", result.stderr)

    def test_https_ture_refuses_to_start_as_make_serve_runs_it(self):
        # The environment `make serve` gives manage.py (DEBUG off, a strong key, loopback hosts),
        # with HTTPS misspelt: read loosely, it would serve without HSTS, Secure cookies or the
        # redirect. `make serve` runs manage.py migrate first, which stops the same way.
        result = manage(
            "check",
            "--deploy",
            DEBUG="0",
            SECRET_KEY=STRONG_KEY,
            ALLOWED_HOSTS="127.0.0.1,localhost",
            HTTPS="ture",
        )
        self.assertNotEqual(result.returncode, 0, result.stdout)
        self.assertIn("HTTPS='ture' is not understood", result.stderr)
        self.assertNotIn("System check", result.stdout)


class StrictIntegerTests(SimpleTestCase):
    def test_a_whole_number_is_read_with_spaces_around(self):
        result = import_settings(PROXY_COUNT=" 2 ", HTTPS=" No ")
        self.assertEqual(result.stdout.split(), ["2", "False"], result.stderr)

    def test_anything_else_stops_the_start_naming_the_variable(self):
        for name, value, reason in [
            ("CACHE_MAX_ENTRIES", "lots", "is not a whole number"),
            ("PROXY_COUNT", "1.5", "is not a whole number"),
            ("AXES_FAILURE_LIMIT", "", "is not a whole number"),
            ("PROXY_COUNT", "-1", "is below its least value, 0"),
            ("AXES_FAILURE_LIMIT", "0", "is below its least value, 1"),
        ]:
            with self.subTest(name=name, value=value):
                result = import_settings(**{name: value})
                self.assertNotEqual(result.returncode, 0, result.stdout)
                self.assertIn(f"ImproperlyConfigured: {name}={value!r} {reason}", result.stderr)


class DatabaseUrlTests(SimpleTestCase):
    def test_postgres(self):
        db = database_from_url("postgres://ops:s%40cret@db.local:5433/opsreport")
        self.assertEqual(db["ENGINE"], "django.db.backends.postgresql")
        self.assertEqual(
            (db["NAME"], db["USER"], db["PASSWORD"], db["HOST"], str(db["PORT"])),
            ("opsreport", "ops", "s@cret", "db.local", "5433"),
        )
        # A connection that went stale (a database restart) is replaced, not failed on.
        self.assertTrue(db["CONN_HEALTH_CHECKS"])

    def test_the_query_string_reaches_the_driver(self):
        db = database_from_url("postgres://ops@db.local/opsreport?sslmode=require")
        self.assertEqual(db["OPTIONS"]["sslmode"], "require")

    def test_sqlite_relative_and_absolute(self):
        self.assertEqual(database_from_url("sqlite:///var/db.sqlite3")["NAME"], "var/db.sqlite3")
        self.assertEqual(database_from_url("sqlite:////tmp/db.sqlite3")["NAME"], "/tmp/db.sqlite3")

    def test_other_schemes_are_refused(self):
        with self.assertRaises(ImproperlyConfigured):
            database_from_url("mysql://localhost/x")

    def test_a_malformed_url_is_refused_naming_it_without_its_password(self):
        for url, reason in [
            ("mysql://ops:hunter2@db.local/opsreport", "is not supported"),
            ("postgres:/opsreport", "is not supported"),
            ("db.local/opsreport", "is not supported"),
            ("postgres://ops:hunter2@db.local:54x2/opsreport", "is not a valid URL"),
            ("postgres://ops:hunter2@db.local:99999/opsreport", "is not a valid URL"),
            ("postgres://ops:hunter2@[::1/opsreport", "is not a valid URL"),
            ("postgres://ops:hunter2@db.local:5432/", "names no database"),
            ("postgresql://ops:hunter2@db.local", "names no database"),
        ]:
            with self.subTest(url=url), self.assertRaises(ImproperlyConfigured) as refused:
                database_from_url(url)
            message = str(refused.exception)
            self.assertTrue(message.startswith("DATABASE_URL="), message)
            self.assertIn(reason, message)
            self.assertNotIn("hunter2", message)

    def test_a_malformed_url_stops_the_start(self):
        result = import_settings(DATABASE_URL="postgres://ops:hunter2@db.local:54x2/opsreport")
        self.assertNotEqual(result.returncode, 0, result.stdout)
        self.assertIn("ImproperlyConfigured: DATABASE_URL='postgres://ops:***@db.local:54x2/opsreport'", result.stderr)
        self.assertNotIn("hunter2", result.stderr)


class CacheUrlTests(SimpleTestCase):
    def test_each_backend(self):
        self.assertEqual(cache_from_url("locmem://")["BACKEND"], "django.core.cache.backends.locmem.LocMemCache")
        file_cache = cache_from_url("file:///srv/opsreport/cache")
        self.assertEqual(file_cache["LOCATION"], "/srv/opsreport/cache")
        self.assertEqual(cache_from_url("db://opsreport_cache")["LOCATION"], "opsreport_cache")
        redis = cache_from_url("redis://127.0.0.1:6379/1")
        self.assertEqual(
            (redis["BACKEND"], redis["LOCATION"]),
            ("django.core.cache.backends.redis.RedisCache", "redis://127.0.0.1:6379/1"),
        )
        self.assertIn("MAX_ENTRIES", file_cache["OPTIONS"])  # bounded

    def test_other_values_are_refused_naming_cache_url_and_the_value(self):
        for url in ["memcached://localhost", "locmem", "redis", "redis://", "file://", "Redis://127.0.0.1:6379/0"]:
            with self.subTest(url=url), self.assertRaises(ImproperlyConfigured) as refused:
                cache_from_url(url)
            self.assertTrue(str(refused.exception).startswith(f"CACHE_URL={url!r} is not understood"))

    def test_an_unknown_scheme_stops_the_start_without_showing_a_password(self):
        result = import_settings(CACHE_URL="memcached://:hunter2@cache.local:11211")
        self.assertNotEqual(result.returncode, 0, result.stdout)
        self.assertIn("ImproperlyConfigured: CACHE_URL='memcached://:***@cache.local:11211'", result.stderr)
        self.assertNotIn("hunter2", result.stderr)


class SecretKeyTests(SimpleTestCase):
    def test_it_refuses_the_development_key_without_debug(self):
        result = manage("check")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("SECRET_KEY is the development key but DEBUG is off", result.stderr)

    def test_it_refuses_a_weak_key_without_debug(self):
        result = manage("check", SECRET_KEY="short", ALLOWED_HOSTS="ops.example")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("SECRET_KEY is too weak", result.stderr)

    def test_it_starts_with_a_real_key(self):
        result = manage("check", SECRET_KEY=STRONG_KEY, ALLOWED_HOSTS="ops.example")
        self.assertEqual(result.returncode, 0, result.stderr)


class DeploymentTests(SimpleTestCase):
    def test_check_deploy_is_clean_with_debug_off_and_https(self):
        result = manage(
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
            SECRET_KEY=STRONG_KEY,
            ALLOWED_HOSTS="ops.example",
            HTTPS="1",
        )
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("System check identified no issues", result.stdout)

    def test_plain_http_for_a_trial_turns_the_https_settings_off(self):
        show = (
            "from django.conf import settings as s; "
            "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS)"
        )
        on = manage("shell", "-c", show, SECRET_KEY=STRONG_KEY, ALLOWED_HOSTS="127.0.0.1")
        self.assertEqual(on.stdout.splitlines()[-1].split(), ["True", "True", "True", "31536000"], on.stderr)
        off = manage("shell", "-c", show, SECRET_KEY=STRONG_KEY, ALLOWED_HOSTS="127.0.0.1", HTTPS="0")
        self.assertEqual(off.stdout.splitlines()[-1].split(), ["False", "False", "False", "0"], off.stderr)
