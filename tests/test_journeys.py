"""The main journeys of NetCare's users, end to end in Debian's Chromium against the served
demo (tests/demo_site.py), each saving screenshots as test artifacts.

1. The RAM uploads a field engineer's archive, inspects, drafts a hardening plan and
   publishes the inspection report and the plan.
2. The customer admin confirms the service plan, downloads that inspection report and
   files a change.
3. The named reviewers approve the change.
4. The ASM records holiday care and sends a survey; the customer answers through the link.
5. The RAM publishes a risk notice; the customer reads it.
6. A customer user tries another customer's URLs and gets 404 everywhere.

They tell one story, in this order, on XHMG (whose service has just started) and ECCB, and
run after tests/test_demo.py, which reads the demo as it was built. Screenshots go to
``$NETCARE_E2E_ARTIFACTS`` (default ``artifacts/e2e/``); with ``$NETCARE_GUIDE_IMAGES`` set,
the pages docs/user-guide.md shows are also saved there under their guide names.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests import demo_site
from tests.demo_site import Api

#: Once per suite run (the browser sees no database): on the PostgreSQL pass when there is one.
pytestmark = [
    pytest.mark.slow,
    pytest.mark.postgres,
    pytest.mark.once,
    pytest.mark.e2e,
    pytest.mark.skipif(
        not shutil.which(demo_site.CHROMIUM), reason=f"{demo_site.CHROMIUM} is not installed"
    ),
]

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = Path(os.environ.get("NETCARE_E2E_ARTIFACTS") or ROOT / "artifacts" / "e2e")
GUIDE_IMAGES = os.environ.get("NETCARE_GUIDE_IMAGES", "")
#: Long work (an inspection, a report rendered in two languages) is given this long.
SLOW_MS = 180_000
#: Devices of XHMG whose outputs the field engineer brought back, one file per command.
VISITED = ("XHMG-WX-CORE-01", "XHMG-WX-CORE-02")
CHANGE_TITLE = "无锡核心交换机只允许 SSH 登录"

#: What the journeys hand on to later ones (the story's objects).
story: dict[str, Any] = {}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=demo_site.CHROMIUM, headless=True, args=demo_site.CHROMIUM_ARGS
        )
        try:
            yield launched
        finally:
            launched.close()


class User:
    """One person at their own browser (a fresh context: own cookies), signed in."""

    def __init__(self, browser: Any, site: Api, username: str, journey: str) -> None:
        self.site = site
        self.username = username
        self.folder = ARTIFACTS / journey
        self.folder.mkdir(parents=True, exist_ok=True)
        self.context = browser.new_context(
            viewport={"width": 1366, "height": 900}, locale="zh-CN", accept_downloads=True
        )
        self.context.set_default_timeout(30_000)
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.shots = 0
        if username:
            self.sign_in()

    def sign_in(self) -> None:
        self.open("/login/")
        self.page.fill("#id_username", self.username)
        self.page.fill("#id_password", demo_site.PASSWORD)
        self.submit("main form button[type=submit]")

    def open(self, path: str) -> Any:
        response = self.page.goto(self.site.base + path)
        self.page.wait_for_load_state()
        return response

    def submit(self, selector: str, *, timeout: int = 30_000) -> None:
        """Click a submit button and wait for the page it leads to."""
        with self.page.expect_navigation(timeout=timeout):
            self.page.click(selector, timeout=timeout)

    def main(self) -> str:
        return str(self.page.inner_text("main"))

    def shot(self, name: str, guide: str = "") -> None:
        self.shots += 1
        path = self.folder / f"{self.shots:02d}-{self.username or 'anonymous'}-{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        if guide and GUIDE_IMAGES:
            Path(GUIDE_IMAGES).mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=str(Path(GUIDE_IMAGES) / f"{guide}.png"))

    def wait_until(self, ready: Callable[[], bool], *, seconds: float = SLOW_MS / 1000) -> None:
        """Reload until ``ready()`` holds (a job finishing in the cluster), bounded."""
        deadline = time.monotonic() + seconds
        while not ready():
            assert time.monotonic() < deadline, f"not ready after {seconds} s: {self.page.url}"
            time.sleep(1)
            self.page.reload()
            self.page.wait_for_load_state()

    def follow_job(self) -> None:
        """On a job's page, which updates itself while the job runs: wait for the job to
        end, then follow the link to what it produced."""
        assert re.search(r"/jobs/\d+/$", self.page.url), self.page.url
        self.page.wait_for_selector("#job-result a, #job-status pre.error", timeout=SLOW_MS)
        assert self.page.locator("#job-status pre.error").count() == 0, self.main()
        with self.page.expect_navigation():
            self.page.click("#job-result a")

    def download(self, link: Any) -> bytes:
        with self.page.expect_download() as event:
            link.click()
        path = event.value.path()
        return Path(path).read_bytes()

    def close(self) -> None:
        self.context.close()
        stray = [u for u in self.requests if not u.startswith(self.site.base)]
        assert not stray, f"{self.username} reached beyond the site: {stray}"


@pytest.fixture
def people(browser: Any, served: Api, request: pytest.FixtureRequest) -> Iterator[Any]:
    """``people("ram.zhang")`` → a signed-in User for this journey; closed afterwards."""
    opened: list[User] = []
    journey = request.node.name.removeprefix("test_")

    def person(username: str) -> User:
        user = User(browser, served, username, journey)
        opened.append(user)
        return user

    yield person
    for user in opened:
        user.close()


def _archive(simulator: Path) -> bytes:
    """A field engineer's zip: one folder per device, one text file per command."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for hostname in VISITED:
            for output in sorted((simulator / hostname).glob("*.txt")):
                archive.write(output, f"{hostname}/{output.name}")
    return buffer.getvalue()


def test_1_ram_inspects_an_uploaded_archive_and_publishes(
    people: Any, served: Api, tmp_path: Path
) -> None:
    ram = people("ram.zhang")
    assert ram.page.url.rstrip("/") == served.base  # the expert lands on their work
    assert "我的工作" in ram.main()
    ram.shot("my-work", guide="my-work")

    archive = tmp_path / "xhmg-wuxi-visit.zip"
    archive.write_bytes(_archive(served.data_dir / "simulator"))
    ram.open("/collection/XHMG/upload/")
    ram.page.set_input_files("input[name=file]", str(archive))
    ram.page.select_option("select[name=method]", "manual")
    ram.shot("upload-form")
    ram.submit("main form button[type=submit]", timeout=SLOW_MS)
    assert "/collection/uploads/" in ram.page.url
    text = ram.main()
    for hostname in VISITED:
        assert hostname in text
    assert "已导入" in text
    ram.shot("upload-imported", guide="upload")

    ram.open("/inspection/XHMG/runs/")
    ram.submit("form[action$='/runs/start/'] button")
    run_url = ram.page.url
    assert re.search(r"/inspection/runs/\d+/$", run_url), run_url
    ram.wait_until(lambda: ram.page.locator("form[action$='/publish/']").count() > 0)
    assert "网络健康度" in ram.main()
    ram.shot("inspection-run", guide="inspection-run")

    # The hardening plan: the findings of one visited device that carry hardening content.
    ram.page.select_option("select[name=device]", label=VISITED[0])
    ram.submit("main form[method=get] button")
    boxes = ram.page.locator("input[name=finding]")
    assert boxes.count() >= 2
    for index in range(min(3, boxes.count())):
        boxes.nth(index).check()
    ram.submit("button[form=plan-form]")
    assert "/inspection/plans/" in ram.page.url
    plan = ram.main()
    assert VISITED[0] in plan and "回退" in plan and "实施前检查" in plan
    ram.shot("hardening-plan", guide="hardening-plan")
    plan_url = ram.page.url
    ram.submit("form[action$='/publish/'] button")
    ram.shot("publishing")
    ram.follow_job()
    assert ram.page.url == plan_url and "已发布" in ram.main()
    story["plan_url"] = plan_url

    ram.page.goto(run_url)
    ram.submit("form[action$='/publish/'] button")
    ram.follow_job()
    assert ram.page.url == run_url and "已发布" in ram.main()
    story["run_url"] = run_url

    token = served.token("xhmg.admin")
    published = served.call("GET", "/api/deliverables/?page_size=200", token=token)["results"]
    kinds = {d["report_type"] for d in published}
    assert {"inspection", "hardening_plan"} <= kinds, kinds


def test_2_customer_confirms_plan_downloads_report_and_files_a_change(people: Any) -> None:
    admin = people("xhmg.admin")
    assert admin.page.url.endswith("/customers/XHMG/")  # the portal: their service at a glance
    portal = admin.main()
    assert "星河制造集团" in portal and "华东城市商业银行" not in portal
    admin.shot("portal", guide="portal")

    admin.open("/delivery/XHMG/plan/")
    admin.shot("plan-to-confirm", guide="plan-confirm")
    admin.submit("button[value=confirm]")
    assert "已确认" in admin.main()

    admin.open("/delivery/XHMG/")
    row = admin.page.locator("tr", has_text="巡检报告").first
    word = admin.download(row.locator("a", has_text="docx·zh"))
    assert word[:2] == b"PK"  # a Word document (zip container)
    pdf = admin.download(row.locator("a", has_text="pdf·zh"))
    assert pdf[:5] == b"%PDF-"
    admin.shot("deliverables", guide="deliverables")

    admin.open("/assurance/XHMG/changes/")
    form = admin.page.locator("form[action$='/changes/file/']")
    form.locator("[name=title]").fill(CHANGE_TITLE)
    form.locator("[name=purpose]").fill("按巡检报告与加固方案关闭 Telnet，只允许 SSH 登录。")
    form.locator("[name=starts_at]").fill("2026-12-26T22:00")
    form.locator("[name=ends_at]").fill("2026-12-27T01:00")
    form.locator("[name=devices]").select_option(label=VISITED[0])
    form.locator("[name=steps]").fill("1. 备份配置\n2. line vty 只允许 SSH\n3. 验证 SSH 登录")
    form.locator("[name=rollback]").fill("恢复备份配置")
    admin.submit("form[action$='/changes/file/'] button[type=submit]")
    assert re.search(r"/assurance/changes/\d+/$", admin.page.url), admin.page.url
    assert CHANGE_TITLE in admin.main()
    admin.submit("form[action$='/submit/'] button")
    admin.shot("change-filed", guide="change-filed")
    story["change_url"] = admin.page.url.removeprefix(admin.site.base)


def test_3_reviewers_approve_the_change(people: Any) -> None:
    change = story["change_url"]
    ram = people("ram.zhang")
    ram.open(change)
    for name, speciality in (("刘洋", "product_support"), ("孙博", "rnd")):
        form = ram.page.locator("form[action$='/reviewer/']")
        form.locator("[name=reviewer]").select_option(label=name)
        form.locator("[name=speciality]").select_option(speciality)
        ram.submit("form[action$='/reviewer/'] button")
    if ram.page.locator("form[action$='/submit/']").count():
        ram.submit("form[action$='/submit/'] button")
    assert "审核中" in ram.main()

    for username, decision in (("hq.liu", "approve"), ("rd.sun", "approve_with_conditions")):
        reviewer = people(username)
        assert CHANGE_TITLE in reviewer.main()  # their work queue names the review
        reviewer.page.click(f"main a:has-text('{CHANGE_TITLE}')")
        reviewer.page.wait_for_load_state()
        if "/assurance/reviews/" in reviewer.page.url:  # the list of their reviews first
            reviewer.page.click(f"main a:has-text('{CHANGE_TITLE}')")
            reviewer.page.wait_for_load_state()
        form = reviewer.page.locator("form[action*='/decide/']")
        form.locator("[name=decision]").select_option(decision)
        if decision == "approve_with_conditions":
            form.locator("[name=conditions]").fill("实施前在备用设备上验证 SSH 登录。")
        form.locator("[name=comments]").fill("步骤与回退完整。")
        reviewer.shot("review", guide="review" if username == "rd.sun" else "")
        reviewer.submit("form[action*='/decide/'] button")
    ram.open(change)
    assert "已通过" in ram.main()
    ram.shot("change-approved")


def test_4_holiday_care_and_a_survey_answered_by_link(people: Any) -> None:
    asm = people("asm.li")
    asm.open("/care/ECCB/")
    asm.shot("holiday-agenda", guide="holiday-care")
    asm.page.click("main a:has-text('节日关怀：元旦')")
    asm.page.wait_for_load_state()
    asm.submit("form[action$='/record/'] button >> nth=0")
    assert "已完成" in asm.main() or "已关怀" in asm.main()
    asm.shot("care-recorded")

    asm.open("/satisfaction/ECCB/")
    form = asm.page.locator("form[action$='/surveys/send/']")
    form.locator("[name=stage]").select_option("final")
    form.locator("[name=show_links]").check()
    asm.submit("form[action$='/surveys/send/'] button")
    # Shown once, as the site's address gives them: the path is the contact's own link.
    links = re.findall(r"/satisfaction/s/[\w-]+/", asm.main())
    assert links, asm.main()
    asm.shot("survey-links")

    contact = people("")  # the customer's contact, from the e-mail: no account needed
    contact.open(links[0])
    names = contact.page.eval_on_selector_all(
        "main input[type=radio]", "els => [...new Set(els.map(e => e.name))]"
    )
    assert len(names) >= 3, contact.main()
    for name in names:  # the best score offered on every question
        contact.page.locator(f"main input[type=radio][name='{name}']").last.check()
    comment = contact.page.locator("main textarea")
    if comment.count():
        comment.first.fill("巡检与加固方案很专业，谢谢团队全年支持。")
    contact.shot("survey-form", guide="survey")
    contact.submit("main form button[type=submit]")
    assert "谢谢" in contact.main() or "感谢" in contact.main()
    contact.shot("survey-answered")
    # A link answers once.
    assert contact.open(links[0]).status == 404
    assert contact.page.locator("main form textarea, main form input[type=radio]").count() == 0


def test_5_risk_notice_published_and_read_by_the_customer(people: Any) -> None:
    ram = people("ram.zhang")
    ram.open("/lifecycle/ECCB/exposures/?status=vulnerable")
    ram.shot("exposures", guide="exposures")
    ram.submit("form[action$='/notices/'] button >> nth=0")
    assert re.search(r"/lifecycle/notices/\d+/$", ram.page.url)
    title = ram.page.inner_text("main h2, main p strong, main h1").strip()
    ram.submit("form[action$='/publish/'] button", timeout=SLOW_MS)
    assert "已发布" in ram.main()
    ram.shot("notice-published", guide="risk-notice")
    assert title

    admin = people("eccb.admin")
    admin.open("/notifications/")
    assert "风险通告" in admin.main()
    admin.shot("inbox", guide="inbox")
    admin.open("/delivery/ECCB/")
    row = admin.page.locator("tr", has_text="风险通告").first
    pdf = admin.download(row.locator("a", has_text="pdf·zh"))
    assert pdf[:5] == b"%PDF-"


def test_6_another_customers_urls_answer_404(people: Any, served: Api) -> None:
    """eccb.viewer walks XHMG's pages, including what journeys 1–3 created there."""
    urls = [
        "/customers/XHMG/",
        "/delivery/XHMG/",
        "/delivery/XHMG/plan/",
        "/delivery/XHMG/requests/",
        "/delivery/XHMG/timeline/",
        "/inventory/XHMG/devices/",
        "/inspection/XHMG/runs/",
        "/collection/XHMG/jobs/",
        "/lifecycle/XHMG/versions/",
        "/problems/XHMG/tickets/",
        "/assurance/XHMG/changes/",
        "/satisfaction/XHMG/",
        "/onsite/XHMG/",
        "/care/XHMG/",
        "/guides/XHMG/",
        story["run_url"].removeprefix(served.base),
        story["plan_url"].removeprefix(served.base),
        story["change_url"],
    ]
    token = served.token("ram.zhang")
    deliverables = served.call("GET", "/api/deliverables/?page_size=500", token=token)["results"]
    files = [f["download_url"] for d in deliverables if d["customer"] == "XHMG" for f in d["files"]]
    assert files
    urls.append(files[0].removeprefix(served.base))

    viewer = people("eccb.viewer")
    for url in urls:
        response = viewer.open(url)
        assert response is not None and response.status == 404, (url, response and response.status)
        # Pages answer with the site's 404 page, the API with its own: neither names XHMG.
        assert "星河制造集团" not in viewer.page.inner_text("body"), url
    viewer.shot("not-found")
    viewer.open("/customers/ECCB/")
    assert "华东城市商业银行" in viewer.main()
