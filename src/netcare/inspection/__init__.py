"""Inspection: rule packs over collected facts, findings, health scores, hardening plans."""
