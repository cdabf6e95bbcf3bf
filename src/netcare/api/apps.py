from django.apps import AppConfig


class ApiConfig(AppConfig):
    """REST API: routers, token authentication and the OpenAPI schema."""

    name = "netcare.api"
    label = "api"
