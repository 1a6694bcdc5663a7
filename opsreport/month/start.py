"""Start next month: what the next month's Paper carries over from the latest (the action that
creates it is opsreport.actions.start_next_month).

What carries over is the front page's standing matter (the numbering, author, team,
classification, action, recommendation) and the appendices' shape; the narrative, the
purpose and the dates are the new month's own. The Panel meeting is the next SEC Panel
meeting recorded in meetings, or else an estimate a month on, on the same weekday, for the
editor to check; the paper is issued as long before it as the latest was.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from meetings.reports import next_panel_meeting_after
from opsreport.lib.months import add_months, first_of_month, last_day, latest_month_allowed
from opsreport.models import Paper

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
