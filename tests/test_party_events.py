"""Defaults, withdrawals and expulsions are recorded from the party's own page, each with the
footnote Table 3 prints; what the rules refuse is said on the form and nothing is written."""

import datetime

from django.urls import reverse

from parties.models import EventKind, MembershipEvent, Party, PartyCategory
from tests.base import BaseTestCase
from tests.factories import make_event, make_party

D = datetime.date


class PartyEventTests(BaseTestCase):
    def setUp(self):
        self.client.force_login(self.erin)
        self.party = make_party("Sparks Energy", category=PartyCategory.SMALL_SUPPLIER, acceded=D(2017, 3, 1))
        self.url = reverse("admin:parties_party_event", args=[self.party.pk])

    def record(self, kind, date, note=""):
        return self.client.post(self.url, {"kind": kind, "date": date, "note": note})

    def test_a_stray_left_default_does_not_stop_the_party_leaving_a_later_default(self):
        # Table 3 ignores a "left default" with no open spell; so does the form.
        make_event(self.party, EventKind.DEFAULT_LEFT, D(2018, 1, 10))
        make_event(self.party, EventKind.DEFAULT_ENTERED, D(2018, 3, 1), "One SEC Party entered Default.")
        self.assertEqual(self.record(EventKind.DEFAULT_LEFT, "01/04/2018").status_code, 302)
        self.assertTrue(self.party.events.filter(kind=EventKind.DEFAULT_LEFT, date=D(2018, 4, 1)).exists())

    def test_the_partys_page_has_a_button_for_each_event(self):
        page = self.client.get(reverse("admin:parties_party_change", args=[self.party.pk]))
        for kind, label in [
            ("default_entered", "Entered default…"),
            ("default_left", "Left default…"),
            ("withdrawal", "Withdrew…"),
            ("expulsion", "Expelled…"),
        ]:
            self.assertContains(page, f'href="{self.url}?kind={kind}">{label}</a>')
        form = self.client.get(self.url + "?kind=withdrawal").context["form"]
        self.assertEqual(form.initial, {"kind": "withdrawal"})

    def test_entering_and_leaving_default_with_its_footnote(self):
        response = self.record("default_entered", "09/07/2018", "One SEC Party entered Default in July.")
        self.assertRedirects(response, reverse("admin:parties_party_change", args=[self.party.pk]))
        self.record("default_left", "20/07/2018")
        self.assertEqual(
            list(self.party.events.exclude(kind=EventKind.ACCESSION).values_list("kind", "date", "note")),
            [
                (EventKind.DEFAULT_ENTERED, D(2018, 7, 9), "One SEC Party entered Default in July."),
                (EventKind.DEFAULT_LEFT, D(2018, 7, 20), ""),
            ],
        )

    def test_a_withdrawal_and_an_expulsion(self):
        self.record("withdrawal", "31/07/2018", "Sparks Energy withdrew on ceasing to trade.")
        other = make_party("Volt Ltd", acceded=D(2016, 1, 4))
        self.client.post(
            reverse("admin:parties_party_event", args=[other.pk]),
            {"kind": "expulsion", "date": "15/07/2018", "note": "Expelled by the Panel."},
        )
        self.assertEqual(self.party.events.get(kind=EventKind.WITHDRAWAL).date, D(2018, 7, 31))
        self.assertEqual(other.events.get(kind=EventKind.EXPULSION).note, "Expelled by the Panel.")

    def test_a_footnoted_event_without_its_footnote_is_refused(self):
        response = self.record("withdrawal", "31/07/2018")
        self.assertContains(response, "Table 3 prints this event with a footnote: enter its text.")
        self.assertFalse(self.party.events.filter(kind=EventKind.WITHDRAWAL).exists())

    def test_leaving_twice_is_refused(self):
        make_event(self.party, EventKind.WITHDRAWAL, D(2018, 7, 1), "Withdrew.")
        response = self.record("expulsion", "15/07/2018", "Expelled.")
        self.assertContains(response, "This party has already withdrawn or been expelled.")
        self.assertEqual(self.party.events.count(), 2)

    def test_an_event_before_the_accession_is_refused(self):
        response = self.record("default_entered", "01/01/2017", "Too early.")
        self.assertContains(response, "A party must accede before it can default, withdraw or be expelled.")
        self.assertEqual(self.party.events.count(), 1)

    def test_leaving_default_when_not_in_default_is_refused(self):
        response = self.record("default_left", "20/07/2018")
        self.assertContains(response, "Sparks Energy was not in default on 20/07/2018.")
        self.assertEqual(self.party.events.count(), 1)

    def test_the_same_event_twice_on_a_day_is_refused(self):
        self.record("default_entered", "09/07/2018", "In default.")
        response = self.record("default_entered", "09/07/2018", "In default.")
        self.assertContains(response, "This party already has this event on this date.")
        self.assertEqual(self.party.events.filter(kind=EventKind.DEFAULT_ENTERED).count(), 1)

    def test_a_date_that_is_not_a_date_is_refused(self):
        response = self.record("default_entered", "31/02/2018", "In default.")
        self.assertContains(response, "Enter a valid date.")
        self.assertEqual(MembershipEvent.objects.count(), 1)

    def test_the_dcc_has_no_buttons_and_no_events(self):
        dcc = Party.objects.create(name="DCC", is_dcc=True)
        page = self.client.get(reverse("admin:parties_party_change", args=[dcc.pk]))
        self.assertNotContains(page, "Entered default…")
        response = self.client.post(
            reverse("admin:parties_party_event", args=[dcc.pk]),
            {"kind": "default_entered", "date": "09/07/2018", "note": "x"},
        )
        self.assertContains(response, "The DCC&#x27;s membership is not recorded as events.")
        self.assertFalse(dcc.events.exists())

    def test_an_unknown_party_is_a_404(self):
        self.assertEqual(self.client.get(reverse("admin:parties_party_event", args=[99999])).status_code, 404)

    def test_a_panel_member_cannot_record_events(self):
        self.client.force_login(self.pat)
        response = self.record("default_entered", "09/07/2018", "x")
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.party.events.count(), 1)
