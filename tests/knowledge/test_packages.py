"""Exclusive document packages end to end on the test world (its customers each run a
Comware S12508X-AF on 7.1.070 R7585P05 and have a confirmed plan with quarterly
document pushes): proposal by platform, range and scenario, the RAM's review, the push
completing the due obligation, the zip's index read back in zh and en, the no-resend
rule and the resend of an updated document, the scheduled proposal, and the API and
pages refusing another customer's package."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from netcare.delivery.models import Deliverable, Obligation
from netcare.knowledge.models import DocPackage, Document
from netcare.knowledge.services import library, packages, profiles
from netcare.notifications.models import Notification


@pytest.fixture(autouse=True)
def quiet(settings: Any, tmp_path: Path) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.DATA_DIR = tmp_path


def _doc(slug: str, **fields: Any) -> Document:
    data = {
        "slug": slug,
        "title_zh": f"{slug} 中文标题",
        "title_en": f"{slug} English title",
        "kind": "config_guide",
        "updated": "2026-01-15",
        **fields,
    }
    return library.do_save_document(
        actor=None, data=data, file_name=f"{slug}.txt", content=slug.encode()
    )


def _zip(deliverable: Deliverable) -> zipfile.ZipFile:
    (attached,) = deliverable.files.all()
    assert attached.format == "zip"
    return zipfile.ZipFile(io.BytesIO(attached.path.read_bytes()))


def _sheet_text(archive: zipfile.ZipFile) -> str:
    book = load_workbook(io.BytesIO(archive.read("index.xlsx")), read_only=True)
    return " ".join(
        str(cell)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell
    )


def _items(package: DocPackage) -> set[str]:
    return set(package.items.filter(included=True).values_list("document__slug", flat=True))


@pytest.mark.django_db
def test_propose_review_push_no_resend_and_resend(world: Any) -> None:
    own = world.own
    ram, viewer = world.users["member_staff"], world.users["customer_viewer"]
    _doc(
        "in-range",
        platform="hp_comware",
        series="S125*",
        version_from="7.1.070, Release 7585",
        version_to="7.1.070, Release 7595",
        scenarios="data_centre",
    )
    _doc("below-range", platform="hp_comware", version_to="7.1.070, Release 7585P04")
    _doc("other-series", platform="hp_comware", series="S6850")
    _doc("other-platform", platform="huawei_vrp")
    _doc("neutral-dc", scenarios="data_centre")
    _doc("neutral-campus", scenarios="campus")
    _doc("campus-comware", platform="hp_comware", scenarios="campus")
    profiles.do_set_profile(
        own, scenarios=["data_centre"], language="zh", actor=world.users["customer_admin"]
    )

    package = packages.do_propose_package(own, actor=ram, refresh=True)
    # The world's own customer already received test-irf-guide (revision 1): not again.
    assert _items(package) == {"in-range", "neutral-dc", "test-bgp-guide"}
    reason = package.items.get(document__slug="in-range").reason("en")
    assert "ECCB-CORE-01" in reason and "data_centre" in reason

    # Review: take one out, add one from the library.
    packages.do_remove_item(package.items.get(document__slug="neutral-dc"), actor=ram)
    packages.do_add_item(package, Document.objects.get(slug="other-platform"), actor=ram)
    with pytest.raises(PermissionDenied):
        packages.do_push_package(package, actor=viewer)

    due = Obligation.objects.filter(customer=own, kind="doc_push", state="open").order_by("due")[0]
    deliverable = packages.do_push_package(package, actor=ram)
    due.refresh_from_db()
    package.refresh_from_db()
    assert package.state == "pushed" and package.obligation == due
    assert deliverable.state == "published" and deliverable.kind == "package"
    assert due.state == "done" and due.completed_by == deliverable
    told = Notification.objects.filter(customer=own, kind="deliverable_published")
    assert {n.recipient.username for n in told} >= {"t.customer_viewer", "t.customer_admin"}

    archive = _zip(deliverable)
    names = set(archive.namelist())
    assert {"index.html", "index.xlsx", "documents/in-range/in-range.txt"} <= names
    assert not any("neutral-dc" in n for n in names)
    html = archive.read("index.html").decode()
    assert (
        "专属资料包索引" in html
        and "in-range 中文标题" in html
        and "other-platform 中文标题" in html
    )
    sheet = _sheet_text(archive)
    assert "in-range 中文标题" in sheet and "neutral-dc" not in sheet and "专属L2专家补充" in sheet

    # No resend: what was pushed is not proposed again ...
    again = packages.do_propose_package(own, actor=ram)
    assert again.pk != package.pk and _items(again) == {"neutral-dc"}
    # ... until it is updated; the English customer then gets an English index.
    _doc(
        "in-range",
        platform="hp_comware",
        series="S125*",
        revision="2",
        version_from="7.1.070, Release 7585",
        scenarios="data_centre",
    )
    profiles.do_set_profile(own, scenarios=["data_centre"], language="en", actor=ram)
    again.delete()
    updated = packages.do_propose_package(own, actor=ram)
    assert updated.language == "en" and _items(updated) == {"in-range", "neutral-dc"}
    assert updated.items.get(document__slug="in-range").resent
    second = packages.do_push_package(updated, actor=ram)
    english = _zip(second)
    html = english.read("index.html").decode()
    assert "Exclusive document package index" in html and "in-range English title" in html
    assert "updated edition" in _sheet_text(english)
    assert second.obligation is not None and second.obligation.due > due.due


@pytest.mark.django_db
def test_schedule_api_and_pages(world: Any) -> None:
    own, foreign = world.own, world.foreign
    _doc("in-range", platform="hp_comware", version_from="7.1.070, Release 7585")
    DocPackage.objects.filter(state="proposed").delete()

    # The schedule proposes ahead of a push falling due and tells the RAM once.
    proposed = packages.propose_due(today=dt.date(2026, 3, 20))
    assert {p.customer for p in proposed} == {own, foreign}
    assert packages.propose_due(today=dt.date(2026, 3, 20)) == proposed
    told = Notification.objects.filter(kind="doc_package_proposed", customer=own)
    assert [n.recipient.username for n in told] == ["t.member_staff"]
    assert "ECCB" in told[0].subject

    staff = Client()
    staff.force_login(world.users["member_staff"])
    answer = staff.post(
        reverse("api:doc-package-list"), {"customer": "ECCB"}, content_type="application/json"
    )
    assert answer.status_code == 201
    package_id = answer.json()["id"]
    assert "in-range" in {i["slug"] for i in answer.json()["items"]}
    foreign_draft = DocPackage.objects.get(customer=foreign, state="proposed")
    assert (
        staff.post(reverse("api:doc-package-push", kwargs={"pk": foreign_draft.pk})).status_code
        == 404
    )
    pushed = staff.post(reverse("api:doc-package-push", kwargs={"pk": package_id}))
    assert pushed.status_code == 200 and pushed.json()["deliverable"]

    customer = Client()
    customer.force_login(world.users["customer_viewer"])
    listed = customer.get(reverse("api:doc-package-list")).json()["results"]
    assert package_id in {row["id"] for row in listed}
    assert all(row["state"] == "pushed" and row["customer"] == "ECCB" for row in listed)
    assert (
        customer.get(reverse("api:doc-package-detail", kwargs={"pk": foreign_draft.pk})).status_code
        == 404
    )
    page = customer.get(reverse("knowledge:package_detail", kwargs={"pk": package_id}))
    assert page.status_code == 200 and "in-range" in page.content.decode()
    assert customer.get(reverse("knowledge:packages", kwargs={"code": "SNEN"})).status_code == 404
    body = json.dumps({"document": "in-range"})
    refused = customer.post(
        reverse("api:doc-package-add", kwargs={"pk": package_id}),
        body,
        content_type="application/json",
    )
    assert refused.status_code == 404
