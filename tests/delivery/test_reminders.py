"""The reminder sweep on a frozen clock: due-soon reminders at each person's lead time,
overdue alerts once, lapsed contact cadences, missed first responses, e-mail retries."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail

from netcare.delivery.models import Obligation, ServiceRequest
from netcare.delivery.services import contacts, requests
from netcare.delivery.services.reminders import run_reminders
from netcare.notifications.models import Notification, NotificationPreference
from tests.conftest import World

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def _at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=SHANGHAI)


def _kinds(user: Any, kind: str) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user, kind=kind))


@pytest.fixture
def quiet(world: World) -> World:
    """The world with everything done or waived except one inspection and one request."""
    plan = world.obj("plan", "own")
    keep = plan.obligations.get(slot="inspection@2026-07-01")  # due 2026-12-31
    Obligation.objects.filter(customer=world.own).exclude(pk=keep.pk).update(state="done")
    Obligation.objects.filter(customer=world.foreign).update(state="done")
    ServiceRequest.objects.update(state="closed")
    Notification.objects.all().delete()
    world.objects["keep"] = {"own": keep}
    return world


def test_reminder_at_the_owners_lead_time_once(quiet: World) -> None:
    keep, ram = quiet.obj("keep", "own"), quiet.users["member_staff"]
    assert keep.due == dt.date(2026, 12, 31) and keep.owner == ram
    NotificationPreference.objects.create(user=ram, remind_days_before=3, language="en")
    run_reminders(now=_at(2026, 12, 20, 9))  # 11 days ahead: nobody yet
    assert not Notification.objects.filter(kind="obligation_reminder").exists()
    counts = run_reminders(now=_at(2026, 12, 28, 9))
    assert counts["reminders"] == 1
    [note] = _kinds(ram, "obligation_reminder")
    assert note.subject.startswith("Due in 3 days: Inspection (period 2)")
    assert note.link == f"/delivery/obligations/{keep.pk}/"
    assert run_reminders(now=_at(2026, 12, 29, 9))["reminders"] == 0  # told once
    keep.refresh_from_db()
    assert keep.reminded_at == _at(2026, 12, 28, 9)


def test_moved_due_date_reminds_again(quiet: World) -> None:
    keep, ram = quiet.obj("keep", "own"), quiet.users["member_staff"]
    run_reminders(now=_at(2026, 12, 28, 9))
    Obligation.objects.filter(pk=keep.pk).update(due=dt.date(2027, 1, 5))
    run_reminders(now=_at(2027, 1, 1, 9))
    assert len(_kinds(ram, "obligation_reminder")) == 2


def test_overdue_alerts_owner_and_both_leads_once(quiet: World) -> None:
    ram, asm = quiet.users["member_staff"], quiet.obj("asm", "own")
    counts = run_reminders(now=_at(2027, 1, 4, 9))
    assert counts["overdue"] == 2
    [note] = _kinds(ram, "obligation_overdue")
    assert "已逾期" in note.subject and "已逾期 4 天" in note.body
    assert len(_kinds(asm, "obligation_overdue")) == 1
    assert run_reminders(now=_at(2027, 1, 5, 9))["overdue"] == 0
    # Admins see it on their dashboard rather than in their inbox.
    assert not _kinds(quiet.users["admin"], "obligation_overdue")


def test_draft_proposals_are_not_chased(quiet: World) -> None:
    plan = quiet.obj("plan", "own")
    plan.state = "draft"
    plan.save(update_fields=["state"])
    assert run_reminders(now=_at(2027, 1, 4, 9))["overdue"] == 0


def test_contact_cadence_lapse(quiet: World) -> None:
    contract, ram = quiet.obj("contract", "own"), quiet.users["member_staff"]
    contacts.do_log_contact(
        contract,
        role="l2_expert",
        date=dt.date(2026, 3, 2),
        channel="phone",
        people="x",
        summary="call",
        actor=ram,
    )
    run_reminders(now=_at(2026, 3, 16, 9))  # 14 days: on cadence
    assert not _kinds(ram, "contact_lapsed")
    run_reminders(now=_at(2026, 3, 17, 9))
    [note] = _kinds(ram, "contact_lapsed")
    assert "15 天" in note.subject and "2026-03-02" in note.body
    run_reminders(now=_at(2026, 3, 18, 9))
    assert len(_kinds(ram, "contact_lapsed")) == 1
    asm_notes = _kinds(quiet.obj("asm", "own"), "contact_lapsed")
    assert len(asm_notes) == 1 and "服务开始以来尚未记录" in asm_notes[0].body


def test_missed_first_response_alerts_once(quiet: World) -> None:
    customer_admin, ram = quiet.users["customer_admin"], quiet.users["member_staff"]
    raised = requests.do_raise_request(
        quiet.own,
        kind="critical_period_assurance",
        title="Year-end freeze",
        text="Please staff the year-end close.",
        actor=customer_admin,
        at=_at(2026, 9, 30, 17, 30),
    )
    assert raised.routed_to == quiet.obj("asm", "own")
    assert raised.first_response_due == _at(2026, 10, 8, 17, 30)
    assert run_reminders(now=_at(2026, 10, 8, 17, 0))["missed_responses"] == 0
    counts = run_reminders(now=_at(2026, 10, 8, 18, 0))
    assert counts["missed_responses"] == 2  # the ASM it went to and the RAM
    assert run_reminders(now=_at(2026, 10, 9, 9, 0))["missed_responses"] == 0
    requests.do_respond_request(raised, response="late", actor=ram, at=_at(2026, 10, 9, 10))
    raised.refresh_from_db()
    assert raised.response_late() and raised.first_responder == ram


def test_email_sent_on_commit_and_retried(
    quiet: World, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    asm = quiet.obj("asm", "own")
    with django_capture_on_commit_callbacks(execute=True):
        run_reminders(now=_at(2027, 1, 4, 9))
    sent = [m for m in mail.outbox if asm.email in m.to and "已逾期" in m.subject]
    assert len(sent) == 1 and sent[0].from_email == "netcare@localhost"
    assert "/delivery/obligations/" in sent[0].body
    note = Notification.objects.get(recipient=asm, kind="obligation_overdue")
    assert note.email_state == "sent" and note.emailed_at is not None
    # The RAM has no address: inbox only.
    ram_note = Notification.objects.get(
        recipient=quiet.users["member_staff"], kind="obligation_overdue"
    )
    assert ram_note.email_state == ""


def test_failed_email_is_retried_by_the_sweep(quiet: World, settings: Any) -> None:
    settings.EMAIL_BACKEND = "tests.delivery.test_reminders.BrokenBackend"
    run_reminders(now=_at(2027, 1, 4, 9))  # the sweep's own retry finds the server down
    note = Notification.objects.get(recipient=quiet.obj("asm", "own"), kind="obligation_overdue")
    assert (note.email_state, note.email_attempts) == ("failed", 1)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert run_reminders(now=_at(2027, 1, 4, 10))["emails"] >= 1
    note.refresh_from_db()
    assert note.email_state == "sent" and note.email_attempts == 2
    assert [m.subject for m in mail.outbox].count(note.subject) == 1
    assert run_reminders(now=_at(2027, 1, 4, 11))["emails"] == 0


class BrokenBackend:
    """A mail server that is down."""

    def __init__(self, **kwargs: Any) -> None:
        pass

    def send_messages(self, messages: Any) -> int:
        raise ConnectionRefusedError("smtp down")


def test_schedule_exists_after_migrate(db: None) -> None:
    from django_q.models import Schedule

    schedule = Schedule.objects.get(name="netcare-reminders")
    assert schedule.func == "netcare.delivery.tasks.run_reminders"
    assert schedule.schedule_type == Schedule.HOURLY and schedule.repeats == -1
