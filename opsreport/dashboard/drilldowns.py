"""The records behind each dashboard chart: one queryset and one table per kind of drill-down.

A drill-down is named by its slug in the address (`/dashboard/records/helpdesk/`) and narrowed
by query parameters: `month` (YYYY-MM) or the dashboard's `from`/`to` range, and where it
applies `category`, `kind`, `status`, `driver`, `product` or `grade`.
"""

from dataclasses import dataclass

import django_tables2 as tables
from django.core.paginator import EmptyPage
from django.db.models import Count, Exists, OuterRef, Q, Subquery

from helpdesk.models import EmailTally, EnquiryCategory
from meetings.models import Modification, ModificationStatus
from meetings.reports import with_status_on
from opsreport.lib import formats
from opsreport.lib.months import last_day, month_label, parse_month_key
from opsreport.models import EffortDriver, EffortEntry, EffortProduct, Grade, WebsiteMonth
from parties.models import (
    CATEGORY_PLURALS,
    EventKind,
    MembershipEvent,
    Party,
    PartyCategory,
    VotingGroup,
)

PER_PAGE = 25
MAX_PER_PAGE = 200
MAX_ID = 2**63 - 1  # the largest key a database column holds; past it SQLite overflows


@dataclass
class Filters:
    first: object
    last: object
    month: object = None  # one month, or None for the whole range first..last
    category: str = ""
    kind: str = ""
    status: str = ""
    driver: int = None
    product: int = None
    grade: int = None

    @property
    def start(self):
        return self.month or self.first

    @property
    def end(self):
        return self.month or self.last

    @property
    def period(self):
        if self.month:
            return month_label(self.month)
        if self.first == self.last:
            return month_label(self.first)
        return f"{month_label(self.first)} to {month_label(self.last)}"


def _id(name, value):
    """A record's key from the query string: empty is no filter, anything but one is refused."""
    if value in (None, ""):
        return None
    if not value.isascii() or not value.isdigit() or int(value) > MAX_ID:
        raise ValueError(f"{name} must be the number of a record, not {value[:40]!r}.")
    return int(value)


def _bounded(value, default, low, high):
    """A whole number from the query string, brought within low..high; the default if unreadable."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return max(low, min(high, number))


def paginate(table, params):
    """One page of the table, whatever page and per_page say: out-of-range values are clamped
    (a page past the end shows the last page), unreadable ones fall back to the defaults."""
    per_page = _bounded(params.get("per_page"), PER_PAGE, 1, MAX_PER_PAGE)
    page = _bounded(params.get("page"), 1, 1, MAX_ID)
    try:
        table.paginate(per_page=per_page, page=page)
    except EmptyPage:
        table.page = table.paginator.page(table.paginator.num_pages)
    return table


def filters_from(params, first, last):
    """Filters from the query string; anything malformed raises ValueError (the view answers 400)."""
    if any("\x00" in text for key, values in params.lists() for text in [key, *values]):
        raise ValueError("The address holds a NUL character.")
    month = parse_month_key(params["month"]) if params.get("month") else None
    return Filters(
        first=first,
        last=last,
        month=month,
        category=params.get("category", ""),
        kind=params.get("kind", ""),
        status=params.get("status", ""),
        driver=_id("driver", params.get("driver")),
        product=_id("product", params.get("product")),
        grade=_id("grade", params.get("grade")),
    )


class MonthColumn(tables.Column):
    """A month by its name; one still in draft, shown to editors and the approver, says so
    (the view sets the table's `month_ends` when it shows drafts)."""

    def render(self, value, table):
        ends = getattr(table, "month_ends", None)
        return f"{month_label(value)} (draft)" if ends is not None and ends.is_draft(value) else month_label(value)


class DataTable(tables.Table):
    class Meta:
        attrs = {"class": "data"}
        template_name = "django_tables2/table.html"
        per_page = PER_PAGE


class CategoryColumn(tables.Column):
    """A party category by its label (django-tables2 only knows labels for model fields)."""

    def render(self, value):
        return PartyCategory(value).label if value in PartyCategory.values else value


class MembershipTable(DataTable):
    date = tables.DateColumn(format="j F Y")
    party = tables.Column(accessor="party__name", verbose_name="SEC Party")
    kind = tables.Column(verbose_name="Event")
    category = CategoryColumn(accessor="party__voting_group__category", verbose_name="Party category")
    note = tables.Column(orderable=False, default="")

    class Meta(DataTable.Meta):
        empty_text = "No accessions, defaults, withdrawals or expulsions were entered for this period."


class PartiesTable(DataTable):
    name = tables.Column(verbose_name="SEC Party")
    voting_group = tables.Column(accessor="voting_group__name", verbose_name="Voting group")
    category = CategoryColumn(accessor="voting_group__category", verbose_name="Party category")
    acceded = tables.DateColumn(format="j F Y", verbose_name="Acceded")

    class Meta(DataTable.Meta):
        empty_text = "No SEC Parties at the end of this month. Parties count from their accession event."


class VotingGroupsTable(DataTable):
    name = tables.Column(verbose_name="Voting group")
    category = CategoryColumn(verbose_name="Party category")
    members = tables.Column(verbose_name="Parties in the group")

    class Meta(DataTable.Meta):
        empty_text = "No voting groups had Parties at the end of this month."


class HelpdeskTable(DataTable):
    month = MonthColumn(accessor="helpdesk_month__month")
    category = tables.Column(accessor="category__name", verbose_name="Enquiry category")
    emails = tables.Column()

    class Meta(DataTable.Meta):
        empty_text = "No helpdesk emails were entered for this period. Editors enter them under Helpdesk months."


class WebsiteTable(DataTable):
    """The month and every figure the model has: a figure added to WebsiteMonth shows here too."""

    month = MonthColumn()

    class Meta(DataTable.Meta):
        model = WebsiteMonth
        exclude = ["id"]
        default = ""  # a figure not recorded that month
        empty_text = "No website figures were entered for this period. Editors enter them under Website months."


class EffortTable(DataTable):
    month = MonthColumn(accessor="effort_month__month")
    # Named here: from the accessor django-tables2 would head all three "Name".
    driver = tables.Column(accessor="driver__name", verbose_name="Driver")
    product = tables.Column(accessor="product__name", verbose_name="Product", default="")
    grade = tables.Column(accessor="grade__name", verbose_name="Grade", default="")
    days = tables.Column()

    def render_days(self, value):
        return formats.days(value)

    def value_days(self, value):
        # The export's figure is the paper's: a number rounded as printed (formats.printed_days).
        return formats.printed_days(value)

    class Meta(DataTable.Meta):
        empty_text = "No SECAS effort was entered for this period. Editors enter it under Effort months."


class ModificationsTable(DataTable):
    reference = tables.Column()
    title = tables.Column()
    status = tables.Column(accessor="status_on", verbose_name="Status", default="")

    def render_status(self, value):
        return ModificationStatus(value).label

    target_release = tables.Column(accessor="target_release__name", verbose_name="Target release", default="")

    class Meta(DataTable.Meta):
        empty_text = "No modifications are recorded with this status."


def _category_label(value):
    try:
        return CATEGORY_PLURALS[PartyCategory(value)]
    except ValueError:
        return None


class Drilldown:
    slug = ""
    heading = ""
    table_class = DataTable
    has_period = True  # rows belong to the chosen months (modifications: their status at its end)

    def records(self, f):
        raise NotImplementedError

    def narrowed_by(self, f):
        """Words for the filters beyond the period, e.g. 'Small Suppliers'."""
        return []


class MembershipDrilldown(Drilldown):
    slug = "membership"
    heading = "Membership events"
    table_class = MembershipTable

    def records(self, f):
        events = MembershipEvent.objects.filter(party__is_dcc=False, date__lte=last_day(f.end)).select_related(
            "party__voting_group"
        )
        if f.kind == EventKind.DEFAULT_ENTERED:
            # "In Default" counts parties in default at any time in the period, so a default
            # entered earlier and not left before the period began belongs here too.
            left_before = MembershipEvent.objects.filter(
                party=OuterRef("party"), kind=EventKind.DEFAULT_LEFT, date__gte=OuterRef("date"), date__lt=f.start
            )
            events = events.filter(kind=f.kind).exclude(Exists(left_before))
        else:
            events = events.filter(date__gte=f.start)
            if f.kind:
                events = events.filter(kind=f.kind)
        return events.order_by("date", "party__name")

    def narrowed_by(self, f):
        return [EventKind(f.kind).label] if f.kind in EventKind.values else []


class PartiesDrilldown(Drilldown):
    slug = "parties"
    heading = "SEC Parties at month end"
    table_class = PartiesTable

    def records(self, f):
        accession = MembershipEvent.objects.filter(party=OuterRef("pk"), kind=EventKind.ACCESSION).values("date")[:1]
        parties = Party.objects.in_membership_on(last_day(f.end)).select_related("voting_group")
        if f.category:
            parties = parties.filter(voting_group__category=f.category)
        return parties.annotate(acceded=Subquery(accession)).order_by("name")

    def narrowed_by(self, f):
        label = _category_label(f.category)
        return [label] if label else []


class VotingGroupsDrilldown(PartiesDrilldown):
    slug = "voting-groups"
    heading = "Voting groups at month end"
    table_class = VotingGroupsTable

    def records(self, f):
        active = Party.objects.in_membership_on(last_day(f.end)).values("pk")
        groups = VotingGroup.objects.annotate(members=Count("parties", filter=Q(parties__in=active)))
        if f.category:
            groups = groups.filter(category=f.category)
        return groups.filter(members__gt=0).order_by("name")


class HelpdeskDrilldown(Drilldown):
    slug = "helpdesk"
    heading = "Helpdesk emails"
    table_class = HelpdeskTable

    def records(self, f):
        tallies = EmailTally.objects.filter(
            helpdesk_month__month__gte=f.start, helpdesk_month__month__lte=f.end
        ).select_related("helpdesk_month", "category")
        if f.category:
            tallies = tallies.filter(category_id=_id("category", f.category))
        return tallies.order_by("helpdesk_month__month", "category__position", "category__name")

    def narrowed_by(self, f):
        if not f.category:
            return []
        return list(EnquiryCategory.objects.filter(pk=_id("category", f.category)).values_list("name", flat=True))


class WebsiteDrilldown(Drilldown):
    slug = "website"
    heading = "Website visits and page views"
    table_class = WebsiteTable

    def records(self, f):
        return WebsiteMonth.objects.filter(month__gte=f.start, month__lte=f.end).order_by("month")


class EffortDrilldown(Drilldown):
    slug = "effort"
    heading = "SECAS effort"
    table_class = EffortTable
    LABELS = {"driver": EffortDriver, "product": EffortProduct, "grade": Grade}

    def records(self, f):
        entries = EffortEntry.objects.filter(
            effort_month__month__gte=f.start, effort_month__month__lte=f.end
        ).select_related("effort_month", "driver", "product", "grade")
        for name in self.LABELS:
            if getattr(f, name) is not None:
                entries = entries.filter(**{f"{name}_id": getattr(f, name)})
        return entries.order_by("effort_month__month", "driver__position", "driver__name")

    def narrowed_by(self, f):
        words = []
        for name, model in self.LABELS.items():
            if getattr(f, name) is not None:
                words += list(model.objects.filter(pk=getattr(f, name)).values_list("name", flat=True))
        return words


class ModificationsDrilldown(Drilldown):
    slug = "modifications"
    heading = "Modifications"
    table_class = ModificationsTable
    has_period = False

    def records(self, f):
        """Each modification with its status at the end of the range's last month, from its history."""
        modifications = with_status_on(Modification.objects.select_related("target_release"), last_day(f.end))
        modifications = modifications.filter(status_on__isnull=False)
        if f.status:
            modifications = modifications.filter(status_on=f.status)
        return modifications.order_by("reference")

    def narrowed_by(self, f):
        status = [ModificationStatus(f.status).label] if f.status in ModificationStatus.values else []
        return status + [f"at the end of {month_label(f.end)}"]


DRILLDOWNS = {
    d.slug: d
    for d in [
        MembershipDrilldown(),
        PartiesDrilldown(),
        VotingGroupsDrilldown(),
        HelpdeskDrilldown(),
        WebsiteDrilldown(),
        EffortDrilldown(),
        ModificationsDrilldown(),
    ]
}
