"""Surveys: send one to the customer's contacts, answer it by link or in the portal, close it.

A link is ``/satisfaction/s/<token>/`` with a token from ``secrets.token_urlsafe(32)``
(256 random bits): it cannot be guessed, and only its SHA-256 is stored, so a copy of the
database opens no survey. The token lives in memory only while the mail is written (and
on the sender's screen when they ask for it); a lost link is replaced by a fresh one
(``do_renew_link``). An unknown, expired, closed or used link is one and the same
answer to the caller: nothing (``None``), which the page turns into 404.

Answers are written once: the invitation row is locked while its answer is written
and the database refuses a second response for one invitation (one-to-one) or one
portal user (unique), so two requests racing still store one answer.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from netcare.contracts.models import ServiceItem
from netcare.contracts.services import current_contract
from netcare.core import access, audit
from netcare.core.links import absolute
from netcare.core.services import require, save_validated
from netcare.customers.models import Contact, Customer
from netcare.satisfaction.models import Answer, Invitation, Response, Stage, Survey
from netcare.satisfaction.services.questionnaire import (
    build_questions,
    chosen_items,
    customer_language,
    plain_text,
)

if TYPE_CHECKING:
    from netcare.core.access import Actor

#: How long a survey (and each of its links) can be answered, by default.
ANSWER_DAYS = 21
MAX_ANSWER_DAYS = 90
TOKEN_BYTES = 32
MAX_COMMENT = 4000

__all__ = [
    "ANSWER_DAYS",
    "SentLink",
    "do_answer_by_link",
    "do_answer_in_portal",
    "do_close_survey",
    "do_renew_link",
    "do_send_survey",
    "hash_token",
    "invitation_for_token",
    "new_token",
]


@dataclass(frozen=True)
class SentLink:
    """An invitation with its link, as the sender's screen may show it once (never
    stored, never logged)."""

    invitation: Invitation
    url: str


def new_token() -> str:
    """A fresh link token: 32 random bytes, URL-safe (43 characters)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token: str) -> str:
    """What is stored of a token: its SHA-256 in hex."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def link_path(token: str) -> str:
    return reverse("satisfaction:survey_link", kwargs={"token": token})


def _mail_link(invitation_pk: int, address: str, context: dict[str, Any], language: str) -> None:
    """After commit: mail the link through the notification service and record the outcome
    (the token itself is in ``context`` only, in memory)."""
    from netcare.notifications.services import mail_address

    sent = mail_address(address, "survey_invitation", language, context)
    Invitation.objects.filter(pk=invitation_pk).update(
        mail_state=Invitation.Mail.SENT if sent else Invitation.Mail.FAILED
    )


def _issue(survey: Survey, invitation: Invitation, *, actor: Actor) -> SentLink:
    """Give ``invitation`` a fresh token (an earlier one stops working) and mail it."""
    token = new_token()
    save_validated(
        invitation,
        actor=actor,
        token_hash=hash_token(token),
        expires_at=survey.expires_at,
        mail_state=Invitation.Mail.NONE,
    )
    url = absolute(link_path(token))
    if invitation.email:
        context = {
            "customer": survey.customer,
            "survey": survey,
            "name": invitation.name,
            "url": url,
            "expires": timezone.localtime(survey.expires_at),
            "sender": access.recorded_user(actor),
        }
        transaction.on_commit(
            partial(_mail_link, invitation.pk, invitation.email, context, survey.language)
        )
    return SentLink(invitation, url)


@transaction.atomic
def do_send_survey(
    customer: Customer,
    *,
    actor: Actor,
    stage: str = Stage.MID_TERM,
    contacts: Iterable[Contact] | None = None,
    items: Iterable[str] | None = None,
    days: int = ANSWER_DAYS,
    ask_nps: bool = True,
    ask_comments: bool = True,
    language: str = "",
    now: dt.datetime | None = None,
) -> tuple[Survey, list[SentLink]]:
    """Send a survey to the customer's contacts (default: every contact with an e-mail
    address) and tell its portal users that it waits for them.

    Each contact gets a one-time link by e-mail (a contact without an address still gets
    a link, for the sender to hand over). ``items`` narrows the service items asked
    about (default: every item the customer chose). Returns the survey and the links,
    which the caller may show once and must not store or log.
    """
    require(actor, "send_surveys", customer)
    if stage not in Stage.values:
        raise ValidationError({"stage": f"one of {', '.join(Stage.values)}"})
    if not 1 <= days <= MAX_ANSWER_DAYS:
        raise ValidationError({"days": f"a survey is open 1 to {MAX_ANSWER_DAYS} days"})
    contract = current_contract(customer)
    if contract is None:
        raise ValidationError({"customer": f"{customer.code} has no contract"})
    available = chosen_items(contract)
    if items is not None:
        wanted = set(items)
        unknown = wanted - {item.code for item in available}
        if unknown:
            raise ValidationError(
                {"items": f"not items {customer.code} chose: {', '.join(sorted(unknown))}"}
            )
        available = [item for item in available if item.code in wanted]
    questions = build_questions(available, ask_nps=ask_nps, ask_comments=ask_comments)
    if not questions:
        raise ValidationError({"items": "the survey asks nothing: choose items or questions"})
    people = (
        list(Contact.objects.filter(customer=customer).exclude(email=""))
        if contacts is None
        else list(contacts)
    )
    if any(contact.customer_id != customer.pk for contact in people):
        raise ValidationError({"contacts": "a contact of another customer"})
    portal_users = access.customer_users(customer)
    if not people and not portal_users:
        raise ValidationError(
            {"contacts": f"{customer.code} has no contact with an e-mail address to ask"}
        )
    moment = now or timezone.now()
    survey = save_validated(
        Survey(customer=customer, contract=contract, sent_by=access.recorded_user(actor)),
        actor=actor,
        stage=stage,
        language=language if language in ("zh", "en") else customer_language(customer),
        questions=questions,
        expires_at=moment + dt.timedelta(days=days),
        sent_at=moment,
    )
    links = [
        _issue(
            survey,
            Invitation(
                customer=customer,
                survey=survey,
                contact=contact,
                name=contact.name,
                email=contact.email,
                expires_at=survey.expires_at,
                created=moment,
            ),
            actor=actor,
        )
        for contact in people
    ]
    _tell_portal_users(survey, portal_users)
    return survey, links


def _tell_portal_users(survey: Survey, users: list[Any]) -> None:
    from netcare.notifications.services import notify

    notify(
        users,
        "survey_waiting",
        {"survey": survey, "expires": timezone.localtime(survey.expires_at)},
        key=f"survey:{survey.pk}:waiting",
        customer=survey.customer,
        link=reverse("satisfaction:survey_detail", kwargs={"pk": survey.pk}),
    )


@transaction.atomic
def do_renew_link(invitation: Invitation, *, actor: Actor) -> SentLink:
    """A fresh link for one invitation (the old one stops working), mailed again: for a
    lost mail or one that failed. Refused once answered or when the survey is closed."""
    require(actor, "send_surveys", invitation.customer_id)
    invitation = (
        Invitation.objects.select_for_update().select_related("survey").get(pk=invitation.pk)
    )
    if invitation.answered_at is not None:
        raise ValidationError({"invitation": "already answered"})
    if not invitation.survey.is_open():
        raise ValidationError({"survey": "the survey is closed"})
    return _issue(invitation.survey, invitation, actor=actor)


def invitation_for_token(token: str, *, lock: bool = False) -> Invitation | None:
    """The open, unanswered, unexpired invitation a link token names, else None — the
    same for an unknown, expired, used or closed link."""
    if not token or len(token) > 100:
        return None
    # Locked alone (no joins): PostgreSQL refuses FOR UPDATE across some joins, and only
    # this row decides whether the link was used.
    found = Invitation.objects.select_for_update() if lock else Invitation.objects.all()
    invitation = found.filter(token_hash=hash_token(token)).first()
    now = timezone.now()
    if (
        invitation is None
        or invitation.answered_at is not None
        or invitation.expires_at <= now
        or not invitation.survey.is_open(now)
    ):
        return None
    return invitation


def _clean_answers(
    survey: Survey, scores: Mapping[str, Any], nps: Any, comment: str
) -> tuple[dict[str, int], int | None, str]:
    """The answers checked against the questions the survey asked: a score per item it
    asked about (an item left out is "not applicable"), the 0–10 answer if asked."""
    asked = {q["item"] for q in survey.questions if q["kind"] == "csat"}
    errors: dict[str, str] = {}
    clean: dict[str, int] = {}
    for code, raw in scores.items():
        if raw in (None, ""):
            continue
        if code not in asked:
            errors[f"item:{code}"] = "this survey does not ask about this item"
            continue
        try:
            value = int(raw)
        except (TypeError, ValueError):
            value = 0
        if not 1 <= value <= 5:
            errors[f"item:{code}"] = "a score from 1 to 5"
        clean[code] = value
    value_nps: int | None = None
    if nps not in (None, ""):
        if not any(q["kind"] == "nps" for q in survey.questions):
            errors["nps"] = "this survey does not ask it"
        try:
            value_nps = int(nps)
        except (TypeError, ValueError):
            value_nps = -1
        if not 0 <= value_nps <= 10:
            errors["nps"] = "a number from 0 to 10"
    text = plain_text(comment)
    if len(text) > MAX_COMMENT:
        errors["comment"] = f"at most {MAX_COMMENT} characters"
    if not errors and not clean and value_nps is None and not text:
        errors["answers"] = "answer at least one question"
    if errors:
        raise ValidationError(errors)
    return clean, value_nps, text


def _store(
    survey: Survey,
    *,
    via: str,
    scores: Mapping[str, Any],
    nps: Any,
    comment: str,
    respondent: str,
    invitation: Invitation | None = None,
    user: Any = None,
) -> Response:
    clean, value_nps, text = _clean_answers(survey, scores, nps, comment)
    try:
        with transaction.atomic():
            response = save_validated(
                Response(customer_id=survey.customer_id, survey=survey, invitation=invitation),
                actor=user,
                user=user,
                via=via,
                respondent=respondent[:60],
                nps=value_nps,
                comment=text,
            )
    except (IntegrityError, ValidationError) as exc:
        if isinstance(exc, ValidationError) and not _is_duplicate(exc):
            raise
        raise ValidationError({"survey": "this survey was already answered"}) from None
    items = {item.code: item for item in ServiceItem.objects.filter(code__in=clean)}
    answers = Answer.objects.bulk_create(
        [
            Answer(customer_id=survey.customer_id, response=response, item=items[code], score=v)
            for code, v in clean.items()
        ]
    )
    audit.record_created(answers)  # bulk_create sends no signals
    return response


def _is_duplicate(exc: ValidationError) -> bool:
    """``full_clean`` found the unique rule broken (the other path to "answered twice")."""
    fields = getattr(exc, "error_dict", {})
    return "invitation" in fields or "__all__" in fields


@transaction.atomic
def do_answer_by_link(
    token: str, *, scores: Mapping[str, Any], nps: Any = None, comment: str = ""
) -> Response | None:
    """Store the answers given through a link, once; None when the link opens nothing
    (unknown, expired, used, closed). The invitation row is locked while its answer is
    written, so a second request for the same link waits, then finds it used."""
    invitation = invitation_for_token(token, lock=True)
    if invitation is None:
        return None
    response = _store(
        invitation.survey,
        via=Response.Via.LINK,
        scores=scores,
        nps=nps,
        comment=comment,
        respondent=invitation.name,
        invitation=invitation,
    )
    save_validated(invitation, actor=None, answered_at=response.answered_at)
    return response


@transaction.atomic
def do_answer_in_portal(
    survey: Survey, *, actor: Actor, scores: Mapping[str, Any], nps: Any = None, comment: str = ""
) -> Response:
    """A customer user's own answers to an open survey of their customer, stored once."""
    require(actor, "answer_surveys", survey.customer_id)
    if actor is None or not access.is_customer_side(actor, survey.customer_id):
        raise PermissionDenied("only the customer's own users answer its survey")
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if not survey.is_open():
        raise ValidationError({"survey": "the survey is closed"})
    from netcare.core.people import display_name

    return _store(
        survey,
        via=Response.Via.PORTAL,
        scores=scores,
        nps=nps,
        comment=comment,
        respondent=display_name(actor) or actor.get_username(),
        user=actor,
    )


def do_close_survey(survey: Survey, *, actor: Actor) -> Survey:
    """Stop taking answers (every link of the survey stops working)."""
    require(actor, "send_surveys", survey.customer_id)
    if survey.state == Survey.State.CLOSED:
        return survey
    return save_validated(survey, actor=actor, state=Survey.State.CLOSED)


def close_expired(now: dt.datetime | None = None) -> list[Survey]:
    """Close the surveys whose answer-by time has passed and tell each sender how many
    answered (the daily schedule; idempotent)."""
    from netcare.notifications.services import notify

    moment = now or timezone.now()
    closed = []
    for survey in Survey.objects.filter(
        state=Survey.State.OPEN, expires_at__lte=moment
    ).select_related("customer", "sent_by"):
        save_validated(survey, actor=None, state=Survey.State.CLOSED)
        invited = survey.invitations.count()
        answered = survey.responses.count()
        notify(
            [survey.sent_by],
            "survey_closed",
            {"survey": survey, "invited": invited, "answered": answered},
            key=f"survey:{survey.pk}:closed",
            customer=survey.customer,
            link=reverse("satisfaction:survey_detail", kwargs={"pk": survey.pk}),
        )
        closed.append(survey)
    return closed
