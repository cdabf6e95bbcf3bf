#!/usr/bin/env bash
# Install NetCare and run the demo: load the demo customers, run every pipeline,
# write the reports and serve the web UI on http://127.0.0.1:8000.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh run
exec .venv/bin/netcare demo "$@"
