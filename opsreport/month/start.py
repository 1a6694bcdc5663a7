"""Start next month: the next month's Paper, with everything that carries over from the latest.

What carries over is the front page's standing matter (the numbering, author, team,
classification, action, recommendation) and the appendices' shape; the narrative, the
purpose and the dates are the new month's own. The Panel meeting is the next SEC Panel
meeting recorded in meetings, or else an estimate a month on, on the same weekday, for the
editor to check; the paper is issued as long before it as the latest was.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from meetings.reports import next_panel_meeting_after
from opsreport.lib.months import add_months, first_of_month, last_day, latest_month_allowed, month_label
from opsreport.models import Appendix, Paper

DEFAULT_LEAD_DAYS = 7  # the June 2018 paper was issued a week before its Panel meeting


class StartError(Exception):
    """Why the next month's paper was not started, in words for the editor."""


@dataclass
class Started:
    paper: Paper
    meeting_known: bool  # the Panel meeting date is a recorded SEC Panel meeting


def estimated_panel_date(previous):
    """A month after `previous`, moved to the nearest day of the same weekday: Panel meetings
    keep their weekday (the sample's are Fridays)."""
    month = add_months(first_of_month(previous), 1)
    same_day = month.replace(day=min(previous.day, last_day(month).day))
    shift = (previous.weekday() - same_day.weekday()) % 7
    return same_day + datetime.timedelta(days=shift if shift <= 3 else shift - 7)


def carried_over(latest):
    """The fields of the paper after `latest` (a Paper), and whether its Panel meeting is a
    recorded one. One query."""
    month = add_months(latest.month, 1)
    known = next_panel_meeting_after(latest.panel_meeting_date)
    panel_date = known or estimated_panel_date(latest.panel_meeting_date)
    lead = max((latest.panel_meeting_date - latest.issue_date).days, 0) or DEFAULT_LEAD_DAYS
    # Issued after its month has begun and no later than its meeting (Paper.clean).
    issue_date = min(max(panel_date - datetime.timedelta(days=lead), month), panel_date)
    fields = {
        "month": month,
        "panel_meeting_number": latest.panel_meeting_number + 1,
        "panel_meeting_date": panel_date,
        "paper_number": latest.paper_number,
        "classification": latest.classification,
        "action": latest.action,
        "author": latest.author,
        "team": latest.team,
        "issue_date": issue_date,
        "recommendation": latest.recommendation,
    }
    return fields, known is not None


def latest_paper(today=None):
    """The newest paper (a month written around the forms past a year ahead is passed over)."""
    limit = latest_month_allowed(today or timezone.localdate())
    return Paper.objects.filter(month__lte=limit).order_by("-month").first()


def start_next_month(latest):
    """Create the paper for the month after `latest`, with its appendices; StartError if it
    cannot be (it exists already, or would break a rule of the paper). All or nothing; two
    editors pressing at once get one paper and one refusal."""
    next_month = add_months(latest.month, 1)
    label = month_label(next_month)
    if Paper.objects.filter(month=next_month).exists():
        raise StartError(f"{label} is started already.")
    fields, known = carried_over(latest)
    paper = Paper(**fields)
    try:
        paper.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        raise StartError(f"{label} could not be started: {' '.join(error.messages)}") from error
    appendices = list(latest.appendices.all())
    try:
        with transaction.atomic():
            paper.save()
            # With their history (opsreport/history/): a plain bulk_create would write none.
            copies = [
                Appendix(
                    paper=paper, letter=a.letter, title=a.title, classification=a.classification, content=a.content
                )
                for a in appendices
            ]
            bulk_create_with_history(copies, Appendix)
    except IntegrityError as error:
        if Paper.objects.filter(month=next_month).exists():
            raise StartError(f"{label} is started already.") from error
        raise StartError(
            f"{label} could not be started: another paper already has Panel meeting {paper.panel_meeting_number} "
            f"and paper number {paper.paper_number}. Create it in the admin with its own numbers."
        ) from error
    return Started(paper, known)
