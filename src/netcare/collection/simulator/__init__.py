"""Device simulator: plays recorded CLI outputs over real SSH for tests and demos.

See ``docs/simulator.md`` for the device directory format and how to run it.
"""

from netcare.collection.simulator.profile import (
    PLATFORMS,
    Behaviour,
    DeviceProfile,
    ProfileError,
    SlowOutput,
    command_key,
    load_device,
    load_devices,
)
from netcare.collection.simulator.server import Simulator
from netcare.collection.simulator.session import SessionStats

__all__ = [
    "PLATFORMS",
    "Behaviour",
    "DeviceProfile",
    "ProfileError",
    "SessionStats",
    "Simulator",
    "SlowOutput",
    "command_key",
    "load_device",
    "load_devices",
]
