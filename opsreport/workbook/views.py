"""The month's workbook on the web: download it, upload it, see the preview, confirm.

Uploading, keeping the file between the preview and the confirmation, and confirming are
opsreport/workbook/upload.py's, shared with the register; MonthUpload says what is the
month's own (its .csv sheets, its month, its words).
"""

import datetime
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.http import content_disposition_header

from opsreport.access import can_enter_data, require
from opsreport.lib.months import month_key, month_label
from opsreport.models import Paper
from opsreport.workbook import service
from opsreport.workbook.export import XLSX_TYPE, filename, workbook_bytes
from opsreport.workbook.plan import Plan, month_problem
from opsreport.workbook.reading import MAX_UPLOAD_BYTES, Problem
from opsreport.workbook.upload import UploadFlow


def allowed_month(month: datetime.date) -> datetime.date:
    if month_problem(month):
        raise Http404(month_problem(month))
    return month


@require(can_enter_data)
def download(request: HttpRequest, month: datetime.date) -> HttpResponse:
    allowed_month(month)
    response = HttpResponse(workbook_bytes(month), content_type=XLSX_TYPE)
    # An attachment always gets a header (None is only for an inline file without a name), which
    # the stubs' `str | None` does not say; built by Django, never by hand (test_pdf_downloads).
    response["Content-Disposition"] = content_disposition_header(True, filename(month))  # type: ignore[assignment]
    return response


class MonthUpload(UploadFlow):
    """The month's workbook, or one of its sheets saved as .csv, for one month: a kept upload is
    confirmed only on the import page of the month it was previewed for."""

    field = "workbook"
    folder = "workbook-uploads"
    session_key = "workbook_upload"
    template = "workbook/import.html"
    what = "workbook"
    choose = "Choose the workbook (.xlsx) or a sheet saved as .csv to upload."
    changed = (
        "The month's data changed since your preview: this is what the file would do now. Check it and confirm again."
    )
    max_bytes = MAX_UPLOAD_BYTES
    suffixes = frozenset({".xlsx", ".csv"})

    def __init__(self, request: HttpRequest, ctx: dict[str, Any], month: datetime.date) -> None:
        super().__init__(request, ctx)
        self.month = month

    def refused(self, name: str, message: str) -> Plan:
        plan = Plan(self.month, name)
        plan.errors.append(Problem(None, None, None, message))
        return plan

    def preview(self, data: bytes, name: str) -> Plan:
        return service.preview(self.month, data, name)

    def bound(self) -> dict[str, str]:
        return {"month": month_key(self.month)}

    def created(self, count: int) -> str:
        return f"{count} rows"

    def landing(self) -> str:
        """Back to the month page, where the editor carries on (the import page while the month
        has no paper yet, so there is a page to land on)."""
        target = "month" if Paper.objects.filter(month=self.month).exists() else "month-import"
        return reverse(target, args=[self.month])


@require(can_enter_data)
def import_workbook(request: HttpRequest, month: datetime.date) -> HttpResponse:
    allowed_month(month)
    ctx: dict[str, Any] = {
        "month": month,
        "month_key": month_key(month),
        "month_label": month_label(month),
        "paper": Paper.objects.filter(month=month).first(),
        "max_kb": MAX_UPLOAD_BYTES // 1024,
    }
    return MonthUpload(request, ctx, month).page()
