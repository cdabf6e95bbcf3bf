"""The web shell: Chinese by default, English on request; translations complete."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from django.test import Client

import netcare
from tests.conftest import World


@pytest.fixture
def world(shared_world: World) -> World:
    """One world for the module, as built (each test's writes are undone)."""
    return shared_world


LOCALE = Path(netcare.__file__).parent / "locale" / "zh_Hans" / "LC_MESSAGES"


def test_chinese_by_default_and_english_on_switch(world: World) -> None:
    client = Client()
    client.force_login(world.users["member_staff"])
    page = client.get("/customers/ECCB/").content.decode()
    assert "服务团队" in page and "华东城市商业银行" in page and "专属L2专家" in page
    assert (
        client.post("/i18n/setlang/", {"language": "en", "next": "/customers/ECCB/"}).status_code
        == 302
    )
    page = client.get("/customers/ECCB/").content.decode()
    assert "Service team" in page and "East China City Commercial Bank" in page
    assert "dedicated L2 expert" in page


def test_pages_load_no_remote_assets(world: World) -> None:
    client = Client()
    client.force_login(world.users["admin"])
    for url in ("/", "/customers/ECCB/", "/login/"):
        body = client.get(url, follow=True).content.decode()
        assert not re.search(r'(src|href)="(https?:)?//', body), url


def test_static_assets_served(world: World) -> None:
    client = Client()
    assert client.get("/static/web/netcare.css").status_code == 200
    assert client.get("/static/web/vendor/htmx-2.0.8.min.js").status_code == 200


def test_job_page_polls_until_done(world: World) -> None:
    client = Client()
    client.force_login(world.users["member_staff"])
    job = world.obj("job", "own")
    body = client.get(f"/jobs/{job.pk}/").content.decode()
    assert 'hx-trigger="every 2s"' in body
    fragment = client.get(f"/jobs/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert fragment.lstrip().startswith("<section")
    job.status = "succeeded"
    job.save()
    assert "hx-trigger" not in client.get(f"/jobs/{job.pk}/").content.decode()


def _unquote(text: str) -> str:
    """A PO string's C escapes (\\" \\n \\t \\\\) as the characters they stand for."""
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
    return re.sub(r"\\(.)", lambda m: escapes.get(m.group(1), m.group(1)), text)


def _entries(po: str) -> list[tuple[str, str]]:
    """(msgid, msgstr) of every entry, multi-line strings joined, the header left out."""
    pairs = []
    for match in re.finditer(r'^msgid ((?:".*"\n)+)msgstr ((?:".*"\n?)+)', po, flags=re.M):
        msgid, msgstr = ("".join(re.findall(r'"(.*)"', m)) for m in match.groups())
        if msgid:
            pairs.append((_unquote(msgid), _unquote(msgstr)))
    return pairs


def test_every_message_is_translated_and_compiled() -> None:
    po = (LOCALE / "django.po").read_text(encoding="utf-8")
    pairs = _entries(po)
    untranslated = [msgid for msgid, msgstr in pairs if not msgstr]
    assert not untranslated, f"translate these in django.po: {untranslated}"
    with (LOCALE / "django.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    stale = [msgid for msgid, msgstr in pairs if compiled.gettext(msgid) != msgstr]
    assert not stale, f"django.mo is stale; run msgfmt: {stale[:5]}"
