"""A job travels through django-q2's real broker, pusher, worker and monitor.

Runs with the ORM broker always, and with the Redis broker when 127.0.0.1:6379
answers (skipped with a reason otherwise).
"""

from __future__ import annotations

import multiprocessing
import os
from typing import Any

import pytest
from django.db import transaction

from netcare.core.jobs import enqueue_job
from netcare.core.models import Job
from tests.conftest import World, port_open


def _drain(broker: Any) -> None:
    """Run one pass of the cluster's pipeline in this process, as django-q2's own tests do."""
    from django_q.cluster import monitor, pusher, worker

    task_queue: Any = multiprocessing.Queue()
    result_queue: Any = multiprocessing.Queue()
    event = multiprocessing.Event()
    event.set()
    pusher(task_queue, event, broker=broker)
    task_queue.put("STOP")
    worker(task_queue, result_queue, multiprocessing.Value("f", -1))
    result_queue.put("STOP")
    monitor(result_queue, broker)


BROKERS = [
    pytest.param("orm", id="orm"),
    pytest.param(
        "redis",
        id="redis",
        marks=[
            pytest.mark.redis,
            pytest.mark.skipif(
                not port_open("127.0.0.1", 6379), reason="Redis does not answer on 127.0.0.1:6379"
            ),
        ],
    ),
]


@pytest.fixture(params=BROKERS)
def broker(request: pytest.FixtureRequest, settings: Any) -> Any:
    from django_q.brokers import get_broker
    from django_q.conf import Conf

    # the pid keeps two test passes sharing one Redis (side by side in CI) off each other's queue
    name = f"netcare-test-{request.param}-{os.getpid()}"
    if request.param == "redis":
        conf_changes = {"REDIS": {"host": "127.0.0.1", "port": 6379, "db": 15}, "ORM": None}
    else:
        conf_changes = {"ORM": "default", "REDIS": None}
    saved = {key: getattr(Conf, key) for key in ("REDIS", "ORM", "CLUSTER_NAME", "SYNC")}
    for key, value in conf_changes.items():
        setattr(Conf, key, value)
    Conf.CLUSTER_NAME = name
    Conf.SYNC = False
    chosen = get_broker(name)
    chosen.purge_queue()
    yield chosen
    chosen.purge_queue()
    for key, value in saved.items():
        setattr(Conf, key, value)


@pytest.mark.django_db(transaction=True)
def test_job_runs_through_the_queue_and_updates_its_row(broker: Any, world: World) -> None:
    with transaction.atomic():
        job = enqueue_job(
            "self_check",
            "netcare.core.tasks.self_check",
            customer=world.own,
            actor=world.users["admin"],
        )
    assert Job.objects.get(pk=job.pk).status == Job.Status.QUEUED
    assert broker.queue_size() == 1

    _drain(broker)

    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED, job.error
    assert job.progress == 100 and job.attempts == 1
    assert job.started is not None and job.finished is not None and job.finished >= job.started
    assert any("database" in entry["line"] for entry in job.log)
    assert job.result["broker_ok"] is True
    assert job.result["broker"] == type(broker).__name__


@pytest.mark.django_db(transaction=True)
def test_redelivered_finished_job_writes_nothing_twice(broker: Any, world: World) -> None:
    from netcare.core.jobs import run_job

    with transaction.atomic():
        job = enqueue_job("self_check", "netcare.core.tasks.self_check", customer=world.own)
    _drain(broker)
    job.refresh_from_db()
    log_lines = len(job.log)
    assert run_job(job.pk, "netcare.core.tasks.self_check", {}) is None
    job.refresh_from_db()
    assert len(job.log) == log_lines and job.attempts == 1


def test_failed_job_records_error(world: World) -> None:
    from netcare.core.jobs import run_job

    job = Job.objects.create(kind="broken", customer=world.own)
    with pytest.raises(ModuleNotFoundError):
        run_job(job.pk, "netcare.core.no_such_module.work", {})
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "no_such_module" in job.error


def test_job_function_must_live_in_netcare(world: World) -> None:
    with pytest.raises(ValueError, match="must live in netcare"):
        enqueue_job("x", "os.system")
