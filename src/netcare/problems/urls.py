from django.urls import path

from netcare.problems import views

app_name = "problems"

urlpatterns = [
    path("mappings/", views.mapping_save, name="mapping_save"),
    path("tickets/<int:pk>/", views.ticket_detail, name="ticket_detail"),
    path("tickets/<int:pk>/analysis/", views.ticket_analysis, name="ticket_analysis"),
    path(
        "tickets/<int:pk>/request-importance/",
        views.ticket_request_importance,
        name="ticket_request_importance",
    ),
    path("tickets/<int:pk>/important/", views.ticket_important, name="ticket_important"),
    path("tickets/<int:pk>/escalate/", views.ticket_escalate, name="ticket_escalate"),
    path("reviews/<int:pk>/", views.review_detail, name="review_detail"),
    path("reviews/<int:pk>/agreement/", views.review_agreement, name="review_agreement"),
    path("reviews/<int:pk>/publish/", views.review_publish, name="review_publish"),
    path("daily/<int:pk>/", views.daily_detail, name="daily_detail"),
    path("daily/<int:pk>/send/", views.daily_send, name="daily_send"),
    path("<str:code>/tickets/", views.ticket_list, name="ticket_list"),
    path("<str:code>/tickets/import/", views.ticket_import, name="ticket_import"),
    path("<str:code>/reviews/", views.review_list, name="review_list"),
    path("<str:code>/reviews/open/", views.review_open, name="review_open"),
    path("<str:code>/daily/", views.daily_list, name="daily_list"),
]
