from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("opsreport.paper_urls")),
    path("", include("opsreport.site_urls")),
]
