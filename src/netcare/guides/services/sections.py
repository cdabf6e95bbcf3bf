"""Custom sections of the maintenance guide and the three parties' agreement.

The L2 expert writes customised maintenance material (title and text in zh and en);
the service needs the agreement of the L2 expert, the customer and the field engineer.
Each party records its own agreement as itself — the L2 expert as a holder of the
customer's ``l2_expert`` role, the customer as one of its customer admins, the field
engineer as a field engineer of the customer — and NetCare keeps who and when. A
section enters the guide only once all three agreed; changing its text clears them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from netcare.core.access import is_admin, recorded_user, require, roles_for
from netcare.core.services import delete_audited, save_validated
from netcare.customers.models import Customer, Role
from netcare.guides.models import GuideSection

if TYPE_CHECKING:
    from netcare.core.access import Actor

__all__ = [
    "PARTIES",
    "do_add_section",
    "do_agree_section",
    "do_delete_section",
    "do_update_section",
]

#: party → (the user field, the time field, the role the party must hold).
PARTIES: dict[str, tuple[str, str, str]] = {
    "expert": ("expert", "expert_agreed_at", Role.L2_EXPERT),
    "customer": ("customer_party", "customer_agreed_at", Role.CUSTOMER_ADMIN),
    "field_engineer": ("field_engineer", "field_engineer_agreed_at", Role.FIELD_ENGINEER),
}
_TEXT_FIELDS = ("title_zh", "title_en", "text_zh", "text_en")


def _clean(fields: dict[str, Any]) -> dict[str, Any]:
    cleaned = {k: str(v).strip() for k, v in fields.items() if k in _TEXT_FIELDS}
    missing = [k for k in _TEXT_FIELDS if k in fields and not cleaned.get(k)]
    if missing:
        raise ValidationError({k: "required in both languages" for k in missing})
    return cleaned


def _cleared() -> dict[str, Any]:
    return {
        "expert": None,
        "expert_agreed_at": None,
        "customer_party": None,
        "customer_agreed_at": None,
        "field_engineer": None,
        "field_engineer_agreed_at": None,
    }


def do_add_section(
    customer: Customer,
    *,
    actor: Actor,
    title_zh: str,
    title_en: str,
    text_zh: str,
    text_en: str,
    order: int = 0,
) -> GuideSection:
    """A new custom section, agreed by nobody yet."""
    require(actor, "manage_guides", customer)
    fields = _clean(
        {"title_zh": title_zh, "title_en": title_en, "text_zh": text_zh, "text_en": text_en}
    )
    section = GuideSection(customer=customer, created_by=recorded_user(actor), order=order)
    return save_validated(section, actor=actor, **fields)


def do_update_section(section: GuideSection, *, actor: Actor, **fields: Any) -> GuideSection:
    """Change a section's title, text or order; a change of wording clears every
    agreement, as the parties agreed to the old one."""
    require(actor, "manage_guides", section.customer_id)
    changes = _clean(fields)
    if "order" in fields:
        changes["order"] = int(fields["order"])
    reworded = any(getattr(section, k) != v for k, v in changes.items() if k in _TEXT_FIELDS)
    if reworded:
        changes.update(_cleared())
    return save_validated(section, actor=actor, **changes)


def do_delete_section(section: GuideSection, *, actor: Actor) -> None:
    require(actor, "manage_guides", section.customer_id)
    delete_audited(section, actor=actor)


@transaction.atomic
def do_agree_section(section: GuideSection, party: str, *, actor: Actor) -> GuideSection:
    """Record that ``actor`` agrees to the section for ``party`` (``expert``,
    ``customer`` or ``field_engineer``). Only someone holding that party's role for the
    customer may; agreeing again keeps the first time."""
    if party not in PARTIES:
        raise ValidationError({"party": f"one of {', '.join(PARTIES)}"})
    require(actor, "agree_guide_sections", section.customer_id)
    user_field, time_field, role = PARTIES[party]
    user = recorded_user(actor)
    if user is None:
        raise ValidationError({"party": "a person agrees, not the system"})
    allowed = role in roles_for(user, section.customer_id) or (party == "expert" and is_admin(user))
    if not allowed:
        raise ValidationError(
            {"party": f"only a {Role(role).label} of this customer agrees for the {party}"}
        )
    if getattr(section, time_field) is not None:
        return section
    return save_validated(section, actor=actor, **{user_field: user, time_field: timezone.now()})
