"""The collection allowlist (NETCARE_COLLECT_NETWORKS): a target outside it is refused
before any socket is opened; loopback simulator devices (IPv4 and IPv6) still collect."""

from __future__ import annotations

import ipaddress
import os
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from netcare.collection import allowlist
from netcare.collection.simulator import Simulator
from netcare.collection.ssh import DeviceTarget, Status, collect_device

from .conftest import DATA

Target = Callable[[str], DeviceTarget]


@pytest.fixture
def no_socket(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Fail the test if anything opens a connection; record what it tried."""
    tried: list[Any] = []

    def refuse(*args: Any, **kwargs: Any) -> None:
        tried.append(args)
        pytest.fail(f"a connection was opened: {args}")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    return tried


def _moved(target: DeviceTarget, host: str) -> DeviceTarget:
    return DeviceTarget(
        name=target.name,
        host=host,
        platform=target.platform,
        username=target.username,
        password=target.password,
        port=target.port,
        secret=target.secret,
    )


def test_the_test_suite_allows_loopback_only() -> None:
    assert os.environ[allowlist.VARIABLE] == "127.0.0.0/8,::1/128"
    assert allowlist.describe(settings.COLLECT_NETWORKS) == "127.0.0.0/8,::1/128"
    assert allowlist.current() == settings.COLLECT_NETWORKS


def test_a_test_net_device_is_refused_without_a_socket(
    target: Target, no_socket: list[Any]
) -> None:
    device = _moved(target("comware-core"), "192.0.2.10")
    result = collect_device(device, ["display version"], timeout=5, retries=2)
    assert result.status == Status.REFUSED == "refused"
    assert result.outputs == () and result.attempts == 1  # never retried
    assert "192.0.2.10" in result.message and allowlist.VARIABLE in result.message
    assert not no_socket


@pytest.mark.parametrize(
    "host",
    ["192.0.2.10", "10.0.0.1", "169.254.169.254", "2001:db8::10", "::ffff:192.0.2.10", "[fe80::1]"],
)
def test_addresses_outside_are_refused(target: Target, no_socket: list[Any], host: str) -> None:
    result = collect_device(
        _moved(target("ios-edge"), host), ["show version"], timeout=5, retries=0
    )
    assert result.status == Status.REFUSED, result.message


def test_a_name_is_refused_when_any_of_its_addresses_is_outside(
    target: Target, no_socket: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = {
        "outside.example": ["192.0.2.10"],
        "mixed.example": ["127.0.0.1", "192.0.2.10"],
    }

    def resolve(host: str, port: int, *args: Any, **kwargs: Any) -> list[Any]:
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port)) for a in answers[host]]

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    for name in answers:
        result = collect_device(
            _moved(target("ios-edge"), name), ["show version"], timeout=5, retries=0
        )
        assert result.status == Status.REFUSED
        assert "192.0.2.10" in result.message and name in result.message


def test_loopback_by_address_and_by_name_still_collects(target: Target) -> None:
    for host in ("127.0.0.1", "localhost"):
        result = collect_device(
            _moved(target("comware-core"), host), ["display version"], timeout=10, retries=0
        )
        assert result.status == Status.OK, (host, result.message)
        assert "Comware" in (result.output("display version") or "")


@pytest.fixture(scope="module")
def simulator_v6() -> Iterator[Simulator]:
    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
    except OSError:
        pytest.skip("no IPv6 loopback on this machine")
    sim = Simulator(DATA, host="::1")
    sim.start()
    yield sim
    sim.stop()


def test_ipv6_loopback_is_allowed(simulator_v6: Simulator) -> None:
    profile = simulator_v6.profile("vrp-agg")
    device = DeviceTarget(
        name="vrp-agg",
        host="::1",
        port=simulator_v6.port("vrp-agg"),
        platform=profile.platform,
        username=profile.username,
        password=profile.password,
    )
    result = collect_device(device, ["display version"], timeout=10, retries=0)
    assert result.status == Status.OK, result.message


def test_an_empty_allowlist_refuses_even_loopback(
    target: Target, no_socket: list[Any], settings: Any
) -> None:
    settings.COLLECT_NETWORKS = allowlist.parse("none")
    result = collect_device(target("comware-core"), ["display version"], timeout=5, retries=0)
    assert result.status == Status.REFUSED and "=none" in result.message


# --- the setting -----------------------------------------------------------------------


def test_parsing_ipv4_ipv6_bare_addresses_and_none() -> None:
    parsed = allowlist.parse(" 10.20.0.0/16, 2001:db8::/32 ,192.0.2.7 ")
    assert [str(n) for n in parsed] == ["10.20.0.0/16", "2001:db8::/32", "192.0.2.7/32"]
    assert allowlist.parse("none") == ()
    assert allowlist.allowed(ipaddress.ip_address("2001:db8::5"), parsed)
    assert not allowlist.allowed(ipaddress.ip_address("10.21.0.1"), parsed)


@pytest.mark.parametrize(
    "bad", ["10.0.0.0/33", "10.1.1.1/8", "intranet", "10.0.0.0/8;192.168.0.0/16"]
)
def test_a_malformed_list_names_the_variable_and_the_item(bad: str) -> None:
    with pytest.raises(ValueError) as caught:
        allowlist.parse(f"127.0.0.0/8,{bad}")
    assert allowlist.VARIABLE in str(caught.value) and repr(bad) in str(caught.value)


def test_the_server_refuses_to_start_on_a_malformed_setting(tmp_path: Path) -> None:
    env = dict(
        os.environ, NETCARE_DATA_DIR=str(tmp_path), NETCARE_COLLECT_NETWORKS="10.0.0.0/8,lab"
    )
    env["DJANGO_SETTINGS_MODULE"] = "netcare.settings"
    started = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert started.returncode != 0
    assert "ImproperlyConfigured" in started.stderr
    assert "NETCARE_COLLECT_NETWORKS: 'lab' is not a network" in started.stderr


def test_unset_allows_private_ranges_only_and_a_demo_data_dir_loopback_only(
    tmp_path: Path,
) -> None:
    default = allowlist.setting("", tmp_path)
    assert allowlist.describe(default) == allowlist.DEFAULT
    for inside in ("10.1.2.3", "172.31.0.1", "192.168.1.1", "fd00::1"):
        assert allowlist.allowed(ipaddress.ip_address(inside), default), inside
    for outside in ("127.0.0.1", "::1", "169.254.169.254", "8.8.8.8", "100.64.0.1", "fe80::1"):
        assert not allowlist.allowed(ipaddress.ip_address(outside), default), outside
    (tmp_path / allowlist.DATA_DIR_FILE).write_text(allowlist.LOOPBACK + "\n")
    assert allowlist.describe(allowlist.setting("", tmp_path)) == "127.0.0.0/8,::1/128"
    # The variable, when set, wins over the data directory's file.
    assert allowlist.describe(allowlist.setting("10.9.0.0/16", tmp_path)) == "10.9.0.0/16"


def test_the_kit_without_django_reads_the_variable(tmp_path: Path) -> None:
    env = dict(os.environ, NETCARE_COLLECT_NETWORKS="10.9.0.0/16")
    env.pop("DJANGO_SETTINGS_MODULE", None)
    code = (
        "from netcare.collection import allowlist; print(allowlist.describe(allowlist.current()))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert out.stdout.strip() == "10.9.0.0/16", out.stderr
