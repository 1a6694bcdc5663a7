"""The month page, where a month's paper is made: what each section has, lacks and should check,
with the screen for each; and Start next month.

Every check of who may do what goes through opsreport.access.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from opsreport import access, actions
from opsreport.lib.classification import described
from opsreport.lib.months import add_months, month_label
from opsreport.models import Paper, PaperStatus
from opsreport.month import start
from opsreport.month.first import REGISTER_TEMPLATE_URL, FirstMonthForm, first_month_form
from opsreport.month.status import month_status
from opsreport.paper import fixes


def awaiting_approval(user):
    """Papers not yet published, newest first, up to the levels `user` may read: the approver's list."""
    return access.papers_for_user(user).exclude(status=PaperStatus.PUBLISHED)


def month_page(request, month):
    paper = access.get_month_paper_for_user(request.user, month)
    user = request.user
    latest = start.latest_paper()
    ctx = {
        "month": month,
        "label": month_label(month),
        "paper": paper,
        "can_edit": access.can_enter_data(user),
        "can_approve": access.can_approve(user) or access.can_publish(user),
        # What changed in the month's data since its last issue (opsreport/history/).
        "can_read_changes": access.can_read_changes(user),
    }
    if paper is None:
        # Not started: the previous month's page starts it, or the admin creates it by hand.
        previous_is_latest = latest is not None and add_months(latest.month, 1) == month
        ctx["start_from"] = latest if previous_is_latest and access.can_start_month(user) else None
        ctx["create_paper"] = fixes.paper(month, f"Create the {month_label(month)} paper")
        if latest is None and access.can_start_first_month(user) and not Paper.objects.exists():
            # An empty install: this month may be the first (opsreport/month/first.py).
            ctx["first_month_form"] = first_month_form(month)
    else:
        # An imported paper (issued before this application) is never assembled: nothing to check.
        ctx["status"] = None if paper.imported else month_status(paper)
        ctx["classification"] = described(paper.classification)
        is_latest = latest is not None and latest.pk == paper.pk
        ctx["can_start_next"] = is_latest and access.can_start_month(user)
        ctx["next_label"] = month_label(add_months(month, 1))
    if ctx["can_approve"]:
        ctx["awaiting"] = awaiting_approval(user)
    return render(request, "month/month.html", ctx)


@require_POST
@access.require(access.can_start_month)
def start_next_month(request, month):
    """Create the month after this one from this month's paper, then open its month page."""
    paper = access.get_month_paper_for_user(request.user, month)
    if paper is None:
        raise Http404("This month has no paper to start the next from.")
    next_url = reverse("month", args=[add_months(month, 1)])
    try:
        started = actions.start_next_month(paper, request.user)
    except start.StartError as error:
        messages.error(request, str(error))
        exists = Paper.objects.filter(month=add_months(month, 1)).exists()
        return redirect(next_url if exists else reverse("month", args=[month]))
    new = started.paper
    text = f"{month_label(new.month)} started: {new.reference}, issued {new.issue_date:%d/%m/%Y}."
    if not started.meeting_known:
        text += (
            f" No SEC Panel meeting after {paper.panel_meeting_date:%d/%m/%Y} is recorded, so its date "
            f"({new.panel_meeting_date:%d/%m/%Y}) is estimated: check it on the front page."
        )
    messages.success(request, text)
    return redirect(next_url)


@access.require(access.can_start_first_month)
def start_first_month(request):
    """The first month of an install with no paper (opsreport/month/first.py); once one exists,
    each month is started from the month before's page."""
    if Paper.objects.exists():
        messages.info(request, "A paper exists already: start each month from the month before's page.")
        return redirect("home")
    form = FirstMonthForm(request.POST) if request.method == "POST" else first_month_form()
    if form.is_bound and form.is_valid():
        try:
            paper = actions.start_first_month(form.cleaned_data["month"], form.front_page(), request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{month_label(paper.month)} started: {paper.reference}.")
            return redirect("month", paper.month)
    ctx = {"form": form, "register_template_url": REGISTER_TEMPLATE_URL, "can_import": access.can_publish(request.user)}
    return render(request, "month/first.html", ctx)
