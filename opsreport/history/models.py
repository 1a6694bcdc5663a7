"""The historical models: one for every model of the data apps that the paper, the appendices or
the dashboard read, registered into this app (label `history`) so that their tables and
migrations live here and the data apps' own migrations are left alone.

Every concrete model of the data apps is tracked but those named in NOT_TRACKED: a model added
to a data app later is tracked too, once `makemigrations history` has made its table
(`makemigrations --check` in CI fails until then). Automatic many-to-many tables (the DCC user roles of
a completion) are tracked on their model as `m2m_fields`; an explicit through model (a meeting's
decisions) is a tracked model of its own.

Bulk inserts, queryset `update()` and raw SQL write no history (they send no signals): the
generated benchmark data and `delete_data()` in the tests make none, which is what they want.
Everything the forms, the admin, the sample loader and the imports write goes through `save()`.
"""

from django.apps import apps
from django.db import models
from simple_history import register

# Imported so that their models are in the registry before this app's models are made.
import helpdesk.models  # noqa: F401
import meetings.models  # noqa: F401
import opsreport.models  # noqa: F401
import parties.models  # noqa: F401
from opsreport.roles import DATA_APPS

APP = "opsreport.history"
# Published issues are frozen (written once, never changed or deleted: their own history);
# the data revision is a counter the database bumps on every write; a published change (the
# stale-save branch's record of a confirmed edit to a published figure) is itself a record of
# a change, written once.
NOT_TRACKED = {
    "opsreport.paperissue",
    "opsreport.appendixissue",
    "opsreport.datarevision",
    "opsreport.publishedchange",
}


def trackable_models():
    """The data apps' concrete models that get a history, in a stable order."""
    for label in DATA_APPS:
        for model in list(apps.all_models[label].values()):
            opts = model._meta
            if opts.auto_created or opts.abstract or opts.proxy or not opts.managed:
                continue
            if opts.label_lower in NOT_TRACKED or hasattr(opts, "simple_history_manager_attribute"):
                continue
            yield model


def _automatic_m2m_fields(model):
    return [field.name for field in model._meta.many_to_many if field.remote_field.through._meta.auto_created]


for _model in list(trackable_models()):
    register(
        _model,
        app=APP,
        m2m_fields=_automatic_m2m_fields(_model),
        # A tag names the import and who ran it: more than simple-history's 100 characters.
        history_change_reason_field=models.TextField(null=True),
    )
