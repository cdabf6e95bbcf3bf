"""Real outputs parse the same as the reference parser (ntc-templates' own
``parse_output``) wherever the command set uses an ntc-templates template, and the
facts name model and software version for every platform's version output."""

from __future__ import annotations

from pathlib import Path

import pytest
from ntc_templates.parse import parse_output

from netcare.collection.parsing import commands, templates
from netcare.collection.parsing.facts import build_facts
from netcare.collection.parsing.hygiene import clean_text

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "collection" / "samples"
OUTPUTS = Path(__file__).resolve().parents[1] / "data" / "outputs"

#: (platform, command, file) — real outputs from public sources (see their ORIGIN.md)
REAL = [
    ("cisco_ios", "show version", SAMPLES / "show_version_c4948e.txt"),
    ("cisco_ios", "show inventory", SAMPLES / "show_inventory.txt"),
    ("cisco_xe", "show version", SAMPLES / "show_version_c9500.txt"),
    ("cisco_nxos", "show version", SAMPLES / "nxos_show_version.txt"),
    ("juniper_junos", "show version", SAMPLES / "junos_show_version.txt"),
    ("arista_eos", "show version", SAMPLES / "eos_show_version.txt"),
    ("huawei_vrp", "display version", SAMPLES / "display_version_ar6280.txt"),
    ("hp_comware", "display interface brief", SAMPLES / "display_interface_brief.txt"),
    ("hp_comware", "display device manuinfo", SAMPLES / "display_device_manuinfo.txt"),
]


def _command_of(platform: str, stem: str) -> str | None:
    """The platform's longest command whose file name (``show_interface``) starts ``stem``."""
    named = [
        entry.command
        for entry in commands.command_set(platform)
        if (stem + "_").startswith(entry.command.replace(" ", "_") + "_")
    ]
    return max(named, key=len) if named else None


REAL += [
    (platform, entry.command, path)
    for platform in commands.PLATFORMS
    for entry in commands.command_set(platform)
    for path in sorted((OUTPUTS / platform).glob(f"{entry.command.replace(' ', '_')}*.txt"))
    if _command_of(platform, path.stem) == entry.command
]


def _ntc_platform(platform: str) -> str:
    return "cisco_ios" if platform == "cisco_xe" else platform


@pytest.mark.parametrize(("platform", "command", "path"), REAL, ids=lambda v: str(v)[-40:])
def test_same_records_as_the_reference_parser(platform: str, command: str, path: Path) -> None:
    ref = templates.template_for(platform, command)
    if ref is None or ref.source != "ntc":
        pytest.skip("own template: ntc-templates has no (usable) reference for it")
    text = clean_text(path.read_bytes())
    ours = templates.parse(platform, command, text)
    theirs = parse_output(platform=_ntc_platform(platform), command=command, data=text)
    assert ours == theirs
    assert ours, "a real output must yield records"


VERSIONS = {
    "show_version_c4948e.txt": ("cisco_ios", "WS-C4948E", "12.2(54)SG1"),
    "show_version_c9500.txt": ("cisco_xe", "C9500-48Y4C", "16.12.04"),
    "nxos_show_version.txt": ("cisco_nxos", "C9396PX", "6.1(2)I3(1)"),
    "junos_show_version.txt": ("juniper_junos", "mx240", "13.3R1.4"),
    "eos_show_version.txt": ("arista_eos", "vEOS", "4.14.7M"),
    "display_version_ar6280.txt": ("huawei_vrp", "AR6280", "V300R019C10SPC300"),
    "display_version_5900af_cw7.txt": (
        "hp_comware",
        "5900AF-48XG-4QSFP+",
        "7.1.045, Release 2418P06",
    ),
}


@pytest.mark.parametrize("name", sorted(VERSIONS))
def test_facts_name_model_and_version(name: str) -> None:
    platform, model, version = VERSIONS[name]
    facts = build_facts(platform, {"version": (SAMPLES / name).read_text(encoding="utf-8")})
    assert (facts["model"], facts["os_version"]) == (model, version)
