"""Access-matrix rows for knowledge.

The document library and its imports are the vendor's shared data: every staff member
(of any customer) and admins read both rows, customer users neither ("library" rows);
experts and admins write it. Profiles belong to a customer: its users and staff see it,
its customer admin and RAM change it. Packages belong to a customer: its staff see
proposals and pushed packages, its users only pushed ones (``package_list``); reviewing
and pushing is its RAM's — anyone else gets 404. Pushing is checked with the push
replaced by a stand-in that keeps its permission check but renders nothing;
tests/knowledge/test_services.py pushes for real.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from io import BytesIO
from types import SimpleNamespace
from typing import Any
from unittest import mock

from django.test import Client
from django.urls import reverse
from tests.matrix import SEES_OWN, STAFF_SEES_OWN, Case, by_code, sees_foreign

STAFF = STAFF_SEES_OWN
SHARED = {"member_staff", "nonmember_staff", "admin"}
#: Who declares a customer's scenarios: its customer admin and RAM (and admins).
DECLARES = {"customer_admin", "member_staff", "admin"}


@contextmanager
def light_push() -> Iterator[None]:
    from netcare.core.access import require
    from netcare.knowledge.services import packages

    def push(package: Any, *, actor: Any, at: Any = None) -> Any:
        require(actor, "manage_packages", package.customer_id)
        return SimpleNamespace(pk=0)

    with mock.patch.object(packages, "do_push_package", push):
        yield


def _anonymous(name: str, response: Any) -> None:
    if name.startswith("api:"):
        assert response.status_code == 401, response.status_code
    else:
        assert response.status_code == 302 and reverse("web:login") in response["Location"]


def _library_list(world: Any, client: Client, name: str, case: Case, role: str, anon: bool) -> None:
    response = client.get(reverse(name))
    if anon:
        _anonymous(name, response)
        return
    assert response.status_code == 200
    ids = {row["id"] for row in response.json()["results"]}
    for which in ("own", "foreign"):
        assert (world.obj(case.model, which).pk in ids) == (role in SHARED), which


def _library_detail(
    world: Any, client: Client, name: str, case: Case, role: str, anon: bool
) -> None:
    for which in ("own", "foreign"):
        response = client.get(reverse(name, kwargs={"pk": world.obj(case.model, which).pk}))
        if anon:
            _anonymous(name, response)
            continue
        assert response.status_code == (200 if role in SHARED else 404), which


def _library_page(world: Any, client: Client, name: str, case: Case, role: str, anon: bool) -> None:
    response = client.get(reverse(name))
    if anon:
        _anonymous(name, response)
        return
    assert response.status_code == (200 if role in SHARED else 404)
    if role in SHARED:
        body = response.content.decode()
        assert all(world.obj("document", w).slug in body for w in ("own", "foreign"))


def _library_write(
    world: Any, client: Client, name: str, case: Case, role: str, anon: bool
) -> None:
    """An index no reader understands: refused, nothing written (API 400; page 302 with a
    message) for staff and admins; the API refuses customer users (403), the page does
    not exist for them (404)."""
    from netcare.knowledge.models import Document

    before = Document.objects.count()
    upload = BytesIO(b"slug,kind,updated\nbad slug!,nonsense,someday\n")
    upload.name = "index.csv"
    page = not name.startswith("api:")
    if name == "knowledge:document_save":
        response = client.post(reverse(name), {"slug": "x"})
    else:
        response = client.post(reverse(name), {"file": upload})
    if anon:
        _anonymous(name, response)
        return
    allowed, refused = (302, 404) if page else (400, 403)
    assert response.status_code == (allowed if role in SHARED else refused), response.content
    assert Document.objects.count() == before
    if role in SHARED and not page:
        error = response.json()["error"]
        assert "index.csv: row 2" in error and "'kind'" in error


def _package_list(world: Any, client: Client, name: str, case: Case, role: str, anon: bool) -> None:
    """Pushed packages for the customer's users and staff; proposals for staff only."""
    response = client.get(reverse(name))
    if anon:
        _anonymous(name, response)
        return
    ids = {row["id"] for row in response.json()["results"]}
    for which, sees in (("own", role in SEES_OWN), ("foreign", sees_foreign(case, role))):
        staff = role in STAFF if which == "own" else role in {"nonmember_staff", "admin"}
        assert (world.obj("doc_package", which).pk in ids) == sees, which
        assert (world.obj("doc_package_draft", which).pk in ids) == staff, which


def _package_detail(
    world: Any, client: Client, name: str, case: Case, role: str, anon: bool
) -> None:
    """A pushed package: its customer's users and staff 200; a package under review: its
    staff only (its own users get 404 like strangers)."""
    for which in ("own", "foreign"):
        staff = role in STAFF if which == "own" else role in {"nonmember_staff", "admin"}
        sees = role in SEES_OWN if which == "own" else sees_foreign(case, role)
        for kind, allowed in (("doc_package", sees), ("doc_package_draft", staff)):
            response = client.get(reverse(name, kwargs={"pk": world.obj(kind, which).pk}))
            if anon:
                _anonymous(name, response)
                continue
            assert response.status_code == (200 if allowed else 404), (which, kind)


BODIES: dict[str, Callable[[Any, str], dict[str, Any]]] = {
    "api:doc-package-add": lambda world, which: {"document": world.obj("document", which).slug},
    "api:doc-package-remove": lambda world, which: {"document": world.obj("document", which).slug},
    "knowledge:package_add": lambda world, which: {"document": world.obj("document", which).slug},
    "knowledge:profile_save": lambda world, which: {"scenarios": ["campus"], "language": "en"},
}


def _post(world: Any, client: Client, name: str, case: Case, role: str, anon: bool) -> None:
    """POST an action on the own and the foreign customer's object: ``case.ok`` when the
    caller may (``case.sees_own`` and its mirror for the foreign one), else 404."""
    for which, allowed in (("own", role in case.sees_own), ("foreign", sees_foreign(case, role))):
        obj = world.obj(case.model, which)
        body = BODIES.get(name, lambda w, x: {})(world, which)
        url = reverse(name, kwargs=case.lookup(obj))
        with light_push():
            if name.startswith("api:"):
                response = client.post(url, json.dumps(body), content_type="application/json")
            else:
                response = client.post(url, body)
        if anon:
            _anonymous(name, response)
            continue
        expected = case.ok if allowed else 404
        assert response.status_code == expected, (which, response.status_code, response.content)


CASES = {
    "api:document-list": Case("library_list", "document"),
    "api:document-detail": Case("library_detail", "document"),
    "api:document-import-file": Case("library_write"),
    "api:document-import-list": Case("library_list", "document_import"),
    "api:document-import-detail": Case("library_detail", "document_import"),
    "api:document-profile-list": Case("list", "document_profile", SEES_OWN),
    "api:document-profile-detail": Case("detail", "document_profile", SEES_OWN),
    "api:doc-package-list": Case("package_list", "doc_package", SEES_OWN),
    "api:doc-package-detail": Case("package_detail", "doc_package", SEES_OWN),
    "api:doc-package-add": Case("knowledge_post", "doc_package_draft", STAFF),
    "api:doc-package-remove": Case("knowledge_post", "doc_package_draft", STAFF),
    "api:doc-package-push": Case("knowledge_post", "doc_package_draft", STAFF),
    "knowledge:library": Case("library_page"),
    "knowledge:document_save": Case("library_write"),
    "knowledge:library_import": Case("library_write"),
    "knowledge:document_detail": Case("library_detail", "document"),
    "knowledge:document_file": Case("library_detail", "document"),
    "knowledge:packages": Case("page_detail", "customer", SEES_OWN, lookup=by_code),
    "knowledge:profile_save": Case("knowledge_post", "customer", DECLARES, lookup=by_code, ok=302),
    "knowledge:package_propose": Case("knowledge_post", "customer", STAFF, lookup=by_code, ok=302),
    "knowledge:package_detail": Case("package_detail", "doc_package", SEES_OWN),
    "knowledge:package_add": Case("knowledge_post", "doc_package_draft", STAFF, ok=302),
    "knowledge:package_push": Case("knowledge_post", "doc_package_draft", STAFF, ok=302),
    "knowledge:item_remove": Case("knowledge_post", "package_item", STAFF, ok=302),
}

CHECKS = {
    "library_list": _library_list,
    "library_detail": _library_detail,
    "library_page": _library_page,
    "library_write": _library_write,
    "package_list": _package_list,
    "knowledge_post": _post,
    "package_detail": _package_detail,
}
