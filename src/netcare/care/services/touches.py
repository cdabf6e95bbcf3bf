"""Holiday care: the care agenda, touches sent or recorded, and the reminder of the
touches due.

A care obligation (kind ``holiday_care``) is created by the service plan before each
holiday break of the customer's region. The account manager greets the customer's
people before it — by e-mail sent from NetCare, or by phone, SMS, WeChat or a visit
recorded here — and each greeting is a ``CareTouch``.

Completion goes through the contact log, the one path by which contact completes planned
work: the first touch of an open care obligation is logged with
``delivery.services.contacts.do_log_contact(obligation=…)``, which publishes the short
contact record to the customer and so completes the obligation. Further touches for the
same holiday are logged as contact-log entries of that obligation too, pointing at the
same record (``do_log_contact`` only takes an open obligation, and letting it match one
by date could complete the *next* holiday's care instead).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils import timezone

from netcare.care.models import CareTouch
from netcare.care.services import mail, messages
from netcare.core import access
from netcare.core.people import display_name
from netcare.core.services import require, save_validated
from netcare.customers.models import Channel, Contact, Customer
from netcare.delivery.models import ContactLog, Obligation
from netcare.delivery.services import contacts as contact_log
from netcare.delivery.services.obligations import Holders, responsible
from netcare.notifications.services import Message, notify_many

if TYPE_CHECKING:
    from netcare.core.access import Actor

KIND = Obligation.Kind.HOLIDAY_CARE
#: How far ahead the daily reminder looks, and the care agenda by default.
DUE_DAYS = 7
AGENDA_DAYS = 60


def care_obligations(customer: Customer) -> QuerySet[Obligation]:
    """The customer's holiday-care obligations, in date order."""
    return (
        Obligation.objects.filter(customer=customer, kind=KIND)
        .select_related("customer", "item", "owner", "co_owner", "plan__contract", "completed_by")
        .order_by("due", "id")
    )


def contacts_of(customer: Customer) -> list[Contact]:
    """The people greeted: the customer's contacts, primary first."""
    return list(Contact.objects.filter(customer=customer).order_by("-is_primary", "name", "id"))


@dataclass
class CareRow:
    """One care obligation as the account manager works it: the holiday, each contact
    with the drafted message by their preferred channel, and the touches so far."""

    obligation: Obligation
    holiday: messages.Holiday
    drafts: list[tuple[Contact, messages.Draft]] = field(default_factory=list)
    touches: list[CareTouch] = field(default_factory=list)

    @property
    def touched(self) -> set[int]:
        return {t.contact_id for t in self.touches if t.contact_id is not None}


def care_row(
    obligation: Obligation,
    *,
    people: list[Contact] | None = None,
    templates: dict[tuple[str, str], messages.Template] | None = None,
    sender: Any = None,
) -> CareRow:
    """``CareRow`` of one obligation (pass ``people`` and ``templates`` for many)."""
    customer = obligation.customer
    people = contacts_of(customer) if people is None else people
    templates = messages.templates_for(customer) if templates is None else templates
    row = CareRow(obligation, messages.holiday_of(obligation))
    row.drafts = [
        (contact, messages.draft(obligation, contact, templates=templates, sender=sender))
        for contact in people
    ]
    row.touches = list(
        obligation.care_touches.select_related("contact", "by").order_by("touched_at", "id")
    )
    return row


def agenda(
    customer: Customer, *, today: dt.date | None = None, days: int = AGENDA_DAYS
) -> list[CareRow]:
    """The care obligations still open and due within ``days`` (overdue ones too)."""
    day = today or timezone.localdate()
    found = care_obligations(customer).filter(
        state=Obligation.State.OPEN, due__lte=day + dt.timedelta(days=days)
    )
    people = contacts_of(customer)
    templates = messages.templates_for(customer)
    return [care_row(o, people=people, templates=templates) for o in found]


def _role(actor: Actor, customer_id: int) -> str:
    """The lead role a touch is logged under: the actor's own, the ASM's otherwise."""
    roles = access.roles_for(actor, customer_id) if actor is not None else set()
    return "l2_expert" if "l2_expert" in roles and "asm" not in roles else "asm"


def _check(obligation: Obligation, contact: Contact | None, channel: str) -> None:
    if obligation.kind != KIND:
        raise ValidationError({"obligation": "choose a holiday-care obligation"})
    if obligation.state == Obligation.State.WAIVED:
        raise ValidationError({"obligation": "this holiday's care was waived"})
    if contact is not None and contact.customer_id != obligation.customer_id:
        raise ValidationError({"contact": "choose a contact of this customer"})
    if channel not in Channel.values:
        raise ValidationError({"channel": f"unknown channel {channel!r}"})


@transaction.atomic
def do_record_touch(
    obligation: Obligation,
    *,
    channel: str,
    actor: Actor,
    contact: Contact | None = None,
    people: str = "",
    language: str | None = None,
    subject: str | None = None,
    message: str | None = None,
    at: dt.datetime | None = None,
    note: str = "",
    state: str = CareTouch.State.RECORDED,
) -> CareTouch:
    """Record a greeting made outside NetCare (phone, SMS, WeChat, visit; an e-mail sent
    from another mailbox): with whom, by which channel, what was said, who and when.

    The message defaults to the drafted one. The touch is written to the contact log;
    the first touch of an open care obligation completes it (see the module note).
    """
    require(actor, "care_for_customers", obligation.customer_id)
    _check(obligation, contact, channel)
    author = access.recorded_user(actor)
    if author is None:
        raise ValidationError({"by": "a touch is recorded by the person who made it"})
    when = at or timezone.now()
    if when > timezone.now() + dt.timedelta(minutes=5):
        raise ValidationError({"touched_at": "a touch is recorded after it happened"})
    who = people.strip() or (str(contact) if contact is not None else "")
    if not who:
        raise ValidationError({"people": "say whom you greeted"})
    drafted = messages.draft(obligation, contact, channel=channel, language=language, sender=author)
    text = (message if message is not None else drafted.body).strip()
    if not text:
        raise ValidationError({"message": "write what was said"})
    touch = save_validated(
        CareTouch(customer=obligation.customer, obligation=obligation, contact=contact),
        actor=actor,
        people=who[:300],
        channel=channel,
        address=messages.address_of(contact, channel)[:254],
        language=drafted.language,
        subject=(subject if subject is not None else drafted.subject)[:200],
        message=text,
        note=note.strip(),
        state=state,
        touched_at=when,
        by=author,
    )
    touch.contact_log = _log(touch, obligation, actor=actor)
    touch.save(update_fields=["contact_log"])
    return touch


def _summary(touch: CareTouch, holiday: messages.Holiday) -> str:
    channel_zh = contact_log.CHANNEL_ZH.get(touch.channel, touch.channel)
    channel_en = contact_log.CHANNEL_EN.get(touch.channel, touch.channel)
    lines = [
        f"{holiday.names_zh}节日关怀：通过{channel_zh}问候{touch.people}。 / "
        f"{holiday.names_en} care: greetings to {touch.people} by {channel_en}."
    ]
    if touch.note:
        lines.append(touch.note)
    return "\n".join(lines)


def _log(touch: CareTouch, obligation: Obligation, *, actor: Actor) -> ContactLog:
    """The touch's contact-log entry; the first one completes an open obligation."""
    contract = obligation.plan.contract
    holiday = messages.holiday_of(obligation)
    day = timezone.localdate(touch.touched_at)
    role = _role(actor, obligation.customer_id)
    if obligation.state == Obligation.State.OPEN:
        return contact_log.do_log_contact(
            contract,
            role=role,
            date=day,
            channel=touch.channel,
            purpose=ContactLog.Purpose.HOLIDAY_CARE,
            people=touch.people,
            summary=_summary(touch, holiday),
            obligation=obligation,
            actor=actor,
        )
    require(actor, "log_contacts", obligation.customer_id)
    return save_validated(
        ContactLog(
            customer=obligation.customer,
            contract=contract,
            author=touch.by,
            obligation=obligation,
            record=obligation.completed_by,
        ),
        actor=actor,
        role=role,
        date=day,
        channel=touch.channel,
        purpose=ContactLog.Purpose.HOLIDAY_CARE,
        people=touch.people,
        summary=_summary(touch, holiday),
    )


def do_send_touch(
    obligation: Obligation,
    contact: Contact,
    *,
    actor: Actor,
    language: str | None = None,
    subject: str | None = None,
    message: str | None = None,
) -> CareTouch:
    """Send the holiday greeting to a contact by e-mail from NetCare, then record it.

    The drafted subject and message are used unless given. The mail goes out first: a
    message the mail server refuses records nothing (``ValidationError`` says so).
    """
    require(actor, "care_for_customers", obligation.customer_id)
    _check(obligation, contact, Channel.EMAIL)
    if not contact.email:
        raise ValidationError({"contact": f"{contact.name} has no e-mail address"})
    author = access.recorded_user(actor)
    drafted = messages.draft(
        obligation, contact, channel=Channel.EMAIL, language=language, sender=author
    )
    subject = " ".join((subject if subject is not None else drafted.subject).split())
    body = (message if message is not None else drafted.body).strip()
    if not subject or not body:
        raise ValidationError({"subject": "an e-mail needs a subject and a message"})
    if (
        obligation.state == Obligation.State.DONE
        and obligation.care_touches.filter(
            contact=contact, channel=Channel.EMAIL, state=CareTouch.State.SENT
        ).exists()
    ):
        raise ValidationError({"contact": f"{contact.name} was already sent this greeting"})
    try:
        mail.send_to_address(contact.email, subject, body, language=drafted.language)
    except mail.MailRefused as exc:
        raise ValidationError(
            {"contact": f"the mail server refused the message to {contact.email}; nothing sent"}
        ) from exc
    return do_record_touch(
        obligation,
        channel=Channel.EMAIL,
        actor=actor,
        contact=contact,
        language=drafted.language,
        subject=subject,
        message=body,
        state=CareTouch.State.SENT,
    )


def due_soon(today: dt.date | None = None, days: int = DUE_DAYS) -> QuerySet[Obligation]:
    """Open care obligations due within ``days`` (or overdue), of plans the customer
    confirmed or was sent, across customers."""
    day = today or timezone.localdate()
    return (
        Obligation.objects.filter(
            kind=KIND, state=Obligation.State.OPEN, due__lte=day + dt.timedelta(days=days)
        )
        .exclude(plan__state="draft", origin=Obligation.Origin.GENERATED)
        .select_related("customer", "owner", "co_owner", "plan__contract")
        .order_by("due", "id")
    )


def tell_due(today: dt.date | None = None, days: int = DUE_DAYS) -> int:
    """Tell the account manager (the obligation's owners) of each care touch due within
    ``days``, once per obligation; returns how many messages were written."""
    day = today or timezone.localdate()
    found = list(due_soon(day, days))
    holders = Holders.of({o.plan.contract for o in found})
    people = dict(
        Contact.objects.filter(customer_id__in={o.customer_id for o in found})
        .values("customer_id")
        .annotate(count=Count("id"))
        .values_list("customer_id", "count")
        .order_by()
    )
    batch = [
        Message(
            recipients=responsible(o, day, holders[o.plan.contract.pk]),
            kind="care_due",
            context={
                "obligation": o,
                "holiday": messages.holiday_of(o),
                "due": o.due,
                "overdue": o.due < day,
                "contacts": people.get(o.customer_id, 0),
            },
            key=f"obligation:{o.pk}:care_due",
            customer=o.customer,
            link=reverse("care:obligation_detail", kwargs={"pk": o.pk}),
        )
        for o in found
    ]
    return sum(len(written) for written in notify_many(batch))


def touch_label(touch: CareTouch) -> str:
    """One line for a touch: when, channel, whom, by whom."""
    return (
        f"{timezone.localtime(touch.touched_at):%Y-%m-%d %H:%M} {touch.get_channel_display()} "
        f"· {touch.people} · {display_name(touch.by)}"
    )
