"""Consulting operations, one module per noun: assessments (proposal upload, reviewers,
findings, publication) and workshops (request, experts, schedule, attendees, minutes,
follow-ups, publication); records turn both into what their reports say."""
