"""Operations on customers, sites, contacts and memberships.

Every write goes through one of these functions: they check who may do it, validate,
save (the audit log records it with the actor) and return the object.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from netcare.core import access, people
from netcare.core.services import delete_audited, require, save_validated
from netcare.customers.models import Contact, Customer, Membership, Role, Site

if TYPE_CHECKING:
    from netcare.core.access import Actor, UserLike


def do_create_customer(*, actor: UserLike, **fields: Any) -> Customer:
    """Create a tenant. Only admins create customers."""
    if not access.is_admin(actor):
        raise PermissionDenied("only admins create customers")
    return save_validated(Customer(), actor=actor, **fields)


def do_update_customer(customer: Customer, *, actor: UserLike, **fields: Any) -> Customer:
    if not access.is_admin(actor):
        raise PermissionDenied("only admins change customers")
    fields.pop("code", None)  # the code names the tenant in integrations; it never changes
    return save_validated(customer, actor=actor, **fields)


def do_add_site(customer: Customer, *, actor: Actor, **fields: Any) -> Site:
    require(actor, "manage_sites", customer)
    return save_validated(Site(customer=customer), actor=actor, **fields)


def do_update_site(site: Site, *, actor: Actor, **fields: Any) -> Site:
    require(actor, "manage_sites", site.customer_id)
    fields.pop("customer", None)
    return save_validated(site, actor=actor, **fields)


def do_delete_site(site: Site, *, actor: Actor) -> None:
    require(actor, "manage_sites", site.customer_id)
    delete_audited(site, actor=actor)


def _check_site(customer_id: int, site: Site | None) -> None:
    if site is not None and site.customer_id != customer_id:
        raise ValidationError({"site": "the site belongs to another customer"})


def do_add_contact(customer: Customer, *, actor: Actor, **fields: Any) -> Contact:
    require(actor, "manage_contacts", customer)
    _check_site(customer.pk, fields.get("site"))
    return save_validated(Contact(customer=customer), actor=actor, **fields)


def do_update_contact(contact: Contact, *, actor: Actor, **fields: Any) -> Contact:
    require(actor, "manage_contacts", contact.customer_id)
    fields.pop("customer", None)
    _check_site(contact.customer_id, fields.get("site", contact.site))
    return save_validated(contact, actor=actor, **fields)


def do_delete_contact(contact: Contact, *, actor: Actor) -> None:
    require(actor, "manage_contacts", contact.customer_id)
    delete_audited(contact, actor=actor)


def do_grant_membership(
    user: Any, customer: Customer, role: str, *, actor: Actor, note: str = ""
) -> Membership:
    """Give ``user`` a role for ``customer``; granting the same role twice is a no-op.

    Admin is not a per-customer role (admins are superusers and see all), and a user is
    either vendor staff or a customer's user, never both, so one person cannot see two
    customers' confidential data through a customer-side role.
    """
    if actor is not None and not access.is_admin(actor):
        raise PermissionDenied("only admins grant memberships")
    if role == Role.ADMIN:
        raise ValidationError({"role": "admin is a global role: make the user a superuser"})
    if role not in Role.values:
        raise ValidationError({"role": f"unknown role {role!r}"})
    customer_side = {Role.CUSTOMER_ADMIN.value, Role.CUSTOMER_VIEWER.value}
    existing = Membership.objects.filter(user=user).exclude(customer=customer)
    if role in customer_side and existing.exists():
        raise ValidationError({"role": "a customer user belongs to exactly one customer"})
    if existing.filter(role__in=customer_side).exists():
        raise ValidationError({"user": "this is another customer's user"})
    with transaction.atomic():
        membership = Membership.objects.filter(user=user, customer=customer, role=role).first()
        if membership is not None:
            return membership
        return save_validated(
            Membership(user=user, customer=customer, role=role), actor=actor, note=note
        )


def do_revoke_membership(membership: Membership, *, actor: Actor) -> None:
    if actor is not None and not access.is_admin(actor):
        raise PermissionDenied("only admins revoke memberships")
    delete_audited(membership, actor=actor)


def do_create_user(
    username: str,
    *,
    password: str,
    actor: Actor,
    email: str = "",
    full_name: str = "",
    is_superuser: bool = False,
) -> Any:
    """Create a user account (or update the password of an existing one).

    ``full_name`` is the name as people type it (张 伟, Anna Schmidt); ``core.people``
    splits it into given and family name, so it shows as 张伟 and Anna Schmidt.
    """
    if actor is not None and not access.is_admin(actor):
        raise PermissionDenied("only admins create users")
    users = get_user_model()
    user = users._default_manager.filter(username=username).first() or users(username=username)
    first, last = people.split_full_name(full_name)
    user.email = email
    user.first_name = first
    user.last_name = last
    user.is_superuser = user.is_staff = is_superuser
    user.set_password(password)
    user.save()
    return user
