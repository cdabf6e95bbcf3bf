"""Parsing throughput: our cached engine against ntc-templates' parse_output per call.

Two measures, both on real outputs from tests/data (see their ORIGIN.md notes):

1. One large real-shaped ``display interface brief`` (2,000 interfaces) parsed N times.
2. A corpus of 10,000 devices built from tests/data/outputs/<platform>/: each device is
   one of ten real-shaped devices (a version output plus the platform's other outputs:
   interfaces, inventory, cpu, ntp, temperature, configuration), cycled, with its own
   hostname, counters, serials and MACs, so no two devices print the same text and no
   cache keyed on content could help. "netcare" is parse + normalise into facts
   (``build_facts``) per device; "naive" is ntc-templates' ``parse_output`` once per
   output, with no normalising. The naive path rebuilds its index per call, so it is
   timed on the first ``--naive-devices`` devices (every real shape equally) and
   reported per device.

Run: .venv/bin/python -m bench.parse [--devices 10000] [--naive-devices 500]
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

from ntc_templates.parse import parse_output

from netcare.collection.parsing import commands, templates
from netcare.collection.parsing.facts import build_facts
from netcare.collection.parsing.hygiene import clean_text

ROOT = Path(__file__).resolve().parent.parent / "tests/data"
SAMPLE = ROOT / "outputs/hp_comware/display_interface_brief.txt"
OUT = ROOT / "outputs"

#: Real devices of the test data, per platform: a version output plus what else
#: tests/data/outputs holds for that platform (interfaces, inventory, cpu, …).
DEVICES: list[tuple[str, dict[str, str]]] = [
    (
        "hp_comware",
        {
            "display version": "hp_comware/display_version_5900af_cw7.txt",
            "display interface brief": "hp_comware/display_interface_brief.txt",
            "display interface": "hp_comware/display_interface.txt",
            "display device manuinfo": "hp_comware/display_device_manuinfo.txt",
        },
    ),
    (
        "hp_comware",
        {
            "display version": "hp_comware/display_version_a5120_cw5.txt",
            "display interface brief": "hp_comware/display_interface_brief.txt",
        },
    ),
    ("hp_comware", {"display version": "hp_comware/display_version_s5120_cw5.txt"}),
    (
        "huawei_vrp",
        {
            "display version": "huawei_vrp/display_version_ar6280.txt",
            "display interface": "huawei_vrp/display_interface_ar.txt",
            "display ntp status": "huawei_vrp/display_ntp_status.txt",
        },
    ),
    (
        "huawei_vrp",
        {
            "display version": "huawei_vrp/display_version_ne40e.txt",
            "display interface brief": "huawei_vrp/display_interface_brief.txt",
            "display device": "huawei_vrp/display_device_ce12808s.txt",
            "display temperature": "huawei_vrp/display_temperature.txt",
        },
    ),
    (
        "cisco_ios",
        {
            "show version": "cisco_ios/show_version_c4948e.txt",
            "show interfaces": "cisco_ios/show_interfaces.txt",
            "show inventory": "cisco_ios/show_inventory.txt",
            "show processes cpu": "cisco_ios/show_processes_cpu.txt",
            "show running-config": "cisco_ios/show_running-config_as2border2.txt",
        },
    ),
    (
        "cisco_xe",
        {
            "show version": "cisco_xe/show_version_c9500.txt",
            "show inventory": "cisco_xe/show_inventory_c8000v.txt",
        },
    ),
    ("cisco_nxos", {"show version": "cisco_nxos/show_version.txt"}),
    ("juniper_junos", {"show version": "juniper_junos/show_version.txt"}),
    ("arista_eos", {"show version": "arista_eos/show_version.txt"}),
]


def build_output(count: int) -> str:
    """Header of the real output, then ``count`` bridge-mode rows shaped like its rows."""
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    head = lines[
        : lines.index("Interface            Link Speed     Duplex Type PVID Description") + 1
    ]
    rows = []
    for i in range(count):
        slot, port = divmod(i, 48)
        state = "UP   1G(a)     F(a)" if i % 3 else "DOWN auto      A    "
        rows.append(f"GE{slot + 1}/0/{port + 1:<14} {state}   A    1")
    return "\n".join(head + rows) + "\n"


def timed(func: object, repeat: int) -> tuple[float, int]:
    start = time.perf_counter()
    n = 0
    for _ in range(repeat):
        n = len(func())  # type: ignore[operator]
    return time.perf_counter() - start, n


# Numbers on lines that are identity or counters (uptime, errors, packets, MACs, serial
# digits, temperatures…) vary per device; version and build lines do not, so every copy
# still names a real release. A number glued to letters (``I2C``, ``5Sec``, ``GE0``) is
# left alone, and every number keeps its width, so column layouts and templates hold.
_FIXED_LINE = re.compile(
    r"version|software|release|copyright|compiled|image|build|bootstrap|rom:|license|kernel",
    re.I,
)
_NUMBER = re.compile(r"(?<![A-Za-z0-9])\d+(?![A-Za-z0-9])")
_HOSTNAME = re.compile(r"^(Hostname:\s*|hostname\s+|sysname\s+|\S+(?= uptime is ))(\S*)", re.M)


def vary(text: str, index: int) -> str:
    """The output as device ``index`` of the corpus prints it: its own hostname, and its
    own counters — the output's varying digits read as one number, plus ``index`` times
    a prime, so two devices never print the same text — with layout and release kept."""
    lines = text.split("\n")
    varying = [not _FIXED_LINE.search(line) for line in lines]
    digits = "".join(
        m.group(0)
        for line, v in zip(lines, varying, strict=True)
        if v
        for m in _NUMBER.finditer(line)
    )
    if digits:
        shifted = str((int(digits) + index * 7919) % 10 ** len(digits)).zfill(len(digits))
        feed = iter(shifted)

        def number(m: re.Match[str]) -> str:
            return "".join(next(feed) for _ in m.group(0))

        lines = [
            _NUMBER.sub(number, line) if v else line for line, v in zip(lines, varying, strict=True)
        ]
    varied = "\n".join(lines)
    return _HOSTNAME.sub(lambda m: f"{m.group(1)}{m.group(2) or 'dev'}-{index:05d}", varied)


def corpus(count: int) -> list[tuple[str, dict[str, str]]]:
    """``count`` devices cycled over the real ones, each with its own hostname and
    counters: (platform, {command: raw text}). No two devices print the same text."""
    loaded = [
        (platform, {cmd: (OUT / path).read_text(encoding="utf-8") for cmd, path in files.items()})
        for platform, files in DEVICES
    ]
    devices = []
    for i in range(count):
        platform, outputs = loaded[i % len(loaded)]
        devices.append((platform, {cmd: vary(text, i) for cmd, text in outputs.items()}))
    return devices


def check_corpus(devices: list[tuple[str, dict[str, str]]]) -> tuple[int, int]:
    """Variation keeps every output parseable like the original (same record count) on
    the first two rounds of devices. Returns (distinct output texts, outputs)."""
    for i, (platform, outputs) in enumerate(devices[: 2 * len(DEVICES)]):
        for cmd, text in outputs.items():
            original = (OUT / DEVICES[i % len(DEVICES)][1][cmd]).read_text(encoding="utf-8")
            try:
                want = len(templates.parse(platform, cmd, original))
            except templates.TemplateNotFound:
                continue
            assert len(templates.parse(platform, cmd, text)) == want, (platform, cmd, i)
    texts = [text for _, outputs in devices for text in outputs.values()]
    return len(set(texts)), len(texts)


def ours(devices: list[tuple[str, dict[str, str]]]) -> int:
    named = 0
    for platform, outputs in devices:
        keyed = {commands.key_for(platform, cmd) or cmd: text for cmd, text in outputs.items()}
        facts = build_facts(platform, keyed)
        named += bool(facts["model"] and facts["os_version"])
    return named


def naive(devices: list[tuple[str, dict[str, str]]]) -> int:
    parsed = 0
    for platform, outputs in devices:
        for command, text in outputs.items():
            ntc_platform = "cisco_ios" if platform == "cisco_xe" else platform
            try:
                parse_output(platform=ntc_platform, command=command, data=clean_text(text))
                parsed += 1
            except Exception:  # no ntc template for this command (Comware version)
                pass
    return parsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--interfaces", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--devices", type=int, default=10_000)
    parser.add_argument("--naive-devices", type=int, default=500)
    args = parser.parse_args()
    text = build_output(args.interfaces)
    lines = text.count("\n")
    cmd = "display interface brief"

    templates.parse("hp_comware", cmd, text)  # warm: compile once, like a long-lived worker
    ours_t, n_ours = timed(lambda: templates.parse("hp_comware", cmd, text), args.repeat)
    ntc_t, n_ntc = timed(lambda: parse_output("hp_comware", cmd, text), args.repeat)
    assert n_ours == n_ntc, (n_ours, n_ntc)
    print(f"large output: {args.interfaces} interfaces, {lines} lines, {n_ours} records")
    print(f"  netcare templates.parse : {lines * args.repeat / ours_t:12,.0f} lines/s")
    print(f"  ntc parse_output        : {lines * args.repeat / ntc_t:12,.0f} lines/s")
    print(f"  ratio                   : {ntc_t / ours_t:12.2f}x")

    devices = corpus(args.devices)
    distinct, outputs = check_corpus(devices)
    ours(devices[:20])  # warm the template cache, as a running worker has it
    start = time.perf_counter()
    named = ours(devices)
    ours_s = time.perf_counter() - start
    sample = devices[: args.naive_devices]
    start = time.perf_counter()
    naive(sample)
    naive_s = time.perf_counter() - start
    ours_rate = len(devices) / ours_s
    naive_rate = len(sample) / naive_s
    print(f"corpus: {len(devices):,} devices, {outputs:,} outputs, from {len(DEVICES)} real ones")
    print(f"  distinct output texts   : {distinct:12,} of {outputs:,}")
    print(f"  netcare parse+normalise : {ours_rate:12,.0f} devices/s ({ours_s:.1f} s)")
    print(f"  naive ntc parse_output  : {naive_rate:12,.0f} devices/s (on {len(sample)} devices)")
    print(f"  ratio                   : {ours_rate / naive_rate:12.2f}x  (goal >= 5x)")
    print(f"  model and version named : {named:,} of {len(devices):,} devices")


if __name__ == "__main__":
    main()
