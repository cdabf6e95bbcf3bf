"""Inspection throughput: parse + inspect N devices with every rule pack (default 10,000).

Devices are synthesised by cycling the real samples — every case folder under
tests/data/inspection/ and one composed device per platform from tests/data/outputs/ —
each with its own hostname written into its configuration. The engine path is what
``netcare inspect`` and the app run: facts from the fast TextFSM engine, then every rule
over one shared context (one configuration tree, one log read, compiled expressions).

In the same run a naive path is measured on a sample: ntc-templates' ``parse_output``
per output (the reference TextFSM), then each rule as its own pass over the raw text
(a config rule parses the configuration itself, a log rule reads the log itself, a
facts rule rebuilds the facts it reads). Goals: 10,000 devices < 60 s on 2 cores and
the engine >= 5x the naive path.

Run: .venv/bin/python -m bench.inspect [--devices 10000] [--workers 2] [--naive 100]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import re
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests/data/inspection"
OUTPUTS = ROOT / "tests/data/outputs"

Sample = tuple[str, dict[str, str]]  # (platform, outputs by command key)

_HOSTNAME = re.compile(
    r"^(\s*)(hostname|sysname|switchname|set system host-name)(\s+)\S+", re.MULTILINE
)


def _case_samples() -> list[Sample]:
    from netcare.inspection.engine.inputs import read_device

    samples: list[Sample] = []
    for folder in sorted(p for p in CASES.rglob("*") if p.is_dir()):
        if not any(f.is_file() and f.suffix == ".txt" for f in folder.iterdir()):
            continue
        if any(f.is_dir() for f in folder.iterdir()):
            continue
        try:
            data = read_device(folder)
        except ValueError:
            continue
        samples.append((str(data.facts["platform"]), dict(data.outputs)))
    return samples


def _composed_samples() -> list[Sample]:
    """One device per platform: the first sample in tests/data/outputs for each key."""
    from netcare.collection.parsing import commands

    samples: list[Sample] = []
    for platform in commands.PLATFORMS:
        outputs: dict[str, str] = {}
        for path in sorted((OUTPUTS / platform).glob("*.txt")):
            words = path.stem.split("_")
            for n in range(len(words), 0, -1):
                key = commands.key_for(platform, " ".join(words[:n]))
                if key:
                    outputs.setdefault(key, path.read_text(encoding="utf-8", errors="replace"))
                    break
        if outputs:
            samples.append((platform, outputs))
    return samples


def samples() -> list[Sample]:
    return _case_samples() + _composed_samples()


def synthesise(pool: list[Sample], index: int) -> tuple[str, str, dict[str, str]]:
    """Device ``index``: a sample with its own hostname."""
    platform, outputs = pool[index % len(pool)]
    name = f"bench-{index:06d}"
    if "running_config" in outputs:
        outputs = dict(outputs)
        outputs["running_config"] = _HOSTNAME.sub(
            lambda m: f"{m.group(1)}{m.group(2)}{m.group(3)}{name}", outputs["running_config"], 1
        )
    return name, platform, outputs


# --- engine path (in worker processes) ----------------------------------------------------

_STATE: dict[str, Any] = {}


def _init(pool: list[Sample]) -> None:
    from netcare.inspection.engine.packs import load_ruleset

    _STATE["pool"] = pool
    _STATE["rules"] = load_ruleset()


def _engine_chunk(bounds: tuple[int, int]) -> tuple[int, float, float, int]:
    from netcare.inspection.engine.evaluate import inspect_device
    from netcare.inspection.engine.inputs import device_data

    pool, rules = _STATE["pool"], _STATE["rules"]
    parse = evaluate = 0.0
    findings = 0
    for index in range(*bounds):
        name, platform, outputs = synthesise(pool, index)
        t0 = time.perf_counter()
        data = device_data(name, platform, outputs)
        t1 = time.perf_counter()
        result = inspect_device(rules, data)
        t2 = time.perf_counter()
        parse += t1 - t0
        evaluate += t2 - t1
        findings += len(result.findings)
    return bounds[1] - bounds[0], parse, evaluate, findings


# --- naive path --------------------------------------------------------------------------


def _naive_device(
    name: str, platform: str, outputs: dict[str, str], singles: list[Any]
) -> tuple[float, float]:
    from ntc_templates.parse import parse_output

    from netcare.collection.parsing import commands
    from netcare.inspection.engine.evaluate import inspect_device
    from netcare.inspection.engine.inputs import device_data

    by_key = {e.key: e.command for e in commands.command_set(platform)}
    t0 = time.perf_counter()
    for key, text in outputs.items():
        if key == "running_config":
            continue
        try:
            parse_output(platform=platform, command=by_key.get(key, key), data=text)
        except Exception:
            continue
    t1 = time.perf_counter()
    config = {k: v for k, v in outputs.items() if k == "running_config"}
    logs = {k: v for k, v in outputs.items() if k == "logs"}
    others = {k: v for k, v in outputs.items() if k != "running_config"}
    for single in singles:
        kind = single.rules[0].check.kind
        own = config if kind == "config" else logs if kind == "log" else others
        if kind == "python":
            own = outputs
        inspect_device(single, device_data(name, platform, own))
    t2 = time.perf_counter()
    return t1 - t0, t2 - t1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devices", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--naive", type=int, default=100, help="naive-path sample size")
    args = parser.parse_args()

    from netcare.inspection.engine.packs import RuleSet, load_ruleset

    pool = samples()
    rules = load_ruleset()
    print(
        f"{len(pool)} real samples, {len(rules)} rules in {len(rules.packs)} packs "
        f"({', '.join(f'{k} {v}' for k, v in sorted(rules.packs.items()))}); "
        f"{args.devices} devices on {args.workers} workers"
    )

    chunk = 250
    bounds = [(i, min(i + chunk, args.devices)) for i in range(0, args.devices, chunk)]
    start = time.perf_counter()
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(args.workers, initializer=_init, initargs=(pool,)) as workers:
        parts = workers.map(_engine_chunk, bounds)
    wall = time.perf_counter() - start
    done = sum(p[0] for p in parts)
    parse = sum(p[1] for p in parts)
    evaluate = sum(p[2] for p in parts)
    findings = sum(p[3] for p in parts)
    cpu = parse + evaluate
    engine_per_device = cpu / done
    print(
        f"engine: {done} devices in {wall:.1f} s wall = {done / wall:,.0f} devices/s "
        f"({findings} findings); CPU {cpu:.1f} s: parsing {parse / cpu:.0%}, "
        f"rules {evaluate / cpu:.0%}; {engine_per_device * 1000:.2f} ms/device"
    )

    singles = [RuleSet(rules=(r,), packs=rules.packs, by_id={r.id: r}) for r in rules.rules]
    n = min(args.naive, args.devices)
    naive_parse = naive_rules = 0.0
    for index in range(n):
        name, platform, outputs = synthesise(pool, index)
        p, r = _naive_device(name, platform, outputs, singles)
        naive_parse += p
        naive_rules += r
    naive_per_device = (naive_parse + naive_rules) / n
    print(
        f"naive: {n} devices, {naive_per_device * 1000:.2f} ms/device "
        f"(ntc-templates parse {naive_parse / n * 1000:.2f} ms, rules one pass each "
        f"{naive_rules / n * 1000:.2f} ms) = {1 / naive_per_device:,.0f} devices/s per core"
    )
    print(f"ratio: engine is {naive_per_device / engine_per_device:.1f}x the naive path per device")
    goal = "met" if done >= 10_000 and wall < 60 else "not met" if done >= 10_000 else "n/a"
    print(
        f"goal 10,000 devices < 60 s: {goal}; goal >= 5x naive: "
        f"{'met' if naive_per_device / engine_per_device >= 5 else 'not met'}"
    )


if __name__ == "__main__":
    main()
