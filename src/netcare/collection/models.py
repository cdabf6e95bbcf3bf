"""Collected device data (巡检信息采集): jobs, per-device runs, raw outputs, uploads, facts.

Raw outputs live in the database, not in files: an archive import is one transaction, so
a refused archive leaves no half-written outputs behind and no orphan files to sweep;
outputs are read through the same tenant rule as everything else and are backed up with
the database. The bytes a user uploaded are kept as they came, on disk under
``DATA_DIR/uploads/<CODE>/`` (``Upload.stored_path``), whatever the import's outcome.
Nothing here is ever deleted by NetCare: a newer collection adds rows.

Jobs, runs, outputs and uploads are the vendor's working material (customer users do not
see them); the normalised facts of a device are part of its inventory record, which the
customer sees.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from netcare.core.models import StaffOnly, TenantModel


class Method(models.TextChoices):
    """How the data reached NetCare."""

    SSH = "ssh", _("SSH collection")
    KIT = "kit", _("collection kit")
    MANUAL = "manual", _("manual collection")


class Visit(StaffOnly, TenantModel):
    """A field engineer's visit to collect by hand on site (一线工程师现场采集).

    Recorded when the engineer uploads what was collected. ``counts_against_quota``
    keeps what the contract's setting (``Contract.manual_collection_counts``) decided
    that day, so a later change of the setting does not rewrite history.
    """

    engineer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("engineer"),
    )
    date = models.DateField(default=timezone.localdate, verbose_name=_("date"))
    hours_onsite = models.DecimalField(
        max_digits=5, decimal_places=1, null=True, blank=True, verbose_name=_("hours on site")
    )
    hours_travel = models.DecimalField(
        max_digits=5, decimal_places=1, null=True, blank=True, verbose_name=_("hours travelling")
    )
    counts_against_quota = models.BooleanField(
        default=False, verbose_name=_("counts against the onsite quota")
    )
    ledger_entry = models.ForeignKey(
        "contracts.LedgerEntry",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("quota ledger entry"),
    )
    note = models.CharField(max_length=300, blank=True, verbose_name=_("note"))
    created = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["customer", "-date", "-id"]
        verbose_name = _("collection visit")
        verbose_name_plural = _("collection visits")

    def __str__(self) -> str:
        return f"{self.date} {self.engineer or ''}".strip()


class Upload(StaffOnly, TenantModel):
    """An archive a user uploaded (collection kit output or a field engineer's files).

    The file is kept byte for byte at ``stored_path`` (relative to ``DATA_DIR``) before
    anything is read from it, so it survives a refused import. ``report`` says, per file
    in the archive, what was recognised (vendor, device, command) or why not.
    """

    class State(models.TextChoices):
        RECEIVED = "received", _("received")
        IMPORTED = "imported", _("imported")
        REFUSED = "refused", _("refused")

    method = models.CharField(max_length=8, choices=Method.choices, verbose_name=_("method"))
    original_name = models.CharField(max_length=255, verbose_name=_("file name"))
    stored_path = models.CharField(max_length=500, verbose_name=_("stored as"))
    size = models.BigIntegerField(default=0, verbose_name=_("size"))
    sha256 = models.CharField(max_length=64, verbose_name=_("SHA-256"))
    state = models.CharField(
        max_length=10, choices=State.choices, default=State.RECEIVED, verbose_name=_("state")
    )
    error = models.TextField(blank=True, verbose_name=_("why it was refused"))
    report = models.JSONField(default=dict, blank=True, verbose_name=_("report"))
    visit = models.ForeignKey(
        Visit, null=True, blank=True, on_delete=models.SET_NULL, related_name="uploads"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now, verbose_name=_("uploaded at"))

    class Meta:
        ordering = ["customer", "-uploaded_at", "-id"]
        verbose_name = _("upload")
        verbose_name_plural = _("uploads")

    def __str__(self) -> str:
        return self.original_name


class CollectionJob(StaffOnly, TenantModel):
    """One collection of a customer's devices (信息采集), by SSH, kit or by hand.

    ``job`` is the queue's Job row that runs or ran it; ``runs`` hold each device's
    outcome. Counts are kept up to date as devices finish, so a page can show progress.
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        FINISHED = "finished", _("finished")
        FAILED = "failed", _("failed")

    method = models.CharField(max_length=8, choices=Method.choices, verbose_name=_("method"))
    state = models.CharField(
        max_length=10, choices=State.choices, default=State.QUEUED, verbose_name=_("state")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    job = models.ForeignKey(
        "core.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    upload = models.ForeignKey(
        Upload, null=True, blank=True, on_delete=models.SET_NULL, related_name="collection_jobs"
    )
    device_query = models.CharField(max_length=300, blank=True, verbose_name=_("devices"))
    timeout = models.FloatField(default=60.0, verbose_name=_("timeout per device (s)"))
    retries = models.PositiveSmallIntegerField(default=1, verbose_name=_("retries"))
    total = models.PositiveIntegerField(default=0, verbose_name=_("devices"))
    done = models.PositiveIntegerField(default=0, verbose_name=_("finished"))
    succeeded = models.PositiveIntegerField(default=0, verbose_name=_("collected"))
    created = models.DateTimeField(default=timezone.now, verbose_name=_("created"))
    started = models.DateTimeField(null=True, blank=True, verbose_name=_("started"))
    finished = models.DateTimeField(null=True, blank=True, verbose_name=_("finished"))
    note = models.CharField(max_length=300, blank=True, verbose_name=_("note"))

    class Meta:
        ordering = ["customer", "-created", "-id"]
        verbose_name = _("collection job")
        verbose_name_plural = _("collection jobs")

    def __str__(self) -> str:
        return f"{self.get_method_display()} #{self.pk}"

    @property
    def is_done(self) -> bool:
        return self.state in {self.State.FINISHED, self.State.FAILED}

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else (100 if self.is_done else 0)


class DeviceRun(StaffOnly, TenantModel):
    """One device's part of a collection job and how it ended.

    ``device`` is None when an archive named a device the inventory does not have; the
    outputs are kept all the same, under ``hostname``. ``facts`` is what this run's
    outputs said (without the configuration text, which is a raw output of its own).
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        OK = "ok", _("ok")
        PARTIAL = "partial", _("partial")
        AUTH_FAILED = "auth_failed", _("authentication failed")
        TIMEOUT = "timeout", _("timed out")
        UNREACHABLE = "unreachable", _("unreachable")
        ERROR = "error", _("error")
        UNMATCHED = "unmatched", _("not in the inventory")
        REFUSED = "refused", _("outside the collection allowlist")

    collection_job = models.ForeignKey(
        CollectionJob, on_delete=models.CASCADE, related_name="runs", verbose_name=_("job")
    )
    device = models.ForeignKey(
        "inventory.Device",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="collection_runs",
        verbose_name=_("device"),
    )
    hostname = models.CharField(max_length=100, verbose_name=_("hostname"))
    address = models.CharField(max_length=100, blank=True, verbose_name=_("address"))
    platform = models.CharField(max_length=32, blank=True, verbose_name=_("platform"))
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.QUEUED, verbose_name=_("status")
    )
    message = models.CharField(max_length=300, blank=True, verbose_name=_("message"))
    elapsed = models.FloatField(null=True, blank=True, verbose_name=_("elapsed (s)"))
    attempts = models.PositiveSmallIntegerField(default=0, verbose_name=_("attempts"))
    commands = models.PositiveSmallIntegerField(default=0, verbose_name=_("commands"))
    commands_ok = models.PositiveSmallIntegerField(default=0, verbose_name=_("answered"))
    facts = models.JSONField(null=True, blank=True, verbose_name=_("facts"))
    claimed_at = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True, verbose_name=_("finished"))

    class Meta:
        ordering = ["collection_job", "hostname"]
        verbose_name = _("device run")
        verbose_name_plural = _("device runs")
        constraints = [
            models.UniqueConstraint(
                fields=["collection_job", "hostname"],
                name="%(app_label)s_%(class)s_unique_collection_job_hostname",
            )
        ]

    def __str__(self) -> str:
        return f"{self.hostname}: {self.status}"

    @property
    def is_done(self) -> bool:
        return self.status not in {self.Status.QUEUED, self.Status.RUNNING}


class RawOutput(StaffOnly, TenantModel):
    """The text one command printed on one device, exactly as received (decoded).

    ``command`` is what was sent or typed (``dis cur``), ``command_key`` the inspection
    key it stands for (``running_config``) or empty when unknown. ``error`` holds the
    device's error answer when it refused the command; ``hints`` what cleaning noticed
    (``ended_at_pager``, ``undecodable_bytes`` …). ``sha256`` is over the raw bytes.
    """

    device = models.ForeignKey(
        "inventory.Device",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="raw_outputs",
        verbose_name=_("device"),
    )
    run = models.ForeignKey(
        DeviceRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="outputs"
    )
    upload = models.ForeignKey(
        Upload, null=True, blank=True, on_delete=models.SET_NULL, related_name="outputs"
    )
    hostname = models.CharField(max_length=100, verbose_name=_("hostname"))
    platform = models.CharField(max_length=32, blank=True, verbose_name=_("platform"))
    command = models.CharField(max_length=300, verbose_name=_("command"))
    command_key = models.CharField(max_length=40, blank=True, verbose_name=_("command key"))
    text = models.TextField(blank=True, verbose_name=_("output"))
    encoding = models.CharField(max_length=20, blank=True, verbose_name=_("encoding"))
    hints: Any = models.JSONField(default=list, blank=True, verbose_name=_("hints"))
    error = models.CharField(max_length=300, blank=True, verbose_name=_("error answer"))
    complete = models.BooleanField(default=True, verbose_name=_("complete"))
    source = models.CharField(max_length=500, blank=True, verbose_name=_("file"))
    size = models.PositiveIntegerField(default=0, verbose_name=_("bytes"))
    sha256 = models.CharField(max_length=64, verbose_name=_("SHA-256"))
    collected_at = models.DateTimeField(default=timezone.now, verbose_name=_("collected at"))

    class Meta:
        ordering = ["customer", "hostname", "-collected_at", "id"]
        verbose_name = _("raw output")
        verbose_name_plural = _("raw outputs")
        indexes = [models.Index(fields=["device", "command_key", "-collected_at"])]

    def __str__(self) -> str:
        return f"{self.hostname}: {self.command}"


class Fact(TenantModel):
    """The latest normalised facts of a device (model, version, CPU, interfaces …).

    One row per device, replaced by each collection that produced facts; inspection and
    the device page read it. ``facts`` follows ``collection.parsing.facts.Facts``.
    """

    device = models.OneToOneField(
        "inventory.Device", on_delete=models.CASCADE, related_name="fact", verbose_name=_("device")
    )
    platform = models.CharField(max_length=32, verbose_name=_("platform"))
    facts: Any = models.JSONField(default=dict, verbose_name=_("facts"))
    collected_at = models.DateTimeField(verbose_name=_("collected at"))
    run = models.ForeignKey(
        DeviceRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    method = models.CharField(max_length=8, choices=Method.choices, verbose_name=_("method"))

    customer_path: ClassVar[str] = "customer"

    class Meta:
        ordering = ["customer", "device"]
        verbose_name = _("device facts")
        verbose_name_plural = _("device facts")

    def __str__(self) -> str:
        return f"{self.device_id} @ {self.collected_at:%Y-%m-%d}"
