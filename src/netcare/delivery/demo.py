"""Demo deliverables: each customer's service entitlement statement, rendered and published."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model

from netcare.contracts import services as contract_services
from netcare.contracts.reports import build_entitlement_statement
from netcare.customers.models import Customer
from netcare.delivery import services
from netcare.delivery.models import Deliverable
from netcare.reports.services import render_into


def publish_entitlement_statements(summary: Any) -> None:
    """The entitlement statement of every demo customer, in zh and en, as Word, Excel, PDF."""
    users = get_user_model()._default_manager
    for customer in Customer.objects.filter(code__in=summary.customers):
        contract = contract_services.current_contract(customer)
        if contract is None:
            continue
        ram = contract_services.assignee(contract, "l2_expert")
        asm = contract_services.assignee(contract, "asm")
        existing = Deliverable.objects.filter(
            contract=contract, report_type="entitlement_statement"
        ).first()
        if existing is not None and existing.files.count() == 6:
            continue
        deliverable = existing or services.do_create_deliverable(
            customer,
            item="service_plan",
            title=f"服务权益说明 / Service entitlement statement · {contract.number}",
            kind=Deliverable.Kind.REPORT,
            contract=contract,
            report_type="entitlement_statement",
            period_start=contract.start,
            period_end=contract.end,
            actor=ram,
        )
        if deliverable.state == Deliverable.State.PUBLISHED:
            services.do_withdraw(deliverable, actor=ram)
        documents = {
            language: build_entitlement_statement(
                contract, language=language, author=ram, reviewer=asm
            )
            for language in ("zh", "en")
        }
        render_into(
            deliverable, documents, basename=f"{contract.number}-entitlement-statement", actor=ram
        )
        services.do_publish(deliverable, actor=ram)
    del users


STEPS = [publish_entitlement_statements]
