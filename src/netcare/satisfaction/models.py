"""Models of satisfaction."""
