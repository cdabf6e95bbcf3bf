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
from collections.abc import Iterable, Mapping
from functools import lru_cache, partial
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template import Context, Engine
from django.utils import timezone, translation

from netcare.notifications.models import Notification, NotificationPreference

logger = logging.getLogger(__name__)
MAX_EMAIL_ATTEMPTS = 3
LANGUAGES = ("zh", "en")


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
        libraries={"i18n": "django.templatetags.i18n"},
    )


def preference_for(user: Any) -> NotificationPreference:
    """The user's preferences (defaults when they never saved any; nothing is written)."""
    found = NotificationPreference.objects.filter(user_id=user.pk).first()
    return found or NotificationPreference(user=user)


def render(kind: str, language: str, context: Mapping[str, Any]) -> tuple[str, str]:
    """Subject (one line) and body of a kind in one language."""
    language = language if language in LANGUAGES else "zh"
    engine = _engine()
    with translation.override("en" if language == "en" else "zh-hans"):
        subject = engine.get_template(f"notifications/{language}/{kind}.subject.txt")
        body = engine.get_template(f"notifications/{language}/{kind}.body.txt")
        text = " ".join(subject.render(Context(dict(context))).split())
        return text[:200], body.render(Context(dict(context))).strip() + "\n"


def absolute(link: str) -> str:
    """A link usable from an e-mail: ``SITE_URL`` + path when the site URL is set."""
    base = str(getattr(settings, "SITE_URL", "") or "").rstrip("/")
    return f"{base}{link}" if base and link.startswith("/") else link


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
    written: list[Notification] = []
    seen: set[int] = set()
    for user in recipients:
        if user is None or not getattr(user, "is_active", False) or user.pk in seen:
            continue
        seen.add(user.pk)
        if Notification.objects.filter(recipient_id=user.pk, kind=kind, key=key).exists():
            continue
        preference = preference_for(user)
        values = {**context, "recipient": user, "customer": customer, "link": absolute(link)}
        subject, body = render(kind, preference.language, values)
        wants_mail = bool(user.email) and preference.emails(kind)
        try:
            with transaction.atomic():
                notification = Notification.objects.create(
                    recipient=user,
                    customer=customer,
                    kind=kind,
                    key=key[:120],
                    language=preference.language,
                    subject=subject,
                    body=body,
                    link=link,
                    email_state=Notification.Email.PENDING if wants_mail else "",
                )
        except IntegrityError:
            continue  # another worker told them in the meantime
        if wants_mail:
            transaction.on_commit(partial(send_email, notification.pk))
        written.append(notification)
    return written


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


def send_pending_email() -> int:
    """Retry every e-mail not yet sent (the hourly schedule calls this); returns sent."""
    pending = Notification.objects.filter(
        Q(email_state=Notification.Email.PENDING) | Q(email_state=Notification.Email.FAILED),
        email_attempts__lt=MAX_EMAIL_ATTEMPTS,
    ).values_list("pk", flat=True)
    return sum(send_email(pk) for pk in list(pending))


def do_mark_read(notification: Notification, *, actor: Any) -> Notification:
    """Mark one of the actor's own notifications read (a no-op when it already is)."""
    if notification.recipient_id != actor.pk:
        raise PermissionDenied("people read their own notifications")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def do_mark_all_read(*, actor: Any) -> int:
    return Notification.objects.for_user(actor).unread().update(read_at=timezone.now())


def do_save_preference(
    user: Any,
    *,
    actor: Any,
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
