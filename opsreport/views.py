"""The site around the paper and the dashboard: each role's home page."""

from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from helpdesk.models import HelpdeskMonth
from opsreport import access
from opsreport.dashboard import figures
from opsreport.lib.months import month_key, month_label
from opsreport.models import EffortMonth, Paper, PaperStatus, WebsiteMonth


def home(request):
    """Each role's starting point: the month's data and paper, papers to approve, or the dashboard."""
    if not request.user.is_authenticated:
        return HttpResponseRedirect(reverse("login"))
    latest = figures.latest_month()
    ctx = {
        "roles": access.roles_of(request.user),
        "can_edit": access.can_edit_data(request.user),
        "can_approve": access.can_approve(request.user),
        "can_read_dashboard": access.can_read_dashboard(request.user),
        "is_panel_member": access.is_panel_member(request.user),
        "latest": latest,
        "latest_label": month_label(latest) if latest else None,
        "latest_key": month_key(latest) if latest else None,
    }
    if ctx["can_edit"] and latest:
        ctx["entry_links"] = _entry_links(latest)
        ctx["month_paper"] = Paper.objects.filter(month=latest).first()
    if ctx["can_approve"]:
        ctx["awaiting"] = Paper.objects.exclude(status=PaperStatus.PUBLISHED).order_by("-month")
    if ctx["can_read_dashboard"]:
        ctx["recent_papers"] = access.papers_for_user(request.user).filter(status=PaperStatus.PUBLISHED)[:3]
    return render(request, "site/home.html", ctx)


def _entry_links(month):
    """The admin screens for the month's figures: its change page if entered, else a new one."""
    links = []
    for model, label in [
        (HelpdeskMonth, "Helpdesk emails and calls"),
        (WebsiteMonth, "Website statistics"),
        (EffortMonth, "SECAS effort"),
        (Paper, "The paper's front page and highlights"),
    ]:
        opts = model._meta
        pk = model.objects.filter(month=month).values_list("pk", flat=True).first()
        if pk:
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[pk])
            links.append({"label": label, "url": url, "entered": True})
        else:
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
            links.append({"label": label, "url": url, "entered": False})
    return links
