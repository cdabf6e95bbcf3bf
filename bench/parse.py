"""Parsing throughput: our cached engine against ntc-templates' parse_output per call.

Two measures, both on real outputs from tests/data (see their ORIGIN.md notes):

1. One large real-shaped ``display interface brief`` (2,000 interfaces) parsed N times.
2. A corpus of 10,000 devices: each device is one of the real devices in the test data
   (its version output plus whatever else was captured from it: interfaces,
   inventory, …), cycled. "netcare" is parse + normalise into facts
   (``build_facts``) per device; "naive" is ntc-templates' ``parse_output`` once per
   output, with no normalising. The naive path rebuilds its index per call, so it is
   timed on the first ``--naive-devices`` devices and reported per device.

Run: .venv/bin/python -m bench.parse [--devices 10000] [--naive-devices 300]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from ntc_templates.parse import parse_output

from netcare.collection.parsing import commands, templates
from netcare.collection.parsing.facts import build_facts
from netcare.collection.parsing.hygiene import clean_text

ROOT = Path(__file__).resolve().parent.parent / "tests/data"
SAMPLE = ROOT / "outputs/hp_comware/display_interface_brief.txt"
S = ROOT / "collection/samples"

#: Real devices in the test data: platform and {command: file}.
DEVICES: list[tuple[str, dict[str, Path]]] = [
    (
        "hp_comware",
        {
            "display version": S / "display_version_5900af_cw7.txt",
            "display interface brief": S / "display_interface_brief.txt",
            "display device manuinfo": S / "display_device_manuinfo.txt",
        },
    ),
    ("huawei_vrp", {"display version": S / "display_version_ar6280.txt"}),
    (
        "huawei_vrp",
        {
            "display version": ROOT / "outputs/huawei_vrp/display_version_ne40e.txt",
            "display interface brief": ROOT / "outputs/huawei_vrp/display_interface_brief.txt",
        },
    ),
    (
        "cisco_ios",
        {
            "show version": S / "show_version_c4948e.txt",
            "show inventory": S / "show_inventory.txt",
        },
    ),
    ("cisco_xe", {"show version": S / "show_version_c9500.txt"}),
    ("cisco_nxos", {"show version": S / "nxos_show_version.txt"}),
    ("juniper_junos", {"show version": S / "junos_show_version.txt"}),
    ("arista_eos", {"show version": S / "eos_show_version.txt"}),
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


def corpus(count: int) -> list[tuple[str, dict[str, str]]]:
    """``count`` devices cycled over the real ones: (platform, {command: raw text})."""
    loaded = [
        (platform, {cmd: path.read_text(encoding="utf-8") for cmd, path in files.items()})
        for platform, files in DEVICES
    ]
    return [loaded[i % len(loaded)] for i in range(count)]


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
    parser.add_argument("--naive-devices", type=int, default=300)
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
    outputs = sum(len(o) for _, o in devices)
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
    print(f"  netcare parse+normalise : {ours_rate:12,.0f} devices/s ({ours_s:.1f} s)")
    print(f"  naive ntc parse_output  : {naive_rate:12,.0f} devices/s (on {len(sample)} devices)")
    print(f"  ratio                   : {ours_rate / naive_rate:12.2f}x  (goal >= 5x)")
    print(f"  model and version named : {named:,} of {len(devices):,} devices")


if __name__ == "__main__":
    main()
