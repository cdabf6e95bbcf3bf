"""Demo maintenance guide: ECCB's RAM writes one custom section (agreed by the L2
expert, the customer admin and the field engineer), generates this year's guide from
ECCB's devices, features in use and open findings, and publishes it, which completes
the plan's open ``maintenance_guide`` obligation. Runs after the document library is
loaded, so the guide refers to its documents.

Every step checks what an earlier demo run left, so running the demo twice changes
nothing.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.test import override_settings
from django.utils import timezone

from netcare.customers.models import Customer
from netcare.guides.models import GuideSection, MaintenanceGuide
from netcare.guides.services import guides, sections

QUIET_MAIL = override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")

SECTION: dict[str, str] = {
    "title_zh": "核心 IRF 与灾备链路的每日确认",
    "title_en": "Daily confirmation of the core IRF and the DR links",
    "text_zh": (
        "每日 9:00 前由值班人员在两台核心交换机上执行 display irf 与 display irf link，"
        "确认两个成员均在位、Master 为 1 号成员、每个 IRF 端口两条物理链路均为 UP；"
        "同时执行 display interface brief 确认至灾备中心的两条互联链路为 UP。\n\n"
        "任一项异常时不做任何配置操作，先拍照/复制输出，10 分钟内电话通知专属L2专家张伟，"
        "并在值班日志中记录。每季度灾备切换演练前一周，由一线工程师到场复核 MAD 检测配置。"
    ),
    "text_en": (
        "Before 09:00 every day the operator on duty runs display irf and display irf link "
        "on both core switches: both members present, member 1 is master, and both "
        "physical links of each IRF port are UP; and display interface brief to confirm "
        "both links to the DR centre are UP.\n\n"
        "If anything is not normal, change nothing: keep the output, phone the dedicated "
        "L2 expert Zhang Wei within 10 minutes and note it in the duty log. The week "
        "before each quarterly DR failover drill, the field engineer checks the MAD "
        "configuration on site."
    ),
}


def _user(username: str) -> Any:
    return get_user_model()._default_manager.filter(username=username).first()


def eccb_section(summary: Any) -> None:
    """Guides: ECCB's custom section written by the RAM and agreed by all three parties."""
    customer = Customer.objects.filter(code="ECCB").first()
    ram, admin, engineer = _user("ram.zhang"), _user("eccb.admin"), _user("fe.wang")
    if customer is None or ram is None or admin is None or engineer is None:
        return
    section = GuideSection.objects.filter(customer=customer, title_zh=SECTION["title_zh"]).first()
    if section is None:
        section = sections.do_add_section(
            customer,
            actor=ram,
            title_zh=SECTION["title_zh"],
            title_en=SECTION["title_en"],
            text_zh=SECTION["text_zh"],
            text_en=SECTION["text_en"],
        )
    for party, user in (("expert", ram), ("customer", admin), ("field_engineer", engineer)):
        section = sections.do_agree_section(section, party, actor=user)


def eccb_guide(summary: Any) -> None:
    """Guides: ECCB's daily-maintenance guide generated and published (zh and en)."""
    customer = Customer.objects.filter(code="ECCB").first()
    ram = _user("ram.zhang")
    if customer is None or ram is None:
        return
    year = timezone.localdate().year
    existing = MaintenanceGuide.objects.filter(customer=customer, year=year).first()
    if existing is not None and existing.state == MaintenanceGuide.State.PUBLISHED:
        return
    with QUIET_MAIL:
        guide = guides.do_generate_guide(customer, actor=ram, year=year)
        guides.do_publish_guide(guide, actor=ram)
    summary.jobs.append(f"guide ECCB {year}=published")


STEPS = [eccb_section, eccb_guide]
