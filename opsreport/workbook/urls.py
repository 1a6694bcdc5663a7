from django.urls import path

from opsreport.workbook import views

urlpatterns = [
    path("months/<month:month>/workbook.xlsx", views.download, name="month-workbook"),
    path("months/<month:month>/import/", views.import_workbook, name="month-import"),
]
