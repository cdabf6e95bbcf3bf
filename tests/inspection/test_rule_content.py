"""Every rule pack is proven on real device data.

For each ``tests/data/inspection/expect_<pack>.yaml`` every rule must fire on its
``fires`` cases and stay quiet (evaluated and passed, not "not assessed") on its
``quiet`` cases; and every rule of every pack must have at least one case of each.
New packs and expect files are picked up without touching this file.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import pytest
import yaml

from netcare.inspection.engine.evaluate import inspect_device
from netcare.inspection.engine.inputs import read_device
from netcare.inspection.engine.model import DeviceResult
from netcare.inspection.engine.packs import RULES_DIR, RuleSet, load_ruleset, read_pack

CASES = Path(__file__).resolve().parent.parent / "data" / "inspection"
EXPECT_FILES = sorted(CASES.glob("expect_*.yaml"))


@functools.cache
def ruleset() -> RuleSet:
    return load_ruleset()


def _expectations() -> list[tuple[str, str, str, str]]:
    """(expect file, rule id, fires|quiet, case) for every expectation written."""
    rows: list[tuple[str, str, str, str]] = []
    for path in EXPECT_FILES:
        data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for rule_id, cases in sorted(data.items()):
            for kind in ("fires", "quiet"):
                for case in (cases or {}).get(kind) or []:
                    rows.append((path.name, str(rule_id), kind, str(case)))
    return rows


EXPECTATIONS = _expectations()


@functools.cache
def result_for(case: str) -> DeviceResult:
    return inspect_device(ruleset(), read_device(CASES / case))


@pytest.mark.parametrize("path", sorted(RULES_DIR.glob("*.yaml")), ids=lambda p: p.name)
def test_pack_follows_the_schema(path: Path) -> None:
    pack = read_pack(path)
    assert pack.rules, f"{path.name} has no rules"
    assert all(rule.id.startswith(f"{pack.name}.") for rule in pack.rules)


def test_all_packs_load_together() -> None:
    rules = ruleset()
    assert len(rules) == len(rules.by_id)  # no id used twice across packs
    assert set(rules.packs) == {read_pack(p).name for p in RULES_DIR.glob("*.yaml")}


def test_expect_files_name_only_known_rules_and_cases() -> None:
    problems = []
    for expect, rule_id, kind, case in EXPECTATIONS:
        if rule_id not in ruleset():
            problems.append(f"{expect}: {rule_id}: no pack has this rule")
        if not (CASES / case).exists():
            problems.append(f"{expect}: {rule_id}: {kind} case {case!r} does not exist")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    ("expect", "rule_id", "kind", "case"),
    [row for row in EXPECTATIONS if (CASES / row[3]).exists()],
    ids=[f"{r[1]}-{r[2]}-{r[3]}" for r in EXPECTATIONS if (CASES / r[3]).exists()],
)
def test_rule_on_real_case(expect: str, rule_id: str, kind: str, case: str) -> None:
    if rule_id not in ruleset():
        pytest.fail(f"{expect}: {rule_id} is in no pack")
    result = result_for(case)
    fired = [f for f in result.findings if f.rule_id == rule_id]
    missing = {n.rule_id: n.reason.en for n in result.not_assessed}
    if kind == "fires":
        assert fired, (
            f"{rule_id} should fire on {case} but "
            + (f"was not assessed: {missing[rule_id]}" if rule_id in missing else "did not")
            + ("" if rule_id in missing or rule_id in result.passed else " (does not apply)")
        )
        for finding in fired:
            assert finding.evidence, f"{rule_id} on {case}: a finding without evidence"
    else:
        assert not fired, f"{rule_id} should stay quiet on {case} but fired: {fired[0].evidence}"
        assert rule_id in result.passed, f"{rule_id} on {case} is no quiet case: " + (
            f"not assessed ({missing[rule_id]})" if rule_id in missing else "does not apply"
        )


def test_every_rule_has_a_firing_and_a_quiet_case() -> None:
    seen: dict[str, set[str]] = {}
    for _, rule_id, kind, _case in EXPECTATIONS:
        seen.setdefault(rule_id, set()).add(kind)
    lacking = []
    for rule in ruleset().rules:
        kinds = seen.get(rule.id, set())
        absent = [k for k in ("fires", "quiet") if k not in kinds]
        if absent:
            lacking.append(f"{rule.id} ({rule.source}): no {' and no '.join(absent)} case")
    assert not lacking, (
        f"{len(lacking)} rules lack real cases in tests/data/inspection/expect_<pack>.yaml:\n"
        + "\n".join(lacking)
    )
