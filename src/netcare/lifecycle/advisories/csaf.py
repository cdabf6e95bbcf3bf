"""CSAF 2.0 documents (OASIS Common Security Advisory Framework) as advisories.

One document is one advisory keyed by ``document.tracking.id`` (``cisco-sa-…``,
``BSI-2022-0001``), covering the CVEs of all its vulnerabilities. The product tree is
walked branch by branch: the vendor, product family and product name say what product
a leaf is (mapped to platforms by the :class:`ProductMap`); its version is the innermost
``product_version``/``service_pack``/``patch_level`` branch, or the version at the end of
its name (Cisco writes leaves such as "Cisco IOS XE Software 17.3.4a"); a
``product_version_range`` is a ``vers:`` URI or a free range read by
:mod:`.ranges`. ``full_product_names`` are read the same way; a ``relationships`` entry
(software ``installed_on``/``default_component_of`` hardware) is the software's product
on the hardware's models.

Product status: ``known_affected``, ``first_affected`` and ``last_affected`` versions are
affected; ``fixed``, ``first_fixed`` and ``known_not_affected`` are not (fixed ones are
fixed releases); ``under_investigation`` is unknown; ``recommended`` gives the
recommended release. A ``first_affected`` pairs with the ``first_fixed`` or
``last_affected`` of the same product into one range. A document without vulnerabilities
(``csaf_base``) says nothing of its products' status: they are kept with status unknown
and a problem, except in an informational advisory, whose products are the ones it
concerns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from netcare.lifecycle.advisories.common import (
    Json,
    as_date,
    as_list,
    as_obj,
    as_text,
    score_vector,
    severity_for,
    severity_word,
    unique,
)
from netcare.lifecycle.advisories.errors import AdvisoryFormatError
from netcare.lifecycle.advisories.model import (
    Advisory,
    AffectedProduct,
    AffectedRange,
    RangeStatus,
)
from netcare.lifecycle.advisories.products import ProductMap
from netcare.lifecycle.advisories.ranges import parse_constraints

__all__ = ["is_csaf", "read_csaf"]

_VERSION_CATEGORIES = ("patch_level", "service_pack", "product_version")
_STATUS: dict[str, RangeStatus] = {
    "known_affected": "affected",
    "first_affected": "affected",
    "last_affected": "affected",
    "fixed": "unaffected",
    "first_fixed": "unaffected",
    "known_not_affected": "unaffected",
    "recommended": "unaffected",
    "under_investigation": "unknown",
}
_CVE_ID = re.compile(r"CVE-\d{4}-\d{4,}")


def is_csaf(data: Json) -> bool:
    """A CSAF document: ``document.csaf_version`` is present."""
    document = data.get("document")
    return isinstance(document, dict) and "csaf_version" in document


@dataclass(frozen=True)
class _Leaf:
    """A product of the tree: what it is and which versions it names."""

    vendor: str
    product: str
    version: str | None = None
    range_text: str | None = None
    full_name: str = ""
    cpe: str = ""
    purl: str = ""
    models: tuple[str, ...] = ()


@dataclass
class _Group:
    vendor: str
    product: str
    platforms: tuple[str, ...]
    models: tuple[str, ...]
    ranges: list[AffectedRange] = field(default_factory=list)
    fixed: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    first_affected: list[str] = field(default_factory=list)
    first_fixed: list[str] = field(default_factory=list)
    last_affected: list[str] = field(default_factory=list)


def read_csaf(data: Json, path: Path, products: ProductMap) -> list[Advisory]:
    """The advisory one CSAF document describes."""
    document = as_obj(data.get("document"), path, "document")
    version = as_text(document.get("csaf_version"), path, "document.csaf_version")
    if not version.startswith("2."):
        raise AdvisoryFormatError(path, "document.csaf_version", f"not CSAF 2.x: {version!r}")
    if "product_tree" not in data:
        raise AdvisoryFormatError(
            path, "product_tree", "missing: a CSAF advisory without a product tree names no product"
        )
    tracking = as_obj(document.get("tracking"), path, "document.tracking")
    key = as_text(tracking.get("id"), path, "document.tracking.id")
    if not key:
        raise AdvisoryFormatError(path, "document.tracking.id", "missing")
    leaves = _tree(as_obj(data["product_tree"], path, "product_tree"), path, products)
    vulnerabilities = [
        as_obj(v, path, f"vulnerabilities[{i}]")
        for i, v in enumerate(as_list(data.get("vulnerabilities"), path, "vulnerabilities"))
    ]
    category = as_text(document.get("category"), path, "document.category")
    groups: dict[tuple[str, str, tuple[str, ...]], _Group] = {}
    recommended: list[str] = []
    if vulnerabilities:
        for i, vuln in enumerate(vulnerabilities):
            _statuses(vuln, f"vulnerabilities[{i}]", leaves, groups, recommended, path, products)
    else:
        informational = category == "csaf_informational_advisory"
        for product_id, leaf in leaves.items():
            group = _group(groups, leaf, products)
            status: RangeStatus = "affected" if informational else "unknown"
            _add_leaf(group, leaf, status, "known_affected", product_id)
            if not informational:
                group.problems.append(
                    f"product_tree: {product_id} — no vulnerability states this product's status"
                )
    score, vector, severity = _scores(vulnerabilities, path)
    aggregate = document.get("aggregate_severity")
    if isinstance(aggregate, dict):
        word = severity_word(
            as_text(aggregate.get("text"), path, "document.aggregate_severity.text")
        )
        severity = word or severity
    workaround, remediation = _remediations(vulnerabilities, path)
    return [
        Advisory(
            key=key,
            kind="vulnerability" if vulnerabilities else "bulletin",
            title=as_text(document.get("title"), path, "document.title") or key,
            source_format="csaf",
            products=tuple(_finish(g) for g in groups.values()),
            cves=_cves(vulnerabilities, path),
            summary=_summary(document, vulnerabilities, path),
            severity=severity,
            cvss_score=score,
            cvss_vector=vector,
            published=as_date(
                tracking.get("initial_release_date"), path, "document.tracking.initial_release_date"
            ),
            updated=as_date(
                tracking.get("current_release_date"), path, "document.tracking.current_release_date"
            ),
            url=_self_url(document, path),
            workaround=workaround,
            remediation=remediation,
            recommended_release=", ".join(unique(recommended)),
            source_file=str(path),
            revision=as_text(tracking.get("version"), path, "document.tracking.version"),
        )
    ]


def _tree(tree: Json, path: Path, products: ProductMap) -> dict[str, _Leaf]:
    """Every product id of the tree with what it names."""
    leaves: dict[str, _Leaf] = {}
    stack: list[tuple[Any, list[tuple[str, str]], str]] = [
        (tree.get("branches"), [], "product_tree.branches")
    ]
    while stack:
        branches, trail, where = stack.pop()
        for i, item in enumerate(as_list(branches, path, where)):
            branch = as_obj(item, path, f"{where}[{i}]")
            category = as_text(branch.get("category"), path, f"{where}[{i}].category")
            name = as_text(branch.get("name"), path, f"{where}[{i}].name")
            here = [*trail, (category, name)]
            if "product" in branch:
                product = as_obj(branch["product"], path, f"{where}[{i}].product")
                product_id, leaf = _leaf(product, here, f"{where}[{i}].product", path)
                leaves[product_id] = leaf
            if "branches" in branch:
                stack.append((branch["branches"], here, f"{where}[{i}].branches"))
    for i, item in enumerate(
        as_list(tree.get("full_product_names"), path, "product_tree.full_product_names")
    ):
        where = f"product_tree.full_product_names[{i}]"
        product_id, leaf = _leaf(as_obj(item, path, where), [], where, path)
        leaves[product_id] = leaf
    for i, item in enumerate(
        as_list(tree.get("relationships"), path, "product_tree.relationships")
    ):
        where = f"product_tree.relationships[{i}]"
        relation = as_obj(item, path, where)
        software = leaves.get(
            as_text(relation.get("product_reference"), path, f"{where}.product_reference")
        )
        hardware = leaves.get(
            as_text(
                relation.get("relates_to_product_reference"),
                path,
                f"{where}.relates_to_product_reference",
            )
        )
        full = as_obj(relation.get("full_product_name"), path, f"{where}.full_product_name")
        product_id = as_text(full.get("product_id"), path, f"{where}.full_product_name.product_id")
        if software is None or not product_id:
            continue
        models = products.lookup(hardware.vendor, hardware.product).models if hardware else ()
        leaves[product_id] = _Leaf(
            vendor=software.vendor,
            product=software.product,
            version=software.version,
            range_text=software.range_text,
            full_name=as_text(full.get("name"), path, f"{where}.full_product_name.name"),
            cpe=software.cpe,
            purl=software.purl,
            models=models or software.models,
        )
    return leaves


def _leaf(product: Json, trail: list[tuple[str, str]], where: str, path: Path) -> tuple[str, _Leaf]:
    product_id = as_text(product.get("product_id"), path, f"{where}.product_id")
    if not product_id:
        raise AdvisoryFormatError(path, f"{where}.product_id", "missing")
    full_name = as_text(product.get("name"), path, f"{where}.name")
    helper = product.get("product_identification_helper")
    cpe = purl = ""
    if isinstance(helper, dict):
        cpe = as_text(helper.get("cpe"), path, f"{where}.product_identification_helper.cpe")
        purl = as_text(helper.get("purl"), path, f"{where}.product_identification_helper.purl")

    def last(*categories: str) -> str:
        return next((name for cat, name in reversed(trail) if cat in categories), "")

    vendor = last("vendor")
    product_name = last("product_name") or last("product_family")
    version = next((name for cat, name in reversed(trail) if cat in _VERSION_CATEGORIES), None)
    range_text = last("product_version_range") or None
    if not product_name:
        product_name = full_name
    if version is None and range_text is None:
        # "Cisco IOS XE Software 17.3.4a": the version closes the name.
        head, _, tail = full_name.rpartition(" ")
        if head and re.search(r"\d", tail) and not re.search(r"\d", head.split()[-1]):
            version = tail
            if product_name == full_name:
                product_name = head
    return product_id, _Leaf(vendor, product_name, version, range_text, full_name, cpe, purl)


def _group(
    groups: dict[tuple[str, str, tuple[str, ...]], _Group], leaf: _Leaf, products: ProductMap
) -> _Group:
    key = (leaf.vendor, leaf.product, leaf.models)
    if key not in groups:
        match = products.lookup(leaf.vendor, leaf.product, cpe=leaf.cpe, purl=leaf.purl)
        if not match.known and leaf.full_name:
            match = products.lookup(leaf.vendor, leaf.full_name, cpe=leaf.cpe, purl=leaf.purl)
        groups[key] = _Group(
            vendor=leaf.vendor,
            product=leaf.product,
            platforms=match.platforms,
            models=leaf.models or match.models,
        )
    return groups[key]


def _statuses(
    vuln: Json,
    where: str,
    leaves: dict[str, _Leaf],
    groups: dict[tuple[str, str, tuple[str, ...]], _Group],
    recommended: list[str],
    path: Path,
    products: ProductMap,
) -> None:
    status = vuln.get("product_status")
    if status is None:
        return
    status_obj = as_obj(status, path, f"{where}.product_status")
    for name, value in status_obj.items():
        if name not in _STATUS:
            continue
        for k, item in enumerate(as_list(value, path, f"{where}.product_status.{name}")):
            product_id = as_text(item, path, f"{where}.product_status.{name}[{k}]")
            leaf = leaves.get(product_id)
            if leaf is None:
                orphan = _group(groups, _Leaf("", product_id), products)
                orphan.problems.append(
                    f"{where}.product_status.{name}: {product_id!r} is not in the product tree"
                )
                continue
            group = _group(groups, leaf, products)
            _add_leaf(group, leaf, _STATUS[name], name, product_id)
            if name == "recommended" and leaf.version:
                recommended.append(leaf.version)


def _add_leaf(group: _Group, leaf: _Leaf, status: RangeStatus, role: str, product_id: str) -> None:
    raw = leaf.full_name or leaf.version or leaf.range_text or product_id
    if leaf.range_text:
        parsed = parse_constraints(leaf.range_text, status=status)
        group.ranges.extend(parsed.ranges)
        group.problems.extend(f"{product_id} ({leaf.range_text}): {p}" for p in parsed.problems)
        return
    if leaf.version is None:
        group.ranges.append(AffectedRange(raw=raw, status=status))
        return
    if role == "first_affected":
        group.first_affected.append(leaf.version)
    elif role == "first_fixed":
        group.first_fixed.append(leaf.version)
        group.fixed.append(leaf.version)
    elif role == "last_affected":
        group.last_affected.append(leaf.version)
    else:
        if role == "fixed":
            group.fixed.append(leaf.version)
        group.ranges.append(AffectedRange(raw=raw, status=status, exact=leaf.version))


def _finish(group: _Group) -> AffectedProduct:
    """The product with its ranges; first affected versions paired with the first fixed
    (or last affected) versions of the same product, in the order the document gives."""
    ranges = list(group.ranges)
    problems = list(group.problems)
    starts, fixed, last = group.first_affected, group.first_fixed, group.last_affected
    if starts and len(starts) == len(fixed) and not last:
        ranges += [
            AffectedRange(raw=f">={a} <{b}", introduced=a, fixed=b)
            for a, b in zip(starts, fixed, strict=True)
        ]
    elif starts and len(starts) == len(last) and not fixed:
        ranges += [
            AffectedRange(raw=f">={a} <={b}", introduced=a, last_affected=b)
            for a, b in zip(starts, last, strict=True)
        ]
    else:
        ranges += [AffectedRange(raw=f">={a}", introduced=a) for a in starts]
        ranges += [AffectedRange(raw=f">={b}", status="unaffected", introduced=b) for b in fixed]
        ranges += [AffectedRange(raw=f"<={b}", last_affected=b) for b in last]
        if starts:
            problems.append(
                "first_affected versions cannot be paired with first_fixed/last_affected "
                f"({', '.join(starts)})"
            )
    return AffectedProduct(
        vendor=group.vendor,
        product=group.product,
        platforms=group.platforms,
        models=group.models,
        ranges=tuple(ranges),
        fixed_versions=unique(group.fixed),
        problems=unique(problems),
    )


def _scores(vulnerabilities: list[Json], path: Path) -> tuple[float | None, str, str]:
    best: tuple[float, str, str] | None = None
    for i, vuln in enumerate(vulnerabilities):
        for j, item in enumerate(as_list(vuln.get("scores"), path, f"vulnerabilities[{i}].scores")):
            score_obj = as_obj(item, path, f"vulnerabilities[{i}].scores[{j}]")
            for name in ("cvss_v4", "cvss_v3", "cvss_v2"):
                if name not in score_obj:
                    continue
                where = f"vulnerabilities[{i}].scores[{j}].{name}"
                body = as_obj(score_obj[name], path, where)
                vector = as_text(body.get("vectorString"), path, f"{where}.vectorString")
                raw_score = body.get("baseScore")
                score = (
                    float(raw_score)
                    if isinstance(raw_score, int | float) and not isinstance(raw_score, bool)
                    else None
                )
                if score is None or not 0.0 <= score <= 10.0:
                    score = score_vector(vector) if vector else None
                if score is None:
                    continue
                word = as_text(body.get("baseSeverity"), path, f"{where}.baseSeverity")
                if best is None or score > best[0]:
                    best = (score, vector, severity_word(word) or severity_for(score))
    return best if best is not None else (None, "", "unknown")


def _remediations(vulnerabilities: list[Json], path: Path) -> tuple[str, str]:
    workarounds: list[str] = []
    fixes: list[str] = []
    for i, vuln in enumerate(vulnerabilities):
        where = f"vulnerabilities[{i}].remediations"
        for j, item in enumerate(as_list(vuln.get("remediations"), path, where)):
            remedy = as_obj(item, path, f"{where}[{j}]")
            category = as_text(remedy.get("category"), path, f"{where}[{j}].category")
            details = as_text(remedy.get("details"), path, f"{where}[{j}].details")
            url = as_text(remedy.get("url"), path, f"{where}[{j}].url")
            text = f"{details}\n{url}" if url and url not in details else details
            if category in ("workaround", "mitigation"):
                workarounds.append(text)
            elif category in ("vendor_fix", "none_available", "no_fix_planned"):
                fixes.append(text)
    return "\n\n".join(unique(workarounds)), "\n\n".join(unique(fixes))


def _cves(vulnerabilities: list[Json], path: Path) -> tuple[str, ...]:
    found = []
    for i, vuln in enumerate(vulnerabilities):
        cve = as_text(vuln.get("cve"), path, f"vulnerabilities[{i}].cve").upper()
        if cve and not _CVE_ID.fullmatch(cve):
            raise AdvisoryFormatError(path, f"vulnerabilities[{i}].cve", f"not a CVE id: {cve!r}")
        found.append(cve)
    return unique(found)


def _summary(document: Json, vulnerabilities: list[Json], path: Path) -> str:
    candidates = [("document.notes", document.get("notes"))] + [
        (f"vulnerabilities[{i}].notes", v.get("notes")) for i, v in enumerate(vulnerabilities)
    ]
    for wanted in ("summary", "description"):
        for where, notes in candidates:
            for k, item in enumerate(as_list(notes, path, where)):
                note = as_obj(item, path, f"{where}[{k}]")
                if as_text(note.get("category"), path, f"{where}[{k}].category") == wanted:
                    return as_text(note.get("text"), path, f"{where}[{k}].text")
    return ""


def _self_url(document: Json, path: Path) -> str:
    urls: list[tuple[str, str]] = []
    for i, item in enumerate(as_list(document.get("references"), path, "document.references")):
        ref = as_obj(item, path, f"document.references[{i}]")
        urls.append(
            (
                as_text(ref.get("category"), path, f"document.references[{i}].category"),
                as_text(ref.get("url"), path, f"document.references[{i}].url"),
            )
        )
    own = [url for category, url in urls if category == "self" and url]
    return own[0] if own else next((url for _, url in urls if url), "")
