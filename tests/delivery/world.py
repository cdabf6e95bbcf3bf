"""Deliverables for the test world: a published one with a file and a draft, per customer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from netcare.delivery import services


def extend_world(world: Any, admin: Any) -> None:
    import tempfile

    for which, customer in (("own", world.own), ("foreign", world.foreign)):
        published = services.do_create_deliverable(
            customer, item="inspection", title=f"{customer.code} 巡检报告", actor=admin
        )
        with tempfile.TemporaryDirectory() as tmp:
            source = Path(tmp) / "report.pdf"
            source.write_bytes(b"%PDF-1.7 test " + customer.code.encode())
            attached = services.do_attach_file(
                published,
                source,
                fmt="pdf",
                language="zh",
                actor=admin,
                name=f"{customer.code}-inspection-zh.pdf",
            )
        services.do_publish(published, actor=admin)
        draft = services.do_create_deliverable(
            customer, item="inspection", title=f"{customer.code} 草稿", actor=admin
        )
        world.objects.setdefault("deliverable", {})[which] = published
        world.objects.setdefault("draft", {})[which] = draft
        world.objects.setdefault("deliverable_file", {})[which] = attached
