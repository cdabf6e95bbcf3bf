"""Names in their own script's order: 张伟 (no space), Anna Schmidt; one function for all."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from netcare.core.people import display_name, full_name, split_full_name
from netcare.customers import services
from netcare.customers.models import Role
from netcare.notifications.services import render
from netcare.reports.wording import person
from tests.conftest import World


@pytest.mark.parametrize(
    ("typed", "first", "last", "shown"),
    [
        ("张 伟", "伟", "张", "张伟"),
        ("张伟", "", "张伟", "张伟"),
        ("欧阳 娜娜", "娜娜", "欧阳", "欧阳娜娜"),
        ("  顾   文涛 ", "文涛", "顾", "顾文涛"),
        ("김 민수", "민수", "김", "김민수"),
        ("山田 太郎", "太郎", "山田", "山田太郎"),
        ("Anna Schmidt", "Anna", "Schmidt", "Anna Schmidt"),
        ("Jean-Luc van der Berg", "Jean-Luc", "van der Berg", "Jean-Luc van der Berg"),
        ("Madonna", "Madonna", "", "Madonna"),
        ("NetCare 管理员", "管理员", "NetCare", "NetCare 管理员"),
        ("", "", "", ""),
    ],
)
def test_split_and_compose(typed: str, first: str, last: str, shown: str) -> None:
    assert split_full_name(typed) == (first, last)
    assert full_name(first, last) == shown


def test_compose_from_fields_as_entered_elsewhere() -> None:
    # Given and family name entered in the admin's two fields.
    assert full_name("伟", "张") == "张伟"
    assert full_name("Anna", "Schmidt") == "Anna Schmidt"
    assert full_name("", "Schmidt") == "Schmidt"
    assert full_name("伟", "") == "伟"


class _User:
    def __init__(self, first: str, last: str, username: str) -> None:
        self.first_name, self.last_name, self.username = first, last, username

    def get_username(self) -> str:
        return self.username


def test_display_name_falls_back_to_login() -> None:
    assert display_name(_User("伟", "张", "ram.zhang")) == "张伟"
    assert display_name(_User("", "", "ram.zhang")) == "ram.zhang"
    assert display_name(None) == ""
    assert person(None) == "—" and person(_User("伟", "张", "x")) == "张伟"


def _zhang(world: World) -> Any:
    user = services.do_create_user(
        "ram.zhang", password="pw-zhang", actor=None, full_name="张 伟", email="z@example.com"
    )
    services.do_grant_membership(user, world.own, Role.ASM, actor=world.users["admin"])
    return user


def test_pages_reports_and_emails_write_chinese_names_without_space(world: World) -> None:
    zhang = _zhang(world)
    assert (zhang.first_name, zhang.last_name) == ("伟", "张")
    client = Client()
    client.force_login(zhang)
    page = client.get("/customers/ECCB/").content.decode()
    assert "张伟" in page and "张 伟" not in page
    assert person(zhang) == "张伟"
    for language in ("zh", "en"):
        context = {"recipient": zhang, "customer": world.own, "contract": None, "link": ""}
        _, body = render("service_start", language, context)
        assert "张伟" in body and "张 伟" not in body, language
