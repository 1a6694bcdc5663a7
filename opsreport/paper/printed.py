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
rule says which paper months print a record of a given month (`Printing.papers`). The rules
are the parts' own declarations (`Part.prints`, opsreport/paper/part.py), gathered by `rules()`.

Queries: months_of and printed_in ask at most a handful of queries whatever the data (none for
a record with its own month); published_printing adds one.
"""

import datetime
import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from opsreport.lib.months import add_months, first_of_month
from opsreport.paper.part import Parent, Prints


@dataclass(frozen=True)
class Printing:
    """One table or section that prints records of a kind (a part's `Prints`, with its place
    in the paper resolved into words: "Table 5 (SECAS Helpdesk Emails)").

    `span` is how many months a paper's table shows, ending with the paper's own month: a
    record of month m is printed by the papers of m to m + span - 1. None: every later paper
    (running totals). `before`: the papers of that many months before m print it too (a
    completion "since the last Panel meeting" falls before the previous paper's issue date).
    `months` gives the record's months for this table.
    """

    label: str
    months: Callable[[Any], set[datetime.date]]
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


# What the paper prints that is no part's own: the approver's notes, as footnotes.
PAPER_WIDE = [
    Prints("opsreport.findingresolution", Parent("paper", "month"), "the approver's footnotes to resolved findings")
]


def _places(parts):
    """{part key: {"part": heading, "table": "Table 5 (...)", "table2": ..., "figure": ...}}
    with tables and figures numbered as the paper numbers them: in print order."""
    tables = figures = 0
    places = {}
    for part in parts:
        words = {"part": part.heading}
        for i, caption in enumerate(part.tables, start=1):
            tables += 1
            words["table" if i == 1 else f"table{i}"] = f"Table {tables} ({caption})"
        for i, caption in enumerate(part.figures, start=1):
            figures += 1
            words["figure" if i == 1 else f"figure{i}"] = f"Figure {figures} ({caption})"
        places[part.key] = words
    return places


@functools.cache
def rules():
    """{model label: [Printing]} for every record the paper prints, from the parts' declarations."""
    from opsreport.paper import sections

    parts = sections.every_part()
    places = _places(parts)
    found = {}
    for part in parts:
        for prints in part.prints:
            label = prints.where.format(**places[part.key])
            found.setdefault(prints.model, []).append(Printing(label, prints.months, prints.span, prints.before))
    for prints in PAPER_WIDE:
        found.setdefault(prints.model, []).append(Printing(prints.where, prints.months, prints.span, prints.before))
    return found


def finders(model_label):
    """The month finders (opsreport/paper/part.py) of the rules for a model, for the month's changes."""
    return [printing.months for printing in rules().get(model_label, [])]


def model_of(instance):
    """The tracked model of a record or of a django-simple-history historical record."""
    return getattr(type(instance), "instance_type", None) or instance._meta.concrete_model


def _rules(instance):
    return rules().get(model_of(instance)._meta.label_lower, [])


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
            if (
                completed_on is not None
                and month < first_of_month(completed_on)
                and completed_on > issue.paper.issue_date
            ):
                continue  # issued before the completion: the next month's paper prints it
            if (issue, printing.label) not in result:
                result.append((issue, printing.label))
    return result


def printing_of_completion(instance):
    return model_of(instance)._meta.label_lower in ("parties.uepcompletion", "parties.testcompletion")
