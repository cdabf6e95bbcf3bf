from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

#: The django-q2 schedule that drafts each customer's yearly guide a month before the
#: plan's ``maintenance_guide`` obligation falls due, and tells the RAM.
DRAFT_SCHEDULE = "netcare-guide-drafts"
DRAFT_FUNC = "netcare.guides.tasks.draft_guides"


class GuidesConfig(AppConfig):
    """The yearly daily-maintenance guide (日常维护指导)."""

    name = "netcare.guides"
    label = "guides"
    verbose_name = _("Maintenance guides")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from netcare.notifications.kinds import register

        register("guide_drafted", _("A maintenance guide was drafted for review"))
        post_migrate.connect(_ensure_schedule, sender=self, dispatch_uid="netcare_guides_drafts")


def _ensure_schedule(**kwargs: object) -> None:
    """Create (or repair) the daily guide-draft schedule; the work is idempotent."""
    from django_q.models import Schedule

    Schedule.objects.update_or_create(
        name=DRAFT_SCHEDULE,
        defaults={"func": DRAFT_FUNC, "schedule_type": Schedule.DAILY, "repeats": -1},
    )
