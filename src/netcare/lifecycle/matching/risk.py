"""The risk coefficient (风险系数) of a device: 0–100 from its applicable advisories,
known exploitation, end-of-support dates and distance behind its target release.

Built to be explained line by line to a customer: the score is a plain sum of
:class:`RiskPoint` s, each naming the advisory or lifecycle fact it comes from with the
arithmetic in words, and the sum is capped at 100 by one last negative ``cap`` point —
so the points always add up to the value (to the hundredth). docs/risk-score.md gives
every weight with the reasoning behind it; the constants below are the same numbers.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from netcare.core.text import Text
from netcare.lifecycle.advisories.model import Advisory
from netcare.lifecycle.matching.model import DeviceRecord, Exposure, ExposureStatus, Reason

__all__ = [
    "BUG_WEIGHT",
    "BULLETIN_POINTS",
    "CAP",
    "EOS_PAST_POINTS",
    "LEVELS",
    "SEVERITY_SCORE",
    "LifecycleFacts",
    "RiskPoint",
    "RiskScore",
    "level_of",
    "score_device",
    "score_version",
    "severity_points",
]

#: The ceiling of the coefficient.
CAP = 100.0

#: Lower bounds of the levels, highest first: critical ≥ 70, high ≥ 40, medium ≥ 15.
LEVELS: tuple[tuple[float, str], ...] = (
    (70.0, "critical"),
    (40.0, "high"),
    (15.0, "medium"),
    (0.0, "low"),
)

#: The score counted for an advisory without a CVSS score, by its severity (the middle
#: of the CVSS band; ``unknown`` counts as medium: an unrated advisory is not free).
SEVERITY_SCORE: dict[str, float] = {
    "critical": 9.5,
    "high": 7.5,
    "medium": 5.0,
    "low": 2.5,
    "none": 0.0,
    "unknown": 5.0,
}

#: Full points of one vulnerability with CVSS 10; the curve is quadratic, so one
#: critical weighs as much as ~4 mediums (30 × (s/10)²: 9.8 → 28.8, 7.5 → 16.9, 5 → 7.5).
SEVERITY_TOP = 30.0

#: Weight of a status: vulnerable counts fully, potentially vulnerable (its trigger
#: feature unknown) by half. Unknown and not vulnerable count nothing (the assessment
#: lists the unknown ones beside the score).
STATUS_WEIGHT: dict[ExposureStatus, float] = {
    ExposureStatus.VULNERABLE: 1.0,
    ExposureStatus.POTENTIALLY_VULNERABLE: 0.5,
}

#: Exploitation: known exploited (CISA KEV, or the CISA ADP "active") ×3; a public proof
#: of concept (ADP "poc") ×1.5; otherwise × (1 + EPSS). EPSS is skipped once exploitation
#: is known — it is the probability of what has already happened. Never above ×3.
KNOWN_EXPLOITED = 3.0
PROOF_OF_CONCEPT = 1.5

#: A known bug counts 0.6 of a vulnerability of the same severity (no attacker needed,
#: but no attacker aiming either), × how sure its trigger is: in use 1.0, the bug states
#: no trigger 0.75, trigger unknown 0.5 (the potentially-vulnerable weight).
BUG_WEIGHT = 0.6
BUG_NO_TRIGGER = 0.75

#: Points of a technical bulletin, field notice or end-of-life notice, by severity.
BULLETIN_POINTS: dict[str, float] = {
    "critical": 8.0,
    "high": 5.0,
    "medium": 3.0,
    "low": 1.0,
    "none": 0.0,
    "unknown": 3.0,
}

#: Past end of support: no more fixes. Within 12 months: 5 rising to 15 on the day.
EOS_PAST_POINTS = 20.0
EOS_SOON_MIN = 5.0
EOS_SOON_SPAN = 10.0
EOS_HORIZON_DAYS = 365
#: Past end of sale (support still running): a replacement should be planned.
EOSALE_POINTS = 3.0
#: Per release behind the target, up to five releases.
BEHIND_POINTS = 2.0
BEHIND_MAX = 10.0

_BULLETIN_KINDS = ("bulletin", "field_notice", "eol")


@dataclass(frozen=True)
class LifecycleFacts:
    """What the release catalog and the target rules say about a device's release."""

    end_of_sale: date | None = None
    end_of_support: date | None = None
    target: str | None = None
    releases_behind: int | None = None


@dataclass(frozen=True)
class RiskPoint:
    """Points for one reason: ``factor`` is ``vulnerability``, ``bug``, ``bulletin``,
    ``end_of_support``, ``end_of_sale``, ``releases_behind`` or ``cap``; ``advisory`` the
    advisory key for the first three, else None; ``why`` the arithmetic in words."""

    factor: str
    advisory: str | None
    points: float
    why: Text


@dataclass(frozen=True)
class RiskScore:
    """A device's coefficient: ``value`` (0–100) is the sum of ``points``, its level by
    :data:`LEVELS`."""

    value: float
    level: str
    points: tuple[RiskPoint, ...]

    @property
    def uncapped(self) -> float:
        """The sum before the cap (ranks devices that all reach 100)."""
        return round(math.fsum(p.points for p in self.points if p.factor != "cap"), 2)


def level_of(value: float) -> str:
    """``low`` < 15 ≤ ``medium`` < 40 ≤ ``high`` < 70 ≤ ``critical``."""
    for floor, name in LEVELS:
        if value >= floor:
            return name
    return "low"


def score_version(scores: Iterable[RiskScore]) -> float:
    """The coefficient of a (platform, version): the highest of its devices — a version
    is as risky as its most exposed device (one device with the trigger feature in use
    makes the upgrade urgent, however many others do not use it). 0 with no devices."""
    return max((s.value for s in scores), default=0.0)


def severity_points(advisory: Advisory) -> tuple[float, float, Text]:
    """(score counted, full points, the score in words) of an advisory."""
    if advisory.cvss_score is not None:
        score = max(0.0, min(10.0, float(advisory.cvss_score)))
        said = Text(f"CVSS {score:.1f}", f"CVSS {score:.1f}")
    else:
        sev = advisory.severity if advisory.severity in SEVERITY_SCORE else "unknown"
        score = SEVERITY_SCORE[sev]
        said = Text(
            f"严重性 {sev}（按 {score:.1f} 计）", f"severity {sev} (counted as {score:.1f})"
        )
    return score, SEVERITY_TOP * (score / 10.0) ** 2, said


def _cents(x: float) -> int:
    return round(x * 100)


def _fmt(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".")


@dataclass
class _Term:
    factor: str
    advisory: str | None
    cents: int
    zh: str
    en: str
    cves: tuple[str, ...] = ()


def _formula(base: float, steps: list[tuple[float, str, str]]) -> tuple[float, str, str]:
    value = base
    zh, en = [f"{_fmt(base)}"], [f"{_fmt(base)}"]
    for factor, label_zh, label_en in steps:
        value *= factor
        zh.append(f"× {_fmt(factor)}（{label_zh}）")
        en.append(f"× {_fmt(factor)} ({label_en})")
    return value, " ".join(zh), " ".join(en)


def _exploitation(advisory: Advisory) -> list[tuple[float, str, str]]:
    x = advisory.exploitation
    adp = x.adp_exploitation.strip().lower()
    if x.known_exploited or adp == "active":
        source = "CISA KEV" if x.known_exploited else "CISA ADP: active"
        if x.known_exploited and x.source:
            source = x.source
        extra = "，用于勒索软件" if x.ransomware else ""
        extra_en = ", used in ransomware" if x.ransomware else ""
        return [
            (
                KNOWN_EXPLOITED,
                f"已知被利用：{source}{extra}",
                f"known exploited: {source}{extra_en}",
            )
        ]
    steps: list[tuple[float, str, str]] = []
    if adp == "poc":
        steps.append(
            (
                PROOF_OF_CONCEPT,
                "已有公开利用代码（CISA ADP: poc）",
                "public proof of concept (CISA ADP: poc)",
            )
        )
    if x.epss is not None and x.epss > 0:
        epss = max(0.0, min(1.0, float(x.epss)))
        steps.append((1.0 + epss, f"EPSS {epss:.3f}", f"EPSS {epss:.3f}"))
    return steps


def _advisory_term(exposure: Exposure, advisory: Advisory) -> _Term | None:
    status = ExposureStatus(exposure.status)
    weight = STATUS_WEIGHT.get(status)
    if weight is None:
        return None
    name = ", ".join(advisory.cves[:3]) if advisory.cves else advisory.key
    label = name if name == advisory.key else f"{name}（{advisory.key}）"
    label_en = name if name == advisory.key else f"{name} ({advisory.key})"
    state_zh = "受影响" if status == ExposureStatus.VULNERABLE else "可能受影响（功能使用未知）"
    state_en = (
        "vulnerable"
        if status == ExposureStatus.VULNERABLE
        else "potentially vulnerable (feature use unknown)"
    )
    kind = advisory.kind
    if kind in _BULLETIN_KINDS:
        sev = advisory.severity if advisory.severity in BULLETIN_POINTS else "unknown"
        base = BULLETIN_POINTS[sev]
        steps = [] if weight == 1.0 else [(weight, "可能适用", "may apply")]
        value, f_zh, f_en = _formula(base, steps)
        value = _cents(value) / 100
        return _Term(
            "bulletin",
            advisory.key,
            _cents(value),
            f"{label}：{state_zh}，严重性 {sev} → {f_zh} = {_fmt(value)} 分。",
            f"{label_en}: {state_en}, severity {sev} → {f_en} = {_fmt(value)} points.",
        )
    _, full, said = severity_points(advisory)
    if kind == "bug":
        steps = [(BUG_WEIGHT, "已知缺陷", "known bug")]
        if status == ExposureStatus.POTENTIALLY_VULNERABLE:
            steps.append((weight, "触发功能使用未知", "trigger feature use unknown"))
        elif exposure.reason != Reason.FEATURE_IN_USE:
            steps.append((BUG_NO_TRIGGER, "未说明触发条件", "no trigger stated"))
        value, f_zh, f_en = _formula(full, steps)
        value = _cents(value) / 100
        return _Term(
            "bug",
            advisory.key,
            _cents(value),
            f"{label}：{state_zh}，{said.zh} → {f_zh} = {_fmt(value)} 分。",
            f"{label_en}: {state_en}, {said.en} → {f_en} = {_fmt(value)} points.",
        )
    steps = [] if weight == 1.0 else [(weight, "功能使用未知", "feature use unknown")]
    steps.extend(_exploitation(advisory))
    value, f_zh, f_en = _formula(full, steps)
    value = _cents(value) / 100
    return _Term(
        "vulnerability",
        advisory.key,
        _cents(value),
        f"{label}：{state_zh}，{said.zh} → {f_zh} = {_fmt(value)} 分。",
        f"{label_en}: {state_en}, {said.en} → {f_en} = {_fmt(value)} points.",
        tuple(advisory.cves),
    )


def _once_per_cve(terms: list[_Term]) -> list[_Term]:
    """The same vulnerability counts once per device: advisories on the same set of CVEs
    (a vendor bulletin and the CVE record of its one CVE) keep the one with the most
    points, and the others are named in its words. Only identical sets merge, so adding
    an advisory never lowers the sum (a bundle of CVEs and a record of one of them are
    different reports and both count)."""
    kept: dict[tuple[str, ...], _Term] = {}
    dropped: dict[tuple[str, ...], list[str]] = {}
    for term in sorted(terms, key=lambda t: (-t.cents, t.advisory or "")):
        group = tuple(sorted(set(term.cves))) or ("", term.advisory or "")
        if group in kept:
            dropped.setdefault(group, []).append(term.advisory or "")
            continue
        kept[group] = term
    for group, keys in dropped.items():
        first = kept[group]
        first.zh += f"（{', '.join(keys)} 报告同一漏洞，不重复计分）"
        first.en += f" ({', '.join(keys)} report the same, not counted twice.)"
    return list(kept.values())


def _lifecycle_terms(facts: LifecycleFacts, today: date) -> list[_Term]:
    terms: list[_Term] = []
    eos = facts.end_of_support
    if eos is not None and eos <= today:
        terms.append(
            _Term(
                "end_of_support",
                None,
                _cents(EOS_PAST_POINTS),
                f"版本已过停止支持日期 {eos.isoformat()}，不再有修复：{_fmt(EOS_PAST_POINTS)} 分。",
                f"End of support {eos.isoformat()} has passed, no more fixes: "
                f"{_fmt(EOS_PAST_POINTS)} points.",
            )
        )
    elif eos is not None and (eos - today).days <= EOS_HORIZON_DAYS:
        left = (eos - today).days
        value = EOS_SOON_MIN + EOS_SOON_SPAN * (EOS_HORIZON_DAYS - left) / EOS_HORIZON_DAYS
        value = _cents(value) / 100
        formula = (
            f"{_fmt(EOS_SOON_MIN)} + {_fmt(EOS_SOON_SPAN)} × ({EOS_HORIZON_DAYS} − {left}) "
            f"/ {EOS_HORIZON_DAYS}"
        )
        terms.append(
            _Term(
                "end_of_support",
                None,
                _cents(value),
                f"距停止支持日期 {eos.isoformat()} 还有 {left} 天：{formula} = {_fmt(value)} 分。",
                f"End of support {eos.isoformat()} is {left} days away: {formula} = "
                f"{_fmt(value)} points.",
            )
        )
    eosale = facts.end_of_sale
    if eosale is not None and eosale <= today and not (eos is not None and eos <= today):
        terms.append(
            _Term(
                "end_of_sale",
                None,
                _cents(EOSALE_POINTS),
                f"已过停止销售日期 {eosale.isoformat()}，应规划替换：{_fmt(EOSALE_POINTS)} 分。",
                f"End of sale {eosale.isoformat()} has passed, a replacement should be "
                f"planned: {_fmt(EOSALE_POINTS)} points.",
            )
        )
    behind = facts.releases_behind
    if behind and behind > 0:
        value = min(BEHIND_MAX, BEHIND_POINTS * behind)
        target = facts.target or "?"
        terms.append(
            _Term(
                "releases_behind",
                None,
                _cents(value),
                f"落后目标版本 {target} {behind} 个版本：{behind} × {_fmt(BEHIND_POINTS)} = "
                f"{_fmt(BEHIND_POINTS * behind)}，最多 {_fmt(BEHIND_MAX)}：{_fmt(value)} 分。",
                f"{behind} releases behind the target {target}: {behind} × "
                f"{_fmt(BEHIND_POINTS)} = {_fmt(BEHIND_POINTS * behind)}, at most "
                f"{_fmt(BEHIND_MAX)}: {_fmt(value)} points.",
            )
        )
    return terms


def score_device(
    record: DeviceRecord,
    exposures: Iterable[Exposure],
    advisories: Mapping[str, Advisory],
    facts: LifecycleFacts,
    today: date,
) -> RiskScore:
    """The coefficient of one device from its exposures (others' are ignored; an
    exposure whose advisory is not in ``advisories`` cannot be explained and counts
    nothing) and its lifecycle facts on ``today``. Points come vulnerabilities first,
    then bugs, bulletins and lifecycle facts, each by points; a ``cap`` point last when
    the sum passes 100."""
    key = record.key
    terms: list[_Term] = []
    for exposure in exposures:
        if exposure.device != key:
            continue
        advisory = advisories.get(exposure.advisory)
        if advisory is None:
            continue
        term = _advisory_term(exposure, advisory)
        if term is not None and term.cents > 0:
            terms.append(term)
    vulns = _once_per_cve([t for t in terms if t.factor == "vulnerability"])
    by_points = sorted(
        (t for t in terms if t.factor != "vulnerability"),
        key=lambda t: (("bug", "bulletin").index(t.factor), -t.cents, t.advisory or ""),
    )
    ordered = [*vulns, *by_points, *(t for t in _lifecycle_terms(facts, today) if t.cents > 0)]
    total = sum(t.cents for t in ordered)
    cap = _cents(CAP)
    if total > cap:
        over = total - cap
        ordered.append(
            _Term(
                "cap",
                None,
                -over,
                f"风险系数上限为 {_fmt(CAP)}：以上各项合计 {_fmt(total / 100)}，"
                f"扣减 {_fmt(over / 100)}。",
                f"The coefficient is capped at {_fmt(CAP)}: the points above add up to "
                f"{_fmt(total / 100)}, so {_fmt(over / 100)} are taken off.",
            )
        )
        total = cap
    points = tuple(
        RiskPoint(t.factor, t.advisory, t.cents / 100, Text(t.zh, t.en)) for t in ordered
    )
    value = total / 100
    return RiskScore(value=value, level=level_of(value), points=points)
