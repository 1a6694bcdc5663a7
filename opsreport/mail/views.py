"""The mail app's pages and forms: asking for approval, sending a paper back and answering,
the delivery log's "send again", each person's preferences, one-click unsubscribe, and the
outside addresses on the distribution list.

Every check of who may do what goes through opsreport.access.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from opsreport import access
from opsreport.mail import compose, delivery, notify
from opsreport.mail.forms import OutsideAddressForm, PreferenceForm
from opsreport.mail.models import Delivery, Event, EventKind, OutsideAddress, Preference
from opsreport.models import PaperStatus


def _paper(user, month):
    paper = access.get_month_paper_for_user(user, month)
    if paper is None:
        raise Http404("This month has no paper yet.")
    return paper


@require_POST
@access.require(access.can_enter_data)
def ask_for_approval(request, month):
    paper = _paper(request.user, month)
    if paper.status != PaperStatus.DRAFT:
        messages.error(
            request, "Only a draft is sent for approval; this paper is " + paper.get_status_display().lower() + "."
        )
        return redirect("month", month)
    try:
        event = notify.approval_requested(paper, request.user, request.POST.get("note", ""))
    except notify.NotifyError as error:
        messages.error(request, str(error))
        return redirect("month", month)
    people = event.deliveries.count()
    messages.success(
        request, f"Approval requested: {people} approver{'s' if people != 1 else ''} will be told by email."
    )
    return redirect("month", month)


@require_POST
@access.require(access.can_approve)
def send_back(request, month):
    paper = _paper(request.user, month)
    try:
        event = notify.sent_back(paper, request.user, request.POST.get("comment", ""))
    except notify.NotifyError as error:
        messages.error(request, str(error))
    else:
        people = event.deliveries.count()
        messages.success(
            request,
            f"Sent back: the comment shows here until it is answered; {people} editor{'s' if people != 1 else ''} told by email.",
        )
    return redirect(paper)


@require_POST
@access.require(access.can_enter_data)
def answer(request, month, pk):
    paper = _paper(request.user, month)
    comment = get_object_or_404(Event, pk=pk, paper=paper, kind=EventKind.SENT_BACK)
    try:
        notify.answered(comment, request.user, request.POST.get("answer", ""))
    except notify.NotifyError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Answered: whoever sent the paper back is told by email.")
    return redirect(paper)


@require_POST
@access.require(access.can_approve)
def send_again(request, pk):
    item = get_object_or_404(Delivery.objects.select_related("event__paper"), pk=pk)
    paper = _paper(request.user, item.event.paper.month)
    if delivery.send_again(item):
        messages.success(request, f"The message to {item.email} is queued to be sent again.")
    else:
        messages.error(request, f"The message to {item.email} has not failed; nothing to send again.")
    return redirect(reverse("paper", args=[paper.month]) + "#mail-log")


@login_required
def preferences(request):
    preference = Preference.of(request.user)
    form = PreferenceForm(request.POST or None, instance=preference)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Saved: your mail preferences.")
        return redirect("mail-preferences")
    return render(request, "mail/preferences.html", {"form": form, "has_email": bool(request.user.email)})


def _unsubscribe(kind, pk):
    """Turn off one kind of message for one recipient; nothing else changes. The page's words."""
    if kind == compose.OUTSIDE:
        OutsideAddress.objects.filter(pk=pk).update(active=False)
        return "This address will receive no more papers from the SECAS Operations Report."
    user = get_user_model().objects.filter(pk=pk).first()
    if user is None:
        raise Http404("No such recipient.")
    preference = Preference.of(user)
    if kind == compose.PUBLICATIONS:
        preference.publications = False
        what = "published papers"
    else:
        preference.workflow = False
        what = "approval requests, comments and reminders"
    preference.save()
    return f"You will receive no more messages about {what}. Your other choices are unchanged."


# One click from the mail client (RFC 8058): a POST with no session and no CSRF token, from the
# List-Unsubscribe header. A GET only shows the button: link checkers must not unsubscribe anyone.
@csrf_exempt
def unsubscribe(request, token):
    found = compose.read_unsubscribe_token(token)
    if found is None:
        raise Http404("This unsubscribe link is not valid.")
    if request.method == "POST":
        return render(request, "mail/unsubscribe.html", {"done": _unsubscribe(*found)})
    return render(request, "mail/unsubscribe.html", {"token": token, "kind": found[0]})


@access.require(access.can_approve)
def distribution_list(request):
    form = OutsideAddressForm(request.POST or None)
    if request.method == "POST":
        if "remove" in request.POST:
            remove = request.POST["remove"]
            OutsideAddress.objects.filter(pk=int(remove) if remove.isdigit() else None).delete()
            messages.success(request, "Removed from the distribution list.")
            return redirect("mail-distribution")
        if form.is_valid():
            address = form.save(commit=False)
            address.added_by = request.user
            address.save()
            messages.success(request, f"Added {address.email}: it will receive White papers only.")
            return redirect("mail-distribution")
    return render(request, "mail/distribution.html", {"form": form, "addresses": OutsideAddress.objects.all()})
