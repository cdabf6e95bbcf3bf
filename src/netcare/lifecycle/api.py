"""API for software lifecycle: the release catalog, advisories (import, feature
annotation), imports and feeds — the vendor's shared data, read by its staff — and per
customer: exposures, target releases, version assessments with their risk scores, risk
notices, and the version summary.

Customer users get 404 on all of it, as for anything they may not see: they read what
the expert publishes. Writes go through ``lifecycle.services``.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from netcare.core import access
from netcare.core.rest import (
    CatalogSlugRelatedField,
    PublishedSerializer,
    RecordSerializer,
    TenantModelViewSet,
    TenantReadOnlyViewSet,
    VisiblePrimaryKeyRelatedField,
    VisibleSlugRelatedField,
    customer_for_write,
)
from netcare.inventory.models import Device, Platform
from netcare.lifecycle.models import (
    Advisory,
    AdvisoryImport,
    Exploitation,
    Exposure,
    Feed,
    Release,
    RiskNotice,
    RiskScore,
    TargetRelease,
    VersionAssessment,
)
from netcare.lifecycle.services import advisories as advisory_services
from netcare.lifecycle.services import assessments, feeds, imports, publishing, targets


class ReleaseSerializer(RecordSerializer[Release]):
    platform: serializers.SlugRelatedField[Platform] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )

    class Meta:
        model = Release
        fields = [
            "id",
            "platform",
            "version",
            "train",
            "release_date",
            "end_of_sale",
            "end_of_support",
            "recommended",
            "notes",
        ]


class ReleaseViewSet(TenantReadOnlyViewSet):
    """The release catalog, in release order per platform (import it as a CSV through
    ``advisories/import``)."""

    queryset = Release.objects.all()
    serializer_class = ReleaseSerializer
    select_related = ("platform",)
    filterset_fields = ["platform__slug", "recommended"]


class AdvisoryFilter(django_filters.FilterSet):
    platform = django_filters.CharFilter(method="by_platform")
    exploited = django_filters.BooleanFilter(method="by_exploited")

    class Meta:
        model = Advisory
        fields = ["kind", "severity", "key", "source_format"]

    def by_platform(self, queryset: QuerySet[Advisory], name: str, value: str) -> Any:
        ids = [pk for pk, names in queryset.values_list("pk", "platforms") if value in names]
        return queryset.filter(pk__in=ids)

    def by_exploited(self, queryset: QuerySet[Advisory], name: str, value: bool) -> Any:
        cves = set(Exploitation.objects.filter(known_exploited=True).values_list("cve", flat=True))
        rows = queryset.values_list("pk", "cves", "adp_exploitation")
        ids = [pk for pk, cv, adp in rows if (bool(cves & set(cv)) or adp == "active") == value]
        return queryset.filter(pk__in=ids)


class AdvisorySerializer(RecordSerializer[Advisory]):
    class Meta:
        model = Advisory
        fields = [
            "id",
            "key",
            "kind",
            "title",
            "summary",
            "cves",
            "severity",
            "cvss_score",
            "cvss_vector",
            "published",
            "updated_on",
            "url",
            "workaround",
            "remediation",
            "recommended_release",
            "platforms",
            "products",
            "feature_any_of",
            "feature_text",
            "feature_source",
            "adp_exploitation",
            "source_format",
            "source_file",
            "revision",
            "first_seen",
            "changed",
        ]


class ImportSerializer(serializers.Serializer[Any]):
    files = serializers.ListField(child=serializers.FileField(), allow_empty=False)


class AnnotateSerializer(serializers.Serializer[Any]):
    features = serializers.ListField(child=serializers.CharField(), allow_empty=True)
    text = serializers.CharField(required=False, allow_blank=True, default="")


class AdvisoryImportSerializer(RecordSerializer[AdvisoryImport]):
    class Meta:
        model = AdvisoryImport
        fields = ["id", "source", "state", "counts", "error", "feed", "created"]


class AdvisoryViewSet(TenantReadOnlyViewSet):
    """Advisories (filter by kind, severity, platform, exploited); POST ``import`` with
    files (CSAF, CVE JSON 5, vendor CSV/XLSX, KEV JSON, EPSS CSV, release CSV) imports
    them all or nothing; POST ``annotate`` sets the feature condition."""

    queryset = Advisory.objects.all()
    serializer_class = AdvisorySerializer
    filterset_class = AdvisoryFilter
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(request=ImportSerializer, responses={201: AdvisoryImportSerializer})
    @action(detail=False, methods=["post"], url_path="import")
    def import_files(self, request: Request) -> Response:
        form = ImportSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        try:
            record = imports.do_import_uploads(form.validated_data["files"], actor=request.user)
        except imports.ImportRefused as exc:
            body = AdvisoryImportSerializer(exc.record).data
            return Response(body, status=status.HTTP_400_BAD_REQUEST)
        return Response(AdvisoryImportSerializer(record).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=AnnotateSerializer, responses={200: AdvisorySerializer})
    @action(detail=True, methods=["post"])
    def annotate(self, request: Request, pk: str) -> Response:
        advisory = self.get_object()
        form = AnnotateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        advisory = advisory_services.do_annotate_feature(
            advisory,
            form.validated_data["features"],
            text=form.validated_data["text"],
            actor=request.user,
        )
        return Response(AdvisorySerializer(advisory).data)


class AdvisoryImportViewSet(TenantReadOnlyViewSet):
    """Every import, newest first, with its counts or the reason it was refused."""

    queryset = AdvisoryImport.objects.all()
    serializer_class = AdvisoryImportSerializer
    filterset_fields = ["state", "feed"]


class FeedSerializer(serializers.ModelSerializer[Feed]):
    class Meta:
        model = Feed
        fields = [
            "id",
            "name",
            "kind",
            "location",
            "every_hours",
            "enabled",
            "last_run",
            "last_state",
            "last_error",
        ]
        read_only_fields = ["last_run", "last_state", "last_error"]


class FeedViewSet(TenantModelViewSet):
    """Feeds of advisories, KEV, EPSS or releases (a folder or an HTTP(S) URL) with their
    schedule; admins create and change them, POST ``refresh`` runs one now."""

    queryset = Feed.objects.all()
    serializer_class = FeedSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def perform_create(self, serializer: Any) -> None:
        serializer.instance = feeds.do_save_feed(
            Feed(), actor=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer: Any) -> None:
        serializer.instance = feeds.do_save_feed(
            serializer.instance, actor=self.request.user, **serializer.validated_data
        )

    @extend_schema(request=None, responses={200: FeedSerializer})
    @action(detail=True, methods=["post"])
    def refresh(self, request: Request, pk: str) -> Response:
        feed = self.get_object()
        feeds.do_refresh_feed(feed, actor=request.user)
        return Response(FeedSerializer(feed).data)


class ExposureFilter(django_filters.FilterSet):
    customer = django_filters.CharFilter(field_name="customer__code")
    severity = django_filters.CharFilter(field_name="advisory__severity")
    kind = django_filters.CharFilter(field_name="advisory__kind")
    exploited = django_filters.BooleanFilter(method="by_exploited")

    class Meta:
        model = Exposure
        fields = ["status", "device", "advisory", "reason"]

    def by_exploited(self, queryset: QuerySet[Exposure], name: str, value: bool) -> Any:
        cves = set(Exploitation.objects.filter(known_exploited=True).values_list("cve", flat=True))
        rows = queryset.values_list("pk", "advisory__cves", "advisory__adp_exploitation")
        ids = [pk for pk, cv, adp in rows if (bool(cves & set(cv)) or adp == "active") == value]
        return queryset.filter(pk__in=ids)


class ExposureSerializer(RecordSerializer[Exposure]):
    hostname = serializers.CharField(source="device.hostname", read_only=True)
    advisory_key = serializers.CharField(source="advisory.key", read_only=True)
    severity = serializers.CharField(source="advisory.severity", read_only=True)

    class Meta:
        model = Exposure
        fields = [
            "id",
            "device",
            "hostname",
            "advisory",
            "advisory_key",
            "severity",
            "status",
            "reason",
            "detail_zh",
            "detail_en",
            "matched_range",
            "fixed",
            "version",
            "since",
            "checked",
        ]


class ExposureViewSet(TenantReadOnlyViewSet):
    """Every device × advisory of a platform the device runs, with status and reason
    (filter by customer, status, severity, kind, exploited, device, advisory)."""

    queryset = Exposure.objects.all()
    serializer_class = ExposureSerializer
    select_related = ("device", "advisory")
    filterset_class = ExposureFilter


class TargetSerializer(serializers.ModelSerializer[TargetRelease]):
    customer: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    platform = CatalogSlugRelatedField(slug_field="slug", queryset=Platform.objects.all())
    device = VisiblePrimaryKeyRelatedField(
        queryset=Device.objects.all(), required=False, allow_null=True, default=None
    )

    class Meta:
        model = TargetRelease
        fields = ["id", "customer", "platform", "model", "device", "release", "reason", "updated"]
        read_only_fields = ["updated"]
        # The service replaces a rule of the same scope: no unique-together check here
        # (DRF would derive one from the scope constraint and make ``model`` required).
        validators: list[Any] = []


class TargetReleaseViewSet(TenantModelViewSet):
    """The customer's target releases (device > model > platform); POST with
    ``customer`` code sets one (replacing the same scope), DELETE removes it."""

    queryset = TargetRelease.objects.all()
    serializer_class = TargetSerializer
    select_related = ("customer", "platform")
    filterset_fields = ["customer__code", "platform__slug"]
    http_method_names = ["get", "post", "delete", "head", "options"]

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        customer = customer_for_write(request, "manage_targets")
        form = TargetSerializer(data=request.data, context={"request": request})
        form.is_valid(raise_exception=True)
        data = form.validated_data
        row = targets.do_set_target(
            customer,
            platform=data["platform"],
            release=data["release"],
            model=data.get("model", ""),
            device=data.get("device"),
            reason=data.get("reason", ""),
            actor=request.user,
        )
        return Response(TargetSerializer(row).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance: Any) -> None:
        targets.do_remove_target(instance, actor=self.request.user)


class RiskScoreSerializer(RecordSerializer[RiskScore]):
    hostname = serializers.CharField(source="device.hostname", read_only=True)

    class Meta:
        model = RiskScore
        fields = ["id", "device", "hostname", "platform", "version", "value", "level", "points"]


class AssessmentSerializer(RecordSerializer[VersionAssessment]):
    customer: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    scores = RiskScoreSerializer(many=True, read_only=True)

    class Meta:
        model = VersionAssessment
        fields = [
            "id",
            "customer",
            "period",
            "score",
            "level",
            "versions",
            "recommendations",
            "deliverable",
            "created",
            "scores",
        ]


class CustomerSerializer(serializers.Serializer[Any]):
    customer = serializers.CharField(required=False)


class VersionAssessmentViewSet(TenantModelViewSet):
    """Version assessments (版本评估): POST with ``customer`` runs one now; each device's
    risk coefficient comes with the points that make it; POST ``publish`` publishes
    the report (completes the version-assessment obligation)."""

    queryset = VersionAssessment.objects.prefetch_related("scores__device")
    serializer_class = AssessmentSerializer
    select_related = ("customer",)
    filterset_fields = ["customer__code"]
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> QuerySet[Any]:
        return super().get_queryset().prefetch_related("scores__device")

    @extend_schema(request=CustomerSerializer, responses={201: AssessmentSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        customer = customer_for_write(request, "assess_versions")
        assessment = assessments.do_assess(customer, actor=request.user)
        return Response(AssessmentSerializer(assessment).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: PublishedSerializer})
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str) -> Response:
        deliverable = publishing.do_publish_assessment(self.get_object(), actor=request.user)
        return Response({"deliverable": deliverable.pk})


class NoticeSerializer(serializers.ModelSerializer[RiskNotice]):
    customer: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    advisory = VisibleSlugRelatedField(slug_field="key", queryset=Advisory.objects.all())

    class Meta:
        model = RiskNotice
        fields = [
            "id",
            "customer",
            "advisory",
            "impact",
            "proposal",
            "state",
            "deliverable",
            "created",
        ]
        read_only_fields = ["state", "deliverable", "created"]


class RiskNoticeViewSet(TenantModelViewSet):
    """Risk notices (风险通告): POST with ``customer`` and ``advisory`` key drafts one for
    the devices exposed to it; POST ``publish`` sends it to the customer."""

    queryset = RiskNotice.objects.all()
    serializer_class = NoticeSerializer
    select_related = ("customer", "advisory")
    filterset_fields = ["customer__code", "state"]
    http_method_names = ["get", "post", "head", "options"]

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        customer = customer_for_write(request, "publish_deliverables")
        form = NoticeSerializer(data=request.data, context={"request": request})
        form.is_valid(raise_exception=True)
        data = form.validated_data
        notice = publishing.do_draft_notice(
            customer,
            data["advisory"],
            impact=data.get("impact", ""),
            proposal=data.get("proposal", ""),
            actor=request.user,
        )
        return Response(NoticeSerializer(notice).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: PublishedSerializer})
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str) -> Response:
        deliverable = publishing.do_publish_notice(self.get_object(), actor=request.user)
        return Response({"deliverable": deliverable.pk})


class VersionSummaryViewSet(viewsets.ViewSet):
    """The version summary (版本汇总表): GET gives the rows of every customer the caller
    serves as vendor staff (``?customer=CODE`` for one); POST ``publish`` with
    ``customer`` publishes the table (xlsx + docx/pdf) and completes the
    version-management obligation."""

    def _customers(self, code: str | None) -> list[Any]:
        from netcare.customers.models import Customer

        user = self.request.user
        if code:
            found = access.get_visible_or_404(Customer, user, code=code)
            access.require_staff(user, found)
            return [found]
        visible = Customer.objects.visible_to(user).order_by("code")
        return [c for c in visible if access.is_staff_for(user, c)]

    @extend_schema(
        parameters=[OpenApiParameter("customer", str, description="One customer's code.")],
        responses={200: None},
    )
    def list(self, request: Request) -> Response:
        results = [
            {
                "customer": customer.code,
                "rows": publishing.summary_rows(publishing.version_summary(customer, "en")),
            }
            for customer in self._customers(request.query_params.get("customer"))
        ]
        return Response({"results": results})

    @extend_schema(request=CustomerSerializer, responses={200: PublishedSerializer})
    @action(detail=False, methods=["post"])
    def publish(self, request: Request) -> Response:
        customer = customer_for_write(request, "publish_deliverables")
        access.require_staff(request.user, customer)
        deliverable = publishing.do_publish_summary(customer, actor=request.user)
        return Response({"deliverable": deliverable.pk})


ROUTES = [
    ("releases", ReleaseViewSet, "release"),
    ("advisories", AdvisoryViewSet, "advisory"),
    ("advisory-imports", AdvisoryImportViewSet, "advisory-import"),
    ("advisory-feeds", FeedViewSet, "advisory-feed"),
    ("exposures", ExposureViewSet, "exposure"),
    ("target-releases", TargetReleaseViewSet, "target-release"),
    ("version-assessments", VersionAssessmentViewSet, "version-assessment"),
    ("risk-notices", RiskNoticeViewSet, "risk-notice"),
    ("version-summary", VersionSummaryViewSet, "version-summary"),
]
