"""The yearly daily-maintenance guide (日常维护指导手册) and the custom sections the L2
expert adds to it.

A ``MaintenanceGuide`` is one edition: the guide generated for a customer in one year
from its devices, features in use and open inspection findings, rendered in zh and en
and published as a deliverable that completes the plan's ``maintenance_guide``
obligation. Customer users see an edition once published.

A ``GuideSection`` is customised maintenance material the RAM writes for the customer;
the service needs the agreement of the L2 expert, the customer and the field engineer,
so each party's agreement is recorded (who, when) and a section enters a guide only
once all three agreed. Editing a section's text clears the agreements.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from netcare.core.i18n import current_language
from netcare.core.models import TenantModel
from netcare.reports.wording import pick


class MaintenanceGuide(TenantModel):
    """One edition of a customer's daily-maintenance guide (one per year).

    ``stats`` keeps what the edition was generated from (devices, platforms, features,
    checks per frequency, watched risks), so the page shows it without re-selecting.
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    year = models.PositiveIntegerField(verbose_name=_("year"))
    state = models.CharField(
        max_length=10, choices=State.choices, default=State.DRAFT, verbose_name=_("state")
    )
    stats = models.JSONField(default=dict, blank=True, verbose_name=_("contents"))
    deliverable = models.ForeignKey(
        "delivery.Deliverable",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("deliverable"),
    )
    generated_at = models.DateTimeField(default=timezone.now, verbose_name=_("generated"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True, verbose_name=_("published"))

    class Meta:
        ordering = ["customer", "-year"]
        verbose_name = _("maintenance guide")
        verbose_name_plural = _("maintenance guides")
        constraints = [
            models.UniqueConstraint(
                fields=["customer", "year"], name="%(app_label)s_%(class)s_unique_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.customer_id} {self.year}"

    @classmethod
    def customer_user_filter(cls) -> models.Q:
        return models.Q(state=cls.State.PUBLISHED)


class GuideSection(TenantModel):
    """A custom section of the customer's guide (title and text in zh and en), with the
    three parties' agreement: the L2 expert, the customer and the field engineer."""

    title_zh = models.CharField(max_length=200, verbose_name=_("title (Chinese)"))
    title_en = models.CharField(max_length=200, verbose_name=_("title (English)"))
    text_zh = models.TextField(verbose_name=_("text (Chinese)"))
    text_en = models.TextField(verbose_name=_("text (English)"))
    order = models.PositiveIntegerField(default=0, verbose_name=_("order"))
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("L2 expert"),
    )
    expert_agreed_at = models.DateTimeField(null=True, blank=True)
    customer_party = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("for the customer"),
    )
    customer_agreed_at = models.DateTimeField(null=True, blank=True)
    field_engineer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("field engineer"),
    )
    field_engineer_agreed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now, verbose_name=_("created"))

    class Meta:
        ordering = ["customer", "order", "id"]
        verbose_name = _("custom guide section")
        verbose_name_plural = _("custom guide sections")

    def __str__(self) -> str:
        return self.title_zh

    @property
    def title(self) -> str:
        return pick(current_language(), self.title_zh, self.title_en)

    @property
    def text(self) -> str:
        return pick(current_language(), self.text_zh, self.text_en)

    @property
    def agreed(self) -> bool:
        """All three parties agreed: only then does the section enter a guide."""
        return bool(
            self.expert_agreed_at and self.customer_agreed_at and self.field_engineer_agreed_at
        )
