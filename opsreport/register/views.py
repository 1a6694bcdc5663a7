"""The register on the web, for the approver: download it or its empty template, upload it,
see the preview, confirm.

As with the month's workbook (opsreport/workbook/views.py): between the preview and the
confirmation the uploaded bytes wait in a file under DATA_DIR named by their SHA-256, and the
session remembers which one and what the preview showed; the confirmation reads the file back,
checks its hash, plans it again from scratch and writes only if it still does what was shown.
"""

import hashlib
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils.http import content_disposition_header

from opsreport import revision
from opsreport.access import can_manage_register, require
from opsreport.register import plan as register_plan
from opsreport.register.export import FILENAME, TEMPLATE_FILENAME, register_bytes
from opsreport.workbook.apply import ImportRefused, apply
from opsreport.workbook.export import XLSX_TYPE
from opsreport.workbook.plan import Plan

SESSION_KEY = "register_upload"
KEEP_UPLOADS_SECONDS = 24 * 3600  # a preview nobody confirmed is forgotten after a day


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


def upload_dir() -> Path:
    return Path(settings.DATA_DIR) / "register-uploads"


def stored_path(sha256: str) -> Path:
    return upload_dir() / f"{sha256}.xlsx"


@require(can_manage_register)
def index(request: HttpRequest) -> HttpResponse:
    ctx: dict[str, Any] = {"max_kb": register_plan.LIMITS.upload_bytes // 1024}
    if request.method == "POST" and "confirm" in request.POST:
        return confirm(request, ctx)
    if request.method == "POST":
        ctx["plan"] = upload(request)
    return render(request, "register/index.html", ctx)


def upload(request: HttpRequest) -> Plan:
    """The preview of an uploaded register; a clean one that writes is kept for the confirmation."""
    upload = request.FILES.get("register")
    if upload is None:
        return register_plan.refused("", "Choose the register (.xlsx) to upload.")
    name = Path(upload.name or "").name
    limit = register_plan.LIMITS.upload_bytes
    if upload.size is not None and upload.size > limit:  # before reading a byte of it
        return register_plan.refused(
            name, f"The file is {upload.size // 1024} kB; a register may be at most {limit // 1024} kB."
        )
    data = upload.read(limit + 1)
    plan = register_plan.preview(data, name)
    request.session.pop(SESSION_KEY, None)
    if plan.clean and (plan.count("create") or plan.count("change")):
        keep(request, data, name, plan)
    return plan


def keep(request: HttpRequest, data: bytes, name: str, plan: Plan) -> None:
    """Keep a clean upload for its confirmation, and what its preview showed."""
    forget_old_uploads()
    sha256 = hashlib.sha256(data).hexdigest()
    upload_dir().mkdir(parents=True, exist_ok=True)
    stored_path(sha256).write_bytes(data)
    request.session[SESSION_KEY] = {"sha256": sha256, "name": name, "shown": plan.fingerprint()}
    plan.sha256 = sha256


def forget_old_uploads() -> None:
    if not upload_dir().is_dir():
        return
    cutoff = time.time() - KEEP_UPLOADS_SECONDS
    for path in upload_dir().iterdir():
        if path.is_file() and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)


def confirm(request: HttpRequest, ctx: dict[str, Any]) -> HttpResponse:
    """Write the previewed register: all of it, or nothing with every error shown."""
    pending = request.session.get(SESSION_KEY)
    if not pending or pending["sha256"] != request.POST.get("sha256", ""):
        ctx["plan"] = register_plan.refused("", "That preview has expired: upload the register again.")
        return render(request, "register/index.html", ctx)
    path = stored_path(pending["sha256"])
    data = path.read_bytes() if path.is_file() else b""
    if hashlib.sha256(data).hexdigest() != pending["sha256"]:
        ctx["plan"] = register_plan.refused(
            pending["name"], "The uploaded file is no longer available: upload it again."
        )
        return render(request, "register/index.html", ctx)
    # Checked and written under one lock: a second Confirm (a double click) waits for the first,
    # then finds the data moved and shows what the file would do now.
    with transaction.atomic():
        revision.lock()
        # Planned again from scratch (not rehearsed: the write itself refuses all of it at the
        # first row a model refuses, and says why).
        plan = register_plan.build(data, pending["name"])
        if plan.clean and plan.fingerprint() != pending.get("shown"):
            keep(request, data, pending["name"], plan)
            plan.notice = (
                "The data changed since your preview: this is what the file would do now. Check it and confirm again."
            )
            ctx["plan"] = plan
            return render(request, "register/index.html", ctx)
        try:
            confirmed = request.POST.get("confirm_published") == "yes"
            counts = apply(plan, request.user, pending["name"], confirm_published=confirmed)
        except ImportRefused as refusal:
            plan.errors = refusal.problems if not plan.errors else plan.errors
            ctx["plan"] = plan
            return render(request, "register/index.html", ctx)
    path.unlink(missing_ok=True)
    request.session.pop(SESSION_KEY, None)
    created = f"{counts['create']} row{pluralize(counts['create'])}"
    messages.success(
        request,
        f"Imported {pending['name']}: {created} created, {counts['change']} changed, {counts['unchanged']} unchanged.",
    )
    return HttpResponseRedirect(reverse("register:index"))
