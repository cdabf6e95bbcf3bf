"""Operations on installed devices, their modules, version history and credentials.

Every write goes through one of these functions: they check who may do it, validate,
save (the audit log records it with the actor) and return the object. ``actor=None``
means the system itself (a queued task, the demo, the server's own CLI), which the
caller has already authorised.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from netcare.core import access
from netcare.core.audit import acting_as
from netcare.core.services import delete_audited, save_validated
from netcare.customers.models import Customer
from netcare.inventory import crypto
from netcare.inventory.importing import ImportResult, import_devices
from netcare.inventory.models import Credential, Device, Module, Platform, VersionChange

if TYPE_CHECKING:
    from netcare.core.access import Actor

SECRET_FIELDS = ("password", "enable_secret", "private_key")


def may_manage_devices(actor: Actor, customer: Customer | int) -> bool:
    """Whether a user may add, change and import the customer's devices."""
    return actor is not None and access.may(actor, "manage_devices", customer)


def may_manage_credentials(actor: Actor, customer: Customer | int) -> bool:
    """Whether a user may create, change and delete the customer's device logins."""
    return actor is not None and access.may(actor, "manage_credentials", customer)


def ensure_platforms() -> None:
    """Write the platform vocabulary (as migration 0002 seeds it) if rows are missing.

    For databases emptied after migrating (a flushed test database, a restored dump
    of another app); the migration stays the source of the rows.
    """
    from importlib import import_module

    seed = import_module("netcare.inventory.migrations.0002_platforms").PLATFORMS
    existing = set(Platform.objects.values_list("slug", flat=True))
    for slug, vendor, name_zh, name_en, scheme, device_type in seed:
        if slug not in existing:
            Platform.objects.create(
                slug=slug,
                vendor=vendor,
                name_zh=name_zh,
                name_en=name_en,
                version_scheme=scheme,
                netmiko_device_type=device_type,
            )


# --- devices -------------------------------------------------------------------------------


def do_create_device(customer: Customer, *, actor: Actor, **fields: Any) -> Device:
    """Add one device to the customer's inventory; its first version starts the history."""
    access.require(actor, "manage_devices", customer)
    fields.pop("customer", None)
    with transaction.atomic():
        device = save_validated(Device(customer=customer), actor=actor, **fields)
        if device.software_version:
            _record_version(device, device.software_version, "", VersionChange.Source.MANUAL, actor)
    return device


def do_update_device(device: Device, *, actor: Actor, **fields: Any) -> Device:
    """Change a device's recorded identity; a new software version enters the history."""
    access.require(actor, "manage_devices", device.customer_id)
    fields.pop("customer", None)
    previous = device.software_version
    with transaction.atomic():
        save_validated(device, actor=actor, **fields)
        if device.software_version and device.software_version != previous:
            _record_version(
                device, device.software_version, previous, VersionChange.Source.MANUAL, actor
            )
    return device


def do_delete_device(device: Device, *, actor: Actor) -> None:
    """Remove a device recorded by mistake (a retired one is ``status=decommissioned``)."""
    access.require(actor, "manage_devices", device.customer_id)
    delete_audited(device, actor=actor)


def _record_version(
    device: Device,
    version: str,
    previous: str,
    source: str,
    actor: Actor,
    seen_at: dt.datetime | None = None,
) -> VersionChange:
    change = VersionChange(
        customer_id=device.customer_id,
        device=device,
        version=version,
        previous_version=previous,
        source=source,
    )
    if seen_at is not None:
        change.seen_at = seen_at
    with acting_as(actor):
        change.save()
    return change


def _module_key(item: Mapping[str, Any]) -> tuple[str, str, str, str]:
    """A collected module as stored (cut to the column widths), to compare with the rows."""
    slot, model, serial, description = (
        str(item.get(k) or "").strip()[:width]
        for k, width in (("slot", 60), ("model", 80), ("serial", 80), ("description", 200))
    )
    return slot, model, serial, description


def do_record_facts(
    device: Device,
    *,
    model: str | None,
    serial: str | None,
    version: str | None,
    modules: Iterable[Mapping[str, Any]] | None,
    collected_at: dt.datetime,
    actor: Actor,
    source: str = VersionChange.Source.COLLECTION,
) -> Device:
    """Bring a device up to date with what collection found on it.

    ``model``, ``serial`` and ``version`` replace the recorded ones unless None or
    empty (a failed command must not wipe what we knew). A version different from
    the recorded one adds a ``VersionChange`` seen at ``collected_at``; the same
    version adds nothing. ``modules`` (dicts with slot, model, serial, description,
    as in the collection facts) replaces the device's modules, keeping rows that did
    not change so the audit log shows only real differences; None leaves them alone.
    Idempotent: recording the same facts twice writes nothing the second time.
    """
    access.require(actor, "run_jobs", device.customer_id)
    if collected_at.tzinfo is None:
        raise ValueError("collected_at must be timezone-aware")
    with transaction.atomic():
        device = Device.objects.select_for_update().get(pk=device.pk)
        previous = device.software_version
        changes: dict[str, Any] = {"last_collected": collected_at}
        if model:
            changes["model"] = model.strip()
        if serial:
            changes["serial"] = serial.strip()
        if version:
            changes["software_version"] = version.strip()
        changes = {k: v for k, v in changes.items() if getattr(device, k) != v}
        if changes:
            save_validated(device, actor=actor, **changes)
        if device.software_version and device.software_version != previous:
            _record_version(
                device, device.software_version, previous, source, actor, seen_at=collected_at
            )
        if modules is not None:
            _replace_modules(device, modules, actor)
    return device


def do_pin_host_key(device: Device, fingerprint: str, *, actor: Actor) -> bool:
    """Trust the SSH host key a device presented at its first collection.

    Only an empty pin is filled: a different key never replaces a trusted one here
    (the collector refuses such a device); :func:`do_forget_host_key` clears the pin
    when a device was really replaced. Returns whether the pin was written.
    """
    access.require(actor, "run_jobs", device.customer_id)
    if not fingerprint or device.ssh_host_key:
        return False
    with transaction.atomic():
        locked = Device.objects.select_for_update().get(pk=device.pk)
        if locked.ssh_host_key:
            return False
        save_validated(locked, actor=actor, ssh_host_key=fingerprint)
    device.ssh_host_key = fingerprint
    return True


def do_forget_host_key(device: Device, *, actor: Actor) -> Device:
    """Clear a device's pinned SSH host key; the next collection trusts what it sees.

    For a device that was replaced or re-keyed on purpose; the audit log keeps the old
    fingerprint and who cleared it.
    """
    access.require(actor, "collect", device.customer_id)
    return save_validated(device, actor=actor, ssh_host_key="")


def _replace_modules(device: Device, modules: Iterable[Mapping[str, Any]], actor: Actor) -> None:
    wanted = [_module_key(m) for m in modules]
    existing = list(device.modules.all())
    remaining = list(wanted)
    with acting_as(actor):
        for module in existing:
            key = (module.slot, module.model, module.serial, module.description)
            if key in remaining:
                remaining.remove(key)
            else:
                module.delete()
        for slot, model, serial, description in remaining:
            module = Module(
                customer_id=device.customer_id,
                device=device,
                slot=slot,
                model=model,
                serial=serial,
                description=description,
            )
            module.full_clean(exclude=["customer", "device"])
            module.save()


# --- credentials ---------------------------------------------------------------------------


def _encrypt_secrets(credential: Credential, secrets: Mapping[str, str | None]) -> None:
    """Encrypt the given secrets onto the row; a None value keeps the stored one."""
    for name in SECRET_FIELDS:
        value = secrets.get(name)
        if value is None:
            continue
        if name == "private_key" and value and "PRIVATE KEY" not in value:
            raise ValidationError({"private_key": _("This is not a PEM or OpenSSH private key.")})
        setattr(credential, f"{name}_encrypted", crypto.encrypt(value))


def do_create_credential(
    customer: Customer,
    *,
    actor: Actor,
    name: str,
    username: str,
    password: str = "",
    enable_secret: str = "",
    private_key: str = "",
) -> Credential:
    """Store a device login for the customer, its secrets encrypted (never logged)."""
    access.require(actor, "manage_credentials", customer)
    credential = Credential(customer=customer)
    _encrypt_secrets(
        credential,
        {"password": password, "enable_secret": enable_secret, "private_key": private_key},
    )
    return save_validated(credential, actor=actor, name=name, username=username)


def do_update_credential(
    credential: Credential,
    *,
    actor: Actor,
    name: str | None = None,
    username: str | None = None,
    password: str | None = None,
    enable_secret: str | None = None,
    private_key: str | None = None,
) -> Credential:
    """Change a stored login. A secret given as None is kept; "" clears it."""
    access.require(actor, "manage_credentials", credential.customer_id)
    _encrypt_secrets(
        credential,
        {"password": password, "enable_secret": enable_secret, "private_key": private_key},
    )
    changes = {k: v for k, v in (("name", name), ("username", username)) if v is not None}
    return save_validated(credential, actor=actor, **changes)


def do_delete_credential(credential: Credential, *, actor: Actor) -> None:
    """Forget a login; devices that used it keep their row, without a credential."""
    access.require(actor, "manage_credentials", credential.customer_id)
    delete_audited(credential, actor=actor)


def credential_for(device: Device) -> tuple[str, str, str]:
    """(username, password, enable secret) to log in to ``device``, decrypted.

    For the collector only: the caller is trusted code that already checked the job
    may run. Raises ``LookupError`` when the device has no credential and
    ``crypto.CredentialUnreadable`` when the key changed. Never log the result.
    """
    credential = _credential_of(device)
    return (
        credential.username,
        crypto.decrypt(credential.password_encrypted),
        crypto.decrypt(credential.enable_secret_encrypted),
    )


def ssh_key_for(device: Device) -> str:
    """The device's SSH private key (PEM/OpenSSH text), or "" when it has none."""
    return crypto.decrypt(_credential_of(device).private_key_encrypted)


def _credential_of(device: Device) -> Credential:
    if device.credential_id is None:
        raise LookupError(f"device {device.hostname} has no credential")
    credential = Credential.objects.get(pk=device.credential_id)
    if credential.customer_id != device.customer_id:  # never cross tenants, whatever happened
        raise LookupError(f"device {device.hostname} has no credential")
    return credential


def do_rotate_credential_key(*, actor: Actor) -> int:
    """Re-encrypt every stored secret under the first configured key (admins, the system).

    Run by the operator after putting a new key first in ``NETCARE_CREDENTIAL_KEY``
    (the old one after it); returns how many credentials were rewritten.
    """
    if actor is not None and not access.is_admin(actor):
        raise PermissionDenied("only admins rotate the credential key")
    rows = Credential.objects.all()
    count = 0
    with transaction.atomic():
        for credential in rows.select_for_update():
            for name in SECRET_FIELDS:
                attr = f"{name}_encrypted"
                setattr(credential, attr, crypto.reencrypt(getattr(credential, attr)))
            credential.save(update_fields=[f"{n}_encrypted" for n in SECRET_FIELDS])
            count += 1
    return count


# --- import --------------------------------------------------------------------------------


def do_import_devices(
    customer: Customer, *, filename: str, data: bytes, dry_run: bool, actor: Actor
) -> ImportResult:
    """Import a device spreadsheet for the customer: all rows or none.

    The raw file is kept under ``DATA_DIR/uploads/<code>/`` whatever the outcome. The
    result names every refused row with its spreadsheet row number, column and reason;
    when anything is refused, or on a dry run, nothing is written.
    """
    access.require(actor, "manage_devices", customer)
    return import_devices(customer, filename=filename, data=data, dry_run=dry_run, actor=actor)
