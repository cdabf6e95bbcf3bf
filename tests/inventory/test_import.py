"""Device import: all rows or none, every refusal named by row and column, uploads kept."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from netcare.core.models import AuditEvent
from netcare.inventory import services
from netcare.inventory.importing import ImportResult
from netcare.inventory.models import Device, VersionChange
from tests.conftest import World


@pytest.fixture
def world(shared_world: World) -> World:
    """One world for the module, as built (each test's writes are undone)."""
    return shared_world


DATA = Path(__file__).parents[1] / "data" / "inventory"
HEADER = "hostname,management address,platform,model,software version,site,role,ssh port"


@pytest.fixture(autouse=True)
def _data_dir(settings: Any, tmp_path: Path) -> Iterator[Path]:
    """Uploads land in a fresh data directory; messages are read in English."""
    settings.DATA_DIR = tmp_path
    with translation.override("en"):
        yield tmp_path


def run(
    world: World, data: bytes | str, *, name: str = "devices.csv", dry_run: bool = False
) -> ImportResult:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return services.do_import_devices(
        world.own, filename=name, data=raw, dry_run=dry_run, actor=world.users["member_staff"]
    )


def own_devices(world: World) -> set[str]:
    return set(Device.objects.filter(customer=world.own).values_list("hostname", flat=True))


def only_issue(result: ImportResult) -> tuple[int, str, str]:
    assert len(result.issues) == 1, result.issues
    issue = result.issues[0]
    return issue.row, issue.column, issue.message


@pytest.mark.parametrize("name", ["devices-utf8.csv", "devices-utf8-bom.csv", "devices-gbk.csv"])
def test_good_csv_files_import(world: World, name: str) -> None:
    before = own_devices(world)
    result = run(world, (DATA / name).read_bytes(), name=name)
    assert result.ok and result.written, result.as_dict()
    assert {r.action for r in result.rows} == {"created"}
    core = Device.objects.get(customer=world.own, hostname="ECCB-ZJ-CORE-01")
    assert core.platform.slug == "hp_comware" and core.role == "core"
    assert core.software_version == "7.1.070, Release 7585P05"
    assert core.site == world.obj("site", "own")
    assert own_devices(world) - before == {r.hostname for r in result.rows}
    leaf = Device.objects.get(customer=world.own, hostname="ECCB-ZJ-LEAF-01")
    assert leaf.platform.slug == "huawei_vrp" and leaf.role == "data_center"
    # Every created device starts its version history with what the file said.
    assert VersionChange.objects.filter(device=core, source="import").count() == 1


def test_chinese_values_and_platform_aliases_are_reported(world: World) -> None:
    result = run(world, (DATA / "devices-gbk.csv").read_bytes(), name="设备清单.csv")
    assert result.encoding == "gb18030"
    notes = {r.hostname: r.notes for r in result.rows}
    assert notes["ECCB-ZJ-CORE-01"] == ['Platform "H3C" read as hp_comware.']
    assert notes["ECCB-ZJ-LEAF-01"] == ['Platform "华为" read as huawei_vrp.']
    spare = Device.objects.get(customer=world.own, hostname="ECCB-HZ-ACC-01")
    assert (spare.status, spare.role) == ("spare", "access")


def test_utf8_file_defaults_ipv6_and_blank_cells(world: World) -> None:
    result = run(world, (DATA / "devices-utf8.csv").read_bytes())
    assert result.ok
    acc = Device.objects.get(customer=world.own, hostname="ECCB-HQ-ACC-01")
    assert acc.management_address == "fd00:10:30::1" and acc.ssh_port == 22 and acc.site is None
    border = Device.objects.get(customer=world.own, hostname="ECCB-ZJ-BORDER-01")
    assert border.ssh_port == 2222 and border.platform.slug == "cisco_xe"


def test_xlsx_import(world: World) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["设备名称", "管理IP", "平台", "型号", "版本", "SSH端口", "凭据"])
    sheet.append(["XL-01", "10.1.0.1", "NX-OS", "N9K-C93180YC-FX", "9.3(10)", 22, "ECCB-ro"])
    sheet.append(["XL-02", "10.1.0.2", "arista_eos", "DCS-7050SX3", "4.28.3M", 22.0, None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = run(world, buffer.getvalue(), name="devices.xlsx")
    assert result.ok and [r.action for r in result.rows] == ["created", "created"]
    xl = Device.objects.get(customer=world.own, hostname="XL-01")
    assert xl.credential == world.obj("credential", "own")
    assert xl.software_version == "9.3(10)" and xl.platform.slug == "cisco_nxos"


def test_existing_hostnames_are_updated_and_unchanged_rows_said_so(world: World) -> None:
    device = world.obj("device", "own")
    csv = (
        f"{HEADER}\n"
        f'{device.hostname.lower()},10.0.0.1,hp_comware,,"7.1.070, Release 7595P01",,,\n'
        "NEW-01,10.0.0.9,hp_comware,S6850-56HF,,,access,\n"
    )
    first = run(world, csv)
    assert [(r.hostname, r.action) for r in first.rows] == [
        ("eccb-core-01", "updated"),
        ("NEW-01", "created"),
    ]
    device.refresh_from_db()
    # Blank cells of an update keep what was recorded; the version change is history.
    assert device.model == "S12508X-AF" and device.site == world.obj("site", "own")
    assert device.software_version == "7.1.070, Release 7595P01"
    latest = device.version_changes.first()
    assert latest is not None and latest.previous_version == "7.1.070, Release 7585P05"
    second = run(world, csv)
    assert [r.action for r in second.rows] == ["unchanged", "unchanged"]
    assert device.version_changes.count() == 2


def test_one_bad_row_imports_nothing_and_names_the_row(world: World) -> None:
    before = own_devices(world)
    events = AuditEvent.objects.count()
    result = run(world, (DATA / "devices-bad-row.csv").read_bytes())
    assert not result.ok and not result.written
    assert only_issue(result) == (
        4,
        "management address",
        '"10.10.0.300" is not an IPv4 or IPv6 address.',
    )
    assert [r.action for r in result.rows] == ["created", "created", "refused", "created"]
    assert own_devices(world) == before
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize(
    ("row", "column", "expected"),
    [
        (",10.0.0.5,hp_comware", "hostname", "Missing hostname."),
        ("N-1,10.0.0.5,RouterOS", "platform", 'Unknown platform "RouterOS"; accepted: hp_comware'),
        ("N-1,10.0.0.5,Cisco", "platform", "ambiguous: write one of cisco_ios, cisco_xe"),
        ("N-1,10.0.0.5,", "platform", "Missing platform."),
        ("N-1,,hp_comware", "management address", "Missing management address."),
        ("N-1,10.0.0.256,hp_comware", "management address", "is not an IPv4 or IPv6 address"),
        (
            "N-1,10.0.0.5,hp_comware,,,广州,",
            "site",
            'Unknown site "广州"; this customer\'s sites: ECCB DC',
        ),
        ("N-1,10.0.0.5,hp_comware,,,,spine", "role", 'Unknown role "spine"; accepted: core,'),
        ("N-1,10.0.0.5,hp_comware,,,,,70000", "ssh port", '"70000" is not a TCP port (1-65535).'),
        ("N-1,10.0.0.5,hp_comware,,,,,ssh", "ssh port", '"ssh" is not a TCP port'),
        ("N-1,10.0.0.5,hp_comware," + "M" * 81, "model", "at most 80 characters"),
    ],
)
def test_each_refusal_reason(world: World, row: str, column: str, expected: str) -> None:
    result = run(world, f"{HEADER}\nOK-1,10.0.0.4,hp_comware\n{row}\n")
    number, got_column, message = only_issue(result)
    assert (number, got_column) == (3, column)
    assert expected in message, message
    assert "OK-1" not in own_devices(world)


def test_unknown_platform_lists_every_accepted_one(world: World) -> None:
    result = run(world, f"{HEADER}\nN-1,10.0.0.5,RouterOS\n")
    message = only_issue(result)[2]
    for slug in ("hp_comware", "huawei_vrp", "cisco_ios", "cisco_xe", "cisco_nxos"):
        assert slug in message
    assert "juniper_junos" in message and "arista_eos" in message and "H3C" in message


def test_duplicate_hostname_names_both_rows(world: World) -> None:
    csv = f"{HEADER}\nSW-1,10.0.0.1,hp_comware\nSW-2,10.0.0.2,hp_comware\nsw-1,10.0.0.3,ios\n"
    result = run(world, csv)
    assert only_issue(result) == (4, "hostname", "Hostname sw-1 is also on row 2.")


def test_unknown_status_and_credential(world: World) -> None:
    csv = (
        "主机名,管理地址,平台,状态,凭据\n"
        "A-1,10.0.0.1,H3C,报废,ECCB-ro\n"
        "A-2,10.0.0.2,H3C,在网,admin\n"
    )
    result = run(world, csv)
    assert [(i.row, i.column) for i in result.issues] == [(2, "状态"), (3, "凭据")]
    assert "accepted: active, spare, decommissioned" in result.issues[0].message
    assert 'Unknown credential "admin"' in result.issues[1].message
    assert "ECCB-ro" in result.issues[1].message
    # Another customer's login is not even named.
    assert "SNEN-ro" not in result.issues[1].message


def test_sites_of_another_customer_are_unknown(world: World) -> None:
    result = run(world, f"{HEADER}\nA-1,10.0.0.1,H3C,,,SNEN DC,,\n")
    row, column, message = only_issue(result)
    assert (row, column) == (2, "site") and "SNEN DC" in message and "ECCB DC" in message


def test_dry_run_writes_nothing_but_says_what_would_happen(world: World) -> None:
    before = own_devices(world)
    events = AuditEvent.objects.count()
    result = run(world, (DATA / "devices-utf8.csv").read_bytes(), dry_run=True)
    assert result.ok and not result.written
    assert {r.action for r in result.rows} == {"created"}
    assert own_devices(world) == before
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize(
    ("data", "name", "expected"),
    [
        (b"\x80\x81\xfe\x00\xff\x00", "devices.csv", "devices.csv is neither UTF-8 nor GB18030"),
        (b"PK\x03\x04broken", "devices.xlsx", "devices.xlsx cannot be opened as an XLSX"),
        (b"a,b\n1,2\n", "list.csv", "list.csv has no recognisable header"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\0\0", "old.xls", "old.xls is an Excel 97-2003"),
    ],
)
def test_unreadable_files_give_one_error_and_are_kept(
    world: World, _data_dir: Path, data: bytes, name: str, expected: str
) -> None:
    result = run(world, data, name=name)
    assert not result.ok and result.file_error.startswith(expected), result.file_error
    assert result.rows == []
    kept = _data_dir / result.stored_as
    assert kept.parent == _data_dir / "uploads" / "ECCB"
    assert kept.name.endswith(f"-{name}") and kept.read_bytes() == data


def test_refused_rows_keep_the_raw_upload(world: World, _data_dir: Path) -> None:
    raw = (DATA / "devices-bad-row.csv").read_bytes()
    result = run(world, raw, name="../../etc/passwd bad name.csv")
    kept = _data_dir / result.stored_as
    assert kept.read_bytes() == raw
    assert kept.parent == _data_dir / "uploads" / "ECCB"  # no way out of the folder
    assert kept.name.endswith("-passwd_bad_name.csv")
    assert len([p for p in (_data_dir / "uploads" / "ECCB").iterdir() if p.is_file()]) == 1


def test_who_may_import(world: World, _data_dir: Path) -> None:
    raw = (DATA / "devices-utf8.csv").read_bytes()
    for role in ("customer_admin", "customer_viewer", "nonmember_staff"):
        with pytest.raises(PermissionDenied):
            services.do_import_devices(
                world.own, filename="x.csv", data=raw, dry_run=True, actor=world.users[role]
            )
    # A refused caller leaves nothing behind (other apps' worlds keep their own folders).
    assert not [p for p in (_data_dir / "uploads").glob("*/*") if p.is_file()]
    result = services.do_import_devices(
        world.own, filename="x.csv", data=raw, dry_run=False, actor=world.users["admin"]
    )
    assert result.written


def test_audit_names_the_importer(world: World) -> None:
    run(world, f"{HEADER}\nAUD-1,10.0.0.1,hp_comware\n")
    device = Device.objects.get(hostname="AUD-1")
    event = AuditEvent.objects.get(object_type="inventory.device", object_id=str(device.pk))
    assert event.actor == world.users["member_staff"] and event.customer_id == world.own.pk


def test_checking_rows_does_not_query_per_row(
    world: World, django_assert_max_num_queries: Any
) -> None:
    rows = "\n".join(
        f"Q-{i},10.2.{i // 250}.{i % 250 + 1},H3C,,,ECCB DC,access," for i in range(300)
    )
    with django_assert_max_num_queries(8):
        result = run(world, f"{HEADER}\n{rows}\n", dry_run=True)
    assert len(result.created) == 300


def test_result_as_dict_is_json_ready(world: World) -> None:
    import json

    result = run(world, (DATA / "devices-bad-row.csv").read_bytes())
    data = json.loads(json.dumps(result.as_dict()))
    assert data["counts"] == {"created": 3, "updated": 0, "unchanged": 0, "refused": 1}
    assert data["rows"][2]["issues"][0]["column"] == "management address"
    assert data["written"] is False and data["ok"] is False
