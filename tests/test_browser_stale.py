"""Two editors in two browsers on one helpdesk month: the second save is refused, naming the
first editor's change, with the second editor's input still on the form to save again."""

import os

import pytest
from django.contrib.auth.models import Group, User
from playwright.sync_api import expect

from helpdesk.models import EmailTally, HelpdeskMonth
from opsreport.roles import EDITOR
from tests.base import JUNE_2018
from tests.test_browser import PASSWORD, site, visit  # noqa: F401 (site is a fixture; browser and axe are in conftest.py)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOT = os.environ.get("STALE_SCREENSHOT", "")  # a path, to keep a picture of the refusal


def test_the_second_editors_save_is_refused_naming_the_first_editors_change(request):
    open_as = request.getfixturevalue("visit")  # tests/test_browser.py's, imported above
    eddie = User.objects.create_user("eddie", password=PASSWORD, first_name="Eddie")
    eddie.groups.add(Group.objects.get(name=EDITOR))
    month = HelpdeskMonth.objects.get(month=JUNE_2018)
    first = month.tallies.select_related("category").first()
    url = f"/admin/helpdesk/helpdeskmonth/{month.pk}/change/"

    erin, ed = open_as("erin"), open_as("eddie")
    erin.goto(url)
    ed.goto(url)

    calls = month.telephone_enquiries
    erin.page.get_by_label("Telephone enquiries").fill(str(calls + 5))
    erin.page.get_by_role("button", name="Save", exact=True).click()
    expect(erin.page.locator(".messagelist")).to_contain_text("was changed successfully")
    erin.check()

    emails = ed.page.locator("input[name='tallies-0-emails']")
    emails.fill(str(first.emails + 7))
    ed.page.get_by_role("button", name="Save", exact=True).click()
    refusal = ed.page.locator(".edit-guard-stale")
    expect(refusal).to_contain_text("Not saved: someone else saved this helpdesk month after you opened it.")
    expect(refusal).to_contain_text(f"Telephone enquiries: {calls} → {calls + 5}")
    expect(emails).to_have_value(str(first.emails + 7))  # Eddie's input kept
    expect(ed.page.get_by_label("Telephone enquiries")).to_have_value(str(calls + 5))  # Erin's value shown
    ed.check()
    if SCREENSHOT:
        ed.page.screenshot(path=SCREENSHOT, full_page=True)

    ed.page.get_by_role("button", name="Save", exact=True).click()
    expect(ed.page.locator(".messagelist")).to_contain_text("was changed successfully")
    ed.check()
    month.refresh_from_db()
    assert month.telephone_enquiries == calls + 5
    assert EmailTally.objects.get(pk=first.pk).emails == first.emails + 7
