"""Calendars of obligations: the month grid of the pages and each person's .ics feed."""

from __future__ import annotations

import calendar as month_calendar
import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from netcare.core.links import absolute
from netcare.delivery import ics
from netcare.delivery.models import CalendarFeed, Obligation
from netcare.delivery.services.obligations import held_by, is_customer_user, obligations_for

if TYPE_CHECKING:
    from netcare.core.access import Actor


def feed_for(user: Any) -> CalendarFeed:
    """The user's feed, created with a fresh secret the first time."""
    feed, _ = CalendarFeed.objects.get_or_create(user=user)
    return feed


@transaction.atomic
def do_reset_feed(user: Any, *, actor: Actor) -> CalendarFeed:
    """Give the user's feed a new secret; every copy of the old address stops working."""
    from django.core.exceptions import PermissionDenied

    if actor is None or actor.pk != user.pk:
        raise PermissionDenied("people reset their own calendar address")
    feed = feed_for(user)
    feed.reset()
    feed.save(update_fields=["token", "created"])
    return feed


def feed_obligations(user: Any) -> Any:
    """What a person's feed shows: the obligations they answer for, open and done; for a
    customer user, their customer's plan as far as it was released to them."""
    found = obligations_for(user)
    if is_customer_user(user):
        return found
    return found.filter(held_by(user))


def feed_text(feed: CalendarFeed, *, now: dt.datetime | None = None) -> str:
    """The feed as iCalendar text, titles in the person's notification language."""
    from django.urls import reverse

    from netcare.notifications.services import preference_for

    user = feed.user
    english = preference_for(user).language == "en"
    events = []
    for obligation in feed_obligations(user):
        title = obligation.title_en if english else obligation.title_zh
        customer = obligation.customer
        name = customer.name_en if english and customer.name_en else customer.name_zh
        state = obligation.get_state_display() if english else _STATE_ZH[obligation.state]
        events.append(
            ics.Event(
                uid=f"obligation-{obligation.pk}@netcare",
                day=obligation.due,
                summary=f"[{customer.code}] {title}",
                description=f"{name} · {obligation.plan.contract.number} · {state}",
                url=absolute(reverse("delivery:obligation_detail", kwargs={"pk": obligation.pk})),
                status="CANCELLED" if obligation.state == Obligation.State.WAIVED else "CONFIRMED",
                categories=(obligation.kind,),
            )
        )
    moment = now or timezone.now()
    CalendarFeed.objects.filter(pk=feed.pk).update(last_fetched=moment)
    label = "NetCare obligations" if english else "NetCare 服务计划"
    return ics.calendar(events, name=f"{label} · {user.get_username()}", stamp=moment)


_STATE_ZH = {"open": "待完成", "done": "已完成", "waived": "已豁免"}


@dataclass(frozen=True)
class Day:
    day: dt.date
    in_month: bool
    obligations: list[Obligation]
    #: Engagements on that day (a change window, a visit, a workshop): (title, link).
    entries: tuple[tuple[str, str], ...] = ()


def month_grid(obligations: Any, year: int, month: int) -> list[list[Day]]:
    """Weeks (Monday first) of a month with each day's obligations, for the page."""
    weeks = month_calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    start, end = weeks[0][0], weeks[-1][-1]
    by_day: dict[dt.date, list[Obligation]] = {}
    for obligation in obligations.filter(due__gte=start, due__lte=end):
        by_day.setdefault(obligation.due, []).append(obligation)
    return [[Day(d, d.month == month, by_day.get(d, [])) for d in week] for week in weeks]
