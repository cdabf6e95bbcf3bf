from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

#: The django-q2 schedule that closes surveys past their answer-by time.
CLOSE_SCHEDULE = "netcare-close-surveys"
CLOSE_FUNC = "netcare.satisfaction.tasks.close_expired_surveys"


class SatisfactionConfig(AppConfig):
    """Return visits, surveys and satisfaction results (回访与满意度调查)."""

    name = "netcare.satisfaction"
    label = "satisfaction"
    verbose_name = _("Satisfaction")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from netcare.notifications.kinds import register

        register("survey_waiting", _("A satisfaction survey waits for your answers"))
        register("survey_closed", _("A satisfaction survey closed"))
        post_migrate.connect(
            _ensure_schedule, sender=self, dispatch_uid="netcare_satisfaction_close"
        )


def _ensure_schedule(**kwargs: object) -> None:
    """Create (or repair) the hourly schedule that closes expired surveys."""
    from django_q.models import Schedule

    Schedule.objects.update_or_create(
        name=CLOSE_SCHEDULE,
        defaults={"func": CLOSE_FUNC, "schedule_type": Schedule.HOURLY, "repeats": -1},
    )
