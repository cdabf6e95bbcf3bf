"""The engagement flows refuse every move they do not list, and say where work may go."""

from __future__ import annotations

import pytest

from netcare.delivery.flow import IllegalTransition, flow

CHANGE = flow(
    "change",
    {
        "draft": {"in_review"},
        "in_review": {"approved", "returned"},
        "returned": {"in_review"},
        "approved": {"completed"},
        "completed": set(),
    },
)


def test_a_listed_move_is_legal() -> None:
    CHANGE.check("draft", "in_review")
    assert CHANGE.can("returned", "in_review")
    assert CHANGE.allowed("in_review") == {"approved", "returned"}


def test_an_unlisted_move_names_both_states_and_the_legal_ones() -> None:
    with pytest.raises(IllegalTransition) as caught:
        CHANGE.check("draft", "approved")
    message = str(caught.value)
    assert "'draft'" in message and "'approved'" in message and "in_review" in message
    assert caught.value.allowed == {"in_review"}


def test_a_finished_state_has_no_way_out() -> None:
    assert CHANGE.finished == {"completed"}
    with pytest.raises(IllegalTransition, match="it is finished"):
        CHANGE.check("completed", "draft")
    with pytest.raises(IllegalTransition):
        CHANGE.check("unknown", "draft")
