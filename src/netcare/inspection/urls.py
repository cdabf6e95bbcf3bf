from django.urls import path

from netcare.inspection import views

app_name = "inspection"

urlpatterns = [
    path("<str:code>/runs/", views.run_list, name="run_list"),
    path("<str:code>/runs/start/", views.run_start, name="run_start"),
    path("runs/<int:pk>/", views.run_detail, name="run_detail"),
    path("runs/<int:pk>/publish/", views.run_publish, name="run_publish"),
    path("runs/<int:pk>/plan/", views.plan_create, name="plan_create"),
    path("findings/<int:pk>/mark/", views.finding_mark, name="finding_mark"),
    path("marks/<int:pk>/remove/", views.mark_remove, name="mark_remove"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/publish/", views.plan_publish, name="plan_publish"),
    path("steps/<int:pk>/state/", views.step_state, name="step_state"),
]
