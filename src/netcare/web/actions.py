"""How a page runs one service call and reports the outcome: the one way every app's
views turn a refused input into a message instead of an error page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest


def attempt(request: HttpRequest, work: Callable[[], Any], done: str) -> Any:
    """Run one service call: on success say ``done`` and return its result; a refused
    input (``ValidationError``) becomes an error message and ``None``."""
    try:
        result = work()
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
        return None
    messages.success(request, done)
    return result


def form_errors(request: HttpRequest, form: Any) -> None:
    """Each of an invalid form's errors as a message, named by the field's label."""
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
