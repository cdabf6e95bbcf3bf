"""Delivery models, one module per noun: deliverables, the service plan and its
obligations, contact logs, service requests and calendar feeds."""

from netcare.delivery.models.contacts import ContactLog
from netcare.delivery.models.deliverables import (
    CONTENT_TYPES,
    Deliverable,
    DeliverableFile,
    report_storage,
)
from netcare.delivery.models.engagements import Engagement
from netcare.delivery.models.plans import CalendarFeed, ItemChoice, Obligation, ServicePlan
from netcare.delivery.models.requests import ServiceRequest

__all__ = [
    "CONTENT_TYPES",
    "CalendarFeed",
    "ContactLog",
    "Deliverable",
    "DeliverableFile",
    "Engagement",
    "ItemChoice",
    "Obligation",
    "ServicePlan",
    "ServiceRequest",
    "report_storage",
]
