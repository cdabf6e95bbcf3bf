"""Request-scoped context: who is acting, for the audit log."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

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


class LanguageMiddleware:
    """Chinese unless the user chose otherwise with the language switch.

    Unlike Django's LocaleMiddleware pages ignore the browser's Accept-Language: the
    service is delivered in Chinese by default, and many engineers' browsers are set
    to English without that being a choice of theirs. API clients may ask for a
    language with Accept-Language.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if (
            not chosen
            and request.path.startswith("/api/")
            and "HTTP_ACCEPT_LANGUAGE" in request.META
        ):
            # API clients say which language they want in the standard header.
            chosen = translation.get_language_from_request(request)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response
