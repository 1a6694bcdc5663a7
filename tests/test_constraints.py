"""What must hold is checked twice: by validation, with a clear message, and by the database."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from helpdesk.models import EmailTally, HelpdeskMonth
from meetings.models import Modification
from opsreport.models import Appendix, EffortEntry, EffortMonth, Paper, WebsiteMonth
from parties.models import Applicant, EventKind, MembershipEvent, Party
from tests.base import BaseTestCase
from tests.factories import (
    make_effort_driver,
    make_enquiry_category,
    make_helpdesk_month,
    make_party,
    make_voting_group,
)

D = datetime.date


class ConstraintTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.group = make_voting_group("Group", category="small_supplier")
        cls.party = make_party("Party", voting_group=cls.group)
        cls.category = make_enquiry_category("Applications", position=1)
        cls.june = make_helpdesk_month(D(2018, 6, 1), mailbox_total=10)
        cls.driver = make_effort_driver("Core Panel and Board")

    def assertRefused(self, instance, message):
        """Validation names the problem, and the database refuses the row on its own."""
        with self.assertRaises(ValidationError) as caught:
            instance.full_clean()
        self.assertIn(message, str(caught.exception))
        with self.assertRaises(IntegrityError), transaction.atomic():
            instance.save()

    def test_a_month_is_its_first_day(self):
        self.assertRefused(HelpdeskMonth(month=D(2018, 7, 2)), "A month is stored as its first day")
        self.assertRefused(
            WebsiteMonth(month=D(2018, 7, 2), visits=1, page_views=1), "A month is stored as its first day"
        )
        self.assertRefused(EffortMonth(month=D(2018, 7, 31)), "A month is stored as its first day")

    def test_one_record_per_month(self):
        self.assertRefused(HelpdeskMonth(month=D(2018, 6, 1)), "This month is already entered.")

    def test_one_tally_per_category_and_month(self):
        EmailTally.objects.create(helpdesk_month=self.june, category=self.category, emails=3)
        self.assertRefused(
            EmailTally(helpdesk_month=self.june, category=self.category, emails=4),
            "This category already has a tally for the month.",
        )

    def test_counts_are_not_negative(self):
        self.assertRefused(
            EmailTally(helpdesk_month=self.june, category=self.category, emails=-1),
            "Ensure this value is greater than or equal to 0.",
        )
        self.assertRefused(
            WebsiteMonth(month=D(2018, 7, 1), visits=-3, page_views=1),
            "Ensure this value is greater than or equal to 0.",
        )

    def test_effort_days_are_not_negative(self):
        month = EffortMonth.objects.create(month=D(2018, 6, 1))
        self.assertRefused(
            EffortEntry(effort_month=month, driver=self.driver, days=Decimal("-1")), "Days cannot be negative."
        )

    def test_one_effort_row_per_driver_product_and_grade_even_when_empty(self):
        month = EffortMonth.objects.create(month=D(2018, 6, 1))
        EffortEntry.objects.create(effort_month=month, driver=self.driver, days=Decimal("1"))
        self.assertRefused(
            EffortEntry(effort_month=month, driver=self.driver, days=Decimal("2")),
            "This driver, product and grade already have days for the month.",
        )

    def test_one_paper_per_month(self):
        fields = dict(panel_meeting_number=58, panel_meeting_date=D(2018, 7, 13), author="A", issue_date=D(2018, 7, 6))
        Paper.objects.create(month=D(2018, 6, 1), paper_number=22, **fields)
        self.assertRefused(
            Paper(month=D(2018, 6, 1), paper_number=23, **fields), "There is already a paper for this month."
        )
        self.assertRefused(
            Paper(month=D(2018, 5, 1), paper_number=22, **fields),
            "Another paper already has this meeting and paper number.",
        )

    def test_a_paper_is_not_issued_before_its_month(self):
        paper = Paper(
            month=D(2018, 6, 1),
            panel_meeting_number=58,
            panel_meeting_date=D(2018, 7, 13),
            paper_number=22,
            author="A",
            issue_date=D(2018, 5, 30),
        )
        with self.assertRaisesMessage(ValidationError, "A paper cannot be issued before its month begins."):
            paper.full_clean()

    def test_appendix_letters_are_capitals(self):
        paper = Paper.objects.create(
            month=D(2018, 6, 1),
            panel_meeting_number=58,
            panel_meeting_date=D(2018, 7, 13),
            paper_number=22,
            author="A",
            issue_date=D(2018, 7, 6),
        )
        self.assertRefused(Appendix(paper=paper, letter="a", title="T"), "An appendix letter is one capital letter.")

    def test_only_one_dcc_and_every_other_party_has_a_voting_group(self):
        Party.objects.create(name="Smart DCC Ltd", is_dcc=True)
        self.assertRefused(Party(name="Another DCC", is_dcc=True), "There is only one DCC.")
        self.assertRefused(Party(name="Loose party"), "Every SEC Party but the DCC belongs to a voting group.")

    def test_a_party_accedes_once_and_leaves_once(self):
        MembershipEvent.objects.create(party=self.party, kind=EventKind.ACCESSION, date=D(2016, 1, 4))
        self.assertRefused(
            MembershipEvent(party=self.party, kind=EventKind.ACCESSION, date=D(2017, 1, 4)),
            "This party has already acceded.",
        )
        MembershipEvent.objects.create(party=self.party, kind=EventKind.WITHDRAWAL, date=D(2018, 1, 4))
        self.assertRefused(
            MembershipEvent(party=self.party, kind=EventKind.EXPULSION, date=D(2018, 2, 4)),
            "This party has already withdrawn or been expelled.",
        )

    def test_a_party_cannot_leave_before_it_accedes(self):
        event = MembershipEvent(party=self.party, kind=EventKind.WITHDRAWAL, date=D(2018, 1, 4))
        with self.assertRaisesMessage(ValidationError, "A party must accede before it can default"):
            event.full_clean()

    def test_modification_references_are_secmp_and_four_digits(self):
        self.assertRefused(
            Modification(reference="SECMP27", title="T"), "A modification reference is SECMP and four digits"
        )

    def test_an_applicant_cannot_accede_before_applying(self):
        self.assertRefused(
            Applicant(name="Leep", category="other", applied_on=D(2018, 6, 22), acceded_on=D(2018, 6, 1)),
            "An applicant cannot accede before applying.",
        )
