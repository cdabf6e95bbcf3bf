from django.urls import path

from netcare.onsite import views

app_name = "onsite"

urlpatterns = [
    path("visits/<int:pk>/", views.visit_detail, name="visit_detail"),
    path("visits/<int:pk>/arrive/", views.visit_arrive, name="visit_arrive"),
    path("visits/<int:pk>/log/", views.visit_log, name="visit_log"),
    path("visits/<int:pk>/approve/", views.visit_approve, name="visit_approve"),
    path("visits/<int:pk>/cancel/", views.visit_cancel, name="visit_cancel"),
    path("visits/<int:pk>/publish/", views.visit_publish, name="visit_publish"),
    path("<str:code>/", views.overview, name="overview"),
    path("<str:code>/dispatch/", views.visit_dispatch, name="visit_dispatch"),
]
