from django.urls import path

from opsreport.mail import views

urlpatterns = [
    path("months/<month:month>/ask-for-approval/", views.ask_for_approval, name="mail-ask-for-approval"),
    path("papers/<month:month>/send-back/", views.send_back, name="mail-send-back"),
    path("papers/<month:month>/comments/<int:pk>/answer/", views.answer, name="mail-answer"),
    path("mail/deliveries/<int:pk>/send-again/", views.send_again, name="mail-send-again"),
    path("mail/preferences/", views.preferences, name="mail-preferences"),
    path("mail/unsubscribe/<str:token>/", views.unsubscribe, name="mail-unsubscribe"),
    path("mail/distribution/", views.distribution_list, name="mail-distribution"),
]
