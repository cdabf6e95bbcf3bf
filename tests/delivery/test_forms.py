"""Every day a form asks for is a date picker (``<input type="date">``, ISO value), in
every app's forms; the contact log offers today."""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.utils import timezone, translation

import netcare
from netcare.core.forms import DateInput
from netcare.delivery.forms import ContactLogForm
from tests.conftest import World


def _form_classes() -> list[type[forms.Form]]:
    found = []
    for module in pkgutil.iter_modules(netcare.__path__):
        if not module.ispkg:
            continue
        try:
            loaded = importlib.import_module(f"netcare.{module.name}.forms")
        except ModuleNotFoundError:
            continue
        for _name, value in inspect.getmembers(loaded, inspect.isclass):
            if issubclass(value, forms.BaseForm) and value.__module__ == loaded.__name__:
                found.append(value)
    return found


def test_every_date_field_of_every_form_is_a_date_picker() -> None:
    date_fields = [
        (form, name)
        for form in _form_classes()
        for name, field in form.base_fields.items()
        if isinstance(field, forms.DateField)
    ]
    assert len(date_fields) >= 4  # contact date, wanted-by, due, visit date, filters…
    for form, name in date_fields:
        widget = form.base_fields[name].widget
        assert isinstance(widget, DateInput), f"{form.__name__}.{name}"
        html = widget.render(name, dt.date(2026, 3, 9))
        assert 'type="date"' in html and 'value="2026-03-09"' in html, html


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_contact_form_renders_a_date_picker_with_today(language: str) -> None:
    with translation.override(language):
        html = ContactLogForm().as_p()
    assert 'type="date"' in html
    assert f'value="{timezone.localdate():%Y-%m-%d}"' in html


def test_pages_render_date_pickers(world: World) -> None:
    from django.test import Client

    client = Client()
    client.force_login(world.users["member_staff"])
    contacts = client.get("/delivery/ECCB/contacts/").content.decode()
    assert 'type="date" name="date"' in contacts
    assert f'value="{timezone.localdate():%Y-%m-%d}"' in contacts
    obligation = world.obj("obligation", "own")
    detail = client.get(f"/delivery/obligations/{obligation.pk}/").content.decode()
    assert f'type="date" name="due" value="{obligation.due:%Y-%m-%d}"' in detail
