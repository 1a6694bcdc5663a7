"""`{% month_changes_panel month %}`: the month's changes since its last issue, for the month
page and the paper's review panel (the latest few, with a link to them all)."""

from django import template

from opsreport.history.changes import month_changes

register = template.Library()


@register.inclusion_tag("history/_month_changes.html")
def month_changes_panel(month, limit=10):
    changes = month_changes(month)
    return {"changes": changes, "month": month, "limit": limit, "panel": True}
