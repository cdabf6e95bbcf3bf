"""The simulator itself: profile format, raw terminal behaviour, scale and command line."""

from __future__ import annotations

import os
import re
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import paramiko
import pytest

from netcare.collection.simulator import (
    DeviceProfile,
    ProfileError,
    Simulator,
    command_key,
    load_device,
    load_devices,
)
from netcare.collection.ssh import DeviceTarget, Status, collect_device, collect_many

from .conftest import DATA, LOOPBACK, recorded


def test_command_key_and_abbreviations() -> None:
    assert command_key("display version") == "display_version"
    assert command_key("  show running-config ") == "show_running_config"
    assert command_key("show interfaces | json") == "show_interfaces_json"
    profile = load_device(DATA / "comware-core")
    assert profile.find("disp ver") == "display_version"
    assert profile.find("dis int") == "display_interface"
    assert profile.find("dis int br") == "display_interface_brief"
    assert profile.find("display foo") is None


def test_outputs_from_shares_recordings_and_profile_hides_password() -> None:
    profile = load_device(DATA / "sticky-paging")
    assert profile.behaviour.sticky_paging
    assert "display_interface" in profile.outputs
    assert profile.password not in repr(profile)


@pytest.mark.parametrize(
    ("yaml_text", "problem"),
    [
        ("hostname: A\nplatform: ios\nusername: u\npassword: p\n", "platform"),
        ("hostname: A\nplatform: cisco_ios\nusername: u\n", "'password' is required"),
        ("hostname: A\nplatform: cisco_ios\nusername: u\npassword: p\nprot: 1\n", "prot"),
        (
            "hostname: A\nplatform: cisco_ios\nusername: u\npassword: p\n"
            "behaviour:\n  hang_on_login: true\n",
            "hang_on_login",
        ),
    ],
)
def test_bad_device_yaml_is_refused(tmp_path: Path, yaml_text: str, problem: str) -> None:
    (tmp_path / "dev").mkdir()
    (tmp_path / "dev" / "device.yaml").write_text(yaml_text)
    with pytest.raises(ProfileError, match=re.escape(problem)):
        load_devices(tmp_path)


def _shell(port: int, profile: DeviceProfile) -> tuple[paramiko.SSHClient, paramiko.Channel]:
    client = paramiko.SSHClient()
    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())  # noqa: S507 - loopback test
    client.connect(
        LOOPBACK,
        port=port,
        username=profile.username,
        password=profile.password,
        look_for_keys=False,
        allow_agent=False,
        timeout=5,
    )
    chan = client.invoke_shell(width=511, height=1000)
    chan.settimeout(5)
    return client, chan


def _read_until(chan: paramiko.Channel, marker: str) -> str:
    data = ""
    deadline = time.monotonic() + 5
    while marker not in data:
        assert time.monotonic() < deadline, f"{marker!r} not seen in {data[-200:]!r}"
        data += chan.recv(65536).decode()
    return data


def test_comware_terminal_pages_until_disabled(simulator: Simulator) -> None:
    profile = simulator.profile("comware-core")
    client, chan = _shell(simulator.port("comware-core"), profile)
    try:
        assert "<ECCB-CORE-01>" in _read_until(chan, "<ECCB-CORE-01>")
        chan.send("display interface\n")
        first = _read_until(chan, "---- More ----")
        assert first.startswith("display interface\r\n")
        assert first.count("\r\n") == 1 + 24
        chan.send(" ")
        second = _read_until(chan, "---- More ----")
        assert second.startswith("\x1b[16D" + " " * 16 + "\x1b[16D")
        chan.send("q")
        assert _read_until(chan, "<ECCB-CORE-01>").rstrip().endswith("<ECCB-CORE-01>")
        chan.send("screen-length disable\n")
        _read_until(chan, "<ECCB-CORE-01>")
        chan.send("display interface\n")
        whole = _read_until(chan, "<ECCB-CORE-01>")
        assert "More" not in whole
        body = whole.split("\r\n")[1:-1]
        assert "\n".join(body) == recorded(simulator, "comware-core", "display interface")
        chan.send("system-view\n")
        assert "[ECCB-CORE-01]" in _read_until(chan, "[ECCB-CORE-01]")
    finally:
        client.close()


def test_cisco_enable_asks_for_secret_without_echo(simulator: Simulator) -> None:
    profile = simulator.profile("ios-edge")
    client, chan = _shell(simulator.port("ios-edge"), profile)
    try:
        _read_until(chan, "router1>")
        chan.send("enable\n")
        _read_until(chan, "Password: ")
        chan.send("wrong\n")
        assert "% Bad secrets" in _read_until(chan, "router1>")
        chan.send("enable\n")
        _read_until(chan, "Password: ")
        chan.send(profile.enable_secret + "\n")
        answer = _read_until(chan, "router1#")
        assert profile.enable_secret not in answer
    finally:
        client.close()


def test_sixty_devices_from_one_process(tmp_path: Path) -> None:
    sources = ["comware-core", "vrp-agg", "ios-edge", "nxos-dc", "junos-qfx", "eos-leaf"]
    for index in range(60):
        source = load_device(DATA / sources[index % len(sources)])
        folder = tmp_path / f"dev-{index:02d}"
        folder.mkdir()
        (folder / "device.yaml").write_text(
            f"hostname: DEMO-{index:02d}\nplatform: {source.platform}\n"
            f"username: netcare\npassword: Demo-Pw-{index:02d}\n"
            f"outputs_from: {os.path.relpath(DATA / source.name, folder)}\n"
        )
    with Simulator(tmp_path) as sim:
        assert len(set(sim.ports.values())) == 60
        targets = [
            DeviceTarget(
                name=p.name,
                host=LOOPBACK,
                port=sim.port(p.name),
                platform=p.platform,
                username=p.username,
                password=p.password,
            )
            for p in sim.profiles
        ]
        first = {"hp_comware": "display version", "huawei_vrp": "display version"}
        results = collect_many(
            targets,
            lambda t: [first.get(t.platform, "show version")],
            concurrency=20,
            timeout=15,
            retries=0,
        )
    assert [r.status for r in results] == [Status.OK] * 60
    assert sim.stats.peak <= 20


def test_host_key_kept_at_given_path(tmp_path: Path) -> None:
    key_path = tmp_path / "keys" / "simulator_host_key"
    with Simulator([load_device(DATA / "xe-wan")], host_key_path=key_path):
        pass
    assert stat.S_IMODE(key_path.stat().st_mode) == 0o600
    first = key_path.read_bytes()
    with Simulator([load_device(DATA / "xe-wan")], host_key_path=key_path):
        pass
    assert key_path.read_bytes() == first


def test_command_line_serves_and_stops(tmp_path: Path) -> None:
    ports_file = tmp_path / "ports.csv"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "netcare.collection.simulator",
            "--devices",
            str(DATA),
            "--port",
            "0",
            "--ports-file",
            str(ports_file),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 20
        while not ports_file.exists() or not ports_file.read_text().count("\n") > 10:
            assert process.poll() is None, process.stderr.read() if process.stderr else ""
            assert time.monotonic() < deadline
            time.sleep(0.1)
        rows = [line.split(",") for line in ports_file.read_text().splitlines()[1:]]
        port = next(int(row[4]) for row in rows if row[0] == "xe-wan")
        profile = load_device(DATA / "xe-wan")
        target = DeviceTarget(
            name="xe-wan",
            host=LOOPBACK,
            port=port,
            platform="cisco_xe",
            username=profile.username,
            password=profile.password,
        )
        result = collect_device(target, ["show version"], timeout=10, retries=0)
        assert result.status is Status.OK
    finally:
        process.send_signal(signal.SIGTERM)
        out, _ = process.communicate(timeout=10)
    assert process.returncode == 0
    assert "xe-wan" in out
