"""One way for every main list page to filter, sort, page, export and say it is empty.

A page function builds a :class:`ListSpec` (its filters with their choices already
narrowed by the access rule, its columns, how it reads when empty) and hands
:func:`list_page` a queryset ALREADY narrowed by that rule; everything here only
narrows it further, so neither a page nor its export can show more than the viewer
may see. The template side is ``web/_list_controls.html`` (filters, count, export),
``web/_list_head.html`` (sortable headers) and ``web/_list_pager.html`` (the empty
state and the page links).

Query parameters: each filter's name, ``sort`` (a column key, ``-key`` descending),
``page``, and ``format=xlsx`` for the whole filtered list as a spreadsheet. A value
the list does not know (a foreign site's id, a made-up sort key) is ignored and named
on the page, never an error.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.db.models import Case, F, IntegerField, QuerySet, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

PAGE_SIZE = 50
#: The longest export: a spreadsheet of a whole customer's history, never a runaway query.
EXPORT_LIMIT = 50_000
TEXT_LIMIT = 200
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

Label = str | Promise


@dataclass(frozen=True)
class Filter:
    """One control of the filter form.

    ``kind`` is ``select`` (a value among ``choices``), ``text`` (free text) or ``date``
    (ISO day). ``apply(queryset, value)`` narrows the list; by default
    ``filter(<field or name>=value)``. A select's value outside its choices is ignored.
    """

    name: str
    label: Label
    choices: Sequence[tuple[Any, Label]] = ()
    kind: str = "select"
    apply: Callable[[QuerySet[Any], Any], QuerySet[Any]] | None = None
    field: str = ""
    placeholder: Label = ""

    def parse(self, raw: str) -> Any:
        """The value to filter by, or None when ``raw`` is not one this filter takes."""
        if self.kind == "text":
            return raw.strip()[:TEXT_LIMIT] or None
        if self.kind == "date":
            try:
                return dt.date.fromisoformat(raw.strip())
            except ValueError:
                return None
        return raw if raw in {str(value) for value, _label in self.choices} else None

    def narrow(self, found: QuerySet[Any], value: Any) -> QuerySet[Any]:
        if self.apply is not None:
            return self.apply(found, value)
        return found.filter(**{self.field or self.name: value})


@dataclass(frozen=True)
class Column:
    """A column of the table and of its export.

    ``order``: the fields (or annotations) sorting by this column orders by, in the
    ascending sense; empty for a column that does not sort. ``value(row)``: the cell of
    the export; None for a column the export leaves out (actions, links).
    """

    key: str
    label: Label
    order: tuple[str, ...] = ()
    value: Callable[[Any], Any] | None = None
    #: False for a column only the export has (the table shows it another way).
    shown: bool = True


@dataclass(frozen=True)
class ListSpec:
    """What a list page is made of; built per request, as its choices are the viewer's."""

    name: str
    title: Label
    columns: Sequence[Column]
    filters: Sequence[Filter] = ()
    #: The sort when none is asked for (a column key, ``-key`` descending); "" keeps
    #: the queryset's own order.
    default_sort: str = ""
    page_size: int = PAGE_SIZE
    #: The filter form's element id (pages and their tests know the form by it).
    form_id: str = ""
    #: Parameters that are not filters but travel with them (a tab, say).
    keep: Sequence[str] = ()
    #: The empty state: "No findings yet" and the step that makes some, with its link.
    empty: Label = ""
    next_step: Label = ""
    next_url: str = ""
    #: Who the export is for (the customer's code), named in its file name.
    owner: str = ""


@dataclass
class ListPage:
    """One page of a filtered, sorted list, with what its controls need to render."""

    spec: ListSpec
    found: QuerySet[Any]
    page: Page[Any]
    chosen: dict[str, str]
    kept: dict[str, str]
    sort: str
    total: int
    ignored: list[str] = field(default_factory=list)
    exporting: bool = False
    values: dict[str, Any] = field(default_factory=dict)

    def narrow(self, other: QuerySet[Any]) -> QuerySet[Any]:
        """Another queryset (a tab's count, say) narrowed by the same chosen filters."""
        for wanted in self.spec.filters:
            if wanted.name in self.values:
                other = wanted.narrow(other, self.values[wanted.name])
        return other

    @functools.cached_property
    def rows(self) -> list[Any]:
        return list(self.page.object_list)

    @property
    def filtered(self) -> bool:
        return bool(self.chosen)

    @property
    def form_id(self) -> str:
        return self.spec.form_id or f"{self.spec.name}-filter"

    @property
    def sort_asked(self) -> bool:
        """Whether the sort differs from the default (and so travels in links)."""
        return bool(self.sort) and self.sort != self.spec.default_sort

    def _query(self, **extra: str) -> str:
        params = {**self.kept, **self.chosen}
        if self.sort_asked:
            params["sort"] = self.sort
        params.update({k: v for k, v in extra.items() if v})
        return urlencode(params)

    @property
    def query(self) -> str:
        """The filters and sort, without the page: what every link of the list keeps."""
        return self._query()

    @property
    def filter_query(self) -> str:
        """The filters and sort without the kept parameters (for tabs that set those)."""
        params = dict(self.chosen)
        if self.sort_asked:
            params["sort"] = self.sort
        return urlencode(params)

    @property
    def clear_url(self) -> str:
        return "?" + urlencode(self.kept)

    @property
    def export_url(self) -> str:
        return "?" + self._query(format="xlsx")

    def page_url(self, number: int) -> str:
        return "?" + self._query(page=str(number))

    @property
    def prev_url(self) -> str:
        return self.page_url(self.page.number - 1)

    @property
    def next_url(self) -> str:
        return self.page_url(self.page.number + 1)

    @property
    def controls(self) -> list[dict[str, Any]]:
        """The filter controls with their current values, for the template."""
        found = []
        for wanted in self.spec.filters:
            value = self.chosen.get(wanted.name, "")
            options = [(str(v), label, str(v) == value) for v, label in wanted.choices]
            found.append(
                {
                    "filter": wanted,
                    "value": value,
                    "options": options,
                    "id": f"{self.spec.name}-{wanted.name}",
                }
            )
        return found

    @property
    def headers(self) -> list[dict[str, Any]]:
        """Each column's header: its label and, when it sorts, the link that sorts by it
        (ascending first, then the other way), and ``aria-sort`` for the current one."""
        current = self.sort.lstrip("-")
        descending = self.sort.startswith("-")
        found = []
        for column in self.spec.columns:
            if not column.shown:
                continue
            entry: dict[str, Any] = {"column": column, "label": column.label, "url": "", "aria": ""}
            if column.order:
                ask = f"-{column.key}" if current == column.key and not descending else column.key
                params = {**self.kept, **self.chosen, "sort": ask}
                entry["url"] = "?" + urlencode(params)
                if current == column.key:
                    entry["aria"] = "descending" if descending else "ascending"
            found.append(entry)
        return found

    @property
    def pages(self) -> list[dict[str, Any]]:
        """Links to the first, the last and the pages around the current one."""
        if not self.page.has_other_pages():
            return []
        last = self.page.paginator.num_pages
        near = {1, last, *range(self.page.number - 2, self.page.number + 3)}
        shown: list[dict[str, Any]] = []
        previous = 0
        for number in sorted(n for n in near if 1 <= n <= last):
            if number - previous > 1:
                shown.append({"gap": True})
            shown.append(
                {
                    "number": number,
                    "url": self.page_url(number),
                    "current": number == self.page.number,
                }
            )
            previous = number
        return shown

    def filename(self) -> str:
        owner = re.sub(r"[^\w.-]+", "-", self.spec.owner).strip("-")
        stamp = timezone.localdate().isoformat()
        return "-".join(p for p in (owner, self.spec.name, stamp) if p) + ".xlsx"

    def xlsx(self) -> HttpResponse:
        """The whole filtered, sorted list as a workbook: one header row in the viewer's
        language, one row per object, only the columns that have an export value."""
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font
        from openpyxl.utils import get_column_letter

        columns = [c for c in self.spec.columns if c.value is not None]
        book = Workbook(write_only=True)  # rows stream out: a long list stays small
        sheet = book.create_sheet(_sheet_title(str(self.spec.title)))
        for index, column in enumerate(columns, start=1):
            width = max(len(str(column.label)) * 2, 10)
            sheet.column_dimensions[get_column_letter(index)].width = min(width, 60)
        sheet.freeze_panes = "A2"
        header = []
        for column in columns:
            cell = WriteOnlyCell(sheet, value=str(column.label))
            cell.font = Font(bold=True)
            header.append(cell)
        sheet.append(header)
        for row in self.found[:EXPORT_LIMIT]:
            sheet.append([_cell(c.value(row)) for c in columns if c.value is not None])
        out = io.BytesIO()
        book.save(out)
        response = HttpResponse(out.getvalue(), content_type=XLSX)
        disposition = content_disposition_header(True, self.filename())
        assert disposition is not None  # always a header for an attachment
        response["Content-Disposition"] = disposition
        return response


def _sheet_title(title: str) -> str:
    return re.sub(r"[\[\]:*?/\\]", " ", title)[:31] or "Sheet"


def _cell(value: Any) -> Any:
    """A value as a spreadsheet cell: text for labels and lists, naive local times."""
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(tzinfo=None)
    if isinstance(value, list | tuple | set):
        return ", ".join(str(v) for v in value)
    if value is None or isinstance(value, str | int | float | bool | dt.date):
        return value
    return str(value)


def _ordering(spec: ListSpec, sort: str) -> list[Any]:
    column = next(c for c in spec.columns if c.key == sort.lstrip("-"))
    if sort.startswith("-"):
        return [F(name).desc(nulls_last=True) for name in column.order]
    return [F(name).asc(nulls_last=True) for name in column.order]


def sort_keys(spec: ListSpec) -> set[str]:
    keys = {c.key for c in spec.columns if c.order}
    return keys | {f"-{k}" for k in keys}


def list_page(params: Mapping[str, Any], found: QuerySet[Any], spec: ListSpec) -> ListPage:
    """``found`` (already narrowed by the access rule) filtered, sorted and paged as
    ``params`` (a request's GET) ask; what it does not understand it ignores and names."""
    total = found.count()
    chosen: dict[str, str] = {}
    values: dict[str, Any] = {}
    ignored: list[str] = []
    for wanted in spec.filters:
        raw = str(params.get(wanted.name, "") or "")
        if not raw:
            continue
        value = wanted.parse(raw)
        if value is None:
            ignored.append(f"{wanted.label}: {raw[:40]}")
            continue
        chosen[wanted.name] = raw.strip()[:TEXT_LIMIT]
        values[wanted.name] = value
        found = wanted.narrow(found, value)
    sort = str(params.get("sort", "") or "")
    if sort and sort not in sort_keys(spec):
        ignored.append(f"{_('Sort')}: {sort[:40]}")
        sort = ""
    sort = sort or spec.default_sort
    if sort:
        found = found.order_by(*_ordering(spec, sort), "-pk" if sort.startswith("-") else "pk")
    kept = {k: str(params.get(k)) for k in spec.keep if params.get(k)}
    page = Paginator(found, spec.page_size).get_page(params.get("page"))
    return ListPage(
        spec=spec,
        found=found,
        page=page,
        chosen=chosen,
        kept=kept,
        sort=sort,
        total=total,
        ignored=ignored,
        exporting=params.get("format") == "xlsx",
        values=values,
    )


def choices(rows: Iterable[tuple[Any, Any]]) -> list[tuple[str, Label]]:
    """(value, label) pairs with the values as the query string carries them."""
    return [(str(value), label) for value, label in rows]


def yes_no() -> list[tuple[str, Label]]:
    return [("yes", _("yes")), ("no", _("no"))]


def rank(field_name: str, values: Sequence[str]) -> Case:
    """A text field's position among ``values`` (severities, most severe first), for
    sorting in the database in the order people mean rather than alphabetically."""
    return Case(
        *[When(**{field_name: value}, then=Value(index)) for index, value in enumerate(values)],
        default=Value(len(values)),
        output_field=IntegerField(),
    )


def respond(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """The page, or with ``?format=xlsx`` the whole filtered list (``context["listing"]``)
    as a spreadsheet."""
    listing = context.get("listing")
    if isinstance(listing, ListPage) and listing.exporting:
        return listing.xlsx()
    return render(request, template, context)
