"""Device import from a customer's spreadsheet: all rows or none, every refusal named.

``inventory.tabular`` reads the file into canonical rows; this module checks each row
against the customer (platforms, sites, credentials, devices already recorded), and
writes all of them in one transaction only when none was refused and it is not a dry
run. The raw upload is always kept first, so nothing a user gave us is lost. The
result (``ImportResult``) serves the CLI, the page and the API alike.

Row numbers are the ones the spreadsheet shows (header = row 1 when it is the first
line); columns are named with the header text the user wrote.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from netcare.core.audit import acting_as
from netcare.core.links import job_link
from netcare.customers.models import Customer, Site
from netcare.inventory import tabular
from netcare.inventory.models import Credential, Device, Platform, VersionChange

if TYPE_CHECKING:
    from netcare.core.access import Actor

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
#: Fields a new device cannot do without (an update may leave them blank: kept).
REQUIRED_FOR_NEW = ("management_address", "platform")
_STRING_FIELDS = ("model", "serial", "software_version")


@dataclass
class RowIssue:
    """Why one cell of one row was refused."""

    row: int
    column: str
    message: str


@dataclass
class RowResult:
    """What happened (or would happen) to one row: created, updated, unchanged or refused."""

    row: int
    hostname: str
    action: str
    issues: list[RowIssue] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class ImportResult:
    """The outcome of one import, row by row.

    ``written`` is True only when the rows were saved: never on a dry run, never
    when a row or the file was refused. ``stored_as`` is the kept raw upload,
    relative to the data directory.
    """

    filename: str
    customer: str
    dry_run: bool
    stored_as: str = ""
    encoding: str = ""
    file_error: str = ""
    rows: list[RowResult] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    written: bool = False

    def _with(self, action: str) -> list[RowResult]:
        return [r for r in self.rows if r.action == action]

    @property
    def created(self) -> list[RowResult]:
        return self._with("created")

    @property
    def updated(self) -> list[RowResult]:
        return self._with("updated")

    @property
    def unchanged(self) -> list[RowResult]:
        return self._with("unchanged")

    @property
    def refused(self) -> list[RowResult]:
        return self._with("refused")

    @property
    def ok(self) -> bool:
        """Nothing refused: the file was (or on a dry run, would be) imported whole."""
        return not self.file_error and not self.refused

    @property
    def issues(self) -> list[RowIssue]:
        return [issue for row in self.rows for issue in row.issues]

    def result_link(self) -> dict[str, Any]:
        """Where the imported devices are, once written (``core.links.job_link`` shape):
        the report links to the customer's device list; a dry run or a refused file
        produced nothing to link to."""
        if not self.written:
            return {}
        return job_link(
            reverse("inventory:device_list", kwargs={"code": self.customer}),
            zh=f"{self.customer} 设备清单",
            en=f"{self.customer} devices",
        )

    def counts(self) -> dict[str, int]:
        return {
            action: len(self._with(action))
            for action in ("created", "updated", "unchanged", "refused")
        }

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready form for the API and job results."""
        return {
            "file": self.filename,
            "customer": self.customer,
            "dry_run": self.dry_run,
            "written": self.written,
            "ok": self.ok,
            "stored_as": self.stored_as,
            "encoding": self.encoding,
            "error": self.file_error,
            "counts": self.counts(),
            "notes": list(self.notes),
            "rows": [
                {
                    "row": r.row,
                    "hostname": r.hostname,
                    "action": r.action,
                    "issues": [{"column": i.column, "message": i.message} for i in r.issues],
                    "notes": list(r.notes),
                }
                for r in self.rows
            ],
            **self.result_link(),
        }


def accepted_platforms() -> str:
    """The platform names an import accepts, for error messages and the docs."""
    return ", ".join(tabular.PLATFORMS) + " " + _("(or e.g. H3C, Comware, Huawei, 华为, IOS-XE)")


def _file_message(code: str, filename: str, detail: str) -> str:
    known = ", ".join(a[0] for a in tabular.HEADER_ALIASES.values())
    messages = {
        "empty": _("%(file)s is empty."),
        "too_large": _("%(file)s is larger than %(detail)s bytes."),
        "not_text": _("%(file)s is neither UTF-8 nor GB18030 text, nor an XLSX workbook."),
        "xls": _("%(file)s is an Excel 97-2003 (.xls) workbook: save it as .xlsx or CSV."),
        "xlsx_unreadable": _("%(file)s cannot be opened as an XLSX workbook (%(detail)s)."),
        "no_header": _(
            "%(file)s has no recognisable header: one of its first rows must name the "
            "hostname column and at least one other column (%(known)s)."
        ),
        "duplicate_column": _("%(file)s has two columns for the same field: %(detail)s."),
        "too_many_rows": _("%(file)s has more than %(detail)s rows: split it."),
        "conflict": _(
            "%(file)s: these devices were changed by someone else at the same moment; "
            "nothing was written. Import the file again."
        ),
    }
    return messages[code] % {"file": filename, "detail": detail, "known": known}


def keep_upload(customer: Customer, filename: str, data: bytes) -> Path:
    """Store the raw upload under ``DATA_DIR/uploads/<code>/<timestamp>-<name>``."""
    name = re.sub(r"[^\w.\-]+", "_", filename.replace("\\", "/").rsplit("/", 1)[-1])[:120]
    folder = Path(settings.DATA_DIR) / "uploads" / customer.code
    folder.mkdir(parents=True, exist_ok=True)
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S-%f")
    path = folder / f"{stamp}-{name.strip('._') or 'upload'}"
    with path.open("xb") as handle:  # never overwrite an earlier upload
        handle.write(data)
    return path


def import_devices(
    customer: Customer, *, filename: str, data: bytes, dry_run: bool, actor: Actor
) -> ImportResult:
    """Check every row, then write them all in one transaction (unless refused or dry run).

    Called by ``services.do_import_devices``, which checks the actor may do it.
    """
    result = ImportResult(filename=filename, customer=customer.code, dry_run=dry_run)
    if len(data) > MAX_UPLOAD_BYTES:
        result.file_error = _file_message("too_large", filename, str(MAX_UPLOAD_BYTES))
        return result
    stored = keep_upload(customer, filename, data)
    result.stored_as = str(stored.relative_to(Path(settings.DATA_DIR)))
    try:
        table = tabular.read_table(filename, data)
    except tabular.FileRefused as refused:
        result.file_error = _file_message(refused.code, filename, refused.detail)
        return result
    result.encoding = table.encoding
    if table.ignored_headers:
        result.notes.append(
            _("Columns not imported: %(columns)s.") % {"columns": ", ".join(table.ignored_headers)}
        )
    plans = _RowChecker(customer, table).check()
    result.rows = [plan.result for plan in plans]
    if not result.ok or dry_run:
        return result
    try:
        _write(plans, actor)
    except IntegrityError:
        result.file_error = _file_message("conflict", filename, "")
        return result
    result.written = True
    return result


#: Records why a cell was refused: ``refuse(field name, message)``.
Refuse = Callable[[str, str], None]


@dataclass
class _Plan:
    result: RowResult
    device: Device | None = None
    previous_version: str = ""


def _write(plans: list[_Plan], actor: Actor) -> None:
    now = timezone.now()
    with transaction.atomic(), acting_as(actor):
        for plan in plans:
            device = plan.device
            if device is None or plan.result.action not in {"created", "updated"}:
                continue
            device.save()
            if device.software_version and device.software_version != plan.previous_version:
                VersionChange.objects.create(
                    customer_id=device.customer_id,
                    device=device,
                    version=device.software_version,
                    previous_version=plan.previous_version,
                    seen_at=now,
                    source=VersionChange.Source.IMPORT,
                )


class _RowChecker:
    """Checks rows against one customer, with everything it needs loaded up front.

    Four queries whatever the file's length (platforms, sites, credentials, devices),
    so a thousand-row file is checked as fast as a ten-row one.
    """

    def __init__(self, customer: Customer, table: tabular.Table) -> None:
        self.customer = customer
        self.table = table
        self.platforms = {p.slug: p for p in Platform.objects.all()}
        self.sites = {s.name.casefold(): s for s in Site.objects.filter(customer=customer)}
        self.credentials = {
            c.name.casefold(): c for c in Credential.objects.filter(customer=customer)
        }
        self.devices = {d.hostname.casefold(): d for d in Device.objects.filter(customer=customer)}
        self.seen: dict[str, int] = {}

    def column(self, name: str) -> str:
        """The header text the user wrote for a field, else the field's own label."""
        if header := self.table.header_of(name):
            return header
        model_field = Device._meta.get_field(name)
        return str(getattr(model_field, "verbose_name", name))

    def check(self) -> list[_Plan]:
        return [self._check_row(row) for row in self.table.rows]

    def _check_row(self, row: tabular.Row) -> _Plan:
        values = row.values
        hostname = values.get("hostname", "")
        result = RowResult(row=row.number, hostname=hostname, action="refused")
        plan = _Plan(result)

        def refuse(name: str, message: str) -> None:
            result.issues.append(RowIssue(row.number, self.column(name), message))

        if not hostname:
            refuse("hostname", _("Missing hostname."))
        else:
            key = hostname.casefold()
            if key in self.seen:
                refuse(
                    "hostname",
                    _("Hostname %(hostname)s is also on row %(other)d.")
                    % {"hostname": hostname, "other": self.seen[key]},
                )
            else:
                self.seen[key] = row.number
        existing = self.devices.get(hostname.casefold()) if hostname else None
        changes = self._parse_cells(values, refuse, result.notes)
        if existing is None:
            for name in REQUIRED_FOR_NEW:
                if name not in changes and not values.get(name):
                    refuse(name, _("Missing %(field)s.") % {"field": self.column(name)})
        if result.issues:
            return plan
        device = existing if existing is not None else Device(customer=self.customer)
        plan.previous_version = existing.software_version if existing is not None else ""
        before = _values(device) if existing is not None else None
        for name, value in changes.items():
            setattr(device, name, value)
        device.hostname = hostname
        try:
            device.full_clean(
                exclude=["customer", "platform", "site", "credential"],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                column = self.column(name) if name in tabular.FIELDS else name
                for message in messages:
                    result.issues.append(RowIssue(row.number, column, message))
            return plan
        plan.device = device
        if existing is None:
            result.action = "created"
        else:
            result.action = "unchanged" if _values(device) == before else "updated"
        return plan

    def _parse_cells(
        self, values: dict[str, str], refuse: Refuse, notes: list[str]
    ) -> dict[str, Any]:
        """Canonical field values of a row's non-blank cells; refusals go to ``refuse``."""
        changes: dict[str, Any] = {}
        for name in _STRING_FIELDS:
            if values.get(name):
                changes[name] = values[name]
        if address := values.get("management_address"):
            try:
                changes["management_address"] = str(ipaddress.ip_address(address))
            except ValueError:
                refuse(
                    "management_address",
                    _('"%(value)s" is not an IPv4 or IPv6 address.') % {"value": address},
                )
        if platform := values.get("platform"):
            changes.update(self._platform(platform, refuse, notes))
        if port := values.get("ssh_port"):
            number = tabular.parse_port(port)
            if number is None:
                refuse("ssh_port", _('"%(value)s" is not a TCP port (1-65535).') % {"value": port})
            else:
                changes["ssh_port"] = number
        if site := values.get("site"):
            found = self.sites.get(site.casefold())
            if found is None:
                names = ", ".join(s.name for s in self.sites.values()) or _("none recorded")
                refuse(
                    "site",
                    _('Unknown site "%(value)s"; this customer\'s sites: %(sites)s.')
                    % {"value": site, "sites": names},
                )
            changes["site"] = found
        if credential := values.get("credential"):
            found_credential = self.credentials.get(credential.casefold())
            if found_credential is None:
                names = ", ".join(c.name for c in self.credentials.values()) or _("none recorded")
                refuse(
                    "credential",
                    _('Unknown credential "%(value)s"; this customer\'s credentials: %(names)s.')
                    % {"value": credential, "names": names},
                )
            changes["credential"] = found_credential
        for name, resolve, choices in (
            ("role", tabular.resolve_role, Device.Role.values),
            ("status", tabular.resolve_status, Device.Status.values),
        ):
            if raw := values.get(name):
                value = resolve(raw)
                if value is None:
                    refuse(
                        name,
                        _('Unknown %(field)s "%(value)s"; accepted: %(accepted)s.')
                        % {
                            "field": self.column(name),
                            "value": raw,
                            "accepted": ", ".join(choices),
                        },
                    )
                changes[name] = value
        return changes

    def _platform(self, raw: str, refuse: Refuse, notes: list[str]) -> dict[str, Any]:
        match = tabular.resolve_platform(raw)
        platform = self.platforms.get(match.slug) if match.slug else None
        if platform is None:
            if match.candidates:
                refuse(
                    "platform",
                    _('Platform "%(value)s" is ambiguous: write one of %(candidates)s.')
                    % {"value": raw, "candidates": ", ".join(match.candidates)},
                )
            else:
                refuse(
                    "platform",
                    _('Unknown platform "%(value)s"; accepted: %(accepted)s.')
                    % {"value": raw, "accepted": accepted_platforms()},
                )
            return {}
        if not match.exact:
            notes.append(
                _('Platform "%(value)s" read as %(slug)s.') % {"value": raw, "slug": platform.slug}
            )
        return {"platform": platform}


def _values(device: Device) -> dict[str, Any]:
    return {
        "hostname": device.hostname,
        "management_address": device.management_address,
        "ssh_port": device.ssh_port,
        "platform": device.platform_id,
        "model": device.model,
        "serial": device.serial,
        "software_version": device.software_version,
        "site": device.site_id,
        "role": device.role,
        "status": device.status,
        "credential": device.credential_id,
    }
