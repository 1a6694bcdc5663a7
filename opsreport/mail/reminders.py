"""Which papers are due a reminder: working days are Monday to Friday (bank holidays are not
known here, so a reminder before one comes a day early, never late)."""

import datetime

from opsreport.models import Paper, PaperStatus


def working_days_between(start, end):
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    days, day = 0, start
    while day < end:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            days += 1
    return days


def papers_due(today, working_days):
    """Unpublished papers issued within `working_days` working days from `today` (not past):
    a missed day of cron still reminds, and the event's key keeps it to once per issue date."""
    horizon = today + datetime.timedelta(days=working_days * 2 + 7)
    papers = Paper.objects.exclude(status=PaperStatus.PUBLISHED).filter(issue_date__gte=today, issue_date__lte=horizon)
    return [p for p in papers.order_by("issue_date") if working_days_between(today, p.issue_date) <= working_days]
