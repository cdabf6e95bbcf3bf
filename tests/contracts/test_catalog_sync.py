"""Re-running ``migrate`` (which syncs the service catalog from its file) writes no
audit event: an unchanged catalog item is not saved again. The onsite-support quota
(4 in the file, 4.0 in the database) was the one that looked changed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.management import call_command

from netcare.contracts.models import ServiceItem
from netcare.contracts.services import sync_catalog
from netcare.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _catalog_events() -> int:
    return AuditEvent.objects.filter(object_type="contracts.serviceitem").count()


def test_syncing_an_unchanged_catalog_writes_no_audit_event() -> None:
    sync_catalog()
    before = _catalog_events()
    assert sync_catalog() == 17
    assert _catalog_events() == before
    assert ServiceItem.objects.get(code="onsite_support").quota_amount == Decimal("4.0")


def test_rerunning_migrate_writes_no_audit_event() -> None:
    before = _catalog_events()
    call_command("migrate", interactive=False, verbosity=0)
    assert _catalog_events() == before


def test_a_changed_item_is_still_audited() -> None:
    ServiceItem.objects.filter(code="onsite_support").update(quota_amount=Decimal("3.0"))
    before = _catalog_events()
    sync_catalog()
    assert _catalog_events() == before + 1
    event = AuditEvent.objects.filter(object_type="contracts.serviceitem").latest("pk")
    assert (event.before["quota_amount"], event.after["quota_amount"]) == ("3.0", "4.0")
