"""A modification's status is a dated history: decisions at deciding meetings write it, the
status on any day is read from it, and the paper and the dashboard read it at month end."""

import datetime
from unittest import mock

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TransactionTestCase
from django.urls import reverse

from meetings.models import (
    Committee,
    CommitteeCategory,
    Meeting,
    MeetingModification,
    Modification,
    ModificationStatus,
    StatusChange,
)
from meetings.reports import contradicted_decisions, status_counts_on, statuses_on
from opsreport.actions import update_meeting
from opsreport.dashboard.figures import dashboard
from opsreport.models import Paper
from opsreport.paper.assembly import assemble
from opsreport.paper.findings import findings
from opsreport.revision import install_triggers
from opsreport.sample import figures as F
from opsreport.sample.load import load as load_sample
from tests.admin_forms import form_data
from tests.base import JUNE_2018, BaseTestCase, SampleTestCase
from tests.factories import make_meeting
from tests.helpers import restore_sample

D = datetime.date


def change_board():
    return Committee.objects.create(name="SEC Change Board", category=CommitteeCategory.CHANGE_BOARD)


class DecisionsSetTheStatusTests(BaseTestCase):
    def setUp(self):
        self.mod = Modification.objects.create(reference="SECMP0050", title="Working Group terms of reference")
        StatusChange.objects.create(modification=self.mod, status=ModificationStatus.REPORT, date=D(2018, 6, 1))
        self.meeting = make_meeting(change_board(), dates=[D(2018, 7, 18)])

    def decide(self, outcome="approved", meeting=None):
        return MeetingModification.objects.create(
            meeting=meeting or self.meeting, modification=self.mod, outcome=outcome
        )

    def test_an_approval_sets_the_status_from_the_meeting_date(self):
        decision = self.decide()
        change = StatusChange.objects.get(decision=decision)
        self.assertEqual((change.status, change.date), ("approved", D(2018, 7, 18)))
        self.assertEqual(statuses_on(D(2018, 7, 17)), {"SECMP0050": "report"})
        self.assertEqual(statuses_on(D(2018, 7, 18)), {"SECMP0050": "approved"})

    def test_a_rejection_sets_rejected(self):
        self.decide("rejected")
        self.assertEqual(statuses_on(D(2018, 7, 31)), {"SECMP0050": "rejected"})

    def test_a_discussion_or_a_working_group_sets_nothing(self):
        self.decide("discussed")
        working_group = make_meeting(dates=[D(2018, 7, 20)])  # a working group
        self.decide("approved", meeting=working_group)
        self.assertEqual(StatusChange.objects.filter(decision__isnull=False).count(), 0)
        self.assertEqual(statuses_on(D(2018, 7, 31)), {"SECMP0050": "report"})

    def test_the_panel_and_the_authority_decide_too(self):
        for category, day in [(CommitteeCategory.SEC_PANEL, 10), (CommitteeCategory.AUTHORITY, 25)]:
            committee = Committee.objects.create(name=f"Decider {category}", category=category)
            self.decide(
                "approved" if day == 10 else "rejected", meeting=make_meeting(committee, dates=[D(2018, 8, day)])
            )
        self.assertEqual(statuses_on(D(2018, 8, 20)), {"SECMP0050": "approved"})
        self.assertEqual(statuses_on(D(2018, 8, 31)), {"SECMP0050": "rejected"})

    def test_changing_or_deleting_the_decision_takes_its_status_back(self):
        decision = self.decide()
        decision.outcome = "discussed"
        decision.save()
        self.assertEqual(statuses_on(D(2018, 7, 31)), {"SECMP0050": "report"})
        decision.outcome = "approved"
        decision.save()
        self.assertEqual(StatusChange.objects.filter(decision=decision).count(), 1)  # one row, not two
        decision.delete()
        self.assertEqual(statuses_on(D(2018, 7, 31)), {"SECMP0050": "report"})

    def test_moving_the_meeting_moves_the_status(self):
        self.decide()
        update_meeting(self.meeting, dates=[D(2018, 7, 25)])
        self.assertEqual(StatusChange.objects.get(decision__isnull=False).date, D(2018, 7, 25))
        update_meeting(self.meeting, dates=[D(2018, 7, 25), D(2018, 7, 26)])  # decided by its last day
        self.assertEqual(StatusChange.objects.get(decision__isnull=False).date, D(2018, 7, 26))
        working_group = Committee.objects.create(name="A working group", category="working_group")
        update_meeting(self.meeting, committee=working_group)
        self.assertFalse(StatusChange.objects.filter(decision__isnull=False).exists())

    def test_moving_the_meeting_on_its_screen_moves_the_status(self):
        self.decide()
        self.client.force_login(self.erin)
        url = reverse("admin:meetings_meeting_change", args=[self.meeting.pk])
        data = form_data(self.client.get(url))
        date_field = next(k for k, v in data.items() if k.startswith("dates-0-date"))
        data[date_field] = ["25/07/2018"]
        self.assertEqual(self.client.post(url, data).status_code, 302)
        self.assertEqual(StatusChange.objects.get(decision__isnull=False).date, D(2018, 7, 25))

    def test_a_decision_at_a_meeting_with_no_date_yet_is_dated_when_the_date_comes(self):
        undated = Meeting.objects.create(committee=self.meeting.committee, summary="Next board")
        self.decide(meeting=undated)
        self.assertFalse(StatusChange.objects.filter(decision__isnull=False).exists())
        update_meeting(undated, dates=[D(2018, 8, 15)])
        self.assertEqual(statuses_on(D(2018, 8, 15)), {"SECMP0050": "approved"})

    def test_the_decision_and_its_status_are_saved_together_or_not_at_all(self):
        with mock.patch.object(StatusChange.objects, "update_or_create", side_effect=RuntimeError("disk full")):
            with self.assertRaises(RuntimeError):
                self.decide()
        self.assertFalse(MeetingModification.objects.exists())

    def test_on_a_day_with_two_statuses_the_one_recorded_last_counts(self):
        StatusChange.objects.create(modification=self.mod, status="refinement", date=D(2018, 6, 1))
        self.assertEqual(statuses_on(D(2018, 6, 1)), {"SECMP0050": "refinement"})

    def test_before_its_first_status_a_modification_has_none(self):
        self.assertEqual(statuses_on(D(2018, 5, 31)), {})
        self.assertEqual(status_counts_on(D(2018, 5, 31)), {})

    def test_the_status_questions_take_one_query_each_whatever_the_history(self):
        for i in range(30):
            mod = Modification.objects.create(reference=f"SECMP1{i:03d}", title=f"M {i}")
            StatusChange.objects.bulk_create(
                StatusChange(modification=mod, status=status, date=D(2018, 1 + k, 1))
                for k, status in enumerate(["proposed", "development", "refinement", "report"])
            )
        with self.assertNumQueries(1):
            self.assertEqual(len(statuses_on(D(2018, 3, 15))), 30)  # SECMP0050's begins in June
        with self.assertNumQueries(1):
            self.assertEqual(status_counts_on(D(2018, 3, 15)), {"refinement": 30})
        self.decide()
        with self.assertNumQueries(1):
            self.assertEqual(contradicted_decisions(D(2018, 7, 1), D(2018, 7, 31)), [])


class ContradictionTests(SampleTestCase):
    """The issue's case: SECMP0050 approved at the Change Board, still "Report Phase"."""

    def setUp(self):
        self.board = Meeting.objects.get(committee__category=CommitteeCategory.CHANGE_BOARD, dates__date=D(2018, 6, 20))
        self.mod = Modification.objects.get(reference="SECMP0050")

    def texts(self):
        return [f"{f.level}: {f.text}" for f in findings(assemble(Paper.objects.get(month=JUNE_2018)))]

    def test_june_2018_has_no_contradiction(self):
        self.assertFalse([t for t in self.texts() if "but its status" in t])

    def test_an_approval_the_recorded_status_contradicts_is_a_warning(self):
        # Entered at the Change Board of 20/06, while the history says Report Phase from 25/06
        # (the Working Group's last meeting on it): the status was never brought up to date.
        MeetingModification.objects.create(meeting=self.board, modification=self.mod, outcome="approved", position=9)
        self.assertIn(
            "warning: SECMP0050 was approved at SEC Change Board on 20/06/2018, but its status on 30/06/2018 is "
            "Report Phase: record the status the decision set, or correct the decision.",
            self.texts(),
        )
        StatusChange.objects.create(modification=self.mod, status="approved", date=D(2018, 6, 28))
        self.assertNotIn("but its status", " ".join(self.texts()))

    def test_implemented_after_approval_is_no_contradiction(self):
        StatusChange.objects.create(
            modification_id=Modification.objects.get(reference="SECMP0027").pk,
            status="implemented",
            date=D(2018, 6, 29),
        )
        self.assertEqual(contradicted_decisions(JUNE_2018, D(2018, 6, 30)), [])


class SampleStatusTests(SampleTestCase):
    def test_the_june_statuses_are_the_papers_reading(self):
        expected = {reference: status for reference, _, status, _ in F.MODIFICATIONS}
        self.assertEqual(statuses_on(D(2018, 6, 30)), expected)
        # Each status is dated the last day a meeting took the modification up.
        self.assertEqual(
            StatusChange.objects.get(modification__reference="SECMP0049", decision=None).date, D(2018, 6, 25)
        )
        self.assertEqual(
            StatusChange.objects.get(modification__reference="SECMP0027", decision__isnull=False).date, D(2018, 6, 20)
        )

    def test_loading_the_sample_again_adds_no_status(self):
        before = StatusChange.objects.count()
        load_sample()
        self.assertEqual(StatusChange.objects.count(), before)

    def test_the_dashboard_counts_the_statuses_at_the_last_months_end(self):
        def statuses(first, last):  # the meetings part's panel: {status: modifications} at the range's end
            counts = dict(dashboard(first, last).panels)["meetings"]
            return {status.value: counts.get(status.value, 0) for status in ModificationStatus}

        june = statuses(D(2017, 7, 1), JUNE_2018)
        self.assertEqual((june["approved"], june["report"], june["refinement"], june["proposed"]), (3, 3, 2, 0))
        StatusChange.objects.create(
            modification=Modification.objects.get(reference="SECMP0049"), status="approved", date=D(2018, 7, 18)
        )
        july = statuses(D(2017, 8, 1), D(2018, 7, 1))
        self.assertEqual((july["approved"], july["report"]), (4, 2))
        may = statuses(D(2017, 6, 1), D(2018, 5, 1))
        self.assertEqual(sum(may.values()), 0)  # no status was recorded before June 2018

    def test_the_drilldown_lists_the_status_at_the_ranges_end(self):
        self.client.force_login(self.alex)  # June is a draft: the approver reads it with the drafts on
        page = self.client.get("/dashboard/records/modifications/?from=2017-07&to=2018-06&status=report&drafts=1")
        self.assertContains(page, "Modifications — Report Phase — at the end of June 2018")
        self.assertContains(page, "SECMP0050")
        self.assertNotContains(page, "SECMP0027")


@pytest.mark.django_db(transaction=True)
class DataMigrationTests(TransactionTestCase):
    """The data migration turns each stored status into a history row, beside the rows the
    Change Board's decisions make, and a contradiction between them survives to be flagged."""

    before = [("meetings", "0004_status_history_and_committee_patterns")]

    @property
    def after(self):
        """Every app's latest migration, not only meetings': going back to 0004 also takes back
        the migrations that depend on it (the history app's), which must come back too."""
        return MigrationExecutor(connection).loader.graph.leaf_nodes()

    def setUp(self):
        restore_sample()

    def tearDown(self):
        MigrationExecutor(connection).migrate(self.after)  # wherever a failure left it
        install_triggers()  # rebuilding a table on SQLite drops the data revision's triggers

    def test_a_stored_status_becomes_its_first_history_row(self):
        executor = MigrationExecutor(connection)
        executor.migrate(self.before)  # backwards puts each latest status back on the modification
        old = executor.loader.project_state(self.before).apps
        OldModification = old.get_model("meetings", "Modification")
        self.assertEqual(OldModification.objects.get(reference="SECMP0050").status, "report")
        # Data entered before the history existed: the board approved SECMP0050, and its
        # status was left at Report Phase; SECMP0099 was never taken up by a meeting.
        OldModification.objects.create(reference="SECMP0099", title="Never discussed", status="proposed")
        old.get_model("meetings", "MeetingModification").objects.create(
            meeting_id=Meeting.objects.get(committee__category="change_board").pk,
            modification_id=OldModification.objects.get(reference="SECMP0050").pk,
            outcome="approved",
            position=9,
        )

        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(self.after)

        on_june_30 = statuses_on(D(2018, 6, 30))
        self.assertEqual(on_june_30["SECMP0027"], "approved")
        self.assertEqual(on_june_30["SECMP0049"], "report")
        self.assertEqual(on_june_30["SECMP0050"], "report")  # recorded after the decision: it counts
        self.assertNotIn("SECMP0099", on_june_30)  # dated the day the migration ran
        self.assertEqual(
            StatusChange.objects.get(modification__reference="SECMP0050", decision=None).date, D(2018, 6, 25)
        )
        self.assertEqual(
            [(c.reference, c.status) for c in contradicted_decisions(JUNE_2018, D(2018, 6, 30))],
            [("SECMP0050", "report")],
        )
