"""Two editors at once, for real: threads with a client each (tests/concurrent_editors.py),
on a SQLite database file in a process of its own and, in CI, on PostgreSQL.

- Both add the same month at the same moment: one is saved, the other gets the form error.
- Both open a month, one saves, then the other: the second is refused, the first's change kept.
- Both open a month and save at the same moment: one wins, the other is refused, nothing lost.
- (On the SQLite file) the approver publishes the same paper twice at once: one issue, no error.
"""

import json
import os
import subprocess
import sys
from pathlib import Path
from unittest import skipIf

from django.db import connection
from django.test import SimpleTestCase, TransactionTestCase

from tests import concurrent_editors
from tests.helpers import restore_data_migrations, write_migrated_database

ROOT = Path(__file__).resolve().parent.parent


class Checks:
    def check_same_month_race(self, result):
        answers = sorted(tuple(answer) for answer in result["answers"])
        # One saved (redirected); the other shown its form again saying the month is entered.
        self.assertEqual(answers, [(200, True), (302, False)], result)
        self.assertEqual(len(result["months"]), 1, result)

    def check_stale_save(self, result):
        self.assertEqual(result["ann"], 302, result)
        self.assertEqual(result["bob"], [200, True, True], result)
        self.assertEqual(result["month"], [11, 100], result)  # Ann's change kept, Bob's not saved

    def check_simultaneous_save(self, result):
        answers = sorted(tuple(answer) for answer in result["answers"])
        self.assertEqual(answers, [(200, True), (302, False)], result)
        # Exactly one editor's change is in, never both silently, never neither.
        self.assertIn(result["month"], [[11, 100], [10, 222]], result)


class SQLiteFileTests(Checks, SimpleTestCase):
    """The scenarios in their own process, on a fresh SQLite database file: the test database
    of this run (in memory on SQLite) cannot have a second writer wait as a file does."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        import tempfile

        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "editors.sqlite3"
            # A copy of this run's migrated test database where there is one (on SQLite):
            # migrating a file took the subprocess most of its time.
            migrated = ["--migrated"] if write_migrated_database(path) else []
            done = subprocess.run(
                [sys.executable, "-m", "tests.concurrent_editors", str(path), *migrated],
                cwd=ROOT,
                capture_output=True,
                text=True,
                timeout=600,
                env={**os.environ, "DEBUG": "1"},
            )
        if done.returncode != 0:
            raise AssertionError(done.stderr[-3000:])
        cls.results = json.loads(done.stdout.strip().splitlines()[-1])

    def test_two_editors_adding_the_same_month(self):
        self.check_same_month_race(self.results["same_month_race"])

    def test_a_save_after_another_editors_is_refused(self):
        self.check_stale_save(self.results["stale_save"])

    def test_two_saves_at_the_same_moment(self):
        self.check_simultaneous_save(self.results["simultaneous_save"])

    def test_two_publishes_at_the_same_moment(self):
        # On PostgreSQL: tests/test_concurrency.py.
        result = self.results["double_publish"]
        self.assertEqual(result["issues"], 1, result)
        self.assertEqual(sorted(status for status, _ in result["answers"]), [200, 200], result)
        messages = sorted(message for _, said in result["answers"] for message in said)
        self.assertEqual(messages, ["Nothing has changed since the last issue.", "Published as issue 1."], result)


@skipIf(
    connection.vendor == "sqlite",
    "SQLite's in-memory test database makes a second writer fail at once rather than wait: "
    "SQLiteFileTests runs these on a database file; CI runs them here on PostgreSQL.",
)
class ThreadedTests(Checks, TransactionTestCase):
    def setUp(self):
        restore_data_migrations()
        self.ann, self.bob = concurrent_editors.editors()

    def test_two_editors_adding_the_same_month(self):
        self.check_same_month_race(concurrent_editors.same_month_race(self.ann, self.bob))

    def test_a_save_after_another_editors_is_refused(self):
        self.check_stale_save(concurrent_editors.stale_save(self.ann, self.bob))

    def test_two_saves_at_the_same_moment(self):
        self.check_simultaneous_save(concurrent_editors.simultaneous_save(self.ann, self.bob))
