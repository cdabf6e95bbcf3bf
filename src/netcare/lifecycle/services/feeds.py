"""Feeds: folders or HTTP(S) URLs of advisories, KEV, EPSS or releases, refreshed on a
django-q2 schedule because the vendor's bulletins are tracked regularly.

Each feed owns one schedule (``netcare-feed-<pk>``) kept in step with the feed by
``do_save_feed``; a refresh downloads (or lists) the files and imports them through
the one import path, so a feed refresh is as atomic and as kept as an upload.
"""

from __future__ import annotations

import tempfile
import urllib.parse
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from netcare.core.access import require_shared
from netcare.core.audit import acting_as
from netcare.core.services import save_validated
from netcare.lifecycle.models import AdvisoryImport, Feed
from netcare.lifecycle.services.imports import ImportRefused, do_import_files

if TYPE_CHECKING:
    from netcare.core.access import Actor

__all__ = ["FEED_FUNC", "do_refresh_feed", "do_save_feed", "schedule_name"]

FEED_FUNC = "netcare.lifecycle.tasks.refresh_feed"
#: A feed download larger than this is refused (the KEV catalog is ~1.5 MB, EPSS ~10 MB).
MAX_DOWNLOAD = 200 * 1024 * 1024
TIMEOUT = 60


def schedule_name(feed: Feed) -> str:
    return f"netcare-feed-{feed.pk}"


def do_save_feed(feed: Feed, *, actor: Actor, **changes: Any) -> Feed:
    """Create or change a feed (admins) and keep its schedule in step."""
    require_shared(actor, "manage_feeds")
    location = str(changes.get("location", feed.location))
    parsed = urllib.parse.urlparse(location)
    if parsed.scheme not in ("http", "https") and not Path(location).is_absolute():
        raise ValidationError({"location": "an absolute folder path or an http(s) URL"})
    save_validated(feed, actor=actor, **changes)
    _sync_schedule(feed)
    return feed


def _sync_schedule(feed: Feed) -> None:
    from django_q.models import Schedule

    name = schedule_name(feed)
    if not feed.enabled:
        Schedule.objects.filter(name=name).delete()
        return
    Schedule.objects.update_or_create(
        name=name,
        defaults={
            "func": FEED_FUNC,
            "args": repr((feed.pk,)),
            "schedule_type": Schedule.MINUTES,
            "minutes": max(1, feed.every_hours) * 60,
            "repeats": -1,
        },
    )


def _download(url: str, folder: Path) -> Path:
    name = Path(urllib.parse.urlparse(url).path).name or "feed"
    target = folder / name
    request = urllib.request.Request(url, headers={"User-Agent": "NetCare feed"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
        size = 0
        with target.open("wb") as out:
            while chunk := response.read(1 << 20):
                size += len(chunk)
                if size > MAX_DOWNLOAD:
                    raise ValueError(f"{url}: larger than {MAX_DOWNLOAD // (1024 * 1024)} MB")
                out.write(chunk)
    return target


def do_refresh_feed(feed: Feed, *, actor: Actor = None) -> AdvisoryImport | None:
    """Fetch and import the feed now; records the outcome on the feed either way.
    Returns the import (None when the download itself failed)."""
    require_shared(actor, "import_advisories")
    record: AdvisoryImport | None = None
    error = ""
    with tempfile.TemporaryDirectory(prefix="netcare-feed-") as tmp:
        try:
            if urllib.parse.urlparse(feed.location).scheme in ("http", "https"):
                paths = [_download(feed.location, Path(tmp))]
            else:
                paths = [Path(feed.location)]
            record = do_import_files(paths, actor=actor, feed=feed, source=feed.location)
        except ImportRefused as exc:
            record, error = exc.record, exc.record.error
        except (OSError, ValueError, ValidationError) as exc:
            error = f"{feed.location}: {exc}"
    feed.last_run = timezone.now()
    feed.last_state = "failed" if error else "done"
    feed.last_error = error[:4000]
    with acting_as(actor):
        feed.save(update_fields=["last_run", "last_state", "last_error"])
    return record
