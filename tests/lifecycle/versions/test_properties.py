"""Properties every scheme must have, on versions drawn from tests/.../strategies.py.

For each scheme: the parser orders versions as the strategies' own statement of the rule
(an oracle that never calls the parser); the order is total, antisymmetric and
transitive; ``normalised`` reads back to an equal version; ``sort_text`` orders as the
key orders and keeps to ``0-9a-z``; ``compare`` agrees with the operators.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.lifecycle.versions.strategies import STRATEGIES, Drawn

from netcare.lifecycle.versions import SCHEMES, Version, VersionError, compare, parse

SORT_ALPHABET = re.compile(r"[0-9a-z]*")
PROPERTY = settings(max_examples=300, deadline=None)


def sign(a: Any, b: Any) -> int:
    return (a > b) - (a < b)


def test_every_scheme_has_a_strategy() -> None:
    assert set(STRATEGIES) == set(SCHEMES)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_orders_as_the_rule_says(scheme: str) -> None:
    @PROPERTY
    @given(STRATEGIES[scheme], STRATEGIES[scheme])
    def check(a: Drawn, b: Drawn) -> None:
        (text_a, rule_a), (text_b, rule_b) = a, b
        assert compare(scheme, text_a, text_b) == sign(rule_a, rule_b), (text_a, text_b)

    check()


@pytest.mark.parametrize("scheme", SCHEMES)
def test_normalised_reads_back_to_the_same_version(scheme: str) -> None:
    @PROPERTY
    @given(STRATEGIES[scheme])
    def check(drawn: Drawn) -> None:
        version = parse(scheme, drawn[0])
        again = parse(scheme, version.normalised)
        assert again == version
        assert again.normalised == version.normalised
        assert (again.sort_text, again.train) == (version.sort_text, version.train)
        assert version.raw == drawn[0].strip()
        assert version.train and len(version.train) <= 60

    check()


@pytest.mark.parametrize("scheme", SCHEMES)
def test_sort_text_orders_as_the_key(scheme: str) -> None:
    @PROPERTY
    @given(STRATEGIES[scheme], STRATEGIES[scheme])
    def check(a: Drawn, b: Drawn) -> None:
        va, vb = parse(scheme, a[0]), parse(scheme, b[0])
        assert SORT_ALPHABET.fullmatch(va.sort_text), va.sort_text
        assert 0 < len(va.sort_text) <= 400
        assert sign(va.sort_text, vb.sort_text) == sign(va.key, vb.key), (a[0], b[0])

    check()


@pytest.mark.parametrize("scheme", SCHEMES)
def test_order_is_total_antisymmetric_and_transitive(scheme: str) -> None:
    @PROPERTY
    @given(st.lists(STRATEGIES[scheme], min_size=3, max_size=3))
    def check(drawn: list[Drawn]) -> None:
        a, b, c = (parse(scheme, text) for text, _ in drawn)
        assert a <= b or b <= a
        if a <= b and b <= a:
            assert a == b and hash(a) == hash(b)
            assert (a.sort_text, a.train) == (b.sort_text, b.train)
        if a <= b and b <= c:
            assert a <= c
        assert compare(scheme, a.raw, b.raw) == -compare(scheme, b.raw, a.raw)
        assert compare(scheme, a.raw, a.raw) == 0
        assert (a < b) == (compare(scheme, a.raw, b.raw) < 0)

    check()


def test_versions_of_two_schemes_do_not_compare() -> None:
    ios, xe = parse("ios", "15.2(4)E10"), parse("iosxe", "17.9.4a")
    with pytest.raises(TypeError):
        _ = ios < xe
    assert ios != xe
    assert isinstance(ios, Version)


VERSIONISH = st.text(alphabet="0123456789.()-+ ,:RSEMFXDPHCVBIabcdfkswxzEVOrelas", max_size=30)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_any_text_reads_or_is_refused_with_a_reason(scheme: str) -> None:
    @PROPERTY
    @given(st.one_of(st.text(max_size=40), VERSIONISH))
    def check(text: str) -> None:
        try:
            version = parse(scheme, text)
        except VersionError as refused:
            assert refused.reason and refused.scheme == scheme
            return
        assert parse(scheme, version.normalised) == version
        assert SORT_ALPHABET.fullmatch(version.sort_text)

    check()
