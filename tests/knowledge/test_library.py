"""The document library: one document, bulk uploads (zip + CSV/XLSX index, an index of
links) that write all rows or none and name file, row and column, the kept upload, the
``documents_for`` contract the maintenance guide uses, and the demo library's data."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import Workbook

from netcare.knowledge.models import Document, DocumentImport
from netcare.knowledge.services import imports, library

HEADER = (
    "slug,title_zh,title_en,kind,platform,series,version_from,version_to,scenarios,tags,"
    "language,file,url,updated,revision\n"
)
GOOD = (
    "irf-guide,IRF 配置指南,IRF guide,config_guide,hp_comware,S125*,"
    '"7.1.070, Release 7500",,data_centre;campus,irf stack,zh,docs/irf.pdf,,2026-03-01,2\n'
    "bgp-guide,BGP 指南,BGP guide,config_guide,cisco_xe,,16.12.1,17.9.1,wan,bgp,en,,"
    "https://docs.netcare.example/bgp,2026-02-01,1\n"
)


def _zip(index_name: str, index: bytes, files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(index_name, index)
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.fixture
def data_dir(settings: Any, tmp_path: Path) -> Path:
    settings.DATA_DIR = tmp_path
    return tmp_path


@pytest.mark.django_db
def test_zip_with_a_csv_index_imports_files_and_links(data_dir: Path) -> None:
    upload = _zip("index.csv", (HEADER + GOOD).encode(), {"docs/irf.pdf": b"%PDF-1.4 irf"})
    record = imports.do_import_library("library.zip", upload, actor=None)
    assert record.state == "done" and record.counts == {"created": 2, "updated": 0}
    irf = Document.objects.get(slug="irf-guide")
    assert irf.file.read() == b"%PDF-1.4 irf" and str(data_dir) in irf.file.path
    assert irf.scenarios == ["data_centre", "campus"] and irf.tags == ["irf", "stack"]
    assert irf.version_from == "7.1.070, Release 7500" and irf.version_from_key
    assert irf.title("en") == "IRF guide" and irf.title("zh") == "IRF 配置指南"
    assert Document.objects.get(slug="bgp-guide").url.endswith("/bgp")
    assert (data_dir / "knowledge" / record.kept_file).read_bytes() == upload
    again = imports.do_import_library("library.zip", upload, actor=None)
    assert again.counts == {"created": 0, "updated": 2}


@pytest.mark.parametrize(
    ("row", "column"),
    [
        ("x,t,t,nonsense,hp_comware,,,,,,zh,,https://a.example/x,2026-01-01,1", "'kind'"),
        (
            "x,t,t,manual,hp_comware,,not-a-version,,,,zh,,https://a.example/x,2026-01-01,1",
            "'version_from'",
        ),
        ("x,t,t,manual,hp_comware,,,,moon,,zh,,https://a.example/x,2026-01-01,1", "'scenarios'"),
        ("x,t,t,manual,ios_classic,,,,,,zh,,https://a.example/x,2026-01-01,1", "'platform'"),
        ("x,t,t,manual,,,,,,,zh,,,2026-01-01,1", "'url'"),
        ("x,t,t,manual,,,,,,,zh,missing.pdf,,2026-01-01,1", "'file'"),
        ("x,t,t,manual,,,,,,,zh,,https://a.example/x,yesterday,1", "'updated'"),
        ("irf-guide,t,t,manual,,,,,,,zh,,https://a.example/x,2026-01-01,1", "'slug'"),
    ],
)
@pytest.mark.django_db
def test_a_bad_row_writes_nothing_and_names_file_row_and_column(
    data_dir: Path, row: str, column: str
) -> None:
    upload = _zip("index.csv", (HEADER + GOOD + row + "\n").encode(), {"docs/irf.pdf": b"pdf"})
    with pytest.raises(imports.ImportRefused) as refused:
        imports.do_import_library("library.zip", upload, actor=None)
    error = refused.value.record.error
    assert "index.csv: row 4" in error and column in error, error
    assert Document.objects.count() == 0
    kept = DocumentImport.objects.get()
    assert kept.state == "refused" and (data_dir / "knowledge" / kept.kept_file).exists()


@pytest.mark.django_db
def test_an_xlsx_index_of_links_alone(data_dir: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["slug", "title_en", "kind", "platform", "tags", "url", "updated"])
    sheet.append(
        [
            "eos-mlag",
            "EOS MLAG guide",
            "config_guide",
            "arista_eos",
            "lacp, stp",
            "https://a.example/m",
            "2026-01-02",
        ]
    )
    sheet.append(
        [
            "junos-vc",
            "Junos VC",
            "config_guide",
            "juniper_junos",
            "stack",
            "https://a.example/j",
            "2026-01-03",
        ]
    )
    buffer = io.BytesIO()
    book.save(buffer)
    record = imports.do_import_library("links.xlsx", buffer.getvalue(), actor=None)
    assert record.counts["created"] == 2
    assert Document.objects.get(slug="eos-mlag").title("zh") == "EOS MLAG guide"
    # A file named in an index without a zip is refused.
    with pytest.raises(imports.ImportRefused) as refused:
        imports.do_import_library("links.csv", (HEADER + GOOD).encode(), actor=None)
    assert "links.csv: row 2, column 'file'" in refused.value.record.error


@pytest.mark.django_db
def test_a_zip_without_an_index_or_with_unknown_columns(data_dir: Path) -> None:
    with pytest.raises(imports.ImportRefused, match="exactly one index"):
        imports.do_import_library("a.zip", _zip("docs/a.pdf", b"x", {}), actor=None)
    with pytest.raises(imports.ImportRefused, match="row 1, column 'colour'"):
        imports.do_import_library("a.csv", b"slug,kind,updated,colour\n", actor=None)
    with pytest.raises(imports.ImportRefused, match="not a zip"):
        imports.do_import_library("a.zip", b"nope", actor=None)
    assert Document.objects.count() == 0 and DocumentImport.objects.count() == 3


@pytest.mark.django_db
def test_save_one_document_and_who_may(data_dir: Path, django_user_model: Any) -> None:
    from netcare.customers import services
    from netcare.customers.models import Role

    admin = django_user_model.objects.create_superuser("root")
    viewer = django_user_model.objects.create_user("viewer")
    customer = services.do_create_customer(actor=admin, code="ACME", name_zh="甲", country="CN")
    services.do_grant_membership(viewer, customer, Role.CUSTOMER_VIEWER, actor=admin)
    data = {"slug": "one", "title_zh": "一", "kind": "manual", "updated": "2026-01-01"}
    with pytest.raises(PermissionDenied):
        library.do_save_document(actor=viewer, data=data, file_name="a.pdf", content=b"x")
    with pytest.raises(ValidationError) as refused:
        library.do_save_document(actor=None, data=data)
    assert "url" in refused.value.message_dict
    saved = library.do_save_document(actor=None, data=data, file_name="../a b.pdf", content=b"x")
    assert saved.file_name == "a_b.pdf" and saved.title("en") == "一"


@pytest.mark.django_db
def test_documents_for_platforms_and_tags() -> None:
    for slug, platform, tags, language in (
        ("c-bgp", "hp_comware", ["bgp", "ospf"], "zh"),
        ("c-irf", "hp_comware", ["irf"], "zh"),
        ("v-bgp", "huawei_vrp", ["bgp"], "en"),
        ("any-ntp", "", ["ntp"], "en"),
    ):
        library.do_save_document(
            actor=None,
            data={
                "slug": slug,
                "title_zh": slug,
                "kind": "manual",
                "platform": platform,
                "tags": tags,
                "language": language,
                "url": "https://a.example/" + slug,
                "updated": "2026-01-01",
            },
        )
    found = library.documents_for(["hp_comware"], ["bgp", "ntp"])
    assert [d.slug for d in found] == ["any-ntp", "c-bgp"]
    assert [
        d.slug for d in library.documents_for(["hp_comware", "huawei_vrp"], ["bgp"], language="en")
    ] == ["v-bgp"]
    assert library.documents_for(["hp_comware"], []) == []


def test_the_demo_library_is_well_formed() -> None:
    """About forty entries, each passing the same checks as an upload (no database)."""
    from netcare.knowledge.demo import demo_entries
    from netcare.knowledge.matching import check_range
    from netcare.knowledge.vocabulary import KIND_CODES, PLATFORMS, SCENARIO_CODES

    entries = demo_entries()
    assert 38 <= len(entries) <= 45
    assert len({e["slug"] for e in entries}) == len(entries)
    platforms = {e.get("platform", "") for e in entries}
    assert set(PLATFORMS) <= platforms and "" in platforms
    wanted = {
        "bgp",
        "ospf",
        "irf",
        "stack",
        "power",
        "fan",
        "temperature",
        "stp",
        "ntp",
        "snmp",
        "aaa",
        "syslog",
        "upgrade",
        "acl",
        "vlan",
        "lacp",
        "vrrp",
        "hsrp",
        "poe",
        "wireless",
    }
    assert wanted <= {t for e in entries for t in e.get("tags", [])}
    for entry in entries:
        assert entry["kind"] in KIND_CODES and set(entry.get("scenarios", [])) <= SCENARIO_CODES
        check_range(
            entry.get("platform", ""), entry.get("version_from", ""), entry.get("version_to", "")
        )


@pytest.mark.django_db
def test_library_pages_upload_one_and_many(admin_client: Any, data_dir: Path) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    form = {
        "slug": "irf-page",
        "title_zh": "IRF 页面",
        "title_en": "IRF page",
        "kind": "config_guide",
        "platform": "hp_comware",
        "version_from": "7.1.070, Release 7585",
        "scenarios": ["data_centre"],
        "tags": "irf, stack",
        "language": "zh",
        "updated": "2026-02-02",
        "file": SimpleUploadedFile("irf.pdf", b"%PDF irf"),
    }
    saved = admin_client.post(reverse("knowledge:document_save"), form)
    document = Document.objects.get(slug="irf-page")
    assert saved.status_code == 302 and saved["Location"].endswith(f"/{document.pk}/")
    assert document.tags == ["irf", "stack"] and document.scenarios == ["data_centre"]
    download = admin_client.get(reverse("knowledge:document_file", kwargs={"pk": document.pk}))
    assert b"".join(download.streaming_content) == b"%PDF irf"
    page = admin_client.get(reverse("knowledge:library") + "?tag=irf").content.decode()
    assert "IRF" in page and "irf-page" in page
    bad = dict(form, slug="bad", version_from="seven", file=SimpleUploadedFile("b.pdf", b"x"))
    admin_client.post(reverse("knowledge:document_save"), bad)
    assert not Document.objects.filter(slug="bad").exists()
    upload = _zip("index.csv", (HEADER + GOOD).encode(), {"docs/irf.pdf": b"pdf"})
    imported = admin_client.post(
        reverse("knowledge:library_import"),
        {"file": SimpleUploadedFile("library.zip", upload)},
        follow=True,
    )
    assert Document.objects.count() == 3 and "irf-guide" in imported.content.decode()
