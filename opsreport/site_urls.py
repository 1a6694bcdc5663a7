"""Sign-in, home page, Panel dashboard with its drill-downs, and the papers archive."""

from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import path
from django.views.generic import RedirectView

from opsreport import site_views

urlpatterns = [
    path("", site_views.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("dashboard/", site_views.dashboard_view, name="dashboard"),
    path("dashboard/records/<slug:slug>/", site_views.records_view, name="dashboard-records"),
    path("papers/", site_views.archive_view, name="archive"),
    # Browsers ask for /favicon.ico on pages that name none (the admin's).
    path("favicon.ico", RedirectView.as_view(url=static("site/favicon.svg"), permanent=True)),
]
