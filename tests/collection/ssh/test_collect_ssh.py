"""The SSH collector against the device simulator, over real SSH on loopback."""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from netcare.collection.simulator import Simulator, command_key, load_device
from netcare.collection.ssh import (
    DeviceTarget,
    Progress,
    Status,
    collect_device,
    collect_many,
    netmiko_device_type,
)

from .conftest import DATA, LOOPBACK, recorded

Target = Callable[[str], DeviceTarget]

PLATFORM_DEVICES = [
    "comware-core",
    "vrp-agg",
    "vrp8-dc",
    "ios-edge",
    "xe-wan",
    "nxos-dc",
    "junos-qfx",
    "eos-leaf",
]


def _commands(simulator: Simulator, name: str) -> list[str]:
    return [key.replace("_", " ") for key in sorted(simulator.profile(name).outputs)]


@pytest.mark.parametrize("name", PLATFORM_DEVICES)
def test_each_platform_returns_every_output_whole(
    simulator: Simulator, target: Target, name: str
) -> None:
    commands = _commands(simulator, name)
    result = collect_device(target(name), commands, timeout=10, retries=0)

    assert result.status is Status.OK, result.message
    assert result.completed == tuple(commands)
    for output in result.outputs:
        assert output.text == recorded(simulator, name, output.command)
        assert not output.rejected
    assert result.elapsed < 10


def test_cisco_enable_secret_is_used(simulator: Simulator, target: Target) -> None:
    simulator.stats.reset()
    result = collect_device(target("ios-edge"), ["show version"], timeout=10, retries=0)
    assert result.status is Status.OK
    assert "enable" in simulator.stats.commands["ios-edge"]


def test_long_output_over_sticky_paging_comes_back_whole(
    simulator: Simulator, target: Target
) -> None:
    simulator.stats.reset()
    command = "display interface"
    result = collect_device(target("sticky-paging"), [command], timeout=10, retries=0)

    assert result.status is Status.OK, result.message
    text = result.output(command)
    assert text == recorded(simulator, "sticky-paging", command)
    assert text.count("\n") + 1 > 5 * 24  # spans several pages
    assert simulator.stats.more_prompts >= 5  # the device really paged
    for remnant in ("More", "\x1b", "\x08", "\r"):
        assert remnant not in text


def test_paging_disabled_normally(simulator: Simulator, target: Target) -> None:
    simulator.stats.reset()
    result = collect_device(target("comware-core"), ["display interface"], timeout=10, retries=0)
    assert result.status is Status.OK
    assert simulator.stats.more_prompts == 0
    assert "screen-length disable" in simulator.stats.commands["comware-core"]


@pytest.mark.parametrize(
    ("name", "command", "error"),
    [
        ("comware-core", "display foo", " % Unrecognized command found at '^' position."),
        ("vrp-agg", "display foo", "Error: Unrecognized command found at '^' position."),
        ("ios-edge", "show foo", "% Invalid input detected at '^' marker."),
        ("nxos-dc", "show foo", "% Invalid command at '^' marker."),
        ("junos-qfx", "show foo", "syntax error, expecting <command>."),
    ],
)
def test_unknown_command_gets_vendor_error(
    target: Target, name: str, command: str, error: str
) -> None:
    result = collect_device(target(name), [command], timeout=10, retries=0)
    assert result.status is Status.OK
    (output,) = result.outputs
    assert output.rejected
    caret, message = output.text.split("\n")[:2]
    assert caret.strip() == "^"
    assert message == error


def test_refused_password_is_auth_failed_and_not_retried(
    simulator: Simulator, target: Target
) -> None:
    simulator.stats.reset()
    result = collect_device(target("bad-password"), ["display version"], timeout=5, retries=2)
    assert result.status is Status.AUTH_FAILED
    assert result.attempts == 1
    assert result.outputs == ()
    assert simulator.stats.auth_failures == 1


def test_hanging_command_times_out_within_budget(target: Target) -> None:
    result = collect_device(target("hang-command"), ["display version"], timeout=2, retries=2)
    assert result.status is Status.TIMEOUT
    assert result.attempts == 1  # commands were sent: never re-run
    assert 2 <= result.elapsed < 3.5
    assert "display version" in result.message


def test_hang_after_some_commands_is_partial(target: Target) -> None:
    commands = ["display clock", "display version", "display interface brief"]
    result = collect_device(target("hang-command"), commands, timeout=2, retries=0)
    assert result.status is Status.PARTIAL
    assert result.completed == ("display clock",)
    assert result.output("display interface brief") is None


def test_hang_at_login_times_out_and_is_retried(target: Target) -> None:
    started = time.monotonic()
    result = collect_device(target("hang-login"), ["display version"], timeout=1.5, retries=1)
    assert result.status is Status.TIMEOUT
    assert result.attempts == 2
    assert time.monotonic() - started < 2 * 1.5 + 0.5 + 1.5


def test_disconnect_mid_output_keeps_completed_and_cut_text(
    simulator: Simulator, target: Target
) -> None:
    commands = ["display version", "display interface brief", "display version"]
    result = collect_device(target("drop-midway"), commands, timeout=5, retries=2)

    assert result.status is Status.PARTIAL
    assert result.completed == ("display version",)
    assert result.attempts == 1
    cut = result.outputs[1]
    assert not cut.complete
    full = recorded(simulator, "drop-midway", "display interface brief").split("\n")
    assert cut.text.split("\n") == full[:10]
    assert len(result.outputs) == 2
    assert result.elapsed < 3


def test_slow_output_is_still_ok(simulator: Simulator, target: Target) -> None:
    command = "show version"
    result = collect_device(target("slow-output"), [command], timeout=10, retries=0)
    assert result.status is Status.OK
    assert result.output(command) == recorded(simulator, "slow-output", command)
    # 42 lines in 2-line chunks 50 ms apart: the device really was slow.
    assert result.outputs[0].elapsed >= 0.8


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        return int(sock.getsockname()[1])


def test_closed_port_is_unreachable_after_retries() -> None:
    target = DeviceTarget(
        name="nowhere",
        host=LOOPBACK,
        port=_closed_port(),
        platform="cisco_ios",
        username="netcare",
        password="Unused-Pw-0000",
    )
    result = collect_device(target, ["show version"], timeout=2, retries=1)
    assert result.status is Status.UNREACHABLE
    assert result.attempts == 2
    assert result.elapsed < 2


def test_collect_many_isolates_failures_and_reports_progress(
    simulator: Simulator, target: Target
) -> None:
    names = ["comware-core", "bad-password", "ios-edge", "drop-midway", "vrp-agg", "eos-leaf"]
    targets = [target(n) for n in names]
    targets.append(
        DeviceTarget(
            name="no-commands",
            host=LOOPBACK,
            port=simulator.port("xe-wan"),
            platform="cisco_xe",
            username="netcare",
            password="Sim-Xe-Pw-8h2q",
        )
    )

    def commands_for(t: DeviceTarget) -> list[str]:
        if t.name == "no-commands":
            raise LookupError("no command set for this device")
        first = {"hp_comware": "display version", "huawei_vrp": "display version"}
        return [
            first.get(t.platform, "show version"),
            *(["display interface brief"] if t.name == "drop-midway" else []),
        ]

    events: list[Progress] = []
    main_thread = threading.get_ident()
    threads: set[int] = set()

    def on_progress(event: Progress) -> None:
        threads.add(threading.get_ident())
        events.append(event)

    results = collect_many(
        targets, commands_for, concurrency=3, timeout=5, retries=0, on_progress=on_progress
    )

    assert [r.name for r in results] == [t.name for t in targets]
    statuses = {r.name: r.status for r in results}
    assert statuses == {
        "comware-core": Status.OK,
        "bad-password": Status.AUTH_FAILED,
        "ios-edge": Status.OK,
        "drop-midway": Status.PARTIAL,
        "vrp-agg": Status.OK,
        "eos-leaf": Status.OK,
        "no-commands": Status.ERROR,
    }
    assert "no command set" in results[-1].message
    assert threads == {main_thread}
    assert [e.state for e in events].count("done") == len(targets)
    assert events[-1].done == events[-1].total == len(targets)
    for name in statuses:
        states = [e.state for e in events if e.name == name]
        assert states == ["running", "done"]


def test_collect_many_respects_concurrency(simulator: Simulator, target: Target) -> None:
    targets = [target(n) for n in PLATFORM_DEVICES] + [target("slow-output")]

    def commands_for(t: DeviceTarget) -> list[str]:
        return _commands(simulator, t.name)[:1]

    simulator.stats.reset()
    results = collect_many(targets, commands_for, concurrency=2, timeout=10, retries=0)
    assert all(r.status is Status.OK for r in results)
    assert simulator.stats.total == len(targets)
    assert simulator.stats.peak <= 2


def test_credentials_never_logged_nor_kept(
    simulator: Simulator, target: Target, caplog: pytest.LogCaptureFixture
) -> None:
    for name in ("netmiko", "paramiko", "asyncssh", "netcare"):
        logging.getLogger(name).setLevel(logging.DEBUG)
    caplog.set_level(logging.DEBUG)
    targets = [target(n) for n in ("comware-core", "ios-edge", "bad-password", "hang-command")]
    targets.append(
        DeviceTarget(
            name="nowhere",
            host=LOOPBACK,
            port=_closed_port(),
            platform="cisco_ios",
            username="netcare",
            password="Never-Logged-Pw-31",
            secret="Never-Sec-32",
        )
    )
    commands = {"hp_comware": ["display version"], "cisco_ios": ["show version"]}

    results = collect_many(
        targets, lambda t: commands[t.platform], concurrency=5, timeout=1.5, retries=0
    )

    assert [r.status for r in results] == [
        Status.OK,
        Status.OK,
        Status.AUTH_FAILED,
        Status.TIMEOUT,
        Status.UNREACHABLE,
    ]
    assert "write_channel" in caplog.text  # netmiko's debug log really was captured
    secrets = [s for t in targets for s in (t.password, t.secret) if s]
    assert len(secrets) == 7
    kept = caplog.text + "".join(
        repr(r) + r.message + "".join(o.text for o in r.outputs) for r in results
    )
    for secret in secrets:
        assert secret not in kept
        assert all(secret not in repr(t) for t in targets)


def test_vrp8_version_selects_netmiko_vrpv8_driver() -> None:
    assert netmiko_device_type("huawei_vrp", "V800R011C10SPC100") == "huawei_vrpv8"
    assert netmiko_device_type("huawei_vrp", "5.170") == "huawei"
    assert netmiko_device_type("cisco_xe") == "cisco_xe"
    with pytest.raises(ValueError, match="unknown platform"):
        netmiko_device_type("ios")


@pytest.mark.parametrize(
    ("source", "command"),
    [
        ("vrp-agg", "display interface brief"),
        ("ios-edge", "show version"),
        ("nxos-dc", "show version"),
        ("junos-qfx", "show version"),
        ("eos-leaf", "show version"),
    ],
)
def test_every_vendor_more_prompt_is_answered_and_erased(
    tmp_path: Path, source: str, command: str
) -> None:
    profile = load_device(DATA / source)
    folder = tmp_path / f"sticky-{source}"
    folder.mkdir()
    (folder / "device.yaml").write_text(
        f"hostname: {profile.hostname}\nplatform: {profile.platform}\n"
        f"username: netcare\npassword: Sticky-Pw-01\npage_length: 5\n"
        f"outputs_from: {os.path.relpath(DATA / source, folder)}\n"
        "behaviour:\n  sticky_paging: true\n"
    )
    with Simulator(tmp_path) as sim:
        target = DeviceTarget(
            name=source,
            host=LOOPBACK,
            port=sim.port(folder.name),
            platform=profile.platform,
            username="netcare",
            password="Sticky-Pw-01",
        )
        result = collect_device(target, [command], timeout=10, retries=0)
        assert sim.stats.more_prompts >= 2
    assert result.status is Status.OK, result.message
    assert result.output(command) == profile.outputs[command_key(command)].rstrip("\n")


def test_host_key_is_pinned_on_first_use_and_a_changed_key_gets_no_password(
    simulator: Simulator, target: Target, tmp_path: Path
) -> None:
    import dataclasses

    first = collect_device(target("comware-core"), ["display clock"], timeout=10, retries=0)
    assert first.status is Status.OK
    assert first.host_key.startswith("ssh-ed25519 SHA256:") and len(first.host_key) == 62
    pinned = dataclasses.replace(target("comware-core"), host_key=first.host_key)
    again = collect_device(pinned, ["display clock"], timeout=10, retries=0)
    assert again.status is Status.OK and again.host_key == first.host_key

    # The same address now answers with another key (a replaced device, or an impostor).
    other = Simulator(DATA, host=LOOPBACK, host_key_path=tmp_path / "other_key")
    other.start()
    try:
        moved = dataclasses.replace(pinned, port=other.port("comware-core"))
        refused = collect_device(moved, ["display clock"], timeout=10, retries=2)
        assert refused.status is Status.ERROR and refused.attempts == 1
        assert refused.message.startswith("host key changed")
        assert first.host_key in refused.message and refused.host_key in refused.message
        assert refused.host_key != first.host_key and refused.outputs == ()
        assert other.stats.auth_attempts == 0  # no password reached it
    finally:
        other.stop()
