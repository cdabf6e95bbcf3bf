"""The summary helpers: comparison with a previous inspection and device scripts."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from tests.inspection.reports import world

from netcare.inspection.engine import hardening
from netcare.inspection.engine.model import Text
from netcare.inspection.engine.summary import Batch, HardeningSummary, compare


def test_compare_by_fingerprint_and_by_rule_device_subject() -> None:
    found = world.findings()
    psu = found["h3c-5900-agg"][0]
    vty = found["as2border2"][0]
    cpu = found["ne40e-pe1"][0]
    # the same CPU risk with another evidence line (another load figure) persists
    cpu_before = replace(cpu, evidence=("five minutes: 88%",), fingerprint="earlier")
    result = compare([psu, cpu], [vty, cpu_before], previous_score=80.0)
    assert result.new == (psu,)
    assert result.persisting == (cpu,)
    assert result.resolved == (vty,)
    assert result.previous_score == 80.0


def test_summary_scripts_come_from_the_one_script_writer() -> None:
    ios, eos = world.steps()
    comware = replace(eos, platform="hp_comware", remediation="info-center loghost 192.0.2.10")
    summary = HardeningSummary(
        customer="c",
        plan_date=date(2026, 12, 12),
        findings=(),
        batches=[Batch(1, Text("b", "b"), "now", Text("", ""), (ios, comware))],
    )
    scripts = summary.device_scripts()
    assert scripts[ios.device].startswith("! NetCare hardening script for")
    assert scripts[ios.device] == hardening.scripts([ios])[ios.device].remediation
    assert "# [1] eos.logging_host_missing" in scripts[comware.device]
    assert "info-center loghost 192.0.2.10" in scripts[comware.device]
    assert "no transport input ssh" in ios.rollback
    assert "no transport input ssh" not in scripts[ios.device]
    assert "no transport input ssh" in summary.rollback_scripts()[ios.device]
