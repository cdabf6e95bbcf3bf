"""Hypothesis strategies of devices and advisories for the matcher's property tests.

Versions and bounds come from small pools of real vendor strings per platform, so drawn
devices share versions (groups form) and drawn bounds hit, miss and straddle them; bounds
of other platforms' schemes and unreadable texts are drawn too, as real records have them.
"""

from __future__ import annotations

from hypothesis import strategies as st

from netcare.lifecycle.advisories.model import (
    Advisory,
    AffectedProduct,
    AffectedRange,
    Exploitation,
    FeatureCondition,
)
from netcare.lifecycle.matching.model import DeviceRecord

VERSIONS: dict[str, list[str]] = {
    "cisco_ios": [
        "12.2(55)SE12",
        "15.0(2)SE11",
        "15.2(4)E5",
        "15.2(4)E6",
        "15.2(4)E10",
        "15.2(5)E2",
        "15.2(7)E3",
        "15.2(7)E4",
        "15.2(7)E7a",
    ],
    "cisco_xe": [
        "16.12.8",
        "17.3.5",
        "17.6.3",
        "17.6.5",
        "17.6.6a",
        "17.9.3",
        "17.9.4a",
        "17.12.1",
    ],
    "juniper_junos": [
        "20.4R3-S8",
        "21.2R3-S5",
        "21.2R3-S6",
        "21.4R3-S4",
        "21.4R3-S5.4",
        "22.1R3-S3",
        "22.4R2-S2",
        "15.1X49-D200",
    ],
    "huawei_vrp": [
        "V200R008C20SPC700",
        "V200R010C00SPC600",
        "V200R019C10SPC500",
        "V200R021C00SPC100",
    ],
    "arista_eos": ["4.28.3M", "4.29.2F", "4.30.1F", "4.31.0F"],
    "cisco_nxos": ["7.0(3)I7(9)", "9.3(8)", "9.3(10)", "10.2(5)"],
    "hp_comware": [
        "7.1.070, Release 6728P22",
        "7.1.070, Release 6728P25",
        "7.1.045, Release 2311P06",
    ],
}
PLATFORMS = sorted(VERSIONS)
UNREADABLE = ["n/a", "TBD", "21.1*", "see advisory"]
MODELS: dict[str, list[str]] = {
    "cisco_ios": ["WS-C2960X-48FPD-L", "WS-C3750X-48P", "IE-4000-8GT4G-E"],
    "cisco_xe": ["C9300-48P", "C9500-24Y4C", "ISR4331/K9"],
    "juniper_junos": ["EX4300-48P", "SRX345", "MX204"],
    "huawei_vrp": ["S5735-L48T4X-A1", "AR6120", "CE6881-48S6CQ"],
    "arista_eos": ["DCS-7050SX3-48YC12", "DCS-7280SR-48C6"],
    "cisco_nxos": ["N9K-C93180YC-FX", "N3K-C3172PQ-10GE"],
    "hp_comware": ["S6850-56HF", "S5130S-52S-EI"],
}
PATTERNS = ["C9300-*", "ISR4*", "EX*", "SRX*", "S57*", "AR*", "N9K-*", "DCS-7050*", "S6850*", "*"]
FEATURES = ["bgp", "ospf", "http_server", "https_server", "ssh_server", "snmp_v2c", "nat"]


@st.composite
def ranges(draw: st.DrawFn, platform: str) -> AffectedRange:
    # Mostly the platform's own versions; now and then another scheme's, or none a
    # scheme reads, or an open bound.
    others = [v for p, vs in VERSIONS.items() if p != platform for v in vs[:1]]
    pick = st.sampled_from(VERSIONS[platform] * 5 + UNREADABLE[:2] + others[:2] + ["0", "*"])
    status = draw(st.sampled_from(["affected", "affected", "affected", "unaffected", "unknown"]))
    vtype = draw(st.sampled_from(["", "", "", "", "semver", "custom", "junos", "ios"]))
    if draw(st.integers(0, 3)) == 3:
        exact = draw(pick)
        return AffectedRange(raw=f"= {exact}", status=status, exact=exact, version_type=vtype)  # type: ignore[arg-type]
    lo, fixed, last = (
        draw(pick),
        draw(st.one_of(st.none(), pick)),
        draw(st.one_of(st.none(), st.none(), pick)),
    )
    return AffectedRange(
        raw=draw(st.sampled_from(["", f"{lo} – {fixed}"])),
        status=status,  # type: ignore[arg-type]
        introduced=lo,
        introduced_exclusive=draw(st.sampled_from([False, False, False, True])),
        fixed=fixed,
        last_affected=last,
        version_type=vtype,
    )


@st.composite
def products(draw: st.DrawFn, platforms: list[str] = PLATFORMS) -> AffectedProduct:
    platforms = tuple(
        draw(st.lists(st.sampled_from(platforms), min_size=1, max_size=2, unique=True))
    )
    home = platforms[0]
    return AffectedProduct(
        vendor="vendor",
        product=f"{home} product",
        platforms=platforms,
        models=tuple(draw(st.lists(st.sampled_from(PATTERNS), max_size=2, unique=True)))
        if draw(st.integers(0, 2)) == 2
        else (),
        ranges=tuple(
            draw(st.lists(ranges(home), min_size=draw(st.sampled_from([1, 1, 0])), max_size=4))
        ),
        default_status=draw(st.sampled_from(["unaffected", "unaffected", "affected", "unknown"])),  # type: ignore[arg-type]
        fixed_versions=tuple(draw(st.lists(st.sampled_from(VERSIONS[home] + ["TBD"]), max_size=2))),
        problems=("versions[3]: unreadable",) if draw(st.integers(0, 7)) == 7 else (),
    )


@st.composite
def advisories(
    draw: st.DrawFn, keys: list[str] | None = None, platforms: list[str] = PLATFORMS
) -> Advisory:
    key = draw(st.sampled_from(keys)) if keys else draw(st.text("abcdef", min_size=1, max_size=4))
    feature = draw(
        st.one_of(st.none(), st.lists(st.sampled_from(FEATURES), max_size=2, unique=True))
    )
    return Advisory(
        key=key,
        kind=draw(st.sampled_from(["vulnerability", "bug", "bulletin"])),
        title=key,
        source_format="vendor",
        products=tuple(draw(st.lists(products(platforms), min_size=1, max_size=3))),
        cvss_score=draw(st.one_of(st.none(), st.floats(0, 10, allow_nan=False))),
        feature=FeatureCondition(any_of=tuple(feature)) if feature is not None else None,
        exploitation=Exploitation(known_exploited=draw(st.booleans())),
    )


@st.composite
def devices(
    draw: st.DrawFn, keys: list[str] | None = None, platforms: list[str] = PLATFORMS
) -> DeviceRecord:
    platform = draw(st.sampled_from(platforms))
    version = draw(st.sampled_from(VERSIONS[platform]))
    if draw(st.integers(0, 9)) == 9:
        version = draw(st.sampled_from(["n/a", ""]))
    features = draw(st.one_of(st.none(), st.frozensets(st.sampled_from(FEATURES), max_size=3)))
    key = (
        draw(st.sampled_from(keys)) if keys else draw(st.text("0123456789", min_size=1, max_size=4))
    )
    return DeviceRecord(
        key=key,
        platform=platform,
        version=version,
        model=draw(st.sampled_from([*MODELS[platform], ""])),
        features=features,
    )
