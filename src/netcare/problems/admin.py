"""Admin views of problem-management records, read-only: tickets change only through an
import or a push, and the expert's work, reviews and daily reports through the services,
so every change is validated and audited."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from netcare.problems.models import (
    ColumnMapping,
    DailyReport,
    Escalation,
    ProblemReview,
    ProgressEntry,
    ScopeAgreement,
    Ticket,
    TicketImport,
)


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ColumnMapping)
class ColumnMappingAdmin(ReadOnly):
    list_display = ["name", "created_by", "updated"]
    search_fields = ["name"]


@admin.register(TicketImport)
class TicketImportAdmin(ReadOnly):
    list_display = ["id", "customer", "source", "mapping", "state", "created", "created_by"]
    list_filter = ["state"]


@admin.register(Ticket)
class TicketAdmin(ReadOnly):
    list_display = [
        "number",
        "customer",
        "title",
        "severity",
        "status",
        "opened",
        "closed",
        "root_cause",
        "important",
    ]
    list_filter = ["severity", "status", "root_cause", "important"]
    search_fields = ["number", "title", "hostname"]


@admin.register(ProgressEntry)
class ProgressEntryAdmin(ReadOnly):
    list_display = ["ticket", "at", "author", "customer"]


@admin.register(ProblemReview)
class ProblemReviewAdmin(ReadOnly):
    list_display = ["customer", "quarter", "period_start", "period_end", "state", "deliverable"]
    list_filter = ["state"]


@admin.register(ScopeAgreement)
class ScopeAgreementAdmin(ReadOnly):
    list_display = ["review", "agreed_on", "customer_party", "expert", "field_engineer"]


@admin.register(Escalation)
class EscalationAdmin(ReadOnly):
    list_display = ["ticket", "customer", "escalated_at", "created_by"]


@admin.register(DailyReport)
class DailyReportAdmin(ReadOnly):
    list_display = ["ticket", "customer", "day", "state", "sent_at", "sent_by"]
    list_filter = ["state"]
