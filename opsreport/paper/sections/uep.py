"""1.2 User Entry Process (UEP) completion — Table 2: parties that completed UEP in the paper's
period (since the last Operations Report, or the last SEC Panel meeting: Context.since_words)."""

from dataclasses import dataclass
from typing import ClassVar

from parties.reports import uep_completions

SECTION = "1.2 User Entry Process"
TEMPLATE = "paper/sections/uep.html"


@dataclass
class UEP:
    template: ClassVar[str] = TEMPLATE

    since_first: object
    since_last: object
    since_words: str  # Context.since_words
    completions: list  # [UEPRow]: party, category, roles, completed_on
    table: object  # Caption

    @property
    def tables(self):
        return [self.table]


def build(paper, context):
    first, last = context.since_first, context.since_last
    completions = uep_completions(first, last)
    words = context.since_words
    return UEP(first, last, words, completions, context.numbering.table(f"Parties that completed UEP {words}"))


def findings(section):
    return []
