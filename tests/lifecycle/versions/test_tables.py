"""Table tests of the version schemes: how each form reads (normalised text and train),
tricky pairs in vendor order, equal spellings, refused strings with their reason, and
the public API around them."""

from __future__ import annotations

import pytest

from netcare.lifecycle import versions
from netcare.lifecycle.versions import (
    PLATFORM_SCHEME,
    SCHEMES,
    VersionError,
    compare,
    parse,
    scheme_for,
    try_parse,
)

READS = [
    # scheme, text, normalised, train
    ("comware", "7.1.070, Release 6728P22", "7.1.070, Release 6728P22", "67xx"),
    ("comware", "Version 7.1.070, Release 7585P05", "7.1.070, Release 7585P05", "75xx"),
    ("comware", "7.1.045-Release 2418P06", "7.1.045, Release 2418P06", "24xx"),
    ("comware", "7.1.070, ESS 6728P01", "7.1.070, ESS 6728P01", "67xx"),
    ("comware", "Feature 3506", "Feature 3506", "35xx"),
    ("comware", "5.20.99, Release 1115P16", "5.20.99, Release 1115P16", "11xx"),
    ("comware", "5.20, Release 2208P01", "5.20, Release 2208P01", "22xx"),
    ("comware", "Release 6728P22", "Release 6728P22", "67xx"),
    ("comware", "r6728p22", "Release 6728P22", "67xx"),
    ("comware", "7.1.070-R6728P22H01", "7.1.070, Release 6728P22H01", "67xx"),
    (
        "comware",
        "H3C Comware Software, Version 7.1.070, Release 6710",
        "7.1.070, Release 6710",
        "67xx",
    ),
    (
        "comware",
        "HPE Comware Platform Software, Software Version 7.1.070, Release 2612",
        "7.1.070, Release 2612",
        "26xx",
    ),
    ("vrp", "V200R019C10SPC500", "V200R019C10SPC500", "V200R019C10"),
    ("vrp", "V200R019C10SPH201", "V200R019C10SPH201", "V200R019C10"),
    ("vrp", "V200R019C10SPC500 SPH201", "V200R019C10SPC500SPH201", "V200R019C10"),
    ("vrp", "V200R019C10SPC500 + V200R019SPH201", "V200R019C10SPC500SPH201", "V200R019C10"),
    (
        "vrp",
        "VRP (R) software, Version 8.180 (CE6850 V100R003C00SPC600)",
        "V100R003C00SPC600",
        "V100R003C00",
    ),
    ("vrp", "Version 5.170 (S5720 V200R019C10SPC500)", "V200R019C10SPC500", "V200R019C10"),
    ("vrp", "V800R021C10", "V800R021C10", "V800R021C10"),
    ("vrp", "v100r006c05", "V100R006C05", "V100R006C05"),
    ("vrp", "V300R001C00SPC100B012", "V300R001C00SPC100B012", "V300R001C00"),
    ("vrp", "V200R005C00SPC300+V200R005CP0001", "V200R005C00SPC300CP0001", "V200R005C00"),
    ("vrp", "AR120-S V200R005C32", "V200R005C32", "V200R005C32"),
    ("ios", "15.2(4)E10", "15.2(4)E10", "15.2E"),
    ("ios", "12.2(55)SE12", "12.2(55)SE12", "12.2SE"),
    ("ios", "15.0(2)SE11", "15.0(2)SE11", "15.0SE"),
    ("ios", "12.4(24)T8", "12.4(24)T8", "12.4T"),
    ("ios", "15.1(2)SY14", "15.1(2)SY14", "15.1SY"),
    ("ios", "15.5(3)S10", "15.5(3)S10", "15.5S"),
    ("ios", "15.2(7)E7a", "15.2(7)E7a", "15.2E"),
    ("ios", "15.9(3)M4", "15.9(3)M4", "15.9M"),
    ("ios", "12.2(33)SXJ10", "12.2(33)SXJ10", "12.2SXJ"),
    ("ios", "15.2(7)E0a", "15.2(7)E0a", "15.2E"),
    ("ios", "12.4(25f)", "12.4(25f)", "12.4"),
    ("ios", "Version 15.2(4)e10", "15.2(4)E10", "15.2E"),
    ("iosxe", "17.9.4a", "17.9.4a", "17.9"),
    ("iosxe", "16.12.10a", "16.12.10a", "16.12"),
    ("iosxe", "17.06.05", "17.6.5", "17.6"),
    ("iosxe", "03.16.10.S", "3.16.10S", "3.16S"),
    ("iosxe", "3.6.6E", "3.6.6E", "3.6E"),
    ("iosxe", "17.3.4b", "17.3.4b", "17.3"),
    ("iosxe", "16.12.1z1", "16.12.1z1", "16.12"),
    ("iosxe", "17.11.99SW", "17.11.99SW", "17.11"),
    ("iosxe", "17.9.4A", "17.9.4a", "17.9"),
    ("iosxe", "Cisco IOS XE Software, Version 17.09.04a", "17.9.4a", "17.9"),
    ("nxos", "9.3(8)", "9.3(8)", "9.3"),
    ("nxos", "7.0(3)I7(9)", "7.0(3)I7(9)", "7.0(3)I7"),
    ("nxos", "10.2(5)M", "10.2(5)M", "10.2"),
    ("nxos", "6.0(2)U6(10)", "6.0(2)U6(10)", "6.0(2)U6"),
    ("nxos", "10.3(4a)M", "10.3(4a)M", "10.3"),
    ("nxos", "8.4(7)", "8.4(7)", "8.4"),
    ("nxos", "6.0(2)a6(1)", "6.0(2)A6(1)", "6.0(2)A6"),
    ("nxos", "5.2(1)SV3(1.15)", "5.2(1)SV3(1.15)", "5.2(1)SV3"),
    ("nxos", "7.3(0)DX(1)", "7.3(0)DX(1)", "7.3(0)DX"),
    ("nxos", "10.2.5.M", "10.2(5)M", "10.2"),
    ("nxos", "7.0.3.I7.9", "7.0(3)I7(9)", "7.0(3)I7"),
    ("nxos", "NXOS: version 9.3(10)", "9.3(10)", "9.3"),
    ("junos", "21.4R3-S5.4", "21.4R3-S5.4", "21.4"),
    ("junos", "15.1X49-D200", "15.1X49-D200", "15.1X49"),
    ("junos", "18.4R2-S3", "18.4R2-S3", "18.4"),
    ("junos", "20.4R3-S1.3", "20.4R3-S1.3", "20.4"),
    ("junos", "19.1R1.6", "19.1R1.6", "19.1"),
    ("junos", "12.3X48-D105", "12.3X48-D105", "12.3X48"),
    ("junos", "22.4R3-S2-EVO", "22.4R3-S2-EVO", "22.4-EVO"),
    ("junos", "21.2R3-S6.2", "21.2R3-S6.2", "21.2"),
    ("junos", "15.1F6-S5", "15.1F6-S5", "15.1F"),
    ("junos", "Junos: 21.4R3-S5.4", "21.4R3-S5.4", "21.4"),
    # a release line, as Juniper's advisories bound ranges ("21.4 before 21.4R3-S5")
    ("junos", "21.4", "21.4", "21.4"),
    ("junos", "22.4-EVO", "22.4-EVO", "22.4-EVO"),
    ("eos", "4.28.3M", "4.28.3M", "4.28"),
    ("eos", "4.30.1F", "4.30.1F", "4.30"),
    ("eos", "4.21.1.1F", "4.21.1.1F", "4.21"),
    ("eos", "4.22.2.1FX-CLI", "4.22.2.1FX-CLI", "4.22"),
    ("eos", "4.31.2F-35442176.4312F", "4.31.2F", "4.31"),
    ("eos", "EOS-4.28.3m", "4.28.3M", "4.28"),
    ("generic", "v7.4.4a", "7.4.4a", "7.4"),
    ("generic", "1.2-rc1", "1.2rc1", "1.2"),
    ("generic", " 10.02.003 ", "10.2.3", "10.2"),
]


@pytest.mark.parametrize(("scheme", "text", "normalised", "train"), READS)
def test_reads(scheme: str, text: str, normalised: str, train: str) -> None:
    version = parse(scheme, text)
    assert (version.normalised, version.train) == (normalised, train)
    assert version.raw == text.strip()
    assert parse(scheme, normalised) == version


ORDERED = [
    # scheme, older, newer
    ("comware", "Feature 6728", "ESS 6728P01"),
    ("comware", "ESS 6728P30", "Release 6728"),
    ("comware", "Release 6728", "R6728P01"),
    ("comware", "R6728P22", "R6728P22H01"),
    ("comware", "7.1.070, Release 6728P22", "R6729"),
    ("comware", "5.20, Release 2208P01", "7.1.045-Release 2418P06"),
    ("vrp", "V200R019C10", "V200R019C10SPH201"),
    ("vrp", "V200R019C10SPH201", "V200R019C10SPC100"),
    ("vrp", "V200R019C10SPC500", "V200R019C10SPC500 SPH201"),
    ("vrp", "V200R019C10SPC500 SPH201", "V200R019C10SPC500 SPH202"),
    ("vrp", "V200R019C10SPC500 SPH201", "V200R019C10SPC600"),
    ("vrp", "V200R019C10SPC600", "V200R019C20"),
    ("vrp", "V200R019C20", "V200R020C00"),
    ("vrp", "V100R006C05", "V200R001C00"),
    ("vrp", "V300R001C00SPC100", "V300R001C00SPC100B012"),
    ("ios", "15.2(4)E9", "15.2(4)E10"),
    ("ios", "15.2(4)E10", "15.2(4)E10a"),
    ("ios", "15.2(4)E10a", "15.2(5)E"),
    ("ios", "15.2(7)E", "15.2(7)E0a"),
    ("ios", "15.2(7)E0s", "15.2(7)E1"),
    ("ios", "15.2(2)E10", "15.2(2a)E1"),
    ("ios", "15.2(2a)E2", "15.2(3)E"),
    ("ios", "12.2(55)SE12", "12.2(58)SE"),
    ("ios", "15.2(8)E7", "15.2(4)M"),
    ("ios", "12.4(25)", "12.4(25f)"),
    ("iosxe", "17.9.4", "17.9.4a"),
    ("iosxe", "17.9.4a", "17.9.5"),
    ("iosxe", "16.12.9", "16.12.10a"),
    ("iosxe", "16.12.1z", "16.12.1z1"),
    ("iosxe", "16.12.1z1", "16.12.1z2"),
    ("iosxe", "17.06.05", "17.6.6"),
    ("iosxe", "17.11.1a", "17.11.99SW"),
    ("iosxe", "3.16.10S", "16.3.1"),
    ("iosxe", "3.18.9S", "3.2.0SE"),
    ("nxos", "9.3(9)", "9.3(10)"),
    ("nxos", "9.3(2)", "9.3(2a)"),
    ("nxos", "9.3(2a)", "9.3(3)"),
    ("nxos", "7.0(3)I7(9)", "7.0(3)I7(10)"),
    ("nxos", "7.0(3)I4(9)", "7.0(3)I7(1)"),
    ("nxos", "7.0(3)F3(5)", "7.0(3)I4(1)"),
    ("nxos", "6.0(2)U6(9)", "6.0(2)U6(10)"),
    ("nxos", "10.3(4)M", "10.3(4a)M"),
    ("nxos", "10.2(3)F", "10.2(3)M"),
    ("nxos", "5.2(1)SV3(1.4)", "5.2(1)SV3(1.15)"),
    ("junos", "21.4R1", "21.4R1-S1"),
    ("junos", "21.4", "21.4I1"),
    ("junos", "21.2R3-S9", "21.4"),
    ("junos", "21.4-EVO", "21.4R1-EVO"),
    ("junos", "21.4R1-S1", "21.4R2"),
    ("junos", "21.4R3-S5", "21.4R3-S5.4"),
    ("junos", "21.4R3-S5.4", "21.4R3-S6"),
    ("junos", "21.4B1", "21.4R1"),
    ("junos", "21.4R3-S9", "21.4R3-S10"),
    ("junos", "15.1R7-S13", "15.1F6"),
    ("junos", "15.1F6-S5", "15.1X49-D10"),
    ("junos", "15.1X49-D190", "15.1X49-D200"),
    ("junos", "22.4R3-S2", "22.4R1-EVO"),
    ("junos", "22.4R3-S2-EVO", "22.4R3-S3-EVO"),
    ("junos", "19.4R3-S12", "20.1R1"),
    ("eos", "4.28.3M", "4.28.10M"),
    ("eos", "4.21.1F", "4.21.1.1F"),
    ("eos", "4.21.1.1F", "4.21.2F"),
    ("eos", "4.22.2.1F", "4.22.2.1FX-CLI"),
    ("eos", "4.28.2F", "4.28.3M"),
    ("eos", "4.29.9M", "4.30.1F"),
    ("generic", "1.2", "1.2a"),
    ("generic", "1.2a", "1.2b3"),
    ("generic", "1.2b3", "1.2.1"),
    ("generic", "1.9", "1.10"),
]


@pytest.mark.parametrize(("scheme", "older", "newer"), ORDERED)
def test_order(scheme: str, older: str, newer: str) -> None:
    assert compare(scheme, older, newer) == -1
    assert compare(scheme, newer, older) == 1
    assert parse(scheme, older).sort_text < parse(scheme, newer).sort_text


EQUAL = [
    ("comware", "R6728P22", "7.1.070, Release 6728P22"),
    ("comware", "Release 6728P22", "Comware Software, Version 7.1.070, Release 6728P22"),
    ("vrp", "V200R019C10SPC500", "VRP (R) software, Version 5.170 (S5720 V200R019C10SPC500)"),
    ("vrp", "V200R019C10SPC500 SPH201", "V200R019C10SPC500SPH201"),
    ("ios", "15.2(7)E", "15.2(7)E0"),
    ("iosxe", "17.06.05", "17.6.5"),
    ("iosxe", "03.16.10.S", "3.16.10S"),
    ("nxos", "7.0.3.I7.9", "7.0(3)I7(9)"),
    ("junos", "21.4r3-s5.4", "21.4R3-S5.4"),
    ("eos", "4.31.2F-35442176.4312F", "4.31.2F"),
    ("eos", "4.21.1.0F", "4.21.1F"),
    ("generic", "V1.02", "1.2"),
]


@pytest.mark.parametrize(("scheme", "a", "b"), EQUAL)
def test_same_version(scheme: str, a: str, b: str) -> None:
    assert compare(scheme, a, b) == 0
    va, vb = parse(scheme, a), parse(scheme, b)
    assert va == vb and hash(va) == hash(vb)
    assert (va.sort_text, va.train) == (vb.sort_text, vb.train)


REFUSED = [
    # scheme, text, part of the reason
    ("comware", "", "empty"),
    ("comware", "7.1.070", "expected a release"),
    ("comware", "Release 67", "expected a release"),
    ("vrp", "5.170", "platform version only"),
    ("vrp", "VRP (R) software, Version 8.180", "platform version only"),
    ("vrp", "V200R005SPH012", "patch name only"),
    ("vrp", "V200R019C10SPC500 V200R011SPH008", "another VxxxRxxx"),
    ("vrp", "V2R19C10", "expected VxxxRxxxCxx"),
    ("ios", "17.9.4a", "IOS XE"),
    ("ios", "12.4(25)5", "needs a train"),
    ("ios", "15.2(4", "expected major.minor(release)"),
    ("iosxe", "15.5(3)S10", "classic IOS"),
    ("iosxe", "12.2.55", "no major 4-15"),
    ("iosxe", "17.9", "expected major.minor.patch"),
    ("nxos", "7.0(3)I7", "expected major.minor(maintenance)"),
    ("nxos", "9.3", "expected major.minor(maintenance)"),
    ("junos", "21.1*", "expected e.g. 21.4R3-S5.4"),
    ("eos", "4.28", "expected three or four numbers"),
    ("eos", "4.28.3.1.2M", "expected three or four numbers"),
    ("generic", "abc", "starts with a number"),
    ("generic", "1.2;drop", "only digits, letters"),
    ("generic", "1." + "2." * 30, "more than 24 parts"),
    ("generic", "12345678901", "longer than 9 digits"),
    ("generic", "1" * 300, "longer than 200 characters"),
    ("generic", "   ", "empty"),
]


@pytest.mark.parametrize(("scheme", "text", "reason"), REFUSED)
def test_refused(scheme: str, text: str, reason: str) -> None:
    with pytest.raises(VersionError) as raised:
        parse(scheme, text)
    assert reason in raised.value.reason
    assert raised.value.scheme == scheme
    assert str(raised.value).startswith(f"{scheme}: cannot read version ")
    assert try_parse(scheme, text) is None


def test_unknown_scheme_and_non_strings() -> None:
    with pytest.raises(VersionError, match="unknown scheme"):
        parse("cisco_ios", "15.2(4)E10")
    with pytest.raises(VersionError, match="not a string"):
        parse("ios", None)  # type: ignore[arg-type]


def test_a_refusal_is_raised_again_each_time() -> None:
    # Failures are cached; each call still raises a fresh error with the same reason.
    with pytest.raises(VersionError) as first:
        parse("junos", "not-a-version")
    with pytest.raises(VersionError) as second:
        parse("junos", "not-a-version")
    assert first.value is not second.value
    assert first.value.reason == second.value.reason


def test_platforms_map_to_schemes() -> None:
    assert set(PLATFORM_SCHEME.values()) == set(SCHEMES) - {"generic"}
    assert scheme_for("cisco_xe") == "iosxe"
    assert scheme_for("fortinet") == "generic"


def test_parse_is_cached_and_returns_the_same_object() -> None:
    assert parse("nxos", "9.3(8)") is parse("nxos", "9.3(8)")
    assert versions.__all__ == [
        "PLATFORM_SCHEME",
        "SCHEMES",
        "Version",
        "VersionError",
        "compare",
        "parse",
        "scheme_for",
        "try_parse",
    ]
