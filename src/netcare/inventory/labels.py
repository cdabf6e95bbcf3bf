"""Display names of the inventory's vocabularies for pages (never the raw slug).

Devices point at a ``Platform`` row, whose ``name`` is already in the viewer's
language; collection records keep the platform as a slug string (``hp_comware``), so
pages name it through ``platform_name``. The names come from the platform table
(seeded by migration ``0002_platforms``, never edited by users) and are read once
per process.
"""

from __future__ import annotations

from django.utils import translation

_names: dict[str, tuple[str, str]] = {}


def _load() -> None:
    from netcare.inventory.models import Platform

    _names.update(
        {
            slug: (zh, en)
            for slug, zh, en in Platform.objects.values_list("slug", "name_zh", "name_en")
        }
    )


def platform_name(slug: str | None) -> str:
    """A platform's name in the active language (新华三 Comware / H3C Comware); an unknown
    slug as it is, an empty one as ""."""
    if not slug:
        return ""
    if slug not in _names:
        _load()
    zh, en = _names.get(slug, (slug, slug))
    return en if (translation.get_language() or "").startswith("en") else zh
