"""A large network keeps the report readable: the device score chart shows the lowest
scores only, the key-risk table stops at ten, and every finding still has its row."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from tests.inspection.reports import world

from netcare.inspection.engine.summary import InspectionSummary
from netcare.inspection.reports import (
    KEY_RISKS,
    MAX_DEVICE_BARS,
    build_findings_document,
    build_inspection_document,
)
from netcare.reports.engine import Chart, Section, Table


def _big(copies: int) -> InspectionSummary:
    summary = world.inspection_summary(marks=False, previous=False)
    devices = []
    for i in range(copies):
        for d in summary.devices:
            key = f"{d.key}-{i}"
            found = tuple(
                # a distinct rule per copy, so the network has many risks
                replace(
                    f, device=key, rule_id=f"{f.rule_id}_{i}", fingerprint=f"{f.fingerprint}{i}"
                )
                for f in d.result.findings
            )
            health = replace(d.health, score=max(0.0, d.health.score - i))
            result = replace(d.result, device=key, findings=found)
            devices.append(
                replace(d, key=key, hostname=f"{d.hostname}-{i}", result=result, health=health)
            )
    return replace(summary, devices=devices)


def _walk(sections: Iterable[Section]) -> Iterator[Section]:
    for section in sections:
        yield section
        yield from _walk(section.subsections)


def test_large_network_stays_readable() -> None:
    big = _big(8)  # 40 devices, 56 findings
    document = build_inspection_document(big, "en")
    sections: list[Section] = list(_walk(document.sections))
    charts = [b for s in sections for b in s.blocks if isinstance(b, Chart)]
    per_device = next(c for c in charts if "lowest health scores" in c.caption)
    assert len(per_device.categories) == MAX_DEVICE_BARS
    lowest = sorted(big.devices, key=lambda d: (d.health.score, d.hostname))[0]
    assert per_device.categories[0] == lowest.hostname
    key = next(
        b
        for s in sections
        for b in s.blocks
        if isinstance(b, Table) and b.caption.startswith("Key risks")
    )
    assert len(key.rows) == KEY_RISKS
    devices = next(s for s in sections if s.title == "Device sheets")
    assert len(devices.subsections) == len(big.devices)
    workbook = build_findings_document(big, "en")
    findings = workbook.sections[0].blocks[0]
    assert isinstance(findings, Table) and len(findings.rows) == len(big.findings)
