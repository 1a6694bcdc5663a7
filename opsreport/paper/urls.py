from django.urls import path

from opsreport.paper import views

urlpatterns = [
    path("papers/", views.archive_view, name="archive"),
    path("papers/import/", views.import_issue, name="paper-import"),
    path("papers/<month:month>/", views.paper_page, name="paper"),
    path("papers/<month:month>/pdf/", views.paper_pdf_view, name="paper-pdf"),
    path("papers/<month:month>/figures/<int:number>.svg", views.figure_svg, name="paper-figure"),
    path("papers/<month:month>/approve/", views.approve_paper, name="paper-approve"),
    path("papers/<month:month>/publish/", views.publish_paper, name="paper-publish"),
    path("papers/<month:month>/findings/resolve/", views.resolve_finding, name="paper-resolve-finding"),
    path("papers/<month:month>/findings/reopen/", views.reopen_finding, name="paper-reopen-finding"),
    path("papers/<month:month>/issues/<int:number>/pdf/", views.issue_pdf_view, name="paper-issue-pdf"),
    path("papers/<month:month>/appendices/<str:letter>/", views.appendix_page, name="paper-appendix"),
    path("papers/<month:month>/appendices/<str:letter>/pdf/", views.appendix_pdf_view, name="paper-appendix-pdf"),
]
