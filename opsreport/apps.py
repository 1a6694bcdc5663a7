from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class OpsreportConfig(AppConfig):
    default = True
    name = "opsreport"
    verbose_name = "Operations Report"


class OpsAdminConfig(admin_apps.AdminConfig):
    """Django's admin with our site, whose index follows the paper's sections."""

    default = False
    default_site = "opsreport.admin_site.OpsAdminSite"
