"""``netcare devices import|list|forget-host-key``: the inventory from the server's command line.

The CLI runs on the server as its operator, so it acts as the system (the audit log
says "system") unless ``--user`` names the account to attribute the import to.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from netcare.bootstrap import setup

devices_app = typer.Typer(
    help="Installed devices: import a spreadsheet, list devices, forget a host key."
)

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

    actor = _user(user)
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


@devices_app.command("forget-host-key")
def forget_host_key_command(
    hostname: Annotated[str, typer.Argument(help="The device's hostname.")],
    customer: CustomerCode,
    user: Annotated[str, typer.Option("--user", help="Attribute the change to this login.")] = "",
    data_dir: DataDir = None,
) -> None:
    """Forget a replaced device's SSH host key; its next collection trusts the key it sees."""
    setup(data_dir)
    from netcare.inventory import services
    from netcare.inventory.models import Device

    device = Device.objects.filter(customer=_customer(customer), hostname=hostname).first()
    if device is None:
        typer.echo(f"{customer} has no device {hostname!r}", err=True)
        raise typer.Exit(2)
    old = device.ssh_host_key or "none"
    services.do_forget_host_key(device, actor=_user(user))
    typer.echo(f"{hostname}: host key {old} forgotten")


def _user(username: str) -> Any:
    """The account named by ``--user``, or None (the system) when none is given."""
    if not username:
        return None
    from django.contrib.auth import get_user_model

    actor = get_user_model()._default_manager.filter(username=username).first()
    if actor is None:
        typer.echo(f"no user {username!r}", err=True)
        raise typer.Exit(2)
    return actor
