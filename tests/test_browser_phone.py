"""The paper, the archive, the dashboard and a drill-down on a phone (390 px) and a desktop
(1366 px): the page never scrolls sideways, axe finds nothing serious, wide tables scroll in
their own box with the first column held, and the paper's figures are drawn live by plotly.js
with text that stays readable.

Uses the browser and axe of tests/conftest.py and the sample site of tests/test_browser.py.
"""

import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from opsreport import actions
from opsreport.models import Paper
from opsreport.paper.assembly import assemble
from tests.test_browser import Visit, bring_charts_into_view, site  # noqa: F401 (site is a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE, DESKTOP = 390, 1366
DRILL_DOWN = "/dashboard/records/membership/?from=2017-07&to=2018-06&month=2018-06&drafts=1"  # June: a draft


def at_width(visit, width):
    visit.page.set_viewport_size({"width": width, "height": 844 if width == PHONE else 900})


def assert_no_sideways_scroll(page):
    scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll_width <= inner_width, f"{page.url} is {scroll_width} px wide in a {inner_width} px window"


def open_page(visit, path):
    visit.goto(path)
    assert_no_sideways_scroll(visit.page)


def figures_drawn(page):
    figures = page.locator(".plotly-figure")
    expect(figures).to_have_count(2)
    bring_charts_into_view(page)
    expect(page.locator(".plotly-figure[data-drawn='true']")).to_have_count(2)
    # The static fallback (here the figure's table: charts are off in tests) gives way to it.
    for i in range(2):
        expect(page.locator("figure.chart").nth(i).locator(".chart-fallback")).to_be_hidden()
    assert_labels_apart(page.locator(".plotly-figure").nth(1))  # Figure 1's plotly turns when crowded
    sizes = page.locator(".plotly-figure .xtick text").evaluate_all(
        "ticks => ticks.map(t => parseFloat(getComputedStyle(t).fontSize))"
    )
    assert sizes and min(sizes) >= 12, f"Tick labels at {min(sizes)} px"


def assert_labels_apart(figure):
    """No two of a drawn figure's level x-axis labels overlap (Figure 2's twelve months did on a phone)."""
    boxes = figure.locator(".xtick text").evaluate_all(
        "ticks => ticks.map(t => { const b = t.getBoundingClientRect(); return [b.left, b.right, t.textContent]; })"
    )
    overlapping = [(a[2], b[2]) for a, b in zip(boxes, boxes[1:]) if a[1] > b[0]]
    assert not overlapping, f"Overlapping month labels: {overlapping}"


@pytest.fixture
def signed_in(browser, axe, site):  # noqa: F811 (pytest fixtures)
    visits = []

    def sign_in(username, width):
        v = Visit(browser, axe, site)
        visits.append(v)
        at_width(v, width)
        v.sign_in(username)
        return v

    yield sign_in
    for v in visits:
        v.finish()


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_every_page_fits_the_screen(signed_in, width):
    v = signed_in("erin", width)
    page = v.page
    open_page(v, "/papers/2018-06/")
    figures_drawn(page)
    # Figure 2 labels every month where there is room for them, every other one on a phone.
    expect(page.locator(".plotly-figure").nth(1).locator(".xtick")).to_have_count(6 if width == PHONE else 12)
    v.check()  # again, with the figures drawn
    open_page(v, "/papers/")
    open_page(v, "/dashboard/")
    bring_charts_into_view(page)
    expect(page.locator(".chart[data-drawn='true']")).to_have_count(7)
    assert_no_sideways_scroll(page)
    v.check()
    open_page(v, DRILL_DOWN)
    open_page(v, "/")


def test_wide_tables_scroll_in_their_own_box_on_a_phone(signed_in):
    v = signed_in("erin", PHONE)
    page = v.page
    open_page(v, "/papers/2018-06/")
    for name in [r"^Table 3: ", r"^Table 5: ", r"^Table 6: ", r"^Table of SEC meetings$"]:
        region = page.get_by_role("region", name=re.compile(name))
        expect(region).to_have_count(1)
        wrap = page.locator(".scroll-wrap", has=region)
        expect(wrap.locator(".scroll-hint")).to_be_visible()  # the cue
        # A table of months opens on its latest months, at its end; the meeting table at its start.
        months = "meetings" not in name
        at_end = "e => e.scrollLeft + e.clientWidth >= e.scrollWidth - 1"
        page.wait_for_function(at_end if months else "e => e.scrollLeft === 0", arg=region.element_handle())
        if months:
            expect(wrap.locator(".scroll-hint")).to_have_text("← Scroll sideways for more")
        # A keyboard reader scrolls it: the region takes focus and the arrow keys move it.
        region.focus()
        for _ in range(8):
            page.keyboard.press("ArrowLeft" if months else "ArrowRight")
        moved = "e => e.scrollWidth - e.clientWidth - e.scrollLeft >= 100" if months else "e => e.scrollLeft >= 100"
        page.wait_for_function(moved, arg=region.element_handle())
        # The rows' headers (the meeting, in the meeting table) stay at the left edge.
        sticky = "th.meeting" if not months else "th[scope='row']"
        row_header = region.locator(f"tbody tr {sticky}").first
        assert row_header.bounding_box()["x"] == pytest.approx(region.bounding_box()["x"], abs=1.5)
    assert_no_sideways_scroll(page)
    # At the meeting table, the summary has room to be read.
    summary = page.locator(".meeting-table td.summary").first.bounding_box()
    assert summary["width"] >= 200


def test_wide_tables_fit_a_desktop_without_a_cue(signed_in):
    v = signed_in("erin", DESKTOP)
    open_page(v, "/papers/2018-06/")
    figures_drawn(v.page)  # the figures' own tables (charts are off in tests) give way to them
    expect(v.page.locator(".scroll-hint:visible")).to_have_count(0)


def test_a_signed_out_reader_of_the_published_paper_on_a_phone(browser, axe, site):  # noqa: F811
    alex = User.objects.get(username="alex")
    paper = Paper.objects.get(month="2018-06-01")
    actions.approve_paper(paper, alex, assemble(paper).fingerprint())
    actions.publish_paper(paper, alex)

    v = Visit(browser, axe, site)
    at_width(v, PHONE)
    page = v.page
    open_page(v, "/papers/2018-06/")
    figures_drawn(page)
    nav = page.get_by_role("navigation", name="Site")
    expect(nav.get_by_role("link", name="Papers")).to_be_visible()
    expect(nav.get_by_role("link", name="Dashboard")).to_have_count(0)
    expect(nav.get_by_role("link", name="Home")).to_have_count(0)
    expect(nav.get_by_role("link", name="Open the PDF")).to_have_attribute("href", "/papers/2018-06/pdf/")
    with page.expect_download() as download_info:
        nav.get_by_role("link", name="Download the PDF").click()
    assert download_info.value.suggested_filename == "SECP_58_1307_22_issue_1.pdf"
    v.finish()


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_note_references_are_targets_a_finger_can_hit(signed_in, width):
    """WCAG 2.2's target size (minimum), as Lighthouse checks it: axe's target-size rule (off
    in axe's defaults) finds no link or button smaller than 24 px without room around it. The
    footnote calls, superscript digits, are the page's smallest links."""
    v = signed_in("erin", width)
    open_page(v, "/papers/2018-06/")
    results = v.axe.run(v.page, options={"runOnly": ["target-size"]})
    failures = [node["target"] for violation in results.response["violations"] for node in violation["nodes"]]
    assert not failures, f"Targets too small or too close: {failures[:5]}"
    calls = v.page.get_by_role("link", name=re.compile(r"^note \d+$"))
    expect(calls).to_have_count(15)
    for box in calls.evaluate_all("links => links.map(a => a.getBoundingClientRect().toJSON())"):
        assert box["width"] >= 24 and box["height"] >= 24, box
