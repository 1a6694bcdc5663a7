"""The site around the paper and the dashboard: each role's home page, and refusals."""

import logging
import sys

from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponsePermanentRedirect, HttpResponseRedirect, HttpResponseServerError
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse

from helpdesk.models import HelpdeskMonth
from opsreport import access
from opsreport.dashboard import figures
from opsreport.lib.months import month_key, month_label
from opsreport.middleware import database_unavailable_response, is_database_outage
from opsreport.models import EffortMonth, Paper, PaperStatus, WebsiteMonth
from opsreport.month.first import REGISTER_TEMPLATE_URL, first_month_form
from opsreport.month.start import latest_paper
from opsreport.month.views import awaiting_approval

logger = logging.getLogger(__name__)


def home(request):
    """Each role's starting point: editors and the approver work on the latest month's page
    (which lists the papers awaiting approval for the approver); Panel members the dashboard.
    Before any paper exists, the month's data-entry screens."""
    if not request.user.is_authenticated:
        return HttpResponseRedirect(reverse("login"))
    user = request.user
    if access.can_work_on_months(user):
        paper = latest_paper()
        if paper is not None:
            return HttpResponseRedirect(reverse("month", args=[paper.month]))
    elif access.can_read_dashboard(user):
        # Panel members start on the dashboard; the papers are one click away in the menu.
        return HttpResponseRedirect(reverse("dashboard"))
    latest = figures.latest_month()
    ctx = {
        "can_edit": access.can_enter_data(user),
        "can_approve": access.can_approve(user) or access.can_publish(user),
        "can_read_dashboard": access.can_read_dashboard(user),
        "reads_drafts": access.can_read_drafts(user),
        "latest": latest,
        "latest_label": month_label(latest) if latest else None,
        "latest_key": month_key(latest) if latest else None,
    }
    if ctx["can_edit"] and latest:
        ctx["entry_links"] = _entry_links(latest)
        ctx["month_paper"] = Paper.objects.filter(month=latest).first()
    if ctx["can_approve"]:
        ctx["awaiting"] = awaiting_approval(request.user)
    ctx["has_role"] = ctx["can_edit"] or ctx["can_approve"] or ctx["can_read_dashboard"] or ctx["reads_drafts"]
    if access.can_work_on_months(user) and not Paper.objects.exists():
        # An empty start (opsreport/month/first.py): what to bring in, and the first month.
        ctx["go_live"] = {
            "register_template_url": REGISTER_TEMPLATE_URL,
            "can_start": access.can_start_first_month(user),
            "can_import": access.can_publish(user),
        }
        ctx["form"] = first_month_form()
    if ctx["can_read_dashboard"]:
        ctx["recent_papers"] = access.papers_for_user(user).filter(status=PaperStatus.PUBLISHED)[:3]
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


def permission_denied(request, exception=None):
    """The one place a refusal becomes a response (handler403): a signed-out visitor is sent to
    sign in and brought back; anyone else gets the site's own page saying what to do next."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    logger.info("Refused %s %s to %s", request.method, request.path, request.user.get_username())
    return render(request, "403.html", status=403)


def favicon(request):
    """Browsers ask for /favicon.ico on pages that name none (the admin's). Resolved per request:
    with DEBUG off the file's name carries its hash, known once collectstatic has run."""
    return HttpResponsePermanentRedirect(static("site/favicon.svg"))


def server_error(request):
    """handler500: a database outage met outside a view (in a middleware) is still a 503."""
    if is_database_outage(sys.exc_info()[1]):
        return database_unavailable_response()
    return HttpResponseServerError(render_to_string("500.html"))
