"""Read models for the maintenance-guide pages.

Customer users see their published editions and their custom sections (its admins agree
to a section for the customer); the selection preview, drafts and the forms to generate,
publish and write sections are the vendor's working material: only staff contexts carry
them. The check library is the vendor's shared data.
"""

from __future__ import annotations

from typing import Any

from netcare.core import access
from netcare.core.i18n import current_language
from netcare.customers.models import Customer
from netcare.guides import selection
from netcare.guides.forms import PARTY_LABELS, AgreeForm, GenerateForm, SectionForm
from netcare.guides.models import GuideSection, MaintenanceGuide
from netcare.guides.services import guides
from netcare.guides.services.sections import PARTIES


def _parties(section: GuideSection) -> list[dict[str, Any]]:
    return [
        {
            "party": party,
            "label": PARTY_LABELS[party],
            "who": getattr(section, user_field),
            "when": getattr(section, time_field),
        }
        for party, (user_field, time_field, _role) in PARTIES.items()
    ]


def _checks(chosen: selection.Selection, language: str) -> list[dict[str, Any]]:
    return [
        {
            "id": c.item.id,
            "title": c.item.title.pick(language),
            "frequency": selection.FREQUENCY_NAMES[c.item.frequency].pick(language),
            "command": c.item.command,
            "devices": c.devices,
            "risks": [r.title.pick(language) for r in c.risks],
        }
        for c in chosen.checks
    ]


def guide_list(customer: Customer, user: Any) -> dict[str, Any]:
    """The customer's editions and custom sections; for staff the selection preview and
    the forms."""
    staff = access.is_staff_for(user, customer)
    editions = MaintenanceGuide.objects.visible_to(user).filter(customer=customer)
    found = GuideSection.objects.visible_to(user).filter(customer=customer)
    section_rows = [
        {"section": s, "parties": _parties(s)}
        for s in found.select_related("expert", "customer_party", "field_engineer")
    ]
    context: dict[str, Any] = {
        "customer": customer,
        "staff": staff,
        "editions": list(editions.select_related("deliverable").order_by("-year")),
        "sections": section_rows,
        "may_generate": access.may(user, "manage_guides", customer),
        "may_agree": access.may(user, "agree_guide_sections", customer),
        "agree_form": AgreeForm(),
    }
    if staff:
        language = current_language()
        chosen = guides.select_for(customer)
        context.update(
            generate_form=GenerateForm(),
            section_form=SectionForm(),
            preview=_checks(chosen, language),
            chosen=chosen,
        )
    return context


def guide_detail(guide: MaintenanceGuide, user: Any) -> dict[str, Any]:
    files = list(guide.deliverable.files.all()) if guide.deliverable else []
    return {
        "guide": guide,
        "customer": guide.customer,
        "staff": access.is_staff_for(user, guide.customer),
        "files": files,
        "may_publish": access.may(user, "publish_deliverables", guide.customer)
        and guide.state != MaintenanceGuide.State.PUBLISHED,
    }


def check_library() -> dict[str, Any]:
    language = current_language()
    items = selection.library()
    return {
        "items": [
            {
                "item": item,
                "title": item.title.pick(language),
                "frequency": selection.FREQUENCY_NAMES[item.frequency].pick(language),
                "platforms": ", ".join(
                    selection.PLATFORM_NAMES[p].pick(language) for p in item.platforms
                ),
                "normal": item.normal.pick(language),
            }
            for item in items
        ],
        "count": len(items),
    }


def obligation_link(obligation: Any) -> str | None:
    """The yearly guide is generated and published from the customer's guide page."""
    from django.urls import reverse

    if obligation.kind == "maintenance_guide":
        return reverse("guides:guide_list", kwargs={"code": obligation.customer.code})
    return None
