"""Unreadable input raises AdvisoryFormatError naming the file and the field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from netcare.lifecycle.advisories import AdvisoryFormatError, read_file, read_paths

DATA = Path(__file__).resolve().parents[2] / "data" / "lifecycle" / "advisories"


def record(name: str) -> dict:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def write(tmp_path: Path, name: str, content: object) -> Path:
    path = tmp_path / name
    text = content if isinstance(content, str) else json.dumps(content)
    path.write_text(text, encoding="utf-8")
    return path


def test_malformed_json_names_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, "broken.json", '{\n  "document": {\n    "title": oops\n}')
    with pytest.raises(AdvisoryFormatError) as caught:
        read_file(path)
    assert caught.value.path == path
    assert caught.value.field == "line 3 column 14"
    assert str(caught.value).startswith(f"{path}: line 3 column 14: Expecting value")


def test_csaf_without_product_tree(tmp_path: Path) -> None:
    data = record("bsi-2022-0001.csaf.json")
    del data["product_tree"]
    path = write(tmp_path, "no-tree.json", data)
    with pytest.raises(AdvisoryFormatError) as caught:
        read_file(path)
    assert caught.value.field == "product_tree"
    assert "without a product tree" in str(caught.value)


def test_cve_record_without_versions_keeps_the_advisory(tmp_path: Path) -> None:
    data = record("CVE-2024-39513.json")
    del data["containers"]["cna"]["affected"][0]["versions"]
    (adv,) = read_file(write(tmp_path, "no-versions.json", data))
    (item,) = adv.products
    assert item.platforms == ("juniper_junos",)
    assert item.ranges == ()
    assert item.problems == ("no versions: containers.cna.affected[0].versions is missing",)


def test_cve_record_without_affected_keeps_the_advisory(tmp_path: Path) -> None:
    data = record("CVE-2024-39513.json")
    del data["containers"]["cna"]["affected"]
    (adv,) = read_file(write(tmp_path, "no-affected.json", data))
    (item,) = adv.products
    assert (item.vendor, item.default_status) == ("juniper", "unknown")
    assert "no affected products" in item.problems[0]


def test_bare_cna_container_is_not_a_record(tmp_path: Path) -> None:
    cna = record("CVE-2024-39513.json")["containers"]["cna"]
    with pytest.raises(AdvisoryFormatError) as caught:
        read_file(write(tmp_path, "cna.json", cna))
    assert caught.value.field == "cveMetadata"


def test_bad_date_names_the_field(tmp_path: Path) -> None:
    data = record("CVE-2023-36844.json")
    data["cveMetadata"]["datePublished"] = "17/08/2023"
    with pytest.raises(AdvisoryFormatError) as caught:
        read_file(write(tmp_path, "date.json", data))
    assert caught.value.field == "cveMetadata.datePublished"


def test_untidy_bounds_become_problems_naming_the_field(tmp_path: Path) -> None:
    data = record("CVE-2023-36844.json")
    versions = data["containers"]["cna"]["affected"][0]["versions"]
    versions[2]["lessThan"] = "see the advisory"
    versions[3]["status"] = "vulnerable"
    versions.append({"version": "<= 8.1", "status": "affected"})
    versions.append({"version": "all versions", "status": "affected"})
    versions.append({"version": "n/a", "status": "affected"})
    versions.append(
        {
            "version": "21.2",
            "lessThan": "21.2*",
            "status": "affected",
            "changes": [{"at": "21.2R3-S5", "status": "unaffected"}],
        }
    )
    (adv,) = read_file(write(tmp_path, "untidy.json", data))
    (junos,) = adv.products
    assert junos.problems == (
        "containers.cna.affected[0].versions[2].lessThan: 'see the advisory' is not a version",
        "containers.cna.affected[0].versions[3].status: 'vulnerable' is not "
        "affected/unaffected/unknown",
        "containers.cna.affected[0].versions[12].version: 'n/a' names no version",
    )
    raws = [r for r in junos.ranges if r.raw == "<= 8.1"]
    assert raws[0].last_affected == "8.1"
    assert any(
        r.raw == "all versions" and r.introduced is None and r.fixed is None for r in junos.ranges
    )
    changed = [r for r in junos.ranges if r.raw == "21.2 <21.2*"]
    assert [(r.introduced, r.fixed, r.status) for r in changed] == [
        ("21.2", "21.2R3-S5", "affected"),
        ("21.2R3-S5", "21.3", "unaffected"),
    ]
    assert "21.2R3-S5" in junos.fixed_versions


def test_rejected_record_is_no_advisory(tmp_path: Path) -> None:
    data = record("CVE-2024-39513.json")
    data["cveMetadata"]["state"] = "REJECTED"
    assert read_file(write(tmp_path, "rejected.json", data)) == []


@pytest.mark.parametrize(
    ("content", "field"),
    [
        ("[1, 2]", "(top)"),
        ('{"hello": "world"}', "(top)"),
        ('{"document": {"title": "x"}}', "document.csaf_version"),
        ('{"dataType": "CVE_RECORD", "cveMetadata": {"cveId": "nope"}}', "cveMetadata.cveId"),
        ('{"dataType": "CVE_RECORD", "cveMetadata": []}', "cveMetadata"),
    ],
)
def test_json_that_is_no_advisory(tmp_path: Path, content: str, field: str) -> None:
    with pytest.raises(AdvisoryFormatError) as caught:
        read_file(write(tmp_path, "x.json", content))
    assert caught.value.field == field


def test_folder_names_the_bad_file(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text((DATA / "CVE-2024-39513.json").read_text())
    (tmp_path / "README.md").write_text("# notes are skipped")
    (tmp_path / ".hidden.json").write_text("{not json")
    sub = tmp_path / "more"
    sub.mkdir()
    bad = sub / "notes.txt"
    bad.write_text("just some text\nnothing else\n")
    with pytest.raises(AdvisoryFormatError) as caught:
        read_paths([tmp_path])
    assert caught.value.path == bad
    assert "not an advisory format" in str(caught.value)
    bad.unlink()
    assert [a.key for a in read_paths([tmp_path])] == ["CVE-2024-39513"]


def test_kev_catalog_is_not_an_advisory_file() -> None:
    with pytest.raises(AdvisoryFormatError, match="KEV catalog"):
        read_file(DATA / "kev-subset.json")
