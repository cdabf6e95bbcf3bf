"""Helpers of the hardening tests: real configurations, findings, and the round trip.

The round trip is the proof DESIGN.md asks of every hardening step: the remediation
applied to the device's real running configuration makes the rule pass, and the
rollback applied after it gives back the same normalised configuration.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from netcare.inspection.engine.configtree import config_tree, walk
from netcare.inspection.engine.hardening import apply, same_config
from netcare.inspection.engine.model import DeviceData, Finding, StepPlan, Text

DATA = Path(__file__).resolve().parents[2] / "data" / "inspection" / "hardening"


def config(platform: str, name: str) -> str:
    return (DATA / platform / name).read_text(encoding="utf-8")


def device(platform: str, name: str, key: str = "") -> DeviceData:
    return DeviceData(
        key=key or name.removesuffix(".txt"),
        facts={"platform": platform, "hostname": key or name.removesuffix(".txt")},
        outputs={"running_config": config(platform, name)},
    )


def finding(rule_id: str, device: str, subject: str = "", severity: str = "major") -> Finding:
    return Finding(
        rule_id=rule_id,
        pack=rule_id.split(".")[0],
        pack_version="test",
        device=device,
        subject=subject,
        severity=severity,  # type: ignore[arg-type]
        category="security_hardening",
        title=Text(zh=rule_id, en=rule_id),
        why=Text(zh="", en=""),
        recommendation=Text(zh="", en=""),
        reference="",
        evidence=(),
        fingerprint=f"{rule_id}:{device}:{subject}",
        hardening=True,
    )


def fires(
    platform: str,
    text: str,
    *,
    within: str = "",
    present: str = "",
    absent: str = "",
) -> list[str]:
    """The subjects a ``config`` check (docs/rule-packs.md) fires for on ``text``: each
    ``within`` section lacking an ``absent`` child or holding a ``present`` one; without
    ``within``, the top level (subject ``""``)."""
    tree = config_tree(platform, text)
    sections: list[Any] = list(walk(tree, within)) if within else [tree]
    subjects = []
    for section in sections:
        children = [child.text for child in section.children]
        hit = bool(present) and any(re.search(present, c) for c in children)
        missing = bool(absent) and not any(re.search(absent, c) for c in children)
        if hit or missing:
            subjects.append(section.text if within else "")
    return subjects


def round_trip(platform: str, running: str, step: StepPlan, check: dict[str, str]) -> str:
    """Apply the step, check the rule passes, roll back, check nothing else changed.
    Returns the configuration after the remediation."""
    assert fires(platform, running, **check), "the rule must fire before the step"
    after = apply(platform, running, step.remediation)
    assert not fires(platform, after, **check), (step.rule_id, step.remediation, after)
    back = apply(platform, after, step.rollback)
    assert same_config(platform, back, running), (step.rule_id, step.rollback)
    return after
