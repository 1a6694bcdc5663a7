"""The admin's own change, add and delete forms write through the action layer
(opsreport/actions/admin.py): one transaction, history rows tagged with the editor and
"Changed in the admin: …", and the action's published-figure check, refused with nothing
written or recorded once for the approver."""

import datetime

from django.contrib.admin.models import LogEntry
from django.urls import reverse

from helpdesk.models import EmailTally, HelpdeskMonth
from meetings.models import Committee, CommitteeCategory, MeetingModification, Modification, StatusChange
from opsreport.models import PaperStatus, PublishedChange
from tests.admin_forms import form_data
from tests.base import JUNE_2018, BaseTestCase
from tests.factories import make_enquiry_category, make_helpdesk_month, make_meeting, make_paper

MAY_2018 = datetime.date(2018, 5, 1)
JULY_2018 = datetime.date(2018, 7, 1)


def versions(record):
    """The record's history rows, oldest first."""
    return list(record.history.order_by("history_date", "history_id"))


class AdminSaveHistoryTests(BaseTestCase):
    """No paper is published: the admin's writes are tagged, and need no confirmation."""

    def setUp(self):
        self.category = make_enquiry_category("Access requests")
        self.month = make_helpdesk_month(
            JULY_2018, mailbox_total=10, telephone_enquiries=4, tallies={self.category: 10}
        )
        self.url = reverse("admin:helpdesk_helpdeskmonth_change", args=[self.month.pk])
        self.client.force_login(self.erin)

    def test_a_change_writes_history_rows_with_the_editor_and_the_actions_reason(self):
        data = form_data(self.client.get(self.url), "helpdeskmonth_form")
        data["telephone_enquiries"] = ["5"]
        data["mailbox_total"] = ["12"]
        data["tallies-0-emails"] = ["12"]
        self.assertEqual(self.client.post(self.url, data).status_code, 302)

        latest = versions(self.month)[-1]
        self.assertEqual(latest.telephone_enquiries, 5)
        self.assertEqual(
            (latest.history_user, latest.history_change_reason), (self.erin, "Changed in the admin: helpdesk month")
        )
        tally = versions(EmailTally.objects.get(helpdesk_month=self.month))[-1]
        self.assertEqual(
            (tally.emails, tally.history_user, tally.history_change_reason),
            (12, self.erin, "Changed in the admin: helpdesk month"),
        )
        # The record's history page shows who and why, as it does an import's tag.
        page = self.client.get(reverse("admin:helpdesk_helpdeskmonth_history", args=[self.month.pk]))
        self.assertContains(page, "Changed in the admin: helpdesk month")
        self.assertFalse(PublishedChange.objects.exists())

    def test_an_addition_and_a_deletion_are_tagged_too(self):
        add_url = reverse("admin:helpdesk_helpdeskmonth_add")
        data = form_data(self.client.get(add_url), "helpdeskmonth_form")
        data.update(
            {"month": ["2018-08-01"], "telephone_enquiries": ["1"], "mailbox_total": ["0"], "tallies-0-emails": ["0"]}
        )
        response = self.client.post(add_url, data)
        self.assertEqual(response.status_code, 302)
        august = HelpdeskMonth.objects.get(month=datetime.date(2018, 8, 1))
        added = versions(august)[-1]
        self.assertEqual(
            (added.history_type, added.history_user, added.history_change_reason),
            ("+", self.erin, "Added in the admin: helpdesk month"),
        )

        delete_url = reverse("admin:helpdesk_helpdeskmonth_delete", args=[august.pk])
        self.assertEqual(self.client.post(delete_url, form_data(self.client.get(delete_url))).status_code, 302)
        deleted = HelpdeskMonth.history.filter(id=august.pk).latest("history_date", "history_id")
        self.assertEqual(
            (deleted.history_type, deleted.history_user, deleted.history_change_reason),
            ("-", self.erin, "Deleted in the admin: helpdesk month"),
        )

    def test_the_lists_editable_columns_save_through_the_action_too(self):
        url = reverse("admin:helpdesk_enquirycategory_changelist")
        data = form_data(self.client.get(url), "changelist-form")
        data["form-0-position"] = ["7"]
        data["_save"] = ["Save"]
        self.assertEqual(self.client.post(url, data).status_code, 302)
        latest = versions(self.category)[-1]
        self.assertEqual(
            (latest.position, latest.history_user, latest.history_change_reason),
            (7, self.erin, "Changed in the admin: enquiry category"),
        )

    def test_what_a_modeladmins_save_related_writes_is_in_the_same_action(self):
        """A meeting moved on its screen re-dates its decision's status (MeetingAdmin.save_related):
        that row is tagged as the meeting's own are."""
        modification = Modification.objects.create(reference="SECMP0050", title="Terms of reference")
        board = Committee.objects.create(name="SEC Change Board", category=CommitteeCategory.CHANGE_BOARD)
        meeting = make_meeting(board, dates=[datetime.date(2018, 7, 18)])
        MeetingModification.objects.create(meeting=meeting, modification=modification, outcome="approved")
        url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
        data = form_data(self.client.get(url), "meeting_form")
        data["dates-0-date"] = ["25/07/2018"]
        self.assertEqual(self.client.post(url, data).status_code, 302)
        status = StatusChange.objects.get(decision__isnull=False)
        self.assertEqual(status.date, datetime.date(2018, 7, 25))
        self.assertEqual(
            (versions(status)[-1].history_user, versions(status)[-1].history_change_reason),
            (self.erin, "Changed in the admin: meeting"),
        )


class AdminSaveOfAPublishedFigureTests(BaseTestCase):
    """May 2018 is printed by June 2018's published issue (Table 5's twelve months)."""

    def setUp(self):
        self.paper = make_paper(JUNE_2018, status=PaperStatus.PUBLISHED)
        self.category = make_enquiry_category("Access requests")
        self.month = make_helpdesk_month(
            MAY_2018, mailbox_total=900, telephone_enquiries=40, tallies={self.category: 900}
        )
        self.url = reverse("admin:helpdesk_helpdeskmonth_change", args=[self.month.pk])
        self.client.force_login(self.erin)
        self.history_rows = HelpdeskMonth.history.count() + EmailTally.history.count()

    def changed(self, **fields):
        data = form_data(self.client.get(self.url), "helpdeskmonth_form")
        data.update({name: [value] for name, value in fields.items()})
        return data

    def assert_nothing_written(self):
        self.month.refresh_from_db()
        self.assertEqual((self.month.telephone_enquiries, self.month.mailbox_total), (40, 900))
        self.assertEqual(list(self.month.tallies.values_list("emails", flat=True)), [900])
        self.assertEqual(HelpdeskMonth.history.count() + EmailTally.history.count(), self.history_rows)
        self.assertFalse(LogEntry.objects.exists())
        self.assertFalse(PublishedChange.objects.exists())

    def test_without_the_confirmation_nothing_is_written(self):
        refused = self.client.post(self.url, self.changed(telephone_enquiries="45"))
        self.assertContains(
            refused, "Not saved: this changes a figure published in Operations Report — June 2018 (issue 1)."
        )
        self.assertContains(refused, 'name="_confirm_published" value="yes"')  # the box, to tick this time
        self.assertEqual(form_data(refused, "helpdeskmonth_form")["telephone_enquiries"], ["45"])  # input kept
        self.assert_nothing_written()

    def test_a_refused_save_shows_no_warning_of_its_save_related(self):
        """HelpdeskMonthAdmin.save_related warns that the categories and the mailbox disagree,
        "Saved as entered": not on a save that was refused."""
        refused = self.client.post(self.url, self.changed(mailbox_total="950"))
        self.assertContains(refused, "Not saved: this changes a figure published in")
        self.assertNotContains(refused, "Saved as entered")
        self.assert_nothing_written()

        data = self.changed(mailbox_total="950", _confirm_published="yes")
        saved = self.client.post(self.url, data, follow=True)
        self.assertContains(saved, "Saved as entered")

    def test_with_the_confirmation_the_change_is_saved_and_recorded_once(self):
        data = self.changed(telephone_enquiries="45", **{"tallies-0-emails": "901", "_confirm_published": "yes"})
        self.assertEqual(self.client.post(self.url, data).status_code, 302)
        self.month.refresh_from_db()
        self.assertEqual(self.month.telephone_enquiries, 45)
        # One record for the month, listing its row's change too: not one more for the row.
        change = PublishedChange.objects.get()
        self.assertEqual(
            (change.record, change.record_id, change.printed_in, change.changed_by),
            ("Helpdesk month: May 2018", str(self.month.pk), "Table 5 (SECAS Helpdesk Emails)", self.erin),
        )
        self.assertEqual(change.changes.splitlines()[0], "Telephone enquiries: 40 → 45")
        self.assertIn("901", change.changes)
        latest = versions(self.month)[-1]
        self.assertEqual(
            (latest.history_user, latest.history_change_reason), (self.erin, "Changed in the admin: helpdesk month")
        )

    def test_a_delete_without_the_confirmation_deletes_nothing_and_with_it_is_recorded_once(self):
        delete_url = reverse("admin:helpdesk_helpdeskmonth_delete", args=[self.month.pk])
        data = form_data(self.client.get(delete_url))
        data.pop("_confirm_published", None)
        refused = self.client.post(delete_url, data, follow=True)
        self.assertContains(refused, "Not deleted: this helpdesk month is a figure published in Operations Report")
        self.assert_nothing_written()

        data["_confirm_published"] = ["yes"]
        self.assertEqual(self.client.post(delete_url, data).status_code, 302)
        self.assertFalse(HelpdeskMonth.objects.filter(pk=self.month.pk).exists())
        change = PublishedChange.objects.get()
        self.assertEqual((change.record, change.record_id), ("Helpdesk month: May 2018", str(self.month.pk)))
        self.assertIn("Telephone enquiries: 40 → deleted", change.changes.splitlines())
        deleted = HelpdeskMonth.history.filter(id=self.month.pk).latest("history_date", "history_id")
        self.assertEqual(
            (deleted.history_type, deleted.history_user, deleted.history_change_reason),
            ("-", self.erin, "Deleted in the admin: helpdesk month"),
        )
