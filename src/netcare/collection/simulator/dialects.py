"""Per-vendor CLI dialects: prompts, paging, session commands and error answers.

Each dialect reproduces what netmiko's session preparation for that platform waits for
(see netmiko's ``session_preparation`` of each driver), so an unmodified netmiko
connection works against the simulator:

* Comware: ``screen-length disable`` answered with just the prompt (netmiko's Comware
  driver reads to the prompt, its command verification being off).
* VRP: ``screen-length 0 temporary`` answered with the ``Info:`` line VRP prints.
* IOS/IOS-XE/NX-OS: ``terminal width 511`` and ``terminal length 0`` echoed and silent.
* EOS: ``Width set to 511 columns.`` and ``Pagination disabled.`` — netmiko matches both.
* Junos: ``Screen width set to 511``, ``Disabling complete-on-space``,
  ``Screen length set to 0`` — netmiko matches all three.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from netcare.collection.simulator.profile import DeviceProfile


@dataclass(frozen=True)
class Paging:
    """A vendor's ``more`` prompt and the bytes it sends to erase it after a key."""

    prompt: str
    erase: str


# Comware and VRP put the prompt on its own line and wipe it with cursor-left escapes;
# IOS-style CLIs print it inline and wipe it with backspaces; Junos redraws the line.
COMWARE_MORE = Paging("  ---- More ----", "\x1b[16D" + " " * 16 + "\x1b[16D")
VRP_MORE = Paging("  ---- More ----", "\x1b[42D" + " " * 42 + "\x1b[42D")
CISCO_MORE = Paging(" --More-- ", "\b" * 10 + " " * 10 + "\b" * 10)
JUNOS_MORE = Paging("---(more)---", "\r" + " " * 12 + "\r")


@dataclass(frozen=True)
class Reply:
    """What a built-in (non-recorded) command does to the session."""

    text: str = ""
    page_length: int | None = None
    mode: str | None = None
    close: bool = False
    enable: bool = False


class Dialect:
    """Base dialect; subclasses set the vendor specifics."""

    paging: Paging = CISCO_MORE
    user_mode = "user"

    def __init__(self, profile: DeviceProfile) -> None:
        self.profile = profile
        self.host = profile.hostname

    def initial_mode(self) -> str:
        """The mode a fresh login lands in."""
        return self.user_mode

    def prompt(self, mode: str) -> str:
        raise NotImplementedError

    def builtin(self, line: str, mode: str) -> Reply | None:
        """Answer session commands (paging, width, modes, exit); None if not one."""
        raise NotImplementedError

    def unknown(self, line: str, mode: str) -> str:
        """The vendor's answer to a command it does not know."""
        raise NotImplementedError

    def caret(self, line: str, mode: str) -> str:
        """A line with ``^`` under the first word the device did not understand."""
        words = line.split()
        known = min(self.profile.known_prefix_words(line), max(len(words) - 1, 0))
        position = 0
        for index, match in enumerate(re.finditer(r"\S+", line)):
            if index == known:
                position = match.start()
                break
        return " " * (len(self.prompt(mode)) + position) + "^"


def _normal(line: str) -> str:
    return " ".join(line.lower().split())


class ComwareDialect(Dialect):
    """H3C/HPE Comware 5/7: ``<HOST>`` user view, ``[HOST]`` system view."""

    paging = COMWARE_MORE

    def prompt(self, mode: str) -> str:
        return f"[{self.host}]" if mode == "system" else f"<{self.host}>"

    def builtin(self, line: str, mode: str) -> Reply | None:
        cmd = _normal(line)
        if cmd == "screen-length disable":
            return Reply(page_length=0)
        if m := re.fullmatch(r"screen-length (\d+)", cmd):
            return Reply(page_length=int(m.group(1)))
        if cmd.startswith("screen-width"):
            return Reply()
        if cmd in ("system-view", "sys", "system"):
            return Reply(text="System View: return to User View with Ctrl+Z.", mode="system")
        if cmd == "return" or (cmd == "quit" and mode == "system"):
            return Reply(mode="user")
        if cmd in ("quit", "exit", "logout"):
            return Reply(close=True)
        return None

    def unknown(self, line: str, mode: str) -> str:
        return self.caret(line, mode) + "\n % Unrecognized command found at '^' position."


class VrpDialect(ComwareDialect):
    """Huawei VRP 5/8: ``<HOST>``; system view ``[HOST]`` (VRP5) or ``[~HOST]`` (VRP8)."""

    paging = VRP_MORE

    def prompt(self, mode: str) -> str:
        if mode == "system":
            return f"[~{self.host}]" if self.profile.vrp8 else f"[{self.host}]"
        return f"<{self.host}>"

    def builtin(self, line: str, mode: str) -> Reply | None:
        cmd = _normal(line)
        if m := re.fullmatch(r"screen-length (\d+) temporary", cmd):
            length = int(m.group(1))
            return Reply(
                text="Info: The configuration takes effect on the current user terminal "
                "interface only.",
                page_length=length,
            )
        if cmd.startswith("screen-width"):
            return Reply()
        if cmd in ("system-view", "sys", "system"):
            return Reply(
                text="Enter system view, return user view with return command.", mode="system"
            )
        if cmd == "screen-length disable":
            return None
        return super().builtin(line, mode)

    def unknown(self, line: str, mode: str) -> str:
        return self.caret(line, mode) + "\nError: Unrecognized command found at '^' position."


class CiscoDialect(Dialect):
    """IOS and IOS-XE: ``HOST>`` then ``HOST#`` after ``enable`` when a secret is set."""

    def initial_mode(self) -> str:
        return "user" if self.profile.enable_secret else "enable"

    def prompt(self, mode: str) -> str:
        return {"user": f"{self.host}>", "enable": f"{self.host}#"}.get(
            mode, f"{self.host}(config)#"
        )

    def builtin(self, line: str, mode: str) -> Reply | None:
        cmd = _normal(line)
        if m := re.fullmatch(r"term(?:inal)? len(?:gth)? (\d+)", cmd):
            return Reply(page_length=int(m.group(1)))
        if re.fullmatch(r"term(?:inal)? (?:width \d+|no width)", cmd):
            return Reply()
        if cmd in ("en", "enable"):
            return Reply(enable=True)
        if cmd == "disable":
            return Reply(mode="user" if self.profile.enable_secret else "enable")
        if cmd in ("conf t", "configure terminal") and mode != "user":
            return Reply(
                text="Enter configuration commands, one per line.  End with CNTL/Z.",
                mode="config",
            )
        if cmd == "end" or (cmd == "exit" and mode == "config"):
            return Reply(mode="enable")
        if cmd in ("exit", "logout", "quit"):
            return Reply(close=True)
        return None

    def unknown(self, line: str, mode: str) -> str:
        return self.caret(line, mode) + "\n% Invalid input detected at '^' marker.\n"


class NxosDialect(CiscoDialect):
    """NX-OS logs straight into ``HOST#``; its error names the marker differently."""

    def initial_mode(self) -> str:
        return "enable"

    def unknown(self, line: str, mode: str) -> str:
        return self.caret(line, mode) + "\n% Invalid command at '^' marker."


class EosDialect(CiscoDialect):
    """Arista EOS: Cisco-like modes, chatty paging and width answers netmiko waits for."""

    def builtin(self, line: str, mode: str) -> Reply | None:
        cmd = _normal(line)
        if m := re.fullmatch(r"term(?:inal)? len(?:gth)? (\d+)", cmd):
            length = int(m.group(1))
            text = "Pagination disabled." if length == 0 else f"Pagination set to {length} lines."
            return Reply(text=text, page_length=length)
        if m := re.fullmatch(r"term(?:inal)? width (\d+)", cmd):
            return Reply(text=f"Width set to {m.group(1)} columns.")
        return super().builtin(line, mode)

    def unknown(self, line: str, mode: str) -> str:
        words = line.split()
        index = min(self.profile.known_prefix_words(line), len(words) - 1)
        return f"% Invalid input (at token {index}: '{words[index]}')"


class JunosDialect(Dialect):
    """Junos: ``user@HOST> ``, ``user@HOST# `` in configuration mode."""

    paging = JUNOS_MORE

    def prompt(self, mode: str) -> str:
        mark = "#" if mode == "config" else ">"
        return f"{self.profile.username}@{self.host}{mark} "

    def builtin(self, line: str, mode: str) -> Reply | None:
        cmd = _normal(line)
        if m := re.fullmatch(r"set cli screen-length (\d+)", cmd):
            return Reply(text=f"Screen length set to {m.group(1)}", page_length=int(m.group(1)))
        if m := re.fullmatch(r"set cli screen-width (\d+)", cmd):
            return Reply(text=f"Screen width set to {m.group(1)}")
        if cmd == "set cli complete-on-space off":
            return Reply(text="Disabling complete-on-space")
        if cmd in ("configure", "edit"):
            return Reply(text="Entering configuration mode\n\n[edit]", mode="config")
        if mode == "config" and cmd in ("exit", "exit configuration-mode", "quit"):
            return Reply(text="Exiting configuration mode", mode="user")
        if cmd in ("exit", "quit", "logout"):
            return Reply(close=True)
        return None

    def unknown(self, line: str, mode: str) -> str:
        return self.caret(line, mode) + "\nsyntax error, expecting <command>."


def dialect_for(profile: DeviceProfile) -> Dialect:
    """The dialect of a profile's platform (IOS-XE shares the IOS one)."""
    classes: dict[str, type[Dialect]] = {
        "hp_comware": ComwareDialect,
        "huawei_vrp": VrpDialect,
        "cisco_ios": CiscoDialect,
        "cisco_xe": CiscoDialect,
        "cisco_nxos": NxosDialect,
        "arista_eos": EosDialect,
        "juniper_junos": JunosDialect,
    }
    return classes[profile.platform](profile)
