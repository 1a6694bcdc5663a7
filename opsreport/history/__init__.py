"""History of every change to the data the paper, the appendices and the dashboard read.

django-simple-history writes a historical row for each save and delete of a tracked model
(models.py registers them into this app, so their tables and migrations live here, apart
from the data apps). `tagged()` labels the rows written inside it, an import for example;
`changes.month_changes()` lists a month's changes for the month page and the paper's review.
"""

from opsreport.history.tagging import current_tag, tagged

__all__ = ["current_tag", "tagged"]
