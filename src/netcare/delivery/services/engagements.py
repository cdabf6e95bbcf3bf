"""What every engagement does at its end: keep the record it produced and close the
request it came from, so the customer's request list and the timeline tell one story."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from netcare.core.services import save_validated
from netcare.delivery.models import Deliverable, ServiceRequest
from netcare.delivery.models.engagements import Engagement
from netcare.delivery.services.requests import do_close_request

if TYPE_CHECKING:
    from netcare.core.access import Actor


@transaction.atomic
def do_record_result(
    engagement: Engagement, deliverable: Deliverable, *, resolution: str, actor: Actor
) -> Engagement:
    """Link the engagement's record and close its request with ``resolution`` (the
    request stays as answered elsewhere if the engagement was filed without one)."""
    save_validated(engagement, actor=actor, deliverable=deliverable)
    request = engagement.request
    if request is not None and request.state != ServiceRequest.State.CLOSED:
        do_close_request(request, resolution=resolution, actor=actor)
    return engagement
