"""The demo: three customers with their teams, loaded and run end to end.

``run_demo`` is idempotent: run twice on the same data directory it updates what is
there and adds nothing twice. Each capability adds its step to ``STEPS``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.db import transaction

DATA = Path(__file__).parent / "data"
#: Demo password, printed by ``netcare demo``; never used outside the demo.
DEMO_PASSWORD = "netcare-demo"  # noqa: S105


@dataclass
class DemoSummary:
    """What the demo loaded and produced, for the console and for tests."""

    customers: list[str] = field(default_factory=list)
    logins: list[tuple[str, str]] = field(default_factory=list)
    reports: list[Path] = field(default_factory=list)
    jobs: list[str] = field(default_factory=list)

    def render(self) -> Any:
        from rich.table import Table

        table = Table(title=f"NetCare demo — password for every login: {DEMO_PASSWORD}")
        table.add_column("login")
        table.add_column("role")
        for username, role in self.logins:
            table.add_row(username, role)
        table.caption = (
            f"customers: {', '.join(self.customers)} · reports: {len(self.reports)} in "
            f"{settings.REPORTS_DIR} · jobs: {', '.join(self.jobs) or '-'}"
        )
        return table


def load_tenants(summary: DemoSummary) -> None:
    """Customers, sites, contacts, users and memberships from ``data/tenants.yaml``."""
    from netcare.customers import services
    from netcare.customers.models import Contact, Customer, Site

    spec = yaml.safe_load((DATA / "tenants.yaml").read_text(encoding="utf-8"))
    for item in spec["customers"]:
        sites = item.pop("sites")
        contacts = item.pop("contacts")
        customer, _ = Customer.objects.update_or_create(code=item["code"], defaults=item)
        by_name = {}
        for site in sites:
            by_name[site["name"]], _ = Site.objects.update_or_create(
                customer=customer, name=site["name"], defaults=site
            )
        for contact in contacts:
            contact["site"] = by_name.get(contact.pop("site", ""))
            Contact.objects.update_or_create(
                customer=customer, name=contact["name"], defaults=contact
            )
        summary.customers.append(customer.code)
    codes = {c.code: c for c in Customer.objects.filter(code__in=summary.customers)}
    for user_spec in spec["users"]:
        user = services.do_create_user(
            user_spec["username"],
            password=DEMO_PASSWORD,
            actor=None,
            email=user_spec["email"],
            full_name=user_spec["full_name"],
            is_superuser=user_spec.get("superuser", False),
        )
        roles = user_spec.get("roles", {})
        for code, role in roles.items():
            services.do_grant_membership(user, codes[code], role, actor=None)
        label = (
            "admin"
            if user_spec.get("superuser")
            else ", ".join(f"{role}@{code}" for code, role in roles.items())
        )
        summary.logins.append((user.username, label))


def run_self_check(summary: DemoSummary) -> None:
    """Run the self-check through the task queue (synchronously) to prove it works."""
    from netcare.core.jobs import enqueue_job

    with transaction.atomic():
        job = enqueue_job("self_check", "netcare.core.tasks.self_check", sync=True)
    job.refresh_from_db()
    summary.jobs.append(f"self_check={job.status}")


#: Apps that add demo steps, in pipeline order: ``netcare.<app>.demo.STEPS``.
DEMO_APPS = [
    "contracts",
    "inventory",
    "collection",
    # Onsite before delivery: the entitlement statement and mid-term review that the
    # delivery demo writes show ECCB's onsite person-days, which the onsite visits book.
    "onsite",
    "delivery",
    "inspection",
    "lifecycle",
    "problems",
    "knowledge",
    "guides",
    "care",
    "satisfaction",
    "assurance",
    "consulting",
]


def steps() -> list[Callable[[DemoSummary], None]]:
    """The demo's steps in order: tenants, then each app's, then the queue self-check."""
    from importlib import import_module

    found: list[Callable[[DemoSummary], None]] = [load_tenants]
    for name in DEMO_APPS:
        try:
            module = import_module(f"netcare.{name}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"netcare.{name}.demo":
                raise
            continue
        found.extend(module.STEPS)
    found.append(run_self_check)
    return found


def run_demo(console: Any = None) -> DemoSummary:
    settings.REPORTS_DIR.mkdir(parents=True, exist_ok=True)
    summary = DemoSummary()
    for step in steps():
        if console is not None:
            console.log(f"demo: {step.__doc__.splitlines()[0] if step.__doc__ else step.__name__}")
        step(summary)
    summary.reports = sorted(p for p in settings.REPORTS_DIR.rglob("*") if p.is_file())
    return summary
