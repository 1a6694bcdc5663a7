"""Why the register gives another figure than the paper printed: the records behind it, in a
sentence for the reconciliation (opsreport/register/reconcile.py). A query or two each, asked
only for the figures that differ."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal

from django.db.models import Count

from helpdesk.models import EmailTally, EnquiryCategory, HelpdeskMonth
from opsreport.lib.formats import short_date, thousands
from opsreport.lib.months import last_day, month_label
from opsreport.models import EffortDriver, EffortEntry, WebsiteMonth
from opsreport.register import published as P
from parties.models import LEAVING_KINDS, EventKind, MembershipEvent, TestCompletion, TestKind
from parties.reports import TABLE3_LABELS, parties_in_default

SHOWN = 5  # records named in a hint; the rest are counted


def _names(items: list[str]) -> str:
    shown = ", ".join(items[:SHOWN])
    return f"{shown} and {len(items) - SHOWN} more" if len(items) > SHOWN else shown


def _column_month(address: P.Address) -> datetime.date:
    return datetime.datetime.strptime(address.column, "%b-%y").date()


def why(address: P.Address, computed: Decimal | None) -> str:
    """The records behind the register's figure at `address`, or "" where there is nothing to add."""
    layout = P.layouts().get(address.table.lower())
    if layout is None:
        return ""
    explain: dict[str, Callable[[P.Address, Decimal | None], str]] = {
        "membership": _membership,
        "testing": _testing,
        "effort": _effort,
        "helpdesk": _helpdesk,
        "website": _website,
    }
    return explain[layout.part](address, computed)


_KINDS = {label: kind for kind, label in TABLE3_LABELS.items()}
_EVENT_KINDS = {
    "accessions": EventKind.ACCESSION,
    "withdrawals": EventKind.WITHDRAWAL,
    "expulsions": EventKind.EXPULSION,
}


def _membership(address: P.Address, computed: Decimal | None) -> str:
    if address.table in (P.PARTIES, P.VOTING_GROUPS) or not address.column:
        return _membership_totals(address)
    month = _column_month(address)
    kind = _KINDS[address.row]
    label = month_label(month)
    if kind == "in_default":
        spells = parties_in_default(month)
        if not spells:
            return f"no party is in default in {label} in the register"
        return "in default in the register: " + _names(
            [f"{s.party} (from {short_date(s.entered)}{f' to {short_date(s.left)}' if s.left else ''})" for s in spells]
        )
    events = MembershipEvent.objects.filter(
        party__is_dcc=False, kind=_EVENT_KINDS[kind], date__gte=month, date__lte=last_day(month)
    ).order_by("date", "party__name")
    found = [f"{name} ({short_date(date)})" for name, date in events.values_list("party__name", "date")]
    what = address.row.lower()
    return f"the register's {what} in {label}: {_names(found)}" if found else f"the register has no {what} in {label}"


def _membership_totals(address: P.Address) -> str:
    end = last_day(address.month)
    counts = dict(
        MembershipEvent.objects.filter(
            party__is_dcc=False, date__lte=end, kind__in=[EventKind.ACCESSION, *LEAVING_KINDS]
        )
        .values("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
    )
    left = sum(counts.get(kind, 0) for kind in LEAVING_KINDS)
    return (
        f"up to {short_date(end)} the register holds {thousands(counts.get(EventKind.ACCESSION, 0))} accessions "
        f"less {thousands(left)} withdrawals and expulsions (the DCC not counted)"
    )


def _testing(address: P.Address, computed: Decimal | None) -> str:
    paper = P.paper_of(address.month)
    first, last, words = P.testing_period(address.month, paper)
    kind = TestKind.SREPT if address.table == P.SREPT_PARTIES else TestKind.UEPT
    rows = (
        TestCompletion.objects.filter(kind=kind, completed_on__gte=first, completed_on__lte=last)
        .order_by("completed_on", "party__name")
        .annotate(n=Count("roles"))
        .values_list("party__name", "completed_on", "n", "classification")
    )
    found = [f"{name} ({short_date(day)}, {n} role{'s' if n != 1 else ''}, {level})" for name, day, n, level in rows]
    period = f"from {short_date(first)} to {short_date(last)} ({words})"
    listed = _names(found) if found else "none"
    return f"the register's {kind.name} completions {period}: {listed}"


def _effort(address: P.Address, computed: Decimal | None) -> str:
    label = month_label(address.month)
    entries = EffortEntry.objects.filter(effort_month__month=address.month)
    if not entries.exists():
        return f"the register has no effort for {label}"
    if address.table == P.RESOURCE_DAYS or address.row == P.GRAND_TOTAL:
        return f"the Grand Total is summed before rounding, from {entries.count()} entries for {label}"
    if not EffortDriver.objects.filter(name__iexact=address.row).exists():
        return f"the register has no effort driver {address.row!r}"
    booked = entries.filter(driver__name__iexact=address.row).count()
    return f"{booked} entr{'y' if booked == 1 else 'ies'} booked to {address.row} in {label}"


def _helpdesk(address: P.Address, computed: Decimal | None) -> str:
    month = address.month if not address.column else _column_month(address)
    label = month_label(month)
    figures = HelpdeskMonth.objects.filter(month=month).first()
    if figures is None:
        return f"the register has no helpdesk figures for {label}"
    if address.table == P.TELEPHONE:
        return "" if computed is not None else f"no telephone enquiries recorded for {label}"
    tallies = EmailTally.objects.filter(helpdesk_month=figures)
    total = sum(tallies.values_list("emails", flat=True))
    mailbox = figures.mailbox_total
    if address.table == P.EMAILS or address.row == P.TOTAL:
        counted = f"the mailbox counted {thousands(mailbox)}" if mailbox is not None else "no mailbox count is recorded"
        prints = (
            "the sentence prints the mailbox's count"
            if address.table == P.EMAILS
            else "Table 5 prints the categories' total"
        )
        return f"{label}: the categories add up to {thousands(total)} and {counted}; {prints}"
    if not EnquiryCategory.objects.filter(name__iexact=address.row).exists():
        return f"the register has no enquiry category {address.row!r}"
    if computed is None:
        return f"the register has no {label} tally for {address.row}"
    return ""


def _website(address: P.Address, computed: Decimal | None) -> str:
    month = address.month if not address.column else _column_month(address)
    if not WebsiteMonth.objects.filter(month=month).exists():
        return f"the register has no website figures for {month_label(month)}"
    if computed is None:
        return f"not recorded in the register's {month_label(month)} website figures"
    return ""
