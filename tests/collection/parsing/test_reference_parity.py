"""Where NetCare parses a command ntc-templates also parses — with ntc's template or with
one of its own — every real output gives each ntc record with every ntc field and the
same value (own templates add fields, and parts ntc has no row for, after ntc's).
A template that stops on a line keeps the output and names the line."""

from __future__ import annotations

from pathlib import Path

import pytest
import textfsm
from ntc_templates.parse import parse_output

from netcare.collection.parsing import commands, templates
from netcare.collection.parsing.facts import build_facts
from netcare.collection.parsing.hygiene import clean_text

OUTPUTS = Path(__file__).resolve().parents[2] / "data" / "outputs"


def _command_of(platform: str, stem: str) -> tuple[str, str] | None:
    """(command-set command, the spelling the file is named after: command or alias)."""
    named = [
        (entry.command, spelling)
        for entry in commands.command_set(platform)
        for spelling in (entry.command, *entry.aliases)
        if (stem + "_").startswith(spelling.replace(" ", "_") + "_")
    ]
    return max(named, key=lambda pair: len(pair[1])) if named else None


def _cases() -> list[tuple[str, str, str, Path]]:
    cases = []
    for platform in commands.PLATFORMS:
        for path in sorted((OUTPUTS / platform).rglob("*.txt")):
            found = _command_of(platform, path.stem)
            if found is None:
                continue
            command, spelling = found
            ref = templates.template_for(platform, command)
            if ref is None:
                continue
            if (
                spelling != command
                or ref.source == "ntc"
                or templates.reference_for(platform, command)
            ):
                cases.append((platform, command, spelling, path))
    return cases


CASES = _cases()
OWN_WITH_REFERENCE = [c for c in CASES if templates.reference_for(c[0], c[1]) is not None]


def test_many_real_outputs_are_compared() -> None:
    assert len(CASES) >= 60
    assert len(OWN_WITH_REFERENCE) >= 4


@pytest.mark.parametrize(
    ("platform", "command", "spelling", "path"), CASES, ids=lambda v: str(v)[-45:]
)
def test_every_ntc_field_with_ntc_value(
    platform: str, command: str, spelling: str, path: Path
) -> None:
    text = clean_text(path.read_bytes())
    ntc_platform = "cisco_ios" if platform == "cisco_xe" else platform
    ours = templates.parse(platform, command, text)
    try:
        theirs = parse_output(platform=ntc_platform, command=spelling, data=text)
    except textfsm.TextFSMError:
        # ntc stops on this output (the empty PSU bay below): ours must still read it
        assert ours
        return
    assert len(ours) >= len(theirs)
    for mine, rec in zip(ours, theirs, strict=False):
        assert {name: mine.get(name) for name in rec} == rec
    for extra in ours[len(theirs) :]:
        assert theirs and not any(extra.get(name) for name in theirs[0])
    assert ours, "a real output must yield records"


def test_comware_display_interface_carries_ntc_fields_and_ours() -> None:
    text = clean_text((OUTPUTS / "hp_comware" / "display_interface.txt").read_bytes())
    records = templates.parse("hp_comware", "display interface", text)
    ntc = parse_output(platform="hp_comware", command="display interface", data=text)
    assert set(ntc[0]) < set(records[0])  # every ntc field, plus ours
    assert {"speed", "duplex", "bandwidth", "hw_address", "vlan_permitted"} <= set(records[0])
    assert {"crc", "runts", "giants", "collisions"} <= set(records[0])  # ours


def test_show_power_status_filed_under_the_power_key_keeps_its_psus() -> None:
    # A Catalyst 4500 answers "show power status" (an accepted spelling of the power
    # key) with a PoE "Inline Status" column; the key's own template ("show environment
    # power all") stops on its first line. The spelling's template reads it.
    path = OUTPUTS / "cisco_ios" / "show_power_status_4500_err-disable.txt"
    text = path.read_text(encoding="utf-8")
    outcome = templates.parse_outcome("cisco_ios", "power", text)
    assert outcome.fallback == "alias" and outcome.template is not None
    assert outcome.template.path.name == "cisco_ios_show_power_status.textfsm"
    facts = build_facts("cisco_ios", {"power": text})
    assert facts["errors"] == {}
    by_name = {p["name"]: p["status"] for p in facts["psus"]}
    assert (by_name["PS1"], by_name["PS2"], by_name["PS2-1"]) == ("good", "err-disable", "off")


def test_an_empty_psu_bay_parses_where_ntc_stops() -> None:
    # Comware prints an empty PSU bay as "DEVICE_NAME          :"; with the trailing
    # blanks gone ntc's template stops there (State Error); ours reads the bay.
    text = clean_text(
        (OUTPUTS / "hp_comware" / "display_device_manuinfo_null_power.txt").read_bytes()
    )
    with pytest.raises(Exception, match="State Error"):
        parse_output(platform="hp_comware", command="display device manuinfo", data=text)
    outcome = templates.parse_outcome("hp_comware", "display device manuinfo", text)
    assert outcome.template_error is None
    assert [(r["slot_type"], r["slot_id"]) for r in outcome.records] == [
        ("Slot", "1"),
        ("Fan", "1"),
        ("Fan", "2"),
        ("Power", "1"),
        ("Power", "2"),
    ]
    facts = build_facts("hp_comware", {"inventory": text})
    assert facts["serial"] == "CN12AB12AB" and facts["errors"] == {}


def test_a_template_error_keeps_the_lines_read_and_names_the_line() -> None:
    # A real "display interface brief" with one line the template does not know
    # (e.g. a banner a script printed mid-capture): ntc's template ends "^. -> Error".
    real = clean_text((OUTPUTS / "hp_comware" / "display_interface_brief.txt").read_bytes())
    lines = real.splitlines()
    at = len(lines) // 2
    broken = "\n".join([*lines[:at], "%% unexpected banner line", *lines[at:]])
    whole = templates.parse("hp_comware", "display interface brief", real)
    outcome = templates.parse_outcome("hp_comware", "display interface brief", broken)
    assert outcome.error is None and outcome.fallback == "lines_read"
    assert outcome.template_error is not None
    assert outcome.template_error.startswith(f"template error at line {at + 1}: ")
    assert "unexpected banner line" in outcome.template_error
    assert outcome.records == whole  # every other line still read
    version = (OUTPUTS / "hp_comware" / "display_version_5900af_cw7.txt").read_text()
    facts = build_facts("hp_comware", {"interfaces": broken, "version": version})
    assert facts["errors"]["interfaces"] == outcome.template_error
    assert len(facts["interfaces"]) == len(whole) and facts["model"] == "5900AF-48XG-4QSFP+"


def test_own_template_error_falls_back_to_ntc(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An own template that knows fewer lines than the real output holds stops on the
    # first; the command then gives ntc's records and names the line.
    strict = tmp_path / "strict.textfsm"
    strict.write_text(
        "Value INTERFACE (\\S+)\n\nStart\n  ^${INTERFACE}$$ -> Record\n  ^. -> Error\n",
        encoding="utf-8",
    )
    command = "display interface"
    real_ref = templates.reference_for("hp_comware", command)
    assert real_ref is not None
    monkeypatch.setattr(
        templates, "template_for", lambda p, c: templates.TemplateRef("own", strict)
    )
    monkeypatch.setattr(templates, "reference_for", lambda p, c: real_ref)
    text = clean_text((OUTPUTS / "hp_comware" / "display_interface.txt").read_bytes())
    outcome = templates.parse_outcome("hp_comware", command, text)
    assert outcome.fallback == "reference"
    assert outcome.template_error is not None
    assert outcome.template_error.startswith("template error at line 2: ")
    assert outcome.records == parse_output(platform="hp_comware", command=command, data=text)


def test_a_real_output_ntc_stops_on_keeps_its_facts() -> None:
    # NX-OS OTV overlay: ntc-templates 9.3.0 raises a State Error at its RX byte line.
    path = OUTPUTS / "cisco_nxos" / "reference_stops" / "show_interface_otv_overlay.txt"
    text = clean_text(path.read_bytes())
    with pytest.raises(textfsm.TextFSMError):
        parse_output(platform="cisco_nxos", command="show interface", data=text)
    facts = build_facts("cisco_nxos", {"interface_errors": text})
    assert facts["errors"]["interface_errors"].startswith("template error at line 9: ")
    (overlay,) = facts["interfaces"]
    assert (overlay["name"], overlay["state"], overlay["mtu"]) == ("Overlay1", "up", 1400)
    assert overlay["description"] == "overlay-interface"
