"""Holiday-care messages per channel and language, and a customer's own wording."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from netcare.care.services import messages
from netcare.customers.models import Channel
from tests.care.conftest import Care, past_care


def test_house_templates_cover_every_channel_in_both_languages() -> None:
    found = messages.house_templates()
    assert set(found) == {(c, lang) for c in Channel.values for lang in ("zh", "en")}
    assert all(found[("email", lang)].subject for lang in ("zh", "en"))


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("channel", Channel.values)
def test_drafts_per_channel_and_language(care: Care, channel: str, language: str) -> None:
    obligation = past_care(care)
    holiday = messages.holiday_of(obligation)
    contact = care.contacts["email"]
    draft = messages.draft(obligation, contact, channel=channel, language=language)
    assert draft.channel == channel and draft.language == language
    assert holiday.name(language) in draft.body + draft.subject
    assert "{" not in draft.body and "}" not in draft.body
    if channel == "sms":
        assert len(draft.body) <= messages.SMS_LIMITS[language]
        assert contact.name in draft.body
    if channel == "email":
        assert holiday.name(language) in draft.subject
        assert "李娜" in draft.body  # the sender (the ASM owns care), family name first
    cjk = [
        ch
        for ch in draft.body.replace(contact.name, "").replace("李娜", "").replace("张伟", "")
        if "\u4e00" <= ch <= "\u9fff"
    ]
    assert bool(cjk) == (language == "zh")


def test_each_contact_gets_their_preferred_channel_in_the_customers_language(care: Care) -> None:
    obligation = past_care(care)
    for key, contact in care.contacts.items():
        draft = messages.draft(obligation, contact)
        assert draft.channel == key and draft.language == "zh"
        assert not draft.problems
    assert (
        messages.holiday_of(obligation).names_zh
        in messages.draft(obligation, care.contacts["sms"]).body
    )


def test_a_missing_address_is_named(care: Care) -> None:
    draft = messages.draft(past_care(care), care.contacts["sms"], channel="email")
    assert draft.problems == ("徐海峰 has no email address",)


def test_a_customers_own_wording_replaces_the_house_one(care: Care) -> None:
    saved = messages.do_save_message(
        care.customer,
        channel="sms",
        language="zh",
        subject="",
        body="{contact}：{holiday}快乐！—{sender}",
        actor=care.asm,
    )
    draft = messages.draft(past_care(care), care.contacts["sms"])
    assert draft.custom and draft.body.startswith("徐海峰：") and draft.body.endswith("—李娜")
    assert messages.do_reset_message(care.customer, channel="sms", language="zh", actor=care.asm)
    assert not messages.draft(past_care(care), care.contacts["sms"]).custom
    assert saved.pk is not None


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"channel": "sms", "body": "{contact} {surname}"}, "unknown placeholder {surname}"),
        ({"channel": "sms", "body": "{contact}" + "节" * 70}, "an SMS fits 70 characters"),
        ({"channel": "email", "body": "Hi {contact}"}, "an e-mail needs a subject"),
        ({"channel": "fax", "body": "Hi"}, "unknown channel"),
        ({"channel": "wechat", "body": "  "}, "write the message"),
    ],
)
def test_bad_wording_is_refused_naming_what_is_wrong(
    care: Care, fields: dict[str, Any], error: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        messages.do_save_message(care.customer, language="zh", subject="", actor=care.asm, **fields)
    assert error in "; ".join(caught.value.messages)


def test_only_the_service_team_words_the_messages(care: Care) -> None:
    with pytest.raises(PermissionDenied):
        messages.do_save_message(
            care.customer,
            channel="wechat",
            language="zh",
            subject="",
            body="{contact}节日快乐",
            actor=care.customer_admin,
        )


def test_a_customer_abroad_is_written_to_in_english(db: Any) -> None:
    from tests.care.conftest import make_care

    abroad = make_care("DEMA", country="DE", subdivision="BY")
    assert messages.language_for(abroad.customer) == "en"
    draft = messages.draft(past_care(abroad), abroad.contacts["email"])
    assert draft.language == "en" and draft.subject.startswith("Season's greetings")
