"""API for deliverables and their files (downloads go through the access rule), the
service plan and its obligations, contact logs and service requests."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse

from netcare.contracts.models import Contract, Entitlement
from netcare.core.rest import (
    TenantModelViewSet,
    TenantReadOnlyViewSet,
    VisibleSlugRelatedField,
    VisibleUserField,
    customer_for_write,
)
from netcare.customers.models import Customer
from netcare.delivery import services
from netcare.delivery.models import (
    CONTENT_TYPES,
    ContactLog,
    Deliverable,
    DeliverableFile,
    ItemChoice,
    Obligation,
    ServicePlan,
    ServiceRequest,
)
from netcare.delivery.services import contacts, obligations, plans, requests


class DeliverableFileSerializer(serializers.ModelSerializer[DeliverableFile]):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = DeliverableFile
        fields = ["id", "name", "format", "language", "size", "sha256", "download_url"]

    def get_download_url(self, obj: DeliverableFile) -> str:
        return reverse(
            "api:deliverable-file-download",
            kwargs={"pk": obj.pk},
            request=self.context.get("request"),
        )


class DeliverableSerializer(serializers.ModelSerializer[Deliverable]):
    customer = serializers.SlugRelatedField[Any](slug_field="code", read_only=True)
    item = serializers.SlugRelatedField[Any](slug_field="code", read_only=True)
    contract = serializers.SlugRelatedField[Any](slug_field="number", read_only=True)
    published_by = serializers.SlugRelatedField[Any](slug_field="username", read_only=True)
    files = DeliverableFileSerializer(many=True, read_only=True)

    class Meta:
        model = Deliverable
        fields = [
            "id",
            "customer",
            "item",
            "contract",
            "title",  # in the caller's language (Accept-Language); both are below
            "title_zh",
            "title_en",
            "kind",
            "report_type",
            "summary",
            "period_start",
            "period_end",
            "state",
            "published_by",
            "published_at",
            "created",
            "files",
        ]


class DeliverableViewSet(TenantReadOnlyViewSet):
    """Deliverables: customers see the published ones; staff publish and withdraw."""

    queryset = Deliverable.objects.all()
    serializer_class = DeliverableSerializer
    select_related = ("customer", "item", "contract", "published_by")
    filterset_fields = ["state", "kind", "report_type", "item__code", "customer__code"]
    search_fields = ["title_zh", "title_en", "summary"]

    def get_queryset(self) -> Any:
        return super().get_queryset().prefetch_related("files")

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str | None = None) -> Response:
        deliverable = services.do_publish(self.get_object(), actor=request.user)
        return Response(self.get_serializer(deliverable).data)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str | None = None) -> Response:
        deliverable = services.do_withdraw(self.get_object(), actor=request.user)
        return Response(self.get_serializer(deliverable).data)


class DeliverableFileViewSet(TenantReadOnlyViewSet):
    queryset = DeliverableFile.objects.all()
    serializer_class = DeliverableFileSerializer
    filterset_fields = ["format", "language", "deliverable"]
    download_media_types = sorted({media.split(";")[0] for media in CONTENT_TYPES.values()})

    @action(detail=True, methods=["get"])
    def download(self, request: Request, pk: str | None = None) -> FileResponse:
        """The file itself; each download is written to the audit log."""
        file = self.get_object()
        services.record_download(file, user=request.user)
        return FileResponse(
            file.path.open("rb"),
            as_attachment=True,
            filename=file.name,
            content_type=file.content_type(),
        )


class ItemChoiceSerializer(serializers.ModelSerializer[ItemChoice]):
    item = serializers.CharField(source="entitlement.item.code", read_only=True)
    chosen_by = serializers.SlugRelatedField[Any](slug_field="username", read_only=True)

    class Meta:
        model = ItemChoice
        fields = ["item", "choice", "suggestion", "chosen_by", "chosen_at"]


class ServicePlanSerializer(serializers.ModelSerializer[ServicePlan]):
    customer = serializers.SlugRelatedField[Any](slug_field="code", read_only=True)
    contract = serializers.SlugRelatedField[Any](slug_field="number", read_only=True)
    confirmed_by = serializers.SlugRelatedField[Any](slug_field="username", read_only=True)
    changes_requested_by = serializers.SlugRelatedField[Any](slug_field="username", read_only=True)
    choices = serializers.SerializerMethodField()

    class Meta:
        model = ServicePlan
        fields = [
            "id",
            "customer",
            "contract",
            "state",
            "revision",
            "objectives",
            "communication",
            "generated_at",
            "sent_at",
            "confirmed_by",
            "confirmed_at",
            "change_request",
            "changes_requested_by",
            "changes_requested_at",
            "choices",
        ]
        # The customer's comment is written by the request-changes action only.
        read_only_fields = ["change_request", "changes_requested_at"]

    def get_choices(self, plan: ServicePlan) -> list[dict[str, Any]]:
        found = [
            entitlement.choice
            for entitlement in plan.contract.entitlements.all()
            if hasattr(entitlement, "choice")
        ]
        return list(ItemChoiceSerializer(found, many=True).data)


class ItemChoiceRequest(serializers.Serializer[Any]):
    choice = serializers.ChoiceField(choices=ItemChoice.Choice.choices, default="now")
    suggestion = serializers.CharField(required=False, allow_blank=True, default="")


class ChangeRequest(serializers.Serializer[Any]):
    comment = serializers.CharField(max_length=4000)


class ChoicesRequest(serializers.Serializer[Any]):
    """Per item code, what the customer wants of it."""

    choices = serializers.DictField(child=ItemChoiceRequest())


class PlanChangesSerializer(serializers.Serializer[Any]):
    """What (re)generating a plan changed, or on a dry run would change."""

    dry_run = serializers.BooleanField()
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    deleted = serializers.IntegerField()
    kept = serializers.IntegerField()


class ServicePlanViewSet(TenantReadOnlyViewSet):
    """Service plans: the leads generate and send, the customer admin chooses and confirms."""

    queryset = ServicePlan.objects.all()
    serializer_class = ServicePlanSerializer
    select_related = ("customer", "contract", "confirmed_by", "changes_requested_by")
    filterset_fields = ["state", "customer__code"]

    def get_queryset(self) -> Any:
        choices = Prefetch(
            "contract__entitlements",
            queryset=Entitlement.objects.select_related("item", "choice__chosen_by").order_by(
                "item__number"
            ),
        )
        return super().get_queryset().prefetch_related(choices)

    @extend_schema(
        request=None,
        responses=PlanChangesSerializer,
        parameters=[
            OpenApiParameter("dry_run", OpenApiTypes.BOOL, description="only say what would change")
        ],
    )
    @action(detail=True, methods=["post"])
    def generate(self, request: Request, pk: str | None = None) -> Response:
        """Draft or re-plan from today; ``?dry_run=1`` only says what would change."""
        plan = self.get_object()
        dry_run = request.query_params.get("dry_run") in {"1", "true"}
        result = plans.do_generate_plan(plan.contract, actor=request.user, dry_run=dry_run)
        return Response({"dry_run": dry_run, **result.summary()})

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def send(self, request: Request, pk: str | None = None) -> Response:
        plan = plans.do_send_plan(self.get_object(), actor=request.user)
        return Response(self.get_serializer(plan).data)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, pk: str | None = None) -> Response:
        plan = plans.do_confirm_plan(self.get_object(), actor=request.user)
        return Response(self.get_serializer(plan).data)

    @extend_schema(request=ChangeRequest)
    @action(detail=True, methods=["post"], url_path="request-changes")
    def request_changes(self, request: Request, pk: str | None = None) -> Response:
        """The customer admin asks for changes instead of confirming: ``{"comment": …}``."""
        form = ChangeRequest(data=request.data)
        form.is_valid(raise_exception=True)
        plan = plans.do_request_plan_changes(
            self.get_object(), form.validated_data["comment"], actor=request.user
        )
        return Response(self.get_serializer(plan).data)

    @extend_schema(request=ChoicesRequest)
    @action(detail=True, methods=["post"])
    def choose(self, request: Request, pk: str | None = None) -> Response:
        """``{"choices": {"inspection": {"choice": "later", "suggestion": "..."}}}``"""
        plan = self.get_object()
        form = ChoicesRequest(data=request.data)
        form.is_valid(raise_exception=True)
        chosen = {
            code: (str(value.get("choice", "now")), str(value.get("suggestion", "")))
            for code, value in form.validated_data["choices"].items()
        }
        plans.do_set_choices(plan.contract, chosen, actor=request.user)
        return Response(self.get_serializer(plan).data)


class ObligationSerializer(serializers.ModelSerializer[Obligation]):
    customer = serializers.SlugRelatedField[Any](slug_field="code", read_only=True)
    item = serializers.SlugRelatedField[Any](slug_field="code", read_only=True)
    contract = serializers.CharField(source="plan.contract.number", read_only=True)
    owner = VisibleUserField(required=False)
    co_owner = VisibleUserField(required=False, allow_null=True)
    completed_by = serializers.PrimaryKeyRelatedField[Any](read_only=True)
    on_time = serializers.BooleanField(read_only=True, allow_null=True)

    class Meta:
        model = Obligation
        fields = [
            "id",
            "customer",
            "contract",
            "item",
            "kind",
            "slot",
            "title_zh",
            "title_en",
            "due",
            "period_start",
            "period_end",
            "lead",
            "owner",
            "co_owner",
            "state",
            "origin",
            "edited",
            "completed_by",
            "completed_at",
            "on_time",
            "waiver_reason",
            "note",
        ]
        read_only_fields = [
            "kind",
            "slot",
            "period_start",
            "period_end",
            "state",
            "origin",
            "edited",
            "completed_at",
            "waiver_reason",
        ]


class WaiverRequest(serializers.Serializer[Any]):
    reason = serializers.CharField()


@extend_schema_view(
    # Obligations come from the service plan: POST on the list answers 405.
    create=extend_schema(exclude=True),
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "mine", OpenApiTypes.BOOL, description="only those the caller answers for"
            )
        ]
    ),
)
class ObligationViewSet(TenantModelViewSet):
    """Obligations; the leads edit (PATCH) and waive; ``?mine=1`` for one's own."""

    queryset = Obligation.objects.all()
    serializer_class = ObligationSerializer
    select_related = ("customer", "item", "owner", "co_owner", "plan__contract")
    filterset_fields = {
        "state": ["exact"],
        "kind": ["exact"],
        "customer__code": ["exact"],
        "item__code": ["exact"],
        "due": ["gte", "lte"],
    }
    http_method_names = ["get", "patch", "post", "head", "options"]

    def get_queryset(self) -> Any:
        found = super().get_queryset().order_by("due", "id")
        if self.request.query_params.get("mine") in {"1", "true"}:
            found = found.filter(obligations.held_by(self.request.user))
        return found

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(
            {"detail": "obligations come from the service plan"},
            status=status.HTTP_405_METHOD_NOT_ALLOWED,
        )

    def perform_update(self, serializer: ObligationSerializer) -> None:  # type: ignore[override]
        assert serializer.instance is not None
        obligations.do_update_obligation(
            serializer.instance, actor=self.request.user, **serializer.validated_data
        )

    @extend_schema(request=WaiverRequest)
    @action(detail=True, methods=["post"])
    def waive(self, request: Request, pk: str | None = None) -> Response:
        form = WaiverRequest(data=request.data)
        form.is_valid(raise_exception=True)
        obligation = obligations.do_waive_obligation(
            self.get_object(), reason=form.validated_data["reason"], actor=request.user
        )
        return Response(self.get_serializer(obligation).data)


class ContactLogSerializer(serializers.ModelSerializer[ContactLog]):
    customer = serializers.SlugRelatedField[Any](slug_field="code", read_only=True)
    contract = VisibleSlugRelatedField(slug_field="number", queryset=Contract.objects.all())
    author = serializers.SlugRelatedField[Any](slug_field="username", read_only=True)

    class Meta:
        model = ContactLog
        fields = [
            "id",
            "customer",
            "contract",
            "role",
            "author",
            "date",
            "channel",
            "purpose",
            "people",
            "summary",
            "next_steps",
            "obligation",
            "record",
        ]
        read_only_fields = ["obligation", "record"]


class ContactLogViewSet(TenantModelViewSet):
    """Contact logs of the RAM and ASM (vendor staff only)."""

    queryset = ContactLog.objects.all()
    serializer_class = ContactLogSerializer
    select_related = ("customer", "contract", "author")
    filterset_fields = ["customer__code", "role", "channel", "purpose"]
    http_method_names = ["get", "post", "head", "options"]

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        log = contacts.do_log_contact(data.pop("contract"), actor=request.user, **data)
        return Response(self.get_serializer(log).data, status=status.HTTP_201_CREATED)


class ServiceRequestSerializer(serializers.ModelSerializer[ServiceRequest]):
    customer = VisibleSlugRelatedField(
        slug_field="code", queryset=Customer.objects.all(), required=False
    )
    item = serializers.SlugRelatedField[Any](slug_field="code", read_only=True)
    raised_by = serializers.SlugRelatedField[Any](slug_field="username", read_only=True)
    routed_to = serializers.SlugRelatedField[Any](slug_field="username", read_only=True)
    response_late = serializers.SerializerMethodField()

    class Meta:
        model = ServiceRequest
        fields = [
            "id",
            "customer",
            "kind",
            "item",
            "title",
            "text",
            "wanted_date",
            "raised_by",
            "raised_at",
            "routed_role",
            "routed_to",
            "state",
            "first_response_due",
            "first_response_at",
            "response",
            "response_late",
            "closed_at",
            "resolution",
        ]
        read_only_fields = [
            "raised_at",
            "routed_role",
            "state",
            "first_response_due",
            "first_response_at",
            "response",
            "closed_at",
            "resolution",
        ]

    def get_response_late(self, request: ServiceRequest) -> bool:
        return request.response_late()


class TextRequest(serializers.Serializer[Any]):
    text = serializers.CharField(required=False, allow_blank=True, default="")


class ServiceRequestViewSet(TenantModelViewSet):
    """Service requests: customer users raise them (for their own customer); the RAM or
    ASM they are routed to responds."""

    queryset = ServiceRequest.objects.all()
    serializer_class = ServiceRequestSerializer
    select_related = ("customer", "item", "raised_by", "routed_to")
    filterset_fields = ["customer__code", "kind", "state", "routed_role"]
    http_method_names = ["get", "post", "head", "options"]

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        customer = data.pop("customer", None) or customer_for_write(request)
        raised = requests.do_raise_request(customer, actor=request.user, **data)
        return Response(self.get_serializer(raised).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=TextRequest)
    @action(detail=True, methods=["post"])
    def respond(self, request: Request, pk: str | None = None) -> Response:
        form = TextRequest(data=request.data)
        form.is_valid(raise_exception=True)
        answered = requests.do_respond_request(
            self.get_object(), response=form.validated_data["text"], actor=request.user
        )
        return Response(self.get_serializer(answered).data)

    @extend_schema(request=TextRequest)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str | None = None) -> Response:
        form = TextRequest(data=request.data)
        form.is_valid(raise_exception=True)
        closed = requests.do_close_request(
            self.get_object(), resolution=form.validated_data["text"], actor=request.user
        )
        return Response(self.get_serializer(closed).data)


ROUTES = [
    ("deliverables", DeliverableViewSet, "deliverable"),
    ("deliverable-files", DeliverableFileViewSet, "deliverable-file"),
    ("service-plans", ServicePlanViewSet, "service-plan"),
    ("obligations", ObligationViewSet, "obligation"),
    ("contact-logs", ContactLogViewSet, "contact-log"),
    ("service-requests", ServiceRequestViewSet, "service-request"),
]
