"""Report rendering cost as the long table grows: 500 rows against 50, per format.

Renders the specimen entitlement statement with a 50-row and a 500-row activity log in
each format (after one warm-up render, so imports and font registration are not
counted) and prints wall-clock seconds and peak memory, each with the 500/50 ratio
measured in this run. A ratio near 10 means cost grows linearly with rows; well above
10 points at quadratic work somewhere in a renderer.

Peak memory is the rise of the process's resident-set high-water mark (Linux VmHWM,
reset before each render through /proc/self/clear_refs) over its size before the
render, which counts what WeasyPrint, Pango and libxml allocate outside Python too.
Where that reset is not allowed, the Python-heap peak from tracemalloc is used.

Run: .venv/bin/python -m bench.report_render [--small 50] [--large 500] [--repeat 1]
"""

from __future__ import annotations

import argparse
import gc
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from functools import partial
from pathlib import Path

from netcare.reports.engine import FORMATS, Format, render
from netcare.reports.engine.sample import sample_document

_STATUS = Path("/proc/self/status")
_CLEAR_REFS = Path("/proc/self/clear_refs")


def _status_kib(field: str) -> int:
    for line in _STATUS.read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    raise KeyError(field)


def _can_reset_peak() -> bool:
    try:
        _CLEAR_REFS.write_text("5")
        _status_kib("VmHWM")
    except (OSError, KeyError):
        return False
    return True


def measure(action: Callable[[], object], use_rss: bool) -> tuple[float, float]:
    """Seconds and peak memory (MiB) of one call of ``action``."""
    gc.collect()
    if use_rss:
        _CLEAR_REFS.write_text("5")  # "5": reset the peak RSS to the current RSS
        before = _status_kib("VmRSS")
        start = time.perf_counter()
        action()
        seconds = time.perf_counter() - start
        # RSS can shrink below the starting point when the collector frees pages.
        return seconds, max(0, _status_kib("VmHWM") - before) / 1024
    tracemalloc.start()
    start = time.perf_counter()
    action()
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return seconds, peak / 2**20


def bench(small: int, large: int, repeat: int) -> None:
    use_rss = _can_reset_peak()
    documents = {rows: sample_document("zh", activity_count=rows) for rows in (small, large)}
    memory = "peak RSS rise" if use_rss else "Python heap peak (tracemalloc)"
    print(
        f"report render: {small} vs {large} activity rows, zh, best of {repeat}; memory = {memory}"
    )
    print(
        f"{'format':<6} {'s@' + str(small):>9} {'s@' + str(large):>9} {'ratio':>6}"
        f" {'MiB@' + str(small):>9} {'MiB@' + str(large):>10} {'ratio':>6}"
    )
    with tempfile.TemporaryDirectory() as directory:
        out = Path(directory)
        for fmt in FORMATS:
            target = out / f"bench.{fmt}"

            def run(rows: int, fmt: Format = fmt, target: Path = target) -> object:
                return render(documents[rows], fmt, target)

            run(small)  # warm-up: imports, font registration, matplotlib caches
            results: dict[int, tuple[float, float]] = {}
            for rows in (small, large):
                runs = [measure(partial(run, rows), use_rss) for _ in range(repeat)]
                results[rows] = (min(r[0] for r in runs), min(r[1] for r in runs))
            (t_small, m_small), (t_large, m_large) = results[small], results[large]
            print(
                f"{fmt:<6} {t_small:9.2f} {t_large:9.2f} {t_large / t_small:6.1f}"
                f" {m_small:9.1f} {m_large:10.1f} {m_large / max(m_small, 0.1):6.1f}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--small", type=int, default=50, help="rows of the baseline document")
    parser.add_argument("--large", type=int, default=500, help="rows of the measured document")
    parser.add_argument("--repeat", type=int, default=1, help="renders per size; best is kept")
    args = parser.parse_args()
    bench(args.small, args.large, args.repeat)


if __name__ == "__main__":
    main()
