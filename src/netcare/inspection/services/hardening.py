"""Hardening plans: steps from chosen findings, their states, and their verification.

The hardening engine computes each device's steps against its latest running
configuration (remediation and rollback), grouped into change batches; the plan keeps
the per-device diff of applying them all. A step applied on the device is verified when
a later collection shows its rule passing there.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from netcare.collection.models import Fact
from netcare.core.services import require, save_validated
from netcare.inspection.engine import evaluate
from netcare.inspection.engine import hardening as planner
from netcare.inspection.engine import model as engine
from netcare.inspection.models import Finding, HardeningPlan, HardeningStep, InspectionRun
from netcare.inspection.services import findings as rows

#: Drafting a plan is drafting a deliverable; applying steps is field work.
PLAN_ACTION = "draft_deliverables"
STEP_ACTION = "run_jobs"
#: Moves a person may make; ``verified`` also comes from ``verify_steps``.
MOVES = {
    HardeningStep.State.PLANNED: {HardeningStep.State.APPLIED},
    HardeningStep.State.APPLIED: {HardeningStep.State.PLANNED, HardeningStep.State.VERIFIED},
    HardeningStep.State.VERIFIED: {HardeningStep.State.APPLIED},
}


@transaction.atomic
def do_create_hardening_plan(
    run: InspectionRun,
    finding_ids: Iterable[int],
    *,
    actor: Any,
    vars: dict[str, Any] | None = None,
    title: str = "",
) -> HardeningPlan:
    """A draft plan for the chosen findings of one inspection.

    Devices whose steps cannot be computed (no running configuration collected) are
    listed in ``problems`` with the reason, never left out silently.
    """
    require(actor, PLAN_ACTION, run.customer_id)
    chosen = list(
        Finding.objects.filter(run=run, pk__in=list(finding_ids)).select_related("device")
    )
    if not chosen:
        raise ValidationError({"findings": "choose findings of this inspection"})
    try:
        vars = planner.check_vars(vars)
    except planner.HardeningError as exc:
        raise ValidationError({"vars": str(exc)}) from exc
    ruleset = rows.ruleset()
    by_device: dict[int, list[Finding]] = {}
    for finding in chosen:
        by_device.setdefault(finding.device_id, []).append(finding)
    datas = {d.pk: data for d, data in rows.device_data(run.customer, devices=by_device)}
    devices = {f.device_id: f.device for f in chosen}
    steps: list[engine.StepPlan] = []
    problems: list[dict[str, str]] = []
    diffs: dict[str, list[str]] = {}
    for device_id, found in by_device.items():
        device = found[0].device
        data = datas.get(device_id)
        if data is None:
            problems.append({"device": device.hostname, "reason": "no facts collected"})
            continue
        try:
            planned = planner.plan_device(ruleset, data, [rows.to_engine(f) for f in found], vars)
        except planner.HardeningError as exc:
            problems.append({"device": device.hostname, "reason": str(exc)})
            continue
        steps.extend(planned)
        diffs[rows.key_of(device)] = _device_diff(data, planned)
    plan = save_validated(
        HardeningPlan(customer=run.customer, run=run, created_by=actor),
        actor=actor,
        title=(title or f"加固方案 / Hardening plan #{run.pk}").strip()[:200],
        vars=dict(vars or {}),
        problems=problems,
        diffs=diffs,
    )
    first = {(f.device_id, f.rule_id): f for f in reversed(chosen)}
    HardeningStep.objects.bulk_create(
        HardeningStep(
            customer=run.customer,
            plan=plan,
            device=devices[int(step.device)],
            finding=first.get((int(step.device), step.rule_id)),
            rule_id=step.rule_id,
            subject=step.subject[:300],
            platform=step.platform,
            batch=batch.number,
            order=step.order,
            intended=step.intended,
            remediation=step.remediation,
            rollback=step.rollback,
            precheck=list(step.precheck),
            postcheck=list(step.postcheck),
            impact_zh=step.impact.zh,
            impact_en=step.impact.en,
            window=step.window,
            risk=step.risk,
            unplaced=list(step.unplaced),
        )
        for batch in planner.batches(steps)
        for step in batch.steps
    )
    return plan


def _device_diff(data: engine.DeviceData, steps: list[engine.StepPlan]) -> list[str]:
    """The running configuration against it with every step applied, as diff lines."""
    if not steps:
        return []
    platform = steps[0].platform
    running = str(data.outputs.get("running_config") or data.facts.get("config_text") or "")
    after = running
    for step in sorted(steps, key=lambda s: s.order):
        after = planner.apply(platform, after, step.remediation)
    return planner.diff(platform, running, after)


def do_set_step_state(step: HardeningStep, state: str, *, actor: Any) -> HardeningStep:
    """Move a step (planned ↔ applied → verified), keeping when it happened."""
    require(actor, STEP_ACTION, step.customer_id)
    if state not in MOVES.get(step.state, set()):  # type: ignore[call-overload]
        raise ValidationError({"state": f"a {step.state} step cannot become {state}"})
    now = timezone.now()
    changes: dict[str, Any] = {"state": state}
    if state == HardeningStep.State.APPLIED:
        changes.update(applied_at=step.applied_at if step.state == "verified" else now)
        changes.update(verified_at=None)
    elif state == HardeningStep.State.VERIFIED:
        changes.update(verified_at=now)
    else:
        changes.update(applied_at=None, verified_at=None)
    return save_validated(step, actor=actor, **changes)


def verify_steps(customer: Any) -> int:
    """Verify applied steps whose device was collected after they were applied: the
    step's rule, evaluated on the new facts, passes for the step's subjects. Returns
    how many steps were verified. Run at the start of every inspection."""
    applied = list(
        HardeningStep.objects.filter(customer=customer, state=HardeningStep.State.APPLIED)
    )
    if not applied:
        return 0
    collected = dict(
        Fact.objects.filter(device_id__in={s.device_id for s in applied}).values_list(
            "device_id", "collected_at"
        )
    )
    due = [
        s
        for s in applied
        if s.applied_at and collected.get(s.device_id, s.applied_at) > s.applied_at
    ]
    if not due:
        return 0
    ruleset = rows.ruleset()
    wanted = {s.rule_id for s in due}
    subset = dataclasses.replace(ruleset, rules=tuple(r for r in ruleset.rules if r.id in wanted))
    results = {
        device.pk: evaluate.inspect_device(subset, data)
        for device, data in rows.device_data(customer, devices={s.device_id for s in due})
    }
    now = timezone.now()
    verified = []
    for step in due:
        result = results.get(step.device_id)
        if result is not None and _passes(step, result):
            verified.append(step.pk)
    HardeningStep.objects.filter(pk__in=verified).update(
        state=HardeningStep.State.VERIFIED, verified_at=now
    )
    return len(verified)


def _passes(step: HardeningStep, result: engine.DeviceResult) -> bool:
    """The rule was evaluated on the device and no longer fires for the step's subjects."""
    if any(n.rule_id == step.rule_id for n in result.not_assessed):
        return False
    if step.rule_id in result.passed:
        return True
    subjects = {s.strip() for s in step.subject.split(",")} if step.subject else {""}
    firing = {f.subject for f in result.findings if f.rule_id == step.rule_id}
    evaluated = bool(firing) or step.rule_id in result.passed
    return evaluated and not (subjects & firing)
