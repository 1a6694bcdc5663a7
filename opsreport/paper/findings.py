"""Consistency findings and missing data for a month's paper, shown to reviewers before approval.

Findings never alter a figure: where the source figures do not reconcile (the June 2018
helpdesk total for July 2017, the effort rows rounding to 500.88), the paper prints what the
data say and the finding says why it looks odd.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from opsreport.lib.formats import days, thousands
from opsreport.lib.months import month_label
from parties.reports import events_without_note

WARNING = "warning"
MISSING = "missing"
INFO = "info"


@dataclass
class Finding:
    level: str  # warning, missing or info
    section: str
    text: str


def _two(value):
    return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def findings(assembled):
    """[Finding] for the assembled paper. One query of its own, whatever the data size."""
    month = assembled.month
    result = []
    add = lambda level, section, text: result.append(Finding(level, section, text))  # noqa: E731

    # Parties at month end = previous month end + accessions - withdrawals - expulsions.
    previous = assembled.previous_parties_total
    rows = {label: cells[-1].value for label, cells in assembled.membership_rows}
    expected = previous + rows["Accessions"] - rows["Withdrawals"] - rows["Expulsions"]
    if expected != assembled.parties_total:
        add(WARNING, "1.4 Membership",
            f"Parties at the end of {assembled.month_label}: {assembled.parties_total}, but the previous "
            f"month's {previous} + {rows['Accessions']} accessions − {rows['Withdrawals']} withdrawals "
            f"− {rows['Expulsions']} expulsions = {expected}.")
    by_category = assembled.figure1.series[0][1]
    if sum(by_category) != assembled.voting_groups_total:
        add(WARNING, "1.4 Membership",
            f"Voting groups by category add up to {sum(by_category)}, not the total of "
            f"{assembled.voting_groups_total}.")
    for event in events_without_note(assembled.membership_months[0], month):
        add(MISSING, "1.4 Membership",
            f"{event.get_kind_display()} of {event.party} on {event.date:%d/%m/%Y} has no note for its footnote.")

    # Helpdesk: categories against the mailbox's own count.
    for i, m in enumerate(assembled.helpdesk_months):
        total, mailbox = assembled.helpdesk_totals[i], assembled.helpdesk_mailbox_totals[i]
        if total is None and mailbox is None:
            add(MISSING, "4. Helpdesk", f"No helpdesk figures for {month_label(m)}.")
        elif mailbox is not None and total != mailbox:
            add(WARNING, "4. Helpdesk",
                f"{month_label(m)}: the categories add up to {thousands(total)} but the mailbox counted "
                f"{thousands(mailbox)}. Table 5 prints the categories' total.")
    if assembled.telephone is None:
        add(MISSING, "4. Helpdesk", f"No telephone enquiries recorded for {assembled.month_label}.")

    # Effort: the total is summed before rounding, so the printed rows may differ by pennies.
    if not assembled.effort_entered:
        add(MISSING, "3. Effort", f"No effort entered for {assembled.month_label}.")
    else:
        printed = sum((_two(v) for _, v in assembled.effort_rows), Decimal(0))
        if printed != _two(assembled.effort_total):
            add(INFO, "3. Effort",
                f"The printed rows add up to {days(printed)} while the Grand Total is "
                f"{days(assembled.effort_total)}: the total is summed before rounding.")

    # Website.
    for m, visits in zip(assembled.website_months, assembled.visits):
        if visits is None:
            add(MISSING, "5. Website", f"No website figures for {month_label(m)}.")
    if assembled.new_visitors is None or assembled.returning_visitors is None:
        add(MISSING, "5. Website", f"New and returning visitors are not recorded for {assembled.month_label}.")

    # Narrative and meetings.
    for heading, paragraphs in assembled.highlights:
        if not paragraphs:
            add(MISSING, "2. Highlights", f"{heading} is not written yet.")
    if not assembled.meetings:
        add(MISSING, "6. Meetings", f"No meetings recorded in {assembled.month_label}.")
    return result
