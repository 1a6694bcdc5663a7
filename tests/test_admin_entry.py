"""A month's tallies are entered on one screen; bad input is refused with a message and nothing is saved."""

import datetime
from unittest import mock

import time_machine
from django.urls import reverse

from helpdesk.models import EmailTally, EnquiryCategory, HelpdeskMonth
from opsreport.models import EffortDriver, EffortMonth
from tests.base import SampleTestCase

D = datetime.date


def inline_post(prefix, rows, initial=0):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{i}-{key}"] = value
    return data


@time_machine.travel(datetime.datetime(2018, 7, 2, 9, 0), tick=False)
class HelpdeskMonthEntryTests(SampleTestCase):
    def setUp(self):
        self.client.force_login(self.erin)
        self.url = reverse("admin:helpdesk_helpdeskmonth_add")
        self.categories = list(EnquiryCategory.objects.all())

    def post_july(self, counts, **fields):
        data = {"month": "2018-07-01", "telephone_enquiries": "51", "mailbox_total": "1300", **fields}
        data |= inline_post("tallies", [{"category": c.pk, "emails": n} for c, n in zip(self.categories, counts)])
        return self.client.post(self.url, data)

    def test_a_new_month_starts_with_every_active_category(self):
        EnquiryCategory.objects.filter(name="Other").update(retired=True)
        page = self.client.get(self.url)
        formset = page.context["inline_admin_formsets"][0].formset
        self.assertEqual([form.initial["category"] for form in formset.forms], [c.pk for c in self.categories[:-1]])
        self.assertEqual(page.context["adminform"].form.initial["month"], D(2018, 7, 1))

    def test_a_whole_month_is_saved_from_one_screen(self):
        response = self.post_july([100] * 11)
        self.assertEqual(response.status_code, 302)
        month = HelpdeskMonth.objects.get(month=D(2018, 7, 1))
        self.assertEqual(month.tallies.count(), 11)
        self.assertEqual(sum(t.emails for t in month.tallies.all()), 1100)

    def test_a_negative_count_is_refused_and_nothing_is_saved(self):
        response = self.post_july([100] * 10 + [-5])
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "-5 is negative: a count cannot be.")  # the workbook's words too
        self.assertFalse(HelpdeskMonth.objects.filter(month=D(2018, 7, 1)).exists())

    def test_a_month_not_on_its_first_day_is_refused(self):
        response = self.post_july([1] * 11, month="2018-07-15")
        self.assertContains(response, "A month is stored as its first day: enter 01/07/2018 for July 2018.")
        self.assertEqual(EmailTally.objects.filter(helpdesk_month__month__gte=D(2018, 7, 1)).count(), 0)

    def test_a_month_entered_twice_is_refused(self):
        response = self.post_july([1] * 11, month="2018-06-01")
        self.assertContains(response, "This month is already entered.")
        self.assertEqual(HelpdeskMonth.objects.get(month=D(2018, 6, 1)).mailbox_total, 1328)

    def test_two_editors_adding_the_same_month_at_once_get_a_form_error_not_a_500(self):
        # The other editor's July is saved between this form's validation and its save: as if
        # validation ran before their commit, the first unique check sees nothing.
        HelpdeskMonth.objects.create(month=D(2018, 7, 1), mailbox_total=1)
        real = HelpdeskMonth.validate_unique
        raced = []

        def validate_unique_losing_the_race(instance, exclude=None):
            if not raced:
                raced.append(True)
                return None
            return real(instance, exclude)

        with mock.patch.object(HelpdeskMonth, "validate_unique", validate_unique_losing_the_race):
            response = self.post_july([100] * 11)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "This month is already entered.")
        self.assertContains(response, 'value="1300"')  # the editor's input is kept on the form
        self.assertEqual(HelpdeskMonth.objects.get(month=D(2018, 7, 1)).mailbox_total, 1)

    def test_a_category_entered_twice_is_refused(self):
        data = {"month": "2018-07-01", "telephone_enquiries": "51", "mailbox_total": "20"}
        data |= inline_post("tallies", [{"category": self.categories[0].pk, "emails": 10}] * 2)
        response = self.client.post(self.url, data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Please correct the duplicate data for category")
        self.assertFalse(HelpdeskMonth.objects.filter(month=D(2018, 7, 1)).exists())

    def test_a_retired_category_stays_in_the_months_that_used_it(self):
        other = EnquiryCategory.objects.get(name="Other")
        other.retired = True
        other.save()
        june = HelpdeskMonth.objects.get(month=D(2018, 6, 1))
        page = self.client.get(reverse("admin:helpdesk_helpdeskmonth_change", args=[june.pk]))
        field = page.context["inline_admin_formsets"][0].formset.forms[0].fields["category"]
        self.assertIn(other, field.queryset)
        new_page = self.client.get(self.url)
        new_field = new_page.context["inline_admin_formsets"][0].formset.forms[0].fields["category"]
        self.assertNotIn(other, new_field.queryset)


class EffortEntryTests(SampleTestCase):
    def setUp(self):
        self.client.force_login(self.erin)
        self.driver = EffortDriver.objects.get(name="Core Panel and Board")

    def test_a_driver_entered_twice_is_refused_with_its_name(self):
        data = {"month": "2018-07-01"}
        data |= inline_post(
            "entries",
            [{"driver": self.driver.pk, "days": "10.5"}, {"driver": self.driver.pk, "days": "2"}],
        )
        response = self.client.post(reverse("admin:opsreport_effortmonth_add"), data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Core Panel and Board is entered twice for this month")
        self.assertFalse(EffortMonth.objects.filter(month=D(2018, 7, 1)).exists())

    def test_days_keep_four_decimals(self):
        data = {"month": "2018-07-01"}
        data |= inline_post("entries", [{"driver": self.driver.pk, "days": "12.3456"}])
        self.client.post(reverse("admin:opsreport_effortmonth_add"), data)
        entry = EffortMonth.objects.get(month=D(2018, 7, 1)).entries.get()
        self.assertEqual(str(entry.days), "12.3456")


class NewPaperTests(SampleTestCase):
    def test_a_new_paper_follows_the_latest(self):
        self.client.force_login(self.erin)
        form = self.client.get(reverse("admin:opsreport_paper_add")).context["adminform"].form
        self.assertEqual(form.initial["month"], D(2018, 7, 1))
        self.assertEqual(form.initial["panel_meeting_number"], 59)
        self.assertEqual(form.initial["author"], "Hollie McGovern")
