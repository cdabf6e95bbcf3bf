"""NetCare settings, read once from ``NETCARE_*`` environment variables.

Everything a deployment may change is an environment variable here, so one
installed package serves the embedded default (SQLite + django-q2's ORM broker)
and a scaled-out deployment (PostgreSQL + Redis) alike.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent


def _env(name: str, default: str = "") -> str:
    return os.environ.get(f"NETCARE_{name}", default)


def _env_bool(name: str, default: bool = False) -> bool:
    value = _env(name, "1" if default else "0").strip().lower()
    return value in {"1", "true", "yes", "on"}


DATA_DIR = Path(_env("DATA_DIR", ".netcare")).expanduser().resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)
REPORTS_DIR = DATA_DIR / "reports"
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media/"


def _secret_key() -> str:
    """The secret key from the environment, else one generated into the data directory.

    Generating it once and keeping it there means sessions and signed tokens survive
    a restart without the operator having to invent a key on day one.
    """
    configured = _env("SECRET_KEY")
    if configured:
        return configured
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        key_file.chmod(0o600)
    return key_file.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()
DEBUG = _env_bool("DEBUG")
ALLOWED_HOSTS = [
    h.strip() for h in _env("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in _env("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "django_q",
    "netcare.core",
    "netcare.customers",
    "netcare.contracts",
    "netcare.inventory",
    "netcare.delivery",
    "netcare.reports",
    "netcare.collection",
    "netcare.notifications",
    "netcare.api",
    "netcare.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "netcare.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "netcare.core.middleware.ActorMiddleware",
]

ROOT_URLCONF = "netcare.urls"
WSGI_APPLICATION = "netcare.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "netcare.web.context.shell",
            ],
        },
    },
]


def _database() -> dict[str, Any]:
    """SQLite in the data directory unless ``NETCARE_DATABASE_URL`` names another.

    SQLite runs in WAL mode with a busy timeout and IMMEDIATE transactions so the web
    server and a django-q2 cluster can write side by side without "database is locked".
    """
    url = _env("DATABASE_URL")
    if url:
        config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60))
    else:
        config = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(DATA_DIR / "netcare.sqlite3")}
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    config.setdefault("TEST", {})
    test_name = _env("TEST_DATABASE_NAME")
    if test_name:
        config["TEST"]["NAME"] = test_name
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = _env("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Serve straight from the app directories when collectstatic has not run (tests, dev).
WHITENOISE_USE_FINDERS = True

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so an unauthenticated call answers 401 with WWW-Authenticate.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
        "rest_framework.filters.SearchFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "netcare.api.base.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "NetCare API",
    "DESCRIPTION": "Premium support service platform: customers, contracts, deliverables.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# django-q2: the ORM broker by default; Redis when NETCARE_REDIS_URL is set.
REDIS_URL = _env("REDIS_URL")
Q_CLUSTER: dict[str, Any] = {
    "name": _env("Q_NAME", "netcare"),
    "workers": int(_env("Q_WORKERS", "2")),
    "timeout": int(_env("Q_TIMEOUT", "600")),
    "retry": int(_env("Q_RETRY", "720")),
    "max_attempts": 3,
    "catch_up": False,
    "label": "Tasks",
    "sync": _env_bool("Q_SYNC"),
}
if REDIS_URL:
    Q_CLUSTER["redis"] = REDIS_URL
else:
    Q_CLUSTER["orm"] = "default"

# Public address of this NetCare, for absolute links in e-mail (e.g. https://netcare.example.com).
SITE_URL = _env("SITE_URL", "").rstrip("/")

EMAIL_BACKEND = _env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = _env("FROM_EMAIL", "netcare@localhost")

# Key for device credentials at rest; derived from SECRET_KEY unless set on its own.
CREDENTIAL_KEY = _env("CREDENTIAL_KEY")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": _env("LOG_LEVEL", "WARNING")},
}
