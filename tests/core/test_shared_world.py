"""The module-shared world (``shared_world``) is given to each test as it was built: what
one test wrote is undone and what it changed in memory is put back."""

from __future__ import annotations

import pytest

from netcare.customers.models import Contact, Customer
from tests.conftest import World


@pytest.fixture
def world(shared_world: World) -> World:
    return shared_world


def test_a_test_changes_and_deletes(world: World) -> None:
    own = world.own
    own.name_en = "Changed"
    own.save()
    contact = world.obj("contact", "own")
    assert contact.customer is own
    contact.delete()
    assert contact.pk is None
    contact.customer = world.foreign
    world.users["extra"] = world.users["admin"]
    world.objects["site"]["own"] = None
    world.objects["new"] = {"own": own}
    job = world.obj("job", "own")
    job.status = "changed in memory only"
    job.log.append("changed in place")
    job.note = "an attribute of the test's own"


def test_the_next_test_has_the_world_as_built(world: World) -> None:
    own = world.own
    assert own.name_en == "East China City Commercial Bank"
    assert Customer.objects.get(pk=own.pk).name_en == own.name_en
    contact = world.obj("contact", "own")
    assert contact.pk is not None and Contact.objects.filter(pk=contact.pk).exists()
    assert contact.customer is own and world.obj("customer", "own") is own
    assert world.obj("site", "own") is not None
    assert "extra" not in world.users and "new" not in world.objects
    job = world.obj("job", "own")
    assert job.status == "queued" and "changed in place" not in job.log
    assert not hasattr(job, "note")
