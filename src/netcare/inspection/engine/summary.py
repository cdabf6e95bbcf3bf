"""What the inspection report and the hardening plan are written from.

The report builders (``netcare.inspection.reports``) read only these shapes, so the
offline ``netcare inspect`` (which has engine results and nothing else) and the Django
app (which has runs, devices, sites, marks and a previous run in the database) fill in
the same record and get the same documents. Plain dataclasses, no Django import.

Texts a customer reads come as :class:`Text` (zh + en); fields that read the same in
both languages (a hostname, a version, a person's name) are plain strings.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from . import hardening
from .model import DeviceData, DeviceResult, Finding, Health, StepPlan, Text

__all__ = [
    "Batch",
    "Comparison",
    "Component",
    "DeviceSheet",
    "HardeningSummary",
    "InspectionSummary",
    "InterfaceErrors",
    "Mark",
    "MarkKind",
    "TemperatureReading",
    "compare",
    "from_results",
]

MarkKind = Literal["accepted_risk", "false_positive"]


@dataclass(frozen=True)
class Component:
    """A power supply or fan as the device reported it (``status`` None when unsaid)."""

    name: str
    status: str | None


@dataclass(frozen=True)
class TemperatureReading:
    sensor: str
    celsius: float | None
    status: str | None


@dataclass(frozen=True)
class InterfaceErrors:
    """An interface whose error counters are not zero (the per-device sheet lists only
    these: a list of every clean port helps no reader)."""

    name: str
    status: str | None
    description: str | None
    in_errors: int | None
    out_errors: int | None
    crc: int | None


@dataclass(frozen=True)
class DeviceSheet:
    """One device's page of the inspection report: identity, state and its findings."""

    key: str
    hostname: str
    platform: str
    health: Health
    result: DeviceResult
    site: str = ""
    vendor: str | None = None
    model: str | None = None
    os_version: str | None = None
    uptime_seconds: int | None = None
    serial: str | None = None
    cpu_percent: float | None = None
    memory_percent: float | None = None
    psus: tuple[Component, ...] = ()
    fans: tuple[Component, ...] = ()
    temperatures: tuple[TemperatureReading, ...] = ()
    interfaces: tuple[InterfaceErrors, ...] = ()

    @classmethod
    def from_facts(
        cls,
        key: str,
        facts: Mapping[str, Any],
        result: DeviceResult,
        health: Health,
        *,
        site: str = "",
    ) -> DeviceSheet:
        """A sheet from a facts record (``collection.parsing.facts``) as stored."""
        return cls(
            key=key,
            hostname=str(facts.get("hostname") or key),
            platform=str(facts.get("platform") or result.platform),
            health=health,
            result=result,
            site=site,
            vendor=facts.get("vendor"),
            model=facts.get("model"),
            os_version=facts.get("os_version"),
            uptime_seconds=facts.get("uptime_seconds"),
            serial=facts.get("serial"),
            cpu_percent=facts.get("cpu_percent"),
            memory_percent=facts.get("memory_percent"),
            psus=tuple(_components(facts.get("psus"))),
            fans=tuple(_components(facts.get("fans"))),
            temperatures=tuple(
                TemperatureReading(str(t.get("sensor") or ""), t.get("celsius"), t.get("status"))
                for t in facts.get("temperatures") or ()
            ),
            interfaces=tuple(_interfaces_with_errors(facts.get("interfaces"))),
        )


def _components(items: Iterable[Mapping[str, Any]] | None) -> Iterable[Component]:
    for item in items or ():
        yield Component(str(item.get("name") or ""), item.get("status"))


def _interfaces_with_errors(
    items: Iterable[Mapping[str, Any]] | None,
) -> Iterable[InterfaceErrors]:
    for item in items or ():
        counters = (item.get("in_errors"), item.get("out_errors"), item.get("crc"))
        if any(isinstance(c, int) and c > 0 for c in counters):
            yield InterfaceErrors(
                name=str(item.get("name") or ""),
                status=item.get("status"),
                description=item.get("description"),
                in_errors=counters[0],
                out_errors=counters[1],
                crc=counters[2],
            )


@dataclass(frozen=True)
class Comparison:
    """This inspection against the previous one, finding by finding (by fingerprint)."""

    previous_date: date | None
    previous_score: float | None
    new: tuple[Finding, ...] = ()
    resolved: tuple[Finding, ...] = ()
    persisting: tuple[Finding, ...] = ()


@dataclass(frozen=True)
class Mark:
    """An expert's decision on one finding: the risk is accepted, or it is not real.

    Marked findings stay in the report, shown apart with the reason, and are not
    counted among the open risks.
    """

    fingerprint: str
    kind: MarkKind
    reason: Text
    by: str = ""


@dataclass(frozen=True)
class InspectionSummary:
    """Everything the inspection report says, in the order the outline needs it.

    ``title`` None means the standard title (巡检报告 / Inspection report).
    ``collection_method`` is a key the report translates (``ssh``, ``upload``,
    ``offline``) or free text shown as given. ``packs`` maps pack name to version;
    ``commands`` lists the commands run (the appendix). ``marks`` maps a finding's
    fingerprint to its mark.
    """

    customer: str
    collected_on: date
    devices: Sequence[DeviceSheet]
    network_health: Health
    title: Text | None = None
    period: str = ""
    version: str = "1.0"
    author: str = "NetCare"
    reviewer: str = "NetCare"
    report_date: date | None = None
    comparison: Comparison | None = None
    packs: Mapping[str, str] = field(default_factory=dict)
    commands: Sequence[str] = ()
    collection_method: str = "ssh"
    marks: Mapping[str, Mark] = field(default_factory=dict)

    @property
    def findings(self) -> list[Finding]:
        return [f for d in self.devices for f in d.result.findings]

    def open_findings(self) -> list[Finding]:
        """Findings not marked as accepted risk or false positive."""
        return [f for f in self.findings if f.fingerprint not in self.marks]


@dataclass(frozen=True)
class Batch:
    """One change batch of the hardening plan, applied in one window."""

    number: int
    title: Text
    window: str | Text  # the agreed window ("2026-12-12 22:00–02:00"), or what it needs
    impact: Text
    steps: Sequence[StepPlan]


@dataclass(frozen=True)
class HardeningSummary:
    """Everything the hardening plan says.

    ``findings`` are the inspection findings the plan addresses; ``references`` the
    vendor guides followed (the rules' ``reference``; derived from the findings when
    empty); ``scripts`` maps device key to its script (built from the steps when
    absent); ``hostnames`` maps device key to hostname for display; ``rule_titles``
    names the rules of steps whose finding is not among ``findings``.
    """

    customer: str
    plan_date: date
    findings: Sequence[Finding]
    batches: Sequence[Batch]
    title: Text | None = None
    period: str = ""
    version: str = "1.0"
    author: str = "NetCare"
    reviewer: str = "NetCare"
    principles: Sequence[Text] = ()
    references: Sequence[str] = ()
    scripts: Mapping[str, str] = field(default_factory=dict)
    hostnames: Mapping[str, str] = field(default_factory=dict)
    rule_titles: Mapping[str, Text] = field(default_factory=dict)

    @property
    def steps(self) -> list[StepPlan]:
        return [s for b in self.batches for s in b.steps]

    def all_references(self) -> list[str]:
        """The references given, else each distinct rule reference of the findings."""
        found = list(self.references) or [f.reference for f in self.findings]
        return list(dict.fromkeys(r.strip() for r in found if r and r.strip()))

    def device_scripts(self) -> dict[str, str]:
        """Device key → the script to enter (``<host>.cfg``), in device order; given
        scripts win over built ones."""
        built = {k: v.remediation for k, v in hardening.scripts(self.steps).items()}
        built.update(self.scripts)
        return {k: v for k, v in built.items() if v.strip()}

    def rollback_scripts(self) -> dict[str, str]:
        """Device key → the rollback (``<host>.rollback.cfg``), last step first."""
        return {
            k: v.rollback for k, v in hardening.scripts(self.steps).items() if v.rollback.strip()
        }


def compare(
    current: Iterable[Finding],
    previous: Iterable[Finding],
    *,
    previous_date: date | None = None,
    previous_score: float | None = None,
) -> Comparison:
    """New, resolved and persisting findings between two inspections (by fingerprint,
    and by rule + device + subject so a changed evidence line still counts as the same
    risk persisting)."""
    now, before = list(current), list(previous)

    def keys(findings: list[Finding]) -> tuple[set[str], set[tuple[str, str, str]]]:
        subjects = {(f.rule_id, f.device, f.subject) for f in findings}
        return {f.fingerprint for f in findings}, subjects

    def seen(f: Finding, index: tuple[set[str], set[tuple[str, str, str]]]) -> bool:
        return f.fingerprint in index[0] or (f.rule_id, f.device, f.subject) in index[1]

    before_index, now_index = keys(before), keys(now)
    return Comparison(
        previous_date=previous_date,
        previous_score=previous_score,
        new=tuple(f for f in now if not seen(f, before_index)),
        persisting=tuple(f for f in now if seen(f, before_index)),
        resolved=tuple(f for f in before if not seen(f, now_index)),
    )


def from_results(
    devices: Sequence[DeviceData],
    results: Sequence[DeviceResult],
    healths: Mapping[str, Health],
    network_health: Health,
    *,
    customer: str,
    collected_on: date | None = None,
    packs: Mapping[str, str] | None = None,
    commands: Sequence[str] = (),
    collection_method: str = "offline",
    sites: Mapping[str, str] | None = None,
    **extra: Any,
) -> InspectionSummary:
    """An :class:`InspectionSummary` from engine results, for the offline CLI.

    ``healths`` maps device key to its health; ``packs`` defaults to the pack versions
    seen on the findings; ``collected_on`` to the latest ``collected_at`` (else today).
    ``extra`` passes the remaining summary fields (title, author, reviewer …).
    """
    by_key = {r.device: r for r in results}
    sheets = []
    for device in devices:
        result = by_key.get(device.key) or DeviceResult(
            device=device.key,
            platform=str(device.facts.get("platform") or ""),
            findings=(),
            passed=(),
            not_assessed=(),
        )
        health = healths.get(device.key) or Health(score=100.0, dimensions={}, deductions=())
        sheets.append(
            DeviceSheet.from_facts(
                device.key, device.facts, result, health, site=(sites or {}).get(device.key, "")
            )
        )
    if packs is None:
        packs = {f.pack: f.pack_version for r in results for f in r.findings}
    if collected_on is None:
        moments: list[datetime] = [d.collected_at for d in devices if d.collected_at]
        collected_on = max(moments).date() if moments else date.today()
    return InspectionSummary(
        customer=customer,
        collected_on=collected_on,
        devices=sheets,
        network_health=network_health,
        packs=dict(sorted(packs.items())),
        commands=list(commands),
        collection_method=collection_method,
        **extra,
    )
