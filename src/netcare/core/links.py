"""Absolute links for what leaves the site: e-mail bodies, the .ics feed, exports.

A page link is a path (``reverse`` gives ``/delivery/ECCB/plan/``); a mail client or a
calendar app has no page to resolve it against, so every such link is made absolute
here, from ``NETCARE_SITE_URL``, and nowhere else.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings


def site_url() -> str:
    """The public address without a trailing slash (``http://127.0.0.1:8000`` by default)."""
    return str(getattr(settings, "SITE_URL", "") or "").rstrip("/")


def absolute(path: str) -> str:
    """``path`` on the public address; a link that is already absolute (or empty) is
    returned as given."""
    if not path or "://" in path:
        return path
    base = site_url()
    return f"{base}{path if path.startswith('/') else '/' + path}" if base else path


def job_link(path: str, *, zh: str, en: str) -> dict[str, Any]:
    """The part of a Job's result that names what the job produced, so the job page can
    link back to it once it is done: ``{"link": path, "link_label": {"zh": …, "en": …}}``.
    Work functions merge it into the result they return (``{**job_link(…), …}``)."""
    return {"link": path, "link_label": {"zh": zh, "en": en or zh}}
