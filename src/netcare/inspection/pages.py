"""Read models for the inspection pages and the device page's findings panel.

Runs, findings, marks and plans are vendor staff's: customer users get 404 on these
pages (they read the published reports), and the device panel shows them nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from netcare.core import access
from netcare.core.i18n import current_language
from netcare.core.models import Job
from netcare.customers.models import Customer
from netcare.delivery.models import Deliverable
from netcare.inspection.engine.model import CATEGORIES, DIMENSIONS
from netcare.inspection.models import (
    SEVERITY_RANK,
    Finding,
    FindingMark,
    HardeningPlan,
    HardeningStep,
    InspectionRun,
    Severity,
)
from netcare.inventory.models import Device
from netcare.reports.engine import Chart, Series
from netcare.reports.wording import pick
from netcare.web import lists

LIST_SIZE = 50
#: Health dimensions as pages name them.
DIMENSION_LABELS = {
    "hardware": _("Hardware"),
    "performance": _("Performance"),
    "reliability": _("Reliability"),
    "security": _("Security"),
    "configuration": _("Configuration"),
}


def run_list(customer: Customer, user: Any) -> dict[str, Any]:
    runs = (
        InspectionRun.objects.visible_to(user)
        .filter(customer=customer)
        .select_related("created_by", "job", "deliverable")
        .order_by("-created", "-id")
    )
    shown = list(runs[:LIST_SIZE])
    return {
        "customer": customer,
        "runs": shown,
        "may_run": access.may(user, "run_jobs", customer),
        "trend": health_trend(shown),
    }


def health_trend(runs: list[InspectionRun]) -> Chart | None:
    """Health score and open critical+major findings over the finished runs, oldest
    first; none with fewer than two runs (a trend needs two points)."""
    done = [r for r in reversed(runs) if r.state == InspectionRun.State.FINISHED and r.score_known]
    if len(done) < 2:
        return None
    lang = current_language()
    first, last = done[0], done[-1]
    return Chart(
        kind="line",
        categories=[f"#{r.pk} {r.created:%m-%d}" for r in done],
        series=[
            Series(pick(lang, "健康度", "Health score"), [float(r.score or 0) for r in done]),
            Series(
                pick(lang, "严重+重要隐患", "Critical + major findings"),
                [
                    float((r.counts or {}).get("critical", 0) + (r.counts or {}).get("major", 0))
                    for r in done
                ],
            ),
        ],
        caption=pick(lang, "健康度趋势", "Health trend"),
        reading=pick(
            lang,
            f"健康度从 {first.score} 变为 {last.score}（共 {len(done)} 次巡检）。",
            f"Health went from {first.score} to {last.score} over {len(done)} inspections.",
        ),
    )


def finding_spec(run: InspectionRun, devices: list[Any]) -> lists.ListSpec:
    """The findings list of a run: filters (the run's own devices), sortable columns,
    the export with what a reader needs to act (why, recommendation, evidence)."""
    finished = run.state == InspectionRun.State.FINISHED
    return lists.ListSpec(
        name="findings",
        title=_("Findings"),
        form_id="finding-filter",
        owner=f"{run.customer.code}-run{run.pk}",
        default_sort="severity",
        filters=(
            lists.Filter("severity", _("Severity"), Severity.choices),
            lists.Filter("category", _("Category"), [(c, c) for c in CATEGORIES]),
            lists.Filter(
                "device", _("Device"), lists.choices((d.device_id, d.hostname) for d in devices)
            ),
            lists.Filter("status", _("Status"), Finding.Status.choices),
            lists.Filter("change", _("Change"), Finding.Change.choices),
        ),
        columns=(
            lists.Column("pick", ""),
            lists.Column(
                "severity",
                _("Severity"),
                ("severity_rank", "device__hostname", "rule_id", "subject"),
                lambda f: f.get_severity_display(),
            ),
            lists.Column("device", _("Device"), ("device__hostname",), lambda f: f.device.hostname),
            lists.Column("rule", _("Rule"), ("rule_id", "subject"), lambda f: f.rule_id),
            lists.Column("subject", _("Subject"), (), lambda f: f.subject, False),
            lists.Column("category", _("Category"), ("category",), lambda f: f.category, False),
            lists.Column("finding", _("Finding"), (), lambda f: f.title),
            lists.Column("why", _("Why it matters"), (), lambda f: f.why, False),
            lists.Column(
                "recommendation", _("Recommendation"), (), lambda f: f.recommendation, False
            ),
            lists.Column("evidence", _("Evidence"), (), lambda f: "\n".join(f.evidence or [])),
            lists.Column(
                "change", _("Change"), ("change", "first_seen"), lambda f: f.get_change_display()
            ),
            lists.Column("since", _("First seen"), ("first_seen",), lambda f: f.first_seen, False),
            lists.Column("status", _("Status"), ("status",), lambda f: f.get_status_display()),
            lists.Column("mark", ""),
        ),
        empty=_("No finding in this inspection") if finished else _("No finding yet"),
        next_step=(
            _("every rule that could be assessed passed")
            if finished
            else _("the inspection has not finished")
        ),
    )


def _findings(run: InspectionRun, user: Any) -> Any:
    return (
        Finding.objects.visible_to(user)
        .filter(run=run)
        .select_related("device", "mark__owner")
        .annotate(severity_rank=lists.rank("severity", Severity.values))
        .order_by("severity_rank", "device__hostname", "rule_id", "subject")
    )


def plannable_findings(run: InspectionRun, user: Any, query: Mapping[str, str]) -> list[int]:
    """The open findings with hardening content that the list's filters in ``query``
    select, on every page: what "plan all that match" drafts a plan from."""
    devices = list(run.devices.order_by("hostname"))
    listing = lists.list_page(query, _findings(run, user), finding_spec(run, devices))
    return list(_plannable(listing.found).values_list("pk", flat=True))


def _plannable(found: Any) -> Any:
    return found.filter(hardening=True, status=Finding.Status.OPEN)


def run_detail(run: InspectionRun, user: Any, query: Mapping[str, str]) -> dict[str, Any]:
    """A run's health, its devices' scores and deductions, findings (filtered, sorted,
    paged), the comparison with the previous run, the plans made from it."""
    devices = list(run.devices.select_related("device").order_by("score", "hostname"))
    language = current_language()
    for item in devices:
        # Why each rule could not be assessed, in the viewer's language.
        item.reasons = [(n["rule_id"], pick(language, n["zh"], n["en"])) for n in item.not_assessed]
    listing = lists.list_page(query, _findings(run, user), finding_spec(run, devices))
    may_plan = access.may(user, "draft_deliverables", run.customer)
    resolved = Finding.objects.filter(pk__in=(run.comparison or {}).get("resolved", []))
    customer = run.customer
    return {
        "customer": customer,
        "run": run,
        "job": Job.objects.filter(pk=run.job_id).first() if run.job_id else None,
        "dimensions": [
            (DIMENSION_LABELS.get(d, d), (run.dimensions or {}).get(d)) for d in DIMENSIONS
        ],
        "devices": devices,
        "listing": listing,
        "findings": listing.rows,
        "resolved": list(resolved.select_related("device")),
        "plans": list(run.plans.order_by("-created")),
        "may_mark": access.may(user, "publish_deliverables", customer),
        "may_plan": may_plan,
        "plannable": _plannable(listing.found).count() if may_plan else 0,
        "may_publish": access.may(user, "publish_deliverables", customer),
        "mark_kinds": FindingMark.Kind.choices,
    }


def plan_detail(plan: HardeningPlan, user: Any) -> dict[str, Any]:
    """A plan's batches with their steps, per-device diffs and problems."""
    steps = list(plan.steps.select_related("device").order_by("batch", "order", "rule_id"))
    batches: dict[int, list[HardeningStep]] = {}
    for step in steps:
        batches.setdefault(step.batch, []).append(step)
    hostnames = {str(s.device_id): s.device.hostname for s in steps}
    diffs = [(hostnames.get(k, k), lines) for k, lines in sorted((plan.diffs or {}).items())]
    return {
        "customer": plan.customer,
        "plan": plan,
        "batches": sorted(batches.items()),
        "diffs": diffs,
        "may_apply": access.may(user, "run_jobs", plan.customer_id),
        "may_publish": access.may(user, "publish_deliverables", plan.customer_id),
    }


def device_panel(device: Device, user: Any) -> dict[str, Any]:
    """The device page's findings tab: the device's findings in its latest inspection
    (vendor staff only). Render ``inspection/_device_panel.html``."""
    staff = access.is_staff_for(user, device.customer_id)
    latest = None
    findings: list[Finding] = []
    if staff:
        latest = (
            InspectionRun.objects.filter(
                customer_id=device.customer_id,
                state=InspectionRun.State.FINISHED,
                devices__device=device,
            )
            .order_by("-created", "-id")
            .first()
        )
        if latest is not None:
            findings = sorted(
                Finding.objects.filter(run=latest, device=device),
                key=lambda f: (SEVERITY_RANK.get(f.severity, 9), f.rule_id, f.subject),
            )
    return {
        "template": "inspection/_device_panel.html",
        "device": device,
        "staff": staff,
        "run": latest,
        "findings": findings,
    }


def obligation_link(obligation: Any) -> str | None:
    """An inspection is run and published from the customer's inspections page."""
    from django.urls import reverse

    if obligation.kind == "inspection":
        return reverse("inspection:run_list", kwargs={"code": obligation.customer.code})
    return None


def overview_panel(customer: Customer, user: Any) -> dict[str, Any]:
    """Health on the customer page: the latest finished run's score, its open findings by
    severity and the trend. Staff see every run; a customer user sees the runs whose
    report was published to them (the figures that report already gives them)."""
    staff = access.is_staff_for(user, customer)
    runs = list(
        (InspectionRun.objects.visible_to(user) if staff else _published_runs(customer, user))
        .filter(customer=customer, state=InspectionRun.State.FINISHED)
        .order_by("-created", "-id")[:LIST_SIZE]
    )
    return {
        "template": "inspection/_overview_panel.html",
        "customer": customer,
        "latest": runs[0] if runs else None,
        "trend": health_trend(runs),
        "staff": staff,
        "shown": bool(runs) or staff,
    }


def _published_runs(customer: Customer, user: Any) -> QuerySet[InspectionRun]:
    """Runs reached only through the inspection reports the user may read: a customer
    never sees a run (working material), only what its published report says."""
    reports = Deliverable.objects.visible_to(user).filter(
        customer=customer, state=Deliverable.State.PUBLISHED
    )
    return InspectionRun.objects.filter(deliverable__in=reports)
