"""FastTextFSM gives exactly textfsm's rows (or its error) on every sample we hold."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
import textfsm
from hypothesis import given, settings
from hypothesis import strategies as st

from netcare.collection.parsing import commands, templates
from netcare.collection.parsing.fsm import FastTextFSM
from netcare.collection.parsing.hygiene import clean_text

DATA = Path(__file__).resolve().parents[2] / "data"


def _samples() -> dict[str, str]:
    files = sorted(p for p in DATA.rglob("*") if p.suffix in (".txt", ".log") and p.is_file())
    return {str(p.relative_to(DATA)): clean_text(p.read_bytes()) for p in files}


SAMPLES = _samples()


def _template_paths() -> list[Path]:
    """Every template our command sets use, and every own template."""
    paths = {ref.path for ref in templates.known_templates(commands.PLATFORMS).values() if ref}
    paths |= set(templates.OWN_TEMPLATE_DIR.glob("*.textfsm"))
    return sorted(paths)


TEMPLATES = _template_paths()


@functools.cache
def _engines(path: Path) -> tuple[textfsm.TextFSM, FastTextFSM]:
    with path.open(encoding="utf-8") as a, path.open(encoding="utf-8") as b:
        return textfsm.TextFSM(a), FastTextFSM(b)


def _run(fsm: textfsm.TextFSM, text: str) -> tuple[str, object]:
    fsm.Reset()
    try:
        return "rows", fsm.ParseText(text)
    except textfsm.TextFSMError as exc:
        return "error", str(exc)


def _same(path: Path, text: str) -> None:
    stock, fast = _engines(path)
    assert _run(fast, text) == _run(stock, text)
    assert fast.header == stock.header


def test_templates_and_samples_are_there() -> None:
    assert len(TEMPLATES) > 40
    assert len(SAMPLES) > 40


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.name)
def test_identical_to_textfsm_on_every_sample(path: Path) -> None:
    # Every template on every sample: the right one gives records, the others stop at
    # their first unexpected line ("-> Error") or give no rows, and all of it must agree.
    for text in SAMPLES.values():
        _same(path, text)


def test_most_states_are_joined() -> None:
    joined = total = 0
    for path in TEMPLATES:
        _, fast = _engines(path)
        for plan in fast._plans.values():
            total += 1
            joined += plan.joinable and plan.joined(0) is not None
    assert joined > 0.9 * total


_LINES = sorted({line for text in SAMPLES.values() for line in text.splitlines()})


@settings(max_examples=300, deadline=None)
@given(
    index=st.integers(0, len(TEMPLATES) - 1),
    lines=st.lists(
        st.one_of(st.sampled_from(_LINES), st.text(max_size=40)), min_size=0, max_size=60
    ),
)
def test_identical_to_textfsm_on_generated_text(index: int, lines: list[str]) -> None:
    _same(TEMPLATES[index], "\n".join(line.replace("\n", " ") for line in lines))


def test_rule_by_rule_fallback_is_identical() -> None:
    """A state that cannot be joined is walked rule by rule; force it everywhere."""
    for path in TEMPLATES[:: max(1, len(TEMPLATES) // 15)]:
        stock, _ = _engines(path)
        with path.open(encoding="utf-8") as handle:
            walker = FastTextFSM(handle)
        for plan in walker._plans.values():
            plan.joinable = False
        for text in SAMPLES.values():
            assert _run(walker, text) == _run(stock, text)
