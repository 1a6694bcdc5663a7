"""A month's figures: the helpdesk's calls, mailbox and emails by category, the effort days and
the website's figures. Each sets what it is given and leaves the rest as it is."""

import datetime
from decimal import Decimal
from typing import TypeVar

from django.utils.text import capfirst

from helpdesk.models import EmailTally, EnquiryCategory, HelpdeskMonth
from opsreport.actions.core import Actor, action
from opsreport.models import EffortDriver, EffortEntry, EffortMonth, EffortProduct, Grade, WebsiteMonth

# A row label of Tables 5 and 6 and the effort figures: renamable, orderable, retirable.
RowLabel = TypeVar("RowLabel", EnquiryCategory, EffortDriver, EffortProduct, Grade)

# (driver pk, product pk or None, grade pk or None): what names an effort entry in its month.
EffortKey = tuple[int, int | None, int | None]


def set_helpdesk_figures(
    month: datetime.date,
    *,
    figures: dict[str, int] | None = None,
    tallies: dict[int, int] | None = None,
    user: Actor = None,
    confirm_published: bool = False,
) -> HelpdeskMonth:
    """Set the month's helpdesk `figures` ({"telephone_enquiries" or "mailbox_total": count})
    and emails by category (`tallies`, {category pk: emails}); the month is made if new."""
    with action(f"Helpdesk figures for {month:%B %Y}", user, confirm_published=confirm_published) as session:
        helpdesk_month = session.get_or_create(HelpdeskMonth, month=month)
        if figures:
            session.update_fields(helpdesk_month, **figures)
        for category_pk, emails in (tallies or {}).items():
            tally = EmailTally.objects.filter(helpdesk_month=helpdesk_month, category_id=category_pk).first()
            if tally is None:
                session.create(EmailTally, helpdesk_month=helpdesk_month, category_id=category_pk, emails=emails)
            else:
                session.update_fields(tally, emails=emails)
        return helpdesk_month


def set_effort_entries(
    month: datetime.date, entries: dict[EffortKey, Decimal], *, user: Actor = None, confirm_published: bool = False
) -> EffortMonth:
    """Set the month's days for each (driver, product, grade); the month is made if new."""
    with action(f"Effort for {month:%B %Y}", user, confirm_published=confirm_published) as session:
        effort_month = session.get_or_create(EffortMonth, month=month)
        for (driver, product, grade), days in entries.items():
            # product_id or grade_id None reads as IS NULL (an entry without one), as Django
            # does for `=None`; the stubs type an `_id` lookup as not null.
            entry = EffortEntry.objects.filter(  # type: ignore[misc]
                effort_month=effort_month, driver_id=driver, product_id=product, grade_id=grade
            ).first()
            if entry is None:
                session.create(
                    EffortEntry,
                    effort_month=effort_month,
                    driver_id=driver,
                    product_id=product,
                    grade_id=grade,
                    days=days,
                )
            else:
                session.update_fields(entry, days=days)
        return effort_month


def set_website_figures(
    month: datetime.date, *, user: Actor = None, confirm_published: bool = False, **figures: int
) -> WebsiteMonth:
    """Set the month's website figures (visits, page_views, new_visitors, returning_visitors);
    figures already as given are not saved again."""
    with action(f"Website figures for {month:%B %Y}", user, confirm_published=confirm_published) as session:
        return session.put(WebsiteMonth, {"month": month}, **figures)


def set_row_label(
    model: type[RowLabel], name: str, *, user: Actor = None, confirm_published: bool = False, **fields: object
) -> RowLabel:
    """The enquiry category, effort driver, product or grade named `name`, with `fields`
    (position, retired): created if new, otherwise corrected where they differ."""
    with action(f"{capfirst(model._meta.verbose_name)} {name}", user, confirm_published=confirm_published) as session:
        return session.put(model, {"name": name}, **fields)


def set_email_tally(
    month: datetime.date, category: EnquiryCategory, emails: int, *, user: Actor = None, confirm_published: bool = False
) -> HelpdeskMonth:
    """The month's emails in one enquiry category (set_helpdesk_figures, for a category that
    an import may make before it)."""
    return set_helpdesk_figures(month, tallies={category.pk: emails}, user=user, confirm_published=confirm_published)


def set_effort_days(
    month: datetime.date,
    driver: EffortDriver,
    product: EffortProduct | None,
    grade: Grade | None,
    days: Decimal,
    *,
    user: Actor = None,
    confirm_published: bool = False,
) -> EffortMonth:
    """The month's days for one driver, product and grade (set_effort_entries, for labels that
    an import may make before it)."""
    key = (driver.pk, product.pk if product else None, grade.pk if grade else None)
    return set_effort_entries(month, {key: days}, user=user, confirm_published=confirm_published)
