"""Pages name platforms, run statuses, file kinds and configuration features, in the
viewer's language, never by their code (hp_comware, ok, unmatched, snmp_v2c)."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from netcare.collection import labels
from netcare.collection import services as collection
from netcare.collection.parsing import features as features_mod
from tests.conftest import World


@pytest.fixture
def world(shared_world: World) -> World:
    """One world for the module, as built (each test's writes are undone)."""
    return shared_world


SAMPLES = Path(__file__).resolve().parent.parent / "data" / "collection" / "samples"
CONFIG = b"""#
 sysname ECCB-CORE-01
#
 ssh server enable
#
 snmp-agent
 snmp-agent community read cipher $c$3$secret
 snmp-agent sys-info version v2c v3
#
return
"""
CODES = ["hp_comware", "snmp_v2c", "ssh_server", "unmatched", "unrecognised"]
WORDS = {
    "zh-hans": [
        "新华三 Comware",
        "SNMPv2c",
        "SSH 服务",
        "成功",
        "不在设备清单中",
        "未识别",
        "命令输出",
    ],
    "en": [
        "H3C Comware",
        "SNMPv2c",
        "SSH server",
        "ok",
        "not in the inventory",
        "not recognised",
        "command output",
    ],
}


def _text(html: str) -> str:
    """What a reader sees: the page without tags, attributes, scripts and styles."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


@pytest.fixture
def imported(world: World) -> Any:
    """A real import: the own core switch's version and configuration, a switch not in
    the inventory, and a note that is no device output."""
    buffer = io.BytesIO()
    version = (SAMPLES / "display_version_5900af_cw7.txt").read_bytes()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("ECCB-CORE-01/display_version.txt", version)
        archive.writestr("ECCB-CORE-01/display current-configuration.txt", CONFIG)
        archive.writestr("ECCB-NEW-01/display_version.txt", version)
        archive.writestr("notes.txt", b"called the customer at 10:00\n")
    buffer.seek(0)
    upload = collection.do_import_archive(
        world.own, filename="visit.zip", source=buffer, actor=world.users["member_staff"]
    )
    assert upload.state == "imported", upload.error
    return upload


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_collection_and_device_pages_show_names_not_codes(
    world: World, imported: Any, language: str
) -> None:
    client = Client()
    client.force_login(world.users["member_staff"])
    client.cookies["django_language"] = language
    device = world.obj("device", "own")
    job = imported.collection_jobs.get()
    output = device.raw_outputs.exclude(command_key="running_config").first()
    pages = {
        "device": f"/inventory/devices/{device.pk}/",
        "upload": f"/collection/uploads/{imported.pk}/",
        "job": f"/collection/jobs/{job.pk}/",
        "jobs": "/collection/ECCB/jobs/",
    }
    pages["output"] = f"/collection/outputs/{output.pk}/"
    seen = ""
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        text = _text(response.content.decode())
        for code in CODES:
            assert not re.search(rf"\b{code}\b", text), f"{name} page shows the code {code}"
        seen += text
    for word in WORDS[language]:
        assert word in seen, f"{word!r} missing ({language})"
    device_text = _text(client.get(pages["device"]).content.decode())
    platform = "新华三 Comware" if language == "zh-hans" else "H3C Comware"
    assert platform in device_text and "SNMPv2c" in device_text


def test_every_feature_has_a_name() -> None:
    names = {rule.name for rule in features_mod.feature_rules()}
    assert names == set(labels.FEATURES), names ^ set(labels.FEATURES)
