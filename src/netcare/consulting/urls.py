from django.urls import path

from netcare.consulting import views

app_name = "consulting"

urlpatterns = [
    path("assessments/<int:pk>/", views.assessment_detail, name="assessment_detail"),
    path("assessments/<int:pk>/file/", views.assessment_file, name="assessment_file"),
    path("assessments/<int:pk>/reviewers/", views.assessment_reviewer, name="assessment_reviewer"),
    path("assessments/<int:pk>/findings/", views.assessment_finding, name="assessment_finding"),
    path("assessments/<int:pk>/conclude/", views.assessment_conclude, name="assessment_conclude"),
    path("assessments/<int:pk>/reopen/", views.assessment_reopen, name="assessment_reopen"),
    path("assessments/<int:pk>/publish/", views.assessment_publish, name="assessment_publish"),
    path("workshops/<int:pk>/", views.workshop_detail, name="workshop_detail"),
    path("workshops/<int:pk>/experts/", views.workshop_expert, name="workshop_expert"),
    path("workshops/<int:pk>/schedule/", views.workshop_schedule, name="workshop_schedule"),
    path("workshops/<int:pk>/attendees/", views.workshop_attendee, name="workshop_attendee"),
    path("workshops/<int:pk>/held/", views.workshop_held, name="workshop_held"),
    path("workshops/<int:pk>/minutes/", views.workshop_minutes, name="workshop_minutes"),
    path("workshops/<int:pk>/follow-ups/", views.workshop_follow_up, name="workshop_follow_up"),
    path("workshops/<int:pk>/cancel/", views.workshop_cancel, name="workshop_cancel"),
    path("workshops/<int:pk>/publish/", views.workshop_publish, name="workshop_publish"),
    path("follow-ups/<int:pk>/done/", views.follow_up_done, name="follow_up_done"),
    path("<str:code>/", views.index, name="index"),
    path("<str:code>/proposals/submit/", views.assessment_submit, name="assessment_submit"),
    path("<str:code>/workshops/request/", views.workshop_request, name="workshop_request"),
]
