"""Onsite technical support (现场技术支持): a field engineer dispatched to a customer site,
the days logged there, and the person-days they book on the contract's quota ledger.

A ``Visit`` is one engagement (``delivery.models.Engagement``): the RAM dispatches an
engineer — who, where, when, why — from an ``onsite_support`` request or directly; the
engineer arrives, logs each day's hours on site and travelling (``VisitDay``), and the
RAM publishes the onsite support record, which closes the request. Each logged day is
booked through ``contracts.services.do_record_usage`` and keeps its ledger entry: the
ledger stays the one account of person-days, and a visit only points at its entries.
"""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from netcare.core.models import TenantModel
from netcare.delivery.flow import Flow, flow
from netcare.delivery.models.engagements import Engagement

#: dispatched → on_site → done (record published); a visit not yet begun may be cancelled.
VISIT_FLOW: Flow = flow(
    "onsite visit",
    {
        "dispatched": {"on_site", "cancelled"},
        "on_site": {"done"},
        "done": set(),
        "cancelled": set(),
    },
)

#: A day has 24 hours; more on site plus travelling is a typing error, not a long day.
MAX_HOURS = Decimal(24)


class Visit(Engagement):
    """One onsite support visit: a field engineer sent to the customer for a purpose.

    ``engineer`` holds a field-engineer membership for the customer (checked when
    dispatched). The days worked are ``days``; the quota they used is their ledger
    entries. ``approved_by`` and ``approval_note`` are an admin's recorded consent to
    take the visit's days past the year's quota, handed to the ledger's own guard.
    """

    FLOW: ClassVar[Flow] = VISIT_FLOW
    REQUEST_KIND: ClassVar[str] = "onsite_support"

    class State(models.TextChoices):
        DISPATCHED = "dispatched", _("dispatched")
        ON_SITE = "on_site", _("on site")
        DONE = "done", _("done")
        CANCELLED = "cancelled", _("cancelled")

    engineer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("field engineer"),
    )
    site = models.ForeignKey(
        "customers.Site",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("site"),
    )
    planned_date = models.DateField(verbose_name=_("date"))
    purpose = models.TextField(verbose_name=_("purpose"))
    work_done = models.TextField(blank=True, verbose_name=_("work done"))
    follow_ups = models.TextField(blank=True, verbose_name=_("follow-ups"))
    cancel_reason = models.CharField(max_length=300, blank=True, verbose_name=_("why cancelled"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("over-quota approved by"),
    )
    approval_note = models.CharField(
        max_length=300, blank=True, verbose_name=_("over-quota approval note")
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-planned_date", "-id"]
        verbose_name = _("onsite visit")
        verbose_name_plural = _("onsite visits")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=["dispatched", "on_site", "done", "cancelled"]),
                name="%(app_label)s_%(class)s_state_known",
            )
        ]

    def move_to(self, target: str) -> None:
        # Plain values, so a refusal reads 'dispatched' rather than Visit.State.DISPATCHED.
        self.state = str(self.state)
        super().move_to(str(target))

    def get_state_display(self) -> str:
        return str(dict(self.State.choices).get(self.state, self.state))


class VisitDay(TenantModel):
    """One day of a visit as the engineer logged it, and the ledger entry it booked.

    The person-days are the ledger entry's ``amount`` (the contract's rule: hours on
    site plus travel where the contract includes travel, 8 hours a day, rounded up to
    half a day); the day keeps the hours as given so the record can show them.
    """

    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="days")
    date = models.DateField(verbose_name=_("date"))
    hours_onsite = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(MAX_HOURS)],
        verbose_name=_("hours on site"),
    )
    hours_travel = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(MAX_HOURS)],
        verbose_name=_("hours travelling"),
    )
    note = models.CharField(max_length=300, blank=True, verbose_name=_("note"))
    ledger_entry = models.OneToOneField(
        "contracts.LedgerEntry",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("ledger entry"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["visit", "date", "id"]
        verbose_name = _("visit day")
        verbose_name_plural = _("visit days")
        constraints = [
            models.UniqueConstraint(
                fields=["visit", "date"], name="%(app_label)s_%(class)s_unique_visit_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.visit} · {self.date}"

    @property
    def person_days(self) -> Decimal:
        return self.ledger_entry.amount
