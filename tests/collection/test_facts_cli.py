"""``netcare facts --config`` prints configurations with their secrets masked; only an
explicit ``--show-secrets`` (a staff tool, says the help) prints them as they are."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from netcare.cli import app
from netcare.collection.parsing.secrets import MASK

DEVICE = (
    Path(__file__).resolve().parents[2]
    / "src"
    / "netcare"
    / "collection"
    / "data"
    / "demo"
    / "device"
    / "hp_comware"
)
#: Secrets in that configuration: the local user's password hash and the SNMP community.
SECRETS = ["$h$6$Vn1mFjv0pQy3kW2a$5c8b", "$c$3$Lr5hP9v1aP4yq1U3mVbEo0ng=="]


def _config(tmp_path: Path, *flags: str) -> str:
    folder = tmp_path / "field" / "SW-Core"
    shutil.copytree(DEVICE, folder, dirs_exist_ok=True)
    result = CliRunner().invoke(app, ["facts", str(folder.parent), "--json", *flags])
    assert result.exit_code == 0, result.output
    (record,) = json.loads(result.output)
    config: str = record["facts"]["config_text"]
    assert "sysname" in config
    return config


def test_config_is_masked_by_default(tmp_path: Path) -> None:
    config = _config(tmp_path, "--config")
    assert MASK in config
    assert not [secret for secret in SECRETS if secret in config]


def test_show_secrets_prints_them_as_they_are(tmp_path: Path) -> None:
    config = _config(tmp_path, "--config", "--show-secrets")
    assert MASK not in config
    assert all(secret in config for secret in SECRETS)


def test_help_says_show_secrets_is_for_staff() -> None:
    result = CliRunner().invoke(app, ["facts", "--help"], env={"COLUMNS": "200"})
    assert "--show-secrets" in result.output and "staff" in result.output
