"""Where a record is printed: the months it belongs to, the tables that print it, and the
published issues whose tables printed it.

The editing screens ask this before a save (to warn that a published figure is about to change)
and the history pages ask it of past versions, so everything here reads a record's own field
values: a django-simple-history historical instance has the same fields as the record and works
the same (its model is found through `instance_type`). Reverse relations are read only for
records that have no month of their own (a category, a party, a meeting) and always by the
record's primary key, which a historical instance keeps.

A paper prints more than its own month: Table 3 prints 13 months, Tables 5 and 6 twelve, and
the running totals (parties, voting groups, Figure 1) every month before. So each printing
rule says which paper months print a record of a given month (`Printing.papers`).

Queries: months_of and printed_in ask at most a handful of queries whatever the data (none for
a record with its own month); published_printing adds one.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Q

from opsreport.lib.months import add_months, first_of_month

# The captions as the paper numbers them (opsreport/paper/sections/; tests/test_printed.py
# checks these against an assembled paper, so a renumbering cannot leave them behind).
TABLE_1 = "Table 1 (Applicants that will accede to the SEC)"
# Its caption goes on to name the period, which differs from paper to paper.
TABLE_2 = "Table 2 (Parties that completed UEP)"
TESTING = "1.3 Testing Update and its appendix"
TABLE_3 = "Table 3 (SEC Party Statistics)"
TOTALS = "1.4 Membership: Parties and Voting Groups totals, Figure 1 (Breakdown of SEC Party Voting Groups)"
FRONT = "Front page and 2. Monthly SECAS Highlights"
APPENDIX = "Appendices listed on the front page"
RESOLUTIONS = "the approver's footnotes to resolved findings"
TABLE_4 = "Table 4 (Division of Effort by Driver (Days Worked))"
HELPDESK_TEXT = "4. Helpdesk Activities (telephone and email enquiries)"
TABLE_5 = "Table 5 (SECAS Helpdesk Emails)"
WEBSITE_TEXT = "5. SEC Website Update (new and returning visitors)"
TABLE_6 = "Table 6 (SEC Website Statistics) and Figure 2 (SEC Website Usage)"
MEETINGS = "6. SEC Meeting Details"


@dataclass(frozen=True)
class Printing:
    """One table or section that prints records of a kind.

    `span` is how many months a paper's table shows, ending with the paper's own month: a
    record of month m is printed by the papers of m to m + span - 1. None: every later paper
    (running totals). `before`: the papers of that many months before m print it too (a
    completion "since the last Panel meeting" falls before the previous paper's issue date).
    `months` gives the record's months for this table.
    """

    label: str
    months: object  # callable(instance) -> set of first-of-month dates
    span: int | None = 1
    before: int = 0  # papers of months before the record's that may print it too

    def papers(self, month):
        """(first, last or None) paper months that print a record of `month`."""
        try:
            first = add_months(month, -self.before)
        except ValueError:  # a date typed at the start of the calendar
            first = month
        if self.span is None:
            return first, None
        try:
            return first, add_months(month, self.span - 1)
        except ValueError:  # a month typed at the end of the calendar: every later paper
            return first, None


def _month(value):
    return first_of_month(value) if value else None


def _own(field):
    """The record's own month, from a date field."""

    def months(instance):
        value = getattr(instance, field)
        return {_month(value)} if value else set()

    return months


def _parent(fk, field):
    """The month of the parent a row belongs to (a tally's helpdesk month), by its id: the
    cached parent when there is one, else one query."""

    def months(instance):
        cached = instance._state.fields_cache.get(fk)
        if cached is not None:
            value = getattr(cached, field)
            return {_month(value)} if value else set()
        model = instance._meta.get_field(fk).related_model
        value = model.objects.filter(pk=getattr(instance, f"{fk}_id")).values_list(field, flat=True).first()
        return {_month(value)} if value else set()

    return months


def _record_pk(instance):
    """The record's own primary key: on a historical record `pk` is the history row's id."""
    return getattr(instance, model_of(instance)._meta.pk.attname)


def _related(model_path, lookup, field):
    """The months of the records that point to this one (a category's tallies): one query."""

    def months(instance):
        from django.apps import apps

        model = apps.get_model(model_path)
        values = model.objects.filter(**{lookup: _record_pk(instance)}).values_list(field, flat=True).distinct()
        return {_month(value) for value in values if value}

    return months


def _meeting_months(meeting_field):
    """A meeting prints in the months of its dates."""

    def months(instance):
        from meetings.models import MeetingDate

        meeting_id = _record_pk(instance) if meeting_field is None else getattr(instance, f"{meeting_field}_id")
        dates = MeetingDate.objects.filter(meeting_id=meeting_id).values_list("date", flat=True)
        return {_month(value) for value in dates}

    return months


def _awaited(instance):
    """An applicant prints in Table 1 in every month from its application until it accedes."""
    if not instance.applied_on:
        return set()
    first = _month(instance.applied_on)
    if instance.acceded_on:
        last = add_months(_month(instance.acceded_on), -1)
    else:  # awaited still: up to a year ahead, as far as papers are planned
        last = add_months(first_of_month(datetime.date.today()), 12)
    months, month = set(), first
    while month <= last:
        months.add(month)
        month = add_months(month, 1)
    return months


def _completion(label):
    # Printed "since the last SEC Panel meeting": by the paper of its month or, when it falls
    # before that paper's date of issue, the paper of the month before (June's paper runs to
    # 6 July). published_printing checks the issue date.
    return Printing(label, _own("completed_on"), before=1)


def _paper_month(field="paper"):
    return _parent(field, "month")


RULES = {
    "helpdesk.helpdeskmonth": [
        Printing(HELPDESK_TEXT, _own("month")),
        Printing(TABLE_5, _own("month"), span=12),
    ],
    "helpdesk.emailtally": [Printing(TABLE_5, _parent("helpdesk_month", "month"), span=12)],
    "helpdesk.enquirycategory": [
        Printing(TABLE_5, _related("helpdesk.EmailTally", "category_id", "helpdesk_month__month"), span=12)
    ],
    "opsreport.effortmonth": [Printing(TABLE_4, _own("month"))],
    "opsreport.effortentry": [Printing(TABLE_4, _parent("effort_month", "month"))],
    "opsreport.effortdriver": [
        Printing(TABLE_4, _related("opsreport.EffortEntry", "driver_id", "effort_month__month"))
    ],
    "opsreport.websitemonth": [
        Printing(WEBSITE_TEXT, _own("month")),
        Printing(TABLE_6, _own("month"), span=12),
    ],
    "opsreport.paper": [Printing(FRONT, _own("month"))],
    "opsreport.appendix": [Printing(APPENDIX, _paper_month())],
    "opsreport.findingresolution": [Printing(RESOLUTIONS, _paper_month())],
    "parties.applicant": [Printing(TABLE_1, _awaited)],
    "parties.membershipevent": [
        Printing(TABLE_3, _own("date"), span=13),
        Printing(TOTALS, _own("date"), span=None),
    ],
    "parties.party": [
        Printing(TABLE_2, _related("parties.UEPCompletion", "party_id", "completed_on"), before=1),
        Printing(TESTING, _related("parties.TestCompletion", "party_id", "completed_on"), before=1),
        Printing(TABLE_3, _related("parties.MembershipEvent", "party_id", "date"), span=13),
        Printing(TOTALS, _related("parties.MembershipEvent", "party_id", "date"), span=None),
    ],
    "parties.votinggroup": [
        Printing(TOTALS, _related("parties.MembershipEvent", "party__voting_group_id", "date"), span=None)
    ],
    "parties.uepcompletion": [_completion(TABLE_2)],
    "parties.testcompletion": [_completion(TESTING)],
    "parties.dccuserrole": [
        Printing(TABLE_2, _related("parties.UEPCompletion", "roles", "completed_on"), before=1),
        Printing(TESTING, _related("parties.TestCompletion", "roles", "completed_on"), before=1),
    ],
    "meetings.meeting": [Printing(MEETINGS, _meeting_months(None))],
    "meetings.meetingdate": [Printing(MEETINGS, _own("date"))],
    "meetings.meetinglink": [Printing(MEETINGS, _meeting_months("meeting"))],
    "meetings.meetingmodification": [Printing(MEETINGS, _meeting_months("meeting"))],
    "meetings.committee": [Printing(MEETINGS, _related("meetings.MeetingDate", "meeting__committee_id", "date"))],
    "meetings.modification": [
        Printing(MEETINGS, _related("meetings.MeetingDate", "meeting__decisions__modification_id", "date"))
    ],
}


def model_of(instance):
    """The tracked model of a record or of a django-simple-history historical record."""
    return getattr(type(instance), "instance_type", None) or instance._meta.concrete_model


def _rules(instance):
    return RULES.get(model_of(instance)._meta.label_lower, [])


def printed_in(instance):
    """The tables and sections that print this kind of record, e.g. ["Table 5 (SECAS Helpdesk Emails)"]."""
    return [printing.label for printing in _rules(instance)]


def months_by_table(instance):
    """[(Printing, set of months)] for the record: the months each table prints it for."""
    return [(printing, printing.months(instance)) for printing in _rules(instance)]


def months_of(instance):
    """The months the record belongs to (a helpdesk month's month, a tally's parent's month, an
    event's date's month, a meeting's dates' months), as first-of-month dates."""
    months = set()
    for _, found in months_by_table(instance):
        months |= found
    return months


def published_printing(instance):
    """[(PaperIssue, table label)] for every published issue whose tables printed the record:
    an issue of a paper whose month's tables cover one of the record's months. Newest first."""
    from opsreport.models import PaperIssue

    wanted = []  # (Printing, first paper month, last paper month or None)
    condition = Q()
    for printing, months in months_by_table(instance):
        for month in months:
            first, last = printing.papers(month)
            wanted.append((printing, first, last))
            condition |= Q(paper__month__gte=first) & (Q() if last is None else Q(paper__month__lte=last))
    if not wanted:
        return []
    issues = (
        PaperIssue.objects.filter(condition)
        .select_related("paper")
        .defer("pdf", "html")
        .order_by("-paper__month", "-number")
    )
    completed_on = getattr(instance, "completed_on", None) if printing_of_completion(instance) else None
    result = []
    for issue in issues:
        month = issue.paper.month
        for printing, first, last in wanted:
            if month < first or (last is not None and month > last):
                continue
            if completed_on is not None and month < _month(completed_on) and completed_on > issue.paper.issue_date:
                continue  # issued before the completion: the next month's paper prints it
            if (issue, printing.label) not in result:
                result.append((issue, printing.label))
    return result


def printing_of_completion(instance):
    return model_of(instance)._meta.label_lower in ("parties.uepcompletion", "parties.testcompletion")
