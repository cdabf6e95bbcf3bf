"""Shapes of the access matrix, shared by ``test_access_matrix`` and each app's
``tests/<app>/access_cases.py`` (which declares ``CASES`` for that app's URL names and
may add ``CHECKS`` for new kinds of row)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

CUSTOMER_SIDE = {"customer_viewer", "customer_admin"}
SEES_OWN = CUSTOMER_SIDE | {"member_staff", "admin"}
STAFF_SEES_OWN = {"member_staff", "admin"}


@dataclass
class Case:
    """How to call one URL name and who may see the own customer's object through it."""

    kind: str  # list | detail | action | open | page_list | page_detail | page_action
    model: str = ""
    sees_own: set[str] = field(default_factory=set)
    lookup: Callable[[Any], dict[str, Any]] = lambda obj: {"pk": obj.pk}
    ok: int = 200


def sees_foreign(case: Case, role: str) -> bool:
    """The foreign customer is the own one of ``other_customer`` and ``nonmember_staff``."""
    if role == "admin":
        return True
    if role == "other_customer":
        return bool(CUSTOMER_SIDE & case.sees_own)
    return role == "nonmember_staff" and "member_staff" in case.sees_own


def by_code(obj: Any) -> dict[str, Any]:
    return {"code": obj.code}
