"""Read models for the problem-management pages.

Tickets and their progress are the customer's own (its users raised them); reviews and
daily reports reach its users once published or sent (``visible_to`` decides). Imports,
column mappings, escalations, the analysis form, the review's gate and agreement, and
drafts are the vendor's working material: only staff contexts carry them. Statistics,
trend and recurrences come from ``services.records``, the functions the report uses,
so the page shows the numbers the customer will read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from netcare.core import access
from netcare.core.i18n import current_language
from netcare.core.people import display_name
from netcare.customers.models import Customer
from netcare.problems import summary
from netcare.problems.analysis.stats import quarter_bounds
from netcare.problems.forms import (
    AgreementForm,
    AnalysisForm,
    DailyEditForm,
    EscalateForm,
    ImportForm,
    MappingForm,
    OpenReviewForm,
    quarter_choices,
)
from netcare.problems.models import (
    ColumnMapping,
    DailyReport,
    Escalation,
    ProblemReview,
    ProgressEntry,
    RootCause,
    Severity,
    Ticket,
    TicketImport,
)
from netcare.problems.services import daily, records, reviews
from netcare.reports.engine import Chart, Series
from netcare.reports.wording import pick
from netcare.web import lists
from netcare.web.work import WorkItem

LIST_SIZE = 50


def _search(found: QuerySet[Ticket], text: str) -> QuerySet[Ticket]:
    return found.filter(Q(number__icontains=text) | Q(title__icontains=text))


def _root_cause(found: QuerySet[Ticket], value: str) -> QuerySet[Ticket]:
    return found.filter(root_cause="" if value == "none" else value)


def _quarter(found: QuerySet[Ticket], value: str) -> QuerySet[Ticket]:
    try:
        start, end = quarter_bounds(value, str(timezone.get_current_timezone()))
    except ValueError:
        return found
    return found.filter(opened__gte=start, opened__lt=end)


def ticket_spec(customer: Customer, may_import: bool) -> lists.ListSpec:
    """The ticket list's filters, sortable columns and export."""
    root_causes = [("none", _("not determined yet")), *RootCause.choices]
    return lists.ListSpec(
        name="tickets",
        title=_("Tickets"),
        form_id="ticket-filter",
        owner=customer.code,
        default_sort="-opened",
        filters=(
            lists.Filter(
                "q", _("Search"), kind="text", apply=_search, placeholder=_("number or title")
            ),
            lists.Filter("status", _("Status"), Ticket.Status.choices),
            lists.Filter("severity", _("Severity"), Severity.choices),
            lists.Filter(
                "important",
                _("Important"),
                lists.yes_no(),
                apply=lambda found, value: found.filter(important=value == "yes"),
            ),
            lists.Filter("quarter", _("Opened in"), quarter_choices(), apply=_quarter),
            lists.Filter("root_cause", _("Root cause"), root_causes, apply=_root_cause),
        ),
        columns=(
            lists.Column("number", _("Ticket number"), ("number",), lambda t: t.number),
            lists.Column("title", _("Title"), ("title",), lambda t: t.title),
            lists.Column(
                "severity", _("Severity"), ("severity_rank",), lambda t: t.get_severity_display()
            ),
            lists.Column("status", _("Status"), ("status",), lambda t: t.get_status_display()),
            lists.Column("device", _("Device"), ("hostname",), lambda t: t.hostname),
            lists.Column("opened", _("Opened"), ("opened",), lambda t: t.opened),
            lists.Column("closed", _("Closed"), ("closed",), lambda t: t.closed),
            lists.Column(
                "root_cause", _("Root cause"), ("root_cause",), lambda t: t.get_root_cause_display()
            ),
            lists.Column(
                "important",
                _("Important"),
                ("important",),
                lambda t: _("yes") if t.important else "",
            ),
        ),
        empty=_("No tickets yet"),
        next_step=_("import an export of the support system") if may_import else "",
        next_url="#import" if may_import else "",
    )


def ticket_list(customer: Customer, user: Any, query: Mapping[str, str]) -> dict[str, Any]:
    """The customer's tickets, filtered, sorted and paged, newest first; for its staff
    the import form, the saved column mappings and the latest imports."""
    visible = Ticket.objects.visible_to(user).filter(customer=customer)
    found = visible.annotate(severity_rank=lists.rank("severity", Severity.values))
    staff = access.is_staff_for(user, customer)
    may_import = access.may(user, "import_tickets", customer)
    spec = ticket_spec(customer, staff and may_import)
    listing = lists.list_page(query, found.order_by("-opened", "number"), spec)
    context: dict[str, Any] = {
        "customer": customer,
        "listing": listing,
        "page": listing.page,
        "tickets": listing.rows,
        "staff": staff,
        "may_import": may_import,
        "may_request": access.may(user, "request_importance", customer) and not staff,
        "by_quarter": None if listing.exporting else tickets_by_quarter(visible),
    }
    if staff and not listing.exporting:
        imports = TicketImport.objects.visible_to(user).filter(customer=customer)
        context.update(
            import_form=ImportForm(),
            mapping_form=MappingForm(),
            mappings=list(ColumnMapping.objects.visible_to(user).order_by("name")),
            imports=list(imports.select_related("created_by").order_by("-created", "-id")[:10]),
        )
    return context


def outcome_rows(outcome: Any) -> dict[str, Any]:
    """An import's (or dry run's) outcome as the page lists it: the new tickets, the
    changed ones with their fields, those closed since, and the counts."""
    return {
        "counts": outcome.counts(),
        "created": outcome.created,
        "updated": sorted(outcome.updated.items()),
        "closed": outcome.closed_now,
        "dry_run": outcome.dry_run,
    }


def _links(ticket: Ticket) -> list[dict[str, Any]]:
    """The finding, advisory and hardening step the expert linked, as page links."""
    from django.urls import reverse

    found: list[dict[str, Any]] = []
    if ticket.finding is not None:
        url = reverse("inspection:run_detail", kwargs={"pk": ticket.finding.run_id})
        label = f"{ticket.finding.rule_id} {ticket.finding.subject}".strip()
        found.append({"kind": "finding", "label": label, "url": url})
    if ticket.advisory is not None:
        url = reverse("lifecycle:advisory_detail", kwargs={"pk": ticket.advisory_id})
        found.append({"kind": "advisory", "label": ticket.advisory.key, "url": url})
    if ticket.hardening_step is not None:
        url = reverse("inspection:plan_detail", kwargs={"pk": ticket.hardening_step.plan_id})
        found.append({"kind": "hardening_step", "label": str(ticket.hardening_step), "url": url})
    return found


def ticket_detail(ticket: Ticket, user: Any) -> dict[str, Any]:
    """A ticket with its progress timeline and the daily reports the viewer may see; for
    staff the analysis form with its links, importance and escalations."""
    staff = access.is_staff_for(user, ticket.customer_id)
    progress = ProgressEntry.objects.visible_to(user).filter(ticket=ticket).order_by("at", "id")
    reports = (
        DailyReport.objects.visible_to(user).filter(ticket=ticket).order_by("-day")[:LIST_SIZE]
    )
    context: dict[str, Any] = {
        "customer": ticket.customer,
        "ticket": ticket,
        "progress": list(progress),
        "daily_reports": list(reports),
        "staff": staff,
        "may_request": access.may(user, "request_importance", ticket.customer_id)
        and not staff
        and not ticket.important
        and not ticket.importance_requested
        and not ticket.is_closed,
    }
    if staff:
        escalations = Escalation.objects.visible_to(user).filter(ticket=ticket)
        context.update(
            links=_links(ticket),
            escalations=list(escalations.select_related("created_by").order_by("escalated_at")),
            analysis_form=AnalysisForm(ticket, user),
            escalate_form=EscalateForm(),
            may_analyse=access.may(user, "analyse_tickets", ticket.customer_id),
            may_decide=access.may(user, "mark_important", ticket.customer_id),
        )
    return context


def review_list(customer: Customer, user: Any) -> dict[str, Any]:
    """The customer's quarterly reviews (its users: the published ones) with how many
    tickets each covers; for staff the form that opens a quarter."""
    found = (
        ProblemReview.objects.visible_to(user)
        .filter(customer=customer)
        .select_related("deliverable", "created_by")
        .order_by("-quarter")
    )
    rows = list(found[:LIST_SIZE])
    for review in rows:
        review.in_scope = 0
    if rows:
        # One query for every review's count: a ticket belongs to the review whose
        # period holds its opening time.
        conditions = {
            f"r{r.pk}": Count("pk", filter=Q(opened__gte=r.period_start, opened__lt=r.period_end))
            for r in rows
        }
        counts = Ticket.objects.filter(customer=customer).aggregate(**conditions)
        for review in rows:
            review.in_scope = counts[f"r{review.pk}"]
    staff = access.is_staff_for(user, customer)
    return {
        "customer": customer,
        "reviews": rows,
        "staff": staff,
        "open_form": OpenReviewForm(initial={"quarter": quarter_choices()[0][0]}),
        "quarters": quarter_choices(),
        "may_open": staff and access.may(user, "review_problems", customer),
    }


def _named(counts: Mapping[str, int], names: Mapping[str, Any], language: str) -> list[Any]:
    return [(summary.say(names[k], language) if k in names else k, n) for k, n in counts.items()]


def _stats(block: summary.StatsBlock, language: str) -> dict[str, Any]:
    """A statistics block with its keys in the viewer's words."""
    return {
        "block": block,
        "by_severity": _named(block.by_severity, summary.SEVERITY_NAMES, language),
        "by_status": _named(block.by_status, summary.STATUS_NAMES, language),
        "by_root_cause": _named(block.by_root_cause, summary.ROOT_CAUSE_NAMES, language),
        "by_product": list(block.by_product.items()),
        "by_category": list(block.by_category.items()),
    }


def review_detail(review: ProblemReview, user: Any) -> dict[str, Any]:
    """The quarter's review as its report will read: scope tickets, those carried over,
    the statistics with the trend of earlier quarters, recurrences with what to do, and
    the maintenance advice; for staff the missing-analysis gate, the scope agreements
    with the form to record one, and publishing."""
    language = current_language()
    record = records.review_record(review, language, author=display_name(user) or "NetCare")
    staff = access.is_staff_for(user, review.customer_id)
    scope = reviews.scope_tickets(review).order_by("opened", "number")
    carried = reviews.carried_tickets(review).order_by("opened", "number")
    missing = reviews.missing_analysis(review) if staff else []
    trend = [(quarter, _stats(block, language)) for quarter, block in record.trend]
    advice = list(record.advice) or summary.derive_advice(record.recurrences, record.closed)
    context: dict[str, Any] = {
        "customer": review.customer,
        "review": review,
        "record": record,
        "scope": list(scope),
        "carried": list(carried),
        "stats": _stats(record.stats, language),
        "trend": trend,
        "recurrences": [
            {
                "row": row,
                "kind": summary.say(
                    summary.RECURRENCE_KIND_NAMES.get(row.kind, row.kind), language
                ),
                "recommendation": summary.say(row.recommendation, language),
                "cause": summary.say(row.common_cause, language),
            }
            for row in record.recurrences
        ],
        "advice": [summary.say(line, language) for line in advice],
        "staff": staff,
        "missing": missing,
        "last_day": review.period_end - dt.timedelta(seconds=1),
    }
    if staff:
        agreements = review.agreements.select_related("expert", "field_engineer")
        context.update(
            agreements=list(agreements),
            agreement_form=AgreementForm(review, user),
            may_agree=access.may(user, "review_problems", review.customer_id),
            may_publish=access.may(user, "publish_deliverables", review.customer_id),
        )
    return context


def daily_list(customer: Customer, user: Any) -> dict[str, Any]:
    """For staff, today's drafts and the missed days (earlier drafts never sent) as a
    work list; for everyone, the reports sent."""
    today = timezone.localdate()
    visible = DailyReport.objects.visible_to(user).filter(customer=customer)
    sent = (
        visible.filter(state=DailyReport.State.SENT)
        .select_related("ticket", "sent_by")
        .order_by("-day", "ticket__number")
    )
    staff = access.is_staff_for(user, customer)
    context: dict[str, Any] = {
        "customer": customer,
        "today": today,
        "sent": list(sent[:LIST_SIZE]),
        "staff": staff,
    }
    if staff:
        drafts = visible.filter(state=DailyReport.State.DRAFT, day=today).select_related("ticket")
        context.update(
            drafts=list(drafts.order_by("ticket__number")),
            missed=[r for r in daily.missed_reports(today) if r.customer_id == customer.pk],
            may_send=access.may(user, "send_daily_reports", customer),
        )
    return context


def daily_detail(report: DailyReport, user: Any) -> dict[str, Any]:
    """A daily report: what happened since the last one, and its sections; a draft comes
    with the form to edit and send it (staff)."""
    staff = access.is_staff_for(user, report.customer_id)
    draft = report.state == DailyReport.State.DRAFT
    context: dict[str, Any] = {
        "customer": report.customer,
        "report": report,
        "ticket": report.ticket,
        "entries": [
            {**entry, "at": dt.datetime.fromisoformat(entry["at"])}
            for entry in report.since_yesterday or []
            if isinstance(entry, dict) and entry.get("at")
        ],
        "staff": staff,
        "missed": draft and report.day < timezone.localdate(),
    }
    if staff and draft:
        fields = ("impact", "current_status", "next_steps", "expected", "resources", "contact")
        context.update(
            form=DailyEditForm(initial={name: getattr(report, name) for name in fields}),
            may_send=access.may(user, "send_daily_reports", report.customer_id),
        )
    return context


def work_items(user: Any) -> list[WorkItem]:
    """Today's daily progress reports still in draft, for those who send them."""
    from django.urls import reverse

    senders = access.customer_ids(user, {"l2_expert", "asm"})
    if not senders:
        return []
    drafts = (
        DailyReport.objects.visible_to(user)
        .filter(
            customer_id__in=sorted(senders),
            state=DailyReport.State.DRAFT,
            day=timezone.localdate(),
        )
        .select_related("customer", "ticket")
    )
    return [
        WorkItem(
            "tickets",
            f"{d.ticket.number} {d.ticket.title}",
            d.customer.code,
            reverse("problems:daily_detail", kwargs={"pk": d.pk}),
            d.day,
            d.ticket.get_severity_display(),
        )
        for d in drafts
    ]


def obligation_link(obligation: Any) -> str | None:
    """A quarter's problem review is opened and published from the customer's reviews."""
    from django.urls import reverse

    if obligation.kind == "problem_review":
        return reverse("problems:review_list", kwargs={"code": obligation.customer.code})
    return None


def tickets_by_quarter(tickets: QuerySet[Ticket], quarters: int = 8) -> Chart | None:
    """Tickets opened per quarter by severity (the last ``quarters`` with any), stacked."""
    from django.db.models.functions import TruncQuarter

    rows = (
        tickets.annotate(quarter=TruncQuarter("opened"))
        .values("quarter", "severity")
        .annotate(n=Count("id"))
        .order_by("quarter")
    )
    counts: dict[str, dict[str, int]] = {}
    for row in rows:
        start = row["quarter"]
        label = f"{start:%Y}Q{(start.month - 1) // 3 + 1}"
        counts.setdefault(label, {})[row["severity"]] = row["n"]
    labels = sorted(counts)[-quarters:]
    if not labels:
        return None
    lang = current_language()
    names = dict(Severity.choices)
    series = [
        Series(str(names.get(s, s)), [float(counts[q].get(s, 0)) for q in labels])
        for s in Severity.values
        if any(counts[q].get(s) for q in labels)
    ]
    total = sum(sum(counts[q].values()) for q in labels)
    return Chart(
        kind="stacked_bar",
        categories=labels,
        series=series,
        caption=pick(lang, "各季度问题单（按严重程度）", "Tickets per quarter by severity"),
        reading=pick(
            lang,
            f"{labels[0]}–{labels[-1]} 共受理 {total} 张问题单。",
            f"{total} tickets opened from {labels[0]} to {labels[-1]}.",
        ),
    )


def overview_panel(customer: Customer, user: Any) -> dict[str, Any]:
    """Tickets on the customer page: open ones (important first) and the quarterly chart."""
    found = Ticket.objects.visible_to(user).filter(customer=customer)
    done = (Ticket.Status.RESOLVED, Ticket.Status.CLOSED)
    open_tickets = found.exclude(status__in=done).order_by("-important", "-opened")
    return {
        "template": "problems/_overview_panel.html",
        "customer": customer,
        "open": list(open_tickets[:5]),
        "open_count": open_tickets.count(),
        "chart": tickets_by_quarter(found),
    }
