"""Change assurance through its services: the review rule, state moves, roster and
event rules, notifications, the hardening steps a successful change applies, and the
published record."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from netcare.assurance import summary
from netcare.assurance.models import ChangeAssurance
from netcare.assurance.services import changes, reviews, rosters
from netcare.notifications.models import Notification
from tests.assurance.conftest import expert
from tests.assurance.world import WINDOW, aware
from tests.conftest import World

D = summary.Decision


@pytest.mark.parametrize(
    ("said", "verdict"),
    [
        ([], "pending"),
        ([D("a", True, "approve"), D("b", True, "")], "pending"),
        ([D("a", True, "approve"), D("b", True, "approve_with_conditions")], "approved"),
        ([D("a", True, "approve"), D("b", False, "")], "approved"),
        ([D("a", False, "approve")], "pending"),
        ([D("a", True, "approve"), D("b", False, "reject", "no rollback")], "rejected"),
        ([D("a", True, ""), D("b", True, "reject", "window too short")], "rejected"),
    ],
)
def test_the_review_rule(said: list[summary.Decision], verdict: str) -> None:
    assert summary.conclude(said) == verdict


def test_reasons_and_conditions_are_listed_by_reviewer() -> None:
    said = [
        D("Li", True, "reject", "no rollback test"),
        D("Wu", True, "approve_with_conditions", conditions="keep R&D on the line"),
        D("Xu", True, "approve"),
    ]
    assert summary.reasons(said) == ["Li: no rollback test"]
    assert summary.conditions(said) == ["Wu: keep R&D on the line"]


def _change(w: World, **extra: Any) -> ChangeAssurance:
    fields: dict[str, Any] = {
        "title": "Replace the core switch's optics",
        "purpose": "Optics on the uplinks report rising errors.",
        "starts_at": aware(WINDOW[0]),
        "ends_at": aware(WINDOW[1]),
        "devices": [w.obj("device", "own")],
        "steps": "1. shut the port\n2. replace\n3. no shut",
        "rollback": "put the old optics back",
        "actor": w.users["member_staff"],
    }
    fields.update(extra)
    return changes.do_file_change(w.own, **fields)


def _reviewed(w: World, n: int = 3) -> tuple[ChangeAssurance, list[Any]]:
    ram = w.users["member_staff"]
    change = _change(w)
    people = [expert(f"t.hq{i}", w.own) for i in range(n)]
    for person, speciality in zip(people, ["product_support", "industry", "rnd"], strict=False):
        reviews.do_name_reviewer(change, person, speciality, actor=ram)
    changes.do_submit_change(change, actor=ram)
    return change, people


def _review_of(change: ChangeAssurance, person: Any) -> Any:
    return change.reviews.get(reviewer=person, round=change.round)


def test_every_required_reviewer_must_approve(w: World) -> None:
    change, (a, b, c) = _reviewed(w)
    reviews.do_record_decision(_review_of(change, a), "approve", actor=a)
    reviews.do_record_decision(
        _review_of(change, b), "approve_with_conditions", conditions="R&D on call", actor=b
    )
    change.refresh_from_db()
    assert change.state == "in_review"
    reviews.do_record_decision(_review_of(change, c), "approve", comments="fine", actor=c)
    change.refresh_from_db()
    assert change.state == "approved"
    told = Notification.objects.filter(
        kind="change_approved", key__startswith=f"change:{change.pk}:"
    )
    assert told.filter(recipient=w.users["member_staff"]).exists()


def test_naming_a_reviewer_grants_the_reviewer_role_and_tells_them(w: World) -> None:
    a = _reviewed(w)[1][0]
    assert a.memberships.filter(customer=w.own, role="reviewer").exists()
    assert Notification.objects.filter(recipient=a, kind="change_reviewer_named").exists()


def test_one_rejection_sends_it_back_with_the_reasons_and_a_new_round_follows(w: World) -> None:
    change, (a, b, c) = _reviewed(w)
    ram = w.users["member_staff"]
    reviews.do_record_decision(_review_of(change, a), "approve", actor=a)
    reviews.do_record_decision(
        _review_of(change, b), "reject", comments="The rollback was never tested.", actor=b
    )
    change.refresh_from_db()
    assert change.state == "returned"
    assert reviews.return_reasons(change) == ["t.hq1: The rollback was never tested."]
    rejected = Notification.objects.get(recipient=ram, kind="change_rejected")
    assert "The rollback was never tested." in rejected.body
    with pytest.raises(ValidationError):  # the old round is closed
        reviews.do_record_decision(_review_of(change, c), "approve", actor=c)

    changes.do_submit_change(change, actor=ram)
    change.refresh_from_db()
    assert (change.state, change.round) == ("in_review", 2)
    assert [r.decision for r in reviews.current_reviews(change)] == ["", "", ""]
    assert change.reviews.count() == 6  # round 1 kept as history
    for person in (a, b, c):
        reviews.do_record_decision(_review_of(change, person), "approve", actor=person)
    change.refresh_from_db()
    assert change.state == "approved"


def test_decisions_are_the_named_reviewers_own_and_need_their_reasons(w: World) -> None:
    change, (a, b, _c) = _reviewed(w)
    with pytest.raises(PermissionDenied):
        reviews.do_record_decision(_review_of(change, a), "approve", actor=b)
    with pytest.raises(PermissionDenied):
        reviews.do_record_decision(_review_of(change, a), "approve", actor=w.users["admin"])
    with pytest.raises(ValidationError, match="reasons"):
        reviews.do_record_decision(_review_of(change, a), "reject", actor=a)
    with pytest.raises(ValidationError, match="conditions"):
        reviews.do_record_decision(_review_of(change, a), "approve_with_conditions", actor=a)
    with pytest.raises(ValidationError, match="unknown decision"):
        reviews.do_record_decision(_review_of(change, a), "maybe", actor=a)


def test_only_hq_experts_are_named_and_only_by_the_ram(w: World) -> None:
    change = _change(w)
    with pytest.raises(ValidationError, match="not an HQ expert"):
        reviews.do_name_reviewer(
            change, w.users["customer_admin"], "industry", actor=w.users["member_staff"]
        )
    with pytest.raises(PermissionDenied):
        reviews.do_name_reviewer(
            change, expert("t.hqx", w.own), "industry", actor=w.users["customer_admin"]
        )


def test_illegal_moves_are_refused_naming_the_states(w: World) -> None:
    change = _change(w)
    ram = w.users["member_staff"]
    with pytest.raises(ValidationError) as refused:
        changes.do_start_change(change, actor=ram)
    message = refused.value.message_dict["state"][0]
    assert "'draft'" in message and "'in_progress'" in message and "in_review" in message
    with pytest.raises(ValidationError, match="cannot move from 'draft' to 'completed'"):
        changes.do_complete_change(change, "success", actor=ram)
    with pytest.raises(ValidationError, match="cannot move from 'draft' to 'published'"):
        changes.do_publish_change_record(change, actor=ram)
    change.refresh_from_db()
    assert change.state == "draft"


def test_a_change_is_filed_on_its_customers_devices_only(w: World) -> None:
    with pytest.raises(ValidationError, match="not ECCB's"):
        _change(w, devices=[w.obj("device", "foreign")])
    with pytest.raises(ValidationError, match="ends before"):
        _change(w, ends_at=aware(WINDOW[0] - dt.timedelta(hours=1)))
    with pytest.raises(PermissionDenied):
        _change(w, actor=w.users["customer_viewer"])
    filed = _change(w, actor=w.users["customer_admin"])
    assert filed.request is not None and filed.request.kind == "change_assurance"


def _approved(w: World) -> ChangeAssurance:
    change, people = _reviewed(w, n=1)
    reviews.do_record_decision(_review_of(change, people[0]), "approve", actor=people[0])
    change.refresh_from_db()
    return change


def test_roster_rules(w: World) -> None:
    change = _approved(w)
    ram = w.users["member_staff"]
    with pytest.raises(ValidationError, match="roster"):
        changes.do_schedule_change(change, actor=ram)
    start = aware(WINDOW[0])
    with pytest.raises(ValidationError, match="outside the window"):
        rosters.do_add_roster_entry(
            change,
            person=ram,
            mode="remote",
            starts_at=start - dt.timedelta(days=2),
            ends_at=start - dt.timedelta(days=1),
            actor=ram,
        )
    with pytest.raises(ValidationError, match="not the vendor's staff"):
        rosters.do_add_roster_entry(
            change,
            person=w.users["customer_admin"],
            mode="onsite",
            starts_at=start,
            ends_at=aware(WINDOW[1]),
            actor=ram,
        )
    with pytest.raises(ValidationError, match="ends before"):
        rosters.do_add_roster_entry(
            change, person=ram, mode="remote", starts_at=aware(WINDOW[1]), ends_at=start, actor=ram
        )
    rosters.do_add_roster_entry(
        change, person=ram, mode="remote", starts_at=start, ends_at=aware(WINDOW[1]), actor=ram
    )
    with pytest.raises(ValidationError, match="events are logged while in_progress"):
        rosters.do_log_event(change, "too early", actor=ram)
    changes.do_schedule_change(change, actor=ram)
    changes.do_start_change(change, actor=ram)
    event = rosters.do_log_event(change, "Port shut.", actor=ram, at=start)
    assert (event.author, event.text) == (ram, "Port shut.")
    with pytest.raises(PermissionDenied):
        rosters.do_log_event(change, "I was here", actor=w.users["customer_admin"])


def _run(w: World, change: ChangeAssurance, outcome: str = "success") -> ChangeAssurance:
    ram = w.users["member_staff"]
    rosters.do_add_roster_entry(
        change,
        person=ram,
        mode="remote",
        starts_at=aware(WINDOW[0]),
        ends_at=aware(WINDOW[1]),
        duty="remote support",
        actor=ram,
    )
    changes.do_schedule_change(change, actor=ram)
    changes.do_start_change(change, actor=ram)
    rosters.do_log_event(change, "Optics replaced; errors gone.", actor=ram)
    return changes.do_complete_change(
        change, outcome, verification="No CRC errors for 30 minutes.", actor=ram
    )


def test_success_applies_the_hardening_steps_it_carries(w: World) -> None:
    step = w.obj("hardening_step", "own")
    assert step.state == "planned"
    change, people = _reviewed(w, n=1)
    change.hardening_steps.set([step])
    reviews.do_record_decision(_review_of(change, people[0]), "approve", actor=people[0])
    change.refresh_from_db()
    _run(w, change)
    step.refresh_from_db()
    assert step.state == "applied" and step.applied_at is not None


def test_a_rolled_back_change_applies_nothing(w: World) -> None:
    step = w.obj("hardening_step", "own")
    change = _change(w, hardening_steps=[step])
    person = expert("t.hqr", w.own)
    reviews.do_name_reviewer(change, person, "rnd", actor=w.users["member_staff"])
    changes.do_submit_change(change, actor=w.users["member_staff"])
    reviews.do_record_decision(_review_of(change, person), "approve", actor=person)
    change.refresh_from_db()
    _run(w, change, "rolled_back")
    step.refresh_from_db()
    assert step.state == "planned"


def test_hardening_steps_of_another_customer_are_refused(w: World) -> None:
    with pytest.raises(ValidationError, match="not ECCB's"):
        _change(w, hardening_steps=[w.obj("hardening_step", "foreign")])
