"""API for technical proposal assessments and technology workshops.

Customer users submit proposals (multipart upload) and ask for workshops, and read their
own; an assessment's reviewers, findings and conclusion reach them once published, a
workshop's attendees, minutes and follow-ups once its minutes are published. The rest is
the L2 expert's (assign, book, schedule, record, publish) and the reviewers' (findings).
Writes go through ``consulting.services``.
"""

from __future__ import annotations

from typing import Any

from django.http import FileResponse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from netcare.consulting.forms import TEXT
from netcare.consulting.models import (
    Area,
    Assessment,
    AssessmentFinding,
    FollowUp,
    Severity,
    Speciality,
    Workshop,
    WorkshopAttendee,
)
from netcare.consulting.services import assessments, workshops
from netcare.core.rest import (
    CustomerCodeField,
    PersonNameField,
    PublishedSerializer,
    RecordSerializer,
    TenantModelViewSet,
    TenantReadOnlyViewSet,
    VisibleUserField,
    customer_for_write,
    staff_reads,
    validated,
)


class ProposalReviewerRowSerializer(serializers.Serializer[Any]):
    user = serializers.CharField(source="user.username")
    name = PersonNameField(source="user")
    speciality = serializers.CharField()


class ProposalFindingSerializer(RecordSerializer[AssessmentFinding]):
    author = PersonNameField()

    class Meta:
        model = AssessmentFinding
        fields = [
            "id",
            "assessment",
            "area",
            "severity",
            "finding",
            "risk",
            "recommendation",
            "author",
            "created",
        ]


class ProposalAssessmentSerializer(RecordSerializer[Assessment]):
    customer = CustomerCodeField()
    state = serializers.CharField(
        read_only=True, help_text="submitted | in_review | assessed | published"
    )
    owner = PersonNameField()

    class Meta:
        model = Assessment
        fields = [
            "id",
            "customer",
            "request",
            "title",
            "proposal_kind",
            "context",
            "state",
            "owner",
            "file_name",
            "file_type",
            "file_size",
            "summary",
            "conclusion",
            "assessed_at",
            "deliverable",
            "created",
        ]
        #: The review's content reaches the customer's users once published.
        review_fields = ["summary", "conclusion", "assessed_at"]

    def to_representation(self, instance: Assessment) -> dict[str, Any]:
        data: dict[str, Any] = super().to_representation(instance)
        shown = instance.is_published or staff_reads(self.context, instance.customer_id)
        if not shown:
            for name in self.Meta.review_fields:  # empty, as an unwritten review reads
                data[name] = None if name == "assessed_at" else ""
        data["reviewers"] = (
            ProposalReviewerRowSerializer(list(instance.reviewers.all()), many=True).data
            if shown
            else []
        )
        return data


class ProposalSubmitSerializer(serializers.Serializer[Any]):
    file = serializers.FileField(help_text="the proposal (pdf, docx, pptx, xlsx, vsdx, md, txt…)")
    customer = serializers.CharField(required=False, help_text="the customer's code (staff)")
    title = serializers.CharField(max_length=200, validators=TEXT)
    proposal_kind = serializers.ChoiceField(choices=Assessment.ProposalKind.choices)
    # ``context`` is the serializer's own attribute, hence the name.
    background = serializers.CharField(
        validators=TEXT, help_text="the proposal's context: goals, constraints, what to look at"
    )
    wanted_date = serializers.DateField(required=False, allow_null=True, default=None)


class ConsultingStaffSerializer(serializers.Serializer[Any]):
    user = VisibleUserField()
    speciality = serializers.ChoiceField(
        choices=[("", "—"), *Speciality.choices], required=False, default=""
    )


class ProposalFindingInputSerializer(serializers.Serializer[Any]):
    area = serializers.ChoiceField(choices=Area.choices)
    severity = serializers.ChoiceField(choices=Severity.choices)
    finding = serializers.CharField(validators=TEXT)
    risk = serializers.CharField(validators=TEXT, required=False, allow_blank=True, default="")
    recommendation = serializers.CharField(validators=TEXT)


class ProposalConcludeSerializer(serializers.Serializer[Any]):
    summary = serializers.CharField(validators=TEXT, required=False, allow_blank=True, default="")
    conclusion = serializers.CharField(validators=TEXT)


class ProposalAssessmentViewSet(TenantModelViewSet):
    """Proposal assessments (customer users: their submissions; the review once
    published). POST (multipart: file, title, proposal_kind, background; staff add
    ``customer``) submits a proposal; ``reviewers`` assigns one (RAM); ``findings``
    records one (an assigned reviewer); ``conclude`` ends the review; ``publish``
    publishes the report; GET ``file`` returns the proposal as uploaded."""

    queryset = Assessment.objects.all()
    serializer_class = ProposalAssessmentSerializer
    select_related = ("customer", "owner")
    filterset_fields = ["customer__code", "state", "proposal_kind"]
    http_method_names = ["get", "post", "head", "options"]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self) -> Any:
        return super().get_queryset().prefetch_related("reviewers__user")

    @extend_schema(
        request={"multipart/form-data": ProposalSubmitSerializer},
        responses={201: ProposalAssessmentSerializer},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        customer = customer_for_write(request, "raise_requests")
        data = validated(request, ProposalSubmitSerializer)
        upload = data["file"]
        row = assessments.do_submit_proposal(
            customer,
            title=data["title"],
            proposal_kind=data["proposal_kind"],
            context=data["background"],
            file_name=upload.name,
            data=upload.read(),
            wanted_date=data["wanted_date"],
            actor=request.user,
        )
        body = ProposalAssessmentSerializer(row, context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={(200, "application/octet-stream"): bytes})
    @action(detail=True, methods=["get"])
    def file(self, request: Request, pk: str) -> FileResponse:
        row = self.get_object()
        return FileResponse(
            assessments.proposal_path(row).open("rb"),
            as_attachment=True,
            filename=row.file_name,
            content_type="application/octet-stream",  # as uploaded, whatever its kind
        )

    @extend_schema(
        request=ConsultingStaffSerializer, responses={201: ProposalReviewerRowSerializer}
    )
    @action(detail=True, methods=["post"])
    def reviewers(self, request: Request, pk: str) -> Response:
        row = self.object_for("manage_consulting")
        data = validated(request, ConsultingStaffSerializer)
        reviewer = assessments.do_assign_reviewer(row, actor=request.user, **data)
        return Response(
            ProposalReviewerRowSerializer(reviewer).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        request=ProposalFindingInputSerializer, responses={201: ProposalFindingSerializer}
    )
    @action(detail=True, methods=["post"])
    def findings(self, request: Request, pk: str) -> Response:
        row = self.object_for("review_proposals")
        data = validated(request, ProposalFindingInputSerializer)
        finding = assessments.do_record_finding(row, actor=request.user, **data)
        return Response(ProposalFindingSerializer(finding).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ProposalConcludeSerializer, responses=ProposalAssessmentSerializer)
    @action(detail=True, methods=["post"])
    def conclude(self, request: Request, pk: str) -> Response:
        row = self.object_for("manage_consulting")
        data = validated(request, ProposalConcludeSerializer)
        row = assessments.do_conclude(row, actor=request.user, **data)
        return Response(ProposalAssessmentSerializer(row, context={"request": request}).data)

    @extend_schema(request=None, responses=PublishedSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str) -> Response:
        deliverable = assessments.do_publish_assessment(self.get_object(), actor=request.user)
        return Response({"deliverable": deliverable.pk})


class ProposalFindingViewSet(TenantReadOnlyViewSet):
    """Findings on proposals (filter by assessment, area, severity); customer users see
    those of published assessments."""

    queryset = AssessmentFinding.objects.all()
    serializer_class = ProposalFindingSerializer
    select_related = ("author",)
    filterset_fields = ["assessment", "area", "severity"]


class WorkshopExpertRowSerializer(serializers.Serializer[Any]):
    user = serializers.CharField(source="user.username")
    name = PersonNameField(source="user")
    speciality = serializers.CharField()


class WorkshopAttendeeSerializer(RecordSerializer[WorkshopAttendee]):
    class Meta:
        model = WorkshopAttendee
        fields = ["id", "side", "name", "title"]


class WorkshopFollowUpSerializer(RecordSerializer[FollowUp]):
    class Meta:
        model = FollowUp
        fields = ["id", "workshop", "text", "owner", "due", "done", "done_at"]


class WorkshopSerializer(RecordSerializer[Workshop]):
    customer = CustomerCodeField()
    state = serializers.CharField(
        read_only=True, help_text="requested | scheduled | held | minutes_published | cancelled"
    )
    owner = PersonNameField()

    class Meta:
        model = Workshop
        fields = [
            "id",
            "customer",
            "request",
            "title",
            "description",
            "state",
            "owner",
            "starts_at",
            "ends_at",
            "place",
            "online_link",
            "minutes",
            "cancel_reason",
            "deliverable",
            "created",
        ]

    def to_representation(self, instance: Workshop) -> dict[str, Any]:
        data: dict[str, Any] = super().to_representation(instance)
        shown = instance.minutes_released or staff_reads(self.context, instance.customer_id)
        data["experts"] = WorkshopExpertRowSerializer(list(instance.experts.all()), many=True).data
        if shown:
            data["attendees"] = WorkshopAttendeeSerializer(
                list(instance.attendees.all()), many=True
            ).data
        else:
            data["minutes"] = ""
            data["attendees"] = []
        return data


class WorkshopAskSerializer(serializers.Serializer[Any]):
    customer = serializers.CharField(required=False, help_text="the customer's code (staff)")
    topic = serializers.CharField(max_length=200, validators=TEXT)
    description = serializers.CharField(
        validators=TEXT, required=False, allow_blank=True, default=""
    )
    wanted_date = serializers.DateField(required=False, allow_null=True, default=None)


class WorkshopScheduleSerializer(serializers.Serializer[Any]):
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    place = serializers.CharField(
        validators=TEXT, max_length=200, required=False, allow_blank=True, default=""
    )
    online_link = serializers.URLField(max_length=300, required=False, allow_blank=True, default="")


class WorkshopAttendeeInputSerializer(serializers.Serializer[Any]):
    side = serializers.ChoiceField(choices=WorkshopAttendee.Side.choices)
    name = serializers.CharField(max_length=100, validators=TEXT)
    title = serializers.CharField(
        max_length=100, validators=TEXT, required=False, allow_blank=True, default=""
    )


class WorkshopMinutesSerializer(serializers.Serializer[Any]):
    minutes = serializers.CharField(validators=TEXT)


class WorkshopFollowUpInputSerializer(serializers.Serializer[Any]):
    text = serializers.CharField(validators=TEXT)
    owner = serializers.CharField(max_length=100, validators=TEXT)
    due = serializers.DateField()


class WorkshopCancelSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(validators=TEXT)


class WorkshopFollowUpDoneSerializer(serializers.Serializer[Any]):
    done = serializers.BooleanField()


class WorkshopViewSet(TenantModelViewSet):
    """Technology workshops. POST (topic, description; staff add ``customer``) asks for
    one; the RAM then ``experts`` (book), ``schedule``, ``attendees``, ``held``,
    ``minutes``, ``follow-ups``, ``cancel`` and ``publish`` (the minutes)."""

    queryset = Workshop.objects.all()
    serializer_class = WorkshopSerializer
    select_related = ("customer", "owner")
    filterset_fields = ["customer__code", "state"]
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> Any:
        return super().get_queryset().prefetch_related("experts__user", "attendees")

    def _form(
        self, request: Request, serializer: type[serializers.Serializer[Any]]
    ) -> tuple[Workshop, dict[str, Any]]:
        row = self.object_for("manage_consulting")
        return row, dict(validated(request, serializer))

    def _answer(self, request: Request, row: Workshop) -> Response:
        return Response(WorkshopSerializer(row, context={"request": request}).data)

    @extend_schema(request=WorkshopAskSerializer, responses={201: WorkshopSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        customer = customer_for_write(request, "raise_requests")
        data = validated(request, WorkshopAskSerializer)
        row = workshops.do_request_workshop(
            customer,
            topic=data["topic"],
            description=data["description"],
            wanted_date=data["wanted_date"],
            actor=request.user,
        )
        body = WorkshopSerializer(row, context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(request=ConsultingStaffSerializer, responses={201: WorkshopExpertRowSerializer})
    @action(detail=True, methods=["post"])
    def experts(self, request: Request, pk: str) -> Response:
        row, data = self._form(request, ConsultingStaffSerializer)
        booked = workshops.do_book_expert(row, actor=request.user, **data)
        return Response(WorkshopExpertRowSerializer(booked).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=WorkshopScheduleSerializer, responses=WorkshopSerializer)
    @action(detail=True, methods=["post"])
    def schedule(self, request: Request, pk: str) -> Response:
        row, data = self._form(request, WorkshopScheduleSerializer)
        return self._answer(
            request, workshops.do_schedule_workshop(row, actor=request.user, **data)
        )

    @extend_schema(
        request=WorkshopAttendeeInputSerializer, responses={201: WorkshopAttendeeSerializer}
    )
    @action(detail=True, methods=["post"])
    def attendees(self, request: Request, pk: str) -> Response:
        row, data = self._form(request, WorkshopAttendeeInputSerializer)
        attendee = workshops.do_add_attendee(row, actor=request.user, **data)
        return Response(WorkshopAttendeeSerializer(attendee).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=WorkshopSerializer)
    @action(detail=True, methods=["post"])
    def held(self, request: Request, pk: str) -> Response:
        row = self.object_for("manage_consulting")
        return self._answer(request, workshops.do_mark_held(row, actor=request.user))

    @extend_schema(request=WorkshopMinutesSerializer, responses=WorkshopSerializer)
    @action(detail=True, methods=["post"])
    def minutes(self, request: Request, pk: str) -> Response:
        row, data = self._form(request, WorkshopMinutesSerializer)
        return self._answer(
            request, workshops.do_record_minutes(row, data["minutes"], actor=request.user)
        )

    @extend_schema(
        request=WorkshopFollowUpInputSerializer, responses={201: WorkshopFollowUpSerializer}
    )
    @action(detail=True, methods=["post"], url_path="follow-ups", url_name="follow-ups")
    def follow_ups(self, request: Request, pk: str) -> Response:
        row, data = self._form(request, WorkshopFollowUpInputSerializer)
        follow_up = workshops.do_add_follow_up(row, actor=request.user, **data)
        return Response(WorkshopFollowUpSerializer(follow_up).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=WorkshopCancelSerializer, responses=WorkshopSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str) -> Response:
        row, data = self._form(request, WorkshopCancelSerializer)
        return self._answer(
            request, workshops.do_cancel_workshop(row, reason=data["reason"], actor=request.user)
        )

    @extend_schema(request=None, responses=PublishedSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str) -> Response:
        deliverable = workshops.do_publish_minutes(self.get_object(), actor=request.user)
        return Response({"deliverable": deliverable.pk})


class WorkshopFollowUpViewSet(TenantReadOnlyViewSet):
    """Workshop follow-ups (filter by workshop, done); customer users see those of
    published minutes. POST ``done`` marks one done or open (RAM)."""

    queryset = FollowUp.objects.all()
    serializer_class = WorkshopFollowUpSerializer
    filterset_fields = ["workshop", "done"]

    @extend_schema(request=WorkshopFollowUpDoneSerializer, responses=WorkshopFollowUpSerializer)
    @action(detail=True, methods=["post"])
    def done(self, request: Request, pk: str) -> Response:
        row = self.object_for("manage_consulting")
        data = validated(request, WorkshopFollowUpDoneSerializer)
        row = workshops.do_set_follow_up_done(row, data["done"], actor=request.user)
        return Response(WorkshopFollowUpSerializer(row).data)


ROUTES = [
    ("proposal-assessments", ProposalAssessmentViewSet, "proposal-assessment"),
    ("assessment-findings", ProposalFindingViewSet, "assessment-finding"),
    ("workshops", WorkshopViewSet, "workshop"),
    ("workshop-follow-ups", WorkshopFollowUpViewSet, "workshop-follow-up"),
]
