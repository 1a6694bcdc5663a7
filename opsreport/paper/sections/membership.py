"""1.4 Membership — Table 3 (accessions, parties in default, withdrawals and expulsions over 13
months, each noted event footnoted) and Figure 1 (voting groups by party category).

This module and templates/paper/sections/membership.html are all that print Table 3.
"""

import datetime
from dataclasses import dataclass

from opsreport.dashboard import charts as dashboard_charts
from opsreport.dashboard.panel import Chart, Headline, Panel
from opsreport.lib.formats import plural
from opsreport.lib.months import last_day, month_label, window
from opsreport.paper import fixes
from opsreport.paper.part import Own, Part, Prints, Related
from opsreport.paper.sections.common import MISSING, WARNING, Caption, Cell, FigureData, Finding
from parties.models import CATEGORY_PLURALS, PartyCategory
from parties.reports import (
    TABLE3_LABELS,
    TABLE3_ROWS,
    events_without_note,
    membership_statistics,
    parties_in_default,
    parties_still_in_default,
)

TABLE = "SEC Party Statistics"
FIGURE = "Breakdown of SEC Party Voting Groups"
MONTHS = 13  # the paper's month and the same month a year before


@dataclass
class Row:
    """One row of Table 3."""

    kind: str  # its MonthMembership attribute: accessions, in_default, withdrawals or expulsions
    label: str  # as printed
    cells: list[Cell]  # one per month, oldest first

    @property
    def values(self):
        return [cell.value for cell in self.cells]

    @property
    def this_month(self):
        return self.cells[-1].value


@dataclass
class Membership:
    months: list[datetime.date]
    accessions: Row
    in_default: Row
    withdrawals: Row
    expulsions: Row
    table: Caption
    parties_total: int  # at the end of the paper's month, the DCC not counted
    previous_parties_total: int  # at the end of the month before
    voting_groups_total: int
    figure: FigureData

    @property
    def rows(self):
        """Table 3's rows in print order."""
        return [getattr(self, kind) for kind, _ in TABLE3_ROWS]

    @property
    def tables(self):
        return [self.table]

    @property
    def figures(self):
        return [self.figure]


def build(paper, context):
    numbering = context.numbering
    months = window(paper.month, MONTHS)
    stats = membership_statistics(months[0], months[-1])
    rows = {}
    for kind, _ in TABLE3_ROWS:  # footnotes numbered row by row, as the table is read
        cells = [Cell(getattr(month, kind), [numbering.footnote(n.note) for n in month.notes[kind]]) for month in stats]
        if kind == "in_default":
            cells[-1].footnotes += [numbering.footnote(text) for text in _unnoted_defaults(stats[-1])]
        rows[kind] = Row(kind, TABLE3_LABELS[kind], cells)
    table = numbering.table(TABLE)
    last = stats[-1]
    return Membership(
        months=months,
        **rows,
        table=table,
        parties_total=last.parties,
        previous_parties_total=stats[-2].parties,
        voting_groups_total=last.voting_groups,
        figure=FigureData(
            caption=numbering.figure(FIGURE),
            title="Voting Groups",
            labels=[CATEGORY_PLURALS[PartyCategory(c)] for c in last.groups_by_category],
            series=[("Voting Groups", list(last.groups_by_category.values()))],
            kind="bar",
        ),
    )


def _unnoted_defaults(month):
    """Footnotes for the parties counted "In Default" in the paper's month that its events do
    not footnote already: a party still in default from an earlier month, or one that entered
    default without a note. Each gets the note of the "entered default" that began its spell,
    else a standard text naming it, so every party counted has its footnote. One query."""
    noted = {(note.party, note.date) for note in month.notes["in_default"]}
    texts = []
    for spell in parties_in_default(month.month):
        if (spell.party, spell.entered) in noted:
            continue
        if spell.note:
            texts.append(spell.note)
        elif spell.left is None:
            texts.append(
                f"{spell.party} entered default on {spell.entered:%d/%m/%Y} and remained in default "
                f"at the end of {month_label(month.month)}."
            )
        else:
            texts.append(f"{spell.party} was in default from {spell.entered:%d/%m/%Y} to {spell.left:%d/%m/%Y}.")
    return texts


def findings(m):
    """Parties at month end = previous month end + accessions - withdrawals - expulsions; the
    figure's groups add up to the total; every footnoted kind of event has its note. One query."""
    result = []
    label = month_label(m.months[-1])
    previous = m.previous_parties_total
    accessions, withdrawals, expulsions = m.accessions.this_month, m.withdrawals.this_month, m.expulsions.this_month
    expected = previous + accessions - withdrawals - expulsions
    if expected != m.parties_total:
        text = (
            f"Parties at the end of {label}: {m.parties_total}, but the previous month's {previous} "
            f"+ {accessions} accessions − {withdrawals} withdrawals − {expulsions} expulsions = {expected}."
        )
        result.append(Finding(WARNING, "", text, fixes.membership_events_in(m.months[-1], "Check the month's events")))
    by_category = sum(m.figure.series[0][1])
    if by_category != m.voting_groups_total:
        text = f"Voting groups by category add up to {by_category}, not the total of {m.voting_groups_total}."
        result.append(Finding(WARNING, "", text, fixes.voting_groups("Check the voting groups")))
    for event in events_without_note(m.months[0], m.months[-1]):
        text = f"{event.get_kind_display()} of {event.party} on {event.date:%d/%m/%Y} has no note for its footnote."
        result.append(Finding(MISSING, "", text, fixes.membership_event(event.pk)))
    return result


def summary(data, paper):
    return [
        f"This month: {plural(data.accessions.this_month, 'accession')}, {data.in_default.this_month} in default, "
        f"{plural(data.withdrawals.this_month, 'withdrawal')}, {plural(data.expulsions.this_month, 'expulsion')}.",
        f"{plural(data.parties_total, 'party', 'parties')} in {plural(data.voting_groups_total, 'voting group')} "
        "at the month's end.",
    ]


def screens(month):
    """Each party in default at the month's end to its "left default" form (one query), then
    the month's events."""
    return [
        *(fixes.left_default(pk, name, back=month) for pk, name in parties_still_in_default(last_day(month))),
        fixes.new_membership_event(back=month),
        fixes.membership_events_in(month),
    ]


def dashboard_figures(before, last):
    """[MonthMembership] for the month before the range to its last month. Two queries."""
    return membership_statistics(before, last)


def headlines(stats):
    now, previous = stats[-1], stats[-2]
    return [
        Headline("SEC Parties", now.parties, previous.parties),
        Headline("Voting groups", now.voting_groups, previous.voting_groups),
        Headline("Accessions", now.accessions, previous.accessions),
    ]


def charts(stats, axis):
    shown = stats[1:]  # the month before the range only gives the first month its change
    rows = [(TABLE3_LABELS[kind], [getattr(m, kind) for m in shown]) for kind, _ in TABLE3_ROWS]
    categories = [
        (label, [m.groups_by_category.get(c.value, 0) for m in shown], axis.links("voting-groups", category=c.value))
        for c, label in CATEGORY_PLURALS.items()
    ]
    return [
        Chart(
            "membership",
            "Membership events per month",
            "Accessions, Parties in default, withdrawals and expulsions.",
            dashboard_charts.membership_events(axis.labels, rows, axis.links("membership")),
        ),
        Chart(
            "parties",
            "SEC Parties and voting groups",
            "At each month end, the DCC not counted.",
            dashboard_charts.parties_and_groups(
                axis.labels, [m.parties for m in shown], [m.voting_groups for m in shown], axis.links("parties")
            ),
        ),
        Chart(
            "categories",
            "Voting groups by party category",
            "At each month end.",
            dashboard_charts.groups_by_category(axis.labels, categories),
        ),
    ]


_TOTALS = "{part}: Parties and Voting Groups totals, {figure}"
PART = Part(
    key="membership",
    title="Membership",
    template="paper/sections/membership.html",
    build=build,
    findings=findings,
    tables=[TABLE],
    figures=[FIGURE],
    prints=[
        Prints("parties.membershipevent", Own("date"), where="{table}", span=MONTHS),
        Prints("parties.membershipevent", Own("date"), where=_TOTALS, span=None),
        Prints("parties.party", Related("parties.MembershipEvent", "party_id", "date"), "{table}", span=MONTHS),
        Prints("parties.party", Related("parties.MembershipEvent", "party_id", "date"), _TOTALS, span=None),
        Prints(
            "parties.votinggroup",
            Related("parties.MembershipEvent", "party__voting_group_id", "date"),
            _TOTALS,
            span=None,
        ),
    ],
    summary=summary,
    screens=screens,
    sheets=["Membership"],
    dashboard=Panel(
        figures=dashboard_figures,
        charts=charts,
        headlines=headlines,
        has_figures=lambda stats: any(m.parties for m in stats[1:]),
    ),
)
