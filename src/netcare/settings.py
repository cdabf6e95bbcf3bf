"""NetCare settings, read once from ``NETCARE_*`` environment variables.

Everything a deployment may change is an environment variable here, so one
installed package serves the embedded default (SQLite + django-q2's ORM broker)
and a scaled-out deployment (PostgreSQL + Redis) alike.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
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
#: Production behind HTTPS (see "HTTPS behind a proxy" below and docs/deployment.md).
HTTPS = _env_bool("HTTPS")


def _check_production_secret(key: str) -> None:
    """Refuse a weak configured key in production: it signs sessions and, unless
    NETCARE_CREDENTIAL_KEY is set, encrypts device credentials.

    The key generated into the data directory (random, 67 characters) always passes; a
    key from NETCARE_SECRET_KEY must be as strong (Django's own deploy-check rule).
    """
    if len(key) < 50 or len(set(key)) < 5 or key.startswith("django-insecure"):
        raise ImproperlyConfigured(
            "NETCARE_HTTPS is on but the secret key is weak: set NETCARE_SECRET_KEY to a "
            "random value of at least 50 characters (python -c 'import secrets; "
            "print(secrets.token_urlsafe(50))'), or unset it to use the key NetCare "
            "generates into the data directory."
        )


if HTTPS:
    _check_production_secret(SECRET_KEY)
ALLOWED_HOSTS = [
    h.strip()
    for h in _env("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
    if h.strip()
]

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
    "axes",
    "netcare.core",
    "netcare.customers",
    "netcare.contracts",
    "netcare.inventory",
    "netcare.delivery",
    "netcare.reports",
    "netcare.collection",
    "netcare.inspection",
    "netcare.lifecycle",
    "netcare.problems",
    "netcare.knowledge",
    "netcare.guides",
    "netcare.care",
    "netcare.satisfaction",
    "netcare.assurance",
    "netcare.onsite",
    "netcare.consulting",
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
    # Last, as django-axes asks: it turns a refused sign-in into the lockout answer.
    "axes.middleware.AxesMiddleware",
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

# Checked wherever a password is set (``netcare createadmin``, the admin's password forms);
# signing in with an existing password is never re-validated.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": int(_env("PASSWORD_MIN_LENGTH", "10"))},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sign-in protection (django-axes) for the web login, the admin login and the API token:
# after NETCARE_LOGIN_FAILURE_LIMIT failures for one username from one client address,
# that pair is refused for NETCARE_LOGIN_COOLOFF_MINUTES (0: until an admin unlocks it
# with ``netcare manage axes_reset_username NAME``). Per username *and* address, so a
# stranger cannot lock a colleague out from elsewhere by guessing at their name.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(_env("LOGIN_FAILURE_LIMIT", "5"))
_LOGIN_COOLOFF_MINUTES = int(_env("LOGIN_COOLOFF_MINUTES", "30"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=_LOGIN_COOLOFF_MINUTES) if _LOGIN_COOLOFF_MINUTES else None
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The cool-off runs from the lockout, so the page can say when to try again.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_HTTP_RESPONSE_CODE = 429  # Too Many Requests, with Retry-After
AXES_LOCKOUT_CALLABLE = "netcare.web.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "netcare.core.signin.client_address"
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
        "netcare.core.listing.VisibleFilterBackend",
        "rest_framework.filters.OrderingFilter",
        "rest_framework.filters.SearchFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "netcare.core.listing.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "netcare.api.schema.NetCareAutoSchema",
    "EXCEPTION_HANDLER": "netcare.core.rest.exception_handler",
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
    # Separate request and response components: read-only fields stay out of request
    # bodies, write-only ones (secrets, uploaded files) out of answers.
    "COMPONENT_SPLIT_REQUEST": True,
    # Choice sets that share a field name get their own names (no hashed suffixes).
    "ENUM_NAME_OVERRIDES": {
        "CollectionMethodEnum": "netcare.collection.models.Method",
        "CollectionJobStateEnum": "netcare.collection.models.CollectionJob.State",
        "DeviceRoleEnum": "netcare.inventory.models.Device.Role",
        "DeviceStatusEnum": "netcare.inventory.models.Device.Status",
        "ChannelEnum": "netcare.customers.models.Channel",
        "QuotaUnitEnum": "netcare.contracts.models.QuotaUnit",
        "ServiceRequestKindEnum": "netcare.delivery.models.ServiceRequest.Kind",
        "FindingSeverityEnum": "netcare.inspection.models.Severity",
        "FindingStatusEnum": "netcare.inspection.models.Finding.Status",
        "FindingChangeEnum": "netcare.inspection.models.Finding.Change",
        "FindingMarkKindEnum": "netcare.inspection.models.FindingMark.Kind",
        "HardeningPlanStateEnum": "netcare.inspection.models.HardeningPlan.State",
        "HardeningStepStateEnum": "netcare.inspection.models.HardeningStep.State",
        "ProposalSeverityEnum": "netcare.consulting.models.Severity",
        "ProposalAreaEnum": "netcare.consulting.models.Area",
        "ProposalKindEnum": "netcare.consulting.models.Assessment.ProposalKind",
        "ConsultingSpecialityEnum": "netcare.consulting.models.Speciality",
        "WorkshopAttendeeSideEnum": "netcare.consulting.models.WorkshopAttendee.Side",
        "DocPackageStateEnum": "netcare.knowledge.models.DocPackage.State",
        "ImportStateEnum": "netcare.knowledge.models.DocumentImport.State",
        "DocumentLanguageEnum": "netcare.knowledge.vocabulary.LANGUAGES",
    },
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

# Public address of this NetCare (e.g. https://netcare.example.com): every link that leaves
# the site — e-mail, the .ics feed — is made absolute with it (``netcare.core.links``).
SITE_URL = _env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# --- HTTPS behind a proxy, cookies and session lifetime ---------------------------------
# NETCARE_HTTPS=1 (production): plain HTTP is redirected, cookies travel only over HTTPS,
# browsers are told to use HTTPS only (HSTS). Behind a TLS-terminating proxy, set
# NETCARE_BEHIND_PROXY=1 (or name the header with NETCARE_PROXY_SSL_HEADER): only then is
# the proxy's X-Forwarded-Proto believed, since a client reaching NetCare directly could
# send that header itself.
BEHIND_PROXY = _env_bool("BEHIND_PROXY")
#: Proxies in front of NetCare that append to X-Forwarded-For (for the sign-in lockout).
PROXY_COUNT = int(_env("PROXY_COUNT", "1"))
_PROXY_SSL_HEADER = _env("PROXY_SSL_HEADER", "X-Forwarded-Proto" if BEHIND_PROXY else "")
if _PROXY_SSL_HEADER:
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _PROXY_SSL_HEADER.upper().replace("-", "_"), "https")
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = int(_env("HSTS_SECONDS", "31536000")) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = _env_bool("HSTS_PRELOAD")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# No NetCare page is meant to be shown inside another site's frame.
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_AGE = int(float(_env("SESSION_HOURS", "12")) * 3600)
SESSION_COOKIE_HTTPONLY = True
SILENCED_SYSTEM_CHECKS: list[str] = []
if not SECURE_HSTS_PRELOAD:
    # security.W021 asks for the HSTS "preload" flag. It only matters once the domain is
    # submitted to the browsers' preload list, a lasting commitment for the whole domain
    # that is the operator's to make (NETCARE_HSTS_PRELOAD=1), not a default.
    SILENCED_SYSTEM_CHECKS.append("security.W021")

# Forms posted from the public address (when one is configured) are trusted, plus any
# origin listed explicitly; the address's host is served without listing it twice.
CSRF_TRUSTED_ORIGINS = [o.strip() for o in _env("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]
if _env("SITE_URL"):
    _site = urlsplit(SITE_URL)
    if f"{_site.scheme}://{_site.netloc}" not in CSRF_TRUSTED_ORIGINS:
        CSRF_TRUSTED_ORIGINS.append(f"{_site.scheme}://{_site.netloc}")
    if _site.hostname and _site.hostname not in ALLOWED_HOSTS:
        ALLOWED_HOSTS.append(_site.hostname)

EMAIL_BACKEND = _env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = _env("FROM_EMAIL", "netcare@localhost")

# Key for device credentials at rest; derived from SECRET_KEY unless set on its own.
CREDENTIAL_KEY = _env("CREDENTIAL_KEY")


def _collect_networks() -> tuple[Any, ...]:
    """Networks SSH collection may connect to (docs/deployment.md "Collection allowlist"):
    CIDRs; unset: private ranges only; a demo data directory: loopback only."""
    from netcare.collection import allowlist

    try:
        return allowlist.setting(_env("COLLECT_NETWORKS"), DATA_DIR)
    except ValueError as exc:
        raise ImproperlyConfigured(str(exc)) from None


COLLECT_NETWORKS = _collect_networks()

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": _env("LOG_LEVEL", "WARNING")},
}
