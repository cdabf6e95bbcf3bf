"""The kinds of notification NetCare sends, with the label users see in their preferences.

A kind's subject and body are templates ``notifications/<zh|en>/<kind>.subject.txt`` and
``.body.txt``, found in any app's ``templates/`` directory, so a later capability adds
its kinds with its own templates and one ``register`` call in its ``AppConfig.ready``.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

KINDS: dict[str, str | Promise] = {
    "service_start": _("Service start: contact the customer"),
    "choices_updated": _("Customer updated its service choices"),
    "plan_sent": _("Service plan sent for confirmation"),
    "plan_confirmed": _("Service plan confirmed"),
    "plan_revised": _("Service plan revised"),
    "obligation_reminder": _("Obligation due soon"),
    "obligation_overdue": _("Obligation overdue"),
    "contact_lapsed": _("Proactive contact overdue"),
    "request_raised": _("New service request"),
    "request_answered": _("Service request answered"),
    "request_response_missed": _("First response missed"),
    "deliverable_published": _("New deliverable published"),
}


def register(kind: str, label: str | Promise) -> None:
    """Add a kind (idempotent); its templates must exist in both languages."""
    KINDS.setdefault(kind, label)
