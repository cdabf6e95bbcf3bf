"""Demo of care: ECCB's service plan document published, and holiday care for its last
holidays recorded — a WeChat message and an SMS before the earlier one, an e-mail sent
from NetCare before the latest one (mail goes to memory, as in the delivery demo).

The delivery demo leaves the last two past care obligations open for these steps; every
step checks what is there, so ``netcare demo`` run twice adds nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.test.utils import override_settings
from django.utils import timezone

from netcare.care.models import PlanDocument
from netcare.care.services import documents, touches
from netcare.contracts.services import current_contract
from netcare.customers.models import Channel, Contact, Customer
from netcare.delivery.models import Obligation, ServicePlan

QUIET_MAIL = override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")


def _plan(code: str) -> ServicePlan | None:
    customer = Customer.objects.filter(code=code).first()
    contract = current_contract(customer) if customer else None
    return ServicePlan.objects.filter(contract=contract).first() if contract else None


def _user(username: str) -> Any:
    return get_user_model()._default_manager.filter(username=username).first()


def publish_eccb_plan_document(summary: Any) -> None:
    """ECCB's confirmed plan as a document (zh/en; Word, Excel, PDF), published by the ASM."""
    plan = _plan("ECCB")
    asm = _user("asm.li")
    if plan is None or asm is None or plan.state != ServicePlan.State.CONFIRMED:
        return
    if PlanDocument.objects.filter(plan=plan, deliverable__state="published").exists():
        return
    with QUIET_MAIL:
        issued = documents.do_generate_plan_document(plan, actor=asm)
        documents.do_publish_plan_document(issued, actor=asm)


def record_eccb_care(summary: Any) -> None:
    """Touches for ECCB's past care obligations still open: recorded WeChat and SMS
    greetings for the earlier ones, an e-mail sent from NetCare for the latest."""
    plan = _plan("ECCB")
    asm = _user("asm.li")
    if plan is None or asm is None:
        return
    today = timezone.localdate()
    due = list(
        plan.obligations.filter(
            kind=Obligation.Kind.HOLIDAY_CARE, state=Obligation.State.OPEN, due__lt=today
        ).order_by("due")
    )
    people = {c.name: c for c in Contact.objects.filter(customer=plan.customer)}
    for index, obligation in enumerate(due):
        with QUIET_MAIL:
            if index == len(due) - 1 and "陈立" in people and people["陈立"].email:
                touches.do_send_touch(obligation, people["陈立"], actor=asm)
                continue
            day = obligation.due - dt.timedelta(days=1)
            for name, channel, hour in (("周敏", Channel.WECHAT, 10), ("徐海峰", Channel.SMS, 11)):
                contact = people.get(name)
                if contact is None:
                    continue
                touches.do_record_touch(
                    obligation,
                    channel=channel,
                    actor=asm,
                    contact=contact,
                    at=timezone.make_aware(dt.datetime.combine(day, dt.time(hour))),
                )


STEPS = [publish_eccb_plan_document, record_eccb_care]
