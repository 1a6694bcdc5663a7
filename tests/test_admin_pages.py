"""Every data-entry screen renders for the editor, and the index follows the paper."""

import warnings

from django.contrib import admin
from django.core.paginator import UnorderedObjectListWarning
from django.urls import reverse

from opsreport.roles import DATA_APPS
from tests.base import SampleTestCase


def data_models():
    return [model for model in admin.site._registry if model._meta.app_label in DATA_APPS]


class AdminPagesTests(SampleTestCase):
    def setUp(self):
        self.client.force_login(self.erin)

    def test_every_changelist_add_and_change_page_renders(self):
        self.assertGreaterEqual(len(data_models()), 20)
        for model in data_models():
            opts = model._meta
            with self.subTest(model=opts.label):
                changelist = self.client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
                self.assertEqual(changelist.status_code, 200)
                add = self.client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
                self.assertEqual(add.status_code, 200)
                obj = model.objects.first()
                if obj is not None:
                    change = self.client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))
                    self.assertEqual(change.status_code, 200)

    def test_the_index_is_grouped_as_the_paper_is(self):
        page = self.client.get(reverse("admin:index")).content.decode()
        headings = [
            "Front page and 2. Monthly SECAS Highlights",
            "1. Market Entry and Exit",
            "3. SECAS Time Devoted by Service Area",
            "4. Helpdesk Activities",
            "5. SEC Website Update and Statistics",
            "6. SEC Meeting Details",
        ]
        positions = [page.index(heading) for heading in headings]
        self.assertEqual(positions, sorted(positions))

    def test_june_2018_figures_are_found_in_the_admin(self):
        cases = [
            ("admin:helpdesk_helpdeskmonth_changelist", ["June 2018", "1328", "47"]),
            ("admin:opsreport_effortmonth_changelist", ["500.87"]),
            ("admin:opsreport_websitemonth_changelist", ["6825", "20292", "2118", "1254"]),
            ("admin:parties_applicant_changelist", ["Leep Gas Networks Limited"]),
            (
                "admin:parties_uepcompletion_changelist",
                ["Foxglove Energy Supply Limited", "Registered Supplier Agent (RSA)"],
            ),
            ("admin:meetings_modification_changelist", ["SECMP0027", "Amending Service Request Forecasting"]),
            ("admin:opsreport_paper_changelist", ["SECP 58 1307 22", "Operations Report — June 2018"]),
        ]
        for url, texts in cases:
            page = self.client.get(reverse(url)).content.decode()
            for text in texts:
                with self.subTest(url=url, text=text):
                    self.assertIn(text, page)

    def test_the_panel_member_cannot_reach_the_admin(self):
        self.client.force_login(self.pat)
        response = self.client.get(reverse("admin:helpdesk_helpdeskmonth_changelist"))
        self.assertEqual(response.status_code, 302)
        self.assertIn("/admin/login/", response["Location"])

    def test_the_approver_reads_but_does_not_enter_data(self):
        self.client.force_login(self.alex)
        self.assertEqual(self.client.get(reverse("admin:helpdesk_helpdeskmonth_changelist")).status_code, 200)
        self.assertEqual(self.client.get(reverse("admin:helpdesk_helpdeskmonth_add")).status_code, 403)


class StableOrderTests(SampleTestCase):
    """Every list the admin pages is ordered, so a record never shows on two pages or on none:
    Django warns (UnorderedObjectListWarning) when it pages an unordered list, here an error."""

    def setUp(self):
        self.client.force_login(self.erin)

    def get(self, url):
        with warnings.catch_warnings():
            warnings.simplefilter("error", UnorderedObjectListWarning)
            return self.client.get(url)

    def test_every_changelist_sorted_and_searched(self):
        for model in data_models():
            opts = model._meta
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
            columns = len(admin.site._registry[model].list_display)
            for query in ["", "?q=a", *[f"?o={sign}{i}" for i in range(1, columns + 1) for sign in ["", "-"]]]:
                with self.subTest(model=opts.label, query=query):
                    self.assertEqual(self.get(url + query).status_code, 200)

    def test_every_autocomplete(self):
        """The voting group's list counts its parties (a GROUP BY, which drops Meta.ordering)."""
        for model in data_models():
            opts = model._meta
            for field in admin.site._registry[model].get_autocomplete_fields(None):
                with self.subTest(model=opts.label, field=field):
                    query = f"app_label={opts.app_label}&model_name={opts.model_name}&field_name={field}&term="
                    self.assertEqual(self.get(f"/admin/autocomplete/?{query}").status_code, 200)
