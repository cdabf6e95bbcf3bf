"""Models of consulting."""
