"""One platform's fleet laid out for counting exposures without visiting devices.

Counting answers "how many devices of the fleet are vulnerable to each advisory, and
why" for every advisory at once (``Matcher.counts``). An advisory's verdict is constant
on each interval of its table (``ranges.Table``), so what is needed per interval is how
many devices run a version inside it — split by the models the advisory's products
cover and, where the interval is affected and the advisory has a feature condition, by
whether the device uses one of its features (or nobody knows). Prefix sums over the
fleet's sorted versions answer each of those in two lookups: per model, per feature set
and per (model, feature set), the last two built only when an advisory asks.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import Any

__all__ = ["Tally"]

Cum = list[int]


def _cum(dense: list[int]) -> Cum:
    return list(itertools.accumulate(dense, initial=0))


class Tally:
    """Counts of one platform's devices by version point, model and feature set. Built
    from ``(point or None, model, features, devices)`` rows, one per device group."""

    def __init__(self, rows: Iterable[tuple[Any, str, frozenset[str] | None, int]]) -> None:
        rows = list(rows)
        self.points: list[Any] = sorted({p for p, _m, _f, _n in rows if p is not None})
        where = {p: i for i, p in enumerate(self.points)}
        size = len(self.points)
        self.models: list[str] = sorted({m for _p, m, _f, _n in rows})
        model_id = {m: i for i, m in enumerate(self.models)}
        self.profiles: list[frozenset[str] | None] = list(
            dict.fromkeys(f for _p, _m, f, _n in rows)
        )
        profile_id = {f: k for k, f in enumerate(self.profiles)}
        self.unknown_profile = profile_id.get(None)
        # (point index or -1, model id, profile id, devices)
        self._rows = [
            (where[p] if p is not None else -1, model_id[m], profile_id[f], n)
            for p, m, f, n in rows
        ]
        per_model = [[0] * size for _ in self.models]
        self.unknown = [0] * len(self.models)  # devices whose version is unreadable
        self.total = [0] * len(self.models)
        for i, m, _k, n in self._rows:
            self.total[m] += n
            if i < 0:
                self.unknown[m] += n
            else:
                per_model[m][i] += n
        self._by_models: dict[tuple[int, ...], Cum] = {
            (m,): _cum(dense) for m, dense in enumerate(per_model)
        }
        self.everyone = tuple(range(len(self.models)))
        if len(self.models) > 1:
            self._by_models[self.everyone] = _cum([sum(c) for c in zip(*per_model, strict=True)])
        self._scopes: dict[object, list[tuple[tuple[int, ...], tuple[int, ...]]]] = {}
        self._in_use: dict[frozenset[str], tuple[int, ...]] = {}
        self._profile: dict[tuple[int, int], Cum] | None = None
        self._profile_all: dict[int, Cum] = {}

    def scopes(self, key: object, scope_of: Any) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
        """The fleet's models split by what ``scope_of(model)`` returns (an advisory's
        products in scope): ``[(scope, model ids)]``, cached under ``key``."""
        found = self._scopes.get(key)
        if found is None:
            split: dict[tuple[int, ...], list[int]] = {}
            for m, model in enumerate(self.models):
                split.setdefault(scope_of(model), []).append(m)
            found = self._scopes[key] = [(s, tuple(ms)) for s, ms in split.items()]
        return found

    def cum(self, models: tuple[int, ...]) -> Cum:
        """Prefix sums of the devices of these models over the sorted versions."""
        found = self._by_models.get(models)
        if found is None:
            parts = [self._by_models[(m,)] for m in models]
            found = self._by_models[models] = [sum(c) for c in zip(*parts, strict=True)]
        return found

    def in_use(self, condition: frozenset[str]) -> tuple[int, ...]:
        """Feature sets (profile ids) that use one of ``condition``'s features."""
        found = self._in_use.get(condition)
        if found is None:
            found = self._in_use[condition] = tuple(
                k for k, f in enumerate(self.profiles) if f is not None and f & condition
            )
        return found

    def _profiles(self) -> dict[tuple[int, int], Cum]:
        if self._profile is None:
            size = len(self.points)
            dense: dict[tuple[int, int], list[int]] = {}
            for i, m, k, n in self._rows:
                if i >= 0:
                    dense.setdefault((m, k), [0] * size)[i] += n
            self._profile = {mk: _cum(d) for mk, d in dense.items()}
        return self._profile

    def between(self, models: tuple[int, ...], profiles: Iterable[int], a: int, b: int) -> int:
        """Devices of these models and feature sets on the versions ``a`` to ``b - 1``."""
        table = self._profiles()
        total = 0
        if models == self.everyone:
            for k in profiles:
                c = self._profile_all.get(k)
                if c is None:
                    parts = [table[(m, k)] for m in self.everyone if (m, k) in table]
                    c = [sum(x) for x in zip(*parts, strict=True)] or [0] * (len(self.points) + 1)
                    self._profile_all[k] = c
                total += c[b] - c[a]
            return total
        for k in profiles:
            for m in models:
                c = table.get((m, k))
                if c is not None:
                    total += c[b] - c[a]
        return total
