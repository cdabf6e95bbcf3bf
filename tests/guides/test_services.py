"""The guide on a real database: it follows the features each device runs (read from
real running configurations stored as collection facts), puts the checks that watch an
open inspection finding first, takes a custom section only once the L2 expert, the
customer and the field engineer all agreed, and is generated in zh and en (Word and
PDF), read back, published — completing the plan's ``maintenance_guide`` obligation —
and drafted by the schedule a month before that obligation falls due."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from tests.conftest import World
from tests.lifecycle.reports.readback import PLACEHOLDERS, Word, flat, pdf_pages
from typer.testing import CliRunner

from netcare.collection.models import Fact
from netcare.collection.parsing.features import detect_features
from netcare.customers import services as customer_services
from netcare.customers.models import Role
from netcare.delivery.models import Obligation
from netcare.guides.models import GuideSection, MaintenanceGuide
from netcare.guides.services import guides, sections
from netcare.inspection.models import Finding, InspectionRun
from netcare.inventory import services as inventory_services
from netcare.inventory.models import Platform
from netcare.notifications.models import Notification

DATA = Path(__file__).resolve().parents[1] / "data" / "inspection"


def _config(platform: str, sample: str) -> str:
    return (DATA / platform / sample / "running_config.txt").read_text(encoding="utf-8")


def _facts(device: Any, platform: str, sample: str) -> None:
    """Store a device's facts as a collection with its configuration leaves them."""
    text = _config(platform, sample)
    Fact.objects.update_or_create(
        device=device,
        defaults={
            "customer": device.customer,
            "platform": platform,
            "facts": {"config_text": text, "features": detect_features(platform, text)},
            "collected_at": timezone.now(),
            "method": "manual",
        },
    )


def _device(world: World, hostname: str, platform: str, model: str) -> Any:
    return inventory_services.do_create_device(
        world.own,
        actor=world.users["admin"],
        hostname=hostname,
        management_address="10.0.0.9",
        platform=Platform.objects.get(slug=platform),
        model=model,
        software_version="15.2(4)M7",
    )


@pytest.fixture
def network(world: World) -> dict[str, Any]:
    """The own customer: its IRF core (real Comware 7 configuration), a border router
    running BGP and an edge router without it (real IOS configurations), and a leaf
    whose configuration was never collected."""
    core = world.obj("device", "own")
    _facts(core, "hp_comware", "ntc123456-cw7")
    border = _device(world, "ECCB-BORDER-01", "cisco_ios", "ISR4451-X")
    _facts(border, "cisco_ios", "as2border2")
    edge = _device(world, "ECCB-EDGE-01", "cisco_ios", "CSR1000V")
    _facts(edge, "cisco_ios", "csr1-napalm")
    leaf = _device(world, "ECCB-LEAF-01", "arista_eos", "DCS-7050SX3-48YC8")
    return {"core": core, "border": border, "edge": edge, "leaf": leaf}


def _devices_of(chosen: Any, check_id: str) -> tuple[str, ...]:
    found = [c for c in chosen.checks if c.item.id == check_id]
    return found[0].devices if found else ()


def test_the_guide_follows_the_features_in_use(world: World, network: dict[str, Any]) -> None:
    chosen = guides.select_for(world.own)
    assert _devices_of(chosen, "ios.bgp_summary") == ("ECCB-BORDER-01",)
    assert _devices_of(chosen, "common.show_ip_ospf_neighbor") == (
        "ECCB-BORDER-01",
        "ECCB-EDGE-01",
    )
    assert _devices_of(chosen, "comware.irf") == (network["core"].hostname,)
    assert _devices_of(chosen, "comware.bgp_peer") == (network["core"].hostname,)
    # the leaf's features are unknown: it gets its hardware checks and nothing more
    assert _devices_of(chosen, "eos.environment_power") == ("ECCB-LEAF-01",)
    assert not _devices_of(chosen, "eos.mlag") and not _devices_of(chosen, "eos.bgp_summary")
    assert chosen.unknown_features == ("ECCB-LEAF-01",)
    assert chosen.platforms == ("hp_comware", "cisco_ios", "arista_eos")
    # a decommissioned device leaves the guide
    inventory_services.do_update_device(
        network["border"], actor=world.users["admin"], status="decommissioned"
    )
    assert not _devices_of(guides.select_for(world.own), "ios.bgp_summary")


def _run(world: World, device: Any, findings: list[tuple[str, str, str]], **kw: Any) -> Any:
    run = InspectionRun.objects.create(
        customer=world.own, state="finished", finished=timezone.now(), **kw
    )
    for rule_id, severity, status in findings:
        Finding.objects.create(
            customer=world.own,
            run=run,
            device=device,
            rule_id=rule_id,
            pack=rule_id.split(".")[0],
            severity=severity,
            category="hardware",
            title_zh={"common.psu_failed": "电源模块故障"}.get(rule_id, rule_id),
            title_en={"common.psu_failed": "Power supply failed"}.get(rule_id, rule_id),
            fingerprint=f"{rule_id}-{run.pk}",
            status=status,
        )
    return run


def test_open_findings_put_the_checks_that_watch_them_first(
    world: World, network: dict[str, Any]
) -> None:
    core = network["core"]
    older = timezone.now() - dt.timedelta(days=90)
    _run(world, core, [("common.cpu_high", "major", "open")], created=older)
    _run(
        world,
        core,
        [
            ("common.psu_failed", "critical", "open"),
            ("common.fan_failed", "critical", "resolved"),
            ("common.memory_high", "minor", "accepted_risk"),
        ],
    )
    chosen = guides.select_for(world.own)
    daily = chosen.by_frequency("daily")
    watched = [c for c in daily if c.watched]
    assert {c.item.id for c in watched} == {"comware.power", "common.display_alarm"}
    assert daily[: len(watched)] == watched
    assert (
        watched[0].risks[0].title.zh == "电源模块故障"
        and watched[0].risks[0].severity == "critical"
    )
    # only the latest run's open findings count
    assert not any(
        c.watched for c in chosen.checks if c.item.id in {"comware.fan", "comware.memory"}
    )
    assert not any(c.watched for c in chosen.checks if c.item.id == "common.display_cpu")


def _engineer(world: World) -> Any:
    user = customer_services.do_create_user("t.fe_guides", password="pw-fe", actor=None)
    customer_services.do_grant_membership(
        user, world.own, Role.FIELD_ENGINEER, actor=world.users["admin"]
    )
    return user


TEXT = {
    "title_zh": "核心 IRF 每日确认",
    "title_en": "Daily IRF confirmation",
    "text_zh": "每日执行 display irf 确认两台成员在位。",
    "text_en": "Run display irf every day and confirm both members are present.",
}


def test_a_custom_section_enters_only_after_all_three_agreed(world: World) -> None:
    ram, customer_admin = world.users["member_staff"], world.users["customer_admin"]
    engineer = _engineer(world)
    with pytest.raises(PermissionDenied):
        sections.do_add_section(world.own, actor=customer_admin, **TEXT)
    section = sections.do_add_section(world.own, actor=ram, **TEXT)
    with pytest.raises(PermissionDenied):
        sections.do_agree_section(section, "customer", actor=world.users["customer_viewer"])
    with pytest.raises(ValidationError, match="agrees for the expert"):
        sections.do_agree_section(section, "expert", actor=customer_admin)
    with pytest.raises(ValidationError, match="agrees for the field_engineer"):
        sections.do_agree_section(section, "field_engineer", actor=ram)
    with pytest.raises(PermissionDenied):  # another customer's admin
        sections.do_agree_section(section, "customer", actor=world.users["other_customer"])
    sections.do_agree_section(section, "expert", actor=ram)
    sections.do_agree_section(section, "customer", actor=customer_admin)
    assert guides.guide_record(world.own, 2026).sections == ()
    section = sections.do_agree_section(section, "field_engineer", actor=engineer)
    assert section.agreed and section.customer_party == customer_admin
    record = guides.guide_record(world.own, 2026)
    assert [s.title.en for s in record.sections] == ["Daily IRF confirmation"]
    assert [role.en for role, _who, _when in record.sections[0].agreed] == [
        "L2 expert",
        "customer",
        "field engineer",
    ]
    # rewording clears the agreement: the parties agreed to the old text
    section = sections.do_update_section(section, actor=ram, text_en="Run display irf twice a day.")
    assert not section.agreed and section.expert is None
    assert guides.guide_record(world.own, 2026).sections == ()
    assert GuideSection.objects.filter(customer=world.foreign).count() == 1  # the world's only


def _obligation(world: World) -> Obligation:
    found = (
        Obligation.objects.filter(customer=world.own, item__code="maintenance_guide", state="open")
        .order_by("due")
        .first()
    )
    assert found is not None, "the world's plan has the yearly maintenance-guide obligation"
    return found


def test_generate_read_back_publish_and_complete_the_obligation(
    world: World, network: dict[str, Any], settings: Any, tmp_path: Path
) -> None:
    settings.REPORTS_DIR = tmp_path / "reports"
    ram = world.users["member_staff"]
    _run(world, network["core"], [("common.psu_failed", "critical", "open")])
    section = sections.do_add_section(world.own, actor=ram, **TEXT)
    engineer = _engineer(world)
    for party, user in (
        ("expert", ram),
        ("customer", world.users["customer_admin"]),
        ("field_engineer", engineer),
    ):
        sections.do_agree_section(section, party, actor=user)
    obligation = _obligation(world)
    guide = guides.do_generate_guide(world.own, actor=ram, year=2026)
    assert guide.state == MaintenanceGuide.State.DRAFT
    assert not MaintenanceGuide.objects.visible_to(world.users["customer_viewer"]).filter(
        pk=guide.pk
    )
    assert guide.deliverable is not None and guide.deliverable.obligation == obligation
    files = {(f.format, f.language): f for f in guide.deliverable.files.all()}
    assert set(files) == {("docx", "zh"), ("docx", "en"), ("pdf", "zh"), ("pdf", "en")}
    assert guide.stats["devices"] == 4 and guide.stats["checks"]["daily"] > 10

    zh = Word(settings.REPORTS_DIR / files[("docx", "zh")].file.name)
    en = Word(settings.REPORTS_DIR / files[("docx", "en")].file.name)
    for word, headings in (
        (
            zh,
            [
                "使用说明",
                "重点关注：巡检发现的风险",
                "H3C Comware",
                "Cisco IOS",
                "Arista EOS",
                "客户专属维护内容",
                "检查清单",
                "升级联系人",
                "参考资料",
            ],
        ),
        (
            en,
            [
                "How to use this guide",
                "First: risks the inspection found",
                "H3C Comware",
                "Cisco IOS",
                "Arista EOS",
                "Customer-specific maintenance",
                "Checklists",
                "Escalation contacts",
                "Reference documents",
            ],
        ),
    ):
        numbered = [h.split(" ", 1)[1] for h in word.numbered()]
        assert numbered == headings, numbered
        assert not PLACEHOLDERS.search(word.text)
    assert any(h.endswith("核心 IRF 每日确认") for h in zh.headings)
    daily = en.table("Platform", "Check", "Command", "Done")
    assert daily[1][0] == "Comware" and daily[1][1].startswith("★")
    rows = {(r[0], r[2]) for r in daily[1:]}
    assert ("IOS", "show ip bgp summary") in rows and ("Comware", "display irf") in rows
    assert all(set(r[0].split("/")) <= {"Comware", "IOS", "EOS"} for r in daily[1:])
    assert ("IOS/EOS", "show logging last 200") in rows  # a shared check: one row
    assert len(daily) <= 30  # one page: the table stays short
    watched = zh.table("检查", "频次", "命令", "关注的风险")
    assert "电源模块故障" in watched[1][3] and watched[1][4] == "严重"
    contacts = en.table("Role", "Name", "Phone", "E-mail")
    roles = [r[0] for r in contacts[1:]]
    assert "Dedicated L2 expert (RAM)" in roles and "Key account manager (ASM)" in roles
    assert any(r[1] == "ECCB contact" for r in contacts[1:])
    assert "show bgp summary" not in en.text  # no Junos device, no Junos check
    pdf = flat("".join(pdf_pages(settings.REPORTS_DIR / files[("pdf", "zh")].file.name)))
    assert "日常维护指导手册" in pdf and "检查清单" in pdf

    deliverable = guides.do_publish_guide(guide, actor=ram)
    obligation.refresh_from_db()
    guide.refresh_from_db()
    assert obligation.state == "done" and obligation.completed_by == deliverable
    assert guide.state == MaintenanceGuide.State.PUBLISHED
    assert MaintenanceGuide.objects.visible_to(world.users["customer_viewer"]).filter(pk=guide.pk)
    assert not MaintenanceGuide.objects.visible_to(world.users["other_customer"]).filter(
        pk=guide.pk
    )
    with pytest.raises(PermissionDenied):
        guides.do_generate_guide(world.own, actor=world.users["customer_admin"])


def test_the_schedule_drafts_a_month_ahead_and_tells_the_ram_once(
    world: World, settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.REPORTS_DIR = tmp_path / "reports"

    def light(record: Any, path: Path, language: str) -> Path:
        # Rendering is proven above; here the schedule's choices are under test.
        Path(path).write_bytes(b"%PDF-1.7 " if str(path).endswith(".pdf") else b"PK")
        return Path(path)

    monkeypatch.setattr(guides, "render_guide", light)
    MaintenanceGuide.objects.filter(customer=world.own).delete()  # the world's own editions
    obligation = _obligation(world)
    assert guides.draft_due_guides(obligation.due - dt.timedelta(days=45)) == []
    drafted = guides.draft_due_guides(obligation.due - dt.timedelta(days=20))
    assert [(g.customer.code, g.year) for g in drafted] == [("ECCB", obligation.due.year)]
    assert guides.draft_due_guides(obligation.due - dt.timedelta(days=19)) == []
    told = Notification.objects.filter(kind="guide_drafted")
    assert [n.recipient for n in told] == [world.users["member_staff"]]
    assert str(obligation.due.year) in told[0].subject


def test_the_cli_generates_and_publishes(
    world: World, network: dict[str, Any], settings: Any, tmp_path: Path
) -> None:
    from netcare.cli import app

    settings.REPORTS_DIR = tmp_path / "reports"
    runner = CliRunner()
    out = tmp_path / "guide-en.docx"
    done = runner.invoke(
        app, ["guide", "--customer", "ECCB", "--lang", "en", "--out", str(out), "--publish"]
    )
    assert done.exit_code == 0, done.output
    assert "published" in done.output and out.exists()
    assert "How to use this guide" in Word(out).text
    done_ones = Obligation.objects.filter(
        customer=world.own, item__code="maintenance_guide", state="done"
    )
    assert done_ones.count() == 1
    assert runner.invoke(app, ["guide", "--customer", "NOPE"]).exit_code == 2
    assert runner.invoke(app, ["guide", "--customer", "ECCB", "--out", "x.txt"]).exit_code == 2
