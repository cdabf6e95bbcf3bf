"""Hierarchical Junos configurations read as ``display set`` lines, on tricky inputs and
on real configurations (batfish test configs, see ORIGIN.md)."""

from pathlib import Path

from netcare.collection.parsing.facts import build_facts
from netcare.collection.parsing.features import detect_features
from netcare.collection.parsing.junos_config import is_set_form, set_form

DATA = Path(__file__).resolve().parents[2] / "data" / "outputs" / "juniper_junos"


def _lines(text: str) -> list[str]:
    return set_form(text).splitlines()


def test_leaves_blocks_and_headers() -> None:
    text = (
        "## Last changed: 2020-03-05 16:04:34 UTC\n"
        "version 19.4R1.10;\n"
        "system {\n"
        "    host-name r1;\n"
        "    services {\n"
        "        ssh {\n"
        "            root-login deny;\n"
        "        }\n"
        "        netconf { }\n"
        "    }\n"
        "}\n"
        "\n"
        "{master:0}\n"
    )
    assert _lines(text) == [
        "set version 19.4R1.10",
        "set system host-name r1",
        "set system services ssh root-login deny",
        "set system services netconf",
    ]


def test_lists_give_one_line_per_item_at_any_depth() -> None:
    text = (
        "system {\n"
        "    authentication-order [ radius password ];\n"
        "}\n"
        "policy-options {\n"
        "    policy-statement EXPORT {\n"
        "        term 1 {\n"
        "            from protocol [ static direct ];\n"
        "            then accept;\n"
        "        }\n"
        "    }\n"
        "}\n"
    )
    assert _lines(text) == [
        "set system authentication-order radius",
        "set system authentication-order password",
        "set policy-options policy-statement EXPORT term 1 from protocol static",
        "set policy-options policy-statement EXPORT term 1 from protocol direct",
        "set policy-options policy-statement EXPORT term 1 then accept",
    ]


def test_quoted_strings_keep_spaces_braces_and_semicolons() -> None:
    text = (
        "interfaces {\n"
        "    ge-0/0/0 {\n"
        '        description "uplink { core } ; rack 4";\n'
        "    }\n"
        "}\n"
        "system {\n"
        "    root-authentication {\n"
        '        encrypted-password "$6$ab.c$Xy"; ## SECRET-DATA\n'
        "    }\n"
        "}\n"
    )
    assert _lines(text) == [
        'set interfaces ge-0/0/0 description "uplink { core } ; rack 4"',
        'set system root-authentication encrypted-password "$6$ab.c$Xy"',
    ]


def test_inactive_statements_add_a_deactivate_line_and_are_not_features() -> None:
    text = (
        "system {\n"
        "    services {\n"
        "        ssh;\n"
        "        inactive: telnet;\n"
        "    }\n"
        "}\n"
        "protocols {\n"
        "    inactive: bgp {\n"
        "        group EXT {\n"
        "            neighbor 192.0.2.1 peer-as 65001;\n"
        "        }\n"
        "    }\n"
        "}\n"
    )
    assert _lines(text) == [
        "set system services ssh",
        "set system services telnet",
        "deactivate system services telnet",
        "set protocols bgp group EXT neighbor 192.0.2.1 peer-as 65001",
        "deactivate protocols bgp",
    ]
    found = detect_features("juniper_junos", text)
    assert "ssh_server" in found
    assert "telnet_server" not in found and "bgp" not in found


def test_comments_and_annotations_are_dropped() -> None:
    text = (
        "# RANCID-CONTENT-TYPE: juniper\n"
        "/* annotation that spans\n"
        "   two lines { with braces } */\n"
        "system {\n"
        "    /* ntp from the DC */\n"
        "    ntp {\n"
        "        server 192.0.2.10; # primary\n"
        "    }\n"
        "}\n"
    )
    assert _lines(text) == ["set system ntp server 192.0.2.10"]


def test_set_form_passes_through_unchanged() -> None:
    text = (DATA / "show_configuration_juniper_system.txt").read_text(encoding="utf-8")
    assert is_set_form(text)
    assert set_form(text) == text


def test_real_hierarchical_config_converts_line_by_line() -> None:
    text = (DATA / "show_configuration_nested-config-structure-def.txt").read_text()
    assert not is_set_form(text)
    assert _lines(text) == [
        "set system host-name nested-config-structure-def",
        "set firewall filter FILTER1 term TERM from source-address 1.2.3.6",
        "set firewall filter FILTER1 term TERM then accept",
        "set firewall filter FILTER2 term TERM then accept",
    ]


def test_a_quote_inside_a_word_is_literal() -> None:
    text = (DATA / "show_configuration_nested-config-with-quote-bug.txt").read_text()
    assert _lines(text) == [
        "set system host-name nested-config-with-quote-bug",
        'set system license keys key foo bar"',
        "set routing-instances VRF_NAME routing-options autonomous-system 1",
    ]


# Features each real configuration uses, read off the file: the firewall filters of
# nested-config-structure-def; the legacy DHCP server pool of juniper_system; nothing
# the rules know in nested-config-with-quote-bug (a licence key and a VRF AS number).
REAL_FEATURES = {
    "show_configuration_nested-config-structure-def.txt": ["acl"],
    "show_configuration_juniper_system.txt": ["dhcp_server"],
    "show_configuration_nested-config-with-quote-bug.txt": [],
}


def test_real_configs_give_exactly_the_features_they_use() -> None:
    for name, expected in REAL_FEATURES.items():
        text = (DATA / name).read_text(encoding="utf-8")
        assert detect_features("juniper_junos", text) == expected, name


def test_hierarchical_and_set_forms_agree_on_features_and_hostname() -> None:
    hierarchical = (DATA / "show_configuration_nested-config-structure-def.txt").read_text()
    flat = set_form(hierarchical)
    by_form = [build_facts("juniper_junos", {"running_config": t}) for t in (hierarchical, flat)]
    assert [f["features"] for f in by_form] == [["acl"], ["acl"]]
    assert [f["hostname"] for f in by_form] == ["nested-config-structure-def"] * 2
    # the set form of the batfish unit-test config names its host the same way
    system = build_facts(
        "juniper_junos",
        {"running_config": (DATA / "show_configuration_juniper_system.txt").read_text()},
    )
    assert system["hostname"] == "juniper_system"
