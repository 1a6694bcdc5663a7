"""An applicant accedes in one step: its party, voting group and category and the dated Accession
event, in one transaction, with the applicant linked to its party, so Table 1 and Table 3
cannot disagree; and where existing data do disagree, the paper's review says so."""

import datetime
from unittest import mock

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse

from opsreport.paper.assembly import assemble
from opsreport.paper.findings import findings
from parties.models import Applicant, EventKind, MembershipEvent, Party, PartyCategory, VotingGroup
from parties.reports import applicant_disagreements
from tests.base import BaseTestCase, SampleTestCase
from tests.factories import make_paper, make_party, make_voting_group

D = datetime.date
JULY = D(2018, 7, 1)


def accede_url(applicant):
    return reverse("admin:parties_applicant_accede", args=[applicant.pk])


class AccedeTests(BaseTestCase):
    def setUp(self):
        self.client.force_login(self.erin)
        self.applicant = Applicant.objects.create(
            name="Leep Gas Networks Limited", category=PartyCategory.OTHER, applied_on=D(2018, 6, 22)
        )

    def accede(self, **fields):
        data = {
            "date": "16/07/2018",
            "party_name": "Leep Gas Networks Limited",
            "category": PartyCategory.OTHER,
            "voting_group": "",
            "new_voting_group": "",
            **fields,
        }
        return self.client.post(accede_url(self.applicant), data)

    def test_the_applicants_page_has_the_accede_button_and_the_form_is_prefilled(self):
        page = self.client.get(reverse("admin:parties_applicant_change", args=[self.applicant.pk]))
        self.assertContains(page, f'href="{accede_url(self.applicant)}"')
        form = self.client.get(accede_url(self.applicant)).context["form"]
        self.assertEqual(form.initial, {"party_name": "Leep Gas Networks Limited", "category": "other"})

    def test_one_form_creates_the_party_its_voting_group_and_its_dated_accession(self):
        response = self.accede()
        party = Party.objects.get(name="Leep Gas Networks Limited")
        self.assertRedirects(response, reverse("admin:parties_party_change", args=[party.pk]))
        self.assertEqual((party.voting_group.name, party.category), ("Leep Gas Networks Limited", "other"))
        self.assertEqual(list(party.events.values_list("kind", "date")), [(EventKind.ACCESSION, D(2018, 7, 16))])
        self.applicant.refresh_from_db()
        self.assertEqual((self.applicant.party, self.applicant.acceded_on), (party, D(2018, 7, 16)))

    def test_an_affiliate_joins_an_existing_voting_group(self):
        group = make_voting_group("Leep Group", category=PartyCategory.OTHER)
        self.accede(voting_group=group.pk)
        self.assertEqual(Party.objects.get(name="Leep Gas Networks Limited").voting_group, group)
        self.assertEqual(VotingGroup.objects.count(), 1)

    def test_a_new_voting_group_may_be_named(self):
        self.accede(new_voting_group="Leep Holdings")
        self.assertEqual(Party.objects.get().voting_group.name, "Leep Holdings")

    def test_a_party_already_recorded_with_that_accession_is_linked_not_duplicated(self):
        party = make_party("Leep Gas Networks Limited", category=PartyCategory.OTHER, acceded=D(2018, 7, 16))
        self.accede()
        self.applicant.refresh_from_db()
        self.assertEqual(self.applicant.party, party)
        self.assertEqual(MembershipEvent.objects.filter(kind=EventKind.ACCESSION).count(), 1)

    def test_a_recorded_party_with_another_accession_date_is_refused(self):
        make_party("Leep Gas Networks Limited", category=PartyCategory.OTHER, acceded=D(2018, 7, 2))
        response = self.accede()
        self.assertContains(response, "Leep Gas Networks Limited acceded on 02/07/2018: enter that date to link it.")
        self.assertIsNone(Applicant.objects.get().party)

    def test_a_voting_group_of_another_category_is_refused_and_nothing_is_written(self):
        group = make_voting_group("Big Six", category=PartyCategory.LARGE_SUPPLIER)
        response = self.accede(voting_group=group.pk)
        self.assertContains(response, "Big Six is a voting group of Large Supplier; choose a group of the party")
        self.assertFalse(Party.objects.exists())
        self.assertFalse(MembershipEvent.objects.exists())

    def test_acceding_before_applying_is_refused(self):
        response = self.accede(date="01/06/2018")
        self.assertContains(response, "The applicant applied on 22/06/2018: it cannot accede before.")
        self.assertFalse(Party.objects.exists())

    def test_both_an_existing_and_a_new_voting_group_is_refused(self):
        group = make_voting_group("Leep Group", category=PartyCategory.OTHER)
        response = self.accede(voting_group=group.pk, new_voting_group="Another")
        self.assertContains(response, "Choose an existing voting group or name a new one, not both.")

    def test_a_failure_half_way_writes_nothing(self):
        with mock.patch.object(Applicant, "save", side_effect=IntegrityError("raced")):
            response = self.accede()
        self.assertContains(response, "Another change was saved at the same time; nothing was recorded.")
        self.assertFalse(Party.objects.exists())
        self.assertFalse(VotingGroup.objects.exists())
        self.assertFalse(MembershipEvent.objects.exists())

    def test_the_admin_action_leads_to_the_form_one_applicant_at_a_time(self):
        changelist = reverse("admin:parties_applicant_changelist")
        response = self.client.post(changelist, {"action": "accede", "_selected_action": [self.applicant.pk]})
        self.assertRedirects(response, accede_url(self.applicant))
        other = Applicant.objects.create(name="Other Ltd", category="other", applied_on=D(2018, 6, 1))
        response = self.client.post(
            changelist, {"action": "accede", "_selected_action": [self.applicant.pk, other.pk]}, follow=True
        )
        self.assertContains(response, "Choose one applicant to accede at a time.")

    def test_an_acceded_applicant_is_not_acceded_twice(self):
        self.accede()
        response = self.client.get(accede_url(self.applicant), follow=True)
        self.assertContains(response, "Leep Gas Networks Limited acceded on 16/07/2018.")
        page = self.client.get(reverse("admin:parties_applicant_change", args=[self.applicant.pk]))
        self.assertNotContains(page, accede_url(self.applicant))

    def test_a_panel_member_cannot_accede_anyone(self):
        self.client.force_login(self.pat)
        response = self.accede()
        self.assertEqual(response.status_code, 302)  # the admin's sign-in: not a user of the admin
        self.assertIn("/admin/login/", response["Location"])
        self.assertFalse(Party.objects.exists())


class LinkValidationTests(BaseTestCase):
    def setUp(self):
        self.party = make_party("Leep", category=PartyCategory.OTHER, acceded=D(2018, 7, 16))

    def test_a_linked_applicant_must_carry_its_partys_accession_date(self):
        applicant = Applicant(name="Leep", category="other", applied_on=D(2018, 6, 1), party=self.party)
        applicant.acceded_on = D(2018, 7, 1)
        with self.assertRaisesMessage(ValidationError, "Leep acceded on 16/07/2018, the date of its Accession event."):
            applicant.full_clean()
        applicant.acceded_on = D(2018, 7, 16)
        applicant.full_clean()

    def test_the_database_refuses_a_linked_applicant_without_a_date(self):
        with self.assertRaises(IntegrityError):
            Applicant.objects.create(name="Leep", category="other", applied_on=D(2018, 6, 1), party=self.party)

    def test_a_corrected_accession_date_follows_to_the_applicant(self):
        applicant = Applicant.objects.create(
            name="Leep", category="other", applied_on=D(2018, 6, 1), party=self.party, acceded_on=D(2018, 7, 16)
        )
        event = self.party.events.get(kind=EventKind.ACCESSION)
        event.date = D(2018, 7, 18)
        event.save()
        applicant.refresh_from_db()
        self.assertEqual(applicant.acceded_on, D(2018, 7, 18))
        self.assertEqual(applicant.history.latest().acceded_on, D(2018, 7, 18), "in its history too")

    def test_an_accession_before_the_application_is_a_form_error_not_a_500(self):
        Applicant.objects.create(
            name="Leep", category="other", applied_on=D(2018, 6, 1), party=self.party, acceded_on=D(2018, 7, 16)
        )
        event = self.party.events.get(kind=EventKind.ACCESSION)
        event.date = D(2018, 5, 31)
        with self.assertRaisesMessage(ValidationError, "Leep applied on 01/06/2018: it cannot accede before."):
            event.full_clean()


class ApplicantPageTests(BaseTestCase):
    def test_saving_a_linked_applicant_whose_party_disagrees_is_a_form_error_not_a_500(self):
        self.client.force_login(self.erin)
        party = make_party("Leep", category=PartyCategory.OTHER, acceded=D(2018, 7, 16))
        applicant = Applicant.objects.create(
            name="Leep", category="other", applied_on=D(2018, 6, 22), acceded_on=D(2018, 7, 16), party=party
        )
        MembershipEvent.objects.filter(party=party).update(date=D(2018, 7, 20))  # around the forms
        url = reverse("admin:parties_applicant_change", args=[applicant.pk])
        response = self.client.post(url, {"name": "Leep Ltd", "category": "other", "applied_on": "22/06/2018"})
        self.assertContains(response, "Leep acceded on 20/07/2018, the date of its Accession event.")
        applicant.refresh_from_db()
        self.assertEqual(applicant.name, "Leep")


class DisagreementFindingTests(BaseTestCase):
    """Data entered before the link: the review lists each disagreement between the tables."""

    def findings(self):
        paper = make_paper(JULY)
        return [f.text for f in findings(assemble(paper)) if f.section == "1.1 Accessions"]

    def test_an_applicant_awaiting_while_its_namesake_party_acceded(self):
        make_party("Leep", category=PartyCategory.OTHER, acceded=D(2018, 7, 16))
        Applicant.objects.create(name="Leep", category="other", applied_on=D(2018, 6, 22))
        self.assertEqual(
            self.findings(),
            [
                "Table 1 lists Leep as awaiting accession, but the party Leep acceded on 16/07/2018 (Table 3): "
                "accede the applicant from its page to link the two."
            ],
        )

    def test_an_applicant_acceded_but_linked_to_no_party(self):
        Applicant.objects.create(name="Leep", category="other", applied_on=D(2018, 6, 22), acceded_on=D(2018, 7, 3))
        self.assertEqual(
            self.findings(),
            [
                "Leep acceded on 03/07/2018 but is linked to no party, so Table 3 cannot be checked against it: "
                "accede it from its page."
            ],
        )

    def test_a_linked_applicant_whose_date_was_changed_around_the_forms(self):
        party = make_party("Leep", category=PartyCategory.OTHER, acceded=D(2018, 7, 16))
        Applicant.objects.create(
            name="Leep", category="other", applied_on=D(2018, 6, 22), acceded_on=D(2018, 7, 16), party=party
        )
        MembershipEvent.objects.filter(party=party).update(date=D(2018, 7, 20))  # no save(): no sync
        self.assertEqual(
            self.findings(),
            ["Leep acceded on 16/07/2018 (Table 1) but its party's Accession event is dated 20/07/2018 (Table 3)."],
        )

    def test_agreeing_tables_give_no_finding(self):
        party = make_party("Leep", category=PartyCategory.OTHER, acceded=D(2018, 7, 16))
        Applicant.objects.create(
            name="Leep", category="other", applied_on=D(2018, 6, 22), acceded_on=D(2018, 7, 16), party=party
        )
        Applicant.objects.create(name="Still waiting", category="other", applied_on=D(2018, 6, 22))
        self.assertEqual(self.findings(), [])


class SampleTests(SampleTestCase):
    def test_the_samples_acceded_applicant_is_linked_to_its_party_and_nothing_disagrees(self):
        acceded = Applicant.objects.filter(acceded_on__isnull=False)
        self.assertEqual(acceded.count(), 1)
        applicant = acceded.get()
        self.assertEqual(applicant.party.name, applicant.name)
        self.assertEqual(applicant.party.events.get(kind=EventKind.ACCESSION).date, applicant.acceded_on)
        self.assertFalse(Applicant.objects.filter(acceded_on__isnull=False, party__isnull=True).exists())
        self.assertEqual(applicant_disagreements(D(2018, 6, 1)), [])
        self.assertEqual(applicant_disagreements(JULY), [])
