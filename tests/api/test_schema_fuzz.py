"""Schemathesis against a live NetCare: every API operation, as staff and as a customer.

A real HTTP server (pytest-django's ``live_server``, on 127.0.0.1) serves the test
world; the schema is read from its own ``/api/schema/``, and each operation gets a small,
derandomized budget of generated requests — valid ones and, for staff, invalid ones —
with real ids of the world mixed into the paths so details, actions and deletes reach
real objects. Every answer must be no server error and must match the schema: status
code, content type and body.

The whole run stays within ``TIME_LIMIT`` on two cores; the budget is in
``EXAMPLES``. Only loopback is reachable while it runs (``_loopback_only``), so no
generated device address is ever connected to.
"""

from __future__ import annotations

import socket
import threading
import time
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.conftest import World, build_world

#: Once per suite run: on the PostgreSQL pass when there is one (the stricter database).
pytestmark = [pytest.mark.fuzz, pytest.mark.once]

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]

#: Generated requests per operation, per role and generation mode.
#: Few per operation, so that every operation is reached within ``TIME_LIMIT``: the customer
#: user's one request per operation proves the refusal answers as the schema says.
EXAMPLES = {
    ("admin", GenerationMode.POSITIVE): 3,
    ("admin", GenerationMode.NEGATIVE): 2,
    ("customer_viewer", GenerationMode.POSITIVE): 1,
}

#: Whole-run bound in seconds: past it the remaining operations are left out, with a warning.
TIME_LIMIT = 120.0

LOOPBACK = {"127.0.0.1", "::1", "localhost"}


@pytest.fixture
def _loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Refuse any outgoing connection but to loopback, for the server thread too."""
    connect = socket.socket.connect

    def guarded(sock: socket.socket, address: Any) -> Any:
        if sock.family in (socket.AF_INET, socket.AF_INET6):
            host = str(address[0])
            if host not in LOOPBACK and not host.startswith("127."):
                raise ConnectionRefusedError(f"fuzz run: no connection to {host}")
        return connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


def _token(user: Any) -> str:
    from rest_framework.authtoken.models import Token

    token, _ = Token.objects.get_or_create(user=user)
    return str(token.key)


def _real_ids(base: str, path: str, session: requests.Session) -> list[str]:
    """Ids of objects the caller sees at ``path``'s list endpoint (first page)."""
    collection = path.split("{id}")[0]
    answer = session.get(base + collection, timeout=30)
    if answer.status_code != 200:
        return []
    body = answer.json()
    rows = body.get("results", []) if isinstance(body, dict) else body
    return [str(row["id"]) for row in rows[:3] if isinstance(row, dict) and "id" in row]


def _order(method: str) -> int:
    # Reads first, then writes, deletes last: each phase still finds the world's objects.
    return {"GET": 0, "POST": 1, "PUT": 2, "PATCH": 2, "DELETE": 3}.get(method.upper(), 1)


def _operations(schema: Any) -> Iterator[Any]:
    found = [result.ok() for result in schema.get_all_operations()]
    yield from sorted(found, key=lambda op: (_order(op.method), op.path, op.method))


def _fuzz(
    operation: Any,
    *,
    base: str,
    session: requests.Session,
    headers: dict[str, str],
    mode: GenerationMode,
    examples: int,
    ids: list[str],
) -> tuple[dict[str, str], set[int]]:
    """Run one operation's budget: the first failure of each kind, with a curl to replay,
    and the status codes seen."""
    found: dict[str, str] = {}
    codes: set[int] = set()
    strategies = [operation.as_strategy(generation_mode=mode, headers=headers)]
    strategies += [
        operation.as_strategy(generation_mode=mode, headers=headers, path_parameters={"id": i})
        for i in ids
    ]

    @settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=st.one_of(strategies))
    def run(case: Any) -> None:
        response = case.call(base_url=base, session=session, timeout=30)
        codes.add(response.status_code)
        try:
            case.validate_response(response, checks=CHECKS)
        except FailureGroup as group:
            for failure in group.exceptions:
                found.setdefault(
                    failure.title,
                    f"{failure.title}: {failure.message}\n  {case.as_curl_command()}",
                )

    try:
        run()
    except Unsatisfiable:
        # Negative mode on an operation with no input to get wrong (no body, no
        # parameters): there is no invalid request to make.
        assert mode == GenerationMode.NEGATIVE, f"{operation.label}: no valid request"
    return found, codes


@pytest.fixture
def http() -> Iterator[Callable[[], requests.Session]]:
    """HTTP sessions for the live server, closed at the end, and the server threads that
    served them awaited: a kept-alive request thread holds its database connection
    (``CONN_MAX_AGE``), and PostgreSQL will not drop a test database still in use."""
    sessions: list[requests.Session] = []

    def new() -> requests.Session:
        sessions.append(requests.Session())
        return sessions[-1]

    yield new
    for session in sessions:
        session.close()
    for thread in threading.enumerate():
        if "process_request_thread" in thread.name:
            thread.join(timeout=10)


@pytest.mark.usefixtures("_loopback_only")
def test_every_operation_answers_as_the_schema_says(
    live_server: Any, http: Callable[[], requests.Session]
) -> None:
    world: World = build_world()
    base = live_server.url
    assert base.startswith("http://localhost:") or base.startswith("http://127.0.0.1:"), base
    started = time.monotonic()
    problems: list[str] = []
    skipped: list[str] = []
    answered: set[tuple[str, str]] = set()
    unseen: set[str] = set()
    reads: list[str] = []
    fuzzed = 0
    for role in ("customer_viewer", "admin"):
        headers = {"Authorization": f"Token {_token(world.users[role])}"}
        session = http()
        session.headers.update(headers)
        schema = schemathesis.openapi.from_url(f"{base}/api/schema/", headers=headers, timeout=60)
        operations = list(_operations(schema))
        assert len(operations) > 50, "the schema lists every API operation"
        reads = [op.label for op in operations if op.method.upper() == "GET"]
        for operation in operations:
            ids = _real_ids(base, operation.path, session) if "{id}" in operation.path else []
            if "{id}" in operation.path and not ids:
                unseen.add(operation.label)  # nothing of this kind in the world to read
            for (who, mode), examples in EXAMPLES.items():
                if who != role:
                    continue
                if time.monotonic() - started > TIME_LIMIT:
                    skipped.append(f"{role} {mode} {operation.label}")
                    continue
                found, codes = _fuzz(
                    operation,
                    base=base,
                    session=session,
                    headers=headers,
                    mode=mode,
                    examples=examples,
                    ids=ids,
                )
                fuzzed += 1
                if any(200 <= code < 300 for code in codes):
                    answered.add((role, operation.label))
                problems += [f"[{role} {mode}] {operation.label} {text}" for text in found.values()]
    if skipped:
        # A slow machine: say what was left out rather than fail on time.
        warnings.warn(f"time limit: not fuzzed: {', '.join(skipped)}", stacklevel=1)
    assert fuzzed > 100
    # Not a run of refusals: every read answered with data at least once (notifications
    # are their recipient's own, so the customer user's count there).
    answered_labels = {label for _, label in answered}
    left_out = {entry.split(" ", 2)[2] for entry in skipped} | unseen  # "role mode GET …"
    assert not [label for label in reads if label not in answered_labels | left_out]
    assert not problems, f"{len(problems)} schema or server problems:\n\n" + "\n\n".join(problems)
