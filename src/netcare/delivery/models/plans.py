"""The service plan: the customer's item choices, dated obligations and calendar feeds."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from netcare.core.i18n import current_language
from netcare.core.models import TenantModel
from netcare.reports.wording import pick


class Lead(models.TextChoices):
    """Who leads a piece of planned work; ``both`` is held jointly by RAM and ASM."""

    L2_EXPERT = "l2_expert", _("dedicated L2 expert")
    ASM = "asm", _("key account manager")
    BOTH = "both", _("both, jointly")


class ServicePlan(TenantModel):
    """A contract's customer-specific service plan (服务计划), one per contract.

    Created as a draft when the contract becomes active. The L2 expert generates its
    obligations from the customer's item choices, the leads edit and send it, and the
    customer confirms it in the portal — which schedules the kickoff — or asks for
    changes with a comment, which hands it back to the leads to revise and send again.
    Customer users see it once sent. ``revision`` counts how often the obligations were
    (re)generated.
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        SENT = "sent", _("sent to the customer")
        CHANGES_REQUESTED = "changes", _("changes requested")
        CONFIRMED = "confirmed", _("confirmed")

    #: The states in which the customer sees the plan (it has been sent to them).
    SHOWN: ClassVar[tuple[str, ...]] = ("sent", "changes", "confirmed")

    contract = models.OneToOneField(
        "contracts.Contract", on_delete=models.CASCADE, related_name="service_plan"
    )
    state = models.CharField(
        max_length=10, choices=State.choices, default=State.DRAFT, verbose_name=_("state")
    )
    objectives = models.TextField(blank=True, verbose_name=_("objectives"))
    communication = models.TextField(blank=True, verbose_name=_("communication plan"))
    revision = models.PositiveIntegerField(default=0, verbose_name=_("revision"))
    generated_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(null=True, blank=True, verbose_name=_("sent at"))
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("confirmed at"))
    change_request = models.TextField(blank=True, verbose_name=_("changes asked for"))
    changes_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("changes asked for by"),
    )
    changes_requested_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("changes asked for at")
    )
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["customer", "-created"]
        verbose_name = _("service plan")
        verbose_name_plural = _("service plans")

    def __str__(self) -> str:
        return f"{self.contract.number} · {self.get_state_display()}"

    @classmethod
    def customer_user_filter(cls) -> Q:
        return Q(state__in=cls.SHOWN)


class ItemChoice(TenantModel):
    """What the customer wants of one contracted item: now, later or not, and why.

    Set by the customer admin in the portal after the walk-through; the plan is drafted
    from these choices, and a changed choice re-plans the future.
    """

    class Choice(models.TextChoices):
        NOW = "now", _("now")
        LATER = "later", _("later in the term")
        NOT = "not", _("not needed")

    entitlement = models.OneToOneField(
        "contracts.Entitlement", on_delete=models.CASCADE, related_name="choice"
    )
    choice = models.CharField(
        max_length=6, choices=Choice.choices, default=Choice.NOW, verbose_name=_("choice")
    )
    suggestion = models.TextField(blank=True, verbose_name=_("suggestion"))
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    chosen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["entitlement__item__number"]
        verbose_name = _("item choice")
        verbose_name_plural = _("item choices")

    def __str__(self) -> str:
        return f"{self.entitlement} · {self.choice}"

    #: Chinese wording of the choices for messages (the UI translates the labels).
    ZH: ClassVar[dict[str, str]] = {"now": "现在需要", "later": "稍后需要", "not": "不需要"}
    EN: ClassVar[dict[str, str]] = {"now": "now", "later": "later", "not": "not needed"}

    @property
    def zh(self) -> str:
        return self.ZH[self.choice]

    @property
    def en(self) -> str:
        return self.EN[self.choice]


class Obligation(TenantModel):
    """One dated piece of planned work: an inspection, a review, a contact, a milestone.

    Created only by the service plan (from entitlements, cadences and choices) and by
    contract activation (the first contacts); no other capability schedules work. It is
    completed only by a deliverable published against it (``completed_by``) or by a
    recorded waiver with a reason. ``owner`` answers for it (``co_owner`` too when the
    lead is both); ``slot`` names it stably so re-planning updates it in place.
    """

    class Kind(models.TextChoices):
        START_CONTACT = "start_contact", _("service start contact")
        CONTACT = "contact", _("proactive contact")
        DOC_PUSH = "doc_push", _("document push")
        PROBLEM_REVIEW = "problem_review", _("problem review")
        INSPECTION = "inspection", _("inspection")
        VERSION_REVIEW = "version_review", _("version review")
        MAINTENANCE_GUIDE = "maintenance_guide", _("daily maintenance guide")
        HOLIDAY_CARE = "holiday_care", _("holiday care")
        RETURN_VISIT = "return_visit", _("return visit")
        KICKOFF = "kickoff", _("kickoff")
        MID_TERM = "mid_term", _("mid-term review")
        FINAL = "final", _("final summary")
        SERVICE = "service", _("service delivery")

    class State(models.TextChoices):
        OPEN = "open", _("open")
        DONE = "done", _("done")
        WAIVED = "waived", _("waived")

    class Origin(models.TextChoices):
        GENERATED = "generated", _("from the plan")
        ACTIVATION = "activation", _("at contract start")
        MANUAL = "manual", _("added by hand")

    MILESTONES: ClassVar[tuple[str, ...]] = ("kickoff", "mid_term", "final")

    plan = models.ForeignKey(ServicePlan, on_delete=models.CASCADE, related_name="obligations")
    item = models.ForeignKey(
        "contracts.ServiceItem",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("service item"),
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, verbose_name=_("kind"))
    slot = models.CharField(max_length=60)
    title_zh = models.CharField(max_length=200)
    title_en = models.CharField(max_length=200)
    due = models.DateField(verbose_name=_("due"))
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    lead = models.CharField(max_length=10, choices=Lead.choices, verbose_name=_("lead"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("owner"),
    )
    co_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("co-owner"),
    )
    state = models.CharField(
        max_length=8, choices=State.choices, default=State.OPEN, verbose_name=_("state")
    )
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.GENERATED)
    edited = models.BooleanField(default=False)
    completed_by = models.ForeignKey(
        "delivery.Deliverable",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("completed by"),
    )
    completed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("completed at"))
    waived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    waiver_reason = models.TextField(blank=True, verbose_name=_("waiver reason"))
    note = models.TextField(blank=True, verbose_name=_("note"))
    reminded_at = models.DateTimeField(null=True, blank=True)
    overdue_alerted_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due", "id"]
        verbose_name = _("obligation")
        verbose_name_plural = _("obligations")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "slot"], name="%(app_label)s_%(class)s_unique_plan_slot"
            )
        ]
        indexes = [models.Index(fields=["state", "due"])]

    def __str__(self) -> str:
        return f"{self.due:%Y-%m-%d} {self.title}"

    @classmethod
    def customer_user_filter(cls) -> Q:
        return Q(plan__state__in=ServicePlan.SHOWN)

    @property
    def title(self) -> str:
        """The title in the active language (the viewer's, or a recipient's)."""
        return pick(current_language(), self.title_zh, self.title_en)

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN

    def is_overdue(self, today: dt.date | None = None) -> bool:
        return self.is_open and self.due < (today or timezone.localdate())

    @property
    def completed_on(self) -> dt.date | None:
        if self.completed_at is None:
            return None
        return timezone.localdate(self.completed_at)

    @property
    def on_time(self) -> bool | None:
        """Done by the due date (None while open or when waived)."""
        done = self.completed_on
        return None if done is None or self.state != self.State.DONE else done <= self.due


def _new_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """A person's secret iCalendar address: their obligations for any calendar app.

    The token is the only credential (calendar apps cannot sign in), so it is long,
    random and can be reset at any time, which invalidates every copy of the old URL.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=_new_token)
    created = models.DateTimeField(default=timezone.now)
    last_fetched = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"calendar of {self.user}"

    def reset(self) -> None:
        self.token = _new_token()
        self.created = timezone.now()
