from django.contrib.auth import views as auth_views
from django.urls import path

from netcare.web import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("switch/", views.switch_customer, name="customer_switch"),
    path("customers/<str:code>/", views.customer_overview, name="customer_detail"),
    path("jobs/<int:pk>/", views.job_detail, name="job_detail"),
]
