"""Consulting services: the proposal upload (kept as uploaded; a bad file refused with
nothing written), reviewers among the customer's staff, findings by area, the state
machines refusing illegal moves by name, the workshop from request to published minutes,
and what the customer sees before and after publication."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from docx import Document as read_docx
from tests.conftest import World

from netcare.consulting.models import (
    Assessment,
    AssessmentFinding,
    FollowUp,
    Workshop,
    WorkshopAttendee,
)
from netcare.consulting.services import assessments, workshops
from netcare.consulting.services.records import assessment_record
from netcare.delivery.models import Deliverable, ServiceRequest
from netcare.notifications.models import Notification

MARKDOWN = "# 扩容方案\n\n新增 4 对 Leaf。\n".encode()


def _docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def _uploads(customer_code: str) -> list[Path]:
    folder = Path(settings.DATA_DIR) / "uploads" / customer_code / "proposals"
    return sorted(folder.glob("*")) if folder.exists() else []


def _submit(w: World, name: str = "expansion.md", data: bytes = MARKDOWN) -> Assessment:
    return assessments.do_submit_proposal(
        w.own,
        title="数据中心 Spine-Leaf 扩容",
        proposal_kind="expansion",
        context="明年新增 320 台服务器。",
        file_name=name,
        data=data,
        actor=w.users["customer_admin"],
    )


def text_of(path: Path) -> str:
    document = read_docx(str(path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


# --- the upload ---------------------------------------------------------------------------


def test_submit_keeps_the_file_and_raises_the_request(w: World) -> None:
    before = set(_uploads("ECCB"))
    row = _submit(w, "方案 v2.docx", _docx_bytes())
    assert row.state == "submitted" and row.file_type == "docx" and row.file_name == "方案 v2.docx"
    kept = set(_uploads("ECCB")) - before
    assert len(kept) == 1 and next(iter(kept)).read_bytes() == _docx_bytes()
    assert assessments.proposal_path(row).read_bytes() == _docx_bytes()
    request = row.request
    assert request is not None and request.kind == "proposal_assessment"
    assert request.routed_to == w.users["member_staff"] == row.owner
    assert Notification.objects.filter(
        recipient=w.users["member_staff"], kind="request_raised", key=f"request:{request.pk}:raised"
    ).exists()


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("empty.pdf", b"", "empty.pdf is empty"),
        ("setup.exe", b"MZ\x90\x00", "files of type .exe are not accepted"),
        ("proposal", b"hello", "(no suffix)"),
        ("plan.pdf", b"<html>not a pdf</html>", "plan.pdf is not a valid .pdf file"),
        ("plan.docx", b"PK\x03\x04 truncated", "plan.docx is not a valid .docx file"),
        ("notes.md", b"\xff\xfe\x00b\x00i\x00n", "notes.md is not a valid .md file"),
    ],
)
def test_a_bad_file_is_refused_and_nothing_is_written(
    w: World, name: str, data: bytes, says: str
) -> None:
    before = (Assessment.objects.count(), ServiceRequest.objects.count(), _uploads("ECCB"))
    with pytest.raises(ValidationError) as refused:
        _submit(w, name, data)
    assert says in refused.value.message_dict["file"][0]
    after = (Assessment.objects.count(), ServiceRequest.objects.count(), _uploads("ECCB"))
    assert after == before


def test_a_file_over_the_limit_is_refused(w: World, monkeypatch: pytest.MonkeyPatch) -> None:
    from netcare.consulting import files

    monkeypatch.setattr(files, "MAX_BYTES", 1024 * 1024)
    before = _uploads("ECCB")
    with pytest.raises(ValidationError) as refused:
        _submit(w, "big.txt", b"x" * (1024 * 1024 + 1))
    assert "big.txt is 1.00 MB; proposals up to 1 MB are accepted" in str(refused.value)
    assert _uploads("ECCB") == before


def test_only_the_customer_and_its_leads_submit(w: World) -> None:
    for role in ("other_customer", "nonmember_staff", "hq"):
        with pytest.raises(PermissionDenied):
            assessments.do_submit_proposal(
                w.own,
                title="t",
                proposal_kind="change",
                context="c",
                file_name="a.md",
                data=MARKDOWN,
                actor=w.users[role],
            )


# --- reviewers and findings -----------------------------------------------------------------


def test_reviewers_are_the_customers_staff_and_are_told(w: World) -> None:
    row = _submit(w)
    ram, hq = w.users["member_staff"], w.users["hq"]
    with pytest.raises(ValidationError) as no_speciality:
        assessments.do_assign_reviewer(row, hq, actor=ram)
    assert "speciality" in no_speciality.value.message_dict
    for stranger in ("nonmember_staff", "fe", "customer_admin"):
        with pytest.raises(ValidationError) as refused:
            assessments.do_assign_reviewer(row, w.users[stranger], actor=ram)
        assert "is not one of ECCB's vendor staff" in refused.value.message_dict["user"][0]
    with pytest.raises(PermissionDenied):
        assessments.do_assign_reviewer(row, ram, actor=hq)  # only the RAM assigns
    reviewer = assessments.do_assign_reviewer(row, hq, speciality="rnd", actor=ram)
    assessments.do_assign_reviewer(row, ram, actor=ram)
    row.refresh_from_db()
    assert row.state == "in_review" and reviewer.speciality == "rnd"
    assert {r.speciality for r in row.reviewers.all()} == {"rnd", "l2_expert"}
    told = Notification.objects.get(recipient=hq, kind="consulting_reviewer_assigned")
    assert row.title in told.subject and "/consulting/assessments/" in told.link


def test_findings_by_area_from_assigned_reviewers_only(w: World) -> None:
    row = _submit(w)
    ram, hq = w.users["member_staff"], w.users["hq"]
    assessments.do_assign_reviewer(row, ram, actor=ram)
    with pytest.raises(ValidationError) as not_assigned:
        assessments.do_record_finding(
            row, area="security", severity="high", finding="f", recommendation="r", actor=hq
        )
    assert "only a reviewer assigned" in str(not_assigned.value)
    assessments.do_assign_reviewer(row, hq, speciality="product_support", actor=ram)
    written = [
        ("capacity", "high", "Spine 端口将用尽", "No room to grow", "Plan more spines", hq),
        ("availability", "high", "No multihoming design", "Leaf loss cuts servers", "Use ESI", ram),
        ("security", "medium", "仅靠 ACL 隔离", "越权访问", "经防火墙", hq),
        ("capacity", "low", "Oversubscription 3:1", "", "Six uplinks", hq),
    ]
    for area, severity, finding, risk, advice, author in written:
        assessments.do_record_finding(
            row,
            area=area,
            severity=severity,
            finding=finding,
            risk=risk,
            recommendation=advice,
            actor=author,
        )
    with pytest.raises(ValidationError) as unknown:
        assessments.do_record_finding(
            row, area="cost", severity="high", finding="f", recommendation="r", actor=hq
        )
    assert "unknown area 'cost'" in str(unknown.value)
    record = assessment_record(row, author="张伟", reviewer="张伟")
    grouped = {area: [f.finding for f in rows] for area, rows in record.by_area()}
    assert grouped == {
        "architecture": [],
        "capacity": ["Spine 端口将用尽", "Oversubscription 3:1"],
        "availability": ["No multihoming design"],
        "security": ["仅靠 ACL 隔离"],
        "operability": [],
    }
    assert [f.risk for f in record.risks()] == [
        "No room to grow",
        "Leaf loss cuts servers",
        "越权访问",
    ]
    assert record.severity_counts() == {"high": 2, "medium": 1, "low": 1, "info": 0}


# --- state machines ---------------------------------------------------------------------------


def test_illegal_assessment_moves_are_refused_by_name(w: World) -> None:
    row = _submit(w)
    ram = w.users["member_staff"]
    with pytest.raises(ValidationError) as early:
        assessments.do_publish_assessment(row, actor=ram)
    assert early.value.message_dict["state"] == [
        "proposal assessment: cannot move from 'submitted' to 'published'; allowed: in_review"
    ]
    with pytest.raises(ValidationError) as conclude:
        assessments.do_conclude(row, summary="", conclusion="ok", actor=ram)
    assert "from 'submitted' to 'assessed'" in conclude.value.message_dict["state"][0]
    assessments.do_assign_reviewer(row, ram, actor=ram)
    with pytest.raises(ValidationError) as empty:
        assessments.do_conclude(row, summary="", conclusion="ok", actor=ram)
    assert "record at least one finding" in str(empty.value)
    published = w.obj("assessment_published", "own")
    with pytest.raises(ValidationError) as final:
        assessments.do_reopen_review(published, actor=ram)
    assert final.value.message_dict["state"] == [
        "proposal assessment: cannot move from 'published' to 'in_review'; "
        "allowed: none (it is finished)"
    ]
    assert Deliverable.objects.filter(report_type="proposal_assessment").count() == 0


def test_illegal_workshop_moves_are_refused_by_name(w: World) -> None:
    ram = w.users["member_staff"]
    scheduled = w.obj("workshop", "own")
    with pytest.raises(ValidationError) as early:
        workshops.do_publish_minutes(scheduled, actor=ram)
    assert early.value.message_dict["state"] == [
        "technology workshop: cannot move from 'scheduled' to 'minutes_published'; "
        "allowed: cancelled, held"
    ]
    with pytest.raises(ValidationError):
        workshops.do_record_minutes(scheduled, "text", actor=ram)
    workshops.do_cancel_workshop(scheduled, reason="客户推迟", actor=ram)
    with pytest.raises(ValidationError) as cancelled:
        workshops.do_mark_held(scheduled, actor=ram)
    assert "from 'cancelled' to 'held'; allowed: none (it is finished)" in str(cancelled.value)


# --- publication and what the customer sees --------------------------------------------------


def test_assessment_published_as_a_report_the_customer_then_sees(w: World) -> None:
    row = _submit(w)
    ram, hq, viewer = w.users["member_staff"], w.users["hq"], w.users["customer_viewer"]
    assessments.do_assign_reviewer(row, ram, actor=ram)
    assessments.do_assign_reviewer(row, hq, speciality="product_support", actor=ram)
    for area, finding, advice in (
        ("capacity", "Spine 端口将用尽", "同步规划第三、四台 Spine"),
        ("operability", "Cut-over steps lack checks", "Add a checklist per batch"),
    ):
        assessments.do_record_finding(
            row,
            area=area,
            severity="high",
            finding=finding,
            risk="扩容受限",
            recommendation=advice,
            actor=hq,
        )
    assessments.do_conclude(row, summary="新增 4 对 Leaf。", conclusion="方案总体可行。", actor=ram)

    def seen() -> tuple[bool, int, int]:
        mine = Assessment.objects.visible_to(viewer).filter(pk=row.pk).exists()
        findings = AssessmentFinding.objects.visible_to(viewer).filter(assessment=row).count()
        return mine, findings, row.reviewers.model.objects.visible_to(viewer).count()

    before_reviewers = seen()[2]
    assert seen() == (True, 0, before_reviewers)  # the submission, not the review
    deliverable = assessments.do_publish_assessment(row, actor=ram)
    row.refresh_from_db()
    assert row.state == "published" and row.deliverable == deliverable
    assert deliverable.state == "published" and deliverable.item.code == "proposal_assessment"
    assert seen() == (True, 2, before_reviewers + 2)
    assert row.request is not None
    row.request.refresh_from_db()
    assert row.request.state == "closed" and "assessment report published" in row.request.resolution
    files = {(f.language, f.format): f for f in deliverable.files.all()}
    assert {"docx", "pdf", "xlsx"} <= {fmt for _lang, fmt in files}
    zh = text_of(Path(settings.REPORTS_DIR) / files[("zh", "docx")].file.name)
    en = text_of(Path(settings.REPORTS_DIR) / files[("en", "docx")].file.name)
    for heading in ("方案概述", "评审团队", "分方面评审发现", "风险汇总", "改进建议", "评估结论"):
        assert heading in zh
    for heading in ("Proposal summary", "Review team", "Findings by area", "Risk summary"):
        assert heading in en
    for words in ("Spine 端口将用尽", "Cut-over steps lack checks", "同步规划第三、四台 Spine"):
        assert words in zh and words in en  # reviewers' text as written, in both
    assert "技术方案评估报告" in zh and "Technical proposal assessment report" in en
    assert "可运维性" in zh and "Operability" in en and "产品技术支持专家" in zh


def test_workshop_from_request_to_published_minutes(w: World) -> None:
    ram, hq, admin = w.users["member_staff"], w.users["hq"], w.users["customer_admin"]
    row = workshops.do_request_workshop(
        w.own, topic="SRv6 与 EVPN-VXLAN 园区", description="分行广域网是否适用", actor=admin
    )
    assert row.state == "requested" and row.request.kind == "technology_workshop"
    starts = timezone.now() - dt.timedelta(days=2)
    with pytest.raises(ValidationError) as nobody:
        workshops.do_schedule_workshop(
            row, starts_at=starts, ends_at=starts + dt.timedelta(hours=3), place="1201", actor=ram
        )
    assert "book at least one expert" in str(nobody.value)
    with pytest.raises(ValidationError):
        workshops.do_book_expert(row, hq, actor=ram)  # an HQ expert needs a speciality
    workshops.do_book_expert(row, hq, speciality="rnd", actor=ram)
    assert Notification.objects.filter(recipient=hq, kind="consulting_expert_booked").count() == 1
    with pytest.raises(ValidationError) as backwards:
        workshops.do_schedule_workshop(
            row, starts_at=starts, ends_at=starts, place="1201", actor=ram
        )
    assert "ends before it starts" in str(backwards.value)
    with pytest.raises(ValidationError) as nowhere:
        workshops.do_schedule_workshop(
            row, starts_at=starts, ends_at=starts + dt.timedelta(hours=3), actor=ram
        )
    assert "place or the online link" in str(nowhere.value)
    workshops.do_schedule_workshop(
        row,
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=3),
        place="总行 12 楼会议室",
        online_link="https://meeting.example/srv6",
        actor=ram,
    )
    assert row.state == "scheduled"
    told = Notification.objects.filter(recipient=hq, kind="consulting_expert_booked")
    assert told.count() == 2 and "总行 12 楼会议室" in told.order_by("-id")[0].body
    with pytest.raises(ValidationError) as too_early:
        workshops.do_mark_held(row, actor=ram, now=starts - dt.timedelta(hours=1))
    assert "mark it held afterwards" in str(too_early.value)
    workshops.do_mark_held(row, actor=ram)
    workshops.do_add_attendee(row, side="vendor", name="陈静", title="研发", actor=ram)
    workshops.do_add_attendee(row, side="customer", name="Chen Li", title="Network", actor=ram)
    follow_up = workshops.do_add_follow_up(
        row, text="列出需升级的设备", owner="张伟", due=dt.date(2027, 1, 15), actor=ram
    )
    viewer = w.users["customer_viewer"]
    assert not WorkshopAttendee.objects.visible_to(viewer).filter(workshop=row).exists()
    assert not FollowUp.objects.visible_to(viewer).filter(workshop=row).exists()
    with pytest.raises(ValidationError) as no_minutes:
        workshops.do_publish_minutes(row, actor=ram)
    assert "write the minutes" in str(no_minutes.value)
    workshops.do_record_minutes(row, "一、SRv6 介绍\n\nWe agreed to pilot EVPN first.", actor=ram)
    deliverable = workshops.do_publish_minutes(row, actor=ram)
    row.refresh_from_db()
    assert row.state == "minutes_published" and row.deliverable == deliverable
    assert Workshop.objects.visible_to(viewer).get(pk=row.pk).minutes_released
    assert WorkshopAttendee.objects.visible_to(viewer).filter(workshop=row).count() == 2
    row.request.refresh_from_db()
    assert row.request.state == "closed"
    workshops.do_set_follow_up_done(follow_up, True, actor=ram)
    assert FollowUp.objects.visible_to(viewer).get(pk=follow_up.pk).done
    files = {(f.language, f.format): f for f in deliverable.files.all()}
    zh = text_of(Path(settings.REPORTS_DIR) / files[("zh", "docx")].file.name)
    en = text_of(Path(settings.REPORTS_DIR) / files[("en", "docx")].file.name)
    assert "研讨会纪要" in zh and "Technology workshop minutes" in en
    for words in ("SRv6 与 EVPN-VXLAN 园区", "We agreed to pilot EVPN first.", "列出需升级的设备"):
        assert words in zh and words in en
    assert "研讨纪要" in zh and "后续行动" in zh and "Follow-ups" in en and "研发" in zh


def test_cancelling_closes_the_request(w: World) -> None:
    ram = w.users["member_staff"]
    row = workshops.do_request_workshop(
        w.own, topic="SD-WAN", description="", actor=w.users["customer_viewer"]
    )
    with pytest.raises(ValidationError):
        workshops.do_cancel_workshop(row, reason="  ", actor=ram)
    workshops.do_cancel_workshop(row, reason="客户推迟到明年", actor=ram)
    row.request.refresh_from_db()
    assert row.state == "cancelled" and row.request.state == "closed"
    assert row.request.resolution == "客户推迟到明年"
