"""The approver resolves a finding with a note: stored with who and when, printed as a footnote
to the figure, and no longer counted as open on the review panel or the month page."""

import datetime
import re

import time_machine

from helpdesk.models import HelpdeskMonth
from opsreport.models import FindingResolution, Paper
from opsreport.paper.assembly import assemble
from opsreport.paper.findings import findings, open_findings
from opsreport.paper.pdf import render_html
from opsreport.paper.sections import effort, helpdesk
from tests.base import JUNE_2018, SampleTestCase
from tests.helpers import approve

URL = "/papers/2018-06/"
HELPDESK_JULY_2017 = "helpdesk-total-2017-07"
EFFORT_JUNE_2018 = "effort-total-2018-06"
NOTE = "The July 2017 total is the sum of its categories; the mailbox counted 1,439 that month."


@time_machine.travel("2018-07-05 10:15 +0100", tick=False)
class ResolveTests(SampleTestCase):
    def setUp(self):
        self.client.force_login(self.alex)

    def resolve(self, code=HELPDESK_JULY_2017, note=NOTE):
        return self.client.post(URL + "findings/resolve/", {"code": code, "note": note}, follow=True)

    def assembled(self):
        return assemble(Paper.objects.prefetch_related("appendices").get(month=JUNE_2018))

    def test_the_helpdesk_finding_has_a_resolve_form_for_the_approver(self):
        page = self.client.get(URL)
        self.assertContains(page, f'<input type="hidden" name="code" value="{HELPDESK_JULY_2017}">')
        self.assertContains(page, f'<input type="hidden" name="code" value="{EFFORT_JUNE_2018}">')
        self.assertContains(page, "Resolve with a note", count=2)  # missing data is entered, not resolved

    def test_it_is_stored_with_who_and_when(self):
        response = self.resolve()
        self.assertRedirects(response, URL)
        self.assertContains(response, "Finding resolved: the paper prints its note as a footnote.")
        resolution = FindingResolution.objects.get()
        self.assertEqual((resolution.paper.month, resolution.code), (JUNE_2018, HELPDESK_JULY_2017))
        self.assertEqual((resolution.note, resolution.resolved_by), (NOTE, self.alex))
        self.assertEqual(resolution.resolved_at, datetime.datetime(2018, 7, 5, 9, 15, tzinfo=datetime.UTC))

    def test_the_paper_prints_the_note_as_a_footnote_to_the_total(self):
        before = self.assembled()
        self.resolve()
        after = self.assembled()
        table = after.section(helpdesk)
        july_2017 = table.months.index(datetime.date(2017, 7, 1))
        [note] = table.total_notes[july_2017]
        self.assertEqual(note.text, NOTE)
        self.assertEqual(sum(len(notes) for notes in table.total_notes), 1)
        self.assertEqual(len(after.footnotes), len(before.footnotes) + 1)
        self.assertEqual(after.footnotes[note.number - 1], note)  # numbered in print order
        html = render_html(after)
        cell = re.search(r"<tfoot><tr><th scope=\"row\">Total</th>(.*?)</tr></tfoot>", html, re.S).group(1)
        cells = re.findall(r"<td>(.*?)</td>", cell, re.S)
        self.assertIn("1,459", cells[july_2017])
        self.assertIn(
            f'<span class="fn" id="note-{note.number}" data-n="{note.number}">{NOTE}</span>', cells[july_2017]
        )
        self.assertNotEqual(before.fingerprint(), after.fingerprint())

    def test_it_no_longer_counts_as_open(self):
        page = self.client.get(URL)
        open_before = len(page.context["findings"])
        response = self.resolve()
        self.assertEqual(len(response.context["findings"]), open_before - 1)
        self.assertNotIn(HELPDESK_JULY_2017, [f.code for f in response.context["findings"]])
        body = response.content.decode()
        resolved = body[body.index("<h3>Resolved findings</h3>") :]
        self.assertIn("July 2017: the categories add up to 1,459", resolved)
        self.assertIn("by alex on 05/07/2018 10:15", resolved)
        found = findings(self.assembled())
        self.assertEqual(len(open_findings(found)), len(found) - 1)

    def test_the_month_page_lists_it_as_resolved(self):
        self.resolve()
        self.client.force_login(self.erin)
        status = self.client.get("/months/2018-06/").context["status"]
        section = next(s for s in status.sections if s.key == "helpdesk")
        self.assertEqual(section.findings, [])
        self.assertEqual([f.code for f in section.resolved], [HELPDESK_JULY_2017])
        self.assertEqual(status.findings_count, 1)  # the effort rounding is still open
        page = self.client.get("/months/2018-06/")
        self.assertContains(page, "1 finding to check")
        self.assertContains(page, f"Resolved by alex on 05/07/2018: “{NOTE}”")

    def test_an_effort_note_is_printed_at_the_grand_total(self):
        self.resolve(EFFORT_JUNE_2018, "Days are summed before rounding.")
        [note] = self.assembled().section(effort).total_notes
        self.assertEqual(note.text, "Days are summed before rounding.")

    def test_reopening_takes_the_footnote_away(self):
        self.resolve()
        response = self.client.post(URL + "findings/reopen/", {"code": HELPDESK_JULY_2017}, follow=True)
        self.assertContains(response, "Finding reopened")
        self.assertFalse(FindingResolution.objects.exists())
        self.assertFalse(any(self.assembled().section(helpdesk).total_notes))

    def test_resolving_after_approval_shows_the_paper_changed(self):
        approve(self.client, URL)
        self.resolve()
        self.assertContains(self.client.get(URL), "The paper has changed since it was approved.")

    def test_a_note_whose_figure_reconciles_later_is_not_printed(self):
        self.resolve()
        HelpdeskMonth.objects.filter(month=datetime.date(2017, 7, 1)).update(mailbox_total=1459)
        assembled = self.assembled()
        self.assertFalse(any(assembled.section(helpdesk).total_notes))
        self.assertNotIn(HELPDESK_JULY_2017, [f.code for f in findings(assembled)])


class RefusalTests(SampleTestCase):
    def post(self, data):
        return self.client.post(URL + "findings/resolve/", data, follow=True)

    def test_only_the_approver_resolves(self):
        for user in (self.erin, self.pat):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.post({"code": HELPDESK_JULY_2017, "note": NOTE}).status_code, 403)
                self.assertEqual(self.client.post(URL + "findings/reopen/", {"code": "x"}).status_code, 403)
        self.client.force_login(self.erin)
        self.assertNotContains(self.client.get(URL), "Resolve with a note")
        self.assertFalse(FindingResolution.objects.exists())

    def test_it_is_a_post(self):
        self.client.force_login(self.alex)
        self.assertEqual(self.client.get(URL + "findings/resolve/").status_code, 405)

    def test_bad_requests_get_a_message_and_store_nothing(self):
        self.client.force_login(self.alex)
        cases = [
            ({"code": HELPDESK_JULY_2017, "note": "   "}, "write the note the paper will print"),
            ({"code": HELPDESK_JULY_2017, "note": "x" * 1001}, "the note has 1001 characters; keep it to 1000"),
            ({"code": "helpdesk-total-2018-02", "note": NOTE}, "that finding is no longer raised"),
            ({"note": NOTE}, "that finding is no longer raised"),
        ]
        for data, message in cases:
            with self.subTest(message=message):
                response = self.post(data)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, message)
        self.assertFalse(FindingResolution.objects.exists())

    def test_resolving_twice_keeps_the_first_note(self):
        self.client.force_login(self.alex)
        self.post({"code": HELPDESK_JULY_2017, "note": NOTE})
        response = self.post({"code": HELPDESK_JULY_2017, "note": "Another note"})
        self.assertContains(response, "Already resolved by alex.")
        self.assertEqual(FindingResolution.objects.get().note, NOTE)

    def test_reopening_what_is_not_resolved_says_so(self):
        self.client.force_login(self.alex)
        response = self.client.post(URL + "findings/reopen/", {"code": HELPDESK_JULY_2017}, follow=True)
        self.assertContains(response, "That finding is not resolved.")
