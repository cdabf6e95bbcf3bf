"""Every real advisory file reads, with what an expert reads in it (tests/data README)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from netcare.lifecycle.advisories import (
    Advisory,
    AffectedProduct,
    AffectedRange,
    read_file,
    read_paths,
)

DATA = Path(__file__).resolve().parents[2] / "data" / "lifecycle" / "advisories"
DEMO = (
    Path(__file__).resolve().parents[3]
    / "src"
    / "netcare"
    / "lifecycle"
    / "data"
    / "demo_advisories"
)


def one(name: str) -> Advisory:
    found = read_file(DATA / name)
    assert len(found) == 1
    return found[0]


def product(advisory: Advisory, name: str) -> AffectedProduct:
    return next(p for p in advisory.products if p.product == name)


def test_cisco_ios_xe_web_ui_record() -> None:
    adv = one("CVE-2023-20198.json")
    assert adv.key == "CVE-2023-20198"
    assert adv.cves == ("CVE-2023-20198",)
    assert adv.source_format == "cve5"
    assert (adv.severity, adv.cvss_score) == ("critical", 10.0)
    assert adv.cvss_vector == "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H"
    assert (adv.published, adv.updated) == (date(2023, 10, 16), date(2025, 7, 28))
    assert adv.url.endswith("cisco-sa-iosxe-webui-privesc-j22SaA4z")
    assert adv.title.startswith("Cisco is providing an update")
    (xe,) = adv.products
    assert (xe.vendor, xe.product, xe.platforms) == (
        "Cisco",
        "Cisco IOS XE Software",
        ("cisco_xe",),
    )
    assert len(xe.ranges) == 27
    assert xe.ranges[0] == AffectedRange(raw="16.1.1", exact="16.1.1")
    assert xe.ranges[-1].exact == "17.11.99SW"
    assert xe.problems == ()
    # CISA's ADP container: exploitation is active and the CVE is in KEV since 2023-10-16.
    assert adv.exploitation.adp_exploitation == "active"
    assert adv.exploitation.known_exploited
    assert adv.exploitation.date_added == date(2023, 10, 16)


def test_smart_install_record_names_no_version() -> None:
    adv = one("CVE-2018-0171.json")
    (item,) = adv.products
    assert (item.vendor, item.product) == ("n/a", "Cisco IOS and IOS XE")
    assert item.platforms == ("cisco_ios", "cisco_xe")  # the vendor read from the product
    assert item.ranges == ()
    assert item.problems == (
        "containers.cna.affected[0].versions[0].version: 'Cisco IOS and IOS XE' is not a version",
    )
    assert adv.severity == "unknown" and adv.cvss_score is None
    assert adv.exploitation.known_exploited and adv.exploitation.date_added == date(2021, 11, 3)
    assert adv.exploitation.adp_exploitation == "active"


def test_juniper_ex_jweb_record_reads_trains() -> None:
    adv = one("CVE-2023-36844.json")
    assert adv.title.startswith("Junos OS: EX Series: A PHP vulnerability in J-Web")
    assert (adv.severity, adv.cvss_score) == ("medium", 5.3)
    assert adv.workaround == "Disable J-Web, or limit access to only trusted hosts."
    assert "23.4R1*" in adv.remediation
    assert adv.url == "https://supportportal.juniper.net/JSA72300"
    (junos,) = adv.products
    assert junos.platforms == ("juniper_junos",)
    assert junos.models == ("EX*",)  # the record's platform "EX Series"
    assert junos.default_status == "unaffected"
    ranges = {r.raw: r for r in junos.ranges}
    assert ranges["0 <20.4R3-S9"] == AffectedRange(
        raw="0 <20.4R3-S9", fixed="20.4R3-S9", version_type="semver"
    )
    # "21.1*": every 21.1 release is affected.
    assert (ranges["21.1 <21.1*"].introduced, ranges["21.1 <21.1*"].fixed) == ("21.1", "21.2")
    # "22.4R2-S2, 22.4R3": the range ends at the first fixed release of the train.
    split = ranges["22.4 <22.4R2-S2, 22.4R3"]
    assert (split.introduced, split.fixed) == ("22.4", "22.4R2-S2")
    assert {"22.4R2-S2", "22.4R3", "23.2R1-S1", "23.2R2"} <= set(junos.fixed_versions)
    assert adv.exploitation.adp_exploitation == ""  # this revision predates CISA's ADP


def test_junos_evolved_record() -> None:
    adv = one("CVE-2024-39513.json")
    (evo,) = adv.products
    assert (evo.product, evo.platforms, evo.models) == ("Junos OS Evolved", ("juniper_junos",), ())
    assert len(evo.ranges) == 9
    assert evo.ranges[1] == AffectedRange(
        raw="21.2-EVO <21.2R3-S7-EVO",
        introduced="21.2-EVO",
        fixed="21.2R3-S7-EVO",
        version_type="semver",
    )
    # The highest score wins: CVSS 4.0 6.8 over CVSS 3.1 5.5.
    assert (adv.cvss_score, adv.severity) == (6.8, "medium")
    assert adv.cvss_vector.startswith("CVSS:4.0/")
    assert adv.exploitation.adp_exploitation == "none"
    assert not adv.exploitation.known_exploited


def test_arista_eos_record() -> None:
    adv = one("CVE-2024-27890.json")
    (eos,) = adv.products
    assert (eos.vendor, eos.product, eos.platforms) == ("Arista Networks", "EOS", ("arista_eos",))
    # Platforms such as "CloudEOS" name no model pattern, so every model stays concerned.
    assert eos.models == ()
    assert eos.ranges[0] == AffectedRange(
        raw="4.29.0 <=4.29.7M",
        introduced="4.29.0",
        last_affected="4.29.7M",
        version_type="custom",
    )
    assert (adv.cvss_score, adv.severity) == (9.6, "critical")
    assert "no management api gnmi" in adv.workaround


def test_nxos_record_without_versions_is_unknown() -> None:
    adv = one("CVE-2020-3415.json")
    assert adv.title == (
        "Cisco NX-OS Software Data Management Engine Remote Code Execution Vulnerability"
    )
    assert (adv.cvss_score, adv.severity) == (8.8, "high")
    (nxos,) = adv.products
    assert (nxos.platforms, nxos.ranges) == (("cisco_nxos",), ())
    assert nxos.problems == (
        "containers.cna.affected[0].versions[0].version: 'n/a' names no version",
    )


def test_exploited_junos_kernel_record() -> None:
    adv = one("CVE-2025-21590.json")
    assert adv.url == "https://supportportal.juniper.net/JSA93446"
    assert (adv.cvss_score, adv.cvss_vector[:8]) == (6.7, "CVSS:4.0")
    assert adv.exploitation.known_exploited
    assert (adv.exploitation.date_added, adv.exploitation.adp_exploitation) == (
        date(2025, 3, 13),
        "active",
    )
    (junos,) = adv.products
    assert junos.ranges[-1] == AffectedRange(
        raw="24.2 <24.2R1-S2, 24.2R2", introduced="24.2", fixed="24.2R1-S2", version_type="semver"
    )
    assert junos.fixed_versions[-2:] == ("24.2R1-S2", "24.2R2")


def test_huawei_record_splits_models_and_says_where_it_is_cut() -> None:
    adv = one("CVE-2017-17151.json")
    names = [p.product for p in adv.products]
    assert len(names) == 30 and names[0] == "AR100"
    ar100 = product(adv, "AR100")
    assert (ar100.platforms, ar100.models) == (("huawei_vrp",), ("AR100*",))
    assert [r.exact for r in ar100.ranges] == [
        "V200R008C20SPC700",
        "V200R008C20SPC700PWE",
        "V200R008C20SPC800",
        "V200R008C20SPC800PWE",
        "V200R008C30",
    ]
    assert product(adv, "AR100-S").ranges[0].exact == "V200R007C00SPCa00"
    cut = product(adv, "AR1200")
    assert "cut short" in cut.problems[0]
    assert "no versions are given for AR150" in product(adv, "AR150").problems[0]
    # Video-conferencing products are Huawei's but no NetCare platform.
    assert product(adv, "TE30").platforms == ()
    assert product(adv, "SRG1300").platforms == ("huawei_vrp",)
    assert adv.severity == "unknown"


def test_cisco_csaf_smart_install() -> None:
    adv = one("cisco-sa-20180328-smi2.csaf.json")
    assert adv.key == "cisco-sa-20180328-smi2"
    assert adv.source_format == "csaf"
    assert adv.cves == ("CVE-2018-0171",)
    assert (adv.cvss_score, adv.severity) == (9.8, "critical")
    assert (adv.published, adv.updated, adv.revision) == (
        date(2018, 3, 28),
        date(2018, 4, 17),
        "3.0.0",
    )
    assert adv.summary.startswith("A vulnerability in the Smart Install feature")
    assert adv.url.endswith("cisco-sa-20180328-smi2")
    assert "no vstack" in adv.workaround
    ios, xe = adv.products
    assert (ios.product, ios.platforms) == ("IOS", ("cisco_ios",))
    assert [r.exact for r in ios.ranges] == [
        "12.2(55)EY",
        "15.0(1)EY",
        "15.0(1)EY2",
        "15.1(4)M12c",
        "15.2(5)EX",
    ]
    assert ios.ranges[0].raw == "Cisco IOS 12.2EY 12.2(55)EY"
    assert (xe.product, xe.platforms) == ("Cisco IOS XE Software", ("cisco_xe",))
    assert [r.exact for r in xe.ranges] == ["16.1.1", "16.1.2", "16.1.3", "16.8.1s"]


def test_bsi_csaf_fixed_and_unmapped_product() -> None:
    adv = one("bsi-2022-0001.csaf.json")
    assert (adv.key, adv.cves) == ("BSI-2022-0001", ("CVE-2022-27193",))
    assert (adv.cvss_score, adv.severity) == (6.1, "medium")  # aggregate "Moderate"
    assert adv.remediation.startswith("Update to the latest version of the product.")
    (tool,) = adv.products
    assert (tool.vendor, tool.product, tool.platforms) == ("CSAF Tools", "CVRF-CSAF-Converter", ())
    assert tool.fixed_versions == ("1.0.0-rc2",)
    statuses = {r.exact: r.status for r in tool.ranges}
    assert statuses["1.0.0-rc1"] == "affected"
    assert statuses["1.0.0-rc2"] == "unaffected"
    assert adv.summary.startswith("CSAF Tools CVRF-CSAF-Converter 1.0.0-rc1 resolves")


def test_csaf_without_vulnerabilities_keeps_products_unknown() -> None:
    adv = one("OASIS_CSAF_TC-6-1-31-11.csaf.json")
    assert adv.kind == "bulletin"
    (item,) = adv.products
    assert item.ranges == (AffectedRange(raw="<4.2", status="unknown", fixed="4.2"),)
    assert "no vulnerability states this product's status" in item.problems[0]


def test_folder_reads_every_advisory_and_merges_kev_and_epss() -> None:
    found = {a.key: a for a in read_paths([DATA])}
    assert len(found) == 11
    juniper = found["CVE-2023-36844"]
    assert juniper.exploitation.known_exploited
    assert juniper.exploitation.date_added == date(2023, 11, 13)
    assert not found["CVE-2024-39513"].exploitation.known_exploited


def test_demo_folder_reads() -> None:
    found = {a.key: a for a in read_paths([DEMO])}
    assert len(found) == 14
    bug = found["NC-DEMO-HW-0001"]
    assert bug.feature is not None and bug.feature.any_of == ("ospf",)
    assert [r.raw for r in bug.products[0].ranges] == [
        ">=V200R019C00 <V200R019C10SPC500",
        "=V200R020C00",
    ]
    platforms = {p for a in found.values() for prod in a.products for p in prod.platforms}
    assert platforms == {
        "cisco_ios",
        "cisco_xe",
        "cisco_nxos",
        "juniper_junos",
        "arista_eos",
        "huawei_vrp",
        "hp_comware",
    }


@pytest.mark.parametrize("name", sorted(p.name for p in DATA.glob("*.json") if "kev" not in p.name))
def test_every_real_file_reads_alone(name: str) -> None:
    assert read_file(DATA / name)
