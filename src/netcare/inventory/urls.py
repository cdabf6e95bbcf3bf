from django.urls import path

from netcare.inventory import views

app_name = "inventory"

urlpatterns = [
    path("<str:code>/devices/", views.device_list, name="device_list"),
    path("<str:code>/import/", views.device_import, name="device_import"),
    path("devices/<int:pk>/", views.device_detail, name="device_detail"),
    path(
        "devices/<int:pk>/forget-host-key/",
        views.device_forget_host_key,
        name="device_forget_host_key",
    ),
]
