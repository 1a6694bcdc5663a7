"""1.1 Accessions — Table 1: applicants whose accession awaits the SECCo Board."""

from dataclasses import dataclass
from typing import ClassVar

from opsreport.lib.formats import plural
from opsreport.paper import fixes
from opsreport.paper.part import Awaited, Part, Prints
from opsreport.paper.sections.common import WARNING, Caption, Finding
from parties.reports import ApplicantRow, applicant_disagreements, applicants_awaiting, applicants_to_accede

TABLE = "Applicants that will accede to the SEC"


@dataclass
class Accessions:
    applicants: list[ApplicantRow]
    table: Caption
    # Where Table 1 and Table 3 disagree about an accession, for the review: not a field, since
    # the paper does not print it, so it stays out of the paper's fingerprint.
    disagreements: ClassVar[tuple] = ()

    @property
    def tables(self):
        return [self.table]


def build(paper, context):
    applicants = applicants_awaiting(paper.month)
    table = context.numbering.table(TABLE)
    section = Accessions(applicants, table)
    section.disagreements = applicant_disagreements(paper.month)
    return section


def findings(section):
    return [Finding(WARNING, "", text) for text in section.disagreements]


def summary(data, paper):
    if not data.applicants:
        return ["No applicant awaits accession: Table 1 says so."]
    names = "; ".join(f"{a.name} ({a.category})" for a in data.applicants)
    return [f"{plural(len(data.applicants), 'applicant')} awaiting accession: {names}."]


def screens(month):
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
)
