"""The readers raise nothing but AdvisoryFormatError, whatever JSON or text they get."""

from __future__ import annotations

import contextlib
import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netcare.lifecycle.advisories import AdvisoryFormatError, load_product_map, read_file

DATA = Path(__file__).resolve().parents[2] / "data" / "lifecycle" / "advisories"
SEEDS = [
    json.loads((DATA / name).read_text(encoding="utf-8"))
    for name in (
        "CVE-2023-36844.json",
        "CVE-2018-0171.json",
        "CVE-2024-27890.json",
        "bsi-2022-0001.csaf.json",
        "cisco-sa-20180328-smi2.csaf.json",
    )
]
PRODUCTS = load_product_map()
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 10**6),
    st.floats(allow_nan=True),
    st.text(max_size=12),
    st.sampled_from(["n/a", "*", "0", "21.1*", "<= 8.1", "a, b", "2024-13-45", "vers:x/>1|<"]),
)
JSON = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside a JSON document."""
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += paths(item, (*prefix, index))
    return found


def replaced(document: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    copy = json.loads(json.dumps(document))
    target = copy
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return copy


def read_text(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.json"
        path.write_text(text, encoding="utf-8")
        with contextlib.suppress(AdvisoryFormatError):
            read_file(path, PRODUCTS)


@FUZZ
@given(st.data())
def test_mutated_real_documents(data: st.DataObject) -> None:
    seed = data.draw(st.sampled_from(SEEDS))
    where = data.draw(st.sampled_from(paths(seed)))
    read_text(json.dumps(replaced(seed, where, data.draw(JSON))))


@FUZZ
@given(JSON)
def test_random_json(value: Any) -> None:
    read_text(json.dumps(value))
    read_text(json.dumps({"document": {"csaf_version": "2.0"}, "product_tree": value}))
    read_text(
        json.dumps(
            {
                "dataType": "CVE_RECORD",
                "cveMetadata": {"cveId": "CVE-2024-0001"},
                "containers": {"cna": {"affected": value}},
            }
        )
    )


@FUZZ
@given(st.text(max_size=200))
def test_random_text(text: str) -> None:
    read_text(text)
