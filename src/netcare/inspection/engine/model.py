"""The shapes the rule engine reads and writes — the contract between the engine, the
hardening planner, the report builders, the offline ``netcare inspect`` and the
Django app that stores runs and findings.

Plain dataclasses with no Django import: the engine can be benchmarked, fuzzed and run
offline on a folder of outputs, and the app converts its rows to and from these.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from netcare.core.text import Text

#: Finding severities, most severe first (the order reports and sorting use).
SEVERITIES: tuple[str, ...] = ("critical", "major", "minor", "info")

#: Rule categories, in the order reports list them.
CATEGORIES: tuple[str, ...] = (
    "hardware",
    "environment",
    "performance",
    "interfaces",
    "logs_alarms",
    "reliability",
    "security_hardening",
    "management_plane",
    "configuration",
    "lifecycle",
)

#: Health-score dimensions; every category counts towards exactly one.
DIMENSIONS: tuple[str, ...] = (
    "hardware",
    "performance",
    "reliability",
    "security",
    "configuration",
)

Severity = Literal["critical", "major", "minor", "info"]


#: The one vocabulary for the four severities, in both languages: finding tables, the
#: hardening plan's batch titles, reports and pages all say the same word.
SEVERITY_TEXT: Mapping[str, Text] = {
    "critical": Text("紧急", "Critical"),
    "major": Text("重要", "Major"),
    "minor": Text("次要", "Minor"),
    "info": Text("提示", "Info"),
}

#: When a batch with no agreed date is applied.
WINDOW_TEXT: Mapping[bool, Text] = {
    True: Text("维护窗口内", "In a maintenance window"),
    False: Text("随时", "At any time"),
}


@dataclass(frozen=True)
class DeviceData:
    """What the engine inspects for one device.

    ``facts`` is the vendor-neutral record of ``collection.parsing.facts`` (a dict as
    stored); ``outputs`` the cleaned output text per command key (``version``,
    ``running_config``, ``stp`` …) for the checks facts cannot answer; ``collected_at``
    anchors the time windows of log checks (aware datetime, or None when unknown).
    """

    key: str  # a stable identity: the device id in the app, the hostname offline
    facts: dict[str, Any]
    outputs: dict[str, str] = field(default_factory=dict)
    collected_at: datetime | None = None


@dataclass(frozen=True)
class Finding:
    """One rule that fired on one device, for one subject (an interface, a PSU, a
    configuration section; ``""`` when the rule speaks of the whole device).

    ``evidence`` holds the lines from the device's own output that show it (at most 20,
    as the device printed them). ``fingerprint`` changes exactly when the rule, the
    subject or the evidence changes, which is what an accepted-risk or false-positive
    mark is tied to.
    """

    rule_id: str
    pack: str
    pack_version: str
    device: str
    subject: str
    severity: Severity
    category: str
    title: Text
    why: Text
    recommendation: Text
    reference: str
    evidence: tuple[str, ...]
    fingerprint: str
    hardening: bool  # the rule carries hardening content for this device's platform


@dataclass(frozen=True)
class NotAssessed:
    """A rule that applies to the device but could not be evaluated, and why — never
    silently counted as passed (e.g. "no running configuration collected")."""

    rule_id: str
    device: str
    reason: Text


@dataclass(frozen=True)
class DeviceResult:
    """The engine's answer for one device."""

    device: str
    platform: str
    findings: tuple[Finding, ...]
    passed: tuple[str, ...]  # rule ids evaluated that did not fire
    not_assessed: tuple[NotAssessed, ...]


@dataclass(frozen=True)
class Deduction:
    """Points a finding took from one health dimension."""

    rule_id: str
    subject: str
    dimension: str
    points: float
    device: str = ""  # whose finding (a network score lists every device's)
    not_assessed: bool = False  # kept for stored rows; not-assessed rules cost nothing now


@dataclass(frozen=True)
class Health:
    """A health score 0–100 (higher is healthier) with its dimensions, every deduction
    that explains a lost point, and how much of it was actually checked.

    A rule that could not be assessed costs no points; instead ``coverage`` (rules
    assessed / rules that apply, 0–1) says how much the score rests on. A dimension
    with nothing assessed is ``None`` ("unknown"), never 100, and the score is computed
    over the known dimensions only. ``known`` is False when nothing at all was assessed:
    ``score`` is then a placeholder (100, nothing found) that must be shown as unknown.
    """

    score: float
    dimensions: Mapping[str, float | None]
    deductions: tuple[Deduction, ...]
    coverage: float = 1.0
    dimension_coverage: Mapping[str, float | None] = field(default_factory=dict)
    assessed: int = 0
    applicable: int = 0

    @property
    def known(self) -> bool:
        """Whether any rule was assessed (else the score says nothing)."""
        return self.applicable == 0 or self.assessed > 0


@dataclass(frozen=True)
class StepPlan:
    """One hardening step for one device, computed against its running configuration.

    ``intended`` is the rendered step configuration; ``remediation`` the commands to
    enter (nothing already present is repeated); ``rollback`` the commands that give
    the running configuration back; ``unplaced`` lines the configuration parser could
    not place (reported, never dropped).
    """

    rule_id: str
    device: str
    platform: str
    subject: str
    intended: str
    remediation: str
    rollback: str
    precheck: tuple[str, ...]
    postcheck: tuple[str, ...]
    impact: Text
    window: bool  # needs a maintenance window
    risk: Severity
    order: int
    unplaced: tuple[str, ...] = ()
