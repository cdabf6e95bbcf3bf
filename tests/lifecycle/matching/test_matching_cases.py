"""The matcher, status by status and reason by reason, on real vendor version strings and
advisories modelled on public bulletins — and the reference loop agreeing on each."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from netcare.lifecycle.matching.matcher import Matcher, match
from netcare.lifecycle.matching.model import DeviceRecord, ExposureStatus, Reason
from netcare.lifecycle.matching.reference import naive_exposure
from netcare.lifecycle.versions import try_parse

from .kit import advisory, device, product, rng

V, P, N, U = (
    ExposureStatus.VULNERABLE,
    ExposureStatus.POTENTIALLY_VULNERABLE,
    ExposureStatus.NOT_VULNERABLE,
    ExposureStatus.UNKNOWN,
)

# CVE-2023-20198, the IOS XE web UI: listed releases, fixed releases, web server needed.
WEBUI = advisory(
    "cisco-sa-iosxe-webui-privesc-j22SaA4z",
    product(
        "cisco_xe",
        rng("17.9.1", exact="17.9.1"),
        rng("17.9.2", exact="17.9.2"),
        rng("17.9.3", exact="17.9.3"),
        rng("17.6.5", exact="17.6.5"),
        fixed=("17.9.4a", "17.6.6a", "17.3.8a"),
    ),
    cves=("CVE-2023-20198",),
    cvss=10.0,
    severity="critical",
    feature=("http_server", "https_server"),
    kev=True,
)
# CVE-2018-0171, Smart Install: one range per IOS train.
SMI = advisory(
    "cisco-sa-20180328-smi2",
    product(
        "cisco_ios",
        rng("15.2(4)E to before 15.2(4)E6", introduced="15.2(4)E", fixed="15.2(4)E6"),
        rng("15.2(5)E to before 15.2(5)E2", introduced="15.2(5)E", fixed="15.2(5)E2"),
        rng("15.2(6)E to 15.2(6)E0a", introduced="15.2(6)E", last="15.2(6)E0a"),
    ),
    cves=("CVE-2018-0171",),
    cvss=9.8,
)
# CVE-2023-36844, J-Web on EX and SRX: one range per Junos release line.
JWEB = advisory(
    "JSA72300",
    product(
        "juniper_junos",
        rng("0 to before 20.4R3-S9", introduced="0", fixed="20.4R3-S9", version_type="semver"),
        rng("21.2 to before 21.2R3-S6", introduced="21.2R1", fixed="21.2R3-S6"),
        rng("21.4 to before 21.4R3-S5", introduced="21.4R1", fixed="21.4R3-S5"),
        rng("22.1 to before 22.1R3-S4", introduced="22.1R1", fixed="22.1R3-S4"),
        models=("EX*", "SRX*"),
    ),
    cves=("CVE-2023-36844",),
    cvss=5.3,
    feature=("http_server", "https_server"),
    kev=True,
)
UNREADABLE = advisory(
    "cisco-sa-ios-dhcp-tbd",
    product(
        "cisco_ios",
        rng("15.2(7)E to TBD", introduced="15.2(7)E", fixed="TBD"),
    ),
    cvss=7.5,
)
FOREIGN = advisory(
    "cisco-sa-foreign-scheme",
    product("cisco_ios", rng(">= 21.2", introduced="21.2", version_type="junos")),
)
STATUS_UNKNOWN = advisory(
    "cisco-sa-iosxe-under-investigation",
    product(
        "cisco_xe",
        rng("17.12.1 to before 17.12.2", status="unknown", introduced="17.12.1", fixed="17.12.2"),
    ),
)
EOS_DEFAULT = advisory(
    "arista-sa-0093",
    product(
        "arista_eos",
        rng("4.30.0F and later", status="unaffected", introduced="4.30.0F"),
        default="affected",
    ),
    cvss=6.5,
)
NXOS_DEFAULT_UNKNOWN = advisory(
    "cisco-sa-nxos-unknown-default",
    product(
        "cisco_nxos", rng("9.3(1) to 9.3(9)", introduced="9.3(1)", last="9.3(9)"), default="unknown"
    ),
)
NXOS_PROBLEMS = advisory(
    "cisco-sa-nxos-problems",
    product("cisco_nxos", problems=("versions[0]: cannot read 'all releases before 2019'",)),
)
NXOS_BARE = advisory("cisco-sa-nxos-bare", product("cisco_nxos"))
NXOS_OVERRIDE = advisory(
    "cisco-sa-nxos-override",
    product(
        "cisco_nxos",
        rng("9.3(1) to before 9.3(10)", introduced="9.3(1)", fixed="9.3(10)"),
        rng("9.3(8)", status="unaffected", exact="9.3(8)"),
    ),
)
TWO_FAMILIES = advisory(
    "cisco-sa-iosxe-two-families",
    product(
        "cisco_xe",
        rng("17.3.1 to before 17.3.5", introduced="17.3.1", fixed="17.3.5"),
        models=("C9300-*",),
        name="Catalyst 9300",
    ),
    product(
        "cisco_xe",
        rng("17.6.1 to before 17.6.4", introduced="17.6.1", fixed="17.6.4"),
        models=("ISR4*",),
        name="ISR 4000",
    ),
)
COMWARE = advisory(
    "hpesbnw04500",
    product(
        "hp_comware",
        rng(
            "Release 6728 to before Release 6728P25",
            introduced="7.1.070, Release 6728",
            fixed="7.1.070, Release 6728P25",
        ),
    ),
    cvss=7.5,
)
VRP_H323 = advisory(
    "huawei-sa-20171213-01-h323",
    product(
        "huawei_vrp",
        rng("V200R008C20SPC700", exact="V200R008C20SPC700"),
        rng("V200R007C00SPC900", exact="V200R007C00SPC900"),
        models=("AR*",),
        fixed=("V200R009C00",),
    ),
    cves=("CVE-2017-17151",),
    cvss=5.9,
)


@dataclass(frozen=True)
class Case:
    name: str
    device: DeviceRecord
    advisory: object
    status: ExposureStatus
    reason: Reason
    range: str | None = None
    fixed: tuple[str, ...] | None = None
    says: str = ""  # a phrase the English detail contains
    scheme: str = ""  # a vendor scheme the case needs (skipped until it reads the version)


CASES = [
    Case(
        "xe web ui in use",
        device("sw1", "cisco_xe", "17.9.3", "C9300-48P", {"https_server", "ssh_server"}),
        WEBUI,
        V,
        Reason.FEATURE_IN_USE,
        "17.9.3",
        ("17.9.4a",),
        "uses https_server",
    ),
    Case(
        "xe features unknown",
        device("sw2", "cisco_xe", "17.9.3", "C9300-48P"),
        WEBUI,
        P,
        Reason.FEATURE_UNKNOWN,
        "17.9.3",
        ("17.9.4a",),
        "features are unknown",
    ),
    Case(
        "xe web ui off",
        device("sw3", "cisco_xe", "17.9.3", "C9300-48P", {"ssh_server"}),
        WEBUI,
        N,
        Reason.FEATURE_NOT_IN_USE,
        "17.9.3",
        (),
        "none is",
    ),
    Case(
        "xe listed fix",
        device("sw4", "cisco_xe", "17.9.4a", "C9300-48P", {"http_server"}),
        WEBUI,
        N,
        Reason.VERSION_FIXED,
        "",
        (),
        "17.9.4a",
    ),
    Case(
        "xe not listed",
        device("sw5", "cisco_xe", "17.12.1", "C9300-48P", {"http_server"}),
        WEBUI,
        N,
        Reason.VERSION_NOT_IN_RANGE,
        "",
        (),
    ),
    Case(
        "ios smart install",
        device("acc1", "cisco_ios", "15.2(4)E5", "WS-C2960X-48FPD-L"),
        SMI,
        V,
        Reason.VERSION_IN_RANGE,
        "15.2(4)E to before 15.2(4)E6",
        None,
    ),
    Case(
        "ios past the train's fix",
        device("acc2", "cisco_ios", "15.2(4)E10", "WS-C2960X-48FPD-L"),
        SMI,
        N,
        Reason.VERSION_FIXED,
        "15.2(4)E to before 15.2(4)E6",
        (),
        "15.2(4)E6",
    ),
    Case(
        "ios last affected",
        device("acc3", "cisco_ios", "15.2(6)E0a"),
        SMI,
        V,
        Reason.VERSION_IN_RANGE,
        "15.2(6)E to 15.2(6)E0a",
    ),
    Case(
        "ios older train",
        device("acc4", "cisco_ios", "12.2(55)SE12", "WS-C3750X-48P"),
        SMI,
        N,
        Reason.VERSION_NOT_IN_RANGE,
        "",
    ),
    Case(
        "ios version unreadable",
        device("acc5", "cisco_ios", "n/a", "WS-C2960X-48FPD-L"),
        SMI,
        U,
        Reason.VERSION_UNKNOWN,
        "",
        (),
        "cannot be read",
    ),
    Case(
        "junos j-web in use",
        device("ex1", "juniper_junos", "21.4R3-S4", "EX4300-48P", {"https_server"}),
        JWEB,
        V,
        Reason.FEATURE_IN_USE,
        "21.4 to before 21.4R3-S5",
    ),
    Case(
        "junos j-web off",
        device("ex2", "juniper_junos", "21.4R3-S4", "EX4300-48P", set()),
        JWEB,
        N,
        Reason.FEATURE_NOT_IN_USE,
    ),
    Case(
        "junos features unknown",
        device("srx1", "juniper_junos", "21.2R3-S5", "SRX345"),
        JWEB,
        P,
        Reason.FEATURE_UNKNOWN,
        "21.2 to before 21.2R3-S6",
    ),
    Case(
        "junos model out of scope",
        device("mx1", "juniper_junos", "21.4R3-S4", "MX204", {"https_server"}),
        JWEB,
        N,
        Reason.MODEL_OUT_OF_SCOPE,
        "",
        (),
        "EX*",
    ),
    Case(
        "junos fixed service release",
        device("ex3", "juniper_junos", "21.4R3-S5.4", "EX2300-24T", {"https_server"}),
        JWEB,
        N,
        Reason.VERSION_FIXED,
        "21.4 to before 21.4R3-S5",
    ),
    Case(
        "junos model unknown is in scope",
        device("ex4", "juniper_junos", "22.1R3-S3", "", {"http_server"}),
        JWEB,
        V,
        Reason.FEATURE_IN_USE,
    ),
    Case(
        "junos model case-blind",
        device("srx2", "juniper_junos", "20.4R3-S8", "srx300", {"http_server"}),
        JWEB,
        V,
        Reason.FEATURE_IN_USE,
        "0 to before 20.4R3-S9",
    ),
    Case(
        "unreadable bound decides",
        device("acc6", "cisco_ios", "15.2(7)E3"),
        UNREADABLE,
        U,
        Reason.RANGE_UNREADABLE,
        "15.2(7)E to TBD",
        None,
        "fixed 'TBD'",
    ),
    Case(
        "readable bound excludes",
        device("acc7", "cisco_ios", "15.2(4)E5"),
        UNREADABLE,
        N,
        Reason.VERSION_NOT_IN_RANGE,
        "",
    ),
    Case(
        "bound of another scheme",
        device("acc8", "cisco_ios", "15.2(7)E3"),
        FOREIGN,
        U,
        Reason.RANGE_UNREADABLE,
        ">= 21.2",
        None,
        "junos version",
    ),
    Case(
        "range of unknown status",
        device("c1", "cisco_xe", "17.12.1a", "C9300-24T"),
        STATUS_UNKNOWN,
        U,
        Reason.RANGE_UNKNOWN,
        "17.12.1 to before 17.12.2",
    ),
    Case(
        "default affected",
        device("leaf1", "arista_eos", "4.28.3M", "DCS-7050SX3-48YC12"),
        EOS_DEFAULT,
        V,
        Reason.DEFAULT_AFFECTED,
        "",
    ),
    Case(
        "unaffected range",
        device("leaf2", "arista_eos", "4.30.1F", "DCS-7050SX3-48YC12"),
        EOS_DEFAULT,
        N,
        Reason.VERSION_NOT_IN_RANGE,
        "4.30.0F and later",
    ),
    Case(
        "default unknown",
        device("n9k1", "cisco_nxos", "10.2(5)", "N9K-C93180YC-FX"),
        NXOS_DEFAULT_UNKNOWN,
        U,
        Reason.DEFAULT_UNKNOWN,
        "",
    ),
    Case(
        "default unknown, in range",
        device("n9k2", "cisco_nxos", "9.3(8)", "N9K-C93180YC-FX"),
        NXOS_DEFAULT_UNKNOWN,
        V,
        Reason.VERSION_IN_RANGE,
        "9.3(1) to 9.3(9)",
    ),
    Case(
        "reader problems",
        device("n9k3", "cisco_nxos", "9.3(8)"),
        NXOS_PROBLEMS,
        U,
        Reason.NO_VERSIONS,
        "",
        (),
        "could not be read",
    ),
    Case(
        "no versions at all",
        device("n9k4", "cisco_nxos", "9.3(8)"),
        NXOS_BARE,
        U,
        Reason.NO_VERSIONS,
        "",
        (),
        "without giving",
    ),
    Case(
        "unaffected overrides",
        device("n9k5", "cisco_nxos", "9.3(8)"),
        NXOS_OVERRIDE,
        N,
        Reason.VERSION_NOT_IN_RANGE,
        "9.3(8)",
        (),
        "not affected",
    ),
    Case(
        "unaffected overrides, neighbour",
        device("n9k6", "cisco_nxos", "9.3(7)"),
        NXOS_OVERRIDE,
        V,
        Reason.VERSION_IN_RANGE,
        "9.3(1) to before 9.3(10)",
        ("9.3(10)",),
    ),
    Case(
        "second product's family",
        device("isr1", "cisco_xe", "17.6.3", "ISR4331/K9"),
        TWO_FAMILIES,
        V,
        Reason.VERSION_IN_RANGE,
        "17.6.1 to before 17.6.4",
    ),
    Case(
        "first product's family only",
        device("c2", "cisco_xe", "17.6.3", "C9300-48P"),
        TWO_FAMILIES,
        N,
        Reason.VERSION_FIXED,
        "17.3.1 to before 17.3.5",
    ),
    Case(
        "neither family",
        device("csr1", "cisco_xe", "17.6.3", "CSR1000V"),
        TWO_FAMILIES,
        N,
        Reason.MODEL_OUT_OF_SCOPE,
        "",
        (),
        "C9300-*, ISR4*",
    ),
    Case(
        "comware release",
        device("h3c1", "hp_comware", "7.1.070, Release 6728P22", "S6850-56HF"),
        COMWARE,
        V,
        Reason.VERSION_IN_RANGE,
        None,
        ("7.1.070, Release 6728P25",),
    ),
    Case(
        "vrp listed release",
        device("ar1", "huawei_vrp", "V200R008C20SPC700", "AR2220"),
        VRP_H323,
        V,
        Reason.VERSION_IN_RANGE,
        "V200R008C20SPC700",
        ("V200R009C00",),
        scheme="vrp",
    ),
    Case(
        "vrp other release",
        device("ar2", "huawei_vrp", "V200R019C10SPC500", "AR6120"),
        VRP_H323,
        N,
        Reason.VERSION_NOT_IN_RANGE,
        "",
        (),
        scheme="vrp",
    ),
    Case(
        "vrp switch out of scope",
        device("s1", "huawei_vrp", "V200R019C10SPC500", "S5735-L48T4X-A1"),
        VRP_H323,
        N,
        Reason.MODEL_OUT_OF_SCOPE,
    ),
]


def _needs(case: Case) -> None:
    if case.scheme and try_parse(case.scheme, case.device.version) is None:
        pytest.skip(f"the {case.scheme} scheme does not read {case.device.version!r} yet")


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_status_and_reason(case: Case) -> None:
    _needs(case)
    [found] = match([case.device], [case.advisory])  # type: ignore[list-item]
    assert (found.status, found.reason) == (case.status, case.reason), found.detail.en
    assert found.device == case.device.key
    if case.range is not None:
        assert found.range == case.range
    if case.fixed is not None:
        assert found.fixed == case.fixed
    assert case.says in found.detail.en
    assert found.detail.zh and found.detail.en
    assert naive_exposure(case.device, case.advisory) == found  # type: ignore[arg-type]


def test_every_reason_and_status_has_a_case() -> None:
    assert {c.reason for c in CASES} == set(Reason)
    assert {c.status for c in CASES} == set(ExposureStatus)


def test_no_product_on_the_platform_no_exposure() -> None:
    leaf = device("leaf1", "arista_eos", "4.28.3M")
    assert match([leaf], [WEBUI, SMI, JWEB]) == []
    assert Matcher([WEBUI]).set_device(leaf) == []


def test_worst_product_wins() -> None:
    both = advisory(
        "cisco-sa-two-products",
        product("cisco_ios", rng("12.2 line", introduced="12.2(55)SE", fixed="12.2(55)SE13")),
        product("cisco_ios", rng("15.2 line", introduced="15.2(4)E", fixed="15.2(4)E9")),
    )
    [found] = match([device("a", "cisco_ios", "15.2(4)E8")], [both])
    assert (found.status, found.range) == (V, "15.2 line")


def test_fixed_names_the_range_fix_and_the_trains_later_fixes() -> None:
    [found] = match([device("acc1", "cisco_ios", "15.2(4)E5")], [SMI])
    assert found.fixed[0] == "15.2(4)E6"  # the deciding range's fix comes first
    if getattr(try_parse("ios", "15.2(4)E5"), "train", ""):
        # 15.2(5)E2 fixes the same train (15.2E) later on; 15.2(6)E0a is a last-affected bound
        assert found.fixed == ("15.2(4)E6", "15.2(5)E2")


def test_fixed_lists_newer_releases_only() -> None:
    [found] = match([device("sw", "cisco_xe", "17.6.5", features={"http_server"})], [WEBUI])
    assert found.status == V
    assert found.fixed == ("17.6.6a", "17.9.4a")  # newer than 17.6.5, oldest first
    [found] = match([device("sw", "cisco_xe", "garbled")], [WEBUI])
    assert found.fixed == ("17.9.4a", "17.6.6a", "17.3.8a")  # version unknown: all of them


def test_detail_names_range_and_versions_in_both_languages() -> None:
    [found] = match([device("acc1", "cisco_ios", "15.2(4)E5")], [SMI])
    assert "15.2(4)E5" in found.detail.zh and "15.2(4)E to before 15.2(4)E6" in found.detail.zh
    assert found.detail.en.startswith("15.2(4)E5 is in the affected range")
    assert found.detail.pick("zh-hans") == found.detail.zh


def test_exposures_sorted_by_device_then_advisory() -> None:
    fleet = [
        device("b", "cisco_ios", "15.2(4)E5"),
        device("a", "cisco_xe", "17.9.3"),
        device("c", "juniper_junos", "21.4R3-S4", "EX4300-48P"),
    ]
    found = match(fleet, [SMI, UNREADABLE, WEBUI, JWEB])
    assert [(e.device, e.advisory) for e in found] == sorted((e.device, e.advisory) for e in found)
    assert {e.device for e in found} == {"a", "b", "c"}


def test_later_duplicates_replace_earlier() -> None:
    old = device("acc1", "cisco_ios", "15.2(4)E5")
    new = device("acc1", "cisco_ios", "15.2(4)E10")
    [found] = match([old, new], [SMI])
    assert found.reason == Reason.VERSION_FIXED
