from django.urls import path

from netcare.collection import views

app_name = "collection"

urlpatterns = [
    path("<str:code>/jobs/", views.job_list, name="job_list"),
    path("<str:code>/collect/", views.collect, name="collect"),
    path("<str:code>/upload/", views.upload, name="upload"),
    path("jobs/<int:pk>/", views.job_detail, name="job_detail"),
    path("uploads/<int:pk>/", views.upload_detail, name="upload_detail"),
    path("outputs/<int:pk>/", views.output_detail, name="output_detail"),
]
