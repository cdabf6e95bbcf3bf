"""The demo inventory loads through the import service, twice without duplicates."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from netcare.demo import DemoSummary, load_tenants
from netcare.inventory import demo, services
from netcare.inventory.models import Credential, Device, VersionChange
from netcare.inventory.tabular import read_table


@pytest.fixture(autouse=True)
def _data_dir(settings: Any, tmp_path: Path) -> None:
    settings.DATA_DIR = tmp_path


def test_demo_files_are_well_formed() -> None:
    for path in sorted(demo.DATA.glob("*.csv")):
        table = read_table(path.name, path.read_bytes())
        hostnames = [row.values["hostname"] for row in table.rows]
        assert all(h.startswith(f"{path.stem}-") for h in hostnames)
        assert len(set(hostnames)) == len(hostnames)
        assert all(row.values["management_address"].startswith("10.") for row in table.rows)


@pytest.mark.django_db
def test_demo_inventory_is_idempotent() -> None:
    summary = DemoSummary()
    load_tenants(summary)
    for step in demo.STEPS:
        step(summary)
    counts = Counter(Device.objects.values_list("customer__code", flat=True))
    assert counts == {"ECCB": 30, "XHMG": 20, "SNEN": 10}
    platforms = set(Device.objects.values_list("platform__slug", flat=True))
    assert platforms == {"hp_comware", "huawei_vrp", "cisco_ios", "cisco_xe", "cisco_nxos"}
    assert Credential.objects.count() == 3
    history = VersionChange.objects.count()
    for step in demo.STEPS:
        step(summary)
    assert Device.objects.count() == 60 and Credential.objects.count() == 3
    assert VersionChange.objects.count() == history == 60
    core = Device.objects.get(hostname="ECCB-ZJ-CORE-01")
    assert core.site is not None and core.site.name == "上海张江数据中心"
    assert services.credential_for(core) == (
        "netcare",
        demo.DEMO_DEVICE_PASSWORD,
        demo.DEMO_DEVICE_PASSWORD,
    )


def test_demo_versions_are_the_vendor_formats() -> None:
    versions: set[str] = set()
    for path in demo.DATA.glob("*.csv"):
        text = path.read_text(encoding="utf-8-sig")
        versions |= {row[5] for row in list(csv.reader(text.splitlines()))[1:]}
    for expected in (
        "7.1.070, Release 7585P05",
        "5.20.99, Release 1115P05",
        "V200R019C10SPC800",
        "V300R020C10SPC200",
        "15.2(7)E8",
        "17.9.4a",
        "9.3(10)",
        "10.2(5)",
    ):
        assert expected in versions
