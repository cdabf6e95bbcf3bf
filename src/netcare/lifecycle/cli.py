"""``netcare version …`` and ``netcare advisories match`` offline; ``netcare advisories
import`` and ``netcare versions summary|assess`` with the database.

Offline commands need no database or server: an expert compares two versions by the
vendor's own scheme, sorts a release list, or matches a devices.csv against advisory
files on a laptop. The database commands run as the server's operator (the system).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from netcare.bootstrap import setup

version_app = typer.Typer(help="Version schemes: compare and sort versions as the vendor does.")
advisories_app = typer.Typer(help="Advisories: match offline, import into NetCare.")
versions_app = typer.Typer(help="A customer's versions: the summary table and the assessment.")

DataDir = Annotated[
    Path | None,
    typer.Option("--data-dir", help="Data directory (default: $NETCARE_DATA_DIR or ./.netcare)."),
]
Scheme = Annotated[
    str,
    typer.Option(
        "--scheme", help="comware, vrp, ios, iosxe, nxos, junos, eos or generic (or a platform)."
    ),
]


def register(app: typer.Typer) -> None:
    """Add ``netcare version``, ``netcare advisories`` and ``netcare versions``."""
    app.add_typer(version_app, name="version")
    app.add_typer(advisories_app, name="advisories")
    app.add_typer(versions_app, name="versions")


def _scheme(name: str) -> str:
    from netcare.lifecycle import versions

    if name in versions.SCHEMES:
        return name
    if name in versions.PLATFORM_SCHEME:
        return versions.PLATFORM_SCHEME[name]
    typer.echo(f"unknown scheme {name!r}; one of: {', '.join(versions.SCHEMES)}", err=True)
    raise typer.Exit(2)


@version_app.command("compare")
def compare(
    a: Annotated[str, typer.Argument(help="First version.")],
    b: Annotated[str, typer.Argument(help="Second version.")],
    scheme: Scheme,
) -> None:
    """Print ``<``, ``=`` or ``>``: how version A stands to version B."""
    from netcare.lifecycle import versions

    try:
        result = versions.compare(_scheme(scheme), a, b)
    except versions.VersionError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None
    typer.echo({-1: "<", 0: "=", 1: ">"}[result])


@version_app.command("sort")
def sort(
    scheme: Scheme,
    reverse: Annotated[bool, typer.Option("--reverse", help="Newest first.")] = False,
) -> None:
    """Sort the versions read from standard input (one per line), oldest first.

    Lines the scheme cannot read are listed on standard error and the exit code is 1,
    after the readable ones are printed in order."""
    from netcare.lifecycle import versions

    name = _scheme(scheme)
    lines = [line.strip() for line in sys.stdin if line.strip()]
    parsed: list[tuple[Any, str]] = []
    bad: list[str] = []
    for line in lines:
        found = versions.try_parse(name, line)
        if found is None:
            bad.append(line)
        else:
            parsed.append((found, line))
    for _version, line in sorted(parsed, key=lambda pair: pair[0].key, reverse=reverse):
        typer.echo(line)
    for line in bad:
        typer.echo(f"not a {name} version: {line}", err=True)
    if bad:
        raise typer.Exit(1)


@advisories_app.command("match")
def match(
    devices: Annotated[Path, typer.Option("--devices", help="devices.csv", exists=True)],
    advisories: Annotated[
        list[Path], typer.Option("--advisories", help="Advisory files or folders.", exists=True)
    ],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
) -> None:
    """Match devices (hostname, vendor, platform, model, version, features) against
    advisory files (CSAF 2.0, CVE JSON 5, vendor CSV/XLSX): one line per device ×
    advisory concerned, with status and reason. No database needed."""
    from netcare.lifecycle.advisories import AdvisoryFormatError
    from netcare.lifecycle.matching import offline

    try:
        rows = offline.match_files(devices, advisories)
    except (AdvisoryFormatError, ValueError) as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None
    for row in rows:
        if as_json:
            typer.echo(json.dumps(row, ensure_ascii=False, sort_keys=True))
        else:
            typer.echo(f"{row['device']}\t{row['advisory']}\t{row['status']}\t{row['reason']}")


@advisories_app.command("import")
def import_files(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders to import.", exists=True)],
    data_dir: DataDir = None,
) -> None:
    """Import advisories (CSAF, CVE JSON 5, vendor CSV/XLSX), the KEV catalog, EPSS
    scores and release-catalog CSVs; all or nothing. Then match every customer again."""
    setup(data_dir)
    from netcare.lifecycle.services.imports import ImportRefused, do_import_files

    try:
        record = do_import_files(paths, actor=None, source=", ".join(str(p) for p in paths))
    except ImportRefused as exc:
        typer.echo(exc.record.error, err=True)
        raise typer.Exit(1) from None
    counts = record.counts
    typer.echo(
        f"import #{record.pk}: {counts.get('created', 0)} new, {counts.get('updated', 0)} "
        f"updated, {counts.get('unchanged', 0)} unchanged advisories; "
        f"{counts.get('exploitation', 0)} exploitation records; "
        f"{counts.get('releases', 0)} releases; {counts.get('files', 0)} files kept"
    )


def _customer(code: str) -> Any:
    from netcare.customers.models import Customer

    found = Customer.objects.filter(code=code).first()
    if found is None:
        typer.echo(f"no customer {code!r}", err=True)
        raise typer.Exit(2)
    return found


Language = Annotated[str, typer.Option("--lang", help="zh or en.")]


@versions_app.command("summary")
def summary(
    customer: Annotated[str, typer.Option("--customer", help="Customer code.")],
    out: Annotated[Path, typer.Option("--out", help="The .xlsx to write.")],
    lang: Language = "zh",
    data_dir: DataDir = None,
) -> None:
    """Write the customer's version summary table (版本汇总表) as Excel."""
    setup(data_dir)
    from netcare.lifecycle import reports
    from netcare.lifecycle.services import publishing

    record = publishing.version_summary(_customer(customer), lang)
    path = reports.write_version_summary_xlsx(record, out, lang)
    typer.echo(f"{path}: {len(record.rows)} devices")


@versions_app.command("assess")
def assess(
    customer: Annotated[str, typer.Option("--customer", help="Customer code.")],
    report: Annotated[
        Path | None, typer.Option("--report", help="Write the report (.docx or .pdf).")
    ] = None,
    lang: Language = "zh",
    data_dir: DataDir = None,
) -> None:
    """Run a version assessment (版本评估) of the customer; print each device's risk
    coefficient and, with --report, write the assessment report."""
    setup(data_dir)
    from netcare.lifecycle import reports
    from netcare.lifecycle.services import assessments, publishing

    found = _customer(customer)
    assessment = assessments.do_assess(found, actor=None)
    for score in assessment.scores.select_related("device").order_by("-value", "device__hostname"):
        typer.echo(
            f"{score.device.hostname}\t{score.platform}\t{score.version}\t"
            f"{score.value:.1f}\t{score.level}"
        )
    typer.echo(f"assessment #{assessment.pk}: risk coefficient {assessment.score:.1f}")
    if report is not None:
        record = publishing.assessment_record(assessment, lang)
        path = reports.write_assessment_report(record, report, lang)
        typer.echo(f"wrote {path}")
