from django.urls import path

from opsreport import paper_views as views

urlpatterns = [
    path("papers/<str:month>/", views.paper_page, name="paper"),
    path("papers/<str:month>/pdf/", views.paper_pdf_view, name="paper-pdf"),
    path("papers/<str:month>/figures/<int:number>.svg", views.figure_svg, name="paper-figure"),
    path("papers/<str:month>/approve/", views.approve_paper, name="paper-approve"),
    path("papers/<str:month>/publish/", views.publish_paper, name="paper-publish"),
    path("papers/<str:month>/issues/<int:number>/pdf/", views.issue_pdf_view, name="paper-issue-pdf"),
    path("papers/<str:month>/appendices/<str:letter>/", views.appendix_page, name="paper-appendix"),
    path("papers/<str:month>/appendices/<str:letter>/pdf/", views.appendix_pdf_view, name="paper-appendix-pdf"),
]
