"""Real device outputs (tests/data/outputs) imported as collection archives, the way a
field engineer's upload reaches NetCare: facts and raw outputs in the database."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

OUTPUTS = Path(__file__).resolve().parents[1] / "data" / "outputs"
CORE_PSU_FAILED = {
    "display_version.txt": "hp_comware/display_version_5900af_cw7.txt",
    "display_power.txt": "hp_comware/display_power_index_table.txt",
}
CORE_PSU_OK = {
    "display_version.txt": "hp_comware/display_version_5900af_cw7.txt",
    "display_power.txt": "hp_comware/display_power_table.txt",
}
BORDER = {
    "show_version.txt": "cisco_ios/show_version_c4948e.txt",
    "show_running-config.txt": "cisco_ios/show_running-config_as2border2.txt",
}


def sample(name: str) -> str:
    return (OUTPUTS / name).read_text(encoding="utf-8")


def archive(devices: dict[str, dict[str, str]]) -> io.BytesIO:
    """A zip of ``<hostname>/<file>`` entries: file name → sample path or text."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zipped:
        for hostname, files in devices.items():
            for name, source in files.items():
                text = source if "\n" in source else sample(source)
                zipped.writestr(f"collection/{hostname}/{name}", text)
    buffer.seek(0)
    return buffer


def collect(customer: Any, actor: Any, devices: dict[str, dict[str, str]]) -> Any:
    from netcare.collection import services

    upload = services.do_import_archive(
        customer, filename="collection.zip", source=archive(devices), actor=actor
    )
    assert upload.state == "imported", upload.error
    return upload


def border_device(customer: Any, actor: Any) -> Any:
    from netcare.inventory import services
    from netcare.inventory.models import Platform

    return services.do_create_device(
        customer,
        actor=actor,
        hostname="as2border2",
        management_address="10.1.1.2",
        platform=Platform.objects.get(slug="cisco_ios"),
    )
