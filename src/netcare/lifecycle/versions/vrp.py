"""Huawei VRP 5 and 8 (``huawei_vrp``): the product version ``VxxxRxxxCxx``.

Forms read (case-insensitive)::

    V200R019C10SPC500        V800R021C10       V100R006C05      V300R001C00SPC100B012
    V200R019C10SPH201        V200R019C10SPC500 SPH201           V200R019C10SPC500+SPH201
    V200R005C00SPC300+V200R005CP0001                           (cold patch)
    V200R019C10SPC500 V200R019SPH201                          (patch named with its V-R)
    S5720 V200R019C10SPC500                                   (model first, as advisories)
    VRP (R) software, Version 8.180 (CE6850 V100R003C00SPC600)  (``display version``)

Order: V, R, C, service pack ``SPC``, build ``B``, cold patch ``CP``, hot patch ``SPH``;
a missing part is 0. So a hot patch sorts after the SPC it patches and before the next
SPC (``SPC500 < SPC500 SPH201 < SPC600``), and an ``SPH`` written without an ``SPC``
patches the C release itself (``C10 < C10SPH201 < C10SPC100``).

The VRP platform version alone (``5.170``, ``8.180``) says nothing about the product
release and is refused, as is a patch name alone (``V200R005SPH012``): both must come
with the ``VxxxRxxxCxx`` they belong to.

Train: ``VxxxRxxxCxx``.
"""

from __future__ import annotations

import re

from netcare.lifecycle.versions._text import clean, num, strip_version_word
from netcare.lifecycle.versions.model import Version, VersionError

SCHEME = "vrp"

_CORE = (
    r"V(?P<v>\d{3})R(?P<r>\d{3})C(?P<c>\d{2})(?:SPC(?P<spc>\d{3}))?(?:B(?P<build>\d{3,4}))?"
    r"(?:(?:\s*\+\s*|\s+)?(?:V(?P<pv>\d{3})R(?P<pr>\d{3})(?:C\d{2})?)?"
    r"(?P<patch>SPH|CP)(?P<pn>\d{3,4}))?"
)
_MODEL = r"(?:[A-Z][A-Z0-9-]*\s+)?"
_PLAIN = re.compile(rf"^{_MODEL}{_CORE}$", re.IGNORECASE)
_DEVICE = re.compile(
    r"^(?:Huawei\s+Versatile\s+Routing\s+Platform\s+Software\s+)?"
    r"(?:VRP\s*\(R\)\s*software\s*,\s*)?(?:Version\s+)?\d+\.\d+\s*"
    rf"\(\s*{_MODEL}{_CORE}\s*\)$",
    re.IGNORECASE,
)
_PLATFORM_ONLY = re.compile(
    r"^(?:VRP\s*\(R\)\s*software\s*,\s*)?(?:Version\s+)?\d+\.\d+$", re.IGNORECASE
)
_PATCH_ONLY = re.compile(r"^V\d{3}R\d{3}(?:SPH|CP)\d+$", re.IGNORECASE)


def parse(text: str) -> Version:
    """Read a VRP product version; raises :class:`VersionError` with the reason."""
    folded = strip_version_word(clean(SCHEME, text), leading_v=False)
    found = _PLAIN.match(folded) or _DEVICE.match(folded)
    if found is None:
        if _PLATFORM_ONLY.match(folded):
            reason = "a VRP platform version only; give the product version VxxxRxxxCxx"
        elif _PATCH_ONLY.match(folded):
            reason = "a patch name only; give the VxxxRxxxCxx[SPCxxx] it patches, then the patch"
        else:
            reason = "expected VxxxRxxxCxx[SPCxxx][Bxxx][ SPHxxx], e.g. V200R019C10SPC500"
        raise VersionError(SCHEME, text, reason)
    v, r, c = int(found["v"]), int(found["r"]), int(found["c"])
    if found["pv"] and (int(found["pv"]), int(found["pr"])) != (v, r):
        raise VersionError(SCHEME, text, "the patch belongs to another VxxxRxxx release")
    spc = int(found["spc"] or 0)
    build = int(found["build"] or 0)
    kind = (found["patch"] or "").upper()
    cold = int(found["pn"]) if kind == "CP" else 0
    hot = int(found["pn"]) if kind == "SPH" else 0
    train = f"V{v:03d}R{r:03d}C{c:02d}"
    spelled = train
    if spc:
        spelled += f"SPC{spc:03d}"
    if build:
        spelled += f"B{build:03d}"
    if cold:
        spelled += f"CP{cold:04d}"
    if hot:
        spelled += f"SPH{hot:03d}"
    key = (v, r, c, spc, build, cold, hot)
    sort_text = "".join(num(part) for part in key)
    return Version(SCHEME, text.strip(), spelled, key, sort_text, train)
