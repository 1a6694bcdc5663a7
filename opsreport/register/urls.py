from django.urls import path

from opsreport.register import reconcile_views, views

app_name = "register"

urlpatterns = [
    path("register/", views.index, name="index"),
    path("register/register.xlsx", views.download, name="download"),
    path("register/template.xlsx", views.template, name="template"),
    path("register/reconcile/", reconcile_views.reconcile_page, name="reconcile"),
]
