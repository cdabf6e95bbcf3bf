"""``netcare changes list|show`` on the server: a customer's changes under assurance,
their windows and the reviewers' decisions. Runs as the server's operator."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from netcare.bootstrap import setup

changes_app = typer.Typer(help="Change assurance: the changes of a customer and their reviews.")

DataDir = Annotated[
    Path | None,
    typer.Option("--data-dir", help="Data directory (default: $NETCARE_DATA_DIR or ./.netcare)."),
]


def register(app: typer.Typer) -> None:
    """Add ``netcare changes …``."""
    app.add_typer(changes_app, name="changes")


def _when(value: Any) -> str:
    from django.utils import timezone

    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else "-"


def _decisions(change: Any) -> str:
    from netcare.core.people import display_name

    current = [r for r in change.reviews.all() if r.round == change.round]
    return (
        "; ".join(
            f"{display_name(r.reviewer)} ({r.speciality}): {r.decision or 'pending'}"
            for r in current
        )
        or "-"
    )


@changes_app.command("list")
def list_changes(
    customer: Annotated[str, typer.Option("--customer", help="Customer code.")],
    data_dir: DataDir = None,
) -> None:
    """One line per change: id, state, window, title and the current round's decisions."""
    setup(data_dir)
    from netcare.assurance.models import ChangeAssurance

    found = (
        ChangeAssurance.objects.filter(customer__code=customer)
        .prefetch_related("reviews__reviewer")
        .order_by("-starts_at", "-id")
    )
    from netcare.customers.models import Customer

    if not Customer.objects.filter(code=customer).exists():
        typer.echo(f"no customer {customer!r}", err=True)
        raise typer.Exit(2)
    for change in found:
        window = f"{_when(change.starts_at)} → {_when(change.ends_at)}"
        typer.echo(f"#{change.pk}\t{change.state}\t{window}\t{change.title}\t{_decisions(change)}")
    if not found:
        typer.echo("no changes")


@changes_app.command("show")
def show_change(
    change_id: Annotated[int, typer.Argument(help="The change's id.")],
    data_dir: DataDir = None,
) -> None:
    """A change in full: plan, reviews of every round, roster, events, outcome."""
    setup(data_dir)
    from netcare.assurance.models import ChangeAssurance
    from netcare.assurance.services.rosters import events_of, roster_of
    from netcare.core.people import display_name

    change = ChangeAssurance.objects.filter(pk=change_id).select_related("customer").first()
    if change is None:
        typer.echo(f"no change #{change_id}", err=True)
        raise typer.Exit(2)
    typer.echo(f"#{change.pk} {change.title} [{change.customer.code}] state={change.state}")
    typer.echo(f"window: {_when(change.starts_at)} → {_when(change.ends_at)}")
    typer.echo(f"purpose: {change.purpose}")
    devices = ", ".join(d.hostname for d in change.devices.order_by("hostname")) or "-"
    typer.echo(f"devices: {devices}")
    for review in change.reviews.select_related("reviewer").order_by("round", "id"):
        extra = f" conditions: {review.conditions}" if review.conditions else ""
        note = f" — {review.comments}" if review.comments else ""
        typer.echo(
            f"review round {review.round}: {display_name(review.reviewer)} "
            f"({review.speciality}{', required' if review.required else ''}): "
            f"{review.decision or 'pending'}{extra}{note}"
        )
    for entry in roster_of(change):
        typer.echo(
            f"roster: {display_name(entry.person)} {entry.mode} "
            f"{_when(entry.starts_at)} → {_when(entry.ends_at)} {entry.duty}"
        )
    for event in events_of(change):
        typer.echo(f"event {_when(event.at)} {display_name(event.author)}: {event.text}")
    if change.outcome:
        typer.echo(f"outcome: {change.outcome} {change.verification}".rstrip())
