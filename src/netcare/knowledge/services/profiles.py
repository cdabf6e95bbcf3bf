"""A customer's document profile: the scenarios it declares and its package language."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils import timezone

from netcare.core import access
from netcare.core.services import require, save_validated
from netcare.customers.models import Customer
from netcare.knowledge.models import CustomerProfile
from netcare.knowledge.vocabulary import LANGUAGE_CODES, SCENARIO_CODES, default_language

if TYPE_CHECKING:
    from netcare.core.access import Actor

__all__ = ["do_set_profile", "profile_for"]


def profile_for(customer: Customer) -> CustomerProfile:
    """The customer's profile, or an unsaved one with no scenarios and the language of
    its country (nothing is written)."""
    found = CustomerProfile.objects.filter(customer=customer).first()
    return found or CustomerProfile(
        customer=customer, scenarios=[], language=default_language(customer.country)
    )


def do_set_profile(
    customer: Customer, *, scenarios: Iterable[str], language: str, actor: Actor
) -> CustomerProfile:
    """Declare the customer's scenarios and package language (the RAM or the customer
    admin, ``declare_scenarios``)."""
    require(actor, "declare_scenarios", customer)
    chosen = sorted({s.strip().lower() for s in scenarios if s and s.strip()})
    unknown = [s for s in chosen if s not in SCENARIO_CODES]
    if unknown:
        raise ValidationError({"scenarios": f"unknown scenarios: {', '.join(unknown)}"})
    if language not in LANGUAGE_CODES:
        raise ValidationError({"language": f"{language!r}: zh or en"})
    profile = CustomerProfile.objects.filter(customer=customer).first()
    return save_validated(
        profile or CustomerProfile(customer=customer),
        actor=actor,
        scenarios=chosen,
        language=language,
        updated=timezone.now(),
        updated_by=access.recorded_user(actor),
    )
