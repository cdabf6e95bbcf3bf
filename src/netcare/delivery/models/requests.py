"""Service requests the customer raises in the portal, with their response deadline."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from netcare.core.models import TenantModel


class ServiceRequest(TenantModel):
    """A request from the customer: a question, a document, an onsite visit, a workshop…

    Routed on arrival to the L2 expert (technical kinds) or the account manager
    (critical periods and relationship matters) named on the contract, with a first
    response due after the catalog's working days on the customer's regional calendar.
    A missed first response alerts both leads once.
    """

    class Kind(models.TextChoices):
        TECHNICAL_QUESTION = "technical_question", _("technical question")
        DOCUMENT_REQUEST = "document_request", _("document request")
        CHANGE_ASSURANCE = "change_assurance", _("change assurance")
        ONSITE_SUPPORT = "onsite_support", _("onsite support")
        PROPOSAL_ASSESSMENT = "proposal_assessment", _("technical proposal assessment")
        TECHNOLOGY_WORKSHOP = "technology_workshop", _("technology workshop")
        CRITICAL_PERIOD = "critical_period_assurance", _("critical-period assurance")
        RELATIONSHIP = "relationship", _("account and relationship matter")

    class State(models.TextChoices):
        OPEN = "open", _("awaiting response")
        ANSWERED = "answered", _("answered")
        CLOSED = "closed", _("closed")

    #: The catalog item each kind draws on; its lead decides the routing.
    ITEM_BY_KIND: ClassVar[dict[str, str]] = {
        "technical_question": "l2_expert_service",
        "document_request": "doc_sharing",
        "change_assurance": "change_assurance",
        "onsite_support": "onsite_support",
        "proposal_assessment": "proposal_assessment",
        "technology_workshop": "technology_workshop",
        "critical_period_assurance": "critical_period_assurance",
        "relationship": "asm_service",
    }
    KIND_ZH: ClassVar[dict[str, str]] = {
        "technical_question": "技术咨询",
        "document_request": "资料申请",
        "change_assurance": "变更保障",
        "onsite_support": "现场技术支持",
        "proposal_assessment": "技术方案协助评估",
        "technology_workshop": "前沿技术方案研讨",
        "critical_period_assurance": "关键时刻保障",
        "relationship": "客户关系事宜",
    }
    KIND_EN: ClassVar[dict[str, str]] = {
        "technical_question": "technical question",
        "document_request": "document request",
        "change_assurance": "change assurance",
        "onsite_support": "onsite support",
        "proposal_assessment": "technical proposal assessment",
        "technology_workshop": "technology workshop",
        "critical_period_assurance": "critical-period assurance",
        "relationship": "account and relationship matter",
    }

    contract = models.ForeignKey(
        "contracts.Contract",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="service_requests",
    )
    item = models.ForeignKey("contracts.ServiceItem", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=30, choices=Kind.choices, verbose_name=_("kind"))
    title = models.CharField(max_length=200, verbose_name=_("title"))
    text = models.TextField(verbose_name=_("description"))
    wanted_date = models.DateField(null=True, blank=True, verbose_name=_("wanted by"))
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("raised by"),
    )
    raised_at = models.DateTimeField(default=timezone.now, verbose_name=_("raised at"))
    routed_role = models.CharField(max_length=10, verbose_name=_("routed to role"))
    routed_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("routed to"),
    )
    state = models.CharField(
        max_length=10, choices=State.choices, default=State.OPEN, verbose_name=_("state")
    )
    response_working_days = models.PositiveSmallIntegerField(default=1)
    first_response_due = models.DateTimeField(verbose_name=_("first response due"))
    first_response_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("first response at")
    )
    first_responder = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    response = models.TextField(blank=True, verbose_name=_("response"))
    missed_alerted_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    resolution = models.TextField(blank=True, verbose_name=_("resolution"))

    class Meta:
        ordering = ["-raised_at", "-id"]
        verbose_name = _("service request")
        verbose_name_plural = _("service requests")
        indexes = [models.Index(fields=["state", "first_response_due"])]

    def __str__(self) -> str:
        return self.title

    def get_kind_zh(self) -> str:
        return self.KIND_ZH[self.kind]

    def get_kind_en(self) -> str:
        return self.KIND_EN[self.kind]

    def response_late(self, now: dt.datetime | None = None) -> bool:
        """The first response came (or is still missing) after it was due."""
        answered = self.first_response_at
        if answered is not None:
            return answered > self.first_response_due
        return (now or timezone.now()) > self.first_response_due
