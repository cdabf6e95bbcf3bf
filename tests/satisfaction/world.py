"""Satisfaction for the test world (rows as the services leave them).

Per customer: an open survey about the inspection item with three invitations — one
fresh (its raw token kept here, as only the e-mail would have it), one already answered
through its link, one whose link expired — the answered one's response, and a recorded
return visit whose record is published (the delivery world's deliverable stands for it).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

#: The surveys' own wording per side, so a page shows which survey it reached.
COMMENTS = {"own": "The own customer's comment", "foreign": "The foreign customer's comment"}


def _survey(world: Any, which: str, admin: Any) -> None:
    from django.utils import timezone

    from netcare.contracts.models import ServiceItem
    from netcare.satisfaction.models import Answer, Invitation, Response, Survey
    from netcare.satisfaction.services.questionnaire import build_questions
    from netcare.satisfaction.services.surveys import hash_token, new_token

    customer = world.obj("customer", which)
    now = timezone.now()
    inspection = ServiceItem.objects.get(code="inspection")
    survey = Survey.objects.create(
        customer=customer,
        contract=world.obj("contract", which),
        stage="mid_term",
        language="zh",
        questions=build_questions([inspection]),
        expires_at=now + dt.timedelta(days=30),
        sent_by=admin,
    )
    tokens: dict[str, str] = {}
    invitations = {}
    for kind, expires in (
        ("fresh", survey.expires_at),
        ("used", survey.expires_at),
        ("expired", now - dt.timedelta(days=1)),
    ):
        tokens[kind] = new_token()
        invitations[kind] = Invitation.objects.create(
            customer=customer,
            survey=survey,
            contact=world.obj("contact", which),
            name=f"{customer.code} {kind}",
            email=f"{kind}@{customer.code.lower()}.example",
            token_hash=hash_token(tokens[kind]),
            expires_at=expires,
        )
    invitations["used"].answered_at = now
    invitations["used"].save()
    response = Response.objects.create(
        customer=customer,
        survey=survey,
        invitation=invitations["used"],
        via="link",
        respondent=invitations["used"].name,
        nps=9,
        comment=COMMENTS[which],
    )
    Answer.objects.create(customer=customer, response=response, item=inspection, score=5)
    world.objects.setdefault("survey", {})[which] = survey
    world.objects.setdefault("survey_invitation", {})[which] = invitations["fresh"]
    world.objects.setdefault("survey_response", {})[which] = response
    world.objects.setdefault("survey_tokens", {})[which] = tokens


def _visit(world: Any, which: str, admin: Any) -> None:
    from netcare.contracts.models import ServiceItem
    from netcare.satisfaction.models import ReturnVisit, VisitAction, VisitFeedback

    customer = world.obj("customer", which)
    # The delivery world's published deliverable stands for the visit's record: a
    # record of its own would change what the delivery tests count.
    record = world.obj("deliverable", which)
    visit = ReturnVisit.objects.create(
        customer=customer,
        contract=world.obj("contract", which),
        stage="mid_term",
        visited_on=dt.date(2026, 6, 30),
        channel="visit",
        others="network team",
        overall=4,
        comments=COMMENTS[which],
        deliverable=record,
        recorded_by=admin,
    )
    visit.contacts.set([world.obj("contact", which)])
    VisitFeedback.objects.create(
        customer=customer,
        visit=visit,
        item=ServiceItem.objects.get(code="inspection"),
        score=4,
        feedback="thorough",
    )
    VisitAction.objects.create(customer=customer, visit=visit, text="Send the upgrade plan")
    world.objects.setdefault("return_visit", {})[which] = visit


def extend_world(world: Any, admin: Any) -> None:
    for which in ("own", "foreign"):
        _survey(world, which, admin)
        _visit(world, which, admin)
