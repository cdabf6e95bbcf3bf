"""Health scores: 0–100 per device and per network, every lost point traced, and how
much of the score was actually checked.

The formula is written for customers in docs/health-score.md; in short:

* each finding costs points by severity (critical 25, major 10, minor 3, info 0); a rule
  firing for several subjects (48 ports with CRC errors) costs its full points for the
  first subject and a quarter for each further one, at most twice its points in all;
* a rule that applies but could not be assessed costs nothing — it lowers the
  *coverage* instead (rules assessed / rules that apply, per dimension and overall), so
  missing data neither flatters nor sinks a device, and the report says how much of the
  score rests on checked rules;
* each dimension (hardware, performance, reliability, security, configuration) has a
  weight; a dimension's score is 100 minus its points divided by its weight, never below
  0, and ``None`` (unknown) when none of its rules was assessed;
* the device score is 100 minus its points divided by the summed weight of the known
  dimensions, never below 0 — the weighted mean of the known dimensions until one
  bottoms out (with every dimension known: 100 minus the points).

Plain Python, no Django.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .model import DIMENSIONS, Deduction, DeviceResult, Health

__all__ = [
    "CATEGORY_DIMENSION",
    "SEVERITY_POINTS",
    "WEIGHTS",
    "device_health",
    "network_health",
]

#: Points one finding costs, by severity.
SEVERITY_POINTS: dict[str, float] = {"critical": 25.0, "major": 10.0, "minor": 3.0, "info": 0.0}
#: Share of each dimension in the device score (they sum to 1).
WEIGHTS: dict[str, float] = {
    "hardware": 0.25,
    "performance": 0.20,
    "reliability": 0.20,
    "security": 0.20,
    "configuration": 0.15,
}
#: Every rule category counts towards exactly one dimension.
CATEGORY_DIMENSION: dict[str, str] = {
    "hardware": "hardware",
    "environment": "hardware",
    "performance": "performance",
    "interfaces": "performance",
    "logs_alarms": "reliability",
    "reliability": "reliability",
    "security_hardening": "security",
    "management_plane": "security",
    "configuration": "configuration",
    "lifecycle": "configuration",
}
#: A further subject of the same rule costs this share of the rule's points …
REPEAT_SHARE = 0.25
#: … and one rule costs at most this many times its points on one device.
RULE_CAP = 2.0


# rule id → (severity, category) of every rule loaded in this process. Rule ids are
# unique over all packs and never reused, so a result can be priced without its RuleSet.
_KNOWN: dict[str, tuple[str, str]] = {}


def remember(rules: Iterable[object]) -> None:
    """Record the severity and category of loaded rules (load_ruleset calls this)."""
    _KNOWN.update(rule_meta(rules))


def _round(value: float) -> float:
    return round(value + 0.0, 2)


def _deductions(result: DeviceResult, categories: dict[str, tuple[str, str]]) -> list[Deduction]:
    out: list[Deduction] = []
    spent: dict[str, float] = {}
    for finding in result.findings:  # sorted by severity, rule, subject: deterministic
        full = SEVERITY_POINTS[finding.severity]
        taken = spent.get(finding.rule_id)
        points = full if taken is None else full * REPEAT_SHARE
        points = max(0.0, min(points, full * RULE_CAP - (taken or 0.0)))
        spent[finding.rule_id] = (taken or 0.0) + points
        if points > 0:
            dimension = CATEGORY_DIMENSION[finding.category]
            out.append(
                Deduction(
                    finding.rule_id, finding.subject, dimension, _round(points), result.device
                )
            )
    return out


def _dimension_of(rule_id: str, categories: dict[str, tuple[str, str]]) -> str:
    _, category = categories.get(rule_id) or _KNOWN.get(rule_id, ("minor", "configuration"))
    return CATEGORY_DIMENSION.get(category, "configuration")


def _counts(
    result: DeviceResult, categories: dict[str, tuple[str, str]]
) -> tuple[dict[str, int], dict[str, int]]:
    """Per dimension: rules assessed (fired or passed) and rules that apply (those plus
    the ones that could not be assessed)."""
    assessed = dict.fromkeys(DIMENSIONS, 0)
    applicable = dict.fromkeys(DIMENSIONS, 0)
    fired = {
        f.rule_id: CATEGORY_DIMENSION.get(f.category, "configuration") for f in result.findings
    }
    for dimension in fired.values():
        assessed[dimension] += 1
        applicable[dimension] += 1
    for rule_id in result.passed:
        if rule_id not in fired:
            dimension = _dimension_of(rule_id, categories)
            assessed[dimension] += 1
            applicable[dimension] += 1
    for missing in {m.rule_id for m in result.not_assessed} - set(fired) - set(result.passed):
        applicable[_dimension_of(missing, categories)] += 1
    return assessed, applicable


def _share(part: int, whole: int) -> float | None:
    return _round(part / whole) if whole else None


def _score(
    deductions: Sequence[Deduction], assessed: dict[str, int], applicable: dict[str, int]
) -> Health:
    per_dimension = dict.fromkeys(DIMENSIONS, 0.0)
    for deduction in deductions:
        per_dimension[deduction.dimension] += deduction.points
    known = [d for d in DIMENSIONS if assessed[d] > 0]
    dimensions: dict[str, float | None] = {
        d: _round(max(0.0, 100.0 - per_dimension[d] / WEIGHTS[d])) if d in known else None
        for d in DIMENSIONS
    }
    weight = sum(WEIGHTS[d] for d in known)
    total = sum(per_dimension[d] for d in known)
    done, due = sum(assessed.values()), sum(applicable.values())
    return Health(
        score=_round(max(0.0, 100.0 - total / weight)) if weight else 100.0,
        dimensions=dimensions,
        deductions=tuple(deductions),
        coverage=_round(done / due) if due else 1.0,
        dimension_coverage={d: _share(assessed[d], applicable[d]) for d in DIMENSIONS},
        assessed=done,
        applicable=due,
    )


def device_health(
    result: DeviceResult, rule_meta: dict[str, tuple[str, str]] | None = None
) -> Health:
    """The device's score, its dimensions, every deduction behind them and the share of
    the applicable rules that were assessed.

    ``rule_meta`` (rule id → (severity, category)) places passed and not-assessed rules
    in their dimension; by default the rules loaded in this process are used (a rule
    unknown to both counts as configuration).
    """
    meta = rule_meta or {}
    assessed, applicable = _counts(result, meta)
    return _score(_deductions(result, meta), assessed, applicable)


def rule_meta(rules: Iterable[object]) -> dict[str, tuple[str, str]]:
    """rule id → (severity, category), from a RuleSet's rules."""
    return {
        str(getattr(r, "id")): (str(getattr(r, "severity")), str(getattr(r, "category")))  # noqa: B009
        for r in rules
    }


def network_health(
    results: Iterable[DeviceResult], rule_meta: dict[str, tuple[str, str]] | None = None
) -> Health:
    """The network's score: the mean of its devices' scores (a network of one healthy
    core and one failing access switch scores halfway) over the devices with anything
    assessed; each dimension the mean over the devices where it is known (None where it
    is known nowhere); coverage over all devices' rules; every device's deductions.
    An empty network scores 100 with nothing applicable: nothing was found."""
    healths = [device_health(r, rule_meta) for r in results]
    if not healths:
        return Health(score=100.0, dimensions={d: 100.0 for d in DIMENSIONS}, deductions=())
    scored = [h for h in healths if h.known] or healths
    dimensions: dict[str, float | None] = {}
    coverage: dict[str, float | None] = {}
    for d in DIMENSIONS:
        values = [v for h in healths if (v := h.dimensions.get(d)) is not None]
        dimensions[d] = _round(sum(values) / len(values)) if values else None
        coverage[d] = _mean_coverage(healths, d)
    done, due = sum(h.assessed for h in healths), sum(h.applicable for h in healths)
    return Health(
        score=_round(sum(h.score for h in scored) / len(scored)),
        dimensions=dimensions,
        deductions=tuple(d for h in healths for d in h.deductions),
        coverage=_round(done / due) if due else 1.0,
        dimension_coverage=coverage,
        assessed=done,
        applicable=due,
    )


def _mean_coverage(healths: Sequence[Health], dimension: str) -> float | None:
    values = [v for h in healths if (v := h.dimension_coverage.get(dimension)) is not None]
    return _round(sum(values) / len(values)) if values else None
