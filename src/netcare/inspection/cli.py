"""``netcare inspect PATH``: the rule engine offline, on a folder of outputs.

A field engineer with a laptop and a customer's outputs (device folders, session logs,
the collection kit's zip) gets the findings, what could not be assessed and the health
score without a database or a server; ``--report``/``--xlsx`` write the same documents
the app writes. The JSON is sorted and stable: the same outputs give the same bytes.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

import typer

__all__ = ["inspect_command", "register", "run_inspection"]


def register(app: typer.Typer) -> None:
    """Add ``netcare inspect`` to the console script."""
    app.command("inspect")(inspect_command)


def run_inspection(path: Path, rules: list[Path] | None = None) -> dict[str, Any]:
    """Read, inspect and score everything under ``path``; the JSON-ready answer plus the
    engine objects (under ``_``) the report writers need."""
    from netcare.inspection.engine.evaluate import inspect_network
    from netcare.inspection.engine.health import device_health, network_health
    from netcare.inspection.engine.inputs import read_path
    from netcare.inspection.engine.packs import load_ruleset

    ruleset = load_ruleset(rules or ())
    devices = read_path(path)
    results = inspect_network(ruleset, devices)
    healths = {r.device: device_health(r) for r in results}
    facts = {d.key: d.facts for d in devices}
    out_devices = []
    for result in results:
        f = facts.get(result.device, {})
        out_devices.append(
            {
                "device": result.device,
                "platform": result.platform,
                "model": f.get("model"),
                "os_version": f.get("os_version"),
                "health": asdict(healths[result.device]),
                "findings": len(result.findings),
                "passed": list(result.passed),
                "not_assessed": len(result.not_assessed),
            }
        )
    return {
        "packs": dict(sorted(ruleset.packs.items())),
        "devices": out_devices,
        "findings": [asdict(f) for r in results for f in r.findings],
        "not_assessed": [asdict(n) for r in results for n in r.not_assessed],
        "health": asdict(network_health(results)),
        "_": (ruleset, devices, results, healths),
    }


def _json(answer: dict[str, Any]) -> str:
    public = {k: v for k, v in answer.items() if k != "_"}
    return json.dumps(public, ensure_ascii=False, indent=2, sort_keys=True, default=str)


def _table(answer: dict[str, Any], language: str) -> None:
    from rich.console import Console
    from rich.table import Table

    en = language.startswith("en")
    console = Console()
    devices = Table(title="Devices" if en else "设备")
    for head in (
        ("Device", "设备"),
        ("Platform", "平台"),
        ("Health", "健康度"),
        ("Findings", "问题"),
        ("Not assessed", "未评估"),
    ):
        devices.add_column(head[0] if en else head[1])
    for d in answer["devices"]:
        devices.add_row(
            d["device"],
            d["platform"],
            _score(d["health"], en),
            str(d["findings"]),
            str(d["not_assessed"]),
        )
    console.print(devices)
    findings = Table(title="Findings" if en else "巡检发现")
    for head in (
        ("Severity", "级别"),
        ("Device", "设备"),
        ("Rule", "规则"),
        ("Subject", "对象"),
        ("Title", "问题"),
    ):
        findings.add_column(head[0] if en else head[1])
    for f in answer["findings"]:
        findings.add_row(
            f["severity"],
            f["device"],
            f["rule_id"],
            f["subject"],
            f["title"]["en" if en else "zh"],
        )
    console.print(findings)
    console.print(f"{'Network health' if en else '网络健康度'}: {_score(answer['health'], en)}")


def _score(health: dict[str, Any], en: bool) -> str:
    """A score with its coverage (rules assessed / rules that apply), or "unknown" when
    nothing was assessed: not-assessed rules cost no points, so the coverage says how
    much the number rests on."""
    if health.get("applicable") and not health.get("assessed"):
        return "unknown" if en else "未知"
    coverage = f"{float(health.get('coverage', 1.0)) * 100:.0f}%"
    label = "coverage" if en else "覆盖率"
    return f"{float(health['score']):.1f} ({label} {coverage})"


def _write_documents(
    answer: dict[str, Any],
    report: Path | None,
    xlsx: Path | None,
    language: str,
    customer: str,
) -> None:
    try:
        from netcare.inspection import reports
        from netcare.inspection.engine.health import network_health
        from netcare.inspection.engine.summary import from_results
    except ImportError as exc:  # the report builders are not installed in this checkout
        typer.echo(f"report builders unavailable: {exc}", err=True)
        raise typer.Exit(2) from None
    ruleset, devices, results, healths = answer["_"]
    summary = from_results(
        devices,
        results,
        healths,
        network_health(results),
        customer=customer,
        packs=ruleset.packs,
    )
    if report is not None:
        reports.write_inspection_report(summary, report, language)
        typer.echo(str(report), err=True)
    if xlsx is not None:
        reports.write_findings_xlsx(summary, xlsx, language)
        typer.echo(str(xlsx), err=True)


def inspect_command(
    path: Annotated[
        Path, typer.Argument(exists=True, help="Device folder(s), session logs, configs or a zip.")
    ],
    rules: Annotated[
        list[Path] | None,
        typer.Option("--rules", help="Extra rule-pack folder or file (repeatable)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print stable sorted JSON.")] = False,
    report: Annotated[
        Path | None, typer.Option("--report", help="Write the inspection report (.docx/.pdf).")
    ] = None,
    xlsx: Annotated[Path | None, typer.Option("--xlsx", help="Write the findings sheet.")] = None,
    lang: Annotated[str, typer.Option("--lang", help="zh or en.")] = "zh",
    customer: Annotated[
        str | None,
        typer.Option("--customer", help="Customer named in the report (default: folder)."),
    ] = None,
) -> None:
    """Inspect device outputs offline with every rule pack; no database needed."""
    from netcare.inspection.engine.packs import PackError

    if lang not in ("zh", "en"):
        typer.echo("--lang must be zh or en", err=True)
        raise typer.Exit(2)
    try:
        answer = run_inspection(path, rules)
    except PackError as exc:
        typer.echo(f"rule packs refused:\n{exc}", err=True)
        raise typer.Exit(2) from None
    if not answer["devices"]:
        typer.echo(f"no device output recognised under {path}", err=True)
        raise typer.Exit(1)
    if as_json:
        typer.echo(_json(answer))
    else:
        _table(answer, lang)
    if report is not None or xlsx is not None:
        _write_documents(answer, report, xlsx, lang, customer or path.resolve().name)
