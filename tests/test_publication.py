"""Approval and publication: who may, what is stored, and that a published issue never changes."""

import datetime
import hashlib

import time_machine
from django.core.cache import cache

from opsreport.models import EffortEntry, Paper, PaperIssue, PaperStatus
from tests.base import JUNE_2018, SampleTestCase
from tests.helpers import approve, make_paper, publish

URL = "/papers/2018-06/"


class PublicationTests(SampleTestCase):
    def paper(self):
        return Paper.objects.get(month=JUNE_2018)

    def approve_and_publish(self):
        self.client.force_login(self.alex)
        approve(self.client, URL)
        return publish(self.client, URL)

    def test_an_editor_cannot_approve_or_publish(self):
        self.client.force_login(self.erin)
        self.assertEqual(self.client.post(URL + "approve/").status_code, 403)
        self.assertEqual(self.client.post(URL + "publish/").status_code, 403)
        self.assertEqual(self.paper().status, PaperStatus.DRAFT)

    def test_approval_is_post_only(self):
        self.client.force_login(self.alex)
        self.assertEqual(self.client.get(URL + "approve/").status_code, 405)

    def test_a_draft_cannot_be_published(self):
        self.client.force_login(self.alex)
        publish(self.client, URL)
        self.assertFalse(PaperIssue.objects.exists())

    @time_machine.travel("2018-07-06 14:30 +0100", tick=False)
    def test_publishing_stores_the_pdf_with_its_hash_who_and_when(self):
        response = self.approve_and_publish()
        self.assertRedirects(response, URL, fetch_redirect_response=False)
        issue = PaperIssue.objects.get()
        self.assertEqual(self.paper().status, PaperStatus.PUBLISHED)
        self.assertEqual(issue.number, 1)
        self.assertTrue(bytes(issue.pdf).startswith(b"%PDF-"))
        self.assertEqual(issue.sha256, hashlib.sha256(bytes(issue.pdf)).hexdigest())
        self.assertEqual(issue.published_by, self.alex)
        self.assertEqual(issue.published_at.isoformat(), "2018-07-06T13:30:00+00:00")

    def test_a_panel_member_reads_the_published_paper_and_pdf(self):
        self.approve_and_publish()
        issue = PaperIssue.objects.get()
        self.client.force_login(self.pat)
        page = self.client.get(URL)
        self.assertContains(page, "Operations Report — June 2018")
        self.assertNotContains(page, "Consistency findings")
        self.assertEqual(self.client.get(URL + "pdf/").content, bytes(issue.pdf))

    def test_a_published_issue_never_changes_and_a_correction_is_a_new_issue(self):
        self.approve_and_publish()
        first = PaperIssue.objects.get()
        first_pdf, first_hash = bytes(first.pdf), first.sha256
        with self.assertRaises(ValueError):
            first.save()

        # Publishing unchanged data again is refused.
        publish(self.client, URL)
        self.assertEqual(PaperIssue.objects.count(), 1)

        # A correction to the month's data.
        entry = EffortEntry.objects.filter(effort_month__month=JUNE_2018).first()
        entry.days += 2
        entry.save()
        cache.clear()
        self.client.force_login(self.pat)
        self.assertEqual(self.client.get(URL + "pdf/").content, first_pdf)
        self.client.force_login(self.alex)
        self.assertContains(self.client.get(URL), "The data for this paper have changed since it was published")

        publish(self.client, URL)
        second = PaperIssue.objects.order_by("number").last()
        self.assertEqual(second.number, 2)
        self.assertNotEqual(second.sha256, first_hash)
        first.refresh_from_db()
        self.assertEqual((bytes(first.pdf), first.sha256), (first_pdf, first_hash))
        self.assertEqual(self.client.get(URL + "issues/1/pdf/").content, first_pdf)
        self.assertEqual(self.client.get(URL + "issues/2/pdf/").content, bytes(second.pdf))
        self.assertNotContains(self.client.get(URL), "have changed since it was published")


class ApprovalHoldsTests(SampleTestCase):
    def test_a_change_after_approval_sends_the_paper_back_to_draft(self):
        self.client.force_login(self.alex)
        approve(self.client, URL)
        Paper.objects.filter(month=JUNE_2018).update(party_support="A paragraph nobody approved.")
        self.assertContains(self.client.get(URL), "The paper has changed since it was approved.")
        response = publish(self.client, URL, follow=True)
        self.assertContains(response, "Not published: the paper has changed since it was approved.")
        self.assertFalse(PaperIssue.objects.exists())
        self.assertEqual(Paper.objects.get(month=JUNE_2018).status, PaperStatus.DRAFT)

    def test_an_unchanged_approved_paper_publishes(self):
        self.client.force_login(self.alex)
        approve(self.client, URL)
        publish(self.client, URL)
        self.assertEqual(PaperIssue.objects.count(), 1)


class ApproveWhatWasSeenTests(SampleTestCase):
    """The approver opens the paper, an editor then changes it: Approve on the page they read
    must not approve text nobody reviewed."""

    def test_a_change_after_the_page_was_drawn_refuses_approval_and_says_where(self):
        self.client.force_login(self.alex)
        page = self.client.get(URL)
        seen = {"seen": page.context["seen"], "seen_part": [f"{k}|{v}" for k, v in page.context["seen_parts"].items()]}
        Paper.objects.filter(month=JUNE_2018).update(party_support="A paragraph nobody reviewed.")
        response = self.client.post(URL + "approve/", seen, follow=True)
        self.assertContains(
            response, "Not approved: the paper changed since you opened it (2. Monthly SECAS Highlights)."
        )
        self.assertContains(response, "A paragraph nobody reviewed.")  # the page shows it as it stands
        self.assertEqual(Paper.objects.get(month=JUNE_2018).status, PaperStatus.DRAFT)
        # Approving from the page as it now stands works.
        approve(self.client, URL)
        self.assertEqual(Paper.objects.get(month=JUNE_2018).status, PaperStatus.APPROVED)

    def test_an_approval_without_what_was_seen_is_refused(self):
        self.client.force_login(self.alex)
        self.client.post(URL + "approve/")
        self.assertEqual(Paper.objects.get(month=JUNE_2018).status, PaperStatus.DRAFT)


class PublishConfirmationTests(SampleTestCase):
    def setUp(self):
        self.client.force_login(self.alex)
        approve(self.client, URL)

    def test_publishing_asks_to_confirm_the_open_findings(self):
        page = self.client.get(URL)
        findings = len(page.context["findings"])
        self.assertGreater(findings, 0)
        self.assertContains(page, f"I have read the {findings} open findings above and")
        response = self.client.post(URL + "publish/", follow=True)  # the box not ticked
        self.assertContains(response, "Not published: tick the box to confirm")
        self.assertFalse(PaperIssue.objects.exists())
        publish(self.client, URL)
        self.assertEqual(PaperIssue.objects.count(), 1)

    def test_it_warns_when_an_earlier_month_is_unpublished(self):
        make_paper(datetime.date(2018, 5, 1), number=57)
        self.assertContains(self.client.get(URL), "Operations Report — May 2018 is not published yet")
