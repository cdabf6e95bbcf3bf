"""What the assessment report and the workshop minutes say, as plain records.

``services.records`` fills these from the database; ``reports`` writes them as documents.
No Django here, so a test or a benchmark can build a report from hand-made records.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from netcare.core.text import Text

AREAS = ("architecture", "capacity", "availability", "security", "operability")
AREA_NAMES: Mapping[str, Text] = {
    "architecture": Text("架构", "Architecture"),
    "capacity": Text("容量", "Capacity"),
    "availability": Text("可用性", "Availability"),
    "security": Text("安全", "Security"),
    "operability": Text("可运维性", "Operability"),
}
SEVERITIES = ("high", "medium", "low", "info")
SEVERITY_NAMES: Mapping[str, Text] = {
    "high": Text("高", "High"),
    "medium": Text("中", "Medium"),
    "low": Text("低", "Low"),
    "info": Text("提示", "Info"),
}
PROPOSAL_KINDS: Mapping[str, Text] = {
    "change": Text("变更方案", "change"),
    "expansion": Text("扩容方案", "expansion"),
    "redesign": Text("改造方案", "redesign"),
}
SPECIALITIES: Mapping[str, Text] = {
    "l2_expert": Text("专属L2专家", "Dedicated L2 expert"),
    "product_support": Text("产品技术支持专家", "Product support expert"),
    "industry": Text("行业专家", "Industry expert"),
    "rnd": Text("研发", "R&D"),
    "field_engineer": Text("一线工程师", "Field engineer"),
    "asm": Text("大客户经理", "Key account manager"),
}
SIDES: Mapping[str, Text] = {"vendor": Text("厂商", "Vendor"), "customer": Text("客户", "Customer")}
ASSESSMENT_TITLE = Text("技术方案评估报告", "Technical proposal assessment report")
MINUTES_TITLE = Text("研讨会纪要", "Technology workshop minutes")


@dataclass(frozen=True)
class Person:
    name: str
    speciality: str


@dataclass(frozen=True)
class FindingRow:
    area: str
    severity: str
    finding: str
    risk: str
    recommendation: str
    author: str


@dataclass(frozen=True)
class AssessmentRecord:
    """Everything the technical proposal assessment report says."""

    customer: Text
    title: str
    proposal_kind: str
    context: str
    file_name: str
    submitted: datetime
    summary: str
    conclusion: str
    reviewers: Sequence[Person]
    findings: Sequence[FindingRow]
    author: str
    reviewer: str
    day: date
    version: str = "1.0"

    def by_area(self) -> list[tuple[str, list[FindingRow]]]:
        """Findings grouped by area in the fixed order of the outline (empty areas too)."""
        return [(area, [f for f in self.findings if f.area == area]) for area in AREAS]

    def severity_counts(self) -> dict[str, int]:
        return {s: sum(f.severity == s for f in self.findings) for s in SEVERITIES}

    def risks(self) -> list[FindingRow]:
        """Findings that carry a stated risk, the most severe first."""
        rank = {s: i for i, s in enumerate(SEVERITIES)}
        carrying = [f for f in self.findings if f.risk.strip()]
        return sorted(carrying, key=lambda f: (rank.get(f.severity, 99), AREAS.index(f.area)))


@dataclass(frozen=True)
class Attendee:
    side: str
    name: str
    title: str


@dataclass(frozen=True)
class FollowUpRow:
    text: str
    owner: str
    due: date
    done: bool


@dataclass(frozen=True)
class MinutesRecord:
    """Everything the workshop minutes say."""

    customer: Text
    topic: str
    description: str
    starts: datetime | None
    ends: datetime | None
    place: str
    online_link: str
    organiser: str
    experts: Sequence[Person]
    attendees: Sequence[Attendee]
    minutes: str
    follow_ups: Sequence[FollowUpRow]
    author: str
    reviewer: str
    day: date
    version: str = "1.0"
    zone: str = field(default="")
