"""Inspections and hardening plans as records an expert works with and publishes.

An ``InspectionRun`` is one pass of the rule engine over a customer's collected facts;
it keeps, per device, the health score and what could not be assessed
(``DeviceInspection``) and every ``Finding``. A ``FindingMark`` (accepted risk or false
positive) belongs to the customer, not to one run: it carries to later inspections for
as long as the finding's fingerprint stays the same and the mark has not expired. A
``HardeningPlan`` turns chosen findings into per-device ``HardeningStep`` rows with
remediation and rollback computed against the running configuration.

All of it is the vendor's working material: customer users see what the expert
publishes (the report deliverables), not these rows.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from netcare.core.i18n import current_language
from netcare.core.models import StaffOnly, TenantModel
from netcare.reports.wording import pick


class Severity(models.TextChoices):
    CRITICAL = "critical", _("critical")
    MAJOR = "major", _("major")
    MINOR = "minor", _("minor")
    INFO = "info", _("info")


#: Sort rank of a severity, most severe first.
SEVERITY_RANK = {s: i for i, s in enumerate(Severity.values)}


class InspectionRun(StaffOnly, TenantModel):
    """One inspection of a customer's network (设备巡检): the engine run over the facts
    of one collection job, or over each device's latest facts.

    ``score``/``dimensions`` are the network health (a dimension nothing could assess
    is None), ``coverage`` how much of it was assessed; ``comparison`` counts what is new,
    persisting and resolved against ``previous`` (the customer's run before this one).
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        FINISHED = "finished", _("finished")
        FAILED = "failed", _("failed")

    collection_job = models.ForeignKey(
        "collection.CollectionJob",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("collection job"),
    )
    state = models.CharField(
        max_length=10, choices=State.choices, default=State.QUEUED, verbose_name=_("state")
    )
    packs: Any = models.JSONField(default=dict, blank=True, verbose_name=_("rule packs"))
    score = models.FloatField(null=True, blank=True, verbose_name=_("health score"))
    dimensions: Any = models.JSONField(default=dict, blank=True, verbose_name=_("dimensions"))
    coverage: Any = models.JSONField(default=dict, blank=True, verbose_name=_("coverage"))
    counts: Any = models.JSONField(default=dict, blank=True, verbose_name=_("findings"))
    comparison: Any = models.JSONField(default=dict, blank=True, verbose_name=_("comparison"))
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    job = models.ForeignKey(
        "core.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    deliverable = models.ForeignKey(
        "delivery.Deliverable",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("report"),
    )
    error = models.TextField(blank=True, verbose_name=_("error"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now, verbose_name=_("created"))
    started = models.DateTimeField(null=True, blank=True, verbose_name=_("started"))
    finished = models.DateTimeField(null=True, blank=True, verbose_name=_("finished"))

    class Meta:
        ordering = ["customer", "-created", "-id"]
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")

    def __str__(self) -> str:
        return f"#{self.pk} {self.created:%Y-%m-%d}"

    @property
    def score_known(self) -> bool:
        return score_known(self.coverage)


def score_known(coverage: Any) -> bool:
    """Whether a stored score says anything: some rule was assessed, or none applied.
    A device whose every applicable rule could not be assessed scores 100 by arithmetic,
    and the pages say "not assessed" instead of showing that number."""
    coverage = coverage or {}
    return not (coverage.get("applicable", 0) > 0 and coverage.get("assessed", 0) == 0)


class DeviceInspection(StaffOnly, TenantModel):
    """One device's part of an inspection: its health score, the dimensions and
    deductions that explain it, the rules that passed and those that could not be
    assessed (with the reason), and the facts the report's device sheet is drawn from."""

    run = models.ForeignKey(InspectionRun, on_delete=models.CASCADE, related_name="devices")
    device = models.ForeignKey(
        "inventory.Device", on_delete=models.CASCADE, related_name="inspections"
    )
    hostname = models.CharField(max_length=100, verbose_name=_("hostname"))
    platform = models.CharField(max_length=32, blank=True, verbose_name=_("platform"))
    score = models.FloatField(verbose_name=_("health score"))
    dimensions: Any = models.JSONField(default=dict, blank=True, verbose_name=_("dimensions"))
    coverage: Any = models.JSONField(default=dict, blank=True, verbose_name=_("coverage"))
    deductions: Any = models.JSONField(default=list, blank=True, verbose_name=_("deductions"))
    passed: Any = models.JSONField(default=list, blank=True, verbose_name=_("passed rules"))
    not_assessed: Any = models.JSONField(default=list, blank=True, verbose_name=_("not assessed"))
    facts: Any = models.JSONField(default=dict, blank=True, verbose_name=_("facts"))
    collected_at = models.DateTimeField(null=True, blank=True, verbose_name=_("collected at"))

    class Meta:
        ordering = ["run", "hostname"]
        verbose_name = _("device inspection")
        verbose_name_plural = _("device inspections")
        constraints = [
            models.UniqueConstraint(
                fields=["run", "device"], name="%(app_label)s_%(class)s_unique_run_device"
            )
        ]

    def __str__(self) -> str:
        return f"{self.hostname}: {self.score}"

    @property
    def score_known(self) -> bool:
        return score_known(self.coverage)


class Finding(StaffOnly, TenantModel):
    """One rule that fired on one device for one subject in one inspection.

    ``change`` says whether the previous inspection had it too; ``status`` is open,
    marked (accepted risk / false positive, through ``mark``) or resolved (a later
    inspection no longer found it), with the time it last changed.
    """

    class Change(models.TextChoices):
        NEW = "new", _("new")
        PERSISTING = "persisting", _("persisting")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        ACCEPTED_RISK = "accepted_risk", _("accepted risk")
        FALSE_POSITIVE = "false_positive", _("false positive")
        RESOLVED = "resolved", _("resolved")

    run = models.ForeignKey(InspectionRun, on_delete=models.CASCADE, related_name="findings")
    device = models.ForeignKey("inventory.Device", on_delete=models.CASCADE, related_name="+")
    rule_id = models.CharField(max_length=80, verbose_name=_("rule"))
    pack = models.CharField(max_length=80, verbose_name=_("rule pack"))
    pack_version = models.CharField(max_length=40, blank=True)
    severity = models.CharField(max_length=10, choices=Severity.choices, verbose_name=_("severity"))
    category = models.CharField(max_length=40, verbose_name=_("category"))
    subject = models.CharField(max_length=300, blank=True, verbose_name=_("subject"))
    title_zh = models.CharField(max_length=300)
    title_en = models.CharField(max_length=300)
    why_zh = models.TextField(blank=True)
    why_en = models.TextField(blank=True)
    recommendation_zh = models.TextField(blank=True)
    recommendation_en = models.TextField(blank=True)
    reference = models.CharField(max_length=500, blank=True, verbose_name=_("reference"))
    evidence: Any = models.JSONField(default=list, blank=True, verbose_name=_("evidence"))
    fingerprint = models.CharField(max_length=64, verbose_name=_("fingerprint"))
    hardening = models.BooleanField(default=False, verbose_name=_("hardening available"))
    first_seen = models.DateTimeField(default=timezone.now, verbose_name=_("first seen"))
    last_seen = models.DateTimeField(default=timezone.now, verbose_name=_("last seen"))
    change = models.CharField(
        max_length=12, choices=Change.choices, default=Change.NEW, verbose_name=_("change")
    )
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.OPEN, verbose_name=_("status")
    )
    status_changed_at = models.DateTimeField(
        default=timezone.now, verbose_name=_("status changed at")
    )
    mark = models.ForeignKey(
        "FindingMark", null=True, blank=True, on_delete=models.SET_NULL, related_name="findings"
    )

    class Meta:
        ordering = ["run", "device", "rule_id", "subject"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        constraints = [
            models.UniqueConstraint(
                fields=["run", "device", "rule_id", "subject"],
                name="%(app_label)s_%(class)s_unique_run_device_rule_id_subject",
            )
        ]
        indexes = [models.Index(fields=["customer", "fingerprint"])]

    def __str__(self) -> str:
        return f"{self.rule_id} {self.subject}".strip()

    @property
    def title(self) -> str:
        return pick(current_language(), self.title_zh, self.title_en)

    @property
    def why(self) -> str:
        return pick(current_language(), self.why_zh, self.why_en)

    @property
    def recommendation(self) -> str:
        return pick(current_language(), self.recommendation_zh, self.recommendation_en)


class FindingMark(StaffOnly, TenantModel):
    """An expert's decision on a finding: the risk is accepted, or it is not real.

    Tied to the finding's fingerprint on that device: it carries to later inspections
    until the fingerprint changes (the evidence changed) or ``expires_on`` passes, after
    which the finding is open again. Owner, reason and expiry are required.
    """

    class Kind(models.TextChoices):
        ACCEPTED_RISK = "accepted_risk", _("accepted risk")
        FALSE_POSITIVE = "false_positive", _("false positive")

    device = models.ForeignKey("inventory.Device", on_delete=models.CASCADE, related_name="+")
    rule_id = models.CharField(max_length=80, verbose_name=_("rule"))
    subject = models.CharField(max_length=300, blank=True, verbose_name=_("subject"))
    fingerprint = models.CharField(max_length=64, verbose_name=_("fingerprint"))
    kind = models.CharField(max_length=16, choices=Kind.choices, verbose_name=_("kind"))
    reason = models.TextField(verbose_name=_("reason"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("owner"),
    )
    expires_on = models.DateField(verbose_name=_("expires on"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now, verbose_name=_("created"))

    class Meta:
        ordering = ["customer", "-created", "-id"]
        verbose_name = _("finding mark")
        verbose_name_plural = _("finding marks")
        constraints = [
            models.UniqueConstraint(
                fields=["device", "rule_id", "subject", "fingerprint"],
                name="%(app_label)s_%(class)s_unique_device_rule_id_subject_fingerprint",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.rule_id} {self.subject}".strip()

    def active_on(self, day: Any) -> bool:
        return bool(self.expires_on >= day)


class HardeningPlan(StaffOnly, TenantModel):
    """A hardening plan (加固方案) drawn from an inspection's findings: steps in change
    batches, published to the customer as a report with per-device scripts.

    ``problems`` lists devices a step could not be computed for, and why (no running
    configuration collected); ``diffs`` the per-device configuration diff (device id →
    unified-diff lines) of applying every step.
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    run = models.ForeignKey(
        InspectionRun, on_delete=models.PROTECT, related_name="plans", verbose_name=_("inspection")
    )
    title = models.CharField(max_length=200, verbose_name=_("title"))
    state = models.CharField(
        max_length=10, choices=State.choices, default=State.DRAFT, verbose_name=_("state")
    )
    vars: Any = models.JSONField(default=dict, blank=True, verbose_name=_("variables"))
    problems: Any = models.JSONField(default=list, blank=True, verbose_name=_("problems"))
    diffs: Any = models.JSONField(default=dict, blank=True, verbose_name=_("diffs"))
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
        ordering = ["customer", "-created", "-id"]
        verbose_name = _("hardening plan")
        verbose_name_plural = _("hardening plans")

    def __str__(self) -> str:
        return self.title


class HardeningStep(StaffOnly, TenantModel):
    """One step of a plan on one device: what to enter (``remediation``), what gives
    the configuration back (``rollback``), the checks before and after, its impact and
    whether it needs a maintenance window. Its state moves planned → applied →
    verified (a later collection shows the rule passing), each with its time."""

    class State(models.TextChoices):
        PLANNED = "planned", _("planned")
        APPLIED = "applied", _("applied")
        VERIFIED = "verified", _("verified")

    plan = models.ForeignKey(HardeningPlan, on_delete=models.CASCADE, related_name="steps")
    device = models.ForeignKey("inventory.Device", on_delete=models.CASCADE, related_name="+")
    finding = models.ForeignKey(
        Finding, null=True, blank=True, on_delete=models.SET_NULL, related_name="steps"
    )
    rule_id = models.CharField(max_length=80, verbose_name=_("rule"))
    subject = models.CharField(max_length=300, blank=True, verbose_name=_("subject"))
    platform = models.CharField(max_length=32, blank=True, verbose_name=_("platform"))
    batch = models.PositiveSmallIntegerField(default=1, verbose_name=_("batch"))
    order = models.IntegerField(default=0, verbose_name=_("order"))
    intended = models.TextField(blank=True, verbose_name=_("intended configuration"))
    remediation = models.TextField(blank=True, verbose_name=_("remediation"))
    rollback = models.TextField(blank=True, verbose_name=_("rollback"))
    precheck: Any = models.JSONField(default=list, blank=True, verbose_name=_("pre-checks"))
    postcheck: Any = models.JSONField(default=list, blank=True, verbose_name=_("post-checks"))
    impact_zh = models.TextField(blank=True)
    impact_en = models.TextField(blank=True)
    window = models.BooleanField(default=False, verbose_name=_("maintenance window"))
    risk = models.CharField(max_length=10, choices=Severity.choices, verbose_name=_("risk"))
    unplaced: Any = models.JSONField(default=list, blank=True, verbose_name=_("unplaced lines"))
    state = models.CharField(
        max_length=10, choices=State.choices, default=State.PLANNED, verbose_name=_("state")
    )
    applied_at = models.DateTimeField(null=True, blank=True, verbose_name=_("applied at"))
    verified_at = models.DateTimeField(null=True, blank=True, verbose_name=_("verified at"))

    class Meta:
        ordering = ["plan", "batch", "order", "rule_id", "device"]
        verbose_name = _("hardening step")
        verbose_name_plural = _("hardening steps")

    def __str__(self) -> str:
        return f"{self.rule_id} {self.subject}".strip()

    @property
    def impact(self) -> str:
        return pick(current_language(), self.impact_zh, self.impact_en)
