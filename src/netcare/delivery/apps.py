from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

#: The django-q2 schedule that runs the reminder sweep.
REMINDER_SCHEDULE = "netcare-reminders"


class DeliveryConfig(AppConfig):
    """The service itself: plans, obligations, contacts, requests, deliverables."""

    name = "netcare.delivery"
    label = "delivery"
    verbose_name = _("Delivery")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from netcare.contracts.signals import contract_activated, contract_amended
        from netcare.delivery.services import plans
        from netcare.notifications.kinds import register

        register("plan_changes_requested", _("Customer asked for changes to the plan"))

        contract_activated.connect(
            plans.on_contract_activated, dispatch_uid="netcare_delivery_start_service"
        )
        contract_amended.connect(plans.on_contract_amended, dispatch_uid="netcare_delivery_replan")
        post_migrate.connect(
            _ensure_schedule, sender=self, dispatch_uid="netcare_delivery_reminder_schedule"
        )


def _ensure_schedule(**kwargs: object) -> None:
    """Create (or repair) the hourly reminder schedule; idempotent after every migrate."""
    from django_q.models import Schedule

    schedule, created = Schedule.objects.get_or_create(
        name=REMINDER_SCHEDULE,
        defaults={
            "func": "netcare.delivery.tasks.run_reminders",
            "schedule_type": Schedule.HOURLY,
            "repeats": -1,
        },
    )
    if not created and (schedule.func, schedule.schedule_type) != (
        "netcare.delivery.tasks.run_reminders",
        Schedule.HOURLY,
    ):
        schedule.func = "netcare.delivery.tasks.run_reminders"
        schedule.schedule_type = Schedule.HOURLY
        schedule.save(update_fields=["func", "schedule_type"])
