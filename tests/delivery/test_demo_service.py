"""The demo's service cycle, run in-process twice: ECCB half-way through its term with
delivered, late, waived, overdue and upcoming work, contact logs, a request answered
late and a published mid-term review; ``netcare obligations due --days 120`` lists it."""

from __future__ import annotations

from collections import Counter

import pytest
from django.utils import timezone
from typer.testing import CliRunner

from netcare.delivery.models import ContactLog, Deliverable, ServicePlan, ServiceRequest

pytestmark = pytest.mark.slow


def _state() -> dict[str, object]:
    return {
        "obligations": Counter(
            ServicePlan.objects.get(customer__code="ECCB").obligations.values_list(
                "state", flat=True
            )
        ),
        "deliverables": Deliverable.objects.count(),
        "contacts": ContactLog.objects.count(),
        "requests": ServiceRequest.objects.count(),
    }


def _run_demo() -> None:
    """The demo steps this capability depends on: tenants, contracts, delivery."""
    from netcare.contracts import demo as contracts_demo
    from netcare.delivery import demo as delivery_demo
    from netcare.demo import DemoSummary, load_tenants

    summary = DemoSummary()
    for step in [load_tenants, *contracts_demo.STEPS, *delivery_demo.STEPS]:
        step(summary)


def test_demo_service_cycle(db: None) -> None:
    _run_demo()
    first = _state()
    _run_demo()
    assert _state() == first  # idempotent

    plan = ServicePlan.objects.select_related("contract").get(customer__code="ECCB")
    today = timezone.localdate()
    assert plan.state == "confirmed" and plan.confirmed_by.username == "eccb.admin"
    assert plan.contract.start < plan.confirmed_at.date() < plan.contract.start.replace(day=28)
    obligations = list(plan.obligations.all())
    outcomes = Counter(
        "waived"
        if o.state == "waived"
        else "overdue"
        if o.is_overdue(today)
        else "upcoming"
        if o.is_open
        else "on time"
        if o.on_time
        else "late"
        for o in obligations
    )
    assert outcomes["on time"] > 30 and outcomes["late"] >= 2
    # Overdue: the latest document push and RAM contact, and the holiday care the care
    # demo (not run here) completes with its touches.
    care_left = sum(1 for o in obligations if o.kind == "holiday_care" and o.is_overdue(today))
    assert care_left >= 1
    assert outcomes["waived"] == 2 and outcomes["overdue"] == 2 + care_left
    assert outcomes["upcoming"] > 40
    assert ContactLog.objects.filter(contract=plan.contract, purpose="walkthrough").count() == 2
    late = [r for r in ServiceRequest.objects.filter(customer__code="ECCB") if r.response_late()]
    assert len(late) == 1 and late[0].first_response_at is not None
    review = Deliverable.objects.get(contract=plan.contract, report_type="mid_term_review")
    assert review.state == "published" and review.files.count() == 6
    assert review.obligation is not None and review.obligation.state == "done"
    assert ServicePlan.objects.get(customer__code="XHMG").state == "sent"

    from netcare.cli import app

    due = CliRunner().invoke(app, ["obligations", "due", "--days", "120"])
    assert due.exit_code == 0, due.output
    assert "ECCB" in due.output and "OVERDUE" in due.output and "XHMG" in due.output


def test_demo_story_is_dated_when_it_happened(db: None) -> None:
    """No notification about an earlier event is dated the day the demo loaded, the plan
    opened when the contract started, and each holiday waiver names its own holiday."""
    from netcare.delivery.models import Obligation
    from netcare.notifications.models import Notification

    _run_demo()
    today = timezone.localdate()
    plan = ServicePlan.objects.select_related("contract").get(customer__code="ECCB")
    assert timezone.localdate(plan.created) == plan.contract.start
    notes = list(Notification.objects.filter(customer__code="ECCB"))
    assert notes
    for note in notes:
        kind = note.kind
        if kind in {"plan_sent", "plan_confirmed", "choices_updated", "service_start"}:
            assert timezone.localdate(note.created) < today, (kind, note.key)
        if kind == "obligation_overdue":
            due = note.key.rsplit(":", 1)[1]
            assert f"{timezone.localdate(note.created):%Y-%m-%d}" > due, note.key
            assert timezone.localdate(note.created) < today or due >= f"{today:%Y-%m-%d}"
        if kind in {"request_raised", "request_answered"}:
            assert timezone.localdate(note.created) < today, note.key
    sent = next(n for n in notes if n.kind == "plan_sent")
    assert sent.created == plan.sent_at
    waivers = plan.obligations.filter(kind="holiday_care", state=Obligation.State.WAIVED)
    assert waivers
    for waived in waivers:
        holiday_zh = waived.title_zh.partition("：")[2]
        holiday_en = waived.title_en.partition(": ")[2]
        assert holiday_zh in waived.waiver_reason and holiday_en in waived.waiver_reason
        others = {"春节", "中秋", "国庆", "端午", "清明", "劳动节", "元旦"} - {
            word
            for word in ("春节", "中秋", "国庆", "端午", "清明", "劳动节", "元旦")
            if word in holiday_zh
        }
        assert not any(word in waived.waiver_reason for word in others), waived.waiver_reason
