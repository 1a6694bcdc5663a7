"""EMAIL_URL: where mail goes, from one variable; `make serve` will not start without it."""

import datetime
import os
import subprocess
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.test import SimpleTestCase, override_settings

from opsreport.mail import notify
from opsreport.models import PaperStatus
from opsreport.settings import email_from_url
from tests.base import BaseTestCase
from tests.factories import make_paper

ROOT = Path(__file__).resolve().parent.parent


class EmailURLTests(SimpleTestCase):
    def test_smtp_with_starttls_and_credentials(self):
        config = email_from_url("smtp://mailer%40secas:p%2Fss@mail.example.org:587?tls=1")
        self.assertEqual(config["EMAIL_BACKEND"], "django.core.mail.backends.smtp.EmailBackend")
        self.assertEqual(
            (config["EMAIL_HOST"], config["EMAIL_PORT"], config["EMAIL_HOST_USER"], config["EMAIL_HOST_PASSWORD"]),
            ("mail.example.org", 587, "mailer@secas", "p/ss"),
        )
        self.assertEqual((config["EMAIL_USE_TLS"], config["EMAIL_USE_SSL"], config["EMAIL_TIMEOUT"]), (True, False, 30))

    def test_smtp_over_tls(self):
        config = email_from_url("smtp+ssl://mail.example.org")
        self.assertEqual((config["EMAIL_PORT"], config["EMAIL_USE_SSL"], config["EMAIL_USE_TLS"]), (465, True, False))

    def test_console_and_file(self):
        self.assertEqual(
            email_from_url("console://")["EMAIL_BACKEND"], "django.core.mail.backends.console.EmailBackend"
        )
        config = email_from_url("file:///var/spool/opsreport")
        self.assertEqual(
            (config["EMAIL_BACKEND"], config["EMAIL_FILE_PATH"]),
            ("django.core.mail.backends.filebased.EmailBackend", "/var/spool/opsreport"),
        )

    def test_what_it_does_not_understand_stops_the_start(self):
        for url, words in [
            ("smtps://mail.example.org", "scheme 'smtps' is not supported"),
            ("smtp://mail.example.org?tls=yes", "tls is 0 or 1"),
            ("smtp://mail.example.org?starttls=1", "does not understand starttls"),
            ("smtp+ssl://mail.example.org?tls=1", "not both"),
            ("smtp://", "names no SMTP host"),
        ]:
            with self.subTest(url=url), self.assertRaisesMessage(ImproperlyConfigured, words):
                email_from_url(url)

    def test_make_serve_says_it_needs_email_url(self):
        env = {k: v for k, v in os.environ.items() if k not in {"EMAIL_URL", "MAKEFLAGS", "MAKELEVEL"}}
        env["SECRET_KEY"] = "x" * 60
        result = subprocess.run(["make", "-s", "serve"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("make serve needs EMAIL_URL", result.stderr)


class FileMailTests(BaseTestCase):
    def test_mail_written_to_a_folder(self):
        """`EMAIL_URL=file://var/mail` (make run): a newcomer reads each message as a file."""
        self.pat.email = "pat@example.org"
        self.pat.save()
        paper = make_paper(datetime.date(2030, 1, 1), status=PaperStatus.PUBLISHED)
        notify.publication(paper.issues.get())
        folder = Path(self.settings_folder())
        with override_settings(**email_from_url(f"file://{folder}")):
            call_command("deliver", until_done=True, stdout=open(os.devnull, "w"))
        [written] = list(folder.iterdir())
        self.assertIn("To: pat@example.org", written.read_text())

    def settings_folder(self):
        import tempfile

        folder = tempfile.mkdtemp(prefix="opsreport-mail-")
        self.addCleanup(lambda: subprocess.run(["rm", "-rf", folder], check=False))
        return folder
