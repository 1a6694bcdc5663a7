"""The month's workbook on the web: download it, upload it, see the preview, confirm.

Between the preview and the confirmation the uploaded bytes wait in a file under DATA_DIR
named by their SHA-256, and the session remembers which one (and for which month): the
confirmation reads that file back, checks its hash, and validates it again from scratch
before writing, so nothing the editor did not see is written, and nothing written depends on
anything the browser sends but the hash.
"""

import datetime
import hashlib
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import content_disposition_header

from opsreport import revision
from opsreport.access import can_enter_data, require
from opsreport.lib.months import month_key, month_label
from opsreport.models import Paper
from opsreport.workbook import service
from opsreport.workbook.apply import ImportRefused, apply
from opsreport.workbook.export import XLSX_TYPE, filename, workbook_bytes
from opsreport.workbook.plan import Plan, month_problem
from opsreport.workbook.reading import MAX_UPLOAD_BYTES, Problem

SESSION_KEY = "workbook_upload"
SUFFIXES = {".xlsx", ".csv"}
KEEP_UPLOADS_SECONDS = 24 * 3600  # a preview nobody confirmed is forgotten after a day


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


def upload_dir() -> Path:
    return Path(settings.DATA_DIR) / "workbook-uploads"


def stored_path(sha256: str, suffix: str) -> Path:
    return upload_dir() / f"{sha256}{suffix}"


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
    if request.method == "POST" and "confirm" in request.POST:
        return confirm(request, month, ctx)
    if request.method == "POST":
        ctx["plan"] = upload(request, month)
    return render(request, "workbook/import.html", ctx)


def upload(request: HttpRequest, month: datetime.date) -> Plan:
    """The preview of an uploaded file; a clean one is kept for the confirmation."""
    upload = request.FILES.get("workbook")
    if upload is None:
        return refused(month, "", "Choose the workbook (.xlsx) or a sheet saved as .csv to upload.")
    name = Path(upload.name or "").name
    if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:  # before reading a byte of it
        return refused(
            month,
            name,
            f"The file is {upload.size // 1024} kB; a workbook may be at most {MAX_UPLOAD_BYTES // 1024} kB.",
        )
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    plan = service.preview(month, data, name)
    request.session.pop(SESSION_KEY, None)
    if plan.clean and (plan.count("create") or plan.count("change")):
        keep(request, month, data, name, plan)
    return plan


def keep(request: HttpRequest, month: datetime.date, data: bytes, name: str, plan: Plan) -> None:
    """Keep a clean upload for its confirmation, and what its preview showed."""
    forget_old_uploads()
    sha256 = hashlib.sha256(data).hexdigest()
    suffix = Path(name).suffix.lower() if Path(name).suffix.lower() in SUFFIXES else ".xlsx"
    upload_dir().mkdir(parents=True, exist_ok=True)
    stored_path(sha256, suffix).write_bytes(data)
    request.session[SESSION_KEY] = {
        "sha256": sha256,
        "name": name,
        "suffix": suffix,
        "month": month_key(month),
        "shown": plan.fingerprint(),
    }
    plan.sha256 = sha256


def forget_old_uploads() -> None:
    if not upload_dir().is_dir():
        return
    cutoff = time.time() - KEEP_UPLOADS_SECONDS
    for path in upload_dir().iterdir():
        if path.is_file() and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)


def refused(month: datetime.date, name: str, message: str) -> Plan:
    plan = Plan(month, name)
    plan.errors.append(Problem(None, None, None, message))
    return plan


def confirm(request: HttpRequest, month: datetime.date, ctx: dict[str, Any]) -> HttpResponse:
    """Write the previewed file: all of it, or nothing with every error shown."""
    pending = request.session.get(SESSION_KEY)
    sha256 = request.POST.get("sha256", "")
    if not pending or pending["sha256"] != sha256 or pending["month"] != month_key(month):
        ctx["plan"] = refused(month, "", "That preview has expired: upload the workbook again.")
        return render(request, "workbook/import.html", ctx)
    path = stored_path(pending["sha256"], pending["suffix"])
    data = path.read_bytes() if path.is_file() else b""
    if hashlib.sha256(data).hexdigest() != pending["sha256"]:
        ctx["plan"] = refused(month, pending["name"], "The uploaded file is no longer available: upload it again.")
        return render(request, "workbook/import.html", ctx)
    # Checked and written under one lock: a second Confirm (a double click) waits for the first,
    # then finds the month's data moved and shows what the file would do now.
    with transaction.atomic():
        revision.lock()
        plan = service.preview(month, data, pending["name"])
        if plan.clean and plan.fingerprint() != pending.get("shown"):
            # The month's data moved since the preview (another editor, a grid): show what the
            # same file would do now, and let the editor confirm that instead.
            keep(request, month, data, pending["name"], plan)
            plan.notice = "The month's data changed since your preview: this is what the file would do now. Check it and confirm again."
            ctx["plan"] = plan
            return render(request, "workbook/import.html", ctx)
        try:
            confirmed = request.POST.get("confirm_published") == "yes"
            counts = apply(plan, request.user, pending["name"], confirm_published=confirmed)
        except ImportRefused as refusal:
            plan.errors = refusal.problems if not plan.errors else plan.errors
            ctx["plan"] = plan
            return render(request, "workbook/import.html", ctx)
    path.unlink(missing_ok=True)
    request.session.pop(SESSION_KEY, None)
    messages.success(
        request,
        f"Imported {pending['name']}: {counts['create']} rows created, {counts['change']} changed, "
        f"{counts['unchanged']} unchanged.",
    )
    # Back to the month page, where the editor carries on (the import page while the month has
    # no paper yet, so there is a page to land on).
    target = "month" if Paper.objects.filter(month=month).exists() else "month-import"
    return HttpResponseRedirect(reverse(target, args=[month]))
