from django.urls import path

from opsreport.schedule import views

urlpatterns = [
    path("months/<month:month>/meetings/", views.month_meetings, name="month-meetings"),
]
