"""The words of the document library: kinds, scenarios, languages and platforms, one
vocabulary for models, CSV/XLSX index columns, the API and the CLI."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from netcare.lifecycle.versions import PLATFORM_SCHEME

KINDS = [
    ("manual", _("manual")),
    ("config_guide", _("configuration guide")),
    ("release_notes", _("release notes")),
    ("best_practice", _("best practice")),
    ("troubleshooting", _("troubleshooting case")),
    ("bulletin", _("bulletin")),
]

SCENARIOS = [
    ("campus", _("campus")),
    ("data_centre", _("data centre")),
    ("wan", _("WAN")),
    ("security", _("security")),
    ("wireless", _("wireless")),
    ("cloud", _("cloud")),
]

LANGUAGES = [("zh", _("Chinese")), ("en", _("English"))]

#: The platforms of DESIGN.md (a document may also be platform-neutral: empty).
PLATFORMS: tuple[str, ...] = tuple(PLATFORM_SCHEME)

KIND_CODES = frozenset(code for code, _label in KINDS)
SCENARIO_CODES = frozenset(code for code, _label in SCENARIOS)
LANGUAGE_CODES = frozenset(code for code, _label in LANGUAGES)

#: Chinese and English names of kinds and scenarios for package indexes (rendered in the
#: customer's language, whatever language the pusher reads).
KIND_NAMES: dict[str, tuple[str, str]] = {
    "manual": ("产品手册", "Manual"),
    "config_guide": ("配置指南", "Configuration guide"),
    "release_notes": ("版本说明", "Release notes"),
    "best_practice": ("最佳实践", "Best practice"),
    "troubleshooting": ("故障处理案例", "Troubleshooting case"),
    "bulletin": ("技术公告", "Bulletin"),
}
SCENARIO_NAMES: dict[str, tuple[str, str]] = {
    "campus": ("园区", "campus"),
    "data_centre": ("数据中心", "data centre"),
    "wan": ("广域网", "WAN"),
    "security": ("安全", "security"),
    "wireless": ("无线", "wireless"),
    "cloud": ("云", "cloud"),
}


def default_language(country: str) -> str:
    """A customer's package language before anyone declares one: Chinese in Greater
    China, English elsewhere."""
    return "zh" if country.upper() in {"CN", "HK", "MO", "TW"} else "en"
