"""Inspection objects for the test world, per customer: a finished run over inventory's
core switch with its device result, one finding, a mark on it, and a hardening plan
with one step (rows only, as a run and a plan leave them; conftest runs inventory's and
collection's extensions first)."""

from __future__ import annotations

import datetime as dt
from typing import Any

EVIDENCE = "H3C Comware Software, Version 7.1.070, Release 7585P05"


def _build(world: Any, admin: Any, which: str, device: Any) -> None:
    from django.utils import timezone

    from netcare.inspection.models import (
        DeviceInspection,
        Finding,
        FindingMark,
        HardeningPlan,
        HardeningStep,
        InspectionRun,
    )

    customer = device.customer
    run = InspectionRun.objects.create(
        customer=customer,
        state="finished",
        packs={"common": "1.0"},
        score=92.5,
        dimensions={"hardware": 100.0, "security": 80.0},
        counts={"major": 1, "total": 1, "devices": 1},
        finished=timezone.now(),
        created_by=admin,
    )
    inspected = DeviceInspection.objects.create(
        customer=customer,
        run=run,
        device=device,
        hostname=device.hostname,
        platform="hp_comware",
        score=92.5,
        dimensions={"security": 80.0},
        deductions=[
            {
                "rule_id": "test.old_release",
                "subject": "",
                "dimension": "security",
                "points": 7.5,
                "device": str(device.pk),
                "not_assessed": False,
            }
        ],
        facts={"hostname": device.hostname, "platform": "hp_comware"},
        not_assessed=[
            {
                "rule_id": "common.psu_failed",
                "zh": "缺少数据：psus 未知（相关输出未采集或无法解析）",
                "en": "missing data: psus unknown (not collected or not understood)",
            }
        ],
    )
    finding = Finding.objects.create(
        customer=customer,
        run=run,
        device=device,
        rule_id="test.old_release",
        pack="test",
        pack_version="1.0",
        severity="major",
        category="lifecycle",
        title_zh="软件版本过旧",
        title_en="Old software release",
        evidence=[EVIDENCE],
        fingerprint=f"{which}-fingerprint",
        hardening=True,
    )
    mark = FindingMark.objects.create(
        customer=customer,
        device=device,
        rule_id=finding.rule_id,
        subject="",
        fingerprint="an-earlier-fingerprint",
        kind="accepted_risk",
        reason="upgrade planned with the next window",
        owner=admin,
        expires_on=dt.date.today() + dt.timedelta(days=90),
        created_by=admin,
    )
    plan = HardeningPlan.objects.create(
        customer=customer, run=run, title=f"加固方案 {customer.code}", created_by=admin
    )
    step = HardeningStep.objects.create(
        customer=customer,
        plan=plan,
        device=device,
        finding=finding,
        rule_id=finding.rule_id,
        platform="hp_comware",
        remediation="ssh server enable",
        rollback="undo ssh server enable",
        risk="major",
    )
    built = {
        "inspection_run": run,
        "device_inspection": inspected,
        "finding": finding,
        "finding_mark": mark,
        "hardening_plan": plan,
        "hardening_step": step,
    }
    for kind, obj in built.items():
        world.objects.setdefault(kind, {})[which] = obj


def extend_world(world: Any, admin: Any) -> None:
    for which in ("own", "foreign"):
        _build(world, admin, which, world.obj("device", which))
