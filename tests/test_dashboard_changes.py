"""The dashboard colours a change only where its direction is good or bad by definition: fewer
helpdesk emails or fewer days of effort are not bad news, more are not good news."""

import re
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.test import SimpleTestCase

from opsreport.dashboard.panel import Headline
from tests.base import SampleTestCase


class HeadlineToneTests(SimpleTestCase):
    def test_a_change_is_neutral_unless_its_figure_says_which_way_is_better(self):
        self.assertEqual(Headline("Helpdesk emails", 1300, 1459).tone, "neutral")
        self.assertEqual(Headline("Effort", Decimal("500.87"), Decimal("480.00")).tone, "neutral")
        self.assertEqual(Headline("Backlog", 10, 12, better="down").tone, "good")
        self.assertEqual(Headline("Backlog", 12, 10, better="down").tone, "bad")
        self.assertEqual(Headline("Backlog", 12, 12, better="down").tone, "neutral")
        self.assertEqual(Headline("Backlog", 12, None, better="down").tone, "neutral")

    def test_only_good_and_bad_changes_have_a_colour(self):
        css = Path(settings.BASE_DIR, "static/site/site.css").read_text()
        coloured = set(re.findall(r"\.change-(\w+) \{ color: var\(--(green|red)\)", css))
        self.assertEqual(coloured, {("good", "green"), ("bad", "red")})


class DashboardChangesTests(SampleTestCase):
    def test_todays_headlines_show_their_changes_neutral_with_the_arrow(self):
        self.client.force_login(self.pat)
        page = self.client.get("/dashboard/")
        changes = re.findall(r'<dd class="change change-(\w+) change-(\w+)">(.*?)</dd>', page.content.decode())
        self.assertEqual(len(changes), len(page.context["data"].headlines))
        self.assertEqual({tone for _, tone, _ in changes}, {"neutral"})
        moved = [text for direction, _, text in changes if direction in ("up", "down")]
        self.assertTrue(moved)
        for text in moved:
            self.assertRegex(text, r'<span aria-hidden="true">[▲▼]</span> (up|down) ')
        self.assertNotContains(page, "change-good")
        self.assertNotContains(page, "change-bad")
