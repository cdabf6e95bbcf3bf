"""One shared way to assert that an API list costs a fixed number of queries.

A list that runs a query per row gets slower with every device and ticket a customer
adds. ``list_queries`` reads the same list as one row per page and as one full page: a
list without per-row queries costs the same both ways.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


@dataclass
class ListCost:
    rows_one: int
    rows_full: int
    queries_one: int
    queries_full: int
    statements: list[str]


def list_queries(client: Client, url: str) -> ListCost:
    """Queries for ``url`` read with ``page_size=1`` and with ``page_size=500``."""
    separator = "&" if "?" in url else "?"
    costs = []
    for size in (1, 500):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(f"{url}{separator}page_size={size}")
        assert response.status_code == 200, (url, response.status_code)
        body = response.json()
        rows = len(body["results"]) if isinstance(body, dict) and "results" in body else len(body)
        costs.append((rows, len(captured), [q["sql"] for q in captured.captured_queries]))
    (rows_one, one, _), (rows_full, full, statements) = costs
    return ListCost(rows_one, rows_full, one, full, statements)


def assert_fixed_queries(client: Client, url: str, *, budget: int = 12) -> ListCost:
    """The list costs the same for one row and for all rows, and at most ``budget``."""
    cost = list_queries(client, url)
    per_row = "\n".join(cost.statements)
    assert cost.queries_full == cost.queries_one, (
        f"{url}: {cost.queries_one} queries for {cost.rows_one} row, {cost.queries_full} for "
        f"{cost.rows_full} rows — a query per row:\n{per_row}"
    )
    assert cost.queries_full <= budget, f"{url}: {cost.queries_full} queries\n{per_row}"
    return cost
