"""Demo knowledge: a library of about forty documents written for NetCare (links to
placeholder pages of the NetCare documentation site, a few small generated text files),
ECCB's declared scenarios, and its first exclusive document package proposed, reviewed
and pushed against the document push the delivery demo left open.

Every step checks what an earlier run left, so running the demo twice changes nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from django.contrib.auth import get_user_model
from django.test import override_settings

from netcare.customers.models import Customer
from netcare.knowledge.models import DocPackage, Document
from netcare.knowledge.services import library, packages, profiles

DATA = Path(__file__).resolve().parent / "data" / "demo_library.yaml"
#: Placeholder pages of the NetCare documentation site (no network is used).
SITE = "https://docs.netcare.example/library"
QUIET_MAIL = override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
ECCB_SCENARIOS = ["campus", "data_centre", "security", "wan"]


def demo_entries() -> list[dict[str, Any]]:
    """The demo library's entries as the YAML file gives them."""
    loaded = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    return list(loaded["documents"])


def load_library(summary: Any) -> None:
    """Knowledge: the demo document library (about forty entries)."""
    known = dict(Document.objects.values_list("slug", "revision"))
    for entry in demo_entries():
        row = dict(entry)
        text = row.pop("text", None)
        if known.get(row["slug"]) == str(row.get("revision", "1")):
            continue
        if text is None:
            row.setdefault("url", f"{SITE}/{row['slug']}")
            library.do_save_document(actor=None, data=row)
        else:
            content = f"{row['title_zh']}\n{row['title_en']}\n\n{text}".encode()
            library.do_save_document(
                actor=None, data=row, file_name=f"{row['slug']}.txt", content=content
            )


def push_eccb_package(summary: Any) -> None:
    """Knowledge: ECCB's scenarios declared, its first package proposed and pushed."""
    customer = Customer.objects.filter(code="ECCB").first()
    if customer is None:
        return
    if DocPackage.objects.filter(customer=customer, state=DocPackage.State.PUSHED).exists():
        return
    ram = get_user_model()._default_manager.filter(username="ram.zhang").first()
    admin = get_user_model()._default_manager.filter(username="eccb.admin").first()
    with QUIET_MAIL:
        profiles.do_set_profile(
            customer, scenarios=ECCB_SCENARIOS, language="zh", actor=admin or ram
        )
        package = packages.do_propose_package(customer, actor=ram)
        # The RAM's review: ECCB's one Catalyst access switch is no HSRP gateway.
        for item in package.items.filter(document__slug="ios-hsrp-best-practice"):
            packages.do_remove_item(item, actor=ram)
        packages.do_push_package(package, actor=ram)


STEPS = [load_library, push_eccb_package]
