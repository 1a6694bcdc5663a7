"""`{% month_changes_panel month %}`: the month's changes since its last issue, for the month
page and the paper's review panel (the latest few, with a link to them all)."""

from django import template

from opsreport.history.changes import month_changes

register = template.Library()


@register.inclusion_tag("history/_month_changes.html")
def month_changes_panel(month, limit=10):
    """The month's latest changes since the last issue the Panel read (of this month's paper,
    or of an earlier month's). Before any paper is published at all that would be the whole
    history, read on every view of the page: the panel then only links to it."""
    from opsreport.models import PaperIssue

    if not PaperIssue.objects.filter(paper__month__lte=month).exists():
        return {"changes": None, "month": month, "panel": True}
    changes = month_changes(month)
    return {"changes": changes, "month": month, "limit": limit, "panel": True}
