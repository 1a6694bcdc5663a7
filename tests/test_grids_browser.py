"""The helpdesk grid in a real browser: the categories' running total beside the mailbox as
figures are typed, and a column pasted from a spreadsheet filling the grid downward; the
accession form and a party's event form pass axe. (tests/test_grids.py covers the server.)"""

import pytest
from playwright.sync_api import expect

from parties.models import Applicant, Party
from tests import test_browser as browser_suite

# The browser suite's fixtures: Chromium, axe, the live site with the sample, a signed-in tab.
browser, axe, site, visit = browser_suite.browser, browser_suite.axe, browser_suite.site, browser_suite.visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

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
