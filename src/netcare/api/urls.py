"""The REST API: one router, token issue, OpenAPI schema and locally served docs."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from netcare.api.views import ObtainTokenView
from netcare.core.api import JobViewSet
from netcare.customers.api import ContactViewSet, CustomerViewSet, MembershipViewSet, SiteViewSet

app_name = "api"

router = DefaultRouter()
router.register("customers", CustomerViewSet, basename="customer")
router.register("sites", SiteViewSet, basename="site")
router.register("contacts", ContactViewSet, basename="contact")
router.register("memberships", MembershipViewSet, basename="membership")
router.register("jobs", JobViewSet, basename="job")

urlpatterns = [
    path("auth/token/", ObtainTokenView.as_view(), name="token"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
    path("", include(router.urls)),
]
