"""Peak memory of importing a large field-engineer archive (default 2 GB).

Builds the archive at bench time in a temporary folder (never committed): per device a
real ``display version`` (tests/data samples) plus a ``display interface`` grown to about
1 MB, a 400 KB ``display logbuffer`` and a configuration, as one file per command,
stored (not deflated) so the archive's size is the bytes the import must read. Then,
in a fresh data directory and database, it imports the archive with
``do_import_archive`` in a child process and reports that process's peak RSS, the time
and the rows written. Goal: peak under 500 MB for 2 GB.

Run: .venv/bin/python -m bench.archive_import [--gigabytes 2] [--keep]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "tests/data/collection/samples"
INTERFACE = ROOT / "tests/data/simulator/comware-core/display_interface.txt"


def device_files(index: int) -> dict[str, bytes]:
    host = f"BENCH-SW-{index:05d}"
    version = (SAMPLES / "display_version_5900af_cw7.txt").read_bytes()
    block = INTERFACE.read_text(encoding="utf-8")
    interface = (block * (1_000_000 // len(block) + 1)).encode()
    log = "".join(
        f"%Mar 16 23:{i % 60:02d}:11:030 2026 {host} IFNET/3/PHY_UPDOWN: Physical state on "
        f"the interface Ten-GigabitEthernet1/0/{i % 48 + 1} changed to down.\n"
        for i in range(3000)
    ).encode()
    config = (
        f"#\n sysname {host}\n#\n"
        + "".join(
            f"interface Ten-GigabitEthernet1/0/{i}\n port link-mode bridge\n description P{i}\n#\n"
            for i in range(2000)
        )
        + "return\n"
    ).encode()
    return {
        f"{host}/display_version.txt": version,
        f"{host}/display_interface.txt": interface,
        f"{host}/display_logbuffer.txt": log,
        f"{host}/display_current-configuration.txt": config,
    }


def build(path: Path, target: int) -> tuple[int, int]:
    written = devices = 0
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as archive:
        while written < target:
            for name, data in device_files(devices).items():
                archive.writestr(name, data)
                written += len(data)
            devices += 1
    return devices, path.stat().st_size


def child(archive: Path) -> None:
    """Runs in a fresh process: set up Django on a new data dir and import."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netcare.settings")
    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    from netcare.collection import services
    from netcare.collection.models import RawOutput
    from netcare.customers.models import Customer

    customer = Customer.objects.create(code="BENCH", name_zh="基准", name_en="Bench")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    upload = services.do_import_archive(
        customer, filename=archive.name, source=archive, actor=None, method="manual"
    )
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"state={upload.state} {upload.error}")
    print(f"outputs={RawOutput.objects.count()} devices={len(upload.report['devices'])}")
    print(f"seconds={elapsed:.1f} rss_before_mb={before / 1024:.0f} peak_rss_mb={peak / 1024:.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--gigabytes", type=float, default=2.0)
    parser.add_argument("--keep", action="store_true", help="keep the temp folder")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    folder = Path(tempfile.mkdtemp(prefix="netcare-bench-"))
    try:
        archive = folder / "field-collection.zip"
        start = time.perf_counter()
        devices, size = build(archive, int(args.gigabytes * 2**30))
        print(
            f"archive: {size / 2**30:.2f} GiB, {devices} devices, built in "
            f"{time.perf_counter() - start:.0f} s"
        )
        env = dict(os.environ, NETCARE_DATA_DIR=str(folder / "data"))
        env.pop("NETCARE_DATABASE_URL", None)
        subprocess.run(
            [sys.executable, "-m", "bench.archive_import", "--child", str(archive)],
            env=env,
            check=True,
            cwd=ROOT,
        )
        print("goal: peak_rss_mb under 500")
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
