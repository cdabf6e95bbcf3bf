"""The shell on a phone-width screen (375 px) in real Chromium: the navigation wraps
or scrolls instead of breaking one character per line, and the page never scrolls
sideways."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from tests.conftest import World, build_world
from tests.demo_site import CHROMIUM, CHROMIUM_ARGS

pytestmark = [pytest.mark.e2e]

WIDTH = 375
#: Pages to look at, per role: the customer page and a wide list.
PAGES = ["/customers/ECCB/", "/inventory/ECCB/devices/", "/delivery/ECCB/"]


@pytest.fixture
def served_world(transactional_db: Any) -> World:
    # A live server thread sees only committed rows: build the world outside a test
    # transaction.
    return build_world()


@contextmanager
def chromium(tmp_path: Path, cookies: list[dict[str, str]]) -> Iterator[Any]:
    """Debian's Chromium at phone width, signed in with ``cookies``. Started after every
    database call: Playwright's sync API runs an event loop, where Django refuses them."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"),  # a fresh profile for every run
            executable_path=CHROMIUM,
            headless=True,
            viewport={"width": WIDTH, "height": 740},
            device_scale_factor=2,
            is_mobile=True,
            args=CHROMIUM_ARGS,
        )
        context.add_cookies(cookies)
        yield context
        context.close()


def session_cookies(live_server: Any, user: Any, language: str) -> list[dict[str, str]]:
    client = Client()
    client.force_login(user)
    host = live_server.url.split("//", 1)[1].split(":")[0]
    values = {
        settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value,
        settings.LANGUAGE_COOKIE_NAME: language,
    }
    return [{"name": k, "value": v, "domain": host, "path": "/"} for k, v in values.items()]


#: Height of the tallest link or button of the top bar and the customer tabs, and how far
#: the document is wider than the screen.
MEASURE = """(width) => {
  const items = [...document.querySelectorAll(
    'header.topbar a, header.topbar button, header.topbar label, header.topbar .user,' +
    ' nav.subnav a')];
  const visible = items.filter(e => e.getClientRects().length);
  const tallest = visible.map(e => [e.getBoundingClientRect().height, e.textContent.trim()])
    .sort((a, b) => b[0] - a[0])[0];
  const line = parseFloat(getComputedStyle(document.body).lineHeight) ||
    1.2 * parseFloat(getComputedStyle(document.body).fontSize);
  // Top-bar items must be on screen; the customer tabs may scroll inside their bar.
  const clipped = visible.filter(e => e.closest('header.topbar') &&
    e.getBoundingClientRect().right > width + 1).map(e => e.textContent.trim());
  return {tallest, line, clipped, count: visible.length,
          overflow: document.documentElement.scrollWidth - width,
          bodyOverflow: document.body.scrollWidth - width, innerWidth: window.innerWidth};
}"""


@pytest.mark.skipif(not shutil.which(CHROMIUM), reason=f"{CHROMIUM} is not installed")
@pytest.mark.parametrize(
    ("role", "language"),
    [("member_staff", "zh-hans"), ("customer_admin", "zh-hans"), ("member_staff", "en")],
)
def test_navigation_fits_a_phone(
    served_world: World, live_server: Any, tmp_path: Path, role: str, language: str
) -> None:
    cookies = session_cookies(live_server, served_world.users[role], language)
    with chromium(tmp_path, cookies) as browser:
        _measure(browser.new_page(), live_server.url, tmp_path, f"{role}-{language}")


def _measure(page: Any, base: str, tmp_path: Path, name: str) -> None:
    for path in PAGES:
        response = page.goto(base + path)
        assert response is not None and response.status == 200, path
        found = page.evaluate(MEASURE, WIDTH)
        page.screenshot(path=str(tmp_path / f"{name}-{path.strip('/').replace('/', '-')}.png"))
        height, label = found["tallest"]
        assert found["count"] >= 5, found
        # At most two lines of text (with the padding of a tab), never a column of characters.
        assert height <= 2.5 * found["line"], f"{path}: {label!r} is {height:.0f}px tall ({found})"
        assert not found["clipped"], f"{path}: off screen: {found['clipped']}"
        assert found["overflow"] <= 0 and found["bodyOverflow"] <= 0, (
            f"{path} scrolls sideways: {found}"
        )
