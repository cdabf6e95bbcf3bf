"""Who may be named a reviewer or booked as an expert, and with which speciality.

Shared by assessments and workshops: the person must already work for the customer on
the vendor's side (a membership), and an HQ expert is named with a speciality — product
support, industry or R&D — while the others bring their role.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.urls import reverse

from netcare.consulting.models import HQ_SPECIALITIES, Speciality
from netcare.core.access import roles_for
from netcare.customers.models import Customer, Role

#: The role a non-HQ staff member brings as their speciality.
ROLE_SPECIALITY = {
    Role.L2_EXPERT: Speciality.L2_EXPERT,
    Role.FIELD_ENGINEER: Speciality.FIELD,
    Role.ASM: Speciality.ACCOUNT,
}


def speciality_for(
    user: Any, customer: Customer, speciality: str, *, roles: Iterable[str], field: str
) -> str:
    """The speciality ``user`` is named with, or a ValidationError on ``field`` saying
    why they cannot be named (no such membership, an HQ expert without a speciality)."""
    held = {r for r in roles_for(user, customer) if r != "admin"} & set(roles)
    if not getattr(user, "is_active", False) or not held:
        names = ", ".join(sorted(roles))
        raise ValidationError(
            {field: f"{user} is not one of {customer.code}'s vendor staff ({names})"}
        )
    if speciality in HQ_SPECIALITIES:
        if Role.HQ_EXPERT not in held:
            raise ValidationError(
                {"speciality": f"only an HQ expert is named with the speciality {speciality!r}"}
            )
        return speciality
    own = [ROLE_SPECIALITY[role] for role in ROLE_SPECIALITY if role in held]
    if speciality and speciality not in own:
        raise ValidationError({"speciality": f"{user} cannot be named as {speciality!r}"})
    if not own:
        wanted = ", ".join(str(s) for s in HQ_SPECIALITIES)
        raise ValidationError({"speciality": f"name the HQ expert's speciality ({wanted})"})
    return speciality or own[0]


def link(name: str, pk: int) -> str:
    return reverse(f"consulting:{name}", kwargs={"pk": pk})
