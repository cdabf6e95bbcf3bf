"""API for change assurance and critical-period assurance.

Changes: list and read (customer users their own, reviewer-only members the ones they
review), POST to file one (multipart with the plan document, or JSON), and one action
per step: ``reviewer`` (name one), ``submit``, ``roster``, ``move`` (schedule, start),
``event``, ``complete``, ``publish``. Reviews: read; ``decide`` is the named reviewer's.
Critical periods: list, read, POST to open one, ``roster``, ``item``, ``event``,
``move``, ``summary``, ``publish``; checklist items: read, ``tick``. Writes go through
``assurance.services``; what the caller may not see answers 404, what it may see but
not do 403.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import exceptions, serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from netcare.assurance.forms import staff_people
from netcare.assurance.models import (
    ChangeAssurance,
    ChecklistItem,
    CriticalPeriod,
    EventLog,
    Review,
    RosterEntry,
)
from netcare.assurance.services import changes, periods, reviews, rosters
from netcare.core.rest import (
    CustomerCodeField,
    PersonNameField,
    PublishedSerializer,
    RecordSerializer,
    TenantModelViewSet,
    TenantReadOnlyViewSet,
    VisiblePrimaryKeyRelatedField,
    customer_for_write,
    staff_reads,
    validated,
)
from netcare.customers.models import Site
from netcare.inspection.models import HardeningStep
from netcare.inventory.models import Device


def _person(username: str, people: Any, field: str) -> Any:
    found = people.filter(username=username).first()
    if found is None:
        raise exceptions.ValidationError({field: [f"no such person here: {username}"]})
    return found


class ChangeReviewSerializer(RecordSerializer[Review]):
    customer = CustomerCodeField()
    reviewer = PersonNameField()
    reviewer_login = serializers.CharField(source="reviewer.username", read_only=True)
    # Plain text, so the schema's enums of other apps' "decision"s do not collide.
    decision = serializers.CharField(
        read_only=True, help_text="'' (pending) | approve | approve_with_conditions | reject"
    )
    speciality = serializers.CharField(read_only=True, help_text="product_support | industry | rnd")

    class Meta:
        model = Review
        fields = [
            "id",
            "customer",
            "change",
            "reviewer",
            "reviewer_login",
            "speciality",
            "required",
            "round",
            "decision",
            "conditions",
            "comments",
            "named_at",
            "decided_at",
        ]


class AssuranceRosterEntrySerializer(RecordSerializer[RosterEntry]):
    person = PersonNameField()
    mode = serializers.CharField(read_only=True, help_text="remote | onsite")

    class Meta:
        model = RosterEntry
        fields = [
            "id",
            "person",
            "mode",
            "starts_at",
            "ends_at",
            "duty",
            "hours_onsite",
            "hours_travel",
            "ledger_entry",
        ]


class AssuranceEventSerializer(RecordSerializer[EventLog]):
    author = PersonNameField()

    class Meta:
        model = EventLog
        fields = ["id", "at", "text", "author"]


class ChangeSerializer(RecordSerializer[ChangeAssurance]):
    customer = CustomerCodeField()
    state = serializers.CharField(
        read_only=True,
        help_text="draft | in_review | returned | approved | scheduled | in_progress | "
        "completed | published",
    )
    outcome = serializers.CharField(
        read_only=True, help_text="'' | success | rolled_back | partial"
    )
    owner = PersonNameField()
    reviews = ChangeReviewSerializer(many=True, read_only=True)

    class Meta:
        model = ChangeAssurance
        fields = [
            "id",
            "customer",
            "request",
            "title",
            "state",
            "owner",
            "purpose",
            "devices",
            "plan_name",
            "steps",
            "rollback",
            "starts_at",
            "ends_at",
            "round",
            "hardening_steps",
            "reviews",
            "outcome",
            "verification",
            "follow_ups",
            "completed_at",
            "deliverable",
            "created",
            "updated",
        ]
        # The vendor's working material (hardening steps): left out for customer users.
        staff_only_fields = ["hardening_steps"]

    def to_representation(self, instance: ChangeAssurance) -> dict[str, Any]:
        data: dict[str, Any] = super().to_representation(instance)
        # Hardening steps are the vendor's working material: ids only for its staff.
        if not staff_reads(self.context, instance.customer_id):
            data.pop("hardening_steps", None)
        return data


class _RosterAndEventsSerializer(serializers.Serializer[Any]):
    """The roster and event log a change and a critical period both keep, read with the
    one engagement they belong to (``rosters`` serves both)."""

    roster = serializers.SerializerMethodField()
    events = serializers.SerializerMethodField()

    @extend_schema_field(AssuranceRosterEntrySerializer(many=True))
    def get_roster(self, obj: Any) -> list[dict[str, Any]]:
        return AssuranceRosterEntrySerializer(rosters.roster_of(obj), many=True).data  # type: ignore[return-value]

    @extend_schema_field(AssuranceEventSerializer(many=True))
    def get_events(self, obj: Any) -> list[dict[str, Any]]:
        return AssuranceEventSerializer(rosters.events_of(obj), many=True).data  # type: ignore[return-value]


class ChangeDetailSerializer(_RosterAndEventsSerializer, ChangeSerializer):
    """One change with its roster and event log."""

    class Meta(ChangeSerializer.Meta):
        fields = [*ChangeSerializer.Meta.fields, "roster", "events"]


class ChangeFileSerializer(serializers.Serializer[Any]):
    customer = serializers.CharField(required=False, help_text="the customer's code (staff)")
    title = serializers.CharField(max_length=200)
    purpose = serializers.CharField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    devices = VisiblePrimaryKeyRelatedField(
        queryset=Device.objects.all(), many=True, required=False
    )
    steps = serializers.CharField(required=False, allow_blank=True, default="")
    rollback = serializers.CharField(required=False, allow_blank=True, default="")
    plan_file = serializers.FileField(required=False)
    hardening_steps = VisiblePrimaryKeyRelatedField(
        queryset=HardeningStep.objects.all(), many=True, required=False
    )


class ChangeReviewerInputSerializer(serializers.Serializer[Any]):
    reviewer = serializers.CharField(help_text="the HQ expert's login")
    speciality = serializers.CharField(help_text="product_support | industry | rnd")
    required = serializers.BooleanField(required=False, default=True)  # type: ignore[assignment]


class ChangeDecisionSerializer(serializers.Serializer[Any]):
    decision = serializers.CharField(help_text="approve | approve_with_conditions | reject")
    conditions = serializers.CharField(required=False, allow_blank=True, default="")
    comments = serializers.CharField(required=False, allow_blank=True, default="")


class AssuranceRosterInputSerializer(serializers.Serializer[Any]):
    person = serializers.CharField(help_text="login of the vendor's staff member")
    mode = serializers.CharField(help_text="remote | onsite")
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    duty = serializers.CharField(required=False, allow_blank=True, default="")
    hours_onsite = serializers.DecimalField(
        max_digits=5, decimal_places=1, required=False, allow_null=True, default=None
    )
    hours_travel = serializers.DecimalField(
        max_digits=5, decimal_places=1, required=False, allow_null=True, default=None
    )


class AssuranceMoveSerializer(serializers.Serializer[Any]):
    target = serializers.CharField(help_text="the next state")


class AssuranceEventInputSerializer(serializers.Serializer[Any]):
    text = serializers.CharField()
    at = serializers.DateTimeField(required=False, allow_null=True, default=None)


class ChangeCompleteSerializer(serializers.Serializer[Any]):
    outcome = serializers.CharField(help_text="success | rolled_back | partial")
    verification = serializers.CharField(required=False, allow_blank=True, default="")
    follow_ups = serializers.CharField(required=False, allow_blank=True, default="")


def _roster(request: Request, engagement: Any) -> Response:
    data = dict(validated(request, AssuranceRosterInputSerializer))
    data["person"] = _person(data["person"], staff_people(engagement.customer), "person")
    entry = rosters.do_add_roster_entry(engagement, actor=request.user, **data)
    return Response(AssuranceRosterEntrySerializer(entry).data, status=status.HTTP_201_CREATED)


def _event(request: Request, engagement: Any) -> Response:
    data = validated(request, AssuranceEventInputSerializer)
    row = rosters.do_log_event(engagement, data["text"], at=data["at"], actor=request.user)
    return Response(AssuranceEventSerializer(row).data, status=status.HTTP_201_CREATED)


class ChangeViewSet(TenantModelViewSet):
    """Changes under assurance (filter by customer code and state)."""

    queryset = ChangeAssurance.objects.all()
    serializer_class = ChangeSerializer
    select_related = ("customer", "owner")
    filterset_fields = {"customer__code": ["exact"], "state": ["exact"]}
    http_method_names = ["get", "post", "head", "options"]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self) -> Any:
        return (
            super()
            .get_queryset()
            .prefetch_related(
                Prefetch("reviews", Review.objects.select_related("reviewer", "customer")),
                "devices",
                "hardening_steps",
            )
        )

    def get_serializer_class(self) -> Any:
        return ChangeDetailSerializer if self.action == "retrieve" else ChangeSerializer

    @extend_schema(
        request={
            "application/json": ChangeFileSerializer,
            "multipart/form-data": ChangeFileSerializer,
        },
        responses={201: ChangeSerializer},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        customer = customer_for_write(request, "file_changes")
        data = dict(validated(request, ChangeFileSerializer))
        data.pop("customer", None)
        change = changes.do_file_change(customer, actor=request.user, **data)
        return Response(
            ChangeSerializer(change, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=ChangeReviewerInputSerializer, responses={201: ChangeReviewSerializer})
    @action(detail=True, methods=["post"])
    def reviewer(self, request: Request, pk: str) -> Response:
        change = self.object_for("manage_changes")
        data = validated(request, ChangeReviewerInputSerializer)
        person = _person(data["reviewer"], reviews.reviewer_candidates(), "reviewer")
        review = reviews.do_name_reviewer(
            change, person, data["speciality"], required=data["required"], actor=request.user
        )
        return Response(ChangeReviewSerializer(review).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=ChangeSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str) -> Response:
        change = changes.do_submit_change(self.get_object(), actor=request.user)
        return Response(ChangeSerializer(change, context={"request": request}).data)

    @extend_schema(
        request=AssuranceRosterInputSerializer, responses={201: AssuranceRosterEntrySerializer}
    )
    @action(detail=True, methods=["post"])
    def roster(self, request: Request, pk: str) -> Response:
        change = self.object_for("manage_changes")
        return _roster(request, change)

    @extend_schema(request=AssuranceMoveSerializer, responses=ChangeSerializer)
    @action(detail=True, methods=["post"])
    def move(self, request: Request, pk: str) -> Response:
        change = self.object_for("manage_changes")
        data = validated(request, AssuranceMoveSerializer)
        target = data["target"]
        if target not in ("scheduled", "in_progress"):
            if not change.FLOW.can(change.state, target):
                change.move_to(target)  # refused with the flow's own message
            raise exceptions.ValidationError(
                {"target": ["use submit, decide, complete or publish for this move"]}
            )
        work = changes.do_start_change if target == "in_progress" else changes.do_schedule_change
        return Response(
            ChangeSerializer(work(change, actor=request.user), context={"request": request}).data
        )

    @extend_schema(request=AssuranceEventInputSerializer, responses={201: AssuranceEventSerializer})
    @action(detail=True, methods=["post"])
    def event(self, request: Request, pk: str) -> Response:
        change = self.object_for("log_assurance")
        return _event(request, change)

    @extend_schema(request=ChangeCompleteSerializer, responses=ChangeSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request: Request, pk: str) -> Response:
        change = self.object_for("manage_changes")
        data = dict(validated(request, ChangeCompleteSerializer))
        change = changes.do_complete_change(change, data.pop("outcome"), actor=request.user, **data)
        return Response(ChangeSerializer(change, context={"request": request}).data)

    @extend_schema(request=None, responses=PublishedSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str) -> Response:
        deliverable = changes.do_publish_change_record(self.get_object(), actor=request.user)
        return Response({"deliverable": deliverable.pk})


class ChangeReviewViewSet(TenantReadOnlyViewSet):
    """Reviews of change plans; POST ``decide`` records the named reviewer's decision."""

    queryset = Review.objects.all()
    serializer_class = ChangeReviewSerializer
    select_related = ("customer", "reviewer")
    filterset_fields = ["change", "round"]

    @extend_schema(request=ChangeDecisionSerializer, responses=ChangeReviewSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str) -> Response:
        review = self.get_object()
        data = validated(request, ChangeDecisionSerializer)
        review = reviews.do_record_decision(review, actor=request.user, **data)
        return Response(ChangeReviewSerializer(review).data)


class ChecklistItemSerializer(RecordSerializer[ChecklistItem]):
    customer = CustomerCodeField()
    phase = serializers.CharField(read_only=True, help_text="before | during | after")
    done_by = PersonNameField()

    class Meta:
        model = ChecklistItem
        fields = [
            "id",
            "customer",
            "period",
            "phase",
            "order",
            "text_zh",
            "text_en",
            "done",
            "done_by",
            "done_at",
            "note",
        ]


class CriticalPeriodSerializer(RecordSerializer[CriticalPeriod]):
    customer = CustomerCodeField()
    state = serializers.CharField(
        read_only=True, help_text="preparing | underway | follow_up | published"
    )
    owner = PersonNameField()
    items = ChecklistItemSerializer(many=True, read_only=True)

    class Meta:
        model = CriticalPeriod
        fields = [
            "id",
            "customer",
            "request",
            "title",
            "state",
            "owner",
            "event",
            "sites",
            "devices",
            "starts_at",
            "ends_at",
            "items",
            "summary",
            "issues",
            "follow_ups",
            "deliverable",
            "created",
            "updated",
        ]


class CriticalPeriodDetailSerializer(_RosterAndEventsSerializer, CriticalPeriodSerializer):
    """One critical period with its roster and event log."""

    class Meta(CriticalPeriodSerializer.Meta):
        fields = [*CriticalPeriodSerializer.Meta.fields, "roster", "events"]


class CriticalPeriodOpenSerializer(serializers.Serializer[Any]):
    customer = serializers.CharField(help_text="the customer's code")
    title = serializers.CharField(max_length=200)
    event = serializers.CharField(required=False, allow_blank=True, default="")
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    sites = VisiblePrimaryKeyRelatedField(queryset=Site.objects.all(), many=True, required=False)
    devices = VisiblePrimaryKeyRelatedField(
        queryset=Device.objects.all(), many=True, required=False
    )


class ChecklistItemInputSerializer(serializers.Serializer[Any]):
    phase = serializers.CharField(help_text="before | during | after")
    text_zh = serializers.CharField(max_length=300)
    text_en = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class ChecklistTickSerializer(serializers.Serializer[Any]):
    done = serializers.BooleanField(required=False, default=True)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class PeriodSummarySerializer(serializers.Serializer[Any]):
    summary = serializers.CharField()
    issues = serializers.CharField(required=False, allow_blank=True, default="")
    follow_ups = serializers.CharField(required=False, allow_blank=True, default="")


class CriticalPeriodViewSet(TenantModelViewSet):
    """Critical periods (filter by customer code and state)."""

    queryset = CriticalPeriod.objects.all()
    serializer_class = CriticalPeriodSerializer
    select_related = ("customer", "owner")
    filterset_fields = {"customer__code": ["exact"], "state": ["exact"]}
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> Any:
        return (
            super()
            .get_queryset()
            .prefetch_related(
                Prefetch("items", ChecklistItem.objects.select_related("done_by", "customer")),
                "sites",
                "devices",
            )
        )

    def get_serializer_class(self) -> Any:
        return (
            CriticalPeriodDetailSerializer
            if self.action == "retrieve"
            else CriticalPeriodSerializer
        )

    @extend_schema(request=CriticalPeriodOpenSerializer, responses={201: CriticalPeriodSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        customer = customer_for_write(request, "manage_periods")
        data = dict(validated(request, CriticalPeriodOpenSerializer))
        data.pop("customer")
        period = periods.do_open_period(customer, actor=request.user, **data)
        return Response(CriticalPeriodSerializer(period).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=AssuranceRosterInputSerializer, responses={201: AssuranceRosterEntrySerializer}
    )
    @action(detail=True, methods=["post"])
    def roster(self, request: Request, pk: str) -> Response:
        period = self.object_for("manage_periods")
        return _roster(request, period)

    @extend_schema(request=ChecklistItemInputSerializer, responses={201: ChecklistItemSerializer})
    @action(detail=True, methods=["post"])
    def item(self, request: Request, pk: str) -> Response:
        period = self.object_for("manage_periods")
        data = validated(request, ChecklistItemInputSerializer)
        row = periods.do_add_item(
            period, data["phase"], data["text_zh"], text_en=data["text_en"], actor=request.user
        )
        return Response(ChecklistItemSerializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=AssuranceEventInputSerializer, responses={201: AssuranceEventSerializer})
    @action(detail=True, methods=["post"])
    def event(self, request: Request, pk: str) -> Response:
        period = self.object_for("log_assurance")
        return _event(request, period)

    @extend_schema(request=AssuranceMoveSerializer, responses=CriticalPeriodSerializer)
    @action(detail=True, methods=["post"])
    def move(self, request: Request, pk: str) -> Response:
        period = self.object_for("manage_periods")
        data = validated(request, AssuranceMoveSerializer)
        period = periods.do_move_period(period, data["target"], actor=request.user)
        return Response(CriticalPeriodSerializer(period).data)

    @extend_schema(request=PeriodSummarySerializer, responses=CriticalPeriodSerializer)
    @action(detail=True, methods=["post"])
    def summary(self, request: Request, pk: str) -> Response:
        period = self.object_for("manage_periods")
        data = validated(request, PeriodSummarySerializer)
        period = periods.do_write_summary(period, actor=request.user, **data)
        return Response(CriticalPeriodSerializer(period).data)

    @extend_schema(request=None, responses=PublishedSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str) -> Response:
        deliverable = periods.do_publish_period_record(self.get_object(), actor=request.user)
        return Response({"deliverable": deliverable.pk})


class ChecklistItemViewSet(TenantReadOnlyViewSet):
    """Checklist items of critical periods; POST ``tick`` ticks (or unticks) one."""

    queryset = ChecklistItem.objects.all()
    serializer_class = ChecklistItemSerializer
    select_related = ("customer", "done_by", "period")
    filterset_fields = ["period", "phase", "done"]

    @extend_schema(request=ChecklistTickSerializer, responses=ChecklistItemSerializer)
    @action(detail=True, methods=["post"])
    def tick(self, request: Request, pk: str) -> Response:
        item = self.object_for("log_assurance")
        data = validated(request, ChecklistTickSerializer)
        item = periods.do_tick_item(item, actor=request.user, **data)
        return Response(ChecklistItemSerializer(item).data)


ROUTES = [
    ("changes", ChangeViewSet, "change"),
    ("change-reviews", ChangeReviewViewSet, "change-review"),
    ("critical-periods", CriticalPeriodViewSet, "critical-period"),
    ("checklist-items", ChecklistItemViewSet, "checklist-item"),
]
