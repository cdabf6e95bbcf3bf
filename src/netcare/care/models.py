"""Models of care."""
