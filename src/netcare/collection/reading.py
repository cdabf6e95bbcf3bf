"""Facts straight from a folder or an archive, with no server (``netcare facts PATH``).

Plain Python: the same recognition and parsing as an import, without the inventory, so
a device's platform comes from its version banner, a kit manifest, or ``platform``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from netcare.collection import archives, bundles
from netcare.collection.parsing.facts import build_facts

__all__ = ["facts_for_path"]


def facts_for_path(
    path: Path, *, platform: str | None = None, with_config: bool = False
) -> tuple[list[dict[str, Any]], list[bundles.FileReport]]:
    """(one record per device, one report per file) for a folder or archive.

    A record: ``hostname``, ``platform``, ``platform_from``, ``files`` (the files its
    outputs came from), ``commands`` (key → command) and ``facts`` (the facts schema;
    ``config_text`` only with ``with_config``). Raises ``archives.ArchiveRefused``.
    """
    manifest_raw = archives.peek(path, bundles.MANIFEST)
    manifest = bundles.read_manifest(manifest_raw) if manifest_raw is not None else None
    files = bundles.manifest_files(manifest) if manifest is not None else None
    members = archives.iter_folder(path) if path.is_dir() else archives.iter_members(path)
    items: list[bundles.Item] = []
    reports: list[bundles.FileReport] = []
    for member in members:
        report, found = bundles.read_file(member.name, member.data, files)
        reports.append(report)
        items.extend(found)
    records: list[dict[str, Any]] = []
    for sketch, device_items in bundles.group(items).values():
        chosen, how = sketch.decide(platform)
        record: dict[str, Any] = {
            "hostname": sketch.hostname,
            "platform": chosen,
            "platform_from": how or None,
            "files": sorted({i.source for i in device_items}),
            "commands": {},
            "facts": None,
        }
        if chosen is not None:
            outputs = bundles.outputs_for_facts(chosen, device_items)
            record["commands"] = {
                k: next(i.command for i in device_items if bundles.key_of(chosen, i) == k)
                for k in outputs
            }
            facts: dict[str, Any] = dict(build_facts(chosen, outputs))
            if not with_config:
                facts.pop("config_text", None)
            record["facts"] = facts
            record["hostname"] = facts.get("hostname") or sketch.hostname
        records.append(record)
    return records, reports
