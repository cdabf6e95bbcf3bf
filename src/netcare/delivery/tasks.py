"""Work the task queue runs for delivery: the hourly reminder sweep and report renders."""

from __future__ import annotations

from typing import Any

from netcare.core.jobs import JobContext


def run_reminders() -> dict[str, Any]:
    """The django-q2 schedule ``netcare-reminders`` calls this every hour."""
    from netcare.delivery.services.reminders import run_reminders as sweep

    return sweep()


def render_review(
    ctx: JobContext, *, plan_id: int, milestone: str, user_id: int, remarks: str | None = None
) -> dict[str, Any]:
    """Build and render a mid-term review or final summary as a Job (zh and en, 3 formats)."""
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from netcare.core.links import job_link
    from netcare.delivery.models import ServicePlan
    from netcare.delivery.services.reviews import do_generate_review, timing_warnings

    plan = ServicePlan.objects.select_related("contract", "customer").get(pk=plan_id)
    actor = get_user_model()._default_manager.get(pk=user_id)
    ctx.log(f"building the {milestone} report of {plan.contract.number}")
    ctx.progress(10)
    warnings = timing_warnings(plan, milestone)
    for warning in warnings:
        ctx.log(warning.en)
    deliverable = do_generate_review(plan, milestone, actor=actor, remarks=remarks)
    ctx.progress(100)
    return {
        "deliverable": deliverable.pk,
        "files": deliverable.files.count(),
        "warnings": [w.as_dict() for w in warnings],
        # The job page links back to the draft the leads edit and publish.
        **job_link(
            reverse("delivery:review", kwargs={"code": plan.customer.code, "milestone": milestone}),
            zh=deliverable.title_zh,
            en=deliverable.title_en or deliverable.title_zh,
        ),
    }
