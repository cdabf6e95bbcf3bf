"""Platform, OS generation, hostname and session splitting on real outputs."""

from pathlib import Path

import pytest

from netcare.collection.parsing.recognise import hostname_from_prompt, recognise, split_session

DATA = Path(__file__).resolve().parents[2] / "data" / "outputs"


@pytest.mark.parametrize(
    ("rel", "platform", "family", "major"),
    [
        ("hp_comware/display_version_s6520.txt", "hp_comware", "comware", 7),
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


def test_comware5_banner() -> None:
    banner = (
        "H3C Comware Platform Software\nComware Software, Version 5.20, Release 2511, Standard\n"
    )
    assert recognise(banner).os_major == 5


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
    chunks = split_session((DATA / "hp_comware" / "session_sw-core_gbk_crlf.log").read_bytes())
    assert [(c.command, c.key) for c in chunks] == [
        ("screen-length disable", None),
        ("dis ver", "version"),
        ("display irf", "stack"),
        ("dis int br", "interfaces"),
        ("dis clock", "clock"),
        ("quit", None),
    ]
    assert {c.hostname for c in chunks} == {"SW-Core"}
    assert chunks[1].output.startswith("H3C Comware Software, Version 7.1.070, Release 6308\n")
    assert "核心上联" in chunks[3].output


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
