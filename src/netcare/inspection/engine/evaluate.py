"""Evaluate a rule set over devices: findings, passes and what could not be assessed.

The evaluator is deterministic (same data, same answer, same order) and does each costly
step once per device: the configuration tree is parsed once and shared by every config
and named check, log events are prepared once, expressions were compiled at load time.
A rule that cannot be evaluated — a fact it needs is unknown, the output it reads was not
collected, the device's model or OS is unknown where the rule depends on it — is
reported as :class:`NotAssessed` with the reason, never counted as passed.
Plain Python, no Django.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from hier_config import HConfig, HConfigChild
from simpleeval import EvalWithCompoundTypes

from . import named as named_checks
from .configtree import find
from .model import SEVERITIES, DeviceData, DeviceResult, Finding, NotAssessed, Text
from .packs import Check, Rule, RuleSet, expression_functions

__all__ = ["fingerprint", "inspect_device", "inspect_network", "log_time"]

MAX_EVIDENCE = 20
_SEVERITY_ORDER = {s: n for n, s in enumerate(SEVERITIES)}
_DIGITS = re.compile(r"\d+")
_SPACES = re.compile(r"\s+")


class _NotAssessed(Exception):
    def __init__(self, reason: Text) -> None:
        super().__init__(reason.en)
        self.reason = reason


def _unknown(fact: str) -> Text:
    return Text(
        zh=f"缺少数据：{fact} 未知（相关输出未采集或无法解析）",
        en=f"{fact} is unknown (output not collected or not parsed)",
    )


def fingerprint(rule_id: str, subject: str, evidence: Sequence[str], *, mask_numbers: bool) -> str:
    """A stable hash of the rule, the subject and the normalised evidence.

    Whitespace and case never matter. For measured values (``expr`` and ``log`` checks)
    numbers are masked too, so a mark on "CPU at 91 %" still holds at 93 %, and a log
    rule's mark survives new timestamps; config and named checks keep numbers (another
    VLAN or ACL number is another finding).
    """
    lines = [_SPACES.sub(" ", line.strip().lower()) for line in evidence]
    if mask_numbers:
        lines = [_DIGITS.sub("#", line) for line in lines]
    payload = "\x1f".join([rule_id, subject.strip().lower(), *sorted(set(lines))])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]


# --- log time --------------------------------------------------------------------------

_MONTHS = {
    m: n
    for n, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}
_ISO = re.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})[ T]+(\d{1,2}):(\d{2}):(\d{2})")
_MON_DAY = re.compile(
    r"\b([A-Za-z]{3})[a-z]*\s+(\d{1,2})(?:\s+(\d{4}))?\s+(\d{1,2}):(\d{2}):(\d{2})"
)
_YEAR_MON = re.compile(r"\b(\d{4})\s+([A-Za-z]{3})\s+(\d{1,2})\s+(\d{1,2}):(\d{2}):(\d{2})")
_DAY_MON = re.compile(r"\b(\d{1,2})\s+([A-Za-z]{3})\s+(\d{4})\s+(\d{1,2}):(\d{2}):(\d{2})")
_COMWARE_CLOCK = re.compile(
    r"(\d{1,2}):(\d{2}):(\d{2})\S*\s+\S+\s+\w{3}\s+(\d{1,2})/(\d{1,2})/(\d{4})"
)
_CISCO_CLOCK = re.compile(
    r"(\d{1,2}):(\d{2}):(\d{2})\S*\s+(?:\S+\s+)?[A-Za-z]{3}\s+([A-Za-z]{3})\s+(\d{1,2})\s+(\d{4})"
)


def log_time(text: str | None, anchor: datetime | None) -> datetime | None:
    """When a log line (or a clock output) says it happened, in ``anchor``'s timezone.

    Lines without a year (``Mar  5 14:47:47``) take the anchor's year, or the year
    before when that would put them in the future. None when no time is recognised.
    """
    if not text:
        return None
    tz = anchor.tzinfo if anchor else None
    try:
        m = _ISO.search(text)
        if m:
            n = [int(g) for g in m.groups()]
            return datetime(n[0], n[1], n[2], n[3], n[4], n[5], tzinfo=tz)
        m = _YEAR_MON.search(text)
        if m and m.group(2).lower() in _MONTHS:
            g = m.groups()
            month = _MONTHS[g[1].lower()]
            return datetime(int(g[0]), month, int(g[2]), int(g[3]), int(g[4]), int(g[5]), tzinfo=tz)
        m = _DAY_MON.search(text)
        if m and m.group(2).lower() in _MONTHS:
            g = m.groups()
            month = _MONTHS[g[1].lower()]
            return datetime(int(g[2]), month, int(g[0]), int(g[3]), int(g[4]), int(g[5]), tzinfo=tz)
        m = _MON_DAY.search(text)
        if m and m.group(1).lower() in _MONTHS:
            g = m.groups()
            year = int(g[2]) if g[2] else (anchor.year if anchor else None)
            if year is None:
                return None
            month = _MONTHS[g[0].lower()]
            when = datetime(year, month, int(g[1]), int(g[3]), int(g[4]), int(g[5]), tzinfo=tz)
            if not g[2] and anchor and when > anchor + timedelta(days=1):
                when = when.replace(year=year - 1)
            return when
    except ValueError:
        return None
    return None


def clock_time(text: str | None) -> datetime | None:
    """The device clock shown by ``show clock`` / ``display clock`` (naive: the device's
    own zone is not known to the engine)."""
    if not text:
        return None
    m = _CISCO_CLOCK.search(text)
    try:
        if m and m.group(4).lower() in _MONTHS:
            h, mi, s, mon, d, y = m.groups()
            return datetime(int(y), _MONTHS[mon.lower()], int(d), int(h), int(mi), int(s))
        m = _COMWARE_CLOCK.search(text)
        if m:
            h, mi, s, mo, d, y = (int(g) for g in m.groups())
            return datetime(y, mo, d, h, mi, s)
    except ValueError:
        return None
    return log_time(text, None)


# --- the device as evaluated -------------------------------------------------------------

_CISCO_TAG = re.compile(r"^([A-Z0-9_]+)/([A-Z0-9_]+):")


class _Context(named_checks.Device):
    """Per device: the shared tree (from Device), the evaluator and prepared log lines."""

    _log_lines: list[tuple[datetime | None, int | None, str, str]] | None = None

    def log_lines(self) -> list[tuple[datetime | None, int | None, str, str]] | None:
        """(time, severity, searchable text, line shown) per event; None when no log was
        collected."""
        if self._log_lines is None:
            events = self.facts.get("log_events") or []
            anchor = self.data.collected_at
            lines: list[tuple[datetime | None, int | None, str, str]] = []
            for event in events:
                text = str(event.get("text") or "")
                sev = event.get("severity")
                sev = sev if isinstance(sev, int) else None
                # Facts write Cisco's "%LINK-3-UPDOWN" as "LINK/UPDOWN"; searching both
                # spellings lets a pattern use the one the device printed.
                m = _CISCO_TAG.match(text)
                tag = f"%{m.group(1)}-{sev if sev is not None else 0}-{m.group(2)} " if m else ""
                time = event.get("time")
                shown = f"{time or ''} {text}".strip()
                lines.append((log_time(time, anchor), sev, f"{tag}{shown}", shown))
            if not lines:
                raw = self.outputs.get("logs")
                if raw is None:
                    return None
                for line in raw.splitlines():
                    if line.strip():
                        lines.append((log_time(line, anchor), None, line.strip(), line.strip()))
            self._log_lines = lines
        return self._log_lines


def _applies(rule: Rule, facts: dict[str, Any]) -> tuple[bool, Text | None]:
    """(applies, not-assessed reason) for a device's facts."""
    a = rule.applies
    if facts.get("platform") not in a.platforms:
        return False, None
    if a.model is not None:
        model = facts.get("model")
        if not model:
            return True, _unknown("model")
        if not a.model.search(str(model)):
            return False, None
    if a.os_major is not None:
        major = facts.get("os_major")
        if major is None:
            return True, _unknown("os_major")
        if major not in a.os_major:
            return False, None
    if a.features:
        if not facts.get("config_text"):
            return True, _unknown("features")
        present = set(facts.get("features") or ())
        if not all(f in present for f in a.features):
            return False, None
    return True, None


def _is_missing(value: object) -> bool:
    """None, empty, or a record whose every field is unknown (``ntp`` when no NTP
    output was parsed)."""
    if isinstance(value, dict):
        return all(v is None for v in value.values())
    return value is None or value == "" or value == []


_EVALUATOR = EvalWithCompoundTypes(functions=expression_functions())


def _show(value: object) -> str:
    if isinstance(value, list):
        return f"{len(value)} items"
    return str(value)


def _item_line(item: dict[str, Any], subject_field: str) -> str:
    name = item.get(subject_field) if subject_field else None
    rest = ", ".join(
        f"{k}={v}" for k, v in item.items() if k != subject_field and v not in (None, "", [])
    )
    return f"{name}: {rest}" if name is not None else rest


def _check_expr(check: Check, ctx: _Context) -> list[tuple[str, list[str]]]:
    facts = ctx.facts
    if check.each:
        items = facts.get(check.each)
        if not items or not isinstance(items, list):
            raise _NotAssessed(_unknown(check.each))
        out: list[tuple[str, list[str]]] = []
        names = dict(facts)
        fast = check.fast_where
        _EVALUATOR.names = names
        for n, item in enumerate(items):
            names["item"] = item
            hit = fast(names) if fast else _EVALUATOR.eval("", previously_parsed=check.where)
            if hit:
                subject = str(item.get(check.subject_field) or n) if check.subject_field else str(n)
                out.append((subject, [_item_line(item, check.subject_field)]))
        return out
    for name in check.names:
        if facts.get(name) is None:
            raise _NotAssessed(_unknown(name))
    if check.fast is not None:
        hit = check.fast(facts)
    else:
        _EVALUATOR.names = facts
        hit = _EVALUATOR.eval("", previously_parsed=check.tree)
    if hit:
        return [("", [f"{name} = {_show(facts.get(name))}" for name in check.names])]
    return []


def _lineage(node: HConfigChild) -> str:
    return " >> ".join(p.text for p in node.lineage())


def _check_config(check: Check, ctx: _Context) -> list[tuple[str, list[str]]]:
    tree = ctx.tree
    if tree is None:
        raise _NotAssessed(_unknown("config_text"))
    sections: list[HConfig | HConfigChild]
    if check.within:
        level: list[HConfig | HConfigChild] = [tree]
        for regex in check.within:
            level = [c for node in level for c in find(node, regex)]
        if check.having is not None:
            having = check.having
            level = [node for node in level if find(node, having)]
        sections = level
    else:
        sections = [tree]
    out: list[tuple[str, list[str]]] = []
    for section in sections:
        is_top = isinstance(section, HConfig)
        head = [] if is_top else [_lineage(section)]  # type: ignore[arg-type]
        evidence: list[str] = []
        found = find(section, check.present) if check.present is not None else []
        lacking = check.absent is not None and not find(section, check.absent)
        if check.both and not (found and lacking):
            continue  # `all: true`: both conditions or nothing
        if check.having is not None:
            evidence.extend(c.text for c in find(section, check.having))
        evidence.extend(c.text for c in found)
        if lacking and check.absent is not None:
            evidence.append(f"(no line matching {check.absent.pattern!r})")
        if found or lacking:
            evidence = list(dict.fromkeys(evidence))
            subject = "" if is_top else _lineage(section)  # type: ignore[arg-type]
            out.append((subject, head + evidence))
    return out


def _check_log(check: Check, ctx: _Context) -> list[tuple[str, list[str]]]:
    lines = ctx.log_lines()
    if lines is None:
        raise _NotAssessed(_unknown("log_events"))
    since = None
    if check.within_days is not None and ctx.data.collected_at is not None:
        since = ctx.data.collected_at - timedelta(days=check.within_days)
    hits: dict[str, list[str]] = {}
    assert check.pattern is not None
    for when, sev, text, shown in lines:
        if since is not None and when is not None and when < since:
            continue
        if check.max_severity is not None and (sev is None or sev > check.max_severity):
            continue
        if not check.pattern.search(text):
            continue
        subject = ""
        if check.subject_regex is not None:
            m = check.subject_regex.search(text)
            subject = m.group(1) if m else ""
        hits.setdefault(subject, []).append(shown)
    return [(subject, found) for subject, found in hits.items() if len(found) >= check.min_count]


def _check_python(check: Check, ctx: _Context) -> list[tuple[str, list[str]]]:
    outcome = named_checks.REGISTRY[check.name](ctx)
    if isinstance(outcome, Text):
        raise _NotAssessed(outcome)
    return [(subject, list(evidence)) for subject, evidence in outcome]


_KINDS = {
    "expr": _check_expr,
    "config": _check_config,
    "log": _check_log,
    "python": _check_python,
}


def _finding(rule: Rule, ctx: _Context, subject: str, evidence: list[str]) -> Finding:
    shown = tuple(evidence[:MAX_EVIDENCE])
    return Finding(
        rule_id=rule.id,
        pack=rule.pack,
        pack_version=rule.pack_version,
        device=ctx.data.key,
        subject=subject,
        severity=rule.severity,  # type: ignore[arg-type]
        category=rule.category,
        title=rule.title,
        why=rule.why,
        recommendation=rule.recommendation,
        reference=rule.reference,
        evidence=shown,
        fingerprint=fingerprint(
            rule.id, subject, shown, mask_numbers=rule.check.kind in ("expr", "log")
        ),
        hardening=rule.has_hardening(ctx.platform),
    )


def _evaluate(rule: Rule, ctx: _Context) -> list[tuple[str, list[str]]]:
    for need in rule.needs:
        if _is_missing(ctx.facts.get(need)):
            raise _NotAssessed(_unknown(need))
    try:
        return _KINDS[rule.check.kind](rule.check, ctx)
    except _NotAssessed:
        raise
    except Exception as exc:  # a rule must never stop the inspection of a device
        raise _NotAssessed(
            Text(
                zh=f"规则无法在此设备数据上求值：{exc}",
                en=f"the rule could not be evaluated on this data: {exc}",
            )
        ) from exc


def inspect_device(ruleset: RuleSet, data: DeviceData) -> DeviceResult:
    """Every applicable rule of ``ruleset`` over one device.

    Findings come sorted by (severity, rule id, subject); passed and not-assessed rules
    by rule id. A rule firing twice for one subject yields one finding with the
    evidence of both.
    """
    ctx = _Context(data)
    findings: dict[tuple[str, str], Finding] = {}
    passed: list[str] = []
    missing: list[NotAssessed] = []
    for rule in ruleset.rules:
        applies, reason = _applies(rule, data.facts)
        if not applies:
            continue
        if reason is not None:
            missing.append(NotAssessed(rule.id, data.key, reason))
            continue
        try:
            hits = _evaluate(rule, ctx)
        except _NotAssessed as exc:
            missing.append(NotAssessed(rule.id, data.key, exc.reason))
            continue
        if not hits:
            passed.append(rule.id)
            continue
        merged: dict[str, list[str]] = {}
        for subject, evidence in hits:
            merged.setdefault(subject, []).extend(evidence)
        for subject, evidence in merged.items():
            findings[(rule.id, subject)] = _finding(rule, ctx, subject, evidence)
    ordered = sorted(
        findings.values(), key=lambda f: (_SEVERITY_ORDER[f.severity], f.rule_id, f.subject)
    )
    return DeviceResult(
        device=data.key,
        platform=ctx.platform,
        findings=tuple(ordered),
        passed=tuple(sorted(passed)),
        not_assessed=tuple(sorted(missing, key=lambda n: n.rule_id)),
    )


def inspect_network(ruleset: RuleSet, devices: Iterable[DeviceData]) -> list[DeviceResult]:
    """Every device, in device-key order (the order reports and JSON list them)."""
    results = [inspect_device(ruleset, data) for data in devices]
    return sorted(results, key=lambda r: r.device)
