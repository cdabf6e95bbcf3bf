"""Fixtures: the project's device simulator on a loopback port per device."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from netcare.collection.simulator import Simulator, command_key
from netcare.collection.ssh import DeviceTarget

DATA = Path(__file__).resolve().parents[2] / "data" / "simulator"
LOOPBACK = "127.0.0.1"


@pytest.fixture(scope="module")
def simulator() -> Iterator[Simulator]:
    sim = Simulator(DATA, host=LOOPBACK)
    sim.start()
    yield sim
    sim.stop()


@pytest.fixture
def target(simulator: Simulator) -> Callable[[str], DeviceTarget]:
    """Build the collector's target for a simulated device, with its stored credentials."""

    def make(name: str) -> DeviceTarget:
        profile = simulator.profile(name)
        return DeviceTarget(
            name=name,
            host=LOOPBACK,
            port=simulator.port(name),
            platform=profile.platform,
            username=profile.username,
            password=profile.password,
            secret=profile.enable_secret,
        )

    return make


def recorded(simulator: Simulator, name: str, command: str) -> str:
    """The recorded output as the collector should return it (no trailing newline)."""
    return simulator.profile(name).outputs[command_key(command)].rstrip("\n")
