"""The month's changes page: /months/YYYY-MM/changes/."""

from django.shortcuts import render

from opsreport import access
from opsreport.history.changes import month_changes
from opsreport.lib.months import month_label


@access.require(access.can_read_changes)
def month_changes_page(request, month):
    """Every change to the month's records since its last published issue (all of them while
    it is unpublished, or with ?all=1), changes after publication flagged."""
    everything = request.GET.get("all") == "1"
    changes = month_changes(month, everything=everything)
    return render(
        request,
        "history/month_changes.html",
        {"changes": changes, "month": month, "label": month_label(month), "everything": everything},
    )
