"""Hardening plans from an inspection's findings on a real configuration: steps with
remediation and rollback, batches, the per-device diff, states, and verification by a
later collection of the changed configuration."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from tests.conftest import World
from tests.inspection.collected import BORDER, border_device, collect, sample
from tests.inspection.test_runs import inspect

from netcare.inspection import services
from netcare.inspection.engine.hardening import apply
from netcare.inspection.models import Finding, HardeningStep, InspectionRun


@pytest.fixture
def world(shared_world: World) -> World:
    """One world for the module, as built (each test's writes are undone)."""
    return shared_world


pytestmark = pytest.mark.usefixtures("test_pack")
RULE = "netcare_test.no_log_host"


@pytest.fixture
def run(world: World, django_capture_on_commit_callbacks: Any) -> InspectionRun:
    border_device(world.own, world.users["admin"])
    collect(world.own, world.users["member_staff"], {"as2border2": BORDER})
    return inspect(world, django_capture_on_commit_callbacks)


def _plan(world: World, run: InspectionRun) -> Any:
    finding = Finding.objects.get(run=run, rule_id=RULE)
    return services.do_create_hardening_plan(run, [finding.pk], actor=world.users["member_staff"])


def test_a_plan_holds_steps_computed_from_the_running_configuration(
    world: World, run: InspectionRun
) -> None:
    plan = _plan(world, run)
    step = plan.steps.get()
    assert step.rule_id == RULE and step.device.hostname == "as2border2"
    assert step.remediation.strip() == "logging host 192.0.2.10"
    assert "no logging host 192.0.2.10" in step.rollback
    assert step.precheck == ["show logging"] and step.batch == 1 and step.state == "planned"
    assert step.finding is not None and step.finding.rule_id == RULE
    (lines,) = plan.diffs.values()
    assert "+logging host 192.0.2.10" in [line.strip() for line in lines] or any(
        line.startswith("+") and "logging host 192.0.2.10" in line for line in lines
    )
    assert plan.problems == []


def test_a_device_without_a_running_configuration_is_reported(
    world: World, run: InspectionRun
) -> None:
    from netcare.collection.models import Fact, RawOutput

    # As if the configuration had never been collected: no output, nothing in the facts.
    RawOutput.objects.filter(command_key="running_config").update(command_key="")
    for fact in Fact.objects.filter(device__hostname="as2border2"):
        fact.facts.pop("config_text", None)
        fact.save()
    finding = Finding.objects.get(run=run, rule_id=RULE)
    plan = services.do_create_hardening_plan(run, [finding.pk], actor=world.users["member_staff"])
    assert not plan.steps.exists()
    assert plan.problems and plan.problems[0]["device"] == "as2border2"


def test_a_plan_needs_findings_of_its_run(world: World, run: InspectionRun) -> None:
    foreign = world.obj("finding", "foreign")
    with pytest.raises(ValidationError):
        services.do_create_hardening_plan(run, [foreign.pk], actor=world.users["member_staff"])


def test_a_plan_variable_with_a_line_break_is_refused_and_nothing_is_written(
    world: World, run: InspectionRun
) -> None:
    finding = Finding.objects.get(run=run, rule_id=RULE)
    with pytest.raises(ValidationError) as caught:
        services.do_create_hardening_plan(
            run,
            [finding.pk],
            actor=world.users["member_staff"],
            vars={"log_host": "192.0.2.10\nno aaa new-model"},
        )
    assert "log_host" in str(caught.value.message_dict["vars"])
    assert not HardeningStep.objects.filter(plan__run=run).exists()


def test_an_applied_step_is_verified_by_a_later_collection(
    world: World, run: InspectionRun, django_capture_on_commit_callbacks: Any
) -> None:
    step = _plan(world, run).steps.get()
    actor = world.users["member_staff"]
    with pytest.raises(ValidationError):
        services.do_set_step_state(step, "verified", actor=actor)
    step = services.do_set_step_state(step, "applied", actor=actor)
    assert step.applied_at is not None
    assert services.verify_steps(world.own) == 0  # nothing collected since
    changed = apply("cisco_ios", sample(BORDER["show_running-config.txt"]), step.remediation)
    collect(world.own, actor, {"as2border2": {**BORDER, "show_running-config.txt": changed}})
    later = inspect(world, django_capture_on_commit_callbacks)
    step.refresh_from_db()
    assert step.state == HardeningStep.State.VERIFIED and step.verified_at is not None
    assert not Finding.objects.filter(run=later, rule_id=RULE).exists()
    first = Finding.objects.get(run=run, rule_id=RULE)
    assert first.status == Finding.Status.RESOLVED


def test_a_step_still_failing_stays_applied(world: World, run: InspectionRun) -> None:
    step = _plan(world, run).steps.get()
    actor = world.users["member_staff"]
    services.do_set_step_state(step, "applied", actor=actor)
    collect(world.own, actor, {"as2border2": BORDER})  # collected again, unchanged
    assert services.verify_steps(world.own) == 0
    step.refresh_from_db()
    assert step.state == "applied"


def test_the_page_plans_every_finding_the_filters_select_on_all_pages(
    world: World, run: InspectionRun
) -> None:
    """The findings list shows 50 a page; "all that match" takes the filters in the
    address, not the ticks of one page, and leaves out findings already marked."""
    from django.test import Client

    from netcare.inspection.models import HardeningPlan

    finding = Finding.objects.get(run=run, rule_id=RULE)
    selected = Finding.objects.filter(
        run=run, hardening=True, status="open", severity=finding.severity
    )
    client = Client()
    client.force_login(world.users["member_staff"])
    page = client.get(f"/inspection/runs/{run.pk}/?severity={finding.severity}").content.decode()
    assert f'name="matching" value="1" formaction="/inspection/runs/{run.pk}/plan/' in page
    assert f"{selected.count()} " in page

    answer = client.post(
        f"/inspection/runs/{run.pk}/plan/?severity={finding.severity}", {"matching": "1"}
    )
    plan = HardeningPlan.objects.get(run=run)
    assert answer.status_code == 302 and answer["Location"] == f"/inspection/plans/{plan.pk}/"
    planned = {step.finding_id for step in plan.steps.all()}
    assert finding.pk in planned and planned <= set(selected.values_list("pk", flat=True))

    # A filter that selects nothing plannable drafts nothing and says why.
    Finding.objects.filter(run=run).update(status="accepted_risk")
    refused = client.post(
        f"/inspection/runs/{run.pk}/plan/?severity={finding.severity}",
        {"matching": "1"},
        follow=True,
    )
    assert "choose findings of this inspection" in refused.content.decode()
    assert HardeningPlan.objects.filter(run=run).count() == 1
