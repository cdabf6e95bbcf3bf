"""The plain records the lifecycle documents are written from: the roll-ups they derive,
and that neither the records nor the writers need Django."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

from tests.lifecycle.reports import world

from netcare.core.text import Text
from netcare.lifecycle.summary import (
    DeviceExposureRow,
    PlatformRollup,
    VersionCount,
    VersionRow,
    rollup,
    say,
)


def test_platform_roll_up_by_hand() -> None:
    platforms = world.version_summary().platforms()
    assert [p.platform for p in platforms] == ["cisco_xe", "huawei_vrp", "juniper_junos"]
    assert platforms[0] == PlatformRollup(
        platform="cisco_xe",
        devices=4,
        versions=3,
        off_track=2,
        unknown_versions=1,
        support_ended=2,
        critical=2,
        high=2,
        medium=0,
        low=0,
        other=0,
        exploited=2,
    )
    assert platforms[0].advisories == 4
    assert platforms[1].support_ended == 1  # V200R019C10 ended 2026-06-30


def test_end_of_support_is_judged_on_the_summary_date() -> None:
    row = world.rows()[4]  # huawei, support ends 2026-06-30
    assert row.support_ended(date(2026, 6, 30)) and not row.support_ended(date(2026, 6, 29))
    assert rollup("huawei_vrp", [row], date(2026, 1, 1)).support_ended == 0


def test_distribution_most_used_first_within_platform() -> None:
    assert world.version_summary().distribution() == [
        VersionCount("cisco_xe", "17.3.4a", 2),
        VersionCount("cisco_xe", "17.9.4a", 1),
        VersionCount("cisco_xe", "Bengaluru-17.x", 1),
        VersionCount("huawei_vrp", "V200R019C10SPC500", 1),
        VersionCount("juniper_junos", "21.4R3-S5.4", 1),
    ]


def test_counts_and_wording() -> None:
    row = VersionRow("a", "", "m", "cisco_xe", "17.9.4a", critical=1, low=2, other=3)
    assert row.advisories == 6
    assert [row.severity_count(s) for s in ("critical", "high", "low", "none")] == [1, 0, 2, 3]
    assert say(Text("中", "en"), "zh") == "中" and say("as written", "zh") == "as written"
    exposure = DeviceExposureRow("a", "", "m", "v", "potentially_vulnerable", Text("", ""))
    assert exposure.affected
    assert not world.notice().devices[3].affected  # not vulnerable
    assert [d.hostname for d in world.notice().affected] == ["SH-ACC-SW11", "SZ-ACC-SW21"]


def test_records_and_writers_import_no_django() -> None:
    code = (
        "import sys, netcare.lifecycle.summary, netcare.lifecycle.reports; "
        "assert not [m for m in sys.modules if m.split('.')[0] in ('django', 'rest_framework')]"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
