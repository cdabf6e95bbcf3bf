"""Demo lifecycle: real public advisories and an illustrative release catalog imported,
ECCB's target releases set, its devices matched, the version summary and the version
assessment published against the plan, and one risk notice published.

Runs after inspection (the collected configurations give the features in use). Every
step checks what an earlier demo run left, so running the demo twice changes nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.test import override_settings

from netcare.customers.models import Customer
from netcare.delivery.models import Deliverable
from netcare.inventory.models import Platform
from netcare.lifecycle.models import (
    Advisory,
    Exposure,
    RiskNotice,
    TargetRelease,
    VersionAssessment,
)
from netcare.lifecycle.services import advisories, assessments, imports, publishing, targets

CUSTOMER = "ECCB"
EXPERT = "ram.zhang"
DATA = Path(__file__).resolve().parent / "data"
QUIET_MAIL = override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")

#: ECCB's agreed target releases (illustrative, as the catalog is).
TARGETS = [
    ("cisco_xe", "17.9.5", "已验证的长期维护版本 / the validated long-lived release"),
    ("cisco_nxos", "10.3(4a)M", "长期维护版本 / long-lived maintenance release"),
    ("hp_comware", "7.1.070, Release 7625P01", "厂商推荐版本 / vendor recommended"),
    ("huawei_vrp", "V300R024C10SPC100", "厂商推荐版本 / vendor recommended"),
]


def import_advisories(summary: Any) -> None:
    """Lifecycle: import the demo advisories, KEV/EPSS snapshot and release catalog."""
    if Advisory.objects.exists():
        return
    paths = [DATA / "demo_releases.csv", DATA / "demo_advisories"]
    with QUIET_MAIL:
        record = imports.do_import_files(
            [p for p in paths if p.exists()], actor=None, source="NetCare demo data"
        )
    summary.jobs.append(f"advisories={record.counts.get('created', 0)}")
    web_ui = Advisory.objects.filter(key="CVE-2023-20198").first()
    if web_ui is not None and not web_ui.feature_any_of:
        # The record says it in words only: the web UI must be on (ip http server or
        # ip http secure-server) — the expert's annotation makes it a condition.
        advisories.do_annotate_feature(
            web_ui,
            ["http_server", "https_server"],
            text="Web UI enabled: ip http server / ip http secure-server",
            actor=None,
        )


def version_management_eccb(summary: Any) -> None:
    """ECCB: targets, version summary, assessment and one risk notice published."""
    customer = Customer.objects.filter(code=CUSTOMER).first()
    expert = get_user_model()._default_manager.filter(username=EXPERT).first()
    if customer is None or expert is None:
        return
    with QUIET_MAIL:
        _targets(customer, expert)
        if not Deliverable.objects.filter(
            customer=customer, report_type="version_management", title_en__startswith="Version"
        ).exists():
            publishing.do_publish_summary(customer, actor=expert)
        assessment = VersionAssessment.objects.filter(customer=customer).first()
        if assessment is None:
            assessment = assessments.do_assess(customer, actor=expert)
        if assessment.deliverable_id is None:
            publishing.do_publish_assessment(assessment, actor=expert)
        _notice(customer, expert)


def _targets(customer: Customer, expert: Any) -> None:
    platforms = {p.slug: p for p in Platform.objects.all()}
    for slug, release, reason in TARGETS:
        if TargetRelease.objects.filter(customer=customer, platform__slug=slug).exists():
            continue
        targets.do_set_target(
            customer, platform=platforms[slug], release=release, reason=reason, actor=expert
        )


def _notice(customer: Customer, expert: Any) -> None:
    """A risk notice about the most severe advisory ECCB's devices are vulnerable to."""
    if RiskNotice.objects.filter(customer=customer).exists():
        return
    exposure = (
        Exposure.objects.filter(customer=customer, status=Exposure.Status.VULNERABLE)
        .select_related("advisory")
        .order_by("-advisory__cvss_score", "advisory__key")
        .first()
    )
    if exposure is None:
        return
    notice = publishing.do_draft_notice(
        customer,
        exposure.advisory,
        impact=(
            "攻击者可能远程利用该漏洞影响设备的管理平面。"
            " / An attacker may exploit it remotely against the devices' management plane."
        ),
        proposal=(
            "本周内按通告中的临时规避措施加固；下一个维护窗口升级到目标版本。"
            " / Apply the workaround this week; upgrade to the target release in the next "
            "maintenance window."
        ),
        actor=expert,
    )
    publishing.do_publish_notice(notice, actor=expert)


STEPS = [import_advisories, version_management_eccb]
