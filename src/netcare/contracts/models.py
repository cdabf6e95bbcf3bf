"""What the customer bought: the service catalog, contracts, entitlements, the named
expert and account manager, and the quota ledger."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from netcare.core.models import TenantModel, TenantQuerySet


class ItemKind(models.TextChoices):
    CONTINUOUS = "continuous", _("continuous")
    RECURRING = "recurring", _("recurring")
    ON_DEMAND = "on_demand", _("on demand")
    QUOTA = "quota", _("quota")


class Lead(models.TextChoices):
    L2_EXPERT = "l2_expert", _("dedicated L2 expert")
    ASM = "asm", _("key account manager")
    BOTH = "both", _("both, jointly")


class CadenceUnit(models.TextChoices):
    DAY = "day", _("day")
    WEEK = "week", _("week")
    MONTH = "month", _("month")
    YEAR = "year", _("year")


class QuotaUnit(models.TextChoices):
    PERSON_DAY = "person_day", _("person-days")
    COUNT = "count", _("times")


class QuotaPer(models.TextChoices):
    YEAR = "year", _("per contract year")
    TERM = "term", _("per term")


class ServiceItem(models.Model):
    """One of the seventeen items of the service, with its default cadence and quota.

    Loaded from ``contracts/data/catalog.yaml``; a contract copies the defaults into its
    entitlements, so changing the catalog never changes a signed contract.
    """

    code = models.SlugField(max_length=40, unique=True)
    number = models.PositiveSmallIntegerField(unique=True)
    name_zh = models.CharField(max_length=60)
    name_en = models.CharField(max_length=80)
    description_zh = models.TextField()
    description_en = models.TextField()
    kind = models.CharField(max_length=12, choices=ItemKind.choices)
    lead = models.CharField(max_length=10, choices=Lead.choices)
    cadence_every = models.PositiveSmallIntegerField(null=True, blank=True)
    cadence_unit = models.CharField(max_length=6, choices=CadenceUnit.choices, blank=True)
    quota_amount = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    quota_unit = models.CharField(max_length=12, choices=QuotaUnit.choices, blank=True)
    quota_per = models.CharField(max_length=6, choices=QuotaPer.choices, blank=True)
    travel_included = models.BooleanField(default=False)
    milestones = models.JSONField(default=list, blank=True)
    days_before_holiday = models.PositiveSmallIntegerField(null=True, blank=True)
    response_working_days = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("service item")
        verbose_name_plural = _("service items")

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"

    @property
    def name(self) -> str:
        return self.name_en if translation.get_language() == "en" else self.name_zh

    @property
    def description(self) -> str:
        return self.description_en if translation.get_language() == "en" else self.description_zh


class ContractQuerySet(TenantQuerySet):
    def active_on(self, day: dt.date) -> ContractQuerySet:
        return self.filter(status=Contract.Status.ACTIVE, start__lte=day, end__gte=day)


class Contract(TenantModel):
    """A premium support contract with a fixed term; the source of every entitlement."""

    class Level(models.TextChoices):
        GOLD = "gold", _("gold")
        PLATINUM = "platinum", _("platinum")
        DIAMOND = "diamond", _("diamond")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        ACTIVE = "active", _("active")
        EXPIRED = "expired", _("expired")
        TERMINATED = "terminated", _("terminated")

    number = models.CharField(max_length=40, unique=True, verbose_name=_("contract number"))
    level = models.CharField(
        max_length=10, choices=Level.choices, default=Level.PLATINUM, verbose_name=_("level")
    )
    start = models.DateField(verbose_name=_("start"))
    end = models.DateField(verbose_name=_("end"))
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.DRAFT, verbose_name=_("status")
    )
    signed_on = models.DateField(null=True, blank=True, verbose_name=_("signed on"))
    note = models.TextField(blank=True, verbose_name=_("note"))
    manual_collection_counts = models.BooleanField(
        default=False,
        verbose_name=_("manual collection visits use onsite person-days"),
        help_text=_(
            "When a field engineer collects device data by hand on site, the visit is "
            "booked against the onsite-support quota."
        ),
    )
    critical_period_counts = models.BooleanField(
        default=False,
        verbose_name=_("critical-period on-site days use onsite person-days"),
        help_text=_(
            "The on-site days of a critical-period assurance (its roster) are booked "
            "against the onsite-support quota."
        ),
    )
    created = models.DateTimeField(default=timezone.now)

    objects: ClassVar[Any] = ContractQuerySet.as_manager()

    class Meta:
        ordering = ["customer", "-start"]
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")

    def __str__(self) -> str:
        return self.number

    def clean(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The contract must end after it starts.")})


class Entitlement(TenantModel):
    """One service item as this contract grants it: enabled, cadence and quota.

    Copied from the catalog when the contract is created; any field may then be changed
    for this contract alone.
    """

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="entitlements")
    item = models.ForeignKey(ServiceItem, on_delete=models.PROTECT, related_name="+")
    enabled = models.BooleanField(default=True, verbose_name=_("enabled"))
    cadence_every = models.PositiveSmallIntegerField(null=True, blank=True, verbose_name=_("every"))
    cadence_unit = models.CharField(
        max_length=6, choices=CadenceUnit.choices, blank=True, verbose_name=_("cadence unit")
    )
    quota_amount = models.DecimalField(
        max_digits=6, decimal_places=1, null=True, blank=True, verbose_name=_("quota")
    )
    quota_unit = models.CharField(max_length=12, choices=QuotaUnit.choices, blank=True)
    quota_per = models.CharField(max_length=6, choices=QuotaPer.choices, blank=True)
    travel_included = models.BooleanField(default=False, verbose_name=_("travel included"))
    final_year_quota = models.DecimalField(
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        verbose_name=_("final partial year quota"),
        help_text=_("Leave empty to pro-rate by days, rounded down to half a unit."),
    )
    note = models.CharField(max_length=200, blank=True, verbose_name=_("note"))

    class Meta:
        ordering = ["contract", "item__number"]
        verbose_name = _("entitlement")
        verbose_name_plural = _("entitlements")
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "item"], name="%(app_label)s_%(class)s_unique_contract_item"
            )
        ]

    def __str__(self) -> str:
        return f"{self.contract.number} · {self.item.code}"

    @property
    def has_quota(self) -> bool:
        return self.quota_amount is not None and bool(self.quota_unit)


class Assignment(TenantModel):
    """The named dedicated L2 expert or key account manager of a contract, with dates.

    Assigning creates the person's membership for the customer; a new assignment of the
    same role ends the previous one the day before.
    """

    class Role(models.TextChoices):
        L2_EXPERT = "l2_expert", _("dedicated L2 expert")
        ASM = "asm", _("key account manager")

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="assignments")
    role = models.CharField(max_length=10, choices=Role.choices, verbose_name=_("role"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assignments"
    )
    start = models.DateField(verbose_name=_("from"))
    end = models.DateField(null=True, blank=True, verbose_name=_("until"))

    class Meta:
        ordering = ["contract", "role", "-start"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")

    def __str__(self) -> str:
        return f"{self.contract.number} · {self.role} · {self.user}"


class LedgerEntry(TenantModel):
    """One use of a quota (an onsite visit, a workshop): how much, by whom, for what.

    ``amount`` is in the entitlement's unit; for person-days it follows the rule "8 hours
    on site or travelling = 1 person-day". An entry that would overrun the year's quota
    is refused unless an admin approved it (``approved_by`` and ``approval_note``).
    """

    entitlement = models.ForeignKey(Entitlement, on_delete=models.PROTECT, related_name="ledger")
    date = models.DateField(verbose_name=_("date"))
    amount = models.DecimalField(max_digits=6, decimal_places=1, verbose_name=_("amount"))
    unit = models.CharField(max_length=12, choices=QuotaUnit.choices, verbose_name=_("unit"))
    hours_onsite = models.DecimalField(
        max_digits=6, decimal_places=1, null=True, blank=True, verbose_name=_("hours on site")
    )
    hours_travel = models.DecimalField(
        max_digits=6, decimal_places=1, null=True, blank=True, verbose_name=_("hours travelling")
    )
    travel_included = models.BooleanField(default=True, verbose_name=_("travel included"))
    engineer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("engineer"),
    )
    description = models.CharField(max_length=300, verbose_name=_("what"))
    record_type = models.CharField(max_length=60, blank=True)
    record_id = models.CharField(max_length=40, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approval_note = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now)

    customer_path: ClassVar[str] = "customer"

    class Meta:
        ordering = ["entitlement", "date", "id"]
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")

    def __str__(self) -> str:
        return f"{self.date} {self.amount} {self.unit} · {self.description}"

    @property
    def total_hours(self) -> Decimal | None:
        if self.hours_onsite is None:
            return None
        return self.hours_onsite + (self.hours_travel or Decimal(0))
