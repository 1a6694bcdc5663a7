"""The paper's charts: plotly figures built once from plain data, rendered to SVG for the PDF.

`voting_groups_figure` and `website_usage_figure` take plain lists and return a plotly
`go.Figure`, so the dashboard can draw the same figure with plotly.js.

`render_svg(fig)` turns a figure into vector SVG through kaleido, which drives Debian's
Chromium. One Chromium process is started on first use and kept for the life of the Python
process (kaleido's sync server). SVGs are cached by the SHA-256 of the figure's JSON in the
Django cache, which every worker shares and which culls its oldest entries when full
(settings.CACHES), so an unchanged figure is never rendered twice.

Where Chromium is missing (or OPSREPORT_CHARTS = "table" in settings), `render_svg` returns
None and logs a warning; the paper then prints the figure's data as a table with a note.
"""

import hashlib
import logging
import math
import threading
from pathlib import Path

import plotly.graph_objects as go
from django.conf import settings
from django.core.cache import cache

from opsreport.lib.chart_text import plain_all

logger = logging.getLogger(__name__)

# The paper's body font (static/paper/paper.css), so a figure reads as part of the page.
FONT = "Liberation Sans, Arial, Helvetica, sans-serif"
COLOURS = ["#1f4e79", "#f28e2b", "#59a14f", "#e15759", "#76b7b2"]
# Flags kaleido/choreographer do not pass themselves; the others (--no-sandbox, --disable-gpu,
# --disable-component-update, --disable-sync, --no-first-run) it always passes.
EXTRA_CHROMIUM_FLAGS = ["--disable-background-networking"]

CACHE_PREFIX = "chart-svg"
_lock = threading.Lock()
_server_started = False


def _layout(fig, title, x_title, y_title):
    """The paper's look. No title by default: the paper's caption sits under the figure, and a
    title inside it would say the same twice. Axis titles say what is counted, and in what."""
    fig.update_layout(
        title={"text": title, "x": 0.5, "font": {"size": 15}} if title else None,
        font={"family": FONT, "size": 12, "color": "#222"},
        paper_bgcolor="white",
        plot_bgcolor="white",
        margin={"l": 70, "r": 20, "t": 50 if title else 20, "b": 60},
        width=680,
        height=340,
    )
    fig.update_xaxes(title={"text": x_title, "standoff": 8})
    fig.update_yaxes(title={"text": y_title}, gridcolor="#ddd", zerolinecolor="#999")
    return fig


def value_axis(values, lines=6):
    """(top, step) of a count's axis from 0 whose top gridline is at or above every value: a
    round step (1, 2, 2.5 or 5 times a power of ten) giving about `lines` gridlines. Plotly's own
    range can end its gridlines below the tallest bar (Figure 2: 25,000 under 28,344)."""
    highest = max((v for v in values if v is not None), default=0)
    if highest <= 0:
        return 1, 1
    rough = highest / lines
    power = 10 ** math.floor(math.log10(rough))
    # The paper's figures count things: no gridline between two whole numbers.
    step = max(1, next(power * f for f in (1, 2, 2.5, 5, 10) if power * f >= rough))
    return step * math.ceil(highest / step), step


def _cover(fig, values):
    top, step = value_axis(values)
    fig.update_yaxes(range=[0, top], dtick=step, tick0=0)


def voting_groups_figure(labels, counts, title=None):
    """Figure 1: voting groups by party category, one bar per category."""
    labels = plain_all(labels)  # plotly would draw markup in a name (opsreport/lib/chart_text.py)
    fig = go.Figure(
        go.Bar(x=labels, y=counts, marker_color=COLOURS[0], text=counts, textposition="outside", cliponaxis=False)
    )
    _cover(fig, counts)
    return _layout(fig, title, "Party category", "Voting groups (number)")


def website_usage_figure(labels, visits, page_views, title=None):
    """Figure 2: visits and page views per month, side by side.

    Month labels ("Jul 2017") are set level on two lines ("Jul" over "2017"), which fit
    twelve months across the figure; plotly would otherwise turn them 30 degrees.
    """
    labels = plain_all(labels)  # plotly would draw markup in a label (opsreport/lib/chart_text.py)
    fig = go.Figure(
        [
            go.Bar(name="Visits", x=labels, y=visits, marker_color=COLOURS[0]),
            go.Bar(name="Page Views", x=labels, y=page_views, marker_color=COLOURS[1]),
        ]
    )
    fig.update_layout(
        barmode="group", legend={"orientation": "h", "y": 1.02, "x": 1, "xanchor": "right", "yanchor": "bottom"}
    )
    fig.update_xaxes(tickangle=0, tickmode="array", tickvals=labels, ticktext=[x.replace(" ", "<br>") for x in labels])
    fig.update_yaxes(tickformat=",")
    _cover(fig, [*visits, *page_views])
    fig = _layout(fig, title, "Month", "Visits and page views (number per month)")
    fig.update_layout(margin={"t": 40 if not title else 70})
    return fig


def figure_for(data):
    """The plotly figure for an assembled FigureData, without a title: the caption is outside."""
    if data.kind == "bar":
        return voting_groups_figure(data.labels, data.series[0][1])
    (_, visits), (_, page_views) = data.series
    return website_usage_figure(data.labels, visits, page_views)


def figure_key(fig):
    return hashlib.sha256(fig.to_json().encode()).hexdigest()


def browser_path():
    return getattr(settings, "CHROMIUM_PATH", "/usr/bin/chromium")


def charts_enabled():
    return getattr(settings, "OPSREPORT_CHARTS", "svg") == "svg" and Path(browser_path()).is_file()


def _patch_chromium_flags():
    """Add our flags to the command line choreographer builds for Chromium (once)."""
    from choreographer.browsers.chromium import Chromium

    if getattr(Chromium.get_cli, "_opsreport", False):
        return
    original = Chromium.get_cli

    def get_cli(self):
        return [*original(self), *EXTRA_CHROMIUM_FLAGS]

    get_cli._opsreport = True
    Chromium.get_cli = get_cli


def _ensure_server():
    """Start the one persistent Chromium (kaleido's sync server) if it is not running."""
    global _server_started
    import kaleido

    if _server_started and kaleido._global_server.is_running():
        return
    _patch_chromium_flags()
    # mathjax=False: kaleido would otherwise load MathJax from a CDN; plotly.js comes from
    # the installed plotly package, so nothing is fetched from the network.
    kaleido.start_sync_server(path=browser_path(), mathjax=False, timeout=60, silence_warnings=True)
    _server_started = True


def stop():
    """Stop the Chromium process (tests and the bench use this to measure a cold start)."""
    global _server_started
    import kaleido

    kaleido.stop_sync_server(silence_warnings=True)
    _server_started = False


def _draw(fig, attempts=2):
    """The figure drawn by kaleido, or None when the browser fails `attempts` times.

    A failure is followed by a fresh Chromium and one more try: under load kaleido can run its
    script before the page that defines it has loaded ("kaleido_scopes is not defined", seen
    with two processes drawing at once), and a browser that died is simply started again. Any
    other failure falls back to the table (logged)."""
    import kaleido

    for attempt in range(1, attempts + 1):
        try:
            _ensure_server()
            return kaleido.calc_fig_sync(fig, opts={"format": "svg"})
        except Exception:
            if attempt == attempts:
                logger.warning("Chart rendering failed: figures are printed as tables.", exc_info=True)
                return None
            logger.info("Chart rendering failed; drawing it again in a fresh Chromium.", exc_info=True)
            try:
                stop()
            except Exception:  # a browser that is already gone cannot be stopped
                logger.debug("Stopping Chromium failed", exc_info=True)
    return None


def render_svg(fig, use_cache=True):
    """The figure as SVG text, from cache when possible; None if charts cannot be drawn."""
    key = f"{CACHE_PREFIX}:{figure_key(fig)}"
    if use_cache:
        svg = cache.get(key)
        if svg is not None:
            return svg
    if not charts_enabled():
        logger.warning(
            "Charts are off (OPSREPORT_CHARTS=%s) or Chromium is missing at %s: figures are printed as tables.",
            getattr(settings, "OPSREPORT_CHARTS", "svg"),
            browser_path(),
        )
        return None
    with _lock:
        svg = _draw(fig)
    if svg is None:
        return None
    svg = svg.decode() if isinstance(svg, bytes) else svg
    if use_cache:
        cache.set(key, svg, timeout=None)
    return svg
