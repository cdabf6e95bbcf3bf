from django.urls import path

from netcare.care import views

app_name = "care"

urlpatterns = [
    path("obligations/<int:pk>/", views.obligation_detail, name="obligation_detail"),
    path("obligations/<int:pk>/record/", views.touch_record, name="touch_record"),
    path("obligations/<int:pk>/send/", views.touch_send, name="touch_send"),
    path(
        "plan-documents/<int:pk>/publish/",
        views.plan_document_publish,
        name="plan_document_publish",
    ),
    path("<str:code>/", views.agenda, name="agenda"),
    path("<str:code>/plan/", views.plan_document, name="plan_document"),
    path("<str:code>/plan/generate/", views.plan_document_generate, name="plan_document_generate"),
    path("<str:code>/messages/", views.message_list, name="message_list"),
    path("<str:code>/messages/save/", views.message_save, name="message_save"),
]
