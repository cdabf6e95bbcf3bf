"""Problem-management operations, split by noun: ``tickets`` (import, push, analysis,
importance, escalation), ``reviews`` (quarterly review, scope agreement, publishing),
``daily`` (daily progress reports), ``records`` (the report records from the rows).
Views, the API, tasks and the CLI call these."""
