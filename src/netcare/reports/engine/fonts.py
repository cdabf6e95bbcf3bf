"""Finding the local Noto Sans CJK font that charts and PDFs embed.

Reports render offline, so Chinese glyphs must come from a font file on this machine,
never from a web font. Debian/Ubuntu install it with ``fonts-noto-cjk``; the file names
differ between releases (``.ttc`` collections, ``.otf`` single faces), so we glob.
"""

from __future__ import annotations

import glob
import os
from functools import cache
from pathlib import Path

_FONT_DIRS = (
    "/usr/share/fonts/opentype/noto",
    "/usr/share/fonts/opentype",
    "/usr/share/fonts/truetype",
    "/usr/share/fonts",
    "/usr/local/share/fonts",
)
FONT_DIR_ENV = "NETCARE_CJK_FONT_DIR"
"""Extra directory searched first (e.g. a fonts folder shipped beside a deployment)."""


class FontNotFoundError(RuntimeError):
    """No CJK font is installed, so Chinese text would render as empty boxes."""


def _search_dirs() -> list[str]:
    extra = os.environ.get(FONT_DIR_ENV, "")
    return [d for d in (extra, *_FONT_DIRS) if d]


def _find(directory: str, weight: str) -> Path | None:
    for pattern in (f"NotoSansCJK*-{weight}.tt[cf]", f"NotoSansCJK*{weight}*.[ot]t[cf]"):
        hits = sorted(glob.glob(os.path.join(directory, "**", pattern), recursive=True))
        # Prefer the collection (all of SC/TC/JP/KR) or the SC face when split.
        hits.sort(key=lambda p: (not p.endswith(".ttc"), "SC" not in Path(p).name.upper()))
        if hits:
            return Path(hits[0])
    return None


@cache
def cjk_font(bold: bool = False) -> Path:
    """Path of the Noto Sans CJK regular (or bold) font file.

    Bold falls back to regular when only the regular face is installed, so a minimal
    install still renders. Raises ``FontNotFoundError`` naming the package to install.
    """
    # Directory by directory, so bold and regular come from the same installation.
    found = None
    for directory in _search_dirs():
        found = (_find(directory, "Bold") if bold else None) or _find(directory, "Regular")
        if found:
            break
    if found is None:
        raise FontNotFoundError(
            "No Noto Sans CJK font found under "
            + ", ".join(_search_dirs())
            + "; install the Debian package fonts-noto-cjk (apt-get install fonts-noto-cjk)."
        )
    return found
