"""Demo onsite support: ECCB's two visits, using 2.5 of its 4 person-days.

The first answers the customer's request for support at the core IRF expansion cut-over
(two days at the Zhangjiang data centre, 8 counted hours each: 2.0 person-days); the
second is the RAM's own dispatch to the DR failover drill (4 hours with travel: 0.5).
Each visit is dispatched, its days logged and booked on the contract's ledger, and its
record published, all dated where they happened in the story (months 3 and 8 of the
term). The contracts demo books nothing for ECCB any more: these visits are its ledger.

This step runs before the delivery demo, so the entitlement statement and the mid-term
review it writes show the same 2.5 days. Every step checks what is there: run twice,
it adds nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.test.utils import override_settings
from django.utils import timezone

from netcare.contracts import services as contracts
from netcare.contracts import terms
from netcare.customers.models import Customer, Site
from netcare.delivery.models import ServiceRequest
from netcare.delivery.services.requests import do_raise_request
from netcare.onsite.models import Visit
from netcare.onsite.services import records, visits

#: Demo accounts have no real mailboxes: messages go to the inbox, mail to memory.
QUIET_MAIL = override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")

#: ECCB's visits: months after the contract start, day of month, site, title, purpose,
#: the customer's request (or "" when the RAM dispatched on his own), days logged
#: (day offset, hours on site, hours travelling, note), work done, follow-ups.
ECCB_VISITS: list[dict[str, Any]] = [
    {
        "months": 3,
        "day": 18,
        "site": "上海张江数据中心",
        "title": "核心交换机 IRF 扩容割接现场保障 / IRF expansion cut-over on site",
        "purpose": "核心交换机 IRF 由两台扩容为四台，割接窗口内现场实施与保障。 / Extend the "
        "core IRF fabric from two to four members; implement and stand by during the window.",
        "request": "申请核心交换机 IRF 扩容割接现场支持 / Onsite support for the IRF expansion",
        "days": [
            (0, "6", "2", "割接前检查、备份配置 / pre-checks, configuration backups"),
            (1, "7", "1", "割接实施与业务验证 / cut-over and service verification"),
        ],
        "work_done": "完成割接前检查与配置备份；按方案加入两台成员设备，IRF 拓扑与 BFD MAD "
        "检测正常；核心业务验证通过，无中断。 / Pre-checks and backups done; two members "
        "added as planned, IRF topology and BFD MAD healthy; core services verified with no "
        "outage.",
        "follow_ups": "一周内复查 IRF 链路利用率 / re-check IRF link utilisation within a week\n"
        "更新网络拓扑图 / update the network diagram",
    },
    {
        "months": 8,
        "day": 6,
        "site": "苏州同城灾备中心",
        "title": "灾备中心链路切换演练现场支持 / DR link failover drill on site",
        "purpose": "年度灾备演练：主备链路切换时现场观察收敛与业务恢复。 / Yearly DR drill: "
        "watch convergence and service recovery while the links fail over.",
        "request": "",
        "days": [(0, "3", "1", "演练现场支持 / on site during the drill")],
        "work_done": "主备链路切换两次，OSPF 收敛 2 秒内，业务恢复正常。 / Links failed over "
        "twice; OSPF converged within 2 s and services recovered.",
        "follow_ups": "",
    },
]


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def run_eccb_visits(summary: Any) -> None:
    """ECCB's two onsite visits, dispatched, logged on the quota and recorded."""
    customer = Customer.objects.filter(code="ECCB").first()
    contract = contracts.current_contract(customer) if customer is not None else None
    if customer is None or contract is None:
        return
    people = get_user_model()._default_manager
    ram, engineer, admin = (
        people.get(username=name) for name in ("ram.zhang", "fe.wang", "eccb.admin")
    )
    today = timezone.localdate()
    with QUIET_MAIL:
        for spec in ECCB_VISITS:
            first = terms.add_months(contract.start, spec["months"]).replace(day=spec["day"])
            if first > today:
                continue
            _visit(customer, spec, first, ram, engineer, admin)


def _visit(
    customer: Customer, spec: dict[str, Any], first: dt.date, ram: Any, engineer: Any, admin: Any
) -> None:
    visit = Visit.objects.filter(customer=customer, title=spec["title"]).first()
    if visit is None:
        request = None
        if spec["request"]:
            request = ServiceRequest.objects.filter(
                customer=customer, kind=ServiceRequest.Kind.ONSITE_SUPPORT, title=spec["request"]
            ).first() or do_raise_request(
                customer,
                kind=ServiceRequest.Kind.ONSITE_SUPPORT,
                title=spec["request"],
                text=spec["purpose"],
                wanted_date=first,
                actor=admin,
                at=_at(first - dt.timedelta(days=14), 9),
            )
        visit = visits.do_dispatch(
            customer,
            engineer=engineer,
            planned_date=first,
            purpose=spec["purpose"],
            title=spec["title"],
            site=Site.objects.filter(customer=customer, name=spec["site"]).first(),
            request=request,
            actor=ram,
            at=_at(first - dt.timedelta(days=12), 11),
        )
    logged = set(visit.days.values_list("date", flat=True))
    last = first
    for offset, hours_onsite, hours_travel, note in spec["days"]:
        day = first + dt.timedelta(days=offset)
        last = max(last, day)
        if day in logged or visit.state not in visits.OPEN_STATES:
            continue
        visits.do_log_day(
            visit,
            date=day,
            hours_onsite=Decimal(hours_onsite),
            hours_travel=Decimal(hours_travel),
            note=note,
            actor=engineer,
        )
    if visit.state == Visit.State.ON_SITE:
        records.do_publish_record(
            visit,
            actor=ram,
            work_done=spec["work_done"],
            follow_ups=spec["follow_ups"],
            at=_at(last + dt.timedelta(days=1), 16),
        )


STEPS = [run_eccb_visits]
