"""A bad row is refused in the same words by the month's workbook and by the screen for that
record: both read it with the same form (opsreport/lib/forms.py, helpdesk/forms.py,
opsreport/forms.py, parties/forms.py). Each test puts one bad value through the workbook's
preview and through its screen with the test client, and finds the same message in both."""

import datetime

import time_machine
from django.urls import reverse

from helpdesk.models import EnquiryCategory
from opsreport.models import EffortDriver
from opsreport.sample import july
from opsreport.workbook import service
from parties.models import Applicant, EventKind, PartyCategory
from tests.base import SampleTestCase
from tests.factories import make_party
from tests.test_admin_entry import inline_post
from tests.test_workbook import JULY_2018, NOW, edited

D = datetime.date


def screen_messages(response):
    """Every error message on a screen: an admin change form with its inlines, or a small form."""
    context = response.context
    found = []
    if "adminform" in context:
        forms = [context["adminform"].form]
        for inline in context["inline_admin_formsets"]:
            found += list(inline.formset.non_form_errors())
            forms += inline.formset.forms
    else:
        forms = [context["form"]]
    for form in forms:
        for messages in form.errors.values():
            found += list(messages)
    return found


@time_machine.travel(NOW, tick=False)
class SameMessageTests(SampleTestCase):
    def setUp(self):
        self.client.force_login(self.erin)

    def workbook_messages(self, sheet, row, edit):
        """The preview's errors for one row of the July workbook after `edit(workbook)`."""
        plan = service.preview(JULY_2018, edited(july.july_workbook(), edit), "july.xlsx")
        found = [e for e in plan.errors if (e.sheet, e.row) == (sheet, row)]
        self.assertTrue(found, [str(e) for e in plan.errors])
        self.assertTrue(all(e.column for e in found), "the workbook names the column")
        return [e.message for e in found]

    def assertSameMessage(self, message, workbook, screen):
        self.assertIn(message, workbook)
        self.assertIn(message, screen)

    # Helpdesk, effort, website: the figures -----------------------------------------------

    def post_helpdesk(self, emails):
        categories = list(EnquiryCategory.objects.filter(retired=False))
        data = {"month": "2018-07-01", "telephone_enquiries": "51", "mailbox_total": "1300"}
        data |= inline_post("tallies", [{"category": c.pk, "emails": emails} for c in categories[:1]])
        return self.client.post(reverse("admin:helpdesk_helpdeskmonth_add"), data)

    def set_cell(self, sheet, cell, value):
        def edit(workbook):
            workbook[sheet][cell] = value

        return edit

    def test_a_negative_helpdesk_count(self):
        workbook = self.workbook_messages("Helpdesk", 4, self.set_cell("Helpdesk", "C4", -5))
        self.assertSameMessage(
            "-5 is negative: a count cannot be.", workbook, screen_messages(self.post_helpdesk("-5"))
        )

    def test_a_fraction_of_an_email(self):
        workbook = self.workbook_messages("Helpdesk", 6, self.set_cell("Helpdesk", "C6", 12.5))
        self.assertSameMessage("12.5 is not a whole number.", workbook, screen_messages(self.post_helpdesk("12.5")))

    def test_an_absurd_count(self):
        workbook = self.workbook_messages("Helpdesk", 5, self.set_cell("Helpdesk", "C5", 12_000_000))
        screen = screen_messages(self.post_helpdesk("12000000"))
        self.assertSameMessage("12,000,000 is more than 100,000: check the figure.", workbook, screen)

    def test_absurd_days(self):
        workbook = self.workbook_messages("Effort", 3, self.set_cell("Effort", "E3", 6000))
        driver = EffortDriver.objects.filter(retired=False).first()
        data = {"month": "2018-07-01"} | inline_post("entries", [{"driver": driver.pk, "days": "6000"}])
        screen = screen_messages(self.client.post(reverse("admin:opsreport_effortmonth_add"), data))
        self.assertSameMessage("6000 days is more than 5000 in a month: check the figure.", workbook, screen)

    def test_text_for_the_websites_visits(self):
        workbook = self.workbook_messages("Website", 2, self.set_cell("Website", "B2", "forty"))
        data = {"month": "2018-07-01", "visits": "forty", "page_views": "100"}
        screen = screen_messages(self.client.post(reverse("admin:opsreport_websitemonth_add"), data))
        self.assertSameMessage("'forty' is not a number.", workbook, screen)

    # Membership: the applicant's Accede form and the party's event form ----------------------

    def add_membership_row(self, *values):
        def edit(workbook):
            workbook["Membership"].append(list(values))

        return edit

    def test_an_accession_dated_before_the_applicant_applied(self):
        applicant = Applicant.objects.create(
            name="Late Energy Limited", category=PartyCategory.OTHER, applied_on=D(2018, 7, 20)
        )
        row = self.add_membership_row("Late Energy Limited", "Accession", D(2018, 7, 10), "", None)
        workbook = self.workbook_messages("Membership", 5, row)
        data = {"date": "10/07/2018", "party_name": "Late Energy Limited", "category": PartyCategory.OTHER}
        screen = screen_messages(self.client.post(reverse("admin:parties_applicant_accede", args=[applicant.pk]), data))
        self.assertSameMessage("The applicant applied on 20/07/2018: it cannot accede before.", workbook, screen)

    def test_a_default_left_by_a_party_not_in_default(self):
        party = make_party("Steady Power Limited", acceded=D(2017, 3, 1))
        workbook = self.workbook_messages(
            "Membership", 5, self.add_membership_row(party.name, "Left default", D(2018, 7, 20), "", None)
        )
        data = {"kind": EventKind.DEFAULT_LEFT, "date": "20/07/2018", "note": ""}
        screen = screen_messages(self.client.post(reverse("admin:parties_party_event", args=[party.pk]), data))
        self.assertSameMessage("Steady Power Limited was not in default on 20/07/2018.", workbook, screen)

    def test_a_withdrawal_without_its_footnote(self):
        party = make_party("Leaving Energy Limited", acceded=D(2017, 3, 1))
        workbook = self.workbook_messages(
            "Membership", 5, self.add_membership_row(party.name, "Withdrawal", D(2018, 7, 20), "", None)
        )
        data = {"kind": EventKind.WITHDRAWAL, "date": "20/07/2018", "note": ""}
        screen = screen_messages(self.client.post(reverse("admin:parties_party_event", args=[party.pk]), data))
        self.assertSameMessage("Table 3 prints this event with a footnote: enter its text.", workbook, screen)

    def test_an_event_before_the_partys_accession(self):
        party = make_party("Early Energy Limited", acceded=D(2018, 7, 25))  # the export's first row
        workbook = self.workbook_messages(
            "Membership", 6, self.add_membership_row(party.name, "Withdrawal", D(2018, 7, 20), "Gone.", None)
        )
        data = {"kind": EventKind.WITHDRAWAL, "date": "20/07/2018", "note": "Gone."}
        screen = screen_messages(self.client.post(reverse("admin:parties_party_event", args=[party.pk]), data))
        self.assertSameMessage("A party must accede before it can default, withdraw or be expelled.", workbook, screen)

    # Completions: the completion screens' forms ---------------------------------------------

    def test_a_completion_without_a_dcc_user_role(self):
        party = make_party("Roleless Energy Limited", acceded=D(2017, 3, 1))

        def edit(workbook):
            workbook["Completions"].append(["UEP", party.name, D(2018, 7, 27), "", None])

        workbook = self.workbook_messages("Completions", 4, edit)
        data = {"party": party.pk, "completed_on": "27/07/2018"}
        screen = screen_messages(self.client.post(reverse("admin:parties_uepcompletion_add"), data))
        self.assertSameMessage("Name at least one DCC user role.", workbook, screen)
