"""Queue entry points of lifecycle: thin, they look up rows by id and call services."""

from __future__ import annotations

from typing import Any

from netcare.lifecycle.models import Feed
from netcare.lifecycle.services import feeds


def refresh_feed(feed_id: int) -> dict[str, Any]:
    """The schedule ``netcare-feed-<pk>``: fetch and import one feed."""
    feed = Feed.objects.filter(pk=feed_id, enabled=True).first()
    if feed is None:
        return {"skipped": "no such enabled feed"}
    record = feeds.do_refresh_feed(feed)
    return {"state": feed.last_state, "import": record.pk if record else None}
