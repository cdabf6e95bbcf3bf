"""Read models for contract pages and the customer-overview panel."""

from __future__ import annotations

from typing import Any

from django.utils import timezone, translation

from netcare.contracts import services
from netcare.contracts.models import Contract, LedgerEntry
from netcare.core import access
from netcare.customers.models import Customer


def _language() -> str:
    return "en" if translation.get_language() == "en" else "zh"


def overview_panel(customer: Customer, user: Any) -> dict[str, Any]:
    """The customer's current contract, its named expert and manager, and the 17 items."""
    contract = services.current_contract(customer)
    if contract is None or not Contract.objects.visible_to(user).filter(pk=contract.pk).exists():
        return {"template": "contracts/_overview_panel.html", "contract": None}
    today = timezone.localdate()
    return {
        "template": "contracts/_overview_panel.html",
        "contract": contract,
        "l2_expert": services.assignee(contract, "l2_expert", today),
        "asm": services.assignee(contract, "asm", today),
        "rows": services.entitlement_rows(contract, language=_language(), on=today),
    }


def contract_detail(contract: Contract, user: Any) -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "contract": contract,
        "may_edit": access.is_admin(user),
        "assignments": contract.assignments.select_related("user").order_by("role", "-start"),
        "rows": services.entitlement_rows(contract, language=_language(), on=today),
        "years": services.terms.contract_years(contract.start, contract.end),
        "ledger": LedgerEntry.objects.visible_to(user)
        .filter(entitlement__contract=contract)
        .select_related("entitlement__item", "engineer")
        .order_by("-date"),
    }
