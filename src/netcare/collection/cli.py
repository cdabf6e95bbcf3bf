"""``netcare parse | facts | collect | simulate``: device data from the command line.

``parse``, ``facts``, ``collect --offline`` and ``simulate`` run anywhere the package is
installed, with no server and no database (they never start Django): the offline kit
and an expert's laptop use them. ``collect --customer`` runs on the server, as the
system unless ``--user`` names the account to attribute the work to.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from netcare.bootstrap import setup

CustomerCode = Annotated[
    str, typer.Option("--customer", help="Customer code, e.g. ECCB (server side).")
]
DataDir = Annotated[
    Path | None,
    typer.Option("--data-dir", help="Data directory (default: $NETCARE_DATA_DIR or ./.netcare)."),
]


def register(app: typer.Typer) -> None:
    """Add the collection commands to the console script."""
    app.command("parse")(parse_command)
    app.command("facts")(facts_command)
    app.command("collect")(collect_command)
    app.command("simulate")(simulate_command)


def _print_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def parse_command(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="One output.")],
    platform: Annotated[str, typer.Option("--platform", help="e.g. hp_comware, cisco_ios.")],
    command: Annotated[str, typer.Option("--command", help='e.g. "display version".')],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Parse one command output into records (ntc-templates' field names, lower case)."""
    from netcare.collection.parsing import commands, templates
    from netcare.collection.parsing.hygiene import clean_text

    if platform not in commands.PLATFORMS:
        typer.echo(f"unknown platform {platform!r}; use one of {', '.join(commands.PLATFORMS)}")
        raise typer.Exit(2)
    try:
        records = templates.parse(platform, command, clean_text(file.read_bytes()))
    except templates.CommandError as exc:
        typer.echo(f"the device answered with an error: {exc.message}", err=True)
        raise typer.Exit(1) from None
    except templates.TemplateNotFound:
        typer.echo(f"no parser for {platform} {command!r}", err=True)
        raise typer.Exit(2) from None
    if as_json:
        _print_json(records)
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{platform} · {command} · {len(records)} records")
    fields = list(records[0]) if records else []
    for name in fields:
        table.add_column(name)
    for record in records:
        table.add_row(*(", ".join(v) if isinstance(v, list) else str(v) for v in record.values()))
    Console().print(table)


def facts_command(
    path: Annotated[Path, typer.Argument(exists=True, help="A folder, zip, tar.gz or tar.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    platform: Annotated[
        str | None, typer.Option("--platform", help="Platform when no version output says it.")
    ] = None,
    config: Annotated[
        bool,
        typer.Option(
            "--config", help="Include configuration text, secrets masked (输出配置，密钥已隐藏)."
        ),
    ] = False,
    show_secrets: Annotated[
        bool,
        typer.Option(
            "--show-secrets",
            help="With --config: print passwords, communities and keys as they are. A tool "
            "for the vendor's staff only; never pass the output to a customer "
            "(仅限厂商工程师：原样输出密码、团体字和密钥).",
        ),
    ] = False,
) -> None:
    """Recognise the devices in a folder or archive and print their normalised facts."""
    from netcare.collection.archives import ArchiveRefused
    from netcare.collection.reading import facts_for_path

    try:
        records, reports = facts_for_path(path, platform=platform, with_config=config)
    except (ArchiveRefused, ValueError) as exc:
        typer.echo(f"refused: {exc}", err=True)
        raise typer.Exit(1) from None
    if not show_secrets:
        _mask_configs(records)
    if as_json:
        _print_json(records)
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{path} · {len(records)} devices")
    for column in ("hostname", "platform", "model", "serial", "version", "files"):
        table.add_column(column)
    for record in records:
        facts = record["facts"] or {}
        table.add_row(
            record["hostname"],
            record["platform"] or "?",
            facts.get("model") or "",
            facts.get("serial") or "",
            facts.get("os_version") or "",
            str(len(record["files"])),
        )
    console = Console()
    console.print(table)
    for report in reports:
        if report.status == "unrecognised":
            console.print(f"[yellow]{report.path}[/]: {report.reason}")


def _mask_configs(records: list[dict[str, Any]]) -> None:
    """Mask the secrets of every configuration in place: a printed configuration ends
    up in mails and tickets, so it is masked unless ``--show-secrets`` was asked for."""
    from netcare.collection.parsing.secrets import mask_secrets

    for record in records:
        facts = record.get("facts") or {}
        if facts.get("config_text"):
            facts["config_text"] = mask_secrets(facts["config_text"])


def collect_command(
    customer: Annotated[
        str | None, typer.Option("--customer", help="Customer code (on the server).")
    ] = None,
    archive: Annotated[
        Path | None,
        typer.Option("--archive", exists=True, dir_okay=False, help="Import this archive."),
    ] = None,
    devices: Annotated[
        str | None,
        typer.Option(
            "--devices",
            help="SSH: a device query (hostname, platform=…, site=…, role=…; * wildcards). "
            "--offline: the device list CSV.",
        ),
    ] = None,
    offline: Annotated[
        bool, typer.Option("--offline", help="Collection kit: no server, write an archive.")
    ] = False,
    out: Annotated[Path | None, typer.Option("--out", help="--offline: archive to write.")] = None,
    credentials: Annotated[
        Path | None,
        typer.Option(
            "--credentials", exists=True, dir_okay=False, help="--offline: local login CSV."
        ),
    ] = None,
    manual: Annotated[
        bool, typer.Option("--manual", help="--archive: a field engineer's files (not the kit).")
    ] = False,
    visit_date: Annotated[
        str | None,
        typer.Option("--visit-date", help="--manual: day of the visit (YYYY-MM-DD; today)."),
    ] = None,
    hours_onsite: Annotated[
        float | None, typer.Option("--hours-onsite", help="--manual: hours on site.")
    ] = None,
    hours_travel: Annotated[
        float | None, typer.Option("--hours-travel", help="--manual: hours travelling.")
    ] = None,
    timeout: Annotated[float, typer.Option(help="Seconds per device and attempt.")] = 60.0,
    retries: Annotated[int, typer.Option(help="Retries when a device cannot be reached.")] = 1,
    concurrency: Annotated[int, typer.Option(help="Devices collected at once.")] = 8,
    user: Annotated[str, typer.Option("--user", help="Attribute the work to this login.")] = "",
    data_dir: DataDir = None,
) -> None:
    """Collect device data: over SSH, from an archive, or offline with the kit."""
    if offline:
        if devices is None or out is None:
            typer.echo("--offline needs --devices devices.csv and --out collection.zip", err=True)
            raise typer.Exit(2)
        _collect_offline(Path(devices), out, credentials, concurrency, timeout, retries)
        return
    if not customer:
        typer.echo("give --customer CODE (or --offline for the collection kit)", err=True)
        raise typer.Exit(2)
    _setup(data_dir)
    actor = _actor(user)
    code = customer
    if archive is not None:
        visit = _visit(visit_date, hours_onsite, hours_travel) if manual else None
        _import_archive(code, archive, actor, "manual" if manual else None, visit)
    else:
        _collect_ssh(code, devices or "", actor, timeout, retries, concurrency)


def _setup(data_dir: Path | None) -> None:
    from django.core.management import call_command

    setup(data_dir)

    call_command("migrate", interactive=False, verbosity=0)


def _actor(user: str) -> Any:
    if not user:
        return None
    from django.contrib.auth import get_user_model

    actor = get_user_model()._default_manager.filter(username=user).first()
    if actor is None:
        typer.echo(f"no user {user!r}", err=True)
        raise typer.Exit(2)
    return actor


def _customer(code: str) -> Any:
    from netcare.customers.models import Customer

    found = Customer.objects.filter(code=code).first()
    if found is None:
        typer.echo(f"no customer with code {code!r}", err=True)
        raise typer.Exit(2)
    return found


def _visit(day: str | None, onsite: float | None, travel: float | None) -> Any:
    """The field engineer's visit as given on the command line."""
    import datetime as dt
    from decimal import Decimal

    from netcare.collection.services import VisitInput

    try:
        date = dt.date.fromisoformat(day) if day else dt.date.today()
    except ValueError:
        typer.echo(f"--visit-date: {day!r} is not a date (YYYY-MM-DD)", err=True)
        raise typer.Exit(2) from None
    return VisitInput(
        date=date,
        hours_onsite=Decimal(str(onsite)) if onsite is not None else None,
        hours_travel=Decimal(str(travel)) if travel is not None else None,
    )


def _import_archive(
    code: str, archive: Path, actor: Any, method: str | None, visit_input: Any
) -> None:
    from django.core.exceptions import ValidationError
    from rich.console import Console

    from netcare.collection import services
    from netcare.collection.console import render_upload

    customer = _customer(code)
    try:
        upload = services.do_import_archive(
            customer,
            filename=archive.name,
            source=archive,
            actor=actor,
            method=method,
            visit=visit_input,
        )
    except ValidationError as exc:
        hint = " (--user LOGIN)" if "engineer" in exc.message_dict else ""
        typer.echo("; ".join(exc.messages) + hint, err=True)
        raise typer.Exit(2) from None
    render_upload(upload, Console())
    raise typer.Exit(0 if upload.state == "imported" else 1)


def _collect_ssh(
    code: str, query: str, actor: Any, timeout: float, retries: int, concurrency: int
) -> None:
    from django.core.exceptions import ValidationError
    from rich.console import Console

    from netcare.collection import services
    from netcare.collection.console import run_with_progress

    try:
        job = services.do_start_collection(
            _customer(code),
            actor=actor,
            query=query,
            timeout=timeout,
            retries=retries,
            enqueue=False,
        )
    except ValidationError as exc:
        typer.echo(f"nothing to collect: {'; '.join(exc.messages)}", err=True)
        raise typer.Exit(2) from None
    summary = run_with_progress(job, Console(), concurrency=concurrency)
    raise typer.Exit(0 if summary.get("ok", 0) + summary.get("partial", 0) else 1)


def _collect_offline(
    devices_csv: Path,
    out: Path,
    credentials_file: Path | None,
    concurrency: int,
    timeout: float,
    retries: int,
) -> None:
    from rich.console import Console

    from netcare.collection import kit

    console = Console(stderr=True)
    try:
        devices = kit.read_devices(devices_csv)
        if credentials_file is not None:
            logins = kit.read_credentials(credentials_file)
        else:
            username = typer.prompt("Username")
            password = typer.prompt("Password", hide_input=True)
            secret = typer.prompt(
                "Enable secret (Enter for none)", default="", hide_input=True, show_default=False
            )
            logins = kit.Credentials(default=(username, password, secret))
    except (kit.KitError, OSError) as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from None
    console.print(f"collecting {len(devices)} devices into {out}")

    def show(result: Any) -> None:
        colour = "green" if result.status == "ok" else "yellow"
        console.print(
            f"[{colour}]{result.status:<12}[/] {result.name} ({result.elapsed:.1f} s) "
            f"{result.message}"
        )

    manifest = kit.collect_offline(
        devices,
        logins,
        out,
        concurrency=concurrency,
        timeout=timeout,
        retries=retries,
        on_result=show,
    )
    statuses = [d["status"] for d in manifest["devices"]]
    for device in manifest["devices"]:
        if device["status"] == "error" and not device["files"]:
            show_missing = f"[red]{'error':<12}[/] {device['hostname']} {device['message']}"
            console.print(show_missing)
    collected = sum(1 for s in statuses if s in ("ok", "partial"))
    console.print(f"{collected} of {len(statuses)} devices collected; upload {out} to NetCare")
    raise typer.Exit(0 if collected else 1)


def simulate_command(
    devices: Annotated[
        Path, typer.Option("--devices", exists=True, file_okay=False, help="Device folders.")
    ],
    port: Annotated[int, typer.Option("--port", help="First port (0: any free port).")] = 10022,
    host: Annotated[str, typer.Option("--host", help="Address to bind.")] = "127.0.0.1",
    ports_file: Annotated[
        Path | None, typer.Option("--ports-file", help="Also write name,…,port CSV here.")
    ] = None,
) -> None:
    """Serve simulated devices over SSH (see docs/simulator.md) until Ctrl-C."""
    from netcare.collection.simulator.__main__ import main as simulator_main

    args = ["--devices", str(devices), "--port", str(port), "--host", host]
    if ports_file is not None:
        args += ["--ports-file", str(ports_file)]
    raise typer.Exit(simulator_main(args))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(0)
