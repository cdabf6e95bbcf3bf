"""Deliverables: every result delivered to a customer, with its files and its release."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from netcare.core.i18n import current_language
from netcare.core.models import TenantModel
from netcare.reports.wording import pick


def report_storage() -> FileSystemStorage:
    """Deliverable files live under ``DATA_DIR/reports`` where operators expect them."""
    return FileSystemStorage(location=settings.REPORTS_DIR)


class Deliverable(TenantModel):
    """A result of the service delivered to the customer: a report, record or notice.

    Drafted by vendor staff, reviewed, then published by the L2 expert or account
    manager; customer users see it only once published. Every capability delivers its
    results through this one model; published against an ``obligation`` it completes it.
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        IN_REVIEW = "in_review", _("in review")
        PUBLISHED = "published", _("published")
        WITHDRAWN = "withdrawn", _("withdrawn")

    class Kind(models.TextChoices):
        REPORT = "report", _("report")
        RECORD = "record", _("record")
        NOTICE = "notice", _("notice")
        PACKAGE = "package", _("document package")
        TABLE = "table", _("table")

    item = models.ForeignKey(
        "contracts.ServiceItem",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("service item"),
    )
    contract = models.ForeignKey(
        "contracts.Contract",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="deliverables",
    )
    title_zh = models.CharField(max_length=200, verbose_name=_("title (Chinese)"))
    title_en = models.CharField(
        max_length=200,
        blank=True,
        verbose_name=_("title (English)"),
        help_text=_("Empty when the deliverable has one title for every reader."),
    )
    kind = models.CharField(
        max_length=10, choices=Kind.choices, default=Kind.REPORT, verbose_name=_("kind")
    )
    report_type = models.SlugField(max_length=60, blank=True)
    summary = models.TextField(blank=True, verbose_name=_("summary"))
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    state = models.CharField(
        max_length=10, choices=State.choices, default=State.DRAFT, verbose_name=_("state")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("published by"),
    )
    published_at = models.DateTimeField(null=True, blank=True, verbose_name=_("published at"))
    obligation = models.ForeignKey(
        "delivery.Obligation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deliverables",
        verbose_name=_("obligation"),
        help_text=_("The planned obligation this deliverable fulfils when it is published."),
    )

    class Meta:
        ordering = ["customer", "-created", "-id"]
        verbose_name = _("deliverable")
        verbose_name_plural = _("deliverables")

    def __str__(self) -> str:
        return self.title

    @classmethod
    def customer_user_filter(cls) -> Q:
        return Q(state=cls.State.PUBLISHED)

    def title_in(self, language: str) -> str:
        """The title in ``language`` (``zh`` or ``en``); one title serves both when the
        deliverable has no English one (a document named by its author)."""
        return pick(language, self.title_zh, self.title_en or self.title_zh)

    @property
    def title(self) -> str:
        """The title in the active language: the viewer's on a page or in an API answer,
        the recipient's in a notification."""
        return self.title_in(current_language())

    @property
    def is_record(self) -> bool:
        return self.kind == self.Kind.RECORD


class DeliverableFile(TenantModel):
    """One file of a deliverable in one format and language (e.g. the zh .docx)."""

    deliverable = models.ForeignKey(Deliverable, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(storage=report_storage, max_length=300, upload_to="uploads/%Y/%m")
    name = models.CharField(max_length=200, verbose_name=_("file name"))
    format = models.CharField(max_length=10, verbose_name=_("format"))
    language = models.CharField(max_length=8, blank=True, verbose_name=_("language"))
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    created = models.DateTimeField(default=timezone.now)

    customer_path: ClassVar[str] = "customer"

    class Meta:
        ordering = ["deliverable", "language", "format"]
        constraints = [
            models.UniqueConstraint(
                fields=["deliverable", "format", "language"],
                name="%(app_label)s_%(class)s_unique_deliverable_format_language",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def customer_user_filter(cls) -> Q:
        return Q(deliverable__state=Deliverable.State.PUBLISHED)

    @property
    def path(self) -> Path:
        return Path(self.file.path)

    def content_type(self) -> str:
        return CONTENT_TYPES.get(self.format, "application/octet-stream")


CONTENT_TYPES: dict[str, Any] = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
    "zip": "application/zip",
    "csv": "text/csv; charset=utf-8",
}
