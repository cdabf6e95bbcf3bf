"""Maintenance-guide operations, split by noun: ``guides`` (what a customer's guide
holds, generating, publishing, the yearly draft) and ``sections`` (custom sections and
the three parties' agreement). Views, the API, tasks and the CLI call these."""
