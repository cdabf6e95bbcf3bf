"""Token issue for API clients."""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView


class TokenRequest(serializers.Serializer[dict[str, str]]):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)


class LoginThrottle(AnonRateThrottle):
    rate = "30/min"


class ObtainTokenView(APIView):
    """``POST {"username", "password"}`` → ``{"token": "..."}``; use ``Authorization: Token …``.

    Failed attempts are written to the audit log by Django's login-failed signal.
    """

    permission_classes = [AllowAny]
    authentication_classes: list[type] = []
    throttle_classes = [LoginThrottle]

    @extend_schema(
        request=TokenRequest,
        responses={200: inline_serializer("TokenResponse", {"token": serializers.CharField()})},
    )
    def post(self, request: Request) -> Response:
        form = TokenRequest(data=request.data)
        form.is_valid(raise_exception=True)
        user = authenticate(
            request._request,
            username=form.validated_data["username"],
            password=form.validated_data["password"],
        )
        if user is None or not user.is_active:
            return Response(
                {"detail": "invalid username or password"}, status=status.HTTP_400_BAD_REQUEST
            )
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


@csrf_exempt  # it changes nothing; a POST must get the same JSON 404, not a CSRF page
def not_found(request: HttpRequest) -> JsonResponse:
    """A path under ``/api/`` that names no endpoint (e.g. ``/api/sites/1.5/``): the
    API's own 404 body, so a client parses every answer the same way."""
    return JsonResponse({"detail": str(NotFound.default_detail)}, status=404)
