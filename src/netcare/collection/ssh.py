"""SSH collection: run a platform's inspection commands on devices with netmiko.

Plain Python, no Django: a job runner calls ``collect_many`` and stores the results.

What a caller can rely on:

* Every device ends with one status (``Status``) and the raw text of every command that
  ran, including the cut-off text of the command that was running when a device failed.
* ``timeout`` is a wall-clock budget per device and attempt, enforced inside every read
  (and by a watchdog that shuts the socket for waits netmiko does not read through, such
  as a channel that never opens): a device that stops answering ends as ``timeout`` about
  ``timeout`` seconds after it was started, whatever netmiko's own timers say.
* Passwords and enable secrets never reach a log record, an exception text, a ``repr``
  or a result: targets hide them from ``repr``, netmiko's session log stays off, and
  every message we keep is written by us and scrubbed.

* A target outside the collection allowlist (``allowlist``, ``NETCARE_COLLECT_NETWORKS``)
  ends as ``refused`` before any connection is opened: ``_connect_socket`` is the only
  place a connection is made, and it connects only to addresses the allowlist passed.

* Host keys are pinned: a target carries the fingerprint NetCare trusts for the device
  (empty on first contact, which then trusts what it sees), the fingerprint seen comes
  back in the result, and a device presenting another key ends as ``error`` before any
  password is sent.

Command output is read with our own loop over netmiko's channel rather than
``send_command``: it answers ``---- More ----``/``--More--`` prompts when a device keeps
paging despite the disable command, and it keeps partial output when a device drops the
line (``send_command`` discards what it read on a timeout).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import logging
import math
import queue
import re
import socket
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Literal, cast

import paramiko
from netmiko import BaseConnection
from netmiko.exceptions import NetmikoAuthenticationException, NetmikoTimeoutException
from netmiko.ssh_dispatcher import CLASS_MAPPER

from netcare.collection import allowlist

log = logging.getLogger(__name__)

NETMIKO_DEVICE_TYPES: dict[str, str] = {
    "hp_comware": "hp_comware",
    "huawei_vrp": "huawei",
    "cisco_ios": "cisco_ios",
    "cisco_xe": "cisco_xe",
    "cisco_nxos": "cisco_nxos",
    "juniper_junos": "juniper_junos",
    "arista_eos": "arista_eos",
}
# Platforms whose privileged commands need ``enable`` when an enable secret is stored.
ENABLE_PLATFORMS = frozenset({"cisco_ios", "cisco_xe", "cisco_nxos", "arista_eos"})

# Comware and VRP leave the CLI with ``quit``; the others with ``exit``.
_QUIT_PLATFORMS = frozenset({"hp_comware", "huawei_vrp"})

_RETRY_BACKOFF = 0.5
_WATCHDOG_GRACE = 0.5
_POLL = 0.02

# Paging prompts as sent, with the erase sequence that follows the key press
# (Comware/VRP: cursor-left escapes; IOS/EOS: backspaces; Junos: carriage returns).
_MORE_WITH_ERASE = re.compile(
    r"  ---- More ----(?:\x1b\[\d+D *\x1b\[\d+D)?"
    r"| ?--More-- ?(?:\x08+ *\x08+)?"
    r"|---\(more(?: \d+%)?\)---(?:\r *\r)?"
)
_MORE_PROMPT = re.compile(r"---- More ----|--More--|---\(more(?: \d+%)?\)---")
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
_REJECTED = re.compile(
    r"^\s*(?:%\s*(?:Unrecognized command|Invalid (?:input|command)|Incomplete command|"
    r"Ambiguous command|Too many parameters|Wrong parameter)|Error:\s*(?:Unrecognized "
    r"command|Wrong parameter|Incomplete command|Too many parameters)|syntax error|"
    r"unknown command)",
    re.IGNORECASE | re.MULTILINE,
)


class Status(StrEnum):
    """How a device's collection ended."""

    OK = "ok"  # every command answered
    AUTH_FAILED = "auth_failed"  # SSH login refused (never retried: lockouts)
    TIMEOUT = "timeout"  # budget ran out before any command answered
    UNREACHABLE = "unreachable"  # no TCP connection (refused, no route, DNS, no answer)
    PARTIAL = "partial"  # some commands answered, then the session failed
    ERROR = "error"  # anything else (session dropped at login, no prompt, ...)
    REFUSED = "refused"  # outside the collection allowlist: never connected


@dataclass(frozen=True)
class DeviceTarget:
    """Where and how to reach one device. Credentials are hidden from ``repr``."""

    name: str
    host: str
    platform: str
    username: str
    password: str = field(repr=False)
    port: int = 22
    secret: str = field(default="", repr=False)
    version: str = ""  # known software version, e.g. to pick netmiko's VRP8 driver
    host_key: str = ""  # trusted fingerprint ("ssh-ed25519 SHA256:…"); empty: first use


@dataclass(frozen=True)
class CommandOutput:
    """The raw text one command returned (echo and trailing prompt removed)."""

    command: str
    text: str
    complete: bool  # the device came back to its prompt after the output
    rejected: bool = False  # the device answered with its "unknown command" error
    elapsed: float = 0.0


@dataclass(frozen=True)
class DeviceResult:
    """Outcome of collecting one device; holds no credential."""

    name: str
    host: str
    port: int
    platform: str
    status: Status
    outputs: tuple[CommandOutput, ...]
    message: str
    elapsed: float
    attempts: int
    started_at: datetime
    host_key: str = ""  # the fingerprint the device presented ("" when never reached)

    @property
    def completed(self) -> tuple[str, ...]:
        """Commands that returned their full output."""
        return tuple(o.command for o in self.outputs if o.complete)

    def output(self, command: str) -> str | None:
        """Text of a command's output (possibly cut off), or None if it never ran."""
        return next((o.text for o in self.outputs if o.command == command), None)


@dataclass(frozen=True)
class Progress:
    """A progress event of ``collect_many``: a device started or finished."""

    name: str
    state: Literal["running", "done"]
    done: int
    total: int
    result: DeviceResult | None = None


def netmiko_device_type(platform: str, version: str = "") -> str:
    """netmiko's driver name for a platform; VRP8 (V8xx / 8.x) gets ``huawei_vrpv8``."""
    if platform == "huawei_vrp" and re.match(r"(?:V8\d\d|8\.)", version.strip(), re.I):
        return "huawei_vrpv8"
    try:
        return NETMIKO_DEVICE_TYPES[platform]
    except KeyError:
        raise ValueError(f"unknown platform {platform!r}") from None


def host_key_fingerprint(key: paramiko.PKey) -> str:
    """``ssh-ed25519 SHA256:…``: the key type and OpenSSH's SHA-256 fingerprint."""
    digest = base64.b64encode(hashlib.sha256(key.asbytes()).digest()).decode().rstrip("=")
    return f"{key.get_name()} SHA256:{digest}"


class HostKeyChanged(paramiko.SSHException):
    """The device presented a host key other than the one NetCare trusts for it."""


class _PinnedHostKey(paramiko.MissingHostKeyPolicy):
    """Checks the server's key against the pinned fingerprint before authentication.

    No known_hosts file is loaded, so paramiko asks this policy about every key; it is
    asked after the key exchange and before the password is sent.
    """

    def __init__(self, trusted: str) -> None:
        self.trusted = trusted
        self.seen = ""

    def missing_host_key(
        self, client: paramiko.SSHClient, hostname: str, key: paramiko.PKey
    ) -> None:
        self.seen = host_key_fingerprint(key)
        if self.trusted and self.seen != self.trusted:
            raise HostKeyChanged(hostname)


class _BudgetSpent(Exception):
    """The device's time budget ran out."""


class _Dropped(Exception):
    """The device closed the SSH session."""


class _Unreachable(Exception):
    """No TCP connection could be made."""


class _Guarded(BaseConnection):
    """Mixed in before a netmiko driver: every read checks the budget and the line.

    netmiko's read loops poll ``read_channel`` every few milliseconds, so raising here
    bounds each of them (login handlers, prompt discovery, paging setup) by our budget
    instead of their own 10–20 s defaults; a closed paramiko channel otherwise just
    reads as "no data yet" until those defaults run out.
    """

    _netcare_deadline: float = math.inf
    _netcare_expired: threading.Event | None = None
    _netcare_logout: str = "exit"
    _netcare_host_key: _PinnedHostKey | None = None

    def _build_ssh_client(self) -> paramiko.SSHClient:
        client = self._get_ssh_client_instance()
        client.set_missing_host_key_policy(self._netcare_host_key or _PinnedHostKey(""))
        return client

    def _netcare_check(self, data: str) -> None:
        expired = self._netcare_expired is not None and self._netcare_expired.is_set()
        if expired or time.monotonic() >= self._netcare_deadline:
            raise _BudgetSpent()
        chan = self.remote_conn
        if (
            not data
            and isinstance(chan, paramiko.Channel)
            and (chan.closed or chan.eof_received)
            and not chan.recv_ready()
        ):
            raise _Dropped()

    def read_channel(self) -> str:
        data = super().read_channel()
        self._netcare_check(data)
        return data

    def cleanup(self, command: str = "") -> None:
        """Say goodbye without the drivers' configuration-mode probe.

        Collection never enters configuration mode, and the probe costs two seconds
        of silence on VRP (netmiko reads it by timing); the logout command is enough.
        """
        self.write_channel(self.normalize_cmd(self._netcare_logout))

    def netcare_read_raw(self) -> str:
        """Read without netmiko's ANSI stripping, so paging erase sequences stay whole."""
        data = self._read_buffer + self.channel.read_channel()
        self._read_buffer = ""
        self._netcare_check(data)
        return data


_GUARDED_CLASSES: dict[str, type[_Guarded]] = {}


def _driver(device_type: str) -> type[_Guarded]:
    if device_type not in _GUARDED_CLASSES:
        base = CLASS_MAPPER[device_type]
        _GUARDED_CLASSES[device_type] = cast(
            type[_Guarded], type(f"Guarded{base.__name__}", (_Guarded, base), {})
        )
    return _GUARDED_CLASSES[device_type]


def _scrub(text: str, target: DeviceTarget) -> str:
    """Mask credentials in a message we are about to keep, and cut it to one line."""
    for secret in (target.password, target.secret):
        if secret:
            text = text.replace(secret, "********")
    return text.strip().splitlines()[0][:200] if text.strip() else ""


def _clean(raw: str, command: str, prompt: re.Pattern[str], conn: BaseConnection) -> str:
    """Turn the bytes a command produced into its output text."""
    text = _MORE_WITH_ERASE.sub("", raw)
    text = conn.normalize_linefeeds(text)
    text = conn.strip_ansi_escape_codes(text)
    text = _ANSI.sub("", conn.strip_backspaces(text))
    lines = text.split("\n")
    if lines and command.strip() and command.strip() in lines[0]:
        lines = lines[1:]
    if lines and prompt.search(lines[-1]):
        lines = lines[:-1]
    return "\n".join(lines).rstrip("\n")


def _run_command(
    conn: _Guarded, command: str, prompt: re.Pattern[str]
) -> tuple[CommandOutput, BaseException | None]:
    """Send one command and read to the prompt, answering paging prompts on the way."""
    started = time.monotonic()
    raw = ""
    answered = 0
    error: BaseException | None = None
    try:
        conn.write_channel(conn.normalize_cmd(command))
        while True:
            chunk = conn.netcare_read_raw()
            if not chunk:
                time.sleep(_POLL)
                continue
            scan_from = max(0, len(raw) - 32)
            raw += chunk
            pending = len(_MORE_PROMPT.findall(raw, scan_from))
            if pending:
                # Count prompts over the whole text once there is any, so a prompt split
                # across two reads is answered exactly once.
                total = len(_MORE_PROMPT.findall(raw))
                if total > answered:
                    conn.write_channel(" ")
                    answered = total
                    continue
            if "\n" in raw:
                tail = _ANSI.sub("", raw[-512:]).replace("\x08", "")
                if prompt.search(re.split(r"[\r\n]", tail)[-1]):
                    break
    except (_BudgetSpent, _Dropped, OSError, EOFError, paramiko.SSHException) as exc:
        error = exc
    text = _clean(raw, command, prompt, conn)
    output = CommandOutput(
        command=command,
        text=text,
        complete=error is None,
        rejected=bool(_REJECTED.search("\n".join(text.split("\n")[:4]))),
        elapsed=round(time.monotonic() - started, 3),
    )
    return output, error


def _connect_socket(target: DeviceTarget, timeout: float) -> socket.socket:
    """Open the TCP connection to a device: the one place collection connects anywhere.

    The host is checked against the collection allowlist first (a name is resolved once
    and each of its addresses checked); only a checked address is connected to, so
    ``allowlist.TargetRefused`` here means nothing was sent.
    """
    deadline = time.monotonic() + timeout
    try:
        addresses = allowlist.resolve_allowed(target.host, target.port)
    except (OSError, UnicodeError) as exc:
        raise _Unreachable(f"{target.host}:{target.port}: {type(exc).__name__}") from None
    reason = "no address"
    for _family, address in addresses:
        remaining = max(deadline - time.monotonic(), 0.1)
        try:
            return socket.create_connection((address, target.port), timeout=remaining)
        except (OSError, UnicodeError) as exc:
            reason = "no answer" if isinstance(exc, TimeoutError) else type(exc).__name__
    raise _Unreachable(f"{target.host}:{target.port}: {reason}")


@dataclass
class _Attempt:
    status: Status
    outputs: list[CommandOutput]
    message: str = ""
    retryable: bool = False
    host_key: str = ""


def _attempt(target: DeviceTarget, commands: Sequence[str], timeout: float) -> _Attempt:
    """One connection to a device: log in, prepare the session, run the commands."""
    deadline = time.monotonic() + timeout
    try:
        sock = _connect_socket(target, timeout)
    except allowlist.TargetRefused as exc:
        return _Attempt(Status.REFUSED, [], _scrub(str(exc), target))
    except _Unreachable as exc:
        return _Attempt(Status.UNREACHABLE, [], _scrub(str(exc), target), retryable=True)

    expired = threading.Event()

    def _expire() -> None:
        # Wakes waits that never read the channel (banner, auth, channel open).
        expired.set()
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)

    watchdog = threading.Timer(timeout + _WATCHDOG_GRACE, _expire)
    watchdog.daemon = True
    watchdog.start()
    pinned = _PinnedHostKey(target.host_key)
    try:
        attempt = _session(target, commands, timeout, sock, expired, deadline, pinned)
    finally:
        watchdog.cancel()
        sock.close()
    attempt.host_key = pinned.seen
    if pinned.seen and target.host_key and pinned.seen != target.host_key:
        attempt = _Attempt(
            Status.ERROR,
            [],
            f"host key changed: the device presented {pinned.seen}, NetCare trusts "
            f"{target.host_key}; nothing was sent. If the device was replaced, forget its "
            "host key and collect again.",
            host_key=pinned.seen,
        )
    return attempt


def _session(
    target: DeviceTarget,
    commands: Sequence[str],
    timeout: float,
    sock: socket.socket,
    expired: threading.Event,
    deadline: float,
    pinned: _PinnedHostKey,
) -> _Attempt:
    """Log in over the connected socket and run the commands (one attempt)."""
    outputs: list[CommandOutput] = []
    conn: _Guarded | None = None
    try:
        remaining = max(deadline - time.monotonic(), 0.1)
        conn = _driver(netmiko_device_type(target.platform, target.version))(
            host=target.host,
            port=target.port,
            username=target.username,
            password=target.password,
            secret=target.secret,
            device_type=netmiko_device_type(target.platform, target.version),
            sock=sock,
            auto_connect=False,
            session_log=None,
            conn_timeout=remaining,
            auth_timeout=remaining,
            banner_timeout=remaining,
            use_keys=False,
            allow_agent=False,
        )
        conn._netcare_deadline = deadline
        conn._netcare_expired = expired
        conn._netcare_logout = "quit" if target.platform in _QUIT_PLATFORMS else "exit"
        conn._netcare_host_key = pinned
        try:
            conn._open()
            if target.platform in ENABLE_PLATFORMS and target.secret:
                conn.enable()
            conn.clear_buffer()
        except NetmikoAuthenticationException:
            return _Attempt(Status.AUTH_FAILED, [], "authentication refused")
        except (_BudgetSpent, NetmikoTimeoutException) as exc:
            if expired.is_set() or isinstance(exc, _BudgetSpent):
                message = f"no usable session within {timeout:g} s"
            else:
                message = "SSH session could not be set up"
            return _Attempt(Status.TIMEOUT, [], message, retryable=True)
        except _Dropped:
            return _Attempt(Status.ERROR, [], "device closed the session at login", True)
        except (ValueError, OSError, EOFError, paramiko.SSHException) as exc:
            message = _scrub(f"session setup failed: {type(exc).__name__}: {exc}", target)
            return _Attempt(Status.ERROR, [], message, retryable=True)

        prompt = re.compile(rf"{re.escape(conn.base_prompt)}[^\r\n]*[>#\]$%]\s*$")
        for command in commands:
            output, error = _run_command(conn, command, prompt)
            outputs.append(output)
            if error is None:
                continue
            done = sum(o.complete for o in outputs)
            if isinstance(error, _BudgetSpent) or expired.is_set():
                cause = f"time budget of {timeout:g} s ran out during {command!r}"
                status = Status.PARTIAL if done else Status.TIMEOUT
            else:
                cause = f"device closed the session during {command!r}"
                status = Status.PARTIAL if done else Status.ERROR
            return _Attempt(status, outputs, cause)
        return _Attempt(Status.OK, outputs)
    except Exception as exc:  # a bug or an odd device must not stop the job
        log.warning("collection of %s failed unexpectedly: %s", target.name, type(exc).__name__)
        status = Status.PARTIAL if any(o.complete for o in outputs) else Status.ERROR
        return _Attempt(status, outputs, _scrub(f"{type(exc).__name__}: {exc}", target))
    finally:
        if conn is not None:
            conn.disconnect()


def collect_device(
    target: DeviceTarget, commands: list[str], *, timeout: float, retries: int
) -> DeviceResult:
    """Collect one device: its status, the raw output of each command, elapsed time.

    ``timeout`` bounds each attempt (connect, login and all commands). Only failures
    before any command was sent are retried (unreachable, login stalled or dropped), up
    to ``retries`` more times; a refused login is never retried (account lockouts), nor
    is a session that failed mid-way (re-running would double the wait and the load).
    An unknown platform raises ``ValueError`` before anything is sent.
    """
    netmiko_device_type(target.platform, target.version)
    started_at = datetime.now(UTC)
    started = time.monotonic()
    attempt = _Attempt(Status.ERROR, [], "not attempted")
    attempts = 0
    for attempts in range(1, retries + 2):
        attempt = _attempt(target, commands, timeout)
        if not attempt.retryable or attempts > retries:
            break
        time.sleep(_RETRY_BACKOFF * attempts)
    result = _result(target, attempt, started_at, time.monotonic() - started, attempts)
    log.info(
        "collected %s (%s:%s): %s in %.1f s, %d/%d commands",
        *(target.name, target.host, target.port, result.status, result.elapsed),
        *(len(result.completed), len(commands)),
    )
    return result


def _result(
    target: DeviceTarget, attempt: _Attempt, started_at: datetime, elapsed: float, attempts: int
) -> DeviceResult:
    return DeviceResult(
        name=target.name,
        host=target.host,
        port=target.port,
        platform=target.platform,
        status=attempt.status,
        outputs=tuple(attempt.outputs),
        message=attempt.message,
        elapsed=round(elapsed, 3),
        attempts=attempts,
        started_at=started_at,
        host_key=attempt.host_key,
    )


def collect_many(
    targets: Sequence[DeviceTarget],
    commands_for: Callable[[DeviceTarget], Sequence[str]],
    *,
    concurrency: int = 8,
    timeout: float = 60.0,
    retries: int = 1,
    on_progress: Callable[[Progress], None] | None = None,
) -> list[DeviceResult]:
    """Collect many devices, at most ``concurrency`` at a time; results in target order.

    One device's failure (or a ``commands_for`` error for it) becomes that device's
    result and never stops the others. ``on_progress`` is called on the caller's thread
    — a worker only queues the event — so it may touch the database or a progress bar.
    """
    if concurrency < 1:
        raise ValueError("concurrency must be at least 1")
    events: queue.Queue[tuple[str, DeviceTarget, DeviceResult | None]] = queue.Queue()

    def work(target: DeviceTarget) -> DeviceResult:
        events.put(("running", target, None))
        try:
            commands = list(commands_for(target))
            result = collect_device(target, commands, timeout=timeout, retries=retries)
        except Exception as exc:
            log.warning("collection of %s could not run: %s", target.name, type(exc).__name__)
            failed = _Attempt(Status.ERROR, [], _scrub(f"{type(exc).__name__}: {exc}", target))
            result = _result(target, failed, datetime.now(UTC), 0.0, 0)
        events.put(("done", target, result))
        return result

    with ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="collect") as pool:
        futures = [pool.submit(work, target) for target in targets]
        try:
            _relay(events, len(targets), on_progress)
        except BaseException:
            # A failing progress callback stops the job: drop the devices not yet started.
            pool.shutdown(wait=False, cancel_futures=True)
            raise
    return [future.result() for future in futures]


def _relay(
    events: queue.Queue[tuple[str, DeviceTarget, DeviceResult | None]],
    total: int,
    on_progress: Callable[[Progress], None] | None,
) -> None:
    """Hand the workers' events to ``on_progress`` on this thread until all are done."""
    done = 0
    while done < total:
        state, target, result = events.get()
        if state == "done":
            done += 1
        if on_progress is not None:
            on_progress(
                Progress(target.name, "done" if state == "done" else "running", done, total, result)
            )
