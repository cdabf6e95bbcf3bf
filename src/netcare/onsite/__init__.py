"""Onsite technical support against the person-day quota (现场技术支持)."""
