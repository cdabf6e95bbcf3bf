"""Package matching throughput: a library of D documents against a customer's N devices
(default 1,000 × 2,000), synthesised deterministically (``--seed``) over the seven
platforms, with version ranges written the vendor's way and one device version in fifty
unreadable. A customer's package is proposed in one call; goal < 2 s for the default.

Run: .venv/bin/python -m bench.knowledge [--documents 1000] [--devices 2000] [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import time

from netcare.knowledge.matching import DeviceFacts, DocumentFacts, match_documents

RELEASES = {
    "hp_comware": [
        f"7.1.070, Release {n}P{p:02d}" for n in (6728, 7585, 7595) for p in range(1, 30)
    ],
    "huawei_vrp": [f"V200R0{r}C10SPC{s}00" for r in (19, 20, 21, 22) for s in range(1, 9)],
    "cisco_ios": [f"15.2({m})E{e}" for m in range(2, 8) for e in range(1, 10)],
    "cisco_xe": [f"17.{m}.{p}" for m in range(3, 13) for p in range(1, 6)],
    "cisco_nxos": [f"9.3({p})" for p in range(1, 14)] + [f"10.2({p})" for p in range(1, 8)],
    "juniper_junos": [
        f"{y}.{q}R{r}" for y in (20, 21, 22) for q in (1, 2, 3, 4) for r in (1, 2, 3)
    ],
    "arista_eos": [f"4.{m}.{p}M" for m in range(25, 32) for p in range(0, 6)],
}
SERIES = {
    "hp_comware": ("S125", "S6850", "S5560", "MSR"),
    "huawei_vrp": ("CE68", "CE128", "S57", "AR6"),
    "cisco_ios": ("WS-C2960X", "WS-C3850"),
    "cisco_xe": ("C9300", "ISR4"),
    "cisco_nxos": ("N9K-C93", "N9K-C9336"),
    "juniper_junos": ("EX", "MX", "SRX"),
    "arista_eos": ("DCS-7050", "DCS-7280"),
}
SCENARIOS = ("campus", "data_centre", "wan", "security", "wireless", "cloud")


def synthesise(
    documents: int, devices: int, seed: int
) -> tuple[list[DocumentFacts], list[DeviceFacts]]:
    rng = random.Random(seed)
    platforms = sorted(RELEASES)
    fleet = []
    for n in range(devices):
        platform = rng.choice(platforms)
        version = rng.choice(RELEASES[platform]) if rng.random() > 0.02 else "unknown-build"
        fleet.append(
            DeviceFacts(f"dev-{n}", platform, rng.choice(SERIES[platform]) + "-X", version)
        )
    library = []
    for n in range(documents):
        platform = rng.choice([*platforms, ""])
        low = high = ""
        if platform and rng.random() < 0.6:
            a, b = sorted(rng.sample(range(len(RELEASES[platform])), 2))
            low, high = RELEASES[platform][a], RELEASES[platform][b]
        library.append(
            DocumentFacts(
                f"doc-{n}",
                platform=platform,
                series=rng.choice(SERIES[platform]) + "*"
                if platform and rng.random() < 0.5
                else "",
                version_from=low,
                version_to=high,
                scenarios=tuple(rng.sample(SCENARIOS, rng.randint(0 if platform else 1, 2))),
            )
        )
    return library, fleet


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--devices", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    library, fleet = synthesise(args.documents, args.devices, args.seed)
    started = time.perf_counter()
    found = match_documents(library, fleet, ("data_centre", "campus", "wan"))
    took = time.perf_counter() - started
    print(f"{len(library)} documents x {len(fleet)} devices: {len(found)} proposed in {took:.2f} s")


if __name__ == "__main__":
    main()
