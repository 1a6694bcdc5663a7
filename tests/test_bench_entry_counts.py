"""`make bench` enters a whole month through one workbook and prints its page loads, form
submissions and import time; it also prints the counts tests/test_browser_july.py last measured
in a real browser each way, or says how to measure them."""

import json

import time_machine
from django.core.management.base import CommandError

from meetings.models import Committee, MeetingLink
from opsreport.management.commands.bench import enter_july_through_the_workbook, entry_count_lines
from opsreport.models import Paper
from opsreport.sample import july
from parties.models import Applicant
from tests.base import SampleTestCase
from tests.test_workbook import NOW


def test_bench_prints_the_counts_measured_or_says_how_to_measure_them(tmp_path):
    """What `make bench` prints from the counts file (no browser needed)."""
    path = tmp_path / "counts.json"
    assert "run `.venv/bin/python -m pytest tests/test_browser_july.py` to measure" in entry_count_lines(path)[0]
    counts = {
        "forms": {"page_loads": 36, "form_submissions": 13},
        "workbook": {"page_loads": 7, "form_submissions": 4},
        "measured": "2018-08-01T09:00:00+00:00",
    }
    path.write_text(json.dumps(counts))
    assert entry_count_lines(path) == [
        "July 2018 entered in the browser through the month page's screens: 36 page loads, 13 form submissions "
        "(target <= 35 page loads): NOT met (measured 2018-08-01T09:00:00+00:00)",
        "July 2018 entered in the browser through the workbook: 7 page loads, 4 form submissions "
        "(target <= 8 page loads and 3 form submissions): NOT met (measured 2018-08-01T09:00:00+00:00)",
    ]
    counts["workbook"]["form_submissions"] = 3
    path.write_text(json.dumps(counts))
    assert entry_count_lines(path)[1].endswith("3 form submissions): met (measured 2018-08-01T09:00:00+00:00)")


@time_machine.travel(NOW, tick=False)
class EnterJulyTests(SampleTestCase):
    def test_the_whole_month_goes_in_through_the_month_page_and_the_import_page(self):
        self.client.force_login(self.erin)
        entry = enter_july_through_the_workbook(self.client)
        self.assertEqual(
            entry.pages,
            [
                "/months/2018-06/",  # the editor's home
                "/months/2018-07/",  # Start July 2018
                "/months/2018-07/import/",
                "/months/2018-07/workbook.xlsx",
                "/months/2018-07/import/",  # the preview
                "/months/2018-07/",  # confirmed
                "/papers/2018-07/",
            ],
        )
        self.assertEqual((entry.loads, entry.posts), (7, 3))
        # A row for each figure and each row july.py appends (the Paper sheet's change the paper
        # Start July made).
        self.assertEqual(
            entry.created,
            len(july.EMAILS)
            + 2
            + len(july.DAYS)
            + 1
            + len(july.MEETINGS_ROWS)
            + len(july.APPLICANT_ROWS)
            + len(july.MEMBERSHIP_ROWS)
            + len(july.COMPLETION_ROWS),
        )
        self.assertGreater(entry.import_ms, 0)
        # Every fact of the month is in: the front page, the applicant, a meeting's links.
        paper = Paper.objects.get(month=july.JULY)
        self.assertEqual(paper.issue_date, july.PAPER_VALUES["Issue date"])
        self.assertEqual(paper.party_support, july.PAPER_VALUES["Party Support Update"])
        self.assertIsNotNone(Applicant.objects.get(name=july.NEW_APPLICANT).acceded_on)
        self.assertTrue(MeetingLink.objects.filter(label="TABASC 32 0507 — Meeting Headlines").exists())

    def test_a_preview_with_errors_stops_the_bench_with_the_reason(self):
        self.client.force_login(self.erin)
        Committee.objects.filter(name="TABASC").update(name="TABASC (renamed)")  # July's row names TABASC
        with self.assertRaisesMessage(CommandError, "preview offers no confirmation"):
            enter_july_through_the_workbook(self.client)
