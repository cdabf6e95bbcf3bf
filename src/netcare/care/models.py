"""The service plan document (服务计划) and holiday care (节日关怀).

* ``PlanDocument`` — the confirmed plan written as a document the customer keeps (zh/en,
  Word/Excel/PDF), delivered through a ``delivery.Deliverable``; customers see it once
  that deliverable is published.
* ``CareMessage`` — a customer's own wording of a holiday-care message for one channel
  and language, replacing the house template (``care/data/messages.yaml``).
* ``CareTouch`` — one greeting before a holiday to one person by one channel: who, when,
  what was said. Each touch is also a contact-log entry (``delivery.ContactLog``); the
  first one of a care obligation completes it through that log's published record.

Care messages and touches are the vendor's working material: customer users see the
published contact record instead (``delivery``), never the drafts or templates.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from netcare.core.models import StaffOnly, TenantModel
from netcare.customers.models import Channel


class Language(models.TextChoices):
    ZH = "zh", "中文"
    EN = "en", "English"


class PlanDocument(TenantModel):
    """One issue of a confirmed service plan's document.

    ``version`` counts the issues of one plan: re-generating while the deliverable is a
    draft re-renders the same issue; after it was published, a new issue starts (the
    plan was revised). ``plan_revision`` is the plan revision the document shows.
    """

    plan = models.ForeignKey(
        "delivery.ServicePlan", on_delete=models.CASCADE, related_name="documents"
    )
    deliverable = models.OneToOneField(
        "delivery.Deliverable",
        on_delete=models.PROTECT,
        related_name="plan_document",
        verbose_name=_("deliverable"),
    )
    version = models.PositiveIntegerField(default=1, verbose_name=_("version"))
    plan_revision = models.PositiveIntegerField(default=0, verbose_name=_("plan revision"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now, verbose_name=_("created"))
    rendered_at = models.DateTimeField(null=True, blank=True, verbose_name=_("rendered at"))

    class Meta:
        ordering = ["customer", "-version", "-id"]
        verbose_name = _("service plan document")
        verbose_name_plural = _("service plan documents")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "version"], name="%(app_label)s_%(class)s_unique_plan_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.plan.contract.number} · v{self.version}"

    @classmethod
    def customer_user_filter(cls) -> Q:
        return Q(deliverable__state="published")

    @property
    def is_published(self) -> bool:
        return self.deliverable.state == "published"


class CareMessage(StaffOnly, TenantModel):
    """A customer's own wording of the holiday-care message for one channel and language.

    Placeholders in ``{braces}`` are filled when a message is drafted (see
    ``care.services.messages.PLACEHOLDERS``); an SMS must fit one message once filled.
    Without a row the house template of that channel and language is used.
    """

    channel = models.CharField(max_length=10, choices=Channel.choices, verbose_name=_("channel"))
    language = models.CharField(max_length=2, choices=Language.choices, verbose_name=_("language"))
    subject = models.CharField(max_length=200, blank=True, verbose_name=_("subject"))
    body = models.TextField(verbose_name=_("message"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated = models.DateTimeField(default=timezone.now, verbose_name=_("updated"))

    class Meta:
        ordering = ["customer", "channel", "language"]
        verbose_name = _("care message")
        verbose_name_plural = _("care messages")
        constraints = [
            models.UniqueConstraint(
                fields=["customer", "channel", "language"],
                name="%(app_label)s_%(class)s_unique_customer_channel_language",
            )
        ]

    def __str__(self) -> str:
        return f"{self.customer_id} · {self.channel} · {self.language}"


class CareTouch(StaffOnly, TenantModel):
    """One holiday greeting to one person of the customer, by one channel.

    E-mail touches are sent from NetCare (``state`` ``sent``); phone calls, SMS, WeChat
    messages and visits happen outside it and are recorded (``recorded``). Each touch
    writes its contact-log entry (``contact_log``); the first touch of an open care
    obligation completes it through the record that entry publishes.
    """

    class State(models.TextChoices):
        SENT = "sent", _("sent from NetCare")
        RECORDED = "recorded", _("recorded")

    obligation = models.ForeignKey(
        "delivery.Obligation",
        on_delete=models.PROTECT,
        related_name="care_touches",
        verbose_name=_("obligation"),
    )
    contact = models.ForeignKey(
        "customers.Contact",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("contact"),
    )
    #: Who was greeted, as written when it happened (the contact may change later).
    people = models.CharField(max_length=300, verbose_name=_("people"))
    channel = models.CharField(max_length=10, choices=Channel.choices, verbose_name=_("channel"))
    address = models.CharField(max_length=254, blank=True, verbose_name=_("address"))
    language = models.CharField(max_length=2, choices=Language.choices, verbose_name=_("language"))
    subject = models.CharField(max_length=200, blank=True, verbose_name=_("subject"))
    message = models.TextField(verbose_name=_("message"))
    note = models.TextField(blank=True, verbose_name=_("note"))
    state = models.CharField(max_length=10, choices=State.choices, verbose_name=_("state"))
    touched_at = models.DateTimeField(verbose_name=_("when"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("by"),
    )
    contact_log = models.OneToOneField(
        "delivery.ContactLog",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="care_touch",
    )
    created = models.DateTimeField(default=timezone.now)

    #: Channels a touch is sent by from NetCare; the others are recorded.
    SENT_CHANNELS: ClassVar[tuple[str, ...]] = (Channel.EMAIL,)

    class Meta:
        ordering = ["-touched_at", "-id"]
        verbose_name = _("care touch")
        verbose_name_plural = _("care touches")

    def __str__(self) -> str:
        return f"{self.touched_at:%Y-%m-%d} {self.channel} · {self.people}"
