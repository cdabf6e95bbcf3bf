"""Recurring problems: one device, one model, one symptom — across quarters, in Chinese
and English, in a deterministic order, each with a recommendation in both languages."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from netcare.problems.analysis import Recurrence, find_recurrences
from netcare.problems.analysis.recurrence import normalise_symptom, similarity
from netcare.problems.tickets import TicketRecord

SH = ZoneInfo("Asia/Shanghai")


@dataclass
class Row:
    """A stored ticket row stand-in: recurrence reads attributes, not a class."""

    number: str
    opened: datetime
    hostname: str = ""
    model: str = ""
    root_cause: str = ""
    symptom: str = ""
    title: str = ""
    status: str = "closed"


def day(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SH)


def numbers(found: list[Recurrence], kind: str) -> list[tuple[str, ...]]:
    return [r.tickets for r in found if r.kind == kind]


def test_hardware_twice_on_one_device_across_quarters() -> None:
    found = find_recurrences(
        [
            Row("A", day("2026-02-10"), "CORE-01", "S12508X-AF", "hardware", "风扇框告警"),
            Row("B", day("2026-08-04"), "core-01", "S12508X-AF", "hardware", "电源模块故障"),
            Row("C", day("2026-05-01"), "CORE-01", "S12508X-AF", "configuration", "ACL 错误"),
        ]
    )
    (recurrence,) = found
    assert recurrence.kind == "device"
    assert recurrence.key == "CORE-01 · hardware"
    assert recurrence.tickets == ("A", "B")
    assert (recurrence.first, recurrence.last) == (day("2026-02-10"), day("2026-08-04"))
    assert recurrence.quarters == ("2026Q1", "2026Q3")
    assert recurrence.devices == ("CORE-01", "core-01")
    assert recurrence.root_cause == "hardware"
    assert "更换" in recurrence.recommendation.zh and "环境" in recurrence.recommendation.zh
    assert "replace" in recurrence.recommendation.en
    assert recurrence.recommendation.zh.startswith(
        "设备 CORE-01 在 2026Q1、2026Q3 发生 2 次硬件问题"
    )


def test_software_defect_on_one_model_needs_two_devices() -> None:
    one_device = [
        Row("A", day("2026-03-03"), "AGG-01", "S6850-56HF", "software", "内存泄漏"),
        Row("B", day("2026-05-06"), "AGG-01", "S6850-56HF", "software", "进程重启"),
    ]
    assert numbers(find_recurrences(one_device), "model") == []
    two_devices = [*one_device, Row("C", day("2026-08-11"), "AGG-02", "S6850-56HF", "software")]
    found = find_recurrences(two_devices)
    (model,) = [r for r in found if r.kind == "model"]
    assert model.key == "S6850-56HF · software"
    assert model.tickets == ("A", "B", "C")
    assert model.devices == ("AGG-01", "AGG-02")
    assert "升级" in model.recommendation.zh and "upgrade" in model.recommendation.en
    assert "2 台设备" in model.recommendation.zh


def test_configuration_on_one_model_is_not_the_models_doing() -> None:
    rows = [
        Row("A", day("2026-03-03"), "ACC-01", "S5735", "configuration", "DHCP 中继缺失"),
        Row("B", day("2026-05-06"), "ACC-02", "S5735", "configuration", "NTP 未同步"),
    ]
    assert find_recurrences(rows) == []


def test_configuration_twice_on_a_device_recommends_the_change_procedure() -> None:
    rows = [
        Row("A", day("2026-02-03"), "ACC-02", root_cause="configuration"),
        Row("B", day("2026-10-21"), "ACC-02", root_cause="configuration"),
    ]
    (found,) = find_recurrences(rows)
    assert "变更流程" in found.recommendation.zh and "change procedure" in found.recommendation.en


def test_chinese_symptoms_alike_despite_interfaces_and_punctuation() -> None:
    rows = [
        Row("A", day("2026-01-06"), "LEAF-02", root_cause="hardware",
            symptom="端口 100GE1/0/1 CRC 错包持续增长，光模块收光功率偏低"),
        Row("B", day("2026-04-08"), "LEAF-03", root_cause="environment",
            symptom="端口10GE1/0/49 CRC错包持续增长!光模块收光功率偏低"),
        Row("C", day("2026-07-02"), "SPINE-01", root_cause="software",
            symptom="BGP 邻居 Down，互联网出口流量中断"),
    ]  # fmt: skip
    (found,) = find_recurrences(rows)
    assert found.kind == "symptom"
    assert found.tickets == ("A", "B")
    assert found.key == "端口 100GE1/0/1 CRC 错包持续增长，光模块收光功率偏低"
    assert found.root_cause == ""  # mixed causes
    assert found.quarters == ("2026Q1", "2026Q2")
    assert "复盘" in found.recommendation.zh


def test_title_alike_when_symptoms_are_missing() -> None:
    rows = [
        Row("A", day("2026-01-06"), title="BGP neighbor 10.1.1.1 down", root_cause="third_party"),
        Row("B", day("2026-09-08"), title="bgp neighbour 10.2.2.2 DOWN!", root_cause="third_party"),
    ]
    (found,) = find_recurrences(rows)
    assert (found.kind, found.tickets, found.root_cause) == ("symptom", ("A", "B"), "third_party")
    assert "运营商" in found.recommendation.zh


def test_leader_clustering_does_not_chain() -> None:
    # B resembles A and C resembles B, but C is not like A: C must not join A's group.
    a, b, c = "核心交换机风扇故障告警", "核心交换机风扇模块故障告警", "汇聚交换机风扇模块故障告警"
    assert similarity(a, b) >= 0.6 and similarity(b, c) >= 0.6 and similarity(a, c) < 0.6
    rows = [
        Row("A", day("2026-01-01"), symptom=a, root_cause="configuration", hostname="H1"),
        Row("B", day("2026-02-01"), symptom=b, root_cause="configuration", hostname="H2"),
        Row("C", day("2026-03-01"), symptom=c, root_cause="configuration", hostname="H3"),
    ]
    assert numbers(find_recurrences(rows), "symptom") == [("A", "B")]


def test_texts_too_short_to_compare() -> None:
    rows = [
        Row("A", day("2026-01-06"), "H1", title="告警", root_cause="hardware", symptom="OK"),
        Row("B", day("2026-09-08"), "H2", title="告警!", root_cause="software", symptom="ok"),
    ]
    assert find_recurrences(rows) == []


def test_a_symptom_group_inside_a_device_group_is_not_repeated() -> None:
    rows = [
        Row("A", day("2026-02-10"), "CORE-01", root_cause="hardware", symptom="风扇框告警"),
        Row("B", day("2026-08-04"), "CORE-01", root_cause="hardware", symptom="风扇框告警！"),
    ]
    assert [r.kind for r in find_recurrences(rows)] == ["device"]


def test_open_tickets_and_missing_causes() -> None:
    rows = [
        Row("A", day("2026-02-10"), "CORE-01", root_cause="hardware", symptom="x1"),
        Row("B", day("2026-08-04"), "CORE-01", root_cause="hardware", status="in_progress"),
        Row("C", day("2026-09-04"), "CORE-01", root_cause="", symptom="y2"),
        Row("D", day("2026-10-04"), "CORE-01", root_cause="", symptom="z3"),
    ]
    assert find_recurrences(rows) == []  # B is open; C and D have no cause and differ


def test_resolved_counts_as_closed_and_records_are_accepted() -> None:
    records = [
        TicketRecord("A", "风扇告警", "major", "resolved", day("2026-01-01"), hostname="H",
                     root_cause="hardware"),
        TicketRecord("B", "风扇告警", "major", "closed", day("2026-04-01"), hostname="H",
                     root_cause="hardware"),
    ]  # fmt: skip
    assert numbers(find_recurrences(records), "device") == [("A", "B")]


def test_order_is_deterministic() -> None:
    rows = [
        Row("M1", day("2026-01-05"), "A-1", "X", "software"),
        Row("M2", day("2026-06-05"), "A-2", "X", "software"),
        Row("D1", day("2026-03-01"), "B-1", root_cause="hardware"),
        Row("D2", day("2026-04-01"), "B-1", root_cause="hardware"),
        Row("E1", day("2026-02-01"), "C-1", root_cause="operation"),
        Row("E2", day("2026-02-02"), "C-1", root_cause="operation"),
        Row("S1", day("2026-01-01"), "Z-1", root_cause="environment", symptom="机房温度过高"),
        Row("S2", day("2026-09-01"), "Z-2", root_cause="environment", symptom="机房温度过高告警"),
    ]
    expected = find_recurrences(rows)
    assert [(r.kind, r.tickets) for r in expected] == [
        ("device", ("E1", "E2")),
        ("device", ("D1", "D2")),
        ("model", ("M1", "M2")),
        ("symptom", ("S1", "S2")),
    ]
    for seed in range(5):
        shuffled = rows[:]
        random.Random(seed).shuffle(shuffled)
        assert find_recurrences(shuffled) == expected


def test_every_cause_has_a_recommendation() -> None:
    for cause in ("hardware", "software", "configuration", "operation", "environment",
                  "third_party", "unknown"):  # fmt: skip
        rows = [
            Row(n, day(f"2026-0{i}-01"), "H", root_cause=cause) for i, n in ((1, "A"), (5, "B"))
        ]
        (found,) = find_recurrences(rows)
        assert found.recommendation.zh and found.recommendation.en.endswith(".")
    (unknown,) = find_recurrences(
        [Row(n, day("2026-01-01"), "H", root_cause="unknown") for n in "AB"]
    )
    assert "诊断信息" in unknown.recommendation.zh and "diagnostics" in unknown.recommendation.en


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("GE1/0/1 光模块收光低！", "光模块收光低"),
        ("Ten-GigabitEthernet1/0/49 CRC error", "crcerror"),
        ("接口 XGigabitEthernet0/0/1 down", "接口down"),
        ("BGP peer 10.1.1.1 down", "bgppeerdown"),
        ("MAC 00e0-fc12-3456 漂移", "mac漂移"),
        ("route1 up", "routeup"),  # a word ending in "te" is not an interface name
        ("ＣＰＵ　９５％", "cpu"),
    ],
)
def test_normalise_symptom(text: str, folded: str) -> None:
    assert normalise_symptom(text) == folded


def test_similarity() -> None:
    assert similarity("风扇故障告警", "风扇故障告警！") == 1.0
    assert similarity("", "风扇") == 0.0
    assert similarity("风扇故障", "BGP 邻居中断") == 0.0
    assert similarity("核心交换机风扇故障告警", "核心交换机风扇模块故障告警") >= 0.6
