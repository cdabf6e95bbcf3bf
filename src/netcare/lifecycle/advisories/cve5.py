"""CVE JSON 5.x records (CVE Program, ``dataType: CVE_RECORD``) as advisories.

One record is one advisory keyed by its CVE id. Versions come from the CNA container's
``affected`` list (an ADP's list when the CNA gives none), read the way an expert reads
them rather than the way the schema hopes they are written:

* ``lessThan: "22.4R2-S2, 22.4R3"`` (Juniper): a list of the first fixed release of each
  branch of the train. The range ends at the first (every version between it and the
  next one belongs to its fixed branch); all of them are fixed releases.
* ``lessThan: "21.1*"``: every 21.1 release — the exclusive bound is ``21.2``.
* ``changes`` (``at``/``status``) turn one entry into consecutive ranges, each with its
  own status; an ``at`` where affected turns unaffected is a fixed release.
* ``"<= 8.1"`` in a bound loses its stray operator (``<=`` in ``lessThan`` is inclusive);
  ``"0"``, ``"*"``, ``"n/a"``, ``"unspecified"`` as the start of a range mean "from the
  first release"; ``"all versions"`` means every version.
* Huawei's converted records list the models in ``product`` (``"AR100,AR120,…"``) and
  ``"AR100 V200R008C20SPC700, V200R008C30, AR120 V200R006C10, …"`` in one version:
  each model gets its own versions; a list cut short by the converter says so.

What cannot be read becomes a product ``problem`` naming the field (``affected[0].
versions[2].lessThan``) and the matcher reports UNKNOWN for it; a record without any
versions keeps its advisory with a "no versions" problem for the same reason. A REJECTED
record is no advisory. CISA's ADP container gives the SSVC "Exploitation" decision and,
when present, the date the CVE entered KEV.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from netcare.lifecycle.advisories.common import (
    PLACEHOLDERS,
    Json,
    as_date,
    as_list,
    as_obj,
    as_text,
    next_after_prefix,
    score_vector,
    severity_for,
    severity_word,
    split_versions,
    strip_operator,
    unique,
)
from netcare.lifecycle.advisories.errors import AdvisoryFormatError
from netcare.lifecycle.advisories.model import (
    Advisory,
    AffectedProduct,
    AffectedRange,
    Exploitation,
    RangeStatus,
)
from netcare.lifecycle.advisories.products import ProductMap

__all__ = ["is_cve_record", "read_cve_record"]

_STATUSES: tuple[RangeStatus, ...] = ("affected", "unaffected", "unknown")
_ALL = {"*", "all", "all versions", "any", "every version"}
_FROM_START = PLACEHOLDERS | {"0", "*", "all", "all versions", "0.0", "0.0.0"}
_CVE_ID = re.compile(r"CVE-\d{4}-\d{4,}")
_METRICS = ("cvssV4_0", "cvssV3_1", "cvssV3_0", "cvssV2_0")


def is_cve_record(data: Json) -> bool:
    """A CVE JSON 5 record (not a bare CNA container, which has no cveMetadata)."""
    return data.get("dataType") == "CVE_RECORD" or "cveMetadata" in data


@dataclass
class _Versions:
    ranges: list[AffectedRange] = field(default_factory=list)
    fixed: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def read_cve_record(data: Json, path: Path, products: ProductMap) -> list[Advisory]:
    """The advisory one CVE record describes (none for a REJECTED record)."""
    meta = as_obj(data.get("cveMetadata"), path, "cveMetadata")
    cve_id = as_text(meta.get("cveId"), path, "cveMetadata.cveId").upper()
    if not _CVE_ID.fullmatch(cve_id):
        raise AdvisoryFormatError(path, "cveMetadata.cveId", f"not a CVE id: {cve_id!r}")
    if as_text(meta.get("state"), path, "cveMetadata.state").upper() == "REJECTED":
        return []
    containers = as_obj(data.get("containers"), path, "containers")
    cna = as_obj(containers.get("cna"), path, "containers.cna")
    adps = [
        as_obj(item, path, f"containers.adp[{i}]")
        for i, item in enumerate(as_list(containers.get("adp"), path, "containers.adp"))
    ]
    summary = _english(cna.get("descriptions"), path, "containers.cna.descriptions")
    title = as_text(cna.get("title"), path, "containers.cna.title") or _headline(summary, cve_id)
    score, vector, severity = _best_metric([cna, *adps], path)
    return [
        Advisory(
            key=cve_id,
            kind="vulnerability",
            title=title,
            source_format="cve5",
            products=_products(cna, adps, meta, path, products),
            cves=(cve_id,),
            summary=summary,
            severity=severity,
            cvss_score=score,
            cvss_vector=vector,
            published=as_date(meta.get("datePublished"), path, "cveMetadata.datePublished")
            or as_date(cna.get("datePublic"), path, "containers.cna.datePublic"),
            updated=as_date(meta.get("dateUpdated"), path, "cveMetadata.dateUpdated"),
            url=_url(cna, path),
            workaround=_english(cna.get("workarounds"), path, "containers.cna.workarounds", True),
            remediation=_english(cna.get("solutions"), path, "containers.cna.solutions", True),
            exploitation=_exploitation(adps, path),
            source_file=str(path),
        )
    ]


def _english(items: Any, path: Path, where: str, join: bool = False) -> str:
    """The English text of a description-like list (all of them when ``join``)."""
    texts: list[str] = []
    others: list[str] = []
    for i, item in enumerate(as_list(items, path, where)):
        obj = as_obj(item, path, f"{where}[{i}]")
        value = as_text(obj.get("value"), path, f"{where}[{i}].value")
        lang = as_text(obj.get("lang"), path, f"{where}[{i}].lang").lower()
        (texts if lang.startswith("en") else others).append(value)
    chosen = texts or others
    if not chosen:
        return ""
    return "\n\n".join(unique(chosen)) if join else chosen[0]


def _headline(summary: str, cve_id: str) -> str:
    first = re.split(r"(?<=\.)\s", summary.strip(), maxsplit=1)[0] if summary else ""
    if len(first) > 200:
        first = first[:197].rsplit(" ", 1)[0] + "…"
    return first or cve_id


def _url(cna: Json, path: Path) -> str:
    urls: list[tuple[bool, str]] = []
    for i, item in enumerate(as_list(cna.get("references"), path, "containers.cna.references")):
        ref = as_obj(item, path, f"containers.cna.references[{i}]")
        url = as_text(ref.get("url"), path, f"containers.cna.references[{i}].url")
        tags = as_list(ref.get("tags"), path, f"containers.cna.references[{i}].tags")
        urls.append(("vendor-advisory" in tags, url))
    preferred = [u for vendor, u in urls if vendor and u]
    return preferred[0] if preferred else next((u for _, u in urls if u), "")


def _best_metric(containers: list[Json], path: Path) -> tuple[float | None, str, str]:
    """The highest base score any container gives, its vector and severity."""
    best: tuple[float, str, str] | None = None
    for c, container in enumerate(containers):
        where = "containers.cna.metrics" if c == 0 else f"containers.adp[{c - 1}].metrics"
        for i, item in enumerate(as_list(container.get("metrics"), path, where)):
            metric = as_obj(item, path, f"{where}[{i}]")
            for name in _METRICS:
                if name not in metric:
                    continue
                body = as_obj(metric[name], path, f"{where}[{i}].{name}")
                vector = as_text(
                    body.get("vectorString"), path, f"{where}[{i}].{name}.vectorString"
                )
                score = _number(body.get("baseScore"))
                if score is None and vector:
                    score = score_vector(vector)
                if score is None:
                    continue
                word = as_text(body.get("baseSeverity"), path, f"{where}[{i}].{name}.baseSeverity")
                severity = severity_word(word) or severity_for(score)
                if best is None or score > best[0]:
                    best = (score, vector, severity)
    if best is None:
        return None, "", "unknown"
    return best


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        score = float(value)
    elif isinstance(value, str):
        try:
            score = float(value.strip())
        except ValueError:
            return None
    else:
        return None
    return score if 0.0 <= score <= 10.0 else None


def _exploitation(adps: list[Json], path: Path) -> Exploitation:
    decision = ""
    kev_added = None
    for a, adp in enumerate(adps):
        where = f"containers.adp[{a}].metrics"
        for i, item in enumerate(as_list(adp.get("metrics"), path, where)):
            metric = as_obj(item, path, f"{where}[{i}]")
            if "other" not in metric:
                continue
            other = as_obj(metric["other"], path, f"{where}[{i}].other")
            kind = as_text(other.get("type"), path, f"{where}[{i}].other.type").lower()
            content = other.get("content")
            if not isinstance(content, dict):
                continue
            if kind == "ssvc":
                for option in as_list(content.get("options"), path, f"{where}[{i}].other.content"):
                    if isinstance(option, dict) and isinstance(option.get("Exploitation"), str):
                        decision = option["Exploitation"].strip().lower()
            elif kind == "kev":
                field_name = f"{where}[{i}].other.content.dateAdded"
                kev_added = as_date(content.get("dateAdded"), path, field_name) or kev_added
    if kev_added is not None:
        return Exploitation(
            known_exploited=True, source="kev", date_added=kev_added, adp_exploitation=decision
        )
    return Exploitation(source="adp" if decision == "active" else "", adp_exploitation=decision)


def _products(
    cna: Json, adps: list[Json], meta: Json, path: Path, products: ProductMap
) -> tuple[AffectedProduct, ...]:
    where = "containers.cna.affected"
    entries = as_list(cna.get("affected"), path, where)
    if not entries:
        for a, adp in enumerate(adps):
            found = as_list(adp.get("affected"), path, f"containers.adp[{a}].affected")
            if found:
                where, entries = f"containers.adp[{a}].affected", found
                break
    if not entries:
        vendor = as_text(meta.get("assignerShortName"), path, "cveMetadata.assignerShortName")
        return (
            AffectedProduct(
                vendor=vendor,
                product="",
                default_status="unknown",
                problems=(f"no versions: the record lists no affected products ({where})",),
            ),
        )
    found_products: list[AffectedProduct] = []
    for i, entry in enumerate(entries):
        found_products.extend(
            _entry(as_obj(entry, path, f"{where}[{i}]"), f"{where}[{i}]", path, products)
        )
    return tuple(found_products)


def _entry(entry: Json, where: str, path: Path, products: ProductMap) -> list[AffectedProduct]:
    vendor = as_text(entry.get("vendor"), path, f"{where}.vendor")
    product = as_text(entry.get("product"), path, f"{where}.product")
    platforms = [
        as_text(p, path, f"{where}.platforms[{k}]")
        for k, p in enumerate(as_list(entry.get("platforms"), path, f"{where}.platforms"))
    ]
    cpes = [
        as_text(c, path, f"{where}.cpes[{k}]")
        for k, c in enumerate(as_list(entry.get("cpes"), path, f"{where}.cpes"))
    ]
    default = as_text(entry.get("defaultStatus"), path, f"{where}.defaultStatus").lower()
    default_status: RangeStatus = next((s for s in _STATUSES if s == default), "unaffected")
    names = [n.strip() for n in product.split(",") if n.strip()] if "," in product else [product]
    per_model: dict[str, _Versions] = {}
    shared = _Versions()
    versions = entry.get("versions")
    if versions is None or versions == []:
        state = "is missing" if versions is None else "is empty"
        shared.problems.append(f"no versions: {where}.versions {state}")
    for j, item in enumerate(as_list(versions, path, f"{where}.versions")):
        vwhere = f"{where}.versions[{j}]"
        obj = as_obj(item, path, vwhere)
        split = _model_lists(obj, names, vwhere, path) if len(names) > 1 else None
        if split is None:
            _version(obj, vwhere, path, shared)
        else:
            for name, found in split.items():
                target = per_model.setdefault(name, _Versions())
                target.ranges.extend(found.ranges)
                target.problems.extend(found.problems)
    result: list[AffectedProduct] = []
    for name in names:
        own = per_model.get(name)
        ranges = [*shared.ranges, *(own.ranges if own else [])]
        problems = [*shared.problems, *(own.problems if own else [])]
        if per_model and own is None:
            problems.append(f"{where}.versions: no versions are given for {name}")
        match = products.lookup(vendor, name, cpe=cpes[0] if cpes else "")
        models = match.models or (
            products.models_for_platforms(vendor, platforms) if platforms else ()
        )
        result.append(
            AffectedProduct(
                vendor=vendor,
                product=name,
                platforms=match.platforms,
                models=models,
                ranges=tuple(ranges),
                default_status=default_status,
                fixed_versions=unique(shared.fixed),
                problems=unique(problems),
            )
        )
    return result


def _model_lists(
    obj: Json, names: list[str], where: str, path: Path
) -> dict[str, _Versions] | None:
    """Huawei's "MODEL V…, V…, MODEL2 V…" in one version field, split per model; None
    when the text is not written that way."""
    text = as_text(obj.get("version"), path, f"{where}.version")
    if obj.get("lessThan") or obj.get("lessThanOrEqual") or "," not in text:
        return None
    status_text = as_text(obj.get("status"), path, f"{where}.status").lower()
    status: RangeStatus = next((s for s in _STATUSES if s == status_text), "affected")
    by_length = sorted(names, key=len, reverse=True)
    current: str | None = None
    found: dict[str, _Versions] = {}
    for token in (t.strip() for t in text.split(",")):
        if not token:
            continue
        model = next((n for n in by_length if token.startswith(n + " ")), None)
        if model is not None:
            current, token = model, token[len(model) :].strip()
        if current is None:
            return None
        target = found.setdefault(current, _Versions())
        if "truncated" in token.lower() or "..." in token:
            target.problems.append(
                f"{where}.version: the list of {current} versions is cut short ({token!r})"
            )
            continue
        if re.search(r"\s", token):
            target.problems.append(f"{where}.version: {token!r} is not a version")
            continue
        target.ranges.append(AffectedRange(raw=f"{current} {token}", status=status, exact=token))
    return found or None


def _version(obj: Json, where: str, path: Path, out: _Versions) -> None:
    """One ``versions[]`` entry as ranges, fixed releases and problems."""
    status_text = as_text(obj.get("status"), path, f"{where}.status").lower()
    status = next((s for s in _STATUSES if s == status_text), None)
    if status is None:
        out.problems.append(f"{where}.status: {status_text!r} is not affected/unaffected/unknown")
        return
    version_type = as_text(obj.get("versionType"), path, f"{where}.versionType")
    version = as_text(obj.get("version"), path, f"{where}.version")
    less = as_text(obj.get("lessThan"), path, f"{where}.lessThan")
    less_equal = as_text(obj.get("lessThanOrEqual"), path, f"{where}.lessThanOrEqual")
    changes = as_list(obj.get("changes"), path, f"{where}.changes")
    raw = " ".join(
        part
        for part in (version, f"<{less}" if less else "", f"<={less_equal}" if less_equal else "")
        if part
    )
    if less.lower() in PLACEHOLDERS:
        less = ""
    if less_equal.lower() in PLACEHOLDERS:
        less_equal = ""
    if not less and not less_equal:
        if changes:
            out.problems.append(f"{where}.changes: changes without lessThan/lessThanOrEqual")
        _single(version, status, version_type, raw, where, out)
        return

    start: str | None = None
    start_exclusive = False
    op, value = strip_operator(version)
    if value.lower() not in _FROM_START:
        if op in ("<", "<="):
            out.problems.append(f"{where}.version: an upper bound {version!r} as the start")
            return
        start, start_exclusive = value, op == ">"
    upper_field = "lessThan" if less else "lessThanOrEqual"
    op, bound = strip_operator(less or less_equal)
    inclusive = op == "<=" or (not less and op != "<")
    fixed: str | None = None
    last: str | None = None
    if bound in _ALL:
        pass  # no upper bound
    elif bound.endswith("*"):
        fixed = next_after_prefix(bound[:-1])
        if fixed is None:
            out.problems.append(f"{where}.{upper_field}: cannot read the wildcard {bound!r}")
            return
    else:
        listed = split_versions(bound)
        if not listed or any(re.search(r"\s", v) for v in listed):
            out.problems.append(f"{where}.{upper_field}: {bound!r} is not a version")
            return
        if inclusive:
            last = listed[-1] if len(listed) > 1 else listed[0]
        else:
            fixed = listed[0]
            if status == "affected":
                out.fixed.extend(listed)
    segments = _segments(changes, start, status, where, path, out)
    if segments is None:
        return
    for k, (low, seg_status) in enumerate(segments):
        is_last = k == len(segments) - 1
        out.ranges.append(
            AffectedRange(
                raw=raw,
                status=seg_status,
                introduced=low,
                introduced_exclusive=start_exclusive and low == start and k == 0,
                fixed=fixed if is_last else segments[k + 1][0],
                last_affected=last if is_last else None,
                version_type=version_type,
            )
        )


def _segments(
    changes: list[Any],
    start: str | None,
    status: RangeStatus,
    where: str,
    path: Path,
    out: _Versions,
) -> list[tuple[str | None, RangeStatus]] | None:
    """(lower bound, status) of each stretch a ``changes`` list cuts the range into."""
    segments: list[tuple[str | None, RangeStatus]] = [(start, status)]
    for c, item in enumerate(changes):
        change = as_obj(item, path, f"{where}.changes[{c}]")
        at = as_text(change.get("at"), path, f"{where}.changes[{c}].at")
        text = as_text(change.get("status"), path, f"{where}.changes[{c}].status").lower()
        new_status = next((s for s in _STATUSES if s == text), None)
        if not at or at.lower() in PLACEHOLDERS or new_status is None:
            out.problems.append(f"{where}.changes[{c}]: needs a version 'at' and a status")
            return None
        if segments[-1][1] == "affected" and new_status == "unaffected":
            out.fixed.append(at)
        segments.append((at, new_status))
    return segments


def _single(
    version: str, status: RangeStatus, version_type: str, raw: str, where: str, out: _Versions
) -> None:
    """A ``version`` with no upper bound: one version, a list, or words for a range."""
    lowered = version.lower()
    if lowered in _ALL:
        out.ranges.append(AffectedRange(raw=raw, status=status, version_type=version_type))
        return
    if lowered in PLACEHOLDERS or lowered in {"0", "0.0"}:
        out.problems.append(f"{where}.version: {version!r} names no version")
        return
    words = re.fullmatch(
        r"(?:all\s+versions\s+)?(?:prior\s+to|before|earlier\s+than)\s+(\S+)", lowered
    )
    if words:
        bound = version[len(version) - len(words[1]) :]
        out.ranges.append(
            AffectedRange(raw=raw, status=status, fixed=bound, version_type=version_type)
        )
        return
    words = re.fullmatch(r"(\S+)\s+(?:and|or)\s+(?:later|above|newer|after)", lowered)
    if words:
        out.ranges.append(
            AffectedRange(
                raw=raw, status=status, introduced=version.split()[0], version_type=version_type
            )
        )
        return
    op, value = strip_operator(version)
    if op:
        out.ranges.append(
            AffectedRange(
                raw=raw,
                status=status,
                exact=value if op == "=" else None,
                introduced=value if op in (">=", ">") else None,
                introduced_exclusive=op == ">",
                fixed=value if op == "<" else None,
                last_affected=value if op == "<=" else None,
                version_type=version_type,
            )
        )
        return
    listed = split_versions(version)
    if not listed or any(re.search(r"\s", v) for v in listed) or len(version) > 200:
        out.problems.append(f"{where}.version: {version!r} is not a version")
        return
    for item in listed:
        out.ranges.append(
            AffectedRange(
                raw=raw if len(listed) == 1 else item,
                status=status,
                exact=item,
                version_type=version_type,
            )
        )
