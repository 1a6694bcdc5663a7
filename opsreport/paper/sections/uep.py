"""1.2 User Entry Process (UEP) completion — Table 2: parties that completed UEP in the paper's
period (since the last Operations Report, or the last SEC Panel meeting: Context.since_words)."""

import datetime
from dataclasses import dataclass

from opsreport.lib.formats import plural, short_date
from opsreport.paper import fixes
from opsreport.paper.part import Own, Part, Prints, Related
from opsreport.paper.sections.common import Caption
from parties.reports import UEPRow, uep_completions

TABLE = "Parties that completed UEP"  # the paper goes on with its period's words


@dataclass
class UEP:
    since_first: datetime.date
    since_last: datetime.date
    since_words: str  # Context.since_words
    completions: list[UEPRow]  # party, category, roles, completed_on
    table: Caption

    @property
    def tables(self):
        return [self.table]


def build(paper, context):
    first, last = context.since_first, context.since_last
    completions = uep_completions(first, last)
    words = context.since_words
    return UEP(first, last, words, completions, context.numbering.table(f"{TABLE} {words}"))


def period(data):
    return f"{short_date(data.since_first)} to {short_date(data.since_last)}"


def summary(data, paper):
    if not data.completions:
        return [f"No UEP completion from {period(data)}."]
    parties = "; ".join(f"{c.party} ({short_date(c.completed_on)})" for c in data.completions)
    return [f"{plural(len(data.completions), 'UEP completion')} from {period(data)}: {parties}."]


# Printed "since the last SEC Panel meeting": by the paper of its month or, when it falls
# before that paper's date of issue, the paper of the month before (June's paper runs to
# 6 July); printed.published_printing checks the issue date.
PART = Part(
    key="uep",
    title="User Entry Process (UEP) completion",
    template="paper/sections/uep.html",
    build=build,
    tables=[TABLE],
    prints=[
        Prints("parties.uepcompletion", Own("completed_on"), where="{table}", before=1),
        Prints("parties.party", Related("parties.UEPCompletion", "party_id", "completed_on"), "{table}", before=1),
        Prints("parties.dccuserrole", Related("parties.UEPCompletion", "roles", "completed_on"), "{table}", before=1),
    ],
    summary=summary,
    screens=lambda month: [fixes.new_uep_completion(back=month)],
)
