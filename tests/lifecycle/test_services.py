"""Lifecycle services on real advisory files: re-imports update in place and keep history
(and an expert's feature annotation), a refused import writes nothing but keeps the
files, exposure status changes keep their time and tell the RAM once, feeds refresh
from a folder and from an HTTP server on loopback on their own schedule, and the CLI
works offline and with the database."""

from __future__ import annotations

import http.server
import json
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import World

from netcare.inventory import services as inventory
from netcare.inventory.models import Device, Platform
from netcare.lifecycle.models import (
    Advisory,
    AdvisoryImport,
    AdvisoryRevision,
    Exploitation,
    Exposure,
    ExposureChange,
    Feed,
    Release,
)
from netcare.lifecycle.services import advisories, exposures, feeds, imports
from netcare.notifications.models import Notification

DATA = Path(__file__).resolve().parents[1] / "data" / "lifecycle" / "advisories"
DEMO = Path(__file__).resolve().parents[2] / "src" / "netcare" / "lifecycle" / "data"
WEB_UI = "CVE-2023-20198"
NETCARE = [sys.executable, "-m", "netcare.cli"]


@pytest.fixture
def world(shared_world: World) -> World:
    """One world for the module, as built (each test's writes are undone)."""
    return shared_world


def _border(world: World, version: str = "16.12.8") -> Device:
    """The own customer's ISR on a release CVE-2023-20198 lists."""
    inventory.ensure_platforms()
    return inventory.do_create_device(
        world.own,
        actor=world.users["admin"],
        hostname="OWN-BORDER-01",
        management_address="10.0.3.1",
        platform=Platform.objects.get(slug="cisco_xe"),
        model="ISR4451-X/K9",
        software_version=version,
        role="border",
    )


def _copy(names: list[str], folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(DATA / name, folder / name)
    return folder


def test_reimport_updates_in_place_keeps_history_and_the_experts_annotation(
    world: World, tmp_path: Path
) -> None:
    folder = _copy([f"{WEB_UI}.json", "CVE-2024-27890.json"], tmp_path / "feed")
    first = imports.do_import_files([folder], actor=None)
    assert first.counts["created"] == 2 and first.state == AdvisoryImport.State.DONE
    assert all(Path(p).is_file() for p in first.kept_files)  # the upload is kept
    again = imports.do_import_files([folder], actor=None)
    assert (again.counts["created"], again.counts["unchanged"]) == (0, 2)
    assert not AdvisoryRevision.objects.exists()

    web_ui = Advisory.objects.get(key=WEB_UI)
    advisories.do_annotate_feature(web_ui, ["http_server"], text="web UI on", actor=None)
    record = json.loads((folder / f"{WEB_UI}.json").read_text())
    record["containers"]["cna"]["descriptions"][0]["value"] += " Updated fixed releases."
    (folder / f"{WEB_UI}.json").write_text(json.dumps(record))
    third = imports.do_import_files([folder], actor=None)
    assert (third.counts["updated"], third.counts["unchanged"]) == (1, 1)
    web_ui.refresh_from_db()
    assert web_ui.summary.endswith("Updated fixed releases.")
    assert (web_ui.feature_any_of, web_ui.feature_source) == (["http_server"], "expert")
    revision = AdvisoryRevision.objects.get(advisory=web_ui)
    assert not revision.content["summary"].endswith("Updated fixed releases.")
    assert revision.replaced_by == third


def test_a_bad_file_refuses_the_whole_import_and_names_it(world: World, tmp_path: Path) -> None:
    folder = _copy([f"{WEB_UI}.json"], tmp_path / "upload")
    (folder / "broken.json").write_text('{"dataType": "CVE_RECORD", "cveMetadata": ')
    before = Advisory.objects.count()
    with pytest.raises(imports.ImportRefused) as refused:
        imports.do_import_files([folder], actor=None)
    assert "broken.json" in str(refused.value.record.error)
    assert refused.value.record.state == AdvisoryImport.State.REFUSED
    assert Advisory.objects.count() == before
    assert not Advisory.objects.filter(key=WEB_UI).exists()
    kept = [Path(p).name for p in refused.value.record.kept_files]
    assert any(n.endswith("broken.json") for n in kept) and all(
        Path(p).is_file() for p in refused.value.record.kept_files
    )


def test_kev_epss_and_the_release_catalog_import_beside_advisories(world: World) -> None:
    from netcare.lifecycle.services import publishing

    device = _border(world)
    record = imports.do_import_files(
        [DEMO / "demo_releases.csv", DATA / "kev-subset.json", DATA / "epss-excerpt.csv"],
        actor=None,
    )
    assert record.counts["releases"] == 16 <= Release.objects.count()
    assert Exploitation.objects.filter(known_exploited=True).count() == 6
    assert Exploitation.objects.exclude(epss=None).count() >= 10
    ordered = list(
        Release.objects.filter(platform__slug="cisco_xe").values_list("version", flat=True)
    )
    assert ordered.index("16.12.10a") < ordered.index("17.6.5") < ordered.index("17.12.3")
    # no target set by the customer: the catalog's recommended release is the default
    (row,) = [
        r for r in publishing.version_summary(world.own, "en").rows if r.hostname == device.hostname
    ]
    assert (row.target, row.off_track, row.end_of_support) == ("17.9.5", True, None)


def test_status_changes_keep_their_time_and_the_ram_hears_once(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    device = _border(world)
    imports.do_import_files([DATA / f"{WEB_UI}.json"], actor=None)
    exposure = Exposure.objects.get(device=device, advisory__key=WEB_UI)
    assert exposure.status == Exposure.Status.VULNERABLE  # no condition: the version decides
    told = Notification.objects.filter(kind="new_exposures", customer=world.own)
    assert told.count() >= 1 and WEB_UI in told.first().body  # type: ignore[union-attr]

    advisories.do_annotate_feature(
        Advisory.objects.get(key=WEB_UI), ["http_server", "https_server"], actor=None
    )
    exposure.refresh_from_db()
    # nothing collected from the device: the condition cannot be decided
    assert (exposure.status, exposure.reason) == ("potentially_vulnerable", "feature_unknown")
    history = list(ExposureChange.objects.filter(exposure=exposure).values_list("before", "after"))
    assert history == [("", "vulnerable"), ("vulnerable", "potentially_vulnerable")]
    before = told.count()
    exposures.do_match(world.own)  # nothing new: nobody is told again
    assert told.count() == before

    with django_capture_on_commit_callbacks(execute=True):
        device.software_version = "17.9.4a"  # upgraded to the fixed release
        device.save()  # matched again once the change commits
    exposure.refresh_from_db()
    assert (exposure.status, exposure.reason) == ("not_vulnerable", "version_not_in_range")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        return


@pytest.fixture
def loopback_server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    root = tmp_path / "www"
    root.mkdir()
    handler = lambda *a: _Quiet(*a, directory=str(root))  # noqa: E731
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", root
    finally:
        server.shutdown()


def test_feeds_refresh_from_a_folder_and_a_url_on_their_schedule(
    world: World, tmp_path: Path, loopback_server: tuple[str, Path]
) -> None:
    from django_q.models import Schedule

    admin = world.users["admin"]
    folder = _copy(["CVE-2024-27890.json"], tmp_path / "bulletins")
    feed = feeds.do_save_feed(
        Feed(), actor=admin, name="arista", kind="advisories", location=str(folder)
    )
    schedule = Schedule.objects.get(name=feeds.schedule_name(feed))
    assert (schedule.func, schedule.minutes) == (feeds.FEED_FUNC, 24 * 60)
    feeds.do_refresh_feed(feed)
    assert feed.last_state == "done" and Advisory.objects.filter(key="CVE-2024-27890").exists()

    base, root = loopback_server
    shutil.copy(DATA / "kev-subset.json", root / "known_exploited_vulnerabilities.json")
    kev = feeds.do_save_feed(
        Feed(),
        actor=admin,
        name="kev",
        kind="kev",
        location=f"{base}/known_exploited_vulnerabilities.json",
        every_hours=6,
    )
    feeds.do_refresh_feed(kev)
    assert kev.last_state == "done", kev.last_error
    assert Exploitation.objects.filter(known_exploited=True).count() == 6

    missing = feeds.do_save_feed(
        Feed(), actor=admin, name="gone", kind="advisories", location=f"{base}/nothing.json"
    )
    feeds.do_refresh_feed(missing)
    assert missing.last_state == "failed" and "404" in missing.last_error
    feeds.do_save_feed(missing, actor=admin, enabled=False)
    assert not Schedule.objects.filter(name=feeds.schedule_name(missing)).exists()
    with pytest.raises(Exception, match="not allowed"):
        feeds.do_save_feed(Feed(), actor=world.users["member_staff"], name="x", kind="kev")


def _cli(*args: str, stdin: str = "", env: dict[str, str] | None = None) -> Any:
    import os

    return subprocess.run(
        [*NETCARE, *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


def test_offline_cli_compares_sorts_and_matches(tmp_path: Path) -> None:
    assert _cli("version", "compare", "--scheme", "ios", "15.2(4)E10", "15.2(4)E9").stdout == ">\n"
    assert _cli("version", "compare", "--scheme", "junos", "21.4R3", "21.4R3-S5.4").stdout == "<\n"
    ordered = _cli("version", "sort", "--scheme", "vrp", stdin="V200R019C10SPC500\nV200R010C00\n")
    assert ordered.stdout.split() == ["V200R010C00", "V200R019C10SPC500"]
    bad = _cli("version", "sort", "--scheme", "ios", stdin="15.2(4)E10\nbanana\n")
    assert bad.returncode == 1 and "banana" in bad.stderr and bad.stdout.split() == ["15.2(4)E10"]

    devices = tmp_path / "devices.csv"
    devices.write_text(
        "hostname,vendor,platform,model,version,features\n"
        "edge-1,Cisco,cisco_xe,ISR4451-X/K9,16.12.8,http_server|ssh_server\n"
        "edge-2,Cisco,cisco_xe,C9300-48P,17.9.4a,\n"
    )
    found = _cli("advisories", "match", "--devices", str(devices), "--advisories",
                 str(DATA / f"{WEB_UI}.json"), "--json")  # fmt: skip
    assert found.returncode == 0, found.stderr
    rows = {r["device"]: r for r in map(json.loads, found.stdout.splitlines())}
    assert rows["edge-1"]["status"] == "vulnerable"
    assert (rows["edge-2"]["status"], rows["edge-2"]["reason"]) == (
        "not_vulnerable",
        "version_not_in_range",
    )


def test_database_cli_imports_summarises_and_assesses(world: World, tmp_path: Path) -> None:
    """The database commands, run in this process against the test database."""
    import openpyxl
    from docx import Document as WordDocument
    from typer.testing import CliRunner

    from netcare.cli import app

    _border(world)
    runner = CliRunner()
    done = runner.invoke(app, ["advisories", "import", str(DATA / f"{WEB_UI}.json")])
    assert done.exit_code == 0, done.output
    assert "1 new" in done.output
    refused = runner.invoke(app, ["advisories", "import", str(DATA / "README.md")])
    assert refused.exit_code == 1 and "README.md" in refused.output

    out = tmp_path / "versions.xlsx"
    summary = runner.invoke(app, ["versions", "summary", "--customer", world.own.code,
                                  "--out", str(out), "--lang", "en"])  # fmt: skip
    assert summary.exit_code == 0, summary.output
    cells = [c for row in openpyxl.load_workbook(out).worksheets[1].iter_rows(values_only=True)
             for c in row]  # fmt: skip
    assert "OWN-BORDER-01" in cells and "16.12.8" in cells

    report = tmp_path / "assessment.docx"
    assessed = runner.invoke(app, ["versions", "assess", "--customer", world.own.code,
                                   "--report", str(report), "--lang", "en"])  # fmt: skip
    assert assessed.exit_code == 0, assessed.output
    line = next(x for x in assessed.output.splitlines() if x.startswith("OWN-BORDER-01"))
    assert float(line.split("\t")[3]) > 0  # a critical vulnerability counts
    text = "\n".join(
        c.text for t in WordDocument(str(report)).tables for r in t.rows for c in r.cells
    )
    assert WEB_UI in text
    unknown = runner.invoke(app, ["versions", "assess", "--customer", "NOPE"])
    assert unknown.exit_code == 2 and "NOPE" in unknown.output
