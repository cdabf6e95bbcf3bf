"""The change-assurance record: published as a deliverable in zh and en (Word read back
with python-docx, PDF attached), linked to the change, closing its request."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from docx import Document as Docx

from netcare.assurance.services import changes, reviews, rosters
from tests.assurance.conftest import expert
from tests.assurance.world import WINDOW, aware
from tests.conftest import World


def _text(path: Path) -> str:
    doc = Docx(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_the_change_record_is_published_in_zh_and_en(w: World) -> None:
    ram = w.users["member_staff"]
    change = changes.do_file_change(
        w.own,
        title="核心交换机光模块更换",
        purpose="上联口 CRC 错误持续增长，更换光模块。",
        starts_at=aware(WINDOW[0]),
        ends_at=aware(WINDOW[1]),
        devices=[w.obj("device", "own")],
        steps="1. 关闭端口\n2. 更换光模块\n3. 开启端口",
        rollback="换回原光模块",
        actor=w.users["customer_admin"],
    )
    people = [expert(f"t.rec{i}", w.own) for i in range(3)]
    for person, speciality in zip(people, ["product_support", "industry", "rnd"], strict=True):
        reviews.do_name_reviewer(change, person, speciality, actor=ram)
    changes.do_submit_change(change, actor=w.users["customer_admin"])
    reviews.do_record_decision(change.reviews.get(reviewer=people[0]), "approve", actor=people[0])
    reviews.do_record_decision(
        change.reviews.get(reviewer=people[1]),
        "approve_with_conditions",
        conditions="研发远程在线待命",
        actor=people[1],
    )
    reviews.do_record_decision(change.reviews.get(reviewer=people[2]), "approve", actor=people[2])
    change.refresh_from_db()
    rosters.do_add_roster_entry(
        change,
        person=ram,
        mode="remote",
        starts_at=aware(WINDOW[0]),
        ends_at=aware(WINDOW[1]),
        duty="远程保障",
        actor=ram,
    )
    changes.do_schedule_change(change, actor=ram)
    changes.do_start_change(change, actor=ram)
    rosters.do_log_event(change, "22:10 端口关闭，开始更换。", actor=ram)
    changes.do_complete_change(
        change, "success", verification="30 分钟无 CRC 错误。", follow_ups="一周后复查", actor=ram
    )
    deliverable = changes.do_publish_change_record(change, actor=ram)
    change.refresh_from_db()
    assert change.state == "published" and change.deliverable == deliverable
    assert deliverable.state == "published" and deliverable.item.code == "change_assurance"
    assert change.request is not None
    change.request.refresh_from_db()
    assert change.request.state == "closed"
    files = {(f.language, f.format): f for f in deliverable.files.all()}
    assert set(files) == {("zh", "docx"), ("zh", "pdf"), ("en", "docx"), ("en", "pdf")}
    zh = _text(settings.REPORTS_DIR / files["zh", "docx"].file.name)
    en = _text(settings.REPORTS_DIR / files["en", "docx"].file.name)
    for word in (
        "变更保障记录",
        "变更目的与范围",
        "方案审核",
        "保障窗口与值守安排",
        "变更过程记录",
        "变更结果与验证",
        "后续事项",
        "有条件通过",
        "研发远程在线待命",
        "行业专家",
        "成功",
        "22:10 端口关闭",
        "换回原光模块",
    ):
        assert word in zh, word
    for word in (
        "Change assurance record",
        "Change purpose and scope",
        "Plan review",
        "Window and roster",
        "Timeline of the change",
        "Outcome and verification",
        "Follow-ups",
        "approved with conditions",
        "industry expert",
        "R&D",
        "success",
    ):
        assert word in en, word
