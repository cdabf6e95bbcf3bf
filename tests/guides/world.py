"""Maintenance guides for the test world (rows only, as the services leave them).

Per customer: last year's edition published, this year's a draft, and a custom section
agreed by nobody yet.
"""

from __future__ import annotations

from typing import Any

#: The years of the world's editions.
PUBLISHED_YEAR, DRAFT_YEAR = 2025, 2026


def extend_world(world: Any, admin: Any) -> None:
    from django.utils import timezone

    from netcare.guides.models import GuideSection, MaintenanceGuide

    for which in ("own", "foreign"):
        customer = world.obj("customer", which)
        published = MaintenanceGuide.objects.create(
            customer=customer,
            year=PUBLISHED_YEAR,
            state=MaintenanceGuide.State.PUBLISHED,
            stats={"devices": 1, "checks": {"daily": 9, "weekly": 3, "monthly": 2}},
            published_at=timezone.now(),
            created_by=admin,
        )
        draft = MaintenanceGuide.objects.create(
            customer=customer, year=DRAFT_YEAR, stats={}, created_by=admin
        )
        section = GuideSection.objects.create(
            customer=customer,
            title_zh=f"{customer.code} 核心设备每日确认",
            title_en=f"{customer.code} daily core check",
            text_zh="每日确认 IRF 成员在位。",
            text_en="Confirm every IRF member is present each day.",
            created_by=admin,
        )
        world.objects.setdefault("maintenance_guide", {})[which] = published
        world.objects.setdefault("guide_draft", {})[which] = draft
        world.objects.setdefault("guide_section", {})[which] = section
