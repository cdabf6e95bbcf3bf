"""Return visits: recorded and published at once; the end-of-term one completes the plan's
return visit, a mid-term one completes nothing; only the customer's own contacts, chosen
items and people may be named."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from tests.conftest import World

from netcare.delivery.models import Deliverable, Obligation
from netcare.satisfaction.services import visits


@pytest.fixture
def world(shared_world: World) -> World:
    """One world for the module, as built (each test's writes are undone)."""
    return shared_world


DAY = dt.date(2026, 11, 20)


def _record(world: World, *, actor: Any = None, **changes: Any) -> Any:
    fields: dict[str, Any] = {
        "stage": "final",
        "visited_on": DAY,
        "channel": "visit",
        "overall": 4,
        "contacts": [world.obj("contact", "own")],
        "feedback": [
            visits.ItemFeedback("inspection", 5, "thorough"),
            visits.ItemFeedback("problem_management", 3, "reviews come late"),
        ],
        "comments": "Satisfied overall; upgrade advice should come earlier.",
        "actions": [visits.Promise("Send the upgrade plan", world.users["member_staff"], DAY)],
    }
    fields.update(changes)
    return visits.do_record_visit(world.own, actor=actor or world.users["member_staff"], **fields)


def test_end_of_term_visit_publishes_its_record_and_completes_the_return_visit(
    world: World,
) -> None:
    obligation = Obligation.objects.get(customer=world.own, kind="return_visit")
    assert obligation.state == "open"
    visit = _record(world)
    record = visit.deliverable
    assert record.state == Deliverable.State.PUBLISHED and record.kind == "record"
    assert record.item.code == "care_and_visit" and record.obligation_id == obligation.pk
    assert record.published_at.date() == DAY
    assert "总体满意度 4/5" in record.summary and "Overall satisfaction 4/5" in record.summary
    assert "Send the upgrade plan" in record.summary
    obligation.refresh_from_db()
    assert obligation.state == "done"
    scores = {f.item.code: f.score for f in visit.feedback.all()}
    assert scores == {"inspection": 5, "problem_management": 3}
    assert visit.actions.get().owner == world.users["member_staff"]


def test_mid_term_visit_completes_nothing(world: World) -> None:
    visit = _record(world, stage="mid_term")
    assert visit.deliverable.obligation is None
    assert Obligation.objects.get(customer=world.own, kind="return_visit").state == "open"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"feedback": [visits.ItemFeedback("version_assessment", 4)]}, "feedback"),  # "not"
        ({"feedback": [visits.ItemFeedback("inspection", 4)] * 2}, "feedback"),
        ({"contacts": [], "others": ""}, "contacts"),
        ({"channel": "fax"}, "channel"),
        ({"visited_on": dt.date(2099, 1, 1)}, "visited_on"),
    ],
)
def test_refused_visits_name_the_field(world: World, changes: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as refused:
        _record(world, **changes)
    assert field in refused.value.message_dict


def test_only_the_own_customers_contacts_and_people(world: World) -> None:
    with pytest.raises(ValidationError, match="another customer"):
        _record(world, contacts=[world.obj("contact", "foreign")])
    stranger = world.users["nonmember_staff"]
    with pytest.raises(ValidationError, match="may not name"):
        _record(world, actions=[visits.Promise("Call back", stranger, DAY)])


def test_customer_users_do_not_record_visits(world: World) -> None:
    with pytest.raises(PermissionDenied):
        _record(world, actor=world.users["customer_admin"])
