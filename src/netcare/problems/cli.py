"""``netcare tickets import`` and ``netcare problems review|daily`` on the server.

The CLI runs as the server's operator (the system, as the audit log says).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

import typer

from netcare.bootstrap import setup

tickets_app = typer.Typer(help="Tickets from the support system: import an export.")
problems_app = typer.Typer(help="Problem management: quarterly reviews and daily reports.")

DataDir = Annotated[
    Path | None,
    typer.Option("--data-dir", help="Data directory (default: $NETCARE_DATA_DIR or ./.netcare)."),
]
CustomerCode = Annotated[str, typer.Option("--customer", help="Customer code.")]


def register(app: typer.Typer) -> None:
    """Add ``netcare tickets …`` and ``netcare problems …``."""
    app.add_typer(tickets_app, name="tickets")
    app.add_typer(problems_app, name="problems")


def _customer(code: str) -> Any:
    from netcare.customers.models import Customer

    found = Customer.objects.filter(code=code).first()
    if found is None:
        typer.echo(f"no customer {code!r}", err=True)
        raise typer.Exit(2)
    return found


@tickets_app.command("import")
def import_tickets(
    path: Annotated[Path, typer.Argument(help="CSV, XLSX or JSON export.", exists=True)],
    customer: CustomerCode,
    mapping: Annotated[str, typer.Option("--mapping", help="A saved column mapping.")] = "",
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would change.")] = False,
    data_dir: DataDir = None,
) -> None:
    """Import the customer's tickets: all or nothing, updating tickets in place by number
    and appending new progress entries. Exit 1 naming the rows refused."""
    setup(data_dir)
    from django.core.exceptions import ValidationError

    from netcare.problems.services.tickets import TicketsRefused, do_import_tickets

    try:
        outcome = do_import_tickets(
            _customer(customer), path, actor=None, mapping=mapping, dry_run=dry_run
        )
    except TicketsRefused as exc:
        typer.echo(f"{path.name}: refused, nothing was imported", err=True)
        for error in exc.errors[:50]:
            typer.echo(f"  {error}", err=True)
        raise typer.Exit(1) from None
    except ValidationError as exc:
        typer.echo("; ".join(exc.messages), err=True)
        raise typer.Exit(2) from None
    counts = outcome.counts()
    prefix = "would import" if dry_run else "imported"
    typer.echo(
        f"{prefix}: {counts['created']} new, {counts['updated']} updated, "
        f"{counts['unchanged']} unchanged tickets; {counts['progress_added']} progress "
        f"entries; {counts['closed']} closed since the last import"
    )
    for number, fields in sorted(outcome.updated.items())[:50]:
        typer.echo(f"  {number}: {', '.join(fields)}")


@problems_app.command("review")
def review(
    customer: CustomerCode,
    quarter: Annotated[str, typer.Option("--quarter", help="e.g. 2026Q3")],
    report: Annotated[
        Path | None, typer.Option("--report", help="Write the report (.docx, .pdf, .xlsx).")
    ] = None,
    lang: Annotated[str, typer.Option("--lang", help="zh or en.")] = "zh",
    publish: Annotated[bool, typer.Option("--publish", help="Publish it to the customer.")] = False,
    data_dir: DataDir = None,
) -> None:
    """Open (or reopen) the quarter's problem review; print its statistics, the closed
    tickets still lacking a root cause, and write or publish the report."""
    setup(data_dir)
    from django.core.exceptions import ValidationError

    from netcare.problems import reports
    from netcare.problems.services import records, reviews

    try:
        found = reviews.do_open_review(_customer(customer), quarter, actor=None)
    except ValidationError as exc:
        typer.echo("; ".join(exc.messages), err=True)
        raise typer.Exit(2) from None
    record = records.review_record(found, lang)
    stats = record.stats
    typer.echo(
        f"{found.customer.code} {found.quarter}: {stats.total} tickets in scope, "
        f"{len(record.closed)} closed, {len(record.open)} open, "
        f"{len(record.recurrences)} recurring problems"
    )
    missing = reviews.missing_analysis(found)
    if missing:
        typer.echo(f"no root cause or analysis yet: {', '.join(missing)}")
    if report is not None:
        writer = (
            reports.write_problem_review_xlsx
            if report.suffix.lower() == ".xlsx"
            else reports.write_problem_review
        )
        typer.echo(f"wrote {writer(record, report, lang)}")
    if publish:
        try:
            deliverable = reviews.do_publish_review(found, actor=None)
        except ValidationError as exc:
            typer.echo("; ".join(exc.messages), err=True)
            raise typer.Exit(1) from None
        typer.echo(f"published as deliverable #{deliverable.pk}")


@problems_app.command("daily")
def daily_reports(
    date: Annotated[str, typer.Option("--date", help="YYYY-MM-DD (default today).")] = "",
    data_dir: DataDir = None,
) -> None:
    """Draft the daily progress reports due (important open tickets, customers' working
    days; idempotent) and tell the RAM of missed ones."""
    setup(data_dir)
    from netcare.problems.services import daily

    try:
        day = dt.date.fromisoformat(date) if date else None
    except ValueError:
        typer.echo(f"not a date (YYYY-MM-DD): {date!r}", err=True)
        raise typer.Exit(2) from None
    drafted = daily.draft_daily_reports(day)
    for report in drafted:
        typer.echo(f"drafted {report.customer.code} {report.ticket.number} {report.day}")
    told = daily.tell_missed(day)
    typer.echo(f"{len(drafted)} drafted; {told} missed reports told to the RAM")
