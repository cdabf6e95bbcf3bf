"""The records the reports are written from, in one language, built from the rows."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from netcare.assurance import summary
from netcare.assurance.models import (
    ChangeAssurance,
    CriticalPeriod,
    Phase,
    Review,
    RosterEntry,
    Speciality,
)
from netcare.assurance.services import periods
from netcare.assurance.services.reviews import decisions
from netcare.assurance.services.rosters import events_of, roster_of
from netcare.core.people import display_name
from netcare.reports.wording import pick

if TYPE_CHECKING:
    from netcare.core.access import Actor
    from netcare.delivery.models import Deliverable

LANGUAGES = ("zh", "en")

SPECIALITY = {
    Speciality.PRODUCT: ("产品技术支持专家", "product support expert"),
    Speciality.INDUSTRY: ("行业专家", "industry expert"),
    Speciality.RND: ("研发", "R&D"),
}
DECISION = {
    "": ("待审核", "pending"),
    "approve": ("通过", "approved"),
    "approve_with_conditions": ("有条件通过", "approved with conditions"),
    "reject": ("不通过", "rejected"),
}
MODE = {"remote": ("远程", "remote"), "onsite": ("现场", "on site")}
OUTCOME = {
    "success": ("成功", "success"),
    "rolled_back": ("已回退", "rolled back"),
    "partial": ("部分完成", "partially done"),
    "": ("—", "—"),
}
PHASE = {"before": ("事前", "before"), "during": ("事中", "during"), "after": ("事后", "after")}


def _when(value: Any) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else "—"


def _window(start: Any, end: Any, language: str) -> str:
    return pick(language, f"{_when(start)} 至 {_when(end)}", f"{_when(start)} to {_when(end)}")


def _roster(
    entries: list[RosterEntry], language: str, *, days: bool = False
) -> list[summary.RosterRow]:
    return [
        summary.RosterRow(
            display_name(e.person),
            pick(language, *MODE[e.mode]),
            _when(e.starts_at),
            _when(e.ends_at),
            e.duty,
            str(periods.person_days(e)) if days and e.mode == "onsite" else "",
        )
        for e in entries
    ]


def _events(engagement: Any) -> list[summary.EventRow]:
    return [
        summary.EventRow(_when(e.at), e.text, display_name(e.author) or "—")
        for e in events_of(engagement)
    ]


def change_record(change: ChangeAssurance, language: str, *, author: str) -> summary.ChangeRecord:
    rows = list(change.reviews.select_related("reviewer").order_by("round", "id"))
    current = [r for r in rows if r.round == change.round]
    review_rows = [
        summary.ReviewRow(
            display_name(r.reviewer),
            pick(language, *SPECIALITY[Speciality(r.speciality)]),
            r.round,
            pick(language, *DECISION[r.decision]),
            r.conditions,
            r.comments,
            _when(r.decided_at),
        )
        for r in rows
    ]
    steps = [
        f"{s.device.hostname}: {s.rule_id} {s.subject} ({s.get_state_display()})".strip()
        for s in change.hardening_steps.select_related("device")
    ]
    return summary.ChangeRecord(
        customer=change.customer.name_zh
        if language == "zh"
        else (change.customer.name_en or change.customer.name_zh),
        title=change.title,
        purpose=change.purpose,
        window=_window(change.starts_at, change.ends_at, language),
        devices=[d.hostname for d in change.devices.order_by("hostname")],
        plan_name=change.plan_name,
        steps=change.steps,
        rollback=change.rollback,
        reviews=review_rows,
        conditions=summary.conditions(decisions(current)),
        roster=_roster(list(roster_of(change)), language),
        events=_events(change),
        outcome=pick(language, *OUTCOME[change.outcome]),
        verification=change.verification,
        follow_ups=change.follow_ups,
        hardening=steps,
        author=author,
        reviewer=", ".join(display_name(r.reviewer) for r in current if r.approves) or author,
        day=timezone.localdate(),
        request=change.request.title if change.request else "",
    )


def period_record(period: CriticalPeriod, language: str, *, author: str) -> summary.PeriodRecord:
    roster = list(roster_of(period))
    total = sum((periods.person_days(e) for e in roster), Decimal(0))
    checks = [
        summary.CheckRow(
            pick(language, *PHASE[i.phase]),
            i.text(language),
            i.done,
            display_name(i.done_by) or "—",
            _when(i.done_at),
            i.note,
        )
        for phase in Phase.values
        for i in period.items.filter(phase=phase).select_related("done_by")
    ]
    return summary.PeriodRecord(
        customer=period.customer.name_zh
        if language == "zh"
        else (period.customer.name_en or period.customer.name_zh),
        title=period.title,
        event=period.event,
        window=_window(period.starts_at, period.ends_at, language),
        sites=[s.name for s in period.sites.order_by("name")],
        devices=[d.hostname for d in period.devices.order_by("hostname")],
        checks=checks,
        roster=_roster(roster, language, days=True),
        events=_events(period),
        summary=period.summary,
        issues=period.issues,
        follow_ups=period.follow_ups,
        person_days=str(total),
        author=author,
        reviewer=display_name(period.owner) or author,
        day=timezone.localdate(),
    )


def record_deliverable(
    engagement: ChangeAssurance | CriticalPeriod,
    item: str,
    title: str,
    title_en: str,
    *,
    actor: Actor,
) -> Deliverable:
    """The deliverable a change's or a period's assurance record is published as: over
    the engagement's window, against the next open obligation of its service item."""
    from netcare.delivery.models import Deliverable
    from netcare.delivery.services import do_create_deliverable, next_open_obligation

    starts, ends = engagement.starts_at, engagement.ends_at
    return do_create_deliverable(
        engagement.customer,
        item=item,
        title=title,
        title_en=title_en,
        kind=Deliverable.Kind.REPORT,
        report_type=item,
        period_start=timezone.localdate(starts) if starts else None,
        period_end=timezone.localdate(ends) if ends else None,
        obligation=next_open_obligation(engagement.customer, item),
        actor=actor,
    )


def attach_record(
    deliverable: Deliverable,
    record_in: Callable[[str], Any],
    write: Callable[[Any, Path, str], Path],
    *,
    stem: str,
    actor: Actor,
) -> None:
    """Write the record in each language as Word and PDF and attach every file: the
    customer reads it in either language, and edits the Word copy if it must."""
    from netcare.delivery.services import do_attach_file

    with tempfile.TemporaryDirectory(prefix="netcare-assurance-") as tmp:
        for language in LANGUAGES:
            record = record_in(language)
            for fmt in ("docx", "pdf"):
                path = Path(tmp) / f"{stem}-{language}.{fmt}"
                write(record, path, language)
                do_attach_file(deliverable, path, fmt=fmt, language=language, actor=actor)


__all__ = ["Review", "attach_record", "change_record", "period_record", "record_deliverable"]
