"""One screen per monthly tally, as a grid: every active row to start with, the month a link asks
for, the categories' total checked against the mailbox on save, and no way to rename a
category or driver from one month's form."""

import datetime

import time_machine
from django.urls import reverse

from helpdesk.models import EnquiryCategory, HelpdeskMonth
from opsreport.models import EffortDriver, EffortMonth, WebsiteMonth
from tests.base import SampleTestCase
from tests.test_admin_entry import inline_post

D = datetime.date


@time_machine.travel(datetime.datetime(2018, 7, 2, 9, 0), tick=False)
class HelpdeskGridTests(SampleTestCase):
    def setUp(self):
        self.client.force_login(self.erin)
        self.url = reverse("admin:helpdesk_helpdeskmonth_add")
        self.categories = list(EnquiryCategory.objects.all())

    def post_july(self, counts, mailbox):
        data = {"month": "2018-07-01", "telephone_enquiries": "51", "mailbox_total": str(mailbox)}
        data |= inline_post("tallies", [{"category": c.pk, "emails": n} for c, n in zip(self.categories, counts)])
        return self.client.post(self.url, data, follow=True)

    def test_a_new_month_is_a_grid_of_every_active_category(self):
        page = self.client.get(self.url)
        formset = page.context["inline_admin_formsets"][0].formset
        self.assertEqual([form.initial["category"] for form in formset.forms], [c.pk for c in self.categories])
        self.assertContains(page, 'class="module month-grid"')  # what static/site/admin.js makes a grid
        self.assertContains(page, "site/admin.js")

    def test_the_month_page_link_prefills_the_month(self):
        page = self.client.get(self.url + "?month=2018-09")
        self.assertEqual(page.context["adminform"].form.initial["month"], D(2018, 9, 1))
        self.assertContains(page, 'value="01/09/2018"')

    def test_a_month_not_written_as_a_month_is_ignored_not_an_error(self):
        for bad in ["2018-13", "July", "2018-07-15", "<script>"]:
            page = self.client.get(self.url, {"month": bad})
            self.assertEqual(page.status_code, 200, bad)
            self.assertEqual(page.context["adminform"].form.initial["month"], D(2018, 7, 1), bad)

    def test_a_link_to_a_month_already_entered_opens_it(self):
        june = HelpdeskMonth.objects.get(month=D(2018, 6, 1))
        response = self.client.get(self.url + "?month=2018-06")
        self.assertRedirects(response, reverse("admin:helpdesk_helpdeskmonth_change", args=[june.pk]))

    def test_categories_that_disagree_with_the_mailbox_are_saved_with_a_warning(self):
        response = self.post_july([100] * 11, mailbox=1090)
        self.assertEqual(HelpdeskMonth.objects.get(month=D(2018, 7, 1)).tallies.count(), 11)
        warnings = [str(m) for m in response.context["messages"] if m.level_tag == "warning"]
        self.assertEqual(len(warnings), 1)
        self.assertIn("July 2018: the categories add up to 1,100, 10 more than the mailbox's 1,090.", warnings[0])

    def test_categories_that_agree_with_the_mailbox_give_no_warning(self):
        response = self.post_july([100] * 11, mailbox=1100)
        self.assertTrue(HelpdeskMonth.objects.filter(month=D(2018, 7, 1)).exists())
        self.assertEqual([m for m in response.context["messages"] if m.level_tag == "warning"], [])

    def test_correcting_a_published_month_that_disagrees_still_saves_and_warns(self):
        july_2017 = HelpdeskMonth.objects.get(month=D(2017, 7, 1))
        tallies = list(july_2017.tallies.all())
        data = {"month": "2017-07-01", "telephone_enquiries": "40", "mailbox_total": "1439"}
        data |= inline_post(
            "tallies",
            [
                {"id": t.pk, "helpdesk_month": july_2017.pk, "category": t.category_id, "emails": t.emails}
                for t in tallies
            ],
            initial=len(tallies),
        )
        url = reverse("admin:helpdesk_helpdeskmonth_change", args=[july_2017.pk])
        response = self.client.post(url, data, follow=True)
        july_2017.refresh_from_db()
        self.assertEqual(july_2017.telephone_enquiries, 40)
        self.assertContains(response, "the categories add up to 1,459, 20 more than the mailbox&#x27;s 1,439")

    def test_the_category_drop_downs_have_no_edit_or_add_icons(self):
        page = self.client.get(self.url)
        self.assertNotContains(page, "related-widget-wrapper-link")
        self.assertNotContains(page, 'id="add_id_tallies-0-category"')


@time_machine.travel(datetime.datetime(2018, 7, 2, 9, 0), tick=False)
class EffortGridTests(SampleTestCase):
    def setUp(self):
        self.client.force_login(self.erin)
        self.url = reverse("admin:opsreport_effortmonth_add")

    def test_drivers_start_the_grid_and_no_reference_row_can_be_edited_from_it(self):
        EffortDriver.objects.filter(name="Technical Effectiveness").update(retired=True)
        page = self.client.get(self.url + "?month=2018-07")
        formset = page.context["inline_admin_formsets"][0].formset
        active = list(EffortDriver.objects.filter(retired=False).values_list("pk", flat=True))
        self.assertEqual([form.initial["driver"] for form in formset.forms], active)
        self.assertEqual(page.context["adminform"].form.initial["month"], D(2018, 7, 1))
        # Driver, product and grade are plain drop-downs: no change, add, delete or view icons.
        self.assertNotContains(page, "related-widget-wrapper-link")
        self.assertNotContains(page, "change-related")
        self.assertNotContains(page, "add-related")
        self.assertContains(page, 'name="entries-0-product"')

    def test_product_and_grade_may_be_left_empty(self):
        drivers = list(EffortDriver.objects.filter(retired=False))
        data = {"month": "2018-07-01"}
        data |= inline_post("entries", [{"driver": d.pk, "product": "", "grade": "", "days": "1.5"} for d in drivers])
        response = self.client.post(self.url, data)
        self.assertEqual(response.status_code, 302)
        entries = EffortMonth.objects.get(month=D(2018, 7, 1)).entries.all()
        self.assertEqual(len(entries), len(drivers))
        self.assertTrue(all(e.product_id is None and e.grade_id is None for e in entries))

    def test_a_month_already_entered_opens_from_its_link(self):
        june = EffortMonth.objects.get(month=D(2018, 6, 1))
        self.assertRedirects(
            self.client.get(self.url + "?month=2018-06"), reverse("admin:opsreport_effortmonth_change", args=[june.pk])
        )


@time_machine.travel(datetime.datetime(2018, 7, 2, 9, 0), tick=False)
class WebsiteScreenTests(SampleTestCase):
    def test_the_month_and_its_four_figures_are_one_fieldset_on_one_line(self):
        self.client.force_login(self.erin)
        page = self.client.get(reverse("admin:opsreport_websitemonth_add") + "?month=2018-07")
        form = page.context["adminform"]
        self.assertEqual(len(list(form)), 1)
        self.assertEqual(form.form.initial["month"], D(2018, 7, 1))
        self.assertContains(page, "compact-figures")
        response = self.client.post(
            reverse("admin:opsreport_websitemonth_add"),
            {
                "month": "2018-07-01",
                "visits": "5000",
                "page_views": "15000",
                "new_visitors": "",
                "returning_visitors": "",
            },
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(WebsiteMonth.objects.get(month=D(2018, 7, 1)).visits, 5000)
