"""TextFSM parsing on real outputs, error answers, and the compile-once cache."""

from pathlib import Path

import pytest
import textfsm
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netcare.collection.parsing import commands, templates
from netcare.collection.parsing.templates import CommandError, TemplateNotFound, parse

DATA = Path(__file__).resolve().parents[2] / "data" / "outputs"


def read(rel: str) -> str:
    return (DATA / rel).read_text(encoding="utf-8")


def test_comware_version_own_template() -> None:
    (rec,) = parse("hp_comware", "dis ver", read("hp_comware/display_version_5900af_cw7.txt"))
    assert (rec["vendor"], rec["version"], rec["release"]) == ("HP", "7.1.045", "Release 2418P06")
    # "HP 5900AF-48XG-4QSFP+ Switch uptime is ...": the trailing "Switch" is not the model
    assert rec["model"] == "5900AF-48XG-4QSFP+"
    assert rec["uptime"] == "43 weeks, 6 days, 3 hours, 1 minute"
    assert rec["last_reboot_reason"] == "Cold reboot"
    assert rec["boot_image"] == "flash:/5900_5920-cmw710-boot-r2418p06.bin"
    assert rec["system_image"] == "flash:/5900_5920-cmw710-system-r2418p06.bin"
    assert rec["patch_images"] == ["flash:/5900_5920-cmw710-system-r2418p06h04.bin"]


@pytest.mark.parametrize(
    ("rel", "expected"),
    [
        (
            "hp_comware/display_version_s5120_cw5.txt",
            ("H3C", "5.20", "Feature 2218", "S5120-48P-EI"),
        ),
        # "HP A5120-48G-PoE+ EI Switch with 2 Interface Slots uptime is ..."
        (
            "hp_comware/display_version_a5120_cw5.txt",
            ("HP", "5.20.99", "Feature 2218", "A5120-48G-PoE+ EI"),
        ),
    ],
)
def test_comware5_version_own_template(rel: str, expected: tuple[str, ...]) -> None:
    (rec,) = parse("hp_comware", "dis ver", read(rel))
    assert (rec["vendor"], rec["version"], rec["release"], rec["model"]) == expected
    # Comware 5 prints neither a reboot reason nor image lines
    assert (rec["last_reboot_reason"], rec["boot_image"], rec["patch_images"]) == ("", "", [])


def test_comware_manuinfo_ntc_template() -> None:
    recs = parse(
        "hp_comware", "display device manuinfo", read("hp_comware/display_device_manuinfo.txt")
    )
    assert recs[0]["device_serial_number"] == "CN43GG2001"
    assert [r["device_name"] for r in recs][1:] == ["LSWM1HFANSC", "LSWM1HFANSC", "LSVM1AC650"]


def test_comware_interface_brief_and_errors() -> None:
    brief = parse("hp_comware", "dis int br", read("hp_comware/display_interface_brief.txt"))
    assert {"interface": "GE0/0/1", "link": "UP", "main_ip": "1.2.3.4"}.items() <= brief[1].items()
    assert len(brief) == 16
    detail = parse("hp_comware", "dis int", read("hp_comware/display_interface.txt"))
    assert detail[0]["line_status"] == "Administratively DOWN"
    assert detail[1]["description"] == "### WAN ###"
    assert (detail[1]["input_errors"], detail[1]["crc"], detail[1]["output_errors"]) == ("0",) * 3


def test_vrp_outputs() -> None:
    (ver,) = parse("huawei_vrp", "display version", read("huawei_vrp/display_version_ne40e.txt"))
    assert ver["vrp_version"] == "8.180"
    assert ver["product_version"] == "NE40E V800R011C00SPC200"
    brief = parse("huawei_vrp", "dis int br", read("huawei_vrp/display_interface_brief.txt"))
    trunk4 = next(r for r in brief if r["interface"] == "Eth-Trunk4")
    assert (trunk4["phy"], trunk4["protocol"], trunk4["inerrors"]) == ("up", "down", "4625")
    temps = parse("huawei_vrp", "dis temperature", read("huawei_vrp/display_temperature.txt"))
    assert [t["temperature"] for t in temps][:4] == ["38", "36", "28", "55"]
    (ntp,) = parse(
        "huawei_vrp", "dis ntp-service status", read("huawei_vrp/display_ntp_status.txt")
    )
    assert (ntp["clock_status"], ntp["clock_stratum"]) == ("synchronized", "4")


def test_cisco_ios_outputs() -> None:
    (ver,) = parse("cisco_ios", "sh ver", read("cisco_ios/show_version_c4948e.txt"))
    assert (ver["version"], ver["hardware"], ver["serial"]) == (
        "12.2(54)SG1",
        ["WS-C4948E"],
        ["CAT1451S15C"],
    )
    cpu = parse("cisco_ios", "sh proc cpu", read("cisco_ios/show_processes_cpu.txt"))
    assert cpu[0]["cpu_usage_5_sec"] == "0" and cpu[13]["process_name"] == "SSH Process"
    ints = parse("cisco_ios", "show interfaces", read("cisco_ios/show_interfaces.txt"))
    gi01 = next(r for r in ints if r["interface"] == "GigabitEthernet0/1")
    assert (gi01["input_errors"], gi01["crc"], gi01["output_errors"]) == ("0", "0", "0")
    assert gi01["input_packets"] == "83" and gi01["description"] == "to iosvl2-2"


def test_cisco_xe_is_parsed_by_ios_templates() -> None:
    (ver,) = parse("cisco_xe", "show version", read("cisco_xe/show_version_c9500.txt"))
    assert ver["hardware"] == ["C9500-48Y4C", "C9500-48Y4C"]
    ref = templates.template_for("cisco_xe", "show version")
    assert ref is not None and ref.source == "ntc" and ref.path.name.startswith("cisco_ios_")


@pytest.mark.parametrize(
    ("platform", "answer"),
    [
        ("cisco_ios", "                        ^\n% Invalid input detected at '^' marker.\n"),
        ("hp_comware", "                ^\n % Unrecognized command found at '^' position.\n"),
        ("hp_comware", "% Wrong parameter found at '^' position.\n"),
        ("hp_comware", "% Incomplete command found at '^' position.\n"),
        ("hp_comware", "% Too many parameters found at '^' position.\n"),
        ("huawei_vrp", "Error: Unrecognized command found at '^' position.\n"),
        ("huawei_vrp", "Error: Wrong parameter found at '^' position.\n"),
        ("cisco_ios", '% Ambiguous command:  "sh i"\n'),
        ("cisco_nxos", "% Invalid command at '^' marker.\n"),
        ("arista_eos", "% Incomplete command\n"),
        ("juniper_junos", "                  ^\nsyntax error, expecting <command>.\n"),
        ("juniper_junos", "error: syntax error: foo\n"),
    ],
)
def test_error_answers_are_not_parsed(platform: str, answer: str) -> None:
    assert templates.detect_error(answer) is not None
    with pytest.raises(CommandError) as info:
        parse(platform, "version", answer)
    assert info.value.message
    outcome = templates.parse_outcome(platform, "version", answer)
    assert outcome.records == [] and outcome.error


def test_log_lines_quoting_errors_are_not_error_answers() -> None:
    text = "\n".join(f"Mar  1 00:00:0{i}: %SYS-5-CONFIG_I: Configured" for i in range(8))
    assert templates.detect_error(text + "\n% Invalid input detected\n") is None


def test_unknown_command_raises_template_not_found() -> None:
    with pytest.raises(TemplateNotFound):
        parse("cisco_ios", "show running-config", "hostname r1\n")


def test_template_is_compiled_once_for_200_parses(monkeypatch: pytest.MonkeyPatch) -> None:
    templates._compiled.cache_clear()
    calls: list[object] = []
    real = templates.FastTextFSM

    def counting(*args: object, **kwargs: object) -> textfsm.TextFSM:
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(templates, "FastTextFSM", counting)
    text = read("hp_comware/display_interface_brief.txt")
    ref = templates.template_for("hp_comware", "display interface brief")
    assert ref is not None
    before = templates.compile_count(ref.path)
    results = [parse("hp_comware", "dis int br", text) for _ in range(200)]
    assert len(calls) == 1
    assert templates.compile_count(ref.path) == before + 1
    assert all(r == results[0] for r in results)


def test_every_command_set_parser_resolves_and_compiles() -> None:
    for platform in commands.PLATFORMS:
        for entry in commands.command_set(platform):
            ref = templates.template_for(platform, entry.command)
            if entry.parser == "none":
                assert ref is None
                continue
            assert ref is not None and ref.path.is_file(), (platform, entry.key)
            templates._compiled(ref.path)


def test_every_own_template_is_named_by_convention_and_compiles() -> None:
    own = sorted(templates.OWN_TEMPLATE_DIR.glob("*.textfsm"))
    assert own
    for path in own:
        assert path.stem.split("_")[0] in {"hp", "huawei", "cisco", "juniper", "arista"}
        with path.open(encoding="utf-8") as handle:
            fsm = textfsm.TextFSM(handle)
        assert all(h == h.upper() for h in fsm.header)


def _detect_error_whole(text: str) -> str | None:
    """detect_error as it was, splitting the whole text."""
    seen = 0
    for line in text.splitlines():
        if not line.strip():
            continue
        if templates._ERROR_LINE.match(line):
            return line.strip()
        seen += 1
        if seen >= templates._ERROR_HEAD_LINES:
            break
    return None


@settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    head_chars=st.integers(1, 60),
    parts=st.lists(
        st.sampled_from(
            [
                "\n",
                "\r\n",
                "\r",
                " ",
                "x",
                "data line",
                "% Invalid input detected",
                "Error: Wrong parameter",
                "unknown command.",
            ]
        ),
        max_size=30,
    ),
)
def test_detect_error_reads_only_the_head_with_the_same_answer(
    monkeypatch: pytest.MonkeyPatch, head_chars: int, parts: list[str]
) -> None:
    monkeypatch.setattr(templates, "_ERROR_HEAD_CHARS", head_chars)
    text = "".join(parts)
    assert templates.detect_error(text) == _detect_error_whole(text)
