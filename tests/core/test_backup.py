"""``netcare backup`` and ``netcare restore`` between real installations, each its own
process, data directory and database (on the PostgreSQL pass, its own PostgreSQL
database): the same rows, the same files, credentials that still decrypt, and refusals
that change nothing.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import secrets
import subprocess
import sys
import tarfile
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.postgres]

ROOT = Path(__file__).resolve().parents[2]
PG_SERVER = "postgresql://postgres@127.0.0.1:5432"

#: Rows and the plaintext of every stored secret (hashed), read inside an installation.
STATE = """
import hashlib, json
from django.apps import apps
from netcare.inventory import crypto
from netcare.inventory.models import Credential
rows = {m._meta.label_lower: m._base_manager.count()
        for m in apps.get_models(include_auto_created=True)}
secrets = sorted(
    hashlib.sha256(crypto.decrypt(getattr(c, f)).encode()).hexdigest()
    for c in Credential.objects.all()
    for f in ("password_encrypted", "enable_secret_encrypted")
)
print(json.dumps({"rows": rows, "secrets": secrets}))
"""

BUILD = """
from pathlib import Path
from django.conf import settings
from tests.conftest import build_world
build_world()
extra = Path(settings.DATA_DIR) / "reports" / "ECCB" / "巡检 报告 2026.docx"
extra.parent.mkdir(parents=True, exist_ok=True)
extra.write_bytes(bytes(range(256)) * 64)
(Path(settings.DATA_DIR) / "uploads" / "ECCB").mkdir(parents=True, exist_ok=True)
(Path(settings.DATA_DIR) / "uploads" / "ECCB" / "kit.zip").write_bytes(b"PK\\x05\\x06" + bytes(18))
"""


class Install:
    """One NetCare installation driven through its console script."""

    @classmethod
    def existing(cls, data_dir: Path, env: dict[str, str]) -> Install:
        """An installation another fixture made (``env`` as it runs it: its database)."""
        install = cls.__new__(cls)
        install.data_dir = data_dir
        install.env = {**env, "NETCARE_LANGUAGE": "en", "PYTHONPATH": str(ROOT)}
        install.database = ""  # its owner drops it
        return install

    def __init__(self, data_dir: Path, **env: str) -> None:
        self.data_dir = data_dir
        data_dir.mkdir(parents=True, exist_ok=True)
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("NETCARE_")}
        self.env.pop("DJANGO_SETTINGS_MODULE", None)
        self.env["NETCARE_DATA_DIR"] = str(data_dir)
        self.env["NETCARE_LANGUAGE"] = "en"
        self.env["PYTHONPATH"] = str(ROOT)
        self.database = ""
        if os.environ.get("NETCARE_TEST_PASS") == "postgres":
            import psycopg

            self.database = f"netcare_backup_{uuid.uuid4().hex[:10]}"
            with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{self.database}"')
            self.env["NETCARE_DATABASE_URL"] = f"{PG_SERVER}/{self.database}"
        self.env.update(env)

    def run(self, *args: str, timeout: int = 600) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "netcare.cli", *args],
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    def ok(self, *args: str, timeout: int = 600) -> str:
        done = self.run(*args, timeout=timeout)
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    def shell(self, script: str) -> Any:
        lines = self.ok("manage", "shell", "-c", script).strip().splitlines()
        return json.loads(lines[-1])

    def state(self) -> dict[str, Any]:
        return dict(self.shell(STATE))

    def files(self) -> dict[str, str]:
        """sha256 of every data file that is the installation's own data."""
        found = {}
        for path in sorted(self.data_dir.rglob("*")):
            rel = path.relative_to(self.data_dir).as_posix()
            if not path.is_file() or rel.startswith(("static/", "netcare.sqlite3")):
                continue
            found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
        return found

    def drop(self) -> None:
        if self.database:
            import psycopg

            with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')


@pytest.fixture
def make_install(tmp_path: Path) -> Iterator[Callable[..., Install]]:
    made: list[Install] = []

    def make(name: str, **env: str) -> Install:
        install = Install(tmp_path / name, **env)
        made.append(install)
        return install

    yield make
    for install in made:
        install.drop()


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Install, Path]]:
    """A small real installation (the test world, files in reports and uploads), backed up."""
    install = Install(tmp_path_factory.mktemp("source") / "data")
    try:
        install.ok("manage", "migrate", "--verbosity", "0")
        install.shell(BUILD + "\nprint('null')")
        archive = install.data_dir.parent / "backup.tar.gz"
        out = install.ok("backup", "--out", str(archive))
        assert "backup written" in out
        yield install, archive
    finally:
        install.drop()


def _members(archive: Path) -> dict[str, bytes]:
    with tarfile.open(archive, "r:gz") as tar:
        return {m.name: tar.extractfile(m).read() for m in tar if m.isfile()}  # type: ignore[union-attr]


def _rewrite(archive: Path, target: Path, change: Callable[[dict[str, bytes]], None]) -> Path:
    members = _members(archive)
    change(members)
    with tarfile.open(target, "w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return target


def _without_audit(rows: dict[str, int]) -> dict[str, int]:
    # Each `migrate` (the restore command runs one first) may audit the catalog sync
    # of contracts (a quota written as 4 vs 4.0), which is not the restore's doing.
    return {label: count for label, count in rows.items() if label != "core.auditevent"}


def test_archive_holds_manifest_dump_and_data_files_not_the_database_file(
    source: tuple[Install, Path],
) -> None:
    install, archive = source
    members = _members(archive)
    manifest = json.loads(members["manifest.json"])
    assert manifest["format"] == 1 and manifest["netcare_version"]
    assert manifest["database"]["engine"] in {"sqlite", "postgresql"}
    assert manifest["migrations"]["core"][0] == "0001_initial"
    assert manifest["credential_key"]["source"] == "data directory"
    listed = {f["path"]: f["sha256"] for f in manifest["files"]}
    assert listed == install.files()
    assert "secret_key" in listed and "reports/ECCB/巡检 报告 2026.docx" in listed
    assert not any(name.startswith(("files/static/", "files/netcare.sqlite3")) for name in members)
    assert hashlib.sha256(members["database.json"]).hexdigest() == manifest["database"]["sha256"]
    rows = manifest["database"]["rows"]
    assert rows["auth.user"] >= 7 and rows["customers.customer"] == 2
    assert "contenttypes.contenttype" not in rows
    assert (archive.stat().st_mode & 0o077) == 0


def test_restore_into_a_fresh_installation_gives_the_same_state(
    source: tuple[Install, Path], make_install: Callable[..., Install]
) -> None:
    install, archive = source
    target = make_install("target")
    out = target.ok("restore", str(archive))
    assert "restored" in out
    before, after = install.state(), target.state()
    assert after["rows"] == before["rows"]
    assert after["secrets"] == before["secrets"] and len(after["secrets"]) == 4
    assert target.files() == install.files()
    assert (target.data_dir / "secret_key").stat().st_mode & 0o777 == 0o600
    # Restoring again is refused: the database now holds an installation's data.
    again = target.run("restore", str(archive))
    assert again.returncode == 1 and "the database is not empty" in again.stderr
    # Forced, everything is replaced (not doubled).
    target.ok("restore", "--force", str(archive))
    assert target.state()["rows"] == before["rows"]


def test_refused_restores_change_nothing(
    source: tuple[Install, Path], make_install: Callable[..., Install], tmp_path: Path
) -> None:
    _, archive = source
    target = make_install("target")
    target.ok("manage", "migrate", "--verbosity", "0")
    fresh_rows = target.state()["rows"]
    fresh_files = target.files()

    def damage(members: dict[str, bytes]) -> None:
        members["files/reports/ECCB/巡检 报告 2026.docx"] = b"not the report"

    def escape(members: dict[str, bytes]) -> None:
        manifest = json.loads(members["manifest.json"])
        data = b"overwritten"
        manifest["files"].append(
            {"path": "../outside.txt", "size": 11, "sha256": hashlib.sha256(data).hexdigest()}
        )
        members["files/../outside.txt"] = data
        members["manifest.json"] = json.dumps(manifest).encode()

    def newer(members: dict[str, bytes]) -> None:
        manifest = json.loads(members["manifest.json"])
        manifest["migrations"]["core"].append("9999_from_the_future")
        members["manifest.json"] = json.dumps(manifest).encode()

    def lost_dump(members: dict[str, bytes]) -> None:
        del members["database.json"]

    cases = [
        (damage, "SHA-256 differs from the manifest"),
        (escape, "points outside the data directory"),
        (newer, "only in the backup: ['core.9999_from_the_future']"),
        (lost_dump, "lacks 1 file(s)"),
    ]
    for change, reason in cases:
        bad = _rewrite(archive, tmp_path / f"{change.__name__}.tar.gz", change)
        done = target.run("restore", str(bad))
        assert done.returncode == 1, done.stdout
        assert "restore refused" in done.stderr and reason in done.stderr
        assert _without_audit(target.state()["rows"]) == _without_audit(fresh_rows)
        assert target.files() == fresh_files
        assert not (target.data_dir.parent / "outside.txt").exists()
        assert not [p for p in target.data_dir.iterdir() if p.name.startswith(".restore-")]
    not_an_archive = tmp_path / "notes.tar.gz"
    not_an_archive.write_text("hello")
    done = target.run("restore", str(not_an_archive))
    assert done.returncode == 1 and "not a NetCare backup archive" in done.stderr


def test_restore_refuses_a_key_that_cannot_read_the_credentials(
    source: tuple[Install, Path], make_install: Callable[..., Install]
) -> None:
    _, archive = source
    target = make_install("target", NETCARE_SECRET_KEY=secrets.token_urlsafe(60))
    done = target.run("restore", str(archive))
    assert done.returncode == 1
    assert "device credentials in this backup were encrypted" in done.stderr
    assert "NETCARE_SECRET_KEY" in done.stderr
    assert target.state()["rows"]["auth.user"] == 0


def test_restore_refuses_a_data_directory_in_use(
    source: tuple[Install, Path], make_install: Callable[..., Install]
) -> None:
    _, archive = source
    target = make_install("target")
    (target.data_dir / "uploads").mkdir()
    (target.data_dir / "uploads" / "mine.txt").write_text("kept")
    done = target.run("restore", str(archive))
    assert done.returncode == 1 and "already holds uploads" in done.stderr
    assert (target.data_dir / "uploads" / "mine.txt").read_text() == "kept"


@pytest.mark.slow
def test_the_demo_round_trips(
    demo_dir: tuple[Path, dict[str, str]], make_install: Callable[..., Install], tmp_path: Path
) -> None:
    """The demo every end-to-end test shares (tests/demo_site.py), before it is served."""
    demo = Install.existing(*demo_dir)
    archive = tmp_path / "demo-backup.tar.gz"
    demo.ok("backup", "--out", str(archive))
    target = make_install("restored")
    target.ok("restore", str(archive))
    before, after = demo.state(), target.state()
    assert after == before
    assert before["rows"]["customers.customer"] >= 3 and before["rows"]["inventory.device"] > 0
    assert len(before["secrets"]) >= 3
    assert target.files() == demo.files()
    assert any(rel.startswith("reports/") for rel in target.files())
