"""Platform, OS generation, hostname and session splitting on real outputs."""

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netcare.collection.parsing import recognise as recognise_mod
from netcare.collection.parsing.recognise import hostname_from_prompt, recognise, split_session
from netcare.collection.parsing.templates import detect_error

DATA = Path(__file__).resolve().parents[2] / "data" / "outputs"


@pytest.mark.parametrize(
    ("rel", "platform", "family", "major"),
    [
        ("hp_comware/display_version_5900af_cw7.txt", "hp_comware", "comware", 7),
        ("hp_comware/display_version_s5120_cw5.txt", "hp_comware", "comware", 5),
        ("hp_comware/display_version_a5120_cw5.txt", "hp_comware", "comware", 5),
        ("huawei_vrp/display_version_ne40e.txt", "huawei_vrp", "vrp", 8),
        ("huawei_vrp/display_version_ar6280.txt", "huawei_vrp", "vrp", 5),
        ("cisco_ios/show_version_c4948e.txt", "cisco_ios", "ios", None),
        ("cisco_xe/show_version_c9500.txt", "cisco_xe", "iosxe", None),
    ],
)
def test_platform_and_generation_from_version(
    rel: str, platform: str, family: str, major: int | None
) -> None:
    found = recognise((DATA / rel).read_bytes())
    assert (found.platform, found.os_family, found.os_major) == (platform, family, major)


@pytest.mark.parametrize(
    ("prompt", "host"),
    [
        ("<H3C>", "H3C"),
        ("<SW-Core>display version", "SW-Core"),
        ("[~HUAWEI]", "HUAWEI"),
        ("[*HUAWEI-GigabitEthernet0/0/1]", "HUAWEI"),
        ("[H3C-vlan10]", "H3C"),
        ("Router#", "Router"),
        ("switch>", "switch"),
        ("sw1(config-if)#", "sw1"),
        ("user@host>", "host"),
        ("{master:0}user@mx1>", "mx1"),
        ("Interface  Status", None),
    ],
)
def test_hostname_from_prompts(prompt: str, host: str | None) -> None:
    assert hostname_from_prompt(prompt) == host


def test_split_comware_gbk_session() -> None:
    raw = (DATA / "hp_comware" / "session_sw-core_gbk_crlf.log").read_bytes()
    chunks = split_session(raw)
    assert [(c.command, c.key) for c in chunks] == [
        ("screen-length disable", None),
        ("dis ver", "version"),
        ("dis int br", "interfaces"),
        ("display clok", None),
        ("quit", None),
    ]
    assert {c.hostname for c in chunks} == {"SW-Core"}
    assert chunks[1].output.startswith("HP Comware Software, Version 7.1.045, Release 2418P06\n")
    assert chunks[1].output.rstrip().endswith("[SubSlot 0] 48SFP Plus+4QSFP Plus")
    assert "核心上联" in chunks[2].output
    # the mistyped command's answer is the caret line and the error, nothing else
    assert (
        chunks[3].output == "                 ^\n % Unrecognized command found at '^' position.\n"
    )
    assert detect_error(chunks[3].output) == "% Unrecognized command found at '^' position."
    found = recognise(raw)
    assert (found.platform, found.os_major, found.hostname) == ("hp_comware", 7, "SW-Core")


def test_split_vrp8_session_with_view_change() -> None:
    chunks = split_session((DATA / "huawei_vrp" / "session_pe1_paged.log").read_bytes())
    keys = [(c.prompt, c.key) for c in chunks]
    assert ("[~PE1]", "ntp") in keys and ("<PE1>", "version") in keys
    ver = next(c for c in chunks if c.key == "version")
    assert "BootLoad    Version : 06.14" in ver.output and "More" not in ver.output
    assert recognise((DATA / "huawei_vrp" / "session_pe1_paged.log").read_bytes()).hostname == "PE1"


def test_split_ios_session() -> None:
    chunks = split_session((DATA / "cisco_ios" / "session_router1_more.log").read_bytes())
    ver = next(c for c in chunks if c.key == "version")
    assert ver.command == "sh ver" and ver.hostname == "router1"
    assert ver.output.rstrip().endswith("Configuration register is 0x2102")


_BANNER_BITS = [
    "Cisco IOS XE Software",
    "cisco ios-xe software",
    "IOS-XE ROMMON",
    "(X86_64_LINUX_IOSD",
    "Cisco Nexus Operating System",
    "nx-os",
    "NXOS",
    "xNXOSx",
    "Cisco IOS Software",
    "Cisco Internetwork Operating System",
    "  JUNOS 12",
    "Junos: 21",
    "JUNOS Software Release",
    "Arista DCS",
    "arista dcs",
    "Software image version: 4",
    "HUAWEI Versatile Routing Platform",
    "VRP (R) software",
    "Comware Software, Version 7",
    "comware platform software",
    "Cisco IOſ Software",
    "\u212a",
    "\n",
    " ",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_BANNER_BITS), st.text(max_size=12)), max_size=8))
def test_banner_probe_never_changes_the_answer(parts: list[str]) -> None:
    body = "".join(parts)
    expected = next((name for name, rx in recognise_mod._BANNERS if rx.search(body)), None)
    assert recognise_mod._banner_platform(body) == expected
