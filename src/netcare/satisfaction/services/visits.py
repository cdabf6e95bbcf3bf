"""Return visits (回访): the account manager's record, published as it is recorded.

The record is a deliverable of the ``care_and_visit`` item (kind "record", its text in
the summary, both languages); the end-of-term visit's record completes the plan's open
``return_visit`` obligation, a mid-term visit's completes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from netcare.contracts.services import current_contract
from netcare.core import access
from netcare.core.people import display_name
from netcare.core.services import require, save_validated
from netcare.customers.models import Channel, Contact, Customer
from netcare.delivery.models import Deliverable
from netcare.delivery.services import do_create_deliverable, do_publish, next_open_obligation
from netcare.satisfaction.models import ReturnVisit, Stage, VisitAction, VisitFeedback
from netcare.satisfaction.services.questionnaire import chosen_items, plain_text

if TYPE_CHECKING:
    from netcare.core.access import Actor

CARE_ITEM = "care_and_visit"
RETURN_VISIT = "return_visit"

__all__ = ["ItemFeedback", "Promise", "do_record_visit"]


@dataclass(frozen=True)
class ItemFeedback:
    """What the customer said of one item, and its 1–5 score."""

    item: str
    score: int
    feedback: str = ""


@dataclass(frozen=True)
class Promise:
    """An action promised at the visit: what, who (a user), by when."""

    text: str
    owner: Any = None
    due: dt.date | None = None


STAGE_WORDS = {"mid_term": ("期中", "Mid-term"), "final": ("期末", "End-of-term")}
CHANNEL_WORDS = {
    "phone": ("电话", "phone"),
    "sms": ("短信", "SMS"),
    "wechat": ("微信", "WeChat"),
    "email": ("邮件", "e-mail"),
    "visit": ("现场拜访", "visit"),
}


def _summary(visit: ReturnVisit, feedback: Sequence[VisitFeedback], actions: Sequence[Any]) -> str:
    """The record's text, Chinese then English (a record shows its summary)."""
    met = "、".join(c.name for c in visit.contacts.all()) or visit.others or "—"
    zh_stage, en_stage = STAGE_WORDS[visit.stage]
    zh_channel, en_channel = CHANNEL_WORDS.get(visit.channel, (visit.channel, visit.channel))
    zh = [
        f"{zh_stage}回访（{zh_channel}，{visit.visited_on:%Y-%m-%d}），参加：{met}。"
        f"总体满意度 {visit.overall}/5。"
    ]
    en = [
        f"{en_stage} return visit ({en_channel}, {visit.visited_on:%Y-%m-%d}) with {met}. "
        f"Overall satisfaction {visit.overall}/5."
    ]
    for row in feedback:
        zh.append(f"· {row.item.name_zh}：{row.score}/5 {row.feedback}".rstrip())
        en.append(f"· {row.item.name_en}: {row.score}/5 {row.feedback}".rstrip())
    if visit.comments:
        zh.append(f"意见：{visit.comments}")
        en.append(f"Comments: {visit.comments}")
    for action in actions:
        who = display_name(action.owner) or "—"
        due = f"{action.due:%Y-%m-%d}" if action.due else "—"
        zh.append(f"承诺行动：{action.text}（{who}，{due}前）")
        en.append(f"Promised: {action.text} ({who}, by {due})")
    return "\n".join(zh) + "\n\n" + "\n".join(en)


@transaction.atomic
def do_record_visit(
    customer: Customer,
    *,
    actor: Actor,
    stage: str,
    visited_on: dt.date,
    channel: str,
    overall: int,
    contacts: Iterable[Contact] = (),
    others: str = "",
    feedback: Iterable[ItemFeedback] = (),
    comments: str = "",
    actions: Iterable[Promise] = (),
) -> ReturnVisit:
    """Record a return visit and publish its record to the customer.

    Feedback names items the customer chose (one row per item); owners of promised
    actions must be people the recorder may name. The end-of-term visit completes the
    plan's open ``return_visit`` obligation.
    """
    require(actor, "record_visits", customer)
    require(actor, "publish_deliverables", customer)
    contract = current_contract(customer)
    if contract is None:
        raise ValidationError({"customer": f"{customer.code} has no contract"})
    if stage not in Stage.values:
        raise ValidationError({"stage": f"one of {', '.join(Stage.values)}"})
    if channel not in Channel.values:
        raise ValidationError({"channel": f"one of {', '.join(Channel.values)}"})
    if visited_on > timezone.localdate():
        raise ValidationError({"visited_on": "a visit is recorded after it took place"})
    people = list(contacts)
    if any(contact.customer_id != customer.pk for contact in people):
        raise ValidationError({"contacts": "a contact of another customer"})
    if not people and not others.strip():
        raise ValidationError({"contacts": "name who was met"})
    items = {item.code: item for item in chosen_items(contract)}
    rows = list(feedback)
    seen: set[str] = set()
    for row in rows:
        if row.item not in items:
            raise ValidationError({"feedback": f"{row.item}: not an item {customer.code} chose"})
        if row.item in seen:
            raise ValidationError({"feedback": f"{row.item}: given twice"})
        seen.add(row.item)
    promises = list(actions)
    owners = {p.owner.pk for p in promises if p.owner is not None}
    named = access.visible_users(actor).filter(pk__in=owners) if actor and owners else None
    if named is not None and named.count() != len(owners):
        raise ValidationError({"actions": "an owner the recorder may not name"})
    visit = save_validated(
        ReturnVisit(customer=customer, contract=contract, recorded_by=access.recorded_user(actor)),
        actor=actor,
        stage=stage,
        visited_on=visited_on,
        channel=channel,
        overall=overall,
        others=plain_text(others),
        comments=plain_text(comments),
    )
    visit.contacts.set(people)
    saved_feedback = [
        save_validated(
            VisitFeedback(customer=customer, visit=visit, item=items[row.item]),
            actor=actor,
            score=row.score,
            feedback=plain_text(row.feedback),
        )
        for row in rows
    ]
    saved_actions = [
        save_validated(
            VisitAction(customer=customer, visit=visit),
            actor=actor,
            text=plain_text(promise.text),
            owner=promise.owner,
            due=promise.due,
        )
        for promise in promises
        if promise.text.strip()
    ]
    obligation = (
        next_open_obligation(customer, CARE_ITEM, kinds=[RETURN_VISIT], contract=contract)
        if stage == Stage.FINAL
        else None
    )
    zh_stage, en_stage = STAGE_WORDS[stage]
    deliverable = do_create_deliverable(
        customer,
        item=CARE_ITEM,
        title=f"{zh_stage}回访记录 · {visited_on:%Y-%m-%d}",
        title_en=f"{en_stage} return visit · {visited_on:%Y-%m-%d}",
        kind=Deliverable.Kind.RECORD,
        contract=contract,
        report_type="return_visit",
        summary=_summary(visit, saved_feedback, saved_actions),
        period_start=visited_on,
        period_end=visited_on,
        obligation=obligation,
        actor=actor,
    )
    moment = timezone.make_aware(dt.datetime.combine(visited_on, dt.time(18)))
    do_publish(deliverable, actor=actor, at=min(moment, timezone.now()))
    return save_validated(visit, actor=actor, deliverable=deliverable)
