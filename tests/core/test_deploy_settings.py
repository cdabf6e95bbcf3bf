"""Production settings from NETCARE_* variables: HTTPS behind a proxy, cookies, HSTS,
session lifetime, trusted origins, a strong secret key, and Django's deploy check clean."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

PRODUCTION = {
    "NETCARE_DEBUG": "0",
    "NETCARE_HTTPS": "1",
    "NETCARE_BEHIND_PROXY": "1",
    "NETCARE_ALLOWED_HOSTS": "netcare.example.com",
    "NETCARE_SITE_URL": "https://netcare.example.com",
}


def _environment(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NETCARE_")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env["NETCARE_DATA_DIR"] = str(data_dir)
    env.update(extra)
    return env


def _settings_in(data_dir: Path, names: list[str], **extra: str) -> dict[str, Any]:
    """The named settings as a fresh process reads them from this environment."""
    script = (
        "import json, netcare.settings as s; "
        f"print(json.dumps({{n: getattr(s, n, None) for n in {names!r}}}, default=str))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        env=_environment(data_dir, **extra),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return dict(json.loads(done.stdout))


def test_deploy_check_passes_clean_with_production_settings(tmp_path: Path) -> None:
    env = _environment(tmp_path, SECRET_KEY="", **PRODUCTION)
    env["NETCARE_SECRET_KEY"] = secrets.token_urlsafe(64)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "netcare.cli",
            "manage",
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert "System check identified no issues" in output
    assert "WARNING" not in output and "?: (" not in output


def test_the_same_check_fails_on_development_settings(tmp_path: Path) -> None:
    """The deploy check is not toothless: without NETCARE_HTTPS it names what is missing."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "netcare.cli",
            "manage",
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
        ],
        env=_environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0
    for check in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert check in done.stderr


def test_production_settings_from_the_environment(tmp_path: Path) -> None:
    key = secrets.token_urlsafe(64)
    values = _settings_in(
        tmp_path,
        [
            "SECURE_SSL_REDIRECT",
            "SESSION_COOKIE_SECURE",
            "CSRF_COOKIE_SECURE",
            "SECURE_HSTS_SECONDS",
            "SECURE_HSTS_INCLUDE_SUBDOMAINS",
            "SECURE_PROXY_SSL_HEADER",
            "CSRF_TRUSTED_ORIGINS",
            "ALLOWED_HOSTS",
            "SESSION_COOKIE_AGE",
            "SECRET_KEY",
            "X_FRAME_OPTIONS",
            "SECURE_CONTENT_TYPE_NOSNIFF",
            "SECURE_REFERRER_POLICY",
        ],
        **PRODUCTION,
        NETCARE_SECRET_KEY=key,
        NETCARE_SESSION_HOURS="8",
        NETCARE_HSTS_SECONDS="600",
        NETCARE_CSRF_TRUSTED_ORIGINS="https://portal.example.com",
    )
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SESSION_COOKIE_SECURE"] is True and values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_HSTS_SECONDS"] == 600 and values["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["CSRF_TRUSTED_ORIGINS"] == [
        "https://portal.example.com",
        "https://netcare.example.com",
    ]
    assert values["ALLOWED_HOSTS"] == ["netcare.example.com"]
    assert values["SESSION_COOKIE_AGE"] == 8 * 3600
    assert values["SECRET_KEY"] == key
    assert values["X_FRAME_OPTIONS"] == "DENY"
    assert values["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert values["SECURE_REFERRER_POLICY"] == "same-origin"


def test_development_defaults_stay_plain_http(tmp_path: Path) -> None:
    values = _settings_in(
        tmp_path,
        [
            "SECURE_SSL_REDIRECT",
            "SESSION_COOKIE_SECURE",
            "SECURE_HSTS_SECONDS",
            "SECURE_PROXY_SSL_HEADER",
            "SESSION_COOKIE_AGE",
            "CSRF_TRUSTED_ORIGINS",
        ],
    )
    assert values == {
        "SECURE_SSL_REDIRECT": False,
        "SESSION_COOKIE_SECURE": False,
        "SECURE_HSTS_SECONDS": 0,
        # No proxy named: a client's own X-Forwarded-Proto is not believed.
        "SECURE_PROXY_SSL_HEADER": None,
        "SESSION_COOKIE_AGE": 12 * 3600,
        "CSRF_TRUSTED_ORIGINS": [],
    }
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


@pytest.mark.parametrize("weak", ["change-me", "django-insecure-" + "x1y2z3" * 10, "a" * 80])
def test_https_refuses_a_weak_secret_key(tmp_path: Path, weak: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", "import netcare.settings"],
        env=_environment(tmp_path, **PRODUCTION, NETCARE_SECRET_KEY=weak),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0
    assert "ImproperlyConfigured" in done.stderr and "NETCARE_SECRET_KEY" in done.stderr


def test_https_accepts_the_generated_key(tmp_path: Path) -> None:
    values = _settings_in(tmp_path, ["SECRET_KEY"], **PRODUCTION)
    assert values["SECRET_KEY"] == (tmp_path / "secret_key").read_text().strip()


def test_behind_a_proxy_http_is_redirected_and_https_gets_hsts(db: Any, settings: Any) -> None:
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    plain = Client().get("/login/", HTTP_X_FORWARDED_PROTO="http")
    assert plain.status_code == 301 and plain["Location"] == "https://testserver/login/"
    secure = Client().get("/login/", HTTP_X_FORWARDED_PROTO="https")
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert secure["X-Frame-Options"] == "DENY"
    assert secure["X-Content-Type-Options"] == "nosniff"
    assert secure.cookies["csrftoken"]["secure"]
