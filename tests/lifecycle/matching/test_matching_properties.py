"""The grouped, compiled, incremental matcher gives exactly what the plain loop gives.

``reference.naive_match`` visits every device × advisory and compares versions one by
one; the matcher groups devices, compiles each advisory's bounds once per scheme and
decides a whole interval of versions at a time. Equal exposures (status, reason, words,
range, fixed releases) on drawn fleets prove the shortcuts change nothing; equal
``counts()`` prove the counting path that never visits a group; and a Matcher edited
step by step always equals a match from scratch.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import replace
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netcare.lifecycle.advisories.model import Advisory
from netcare.lifecycle.matching.matcher import Matcher, match
from netcare.lifecycle.matching.model import DeviceRecord, Exposure
from netcare.lifecycle.matching.reference import naive_match

from .strategies import advisories, devices

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _counts(found: list[Exposure]) -> Counter[tuple[str, str]]:
    return Counter((e.status, e.reason) for e in found)


@FAST
@given(st.lists(devices(), max_size=14), st.lists(advisories(), max_size=6))
def test_grouped_matcher_equals_the_plain_loop(
    fleet: list[DeviceRecord], drawn: list[Advisory]
) -> None:
    expected = naive_match(fleet, drawn)
    assert match(fleet, drawn) == expected
    matcher = Matcher(drawn)
    matcher.set_devices(fleet)
    assert matcher.counts() == _counts(expected)


def _pool(strategy: st.SearchStrategy[Any], size: int) -> list[Any]:
    """``size`` examples of a strategy, the same on every run."""
    found: list[Any] = []

    @settings(max_examples=size, deadline=None, database=None, derandomize=True)
    @given(strategy)
    def collect(x: Any) -> None:
        found.append(x)

    collect()
    return found


def test_generated_fleet_equals_the_plain_loop() -> None:
    """A larger fleet — many devices per group, as in a real network — drawn once."""
    rnd = random.Random(20261205)
    device_pool, advisory_pool = _pool(devices(), 150), _pool(advisories(), 150)
    fleet = [replace(rnd.choice(device_pool), key=f"d{i:04d}") for i in range(800)]
    drawn = [replace(rnd.choice(advisory_pool), key=f"a{i:03d}") for i in range(50)]
    expected = naive_match(fleet, drawn)
    assert len(expected) > 2000
    assert len({e.status for e in expected}) == 4
    assert match(fleet, drawn) == expected
    matcher = Matcher(drawn)
    matcher.set_devices(fleet)
    assert matcher.counts() == _counts(expected)


DEVICE_KEYS = [f"d{i}" for i in range(6)]
ADVISORY_KEYS = [f"a{i}" for i in range(4)]
# Two platforms, so that edits meet each other (a removed device had exposures).
TWO = ["cisco_ios", "juniper_junos"]
edits = st.lists(
    st.one_of(
        st.tuples(st.just("set_device"), devices(DEVICE_KEYS, TWO)),
        st.tuples(st.just("advisory"), advisories(ADVISORY_KEYS, TWO)),
        st.tuples(st.just("remove_device"), st.sampled_from(DEVICE_KEYS)),
        st.tuples(st.just("remove_advisory"), st.sampled_from(ADVISORY_KEYS)),
    ),
    max_size=16,
)


@FAST
@given(edits)
def test_incremental_equals_full_recompute(steps: list[tuple[str, Any]]) -> None:
    matcher = Matcher()
    fleet: dict[str, DeviceRecord] = {}
    known: dict[str, Advisory] = {}
    for action, value in steps:
        if action == "set_device":
            fleet[value.key] = value
            got = matcher.set_device(value)
            assert got == [
                e for e in match(fleet.values(), known.values()) if e.device == value.key
            ]
        elif action == "remove_device":
            fleet.pop(value, None)
            matcher.remove_device(value)
        elif action == "advisory":
            known[value.key] = value
            got = matcher.add_or_replace_advisory(value)
            full = match(fleet.values(), known.values())
            assert got == sorted(
                (e for e in full if e.advisory == value.key), key=lambda e: e.device
            )
        else:
            known.pop(value, None)
            matcher.remove_advisory(value)
        expected = match(fleet.values(), known.values())
        assert matcher.exposures() == expected
        assert matcher.counts() == _counts(expected)
