"""Bad input never answers 500: odd query strings, month addresses and far-off months, NUL
characters and over-long values anywhere (addresses, query strings, forms, the admin's filters
and autocomplete), searched for by hypothesis as well as written out."""

import datetime
import re
from urllib.parse import quote, urlencode

from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.auth.models import User
from django.urls import URLResolver, get_resolver
from django.urls.resolvers import RoutePattern
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from opsreport.models import WebsiteMonth
from opsreport.roles import APPROVER, EDITOR, PANEL_MEMBER
from tests.base import JUNE_2018, BaseTestCase, SampleTestCase, make_user

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


# --- NUL characters and over-long values, anywhere a request carries text --------------------

NUL = "\x00"
LONG = "x" * 5000


class NulAndLengthTests(SampleTestCase):
    """What the attacker's probe found: each answered 500 on PostgreSQL (a NUL reaching a query
    is refused by PostgreSQL itself), now a 400 or a form error."""

    def test_an_appendix_letter_with_a_nul_is_a_400_signed_in_or_out(self):
        for path in [
            "/papers/2018-06/appendices/%00/",
            "/papers/2018-06/appendices/%00/pdf/",
            "/papers/2018-06/appendices/A%00/",
        ]:
            with self.subTest(path=path):
                self.client.logout()
                self.assertEqual(self.client.get(path).status_code, 400)
                self.client.force_login(self.alex)
                response = self.client.get(path)
                self.assertContains(response, "NUL character", status_code=400)

    def test_admin_list_filters_and_the_autocomplete_with_a_nul_are_a_400(self):
        self.client.force_login(self.alex)
        for path in [
            "/admin/opsreport/paper/?classification__exact=%00",
            "/admin/parties/testcompletion/?classification__exact=%00",
            "/admin/parties/testcompletion/?kind__exact=%00",
            "/admin/parties/membershipevent/?kind__exact=%00",
            "/admin/autocomplete/?term=%00&app_label=parties&model_name=membershipevent&field_name=party",
        ]:
            with self.subTest(path=path):
                self.assertEqual(self.client.get(path).status_code, 400)

    def test_a_nul_in_a_posted_form_is_a_400(self):
        self.client.force_login(self.alex)
        response = self.client.post("/papers/2018-06/findings/reopen/", {"code": "helpdesk-total" + NUL})
        self.assertContains(response, "A form field holds a NUL character", status_code=400)

    def test_over_long_query_values_and_path_segments_are_a_400(self):
        self.client.force_login(self.alex)
        self.assertEqual(self.client.get(f"/admin/parties/party/?q={LONG}").status_code, 400)
        self.assertEqual(self.client.get(f"/papers/2018-06/appendices/{LONG}/").status_code, 400)
        self.assertEqual(self.client.get("/papers/?" + "k" * 200 + "=1").status_code, 400)
        self.assertEqual(self.client.get("/admin/parties/party/?q=" + "x" * 200).status_code, 200)

    def test_a_username_of_256_characters_is_a_form_error(self):
        response = self.client.post("/accounts/login/", {"username": "u" * 256, "password": "wrong"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "did not match")
        self.assertIn("at most 150 characters", str(response.context["form"].errors["username"]))
        self.assertFalse(AccessAttempt.objects.exists())

    def test_a_membership_event_posted_with_party_abc_is_a_form_error(self):
        self.client.force_login(self.erin)
        for party in ["abc", "99999999999999999999", "-1"]:
            with self.subTest(party=party):
                response = self.client.post(
                    "/admin/parties/membershipevent/add/", {"party": party, "kind": "accession", "date": "01/06/2018"}
                )
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "Select a valid choice")


# --- the same, searched for by hypothesis: every path converter, form posts, admin filters and
# the autocomplete. With DATABASE_URL set the suite runs on PostgreSQL, where a NUL or an
# over-long value reaching a query is an error rather than a miss.

# Text a person or an attacker might send: anything, long runs, a NUL, numbers past any column.
HOSTILE = st.one_of(
    st.text(max_size=40),
    st.text(min_size=1, max_size=3).map(lambda s: s * 400),
    st.sampled_from(["", NUL, "A" + NUL, "abc", "-1", "0", "99999999999999999999", "2018-06", "01/06/2018", "A"]),
    st.integers().map(str),
)


def routes_with_converters():
    """Every URL route of the site that takes a value in its path, as a format string: each
    converter (`<month:month>`, `<int:number>`, `<str:letter>`, `<slug:slug>`, `<path:object_id>`,
    the admin's `<id>`) becomes `{}`."""

    def walk(patterns, prefix):
        for entry in patterns:
            pattern = entry.pattern
            if not isinstance(pattern, RoutePattern):
                continue  # the admin's two regular expressions: its app index and catch-all
            route = prefix + str(pattern)
            if isinstance(entry, URLResolver):
                yield from walk(entry.url_patterns, route)
            elif "<" in route:
                yield "/" + re.sub(r"<[^>]+>", "{}", route)

    return sorted(set(walk(get_resolver().url_patterns, "")))


ROUTES = routes_with_converters()

# Form posts, signed in as someone allowed to make them: (path, fields).
POSTS = [
    ("/accounts/login/", ["username", "password"]),
    ("/papers/2018-06/findings/reopen/", ["code"]),
    ("/papers/2018-06/findings/resolve/", ["code", "note"]),
    ("/papers/2018-06/approve/", ["seen"]),
    ("/months/2018-07/meetings/", ["form-TOTAL_FORMS", "form-INITIAL_FORMS", "form-0-date", "form-0-committee"]),
    ("/months/2018-07/import/", ["confirm", "sha256", "published"]),
    ("/register/", ["confirm", "sha256", "confirm_published"]),
    ("/register/reconcile/", ["action", "figure", "address", "note"]),
    ("/admin/parties/membershipevent/add/", ["party", "kind", "date", "note"]),
    ("/admin/parties/party/add/", ["name", "category", "voting_group", "is_dcc"]),
    ("/admin/helpdesk/enquirycategory/add/", ["name", "order", "active"]),
    ("/admin/opsreport/websitemonth/add/", ["month", "visits", "page_views"]),
    ("/admin/meetings/meeting/add/", ["name", "committee", "summary", "dates-TOTAL_FORMS", "dates-0-date"]),
    ("/admin/parties/party/", ["action", "_selected_action", "index"]),
]


def admin_filter_parameters():
    """(changelist, parameter) for every list filter of every ModelAdmin, as the admin's own
    filter links name them, with the lookups a hand-made address might try as well."""
    found = []
    for model, model_admin in admin.site._registry.items():
        changelist = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        found += [(changelist, "q"), (changelist, "o"), (changelist, "p")]
        for spec in model_admin.list_filter:
            if isinstance(spec, str):
                found += [
                    (changelist, spec + suffix) for suffix in ["__exact", "__id__exact", "__gte", "__lt", "__isnull"]
                ]
            else:
                found.append((changelist, spec.parameter_name))
    return sorted(found)


ADMIN_FILTERS = admin_filter_parameters()
AUTOCOMPLETES = sorted(
    (model._meta.app_label, model._meta.model_name, name)
    for model, model_admin in admin.site._registry.items()
    for name in model_admin.autocomplete_fields
)


class AnyInputPropertyTests(HypothesisTestCase):
    """Whatever is sent, anywhere, the answer is below 500."""

    @classmethod
    def setUpTestData(cls):
        cls.root = User.objects.create_superuser("hyp-root", password="password")
        cls.alex = make_user("hyp-alex", APPROVER)

    def assert_no_server_error(self, response, what):
        self.assertLess(response.status_code, 500, what)

    @settings(max_examples=150, deadline=None)
    @given(route=st.sampled_from(ROUTES), values=st.lists(HOSTILE, min_size=2, max_size=2))
    def test_no_value_in_any_path_converter_makes_a_server_error(self, route, values):
        self.client.force_login(self.root)
        path = route.format(*[quote(value, safe="") for value in values][: route.count("{}")])
        self.assert_no_server_error(self.client.get(path), path)

    @settings(max_examples=120, deadline=None)
    @given(
        target=st.sampled_from(POSTS),
        data=st.data(),
    )
    def test_no_form_post_makes_a_server_error(self, target, data):
        path, fields = target
        body = data.draw(st.dictionaries(st.sampled_from(fields), HOSTILE, max_size=len(fields)))
        if path != "/accounts/login/":
            self.client.force_login(self.root if path.startswith("/admin/") else self.alex)
        self.assert_no_server_error(self.client.post(path, body), (path, body))

    @settings(max_examples=120, deadline=None)
    @given(target=st.sampled_from(ADMIN_FILTERS), value=HOSTILE)
    def test_no_admin_list_filter_makes_a_server_error(self, target, value):
        self.client.force_login(self.root)
        changelist, parameter = target
        path = f"{changelist}?{urlencode({parameter: value})}"
        self.assert_no_server_error(self.client.get(path), path)

    @settings(max_examples=60, deadline=None)
    @given(target=st.sampled_from(AUTOCOMPLETES), term=HOSTILE, page=HOSTILE)
    def test_no_autocomplete_search_makes_a_server_error(self, target, term, page):
        self.client.force_login(self.root)
        app_label, model_name, field_name = target
        query = {"app_label": app_label, "model_name": model_name, "field_name": field_name, "term": term, "page": page}
        path = f"/admin/autocomplete/?{urlencode(query)}"
        self.assert_no_server_error(self.client.get(path), path)


class HistoryKeyPastTheColumnTests(BaseTestCase):
    """Found by the path-converter fuzz: a record's history at a key past 64 bits was a 500 on
    SQLite (an overflow in the inline rows' query), not the admin's "no such record"."""

    def test_a_history_address_with_a_key_past_64_bits_is_no_record(self):
        self.client.force_login(self.alex)
        response = self.client.get("/admin/parties/party/9223372036854775872/history/")
        self.assertEqual(response.status_code, 302)
