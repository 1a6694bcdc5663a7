from django.urls import path

from opsreport.register import reconcile_views

urlpatterns = [
    path("register/reconcile/", reconcile_views.reconcile_page, name="register-reconcile"),
]
