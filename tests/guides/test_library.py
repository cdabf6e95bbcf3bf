"""The check library is data with a schema: every file and field checked, at least 60
real checks, every platform family covered at every frequency it needs, ids unique,
features named as collection names them, and ``watches`` naming real inspection rules
of an overlapping platform. A bad file is refused naming the file, the check and the
field."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from netcare.collection.parsing.features import FEATURE_NAMES
from netcare.guides import selection
from netcare.guides.selection import CHECKS_DIR, LibraryError, read_library, validate_file
from netcare.inspection.engine.packs import load_ruleset


@pytest.fixture(scope="module")
def items() -> tuple[selection.CheckItem, ...]:
    rules = load_ruleset([])
    return read_library(CHECKS_DIR, features=FEATURE_NAMES, rules=set(rules.by_id))


def test_every_file_is_valid_with_real_features_and_rules() -> None:
    rules = set(load_ruleset([]).by_id)
    files = sorted(CHECKS_DIR.glob("*.yaml"))
    assert {f.stem for f in files} == {"common", "comware", "vrp", "ios", "nxos", "junos", "eos"}
    for path in files:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert validate_file(data, path.name, features=FEATURE_NAMES, rules=rules) == []


def test_at_least_sixty_checks_with_unique_ids(items: tuple[selection.CheckItem, ...]) -> None:
    assert len(items) >= 60
    ids = Counter(i.id for i in items)
    assert [i for i, n in ids.items() if n > 1] == []
    assert selection.library() == read_library(CHECKS_DIR, features=FEATURE_NAMES)


def test_every_platform_family_is_covered(items: tuple[selection.CheckItem, ...]) -> None:
    for platform in selection.PLATFORMS:
        mine = [i for i in items if platform in i.platforms]
        assert len(mine) >= 8, platform
        assert {i.frequency for i in mine} == set(selection.FREQUENCIES), platform
        # hardware health is checked daily on every family
        daily_tags = {t for i in mine if i.frequency == "daily" for t in i.tags}
        assert {"power", "fan"} <= daily_tags, platform


def test_every_field_is_filled_in_both_languages(items: tuple[selection.CheckItem, ...]) -> None:
    for item in items:
        for text in (item.title, item.normal, item.action, item.risk):
            assert text.zh.strip() and text.en.strip(), item.id
            assert text.zh != text.en or item.title is text, item.id
        assert item.command and "\n" not in item.command, item.id
        assert item.tags, item.id
        assert item.feature is None or item.feature in FEATURE_NAMES, item.id


def test_commands_are_in_the_platforms_own_syntax(items: tuple[selection.CheckItem, ...]) -> None:
    display = {"hp_comware", "huawei_vrp"}
    for item in items:
        verb = item.command.split()[0]
        if set(item.platforms) <= display:
            assert verb in {"display", "compare"}, item.id
        else:
            assert verb == "show", item.id


def test_watches_name_rules_of_an_overlapping_platform(
    items: tuple[selection.CheckItem, ...],
) -> None:
    rules = load_ruleset([])
    watched = [(i, rules.rule(w)) for i in items for w in i.watches]
    assert len(watched) >= 40
    for item, rule in watched:
        assert set(item.platforms) & rule.applies.platforms, (item.id, rule.id)


def test_features_match_the_checks_that_need_them(items: tuple[selection.CheckItem, ...]) -> None:
    by_id = {i.id: i for i in items}
    assert by_id["comware.bgp_peer"].feature == "bgp"
    assert by_id["comware.irf"].feature == "stacking"
    assert by_id["junos.chassis_alarms"].feature is None
    for item in items:
        if "bgp" in item.tags:
            assert item.feature == "bgp", item.id


def _write(directory: Path, name: str, data: object) -> None:
    (directory / name).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


GOOD = {
    "id": "lab.cpu",
    "title": {"zh": "CPU", "en": "CPU"},
    "platforms": ["hp_comware"],
    "feature": None,
    "frequency": "daily",
    "command": "display cpu-usage",
    "normal": {"zh": "低于 60%", "en": "below 60 %"},
    "action": {"zh": "联系专家", "en": "call the expert"},
    "risk": {"zh": "只读", "en": "read-only"},
    "tags": ["cpu"],
    "watches": ["common.cpu_high"],
}


def test_a_bad_file_names_file_check_and_field(tmp_path: Path) -> None:
    bad = dict(
        GOOD,
        id="lab.bad",
        platforms=["cisco_catos"],
        feature="teleportation",
        frequency="hourly",
        normal={"zh": "只有中文"},
        watches=["common.no_such_rule"],
        colour="red",
    )
    missing = {k: v for k, v in GOOD.items() if k != "command"} | {"id": "lab.nocmd"}
    _write(tmp_path, "lab.yaml", {"library": "lab", "items": [GOOD, bad, missing, GOOD]})
    with pytest.raises(LibraryError) as refused:
        read_library(tmp_path, features=FEATURE_NAMES, rules=set(load_ruleset([]).by_id))
    problems = refused.value.problems
    expected = [
        "lab.yaml: lab.bad: platforms: unknown platform 'cisco_catos'",
        "lab.yaml: lab.bad: feature: unknown feature 'teleportation'",
        "lab.yaml: lab.bad: frequency: must be one of daily, weekly, monthly",
        "lab.yaml: lab.bad: normal: must be a mapping with exactly zh and en",
        "lab.yaml: lab.bad: watches: no inspection rule 'common.no_such_rule'",
        "lab.yaml: lab.bad: colour: unknown field",
        "lab.yaml: lab.nocmd: command: missing",
        "lab.yaml: lab.cpu: id: duplicate id",
    ]
    for line in expected:
        assert any(p.startswith(line) for p in problems), (line, problems)


def test_ids_are_unique_across_files_and_carry_the_library_name(tmp_path: Path) -> None:
    _write(tmp_path, "lab.yaml", {"library": "lab", "items": [GOOD]})
    _write(tmp_path, "other.yaml", {"library": "other", "items": [GOOD]})
    with pytest.raises(LibraryError) as refused:
        read_library(tmp_path)
    assert refused.value.problems == (
        "other.yaml: lab.cpu: id: must start with the library name 'other'",
    )


def test_a_file_that_is_not_yaml_is_named(tmp_path: Path) -> None:
    (tmp_path / "lab.yaml").write_text("items: [unclosed", encoding="utf-8")
    with pytest.raises(LibraryError, match=r"^lab.yaml: not valid YAML"):
        read_library(tmp_path)
