"""Surveys: sent by one-time links that cannot be guessed, expire, open once and store
nothing but their hash; answers stored once, even when two requests race."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from tests.conftest import World

from netcare.core.models import AuditEvent
from netcare.notifications.models import Notification
from netcare.satisfaction.models import Answer, Invitation, Response, Survey
from netcare.satisfaction.services import surveys


@pytest.fixture
def world(shared_world: World) -> World:
    """One world for the module, as built (each test's writes are undone)."""
    return shared_world


LINK = re.compile(r"https://netcare\.example/satisfaction/s/([A-Za-z0-9_-]+)/")


def _send(world: World, capture: Any, **kw: Any) -> tuple[Survey, list[surveys.SentLink]]:
    with capture(execute=True):
        return surveys.do_send_survey(world.own, actor=world.users["member_staff"], **kw)


def _token(link: surveys.SentLink) -> str:
    found = LINK.fullmatch(link.url)
    assert found, link.url
    return found.group(1)


def test_send_mails_one_link_per_contact_and_stores_only_its_hash(
    asked: World, django_capture_on_commit_callbacks: Any
) -> None:
    survey, links = _send(asked, django_capture_on_commit_callbacks)
    assert survey.language == "zh" and survey.stage == "mid_term"
    asked_items = [q["item"] for q in survey.questions if q["kind"] == "csat"]
    assert "inspection" in asked_items and "version_assessment" not in asked_items  # "not"
    assert [q["kind"] for q in survey.questions][-2:] == ["nps", "text"]
    assert sorted(link.invitation.name for link in links) == ["周敏", "陈立"]
    tokens = [_token(link) for link in links]
    # token_urlsafe(32): 32 random bytes, 43 URL-safe characters, each link its own.
    assert all(len(token) == 43 for token in tokens) and len(set(tokens)) == 2
    assert len(mail.outbox) == 2
    by_address = {m.to[0]: m.body for m in mail.outbox}
    for link in links:
        assert link.url in by_address[link.invitation.email]
        assert "专属服务满意度调查" in mail.outbox[0].subject
    for invitation in Invitation.objects.filter(survey=survey):
        assert invitation.mail_state == "sent"
        assert invitation.token_hash == surveys.hash_token(_token(links[0])) or (
            invitation.token_hash == surveys.hash_token(_token(links[1]))
        )
    # The tokens exist nowhere in the database: not in a row, not in the audit log, not
    # in a notification (portal users are told with a link to the portal page).
    stored = json.dumps(list(Invitation.objects.values()), default=str)
    stored += json.dumps(list(AuditEvent.objects.values("before", "after")), default=str)
    stored += json.dumps(list(Notification.objects.values("body", "link")), default=str)
    assert not any(token in stored for token in tokens)
    told = Notification.objects.filter(kind="survey_waiting")
    assert {n.recipient for n in told} == {
        asked.users["customer_viewer"],
        asked.users["customer_admin"],
    }


def test_the_link_opens_once_then_answers_404_like_an_unknown_one(
    asked: World, django_capture_on_commit_callbacks: Any
) -> None:
    survey, links = _send(asked, django_capture_on_commit_callbacks)
    token = _token(links[0])
    client = Client()
    url = reverse("satisfaction:survey_link", kwargs={"token": token})
    page = client.get(url)
    assert page.status_code == 200 and "满意度调查" in page.content.decode()
    answered = client.post(url, {"item:inspection": "5", "nps": "9", "comment": "响应很快，专业"})
    assert (answered.status_code == 200 and "谢谢".encode() in answered.content) or (
        b"Thank" in answered.content
    )
    response = Response.objects.get(survey=survey)
    assert (response.via, response.nps, response.respondent) == (
        "link",
        9,
        links[0].invitation.name,
    )
    assert list(Answer.objects.filter(response=response).values_list("item__code", "score")) == [
        ("inspection", 5)
    ]
    # Used: the same answer as a link that never existed, to GET and to POST.
    unknown = reverse("satisfaction:survey_link", kwargs={"token": surveys.new_token()})
    for target in (url, unknown):
        assert client.get(target).status_code == 404
        assert client.post(target, {"item:inspection": "1"}).status_code == 404
    assert Response.objects.filter(survey=survey).count() == 1
    assert surveys.do_answer_by_link(token, scores={"inspection": 1}) is None


def test_expired_and_closed_links_open_nothing(
    asked: World, django_capture_on_commit_callbacks: Any
) -> None:
    survey, links = _send(asked, django_capture_on_commit_callbacks, days=7)
    first, second = (_token(link) for link in links)
    Invitation.objects.filter(pk=links[0].invitation.pk).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    assert surveys.invitation_for_token(first) is None
    assert surveys.invitation_for_token(second) is not None
    surveys.do_close_survey(survey, actor=asked.users["member_staff"])
    assert surveys.invitation_for_token(second) is None
    client = Client()
    for token in (first, second, "", "x" * 200):
        if token:
            assert client.get(f"/satisfaction/s/{token}/").status_code == 404


def test_a_racing_second_answer_is_refused_by_the_database(
    asked: World, django_capture_on_commit_callbacks: Any
) -> None:
    """The other request won the race: its response is stored, the invitation not yet
    marked. The one-to-one row refuses this one; nothing is stored twice."""
    survey, links = _send(asked, django_capture_on_commit_callbacks)
    invitation = links[0].invitation
    Response.objects.create(
        customer=asked.own, survey=survey, invitation=invitation, via="link", nps=3
    )
    with pytest.raises(ValidationError, match="already answered"):
        surveys.do_answer_by_link(_token(links[0]), scores={"inspection": 5})
    assert Response.objects.filter(invitation=invitation).count() == 1


def test_portal_answer_once_per_user_and_only_by_the_customer(
    asked: World, django_capture_on_commit_callbacks: Any
) -> None:
    survey, _links = _send(asked, django_capture_on_commit_callbacks)
    viewer = asked.users["customer_viewer"]
    surveys.do_answer_in_portal(survey, actor=viewer, scores={"inspection": 4}, nps=10)
    with pytest.raises(ValidationError, match="already answered"):
        surveys.do_answer_in_portal(survey, actor=viewer, scores={"inspection": 2})
    for staff in (asked.users["member_staff"], asked.users["admin"]):
        with pytest.raises(PermissionDenied):
            surveys.do_answer_in_portal(survey, actor=staff, scores={"inspection": 5})
    assert Response.objects.filter(survey=survey).count() == 1


@pytest.mark.parametrize(
    ("scores", "nps", "comment", "field"),
    [
        ({"inspection": 6}, None, "", "item:inspection"),
        ({"version_assessment": 5}, None, "", "item:version_assessment"),  # not asked
        ({}, 11, "", "nps"),
        ({}, None, "", "answers"),
    ],
)
def test_answers_are_checked_against_the_questions(
    asked: World,
    django_capture_on_commit_callbacks: Any,
    scores: dict[str, int],
    nps: int | None,
    comment: str,
    field: str,
) -> None:
    survey, links = _send(asked, django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError) as refused:
        surveys.do_answer_by_link(_token(links[0]), scores=scores, nps=nps, comment=comment)
    assert field in refused.value.message_dict
    assert not Response.objects.filter(survey=survey).exists()


def test_control_characters_never_reach_the_reports(
    asked: World, django_capture_on_commit_callbacks: Any
) -> None:
    _survey, links = _send(asked, django_capture_on_commit_callbacks)
    response = surveys.do_answer_by_link(
        _token(links[0]), scores={}, comment="ok\x00\x1b then\nmore"
    )
    assert response is not None and response.comment == "ok then\nmore"


def test_a_fresh_link_replaces_the_old_one(
    asked: World, django_capture_on_commit_callbacks: Any
) -> None:
    _survey, links = _send(asked, django_capture_on_commit_callbacks)
    old = _token(links[0])
    with django_capture_on_commit_callbacks(execute=True):
        renewed = surveys.do_renew_link(links[0].invitation, actor=asked.users["member_staff"])
    assert surveys.invitation_for_token(old) is None
    assert surveys.invitation_for_token(_token(renewed)) is not None
    assert renewed.url in mail.outbox[-1].body


def test_sending_is_the_staffs_and_refuses_foreign_contacts(
    asked: World, django_capture_on_commit_callbacks: Any
) -> None:
    with pytest.raises(PermissionDenied):
        surveys.do_send_survey(asked.own, actor=asked.users["customer_admin"])
    with pytest.raises(ValidationError, match="another customer"):
        surveys.do_send_survey(
            asked.own,
            actor=asked.users["admin"],
            contacts=[asked.obj("contact", "foreign")],
        )
    with pytest.raises(ValidationError, match="not items"):
        surveys.do_send_survey(asked.own, actor=asked.users["admin"], items=["version_assessment"])


def test_an_english_customer_is_asked_in_english(
    asked: World, django_capture_on_commit_callbacks: Any
) -> None:
    from netcare.customers.models import Customer

    Customer.objects.filter(pk=asked.own.pk).update(country="DE")
    asked.own.refresh_from_db()
    survey, links = _send(asked, django_capture_on_commit_callbacks)
    assert survey.language == "en"
    assert "satisfaction survey" in mail.outbox[0].subject
    page = Client().get(links[0].url.removeprefix("https://netcare.example"))
    body = page.content.decode()
    assert 'lang="en"' in body and "How satisfied are you with" in body


def test_closing_expired_surveys_tells_the_sender(
    asked: World, django_capture_on_commit_callbacks: Any
) -> None:
    survey, links = _send(asked, django_capture_on_commit_callbacks)
    surveys.do_answer_by_link(_token(links[0]), scores={"inspection": 4})
    later = survey.expires_at + dt.timedelta(minutes=1)
    assert surveys.close_expired(later) == [survey]
    assert surveys.close_expired(later) == []  # idempotent
    survey.refresh_from_db()
    assert survey.state == "closed"
    note = Notification.objects.get(kind="survey_closed")
    assert note.recipient == asked.users["member_staff"] and "1/2" in note.subject
