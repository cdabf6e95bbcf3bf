from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Tenant base model, the access rule, audit log and background jobs."""

    name = "netcare.core"
    label = "core"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from netcare.core import audit, signin

        audit.connect_signals()
        signin.connect_signals()
