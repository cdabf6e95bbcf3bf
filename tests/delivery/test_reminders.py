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


@pytest.fixture
def world(shared_world: World) -> World:
    """One world for the module, as built (each test's writes are undone)."""
    return shared_world


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


def _make_open(world: World, count: int, first_due: dt.date) -> list[Obligation]:
    """``count`` open obligations due from ``first_due`` on, spread over both customers'
    plans; every third has no owner, so its lead role's holders answer for it."""
    Obligation.objects.update(state="done", overdue_alerted_at=None, reminded_at=None)
    Notification.objects.all().delete()
    picked: list[Obligation] = []
    for which in ("own", "foreign"):
        wanted = count // 2 + (count % 2 if which == "own" else 0)
        picked += list(world.obj("plan", which).obligations.order_by("due", "pk")[:wanted])
    for index, obligation in enumerate(picked):
        Obligation.objects.filter(pk=obligation.pk).update(
            state="open",
            due=first_due + dt.timedelta(days=index % 5),
            **({"owner": None, "co_owner": None} if index % 3 == 0 else {}),
        )
    return picked


def _told(kind: str) -> set[tuple[int, str]]:
    return set(Notification.objects.filter(kind=kind).values_list("recipient", "key"))


def _per_row_overdue(obligations: list[Obligation], today: dt.date) -> set[tuple[int, str]]:
    """Who the per-row rule tells: the owners (else the lead's holders), the RAM and ASM."""
    from netcare.delivery.services.obligations import lead_holders, responsible

    expected: set[tuple[int, str]] = set()
    for obligation in Obligation.objects.filter(pk__in=[o.pk for o in obligations]):
        contract = obligation.plan.contract
        people = [*responsible(obligation, today), *lead_holders(contract, "both", today)]
        key = f"obligation:{obligation.pk}:overdue:{obligation.due.isoformat()}"
        expected |= {(p.pk, key) for p in people if p is not None}
    return expected


def _per_row_reminders(obligations: list[Obligation], today: dt.date) -> set[tuple[int, str]]:
    from netcare.delivery.services.obligations import responsible

    expected: set[tuple[int, str]] = set()
    for obligation in Obligation.objects.filter(pk__in=[o.pk for o in obligations]):
        for person in responsible(obligation, today):
            lead_time = NotificationPreference.objects.filter(user=person).first()
            if (obligation.due - today).days <= (lead_time.remind_days_before if lead_time else 7):
                key = f"obligation:{obligation.pk}:reminder:{obligation.due.isoformat()}"
                expected.add((person.pk, key))
    return expected


def _queries(sweep: Any) -> tuple[int, int]:
    """(queries, notifications written) of one sweep."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        sent = sweep()
    return len(queries), sent


def test_overdue_sweep_costs_the_same_queries_for_3_or_30(
    quiet: World, django_assert_max_num_queries: Any
) -> None:
    from netcare.core.models import AuditEvent
    from netcare.delivery.services.reminders import alert_overdue

    today, now = dt.date(2027, 1, 4), _at(2027, 1, 4, 9)
    counts: dict[int, int] = {}
    for n in (3, 30):
        late = _make_open(quiet, n, dt.date(2026, 12, 1))
        counts[n], sent = _queries(lambda: alert_overdue(today, now))
        told = _told("obligation_overdue")
        assert told == _per_row_overdue(late, today) and sent == len(told) > n
        assert Obligation.objects.filter(overdue_alerted_at=now).count() == n
        # The bulk insert is audited as the save signals would have done it.
        audited = AuditEvent.objects.filter(
            object_type="notifications.notification", action="create"
        ).values_list("object_id", flat=True)
        assert {str(pk) for pk in Notification.objects.values_list("pk", flat=True)} <= set(audited)
        # A second run tells nobody again, also in a fixed number of queries.
        with django_assert_max_num_queries(counts[3]):
            assert alert_overdue(today, now) == 0
    assert counts[30] <= counts[3] + 2, counts


def test_reminder_sweep_costs_the_same_queries_for_3_or_30(quiet: World) -> None:
    from netcare.delivery.services.reminders import remind_due

    today, now = dt.date(2026, 12, 1), _at(2026, 12, 1, 9)
    NotificationPreference.objects.create(user=quiet.users["member_staff"], remind_days_before=2)
    counts: dict[int, int] = {}
    for n in (3, 30):
        soon = _make_open(quiet, n, today)
        counts[n], sent = _queries(lambda: remind_due(today, now))
        told = _told("obligation_reminder")
        # The RAM chose two days' notice, the others keep the default week.
        assert told == _per_row_reminders(soon, today) and sent == len(told) > 0
        reminded = Obligation.objects.filter(reminded_at=now).values_list("pk", flat=True)
        assert set(reminded) == {int(key.split(":")[1]) for _, key in told}
    assert counts[30] <= counts[3] + 2, counts


def test_a_worker_telling_someone_meanwhile_is_not_told_twice(
    quiet: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Between the sweep's "who was told" query and its insert another worker tells the
    ASM: the one insert is refused by the unique key, the rows go in one by one and
    the ASM's is skipped; everyone else is still told."""
    from netcare.notifications import services as notifications

    asm, ram = quiet.obj("asm", "own"), quiet.users["member_staff"]
    keep = quiet.obj("keep", "own")
    key = f"obligation:{keep.pk}:overdue:{keep.due.isoformat()}"
    real_render = notifications.render

    def render_while_another_worker_writes(kind: str, language: str, context: Any) -> Any:
        if not Notification.objects.filter(recipient=asm, key=key).exists():
            Notification.objects.create(
                recipient=asm, kind=kind, key=key, subject="first", body="first"
            )
        return real_render(kind, language, context)

    monkeypatch.setattr(notifications, "render", render_while_another_worker_writes)
    assert run_reminders(now=_at(2027, 1, 4, 9))["overdue"] == 1
    assert [n.subject for n in _kinds(asm, "obligation_overdue")] == ["first"]
    assert len(_kinds(ram, "obligation_overdue")) == 1
