from django.urls import path

from netcare.satisfaction import views

app_name = "satisfaction"

urlpatterns = [
    # The survey link: no login, its own survey only (see views.survey_link).
    path("s/<str:token>/", views.survey_link, name="survey_link"),
    path("results/", views.results_all, name="results_all"),
    path("surveys/<int:pk>/", views.survey_detail, name="survey_detail"),
    path("surveys/<int:pk>/answer/", views.survey_answer, name="survey_answer"),
    path("surveys/<int:pk>/close/", views.survey_close, name="survey_close"),
    path("invitations/<int:pk>/renew/", views.invitation_renew, name="invitation_renew"),
    path("visits/<int:pk>/", views.visit_detail, name="visit_detail"),
    path("<str:code>/", views.overview, name="overview"),
    path("<str:code>/surveys/send/", views.survey_send, name="survey_send"),
    path("<str:code>/visits/new/", views.visit_record, name="visit_record"),
    path("<str:code>/results.xlsx", views.results_export, name="results_export"),
    path("<str:code>/results/publish/", views.results_publish, name="results_publish"),
]
