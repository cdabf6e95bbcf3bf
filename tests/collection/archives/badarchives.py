"""Hostile and broken archives, built in a temp folder for each test (never committed)."""

from __future__ import annotations

import io
import stat
import tarfile
import zipfile
from collections.abc import Callable
from pathlib import Path

GOOD = b"<SW1>display clock\n10:00:00 UTC Mon 01/01/2024\n<SW1>\n"


def _zip(path: Path, entries: list[tuple[zipfile.ZipInfo | str, bytes]]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for info, data in entries:
            archive.writestr(info, data)
    return path


def _info(name: str, mode: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.external_attr = mode << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def zip_traversal(tmp: Path) -> Path:
    return _zip(tmp / "t.zip", [("ok/SW1.log", GOOD), ("../../etc/cron.d/x", b"boom")])


def zip_absolute(tmp: Path) -> Path:
    return _zip(tmp / "a.zip", [("ok/SW1.log", GOOD), ("/etc/passwd", b"root")])


def zip_windows_absolute(tmp: Path) -> Path:
    return _zip(tmp / "w.zip", [("ok/SW1.log", GOOD), ("C:\\Windows\\x.txt", b"x")])


def zip_symlink(tmp: Path) -> Path:
    return _zip(
        tmp / "l.zip", [("ok/SW1.log", GOOD), (_info("link", stat.S_IFLNK | 0o777), b"/etc")]
    )


def zip_bomb(tmp: Path) -> Path:
    # 64 MiB of zeros deflate to ~64 KiB: a thousand-fold expansion.
    return _zip(tmp / "bomb.zip", [("ok/SW1.log", GOOD), ("zeros.txt", bytes(64 * 2**20))])


def zip_encrypted(tmp: Path) -> Path:
    path = _zip(tmp / "e.zip", [("SW1.log", GOOD)])
    data = bytearray(path.read_bytes())
    # Set the "encrypted" flag bit in the local and central headers.
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(signature)
        data[at + offset] |= 0x1
    path.write_bytes(bytes(data))
    return path


def not_archive(tmp: Path) -> Path:
    path = tmp / "notes.zip"
    path.write_bytes(b"this is not an archive\n" * 40)
    return path


def zip_corrupt(tmp: Path) -> Path:
    path = _zip(tmp / "c.zip", [("SW1.log", GOOD * 200)])
    data = path.read_bytes()
    path.write_bytes(data[:60] + bytes(200) + data[260:])
    return path


def _tar(path: Path, members: list[tuple[tarfile.TarInfo, bytes | None]]) -> Path:
    with tarfile.open(path, "w:gz") as archive:
        for info, data in members:
            archive.addfile(info, io.BytesIO(data) if data is not None else None)
    return path


def _file(name: str, data: bytes) -> tuple[tarfile.TarInfo, bytes]:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    return info, data


def tar_symlink(tmp: Path) -> Path:
    link = tarfile.TarInfo("ok/escape")
    link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
    return _tar(tmp / "s.tar.gz", [_file("ok/SW1.log", GOOD), (link, None)])


def tar_hardlink(tmp: Path) -> Path:
    link = tarfile.TarInfo("ok/hard")
    link.type, link.linkname = tarfile.LNKTYPE, "ok/SW1.log"
    return _tar(tmp / "h.tar.gz", [_file("ok/SW1.log", GOOD), (link, None)])


def tar_device(tmp: Path) -> Path:
    device = tarfile.TarInfo("ok/null")
    device.type, device.devmajor, device.devminor = tarfile.CHRTYPE, 1, 3
    return _tar(tmp / "d.tar.gz", [_file("ok/SW1.log", GOOD), (device, None)])


def tar_traversal(tmp: Path) -> Path:
    return _tar(tmp / "tt.tar.gz", [_file("ok/SW1.log", GOOD), _file("../x.log", GOOD)])


def tar_bomb(tmp: Path) -> Path:
    return _tar(tmp / "tb.tar.gz", [_file("ok/SW1.log", GOOD), _file("z.txt", bytes(64 * 2**20))])


#: name → (builder, refusal code)
BAD: dict[str, tuple[Callable[[Path], Path], str]] = {
    "zip_traversal": (zip_traversal, "traversal"),
    "zip_absolute": (zip_absolute, "absolute_path"),
    "zip_windows_absolute": (zip_windows_absolute, "absolute_path"),
    "zip_symlink": (zip_symlink, "link"),
    "zip_bomb": (zip_bomb, "ratio"),
    "zip_encrypted": (zip_encrypted, "encrypted"),
    "zip_corrupt": (zip_corrupt, "corrupt"),
    "not_archive": (not_archive, "not_archive"),
    "tar_symlink": (tar_symlink, "link"),
    "tar_hardlink": (tar_hardlink, "link"),
    "tar_device": (tar_device, "special_file"),
    "tar_traversal": (tar_traversal, "traversal"),
    "tar_bomb": (tar_bomb, "ratio"),
}
