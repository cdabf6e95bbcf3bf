"""Error pages in the viewer's language and the house look (``handler400/403/404/500``).

Each page renders without a request context: no context processor runs, so an error
page needs no session, user or database query, and the 500 page still renders when the
failure was in one of those. The language is the one ``LanguageMiddleware`` activated
(Chinese when the failure came before it). A page that cannot render at all falls
back to one line of plain text rather than raising a second error.
"""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.urls import NoReverseMatch, reverse

logger = logging.getLogger(__name__)

FALLBACK = "NetCare: error {status} / 出错了 ({status})\n"


def _home() -> str:
    try:
        return reverse("web:home")
    except NoReverseMatch:  # pragma: no cover - the URLconf itself is broken
        return "/"


def _page(status: int) -> HttpResponse:
    try:
        body = loader.get_template(f"{status}.html").render({"home": _home()})
        content_type = "text/html; charset=utf-8"
    except Exception:
        logger.exception("the %s error page could not render", status)
        body, content_type = FALLBACK.format(status=status), "text/plain; charset=utf-8"
    return HttpResponse(body, status=status, content_type=content_type)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _page(400)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _page(403)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    # The same page for a missing object and another tenant's (core.access).
    return _page(404)


def server_error(request: HttpRequest) -> HttpResponse:
    return _page(500)
