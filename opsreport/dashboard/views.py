"""The Panel dashboard and its drill-downs.

Views stay thin: opsreport.access decides who may see what, figures.py and drilldowns.py find
the figures and records, charts.py draws them.
"""

import functools
from urllib.parse import urlencode

from django.http import Http404, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django_tables2 import RequestConfig

from opsreport import access, revision
from opsreport.dashboard import figures
from opsreport.dashboard.drilldowns import DRILLDOWNS, filters_from, paginate
from opsreport.dashboard.exports import download, rows_of
from opsreport.dashboard.panel import Axis
from opsreport.lib.chart_text import as_typed
from opsreport.lib.classification import described
from opsreport.lib.months import month_key, month_label, months_between, parse_month_key, short_label


def _shows_drafts(request) -> bool:
    """Whether this request shows the months still in draft: `?drafts=1`, from an editor or the
    approver (access.can_read_draft_figures). Anyone else, the Panel, gets the published months
    whatever the address says. Not remembered: the switch travels in the address, so a link
    copied to a Panel member opens the published months."""
    return request.GET.get("drafts") == "1" and access.can_read_draft_figures(request.user)


def _month_ends(rev: int) -> figures.MonthEnds:
    """Where the months end (figures.month_ends), once per data revision and month of the year."""
    today = timezone.localdate()
    return revision.cached(rev, f"dashboard:ends:{month_key(today)}", lambda: figures.month_ends(today))


def _range(request, latest, limit=None):
    """(first, last, error) from ?from=YYYY-MM&to=YYYY-MM, defaulting to the 12 months to `latest`.

    `limit` is the last month this reader may see (the Panel's latest published month), None
    for no limit: a range past it is cut at it, and the reader told why.
    """
    first, last = figures.default_range(latest)
    error = None
    try:
        if request.GET.get("from"):
            first = parse_month_key(request.GET["from"])
        if request.GET.get("to"):
            last = parse_month_key(request.GET["to"])
    except ValueError:
        first, last = figures.default_range(latest)
        error = "Months are written as YYYY-MM, e.g. 2018-06. Showing the last 12 months instead."
    first, last = figures.clamp_range(first, last)
    if limit is not None and last > limit:
        error = (
            f"The dashboard shows the months of published papers, up to {month_label(limit)}; "
            "later months are shown once their paper is published."
        )
        first, last = (first, limit) if first <= limit else figures.default_range(limit)
    return first, last, error


def _records_url(slug, first, last, **params):
    query = {"from": month_key(first), "to": month_key(last)}
    query.update({k: v for k, v in params.items() if v not in (None, "")})
    return f"{_records_base(slug)}?{urlencode(query)}"


@functools.cache
def _records_base(slug):
    return reverse("dashboard-records", args=[slug])


def _charts(data, drafts):
    """[Chart] for the dashboard, each part's in the paper's order, each point linked to its
    records; a month in `drafts` is labelled a draft, and its records are opened with drafts on."""
    labels = [f"{short_label(m)} (draft)" if m in drafts else short_label(m) for m in data.months]
    records_url = functools.partial(_records_url, drafts="1") if drafts else _records_url
    axis = Axis(data.months, labels, data.first, data.last, records_url)
    return [chart for part, found in data.parts() for chart in part.dashboard.charts(found, axis)]


# As django.utils.html.json_script does: no "</script>" or markup can end the data block early.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def _script_safe(json_text):
    return mark_safe(json_text.translate(_SCRIPT_ESCAPES))


def _figure_table(figure):
    """The chart's figures as a table of links: what a keyboard, screen reader or printer gets."""
    traces = list(figure.data)
    across = "y" if traces and getattr(traces[0], "orientation", None) == "h" else "x"
    value_axis = "x" if across == "y" else "y"
    # The figure's names are escaped for plotly (opsreport/lib/chart_text.py); the template escapes.
    columns = [as_typed(c) for c in traces[0][across]] if traces else []
    rows = []
    for trace in traces:
        values = list(trace[value_axis]) if trace[value_axis] is not None else []
        links = list(trace.customdata) if trace.customdata is not None else [None] * len(values)
        rows.append(
            {
                "name": as_typed(trace.name),
                "cells": [
                    {"value": v, "url": u}  # the page prints it as the paper would (paper_format.figure)
                    for v, u in zip(values, links)
                ],
            }
        )
    return {"columns": columns, "rows": rows}


# Bumped when what _figures_context returns changes shape, so an upgrade never reads an entry
# that an older version cached under the same data revision (the file cache outlives a restart).
FIGURES_FORM = 2


def _figures_context(first, last, drafts):
    """The dashboard's figures and charts for a range, and their HTML: the costly part, cached
    per data revision. `drafts`: the range's months shown though still in draft (none for the Panel).

    The headlines and charts are the same for every reader of the range, so they are drawn here
    once (templates/dashboard/figures.html) and every later request pastes the HTML: rendering
    seven charts' tables of figures was most of a request's time.
    """
    data = figures.dashboard(first, last)
    charts = (
        [
            {
                "id": chart.id,
                "title": chart.title,
                "note": chart.note,
                "json": _script_safe(chart.figure.to_json()),
                "table": _figure_table(chart.figure),
                "wide": chart.wide,
            }
            for chart in _charts(data, drafts)
        ]
        if data.has_figures
        else []
    )
    labels = {
        "last_label": month_label(last),
        "last_is_draft": last in drafts,
        "previous_label": month_label(figures.add_months(last, -1)),
    }
    html = render_to_string("dashboard/figures.html", {"data": data, "charts": charts, **labels})
    return {"data": data, "charts": charts, "figures_html": html, **labels}


@access.require(access.can_read_dashboard)
def dashboard_view(request):
    # Figures change only when the data do: served from the shared cache until the revision moves.
    rev = revision.current()
    ends = _month_ends(rev)
    show_drafts = _shows_drafts(request)
    latest = ends.entered if show_drafts else ends.published
    ctx = {
        "classification": described(access.DASHBOARD_CLASSIFICATION),
        "can_edit": access.can_enter_data(request.user),
        "can_show_drafts": access.can_read_draft_figures(request.user),
        "show_drafts": show_drafts,
        "has_drafts": ends.entered is not None and ends.is_draft(ends.entered),
        "nothing_published": ends.entered is not None and ends.published is None,
    }
    if latest is None:
        return render(request, "dashboard/index.html", ctx)
    first, last, error = _range(request, latest, None if show_drafts else ends.published)
    drafts = [m for m in months_between(first, last) if ends.is_draft(m)] if show_drafts else []
    # The figures' cache entry: the range, the drafts it shows, and the entry's form (FIGURES_FORM).
    drafts_key = ",".join(month_key(m) for m in drafts)
    name = f"dashboard:{FIGURES_FORM}:{month_key(first)}:{month_key(last)}:drafts:{drafts_key}"
    ctx.update(revision.cached(rev, name, lambda: _figures_context(first, last, drafts)))
    ctx.update(
        {
            "error": error,
            "first_key": month_key(first),
            "last_key": month_key(last),
            "period": f"{month_label(first)} to {month_label(last)}" if first != last else month_label(last),
            "draft_labels": [month_label(m) for m in drafts],
        }
    )
    return render(request, "dashboard/index.html", ctx)


@access.require(access.can_read_dashboard)
def records_view(request, slug):
    drilldown = DRILLDOWNS.get(slug)
    if drilldown is None:
        raise Http404("No such records.")
    ends = _month_ends(revision.current())
    show_drafts = _shows_drafts(request)
    latest = ends.entered if show_drafts else ends.published
    if latest is None:
        return HttpResponseRedirect(reverse("dashboard"))
    first, last, error = _range(request, latest, None if show_drafts else ends.published)
    try:
        f = filters_from(request.GET, first, last)
        records = drilldown.records(f)
        narrowed_by = drilldown.narrowed_by(f)
    except ValueError as exc:
        return HttpResponseBadRequest(str(exc))
    if f.month is not None and not show_drafts and ends.is_draft(f.month):
        raise Http404(f"{month_label(f.month)} is not published yet.")
    table = drilldown.table_class(records)
    # Months still in draft, shown to editors and the approver, say so in every row and file.
    table.month_ends = ends if show_drafts else None
    draft = show_drafts and ends.is_draft(f.end)
    title = " — ".join([drilldown.heading, *narrowed_by] + ([f.period] if drilldown.has_period else []))
    export = request.GET.get("export")
    if export in ("csv", "xlsx"):
        order(table, request)
        filename = "-".join(
            [slug]
            + ([month_key(f.start), month_key(f.end)] if drilldown.has_period else [])
            + (["draft"] if draft else [])
        )
        return download(rows_of(table), filename, export, f"Draft {drilldown.heading}" if draft else drilldown.heading)
    order(table, request)
    paginate(table, request.GET)
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("export", None)
    back = {"from": month_key(first), "to": month_key(last)} | ({"drafts": "1"} if show_drafts else {})
    ctx = {
        "title": title,
        "table": table,
        "drilldown": drilldown,
        "classification": described(access.DASHBOARD_CLASSIFICATION),
        "draft": draft,
        "error": error,
        "csv_url": f"?{_with(query, export='csv')}",
        "xlsx_url": f"?{_with(query, export='xlsx')}",
        "back_url": f"{reverse('dashboard')}?{urlencode(back)}",
    }
    return render(request, "dashboard/records.html", ctx)


def _with(query, **params):
    query = query.copy()
    for key, value in params.items():
        query[key] = value
    return query.urlencode()


def order(table, request):
    """The ordering the reader chose (`?sort=column` or `-column`), a column of the table's own;
    anything else leaves the records in their natural order."""
    sort = request.GET.get("sort", "")
    if sort.removeprefix("-") in {column.name for column in table.columns if column.orderable}:
        RequestConfig(request, paginate=False).configure(table)
