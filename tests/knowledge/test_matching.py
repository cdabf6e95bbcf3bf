"""The matching rule of exclusive packages (no database): platform, series, version
range by the vendor's scheme, scenarios, the no-resend rule and resend on update."""

from __future__ import annotations

import datetime as dt

import pytest

from netcare.knowledge.matching import (
    DeviceFacts,
    DocumentFacts,
    RangeError,
    Received,
    check_range,
    in_range,
    match_documents,
    series_fits,
)

CORE = DeviceFacts("DC-CORE-01", "hp_comware", "S12508X-AF", "7.1.070, Release 7585P05")
LEAF = DeviceFacts("DC-LEAF-01", "huawei_vrp", "CE6881-48S6CQ", "V300R020C10SPC200")
ODD = DeviceFacts("DC-ODD-01", "cisco_nxos", "N9K-C93180YC-FX", "not a version")
DEVICES = [CORE, LEAF, ODD]


def keys(
    documents: list[DocumentFacts], scenarios: tuple[str, ...] = (), **kw: object
) -> list[str]:
    return [m.key for m in match_documents(documents, DEVICES, scenarios, **kw)]  # type: ignore[arg-type]


def test_platform_and_series() -> None:
    docs = [
        DocumentFacts("comware-any", platform="hp_comware"),
        DocumentFacts("comware-s125", platform="hp_comware", series="S125*"),
        DocumentFacts("comware-s6850", platform="hp_comware", series="S6850"),
        DocumentFacts("junos", platform="juniper_junos"),
        DocumentFacts("vrp-ce", platform="huawei_vrp", series="S57*, CE68"),
    ]
    assert keys(docs) == ["comware-any", "comware-s125", "vrp-ce"]
    assert series_fits("", "anything") and series_fits("s125*", "S12508X-AF")
    assert not series_fits("S6850", "S12508X-AF")


def test_version_range_by_the_vendor_scheme() -> None:
    # Release 7585P05 is newer than 7585 and older than 7595 (text order would differ).
    docs = [
        DocumentFacts(
            "in",
            platform="hp_comware",
            version_from="7.1.070, Release 7585",
            version_to="7.1.070, Release 7595",
        ),
        DocumentFacts("below", platform="hp_comware", version_to="7.1.070, Release 7585P04"),
        DocumentFacts("above", platform="hp_comware", version_from="7.1.070, Release 7600"),
        DocumentFacts("vrp-in", platform="huawei_vrp", version_from="V300R019C00"),
        DocumentFacts("vrp-out", platform="huawei_vrp", version_to="V300R020C00"),
    ]
    assert keys(docs) == ["in", "vrp-in"]
    assert in_range("huawei_vrp", "V300R020C10SPC200", "V300R020C10", "V300R020C10SPC300")


def test_unreadable_device_version_is_proposed_with_the_reason() -> None:
    docs = [DocumentFacts("nxos", platform="cisco_nxos", version_from="9.3(1)")]
    (match,) = match_documents(docs, DEVICES, ())
    assert match.unknown_versions == ["DC-ODD-01"]
    assert "not understood" in match.reason_en and "无法识别" in match.reason_zh


def test_scenarios() -> None:
    docs = [
        DocumentFacts("dc-comware", platform="hp_comware", scenarios=("data_centre",)),
        DocumentFacts("campus-comware", platform="hp_comware", scenarios=("campus",)),
        DocumentFacts("neutral-dc", scenarios=("data_centre",)),
        DocumentFacts("neutral-wireless", scenarios=("wireless",)),
        DocumentFacts("neutral-nothing"),
    ]
    assert keys(docs, ("data_centre",)) == ["dc-comware", "neutral-dc"]
    assert keys(docs, ()) == []


def test_no_resend_and_resend_on_update() -> None:
    day = dt.date(2026, 3, 1)
    docs = [
        DocumentFacts("same", platform="hp_comware", revision="2", updated=day),
        DocumentFacts("new-revision", platform="hp_comware", revision="3", updated=day),
        DocumentFacts(
            "updated-later", platform="hp_comware", revision="2", updated=day.replace(day=9)
        ),
        DocumentFacts("never-sent", platform="hp_comware", revision="1", updated=day),
    ]
    had = {k: Received("2", day) for k in ("same", "new-revision", "updated-later")}
    found = {m.key: m for m in match_documents(docs, DEVICES, (), had)}
    assert sorted(found) == ["never-sent", "new-revision", "updated-later"]
    assert found["new-revision"].resent and not found["never-sent"].resent
    assert "sent again" in found["updated-later"].reason_en


def test_a_range_names_its_field() -> None:
    assert check_range("", "", "") == ("", "")
    with pytest.raises(RangeError) as caught:
        check_range("hp_comware", "7.1.070, Release 7585", "seven")
    assert caught.value.field == "version_to"
    with pytest.raises(RangeError) as caught:
        check_range("huawei_vrp", "V300R020C10", "V300R019C00")
    assert caught.value.field == "version_to" and "older" in str(caught.value)
    with pytest.raises(RangeError) as caught:
        check_range("", "1.0", "")
    assert caught.value.field == "version_from"
