"""SSH collection jobs against the simulator: every misbehaviour ends as its own status,
the job goes on, raw outputs are kept, inventory is updated, credentials never leak, and
the per-device tasks are idempotent."""

from __future__ import annotations

import logging
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import World

from netcare.collection import services, tasks
from netcare.collection.models import CollectionJob, DeviceRun, Fact, RawOutput
from netcare.collection.simulator import Simulator
from netcare.inventory import services as inventory
from netcare.inventory.models import Device, Platform


@pytest.fixture
def world(shared_world: World) -> World:
    """One world for the module, as built (each test's writes are undone)."""
    return shared_world


DATA = Path(__file__).resolve().parents[2] / "data" / "simulator"
LOOPBACK = "127.0.0.1"

#: simulated device → the status its collection must end with (a 4 s budget, no retry)
EXPECTED = {
    "comware-core": "ok",
    "vrp-agg": "ok",
    "vrp8-dc": "ok",
    "ios-edge": "ok",
    "xe-wan": "ok",
    "nxos-dc": "ok",
    "junos-qfx": "ok",
    "eos-leaf": "ok",
    "sticky-paging": "ok",
    "slow-output": "ok",
    "bad-password": "auth_failed",
    "hang-login": "timeout",
    "hang-command": "timeout",
    "drop-midway": "partial",
}


@pytest.fixture(scope="module")
def simulator() -> Iterator[Simulator]:
    sim = Simulator(DATA, host=LOOPBACK)
    sim.start()
    yield sim
    sim.stop()


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        return int(sock.getsockname()[1])


def add_simulated(world: World, simulator: Simulator, names: list[str]) -> list[Device]:
    """Inventory devices pointing at the simulator, each with its own stored login."""
    admin = world.users["admin"]
    devices = []
    for name in names:
        profile = simulator.profile(name)
        credential = inventory.do_create_credential(
            world.own,
            actor=admin,
            name=f"sim-{name}",
            username=profile.username,
            password=profile.password,
            enable_secret=profile.enable_secret,
        )
        devices.append(
            inventory.do_create_device(
                world.own,
                actor=admin,
                hostname=f"SIM-{name}",
                management_address=LOOPBACK,
                ssh_port=simulator.port(name),
                platform=Platform.objects.get(slug=profile.platform),
                credential=credential,
                software_version="V800R011C00" if profile.vrp8 else "",
            )
        )
    return devices


def test_every_simulator_fault_ends_with_its_status(
    world: World, simulator: Simulator, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    devices = add_simulated(world, simulator, sorted(EXPECTED))
    dead = inventory.do_create_device(
        world.own,
        actor=world.users["admin"],
        hostname="SIM-unreachable",
        management_address=LOOPBACK,
        ssh_port=closed_port(),
        platform=Platform.objects.get(slug="cisco_ios"),
        credential=devices[0].credential,
    )
    job = services.do_start_collection(
        world.own,
        actor=world.users["member_staff"],
        query="SIM-*",
        timeout=4,
        retries=0,
        enqueue=False,
    )
    assert job.total == len(EXPECTED) + 1
    summary = services.run_collection(job, concurrency=8)
    job.refresh_from_db()
    assert job.state == "finished" and job.done == job.total
    statuses = dict(job.runs.values_list("hostname", "status"))
    expected = {f"SIM-{k}": v for k, v in EXPECTED.items()} | {dead.hostname: "unreachable"}
    assert statuses == expected
    assert summary["ok"] == 10 and job.succeeded == 11  # ok + partial

    # Raw outputs are kept, error answers included; the cut-off one is marked.
    core = Device.objects.get(hostname="SIM-comware-core")
    run = job.runs.get(device=core)
    outputs = {o.command: o for o in RawOutput.objects.filter(run=run)}
    assert set(outputs) == set(services.command_list("hp_comware"))
    assert outputs["display version"].command_key == "version"
    assert outputs["display power"].error  # not recorded on this device: vendor error
    assert run.commands_ok < run.commands == len(outputs)
    drop = job.runs.get(hostname="SIM-drop-midway")
    assert RawOutput.objects.filter(run=drop, complete=False).count() == 1

    # Inventory and facts follow what the devices said.
    core.refresh_from_db()
    assert core.software_version and core.model
    assert core.last_collected is not None
    assert Fact.objects.get(device=core).facts["os_family"] == "comware"

    # No credential anywhere: logs, run messages.
    secrets = {simulator.profile(n).password for n in EXPECTED} | {
        simulator.profile(n).enable_secret for n in EXPECTED if simulator.profile(n).enable_secret
    }
    kept = " ".join(caplog.messages) + " ".join(job.runs.values_list("message", flat=True))
    assert not [s for s in secrets if s in kept]


def test_devices_without_login_fail_alone(world: World, simulator: Simulator) -> None:
    devices = add_simulated(world, simulator, ["comware-core"])
    inventory.do_create_device(
        world.own,
        actor=world.users["admin"],
        hostname="SIM-nologin",
        management_address=LOOPBACK,
        platform=Platform.objects.get(slug="hp_comware"),
    )
    job = services.do_start_collection(
        world.own, actor=None, query="SIM-*", timeout=6, retries=0, enqueue=False
    )
    services.run_collection(job)
    statuses = dict(job.runs.values_list("hostname", "status"))
    assert statuses == {devices[0].hostname: "ok", "SIM-nologin": "error"}
    assert "no credential" in job.runs.get(hostname="SIM-nologin").message


def test_queued_job_fans_out_one_idempotent_task_per_device(
    world: World,
    simulator: Simulator,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from django_q.conf import Conf

    from netcare.core.jobs import run_job

    monkeypatch.setattr(Conf, "SYNC", True)  # the queue runs each task in this process
    add_simulated(world, simulator, ["comware-core", "ios-edge"])
    with django_capture_on_commit_callbacks() as queued:
        job = services.do_start_collection(
            world.own,
            actor=world.users["member_staff"],
            query="SIM-comware-core,SIM-ios-edge",
            timeout=8,
            retries=0,
        )
    assert len(queued) == 1 and job.job is not None and job.job.status == "queued"
    # What the cluster does with the queued job: the coordinator fans out one task per
    # device (run in this process here), then finds nothing left to claim.
    result = run_job(
        job.job.pk,
        "netcare.collection.tasks.run_collection_job",
        {"collection_job_id": job.pk, "fan_out": True},
    )
    assert result["ok"] == 2
    job.refresh_from_db()
    assert job.state == "finished"
    job.job.refresh_from_db()
    assert job.job.status == "succeeded" and job.job.progress == 100
    assert set(job.runs.values_list("status", flat=True)) == {"ok"}
    outputs = RawOutput.objects.filter(run__collection_job=job).count()
    # A redelivered task finds its run done and writes nothing.
    for run in job.runs.all():
        assert tasks.collect_run_task(run.pk) == "taken"
    assert RawOutput.objects.filter(run__collection_job=job).count() == outputs


def test_device_query_and_permissions(world: World) -> None:
    from django.core.exceptions import PermissionDenied, ValidationError

    ios = Platform.objects.get(slug="cisco_ios")
    for name in ("BR-ACC-01", "BR-ACC-02", "BR-CORE-01"):
        inventory.do_create_device(
            world.own, actor=None, hostname=name, management_address="10.2.0.1", platform=ios
        )

    def names(query: str) -> list[str]:
        return [d.hostname for d in services.select_devices(world.own, query)]

    assert names("BR-ACC-*") == ["BR-ACC-01", "BR-ACC-02"]
    assert names("platform=cisco_ios,hostname=*core*") == ["BR-CORE-01"]
    assert names("br-acc-01,BR-CORE-01") == ["BR-ACC-01", "BR-CORE-01"]
    with pytest.raises(ValidationError):
        names("colour=red")
    with pytest.raises(ValidationError):
        services.do_start_collection(world.own, actor=None, query="NOPE", enqueue=False)
    with pytest.raises(PermissionDenied):
        services.do_start_collection(
            world.own, actor=world.users["customer_admin"], query="BR-*", enqueue=False
        )
    assert not CollectionJob.objects.filter(method="ssh").exists()
    assert not DeviceRun.objects.filter(hostname__startswith="BR-").exists()


def test_host_key_pinned_by_the_first_job_and_a_changed_key_refused(
    world: World, simulator: Simulator, tmp_path: Path
) -> None:
    from django.core.exceptions import PermissionDenied
    from django.test import Client
    from django.urls import reverse

    (device,) = add_simulated(world, simulator, ["comware-core"])
    engineer = world.users["member_staff"]

    def collect() -> DeviceRun:
        job = services.do_start_collection(
            world.own, actor=engineer, query=device.hostname, timeout=6, retries=0, enqueue=False
        )
        services.run_collection(job)
        return job.runs.get()

    assert collect().status == "ok"
    device.refresh_from_db()
    pinned = device.ssh_host_key
    assert pinned.startswith("ssh-ed25519 SHA256:")

    other = Simulator(DATA, host=LOOPBACK, host_key_path=tmp_path / "replaced")
    other.start()
    try:
        inventory.do_update_device(device, actor=engineer, ssh_port=other.port("comware-core"))
        refused = collect()
        assert refused.status == "error" and refused.message.startswith("host key changed")
        assert not RawOutput.objects.filter(run=refused).exists()
        device.refresh_from_db()
        assert device.ssh_host_key == pinned  # a changed key never replaces the pin
        assert other.stats.auth_attempts == 0

        # Customers may not clear the pin; the L2 expert may, on the page or the API.
        with pytest.raises(PermissionDenied):
            inventory.do_forget_host_key(device, actor=world.users["customer_admin"])
        client = Client()
        client.force_login(engineer)
        page = client.get(reverse("inventory:device_detail", kwargs={"pk": device.pk}))
        assert pinned in page.content.decode() and "forget-host-key" in page.content.decode()
        url = reverse("api:device-forget-host-key", kwargs={"pk": device.pk})
        assert client.post(url).json()["ssh_host_key"] == ""
        assert collect().status == "ok"
        device.refresh_from_db()
        assert device.ssh_host_key not in ("", pinned)
    finally:
        other.stop()


def test_a_device_outside_the_allowlist_is_refused_and_the_job_goes_on(
    world: World, simulator: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[tuple[str, int]] = []
    real_connect = socket.create_connection

    def loopback_only(address: tuple[str, int], *args: Any, **kwargs: Any) -> socket.socket:
        opened.append(address)
        assert address[0] in {"127.0.0.1", "::1"}, f"connection to {address}"
        return real_connect(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", loopback_only)
    devices = add_simulated(world, simulator, ["comware-core"])
    outside = inventory.do_create_device(
        world.own,
        actor=world.users["admin"],
        hostname="SIM-test-net",
        management_address="192.0.2.10",
        platform=Platform.objects.get(slug="hp_comware"),
        credential=devices[0].credential,
    )
    job = services.do_start_collection(
        world.own, actor=None, query="SIM-*", timeout=8, retries=1, enqueue=False
    )
    summary = services.run_collection(job)
    job.refresh_from_db()
    assert job.state == "finished" and job.done == 2 and job.succeeded == 1
    refused = job.runs.get(device=outside)
    assert refused.status == "refused" and refused.attempts == 1
    assert "192.0.2.10 is outside the collection allowlist NETCARE_COLLECT_NETWORKS" in (
        refused.message
    )
    assert not RawOutput.objects.filter(run=refused).exists()
    assert job.runs.get(device=devices[0]).status == "ok"
    assert summary["refused"] == 1 and summary["ok"] == 1
    assert opened and all(host == "127.0.0.1" for host, _ in opened)

    from django.utils import translation

    with translation.override("en"):
        assert refused.get_status_display() == "outside the collection allowlist"
    with translation.override("zh-hans"):
        assert refused.get_status_display() == "不在允许采集的网段内"
