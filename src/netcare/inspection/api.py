"""API for inspections: runs (POST starts one as a Job), device results, findings (with
marks), hardening plans (POST from finding ids) and their steps (state changes).

All of it is vendor staff's working material: customer users get 404, as for any
object they may not see, and read what the expert publishes (the reports). Writes go
through ``inspection.services``; a user who sees the customer but may not do the
operation gets 403.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from netcare.collection.models import CollectionJob
from netcare.core.rest import (
    PublishedSerializer,
    RecordSerializer,
    TenantModelViewSet,
    TenantReadOnlyViewSet,
    VisiblePrimaryKeyRelatedField,
    VisibleUserField,
    customer_for_write,
)
from netcare.customers.models import Customer
from netcare.inspection import services
from netcare.inspection.models import (
    DeviceInspection,
    Finding,
    FindingMark,
    HardeningPlan,
    HardeningStep,
    InspectionRun,
)


class InspectionRunSerializer(RecordSerializer[InspectionRun]):
    customer: serializers.SlugRelatedField[Customer] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )

    class Meta:
        model = InspectionRun
        fields = [
            "id",
            "customer",
            "collection_job",
            "state",
            "packs",
            "score",
            "dimensions",
            "counts",
            "comparison",
            "previous",
            "job",
            "deliverable",
            "error",
            "created",
            "started",
            "finished",
        ]


class InspectionStartSerializer(serializers.Serializer[Any]):
    customer = serializers.CharField(required=False)
    collection_job = VisiblePrimaryKeyRelatedField(
        queryset=CollectionJob.objects.all(), required=False, allow_null=True, default=None
    )


class InspectionRunViewSet(TenantModelViewSet):
    """Inspections of the customers the caller serves, newest first; POST starts one
    (``customer`` code, optional ``collection_job``; else each device's latest facts)."""

    queryset = InspectionRun.objects.all()
    serializer_class = InspectionRunSerializer
    select_related = ("customer",)
    filterset_fields = ["customer__code", "state"]
    http_method_names = ["get", "post", "head", "options"]

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        return InspectionStartSerializer if self.action == "create" else InspectionRunSerializer

    @extend_schema(request=InspectionStartSerializer, responses={202: InspectionRunSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        customer = customer_for_write(request, services.runs.RUN_ACTION)
        form = InspectionStartSerializer(data=request.data, context={"request": request})
        form.is_valid(raise_exception=True)
        run = services.do_run_inspection(
            customer, actor=request.user, collection_job=form.validated_data["collection_job"]
        )
        return Response(InspectionRunSerializer(run).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(request=None, responses={200: PublishedSerializer})
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str) -> Response:
        """Publish the inspection report and findings workbook (completes the obligation)."""
        deliverable = services.do_publish_inspection(self.get_object(), actor=request.user)
        return Response({"deliverable": deliverable.pk})


class DeviceInspectionSerializer(RecordSerializer[DeviceInspection]):
    class Meta:
        model = DeviceInspection
        fields = [
            "id",
            "run",
            "device",
            "hostname",
            "platform",
            "score",
            "dimensions",
            "deductions",
            "passed",
            "not_assessed",
            "collected_at",
        ]


class DeviceInspectionViewSet(TenantReadOnlyViewSet):
    """Each device's health score, deductions and not-assessed rules, per inspection."""

    queryset = DeviceInspection.objects.all()
    serializer_class = DeviceInspectionSerializer
    filterset_fields = ["run", "device"]


class FindingSerializer(RecordSerializer[Finding]):
    hostname = serializers.CharField(source="device.hostname", read_only=True)

    class Meta:
        model = Finding
        fields = [
            "id",
            "run",
            "device",
            "hostname",
            "rule_id",
            "pack",
            "pack_version",
            "severity",
            "category",
            "subject",
            "title_zh",
            "title_en",
            "why_zh",
            "why_en",
            "recommendation_zh",
            "recommendation_en",
            "reference",
            "evidence",
            "fingerprint",
            "hardening",
            "first_seen",
            "last_seen",
            "change",
            "status",
            "status_changed_at",
            "mark",
        ]


class MarkSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=FindingMark.Kind.choices)
    reason = serializers.CharField()
    expires_on = serializers.DateField()
    owner = VisibleUserField(required=False, allow_null=True, default=None)


class FindingMarkSerializer(RecordSerializer[FindingMark]):
    owner: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="username", read_only=True
    )

    class Meta:
        model = FindingMark
        fields = [
            "id",
            "device",
            "rule_id",
            "subject",
            "fingerprint",
            "kind",
            "reason",
            "owner",
            "expires_on",
            "created",
        ]


class FindingViewSet(TenantReadOnlyViewSet):
    """Findings (filter by ``run``, ``device``, ``severity``, ``category``, ``status``);
    POST ``mark/`` marks one as an accepted risk or a false positive."""

    queryset = Finding.objects.all()
    serializer_class = FindingSerializer
    select_related = ("device",)
    filterset_fields = ["run", "device", "severity", "category", "status", "change", "rule_id"]

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        return MarkSerializer if self.action == "mark" else FindingSerializer

    @extend_schema(request=MarkSerializer, responses={201: FindingMarkSerializer})
    @action(detail=True, methods=["post"])
    def mark(self, request: Request, pk: str) -> Response:
        finding = self.get_object()
        form = MarkSerializer(data=request.data, context={"request": request})
        form.is_valid(raise_exception=True)
        mark = services.do_mark_finding(finding, actor=request.user, **form.validated_data)
        return Response(FindingMarkSerializer(mark).data, status=status.HTTP_201_CREATED)


class FindingMarkViewSet(TenantReadOnlyViewSet):
    """Marks in force or expired; POST ``remove/`` takes one back (findings reopen)."""

    queryset = FindingMark.objects.all()
    serializer_class = FindingMarkSerializer
    select_related = ("owner",)
    filterset_fields = ["device", "kind", "rule_id"]

    @extend_schema(request=None, responses={204: None})
    @action(detail=True, methods=["post"])
    def remove(self, request: Request, pk: str) -> Response:
        services.do_unmark(self.get_object(), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class HardeningStepSerializer(RecordSerializer[HardeningStep]):
    hostname = serializers.CharField(source="device.hostname", read_only=True)

    class Meta:
        model = HardeningStep
        fields = [
            "id",
            "plan",
            "device",
            "hostname",
            "finding",
            "rule_id",
            "subject",
            "platform",
            "batch",
            "order",
            "intended",
            "remediation",
            "rollback",
            "precheck",
            "postcheck",
            "impact_zh",
            "impact_en",
            "window",
            "risk",
            "unplaced",
            "state",
            "applied_at",
            "verified_at",
        ]


class HardeningPlanSerializer(RecordSerializer[HardeningPlan]):
    class Meta:
        model = HardeningPlan
        fields = [
            "id",
            "run",
            "title",
            "state",
            "vars",
            "problems",
            "deliverable",
            "created",
        ]


class PlanCreateSerializer(serializers.Serializer[Any]):
    run = VisiblePrimaryKeyRelatedField(queryset=InspectionRun.objects.all())
    findings = serializers.ListField(child=serializers.IntegerField(), min_length=1)
    title = serializers.CharField(required=False, allow_blank=True, default="")
    vars = serializers.DictField(required=False, default=dict)


class HardeningPlanViewSet(TenantModelViewSet):
    """Hardening plans; POST makes one from an inspection's finding ids."""

    queryset = HardeningPlan.objects.all()
    serializer_class = HardeningPlanSerializer
    filterset_fields = ["run", "state"]
    http_method_names = ["get", "post", "head", "options"]

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        return PlanCreateSerializer if self.action == "create" else HardeningPlanSerializer

    @extend_schema(request=PlanCreateSerializer, responses={201: HardeningPlanSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        form = PlanCreateSerializer(data=request.data, context={"request": request})
        form.is_valid(raise_exception=True)
        data = form.validated_data
        plan = services.do_create_hardening_plan(
            data["run"],
            data["findings"],
            actor=request.user,
            vars=data["vars"],
            title=data["title"],
        )
        return Response(HardeningPlanSerializer(plan).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: PublishedSerializer})
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str) -> Response:
        """Publish the hardening plan and the scripts (completes the obligation)."""
        deliverable = services.do_publish_hardening(self.get_object(), actor=request.user)
        return Response({"deliverable": deliverable.pk})


class StepStateSerializer(serializers.Serializer[Any]):
    state = serializers.ChoiceField(choices=HardeningStep.State.choices)


class HardeningStepViewSet(TenantModelViewSet):
    """Steps of hardening plans (filter by ``plan``, ``device``, ``state``); PATCH
    ``state`` records that a step was applied (or verified, or taken back)."""

    queryset = HardeningStep.objects.all()
    serializer_class = HardeningStepSerializer
    select_related = ("device",)
    filterset_fields = ["plan", "device", "state", "batch"]
    http_method_names = ["get", "patch", "head", "options"]

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        return StepStateSerializer if self.action == "partial_update" else HardeningStepSerializer

    @extend_schema(request=StepStateSerializer, responses={200: HardeningStepSerializer})
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        step = self.get_object()
        form = StepStateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        step = services.do_set_step_state(step, form.validated_data["state"], actor=request.user)
        return Response(HardeningStepSerializer(step).data)


ROUTES = [
    ("inspection-runs", InspectionRunViewSet, "inspection-run"),
    ("device-inspections", DeviceInspectionViewSet, "device-inspection"),
    ("findings", FindingViewSet, "finding"),
    ("finding-marks", FindingMarkViewSet, "finding-mark"),
    ("hardening-plans", HardeningPlanViewSet, "hardening-plan"),
    ("hardening-steps", HardeningStepViewSet, "hardening-step"),
]
