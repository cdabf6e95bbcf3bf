"""The one console script: ``netcare demo | serve | worker | createadmin | manage ...``.

Each command sets the data directory before Django starts, because settings are read
once from the environment.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from netcare.bootstrap import setup

app = typer.Typer(
    help="NetCare: the dedicated L2 expert + key account manager service platform.",
    no_args_is_help=True,
    add_completion=False,
)

DataDir = Annotated[
    Path | None,
    typer.Option("--data-dir", help="Data directory (default: $NETCARE_DATA_DIR or ./.netcare)."),
]
Port = Annotated[int, typer.Option("--port", help="TCP port of the web server.")]
Host = Annotated[str, typer.Option("--host", help="Address the web server listens on.")]


def _migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


@app.command()
def demo(
    data_dir: DataDir = None,
    port: Port = 8000,
    host: Host = "127.0.0.1",
    no_serve: Annotated[
        bool, typer.Option("--no-serve", help="Load and run, do not serve.")
    ] = False,
) -> None:
    """Load the demo customers, run every pipeline, write the reports, then serve."""
    from netcare.collection.allowlist import LOOPBACK, VARIABLE

    # The demo's devices are the simulator on this machine: collection may reach loopback
    # only, whatever the shell says (the demo's data directory keeps it for later serves).
    os.environ[VARIABLE] = LOOPBACK
    setup(data_dir)
    from rich.console import Console

    from netcare.demo import run_demo

    console = Console()
    _migrate()
    summary = run_demo(console=console)
    console.print(summary.render())
    if not no_serve:
        _serve(host, port)


@app.command()
def serve(data_dir: DataDir = None, port: Port = 8000, host: Host = "127.0.0.1") -> None:
    """Run the web server and one task-queue cluster beside it."""
    setup(data_dir)
    _migrate()
    _serve(host, port)


def _serve(host: str, port: int) -> None:
    from django.conf import settings
    from waitress import serve as waitress_serve

    from netcare.wsgi import application

    env = dict(os.environ, NETCARE_DATA_DIR=str(settings.DATA_DIR))
    worker = subprocess.Popen([sys.executable, "-m", "netcare.cli", "worker"], env=env)

    def _stop(*_: Any) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _stop)
    typer.echo(f"NetCare is serving on http://{host}:{port}/ (data: {settings.DATA_DIR})")
    try:
        waitress_serve(application, host=host, port=port, threads=8, ident="NetCare")
    except KeyboardInterrupt:
        pass
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            worker.kill()


@app.command()
def worker(data_dir: DataDir = None) -> None:
    """Run a django-q2 cluster that executes queued jobs and schedules."""
    setup(data_dir)
    from django.core.management import call_command

    call_command("qcluster")


@app.command()
def createadmin(
    username: Annotated[str, typer.Option(help="Login name.")] = "admin",
    email: Annotated[str, typer.Option(help="E-mail address.")] = "",
    data_dir: DataDir = None,
) -> None:
    """Create (or reset the password of) an administrator; the password is prompted."""
    password = os.environ.get("NETCARE_ADMIN_PASSWORD") or typer.prompt(
        "Password", hide_input=True, confirmation_prompt=True
    )
    setup(data_dir)
    _migrate()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    from netcare.customers.services import do_create_user

    try:
        # The candidate user lets the similarity rule compare with the name and e-mail.
        validate_password(password, get_user_model()(username=username, email=email))
    except ValidationError as exc:
        for message in exc.messages:
            typer.echo(message, err=True)
        raise typer.Exit(1) from exc
    do_create_user(username, password=password, email=email, actor=None, is_superuser=True)
    typer.echo(f"admin {username!r} ready")


@app.command()
def backup(
    out: Annotated[Path, typer.Option("--out", help="Archive to write (.tar.gz).")],
    data_dir: DataDir = None,
) -> None:
    """Save the database and the data directory (uploads, reports, keys) into one archive."""
    setup(data_dir)
    from netcare.core.backup import BackupError, create_backup
    from netcare.core.i18n import pick

    try:
        summary = create_backup(out)
    except BackupError as exc:
        typer.echo(pick(f"备份失败：{exc}", f"backup failed: {exc}"), err=True)
        raise typer.Exit(1) from exc
    size = f"{summary.bytes / 2**20:.1f} MiB"
    typer.echo(
        pick(
            f"备份已写入：{summary.archive}（{size}）· {summary.tables} 张表共 {summary.rows} 行"
            f" · {summary.files} 个文件",
            f"backup written: {summary.archive} ({size}) · "
            f"{summary.rows} rows in {summary.tables} tables · {summary.files} files",
        )
    )
    source = summary.manifest["credential_key"]["source"]
    if source != "data directory":
        typer.echo(
            pick(
                f"注意：设备凭据的密钥来自 {source}；请把该变量与本备份一起保管，备份文件中没有它",
                f"note: the key for device credentials comes from {source}; keep that "
                f"variable with this backup, it is not in the archive",
            ),
            err=True,
        )


@app.command()
def restore(
    archive: Annotated[Path, typer.Argument(help="Archive made by netcare backup.")],
    force: Annotated[
        bool,
        typer.Option("--force", help="Replace a database or data directory that is not empty."),
    ] = False,
    data_dir: DataDir = None,
) -> None:
    """Restore a backup into a fresh installation (migrated here first), all or nothing."""
    setup(data_dir)
    _migrate()
    from netcare.core.backup import BackupError, restore_backup
    from netcare.core.i18n import pick

    try:
        summary = restore_backup(archive, force=force)
    except BackupError as exc:
        typer.echo(pick(f"恢复被拒绝：{exc}", f"restore refused: {exc}"), err=True)
        raise typer.Exit(1) from exc
    manifest = summary.manifest
    made = f"NetCare {manifest['netcare_version']}"
    typer.echo(
        pick(
            f"已恢复 {summary.archive}（{made}，制作于 {manifest['created']}）："
            f"{summary.tables} 张表共 {summary.rows} 行，{summary.files} 个文件",
            f"restored {summary.archive} ({made}, made {manifest['created']}): "
            f"{summary.rows} rows in {summary.tables} tables, {summary.files} files",
        )
    )


@app.command(
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
    add_help_option=False,
)
def manage(ctx: typer.Context, data_dir: DataDir = None) -> None:
    """Django management commands, e.g. ``netcare manage migrate`` or ``... shell``."""
    setup(data_dir)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["netcare manage", *ctx.args])


#: Apps that add commands: each ``netcare.<app>.cli`` has ``register(app: typer.Typer)``.
CLI_APPS = [
    "contracts",
    "inventory",
    "collection",
    "delivery",
    "notifications",
    "inspection",
    "lifecycle",
    "problems",
    "knowledge",
    "guides",
    "care",
    "satisfaction",
    "assurance",
    "onsite",
    "consulting",
]


def _register_app_commands() -> None:
    from importlib import import_module

    for name in CLI_APPS:
        try:
            module = import_module(f"netcare.{name}.cli")
        except ModuleNotFoundError as exc:
            if exc.name != f"netcare.{name}.cli":
                raise
            continue
        module.register(app)


_register_app_commands()


def main() -> None:
    app()


if __name__ == "__main__":
    main()
