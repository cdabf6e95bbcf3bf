"""Request-scoped context: who is acting, for the audit log."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from netcare.core.audit import request_scope


class ActorMiddleware:
    """Keep the current request reachable by the audit log for the request's duration.

    The user is read lazily when an event is written, so a DRF token user (authenticated
    inside the view, after this middleware ran) is still recorded as the actor.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with request_scope(request):
            return self.get_response(request)
