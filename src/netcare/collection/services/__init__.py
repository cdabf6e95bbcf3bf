"""Collection operations, one module per noun; the names other modules use are re-exported.

Every write of collection goes through these modules; ``actor=None`` means the system (a
queued task, the demo, the server's own CLI), which the caller has already authorised.
They import one another in this order only, so there is no circle:

* selection — who may collect (``may_collect``), which devices a query names, which
  commands a platform gets
* results — raw outputs, facts and inventory update, a run's end and the job's close;
  the newest outputs of a device
* jobs — SSH collection: start, claim, run (the coordinator), collect one device
* visits — a field engineer's visit and its booking against the onsite quota
* uploads — keep an uploaded archive and import it, with its visit, all or nothing
"""

from netcare.collection.services.jobs import (
    DEFAULT_CONCURRENCY,
    DEFAULT_RETRIES,
    DEFAULT_TIMEOUT,
    Context,
    collect_run,
    do_start_collection,
    run_collection,
)
from netcare.collection.services.results import (
    finish_if_complete,
    job_summary,
    latest_outputs,
    latest_outputs_of,
    raw_output,
    record_facts,
    store_failure,
    store_result,
)
from netcare.collection.services.selection import command_list, may_collect, select_devices
from netcare.collection.services.uploads import do_import_archive, keep_upload
from netcare.collection.services.visits import (
    VisitInput,
    check_visit,
    do_record_visit,
    visit_counts,
)

__all__ = [
    "DEFAULT_CONCURRENCY",
    "DEFAULT_RETRIES",
    "DEFAULT_TIMEOUT",
    "Context",
    "VisitInput",
    "check_visit",
    "collect_run",
    "command_list",
    "do_import_archive",
    "do_record_visit",
    "do_start_collection",
    "finish_if_complete",
    "job_summary",
    "keep_upload",
    "latest_outputs",
    "latest_outputs_of",
    "may_collect",
    "raw_output",
    "record_facts",
    "run_collection",
    "select_devices",
    "store_failure",
    "store_result",
    "visit_counts",
]
