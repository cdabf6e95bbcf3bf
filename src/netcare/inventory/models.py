"""Installed devices (在网设备): what a customer runs, where, on which platform and version.

``Platform`` is the shared vocabulary (seeded by a data migration, never edited by
users); ``Device``, ``Module``, ``VersionChange`` and ``Credential`` belong to one
customer each. Writes go through ``inventory.services``.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from netcare.core.models import TenantModel


class Platform(models.Model):
    """A network operating system family, named as ntc-templates and netmiko name it.

    One platform has one version scheme: Comware 5 and 7 are both ``hp_comware``,
    VRP 5 and 8 both ``huawei_vrp``; the version string tells them apart. The rows
    come from migration ``0002_platforms`` so every installation shares the slugs.
    """

    slug = models.SlugField(max_length=32, unique=True, verbose_name=_("slug"))
    vendor = models.CharField(max_length=40, verbose_name=_("vendor"))
    name_zh = models.CharField(max_length=60, verbose_name=_("name (Chinese)"))
    name_en = models.CharField(max_length=60, verbose_name=_("name (English)"))
    version_scheme = models.CharField(max_length=16, verbose_name=_("version scheme"))
    netmiko_device_type = models.CharField(max_length=40, verbose_name=_("netmiko device type"))

    class Meta:
        ordering = ["slug"]
        verbose_name = _("platform")
        verbose_name_plural = _("platforms")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language (Chinese unless English is active)."""
        return self.name_en if translation.get_language() == "en" else self.name_zh


class Credential(TenantModel):
    """A login NetCare uses to collect from a customer's devices (凭据).

    The password, enable secret and SSH private key are stored only as Fernet tokens
    (``inventory.crypto``); this model never holds plaintext, so nothing that dumps a
    row (audit, fixtures, admin, a careless serializer) can leak it. Read the secrets
    with ``services.credential_for(device)``; write them with the services.
    Customers never see credentials, not even their names.
    """

    name = models.CharField(max_length=80, verbose_name=_("name"))
    username = models.CharField(max_length=80, verbose_name=_("username"))
    password_encrypted = models.TextField(blank=True, editable=False)
    enable_secret_encrypted = models.TextField(blank=True, editable=False)
    private_key_encrypted = models.TextField(blank=True, editable=False)
    created = models.DateTimeField(default=timezone.now, editable=False)
    updated = models.DateTimeField(auto_now=True)

    #: The marker names already keep these out of the audit log; listed to say so.
    audit_exclude = ("password_encrypted", "enable_secret_encrypted", "private_key_encrypted")

    class Meta:
        ordering = ["customer", "name"]
        verbose_name = _("credential")
        verbose_name_plural = _("credentials")
        constraints = [
            models.UniqueConstraint(
                fields=["customer", "name"], name="%(app_label)s_%(class)s_unique_customer_name"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def __repr__(self) -> str:
        return f"<Credential {self.pk}: {self.name}>"

    @classmethod
    def customer_user_filter(cls) -> Q:
        # Logins to the customer's devices are the vendor's working material.
        return Q(pk__in=[])

    @property
    def has_password(self) -> bool:
        return bool(self.password_encrypted)

    @property
    def has_enable_secret(self) -> bool:
        return bool(self.enable_secret_encrypted)

    @property
    def has_private_key(self) -> bool:
        return bool(self.private_key_encrypted)


class Device(TenantModel):
    """One installed network device of a customer (在网设备).

    ``software_version`` is the raw string the device or the customer reported
    (e.g. ``7.1.070, Release 7585P05``); lifecycle parses it by the platform's version
    scheme. Every version a device ran is kept in ``VersionChange``.
    """

    class Role(models.TextChoices):
        CORE = "core", _("core")
        AGGREGATION = "aggregation", _("aggregation")
        ACCESS = "access", _("access")
        BORDER = "border", _("border")
        FIREWALL = "firewall", _("firewall")
        WAN = "wan", _("WAN")
        DATA_CENTER = "data_center", _("data centre")
        OTHER = "other", _("other")

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        SPARE = "spare", _("spare")
        DECOMMISSIONED = "decommissioned", _("decommissioned")

    site = models.ForeignKey(
        "customers.Site",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="devices",
        verbose_name=_("site"),
    )
    hostname = models.CharField(max_length=100, verbose_name=_("hostname"))
    management_address = models.GenericIPAddressField(verbose_name=_("management address"))
    ssh_port = models.PositiveIntegerField(
        default=22,
        validators=[MinValueValidator(1), MaxValueValidator(65535)],
        verbose_name=_("SSH port"),
    )
    platform = models.ForeignKey(
        Platform, on_delete=models.PROTECT, related_name="devices", verbose_name=_("platform")
    )
    model = models.CharField(max_length=80, blank=True, verbose_name=_("model"))
    serial = models.CharField(max_length=80, blank=True, verbose_name=_("serial number"))
    software_version = models.CharField(
        max_length=120, blank=True, verbose_name=_("software version")
    )
    role = models.CharField(
        max_length=16, choices=Role.choices, default=Role.OTHER, verbose_name=_("role")
    )
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.ACTIVE, verbose_name=_("status")
    )
    last_collected = models.DateTimeField(null=True, blank=True, verbose_name=_("last collected"))
    ssh_host_key = models.CharField(
        max_length=120,
        blank=True,
        verbose_name=_("SSH host key"),
        help_text=_(
            "Fingerprint of the key the device presented at its first SSH collection; a "
            "device presenting another key is not sent any password."
        ),
    )
    credential = models.ForeignKey(
        Credential,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="devices",
        verbose_name=_("credential"),
    )
    created = models.DateTimeField(default=timezone.now, editable=False)
    updated = models.DateTimeField(auto_now=True)

    #: A save that changes nothing else must not add an audit row.
    audit_exclude = ("updated",)

    class Meta:
        ordering = ["customer", "hostname"]
        verbose_name = _("device")
        verbose_name_plural = _("devices")
        constraints = [
            # Case-blind, as hostnames are on the network and in the import.
            models.UniqueConstraint(
                "customer",
                Lower("hostname"),
                name="%(app_label)s_%(class)s_unique_customer_hostname",
                violation_error_message=_("This customer already has a device of that name."),
            )
        ]
        indexes = [models.Index(fields=["customer", "platform"])]

    def __str__(self) -> str:
        return self.hostname

    def clean(self) -> None:
        """A device's site and credential must be its own customer's."""
        errors: dict[str, str] = {}
        site = self.site if self.site_id is not None else None
        if site is not None and site.customer_id != self.customer_id:
            errors["site"] = str(_("The site belongs to another customer."))
        credential = self.credential if self.credential_id is not None else None
        if credential is not None and credential.customer_id != self.customer_id:
            errors["credential"] = str(_("The credential belongs to another customer."))
        if errors:
            raise ValidationError(errors)


class Module(TenantModel):
    """A card, power supply, fan or transceiver slot of a device, as last collected."""

    device = models.ForeignKey(
        Device, on_delete=models.CASCADE, related_name="modules", verbose_name=_("device")
    )
    slot = models.CharField(max_length=60, blank=True, verbose_name=_("slot"))
    model = models.CharField(max_length=80, blank=True, verbose_name=_("model"))
    serial = models.CharField(max_length=80, blank=True, verbose_name=_("serial number"))
    description = models.CharField(max_length=200, blank=True, verbose_name=_("description"))

    class Meta:
        ordering = ["device", "slot", "id"]
        verbose_name = _("module")
        verbose_name_plural = _("modules")

    def __str__(self) -> str:
        return f"{self.slot} {self.model}".strip()


class VersionChange(TenantModel):
    """A software version a device was seen running, from when and by what source.

    One row per change, not per observation: collecting the same version again adds
    nothing, so the history reads as the device's upgrade path.
    """

    class Source(models.TextChoices):
        IMPORT = "import", _("import")
        COLLECTION = "collection", _("collection")
        MANUAL = "manual", _("manual entry")

    device = models.ForeignKey(
        Device, on_delete=models.CASCADE, related_name="version_changes", verbose_name=_("device")
    )
    version = models.CharField(max_length=120, verbose_name=_("software version"))
    previous_version = models.CharField(
        max_length=120, blank=True, verbose_name=_("previous version")
    )
    seen_at = models.DateTimeField(default=timezone.now, verbose_name=_("seen at"))
    source = models.CharField(max_length=16, choices=Source.choices, verbose_name=_("source"))

    class Meta:
        ordering = ["device", "-seen_at", "-id"]
        verbose_name = _("version change")
        verbose_name_plural = _("version changes")

    def __str__(self) -> str:
        return f"{self.version} @ {self.seen_at:%Y-%m-%d}"
