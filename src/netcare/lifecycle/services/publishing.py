"""The version summary, the version assessment report and risk notices, published as
deliverables.

Each document is built from the stored rows into the plain records of
``lifecycle.summary``, written in zh and en by ``lifecycle.reports`` and attached to a
deliverable. The version summary completes the plan's next open ``version_management``
obligation, the assessment its ``version_assessment`` one; a risk notice is an
unplanned deliverable of the version-management item (advisories do not wait for the
calendar). Lifecycle does not schedule its own work.
"""

from __future__ import annotations

import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from netcare.core.access import recorded_user, require
from netcare.core.people import display_name
from netcare.core.services import save_validated
from netcare.core.text import Text
from netcare.customers.models import Customer
from netcare.delivery.models import Deliverable
from netcare.delivery.services import (
    do_attach_file,
    do_create_deliverable,
    do_publish,
    do_withdraw,
    next_open_obligation,
)
from netcare.inventory.models import Device
from netcare.lifecycle import reports, summary, versions
from netcare.lifecycle.models import (
    Advisory,
    Exploitation,
    Exposure,
    RiskNotice,
    VersionAssessment,
)
from netcare.lifecycle.services import exposures as exposure_services
from netcare.lifecycle.services.assessments import catalog_index, release_of
from netcare.lifecycle.services.targets import resolve_targets

if TYPE_CHECKING:
    from netcare.core.access import Actor

__all__ = [
    "advisory_row",
    "assessment_record",
    "do_draft_notice",
    "do_publish_assessment",
    "do_publish_notice",
    "do_publish_summary",
    "notice_record",
    "summary_rows",
    "version_summary",
]

LANGUAGES = ("zh", "en")
PUBLISH_ACTION = "publish_deliverables"
APPLICABLE = (Exposure.Status.VULNERABLE, Exposure.Status.POTENTIALLY_VULNERABLE)


def _name(customer: Customer, language: str) -> str:
    return customer.name_en if language == "en" and customer.name_en else customer.name_zh


def _exploited_cves(cves: set[str]) -> set[str]:
    return set(
        Exploitation.objects.filter(cve__in=sorted(cves), known_exploited=True).values_list(
            "cve", flat=True
        )
    )


def version_summary(customer: Customer, language: str) -> Any:
    """The version summary table's record (版本汇总表): one row per active device."""
    devices = list(
        Device.objects.filter(customer=customer)
        .exclude(status=Device.Status.DECOMMISSIONED)
        .select_related("platform", "site")
        .order_by("hostname")
    )
    records = exposure_services.device_records(devices)
    targets = resolve_targets(customer, records)
    catalog = catalog_index({d.platform.slug for d in devices})
    seen_rows = (
        Exposure.objects.filter(
            customer=customer, status__in=[*APPLICABLE, Exposure.Status.UNKNOWN]
        )
        .select_related("advisory")
        .only(
            "device_id",
            "status",
            "advisory__severity",
            "advisory__cves",
            "advisory__adp_exploitation",
        )
    )
    exploited = _exploited_cves({c for e in seen_rows for c in e.advisory.cves})
    counts: dict[int, Counter[str]] = defaultdict(Counter)
    for exposure in seen_rows:
        tally = counts[exposure.device_id]
        if exposure.status == Exposure.Status.UNKNOWN:
            tally["unassessed"] += 1
            continue
        severity = exposure.advisory.severity
        tally[severity if severity in ("critical", "high", "medium", "low") else "other"] += 1
        if (
            exploited & set(exposure.advisory.cves)
            or exposure.advisory.adp_exploitation == "active"
        ):
            tally["exploited"] += 1
    latest = _latest_scores(customer)
    rows = []
    for device, record in zip(devices, records, strict=True):
        scheme = versions.scheme_for(record.platform)
        entry = release_of(catalog.get(record.platform, []), scheme, record.version)
        target = targets[record.key]
        seen = counts.get(device.pk, Counter())
        score = latest.get(device.pk)
        rows.append(
            summary.VersionRow(
                hostname=device.hostname,
                site=device.site.name if device.site else "",
                model=record.model,
                platform=record.platform,
                version=record.version,
                version_known=versions.try_parse(scheme, record.version) is not None,
                release_date=entry.release_date if entry else None,
                end_of_sale=entry.end_of_sale if entry else None,
                end_of_support=entry.end_of_support if entry else None,
                target=target.release,
                off_track=target.off_track,
                critical=seen["critical"],
                high=seen["high"],
                medium=seen["medium"],
                low=seen["low"],
                other=seen["other"],
                exploited=seen["exploited"],
                unassessed=seen["unassessed"],
                risk=score[0] if score else None,
                risk_level=score[1] if score else "",
            )
        )
    return summary.VersionSummary(
        customer_code=customer.code,
        customer_name=_name(customer, language),
        generated=timezone.localdate(),
        rows=rows,
    )


def _latest_scores(customer: Customer) -> dict[int, tuple[float, str]]:
    latest = VersionAssessment.objects.filter(customer=customer).order_by("-created").first()
    if latest is None:
        return {}
    return {s.device_id: (s.value, s.level) for s in latest.scores.all()}


def summary_rows(record: Any) -> list[dict[str, Any]]:
    """The summary's rows as JSON-ready dicts (for the API)."""
    from dataclasses import asdict

    out = []
    for row in record.rows:
        data = asdict(row)
        for key, value in data.items():
            if hasattr(value, "isoformat"):
                data[key] = value.isoformat()
        out.append(data)
    return out


def advisory_row(advisory: Advisory, exploited: set[str] | None = None) -> Any:
    """An advisory as the documents show it."""
    signals = {e.cve: e for e in Exploitation.objects.filter(cve__in=sorted(advisory.cves))}
    kev = (
        exploited if exploited is not None else {c for c, e in signals.items() if e.known_exploited}
    )
    epss = [e.epss for e in signals.values() if e.epss is not None]
    return summary.AdvisoryRow(
        key=advisory.key,
        kind=advisory.kind,
        title=advisory.title,
        cves=tuple(advisory.cves),
        severity=advisory.severity,
        cvss=advisory.cvss_score,
        exploited=bool(kev & set(advisory.cves)) or advisory.adp_exploitation == "active",
        exploited_source=(
            "CISA KEV"
            if kev & set(advisory.cves)
            else "CISA ADP"
            if advisory.adp_exploitation == "active"
            else ""
        ),
        epss=max(epss) if epss else None,
        summary=advisory.summary,
        workaround=advisory.workaround,
        fixed=_fixed_releases(advisory) or advisory.remediation,
        recommended=advisory.recommended_release,
        url=advisory.url,
        published=advisory.published,
        updated=advisory.updated_on,
        source=advisory.source_file,
    )


def _fixed_releases(advisory: Advisory) -> list[str]:
    """The first fixed releases the advisory names, across its products, in order."""
    found: list[str] = []
    for product in advisory.products:
        for version in [
            *product.get("fixed_versions", ()),
            *(r.get("fixed") for r in product.get("ranges", ())),
        ]:
            if version and version not in found:
                found.append(version)
    return found


def _deliverable(
    existing: Deliverable | None,
    customer: Customer,
    item: str,
    title: tuple[str, str],
    *,
    actor: Actor,
    planned: bool = True,
) -> Deliverable:
    """The draft to (re)fill: the earlier one (withdrawn first if published), else a new
    one — against the plan's next open obligation of ``item`` when ``planned``."""
    if existing is not None:
        if existing.state == Deliverable.State.PUBLISHED:
            do_withdraw(existing, actor=actor)
        return existing
    obligation = next_open_obligation(customer, item) if planned else None
    return do_create_deliverable(
        customer,
        item=item,
        title=title[0],
        title_en=title[1],
        kind=Deliverable.Kind.REPORT,
        report_type=item,
        period_end=timezone.localdate(),
        obligation=obligation,
        actor=actor,
    )


@transaction.atomic
def do_publish_summary(customer: Customer, *, actor: Actor) -> Deliverable:
    """Publish the version summary (xlsx first, with docx and pdf, zh and en); completes
    the plan's open version-management obligation."""
    require(actor, PUBLISH_ACTION, customer.pk)
    day = timezone.localdate()
    deliverable = _deliverable(
        None,
        customer,
        "version_management",
        (f"版本汇总表 · {day:%Y-%m-%d}", f"Version summary · {day:%Y-%m-%d}"),
        actor=actor,
    )
    stem = f"{customer.code}-versions-{day:%Y%m%d}-{deliverable.pk}"
    with tempfile.TemporaryDirectory(prefix="netcare-versions-") as tmp:
        for language in LANGUAGES:
            record = version_summary(customer, language)
            path = Path(tmp) / f"{stem}-{language}.xlsx"
            reports.write_version_summary_xlsx(record, path, language)
            do_attach_file(deliverable, path, fmt="xlsx", language=language, actor=actor)
            for fmt in ("docx", "pdf"):
                path = Path(tmp) / f"{stem}-{language}.{fmt}"
                reports.write_version_summary_report(record, path, language)
                do_attach_file(deliverable, path, fmt=fmt, language=language, actor=actor)
    do_publish(deliverable, actor=actor)
    return deliverable


FORMULA = Text(
    zh=(
        "设备风险系数（0–100）= 各项扣分之和：适用漏洞按 CVSS 计分（可能受影响者减半），"
        "已知被利用者加倍、EPSS 高者上调；已知缺陷按触发特性是否在用计分；技术公告与现场通告计分；"
        "停止支持（已过或 12 个月内）与落后目标版本的版本数计分；总分封顶 100。"
        "版本的风险系数取运行该版本设备中的最高值。每一分均可追溯到公告或生命周期事实。"
    ),
    en=(
        "Device risk coefficient (0–100) = the sum of its points: applicable vulnerabilities "
        "by CVSS (potentially vulnerable ones at half weight), doubled when known to be "
        "exploited and raised by a high EPSS; known bugs by whether their trigger feature is "
        "in use; bulletins and field notices; end of support (past or within 12 months) and "
        "releases behind the target; capped at 100. A version's coefficient is the highest "
        "of the devices running it. Every point traces to an advisory or a lifecycle fact."
    ),
)


def assessment_record(assessment: VersionAssessment, language: str, *, author: Any = None) -> Any:
    """The version assessment report's record, from the stored assessment."""
    from netcare.lifecycle.matching import risk

    customer = assessment.customer
    scores = list(assessment.scores.select_related("device__site").order_by("-value"))
    keys = {p["advisory"] for s in scores for p in s.points if p.get("advisory")}
    advisories = {a.key: a for a in Advisory.objects.filter(key__in=sorted(keys))}
    exploited = _exploited_cves({c for a in advisories.values() for c in a.cves})
    formula = getattr(risk, "FORMULA", FORMULA)
    return summary.VersionAssessment(
        customer_code=customer.code,
        customer_name=_name(customer, language),
        period=assessment.period,
        author=display_name(author or assessment.created_by) or "NetCare",
        reviewer="",
        generated=assessment.created.date(),
        formula=formula,
        versions=[
            summary.VersionRiskRow(
                platform=v["platform"],
                version=v["version"],
                devices=v["devices"],
                vulnerabilities=v["vulnerabilities"],
                bugs=v["bugs"],
                bulletins=v["bulletins"],
                end_of_support=_date(v.get("end_of_support")),
                risk=v["risk"],
                level=v["level"],
            )
            for v in assessment.versions
        ],
        devices=[
            summary.DeviceRiskRow(
                hostname=s.device.hostname,
                site=s.device.site.name if s.device.site else "",
                platform=s.platform,
                model=s.device.model,
                version=s.version,
                risk=s.value,
                level=s.level,
                points=[
                    summary.RiskPointRow(
                        factor=p["factor"],
                        advisory=p.get("advisory"),
                        points=p["points"],
                        why=Text(zh=p["zh"], en=p["en"]),
                    )
                    for p in s.points
                ],
            )
            for s in scores
        ],
        advisories=[advisory_row(a, exploited) for a in advisories.values()],
        upgrades=[
            summary.UpgradeRow(
                platform=r["platform"],
                version=r["version"],
                target=r.get("target") or "",
                path=list(r.get("path") or []),
                devices=list(r.get("devices") or []),
                reason=Text(zh=r.get("zh", ""), en=r.get("en", "")),
            )
            for r in assessment.recommendations
        ],
        hardening=[
            summary.HardeningAdvice(
                advisory=w["advisory"], workaround=w["text"], devices=list(r.get("devices") or [])
            )
            for r in assessment.recommendations
            for w in r.get("workarounds") or []
        ],
    )


def _date(value: str | None) -> Any:
    from datetime import date

    return date.fromisoformat(value) if value else None


@transaction.atomic
def do_publish_assessment(assessment: VersionAssessment, *, actor: Actor) -> Deliverable:
    """Publish the version assessment report (docx + pdf, zh and en); completes the
    plan's open version-assessment obligation."""
    require(actor, PUBLISH_ACTION, assessment.customer_id)
    day = assessment.created.date()
    deliverable = _deliverable(
        assessment.deliverable,
        assessment.customer,
        "version_assessment",
        (f"版本评估报告 · {day:%Y-%m-%d}", f"Version assessment · {day:%Y-%m-%d}"),
        actor=actor,
    )
    stem = f"{assessment.customer.code}-assessment-{assessment.pk}"
    with tempfile.TemporaryDirectory(prefix="netcare-assessment-") as tmp:
        for language in LANGUAGES:
            record = assessment_record(assessment, language, author=actor)
            for fmt in ("docx", "pdf"):
                path = Path(tmp) / f"{stem}-{language}.{fmt}"
                reports.write_assessment_report(record, path, language)
                do_attach_file(deliverable, path, fmt=fmt, language=language, actor=actor)
    do_publish(deliverable, actor=actor)
    save_validated(assessment, actor=actor, deliverable=deliverable)
    return deliverable


def do_draft_notice(
    customer: Customer, advisory: Advisory, *, actor: Actor, impact: str = "", proposal: str = ""
) -> RiskNotice:
    """Draft a risk notice about one advisory for the customer; refused when none of
    its devices is vulnerable or potentially vulnerable to it."""
    require(actor, PUBLISH_ACTION, customer.pk)
    if not Exposure.objects.filter(
        customer=customer, advisory=advisory, status__in=APPLICABLE
    ).exists():
        raise ValidationError(
            {"advisory": f"no device of {customer.code} is exposed to {advisory.key}"}
        )
    notice = RiskNotice(
        customer=customer,
        advisory=advisory,
        impact=impact,
        proposal=proposal,
        created_by=recorded_user(actor),
    )
    return save_validated(notice, actor=actor)


def notice_record(notice: RiskNotice, language: str, *, author: Any = None) -> Any:
    """The risk notice's record: the advisory and this customer's exposed devices."""
    exposed = (
        Exposure.objects.filter(
            customer=notice.customer, advisory=notice.advisory, status__in=APPLICABLE
        )
        .select_related("device__site")
        .order_by("device__hostname")
    )
    facts = {
        r.key: r.features for r in exposure_services.device_records([e.device for e in exposed])
    }
    return summary.RiskNotice(
        customer_code=notice.customer.code,
        customer_name=_name(notice.customer, language),
        advisory=advisory_row(notice.advisory),
        devices=[
            summary.DeviceExposureRow(
                hostname=e.device.hostname,
                site=e.device.site.name if e.device.site else "",
                model=e.device.model,
                version=e.version or e.device.software_version,
                status=e.status,
                reason=Text(zh=e.detail_zh, en=e.detail_en),
                features=tuple(sorted(facts.get(str(e.device_id)) or ())),
            )
            for e in exposed
        ],
        impact=notice.impact,
        proposal=notice.proposal,
        author=display_name(author or notice.created_by) or "NetCare",
        date=timezone.localdate(),
    )


@transaction.atomic
def do_publish_notice(notice: RiskNotice, *, actor: Actor) -> Deliverable:
    """Publish the risk notice (docx + pdf, zh and en) to the customer."""
    require(actor, PUBLISH_ACTION, notice.customer_id)
    day = timezone.localdate()
    deliverable = _deliverable(
        notice.deliverable,
        notice.customer,
        "version_management",
        (
            f"风险通告 · {notice.advisory.key} · {day:%Y-%m-%d}",
            f"Risk notice · {notice.advisory.key} · {day:%Y-%m-%d}",
        ),
        actor=actor,
        planned=False,
    )
    stem = f"{notice.customer.code}-risk-notice-{notice.pk}"
    with tempfile.TemporaryDirectory(prefix="netcare-notice-") as tmp:
        for language in LANGUAGES:
            record = notice_record(notice, language, author=actor)
            for fmt in ("docx", "pdf"):
                path = Path(tmp) / f"{stem}-{language}.{fmt}"
                reports.write_risk_notice(record, path, language)
                do_attach_file(deliverable, path, fmt=fmt, language=language, actor=actor)
    do_publish(deliverable, actor=actor)
    save_validated(notice, actor=actor, deliverable=deliverable, state=RiskNotice.State.PUBLISHED)
    return deliverable
