"""/register/reconcile/: the approver uploads a workbook holding a Published figures sheet,
sees every difference between those figures and the register as it stands, and accepts each
with a note (or withdraws an acceptance), as findings are resolved on the paper's review.

The figures read from the last upload wait in the session (a few hundred short rows), so the
differences are worked out again from the database on every visit and after every acceptance,
without uploading the file again.
"""

import re
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from opsreport import actions
from opsreport.access import can_approve, require
from opsreport.register import reconcile
from opsreport.workbook.reading import MAX_UPLOAD_BYTES

SESSION_KEY = "published_figures"


@require(can_approve)
def reconcile_page(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        what = request.POST.get("action", "")
        if what == "upload":
            return _upload(request)
        if what in ("accept", "withdraw"):
            _accept_or_withdraw(request, what)
        elif what == "forget":
            request.session.pop(SESSION_KEY, None)
        return HttpResponseRedirect(reverse("register:reconcile"))
    stored = request.session.get(SESSION_KEY)
    ctx: dict[str, Any] = {"max_kb": MAX_UPLOAD_BYTES // 1024, "sheet": reconcile.SHEET}
    if stored:
        ctx |= _comparison(stored["name"], reconcile.from_rows(stored["rows"]))
    return render(request, "register/reconcile.html", ctx)


def _comparison(name: str, printed: list[reconcile.PrintedFigure]) -> dict[str, Any]:
    differences = reconcile.compare(printed)
    index = {figure.address.key(): i for i, figure in enumerate(printed)}
    rows = [(index[d.address.key()], d) for d in differences]
    return {
        "name": name,
        "compared": len(printed),
        "rows": rows,
        "open": sum(1 for d in differences if d.accepted is None),
        "accepted": sum(1 for d in differences if d.accepted is not None),
    }


def _upload(request: HttpRequest) -> HttpResponse:
    upload = request.FILES.get("workbook")
    ctx: dict[str, Any] = {"max_kb": MAX_UPLOAD_BYTES // 1024, "sheet": reconcile.SHEET}
    request.session.pop(SESSION_KEY, None)
    if upload is None:
        ctx["problems"] = [f"Choose the workbook (.xlsx) holding a {reconcile.SHEET} sheet, or that sheet as .csv."]
        return render(request, "register/reconcile.html", ctx, status=400)
    if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:  # before reading a byte of it
        ctx["problems"] = [f"The file is {upload.size // 1024} kB; a workbook may be at most {ctx['max_kb']} kB."]
        return render(request, "register/reconcile.html", ctx, status=400)
    name = upload.name or ""
    printed, problems = reconcile.read_workbook(upload.read(MAX_UPLOAD_BYTES + 1), name)
    if printed:
        request.session[SESSION_KEY] = {"name": name, "rows": reconcile.as_rows(printed)}
    ctx["problems"] = [str(problem) for problem in problems]
    if printed:
        ctx |= _comparison(name, printed)
    return render(request, "register/reconcile.html", ctx)


def _accept_or_withdraw(request: HttpRequest, what: str) -> None:
    """Accept the difference of the stored figure the form names, or withdraw its acceptance.
    The form names the figure by its place and its address, so a page older than the last
    upload cannot accept another figure."""
    stored = request.session.get(SESSION_KEY)
    printed = reconcile.from_rows(stored["rows"]) if stored else []
    place = request.POST.get("figure", "")
    figure = printed[int(place)] if re.fullmatch(r"[0-9]{1,6}", place) and int(place) < len(printed) else None
    if figure is None or request.POST.get("address") != figure.address.label:
        messages.error(request, "That figure is no longer in the uploaded sheet: the page has been brought up to date.")
        return
    try:
        if what == "accept":
            actions.accept_difference(figure, request.POST.get("note", ""), request.user)  # type: ignore[arg-type]
            messages.success(request, f"Accepted: {figure.address.label} of the {figure.address.month:%B %Y} paper.")
        else:
            actions.withdraw_acceptance(figure.address, request.user)
            messages.success(request, f"Acceptance withdrawn: {figure.address.label} is open again.")
    except actions.AcceptanceError as error:
        messages.error(request, str(error))
