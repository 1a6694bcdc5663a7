"""On a phone, plotly.js waits for the charts: the paper shows each figure's SVG and the dashboard
keeps each chart's space until the reader comes near it; then plotly.js (our basic partial
bundle) is fetched once and draws it in place of the SVG.

Uses the browser and axe of tests/conftest.py and the sample site of tests/test_browser.py.
"""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.test_browser import Visit, bring_charts_into_view, site  # noqa: F401 (site is a fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not Path("/usr/bin/chromium").is_file(), reason="needs Debian's chromium"),
]

BUNDLE = "/static/plotly/plotly-basic.min.js"


@pytest.fixture
def phone(browser, axe, site, settings):  # noqa: F811 (site is a fixture)
    settings.OPSREPORT_CHARTS = "svg"  # the paper's figures as SVG, as the site serves them
    v = Visit(browser, axe, site)
    v.page.set_viewport_size({"width": 390, "height": 844})
    v.sign_in("erin")
    v.bundles = []
    v.page.on("request", lambda r: r.url.endswith(BUNDLE) and v.bundles.append(r.url))
    yield v
    v.finish()


def test_the_paper_shows_its_svgs_until_plotly_draws_the_figure_in_view(phone):
    page = phone.page
    phone.goto("/papers/2018-06/")
    figures = page.locator("figure.chart")
    expect(figures).to_have_count(2)
    page.wait_for_timeout(500)  # time enough for a script that would fetch it at load
    assert phone.bundles == [], "plotly.js was fetched before any figure was near the screen"
    svg = figures.first.locator("img[src$='/figures/1.svg']")
    expect(svg).to_be_visible()
    assert svg.evaluate("img => img.complete && img.naturalWidth > 0"), "the figure's SVG did not load"

    bring_charts_into_view(page)
    expect(page.locator(".plotly-figure[data-drawn='true']")).to_have_count(2)
    for i in range(2):
        expect(figures.nth(i).locator("img")).to_be_hidden()
        expect(figures.nth(i).locator(".plotly-figure .main-svg").first).to_be_visible()
    assert phone.bundles == [page.url.split("/papers/")[0] + BUNDLE]  # fetched once, for both
    phone.check()


def test_the_dashboard_draws_each_chart_as_the_reader_comes_to_it(phone):
    page = phone.page
    phone.goto("/dashboard/")
    charts = page.locator(".chart[data-figure]")
    expect(charts).to_have_count(7)
    page.wait_for_timeout(500)
    assert phone.bundles == [], "plotly.js was fetched while every chart was below the screen"
    expect(page.locator(".chart[data-drawn='true']")).to_have_count(0)
    # Each chart's space is kept, so the page does not move when it is drawn.
    before = charts.nth(1).bounding_box()["y"]

    charts.first.scroll_into_view_if_needed()
    expect(charts.first).to_have_attribute("data-drawn", "true")
    assert charts.nth(1).bounding_box()["y"] == pytest.approx(before - page.evaluate("window.scrollY"), abs=2)

    bring_charts_into_view(page)
    expect(page.locator(".chart[data-drawn='true']")).to_have_count(7)
    assert len(phone.bundles) == 1
    phone.check()
