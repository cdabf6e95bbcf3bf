"""Read models for the lifecycle pages.

Targets, exposures, assessments and notices are the vendor's working material: the
views answer 404 to customer users (they read what the expert publishes). Advisories,
releases and imports are the vendor's shared data, read by every staff member; the
exposures listed beside an advisory are only those of customers the viewer sees.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

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
from netcare.web import lists
from netcare.web.work import WorkItem

LIST_SIZE = 50
APPLICABLE = (Exposure.Status.VULNERABLE, Exposure.Status.POTENTIALLY_VULNERABLE)


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


def _exploited(found: QuerySet[Exposure], value: str) -> QuerySet[Exposure]:
    advisories = Advisory.objects.filter(pk__in=found.values("advisory_id").distinct()).only(
        "pk", "cves", "adp_exploitation"
    )
    exploited = sorted(exploited_ids(advisories))
    if value == "yes":
        return found.filter(advisory_id__in=exploited)
    return found.exclude(advisory_id__in=exploited)


def exposure_spec(customer: Customer) -> lists.ListSpec:
    """The exposure list's filters, sortable columns and export (the advisory's columns
    are the group headers on the page, columns of their own in the export)."""
    return lists.ListSpec(
        name="exposures",
        title=_("Exposures"),
        form_id="exposure-filter",
        owner=customer.code,
        default_sort="severity",
        filters=(
            lists.Filter("status", _("Status"), Exposure.Status.choices),
            lists.Filter("severity", _("Severity"), Severity.choices, field="advisory__severity"),
            lists.Filter("kind", _("Kind"), Advisory.Kind.choices, field="advisory__kind"),
            lists.Filter("exploited", _("Known exploited"), lists.yes_no(), apply=_exploited),
        ),
        columns=(
            lists.Column(
                "advisory", _("Advisory"), ("advisory__key",), lambda e: e.advisory.key, False
            ),
            lists.Column(
                "severity",
                _("Severity"),
                ("rank", "advisory__key", "device__hostname"),
                lambda e: e.advisory.get_severity_display(),
                False,
            ),
            lists.Column("kind", _("Kind"), (), lambda e: e.advisory.get_kind_display(), False),
            lists.Column("cvss", "CVSS", (), lambda e: e.advisory.cvss_score, False),
            lists.Column("title", _("Title"), (), lambda e: e.advisory.title, False),
            lists.Column("device", _("Device"), ("device__hostname",), lambda e: e.device.hostname),
            lists.Column("version", _("Version"), ("version",), lambda e: e.version),
            lists.Column("status", _("Status"), ("status",), lambda e: e.get_status_display()),
            lists.Column("reason", _("Reason"), (), lambda e: e.detail),
            lists.Column("range", _("Range"), (), lambda e: e.matched_range),
            lists.Column("fixed", _("Fixed in"), (), lambda e: e.fixed),
            lists.Column("since", _("Since"), ("since",), lambda e: e.since),
        ),
        empty=_("No exposure yet"),
        next_step=_("match the devices against the advisories (an import or an assessment does)"),
        next_url=reverse("lifecycle:overview", kwargs={"code": customer.code}),
    )


def exposure_list(customer: Customer, user: Any, query: Mapping[str, str]) -> dict[str, Any]:
    """The customer's exposures, filtered and sorted (most severe advisory first), rows
    of one advisory under its header; each row's reason in the viewer's language
    (``Exposure.detail``)."""
    visible = Exposure.objects.visible_to(user).filter(customer=customer)
    found = (
        visible.select_related("device", "advisory")
        .annotate(rank=_severity_order())
        .order_by("rank", "advisory__key", "device__hostname")
    )
    listing = lists.list_page(query, found, exposure_spec(customer))
    rows = listing.rows
    exploited = exploited_ids({r.advisory.pk: r.advisory for r in rows}.values())
    groups: list[dict[str, Any]] = []
    for row in rows:
        if not groups or groups[-1]["advisory"].pk != row.advisory_id:
            groups.append(
                {
                    "advisory": row.advisory,
                    "exploited": row.advisory_id in exploited,
                    "rows": [],
                    "applicable": 0,
                }
            )
        groups[-1]["rows"].append(row)
        groups[-1]["applicable"] += row.status in APPLICABLE
    totals = dict(visible.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    return {
        "customer": customer,
        "listing": listing,
        "page": listing.page,
        "groups": groups,
        "totals": [(label, totals.get(value, 0)) for value, label in Exposure.Status.choices],
        "by_severity": None if listing.exporting else exposures_by_severity(visible),
        "may_notice": access.may(user, "publish_deliverables", customer),
    }


def _advisory_search(found: QuerySet[Advisory], text: str) -> QuerySet[Advisory]:
    return found.filter(Q(key__icontains=text) | Q(title__icontains=text) | Q(cves__icontains=text))


def _on_platform(found: QuerySet[Advisory], platform: str) -> QuerySet[Advisory]:
    # Platforms are a JSON list: read them once, filter here (the same on SQLite and
    # PostgreSQL).
    rows = found.only("pk", "platforms")
    return found.filter(pk__in=[a.pk for a in rows if platform in a.platforms])


def _advisory_exploited(found: QuerySet[Advisory], value: str) -> QuerySet[Advisory]:
    rows = list(found.only("pk", "cves", "adp_exploitation"))
    known = exploited_ids(rows)
    return found.filter(pk__in=[a.pk for a in rows if (a.pk in known) == (value == "yes")])


def advisory_spec(user: Any) -> lists.ListSpec:
    """The advisory list's filters, sortable columns and export; the export's exposed
    devices count only the customers the viewer sees, like the page."""

    @functools.cache
    def exploited() -> set[int]:
        return exploited_ids(Advisory.objects.only("pk", "cves", "adp_exploitation"))

    @functools.cache
    def applicable() -> dict[int, int]:
        rows = (
            Exposure.objects.visible_to(user)
            .filter(status__in=APPLICABLE)
            .values_list("advisory_id")
            .annotate(n=Count("id"))
        )
        return dict(rows.values_list("advisory_id", "n"))

    platforms = Platform.objects.order_by("slug").values_list("slug", flat=True)
    may_import = access.may_shared(user, "import_advisories")
    return lists.ListSpec(
        name="advisories",
        title=_("Advisories"),
        form_id="advisory-filter",
        filters=(
            lists.Filter(
                "q",
                _("Search"),
                kind="text",
                apply=_advisory_search,
                placeholder=_("key, title or CVE"),
            ),
            lists.Filter("kind", _("Kind"), Advisory.Kind.choices),
            lists.Filter("severity", _("Severity"), Severity.choices),
            lists.Filter(
                "platform", _("Platform"), [(p, p) for p in platforms], apply=_on_platform
            ),
            lists.Filter(
                "exploited", _("Known exploited"), lists.yes_no(), apply=_advisory_exploited
            ),
        ),
        columns=(
            lists.Column("key", _("Advisory"), ("key",), lambda a: a.key),
            lists.Column("kind", _("Kind"), ("kind",), lambda a: a.get_kind_display()),
            lists.Column(
                "severity", _("Severity"), ("severity_rank",), lambda a: a.get_severity_display()
            ),
            lists.Column("cvss", "CVSS", ("cvss_score",), lambda a: a.cvss_score),
            lists.Column("title", _("Title"), ("title",), lambda a: a.title),
            lists.Column("cves", "CVE", (), lambda a: a.cves),
            lists.Column("platforms", _("Platforms"), (), lambda a: a.platforms),
            lists.Column("published", _("Published"), ("published",), lambda a: a.published),
            lists.Column(
                "exploited",
                _("Known exploited"),
                (),
                lambda a: _("yes") if a.pk in exploited() else "",
            ),
            lists.Column("exposed", _("Exposed devices"), (), lambda a: applicable().get(a.pk, 0)),
        ),
        empty=_("No advisory yet"),
        next_step=_("import the vendor's files below or set up a feed") if may_import else "",
        next_url="#import" if may_import else "",
    )


def advisory_list(user: Any, query: Mapping[str, str]) -> dict[str, Any]:
    """The shared advisories, filtered, sorted and paged, with how many exposures of the
    customers the viewer sees each has; the import form and the latest imports."""
    found = Advisory.objects.annotate(
        severity_rank=lists.rank("severity", Severity.values)
    ).order_by("-published", "key")
    listing = lists.list_page(query, found, advisory_spec(user))
    rows = listing.rows
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
        "listing": listing,
        "page": listing.page,
        "advisories": rows,
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
