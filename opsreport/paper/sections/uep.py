"""1.2 User Entry Process (UEP) completion — Table 2: parties that completed UEP since the last
SEC Panel meeting."""

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
    completions: list  # [UEPRow]: party, category, roles, completed_on
    table: object  # Caption

    @property
    def tables(self):
        return [self.table]


def build(paper, context):
    first, last = context.since_first, context.since_last
    completions = uep_completions(first, last)
    return UEP(
        first, last, completions, context.numbering.table("Parties that completed UEP since the last SEC Panel meeting")
    )


def findings(section):
    return []
