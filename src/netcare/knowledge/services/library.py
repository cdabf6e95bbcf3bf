"""The document library: checking a document's fields, saving one, and the documents
other apps draw on (``documents_for``, the daily-maintenance guide's references).

The library is the vendor's shared data: its staff read it; admins and experts
(``manage_library``) write it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from netcare.core import access
from netcare.core.access import require_shared
from netcare.core.services import save_validated
from netcare.knowledge.matching import RangeError, check_range
from netcare.knowledge.models import Document
from netcare.knowledge.vocabulary import KIND_CODES, LANGUAGE_CODES, PLATFORMS, SCENARIO_CODES

if TYPE_CHECKING:
    from netcare.core.access import Actor

__all__ = ["FIELDS", "clean_document", "do_save_document", "documents_for", "split_words"]

#: The fields a document is given by (page, API, index row), in the index's column order.
FIELDS = (
    "slug",
    "title_zh",
    "title_en",
    "kind",
    "platform",
    "series",
    "version_from",
    "version_to",
    "scenarios",
    "tags",
    "language",
    "url",
    "updated",
    "revision",
    "summary",
)
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
_TAG = re.compile(r"^[a-z0-9][a-z0-9_.+-]{0,39}$")


def documents_for(
    platforms: Iterable[str], tags: Iterable[str], *, language: str | None = None
) -> list[Document]:
    """Library documents of one of ``platforms`` (or platform-neutral) that share at least
    one tag with ``tags``; of one ``language`` when given. Ordered by platform and slug.

    The contract the daily-maintenance guide relies on; no access check here (the caller
    decides who reads what it builds).
    """
    wanted = {t.strip().lower() for t in tags if t and t.strip()}
    if not wanted:
        return []
    found = Document.objects.filter(Q(platform__in=list(platforms)) | Q(platform=""))
    if language:
        found = found.filter(language=language)
    return [d for d in found.order_by("platform", "slug") if wanted & set(d.tags)]


def split_words(value: Any) -> list[str]:
    """A list from a list or from text separated by commas, semicolons, ``|`` or spaces."""
    if value is None:
        return []
    if isinstance(value, list | tuple | set):
        items = [str(v) for v in value]
    else:
        items = re.split(r"[,;|\s、，；]+", str(value))
    seen: list[str] = []
    for item in items:
        word = item.strip().lower()
        if word and word not in seen:
            seen.append(word)
    return seen


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()
    if not text:
        raise ValueError("required (YYYY-MM-DD)")
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        raise ValueError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def clean_document(data: Mapping[str, Any], *, has_file: bool = False) -> dict[str, Any]:
    """The document fields of ``data`` checked and normalised; raises ValidationError
    naming every field in error (an index import adds file and row)."""
    errors: dict[str, str] = {}
    out: dict[str, Any] = {}

    def text(name: str, limit: int) -> str:
        value = str(data.get(name) or "").strip()
        if len(value) > limit:
            errors[name] = f"longer than {limit} characters"
        return value

    out["slug"] = text("slug", 80).lower()
    if not _SLUG.match(out["slug"]):
        errors["slug"] = f"{out['slug']!r}: use lower-case letters, digits and '-'"
    out["title_zh"] = text("title_zh", 200)
    out["title_en"] = text("title_en", 200)
    if not out["title_zh"] and not out["title_en"]:
        errors["title_zh"] = "give a title (Chinese or English)"
    out["title_zh"] = out["title_zh"] or out["title_en"]
    out["title_en"] = out["title_en"] or out["title_zh"]
    out["kind"] = text("kind", 20).lower()
    if out["kind"] not in KIND_CODES:
        errors["kind"] = f"{out['kind']!r}: one of {', '.join(sorted(KIND_CODES))}"
    out["platform"] = text("platform", 32).lower()
    if out["platform"] and out["platform"] not in PLATFORMS:
        errors["platform"] = f"{out['platform']!r}: one of {', '.join(PLATFORMS)} or empty"
    out["series"] = text("series", 200)
    out["version_from"] = text("version_from", 120)
    out["version_to"] = text("version_to", 120)
    if "platform" not in errors:
        try:
            out["version_from_key"], out["version_to_key"] = check_range(
                out["platform"], out["version_from"], out["version_to"]
            )
        except RangeError as problem:
            errors[problem.field] = str(problem.reason)
    out["scenarios"] = split_words(data.get("scenarios"))
    unknown = [s for s in out["scenarios"] if s not in SCENARIO_CODES]
    if unknown:
        errors["scenarios"] = (
            f"unknown {', '.join(unknown)}; use {', '.join(sorted(SCENARIO_CODES))}"
        )
    out["tags"] = split_words(data.get("tags"))
    bad_tags = [t for t in out["tags"] if not _TAG.match(t)]
    if bad_tags:
        errors["tags"] = f"not a tag: {', '.join(bad_tags)}"
    out["language"] = text("language", 4).lower() or "zh"
    if out["language"] not in LANGUAGE_CODES:
        errors["language"] = f"{out['language']!r}: zh or en"
    out["url"] = text("url", 500)
    if out["url"] and not re.match(r"^https?://\S+$", out["url"]):
        errors["url"] = f"{out['url']!r} is not an http(s) link"
    if not has_file and not out["url"]:
        errors["url"] = "give a file or a link"
    try:
        out["updated"] = _date(data.get("updated"))
    except ValueError as problem:
        errors["updated"] = str(problem)
    out["revision"] = text("revision", 20) or "1"
    out["summary"] = str(data.get("summary") or "").strip()
    if errors:
        raise ValidationError(errors)
    return out


@transaction.atomic
def do_save_document(
    *,
    actor: Actor,
    data: Mapping[str, Any],
    file_name: str = "",
    content: bytes | None = None,
) -> Document:
    """Create or update (by ``slug``) one library document, with its file if given.

    A document keeps its earlier file when updated without one. Raises ValidationError
    naming the fields in error; refuses anyone without ``manage_library``.
    """
    require_shared(actor, "manage_library")
    existing = Document.objects.filter(slug=str(data.get("slug") or "").strip().lower()).first()
    has_file = content is not None or bool(existing and existing.file)
    fields = clean_document(data, has_file=has_file)
    document = existing or Document(created_by=access.recorded_user(actor))
    if content is not None:
        name = re.sub(r"[^\w.-]+", "_", file_name.rsplit("/", 1)[-1]) or "document"
        if document.file:
            document.file.delete(save=False)
        document.file.save(f"{fields['slug']}/{name}", ContentFile(content), save=False)
    return save_validated(document, actor=actor, changed=timezone.now(), **fields)
