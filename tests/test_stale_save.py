"""No lost update: a save or a delete from a form drawn before someone else's save is refused,
naming what they changed, with this editor's input kept to save again (opsreport.lib.admin's
EditGuardMixin, on every data admin screen)."""

import datetime

from django.contrib import admin
from django.urls import reverse

from helpdesk.models import EmailTally, HelpdeskMonth
from opsreport.lib.admin import EditGuardMixin
from opsreport.roles import DATA_APPS, EDITOR
from parties.models import DCCUserRole, UEPCompletion
from tests.admin_forms import form_data
from tests.base import JUNE_2018, BaseTestCase, SampleTestCase, make_user
from tests.factories import make_enquiry_category, make_helpdesk_month, make_party, make_website_month


def tally_index(data, category):
    """The form index of a category's tally row in posted data."""
    total = int(data["tallies-TOTAL_FORMS"][0])
    return next(i for i in range(total) if data.get(f"tallies-{i}-category") == [str(category.pk)])


class StaleHelpdeskMonthTests(BaseTestCase):
    """Erin (A) and Eddie (B) open the same helpdesk month."""

    def setUp(self):
        self.eddie = make_user("eddie", EDITOR)
        self.applications = make_enquiry_category("Applications", position=1)
        self.modifications = make_enquiry_category("Modifications", position=2)
        self.month = make_helpdesk_month(
            JUNE_2018,
            mailbox_total=500,
            telephone_enquiries=47,
            tallies={self.applications: 300, self.modifications: 200},
        )
        self.url = reverse("admin:helpdesk_helpdeskmonth_change", args=[self.month.pk])
        self.a = self.client_class()
        self.b = self.client_class()
        self.a.force_login(self.erin)
        self.b.force_login(self.eddie)
        self.form_a = form_data(self.a.get(self.url), "helpdeskmonth_form")
        self.form_b = form_data(self.b.get(self.url), "helpdeskmonth_form")

    def emails(self, category):
        return EmailTally.objects.get(helpdesk_month=self.month, category=category).emails

    def test_the_change_form_carries_the_state_it_was_drawn_from(self):
        self.assertIn("_edit_state", self.form_a)

    def test_b_saving_after_a_is_refused_naming_as_change_and_keeping_bs_input(self):
        self.form_a["telephone_enquiries"] = ["52"]
        self.assertEqual(self.a.post(self.url, self.form_a).status_code, 302)

        self.form_b[f"tallies-{tally_index(self.form_b, self.modifications)}-emails"] = ["210"]
        refused = self.b.post(self.url, self.form_b)

        self.assertEqual(refused.status_code, 200)
        self.assertContains(refused, "Not saved: someone else saved this helpdesk month after you opened it.")
        self.assertContains(refused, "Telephone enquiries: 47 → 52")
        self.month.refresh_from_db()
        self.assertEqual(self.month.telephone_enquiries, 52)  # A's change kept
        self.assertEqual(self.emails(self.modifications), 200)  # B's not saved yet
        again = form_data(refused, "helpdeskmonth_form")
        self.assertEqual(again[f"tallies-{tally_index(again, self.modifications)}-emails"], ["210"])  # B's input
        self.assertEqual(again["telephone_enquiries"], ["52"])  # A's value where B changed nothing

        self.assertEqual(self.b.post(self.url, again).status_code, 302)  # B saves again: both kept
        self.month.refresh_from_db()
        self.assertEqual(self.month.telephone_enquiries, 52)
        self.assertEqual(self.emails(self.modifications), 210)

    def test_when_both_change_one_field_bs_input_is_kept_and_marked(self):
        self.form_a["telephone_enquiries"] = ["52"]
        self.a.post(self.url, self.form_a)
        self.form_b["telephone_enquiries"] = ["60"]
        refused = self.b.post(self.url, self.form_b)
        self.assertContains(refused, "Telephone enquiries: 47 → 52 <strong>(you changed it too: your input is kept)")
        again = form_data(refused, "helpdeskmonth_form")
        self.assertEqual(again["telephone_enquiries"], ["60"])
        self.b.post(self.url, again)
        self.month.refresh_from_db()
        self.assertEqual(self.month.telephone_enquiries, 60)

    def test_a_changed_row_is_named_by_its_category(self):
        self.form_a[f"tallies-{tally_index(self.form_a, self.applications)}-emails"] = ["310"]
        self.a.post(self.url, self.form_a)
        refused = self.b.post(self.url, self.form_b)
        self.assertContains(refused, "Email tallies — Applications — Emails: 300 → 310")
        self.assertEqual(self.emails(self.applications), 310)

    def test_a_row_removed_by_a_stays_removed_when_b_saves_again(self):
        self.form_a[f"tallies-{tally_index(self.form_a, self.modifications)}-DELETE"] = ["on"]
        self.a.post(self.url, self.form_a)
        self.form_b[f"tallies-{tally_index(self.form_b, self.applications)}-emails"] = ["333"]
        refused = self.b.post(self.url, self.form_b)
        self.assertContains(refused, "Email tallies — Modifications: present → removed")
        saved = self.b.post(self.url, form_data(refused, "helpdeskmonth_form"))
        self.assertEqual(saved.status_code, 302, saved.context and saved.context["errors"])
        self.assertEqual(self.emails(self.applications), 333)
        self.assertFalse(EmailTally.objects.filter(category=self.modifications).exists())

    def test_a_form_nobody_else_saved_since_saves_at_once(self):
        self.form_b["telephone_enquiries"] = ["49"]
        self.assertEqual(self.b.post(self.url, self.form_b).status_code, 302)
        self.month.refresh_from_db()
        self.assertEqual(self.month.telephone_enquiries, 49)

    def test_a_tampered_token_is_refused_and_the_form_drawn_afresh(self):
        self.form_b["_edit_state"] = ["forged"]
        self.form_b["telephone_enquiries"] = ["49"]
        refused = self.b.post(self.url, self.form_b)
        self.assertContains(refused, "Not saved: someone else saved this helpdesk month")
        self.assertEqual(HelpdeskMonth.objects.get().telephone_enquiries, 47)
        self.assertEqual(self.b.post(self.url, form_data(refused, "helpdeskmonth_form")).status_code, 302)
        self.assertEqual(HelpdeskMonth.objects.get().telephone_enquiries, 49)

    def test_a_delete_confirmed_from_a_stale_page_is_refused(self):
        delete_url = reverse("admin:helpdesk_helpdeskmonth_delete", args=[self.month.pk])
        confirm = form_data(self.b.get(delete_url))
        self.assertIn("_edit_state", confirm)
        self.form_a["telephone_enquiries"] = ["52"]
        self.a.post(self.url, self.form_a)

        refused = self.b.post(delete_url, confirm, follow=True)
        self.assertContains(refused, "Not deleted: someone else saved this helpdesk month after you opened this page")
        self.assertContains(refused, "Telephone enquiries: 47 → 52")
        self.assertTrue(HelpdeskMonth.objects.filter(pk=self.month.pk).exists())

        self.b.post(delete_url, form_data(refused))  # confirmed again, on the page as it stands
        self.assertFalse(HelpdeskMonth.objects.filter(pk=self.month.pk).exists())


class StaleRecordScreenTests(BaseTestCase):
    def setUp(self):
        self.eddie = make_user("eddie", EDITOR)
        self.a, self.b = self.client_class(), self.client_class()
        self.a.force_login(self.erin)
        self.b.force_login(self.eddie)

    def test_a_website_month_saved_twice_keeps_the_first_save(self):
        month = make_website_month(JUNE_2018, visits=100, page_views=400)
        url = reverse("admin:opsreport_websitemonth_change", args=[month.pk])
        form_a, form_b = form_data(self.a.get(url)), form_data(self.b.get(url))
        form_a["visits"] = ["120"]
        self.a.post(url, form_a)
        form_b["page_views"] = ["450"]
        refused = self.b.post(url, form_b)
        self.assertContains(refused, "Visits: 100 → 120")
        self.b.post(url, form_data(refused, "websitemonth_form"))
        month.refresh_from_db()
        self.assertEqual((month.visits, month.page_views), (120, 450))

    def test_a_completions_roles_are_compared_by_name(self):
        party = make_party(acceded=datetime.date(2018, 1, 1))
        gas, export = DCCUserRole.objects.order_by("position")[:2]
        completion = UEPCompletion.objects.create(party=party, completed_on=datetime.date(2018, 6, 18))
        completion.roles.set([gas])
        url = reverse("admin:parties_uepcompletion_change", args=[completion.pk])
        form_a, form_b = form_data(self.a.get(url)), form_data(self.b.get(url))
        form_a["roles"] = [str(gas.pk), str(export.pk)]
        self.a.post(url, form_a)
        form_b["completed_on"] = ["19/06/2018"]
        refused = self.b.post(url, form_b)
        self.assertContains(refused, f"DCC user roles: {gas} → {gas}, {export}")
        self.b.post(url, form_data(refused, "uepcompletion_form"))
        completion.refresh_from_db()
        self.assertEqual(completion.completed_on, datetime.date(2018, 6, 19))
        self.assertEqual(set(completion.roles.all()), {gas, export})


class EveryDataScreenIsGuardedTests(SampleTestCase):
    def test_every_data_model_admin_guards_its_forms(self):
        from django.apps import apps

        site = admin.site
        for model, model_admin in site._registry.items():
            if model._meta.app_label in DATA_APPS:
                with self.subTest(model=model._meta.label):
                    self.assertIsInstance(model_admin, EditGuardMixin)
        self.assertIn(apps.get_model("helpdesk.HelpdeskMonth"), site._registry)

    def test_every_data_change_form_carries_a_token(self):
        self.client.force_login(self.erin)
        for model in admin.site._registry:
            if model._meta.app_label not in DATA_APPS:
                continue
            obj = model._default_manager.first()
            if obj is None:
                continue
            with self.subTest(model=model._meta.label):
                url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk])
                page = self.client.get(url)
                self.assertEqual(page.status_code, 200)
                self.assertIn("_edit_state", form_data(page, f"{model._meta.model_name}_form"))
