"""Models of onsite support."""
