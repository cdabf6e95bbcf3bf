from django.urls import path

from netcare.contracts import views

app_name = "contracts"

urlpatterns = [
    path("<int:pk>/", views.contract_detail, name="contract_detail"),
    path("<int:pk>/settings/", views.contract_settings, name="contract_settings"),
]
