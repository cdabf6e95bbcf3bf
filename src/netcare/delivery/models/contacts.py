"""Proactive contact: every conversation the L2 expert or account manager has with the
customer, on the record."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from netcare.core.models import TenantModel
from netcare.customers.models import Channel
from netcare.delivery.models.plans import Lead


class ContactLog(TenantModel):
    """One contact with the customer: when, how, with whom, what was said, what is next.

    The walk-through of the service items at the start is one too (``purpose``). Logging
    a contact publishes a short record to the customer against the matching open
    obligation, which completes it; the log itself, with its working notes, stays the
    vendor's.
    """

    class Purpose(models.TextChoices):
        WALKTHROUGH = "walkthrough", _("walk-through of the service items")
        PROACTIVE = "proactive", _("proactive contact")
        HOLIDAY_CARE = "holiday_care", _("holiday care")
        FOLLOW_UP = "follow_up", _("follow-up")

    contract = models.ForeignKey(
        "contracts.Contract", on_delete=models.CASCADE, related_name="contact_logs"
    )
    role = models.CharField(
        max_length=10,
        choices=[(Lead.L2_EXPERT, Lead.L2_EXPERT.label), (Lead.ASM, Lead.ASM.label)],
        verbose_name=_("as"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    date = models.DateField(verbose_name=_("date"))
    channel = models.CharField(max_length=10, choices=Channel.choices, verbose_name=_("channel"))
    purpose = models.CharField(
        max_length=14,
        choices=Purpose.choices,
        default=Purpose.PROACTIVE,
        verbose_name=_("purpose"),
    )
    people = models.CharField(max_length=300, verbose_name=_("people"))
    summary = models.TextField(verbose_name=_("summary"))
    next_steps = models.TextField(blank=True, verbose_name=_("next steps"))
    obligation = models.ForeignKey(
        "delivery.Obligation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contact_logs",
    )
    record = models.ForeignKey(
        "delivery.Deliverable", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("contact log")
        verbose_name_plural = _("contact logs")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_channel_display()} · {self.people}"

    @classmethod
    def customer_user_filter(cls) -> Q:
        # Working notes; the customer reads the published contact record instead.
        return Q(pk__in=[])
