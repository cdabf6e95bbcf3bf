"""Command sets as data and typed-command → key mapping."""

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from netcare.collection.parsing import commands
from netcare.collection.parsing.commands import KEYS, PLATFORMS, command_set, key_for


@pytest.mark.parametrize("platform", PLATFORMS)
def test_command_data_files_pass_the_schema(platform: str) -> None:
    data = yaml.safe_load((commands.DATA_DIR / f"{platform}.yaml").read_text(encoding="utf-8"))
    assert commands.validate_command_data(platform, data) == []
    assert {e.key for e in command_set(platform)} <= set(KEYS)


def test_schema_rejects_bad_entries() -> None:
    bad = {"platform": "cisco_ios", "commands": [{"key": "bogus", "command": "", "parser": "x"}]}
    errors = commands.validate_command_data("cisco_ios", bad)
    assert any("bogus" in e for e in errors)
    assert any("parser" in e for e in errors)
    assert any("version" in e for e in errors)


@pytest.mark.parametrize(
    ("platform", "typed", "key"),
    [
        ("hp_comware", "dis ver", "version"),
        ("hp_comware", "disp cur", "running_config"),
        ("hp_comware", "display current-configuration", "running_config"),
        ("hp_comware", "dis int br", "interfaces"),
        ("hp_comware", "di   int  brief", "interfaces"),
        ("hp_comware", "dis int", "interface_errors"),
        ("hp_comware", "dis irf", "stack"),
        ("huawei_vrp", "dis cur", "running_config"),
        ("huawei_vrp", "display current-configuration | no-more", "running_config"),
        ("huawei_vrp", "dis ntp-service status", "ntp"),
        ("huawei_vrp", "DIS VERSION", "version"),
        ("cisco_ios", "sh run", "running_config"),
        ("cisco_ios", "show running-config", "running_config"),
        ("cisco_ios", "sh ver", "version"),
        ("cisco_ios", "sh int", "interface_errors"),
        ("cisco_xe", "sh proc cpu sorted", "cpu"),
        ("cisco_nxos", "sh int br", "interfaces"),
        ("juniper_junos", "show configuration | display set", "running_config"),
        ("arista_eos", "sh env cool", "fans"),
        ("cisco_ios", "version", "version"),
    ],
)
def test_typed_commands_map_to_keys(platform: str, typed: str, key: str) -> None:
    assert key_for(platform, typed) == key


@pytest.mark.parametrize(
    ("platform", "typed"),
    [
        ("cisco_ios", "show running-config | include snmp"),
        ("hp_comware", "display current-configuration | include ntp"),
        ("hp_comware", "dis"),
        ("cisco_ios", "reload"),
        ("nonexistent", "show version"),
        ("cisco_ios", ""),
    ],
)
def test_filtered_unknown_or_ambiguous_commands_have_no_key(platform: str, typed: str) -> None:
    assert key_for(platform, typed) is None


_ENTRIES = [(p, e) for p in PLATFORMS for e in command_set(p)]


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(_ENTRIES), st.data())
def test_any_abbreviation_maps_to_its_key_or_nothing(
    item: tuple[str, commands.CommandEntry], data: st.DataObject
) -> None:
    platform, entry = item
    words = entry.command.split()
    typed = [w[: data.draw(st.integers(min_value=1, max_value=len(w)))] for w in words]
    upper = data.draw(st.booleans())
    text = " ".join(typed).upper() if upper else " ".join(typed)
    assert key_for(platform, text) in (entry.key, None)
    assert key_for(platform, entry.command) == entry.key
