"""The inspection rule engine: plain Python, no Django (see docs/rule-packs.md)."""
