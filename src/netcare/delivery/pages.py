"""Read models for delivery pages and the customer-overview panel, through the access rule."""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from dataclasses import dataclass, replace
from typing import Any

from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from netcare.contracts.services import current_contract
from netcare.core import access
from netcare.core.people import display_name
from netcare.customers.models import Customer
from netcare.delivery.models import (
    ContactLog,
    Deliverable,
    ItemChoice,
    Obligation,
    ServicePlan,
    ServiceRequest,
)
from netcare.delivery.models.plans import Lead
from netcare.delivery.services import calendars, obligations, plans
from netcare.reports.engine import Chart, Series
from netcare.reports.wording import pick
from netcare.web import lists
from netcare.web.work import WorkItem


def deliverables_for(customer: Customer, user: Any) -> Any:
    """The customer's deliverables the user may see, newest first: by the day they were
    published (a draft by the day it was started), annotated as ``day``."""
    return (
        Deliverable.objects.visible_to(user)
        .filter(customer=customer)
        .annotate(day=Coalesce("published_at", "created"))
        .select_related("item", "published_by")
        .prefetch_related("files")
        .order_by("-day", "-id")
    )


#: The two groups of the deliverables page: reports, notices, packages and tables — the
#: documents a reader looks for — and the short contact and care records, of which a
#: customer gathers dozens a year.
GROUPS = ("documents", "records")


def quarter_bounds(label: str) -> tuple[dt.date, dt.date] | None:
    """First and last day of a calendar quarter written ``2026-Q1`` (None if malformed)."""
    year, _sep, quarter = label.upper().partition("-Q")
    if not (year.isdigit() and quarter in {"1", "2", "3", "4"}):
        return None
    first = dt.date(int(year), 3 * int(quarter) - 2, 1)
    from netcare.contracts.terms import add_months

    return first, add_months(first, 3) - dt.timedelta(days=1)


def _quarter_of(day: dt.date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def _in_quarter(found: Any, label: str) -> Any:
    bounds = quarter_bounds(label)
    if bounds is None:
        return found
    start, end = bounds
    return found.filter(day__gte=_at(start), day__lt=_at(end + dt.timedelta(days=1)))


def deliverable_spec(customer: Customer, user: Any) -> lists.ListSpec:
    """The deliverables page's filters — the service items and quarters of the
    deliverables the viewer sees, a period from/to — its columns and its export."""
    from netcare.contracts.models import ServiceItem

    mine = Deliverable.objects.visible_to(user).filter(customer=customer)
    items = [
        (item.code, f"{item.number}. {item.name}")
        for item in ServiceItem.objects.filter(pk__in=mine.values("item")).order_by("number")
    ]
    moments = mine.annotate(day=Coalesce("published_at", "created")).values_list("day", flat=True)
    quarters = sorted({_quarter_of(timezone.localdate(when)) for when in moments}, reverse=True)
    title = "title_en" if translation.get_language() == "en" else "title_zh"
    return lists.ListSpec(
        name="deliverables",
        title=_("Deliverables"),
        form_id="deliverable-filters",
        owner=customer.code,
        keep=("group",),
        default_sort="-published",
        filters=(
            lists.Filter("item", _("service item"), items, field="item__code"),
            lists.Filter(
                "start",
                _("from"),
                kind="date",
                apply=lambda found, day: found.filter(day__gte=_at(day)),
            ),
            lists.Filter(
                "end",
                _("to"),
                kind="date",
                apply=lambda found, day: found.filter(day__lt=_at(day + dt.timedelta(days=1))),
            ),
            lists.Filter("quarter", _("quarter"), [(q, q) for q in quarters], apply=_in_quarter),
        ),
        columns=(
            lists.Column("title", _("Title"), (title,), lambda d: d.title),
            lists.Column("item", _("Service item"), ("item__number",), lambda d: d.item.name),
            lists.Column("kind", _("Kind"), (), lambda d: d.get_kind_display(), False),
            lists.Column("state", _("State"), ("state",), lambda d: d.get_state_display()),
            lists.Column("published", _("Published"), ("day",), lambda d: d.published_at),
            lists.Column(
                "files",
                _("Files"),
                (),
                lambda d: [f"{f.format}·{f.language}" for f in d.files.all()],
            ),
        ),
        empty=_("Nothing delivered yet"),
        next_step=_("what the team delivers is published here"),
    )


def deliverable_page(customer: Customer, user: Any, params: Any) -> dict[str, Any]:
    """The deliverables page: documents and records apart (``group``), newest first,
    narrowed to a service item and a period (from/to, or a quarter, on the day each
    was published), sorted and paged."""
    visible = deliverables_for(customer, user)
    group = params.get("group", "documents")
    group = group if group in GROUPS else "documents"
    records = visible.filter(kind=Deliverable.Kind.RECORD)
    documents = visible.exclude(kind=Deliverable.Kind.RECORD)
    listing = lists.list_page(
        params, records if group == "records" else documents, deliverable_spec(customer, user)
    )
    counts = {"documents": listing.narrow(documents), "records": listing.narrow(records)}
    return {
        "customer": customer,
        "group": group,
        "listing": listing,
        "deliverables": listing.rows,
        "counts": {name: found.count() for name, found in counts.items()},
        "query": listing.filter_query,
    }


def plan_for(customer: Customer, user: Any) -> ServicePlan | None:
    """The plan of the customer's current contract, if the user may see it."""
    contract = current_contract(customer)
    if contract is None:
        return None
    return (
        ServicePlan.objects.visible_to(user)
        .filter(contract=contract)
        .select_related("contract", "confirmed_by", "sent_by", "changes_requested_by")
        .first()
    )


def overview_panel(customer: Customer, user: Any) -> dict[str, Any]:
    """Deliverables, the plan's state and, for staff, what is overdue."""
    today = timezone.localdate()
    plan = plan_for(customer, user)
    late = obligations.overdue(user, today).filter(customer=customer)
    upcoming = (
        Obligation.objects.visible_to(user)
        .filter(customer=customer, state=Obligation.State.OPEN, due__gte=today)
        .select_related("owner")
        .order_by("due")
    )
    return {
        "template": "delivery/_overview_panel.html",
        "customer": customer,
        "deliverables": list(deliverables_for(customer, user)[:8]),
        "plan": plan,
        "overdue": list(late[:10]),
        "overdue_count": late.count(),
        "upcoming": list(upcoming[:5]),
    }


@dataclass(frozen=True)
class Quarter:
    label: str
    obligations: list[Obligation]


def by_contract_quarter(plan: ServicePlan, items: list[Obligation]) -> list[Quarter]:
    """Obligations grouped by contract quarter (Q1 = the first three months of the term)."""
    from netcare.contracts.terms import add_months

    start = plan.contract.start
    groups: OrderedDict[int, list[Obligation]] = OrderedDict()
    for obligation in items:
        index = 0
        while add_months(start, 3 * (index + 1)) <= obligation.due:
            index += 1
        groups.setdefault(index, []).append(obligation)
    quarters = []
    for index, members in groups.items():
        first = add_months(start, 3 * index)
        last = add_months(start, 3 * (index + 1)) - dt.timedelta(days=1)
        quarters.append(Quarter(f"Q{index + 1} · {first:%Y-%m-%d} – {last:%Y-%m-%d}", members))
    return quarters


def plan_detail(customer: Customer, user: Any) -> dict[str, Any]:
    plan = plan_for(customer, user)
    contract = current_contract(customer)
    if plan is None or contract is None:
        return {"customer": customer, "plan": None, "contract": contract}
    items = list(
        plan.obligations.select_related("item", "owner", "co_owner", "completed_by").order_by(
            "due", "id"
        )
    )
    staff = access.may(user, "manage_plan", customer)
    return {
        "customer": customer,
        "contract": contract,
        "plan": plan,
        "choices": plans.choices_for(contract),
        "quarters": by_contract_quarter(plan, items),
        "milestones": [o for o in items if o.kind in Obligation.MILESTONES],
        "counts": {
            "total": len(items),
            "open": sum(o.is_open for o in items),
            "done": sum(o.state == "done" for o in items),
            "waived": sum(o.state == "waived" for o in items),
            "overdue": sum(o.is_overdue() for o in items),
        },
        "may_manage": staff,
        "may_choose": _customer_may(user, customer, "choose_items"),
        "may_confirm": _customer_may(user, customer, "confirm_plan")
        and plan.state == ServicePlan.State.SENT,
        "today": timezone.localdate(),
        "burn_down": burn_down_chart(
            items, contract.start, min(timezone.localdate(), contract.end)
        ),
    }


def burn_down_chart(items: list[Obligation], start: dt.date, on: dt.date) -> Chart | None:
    """Planned work still to do, by plan and in fact, month by month to ``on`` — the
    chart the mid-term review carries, on the plan page."""
    from netcare.delivery.services.reviews import burn_down

    if not items or on < start:
        return None
    months, planned, actual = burn_down(items, start, on)
    english = translation.get_language() == "en"
    lang = "en" if english else "zh"
    return Chart(
        kind="line",
        categories=months,
        series=[
            Series(pick(lang, "按计划剩余", "Remaining by plan"), [float(v) for v in planned]),
            Series(pick(lang, "实际剩余", "Actually remaining"), [float(v) for v in actual]),
        ],
        caption=pick(lang, "服务计划燃尽图", "Plan burn-down"),
        reading=pick(
            lang,
            f"截至 {on:%Y-%m-%d}，按计划应剩 {planned[-1]} 项，实际剩 {actual[-1]} 项。",
            f"By {on:%Y-%m-%d}, {planned[-1]} items should remain by plan; {actual[-1]} do.",
        ),
    )


def confirmed_message(plan: ServicePlan) -> str:
    """What the customer reads after confirming: the kickoff day in their language's
    date format, or — when the plan has no kickoff — that the team will be in touch."""
    from django.utils.formats import date_format

    day = plans.kickoff_day(plan)
    if day is None:
        return _("Thank you: the service plan is confirmed. Your service team will contact you.")
    return _(
        "Thank you: the service plan is confirmed. The kickoff meeting is planned for %(day)s."
    ) % {"day": date_format(day, "DATE_FORMAT")}


def _customer_may(user: Any, customer: Customer, action: str) -> bool:
    return not access.is_admin(user) and access.may(user, action, customer)


def choice_rows(customer: Customer, user: Any) -> list[tuple[Any, ItemChoice | None]]:
    contract = current_contract(customer)
    return plans.choices_for(contract) if contract is not None else []


def my_obligations(user: Any, *, state: str = "open", scope: str = "mine") -> Any:
    """The obligations of the list page: those the user answers for (``mine``) or all
    they may see. For a customer user both are their customer's plan once it was sent
    (the access rule releases its obligations then); nobody on their side holds one."""
    found = obligations.obligations_for(user)
    if scope == "mine" and not obligations.is_customer_user(user):
        found = found.filter(obligations.held_by(user))
    today = timezone.localdate()
    if state == "overdue":
        return found.filter(state=Obligation.State.OPEN, due__lt=today)
    if state in Obligation.State.values:
        return found.filter(state=state)
    return found


def obligation_spec(user: Any) -> lists.ListSpec:
    """The obligation list's filters (the customers the viewer sees, the service items,
    who leads), sortable columns and export; state and scope stay the page's tabs."""
    from netcare.contracts.models import ServiceItem

    customers = Customer.objects.visible_to(user).order_by("code")
    items = ServiceItem.objects.order_by("number")
    title = "title_en" if translation.get_language() == "en" else "title_zh"
    return lists.ListSpec(
        name="obligations",
        title=_("Obligations"),
        form_id="obligation-filter",
        keep=("state", "scope"),
        default_sort="due",
        # A year's plan has over a hundred obligations, and "all I can see" promises all
        # of them on one page (as before the shared list controls): the page's old limit.
        page_size=500,
        filters=(
            lists.Filter(
                "customer",
                _("Customer"),
                [(c.code, f"{c.code} · {c.name}") for c in customers],
                field="customer__code",
            ),
            lists.Filter(
                "item",
                _("Service item"),
                [(i.code, f"{i.number}. {i.name}") for i in items],
                field="item__code",
            ),
            lists.Filter("lead", _("Lead"), Lead.choices),
        ),
        columns=(
            lists.Column("due", _("Due"), ("due",), lambda o: o.due),
            lists.Column("customer", _("Customer"), ("customer__code",), lambda o: o.customer.code),
            lists.Column("title", _("Obligation"), (title,), lambda o: o.title),
            lists.Column(
                "item", _("Service item"), ("item__number",), lambda o: o.item.name, False
            ),
            lists.Column("lead", _("Lead"), ("lead",), lambda o: o.get_lead_display()),
            lists.Column(
                "owner",
                _("Owner"),
                (),
                lambda o: " + ".join(display_name(u) for u in (o.owner, o.co_owner) if u),
            ),
            lists.Column("state", _("State"), ("state",), lambda o: o.get_state_display()),
        ),
        empty=_("Nothing here."),
    )


def obligation_list(user: Any, params: Any) -> dict[str, Any]:
    """The obligations page: a state and scope (tabs), then filters, sort and pages."""
    state = params.get("state", "open")
    scope = params.get("scope", "mine")
    found = my_obligations(user, state=state, scope=scope).select_related(
        "customer", "item", "owner", "co_owner"
    )
    listing = lists.list_page(params, found.order_by("due", "id"), obligation_spec(user))
    return {
        "listing": listing,
        "obligations": listing.rows,
        "state": state,
        "scope": scope,
    }


def contact_logs(customer: Customer, user: Any) -> Any:
    return (
        ContactLog.objects.visible_to(user)
        .filter(customer=customer)
        .select_related("author", "obligation", "contract", "record")
    )


def service_requests(customer: Customer, user: Any) -> Any:
    return (
        ServiceRequest.objects.visible_to(user)
        .filter(customer=customer)
        .select_related("routed_to", "raised_by", "first_responder", "item")
    )


def month_calendar(user: Any, month: str, customer_code: str = "") -> dict[str, Any]:
    """The month grid of the user's obligations (or one customer's, for those who see it)."""
    today = timezone.localdate()
    try:
        first = dt.datetime.strptime(month, "%Y-%m").date() if month else today.replace(day=1)
    except ValueError:
        first = today.replace(day=1)
    found = obligations.obligations_for(user)
    if customer_code:
        found = found.filter(customer__code=customer_code)
    elif not obligations.is_customer_user(user):
        found = found.filter(obligations.held_by(user))
    from netcare.contracts.terms import add_months

    feed = calendars.feed_for(user)
    weeks = calendars.month_grid(found, first.year, first.month)
    entries = calendar_entries(user, weeks[0][0].day, weeks[-1][-1].day, customer_code)
    return {
        "weeks": [
            [replace(d, entries=tuple(entries.get(d.day, ()))) for d in week] for week in weeks
        ],
        "month": first,
        "previous": add_months(first, -1),
        "next": add_months(first, 1),
        "today": today,
        "customer_code": customer_code,
        "feed_path": reverse("delivery:calendar_feed", kwargs={"token": feed.token}),
    }


@dataclass(frozen=True)
class Event:
    """One line of a customer's timeline."""

    when: dt.datetime
    kind: str
    title: str
    detail: str = ""
    link: str = ""
    #: What the line is, for kinds the timeline itself does not name (an app's work).
    label: str = ""


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(0, 0)))


def timeline(customer: Customer, user: Any) -> list[Event]:
    """Everything recorded for the customer in time order, as far as the user may see."""
    english = translation.get_language() == "en"
    events: list[Event] = []
    contract = current_contract(customer)
    if contract is not None and contract in type(contract).objects.visible_to(user):
        events.append(Event(_at(contract.start), "contract", _("Service started"), contract.number))
        events.append(Event(_at(contract.end), "contract", _("Service ends"), contract.number))
    plan = plan_for(customer, user)
    if plan is not None:
        events.append(Event(plan.created, "plan", _("Service plan opened")))
        if plan.sent_at:
            events.append(Event(plan.sent_at, "plan", _("Service plan sent for confirmation")))
        if plan.confirmed_at:
            who = display_name(plan.confirmed_by)
            events.append(Event(plan.confirmed_at, "plan", _("Service plan confirmed"), who))
        for choice in ItemChoice.objects.filter(entitlement__contract=plan.contract).select_related(
            "entitlement__item"
        ):
            if choice.chosen_at:
                name = (
                    choice.entitlement.item.name_en if english else choice.entitlement.item.name_zh
                )
                events.append(Event(choice.chosen_at, "choice", name, choice.get_choice_display()))
    for obligation in (
        Obligation.objects.visible_to(user)
        .filter(customer=customer)
        .exclude(state="open")
        .select_related("completed_by")
    ):
        if obligation.completed_at:
            events.append(
                Event(
                    obligation.completed_at,
                    f"obligation_{obligation.state}",
                    obligation.title,
                    obligation.waiver_reason,
                    reverse("delivery:obligation_detail", kwargs={"pk": obligation.pk}),
                )
            )
    today = timezone.localdate()
    for obligation in Obligation.objects.visible_to(user).filter(
        customer=customer, state="open", due__lt=today
    ):
        events.append(
            Event(
                _at(obligation.due),
                "obligation_overdue",
                obligation.title,
                "",
                reverse("delivery:obligation_detail", kwargs={"pk": obligation.pk}),
            )
        )
    for deliverable in (
        deliverables_for(customer, user)
        .filter(state=Deliverable.State.PUBLISHED)
        .exclude(kind=Deliverable.Kind.RECORD)
    ):
        if deliverable.published_at:
            events.append(Event(deliverable.published_at, "deliverable", deliverable.title))
    for log in contact_logs(customer, user):
        events.append(
            Event(
                _at(log.date),
                "contact",
                log.get_purpose_display(),
                f"{log.get_channel_display()} · {log.people}",
            )
        )
    for request in service_requests(customer, user):
        link = reverse("delivery:request_detail", kwargs={"pk": request.pk})
        events.append(
            Event(request.raised_at, "request", request.title, request.get_kind_display(), link)
        )
        if request.first_response_at:
            late = request.response_late()
            events.append(
                Event(
                    request.first_response_at,
                    "request_late" if late else "request_answered",
                    request.title,
                    "",
                    link,
                )
            )
    events.extend(_app_events(customer, user))
    return sorted(events, key=lambda e: e.when)


#: Apps whose ``pages.timeline_events(customer, user) -> list[Event]`` add their work
#: (engagements, packages, guides, care touches, surveys) to the customer's timeline.
TIMELINE_APPS = ["assurance", "onsite", "consulting", "knowledge", "guides", "care", "satisfaction"]


def _app_events(customer: Customer, user: Any) -> list[Event]:
    from importlib import import_module

    found: list[Event] = []
    for app in TIMELINE_APPS:
        try:
            module = import_module(f"netcare.{app}.pages")
        except ModuleNotFoundError as exc:
            if exc.name != f"netcare.{app}.pages":
                raise
            continue
        builder = getattr(module, "timeline_events", None)
        if builder is not None:
            found.extend(builder(customer, user))
    return found


def work_items(user: Any) -> list[WorkItem]:
    """The user's planned work overdue or due within a week, and the requests routed to
    them still open (customer users hold no obligation: they have none)."""
    from netcare.web import work

    if obligations.is_customer_user(user):
        return []
    today = timezone.localdate()
    held = (
        obligations.obligations_for(user)
        .filter(obligations.held_by(user), state=Obligation.State.OPEN)
        .filter(due__lte=today + dt.timedelta(days=7))
    )
    found = [
        WorkItem(
            "overdue" if o.due < today else "due",
            o.title,
            o.customer.code,
            work.obligation_link(o),
            o.due,
            o.item.name,
        )
        for o in held
    ]
    requests = (
        ServiceRequest.objects.visible_to(user)
        .filter(routed_to_id=user.pk)
        .exclude(state=ServiceRequest.State.CLOSED)
        .select_related("customer")
        .order_by("raised_at")
    )
    found += [
        WorkItem(
            "requests",
            r.title,
            r.customer.code,
            reverse("delivery:request_detail", kwargs={"pk": r.pk}),
            r.first_response_due if r.first_response_at is None else r.raised_at,
            r.get_kind_display(),
        )
        for r in requests
    ]
    return found


def obligation_link(obligation: Obligation) -> str | None:
    """The milestones are delivered on the plan and review pages."""
    code = obligation.customer.code
    if obligation.kind in ("mid_term", "final"):
        return reverse("delivery:review", kwargs={"code": code, "milestone": obligation.kind})
    if obligation.kind == "kickoff":
        return reverse("delivery:plan_detail", kwargs={"code": code})
    if obligation.kind == "contact":
        return reverse("delivery:contact_list", kwargs={"code": code})
    return None


#: Apps whose ``pages.calendar_entries(user, start, end, customer_code)`` put their
#: engagements (change windows, critical periods, visits, workshops) on the plan calendar.
CALENDAR_APPS = ["assurance", "onsite", "consulting"]


def calendar_entries(
    user: Any, start: dt.date, end: dt.date, customer_code: str = ""
) -> dict[dt.date, list[tuple[str, str]]]:
    """Each day's engagements between ``start`` and ``end`` as (title, link)."""
    from importlib import import_module

    found: dict[dt.date, list[tuple[str, str]]] = {}
    for app in CALENDAR_APPS:
        try:
            module = import_module(f"netcare.{app}.pages")
        except ModuleNotFoundError as exc:
            if exc.name != f"netcare.{app}.pages":
                raise
            continue
        builder = getattr(module, "calendar_entries", None)
        for day, title, link in builder(user, start, end, customer_code) if builder else []:
            found.setdefault(day, []).append((title, link))
    return found


def engagement_days(
    rows: Any, user: Any, start: dt.date, end: dt.date, customer_code: str, url_name: str
) -> list[tuple[dt.date, str, str]]:
    """(day, "CODE title", link) for the engagements of ``rows`` (a model's manager or
    queryset) whose window touches ``[start, end]``, as far as the user may see: what
    the engagement apps put on the calendar, one line per day of the window."""
    window_start = timezone.make_aware(dt.datetime.combine(start, dt.time.min))
    window_end = timezone.make_aware(dt.datetime.combine(end, dt.time.max))
    found = (
        rows.visible_to(user).filter(starts_at__lte=window_end).exclude(ends_at__lt=window_start)
    )
    found = found.exclude(starts_at__isnull=True).select_related("customer")
    if customer_code:
        found = found.filter(customer__code=customer_code)
    days: list[tuple[dt.date, str, str]] = []
    for row in found:
        first = max(timezone.localtime(row.starts_at).date(), start)
        last = min(timezone.localtime(row.ends_at or row.starts_at).date(), end)
        link = reverse(url_name, kwargs={"pk": row.pk})
        day = first
        while day <= last:
            days.append((day, f"{row.customer.code} {row.title}", link))
            day += dt.timedelta(days=1)
    return days
