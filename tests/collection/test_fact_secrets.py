"""Configurations in device facts are staff data: customer users read them through the
API with every secret masked; the vendor's staff read them whole."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from tests.conftest import World

from netcare.collection.models import Fact
from netcare.collection.parsing.facts import build_facts
from netcare.collection.parsing.secrets import MASK


@pytest.fixture
def world(shared_world: World) -> World:
    """One world for the module, as built (each test's writes are undone)."""
    return shared_world


DEMO = Path(__file__).resolve().parents[2] / "src" / "netcare" / "collection" / "data" / "demo"
CONFIG = (DEMO / "device" / "hp_comware" / "display_current_configuration.txt").read_text(
    encoding="utf-8"
)
#: Secrets in that configuration: the local user's password hash and the SNMP community.
SECRETS = ["$h$6$Vn1mFjv0pQy3kW2a$5c8b", "$c$3$Lr5hP9v1aP4yq1U3mVbEo0ng=="]


@pytest.fixture
def fact_with_config(world: World) -> Fact:
    fact: Fact = world.obj("fact", "own")
    built = build_facts("hp_comware", {"running_config": CONFIG})
    assert built["config_text"], "the facts keep the configuration text"
    fact.facts = {**fact.facts, "config_text": built["config_text"]}
    fact.save(update_fields=["facts"])
    return fact


def _get(world: World, role: str, url: str) -> str:
    client = Client()
    client.force_login(world.users[role])
    answer = client.get(url)
    assert answer.status_code == 200, answer.content
    return answer.content.decode()


@pytest.mark.parametrize("role", ["customer_viewer", "customer_admin"])
def test_customer_users_read_configurations_masked(
    world: World, fact_with_config: Fact, role: str
) -> None:
    for url in (
        reverse("api:fact-list"),
        reverse("api:fact-detail", kwargs={"pk": fact_with_config.pk}),
    ):
        body = _get(world, role, url)
        assert "snmp-agent community read cipher " + MASK in body
        assert " password hash " + MASK in body
        for secret in SECRETS:
            assert secret not in body.replace("\\/", "/")
    stored = Fact.objects.get(pk=fact_with_config.pk).facts["config_text"]
    assert all(secret in stored for secret in SECRETS)  # masked on the way out only


@pytest.mark.parametrize("role", ["member_staff", "admin"])
def test_staff_read_configurations_whole(world: World, fact_with_config: Fact, role: str) -> None:
    import json

    answer = json.loads(_get(world, role, reverse("api:fact-list")))
    rows = answer["results"] if isinstance(answer, dict) else answer
    texts = [row["facts"].get("config_text") or "" for row in rows]
    assert any(all(secret in text for secret in SECRETS) for text in texts)
