from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContractsConfig(AppConfig):
    """Service catalog, contracts, entitlements, quota ledger and assignments."""

    name = "netcare.contracts"
    label = "contracts"
    verbose_name = _("Contracts")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        post_migrate.connect(_sync_catalog, sender=self, dispatch_uid="netcare_sync_catalog")


def _sync_catalog(**kwargs: object) -> None:
    """Keep the catalog table in step with ``data/catalog.yaml`` after every migrate."""
    from netcare.contracts.services import sync_catalog

    sync_catalog()
