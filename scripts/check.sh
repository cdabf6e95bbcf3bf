#!/usr/bin/env bash
# Install what the tests need and run the whole suite: ruff, mypy, import-linter, then pytest on
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
echo "== import-linter"
.venv/bin/lint-imports --no-cache

# The two passes run side by side (one per core), each with its own data directory and log;
# the logs are printed whole once both have finished.
echo "== pytest on SQLite, and on PostgreSQL beside it when it answers"
mkdir -p "$data_dir/sqlite" "$data_dir/postgres"
pg_up=""
if (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; then pg_up=1; fi
# Tests marked `once` (whole-stack checks: the journeys, the schema fuzz) run on one pass:
# the PostgreSQL one when it runs, which balances the two passes' time.
NETCARE_DATA_DIR="$data_dir/sqlite" NETCARE_POSTGRES_PASS_FOLLOWS="$pg_up" \
  .venv/bin/pytest -p no:cacheprovider >"$data_dir/sqlite.log" 2>&1 &
sqlite_pid=$!
pg_pid=""
if [ -n "$pg_up" ]; then
  NETCARE_DATA_DIR="$data_dir/postgres" \
  NETCARE_DATABASE_URL="postgresql://postgres@127.0.0.1:5432/postgres" \
  NETCARE_TEST_DATABASE_NAME="netcare_test_$$" NETCARE_TEST_PASS=postgres \
    .venv/bin/pytest -p no:cacheprovider >"$data_dir/postgres.log" 2>&1 &
  pg_pid=$!
fi
sqlite_rc=0
wait "$sqlite_pid" || sqlite_rc=$?
pg_rc=0
if [ -n "$pg_pid" ]; then wait "$pg_pid" || pg_rc=$?; fi

echo "== pytest on SQLite (exit $sqlite_rc)"
cat "$data_dir/sqlite.log"
if [ -n "$pg_pid" ]; then
  echo "== pytest on PostgreSQL (127.0.0.1:5432): database-touching tests (exit $pg_rc)"
  cat "$data_dir/postgres.log"
else
  echo "== SKIPPED the PostgreSQL pass: nothing answers on 127.0.0.1:5432"
fi
[ "$sqlite_rc" -eq 0 ] && [ "$pg_rc" -eq 0 ]
