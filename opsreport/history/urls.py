from django.urls import path

from opsreport.history import views

urlpatterns = [
    path("months/<month:month>/changes/", views.month_changes_page, name="month-changes"),
]
