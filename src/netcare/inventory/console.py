"""Console rendering (rich) of an import result and of a device list, for the CLI."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

from netcare.customers.models import Customer
from netcare.inventory.importing import ImportResult
from netcare.inventory.models import Device


def render_result(result: ImportResult, console: Console) -> None:
    """Print the outcome line, the refused rows as a table, and what was kept."""
    if result.file_error:
        console.print(f"[bold red]refused:[/] {result.file_error}")
    else:
        counts = result.counts()
        state = (
            "written"
            if result.written
            else "dry run, nothing written"
            if result.ok
            else "nothing written"
        )
        console.print(
            f"{result.filename} ({result.encoding}) for {result.customer}: "
            f"{counts['created']} created, {counts['updated']} updated, "
            f"{counts['unchanged']} unchanged, {counts['refused']} refused — {state}"
        )
        for note in result.notes:
            console.print(f"[dim]{note}[/]")
        if result.refused:
            table = Table(title="refused rows", show_lines=False)
            for column in ("row", "hostname", "column", "reason"):
                table.add_column(column)
            for issue_row in result.refused:
                for issue in issue_row.issues:
                    table.add_row(str(issue.row), issue_row.hostname, issue.column, issue.message)
            console.print(table)
        for row in result.rows:
            for note in row.notes:
                console.print(f"[dim]row {row.row}: {note}[/]")
    if result.stored_as:
        console.print(f"[dim]upload kept as {result.stored_as}[/]")


def render_devices(customer: Customer, console: Console) -> None:
    """All devices of a customer as a table (the server operator sees every customer)."""
    table = Table(title=f"{customer.code} devices")
    for column in ("hostname", "address", "platform", "model", "version", "site", "role", "status"):
        table.add_column(column)
    devices: Any = (
        Device.objects.filter(customer=customer)
        .select_related("site", "platform")
        .order_by("hostname")
    )
    for device in devices:
        table.add_row(
            device.hostname,
            device.management_address,
            device.platform.slug,
            device.model,
            device.software_version,
            device.site.name if device.site else "",
            device.role,
            device.status,
        )
    console.print(table)
    console.print(f"{table.row_count} devices")
