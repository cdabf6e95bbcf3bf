"""Parsing throughput: our cached engine against ntc-templates' parse_output per call.

Builds a real-shaped ``display interface brief`` of 2,000 interfaces from the ntc-templates
Comware fixture rows in tests/data, parses it N times with ``templates.parse`` and with
``ntc_templates.parse.parse_output`` (which rebuilds its index and template every call),
and prints lines/s for both and the ratio, all measured in this run.

Run: .venv/bin/python -m bench.parse [--interfaces 2000] [--repeat 20]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from ntc_templates.parse import parse_output

from netcare.collection.parsing import templates

SAMPLE = (
    Path(__file__).resolve().parent.parent
    / "tests/data/outputs/hp_comware/display_interface_brief.txt"
)


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--interfaces", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--small-repeat", type=int, default=300)
    args = parser.parse_args()
    text = build_output(args.interfaces)
    lines = text.count("\n")
    cmd = "display interface brief"

    templates.parse("hp_comware", cmd, text)  # warm: compile once, like a long-lived worker
    ours, n_ours = timed(lambda: templates.parse("hp_comware", cmd, text), args.repeat)
    ntc, n_ntc = timed(lambda: parse_output("hp_comware", cmd, text), args.repeat)
    assert n_ours == n_ntc, (n_ours, n_ntc)
    print(f"large output: {args.interfaces} interfaces, {lines} lines, {n_ours} records")
    print(f"  netcare templates.parse : {lines * args.repeat / ours:12,.0f} lines/s")
    print(f"  ntc parse_output        : {lines * args.repeat / ntc:12,.0f} lines/s")
    print(f"  ratio                   : {ntc / ours:12.2f}x")

    small = SAMPLE.read_text(encoding="utf-8")
    rep = args.small_repeat
    ours_s, _ = timed(lambda: templates.parse("hp_comware", cmd, small), rep)
    ntc_s, _ = timed(lambda: parse_output("hp_comware", cmd, small), rep)
    print(f"small output (one real device, {small.count(chr(10))} lines) x{rep}")
    print(f"  netcare templates.parse : {rep / ours_s:12,.0f} outputs/s")
    print(f"  ntc parse_output        : {rep / ntc_s:12,.0f} outputs/s")
    print(f"  ratio                   : {ntc_s / ours_s:12.2f}x")


if __name__ == "__main__":
    main()
