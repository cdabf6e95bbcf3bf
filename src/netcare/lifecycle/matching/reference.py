"""The matcher written the plain way: every device against every advisory, every range
compared with the device's parsed version, nothing grouped, compiled or cached.

It exists to prove the matcher right (the tests check both give the same exposures on
generated fleets and advisories) and to measure it against (``bench/match.py``). Keep it
obvious rather than fast; it shares only the words (``explain.py``) and the list of
fixed releases (``ranges.relevant_fixed``) with the matcher.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable

from netcare.lifecycle.advisories.model import Advisory, AffectedProduct, AffectedRange
from netcare.lifecycle.matching.explain import describe, range_words
from netcare.lifecycle.matching.model import DeviceRecord, Exposure, ExposureStatus, Reason
from netcare.lifecycle.matching.ranges import (
    OPEN_BOUNDS,
    BoundProblem,
    Decision,
    relevant_fixed,
)
from netcare.lifecycle.versions import SCHEMES, Version, VersionError, parse, scheme_for

__all__ = ["naive_exposure", "naive_match"]

_RANK = {"affected": 3, "unknown": 2, "not": 1}


def _bound(scheme: str, field: str, text: str | None, vtype: str) -> Version | BoundProblem | None:
    if text is None or text.strip().lower() in OPEN_BOUNDS:
        return None
    foreign = vtype.strip().lower()
    if foreign in SCHEMES and foreign not in ("generic", scheme):
        return BoundProblem(field, text.strip(), f"the record gives it as a {foreign} version")
    try:
        return parse(scheme, text.strip())
    except VersionError as exc:
        return BoundProblem(
            field, text.strip(), f"the {scheme} scheme cannot read it: {exc.reason}"
        )


def _contains(r: AffectedRange, scheme: str, v: Version) -> tuple[str, BoundProblem | None]:
    """("yes" | "maybe" | "no", the first unreadable bound)."""
    if _is_exact(r):
        e = _bound(scheme, "exact", r.exact, r.version_type)
        if isinstance(e, BoundProblem):
            return "maybe", e
        return ("yes" if e == v else "no"), None
    checks = [
        ("introduced", r.introduced, lambda b: v > b if r.introduced_exclusive else v >= b),
        ("fixed", r.fixed, lambda b: v < b),
        ("last_affected", r.last_affected, lambda b: v <= b),
    ]
    problem: BoundProblem | None = None
    for field, text, holds in checks:
        b = _bound(scheme, field, text, r.version_type)
        if b is None:
            continue
        if isinstance(b, BoundProblem):
            problem = problem or b
        elif not holds(b):
            return "no", None
    return ("maybe", problem) if problem else ("yes", None)


def _is_exact(r: AffectedRange) -> bool:
    return r.exact is not None and r.exact.strip().lower() not in OPEN_BOUNDS


def _past(r: AffectedRange, scheme: str, x: Version, exclusive: bool = False) -> bool:
    """Whether ``x`` is at or past the range's fix (a readable ``fixed`` or
    ``last_affected``); ``exclusive``: whether the point just after ``x`` is."""
    fixed = _bound(scheme, "fixed", r.fixed, r.version_type)
    last = _bound(scheme, "last_affected", r.last_affected, r.version_type)
    past_last = isinstance(last, Version) and (x >= last if exclusive else x > last)
    return (isinstance(fixed, Version) and x >= fixed) or past_last


def _past_fix(p: AffectedProduct, r: AffectedRange, scheme: str, v: Version) -> bool:
    if r.status != "affected" or _is_exact(r):
        return False
    low = _bound(scheme, "introduced", r.introduced, r.version_type)
    if isinstance(low, BoundProblem):
        return False
    if isinstance(low, Version) and (v <= low if r.introduced_exclusive else v < low):
        return False
    if not _past(r, scheme, v):
        return False
    # Past the start of the product's next affected line, the version is on another line.
    starts: list[tuple[Version, bool]] = []
    for other in p.ranges:
        if other.status != "affected" or _is_exact(other):
            continue
        b = _bound(scheme, "introduced", other.introduced, other.version_type)
        if isinstance(b, Version) and _past(r, scheme, b, other.introduced_exclusive):
            starts.append((b, other.introduced_exclusive))
    if not starts:
        return True
    b, exclusive = min(starts, key=lambda s: (s[0].key, s[1]))
    return v <= b if exclusive else v < b


def _listed_fix(p: AffectedProduct, scheme: str, v: Version) -> str:
    for text in p.fixed_versions:
        b = _bound(scheme, "fixed_versions", text, "")
        if isinstance(b, Version) and b == v:
            return text.strip()
    return ""


def _not(
    p: AffectedProduct, pos: int, scheme: str, v: Version, by: AffectedRange | None
) -> Decision:
    listed = _listed_fix(p, scheme, v)
    if listed:
        return Decision("not", Reason.VERSION_FIXED, pos, by, None, listed)
    for r in p.ranges:
        if _past_fix(p, r, scheme, v):
            text = (r.fixed or r.last_affected or "").strip()
            return Decision("not", Reason.VERSION_FIXED, pos, by or r, None, text)
    return Decision("not", Reason.VERSION_NOT_IN_RANGE, pos, by)


def _product(p: AffectedProduct, pos: int, scheme: str, v: Version) -> Decision:
    hits: dict[tuple[str, str], tuple[AffectedRange, BoundProblem | None]] = {}
    for r in p.ranges:
        state, problem = _contains(r, scheme, v)
        if state == "no":
            continue
        kind = (
            r.status
            if state == "yes"
            else ("unaffected" if r.status == "unaffected" else "affected")
        )
        hits.setdefault((kind, state), (r, problem))
    if ("unaffected", "yes") in hits:
        return _not(p, pos, scheme, v, hits[("unaffected", "yes")][0])
    if ("affected", "yes") in hits:
        d = Decision("affected", Reason.VERSION_IN_RANGE, pos, hits[("affected", "yes")][0])
    elif ("unknown", "yes") in hits:
        d = Decision("unknown", Reason.RANGE_UNKNOWN, pos, hits[("unknown", "yes")][0])
    elif ("affected", "maybe") in hits:
        r, problem = hits[("affected", "maybe")]
        d = Decision("unknown", Reason.RANGE_UNREADABLE, pos, r, problem)
    elif p.problems or (not p.ranges and p.default_status == "unaffected"):
        listed = _listed_fix(p, scheme, v)
        d = (
            Decision("not", Reason.VERSION_FIXED, pos, None, None, listed)
            if listed
            else Decision("unknown", Reason.NO_VERSIONS, pos)
        )
    elif p.default_status == "affected":
        d = Decision("affected", Reason.DEFAULT_AFFECTED, pos)
    elif p.default_status == "unknown":
        d = Decision("unknown", Reason.DEFAULT_UNKNOWN, pos)
    else:
        d = _not(p, pos, scheme, v, None)
    if ("unaffected", "maybe") in hits and d.verdict != "not":
        r, problem = hits[("unaffected", "maybe")]
        return Decision("unknown", Reason.RANGE_UNREADABLE, pos, r, problem)
    return d


def _covers(p: AffectedProduct, model: str) -> bool:
    m = model.strip().lower()
    return not m or not p.models or any(fnmatch.fnmatchcase(m, x.lower()) for x in p.models)


def naive_exposure(device: DeviceRecord, advisory: Advisory) -> Exposure | None:
    """The exposure of one device to one advisory, or None when no product of the
    advisory names the device's platform."""
    scheme = scheme_for(device.platform)
    named = [(i, p) for i, p in enumerate(advisory.products) if device.platform in p.platforms]
    if not named:
        return None
    covering = [(i, p) for i, p in named if _covers(p, device.model)]
    if not covering:
        patterns = tuple(dict.fromkeys(x for _, p in named for x in p.models))
        detail = describe(
            Reason.MODEL_OUT_OF_SCOPE, device=device, scheme=scheme, patterns=patterns
        )
        return Exposure(
            device.key,
            advisory.key,
            ExposureStatus.NOT_VULNERABLE,
            Reason.MODEL_OUT_OF_SCOPE,
            detail,
        )
    try:
        version = parse(scheme, device.version)
    except VersionError as exc:
        detail = describe(
            Reason.VERSION_UNKNOWN, device=device, scheme=scheme, version_error=exc.reason
        )
        fixed = relevant_fixed(covering[0][1], scheme, None, None)
        return Exposure(
            device.key,
            advisory.key,
            ExposureStatus.UNKNOWN,
            Reason.VERSION_UNKNOWN,
            detail,
            "",
            fixed,
        )
    decision: Decision | None = None
    for i, p in covering:
        d = _product(p, i, scheme, version)
        if decision is None or _RANK[d.verdict] > _RANK[decision.verdict]:
            decision = d
    assert decision is not None
    feature = advisory.feature
    status, reason = {
        "affected": (ExposureStatus.VULNERABLE, decision.reason),
        "unknown": (ExposureStatus.UNKNOWN, decision.reason),
        "not": (ExposureStatus.NOT_VULNERABLE, decision.reason),
    }[decision.verdict]
    if decision.verdict == "affected" and feature is not None and feature.any_of:
        if device.features is None:
            status, reason = ExposureStatus.POTENTIALLY_VULNERABLE, Reason.FEATURE_UNKNOWN
        elif device.features & set(feature.any_of):
            reason = Reason.FEATURE_IN_USE
        else:
            status, reason = ExposureStatus.NOT_VULNERABLE, Reason.FEATURE_NOT_IN_USE
    product = advisory.products[decision.product]
    detail = describe(
        reason, device=device, scheme=scheme, product=product, decision=decision, feature=feature
    )
    fixed = (
        ()
        if status == ExposureStatus.NOT_VULNERABLE
        else relevant_fixed(product, scheme, version, decision.range)
    )
    rng = range_words(decision.range) if decision.range is not None else ""
    return Exposure(device.key, advisory.key, status, reason, detail, rng, fixed)


def naive_match(devices: Iterable[DeviceRecord], advisories: Iterable[Advisory]) -> list[Exposure]:
    """:func:`~netcare.lifecycle.matching.matcher.match`, the plain way."""
    latest_devices = {d.key: d for d in devices}
    latest = {a.key: a for a in advisories}
    found = [
        e
        for d in latest_devices.values()
        for a in latest.values()
        if (e := naive_exposure(d, a)) is not None
    ]
    return sorted(found, key=lambda e: (e.device, e.advisory))
