"""API for return visits, surveys and their results.

Customer users read their own customer's surveys (and answer an open one, ``answer``)
and its published return visits; invitations and individual responses are the
vendor's. Staff send surveys (``POST /surveys/``: never answers a link, which only the
e-mail and the sender's screen carry), close them and record return visits. Writes go
through ``satisfaction.services``.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response as ApiResponse

from netcare.core.rest import (
    CustomerCodeField,
    PersonNameField,
    RecordSerializer,
    TenantModelViewSet,
    TenantReadOnlyViewSet,
    VisiblePrimaryKeyRelatedField,
    VisibleUserField,
    customer_for_write,
    validated,
)
from netcare.customers.models import Channel, Contact
from netcare.satisfaction.models import (
    Invitation,
    Response,
    ReturnVisit,
    Stage,
    Survey,
    VisitAction,
    VisitFeedback,
)
from netcare.satisfaction.services import surveys, visits


class SurveySerializer(RecordSerializer[Survey]):
    customer = CustomerCodeField()
    contract: Any = serializers.SlugRelatedField(slug_field="number", read_only=True)
    sent_by = PersonNameField()
    invited = serializers.IntegerField(read_only=True, default=0)
    answered = serializers.IntegerField(read_only=True, default=0)
    # Text, not a choice: its enum would collide with the other "state"s of the schema.
    state = serializers.CharField(read_only=True, help_text="open | closed")

    class Meta:
        model = Survey
        fields = [
            "id",
            "customer",
            "contract",
            "stage",
            "language",
            "questions",
            "state",
            "expires_at",
            "sent_at",
            "sent_by",
            "invited",
            "answered",
        ]


class SurveySendSerializer(serializers.Serializer[Any]):
    customer = serializers.CharField(required=False, help_text="the customer's code")
    stage = serializers.ChoiceField(choices=Stage.choices, default=Stage.MID_TERM)
    items = serializers.ListField(
        child=serializers.SlugField(), required=False, help_text="item codes (default: all chosen)"
    )
    contacts = VisiblePrimaryKeyRelatedField(
        queryset=Contact.objects.all(), many=True, required=False
    )
    days = serializers.IntegerField(min_value=1, max_value=surveys.MAX_ANSWER_DAYS, default=21)
    ask_nps = serializers.BooleanField(default=True)
    ask_comments = serializers.BooleanField(default=True)


class SurveyAnswerSerializer(serializers.Serializer[Any]):
    scores = serializers.DictField(
        child=serializers.IntegerField(min_value=1, max_value=5),
        required=False,
        help_text="item code → score 1–5 (leave an item out: not applicable)",
    )
    nps = serializers.IntegerField(min_value=0, max_value=10, required=False, allow_null=True)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class SurveyViewSet(TenantModelViewSet):
    """Satisfaction surveys. POST sends one to the customer's contacts (a one-time link
    each, by e-mail); POST ``answer`` stores a customer user's own answers once; POST
    ``close`` stops taking answers."""

    queryset = Survey.objects.all()
    serializer_class = SurveySerializer
    select_related = ("customer", "contract", "sent_by")
    filterset_fields = ["customer__code", "stage"]
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> QuerySet[Any]:
        return (
            super()
            .get_queryset()
            .annotate(
                invited=Count("invitations", distinct=True),
                answered=Count("responses", distinct=True),
            )
        )

    @extend_schema(request=SurveySendSerializer, responses={201: SurveySerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> ApiResponse:
        customer = customer_for_write(request, "send_surveys")
        data = validated(request, SurveySendSerializer)
        survey, _links = surveys.do_send_survey(
            customer,
            actor=request.user,
            stage=data["stage"],
            items=data.get("items"),
            contacts=data.get("contacts"),
            days=data["days"],
            ask_nps=data["ask_nps"],
            ask_comments=data["ask_comments"],
        )
        survey = self.get_queryset().get(pk=survey.pk)
        return ApiResponse(SurveySerializer(survey).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=SurveyAnswerSerializer, responses={201: None})
    @action(detail=True, methods=["post"])
    def answer(self, request: Request, pk: str) -> ApiResponse:
        survey = self.object_for("answer_surveys")
        data = validated(request, SurveyAnswerSerializer)
        surveys.do_answer_in_portal(
            survey,
            actor=request.user,
            scores=data.get("scores") or {},
            nps=data.get("nps"),
            comment=data.get("comment", ""),
        )
        return ApiResponse(status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=SurveySerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str) -> ApiResponse:
        survey = self.object_for("send_surveys")
        surveys.do_close_survey(survey, actor=request.user)
        return ApiResponse(SurveySerializer(self.get_object()).data)


class InvitationSerializer(RecordSerializer[Invitation]):
    customer = CustomerCodeField()
    # Text, not a choice: its enum would collide with other "mail" fields.
    mail_state = serializers.CharField(read_only=True, help_text="'' | sent | failed")

    class Meta:
        model = Invitation
        # Never the token's hash: nothing of the link leaves the server.
        fields = ["id", "customer", "survey", "contact", "name", "email", "expires_at"]
        fields += ["mail_state", "answered_at"]


class InvitationViewSet(TenantReadOnlyViewSet):
    """Who was asked to answer each survey, whether the mail went out and who answered
    (vendor staff)."""

    queryset = Invitation.objects.all()
    serializer_class = InvitationSerializer
    select_related = ("customer",)
    filterset_fields = ["survey"]


class SurveyResponseSerializer(RecordSerializer[Response]):
    customer = CustomerCodeField()
    scores = serializers.SerializerMethodField()

    class Meta:
        model = Response
        fields = ["id", "customer", "survey", "via", "respondent", "nps", "comment"]
        fields += ["answered_at", "scores"]

    def get_scores(self, instance: Response) -> dict[str, int]:
        return {a.item.code: a.score for a in instance.answers.all()}


class SurveyResponseViewSet(TenantReadOnlyViewSet):
    """Each response with its scores (vendor staff; customers read the published results)."""

    queryset = Response.objects.all()
    serializer_class = SurveyResponseSerializer
    select_related = ("customer",)
    filterset_fields = ["survey"]

    def get_queryset(self) -> QuerySet[Any]:
        return super().get_queryset().prefetch_related("answers__item")


class VisitFeedbackSerializer(RecordSerializer[VisitFeedback]):
    item: Any = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = VisitFeedback
        fields = ["item", "score", "feedback"]


class VisitActionSerializer(RecordSerializer[VisitAction]):
    owner = PersonNameField()

    class Meta:
        model = VisitAction
        fields = ["text", "owner", "due"]


class ReturnVisitSerializer(RecordSerializer[ReturnVisit]):
    customer = CustomerCodeField()
    contract: Any = serializers.SlugRelatedField(slug_field="number", read_only=True)
    contacts: Any = serializers.StringRelatedField(many=True, read_only=True)
    feedback = VisitFeedbackSerializer(many=True, read_only=True)
    actions = VisitActionSerializer(many=True, read_only=True)
    recorded_by = PersonNameField()

    class Meta:
        model = ReturnVisit
        fields = [
            "id",
            "customer",
            "contract",
            "stage",
            "visited_on",
            "channel",
            "contacts",
            "others",
            "overall",
            "comments",
            "feedback",
            "actions",
            "deliverable",
            "recorded_by",
        ]


class FeedbackInputSerializer(serializers.Serializer[Any]):
    item = serializers.SlugField()
    score = serializers.IntegerField(min_value=1, max_value=5)
    feedback = serializers.CharField(required=False, allow_blank=True, default="")


class ActionInputSerializer(serializers.Serializer[Any]):
    text = serializers.CharField(max_length=300)
    owner = VisibleUserField(required=False, allow_null=True, default=None)
    due = serializers.DateField(required=False, allow_null=True, default=None)


class ReturnVisitInputSerializer(serializers.Serializer[Any]):
    customer = serializers.CharField(required=False, help_text="the customer's code")
    stage = serializers.ChoiceField(choices=Stage.choices)
    visited_on = serializers.DateField()
    channel = serializers.ChoiceField(choices=Channel.choices)
    overall = serializers.IntegerField(min_value=1, max_value=5)
    contacts = VisiblePrimaryKeyRelatedField(
        queryset=Contact.objects.all(), many=True, required=False
    )
    others = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    comments = serializers.CharField(required=False, allow_blank=True, default="")
    feedback = FeedbackInputSerializer(many=True, required=False)
    actions = ActionInputSerializer(many=True, required=False)


class ReturnVisitViewSet(TenantModelViewSet):
    """Return visits (customer users: the published ones). POST records one and
    publishes its record; the end-of-term visit completes the plan's return visit."""

    queryset = ReturnVisit.objects.all()
    serializer_class = ReturnVisitSerializer
    select_related = ("customer", "contract", "recorded_by")
    filterset_fields = ["customer__code", "stage"]
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> QuerySet[Any]:
        return (
            super().get_queryset().prefetch_related("contacts", "feedback__item", "actions__owner")
        )

    @extend_schema(request=ReturnVisitInputSerializer, responses={201: ReturnVisitSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> ApiResponse:
        customer = customer_for_write(request, "record_visits")
        data = validated(request, ReturnVisitInputSerializer)
        visit = visits.do_record_visit(
            customer,
            actor=request.user,
            stage=data["stage"],
            visited_on=data["visited_on"],
            channel=data["channel"],
            overall=data["overall"],
            contacts=data.get("contacts") or [],
            others=data["others"],
            comments=data["comments"],
            feedback=[visits.ItemFeedback(**row) for row in data.get("feedback") or []],
            actions=[visits.Promise(**row) for row in data.get("actions") or []],
        )
        visit = self.get_queryset().get(pk=visit.pk)
        return ApiResponse(ReturnVisitSerializer(visit).data, status=status.HTTP_201_CREATED)


ROUTES = [
    ("surveys", SurveyViewSet, "survey"),
    ("survey-invitations", InvitationViewSet, "survey-invitation"),
    ("survey-responses", SurveyResponseViewSet, "survey-response"),
    ("return-visits", ReturnVisitViewSet, "return-visit"),
]
