"""1.1 Accessions — Table 1: applicants whose accession awaits the SECCo Board."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from opsreport.lib.formats import plural
from opsreport.paper import fixes
from opsreport.paper.part import Awaited, Part, Prints
from opsreport.paper.sections.common import NOT_PRINTED, WARNING, Caption, Context, Finding, Fix
from parties.reports import ApplicantRow, applicant_disagreements, applicants_awaiting, applicants_to_accede

if TYPE_CHECKING:
    from opsreport.models import Paper


TABLE = "Applicants that will accede to the SEC"


@dataclass
class Accessions:
    applicants: list[ApplicantRow]
    table: Caption
    # Where Table 1 and Table 3 disagree about an accession, for the review: the paper does
    # not print it, so it stays out of the paper's fingerprint.
    disagreements: list[str] = field(default_factory=list, metadata=NOT_PRINTED)

    @property
    def tables(self) -> list[Caption]:
        return [self.table]


def build(paper: Paper, context: Context) -> Accessions:
    applicants = applicants_awaiting(paper.month)
    table = context.numbering.table(TABLE)
    return Accessions(applicants, table, applicant_disagreements(paper.month))


def findings(section: Accessions) -> list[Finding]:
    return [Finding(WARNING, "", text) for text in section.disagreements]


def summary(data: Accessions, paper: Paper) -> list[str]:
    if not data.applicants:
        return ["No applicant awaits accession: Table 1 says so."]
    names = "; ".join(f"{a.name} ({a.category})" for a in data.applicants)
    return [f"{plural(len(data.applicants), 'applicant')} awaiting accession: {names}."]


def screens(month: datetime.date) -> list[Fix]:
    """Each applicant awaiting accession's Accede form (one query), then the applicants."""
    return [
        *(fixes.accede(pk, name, back=month) for pk, name in applicants_to_accede(month)),
        fixes.new_applicant(back=month),
        fixes.applicants(),
    ]


PART = Part(
    key="accessions",
    title="Accessions",
    template="paper/sections/accessions.html",
    build=build,
    findings=findings,
    tables=[TABLE],
    prints=[Prints("parties.applicant", Awaited(), where="{table}")],
    summary=summary,
    screens=screens,
    sheets=["Applicants"],
)
