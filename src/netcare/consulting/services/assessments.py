"""Technical proposal assessment (技术方案协助评估): the customer's upload, the reviewers
the L2 expert assigns, their findings by area, the conclusion, and the published report.

The proposal file is checked (size, type, content) before anything is written; a refused
file leaves no row and no file behind. An accepted one is kept byte for byte under
``DATA_DIR/uploads/<customer>/proposals/``.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from netcare.consulting import files
from netcare.consulting.models import Area, Assessment, AssessmentFinding, AssessmentReviewer
from netcare.consulting.models import Severity as FindingSeverity
from netcare.consulting.services.staffing import link, speciality_for
from netcare.core.access import is_admin, recorded_user, require
from netcare.core.people import display_name
from netcare.core.services import save_validated
from netcare.customers.models import Customer, Role
from netcare.delivery.models import Deliverable
from netcare.delivery.services import (
    do_create_deliverable,
    do_publish,
    next_open_obligation,
    render_into,
)
from netcare.delivery.services.engagements import do_record_result
from netcare.delivery.services.requests import do_raise_request

if TYPE_CHECKING:
    import datetime as dt

    from netcare.core.access import Actor

#: Who may be assigned as a reviewer: the customer's L2 expert or an HQ expert.
REVIEWER_ROLES = (Role.L2_EXPERT, Role.HQ_EXPERT)
LANGUAGES = ("zh", "en")


def move(engagement: Any, target: str) -> None:
    """``move_to`` with plain state names, so a refusal reads 'submitted', not the enum."""
    engagement.state = str(engagement.state)
    engagement.move_to(str(target))


def check_move(engagement: Any, target: str) -> None:
    """Refuse an illegal move before any work is done (``move_to`` names the states)."""
    current = str(engagement.state)
    move(engagement, target)
    engagement.state = current


def report_deliverable(
    engagement: Any,
    *,
    item: str,
    report_type: str,
    title: str,
    title_en: str,
    start: dt.date | None,
    end: dt.date | None,
    actor: Actor,
) -> Deliverable:
    """The deliverable an assessment's report or a workshop's minutes is published as:
    the engagement's customer, the contract of the request it came from, and the next
    open obligation of its service item, which publishing completes."""
    return do_create_deliverable(
        engagement.customer,
        item=item,
        title=title,
        title_en=title_en,
        kind=Deliverable.Kind.REPORT,
        report_type=report_type,
        contract=engagement.request.contract if engagement.request else None,
        period_start=start,
        period_end=end,
        obligation=next_open_obligation(engagement.customer, item),
        actor=actor,
    )


def signatures(engagement: Any, actor: Actor) -> tuple[str, str]:
    """Who a report names as its author (the owning expert) and its reviewer (whoever
    publishes it); NetCare itself when the system publishes."""
    author = display_name(engagement.owner) or display_name(actor) or "NetCare"
    return author, display_name(actor) or author


def publish_report(
    engagement: Any,
    deliverable: Deliverable,
    documents: dict[str, Any],
    *,
    basename: str,
    state: str,
    resolution: str,
    actor: Actor,
) -> Deliverable:
    """Attach the report's documents (one per language), publish the deliverable, move
    the engagement to ``state`` and record the result on the request it came from."""
    render_into(deliverable, documents, basename=basename, actor=actor)
    do_publish(deliverable, actor=actor)
    move(engagement, state)
    save_validated(engagement, actor=actor)
    do_record_result(engagement, deliverable, resolution=resolution, actor=actor)
    return deliverable


def _keep(customer: Customer, name: str, data: bytes) -> Path:
    folder = Path(settings.DATA_DIR) / "uploads" / customer.code / "proposals"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S-%f")
    path = folder / f"{stamp}-{name}"
    with path.open("xb") as handle:  # never overwrite an earlier upload
        handle.write(data)
    return path


def proposal_path(assessment: Assessment) -> Path:
    """Where the uploaded proposal is kept."""
    return Path(settings.DATA_DIR) / assessment.file_path


def do_submit_proposal(
    customer: Customer,
    *,
    title: str,
    proposal_kind: str,
    context: str,
    file_name: str,
    data: bytes,
    actor: Actor,
    wanted_date: dt.date | None = None,
) -> Assessment:
    """The customer (or its RAM on its behalf) submits a proposal with its context.

    The file is checked first (``files.check_proposal``: refused with a ValidationError
    on ``file`` naming the file and the reason, and nothing written); then a service
    request of kind ``proposal_assessment`` is raised (routed to the RAM, who is told) and
    the assessment starts as ``submitted``, owned by the RAM it was routed to.
    """
    require(actor, "raise_requests", customer)
    try:
        checked = files.check_proposal(file_name, data)
    except files.FileRefused as exc:
        raise ValidationError({"file": str(exc)}) from None
    if not title.strip():
        raise ValidationError({"title": "name the proposal"})
    if not context.strip():
        raise ValidationError({"context": "say what the proposal is for and what to look at"})
    kept = _keep(customer, checked.name, data)
    try:
        with transaction.atomic():
            request = do_raise_request(
                customer,
                kind=Assessment.REQUEST_KIND,
                title=title,
                text=context,
                actor=actor,
                wanted_date=wanted_date,
            )
            assessment = Assessment(
                customer=customer,
                request=request,
                owner=request.routed_to,
                created_by=recorded_user(actor),
                file_path=str(kept.relative_to(Path(settings.DATA_DIR))),
                file_name=checked.name,
                file_type=checked.file_type,
                file_size=len(data),
                file_sha256=hashlib.sha256(data).hexdigest(),
            )
            return save_validated(
                assessment,
                actor=actor,
                title=title.strip(),
                proposal_kind=proposal_kind,
                context=context.strip(),
                state=Assessment.State.SUBMITTED.value,
            )
    except BaseException:
        kept.unlink(missing_ok=True)  # the row was not written: keep no orphan file
        raise


@transaction.atomic
def do_assign_reviewer(
    assessment: Assessment, user: Any, *, actor: Actor, speciality: str = ""
) -> AssessmentReviewer:
    """The RAM names a reviewer among the customer's vendor staff (its L2 expert or an HQ
    expert, with a speciality); the first one starts the review. The reviewer is told."""
    from netcare.notifications.services import notify

    require(actor, "manage_consulting", assessment.customer_id)
    if assessment.state not in (Assessment.State.SUBMITTED, Assessment.State.IN_REVIEW):
        raise ValidationError(
            {
                "state": "reviewers are assigned while submitted or in review, "
                f"not {assessment.state}"
            }
        )
    chosen = speciality_for(
        user, assessment.customer, speciality, roles=REVIEWER_ROLES, field="user"
    )
    existing = assessment.reviewers.filter(user=user).first()
    if existing is not None:
        return save_validated(existing, actor=actor, speciality=chosen)
    row = save_validated(
        AssessmentReviewer(
            customer=assessment.customer,
            assessment=assessment,
            user=user,
            assigned_by=recorded_user(actor),
        ),
        actor=actor,
        speciality=chosen,
    )
    if assessment.state == Assessment.State.SUBMITTED:
        move(assessment, Assessment.State.IN_REVIEW)
        save_validated(assessment, actor=actor)
    notify(
        [user],
        "consulting_reviewer_assigned",
        {"assessment": assessment, "speciality": row.get_speciality_display()},
        key=f"assessment:{assessment.pk}:reviewer:{user.pk}",
        customer=assessment.customer,
        link=link("assessment_detail", assessment.pk),
    )
    return row


def is_reviewer(assessment: Assessment, user: Any) -> bool:
    return bool(user is not None and assessment.reviewers.filter(user_id=user.pk).exists())


def do_record_finding(
    assessment: Assessment,
    *,
    area: str,
    severity: str,
    finding: str,
    recommendation: str,
    actor: Actor,
    risk: str = "",
) -> AssessmentFinding:
    """An assigned reviewer records one finding while the proposal is in review: its area,
    severity, what was found, the risk and the recommendation, as written."""
    require(actor, "review_proposals", assessment.customer_id)
    if actor is not None and not is_admin(actor) and not is_reviewer(assessment, actor):
        raise ValidationError(
            {"author": "only a reviewer assigned to this proposal records findings"}
        )
    if assessment.state != Assessment.State.IN_REVIEW:
        raise ValidationError(
            {
                "state": "findings are recorded while the proposal is in review, "
                f"not {assessment.state}"
            }
        )
    if area not in Area.values:
        raise ValidationError(
            {"area": f"unknown area {area!r}; use one of {', '.join(Area.values)}"}
        )
    if severity not in FindingSeverity.values:
        raise ValidationError({"severity": f"unknown severity {severity!r}"})
    return save_validated(
        AssessmentFinding(
            customer=assessment.customer, assessment=assessment, author=recorded_user(actor)
        ),
        actor=actor,
        area=area,
        severity=severity,
        finding=finding.strip(),
        risk=risk.strip(),
        recommendation=recommendation.strip(),
    )


def do_conclude(
    assessment: Assessment, *, summary: str, conclusion: str, actor: Actor
) -> Assessment:
    """The RAM concludes the review (in_review → assessed) with the proposal's summary
    and the conclusion; refused without a finding or a conclusion."""
    require(actor, "manage_consulting", assessment.customer_id)
    check_move(assessment, Assessment.State.ASSESSED)
    if not assessment.findings.exists():
        raise ValidationError({"findings": "record at least one finding before concluding"})
    if not conclusion.strip():
        raise ValidationError({"conclusion": "write the conclusion of the assessment"})
    move(assessment, Assessment.State.ASSESSED)
    return save_validated(
        assessment,
        actor=actor,
        summary=summary.strip(),
        conclusion=conclusion.strip(),
        assessed_at=timezone.now(),
    )


def do_reopen_review(assessment: Assessment, *, actor: Actor) -> Assessment:
    """Send an assessed proposal back to review (more findings are needed)."""
    require(actor, "manage_consulting", assessment.customer_id)
    move(assessment, Assessment.State.IN_REVIEW)
    return save_validated(assessment, actor=actor)


@transaction.atomic
def do_publish_assessment(assessment: Assessment, *, actor: Actor) -> Deliverable:
    """Publish the technical proposal assessment report (docx, pdf, xlsx in zh and en) as
    a deliverable; the assessment becomes visible to the customer and its request closes."""
    from netcare.consulting import reports
    from netcare.consulting.services.records import assessment_record

    require(actor, "publish_deliverables", assessment.customer_id)
    check_move(assessment, Assessment.State.PUBLISHED)
    deliverable = report_deliverable(
        assessment,
        item="proposal_assessment",
        report_type="proposal_assessment",
        title=f"技术方案评估报告 · {assessment.title}",
        title_en=f"Technical proposal assessment report · {assessment.title}",
        start=timezone.localdate(assessment.created),
        end=timezone.localdate(),
        actor=actor,
    )
    author, reviewer = signatures(assessment, actor)
    record = assessment_record(assessment, author=author, reviewer=reviewer)
    return publish_report(
        assessment,
        deliverable,
        {lang: reports.build_assessment_document(record, lang) for lang in LANGUAGES},
        basename=f"{assessment.customer.code}-proposal-assessment-{assessment.pk}",
        state=Assessment.State.PUBLISHED,
        resolution=f"技术方案评估报告已发布 / assessment report published: {assessment.title}",
        actor=actor,
    )
