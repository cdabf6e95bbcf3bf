"""Target releases (目标版本): which release a device should run, and how far it is.

Rules are scoped and the most specific rule that covers a device wins — one device,
then a model pattern, then a platform, then the customer's default — the shape of
"validated software" rules in lifecycle tools, ranked by weight instead of by the order
they were entered. Versions are compared by the platform's scheme, never as text.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable
from dataclasses import dataclass

from netcare.lifecycle.matching.model import DeviceRecord
from netcare.lifecycle.versions import Version, scheme_for, try_parse

__all__ = ["TargetRule", "off_track", "releases_behind", "resolve_target", "specificity"]


@dataclass(frozen=True)
class TargetRule:
    """The release devices in a scope should run. ``platform`` empty: the default for
    every platform; ``model``: a model pattern (``fnmatch``, case-blind, ``C9300-*``) on
    that platform; ``device``: one device's key on that platform."""

    release: str
    platform: str
    model: str = ""
    device: str = ""


_WILDCARDS = frozenset("*?[")


def specificity(rule: TargetRule) -> tuple[int, int, int]:
    """How specific a rule is, higher first: its scope (device 3, model 2, platform 1,
    default 0); among model patterns, fewer wildcards, then more literal characters
    (``C9300-48P`` over ``C9300-*`` over ``C*``)."""
    if rule.device:
        return (3, 0, 0)
    if rule.model:
        wild = sum(ch in _WILDCARDS for ch in rule.model)
        return (2, -wild, len(rule.model) - wild)
    return (1, 0, 0) if rule.platform else (0, 0, 0)


def _covers(rule: TargetRule, record: DeviceRecord) -> bool:
    if not rule.platform:
        return not rule.model and not rule.device
    if rule.platform != record.platform:
        return False
    if rule.device:
        return rule.device == record.key
    if rule.model:
        model = record.model.strip().lower()
        return bool(model) and fnmatch.fnmatchcase(model, rule.model.strip().lower())
    return True


def resolve_target(rules: Iterable[TargetRule], record: DeviceRecord) -> TargetRule | None:
    """The most specific rule covering the device (the first given among equals), or
    None. A device whose model is unknown is covered by no model rule."""
    best: TargetRule | None = None
    best_rank: tuple[int, int, int] | None = None
    for rule in rules:
        if not _covers(rule, record):
            continue
        rank = specificity(rule)
        if best_rank is None or rank > best_rank:
            best, best_rank = rule, rank
    return best


def off_track(record: DeviceRecord, target: TargetRule | str) -> bool | None:
    """Whether the device runs something other than its target, compared by its
    platform's scheme (``15.2(7)E4`` and ``15.2(07)E4`` are the same release); None when
    either version cannot be read — undecidable, said as such."""
    release = target.release if isinstance(target, TargetRule) else target
    scheme = scheme_for(record.platform)
    current, wanted = try_parse(scheme, record.version), try_parse(scheme, release)
    if current is None or wanted is None:
        return None
    return current != wanted


def releases_behind(
    scheme: str, catalog_versions: Iterable[str], current: str, target: str
) -> int | None:
    """How many releases a device on ``current`` is behind ``target``: the distinct
    releases of the catalog and the target itself that are newer than ``current`` and
    not newer than ``target``. 0 on the target or ahead of it; None when ``current`` or
    ``target`` cannot be read. Catalog entries the scheme cannot read are left out."""
    now, goal = try_parse(scheme, current), try_parse(scheme, target)
    if now is None or goal is None:
        return None
    between: set[Version] = {goal} if now < goal else set()
    for text in catalog_versions:
        v = try_parse(scheme, text)
        if v is not None and now < v <= goal:
            between.add(v)
    return len(between)
