"""The yearly daily-maintenance guide (日常维护指导)."""
