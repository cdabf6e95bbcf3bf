"""Inspection operations, one module per noun; the names other modules use are re-exported.

Every write of inspection goes through these modules (``actor=None`` is the system: a
queued task, the demo). They import one another in this order only, so there is no
circle:

* findings — device data from the collected facts, rows ↔ engine shapes, comparison
* marks — accepted-risk / false-positive marks, carried and expired
* runs — start an inspection (a Job), run the engine, store runs and findings
* hardening — plans from findings, step states, verification after a collection
* publishing — the reports as deliverables against the plan's obligations
"""

from netcare.inspection.services.findings import device_data, latest_run
from netcare.inspection.services.hardening import (
    do_create_hardening_plan,
    do_set_step_state,
    verify_steps,
)
from netcare.inspection.services.marks import do_mark_finding, do_unmark, expire_marks
from netcare.inspection.services.publishing import (
    do_publish_hardening,
    do_publish_inspection,
    do_queue_hardening_publish,
    do_queue_inspection_publish,
    hardening_summary,
    inspection_summary,
)
from netcare.inspection.services.runs import do_run_inspection, execute_run

__all__ = [
    "device_data",
    "do_create_hardening_plan",
    "do_mark_finding",
    "do_publish_hardening",
    "do_publish_inspection",
    "do_queue_hardening_publish",
    "do_queue_inspection_publish",
    "do_run_inspection",
    "do_set_step_state",
    "do_unmark",
    "execute_run",
    "expire_marks",
    "hardening_summary",
    "inspection_summary",
    "latest_run",
    "verify_steps",
]
