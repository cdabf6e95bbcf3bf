"""Starting Django from a console command: data directory, settings, language.

Every ``netcare`` sub-command calls ``setup`` before touching the database, because
settings are read once from the environment.
"""

from __future__ import annotations

import os
from pathlib import Path


def setup(data_dir: Path | None = None) -> None:
    """Point NetCare at a data directory, start Django and speak the terminal's language."""
    if data_dir is not None:
        os.environ["NETCARE_DATA_DIR"] = str(data_dir.expanduser().resolve())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netcare.settings")
    import django

    django.setup()
    from django.utils import translation

    translation.activate(cli_language())


def cli_language() -> str:
    """``NETCARE_LANGUAGE`` if set, else Chinese under a Chinese locale (``LANG=zh_CN.UTF-8``),
    else English: a terminal says what its user reads."""
    chosen = os.environ.get("NETCARE_LANGUAGE", "")
    if not chosen:
        for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
            if os.environ.get(name):
                chosen = os.environ[name]
                break
    return "zh-hans" if chosen.lower().startswith("zh") else "en"
