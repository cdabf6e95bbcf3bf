"""Software lifecycle records: the release catalog, advisories and what is known of their
exploitation, the feeds that bring them, each customer's target releases, exposures of
its devices, version assessments with their risk scores, and risk notices.

Releases, advisories, exploitation signals, feeds and imports are the vendor's shared
data (``SharedModel``): no customer owns them, the vendor's staff read them. Targets,
exposures, assessments and notices belong to one customer; of those, customer users
see what the expert publishes (the deliverables), not these working rows.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from netcare.core.i18n import current_language
from netcare.core.models import SharedModel, StaffOnly, TenantModel


class Severity(models.TextChoices):
    CRITICAL = "critical", _("critical")
    HIGH = "high", _("high")
    MEDIUM = "medium", _("medium")
    LOW = "low", _("low")
    NONE = "none", _("none")
    UNKNOWN = "unknown", _("unknown")


#: Sort rank of a severity, most severe first.
SEVERITY_RANK = {s: i for i, s in enumerate(Severity.values)}


class Release(SharedModel):
    """One software release of a platform in the catalog (版本库): when it came out,
    when sale and support end, and whether the vendor recommends it.

    ``version_key`` is the scheme's ``sort_text`` (empty when the scheme cannot read the
    version), so the catalog sorts in release order in the database.
    """

    platform = models.ForeignKey(
        "inventory.Platform", on_delete=models.PROTECT, related_name="releases"
    )
    version = models.CharField(max_length=120, verbose_name=_("version"))
    version_key = models.CharField(max_length=400, blank=True, editable=False)
    train = models.CharField(max_length=60, blank=True, verbose_name=_("train"))
    release_date = models.DateField(null=True, blank=True, verbose_name=_("release date"))
    end_of_sale = models.DateField(null=True, blank=True, verbose_name=_("end of sale"))
    end_of_support = models.DateField(null=True, blank=True, verbose_name=_("end of support"))
    recommended = models.BooleanField(default=False, verbose_name=_("recommended"))
    notes = models.TextField(blank=True, verbose_name=_("notes"))
    updated = models.DateTimeField(auto_now=True)

    audit_exclude = ("updated",)

    class Meta:
        ordering = ["platform", "version_key", "version"]
        verbose_name = _("release")
        verbose_name_plural = _("releases")
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "version"], name="%(app_label)s_%(class)s_unique_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.platform_id} {self.version}"


class AdvisoryImport(SharedModel):
    """One import of advisory, exploitation or release files (a user's upload, a folder,
    a feed refresh). The uploaded files are kept under the data directory whatever the
    outcome; a refused import wrote nothing and says why."""

    class State(models.TextChoices):
        DONE = "done", _("imported")
        REFUSED = "refused", _("refused")

    source = models.CharField(max_length=500, verbose_name=_("source"))
    kept_files: Any = models.JSONField(default=list, blank=True, verbose_name=_("kept files"))
    state = models.CharField(max_length=10, choices=State.choices, verbose_name=_("state"))
    counts: Any = models.JSONField(default=dict, blank=True, verbose_name=_("counts"))
    error = models.TextField(blank=True, verbose_name=_("error"))
    feed = models.ForeignKey(
        "Feed", null=True, blank=True, on_delete=models.SET_NULL, related_name="imports"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now, verbose_name=_("created"))

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("advisory import")
        verbose_name_plural = _("advisory imports")

    def __str__(self) -> str:
        return f"#{self.pk} {self.source}"


class Advisory(SharedModel):
    """A vendor advisory (安全公告, 已知缺陷, 技术公告, 现场通告, 停止支持公告) as imported.

    ``products`` keeps the affected products with their ranges exactly as the reader
    understood them (``lifecycle.advisories.model.AffectedProduct`` as a dict), which
    the matcher reads back. ``platforms`` lists the platforms they map to, for filters.
    A feature condition comes from the vendor file or from an expert's annotation
    (``feature_source``); a re-import never overwrites an expert's annotation. Every
    change of content keeps the earlier content as an ``AdvisoryRevision``.
    """

    class Kind(models.TextChoices):
        VULNERABILITY = "vulnerability", _("vulnerability")
        BUG = "bug", _("known bug")
        BULLETIN = "bulletin", _("technical bulletin")
        FIELD_NOTICE = "field_notice", _("field notice")
        EOL = "eol", _("end-of-life notice")

    key = models.CharField(max_length=120, unique=True, verbose_name=_("advisory"))
    kind = models.CharField(max_length=16, choices=Kind.choices, verbose_name=_("kind"))
    title = models.CharField(max_length=500, verbose_name=_("title"))
    summary = models.TextField(blank=True, verbose_name=_("summary"))
    source_format = models.CharField(max_length=10, verbose_name=_("format"))
    source_file = models.CharField(max_length=500, blank=True, verbose_name=_("source file"))
    cves: Any = models.JSONField(default=list, blank=True, verbose_name=_("CVEs"))
    severity = models.CharField(
        max_length=10,
        choices=Severity.choices,
        default=Severity.UNKNOWN,
        verbose_name=_("severity"),
    )
    cvss_score = models.FloatField(null=True, blank=True, verbose_name=_("CVSS"))
    cvss_vector = models.CharField(max_length=200, blank=True, verbose_name=_("CVSS vector"))
    published = models.DateField(null=True, blank=True, verbose_name=_("published"))
    updated_on = models.DateField(null=True, blank=True, verbose_name=_("updated"))
    url = models.URLField(max_length=500, blank=True, verbose_name=_("link"))
    workaround = models.TextField(blank=True, verbose_name=_("workaround"))
    remediation = models.TextField(blank=True, verbose_name=_("remediation"))
    recommended_release = models.CharField(
        max_length=200, blank=True, verbose_name=_("recommended release")
    )
    products: Any = models.JSONField(default=list, blank=True, verbose_name=_("affected products"))
    platforms: Any = models.JSONField(default=list, blank=True, verbose_name=_("platforms"))
    feature_any_of: Any = models.JSONField(
        default=list, blank=True, verbose_name=_("feature condition")
    )
    feature_text = models.CharField(max_length=500, blank=True, verbose_name=_("feature"))
    feature_source = models.CharField(max_length=10, blank=True, verbose_name=_("feature from"))
    feature_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    adp_exploitation = models.CharField(max_length=20, blank=True, verbose_name=_("ADP"))
    revision = models.CharField(max_length=60, blank=True, verbose_name=_("revision"))
    content_hash = models.CharField(max_length=64, editable=False)
    first_seen = models.DateTimeField(default=timezone.now, verbose_name=_("first seen"))
    changed = models.DateTimeField(default=timezone.now, verbose_name=_("changed"))
    last_import = models.ForeignKey(
        AdvisoryImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-published", "key"]
        verbose_name = _("advisory")
        verbose_name_plural = _("advisories")

    def __str__(self) -> str:
        return self.key


class AdvisoryRevision(SharedModel):
    """An advisory's content before an import changed it: the history re-imports keep."""

    advisory = models.ForeignKey(Advisory, on_delete=models.CASCADE, related_name="revisions")
    revision = models.CharField(max_length=60, blank=True)
    content_hash = models.CharField(max_length=64)
    content: Any = models.JSONField(default=dict)
    replaced = models.DateTimeField(default=timezone.now)
    replaced_by = models.ForeignKey(
        AdvisoryImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["advisory", "-replaced", "-id"]
        verbose_name = _("advisory revision")
        verbose_name_plural = _("advisory revisions")

    def __str__(self) -> str:
        return f"{self.advisory_id} {self.revision or self.content_hash[:8]}"


class Exploitation(SharedModel):
    """What is known of a CVE's exploitation: listed in CISA's Known Exploited
    Vulnerabilities catalog (with the date added), and its EPSS probability."""

    cve = models.CharField(max_length=30, unique=True, verbose_name=_("CVE"))
    known_exploited = models.BooleanField(default=False, verbose_name=_("known exploited"))
    kev_added = models.DateField(null=True, blank=True, verbose_name=_("added to KEV"))
    ransomware = models.BooleanField(default=False, verbose_name=_("ransomware"))
    epss = models.FloatField(null=True, blank=True, verbose_name=_("EPSS"))
    epss_percentile = models.FloatField(null=True, blank=True, verbose_name=_("EPSS percentile"))
    updated = models.DateTimeField(auto_now=True)

    audit_exclude = ("updated",)

    class Meta:
        ordering = ["cve"]
        verbose_name = _("exploitation")
        verbose_name_plural = _("exploitation")

    def __str__(self) -> str:
        return self.cve


class Feed(SharedModel):
    """A source of advisories, exploitation data or releases refreshed on a schedule: a
    folder on the server or an HTTP(S) URL. Bulletins are tracked regularly, so each feed
    has a django-q2 schedule (``netcare-feed-<pk>``)."""

    class Kind(models.TextChoices):
        ADVISORIES = "advisories", _("advisories")
        KEV = "kev", _("known exploited (KEV)")
        EPSS = "epss", _("EPSS scores")
        RELEASES = "releases", _("release catalog")

    name = models.CharField(max_length=100, unique=True, verbose_name=_("name"))
    kind = models.CharField(max_length=12, choices=Kind.choices, verbose_name=_("kind"))
    location = models.CharField(max_length=500, verbose_name=_("folder or URL"))
    every_hours = models.PositiveIntegerField(default=24, verbose_name=_("every (hours)"))
    enabled = models.BooleanField(default=True, verbose_name=_("enabled"))
    last_run = models.DateTimeField(null=True, blank=True, verbose_name=_("last run"))
    last_state = models.CharField(max_length=10, blank=True, verbose_name=_("last state"))
    last_error = models.TextField(blank=True, verbose_name=_("last error"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("feed")
        verbose_name_plural = _("feeds")

    def __str__(self) -> str:
        return self.name


class TargetRelease(TenantModel):
    """The release a customer should run (目标版本): for a platform, narrowed to a model
    pattern or one device; the most specific rule wins (device > model > platform).
    A platform is always named: a release string means something only in its
    platform's version scheme."""

    platform = models.ForeignKey(
        "inventory.Platform", on_delete=models.PROTECT, related_name="+", verbose_name=_("platform")
    )
    model = models.CharField(max_length=80, blank=True, verbose_name=_("model"))
    device = models.ForeignKey(
        "inventory.Device",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("device"),
    )
    release = models.CharField(max_length=120, verbose_name=_("target release"))
    reason = models.TextField(blank=True, verbose_name=_("reason"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated = models.DateTimeField(auto_now=True)

    audit_exclude = ("updated",)

    class Meta:
        ordering = ["customer", "platform", "model", "device"]
        verbose_name = _("target release")
        verbose_name_plural = _("target releases")
        constraints = [
            # One rule per scope: per device, and per (platform, model pattern) for the
            # rules that name no device (NULLs are distinct in a plain unique index).
            models.UniqueConstraint(
                fields=["customer", "platform", "model", "device"],
                condition=models.Q(device__isnull=False),
                name="%(app_label)s_%(class)s_unique_device_scope",
            ),
            models.UniqueConstraint(
                fields=["customer", "platform", "model"],
                condition=models.Q(device__isnull=True),
                name="%(app_label)s_%(class)s_unique_scope",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.platform_id} → {self.release}"


class Exposure(StaffOnly, TenantModel):
    """One device × one advisory, as the matcher decided it (暴露面): vulnerable,
    potentially vulnerable (a feature condition the collected data cannot decide), not
    vulnerable with the reason, or unknown (a version or range not understood).

    ``since`` is when the current status began; every status change is kept as an
    ``ExposureChange``, so a report can say how long a device has been exposed.
    """

    class Status(models.TextChoices):
        VULNERABLE = "vulnerable", _("vulnerable")
        POTENTIALLY_VULNERABLE = "potentially_vulnerable", _("potentially vulnerable")
        NOT_VULNERABLE = "not_vulnerable", _("not vulnerable")
        UNKNOWN = "unknown", _("unknown")

    device = models.ForeignKey(
        "inventory.Device", on_delete=models.CASCADE, related_name="exposures"
    )
    advisory = models.ForeignKey(Advisory, on_delete=models.CASCADE, related_name="exposures")
    status = models.CharField(max_length=24, choices=Status.choices, verbose_name=_("status"))
    reason = models.CharField(max_length=40, verbose_name=_("reason"))
    detail_zh = models.TextField(blank=True)
    detail_en = models.TextField(blank=True)
    matched_range = models.CharField(max_length=300, blank=True, verbose_name=_("range"))
    fixed: Any = models.JSONField(default=list, blank=True, verbose_name=_("fixed in"))
    version = models.CharField(max_length=120, blank=True, verbose_name=_("version"))
    since = models.DateTimeField(default=timezone.now, verbose_name=_("since"))
    checked = models.DateTimeField(default=timezone.now, verbose_name=_("checked"))

    audit_exclude = ("checked",)

    class Meta:
        ordering = ["customer", "device", "advisory"]
        verbose_name = _("exposure")
        verbose_name_plural = _("exposures")
        constraints = [
            models.UniqueConstraint(
                fields=["device", "advisory"], name="%(app_label)s_%(class)s_unique_device_advisory"
            )
        ]
        indexes = [models.Index(fields=["customer", "status"])]

    def __str__(self) -> str:
        return f"{self.device_id} × {self.advisory_id}: {self.status}"

    @property
    def detail(self) -> str:
        """The explanation in the viewer's language."""
        return self.detail_en if current_language() == "en" else self.detail_zh

    @property
    def applicable(self) -> bool:
        return self.status in (self.Status.VULNERABLE, self.Status.POTENTIALLY_VULNERABLE)


class ExposureChange(StaffOnly, TenantModel):
    """A status change of an exposure, with when it happened."""

    exposure = models.ForeignKey(Exposure, on_delete=models.CASCADE, related_name="changes")
    before = models.CharField(max_length=24, blank=True)
    after = models.CharField(max_length=24)
    reason = models.CharField(max_length=40, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["exposure", "at", "id"]
        verbose_name = _("exposure change")
        verbose_name_plural = _("exposure changes")

    def __str__(self) -> str:
        return f"{self.before or '—'} → {self.after}"


class VersionAssessment(StaffOnly, TenantModel):
    """A version assessment (版本评估) of a customer: a risk score per device from the
    exposures, releases and targets at that moment, and the report that explains it."""

    period = models.CharField(max_length=40, blank=True, verbose_name=_("period"))
    score = models.FloatField(null=True, blank=True, verbose_name=_("risk coefficient"))
    level = models.CharField(max_length=10, blank=True, verbose_name=_("level"))
    versions: Any = models.JSONField(default=list, blank=True, verbose_name=_("versions"))
    recommendations: Any = models.JSONField(default=list, blank=True)
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
        verbose_name = _("version assessment")
        verbose_name_plural = _("version assessments")

    def __str__(self) -> str:
        return f"#{self.pk} {self.created:%Y-%m-%d}"


class RiskScore(StaffOnly, TenantModel):
    """One device's risk coefficient in an assessment, with the points that make it
    (each traced to an advisory or a lifecycle fact)."""

    assessment = models.ForeignKey(
        VersionAssessment, on_delete=models.CASCADE, related_name="scores"
    )
    device = models.ForeignKey("inventory.Device", on_delete=models.CASCADE, related_name="+")
    platform = models.CharField(max_length=32)
    version = models.CharField(max_length=120, blank=True)
    value = models.FloatField(verbose_name=_("risk coefficient"))
    level = models.CharField(max_length=10, verbose_name=_("level"))
    points: Any = models.JSONField(default=list, blank=True, verbose_name=_("points"))

    class Meta:
        ordering = ["assessment", "-value", "device"]
        verbose_name = _("risk score")
        verbose_name_plural = _("risk scores")

    def __str__(self) -> str:
        return f"{self.device_id}: {self.value:.1f}"


class RiskNotice(StaffOnly, TenantModel):
    """A risk notice (风险通告) to the customer about one advisory: which of its devices
    are exposed and why, the impact, the workaround, the fixed release and what the
    expert proposes. Drafted by the RAM, published as a deliverable."""

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    advisory = models.ForeignKey(Advisory, on_delete=models.PROTECT, related_name="notices")
    impact = models.TextField(blank=True, verbose_name=_("impact"))
    proposal = models.TextField(blank=True, verbose_name=_("proposal"))
    state = models.CharField(
        max_length=10, choices=State.choices, default=State.DRAFT, verbose_name=_("state")
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

    class Meta:
        ordering = ["customer", "-created", "-id"]
        verbose_name = _("risk notice")
        verbose_name_plural = _("risk notices")

    def __str__(self) -> str:
        return f"{self.advisory_id} #{self.pk}"
