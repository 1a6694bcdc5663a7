"""Where a month stands: each part of its paper, in the paper's order, with what is entered,
what is missing and its open findings, each with the screen that puts it right.

It reads the assembled paper (opsreport/paper/assembly.py) and its findings
(opsreport/paper/findings.py), so the month page says exactly what the paper will print and
what its review panel will say; it adds only the words of a summary and the screens where
each part is entered (opsreport/paper/fixes.py). Nothing here renders or writes.
"""

from dataclasses import dataclass, field

from opsreport.lib.formats import days, short_date, thousands
from opsreport.lib.months import last_day, month_label
from opsreport.paper import fixes
from opsreport.paper.assembly import assemble
from opsreport.paper.findings import MISSING, findings
from opsreport.paper.sections import (
    accessions,
    effort,
    front,
    helpdesk,
    highlights,
    meetings,
    membership,
    testing,
    uep,
    website,
)
from parties.reports import applicants_to_accede, parties_still_in_default

APPENDICES = "Appendices"
OTHER = "Other findings"


@dataclass
class SectionStatus:
    """One part of the paper on the month page."""

    key: str  # its anchor on the page
    title: str
    entered: list = field(default_factory=list)  # [str]: what the paper will print, in short
    missing: list = field(default_factory=list)  # [Finding] of level MISSING
    findings: list = field(default_factory=list)  # [Finding]: warnings and notes to check
    resolved: list = field(default_factory=list)  # [Finding] the approver resolved with a note
    screens: list = field(default_factory=list)  # [Fix]: where this part's data are entered

    @property
    def open_count(self):
        return len(self.missing) + len(self.findings)


@dataclass
class MonthStatus:
    month: object
    paper: object  # the month's Paper
    assembled: object  # its AssembledPaper
    sections: list  # [SectionStatus], in the paper's order

    @property
    def missing_count(self):
        return sum(len(s.missing) for s in self.sections)

    @property
    def findings_count(self):
        return sum(len(s.findings) for s in self.sections)


def _plural(n, one, many=None):
    return f"{thousands(n)} {one if n == 1 else (many or one + 's')}"


def _front(paper, data):
    appendices = ", ".join(f"Appendix {letter} ({level})" for letter, _, level in data.appendices)
    return [
        f"{data.reference}: SEC Panel meeting {paper.panel_meeting_number} on {short_date(paper.panel_meeting_date)}, "
        f"paper {paper.paper_number}.",
        f"{data.classification_label}, {data.action}; by {data.author}, {data.team}; "
        f"issued {short_date(data.issue_date)}.",
        f"Attachments: {appendices}." if appendices else "No appendix attached.",
    ]


def _accessions(data):
    if not data.applicants:
        return ["No applicant awaits accession: Table 1 says so."]
    names = "; ".join(f"{a.name} ({a.category})" for a in data.applicants)
    return [f"{_plural(len(data.applicants), 'applicant')} awaiting accession: {names}."]


def _period(data):
    return f"{short_date(data.since_first)} to {short_date(data.since_last)}"


def _uep(data):
    if not data.completions:
        return [f"No UEP completion from {_period(data)}."]
    parties = "; ".join(f"{c.party} ({short_date(c.completed_on)})" for c in data.completions)
    return [f"{_plural(len(data.completions), 'UEP completion')} from {_period(data)}: {parties}."]


def _testing(data):
    uept = f"UEPT: {_plural(data.uept_parties, 'party', 'parties')} for {_plural(data.uept_roles, 'role')}"
    where = f", detailed in {data.uept_appendix}" if data.uept_appendix and data.uept_parties else ""
    return [f"From {_period(data)}. SREPT: {_plural(data.srept_parties, 'party', 'parties')}; {uept}{where}."]


def _membership(data):
    return [
        f"This month: {_plural(data.accessions.this_month, 'accession')}, {data.in_default.this_month} in default, "
        f"{_plural(data.withdrawals.this_month, 'withdrawal')}, {_plural(data.expulsions.this_month, 'expulsion')}.",
        f"{_plural(data.parties_total, 'party', 'parties')} in {_plural(data.voting_groups_total, 'voting group')} "
        "at the month's end.",
    ]


def _highlights(data):
    written = [f"{heading} ({_plural(len(paras), 'paragraph')})" for heading, paras in data.parts if paras]
    return [f"Written: {'; '.join(written)}."] if written else []


def _effort(data):
    if not data.entered:
        return []
    booked = sum(1 for _, value in data.rows if value)
    return [f"{days(data.total)} days over {_plural(booked, 'driver')}."]


def _helpdesk(data):
    lines = []
    if data.telephone is not None:
        lines.append(f"{_plural(data.telephone, 'telephone enquiry', 'telephone enquiries')}.")
    mailbox, categories = data.mailbox_totals[-1], data.totals[-1]
    if mailbox is not None:
        lines.append(f"{_plural(mailbox, 'email')} to the mailbox.")
    if categories is not None:
        lines.append(f"Emails by category add up to {thousands(categories)}.")
    return lines


def _website(data):
    visits, page_views = data.visits[-1], data.page_views[-1]
    lines = []
    if visits is not None:
        lines.append(f"{_plural(visits, 'visit')}, {_plural(page_views, 'page view')}.")
    if data.new_visitors is not None and data.returning_visitors is not None:
        lines.append(f"{thousands(data.new_visitors)} new and {thousands(data.returning_visitors)} returning visitors.")
    return lines


def _meetings(data):
    if not data.lines:
        return []
    committees = []
    for line in data.lines:
        if line.committee not in committees:
            committees.append(line.committee)
    mentions = {ref for line in data.lines for ref, _ in line.modifications}
    lines = [f"{_plural(len(data.lines), 'meeting')}: {', '.join(committees)}."]
    if mentions:
        lines.append(f"{_plural(len(mentions), 'modification')} mentioned.")
    return lines


def _appendices(paper, testing_data):
    counts = {"uept": testing_data.uept_parties, "srept": testing_data.srept_parties}
    lines = []
    for appendix in paper.appendices.all():
        listed = counts.get(appendix.content)
        what = f": lists {_plural(listed, 'party', 'parties')}" if listed is not None else ""
        lines.append(f"Appendix {appendix.letter} - {appendix.title} ({appendix.get_classification_display()}){what}.")
    return lines


def _sections(paper, assembled):
    """(section name as findings name it, SectionStatus) in the paper's order."""
    month = paper.month
    data = {module: d for module, d in assembled.walk()}
    testing_data = data[testing]
    return [
        (
            front.SECTION,
            SectionStatus(
                "front",
                "Front page",
                _front(paper, assembled.front),
                screens=[fixes.paper(month, "Edit the front page")],
            ),
        ),
        (
            accessions.SECTION,
            SectionStatus(
                "accessions",
                "1.1 Accessions",
                _accessions(data[accessions]),
                screens=[
                    *(fixes.accede(pk, name, back=month) for pk, name in applicants_to_accede(month)),
                    fixes.new_applicant(),
                    fixes.applicants(),
                ],
            ),
        ),
        (
            uep.SECTION,
            SectionStatus(
                "uep",
                "1.2 User Entry Process (UEP) completion",
                _uep(data[uep]),
                screens=[fixes.new_uep_completion(back=month)],
            ),
        ),
        (
            testing.SECTION,
            SectionStatus(
                "testing",
                "1.3 Testing Update",
                _testing(testing_data),
                screens=[fixes.new_test_completion(back=month)],
            ),
        ),
        (
            membership.SECTION,
            SectionStatus(
                "membership",
                "1.4 Membership",
                _membership(data[membership]),
                screens=[
                    *(
                        fixes.left_default(pk, name, back=month)
                        for pk, name in parties_still_in_default(last_day(month))
                    ),
                    fixes.new_membership_event(back=month),
                    fixes.membership_events_in(month),
                ],
            ),
        ),
        (
            highlights.SECTION,
            SectionStatus(
                "highlights",
                "2. Monthly SECAS Highlights",
                _highlights(data[highlights]),
                screens=[fixes.paper(month, "Edit the highlights", highlights.PARTS[0][1])],
            ),
        ),
        (
            effort.SECTION,
            SectionStatus(
                "effort",
                "3. SECAS Time Devoted by Service Area",
                _effort(data[effort]),
                screens=[fixes.effort_month(month, f"{month_label(month)}'s effort")],
            ),
        ),
        (
            helpdesk.SECTION,
            SectionStatus(
                "helpdesk",
                "4. Helpdesk Activities",
                _helpdesk(data[helpdesk]),
                screens=[fixes.helpdesk_month(month, f"{month_label(month)}'s helpdesk figures")],
            ),
        ),
        (
            website.SECTION,
            SectionStatus(
                "website",
                "5. SEC Website Update and Statistics",
                _website(data[website]),
                screens=[fixes.website_month(month, f"{month_label(month)}'s website figures")],
            ),
        ),
        (
            meetings.SECTION,
            SectionStatus(
                "meetings",
                "6. SEC Meeting Details",
                _meetings(data[meetings]),
                screens=[fixes.new_meeting(), fixes.meetings_in(month)],
            ),
        ),
        (
            APPENDICES,
            SectionStatus(
                "appendices",
                "Appendices",
                _appendices(paper, testing_data),
                screens=[fixes.paper(month, "Edit the appendices")],
            ),
        ),
    ]


def month_status(paper, assembled=None):
    """The month page's content for `paper` (best with its appendices prefetched).

    Costs the paper's assembly, its findings' one query, and one query each for the applicants
    to accede and the parties in default that the screens link to; nothing more.
    """
    assembled = assembled or assemble(paper)
    named = _sections(paper, assembled)
    by_name = dict(named)
    other = SectionStatus("other", OTHER)
    for finding in findings(assembled):
        name = APPENDICES if finding.section.startswith("Appendix") else finding.section
        target = by_name.get(name, other)
        if finding.resolution is not None:
            target.resolved.append(finding)
        elif finding.level == MISSING:
            target.missing.append(finding)
        else:
            target.findings.append(finding)
    sections = [status for _, status in named]
    if other.open_count or other.resolved:
        sections.append(other)  # a section added later whose findings are not placed yet
    return MonthStatus(paper.month, paper, assembled, sections)
