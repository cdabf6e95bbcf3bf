"""One interactive CLI session on a simulated device.

The session behaves like a vendor CLI on a terminal: it echoes the command line, answers
from the recorded outputs, pages long answers with the vendor's ``more`` prompt until
paging is disabled, and misbehaves when the device profile asks it to. Line endings on
the wire are ``\\r\\n`` as on real devices; netmiko normalises them.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import re
from dataclasses import dataclass, field
from typing import Any

import asyncssh

from netcare.collection.simulator.dialects import Dialect, dialect_for
from netcare.collection.simulator.profile import DeviceProfile

log = logging.getLogger(__name__)

_LINE_END = re.compile(r"\r\n|\r|\n")
_ABORT_KEYS = ("q", "Q", "\x03")


@dataclass
class SessionStats:
    """Counters a test or demo reads to see what the simulator went through.

    Updated on the simulator's event loop thread only; readers on other threads see
    plain ints, which is enough for assertions after the fact.
    """

    active: int = 0
    peak: int = 0
    total: int = 0
    auth_attempts: int = 0  # passwords received, right or wrong
    auth_failures: int = 0
    more_prompts: int = 0
    commands: dict[str, list[str]] = field(default_factory=dict)

    def opened(self) -> None:
        self.active += 1
        self.total += 1
        self.peak = max(self.peak, self.active)

    def closed(self) -> None:
        self.active -= 1

    def reset(self) -> None:
        """Start a new measurement window (the peak restarts from the current count)."""
        self.peak = self.active
        self.total = 0
        self.auth_attempts = 0
        self.auth_failures = 0
        self.more_prompts = 0
        self.commands.clear()


class _Input:
    """Buffered terminal input: whole lines for commands, single keys for paging."""

    def __init__(self, reader: Any) -> None:
        self._reader = reader
        self._buffer = ""
        self._skip_lf = False

    async def _fill(self) -> bool:
        while True:
            try:
                data = await self._reader.read(4096)
            except (asyncssh.TerminalSizeChanged, asyncssh.BreakReceived):
                continue
            except (asyncssh.Error, OSError):
                return False
            if not data:
                return False
            if self._skip_lf and data.startswith("\n"):
                data = data[1:]
            self._skip_lf = False
            self._buffer += data
            return True

    async def read_line(self) -> str | None:
        """The next line without its ending, or None when the client went away."""
        while True:
            match = _LINE_END.search(self._buffer)
            if match:
                raw, self._buffer = self._buffer[: match.start()], self._buffer[match.end() :]
                if match.group() == "\r" and not self._buffer:
                    self._skip_lf = True
                return _edit(raw)
            if not await self._fill():
                return None

    async def read_key(self) -> str | None:
        """One key press (a paging answer), or None when the client went away."""
        if not self._buffer and not await self._fill():
            return None
        key, self._buffer = self._buffer[0], self._buffer[1:]
        if key == "\r" and self._buffer.startswith("\n"):
            self._buffer = self._buffer[1:]
        return key

    async def drain_forever(self) -> None:
        """Swallow input until the client disconnects: a device that stopped answering."""
        while await self._fill():
            self._buffer = ""


def _edit(raw: str) -> str:
    """Apply backspaces and drop other control characters, as a terminal line would."""
    out: list[str] = []
    for char in raw:
        if char in "\x08\x7f":
            if out:
                out.pop()
        elif char == "\t" or char >= " ":
            out.append(char)
    return "".join(out)


class CliSession:
    """Drive one SSH shell channel for one device profile."""

    def __init__(self, profile: DeviceProfile, process: Any, stats: SessionStats) -> None:
        self.profile = profile
        self.dialect: Dialect = dialect_for(profile)
        self.process = process
        self.stats = stats
        self.mode = self.dialect.initial_mode()
        self.page_length = profile.page_length
        self.input = _Input(process.stdin)

    def _write(self, text: str) -> None:
        self.process.stdout.write(text.replace("\r\n", "\n").replace("\n", "\r\n"))

    async def _flush(self) -> None:
        await self.process.stdout.drain()

    async def run(self) -> None:
        """Serve the session until the client leaves or the device drops the line."""
        behaviour = self.profile.behaviour
        if behaviour.hang_at_login:
            await self.input.drain_forever()
            return
        if self.profile.banner:
            self._write(self.profile.banner.rstrip("\n") + "\n")
        self._write("\n" + self.dialect.prompt(self.mode))
        while True:
            line = await self.input.read_line()
            if line is None:
                return
            self._write(line + "\n")
            if not await self._handle(line):
                return
            self._write(self.dialect.prompt(self.mode))
            await self._flush()

    async def _handle(self, line: str) -> bool:
        """Run one command line; False when the session is over."""
        if not line.strip():
            return True
        self.stats.commands.setdefault(self.profile.name, []).append(line.strip())
        reply = self.dialect.builtin(line, self.mode)
        if reply is not None:
            if reply.enable:
                return await self._enable()
            if reply.text:
                self._write(reply.text + "\n")
            if reply.page_length is not None:
                self.page_length = reply.page_length
            if reply.mode is not None:
                self.mode = reply.mode
            if reply.close:
                await self._flush()
                self.process.exit(0)
                return False
            return True
        key = self.profile.find(line)
        if key is None:
            self._write(self.dialect.unknown(line, self.mode) + "\n")
            return True
        behaviour = self.profile.behaviour
        if behaviour.hangs_on(key):
            await self._flush()
            log.debug("simulated device %s hangs on %r", self.profile.name, key)
            await self.input.drain_forever()
            return False
        return await self._emit(self.profile.outputs[key], key)

    async def _enable(self) -> bool:
        """Cisco-style privilege: ask for the secret without echoing it."""
        secret = self.profile.enable_secret
        if self.mode != "user":
            return True
        if not secret:
            self._write("% No password set\n")
            return True
        self._write("Password: ")
        await self._flush()
        answer = await self.input.read_line()
        if answer is None:
            return False
        self._write("\n")
        if hmac.compare_digest(answer.encode(), secret.encode()):
            self.mode = "enable"
        else:
            self._write("% Bad secrets\n")
        return True

    async def _emit(self, text: str, key: str) -> bool:
        """Send an output with paging, slowness or a dropped line as configured."""
        behaviour = self.profile.behaviour
        lines = text.rstrip("\n").split("\n")
        page = self.page_length
        if behaviour.sticky_paging and page == 0:
            # Some firmware ignores the paging-disable command for this user or line.
            page = self.profile.page_length or 24
        left = page
        for index, line in enumerate(lines):
            if key == behaviour.disconnect_on and index == behaviour.disconnect_after_lines:
                await self._flush()
                log.debug("simulated device %s drops the line in %r", self.profile.name, key)
                self.process.get_extra_info("connection").close()
                return False
            self._write(line + "\n")
            slow = behaviour.slow
            if slow is not None and (index + 1) % max(slow.lines, 1) == 0:
                await self._flush()
                await asyncio.sleep(slow.delay)
            left -= 1
            if page and left == 0 and index + 1 < len(lines):
                self._write(self.dialect.paging.prompt)
                self.stats.more_prompts += 1
                await self._flush()
                answer = await self.input.read_key()
                if answer is None:
                    return False
                self._write(self.dialect.paging.erase)
                if answer in _ABORT_KEYS:
                    break
                # Space shows the next page, Enter only the next line, as on the devices.
                left = 1 if answer in "\r\n" else page
        return True
