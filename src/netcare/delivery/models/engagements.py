"""The shape every request-driven engagement shares (change assurance, critical-period
assurance, onsite support, proposal assessment, technology workshop).

Each kind is a concrete model in its own app inheriting ``Engagement``: the request it
came from, a title, a state moved only through the kind's ``FLOW`` (``delivery.flow``),
an owner, the window, and the deliverable that recorded the result. Kind-specific records
(reviews, rosters, visits, findings, minutes) hang off the concrete model.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from netcare.core.models import TenantModel
from netcare.delivery.flow import Flow, IllegalTransition


class Engagement(TenantModel):
    """Abstract base of an engagement; subclasses set ``FLOW``, ``state`` choices and
    ``REQUEST_KIND`` (the ``ServiceRequest.Kind`` it answers)."""

    FLOW: ClassVar[Flow]
    REQUEST_KIND: ClassVar[str]

    request = models.ForeignKey(
        "delivery.ServiceRequest",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("request"),
    )
    title = models.CharField(max_length=200, verbose_name=_("title"))
    state = models.CharField(max_length=20, verbose_name=_("state"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("owner"),
    )
    starts_at = models.DateTimeField(null=True, blank=True, verbose_name=_("starts"))
    ends_at = models.DateTimeField(null=True, blank=True, verbose_name=_("ends"))
    deliverable = models.ForeignKey(
        "delivery.Deliverable",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("record"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(default=timezone.now, verbose_name=_("created"))
    updated = models.DateTimeField(auto_now=True, verbose_name=_("updated"))

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.title

    def move_to(self, target: str) -> None:
        """Set the next state if the flow allows it; an illegal move is a validation
        error on ``state`` that names where the work is and where it may go."""
        try:
            self.FLOW.check(self.state, target)
        except IllegalTransition as exc:
            raise ValidationError({"state": str(exc)}) from exc
        self.state = target
