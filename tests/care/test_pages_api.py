"""Care through the pages, the API and the CLI: the account manager sees a care
obligation with each contact's channel and drafted message, sends the e-mail, records
the others, and words the customer's own messages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core import mail
from django.test import Client
from django.urls import reverse
from typer.testing import CliRunner

from netcare.care.models import CareMessage, CareTouch
from tests.care.conftest import Care, past_care


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_obligation_page_shows_contacts_channels_and_drafts(care: Care) -> None:
    obligation = past_care(care)
    page = _client(care.asm).get(reverse("care:obligation_detail", kwargs={"pk": obligation.pk}))
    assert page.status_code == 200
    body = page.content.decode()
    for name in ("陈立", "徐海峰", "周敏"):
        assert name in body
    assert reverse("care:touch_send", kwargs={"pk": obligation.pk}) in body
    assert obligation.title_zh in body
    agenda = _client(care.asm).get(reverse("care:agenda", kwargs={"code": care.customer.code}))
    assert agenda.status_code == 200 and obligation.title_zh in agenda.content.decode()


def test_send_and_record_from_the_page(care: Care) -> None:
    obligation = past_care(care)
    client = _client(care.asm)
    sent = client.post(
        reverse("care:touch_send", kwargs={"pk": obligation.pk}),
        {"contact": care.contacts["email"].pk, "channel": "email", "language": "en"},
    )
    assert sent.status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].subject.startswith("Season's greetings")
    recorded = client.post(
        reverse("care:touch_record", kwargs={"pk": obligation.pk}),
        {
            "contact": care.contacts["sms"].pk,
            "channel": "sms",
            "touched_at": (obligation.due - dt.timedelta(days=1)).isoformat() + " 09:30",
        },
    )
    assert recorded.status_code == 302
    states = sorted(obligation.care_touches.values_list("channel", "state"))
    assert states == [("email", "sent"), ("sms", "recorded")]
    obligation.refresh_from_db()
    assert obligation.state == "done"


def test_message_wording_from_the_page(care: Care) -> None:
    client = _client(care.asm)
    url = reverse("care:message_save", kwargs={"code": care.customer.code})
    client.post(url, {"channel": "wechat", "language": "zh", "body": "{contact}，{holiday}快乐！"})
    assert CareMessage.objects.get(customer=care.customer, channel="wechat").body.endswith("快乐！")
    refused = client.post(
        url, {"channel": "sms", "language": "zh", "body": "{nickname}"}, follow=True
    )
    assert "unknown placeholder {nickname}" in refused.content.decode()
    client.post(url, {"channel": "wechat", "language": "zh", "body": "x", "reset": "on"})
    assert not CareMessage.objects.filter(customer=care.customer).exists()


def test_the_api_records_and_sends(care: Care) -> None:
    obligation = past_care(care)
    client = _client(care.ram)
    url = reverse("api:care-touch-list")
    recorded = client.post(
        url,
        {"obligation": obligation.pk, "channel": "visit", "people": "陈立、周敏", "note": "送月饼"},
        content_type="application/json",
    )
    assert recorded.status_code == 201, recorded.content
    assert recorded.json()["state"] == "recorded" and recorded.json()["by"] == "张伟"
    sent = client.post(
        url,
        {
            "obligation": obligation.pk,
            "contact": care.contacts["email"].pk,
            "channel": "email",
            "send": True,
        },
        content_type="application/json",
    )
    assert sent.status_code == 201, sent.content
    assert len(mail.outbox) == 1
    wrong = client.post(
        url,
        {"obligation": obligation.pk, "channel": "sms", "send": True},
        content_type="application/json",
    )
    assert wrong.status_code == 400
    listed = client.get(url, {"obligation": obligation.pk}).json()["results"]
    assert {row["channel"] for row in listed} == {"visit", "email"}
    saved = client.post(
        reverse("api:care-message-list"),
        {
            "customer": care.customer.code,
            "channel": "sms",
            "language": "en",
            "body": "Hi {contact}",
        },
        content_type="application/json",
    )
    assert saved.status_code == 201, saved.content
    customer = _client(care.customer_admin)
    refused = customer.post(
        url,
        {"obligation": obligation.pk, "channel": "phone", "people": "x"},
        content_type="application/json",
    )
    assert refused.status_code == 403
    assert CareTouch.objects.filter(obligation=obligation).count() == 2


def test_the_cli_lists_the_coming_care(care: Care) -> None:
    """Care still open is listed, overdue first, with each contact's channel and draft."""
    from netcare.cli import app

    obligation = past_care(care)
    result = CliRunner().invoke(
        app, ["care", "plan", "--customer", care.customer.code, "--days", "0"]
    )
    assert result.exit_code == 0, result.output
    assert f"#{obligation.pk} due {obligation.due:%Y-%m-%d}" in result.output
    assert "周敏 · wechat · zm_net" in result.output
    assert "徐海峰 · sms" in result.output and "subject:" in result.output
    sent = CliRunner().invoke(app, ["care", "send", "--obligation", str(obligation.pk)])
    assert sent.exit_code == 0, sent.output
    assert "sent to 陈立 <chen.li@eccb.example>" in sent.output and "done" in sent.output
