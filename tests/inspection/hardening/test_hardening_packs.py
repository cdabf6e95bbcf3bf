"""Every hardening step of the shipped rule packs, proven on the real cases it fires on.

For each rule with hardening for a platform and each real case of
``tests/data/inspection/expect_<pack>.yaml`` where it fires on that platform: the
planned remediation applied to the case's running configuration makes the rule pass
(the engine inspects the new configuration, facts rebuilt from it), and the rollback
applied after it gives back the same normalised configuration (hier_config trees
compared). A rule whose hardening content is wrong is listed in ``WRONG_CONTENT`` with
the reason, as an expected failure, until its pack is fixed.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from netcare.inspection.engine.hardening import HardeningError, apply, plan_device, same_config
from netcare.inspection.engine.model import DeviceData

CASES_DIR = Path(__file__).resolve().parents[2] / "data" / "inspection"

# What an expert fills in on a plan (documentation addresses, RFC 5737).
PLAN_VARS: dict[str, Any] = {
    "ntp_servers": ["192.0.2.123", "198.51.100.123"],
    "syslog_servers": ["192.0.2.14", "198.51.100.14"],
    "snmp_location": "NetCare test lab",
    "banner": "Authorised access only. Activity may be monitored.",
    "mgmt_acl_sources": ["192.0.2.0/24"],
}

#: rule id → why its hardening content does not hold the round trip (expected failure).
WRONG_CONTENT: dict[str, str] = {}


@cache
def _ruleset() -> Any:
    from netcare.inspection.engine.packs import load_ruleset

    return load_ruleset()


def _case_path(case: str) -> Path | None:
    path = CASES_DIR / case
    if path.exists():
        return path
    matches = sorted(p for p in path.parent.glob(path.name + ".*") if p.suffix != ".md")
    return matches[0] if matches else None


@cache
def _device(case: str) -> DeviceData | None:
    from netcare.inspection.engine.inputs import read_device

    path = _case_path(case)
    return read_device(path) if path is not None else None


def _params() -> list[Any]:
    """(rule id, case) for every hardening rule firing on a real case of its platform."""
    try:
        ruleset = _ruleset()
    except Exception as error:  # the packs do not load: the pack tests say why
        return [pytest.param("", "", marks=pytest.mark.skip(reason=f"rule packs: {error}"))]
    params = []
    for expect_file in sorted(CASES_DIR.glob("expect_*.yaml")):
        expect = yaml.safe_load(expect_file.read_text(encoding="utf-8")) or {}
        for rule_id, spec in sorted(expect.items()):
            rule = ruleset.by_id.get(rule_id)
            if rule is None or not rule.hardening:
                continue
            for case in (spec or {}).get("fires") or []:
                data = _device(case)
                if data is None or data.facts.get("platform") not in rule.hardening:
                    continue
                marks = []
                if rule_id in WRONG_CONTENT:
                    marks.append(pytest.mark.xfail(reason=WRONG_CONTENT[rule_id], strict=True))
                params.append(pytest.param(rule_id, case, id=f"{rule_id}@{case}", marks=marks))
    if not params:
        return [
            pytest.param(
                "", "", marks=pytest.mark.skip(reason="no pack hardening fires on a real case yet")
            )
        ]
    return params


def _inspect(data: DeviceData) -> set[str]:
    from netcare.inspection.engine.evaluate import inspect_device

    return {f.rule_id for f in inspect_device(_ruleset(), data).findings}


@pytest.mark.parametrize(("rule_id", "case"), _params())
def test_pack_hardening_round_trip(rule_id: str, case: str) -> None:
    from netcare.inspection.engine.evaluate import inspect_device
    from netcare.inspection.engine.inputs import device_data

    ruleset = _ruleset()
    data = _device(case)
    assert data is not None
    platform = str(data.facts["platform"])
    running = str(data.outputs.get("running_config") or data.facts.get("config_text") or "")
    findings = [f for f in inspect_device(ruleset, data).findings if f.rule_id == rule_id]
    assert findings, f"{rule_id} does not fire on {case}, which expect_*.yaml says it does"

    try:
        steps = plan_device(ruleset, data, findings, PLAN_VARS)
    except HardeningError as error:
        pytest.fail(f"{rule_id} on {case}: {error}")
    assert steps, f"{rule_id} on {case}: the hardening plans no change, yet the rule fires"

    after = running
    for step in steps:
        after = apply(platform, after, step.remediation)
    hardened = device_data(data.key, platform, {**data.outputs, "running_config": after})
    assert rule_id not in _inspect(hardened), (
        f"{rule_id} still fires on {case} after its remediation:\n"
        + "\n".join(s.remediation for s in steps)
    )

    back = after
    for step in reversed(steps):
        back = apply(platform, back, step.rollback)
    assert same_config(platform, back, running), (
        f"{rule_id} on {case}: the rollback does not give the configuration back:\n"
        + "\n".join(s.rollback for s in steps)
    )
