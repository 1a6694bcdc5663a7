"""One rounding rule for every figure: decimal, half up, at the precision the paper prints.

July 2018 as opsreport/sample/july.py enters it (Technical and Operational 98.125 days, a
total of 491.625) and an August with 100.255 for it: every figure of the month that the
paper prints, the dashboard shows and a drill-down exports reads the same everywhere, and
the dashboard's change is the difference between the two papers' printed totals.
"""

import csv
import datetime
import io
from decimal import Decimal
from html.parser import HTMLParser

from helpdesk.models import EnquiryCategory
from opsreport.lib.formats import days, figure, printed_days
from opsreport.models import EffortDriver, EffortEntry, EffortMonth, PaperStatus, WebsiteMonth
from opsreport.sample import july
from tests.base import SampleTestCase
from tests.factories import make_helpdesk_month, make_paper

JULY, AUGUST = datetime.date(2018, 7, 1), datetime.date(2018, 8, 1)
AUGUST_DAYS = {**july.DAYS, "Technical and Operational": "100.255"}  # a total of 493.755


class Tables(HTMLParser):
    """{table id: [[cell text, ...] per row]} of a page."""

    def __init__(self, html):
        super().__init__()
        self.tables, self.table, self.row, self.cell, self.in_note = {}, None, None, None, 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self.table = self.tables.setdefault(attrs.get("id") or f"table{len(self.tables)}", [])
        elif tag == "tr" and self.table is not None:
            self.row = []
            self.table.append(self.row)
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []
        elif tag in ("span", "sup") and (self.in_note or {"fn", "fn-ref"} & set((attrs.get("class") or "").split())):
            self.in_note += 1  # a footnote's call and text are not the figure's

    def handle_endtag(self, tag):
        if tag in ("span", "sup") and self.in_note:
            self.in_note -= 1
        elif tag in ("td", "th") and self.row is not None:
            self.row.append(" ".join("".join(self.cell or []).split()))
            self.cell = None
        elif tag == "table":
            self.table = None

    def handle_data(self, data):
        if self.cell is not None and not self.in_note:
            self.cell.append(data)


def csv_rows(response):
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


class OneRoundingTests(SampleTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        drivers = {driver.name: driver for driver in EffortDriver.objects.all()}
        categories = {category.name: category for category in EnquiryCategory.objects.all()}
        for month, effort in ((JULY, july.DAYS), (AUGUST, AUGUST_DAYS)):
            effort_month = EffortMonth.objects.create(month=month)
            for name, value in effort.items():
                EffortEntry.objects.create(effort_month=effort_month, driver=drivers[name], days=Decimal(str(value)))
            make_helpdesk_month(
                month,
                july.MAILBOX_TOTAL,
                july.TELEPHONE_CALLS,
                {categories[name]: emails for name, emails in july.EMAILS.items()},
            )
            WebsiteMonth.objects.create(month=month, visits=july.WEBSITE_FIGURES[0], page_views=july.WEBSITE_FIGURES[1])
            # Published, so the dashboard's default (the Panel's months) runs to them.
            make_paper(month, PaperStatus.PUBLISHED, number=58 + month.month)

    def setUp(self):
        self.client.force_login(self.alex)  # reads the papers, the dashboard and its records

    def paper_tables(self, month):
        page = self.client.get(f"/papers/{month:%Y-%m}/")
        self.assertEqual(page.status_code, 200)
        tables = Tables(page.content.decode()).tables
        effort = {row[0]: row[1] for row in tables["table-4"][1:]}
        helpdesk = {row[0]: row[-1] for row in tables["table-5"][1:]}  # the month is the last column
        website = {row[0]: row[-1] for row in tables["table-6"][2:]}
        return effort, helpdesk, website

    def dashboard(self, last):
        page = self.client.get(f"/dashboard/?from={last.year}-{last.month - 5:02d}&to={last:%Y-%m}")
        self.assertEqual(page.status_code, 200)
        return page

    def test_every_figure_of_july_reads_the_same_in_the_paper_the_dashboard_and_the_exports(self):
        effort, helpdesk, website = self.paper_tables(JULY)
        self.assertEqual(effort["Technical and Operational"], "98.13")  # 98.125, half up
        self.assertEqual(effort["Grand Total"], "491.63")  # 491.625
        for name, value in july.DAYS.items():
            self.assertEqual(effort[name], days(Decimal(str(value))), name)

        page = self.dashboard(JULY)
        charts = {chart["id"]: chart["table"] for chart in page.context["charts"]}
        headlines = {h.label: h for h in page.context["data"].headlines}
        # Effort: the headline, each driver's point (the chart's data and its table of figures).
        self.assertEqual(figure(headlines["Effort"].value), effort["Grand Total"])
        self.assertContains(page, f"{effort['Grand Total']} <span")
        by_driver = charts["effort-driver"]
        self.assertEqual(by_driver["columns"][-1], "Jul-18")
        for row in by_driver["rows"]:
            self.assertEqual(figure(row["cells"][-1]["value"]), effort[row["name"]], row["name"])
            self.assertEqual(printed_days(row["cells"][-1]["value"]), Decimal(effort[row["name"]]), row["name"])
        # Helpdesk and website: counts, printed alike.
        self.assertEqual(figure(headlines["Helpdesk emails"].value), helpdesk["Total"])
        self.assertEqual(figure(headlines["Helpdesk calls"].value), figure(july.TELEPHONE_CALLS))
        self.assertEqual(figure(headlines["Website visits"].value), website["Visits"])
        for row in charts["helpdesk"]["rows"]:
            printed = helpdesk["Total" if row["name"] == "Total" else row["name"]]
            self.assertEqual(figure(row["cells"][-1]["value"]), printed, row["name"])

        # The exports of the month's records: each figure as the paper prints it.
        records = "/dashboard/records/{}/?from=2018-07&to=2018-07&export=csv"
        exported = csv_rows(self.client.get(records.format("effort")))
        self.assertEqual(list(exported[0]), ["Month", "Driver", "Product", "Grade", "Days"])
        self.assertEqual(
            {row["Driver"]: row["Days"] for row in exported}, {k: v for k, v in effort.items() if k in july.DAYS}
        )
        emails = {
            row["Enquiry category"]: row["Emails"] for row in csv_rows(self.client.get(records.format("helpdesk")))
        }
        self.assertEqual(
            {k: figure(int(v)) for k, v in emails.items()}, {k: v for k, v in helpdesk.items() if k != "Total"}
        )
        visits = csv_rows(self.client.get(records.format("website")))
        self.assertEqual(figure(int(visits[0]["Visits"])), website["Visits"])

    def test_the_dashboards_change_is_the_difference_of_the_printed_figures(self):
        july_total = self.paper_tables(JULY)[0]["Grand Total"]
        august_total = self.paper_tables(AUGUST)[0]["Grand Total"]
        self.assertEqual((july_total, august_total), ("491.63", "493.76"))  # 491.625 and 493.755
        page = self.dashboard(AUGUST)
        effort = next(h for h in page.context["data"].headlines if h.label == "Effort")
        self.assertEqual(effort.change, Decimal("2.13"))  # not 2.12, nor 2.14
        self.assertContains(page, "up 2.13")

    def test_the_effort_export_and_its_workbook_are_rounded_alike(self):
        response = self.client.get("/dashboard/records/effort/?from=2018-07&to=2018-07&export=xlsx")
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = {row[1]: row[4] for row in sheet.iter_rows(min_row=2, values_only=True)}
        self.assertEqual(rows["Technical and Operational"], 98.13)  # a number, as printed
