"""The collection kit (信息采集工具): collect over SSH inside a customer's network, offline.

The same NetCare package, run on a host inside the customer's network with no server
and no database (nothing here imports Django)::

    netcare collect --offline --devices devices.csv --out collection.zip

``devices.csv`` is the inventory's device spreadsheet format (hostname, management
address, platform, SSH port; Chinese or English headers; UTF-8 or GBK). Credentials are
prompted once or read from a local CSV (``hostname,username,password,secret``; hostname
``*`` for the default) that is only read, never copied: the archive holds outputs and a
``manifest.json`` (kit version, time, each device's status and each file's SHA-256),
and no credential, which the L2 expert then uploads to NetCare.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
import socket
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from netcare.collection import bundles
from netcare.collection.parsing import commands

__all__ = ["Credentials", "KitDevice", "KitError", "collect_offline", "read_credentials"]


class KitError(ValueError):
    """The kit's input files cannot be used; the message says which and why."""


@dataclass(frozen=True)
class KitDevice:
    """A device to collect, as the customer's device list names it."""

    hostname: str
    address: str
    platform: str
    port: int = 22


@dataclass(frozen=True)
class Credentials:
    """Logins for the kit run: a default and per-device ones. Never written anywhere."""

    default: tuple[str, str, str] | None = field(default=None, repr=False)
    per_device: dict[str, tuple[str, str, str]] = field(default_factory=dict, repr=False)

    def for_device(self, hostname: str) -> tuple[str, str, str] | None:
        return self.per_device.get(hostname.lower(), self.default)


def read_devices(path: Path) -> list[KitDevice]:
    """The device list (inventory spreadsheet format); KitError naming the row if bad."""
    from netcare.inventory import tabular

    try:
        table = tabular.read_table(path.name, path.read_bytes())
    except tabular.FileRefused as exc:
        raise KitError(f"{path}: cannot read the device list ({exc.code} {exc.detail})") from None
    for needed in ("management_address", "platform"):
        if needed not in table.columns:
            raise KitError(f"{path}: no column for {needed.replace('_', ' ')}")
    devices: list[KitDevice] = []
    for row in table.rows:
        values = row.values
        hostname = values.get("hostname", "").strip()
        match = tabular.resolve_platform(values.get("platform", ""))
        if not hostname or not values.get("management_address"):
            raise KitError(f"{path} row {row.number}: hostname and address are required")
        if match.slug is None:
            raise KitError(
                f"{path} row {row.number}: platform {values.get('platform')!r} is not one of "
                f"{', '.join(commands.PLATFORMS)}"
            )
        port = tabular.parse_port(values.get("ssh_port", "") or "22")
        if port is None:
            raise KitError(f"{path} row {row.number}: bad SSH port {values.get('ssh_port')!r}")
        devices.append(KitDevice(hostname, values["management_address"].strip(), match.slug, port))
    if not devices:
        raise KitError(f"{path}: no devices listed")
    return devices


def read_credentials(path: Path) -> Credentials:
    """Logins from a local CSV: ``hostname,username,password,secret`` (``*``: default)."""
    text = path.read_bytes().decode("utf-8-sig")
    default: tuple[str, str, str] | None = None
    per_device: dict[str, tuple[str, str, str]] = {}
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or not {"username", "password"} <= set(reader.fieldnames):
        raise KitError(f"{path}: needs the columns hostname, username, password[, secret]")
    for row in reader:
        login = (row.get("username") or "", row.get("password") or "", row.get("secret") or "")
        host = (row.get("hostname") or "*").strip()
        if host in ("", "*"):
            default = login
        else:
            per_device[host.lower()] = login
    return Credentials(default, per_device)


def _file_name(hostname: str, command: str) -> str:
    folder = re.sub(r"[^\w.-]+", "_", hostname).strip("._") or "device"
    name = re.sub(r"[^a-z0-9]+", "_", command.lower()).strip("_")
    return f"{folder}/{name}.txt"


def _kit_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("netcare")
    except PackageNotFoundError:
        return "0"


def collect_offline(
    devices: list[KitDevice],
    credentials: Credentials,
    out: Path,
    *,
    concurrency: int = 8,
    timeout: float = 60.0,
    retries: int = 1,
    on_result: Callable[[Any], None] | None = None,
) -> dict[str, Any]:
    """Collect every device and write ``out`` (zip with outputs + manifest); the manifest.

    A device without a login ends as ``error`` and the others go on. The archive is
    written to ``out.part`` and renamed when complete, so a half-written file never
    carries the final name.
    """
    from netcare.collection.ssh import DeviceTarget, Progress, collect_many

    started = dt.datetime.now(dt.UTC)
    targets: list[DeviceTarget] = []
    entries: dict[str, dict[str, Any]] = {}
    for device in devices:
        entry: dict[str, Any] = {
            "hostname": device.hostname,
            "address": device.address,
            "port": device.port,
            "platform": device.platform,
            "status": "error",
            "message": "",
            "elapsed": 0.0,
            "attempts": 0,
            "files": [],
        }
        entries[device.hostname] = entry
        login = credentials.for_device(device.hostname)
        if login is None:
            entry["message"] = "no login given for this device"
            continue
        targets.append(
            DeviceTarget(
                name=device.hostname,
                host=device.address,
                platform=device.platform,
                username=login[0],
                password=login[1],
                secret=login[2],
                port=device.port,
            )
        )
    partial = out.with_name(out.name + ".part")
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:

        def write(event: Progress) -> None:
            if event.state != "done" or event.result is None:
                return
            result = event.result
            entry = entries[result.name]
            entry.update(
                status=str(result.status),
                message=result.message,
                elapsed=result.elapsed,
                attempts=result.attempts,
                started_at=result.started_at.isoformat(timespec="seconds"),
                host_key=result.host_key,
            )
            for output in result.outputs:
                data = output.text.encode("utf-8")
                name = _file_name(result.name, output.command)
                archive.writestr(name, data)
                entry["files"].append(
                    {
                        "path": name,
                        "command": output.command,
                        "key": commands.key_for(result.platform, output.command),
                        "sha256": hashlib.sha256(data).hexdigest(),
                        "bytes": len(data),
                        "complete": output.complete,
                        "rejected": output.rejected,
                    }
                )
            if on_result is not None:
                on_result(result)

        collect_many(
            targets,
            lambda t: [e.command for e in commands.command_set(t.platform)],
            concurrency=concurrency,
            timeout=timeout,
            retries=retries,
            on_progress=write,
        )
        manifest = {
            "format": bundles.MANIFEST_FORMAT,
            "kit_version": _kit_version(),
            "collected_at": started.isoformat(timespec="seconds"),
            "finished_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "collector_host": socket.gethostname(),
            "devices": list(entries.values()),
        }
        archive.writestr(bundles.MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2))
    partial.replace(out)
    return manifest
