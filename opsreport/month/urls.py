from django.urls import path

from opsreport.month import views

# Other month screens (the workbook import, the proposed meetings) live under the same prefix.
urlpatterns = [
    path("months/start-first/", views.start_first_month, name="month-start-first"),
    path("months/<month:month>/", views.month_page, name="month"),
    path("months/<month:month>/start-next/", views.start_next_month, name="month-start-next"),
]
