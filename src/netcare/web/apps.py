from django.apps import AppConfig


class WebConfig(AppConfig):
    """Web shell: base layout, login, customer switcher, overview pages."""

    name = "netcare.web"
    label = "web"
