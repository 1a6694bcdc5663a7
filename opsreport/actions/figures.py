"""A month's figures: the helpdesk's calls, mailbox and emails by category, the effort days and
the website's figures. Each sets what it is given and leaves the rest as it is."""

import datetime
from decimal import Decimal

from helpdesk.models import EmailTally, HelpdeskMonth
from opsreport.actions.core import Actor, action
from opsreport.models import EffortEntry, EffortMonth, WebsiteMonth

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
    """Set the month's website figures (visits, page_views, new_visitors, returning_visitors)."""
    with action(f"Website figures for {month:%B %Y}", user, confirm_published=confirm_published) as session:
        website = WebsiteMonth.objects.filter(month=month).first()
        if website is None:
            return session.create(WebsiteMonth, month=month, **figures)
        return session.update_fields(website, **figures)
