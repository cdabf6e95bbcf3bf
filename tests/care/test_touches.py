"""Holiday care: a touch completes its obligation through the contact log, e-mail goes
out from NetCare, the agenda and the reminder, and a customer abroad gets its own
country's holidays."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from netcare.care.models import CareTouch
from netcare.care.services import touches
from netcare.delivery.models import ContactLog, Deliverable, Obligation
from netcare.notifications.models import Notification
from tests.care.conftest import Care, make_care, past_care


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def test_one_recorded_touch_completes_its_obligation(care: Care) -> None:
    obligation = past_care(care)
    when = _at(obligation.due - dt.timedelta(days=1))
    touch = touches.do_record_touch(
        obligation, channel="wechat", actor=care.asm, contact=care.contacts["wechat"], at=when
    )
    obligation.refresh_from_db()
    assert obligation.state == Obligation.State.DONE
    log = touch.contact_log
    assert log is not None and log.purpose == ContactLog.Purpose.HOLIDAY_CARE
    assert (log.obligation_id, log.author_id, log.role, log.channel) == (
        obligation.pk,
        care.asm.pk,
        "asm",
        "wechat",
    )
    record = log.record
    assert record is not None and record.state == Deliverable.State.PUBLISHED
    assert obligation.completed_by_id == record.pk and obligation.on_time
    assert touch.by == care.asm and touch.touched_at == when and touch.state == "recorded"
    assert "周敏" in touch.message  # the drafted WeChat message, as sent
    # A second touch for the same holiday is logged against the same obligation and
    # record; it completes nothing else (the next holiday's care stays open).
    following = (
        care.plan.obligations.filter(kind="holiday_care", state="open").order_by("due").first()
    )
    second = touches.do_record_touch(
        obligation, channel="sms", actor=care.ram, contact=care.contacts["sms"], at=when
    )
    assert second.contact_log.obligation_id == obligation.pk
    assert second.contact_log.record_id == record.pk and second.contact_log.role == "l2_expert"
    following.refresh_from_db()
    assert following.state == "open"
    assert obligation.care_touches.count() == 2


def test_an_email_touch_is_sent_from_netcare_and_recorded(care: Care) -> None:
    obligation = past_care(care)
    contact = care.contacts["email"]
    touch = touches.do_send_touch(obligation, contact, actor=care.asm)
    assert touch.state == CareTouch.State.SENT and touch.address == contact.email
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == [contact.email] and sent.subject == touch.subject
    assert "陈立" in sent.body and messages_holiday(obligation) in sent.subject
    obligation.refresh_from_db()
    assert obligation.state == "done"
    with pytest.raises(ValidationError, match="already sent"):
        touches.do_send_touch(obligation, contact, actor=care.asm)
    assert len(mail.outbox) == 1


def messages_holiday(obligation: Obligation) -> str:
    from netcare.care.services import messages

    return messages.holiday_of(obligation).names_zh


def test_a_refused_mail_records_nothing(care: Care, monkeypatch: Any) -> None:
    from netcare.care.services import mail as care_mail

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise care_mail.MailRefused("SMTPRecipientsRefused")

    monkeypatch.setattr(care_mail, "send_to_address", refuse)
    obligation = past_care(care)
    with pytest.raises(ValidationError, match="refused"):
        touches.do_send_touch(obligation, care.contacts["email"], actor=care.asm)
    obligation.refresh_from_db()
    assert obligation.state == "open" and not obligation.care_touches.exists()


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"channel": "fax"}, "unknown channel"),
        ({"at": timezone.now() + dt.timedelta(days=2)}, "after it happened"),
        ({"contact": None, "people": ""}, "whom you greeted"),
    ],
)
def test_bad_touches_are_refused(care: Care, change: dict[str, Any], error: str) -> None:
    fields: dict[str, Any] = {"channel": "phone", "contact": care.contacts["sms"], **change}
    with pytest.raises(ValidationError, match=error):
        touches.do_record_touch(past_care(care), actor=care.asm, **fields)


def test_only_care_obligations_of_the_team_take_touches(care: Care) -> None:
    other = care.plan.obligations.exclude(kind="holiday_care").first()
    with pytest.raises(ValidationError, match="holiday-care"):
        touches.do_record_touch(other, channel="phone", actor=care.asm, people="王工")
    with pytest.raises(PermissionDenied):
        touches.do_record_touch(
            past_care(care), channel="phone", actor=care.customer_admin, people="王工"
        )


def test_the_reminder_tells_the_owner_once(care: Care) -> None:
    obligation = past_care(care)
    day = obligation.due - dt.timedelta(days=3)
    told = touches.tell_due(day, days=7)
    assert told >= 1
    notes = Notification.objects.filter(kind="care_due", key=f"obligation:{obligation.pk}:care_due")
    assert [n.recipient for n in notes] == [care.asm]
    assert messages_holiday(obligation) in notes[0].subject
    assert touches.tell_due(day, days=7) == 0  # each obligation is told once


def test_the_agenda_lists_each_contact_with_their_channel(care: Care) -> None:
    obligation = past_care(care)
    rows = touches.agenda(care.customer, today=obligation.due, days=0)
    assert [r.obligation.pk for r in rows] == [obligation.pk]
    assert {(c.name, d.channel) for c, d in rows[0].drafts} == {
        ("陈立", "email"),
        ("徐海峰", "sms"),
        ("周敏", "wechat"),
    }


def _holiday_names(care: Care) -> set[str]:
    return {
        o.title_en.partition(": ")[2] for o in care.plan.obligations.filter(kind="holiday_care")
    }


def test_a_customer_in_another_country_gets_that_countrys_holidays(care: Care) -> None:
    germany = make_care("DEMA", country="DE", subdivision="BY")
    german, chinese = _holiday_names(germany), _holiday_names(care)
    assert any("Christmas" in name for name in german)
    assert any("German Unity" in name for name in german)
    assert not any("Spring Festival" in name or "National Day" in name for name in german)
    assert any("Spring Festival" in name for name in chinese)
    assert not any("Christmas" in name for name in chinese)
    # Bavaria's own holidays (Epiphany) are there; the care date is a German working day.
    assert any("Epiphany" in name for name in german)
    from netcare.delivery.services.plans import calendar_for

    calendar = calendar_for(germany.customer)
    for obligation in germany.plan.obligations.filter(kind="holiday_care"):
        assert calendar.is_working_day(obligation.due)
        assert obligation.due < obligation.period_start
