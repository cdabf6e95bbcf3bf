"""Work functions of the core app, run as Jobs."""

from __future__ import annotations

import shutil
from typing import Any

from django.conf import settings
from django.db import connection

from netcare.core.jobs import JobContext


def self_check(ctx: JobContext) -> dict[str, Any]:
    """Check what a running NetCare needs: database, data directory, broker, disk.

    Run as a job it also proves the queue itself works end to end.
    """
    results: dict[str, Any] = {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        results["database"] = f"{connection.vendor} ok"
    ctx.log(f"database: {results['database']}")
    ctx.progress(25)

    probe = settings.DATA_DIR / ".write-probe"
    probe.write_text("ok", encoding="utf-8")
    probe.unlink()
    free_gib = shutil.disk_usage(settings.DATA_DIR).free / 2**30
    results["data_dir"] = str(settings.DATA_DIR)
    results["free_gib"] = round(free_gib, 1)
    ctx.log(f"data directory writable: {settings.DATA_DIR} ({free_gib:.1f} GiB free)")
    ctx.progress(50)

    from django_q.brokers import get_broker

    broker = get_broker()
    results["broker"] = type(broker).__name__
    results["broker_ok"] = bool(broker.ping())
    ctx.log(f"task broker: {results['broker']} ping={'ok' if results['broker_ok'] else 'failed'}")
    ctx.progress(100)
    return results
