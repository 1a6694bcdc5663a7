"""The month's meetings proposed from each committee's last occurrence, confirmed and entered
in one save: /months/YYYY-MM/meetings/."""

import datetime
from unittest import mock

from django.core.exceptions import ValidationError

from meetings.models import Committee, Meeting, MeetingDate, MeetingLink
from meetings.reports import meetings_in_month
from meetings.schedule import next_numbers, numbering, proposals, same_week_of_month, weekday_phrase
from opsreport.models import PaperStatus, PublishedChange
from tests.base import BaseTestCase, SampleTestCase
from tests.factories import make_meeting, make_paper

D = datetime.date
JULY = D(2018, 7, 1)
URL = "/months/2018-07/meetings/"
PAGE_QUERIES = (
    10  # session, user, permissions (2), proposals (3), the Panel meeting a paper names, committees, entered (4)
)


class CadenceTests(SampleTestCase):
    def test_the_same_weekday_of_the_same_week_of_the_month(self):
        self.assertEqual(same_week_of_month(D(2018, 6, 14), JULY), D(2018, 7, 12))  # 2nd Thursday
        self.assertEqual(same_week_of_month(D(2018, 6, 27), JULY), D(2018, 7, 25))  # 4th Wednesday
        self.assertEqual(same_week_of_month(D(2018, 6, 1), JULY), D(2018, 7, 6))  # 1st Friday
        self.assertEqual(weekday_phrase(D(2018, 6, 14)), "2nd Thursday")

    def test_a_fifth_weekday_goes_to_the_months_last(self):
        self.assertEqual(same_week_of_month(D(2018, 6, 29), JULY), D(2018, 7, 27))  # 5th Friday -> last Friday
        self.assertEqual(same_week_of_month(D(2018, 5, 31), D(2018, 6, 1)), D(2018, 6, 28))  # no 5th Thursday
        self.assertEqual(weekday_phrase(D(2018, 6, 29)), "last Friday")

    def test_numbers_follow_on_as_printed(self):
        self.assertEqual(numbering("SSC 56 and 57"), ("SSC", ["56", "57"]))
        self.assertEqual(numbering("Working Group 3, 4 and 5"), ("Working Group", ["3", "4", "5"]))
        self.assertEqual(numbering("SECCo Board"), ("SECCo Board", []))
        self.assertEqual(next_numbers(["56", "57"], 2), ["58", "59"])
        self.assertEqual(next_numbers(["09"], 1), ["10"])
        self.assertEqual(next_numbers([], 1), [""])


class WeekOfMonthBoundaryTests(BaseTestCase):
    """The 7th is the last day of its month's first week and the 8th the first of its second: a
    committee that last met on either is proposed on the same week's weekday next month."""

    def proposed(self, last_met, month):
        make_meeting(name="WG 7", dates=[last_met])  # a working group of its own, in an empty database
        (proposal,) = proposals(month)
        return proposal.dates

    def test_a_meeting_on_the_7th_is_in_the_first_week(self):
        self.assertEqual(weekday_phrase(D(2018, 6, 7)), "1st Thursday")
        # July's first Thursday is the 5th; the 12th would be the second.
        self.assertEqual(self.proposed(D(2018, 6, 7), JULY), [D(2018, 7, 5)])

    def test_a_meeting_on_the_8th_is_in_the_second_week(self):
        self.assertEqual(weekday_phrase(D(2018, 6, 8)), "2nd Friday")
        # July's Fridays are the 6th, 13th, 20th and 27th.
        self.assertEqual(self.proposed(D(2018, 6, 8), JULY), [D(2018, 7, 13)])

    def test_a_meeting_on_a_fifth_weekday_goes_to_the_next_months_last(self):
        self.assertEqual(weekday_phrase(D(2018, 10, 31)), "last Wednesday")
        # 31 October 2018 is October's fifth Wednesday; November has four: 7, 14, 21, 28.
        self.assertEqual(self.proposed(D(2018, 10, 31), D(2018, 11, 1)), [D(2018, 11, 28)])

    def test_the_first_and_last_day_of_every_week_of_june(self):
        # June 2018 begins on a Friday: its Fridays are the 1st, 8th, 15th, 22nd and 29th and its
        # Thursdays the 7th, 14th, 21st and 28th. July's are 6, 13, 20, 27 and 5, 12, 19, 26.
        expected = {1: 6, 7: 5, 8: 13, 14: 12, 15: 20, 21: 19, 22: 27, 28: 26, 29: 27}
        for june, july in expected.items():
            with self.subTest(june=june):
                self.assertEqual(same_week_of_month(D(2018, 6, june), JULY), D(2018, 7, july))


class ProposalTests(SampleTestCase):
    def july(self):
        return {p.committee: p for p in proposals(JULY, panel_meeting=(D(2018, 7, 13), 58))}

    def test_every_committee_that_met_in_june_is_proposed_for_july(self):
        proposed = self.july()
        self.assertEqual(len(proposed), 14)
        ssc = proposed["Security Sub-Committee (SSC)"]
        self.assertEqual((ssc.name, ssc.dates), ("SSC 58 and 59", [D(2018, 7, 12), D(2018, 7, 25)]))
        self.assertEqual(ssc.links, ["SSC 58 1207 — Meeting Headlines", "SSC 59 2507 — Meeting Headlines"])
        self.assertEqual(
            ssc.summary, "The SSC met in July 2018. The non-confidential meeting headlines can be found below."
        )
        opsg = proposed["Operations Group (OPSG)"]
        self.assertEqual((opsg.name, opsg.links), ("OPSG 10", ["OPSG 10 2407 — Meeting Headlines"]))
        self.assertTrue(proposed["SECCo Board"].confidential)
        self.assertEqual(proposed["Working Group"].dates, [D(2018, 7, 12), D(2018, 7, 17), D(2018, 7, 23)])

    def test_the_panel_meeting_a_paper_names_beats_the_cadence(self):
        panel = self.july()["SEC Panel"]
        self.assertEqual((panel.name, panel.dates), ("SEC Panel 58", [D(2018, 7, 13)]))
        self.assertEqual(panel.links, ["SEC Panel 58 — Public minutes"])
        by_cadence = {p.committee: p for p in proposals(JULY)}["SEC Panel"]
        self.assertEqual(by_cadence.dates, [D(2018, 7, 20)])  # the 3rd Friday, as in June

    def test_a_committee_without_a_standard_summary_gets_its_last_one(self):
        Committee.objects.filter(name="TABASC").update(standard_summary="", link_pattern="")
        tabasc = self.july()["TABASC"]
        self.assertTrue(tabasc.summary.startswith("The TABASC's regular monthly meeting."))
        self.assertEqual(tabasc.links, [])

    def test_meetings_already_entered_are_not_proposed_again(self):
        make_meeting(Committee.objects.get(name="SMKI PMA"), dates=[D(2018, 7, 17)])
        self.assertNotIn("SMKI PMA", self.july())
        self.assertEqual(len(self.july()), 13)

    def test_a_committee_silent_for_three_months_is_not_proposed(self):
        self.assertEqual(proposals(D(2018, 10, 1)), [])  # the sample's meetings are all in June
        self.assertEqual(len(proposals(D(2018, 9, 1))), 14)

    def test_the_authority_is_never_proposed(self):
        authority = Committee.objects.create(name="Ofgem", category="authority")
        make_meeting(authority, dates=[D(2018, 6, 5)])
        self.assertNotIn("Ofgem", self.july())

    def test_three_queries_whatever_the_history(self):
        with self.assertNumQueries(3):
            proposals(JULY)
        for month in (3, 4, 5):
            for committee in Committee.objects.all():
                make_meeting(committee, dates=[D(2018, month, 10), D(2018, month, 20)])
        with self.assertNumQueries(3):
            self.assertEqual(len(proposals(JULY)), 14)


class PatternValidationTests(SampleTestCase):
    def test_an_unknown_placeholder_is_refused_with_the_known_ones(self):
        committee = Committee.objects.get(name="TABASC")
        committee.link_pattern = "{committee} {meeting} {ddmm} — Meeting Headlines"
        with self.assertRaisesMessage(ValidationError, "Unknown placeholder {meeting}: use {committee}, {number}"):
            committee.full_clean()
        committee.link_pattern = "{committee {number}"
        with self.assertRaisesMessage(ValidationError, "Braces must come in pairs"):
            committee.full_clean()
        # A format or conversion after a placeholder would pass the names and fail at proposal.
        for pattern in ["{committee} {number:03d}", "{date:%d}", "{number!r}"]:
            committee.link_pattern = pattern
            with self.assertRaisesMessage(ValidationError, "without a format after it"):
                committee.full_clean()

    def test_the_committee_admin_edits_the_patterns(self):
        self.client.force_login(self.erin)
        committee = Committee.objects.get(name="TABASC")
        page = self.client.get(f"/admin/meetings/committee/{committee.pk}/change/")
        self.assertContains(page, "Proposing the month&#x27;s meetings")
        self.assertContains(page, "{committee} {number} {ddmm} — Meeting Headlines")


class PageTests(SampleTestCase):
    def form_data(self, page, **changes):
        """The page's formset as the browser would post it, with `changes` ({form index: {field: value}})."""
        formset = page.context["formset"]
        data = {f"form-{k}": v for k, v in formset.management_form.initial.items()}
        for i, form in enumerate(formset.forms):
            values = {**form.initial, **changes.get(str(i), {})}
            for name, value in values.items():
                if value is False or value is None:
                    continue
                data[f"form-{i}-{name}"] = "on" if value is True else value
        return data

    def index_of(self, page, committee):
        return next(i for i, f in enumerate(page.context["formset"].forms) if f.committee_name == committee)

    def test_only_editors_reach_it(self):
        self.assertRedirects(self.client.get(URL), f"/accounts/login/?next={URL}", fetch_redirect_response=False)
        for user in (self.pat, self.alex):
            self.client.force_login(user)
            self.assertEqual(self.client.get(URL).status_code, 403)

    def test_it_proposes_july_with_the_june_papers_panel_meeting(self):
        self.client.force_login(self.erin)
        page = self.client.get(URL)
        self.assertContains(page, "Proposed from the schedule")
        self.assertContains(page, "After SSC 56 and 57: 14/06/2018 (2nd Thursday), 27/06/2018 (4th Wednesday)")
        self.assertContains(page, 'value="SEC Panel 58"')
        self.assertContains(page, 'value="13/07/2018"')  # the June paper goes to Panel 58 on 13/07/2018
        self.assertContains(page, "SSC 58 1207 — Meeting Headlines | \nSSC 59 2507 — Meeting Headlines |")
        self.assertContains(page, "No meetings are entered for this month yet.")

    def test_the_query_count_is_pinned(self):
        self.client.force_login(self.erin)
        self.client.get(URL)
        with self.assertNumQueries(PAGE_QUERIES):
            self.client.get(URL)

    def test_one_save_enters_the_ticked_meetings_as_edited(self):
        self.client.force_login(self.erin)
        page = self.client.get(URL)
        ssc, tag, opsg = (
            self.index_of(page, c)
            for c in ("Security Sub-Committee (SSC)", "Testing Advisory Group (TAG)", "Operations Group (OPSG)")
        )
        data = self.form_data(
            page,
            **{
                str(ssc): {
                    "dates": "12/07/2018, 26/07/2018",
                    "links": "SSC 58 1207 — Meeting Headlines | smartenergycodecompany.co.uk/meeting/ssc-58/\n"
                    "SSC 59 2607 — Meeting Headlines | https://smartenergycodecompany.co.uk/meeting/ssc-59/",
                },
                str(tag): {"include": False},
                str(opsg): {"summary": "The OPSG met twice. The meeting headlines are available via the link below."},
            },
        )
        response = self.client.post(URL, data)
        self.assertRedirects(response, URL, fetch_redirect_response=False)
        rows = {row.committee: row for row in meetings_in_month(JULY)}
        self.assertEqual(len(rows), 13)
        self.assertNotIn("Testing Advisory Group (TAG)", rows)
        ssc_row = rows["Security Sub-Committee (SSC)"]
        self.assertEqual((ssc_row.name, ssc_row.dates), ("SSC 58 and 59", [D(2018, 7, 12), D(2018, 7, 26)]))
        self.assertEqual(
            [(link.label, link.url) for link in ssc_row.links],
            [
                ("SSC 58 1207 — Meeting Headlines", "https://smartenergycodecompany.co.uk/meeting/ssc-58/"),
                ("SSC 59 2607 — Meeting Headlines", "https://smartenergycodecompany.co.uk/meeting/ssc-59/"),
            ],
        )
        self.assertEqual(
            rows["Operations Group (OPSG)"].summary,
            "The OPSG met twice. The meeting headlines are available via the link below.",
        )
        self.assertEqual(rows["SEC Panel"].dates, [D(2018, 7, 13)])
        self.assertTrue(Meeting.objects.get(committee__name="SECCo Board", dates__date__month=7).confidential)
        # Each date and link has its history, with who entered it.
        ssc = Meeting.objects.get(name="SSC 58 and 59")
        for row in [*ssc.dates.all(), *ssc.links.all()]:
            self.assertEqual(row.history.get().history_user, self.erin)
        after = self.client.get(URL)
        self.assertContains(after, "Entered 13 meetings for July 2018.")
        tabasc = Meeting.objects.get(committee__name="TABASC", dates__date__month=7)
        self.assertContains(
            after, f'<a href="/admin/meetings/meeting/{tabasc.pk}/change/"><strong>TABASC 32</strong></a>'
        )
        proposed = [f.committee_name for f in after.context["formset"].forms]
        self.assertEqual(proposed, ["Testing Advisory Group (TAG)"])  # the rest are entered

    def test_the_labels_proposed_follow_the_dates_entered_and_an_address_alone_is_labelled(self):
        """SSC proposed on 12/07 and 25/07 but held on 05/07 and 19/07: the labels left as
        proposed say 0507 and 1907, as the workbook would label the same addresses; a label
        typed by the editor stays as typed."""
        self.client.force_login(self.erin)
        page = self.client.get(URL)
        ssc, opsg = (self.index_of(page, c) for c in ("Security Sub-Committee (SSC)", "Operations Group (OPSG)"))
        data = self.form_data(
            page,
            **{
                str(ssc): {
                    "dates": "05/07/2018, 19/07/2018",
                    "links": "SSC 58 1207 — Meeting Headlines | https://example.org/ssc-58/\n"
                    "SSC 59 2507 — Meeting Headlines |",  # its address to come
                },
                str(opsg): {
                    "dates": "10/07/2018",
                    "links": "https://example.org/opsg-10/\nOPSG slides | https://example.org/slides/",
                },
            },
        )
        self.assertRedirects(self.client.post(URL, data), URL, fetch_redirect_response=False)
        rows = {row.committee: row for row in meetings_in_month(JULY)}
        self.assertEqual(
            [(link.label, link.url) for link in rows["Security Sub-Committee (SSC)"].links],
            [
                ("SSC 58 0507 — Meeting Headlines", "https://example.org/ssc-58/"),
                ("SSC 59 1907 — Meeting Headlines", ""),
            ],
        )
        self.assertEqual(
            [(link.label, link.url) for link in rows["Operations Group (OPSG)"].links],
            [
                ("OPSG 10 1007 — Meeting Headlines", "https://example.org/opsg-10/"),
                ("OPSG slides", "https://example.org/slides/"),
            ],
        )

    def test_a_date_outside_the_month_is_refused_and_nothing_is_lost(self):
        self.client.force_login(self.erin)
        page = self.client.get(URL)
        i = self.index_of(page, "TABASC")
        response = self.client.post(
            URL, self.form_data(page, **{str(i): {"dates": "19/08/2018", "summary": "Kept words."}})
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "19/08/2018 is not in July 2018: this page enters that month.")
        self.assertContains(response, "Kept words.")
        self.assertFalse(MeetingDate.objects.filter(date__month=7).exists())

    def test_bad_dates_and_addresses_get_clear_messages(self):
        self.client.force_login(self.erin)
        page = self.client.get(URL)
        i = self.index_of(page, "TABASC")
        for changes, message in [
            ({"dates": "2018-07-19"}, "“2018-07-19” is not a date written as dd/mm/yyyy, e.g. 12/07/2018."),
            ({"dates": "19/07/2018, 19/07/2018"}, "19/07/2018 is listed twice."),
            ({"dates": ""}, "Enter the meeting&#x27;s date, e.g. 12/07/2018."),
            ({"links": "TABASC 32 | not an address"}, "Line 1: “https://not an address” is not a web address."),
            ({"links": " | https://example.org/"}, "Line 1: write the link&#x27;s label before the |."),
            ({"summary": ""}, "This field is required."),
        ]:
            with self.subTest(changes=changes):
                response = self.client.post(URL, self.form_data(page, **{str(i): changes}))
                self.assertContains(response, message)
        self.assertFalse(Meeting.objects.filter(dates__date__month=7).exists())

    def test_an_unticked_row_is_not_checked(self):
        self.client.force_login(self.erin)
        page = self.client.get(URL)
        i = self.index_of(page, "TABASC")
        data = self.form_data(page, **{str(i): {"include": False, "dates": "nonsense"}})
        self.assertRedirects(self.client.post(URL, data), URL)
        self.assertEqual(len(meetings_in_month(JULY)), 13)

    def test_nothing_ticked_says_so(self):
        self.client.force_login(self.erin)
        page = self.client.get(URL)
        data = self.form_data(page, **{str(i): {"include": False} for i in range(len(page.context["formset"].forms))})
        self.assertContains(self.client.post(URL, data), "Tick at least one meeting to enter.")

    def test_a_meeting_entered_meanwhile_stops_the_save_and_saves_nothing(self):
        self.client.force_login(self.erin)
        page = self.client.get(URL)
        make_meeting(Committee.objects.get(name="SMKI PMA"), dates=[D(2018, 7, 17)])  # another tab, meanwhile
        tabasc = self.index_of(page, "TABASC")
        response = self.client.post(
            URL, self.form_data(page, **{str(tabasc): {"summary": "Typed before the refusal."}})
        )
        self.assertContains(response, "Already entered for July 2018, so not saved again: SMKI PMA. Nothing was saved")
        self.assertEqual(len(meetings_in_month(JULY)), 1)
        forms = {f.committee_name: f for f in response.context["formset"].forms}
        self.assertFalse(forms["SMKI PMA"]["include"].value(), "unticked")
        self.assertEqual(forms["TABASC"]["summary"].value(), "Typed before the refusal.", "the editor's input kept")
        # Saving the page as it came back enters the others.
        again = self.client.post(URL, response.context["formset"].data)  # the bound form, as it came back
        self.assertRedirects(again, URL, fetch_redirect_response=False)
        self.assertEqual(
            Meeting.objects.get(committee__name="TABASC", dates__date__month=7).summary, "Typed before the refusal."
        )

    def test_a_failure_part_way_saves_none_of_them(self):
        self.client.force_login(self.erin)
        page = self.client.get(URL)
        calls = []

        original = MeetingLink.save

        def fail_on_the_third(link, *args, **kwargs):
            calls.append(1)
            if len(calls) == 3:
                raise RuntimeError("database gone")
            return original(link, *args, **kwargs)

        with mock.patch.object(MeetingLink, "save", fail_on_the_third):
            with self.assertRaises(RuntimeError):
                self.client.post(URL, self.form_data(page))
        self.assertEqual(meetings_in_month(JULY), [])

    def test_a_tampered_committee_is_refused(self):
        self.client.force_login(self.erin)
        page = self.client.get(URL)
        response = self.client.post(URL, self.form_data(page, **{"0": {"committee": "999999"}}))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Select a valid choice")
        self.assertFalse(Meeting.objects.filter(dates__date__month=7).exists())

    def test_a_month_a_published_paper_printed_asks_for_the_confirmation(self):
        make_paper(JULY, status=PaperStatus.PUBLISHED)
        self.client.force_login(self.erin)
        response = self.client.post(URL, self.form_data(self.client.get(URL)))
        self.assertContains(response, "Not saved: this changes figures published in")
        self.assertContains(response, 'name="_confirm_published"')
        self.assertEqual(meetings_in_month(JULY), [])
        data = response.context["formset"].data.copy()
        data["_confirm_published"] = "yes"
        self.assertRedirects(self.client.post(URL, data), URL, fetch_redirect_response=False)
        self.assertTrue(meetings_in_month(JULY))
        recorded = PublishedChange.objects.values_list("changed_by__username", "printed_in").distinct()
        self.assertEqual(set(recorded), {("erin", "6. SEC Meeting Details")})  # for the approver
