"""Who stands by and what happened: the assurance roster and the event log, shared by
changes (the RAM's roster, events while the change runs) and critical periods (the
ASM's on-site roster, events while the period is underway)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone

from netcare.assurance.models import ChangeAssurance, CriticalPeriod, EventLog, RosterEntry
from netcare.core.access import recorded_user, require, roles_for
from netcare.core.services import save_validated
from netcare.customers.models import STAFF_ROLES, Role

if TYPE_CHECKING:
    from netcare.core.access import Actor

#: When a roster may still be set, and when events are logged, per kind.
ROSTER_STATES = {
    ChangeAssurance: {"approved", "scheduled", "in_progress"},
    CriticalPeriod: {"preparing", "underway"},
}
EVENT_STATES = {ChangeAssurance: {"in_progress"}, CriticalPeriod: {"underway", "follow_up"}}
MANAGER = {ChangeAssurance: "manage_changes", CriticalPeriod: "manage_periods"}


def _link(engagement: Any) -> dict[str, Any]:
    return (
        {"change": engagement}
        if isinstance(engagement, ChangeAssurance)
        else {"period": engagement}
    )


def roster_of(engagement: Any) -> QuerySet[RosterEntry]:
    return RosterEntry.objects.filter(**_link(engagement)).select_related("person")


def events_of(engagement: Any) -> QuerySet[EventLog]:
    return EventLog.objects.filter(**_link(engagement)).select_related("author")


def do_add_roster_entry(
    engagement: ChangeAssurance | CriticalPeriod,
    *,
    person: Any,
    mode: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    actor: Actor,
    duty: str = "",
    hours_onsite: Decimal | None = None,
    hours_travel: Decimal | None = None,
) -> RosterEntry:
    """Put someone of the vendor's staff for this customer (or a reviewer of it) on the
    roster, remote or on site, for a stretch that overlaps the engagement's window."""
    kind = type(engagement)
    require(actor, MANAGER[kind], engagement.customer_id)
    if engagement.state not in ROSTER_STATES[kind]:
        raise ValidationError(
            {
                "roster": f"the roster is set while {', '.join(sorted(ROSTER_STATES[kind]))}; "
                f"this is {engagement.state}"
            }
        )
    if not roles_for(person, engagement.customer_id) & (STAFF_ROLES | {Role.REVIEWER}):
        raise ValidationError({"person": f"{person} is not the vendor's staff for this customer"})
    if mode not in RosterEntry.Mode.values:
        raise ValidationError({"mode": f"unknown mode {mode!r}; use remote or onsite"})
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": "the roster entry ends before it starts"})
    if (
        engagement.starts_at
        and engagement.ends_at
        and not (starts_at < engagement.ends_at and ends_at > engagement.starts_at)
    ):
        raise ValidationError({"starts_at": "the roster entry lies outside the window"})
    if mode == RosterEntry.Mode.REMOTE and (hours_onsite or hours_travel):
        raise ValidationError({"hours_onsite": "hours on site apply to on-site entries only"})
    for name, hours in (("hours_onsite", hours_onsite), ("hours_travel", hours_travel)):
        if hours is not None and hours < 0:
            raise ValidationError({name: "hours cannot be negative"})
    return save_validated(
        RosterEntry(customer_id=engagement.customer_id, person=person, **_link(engagement)),
        actor=actor,
        mode=mode,
        starts_at=starts_at,
        ends_at=ends_at,
        duty=duty.strip(),
        hours_onsite=hours_onsite,
        hours_travel=hours_travel,
    )


def do_log_event(
    engagement: ChangeAssurance | CriticalPeriod,
    text: str,
    *,
    actor: Actor,
    at: dt.datetime | None = None,
) -> EventLog:
    """Log what happened (time, text, who) while the change runs or the period is on."""
    kind = type(engagement)
    require(actor, "log_assurance", engagement.customer_id)
    if engagement.state not in EVENT_STATES[kind]:
        raise ValidationError(
            {
                "text": f"events are logged while {', '.join(sorted(EVENT_STATES[kind]))}; "
                f"this is {engagement.state}"
            }
        )
    if not text.strip():
        raise ValidationError({"text": "say what happened"})
    return save_validated(
        EventLog(customer_id=engagement.customer_id, **_link(engagement)),
        actor=actor,
        at=at or timezone.now(),
        text=text.strip(),
        author=recorded_user(actor),
    )
