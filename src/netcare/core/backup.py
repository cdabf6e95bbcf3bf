"""Backup and restore of a whole NetCare installation: its database and its data directory.

A backup is one ``.tar.gz`` archive:

``manifest.json``
    format, NetCare and Django versions, when it was made, the database engine, the
    applied migrations, the row count of every table, a fingerprint of the key that
    encrypts device credentials, and every file with its size and SHA-256.
``database.json``
    every row of every model, as Django's serializer writes them (``dumpdata``), with
    natural keys for content types and permissions so ids that ``migrate`` assigns on
    the new installation do not matter. The same file loads into SQLite or PostgreSQL.
``files/<path>``
    the data directory: uploads, reports, media, the generated secret key (without
    which encrypted device credentials cannot be read), the simulator's twins. Not the
    SQLite database file itself (it is in ``database.json``) and not collected static
    files (``collectstatic`` makes them again).

Restoring checks everything before it changes anything: the archive's hashes, that the
installation has the same migrations, that its database and data directory are empty
(unless forced), and that device credentials will still decrypt. Then it replaces the
database's rows in one transaction, checks the row counts, and only after the commit
moves the files into place. Why a portable dump and not an engine's own dump tool:
``docs/adr/0006-backup-as-portable-dump.md``.

This module knows no domain app: it walks the app registry, and the only models it
names are core's own and Django's.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path, PurePosixPath
from typing import IO, Any

import django
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder

from netcare.core.i18n import pick

#: Bump when the archive layout changes; restore refuses formats it does not know.
FORMAT = 1
MANIFEST = "manifest.json"
DATABASE = "database.json"
FILES = "files/"
#: Rebuilt by ``migrate`` on every installation, so neither saved nor replaced:
#: rows elsewhere point at them by natural key (app label and model name).
REBUILT_BY_MIGRATE = ("contenttypes.contenttype", "auth.permission")
#: Data-directory entries that are not the installation's data.
SKIPPED_TOP_LEVEL = {"static"}
_CHUNK = 1 << 20


class BackupError(Exception):
    """A backup cannot be made or restored; the message says why and what to do."""


@dataclass
class Summary:
    """What a backup holds or a restore wrote, for the command line to print."""

    archive: Path
    rows: int
    tables: int
    files: int
    bytes: int
    manifest: dict[str, Any] = field(default_factory=dict)


# --------------------------------------------------------------------------- helpers


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _netcare_version() -> str:
    try:
        return version("netcare")
    except PackageNotFoundError:
        return "unknown"


def _connection(using: str = DEFAULT_DB_ALIAS) -> Any:
    return connections[using]


def _saved_models() -> list[type[models.Model]]:
    """Every concrete model whose rows a backup carries, with auto-created m2m tables."""
    chosen = []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.label_lower in REBUILT_BY_MIGRATE:
            continue
        chosen.append(model)
    return chosen


def _row_counts() -> dict[str, int]:
    return {m._meta.label_lower: m._base_manager.count() for m in _saved_models()}


def _applied_migrations(using: str = DEFAULT_DB_ALIAS) -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app_label, name in sorted(MigrationRecorder(_connection(using)).applied_migrations()):
        applied.setdefault(app_label, []).append(name)
    return applied


def _database_files() -> set[Path]:
    """The SQLite database's own files, when they live in the data directory."""
    db = settings.DATABASES[DEFAULT_DB_ALIAS]
    if db["ENGINE"] != "django.db.backends.sqlite3":
        return set()
    name = Path(str(db["NAME"])).resolve()
    return {name, *(name.with_name(name.name + s) for s in ("-wal", "-shm", "-journal"))}


def _data_files(skip: set[Path], skip_dir: Path | None = None) -> Iterator[tuple[str, Path]]:
    """(relative posix path, absolute path) of every data file, in a stable order."""
    root = Path(settings.DATA_DIR).resolve()
    for current, dirs, names in os.walk(root):
        here = Path(current)
        if skip_dir is not None and here.is_relative_to(skip_dir):
            dirs[:] = []
            continue
        if here == root:
            dirs[:] = [d for d in dirs if d not in SKIPPED_TOP_LEVEL and not d.startswith(".")]
        dirs.sort()
        for name in sorted(names):
            path = here / name
            if path.is_symlink() or not path.is_file() or path.resolve() in skip:
                continue
            if here == root and name.startswith("."):
                continue  # probes and staging left by NetCare itself
            yield path.relative_to(root).as_posix(), path


def key_fingerprint(material: str) -> str:
    """A short, one-way mark of the credential key, to tell keys apart without saving one."""
    return hashlib.sha256(b"netcare backup key check\0" + material.encode()).hexdigest()[:16]


def _key_file() -> Path:
    return Path(settings.DATA_DIR) / "secret_key"


def _credential_key_now() -> tuple[str, str]:
    """(where it comes from, material) of the key that encrypts device credentials here.

    ``NETCARE_CREDENTIAL_KEY`` when set (all its comma-separated keys), else the secret
    key: from ``NETCARE_SECRET_KEY`` or from the key file NetCare generated.
    """
    if settings.CREDENTIAL_KEY:
        return "NETCARE_CREDENTIAL_KEY", str(settings.CREDENTIAL_KEY)
    key_file = _key_file()
    from_file = key_file.is_file() and key_file.read_text("utf-8").strip() == settings.SECRET_KEY
    return ("data directory" if from_file else "NETCARE_SECRET_KEY"), str(settings.SECRET_KEY)


# ---------------------------------------------------------------------------- backup


@contextlib.contextmanager
def _snapshot(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """One consistent view of the database while it is read; writers may go on.

    PostgreSQL: a repeatable-read, read-only transaction. SQLite: a deferred read
    transaction, which in WAL mode reads one snapshot without taking the write lock
    (Django's own ``atomic`` would begin IMMEDIATE here and hold up the web server).
    """
    connection = _connection(using)
    if connection.vendor == "sqlite" and connection.get_autocommit():
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("ROLLBACK")
        return
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


def create_backup(out: Path) -> Summary:
    """Write the database and the data directory into the archive ``out``.

    The archive is written beside ``out`` first and renamed at the end, so an
    interrupted backup never leaves a file that looks complete.
    """
    out = out.expanduser().resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    source, material = _credential_key_now()
    with tempfile.TemporaryDirectory(prefix=".netcare-backup-", dir=out.parent) as work:
        dump = Path(work) / DATABASE
        with _snapshot():
            call_command(
                "dumpdata",
                exclude=list(REBUILT_BY_MIGRATE),
                natural_foreign=True,
                use_base_manager=True,
                indent=None,
                output=str(dump),
                verbosity=0,
            )
            counts = _row_counts()
            migrations = _applied_migrations()
        files: list[dict[str, Any]] = [
            {
                "path": rel,
                "size": path.stat().st_size,
                "mode": oct(path.stat().st_mode & 0o777),
                "sha256": _sha256_file(path),
            }
            for rel, path in _data_files(_database_files() | {out}, Path(work).resolve())
        ]
        manifest: dict[str, Any] = {
            "format": FORMAT,
            "netcare_version": _netcare_version(),
            "django_version": django.get_version(),
            "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "database": {
                "engine": _connection().vendor,
                "sha256": _sha256_file(dump),
                "size": dump.stat().st_size,
                "rows": counts,
            },
            "migrations": migrations,
            "credential_key": {"source": source, "fingerprint": key_fingerprint(material)},
            "files": files,
        }
        partial = Path(work) / "archive.tar.gz"
        with tarfile.open(partial, "w:gz") as archive:
            raw = json.dumps(manifest, indent=2, ensure_ascii=False).encode("utf-8")
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(raw), int(dt.datetime.now().timestamp()), 0o600
            archive.addfile(info, io.BytesIO(raw))
            archive.add(dump, arcname=DATABASE, recursive=False)
            root = Path(settings.DATA_DIR).resolve()
            for entry in files:
                archive.add(root / entry["path"], arcname=FILES + entry["path"], recursive=False)
        partial.chmod(0o600)  # it holds the secret key and every customer's data
        os.replace(partial, out)
    return Summary(
        archive=out,
        rows=sum(counts.values()),
        tables=len(counts),
        files=len(files),
        bytes=out.stat().st_size,
        manifest=manifest,
    )


# --------------------------------------------------------------------------- restore


def read_manifest(archive: Path) -> dict[str, Any]:
    """The manifest of a backup archive; raises ``BackupError`` if it is not one."""
    try:
        with tarfile.open(archive, "r:gz") as tar:
            return _manifest_of(tar, archive)
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(
            pick(
                f"{archive}：不是 NetCare 备份文件（{exc}）",
                f"{archive}: not a NetCare backup archive ({exc})",
            )
        ) from exc


def _manifest_of(tar: tarfile.TarFile, archive: Path) -> dict[str, Any]:
    try:
        member = tar.getmember(MANIFEST)
        handle = tar.extractfile(member)
    except KeyError:
        handle = None
    if handle is None:
        raise BackupError(
            pick(
                f"{archive}：缺少 {MANIFEST}，不是 NetCare 备份文件",
                f"{archive}: no {MANIFEST}, not a NetCare backup archive",
            )
        )
    manifest = json.loads(handle.read().decode("utf-8"))
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(
            pick(
                f"{archive}：备份格式为 {manifest.get('format')!r}，本版 NetCare 只读 {FORMAT}",
                f"{archive}: backup format {manifest.get('format')!r}, this NetCare reads {FORMAT}",
            )
        )
    return manifest


def database_in_use(using: str = DEFAULT_DB_ALIAS) -> str:
    """Why the database already holds an installation's data ('' when it is fresh).

    A fresh installation after ``migrate`` has reference rows (catalog, platforms,
    schedules, their audit entries) but no user account, no customer and nothing that
    belongs to a customer.
    """
    from netcare.core.models import TenantModel

    users = get_user_model()._base_manager.using(using).count()
    if users:
        return f"{users} user account(s)"
    # The tenant model, as the abstract base names it ("app.Model" until resolved).
    target = TenantModel._meta.get_field("customer").remote_field.model
    customer_model = apps.get_model(target) if isinstance(target, str) else target
    owned = [m for m in apps.get_models() if issubclass(m, TenantModel)]
    for model in [customer_model, *owned]:
        count = model._base_manager.using(using).count()
        if count:
            return f"{count} row(s) of {model._meta.label}"
    return ""


def _fresh_data_dir_entries() -> set[str]:
    """What a data directory holds right after installation and ``migrate``."""
    db_files = {p.name for p in _database_files() if p.parent == Path(settings.DATA_DIR)}
    return db_files | {"secret_key", *SKIPPED_TOP_LEVEL}


def _data_dir_in_use() -> list[str]:
    root = Path(settings.DATA_DIR)
    fresh = _fresh_data_dir_entries()
    return sorted(
        p.name for p in root.iterdir() if p.name not in fresh and not p.name.startswith(".")
    )


def _safe_relative(name: str) -> PurePosixPath:
    """A member's path below ``files/``, refusing absolute paths and ``..``."""
    relative = PurePosixPath(name[len(FILES) :])
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        raise BackupError(
            pick(
                f"备份中的文件 {name!r} 指向数据目录之外",
                f"archive member {name!r} points outside the data directory",
            )
        )
    return relative


def _copy_verified(source: IO[bytes], target: Path, expected: str, label: str) -> None:
    digest = hashlib.sha256()
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as handle:
        for chunk in iter(lambda: source.read(_CHUNK), b""):
            digest.update(chunk)
            handle.write(chunk)
    if digest.hexdigest() != expected:
        raise BackupError(
            pick(
                f"{label}：SHA-256 与清单不符，备份文件已损坏",
                f"{label}: SHA-256 differs from the manifest; the archive is damaged",
            )
        )


def _unpack(tar: tarfile.TarFile, manifest: dict[str, Any], staging: Path) -> None:
    """Every file of the manifest, checked against its hash, into ``staging``."""
    expected = {FILES + f["path"]: f["sha256"] for f in manifest["files"]}
    expected[DATABASE] = manifest["database"]["sha256"]
    seen: set[str] = set()
    for member in tar:
        if member.name == MANIFEST:
            continue
        if member.name not in expected:
            raise BackupError(
                pick(
                    f"备份中的文件 {member.name!r} 不在清单中",
                    f"archive member {member.name!r} is not in the manifest",
                )
            )
        if not member.isfile():
            raise BackupError(
                pick(
                    f"备份中的 {member.name!r} 不是普通文件",
                    f"archive member {member.name!r} is not a regular file",
                )
            )
        relative = (
            PurePosixPath(DATABASE)
            if member.name == DATABASE
            else PurePosixPath(FILES) / _safe_relative(member.name)
        )
        handle = tar.extractfile(member)
        assert handle is not None
        _copy_verified(handle, staging / relative, expected[member.name], member.name)
        seen.add(member.name)
    missing = sorted(set(expected) - seen)
    if missing:
        raise BackupError(
            pick(
                f"备份缺少清单中的 {len(missing)} 个文件：{missing[:5]}",
                f"the archive lacks {len(missing)} file(s) of its manifest: {missing[:5]}",
            )
        )


def _check_key(manifest: dict[str, Any], staging: Path) -> str:
    """'' when device credentials will decrypt after the restore, else the reason."""
    saved = manifest["credential_key"]
    if settings.CREDENTIAL_KEY:
        source, material = "NETCARE_CREDENTIAL_KEY", str(settings.CREDENTIAL_KEY)
    else:
        restored_key = staging / "secret_key"
        fresh_key = _key_file()
        env_key = not (
            fresh_key.is_file() and fresh_key.read_text("utf-8").strip() == settings.SECRET_KEY
        )
        if env_key:
            source, material = "NETCARE_SECRET_KEY", str(settings.SECRET_KEY)
        elif restored_key.is_file():
            source, material = "data directory", restored_key.read_text("utf-8").strip()
        else:
            source, material = "data directory", str(settings.SECRET_KEY)
    if key_fingerprint(material) == saved["fingerprint"]:
        return ""
    return pick(
        f"备份中的设备凭据用来自 {saved['source']} 的密钥加密，而恢复后本安装将使用另一个"
        f"密钥（来自 {source}）；请像原安装一样设置 NETCARE_CREDENTIAL_KEY / "
        f"NETCARE_SECRET_KEY，或用 --force 恢复后重新录入凭据",
        f"device credentials in this backup were encrypted with the key from "
        f"{saved['source']}, but after the restore this installation would use another "
        f"key (from {source}); set NETCARE_CREDENTIAL_KEY / NETCARE_SECRET_KEY as on the "
        f"original installation, or restore with --force and enter the credentials again",
    )


def _flush_and_load(dump: Path, expected_rows: dict[str, int], using: str) -> None:
    """Replace every saved table's rows with the dump's, all or nothing."""
    connection = _connection(using)
    keep = {apps.get_model(label)._meta.db_table for label in REBUILT_BY_MIGRATE}
    tables = [
        t for t in connection.introspection.django_table_names(only_existing=True) if t not in keep
    ]
    with transaction.atomic(using=using):
        statements = connection.ops.sql_flush(no_style(), tables, reset_sequences=True)
        connection.ops.execute_sql_flush(statements)
        call_command("loaddata", str(dump), database=using, verbosity=0)
        restored = _row_counts()
        differ = {
            label: (count, restored.get(label))
            for label, count in expected_rows.items()
            if restored.get(label) != count
        }
        if differ:
            raise BackupError(
                pick(
                    f"载入后的行数与清单不符：{differ}",
                    f"row counts after loading differ from the manifest: {differ}",
                )
            )


def restore_backup(archive: Path, *, force: bool = False) -> Summary:
    """Restore the archive into this (fresh) installation; see the module docstring.

    Raises ``BackupError`` before changing anything when the archive is damaged or
    foreign, the migrations differ, the database or data directory is in use (without
    ``force``), or device credentials would not decrypt (without ``force``).
    """
    archive = archive.expanduser().resolve()
    using = DEFAULT_DB_ALIAS
    root = Path(settings.DATA_DIR)
    manifest = read_manifest(archive)
    here = _applied_migrations(using)
    if here != manifest["migrations"]:
        only_backup = _migration_difference(manifest["migrations"], here)
        only_here = _migration_difference(here, manifest["migrations"])
        raise BackupError(
            pick(
                f"该备份由 NetCare {manifest['netcare_version']} 制作，数据库迁移不同（仅备份"
                f"中有：{only_backup or '无'}；仅本安装有：{only_here or '无'}）；请用该版本"
                f"恢复后再升级",
                f"the backup was made by NetCare {manifest['netcare_version']} with other "
                f"migrations (only in the backup: {only_backup or 'none'}; only here: "
                f"{only_here or 'none'}); restore it with that version, then upgrade",
            )
        )
    if not force:
        in_use = database_in_use(using)
        if in_use:
            raise BackupError(
                pick(
                    f"数据库不是空的（{in_use}）；请恢复到全新安装，或加 --force 替换其中全部内容",
                    f"the database is not empty ({in_use}); restore into a fresh installation, "
                    f"or add --force to replace everything in it",
                )
            )
        files_in_use = _data_dir_in_use()
        if files_in_use:
            raise BackupError(
                pick(
                    f"数据目录 {root} 已有 {'、'.join(files_in_use[:5])}；请恢复到空目录，"
                    f"或加 --force 覆盖",
                    f"the data directory {root} already holds {', '.join(files_in_use[:5])}; "
                    f"restore into an empty one, or add --force to overwrite",
                )
            )
    staging = Path(tempfile.mkdtemp(prefix=".restore-", dir=root))
    try:
        with tarfile.open(archive, "r:gz") as tar:
            _unpack(tar, manifest, staging / "content")
        key_problem = _check_key(manifest, staging / "content" / FILES.rstrip("/"))
        if key_problem and not force:
            raise BackupError(key_problem)
        _flush_and_load(staging / "content" / DATABASE, manifest["database"]["rows"], using)
        # The database is committed; the files follow, each replaced in one step.
        for entry in manifest["files"]:
            target = root / entry["path"]
            target.parent.mkdir(parents=True, exist_ok=True)
            source = staging / "content" / FILES.rstrip("/") / entry["path"]
            # Private keys keep their owner-only mode.
            source.chmod(int(entry.get("mode", "0o600"), 8))
            os.replace(source, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return Summary(
        archive=archive,
        rows=sum(manifest["database"]["rows"].values()),
        tables=len(manifest["database"]["rows"]),
        files=len(manifest["files"]),
        bytes=sum(int(f["size"]) for f in manifest["files"]),
        manifest=manifest,
    )


def _migration_difference(a: dict[str, list[str]], b: dict[str, list[str]]) -> list[str]:
    return sorted(
        f"{app}.{name}" for app, names in a.items() for name in names if name not in b.get(app, [])
    )
