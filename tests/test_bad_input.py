"""Bad input never answers 500: odd query strings, month addresses and far-off months."""

import datetime
from urllib.parse import quote, urlencode

from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from opsreport.models import WebsiteMonth
from opsreport.roles import EDITOR, PANEL_MEMBER
from tests.base import JUNE_2018, SampleTestCase, make_user

DRILLDOWNS = ["helpdesk", "membership", "parties", "voting-groups", "website", "effort", "modifications"]
PARAMS = ["per_page", "page", "status", "driver", "product", "grade", "category", "kind", "month", "from", "to", "sort"]


class DrilldownProbeTests(SampleTestCase):
    def setUp(self):
        self.client.force_login(self.pat)

    def get(self, slug, **params):
        return self.client.get(f"/dashboard/records/{slug}/?{urlencode(params)}")

    def test_page_sizes_and_pages_out_of_range_are_clamped(self):
        for params in [
            {"per_page": -1},
            {"per_page": 0},
            {"per_page": 10**30},
            {"page": -5},
            {"page": 0},
            {"page": 99999},
            {"page": "abc"},
            {"per_page": "x", "page": "2"},
        ]:
            with self.subTest(params=params):
                response = self.get("parties", **params)
                self.assertEqual(response.status_code, 200)
        self.assertEqual(len(self.get("parties", per_page=-1).context["table"].page.object_list), 1)
        self.assertEqual(len(self.get("parties", per_page=10**30).context["table"].page.object_list), 200)
        last = self.get("parties", page=99999).context["table"].page
        self.assertEqual(last.number, last.paginator.num_pages)

    def test_nul_bytes_and_out_of_range_keys_are_refused_with_400(self):
        self.assertEqual(self.get("modifications", status="\x00").status_code, 400)
        self.assertEqual(self.get("effort", driver="9223372036854775808").status_code, 400)
        self.assertEqual(self.get("effort", driver="-1").status_code, 400)
        response = self.get("helpdesk", category="abc")
        self.assertContains(response, "category must be the number of a record", status_code=400)

    def test_unknown_filters_are_ignored(self):
        self.assertEqual(self.get("parties", colour="blue").status_code, 200)


class DrilldownPropertyTests(HypothesisTestCase):
    """Whatever the query string, a drill-down answers below 500."""

    @classmethod
    def setUpTestData(cls):
        cls.pat = make_user("hyp-pat", PANEL_MEMBER)

    @settings(max_examples=60, deadline=None)
    @given(
        slug=st.sampled_from(DRILLDOWNS),
        params=st.dictionaries(
            st.sampled_from(PARAMS), st.one_of(st.text(max_size=30), st.integers().map(str)), max_size=4
        ),
    )
    def test_no_query_string_makes_a_server_error(self, slug, params):
        self.client.force_login(self.pat)
        response = self.client.get(f"/dashboard/records/{slug}/?{urlencode(params)}")
        self.assertLess(response.status_code, 500, (slug, params))


class MonthAddressPropertyTests(HypothesisTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.erin = make_user("hyp-erin", EDITOR)

    @settings(max_examples=80, deadline=None)
    @given(key=st.one_of(st.text(max_size=12), st.from_regex(r"\A[0-9]{4}-[0-9]{2}\Z")))
    def test_no_month_address_makes_a_server_error(self, key):
        self.client.force_login(self.erin)
        for path in (f"/papers/{quote(key, safe='')}/", f"/papers/{quote(key, safe='')}/pdf/"):
            response = self.client.get(path)
            self.assertLess(response.status_code, 500, path)
            if response.status_code == 200:
                self.assertRegex(key, r"\A[0-9]{4}-[0-9]{2}\Z")


class FarOffMonthTests(SampleTestCase):
    def test_a_month_in_year_9999_is_refused_by_the_form(self):
        self.client.force_login(self.erin)
        response = self.client.post(
            "/admin/opsreport/websitemonth/add/",
            {
                "month": "01/12/9999",
                "visits": "5",
                "page_views": "9",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Enter a month from January 1990 to")
        self.assertFalse(WebsiteMonth.objects.filter(month__year=9999).exists())

    def test_one_written_around_the_forms_breaks_nothing(self):
        WebsiteMonth.objects.create(month=datetime.date(9999, 12, 1), visits=5, page_views=9)
        self.client.force_login(self.pat)
        self.assertEqual(self.client.get("/dashboard/").status_code, 200)
        self.assertEqual(self.client.get("/dashboard/records/website/").status_code, 200)
        self.assertEqual(self.client.get("/dashboard/records/website/?export=csv").status_code, 200)
        self.client.force_login(self.erin)
        self.assertEqual(self.client.get("/admin/opsreport/websitemonth/add/").status_code, 200)

    def test_june_2018_is_still_a_month_one_may_enter(self):
        from opsreport.lib.fields import validate_month_in_range

        validate_month_in_range(JUNE_2018)
