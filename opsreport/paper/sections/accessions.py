"""1.1 Accessions — Table 1: applicants whose accession awaits the SECCo Board."""

from dataclasses import dataclass
from typing import ClassVar

from opsreport.paper.sections.common import WARNING, Finding
from parties.reports import applicant_disagreements, applicants_awaiting

SECTION = "1.1 Accessions"
TEMPLATE = "paper/sections/accessions.html"


@dataclass
class Accessions:
    template: ClassVar[str] = TEMPLATE

    applicants: list  # [ApplicantRow]: name, category
    table: object  # Caption
    # Where Table 1 and Table 3 disagree about an accession, for the review: not a field, since
    # the paper does not print it, so it stays out of the paper's fingerprint.
    disagreements: ClassVar[tuple] = ()

    @property
    def tables(self):
        return [self.table]


def build(paper, context):
    applicants = applicants_awaiting(paper.month)
    table = context.numbering.table("Applicants that will accede to the SEC")
    section = Accessions(applicants, table)
    section.disagreements = applicant_disagreements(paper.month)
    return section


def findings(section):
    return [Finding(WARNING, SECTION, text) for text in section.disagreements]
