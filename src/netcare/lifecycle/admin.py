"""Admin views of lifecycle records, read-only: every change goes through the services
(imports, annotations, targets, assessments, notices, feeds) so it is validated, audited
and followed by the matching it needs."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from netcare.lifecycle.models import (
    Advisory,
    AdvisoryImport,
    AdvisoryRevision,
    Exploitation,
    Exposure,
    ExposureChange,
    Feed,
    Release,
    RiskNotice,
    RiskScore,
    TargetRelease,
    VersionAssessment,
)


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Release)
class ReleaseAdmin(ReadOnly):
    list_display = ["platform", "version", "train", "release_date", "end_of_support", "recommended"]
    list_filter = ["platform", "recommended"]
    search_fields = ["version"]


@admin.register(Advisory)
class AdvisoryAdmin(ReadOnly):
    list_display = ["key", "kind", "severity", "cvss_score", "published", "source_format"]
    list_filter = ["kind", "severity", "source_format"]
    search_fields = ["key", "title"]


@admin.register(AdvisoryRevision)
class AdvisoryRevisionAdmin(ReadOnly):
    list_display = ["advisory", "revision", "replaced", "replaced_by"]


@admin.register(AdvisoryImport)
class AdvisoryImportAdmin(ReadOnly):
    list_display = ["id", "source", "state", "feed", "created", "created_by"]
    list_filter = ["state"]


@admin.register(Exploitation)
class ExploitationAdmin(ReadOnly):
    list_display = ["cve", "known_exploited", "kev_added", "ransomware", "epss"]
    list_filter = ["known_exploited", "ransomware"]
    search_fields = ["cve"]


@admin.register(Feed)
class FeedAdmin(ReadOnly):
    list_display = ["name", "kind", "location", "every_hours", "enabled", "last_run", "last_state"]
    list_filter = ["kind", "enabled"]


@admin.register(TargetRelease)
class TargetReleaseAdmin(ReadOnly):
    list_display = ["customer", "platform", "model", "device", "release", "set_by", "updated"]
    list_filter = ["platform"]


@admin.register(Exposure)
class ExposureAdmin(ReadOnly):
    list_display = ["customer", "device", "advisory", "status", "reason", "since", "checked"]
    list_filter = ["status", "reason"]
    search_fields = ["device__hostname", "advisory__key"]


@admin.register(ExposureChange)
class ExposureChangeAdmin(ReadOnly):
    list_display = ["exposure", "before", "after", "reason", "at"]


@admin.register(VersionAssessment)
class VersionAssessmentAdmin(ReadOnly):
    list_display = ["id", "customer", "period", "score", "level", "created", "deliverable"]


@admin.register(RiskScore)
class RiskScoreAdmin(ReadOnly):
    list_display = ["assessment", "customer", "device", "platform", "version", "value", "level"]
    list_filter = ["level"]


@admin.register(RiskNotice)
class RiskNoticeAdmin(ReadOnly):
    list_display = ["id", "customer", "advisory", "state", "created", "deliverable"]
    list_filter = ["state"]
