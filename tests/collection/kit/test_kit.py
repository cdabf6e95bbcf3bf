"""The offline collection kit and the server-free commands: ``netcare collect --offline``,
``netcare parse`` and ``netcare facts``, then the kit's archive imported on the server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from netcare.cli import app
from netcare.collection.parsing import templates
from netcare.collection.simulator import Simulator

DATA = Path(__file__).resolve().parents[2] / "data"
SAMPLES = DATA / "collection" / "samples"
KIT_DEVICES = ["comware-core", "vrp-agg", "ios-edge", "bad-password"]


@pytest.fixture(scope="module")
def simulator() -> Iterator[Simulator]:
    sim = Simulator(DATA / "simulator", host="127.0.0.1")
    sim.start()
    yield sim
    sim.stop()


def kit_inputs(tmp: Path, sim: Simulator) -> tuple[Path, Path]:
    devices = tmp / "devices.csv"
    logins = tmp / "logins.csv"
    rows = ["主机名,管理地址,平台,SSH端口"]
    creds = ["hostname,username,password,secret"]
    for name in KIT_DEVICES:
        profile = sim.profile(name)
        rows.append(f"{profile.hostname},127.0.0.1,{profile.platform},{sim.port(name)}")
        creds.append(
            f"{profile.hostname},{profile.username},{profile.password},{profile.enable_secret}"
        )
    devices.write_bytes("\n".join(rows).encode("gbk"))  # as Excel on Chinese Windows saves it
    logins.write_text("\n".join(creds), encoding="utf-8")
    return devices, logins


def run_kit(tmp: Path, sim: Simulator, networks: str | None = "127.0.0.0/8") -> Path:
    """Run the kit as an engineer would; ``networks`` is its NETCARE_COLLECT_NETWORKS."""
    devices, logins = kit_inputs(tmp, sim)
    out = tmp / "collection.zip"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NETCARE_", "DJANGO_"))}
    env["NETCARE_DATA_DIR"] = str(tmp / "no-such-data-dir")
    if networks is not None:
        env["NETCARE_COLLECT_NETWORKS"] = networks
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "netcare.cli",
            "collect",
            "--offline",
            "--devices",
            str(devices),
            "--out",
            str(out),
            "--credentials",
            str(logins),
            "--timeout",
            "8",
            "--retries",
            "0",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == (0 if networks else 1), run.stderr
    # The kit never started Django: settings would have created the data directory.
    assert not (tmp / "no-such-data-dir").exists()
    return out


def test_kit_writes_outputs_and_manifest_without_a_server(
    tmp_path: Path, simulator: Simulator
) -> None:
    out = run_kit(tmp_path, simulator)
    with zipfile.ZipFile(out) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        names = set(archive.namelist())
        blob = b"".join(archive.read(n) for n in names)
    statuses = {d["hostname"]: d["status"] for d in manifest["devices"]}
    assert statuses == {
        "ECCB-CORE-01": "ok",
        "ECCB-AGG-01": "ok",
        "router1": "ok",
        "ECCB-ACC-13": "auth_failed",
    }
    assert manifest["format"] == "netcare-collection/1" and manifest["kit_version"]
    core = next(d for d in manifest["devices"] if d["hostname"] == "ECCB-CORE-01")
    assert {f["key"] for f in core["files"]} >= {"version", "interfaces", "running_config"}
    assert all(f["path"] in names for d in manifest["devices"] for f in d["files"])
    for name in KIT_DEVICES:
        profile = simulator.profile(name)
        assert profile.password.encode() not in blob
        assert not profile.enable_secret or profile.enable_secret.encode() not in blob


@pytest.mark.django_db
def test_kit_refuses_devices_outside_its_allowlist(tmp_path: Path, simulator: Simulator) -> None:
    """Unset on the engineer's laptop, the allowlist is the private ranges: the simulator's
    loopback devices are refused, none is connected to, and the manifest says why."""
    passwords_before = simulator.stats.auth_attempts
    out = run_kit(tmp_path, simulator, networks=None)
    with zipfile.ZipFile(out) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    assert {d["status"] for d in manifest["devices"]} == {"refused"}
    assert all("NETCARE_COLLECT_NETWORKS" in d["message"] for d in manifest["devices"])
    assert simulator.stats.auth_attempts == passwords_before


def test_kit_archive_imports_on_the_server(
    tmp_path: Path, simulator: Simulator, world: object
) -> None:
    from netcare.collection import services
    from netcare.inventory import services as inventory
    from netcare.inventory.models import Device, Platform

    own = world.own  # type: ignore[attr-defined]
    device = inventory.do_create_device(
        own,
        actor=None,
        hostname="ECCB-AGG-01",
        management_address="10.9.9.9",
        platform=Platform.objects.get(slug="huawei_vrp"),
    )
    out = run_kit(tmp_path, simulator)
    upload = services.do_import_archive(
        own,
        filename=out.name,
        source=out,
        actor=world.users["member_staff"],  # type: ignore[attr-defined]
    )
    assert upload.state == "imported" and upload.method == "kit"
    device = Device.objects.get(pk=device.pk)
    assert device.model == "AR6280" and device.software_version == "V300R019C10SPC300"
    rows = {r["hostname"]: r["status"] for r in upload.report["devices"]}
    assert rows["ECCB-AGG-01"] == "ok" and rows["router1"] == "unmatched"
    assert rows["ECCB-ACC-13"] == "auth_failed"
    # The host key the kit saw is pinned on first contact; a different one is flagged.
    assert device.ssh_host_key.startswith("ssh-ed25519 SHA256:")
    Device.objects.filter(pk=device.pk).update(ssh_host_key="ssh-ed25519 SHA256:" + "x" * 43)
    again = services.do_import_archive(own, filename=out.name, source=out, actor=None)
    row = next(r for r in again.report["devices"] if r["hostname"] == "ECCB-AGG-01")
    assert "differs from the trusted ssh-ed25519 SHA256:xxx" in row["message"]
    assert Device.objects.get(pk=device.pk).ssh_host_key.endswith("x" * 43)


def test_parse_prints_ntc_records_as_json() -> None:
    sample = SAMPLES / "display_version_5900af_cw7.txt"
    result = CliRunner().invoke(
        app,
        [
            "parse",
            "--platform",
            "hp_comware",
            "--command",
            "display version",
            str(sample),
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    records = json.loads(result.output)
    assert records == templates.parse("hp_comware", "display version", sample.read_text())
    assert all(key == key.lower() for record in records for key in record)


def test_parse_reports_vendor_errors_and_unknown_commands(tmp_path: Path) -> None:
    error = tmp_path / "err.txt"
    error.write_text("                ^\n % Unrecognized command found at '^' position.\n")
    answer = CliRunner().invoke(
        app, ["parse", "--platform", "hp_comware", "--command", "dis ver", str(error)]
    )
    assert answer.exit_code == 1
    clean = SAMPLES / "display_version_5900af_cw7.txt"
    answer = CliRunner().invoke(
        app, ["parse", "--platform", "hp_comware", "--command", "display bogus", str(clean)]
    )
    assert answer.exit_code == 2


def test_facts_names_model_and_version_for_every_platform(tmp_path: Path) -> None:
    folder = tmp_path / "field"
    folder.mkdir()
    for name in (
        "session_sw-core_gbk_crlf.log",
        "session_pe1_paged.log",
        "session_router1_more.log",
    ):
        (folder / name).write_bytes((SAMPLES / name).read_bytes())
    for host, source in (
        ("C9500-CORE", "show_version_c9500.txt"),
        ("N9K1", "nxos_show_version.txt"),
        ("qfx-lab", "junos_show_version.txt"),
        ("leaf-01", "eos_show_version.txt"),
        ("AR-WAN", "display_version_ar6280.txt"),
    ):
        (folder / host).mkdir()
        command = "show_version.txt" if "show" in source else "display_version.txt"
        (folder / host / command).write_bytes((SAMPLES / source).read_bytes())
    archive = tmp_path / "field.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                zipped.write(path, path.relative_to(folder).as_posix())
    for target in (folder, archive):
        result = CliRunner().invoke(app, ["facts", str(target), "--json"])
        assert result.exit_code == 0, result.output
        records = {r["hostname"]: r for r in json.loads(result.output)}
        got = {
            name: (r["platform"], r["facts"]["model"], r["facts"]["os_version"])
            for name, r in records.items()
        }
        assert got == {
            "SW-Core": ("hp_comware", "5900AF-48XG-4QSFP+", "7.1.045, Release 2418P06"),
            "PE1": ("huawei_vrp", "NE40E-X2-M8A", "V800R011C00SPC200"),
            "router1": ("cisco_ios", "WS-C4948E", "12.2(54)SG1"),
            "Switch-Hostname": ("cisco_xe", "C9500-48Y4C", "16.12.04"),
            "N9K1": ("cisco_nxos", "C9396PX", "6.1(2)I3(1)"),
            "lab": ("juniper_junos", "mx240", "13.3R1.4"),
            "leaf-01": ("arista_eos", "vEOS", "4.14.7M"),
            "AR-WAN": ("huawei_vrp", "AR6280", "V300R019C10SPC300"),
        }
