"""Onsite technical support against the person-day quota (现场技术支持)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OnsiteConfig(AppConfig):
    """Onsite technical support against the person-day quota (现场技术支持)."""

    name = "netcare.onsite"
    label = "onsite"
    verbose_name = _("Onsite support")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from netcare.notifications.kinds import register

        register("onsite_dispatched", _("You are dispatched on site"))
        register("onsite_quota_low", _("Less than one onsite person-day is left"))
