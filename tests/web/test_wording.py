"""Every sentence a page explains itself with is printed once, in either language.

The Chinese catalogue once held eight messages whose translation was two translations
joined (the calendar, plan-choices, upload, collect and review pages printed their help
twice); the catalogue check catches any new one, the page check proves the pages.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client
from django.utils import translation
from django.utils.html import escape

import netcare
from tests.conftest import World
from tests.web.test_shell import _entries


@pytest.fixture
def world(shared_world: World) -> World:
    """One world for the module, as built (each test's writes are undone)."""
    return shared_world


PO = Path(netcare.__file__).parent / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"

#: (page, who opens it, the help text it shows once)
PAGES = [
    (
        "/delivery/calendar/",
        "member_staff",
        "This private address shows your obligations in any calendar app (iCalendar). "
        "Keep it secret; reset it if it leaks.",
    ),
    (
        "/delivery/ECCB/plan/choices/",
        "customer_admin",
        "For each item of your contract, tell your service team whether you want it now, "
        "later in the term, or not at all, and add any suggestion.",
    ),
    (
        "/collection/ECCB/upload/",
        "member_staff",
        "One file per device per command, or one terminal session log per device, or the "
        "collection kit's zip. The archive is kept as uploaded, whatever the outcome.",
    ),
    (
        "/collection/ECCB/collect/",
        "member_staff",
        "Empty for all active devices; or e.g. platform=hp_comware, site=Shanghai*",
    ),
    (
        "/delivery/ECCB/reviews/mid_term/",
        "member_staff",
        "The report is built from what was recorded: obligations delivered on time, late or "
        "waived, deliverables, quota used, contacts and requests. Write your assessment, "
        "generate, download the Word master to edit, upload it back, then publish.",
    ),
]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize(("url", "role", "help_text"), PAGES, ids=[p[0] for p in PAGES])
def test_help_text_printed_once(
    world: World, url: str, role: str, help_text: str, language: str
) -> None:
    client = Client()
    client.force_login(world.users[role])
    client.cookies["django_language"] = language
    response = client.get(url)
    assert response.status_code == 200, url
    with translation.override(language):
        shown = translation.gettext(help_text)
    if language == "zh-hans":
        assert shown != help_text, f"untranslated: {help_text}"
    # Text from a template literal is printed as is, a form's help text HTML-escaped.
    body = response.content.decode().replace(escape("'"), "'")
    times = body.count(shown)
    assert times == 1, f"{url} ({language}) shows its help {times} times"
    # Nor is the sentence shown two wordings of itself.
    assert shown == help_text or _longest_repeat(shown) < 10, (
        f"{url} ({language}) says it twice: {shown}"
    )


def _longest_repeat(text: str) -> int:
    """Length of the longest piece of ``text`` that occurs twice without overlapping
    (placeholders count as one character)."""
    text = re.sub(r"%\(\w+\)[sd]", "§", text)
    longest = 0
    for length in range(4, len(text) // 2 + 1):
        first: dict[str, int] = {}
        for i in range(len(text) - length + 1):
            piece = text[i : i + length]
            if i - first.setdefault(piece, i) >= length:
                longest = length
                break
        else:
            break
    return longest


def test_no_translation_is_two_translations_joined() -> None:
    doubled = [
        msgstr
        for msgid, msgstr in _entries(PO.read_text(encoding="utf-8"))
        if _longest_repeat(msgstr) >= 10 and _longest_repeat(msgstr) > _longest_repeat(msgid)
    ]
    assert not doubled, f"translated twice in django.po: {doubled}"


def test_repeat_finder() -> None:
    assert _longest_repeat("服务计划已生成：新增 %(n)s 项。服务计划已生成：新增 %(n)s 项。") >= 10
    assert _longest_repeat("新建 %(a)s · 更新 %(b)s · 未变更 %(c)s · 拒绝 %(d)s") < 10
