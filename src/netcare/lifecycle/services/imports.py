"""Importing advisories, exploitation data and the release catalog, atomically.

An import is a list of files (an upload, a folder, a feed's download). Every file is
first kept under ``DATA_DIR/uploads/lifecycle/`` — whatever happens next, nothing a user
gave is lost — then read; the first unreadable file refuses the whole import with an
error naming the file and field, and nothing is written. A re-import updates advisories
in place: unchanged content is left alone, changed content keeps the earlier content as
a revision, and an expert's feature annotation is never overwritten by a vendor file
that states none.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import json
import re
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from netcare.core.access import recorded_user, require_shared
from netcare.core.audit import acting_as
from netcare.inventory.models import Platform
from netcare.lifecycle import advisories as readers
from netcare.lifecycle import versions
from netcare.lifecycle.advisories import model as engine
from netcare.lifecycle.models import (
    Advisory,
    AdvisoryImport,
    AdvisoryRevision,
    Exploitation,
    Feed,
    Release,
)

if TYPE_CHECKING:
    from netcare.core.access import Actor

__all__ = [
    "ImportRefused",
    "content_of",
    "do_import_files",
    "do_import_uploads",
    "file_kind",
    "read_releases_csv",
    "to_engine",
]

#: Columns of the release catalog CSV (English or Chinese headers).
RELEASE_COLUMNS = {
    "platform": ("platform", "平台"),
    "version": ("version", "版本"),
    "release_date": ("release_date", "发布日期"),
    "end_of_sale": ("end_of_sale", "停止销售"),
    "end_of_support": ("end_of_support", "停止支持"),
    "recommended": ("recommended", "推荐"),
    "notes": ("notes", "备注"),
}


class ImportRefused(ValidationError):
    """The import wrote nothing; ``record`` is the refused ``AdvisoryImport``."""

    def __init__(self, message: str, record: AdvisoryImport) -> None:
        super().__init__(message)
        self.record = record


@dataclasses.dataclass(frozen=True)
class ReleaseRow:
    platform: str
    version: str
    release_date: date | None
    end_of_sale: date | None
    end_of_support: date | None
    recommended: bool
    notes: str


def _keep(paths: Sequence[Path]) -> list[Path]:
    """Copy every file (folders walked as the readers walk them) under the uploads
    folder; the kept paths, in the order they are read."""
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S-%f")
    folder = Path(settings.DATA_DIR) / "uploads" / "lifecycle" / stamp
    folder.mkdir(parents=True, exist_ok=True)
    kept: list[Path] = []
    for path in readers.files_in(paths):
        target = folder / f"{len(kept):04d}-{_safe(path.name)}"
        shutil.copyfile(path, target)
        kept.append(target)
    return kept


def _safe(name: str) -> str:
    return re.sub(r"[^\w.\-]+", "_", name)[:120] or "file"


def file_kind(path: Path) -> str:
    """What a file holds: ``releases`` (the release catalog CSV) or what the advisory
    readers say (``kev``, ``epss``, ``advisory``)."""
    if path.suffix.lower() == ".csv":
        with path.open("rb") as handle:
            first = handle.readline().decode("utf-8-sig", errors="replace")
        header = {c.strip().strip('"').lower() for c in first.split(",")}
        if {"platform", "version"} <= header and header & {"end_of_support", "release_date"}:
            return "releases"
        if {"平台", "版本"} <= header and header & {"停止支持", "发布日期"}:
            return "releases"
    return readers.file_kind(path)


def _date(value: str, where: str) -> date | None:
    value = value.strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        raise ValueError(f"{where}: not a date (YYYY-MM-DD): {value!r}") from None


def read_releases_csv(path: Path, known_platforms: Iterable[str]) -> list[ReleaseRow]:
    """The release catalog CSV: platform, version, release_date, end_of_sale,
    end_of_support, recommended (yes/no), notes. Errors name file, row and column."""
    platforms = set(known_platforms)
    text = path.read_text(encoding="utf-8-sig")
    reader = csv.DictReader(io.StringIO(text))
    header = {h.strip().lower(): h for h in reader.fieldnames or []}
    column: dict[str, str] = {}
    for name, spellings in RELEASE_COLUMNS.items():
        found = next((header[s] for s in spellings if s in header), None)
        if found is None and name in ("platform", "version"):
            raise ValueError(f"{path.name}: missing column {name!r}")
        if found is not None:
            column[name] = found
    rows: list[ReleaseRow] = []
    for number, row in enumerate(reader, start=2):

        def cell(name: str, row: dict[str, Any] = row) -> str:
            return str(row.get(column.get(name, ""), "") or "").strip()

        where = f"{path.name}: row {number}"
        platform, version = cell("platform"), cell("version")
        if platform not in platforms:
            raise ValueError(f"{where}: platform: unknown platform {platform!r}")
        if not version:
            raise ValueError(f"{where}: version: empty")
        rows.append(
            ReleaseRow(
                platform=platform,
                version=version,
                release_date=_date(cell("release_date"), f"{where}: release_date"),
                end_of_sale=_date(cell("end_of_sale"), f"{where}: end_of_sale"),
                end_of_support=_date(cell("end_of_support"), f"{where}: end_of_support"),
                recommended=cell("recommended").lower() in {"yes", "y", "true", "1", "是", "推荐"},
                notes=cell("notes"),
            )
        )
    return rows


def _jsonable(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def content_of(advisory: engine.Advisory) -> dict[str, Any]:
    """An advisory as stored JSON (dates as ISO text)."""
    data: dict[str, Any] = _jsonable(dataclasses.asdict(advisory))
    return data


def _digest(content: dict[str, Any]) -> str:
    stable = {k: v for k, v in content.items() if k not in ("source_file", "exploitation")}
    return hashlib.sha256(json.dumps(stable, sort_keys=True).encode()).hexdigest()


def _product(data: dict[str, Any]) -> engine.AffectedProduct:
    return engine.AffectedProduct(
        vendor=data.get("vendor", ""),
        product=data.get("product", ""),
        platforms=tuple(data.get("platforms") or ()),
        models=tuple(data.get("models") or ()),
        ranges=tuple(
            engine.AffectedRange(**{k: v for k, v in r.items() if k in _RANGE_FIELDS})
            for r in data.get("ranges") or ()
        ),
        default_status=data.get("default_status", "unaffected"),
        fixed_versions=tuple(data.get("fixed_versions") or ()),
        problems=tuple(data.get("problems") or ()),
    )


_RANGE_FIELDS = {f.name for f in dataclasses.fields(engine.AffectedRange)}


def to_engine(
    row: Advisory, exploitation: dict[str, Exploitation] | None = None
) -> engine.Advisory:
    """The stored advisory back in the engine's shape, with the feature condition the
    row carries (vendor or expert) and what is known of its CVEs' exploitation."""
    signals = [exploitation[c] for c in row.cves if exploitation and c in exploitation]
    kev = [s for s in signals if s.known_exploited]
    epss = [s for s in signals if s.epss is not None]
    best = max(epss, key=lambda s: s.epss or 0.0) if epss else None
    return engine.Advisory(
        key=row.key,
        kind=row.kind,
        title=row.title,
        source_format=row.source_format,
        products=tuple(_product(p) for p in row.products),
        cves=tuple(row.cves),
        summary=row.summary,
        severity=row.severity,
        cvss_score=row.cvss_score,
        cvss_vector=row.cvss_vector,
        published=row.published,
        updated=row.updated_on,
        url=row.url,
        workaround=row.workaround,
        remediation=row.remediation,
        recommended_release=row.recommended_release,
        feature=(
            engine.FeatureCondition(tuple(row.feature_any_of), row.feature_text)
            if row.feature_any_of
            else None
        ),
        exploitation=engine.Exploitation(
            known_exploited=bool(kev),
            source="kev" if kev else ("adp" if row.adp_exploitation == "active" else ""),
            date_added=min((s.kev_added for s in kev if s.kev_added), default=None),
            ransomware=any(s.ransomware for s in kev),
            adp_exploitation=row.adp_exploitation,
            epss=best.epss if best else None,
            epss_percentile=best.epss_percentile if best else None,
        ),
        source_file=row.source_file,
        revision=row.revision,
    )


def _fields(adv: engine.Advisory, content: dict[str, Any]) -> dict[str, Any]:
    platforms = sorted({p for product in adv.products for p in product.platforms})
    return {
        "kind": adv.kind,
        "title": adv.title[:500],
        "summary": adv.summary,
        "source_format": adv.source_format,
        "source_file": Path(adv.source_file).name if adv.source_file else "",
        "cves": list(adv.cves),
        "severity": adv.severity if adv.severity in SEVERITY_VALUES else "unknown",
        "cvss_score": adv.cvss_score,
        "cvss_vector": adv.cvss_vector[:200],
        "published": adv.published,
        "updated_on": adv.updated,
        "url": adv.url[:500],
        "workaround": adv.workaround,
        "remediation": adv.remediation,
        "recommended_release": adv.recommended_release[:200],
        "products": content["products"],
        "platforms": platforms,
        "adp_exploitation": adv.exploitation.adp_exploitation,
        "revision": adv.revision[:60],
    }


SEVERITY_VALUES = {"critical", "high", "medium", "low", "none", "unknown"}


def _save_advisories(
    found: list[engine.Advisory], record: AdvisoryImport
) -> tuple[dict[str, int], set[str]]:
    """Create or update each advisory; counts and the keys whose content changed."""
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    changed: set[str] = set()
    existing = {a.key: a for a in Advisory.objects.filter(key__in=[a.key for a in found])}
    now = timezone.now()
    for adv in found:
        content = content_of(adv)
        digest = _digest(content)
        fields = _fields(adv, content)
        feature = (
            {
                "feature_any_of": list(adv.feature.any_of),
                "feature_text": adv.feature.text[:500],
                "feature_source": "vendor",
            }
            if adv.feature is not None
            else {}
        )
        row = existing.get(adv.key)
        if row is None:
            row = Advisory(key=adv.key, content_hash=digest, first_seen=now, changed=now)
            for name, value in {**fields, **feature}.items():
                setattr(row, name, value)
            row.last_import = record
            row.full_clean()
            row.save()
            existing[adv.key] = row
            counts["created"] += 1
            changed.add(adv.key)
            continue
        if row.content_hash == digest:
            counts["unchanged"] += 1
            continue
        AdvisoryRevision.objects.create(
            advisory=row,
            revision=row.revision,
            content_hash=row.content_hash,
            content=_stored(row),
            replaced=now,
            replaced_by=record,
        )
        if row.feature_source == "expert":
            feature = {}  # an expert's annotation outlives the vendor's re-publication
        for name, value in {**fields, **feature}.items():
            setattr(row, name, value)
        row.content_hash = digest
        row.changed = now
        row.last_import = record
        row.full_clean()
        row.save()
        counts["updated"] += 1
        changed.add(adv.key)
    return counts, changed


def _stored(row: Advisory) -> dict[str, Any]:
    names = [
        "kind",
        "title",
        "summary",
        "cves",
        "severity",
        "cvss_score",
        "cvss_vector",
        "published",
        "updated_on",
        "url",
        "workaround",
        "remediation",
        "recommended_release",
        "products",
        "feature_any_of",
        "feature_text",
        "feature_source",
    ]
    data: dict[str, Any] = _jsonable({n: getattr(row, n) for n in names})
    return data


def _save_exploitation(
    kev: dict[str, engine.Exploitation], epss: dict[str, tuple[float, float]]
) -> int:
    cves = set(kev) | set(epss)
    existing = {e.cve: e for e in Exploitation.objects.filter(cve__in=sorted(cves))}
    written = 0
    for cve in sorted(cves):
        row = existing.get(cve) or Exploitation(cve=cve)
        if cve in kev:
            signal = kev[cve]
            row.known_exploited = True
            row.kev_added = signal.date_added
            row.ransomware = signal.ransomware
        if cve in epss:
            row.epss, row.epss_percentile = epss[cve]
        row.save()
        written += 1
    return written


def _save_releases(rows: list[ReleaseRow]) -> int:
    platforms = {p.slug: p for p in Platform.objects.all()}
    for item in rows:
        platform = platforms[item.platform]
        parsed = versions.try_parse(platform.version_scheme, item.version)
        Release.objects.update_or_create(
            platform=platform,
            version=item.version,
            defaults={
                "version_key": parsed.sort_text if parsed else "",
                "train": getattr(parsed, "train", "") if parsed else "",
                "release_date": item.release_date,
                "end_of_sale": item.end_of_sale,
                "end_of_support": item.end_of_support,
                "recommended": item.recommended,
                "notes": item.notes,
            },
        )
    return len(rows)


def _read(kept: list[Path]) -> dict[str, Any]:
    """Read every kept file by its kind; raises ValueError naming the file on the first
    one that cannot be read."""
    found: dict[str, Any] = {"advisories": [], "kev": {}, "epss": {}, "releases": []}
    known = list(Platform.objects.values_list("slug", flat=True))
    for path in kept:
        kind = file_kind(path)
        if kind == "kev":
            found["kev"].update(readers.read_kev(path))
        elif kind == "epss":
            found["epss"].update(readers.read_epss(path))
        elif kind == "releases":
            found["releases"].extend(read_releases_csv(path, known))
        else:
            found["advisories"].extend(readers.read_file(path))
    return found


def do_import_files(
    paths: Sequence[Path],
    *,
    actor: Actor,
    feed: Feed | None = None,
    source: str = "",
    rematch: bool = True,
) -> AdvisoryImport:
    """Import advisory, KEV, EPSS and release-catalog files (folders are walked): all or
    nothing. Raises :class:`ImportRefused` (with the refused record) naming the file and
    field on bad input; on success the exposures of every customer are matched again for
    the advisories that changed, and the RAM hears of new exposures."""
    require_shared(actor, "import_advisories")
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise ValidationError({"paths": f"no such file or folder: {', '.join(missing)}"})
    kept = _keep(paths)
    record = AdvisoryImport(
        source=source or ", ".join(p.name for p in paths)[:500],
        kept_files=[str(p) for p in kept],
        feed=feed,
        created_by=recorded_user(actor),
    )
    try:
        found = _read(kept)
    except (readers.AdvisoryFormatError, ValueError, OSError, UnicodeDecodeError) as exc:
        _refuse(record, _original_names(str(exc), kept, paths), actor)
    if not kept:
        _refuse(record, "no files to import", actor)
    duplicates = _duplicates(found["advisories"])
    if duplicates:
        _refuse(record, f"the same advisory twice in one import: {duplicates}", actor)
    with transaction.atomic(), acting_as(actor):
        record.state = AdvisoryImport.State.DONE
        record.save()
        counts, changed = _save_advisories(found["advisories"], record)
        counts["exploitation"] = _save_exploitation(found["kev"], found["epss"])
        counts["releases"] = _save_releases(found["releases"])
        counts["files"] = len(kept)
        record.counts = counts
        record.save(update_fields=["counts"])
    if rematch and (changed or found["kev"] or found["epss"] or found["releases"]):
        from netcare.lifecycle.services.exposures import match_everywhere

        match_everywhere(advisory_keys=changed or None)
    return record


def do_import_uploads(uploads: Sequence[Any], *, actor: Actor) -> AdvisoryImport:
    """:func:`do_import_files` for files uploaded through a page or the API (objects with
    ``name`` and ``chunks()``): written to a scratch folder in order — the index prefix
    keeps two uploads of one name apart — and imported from there (the import keeps its
    own copy)."""
    with tempfile.TemporaryDirectory(prefix="netcare-advisory-upload-") as tmp:
        paths = []
        for index, upload in enumerate(uploads):
            path = Path(tmp) / f"{index:03d}-{_safe(Path(upload.name).name)}"
            with path.open("wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
            paths.append(path)
        return do_import_files(paths, actor=actor, source=", ".join(u.name for u in uploads))


def _duplicates(found: list[engine.Advisory]) -> str:
    seen: dict[str, str] = {}
    for adv in found:
        if adv.key in seen and seen[adv.key] != adv.source_file:
            return f"{adv.key} ({Path(seen[adv.key]).name}, {Path(adv.source_file).name})"
        seen[adv.key] = adv.source_file
    return ""


def _original_names(message: str, kept: list[Path], paths: Sequence[Path]) -> str:
    """Errors name the kept copy; say which file of the user's it was."""
    for path in kept:
        original = path.name.split("-", 1)[-1]
        message = message.replace(str(path), original).replace(path.name, original)
    return message


def _refuse(record: AdvisoryImport, reason: str, actor: Actor) -> NoReturn:
    record.state = AdvisoryImport.State.REFUSED
    record.error = f"Refused, nothing was imported — {reason}"[:4000]
    with acting_as(actor):
        record.save()
    raise ImportRefused(record.error, record)
