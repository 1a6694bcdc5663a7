"""The register on the web, for the approver: download it or its empty template, upload it,
see the preview, confirm.

Uploading, keeping the file between the preview and the confirmation, and confirming are
the month's workbook's (opsreport/workbook/upload.py); RegisterUpload says what is the
register's own.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils.http import content_disposition_header

from opsreport.access import can_manage_register, require
from opsreport.register import plan as register_plan
from opsreport.register.export import FILENAME, TEMPLATE_FILENAME, register_bytes
from opsreport.workbook.export import XLSX_TYPE
from opsreport.workbook.plan import Plan
from opsreport.workbook.upload import UploadFlow


def xlsx(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX_TYPE)
    # An attachment always gets a header (the stubs say `str | None`); built by Django, never by hand.
    response["Content-Disposition"] = content_disposition_header(True, name)  # type: ignore[assignment]
    return response


@require(can_manage_register)
def download(request: HttpRequest) -> HttpResponse:
    return xlsx(register_bytes(), FILENAME)


@require(can_manage_register)
def template(request: HttpRequest) -> HttpResponse:
    return xlsx(register_bytes(template=True), TEMPLATE_FILENAME)


class RegisterUpload(UploadFlow):
    """The register, for the approver: an .xlsx only, planned for no month; the confirmation
    plans it again without a rehearsal (the write itself refuses all of it at the first row a
    model refuses, and says why)."""

    field = "register"
    folder = "register-uploads"
    session_key = "register_upload"
    template = "register/index.html"
    what = "register"
    choose = "Choose the register (.xlsx) to upload."
    changed = "The data changed since your preview: this is what the file would do now. Check it and confirm again."
    max_bytes = register_plan.LIMITS.upload_bytes

    def refused(self, name: str, message: str) -> Plan:
        return register_plan.refused(name, message)

    def preview(self, data: bytes, name: str) -> Plan:
        return register_plan.preview(data, name)

    def replan(self, data: bytes, name: str) -> Plan:
        return register_plan.build(data, name)

    def created(self, count: int) -> str:
        return f"{count} row{pluralize(count)}"

    def landing(self) -> str:
        return reverse("register:index")


@require(can_manage_register)
def index(request: HttpRequest) -> HttpResponse:
    ctx: dict[str, Any] = {"max_kb": register_plan.LIMITS.upload_bytes // 1024}
    return RegisterUpload(request, ctx).page()
