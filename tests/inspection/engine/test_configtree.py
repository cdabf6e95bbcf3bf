"""The fast configuration loader builds exactly the tree hier_config builds."""

from __future__ import annotations

from pathlib import Path

import pytest
from hier_config import HConfig, get_hconfig
from hier_config.exceptions import DuplicateChildError

from netcare.inspection.engine.configtree import config_tree, driver_for, load, normalise
from netcare.inspection.engine.inputs import config_platform

DATA = Path(__file__).resolve().parents[2] / "data"
PLATFORMS = (
    "hp_comware",
    "huawei_vrp",
    "cisco_ios",
    "cisco_xe",
    "cisco_nxos",
    "juniper_junos",
    "arista_eos",
)


def _configs() -> list[tuple[str, Path]]:
    """Every configuration kept in tests/data, with the platform its folder names."""
    found: list[tuple[str, Path]] = []
    for path in sorted(DATA.rglob("*.txt")):
        name = path.name.lower()
        if not (
            "running" in name or "config" in name or "current" in name or "hardening" in path.parts
        ):
            continue
        platform = next((p for p in reversed(path.parts) if p in PLATFORMS), None)
        platform = platform or config_platform(path.read_text(encoding="utf-8", errors="replace"))
        if platform:
            found.append((platform, path))
    return found


def _shape(tree: HConfig) -> list[tuple[int, str, int]]:
    return [(c.depth(), c.text, c.real_indent_level) for c in tree.all_children()]


CONFIGS = _configs()


def test_there_are_configurations_for_every_platform() -> None:
    assert {p for p, _ in CONFIGS} == set(PLATFORMS)


@pytest.mark.parametrize(
    ("platform", "path"), CONFIGS, ids=[str(p.relative_to(DATA)) for _, p in CONFIGS]
)
def test_fast_load_equals_hier_config(platform: str, path: Path) -> None:
    text = normalise(platform, path.read_text(encoding="utf-8", errors="replace"))
    driver = driver_for(platform)
    try:
        reference = get_hconfig(driver, text)
    except (DuplicateChildError, ValueError) as exc:
        with pytest.raises(type(exc)):
            load(driver, text)
        assert config_tree(platform, text).children  # loaded leniently instead
        return
    assert _shape(load(driver, text)) == _shape(reference)


def test_an_indented_separator_inside_a_comware_section_keeps_the_section_open() -> None:
    """Comware prints `` #`` between the parts of a ``bgp`` section; only a ``#`` in
    column 0 ends the section, so the VPN instance stays under ``bgp 65003``."""
    path = DATA / "inspection" / "common" / "hp_comware" / "ntc123456-cw7" / "running_config.txt"
    tree = config_tree("hp_comware", path.read_text(encoding="utf-8"))
    bgp = tree.get_child(equals="bgp 65003")
    assert bgp is not None
    vpn = bgp.get_child(equals="ip vpn-instance vpn2")
    assert vpn is not None
    assert vpn.get_child(equals="peer 192.0.2.61 as-number 65006") is not None
    assert tree.get_child(equals="ip vpn-instance vpn2") is None
