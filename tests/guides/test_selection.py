"""Selection follows the devices and the features they run, read from real running
configurations (tests/data/inspection, with their ORIGIN notes): a router without BGP
gets no BGP check, a Comware switch running IRF gets the IRF checks; a device whose
configuration was never collected gets only feature-independent checks; checks that
watch an open finding on one of their devices come first in their frequency."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from netcare.collection.parsing.features import detect_features
from netcare.core.text import Text
from netcare.guides import selection
from netcare.guides.selection import DeviceProfile, Risk, select

DATA = Path(__file__).resolve().parents[1] / "data" / "inspection"


def _real(key: str, hostname: str, platform: str, sample: str, model: str = "") -> DeviceProfile:
    config = (DATA / platform / sample / "running_config.txt").read_text(encoding="utf-8")
    features = frozenset(detect_features(platform, config))
    return DeviceProfile(key, hostname, platform, model, features)


def _ids(chosen: selection.Selection, hostname: str | None = None) -> set[str]:
    return {c.item.id for c in chosen.checks if hostname is None or hostname in c.devices}


def test_a_device_without_bgp_gets_no_bgp_check() -> None:
    border = _real("1", "as2border2", "cisco_ios", "as2border2")  # router bgp + ospf
    edge = _real("2", "csr1", "cisco_ios", "csr1-napalm")  # ospf, no bgp
    assert "bgp" in (border.features or ()) and "bgp" not in (edge.features or ())
    chosen = select(selection.library(), [border, edge])
    assert "ios.bgp_summary" in _ids(chosen, "as2border2")
    assert "ios.bgp_summary" not in _ids(chosen, "csr1")
    bgp = [c for c in chosen.checks if c.item.id == "ios.bgp_summary"]
    assert bgp[0].devices == ("as2border2",)
    # both run OSPF, so both get the OSPF neighbour check; both get the hardware checks
    assert {"common.show_ip_ospf_neighbor", "ios.environment"} <= _ids(chosen, "csr1")


def test_features_decide_per_platform_family() -> None:
    irf = _real("1", "cw7-core", "hp_comware", "ntc123456-cw7")  # IRF, BGP, STP, NTP
    ar = _real("2", "ar-branch", "huawei_vrp", "ar-v300r019")  # no BGP, no stacking
    chosen = select(selection.library(), [irf, ar])
    comware = _ids(chosen, "cw7-core")
    vrp = _ids(chosen, "ar-branch")
    assert {"comware.irf", "comware.irf_link", "comware.bgp_peer", "common.display_stp"} <= comware
    assert "comware.link_aggregation" not in comware  # no dynamic aggregation configured
    assert not {"vrp.bgp_peer", "vrp.stack", "common.display_ospf_peer"} & vrp
    assert {"vrp.power", "vrp.fan", "common.display_stp"} <= vrp
    assert chosen.platforms == ("hp_comware", "huawei_vrp")
    assert "bgp" in chosen.features and chosen.unknown_features == ()
    # a check shared by both families is done on both
    shared = next(c for c in chosen.checks if c.item.id == "common.display_cpu")
    assert shared.devices == ("ar-branch", "cw7-core")


def test_unknown_features_get_only_feature_independent_checks() -> None:
    unknown = DeviceProfile("1", "leaf-1", "arista_eos", "DCS-7050SX3-48YC8", None)
    chosen = select(selection.library(), [unknown])
    assert chosen.checks and all(c.item.feature is None for c in chosen.checks)
    assert chosen.unknown_features == ("leaf-1",)
    assert "eos.bgp_summary" not in _ids(chosen)


def test_a_platform_without_checks_is_said() -> None:
    other = DeviceProfile("9", "fw-1", "paloalto_panos", "PA-3220", frozenset())
    chosen = select(selection.library(), [other])
    assert chosen.checks == () and chosen.uncovered == ("fw-1",)


def test_watched_checks_come_first_with_the_worst_risk_first() -> None:
    core = _real("1", "cw7-core", "hp_comware", "ntc123456-cw7")
    risks = [
        Risk("common.cpu_high", Text("CPU 利用率高", "CPU high"), "minor", frozenset({"1"})),
        Risk(
            "common.psu_failed",
            Text("电源模块故障", "Power supply failed"),
            "critical",
            frozenset({"1"}),
        ),
        # a finding on another customer device: it does not reorder this one's checks
        Risk("common.fan_failed", Text("风扇故障", "Fan failed"), "critical", frozenset({"7"})),
    ]
    chosen = select(selection.library(), [core], risks)
    daily = chosen.by_frequency("daily")
    first = [c.item.id for c in daily[:3]]
    assert first[0] in {"comware.power", "common.display_alarm"}
    assert {c.item.id for c in daily if c.watched} == {
        "comware.power",
        "common.display_alarm",
        "common.display_cpu",
    }
    watched = [c for c in daily if c.watched]
    assert daily[: len(watched)] == watched  # watched ones lead
    assert watched[-1].item.id == "common.display_cpu"  # minor after critical
    assert all(r.rule_id != "common.fan_failed" for c in chosen.checks for r in c.risks)
    assert [c.item.frequency for c in chosen.checks] == sorted(
        (c.item.frequency for c in chosen.checks), key=selection.FREQUENCIES.index
    )


def test_model_patterns_narrow_a_check() -> None:
    item = selection.library()[0]
    narrowed = dataclasses.replace(item, models=(re.compile("^S125", re.IGNORECASE),))
    box = DeviceProfile("1", "core", item.platforms[0], "S12508X-AF", frozenset())
    small = DeviceProfile("2", "access", item.platforms[0], "S5130S-28S-EI", frozenset())
    assert selection.applies(narrowed, box) and not selection.applies(narrowed, small)
