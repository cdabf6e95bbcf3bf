"""The one notification service: every app tells people things through ``notify``.

A notification is written to the recipient's in-app inbox and, when the recipient
has an e-mail address and wants e-mail for that kind, sent through Django's mail
settings (``NETCARE_EMAIL_BACKEND``: console by default, SMTP in production) once the
transaction commits. Mail that could not be sent stays pending and is retried by
the hourly reminder schedule (``send_pending_email``), at most ``MAX_EMAIL_ATTEMPTS``
times. No other app sends mail itself.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template import Context, Engine
from django.utils import timezone, translation

from netcare.core import audit
from netcare.core.links import absolute
from netcare.notifications.models import Notification, NotificationPreference

if TYPE_CHECKING:
    from netcare.core.access import Actor, UserLike

logger = logging.getLogger(__name__)
MAX_EMAIL_ATTEMPTS = 3
LANGUAGES = ("zh", "en")
#: Messages looked up and written together by ``notify_many`` (keeps IN lists short).
BATCH = 200
KEY_LENGTH = 120


@lru_cache(maxsize=1)
def _engine() -> Engine:
    # Plain-text templates: no HTML escaping of "&" or quotes in a subject line.
    return Engine(
        autoescape=False,
        loaders=[
            (
                "django.template.loaders.cached.Loader",
                ["django.template.loaders.app_directories.Loader"],
            )
        ],
        libraries={
            "i18n": "django.templatetags.i18n",
            "people": "netcare.core.templatetags.people",
        },
    )


def preference_for(user: Any) -> NotificationPreference:
    """The user's preferences (defaults when they never saved any; nothing is written)."""
    found = NotificationPreference.objects.filter(user_id=user.pk).first()
    return found or NotificationPreference(user=user)


def preferences_for(users: Iterable[Any]) -> dict[int, NotificationPreference]:
    """``preference_for`` of many people (by user id) from one query."""
    people = {user.pk: user for user in users if user is not None}
    found = {p.user_id: p for p in NotificationPreference.objects.filter(user_id__in=people)}
    return {pk: found.get(pk) or NotificationPreference(user=user) for pk, user in people.items()}


def render(kind: str, language: str, context: Mapping[str, Any]) -> tuple[str, str]:
    """Subject (one line) and body of a kind in one language."""
    language = language if language in LANGUAGES else "zh"
    engine = _engine()
    with translation.override("en" if language == "en" else "zh-hans"):
        subject = engine.get_template(f"notifications/{language}/{kind}.subject.txt")
        body = engine.get_template(f"notifications/{language}/{kind}.body.txt")
        # Stored as plain text and escaped once, where a page shows it. ``Context``
        # escapes by default whatever the engine says, so it is told not to here.
        text = " ".join(subject.render(Context(dict(context), autoescape=False)).split())
        body_text = body.render(Context(dict(context), autoescape=False)).strip() + "\n"
        return text[:200], body_text


@dataclass(frozen=True)
class Message:
    """One thing to tell some people, as ``notify`` takes it; ``notify_many`` sends many."""

    recipients: Sequence[Any]
    kind: str
    context: Mapping[str, Any]
    key: str
    customer: Any = None
    link: str = ""


def notify(
    recipients: Iterable[Any],
    kind: str,
    context: Mapping[str, Any],
    *,
    key: str,
    customer: Any = None,
    link: str = "",
) -> list[Notification]:
    """Tell each recipient about ``key`` (e.g. ``"obligation:42:overdue"``) once.

    Renders ``kind``'s templates in each recipient's language with ``context`` plus
    ``recipient``, ``customer`` and ``link``; a recipient already told about this
    ``(kind, key)`` is skipped, so callers may call again safely (a redelivered task,
    the next hourly run). ``None`` and inactive users are skipped. Returns the
    notifications written now.
    """
    message = Message(list(recipients), kind, context, key, customer, link)
    return notify_many([message])[0]


def notify_many(messages: Sequence[Message]) -> list[list[Notification]]:
    """``notify`` for many messages in a fixed number of queries per ``BATCH`` of them.

    A sweep tells dozens of people about dozens of things each hour; asking one by one
    who was told already, what language they read and writing each row (and its audit
    event) made it cost a dozen queries per message. Here each of those is one query for
    the whole batch. Returns, per message, the notifications written now.
    """
    written: list[list[Notification]] = []
    for start in range(0, len(messages), BATCH):
        written += _notify_batch(messages[start : start + BATCH])
    return written


def _notify_batch(messages: Sequence[Message]) -> list[list[Notification]]:
    # Who each message still has to tell: active people, each once per (kind, key).
    wanted: list[list[Any]] = []
    for message in messages:
        people: dict[int, Any] = {}
        for user in message.recipients:
            if user is not None and getattr(user, "is_active", False):
                people.setdefault(user.pk, user)
        wanted.append(list(people.values()))
    user_ids = {user.pk for people in wanted for user in people}
    if not user_ids:
        return [[] for _ in messages]
    told = set(
        Notification.objects.filter(
            recipient_id__in=user_ids,
            kind__in={m.kind for m in messages},
            key__in={m.key[:KEY_LENGTH] for m in messages},
        ).values_list("recipient_id", "kind", "key")
    )
    preferences = preferences_for(user for people in wanted for user in people)
    rows: list[tuple[int, Notification]] = []
    for index, (message, recipients) in enumerate(zip(messages, wanted, strict=True)):
        key = message.key[:KEY_LENGTH]
        for user in recipients:
            if (user.pk, message.kind, key) in told:
                continue
            told.add((user.pk, message.kind, key))
            preference = preferences[user.pk]
            values = {
                **message.context,
                "recipient": user,
                "customer": message.customer,
                "link": absolute(message.link),
            }
            subject, body = render(message.kind, preference.language, values)
            wants_mail = bool(user.email) and preference.emails(message.kind)
            notification = Notification(
                recipient=user,
                customer=message.customer,
                kind=message.kind,
                key=key,
                language=preference.language,
                subject=subject,
                body=body,
                link=message.link,
                email_state=Notification.Email.PENDING if wants_mail else "",
            )
            rows.append((index, notification))
    saved = _save([notification for _, notification in rows])
    written: list[list[Notification]] = [[] for _ in messages]
    for index, notification in rows:
        if notification.pk is None or notification.pk not in saved:
            continue
        if notification.email_state == Notification.Email.PENDING:
            transaction.on_commit(partial(send_email, notification.pk))
        written[index].append(notification)
    return written


def _save(notifications: list[Notification]) -> set[int]:
    """Write the rows in one insert (with one audit insert); the ids written.

    ``bulk_create`` sends no save signals, so the audit events the signals would write
    are written here. Should another worker have told someone in the meantime (the
    unique ``(recipient, kind, key)`` refuses the insert), each row is written on its own
    instead and the ones already there are skipped, as ``notify`` always did.
    """
    if not notifications:
        return set()
    try:
        with transaction.atomic():
            Notification.objects.bulk_create(notifications)
            if any(n.pk is None for n in notifications):
                _read_back_ids(notifications)  # a database that returns no ids on insert
            audit.record_created(notifications)
        return {n.pk for n in notifications}
    except IntegrityError:
        pass
    saved: set[int] = set()
    for notification in notifications:
        notification.pk = None
        try:
            with transaction.atomic():
                notification.save(force_insert=True)
        except IntegrityError:
            notification.pk = None
            continue  # another worker told them in the meantime
        saved.add(notification.pk)
    return saved


def _read_back_ids(notifications: list[Notification]) -> None:
    ids = {
        (recipient, kind, key): pk
        for pk, recipient, kind, key in Notification.objects.filter(
            recipient_id__in={n.recipient_id for n in notifications},
            key__in={n.key for n in notifications},
        ).values_list("pk", "recipient_id", "kind", "key")
    }
    for notification in notifications:
        notification.pk = ids[(notification.recipient_id, notification.kind, notification.key)]


def send_email(notification_id: int) -> bool:
    """Send one pending notification's e-mail; True when it went out now.

    The attempt counter is claimed with a conditional update first, so two workers
    (the on-commit send and the hourly retry) never mail the same message twice.
    """
    found = (
        Notification.objects.filter(
            pk=notification_id,
            email_state__in=[Notification.Email.PENDING, Notification.Email.FAILED],
            email_attempts__lt=MAX_EMAIL_ATTEMPTS,
        )
        .select_related("recipient")
        .first()
    )
    if found is None:
        return False
    claimed = Notification.objects.filter(pk=found.pk, email_attempts=found.email_attempts).update(
        email_attempts=F("email_attempts") + 1
    )
    if not claimed:
        return False
    body = found.body
    if found.link:
        body += f"\n{absolute(found.link)}\n"
    try:
        send_mail(found.subject, body, settings.DEFAULT_FROM_EMAIL, [found.recipient.email])
    except Exception:
        logger.exception("e-mail of notification %s failed", found.pk)
        Notification.objects.filter(pk=found.pk).update(email_state=Notification.Email.FAILED)
        return False
    Notification.objects.filter(pk=found.pk).update(
        email_state=Notification.Email.SENT, emailed_at=timezone.now()
    )
    return True


def mail_address(address: str, kind: str, language: str, context: Mapping[str, Any]) -> bool:
    """Mail ``kind`` rendered in ``language`` to an address that is no NetCare user (a
    customer's contact); True when it went out. Nothing is stored and the message is
    never logged: such a mail may carry a secret link (a survey's one-time token), so
    the caller records the outcome and sends again with a fresh link if it failed."""
    subject, body = render(kind, language, context)
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
    except Exception:
        logger.error("e-mail %s to a contact could not be sent", kind)
        return False
    return True


def send_pending_email() -> int:
    """Retry every e-mail not yet sent (the hourly schedule calls this); returns sent."""
    pending = Notification.objects.filter(
        Q(email_state=Notification.Email.PENDING) | Q(email_state=Notification.Email.FAILED),
        email_attempts__lt=MAX_EMAIL_ATTEMPTS,
    ).values_list("pk", flat=True)
    return sum(send_email(pk) for pk in list(pending))


def do_mark_read(notification: Notification, *, actor: UserLike) -> Notification:
    """Mark one of the actor's own notifications read (a no-op when it already is)."""
    if notification.recipient_id != actor.pk:
        raise PermissionDenied("people read their own notifications")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def do_mark_all_read(*, actor: Actor) -> int:
    return Notification.objects.for_user(actor).unread().update(read_at=timezone.now())


def do_save_preference(
    user: Any,
    *,
    actor: Actor,
    language: str,
    email: bool,
    muted_kinds: Iterable[str],
    remind_days_before: int,
) -> NotificationPreference:
    """Save a user's preferences; each person sets their own."""
    from netcare.core.services import save_validated
    from netcare.notifications.kinds import KINDS

    if actor is None or actor.pk != user.pk:
        raise PermissionDenied("people set their own notification preferences")
    unknown = set(muted_kinds) - set(KINDS)
    if unknown:
        raise ValidationError({"muted_kinds": f"unknown kinds: {', '.join(sorted(unknown))}"})
    if not 0 <= remind_days_before <= 60:
        raise ValidationError({"remind_days_before": "between 0 and 60 days"})
    preference = NotificationPreference.objects.filter(user=user).first()
    return save_validated(
        preference or NotificationPreference(user=user),
        actor=actor,
        language=language,
        email=email,
        muted_kinds=sorted(set(muted_kinds)),
        remind_days_before=remind_days_before,
    )


def unread_count(user: Any) -> int:
    return Notification.objects.for_user(user).unread().count()
