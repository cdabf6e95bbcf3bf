"""Demo satisfaction: ECCB's mid-term survey answered, a return visit recorded, and the
mid-term review refreshed so its "Satisfaction" section shows them.

The account manager sent the survey three weeks ago; two contacts answered through
their links (through ``do_answer_by_link``, the service the link page calls) and the
customer's viewer answered in the portal. Ten days ago the account manager visited the
customer and recorded the visit. The delivery demo published the mid-term review before
this step ran; the review is re-rendered through the delivery review service (withdrawn,
regenerated into the same deliverable, published again) whenever it is older than the
satisfaction record it should show. Each step checks what is there: run twice, it adds
nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.test.utils import override_settings
from django.utils import timezone

from netcare.contracts.services import current_contract
from netcare.customers.models import Contact, Customer
from netcare.satisfaction.models import Response, ReturnVisit, Survey
from netcare.satisfaction.services import surveys, visits

#: Demo contacts have no real mailboxes: mail goes to memory.
QUIET_MAIL = override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")

#: (contact name, item scores, 0–10, comment) — the answers given through the links.
LINK_ANSWERS = [
    (
        "陈立",
        {"inspection": 5, "problem_management": 4, "version_management": 4, "doc_sharing": 3},
        9,
        "巡检报告很专业，根因分析到位；希望资料推送更及时一些。",
    ),
    (
        "周敏",
        {"inspection": 4, "problem_management": 5, "version_management": 3},
        7,
        "问题响应很快，但版本升级建议希望提前一个季度沟通。",
    ),
]
PORTAL_ANSWER = (
    {"inspection": 4, "problem_management": 4, "doc_sharing": 4},
    8,
    "Onsite engineers were helpful; the training workshop should come earlier.",
)


def _user(username: str) -> Any:
    return get_user_model()._default_manager.get(username=username)


def _eccb() -> Customer | None:
    return Customer.objects.filter(code="ECCB").first()


def answer_eccb_mid_term_survey(summary: Any) -> None:
    """ECCB's mid-term survey: sent three weeks ago, answered by link and in the portal."""
    customer = _eccb()
    if customer is None or current_contract(customer) is None:
        return
    if Survey.objects.filter(customer=customer, stage="mid_term").exists():
        return
    asm = _user("asm.li")
    sent = timezone.now() - dt.timedelta(days=20)
    with QUIET_MAIL:
        survey, links = surveys.do_send_survey(
            customer, actor=asm, stage="mid_term", days=30, now=sent
        )
        by_name = {link.invitation.name: link for link in links}
        asked = {q["item"] for q in survey.questions if q["kind"] == "csat"}
        for name, scores, nps, comment in LINK_ANSWERS:
            link = by_name.get(name)
            if link is None:
                continue
            token = link.url.rstrip("/").rsplit("/", 1)[-1]
            surveys.do_answer_by_link(
                token,
                scores={k: v for k, v in scores.items() if k in asked},
                nps=nps,
                comment=comment,
            )
        scores, nps, comment = PORTAL_ANSWER
        surveys.do_answer_in_portal(
            survey,
            actor=_user("eccb.viewer"),
            scores={k: v for k, v in scores.items() if k in asked},
            nps=nps,
            comment=comment,
        )


def record_eccb_return_visit(summary: Any) -> None:
    """ECCB's mid-term return visit by the account manager, ten days ago."""
    customer = _eccb()
    contract = current_contract(customer) if customer else None
    if customer is None or contract is None:
        return
    if ReturnVisit.objects.filter(customer=customer, stage="mid_term").exists():
        return
    from netcare.satisfaction.services.questionnaire import chosen_items

    chosen = {item.code for item in chosen_items(contract)}
    wanted = [
        ("inspection", 5, "两个数据中心的巡检覆盖完整，报告可直接用于内部汇报。"),
        ("problem_management", 4, "季度问题回顾有用，希望增加重复问题的趋势分析。"),
        ("version_management", 4, "版本汇总表清楚，升级计划需与变更窗口对齐。"),
    ]
    with QUIET_MAIL:
        visits.do_record_visit(
            customer,
            actor=_user("asm.li"),
            stage="mid_term",
            visited_on=timezone.localdate() - dt.timedelta(days=10),
            channel="visit",
            overall=4,
            contacts=Contact.objects.filter(customer=customer, name__in=["陈立", "周敏"]),
            others="网络运维组 2 人",
            feedback=[
                visits.ItemFeedback(code, s, text) for code, s, text in wanted if code in chosen
            ],
            comments="客户对专属服务总体满意；希望下半期提前沟通核心交换机升级，并增加一次培训。",
            actions=[
                visits.Promise(
                    "提交核心交换机升级建议与时间表",
                    _user("ram.zhang"),
                    timezone.localdate() + dt.timedelta(days=30),
                ),
                visits.Promise(
                    "安排一次 SRv6 技术研讨",
                    _user("asm.li"),
                    timezone.localdate() + dt.timedelta(days=60),
                ),
            ],
        )


def refresh_eccb_mid_term_review(summary: Any) -> None:
    """Re-render ECCB's published mid-term review when satisfaction was recorded after it,
    so its "Satisfaction" section shows the survey and the visit."""
    from netcare.delivery import services as delivery
    from netcare.delivery.models import Deliverable, ServicePlan
    from netcare.delivery.services import reviews

    customer = _eccb()
    contract = current_contract(customer) if customer else None
    plan = ServicePlan.objects.filter(contract=contract).first() if contract else None
    if plan is None:
        return
    review = (
        Deliverable.objects.filter(
            contract=contract, report_type="mid_term_review", state=Deliverable.State.PUBLISHED
        )
        .order_by("-published_at")
        .first()
    )
    if review is None or review.published_at is None:
        return
    answered = (
        Response.objects.filter(customer=customer)
        .order_by("-answered_at")
        .values_list("answered_at", flat=True)
        .first()
    )
    visit = ReturnVisit.objects.filter(customer=customer).order_by("-created").first()
    latest = max([t for t in (answered, visit.created if visit else None) if t], default=None)
    if latest is None or latest <= review.published_at:
        return
    ram = _user("ram.zhang")
    with QUIET_MAIL:
        delivery.do_withdraw(review, actor=ram)
        delivery.do_submit_for_review(review, actor=ram)
        refreshed = reviews.do_generate_review(plan, "mid_term", actor=ram)
        delivery.do_publish(refreshed, actor=ram)


STEPS = [answer_eccb_mid_term_survey, record_eccb_return_visit, refresh_eccb_mid_term_review]
