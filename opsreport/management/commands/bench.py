"""Print the paper's and the dashboard's timings for the June 2018 sample, ten times its history
and ten times a month's volume, each in a database of its own, and whether the targets are met.

Run through `make bench`, which migrates var/bench.sqlite3 (never the user's own database);
each data set is made in a copy of that freshly migrated database (var/bench-sample.sqlite3,
var/bench-history.sqlite3, var/bench-volume.sqlite3), so none of them affects another's
figures. Figures are printed, never asserted.
"""

import shutil
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from opsreport.dashboard import bench as dashboard_bench
from opsreport.models import Paper
from opsreport.paper import charts
from opsreport.paper.assembly import assemble
from opsreport.paper.pdf import html_to_pdf, paper_pdf, render_html
from opsreport.roles import EDITOR
from opsreport.sample import generate
from opsreport.sample.load import load as load_sample

PAGE_RUNS = 15
CACHED_PDF_RUNS = 31
# Targets (printed, never asserted).
PAGE_MS = 150  # the on-screen paper, on the sample
HISTORY_FACTOR = 1.3  # ten times the history: the on-screen paper within 1.3 x its time on the sample
CACHED_PDF_MS = 15  # the cached PDF through its view, in every data set...
CACHED_PDF_FACTOR = 1.3  # ...and within 1.3 x the sample's
DASHBOARD_MS = 200


def timed(fn, repeat=1):
    times = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


@dataclass
class Measured:
    label: str
    paper: str  # YYYY-MM
    rows: int = 0  # meeting rows + membership events in the printed window
    page_ms: float = 0.0
    page_queries: int = 0
    cold_ms: float = 0.0
    cached_ms: float = 0.0
    cached_queries: int = 0
    dashboard: list = field(default_factory=list)  # [(label, ms, queries)]


class Command(BaseCommand):
    help = (
        "Time the on-screen paper, the PDF (cold and cached), the charts, bare WeasyPrint and the "
        "dashboard, for the sample, ten times its history and ten times a month's volume."
    )

    def handle(self, **options):
        template = Path(str(settings.DATABASES["default"]["NAME"]))
        if "bench" not in template.name:
            raise CommandError(f"Refusing to run on {template}: use `make bench` (a separate bench database).")
        if Paper.objects.exists():
            raise CommandError(f"{template} holds data: `make bench` starts from a freshly migrated one.")
        settings.DATA_DIR = tempfile.mkdtemp(prefix="opsreport-bench-")
        settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]

        sets = [
            ("sample", "June 2018 sample", None, [("last 12 months", "/dashboard/")]),
            (
                "history",
                "ten times the history",
                generate.ten_times_history,
                [("last 12 months", "/dashboard/"), ("all ten years", "/dashboard/?from=2018-07&to=2028-06")],
            ),
            ("volume", "ten times a month's volume", generate.ten_times_volume, [("last 12 months", "/dashboard/")]),
        ]
        results = {}
        try:
            for key, label, generator, dashboard_views in sets:
                self.use_database(template, key)
                results[key] = self.measure_set(label, generator, dashboard_views)
        finally:
            self.use_database(template)
            charts.stop()
        self.summary(results["sample"], results["history"], results["volume"])

    def use_database(self, template, key=None):
        """Point the connection at a fresh copy of the migrated template (or back at it).

        The cache is emptied too: cache keys carry the data revision, which starts afresh in
        each copy, so one data set's PDF must never be served for another's.
        """
        connection.close()
        path = template if key is None else template.with_name(f"{template.stem}-{key}{template.suffix}")
        if key is not None:
            shutil.copyfile(template, path)
        settings.DATABASES["default"]["NAME"] = str(path)
        connection.settings_dict["NAME"] = str(path)
        cache.clear()

    def measure_set(self, label, generator, dashboard_views):
        load_sample()
        if generator is None:
            paper = Paper.objects.get(month=generate.SAMPLE_MONTH)
        else:
            start = time.perf_counter()
            paper = generator()
            self.stdout.write(f"\n(generated {label} in {time.perf_counter() - start:.1f} s)")
        user = User.objects.create_user("bench-editor")
        user.groups.add(Group.objects.get(name=EDITOR))
        client = Client()
        client.force_login(user)

        result = Measured(label, f"{paper.month:%Y-%m}", rows=generate.printed_rows(paper))
        self.stdout.write(f"\n== {label}: the {paper.month:%B %Y} paper, {result.rows} rows printed "
                          "(meeting rows + membership events in its 13 months)")
        self.measure_paper(result, paper, client)
        result.dashboard = self.measure_dashboard(dashboard_views)
        return result

    def measure_paper(self, result, paper, client):
        url = f"/papers/{result.paper}/"
        client.get(url)  # warm: imports, template compilation, the session
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        result.page_queries = len(queries)
        result.page_ms, _ = timed(lambda: client.get(url), repeat=PAGE_RUNS)

        paper = Paper.objects.prefetch_related("appendices").get(pk=paper.pk)
        assembled = assemble(paper)
        cache.clear()  # PDFs and chart SVGs alike
        chart_ms, _ = timed(lambda: [charts.render_svg(charts.figure_for(f)) for f in assembled.figures])
        cache.clear()
        result.cold_ms, _ = timed(lambda: paper_pdf(Paper.objects.prefetch_related("appendices").get(pk=paper.pk)))
        bare_ms, _ = timed(lambda: html_to_pdf(render_html(assembled, mode="pdf")), repeat=3)

        # The cached PDF as a reader gets it: through its view, the cache warm.
        pdf_url = f"/papers/{result.paper}/pdf/"
        response = client.get(pdf_url)
        assert response.status_code == 200 and response.content.startswith(b"%PDF"), response.status_code
        with CaptureQueriesContext(connection) as queries:
            client.get(pdf_url)
        result.cached_queries = len(queries)
        result.cached_ms, _ = timed(lambda: client.get(pdf_url), repeat=CACHED_PDF_RUNS)

        self.stdout.write(
            f"on-screen paper: {result.page_ms:.1f} ms server time (median of {PAGE_RUNS}), {result.page_queries} queries"
        )
        self.stdout.write(f"chart rendering (2 figures, no cache; the first run starts Chromium): {chart_ms:.0f} ms")
        self.stdout.write(f"PDF cold (no PDF or chart cache): {result.cold_ms:.0f} ms")
        self.stdout.write(f"bare WeasyPrint render of the same HTML: {bare_ms:.0f} ms")
        budget = 1.5 * bare_ms + chart_ms
        self.stdout.write(f"  target cold <= 1.5 x bare + charts = {budget:.0f} ms: {met(result.cold_ms <= budget)}")
        self.stdout.write(
            f"PDF from cache, through {pdf_url}: {result.cached_ms:.1f} ms server time "
            f"(median of {CACHED_PDF_RUNS}), {result.cached_queries} queries"
        )

    def measure_dashboard(self, views):
        """[(label, ms, queries)] for a Panel member opening each dashboard address."""
        sizes = ", ".join(f"{n} {k}" for k, n in dashboard_bench.counts().items())
        self.stdout.write(f"dashboard, Panel member, median of 15 requests ({sizes}):")
        rows = []
        for label, path in views:
            ms, queries = dashboard_bench.measure(path)
            self.stdout.write(f"  {label:<16} {ms:7.1f} ms server time, {queries} queries")
            rows.append((label, ms, queries))
        return rows

    def summary(self, sample, history, volume):
        out = self.stdout.write
        out("\n== Targets")
        out(f"sample: on-screen paper {sample.page_ms:.1f} ms < {PAGE_MS} ms: {met(sample.page_ms < PAGE_MS)}")

        ratio = history.page_ms / sample.page_ms
        out(
            f"ten times the history: on-screen paper {history.page_ms:.1f} ms = {ratio:.2f} x the sample's "
            f"(target <= {HISTORY_FACTOR} x): {met(ratio <= HISTORY_FACTOR)}"
        )
        for measured in (history, volume):
            same = measured.page_queries == sample.page_queries
            out(f"{measured.label}: {measured.page_queries} queries for the paper, the sample's {sample.page_queries}: "
                f"{'the same' if same else 'DIFFERENT'}")

        time_ratio = volume.page_ms / sample.page_ms
        rows_ratio = volume.rows / sample.rows
        out(
            f"ten times a month's volume: on-screen paper {volume.page_ms:.1f} ms = {time_ratio:.2f} x the sample's, "
            f"for {rows_ratio:.2f} x the rows printed ({volume.rows} / {sample.rows}) "
            f"(target: no worse than linear, time ratio <= rows ratio): {met(time_ratio <= rows_ratio)}"
        )

        for measured in (sample, history, volume):
            ratio = measured.cached_ms / sample.cached_ms
            ok = measured.cached_ms < CACHED_PDF_MS and ratio <= CACHED_PDF_FACTOR
            out(
                f"{measured.label}: cached PDF {measured.cached_ms:.1f} ms, {ratio:.2f} x the sample's "
                f"(target < {CACHED_PDF_MS} ms and <= {CACHED_PDF_FACTOR} x): {met(ok)}"
            )

        for measured in (sample, history, volume):
            for label, ms, queries in measured.dashboard:
                same = queries == sample.dashboard[0][2]
                out(
                    f"{measured.label}: dashboard ({label}) {ms:.1f} ms, {queries} queries "
                    f"(target < {DASHBOARD_MS} ms, queries as the sample's): {met(ms < DASHBOARD_MS and same)}"
                )


def met(ok):
    return "met" if ok else "NOT met"
