"""API for collections: jobs with per-device runs, raw outputs, uploads, device facts.

Jobs, runs, outputs and uploads are vendor staff's (customer users get 404); facts are
part of a device's record and visible to whoever sees the device, the configuration in
them with its secrets masked for all but the vendor's staff. Starting a collection
and importing an archive need the ``collect`` permission: 403 for a user who sees the
customer but may not, 404 for one who does not see it.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from netcare.api.schema import answer_or_refusal
from netcare.collection import services
from netcare.collection.models import CollectionJob, DeviceRun, Fact, RawOutput, Upload
from netcare.collection.parsing.secrets import mask_secrets
from netcare.core import access
from netcare.core.rest import RecordSerializer, TenantReadOnlyViewSet, customer_for_write
from netcare.customers.models import Customer


class DeviceRunSerializer(RecordSerializer[DeviceRun]):
    class Meta:
        model = DeviceRun
        fields = [
            "id",
            "collection_job",
            "device",
            "hostname",
            "address",
            "platform",
            "status",
            "message",
            "elapsed",
            "attempts",
            "commands",
            "commands_ok",
            "finished",
        ]


class CollectionJobSerializer(RecordSerializer[CollectionJob]):
    customer: serializers.SlugRelatedField[Customer] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    percent = serializers.IntegerField(read_only=True)

    class Meta:
        model = CollectionJob
        fields = [
            "id",
            "customer",
            "method",
            "state",
            "job",
            "upload",
            "device_query",
            "timeout",
            "retries",
            "total",
            "done",
            "succeeded",
            "percent",
            "created",
            "started",
            "finished",
        ]


class CollectionJobDetailSerializer(CollectionJobSerializer):
    runs = DeviceRunSerializer(many=True, read_only=True)

    class Meta(CollectionJobSerializer.Meta):
        fields = [*CollectionJobSerializer.Meta.fields, "runs"]


class StartSerializer(serializers.Serializer[Any]):
    customer = serializers.CharField()
    devices = serializers.CharField(required=False, allow_blank=True, default="")
    timeout = serializers.FloatField(required=False, default=services.DEFAULT_TIMEOUT, min_value=5)
    retries = serializers.IntegerField(required=False, default=1, min_value=0, max_value=5)


class CollectionJobViewSet(TenantReadOnlyViewSet):
    """Collection jobs of the customers the caller serves, newest first."""

    queryset = CollectionJob.objects.all()
    select_related = ("customer",)
    filterset_fields = ["customer__code", "method", "state"]
    ordering_fields = ["created", "finished"]

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        if self.action == "retrieve":
            return CollectionJobDetailSerializer
        if self.action == "start":
            return StartSerializer
        return CollectionJobSerializer

    def get_queryset(self) -> QuerySet[Any]:
        queryset = super().get_queryset()
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("runs")
        return queryset

    @extend_schema(request=StartSerializer, responses={202: CollectionJobSerializer})
    @action(detail=False, methods=["post"])
    def start(self, request: Request) -> Response:
        """Start an SSH collection: ``customer`` code, ``devices`` query (empty: all)."""
        customer = customer_for_write(request, "collect")
        form = StartSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        job = services.do_start_collection(
            customer,
            actor=request.user,
            query=form.validated_data["devices"],
            timeout=form.validated_data["timeout"],
            retries=form.validated_data["retries"],
        )
        return Response(CollectionJobSerializer(job).data, status=status.HTTP_202_ACCEPTED)


class DeviceRunViewSet(TenantReadOnlyViewSet):
    """Per-device outcomes of collection jobs (filter by ``collection_job``, ``device``)."""

    queryset = DeviceRun.objects.all()
    serializer_class = DeviceRunSerializer
    filterset_fields = ["collection_job", "device", "status", "platform"]
    search_fields = ["hostname"]


class RawOutputSerializer(RecordSerializer[RawOutput]):
    class Meta:
        model = RawOutput
        fields = [
            "id",
            "device",
            "run",
            "upload",
            "hostname",
            "platform",
            "command",
            "command_key",
            "encoding",
            "hints",
            "error",
            "complete",
            "source",
            "size",
            "sha256",
            "collected_at",
        ]


class RawOutputDetailSerializer(RawOutputSerializer):
    class Meta(RawOutputSerializer.Meta):
        fields = [*RawOutputSerializer.Meta.fields, "text"]


class RawOutputFilter(django_filters.FilterSet):
    latest = django_filters.BooleanFilter(method="filter_latest", label="newest per command only")

    class Meta:
        model = RawOutput
        fields = ["device", "run", "upload", "command_key", "platform"]

    def filter_latest(self, queryset: QuerySet[Any], name: str, value: bool) -> QuerySet[Any]:
        if not value:
            return queryset
        device = self.data.get("device")
        if not device:
            raise serializers.ValidationError({"latest": "give device= with latest=true"})
        ids = [row.pk for row in services.latest_outputs_of(queryset.filter(device=device))]
        return queryset.filter(pk__in=ids)


class RawOutputViewSet(TenantReadOnlyViewSet):
    """Raw outputs, text in the detail only; ``?device=ID&latest=true`` for a device page."""

    queryset = RawOutput.objects.all()
    filterset_class = RawOutputFilter
    ordering_fields = ["collected_at", "hostname", "command_key"]

    def get_queryset(self) -> QuerySet[Any]:
        queryset = super().get_queryset()
        if self.action == "list":
            queryset = queryset.defer("text")
        return queryset

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        return RawOutputDetailSerializer if self.action == "retrieve" else RawOutputSerializer


class UploadSerializer(RecordSerializer[Upload]):
    customer: serializers.SlugRelatedField[Customer] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )

    class Meta:
        model = Upload
        fields = [
            "id",
            "customer",
            "method",
            "original_name",
            "size",
            "sha256",
            "state",
            "error",
            "report",
            "visit",
            "uploaded_at",
        ]


@extend_schema_serializer(component_name="ArchiveImport")
class ImportSerializer(serializers.Serializer[Any]):
    file = serializers.FileField()
    customer = serializers.CharField()
    method = serializers.ChoiceField(choices=["", "kit", "manual"], required=False, default="")
    visit_date = serializers.DateField(required=False, allow_null=True, default=None)
    hours_onsite = serializers.DecimalField(
        max_digits=5, decimal_places=1, min_value=0, required=False, allow_null=True, default=None
    )
    hours_travel = serializers.DecimalField(
        max_digits=5, decimal_places=1, min_value=0, required=False, allow_null=True, default=None
    )
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class UploadViewSet(TenantReadOnlyViewSet):
    """Uploaded archives with their per-file report; POST ``import/`` to upload one."""

    queryset = Upload.objects.all()
    select_related = ("customer",)
    filterset_fields = ["customer__code", "state", "method"]

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        return ImportSerializer if self.action == "import_archive" else UploadSerializer

    @extend_schema(
        request=ImportSerializer,
        responses={201: UploadSerializer, 400: answer_or_refusal("Upload")},
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="import",
        url_name="import",
        parser_classes=[MultiPartParser, FormParser],
    )
    def import_archive(self, request: Request) -> Response:
        """Import a zip/tar.gz (multipart ``file``, ``customer`` code, ``method``).

        ``method=manual`` records the field engineer's visit (``visit_date``,
        ``hours_onsite``, ``hours_travel``, ``note``); the contract decides whether it
        uses onsite person-days, booked only when the import succeeds. 201 with the report
        when imported; 400 with the reason when refused (the upload is kept either way).
        """
        customer = customer_for_write(request, "collect")
        form = ImportSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        manual = data["method"] == "manual"
        try:
            upload = services.do_import_archive(
                customer,
                filename=data["file"].name,
                source=data["file"],
                actor=request.user,
                method=data["method"] or None,
                visit=services.VisitInput.from_form(data) if manual else None,
            )
        except ValidationError as exc:
            raise serializers.ValidationError(exc.message_dict) from exc
        code = 201 if upload.state == Upload.State.IMPORTED else 400
        return Response(UploadSerializer(upload).data, status=code)


class FactSerializer(RecordSerializer[Fact]):
    """A device's facts; the configuration in them is shown with its secrets masked to
    anyone but the vendor's staff for that customer (configurations are staff data)."""

    hostname = serializers.CharField(source="device.hostname", read_only=True)

    class Meta:
        model = Fact
        fields = ["id", "device", "hostname", "platform", "collected_at", "method", "facts"]

    def to_representation(self, instance: Fact) -> dict[str, Any]:
        data: dict[str, Any] = super().to_representation(instance)
        facts = data.get("facts")
        request = self.context.get("request")
        staff = request is not None and access.is_staff_for(request.user, instance.customer_id)
        if isinstance(facts, dict) and facts.get("config_text") and not staff:
            data["facts"] = {**facts, "config_text": mask_secrets(str(facts["config_text"]))}
        return data


class FactViewSet(TenantReadOnlyViewSet):
    """The latest normalised facts per device (filter ``device``, ``platform``)."""

    queryset = Fact.objects.all()
    serializer_class = FactSerializer
    select_related = ("device",)
    filterset_fields = ["device", "platform", "customer__code"]


ROUTES = [
    ("collection-jobs", CollectionJobViewSet, "collection-job"),
    ("device-runs", DeviceRunViewSet, "device-run"),
    ("raw-outputs", RawOutputViewSet, "raw-output"),
    ("uploads", UploadViewSet, "upload"),
    ("facts", FactViewSet, "fact"),
]
