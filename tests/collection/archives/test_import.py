"""Archive import: per-command files, session logs (GBK, CRLF, pagers), kit manifests,
every bad archive refused with nothing written and the upload kept, visits."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import tarfile
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from tests.collection.archives.badarchives import BAD
from tests.conftest import World

from netcare.collection import services
from netcare.collection.models import CollectionJob, DeviceRun, Fact, RawOutput, Upload, Visit
from netcare.inventory import services as inventory
from netcare.inventory.models import Device, Platform


@pytest.fixture
def world(shared_world: World) -> World:
    """One world for the module, as built (each test's writes are undone)."""
    return shared_world


SAMPLES = Path(__file__).resolve().parents[2] / "data" / "collection" / "samples"


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def make_zip(entries: dict[str, bytes]) -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    buffer.seek(0)
    return buffer


def add_device(world: World, hostname: str, platform: str, **fields: object) -> Device:
    return inventory.do_create_device(
        world.own,
        actor=world.users["admin"],
        hostname=hostname,
        management_address=fields.pop("address", "10.1.1.1"),
        platform=Platform.objects.get(slug=platform),
        **fields,
    )


def counts() -> tuple[int, int, int, int]:
    return (
        RawOutput.objects.count(),
        DeviceRun.objects.count(),
        CollectionJob.objects.count(),
        Fact.objects.count(),
    )


def test_per_command_files_update_the_inventory(world: World) -> None:
    device = add_device(world, "ECCB-SW-01", "hp_comware", software_version="7.1.045, Release 1111")
    source = make_zip(
        {
            "collection/ECCB-SW-01/display_version.txt": sample("display_version_5900af_cw7.txt"),
            "collection/ECCB-SW-01/dis int br.txt": sample("display_interface_brief.txt"),
            "collection/ECCB-SW-01/display_device_manuinfo.txt": sample(
                "display_device_manuinfo.txt"
            ),
            "collection/readme.docx": b"PK\x03\x04 not text \x00\x00",
            "collection/notes.txt": b"called the customer at 10:00\n",
        }
    )
    upload = services.do_import_archive(
        world.own, filename="现场采集.zip", source=source, actor=world.users["member_staff"]
    )
    assert upload.state == "imported", upload.error
    assert (Path(settings.DATA_DIR) / upload.stored_path).read_bytes() == source.getvalue()
    device.refresh_from_db()
    assert device.model == "5900AF-48XG-4QSFP+"
    assert device.software_version == "7.1.045, Release 2418P06"
    assert device.last_collected is not None
    versions = list(device.version_changes.values_list("version", flat=True))
    assert "7.1.045, Release 2418P06" in versions and "7.1.045, Release 1111" in versions
    assert device.modules.count() > 0
    keys = set(RawOutput.objects.filter(device=device).values_list("command_key", flat=True))
    assert keys == {"version", "interfaces", "inventory"}
    fact = Fact.objects.get(device=device)
    assert fact.facts["os_major"] == 7 and fact.facts["interfaces"]
    by_path = {row["path"]: row for row in upload.report["files"]}
    assert by_path["collection/readme.docx"]["status"] == "unrecognised"
    assert "not a text file" in by_path["collection/readme.docx"]["reason"]
    assert by_path["collection/notes.txt"]["status"] == "unrecognised"
    assert by_path["collection/ECCB-SW-01/dis int br.txt"]["commands"] == [
        "display interface brief"
    ]
    assert upload.report["devices"][0]["status"] == "ok"


def test_gbk_session_log_in_tar_gz_is_split_per_command(world: World) -> None:
    device = add_device(world, "SW-Core", "hp_comware")
    buffer = io.BytesIO()
    data = sample("session_sw-core_gbk_crlf.log")
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        info = tarfile.TarInfo("巡检/SW-Core.log")
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    buffer.seek(0)
    upload = services.do_import_archive(
        world.own, filename="sw-core.tar.gz", source=buffer, actor=world.users["admin"]
    )
    assert upload.state == "imported", upload.error
    outputs = {o.command: o for o in RawOutput.objects.filter(upload=upload)}
    assert {"dis ver", "dis int br", "display clok"} <= set(outputs)
    assert outputs["dis ver"].command_key == "version"
    assert outputs["dis ver"].encoding == "gb18030"
    assert "核心上联" in outputs["dis int br"].text
    assert "---- More ----" not in outputs["dis int br"].text
    assert outputs["display clok"].error.startswith("% Unrecognized command")
    device.refresh_from_db()
    assert device.software_version == "7.1.045, Release 2418P06"
    assert upload.report["files"][0]["status"] == "session"


def test_unknown_devices_are_kept_and_reported(world: World) -> None:
    source = make_zip(
        {
            "PE1.log": sample("session_pe1_paged.log"),
            "router1.log": sample("session_router1_more.log"),
        }
    )
    upload = services.do_import_archive(
        world.own, filename="logs.zip", source=source, actor=world.users["admin"]
    )
    assert upload.state == "imported"
    rows = {row["hostname"]: row for row in upload.report["devices"]}
    assert rows["PE1"]["status"] == "unmatched" and rows["PE1"]["platform"] == "huawei_vrp"
    assert rows["PE1"]["version"] == "V800R011C00SPC200"
    assert rows["router1"]["platform"] == "cisco_ios" and rows["router1"]["model"] == "WS-C4948E"
    assert RawOutput.objects.filter(upload=upload, device__isnull=True).count() >= 4
    run = DeviceRun.objects.get(collection_job__upload=upload, hostname="PE1")
    assert run.device is None and run.facts["os_version"] == "V800R011C00SPC200"


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_archive_writes_nothing_and_keeps_the_upload(
    world: World, tmp_path: Path, case: str
) -> None:
    build, _code = BAD[case]
    path = build(tmp_path)
    before = counts()
    upload = services.do_import_archive(
        world.own, filename=path.name, source=path, actor=world.users["member_staff"]
    )
    assert upload.state == Upload.State.REFUSED
    assert upload.error.startswith("Refused, nothing was imported")
    assert counts() == before
    kept = Path(settings.DATA_DIR) / upload.stored_path
    assert kept.read_bytes() == path.read_bytes()
    assert upload.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def _kit_zip(hostname: str, text: bytes, *, digest: str | None = None) -> io.BytesIO:
    manifest = {
        "format": "netcare-collection/1",
        "kit_version": "0.1.0",
        "collected_at": "2026-03-02T08:00:00+00:00",
        "devices": [
            {
                "hostname": hostname,
                "address": "10.1.1.9",
                "port": 22,
                "platform": "cisco_ios",
                "status": "ok",
                "message": "",
                "elapsed": 3.2,
                "attempts": 1,
                "files": [
                    {
                        "path": f"{hostname}/show_version.txt",
                        "command": "show version",
                        "key": "version",
                        "sha256": digest or hashlib.sha256(text).hexdigest(),
                        "bytes": len(text),
                        "complete": True,
                    }
                ],
            },
            {
                "hostname": "ECCB-GONE-01",
                "address": "10.1.1.10",
                "port": 22,
                "platform": "cisco_ios",
                "status": "auth_failed",
                "message": "authentication refused",
                "elapsed": 0.4,
                "attempts": 1,
                "files": [],
            },
        ],
    }
    return make_zip(
        {f"{hostname}/show_version.txt": text, "manifest.json": json.dumps(manifest).encode()}
    )


def test_kit_archive_uses_its_manifest(world: World) -> None:
    device = add_device(world, "ECCB-IOS-01", "cisco_ios", address="10.1.1.9")
    upload = services.do_import_archive(
        world.own,
        filename="collection.zip",
        source=_kit_zip("ECCB-IOS-01", sample("show_version_c4948e.txt")),
        actor=world.users["member_staff"],
    )
    assert upload.state == "imported" and upload.method == "kit"
    device.refresh_from_db()
    assert device.software_version == "12.2(54)SG1"
    assert device.last_collected == dt.datetime(2026, 3, 2, 8, tzinfo=dt.UTC)
    statuses = {r["hostname"]: r["status"] for r in upload.report["devices"]}
    assert statuses == {"ECCB-IOS-01": "ok", "ECCB-GONE-01": "auth_failed"}


def test_kit_file_with_wrong_checksum_refuses_the_archive(world: World) -> None:
    add_device(world, "ECCB-IOS-01", "cisco_ios")
    before = counts()
    upload = services.do_import_archive(
        world.own,
        filename="collection.zip",
        source=_kit_zip("ECCB-IOS-01", sample("show_version_c4948e.txt"), digest="0" * 64),
        actor=world.users["member_staff"],
    )
    assert upload.state == "refused" and "checksum" in upload.error
    assert counts() == before


def test_customer_users_may_not_import(world: World) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.do_import_archive(
            world.own,
            filename="x.zip",
            source=make_zip({"a.txt": b"x"}),
            actor=world.users["customer_admin"],
        )
    assert not Upload.objects.filter(original_name="x.zip").exists()


def test_manual_visit_uses_the_quota_only_when_the_contract_says_so(world: World) -> None:
    from django.core.exceptions import ValidationError

    from netcare.contracts import services as contracts

    engineer = world.users["member_staff"]
    contract = world.obj("contract", "own")
    assert contract.manual_collection_counts is False  # the default: visits are free
    visit = services.do_record_visit(
        world.own,
        services.VisitInput(date=dt.date(2026, 3, 2), hours_onsite=Decimal(4)),
        actor=engineer,
    )
    assert visit.counts_against_quota is False and visit.ledger_entry is None

    contracts.do_update_contract(
        contract, actor=world.users["admin"], manual_collection_counts=True
    )
    counted = services.do_record_visit(
        world.own,
        services.VisitInput(date=dt.date(2026, 3, 3), hours_onsite=Decimal(4)),
        actor=engineer,
    )
    assert counted.counts_against_quota is True
    assert counted.ledger_entry is not None
    assert counted.ledger_entry.amount == Decimal("0.5")  # 4 hours on site: half a day
    assert counted.ledger_entry.record_id == str(counted.pk)
    with pytest.raises(ValidationError, match="hours on site"):
        services.do_record_visit(
            world.own, services.VisitInput(date=dt.date(2026, 3, 4)), actor=engineer
        )
    # The foreign customer's contract still says no: its visits book nothing.
    foreign = services.do_record_visit(
        world.foreign,
        services.VisitInput(date=dt.date(2026, 3, 3), hours_onsite=Decimal(4)),
        actor=world.users["admin"],
    )
    assert foreign.ledger_entry is None
    # Outside any contract nothing is booked either.
    outside = services.do_record_visit(
        world.own,
        services.VisitInput(date=dt.date(2025, 6, 1), hours_onsite=Decimal(8)),
        actor=engineer,
    )
    assert outside.counts_against_quota is False
    assert Visit.objects.filter(customer=world.own).count() == 3
