"""What the matcher reads and returns: a device as the matcher sees it, and an exposure —
one device × one advisory that names the device's platform — with its status, a stable
reason code and the reason in words.

Reason codes are stable (stored, filtered on, translated by the pages); the words in
``detail`` are for people and may change. docs/risk-score.md lists the codes with their
meaning; :class:`Reason` is the one place they are spelled.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from netcare.core.text import Text

__all__ = ["APPLICABLE", "DeviceRecord", "Exposure", "ExposureStatus", "Reason"]


@dataclass(frozen=True)
class DeviceRecord:
    """A device as the matcher sees it. ``key`` is unique in one match (the device id or
    hostname); ``platform`` is a DESIGN.md platform name, whose scheme reads ``version``.
    ``features`` are the NetCare feature names in use (``bgp``, ``ssh_server`` …); None
    means nothing was collected, so a feature condition cannot be decided — distinct from
    the empty set, "collected, and none of them is in use"."""

    key: str
    platform: str
    version: str
    model: str = ""
    vendor: str = ""
    features: frozenset[str] | None = None


class ExposureStatus(StrEnum):
    """What an advisory means for a device. ``unknown`` is never "safe": it says the
    matcher could not decide, and ``reason`` says why."""

    VULNERABLE = "vulnerable"
    POTENTIALLY_VULNERABLE = "potentially_vulnerable"
    NOT_VULNERABLE = "not_vulnerable"
    UNKNOWN = "unknown"


#: Statuses that put an advisory on a device's list of things to act on.
APPLICABLE: frozenset[ExposureStatus] = frozenset(
    {ExposureStatus.VULNERABLE, ExposureStatus.POTENTIALLY_VULNERABLE}
)


class Reason(StrEnum):
    """Why an exposure has its status (the stable code stored beside it)."""

    #: The version is in an affected range and no feature condition applies.
    VERSION_IN_RANGE = "version_in_range"
    #: The version is in no listed range and the product's other versions are affected.
    DEFAULT_AFFECTED = "default_affected"
    #: The version is affected and one of the condition's features is in use.
    FEATURE_IN_USE = "feature_in_use"
    #: The version is affected, the advisory has a feature condition, and the device's
    #: features are unknown (nothing collected) → potentially vulnerable.
    FEATURE_UNKNOWN = "feature_unknown"
    #: The version is affected but none of the condition's features is in use.
    FEATURE_NOT_IN_USE = "feature_not_in_use"
    #: The advisory's products on this platform name model patterns the model misses.
    MODEL_OUT_OF_SCOPE = "model_out_of_scope"
    #: The version is at or after a fix (a range's ``fixed`` bound, past its
    #: ``last_affected``, or one of the product's fixed versions).
    VERSION_FIXED = "version_fixed"
    #: The version is in no affected range (or in an ``unaffected`` one).
    VERSION_NOT_IN_RANGE = "version_not_in_range"
    #: The device's version cannot be read by its platform's scheme.
    VERSION_UNKNOWN = "version_unknown"
    #: A range bound cannot be read by the device's scheme (or is another scheme's), and
    #: the decision depends on it; the detail names the bound.
    RANGE_UNREADABLE = "range_unreadable"
    #: The version is in a range the advisory itself marks ``unknown``.
    RANGE_UNKNOWN = "range_unknown"
    #: The product has no readable versions (the reader reported problems, or the record
    #: names the product without any range).
    NO_VERSIONS = "no_versions"
    #: The version is in no listed range and the product's default status is unknown.
    DEFAULT_UNKNOWN = "default_unknown"


@dataclass(frozen=True)
class Exposure:
    """One device × one advisory concerning its platform. ``device`` and ``advisory``
    are keys (``DeviceRecord.key``, ``Advisory.key``). ``range`` is the raw text of the
    range that decided (empty when none did, e.g. model out of scope). ``fixed`` lists the
    fixed releases that matter to this device — newer than its version, its own train
    first — for the "recommended release" text; empty when the device is not vulnerable."""

    device: str
    advisory: str
    status: ExposureStatus
    reason: str
    detail: Text
    range: str = ""
    fixed: tuple[str, ...] = ()
