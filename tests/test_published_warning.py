"""Published months: the form warns before a figure a published paper printed is changed,
saving needs the editor's confirmation, and the approver's paper page lists the change."""

import datetime

from django.urls import reverse

from opsreport.models import PaperStatus, PublishedChange
from parties.models import EventKind, MembershipEvent
from tests.admin_forms import form_data
from tests.base import JUNE_2018, BaseTestCase
from tests.factories import make_helpdesk_month, make_meeting, make_paper, make_party

MAY_2018 = datetime.date(2018, 5, 1)
CONFIRM = "I am changing a figure published in Operations Report — June 2018 (issue 1)"


class PublishedHelpdeskMonthTests(BaseTestCase):
    def setUp(self):
        self.paper = make_paper(JUNE_2018, status=PaperStatus.PUBLISHED)
        # May is one of the twelve months June's Table 5 printed.
        self.month = make_helpdesk_month(MAY_2018, mailbox_total=900, telephone_enquiries=40)
        self.url = reverse("admin:helpdesk_helpdeskmonth_change", args=[self.month.pk])
        self.client.force_login(self.erin)

    def test_the_form_names_the_paper_issue_and_table_before_saving(self):
        page = self.client.get(self.url)
        self.assertContains(page, "Published figures.")
        self.assertContains(
            page,
            f"Operations Report — June 2018 ({self.paper.reference}), issue 1: Table 5 (SECAS Helpdesk Emails).",
        )
        self.assertContains(page, CONFIRM)

    def test_a_change_without_the_confirmation_is_not_saved(self):
        data = form_data(self.client.get(self.url), "helpdeskmonth_form")
        data["telephone_enquiries"] = ["45"]
        refused = self.client.post(self.url, data)
        self.assertContains(
            refused, "Not saved: this changes a figure published in Operations Report — June 2018 (issue 1)."
        )
        self.month.refresh_from_db()
        self.assertEqual(self.month.telephone_enquiries, 40)
        self.assertFalse(PublishedChange.objects.exists())
        self.assertEqual(form_data(refused, "helpdeskmonth_form")["telephone_enquiries"], ["45"])  # input kept

    def test_a_confirmed_change_is_saved_and_recorded_for_the_approver(self):
        data = form_data(self.client.get(self.url), "helpdeskmonth_form")
        data["telephone_enquiries"] = ["45"]
        data["_confirm_published"] = ["yes"]
        self.assertEqual(self.client.post(self.url, data).status_code, 302)
        self.month.refresh_from_db()
        self.assertEqual(self.month.telephone_enquiries, 45)
        change = PublishedChange.objects.get()
        self.assertEqual(change.issue, self.paper.issues.get())
        self.assertEqual(change.printed_in, "Table 5 (SECAS Helpdesk Emails)")
        self.assertEqual(change.record, "Helpdesk month: May 2018")
        self.assertEqual(change.changes, "Telephone enquiries: 40 → 45")
        self.assertEqual(change.changed_by, self.erin)

        self.client.force_login(self.alex)
        page = self.client.get(reverse("paper", args=[JUNE_2018]))
        self.assertContains(page, "The data for this paper have changed since it was published.")
        self.assertContains(page, "Changes confirmed to published figures")
        self.assertContains(
            page, "<strong>Helpdesk month: May 2018</strong> (Table 5 (SECAS Helpdesk Emails), issue 1)"
        )
        self.assertContains(page, "changed by erin")
        self.assertContains(page, "Telephone enquiries: 40 → 45")

    def test_saving_without_a_change_needs_no_confirmation_and_records_nothing(self):
        data = form_data(self.client.get(self.url), "helpdeskmonth_form")
        self.assertEqual(self.client.post(self.url, data).status_code, 302)
        self.assertFalse(PublishedChange.objects.exists())

    def test_a_month_no_published_paper_printed_shows_no_warning(self):
        other = make_helpdesk_month(datetime.date(2018, 7, 1))
        page = self.client.get(reverse("admin:helpdesk_helpdeskmonth_change", args=[other.pk]))
        self.assertNotContains(page, "Published figures.")
        self.assertNotContains(page, "_confirm_published")

    def test_the_delete_page_warns_and_asks_for_the_same_confirmation(self):
        page = self.client.get(reverse("admin:helpdesk_helpdeskmonth_delete", args=[self.month.pk]))
        self.assertContains(page, "Table 5 (SECAS Helpdesk Emails)")
        self.assertContains(page, 'name="_confirm_published" value="yes"')
        self.assertContains(page, "I am deleting a figure published in Operations Report — June 2018 (issue 1)")

    def test_a_delete_without_the_confirmation_deletes_nothing(self):
        delete_url = reverse("admin:helpdesk_helpdeskmonth_delete", args=[self.month.pk])
        data = form_data(self.client.get(delete_url))
        data.pop("_confirm_published", None)
        refused = self.client.post(delete_url, data, follow=True)
        self.assertContains(refused, "Not deleted: this helpdesk month is a figure published in Operations Report")
        self.assertContains(refused, 'name="_confirm_published"')  # the delete page again
        self.assertTrue(type(self.month).objects.filter(pk=self.month.pk).exists())
        self.assertFalse(PublishedChange.objects.exists())

    def test_a_confirmed_delete_is_listed_for_the_approver_as_a_change_is(self):
        delete_url = reverse("admin:helpdesk_helpdeskmonth_delete", args=[self.month.pk])
        data = form_data(self.client.get(delete_url))
        data["_confirm_published"] = ["yes"]
        self.assertEqual(self.client.post(delete_url, data).status_code, 302)
        self.assertFalse(type(self.month).objects.filter(pk=self.month.pk).exists())
        change = PublishedChange.objects.get()
        self.assertEqual(
            (change.record, change.printed_in), ("Helpdesk month: May 2018", "Table 5 (SECAS Helpdesk Emails)")
        )
        self.assertIn("Telephone enquiries: 40 → deleted", change.changes.splitlines())
        self.assertIn("Emails to the SECAS mailbox: 900 → deleted", change.changes.splitlines())
        self.client.force_login(self.alex)
        page = self.client.get(reverse("paper", args=[JUNE_2018]))
        self.assertContains(
            page, "<strong>Helpdesk month: May 2018</strong> (Table 5 (SECAS Helpdesk Emails), issue 1)"
        )
        self.assertContains(page, "Telephone enquiries: 40 → deleted")
        self.assertNotContains(page, "present → deleted")

    def test_a_month_no_published_paper_printed_is_deleted_without_the_box(self):
        other = make_helpdesk_month(datetime.date(2018, 7, 1))
        delete_url = reverse("admin:helpdesk_helpdeskmonth_delete", args=[other.pk])
        page = self.client.get(delete_url)
        self.assertNotContains(page, "_confirm_published")
        self.assertEqual(self.client.post(delete_url, form_data(page)).status_code, 302)
        self.assertFalse(type(other).objects.filter(pk=other.pk).exists())


class PublishedEventTests(BaseTestCase):
    def setUp(self):
        make_paper(JUNE_2018, status=PaperStatus.PUBLISHED)
        self.party = make_party(acceded=datetime.date(2016, 1, 4))
        self.client.force_login(self.erin)
        self.url = reverse("admin:parties_membershipevent_add")

    def add_withdrawal(self, **extra):
        data = {"party": self.party.pk, "kind": "withdrawal", "date": "12/06/2018", "note": "Left", **extra}
        return self.client.post(self.url, data)

    def test_adding_an_event_to_a_published_month_needs_the_confirmation(self):
        refused = self.add_withdrawal()
        self.assertContains(
            refused, "Not saved: this changes a figure published in Operations Report — June 2018 (issue 1)."
        )
        self.assertContains(refused, "Table 3 (SEC Party Statistics)")
        self.assertFalse(MembershipEvent.objects.filter(kind=EventKind.WITHDRAWAL).exists())

        self.assertEqual(self.add_withdrawal(_confirm_published="yes").status_code, 302)
        self.assertTrue(MembershipEvent.objects.filter(kind=EventKind.WITHDRAWAL).exists())
        self.assertEqual(
            sorted(PublishedChange.objects.values_list("printed_in", flat=True)),
            sorted(
                [
                    "Table 3 (SEC Party Statistics)",
                    "1.4 Membership: Parties and Voting Groups totals, Figure 1 (Breakdown of SEC Party Voting Groups)",
                ]
            ),
        )

    def test_an_event_in_a_month_after_every_published_paper_saves_at_once(self):
        response = self.client.post(
            self.url, {"party": self.party.pk, "kind": "withdrawal", "date": "12/07/2018", "note": "Left"}
        )
        self.assertEqual(response.status_code, 302)
        self.assertFalse(PublishedChange.objects.exists())


class PublishedRowsOnAScreenTests(BaseTestCase):
    """A row on a record's screen (a meeting's dates) moved into a published month is a
    published figure too; and no list action deletes around the checks."""

    def setUp(self):
        self.paper = make_paper(JUNE_2018, status=PaperStatus.PUBLISHED)
        self.meeting = make_meeting(dates=[datetime.date(2018, 7, 20)])  # after June's paper
        self.url = reverse("admin:meetings_meeting_change", args=[self.meeting.pk])
        self.client.force_login(self.erin)

    def moved_into_june(self):
        data = form_data(self.client.get(self.url), "meeting_form")
        data["dates-0-date"] = ["20/06/2018"]
        return data

    def test_a_row_moved_into_a_published_month_needs_the_confirmation(self):
        refused = self.client.post(self.url, self.moved_into_june())
        self.assertContains(refused, "Not saved: this changes a figure published in Operations Report — June 2018")
        self.assertEqual(list(self.meeting.dates.values_list("date", flat=True)), [datetime.date(2018, 7, 20)])

        data = self.moved_into_june()
        data["_confirm_published"] = ["yes"]
        self.assertEqual(self.client.post(self.url, data).status_code, 302)
        self.assertEqual(list(self.meeting.dates.values_list("date", flat=True)), [datetime.date(2018, 6, 20)])
        self.assertEqual(PublishedChange.objects.get().issue, self.paper.issues.get())

    def test_no_list_offers_delete_selected(self):
        make_helpdesk_month(MAY_2018)
        page = self.client.get(reverse("admin:helpdesk_helpdeskmonth_changelist"))
        self.assertContains(page, "May 2018")
        self.assertNotContains(page, 'value="delete_selected"')


class PublishedEventsFromThePartysPageTests(BaseTestCase):
    """The party's own forms (Entered default…, Left default…, Accede…) ask too."""

    def setUp(self):
        self.paper = make_paper(JUNE_2018, status=PaperStatus.PUBLISHED)
        self.party = make_party("Backdated Energy", acceded=datetime.date(2017, 1, 5))
        self.url = reverse("admin:parties_party_event", args=[self.party.pk])
        self.client.force_login(self.erin)

    def test_a_default_backdated_into_a_published_month_needs_the_confirmation(self):
        data = {"kind": "default_entered", "date": "10/06/2018", "note": "One SEC Party entered Default."}
        refused = self.client.post(self.url, data)
        self.assertContains(refused, "Not saved: this changes a figure published in Operations Report — June 2018")
        self.assertContains(refused, 'name="_confirm_published" value="yes"')
        self.assertFalse(self.party.events.filter(kind="default_entered").exists())

        done = self.client.post(self.url, {**data, "_confirm_published": "yes"})
        self.assertEqual(done.status_code, 302)
        self.assertTrue(self.party.events.filter(kind="default_entered").exists())
        self.assertTrue(PublishedChange.objects.filter(issue=self.paper.issues.get(), changed_by=self.erin).exists())
