"""The problem-management report's and the daily report's records, from the rows.

The statistics and recurrences come from the plain engines (``problems.analysis``) run
over the stored tickets, and fill the plain records of ``problems.summary`` that
``problems.reports`` renders; pages show the same numbers from the same functions.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone

from netcare.problems import summary
from netcare.problems.analysis import recurrence, stats
from netcare.problems.models import DailyReport, ProblemReview, Ticket, TicketImport
from netcare.problems.services.reviews import carried_tickets, scope_tickets

__all__ = ["daily_record", "recurrences_of", "review_record", "stats_block", "ticket_row"]

TZ = str(settings.TIME_ZONE)


def stats_block(found: stats.Stats) -> summary.StatsBlock:
    """The engine's statistics in the report's shape."""
    return summary.StatsBlock(
        total=found.total,
        by_severity=found.by_severity,
        by_product=found.by_product,
        by_category=found.by_category,
        by_root_cause=found.by_root_cause,
        by_status=found.by_status,
        resolved=found.resolve.count,
        resolve_hours_median=found.resolve.median,
        resolve_hours_p90=found.resolve.p90,
        resolve_hours_mean=found.resolve.mean,
        median_by_severity={
            s: r.median for s, r in found.resolve_by_severity.items() if r.median is not None
        },
    )


def _hours(ticket: Ticket) -> float | None:
    if ticket.closed is None:
        return None
    return round((ticket.closed - ticket.opened).total_seconds() / 3600, 1)


def ticket_row(ticket: Ticket) -> summary.TicketRow:
    """One ticket as the documents show it (its progress prefetched or queried)."""
    entries = list(ticket.progress.all())
    latest = entries[-1].text if entries else ""
    links = [
        text
        for text in (
            f"finding #{ticket.finding_id}" if ticket.finding_id else "",
            ticket.advisory.key if ticket.advisory_id and ticket.advisory else "",
            f"hardening step #{ticket.hardening_step_id}" if ticket.hardening_step_id else "",
        )
        if text
    ]
    daily = ticket.daily_reports.order_by("-day").first() if ticket.important else None
    return summary.TicketRow(
        number=ticket.number,
        title=ticket.title,
        severity=ticket.severity,
        status=ticket.status,
        product=ticket.product,
        model=ticket.model,
        hostname=ticket.hostname,
        category=ticket.category,
        opened=ticket.opened,
        closed=ticket.closed,
        hours_to_resolve=_hours(ticket),
        root_cause=ticket.root_cause,
        root_cause_text=ticket.root_cause_text,
        advice=ticket.advice,
        owner=ticket.owner,
        important=ticket.important,
        escalated=bool(list(ticket.escalations.all())),
        latest_progress=latest,
        next_step=daily.next_steps if daily else "",
        links=links,
    )


def _rows(tickets: Iterable[Ticket]) -> list[Ticket]:
    return list(
        Ticket.objects.filter(pk__in=[t.pk for t in tickets])
        .select_related("advisory")
        .prefetch_related("progress", "escalations")
        .order_by("opened", "number")
    )


def recurrences_of(customer_id: int) -> list[summary.RecurrenceRow]:
    """Recurring problems across every quarter of the customer's closed tickets."""
    found = recurrence.find_recurrences(
        Ticket.objects.filter(customer_id=customer_id, status__in=["resolved", "closed"]),
        tz=TZ,
    )
    return [
        summary.RecurrenceRow(
            kind=r.kind,
            key=r.key,
            tickets=r.tickets,
            first=r.first,
            last=r.last,
            recommendation=r.recommendation,
            common_cause=summary.ROOT_CAUSE_NAMES[r.root_cause] if r.root_cause else "",
        )
        for r in found
    ]


def review_record(
    review: ProblemReview, language: str, *, author: str = "NetCare"
) -> summary.ProblemReview:
    """The quarter's review: scope tickets, those carried over, statistics with the trend
    of the four quarters before, recurrences, escalations and the agreed scope."""
    customer = review.customer
    in_scope = _rows(scope_tickets(review))
    carried = _rows(carried_tickets(review))
    earlier = Ticket.objects.filter(
        customer=customer,
        opened__gte=review.period_start - timedelta(days=366),
        opened__lt=review.period_start,
    )
    trend = [
        (quarter, stats_block(block))
        for quarter, block in stats.by_quarter([*earlier, *in_scope], tz=TZ).items()
    ]
    agreement = review.agreements.select_related("expert", "field_engineer").last()
    scope = None
    if agreement is not None:
        from netcare.core.people import display_name

        scope = summary.ScopeNote(
            what=agreement.what,
            agreed_by=(
                f"{display_name(agreement.expert)}, {agreement.customer_party}, "
                f"{display_name(agreement.field_engineer)}"
            ),
            agreed_on=agreement.agreed_on,
        )
    escalations = [
        summary.EscalationRow(
            ticket=t.number,
            title=t.title,
            resources=e.resources,
            escalated_at=e.escalated_at,
            status=t.status,
            daily_reports=t.daily_reports.filter(state=DailyReport.State.SENT).count(),
        )
        for t in [*in_scope, *carried]
        for e in t.escalations.all()
    ]
    name = customer.name_en if language == "en" and customer.name_en else customer.name_zh
    zone = timezone.get_current_timezone()
    return summary.ProblemReview(
        customer_code=customer.code,
        customer_name=name,
        quarter=review.quarter,
        period_start=review.period_start.astimezone(zone).date(),
        period_end=(review.period_end - timedelta(seconds=1)).astimezone(zone).date(),
        author=author,
        reviewer="",
        generated=timezone.localdate(),
        stats=stats_block(stats.ticket_stats(in_scope)),
        closed=[ticket_row(t) for t in in_scope if t.is_closed],
        open=[ticket_row(t) for t in [*carried, *in_scope] if not t.is_closed],
        scope=scope,
        trend=trend[-5:],
        escalations=escalations,
        recurrences=recurrences_of(customer.pk),
        sources=[
            summary.DataSource(
                name=i.source,
                description=f"import #{i.pk}",
                as_of=i.created.date(),
                records=(i.counts or {}).get("created", 0) + (i.counts or {}).get("updated", 0),
            )
            for i in TicketImport.objects.filter(customer=customer, state="done").order_by(
                "-created"
            )[:5]
        ],
    )


def daily_record(report: DailyReport, language: str, *, author: str = "NetCare") -> Any:
    """The daily progress report's record, numbered among the ticket's reports."""
    ticket = _rows([report.ticket])[0]
    customer = report.customer
    name = customer.name_en if language == "en" and customer.name_en else customer.name_zh
    number = DailyReport.objects.filter(ticket=ticket, day__lte=report.day).count()
    return summary.DailyReport(
        customer_code=customer.code,
        customer_name=name,
        date=report.day,
        ticket=ticket_row(ticket),
        impact=report.impact,
        status=report.current_status,
        contact=summary.Contact(name=report.contact or author),
        author=author,
        progress=[
            summary.ProgressEntry(
                at=datetime.fromisoformat(e["at"]), author=e.get("author", ""), text=e["text"]
            )
            for e in report.since_yesterday
        ],
        next_steps=[
            summary.NextStep(action=line.strip(), owner="")
            for line in report.next_steps.splitlines()
            if line.strip()
        ],
        expected_resolution=report.expected,
        resources=[line for line in report.resources.splitlines() if line.strip()],
        number=number,
    )
