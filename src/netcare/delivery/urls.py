from django.urls import path

from netcare.delivery import views

app_name = "delivery"

urlpatterns = [
    path("obligations/", views.obligation_list, name="obligation_list"),
    path("obligations/<int:pk>/", views.obligation_detail, name="obligation_detail"),
    path("overdue/", views.overdue_list, name="overdue_list"),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/reset/", views.calendar_reset, name="calendar_reset"),
    path("ics/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("<str:code>/", views.deliverable_list, name="deliverable_list"),
    path("<str:code>/plan/", views.plan_detail, name="plan_detail"),
    path("<str:code>/plan/choices/", views.plan_choices, name="plan_choices"),
    path("<str:code>/plan/act/", views.plan_action, name="plan_action"),
    path("<str:code>/contacts/", views.contact_list, name="contact_list"),
    path("<str:code>/requests/", views.request_list, name="request_list"),
    path("<str:code>/timeline/", views.timeline, name="timeline"),
    path("<str:code>/reviews/<str:milestone>/", views.review, name="review"),
]
