"""Daily progress reports (问题处理日报) of important tickets, until they close.

On each working day of the customer's calendar (its country's holidays and adjusted
working weekends), the schedule drafts one report per important open ticket from the
ticket's latest progress — at most one per ticket and day, so a re-run writes nothing
new. The expert reviews and sends it: e-mail to the customer's users and a published
deliverable. A working day that ends with its report unsent is a missed day: it shows
on the expert's work list and the RAM is told once. Closure is seen from the next
import or push, and drafting stops with it.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from netcare.core.access import customer_users, recorded_user, require
from netcare.core.audit import acting_as
from netcare.core.people import display_name
from netcare.core.services import save_validated
from netcare.customers.models import Membership, Role
from netcare.delivery.models import Deliverable
from netcare.delivery.services import do_attach_file, do_create_deliverable, do_publish
from netcare.delivery.services.plans import calendar_for
from netcare.problems.models import DailyReport, ProgressEntry, Ticket

if TYPE_CHECKING:
    from netcare.core.access import Actor

__all__ = ["do_send_daily_report", "draft_daily_reports", "missed_reports", "tell_missed"]

LANGUAGES = ("zh", "en")


def _open_important() -> Any:
    return (
        Ticket.objects.filter(important=True)
        .exclude(status__in=["resolved", "closed"])
        .select_related("customer")
    )


def draft_daily_reports(on: dt.date | None = None) -> list[DailyReport]:
    """Draft today's report for every important open ticket whose customer works today;
    idempotent (one report per ticket and day). Returns the drafts written now."""
    day = on or timezone.localdate()
    written: list[DailyReport] = []
    calendars: dict[int, Any] = {}
    for ticket in _open_important():
        calendar = calendars.setdefault(ticket.customer_id, calendar_for(ticket.customer))
        if not calendar.is_working_day(day):
            continue
        if DailyReport.objects.filter(ticket=ticket, day=day).exists():
            continue
        written.append(_draft(ticket, day, calendar))
    return written


def _draft(ticket: Ticket, day: dt.date, calendar: Any) -> DailyReport:
    """A draft from the progress logged since the previous working day began."""
    zone = timezone.get_current_timezone()
    since = dt.datetime.combine(
        calendar.previous_working_day(day - dt.timedelta(days=1)), dt.time(), zone
    )
    entries = list(
        ProgressEntry.objects.filter(ticket=ticket, at__gte=since).order_by("at")
    ) or list(ProgressEntry.objects.filter(ticket=ticket).order_by("-at")[:1])
    latest = entries[-1].text if entries else ""
    escalation = ticket.escalations.order_by("-escalated_at").first()
    previous = DailyReport.objects.filter(ticket=ticket, day__lt=day).order_by("-day").first()
    report = DailyReport(
        customer=ticket.customer,
        ticket=ticket,
        day=day,
        impact=previous.impact if previous else ticket.description[:2000],
        since_yesterday=[
            {"at": e.at.isoformat(), "author": e.author, "text": e.text} for e in entries
        ],
        current_status=f"{ticket.get_status_display()} — {latest}"[:4000] if latest else "",
        next_steps=previous.next_steps if previous else "",
        expected=previous.expected if previous else "",
        resources=escalation.resources if escalation else "",
        contact=previous.contact if previous else ticket.owner,
    )
    with acting_as(None):
        report.save()
    return report


def missed_reports(on: dt.date | None = None) -> list[DailyReport]:
    """Reports of earlier working days still unsent: the expert's work list shows them."""
    day = on or timezone.localdate()
    return list(
        DailyReport.objects.filter(state=DailyReport.State.DRAFT, day__lt=day)
        .select_related("ticket", "customer")
        .order_by("day")
    )


def tell_missed(on: dt.date | None = None) -> int:
    """Tell the RAM once of each missed daily report; the number told now."""
    from netcare.notifications.services import notify

    told = 0
    for report in missed_reports(on):
        if report.missed_told:
            continue
        leads = Membership.objects.filter(
            customer_id=report.customer_id, role=Role.L2_EXPERT
        ).select_related("user")
        notify(
            [m.user for m in leads],
            "daily_report_missed",
            {"report": report, "ticket": report.ticket},
            key=f"daily_report:{report.pk}:missed",
            customer=report.customer,
            link=reverse("problems:daily_detail", kwargs={"pk": report.pk}),
        )
        DailyReport.objects.filter(pk=report.pk).update(missed_told=True)
        told += 1
    return told


@transaction.atomic
def do_send_daily_report(report: DailyReport, *, actor: Actor, **changes: Any) -> DailyReport:
    """The expert's reviewed report: saved with the edits, rendered (docx + pdf, zh and
    en), published as a deliverable of the problem-management item and e-mailed to the
    customer's users. Sending twice is refused."""
    from netcare.problems import reports
    from netcare.problems.services.records import daily_record

    require(actor, "send_daily_reports", report.customer_id)
    if report.state == DailyReport.State.SENT:
        raise ValidationError({"state": "this daily report was already sent"})
    allowed = {"impact", "current_status", "next_steps", "expected", "resources", "contact"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError({"fields": f"not editable: {', '.join(sorted(unknown))}"})
    save_validated(report, actor=actor, **changes)
    ticket = report.ticket
    deliverable = do_create_deliverable(
        report.customer,
        item="problem_management",
        title=f"问题处理日报 · {ticket.number} · {report.day:%Y-%m-%d}",
        title_en=f"Daily progress report · {ticket.number} · {report.day:%Y-%m-%d}",
        kind=Deliverable.Kind.REPORT,
        report_type="daily_report",
        period_start=report.day,
        period_end=report.day,
        actor=actor,
    )
    author = display_name(actor) or "NetCare"
    stem = f"{report.customer.code}-daily-{ticket.number}-{report.day:%Y%m%d}"
    mails: dict[str, tuple[str, str]] = {}
    with tempfile.TemporaryDirectory(prefix="netcare-daily-") as tmp:
        for language in LANGUAGES:
            record = daily_record(report, language, author=author)
            for fmt in ("docx", "pdf"):
                path = Path(tmp) / f"{stem}-{language}.{fmt}"
                reports.write_daily_report(record, path, language)
                do_attach_file(deliverable, path, fmt=fmt, language=language, actor=actor)
            mails[language] = reports.daily_report_email(record, language)
    do_publish(deliverable, actor=actor)
    save_validated(
        report,
        actor=actor,
        deliverable=deliverable,
        state=DailyReport.State.SENT,
        sent_at=timezone.now(),
        sent_by=recorded_user(actor),
    )
    from netcare.notifications.services import preferences_for

    people = [p for p in customer_users(report.customer) if p.email]
    chosen = preferences_for(people)
    for person in people:
        preference = chosen.get(person.pk)
        subject, body = mails["en" if preference and preference.language == "en" else "zh"]
        send_mail(subject, body, None, [person.email], fail_silently=True)
    return report
