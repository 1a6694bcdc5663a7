"""Issues 8 and 16's proof: July 2018 entered on top of the June sample twice in a real browser,
once through the month page's screens and once through the month's workbook, gives the same
July paper (the same fingerprint, part by part and table by table). Every fact of the month goes
in each way: figures, the front page and highlights, meetings with their links and a Change
Board decision, an applicant applying and acceding, a party leaving default, completions.
Through the workbook it takes at most 8 page loads and 3 form submissions, on no screen but the
month page and the import page (the paper is read at the end).

One test runs both ways, with the database put back to the June sample in between (as the
`site` fixture of tests/test_browser.py loads it), so the comparison never depends on the order
tests run in. The facts come from opsreport/sample/july.py: the screens type them in, and the
workbook downloaded from the import page is filled with them (july.fill).

Page loads are the tab's `load` events plus downloads; form submissions are the POST
navigations of the tab. Both are counted from the home page, once signed in (the sign-in
itself is not counted). The counts are written to var/july-entry-counts.json, which `make
bench` prints. Screenshots of the month page, the helpdesk grid filled in and the import
preview are saved under /tmp/proof/ (PROOF_SCREENSHOTS elsewhere).
"""

import datetime
import json
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from playwright.sync_api import expect

from meetings.models import MeetingModification, Modification
from opsreport.management.commands.bench import ENTRY_COUNTS_FILE, ENTRY_TARGETS
from opsreport.models import Paper
from opsreport.paper.assembly import assemble
from opsreport.roles import EDITOR
from opsreport.sample import july
from parties.models import Applicant, PartyCategory
from tests.helpers import restore_sample
from tests.test_browser import PASSWORD, Visit, paste, site  # noqa: F401 (site is a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FORMS_TARGET = ENTRY_TARGETS["forms"]
WORKBOOK_TARGET = ENTRY_TARGETS["workbook"]
SCREENSHOTS = Path(os.environ.get("PROOF_SCREENSHOTS", "/tmp/proof"))


class Counted(Visit):
    """A Visit that counts page loads (load events and downloads) and form submissions (POST
    navigations) from the moment `start()` is called."""

    def __init__(self, browser, axe, base_url):
        super().__init__(browser, axe, base_url)
        self.loads = self.posts = 0
        self.counting = False
        self.loaded = []  # the path of each page loaded while counting, downloads included
        self.page.on("load", lambda page: self._count("loads", page.url))
        self.page.on("download", lambda download: self._count("loads", download.url))
        self.page.on(
            "request",
            lambda r: (
                r.is_navigation_request()
                and r.method == "POST"
                and r.frame == self.page.main_frame
                and self._count("posts")
            ),
        )

    def _count(self, what, url=None):
        if self.counting:
            setattr(self, what, getattr(self, what) + 1)
            if url is not None:
                self.loaded.append(urlsplit(url).path)

    def start(self):
        """Count from here: the page on screen (the home page) is the first load."""
        self.loads, self.posts, self.counting = 1, 0, True
        self.loaded = [urlsplit(self.page.url).path]

    def click(self, locator):
        """Click and let the page it opens load, then check it with axe."""
        locator.click()
        self.check()

    def shot(self, name):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def reset_to_the_june_sample():
    """The database as the `site` fixture leaves it: the June sample and the editor, nothing of July."""
    call_command("flush", verbosity=0, interactive=False)
    restore_sample()
    add_editor()


def add_editor():
    """Erin the editor, as the `site` fixture makes her."""
    user = User.objects.create_user("erin", password=PASSWORD, first_name="Erin")
    user.groups.add(Group.objects.get(name=EDITOR))


def signed_in(browser, axe, base_url):
    v = Counted(browser, axe, base_url)
    v.sign_in("erin")
    expect(v.page).to_have_url(re.compile("/months/2018-06/$"))  # home: the latest month's page
    v.start()
    return v


def start_july(v):
    page = v.page
    v.click(page.get_by_role("button", name="Start July 2018"))
    expect(page).to_have_url(re.compile("/months/2018-07/$"))
    expect(page.get_by_text("July 2018 started")).to_be_visible()


def month_link(v, name):
    """Follow a link of the month page's and check the page it opens."""
    v.click(v.page.get_by_role("link", name=name).first)


def save_back_to_the_month(v):
    v.click(v.page.locator("input[name='_save']"))
    expect(v.page).to_have_url(re.compile("/months/2018-07/$"))
    expect(v.page.locator(".messages")).to_contain_text("successfully")


def short(date):
    return f"{date:%d/%m/%Y}"


# --- Through the month page's screens ---


def enter_helpdesk(v):
    page = v.page
    month_link(v, "Enter July 2018's helpdesk figures")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Add helpdesk month")
    page.get_by_label("Telephone enquiries").fill(str(july.TELEPHONE_CALLS))
    page.get_by_label("Emails to the SECAS mailbox").fill(str(july.MAILBOX_TOTAL))
    # The categories' column, in the grid's order, pasted as copied from a spreadsheet.
    rows = page.locator("select[name^='tallies-'][name$='-category']:not([name*='__prefix__'])")
    names = [rows.nth(i).locator("option:checked").inner_text() for i in range(rows.count())]
    assert sorted(names) == sorted(july.EMAILS), names
    paste(page, "input[name='tallies-0-emails']", "\n".join(f"{july.EMAILS[n]:,}" for n in names) + "\n")
    expect(page.locator(".grid-paste-status")).to_have_text(f"{len(names)} figures pasted.")
    expect(page.locator("#categories-total")).to_have_text(
        f"Categories add up to {july.MAILBOX_TOTAL:,}, the mailbox's count."
    )
    v.check()
    v.shot("helpdesk-grid-filled")
    save_back_to_the_month(v)


def enter_effort(v):
    page = v.page
    month_link(v, "Enter July 2018's effort")
    rows = page.locator("select[name^='entries-'][name$='-driver']:not([name*='__prefix__'])")
    for i in range(rows.count()):
        driver = rows.nth(i).locator("option:checked").inner_text()
        page.locator(f"input[name='entries-{i}-days']").fill(str(july.DAYS[driver]))
    save_back_to_the_month(v)


def enter_website(v):
    page = v.page
    month_link(v, "Enter July 2018's website figures")
    for label, figure in zip(["Visits", "Page views", "New visitors", "Returning visitors"], july.WEBSITE_FIGURES):
        page.get_by_label(label, exact=False).first.fill(str(figure))
    save_back_to_the_month(v)


def enter_front_page(v):
    """july.py's Paper sheet on the paper's own screen: the front page's dates and the four
    highlights, paragraphs separated by a blank line."""
    page = v.page
    month_link(v, "Edit the front page")
    fields = {
        "SEC Panel meeting date": "#id_panel_meeting_date",
        "Issue date": "#id_issue_date",
        "Change and Release Update": "#id_change_and_release",
        "Technical Support Update": "#id_technical_support",
        "Security and Privacy Update": "#id_security_and_privacy",
        "Party Support Update": "#id_party_support",
    }
    assert set(fields) == set(july.PAPER_VALUES)
    for field, value in july.PAPER_VALUES.items():
        page.locator(fields[field]).fill(short(value) if isinstance(value, datetime.date) else value)
    save_back_to_the_month(v)


def links_typed(prefilled, cell):
    """The Links box as an editor types july.py's Links cell into it: a line "label | address"
    as it is, and an address alone after the label the schedule proposed for it."""
    proposed = [line.partition("|")[0].strip() for line in prefilled.splitlines() if line.strip()]
    lines = []
    for index, line in enumerate(cell.splitlines()):
        lines.append(line if "|" in line else f"{proposed[index]} | {line}")
    return "\n".join(lines)


def enter_meetings(v):
    """The schedule proposes each committee's meeting: keep july.py's, with its names, dates,
    words and links, and untick the rest."""
    page = v.page
    month_link(v, "Enter July 2018's meetings from the schedule")
    wanted = {row[0]: row for row in july.MEETINGS_ROWS}
    # Each proposal's legend starts with its committee's name.
    committees = page.locator("fieldset.proposal > legend").evaluate_all(
        "legends => legends.map(l => l.firstChild.textContent.trim())"
    )
    assert set(wanted) <= set(committees), committees
    for i, committee in enumerate(committees):
        prefix = f"#id_form-{i}"
        row = wanted.get(committee)
        page.locator(f"{prefix}-include").set_checked(row is not None)
        if row is None:
            continue
        _, name, dates, summary, confidential, *links_and_decisions = row  # decisions: enter_decisions
        page.locator(f"{prefix}-name").fill(name)
        page.locator(f"{prefix}-dates").fill(dates)
        page.locator(f"{prefix}-summary").fill(summary)
        links = page.locator(f"{prefix}-links")
        links.fill(links_typed(links.input_value(), links_and_decisions[0]) if links_and_decisions else "")
        page.locator(f"{prefix}-confidential").set_checked(confidential == "Yes")
    v.click(page.get_by_role("button", name="Enter the ticked meetings"))
    expect(page.get_by_role("status")).to_contain_text(f"Entered {len(wanted)} meetings for July 2018")
    v.click(page.get_by_role("link", name="Home"))
    expect(page).to_have_url(re.compile("/months/2018-07/$"))


def enter_decisions(v):
    """july.py's Modifications cell on the meeting's own screen, found through the month's
    meetings: each modification chosen through its autocomplete, with its decision."""
    page = v.page
    [(committee, cell)] = [(row[0], row[6]) for row in july.MEETINGS_ROWS if len(row) > 6 and row[6]]
    month_link(v, "Meetings in July 2018")
    v.click(page.locator("#result_list").get_by_role("link", name=committee, exact=True))
    for index, item in enumerate(cell.split(",")):
        reference, _, outcome = item.strip().rstrip(")").partition(" (")
        page.get_by_role("button", name="Add another Modification at the meeting").click()
        page.locator(".field-modification .select2-selection").nth(index).click()
        page.locator(".select2-search__field").fill(reference)
        page.get_by_role("option", name=re.compile(f"^{reference}")).click()
        page.locator(f"#id_decisions-{index}-outcome").select_option(label=(outcome or "discussed").capitalize())
    v.click(page.locator("input[name='_save']"))
    expect(page.locator(".messagelist")).to_contain_text("changed successfully")
    v.click(page.get_by_role("link", name="View site"))  # home: the latest month's page
    expect(page).to_have_url(re.compile("/months/2018-07/$"))


def enter_membership(v):
    """july.py's Applicants and Membership sheets: the new applicant is added, then it and the
    sample's applicant accede (their category is the applicant's), and a party in default
    leaves it; each form, opened from the month page, returns there."""
    page = v.page
    [(applicant, category, applied_on)] = july.APPLICANT_ROWS
    month_link(v, "Add an applicant")
    page.get_by_label("Name").fill(applicant)
    page.get_by_label("Party category").select_option(label=category)
    page.get_by_label("Applied on").fill(short(applied_on))
    save_back_to_the_month(v)

    for party, event, day, *_ in july.MEMBERSHIP_ROWS:
        if event == "Accession":
            month_link(v, f"Accede {party}…")
            page.get_by_label("Acceded on").fill(short(day))
            v.click(page.get_by_role("button", name="Accede"))
            expect(page).to_have_url(re.compile("/months/2018-07/$"))
            expect(page.locator(".messages")).to_contain_text(f"{party} acceded on {short(day)}")
        else:
            assert event == "Left default", event
            month_link(v, f"{party} left default…")
            page.get_by_label("Date").fill(short(day))
            v.click(page.get_by_role("button", name="Record"))
            expect(page).to_have_url(re.compile("/months/2018-07/$"))
            expect(page.locator(".messages")).to_contain_text(f"Recorded: Left default: {party}")


def choose_party(page, name):
    """The party's autocomplete: type part of its name and pick it."""
    page.locator(".field-party .select2-selection").click()
    page.locator(".select2-search__field").fill(name)
    page.get_by_role("option", name=name, exact=True).click()


def choose_roles(page, roles):
    page.locator("#id_roles_from").select_option(label=[role.strip() for role in roles.split(",")])
    page.get_by_role("link", name="Choose selected DCC user roles").or_(
        page.get_by_role("button", name="Choose selected DCC user roles")
    ).click()


TEST_KINDS = {
    "UEPT": "User Entry Process Testing (UEPT)",
    "SREPT": "SMKI and Repository Entry Process Testing (SREPT)",
}


def enter_completions(v):
    """july.py's Completions sheet, one add form each from the month page."""
    page = v.page
    links = {"UEP": "Record a UEP completion", "UEPT": "Record a SREPT or UEPT completion"}
    for kind, party, day, roles, classification in july.COMPLETION_ROWS:
        month_link(v, links[kind])
        if kind != "UEP":
            page.get_by_label("Kind").select_option(label=TEST_KINDS[kind])
            page.get_by_label("Classification").select_option(label=classification)
        choose_party(page, party)
        choose_roles(page, roles)
        page.locator("#id_completed_on").fill(short(day))
        save_back_to_the_month(v)


def through_the_forms(v):
    page = v.page
    start_july(v)
    v.shot("month-page-july")
    enter_front_page(v)
    enter_helpdesk(v)
    enter_effort(v)
    enter_website(v)
    enter_meetings(v)
    enter_decisions(v)
    enter_membership(v)
    enter_completions(v)
    month_link(v, "Read the paper and its review")
    expect(page.get_by_role("heading", level=1)).to_contain_text("July 2018")


# --- Through the workbook ---


def through_the_workbook(v):
    """Start July, download its workbook from the import page, fill every fact of july.py in
    it, upload, check the preview and confirm: no screen but the month page and the import
    page (and the paper, read at the end)."""
    page = v.page
    start_july(v)
    month_link(v, "Import the workbook")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the July 2018 workbook").click()
    export = Path(download.value.path()).read_bytes()
    page.get_by_label("Workbook file").set_input_files(
        files=[{"name": "july.xlsx", "mimeType": "application/octet-stream", "buffer": july.fill(export)}]
    )
    v.click(page.get_by_role("button", name="Preview the import"))
    expect(page.get_by_text("rows will be created")).to_be_visible()
    v.shot("import-preview")
    v.click(page.get_by_role("button", name=re.compile("^Confirm: write these")))
    expect(page).to_have_url(re.compile("/months/2018-07/$"))
    expect(page.get_by_role("status")).to_contain_text("rows created")
    month_link(v, "Read the paper and its review")
    expect(page.get_by_role("heading", level=1)).to_contain_text("July 2018")


# --- The July paper, figure by figure ---


def july_paper():
    """The assembled July paper as comparable plain data: its fingerprint (a hash of all it
    prints), and the front page, each part and the footnotes, to say where two papers differ."""
    paper = Paper.objects.prefetch_related("appendices").get(month=july.JULY)
    assembled = assemble(paper)
    parts = [("Front page", repr(assembled.front))]
    parts += [(part.heading, repr(data)) for part, data in assembled.walk()]
    parts += [("Footnotes", repr(assembled.footnotes))]
    return assembled.fingerprint(), parts


def facts_entered():
    """What July's paper counts or dates but does not name, as the database holds it."""
    paper = Paper.objects.get(month=july.JULY)
    applicant = Applicant.objects.get(name=july.NEW_APPLICANT)
    return {
        "front page": (paper.panel_meeting_date, paper.issue_date),
        "applicant": (applicant.category, applicant.applied_on, applicant.acceded_on),
        "decisions": sorted(
            MeetingModification.objects.filter(meeting__dates__date__range=(july.JULY, july.JULY.replace(day=31)))
            .distinct()
            .values_list("meeting__committee__name", "modification__reference", "outcome")
        ),
        "SECMP0050's status": Modification.objects.get(reference="SECMP0050")
        .status_changes.values_list("date", "status")
        .last(),
    }


def every_fact_of_july():
    """facts_entered() as july.py has them."""
    [(_, category, applied_on)] = july.APPLICANT_ROWS
    acceded_on = next(row[2] for row in july.MEMBERSHIP_ROWS if row[0] == july.NEW_APPLICANT)
    return {
        "front page": (july.PAPER_VALUES["SEC Panel meeting date"], july.PAPER_VALUES["Issue date"]),
        "applicant": (dict(map(reversed, PartyCategory.choices))[category], applied_on, acceded_on),
        "decisions": [("SEC Change Board", "SECMP0050", "approved"), ("SEC Change Board", "SECMP0051", "discussed")],
        "SECMP0050's status": (datetime.date(2018, 7, 25), "approved"),  # from the Change Board's date
    }


def paper_tables(page):
    tables = page.locator("main table")
    return [tables.nth(i).inner_text() for i in range(tables.count())]


def record(counts):
    """Write the counts where `make bench` reads them, with when they were measured."""
    ENTRY_COUNTS_FILE.parent.mkdir(parents=True, exist_ok=True)
    counts = {**counts, "measured": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")}
    ENTRY_COUNTS_FILE.write_text(json.dumps(counts, indent=2) + "\n")


# The pages the workbook way may load: the month pages (June's, where it starts, and July's),
# the import page and the workbook it offers, and the paper, read once the month is in.
WORKBOOK_PAGES = re.compile(r"/months/2018-0[67]/(import/|workbook\.xlsx)?|/papers/2018-07/")


def test_july_through_the_forms_and_through_the_workbook_gives_the_same_paper(browser, axe, site):  # noqa: F811
    forms = signed_in(browser, axe, site)
    through_the_forms(forms)
    (forms_fingerprint, forms_parts), forms_tables = july_paper(), paper_tables(forms.page)
    forms_text, forms_facts = forms.page.locator("main").inner_text(), facts_entered()
    forms_counts = {"page_loads": forms.loads, "form_submissions": forms.posts}
    forms.finish()

    reset_to_the_june_sample()
    assert not Paper.objects.filter(month=july.JULY).exists()
    workbook = signed_in(browser, axe, site)
    through_the_workbook(workbook)
    (workbook_fingerprint, workbook_parts), workbook_tables = july_paper(), paper_tables(workbook.page)
    workbook_facts = facts_entered()
    workbook_counts = {"page_loads": workbook.loads, "form_submissions": workbook.posts}
    workbook_pages = workbook.loaded
    workbook.finish()

    record({"forms": forms_counts, "workbook": workbook_counts})
    # Every fact of July is in the paper (so the comparison below compares something): figures,
    # a meeting's words and links, the decision, the highlights...
    for fact in (
        f"{july.MAILBOX_TOTAL:,}",
        f"{july.WEBSITE_FIGURES[0]:,}",
        july.NEW_PARTY,
        july.MEETINGS_ROWS[-1][3],
        "SEC Change Board 2507 — Meeting Headlines",
        "TABASC 32 0507 — Meeting Headlines",
        "SECMP0050",
        *(paragraph for text in list(july.PAPER_VALUES.values())[2:] for paragraph in text.split("\n\n")),
    ):
        assert fact in forms_text, fact
    # ...and what it counts or dates rather than names: the front page's dates, the applicant
    # that applied and acceded, the decision (both ways, as each left the database).
    assert forms_facts == workbook_facts == every_fact_of_july(), forms_facts
    # Both ways give the same paper: every part as assembled (named where they differ), every
    # table as the browser shows it, and so the same fingerprint.
    for (part, through_forms), (_, through_workbook) in zip(forms_parts, workbook_parts, strict=True):
        assert through_forms == through_workbook, part
    assert forms_tables == workbook_tables
    assert forms_fingerprint == workbook_fingerprint
    # The workbook way: no screen but the month page and the import page, within its bounds.
    assert all(WORKBOOK_PAGES.fullmatch(path) for path in workbook_pages), workbook_pages
    assert workbook_counts["page_loads"] <= WORKBOOK_TARGET["page_loads"], workbook_counts
    assert workbook_counts["form_submissions"] <= WORKBOOK_TARGET["form_submissions"], workbook_counts
    assert forms_counts["page_loads"] <= FORMS_TARGET["page_loads"], forms_counts
