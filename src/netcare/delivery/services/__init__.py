"""Delivery operations, one module per noun; the names other apps use are re-exported.

* deliverables — draft, attach, publish (completes its obligation), withdraw, download
* obligations — owners, completion, waiver, edits, ``next_open_obligation``
* plans — start of service, item choices, generation and re-planning, send, confirm
* contacts — contact logs and the contact cadence
* requests — service requests, routing and first responses
* calendars — month grid and .ics feeds
* reminders — the hourly sweep (``run_reminders``)
* reviews — mid-term review and final summary
* rendering — a report's documents rendered into a deliverable's files (``render_into``)
"""

from netcare.delivery.services.deliverables import (
    FORMATS,
    do_attach_file,
    do_create_deliverable,
    do_publish,
    do_submit_for_review,
    do_withdraw,
    record_download,
)
from netcare.delivery.services.obligations import (
    do_add_obligation,
    do_update_obligation,
    do_waive_obligation,
    next_open_obligation,
)
from netcare.delivery.services.rendering import render_into

__all__ = [
    "FORMATS",
    "do_add_obligation",
    "do_attach_file",
    "do_create_deliverable",
    "do_publish",
    "do_submit_for_review",
    "do_update_obligation",
    "do_waive_obligation",
    "do_withdraw",
    "next_open_obligation",
    "record_download",
    "render_into",
]
