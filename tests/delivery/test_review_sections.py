"""The mid-term review's health and risk trend, version and vulnerability exposure and
tickets trend, drawn from what inspection, lifecycle and problems recorded: the real
figures in zh and en, nothing of another customer, and "nothing recorded" when an app
recorded nothing for the customer in the period."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db.models import QuerySet
from django.utils import timezone
from docx import Document as WordDocument

from netcare.delivery.reports import build_review
from netcare.delivery.services import reviews
from netcare.inspection.models import Finding, HardeningPlan, InspectionRun
from netcare.inspection.review import review_section as inspection_section
from netcare.lifecycle.models import (
    Exposure,
    ExposureChange,
    RiskNotice,
    VersionAssessment,
)
from netcare.lifecycle.review import review_section as lifecycle_section
from netcare.problems.models import Ticket
from netcare.problems.review import review_section as problems_section
from netcare.reports.engine import (
    BulletList,
    Chart,
    Document,
    KeyValue,
    Paragraph,
    Section,
    Table,
    render,
)
from tests.conftest import World


@pytest.fixture
def world(shared_world: World) -> World:
    """One world for the module, as built (each test's writes are undone)."""
    return shared_world


ON = dt.date(2026, 12, 31)
TITLES = {
    "zh": ("健康度与风险趋势", "版本与漏洞风险", "网上问题趋势"),
    "en": ("Health and risk trend", "Version and vulnerability exposure", "Tickets trend"),
}
NOTHING = {
    "zh": "本期 NetCare 中尚无相关记录。",
    "en": "Nothing recorded in NetCare for this period yet.",
}


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _words(section: Section) -> list[str]:
    """Every text a reader sees in the section: paragraphs, captions, readings, cells."""
    found = [section.title]
    for block in section.blocks:
        if isinstance(block, Paragraph):
            found.append(block.text)
        elif isinstance(block, BulletList):
            found.extend(block.items)
        elif isinstance(block, Table):
            found.append(block.caption)
            found.extend(str(c) for row in block.rows for c in row if c is not None)
        elif isinstance(block, Chart):
            found.extend([block.caption, block.reading, *block.categories])
            found.extend(f"{v:g}" for s in block.series for v in s.values)
        elif isinstance(block, KeyValue):
            found.extend(f"{k}={v}" for k, v in block.pairs)
    return found


def _text(section: Section) -> str:
    return "\n".join(_words(section))


def _section(document: Document, title: str) -> Section:
    return next(s for s in document.sections if s.title == title)


def _block(section: Section, kind: type, caption: str) -> Any:
    return next(b for b in section.blocks if isinstance(b, kind) and caption in b.caption)


def _date(query: QuerySet[Any], field: str, day: dt.date) -> None:
    query.update(**{field: _at(day)})


@pytest.fixture
def recorded(world: World) -> World:
    """The own customer's year in the three apps, pinned to dates in 2026:

    inspection: a baseline run in December 2025 (80.0), a run in June that assessed
    nothing (its arithmetic score 100 must read "not assessed") and the world's run in
    November (92.5, one open major finding); the foreign customer a run scoring 55.5.
    lifecycle: the world's vulnerable exposure (high advisory) opened in October, its
    notice published then, the assessment (42.5, medium) in September. problems: the
    world's important ticket in Q1 and two closed hardware tickets on the core switch in
    Q2 and Q3 (a recurrence)."""
    own, foreign = world.own, world.foreign
    world_run = world.obj("inspection_run", "own")
    _date(InspectionRun.objects.filter(pk=world_run.pk), "created", dt.date(2026, 11, 2))
    _date(InspectionRun.objects.filter(pk=world.obj("inspection_run", "foreign").pk), "created",
          dt.date(2026, 11, 3))  # fmt: skip
    InspectionRun.objects.filter(pk=world_run.pk).update(
        comparison={"previous": None, "new": 1, "persisting": 0, "resolved": [1, 2]}
    )
    InspectionRun.objects.create(
        customer=own,
        state="finished",
        score=80.0,
        counts={"critical": 1, "major": 3, "minor": 2, "devices": 1},
        created=_at(dt.date(2025, 12, 20)),
    )
    InspectionRun.objects.create(
        customer=own,
        state="finished",
        score=100.0,
        coverage={"applicable": 4, "assessed": 0, "coverage": 0.0},
        counts={"devices": 1},
        created=_at(dt.date(2026, 6, 1)),
    )
    InspectionRun.objects.create(
        customer=own,
        state="failed",
        score=12.0,
        created=_at(dt.date(2026, 7, 1)),
    )
    InspectionRun.objects.create(
        customer=foreign,
        state="finished",
        score=55.5,
        counts={"critical": 7, "devices": 1},
        created=_at(dt.date(2026, 11, 20)),
    )

    exposure = world.obj("exposure", "own")
    _date(Exposure.objects.filter(pk=exposure.pk), "since", dt.date(2026, 10, 1))
    ExposureChange.objects.create(
        customer=own, exposure=exposure, before="", after="vulnerable", at=_at(dt.date(2026, 10, 1))
    )
    foreign_exposure = world.obj("exposure", "foreign")
    ExposureChange.objects.create(
        customer=foreign,
        exposure=foreign_exposure,
        before="vulnerable",
        after="not_vulnerable",
        at=_at(dt.date(2026, 10, 1)),
    )
    published = world.obj("deliverable", "own")
    _date(type(published).objects.filter(pk=published.pk), "published_at", dt.date(2026, 10, 2))
    RiskNotice.objects.filter(pk=world.obj("risk_notice", "own").pk).update(
        state="published", deliverable=published
    )
    _date(
        VersionAssessment.objects.filter(pk=world.obj("version_assessment", "own").pk),
        "created",
        dt.date(2026, 9, 30),
    )

    device = world.obj("device", "own")
    for number, day in (
        ("SR-2026-0301", dt.date(2026, 4, 5)),
        ("SR-2026-0302", dt.date(2026, 7, 8)),
    ):
        Ticket.objects.create(
            customer=own,
            number=number,
            title="Fan failure alarm on the core switch",
            severity="critical",
            status="closed",
            model=device.model,
            hostname=device.hostname,
            device=device,
            opened=_at(day),
            closed=_at(day + dt.timedelta(days=1)),
            root_cause="hardware",
        )
    return world


def _review(world: World, which: str, language: str) -> Document:
    plan = world.obj("plan", which)
    facts = reviews.review_facts(plan, "mid_term", on=ON)
    ram = world.users["member_staff" if which == "own" else "nonmember_staff"]
    return build_review(facts, language=language, author=ram, reviewer=ram)


@pytest.fixture
def documents(recorded: World) -> dict[str, Document]:
    return {language: _review(recorded, "own", language) for language in ("zh", "en")}


def test_health_and_risk_trend(documents: dict[str, Document]) -> None:
    zh, en = (_section(documents[lang], TITLES[lang][0]) for lang in ("zh", "en"))
    table = _block(zh, Table, "各次巡检结果")
    # Baseline first, then the period's finished runs in order; the failed run is left out.
    assert [row[:4] for row in table.rows] == [
        [dt.date(2025, 12, 20), "基线", 80.0, 1],
        [dt.date(2026, 6, 1), "本期", "未评估", 1],
        [dt.date(2026, 11, 2), "本期", 92.5, 1],
    ]
    assert table.rows[0][4:7] == [1, 3, 2]
    assert table.rows[-1][4:] == [0, 1, 0, 1, 2]  # one major open, 1 new, 2 resolved
    chart = _block(zh, Chart, "网络健康度趋势")
    assert chart.kind == "line" and list(chart.series[0].values) == [80.0, 92.5]
    assert chart.categories == ["2025-12-20", "2026-11-02"]  # "not assessed" is no point
    assert "80.0" in chart.reading and "92.5" in chart.reading
    text = _text(zh)
    assert (
        "本期完成 2 次巡检" in text and "92.5 分" in text and "比 2025-12-20 提高 12.5 分" in text
    )
    assert "软件版本过旧" in text and "55.5" not in text and "12.0" not in text
    risks = _block(zh, Table, "主要待整改风险")
    assert risks.rows == [[1, "软件版本过旧", "重要", 1]]
    dims = _block(zh, Table, "健康度维度")
    assert dims.rows[0][:2] == ["硬件", 100.0] and ["安全", 80.0, "亚健康"] in dims.rows
    english = _text(en)
    assert "2 inspections ran in the period" in english and "12.5 points better" in english
    assert "Old software release" in english and "not assessed" in english
    assert "55.5" not in english


def test_version_and_vulnerability_exposure(documents: dict[str, Document]) -> None:
    zh, en = (_section(documents[lang], TITLES[lang][1]) for lang in ("zh", "en"))
    table = _block(zh, Table, "当前暴露（按公告级别）")
    assert table.rows == [["高危", 1, 0, 1], ["合计", 1, 0, 1]]
    chart = _block(zh, Chart, "当前暴露")
    assert chart.categories == ["高危"] and [list(s.values) for s in chart.series] == [[1.0], [0.0]]
    text = _text(zh)
    assert "当前有 1 台设备受 1 条公告影响" in text and "本期新增暴露 1 项，消除 0 项" in text
    assert "TEST-COMWARE-SSH-01" in text and "TEST-COMWARE-BGP-02" not in text
    assert "风险系数=42.5" in text and "风险等级=中" in text and "评估期=2026-Q1" in text
    notices = _block(zh, Table, "本期发布的风险通告")
    assert notices.rows == [
        [
            dt.date(2026, 10, 2),
            "TEST-COMWARE-SSH-01",
            "Comware SSH server denial of service (test advisory)",
            "高危",
        ]
    ]
    english = _text(en)
    assert "1 device is exposed now to 1 advisory" in english
    assert "In the period 1 opened and 0 closed" in english
    assert "risk coefficient at 42.5 (medium)" in english and "BGP" not in english


def test_tickets_trend(documents: dict[str, Document]) -> None:
    zh, en = (_section(documents[lang], TITLES[lang][2]) for lang in ("zh", "en"))
    chart = _block(zh, Chart, "各季度报单数")
    assert chart.categories == ["2026Q1", "2026Q2", "2026Q3", "2026Q4"]
    per_quarter = [sum(values) for values in zip(*(s.values for s in chart.series), strict=True)]
    assert per_quarter == [1, 1, 1, 0]
    severity = _block(zh, Table, "本期报单（按级别）")
    assert severity.rows == [["紧急", 2, 2, 0], ["严重", 1, 0, 1], ["合计", 3, 2, 1]]
    causes = _block(zh, Table, "已关闭报单的根因")
    assert causes.rows == [["硬件故障", 2, 100]]
    again = _block(zh, Table, "重复发生的问题")
    assert [row[2] for row in again.rows] == ["SR-2026-0301, SR-2026-0302"]
    important = _block(zh, Table, "重要报单")
    assert [row[0] for row in important.rows] == ["SR-2026-0101"]
    text = _text(zh)
    assert "本期共报单 3 张" in text and "发现重复发生的问题 1 个" in text
    assert "SR-2026-0202" not in text
    english = _text(en)
    assert "3 tickets were opened in the period" in english and "1 problem came back" in english
    assert "SR-2026-0202" not in english


def test_rendered_review_carries_the_sections(
    documents: dict[str, Document], tmp_path: Path
) -> None:
    path = render(documents["zh"], "docx", tmp_path / "review.docx")
    word = WordDocument(str(path))
    text = "\n".join(p.text for p in word.paragraphs)
    for title in TITLES["zh"]:
        assert title in text
    assert "网络健康度趋势" in text and "各季度报单数（按级别）" in text
    cells = {c.text for t in word.tables for row in t.rows for c in row.cells}
    assert "软件版本过旧" in cells and "TEST-COMWARE-SSH-01" in cells and "SR-2026-0101" in cells


@pytest.fixture
def emptied(world: World) -> Iterator[World]:
    """The foreign customer with nothing recorded by inspection, lifecycle or problems."""
    foreign = world.foreign
    HardeningPlan.objects.filter(customer=foreign).delete()
    Finding.objects.filter(customer=foreign).delete()
    InspectionRun.objects.filter(customer=foreign).delete()
    Exposure.objects.filter(customer=foreign).delete()
    VersionAssessment.objects.filter(customer=foreign).delete()
    RiskNotice.objects.filter(customer=foreign).delete()
    Ticket.objects.filter(customer=foreign).delete()
    yield world


def test_nothing_recorded(emptied: World) -> None:
    contract, own = emptied.obj("contract", "foreign"), emptied.obj("contract", "own")
    for language in ("zh", "en"):
        for section in (inspection_section, lifecycle_section, problems_section):
            assert section(contract, contract.start, ON, language) is None
            # The own customer's records lie outside this period.
            assert section(own, dt.date(2020, 1, 1), dt.date(2020, 12, 31), language) is None
        document = _review(emptied, "foreign", language)
        for title in TITLES[language]:
            assert _words(_section(document, title))[1:] == [NOTHING[language]]


def test_queries_are_bounded(recorded: World, django_assert_max_num_queries: Any) -> None:
    contract = recorded.obj("contract", "own")
    with django_assert_max_num_queries(3):
        inspection_section(contract, contract.start, ON, "zh")
    with django_assert_max_num_queries(7):
        lifecycle_section(contract, contract.start, ON, "zh")
    with django_assert_max_num_queries(2):
        problems_section(contract, contract.start, ON, "zh")
