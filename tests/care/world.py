"""Care for the test world, per customer (the delivery world runs first, so each has a
confirmed plan with holiday-care obligations): a care touch on the first care obligation
and the customer's own SMS wording. Plan documents are made by the access cases inside
their own tests (``access_cases.plan_documents``): a deliverable here would change what
other apps' tests count on the deliverables pages."""

from __future__ import annotations

from typing import Any


def extend_world(world: Any, admin: Any) -> None:
    from django.utils import timezone

    from netcare.care.models import CareMessage, CareTouch

    for which in ("own", "foreign"):
        plan = world.obj("plan", which)
        customer = plan.customer
        care = plan.obligations.filter(kind="holiday_care").order_by("due").first()
        assert care is not None, "the world's plan has holiday care"
        touch = CareTouch.objects.create(
            customer=customer,
            obligation=care,
            contact=world.obj("contact", which),
            people=f"{customer.code} contact",
            channel="wechat",
            language="zh",
            message=f"{customer.code} 节日快乐",
            state=CareTouch.State.RECORDED,
            touched_at=timezone.now(),
            by=admin,
        )
        message = CareMessage.objects.create(
            customer=customer, channel="sms", language="zh", body="{contact}您好，节日快乐！"
        )
        world.objects.setdefault("care_obligation", {})[which] = care
        world.objects.setdefault("care_touch", {})[which] = touch
        world.objects.setdefault("care_message", {})[which] = message
