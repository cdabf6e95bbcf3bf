"""The in-app inbox and each user's notification preferences."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NotificationQuerySet(models.QuerySet["Notification"]):
    def for_user(self, user: Any) -> NotificationQuerySet:
        """A user's own notifications: nobody reads another person's inbox, admins neither."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(recipient_id=user.pk)

    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """One message to one person: shown in the inbox and, if they want it, e-mailed.

    Written only by ``notifications.services.notify``, which renders subject and body in
    the recipient's language. ``key`` names what the message is about (an obligation's
    reminder, a request's missed response) so telling someone the same thing twice —
    a task redelivered after a crash, an hourly run that finds the same overdue item —
    writes nothing new.
    """

    class Email(models.TextChoices):
        NONE = "", _("not e-mailed")
        PENDING = "pending", _("to send")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    customer = models.ForeignKey(
        "customers.Customer",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("customer"),
    )
    kind = models.SlugField(max_length=60, verbose_name=_("kind"))
    key = models.CharField(max_length=120, verbose_name=_("about"))
    language = models.CharField(max_length=8, default="zh")
    subject = models.CharField(max_length=200, verbose_name=_("subject"))
    body = models.TextField(verbose_name=_("message"))
    link = models.CharField(max_length=300, blank=True)
    created = models.DateTimeField(default=timezone.now, verbose_name=_("sent"))
    read_at = models.DateTimeField(null=True, blank=True, verbose_name=_("read"))
    email_state = models.CharField(
        max_length=8, choices=Email.choices, default=Email.NONE, blank=True
    )
    email_attempts = models.PositiveSmallIntegerField(default=0)
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "key"],
                name="%(app_label)s_%(class)s_unique_recipient_kind_key",
            )
        ]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return f"{self.recipient} · {self.subject}"


class NotificationPreference(models.Model):
    """How one person wants to be told: language, e-mail per kind, reminder lead time."""

    class Language(models.TextChoices):
        ZH = "zh", "中文"
        EN = "en", "English"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    language = models.CharField(
        max_length=4, choices=Language.choices, default=Language.ZH, verbose_name=_("language")
    )
    email = models.BooleanField(default=True, verbose_name=_("send e-mail"))
    muted_kinds = models.JSONField(default=list, blank=True, verbose_name=_("kinds not e-mailed"))
    remind_days_before = models.PositiveSmallIntegerField(
        default=7, verbose_name=_("remind days before due")
    )

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"{self.user} · {self.language}"

    def emails(self, kind: str) -> bool:
        return self.email and kind not in self.muted_kinds
