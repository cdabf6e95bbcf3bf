from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

#: The django-q2 schedule that drafts the daily progress reports each morning and tells
#: the RAM of a missed one.
DAILY_SCHEDULE = "netcare-daily-reports"
DAILY_FUNC = "netcare.problems.tasks.daily_reports"


class ProblemsConfig(AppConfig):
    """Live-network problem management (客户网上问题管理)."""

    name = "netcare.problems"
    label = "problems"
    verbose_name = _("Problem management")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from netcare.notifications.kinds import register

        register("daily_report_missed", _("A daily progress report was not sent"))
        register("importance_requested", _("The customer asks for a ticket to be important"))
        post_migrate.connect(_ensure_schedule, sender=self, dispatch_uid="netcare_problems_daily")


def _ensure_schedule(**kwargs: object) -> None:
    """Create (or repair) the daily-report schedule: every hour, so each customer's
    morning and end of day are met whatever its time zone; the work is idempotent."""
    from django_q.models import Schedule

    Schedule.objects.update_or_create(
        name=DAILY_SCHEDULE,
        defaults={"func": DAILY_FUNC, "schedule_type": Schedule.HOURLY, "repeats": -1},
    )
