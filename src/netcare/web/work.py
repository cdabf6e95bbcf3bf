"""The work queue: what a member of the vendor's team should do next, gathered from
every app, each item one click from where it is done.

Each app that has work to show defines ``pages.work_items(user) -> list[WorkItem]``
(listed in ``WORK_APPS``) and, if it delivers planned work, ``pages.obligation_link(
obligation) -> str | None`` — the page where that obligation is delivered (run the
inspection, push the package, open the quarter's review). Items are read through the
access rule like everything else; an app never sees another's models here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from importlib import import_module
from types import ModuleType
from typing import Any

from django.utils.translation import gettext_lazy as _

#: Apps with work to show, in the order their groups appear when equally urgent.
WORK_APPS = [
    "delivery",
    "assurance",
    "problems",
    "lifecycle",
    "inspection",
    "care",
    "satisfaction",
    "knowledge",
    "guides",
    "onsite",
    "consulting",
]

#: Groups of the queue, most urgent first: (key, heading).
GROUPS: list[tuple[str, Any]] = [
    ("overdue", _("Overdue")),
    ("due", _("Due in the next 7 days")),
    ("requests", _("Open requests")),
    ("reviews", _("Awaiting your review")),
    ("tickets", _("Important tickets awaiting today's report")),
    ("exposures", _("New exposures")),
    ("care", _("Care touches due")),
    ("surveys", _("Surveys returned")),
    ("engagements", _("Engagements in progress")),
    ("other", _("Other work")),
]


@dataclass(frozen=True)
class WorkItem:
    """One thing to do: where, for whom, by when, and the page where it is done."""

    group: str
    title: str
    customer: str
    link: str
    when: dt.date | dt.datetime | None = None
    detail: str = ""

    @property
    def day(self) -> dt.date | None:
        return self.when.date() if isinstance(self.when, dt.datetime) else self.when


def _module(app: str) -> ModuleType | None:
    try:
        return import_module(f"netcare.{app}.pages")
    except ModuleNotFoundError as exc:
        if exc.name != f"netcare.{app}.pages":
            raise
        return None


def work_for(user: Any) -> list[tuple[str, Any, list[WorkItem]]]:
    """The user's queue as (group key, heading, items) for the groups that hold any."""
    items: list[WorkItem] = []
    for app in WORK_APPS:
        module = _module(app)
        builder = getattr(module, "work_items", None) if module else None
        if builder is not None:
            items.extend(builder(user))
    queue = []
    for key, heading in GROUPS:
        found = [i for i in items if i.group == key]
        found.sort(key=lambda i: (i.day or dt.date.max, i.customer, i.title))
        if found:
            queue.append((key, heading, found))
    known = {key for key, _heading in GROUPS}
    stray = [i for i in items if i.group not in known]
    if stray:
        queue.append(("other", dict(GROUPS)["other"], stray))
    return queue


def obligation_link(obligation: Any) -> str:
    """Where an obligation is delivered: the first app that knows its kind, else the
    obligation's own page (a record can always be published from there)."""
    from django.urls import reverse

    for app in WORK_APPS:
        module = _module(app)
        finder = getattr(module, "obligation_link", None) if module else None
        link = finder(obligation) if finder is not None else None
        if link:
            return str(link)
    return reverse("delivery:obligation_detail", kwargs={"pk": obligation.pk})
