"""The exposure matcher: which advisories concern which devices, and how.

An advisory concerns a device when one of its products names the device's platform.
For each such pair the matcher decides, in this order (docs/risk-score.md, "Matching"):
the model (patterns of the products on that platform; none means every model), the
version (the products' ranges read by the device platform's scheme, see ``ranges.py``),
then the advisory's feature condition against the features the device uses.

Why it is shaped this way: a large service desk holds ~10^5 devices and ~10^4
advisories, ~10^9 pairs — too many to visit one by one. Devices are grouped by what the
decision reads (platform, version, model, features); advisories are indexed by platform
and compiled once (bounds parsed by the platform's scheme); each product set's verdict
is a :class:`~netcare.lifecycle.matching.ranges.Table` over the version line, so a group
is decided with one binary search, and exposures are fanned out to the group's devices
only when asked for. :meth:`Matcher.counts` goes further and counts every pair by
status and reason without visiting groups at all: per advisory, each interval of its
table is a slice of the fleet's sorted versions, summed with prefix sums per class of
(model scope, feature use).

``reference.py`` is the plain loop over every device and advisory; the tests prove the
two give the same exposures on generated fleets, and ``bench/match.py`` measures both.
"""

from __future__ import annotations

import fnmatch
import functools
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from netcare.core.text import Text
from netcare.lifecycle.advisories.model import Advisory
from netcare.lifecycle.matching.explain import describe, range_words
from netcare.lifecycle.matching.model import DeviceRecord, Exposure, ExposureStatus, Reason
from netcare.lifecycle.matching.ranges import (
    CompiledProduct,
    Decision,
    Table,
    build_table,
    compile_product,
    point_of,
    relevant_fixed,
)
from netcare.lifecycle.matching.tally import Tally
from netcare.lifecycle.versions import Version, VersionError, parse, scheme_for

__all__ = ["Matcher", "feature_class", "in_scope", "match", "refine"]

Outcome = tuple[ExposureStatus, Reason, Text, str, tuple[str, ...]]
GroupKey = tuple[str, str, frozenset[str] | None]


@functools.lru_cache(maxsize=65536)
def in_scope(patterns: tuple[tuple[str, ...], ...], model: str) -> tuple[int, ...]:
    """Which products (by position in ``patterns``) cover ``model``: a product without
    patterns covers every model; patterns are ``fnmatch`` style, case-blind. A device
    whose model is unknown (empty) is in every product's scope — it cannot be ruled out."""
    wanted = model.strip().lower()
    return tuple(
        i
        for i, pats in enumerate(patterns)
        if not wanted or not pats or any(fnmatch.fnmatchcase(wanted, p.lower()) for p in pats)
    )


def feature_class(condition: frozenset[str] | None, features: frozenset[str] | None) -> str:
    """``none`` (no condition), ``unknown`` (nothing collected), ``in_use`` or
    ``not_in_use``."""
    if condition is None:
        return "none"
    if features is None:
        return "unknown"
    return "in_use" if features & condition else "not_in_use"


_REFINE: dict[tuple[str, str], tuple[ExposureStatus, Reason | None]] = {
    ("not", "none"): (ExposureStatus.NOT_VULNERABLE, None),
    ("unknown", "none"): (ExposureStatus.UNKNOWN, None),
    ("affected", "none"): (ExposureStatus.VULNERABLE, None),
    ("affected", "unknown"): (ExposureStatus.POTENTIALLY_VULNERABLE, Reason.FEATURE_UNKNOWN),
    ("affected", "in_use"): (ExposureStatus.VULNERABLE, Reason.FEATURE_IN_USE),
    ("affected", "not_in_use"): (ExposureStatus.NOT_VULNERABLE, Reason.FEATURE_NOT_IN_USE),
}


def refine(decision: Decision, fclass: str) -> tuple[ExposureStatus, Reason]:
    """Status and reason once the feature condition is applied to a version verdict
    (the condition only matters to an affected version)."""
    if decision.verdict != "affected":
        fclass = "none"
    status, reason = _REFINE[(decision.verdict, fclass)]
    return status, reason or decision.reason


@dataclass(eq=False)
class _Group:
    """Devices of one platform alike in everything the decision reads."""

    platform: str
    scheme: str
    version: str
    model: str
    features: frozenset[str] | None
    parsed: Version | None
    error: str
    point: Any
    records: dict[str, DeviceRecord] = field(default_factory=dict)

    @classmethod
    def of(cls, record: DeviceRecord) -> _Group:
        scheme = scheme_for(record.platform)
        parsed: Version | None = None
        error = ""
        try:
            parsed = parse(scheme, record.version)
        except VersionError as exc:
            error = exc.reason
        point = point_of(parsed) if parsed is not None else None
        if parsed is not None and point is None:
            parsed, error = None, f"the {scheme} scheme gives it no order"
        return cls(
            record.platform,
            scheme,
            record.version,
            record.model,
            record.features,
            parsed,
            error,
            point,
        )

    def sample(self) -> DeviceRecord:
        return next(iter(self.records.values()))


class _Fleet:
    """One platform's devices, grouped. ``token`` changes on every edit, so what is
    derived from the fleet (its :class:`Tally`, where a table's bounds fall in it) knows
    when it is stale."""

    def __init__(self, platform: str) -> None:
        self.platform = platform
        self.groups: dict[GroupKey, _Group] = {}
        self.token = object()
        self._tally: Tally | None = None

    def touch(self) -> None:
        self.token = object()
        self._tally = None

    def tally(self) -> Tally:
        if self._tally is None:
            self._tally = Tally(
                (g.point, g.model, g.features, len(g.records)) for g in self.groups.values()
            )
        return self._tally


class _Plan:
    """One advisory on one platform: the products naming the platform, read by its
    scheme once; verdict tables per set of in-scope products, built on first use."""

    def __init__(self, advisory: Advisory, platform: str) -> None:
        self.advisory = advisory
        self.platform = platform
        self.scheme = scheme_for(platform)
        self.products: tuple[CompiledProduct, ...] = tuple(
            compile_product(i, p, self.scheme)
            for i, p in enumerate(advisory.products)
            if platform in p.platforms
        )
        self.patterns = tuple(tuple(cp.product.models) for cp in self.products)
        self.all_patterns = tuple(dict.fromkeys(p for pats in self.patterns for p in pats))
        feature = advisory.feature
        self.condition = frozenset(feature.any_of) if feature and feature.any_of else None
        self._tables: dict[tuple[int, ...], Table] = {}

    def table(self, subset: tuple[int, ...]) -> Table:
        found = self._tables.get(subset)
        if found is None:
            found = self._tables[subset] = build_table([self.products[i] for i in subset])
        return found

    def outcome(
        self, group: _Group, shared: dict[tuple[Any, ...], Outcome] | None = None
    ) -> Outcome:
        """The exposure of any device of ``group`` (all but its device key). Groups that
        differ only in what this advisory does not read (another model in the same
        scope, other features outside its condition) share one outcome, kept in
        ``shared`` for the length of one fan-out (so memory does not grow with use)."""
        subset = in_scope(self.patterns, group.model)
        if not subset:
            key: tuple[Any, ...] = ("model", group.model)
        elif group.parsed is None:
            key = ("version", subset[0], group.version, group.error)
        else:
            decision = self.table(subset).at(group.point)
            fclass = feature_class(self.condition, group.features)
            used = group.features & self.condition if fclass == "in_use" else None  # type: ignore[operator]
            key = (id(decision), group.version, fclass, used)
        if shared is None:
            return self._decide(group, subset)
        found = shared.get(key)
        if found is None:
            found = shared[key] = self._decide(group, subset)
        return found

    def _decide(self, group: _Group, subset: tuple[int, ...]) -> Outcome:
        sample = group.sample()
        if not subset:
            detail = describe(
                Reason.MODEL_OUT_OF_SCOPE,
                device=sample,
                scheme=self.scheme,
                patterns=self.all_patterns,
            )
            return ExposureStatus.NOT_VULNERABLE, Reason.MODEL_OUT_OF_SCOPE, detail, "", ()
        if group.parsed is None:
            detail = describe(
                Reason.VERSION_UNKNOWN,
                device=sample,
                scheme=self.scheme,
                version_error=group.error,
            )
            first = self.products[subset[0]].product
            fixed = relevant_fixed(first, self.scheme, None, None)
            return ExposureStatus.UNKNOWN, Reason.VERSION_UNKNOWN, detail, "", fixed
        decision = self.table(subset).at(group.point)
        status, reason = refine(decision, feature_class(self.condition, group.features))
        product = self.advisory.products[decision.product]
        detail = describe(
            reason,
            device=sample,
            scheme=self.scheme,
            product=product,
            decision=decision,
            feature=self.advisory.feature,
        )
        fixed = (
            ()
            if status == ExposureStatus.NOT_VULNERABLE
            else relevant_fixed(product, self.scheme, group.parsed, decision.range)
        )
        rng = range_words(decision.range) if decision.range is not None else ""
        return status, reason, detail, rng, fixed


def _fan_out(
    plan: _Plan, group: _Group, shared: dict[tuple[Any, ...], Outcome]
) -> Iterator[Exposure]:
    status, reason, detail, rng, fixed = plan.outcome(group, shared)
    key = plan.advisory.key
    for device in group.records:
        yield Exposure(device, key, status, reason, detail, rng, fixed)


class Matcher:
    """Exposures of a changing set of devices and advisories, kept incrementally: adding
    an advisory decides it for the known devices only, setting a device decides it for
    the known advisories only. At any time :meth:`exposures` equals
    ``match(devices, advisories)`` computed from scratch (a tested property)."""

    def __init__(self, advisories: Iterable[Advisory] = ()) -> None:
        self._advisories: dict[str, Advisory] = {}
        self._plans: dict[str, list[_Plan]] = {}
        self._by_platform: dict[str, dict[str, _Plan]] = defaultdict(dict)
        self._devices: dict[str, tuple[DeviceRecord, GroupKey]] = {}
        self._fleets: dict[str, _Fleet] = {}
        for advisory in advisories:
            self._add(advisory)

    # --- advisories ---------------------------------------------------------------

    def _add(self, advisory: Advisory) -> None:
        self.remove_advisory(advisory.key)
        platforms = dict.fromkeys(p for prod in advisory.products for p in prod.platforms)
        plans = [_Plan(advisory, platform) for platform in platforms]
        self._advisories[advisory.key] = advisory
        self._plans[advisory.key] = plans
        for plan in plans:
            self._by_platform[plan.platform][advisory.key] = plan

    def add_or_replace_advisory(self, advisory: Advisory) -> list[Exposure]:
        """Add an advisory (or replace the one with its key); its exposures over every
        known device, by device key."""
        self._add(advisory)
        return self.exposures_of_advisory(advisory.key)

    def remove_advisory(self, key: str) -> None:
        """Forget an advisory (no error when unknown)."""
        self._advisories.pop(key, None)
        for plan in self._plans.pop(key, []):
            del self._by_platform[plan.platform][key]

    def advisories(self) -> dict[str, Advisory]:
        return dict(self._advisories)

    # --- devices ------------------------------------------------------------------

    def _place(self, record: DeviceRecord) -> _Fleet:
        """File a device in its group (the caller touches the fleet)."""
        if record.key in self._devices:
            self._unplace(record.key)
        fleet = self._fleets.get(record.platform)
        if fleet is None:
            fleet = self._fleets[record.platform] = _Fleet(record.platform)
        gkey: GroupKey = (record.version, record.model, record.features)
        group = fleet.groups.get(gkey)
        if group is None:
            group = fleet.groups[gkey] = _Group.of(record)
        group.records[record.key] = record
        self._devices[record.key] = (record, gkey)
        return fleet

    def _unplace(self, key: str) -> None:
        found = self._devices.pop(key, None)
        if found is None:
            return
        record, gkey = found
        fleet = self._fleets[record.platform]
        group = fleet.groups[gkey]
        del group.records[key]
        if not group.records:
            del fleet.groups[gkey]
        fleet.touch()

    def set_device(self, record: DeviceRecord) -> list[Exposure]:
        """Add a device (or replace the one with its key); its exposures over every
        known advisory, by advisory key."""
        self._place(record).touch()
        return self.exposures_of_device(record.key)

    def set_devices(self, records: Iterable[DeviceRecord]) -> None:
        """Add or replace many devices (a later record with the same key wins)."""
        platforms = {self._place(record).platform for record in records}
        for platform in platforms:
            self._fleets[platform].touch()

    def remove_device(self, key: str) -> None:
        """Forget a device (no error when unknown)."""
        self._unplace(key)

    # --- results ------------------------------------------------------------------

    def exposures_of_device(self, key: str) -> list[Exposure]:
        found = self._devices.get(key)
        if found is None:
            return []
        record, gkey = found
        group = self._fleets[record.platform].groups[gkey]
        plans = self._by_platform.get(record.platform, {})
        out = []
        for akey in sorted(plans):
            status, reason, detail, rng, fixed = plans[akey].outcome(group)
            out.append(Exposure(key, akey, status, reason, detail, rng, fixed))
        return out

    def exposures_of_advisory(self, key: str) -> list[Exposure]:
        out: list[Exposure] = []
        for plan in self._plans.get(key, []):
            fleet = self._fleets.get(plan.platform)
            shared: dict[tuple[Any, ...], Outcome] = {}
            for group in fleet.groups.values() if fleet else ():
                out.extend(_fan_out(plan, group, shared))
        out.sort(key=lambda e: e.device)
        return out

    def iter_exposures(self) -> Iterator[Exposure]:
        """Every exposure, decided once per group and advisory, in no set order."""
        for platform, fleet in self._fleets.items():
            for plan in self._by_platform.get(platform, {}).values():
                shared: dict[tuple[Any, ...], Outcome] = {}
                for group in fleet.groups.values():
                    yield from _fan_out(plan, group, shared)

    def exposures(self) -> list[Exposure]:
        """Every exposure, by device key then advisory key."""
        return sorted(self.iter_exposures(), key=lambda e: (e.device, e.advisory))

    def counts(self) -> Counter[tuple[ExposureStatus, Reason]]:
        """How many device × advisory pairs have each status and reason — the totals of
        :meth:`exposures`, computed without deciding any group or device on its own:
        per advisory, per set of models its products cover, per interval of its table,
        a difference of prefix sums (``tally.py``)."""
        found: Counter[tuple[ExposureStatus, Reason]] = Counter()
        out_of_scope = (ExposureStatus.NOT_VULNERABLE, Reason.MODEL_OUT_OF_SCOPE)
        version_unknown = (ExposureStatus.UNKNOWN, Reason.VERSION_UNKNOWN)
        for platform, fleet in self._fleets.items():
            plans = self._by_platform.get(platform)
            if not plans or not fleet.groups:
                continue
            tally = fleet.tally()
            unknown = () if tally.unknown_profile is None else (tally.unknown_profile,)
            for plan in plans.values():
                condition = plan.condition
                in_use = tally.in_use(condition) if condition is not None else ()
                scopes = tally.scopes(plan.patterns, functools.partial(in_scope, plan.patterns))
                for subset, models in scopes:
                    if not subset:
                        found[out_of_scope] += sum(tally.total[m] for m in models)
                        continue
                    stray = sum(tally.unknown[m] for m in models)
                    if stray:
                        found[version_unknown] += stray
                    table = plan.table(subset)
                    edges = table.edges_in(fleet.token, tally.points)
                    cum = tally.cum(models)
                    for j, decision in enumerate(table.decisions):
                        a, b = edges[j], edges[j + 1]
                        n = cum[b] - cum[a]
                        if not n:
                            continue
                        if condition is None or decision.verdict != "affected":
                            found[refine(decision, "none")] += n
                            continue
                        using = tally.between(models, in_use, a, b)
                        blind = tally.between(models, unknown, a, b)
                        for fclass, count in (
                            ("in_use", using),
                            ("unknown", blind),
                            ("not_in_use", n - using - blind),
                        ):
                            if count:
                                found[refine(decision, fclass)] += count
        return found


def match(devices: Iterable[DeviceRecord], advisories: Iterable[Advisory]) -> list[Exposure]:
    """Every exposure of these devices to these advisories, by device key then advisory
    key: one per device × advisory with a product naming the device's platform. A later
    device or advisory with the same key replaces an earlier one."""
    matcher = Matcher(advisories)
    matcher.set_devices(devices)
    return matcher.exposures()
