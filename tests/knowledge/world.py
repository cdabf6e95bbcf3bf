"""Knowledge objects for the test world (rows as the services leave them; the inventory
world runs first, so each customer has its Comware core switch S12508X-AF).

The library is the vendor's shared data: "own" and "foreign" are just two documents
(each with a small file) and two imports, named without any customer's name. Per
customer: a document profile, a pushed package with one item, and a package still
under review (``doc_package_draft``) with one item (``package_item``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.base import ContentFile

SLUGS = {"own": "test-irf-guide", "foreign": "test-bgp-guide"}


def _shared(world: Any, admin: Any) -> None:
    from netcare.knowledge.models import Document, DocumentImport

    documents = {}
    for which, tag in (("own", "irf"), ("foreign", "bgp")):
        document = Document(
            slug=SLUGS[which],
            title_zh=f"测试文档 {tag}",
            title_en=f"Test document {tag}",
            kind="config_guide",
            platform="hp_comware",
            series="S125*",
            scenarios=["data_centre"],
            tags=[tag],
            language="zh",
            updated=dt.date(2026, 1, 10),
            revision="1",
            created_by=admin,
        )
        document.file.save(
            f"{SLUGS[which]}/guide.txt", ContentFile(b"guide " + tag.encode()), save=False
        )
        document.save()
        documents[which] = document
    imports = {
        "own": DocumentImport.objects.create(
            source="library.zip",
            state="done",
            counts={"created": 2, "updated": 0},
            created_by=admin,
        ),
        "foreign": DocumentImport.objects.create(
            source="broken.csv",
            state="refused",
            error="Refused, nothing was imported — broken.csv: row 2, column 'kind': 'x'",
            created_by=admin,
        ),
    }
    world.objects["document"] = documents
    world.objects["document_import"] = imports


def _per_customer(world: Any, admin: Any, which: str) -> None:
    from netcare.knowledge.models import CustomerProfile, DocPackage, PackageItem

    customer = world.obj("customer", which)
    document = world.obj("document", which)
    profile = CustomerProfile.objects.create(
        customer=customer, scenarios=["data_centre"], language="zh"
    )
    pushed = DocPackage.objects.create(
        customer=customer,
        state="pushed",
        language="zh",
        created_by=admin,
        pushed_at=dt.datetime(2026, 2, 1, tzinfo=dt.UTC),
    )
    PackageItem.objects.create(
        customer=customer,
        package=pushed,
        document=document,
        revision="1",
        document_updated=document.updated,
        reason_zh="测试",
        reason_en="test",
    )
    draft = DocPackage.objects.create(customer=customer, language="zh", created_by=admin)
    item = PackageItem.objects.create(
        customer=customer,
        package=draft,
        document=document,
        revision="1",
        document_updated=document.updated,
        reason_zh="测试",
        reason_en="test",
    )
    for kind, obj in (
        ("document_profile", profile),
        ("doc_package", pushed),
        ("doc_package_draft", draft),
        ("package_item", item),
    ):
        world.objects.setdefault(kind, {})[which] = obj


def extend_world(world: Any, admin: Any) -> None:
    _shared(world, admin)
    for which in ("own", "foreign"):
        _per_customer(world, admin, which)
