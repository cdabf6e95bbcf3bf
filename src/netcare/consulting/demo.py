"""Demo consulting for ECCB: a data-centre spine-leaf expansion proposal submitted by the
customer, reviewed by the L2 expert and an HQ expert with findings in several areas, and
its assessment report published; an SRv6 / EVPN-VXLAN campus workshop asked for, staffed,
held, and its minutes published.

The proposal document is written here, at demo time (no download). Each step checks
what an earlier run left, so running the demo twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.test import override_settings
from django.utils import timezone

from netcare.consulting.models import Assessment, Workshop
from netcare.consulting.services import assessments, workshops
from netcare.customers.models import Customer

QUIET_MAIL = override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
PROPOSAL_TITLE = "主数据中心 Spine-Leaf 网络扩容方案"
WORKSHOP_TOPIC = "SRv6 与 EVPN-VXLAN 园区网络演进"

PROPOSAL = """# 主数据中心 Spine-Leaf 网络扩容方案

## 1. 背景
核心业务系统（新一代核心账务、手机银行）明年上线，主数据中心服务器接入需求增加约 320 台（25GE 双上联）。

## 2. 现状
- 2 台 Spine（每台 32×100GE），6 对 Leaf（48×25GE + 8×100GE），EVPN-VXLAN，BGP 作为 underlay。
- Spine 端口已用 24/32。

## 3. 扩容内容
1. 新增 4 对 Leaf 交换机，每台 2×100GE 上联至每台 Spine。
2. Spine 不扩容，新增 Leaf 占用剩余 8 个端口。
3. 新 Leaf 沿用现有 VNI 规划，新增 VNI 10300–10399 用于新核心账务。
4. 割接窗口：周六 00:00–06:00，分两批上线。

## 4. 回退
新 Leaf 上联端口 shutdown，撤销 BGP 邻居配置。
"""  # noqa: E501 (the document's own lines)

FINDINGS = [
    (
        "hq.chen",
        "capacity",
        "high",
        "新增 4 对 Leaf 将占满 Spine 剩余的 8 个 100GE 端口，扩容后 Spine 无空余端口。",
        "后续任何扩容（含防火墙、负载均衡接入）都需更换 Spine 或增加 Spine 平面，"
        "届时需较大停机窗口。",
        "同步规划第三、四台 Spine（或 Spine 线卡扩容），本期预留至少 25% 端口余量。",
    ),
    (
        "hq.chen",
        "capacity",
        "medium",
        "新 Leaf 上联收敛比为 48×25GE : 4×100GE = 3:1，核心账务批处理时段东西向流量集中。",
        "批处理窗口可能出现上联拥塞与尾部时延上升。",
        "核心账务所在 Leaf 采用 6×100GE 上联或将批处理服务器分散到多对 Leaf。",
    ),
    (
        "ram.zhang",
        "availability",
        "high",
        "方案未说明新 Leaf 对的 M-LAG / EVPN multihoming 方式及 peer-link 设计。",
        "单台 Leaf 故障或升级时，单上联服务器将中断。",
        "明确采用 EVPN multihoming（ESI）或 M-LAG，并要求服务器全部双上联；补充故障切换测试用例。",
    ),
    (
        "ram.zhang",
        "architecture",
        "low",
        "新增 VNI 段与现有 VRF 规划的对应关系未在方案中列出。",
        "",
        "补充 VNI–VRF–网段对照表，纳入配置基线。",
    ),
    (
        "hq.chen",
        "security",
        "medium",
        "新核心账务网段与互联网区之间仅依靠 Leaf 上的 ACL 隔离。",
        "ACL 维护错误可能导致越权访问核心账务。",
        "核心账务 VRF 出口经数据中心防火墙，ACL 仅作为补充控制。",
    ),
    (
        "ram.zhang",
        "operability",
        "medium",
        "割接步骤缺少每批上线后的检查项与回退判断标准。",
        "出现异常时无法及时判断是否回退，可能延长影响时间。",
        "为每批补充检查清单（BGP/EVPN 路由条目、ARP/MAC 数、业务探测）及回退触发条件。",
    ),
]

MINUTES = """一、SRv6 技术介绍
研发专家介绍了 SRv6 的基本原理（SID、End/End.X/End.DT4 等行为）、与 SR-MPLS 的差异，以及 SRv6 Policy 在广域网流量工程中的应用。

二、EVPN-VXLAN 园区网络
产品支持专家介绍了基于 EVPN-VXLAN 的园区虚拟化方案：业务随行、微分段、与现有 802.1X 认证的结合方式，以及分阶段改造路径（先核心、后汇聚、接入保持二层）。

三、客户关注问题讨论
1. 分行广域网是否需要立即引入 SRv6：双方认为当前 MPLS VPN 可满足需求，建议先在总分行骨干试点 SRv6 Policy，2027 年评估后再推广。
2. 现网设备对 SRv6 的支持：部分汇聚设备需升级软件版本，由专属L2专家对照版本汇总表给出清单。
3. 园区改造对营业网点的影响：建议选择一处网点作为试点，在非营业时间割接。

四、结论
客户将于下季度启动园区 EVPN-VXLAN 试点方案编写，完成后提交技术方案协助评估。
"""  # noqa: E501 (the minutes' own paragraphs)

ATTENDEES = [
    ("vendor", "张伟", "专属L2专家"),
    ("vendor", "陈静", "产品技术支持专家"),
    ("customer", "陈立", "网络管理处 处长"),
    ("customer", "周敏", "网络管理处 工程师"),
    ("customer", "刘洋", "信息科技部 架构师"),
]


def _user(username: str) -> Any:
    return get_user_model()._default_manager.filter(username=username).first()


def _eccb() -> Customer | None:
    return Customer.objects.filter(code="ECCB").first()


def assess_proposal(summary: Any) -> None:
    """ECCB: a spine-leaf expansion proposal reviewed and its assessment published."""
    customer = _eccb()
    ram, hq, admin = _user("ram.zhang"), _user("hq.chen"), _user("eccb.admin")
    if customer is None or None in (ram, hq, admin):
        return
    found = Assessment.objects.filter(customer=customer, title=PROPOSAL_TITLE).first()
    if found is not None and found.state == Assessment.State.PUBLISHED:
        return
    with QUIET_MAIL:
        if found is None:
            found = assessments.do_submit_proposal(
                customer,
                title=PROPOSAL_TITLE,
                proposal_kind=Assessment.ProposalKind.EXPANSION,
                context="明年新核心账务系统上线，主数据中心需新增约 320 台服务器接入。"
                "请重点评估容量余量、高可用设计与割接风险。",
                file_name="spine-leaf-expansion.md",
                data=PROPOSAL.encode("utf-8"),
                actor=admin,
            )
        if found.state in (Assessment.State.SUBMITTED, Assessment.State.IN_REVIEW):
            assessments.do_assign_reviewer(found, ram, actor=ram)
            assessments.do_assign_reviewer(found, hq, speciality="product_support", actor=ram)
        if found.state == Assessment.State.IN_REVIEW and not found.findings.exists():
            people = {"ram.zhang": ram, "hq.chen": hq}
            for author, area, severity, finding, risk, advice in FINDINGS:
                assessments.do_record_finding(
                    found,
                    area=area,
                    severity=severity,
                    finding=finding,
                    risk=risk,
                    recommendation=advice,
                    actor=people[author],
                )
        if found.state == Assessment.State.IN_REVIEW:
            assessments.do_conclude(
                found,
                summary="客户计划在主数据中心新增 4 对 Leaf 交换机，接入约 320 台 25GE 服务器，"
                "Spine 不扩容，沿用现有 EVPN-VXLAN 架构。",
                conclusion="方案总体可行，与现有架构一致。实施前须解决 2 项高风险：Spine 端口余量"
                "与新 Leaf 的多归属设计；其余中低风险建议在割接前完成整改。",
                actor=ram,
            )
        assessments.do_publish_assessment(found, actor=ram)
    summary.jobs.append("proposal_assessment=published")


def hold_workshop(summary: Any) -> None:
    """ECCB: an SRv6 / EVPN-VXLAN campus workshop held and its minutes published."""
    customer = _eccb()
    ram, hq, admin = _user("ram.zhang"), _user("hq.chen"), _user("eccb.admin")
    if customer is None or None in (ram, hq, admin):
        return
    found = Workshop.objects.filter(customer=customer, title=WORKSHOP_TOPIC).first()
    if found is not None and found.state == Workshop.State.MINUTES_PUBLISHED:
        return
    day = timezone.localdate() - dt.timedelta(days=12)
    starts = timezone.make_aware(dt.datetime.combine(day, dt.time(14, 0)))
    with QUIET_MAIL:
        if found is None:
            found = workshops.do_request_workshop(
                customer,
                topic=WORKSHOP_TOPIC,
                description="希望了解 SRv6 在分行广域网的适用性，"
                "以及园区网络向 EVPN-VXLAN 演进的路径。",
                actor=admin,
            )
        if found.state == Workshop.State.REQUESTED:
            workshops.do_book_expert(found, ram, actor=ram)
            workshops.do_book_expert(found, hq, speciality="product_support", actor=ram)
            workshops.do_schedule_workshop(
                found,
                starts_at=starts,
                ends_at=starts + dt.timedelta(hours=3),
                place="ECCB 总行大楼 12 楼会议室",
                online_link="https://meeting.netcare.example/eccb-srv6",
                actor=ram,
            )
        if found.state == Workshop.State.SCHEDULED:
            workshops.do_mark_held(found, actor=ram)
        if found.state == Workshop.State.HELD and not found.attendees.exists():
            for side, name, title in ATTENDEES:
                workshops.do_add_attendee(found, side=side, name=name, title=title, actor=ram)
            workshops.do_add_follow_up(
                found,
                text="对照版本汇总表列出支持 SRv6 所需升级的汇聚设备清单",
                owner="张伟",
                due=day + dt.timedelta(days=14),
                actor=ram,
            )
            workshops.do_add_follow_up(
                found,
                text="选定园区 EVPN-VXLAN 试点网点并编写试点方案",
                owner="陈立",
                due=day + dt.timedelta(days=60),
                actor=ram,
            )
        workshops.do_record_minutes(found, MINUTES, actor=ram)
        workshops.do_publish_minutes(found, actor=ram)
    summary.jobs.append("workshop=minutes_published")


STEPS = [assess_proposal, hold_workshop]
