"""Reading uploaded archives safely, one member at a time (plain Python, no Django).

Field engineers and the collection kit hand us ``.zip``, ``.tar.gz``/``.tgz`` or ``.tar``
files. :func:`iter_members` streams them: one member's bytes are in memory at a time,
never the whole archive, and every limit is checked on the bytes actually read (sizes
written in an archive's headers can lie). It refuses, with :class:`ArchiveRefused`
naming the member and the reason:

* ``traversal`` (a ``..`` component), ``absolute_path`` (``/etc/x``, ``C:\\x``, ``\\\\host``),
* ``link`` (symbolic or hard links) and ``special_file`` (devices, FIFOs),
* ``too_many_members``, ``member_too_large``, ``total_too_large`` and ``ratio``
  (a decompression bomb: far more bytes out than the archive holds),
* ``encrypted``, ``corrupt`` and ``not_archive``.

Nothing is ever extracted to disk; callers get names and bytes.
"""

from __future__ import annotations

import re
import stat
import tarfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

__all__ = ["ArchiveRefused", "Limits", "Member", "archive_kind", "iter_members", "safe_name"]

_CHUNK = 1 << 20
_GZIP_MAGIC = b"\x1f\x8b"
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_DRIVE = re.compile(r"^[A-Za-z]:")


@dataclass(frozen=True)
class Limits:
    """What one archive may hold. The defaults fit a large customer's full collection
    (thousands of devices) and stop bombs long before a disk or memory fills."""

    max_members: int = 200_000
    max_member_bytes: int = 256 * 2**20
    max_total_bytes: int = 8 * 2**30
    #: Uncompressed : compressed. Device text compresses 5-20:1; zeros 1000:1.
    max_ratio: float = 200.0
    #: Ratios are only judged past this many bytes (a tiny file may compress well).
    ratio_floor: int = 4 * 2**20


class ArchiveRefused(Exception):
    """The archive as a whole is refused; nothing from it may be stored."""

    def __init__(self, code: str, detail: str = "", member: str = "") -> None:
        where = f" ({member})" if member else ""
        super().__init__(f"{code}{where}: {detail}" if detail else f"{code}{where}")
        self.code = code
        self.detail = detail
        self.member = member


@dataclass(frozen=True)
class Member:
    """One regular file of an archive: its safe relative path and its bytes."""

    name: str
    data: bytes


def archive_kind(path: Path) -> str:
    """``zip``, ``tar.gz`` or ``tar`` by content (not by name), else ``not_archive``."""
    with path.open("rb") as handle:
        head = handle.read(512)
    if head.startswith(_ZIP_MAGIC):
        return "zip"
    if head.startswith(_GZIP_MAGIC):
        return "tar.gz"
    if len(head) >= 262 and head[257:262] == b"ustar":
        return "tar"
    return "not_archive"


def safe_name(raw: str) -> str:
    """The member's path with ``/`` separators, or ArchiveRefused when it escapes.

    Windows tools write ``\\``; ``.`` components and a trailing ``/`` are dropped.
    """
    name = raw.replace("\\", "/")
    if name.startswith("/") or _DRIVE.match(name):
        raise ArchiveRefused("absolute_path", "absolute paths are not allowed", raw)
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if any(p == ".." for p in parts):
        raise ArchiveRefused("traversal", "'..' in a path is not allowed", raw)
    if not parts:
        return ""
    return str(PurePosixPath(*parts))


class _Budget:
    """Counts members and bytes across the archive against the limits."""

    def __init__(self, limits: Limits, archive_bytes: int) -> None:
        self.limits = limits
        self.archive_bytes = max(archive_bytes, 1)
        self.members = 0
        self.total = 0

    def member(self, name: str) -> None:
        self.members += 1
        if self.members > self.limits.max_members:
            raise ArchiveRefused(
                "too_many_members", f"more than {self.limits.max_members} files", name
            )

    def read(self, handle: IO[bytes], name: str, compressed: int | None) -> bytes:
        limits = self.limits
        chunks: list[bytes] = []
        size = 0
        while True:
            chunk = handle.read(_CHUNK)
            if not chunk:
                break
            size += len(chunk)
            self.total += len(chunk)
            if size > limits.max_member_bytes:
                raise ArchiveRefused(
                    "member_too_large", f"a file over {limits.max_member_bytes} bytes", name
                )
            if self.total > limits.max_total_bytes:
                raise ArchiveRefused(
                    "total_too_large", f"more than {limits.max_total_bytes} bytes in all", name
                )
            if (
                compressed is not None
                and size > limits.ratio_floor
                and size > limits.max_ratio * max(compressed, 1)
            ):
                raise ArchiveRefused("ratio", f"expands more than {limits.max_ratio:g} times", name)
            if (
                self.total > limits.ratio_floor
                and self.total > limits.max_ratio * self.archive_bytes
            ):
                raise ArchiveRefused("ratio", f"expands more than {limits.max_ratio:g} times", name)
            chunks.append(chunk)
        return b"".join(chunks)


def _zip_name(info: zipfile.ZipInfo) -> str:
    """Member name; names without the UTF-8 flag from Chinese Windows are GBK, not cp437."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        raw = info.filename.encode("cp437")
    except UnicodeEncodeError:
        return info.filename
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return info.filename


def _iter_zip(path: Path, limits: Limits) -> Iterator[Member]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ArchiveRefused("corrupt", str(exc)) from None
    with archive:
        infos = archive.infolist()
        # The central directory is read before any data, so a bad entry anywhere refuses
        # the archive before a byte of it is used.
        if len(infos) > limits.max_members:
            raise ArchiveRefused("too_many_members", f"more than {limits.max_members} files")
        names: list[str] = []
        for info in infos:
            name = _zip_name(info)
            clean = safe_name(name)
            mode = info.external_attr >> 16
            if stat.S_ISLNK(mode):
                raise ArchiveRefused("link", "links are not allowed", name)
            # Zip writers that set only permission bits (Python's writestr) leave the
            # type field zero: that is a regular file.
            if stat.S_IFMT(mode) not in (0, stat.S_IFREG, stat.S_IFDIR):
                raise ArchiveRefused("special_file", "only regular files are allowed", name)
            if info.flag_bits & 0x1:
                raise ArchiveRefused("encrypted", "password-protected archives cannot be read")
            if info.file_size > limits.max_member_bytes:
                raise ArchiveRefused(
                    "member_too_large", f"a file over {limits.max_member_bytes} bytes", name
                )
            names.append(clean)
        budget = _Budget(limits, path.stat().st_size)
        for info, clean in zip(infos, names, strict=True):
            if info.is_dir() or not clean:
                continue
            budget.member(clean)
            try:
                with archive.open(info) as handle:
                    data = budget.read(handle, clean, info.compress_size)
            except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError) as exc:
                raise ArchiveRefused("corrupt", str(exc), clean) from None
            yield Member(clean, data)


def _iter_tar(path: Path, limits: Limits, gz: bool) -> Iterator[Member]:
    budget = _Budget(limits, path.stat().st_size)
    try:
        # Stream mode ("r|"): members are read in order and never seeked back to.
        # Closed by the "with" below.
        archive = (
            tarfile.open(path, "r|gz")  # noqa: SIM115
            if gz
            else tarfile.open(path, "r|")  # noqa: SIM115
        )
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise ArchiveRefused("corrupt", str(exc)) from None
    with archive:
        try:
            for info in archive:
                clean = safe_name(info.name)
                if info.issym() or info.islnk():
                    raise ArchiveRefused("link", "links are not allowed", info.name)
                if info.isdir():
                    continue
                if not info.isfile():
                    raise ArchiveRefused(
                        "special_file", "only regular files are allowed", info.name
                    )
                if not clean:
                    continue
                budget.member(clean)
                if info.size > limits.max_member_bytes:
                    raise ArchiveRefused(
                        "member_too_large", f"a file over {limits.max_member_bytes} bytes", clean
                    )
                handle = archive.extractfile(info)
                if handle is None:
                    continue
                yield Member(clean, budget.read(handle, clean, None))
        except (tarfile.TarError, EOFError, OSError) as exc:
            raise ArchiveRefused("corrupt", str(exc)) from None


def iter_members(path: Path, limits: Limits | None = None) -> Iterator[Member]:
    """Yield the archive's regular files in archive order, checking every limit.

    Raises :class:`ArchiveRefused` at the first problem; what was yielded before must
    then be discarded by the caller (an import is all or nothing).
    """
    limits = limits or Limits()
    kind = archive_kind(path)
    if kind == "zip":
        yield from _iter_zip(path, limits)
    elif kind == "tar.gz":
        yield from _iter_tar(path, limits, gz=True)
    elif kind == "tar":
        yield from _iter_tar(path, limits, gz=False)
    else:
        raise ArchiveRefused("not_archive", "not a zip, tar.gz or tar file")


def iter_folder(root: Path, limits: Limits | None = None) -> Iterator[Member]:
    """Yield the regular files under a folder like an archive's members (links skipped)."""
    limits = limits or Limits()
    budget = _Budget(limits, 1 << 62)
    for path in sorted(root.rglob("*")):
        if path.is_symlink() or not path.is_file():
            continue
        name = path.relative_to(root).as_posix()
        budget.member(name)
        with path.open("rb") as handle:
            yield Member(name, budget.read(handle, name, None))


def peek(path: Path, name: str, max_bytes: int = 16 * 2**20) -> bytes | None:
    """One root-level file's bytes from a zip archive or a folder, or None.

    Used for the kit's ``manifest.json``, which the kit writes last but an import needs
    first; a zip's central directory allows that without reading the rest. Tar archives
    (which can only be read in order) answer None.
    """
    if path.is_dir():
        target = path / name
        if target.is_file() and not target.is_symlink() and target.stat().st_size <= max_bytes:
            return target.read_bytes()
        return None
    if archive_kind(path) != "zip":
        return None
    try:
        with zipfile.ZipFile(path) as archive:
            info = next((i for i in archive.infolist() if safe_name(i.filename) == name), None)
            if info is None or info.file_size > max_bytes:
                return None
            with archive.open(info) as handle:
                return handle.read(max_bytes + 1)[:max_bytes]
    except (zipfile.BadZipFile, OSError, ArchiveRefused):
        return None
