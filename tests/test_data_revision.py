"""The data revision moves with every write the paper and the dashboard read, whatever made it."""

import datetime

from django.core.management.sql import emit_post_migrate_signal
from django.db import connection

from helpdesk.models import EmailTally, HelpdeskMonth
from opsreport import revision
from opsreport.models import WebsiteMonth
from parties.models import DCCUserRole, TestCompletion
from tests.base import BaseTestCase
from tests.factories import make_enquiry_category, make_helpdesk_month, make_party

JULY = datetime.date(2018, 7, 1)


class DataRevisionTests(BaseTestCase):
    def assertBumps(self, write):
        before = revision.current()
        write()
        self.assertGreater(revision.current(), before)

    def test_every_table_of_the_data_carries_the_trigger(self):
        # From the models in the code: a model added later is covered once migrate has run.
        self.assertTrue(revision.tracked_tables())
        self.assertLessEqual(set(revision.tracked_tables()), revision.triggered_tables())

    def test_a_lost_trigger_comes_back_with_migrate(self):
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute('DROP TRIGGER opsrev_opsreport_websitemonth ON "opsreport_websitemonth"')
            else:
                cursor.execute("DROP TRIGGER opsrev_opsreport_websitemonth_update")
        emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
        month = WebsiteMonth.objects.create(month=JULY, visits=1, page_views=2)
        self.assertBumps(lambda: WebsiteMonth.objects.filter(pk=month.pk).update(visits=5))

    def test_save_update_bulk_create_delete_and_raw_sql_each_move_it(self):
        month = make_helpdesk_month(JULY)
        self.assertBumps(lambda: HelpdeskMonth.objects.filter(pk=month.pk).update(telephone_enquiries=12))
        month.mailbox_total = 99
        self.assertBumps(month.save)
        category = make_enquiry_category("Applications")
        self.assertBumps(
            lambda: EmailTally.objects.bulk_create([EmailTally(helpdesk_month=month, category=category, emails=3)])
        )
        self.assertBumps(lambda: EmailTally.objects.filter(helpdesk_month=month).delete())
        with connection.cursor() as cursor:
            self.assertBumps(lambda: cursor.execute("UPDATE helpdesk_helpdeskmonth SET telephone_enquiries = 7"))

    def test_many_to_many_rows_move_it(self):
        completion = TestCompletion.objects.create(kind="uept", party=make_party("Roles Ltd"), completed_on=JULY)
        role = DCCUserRole.objects.first()
        self.assertBumps(lambda: completion.roles.add(role))

    def test_reading_leaves_it_alone(self):
        make_helpdesk_month(JULY)
        before = revision.current()
        list(HelpdeskMonth.objects.all())
        self.assertEqual(revision.current(), before)
