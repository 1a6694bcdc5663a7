"""A workbook's page on the web: upload a file, see the preview, confirm. Written once for the
month's workbook (opsreport/workbook/views.py) and the register (opsreport/register/views.py),
so the safeguards below hold for both and cannot drift apart.

Between the preview and the confirmation the uploaded bytes wait in a file under DATA_DIR
named by their SHA-256, and the session remembers which one and what the preview showed: the
confirmation reads that file back, checks its hash, plans it again from scratch and writes
only if it still does what was shown, so nothing the editor did not see is written, and
nothing written depends on anything the browser sends but the hash.

Each page subclasses UploadFlow with what is its own: the form's field, the folder and session
key, its words, how it plans a file, and where a confirmed import lands.
"""

import hashlib
import time
from abc import ABC, abstractmethod
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render

from opsreport import revision
from opsreport.workbook.apply import ImportRefused, apply
from opsreport.workbook.plan import Plan

KEEP_UPLOADS_SECONDS = 24 * 3600  # a preview nobody confirmed is forgotten after a day


class UploadFlow(ABC):
    """One request to a workbook's import page: `page()` answers it (a GET shows the form, a
    POST with a file previews it, a POST with "confirm" writes the kept file)."""

    field: str  # the form's file input
    folder: str  # where kept uploads wait, under DATA_DIR
    session_key: str  # where the session remembers the kept upload
    template: str  # the page
    what: str  # the file as the refusals name it: "workbook", "register"
    choose: str  # the refusal of a form sent without a file
    changed: str  # the notice above a plan that moved since its preview
    max_bytes: int  # the largest upload read
    suffixes: frozenset[str] = frozenset({".xlsx"})  # kept as uploaded; any other is kept as .xlsx

    def __init__(self, request: HttpRequest, ctx: dict[str, Any]) -> None:
        self.request, self.ctx = request, ctx

    @abstractmethod
    def refused(self, name: str, message: str) -> Plan:
        """A plan that writes nothing and says why."""

    @abstractmethod
    def preview(self, data: bytes, name: str) -> Plan:
        """The dry-run plan of a file's bytes, as the preview shows it."""

    def replan(self, data: bytes, name: str) -> Plan:
        """The plan the confirmation writes, made again from scratch: by default the preview's."""
        return self.preview(data, name)

    def bound(self) -> dict[str, str]:
        """What a kept upload must also match to be confirmed on this page (the month's
        workbook: its month), remembered with it."""
        return {}

    @abstractmethod
    def created(self, count: int) -> str:
        """How the success message counts the rows created ("3 rows")."""

    @abstractmethod
    def landing(self) -> str:
        """Where a confirmed import goes next."""

    def page(self) -> HttpResponse:
        if self.request.method == "POST" and "confirm" in self.request.POST:
            return self.confirm()
        if self.request.method == "POST":
            self.ctx["plan"] = self.upload()
        return render(self.request, self.template, self.ctx)

    def shown(self, plan: Plan) -> HttpResponse:
        """The page again, with `plan` as its preview."""
        self.ctx["plan"] = plan
        return render(self.request, self.template, self.ctx)

    def upload_dir(self) -> Path:
        return Path(settings.DATA_DIR) / self.folder

    def upload(self) -> Plan:
        """The preview of an uploaded file; a clean one that writes is kept for the confirmation."""
        upload = self.request.FILES.get(self.field)
        if upload is None:
            return self.refused("", self.choose)
        name = Path(upload.name or "").name
        limit = self.max_bytes
        if upload.size is not None and upload.size > limit:  # before reading a byte of it
            return self.refused(
                name, f"The file is {upload.size // 1024} kB; a {self.what} may be at most {limit // 1024} kB."
            )
        data = upload.read(limit + 1)
        plan = self.preview(data, name)
        self.request.session.pop(self.session_key, None)
        if plan.clean and (plan.count("create") or plan.count("change")):
            self.keep(data, name, plan)
        return plan

    def keep(self, data: bytes, name: str, plan: Plan) -> None:
        """Keep a clean upload for its confirmation, and what its preview showed."""
        self.forget_old_uploads()
        sha256 = hashlib.sha256(data).hexdigest()
        suffix = Path(name).suffix.lower() if Path(name).suffix.lower() in self.suffixes else ".xlsx"
        self.upload_dir().mkdir(parents=True, exist_ok=True)
        (self.upload_dir() / f"{sha256}{suffix}").write_bytes(data)
        self.request.session[self.session_key] = {
            "sha256": sha256,
            "name": name,
            "suffix": suffix,
            **self.bound(),
            "shown": plan.fingerprint(),
        }
        plan.sha256 = sha256

    def forget_old_uploads(self) -> None:
        if not self.upload_dir().is_dir():
            return
        cutoff = time.time() - KEEP_UPLOADS_SECONDS
        for path in self.upload_dir().iterdir():
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)

    def kept(self) -> dict[str, Any] | None:
        """The kept upload the confirmation names, if the session still has it for this page."""
        pending: dict[str, Any] | None = self.request.session.get(self.session_key)
        if not pending or pending["sha256"] != self.request.POST.get("sha256", ""):
            return None
        if any(pending.get(key) != value for key, value in self.bound().items()):
            return None
        return pending

    def confirm(self) -> HttpResponse:
        """Write the previewed file: all of it, or nothing with every error shown."""
        pending = self.kept()
        if pending is None:
            return self.shown(self.refused("", f"That preview has expired: upload the {self.what} again."))
        # An upload kept before the suffix was remembered for every page was a register's .xlsx.
        path = self.upload_dir() / f"{pending['sha256']}{pending.get('suffix', '.xlsx')}"
        data = path.read_bytes() if path.is_file() else b""
        if hashlib.sha256(data).hexdigest() != pending["sha256"]:
            return self.shown(
                self.refused(pending["name"], "The uploaded file is no longer available: upload it again.")
            )
        # Checked and written under one lock: a second Confirm (a double click) waits for the first,
        # then finds the data moved and shows what the file would do now.
        with transaction.atomic():
            revision.lock()
            plan = self.replan(data, pending["name"])
            if plan.clean and plan.fingerprint() != pending.get("shown"):
                # The data moved since the preview (another editor, a grid): show what the same
                # file would do now, and let the editor confirm that instead.
                self.keep(data, pending["name"], plan)
                plan.notice = self.changed
                return self.shown(plan)
            try:
                confirmed = self.request.POST.get("confirm_published") == "yes"
                counts = apply(plan, self.request.user, pending["name"], confirm_published=confirmed)
            except ImportRefused as refusal:
                plan.errors = refusal.problems if not plan.errors else plan.errors
                return self.shown(plan)
        path.unlink(missing_ok=True)
        self.request.session.pop(self.session_key, None)
        messages.success(
            self.request,
            f"Imported {pending['name']}: {self.created(counts['create'])} created, {counts['change']} changed, "
            f"{counts['unchanged']} unchanged.",
        )
        return HttpResponseRedirect(self.landing())
