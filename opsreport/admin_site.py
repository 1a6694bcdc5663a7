"""The admin is the data-entry screen: its index follows the paper's sections, not the apps."""

from contextlib import contextmanager

from django.contrib import admin


def entry_groups():
    """[(heading, [(app_label, model_name)])] in the paper's order, from each part's `entry`
    (opsreport/paper/part.py). A part whose screens are all another's already (the
    highlights, entered on the paper's screen) joins that group's heading."""
    from opsreport.paper import sections as paper_sections

    groups = []  # [[headings], [keys]]
    placed = {}  # key -> its group
    for part in paper_sections.every_part():
        new = [key for key in part.entry if key not in placed]
        if part.entry and not new:
            group = placed[part.entry[0]]
            group[0].append(part.heading)
        elif new:
            group = [[part.heading], new]
            groups.append(group)
            placed.update(dict.fromkeys(new, group))
    return [(" and ".join(headings), keys) for headings, keys in groups]


@contextmanager
def _refusal_for_the_form():
    """The action's PublishedRefused as the admin library's PublishedNotConfirmed (the library
    imports nothing of the project's, opsreport/lib/admin.py)."""
    from opsreport.actions import PublishedRefused
    from opsreport.lib.admin import PublishedNotConfirmed

    try:
        yield
    except PublishedRefused as refused:
        raise PublishedNotConfirmed(refused.issues()) from refused


class OpsAdminSite(admin.AdminSite):
    site_header = "SECAS Operations Report"
    site_title = "SECAS Operations Report"
    index_title = "Monthly data entry, in the paper's order"

    def register(self, model_or_iterable, admin_class=None, **options):
        """Every data model's screens guard against lost updates and unnoticed changes to
        published figures (opsreport.lib.admin.EditGuardMixin), whoever wrote their ModelAdmin."""
        from django.db.models.base import ModelBase

        from opsreport.lib.admin import EditGuardMixin
        from opsreport.roles import DATA_APPS

        models = [model_or_iterable] if isinstance(model_or_iterable, ModelBase) else list(model_or_iterable)
        for model in models:
            model_admin = admin_class or admin.ModelAdmin
            if model._meta.app_label in DATA_APPS and not issubclass(model_admin, EditGuardMixin):
                model_admin = type(
                    model_admin.__name__, (EditGuardMixin, model_admin), {"__module__": model_admin.__module__}
                )
            super().register(model, model_admin, **options)

    def published_printing(self, obj):
        """[(PaperIssue, table)]: the published issues whose tables printed `obj`."""
        from opsreport.paper.printed import published_printing

        return published_printing(obj)

    def save_from_admin(self, request, obj, write, *, adding, printed, changes, confirmed):
        """An admin form's writes, run by the action (opsreport.actions.save_from_admin): one
        transaction, tagged with the user, with the published-figure check and its record. A
        refusal reaches the form as the library's PublishedNotConfirmed, nothing written."""
        from opsreport.actions import save_from_admin

        with _refusal_for_the_form():
            save_from_admin(
                obj,
                write,
                adding=adding,
                printed=printed,
                changes=changes,
                user=request.user,
                confirm_published=confirmed,
            )

    def delete_from_admin(self, request, obj, delete, *, printed, changes, confirmed):
        """A record deleted from its admin page, by the action (opsreport.actions.delete_from_admin)."""
        from opsreport.actions import delete_from_admin

        with _refusal_for_the_form():
            delete_from_admin(
                obj, delete, printed=printed, changes=changes, user=request.user, confirm_published=confirmed
            )

    def has_permission(self, request):
        """Django's permissions decide, as everywhere (opsreport.access), not staff status alone."""
        from opsreport import access

        return access.can_use_admin(request.user)

    def get_app_list(self, request, app_label=None):
        app_list = super().get_app_list(request, app_label)
        if app_label is not None:
            return app_list
        by_key = {}
        for app in app_list:
            for model in app["models"]:
                by_key[(app["app_label"], model["object_name"].lower())] = (app, model)
        sections = []
        for heading, keys in entry_groups():
            found = [by_key.pop(key) for key in keys if key in by_key]
            if found:
                first_app = found[0][0]
                sections.append(
                    {
                        **first_app,
                        "name": heading,
                        "models": [model for _, model in found],
                    }
                )
        # Anything not placed in a section (users and groups) keeps its own app heading.
        for app in app_list:
            rest = [m for m in app["models"] if (app["app_label"], m["object_name"].lower()) in by_key]
            if rest:
                sections.append({**app, "models": rest})
        return sections
