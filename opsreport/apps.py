from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.urls import register_converter

from opsreport.lib.months import MonthConverter


class OpsreportConfig(AppConfig):
    default = True
    name = "opsreport"
    verbose_name = "Operations Report"

    def ready(self):
        from axes.models import AccessAttempt
        from axes.signals import user_locked_out
        from django.contrib.auth import get_user_model, user_logged_in
        from django.db.models.signals import m2m_changed, post_delete, post_migrate

        from opsreport.middleware import note_session_start
        from opsreport.revision import install_triggers
        from opsreport.roles import staff_follows_role, sync_role_groups
        from opsreport.signin import lift_lock, note_lock, uncount_success

        register_converter(MonthConverter, "month")
        post_migrate.connect(sync_role_groups, sender=self, dispatch_uid="opsreport-role-groups")
        post_migrate.connect(install_triggers, sender=self, dispatch_uid="opsreport-revision-triggers")
        user_locked_out.connect(note_lock, dispatch_uid="opsreport-note-sign-in-lock")
        user_logged_in.connect(uncount_success, dispatch_uid="opsreport-uncount-sign-in")
        post_delete.connect(lift_lock, sender=AccessAttempt, dispatch_uid="opsreport-lift-sign-in-lock")
        user_logged_in.connect(note_session_start, dispatch_uid="opsreport-session-start")
        m2m_changed.connect(
            staff_follows_role, sender=get_user_model().groups.through, dispatch_uid="opsreport-staff-status"
        )


class OpsAdminConfig(admin_apps.AdminConfig):
    """Django's admin with our site, whose index follows the paper's sections."""

    default = False
    default_site = "opsreport.admin_site.OpsAdminSite"
