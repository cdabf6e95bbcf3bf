"""The customer's daily-maintenance guide: what it holds, generating an edition,
publishing it, and the yearly draft.

What a guide holds comes from the customer's active devices (platform, model) and the
features each runs — the same reading lifecycle's matcher makes of collection's facts:
the features of the last collected configuration, unknown when none was collected —
and the open findings of its latest inspection. Generating renders the guide in zh and
en (Word and PDF) onto a draft deliverable of the ``maintenance_guide`` item linked to
the plan's open obligation; publishing releases it, which completes that obligation.
Obligations come only from the plan: this module never creates one.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from netcare.collection.models import Fact
from netcare.contracts import services as contract_services
from netcare.core.access import recorded_user, require
from netcare.core.people import display_name
from netcare.core.services import save_validated
from netcare.core.text import Text
from netcare.customers.models import Contact, Customer, Membership, Role
from netcare.delivery.models import Deliverable, Obligation
from netcare.delivery.services import (
    do_attach_file,
    do_create_deliverable,
    do_publish,
    do_withdraw,
    next_open_obligation,
)
from netcare.guides import selection
from netcare.guides.models import GuideSection, MaintenanceGuide
from netcare.guides.summary import ContactRow, CustomSection, DocumentRef, GuideRecord
from netcare.inspection.models import Finding
from netcare.inspection.services.findings import latest_run
from netcare.inventory.models import Device

if TYPE_CHECKING:
    from netcare.core.access import Actor

__all__ = [
    "ITEM",
    "LANGUAGES",
    "device_profiles",
    "do_generate_guide",
    "do_publish_guide",
    "draft_due_guides",
    "guide_record",
    "open_risks",
    "render_guide",
    "select_for",
]

ITEM = "maintenance_guide"
LANGUAGES = ("zh", "en")
#: A guide is drafted this many days before its obligation falls due.
DRAFT_AHEAD = dt.timedelta(days=30)


def device_profiles(customer: Customer) -> list[selection.DeviceProfile]:
    """The customer's active devices as selection sees them (two queries)."""
    devices = list(
        Device.objects.filter(customer=customer, status=Device.Status.ACTIVE)
        .select_related("platform")
        .order_by("hostname")
    )
    facts = {
        f.device_id: f.facts
        for f in Fact.objects.filter(device_id__in=[d.pk for d in devices]).only(
            "device_id", "facts"
        )
    }
    profiles = []
    for device in devices:
        data = facts.get(device.pk) or {}
        # As lifecycle's matcher reads them: features are known only from a configuration.
        features = frozenset(data.get("features") or ()) if data.get("config_text") else None
        profiles.append(
            selection.DeviceProfile(
                key=str(device.pk),
                hostname=device.hostname,
                platform=device.platform.slug,
                model=device.model or str(data.get("model") or ""),
                features=features,
            )
        )
    return profiles


def open_risks(customer: Customer) -> list[selection.Risk]:
    """The open findings of the customer's latest inspection, one risk per rule."""
    run = latest_run(customer)
    if run is None:
        return []
    by_rule: dict[str, dict[str, Any]] = {}
    rows = Finding.objects.filter(run=run, status=Finding.Status.OPEN).values(
        "rule_id", "title_zh", "title_en", "severity", "device_id"
    )
    for row in rows:
        entry = by_rule.setdefault(
            row["rule_id"],
            {
                "title": Text(row["title_zh"], row["title_en"]),
                "severity": row["severity"],
                "devices": set(),
            },
        )
        entry["devices"].add(str(row["device_id"]))
        if selection.severity_rank(row["severity"]) < selection.severity_rank(entry["severity"]):
            entry["severity"] = row["severity"]
    return [
        selection.Risk(rule_id, e["title"], e["severity"], frozenset(e["devices"]))
        for rule_id, e in sorted(by_rule.items())
    ]


def select_for(customer: Customer) -> selection.Selection:
    """The checks of the customer's guide as things stand."""
    return selection.select(selection.library(), device_profiles(customer), open_risks(customer))


def _contacts(customer: Customer) -> tuple[ContactRow, ...]:
    """Escalation order: the customer's own contacts (primary first), then the RAM and
    the ASM named on the current contract (else by membership)."""
    rows: list[ContactRow] = []
    for contact in Contact.objects.filter(customer=customer).order_by("-is_primary", "name"):
        rows.append(
            ContactRow(
                Text("客户联系人", "Customer contact")
                if not contact.is_primary
                else Text("客户主要联系人", "Customer primary contact"),
                contact.name,
                contact.phone,
                contact.email,
                Text(contact.title, contact.title) if contact.title else None,
            )
        )
    contract = contract_services.current_contract(customer)
    for role, label, note in (
        (
            Role.L2_EXPERT,
            Text("专属L2专家（RAM）", "Dedicated L2 expert (RAM)"),
            Text("技术问题第一联系人", "First call for technical problems"),
        ),
        (
            Role.ASM,
            Text("大客户经理（ASM）", "Key account manager (ASM)"),
            Text("资源协调与服务升级", "Resources and service escalation"),
        ),
    ):
        user = contract_services.assignee(contract, role) if contract is not None else None
        if user is None:
            member = (
                Membership.objects.filter(customer=customer, role=role, user__is_active=True)
                .select_related("user")
                .order_by("created", "id")
                .first()
            )
            user = member.user if member is not None else None
        if user is not None:
            rows.append(
                ContactRow(label, display_name(user) or user.username, "", user.email, note)
            )
    return tuple(rows)


def _documents(
    platforms: tuple[str, ...], tags: tuple[str, ...]
) -> dict[str, tuple[DocumentRef, ...]]:
    """Library documents the guide draws on, per language (none until the library
    exists)."""
    try:
        from netcare.knowledge.services.library import documents_for
    except ModuleNotFoundError as exc:  # the library app is not installed
        if not (exc.name or "").startswith("netcare.knowledge"):
            raise
        return {}
    found: dict[str, tuple[DocumentRef, ...]] = {}
    for language in LANGUAGES:
        docs = documents_for(platforms, tags, language=language)
        found[language] = tuple(
            DocumentRef(d.title(language), d.slug, tuple(sorted(set(d.tags) & set(tags))))
            for d in docs
        )
    return found


def _sections(customer: Customer) -> tuple[CustomSection, ...]:
    """The custom sections all three parties agreed to, in order."""
    rows = GuideSection.objects.filter(customer=customer).select_related(
        "expert", "customer_party", "field_engineer"
    )
    agreed = []
    for s in rows:
        if not s.agreed:
            continue
        parties = (
            (Text("L2专家", "L2 expert"), s.expert, s.expert_agreed_at),
            (Text("客户", "customer"), s.customer_party, s.customer_agreed_at),
            (Text("一线工程师", "field engineer"), s.field_engineer, s.field_engineer_agreed_at),
        )
        agreed.append(
            CustomSection(
                Text(s.title_zh, s.title_en),
                Text(s.text_zh, s.text_en),
                tuple(
                    (
                        role,
                        display_name(user) or getattr(user, "username", ""),
                        timezone.localdate(at),
                    )
                    for role, user, at in parties
                    if at is not None
                ),
            )
        )
    return tuple(agreed)


def guide_record(
    customer: Customer, year: int, *, author: str = "", reviewer: str = "", version: str = "1.0"
) -> GuideRecord:
    """Everything the customer's guide of ``year`` says, from the database as it is now;
    the RAM reviews it (and is its author when no one else is named)."""
    ram = display_name(_ram(customer))
    author = author or ram or "NetCare"
    reviewer = reviewer or ram or author
    chosen = select_for(customer)
    collected = Fact.objects.filter(customer=customer).aggregate(last=Max("collected_at"))["last"]
    run = latest_run(customer)
    return GuideRecord(
        customer=Text(customer.name_zh, customer.name_en or customer.name_zh),
        year=year,
        day=timezone.localdate(),
        author=author,
        reviewer=reviewer,
        version=version,
        selection=chosen,
        contacts=_contacts(customer),
        documents=_documents(chosen.platforms, chosen.tags),
        sections=_sections(customer),
        facts_collected=timezone.localdate(collected) if collected else None,
        inspected=timezone.localdate(run.created) if run is not None else None,
        library_files=tuple(sorted({c.source for c in selection.library()})),
    )


def render_guide(record: GuideRecord, path: Path, language: str) -> Path:
    """Write the guide (``.docx``, ``.pdf`` or ``.html`` by suffix)."""
    from netcare.guides import reports

    return reports.write_guide(record, path, language)


def _stats(record: GuideRecord) -> dict[str, Any]:
    s = record.selection
    return {
        "devices": s.device_count,
        "platforms": list(s.platforms),
        "features": list(s.features),
        "checks": {f: len(s.by_frequency(f)) for f in selection.FREQUENCIES},
        "watched": [{"check": c.item.id, "rules": [r.rule_id for r in c.risks]} for c in s.watched],
        "unknown_features": list(s.unknown_features),
        "sections": len(record.sections),
        "documents": {lang: [d.slug for d in docs] for lang, docs in record.documents.items()},
    }


def _deliverable(guide: MaintenanceGuide, *, actor: Actor) -> Deliverable:
    if guide.deliverable is not None:
        if guide.deliverable.state == Deliverable.State.PUBLISHED:
            do_withdraw(guide.deliverable, actor=actor)
        return guide.deliverable
    return do_create_deliverable(
        guide.customer,
        item=ITEM,
        title=f"日常维护指导手册 · {guide.year}",
        title_en=f"Daily maintenance guide · {guide.year}",
        kind=Deliverable.Kind.REPORT,
        report_type="maintenance_guide",
        period_start=dt.date(guide.year, 1, 1),
        period_end=dt.date(guide.year, 12, 31),
        obligation=next_open_obligation(guide.customer, ITEM),
        actor=actor,
    )


@transaction.atomic
def do_generate_guide(
    customer: Customer, *, actor: Actor, year: int | None = None
) -> MaintenanceGuide:
    """Generate (or regenerate) the customer's guide of ``year`` (this year by default):
    select the checks, render zh and en as Word and PDF, and attach them to the guide's
    draft deliverable. A published edition generated again goes back to draft."""
    require(actor, "manage_guides", customer)
    year = year or timezone.localdate().year
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": f"{year} is not a plausible year"})
    guide = MaintenanceGuide.objects.filter(customer=customer, year=year).first()
    if guide is None:
        guide = save_validated(
            MaintenanceGuide(customer=customer, year=year, created_by=recorded_user(actor)),
            actor=actor,
        )
    record = guide_record(customer, year, author=display_name(actor) if actor else "")
    deliverable = _deliverable(guide, actor=actor)
    stem = f"{customer.code}-maintenance-guide-{year}"
    with tempfile.TemporaryDirectory(prefix="netcare-guide-") as tmp:
        for language in LANGUAGES:
            for fmt in ("docx", "pdf"):
                path = Path(tmp) / f"{stem}-{language}.{fmt}"
                render_guide(record, path, language)
                do_attach_file(deliverable, path, fmt=fmt, language=language, actor=actor)
    return save_validated(
        guide,
        actor=actor,
        deliverable=deliverable,
        stats=_stats(record),
        state=MaintenanceGuide.State.DRAFT,
        generated_at=timezone.now(),
        published_at=None,
    )


@transaction.atomic
def do_publish_guide(guide: MaintenanceGuide, *, actor: Actor) -> Deliverable:
    """Release the guide to the customer; its deliverable completes the plan's open
    ``maintenance_guide`` obligation it was linked to."""
    require(actor, "publish_deliverables", guide.customer_id)
    if guide.deliverable is None:
        raise ValidationError({"deliverable": "generate the guide first"})
    deliverable = guide.deliverable
    if deliverable.obligation is None:
        obligation = next_open_obligation(guide.customer, ITEM)
        if obligation is not None:
            deliverable = save_validated(
                deliverable, actor=actor, obligation=obligation, contract=obligation.plan.contract
            )
    do_publish(deliverable, actor=actor)
    save_validated(
        guide, actor=actor, state=MaintenanceGuide.State.PUBLISHED, published_at=timezone.now()
    )
    return deliverable


def _ram(customer: Customer) -> Any:
    contract = contract_services.current_contract(customer)
    user = contract_services.assignee(contract, Role.L2_EXPERT) if contract else None
    if user is None:
        member = (
            Membership.objects.filter(customer=customer, role=Role.L2_EXPERT)
            .select_related("user")
            .first()
        )
        user = member.user if member else None
    return user


def draft_due_guides(today: dt.date | None = None) -> list[MaintenanceGuide]:
    """The schedule's work: for every open ``maintenance_guide`` obligation falling due
    within 30 days whose year has no guide yet, draft the guide and tell the RAM.
    Idempotent: a guide already drafted is left alone, a RAM is told once."""
    from netcare.notifications.services import notify

    day = today or timezone.localdate()
    due = (
        Obligation.objects.filter(
            item__code=ITEM, state=Obligation.State.OPEN, due__lte=day + DRAFT_AHEAD
        )
        .select_related("customer")
        .order_by("due", "id")
    )
    drafted = []
    for obligation in due:
        customer = obligation.customer
        year = obligation.due.year
        if MaintenanceGuide.objects.filter(customer=customer, year=year).exists():
            continue
        guide = do_generate_guide(customer, actor=None, year=year)
        drafted.append(guide)
        ram = _ram(customer)
        notify(
            [ram] if ram is not None else [],
            "guide_drafted",
            {"guide": guide, "obligation": obligation, "checks": guide.stats.get("checks", {})},
            key=f"guide:{guide.pk}:drafted",
            customer=customer,
            link=reverse("guides:guide_detail", kwargs={"pk": guide.pk}),
        )
    return drafted
