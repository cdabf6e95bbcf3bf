"""``netcare plan generate`` and ``netcare obligations due|remind`` on the server.

The CLI runs as the server's operator, so it acts as the system (the audit log says
"system"); ``--user`` attributes plan generation to a login and narrows the due list
to what that person answers for.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from netcare.bootstrap import setup

plan_app = typer.Typer(help="Service plans: generate or re-plan from the customer's choices.")
obligations_app = typer.Typer(help="Obligations: what falls due, and the reminder sweep.")

DataDir = Annotated[
    Path | None,
    typer.Option("--data-dir", help="Data directory (default: $NETCARE_DATA_DIR or ./.netcare)."),
]


def register(app: typer.Typer) -> None:
    """Add ``netcare plan ...`` and ``netcare obligations ...`` to the console script."""
    app.add_typer(plan_app, name="plan")
    app.add_typer(obligations_app, name="obligations")


def _user(name: str) -> Any:
    from django.contrib.auth import get_user_model

    user = get_user_model()._default_manager.filter(username=name).first()
    if user is None:
        typer.echo(f"no user {name!r}", err=True)
        raise typer.Exit(2)
    return user


@plan_app.command("generate")
def generate(
    contract: Annotated[str, typer.Option("--contract", help="Contract number.")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show the changes only.")] = False,
    user: Annotated[str, typer.Option("--user", help="Generate as this login.")] = "",
    data_dir: DataDir = None,
) -> None:
    """Generate (or re-plan from today) the service plan of a contract."""
    setup(data_dir)
    from rich.console import Console
    from rich.table import Table

    from netcare.contracts.models import Contract
    from netcare.delivery.services import plans

    found = Contract.objects.filter(number=contract).select_related("customer").first()
    if found is None:
        typer.echo(f"no contract {contract!r}", err=True)
        raise typer.Exit(2)
    actor = _user(user) if user else None
    result = plans.do_generate_plan(found, actor=actor, dry_run=dry_run)
    console = Console()
    table = Table(
        title=f"{found.number} · {found.customer.code}" + (" (dry run)" if dry_run else "")
    )
    for column in ("change", "due", "slot", "obligation", "lead"):
        table.add_column(column)
    for proposal in result.changes.create:
        table.add_row("add", f"{proposal.due}", proposal.slot, proposal.title_en, proposal.lead)
    for _pk, proposal in result.changes.update:
        table.add_row("move", f"{proposal.due}", proposal.slot, proposal.title_en, proposal.lead)
    deleted = result.deleted or list(result.plan.obligations.filter(pk__in=result.changes.delete))
    for obligation in deleted:
        table.add_row(
            "remove", f"{obligation.due}", obligation.slot, obligation.title_en, obligation.lead
        )
    console.print(table)
    summary = result.summary()
    console.print(
        f"{summary['created']} added, {summary['updated']} moved, {summary['deleted']} removed, "
        f"{summary['kept']} kept" + ("; nothing written" if dry_run else "")
    )


@obligations_app.command("due")
def due(
    days: Annotated[int, typer.Option("--days", help="Look this many days ahead.")] = 30,
    user: Annotated[str, typer.Option("--user", help="Only what this login answers for.")] = "",
    overdue: Annotated[
        bool, typer.Option("--overdue/--no-overdue", help="Include overdue.")
    ] = True,
    data_dir: DataDir = None,
) -> None:
    """Open obligations due in the next DAYS days (and those overdue), by due date."""
    setup(data_dir)
    import datetime as dt

    from django.utils import timezone
    from rich.console import Console
    from rich.table import Table

    from netcare.delivery.services.obligations import due_between, responsible

    today = timezone.localdate()
    start = dt.date.min if overdue else today
    found = list(
        due_between(start, today + dt.timedelta(days=days), user=_user(user) if user else None)
    )
    table = Table(title=f"Obligations due by {today + dt.timedelta(days=days)} ({len(found)})")
    for column in ("due", "customer", "contract", "obligation", "owner", ""):
        table.add_column(column)
    for obligation in found:
        people = ", ".join(p.get_username() for p in responsible(obligation, today)) or "-"
        flag = "OVERDUE" if obligation.due < today else f"in {(obligation.due - today).days}d"
        table.add_row(
            f"{obligation.due}",
            obligation.customer.code,
            obligation.plan.contract.number,
            obligation.title_en,
            people,
            flag,
        )
    Console(width=160).print(table)


@obligations_app.command("remind")
def remind(data_dir: DataDir = None) -> None:
    """Run the reminder sweep now (the hourly schedule does this on its own)."""
    setup(data_dir)
    from netcare.delivery.services.reminders import run_reminders

    counts = run_reminders()
    typer.echo(", ".join(f"{name}: {count}" for name, count in counts.items()))
