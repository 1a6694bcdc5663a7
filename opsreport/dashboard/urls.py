from django.urls import path

from opsreport.dashboard import views

urlpatterns = [
    path("dashboard/", views.dashboard_view, name="dashboard"),
    path("dashboard/records/<slug:slug>/", views.records_view, name="dashboard-records"),
]
