"""Target releases: the most specific rule wins (device > model > platform > default),
off track and releases behind are decided by the platform's version scheme."""

from __future__ import annotations

import pytest

from netcare.lifecycle.matching.model import DeviceRecord
from netcare.lifecycle.matching.targets import (
    TargetRule,
    off_track,
    releases_behind,
    resolve_target,
    specificity,
)

SW = DeviceRecord("42", "cisco_xe", "17.6.5", "C9300-48P")
RULES = [
    TargetRule("17.6.6a", ""),  # the customer's default (any platform)
    TargetRule("17.9.4a", "cisco_xe"),
    TargetRule("17.9.5", "cisco_xe", model="C9300-*"),
    TargetRule("17.12.3", "cisco_xe", model="c9300-48p"),
    TargetRule("17.9.4", "cisco_xe", device="42"),
    TargetRule("15.2(7)E10", "cisco_ios"),
]


def test_device_rule_beats_everything() -> None:
    assert resolve_target(RULES, SW) == TargetRule("17.9.4", "cisco_xe", device="42")


def test_exact_model_beats_pattern_beats_platform_beats_default() -> None:
    rules = [r for r in RULES if not r.device]
    assert resolve_target(rules, SW).release == "17.12.3"  # type: ignore[union-attr]
    rules = [r for r in rules if r.model != "c9300-48p"]
    assert resolve_target(rules, SW).release == "17.9.5"  # type: ignore[union-attr]
    rules = [r for r in rules if not r.model]
    assert resolve_target(rules, SW).release == "17.9.4a"  # type: ignore[union-attr]
    rules = [r for r in rules if r.platform != "cisco_xe"]
    assert resolve_target(rules, SW).release == "17.6.6a"  # type: ignore[union-attr]
    assert resolve_target([], SW) is None


def test_order_of_rules_does_not_matter() -> None:
    assert resolve_target(list(reversed(RULES)), SW) == resolve_target(RULES, SW)


def test_rules_of_other_platforms_and_devices_do_not_apply() -> None:
    other = DeviceRecord("7", "cisco_ios", "15.2(4)E10", "C9300-48P")
    assert resolve_target(RULES, other) == TargetRule("15.2(7)E10", "cisco_ios")
    unknown_model = DeviceRecord("8", "cisco_xe", "17.6.5", "")
    assert resolve_target(RULES, unknown_model).release == "17.9.4a"  # type: ignore[union-attr]


def test_specificity_ranks_patterns_by_how_literal_they_are() -> None:
    ranks = [specificity(TargetRule("x", "p", model=m)) for m in ("C9300-48P", "C9300-*", "C*")]
    assert ranks == sorted(ranks, reverse=True)


@pytest.mark.parametrize(
    ("platform", "current", "target", "expected"),
    [
        ("cisco_xe", "17.9.4a", "17.9.4a", False),
        ("cisco_xe", "17.6.5", "17.9.4a", True),
        ("cisco_ios", "15.2(7)E10", "15.2(7)E10", False),
        (
            "juniper_junos",
            "21.4R3-S5.4",
            "Junos: 21.4R3-S5.4",
            False,
        ),  # same release, spelt otherwise
        ("huawei_vrp", "V200R019C10SPC500", "V200R021C10SPC600", True),
        ("cisco_ios", "garbled", "15.2(7)E10", None),
        ("cisco_ios", "15.2(7)E10", "latest", None),
    ],
)
def test_off_track_by_scheme(
    platform: str, current: str, target: str, expected: bool | None
) -> None:
    record = DeviceRecord("d", platform, current)
    assert off_track(record, TargetRule(target, platform)) is expected
    assert off_track(record, target) is expected


CATALOG = ["17.3.8a", "17.6.5", "17.6.6a", "17.9.3", "17.9.4a", "17.9.5", "17.12.3", "junk"]


@pytest.mark.parametrize(
    ("current", "target", "expected"),
    [
        ("17.6.5", "17.9.4a", 3),  # 17.6.6a, 17.9.3, 17.9.4a
        ("17.9.4a", "17.9.4a", 0),
        ("17.12.3", "17.9.4a", 0),  # ahead of the target: not behind
        ("17.9.4a", "17.9.6", 2),  # 17.9.5 and the target, not in the catalog
        ("17.6.5", "17.6.05", 0),  # the same release spelt otherwise
        ("garbled", "17.9.4a", None),
        ("17.6.5", "garbled", None),
    ],
)
def test_releases_behind(current: str, target: str, expected: int | None) -> None:
    assert releases_behind("iosxe", CATALOG, current, target) == expected
