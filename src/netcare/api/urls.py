"""The REST API: one router fed by every app's ``api.ROUTES``, token issue, schema, docs."""

from importlib import import_module

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from netcare.api.views import ObtainTokenView, not_found

app_name = "api"

#: Apps whose ``api.py`` declares ``ROUTES = [(prefix, viewset, basename), ...]``.
API_APPS = [
    "core",
    "customers",
    "contracts",
    "inventory",
    "delivery",
    "collection",
    "inspection",
    "lifecycle",
    "problems",
    "knowledge",
    "guides",
    "care",
    "satisfaction",
    "assurance",
    "onsite",
    "consulting",
    "notifications",
]

router = DefaultRouter()
for app in API_APPS:
    try:
        module = import_module(f"netcare.{app}.api")
    except ModuleNotFoundError as exc:
        if exc.name != f"netcare.{app}.api":
            raise
        continue
    for prefix, viewset, basename in module.ROUTES:
        router.register(prefix, viewset, basename=basename)

urlpatterns = [
    path("auth/token/", ObtainTokenView.as_view(), name="token"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
    path("", include(router.urls)),
    # Anything else under /api/ answers as the API does (JSON), not with the HTML page;
    # only paths ending in "/", so a missing slash is still redirected first.
    re_path(r"^.*/$", not_found),
]
