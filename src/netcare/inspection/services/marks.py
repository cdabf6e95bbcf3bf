"""Accepted-risk and false-positive marks: set, removed, carried and expired.

A mark is the expert's decision, with an owner, a reason and an expiry date. It is
tied to the device and the finding's fingerprint, so it carries to every later
inspection that finds exactly the same thing; when the evidence changes (a new
fingerprint) or the mark expires, the finding is open again. Every change of a
finding's status re-prices the runs that hold it (``scoring``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from netcare.core import access
from netcare.core.services import delete_audited, require, save_validated
from netcare.inspection.models import Finding, FindingMark
from netcare.inspection.services.scoring import rescore_runs_holding

#: Marking findings is an expert's judgement: the leads only.
MARK_ACTION = "publish_deliverables"
MARKED = (Finding.Status.ACCEPTED_RISK, Finding.Status.FALSE_POSITIVE)


@transaction.atomic
def do_mark_finding(
    finding: Finding,
    *,
    actor: Any,
    kind: str,
    reason: str,
    expires_on: dt.date,
    owner: Any = None,
) -> FindingMark:
    """Mark a finding (and any later one with the same fingerprint) as an accepted risk
    or a false positive until ``expires_on``. Marking again updates the mark."""
    require(actor, MARK_ACTION, finding.customer_id)
    owner = owner or actor
    if kind not in FindingMark.Kind.values:
        raise ValidationError({"kind": "accepted_risk or false_positive"})
    if not (reason or "").strip():
        raise ValidationError({"reason": "say why"})
    if expires_on is None or expires_on < timezone.localdate():
        raise ValidationError({"expires_on": "a date from today on"})
    if owner is None or not access.is_staff_for(owner, finding.customer_id):
        raise ValidationError({"owner": "the owner works for this customer"})
    mark = FindingMark.objects.filter(
        device_id=finding.device_id,
        rule_id=finding.rule_id,
        subject=finding.subject,
        fingerprint=finding.fingerprint,
    ).first() or FindingMark(
        customer_id=finding.customer_id,
        device_id=finding.device_id,
        rule_id=finding.rule_id,
        subject=finding.subject,
        fingerprint=finding.fingerprint,
        created_by=actor,
    )
    save_validated(
        mark, actor=actor, kind=kind, reason=reason.strip(), owner=owner, expires_on=expires_on
    )
    covered = Finding.objects.filter(
        customer_id=finding.customer_id,
        device_id=finding.device_id,
        fingerprint=finding.fingerprint,
        run_id__gte=finding.run_id,
    ).exclude(status=Finding.Status.RESOLVED)
    touched = list(covered.only("pk", "run_id"))
    covered.update(status=kind, mark=mark, status_changed_at=timezone.now())
    rescore_runs_holding(touched)
    return mark


@transaction.atomic
def do_unmark(mark: FindingMark, *, actor: Any) -> int:
    """Remove a mark: the findings it covered are open again. Returns how many."""
    require(actor, MARK_ACTION, mark.customer_id)
    covered = Finding.objects.filter(mark=mark, status__in=MARKED)
    touched = list(covered.only("pk", "run_id"))
    reopened = covered.update(
        status=Finding.Status.OPEN, mark=None, status_changed_at=timezone.now()
    )
    delete_audited(mark, actor=actor)
    rescore_runs_holding(touched)
    return reopened


def expire_marks(customer: Any, today: dt.date | None = None) -> int:
    """Turn the findings of expired marks back on (open) — of one customer, or of all
    when ``customer`` is None (the daily schedule). Returns how many reopened."""
    today = today or timezone.localdate()
    found = Finding.objects.filter(status__in=MARKED, mark__expires_on__lt=today)
    if customer is not None:
        found = found.filter(customer=customer)
    touched = list(found.only("pk", "run_id"))
    reopened = found.update(status=Finding.Status.OPEN, status_changed_at=timezone.now())
    rescore_runs_holding(touched)
    return reopened


def active_marks(customer: Any, today: dt.date | None = None) -> dict[tuple[int, str], FindingMark]:
    """(device id, fingerprint) → the mark in force today, for carrying to a new run."""
    today = today or timezone.localdate()
    marks = FindingMark.objects.filter(customer=customer, expires_on__gte=today)
    return {(m.device_id, m.fingerprint): m for m in marks}
