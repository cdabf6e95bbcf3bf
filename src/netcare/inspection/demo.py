"""Demo inspection: ECCB's collected devices inspected, the report published against the
plan's inspection, and a hardening plan drawn from the findings and published.

Runs after collection (the simulator's devices, with their faults) and delivery (the
confirmed plan whose obligations the reports complete). A customer already inspected
by an earlier demo run is left as it is, so running the demo twice changes nothing.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import override_settings

from netcare.customers.models import Customer
from netcare.inspection import services
from netcare.inspection.models import Finding, InspectionRun

CUSTOMER = "ECCB"
EXPERT = "ram.zhang"
#: Demo accounts have no real mailboxes: messages go to the inbox, mail to memory.
QUIET_MAIL = override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")


def inspect_eccb(summary: Any) -> None:
    """ECCB: inspection of the collected devices, report and hardening plan published."""
    customer = Customer.objects.filter(code=CUSTOMER).first()
    expert = get_user_model()._default_manager.filter(username=EXPERT).first()
    if customer is None or expert is None:
        return
    run = (
        InspectionRun.objects.filter(customer=customer, state=InspectionRun.State.FINISHED)
        .order_by("-created")
        .first()
    )
    with QUIET_MAIL:
        if run is None:
            with transaction.atomic():
                run = services.do_run_inspection(customer, actor=expert, sync=True)
            run.refresh_from_db()
            summary.jobs.append(f"inspection={run.state}")
            if run.state != InspectionRun.State.FINISHED:
                return
        if run.deliverable_id is None:
            services.do_publish_inspection(run, actor=expert)
        _harden(run, expert)


def _harden(run: InspectionRun, expert: Any) -> None:
    """A plan for every open finding that has hardening, published when it has steps."""
    plan = run.plans.order_by("created").first()
    if plan is None:
        chosen = Finding.objects.filter(
            run=run, hardening=True, status=Finding.Status.OPEN
        ).values_list("pk", flat=True)
        if not chosen:
            return
        plan = services.do_create_hardening_plan(
            run,
            list(chosen),
            actor=expert,
            title="网络安全加固方案 / Network security hardening plan",
        )
    if plan.deliverable_id is None and plan.steps.exists():
        services.do_publish_hardening(plan, actor=expert)


STEPS = [inspect_eccb]
