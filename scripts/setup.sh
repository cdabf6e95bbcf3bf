#!/usr/bin/env bash
# Install what NetCare needs on this machine: Debian packages when missing (root only),
# a virtual environment in .venv, and the package with its pinned dependencies.
#   scripts/setup.sh run    — what `netcare demo` and `netcare serve` need
#   scripts/setup.sh test   — that, plus what the test suite needs (Chromium, extras)
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-run}"

need=()
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need+=(fonts-noto-cjk)   # CJK in PDFs and charts
ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0 || need+=(libpango-1.0-0 libpangoft2-1.0-0)  # WeasyPrint
ldconfig -p 2>/dev/null | grep -q libharfbuzz-subset || need+=(libharfbuzz-subset0)  # WeasyPrint font subsetting
if [ "$mode" = test ]; then
  [ -x /usr/bin/chromium ] || need+=(chromium)                       # end-to-end page tests
fi
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "setup: installing ${need[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "setup: please install these Debian packages: ${need[*]}" >&2
  fi
fi

python="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$python" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip >/dev/null
if [ "$mode" = test ]; then
  .venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'
else
  .venv/bin/python -m pip install -q --disable-pip-version-check -e .
fi
