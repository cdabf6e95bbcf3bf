"""Read models for the lifecycle pages.

Targets, exposures, assessments and notices are the vendor's working material: the
views answer 404 to customer users (they read what the expert publishes). Advisories,
releases and imports are the vendor's shared data, read by every staff member; the
exposures listed beside an advisory are only those of customers the viewer sees.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When

from netcare.core import access
from netcare.core.i18n import current_language
from netcare.customers.models import Customer
from netcare.inventory.models import Device, Platform
from netcare.lifecycle.forms import AnnotateForm, ImportForm, TargetForm
from netcare.lifecycle.models import (
    SEVERITY_RANK,
    Advisory,
    AdvisoryImport,
    Exploitation,
    Exposure,
    RiskNotice,
    Severity,
    TargetRelease,
    VersionAssessment,
)
from netcare.lifecycle.services import publishing
from netcare.reports.engine import Chart, Series
from netcare.reports.wording import pick
from netcare.web.work import WorkItem

LIST_SIZE = 50
EXPOSURE_PAGE = 200
APPLICABLE = (Exposure.Status.VULNERABLE, Exposure.Status.POTENTIALLY_VULNERABLE)
EXPOSURE_FILTERS = ("status", "severity", "kind", "exploited")
ADVISORY_FILTERS = ("q", "kind", "severity", "platform", "exploited")


def _severity_order() -> Case:
    """Most severe first, in the database (severity is text)."""
    return Case(
        *[When(advisory__severity=s, then=Value(r)) for s, r in SEVERITY_RANK.items()],
        default=Value(len(SEVERITY_RANK)),
        output_field=IntegerField(),
    )


def exploited_ids(advisories: Iterable[Advisory]) -> set[int]:
    """The advisories known to be exploited: a CVE in the KEV catalog, or CISA's ADP
    decision "active" in the CVE record. One query for the KEV rows."""
    rows = list(advisories)
    cves = sorted({c for a in rows for c in a.cves})
    kev = set(
        Exploitation.objects.filter(cve__in=cves, known_exploited=True).values_list(
            "cve", flat=True
        )
    )
    return {a.pk for a in rows if kev & set(a.cves) or a.adp_exploitation == "active"}


def overview(customer: Customer, user: Any) -> dict[str, Any]:
    """The customer's version summary (the rows the published table has) with its
    per-platform roll-up, its target releases and the form to set one, its assessments
    and risk notices."""
    record = publishing.version_summary(customer, current_language())
    names = {p.slug: p.name for p in Platform.objects.all()}
    devices = dict(
        Device.objects.visible_to(user).filter(customer=customer).values_list("hostname", "pk")
    )
    targets = (
        TargetRelease.objects.visible_to(user)
        .filter(customer=customer)
        .select_related("platform", "device", "set_by")
        .order_by("platform__slug", "device__hostname", "model")
    )
    assessments = (
        VersionAssessment.objects.visible_to(user)
        .filter(customer=customer)
        .select_related("created_by", "deliverable")
        .order_by("-created", "-id")
    )
    notices = (
        RiskNotice.objects.visible_to(user)
        .filter(customer=customer)
        .select_related("advisory", "created_by", "deliverable")
        .order_by("-created", "-id")
    )
    return {
        "customer": customer,
        "summary": record,
        "rows": [
            {
                "row": row,
                "device": devices.get(row.hostname),
                "ended": row.support_ended(record.generated),
            }
            for row in record.rows
        ],
        "platforms": [
            {"rollup": rollup, "name": names.get(rollup.platform, rollup.platform)}
            for rollup in record.platforms()
        ],
        "targets": list(targets),
        "target_form": TargetForm(customer, user),
        "assessments": list(assessments[:LIST_SIZE]),
        "notices": list(notices[:LIST_SIZE]),
        "may_target": access.may(user, "manage_targets", customer),
        "may_assess": access.may(user, "assess_versions", customer),
        "may_publish": access.may(user, "publish_deliverables", customer),
    }


def _exposures(customer: Customer, user: Any, chosen: Mapping[str, str]) -> QuerySet[Exposure]:
    found = Exposure.objects.visible_to(user).filter(customer=customer)
    if chosen["status"] in Exposure.Status.values:
        found = found.filter(status=chosen["status"])
    if chosen["severity"] in Severity.values:
        found = found.filter(advisory__severity=chosen["severity"])
    if chosen["kind"] in Advisory.Kind.values:
        found = found.filter(advisory__kind=chosen["kind"])
    if chosen["exploited"] in ("yes", "no"):
        advisories = Advisory.objects.filter(pk__in=found.values("advisory_id").distinct()).only(
            "pk", "cves", "adp_exploitation"
        )
        exploited = exploited_ids(advisories)
        if chosen["exploited"] == "yes":
            found = found.filter(advisory_id__in=sorted(exploited))
        else:
            found = found.exclude(advisory_id__in=sorted(exploited))
    return found


def exposure_list(customer: Customer, user: Any, query: Mapping[str, str]) -> dict[str, Any]:
    """The customer's exposures, filtered, most severe advisory first and grouped by
    advisory; each row's reason in the viewer's language (``Exposure.detail``)."""
    chosen = {k: query.get(k, "") for k in EXPOSURE_FILTERS}
    found = (
        _exposures(customer, user, chosen)
        .select_related("device", "advisory")
        .annotate(rank=_severity_order())
        .order_by("rank", "advisory__key", "device__hostname")
    )
    page = Paginator(found, EXPOSURE_PAGE).get_page(query.get("page"))
    rows = list(page.object_list)
    exploited = exploited_ids({r.advisory.pk: r.advisory for r in rows}.values())
    groups: dict[int, dict[str, Any]] = {}
    for row in rows:
        group = groups.setdefault(
            row.advisory_id,
            {
                "advisory": row.advisory,
                "exploited": row.advisory_id in exploited,
                "rows": [],
                "applicable": 0,
            },
        )
        group["rows"].append(row)
        group["applicable"] += row.status in APPLICABLE
    totals = dict(
        Exposure.objects.visible_to(user)
        .filter(customer=customer)
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    return {
        "customer": customer,
        "page": page,
        "groups": list(groups.values()),
        "filters": chosen,
        "totals": [(label, totals.get(value, 0)) for value, label in Exposure.Status.choices],
        "by_severity": exposures_by_severity(
            Exposure.objects.visible_to(user).filter(customer=customer)
        ),
        "statuses": Exposure.Status.choices,
        "severities": Severity.choices,
        "kinds": Advisory.Kind.choices,
        "may_notice": access.may(user, "publish_deliverables", customer),
    }


def _advisories(query: Mapping[str, str]) -> QuerySet[Advisory]:
    found = Advisory.objects.all()
    text = query.get("q", "").strip()
    if text:
        found = found.filter(
            Q(key__icontains=text) | Q(title__icontains=text) | Q(cves__icontains=text)
        )
    if query.get("kind") in Advisory.Kind.values:
        found = found.filter(kind=query["kind"])
    if query.get("severity") in Severity.values:
        found = found.filter(severity=query["severity"])
    platform = query.get("platform", "")
    exploited = query.get("exploited", "")
    if platform or exploited in ("yes", "no"):
        # Platforms and CVEs are JSON lists: read them once, filter here (the same on
        # SQLite and PostgreSQL).
        rows = list(found.only("pk", "platforms", "cves", "adp_exploitation"))
        if platform:
            rows = [a for a in rows if platform in a.platforms]
        if exploited in ("yes", "no"):
            known = exploited_ids(rows)
            rows = [a for a in rows if (a.pk in known) == (exploited == "yes")]
        found = found.filter(pk__in=[a.pk for a in rows])
    return found


def advisory_list(user: Any, query: Mapping[str, str]) -> dict[str, Any]:
    """The shared advisories, filtered and paged, with how many exposures of the
    customers the viewer sees each has; the import form and the latest imports."""
    found = _advisories(query).order_by("-published", "key")
    page = Paginator(found, LIST_SIZE).get_page(query.get("page"))
    rows = list(page.object_list)
    exploited = exploited_ids(rows)
    counts = dict(
        Exposure.objects.visible_to(user)
        .filter(advisory_id__in=[a.pk for a in rows], status__in=APPLICABLE)
        .values_list("advisory_id")
        .annotate(n=Count("id"))
        .values_list("advisory_id", "n")
    )
    for advisory in rows:
        advisory.exploited = advisory.pk in exploited
        advisory.applicable = counts.get(advisory.pk, 0)
    imports = AdvisoryImport.objects.visible_to(user).select_related("created_by", "feed")
    return {
        "page": page,
        "advisories": rows,
        "filters": {k: query.get(k, "") for k in ADVISORY_FILTERS},
        "kinds": Advisory.Kind.choices,
        "severities": Severity.choices,
        "platforms": list(Platform.objects.order_by("slug").values_list("slug", flat=True)),
        "imports": list(imports.order_by("-created", "-id")[:10]),
        "import_form": ImportForm(),
        "may_import": access.may_shared(user, "import_advisories"),
    }


def advisory_detail(advisory: Advisory, user: Any) -> dict[str, Any]:
    """An advisory's products and ranges, CVEs with what is known of their exploitation,
    its feature condition (and the form to annotate it), its revisions, and the
    exposures of the customers the viewer sees — never another customer's."""
    signals = {e.cve: e for e in Exploitation.objects.filter(cve__in=sorted(advisory.cves))}
    exposures = (
        Exposure.objects.visible_to(user)
        .filter(advisory=advisory)
        .select_related("device", "customer")
        .order_by("customer__code", "status", "device__hostname")
    )
    by_customer: dict[int, dict[str, Any]] = {}
    for row in exposures:
        group = by_customer.setdefault(
            row.customer_id,
            {
                "customer": row.customer,
                "rows": [],
                "applicable": 0,
                "may_notice": access.may(user, "publish_deliverables", row.customer_id),
            },
        )
        group["rows"].append(row)
        group["applicable"] += row.status in APPLICABLE
    notices = (
        RiskNotice.objects.visible_to(user)
        .filter(advisory=advisory)
        .select_related("customer")
        .order_by("-created")
    )
    return {
        "advisory": advisory,
        "products": advisory.products,
        "cves": [(cve, signals.get(cve)) for cve in advisory.cves],
        "exploited": bool(exploited_ids([advisory])),
        "customers": list(by_customer.values()),
        "notices": list(notices),
        "revisions": list(advisory.revisions.all()[:20]),
        "annotate_form": AnnotateForm(
            initial={"features": advisory.feature_any_of, "text": advisory.feature_text}
        ),
        "may_annotate": access.may_shared(user, "annotate_advisories"),
    }


def assessment_detail(assessment: VersionAssessment, user: Any) -> dict[str, Any]:
    """Per-version rows, upgrade recommendations and each device's risk with every point
    that makes it (factor, advisory, points, why in the viewer's language), so an
    expert can explain every number."""
    language = current_language()
    scores = list(assessment.scores.select_related("device").order_by("-value", "device__hostname"))
    for score in scores:
        score.lines = [
            {**point, "why": pick(language, point.get("zh", ""), point.get("en", ""))}
            for point in score.points or []
        ]
    recommendations = [
        {**row, "why": pick(language, row.get("zh", ""), row.get("en", ""))}
        for row in assessment.recommendations or []
    ]
    return {
        "customer": assessment.customer,
        "assessment": assessment,
        "versions": assessment.versions or [],
        "recommendations": recommendations,
        "scores": scores,
        "may_publish": access.may(user, "publish_deliverables", assessment.customer_id),
    }


def notice_detail(notice: RiskNotice, user: Any) -> dict[str, Any]:
    """A risk notice: its advisory, the customer's devices exposed to it (applicable
    first) and what the expert wrote; published, the deliverable."""
    exposures = (
        Exposure.objects.visible_to(user)
        .filter(customer_id=notice.customer_id, advisory_id=notice.advisory_id)
        .select_related("device")
        .annotate(
            later=Case(
                When(status__in=APPLICABLE, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("later", "device__hostname")
    )
    return {
        "customer": notice.customer,
        "notice": notice,
        "advisory": notice.advisory,
        "exposures": list(exposures),
        "may_publish": access.may(user, "publish_deliverables", notice.customer_id),
    }


def work_items(user: Any) -> list[WorkItem]:
    """Devices found vulnerable in the last seven days, one item per customer, for the
    experts who assess versions."""
    import datetime as dt

    from django.urls import reverse
    from django.utils import timezone

    experts = access.customer_ids(user, {"l2_expert"})
    if not experts and not access.is_admin(user):
        return []
    since = timezone.now() - dt.timedelta(days=7)
    found = Exposure.objects.visible_to(user).filter(
        status=Exposure.Status.VULNERABLE, since__gte=since
    )
    if not access.is_admin(user):
        found = found.filter(customer_id__in=sorted(experts))
    rows = (
        found.values("customer__code")
        .annotate(
            devices=Count("device", distinct=True), advisories=Count("advisory", distinct=True)
        )
        .order_by("customer__code")
    )
    return [
        WorkItem(
            "exposures",
            pick(
                current_language(),
                f"{r['devices']} 台设备新受 {r['advisories']} 条公告影响",
                f"{r['devices']} devices newly exposed to {r['advisories']} advisories",
            ),
            r["customer__code"],
            reverse("lifecycle:exposure_list", kwargs={"code": r["customer__code"]}),
            None,
        )
        for r in rows
    ]


def obligation_link(obligation: Any) -> str | None:
    """The version review is delivered from the customer's versions page."""
    from django.urls import reverse

    if obligation.kind == "version_review":
        return reverse("lifecycle:overview", kwargs={"code": obligation.customer.code})
    return None


def exposures_by_severity(found: QuerySet[Exposure]) -> Chart | None:
    """Devices vulnerable and potentially vulnerable, by the advisory's severity."""
    rows = (
        found.filter(status__in=APPLICABLE)
        .values("advisory__severity", "status")
        .annotate(n=Count("device", distinct=True))
    )
    counts: dict[tuple[str, str], int] = {
        (r["advisory__severity"], r["status"]): r["n"] for r in rows
    }
    if not counts:
        return None
    lang = current_language()
    levels = [s for s in Severity.values if any(k[0] == s for k in counts)]
    names = dict(Severity.choices)
    statuses = dict(Exposure.Status.choices)
    series = [
        Series(str(statuses[status]), [float(counts.get((s, status), 0)) for s in levels])
        for status in APPLICABLE
    ]
    vulnerable = found.filter(status=Exposure.Status.VULNERABLE).values("device").distinct().count()
    return Chart(
        kind="stacked_bar",
        categories=[str(names.get(s, s)) for s in levels],
        series=series,
        caption=pick(lang, "受影响设备（按公告严重程度）", "Exposed devices by advisory severity"),
        reading=pick(
            lang,
            f"{vulnerable} 台设备确认受至少一条公告影响。",
            f"{vulnerable} devices are confirmed vulnerable to at least one advisory.",
        ),
    )


def overview_panel(customer: Customer, user: Any) -> dict[str, Any]:
    """Exposure on the customer page: devices vulnerable and potentially vulnerable, the
    chart by severity (staff only, like the exposure list)."""
    found = Exposure.objects.visible_to(user).filter(customer=customer)
    totals = dict(found.filter(status__in=APPLICABLE).values_list("status").annotate(n=Count("id")))
    return {
        "template": "lifecycle/_overview_panel.html",
        "customer": customer,
        "vulnerable": totals.get(Exposure.Status.VULNERABLE, 0),
        "potential": totals.get(Exposure.Status.POTENTIALLY_VULNERABLE, 0),
        "chart": exposures_by_severity(found),
        "shown": access.is_staff_for(user, customer),
    }
