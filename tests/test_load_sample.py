"""The June 2018 sample loads every part of the paper, and a second run changes nothing."""

from decimal import Decimal
from io import StringIO

from django.apps import apps
from django.core.management import call_command

from helpdesk.models import HelpdeskMonth
from meetings.models import Meeting, Modification
from opsreport.models import EffortMonth, Paper, WebsiteMonth
from opsreport.roles import DATA_APPS
from parties.models import TestCompletion, UEPCompletion
from tests.base import JUNE_2018, BaseTestCase


def snapshot():
    """Every row of every data model, as plain values."""
    return {
        model._meta.label: sorted(map(repr, model.objects.order_by("pk").values()))
        for app in DATA_APPS
        for model in apps.get_app_config(app).get_models()
    }


class LoadSampleTests(BaseTestCase):
    def test_a_second_run_changes_nothing(self):
        call_command("load_sample", stdout=StringIO())
        first = snapshot()
        call_command("load_sample", stdout=StringIO())
        self.assertEqual(snapshot(), first)

    def test_if_empty_leaves_existing_data_alone(self):
        call_command("load_sample", stdout=StringIO())
        Paper.objects.update(author="Someone Else")
        out = StringIO()
        call_command("load_sample", "--if-empty", stdout=out)
        self.assertIn("not loaded", out.getvalue())
        self.assertEqual(Paper.objects.get().author, "Someone Else")

    def test_every_part_of_the_paper_is_loaded(self):
        call_command("load_sample", stdout=StringIO())
        paper = Paper.objects.get(month=JUNE_2018)
        self.assertEqual(paper.reference, "SECP 58 1307 22")
        self.assertEqual(paper.title, "Operations Report — June 2018")
        self.assertEqual(str(paper.appendices.get()), "Appendix A - Testing Update UEPT (Amber)")
        self.assertIn("SEC Version 5.19 went live on 25th June 2018", paper.change_and_release)
        self.assertTrue(paper.party_support.endswith("three Other SEC Parties."))
        self.assertEqual(HelpdeskMonth.objects.count(), 12)
        self.assertEqual(WebsiteMonth.objects.count(), 12)
        effort = EffortMonth.objects.get(month=JUNE_2018)
        self.assertEqual(round(sum(e.days for e in effort.entries.all()), 2), Decimal("500.87"))
        self.assertEqual(sorted(round(e.days, 2) for e in effort.entries.all())[-1], Decimal("146.10"))
        self.assertEqual(UEPCompletion.objects.count(), 2)
        uept = TestCompletion.objects.filter(kind="uept")
        self.assertEqual((uept.count(), sum(t.roles.count() for t in uept)), (3, 5))
        self.assertEqual(Meeting.objects.count(), 14)
        self.assertEqual(
            Modification.objects.get(reference="SECMP0050").title,
            "Section D Review: Moving the Working Group Terms of Reference to a separate document",
        )
