"""The document library (shared vendor data) and each customer's exclusive document
packages (专属资料包) with the profile they are matched against."""

from __future__ import annotations

import os
from typing import Any, ClassVar

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from netcare.core.i18n import current_language
from netcare.core.models import SharedModel, TenantModel
from netcare.knowledge.vocabulary import KINDS, LANGUAGES, SCENARIOS
from netcare.reports.wording import pick


class LibraryStorage(FileSystemStorage):
    """Library files live under ``DATA_DIR/knowledge``, read from the settings at each
    use (a storage object outlives a settings change, e.g. a test's data directory)."""

    @property
    def base_location(self) -> str:
        return str(settings.DATA_DIR / "knowledge")

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)


def library_storage() -> FileSystemStorage:
    """The storage of library files (``DATA_DIR/knowledge``)."""
    return LibraryStorage()


class Document(SharedModel):
    """One vendor document of the library (manual, configuration guide, release notes…).

    ``platform`` is a platform of DESIGN.md's vocabulary, empty for a platform-neutral
    document; ``series`` model patterns (``S6850*``, comma separated, empty = every
    model); ``version_from``/``version_to`` the inclusive range of software versions it
    applies to, read by the platform's version scheme (``*_key`` their sortable text).
    Either a ``file`` kept under the data directory or a ``url``. ``revision`` and
    ``updated`` tell a package whether a customer already has this edition.
    """

    slug = models.SlugField(max_length=80, unique=True, verbose_name=_("slug"))
    title_zh = models.CharField(max_length=200, verbose_name=_("title (Chinese)"))
    title_en = models.CharField(max_length=200, verbose_name=_("title (English)"))
    kind = models.CharField(max_length=20, choices=KINDS, verbose_name=_("kind"))
    platform = models.CharField(max_length=32, blank=True, verbose_name=_("platform"))
    series = models.CharField(max_length=200, blank=True, verbose_name=_("product series"))
    version_from = models.CharField(max_length=120, blank=True, verbose_name=_("from version"))
    version_to = models.CharField(max_length=120, blank=True, verbose_name=_("to version"))
    version_from_key = models.CharField(max_length=200, blank=True, editable=False)
    version_to_key = models.CharField(max_length=200, blank=True, editable=False)
    scenarios: Any = models.JSONField(default=list, blank=True, verbose_name=_("scenarios"))
    tags: Any = models.JSONField(default=list, blank=True, verbose_name=_("tags"))
    language = models.CharField(
        max_length=4, choices=LANGUAGES, default="zh", verbose_name=_("language")
    )
    file = models.FileField(
        storage=library_storage, upload_to="documents", max_length=300, blank=True
    )
    url = models.URLField(max_length=500, blank=True, verbose_name=_("link"))
    summary = models.TextField(blank=True, verbose_name=_("summary"))
    updated = models.DateField(verbose_name=_("updated"))
    revision = models.CharField(max_length=20, default="1", verbose_name=_("revision"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now)
    changed = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["platform", "slug"]
        verbose_name = _("library document")
        verbose_name_plural = _("library documents")

    def __str__(self) -> str:
        return self.slug

    def title(self, language: str | None = None) -> str:
        """The title in ``language`` (``zh`` or ``en``; the active language when None)."""
        return pick(language or current_language(), self.title_zh, self.title_en or self.title_zh)

    @property
    def display_title(self) -> str:
        return self.title()

    @property
    def version_range(self) -> str:
        """The range in words-free form: ``A – B``, ``≥ A``, ``≤ B`` or empty (every version)."""
        if self.version_from and self.version_to:
            return f"{self.version_from} – {self.version_to}"
        if self.version_from:
            return f"≥ {self.version_from}"
        if self.version_to:
            return f"≤ {self.version_to}"
        return ""

    @property
    def file_name(self) -> str:
        return self.file.name.rsplit("/", 1)[-1] if self.file else ""


class DocumentImport(SharedModel):
    """One bulk upload of the library (a zip with an index, or an index of links). The
    upload is kept under the data directory whatever the outcome; a refused import
    wrote nothing and ``error`` names file, row and column of every problem."""

    class State(models.TextChoices):
        DONE = "done", _("imported")
        REFUSED = "refused", _("refused")

    source = models.CharField(max_length=300, verbose_name=_("source"))
    kept_file = models.CharField(max_length=400, blank=True, verbose_name=_("kept file"))
    state = models.CharField(max_length=10, choices=State.choices, verbose_name=_("state"))
    counts: Any = models.JSONField(default=dict, blank=True, verbose_name=_("counts"))
    error = models.TextField(blank=True, verbose_name=_("error"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now, verbose_name=_("created"))

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("document import")
        verbose_name_plural = _("document imports")

    def __str__(self) -> str:
        return f"#{self.pk} {self.source}"


class CustomerProfile(TenantModel):
    """What a customer declares for document matching: its business scenarios and the
    language its packages are written in. Edited by the RAM and the customer admin."""

    scenarios: Any = models.JSONField(default=list, blank=True, verbose_name=_("scenarios"))
    language = models.CharField(
        max_length=4, choices=LANGUAGES, default="zh", verbose_name=_("package language")
    )
    updated = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["customer"]
        verbose_name = _("document profile")
        verbose_name_plural = _("document profiles")
        constraints = [
            models.UniqueConstraint(
                fields=["customer"], name="%(app_label)s_%(class)s_unique_customer"
            )
        ]

    def __str__(self) -> str:
        return f"{self.customer_id}: {', '.join(self.scenarios)}"

    def scenario_labels(self) -> list[str]:
        names = dict(SCENARIOS)
        return [str(names.get(s, s)) for s in self.scenarios]


class DocPackage(TenantModel):
    """An exclusive document package (专属资料包) for one customer: proposed by NetCare
    from the installed base and declared scenarios, reviewed by the RAM, then pushed —
    a published deliverable (the zip with its index) that completes the plan's
    document-push obligation. Customer users see pushed packages only."""

    class State(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        PUSHED = "pushed", _("pushed")

    state = models.CharField(
        max_length=10, choices=State.choices, default=State.PROPOSED, verbose_name=_("state")
    )
    language = models.CharField(max_length=4, choices=LANGUAGES, verbose_name=_("language"))
    obligation = models.ForeignKey(
        "delivery.Obligation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("obligation"),
    )
    deliverable = models.ForeignKey(
        "delivery.Deliverable",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("deliverable"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now, verbose_name=_("created"))
    pushed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    pushed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("pushed at"))

    class Meta:
        ordering = ["customer", "-created", "-id"]
        verbose_name = _("document package")
        verbose_name_plural = _("document packages")

    def __str__(self) -> str:
        return f"#{self.pk} ({self.state})"

    @classmethod
    def customer_user_filter(cls) -> Q:
        return Q(state=cls.State.PUSHED)


class PackageItem(TenantModel):
    """One document in a package, with the edition it carries and why it was chosen.

    ``included`` is False for an item the RAM took out in review (kept, so the review
    is on record); ``origin`` says whether NetCare matched it or the RAM added it.
    """

    class Origin(models.TextChoices):
        MATCHED = "matched", _("matched")
        ADDED = "added", _("added by the expert")

    package = models.ForeignKey(DocPackage, on_delete=models.CASCADE, related_name="items")
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="+")
    revision = models.CharField(max_length=20, verbose_name=_("revision"))
    document_updated = models.DateField(verbose_name=_("updated"))
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.MATCHED)
    included = models.BooleanField(default=True, verbose_name=_("included"))
    resent = models.BooleanField(default=False, verbose_name=_("updated edition"))
    reason_zh = models.TextField(blank=True)
    reason_en = models.TextField(blank=True)

    customer_path: ClassVar[str] = "customer"

    class Meta:
        ordering = ["package", "document__platform", "document__slug"]
        verbose_name = _("package item")
        verbose_name_plural = _("package items")
        constraints = [
            models.UniqueConstraint(
                fields=["package", "document"],
                name="%(app_label)s_%(class)s_unique_package_document",
            )
        ]

    def __str__(self) -> str:
        return f"{self.package_id}:{self.document_id}"

    @classmethod
    def customer_user_filter(cls) -> Q:
        return Q(package__state=DocPackage.State.PUSHED, included=True)

    def reason(self, language: str | None = None) -> str:
        return pick(language or current_language(), self.reason_zh, self.reason_en)
