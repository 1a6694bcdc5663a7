"""Print the paper's and the dashboard's timings for the June 2018 sample and ten times the data.

Run through `make bench`, which points DATABASE_URL at var/bench.sqlite3 so the user's own
database is never touched. Figures are printed, not asserted.
"""

import statistics
import tempfile
import time

from django.conf import settings
from django.contrib.auth.models import User
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
from opsreport.sample.generate import generate
from opsreport.sample.load import load as load_sample


def timed(fn, repeat=1):
    times = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


class Command(BaseCommand):
    help = (
        "Time the on-screen paper, the PDF (cold and cached), the charts, bare WeasyPrint and the "
        "dashboard, for the sample and for ten times the data."
    )

    def handle(self, **options):
        name = str(settings.DATABASES["default"]["NAME"])
        if "bench" not in name:
            raise CommandError(f"Refusing to run on {name}: use `make bench` (a separate bench database).")
        settings.DATA_DIR = tempfile.mkdtemp(prefix="opsreport-bench-")
        settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
        load_sample()
        user = User.objects.create_user("bench-editor")
        from django.contrib.auth.models import Group

        user.groups.add(Group.objects.get(name=EDITOR))
        client = Client()
        client.force_login(user)

        self.measure("June 2018 sample", Paper.objects.get(month="2018-06-01"), client)
        sample_dashboard = self.measure_dashboard([("last 12 months", "/dashboard/")])
        start = time.perf_counter()
        paper = generate()
        self.stdout.write(f"\nGenerated the 10x data set in {time.perf_counter() - start:.1f} s")
        self.measure(f"10x data set ({paper.month:%B %Y})", paper, client)
        big_dashboard = self.measure_dashboard(
            [("last 12 months", "/dashboard/"), ("all ten years", "/dashboard/?from=2018-07&to=2028-06")]
        )
        charts.stop()
        grows = "do not grow" if big_dashboard[0][2] == sample_dashboard[0][2] else "GROW"
        self.stdout.write(f"\ndashboard queries {grows} with the data (target: they do not; < 200 ms at 10x)")

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

    def measure(self, label, paper, client):
        url = f"/papers/{paper.month:%Y-%m}/"
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        page_ms, _ = timed(lambda: client.get(url), repeat=7)

        paper = Paper.objects.prefetch_related("appendices").get(pk=paper.pk)
        assembled = assemble(paper)
        cache.clear()  # PDFs and chart SVGs alike
        chart_ms, _ = timed(lambda: [charts.render_svg(charts.figure_for(f)) for f in assembled.figures])
        cache.clear()
        cold_ms, _ = timed(lambda: paper_pdf(Paper.objects.prefetch_related("appendices").get(pk=paper.pk)))
        cached_ms, _ = timed(lambda: paper_pdf(Paper.objects.prefetch_related("appendices").get(pk=paper.pk)), repeat=7)
        html = render_html(assembled, mode="pdf")
        bare_ms, _ = timed(lambda: html_to_pdf(html), repeat=3)

        self.stdout.write(f"\n== {label}")
        self.stdout.write(f"on-screen paper: {page_ms:.1f} ms server time, {len(queries)} queries (target < 150 ms)")
        self.stdout.write(f"chart rendering (2 figures, no cache; the first run starts Chromium): {chart_ms:.0f} ms")
        self.stdout.write(f"PDF cold (no PDF or chart cache): {cold_ms:.0f} ms")
        self.stdout.write(f"bare WeasyPrint render of the same HTML: {bare_ms:.0f} ms")
        budget = 1.5 * bare_ms + chart_ms
        self.stdout.write(f"  target cold <= 1.5 x bare + charts = {budget:.0f} ms: {'met' if cold_ms <= budget else 'NOT met'}")
        self.stdout.write(f"PDF from cache: {cached_ms:.1f} ms (target < 50 ms)")
