"""Hand-built problem-management records of one bank, as the app would fill them.

Invented for the tests: the customer (the demo's East China City Commercial Bank, its
hostnames and models), every ticket, its times, root cause and advice, the advisory and
hardening-plan keys, the people and their contacts. Ticket titles and progress notes
are in Chinese only, as the support system holds them; the expert's analysis, advice
and the daily report's wording come in both languages.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from netcare.core.text import Text
from netcare.problems.summary import (
    Contact,
    DailyReport,
    DataSource,
    EscalationRow,
    NextStep,
    ProblemReview,
    ProgressEntry,
    RecurrenceRow,
    ScopeNote,
    StatsBlock,
    TicketRow,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
CUSTOMER_CODE = "ECCB"
CUSTOMER = {"zh": "华东城市商业银行", "en": "East China City Commercial Bank"}
QUARTER = "2026Q3"


def at(month: int, day: int, hour: int = 9, minute: int = 0, year: int = 2026) -> datetime:
    """A moment in Shanghai time."""
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


SPINE_LOSS = TicketRow(
    number="ECCB-2026-0712",
    title="ECCB-ZJ-SPINE-01 板间转发丢包，网银前置访问超时",
    severity="critical",
    status="closed",
    product="CE12800",
    model="CE12808",
    hostname="ECCB-ZJ-SPINE-01",
    category="转发与丢包",
    opened=at(7, 8, 9, 12),
    closed=at(7, 8, 21, 42),
    hours_to_resolve=12.5,
    root_cause="software",
    root_cause_text=Text(
        "V300R020C10SPC200 交换网板的已知软件缺陷：特定流量模型下芯片缓存计数异常，"
        "导致板间转发丢包。",
        "A known defect of the V300R020C10SPC200 fabric module: under certain traffic the "
        "chip's buffer counter goes wrong and traffic between cards is dropped.",
    ),
    advice=Text(
        "加载厂商补丁 V300R020SPH260；补丁加载前将关键业务流量切换至 ECCB-ZJ-SPINE-02。",
        "Load the vendor's patch V300R020SPH260; until then keep the key traffic on "
        "ECCB-ZJ-SPINE-02.",
    ),
    owner="张伟",
    important=True,
    escalated=True,
    links=("HW-BUG-2026-0417",),
)
FAN_FIRST = TicketRow(
    number="ECCB-2026-0731",
    title="ECCB-ZJ-CORE-01 风扇框 FAN 2 故障告警",
    severity="major",
    status="closed",
    product="S12500X-AF",
    model="S12508X-AF",
    hostname="ECCB-ZJ-CORE-01",
    category="硬件",
    opened=at(7, 21, 10, 5),
    closed=at(7, 22, 16, 5),
    hours_to_resolve=30.0,
    root_cause="hardware",
    root_cause_text=Text(
        "风扇框 FAN 2 电机老化，转速低于告警阈值。",
        "The motor of fan tray FAN 2 has worn and runs below the alarm threshold.",
    ),
    advice=Text(
        "已更换风扇框；核查同批次风扇框的转速与告警记录。",
        "The fan tray was replaced; check the speed and alarms of the trays of the same batch.",
    ),
    owner="王强",
)
FAN_AGAIN = TicketRow(
    number="ECCB-2026-0788",
    title="ECCB-ZJ-CORE-01 风扇框再次告警（FAN 4）",
    severity="major",
    status="closed",
    product="S12500X-AF",
    model="S12508X-AF",
    hostname="ECCB-ZJ-CORE-01",
    category="硬件",
    opened=at(9, 2, 8, 30),
    closed=at(9, 3, 11, 30),
    hours_to_resolve=27.0,
    root_cause="hardware",
    root_cause_text=Text(
        "同批次风扇框老化；该机柜列进风温度偏高（31℃），加速了老化。",
        "The fan trays of one batch are wearing out, sped up by a hot cold aisle (31 °C).",
    ),
    advice=Text(
        "整批更换该设备剩余风扇框，并请机房将该列进风温度降至 27℃ 以下。",
        "Replace the device's remaining fan trays and have the room bring the aisle below 27 °C.",
    ),
    owner="王强",
)
CRC = TicketRow(
    number="ECCB-2026-0745",
    title="ECCB-ZJ-AGG-01 上联口 CRC 错包持续增长",
    severity="minor",
    status="closed",
    product="S6850",
    model="S6850-56HF",
    hostname="ECCB-ZJ-AGG-01",
    category="接口与链路",
    opened=at(8, 4, 14, 20),
    closed=at(8, 5, 10, 20),
    hours_to_resolve=20.0,
    root_cause="third_party",
    root_cause_text=Text(
        "综合布线服务商提供的光纤跳线端面污损。",
        "A dirty fibre patch cord end face, supplied by the cabling contractor.",
    ),
    advice=Text(
        "清洁并更换跳线，将光功率检查纳入月度巡检。",
        "Clean and replace the patch cord; add optical power checks to the monthly inspection.",
    ),
    owner="王强",
)
BGP = TicketRow(
    number="ECCB-2026-0760",
    title="ECCB-ZJ-BORDER-01 BGP 邻居反复振荡",
    severity="major",
    status="closed",
    product="ISR4400",
    model="ISR4451-X/K9",
    hostname="ECCB-ZJ-BORDER-01",
    category="路由协议",
    opened=at(8, 12, 22, 10),
    closed=at(8, 13, 3, 40),
    hours_to_resolve=5.5,
    root_cause="configuration",
    root_cause_text=Text(
        "BFD 检测间隔配置过短（50 ms × 3），运营商线路抖动时被误判为中断。",
        "BFD timers too short (50 ms × 3): jitter on the carrier line was taken for an outage.",
    ),
    advice=Text(
        "按最佳实践将 BFD 调整为 300 ms × 3，并在变更前评审。",
        "Set BFD to 300 ms × 3 as best practice says, reviewed before the change.",
    ),
    owner="张伟",
    links=("HP-2026-031",),
)
SHUTDOWN = TicketRow(
    number="ECCB-2026-0770",
    title="ECCB-SZ-LEAF-01 变更中误关闭业务接口",
    severity="minor",
    status="closed",
    product="CE6800",
    model="CE6881-48S6CQ",
    hostname="ECCB-SZ-LEAF-01",
    category="配置变更",
    opened=at(8, 20, 15, 0),
    closed=at(8, 20, 16, 0),
    hours_to_resolve=1.0,
    root_cause="operation",
    root_cause_text=Text(
        "变更时接口范围选择错误，多关闭了 2 个业务接口。",
        "A wrong interface range in the change shut two production ports.",
    ),
    advice=Text("变更脚本执行前双人复核。", "Have a second person check change scripts."),
    owner="张伟",
)
PSU = TicketRow(
    number="ECCB-2026-0795",
    title="ECCB-SZ-NX-01 单路电源告警",
    severity="minor",
    status="resolved",
    product="Nexus 9000",
    model="N9K-C9336C-FX2",
    hostname="ECCB-SZ-NX-01",
    category="硬件",
    opened=at(9, 10, 9, 0),
    closed=at(9, 10, 13, 0),
    hours_to_resolve=4.0,
    root_cause="environment",
    root_cause_text=Text(
        "机柜 PDU B 路空开跳闸，设备单路供电。",
        "The B-side PDU breaker of the rack tripped; the device ran on one feed.",
    ),
    advice=Text(
        "机房复核 B 路负载并更换空开。",
        "The room checks the B-side load and replaces the breaker.",
    ),
    owner="王强",
)
SPINE_AGAIN = TicketRow(
    number="ECCB-2026-0812",
    title="ECCB-ZJ-SPINE-01 再次出现间歇性丢包",
    severity="critical",
    status="in_progress",
    product="CE12800",
    model="CE12808",
    hostname="ECCB-ZJ-SPINE-01",
    category="转发与丢包",
    opened=at(9, 24, 10, 30),
    owner="张伟",
    important=True,
    escalated=True,
    latest_progress=Text(
        "研发已在实验室复现，定位为同一交换网板缺陷的另一触发条件；补丁已验证。",
        "R&D reproduced it in the lab: another trigger of the same fabric defect; the patch "
        "is verified.",
    ),
    next_step=Text(
        "10 月 15 日 22:00 维护窗口加载补丁。",
        "Load the patch in the maintenance window of 15 October, 22:00.",
    ),
)
CARRIED = TicketRow(
    number="ECCB-2026-0695",
    title="ECCB-SZ-CORE-02 单板温度告警",
    severity="minor",
    status="waiting",
    product="S12500X-AF",
    model="S12508X-AF",
    hostname="ECCB-SZ-CORE-02",
    category="硬件",
    opened=at(6, 18, 16, 45),
    owner="王强",
    latest_progress=Text(
        "已确认为机房空调故障导致进风温度过高。",
        "Confirmed: a failed air conditioner makes the intake too hot.",
    ),
    next_step=Text("等待客户机房空调检修完成后复测。", "Re-test once the room's AC is fixed."),
)

CLOSED = (SPINE_LOSS, FAN_FIRST, FAN_AGAIN, CRC, BGP, SHUTDOWN, PSU)
OPEN = (SPINE_AGAIN, CARRIED)
#: The tickets opened in the quarter (the carried-over one was opened in 2026Q2).
QUARTER_TICKETS = (*CLOSED, SPINE_AGAIN)
#: Their numbers, counted by hand. Hours to resolve: 1, 4, 5.5, 12.5, 20, 27, 30.
STATS = StatsBlock(
    total=8,
    by_severity={"critical": 2, "major": 3, "minor": 3, "info": 0},
    by_product={
        "CE12800": 2, "S12500X-AF": 2, "CE6800": 1, "ISR4400": 1, "Nexus 9000": 1, "S6850": 1,
    },
    by_category={"硬件": 3, "转发与丢包": 2, "接口与链路": 1, "路由协议": 1, "配置变更": 1},
    by_root_cause={
        "hardware": 2, "configuration": 1, "environment": 1, "operation": 1, "software": 1,
        "third_party": 1,
    },
    by_status={"open": 0, "in_progress": 1, "waiting": 0, "resolved": 1, "closed": 6},
    resolved=7,
    resolve_hours_median=12.5,
    resolve_hours_p90=28.2,  # 27 + 0.4 × (30 − 27), as Excel's PERCENTILE.INC
    resolve_hours_mean=100 / 7,
    median_by_severity={"critical": 12.5, "major": 27.0, "minor": 4.0},
)  # fmt: skip

RECURRENCES = (
    RecurrenceRow(
        kind="device",
        key="ECCB-ZJ-CORE-01",
        tickets=(FAN_FIRST.number, FAN_AGAIN.number),
        first=FAN_FIRST.opened,
        last=FAN_AGAIN.opened,
        common_cause=Text(
            "同批次风扇框老化，所在机柜列进风温度偏高。",
            "Fan trays of one batch wearing out in a hot aisle.",
        ),
        recommendation=Text(
            "整批更换剩余风扇框，核查其余 S12508X-AF 的风扇状态，并将该列进风温度降至 27℃ 以下。",
            "Replace the remaining fan trays, check the fans of the other S12508X-AF, and "
            "bring the aisle below 27 °C.",
        ),
    ),
    RecurrenceRow(
        kind="device",
        key="ECCB-ZJ-SPINE-01",
        tickets=(SPINE_LOSS.number, SPINE_AGAIN.number),
        first=SPINE_LOSS.opened,
        last=SPINE_AGAIN.opened,
        common_cause=Text(
            "V300R020C10SPC200 交换网板软件缺陷，补丁尚未加载。",
            "The V300R020C10SPC200 fabric defect; the patch is not loaded yet.",
        ),
        recommendation=Text(
            "在维护窗口加载补丁，并对 ECCB-ZJ-SPINE-02 同步加载。",
            "Load the patch in a maintenance window, on ECCB-ZJ-SPINE-02 as well.",
        ),
    ),
)

ESCALATIONS = (
    EscalationRow(
        ticket=SPINE_AGAIN.number,
        title=SPINE_AGAIN.title,
        resources=Text(
            "总部数据中心交换机产品技术支持专家 陈静；研发交换网板团队",
            "HQ data-centre switching product support expert 陈静; R&D fabric team",
        ),
        escalated_at=at(9, 24, 14, 0),
        status="in_progress",
        daily_reports=5,
    ),
    EscalationRow(
        ticket=SPINE_LOSS.number,
        title=SPINE_LOSS.title,
        resources=Text("总部产品技术支持专家 陈静", "HQ product support expert 陈静"),
        escalated_at=at(7, 8, 11, 0),
        status="closed",
        daily_reports=1,
    ),
)

SCOPE = ScopeNote(
    what=Text(
        "自 2026Q3 起，回顾范围增加苏州同城灾备中心的设备；频次保持每季度一次。",
        "From 2026Q3 the review also covers the Suzhou disaster-recovery centre; it stays "
        "quarterly.",
    ),
    agreed_by="陈立",
    agreed_on=date(2026, 7, 3),
)


def _quarter(total: int, critical: int, major: int, minor: int, median: float) -> StatsBlock:
    return StatsBlock(
        total=total,
        by_severity={"critical": critical, "major": major, "minor": minor, "info": 0},
        resolved=total,
        resolve_hours_median=median,
    )


#: Five earlier quarters; the report shows the last four of them and this one.
TREND = (
    ("2025Q2", _quarter(4, 0, 1, 3, 9.0)),
    ("2025Q3", _quarter(6, 1, 2, 3, 16.0)),
    ("2025Q4", _quarter(9, 1, 4, 4, 20.5)),
    ("2026Q1", _quarter(5, 0, 2, 3, 11.0)),
    ("2026Q2", _quarter(7, 1, 2, 4, 14.0)),
)

SOURCES = (
    DataSource(
        "ECCB-tickets-2026Q3.xlsx",
        Text("支持系统导出的问题单", "Tickets exported from the support system"),
        date(2026, 10, 9),
        9,
    ),
    DataSource(
        "根因记录",
        Text("专属L2专家的根因分析与建议", "The L2 expert's root-cause analyses and advice"),
        date(2026, 10, 10),
        7,
    ),
)


def review(*, scope: bool = True) -> ProblemReview:
    """The 2026Q3 problem-management review of ECCB (with the agreed scope change)."""
    return ProblemReview(
        customer_code=CUSTOMER_CODE,
        customer_name=CUSTOMER["zh"],
        quarter=QUARTER,
        period_start=date(2026, 7, 1),
        period_end=date(2026, 9, 30),
        author="张伟",
        reviewer="李娜",
        generated=date(2026, 10, 12),
        stats=STATS,
        closed=CLOSED,
        open=OPEN,
        scope=SCOPE if scope else None,
        trend=TREND,
        escalations=ESCALATIONS,
        recurrences=RECURRENCES,
        sources=SOURCES,
    )


def review_in(lang: str) -> ProblemReview:
    """The review with the customer named in ``lang``."""
    return replace(review(), customer_name=CUSTOMER[lang])


def daily(lang: str = "zh") -> DailyReport:
    """The fifth daily progress report on the escalated spine ticket."""
    return DailyReport(
        customer_code=CUSTOMER_CODE,
        customer_name=CUSTOMER[lang],
        date=date(2026, 9, 28),
        ticket=SPINE_AGAIN,
        impact=Text(
            "张江数据中心部分核心业务（网银前置、柜面系统）访问间歇性超时，高峰时段交易超时率约 "
            "0.3%；流量切换至 ECCB-ZJ-SPINE-02 后影响已明显降低。",
            "Some core services in the Zhangjiang data centre (online banking front end, "
            "counter system) time out now and then, about 0.3% of transactions at peak; "
            "moving the traffic to ECCB-ZJ-SPINE-02 has much reduced it.",
        ),
        progress=(
            ProgressEntry(
                at(9, 28, 9, 40),
                "张伟",
                Text(
                    "客户确认流量切换后业务平稳，夜间无新增超时。",
                    "The customer confirms services are stable since the switch-over; no "
                    "time-outs overnight.",
                ),
            ),
            ProgressEntry(
                at(9, 27, 16, 20),
                "陈静",
                Text(
                    "研发在实验室复现问题，确认为同一交换网板缺陷，补丁 V300R020SPH260 验证通过。",
                    "R&D reproduced the fault in the lab: the same fabric defect; patch "
                    "V300R020SPH260 passed verification.",
                ),
            ),
        ),
        status=Text(
            "根因已定位，补丁已验证，待客户维护窗口加载；业务流量保持在 ECCB-ZJ-SPINE-02。",
            "Root cause found and the patch verified; waiting for the customer's maintenance "
            "window. Traffic stays on ECCB-ZJ-SPINE-02.",
        ),
        next_steps=(
            NextStep(
                Text("提交补丁加载方案并完成变更评审", "Submit the patch plan for change review"),
                "张伟",
                at(9, 30, 18, 0),
            ),
            NextStep(
                Text("维护窗口加载补丁并验证转发", "Load the patch and verify forwarding"),
                "王强",
                at(10, 15, 23, 30),
            ),
        ),
        expected_resolution=Text(
            "预计 10 月 15 日维护窗口加载补丁后解决。",
            "Expected to be solved once the patch is loaded on 15 October.",
        ),
        resources=(
            Text(
                "总部产品技术支持专家 陈静（数据中心交换机）",
                "HQ product support expert 陈静 (data-centre switching)",
            ),
            Text("研发 交换网板团队", "R&D fabric team"),
        ),
        contact=Contact("张伟", "021-5080-1234", "zhang.wei@netcare.example"),
        author="张伟",
        number=5,
    )
