"""Manual collection visits: the contract decides whether they use onsite person-days
(default no), on the contract page, through the upload page, the API and the CLI."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from tests.collection.world import archive_for
from tests.conftest import World
from typer.testing import CliRunner

from netcare.collection.models import Upload, Visit
from netcare.contracts.models import LedgerEntry


@pytest.fixture
def world(shared_world: World) -> World:
    """One world for the module, as built (each test's writes are undone)."""
    return shared_world


def _client(world: World, role: str) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


def _switch_on(world: World) -> None:
    contract = world.obj("contract", "own")
    admin = _client(world, "admin")
    url = reverse("contracts:contract_settings", kwargs={"pk": contract.pk})
    assert admin.post(url, {"manual_collection_counts": "on"}).status_code == 302
    contract.refresh_from_db()
    assert contract.manual_collection_counts is True


def _upload(name: str) -> io.BytesIO:
    data = io.BytesIO(archive_for("ECCB-COLL-01"))
    data.name = name
    return data


def test_the_contract_page_shows_and_admins_change_the_setting(world: World) -> None:
    contract = world.obj("contract", "own")
    url = reverse("contracts:contract_detail", kwargs={"pk": contract.pk})
    seen = _client(world, "customer_viewer").get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert 'name="manual_collection_counts"' not in seen.content.decode()
    page = _client(world, "admin").get(url).content.decode()
    assert 'name="manual_collection_counts"' in page and " checked" not in page
    _switch_on(world)
    page = _client(world, "admin").get(url).content.decode()
    assert 'name="manual_collection_counts" checked' in page
    engineer = _client(world, "member_staff")
    upload_page = engineer.get(reverse("collection:upload", kwargs={"code": world.own.code}))
    assert "现场支持人天" in upload_page.content.decode()  # says visits use person-days


def test_api_manual_import_records_the_visit_and_books_it_when_the_contract_says_so(
    world: World,
) -> None:
    engineer = _client(world, "member_staff")
    url = reverse("api:upload-import")
    free = engineer.post(
        url,
        {"file": _upload("a.zip"), "customer": "ECCB", "method": "manual", "hours_onsite": "4"},
    )
    assert free.status_code == 201, free.content
    visit = Visit.objects.get(pk=free.json()["visit"])
    assert visit.counts_against_quota is False and visit.ledger_entry is None

    _switch_on(world)
    before = LedgerEntry.objects.filter(customer=world.own).count()
    no_hours = engineer.post(
        url, {"file": _upload("b.zip"), "customer": "ECCB", "method": "manual"}
    )
    assert no_hours.status_code == 400
    assert "hours on site" in no_hours.json()["hours_onsite"][0]
    assert not Upload.objects.filter(original_name="b.zip").exists()
    booked = engineer.post(
        url,
        {
            "file": _upload("c.zip"),
            "customer": "ECCB",
            "method": "manual",
            "visit_date": "2026-04-01",
            "hours_onsite": "6",
            "hours_travel": "3",
        },
    )
    assert booked.status_code == 201, booked.content
    visit = Visit.objects.get(pk=booked.json()["visit"])
    assert visit.counts_against_quota is True
    assert visit.ledger_entry.amount == Decimal("1.5")  # 9 hours on site or travelling
    assert LedgerEntry.objects.filter(customer=world.own).count() == before + 1


def test_cli_manual_import_records_the_visit(world: World, tmp_path: Path) -> None:
    from netcare.cli import app

    _switch_on(world)
    archive = tmp_path / "eccb.zip"
    archive.write_bytes(archive_for("ECCB-COLL-01"))
    runner = CliRunner()
    base = ["collect", "--customer", "ECCB", "--archive", str(archive), "--manual"]
    bad_day = runner.invoke(app, [*base, "--visit-date", "1st of May"])
    assert bad_day.exit_code == 2 and "--visit-date" in bad_day.output
    day = [*base, "--visit-date", "2026-05-01"]
    nobody = runner.invoke(app, [*day, "--hours-onsite", "8"])
    assert nobody.exit_code == 2 and "name the engineer (--user LOGIN)" in nobody.output
    day += ["--user", world.users["member_staff"].username]
    no_hours = runner.invoke(app, day)
    assert no_hours.exit_code == 2 and "hours on site" in no_hours.output
    done = runner.invoke(app, [*day, "--hours-onsite", "8"])
    assert done.exit_code == 0, done.output
    visit = Visit.objects.get(customer=world.own, date="2026-05-01")
    assert visit.ledger_entry is not None and visit.ledger_entry.amount == Decimal("1.0")
    assert Upload.objects.get(visit=visit).state == "imported"


# --- all or nothing: a visit is booked only with an import that succeeds ---------------


def _ledger(world: World) -> list[tuple[int, Decimal]]:
    return list(
        LedgerEntry.objects.filter(customer=world.own).order_by("pk").values_list("pk", "amount")
    )


def _not_a_zip(name: str) -> io.BytesIO:
    data = io.BytesIO(b"these are meeting notes, not device outputs\n" * 20)
    data.name = name
    return data


def test_api_refused_manual_archive_books_nothing_and_keeps_the_upload(world: World) -> None:
    _switch_on(world)
    engineer = _client(world, "member_staff")
    url = reverse("api:upload-import")
    before, visits = _ledger(world), Visit.objects.count()
    form = {"customer": "ECCB", "method": "manual", "hours_onsite": "8"}
    refused = engineer.post(url, {**form, "file": _not_a_zip("notes.zip")})
    assert refused.status_code == 400, refused.content
    assert "nothing was imported" in refused.json()["error"]
    assert refused.json()["visit"] is None
    assert _ledger(world) == before and Visit.objects.count() == visits
    kept = Upload.objects.get(original_name="notes.zip")
    assert kept.state == "refused" and kept.visit is None
    assert (Path(settings.DATA_DIR) / kept.stored_path).read_bytes().startswith(b"these are")

    accepted = engineer.post(url, {**form, "file": _upload("good.zip"), "visit_date": "2026-04-02"})
    assert accepted.status_code == 201, accepted.content
    after = _ledger(world)
    assert len(after) == len(before) + 1 and after[-1][1] == Decimal("1.0")
    visit = Visit.objects.get(pk=accepted.json()["visit"])
    assert visit.ledger_entry_id == after[-1][0]
    assert Visit.objects.count() == visits + 1


def test_api_failure_after_the_booking_books_nothing(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from netcare.collection.services import uploads, visits

    _switch_on(world)
    booked: list[object] = []
    real_book = visits._book_visit

    def book_then_note(*args: object) -> object:
        entry = real_book(*args)  # type: ignore[arg-type]
        booked.append(entry)
        return entry

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full while settling devices")

    monkeypatch.setattr(visits, "_book_visit", book_then_note)
    monkeypatch.setattr(uploads, "_settle_devices", broken)
    before, visits = _ledger(world), Visit.objects.count()
    engineer = _client(world, "member_staff")
    engineer.raise_request_exception = False
    answer = engineer.post(
        reverse("api:upload-import"),
        {"file": _upload("late.zip"), "customer": "ECCB", "method": "manual", "hours_onsite": "8"},
    )
    assert answer.status_code == 500
    assert booked, "the booking ran before the later step failed"
    assert _ledger(world) == before and Visit.objects.count() == visits
    kept = Upload.objects.get(original_name="late.zip")
    assert kept.state == "refused" and kept.visit is None and "server" in kept.error


def test_cli_refused_manual_archive_books_nothing(world: World, tmp_path: Path) -> None:
    from netcare.cli import app

    _switch_on(world)
    notes = tmp_path / "notes.zip"
    notes.write_bytes(b"not an archive at all\n" * 10)
    good = tmp_path / "eccb.zip"
    good.write_bytes(archive_for("ECCB-COLL-01"))
    user = ["--user", world.users["member_staff"].username]
    visit = ["--manual", "--visit-date", "2026-05-04", "--hours-onsite", "8"]
    before = _ledger(world)
    runner = CliRunner()
    refused = runner.invoke(
        app, ["collect", "--customer", "ECCB", "--archive", str(notes), *visit, *user]
    )
    assert refused.exit_code == 1, refused.output
    assert _ledger(world) == before
    assert not Visit.objects.filter(customer=world.own, date="2026-05-04").exists()
    assert Upload.objects.get(original_name="notes.zip").state == "refused"

    done = runner.invoke(
        app, ["collect", "--customer", "ECCB", "--archive", str(good), *visit, *user]
    )
    assert done.exit_code == 0, done.output
    assert len(_ledger(world)) == len(before) + 1
    visit_row = Visit.objects.get(customer=world.own, date="2026-05-04")
    assert visit_row.ledger_entry is not None and visit_row.ledger_entry.amount == Decimal("1.0")


def test_cli_failure_after_the_booking_books_nothing(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from netcare.cli import app
    from netcare.collection.services import uploads

    _switch_on(world)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full while settling devices")

    monkeypatch.setattr(uploads, "_settle_devices", broken)
    good = tmp_path / "eccb.zip"
    good.write_bytes(archive_for("ECCB-COLL-01"))
    before = _ledger(world)
    failed = CliRunner().invoke(
        app,
        [
            "collect", "--customer", "ECCB", "--archive", str(good), "--manual",
            "--hours-onsite", "8", "--user", world.users["member_staff"].username,
        ],
    )  # fmt: skip
    assert failed.exit_code != 0
    assert _ledger(world) == before
    assert Upload.objects.get(original_name="eccb.zip").state == "refused"
