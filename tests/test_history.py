"""Every change recorded: who, when and what, field by field, in the admin and per month."""

import datetime
import re

import time_machine
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from helpdesk.models import EmailTally, HelpdeskMonth
from opsreport.history import current_tag, tagged
from opsreport.history.changes import month_changes
from opsreport.history.models import NOT_TRACKED, trackable_models
from opsreport.lib.admin_history import RecordHistoryAdmin
from opsreport.models import FindingResolution, PaperStatus, WebsiteMonth
from opsreport.paper import printed
from opsreport.paper.part import Related
from opsreport.roles import DATA_APPS
from parties.models import DCCUserRole, UEPCompletion
from tests.base import JUNE_2018, BaseTestCase, SampleTestCase
from tests.factories import (
    make_enquiry_category,
    make_helpdesk_month,
    make_paper,
    make_party,
    make_website_month,
)

JULY_2018 = datetime.date(2018, 7, 1)
MAY_2018 = datetime.date(2018, 5, 1)
BEFORE_ISSUE = datetime.datetime(2018, 7, 5, 9, 0, tzinfo=datetime.UTC)
ISSUED = datetime.datetime(2018, 7, 6, 14, 30, tzinfo=datetime.UTC)
AFTER_ISSUE = datetime.datetime(2018, 7, 9, 11, 15, tzinfo=datetime.UTC)


def form_data(response):
    """What the admin's change form would post back unchanged: every field of the form and of
    its inlines at the value shown (hidden fields included)."""
    data = {}

    def add(form):
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            if value is True:
                value = "on"
            data[form.add_prefix(name)] = [str(v) for v in value] if isinstance(value, list | tuple) else str(value)

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        add(formset.management_form)
        for form in formset.forms:
            add(form)
    return data


class AdminHistoryTests(BaseTestCase):
    def setUp(self):
        self.category = make_enquiry_category("Applications")
        with time_machine.travel(BEFORE_ISSUE, tick=False):
            self.june = make_helpdesk_month(
                JUNE_2018, mailbox_total=1328, telephone_enquiries=47, tallies={self.category: 43}
            )
        self.client.force_login(self.erin)

    def edit_june(self, **changes):
        url = reverse("admin:helpdesk_helpdeskmonth_change", args=[self.june.pk])
        data = form_data(self.client.get(url)) | changes
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302, response.content[:2000])

    def test_a_change_by_a_named_user_shows_in_the_records_history_field_by_field(self):
        with time_machine.travel(AFTER_ISSUE, tick=False):
            self.edit_june(**{"telephone_enquiries": "50", "tallies-0-emails": "44"})
        self.client.force_login(self.alex)  # the approver reads it
        page = self.client.get(reverse("admin:helpdesk_helpdeskmonth_history", args=[self.june.pk]))
        self.assertEqual(page.status_code, 200)
        text = re.sub(r"\s+", " ", page.content.decode())
        self.assertRegex(text, r"<td>erin</td>.*<strong>Telephone enquiries:</strong> 47 &rarr; 50")
        # The tally entered on the same screen shows among the month's rows.
        self.assertRegex(
            text, r"Changes to its rows.*Email tally: Applications: 44.*<td>erin</td>.*Emails:</strong> 43 &rarr; 44"
        )
        self.assertNotIn("Revert", text)

    def test_the_history_never_reverts_and_a_malformed_address_is_no_500(self):
        record = self.june.history.earliest()
        version_url = reverse("admin:helpdesk_helpdeskmonth_simple_history", args=[self.june.pk, record.history_id])
        self.assertEqual(self.client.get(version_url).status_code, 200)
        response = self.client.post(version_url, {"month": "2018-06-01", "mailbox_total": "1"})
        self.assertEqual(response.status_code, 405)
        self.june.refresh_from_db()
        self.assertEqual(self.june.mailbox_total, 1328)
        self.assertIn(
            self.client.get(f"/admin/helpdesk/helpdeskmonth/{self.june.pk}/change/history/").status_code, {302, 404}
        )
        self.assertEqual(self.client.get(f"/admin/helpdesk/helpdeskmonth/{self.june.pk}/history/x/").status_code, 404)

    def test_every_model_of_the_data_has_a_history_but_the_frozen_issues_and_the_revision(self):
        tracked = {model._meta.label_lower for model in trackable_models()} | {
            model._meta.label_lower for model in _tracked()
        }
        from django.apps import apps

        for label in DATA_APPS:
            for model in apps.get_app_config(label).get_models():
                with self.subTest(model=model._meta.label):
                    self.assertNotEqual(model._meta.label_lower in tracked, model._meta.label_lower in NOT_TRACKED)
        self.assertIn("roles", {f.name for f in UEPCompletion.history.model._history_m2m_fields})

    def test_every_data_model_admin_shows_the_history(self):
        for model, model_admin in admin.site._registry.items():
            if model._meta.app_label in DATA_APPS and model._meta.label_lower not in NOT_TRACKED:
                with self.subTest(model=model._meta.label):
                    self.assertIsInstance(model_admin, RecordHistoryAdmin)


def _tracked():
    from django.apps import apps

    return [m for m in apps.get_models() if hasattr(m._meta, "simple_history_manager_attribute")]


class TaggingTests(BaseTestCase):
    def test_every_row_written_inside_a_tag_carries_it_and_nothing_after(self):
        reason = "import of july.xlsx by erin, 2018-08-03 10:12"
        self.assertIsNone(current_tag())
        with tagged(reason, user=self.erin):
            month = make_website_month(JULY_2018, visits=10, page_views=20)
            month.visits = 11
            month.save()
            with tagged("inner"):
                make_website_month(datetime.date(2018, 8, 1))
        month.visits = 12
        month.save()
        versions = list(month.history.order_by("history_date", "history_id"))
        self.assertEqual([v.history_change_reason for v in versions], [reason, reason, None])
        self.assertEqual([v.history_user for v in versions], [self.erin, self.erin, None])
        august = WebsiteMonth.objects.get(month=datetime.date(2018, 8, 1))
        self.assertEqual(august.history.get().history_change_reason, "inner")
        self.assertIsNone(current_tag())

    def test_a_tag_ends_even_when_the_block_fails(self):
        with self.assertRaises(RuntimeError), tagged("failed import"):
            raise RuntimeError
        self.assertIsNone(current_tag())

    def test_the_tag_shows_with_the_months_changes(self):
        with tagged("import of july.xlsx by erin, 2018-08-03 10:12", user=self.erin):
            make_website_month(JULY_2018, visits=10, page_views=20)
        [change] = month_changes(JULY_2018).changes
        self.assertEqual(
            (change.tag, change.user, change.kind), ("import of july.xlsx by erin, 2018-08-03 10:12", "erin", "Created")
        )


class MonthChangesTests(BaseTestCase):
    def setUp(self):
        with time_machine.travel(BEFORE_ISSUE, tick=False):
            self.category = make_enquiry_category("Applications")
            self.june = make_helpdesk_month(JUNE_2018, mailbox_total=1328, tallies={self.category: 43})
            self.july = make_helpdesk_month(JULY_2018, mailbox_total=1300)
            self.website = make_website_month(JUNE_2018, visits=100, page_views=300)

    def publish_june(self):
        with time_machine.travel(ISSUED, tick=False):
            return make_paper(JUNE_2018, status=PaperStatus.PUBLISHED)

    def change(self, record, by=None, **values):
        with time_machine.travel(AFTER_ISSUE, tick=False):
            for name, value in values.items():
                setattr(record, name, value)
            if by is not None:
                record._history_user = by
            record.save()

    def test_an_unpublished_month_lists_every_change_to_its_own_records_and_none_is_flagged(self):
        self.change(self.website, by=self.erin, visits=120)
        self.change(self.july, mailbox_total=1)
        changes = month_changes(JUNE_2018)
        self.assertFalse(changes.published)
        kinds = {(c.model, c.kind) for c in changes.changes}
        self.assertIn(("Website month", "Changed"), kinds)
        self.assertIn(("Email tally", "Created"), kinds)
        self.assertIn(("Enquiry category", "Created"), kinds)  # used by June's tallies
        self.assertNotIn("July 2018", {c.record for c in changes.changes})
        [visits] = [c for c in changes.changes if c.kind == "Changed"]
        self.assertEqual(
            (visits.user, visits.fields[0].field, visits.fields[0].old, visits.fields[0].new),
            ("erin", "Visits", "100", "120"),
        )
        self.assertEqual(changes.after_publication, [])

    def test_a_published_month_lists_the_changes_since_its_last_issue_flagged(self):
        self.publish_june()
        self.change(self.website, by=self.erin, visits=120)
        self.change(self.june, by=self.erin, mailbox_total=1330)
        changes = month_changes(JUNE_2018)
        self.assertTrue(changes.published, changes)
        self.assertEqual(changes.since, ISSUED)
        self.assertEqual(
            sorted((c.record, c.fields[0].old, c.fields[0].new) for c in changes.changes),
            [("June 2018", "100", "120"), ("June 2018", "1328", "1330")],
        )
        self.assertEqual(len(changes.after_publication), 2)
        # Every change, on asking: the creations before publication are not flagged.
        everything = month_changes(JUNE_2018, everything=True)
        self.assertEqual(len(everything.after_publication), 2)
        self.assertGreater(len(everything.changes), 2)

    def test_publishing_is_no_change_to_the_months_data(self):
        paper = self.publish_june()
        paper.status = PaperStatus.APPROVED
        paper.save()
        with time_machine.travel(AFTER_ISSUE, tick=False):
            paper.status = PaperStatus.PUBLISHED  # as publication.publish does, after the issue
            paper.save(update_fields=["status"])
        self.assertEqual(month_changes(JUNE_2018).changes, [])
        self.assertEqual(paper.history.count(), 3)  # the record's own history keeps it

    def test_an_approvers_resolution_belongs_to_its_papers_month(self):
        paper = make_paper(JUNE_2018)
        FindingResolution.objects.create(
            paper=paper,
            code="helpdesk-total-2017-07",
            note="The mailbox undercounted.",
            resolved_by=self.alex,
            resolved_at=timezone.now(),
        )
        models = {change.model for change in month_changes(JUNE_2018, everything=True).changes}
        self.assertIn("Finding resolution", models)

    def test_a_renamed_category_belongs_to_the_months_that_use_it(self):
        self.publish_june()
        self.change(self.category, name="Applications and accession")
        [change] = month_changes(JUNE_2018).changes
        self.assertEqual(
            (change.model, change.fields[0].old, change.fields[0].new),
            ("Enquiry category", "Applications", "Applications and accession"),
        )
        # July has no tallies: the category is none of its records.
        self.assertNotIn("Enquiry category", {c.model for c in month_changes(JULY_2018).changes})

    def test_rows_deleted_with_their_month_are_listed_for_it(self):
        self.publish_june()
        with time_machine.travel(AFTER_ISSUE, tick=False):
            HelpdeskMonth.objects.get(pk=self.june.pk).delete()
        deleted = {(c.model, c.kind) for c in month_changes(JUNE_2018).changes}
        self.assertEqual(deleted, {("Helpdesk month", "Deleted"), ("Email tally", "Deleted")})

    def test_the_dcc_user_roles_of_a_completion_are_tracked(self):
        self.publish_june()
        with time_machine.travel(BEFORE_ISSUE, tick=False):
            party = make_party("Roles Ltd")
            completion = UEPCompletion.objects.create(party=party, completed_on=datetime.date(2018, 6, 20))
        with time_machine.travel(AFTER_ISSUE, tick=False):
            completion.roles.add(DCCUserRole.objects.order_by("pk").first())
        role_changes = [f for c in month_changes(JUNE_2018).changes for f in c.fields if f.field == "DCC user roles"]
        self.assertEqual(
            [(f.old, f.new) for f in role_changes], [("—", str(DCCUserRole.objects.order_by("pk").first()))]
        )

    def test_the_query_count_does_not_grow_with_the_changes(self):
        self.publish_june()
        tally = EmailTally.objects.get(helpdesk_month=self.june)
        self.change(self.website, visits=101)
        self.change(self.june, mailbox_total=1)
        self.change(tally, emails=1)
        with CaptureQueriesContext(connection) as few:
            self.assertEqual(len(month_changes(JUNE_2018).changes), 3)
        for visits in range(102, 112):
            self.change(self.website, visits=visits)
        for emails in range(2, 12):
            self.change(tally, emails=emails)
        with self.assertNumQueries(len(few.captured_queries)):
            self.assertEqual(len(month_changes(JUNE_2018).changes), 23)

    def test_a_month_with_no_change_since_its_issue_costs_two_queries(self):
        self.publish_june()
        with self.assertNumQueries(2):  # its issues, and which history tables changed since
            self.assertEqual(month_changes(JUNE_2018).changes, [])


class MonthChangesPageTests(BaseTestCase):
    def setUp(self):
        self.url = reverse("month-changes", args=[JUNE_2018])
        with time_machine.travel(BEFORE_ISSUE, tick=False):
            self.website = make_website_month(JUNE_2018, visits=100, page_views=300)

    def test_editors_and_the_approver_read_it_panel_members_and_visitors_do_not(self):
        for user, status in [(self.erin, 200), (self.alex, 200), (self.pat, 403)]:
            self.client.force_login(user)
            with self.subTest(user=user.username):
                self.assertEqual(self.client.get(self.url).status_code, status)
        self.client.logout()
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("login"), response["Location"])

    def test_changes_after_publication_stand_out(self):
        with time_machine.travel(ISSUED, tick=False):
            make_paper(JUNE_2018, status=PaperStatus.PUBLISHED)
        with time_machine.travel(AFTER_ISSUE, tick=False):
            self.website.visits = 120
            self.website._history_user = self.erin
            self.website.save()
        self.client.force_login(self.alex)
        with self.assertNumQueries(PAGE_QUERIES):
            page = self.client.get(self.url)
        self.assertContains(page, "1 change after the month's paper was published.")
        self.assertContains(page, 'class="after-publication"', count=1)
        self.assertContains(page, "<strong>Visits:</strong> 100 &rarr; 120", html=False)
        self.assertContains(page, "Changed since issue 1")
        self.assertContains(page, reverse("admin:opsreport_websitemonth_history", args=[self.website.pk]))

    def test_an_unpublished_month_says_so(self):
        self.client.force_login(self.erin)
        page = self.client.get(self.url)
        self.assertContains(page, "Changes (not published yet)")
        self.assertNotContains(page, "after-publication")


class MonthChangesPanelTests(BaseTestCase):
    def test_the_panel_for_other_pages_lists_the_latest_and_links_to_them_all(self):
        from django.template import Context, Template

        make_paper(MAY_2018, status=PaperStatus.PUBLISHED)  # the last issue the Panel read
        month = make_website_month(JUNE_2018, visits=1, page_views=1)
        for visits in range(2, 6):
            month.visits = visits
            month.save()
        html = Template("{% load month_changes %}{% month_changes_panel month limit=2 %}").render(
            Context({"month": JUNE_2018})
        )
        self.assertEqual(html.count("<tr>") - 1, 2)  # the header row and the two latest
        self.assertIn("4 &rarr; 5", html)
        self.assertIn(f'<a href="{reverse("month-changes", args=[JUNE_2018])}">All 5 changes</a>', html)
        self.assertIn("Changed since the May 2018 paper's issue 1", html)

    def test_before_any_paper_is_published_the_panel_only_links_to_the_history(self):
        from django.template import Context, Template

        make_website_month(JUNE_2018, visits=1, page_views=1)
        with self.assertNumQueries(1):  # is there any issue at all?
            html = Template("{% load month_changes %}{% month_changes_panel month %}").render(
                Context({"month": JUNE_2018})
            )
        self.assertIn("No paper has been published yet", html)
        self.assertIn(f'href="{reverse("month-changes", args=[JUNE_2018])}"', html)
        self.assertNotIn("<table", html)


# Sign-in (session, user and its permissions: 4), the month's issues, the tables changed since
# and the one changed table's versions: pinned, so a query per record or per table shows.
PAGE_QUERIES = 7


class ReverseRulesTests(SampleTestCase):
    def test_the_reverse_rules_agree_with_printed_months_of(self):
        from django.apps import apps

        from opsreport.history.changes import _Membership

        months = [JUNE_2018, datetime.date(2018, 5, 1), datetime.date(2017, 7, 1)]
        belongs = {month: _Membership(month) for month in months}
        # Every model some part prints through other records' months (a party through its events).
        labels = [
            label for label, rules in printed.rules().items() if any(isinstance(r.months, Related) for r in rules)
        ]
        self.assertIn("parties.party", labels)
        for label in labels:
            disagree = []
            for record in apps.get_model(label).objects.all():
                printed_months = printed.months_of(record)
                for month in months:
                    if belongs[month](label, record) != (month in printed_months):
                        disagree.append((str(record), month))
            with self.subTest(label=label):
                self.assertTrue(apps.get_model(label).objects.exists())
                self.assertEqual(disagree, [])

    def test_every_data_admin_shows_a_records_history(self):
        self.client.force_login(self.alex)
        for model, model_admin in admin.site._registry.items():
            record = model.objects.order_by("pk").first() if isinstance(model_admin, RecordHistoryAdmin) else None
            if record is None:
                continue
            with self.subTest(model=model._meta.label):
                url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_history", args=[record.pk])
                page = self.client.get(url)
                # The DCC user roles come from a migration, which writes no history.
                expected = "No change to this record" if model is DCCUserRole else "June 2018 sample (load_sample)"
                self.assertContains(page, expected)

    def test_the_sample_says_where_its_rows_came_from(self):
        version = HelpdeskMonth.objects.get(month=JUNE_2018).history.earliest()
        self.assertEqual(version.history_change_reason, "June 2018 sample (load_sample)")
        self.assertLess(version.history_date, timezone.now())
