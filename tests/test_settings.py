"""Settings come from the environment and refuse an unsafe start."""

import os
import subprocess
import sys
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.test import SimpleTestCase

from opsreport.settings import database_from_url

ROOT = Path(__file__).resolve().parent.parent


class DatabaseUrlTests(SimpleTestCase):
    def test_postgres(self):
        db = database_from_url("postgres://ops:s%40cret@db.local:5433/opsreport")
        self.assertEqual(db["ENGINE"], "django.db.backends.postgresql")
        self.assertEqual(
            (db["NAME"], db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]),
            ("opsreport", "ops", "s@cret", "db.local", "5433"),
        )

    def test_sqlite_relative_and_absolute(self):
        self.assertEqual(database_from_url("sqlite:///var/db.sqlite3")["NAME"], "var/db.sqlite3")
        self.assertEqual(database_from_url("sqlite:////tmp/db.sqlite3")["NAME"], "/tmp/db.sqlite3")

    def test_other_schemes_are_refused(self):
        with self.assertRaises(ImproperlyConfigured):
            database_from_url("mysql://localhost/x")


class SecretKeyTests(SimpleTestCase):
    def start(self, **env):
        environ = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}} | env
        return subprocess.run(
            [sys.executable, "manage.py", "check"], cwd=ROOT, env=environ, capture_output=True, text=True
        )

    def test_it_refuses_the_development_key_without_debug(self):
        result = self.start()
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("SECRET_KEY is the development key but DEBUG is off", result.stderr)

    def test_it_starts_with_a_real_key(self):
        result = self.start(SECRET_KEY="a-real-secret-key-for-this-test", ALLOWED_HOSTS="ops.example")
        self.assertEqual(result.returncode, 0, result.stderr)
