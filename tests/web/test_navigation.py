"""Navigation shows a person only the pages they may open: every link answers 200."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.test import Client

from tests.conftest import World


@pytest.fixture
def world(shared_world: World) -> World:
    """One world for the module, as built (each test's writes are undone)."""
    return shared_world


class NavLinks(HTMLParser):
    """The ``href`` of every link inside the page's ``<header>`` and ``<nav>`` elements."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("header", "nav"):
            self.depth += 1
        elif tag == "a" and self.depth:
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("header", "nav"):
            self.depth -= 1


def nav_links(html: str) -> list[str]:
    parser = NavLinks()
    parser.feed(html)
    return parser.links


@pytest.mark.parametrize("role", ["customer_viewer", "customer_admin", "member_staff", "admin"])
def test_every_navigation_link_opens(world: World, role: str) -> None:
    client = Client()
    client.force_login(world.users[role])
    page = client.get("/customers/ECCB/")
    assert page.status_code == 200
    links = nav_links(page.content.decode())
    assert "/customers/ECCB/" in links and "/inventory/ECCB/devices/" in links
    for href in links:
        response = client.get(href, follow=True)
        assert response.status_code == 200, f"{role}: {href} answers {response.status_code}"


def test_collection_tab_only_for_staff(world: World) -> None:
    tabs = {}
    for role in ("customer_viewer", "customer_admin", "member_staff", "admin"):
        client = Client()
        client.force_login(world.users[role])
        tabs[role] = nav_links(client.get("/customers/ECCB/").content.decode())
    assert "/collection/ECCB/jobs/" not in tabs["customer_viewer"]
    assert "/collection/ECCB/jobs/" not in tabs["customer_admin"]
    assert "/collection/ECCB/jobs/" in tabs["member_staff"]
    assert "/collection/ECCB/jobs/" in tabs["admin"]
