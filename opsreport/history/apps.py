from django.apps import AppConfig


class HistoryConfig(AppConfig):
    name = "opsreport.history"
    label = "history"
    verbose_name = "History of changes"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from simple_history.signals import pre_create_historical_record

        from opsreport.history.tagging import apply_tag

        pre_create_historical_record.connect(apply_tag, dispatch_uid="opsreport-history-tag")
