"""The project's URLs plus one view that fails, to see the 500 page through the stack."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from netcare.urls import handler400, handler403, handler404, handler500, urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


def fail(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("deliberate failure for the 500 page test")


urlpatterns = [path("test-fail/", fail), *urlpatterns]
