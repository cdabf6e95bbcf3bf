"""Console rendering (rich) for the server-side ``netcare collect`` commands."""

from __future__ import annotations

import threading
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from netcare.collection import services
from netcare.collection.models import CollectionJob, DeviceRun, Upload

_COLOURS = {"ok": "green", "partial": "yellow", "unmatched": "yellow"}


def render_upload(upload: Upload, console: Console) -> None:
    """The import's outcome: refusal reason, or per-device rows and unrecognised files."""
    console.print(
        f"{upload.original_name}: {upload.get_state_display()} (kept as {upload.stored_path})"
    )
    if upload.state == Upload.State.REFUSED:
        console.print(f"[bold red]{upload.error}[/]")
        return
    report = upload.report
    table = Table(title=f"{len(report.get('devices', []))} devices")
    for column in ("hostname", "platform", "status", "outputs", "model", "version", "note"):
        table.add_column(column)
    for row in report.get("devices", []):
        colour = _COLOURS.get(row["status"], "red")
        table.add_row(
            row["hostname"],
            row["platform"] or "?",
            f"[{colour}]{row['status']}[/]",
            str(row["outputs"]),
            row.get("model") or "",
            row.get("version") or "",
            row["message"],
        )
    console.print(table)
    for row in report.get("files", []):
        if row["status"] in ("unrecognised",):
            console.print(f"[yellow]{row['path']}[/]: {row['reason']}")


def run_with_progress(job: CollectionJob, console: Console, *, concurrency: int) -> dict[str, Any]:
    """Run an SSH collection in this process with a progress bar and one line per device."""
    stop = threading.Event()
    shown: set[int] = set()

    with Progress(
        TextColumn("[bold]collecting"), BarColumn(), MofNCompleteColumn(), console=console
    ) as bar:
        task = bar.add_task("devices", total=job.total)

        def watch() -> None:
            from django.db import connection

            try:
                while not stop.wait(0.5):
                    _show_new(job, bar, task, shown)
            finally:
                connection.close()

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        try:
            summary = services.run_collection(job, concurrency=concurrency)
        finally:
            stop.set()
            watcher.join()
        _show_new(job, bar, task, shown)
    console.print(
        ", ".join(f"{k}: {v}" for k, v in summary.items() if k not in ("collection_job",))
    )
    return summary


def _show_new(job: CollectionJob, bar: Progress, task: Any, shown: set[int]) -> None:
    ended = DeviceRun.objects.filter(collection_job=job).exclude(
        status__in=[DeviceRun.Status.QUEUED, DeviceRun.Status.RUNNING]
    )
    for run in ended.exclude(pk__in=shown):
        shown.add(run.pk)
        colour = _COLOURS.get(run.status, "red")
        bar.console.print(
            f"[{colour}]{run.status:<12}[/] {run.hostname} "
            f"({run.elapsed or 0:.1f} s, {run.commands_ok}/{run.commands}) {run.message}"
        )
    bar.update(task, completed=len(shown))
