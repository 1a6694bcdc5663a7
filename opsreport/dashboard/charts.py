"""The dashboard's interactive charts: plain functions from plain data to plotly figures.

Every point carries the address of the records behind it in `customdata`; the page's script
opens that address when the point is clicked. The paper's own Figures 1 and 2 live in
charts.py; these are the dashboard's.

Each figure is built in one go from plain dicts: plotly validates a figure once when it is
made, and each `update_layout` validates again, which cost the dashboard 200 ms.
"""

import plotly.graph_objects as go

from opsreport.lib.chart_text import plain, plain_all

# Colour-blind-safe (Okabe-Ito), with enough contrast on white.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#8C564B", "#7F7F7F"]
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif"


def _figure(traces, *, y_title, barmode=None, height=340, showlegend=True, legend_right=False):
    layout = {
        "template": "none",  # our own look; the default template adds 8 kB to every chart
        "height": height,
        "margin": {"l": 56, "r": 16, "t": 16, "b": 40},
        "font": {"family": FONT, "size": 13, "color": "#1b1b1b"},
        "colorway": PALETTE,
        "showlegend": showlegend,
        "legend": {"orientation": "h", "y": -0.18, "x": 0},
        "hovermode": "closest",
        "plot_bgcolor": "#ffffff",
        "paper_bgcolor": "#ffffff",
        # automargin: tick labels are never cut off, however narrow the chart (a phone).
        "yaxis": {"title": {"text": y_title}, "gridcolor": "#e3e3e3", "rangemode": "tozero", "automargin": True},
        "xaxis": {"type": "category", "automargin": True},
    }
    if barmode:
        layout["barmode"] = barmode
    if legend_right:  # many series (enquiry categories, drivers): a column beside the plot
        layout["legend"] = {"orientation": "v", "x": 1.02, "y": 1, "traceorder": "reversed"}
        layout["margin"]["r"] = 8
    return go.Figure(data=traces, layout=layout)


def _bar(name, x, y, links, **extra):
    # Names are typed by editors; plotly would draw markup in them (opsreport/lib/chart_text.py).
    return {"type": "bar", "name": plain(name), "x": x, "y": _values(y), "customdata": links, **extra}


def _line(name, x, y, links, **extra):
    return {
        "type": "scatter",
        "mode": "lines+markers",
        "name": plain(name),
        "x": x,
        "y": _values(y),
        "customdata": links,
        **extra,
    }


def _values(series):
    # Decimal days become floats for JSON; a month with no figure stays a gap.
    return [None if v is None else (v if isinstance(v, int) else float(v)) for v in series]


def membership_events(months, rows, links):
    """Accessions, parties in default, withdrawals and expulsions per month (grouped bars).

    rows: [(label, [count per month])]; links: [address per month].
    """
    return _figure([_bar(label, months, counts, links) for label, counts in rows], y_title="Parties", barmode="group")


def parties_and_groups(months, parties, groups, links):
    return _figure(
        [_line("SEC Parties", months, parties, links), _line("Voting groups", months, groups, links)],
        y_title="At month end",
    )


def groups_by_category(months, rows):
    """Voting groups per party category at each month end (stacked). rows: [(label, counts, links)]."""
    return _figure(
        [_bar(label, months, counts, links) for label, counts, links in rows], y_title="Voting groups", barmode="stack"
    )


def helpdesk_emails(months, rows, totals, total_links):
    """Emails by category (stacked) with the month's total as a line. rows: [(name, counts, links)]."""
    traces = [_bar(name, months, counts, links) for name, counts, links in rows]
    traces.append(_line("Total", months, totals, total_links, line={"color": "#000000", "width": 2}))
    return _figure(traces, y_title="Emails", barmode="stack", height=420, legend_right=True)


def website(months, visits, page_views, links):
    return _figure(
        [_bar("Visits", months, visits, links), _line("Page views", months, page_views, links)],
        y_title="Visits and page views",
    )


def effort(months, rows):
    """SECAS days per driver, product or grade (stacked). rows: [(name, [days per month], links)]."""
    return _figure(
        [_bar(name, months, days, links) for name, days, links in rows],
        y_title="Days",
        barmode="stack",
        height=380,
        legend_right=True,
    )


def modifications_by_status(labels, counts, links):
    """Horizontal bars, so the statuses' names read in full, in the process's order from the top."""
    fig = _figure(
        [
            {
                "type": "bar",
                "orientation": "h",
                "name": "Modifications",
                "y": plain_all(labels),
                "x": counts,
                "customdata": links,
                "marker": {"color": PALETTE[0]},
            }
        ],
        y_title="",
        showlegend=False,
    )
    fig.layout.yaxis.update(type="category", autorange="reversed")
    fig.layout.xaxis.update(type="linear", title={"text": "Modifications"}, gridcolor="#e3e3e3", dtick=1)
    fig.layout.margin.l = 150
    return fig
