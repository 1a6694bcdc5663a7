"""The mail app's parts of the month page and the paper's review panel, one tag each:

- `{% month_mail_panel paper %}`: "Ask for approval" (editors, a draft), the last request, and
  the comments the paper was sent back with until they are answered;
- `{% paper_mail_panel paper %}`: the same comments with an answer form (editors), "Send back
  with a comment" and the delivery log with "send again" (the approver).
"""

from django import template
from django.db.models import Prefetch
from django.template.loader import render_to_string

from opsreport import access
from opsreport.mail.models import Delivery, Event, EventKind
from opsreport.mail.notify import open_comments

register = template.Library()

LOG_EVENTS = 20  # the latest events in the log on the paper's page


def _context(request, paper):
    user = request.user
    return {
        "paper": paper,
        "comments": open_comments(paper),
        "can_edit": access.can_enter_data(user),
        "can_approve": access.can_approve(user),
    }


@register.simple_tag(takes_context=True)
def month_mail_panel(context, paper):
    request = context.get("request")
    if request is None:  # drawn for no one (a page rendered outside a request): nothing to show
        return ""
    ctx = _context(request, paper)
    ctx["last_request"] = (
        Event.objects.filter(paper=paper, kind=EventKind.APPROVAL_REQUEST).select_related("created_by").first()
    )
    return render_to_string("mail/_month_panel.html", ctx, request=request)


@register.simple_tag(takes_context=True)
def paper_mail_panel(context, paper):
    request = context.get("request")
    if request is None:  # drawn for no one (the paper rendered outside a request): nothing to show
        return ""
    ctx = _context(request, paper)
    if ctx["can_approve"]:
        deliveries = Delivery.objects.select_related("user", "outside").order_by("email")
        ctx["log"] = list(
            Event.objects.filter(paper=paper)
            .select_related("created_by", "issue")
            .prefetch_related(Prefetch("deliveries", deliveries))[:LOG_EVENTS]
        )
    return render_to_string("mail/_paper_panel.html", ctx, request=request)
