"""API for the service plan document and holiday care.

Plan documents: customer users read the published ones; staff POST ``customer`` to
generate the confirmed plan's document (a draft deliverable) and ``publish`` it.
Care touches and care messages are the vendor's working material: staff list them,
record a touch (``send: true`` e-mails it from NetCare first) and save a customer's
own wording of a message. Writes go through ``care.services``.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from netcare.care.models import CareMessage, CareTouch, PlanDocument
from netcare.care.services import documents, messages, touches
from netcare.contracts.services import current_contract
from netcare.core import access
from netcare.core.rest import (
    CustomerCodeField,
    PersonNameField,
    PublishedSerializer,
    RecordSerializer,
    TenantModelViewSet,
    VisiblePrimaryKeyRelatedField,
    customer_for_write,
    validated,
)
from netcare.customers.models import Channel, Contact
from netcare.delivery.models import Obligation, ServicePlan


class PlanDocumentSerializer(RecordSerializer[PlanDocument]):
    customer = CustomerCodeField()
    contract = serializers.CharField(source="plan.contract.number", read_only=True)
    # Plain text so its enum does not collide with the other "state"s of the schema.
    deliverable_state = serializers.CharField(
        source="deliverable.state", read_only=True, help_text="draft | published | withdrawn"
    )
    published_at = serializers.DateTimeField(source="deliverable.published_at", read_only=True)
    created_by = PersonNameField()

    class Meta:
        model = PlanDocument
        fields = [
            "id",
            "customer",
            "plan",
            "contract",
            "version",
            "plan_revision",
            "deliverable",
            "deliverable_state",
            "published_at",
            "created_by",
            "created",
            "rendered_at",
        ]


class CustomerInputSerializer(serializers.Serializer[Any]):
    customer = serializers.CharField(help_text="The customer code.")


class PlanDocumentViewSet(TenantModelViewSet):
    """Service plan documents (customer users: the published ones). POST ``customer``
    generates (or re-renders) the confirmed plan's document; POST ``publish`` releases
    it — completing the kickoff when it was drafted against it."""

    queryset = PlanDocument.objects.all()
    serializer_class = PlanDocumentSerializer
    select_related = ("customer", "plan__contract", "deliverable", "created_by")
    filterset_fields = ["customer__code", "version"]
    http_method_names = ["get", "post", "head", "options"]

    @extend_schema(request=CustomerInputSerializer, responses={201: PlanDocumentSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        customer = customer_for_write(request, "manage_plan")
        contract = current_contract(customer)
        plan = ServicePlan.objects.filter(contract=contract).first() if contract else None
        if plan is None:
            raise exceptions.ValidationError({"customer": "this customer has no service plan"})
        document = documents.do_generate_plan_document(plan, actor=request.user)
        return Response(PlanDocumentSerializer(document).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=PublishedSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str) -> Response:
        deliverable = documents.do_publish_plan_document(self.get_object(), actor=request.user)
        return Response({"deliverable": deliverable.pk})


class CareTouchSerializer(RecordSerializer[CareTouch]):
    customer = CustomerCodeField()
    by = PersonNameField()
    # Plain text, so their enums do not collide with the other "state"s and "language"s.
    state = serializers.CharField(read_only=True, help_text="sent | recorded")
    language = serializers.CharField(read_only=True, help_text="zh | en")

    class Meta:
        model = CareTouch
        fields = [
            "id",
            "customer",
            "obligation",
            "contact",
            "people",
            "channel",
            "address",
            "language",
            "subject",
            "message",
            "note",
            "state",
            "touched_at",
            "by",
            "contact_log",
        ]


class CareTouchInputSerializer(serializers.Serializer[Any]):
    obligation = VisiblePrimaryKeyRelatedField(
        queryset=Obligation.objects.filter(kind=Obligation.Kind.HOLIDAY_CARE)
    )
    contact = VisiblePrimaryKeyRelatedField(
        queryset=Contact.objects.all(), required=False, allow_null=True
    )
    channel = serializers.ChoiceField(choices=Channel.choices)
    send = serializers.BooleanField(
        default=False, help_text="E-mail the message from NetCare before recording it."
    )
    people = serializers.CharField(required=False, allow_blank=True, max_length=300)
    language = serializers.CharField(
        required=False, help_text="zh or en (default: the customer's language)"
    )
    subject = serializers.CharField(required=False, allow_blank=True, max_length=200)
    message = serializers.CharField(required=False, allow_blank=True)
    touched_at = serializers.DateTimeField(required=False)
    note = serializers.CharField(required=False, allow_blank=True)


class CareTouchViewSet(TenantModelViewSet):
    """Holiday-care touches (staff only). POST records one — with ``send: true`` and an
    e-mail contact it is sent from NetCare first; the first touch of an open care
    obligation completes it through the contact log's published record."""

    queryset = CareTouch.objects.all()
    serializer_class = CareTouchSerializer
    select_related = ("customer", "by")
    filterset_fields = ["customer__code", "obligation", "channel"]
    http_method_names = ["get", "post", "head", "options"]

    @extend_schema(request=CareTouchInputSerializer, responses={201: CareTouchSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = dict(validated(request, CareTouchInputSerializer))
        obligation, contact = data.pop("obligation"), data.pop("contact", None)
        if not access.may(request.user, "care_for_customers", obligation.customer_id):
            raise exceptions.PermissionDenied("not allowed: care_for_customers")
        if data.pop("send"):
            if data["channel"] != Channel.EMAIL or contact is None:
                raise ValidationError({"send": "only an e-mail to a contact is sent"})
            touch = touches.do_send_touch(
                obligation,
                contact,
                actor=request.user,
                language=data.get("language"),
                subject=data.get("subject") or None,
                message=data.get("message") or None,
            )
        else:
            touch = touches.do_record_touch(
                obligation,
                channel=data["channel"],
                actor=request.user,
                contact=contact,
                people=data.get("people", ""),
                language=data.get("language"),
                subject=data.get("subject") or None,
                message=data.get("message") or None,
                at=data.get("touched_at"),
                note=data.get("note", ""),
            )
        return Response(CareTouchSerializer(touch).data, status=status.HTTP_201_CREATED)


class CareMessageSerializer(RecordSerializer[CareMessage]):
    customer = CustomerCodeField()
    updated_by = PersonNameField()
    language = serializers.CharField(read_only=True, help_text="zh | en")

    class Meta:
        model = CareMessage
        fields = [
            "id",
            "customer",
            "channel",
            "language",
            "subject",
            "body",
            "updated_by",
            "updated",
        ]


class CareMessageInputSerializer(serializers.Serializer[Any]):
    customer = serializers.CharField(help_text="The customer code.")
    channel = serializers.ChoiceField(choices=Channel.choices)
    language = serializers.CharField(help_text="zh or en")
    subject = serializers.CharField(required=False, allow_blank=True, max_length=200)
    body = serializers.CharField()


class CareMessageViewSet(TenantModelViewSet):
    """A customer's own wording of holiday-care messages (staff only). POST saves the
    wording of one channel and language, replacing any; placeholders are listed in
    ``care.services.messages.PLACEHOLDERS``."""

    queryset = CareMessage.objects.all()
    serializer_class = CareMessageSerializer
    select_related = ("customer", "updated_by")
    filterset_fields = ["customer__code", "channel", "language"]
    http_method_names = ["get", "post", "head", "options"]

    @extend_schema(request=CareMessageInputSerializer, responses={201: CareMessageSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        customer = customer_for_write(request, "care_for_customers")
        data = validated(request, CareMessageInputSerializer)
        row = messages.do_save_message(
            customer,
            channel=data["channel"],
            language=data["language"],
            subject=data.get("subject", ""),
            body=data["body"],
            actor=request.user,
        )
        return Response(CareMessageSerializer(row).data, status=status.HTTP_201_CREATED)


ROUTES = [
    ("plan-documents", PlanDocumentViewSet, "plan-document"),
    ("care-touches", CareTouchViewSet, "care-touch"),
    ("care-messages", CareMessageViewSet, "care-message"),
]
