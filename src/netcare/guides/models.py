"""Models of maintenance guides."""
