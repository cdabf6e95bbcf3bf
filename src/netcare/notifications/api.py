"""API of the inbox: a user's own notifications, marked read one by one or all at once."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from netcare.notifications import services
from netcare.notifications.models import Notification


class NotificationSerializer(serializers.ModelSerializer[Notification]):
    customer = serializers.SlugRelatedField[Any](slug_field="code", read_only=True)

    class Meta:
        model = Notification
        fields = [
            "id",
            "kind",
            "customer",
            "subject",
            "body",
            "link",
            "language",
            "created",
            "read_at",
            "email_state",
        ]


class MarkedSerializer(serializers.Serializer[Any]):
    marked = serializers.IntegerField(help_text="how many notifications were marked read")


@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("unread", OpenApiTypes.BOOL, description="unread only")]
    )
)
class NotificationViewSet(viewsets.ReadOnlyModelViewSet[Notification]):
    """The caller's notifications only; anyone else's answer 404."""

    serializer_class = NotificationSerializer
    filterset_fields = ["kind"]

    def get_queryset(self) -> Any:
        found = Notification.objects.for_user(self.request.user).select_related("customer")
        if self.request.query_params.get("unread") in {"1", "true"}:
            found = found.unread()
        return found

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def read(self, request: Request, pk: str | None = None) -> Response:
        notification = services.do_mark_read(self.get_object(), actor=request.user)
        return Response(self.get_serializer(notification).data)

    @extend_schema(request=None, responses=MarkedSerializer)
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request: Request) -> Response:
        return Response({"marked": services.do_mark_all_read(actor=request.user)})


ROUTES = [("notifications", NotificationViewSet, "notification")]
