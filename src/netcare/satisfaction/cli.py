"""``netcare survey send|results`` on the server.

The CLI runs as the server's operator (the system, as the audit log says). Survey links
are printed only with ``--show-links`` and never logged: only their hashes are stored.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from netcare.bootstrap import setup

survey_app = typer.Typer(help="Satisfaction surveys: send one, read the results.")

DataDir = Annotated[
    Path | None,
    typer.Option("--data-dir", help="Data directory (default: $NETCARE_DATA_DIR or ./.netcare)."),
]


def register(app: typer.Typer) -> None:
    """Add ``netcare survey …``."""
    app.add_typer(survey_app, name="survey")


def _customer(code: str) -> Any:
    from netcare.customers.models import Customer

    found = Customer.objects.filter(code=code).first()
    if found is None:
        typer.echo(f"no customer {code!r}", err=True)
        raise typer.Exit(2)
    return found


@survey_app.command("send")
def send(
    customer: Annotated[str, typer.Option("--customer", help="Customer code.")],
    mid_term: Annotated[
        bool, typer.Option("--mid-term", help="A mid-term survey (default: end of term).")
    ] = False,
    days: Annotated[int, typer.Option("--days", help="Days the links stay open.")] = 21,
    show_links: Annotated[
        bool, typer.Option("--show-links", help="Print each contact's one-time link (once).")
    ] = False,
    data_dir: DataDir = None,
) -> None:
    """Send a survey to the customer's contacts (a one-time link each, by e-mail) and tell
    its portal users. Exit 2 when the customer has no contract or nobody to ask."""
    setup(data_dir)
    from django.core.exceptions import ValidationError

    from netcare.satisfaction.services.surveys import do_send_survey

    try:
        survey, links = do_send_survey(
            _customer(customer),
            actor=None,
            stage="mid_term" if mid_term else "final",
            days=days,
        )
    except ValidationError as exc:
        typer.echo("; ".join(exc.messages), err=True)
        raise typer.Exit(2) from None
    typer.echo(
        f"survey #{survey.pk} sent to {len(links)} contacts of {customer}; open until "
        f"{survey.expires_at:%Y-%m-%d %H:%M}"
    )
    for link in links:
        where = link.invitation.email or "no e-mail: hand the link over"
        typer.echo(f"  {link.invitation.name} <{where}>" + (f"  {link.url}" if show_links else ""))


@survey_app.command("results")
def results(
    customer: Annotated[
        str, typer.Option("--customer", help="One customer's code (default: all customers).")
    ] = "",
    out: Annotated[
        Path | None, typer.Option("--out", help="Write the results workbook (.xlsx) here.")
    ] = None,
    language: Annotated[str, typer.Option("--language", help="zh or en.")] = "zh",
    data_dir: DataDir = None,
) -> None:
    """Response rate, CSAT per item, NPS and comment themes, per customer or across all."""
    setup(data_dir)
    from netcare.customers.models import Customer
    from netcare.satisfaction.reports import write_results
    from netcare.satisfaction.services.figures import gather

    if out is not None and out.suffix.lower() != ".xlsx":
        typer.echo(f"{out}: the results workbook is an .xlsx file", err=True)
        raise typer.Exit(2)
    customers = [_customer(customer)] if customer else list(Customer.objects.order_by("code"))
    record = gather(customers)
    f = record.figures
    lang = "en" if language == "en" else "zh"

    def show(value: float | None, unit: str = "") -> str:
        return "—" if value is None else f"{value}{unit}"

    typer.echo(
        f"surveys {record.surveys} · responses {f.responded}/{f.invited} "
        f"({show(f.rate, '%')}) · CSAT {show(f.overall.share, '%')} · NPS {show(f.nps.score)} "
        f"· return visits {len(record.visits)}"
    )
    for row in f.items:
        typer.echo(
            f"  {record.item_name(row.item, lang)}: CSAT {show(row.share, '%')} "
            f"mean {show(row.mean)} ({row.answers} scores)"
        )
    for group in f.themes:
        typer.echo(f"  [{group.theme.name(lang)}] {len(group.comments)} comments")
    for each in record.per_customer:
        typer.echo(
            f"  {each.code}: responses {each.figures.responded} "
            f"CSAT {show(each.figures.overall.share, '%')} NPS {show(each.figures.nps.score)}"
        )
    if out is not None:
        write_results(record, out, lang, "xlsx")
        typer.echo(f"wrote {out}")
