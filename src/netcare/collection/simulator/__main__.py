"""``python -m netcare.collection.simulator --devices DIR --port N [--host 127.0.0.1]``.

Devices get consecutive ports from ``--port`` in folder-name order (a ``port:`` in a
device's ``device.yaml`` wins); ``--port 0`` lets the system pick free ones. The port
table is printed, and written as CSV with ``--ports-file`` for scripts.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import logging
import signal
import sys
from pathlib import Path

from netcare.collection.simulator.profile import ProfileError, load_devices
from netcare.collection.simulator.server import Simulator


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m netcare.collection.simulator",
        description="Serve simulated network devices over SSH (one port per device).",
    )
    parser.add_argument("--devices", type=Path, required=True, help="device directory")
    parser.add_argument("--port", type=int, default=10022, help="first port (0: any free)")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind")
    parser.add_argument("--host-key", type=Path, help="keep the host key here (else per run)")
    parser.add_argument("--ports-file", type=Path, help="write name,hostname,platform,host,port")
    parser.add_argument("-v", "--verbose", action="store_true", help="log sessions")
    return parser


def _write_ports(simulator: Simulator, path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name", "hostname", "platform", "host", "port"])
        for profile in simulator.profiles:
            writer.writerow(
                [
                    profile.name,
                    profile.hostname,
                    profile.platform,
                    simulator.host,
                    simulator.port(profile.name),
                ]
            )


async def _serve(simulator: Simulator, ports_file: Path | None) -> None:
    await simulator.open()
    for profile in simulator.profiles:
        print(
            f"{profile.name:<28} {profile.platform:<14} "
            f"{simulator.host}:{simulator.port(profile.name)}  user {profile.username}"
        )
    if ports_file is not None:
        _write_ports(simulator, ports_file)
    sys.stdout.flush()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    await simulator.close()


def main(argv: list[str] | None = None) -> int:
    """Run the simulator in the foreground until interrupted."""
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING)
    try:
        profiles = load_devices(args.devices)
    except (ProfileError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    simulator = Simulator(
        profiles, host=args.host, base_port=args.port, host_key_path=args.host_key
    )
    asyncio.run(_serve(simulator, args.ports_file))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
