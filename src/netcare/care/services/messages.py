"""Holiday-care messages: the house templates, a customer's own wording, and drafting.

A message is drafted for one care obligation (the holiday), one person and one channel,
in the customer's language: the customer's own wording (``CareMessage``) when it has
one, else the house template in ``care/data/messages.yaml``. Placeholders are filled
from the holiday break, the people and the team; a placeholder nobody knows is refused
when the wording is saved, naming it. An SMS must fit one message once filled.
"""

from __future__ import annotations

import datetime as dt
import string
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from netcare.contracts.services import assignee, current_contract
from netcare.core import access
from netcare.core.people import display_name
from netcare.core.services import delete_audited, require, save_validated
from netcare.customers.models import Channel, Contact, Customer
from netcare.delivery.models import Obligation
from netcare.delivery.services.plans import calendar_for

if TYPE_CHECKING:
    from netcare.care.models import CareMessage
    from netcare.core.access import Actor

DATA = Path(__file__).resolve().parent.parent / "data" / "messages.yaml"
LANGUAGES = ("zh", "en")
CHANNELS = tuple(Channel.values)
PLACEHOLDERS = (
    "contact",
    "customer",
    "holiday",
    "start",
    "end",
    "days",
    "sender",
    "expert",
    "reach",
)
#: One SMS: 70 characters of Chinese (UCS-2), 160 of plain Latin text (GSM 7-bit).
SMS_LIMITS = {"zh": 70, "en": 160}
#: Countries whose customers are written to in Chinese by default.
CHINESE_COUNTRIES = frozenset({"CN", "TW", "HK", "MO"})


@dataclass(frozen=True)
class Template:
    """The wording of one channel in one language; ``custom`` when it is the customer's."""

    channel: str
    language: str
    subject: str
    body: str
    custom: bool = False


@dataclass(frozen=True)
class Draft:
    """A message ready to send or say: filled subject and body, and what is wrong with
    it (an SMS too long, a missing address), empty when nothing is."""

    channel: str
    language: str
    subject: str
    body: str
    custom: bool
    problems: tuple[str, ...] = ()


class TemplateError(ValueError):
    """The house template file is broken (names the channel, language and field)."""


@lru_cache(maxsize=1)
def house_templates() -> dict[tuple[str, str], Template]:
    """The house templates, checked once: every channel in both languages, each with a
    body, an e-mail with a subject, and only known placeholders."""
    raw = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    found: dict[tuple[str, str], Template] = {}
    for channel in CHANNELS:
        for language in LANGUAGES:
            entry = (raw.get(channel) or {}).get(language)
            where = f"{DATA.name}: {channel}.{language}"
            if not isinstance(entry, dict) or not str(entry.get("body", "")).strip():
                raise TemplateError(f"{where}: no body")
            subject = str(entry.get("subject") or "")
            if channel == Channel.EMAIL and not subject.strip():
                raise TemplateError(f"{where}: an e-mail needs a subject")
            for field, text in (("subject", subject), ("body", str(entry["body"]))):
                unknown = unknown_placeholders(text)
                if unknown:
                    raise TemplateError(f"{where}.{field}: unknown placeholder {unknown[0]}")
            found[(channel, language)] = Template(channel, language, subject, str(entry["body"]))
    return found


def unknown_placeholders(text: str) -> list[str]:
    """The ``{names}`` in ``text`` that drafting cannot fill (``{}`` and ``{0}`` too)."""
    try:
        fields = [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
    except ValueError as exc:  # an unmatched brace
        return [str(exc)]
    return [f"{{{name}}}" for name in fields if name not in PLACEHOLDERS]


def language_for(customer: Customer) -> str:
    """The language a customer is written to: Chinese in greater China, else English."""
    return "zh" if (customer.country or "CN").upper() in CHINESE_COUNTRIES else "en"


def templates_for(customer: Customer) -> dict[tuple[str, str], Template]:
    """Every (channel, language) wording for a customer: its own where it has one."""
    from netcare.care.models import CareMessage

    found = dict(house_templates())
    for row in CareMessage.objects.filter(customer=customer):
        found[(row.channel, row.language)] = Template(
            row.channel, row.language, row.subject, row.body, custom=True
        )
    return found


@dataclass(frozen=True)
class Holiday:
    """The holiday break a care obligation is for, in both languages."""

    names_zh: str
    names_en: str
    start: dt.date
    end: dt.date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def name(self, language: str) -> str:
        return self.names_en if language == "en" else self.names_zh


def holiday_of(obligation: Obligation) -> Holiday:
    """The break of a care obligation (its period), named from the customer's calendar;
    the obligation's title names it when the calendar no longer does."""
    start = obligation.period_start or obligation.due
    end = obligation.period_end or start
    zh = obligation.title_zh.partition("：")[2] or obligation.title_zh
    en = obligation.title_en.partition(": ")[2] or obligation.title_en
    try:
        breaks = calendar_for(obligation.customer).holiday_breaks(start, start)
    except ValueError:
        breaks = []
    if breaks:
        found = breaks[0]
        zh = "、".join(found.names_zh or found.names)
        en = ", ".join(found.names)
    return Holiday(zh, en, start, end)


def _day(day: dt.date, language: str) -> str:
    return f"{day:%b} {day.day}" if language == "en" else f"{day.month}月{day.day}日"


def values_for(
    obligation: Obligation, contact: Contact | None, language: str, *, sender: Any = None
) -> dict[str, str]:
    """What fills the placeholders of a message for ``contact`` about ``obligation``."""
    customer = obligation.customer
    holiday = holiday_of(obligation)
    contract = obligation.plan.contract if obligation.plan_id else current_contract(customer)
    day = obligation.due
    expert = assignee(contract, "l2_expert", day) if contract else None
    asm = assignee(contract, "asm", day) if contract else None
    writer = sender or obligation.owner or asm
    addresses = [str(getattr(p, "email", "") or "") for p in (expert, writer) if p is not None]
    reach = next((address for address in addresses if address), "")
    name = customer.name_en if language == "en" and customer.name_en else customer.name_zh
    return {
        "contact": contact.name if contact is not None else name,
        "customer": name,
        "holiday": holiday.name(language),
        "start": _day(holiday.start, language),
        "end": _day(holiday.end, language),
        "days": str(holiday.days),
        "sender": display_name(writer) or name,
        "expert": display_name(expert) or "—",
        "reach": reach or "—",
    }


def fill(text: str, values: dict[str, str]) -> str:
    """``text`` with its placeholders filled (unknown ones are refused on save)."""
    return text.format_map(values)


def sms_problem(body: str, language: str) -> str:
    limit = SMS_LIMITS.get(language, SMS_LIMITS["zh"])
    if len(body) > limit:
        return f"an SMS fits {limit} characters; this one has {len(body)}"
    return ""


def address_of(contact: Contact | None, channel: str) -> str:
    """Where a message by ``channel`` goes for a contact ("" for a visit)."""
    if contact is None:
        return ""
    addresses: dict[str, str] = {
        Channel.EMAIL.value: contact.email,
        Channel.SMS.value: contact.phone,
        Channel.PHONE.value: contact.phone,
        Channel.WECHAT.value: contact.wechat_id,
    }
    return addresses.get(channel, "")


def draft(
    obligation: Obligation,
    contact: Contact | None,
    *,
    channel: str | None = None,
    language: str | None = None,
    sender: Any = None,
    templates: dict[tuple[str, str], Template] | None = None,
) -> Draft:
    """The message for ``contact`` about ``obligation``'s holiday, by the contact's
    preferred channel (or ``channel``) in the customer's language (or ``language``)."""
    chosen = channel or (contact.preferred_channel if contact is not None else Channel.PHONE)
    if chosen not in CHANNELS:
        raise ValidationError({"channel": f"unknown channel {chosen!r}"})
    lang = language or language_for(obligation.customer)
    if lang not in LANGUAGES:
        raise ValidationError({"language": f"write in zh or en, not {lang!r}"})
    wording = (templates or templates_for(obligation.customer))[(chosen, lang)]
    values = values_for(obligation, contact, lang, sender=sender)
    subject = " ".join(fill(wording.subject, values).split())
    body = fill(wording.body, values).strip()
    problems = []
    if chosen == Channel.SMS and sms_problem(body, lang):
        problems.append(sms_problem(body, lang))
    if chosen != Channel.VISIT and contact is not None and not address_of(contact, chosen):
        problems.append(f"{contact.name} has no {chosen} address")
    return Draft(chosen, lang, subject, body, wording.custom, tuple(problems))


def _sample_values(language: str) -> dict[str, str]:
    """Typical long values, to check that a saved SMS wording still fits once filled."""
    holiday = "春节" if language == "zh" else "Spring Festival"
    return {
        "contact": "欧阳晓明" if language == "zh" else "Alexandra Schmidt",
        "customer": "华东城市商业银行" if language == "zh" else "East China Bank",
        "holiday": holiday,
        "start": "10月1日" if language == "zh" else "Oct 1",
        "end": "10月8日" if language == "zh" else "Oct 8",
        "days": "8",
        "sender": "李娜" if language == "zh" else "Anna Li",
        "expert": "张伟" if language == "zh" else "Wei Zhang",
        "reach": "ram.zhang@example.com",
    }


@transaction.atomic
def do_save_message(
    customer: Customer, *, channel: str, language: str, subject: str, body: str, actor: Actor
) -> CareMessage:
    """Save the customer's own wording of one channel and language (replacing any).

    Refused, naming the field: an unknown channel or language, an empty body, an e-mail
    without a subject, a placeholder drafting cannot fill, an SMS that with typical
    names no longer fits one message.
    """
    from netcare.care.models import CareMessage

    require(actor, "care_for_customers", customer)
    if channel not in CHANNELS:
        raise ValidationError({"channel": f"unknown channel {channel!r}"})
    if language not in LANGUAGES:
        raise ValidationError({"language": f"write in zh or en, not {language!r}"})
    body, subject = body.strip(), " ".join(subject.split())
    if not body:
        raise ValidationError({"body": "write the message"})
    if channel == Channel.EMAIL and not subject:
        raise ValidationError({"subject": "an e-mail needs a subject"})
    for field, text in (("subject", subject), ("body", body)):
        unknown = unknown_placeholders(text)
        if unknown:
            raise ValidationError(
                {field: f"unknown placeholder {unknown[0]}; use {', '.join(PLACEHOLDERS)}"}
            )
    if channel == Channel.SMS:
        problem = sms_problem(fill(body, _sample_values(language)), language)
        if problem:
            raise ValidationError({"body": f"{problem} with typical names filled in"})
    current = CareMessage.objects.filter(
        customer=customer, channel=channel, language=language
    ).first()
    return save_validated(
        current or CareMessage(customer=customer, channel=channel, language=language),
        actor=actor,
        subject=subject,
        body=body,
        updated_by=access.recorded_user(actor),
        updated=timezone.now(),
    )


def do_reset_message(customer: Customer, *, channel: str, language: str, actor: Actor) -> bool:
    """Go back to the house template for one channel and language; True when the
    customer had its own wording."""
    from netcare.care.models import CareMessage

    require(actor, "care_for_customers", customer)
    current = CareMessage.objects.filter(
        customer=customer, channel=channel, language=language
    ).first()
    if current is None:
        return False
    delete_audited(current, actor=actor)
    return True
