"""Hand-built lifecycle records of one customer, as the app would fill them.

Real public facts: the CVE ids, advisory ids and titles, CVSS scores, first fixed
releases, known-exploited status and workarounds of the Cisco IOS XE Web UI advisory
(cisco-sa-iosxe-webui-privesc-j22SaA4z: CVE-2023-20198, CVE-2023-20273; CISA KEV since
2023-10-16; fixed in 17.9.4a, 17.6.6a, 17.3.8a; workaround: disable the HTTP Server
feature), Cisco's LISP denial of service (CVE-2024-20311, CVSS 8.6), Juniper's SRX PFE
denial of service (CVE-2024-21586, CVSS 7.5, fixed in 21.4R3-S7.9 for SRX) and Juniper's
J-Web PHP variable issue (CVE-2023-36845, CVSS 9.8, KEV, fixed in 21.4R3-S5). Invented:
the customer, hostnames, sites, release and end-of-life dates, the Huawei bulletin and
bug keys, EPSS values, every risk point and the expert's texts — this is a test world,
not advice.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from netcare.core.text import Text
from netcare.lifecycle.summary import (
    AdvisoryRow,
    DataSource,
    DeviceExposureRow,
    DeviceRiskRow,
    HardeningAdvice,
    RiskNotice,
    RiskPointRow,
    UpgradeRow,
    VersionAssessment,
    VersionRiskRow,
    VersionRow,
    VersionSummary,
)

CUSTOMER_CODE = "SHMETRO"
CUSTOMER = {"zh": "申城轨道交通运营有限公司", "en": "Shencheng Metro Operations Co., Ltd."}
TODAY = date(2026, 12, 8)

WEBUI = AdvisoryRow(
    key="cisco-sa-iosxe-webui-privesc-j22SaA4z",
    kind="vulnerability",
    title="Multiple Vulnerabilities in Cisco IOS XE Software Web UI Feature",
    severity="critical",
    cves=("CVE-2023-20198", "CVE-2023-20273"),
    cvss=10.0,
    exploited=True,
    exploited_source="CISA KEV",
    epss=0.94,
    summary=Text(
        "思科 IOS XE 的 Web 管理界面存在两个漏洞：未经认证的远程攻击者可借第一个漏洞"
        "（CVE-2023-20198）在设备上创建最高权限（15 级）账号，再借第二个漏洞"
        "（CVE-2023-20273）以 root 身份执行命令，从而完全控制设备。只有开启了 HTTP 或 "
        "HTTPS 服务（ip http server / ip http secure-server）的设备受影响。",
        "Two flaws in the Cisco IOS XE web interface: an unauthenticated attacker on the "
        "network can create a privilege-15 account (CVE-2023-20198) and then run commands "
        "as root (CVE-2023-20273), taking the device over. Only devices with the HTTP or "
        "HTTPS server turned on (ip http server / ip http secure-server) are affected.",
    ),
    workaround=Text(
        "在全局配置模式下执行 no ip http server 与 no ip http secure-server 关闭 HTTP 服务，"
        "然后保存配置；确需网页管理的设备，应以访问控制列表限制为仅可信网络访问。",
        "Turn the HTTP server off with no ip http server and no ip http secure-server in "
        "global configuration mode, then save the configuration; where the web UI is "
        "needed, allow only trusted networks to reach it with an access list.",
    ),
    fixed=("17.9.4a", "17.6.6a", "17.3.8a"),
    recommended="17.9.4a",
    url="https://sec.cloudapps.cisco.com/security/center/content/CiscoSecurityAdvisory/cisco-sa-iosxe-webui-privesc-j22SaA4z",
    published=date(2023, 10, 16),
    updated=date(2023, 11, 2),
    source="Cisco PSIRT (CSAF)",
)
LISP = AdvisoryRow(
    key="CVE-2024-20311",
    kind="vulnerability",
    title="Cisco IOS and IOS XE Software LISP Denial of Service Vulnerability",
    severity="high",
    cves=("CVE-2024-20311",),
    cvss=8.6,
    epss=0.002,
    summary="A crafted LISP packet can reload the device (denial of service).",
    workaround="",
    url="https://nvd.nist.gov/vuln/detail/CVE-2024-20311",
    published=date(2024, 3, 27),
    source="CVE List (CVE JSON 5)",
)
SRX_PFE = AdvisoryRow(
    key="CVE-2024-21586",
    kind="vulnerability",
    title="Junos OS: SRX Series and NFX Series: PFE crash on specific valid traffic",
    severity="high",
    cves=("CVE-2024-21586",),
    cvss=7.5,
    epss=0.0053,
    fixed="21.4R3-S7.9",
    recommended="21.4R3-S7.9",
    published=date(2024, 7, 1),
    source="CVE List (CVE JSON 5)",
)
HUAWEI_BUG = AdvisoryRow(
    key="HW-BUG-2024-0317",
    kind="bug",
    title=Text(
        "堆叠分裂后备机 ARP 表项未老化", "ARP entries on the standby do not age after split"
    ),
    severity="medium",
    fixed="V200R022C00SPC500",
    source="Huawei technical bulletins (vendor file)",
)
HUAWEI_EOL = AdvisoryRow(
    key="HW-EOL-V200R019C10",
    kind="eol",
    title=Text("V200R019C10 停止软件支持", "End of software support for V200R019C10"),
    severity="low",
    source="Huawei technical bulletins (vendor file)",
)
ADVISORIES = (WEBUI, LISP, SRX_PFE, HUAWEI_BUG, HUAWEI_EOL)

SOURCES = (
    DataSource("Cisco PSIRT (CSAF)", Text("思科安全公告", "Cisco security advisories"),
               date(2026, 12, 7), 412),
    DataSource("CVE List (CVE JSON 5)", "cvelistV5", date(2026, 12, 7), 1893),
    DataSource("CISA KEV", Text("已知被利用漏洞清单", "Known exploited vulnerabilities"),
               date(2026, 12, 7), 1461),
    DataSource("FIRST EPSS", Text("利用概率评分", "Exploit prediction scores"),
               date(2026, 12, 7)),
)  # fmt: skip


def rows() -> list[VersionRow]:
    """Six devices: on and off track, a version past end of support, and one version the
    scheme cannot read."""
    r17_9, eos17_9 = date(2023, 10, 22), date(2027, 10, 31)
    r17_3, eos17_3 = date(2021, 7, 30), date(2025, 9, 30)
    return [
        VersionRow("SH-CORE-SW01", "上海莘庄数据中心", "C9500-48Y4C", "cisco_xe", "17.9.4a",
                   release_date=r17_9, end_of_sale=date(2024, 10, 31), end_of_support=eos17_9,
                   target="17.9.4a",
                   off_track=False, high=1, risk=6.0, risk_level="medium"),
        VersionRow("SH-ACC-SW11", "上海莘庄数据中心", "C9300-48P", "cisco_xe", "17.3.4a",
                   release_date=r17_3, end_of_sale=date(2022, 7, 31), end_of_support=eos17_3,
                   target="17.9.4a",
                   off_track=True, critical=1, high=1, exploited=1, risk=38.5,
                   risk_level="critical"),
        VersionRow("SZ-ACC-SW21", "苏州分中心", "C9300-24T", "cisco_xe", "17.3.4a",
                   release_date=r17_3, end_of_sale=date(2022, 7, 31), end_of_support=eos17_3,
                   target="17.9.4a",
                   off_track=True, critical=1, exploited=1, risk=21.0, risk_level="high"),
        VersionRow("HZ-ACC-SW31", "杭州分中心", "C9200L-24T", "cisco_xe", "Bengaluru-17.x",
                   version_known=False, target="17.9.4a", off_track=None, unassessed=2),
        VersionRow("SH-AGG-HW01", "上海莘庄数据中心", "S6730-H48X6C", "huawei_vrp",
                   "V200R019C10SPC500", release_date=date(2020, 6, 30),
                   end_of_sale=date(2023, 12, 31), end_of_support=date(2026, 6, 30),
                   target="V200R022C00SPC500", off_track=True, medium=1, low=1, risk=14.0,
                   risk_level="medium"),
        VersionRow("SH-FW-SRX01", "上海莘庄数据中心", "SRX345", "juniper_junos", "21.4R3-S5.4",
                   release_date=date(2023, 6, 20), end_of_support=date(2025, 12, 21),
                   target="21.4R3-S7.9", off_track=True, high=1, risk=16.5,
                   risk_level="medium"),
    ]  # fmt: skip


def version_summary(language: str = "zh") -> VersionSummary:
    return VersionSummary(
        customer_code=CUSTOMER_CODE,
        customer_name=CUSTOMER[language],
        generated=TODAY,
        rows=rows(),
        period="2026-Q4",
        author="王磊",
        reviewer="陈静",
        sources=SOURCES,
    )


def _point(factor: str, advisory: str | None, points: float, zh: str, en: str) -> RiskPointRow:
    return RiskPointRow(factor, advisory, points, Text(zh, en))


POINTS: dict[str, list[RiskPointRow]] = {
    "SH-ACC-SW11": [
        _point("vulnerability", WEBUI.key, 10.0, "CVSS 10.0，已开启 HTTP 服务",
               "CVSS 10.0, HTTP server on"),
        _point("exploited", WEBUI.key, 10.0, "已列入 CISA KEV，分值加倍",
               "In CISA KEV: doubled"),
        _point("vulnerability", LISP.key, 4.3, "CVSS 8.6，LISP 是否启用无法确认，减半",
               "CVSS 8.6, LISP use not confirmed: half weight"),
        _point("end_of_support", None, 8.0, "17.3.4a 已于 2025-09-30 停止支持",
               "17.3.4a past end of support (2025-09-30)"),
        _point("off_track", None, 6.2, "落后目标版本 17.9.4a 两个版本系列",
               "Two release trains behind the target 17.9.4a"),
    ],
    "SZ-ACC-SW21": [
        _point("vulnerability", WEBUI.key, 5.0, "CVSS 10.0，未采集配置，减半",
               "CVSS 10.0, no configuration collected: half weight"),
        _point("exploited", WEBUI.key, 5.0, "已列入 CISA KEV，分值加倍",
               "In CISA KEV: doubled"),
        _point("end_of_support", None, 8.0, "17.3.4a 已于 2025-09-30 停止支持",
               "17.3.4a past end of support (2025-09-30)"),
        _point("off_track", None, 3.0, "落后目标版本", "Behind the target release"),
    ],
    "SH-CORE-SW01": [
        _point("vulnerability", LISP.key, 6.0, "CVSS 8.6，LISP 已启用",
               "CVSS 8.6, LISP in use"),
    ],
    "SH-AGG-HW01": [
        _point("bug", HUAWEI_BUG.key, 2.5, "已启用堆叠", "Stacking in use"),
        _point("end_of_support", HUAWEI_EOL.key, 8.0, "已停止软件支持",
               "Past end of software support"),
        _point("off_track", None, 3.5, "落后目标版本", "Behind the target release"),
    ],
    "SH-FW-SRX01": [
        _point("vulnerability", SRX_PFE.key, 7.5, "CVSS 7.5，SRX 数据面", "CVSS 7.5, SRX PFE"),
        _point("end_of_support", None, 6.75, "21.4 已于 2025-12-21 停止支持",
               "21.4 past end of support (2025-12-21)"),
        _point("off_track", None, 2.25, "落后目标版本", "Behind the target release"),
    ],
}  # fmt: skip

FORMULA = Text(
    "设备风险系数（0–100）= 各项分值之和：适用漏洞按 CVSS 计分（可能受影响者减半），"
    "已知被利用者加倍；"
    "已知问题按触发功能是否在用计分；停止支持与落后目标版本计分；封顶 100。"
    "等级：≥30 严重，≥20 高，≥5 中，其余低。",
    "Device risk coefficient (0–100) = the sum of its points: applicable vulnerabilities by "
    "CVSS (potentially vulnerable at half weight), doubled when known exploited; known bugs "
    "by whether their trigger feature is in use; end of support and releases behind the "
    "target; capped at 100. Levels: 30 or more critical, 20 high, 5 medium, else low.",
)


def assessment() -> VersionAssessment:
    by_host = {r.hostname: r for r in rows()}
    devices = [
        DeviceRiskRow(
            hostname=h,
            site=by_host[h].site,
            platform=by_host[h].platform,
            model=by_host[h].model,
            version=by_host[h].version,
            risk=round(sum(p.points for p in points), 2),
            level=by_host[h].risk_level,
            points=points,
        )
        for h, points in POINTS.items()
    ]
    unknown = by_host["HZ-ACC-SW31"]
    devices.append(
        DeviceRiskRow(unknown.hostname, unknown.site, unknown.platform, unknown.model,
                      unknown.version, None, None)
    )  # fmt: skip
    return VersionAssessment(
        customer_code=CUSTOMER_CODE,
        customer_name=CUSTOMER["zh"],
        period="2026 年第四季度",
        author="王磊",
        reviewer="陈静",
        generated=TODAY,
        formula=FORMULA,
        versions=[
            VersionRiskRow("cisco_xe", "17.3.4a", 2, vulnerabilities=2,
                           end_of_support=date(2025, 9, 30), risk=38.5, level="critical"),
            VersionRiskRow("cisco_xe", "17.9.4a", 1, vulnerabilities=1,
                           end_of_support=date(2027, 10, 31), risk=6.0, level="medium"),
            VersionRiskRow("cisco_xe", "Bengaluru-17.x", 1),
            VersionRiskRow("huawei_vrp", "V200R019C10SPC500", 1, bugs=1, bulletins=1,
                           end_of_support=date(2026, 6, 30), risk=14.0, level="medium"),
            VersionRiskRow("juniper_junos", "21.4R3-S5.4", 1, vulnerabilities=1,
                           end_of_support=date(2025, 12, 21), risk=16.5, level="medium"),
        ],
        devices=devices,
        advisories=ADVISORIES,
        upgrades=[
            UpgradeRow("cisco_xe", "17.3.4a", "17.9.4a", ["17.3.4a", "17.9.4a"],
                       Text("修复已被利用的 Web UI 漏洞，回到支持期内",
                            "Fixes the exploited Web UI flaws and returns to support"),
                       ["SH-ACC-SW11", "SZ-ACC-SW21"]),
            UpgradeRow("huawei_vrp", "V200R019C10SPC500", "V200R022C00SPC500",
                       ["V200R019C10SPC500", "V200R020C10SPC500", "V200R022C00SPC500"],
                       Text("V200R019C10 已停止支持，需经 V200R020C10 中转",
                            "V200R019C10 is out of support; the vendor requires a hop "
                            "through V200R020C10"),
                       ["SH-AGG-HW01"]),
            UpgradeRow("juniper_junos", "21.4R3-S5.4", "21.4R3-S7.9",
                       ["21.4R3-S5.4", "21.4R3-S7.9"],
                       Text("修复 SRX 数据面拒绝服务漏洞", "Fixes the SRX PFE denial of service"),
                       ["SH-FW-SRX01"]),
        ],
        hardening=[
            HardeningAdvice(WEBUI.key, WEBUI.workaround, ["SH-ACC-SW11", "SZ-ACC-SW21"]),
            HardeningAdvice(LISP.key, "Disable LISP where it is not used.", ["SH-CORE-SW01"]),
        ],
        sources=SOURCES,
    )  # fmt: skip


def notice(language: str = "zh") -> RiskNotice:
    return RiskNotice(
        customer_code=CUSTOMER_CODE,
        customer_name=CUSTOMER[language],
        advisory=WEBUI,
        devices=[
            DeviceExposureRow("SH-ACC-SW11", "上海莘庄数据中心", "C9300-48P", "17.3.4a",
                              "vulnerable",
                              Text("17.3.4a 早于修复版本 17.3.8a，且配置中开启了 ip http server",
                                   "17.3.4a is before the fixed 17.3.8a and ip http server is "
                                   "configured"),
                              ("http_server",)),
            DeviceExposureRow("SZ-ACC-SW21", "苏州分中心", "C9300-24T", "17.3.4a",
                              "potentially_vulnerable",
                              Text("版本受影响；未采集配置，无法确认是否开启 HTTP 服务",
                                   "The version is affected; no configuration was collected, "
                                   "so the HTTP server cannot be confirmed off")),
            DeviceExposureRow("HZ-ACC-SW31", "杭州分中心", "C9200L-24T", "Bengaluru-17.x",
                              "unknown",
                              Text("版本号无法按 IOS XE 规则识别", "The version cannot be read "
                                   "by the IOS XE scheme")),
            DeviceExposureRow("SH-CORE-SW01", "上海莘庄数据中心", "C9500-48Y4C", "17.9.4a",
                              "not_vulnerable",
                              Text("17.9.4a 为修复版本", "17.9.4a is a fixed release")),
        ],
        impact=Text(
            "两台接入交换机承载苏州与上海的站务网络；一旦被控制，攻击者可中断或监听站务业务。",
            "Two access switches carry the station networks of Suzhou and Shanghai; taken "
            "over, they let an attacker cut or watch station traffic.",
        ),
        proposal=Text(
            "建议本周内在两台设备上关闭 HTTP 服务并检查是否存在异常账号；"
            "在 12 月 20 日的维护窗口升级到 17.9.4a。",
            "Turn the HTTP server off on both devices this week and check them for unknown "
            "accounts; upgrade them to 17.9.4a in the maintenance window of 20 December.",
        ),
        author="王磊",
        reviewer="陈静",
        date=TODAY,
        deadline=date(2026, 12, 20),
        sources=SOURCES[:3],
    )  # fmt: skip


def with_rows(summary: VersionSummary, extra: list[VersionRow]) -> VersionSummary:
    return replace(summary, rows=[*summary.rows, *extra])
