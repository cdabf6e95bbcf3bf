"""Technical proposal assessment (技术方案协助评估) and technology workshops (前沿技术方案研讨).

Both are request-driven engagements (``delivery.Engagement``): the customer submits a
proposal or asks for a topic, the L2 expert staffs the work with the vendor's people,
and the result — the assessment report or the minutes — is published as a deliverable
that closes the request.

What the customer's users see: their own submission and workshop (they asked for it);
the reviewers, findings and conclusion of an assessment only once it is published; the
attendees, minutes and follow-ups of a workshop only once its minutes are published.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from netcare.core.models import TenantModel
from netcare.delivery.flow import flow
from netcare.delivery.models import Engagement


class Area(models.TextChoices):
    """Where a finding on a proposal belongs (the report groups findings by area)."""

    ARCHITECTURE = "architecture", _("architecture")
    CAPACITY = "capacity", _("capacity")
    AVAILABILITY = "availability", _("availability")
    SECURITY = "security", _("security")
    OPERABILITY = "operability", _("operability")


class Severity(models.TextChoices):
    """How much a finding's risk matters if the proposal goes ahead unchanged."""

    HIGH = "high", _("high")
    MEDIUM = "medium", _("medium")
    LOW = "low", _("low")
    INFO = "info", _("for information")


class Speciality(models.TextChoices):
    """What a reviewer or expert brings: the RAM, or an HQ expert's speciality."""

    L2_EXPERT = "l2_expert", _("dedicated L2 expert")
    PRODUCT_SUPPORT = "product_support", _("product support expert")
    INDUSTRY = "industry", _("industry expert")
    RND = "rnd", _("R&D")
    FIELD = "field_engineer", _("field engineer")
    ACCOUNT = "asm", _("key account manager")


#: The specialities an HQ expert is booked or assigned with (one must be named).
HQ_SPECIALITIES = (Speciality.PRODUCT_SUPPORT, Speciality.INDUSTRY, Speciality.RND)


class Assessment(Engagement):
    """The assessment of one proposal the customer submitted (a change, an expansion or a
    redesign), kept as uploaded, with its context; reviewers record findings by area,
    and the L2 expert publishes the technical proposal assessment report.

    submitted → in_review (a reviewer is assigned) → assessed (the review is concluded)
    → published (the report is released; the request closes). An assessed proposal may go
    back to review for more findings; a published one is final.
    """

    class State(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        IN_REVIEW = "in_review", _("in review")
        ASSESSED = "assessed", _("assessed")
        PUBLISHED = "published", _("published")

    class ProposalKind(models.TextChoices):
        CHANGE = "change", _("change")
        EXPANSION = "expansion", _("expansion")
        REDESIGN = "redesign", _("redesign")

    FLOW = flow(
        "proposal assessment",
        {
            "submitted": {"in_review"},
            "in_review": {"assessed"},
            "assessed": {"published", "in_review"},
            "published": set(),
        },
    )
    REQUEST_KIND: ClassVar[str] = "proposal_assessment"

    state = models.CharField(
        max_length=20, choices=State.choices, default=State.SUBMITTED, verbose_name=_("state")
    )
    proposal_kind = models.CharField(
        max_length=10, choices=ProposalKind.choices, verbose_name=_("kind of proposal")
    )
    context = models.TextField(verbose_name=_("context"))
    file_path = models.CharField(max_length=500, verbose_name=_("kept file"))
    file_name = models.CharField(max_length=200, verbose_name=_("file name"))
    file_type = models.CharField(max_length=10, verbose_name=_("file type"))
    file_size = models.PositiveIntegerField(verbose_name=_("size (bytes)"))
    file_sha256 = models.CharField(max_length=64)
    summary = models.TextField(blank=True, verbose_name=_("proposal summary"))
    conclusion = models.TextField(blank=True, verbose_name=_("conclusion"))
    assessed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("assessed"))

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("proposal assessment")
        verbose_name_plural = _("proposal assessments")

    @property
    def is_published(self) -> bool:
        return self.state == self.State.PUBLISHED


class AssessmentReviewer(TenantModel):
    """A reviewer the L2 expert assigned to an assessment: one of the customer's vendor
    staff (its L2 expert or an HQ expert, who is assigned with a speciality)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="reviewers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reviewer"),
    )
    speciality = models.CharField(
        max_length=20, choices=Speciality.choices, verbose_name=_("speciality")
    )
    assigned_at = models.DateTimeField(default=timezone.now, verbose_name=_("assigned"))
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["assessment", "assigned_at", "id"]
        verbose_name = _("reviewer")
        verbose_name_plural = _("reviewers")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "user"], name="%(app_label)s_%(class)s_unique_user"
            )
        ]

    def __str__(self) -> str:
        return f"{self.assessment} · {self.user}"

    @classmethod
    def customer_user_filter(cls) -> Q:
        return Q(assessment__state=Assessment.State.PUBLISHED)


class AssessmentFinding(TenantModel):
    """One finding of a reviewer on the proposal: its area and severity, what was found,
    the risk it carries and what the reviewer recommends (text as the reviewer wrote it,
    in Chinese or English)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="findings")
    area = models.CharField(max_length=20, choices=Area.choices, verbose_name=_("area"))
    severity = models.CharField(max_length=10, choices=Severity.choices, verbose_name=_("severity"))
    finding = models.TextField(verbose_name=_("finding"))
    risk = models.TextField(blank=True, verbose_name=_("risk"))
    recommendation = models.TextField(verbose_name=_("recommendation"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("reviewer"),
    )
    created = models.DateTimeField(default=timezone.now, verbose_name=_("recorded"))

    class Meta:
        ordering = ["assessment", "area", "created", "id"]
        verbose_name = _("assessment finding")
        verbose_name_plural = _("assessment findings")

    def __str__(self) -> str:
        return f"{self.get_area_display()}: {self.finding[:60]}"

    @classmethod
    def customer_user_filter(cls) -> Q:
        return Q(assessment__state=Assessment.State.PUBLISHED)


class Workshop(Engagement):
    """A technology workshop the customer asked for on a topic: the L2 expert books the
    vendor's experts, sets the date and the place or online link; afterwards records the
    attendees of both sides, the minutes and the follow-ups, and publishes the minutes.

    requested → scheduled → held → minutes_published; requested or scheduled →
    cancelled.
    """

    class State(models.TextChoices):
        REQUESTED = "requested", _("requested")
        SCHEDULED = "scheduled", _("scheduled")
        HELD = "held", _("held")
        MINUTES_PUBLISHED = "minutes_published", _("minutes published")
        CANCELLED = "cancelled", _("cancelled")

    FLOW = flow(
        "technology workshop",
        {
            "requested": {"scheduled", "cancelled"},
            "scheduled": {"held", "cancelled"},
            "held": {"minutes_published"},
            "minutes_published": set(),
            "cancelled": set(),
        },
    )
    REQUEST_KIND: ClassVar[str] = "technology_workshop"

    state = models.CharField(
        max_length=20, choices=State.choices, default=State.REQUESTED, verbose_name=_("state")
    )
    description = models.TextField(blank=True, verbose_name=_("what the customer wants"))
    place = models.CharField(max_length=200, blank=True, verbose_name=_("place"))
    online_link = models.URLField(max_length=300, blank=True, verbose_name=_("online link"))
    minutes = models.TextField(blank=True, verbose_name=_("minutes"))
    cancel_reason = models.TextField(blank=True, verbose_name=_("why cancelled"))

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("technology workshop")
        verbose_name_plural = _("technology workshops")

    @property
    def minutes_released(self) -> bool:
        return self.state == self.State.MINUTES_PUBLISHED


class WorkshopExpert(TenantModel):
    """An expert booked for a workshop: one of the customer's vendor staff (an HQ expert
    with a speciality)."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="experts")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("expert"),
    )
    speciality = models.CharField(
        max_length=20, choices=Speciality.choices, verbose_name=_("speciality")
    )
    booked_at = models.DateTimeField(default=timezone.now, verbose_name=_("booked"))
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["workshop", "booked_at", "id"]
        verbose_name = _("booked expert")
        verbose_name_plural = _("booked experts")
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "user"], name="%(app_label)s_%(class)s_unique_user"
            )
        ]

    def __str__(self) -> str:
        return f"{self.workshop} · {self.user}"


class WorkshopAttendee(TenantModel):
    """Someone who attended a workshop, from the vendor's side or the customer's."""

    class Side(models.TextChoices):
        VENDOR = "vendor", _("vendor")
        CUSTOMER = "customer", _("customer")

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="attendees")
    side = models.CharField(max_length=10, choices=Side.choices, verbose_name=_("side"))
    name = models.CharField(max_length=100, verbose_name=_("name"))
    title = models.CharField(max_length=100, blank=True, verbose_name=_("title or team"))

    class Meta:
        ordering = ["workshop", "side", "id"]
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def customer_user_filter(cls) -> Q:
        return Q(workshop__state=Workshop.State.MINUTES_PUBLISHED)


class FollowUp(TenantModel):
    """An action agreed at a workshop: what, who owns it, by when, and whether it is done."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="follow_ups")
    text = models.TextField(verbose_name=_("action"))
    owner = models.CharField(max_length=100, verbose_name=_("owner"))
    due = models.DateField(verbose_name=_("due"))
    done = models.BooleanField(default=False, verbose_name=_("done"))
    done_at = models.DateTimeField(null=True, blank=True, verbose_name=_("done on"))

    class Meta:
        ordering = ["workshop", "due", "id"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")

    def __str__(self) -> str:
        return self.text[:60]

    @classmethod
    def customer_user_filter(cls) -> Q:
        return Q(workshop__state=Workshop.State.MINUTES_PUBLISHED)
