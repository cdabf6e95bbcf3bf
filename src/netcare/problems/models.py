"""Live-network problem management (客户网上问题管理): the customer's tickets as the
vendor's support system knows them, with their progress; the quarterly problem review;
the agreement that changes its scope; escalations of important tickets and the daily
progress reports sent until they close.

Tickets and their progress belong to the customer and its users see them (they raised
them); reviews and daily reports reach them once published or sent; imports, saved
column mappings and escalation records are the vendor's working material.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from netcare.core.models import SharedModel, StaffOnly, TenantModel


class Severity(models.TextChoices):
    CRITICAL = "critical", _("critical")
    MAJOR = "major", _("major")
    MINOR = "minor", _("minor")
    INFO = "info", _("info")


class RootCause(models.TextChoices):
    HARDWARE = "hardware", _("hardware fault")
    SOFTWARE = "software", _("software defect")
    CONFIGURATION = "configuration", _("configuration error")
    OPERATION = "operation", _("operation error")
    ENVIRONMENT = "environment", _("environment / power")
    THIRD_PARTY = "third_party", _("third party")
    UNKNOWN = "unknown", _("unknown")


class ColumnMapping(SharedModel):
    """A support system's own column names → NetCare's ticket fields, saved by name so
    each export from that system imports the same way."""

    name = models.CharField(max_length=60, unique=True, verbose_name=_("name"))
    columns: Any = models.JSONField(default=dict, verbose_name=_("columns"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated = models.DateTimeField(auto_now=True)

    audit_exclude = ("updated",)

    class Meta:
        ordering = ["name"]
        verbose_name = _("column mapping")
        verbose_name_plural = _("column mappings")

    def __str__(self) -> str:
        return self.name


class TicketImport(StaffOnly, TenantModel):
    """One file (or push) of tickets: the raw bytes are kept whatever the outcome; a
    refused import wrote nothing and names the rows and columns it refused."""

    class State(models.TextChoices):
        DONE = "done", _("imported")
        REFUSED = "refused", _("refused")

    source = models.CharField(max_length=300, verbose_name=_("source"))
    kept_file = models.CharField(max_length=500, blank=True, verbose_name=_("kept file"))
    mapping = models.CharField(max_length=60, blank=True, verbose_name=_("column mapping"))
    state = models.CharField(max_length=10, choices=State.choices, verbose_name=_("state"))
    counts: Any = models.JSONField(default=dict, blank=True, verbose_name=_("counts"))
    error = models.TextField(blank=True, verbose_name=_("error"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now, verbose_name=_("created"))

    class Meta:
        ordering = ["customer", "-created", "-id"]
        verbose_name = _("ticket import")
        verbose_name_plural = _("ticket imports")

    def __str__(self) -> str:
        return f"#{self.pk} {self.source}"


class Ticket(TenantModel):
    """A ticket the customer raised with the vendor's support (工单), as last imported,
    plus what the L2 expert adds: root cause, analysis, maintenance advice, links to a
    finding, an advisory or a hardening step, and whether it is important.

    ``closed`` (resolved or closed in the support system) is set by the import or push
    only: NetCare follows the support system, it does not close tickets itself.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        IN_PROGRESS = "in_progress", _("in progress")
        WAITING = "waiting", _("waiting")
        RESOLVED = "resolved", _("resolved")
        CLOSED = "closed", _("closed")

    number = models.CharField(max_length=60, verbose_name=_("ticket number"))
    title = models.CharField(max_length=300, verbose_name=_("title"))
    description = models.TextField(blank=True, verbose_name=_("description"))
    severity = models.CharField(max_length=10, choices=Severity.choices, verbose_name=_("severity"))
    status = models.CharField(max_length=12, choices=Status.choices, verbose_name=_("status"))
    product = models.CharField(max_length=120, blank=True, verbose_name=_("product"))
    model = models.CharField(max_length=80, blank=True, verbose_name=_("model"))
    hostname = models.CharField(max_length=100, blank=True, verbose_name=_("device"))
    device = models.ForeignKey(
        "inventory.Device",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tickets",
        verbose_name=_("device"),
    )
    category = models.CharField(max_length=80, blank=True, verbose_name=_("category"))
    symptom = models.TextField(blank=True, verbose_name=_("symptom"))
    owner = models.CharField(max_length=80, blank=True, verbose_name=_("owner"))
    reporter = models.CharField(max_length=80, blank=True, verbose_name=_("reporter"))
    opened = models.DateTimeField(verbose_name=_("opened"))
    closed = models.DateTimeField(null=True, blank=True, verbose_name=_("closed"))
    root_cause = models.CharField(
        max_length=14, choices=RootCause.choices, blank=True, verbose_name=_("root cause")
    )
    root_cause_text = models.TextField(blank=True, verbose_name=_("root-cause analysis"))
    advice = models.TextField(blank=True, verbose_name=_("maintenance advice"))
    finding = models.ForeignKey(
        "inspection.Finding", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    advisory = models.ForeignKey(
        "lifecycle.Advisory", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hardening_step = models.ForeignKey(
        "inspection.HardeningStep",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    important = models.BooleanField(default=False, verbose_name=_("important"))
    importance_requested = models.BooleanField(default=False, verbose_name=_("customer asks"))
    last_import = models.ForeignKey(
        TicketImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated = models.DateTimeField(auto_now=True)

    audit_exclude = ("updated",)

    class Meta:
        ordering = ["customer", "-opened", "number"]
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        constraints = [
            models.UniqueConstraint(
                fields=["customer", "number"], name="%(app_label)s_%(class)s_unique_number"
            )
        ]
        indexes = [models.Index(fields=["customer", "opened"])]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def is_closed(self) -> bool:
        return self.status in (self.Status.RESOLVED, self.Status.CLOSED)


class ProgressEntry(TenantModel):
    """One line of a ticket's progress (处理进展), from an import, a push or the expert;
    a re-import appends only the lines it has not seen (same time and text)."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="progress")
    at = models.DateTimeField(verbose_name=_("time"))
    author = models.CharField(max_length=80, blank=True, verbose_name=_("author"))
    text = models.TextField(verbose_name=_("progress"))
    digest = models.CharField(max_length=64, editable=False)

    class Meta:
        ordering = ["ticket", "at", "id"]
        verbose_name = _("progress entry")
        verbose_name_plural = _("progress entries")
        constraints = [
            models.UniqueConstraint(
                fields=["ticket", "at", "digest"], name="%(app_label)s_%(class)s_unique_entry"
            )
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.text[:40]}"


class ProblemReview(TenantModel):
    """The quarter's problem review (季度问题回顾): every ticket opened in the period
    (a recorded ``ScopeAgreement`` may change the period), tickets still open from before
    listed apart. Customer users see it once published."""

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    quarter = models.CharField(max_length=6, verbose_name=_("quarter"))
    period_start = models.DateTimeField(verbose_name=_("from"))
    period_end = models.DateTimeField(verbose_name=_("to"))
    state = models.CharField(
        max_length=10, choices=State.choices, default=State.DRAFT, verbose_name=_("state")
    )
    deliverable = models.ForeignKey(
        "delivery.Deliverable",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("report"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now, verbose_name=_("created"))

    class Meta:
        ordering = ["customer", "-quarter"]
        verbose_name = _("problem review")
        verbose_name_plural = _("problem reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["customer", "quarter"], name="%(app_label)s_%(class)s_unique_quarter"
            )
        ]

    def __str__(self) -> str:
        return f"{self.customer_id} {self.quarter}"

    @classmethod
    def customer_user_filter(cls) -> models.Q:
        return models.Q(state=cls.State.PUBLISHED)


class ScopeAgreement(TenantModel):
    """A change of a review's scope or cadence, agreed by the three parties the service
    names: the L2 expert, the customer and the field engineer (who, when, what)."""

    review = models.ForeignKey(ProblemReview, on_delete=models.CASCADE, related_name="agreements")
    what = models.TextField(verbose_name=_("what was agreed"))
    period_start = models.DateTimeField(null=True, blank=True, verbose_name=_("new start"))
    period_end = models.DateTimeField(null=True, blank=True, verbose_name=_("new end"))
    expert = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    field_engineer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    customer_party = models.CharField(max_length=100, verbose_name=_("for the customer"))
    agreed_on = models.DateField(verbose_name=_("agreed on"))
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["review", "agreed_on", "id"]
        verbose_name = _("scope agreement")
        verbose_name_plural = _("scope agreements")

    def __str__(self) -> str:
        return f"{self.agreed_on}: {self.what[:40]}"


class Escalation(StaffOnly, TenantModel):
    """An important ticket escalated to headquarters: which resources, when, by whom."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="escalations")
    resources = models.TextField(verbose_name=_("resources engaged"))
    escalated_at = models.DateTimeField(default=timezone.now, verbose_name=_("escalated at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["ticket", "escalated_at"]
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")

    def __str__(self) -> str:
        return f"{self.ticket_id} @ {self.escalated_at:%Y-%m-%d}"


class DailyReport(TenantModel):
    """The daily progress report (问题处理日报) of an important ticket for one working
    day: drafted by the schedule from the ticket's latest entries, reviewed and sent by
    the expert (e-mail to the customer's contacts, published as a deliverable)."""

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        SENT = "sent", _("sent")

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="daily_reports")
    day = models.DateField(verbose_name=_("day"))
    state = models.CharField(
        max_length=6, choices=State.choices, default=State.DRAFT, verbose_name=_("state")
    )
    impact = models.TextField(blank=True, verbose_name=_("business impact"))
    since_yesterday: Any = models.JSONField(default=list, blank=True)
    current_status = models.TextField(blank=True, verbose_name=_("current status"))
    next_steps = models.TextField(blank=True, verbose_name=_("next steps"))
    expected = models.CharField(max_length=200, blank=True, verbose_name=_("expected to resolve"))
    resources = models.TextField(blank=True, verbose_name=_("resources engaged"))
    contact = models.CharField(max_length=200, blank=True, verbose_name=_("contact"))
    deliverable = models.ForeignKey(
        "delivery.Deliverable", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(null=True, blank=True, verbose_name=_("sent at"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    missed_told = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["customer", "-day", "ticket"]
        verbose_name = _("daily report")
        verbose_name_plural = _("daily reports")
        constraints = [
            models.UniqueConstraint(
                fields=["ticket", "day"], name="%(app_label)s_%(class)s_unique_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.day}"

    @classmethod
    def customer_user_filter(cls) -> models.Q:
        return models.Q(state=cls.State.SENT)
