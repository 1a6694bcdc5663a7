"""`manage.py send_reminders`, run daily: the editors are told what is missing N working days
before a paper's issue date, once, and nobody is told when the month is complete."""

import datetime
import io

import time_machine
from django.core.management import call_command
from django.test import override_settings

from opsreport.mail.models import Event
from opsreport.mail.reminders import working_days_between
from opsreport.models import FindingResolution, Paper
from opsreport.month.status import month_status
from parties.models import EventKind, MembershipEvent
from tests.base import JUNE_2018, SampleTestCase
from tests.mailserver import SMTPServer, bodies, subject

# The June 2018 paper is issued on Friday 06/07/2018: three working days before is Tuesday 3 July.


def remind(day):
    out = io.StringIO()
    call_command("send_reminders", today=day, stdout=out)
    call_command("deliver", until_done=True, stdout=io.StringIO())
    return out.getvalue()


@time_machine.travel("2018-07-03 07:00 +0100", tick=False)
class ReminderTests(SampleTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        for user in (cls.erin, cls.alex, cls.pat):
            user.email = f"{user.username}@example.org"
            user.save()

    def test_working_days_skip_the_weekend(self):
        friday = datetime.date(2018, 7, 6)
        self.assertEqual(working_days_between(datetime.date(2018, 7, 3), friday), 3)
        self.assertEqual(working_days_between(datetime.date(2018, 7, 2), friday), 4)
        self.assertEqual(working_days_between(datetime.date(2018, 6, 29), friday), 5)
        self.assertEqual(working_days_between(friday, friday), 0)

    def test_the_editors_are_told_what_is_missing_once(self):
        with SMTPServer() as smtp:
            self.assertEqual(remind("2018-07-02"), "No paper is due a reminder.\n")  # four working days: not yet
            self.assertEqual(smtp.messages, [])
            self.assertIn("1 editor(s) reminded", remind("2018-07-03"))
            [message] = smtp.messages
            self.assertEqual(message["To"], "erin@example.org")
            self.assertEqual(subject(message), "[WHITE] Reminder: Operations Report — June 2018 is due on 06/07/2018")
            text, _ = bodies(message)
            self.assertIn("Still missing (2):", text)
            self.assertIn("- 1.4 Membership: Entered default of Sample Small Supplier 051 Limited on 09/04/2018", text)
            self.assertIn("Open findings (2):", text)
            self.assertIn("July 2017: the categories add up to 1,459 but the mailbox counted 1,439", text)
            # Run again the next day (or twice by cron): nobody is told twice.
            self.assertIn("reminded already", remind("2018-07-04"))
            self.assertEqual(len(smtp.messages), 1)

    @override_settings(MAIL_REMINDER_WORKING_DAYS=5)
    def test_the_number_of_working_days_is_a_setting(self):
        with SMTPServer() as smtp:
            remind("2018-06-29")
            self.assertEqual(len(smtp.messages), 1)

    def test_nothing_when_the_month_is_complete(self):
        paper = Paper.objects.get(month=JUNE_2018)
        MembershipEvent.objects.filter(kind=EventKind.DEFAULT_ENTERED, note="").update(note="In default since spring.")
        for code in ("effort-total-2018-06", "helpdesk-total-2017-07"):
            FindingResolution.objects.create(
                paper=paper,
                code=code,
                note="Right as it stands.",
                resolved_by=self.alex,
                resolved_at=datetime.datetime.now(datetime.UTC),
            )
        status = month_status(paper)
        self.assertEqual((status.missing_count, status.findings_count), (0, 0))
        with SMTPServer() as smtp:
            self.assertIn("complete, or reminded already; nobody told", remind("2018-07-03"))
            self.assertEqual(smtp.messages, [])
        self.assertFalse(Event.objects.exists())

    def test_a_bad_date_is_refused(self):
        from django.core.management.base import CommandError

        with self.assertRaisesMessage(CommandError, "--today is YYYY-MM-DD"):
            call_command("send_reminders", today="03/07/2018")
