"""Each role in a real browser (Debian's Chromium through Playwright), with axe on every page.

The browser and axe are session fixtures in tests/conftest.py, shared with
tests/test_browser_phone.py. The suite signs in through the login form, clicks as a person would, and fails on any console
error or any serious or critical axe-core violation on any page it reaches.

Playwright's sync API runs an event loop in this thread, which makes Django refuse ORM calls
from it; the test process is a test process, so it is allowed here.
"""

import csv
import hashlib
import io
import os
import re

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from django.contrib.auth.models import Group, User
from openpyxl import load_workbook
from playwright.sync_api import expect

from helpdesk.models import HelpdeskMonth
from opsreport.roles import APPROVER, EDITOR, PANEL_MEMBER
from opsreport.sample import july
from parties.models import Applicant, Party
from tests.helpers import restore_sample

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "browser-test-password"
BLOCKING_IMPACTS = {"serious", "critical"}
# What axe found on each page the suite checked (the page as a browser holds it, at its window
# size), for this test process: many tests pass through the same pages in the same state.
AXE_FINDINGS: dict[str, list[str]] = {}
CSRF_TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*')


@pytest.fixture
def site(live_server):
    restore_sample()
    for username, role, first in [("erin", EDITOR, "Erin"), ("alex", APPROVER, "Alex"), ("pat", PANEL_MEMBER, "Pat")]:
        user = User.objects.create_user(username, password=PASSWORD, first_name=first)
        user.groups.add(Group.objects.get(name=role))
    return live_server.url


class Visit:
    """A signed-in person's tab: notes console errors and runs axe on every page it reaches."""

    def __init__(self, browser, axe, base_url):
        self.context = browser.new_context(
            base_url=base_url, accept_downloads=True, viewport={"width": 1280, "height": 900}
        )
        self.context.set_default_timeout(15_000)
        # A Content-Security-Policy violation fails the suite like any console error.
        self.context.add_init_script(
            "document.addEventListener('securitypolicyviolation', e => console.error("
            "'CSP violation: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline')));"
        )
        self.page = self.context.new_page()
        self.axe = axe
        self.errors = []
        self.violations = []
        self.reached = []
        self.checked = set()
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(f"{self.page.url}: {m.text}"))
        self.page.on("pageerror", lambda e: self.errors.append(f"{self.page.url}: {e}"))
        self.page.on("response", lambda r: r.status >= 400 and self.errors.append(f"{r.status} {r.url}"))
        self.page.on("framenavigated", lambda f: f == self.page.main_frame and self.reached.append(f.url))

    def goto(self, path):
        self.page.goto(path)
        self.check()

    def check(self):
        """axe-core on the page as it stands; serious and critical violations are kept.

        axe judges the document, its styles and the window's size, so a page the suite has
        already checked in the same state, at the same size, is not run through axe again: its
        findings are taken from then (AXE_FINDINGS). Two pages differing only in their CSRF
        tokens are the same page to axe."""
        self.page.wait_for_load_state("load")
        document = CSRF_TOKEN.sub(r"\1", self.page.content())
        state = hashlib.sha256(f"{self.page.viewport_size}\n{document}".encode()).hexdigest()
        if state not in AXE_FINDINGS:
            results = self.axe.run(self.page)
            AXE_FINDINGS[state] = [
                f"{violation['id']} ({violation['impact']}) {[node['target'] for node in violation['nodes']][:3]}"
                for violation in results.response["violations"]
                if violation["impact"] in BLOCKING_IMPACTS
            ]
        self.violations += [f"{self.page.url}: {finding}" for finding in AXE_FINDINGS[state]]
        self.checked.add(self.page.url)

    def sign_in(self, username):
        self.goto("/accounts/login/")
        self.page.get_by_label("Username").fill(username)
        self.page.get_by_label("Password").fill(PASSWORD)
        self.page.get_by_role("button", name="Sign in").click()
        # Home: the latest month's page for editors and the approver, a welcome for the others.
        expect(self.page).not_to_have_url(re.compile("/accounts/login/"))
        expect(self.page.get_by_role("heading", level=1)).to_be_visible()
        self.check()

    def finish(self):
        unchecked = [url for url in self.reached if url not in self.checked and url != "about:blank"]
        self.context.close()
        assert not self.errors, "Console errors:\n" + "\n".join(self.errors)
        assert not self.violations, "axe found serious or critical violations:\n" + "\n".join(self.violations)
        assert not unchecked, f"Pages reached without an axe check: {unchecked}"


@pytest.fixture
def visit(browser, axe, site):
    visits = []

    def open_as(username):
        v = Visit(browser, axe, site)
        visits.append(v)
        v.sign_in(username)
        return v

    yield open_as
    for v in visits:
        v.finish()


def bring_charts_into_view(page):
    """Scroll to each chart in turn: a chart is drawn when it comes near the screen
    (static/site/charts-when-seen.js loads plotly.js then)."""
    for chart in page.locator("[data-figure]").all():
        chart.scroll_into_view_if_needed()


def headline(page, label):
    return page.locator(".headline", has=page.locator("dt", has_text=re.compile(f"^{label}$"))).locator(".value")


def test_the_panel_member_reads_the_dashboard_drills_down_and_downloads(visit):
    v = visit("pat")
    page = v.page
    expect(page.get_by_role("link", name="Data entry")).to_have_count(0)
    page.get_by_role("link", name="Dashboard", exact=True).first.click()
    # June 2018's paper is a draft: the Panel reads the months to May, the last published.
    expect(page.get_by_role("heading", level=1)).to_contain_text("June 2017 to May 2018")
    charts = page.locator(".chart[data-figure]")
    expect(charts).to_have_count(7)
    bring_charts_into_view(page)
    expect(page.locator(".chart[data-drawn='true']")).to_have_count(7)  # every chart drew
    for i in range(7):
        expect(charts.nth(i).locator(".main-svg").first).to_be_visible()
    expect(headline(page, "SEC Parties")).to_have_text("303")
    expect(page.get_by_text("Show the months still in draft")).to_have_count(0)
    v.check()

    # Click May 2018's accessions bar: the records behind it open.
    bar = page.locator("#chart-membership .trace.bars").first.locator(".point path").last
    bar.scroll_into_view_if_needed()  # back up from the last chart
    box = bar.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] - 2
    page.mouse.move(x, y)
    page.mouse.click(x, y)
    expect(page).to_have_url(re.compile(r"/dashboard/records/membership/\?.*month=2018-05"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Membership events — May 2018")
    v.check()

    # Sort by party, then download the CSV of the same records.
    page.get_by_role("link", name="SEC Party").click()
    expect(page).to_have_url(re.compile(r"sort=-?party"))
    v.check()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV").click()
    download = download_info.value
    assert download.suggested_filename == "membership-2018-05-2018-05.csv"
    with open(download.path(), encoding="utf-8-sig") as f:
        rows = list(csv.reader(io.StringIO(f.read())))
    assert rows[0] == ["Date", "SEC Party", "Event", "Party category", "Note"]
    assert len(rows) == 1 + 4  # two accessions, one party entering default and leaving it

    # The archive: the June 2018 paper is a draft, so a Panel member sees none yet.
    page.get_by_role("link", name="Papers", exact=True).click()
    expect(page.get_by_text("No paper has been published for you yet")).to_be_visible()
    v.check()


def test_the_editor_changes_a_helpdesk_figure_and_the_dashboard_follows(visit):
    v = visit("erin")
    page = v.page
    page.get_by_role("link", name="Dashboard", exact=True).first.click()
    expect(headline(page, "Helpdesk emails")).to_have_text("1,205")  # May's: June is a draft
    v.check()
    page.get_by_role("link", name="Show the months still in draft").click()
    expect(page.get_by_role("heading", level=2, name=re.compile("June 2018 at a glance"))).to_contain_text("(draft)")
    expect(headline(page, "Helpdesk emails")).to_have_text("1,328")
    v.check()

    page.get_by_role("link", name="Home").click()
    expect(page).to_have_url(re.compile("/months/2018-06/$"))
    v.check()
    page.get_by_role("link", name="June 2018's helpdesk figures").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Change helpdesk month")
    v.check()
    row = page.locator(
        "tr.form-row", has=page.locator("select option[selected]", has_text=re.compile("^Applications$"))
    )
    emails = row.locator("input[name$='-emails']")
    expect(emails).to_have_value("43")
    emails.fill("143")
    page.locator("input[name='_save']").click()
    expect(page).to_have_url(re.compile("/months/2018-06/$"))  # back where the editor came from
    expect(page.locator(".messages")).to_contain_text("was changed successfully")
    v.check()

    page.goto("/dashboard/?drafts=1")
    expect(headline(page, "Helpdesk emails")).to_have_text("1,428")
    bring_charts_into_view(page)
    expect(page.locator(".chart[data-drawn='true']")).to_have_count(7)
    v.check()


def test_the_approver_sees_papers_awaiting_approval(visit):
    v = visit("alex")
    page = v.page
    section = page.locator("section", has=page.get_by_role("heading", name="Papers awaiting approval or publication"))
    expect(section.get_by_role("link", name="Operations Report — June 2018")).to_be_visible()
    page.get_by_role("link", name="Papers", exact=True).click()
    expect(page.get_by_role("cell", name="Draft")).to_be_visible()
    expect(page.get_by_text("White", exact=True)).to_be_visible()
    v.check()


def test_signed_out_visitors_are_sent_to_sign_in(browser, axe, site):
    v = Visit(browser, axe, site)
    v.goto("/dashboard/")
    expect(v.page).to_have_url(re.compile(r"/accounts/login/\?next=/dashboard/"))
    v.check()
    v.goto("/papers/")
    expect(v.page.get_by_text("No paper has been published yet")).to_be_visible()
    v.finish()


# --- The paper: Table 5 follows the admin, and the approver publishes. ---


def test_the_editors_change_shows_in_the_papers_table_5(visit):
    v = visit("erin")
    page = v.page
    v.goto("/papers/2018-06/")
    table5 = page.locator("table", has=page.get_by_text(re.compile("Table 5")))
    expect(table5).to_contain_text("1,328")
    v.goto("/admin/helpdesk/helpdeskmonth/")
    page.get_by_role("link", name="June 2018").click()
    v.check()
    row = page.locator(
        "tr.form-row", has=page.locator("select option[selected]", has_text=re.compile("^Applications$"))
    )
    row.locator("input[name$='-emails']").fill("143")
    page.locator("input[name='_save']").click()
    v.check()
    v.goto("/papers/2018-06/")
    expect(table5).to_contain_text("1,428")


def test_the_approver_approves_and_publishes(visit):
    v = visit("alex")
    page = v.page
    v.goto("/papers/2018-06/")
    page.get_by_role("button", name=re.compile("approve", re.I)).click()
    v.check()
    # Publishing asks for confirmation: the button does nothing until the box is ticked.
    page.get_by_role("button", name=re.compile("publish", re.I)).click()
    expect(page.get_by_role("heading", name=re.compile("Review — Approved"))).to_be_visible()
    page.get_by_role("checkbox", name=re.compile("open findings above and publish")).check()
    # Publishing draws and freezes the paper's and appendices' PDFs before it answers: seconds
    # alone, past the default 15 s when the other test process is drawing PDFs too.
    page.get_by_role("button", name=re.compile("publish", re.I)).click(timeout=90_000)
    expect(page.get_by_text(re.compile("Published as issue 1"))).to_be_visible()
    v.check()
    v.goto("/papers/")
    expect(page.get_by_role("cell", name="Published")).to_be_visible()
    page.get_by_role("link", name="Appendix A: Testing Update UEPT").click()
    v.check()
    expect(page.get_by_text("This document is classified as Amber")).to_be_visible()


# The helpdesk grid and the accession (tests/test_grids.py and tests/test_accession.py cover the
# server): the categories' running total beside the mailbox as figures are typed, a column
# pasted from a spreadsheet filling the grid downward, and the accession and party-event forms.

# A column of eleven figures as a spreadsheet copies it: newline-separated, with a thousands
# separator and a trailing newline.
COLUMN = "100\n200\n1,300\n4\n5\n6\n7\n8\n9\n10\n11\n"


def paste(page, selector, text):
    """Paste `text` into the field as Ctrl+V would (a real clipboard needs a headed browser)."""
    page.locator(selector).focus()
    page.evaluate(
        """([selector, text]) => {
            const data = new DataTransfer();
            data.setData("text/plain", text);
            document.querySelector(selector).dispatchEvent(
                new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true}));
        }""",
        [selector, text],
    )


def test_the_helpdesk_grid_adds_up_as_figures_are_typed_and_pasted(visit):
    v = visit("erin")
    page = v.page
    v.goto("/admin/helpdesk/helpdeskmonth/add/?month=2018-07")
    expect(page.locator("#id_month")).to_have_value("01/07/2018")
    total = page.locator("#categories-total")
    expect(total).to_have_text("Categories add up to 0.")

    page.locator("#id_mailbox_total").fill("1660")
    paste(page, "input[name='tallies-0-emails']", COLUMN)
    expect(page.locator("input[name='tallies-2-emails']")).to_have_value("1300")
    expect(page.locator("input[name='tallies-10-emails']")).to_have_value("11")
    expect(page.locator(".grid-paste-status")).to_have_text("11 figures pasted.")
    expect(total).to_have_text("Categories add up to 1,660, the mailbox's count.")

    page.locator("input[name='tallies-3-emails']").fill("24")
    expect(total).to_have_text("Categories add up to 1,680: 20 more than the mailbox.")
    expect(page.locator("tfoot .grid-total-figure")).to_have_text("1,680")
    v.check()

    page.locator("input[name='_save']").click()
    expect(page.locator(".messagelist .warning")).to_contain_text(
        "July 2018: the categories add up to 1,680, 20 more than the mailbox's 1,660."
    )
    v.check()


def test_an_applicant_accedes_from_its_page_and_the_party_records_a_default(visit):
    v = visit("erin")
    page = v.page
    applicant = Applicant.objects.get(name="Leep Gas Networks Limited")
    v.goto(f"/admin/parties/applicant/{applicant.pk}/change/")
    page.get_by_role("link", name="Accede…").click()
    v.check()
    page.get_by_label("Acceded on").fill("16/07/2018")
    page.get_by_role("button", name="Accede").click()
    expect(page.locator(".messagelist")).to_contain_text("acceded on 16/07/2018 as the SEC Party")
    v.check()
    party = Party.objects.get(name="Leep Gas Networks Limited")
    assert party.voting_group.category == "other"

    page.get_by_role("link", name="Entered default…").click()
    v.check()
    page.get_by_label("Date").fill("20/07/2018")
    page.get_by_label("Footnote").fill("One SEC Party entered Default in July.")
    page.get_by_role("button", name="Record").click()
    expect(page.locator(".messagelist")).to_contain_text("Recorded: Entered default: Leep Gas Networks Limited")
    v.check()


def test_the_editor_enters_july_through_the_workbook(visit):
    v = visit("erin")
    page = v.page
    v.goto("/months/2018-07/import/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Import the workbook")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the July 2018 workbook").click()
    download = download_info.value
    assert download.suggested_filename == "operations-report-2018-07.xlsx"
    with open(download.path(), "rb") as f:
        assert load_workbook(io.BytesIO(f.read()))["README"]["B2"].value == "2018-07"

    # A bad workbook first: the errors, and no way to confirm.
    bad = load_workbook(io.BytesIO(july.july_workbook()))
    bad["Helpdesk"]["C4"] = "forty"
    out = io.BytesIO()
    bad.save(out)
    page.get_by_label("Workbook file").set_input_files(
        files=[{"name": "july.xlsx", "mimeType": "application/octet-stream", "buffer": out.getvalue()}]
    )
    page.get_by_role("button", name="Preview the import").click()
    expect(page.get_by_role("alert")).to_contain_text("1 error: nothing will be written")
    expect(page.get_by_role("cell", name="'forty' is not a number.")).to_be_visible()
    expect(page.get_by_role("button", name="Confirm", exact=False)).to_have_count(0)
    v.check()

    page.get_by_label("Workbook file").set_input_files(
        files=[{"name": "july.xlsx", "mimeType": "application/octet-stream", "buffer": july.july_workbook()}]
    )
    page.get_by_role("button", name="Preview the import").click()
    expect(page.get_by_text("rows will be created")).to_contain_text("33 rows will be created")
    v.check()
    assert not HelpdeskMonth.objects.filter(month=july.JULY).exists()

    page.get_by_role("button", name="Confirm: write these 34 rows").click()
    expect(page.get_by_role("status")).to_contain_text("33 rows created, 1 changed")
    v.check()
    assert HelpdeskMonth.objects.get(month=july.JULY).mailbox_total == july.MAILBOX_TOTAL


# --- The month page: where the editor starts, and Start next month. ---


def test_the_editor_starts_july_and_follows_a_missing_item_to_its_screen(visit):
    v = visit("erin")
    page = v.page
    expect(page).to_have_url(re.compile("/months/2018-06/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("June 2018")
    helpdesk = page.locator("#helpdesk")
    expect(helpdesk).to_contain_text("the categories add up to 1,459 but the mailbox counted 1,439")
    page.get_by_role("button", name="Start July 2018").click()
    expect(page).to_have_url(re.compile("/months/2018-07/$"))
    expect(page.get_by_text("July 2018 started: SECP 59 1008 22")).to_be_visible()
    expect(page.get_by_text("10 items missing")).to_be_visible()
    v.check()
    page.get_by_role("link", name="Enter July 2018's website figures").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Add website month")
    expect(page.get_by_label("Month:")).to_have_value("01/07/2018")
    v.check()


def test_an_editors_change_shows_in_the_records_history_and_the_months_changes(visit):
    # Here rather than in a module of its own: a second module importing this one's
    # session-scoped browser fixture would start a second Playwright in the same loop.
    from helpdesk.models import HelpdeskMonth

    month = HelpdeskMonth.objects.get(month="2018-06-01")
    erin = visit("erin")
    erin.goto(f"/admin/helpdesk/helpdeskmonth/{month.pk}/change/")
    telephone = erin.page.locator("#id_telephone_enquiries")
    before = int(telephone.input_value())
    telephone.fill(str(before + 3))
    erin.page.locator("input[name=_continue]").click()
    erin.check()
    erin.page.get_by_role("link", name="History").click()
    erin.check()
    latest = erin.page.locator("#change-history tbody tr").first
    expect(latest).to_contain_text("erin")
    expect(latest).to_contain_text(f"Telephone enquiries: {before} → {before + 3}")

    alex = visit("alex")
    alex.goto("/months/2018-06/changes/")
    first = alex.page.locator(".history-table tbody tr").first
    expect(first).to_contain_text("Erin")
    expect(first).to_contain_text(f"Telephone enquiries: {before} → {before + 3}")
