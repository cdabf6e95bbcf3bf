"""Lifecycle operations, split by noun: ``imports`` (advisories, KEV, EPSS, releases),
``advisories`` (an expert's annotation), ``feeds``, ``exposures`` (matching),
``targets``, ``assessments``, ``publishing`` (version summary, assessment report, risk
notices as deliverables). Views, the API, tasks and the CLI call these."""
