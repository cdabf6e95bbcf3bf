"""vers: URIs and constraint lists as ranges, and the product map."""

from __future__ import annotations

import pytest

from netcare.lifecycle.advisories import AffectedRange, load_product_map
from netcare.lifecycle.advisories.common import next_after_prefix, strip_operator
from netcare.lifecycle.advisories.ranges import parse_constraints, parse_vers


def test_vers_cisco_range() -> None:
    parsed = parse_vers("vers:cisco/>=15.2|<15.2(7)E5")
    assert parsed.problems == []
    assert parsed.ranges == [
        AffectedRange(
            raw="vers:cisco/>=15.2|<15.2(7)E5",
            introduced="15.2",
            fixed="15.2(7)E5",
            version_type="cisco",
        )
    ]


def test_vers_exclusive_lower_bound_and_exclusion() -> None:
    parsed = parse_vers("vers:intdot/>2.1.0|!=3.0.0|<4.2.0")
    assert [(r.introduced, r.introduced_exclusive, r.fixed) for r in parsed.ranges] == [
        ("2.1.0", True, "3.0.0"),
        ("3.0.0", True, "4.2.0"),
    ]


def test_vers_several_ranges_and_single_versions() -> None:
    parsed = parse_vers("vers:generic/1.0|>=2.0|<=2.4|>=3.0")
    assert [(r.exact, r.introduced, r.last_affected) for r in parsed.ranges] == [
        ("1.0", None, None),
        (None, "2.0", "2.4"),
        (None, "3.0", None),
    ]


def test_vers_only_exclusions_means_every_other_version() -> None:
    parsed = parse_vers("vers:generic/!=1.0|!=2.0")
    assert [(r.introduced, r.introduced_exclusive, r.fixed) for r in parsed.ranges] == [
        (None, False, "1.0"),
        ("1.0", True, "2.0"),
        ("2.0", True, None),
    ]


def test_vers_star_is_every_version() -> None:
    assert parse_vers("vers:generic/*").ranges == [
        AffectedRange(raw="vers:generic/*", version_type="generic")
    ]


@pytest.mark.parametrize(
    "text", ["vers:/1.0", "vers:generic/", "vers:generic/>=1|>=2", "vers:x/*|>1", "cisco/1.0"]
)
def test_bad_vers_is_a_problem(text: str) -> None:
    parsed = parse_vers(text)
    assert parsed.ranges == [] and parsed.problems


def test_free_constraints() -> None:
    assert parse_constraints("< V8.18.13").ranges == [
        AffectedRange(raw="< V8.18.13", fixed="V8.18.13")
    ]
    assert parse_constraints("V200R020C00").ranges[0].exact == "V200R020C00"
    assert parse_constraints(">=1.0 junk(").problems


def test_bound_helpers() -> None:
    assert strip_operator("<= 8.1") == ("<=", "8.1")
    assert strip_operator("=< 8.1") == ("<=", "8.1")
    assert strip_operator("8.1") == ("", "8.1")
    assert next_after_prefix("21.1") == "21.2"
    assert next_after_prefix("4.28.") == "4.29"
    assert next_after_prefix("V200R019C09") == "V200R019C10"
    assert next_after_prefix("22.4R") is None


@pytest.mark.parametrize(
    ("vendor", "product", "platforms", "models"),
    [
        ("Cisco", "Cisco Catalyst 9300 Series Switches", ("cisco_xe",), ("C9300*",)),
        ("Cisco", "IOS XE Software", ("cisco_xe",), ()),
        ("Cisco", "NX-OS Software", ("cisco_nxos",), ()),
        ("Cisco", "IOS", ("cisco_ios",), ()),
        ("Cisco", "Cisco IOS XR Software", (), ()),
        ("Huawei", "Huawei S5700", ("huawei_vrp",), ("S5700*",)),
        ("Huawei Technologies Co., Ltd.", "CE6850", ("huawei_vrp",), ("CE6850*",)),
        ("H3C", "H3C S6800", ("hp_comware",), ("S6800*",)),
        ("New H3C Technologies Co., Ltd.", "Comware 7", ("hp_comware",), ()),
        ("Juniper Networks", "Junos OS", ("juniper_junos",), ()),
        ("Juniper Networks", "Junos OS Evolved", ("juniper_junos",), ()),
        ("Arista Networks", "EOS", ("arista_eos",), ()),
        ("Example Company", "Product A", (), ()),
        ("", "", (), ()),
    ],
)
def test_product_map(
    vendor: str, product: str, platforms: tuple[str, ...], models: tuple[str, ...]
) -> None:
    found = load_product_map().lookup(vendor, product)
    assert (found.platforms, found.models) == (platforms, models)


def test_product_map_reads_cpe_and_purl() -> None:
    mapping = load_product_map()
    assert mapping.lookup("", "", cpe="cpe:2.3:o:cisco:ios_xe:17.3.4a:*:*:*:*:*:*:*").platforms == (
        "cisco_xe",
    )
    assert mapping.lookup("", "", cpe="cpe:/o:juniper:junos:21.4").platforms == ("juniper_junos",)
    assert mapping.lookup("", "", purl="pkg:generic/arista/eos@4.30.1F").platforms == (
        "arista_eos",
    )
    assert mapping.models_for_platforms("Juniper Networks", ["EX Series", "SRX Series"]) == (
        "EX*",
        "SRX*",
    )
    assert mapping.models_for_platforms("Juniper Networks", ["EX Series", "vSRX"]) == ()
