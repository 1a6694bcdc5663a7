"""A part of the paper, declared once: everything the application needs to know about it.

Each section module of opsreport/paper/sections/ ends with its PART, a `Part` naming its
title, its partial, how its data are built and checked, the records it prints, where its
data are entered and how the month page sums it up. The paper's parts are listed once, in
print order, in opsreport/paper/sections/__init__.py; the paper, its findings, the month
page, the records a published paper printed (printed.py), the month's changes, the admin's
data-entry index and the dashboard all loop over that list, so a new part is one
declaration (tests/test_declared_part.py adds one).

A part's number is its place in that list ("5.", or "1.4" for a subpart), never typed.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from opsreport.lib.months import add_months, first_of_month

if TYPE_CHECKING:  # sections/common.py is imported by the section modules that import this
    from opsreport.paper.sections.common import Finding, Fix


def _no_findings(data: Any) -> list[Finding]:
    return []


def _no_lines(data: Any) -> list[str]:
    return []


def _no_screens(month: datetime.date) -> list[Fix]:
    return []


# Which months a record belongs to, for one way a part prints it. Each is called with the
# record, or a django-simple-history version of it (same fields), and returns first-of-month
# dates. A finder that reads the months from OTHER records (`Related`) can also answer the
# other way round, for every record of its model at once: `reverse` names the rows to read
# (the month's changes use it, opsreport/history/changes.py).


@dataclass(frozen=True)
class Own:
    """The record's own month, from one of its date fields."""

    field: str

    def __call__(self, instance: Any) -> set[datetime.date]:
        value = getattr(instance, self.field)
        return {first_of_month(value)} if value else set()


@dataclass(frozen=True)
class Parent:
    """The month of the parent a row belongs to (a tally's helpdesk month), by its id: the
    cached parent when there is one, else one query."""

    fk: str
    field: str

    def __call__(self, instance: Any) -> set[datetime.date]:
        cached = instance._state.fields_cache.get(self.fk)
        if cached is not None:
            value = getattr(cached, self.field)
        else:
            model = instance._meta.get_field(self.fk).related_model
            pk = getattr(instance, f"{self.fk}_id")
            value = model.objects.filter(pk=pk).values_list(self.field, flat=True).first()
        return {first_of_month(value)} if value else set()


def record_pk(instance: Any) -> Any:
    """The record's own primary key: on a historical record `pk` is the history row's id."""
    model = getattr(type(instance), "instance_type", None) or instance._meta.concrete_model
    return getattr(instance, model._meta.pk.attname)


@dataclass(frozen=True)
class Related:
    """The months of the rows of `model` that point to this record (a category's tallies):
    rows whose `lookup` is the record's key (or, with `attr`, the record's own `attr`, e.g. a
    meeting link's meeting_id), dated by their `field`. One query."""

    model: str  # "helpdesk.EmailTally"
    lookup: str  # "category_id"
    field: str  # "helpdesk_month__month"
    attr: str | None = None

    def key(self, instance: Any) -> Any:
        return record_pk(instance) if self.attr is None else getattr(instance, self.attr)

    def __call__(self, instance: Any) -> set[datetime.date]:
        from django.apps import apps

        rows = apps.get_model(self.model).objects.filter(**{self.lookup: self.key(instance)})
        return {first_of_month(v) for v in rows.values_list(self.field, flat=True).distinct() if v}

    def keys_in(self, month: datetime.date) -> set[Any]:
        """Every key whose record belongs to `month` by this rule: one query."""
        from django.apps import apps

        rows = apps.get_model(self.model).objects.filter(
            **{f"{self.field}__gte": month, f"{self.field}__lt": add_months(month, 1)}
        )
        return {key for key in rows.values_list(self.lookup, flat=True).distinct() if key is not None}


@dataclass(frozen=True)
class Awaited:
    """An applicant prints in Table 1 in every month from its application until it accedes."""

    def __call__(self, instance: Any) -> set[datetime.date]:
        if not instance.applied_on:
            return set()
        first = first_of_month(instance.applied_on)
        if instance.acceded_on:
            last = add_months(first_of_month(instance.acceded_on), -1)
        else:  # awaited still: up to a year ahead, as far as papers are planned
            last = add_months(first_of_month(datetime.date.today()), 12)
        months, month = set(), first
        while month <= last:
            months.add(month)
            month = add_months(month, 1)
        return months


MonthsOf = Own | Parent | Related | Awaited


@dataclass(frozen=True)
class Prints:
    """A kind of record the part prints, and where.

    `where` says where, for the editor warned that a published paper printed a record:
    "{part}" is the part's heading, "{table}" and "{figure}" its first table and figure as
    numbered in the paper ("Table 5 (SECAS Helpdesk Emails)"), "{table2}" its second.
    `span`: a record of month m is printed by the papers of m to m + span - 1 (None: every
    later paper, for running totals); `before`: by the papers of that many months before too
    (a completion falls in the previous paper's period when it is before that paper's issue).
    """

    model: str  # app_label.modelname, lower case
    months: MonthsOf
    where: str = "{part}"
    span: int | None = 1
    before: int = 0


@dataclass(frozen=True)
class Part:
    """One part of the paper (see the module's docstring)."""

    key: str  # its anchor on the month page, e.g. "website"
    title: str  # as printed after its number: "SEC Website Update and Statistics"
    template: Any  # its partial's name under templates/, or a Template
    build: Callable[[Any, Any], Any]  # build(paper, context) -> its data
    findings: Callable[[Any], list[Finding]] = _no_findings
    # Captions of its tables and figures as the paper numbers them, in print order; its
    # build asks the paper's Numbering for them in the same order.
    tables: Sequence[str] = ()
    figures: Sequence[str] = ()
    prints: Sequence[Prints] = ()
    # The month page: what it will print, in short (lines), and the screens where its data
    # are entered (a function of the month).
    summary: Callable[[Any], list[str]] = _no_lines
    screens: Callable[[datetime.date], list[Fix]] = _no_screens
    # Its group in the admin's data-entry index: ("app_label", "modelname") pairs.
    entry: Sequence[tuple[str, str]] = ()
    # The workbook sheets that carry its data (opsreport/workbook/), by name.
    sheets: Sequence[str] = ()
    # Its charts on the Panel dashboard (opsreport/dashboard/panels.py), if any.
    dashboard: Any = None
    subparts: Sequence[Part] = ()
    number: str = ""  # set by the list it is placed in: "5." or "1.4"; "" for the front page
    numbered: bool = True  # False: printed without a number (the front page)

    @property
    def heading(self) -> str:
        """ "5. SEC Website Update and Statistics" """
        return f"{self.number} {self.title}" if self.number else self.title

    @property
    def anchor(self) -> str:
        """The id the partial gives its heading: "s5", "s1-4"."""
        return "s" + self.number.rstrip(".").replace(".", "-")


@dataclass
class Node:
    """A part as built for one paper: the part, its data, and its subparts' nodes."""

    part: Part
    data: Any
    children: list[Node] = field(default_factory=list)
