"""``netcare devices import|list`` as a user runs them: a real process on a fresh data directory."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

DATA = Path(__file__).parents[1] / "data" / "inventory"
NETCARE = [sys.executable, "-m", "netcare.cli"]
SETUP = """
from netcare.customers.models import Customer, Site
customer = Customer.objects.create(code="ECCB", name_zh="华东城市商业银行")
Site.objects.create(customer=customer, name="ECCB DC")
"""

pytestmark = pytest.mark.slow


def netcare(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*NETCARE, *args], env=env, capture_output=True, text=True, timeout=180, check=False
    )


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    data_dir = tmp_path_factory.mktemp("cli")
    environment = {k: v for k, v in os.environ.items() if not k.startswith("NETCARE_")}
    environment.update(NETCARE_DATA_DIR=str(data_dir), COLUMNS="200", LANG="C.UTF-8")
    for args in (("manage", "migrate", "-v", "0"), ("manage", "shell", "-c", SETUP)):
        run = netcare(environment, *args)
        assert run.returncode == 0, run.stderr[-2000:]
    return environment


def test_refused_file_exits_1_with_a_row_table(env: dict[str, str]) -> None:
    run = netcare(env, "devices", "import", str(DATA / "devices-bad-row.csv"), "--customer", "ECCB")
    assert run.returncode == 1, run.stdout + run.stderr
    assert "refused rows" in run.stdout
    assert "10.10.0.300" in run.stdout and "management address" in run.stdout
    assert "nothing written" in run.stdout
    kept = list((Path(env["NETCARE_DATA_DIR"]) / "uploads" / "ECCB").iterdir())
    assert any(p.name.endswith("devices-bad-row.csv") for p in kept)


def test_dry_run_then_import_then_list(env: dict[str, str]) -> None:
    good = str(DATA / "devices-gbk.csv")
    dry = netcare(env, "devices", "import", good, "--customer", "ECCB", "--dry-run")
    assert dry.returncode == 0, dry.stdout + dry.stderr
    assert "3 created" in dry.stdout and "dry run, nothing written" in dry.stdout
    listed = netcare(env, "devices", "list", "--customer", "ECCB")
    assert "0 devices" in listed.stdout
    real = netcare(env, "devices", "import", good, "--customer", "ECCB")
    assert real.returncode == 0 and "written" in real.stdout
    assert 'Platform "H3C" read as hp_comware' in real.stdout
    listed = netcare(env, "devices", "list", "--customer", "ECCB")
    assert listed.returncode == 0 and "3 devices" in listed.stdout
    assert "ECCB-ZJ-CORE-01" in listed.stdout and "hp_comware" in listed.stdout
    again = netcare(env, "devices", "import", good, "--customer", "ECCB")
    assert again.returncode == 0 and "3 unchanged" in again.stdout


def test_unknown_customer_and_unreadable_file(env: dict[str, str], tmp_path: Path) -> None:
    missing = netcare(env, "devices", "list", "--customer", "NOPE")
    assert missing.returncode == 2 and "NOPE" in missing.stderr
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"not a workbook")
    run = netcare(env, "devices", "import", str(junk), "--customer", "ECCB")
    assert run.returncode == 1 and "junk.xlsx cannot be opened as an XLSX" in run.stdout
