"""``netcare consulting list|report`` on the server.

The CLI runs as the server's operator (the system, as the audit log says); it lists a
customer's proposal assessments and workshops and writes a published one's report again
(Word and PDF, zh and en) to a folder, e.g. to send it by other means.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from netcare.bootstrap import setup

consulting_app = typer.Typer(help="Technical proposal assessments and technology workshops.")

DataDir = Annotated[
    Path | None,
    typer.Option("--data-dir", help="Data directory (default: $NETCARE_DATA_DIR or ./.netcare)."),
]
CustomerCode = Annotated[str, typer.Option("--customer", help="Customer code.")]


def register(app: typer.Typer) -> None:
    """Add ``netcare consulting …``."""
    app.add_typer(consulting_app, name="consulting")


def _customer(code: str) -> Any:
    from netcare.customers.models import Customer

    found = Customer.objects.filter(code=code).first()
    if found is None:
        typer.echo(f"no customer {code!r}", err=True)
        raise typer.Exit(2)
    return found


@consulting_app.command("list")
def list_work(customer: CustomerCode, data_dir: DataDir = None) -> None:
    """One line per assessment and workshop: id, kind, state, date, title."""
    setup(data_dir)
    from django.utils import timezone

    from netcare.consulting.models import Assessment, Workshop

    found = _customer(customer)
    for row in Assessment.objects.filter(customer=found).order_by("created", "id"):
        day = timezone.localdate(row.created)
        typer.echo(f"assessment {row.pk}\t{row.state}\t{day}\t{row.title}")
    for work in Workshop.objects.filter(customer=found).order_by("created", "id"):
        when = (
            timezone.localtime(work.starts_at).strftime("%Y-%m-%d %H:%M") if work.starts_at else "-"
        )
        typer.echo(f"workshop {work.pk}\t{work.state}\t{when}\t{work.title}")


@consulting_app.command("report")
def write_report(
    kind: Annotated[str, typer.Argument(help="assessment or workshop")],
    pk: Annotated[int, typer.Argument(help="Its id (see ``netcare consulting list``).")],
    out: Annotated[Path, typer.Option("--out", help="Folder to write the files to.")],
    data_dir: DataDir = None,
) -> None:
    """Write the assessment report or the workshop minutes (docx and pdf, zh and en) of a
    published one; exit 1 when it is not published yet."""
    setup(data_dir)
    from netcare.consulting import reports
    from netcare.consulting.models import Assessment, Workshop
    from netcare.consulting.services.records import assessment_record, minutes_record
    from netcare.core.people import display_name
    from netcare.reports.engine import render

    if kind == "assessment":
        row: Any = Assessment.objects.filter(pk=pk).first()
        ready = row is not None and row.is_published
    elif kind == "workshop":
        row = Workshop.objects.filter(pk=pk).first()
        ready = row is not None and row.minutes_released
    else:
        typer.echo("kind is assessment or workshop", err=True)
        raise typer.Exit(2)
    if not ready:
        typer.echo(f"{kind} {pk}: no such published {kind}", err=True)
        raise typer.Exit(1)
    author = display_name(row.owner) or "NetCare"
    out.mkdir(parents=True, exist_ok=True)
    for language in ("zh", "en"):
        if kind == "assessment":
            record = assessment_record(row, author=author, reviewer=author)
            document = reports.build_assessment_document(record, language)
        else:
            minutes = minutes_record(row, author=author, reviewer=author)
            document = reports.build_minutes_document(minutes, language)
        for fmt in ("docx", "pdf"):
            path = render(document, fmt, out / f"{row.customer.code}-{kind}-{pk}-{language}.{fmt}")
            typer.echo(str(path))
