"""Demo collection: every demo device served by the simulator and collected over SSH.

The demo inventory's devices (about sixty) get simulated twins under
``DATA_DIR/simulator/<hostname>/``: each ``device.yaml`` borrows its platform's shared
recordings from ``data/demo/shared/<platform>`` (``outputs_from``) and adds its own
version, inventory and configuration filled from the inventory row, plus the faults of
``data/demo/faults.yaml`` (high CPU, a failed PSU and fan, CRC errors, NTP not
synchronised, Telnet enabled, an old version) for inspection to find later.

The simulator runs in this process on free loopback ports, and each customer's devices
are collected by the same coordinator as a real job; only here is a device's address
replaced by its simulator port (``endpoints``). A customer already collected by an
earlier demo run is left alone, so running the demo twice changes nothing.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings

from netcare.collection import services
from netcare.collection.models import CollectionJob, Method
from netcare.customers.models import Customer
from netcare.inventory.models import Device

DATA = Path(__file__).parent / "data" / "demo"
DEMO_NOTE = "demo collection through the device simulator"
#: Platforms whose login lands in user mode and needs ``enable`` with the secret.
_ENABLE = {"cisco_ios"}


def _tokens(device: Device, override: dict[str, Any]) -> dict[str, str]:
    """Placeholder values of one device's recordings, from its inventory row."""
    version = str(override.get("version") or device.software_version)
    model = device.model or "UNKNOWN"
    serial = device.serial or f"SN{device.pk:010d}"
    digest = hashlib.sha256(device.hostname.encode()).hexdigest()
    tokens = {
        "%HOST%": device.hostname,
        "%MODEL%": model,
        "%SERIAL%": serial,
        "%SERIALTAIL%": serial[-6:],
        "%MACTAIL%": digest[:4].upper(),
        "%ADDRESS%": device.management_address,
        "%VERSION%": version,
        "%DESCR%": model,
    }
    platform = device.platform.slug
    if platform == "hp_comware":
        number, _, release = version.partition(",")
        release = release.strip() or "Release 0000"
        code = release.split()[-1].lower()
        tokens.update(
            {
                "%VERSION%": number.strip(),
                "%RELEASE%": release,
                "%RELEASE_CODE%": f"r{code}",
                "%RELEASE_CODE_UPPER%": code.upper(),
                "%IMAGE%": re.sub(r"[^a-z0-9]", "", model.lower().split("-")[0]),
                "%BOOTROM%": "1.08",
            }
        )
    elif platform == "huawei_vrp":
        vrp8 = model.startswith(("CE", "NE"))
        tokens.update(
            {
                "%VRP%": "8.191" if vrp8 else "5.170",
                "%FAMILY%": re.sub(r"\d\d$", "00", model.split("-")[0])
                if vrp8
                else model.split("-")[0],
                "%PATCH%": f"{version[:8]}SPH{int(digest[:2], 16) % 20 + 1:03d}",
                "%PCB%": model.split("-")[0],
            }
        )
    elif platform in ("cisco_ios", "cisco_xe"):
        isr = model.startswith("ISR")
        tokens.update(
            {
                "%SHORTVERSION%": ".".join(version.split(".")[:2]).split("(")[0],
                "%XEVERSION%": version,
                "%TRAIN%": "Bengaluru" if version.startswith("17.6") else "Cupertino",
                "%XEPLATFORM%": "ISR" if isr else "Catalyst L3 Switch",
                "%XEIMAGE%": "X86_64_LINUX_IOSD-UNIVERSALK9-M" if isr else "CAT9K_IOSXE",
            }
        )
    return tokens


def _fill(text: str, tokens: dict[str, str]) -> str:
    for token, value in tokens.items():
        text = text.replace(token, value)
    return text


def write_device(folder: Path, device: Device, password: str, fault: dict[str, Any]) -> None:
    """One simulated twin of an inventory device (rewritten on every demo run)."""
    platform = device.platform.slug
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    tokens = _tokens(device, fault)
    tokens["%TELNET%"] = (
        {
            "hp_comware": " telnet server enable\n",
            "huawei_vrp": "telnet server enable\n",
            "cisco_nxos": "feature telnet\n",
        }.get(platform, "")
        if fault.get("telnet")
        else ""
    )
    tokens["%VTY_TRANSPORT%"] = "telnet ssh" if fault.get("telnet") else "ssh"
    sources = [DATA / "device" / platform]
    sources += [DATA / "faults" / name / platform for name in fault.get("faults", [])]
    for source in sources:
        for path in sorted(source.glob("*.txt")) if source.is_dir() else []:
            text = _fill(path.read_text(encoding="utf-8"), tokens)
            (folder / path.name).write_text(text, encoding="utf-8")
    shared = DATA / "shared" / platform
    for path in sorted(shared.glob("*.txt")):
        # Shared files with placeholders become the device's own; the rest are borrowed.
        text = path.read_text(encoding="utf-8")
        if "%" in text and not (folder / path.name).exists():
            (folder / path.name).write_text(_fill(text, tokens), encoding="utf-8")
    profile = {
        "hostname": device.hostname,
        "platform": platform,
        "username": "netcare",
        "password": password,
        "outputs_from": str(shared.resolve()),
        "page_length": 24,
    }
    if platform in _ENABLE:
        profile["enable_secret"] = password
    (folder / "device.yaml").write_text(
        yaml.safe_dump(profile, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )


def build_simulator(devices: list[Device], password: str) -> Path:
    """Write the simulated twins of ``devices`` under ``DATA_DIR/simulator``."""
    root = Path(settings.DATA_DIR) / "simulator"
    root.mkdir(parents=True, exist_ok=True)
    faults = yaml.safe_load((DATA / "faults.yaml").read_text(encoding="utf-8")) or {}
    for device in devices:
        write_device(root / device.hostname, device, password, faults.get(device.hostname, {}))
    return root


def collect_devices(summary: Any) -> None:
    """Collect every demo customer's devices over SSH from the in-process simulator.

    The demo's data directory allows collection from loopback only (its devices are the
    simulator), also for a later ``netcare serve`` on it: see ``collection.allowlist``.
    """
    from netcare.collection import allowlist
    from netcare.collection.simulator import Simulator
    from netcare.inventory.demo import DEMO_DEVICE_PASSWORD

    marker = Path(settings.DATA_DIR) / allowlist.DATA_DIR_FILE
    marker.write_text(allowlist.LOOPBACK + "\n", encoding="utf-8")
    pending = []
    for customer in Customer.objects.filter(code__in=summary.customers).order_by("code"):
        done = CollectionJob.objects.filter(
            customer=customer, method=Method.SSH, note=DEMO_NOTE, state="finished"
        ).first()
        if done is not None:
            summary.jobs.append(f"collection {customer.code}={done.succeeded}/{done.total}")
            continue
        if Device.objects.filter(customer=customer, status=Device.Status.ACTIVE).exists():
            pending.append(customer)
    if not pending:
        return
    devices = list(
        Device.objects.filter(customer__in=pending, status=Device.Status.ACTIVE)
        .select_related("platform")
        .order_by("hostname")
    )
    root = build_simulator(devices, DEMO_DEVICE_PASSWORD)
    simulator = Simulator(
        root, host="127.0.0.1", host_key_path=root.with_name("simulator_host_key")
    )
    ports = simulator.start()
    try:
        endpoints = {name: ("127.0.0.1", port) for name, port in ports.items()}
        for customer in pending:
            job = services.do_start_collection(
                customer, actor=None, timeout=30, retries=1, enqueue=False
            )
            CollectionJob.objects.filter(pk=job.pk).update(note=DEMO_NOTE)
            services.run_collection(job, concurrency=8, endpoints=endpoints)
            job.refresh_from_db()
            summary.jobs.append(f"collection {customer.code}={job.succeeded}/{job.total}")
    finally:
        simulator.stop()


STEPS = [collect_devices]
