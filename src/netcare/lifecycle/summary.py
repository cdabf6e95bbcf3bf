"""What the version summary table, the version assessment report and the risk notice are
written from.

The report builders (``netcare.lifecycle.reports``) read only these records, so the app
(which fills them from devices, releases, targets, exposures and risk scores) and a test
or the offline CLI (which builds them by hand) get the same documents. Plain dataclasses,
no Django import.

Texts a customer reads come as :class:`Text` (zh + en). A :data:`Wording` is text that
may come in both languages or as one string written once (an advisory's own title, an
expert's proposal written in the customer's language): a string is shown as given in
every language. Hostnames, versions, keys and people's names are plain strings.

Severity counts everywhere are advisories whose exposure on the device is *vulnerable*
or *potentially vulnerable*; exposures the matcher could not decide (version or range
not understood) are counted apart as ``unassessed``, never as safe.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypeAlias

from netcare.core.text import Text

__all__ = [
    "ADVISORY_KINDS",
    "COUNTED_SEVERITIES",
    "EXPOSURE_STATUSES",
    "AdvisoryRow",
    "DataSource",
    "DeviceExposureRow",
    "DeviceRiskRow",
    "HardeningAdvice",
    "PlatformRollup",
    "RiskNotice",
    "RiskPointRow",
    "UpgradeRow",
    "VersionAssessment",
    "VersionCount",
    "VersionRiskRow",
    "VersionRow",
    "VersionSummary",
    "Wording",
    "rollup",
    "say",
]

#: A calendar date (a name a field called ``date`` does not hide).
Day: TypeAlias = date

Wording: TypeAlias = Text | str
"""Text in both languages, or one string shown as written in every language."""

#: The severities the tables count, most severe first (CVSS bands; ``none``/``unknown``
#: severities are counted as ``other``).
COUNTED_SEVERITIES: tuple[str, ...] = ("critical", "high", "medium", "low")
#: Advisory kinds, as ``lifecycle.advisories.model.ADVISORY_KINDS``.
ADVISORY_KINDS: tuple[str, ...] = ("vulnerability", "bug", "bulletin", "field_notice", "eol")
#: Exposure statuses, as ``lifecycle.models.Exposure.Status``.
EXPOSURE_STATUSES: tuple[str, ...] = (
    "vulnerable",
    "potentially_vulnerable",
    "not_vulnerable",
    "unknown",
)


def say(wording: Wording, language: str) -> str:
    """A :data:`Wording` in ``language`` ("zh" or "en"); a plain string as given."""
    return wording.pick(language) if isinstance(wording, Text) else wording


@dataclass(frozen=True)
class DataSource:
    """Where a document's facts come from (appendix): an advisory feed, the KEV list,
    the EPSS scores, the release catalog, the last collection. ``as_of`` is the date of
    the data (feed fetched, file published, devices collected); ``records`` how many it
    gave, when known."""

    name: str
    description: Wording = ""
    as_of: date | None = None
    records: int | None = None


# --- version summary table ----------------------------------------------------------


@dataclass(frozen=True)
class VersionRow:
    """One device's line of the version summary table.

    ``version_known`` False: the platform's version scheme could not read ``version``
    (then ``off_track`` is None and no advisory could be decided: see ``unassessed``).
    ``target`` is the customer's target release for the device (None: none set);
    ``off_track`` whether the device runs something else (None: cannot tell).
    ``critical`` … ``low`` count advisories vulnerable or potentially vulnerable on the
    device by severity, ``other`` those of no or unknown severity, ``exploited`` those
    known exploited (a subset of the others); ``unassessed`` advisories of the platform
    whose exposure is unknown. ``risk``/``risk_level`` are the last assessment's risk
    coefficient and level (None: not assessed).
    """

    hostname: str
    site: str
    model: str
    platform: str
    version: str
    version_known: bool = True
    release_date: date | None = None
    end_of_sale: date | None = None
    end_of_support: date | None = None
    target: str | None = None
    off_track: bool | None = None
    critical: int = 0
    high: int = 0
    medium: int = 0
    low: int = 0
    other: int = 0
    exploited: int = 0
    unassessed: int = 0
    risk: float | None = None
    risk_level: str | None = None

    @property
    def advisories(self) -> int:
        """Advisories applicable to the device (vulnerable or potentially vulnerable)."""
        return self.critical + self.high + self.medium + self.low + self.other

    def severity_count(self, severity: str) -> int:
        """The count of one of :data:`COUNTED_SEVERITIES` (``other`` for the rest)."""
        return int(getattr(self, severity)) if severity in COUNTED_SEVERITIES else self.other

    def support_ended(self, on: date) -> bool:
        """True when the version's end of support is on or before ``on``."""
        return self.end_of_support is not None and self.end_of_support <= on


@dataclass(frozen=True)
class PlatformRollup:
    """The per-platform roll-up: devices, distinct versions, how many are off track or
    run a version not understood, and advisories summed over the devices by severity."""

    platform: str
    devices: int
    versions: int
    off_track: int
    unknown_versions: int
    support_ended: int
    critical: int
    high: int
    medium: int
    low: int
    other: int
    exploited: int

    @property
    def advisories(self) -> int:
        return self.critical + self.high + self.medium + self.low + self.other


@dataclass(frozen=True)
class VersionCount:
    """How many devices run one version of one platform (the distribution chart)."""

    platform: str
    version: str
    devices: int


@dataclass(frozen=True)
class VersionSummary:
    """Everything the version summary table (版本汇总表) says.

    ``customer_name`` is the customer's name in the document's language.
    ``generated`` is the date the table was built (it also decides which versions are
    past their end of support). ``title`` None means the standard title.
    """

    customer_code: str
    customer_name: str
    generated: date
    rows: Sequence[VersionRow]
    title: Text | None = None
    period: str = ""
    version: str = "1.0"
    author: str = "NetCare"
    reviewer: str = "NetCare"
    sources: Sequence[DataSource] = ()

    def platforms(self) -> list[PlatformRollup]:
        """The per-platform roll-up, platforms in name order."""
        groups: dict[str, list[VersionRow]] = defaultdict(list)
        for row in self.rows:
            groups[row.platform].append(row)
        return [rollup(platform, rows, self.generated) for platform, rows in sorted(groups.items())]

    def distribution(self) -> list[VersionCount]:
        """Devices per (platform, version): platforms in name order, then the most used
        version first (ties by version text)."""
        counts = Counter((r.platform, r.version) for r in self.rows)
        return [
            VersionCount(platform, version, n)
            for (platform, version), n in sorted(
                counts.items(), key=lambda item: (item[0][0], -item[1], item[0][1])
            )
        ]


def rollup(platform: str, rows: Sequence[VersionRow], on: date) -> PlatformRollup:
    """One platform's roll-up of ``rows`` (all of that platform), end of support as of
    ``on``."""
    return PlatformRollup(
        platform=platform,
        devices=len(rows),
        versions=len({r.version for r in rows}),
        off_track=sum(1 for r in rows if r.off_track),
        unknown_versions=sum(1 for r in rows if not r.version_known),
        support_ended=sum(1 for r in rows if r.support_ended(on)),
        critical=sum(r.critical for r in rows),
        high=sum(r.high for r in rows),
        medium=sum(r.medium for r in rows),
        low=sum(r.low for r in rows),
        other=sum(r.other for r in rows),
        exploited=sum(r.exploited for r in rows),
    )


# --- advisories and exposures -------------------------------------------------------


@dataclass(frozen=True)
class AdvisoryRow:
    """One advisory as a customer document shows it.

    ``kind`` one of :data:`ADVISORY_KINDS`; ``severity`` critical/high/medium/low/none/
    unknown; ``exploited`` known exploited (CISA KEV or a vendor statement, named in
    ``exploited_source``); ``epss`` the EPSS probability 0..1. ``summary`` and
    ``workaround`` may be the vendor's words (a string) or the expert's plain-words
    version in both languages. ``fixed`` names the first fixed releases (a list, or the
    vendor's text);
    ``recommended`` the release NetCare recommends (the customer's target, or the
    vendor's suggestion). ``source`` names the feed or file the advisory came from.
    """

    key: str
    kind: str
    title: Wording
    severity: str
    cves: Sequence[str] = ()
    cvss: float | None = None
    exploited: bool = False
    exploited_source: str = ""
    epss: float | None = None
    summary: Wording = ""
    workaround: Wording = ""
    fixed: Sequence[str] | str = ()
    recommended: str = ""
    url: str = ""
    published: date | None = None
    updated: date | None = None
    source: str = ""


@dataclass(frozen=True)
class DeviceExposureRow:
    """One device of the customer against the advisory of a risk notice.

    ``status`` one of :data:`EXPOSURE_STATUSES`; ``reason`` the matcher's explanation
    (the version range that matched, the feature that decides, what was not understood);
    ``features`` the features in use that the advisory's condition names (empty: none,
    or not known when no configuration was collected — the reason says which).
    """

    hostname: str
    site: str
    model: str
    version: str
    status: str
    reason: Text
    features: Sequence[str] = ()

    @property
    def affected(self) -> bool:
        return self.status in ("vulnerable", "potentially_vulnerable")


@dataclass(frozen=True)
class RiskNotice:
    """Everything a risk notice (风险通告) says: one advisory, the customer's devices it
    concerns and why, the impact, and what the expert proposes and by when.

    ``devices`` should hold every device of the advisory's platforms, affected or not:
    the notice lists the affected ones, those that could not be assessed, and those
    checked and found not affected (with the reason). ``deadline`` is the date by which
    the expert proposes the action be done (None: as the proposal says).
    """

    customer_code: str
    customer_name: str
    advisory: AdvisoryRow
    devices: Sequence[DeviceExposureRow]
    impact: Wording
    proposal: Wording
    author: str
    date: Day
    reviewer: str = ""
    deadline: Day | None = None
    title: Text | None = None
    version: str = "1.0"
    sources: Sequence[DataSource] = ()

    @property
    def affected(self) -> list[DeviceExposureRow]:
        return [d for d in self.devices if d.affected]


# --- version assessment -------------------------------------------------------------


@dataclass(frozen=True)
class RiskPointRow:
    """One contribution to a device's risk coefficient: which factor (``vulnerability``,
    ``bug``, ``bulletin``, ``exploited``, ``end_of_support``, ``off_track``,
    ``unknown_version`` … or any words, shown as given), the advisory it comes from
    (None for a lifecycle fact), the points it adds and why, in words."""

    factor: str
    advisory: str | None
    points: float
    why: Text


@dataclass(frozen=True)
class VersionRiskRow:
    """One (platform, version) of the assessment: devices running it, advisories of each
    kind applicable to it, its end of support and its risk coefficient and level
    (None: not assessed, e.g. a version not understood)."""

    platform: str
    version: str
    devices: int
    vulnerabilities: int = 0
    bugs: int = 0
    bulletins: int = 0
    end_of_support: date | None = None
    risk: float | None = None
    level: str | None = None


@dataclass(frozen=True)
class DeviceRiskRow:
    """One device's risk coefficient with the points that make it (every number in the
    report traces back to one of these)."""

    hostname: str
    site: str
    platform: str
    model: str
    version: str
    risk: float | None
    level: str | None
    points: Sequence[RiskPointRow] = ()


@dataclass(frozen=True)
class UpgradeRow:
    """Move a platform's devices from ``version`` to the ``target`` release, by ``path``
    (the releases in order, from the current one to the target; intermediate ones are
    the hops the vendor requires). ``devices`` names the hostnames concerned."""

    platform: str
    version: str
    target: str
    path: Sequence[str]
    reason: Text
    devices: Sequence[str] = ()


@dataclass(frozen=True)
class HardeningAdvice:
    """What to do until an advisory's fix can be installed: the workaround and the
    devices it is for."""

    advisory: str
    workaround: Wording
    devices: Sequence[str] = ()


@dataclass(frozen=True)
class VersionAssessment:
    """Everything the version assessment report (版本评估报告) says.

    ``formula`` states the risk-coefficient formula and the level bands, as the risk
    score engine defines them; ``method`` says how the assessment was done (None: the
    standard words on feature-aware matching). ``advisories`` are those applicable to at
    least one device. ``sources`` name the advisory feeds and data with their dates.
    ``reviewer`` empty means the author reviewed it.
    """

    customer_code: str
    customer_name: str
    period: str
    author: str
    reviewer: str
    generated: date
    formula: Text
    versions: Sequence[VersionRiskRow]
    devices: Sequence[DeviceRiskRow]
    method: Text | None = None
    advisories: Sequence[AdvisoryRow] = ()
    upgrades: Sequence[UpgradeRow] = ()
    hardening: Sequence[HardeningAdvice] = ()
    sources: Sequence[DataSource] = ()
    title: Text | None = None
    version: str = "1.0"
