"""1.1 Accessions — Table 1: applicants whose accession awaits the SECCo Board."""

from dataclasses import dataclass
from typing import ClassVar

from parties.reports import applicants_awaiting

SECTION = "1.1 Accessions"
TEMPLATE = "paper/sections/accessions.html"


@dataclass
class Accessions:
    template: ClassVar[str] = TEMPLATE

    applicants: list  # [ApplicantRow]: name, category
    table: object  # Caption

    @property
    def tables(self):
        return [self.table]


def build(paper, context):
    applicants = applicants_awaiting(paper.month)
    return Accessions(applicants, context.numbering.table("Applicants that will accede to the SEC"))


def findings(section):
    return []
