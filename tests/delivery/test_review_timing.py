"""A review generated at an odd time is allowed but warned about: a final summary before
90% of the term or with planned work open, a mid-term review far from half-way — on
the review page, as messages when generating, and in the job's result (``warnings``),
whose page links back to the draft it produced."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client

from netcare.core.jobs import enqueue_job, run_job
from netcare.core.models import Job
from netcare.delivery.services import reviews
from tests.conftest import World


@pytest.fixture
def world(shared_world: World) -> World:
    """One world for the module, as built (each test's writes are undone)."""
    return shared_world


# The test world's term: 2026-01-01 to 2027-12-31.
AT_46 = dt.date(2026, 12, 1)


def _codes(world: World, milestone: str, day: dt.date) -> set[str]:
    return {w.code for w in reviews.timing_warnings(world.obj("plan", "own"), milestone, on=day)}


def test_final_summary_early_or_with_open_work_is_warned(world: World) -> None:
    assert round(reviews.term_elapsed(world.obj("plan", "own"), AT_46) * 100) == 46
    assert _codes(world, "final", AT_46) == {"final_early", "final_open_work"}
    late = _codes(world, "final", dt.date(2027, 12, 20))
    assert "final_early" not in late and "final_open_work" in late
    world.obj("plan", "own").obligations.exclude(kind="final").update(state="done")
    assert _codes(world, "final", dt.date(2027, 12, 20)) == set()


def test_mid_term_far_from_half_way_is_warned(world: World) -> None:
    assert _codes(world, "mid_term", dt.date(2026, 12, 31)) == set()
    assert _codes(world, "mid_term", dt.date(2026, 2, 15)) == {"mid_term_off"}
    assert _codes(world, "mid_term", dt.date(2027, 11, 1)) == {"mid_term_off"}


def test_review_page_warns_and_the_job_result_carries_warnings_and_link(world: World) -> None:
    client = Client()
    client.force_login(world.users["member_staff"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/delivery/ECCB/reviews/final/").content.decode()
    assert 'id="timing-warning"' in page and "final summary is usually written after 90%" in page
    answer = client.post(
        "/delivery/ECCB/reviews/final/", {"action": "generate", "remarks": ""}, follow=True
    )
    assert "final summary is usually written after 90%" in answer.content.decode()

    # The job, run as the queue runs it: its result says what it produced and warned.
    plan = world.obj("plan", "own")
    job = enqueue_job(
        "review",
        "netcare.delivery.tasks.render_review",
        customer=world.own,
        actor=world.users["member_staff"],
    )
    kwargs = {"plan_id": plan.pk, "milestone": "final", "user_id": world.users["member_staff"].pk}
    run_job(job.pk, "netcare.delivery.tasks.render_review", kwargs)
    job = Job.objects.get(pk=job.pk)
    result = job.result
    assert job.status == "succeeded" and isinstance(result, dict)
    assert {w["code"] for w in result["warnings"]} >= {"final_early"}
    assert result["link"] == "/delivery/ECCB/reviews/final/"
    shown = client.get(f"/jobs/{job.pk}/").content.decode()
    assert 'id="job-result"' in shown and 'href="/delivery/ECCB/reviews/final/"' in shown
    assert "Final summary · T-ECCB-1" in shown and "after 90% of the term" in shown
    api = client.get(f"/api/jobs/{job.pk}/").json()
    assert api["result"]["warnings"][0]["en"].startswith("Only ")
