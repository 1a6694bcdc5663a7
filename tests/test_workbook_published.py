"""A workbook that changes what a published paper printed: the preview names the paper, issue
and table, the import needs the editor's confirmation, and the change is recorded for the
approver, as on the admin's screens (tests/test_published_warning.py)."""

import tempfile
from pathlib import Path

import time_machine
from django.core.management import CommandError, call_command

from opsreport.models import PaperStatus, PublishedChange
from opsreport.sample import july
from opsreport.workbook import service
from opsreport.workbook.apply import ImportRefused, apply
from tests.base import SampleTestCase
from tests.factories import make_paper
from tests.test_workbook import JULY_2018, NOTHING_IN_JULY, NOW, _named, july_rows

URL = "/months/2018-07/import/"


@time_machine.travel(NOW, tick=False)
class PublishedMonthImportTests(SampleTestCase):
    def setUp(self):
        # July's paper is out: the July workbook now changes figures it printed.
        self.paper = make_paper(JULY_2018, status=PaperStatus.PUBLISHED)
        self.client.force_login(self.erin)

    def test_the_preview_names_the_issue_and_tables_it_changes(self):
        plan = service.preview(JULY_2018, july.july_workbook(), "july.xlsx")
        self.assertEqual(plan.errors, [])
        tables = {table for issue, table in plan.published}
        self.assertIn("Table 5 (SECAS Helpdesk Emails)", tables)
        self.assertEqual({issue for issue, _ in plan.published}, {self.paper.issues.get()})

    def test_without_the_confirmation_nothing_is_written(self):
        plan = service.preview(JULY_2018, july.july_workbook(), "july.xlsx")
        with self.assertRaisesMessage(ImportRefused, "changes figures published in Operations Report — July 2018"):
            apply(plan, self.erin, "july.xlsx")
        self.assertEqual(july_rows(), NOTHING_IN_JULY)
        self.assertFalse(PublishedChange.objects.exists())

    def test_the_page_asks_and_a_confirmed_import_is_recorded_for_the_approver(self):
        response = self.client.post(URL, {"workbook": _named(july.july_workbook(), "july.xlsx")})
        self.assertContains(response, "Published figures.")
        self.assertContains(response, "issue 1: Table 5 (SECAS Helpdesk Emails)")
        self.assertContains(response, 'name="confirm_published" value="yes" required')
        sha256 = response.context["plan"].sha256

        # Confirmed without the box (a script, or an old page): refused, nothing written.
        refused = self.client.post(URL, {"confirm": "1", "sha256": sha256})
        self.assertContains(refused, "Tick “I am changing figures published in …”")
        self.assertEqual(july_rows(), NOTHING_IN_JULY)

        done = self.client.post(URL, {"confirm": "1", "sha256": sha256, "confirm_published": "yes"}, follow=True)
        self.assertContains(done, "32 rows created")
        helpdesk = PublishedChange.objects.filter(record="Helpdesk month: July 2018")
        self.assertIn("Table 5 (SECAS Helpdesk Emails)", {change.printed_in for change in helpdesk})
        self.assertEqual({(c.issue, c.changed_by) for c in helpdesk}, {(self.paper.issues.get(), self.erin)})
        self.assertIn("added", helpdesk.first().changes)

    def test_the_command_refuses_and_sends_the_editor_to_the_page(self):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "july.xlsx"
            path.write_bytes(july.july_workbook())
            with self.assertRaisesMessage(CommandError, "Import it on the month's import page"):
                call_command("import_month", "2018-07", str(path), stdout=open("/dev/null", "w"))
        self.assertEqual(july_rows(), NOTHING_IN_JULY)
