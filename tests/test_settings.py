"""Settings come from the environment, refuse an unsafe start, and are safe with DEBUG off."""

import os
import subprocess
import sys
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.test import SimpleTestCase

from opsreport.settings import cache_from_url, database_from_url

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

    def test_other_schemes_are_refused(self):
        with self.assertRaises(ImproperlyConfigured):
            cache_from_url("memcached://localhost")


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
