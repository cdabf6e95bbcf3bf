"""What the problem-management report (问题管理报告) and the daily progress report
(问题处理日报) are written from.

The report builders (``netcare.problems.reports``) read only these records, so the app
(which fills them from imported tickets, their root causes and escalations) and a test
or the offline CLI (which builds them by hand) get the same documents. Plain dataclasses,
no Django import.

Texts a customer reads come as :class:`Text` (zh + en). A :data:`Wording` is text that
may come in both languages or as one string written once (a ticket's title and progress
notes as the support system holds them, an expert's advice typed in the customer's
language): a string is shown as given in every language. Ticket numbers, hostnames,
models and people's names are plain strings. Datetimes are timezone-aware and are shown
as their own wall-clock time, so a builder passes them in the customer's time zone.

The vocabulary (severities, statuses, root causes) is the ticket engine's; the words
each key is written with in zh and en live here, in one place for both documents.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TypeAlias

from netcare.core.text import Text

__all__ = [
    "CLOSED_STATUSES",
    "OPEN_STATUSES",
    "RECURRENCE_KINDS",
    "RECURRENCE_KIND_NAMES",
    "ROOT_CAUSES",
    "ROOT_CAUSE_ADVICE",
    "ROOT_CAUSE_NAMES",
    "SEVERITIES",
    "SEVERITY_NAMES",
    "STATUSES",
    "STATUS_NAMES",
    "Contact",
    "DailyReport",
    "DataSource",
    "EscalationRow",
    "NextStep",
    "ProblemReview",
    "ProgressEntry",
    "RecurrenceRow",
    "ScopeNote",
    "StatsBlock",
    "TicketRow",
    "Wording",
    "derive_advice",
    "say",
]

#: A calendar date (a name a field called ``date`` does not hide).
Day: TypeAlias = date

Wording: TypeAlias = Text | str
"""Text in both languages, or one string shown as written in every language."""

#: Ticket severities, most severe first.
SEVERITIES: tuple[str, ...] = ("critical", "major", "minor", "info")
#: Ticket statuses in the order a ticket passes through them.
STATUSES: tuple[str, ...] = ("open", "in_progress", "waiting", "resolved", "closed")
#: Statuses of a ticket still being worked on (the review's "open tickets").
OPEN_STATUSES: tuple[str, ...] = ("open", "in_progress", "waiting")
#: Statuses of a ticket whose fault is fixed: resolved (waiting for the customer's
#: confirmation) counts as done for the review, like closed.
CLOSED_STATUSES: tuple[str, ...] = ("resolved", "closed")
#: Root-cause categories; ``unknown`` is a cause the expert could not establish.
ROOT_CAUSES: tuple[str, ...] = (
    "hardware",
    "software",
    "configuration",
    "operation",
    "environment",
    "third_party",
    "unknown",
)
#: What a recurrence groups tickets by: the same device, the same model, the same symptom.
RECURRENCE_KINDS: tuple[str, ...] = ("device", "model", "symptom")

SEVERITY_NAMES: Mapping[str, Text] = {
    "critical": Text("紧急", "Critical"),
    "major": Text("严重", "Major"),
    "minor": Text("一般", "Minor"),
    "info": Text("提示", "Info"),
}
STATUS_NAMES: Mapping[str, Text] = {
    "open": Text("待处理", "Open"),
    "in_progress": Text("处理中", "In progress"),
    "waiting": Text("等待中", "Waiting"),
    "resolved": Text("已解决", "Resolved"),
    "closed": Text("已关闭", "Closed"),
}
ROOT_CAUSE_NAMES: Mapping[str, Text] = {
    "hardware": Text("硬件故障", "Hardware fault"),
    "software": Text("软件缺陷", "Software defect"),
    "configuration": Text("配置错误", "Configuration error"),
    "operation": Text("操作失误", "Operational error"),
    "environment": Text("环境与电源", "Environment and power"),
    "third_party": Text("第三方", "Third party"),
    "unknown": Text("原因不明", "Cause unknown"),
}
RECURRENCE_KIND_NAMES: Mapping[str, Text] = {
    "device": Text("同一设备", "Same device"),
    "model": Text("同一型号", "Same model"),
    "symptom": Text("同类现象", "Same symptom"),
}
#: The standing advice for each root cause, which the maintenance advice states for every
#: cause found this quarter (after the recurrences' own recommendations).
ROOT_CAUSE_ADVICE: Mapping[str, Text] = {
    "hardware": Text(
        "对同型号设备的风扇、电源、板卡等易损部件开展专项巡检，关注温度与硬件告警，"
        "并确认关键备件在本地库存中可用。",
        "Inspect the fans, power supplies and cards of the same models, watch temperature "
        "and hardware alarms, and make sure the key spare parts are in the local stock.",
    ),
    "software": Text(
        "将涉及软件缺陷的设备纳入版本评估，按推荐版本制定升级计划；升级前按已知问题的规避措施处理。",
        "Take the devices hit by software defects into the version assessment and plan "
        "their upgrade to the recommended release; until then, apply the known issues' "
        "workarounds.",
    ),
    "configuration": Text(
        "对照网络加固方案与配置规范检查同类配置，变更前执行方案评审与配置比对。",
        "Check similar configurations against the hardening plan and the configuration "
        "standard, and review and diff every change plan before it is applied.",
    ),
    "operation": Text(
        "完善操作规程与变更检查单，高风险操作申请变更保障并安排双人复核。",
        "Improve the operating procedures and change checklists; ask for change assurance "
        "and a second pair of eyes on high-risk operations.",
    ),
    "environment": Text(
        "检查机房供电、接地、温湿度与 UPS 状态，并将电源与环境告警接入监控。",
        "Check the machine room's power, grounding, temperature, humidity and UPS, and feed "
        "power and environment alarms into monitoring.",
    ),
    "third_party": Text(
        "与第三方设备或线路的提供方建立联合排障机制，明确接口责任与联系人。",
        "Agree a joint troubleshooting procedure with the third-party equipment or line "
        "provider, naming the interface responsibilities and contacts.",
    ),
    "unknown": Text(
        "原因未能确定的问题：在同类设备上开启诊断信息与日志的长期保存，问题再现时第一时间采集。",
        "For problems whose cause could not be found, keep diagnostic information and logs "
        "on the devices of the same kind, and collect them at once if the problem returns.",
    ),
}


def say(wording: Wording, language: str) -> str:
    """A :data:`Wording` in ``language`` ("zh" or "en"); a plain string as given."""
    return wording.pick(language) if isinstance(wording, Text) else wording


def _quarter_of(day: date) -> str:
    """The calendar quarter of a day, as the review names it: "2026Q3"."""
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


@dataclass(frozen=True)
class DataSource:
    """Where the review's facts come from (appendix): an imported ticket file, the
    support system's API, the expert's root-cause records. ``as_of`` is the date of the
    data (file imported, API read); ``records`` how many it gave, when known."""

    name: str
    description: Wording = ""
    as_of: date | None = None
    records: int | None = None


@dataclass(frozen=True)
class TicketRow:
    """One ticket as both documents show it.

    ``severity``, ``status`` and ``root_cause`` are keys of :data:`SEVERITIES`,
    :data:`STATUSES` and :data:`ROOT_CAUSES` (an unknown key is shown as given;
    ``root_cause`` empty: not determined yet). ``product`` is the product line
    (CE12800), ``model`` the device model (CE12808), ``category`` the symptom category
    the ticket was filed under, shown as given. ``hours_to_resolve`` is the time from
    ``opened`` to resolution (None while open). ``root_cause_text`` says the cause in
    words, ``advice`` what to do so it does not return. ``latest_progress`` and
    ``next_step`` are for open tickets; ``links`` name the findings, advisories or
    hardening plans the ticket relates to (HP-2026-031, CVE-…).
    """

    number: str
    title: Wording
    severity: str
    status: str
    product: str
    model: str
    hostname: str
    category: str
    opened: datetime
    closed: datetime | None = None
    hours_to_resolve: float | None = None
    root_cause: str = ""
    root_cause_text: Wording = ""
    advice: Wording = ""
    owner: str = ""
    important: bool = False
    escalated: bool = False
    latest_progress: Wording = ""
    next_step: Wording = ""
    links: Sequence[str] = ()

    @property
    def is_open(self) -> bool:
        """Still being worked on (open, in progress or waiting)."""
        return self.status in OPEN_STATUSES


def _counts(keys: Sequence[str]) -> dict[str, int]:
    """Counts of each key, most frequent first (ties by key), blanks left out."""
    counter = Counter(k for k in keys if k)
    return dict(sorted(counter.items(), key=lambda item: (-item[1], item[0])))


@dataclass(frozen=True)
class StatsBlock:
    """A set of tickets in numbers: how many, by severity, product, category, root cause
    and status, and how long the resolved ones took — as ``problems.analysis.stats``
    computes them; this record only carries them to the report.

    Count dicts map a vocabulary key (or a product / category as written) to a count;
    zeros may be left out or given. ``by_root_cause`` counts only tickets whose cause is
    established (the report shows the rest of ``total`` as "not determined yet").
    ``resolve_hours_*`` are over the ``resolved`` tickets (None when there are none), the
    90th percentile interpolated between ranks as Excel's PERCENTILE.INC.
    ``median_by_severity`` holds the severities with at least one resolved ticket.
    """

    total: int
    by_severity: Mapping[str, int] = field(default_factory=dict)
    by_product: Mapping[str, int] = field(default_factory=dict)
    by_category: Mapping[str, int] = field(default_factory=dict)
    by_root_cause: Mapping[str, int] = field(default_factory=dict)
    by_status: Mapping[str, int] = field(default_factory=dict)
    resolved: int = 0
    resolve_hours_median: float | None = None
    resolve_hours_p90: float | None = None
    resolve_hours_mean: float | None = None
    median_by_severity: Mapping[str, float] = field(default_factory=dict)

    @property
    def undetermined(self) -> int:
        """Tickets whose root cause is not established yet."""
        return max(0, self.total - sum(self.by_root_cause.values()))


@dataclass(frozen=True)
class RecurrenceRow:
    """A problem that came back: ``kind`` one of :data:`RECURRENCE_KINDS`, ``key`` what
    the tickets share (a hostname, a model, a symptom in words), the ticket numbers, the
    first and last time it happened, the cause they have in common and what to do."""

    kind: str
    key: str
    tickets: Sequence[str]
    first: datetime | date
    last: datetime | date
    recommendation: Text
    common_cause: Wording = ""


@dataclass(frozen=True)
class EscalationRow:
    """An important ticket escalated to headquarters: the resources engaged (product
    support experts, R&D) in words, when, where it stands and how many daily progress
    reports have gone to the customer so far."""

    ticket: str
    title: Wording
    resources: Wording
    escalated_at: datetime
    status: str
    daily_reports: int = 0


@dataclass(frozen=True)
class ScopeNote:
    """A change of the review's scope or cadence agreed with the customer: what changed,
    who agreed to it on the customer's side and when."""

    what: Wording
    agreed_by: str
    agreed_on: date


@dataclass(frozen=True)
class ProblemReview:
    """Everything the quarterly problem-management report (问题管理报告) says.

    ``quarter`` names the period ("2026Q3"), ``period_start``/``period_end`` its first
    and last day (a scope change may move them). ``stats`` are this quarter's tickets in
    numbers; ``trend`` holds earlier quarters' numbers, oldest first (this quarter, if
    given too, is replaced by ``stats``). ``closed`` are the tickets resolved or closed
    in the period, ``open`` those still open at its end, including tickets opened in an
    earlier quarter (the report flags them as carried over). Escalations are the
    important tickets escalated to headquarters. ``advice`` empty: the report states
    :func:`derive_advice` of the recurrences and the closed tickets' root causes.
    ``reviewer`` empty means the author reviewed it.
    """

    customer_code: str
    customer_name: str
    quarter: str
    period_start: date
    period_end: date
    author: str
    reviewer: str
    generated: date
    stats: StatsBlock
    closed: Sequence[TicketRow] = ()
    open: Sequence[TicketRow] = ()
    scope: ScopeNote | None = None
    trend: Sequence[tuple[str, StatsBlock]] = ()
    escalations: Sequence[EscalationRow] = ()
    recurrences: Sequence[RecurrenceRow] = ()
    advice: Sequence[Wording] = ()
    sources: Sequence[DataSource] = ()
    title: Text | None = None
    version: str = "1.0"

    def carried_from(self, ticket: TicketRow) -> str | None:
        """The quarter an open ticket was carried over from, or None if opened in this
        period."""
        opened = ticket.opened.date()
        return _quarter_of(opened) if opened < self.period_start else None

    @property
    def important(self) -> list[TicketRow]:
        """The important tickets of the period, open ones first, then by number."""
        rows = [t for t in (*self.open, *self.closed) if t.important or t.escalated]
        return sorted(rows, key=lambda t: (not t.is_open, t.number))


def derive_advice(recurrences: Sequence[RecurrenceRow], tickets: Sequence[TicketRow]) -> list[Text]:
    """Maintenance advice to prevent recurrence: each recurrence's recommendation (named
    by what recurs), then the standing advice of every root cause among ``tickets``,
    the most frequent cause first."""
    advice = [
        Text(f"{r.key}：{r.recommendation.zh}", f"{r.key}: {r.recommendation.en}")
        for r in recurrences
    ]
    causes = _counts([t.root_cause for t in tickets])
    for cause, n in causes.items():
        standing = ROOT_CAUSE_ADVICE.get(cause)
        if standing is None:
            continue
        name = ROOT_CAUSE_NAMES[cause]
        advice.append(
            Text(
                f"{name.zh}（{n} 单）：{standing.zh}",
                f"{name.en} ({n} {'ticket' if n == 1 else 'tickets'}): {standing.en}",
            )
        )
    return advice


# --- the daily progress report ---------------------------------------------------------


@dataclass(frozen=True)
class ProgressEntry:
    """One thing that happened on the ticket since the last report: when, who, what."""

    at: datetime
    author: str
    text: Wording


@dataclass(frozen=True)
class NextStep:
    """One next step, who does it and by when (None: no set time)."""

    action: Wording
    owner: str
    due: datetime | date | None = None


@dataclass(frozen=True)
class Contact:
    """Whom the customer calls or writes to with a question about the ticket."""

    name: str
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class DailyReport:
    """Everything a daily progress report (问题处理日报) on an important ticket says.

    ``date`` is the day the report is for; ``number`` counts the reports sent on this
    ticket so far, this one included. ``progress`` is what happened since the last
    report, ``status`` where the ticket stands now in words, ``resources`` the
    headquarters experts and R&D engaged, each in words. ``reviewer`` empty means the
    author reviewed it.
    """

    customer_code: str
    customer_name: str
    date: Day
    ticket: TicketRow
    impact: Wording
    status: Wording
    contact: Contact
    author: str
    progress: Sequence[ProgressEntry] = ()
    next_steps: Sequence[NextStep] = ()
    expected_resolution: Wording = ""
    resources: Sequence[Wording] = ()
    number: int = 1
    reviewer: str = ""
    title: Text | None = None
    version: str = "1.0"
