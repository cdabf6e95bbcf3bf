"""Demo inventory: one login and a device spreadsheet per demo customer.

The spreadsheets in ``data/demo/`` go through the same import service as a user's
upload (ECCB and SNEN with Chinese headers, XHMG in English with vendor-ish platform
names), so the demo proves the import path. Running it twice changes nothing: rows
come back "unchanged" and the logins are rewritten with the same values.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from netcare.customers.models import Customer
from netcare.inventory import services
from netcare.inventory.models import Credential

DATA = Path(__file__).parent / "data" / "demo"
#: Demo-only login for the simulated devices; never a real password.
DEMO_DEVICE_PASSWORD = "netcare-demo-device"  # noqa: S105


def load_credentials(summary: Any) -> None:
    """One demo login (read-only collection account) per demo customer."""
    for path in sorted(DATA.glob("*.csv")):
        customer = Customer.objects.filter(code=path.stem).first()
        if customer is None:
            continue
        name = f"{customer.code}-netcare-ro"
        secrets = {"password": DEMO_DEVICE_PASSWORD, "enable_secret": DEMO_DEVICE_PASSWORD}
        existing = Credential.objects.filter(customer=customer, name=name).first()
        if existing is None:
            services.do_create_credential(
                customer, actor=None, name=name, username="netcare", **secrets
            )
        else:
            services.do_update_credential(existing, actor=None, username="netcare", **secrets)


def import_devices(summary: Any) -> None:
    """About sixty devices across the demo customers, imported from their spreadsheets."""
    for path in sorted(DATA.glob("*.csv")):
        customer = Customer.objects.filter(code=path.stem).first()
        if customer is None:
            continue
        result = services.do_import_devices(
            customer, filename=path.name, data=path.read_bytes(), dry_run=False, actor=None
        )
        if not result.ok:
            problems = [f"row {i.row} {i.column}: {i.message}" for i in result.issues]
            raise RuntimeError(
                f"demo inventory {path.name} refused: {result.file_error or problems}"
            )


STEPS = [load_credentials, import_devices]
