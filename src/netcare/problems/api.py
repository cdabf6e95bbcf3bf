"""API for live-network problem management: tickets (import a file, push from the
support system, the expert's analysis, importance asked and decided, escalation), their
progress, the imports and saved column mappings, quarterly problem reviews (open, scope
agreement, publish) and daily progress reports (send).

Customer users read their tickets and progress, published reviews and sent daily
reports, and may ask for a ticket to be important; the rest is the vendor's. An
integration token (a user holding the ``system`` role for the customer) pushes tickets
naming the customer by code; the import records it and the audit log names it. Writes
go through ``problems.services``.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from netcare.core.rest import (
    CustomerCodeField,
    PersonNameField,
    PublishedSerializer,
    RecordSerializer,
    TenantModelViewSet,
    TenantReadOnlyViewSet,
    VisiblePrimaryKeyRelatedField,
    VisibleUserField,
    customer_for_write,
    staff_reads,
    validated,
)
from netcare.inspection.models import Finding, HardeningStep
from netcare.lifecycle.models import Advisory
from netcare.problems.analysis.stats import quarter_bounds
from netcare.problems.forms import TEXT, saved_upload
from netcare.problems.models import (
    ColumnMapping,
    DailyReport,
    Escalation,
    ProblemReview,
    ProgressEntry,
    RootCause,
    ScopeAgreement,
    Ticket,
    TicketImport,
)
from netcare.problems.services import daily, reviews, tickets


class TicketFilter(django_filters.FilterSet):
    customer = django_filters.CharFilter(field_name="customer__code")
    quarter = django_filters.CharFilter(method="opened_in", label="opened in (e.g. 2026Q3)")

    class Meta:
        model = Ticket
        fields = ["status", "severity", "important", "root_cause", "number"]

    def opened_in(self, queryset: QuerySet[Ticket], name: str, value: str) -> QuerySet[Ticket]:
        try:
            start, end = quarter_bounds(value, str(timezone.get_current_timezone()))
        except ValueError as exc:
            raise exceptions.ValidationError({"quarter": [str(exc)]}) from None
        return queryset.filter(opened__gte=start, opened__lt=end)


class TicketSerializer(RecordSerializer[Ticket]):
    customer = CustomerCodeField()

    class Meta:
        model = Ticket
        fields = [
            "id",
            "customer",
            "number",
            "title",
            "description",
            "severity",
            "status",
            "product",
            "model",
            "hostname",
            "device",
            "category",
            "symptom",
            "owner",
            "reporter",
            "opened",
            "closed",
            "root_cause",
            "root_cause_text",
            "advice",
            "finding",
            "advisory",
            "hardening_step",
            "important",
            "importance_requested",
            "last_import",
            "updated",
        ]
        # Links to the expert's working material (findings, hardening steps, imports)
        # name objects customer users cannot open.
        staff_only_fields = ["finding", "advisory", "hardening_step", "last_import"]

    def to_representation(self, instance: Ticket) -> dict[str, Any]:
        data: dict[str, Any] = super().to_representation(instance)
        if not staff_reads(self.context, instance.customer_id):
            for name in self.Meta.staff_only_fields:
                data.pop(name, None)
        return data


class TicketFileSerializer(serializers.Serializer[Any]):
    file = serializers.FileField()
    customer = serializers.CharField(help_text="the customer's code")
    mapping = serializers.CharField(required=False, allow_blank=True, default="")
    dry_run = serializers.BooleanField(required=False, default=False)


class TicketPushSerializer(serializers.Serializer[Any]):
    customer = serializers.CharField(help_text="the customer's code")
    tickets = serializers.ListField(child=serializers.DictField(), allow_empty=False)


class TicketImportOutcomeSerializer(serializers.Serializer[Any]):
    """What an import did, or for a dry run would do (nothing is written then)."""

    dry_run = serializers.BooleanField()
    counts = serializers.DictField(child=serializers.IntegerField())
    created = serializers.ListField(child=serializers.CharField())
    updated = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))
    closed = serializers.ListField(child=serializers.CharField())
    ticket_import = serializers.IntegerField(allow_null=True)


def _outcome(outcome: tickets.ImportOutcome) -> dict[str, Any]:
    return {
        "dry_run": outcome.dry_run,
        "counts": outcome.counts(),
        "created": outcome.created,
        "updated": outcome.updated,
        "closed": outcome.closed_now,
        "ticket_import": outcome.record.pk if outcome.record is not None else None,
    }


def _refused(exc: tickets.TicketsRefused) -> Response:
    body = {
        "detail": exc.messages[0] if exc.messages else "refused",
        "errors": [str(error) for error in exc.errors],
        "ticket_import": exc.record.pk if exc.record is not None else None,
    }
    return Response(body, status=status.HTTP_400_BAD_REQUEST)


class TicketAnalysisSerializer(serializers.Serializer[Any]):
    root_cause = serializers.ChoiceField(choices=[("", "—"), *RootCause.choices])
    root_cause_text = serializers.CharField(validators=TEXT, allow_blank=True, default="")
    advice = serializers.CharField(validators=TEXT, required=False, allow_blank=True, default="")
    finding = VisiblePrimaryKeyRelatedField(
        queryset=Finding.objects.all(), required=False, allow_null=True, default=None
    )
    advisory = VisiblePrimaryKeyRelatedField(
        queryset=Advisory.objects.all(), required=False, allow_null=True, default=None
    )
    hardening_step = VisiblePrimaryKeyRelatedField(
        queryset=HardeningStep.objects.all(), required=False, allow_null=True, default=None
    )


class TicketImportantSerializer(serializers.Serializer[Any]):
    important = serializers.BooleanField()


class TicketEscalateSerializer(serializers.Serializer[Any]):
    resources = serializers.CharField(
        validators=TEXT,
    )


class EscalationSerializer(RecordSerializer[Escalation]):
    created_by = PersonNameField()

    class Meta:
        model = Escalation
        fields = ["id", "ticket", "resources", "escalated_at", "created_by"]


class TicketViewSet(TenantReadOnlyViewSet):
    """Tickets (filter by customer, status, severity, important, quarter opened in, root
    cause). POST ``import`` (multipart: file, customer, mapping, dry_run) imports a
    support-system export all or nothing; POST ``push`` (JSON: customer, tickets) is the
    support system's own feed, read as a JSON file. On one ticket: ``analysis`` (the
    expert's), ``request-importance`` (the customer's users), ``important`` (the L2
    expert decides), ``escalate`` (to headquarters)."""

    queryset = Ticket.objects.all()
    serializer_class = TicketSerializer
    select_related = ("customer",)
    filterset_class = TicketFilter
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(
        request={"multipart/form-data": TicketFileSerializer},
        responses=TicketImportOutcomeSerializer,
    )
    @action(detail=False, methods=["post"], url_path="import", url_name="import-file")
    def import_file(self, request: Request) -> Response:
        customer = customer_for_write(request, "import_tickets")
        data = validated(request, TicketFileSerializer)
        try:
            with saved_upload(data["file"]) as path:
                outcome = tickets.do_import_tickets(
                    customer,
                    path,
                    actor=request.user,
                    mapping=data["mapping"],
                    dry_run=data["dry_run"],
                )
        except tickets.TicketsRefused as exc:
            return _refused(exc)
        return Response(_outcome(outcome))

    @extend_schema(request=TicketPushSerializer, responses=TicketImportOutcomeSerializer)
    @action(detail=False, methods=["post"])
    def push(self, request: Request) -> Response:
        customer = customer_for_write(request, "import_tickets")
        data = validated(request, TicketPushSerializer)
        try:
            outcome = tickets.do_push_tickets(customer, list(data["tickets"]), actor=request.user)
        except tickets.TicketsRefused as exc:
            return _refused(exc)
        return Response(_outcome(outcome))

    @extend_schema(request=TicketAnalysisSerializer, responses=TicketSerializer)
    @action(detail=True, methods=["post"])
    def analysis(self, request: Request, pk: str) -> Response:
        ticket = self.object_for("analyse_tickets")
        data = validated(request, TicketAnalysisSerializer)
        ticket = tickets.do_set_analysis(ticket, actor=request.user, **data)
        return Response(TicketSerializer(ticket, context={"request": request}).data)

    @extend_schema(request=None, responses=TicketSerializer)
    @action(detail=True, methods=["post"], url_path="request-importance")
    def request_importance(self, request: Request, pk: str) -> Response:
        ticket = tickets.do_request_importance(self.get_object(), actor=request.user)
        return Response(TicketSerializer(ticket, context={"request": request}).data)

    @extend_schema(request=TicketImportantSerializer, responses=TicketSerializer)
    @action(detail=True, methods=["post"])
    def important(self, request: Request, pk: str) -> Response:
        ticket = self.object_for("mark_important")
        data = validated(request, TicketImportantSerializer)
        ticket = tickets.do_set_important(ticket, data["important"], actor=request.user)
        return Response(TicketSerializer(ticket, context={"request": request}).data)

    @extend_schema(request=TicketEscalateSerializer, responses={201: EscalationSerializer})
    @action(detail=True, methods=["post"])
    def escalate(self, request: Request, pk: str) -> Response:
        ticket = self.object_for("mark_important")
        data = validated(request, TicketEscalateSerializer)
        row = tickets.do_escalate(ticket, data["resources"], actor=request.user)
        return Response(EscalationSerializer(row).data, status=status.HTTP_201_CREATED)


class ProgressEntrySerializer(RecordSerializer[ProgressEntry]):
    class Meta:
        model = ProgressEntry
        fields = ["id", "ticket", "at", "author", "text"]


class ProgressEntryViewSet(TenantReadOnlyViewSet):
    """Each ticket's progress log (filter by ticket), oldest first."""

    queryset = ProgressEntry.objects.all()
    serializer_class = ProgressEntrySerializer
    filterset_fields = ["ticket"]


class TicketImportSerializer(RecordSerializer[TicketImport]):
    customer = CustomerCodeField()
    # Text: as an enum it would share advisory imports' "done | refused" under one name.
    state = serializers.CharField(read_only=True, help_text="done | refused")
    created_by = PersonNameField()

    class Meta:
        model = TicketImport
        fields = [
            "id",
            "customer",
            "source",
            "mapping",
            "state",
            "counts",
            "error",
            "created_by",
            "created",
        ]


class TicketImportFilter(django_filters.FilterSet):
    customer = django_filters.CharFilter(field_name="customer__code")
    state = django_filters.CharFilter(field_name="state", label="done | refused")

    class Meta:
        model = TicketImport
        fields: list[str] = []


class TicketImportViewSet(TenantReadOnlyViewSet):
    """Every ticket file or push, newest first, with its counts or why it was refused."""

    queryset = TicketImport.objects.all()
    serializer_class = TicketImportSerializer
    select_related = ("customer", "created_by")
    filterset_class = TicketImportFilter


class ColumnMappingSerializer(serializers.ModelSerializer[ColumnMapping]):
    columns = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        help_text='the export\'s header → a ticket field ("" ignores the column)',
    )
    created_by = PersonNameField()

    class Meta:
        model = ColumnMapping
        fields = ["id", "name", "columns", "created_by", "updated"]
        read_only_fields = ["updated"]
        # The service replaces a mapping of the same name.
        validators: list[Any] = []
        extra_kwargs: dict[str, Any] = {"name": {"validators": []}}


class ColumnMappingViewSet(TenantModelViewSet):
    """Saved column mappings of support systems (the vendor's shared data); POST saves
    one by name (replacing a mapping of that name)."""

    queryset = ColumnMapping.objects.all()
    serializer_class = ColumnMappingSerializer
    select_related = ("created_by",)
    http_method_names = ["get", "post", "head", "options"]

    def perform_create(self, serializer: Any) -> None:
        data = serializer.validated_data
        serializer.instance = tickets.do_save_mapping(
            data["name"], dict(data["columns"]), actor=self.request.user
        )


class ScopeAgreementSerializer(RecordSerializer[ScopeAgreement]):
    expert = PersonNameField()
    field_engineer = PersonNameField()

    class Meta:
        model = ScopeAgreement
        fields = [
            "id",
            "what",
            "period_start",
            "period_end",
            "expert",
            "field_engineer",
            "customer_party",
            "agreed_on",
        ]


class ProblemReviewSerializer(RecordSerializer[ProblemReview]):
    customer = CustomerCodeField()
    agreements = ScopeAgreementSerializer(many=True, read_only=True)

    class Meta:
        model = ProblemReview
        fields = [
            "id",
            "customer",
            "quarter",
            "period_start",
            "period_end",
            "state",
            "deliverable",
            "created",
            "agreements",
        ]


class ProblemReviewOpenSerializer(serializers.Serializer[Any]):
    customer = serializers.CharField(help_text="the customer's code")
    quarter = serializers.CharField(max_length=6, help_text="e.g. 2026Q3")


class ScopeAgreementInputSerializer(serializers.Serializer[Any]):
    what = serializers.CharField(
        validators=TEXT,
    )
    expert = VisibleUserField()
    field_engineer = VisibleUserField()
    customer_party = serializers.CharField(validators=TEXT, max_length=100)
    agreed_on = serializers.DateField()
    period_start = serializers.DateTimeField(required=False, allow_null=True, default=None)
    period_end = serializers.DateTimeField(required=False, allow_null=True, default=None)


class ProblemReviewViewSet(TenantModelViewSet):
    """Quarterly problem reviews (customer users: the published ones). POST with
    ``customer`` and ``quarter`` opens one (the same one again if it exists); POST
    ``agreement`` records the three parties' scope agreement; POST ``publish`` publishes
    the problem-management report — refused while a closed ticket in scope lacks its
    root cause or analysis."""

    queryset = ProblemReview.objects.all()
    serializer_class = ProblemReviewSerializer
    select_related = ("customer",)
    filterset_fields = ["customer__code", "quarter", "state"]
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> QuerySet[Any]:
        return (
            super()
            .get_queryset()
            .prefetch_related("agreements__expert", "agreements__field_engineer")
        )

    @extend_schema(request=ProblemReviewOpenSerializer, responses={201: ProblemReviewSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        customer = customer_for_write(request, "review_problems")
        data = validated(request, ProblemReviewOpenSerializer)
        review = reviews.do_open_review(customer, data["quarter"], actor=request.user)
        return Response(ProblemReviewSerializer(review).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ScopeAgreementInputSerializer, responses={201: ScopeAgreementSerializer})
    @action(detail=True, methods=["post"])
    def agreement(self, request: Request, pk: str) -> Response:
        review = self.object_for("review_problems")
        data = validated(request, ScopeAgreementInputSerializer)
        row = reviews.do_record_agreement(review, actor=request.user, **data)
        return Response(ScopeAgreementSerializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=PublishedSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str) -> Response:
        deliverable = reviews.do_publish_review(self.get_object(), actor=request.user)
        return Response({"deliverable": deliverable.pk})


class DailyReportSerializer(RecordSerializer[DailyReport]):
    customer = CustomerCodeField()
    ticket_number = serializers.CharField(source="ticket.number", read_only=True)
    # "draft" or "sent"; plain text so its enum does not collide with other "state"s.
    state = serializers.CharField(read_only=True, help_text="draft | sent")
    sent_by = PersonNameField()

    class Meta:
        model = DailyReport
        fields = [
            "id",
            "customer",
            "ticket",
            "ticket_number",
            "day",
            "state",
            "impact",
            "since_yesterday",
            "current_status",
            "next_steps",
            "expected",
            "resources",
            "contact",
            "deliverable",
            "sent_at",
            "sent_by",
        ]


class DailyReportFilter(django_filters.FilterSet):
    customer = django_filters.CharFilter(field_name="customer__code")
    # Text, not a choice: its enum would collide with the other "state"s of the schema.
    state = django_filters.CharFilter(field_name="state", label="draft | sent")

    class Meta:
        model = DailyReport
        fields = ["ticket", "day"]


class DailyReportSendSerializer(serializers.Serializer[Any]):
    """Edits saved with the report as it is sent; a field left out keeps the draft's."""

    impact = serializers.CharField(validators=TEXT, required=False, allow_blank=True)
    current_status = serializers.CharField(validators=TEXT, required=False, allow_blank=True)
    next_steps = serializers.CharField(validators=TEXT, required=False, allow_blank=True)
    expected = serializers.CharField(
        validators=TEXT, required=False, allow_blank=True, max_length=200
    )
    resources = serializers.CharField(validators=TEXT, required=False, allow_blank=True)
    contact = serializers.CharField(
        validators=TEXT, required=False, allow_blank=True, max_length=200
    )


class DailyReportViewSet(TenantReadOnlyViewSet):
    """Daily progress reports of important tickets (customer users: the sent ones); POST
    ``send`` with optional edits sends a draft (e-mail and a published deliverable)."""

    queryset = DailyReport.objects.all()
    serializer_class = DailyReportSerializer
    select_related = ("customer", "ticket", "sent_by")
    filterset_class = DailyReportFilter

    @extend_schema(request=DailyReportSendSerializer, responses=DailyReportSerializer)
    @action(detail=True, methods=["post"])
    def send(self, request: Request, pk: str) -> Response:
        report = self.object_for("send_daily_reports")
        data = validated(request, DailyReportSendSerializer)
        report = daily.do_send_daily_report(report, actor=request.user, **data)
        return Response(DailyReportSerializer(report).data)


ROUTES = [
    ("tickets", TicketViewSet, "ticket"),
    ("progress-entries", ProgressEntryViewSet, "progress-entry"),
    ("ticket-imports", TicketImportViewSet, "ticket-import"),
    ("column-mappings", ColumnMappingViewSet, "column-mapping"),
    ("problem-reviews", ProblemReviewViewSet, "problem-review"),
    ("daily-reports", DailyReportViewSet, "daily-report"),
]
