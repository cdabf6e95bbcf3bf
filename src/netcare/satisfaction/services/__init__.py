"""Satisfaction operations, split by noun: ``questionnaire`` (the survey template and the
items a customer chose), ``surveys`` (send, one-time links, answers, close), ``visits``
(return visits and their published record), ``figures`` (the rows behind the results
and their report). Views, the API, tasks, the CLI and the demo call these."""
