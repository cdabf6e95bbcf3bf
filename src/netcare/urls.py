"""Top-level URLs: web shell and app pages, REST API, Django admin, language switch."""

from importlib import import_module

from django.contrib import admin
from django.urls import include, path

#: Apps with pages of their own, each under ``/<app>/`` with namespace ``<app>``.
PAGE_APPS = [
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

urlpatterns = [
    path("api/", include("netcare.api.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
for app in PAGE_APPS:
    try:
        import_module(f"netcare.{app}.urls")
    except ModuleNotFoundError as exc:
        if exc.name != f"netcare.{app}.urls":
            raise
        continue
    urlpatterns.append(path(f"{app}/", include(f"netcare.{app}.urls")))
urlpatterns.append(path("", include("netcare.web.urls")))

# Error pages in the viewer's language, rendered without a request context (web.errors).
handler400 = "netcare.web.errors.bad_request"
handler403 = "netcare.web.errors.permission_denied"
handler404 = "netcare.web.errors.page_not_found"
handler500 = "netcare.web.errors.server_error"
