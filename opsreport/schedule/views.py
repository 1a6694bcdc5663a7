"""The month's meetings, proposed from each committee's last occurrence (meetings/schedule.py):
the editor confirms dates and words, and one save enters them all."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from meetings.models import Committee, Meeting
from meetings.reports import meetings_in_month
from meetings.schedule import proposals, weekday_phrase
from opsreport import access
from opsreport.actions import PublishedRefused, enter_proposed_meetings
from opsreport.lib.months import add_months, last_day, month_key, month_label
from opsreport.models import Paper
from opsreport.schedule.forms import ProposalFormSet, initial_for


def _panel_meeting(month):
    """(date, number) of the SEC Panel meeting in `month` that a paper is going to, if any: the
    paper's front page knows it before the meeting is entered."""
    return (
        Paper.objects.filter(panel_meeting_date__gte=month, panel_meeting_date__lte=last_day(month))
        .order_by("panel_meeting_date")
        .values_list("panel_meeting_date", "panel_meeting_number")
        .first()
    )


@access.require(access.can_enter_data)
def month_meetings(request, month):
    proposed = proposals(month, panel_meeting=_panel_meeting(month))
    committees = Committee.objects.in_bulk()
    labels = {p.committee_id: p.links for p in proposed}
    form_kwargs = {"month": month, "committees": committees, "proposed_labels": labels}
    published_in = ""  # the issues the meetings would change, once the save was refused for them
    if request.method == "POST":
        formset = ProposalFormSet(request.POST, form_kwargs=form_kwargs)
        if formset.is_valid():
            chosen = formset.chosen()
            if not chosen:
                formset._non_form_errors = formset.error_class(["Tick at least one meeting to enter."])
            else:
                try:
                    created = enter_proposed_meetings(
                        month, chosen, user=request.user, confirm_published=_confirmed(request)
                    )
                except PublishedRefused as refused:
                    published_in = refused.issue_names()
                    formset._non_form_errors = formset.error_class([_published_refusal(refused)])
                except ValidationError as exc:
                    # Entered elsewhere meanwhile: the form comes back as the editor typed it,
                    # with those committees unticked and the reason, so saving again enters the rest.
                    formset = ProposalFormSet(
                        _unticked(request.POST, formset, _entered(month, chosen)), form_kwargs=form_kwargs
                    )
                    formset.is_valid()
                    formset._non_form_errors = formset.error_class(exc.messages)
                else:
                    messages.success(
                        request,
                        f"Entered {len(created)} meeting{'s' if len(created) != 1 else ''} for {month_label(month)}.",
                    )
                    return HttpResponseRedirect(reverse("month-meetings", args=[month]))
    else:
        formset = ProposalFormSet(initial=[initial_for(p) for p in proposed], form_kwargs=form_kwargs)
    based_on = {p.committee_id: _basis(p) for p in proposed}
    rows = [(form, based_on.get(_committee_id(form), "")) for form in formset.forms]
    ctx = {
        "month": month,
        "month_label": month_label(month),
        "previous_key": month_key(add_months(month, -1)),
        "next_key": month_key(add_months(month, 1)),
        "formset": formset,
        "rows": rows,
        "entered": meetings_in_month(month),
        "published_in": published_in,
    }
    return render(request, "schedule/meetings.html", ctx)


def _confirmed(request):
    return request.POST.get("_confirm_published") == "yes"


def _published_refusal(refused):
    return (
        f"Not saved: this changes figures published in {refused.issue_names()}. Tick “I am changing "
        "figures published in …” to save it."
    )


def _basis(proposal):
    """ "After SSC 56 and 57: 14/06/2018 (2nd Thursday), 27/06/2018 (4th Wednesday)"."""
    days = ", ".join(f"{day:%d/%m/%Y} ({weekday_phrase(day)})" for day in proposal.last_dates)
    return f"After {proposal.last_name}: {days}"


def _entered(month, chosen):
    """The committees among `chosen` that have a meeting in the month by now."""
    committees = [meeting.committee.pk for meeting in chosen]
    in_month = Meeting.objects.filter(
        committee__in=committees, dates__date__gte=month, dates__date__lte=last_day(month)
    )
    return set(in_month.values_list("committee_id", flat=True))


def _unticked(data, formset, committees):
    """The posted data with the rows of `committees` unticked."""
    data = data.copy()
    for form in formset.forms:
        if _committee_id(form) in committees:
            data.pop(form.add_prefix("include"), None)
    return data


def _committee_id(form):
    try:
        return int(form["committee"].value())
    except (TypeError, ValueError):
        return None
