"""Return visits, surveys and what the customer answered (回访与满意度调查).

A return visit (回访) is the account manager's record of meeting the customer near the end
of the term (or at mid-term): who was met and how, feedback and a 1–5 score per service
item, an overall score, comments and the actions promised. Recording it publishes a
record deliverable, so the customer sees it as soon as it exists.

A survey asks the customer's contacts the same in writing: a 1–5 score per service item
the customer chose, the net-promoter question (0–10) and open comments. Each contact
gets an invitation with a one-time link that needs no login; only the SHA-256 of the
link's token is stored. Customer users may also answer in the portal. One invitation,
and one portal user, answers once.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from netcare.core.models import TenantModel
from netcare.customers.models import Channel


class Stage(models.TextChoices):
    MID_TERM = "mid_term", _("mid-term")
    FINAL = "final", _("end of term")


SCORE = [MinValueValidator(1), MaxValueValidator(5)]


class ReturnVisit(TenantModel):
    """One return visit (回访) as the account manager recorded it.

    ``deliverable`` is the record published when it was recorded; the end-of-term visit's
    record completes the plan's ``return_visit`` obligation. Customer users see a visit
    once its record is published.
    """

    contract = models.ForeignKey(
        "contracts.Contract", on_delete=models.PROTECT, related_name="+", verbose_name=_("contract")
    )
    stage = models.CharField(max_length=10, choices=Stage.choices, verbose_name=_("stage"))
    visited_on = models.DateField(verbose_name=_("date"))
    channel = models.CharField(max_length=10, choices=Channel.choices, verbose_name=_("channel"))
    contacts = models.ManyToManyField(
        "customers.Contact", blank=True, related_name="+", verbose_name=_("people met")
    )
    others = models.CharField(max_length=200, blank=True, verbose_name=_("others present"))
    overall = models.PositiveSmallIntegerField(validators=SCORE, verbose_name=_("overall score"))
    comments = models.TextField(blank=True, verbose_name=_("comments"))
    deliverable = models.ForeignKey(
        "delivery.Deliverable", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now, verbose_name=_("recorded"))

    class Meta:
        ordering = ["customer", "-visited_on", "-id"]
        verbose_name = _("return visit")
        verbose_name_plural = _("return visits")

    def __str__(self) -> str:
        return f"{self.visited_on:%Y-%m-%d} {self.get_stage_display()}"

    @classmethod
    def customer_user_filter(cls) -> models.Q:
        return models.Q(deliverable__state="published")


class VisitFeedback(TenantModel):
    """What the customer said of one service item at a return visit, with its 1–5 score."""

    visit = models.ForeignKey(ReturnVisit, on_delete=models.CASCADE, related_name="feedback")
    item = models.ForeignKey(
        "contracts.ServiceItem", on_delete=models.PROTECT, related_name="+", verbose_name=_("item")
    )
    score = models.PositiveSmallIntegerField(validators=SCORE, verbose_name=_("score"))
    feedback = models.TextField(blank=True, verbose_name=_("feedback"))

    class Meta:
        ordering = ["visit", "item__number"]
        verbose_name = _("visit feedback")
        verbose_name_plural = _("visit feedback")
        constraints = [
            models.UniqueConstraint(
                fields=["visit", "item"], name="%(app_label)s_%(class)s_unique_visit_item"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item.code}: {self.score}"

    @classmethod
    def customer_user_filter(cls) -> models.Q:
        return models.Q(visit__deliverable__state="published")


class VisitAction(TenantModel):
    """An action promised at a return visit: what, who answers for it, by when."""

    visit = models.ForeignKey(ReturnVisit, on_delete=models.CASCADE, related_name="actions")
    text = models.CharField(max_length=300, verbose_name=_("action"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("owner"),
    )
    due = models.DateField(null=True, blank=True, verbose_name=_("due"))

    class Meta:
        ordering = ["visit", "due", "id"]
        verbose_name = _("promised action")
        verbose_name_plural = _("promised actions")

    def __str__(self) -> str:
        return self.text

    @classmethod
    def customer_user_filter(cls) -> models.Q:
        return models.Q(visit__deliverable__state="published")


class Survey(TenantModel):
    """A satisfaction survey sent to the customer's contacts (mid-term or end of term).

    ``questions`` is the questionnaire as it was sent (from the survey template and the
    items the customer chose), so a later change of the template never changes what was
    asked: ``[{"key", "kind": "csat"|"nps"|"text", "item", "zh", "en"}]``. The customer's
    users see their own customer's surveys (they answer in the portal).
    """

    class State(models.TextChoices):
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    contract = models.ForeignKey(
        "contracts.Contract", on_delete=models.PROTECT, related_name="+", verbose_name=_("contract")
    )
    stage = models.CharField(max_length=10, choices=Stage.choices, verbose_name=_("stage"))
    language = models.CharField(max_length=4, default="zh", verbose_name=_("language"))
    questions: Any = models.JSONField(default=list, verbose_name=_("questions"))
    state = models.CharField(
        max_length=8, choices=State.choices, default=State.OPEN, verbose_name=_("state")
    )
    expires_at = models.DateTimeField(verbose_name=_("answer by"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now, verbose_name=_("sent"))

    class Meta:
        ordering = ["customer", "-sent_at", "-id"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")

    def __str__(self) -> str:
        return f"{self.customer_id}:{self.stage}:{self.sent_at:%Y-%m-%d}"

    def is_open(self, now: Any = None) -> bool:
        return self.state == self.State.OPEN and (now or timezone.now()) < self.expires_at


class Invitation(TenantModel):
    """One contact's invitation to a survey: the one-time link's SHA-256, never the token.

    The token itself exists only in the e-mail (and, when asked, on the sender's screen);
    a lost or failed link is replaced by sending a fresh one. Vendor staff only.
    """

    class Mail(models.TextChoices):
        NONE = "", _("not e-mailed")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    contact = models.ForeignKey(
        "customers.Contact",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("contact"),
    )
    name = models.CharField(max_length=60, verbose_name=_("name"))
    email = models.EmailField(blank=True, verbose_name=_("email"))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(verbose_name=_("link expires"))
    mail_state = models.CharField(
        max_length=8, choices=Mail.choices, blank=True, default=Mail.NONE, verbose_name=_("mail")
    )
    answered_at = models.DateTimeField(null=True, blank=True, verbose_name=_("answered"))
    created = models.DateTimeField(default=timezone.now)

    audit_exclude = ("token_hash",)

    class Meta:
        ordering = ["survey", "name", "id"]
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def customer_user_filter(cls) -> models.Q:
        return models.Q(pk__in=[])


class Response(TenantModel):
    """One completed questionnaire, through a link (``invitation``) or in the portal
    (``user``). Each invitation and each portal user answers a survey once: the database
    refuses a second row, whatever two requests race."""

    class Via(models.TextChoices):
        LINK = "link", _("link")
        PORTAL = "portal", _("portal")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    invitation = models.OneToOneField(
        Invitation, null=True, blank=True, on_delete=models.SET_NULL, related_name="response"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    via = models.CharField(max_length=8, choices=Via.choices, verbose_name=_("answered through"))
    respondent = models.CharField(max_length=60, blank=True, verbose_name=_("respondent"))
    nps = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(10)],
        verbose_name=_("likely to recommend (0–10)"),
    )
    comment = models.TextField(blank=True, verbose_name=_("comments"))
    answered_at = models.DateTimeField(default=timezone.now, verbose_name=_("answered"))

    class Meta:
        ordering = ["survey", "answered_at", "id"]
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "user"],
                condition=models.Q(user__isnull=False),
                name="%(app_label)s_%(class)s_unique_survey_user",
            )
        ]

    def __str__(self) -> str:
        return f"{self.respondent or self.via} {self.answered_at:%Y-%m-%d}"

    @classmethod
    def customer_user_filter(cls) -> models.Q:
        # Who answered what is the vendor's working material; customers read the
        # published results, where answers are counted, not named.
        return models.Q(pk__in=[])


class Answer(TenantModel):
    """A 1–5 score (and an optional remark) for one service item in one response."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(
        "contracts.ServiceItem", on_delete=models.PROTECT, related_name="+", verbose_name=_("item")
    )
    score = models.PositiveSmallIntegerField(validators=SCORE, verbose_name=_("score"))

    class Meta:
        ordering = ["response", "item__number"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "item"], name="%(app_label)s_%(class)s_unique_response_item"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.score}"

    @classmethod
    def customer_user_filter(cls) -> models.Q:
        return models.Q(pk__in=[])
