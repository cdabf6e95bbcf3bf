"""Live-network problem management (SERVICE.md item 4): tickets, reviews, daily reports."""
