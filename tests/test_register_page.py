"""The approver's register page: download the register and its empty template, upload a file,
see the preview sheet by sheet, confirm. Editors and the Panel are refused."""

import datetime
from pathlib import Path

import time_machine
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from opsreport.register.export import register_bytes
from opsreport.workbook.export import XLSX_TYPE
from parties.models import EventKind, MembershipEvent, Party
from tests.base import SampleTestCase
from tests.register_helpers import append_rows, set_cells, sheet_rows

NOW = datetime.datetime(2018, 7, 10, 10, 0)
NEW_PARTY = ["Northern Lights Energy Limited", "Small Supplier", "", datetime.date(2018, 6, 20)]


def upload(client, data, name="register.xlsx"):
    return client.post(reverse("register:index"), {"register": SimpleUploadedFile(name, data, XLSX_TYPE)})


@time_machine.travel(NOW, tick=False)
class AccessTests(SampleTestCase):
    URLS = ["/register/", "/register/register.xlsx", "/register/template.xlsx"]

    def test_the_addresses_others_link_to(self):
        self.assertEqual(reverse("register:template"), "/register/template.xlsx")
        self.assertEqual(reverse("register:index"), "/register/")

    def test_the_approver_gets_the_page_and_both_downloads(self):
        self.client.force_login(self.alex)
        page = self.client.get("/register/")
        self.assertContains(page, "Download the empty template")
        self.assertContains(page, 'href="/register/template.xlsx"')
        self.assertContains(page, 'href="/register/"', msg_prefix="the navigation links the page")
        for url in self.URLS[1:]:
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200)
            self.assertEqual(response["Content-Type"], XLSX_TYPE)
            self.assertIn("attachment", response["Content-Disposition"])

    def test_editors_and_the_panel_are_refused_and_strangers_sent_to_sign_in(self):
        for user in (self.erin, self.pat):
            self.client.force_login(user)
            for url in self.URLS:
                self.assertEqual(self.client.get(url).status_code, 403, (user.username, url))
            self.assertEqual(upload(self.client, register_bytes()).status_code, 403)
            self.assertNotContains(self.client.get("/", follow=True), 'href="/register/"')
        self.client.logout()
        for url in self.URLS:
            response = self.client.get(url)
            self.assertEqual(response.status_code, 302)
            self.assertIn("/accounts/login/", response["Location"])

    def test_the_template_download_holds_headings_and_no_records(self):
        self.client.force_login(self.alex)
        data = self.client.get("/register/template.xlsx").content
        self.assertEqual(len(sheet_rows(data, "Parties")), 1)
        self.assertEqual(sheet_rows(data, "Parties")[0][0], "Party")

    def test_query_counts_are_pinned(self):
        self.client.force_login(self.alex)
        self.client.get("/register/")  # the session and the user, once
        with self.assertNumQueries(4):  # the session, the user, its permissions and its groups'
            self.client.get("/register/")
        # The download reads each kind of record once, whatever the number of records.
        with self.assertNumQueries(43):
            self.client.get("/register/register.xlsx")
        Party.objects.create(name="One More Party", is_dcc=False, voting_group=Party.objects.first().voting_group)
        with self.assertNumQueries(43):
            self.client.get("/register/register.xlsx")


@time_machine.travel(NOW, tick=False)
class ImportTests(SampleTestCase):
    def setUp(self):
        self.client.force_login(self.alex)

    def test_upload_previews_sheet_by_sheet_then_confirm_writes(self):
        data = append_rows(register_bytes(), "Parties", [NEW_PARTY])
        page = upload(self.client, data)
        self.assertContains(page, "<strong>1</strong> row will be created, <strong>0</strong> will change")
        self.assertContains(page, 'Parties <span class="subtitle">1 to create, 314 unchanged</span>')
        self.assertContains(page, 'Defaults <span class="subtitle">3 unchanged</span>')
        self.assertContains(page, "Northern Lights Energy Limited")
        self.assertNotContains(page, "Wingas UK Limited", msg_prefix="an unchanged row is counted, not listed")
        self.assertFalse(Party.objects.filter(name=NEW_PARTY[0]).exists(), "the preview writes nothing")
        sha256 = page.context["plan"].sha256
        done = self.client.post(reverse("register:index"), {"confirm": "1", "sha256": sha256}, follow=True)
        self.assertContains(done, "Imported register.xlsx: 1 row created, 0 changed")
        party = Party.objects.get(name=NEW_PARTY[0])
        self.assertEqual(party.voting_group.name, NEW_PARTY[0])
        self.assertEqual(party.events.get().date, datetime.date(2018, 6, 20))
        record = party.history.get()
        self.assertEqual(
            (record.history_user, record.history_change_reason), (self.alex, "Register import: register.xlsx")
        )

    def test_the_same_register_again_has_nothing_to_write(self):
        page = upload(self.client, register_bytes())
        self.assertContains(page, "Nothing to write")
        self.assertNotContains(page, 'name="confirm"')

    def test_a_bad_register_lists_every_error_and_offers_no_confirmation(self):
        events = MembershipEvent.objects.count()
        page = upload(self.client, set_cells(register_bytes(), "Parties", {"B2": "Big Supplier", "D3": "soon"}))
        self.assertContains(page, "2 errors: nothing will be written")
        self.assertContains(page, "Unknown category &#x27;Big Supplier&#x27;")
        self.assertContains(page, "D (Acceded on)")
        self.assertNotContains(page, 'name="confirm"')
        self.assertEqual(MembershipEvent.objects.count(), events)

    def test_a_confirmation_without_its_preview_writes_nothing(self):
        page = self.client.post(reverse("register:index"), {"confirm": "1", "sha256": "0" * 64})
        self.assertContains(page, "That preview has expired")

    def test_a_confirmation_after_the_data_moved_shows_the_new_preview_first(self):
        sha256 = upload(self.client, append_rows(register_bytes(), "Parties", [NEW_PARTY])).context["plan"].sha256
        accession = MembershipEvent.objects.filter(kind=EventKind.ACCESSION).earliest("date", "pk")
        MembershipEvent.objects.filter(pk=accession.pk).update(date=accession.date - datetime.timedelta(days=1))
        page = self.client.post(reverse("register:index"), {"confirm": "1", "sha256": sha256})
        self.assertContains(page, "The data changed since your preview: this is what the file would do now.")
        self.assertFalse(Party.objects.filter(name=NEW_PARTY[0]).exists(), "nothing written unseen")
        done = self.client.post(reverse("register:index"), {"confirm": "1", "sha256": sha256}, follow=True)
        self.assertContains(done, "Imported register.xlsx: 1 row created, 1 changed")

    def test_a_kept_file_that_is_gone_writes_nothing(self):
        sha256 = upload(self.client, append_rows(register_bytes(), "Parties", [NEW_PARTY])).context["plan"].sha256
        (Path(settings.DATA_DIR) / "register-uploads" / f"{sha256}.xlsx").unlink()
        page = self.client.post(reverse("register:index"), {"confirm": "1", "sha256": sha256})
        self.assertContains(page, "The uploaded file is no longer available: upload it again.")
        self.assertFalse(Party.objects.filter(name=NEW_PARTY[0]).exists())

    def test_a_preview_kept_before_the_session_remembered_its_suffix_is_still_confirmed(self):
        sha256 = upload(self.client, append_rows(register_bytes(), "Parties", [NEW_PARTY])).context["plan"].sha256
        session = self.client.session
        del session["register_upload"]["suffix"]  # as the register's page kept it until then
        session.save()
        done = self.client.post(reverse("register:index"), {"confirm": "1", "sha256": sha256}, follow=True)
        self.assertContains(done, "Imported register.xlsx: 1 row created, 0 changed")

    def test_a_file_that_is_not_a_workbook_is_refused(self):
        page = upload(self.client, b"name,category\n", name="register.csv")
        self.assertContains(page, "The register is an .xlsx workbook")
