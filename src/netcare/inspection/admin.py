"""Admin views of inspection records, read-only: every change goes through the services
(marks, plans, step states) so it is validated and audited."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from netcare.inspection.models import (
    Finding,
    FindingMark,
    HardeningPlan,
    HardeningStep,
    InspectionRun,
)


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(InspectionRun)
class InspectionRunAdmin(ReadOnly):
    list_display = ["id", "customer", "state", "score", "created", "finished"]
    list_filter = ["state"]


@admin.register(Finding)
class FindingAdmin(ReadOnly):
    list_display = ["run", "customer", "device", "rule_id", "subject", "severity", "status"]
    list_filter = ["severity", "status", "change"]
    search_fields = ["rule_id", "subject", "device__hostname"]


@admin.register(FindingMark)
class FindingMarkAdmin(ReadOnly):
    list_display = ["customer", "device", "rule_id", "kind", "owner", "expires_on"]
    list_filter = ["kind"]


@admin.register(HardeningPlan)
class HardeningPlanAdmin(ReadOnly):
    list_display = ["title", "customer", "run", "state", "created"]


@admin.register(HardeningStep)
class HardeningStepAdmin(ReadOnly):
    list_display = ["plan", "device", "rule_id", "batch", "risk", "state"]
    list_filter = ["state", "risk"]
