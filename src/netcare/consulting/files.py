"""Which proposal documents NetCare accepts, checked before anything is written.

Plain Python, no Django: a proposal is refused by its size, its suffix, or content that
does not match the suffix (a renamed executable, an empty or truncated file), with a
message naming the file and what to do. The caller stores nothing when it is refused.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

#: A proposal document is text, slides, drawings or a spreadsheet: tens of MB at most.
MAX_BYTES = 30 * 1024 * 1024

#: Accepted suffixes → the container their content must be.
TYPES: dict[str, str] = {
    "pdf": "pdf",
    "docx": "ooxml",
    "pptx": "ooxml",
    "xlsx": "ooxml",
    "vsdx": "ooxml",
    "doc": "ole",
    "ppt": "ole",
    "xls": "ole",
    "vsd": "ole",
    "md": "text",
    "txt": "text",
}
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class FileRefused(ValueError):
    """A proposal file that is not accepted; the message names the file and the reason."""


@dataclass(frozen=True)
class Checked:
    """An accepted file: its cleaned name and its type (the suffix, lower case)."""

    name: str
    file_type: str


def clean_name(name: str) -> str:
    """The file's own name without any folder, at most 120 characters, kept readable."""
    base = PurePosixPath(name.replace("\\", "/")).name.strip()
    base = "".join(ch if ch.isprintable() and ch not in '<>:"|?*' else "_" for ch in base)
    if len(base) > 120:
        stem, dot, suffix = base.rpartition(".")
        base = f"{stem[: 119 - len(suffix)]}{dot}{suffix}" if dot else base[:120]
    return base


def check_proposal(name: str, data: bytes, *, max_bytes: int | None = None) -> Checked:
    """Accept ``data`` named ``name`` as a proposal document, or raise ``FileRefused``
    (``max_bytes`` defaults to ``MAX_BYTES``)."""
    max_bytes = MAX_BYTES if max_bytes is None else max_bytes
    cleaned = clean_name(name)
    shown = cleaned or "the file"
    if not data:
        raise FileRefused(f"{shown} is empty")
    if len(data) > max_bytes:
        raise FileRefused(
            f"{shown} is {_size(len(data), exact=True)}; "
            f"proposals up to {_size(max_bytes)} are accepted"
        )
    suffix = cleaned.rpartition(".")[2].lower() if "." in cleaned else ""
    container = TYPES.get(suffix)
    if container is None:
        raise FileRefused(
            f"{shown}: files of type {('.' + suffix) if suffix else '(no suffix)'} are not "
            f"accepted; send one of {', '.join('.' + s for s in TYPES)}"
        )
    problem = _content_problem(container, data)
    if problem:
        raise FileRefused(f"{shown} is not a valid .{suffix} file: {problem}")
    return Checked(cleaned, suffix)


def _size(count: int, *, exact: bool = False) -> str:
    """A size as people read it; ``exact`` keeps two decimals so an oversize file never
    reads as the limit itself."""
    for unit, scale in (("MB", 1048576), ("KB", 1024)):
        if count >= scale:
            shown = f"{count / scale:.2f}" if exact else f"{count / scale:.1f}".removesuffix(".0")
            return f"{shown} {unit}"
    return f"{count} bytes"


def _content_problem(container: str, data: bytes) -> str:
    if container == "pdf":
        return "" if data.startswith(b"%PDF-") else "it does not start with a PDF header"
    if container == "ole":
        return "" if data.startswith(_OLE) else "it is not an Office 97–2003 document"
    if container == "ooxml":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, ValueError):
            return "it is not an Office Open XML package (damaged or renamed)"
        return "" if "[Content_Types].xml" in names else "it has no Office content types"
    if b"\x00" in data:
        return "it holds binary data"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "it is not UTF-8 text"
    return ""
