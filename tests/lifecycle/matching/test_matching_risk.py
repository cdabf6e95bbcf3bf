"""The risk coefficient: every point traced to an advisory or a lifecycle fact, the points
adding up to the value, the documented weights and thresholds, and the score never going
down when an exploited vulnerability is added."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netcare.core.text import Text
from netcare.lifecycle.advisories.model import Advisory, Exploitation
from netcare.lifecycle.matching.model import DeviceRecord, Exposure, ExposureStatus, Reason
from netcare.lifecycle.matching.risk import (
    LifecycleFacts,
    RiskScore,
    level_of,
    score_device,
    score_version,
)

from .kit import advisory, product, rng

TODAY = date(2026, 12, 5)
SW = DeviceRecord("sw1", "cisco_xe", "17.9.3", "C9300-48P", features=frozenset({"http_server"}))
NO_FACTS = LifecycleFacts()
XE = product("cisco_xe", rng("17.9.x", introduced="17.9.1", fixed="17.9.4a"))

WEBUI = advisory(
    "cisco-sa-iosxe-webui-privesc-j22SaA4z",
    XE,
    cves=("CVE-2023-20198",),
    cvss=10.0,
    severity="critical",
    kev=True,
)
WEBUI_CVE = advisory(
    "CVE-2023-20198", XE, cves=("CVE-2023-20198",), cvss=10.0, source_format="cve5"
)
DHCP = advisory("cisco-sa-dhcp-dos", XE, cves=("CVE-2026-1001",), cvss=7.5, severity="high")
SNMP = advisory("cisco-sa-snmp", XE, cves=("CVE-2026-1002",), severity="medium")  # no score
BUG = advisory("CSCwh12345", XE, kind="bug", cvss=7.5, severity="high", feature=("bgp",))
NOTICE = advisory("FN72510", XE, kind="field_notice", severity="high")
ALL = {a.key: a for a in (WEBUI, WEBUI_CVE, DHCP, SNMP, BUG, NOTICE)}


def exp(
    a: Advisory,
    status: ExposureStatus = ExposureStatus.VULNERABLE,
    reason: Reason = Reason.VERSION_IN_RANGE,
    device: str = "sw1",
) -> Exposure:
    return Exposure(device, a.key, status, reason, Text("", ""), "17.9.x")


def score(*exposures: Exposure, facts: LifecycleFacts = NO_FACTS) -> RiskScore:
    return score_device(SW, exposures, ALL, facts, TODAY)


def assert_adds_up(s: RiskScore) -> None:
    assert round(math.fsum(p.points for p in s.points), 2) == s.value
    assert 0 <= s.value <= 100
    assert s.level == level_of(s.value)
    for p in s.points:
        assert p.why.zh and p.why.en
        assert (p.advisory is not None) == (p.factor in ("vulnerability", "bug", "bulletin"))


def test_nothing_applicable_scores_zero() -> None:
    s = score(
        exp(DHCP, ExposureStatus.NOT_VULNERABLE, Reason.VERSION_FIXED),
        exp(SNMP, ExposureStatus.UNKNOWN, Reason.RANGE_UNREADABLE),
    )
    assert (s.value, s.level, s.points) == (0.0, "low", ())


def test_known_exploited_critical_alone_is_critical() -> None:
    s = score(exp(WEBUI))
    [point] = s.points
    assert point.factor == "vulnerability" and point.advisory == WEBUI.key
    assert point.points == pytest.approx(30 * 1.0 * 3)  # CVSS 10 → 30 points × 3 (KEV)
    assert s.level == "critical"
    assert "CISA KEV" in point.why.en and "CVE-2023-20198" in point.why.zh
    assert_adds_up(s)


def test_weights_of_status_severity_and_epss() -> None:
    full = score(exp(DHCP)).value
    assert full == pytest.approx(round(30 * 0.75**2, 2))  # CVSS 7.5 → 16.88
    half = score(exp(DHCP, ExposureStatus.POTENTIALLY_VULNERABLE, Reason.FEATURE_UNKNOWN)).value
    assert half == pytest.approx(full / 2, abs=0.01)
    medium = score(exp(SNMP)).value  # no score: severity medium counts as 5.0
    assert medium == pytest.approx(7.5)
    likely = replace(DHCP, key="x", exploitation=Exploitation(epss=0.5))
    s = score_device(SW, [exp(likely)], {"x": likely}, NO_FACTS, TODAY)
    assert s.value == pytest.approx(round(30 * 0.75**2 * 1.5, 2))
    assert "EPSS 0.500" in s.points[0].why.en


def test_bugs_weigh_by_their_trigger() -> None:
    in_use = score(exp(BUG, reason=Reason.FEATURE_IN_USE)).value
    unknown = score(exp(BUG, ExposureStatus.POTENTIALLY_VULNERABLE, Reason.FEATURE_UNKNOWN)).value
    no_trigger = score_device(
        SW,
        [exp(DHCP_BUG := advisory("CSCwh99999", XE, kind="bug", cvss=7.5))],
        {DHCP_BUG.key: DHCP_BUG},
        NO_FACTS,
        TODAY,
    ).value
    assert in_use > no_trigger > unknown > 0
    assert in_use == pytest.approx(round(30 * 0.75**2 * 0.6, 2))


def test_bulletins_and_lifecycle_facts() -> None:
    s = score(
        exp(NOTICE),
        facts=LifecycleFacts(
            end_of_sale=date(2024, 1, 31),
            end_of_support=TODAY - timedelta(days=1),
            target="17.12.3",
            releases_behind=7,
        ),
    )
    by_factor = {p.factor: p.points for p in s.points}
    assert by_factor == {"bulletin": 5.0, "end_of_support": 20.0, "releases_behind": 10.0}
    assert_adds_up(s)
    soon = score(facts=LifecycleFacts(end_of_support=TODAY + timedelta(days=90)))
    sooner = score(facts=LifecycleFacts(end_of_support=TODAY + timedelta(days=10)))
    assert 5 < soon.value < sooner.value < 15
    assert score(facts=LifecycleFacts(end_of_support=TODAY + timedelta(days=400))).value == 0
    sale = score(facts=LifecycleFacts(end_of_sale=date(2025, 6, 30)))
    assert [p.factor for p in sale.points] == ["end_of_sale"]


def test_cap_is_one_negative_point_that_makes_the_sum_100() -> None:
    many = [advisory(f"cisco-sa-{i}", XE, cves=(f"CVE-2026-2{i:03d}",), cvss=9.8) for i in range(6)]
    s = score_device(SW, [exp(a) for a in many], {a.key: a for a in many}, NO_FACTS, TODAY)
    assert s.value == 100.0 and s.level == "critical"
    assert s.points[-1].factor == "cap" and s.points[-1].points < 0
    assert s.uncapped == pytest.approx(6 * 28.81, abs=0.01)
    assert "capped at 100" in s.points[-1].why.en
    assert_adds_up(s)


def test_the_same_cve_counts_once() -> None:
    s = score(exp(WEBUI), exp(WEBUI_CVE))
    assert [p.advisory for p in s.points] == [WEBUI.key]  # the one with more points
    assert "CVE-2023-20198" in s.points[0].why.en and "not counted twice" in s.points[0].why.en


def test_other_devices_and_unknown_advisories_are_ignored() -> None:
    s = score(
        exp(DHCP),
        exp(DHCP, device="sw2"),
        Exposure("sw1", "gone", ExposureStatus.VULNERABLE, "", Text("", "")),
    )
    assert [p.advisory for p in s.points] == [DHCP.key]


@pytest.mark.parametrize(
    ("value", "level"),
    [
        (0, "low"),
        (14.99, "low"),
        (15, "medium"),
        (39.99, "medium"),
        (40, "high"),
        (69.99, "high"),
        (70, "critical"),
        (100, "critical"),
    ],
)
def test_thresholds(value: float, level: str) -> None:
    assert level_of(value) == level


def test_a_version_is_as_risky_as_its_worst_device() -> None:
    scores = [score(exp(DHCP)), score(exp(WEBUI)), score()]
    assert score_version(scores) == max(s.value for s in scores)
    assert score_version([]) == 0.0


# --- properties ---------------------------------------------------------------------

STATUSES = [
    ExposureStatus.VULNERABLE,
    ExposureStatus.POTENTIALLY_VULNERABLE,
    ExposureStatus.NOT_VULNERABLE,
    ExposureStatus.UNKNOWN,
]


@st.composite
def advisories_and_exposures(draw: st.DrawFn) -> tuple[dict[str, Advisory], list[Exposure]]:
    count = draw(st.integers(0, 12))
    found: dict[str, Advisory] = {}
    exposures = []
    for i in range(count):
        cve = draw(st.sampled_from(["CVE-2026-0001", "CVE-2026-0002", f"CVE-2026-1{i:03d}"]))
        a = advisory(
            f"adv-{i}",
            XE,
            kind=draw(
                st.sampled_from(
                    ["vulnerability", "vulnerability", "bug", "bulletin", "field_notice"]
                )
            ),
            cves=(cve,) if draw(st.booleans()) else (),
            cvss=draw(st.one_of(st.none(), st.floats(0, 10, allow_nan=False))),
            severity=draw(st.sampled_from(["critical", "high", "medium", "low", "unknown"])),
            kev=draw(st.booleans()),
            adp=draw(st.sampled_from(["", "poc", "active", "none"])),
            epss=draw(st.one_of(st.none(), st.floats(0, 1, allow_nan=False))),
        )
        found[a.key] = a
        reason = draw(
            st.sampled_from(
                [Reason.VERSION_IN_RANGE, Reason.FEATURE_IN_USE, Reason.FEATURE_UNKNOWN]
            )
        )
        exposures.append(exp(a, draw(st.sampled_from(STATUSES)), reason))
    return found, exposures


facts = st.builds(
    LifecycleFacts,
    end_of_sale=st.one_of(st.none(), st.dates(date(2020, 1, 1), date(2030, 1, 1))),
    end_of_support=st.one_of(st.none(), st.dates(date(2020, 1, 1), date(2030, 1, 1))),
    target=st.just("17.12.3"),
    releases_behind=st.one_of(st.none(), st.integers(0, 12)),
)


@settings(max_examples=200, deadline=None)
@given(advisories_and_exposures(), facts)
def test_points_always_add_up(
    drawn: tuple[dict[str, Advisory], list[Exposure]], lifecycle: LifecycleFacts
) -> None:
    found, exposures = drawn
    assert_adds_up(score_device(SW, exposures, found, lifecycle, TODAY))


@settings(max_examples=200, deadline=None)
@given(
    advisories_and_exposures(),
    facts,
    st.floats(0, 10, allow_nan=False),
    st.sampled_from([ExposureStatus.VULNERABLE, ExposureStatus.POTENTIALLY_VULNERABLE]),
    st.sampled_from(["CVE-2026-0001", "CVE-2026-0002", "CVE-2026-9999"]),
)
def test_adding_an_exploited_vulnerability_never_lowers_the_score(
    drawn: tuple[dict[str, Advisory], list[Exposure]],
    lifecycle: LifecycleFacts,
    cvss: float,
    status: ExposureStatus,
    cve: str,
) -> None:
    found, exposures = drawn
    before = score_device(SW, exposures, found, lifecycle, TODAY)
    added = advisory("exploited", XE, cves=(cve,), cvss=cvss, kev=True)
    after = score_device(
        SW, [*exposures, exp(added, status)], {**found, added.key: added}, lifecycle, TODAY
    )
    assert after.value >= before.value
    assert after.uncapped >= before.uncapped


def test_worked_example_of_the_docs() -> None:
    """docs/risk-score.md, "Worked example"."""
    s = score(
        exp(WEBUI, reason=Reason.FEATURE_IN_USE),
        exp(NOTICE),
        facts=LifecycleFacts(
            end_of_support=TODAY + timedelta(days=90), target="17.12.3", releases_behind=3
        ),
    )
    assert [(p.factor, p.points) for p in s.points] == [
        ("vulnerability", 90.0),
        ("bulletin", 5.0),
        ("end_of_support", 12.53),
        ("releases_behind", 6.0),
        ("cap", -13.53),
    ]
    assert (s.value, s.level, s.uncapped) == (100.0, "critical", 113.53)
