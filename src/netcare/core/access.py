"""The tenant access rule, in one place.

A customer user sees only its own customer's objects, and of those only what was
released to customers (``customer_user_filter``); vendor staff see the customers they
hold a membership of; admins see all. Anything else answers 404, exactly like a
missing object, so a foreign object's existence is never revealed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypeVar, cast

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, Q, QuerySet
from django.http import Http404

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User

    from netcare.customers.models import Customer

    UserLike = AbstractBaseUser | AnonymousUser
    #: Who performs an operation: a signed-in user, or ``None`` for the system itself
    #: (a scheduled task, the demo loader, a migration), which the rule always allows.
    Actor = AbstractBaseUser | AnonymousUser | None

M = TypeVar("M", bound=Model)


def recorded_user(actor: Actor) -> User | None:
    """The user a row records as the one who acted (``created_by``, ``raised_by`` …):
    the signed-in user, or ``None`` for the system and for an anonymous caller."""
    if actor is None or not actor.is_authenticated:
        return None
    return cast("User", actor)


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


def is_staff_for(user: UserLike, customer: Customer | int) -> bool:
    """Whether the user works for this customer on the vendor's side (or is an admin).

    Staff see the vendor's working material (collection records, configurations,
    drafts, contact logs); customer users see only what was released to them.
    """
    from netcare.customers.models import STAFF_ROLES

    return is_admin(user) or bool(roles_for(user, customer) & STAFF_ROLES)


def require_staff(user: UserLike, customer: Customer | int) -> None:
    """404 unless the user is the vendor's staff for this customer: the pages of the
    vendor's working material (collection, inspections, versions) answer a customer
    user as they answer a stranger."""
    if not is_staff_for(user, customer):
        raise Http404


def is_vendor_staff(user: UserLike) -> bool:
    """Whether the user works on the vendor's side for any customer (or is an admin):
    who reads the vendor's shared data, such as advisories and the release catalog."""
    from netcare.customers.models import STAFF_ROLES

    return is_admin(user) or bool(customer_ids(user, STAFF_ROLES))


def is_customer_side(user: UserLike, customer: Customer | int) -> bool:
    """Whether the user speaks for the customer itself (a customer user, not an admin).

    Some acts are the customer's own — confirming its plan — and no staff role or admin
    right can give them in its place.
    """
    from netcare.customers.models import CUSTOMER_ROLES

    return not is_admin(user) and bool(roles_for(user, customer) & CUSTOMER_ROLES)


def own_customer(user: UserLike) -> Customer | None:
    """A customer user's own customer, the tenant every write of theirs belongs to.

    ``None`` for staff and admins (they name the customer) and for anyone holding
    customer roles in more than one customer (they must name it too).
    """
    from netcare.customers.models import CUSTOMER_ROLES, STAFF_ROLES, Customer

    if is_admin(user) or customer_ids(user, STAFF_ROLES):
        return None
    own = customer_ids(user, CUSTOMER_ROLES)
    if len(own) != 1:
        return None
    return Customer.objects.get(pk=next(iter(own)))


def customer_users(customer: Customer | int, roles: Iterable[str] | None = None) -> list[Any]:
    """The active users who speak for a customer (optionally only in ``roles``): whom a
    published deliverable or a plan to confirm reaches."""
    from netcare.customers.models import CUSTOMER_ROLES, Membership

    customer_id = customer if isinstance(customer, int) else customer.pk
    wanted = CUSTOMER_ROLES if roles is None else CUSTOMER_ROLES & set(roles)
    found = Membership.objects.filter(
        customer_id=customer_id, role__in=sorted(wanted), user__is_active=True
    ).select_related("user")
    return list({m.user_id: m.user for m in found}.values())


def members(customer: Customer | int, roles: Iterable[str], viewer: UserLike) -> QuerySet[Any]:
    """The customer's members in ``roles`` whom ``viewer`` may name (an expert to
    agree, an engineer to dispatch, a reviewer to assign), by username."""
    from netcare.customers.models import Membership

    customer_id = customer if isinstance(customer, int) else customer.pk
    ids = Membership.objects.filter(customer_id=customer_id, role__in=sorted(set(roles)))
    return visible_users(viewer).filter(pk__in=ids.values("user_id")).order_by("username")


def visible_users(user: UserLike) -> QuerySet[Any]:
    """The people a user may name (an owner, a reviewer): themselves and the members of
    the customers they see. Admins may name anyone."""
    from django.contrib.auth import get_user_model

    people = get_user_model()._default_manager.all()
    if not user.is_authenticated or not getattr(user, "is_active", False):
        return people.none()
    if is_admin(user):
        return people
    seen = customer_ids(user) - reviewing_only(user)
    return people.filter(Q(pk=user.pk) | Q(memberships__customer_id__in=sorted(seen))).distinct()


def restrict(queryset: QuerySet[M], user: UserLike) -> QuerySet[M]:
    """Narrow a queryset to what ``user`` may see under the access rule."""
    from netcare.customers.models import CUSTOMER_ROLES, STAFF_ROLES

    if not user.is_authenticated or not getattr(user, "is_active", False):
        return queryset.none()
    if is_admin(user):
        return queryset
    model = queryset.model
    path: str | None = getattr(model, "customer_path", "customer")
    if path is None:
        # Shared vendor data that belongs to no customer (advisories, the release
        # catalog): the vendor's staff read it; customers hear of it through what the
        # expert publishes.
        return queryset if is_vendor_staff(user) else queryset.none()
    key = "pk" if path == "pk" else f"{path}_id" if "__" not in path else path
    staff = customer_ids(user, STAFF_ROLES)
    own = customer_ids(user, CUSTOMER_ROLES) - staff
    user_filter = getattr(model, "customer_user_filter", None)
    released: Q = user_filter() if user_filter is not None else Q()
    condition = Q(**{f"{key}__in": sorted(staff)}) | (Q(**{f"{key}__in": sorted(own)}) & released)
    return queryset.filter(condition | _reviewing(model, key, user))


def reviewing_only(user: UserLike) -> set[int]:
    """Customers for which the user holds nothing but the ``reviewer`` role (an HQ expert
    named to review one change): there it sees only what it reviews."""
    from netcare.customers.models import CUSTOMER_ROLES, STAFF_ROLES

    return customer_ids(user, {"reviewer"}) - customer_ids(user, STAFF_ROLES | CUSTOMER_ROLES)


def _reviewing(model: type[Model], key: str, user: UserLike) -> Q:
    """The rows a reviewer-only member sees: those of a model declaring ``reviewer_path``
    (the lookup from the row to its reviewers, e.g. ``"reviews__reviewer"``) that name
    this user, and nothing of any other model. A subquery, so a row with two reviews is
    not listed twice."""
    path: str | None = getattr(model, "reviewer_path", None)
    reviewing = reviewing_only(user) if path is not None else set()
    if path is None or not reviewing:
        return Q(pk__in=[])
    mine = model._default_manager.filter(**{path: user.pk}).values("pk")
    return Q(**{f"{key}__in": sorted(reviewing)}) & Q(pk__in=mine)


def get_visible_or_404(source: type[M] | QuerySet[M], user: UserLike, **lookup: Any) -> M:
    """One object the user may see, else 404 — the same answer for missing and forbidden."""
    queryset = source if isinstance(source, QuerySet) else source._default_manager.all()
    if any(isinstance(value, str) and "\x00" in value for value in lookup.values()):
        raise Http404  # PostgreSQL refuses NUL in text; no such object either way
    try:
        return restrict(queryset, user).get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def visible_customer_or_404(user: UserLike, code: str, *, staff: bool = False) -> Customer:
    """The customer a page names by code, if the user sees it, else 404.

    With ``staff`` only its vendor staff pass: pages of the vendor's working material
    answer a customer user as they answer a stranger (``require_staff``).
    """
    from netcare.customers.models import Customer

    customer = get_visible_or_404(Customer, user, code=code)
    if staff:
        require_staff(user, customer)
    return customer


def require(actor: Actor, action: str, customer: Customer | int) -> None:
    """Refuse the operation unless ``actor`` may do ``action`` for ``customer``.

    ``None`` is the system acting on its own schedule and is always allowed; a request
    always carries a user, so no request reaches a service as the system.
    """
    from django.core.exceptions import PermissionDenied

    if actor is not None and not may(actor, action, customer):
        raise PermissionDenied(f"not allowed: {action}")


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
    # Software lifecycle. Advisories and the release catalog are shared vendor data: an
    # expert of any customer imports the vendor's bulletins and annotates an advisory's
    # feature condition (``require_shared``); feeds are the admins'.
    "import_advisories": frozenset({"l2_expert"}),
    "annotate_advisories": frozenset({"l2_expert", "hq_expert"}),
    "manage_feeds": frozenset(),
    "manage_targets": frozenset({"l2_expert"}),
    "assess_versions": frozenset({"l2_expert"}),
    # Problem management: tickets come from the support system (its ``system`` token)
    # or the expert's export; the customer asks for importance, the RAM decides.
    "import_tickets": frozenset({"l2_expert", "asm", "system"}),
    "analyse_tickets": frozenset({"l2_expert", "hq_expert"}),
    "request_importance": frozenset({"customer_admin", "customer_viewer"}),
    "mark_important": frozenset({"l2_expert"}),
    "review_problems": frozenset({"l2_expert"}),
    "send_daily_reports": frozenset({"l2_expert", "asm"}),
    # Knowledge: the document library is shared vendor data (``require_shared``) kept by
    # admins and experts; the RAM proposes, reviews and pushes a customer's packages; the
    # RAM or the customer admin declares the customer's scenarios.
    "manage_library": frozenset({"l2_expert", "hq_expert"}),
    "manage_packages": frozenset({"l2_expert"}),
    "declare_scenarios": frozenset({"l2_expert", "customer_admin"}),
    # Maintenance guide: the RAM generates it and writes custom sections; each of the
    # three parties (L2 expert, customer admin, field engineer) records its agreement.
    "manage_guides": frozenset({"l2_expert"}),
    "agree_guide_sections": frozenset({"l2_expert", "customer_admin", "field_engineer"}),
    # Proposal assessment and workshops: the customer submits and asks (raise_requests);
    # the RAM assigns reviewers, books experts and runs both; assigned reviewers (the
    # RAM or HQ experts) record findings.
    "manage_consulting": frozenset({"l2_expert"}),
    "review_proposals": frozenset({"l2_expert", "hq_expert"}),
    # Holiday care: the ASM leads, the RAM may stand in (touches, message wording).
    "care_for_customers": frozenset({"asm", "l2_expert"}),
    # Satisfaction: the account manager (or the RAM) records return visits and sends
    # surveys; the customer's users answer a survey in the portal (a link needs no login).
    "record_visits": frozenset({"asm", "l2_expert"}),
    "send_surveys": frozenset({"asm", "l2_expert"}),
    "answer_surveys": frozenset({"customer_admin", "customer_viewer"}),
    # Onsite support: the RAM dispatches a field engineer; the engineer (or the RAM for
    # them) logs the days, which the quota ledger books; over-quota needs an admin.
    "dispatch_onsite": frozenset({"l2_expert"}),
    "log_onsite": frozenset({"l2_expert", "field_engineer"}),
    # Change assurance: the customer's admin or its RAM files a change; the RAM names
    # reviewers, sets the roster, runs and closes it (a decision is the named reviewer's
    # own act). Critical periods are the ASM's. The assurance team logs events and ticks
    # checklist items.
    "file_changes": frozenset({"customer_admin", "l2_expert"}),
    "manage_changes": frozenset({"l2_expert"}),
    "manage_periods": frozenset({"asm"}),
    "log_assurance": frozenset({"l2_expert", "asm", "field_engineer", "hq_expert"}),
}


def may_shared(user: UserLike, action: str) -> bool:
    """Whether the user may do ``action`` on shared vendor data (advisories, releases):
    an admin, or anyone holding an allowed role for some customer."""
    if is_admin(user):
        return True
    allowed = ACTIONS.get(action)
    if allowed is None:
        raise KeyError(f"unknown action {action!r}")
    return any(role in allowed for _, role in _memberships(user))


def require_shared(actor: Actor, action: str) -> None:
    """``require`` for shared vendor data; ``None`` (the system) is always allowed."""
    from django.core.exceptions import PermissionDenied

    if actor is not None and not may_shared(actor, action):
        raise PermissionDenied(f"not allowed: {action}")
