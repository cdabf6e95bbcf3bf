"""Affected ranges compiled for one version scheme, and the version decision they make.

An advisory's bounds are text as the vendor wrote them; the matcher reads them by the
DEVICE platform's scheme, once per advisory and scheme (:func:`compile_product`). Each
bound becomes a point on the scheme's version line, written as the version's
``sort_text`` (which orders as text exactly as the scheme orders versions, and holds
only ``0-9a-z``) plus one mark below every such character: ``\x00`` just before the
version, ``\x02`` just after it, ``\x01`` for a device's version itself. So
``>= introduced``, ``< fixed``, ``<= last_affected`` and ``== exact`` are all one string
comparison, a version is never equal to a bound point, and points hash and compare at
the speed of strings.

A bound the scheme cannot read (or that the record types as another scheme's version)
stays :class:`BoundProblem`: a range with such a bound "maybe" contains a version its
readable bounds do not exclude, and a decision that hinges on a maybe is UNKNOWN
(``range_unreadable``, naming the bound) — never silently "not affected".

:func:`build_table` cuts the version line at every bound of a set of products into
intervals and decides each interval once by the rule of ``_verdict`` (docs/risk-score.md,
"Matching"), so the matcher answers any device version with one binary search
(:meth:`Table.at`) and counts a fleet interval by interval.
"""

from __future__ import annotations

import bisect
import functools
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, NamedTuple

from netcare.lifecycle.advisories.model import AffectedProduct, AffectedRange
from netcare.lifecycle.matching.model import Reason
from netcare.lifecycle.versions import SCHEMES, Version, VersionError, parse, try_parse

__all__ = [
    "OPEN_BOUNDS",
    "BoundProblem",
    "CompiledProduct",
    "CompiledRange",
    "Decision",
    "Table",
    "Verdict",
    "build_table",
    "compile_product",
    "point_of",
    "relevant_fixed",
]

#: Bound texts that mean "no bound" (CVE JSON writes ``0`` or ``*`` for "from the first
#: release"); anything else is read as a version.
OPEN_BOUNDS: frozenset[str] = frozenset({"", "0", "*", "-", "n/a"})

Verdict = Literal["affected", "unknown", "not"]

#: Worst first when two products of one advisory both apply to a device.
VERDICT_RANK: dict[str, int] = {"affected": 3, "unknown": 2, "not": 1}


@dataclass(frozen=True)
class BoundProblem:
    """A bound the device's scheme cannot read: which field, its text, and why."""

    field: str
    text: str
    why: str


BEFORE, AT, AFTER = "\x00", "\x01", "\x02"


def point_of(version: Version) -> str | None:
    """The point of a device's version (between the bounds of that version), or None
    when its scheme gives no ``sort_text``."""
    return version.sort_text + AT if version.sort_text else None


class CompiledRange(NamedTuple):
    """One range on the version line: ``lo`` inclusive and ``hi`` exclusive (the lowest
    readable upper bound), None when open or unreadable; ``problem`` is the first bound
    the scheme could not read, which makes a version the readable bounds admit only
    "maybe" inside."""

    position: int  # in the product's ranges
    source: AffectedRange
    status: str
    exact: bool
    lo: Any
    hi: Any
    problem: BoundProblem | None
    lower_unreadable: bool
    #: Where the product's next affected line starts after this range's fix (the
    #: lowest readable ``introduced`` of its other affected ranges at or past the fix).
    next_start: Any = None

    def bounds(self) -> list[Any]:
        return [b for b in (self.lo, self.hi) if b is not None]


@dataclass(frozen=True)
class CompiledProduct:
    """A product's ranges and fixed versions read by one scheme."""

    position: int
    product: AffectedProduct
    scheme: str
    ranges: tuple[CompiledRange, ...]
    #: (text, lower point, upper point) of each readable fixed version.
    fixed: tuple[tuple[str, Any, Any], ...]
    #: Versions no readable range places are unknown (``no_versions``): the reader
    #: reported problems, or the record names the product without any version.
    blind: bool = False

    def bounds(self) -> list[Any]:
        found = [b for r in self.ranges for b in r.bounds()]
        found.extend(p for _, lo, hi in self.fixed for p in (lo, hi))
        return found


class Decision(NamedTuple):
    """A product's verdict on a version, before the feature condition is applied."""

    verdict: Verdict
    reason: Reason
    product: int  # position in the advisory's products
    range: AffectedRange | None = None
    problem: BoundProblem | None = None
    fixed_by: str = ""  # the fix the version is at or past (version_fixed)


@functools.lru_cache(maxsize=262144)
def _read(scheme: str, field: str, text: str | None, version_type: str) -> Any:
    """A bound's version key, None when open, or its problem (cached: advisories repeat
    the same bounds)."""
    if text is None or text.strip().lower() in OPEN_BOUNDS:
        return None
    text = text.strip()
    foreign = version_type.strip().lower()
    if foreign in SCHEMES and foreign not in ("generic", scheme):
        return BoundProblem(field, text, f"the record gives it as a {foreign} version")
    try:
        found = parse(scheme, text)
    except VersionError as exc:
        return BoundProblem(field, text, f"the {scheme} scheme cannot read it: {exc.reason}")
    if not found.sort_text:
        return BoundProblem(field, text, f"the {scheme} scheme gives it no order")
    return found.sort_text


def _range(index: int, source: AffectedRange, scheme: str) -> CompiledRange:
    vt = source.version_type
    status = source.status
    if source.exact is not None and source.exact.strip().lower() not in OPEN_BOUNDS:
        key = _read(scheme, "exact", source.exact, vt)
        if isinstance(key, BoundProblem):
            return CompiledRange(index, source, status, True, None, None, key, True)
        return CompiledRange(index, source, status, True, key + BEFORE, key + AFTER, None, False)
    problem: BoundProblem | None = None
    lower = _read(scheme, "introduced", source.introduced, vt)
    lo = None
    if isinstance(lower, BoundProblem):
        problem = lower
    elif lower is not None:
        lo = lower + (AFTER if source.introduced_exclusive else BEFORE)
    uppers = []
    for field, text, side in (
        ("fixed", source.fixed, BEFORE),
        ("last_affected", source.last_affected, AFTER),
    ):
        key = _read(scheme, field, text, vt)
        if isinstance(key, BoundProblem):
            problem = problem or key
        elif key is not None:
            uppers.append(key + side)
    hi = min(uppers) if uppers else None
    return CompiledRange(
        index, source, status, False, lo, hi, problem, isinstance(lower, BoundProblem)
    )


def compile_product(position: int, product: AffectedProduct, scheme: str) -> CompiledProduct:
    """Read a product's bounds and fixed versions by ``scheme`` (once per advisory)."""
    ranges = tuple(_range(i, r, scheme) for i, r in enumerate(product.ranges))
    starts = [r.lo for r in ranges if r.status == "affected" and not r.exact and r.lo is not None]
    linked = []
    for r in ranges:
        if r.hi is not None and not r.exact:
            after = [s for s in starts if not (s < r.hi)]
            if after:
                r = r._replace(next_start=min(after))
        linked.append(r)
    fixed = []
    for text in product.fixed_versions:
        key = _read(scheme, "fixed_versions", text, "")
        if key is not None and not isinstance(key, BoundProblem):
            fixed.append((text.strip(), key + BEFORE, key + AFTER))
    blind = bool(product.problems) or not (product.ranges or product.default_status != "unaffected")
    return CompiledProduct(position, product, scheme, tuple(linked), tuple(fixed), blind)


def _not_affected(
    position: int, listed: str, fixed_by: CompiledRange | None, decided_by: AffectedRange | None
) -> Decision:
    if listed:
        return Decision("not", Reason.VERSION_FIXED, position, decided_by, None, listed)
    if fixed_by is not None:
        source = fixed_by.source
        text = (source.fixed or source.last_affected or "").strip()
        return Decision("not", Reason.VERSION_FIXED, position, decided_by or source, None, text)
    return Decision("not", Reason.VERSION_NOT_IN_RANGE, position, decided_by)


def _verdict(cp: CompiledProduct, hits: Sequence[CompiledRange | None], listed: str) -> Decision:
    """The product's verdict where these ranges hold — ``hits`` has the first range of
    each kind (unaffected, unaffected maybe, affected, affected maybe, unknown, and the
    range whose fix the version carries), ``listed`` the fixed release it is, if any:

    1. a readable ``unaffected`` range containing the version → not affected;
    2. else an ``affected`` range containing it → affected; an ``unknown`` range → unknown;
       one that maybe contains it (an unreadable bound) → unknown, ``range_unreadable``;
    3. else the reader's problems or no range at all → unknown, ``no_versions`` (unless the
       version is one the vendor lists as fixed); else the product's default status;
    4. an ``unaffected`` range that maybe contains the version turns any verdict but
       "not affected" into unknown, ``range_unreadable`` (it might have overridden it).

    "Not affected" is ``version_fixed`` when the version is a listed fixed release or
    carries a range's fix — at or past its readable upper bound, its lower bound holding,
    before the product's next affected line starts (past that a version is on another
    line, and "fixed" would be a guess) — else ``version_not_in_range``.
    """
    unaffected, unaffected_maybe, affected, affected_maybe, unknown, fixed_by = hits
    position = cp.position
    if unaffected is not None:
        return _not_affected(position, listed, fixed_by, unaffected.source)
    if affected is not None:
        decision = Decision("affected", Reason.VERSION_IN_RANGE, position, affected.source)
    elif unknown is not None:
        decision = Decision("unknown", Reason.RANGE_UNKNOWN, position, unknown.source)
    elif affected_maybe is not None:
        decision = Decision(
            "unknown",
            Reason.RANGE_UNREADABLE,
            position,
            affected_maybe.source,
            affected_maybe.problem,
        )
    elif cp.blind:
        # A version a readable range does not place may sit in a range the reader could
        # not read; a product named without any version says nothing at all. A version
        # the vendor lists as fixed is fixed all the same.
        decision = (
            Decision("not", Reason.VERSION_FIXED, position, None, None, listed)
            if listed
            else Decision("unknown", Reason.NO_VERSIONS, position)
        )
    elif cp.product.default_status == "affected":
        decision = Decision("affected", Reason.DEFAULT_AFFECTED, position)
    elif cp.product.default_status == "unknown":
        decision = Decision("unknown", Reason.DEFAULT_UNKNOWN, position)
    else:
        decision = _not_affected(position, listed, fixed_by, None)
    if unaffected_maybe is not None and decision.verdict != "not":
        return Decision(
            "unknown",
            Reason.RANGE_UNREADABLE,
            position,
            unaffected_maybe.source,
            unaffected_maybe.problem,
        )
    return decision


_SLOTS = {
    ("unaffected", True): 0,
    ("unaffected", False): 1,
    ("affected", True): 2,
    ("affected", False): 3,
    ("unknown", True): 4,
    ("unknown", False): 3,  # a maybe of an unknown range is a maybe like an affected one
}


def _column(cp: CompiledProduct, where: dict[Any, int], n: int) -> list[Decision]:
    """The product's verdict in each of the ``n + 1`` intervals cut by ``n`` bounds
    (``where``: bound → its index). Interval ``j`` lies between bounds ``j - 1`` and
    ``j``, so a range ``[lo, hi)`` holds in intervals ``where[lo] + 1`` to ``where[hi]``.
    Which ranges hold only changes where a range starts or ends, so each stretch between
    such cuts is decided once, from the first range of each kind holding there."""
    size = n + 1
    cuts = {0, size}
    spans: list[tuple[int, int, int, CompiledRange]] = []  # (kind slot, start, end, range)
    for r in cp.ranges:
        start = where[r.lo] + 1 if r.lo is not None else 0
        end = where[r.hi] + 1 if r.hi is not None else size
        if start < end:
            spans.append((_SLOTS[(r.status, r.problem is None)], start, end, r))
            cuts.update((start, end))
        if r.status == "affected" and not r.exact and not r.lower_unreadable and r.hi is not None:
            begin = max(start, where[r.hi] + 1)
            stop = where[r.next_start] + 1 if r.next_start is not None else size
            if begin < stop:
                spans.append((5, begin, stop, r))
                cuts.update((begin, stop))
    listed: dict[int, str] = {}
    for text, lo, _hi in cp.fixed:
        j = where[lo] + 1
        listed.setdefault(j, text)
        cuts.update((j, j + 1))
    out: list[Decision] = []
    for a, b in itertools.pairwise(sorted(cuts)):
        hits: list[CompiledRange | None] = [None] * 6
        for slot, start, end, r in spans:
            if start <= a < end and hits[slot] is None:
                hits[slot] = r
        found = _verdict(cp, hits, listed.get(a, ""))
        if out and found == out[-1]:
            found = out[-1]  # the same verdict as the stretch before: one object
        out.extend([found] * (b - a))
    return out


@dataclass
class Table:
    """The verdict of a set of products over the whole version line: ``bounds`` sorted,
    ``decisions[j]`` holds for points between ``bounds[j-1]`` and ``bounds[j]``."""

    bounds: list[Any]
    decisions: list[Decision]
    #: Per fleet generation, where each bound falls in the fleet's sorted version points.
    edges: tuple[object, list[int]] | None = None

    def at(self, p: Any) -> Decision:
        return self.decisions[bisect.bisect_right(self.bounds, p)]

    def edges_in(self, token: object, points: list[Any]) -> list[int]:
        """Index in ``points`` where each interval starts, plus the end (cached)."""
        if self.edges is None or self.edges[0] is not token:
            cuts = [0, *(bisect.bisect_left(points, b) for b in self.bounds), len(points)]
            self.edges = (token, cuts)
        return self.edges[1]


def build_table(products: Sequence[CompiledProduct]) -> Table:
    """Cut the version line at every readable bound of ``products`` and decide each
    interval once per product; where several products cover a device, the worst verdict
    holds (the first product among equals). Bounds between two intervals with the same
    verdict are dropped, so lookups and counts see only where the verdict changes."""
    bounds = sorted({b for cp in products for b in cp.bounds()})
    where = {b: k for k, b in enumerate(bounds)}
    columns = [_column(cp, where, len(bounds)) for cp in products]
    if len(columns) == 1:
        decisions = columns[0]
    else:
        decisions = []
        for row in zip(*columns, strict=True):
            best = row[0]
            for d in row[1:]:
                if VERDICT_RANK[d.verdict] > VERDICT_RANK[best.verdict]:
                    best = d
            decisions.append(best)
    kept_bounds, kept = [], [decisions[0]]
    for bound, decision in zip(bounds, decisions[1:], strict=True):
        if decision is not kept[-1]:
            kept_bounds.append(bound)
            kept.append(decision)
    return Table(kept_bounds, kept)


def relevant_fixed(
    product: AffectedProduct, scheme: str, version: Version | None, decided: AffectedRange | None
) -> tuple[str, ...]:
    """The fixed releases that matter to a device on ``version``: the product's fixed
    versions, the deciding range's ``fixed`` bound and, when the scheme knows trains, the
    ``fixed`` bounds of the product's other ranges in the device's train — newer than the
    device's version; the deciding range's fix first, then the device's own train, then
    version order; texts no scheme reads come last as written (an expert reads them). All
    of them, as written, when the version is unreadable."""
    texts = [t.strip() for t in product.fixed_versions if t.strip()]
    own = decided.fixed.strip() if decided is not None and decided.fixed else ""
    if own:
        texts.insert(0, own)
    train = getattr(version, "train", None) if version is not None else None
    if train:
        for r in product.ranges:
            if r.status == "affected" and r.fixed and r.fixed.strip():
                bound = try_parse(scheme, r.fixed.strip())
                if bound is not None and getattr(bound, "train", None) == train:
                    texts.append(r.fixed.strip())
    texts = list(dict.fromkeys(texts))
    if version is None:
        return tuple(texts)
    newer: dict[Version, str] = {}
    unread: list[str] = []
    for text in texts:
        parsed = try_parse(scheme, text)
        if parsed is None:
            unread.append(text)
        elif parsed > version:
            newer.setdefault(parsed, text)
    first = try_parse(scheme, own) if own else None

    def order(v: Version) -> tuple[bool, bool, Any]:
        same_train = bool(train) and getattr(v, "train", None) == train
        return (v != first, not same_train, v.key)

    return (*(newer[v] for v in sorted(newer, key=order)), *unread)
