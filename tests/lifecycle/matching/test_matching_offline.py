"""Matching without a database: the devices CSV, its refusals, and a match of a small
inventory against the real advisory files in tests/data/lifecycle/advisories (CVE JSON 5
records, a Cisco CSAF advisory, the KEV subset) — also through ``netcare advisories
match --json``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from netcare.cli import app
from netcare.lifecycle.matching.offline import DeviceFileError, match_files, read_devices_csv

ADVISORIES = Path(__file__).resolve().parents[2] / "data" / "lifecycle" / "advisories"

INVENTORY = """\ufeffhostname,vendor,platform,model,version,features
core-sw1,Cisco,cisco_xe,C9300-48P,17.9.3,http_server|ssh_server
core-sw2,Cisco,cisco_xe,C9300-48P,17.9.4a,https_server; ssh_server
acc-1,Cisco,cisco_ios,WS-C2960X-48FPD-L,15.2(5)EX,
ex-1,Juniper,juniper_junos,EX4300-48P,21.4R3-S4,https_server
leaf-1,Arista,arista_eos,DCS-7050SX3-48YC12,4.28.3M,-
"""


def _write(tmp_path: Path, text: str, name: str = "devices.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_devices_file_is_read_with_features_known_unknown_and_none(tmp_path: Path) -> None:
    devices = {d.key: d for d in read_devices_csv(_write(tmp_path, INVENTORY))}
    assert list(devices) == ["core-sw1", "core-sw2", "acc-1", "ex-1", "leaf-1"]
    assert devices["core-sw1"].features == frozenset({"http_server", "ssh_server"})
    assert devices["core-sw2"].features == frozenset({"https_server", "ssh_server"})
    assert devices["acc-1"].features is None  # empty cell: nothing collected
    assert devices["leaf-1"].features == frozenset()  # "-": collected, none in use
    assert devices["ex-1"].platform == "juniper_junos" and devices["ex-1"].model == "EX4300-48P"


def test_optional_columns_may_be_left_out(tmp_path: Path) -> None:
    path = _write(tmp_path, "Hostname,Platform,Version\nr1,cisco_ios,15.2(4)E10\n")
    [device] = read_devices_csv(path)
    assert (device.model, device.vendor, device.features) == ("", "", None)


@pytest.mark.parametrize(
    ("text", "row", "column", "words"),
    [
        ("hostname,platform,model\nr1,cisco_ios,x\n", 1, "version", "missing column"),
        ("hostname,platform,version\nr1,cisco_iosxr,7.3.2\n", 2, "platform", "unknown platform"),
        ("hostname,platform,version\nr1,cisco_ios,1\n,cisco_ios,2\n", 3, "hostname", "empty"),
        ("hostname,platform,version\nr1,cisco_ios,1\n\nr1,cisco_ios,2\n", 4, "hostname", "row 2"),
    ],
)
def test_refusals_name_file_row_and_column(
    tmp_path: Path, text: str, row: int, column: str, words: str
) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(DeviceFileError) as caught:
        read_devices_csv(path)
    message = str(caught.value)
    assert str(path) in message and f"row {row}" in message and repr(column) in message
    assert words in message
    assert isinstance(caught.value, ValueError)  # the CLI reports ValueErrors


def test_empty_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DeviceFileError, match="empty"):
        read_devices_csv(_write(tmp_path, ""))


def _rows(tmp_path: Path) -> dict[tuple[str, str], dict[str, object]]:
    found = match_files(_write(tmp_path, INVENTORY), [ADVISORIES])
    assert [(r["device"], r["advisory"]) for r in found] == sorted(
        (r["device"], r["advisory"]) for r in found
    )
    json.dumps(found, ensure_ascii=False)  # JSON-ready
    return {(str(r["device"]), str(r["advisory"])): r for r in found}


def test_real_advisories_against_an_inventory(tmp_path: Path) -> None:
    rows = _rows(tmp_path)
    webui = rows[("core-sw1", "CVE-2023-20198")]
    assert (webui["status"], webui["reason"], webui["range"]) == (
        "vulnerable",
        "version_in_range",
        "17.9.3",
    )
    assert webui["cves"] == ["CVE-2023-20198"] and webui["cvss"] == 10.0
    assert webui["severity"] == "critical"
    assert "17.9.3" in str(webui["detail_en"]) and "17.9.3" in str(webui["detail_zh"])
    assert rows[("core-sw2", "CVE-2023-20198")]["status"] == "not_vulnerable"
    # Smart Install, from Cisco's CSAF advisory: 15.2(5)EX is a listed release.
    smi = rows[("acc-1", "cisco-sa-20180328-smi2")]
    assert (smi["status"], smi["reason"], smi["range"]) == (
        "vulnerable",
        "version_in_range",
        "Cisco IOS 15.2EX 15.2(5)EX",
    )
    # The CVE record of the same flaw names "Cisco IOS and IOS XE" without versions:
    # unknown, said as such, never "not vulnerable".
    record = rows[("acc-1", "CVE-2018-0171")]
    assert (record["status"], record["reason"]) == ("unknown", "no_versions")
    # Platforms no product names get no row; every row concerns the device's platform.
    assert not any(device == "leaf-1" and key.startswith("cisco") for device, key in rows)


def test_no_junos_row_is_silently_safe(tmp_path: Path) -> None:
    """Juniper's records bound ranges by release line (``21.4`` … ``21.4R3-S5``); the
    Junos scheme reads the line as its start, so the device on 21.4R3-S4 is inside."""
    rows = _rows(tmp_path)
    for key in ("CVE-2023-36844", "CVE-2025-21590"):
        row = rows[("ex-1", key)]
        assert (row["status"], row["reason"]) == ("vulnerable", "version_in_range"), row


def test_cli_prints_one_json_object_per_row(tmp_path: Path) -> None:
    devices = _write(tmp_path, INVENTORY)
    result = CliRunner().invoke(
        app,
        [
            "advisories",
            "match",
            "--devices",
            str(devices),
            "--advisories",
            str(ADVISORIES),
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines() if line.strip()]
    assert lines == match_files(devices, [ADVISORIES])


def test_cli_reports_a_bad_devices_file(tmp_path: Path) -> None:
    devices = _write(tmp_path, "hostname,platform,version\nr1,cisco_iosxr,7.3.2\n")
    result = CliRunner().invoke(
        app, ["advisories", "match", "--devices", str(devices), "--advisories", str(ADVISORIES)]
    )
    assert result.exit_code == 1
    assert "row 2" in result.output and "unknown platform" in result.output
