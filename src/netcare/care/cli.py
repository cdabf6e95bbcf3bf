"""``netcare care plan|send|document`` on the server.

The CLI runs as the server's operator; a touch is recorded by a person, so ``send``
names who sends it (``--as``, by default the contract's account manager).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from netcare.bootstrap import setup

care_app = typer.Typer(help="Holiday care and the service plan document.")

DataDir = Annotated[
    Path | None,
    typer.Option("--data-dir", help="Data directory (default: $NETCARE_DATA_DIR or ./.netcare)."),
]
CustomerCode = Annotated[str, typer.Option("--customer", help="Customer code.")]


def register(app: typer.Typer) -> None:
    """Add ``netcare care …``."""
    app.add_typer(care_app, name="care")


def _customer(code: str) -> Any:
    from netcare.customers.models import Customer

    found = Customer.objects.filter(code=code).first()
    if found is None:
        typer.echo(f"no customer {code!r}", err=True)
        raise typer.Exit(2)
    return found


@care_app.command("plan")
def plan(
    customer: CustomerCode,
    days: Annotated[int, typer.Option("--days", help="Look this many days ahead.")] = 60,
    lang: Annotated[str, typer.Option("--lang", help="zh or en (default: the customer's).")] = "",
    data_dir: DataDir = None,
) -> None:
    """The coming care touches: holiday, due date, each contact with their channel and
    the drafted message (overdue ones first)."""
    setup(data_dir)
    from netcare.care.services import messages, touches

    found = _customer(customer)
    rows = touches.agenda(found, days=days)
    if not rows:
        typer.echo(f"{found.code}: no holiday care due in the next {days} days")
        return
    templates = messages.templates_for(found)
    for row in rows:
        o = row.obligation
        name = row.holiday.name(lang or messages.language_for(found))
        typer.echo(
            f"#{o.pk} due {o.due:%Y-%m-%d} · {name} "
            f"({row.holiday.start:%Y-%m-%d} – {row.holiday.end:%Y-%m-%d}, {row.holiday.days} days)"
            f" · {len(row.touches)} touches"
        )
        if not row.drafts:
            typer.echo("  no contacts: add the customer's contacts first")
        for contact, draft in row.drafts:
            if lang:
                draft = messages.draft(o, contact, language=lang, templates=templates)
            address = messages.address_of(contact, draft.channel) or "—"
            typer.echo(f"  {contact.name} · {draft.channel} · {address}")
            if draft.subject:
                typer.echo(f"    subject: {draft.subject}")
            for line in draft.body.splitlines():
                typer.echo(f"    {line}")
            for problem in draft.problems:
                typer.echo(f"    ! {problem}")


@care_app.command("send")
def send(
    obligation: Annotated[int, typer.Option("--obligation", help="The care obligation's id.")],
    contact: Annotated[
        int | None, typer.Option("--contact", help="One contact's id (default: every e-mail one).")
    ] = None,
    sender: Annotated[str, typer.Option("--as", help="Username of who sends.")] = "",
    data_dir: DataDir = None,
) -> None:
    """E-mail the drafted greeting from NetCare to the obligation's contacts who prefer
    e-mail (or to ``--contact``), recording each touch."""
    setup(data_dir)
    from django.contrib.auth import get_user_model
    from django.core.exceptions import ValidationError

    from netcare.care.services import touches
    from netcare.contracts.services import assignee
    from netcare.customers.models import Channel, Contact
    from netcare.delivery.models import Obligation

    found = Obligation.objects.filter(pk=obligation, kind="holiday_care").first()
    if found is None:
        typer.echo(f"no holiday-care obligation #{obligation}", err=True)
        raise typer.Exit(2)
    user = (
        get_user_model()._default_manager.filter(username=sender).first()
        if sender
        else assignee(found.plan.contract, "asm")
    )
    if user is None:
        typer.echo("name who sends with --as USERNAME", err=True)
        raise typer.Exit(2)
    people = Contact.objects.filter(customer=found.customer)
    people = (
        people.filter(pk=contact) if contact else people.filter(preferred_channel=Channel.EMAIL)
    )
    failed = 0
    for person in people:
        try:
            touch = touches.do_send_touch(found, person, actor=user)
        except ValidationError as exc:
            failed += 1
            typer.echo(f"{person.name}: {'; '.join(exc.messages)}", err=True)
            continue
        typer.echo(f"sent to {person.name} <{touch.address}>: {touch.subject}")
    found.refresh_from_db()
    typer.echo(f"obligation #{found.pk}: {found.state}")
    if failed:
        raise typer.Exit(1)


@care_app.command("document")
def document(
    customer: CustomerCode,
    publish: Annotated[bool, typer.Option("--publish", help="Publish it to the customer.")] = False,
    data_dir: DataDir = None,
) -> None:
    """Generate the confirmed service plan's document (zh and en; Word, Excel, PDF) and
    optionally publish it."""
    setup(data_dir)
    from django.core.exceptions import ValidationError

    from netcare.care import pages
    from netcare.care.services import documents

    found = _customer(customer)
    plan_ = pages.plan_of(found)
    if plan_ is None:
        typer.echo(f"{found.code} has no service plan", err=True)
        raise typer.Exit(2)
    try:
        issued = documents.do_generate_plan_document(plan_, actor=None)
        for f in issued.deliverable.files.all():
            typer.echo(f"wrote {f.path}")
        if publish:
            deliverable = documents.do_publish_plan_document(issued, actor=None)
            typer.echo(f"published as deliverable #{deliverable.pk}")
    except ValidationError as exc:
        typer.echo("; ".join(exc.messages), err=True)
        raise typer.Exit(1) from None
