#!/usr/bin/env bash
# Install what the tests need and run the whole suite: ruff, mypy, then pytest on
# SQLite and again (the database-touching tests) on PostgreSQL when it answers.
# Queue tests use django-q2's Redis broker too when Redis answers on 127.0.0.1:6379.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test

data_dir="$(mktemp -d)"
trap 'rm -rf "$data_dir"' EXIT
export NETCARE_DATA_DIR="$data_dir"
unset NETCARE_DATABASE_URL NETCARE_REDIS_URL

echo "== ruff"
.venv/bin/ruff check src tests bench
.venv/bin/ruff format --check src tests bench
echo "== mypy"
.venv/bin/mypy

echo "== pytest on SQLite"
.venv/bin/pytest -p no:cacheprovider

if (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; then
  echo "== pytest on PostgreSQL (127.0.0.1:5432): database-touching tests"
  NETCARE_DATABASE_URL="postgresql://postgres@127.0.0.1:5432/postgres" \
  NETCARE_TEST_DATABASE_NAME="netcare_test_$$" NETCARE_TEST_PASS=postgres \
    .venv/bin/pytest -p no:cacheprovider
else
  echo "== SKIPPED the PostgreSQL pass: nothing answers on 127.0.0.1:5432"
fi
