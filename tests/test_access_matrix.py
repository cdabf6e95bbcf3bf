"""The access matrix: every API endpoint and page, walked with every role.

Each URL name of the ``api`` and ``web`` namespaces must have a row in ``CASES``;
a new endpoint or page without one fails ``test_every_url_has_a_row``. For each row
the test checks, per role, what the answer is for the own customer's object and for
the foreign one: visible objects answer 200, anything else 404 — never 403 — so a
foreign object's existence is not revealed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from importlib import import_module
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import ROLES, World, build_world
from tests.matrix import SEES_OWN, STAFF_SEES_OWN, Case, by_code, sees_foreign

CASES: dict[str, Case] = {
    "api:api-root": Case("open_auth"),
    "api:token": Case("token"),
    "api:schema": Case("open_auth"),
    "api:docs": Case("open_auth"),
    "api:redoc": Case("open_auth"),
    "api:customer-list": Case("list", "customer", SEES_OWN),
    "api:customer-detail": Case("detail", "customer", SEES_OWN),
    "api:site-list": Case("list", "site", SEES_OWN),
    "api:site-detail": Case("detail", "site", SEES_OWN),
    "api:contact-list": Case("list", "contact", SEES_OWN),
    "api:contact-detail": Case("detail", "contact", SEES_OWN),
    "api:membership-list": Case("list", "membership", SEES_OWN),
    "api:membership-detail": Case("detail", "membership", SEES_OWN),
    "api:job-list": Case("list", "job", STAFF_SEES_OWN),
    "api:job-detail": Case("detail", "job", STAFF_SEES_OWN),
    "api:job-self-check": Case("action", sees_own={"admin"}, ok=202),
    "web:login": Case("page_open"),
    "web:logout": Case("page_logout"),
    "web:home": Case("page_list", "customer", SEES_OWN),
    "web:customer_detail": Case("page_detail", "customer", SEES_OWN, lookup=by_code),
    "web:customer_switch": Case("page_switch", "customer", SEES_OWN),
    "web:job_detail": Case("page_detail", "job", STAFF_SEES_OWN),
}


def _app_cases() -> tuple[dict[str, Case], dict[str, Any]]:
    """Rows and checks declared by each app's ``tests/<app>/access_cases.py``."""
    cases: dict[str, Case] = {}
    checks: dict[str, Any] = {}
    for path in sorted(Path(__file__).parent.glob("*/access_cases.py")):
        module = import_module(f"tests.{path.parent.name}.access_cases")
        cases.update(module.CASES)
        checks.update(getattr(module, "CHECKS", {}))
    return cases, checks


APP_CASES, APP_CHECKS = _app_cases()
CASES.update(APP_CASES)


def _names(patterns: list[Any], prefix: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            names |= _names(pattern.url_patterns, ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(prefix + pattern.name)
    return names


def project_url_names() -> set[str]:
    from netcare.urls import PAGE_APPS

    namespaces = {"api", "web", *PAGE_APPS}
    return {n for n in _names(get_resolver().url_patterns) if n.split(":")[0] in namespaces}


def test_every_url_has_a_row() -> None:
    missing = project_url_names() - set(CASES)
    assert not missing, f"add these URL names to the access matrix: {sorted(missing)}"
    stale = set(CASES) - project_url_names()
    assert not stale, f"rows for URLs that no longer exist: {sorted(stale)}"


def client_for(world: World, role: str) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(world.users[role])
    return client


def _ids(response: Any) -> set[int]:
    return {row["id"] for row in response.json()["results"]}


@pytest.fixture(scope="module")
def matrix_world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    """One world for the whole matrix, inside a transaction rolled back at the end.

    Each test still runs in its own savepoint (the ``db`` fixture), so what a test
    writes is undone; building the world once keeps the matrix fast as apps are added.
    """
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), transaction.atomic(), fast:
        yield build_world()
        transaction.set_rollback(True)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(CASES))
def test_access(matrix_world: World, db: None, name: str, role: str) -> None:
    world = matrix_world
    case = CASES[name]
    client = client_for(world, role)
    anonymous = role == "anonymous"
    check = CHECKS[case.kind]
    check(world, client, name, case, role, anonymous)


FORM_KINDS = {"list": True, "detail": True, "page_list": False, "page_detail": False}
#: Roles on one side only: what their forms offer must never name the other customer.
ONE_SIDED = {
    "customer_viewer": "foreign",
    "customer_admin": "foreign",
    "member_staff": "foreign",
    "other_customer": "own",
    "nonmember_staff": "own",
}


def _markers(world: World, which: str) -> set[str]:
    """Words that name the given customer or its people in a choice list."""
    customer = world.obj("customer", which)
    people = {"own": ("t.customer_viewer", "t.customer_admin", "t.member_staff")}
    people["foreign"] = ("t.other_customer", "t.nonmember_staff")
    return {customer.code, customer.name_zh, world.obj("contract", which).number, *people[which]}


@pytest.mark.parametrize("role", sorted(ONE_SIDED))
@pytest.mark.parametrize("name", sorted(n for n, c in CASES.items() if c.kind in FORM_KINDS))
def test_form_choices(matrix_world: World, db: None, name: str, role: str) -> None:
    """The choices offered in HTML forms — pages and the browsable API — name only
    what the viewer may see: a form must not list another customer's objects."""
    world = matrix_world
    case = CASES[name]
    other = ONE_SIDED[role]
    mine = "own" if other == "foreign" else "foreign"
    kwargs = {} if case.kind.endswith("list") else case.lookup(world.obj(case.model, mine))
    accept = {"HTTP_ACCEPT": "text/html"} if FORM_KINDS[case.kind] else {}
    response = client_for(world, role).get(reverse(name, kwargs=kwargs), **accept)
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return  # who may open what is test_access's business
    html = response.content.decode()
    options = re.findall(r"<option\b[^>]*>.*?</option>", html, flags=re.S)
    leaked = {m for m in _markers(world, other) for option in options if m in option}
    assert not leaked, f"{name} offers {role} the other customer's {sorted(leaked)}"


def _check_list(world: World, client: Client, name: str, case: Case, role: str, anon: bool) -> None:
    response = client.get(reverse(name))
    if anon:
        assert response.status_code == 401
        return
    assert response.status_code == 200
    ids = _ids(response)
    assert (world.obj(case.model, "own").pk in ids) == (role in case.sees_own)
    assert (world.obj(case.model, "foreign").pk in ids) == sees_foreign(case, role)


def _check_detail(
    world: World, client: Client, name: str, case: Case, role: str, anon: bool
) -> None:
    for which, allowed in (("own", role in case.sees_own), ("foreign", sees_foreign(case, role))):
        response = client.get(reverse(name, kwargs=case.lookup(world.obj(case.model, which))))
        expected = 401 if anon else 200 if allowed else 404
        assert response.status_code == expected, (which, response.status_code)


def _check_action(
    world: World, client: Client, name: str, case: Case, role: str, anon: bool
) -> None:
    response = client.post(reverse(name))
    expected = 401 if anon else case.ok if role in case.sees_own else 403
    assert response.status_code == expected


def _check_open_auth(
    world: World, client: Client, name: str, case: Case, role: str, anon: bool
) -> None:
    response = client.get(reverse(name))
    assert response.status_code == (401 if anon else 200)


def _check_token(
    world: World, client: Client, name: str, case: Case, role: str, anon: bool
) -> None:
    from tests.conftest import password_for

    if anon:
        response = client.post(reverse(name), {"username": "nobody", "password": "x"})
        assert response.status_code == 400
        return
    user = world.users[role]
    response = client.post(
        reverse(name), {"username": user.username, "password": password_for(user.username)}
    )
    assert response.status_code == 200 and len(response.json()["token"]) == 40


def _check_page_open(
    world: World, client: Client, name: str, case: Case, role: str, anon: bool
) -> None:
    response = client.get(reverse(name))
    assert response.status_code == (200 if anon else 302)


def _check_page_logout(
    world: World, client: Client, name: str, case: Case, role: str, anon: bool
) -> None:
    response = client.post(reverse(name))
    assert response.status_code == 302
    assert client.get(reverse("web:home")).status_code == 302  # signed out (or never in)


def _check_page_list(
    world: World, client: Client, name: str, case: Case, role: str, anon: bool
) -> None:
    response = client.get(reverse(name), follow=True)
    if anon:
        assert response.redirect_chain[-1][0].startswith(reverse("web:login"))
        return
    body = response.content.decode()
    own, foreign = world.obj(case.model, "own"), world.obj(case.model, "foreign")
    assert (own.name_zh in body) == (role in case.sees_own)
    assert (foreign.name_zh in body) == sees_foreign(case, role)


def _check_page_detail(
    world: World, client: Client, name: str, case: Case, role: str, anon: bool
) -> None:
    for which, allowed in (("own", role in case.sees_own), ("foreign", sees_foreign(case, role))):
        response = client.get(reverse(name, kwargs=case.lookup(world.obj(case.model, which))))
        if anon:
            assert response.status_code == 302 and reverse("web:login") in response["Location"]
            continue
        assert response.status_code == (200 if allowed else 404), which


def _check_page_switch(
    world: World, client: Client, name: str, case: Case, role: str, anon: bool
) -> None:
    for which, allowed in (("own", role in case.sees_own), ("foreign", sees_foreign(case, role))):
        response = client.post(reverse(name), {"customer": world.obj(case.model, which).code})
        if anon:
            assert response.status_code == 302 and reverse("web:login") in response["Location"]
            continue
        assert response.status_code == (302 if allowed else 404), which


CHECKS: dict[str, Callable[[World, Client, str, Case, str, bool], None]] = {
    "list": _check_list,
    "detail": _check_detail,
    "action": _check_action,
    "open_auth": _check_open_auth,
    "token": _check_token,
    "page_open": _check_page_open,
    "page_logout": _check_page_logout,
    "page_list": _check_page_list,
    "page_detail": _check_page_detail,
    "page_switch": _check_page_switch,
    **APP_CHECKS,
}


LIST_ROLES = ("admin", "member_staff", "customer_admin")


@pytest.mark.parametrize("role", LIST_ROLES)
@pytest.mark.parametrize(
    "name", sorted(n for n, c in CASES.items() if n.startswith("api:") and c.kind == "list")
)
def test_list_query_count(matrix_world: World, db: None, name: str, role: str) -> None:
    """Every API list costs a fixed number of queries, whatever the number of rows."""
    from tests.queries import assert_fixed_queries

    client = client_for(matrix_world, role)
    if client.get(reverse(name)).status_code != 200:
        return
    assert_fixed_queries(client, reverse(name))
