from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from opsreport import views
from opsreport.signin import SignInForm

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True, authentication_form=SignInForm),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("", include("opsreport.paper.urls")),
    path("", include("opsreport.dashboard.urls")),
    path("", include("opsreport.month.urls")),
    path("", include("opsreport.schedule.urls")),
    path("", include("opsreport.workbook.urls")),
    path("", include("opsreport.register.urls")),  # the register: the approver brings in the history
    path("", include("opsreport.history.urls")),
    path("", include("opsreport.mail.urls")),  # mail: approval requests, preferences, unsubscribe
    # Browsers ask for /favicon.ico on pages that name none (the admin's).
    path("favicon.ico", views.favicon),
]

handler403 = "opsreport.views.permission_denied"
handler500 = "opsreport.views.server_error"
