"""How a page finds what it acts on and runs one service call: the one way every app's
views apply the access rule to an action and turn a refused input (or an invalid form)
into a message instead of an error page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from netcare.core.access import get_visible_or_404, require, require_staff


def object_for(
    request: HttpRequest,
    source: type[Model] | QuerySet[Any],
    *,
    action: str | None = None,
    staff: bool = False,
    **lookup: Any,
) -> Any:
    """The object a page shows or acts on, by the access rule: 404 unless the user sees
    it; with ``staff``, 404 too for anyone but the customer's vendor staff (the vendor's
    working material); with ``action``, 403 unless the user may do it for the object's
    customer. The checks come before any input is read."""
    found = get_visible_or_404(source, request.user, **lookup)
    if staff:
        require_staff(request.user, found.customer_id)
    if action is not None:
        require(request.user, action, found.customer_id)
    return found


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


def submit(
    request: HttpRequest, form: Any, work: Callable[[dict[str, Any]], Any], done: str
) -> Any:
    """Run one service call on a bound form's cleaned data, as ``attempt`` does.

    An invalid form never reaches the service: its errors become messages and the
    answer is ``None``, the same as for a refused input, so an action view only says
    where to go next.
    """
    if not form.is_valid():
        form_errors(request, form)
        return None
    return attempt(request, lambda: work(form.cleaned_data), done)


def form_errors(request: HttpRequest, form: Any) -> None:
    """Each of an invalid form's errors as a message, named by the field's label."""
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
