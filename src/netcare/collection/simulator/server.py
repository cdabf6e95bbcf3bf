"""The SSH side of the simulator: one asyncssh listener per device, one event loop.

One port per device (rather than one port selecting the device by a decorated user
name) keeps every collector setting exactly what it is for a real device: the inventory
holds host, port, user name and password, and netmiko is configured as usual. Sixty
listeners on one asyncio loop cost next to nothing, so a whole demo customer runs from
one process.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import asyncssh

from netcare.collection.simulator.profile import DeviceProfile, load_devices
from netcare.collection.simulator.session import CliSession, SessionStats

log = logging.getLogger(__name__)

LOGIN_TIMEOUT = 30.0


def host_key(path: Path | None = None) -> asyncssh.SSHKey:
    """The server host key: generated per run, or kept at ``path`` (created 0600).

    Generated keys live in memory only, so no private key ever lands in the tree.
    """
    if path is not None and path.exists():
        return asyncssh.read_private_key(str(path))
    key = asyncssh.generate_private_key("ssh-ed25519")
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(key.export_private_key())
    return key


class _DeviceServer(asyncssh.SSHServer):
    """Password authentication against one device profile."""

    def __init__(self, profile: DeviceProfile, simulator: Simulator) -> None:
        self._profile = profile
        self._simulator = simulator
        self._conn: asyncssh.SSHServerConnection | None = None

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self._conn = conn
        self._simulator._connections.add(conn)

    def connection_lost(self, exc: Exception | None) -> None:
        if self._conn is not None:
            self._simulator._connections.discard(self._conn)

    def begin_auth(self, username: str) -> bool:
        return True

    def password_auth_supported(self) -> bool:
        return True

    def validate_password(self, username: str, password: str) -> bool:
        profile = self._profile
        self._simulator.stats.auth_attempts += 1
        ok = (
            not profile.behaviour.refuse_password
            and hmac.compare_digest(username.encode(), profile.username.encode())
            and hmac.compare_digest(password.encode(), profile.password.encode())
        )
        if not ok:
            self._simulator.stats.auth_failures += 1
            log.info("simulated device %s refused login for user %r", profile.name, username)
        return ok


class Simulator:
    """Serve a set of simulated devices over SSH, one port each.

    From a test: ``with Simulator(path) as sim: port = sim.port("ECCB-CORE-01")`` — the
    listeners run on a private event loop in a daemon thread, ports are bound before
    ``start()`` returns, and ``stop()`` closes listeners and live sessions.
    """

    def __init__(
        self,
        devices: Path | Sequence[DeviceProfile],
        *,
        host: str = "127.0.0.1",
        base_port: int = 0,
        host_key_path: Path | None = None,
    ) -> None:
        self.profiles = load_devices(devices) if isinstance(devices, Path) else list(devices)
        self.host = host
        self.base_port = base_port
        self.host_key_path = host_key_path
        self.stats = SessionStats()
        self.ports: dict[str, int] = {}
        self._listeners: list[asyncssh.SSHAcceptor] = []
        self._connections: set[asyncssh.SSHServerConnection] = set()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None

    def port(self, name: str) -> int:
        """The bound port of a device, by its folder name."""
        return self.ports[name]

    def profile(self, name: str) -> DeviceProfile:
        """The loaded profile of a device, by its folder name."""
        return next(p for p in self.profiles if p.name == name)

    async def open(self) -> dict[str, int]:
        """Bind one listener per device on the running loop; return name → port."""
        key = host_key(self.host_key_path)
        for index, profile in enumerate(self.profiles):
            wanted = profile.port or (self.base_port + index if self.base_port else 0)
            listener = await asyncssh.create_server(
                lambda p=profile: _DeviceServer(p, self),
                self.host,
                wanted,
                server_host_keys=[key],
                process_factory=lambda proc, p=profile: self._serve(p, proc),
                line_editor=False,
                encoding="utf-8",
                login_timeout=LOGIN_TIMEOUT,
                reuse_address=True,
            )
            self._listeners.append(listener)
            self.ports[profile.name] = listener.sockets[0].getsockname()[1]
        log.info("simulator serving %d devices on %s", len(self.ports), self.host)
        return dict(self.ports)

    async def _serve(self, profile: DeviceProfile, process: Any) -> None:
        self.stats.opened()
        try:
            await CliSession(profile, process, self.stats).run()
        except (asyncssh.Error, OSError, BrokenPipeError):
            pass
        finally:
            self.stats.closed()
            with contextlib.suppress(Exception):
                process.exit(0)

    async def close(self) -> None:
        """Close listeners and every live session (hung ones included)."""
        for listener in self._listeners:
            listener.close()
        for listener in self._listeners:
            await listener.wait_closed()
        self._listeners.clear()
        for conn in list(self._connections):
            conn.abort()
        current = asyncio.current_task()
        pending = [task for task in asyncio.all_tasks() if task is not current]
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)

    def start(self) -> dict[str, int]:
        """Run the simulator in a background thread with its own loop; return the ports."""
        if self._thread is not None:
            raise RuntimeError("simulator already started")
        loop = asyncio.new_event_loop()
        self._loop = loop
        self._thread = threading.Thread(
            target=loop.run_forever, name="netcare-simulator", daemon=True
        )
        self._thread.start()
        try:
            return asyncio.run_coroutine_threadsafe(self.open(), loop).result(timeout=30)
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        """Stop serving and join the background thread; safe to call twice."""
        loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return
        with contextlib.suppress(Exception):
            asyncio.run_coroutine_threadsafe(self.close(), loop).result(timeout=10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)
        loop.close()
        self._loop = None
        self._thread = None

    def __enter__(self) -> Simulator:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
