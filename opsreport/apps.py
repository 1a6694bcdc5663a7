from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.urls import register_converter

from opsreport.lib.months import MonthConverter


class OpsreportConfig(AppConfig):
    default = True
    name = "opsreport"
    verbose_name = "Operations Report"

    def ready(self):
        register_converter(MonthConverter, "month")


class OpsAdminConfig(admin_apps.AdminConfig):
    """Django's admin with our site, whose index follows the paper's sections."""

    default = False
    default_site = "opsreport.admin_site.OpsAdminSite"
