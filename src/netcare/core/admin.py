from django.contrib import admin
from django.http import HttpRequest

from netcare.core.models import AuditEvent, Job


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The audit trail, read-only: events are evidence and are never edited."""

    list_display = ["time", "actor_label", "action", "object_type", "object_repr", "customer"]
    list_filter = ["action", "object_type"]
    search_fields = ["actor_label", "object_repr", "object_id"]
    date_hierarchy = "time"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["id", "kind", "customer", "status", "progress", "created", "finished"]
    list_filter = ["status", "kind"]
    readonly_fields = ["log", "result", "error", "started", "finished", "attempts"]
