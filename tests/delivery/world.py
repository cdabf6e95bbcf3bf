"""Delivery for the test world, per customer: a published deliverable with a file and a
draft; the service plan (RAM and ASM named, choices made, generated, sent, confirmed)
with its obligations; a contact log and a service request."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from netcare.contracts import services as contract_services
from netcare.customers import services as customer_services
from netcare.delivery import services
from netcare.delivery.services import contacts, plans, requests

PLAN_START = dt.date(2026, 1, 1)


def extend_world(world: Any, admin: Any) -> None:
    import tempfile

    for which, customer in (("own", world.own), ("foreign", world.foreign)):
        published = services.do_create_deliverable(
            customer, item="inspection", title=f"{customer.code} 巡检报告", actor=admin
        )
        with tempfile.TemporaryDirectory() as tmp:
            source = Path(tmp) / "report.pdf"
            source.write_bytes(b"%PDF-1.7 test " + customer.code.encode())
            attached = services.do_attach_file(
                published,
                source,
                fmt="pdf",
                language="zh",
                actor=admin,
                name=f"{customer.code}-inspection-zh.pdf",
            )
        services.do_publish(published, actor=admin)
        draft = services.do_create_deliverable(
            customer, item="inspection", title=f"{customer.code} 草稿", actor=admin
        )
        world.objects.setdefault("deliverable", {})[which] = published
        world.objects.setdefault("draft", {})[which] = draft
        world.objects.setdefault("deliverable_file", {})[which] = attached
        _plan(world, which, customer, admin)


def _plan(world: Any, which: str, customer: Any, admin: Any) -> None:
    contract = world.obj("contract", which)
    ram = world.users["member_staff" if which == "own" else "nonmember_staff"]
    customer_admin = world.users["customer_admin" if which == "own" else "other_customer"]
    asm = customer_services.do_create_user(
        f"t.asm_{which}", password="pw-asm", actor=None, email=f"asm-{which}@example.com"
    )
    contract_services.do_assign(contract, "l2_expert", ram, start=contract.start, actor=admin)
    contract_services.do_assign(contract, "asm", asm, start=contract.start, actor=admin)
    plans.start_service(contract, today=PLAN_START)
    plans.do_set_choices(
        contract,
        {"inspection": ("now", "两次巡检都做全量"), "version_assessment": ("not", "")},
        actor=customer_admin,
    )
    plans.do_generate_plan(contract, actor=ram, today=PLAN_START)
    plan = plans.ensure_plan(contract)
    plans.do_send_plan(plan, actor=ram)
    plans.do_confirm_plan(plan, actor=customer_admin)
    log = contacts.do_log_contact(
        contract,
        role="l2_expert",
        date=dt.date(2026, 1, 6),
        channel="phone",
        people=f"{customer.code} contact",
        summary="Followed up on the OSPF question.",
        purpose="follow_up",
        actor=ram,
    )
    request = requests.do_raise_request(
        customer,
        kind="technical_question",
        title=f"{customer.code} OSPF question",
        text="Why does OSPF flap?",
        actor=customer_admin,
    )
    # The RAM's service-start contact: due first, so it heads every list.
    obligation = plan.obligations.get(slot="start:l2_expert")
    world.objects.setdefault("asm", {})[which] = asm
    world.objects.setdefault("plan", {})[which] = plan
    world.objects.setdefault("obligation", {})[which] = obligation
    world.objects.setdefault("item_choice", {})[which] = contract.entitlements.get(
        item__code="inspection"
    ).choice
    world.objects.setdefault("contact_log", {})[which] = log
    world.objects.setdefault("service_request", {})[which] = request


def proactive_record(world: Any, day: dt.date, *, channel: str, summary: str) -> Any:
    """The deliverable record a proactive contact of the own customer's RAM leaves: the
    care records the deliverables page and the title tests look at."""
    log = contacts.do_log_contact(
        world.obj("contract", "own"),
        role="l2_expert",
        date=day,
        channel=channel,
        people="王工",
        summary=summary,
        purpose="proactive",
        actor=world.users["member_staff"],
    )
    assert log.record is not None
    return log.record
