"""The tenant access rule, in one place.

A customer user sees only its own customer's objects, and of those only what was
released to customers (``customer_user_filter``); vendor staff see the customers they
hold a membership of; admins see all. Anything else answers 404, exactly like a
missing object, so a foreign object's existence is never revealed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, Q, QuerySet
from django.http import Http404

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    from netcare.customers.models import Customer

    UserLike = AbstractBaseUser | AnonymousUser

M = TypeVar("M", bound=Model)


def is_admin(user: UserLike) -> bool:
    """Admins are Django superusers: they see every customer and run the catalog."""
    return bool(user.is_authenticated and getattr(user, "is_superuser", False))


def _memberships(user: UserLike) -> list[tuple[int, str]]:
    """(customer id, role) pairs of a user, cached on the user object for one request."""
    if not user.is_authenticated:
        return []
    cached: list[tuple[int, str]] | None = getattr(user, "_netcare_memberships", None)
    if cached is None:
        from netcare.customers.models import Membership

        cached = list(Membership.objects.filter(user_id=user.pk).values_list("customer_id", "role"))
        setattr(user, "_netcare_memberships", cached)  # noqa: B010 (cache on the user object)
    return cached


def roles_for(user: UserLike, customer: Customer | int) -> set[str]:
    """The roles a user holds for one customer (``{"admin"}`` for admins)."""
    if is_admin(user):
        return {"admin"}
    customer_id = customer if isinstance(customer, int) else customer.pk
    return {role for cid, role in _memberships(user) if cid == customer_id}


def customer_ids(user: UserLike, roles: Iterable[str] | None = None) -> set[int]:
    """Ids of the customers the user is a member of (optionally in the given roles)."""
    wanted = set(roles) if roles is not None else None
    return {cid for cid, role in _memberships(user) if wanted is None or role in wanted}


def restrict(queryset: QuerySet[M], user: UserLike) -> QuerySet[M]:
    """Narrow a queryset to what ``user`` may see under the access rule."""
    from netcare.customers.models import CUSTOMER_ROLES, STAFF_ROLES

    if not user.is_authenticated or not getattr(user, "is_active", False):
        return queryset.none()
    if is_admin(user):
        return queryset
    model = queryset.model
    path: str = getattr(model, "customer_path", "customer")
    key = "pk" if path == "pk" else f"{path}_id" if "__" not in path else path
    staff = customer_ids(user, STAFF_ROLES)
    own = customer_ids(user, CUSTOMER_ROLES) - staff
    user_filter = getattr(model, "customer_user_filter", None)
    released: Q = user_filter() if user_filter is not None else Q()
    condition = Q(**{f"{key}__in": sorted(staff)}) | (Q(**{f"{key}__in": sorted(own)}) & released)
    return queryset.filter(condition)


def get_visible_or_404(source: type[M] | QuerySet[M], user: UserLike, **lookup: Any) -> M:
    """One object the user may see, else 404 — the same answer for missing and forbidden."""
    queryset = source if isinstance(source, QuerySet) else source._default_manager.all()
    try:
        return restrict(queryset, user).get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def may(user: UserLike, action: str, customer: Customer | int) -> bool:
    """Whether the user may perform a write ``action`` for this customer.

    Seeing is decided by ``restrict``; this decides doing. Actions are named after the
    operation (``manage_contacts``); ``ACTIONS`` lists who may do each.
    """
    if is_admin(user):
        return True
    allowed = ACTIONS.get(action)
    if allowed is None:
        raise KeyError(f"unknown action {action!r}")
    return bool(roles_for(user, customer) & allowed)


#: Write permissions per action, by role held for the customer concerned.
ACTIONS: dict[str, frozenset[str]] = {
    "manage_sites": frozenset({"l2_expert", "asm", "customer_admin"}),
    "manage_contacts": frozenset({"l2_expert", "asm", "customer_admin"}),
    "run_jobs": frozenset({"l2_expert", "asm", "field_engineer"}),
    "manage_devices": frozenset({"l2_expert", "field_engineer"}),
    "manage_credentials": frozenset({"l2_expert", "field_engineer"}),
    # Start SSH collections and upload collected archives (kit or manual).
    "collect": frozenset({"l2_expert", "field_engineer"}),
    "record_usage": frozenset({"l2_expert", "asm", "field_engineer"}),
    "draft_deliverables": frozenset({"l2_expert", "asm", "field_engineer", "hq_expert"}),
    "publish_deliverables": frozenset({"l2_expert", "asm"}),
    # The service plan: the leads draft, edit, send and waive; the customer admin chooses
    # items and confirms (admins pass every check, but confirming is refused to
    # anyone but the customer in delivery.services.plans).
    "manage_plan": frozenset({"l2_expert", "asm"}),
    "choose_items": frozenset({"customer_admin"}),
    "confirm_plan": frozenset({"customer_admin"}),
    "log_contacts": frozenset({"l2_expert", "asm"}),
    "raise_requests": frozenset({"customer_admin", "customer_viewer", "l2_expert", "asm"}),
    "answer_requests": frozenset({"l2_expert", "asm"}),
    # Contracts, entitlements and assignments are the admins' (an empty set: admins only).
    "manage_contracts": frozenset(),
}
