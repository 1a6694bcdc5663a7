"""A workbook's tables checked against the database: the plan of what an import would do.

Each row of each sheet becomes a PlannedRow: created, changed (each field old -> new),
unchanged, or empty (nothing to write). Each problem becomes a Problem naming its sheet, row
and column. Nothing here writes: each row that writes carries a `write` function that
opsreport/workbook/apply.py calls, in one transaction, once the plan is clean.

An empty cell leaves a figure as it is: a workbook only adds and corrects, and a row
removed from a sheet is not deleted from the database (the admin deletes).
"""

import datetime
import hashlib
import json
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from openpyxl.utils import get_column_letter

from helpdesk.models import EnquiryCategory, HelpdeskMonth
from meetings.models import Committee, Meeting
from opsreport.lib.classification import Classification
from opsreport.lib.months import last_day, month_key, month_label, parse_month_key
from opsreport.models import EffortDriver, EffortMonth, EffortProduct, Grade, WebsiteMonth
from opsreport.workbook import reading
from opsreport.workbook.reading import Problem
from opsreport.workbook.sheets import (
    COMPLETIONS,
    EFFORT,
    HELPDESK,
    LISTS,
    MAILBOX,
    MEETINGS,
    MEMBERSHIP,
    README,
    SHEETS,
    SHEETS_BY_NAME,
    SREPT,
    TELEPHONE,
    UEP,
    UEPT,
    WEBSITE,
)
from parties.models import (
    Applicant,
    DCCUserRole,
    EventKind,
    MembershipEvent,
    Party,
    PartyCategory,
    TestCompletion,
    TestKind,
    UEPCompletion,
    VotingGroup,
)

CREATE, CHANGE, SAME, EMPTY = "create", "change", "unchanged", "empty"
STATUS_LABELS = {CREATE: "will be created", CHANGE: "will change", SAME: "unchanged", EMPTY: "empty, nothing written"}

# Beyond these a figure is a typing slip (the sample's largest month is 1,727 emails).
MAX_COUNT = 100_000
MAX_WEBSITE = 50_000_000
MAX_DAYS = Decimal("5000")
FOUR_PLACES = Decimal("0.0001")


@dataclass
class PlannedRow:
    sheet: str
    row: int
    label: str
    status: str
    changes: list = field(default_factory=list)  # [(what, old, new)] as display text
    write: object = None  # write(writer) for CREATE and CHANGE rows
    phase: int = 0  # within a sheet, lower phases are written first (accessions before defaults)

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]


@dataclass
class Plan:
    month: datetime.date
    source_name: str = ""
    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    # Parties the Membership sheet accedes that are not yet on record: {lower name: (name, category)}.
    new_parties: dict = field(default_factory=dict)
    sha256: str = ""  # set once the uploaded file is kept for the confirmation
    warnings: list = field(default_factory=list)  # worth a look, but no reason to refuse the import
    notice: str = ""  # said above the preview (the data moved since the last one)
    # [(PaperIssue, table)] published issues whose tables printed a row this import writes
    # (found by the preview's rehearsal): the editor confirms changing them.
    published: list = field(default_factory=list)

    @property
    def clean(self):
        return not self.errors

    def count(self, status):
        return sum(1 for row in self.rows if row.status == status)

    @property
    def counts(self):
        return {status: self.count(status) for status in STATUS_LABELS}

    def fingerprint(self):
        """What the preview showed, as one hash: the confirmation writes only if it still holds."""
        shown = [(r.sheet, r.row, r.status, r.changes) for r in self.rows]
        return hashlib.sha256(json.dumps(shown, default=str).encode()).hexdigest()

    def sheets(self):
        """[(sheet name, its rows, its errors)] in the workbook's order, then anything else."""
        names = [sheet.name for sheet in SHEETS]
        extra = [e.sheet for e in self.errors if e.sheet not in names]
        out = []
        for name in [None, README, *names, *dict.fromkeys(x for x in extra if x not in (None, README))]:
            rows = [r for r in self.rows if r.sheet == name]
            errors = [e for e in self.errors if e.sheet == name]
            if rows or errors:
                out.append((name, rows, errors))
        return out

    def writes(self):
        """The rows to write, in the order they must be written."""
        order = {sheet.name: i for i, sheet in enumerate(SHEETS)}
        todo = [r for r in self.rows if r.status in (CREATE, CHANGE)]
        return sorted(todo, key=lambda r: (order[r.sheet], r.phase, r.row))


class CellError(ValueError):
    pass


def blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def text(value):
    if blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def number(value):
    """A typed number as a Decimal; CellError for text that is not one."""
    if isinstance(value, bool) or isinstance(value, datetime.date):
        raise CellError(f"{value!r} is not a number.")
    if isinstance(value, int | float):
        value = repr(value)
    try:
        result = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        raise CellError(f"{text(value)!r} is not a number.") from None
    if not result.is_finite():
        raise CellError(f"{text(value)!r} is not a number.")
    # Refused before any arithmetic: turning 1e1000000 into an int alone takes seconds.
    if result and abs(result.adjusted()) > 15:
        raise CellError(f"{text(value)} is not a plausible figure: check it.")
    return result


def count(value, maximum=MAX_COUNT):
    """A whole, non-negative, plausible number, or None for an empty cell."""
    if blank(value):
        return None
    result = number(value)
    if result != result.to_integral_value():
        raise CellError(f"{text(value)} is not a whole number.")
    if result < 0:
        raise CellError(f"{text(value)} is negative: a count cannot be.")
    if result > maximum:
        raise CellError(f"{int(result):,} is more than {maximum:,}: check the figure.")
    return int(result)


def days(value):
    if blank(value):
        return None
    result = number(value)
    if result < 0:
        raise CellError(f"{text(value)} is negative: days cannot be.")
    if result > MAX_DAYS:
        raise CellError(f"{text(value)} days is more than {MAX_DAYS} in a month: check the figure.")
    return result.quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)


def show(value):
    """A value as the preview prints it."""
    if value is None or value == "":
        return "—"
    if isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def by_name(objects, *attrs):
    """{lower-case name: object} over one or more name attributes."""
    index = {}
    for obj in objects:
        for attr in attrs or ("name",):
            name = getattr(obj, attr, "")
            if name:
                index.setdefault(str(name).strip().lower(), obj)
    return index


class SheetReader:
    """The cells of one sheet by column key, and its problems with sheet, row and column."""

    def __init__(self, plan, spec, table):
        self.plan, self.spec, self.table = plan, spec, table
        self.index = {}
        headers = {h.lower(): i for i, h in enumerate(table.header) if h}
        for column in spec.columns:
            if column.header.lower() in headers:
                self.index[column.key] = headers[column.header.lower()]
            else:
                self.problem(1, None, f"The column {column.header!r} is missing from the header row.")
        known = {c.header.lower() for c in spec.columns}
        first = {}
        for i, header in enumerate(table.header):
            if header and header.lower() in first:
                self.problem(
                    1, i, f"The column {header!r} is already column {get_column_letter(first[header.lower()] + 1)}."
                )
            first.setdefault(header.lower(), i)
            if header and header.lower() not in known:
                self.problem(1, i, f"Unknown column {header!r}: expected {', '.join(c.header for c in spec.columns)}.")

    @property
    def complete(self):
        return len(self.index) == len(self.spec.columns)

    def column_name(self, key):
        if key is None:
            return None
        if isinstance(key, int):
            return get_column_letter(key + 1)
        return f"{get_column_letter(self.index[key] + 1)} ({self.spec.column(key).header})"

    def problem(self, row, key, message):
        self.plan.errors.append(Problem(self.spec.name, row, self.column_name(key), message))

    def cells(self, values):
        return {key: (values[i] if i < len(values) else None) for key, i in self.index.items()}

    def parse(self, row, cells, key, parser, *args):
        """parser(cell) or, on a CellError, None with the problem recorded; (value, ok)."""
        try:
            return parser(cells[key], *args), True
        except (CellError, ValueError) as error:
            self.problem(row, key, str(error))
            return None, False


class Planner:
    """Builds the plan for one month from the tables read out of a workbook."""

    def __init__(self, month, source_name=""):
        self.month = month
        self.last = last_day(month)
        self.plan = Plan(month, source_name)
        self.parties = by_name(Party.objects.select_related("voting_group"))
        self.roles = by_name(DCCUserRole.objects.all(), "name", "abbreviation")

    def in_month(self, day):
        return self.month <= day <= self.last

    def date_in_month(self, reader, number, cells):
        """The row's date, read and required to fall in the workbook's month: (date, good)."""
        date, good = reader.parse(number, cells, "date", required_date)
        if good and not self.in_month(date):
            reader.problem(number, "date", f"{show(date)} is not in {month_label(self.month)}, this workbook's month.")
            good = False
        return date, good

    def row(self, sheet, number, label, status, changes=(), write=None, phase=0):
        planned = PlannedRow(sheet, number, label, status, list(changes), write, phase)
        self.plan.rows.append(planned)
        return planned

    def build(self, tables, problems, single_sheet=False):
        self.plan.errors.extend(named_columns(problems, tables))
        if not single_sheet:
            self.check_sheets(tables)
        for spec in SHEETS:
            table = tables.get(spec.name)
            if table is None:
                continue
            reader = SheetReader(self.plan, spec, table)
            if reader.complete:
                getattr(self, f"plan_{spec.name.lower()}")(reader, table)
        return self.plan

    def check_sheets(self, tables):
        """Every sheet of the export, no other (but the README and the lists), and the README's month."""
        expected = {sheet.name for sheet in SHEETS}
        for name in tables:
            if name not in expected | {README, LISTS}:
                self.plan.errors.append(
                    Problem(name, None, None, f"Unknown sheet: expected {', '.join(sorted(expected))}.")
                )
        for name in [sheet.name for sheet in SHEETS if sheet.name not in tables]:
            self.plan.errors.append(Problem(name, None, None, "This sheet is missing from the workbook."))
        readme = tables.get(README)
        if readme is not None and readme.readme_month is not None:
            self.check_month(None, 2, readme.readme_month, sheet=README)

    def check_month(self, reader, number, value, sheet=None):
        """True if a Month cell is empty or the workbook's month; otherwise records why not."""
        if blank(value):
            return True
        if isinstance(value, datetime.datetime):
            value = value.date()
        if isinstance(value, datetime.date):
            month = value.replace(day=1)  # a spreadsheet that turned 2018-07 into a date
        else:
            try:
                month = parse_month_key(text(value))
            except ValueError as error:
                month = None
                message = str(error)
        if month == self.month:
            return True
        if month is not None:
            message = f"This row is for {month_label(month)}; this workbook is for {month_label(self.month)}."
        if reader is None:
            self.plan.errors.append(Problem(sheet, number, "B", message))
        else:
            reader.problem(number, "month", message)
        return False

    def duplicate(self, reader, seen, key, number, column, what):
        if key in seen:
            reader.problem(number, column, f"Duplicate row: {what} is already on row {seen[key]}.")
            return True
        seen[key] = number
        return False

    # Helpdesk ------------------------------------------------------------------------------

    def plan_helpdesk(self, reader, table):
        helpdesk_month = HelpdeskMonth.objects.filter(month=self.month).prefetch_related("tallies").first()
        tallies = {t.category_id: t for t in helpdesk_month.tallies.all()} if helpdesk_month else {}
        categories = by_name(EnquiryCategory.objects.all())
        fixed = {TELEPHONE.lower(): ("telephone_enquiries", TELEPHONE), MAILBOX.lower(): ("mailbox_total", MAILBOX)}
        seen = {}
        # The month's figures as they will stand, for the check of the mailbox against its categories.
        emails = {pk: t.emails for pk, t in tallies.items()}
        mailbox = (helpdesk_month.mailbox_total if helpdesk_month else None, None)  # (total, its row)
        for number, values in table.rows:
            cells = reader.cells(values)
            if not self.check_month(reader, number, cells["month"]):
                continue
            figure = text(cells["figure"])
            value, ok = reader.parse(number, cells, "count", count)
            if not figure:
                reader.problem(number, "figure", "Name the figure: a category, or one of the two totals.")
                continue
            if self.duplicate(reader, seen, figure.lower(), number, "figure", figure) or not ok:
                continue
            if figure.lower() in fixed:
                attr, label = fixed[figure.lower()]
                old = getattr(helpdesk_month, attr) if helpdesk_month else None
                if attr == "mailbox_total":
                    mailbox = (old if value is None else value, number)
                self.compare(HELPDESK, number, label, helpdesk_month is not None, old, value, set_helpdesk(attr, value))
                continue
            category = categories.get(figure.lower())
            if category is None:
                reader.problem(
                    number, "figure", f"Unknown enquiry category {figure!r}: choose one from the Lists sheet."
                )
                continue
            tally = tallies.get(category.pk)
            if category.retired and tally is None and value is not None:
                reader.problem(number, "figure", f"{category.name} is retired and takes no new tallies.")
                continue
            old = tally.emails if tally else None
            if value is not None:
                emails[category.pk] = value
            self.compare(HELPDESK, number, category.name, tally is not None, old, value, set_tally(category.pk, value))
        total, row = mailbox
        if total is not None and emails and sum(emails.values()) != total:
            self.plan.warnings.append(
                Problem(
                    HELPDESK,
                    row,
                    reader.column_name("count") if row else None,
                    f"The categories add up to {sum(emails.values()):,} emails; the mailbox total is {total:,}. "
                    "The import goes ahead; the paper lists the difference as a finding until it is corrected.",
                )
            )

    def compare(self, sheet, number, label, exists, old, new, write):
        """One figure: created, changed, unchanged or left empty."""
        if new is None:
            status = SAME if old is not None else EMPTY
            return self.row(
                sheet,
                number,
                label,
                status,
                [("kept, the cell is empty", show(old), show(old))] if old is not None else [],
            )
        if old == new:
            return self.row(sheet, number, label, SAME)
        status = CHANGE if exists else CREATE
        return self.row(sheet, number, label, status, [(label, show(old), show(new))], write)

    # Effort --------------------------------------------------------------------------------

    def plan_effort(self, reader, table):
        effort_month = EffortMonth.objects.filter(month=self.month).first()
        entries = {}
        if effort_month:
            for entry in effort_month.entries.all():
                entries[(entry.driver_id, entry.product_id, entry.grade_id)] = entry
        drivers = by_name(EffortDriver.objects.all())
        products = by_name(EffortProduct.objects.all())
        grades = by_name(Grade.objects.all())
        seen = {}
        for number, values in table.rows:
            cells = reader.cells(values)
            if not self.check_month(reader, number, cells["month"]):
                continue
            value, ok = reader.parse(number, cells, "days", days)
            found = {}
            for key, index, what in (
                ("driver", drivers, "effort driver"),
                ("product", products, "product"),
                ("grade", grades, "grade"),
            ):
                name = text(cells[key])
                found[key] = index.get(name.lower()) if name else None
                if name and found[key] is None:
                    reader.problem(number, key, f"Unknown {what} {name!r}: choose one from the Lists sheet.")
                    ok = False
            if not text(cells["driver"]):
                reader.problem(number, "driver", "Name the effort driver.")
                continue
            if not ok:
                continue
            driver, product, grade = found["driver"], found["product"], found["grade"]
            key = (driver.pk, product.pk if product else None, grade.pk if grade else None)
            label = " · ".join(str(x) for x in (driver, product, grade) if x)
            if self.duplicate(reader, seen, key, number, "driver", label):
                continue
            entry = entries.get(key)
            retired = [x for x in (driver, product, grade) if x and x.retired]
            if retired and entry is None and value is not None:
                reader.problem(number, "driver", f"{retired[0]} is retired and takes no new days.")
                continue
            old = entry.days if entry else None
            self.compare(
                EFFORT,
                number,
                label,
                entry is not None,
                old,
                value,
                set_effort(key, entry.pk if entry else None, value),
            )

    # Website -------------------------------------------------------------------------------

    def plan_website(self, reader, table):
        website = WebsiteMonth.objects.filter(month=self.month).first()
        fields = [
            ("visits", "Visits"),
            ("page_views", "Page views"),
            ("new_visitors", "New visitors"),
            ("returning_visitors", "Returning visitors"),
        ]
        first = None
        for number, values in table.rows:
            cells = reader.cells(values)
            if not self.check_month(reader, number, cells["month"]):
                continue
            if first is not None:
                reader.problem(
                    number, "month", f"Duplicate row: the month's website figures are already on row {first}."
                )
                continue
            first = number
            new, ok = {}, True
            for attr, _ in fields:
                new[attr], good = reader.parse(number, cells, attr, count, MAX_WEBSITE)
                ok = ok and good
            if not ok:
                continue
            given = {attr: value for attr, value in new.items() if value is not None}
            if not given:
                self.row(WEBSITE, number, month_label(self.month), SAME if website else EMPTY)
                continue
            if website is None:
                missing = [attr for attr in ("visits", "page_views") if attr not in given]
                for attr in missing:
                    reader.problem(
                        number, attr, "Visits and page views are both needed to enter the month's website figures."
                    )
                if missing:
                    continue
            changes = [
                (label, show(getattr(website, attr, None)), show(given[attr]))
                for attr, label in fields
                if attr in given and getattr(website, attr, None) != given[attr]
            ]
            if not changes:
                self.row(WEBSITE, number, month_label(self.month), SAME)
                continue
            status = CHANGE if website else CREATE
            self.row(WEBSITE, number, month_label(self.month), status, changes, set_website(given))

    # Meetings ------------------------------------------------------------------------------

    def plan_meetings(self, reader, table):
        committees = by_name(Committee.objects.all())
        existing = {}
        meetings = (
            Meeting.objects.filter(dates__date__range=(self.month, self.last))
            .distinct()
            .select_related("committee")
            .prefetch_related("dates")
        )
        for meeting in meetings:
            existing[(meeting.committee_id, meeting.name.strip().lower())] = meeting
        seen = {}
        for number, values in table.rows:
            cells = reader.cells(values)
            ok = True
            name = text(cells["committee"])
            committee = committees.get(name.lower())
            if committee is None:
                reader.problem(
                    number,
                    "committee",
                    f"Unknown committee {name!r}: choose one from the Lists sheet." if name else "Name the committee.",
                )
                ok = False
            dates, good = reader.parse(number, cells, "dates", parse_dates)
            ok = ok and good
            summary = text(cells["summary"])
            if not summary:
                reader.problem(number, "summary", "The meeting needs its summary, as the meeting table prints it.")
                ok = False
            confidential, good = reader.parse(number, cells, "confidential", yes_no)
            if not ok or not good:
                continue
            meeting_name = text(cells["name"])
            key = (committee.pk, meeting_name.lower())
            label = meeting_name or committee.name
            if self.duplicate(reader, seen, key, number, "name", label):
                continue
            meeting = existing.get(key)
            had = {d.date for d in meeting.dates.all()} if meeting else set()
            outside = [d for d in dates if not self.in_month(d) and d not in had]
            if outside:
                reader.problem(
                    number, "dates", f"{show(outside[0])} is not in {month_label(self.month)}, this workbook's month."
                )
                continue
            if meeting is None:
                changes = [("dates", "—", ", ".join(map(show, dates))), ("summary", "—", summary)]
                self.row(
                    MEETINGS,
                    number,
                    label,
                    CREATE,
                    changes,
                    create_meeting(committee.pk, meeting_name, dates, summary, confidential),
                )
                continue
            changes = []
            if set(dates) != had:
                changes.append(("dates", ", ".join(map(show, sorted(had))), ", ".join(map(show, dates))))
            if summary != meeting.summary.strip():
                changes.append(("summary", meeting.summary, summary))
            if confidential != meeting.confidential:
                changes.append(("confidential", show(meeting.confidential), show(confidential)))
            if changes:
                self.row(
                    MEETINGS, number, label, CHANGE, changes, update_meeting(meeting.pk, dates, summary, confidential)
                )
            else:
                self.row(MEETINGS, number, label, SAME)

    # Membership ----------------------------------------------------------------------------

    def plan_membership(self, reader, table):
        kinds = {str(label).lower(): value for value, label in EventKind.choices} | {v: v for v in EventKind.values}
        categories = {str(label).lower(): value for value, label in PartyCategory.choices} | {
            v: v for v in PartyCategory.values
        }
        events = MembershipEvent.objects.filter(date__range=(self.month, self.last)).select_related("party")
        existing = {(e.party_id, e.kind, e.date): e for e in events}
        # Applicants awaiting accession: a party of the same name acceding is that applicant,
        # so Table 1 stops listing it (and its category need not be typed again).
        awaiting = by_name(Applicant.objects.filter(acceded_on__isnull=True).order_by("-applied_on"))
        seen = {}
        for number, values in table.rows:
            cells = reader.cells(values)
            ok = True
            party_name = text(cells["party"])
            kind_name = text(cells["kind"])
            kind = kinds.get(kind_name.lower())
            if kind is None:
                choices = ", ".join(str(label) for label in EventKind.labels)
                reader.problem(
                    number,
                    "kind",
                    f"Unknown event {kind_name!r}: choose {choices}." if kind_name else "Name the event.",
                )
                ok = False
            date, good = self.date_in_month(reader, number, cells)
            ok = ok and good
            category_name = text(cells["category"])
            category = categories.get(category_name.lower()) if category_name else None
            if category_name and category is None:
                reader.problem(
                    number, "category", f"Unknown party category {category_name!r}: choose one from the Lists sheet."
                )
                ok = False
            party = self.parties.get(party_name.lower())
            if not party_name:
                reader.problem(number, "party", "Name the party.")
                continue
            applicant = awaiting.get(party_name.lower()) if kind == EventKind.ACCESSION else None
            if applicant is not None and category_name and category and category != applicant.category:
                reader.problem(
                    number,
                    "category",
                    f"The applicant {applicant.name} applied as {applicant.get_category_display()}: "
                    "leave the category empty, or correct the applicant first.",
                )
                ok = False
            if party is None and applicant is not None and not category_name:
                category = applicant.category
            acceding = party is None and kind == EventKind.ACCESSION and category
            if party is None and not acceding and party_name.lower() not in self.plan.new_parties:
                reader.problem(
                    number,
                    "party",
                    f"Unknown party {party_name!r}: choose one from the Lists sheet, or, for the accession of "
                    "a party not yet on record (and not an applicant), give its category in the last column.",
                )
                continue
            if party is not None and category:
                actual = party.category
                if actual != category:
                    reader.problem(
                        number,
                        "category",
                        f"{party.name} is already on record as {PartyCategory(actual).label if actual else 'the DCC'}: leave the category empty.",
                    )
                    ok = False
            if party is None and acceding and category:
                # A new party goes into the voting group of its name (apply.Writer.party): one
                # of another category would count it under the wrong one in Figure 1 and Table 3.
                group = VotingGroup.objects.filter(name__iexact=party_name).exclude(category=category).first()
                if group is not None:
                    reader.problem(
                        number,
                        "category",
                        f"A voting group named {group.name} exists, of {group.get_category_display()}: "
                        "accede the party from its applicant's page to choose its group.",
                    )
                    ok = False
            if not ok:
                continue
            key = (party.pk if party else ("new", party_name.lower()), kind, date)
            label = f"{EventKind(kind).label}: {party.name if party else party_name}"
            if self.duplicate(reader, seen, key, number, "party", f"{label} on {show(date)}"):
                continue
            note = text(cells["note"])
            phase = 0 if kind == EventKind.ACCESSION else 1
            applicant_pk = applicant.pk if applicant else None
            accedes = [("applicant accedes on", "—", show(date))] if applicant else []
            if party is None:  # a party this sheet accedes: its events are all new
                changes = [("date", "—", show(date))] + ([("note", "—", note)] if note else []) + accedes
                if acceding:
                    self.plan.new_parties[party_name.lower()] = (party_name, category)
                    changes.insert(0, ("new party", "—", f"{party_name} ({PartyCategory(category).label})"))
                write = create_event(party_name, kind, date, note, applicant_pk)
                self.row(MEMBERSHIP, number, label, CREATE, changes, write, phase)
                continue
            event = existing.get(key)
            if event is None:
                changes = [("date", "—", show(date))] + ([("note", "—", note)] if note else []) + accedes
                write = create_event(party.name, kind, date, note, applicant_pk)
                self.row(MEMBERSHIP, number, label, CREATE, changes, write, phase)
            elif note != event.note.strip():
                self.row(
                    MEMBERSHIP,
                    number,
                    label,
                    CHANGE,
                    [("note", show(event.note), show(note))],
                    update_event(event.pk, note),
                    phase,
                )
            else:
                self.row(MEMBERSHIP, number, label, SAME)

    # Completions ---------------------------------------------------------------------------

    def plan_completions(self, reader, table):
        levels = {str(label).lower(): value for value, label in Classification.choices} | {
            v: v for v in Classification.values
        }
        test_kinds = {UEPT: TestKind.UEPT, SREPT: TestKind.SREPT}
        existing = {}
        for completion in UEPCompletion.objects.filter(completed_on__range=(self.month, self.last)).prefetch_related(
            "roles"
        ):
            existing[(UEP, completion.party_id, completion.completed_on)] = completion
        for completion in TestCompletion.objects.filter(completed_on__range=(self.month, self.last)).prefetch_related(
            "roles"
        ):
            kind = UEPT if completion.kind == TestKind.UEPT else SREPT
            existing[(kind, completion.party_id, completion.completed_on)] = completion
        seen = {}
        for number, values in table.rows:
            cells = reader.cells(values)
            ok = True
            kind = text(cells["kind"]).upper()
            if kind not in (UEP, UEPT, SREPT):
                reader.problem(
                    number,
                    "kind",
                    f"Unknown completion {text(cells['kind'])!r}: choose UEP, UEPT or SREPT."
                    if kind
                    else "Name the completion: UEP, UEPT or SREPT.",
                )
                ok = False
            date, good = self.date_in_month(reader, number, cells)
            ok = ok and good
            party_name = text(cells["party"])
            party = self.parties.get(party_name.lower())
            if party is None and party_name.lower() not in self.plan.new_parties:
                reader.problem(
                    number,
                    "party",
                    f"Unknown party {party_name!r}: choose one from the Lists sheet."
                    if party_name
                    else "Name the party.",
                )
                ok = False
            roles, good = reader.parse(number, cells, "roles", self.parse_roles)
            ok = ok and good
            level_name = text(cells["classification"])
            level = levels.get(level_name.lower()) if level_name else None
            if level_name and level is None:
                reader.problem(
                    number,
                    "classification",
                    f"Unknown classification {level_name!r}: choose White, Green, Amber or Red.",
                )
                ok = False
            if level and kind == UEP:
                reader.problem(number, "classification", "A UEP completion has no classification: leave it empty.")
                ok = False
            if not ok:
                continue
            name = party.name if party else self.plan.new_parties[party_name.lower()][0]
            key = (kind, party.pk if party else ("new", name.lower()), date)
            label = f"{kind}: {name}"
            if self.duplicate(reader, seen, key, number, "party", f"{label} on {show(date)}"):
                continue
            role_names = ", ".join(r.name for r in roles)
            completion = existing.get(key)
            test_kind = test_kinds.get(kind)
            if completion is None:
                changes = [("date", "—", show(date)), ("roles", "—", role_names)]
                if test_kind:
                    changes.append(("classification", "—", show(Classification(level or Classification.AMBER).label)))
                self.row(
                    COMPLETIONS,
                    number,
                    label,
                    CREATE,
                    changes,
                    create_completion(kind, test_kind, name, date, [r.pk for r in roles], level),
                )
                continue
            changes = []
            old_roles = sorted(completion.roles.all(), key=lambda r: (r.position, r.name))
            if {r.pk for r in old_roles} != {r.pk for r in roles}:
                changes.append(("roles", ", ".join(r.name for r in old_roles), role_names))
            if test_kind and level and level != completion.classification:
                changes.append(
                    ("classification", Classification(completion.classification).label, Classification(level).label)
                )
            if changes:
                write = update_completion(
                    type(completion), completion.pk, [r.pk for r in roles], level if test_kind else None
                )
                self.row(COMPLETIONS, number, label, CHANGE, changes, write)
            else:
                self.row(COMPLETIONS, number, label, SAME)

    def parse_roles(self, value):
        names = [n.strip() for n in text(value).replace(";", ",").replace("\n", ",").split(",") if n.strip()]
        if not names:
            raise CellError("Name at least one DCC user role.")
        roles = []
        for name in names:
            role = self.roles.get(name.lower())
            if role is None:
                raise CellError(f"Unknown DCC user role {name!r}: choose from the Lists sheet.")
            if role not in roles:
                roles.append(role)
        return roles


def named_columns(problems, tables):
    """Problems found while reading ("column C") with the column's header added ("C (Count)")."""
    from openpyxl.utils import column_index_from_string

    named = []
    for problem in problems:
        table = tables.get(problem.sheet)
        if table is not None and problem.column and problem.column.isalpha():
            index = column_index_from_string(problem.column) - 1
            if index < len(table.header) and table.header[index]:
                problem = Problem(
                    problem.sheet, problem.row, f"{problem.column} ({table.header[index]})", problem.message
                )
        named.append(problem)
    return named


def required_date(value):
    if blank(value):
        raise CellError("Give the date, as DD/MM/YYYY.")
    return reading.as_date(value)


def parse_dates(value):
    if blank(value):
        raise CellError("Give the meeting's date, as DD/MM/YYYY (several separated by commas).")
    if isinstance(value, datetime.date):
        return [reading.as_date(value)]
    parts = [p.strip() for p in str(value).replace(";", ",").replace("\n", ",").split(",") if p.strip()]
    dates = sorted({reading.as_date(p) for p in parts})
    return dates


def yes_no(value):
    if blank(value):
        return False
    answer = text(value).lower()
    if isinstance(value, bool):
        return value
    if answer in ("yes", "y", "true", "1"):
        return True
    if answer in ("no", "n", "false", "0"):
        return False
    raise CellError(f"{text(value)!r}: answer Yes or No.")


# The writes, as functions of the writer (opsreport/workbook/apply.py) -----------------------


def set_helpdesk(attr, value):
    def write(w):
        w.update_fields(w.helpdesk_month(), **{attr: value})

    return write


def set_tally(category_pk, value):
    def write(w):
        from helpdesk.models import EmailTally

        tally = EmailTally.objects.filter(helpdesk_month=w.helpdesk_month(), category_id=category_pk).first()
        if tally is None:
            w.create(EmailTally, helpdesk_month=w.helpdesk_month(), category_id=category_pk, emails=value)
        else:
            w.update_fields(tally, emails=value)

    return write


def set_effort(key, entry_pk, value):
    def write(w):
        from opsreport.models import EffortEntry

        driver, product, grade = key
        if entry_pk is None:
            w.create(
                EffortEntry,
                effort_month=w.effort_month(),
                driver_id=driver,
                product_id=product,
                grade_id=grade,
                days=value,
            )
        else:
            w.update_fields(EffortEntry.objects.get(pk=entry_pk), days=value)

    return write


def set_website(values):
    def write(w):
        website = WebsiteMonth.objects.filter(month=w.month).first()
        if website is None:
            w.create(WebsiteMonth, month=w.month, **values)
        else:
            w.update_fields(website, **values)

    return write


def create_meeting(committee_pk, name, dates, summary, confidential):
    def write(w):
        from meetings.models import MeetingDate

        meeting = w.create(Meeting, committee_id=committee_pk, name=name, summary=summary, confidential=confidential)
        for day in dates:
            w.create(MeetingDate, meeting=meeting, date=day)

    return write


def update_meeting(meeting_pk, dates, summary, confidential):
    def write(w):
        meeting = Meeting.objects.get(pk=meeting_pk)
        w.update_fields(meeting, summary=summary, confidential=confidential)
        w.set_meeting_dates(meeting, dates)

    return write


def create_event(party_name, kind, date, note, applicant_pk=None):
    def write(w):
        party = w.party(party_name)
        w.create(MembershipEvent, party=party, kind=kind, date=date, note=note)
        if applicant_pk is not None:
            # The applicant becomes the party's linked record, as the Accede form makes it, so
            # Table 1 and Table 3 read one accession.
            w.update_fields(Applicant.objects.get(pk=applicant_pk), party=party, acceded_on=date)

    return write


def update_event(event_pk, note):
    def write(w):
        w.update_fields(MembershipEvent.objects.get(pk=event_pk), note=note)

    return write


def create_completion(kind, test_kind, party_name, date, role_pks, level):
    def write(w):
        if test_kind is None:
            completion = w.create(UEPCompletion, party=w.party(party_name), completed_on=date)
        else:
            fields = {"classification": level} if level else {}
            completion = w.create(
                TestCompletion, kind=test_kind, party=w.party(party_name), completed_on=date, **fields
            )
        completion.roles.set(role_pks)

    return write


def update_completion(model, pk, role_pks, level):
    def write(w):
        completion = model.objects.get(pk=pk)
        if level:
            w.update_fields(completion, classification=level)
        completion.roles.set(role_pks)

    return write


def month_problem(month):
    """Why a month cannot take a workbook, or None (the same window the models allow)."""
    from django.utils import timezone

    from opsreport.lib.months import EARLIEST_MONTH, latest_month_allowed

    latest = latest_month_allowed(timezone.localdate())
    if not EARLIEST_MONTH <= month <= latest:
        return f"{month_key(month)} is outside the months that take figures ({month_label(EARLIEST_MONTH)} to {month_label(latest)})."
    return None


def build(month, tables, problems, source_name="", single_sheet=False):
    return Planner(month, source_name).build(tables, problems, single_sheet)


def sheet_named(name):
    return SHEETS_BY_NAME.get(name)
