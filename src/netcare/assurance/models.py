"""Change assurance (变更保障) and critical-period assurance (关键时刻保障).

A ``ChangeAssurance`` is a customer's change: its plan is reviewed by named HQ experts
(``Review``, one per reviewer and review round), then run under an assurance roster with
a log of events, and closed by an outcome and the change-assurance record. A
``CriticalPeriod`` is a special business period the ASM staffs on site, with checklists
for before, during and after it and the critical-period assurance record at the end.
Both are ``delivery.Engagement`` kinds: their state moves only along their ``FLOW``.

The customer sees its own changes and periods (it asked for them) and everything
recorded on them; a reviewer who holds no other membership of the customer sees only
the changes it reviews and their reviews (``reviewer_path``, see ``core.access``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from netcare.core.i18n import current_language
from netcare.core.models import TenantModel
from netcare.delivery.flow import flow
from netcare.delivery.models import Engagement
from netcare.reports.wording import pick


def plan_storage() -> FileSystemStorage:
    """Uploaded change plans are kept under ``DATA_DIR/assurance``, never discarded."""
    return FileSystemStorage(location=settings.DATA_DIR / "assurance")


class _PlainStates:
    """Moves named by a ``State`` member or its value alike: the flow compares and
    reports plain values ("draft", not ``State.DRAFT``)."""

    state: str

    def move_to(self, target: str) -> None:
        self.state = str(self.state)
        super().move_to(str(target))  # type: ignore[misc]


class ChangeAssurance(_PlainStates, Engagement):
    """A customer-initiated change the vendor reviews and stands by (变更保障).

    ``round`` counts review rounds: a returned plan sent for review again starts the
    next round, in which every reviewer decides anew; earlier rounds stay as history.
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        IN_REVIEW = "in_review", _("in review")
        RETURNED = "returned", _("returned to the filer")
        APPROVED = "approved", _("approved")
        SCHEDULED = "scheduled", _("scheduled")
        IN_PROGRESS = "in_progress", _("in progress")
        COMPLETED = "completed", _("completed")
        PUBLISHED = "published", _("record published")

    class Outcome(models.TextChoices):
        SUCCESS = "success", _("success")
        ROLLED_BACK = "rolled_back", _("rolled back")
        PARTIAL = "partial", _("partially done")

    FLOW = flow(
        "change assurance",
        {
            "draft": {"in_review"},
            "in_review": {"approved", "returned"},
            "returned": {"in_review"},
            "approved": {"scheduled"},
            "scheduled": {"in_progress"},
            "in_progress": {"completed"},
            "completed": {"published"},
            "published": set(),
        },
    )
    REQUEST_KIND = "change_assurance"
    #: A reviewer-only member sees the changes it is named on (``core.access``).
    reviewer_path: ClassVar[str] = "reviews__reviewer"

    purpose = models.TextField(verbose_name=_("purpose"))
    devices = models.ManyToManyField(
        "inventory.Device", blank=True, related_name="+", verbose_name=_("devices")
    )
    plan_document = models.FileField(
        storage=plan_storage, upload_to="plans", max_length=300, blank=True
    )
    plan_name = models.CharField(max_length=200, blank=True, verbose_name=_("plan document"))
    steps = models.TextField(blank=True, verbose_name=_("steps"))
    rollback = models.TextField(blank=True, verbose_name=_("rollback"))
    round = models.PositiveSmallIntegerField(default=1, verbose_name=_("review round"))
    hardening_steps = models.ManyToManyField(
        "inspection.HardeningStep",
        blank=True,
        related_name="+",
        verbose_name=_("hardening steps"),
    )
    outcome = models.CharField(
        max_length=12, choices=Outcome.choices, blank=True, verbose_name=_("outcome")
    )
    verification = models.TextField(blank=True, verbose_name=_("verification"))
    follow_ups = models.TextField(blank=True, verbose_name=_("follow-ups"))
    completed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("completed at"))

    class Meta:
        ordering = ["customer", "-starts_at", "-id"]
        verbose_name = _("change assurance")
        verbose_name_plural = _("change assurances")

    def get_state_display(self) -> str:
        return str(self.State(self.state).label) if self.state in self.State.values else self.state


class Speciality(models.TextChoices):
    """The reviewer's speciality, as the service names the three kinds of HQ expert."""

    PRODUCT = "product_support", _("product support expert")
    INDUSTRY = "industry", _("industry expert")
    RND = "rnd", _("R&D")


class Review(TenantModel):
    """One reviewer's decision on a change's plan in one review round.

    Approval with conditions counts as approval; the conditions are carried into the
    record. A rejection sends the plan back to the filer with the reviewer's reasons.
    """

    class Decision(models.TextChoices):
        PENDING = "", _("pending")
        APPROVE = "approve", _("approve")
        CONDITIONS = "approve_with_conditions", _("approve with conditions")
        REJECT = "reject", _("reject")

    change = models.ForeignKey(ChangeAssurance, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    speciality = models.CharField(
        max_length=20, choices=Speciality.choices, verbose_name=_("speciality")
    )
    required = models.BooleanField(default=True, verbose_name=_("required"))
    round = models.PositiveSmallIntegerField(default=1, verbose_name=_("review round"))
    decision = models.CharField(
        max_length=30, choices=Decision.choices, blank=True, verbose_name=_("decision")
    )
    conditions = models.TextField(blank=True, verbose_name=_("conditions"))
    comments = models.TextField(blank=True, verbose_name=_("comments"))
    named_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    named_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True, verbose_name=_("decided at"))

    reviewer_path: ClassVar[str] = "change__reviews__reviewer"

    class Meta:
        ordering = ["change", "round", "id"]
        verbose_name = _("change review")
        verbose_name_plural = _("change reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["change", "reviewer", "round"],
                name="%(app_label)s_%(class)s_unique_change_reviewer_round",
            )
        ]

    def __str__(self) -> str:
        return f"{self.change} · {self.reviewer} · {self.decision or 'pending'}"

    @property
    def approves(self) -> bool:
        return self.decision in (self.Decision.APPROVE, self.Decision.CONDITIONS)


class CriticalPeriod(_PlainStates, Engagement):
    """A special business period of the customer (year-end settlement, a launch) that
    the ASM staffs on site: preparing → underway → follow_up → published."""

    class State(models.TextChoices):
        PREPARING = "preparing", _("preparing")
        UNDERWAY = "underway", _("underway")
        FOLLOW_UP = "follow_up", _("follow-up")
        PUBLISHED = "published", _("record published")

    FLOW = flow(
        "critical-period assurance",
        {
            "preparing": {"underway"},
            "underway": {"follow_up"},
            "follow_up": {"published"},
            "published": set(),
        },
    )
    REQUEST_KIND = "critical_period_assurance"

    event = models.TextField(blank=True, verbose_name=_("event"))
    sites = models.ManyToManyField(
        "customers.Site", blank=True, related_name="+", verbose_name=_("sites")
    )
    devices = models.ManyToManyField(
        "inventory.Device", blank=True, related_name="+", verbose_name=_("devices")
    )
    summary = models.TextField(blank=True, verbose_name=_("summary"))
    issues = models.TextField(blank=True, verbose_name=_("issues"))
    follow_ups = models.TextField(blank=True, verbose_name=_("follow-ups"))

    class Meta:
        ordering = ["customer", "-starts_at", "-id"]
        verbose_name = _("critical period")
        verbose_name_plural = _("critical periods")

    def get_state_display(self) -> str:
        return str(self.State(self.state).label) if self.state in self.State.values else self.state


class Phase(models.TextChoices):
    BEFORE = "before", _("before")
    DURING = "during", _("during")
    AFTER = "after", _("after")


class ChecklistItem(TenantModel):
    """One thing to check before, during or after a critical period, ticked with who
    and when (and a note of the result)."""

    period = models.ForeignKey(CriticalPeriod, on_delete=models.CASCADE, related_name="items")
    phase = models.CharField(max_length=8, choices=Phase.choices, verbose_name=_("phase"))
    order = models.PositiveSmallIntegerField(default=0)
    text_zh = models.CharField(max_length=300, verbose_name=_("item (Chinese)"))
    text_en = models.CharField(max_length=300, blank=True, verbose_name=_("item (English)"))
    done = models.BooleanField(default=False, verbose_name=_("done"))
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    done_at = models.DateTimeField(null=True, blank=True, verbose_name=_("done at"))
    note = models.CharField(max_length=300, blank=True, verbose_name=_("result"))

    class Meta:
        ordering = ["period", "phase", "order", "id"]
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")

    def __str__(self) -> str:
        return self.text_zh

    def text(self, language: str | None = None) -> str:
        return pick(language or current_language(), self.text_zh, self.text_en or self.text_zh)


class _OnEngagement(TenantModel):
    """A row of either a change or a critical period (exactly one of the two)."""

    change = models.ForeignKey(
        ChangeAssurance, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    period = models.ForeignKey(
        CriticalPeriod, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        abstract = True

    @property
    def engagement(self) -> Any:
        return self.change or self.period


class RosterEntry(_OnEngagement):
    """Who stands by, remote or on site, from when to when; an on-site entry of a
    critical period may carry hours on site and travelling for the person-day ledger."""

    class Mode(models.TextChoices):
        REMOTE = "remote", _("remote")
        ONSITE = "onsite", _("on site")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("who")
    )
    mode = models.CharField(max_length=8, choices=Mode.choices, verbose_name=_("mode"))
    starts_at = models.DateTimeField(verbose_name=_("from"))
    ends_at = models.DateTimeField(verbose_name=_("to"))
    duty = models.CharField(max_length=200, blank=True, verbose_name=_("duty"))
    hours_onsite = models.DecimalField(
        max_digits=5, decimal_places=1, null=True, blank=True, verbose_name=_("hours on site")
    )
    hours_travel = models.DecimalField(
        max_digits=5, decimal_places=1, null=True, blank=True, verbose_name=_("hours travelling")
    )
    ledger_entry = models.ForeignKey(
        "contracts.LedgerEntry", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("roster entry")
        verbose_name_plural = _("roster entries")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(change__isnull=False, period__isnull=True)
                | models.Q(change__isnull=True, period__isnull=False),
                name="%(app_label)s_%(class)s_one_engagement",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.mode} · {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def hours(self) -> Decimal:
        return (self.hours_onsite or Decimal(0)) + (self.hours_travel or Decimal(0))


class EventLog(_OnEngagement):
    """One line of what happened during a change or a critical period: time, text, who."""

    at = models.DateTimeField(default=timezone.now, verbose_name=_("time"))
    text = models.TextField(verbose_name=_("what happened"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(change__isnull=False, period__isnull=True)
                | models.Q(change__isnull=True, period__isnull=False),
                name="%(app_label)s_%(class)s_one_engagement",
            )
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.text[:40]}"
