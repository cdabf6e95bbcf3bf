"""Assurance operations, split by noun: ``changes`` (file, submit, schedule, run,
complete, publish the change-assurance record), ``reviews`` (name reviewers, record
decisions, the approval rule), ``periods`` (critical periods, checklists, the record),
``rosters`` (who stands by, the event log; both kinds), ``notices`` (whom we tell),
``records`` (the report records built from the rows). Views, the API and the CLI call
these."""
