"""An editor's change in a real browser, then its history: the record's history in the admin
names the editor and the field changed, and the month's changes page lists it (axe and the
Content-Security-Policy checked on every page, as in tests/test_browser.py)."""

import os

import pytest
from playwright.sync_api import expect

from helpdesk.models import HelpdeskMonth
from tests.base import JUNE_2018
from tests.test_browser import axe, browser, site, visit  # noqa: F401 - the fixtures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = os.environ.get("HISTORY_SCREENSHOTS", "")  # a folder, to keep pictures of both pages


def test_an_editors_change_shows_in_the_records_history_and_the_months_changes(request):
    open_as = request.getfixturevalue("visit")  # tests/test_browser.py's, imported above
    month = HelpdeskMonth.objects.get(month=JUNE_2018)
    erin = open_as("erin")
    erin.goto(f"/admin/helpdesk/helpdeskmonth/{month.pk}/change/")
    telephone = erin.page.locator("#id_telephone_enquiries")
    before = telephone.input_value()
    telephone.fill(str(int(before) + 3))
    erin.page.locator("input[name=_continue]").click()
    erin.check()

    erin.page.get_by_role("link", name="History").click()
    erin.check()
    latest = erin.page.locator("#change-history tbody tr").first
    expect(latest).to_contain_text("erin")
    expect(latest).to_contain_text(f"Telephone enquiries: {before} → {int(before) + 3}")
    if SCREENSHOTS:
        erin.page.screenshot(path=os.path.join(SCREENSHOTS, "admin-history.png"), full_page=True)

    alex = open_as("alex")
    alex.goto("/months/2018-06/changes/")
    first = alex.page.locator(".history-table tbody tr").first
    expect(first).to_contain_text("Erin")
    expect(first).to_contain_text(f"Telephone enquiries: {before} → {int(before) + 3}")
    if SCREENSHOTS:
        alex.page.screenshot(path=os.path.join(SCREENSHOTS, "month-changes.png"))
