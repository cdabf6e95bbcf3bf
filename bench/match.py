"""Matcher throughput: N devices × M advisories (default 100,000 × 20,000).

The fleet and the advisories are synthesised with a realistic spread, deterministically
(``--seed``): the seven platforms, a few hundred distinct releases per platform written
the vendor's way (``15.2(4)E10``, ``17.9.4a``, ``21.4R3-S5.4``, ``V200R019C10SPC500`` …),
popular releases far more common than rare ones, a dozen models and a dozen feature sets
per platform, one device in ten with no configuration collected (features unknown).
Advisories are 60 % vulnerabilities, 30 % bugs, 10 % bulletins, with 1–4 products (other
model families or a sibling platform), 1–4 ranges each (release lines with their fix,
exact releases, last-affected bounds, now and then an unaffected range or a bound no
scheme reads), a feature condition on one in five.

Full match = every device × advisory pair decided: the advisories compiled, the devices
grouped, and every pair counted by status and reason (``Matcher.counts``). Exposure
objects are made on demand (per device, per advisory); their cost per object is measured
too. In the same run the plain loop (``reference.naive_exposure`` per device × advisory)
runs on a sample of devices, bounded in count and time, and is extrapolated to the
fleet. Goals: full match < 5 s and >= 100x the plain loop.

Run: .venv/bin/python -m bench.match [--devices 100000] [--advisories 20000]
     [--naive-devices 20] [--naive-seconds 30] [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import resource
import time
from collections import Counter
from typing import Any

PLATFORMS = (
    "cisco_ios",
    "cisco_xe",
    "cisco_nxos",
    "juniper_junos",
    "huawei_vrp",
    "arista_eos",
    "hp_comware",
)
#: Share of the fleet per platform.
FLEET_SHARE = (0.22, 0.20, 0.10, 0.10, 0.22, 0.06, 0.10)
#: Sibling platforms an advisory's other products often name.
SIBLING = {"cisco_ios": "cisco_xe", "cisco_xe": "cisco_ios", "cisco_nxos": "cisco_xe"}
FEATURES = (
    "bgp", "ospf", "isis", "vrrp", "lacp", "stp", "nat", "ipsec", "snmp_v2c", "snmp_v3",
    "ssh_server", "telnet_server", "http_server", "https_server", "ntp", "dhcp_relay",
    "dot1x", "multicast", "mpls", "vxlan_evpn",
)  # fmt: skip
MODELS = {
    "cisco_ios": ("WS-C2960X-48FPD-L", "WS-C2960X-24PS-L", "WS-C3750X-48P", "WS-C3850-48P",
                  "IE-4000-8GT4G-E", "C1111-8P", "ISR4331/K9", "WS-C4500X-32"),
    "cisco_xe": ("C9300-48P", "C9300-24T", "C9200L-48P-4G", "C9500-24Y4C", "C9407R",
                 "ISR4331/K9", "ISR4451-X/K9", "ASR1001-X", "C8300-1N1S-6T"),
    "cisco_nxos": ("N9K-C93180YC-FX", "N9K-C9336C-FX2", "N3K-C3172PQ-10GE", "N7K-C7706",
                   "N9K-C93240YC-FX2"),
    "juniper_junos": ("EX4300-48P", "EX2300-24T", "EX4650-48Y", "QFX5120-48Y", "SRX345",
                      "SRX1500", "MX204", "MX480"),
    "huawei_vrp": ("S5735-L48T4X-A1", "S5720-52X-SI-AC", "S6730-H24X6C", "CE6881-48S6CQ",
                   "CE12808", "AR6120", "AR2220", "NE40E-X8A"),
    "arista_eos": ("DCS-7050SX3-48YC12", "DCS-7280SR-48C6", "DCS-7020TR-48", "DCS-7060CX-32S"),
    "hp_comware": ("S6850-56HF", "S5130S-52S-EI", "S5560X-54C-EI", "S12508X-AF", "MSR3620"),
}  # fmt: skip


# --- versions, written the vendor's way ------------------------------------------------


def _ios(r: random.Random) -> str:
    minor = r.choice([0, 1, 2, 2, 2])
    train = r.choice(["E", "E", "SE", "SY", "M", "EX"])
    return f"15.{minor}({r.randint(1, 8)}){train}{r.randint(0, 12)}"


def _xe(r: random.Random) -> str:
    major = r.choice([16, 17, 17, 17])
    minor = r.randint(3, 15) if major == 17 else r.choice([9, 12])
    return f"{major}.{minor}.{r.randint(1, 8)}{r.choice(['', '', '', 'a', 'b'])}"


def _nxos(r: random.Random) -> str:
    pick = r.random()
    if pick < 0.4:
        return f"9.3({r.randint(1, 14)}){r.choice(['', '', 'a'])}"
    if pick < 0.6:
        return f"7.0(3)I7({r.randint(1, 10)})"
    if pick < 0.7:
        return f"9.2({r.randint(1, 4)})"
    return f"10.{r.randint(1, 5)}({r.randint(1, 8)}){r.choice(['', '', 'M', 'F'])}"


def _junos(r: random.Random) -> str:
    s = r.randint(0, 9)
    base = f"{r.randint(18, 23)}.{r.randint(1, 4)}R{r.randint(1, 3)}"
    return base + (f"-S{s}" if s else "") + (f".{r.randint(1, 9)}" if r.random() < 0.2 else "")


def _vrp(r: random.Random) -> str:
    tail = f"SPC{r.randint(1, 9)}00" if r.random() < 0.8 else ""
    return f"V200R0{r.randint(10, 23)}C{r.choice(['00', '10', '20'])}{tail}"


def _eos(r: random.Random) -> str:
    return f"4.{r.randint(20, 33)}.{r.randint(0, 9)}{r.choice(['M', 'F', 'F'])}"


def _comware(r: random.Random) -> str:
    release = r.choice([6616, 6628, 6635, 6710, 6728, 6635, 6818, 2612, 2418, 3208])
    return f"7.1.070, Release {release}P{r.randint(1, 40):02d}"


WRITERS = {
    "cisco_ios": _ios,
    "cisco_xe": _xe,
    "cisco_nxos": _nxos,
    "juniper_junos": _junos,
    "huawei_vrp": _vrp,
    "arista_eos": _eos,
    "hp_comware": _comware,
}


def releases(r: random.Random, platform: str, count: int) -> list[str]:
    """``count`` distinct releases of a platform, in the scheme's order."""
    from netcare.lifecycle.versions import scheme_for, try_parse

    scheme = scheme_for(platform)
    found: dict[Any, str] = {}
    for _ in range(count * 20):
        text = WRITERS[platform](r)
        parsed = try_parse(scheme, text)
        if parsed is not None:
            found.setdefault(parsed, text)
        if len(found) >= count:
            break
    return [found[v] for v in sorted(found)]


# --- the fleet and the advisories ------------------------------------------------------


def fleet(r: random.Random, size: int, catalog: dict[str, list[str]]) -> list[Any]:
    from netcare.lifecycle.matching.model import DeviceRecord

    profiles = {
        p: [frozenset(r.sample(FEATURES, r.randint(2, 7))) for _ in range(12)] for p in PLATFORMS
    }
    # Popular releases are far more common: weight 1/rank over a shuffled catalog.
    popular = {}
    for p in PLATFORMS:
        order = list(catalog[p])
        r.shuffle(order)
        popular[p] = (order, [1 / (i + 1) for i in range(len(order))])
    devices = []
    platforms = r.choices(PLATFORMS, FLEET_SHARE, k=size)
    for i, p in enumerate(platforms):
        order, weights = popular[p]
        version = r.choices(order, weights)[0]
        if r.random() < 0.002:
            version = r.choice(["unknown", "", "n/a"])
        devices.append(
            DeviceRecord(
                key=f"dev{i:06d}",
                platform=p,
                version=version,
                model=r.choice(MODELS[p]),
                vendor="",
                features=None if r.random() < 0.1 else r.choice(profiles[p]),
            )
        )
    return devices


def _product(r: random.Random, platform: str, catalog: list[str], families: bool) -> Any:
    from netcare.lifecycle.advisories.model import AffectedProduct, AffectedRange

    ranges = []
    fixed = []
    for _ in range(r.randint(1, 4)):
        kind = r.random()
        i = r.randrange(len(catalog))
        if kind < 0.15:
            ranges.append(AffectedRange(raw=catalog[i], exact=catalog[i]))
            continue
        j = min(len(catalog) - 1, i + r.randint(1, 25))
        introduced = None if r.random() < 0.1 else catalog[i]
        if kind < 0.25:
            ranges.append(
                AffectedRange(raw=f"{introduced} to {catalog[j]}", introduced=introduced,
                              last_affected=catalog[j])
            )  # fmt: skip
        elif kind < 0.3:
            ranges.append(
                AffectedRange(raw=f"{catalog[i]} and later", status="unaffected",
                              introduced=catalog[i])
            )  # fmt: skip
        else:
            bound = catalog[j] if r.random() > 0.01 else "see vendor advisory"
            ranges.append(
                AffectedRange(raw=f"{introduced} to before {bound}", introduced=introduced,
                              fixed=bound)
            )  # fmt: skip
            fixed.append(bound)
    models = ()
    if families:
        picked = r.sample(MODELS[platform], 2)
        models = tuple(m.split("-")[0] + "*" for m in picked)
    return AffectedProduct(
        vendor="vendor",
        product=f"{platform} software",
        platforms=(platform,),
        models=models,
        ranges=tuple(ranges),
        default_status="unknown" if r.random() < 0.01 else "unaffected",
        fixed_versions=tuple(fixed[:2]),
        problems=("versions[4]: unreadable",) if r.random() < 0.01 else (),
    )


def advisories(r: random.Random, count: int, catalog: dict[str, list[str]]) -> list[Any]:
    from netcare.lifecycle.advisories.model import Advisory, Exploitation, FeatureCondition

    found = []
    for n in range(count):
        home = r.choice(PLATFORMS)
        products = []
        families = r.random() < 0.3
        for k in range(r.randint(1, 4)):
            platform = home
            if k and home in SIBLING and r.random() < 0.4:
                platform = SIBLING[home]
            products.append(_product(r, platform, catalog[platform], families))
        kind = r.choices(["vulnerability", "bug", "bulletin"], [6, 3, 1])[0]
        condition = None
        if r.random() < 0.2:
            condition = FeatureCondition(any_of=tuple(r.sample(FEATURES, r.randint(1, 2))))
        found.append(
            Advisory(
                key=f"adv-{n:05d}",
                kind=kind,
                title=f"advisory {n}",
                source_format="vendor",
                products=tuple(products),
                cves=(f"CVE-2026-{n:05d}",) if kind == "vulnerability" else (),
                cvss_score=round(r.uniform(2, 10), 1),
                feature=condition,
                exploitation=Exploitation(known_exploited=r.random() < 0.02),
            )
        )
    return found


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devices", type=int, default=100_000)
    parser.add_argument("--advisories", type=int, default=20_000)
    parser.add_argument("--releases", type=int, default=300, help="distinct releases per platform")
    parser.add_argument("--naive-devices", type=int, default=20, help="plain-loop sample size")
    parser.add_argument("--naive-seconds", type=float, default=30.0, help="plain-loop time bound")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    from netcare.lifecycle.matching.matcher import Matcher
    from netcare.lifecycle.matching.reference import naive_exposure

    r = random.Random(args.seed)
    t0 = time.perf_counter()
    catalog = {p: releases(r, p, args.releases) for p in PLATFORMS}
    devices = fleet(r, args.devices, catalog)
    found_advisories = advisories(r, args.advisories, catalog)
    groups = len({(d.platform, d.version, d.model, d.features) for d in devices})
    rss_data = _rss_mb()
    print(
        f"synthesised in {time.perf_counter() - t0:.1f} s: {len(devices):,} devices in "
        f"{groups:,} groups, {len(found_advisories):,} advisories "
        f"({sum(len(a.products) for a in found_advisories):,} products, "
        f"{sum(len(p.ranges) for a in found_advisories for p in a.products):,} ranges), "
        f"releases per platform {', '.join(f'{p} {len(v)}' for p, v in catalog.items())}"
    )

    # --- full match ---
    t0 = time.perf_counter()
    matcher = Matcher(found_advisories)
    t1 = time.perf_counter()
    matcher.set_devices(devices)
    t2 = time.perf_counter()
    counts = matcher.counts()
    t3 = time.perf_counter()
    full = t3 - t0
    pairs = sum(counts.values())
    by_status: Counter[str] = Counter()
    for (status, _reason), n in counts.items():
        by_status[str(status)] += n
    print(
        f"full match: {full:.2f} s = compile advisories {t1 - t0:.2f} s + group devices "
        f"{t2 - t1:.2f} s + decide and count every pair {t3 - t2:.2f} s; "
        f"{pairs:,} device × advisory pairs ({pairs / full:,.0f} pairs/s)"
    )
    rss_match = _rss_mb()
    print("exposures: " + ", ".join(f"{s} {n:,}" for s, n in by_status.most_common()))
    print("reasons: " + ", ".join(f"{reason} {n:,}" for (_s, reason), n in counts.most_common()))

    # --- exposure objects on demand ---
    t0 = time.perf_counter()
    made = 0
    for d in devices[:200]:
        made += len(matcher.exposures_of_device(d.key))
    t1 = time.perf_counter()
    per_device_ms = (t1 - t0) / 200 * 1000
    t0 = time.perf_counter()
    one = matcher.exposures_of_advisory(found_advisories[0].key)
    t1 = time.perf_counter()
    print(
        f"on demand: one device's exposures {per_device_ms:.2f} ms ({made / 200:,.0f} each); "
        f"one advisory over the fleet {(t1 - t0) * 1000:.0f} ms ({len(one):,} exposures); "
        f"every pair as an object would take ~{pairs * (t1 - t0) / max(len(one), 1):.0f} s"
    )
    rss_full = _rss_mb()

    # --- the plain loop, on a sample ---
    sample = devices[: args.naive_devices]
    t0 = time.perf_counter()
    done = 0
    agree = True
    for d in sample:
        mine = [e for a in found_advisories if (e := naive_exposure(d, a)) is not None]
        mine.sort(key=lambda e: e.advisory)
        agree = agree and mine == matcher.exposures_of_device(d.key)
        done += 1
        if time.perf_counter() - t0 > args.naive_seconds:
            break
    naive_per_device = (time.perf_counter() - t0) / done
    naive_total = naive_per_device * len(devices)
    ratio = naive_total / full
    print(
        f"plain loop: {done} devices × {len(found_advisories):,} advisories, "
        f"{naive_per_device * 1000:.0f} ms/device → ~{naive_total:,.0f} s for the fleet "
        f"(extrapolated); same exposures as the matcher on the sample: {agree}"
    )
    print(f"ratio: the matcher is {ratio:,.0f}x the plain loop")
    print(
        f"memory: max RSS {rss_data:,.0f} MB after synthesis, {rss_match:,.0f} MB after the "
        f"full match, {rss_full:,.0f} MB after the exposures on demand"
    )
    print(
        f"goal full match < 5 s: {'met' if full < 5 else 'not met'}; goal >= 100x plain loop: "
        f"{'met' if ratio >= 100 else 'not met'}"
    )


if __name__ == "__main__":
    main()
