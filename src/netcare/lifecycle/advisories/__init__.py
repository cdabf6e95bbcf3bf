"""Advisory readers: CSAF 2.0, CVE JSON 5.x and NetCare's vendor bulletin CSV/XLSX into
:class:`~netcare.lifecycle.advisories.model.Advisory` objects, plus the CISA KEV catalog
and FIRST EPSS scores. Plain Python, no Django.

Readers keep version bounds as the vendor wrote them (split and cleaned, never parsed):
the matcher compares them by the device platform's own scheme. Whatever a reader cannot
read becomes a product ``problem`` naming the field, so the matcher says UNKNOWN instead
of missing an exposure; a file that is no advisory at all raises
:class:`AdvisoryFormatError` naming the file and field.
"""

from __future__ import annotations

from netcare.lifecycle.advisories.errors import AdvisoryFormatError
from netcare.lifecycle.advisories.exploitation import read_epss, read_kev, with_exploitation
from netcare.lifecycle.advisories.model import (
    ADVISORY_KINDS,
    SEVERITIES,
    Advisory,
    AffectedProduct,
    AffectedRange,
    Exploitation,
    FeatureCondition,
    RangeStatus,
)
from netcare.lifecycle.advisories.products import PLATFORMS, ProductMap, load_product_map
from netcare.lifecycle.advisories.reading import file_kind, files_in, read_file, read_paths

__all__ = [
    "ADVISORY_KINDS",
    "PLATFORMS",
    "SEVERITIES",
    "Advisory",
    "AdvisoryFormatError",
    "AffectedProduct",
    "AffectedRange",
    "Exploitation",
    "FeatureCondition",
    "ProductMap",
    "RangeStatus",
    "file_kind",
    "files_in",
    "load_product_map",
    "read_epss",
    "read_file",
    "read_kev",
    "read_paths",
    "with_exploitation",
]
