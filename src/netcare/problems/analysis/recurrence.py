"""Problems that come back: closed tickets that share a root cause on one device, a
hardware or software root cause on one model across devices, or a symptom — found over
all the tickets given, across quarters, each with what the expert should recommend.

Three kinds, each a :class:`Recurrence`:

``device``
    two or more closed tickets with the same root cause on the same hostname;
``model``
    the same hardware or software root cause on two or more devices of one model (a
    product-intrinsic cause: a bad batch, a software defect). Configuration or
    environment problems on several devices of a model are not the model's doing;
``symptom``
    two or more closed tickets whose symptom or title is alike: character-bigram
    Jaccard similarity ≥ 0.6 after folding case and stripping punctuation, digits,
    interface names and addresses, so Chinese and English text compare alike (a text
    shorter than three characters after that says too little and is not compared). A
    symptom group already wholly inside a device or model group is not repeated.

Tickets without a root cause ("" — not analysed yet) join symptom groups only.
Ordering is deterministic: by kind, then first occurrence, then key.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, Protocol

from netcare.core.text import Text
from netcare.problems.analysis.stats import DEFAULT_TZ, quarter_of
from netcare.problems.tickets.model import CLOSED_STATUSES

__all__ = [
    "MIN_BIGRAMS",
    "MODEL_CAUSES",
    "RECURRENCE_KINDS",
    "SIMILARITY",
    "Recurrence",
    "RecurrenceTicket",
    "bigrams",
    "find_recurrences",
    "normalise_symptom",
    "similarity",
]

RECURRENCE_KINDS: tuple[str, ...] = ("device", "model", "symptom")
#: Root causes a model can own; others on several devices of a model are coincidence.
MODEL_CAUSES: frozenset[str] = frozenset({"hardware", "software"})
#: Bigram Jaccard similarity at or above which two symptoms are the same problem.
SIMILARITY = 0.6
#: A text with fewer bigrams than this (``告警``, ``down``) says too little to compare.
MIN_BIGRAMS = 2

RecurrenceKind = Literal["device", "model", "symptom"]


class RecurrenceTicket(Protocol):
    """What recurrence detection reads of a ticket (a TicketRecord or a stored row)."""

    @property
    def number(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def symptom(self) -> str: ...
    @property
    def hostname(self) -> str: ...
    @property
    def model(self) -> str: ...
    @property
    def root_cause(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def opened(self) -> datetime: ...


@dataclass(frozen=True)
class Recurrence:
    """A problem that came back.

    ``key`` names it for people: ``ECCB-ZJ-CORE-01 · hardware``, ``S6850-56HF ·
    software``, or the first ticket's symptom. ``tickets`` are ticket numbers, oldest
    first; ``first``/``last`` the opening times of the first and last of them;
    ``quarters`` the quarters they were opened in; ``devices`` the hostnames involved;
    ``root_cause`` the cause they share ("" for a symptom group of mixed causes).
    """

    kind: RecurrenceKind
    key: str
    tickets: tuple[str, ...]
    first: datetime
    last: datetime
    recommendation: Text
    root_cause: str = ""
    quarters: tuple[str, ...] = ()
    devices: tuple[str, ...] = ()


# Interface names with their numbers (H3C/Huawei/Cisco long and short forms), IP and MAC
# addresses: they differ between occurrences of one problem, so they must not count.
_INTERFACE = re.compile(
    r"(?<![a-z])(?:ten-?gigabitethernet|gigabitethernet|fortygige|hundredgige|twentyfivegige|"
    r"xgigabitethernet|ethernet|eth-trunk|port-channel|bridge-aggregation|vlan-?interface|"
    r"vlanif|loopback|tunnel|serial|mgmt|meth|xge|fge|hge|wge|\d+ge|bagg|ge|gi|te|fo|hu|"
    r"tw|et|po|eth|vlan)\s*\d+(?:\s*[/:.]\s*\d+)*",
)
_ADDRESS = re.compile(
    r"\d{1,3}(?:\.\d{1,3}){3}(?:/\d{1,2})?|[0-9a-f]{4}(?:[-.:][0-9a-f]{4}){2}"
    r"|(?:[0-9a-f]{2}[:-]){5}[0-9a-f]{2}|[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}"
)
_KEEP = re.compile(r"[^a-z\u3400-\u9fff]+")


def normalise_symptom(text: str) -> str:
    """``text`` folded for comparison: NFKC, case-blind, without interface names,
    addresses, digits, punctuation or spaces (``GE1/0/1 光模块收光低！`` → ``光模块收光低``)."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    folded = _ADDRESS.sub(" ", folded)
    folded = _INTERFACE.sub(" ", folded)
    return _KEEP.sub("", folded)


def bigrams(text: str) -> frozenset[str]:
    """The character bigrams of :func:`normalise_symptom` of ``text`` (a one-character
    text is its own bigram, so it still compares)."""
    folded = normalise_symptom(text)
    if len(folded) < 2:
        return frozenset({folded}) if folded else frozenset()
    return frozenset(folded[i : i + 2] for i in range(len(folded) - 1))


def similarity(a: str, b: str) -> float:
    """Jaccard similarity of the bigrams of two symptoms (0 when either is empty)."""
    left, right = bigrams(a), bigrams(b)
    if not left or not right:
        return 0.0
    return len(left & right) / len(left | right)


_CAUSE_ZH = {
    "hardware": "硬件",
    "software": "软件",
    "configuration": "配置",
    "operation": "操作",
    "environment": "环境",
    "third_party": "第三方",
    "unknown": "原因不明的",
}
_CAUSE_EN = {
    "hardware": "hardware",
    "software": "software",
    "configuration": "configuration",
    "operation": "operation",
    "environment": "environment",
    "third_party": "third-party",
    "unknown": "unexplained",
}

#: What to do about a recurring cause — the second half of every recommendation.
ACTIONS: dict[str, Text] = {
    "hardware": Text(
        "检查并更换故障部件（风扇、电源模块、板卡或光模块），核查机房温度、湿度、供电与防尘"
        "环境；若再次发生，评估整机更换。",
        "inspect and replace the failing part (fan, power module, card or transceiver), "
        "check the room's temperature, humidity, power and dust, and assess replacing the "
        "chassis if it fails again.",
    ),
    "software": Text(
        "评估当前软件版本，对照已知问题和技术公告确认缺陷，制定计划升级到已修复该问题的推荐"
        "版本；升级前收集诊断信息，升级期间安排变更保障。",
        "assess the running software version against known bugs and bulletins, and plan the "
        "upgrade to the recommended release that fixes the defect; collect diagnostics "
        "first and arrange change assurance for the upgrade.",
    ),
    "configuration": Text(
        "规范变更流程（方案评审、配置核查、变更后验证），将相关配置纳入网络加固方案，并在"
        "巡检中持续检查。",
        "standardise the change procedure (plan review, configuration check, verification "
        "after the change), bring the configuration into the hardening plan and check it "
        "at every inspection.",
    ),
    "operation": Text(
        "规范操作流程，重要操作执行双人复核，启用命令授权与操作审计（AAA），并加强运维人员培训。",
        "standardise the operating procedure with a second person checking critical steps, "
        "enable command authorisation and accounting (AAA), and train the operations staff.",
    ),
    "environment": Text(
        "检查机房供电、温湿度、接地与线缆布放，整改环境隐患，并将环境检查纳入日常维护。",
        "check the room's power feed, temperature and humidity, grounding and cabling, fix "
        "what is found, and add these checks to daily maintenance.",
    ),
    "third_party": Text(
        "与第三方（运营商、外部系统厂家）联合排查，建立联合处理机制并推动对方整改，同时评估"
        "链路或系统冗余。",
        "troubleshoot jointly with the third party (carrier, external system vendor), agree "
        "a joint handling procedure and follow up its fix, and assess link or system "
        "redundancy.",
    ),
    "unknown": Text(
        "根因尚未明确：再次发生时第一时间收集诊断信息（日志、告警、诊断输出），必要时升级"
        "总部专家分析。",
        "the root cause is still unknown: collect diagnostics (logs, alarms, diagnostic "
        "output) the moment it recurs, and escalate to HQ experts if needed.",
    ),
    "": Text(
        "复盘历次根因与处理措施，确认整改措施已在所有相关设备落实，并将处置步骤写入日常维护指导。",
        "review each occurrence's root cause and fix, make sure the remedy is in place on "
        "every device concerned, and add the handling steps to the daily maintenance guide.",
    ),
}
_MODEL_ACTIONS: dict[str, Text] = {
    "hardware": Text(
        "核查故障部件是否属同一批次，向厂商确认是否有相关硬件公告，检查运行环境并备足备件。",
        "check whether the failed parts come from one batch, ask the vendor for any related "
        "hardware notice, check the operating environment and keep enough spares.",
    ),
    "software": ACTIONS["software"],
}


def _quarters_text(quarters: Sequence[str], joiner: str) -> str:
    return joiner.join(quarters)


def _recommend(
    kind: RecurrenceKind, key_name: str, cause: str, count: int, devices: int, quarters: list[str]
) -> Text:
    zh_q, en_q = _quarters_text(quarters, "、"), _quarters_text(quarters, ", ")
    if kind == "device":
        lead = Text(
            f"设备 {key_name} 在 {zh_q} 发生 {count} 次{_CAUSE_ZH[cause]}问题，建议",
            f"{key_name} had {count} {_CAUSE_EN[cause]} problems in {en_q}: ",
        )
        action = ACTIONS[cause]
    elif kind == "model":
        lead = Text(
            f"型号 {key_name} 的 {devices} 台设备在 {zh_q} 发生 {count} 次{_CAUSE_ZH[cause]}"
            "问题，建议",
            f"{devices} devices of model {key_name} had {count} {_CAUSE_EN[cause]} problems "
            f"in {en_q}: ",
        )
        action = _MODEL_ACTIONS[cause]
    else:
        lead = Text(
            f"相同现象「{key_name}」在 {zh_q} 出现 {count} 次，建议",
            f"The same symptom ({key_name}) occurred {count} times in {en_q}: ",
        )
        action = ACTIONS.get(cause, ACTIONS[""])
    return Text(lead.zh + action.zh, lead.en + action.en)


def _order(ticket: RecurrenceTicket) -> tuple[datetime, str]:
    return (ticket.opened, ticket.number)


def _build(
    kind: RecurrenceKind,
    key_name: str,
    cause: str,
    members: list[RecurrenceTicket],
    tz: str,
) -> Recurrence:
    members = sorted(members, key=_order)
    quarters = sorted({quarter_of(t.opened, tz) for t in members})
    devices = sorted({t.hostname.strip() for t in members if t.hostname.strip()})
    key = key_name if kind == "symptom" else f"{key_name} · {cause}"
    return Recurrence(
        kind=kind,
        key=key,
        tickets=tuple(t.number for t in members),
        first=members[0].opened,
        last=members[-1].opened,
        recommendation=_recommend(kind, key_name, cause, len(members), len(devices), quarters),
        root_cause=cause,
        quarters=tuple(quarters),
        devices=tuple(devices),
    )


def _by_cause(
    tickets: Sequence[RecurrenceTicket], attribute: str, causes: Iterable[str] | None
) -> dict[tuple[str, str], list[RecurrenceTicket]]:
    allowed = set(causes) if causes is not None else None
    groups: dict[tuple[str, str], list[RecurrenceTicket]] = defaultdict(list)
    for ticket in tickets:
        name = (getattr(ticket, attribute) or "").strip()
        cause = ticket.root_cause or ""
        if name and cause and (allowed is None or cause in allowed):
            groups[(name.casefold(), cause)].append(ticket)
    return groups


def _symptom_text(ticket: RecurrenceTicket) -> str:
    text = (ticket.symptom or "").strip() or (ticket.title or "").strip()
    line = text.split("\n", 1)[0].strip()
    return line if len(line) <= 60 else line[:59] + "…"


def _symptom_groups(
    tickets: Sequence[RecurrenceTicket], threshold: float
) -> list[list[RecurrenceTicket]]:
    """Leader clustering: each ticket (oldest first) joins the first group whose first
    ticket it resembles by symptom or by title, else starts a group. Comparing with the
    leader only keeps A~B, B~C from chaining unrelated A and C together."""
    groups: list[tuple[frozenset[str], frozenset[str], list[RecurrenceTicket]]] = []
    index: dict[str, set[int]] = defaultdict(set)  # bigram → groups whose leader has it
    for ticket in sorted(tickets, key=_order):
        symptom, title = _comparable(ticket.symptom), _comparable(ticket.title)
        candidates = sorted(set().union(*(index[g] for g in symptom | title)))
        for number in candidates:
            lead_symptom, lead_title, members = groups[number]
            if _jaccard(symptom, lead_symptom) >= threshold or (
                _jaccard(title, lead_title) >= threshold
            ):
                members.append(ticket)
                break
        else:
            groups.append((symptom, title, [ticket]))
            for gram in symptom | title:
                index[gram].add(len(groups) - 1)
    return [members for _, _, members in groups if len(members) >= 2]


def _comparable(text: str | None) -> frozenset[str]:
    grams = bigrams(text or "")
    return grams if len(grams) >= MIN_BIGRAMS else frozenset()


def _jaccard(left: frozenset[str], right: frozenset[str]) -> float:
    if not left or not right:
        return 0.0
    return len(left & right) / len(left | right)


def find_recurrences(
    tickets: Iterable[RecurrenceTicket],
    tz: str = DEFAULT_TZ,
    threshold: float = SIMILARITY,
) -> list[Recurrence]:
    """The recurrences among the closed (resolved or closed) ``tickets``; see the module
    docstring for the three kinds. Quarters are read in ``tz``."""
    closed = sorted((t for t in tickets if t.status in CLOSED_STATUSES), key=_order)
    found: list[Recurrence] = []
    for (_, cause), members in _by_cause(closed, "hostname", None).items():
        if len(members) >= 2:
            found.append(_build("device", members[0].hostname.strip(), cause, members, tz))
    for (_, cause), members in _by_cause(closed, "model", MODEL_CAUSES).items():
        hosts = {t.hostname.strip().casefold() for t in members if t.hostname.strip()}
        if len(members) >= 2 and len(hosts) >= 2:
            found.append(_build("model", members[0].model.strip(), cause, members, tz))
    covered = [set(r.tickets) for r in found]
    for members in _symptom_groups(closed, threshold):
        numbers = {t.number for t in members}
        if any(numbers <= group for group in covered):
            continue
        causes = {t.root_cause for t in members}
        cause = causes.pop() if len(causes) == 1 else ""
        found.append(_build("symptom", _symptom_text(members[0]), cause, members, tz))
    kinds = {kind: i for i, kind in enumerate(RECURRENCE_KINDS)}
    return sorted(found, key=lambda r: (kinds[r.kind], r.first, r.key, r.tickets))
