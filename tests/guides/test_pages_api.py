"""Pages and API end to end: a customer user sees only its own published edition (a
draft or another customer's edition answers 404 on the API and the pages), the
customer admin agrees to a section through the API, the RAM adds one on the page, and
the pages speak Chinese by default."""

from __future__ import annotations

import json

from django.test import Client
from tests.conftest import World
from tests.guides.world import DRAFT_YEAR, PUBLISHED_YEAR

from netcare.guides.models import GuideSection


def _client(world: World, role: str) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


def test_a_customer_sees_only_its_own_published_guide(world: World) -> None:
    viewer = _client(world, "customer_viewer")
    listed = viewer.get("/api/maintenance-guides/").json()["results"]
    assert [(g["customer"], g["year"]) for g in listed] == [("ECCB", PUBLISHED_YEAR)]
    for kind in ("guide_draft",):
        draft = world.obj(kind, "own")
        assert viewer.get(f"/api/maintenance-guides/{draft.pk}/").status_code == 404
        assert viewer.get(f"/guides/editions/{draft.pk}/").status_code == 404
    foreign = world.obj("maintenance_guide", "foreign")
    assert viewer.get(f"/api/maintenance-guides/{foreign.pk}/").status_code == 404
    assert viewer.get(f"/guides/editions/{foreign.pk}/").status_code == 404
    assert viewer.get("/guides/SNEN/").status_code == 404
    own = world.obj("maintenance_guide", "own")
    page = viewer.get(f"/guides/editions/{own.pk}/")
    assert page.status_code == 200 and "日常维护指导手册" in page.content.decode()
    staff = _client(world, "member_staff").get("/api/maintenance-guides/").json()["results"]
    assert sorted(g["year"] for g in staff) == [PUBLISHED_YEAR, DRAFT_YEAR]


def test_sections_through_the_page_and_the_api(world: World) -> None:
    ram = _client(world, "member_staff")
    added = ram.post(
        "/guides/ECCB/sections/",
        {
            "title_zh": "灾备链路每日确认",
            "title_en": "Daily DR link check",
            "text_zh": "每日确认两条灾备链路为 UP。",
            "text_en": "Confirm both DR links are UP every day.",
            "order": "1",
        },
    )
    assert added.status_code == 302
    section = GuideSection.objects.get(customer=world.own, title_en="Daily DR link check")
    admin = _client(world, "customer_admin")
    agreed = admin.post(
        f"/api/guide-sections/{section.pk}/agree/",
        json.dumps({"party": "customer"}),
        content_type="application/json",
    )
    assert agreed.status_code == 200, agreed.content
    assert agreed.json()["customer_agreed_at"] and not agreed.json()["agreed"]
    wrong = admin.post(
        f"/api/guide-sections/{section.pk}/agree/",
        json.dumps({"party": "expert"}),
        content_type="application/json",
    )
    assert wrong.status_code == 400 and "expert" in wrong.content.decode()
    page = admin.get("/guides/ECCB/").content.decode()
    assert "灾备链路每日确认" in page and "尚未确认" in page
    assert "手册当前内容预览" not in page  # the selection preview is the vendor's
    assert "手册当前内容预览" in ram.get("/guides/ECCB/").content.decode()
