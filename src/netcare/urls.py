"""Top-level URLs: web shell, REST API, Django admin, language switch."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("api/", include("netcare.api.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("netcare.web.urls")),
]
