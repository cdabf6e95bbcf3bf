"""Sign-in protection around django-axes: whose address a failure counts against, and
every lockout written to the audit log.

django-axes counts failed sign-ins per username and client address (settings
``AXES_*``, read from ``NETCARE_LOGIN_*``) and refuses the pair once the limit is
reached. This module supplies the two NetCare-specific pieces: the client address as
NetCare sees it (behind a proxy, the address the proxy reports, never one a client could
forge) and the audit record of the lockout itself.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import HttpRequest

from netcare.core import audit


def client_address(request: HttpRequest) -> str | None:
    """The address a sign-in attempt came from.

    Without a proxy it is ``REMOTE_ADDR``. With ``NETCARE_BEHIND_PROXY`` it is the
    entry the nearest of ``NETCARE_PROXY_COUNT`` proxies appended to X-Forwarded-For:
    entries further left were written by the client and could be anything, so an
    attacker cannot spread guesses over invented addresses.
    """
    remote = request.META.get("REMOTE_ADDR") or None
    if not settings.BEHIND_PROXY:
        return remote
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    hops = [h for h in hops if h]
    count = max(settings.PROXY_COUNT, 1)
    if len(hops) >= count:
        return hops[-count]
    return remote


def _on_locked_out(
    sender: Any,
    request: HttpRequest | None,
    username: str | None,
    ip_address: str | None,
    **kw: Any,
) -> None:
    """Audit the moment a username and address pair is locked out.

    django-axes also sends this signal for each attempt refused during the lockout;
    those are already in the log as failed sign-ins, so only the attempt that reached
    the limit (the one with a failure count) writes a lockout event.
    """
    if request is None or getattr(request, "axes_failures_since_start", None) is None:
        return
    name = (username or "")[:150]
    user = get_user_model()._default_manager.filter(username=name).first() if name else None
    with audit.request_scope(request):
        audit.record(
            "locked_out",
            user,
            actor=None,
            label=name or "?",
            after={
                "username": name,
                "client_address": ip_address,
                "failures": request.axes_failures_since_start,  # type: ignore[attr-defined]
                "cool_off_minutes": _cool_off_minutes(),
            },
        )


def _cool_off_minutes() -> int | None:
    cool_off = settings.AXES_COOLOFF_TIME
    return int(cool_off.total_seconds() // 60) if cool_off is not None else None


def connect_signals() -> None:
    from axes.signals import user_locked_out

    user_locked_out.connect(_on_locked_out, dispatch_uid="netcare_audit_locked_out")
