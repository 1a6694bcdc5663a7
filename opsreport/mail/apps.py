from django.apps import AppConfig


class MailConfig(AppConfig):
    """Telling people: approval requests, returns with a comment, publication to each reader
    within that reader's clearance, reminders; every message logged and delivered in the
    background (django-tasks)."""

    name = "opsreport.mail"
    label = "mail"
    verbose_name = "Mail"
    default_auto_field = "django.db.models.BigAutoField"
