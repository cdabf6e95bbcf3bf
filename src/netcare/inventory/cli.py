"""``netcare devices import|list``: the inventory from the server's command line.

The CLI runs on the server as its operator, so it acts as the system (the audit log
says "system") unless ``--user`` names the account to attribute the import to.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from netcare.bootstrap import setup

devices_app = typer.Typer(help="Installed devices: import a spreadsheet, list devices.")

CustomerCode = Annotated[str, typer.Option("--customer", help="Customer code, e.g. ECCB.")]
DataDir = Annotated[
    Path | None,
    typer.Option("--data-dir", help="Data directory (default: $NETCARE_DATA_DIR or ./.netcare)."),
]


def register(app: typer.Typer) -> None:
    """Add ``netcare devices ...`` to the console script."""
    app.add_typer(devices_app, name="devices")


def _customer(code: str) -> Any:
    from netcare.customers.models import Customer

    customer = Customer.objects.filter(code=code).first()
    if customer is None:
        typer.echo(f"no customer with code {code!r}", err=True)
        raise typer.Exit(2)
    return customer


@devices_app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="CSV or XLSX file.")],
    customer: CustomerCode,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Check only; write nothing.")] = False,
    user: Annotated[str, typer.Option("--user", help="Attribute the import to this login.")] = "",
    data_dir: DataDir = None,
) -> None:
    """Import devices from FILE for a customer; exit status 1 when anything is refused."""
    setup(data_dir)
    from rich.console import Console

    from netcare.inventory import services
    from netcare.inventory.console import render_result

    actor = None
    if user:
        from django.contrib.auth import get_user_model

        actor = get_user_model()._default_manager.filter(username=user).first()
        if actor is None:
            typer.echo(f"no user {user!r}", err=True)
            raise typer.Exit(2)
    result = services.do_import_devices(
        _customer(customer),
        filename=file.name,
        data=file.read_bytes(),
        dry_run=dry_run,
        actor=actor,
    )
    render_result(result, Console())
    raise typer.Exit(0 if result.ok else 1)


@devices_app.command("list")
def list_command(customer: CustomerCode, data_dir: DataDir = None) -> None:
    """List a customer's devices."""
    setup(data_dir)
    from rich.console import Console

    from netcare.inventory.console import render_devices

    render_devices(_customer(customer), Console())
