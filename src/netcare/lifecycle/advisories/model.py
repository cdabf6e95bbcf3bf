"""The shapes advisory readers return and the matcher reads — the contract between the
CSAF, CVE JSON 5 and vendor-file readers, the matcher, the risk score, the offline
``netcare advisories match`` and the Django app that stores advisories.

Version bounds are kept as the vendor wrote them (trimmed): the readers do not parse
versions, the matcher does, by the device platform's scheme, so a bound no scheme
understands becomes an UNKNOWN exposure with its reason instead of a silent miss.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

__all__ = [
    "ADVISORY_KINDS",
    "SEVERITIES",
    "Advisory",
    "AffectedProduct",
    "AffectedRange",
    "Exploitation",
    "FeatureCondition",
    "RangeStatus",
]

#: What an advisory is: a security vulnerability (CVE/PSIRT), a known software bug, a
#: technical bulletin (support notice), a field notice, an end-of-life notice.
ADVISORY_KINDS: tuple[str, ...] = ("vulnerability", "bug", "bulletin", "field_notice", "eol")

#: Severities most severe first; ``none`` is CVSS 0.0, ``unknown`` when nothing says.
SEVERITIES: tuple[str, ...] = ("critical", "high", "medium", "low", "none", "unknown")

RangeStatus = Literal["affected", "unaffected", "unknown"]


@dataclass(frozen=True)
class AffectedRange:
    """One range of versions and what it means for them.

    Either ``exact`` (one version) or bounds: ``introduced`` (>=, None = from the
    first release), ``fixed`` (<, exclusive) and/or ``last_affected`` (<=, inclusive).
    ``raw`` is the text the record gave, shown in reasons. ``version_type`` is the
    record's own word for the scheme (CVE ``versionType``, a ``vers:`` scheme), kept
    for the reason text; the matcher compares by the device platform's scheme.
    """

    raw: str
    status: RangeStatus = "affected"
    exact: str | None = None
    introduced: str | None = None
    fixed: str | None = None
    last_affected: str | None = None
    version_type: str = ""
    #: ``introduced`` is exclusive (``>`` rather than ``>=``): a ``vers:`` ``>`` bound, or
    #: the upper half of a range split around a ``!=`` exclusion. A matcher that ignores
    #: it errs on the safe side (the bound version itself counts as affected).
    introduced_exclusive: bool = False


@dataclass(frozen=True)
class AffectedProduct:
    """A product an advisory names, mapped to NetCare platforms and models.

    ``product`` is the name as the advisory wrote it; ``platforms`` the platform names
    of DESIGN.md it maps to (empty: the name maps to no platform NetCare knows — the
    advisory then concerns no device, said in the import summary). ``models`` are model
    patterns (``fnmatch`` style, case-blind, e.g. ``S57*``, ``C9300-*``); empty means
    every model of the platform. ``default_status`` is what versions outside every
    range are (CVE ``defaultStatus``; ``unaffected`` when the record does not say).
    ``problems`` are the ranges a reader could not read, in words naming the field.
    """

    vendor: str
    product: str
    platforms: tuple[str, ...] = ()
    models: tuple[str, ...] = ()
    ranges: tuple[AffectedRange, ...] = ()
    default_status: RangeStatus = "unaffected"
    fixed_versions: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()


@dataclass(frozen=True)
class FeatureCondition:
    """The features whose use exposes a device (NetCare's feature names, the ones
    ``collection.parsing.features`` derives from configurations, e.g. ``ssh_server``,
    ``bgp``). ``any_of``: one of them in use is enough. ``text`` says it in words as the
    vendor did."""

    any_of: tuple[str, ...]
    text: str = ""


@dataclass(frozen=True)
class Exploitation:
    """What is known of exploitation: CISA KEV (``kev``), the CISA ADP decision in a CVE
    record (``adp``: ``active``/``poc``/``none``), a vendor statement. ``epss`` the EPSS
    probability (0..1) with its percentile when a score file named the CVE."""

    known_exploited: bool = False
    source: str = ""
    date_added: date | None = None
    ransomware: bool = False
    adp_exploitation: str = ""
    epss: float | None = None
    epss_percentile: float | None = None


@dataclass(frozen=True)
class Advisory:
    """One advisory as a reader understood it.

    ``key`` is unique per source: the vendor's bulletin or bug id (``cisco-sa-…``,
    ``JSA12345``, ``huawei-sa-…``, ``CSCvx12345``), else the CVE id. ``cves`` lists the
    CVE ids it covers. ``cvss_score`` is the highest base score the record gives with its
    ``cvss_vector``; ``severity`` comes from the record, else from the score.
    ``feature`` is None when the record states no feature condition (CSAF and CVE never
    do; a vendor file or an expert's annotation may). ``source_format`` is ``csaf``,
    ``cve5`` or ``vendor``; ``source_file`` the file it came from.
    """

    key: str
    kind: str
    title: str
    source_format: str
    products: tuple[AffectedProduct, ...]
    cves: tuple[str, ...] = ()
    summary: str = ""
    severity: str = "unknown"
    cvss_score: float | None = None
    cvss_vector: str = ""
    published: date | None = None
    updated: date | None = None
    url: str = ""
    workaround: str = ""
    remediation: str = ""
    recommended_release: str = ""
    feature: FeatureCondition | None = None
    exploitation: Exploitation = field(default_factory=Exploitation)
    source_file: str = ""
    revision: str = ""
