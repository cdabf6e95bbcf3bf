from django.urls import path

from netcare.lifecycle import views

app_name = "lifecycle"

urlpatterns = [
    path("advisories/", views.advisory_list, name="advisory_list"),
    path("advisories/import/", views.advisory_import, name="advisory_import"),
    path("advisories/<int:pk>/", views.advisory_detail, name="advisory_detail"),
    path("advisories/<int:pk>/annotate/", views.advisory_annotate, name="advisory_annotate"),
    path("assessments/<int:pk>/", views.assessment_detail, name="assessment_detail"),
    path("assessments/<int:pk>/publish/", views.assessment_publish, name="assessment_publish"),
    path("notices/<int:pk>/", views.notice_detail, name="notice_detail"),
    path("notices/<int:pk>/publish/", views.notice_publish, name="notice_publish"),
    path("targets/<int:pk>/remove/", views.target_remove, name="target_remove"),
    path("<str:code>/versions/", views.overview, name="overview"),
    path("<str:code>/versions/xlsx/", views.summary_xlsx, name="summary_xlsx"),
    path("<str:code>/versions/publish/", views.summary_publish, name="summary_publish"),
    path("<str:code>/versions/assess/", views.assess, name="assess"),
    path("<str:code>/targets/", views.target_set, name="target_set"),
    path("<str:code>/exposures/", views.exposure_list, name="exposure_list"),
    path("<str:code>/notices/", views.notice_create, name="notice_create"),
]
