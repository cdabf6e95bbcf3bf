"""Tickets in from the support system (file or push), and the expert's work on them.

An import is one file: its bytes are kept under ``DATA_DIR/uploads/<customer>/tickets/``
whatever happens, it is read whole by ``problems.tickets`` (every row error at once),
and written all or nothing. Tickets update in place by number; progress entries are
appended when unseen (same time and text). A dry run answers what would change and
writes nothing. What the expert adds — root cause, analysis, advice, links — is never
overwritten by a later import that carries none.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from netcare.core.access import customer_users, recorded_user, require
from netcare.core.audit import acting_as
from netcare.core.services import save_validated
from netcare.customers.models import Customer, Membership, Role
from netcare.inventory.models import Device
from netcare.problems.models import (
    ColumnMapping,
    Escalation,
    ProgressEntry,
    Ticket,
    TicketImport,
)
from netcare.problems.tickets import model as records
from netcare.problems.tickets import read_tickets

if TYPE_CHECKING:
    from netcare.core.access import Actor

__all__ = [
    "ImportOutcome",
    "TicketsRefused",
    "do_escalate",
    "do_import_tickets",
    "do_push_tickets",
    "do_request_importance",
    "do_save_mapping",
    "do_set_analysis",
    "do_set_important",
]

#: Fields the support system owns: an import sets them every time.
SYSTEM_FIELDS = (
    "title",
    "description",
    "severity",
    "status",
    "product",
    "model",
    "hostname",
    "category",
    "symptom",
    "owner",
    "reporter",
    "opened",
    "closed",
)
#: Fields the expert owns: an import fills them only while they are empty.
EXPERT_FIELDS = ("root_cause", "root_cause_text", "advice")


class TicketsRefused(ValidationError):
    """Nothing was imported; ``record`` is the refused ``TicketImport`` (None for a dry
    run) and ``errors`` the row errors."""

    def __init__(self, message: str, record: TicketImport | None, errors: list[Any]) -> None:
        super().__init__(message)
        self.record = record
        self.errors = errors


@dataclass
class ImportOutcome:
    """What an import did (or, for a dry run, would do)."""

    created: list[str] = field(default_factory=list)
    updated: dict[str, list[str]] = field(default_factory=dict)
    unchanged: int = 0
    progress_added: int = 0
    closed_now: list[str] = field(default_factory=list)
    record: TicketImport | None = None
    dry_run: bool = False

    def counts(self) -> dict[str, int]:
        return {
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": self.unchanged,
            "progress_added": self.progress_added,
            "closed": len(self.closed_now),
        }


def _keep(customer: Customer, path: Path) -> Path:
    folder = Path(settings.DATA_DIR) / "uploads" / customer.code / "tickets"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S-%f")
    kept = folder / f"{stamp}-{path.name[-120:]}"
    shutil.copyfile(path, kept)
    return kept


def _mapping(name: str) -> dict[str, str] | None:
    if not name:
        return None
    found = ColumnMapping.objects.filter(name=name).first()
    if found is None:
        raise ValidationError({"mapping": f"no saved column mapping named {name!r}"})
    return dict(found.columns)


def _digest(text: str) -> str:
    return hashlib.sha256(text.strip().encode()).hexdigest()


def do_import_tickets(
    customer: Customer,
    path: Path,
    *,
    actor: Actor,
    mapping: str = "",
    dry_run: bool = False,
    source: str = "",
) -> ImportOutcome:
    """Import one ticket file (CSV, XLSX, JSON) for the customer: all or nothing.
    Raises :class:`TicketsRefused` naming rows and columns; returns what changed."""
    require(actor, "import_tickets", customer.pk)
    columns = _mapping(mapping)
    record = None
    if not dry_run:
        record = TicketImport(
            customer=customer,
            source=(source or path.name)[:300],
            kept_file=str(_keep(customer, path)),
            mapping=mapping,
            created_by=recorded_user(actor),
        )
    try:
        read = read_tickets(path, mapping=columns, tz=settings.TIME_ZONE)
    except records.TicketFileError as exc:
        _refuse(record, str(exc), exc.errors, actor)
    outcome = ImportOutcome(record=record, dry_run=dry_run)
    with transaction.atomic(), acting_as(actor):
        if record is not None:
            record.state = TicketImport.State.DONE
            record.save()
        _apply(customer, read.tickets, record, outcome)
        if dry_run:
            transaction.set_rollback(True)
        elif record is not None:
            record.counts = outcome.counts()
            record.save(update_fields=["counts"])
    return outcome


def _refuse(record: TicketImport | None, message: str, errors: list[Any], actor: Actor) -> NoReturn:
    if record is not None:
        record.state = TicketImport.State.REFUSED
        record.error = f"Refused, nothing was imported — {message}"[:8000]
        with acting_as(actor):
            record.save()
    raise TicketsRefused(message, record, errors)


def _apply(
    customer: Customer,
    found: Sequence[records.TicketRecord],
    record: TicketImport | None,
    outcome: ImportOutcome,
) -> None:
    existing = {t.number: t for t in Ticket.objects.filter(customer=customer)}
    devices = {d.hostname.lower(): d for d in Device.objects.filter(customer=customer)}
    seen = {
        (e.ticket_id, e.at, e.digest)
        for e in ProgressEntry.objects.filter(customer=customer).only("ticket_id", "at", "digest")
    }
    for item in found:
        ticket = existing.get(item.number)
        values = {name: getattr(item, name) for name in SYSTEM_FIELDS}
        values = {k: ("" if v is None and k != "closed" else v) for k, v in values.items()}
        if ticket is None:
            ticket = Ticket(customer=customer, number=item.number, **values)
            for name in EXPERT_FIELDS:
                setattr(ticket, name, getattr(item, name) or "")
            outcome.created.append(item.number)
        else:
            changed = [n for n, v in values.items() if getattr(ticket, n) != v]
            for name in EXPERT_FIELDS:
                if not getattr(ticket, name) and getattr(item, name):
                    setattr(ticket, name, getattr(item, name))
                    changed.append(name)
            if ticket.status not in ("resolved", "closed") and item.status in (
                "resolved",
                "closed",
            ):
                outcome.closed_now.append(item.number)
            for name, value in values.items():
                setattr(ticket, name, value)
            if changed:
                outcome.updated[item.number] = changed
            else:
                outcome.unchanged += 1
        ticket.device = devices.get(item.hostname.lower()) if item.hostname else None
        ticket.last_import = record
        ticket.title = ticket.title[:300]
        ticket.full_clean(validate_unique=False, validate_constraints=False)
        ticket.save()
        for entry in item.progress:
            key = (ticket.pk, entry.at, _digest(entry.text))
            if key in seen:
                continue
            seen.add(key)
            ProgressEntry.objects.create(
                customer=customer,
                ticket=ticket,
                at=entry.at,
                author=entry.author[:80],
                text=entry.text,
                digest=key[2],
            )
            outcome.progress_added += 1


def do_push_tickets(
    customer: Customer, tickets: list[dict[str, Any]], *, actor: Actor
) -> ImportOutcome:
    """Tickets pushed by the support system (an integration token of the ``system``
    role names the customer): read and written exactly as a JSON file import."""
    with tempfile.TemporaryDirectory(prefix="netcare-tickets-push-") as tmp:
        path = Path(tmp) / f"push-{timezone.now():%Y%m%d-%H%M%S}.json"
        path.write_text(json.dumps({"tickets": tickets}, ensure_ascii=False, default=str))
        return do_import_tickets(customer, path, actor=actor, source="push")


def do_save_mapping(name: str, columns: dict[str, str], *, actor: Actor) -> ColumnMapping:
    """Save a support system's column mapping (its header → NetCare's field)."""
    from netcare.core.access import require_shared

    require_shared(actor, "import_tickets")
    unknown = sorted(set(columns.values()) - set(records.FIELDS))
    if unknown:
        raise ValidationError({"columns": f"unknown ticket fields: {', '.join(unknown)}"})
    row = ColumnMapping.objects.filter(name=name).first() or ColumnMapping(name=name)
    return save_validated(row, actor=actor, columns=columns, created_by=recorded_user(actor))


def do_set_analysis(
    ticket: Ticket,
    *,
    actor: Actor,
    root_cause: str,
    root_cause_text: str,
    advice: str = "",
    finding: Any = None,
    advisory: Any = None,
    hardening_step: Any = None,
) -> Ticket:
    """The expert's root-cause category, analysis and maintenance advice, with optional
    links to a finding, an advisory or a hardening step (the customer's own)."""
    require(actor, "analyse_tickets", ticket.customer_id)
    for name, linked in (("finding", finding), ("hardening_step", hardening_step)):
        if linked is not None and linked.customer_id != ticket.customer_id:
            raise ValidationError({name: "belongs to another customer"})
    if root_cause and not root_cause_text.strip():
        raise ValidationError({"root_cause_text": "write the analysis behind the root cause"})
    return save_validated(
        ticket,
        actor=actor,
        root_cause=root_cause,
        root_cause_text=root_cause_text.strip(),
        advice=advice.strip(),
        finding=finding,
        advisory=advisory,
        hardening_step=hardening_step,
    )


def do_request_importance(ticket: Ticket, *, actor: Actor) -> Ticket:
    """The customer asks for a ticket to be treated as important; the RAM decides and
    hears of it first."""
    from django.urls import reverse

    from netcare.notifications.services import notify

    require(actor, "request_importance", ticket.customer_id)
    save_validated(ticket, actor=actor, importance_requested=True)
    leads = Membership.objects.filter(
        customer_id=ticket.customer_id, role__in=[Role.L2_EXPERT, Role.ASM]
    ).select_related("user")
    notify(
        [m.user for m in leads],
        "importance_requested",
        {"ticket": ticket},
        key=f"ticket:{ticket.pk}:importance_requested",
        customer=ticket.customer,
        link=reverse("problems:ticket_detail", kwargs={"pk": ticket.pk}),
    )
    return ticket


def do_set_important(ticket: Ticket, important: bool, *, actor: Actor) -> Ticket:
    """The RAM decides: an important ticket gets a daily progress report each working
    day until it closes."""
    require(actor, "mark_important", ticket.customer_id)
    if important and ticket.is_closed:
        raise ValidationError({"important": "the ticket is already closed"})
    return save_validated(ticket, actor=actor, important=important)


def do_escalate(ticket: Ticket, resources: str, *, actor: Actor, at: Any = None) -> Escalation:
    """Record the escalation of an important ticket to headquarters (which resources,
    when)."""
    require(actor, "mark_important", ticket.customer_id)
    if not ticket.important:
        raise ValidationError({"ticket": "mark the ticket important before escalating it"})
    if not resources.strip():
        raise ValidationError({"resources": "name the headquarters resources engaged"})
    row = Escalation(
        customer=ticket.customer,
        ticket=ticket,
        resources=resources.strip(),
        escalated_at=at or timezone.now(),
        created_by=recorded_user(actor),
    )
    return save_validated(row, actor=actor)


def contacts_of(customer: Customer) -> list[Any]:
    """Whom a daily report is e-mailed to: the customer's users."""
    return customer_users(customer)
