"""``netcare docs import FILE`` and ``netcare docs package --customer CODE [--dry-run]``.

Both run as the server's operator (the system), against the database.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from netcare.bootstrap import setup

docs_app = typer.Typer(help="The document library and exclusive document packages.")

DataDir = Annotated[
    Path | None,
    typer.Option("--data-dir", help="Data directory (default: $NETCARE_DATA_DIR or ./.netcare)."),
]


def register(app: typer.Typer) -> None:
    """Add ``netcare docs``."""
    app.add_typer(docs_app, name="docs")


@docs_app.command("import")
def import_library(
    file: Annotated[
        Path, typer.Argument(help="A zip with an index (CSV/XLSX), or an index of links.")
    ],
    data_dir: DataDir = None,
) -> None:
    """Import library documents, all rows or none; a refusal names file, row and column."""
    setup(data_dir)
    from netcare.knowledge.services import imports

    if not file.is_file():
        typer.echo(f"no such file: {file}", err=True)
        raise typer.Exit(2)
    try:
        record = imports.do_import_library(file.name, file.read_bytes(), actor=None)
    except imports.ImportRefused as refused:
        typer.echo(refused.record.error, err=True)
        raise typer.Exit(1) from None
    typer.echo(
        f"import #{record.pk}: {record.counts['created']} new, "
        f"{record.counts['updated']} updated documents"
    )


def _customer(code: str) -> Any:
    from netcare.customers.models import Customer

    found = Customer.objects.filter(code=code).first()
    if found is None:
        typer.echo(f"no customer {code!r}", err=True)
        raise typer.Exit(2)
    return found


@docs_app.command("package")
def package(
    customer: Annotated[str, typer.Option("--customer", help="Customer code.")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Only print what matches and why.")
    ] = False,
    data_dir: DataDir = None,
) -> None:
    """Propose the customer's exclusive document package and print what matched and
    why; without --dry-run, push it (a published deliverable completing the due
    document-push obligation)."""
    setup(data_dir)
    from netcare.knowledge.services import packages

    found = _customer(customer)
    proposal = packages.propose(found)
    typer.echo(
        f"{found.code}: platforms {', '.join(proposal.platforms) or '-'}; "
        f"scenarios {', '.join(proposal.scenarios) or '-'}"
    )
    for match in proposal.matches:
        typer.echo(f"  {match.key}\t{match.reason_en}")
    typer.echo(f"{len(proposal.matches)} documents match")
    if dry_run:
        return
    if not proposal.matches:
        typer.echo("nothing to push", err=True)
        raise typer.Exit(1)
    draft = packages.do_propose_package(found, actor=None, refresh=True)
    deliverable = packages.do_push_package(draft, actor=None)
    obligation = deliverable.obligation
    due = f"obligation due {obligation.due} completed" if obligation else "no open obligation"
    typer.echo(f"pushed package #{draft.pk} as deliverable #{deliverable.pk}; {due}")
