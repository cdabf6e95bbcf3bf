"""``netcare onsite dispatch|log|quota|publish`` on the server.

The CLI runs as the server's operator (the system, as the audit log says); a visit it
dispatches is owned by the RAM named on the contract. Days are booked on the contract's
quota ledger exactly as from the pages.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated, Any

import typer

from netcare.bootstrap import setup

onsite_app = typer.Typer(help="Onsite support: dispatch engineers, log days, the quota.")

DataDir = Annotated[
    Path | None,
    typer.Option("--data-dir", help="Data directory (default: $NETCARE_DATA_DIR or ./.netcare)."),
]
CustomerCode = Annotated[str, typer.Option("--customer", help="Customer code.")]
Engineer = Annotated[str, typer.Option("--engineer", help="The field engineer's login.")]
Day = Annotated[str, typer.Option("--date", help="The day, YYYY-MM-DD.")]


def register(app: typer.Typer) -> None:
    """Add ``netcare onsite …``."""
    app.add_typer(onsite_app, name="onsite")


def _fail(message: str, code: int = 2) -> typer.Exit:
    typer.echo(message, err=True)
    return typer.Exit(code)


def _customer(code: str) -> Any:
    from netcare.customers.models import Customer

    found = Customer.objects.filter(code=code).first()
    if found is None:
        raise _fail(f"no customer {code!r}")
    return found


def _user(login: str, option: str) -> Any:
    from django.contrib.auth import get_user_model

    found = get_user_model()._default_manager.filter(username=login).first()
    if found is None:
        raise _fail(f"{option}: no user {login!r}")
    return found


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise _fail(f"--date: {text!r} is not a date (YYYY-MM-DD)") from None


def _hours(text: str, option: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise _fail(f"{option}: {text!r} is not a number of hours") from None
    if not value.is_finite():
        raise _fail(f"{option}: {text!r} is not a number of hours")
    return value


def _refused(exc: Exception) -> typer.Exit:
    messages = getattr(exc, "message_dict", None)
    if messages:
        text = "; ".join(f"{field}: {' '.join(m)}" for field, m in messages.items())
    else:
        text = "; ".join(getattr(exc, "messages", [str(exc)]))
    return _fail(f"refused: {text}", 1)


@onsite_app.command("dispatch")
def dispatch(
    customer: CustomerCode,
    engineer: Engineer,
    date: Day,
    purpose: Annotated[str, typer.Option("--purpose", help="What the engineer goes for.")],
    site: Annotated[str, typer.Option("--site", help="The customer's site, by name.")] = "",
    title: Annotated[str, typer.Option("--title", help="Short title (default: purpose).")] = "",
    request: Annotated[
        int | None, typer.Option("--request", help="The onsite_support request it answers.")
    ] = None,
    data_dir: DataDir = None,
) -> None:
    """Dispatch a field engineer of the customer to a site on a day, for a purpose."""
    setup(data_dir)
    from django.core.exceptions import ValidationError

    from netcare.customers.models import Site
    from netcare.delivery.models import ServiceRequest
    from netcare.onsite.services.visits import do_dispatch

    found = _customer(customer)
    where = None
    if site:
        where = Site.objects.filter(customer=found, name=site).first()
        if where is None:
            names = ", ".join(Site.objects.filter(customer=found).values_list("name", flat=True))
            raise _fail(f"--site: {found.code} has no site {site!r} (sites: {names or 'none'})")
    answered = None
    if request is not None:
        answered = ServiceRequest.objects.filter(customer=found, pk=request).first()
        if answered is None:
            raise _fail(f"--request: {found.code} has no request #{request}")
    try:
        visit = do_dispatch(
            found,
            engineer=_user(engineer, "--engineer"),
            planned_date=_date(date),
            purpose=purpose,
            title=title,
            site=where,
            request=answered,
            actor=None,
        )
    except ValidationError as exc:
        raise _refused(exc) from None
    typer.echo(
        f"visit #{visit.pk}: {engineer} dispatched to {found.code} on {visit.planned_date}"
        + (f" ({where.name})" if where else "")
    )


@onsite_app.command("log")
def log(
    customer: CustomerCode,
    engineer: Engineer,
    date: Day,
    hours: Annotated[str, typer.Option("--hours", help="Hours on site that day.")],
    travel_hours: Annotated[str, typer.Option("--travel-hours", help="Hours travelling.")] = "0",
    visit: Annotated[
        int | None, typer.Option("--visit", help="The visit (default: the engineer's open one).")
    ] = None,
    note: Annotated[str, typer.Option("--note", help="What the day was about.")] = "",
    approved_by: Annotated[
        str, typer.Option("--approved-by", help="Admin login approving days over the quota.")
    ] = "",
    approval_note: Annotated[
        str, typer.Option("--approval-note", help="Why the quota may be exceeded.")
    ] = "",
    data_dir: DataDir = None,
) -> None:
    """Log a day of a visit; the contract's ledger books its person-days."""
    setup(data_dir)
    from django.core.exceptions import PermissionDenied, ValidationError
    from django.db import transaction

    from netcare.onsite.models import Visit
    from netcare.onsite.services.visits import do_approve_overrun, do_log_day, open_visits

    found = _customer(customer)
    person = _user(engineer, "--engineer")
    on_site, travel = _hours(hours, "--hours"), _hours(travel_hours, "--travel-hours")
    day = _date(date)
    if visit is not None:
        chosen = Visit.objects.filter(customer=found, engineer=person, pk=visit).first()
        if chosen is None:
            raise _fail(f"--visit: {engineer} has no visit #{visit} at {found.code}")
    else:
        candidates = open_visits(found, person)
        if not candidates:
            raise _fail(
                f"{engineer} has no open visit at {found.code}: dispatch one first "
                "(netcare onsite dispatch)"
            )
        if len(candidates) > 1:
            ids = ", ".join(f"#{v.pk}" for v in candidates)
            raise _fail(f"{engineer} has several open visits at {found.code} ({ids}): use --visit")
        chosen = candidates[0]
    try:
        with transaction.atomic():
            if approved_by:
                do_approve_overrun(
                    chosen, note=approval_note, actor=_user(approved_by, "--approved-by")
                )
            logged = do_log_day(
                chosen, date=day, hours_onsite=on_site, hours_travel=travel, note=note, actor=None
            )
    except (ValidationError, PermissionDenied) as exc:
        raise _refused(exc) from None
    typer.echo(
        f"visit #{chosen.pk}: {logged.date} {logged.hours_onsite} h on site + "
        f"{logged.hours_travel} h travelling = {logged.ledger_entry.amount} person-days"
    )
    _print_quota(found)


def _print_quota(customer: Any) -> None:
    from netcare.onsite.services.quota import quota_for

    found = quota_for(customer)
    if found is None:
        typer.echo(f"{customer.code}: no active contract grants onsite person-days")
        return
    s = found.status
    typer.echo(
        f"{customer.code} contract {found.entitlement.contract.number} year {s.period.index} "
        f"({s.period.start} – {s.period.end}): quota {s.quota}, used {s.used}, left {s.left}"
    )
    if found.low:
        typer.echo(f"warning: less than one person-day left ({s.left})")


@onsite_app.command("quota")
def quota(customer: CustomerCode, data_dir: DataDir = None) -> None:
    """Used and remaining person-days this contract year, by visit."""
    setup(data_dir)
    from netcare.onsite.services.quota import quota_for

    found_customer = _customer(customer)
    _print_quota(found_customer)
    found = quota_for(found_customer)
    if found is None:
        return
    for use in found.uses:
        dates = ", ".join(str(b.entry.date) for b in use.bookings)
        name = (
            f"visit #{use.visit.pk} {use.visit.title}"
            if use.visit is not None
            else "booked without a visit: " + "; ".join(b.entry.description for b in use.bookings)
        )
        typer.echo(f"  {use.days} person-days ({use.hours} h) · {dates} · {name}")


@onsite_app.command("publish")
def publish(
    visit: Annotated[int, typer.Option("--visit", help="The visit to record.")],
    work_done: Annotated[str, typer.Option("--work-done", help="What was done on site.")],
    follow_ups: Annotated[str, typer.Option("--follow-ups", help="One a line.")] = "",
    data_dir: DataDir = None,
) -> None:
    """Publish the onsite support record (zh/en Word and PDF) and close the request."""
    setup(data_dir)
    from django.core.exceptions import ValidationError

    from netcare.onsite.models import Visit
    from netcare.onsite.services.records import do_publish_record

    found = Visit.objects.filter(pk=visit).first()
    if found is None:
        raise _fail(f"--visit: no visit #{visit}")
    try:
        deliverable = do_publish_record(
            found, actor=None, work_done=work_done, follow_ups=follow_ups
        )
    except ValidationError as exc:
        raise _refused(exc) from None
    typer.echo(f"visit #{found.pk}: record published as deliverable #{deliverable.pk}")
