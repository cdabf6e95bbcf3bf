from django.urls import path

from netcare.delivery import views

app_name = "delivery"

urlpatterns = [
    path("<str:code>/", views.deliverable_list, name="deliverable_list"),
]
