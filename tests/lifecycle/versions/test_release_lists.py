"""Real release lists (tests/data/lifecycle/releases/, origin in its README.md): every
line reads, and sorting a shuffled copy gives back the file's release order."""

from __future__ import annotations

import itertools
import random
from pathlib import Path

import pytest

from netcare.lifecycle.versions import SCHEMES, parse

RELEASES = Path(__file__).resolve().parents[2] / "data" / "lifecycle" / "releases"
LISTS = sorted(RELEASES.glob("*.txt"))


def lines_of(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_every_vendor_scheme_has_a_real_list() -> None:
    assert {path.stem for path in LISTS} == set(SCHEMES) - {"generic"}


@pytest.mark.parametrize("path", LISTS, ids=lambda path: path.stem)
def test_the_list_reads_in_release_order(path: Path) -> None:
    scheme = path.stem
    lines = lines_of(path)
    assert len(lines) >= 25
    versions = [parse(scheme, line) for line in lines]
    for older, newer in itertools.pairwise(versions):
        assert older < newer, (older.raw, newer.raw)
        assert older.sort_text < newer.sort_text, (older.raw, newer.raw)
    for seed in range(5):
        shuffled = lines[:]
        random.Random(seed).shuffle(shuffled)
        assert sorted(shuffled, key=lambda line: parse(scheme, line)) == lines
        assert sorted(shuffled, key=lambda line: parse(scheme, line).sort_text) == lines
