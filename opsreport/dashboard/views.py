"""The Panel dashboard and its drill-downs.

Views stay thin: opsreport.access decides who may see what, figures.py and drilldowns.py find
the figures and records, charts.py draws them.
"""

import functools
from urllib.parse import urlencode

from django.http import Http404, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django_tables2 import RequestConfig

from opsreport import access, revision
from opsreport.dashboard import figures
from opsreport.dashboard.drilldowns import DRILLDOWNS, filters_from, paginate
from opsreport.dashboard.exports import download, rows_of
from opsreport.dashboard.panel import Axis
from opsreport.lib.chart_text import as_typed
from opsreport.lib.classification import described
from opsreport.lib.months import month_key, month_label, parse_month_key, short_label


def _range(request, latest):
    """(first, last, error) from ?from=YYYY-MM&to=YYYY-MM, defaulting to the last 12 months."""
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
    return first, last, error


def _records_url(slug, first, last, **params):
    query = {"from": month_key(first), "to": month_key(last)}
    query.update({k: v for k, v in params.items() if v not in (None, "")})
    return f"{_records_base(slug)}?{urlencode(query)}"


@functools.cache
def _records_base(slug):
    return reverse("dashboard-records", args=[slug])


def _charts(data):
    """[Chart] for the dashboard, each part's in the paper's order, each point linked to its records."""
    axis = Axis(data.months, [short_label(m) for m in data.months], data.first, data.last, _records_url)
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


def _figures_context(first, last):
    """The dashboard's figures and charts for a range: the costly part, cached per data revision."""
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
            for chart in _charts(data)
        ]
        if data.has_figures
        else []
    )
    return {"data": data, "charts": charts}


@access.require(access.can_read_dashboard)
def dashboard_view(request):
    # Figures change only when the data do: served from the shared cache until the revision moves.
    rev = revision.current()
    latest = revision.cached(rev, "dashboard:latest", figures.latest_month)
    ctx = {
        "classification": described(access.DASHBOARD_CLASSIFICATION),
        "can_edit": access.can_enter_data(request.user),
    }
    if latest is None:
        return render(request, "dashboard/index.html", ctx)
    first, last, error = _range(request, latest)
    ctx.update(
        revision.cached(rev, f"dashboard:{month_key(first)}:{month_key(last)}", lambda: _figures_context(first, last))
    )
    ctx.update(
        {
            "error": error,
            "first_key": month_key(first),
            "last_key": month_key(last),
            "period": f"{month_label(first)} to {month_label(last)}" if first != last else month_label(last),
            "last_label": month_label(last),
            "previous_label": month_label(figures.add_months(last, -1)),
        }
    )
    return render(request, "dashboard/index.html", ctx)


@access.require(access.can_read_dashboard)
def records_view(request, slug):
    drilldown = DRILLDOWNS.get(slug)
    if drilldown is None:
        raise Http404("No such records.")
    latest = figures.latest_month()
    if latest is None:
        return HttpResponseRedirect(reverse("dashboard"))
    first, last, error = _range(request, latest)
    try:
        f = filters_from(request.GET, first, last)
        records = drilldown.records(f)
        narrowed_by = drilldown.narrowed_by(f)
    except ValueError as exc:
        return HttpResponseBadRequest(str(exc))
    table = drilldown.table_class(records)
    title = " — ".join([drilldown.heading, *narrowed_by] + ([f.period] if drilldown.has_period else []))
    export = request.GET.get("export")
    if export in ("csv", "xlsx"):
        order(table, request)
        filename = "-".join([slug] + ([month_key(f.start), month_key(f.end)] if drilldown.has_period else []))
        return download(rows_of(table), filename, export, drilldown.heading)
    order(table, request)
    paginate(table, request.GET)
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("export", None)
    ctx = {
        "title": title,
        "table": table,
        "drilldown": drilldown,
        "classification": described(access.DASHBOARD_CLASSIFICATION),
        "csv_url": f"?{_with(query, export='csv')}",
        "xlsx_url": f"?{_with(query, export='xlsx')}",
        "back_url": f"{reverse('dashboard')}?{urlencode({'from': month_key(first), 'to': month_key(last)})}",
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
