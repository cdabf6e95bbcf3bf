"""``netcare guide --customer CODE``: generate (and optionally publish) the customer's
daily-maintenance guide on the server, as the system (the audit log says so)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from netcare.bootstrap import setup

DataDir = Annotated[
    Path | None,
    typer.Option("--data-dir", help="Data directory (default: $NETCARE_DATA_DIR or ./.netcare)."),
]


def register(app: typer.Typer) -> None:
    """Add ``netcare guide``."""
    app.command("guide")(guide)


def _customer(code: str) -> Any:
    from netcare.customers.models import Customer

    found = Customer.objects.filter(code=code).first()
    if found is None:
        typer.echo(f"no customer {code!r}", err=True)
        raise typer.Exit(2)
    return found


def guide(
    customer: Annotated[str, typer.Option("--customer", help="Customer code.")],
    lang: Annotated[str, typer.Option("--lang", help="zh or en (the file written).")] = "zh",
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Also write the guide here (.docx or .pdf)."),
    ] = None,
    year: Annotated[
        int | None, typer.Option("--year", help="Edition (default: this year).")
    ] = None,
    publish: Annotated[
        bool,
        typer.Option(
            "--publish", help="Publish it to the customer (completes the plan's obligation)."
        ),
    ] = False,
    data_dir: DataDir = None,
) -> None:
    """Generate the customer's daily-maintenance guide from its devices, features in use
    and open inspection findings: zh and en, Word and PDF, attached to the guide's
    deliverable under DATA_DIR/reports/<customer>/. Exit 2 on a refusal."""
    if lang not in ("zh", "en"):
        typer.echo("--lang must be zh or en", err=True)
        raise typer.Exit(2)
    if out is not None and out.suffix.lower() not in (".docx", ".pdf"):
        typer.echo(f"{out}: use a .docx or .pdf file name", err=True)
        raise typer.Exit(2)
    setup(data_dir)
    from django.conf import settings
    from django.core.exceptions import ValidationError

    from netcare.guides.services import guides

    found = _customer(customer)
    try:
        edition = guides.do_generate_guide(found, actor=None, year=year)
        if publish:
            guides.do_publish_guide(edition, actor=None)
    except ValidationError as exc:
        typer.echo("; ".join(exc.messages), err=True)
        raise typer.Exit(2) from None
    checks = edition.stats.get("checks", {})
    typer.echo(
        f"{found.code} {edition.year}: {edition.stats.get('devices', 0)} devices, "
        f"{checks.get('daily', 0)} daily, {checks.get('weekly', 0)} weekly, "
        f"{checks.get('monthly', 0)} monthly checks; "
        f"{len(edition.stats.get('watched', []))} watching a known risk; "
        f"{'published' if publish else 'draft'}"
    )
    if out is not None:
        record = guides.guide_record(found, edition.year)
        guides.render_guide(record, out, lang)
        typer.echo(f"wrote {out}")
    elif edition.deliverable is not None:
        for f in edition.deliverable.files.filter(language=lang).order_by("format"):
            typer.echo(f"wrote {Path(settings.REPORTS_DIR) / f.file.name}")
