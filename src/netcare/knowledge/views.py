"""Knowledge pages: the library (shared vendor data, read by staff of any customer,
written by admins and experts), a customer's packages (customer users see pushed ones),
one package and its review actions. Each action is its own POST view around one
service call; a refused input comes back as a page message."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from netcare.core import access
from netcare.core.access import get_visible_or_404, visible_customer_or_404
from netcare.knowledge import pages
from netcare.knowledge.forms import AddDocumentForm, DocumentForm, ImportForm, ProfileForm
from netcare.knowledge.models import DocPackage, Document, PackageItem
from netcare.knowledge.services import imports, library, packages, profiles
from netcare.web.actions import attempt


def _shared(request: HttpRequest) -> None:
    if not access.is_vendor_staff(request.user):
        raise Http404


def _writer(request: HttpRequest) -> None:
    _shared(request)
    if not access.may_shared(request.user, "manage_library"):
        raise Http404


def _staff_package(request: HttpRequest, pk: int) -> DocPackage:
    found = get_visible_or_404(DocPackage.objects.select_related("customer"), request.user, pk=pk)
    access.require_staff(request.user, found.customer)
    return found


@login_required
def library_page(request: HttpRequest) -> HttpResponse:
    _shared(request)
    return render(request, "knowledge/library.html", pages.library(request.user, request.GET))


@login_required
@require_GET
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_visible_or_404(Document, request.user, pk=pk)
    return render(request, "knowledge/document_detail.html", {"document": document})


@login_required
@require_GET
def document_file(request: HttpRequest, pk: int) -> FileResponse:
    document = get_visible_or_404(Document, request.user, pk=pk)
    if not document.file:
        raise Http404
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.file_name)


@login_required
@require_POST
def document_save(request: HttpRequest) -> HttpResponse:
    _writer(request)
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        for field, errors in form.errors.items():
            messages.error(request, f"{field}: {' '.join(str(e) for e in errors)}")
        return redirect("knowledge:library")
    data = dict(form.cleaned_data)
    upload = data.pop("file", None)
    saved = attempt(
        request,
        lambda: library.do_save_document(
            actor=request.user,
            data=data,
            file_name=upload.name if upload else "",
            content=upload.read() if upload else None,
        ),
        _("Document saved."),
    )
    return (
        redirect("knowledge:document_detail", pk=saved.pk)
        if saved
        else redirect("knowledge:library")
    )


@login_required
@require_POST
def library_import(request: HttpRequest) -> HttpResponse:
    _writer(request)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a zip or an index file."))
        return redirect("knowledge:library")
    upload = form.cleaned_data["file"]
    try:
        record = imports.do_import_library(upload.name, upload.read(), actor=request.user)
    except imports.ImportRefused as refused:
        messages.error(request, refused.record.error)
        return redirect("knowledge:library")
    messages.success(
        request,
        _("Imported: %(created)s new, %(updated)s updated.")
        % {"created": record.counts["created"], "updated": record.counts["updated"]},
    )
    return redirect("knowledge:library")


@login_required
@require_GET
def packages_page(request: HttpRequest, code: str) -> HttpResponse:
    customer = visible_customer_or_404(request.user, code)
    return render(
        request, "knowledge/packages.html", pages.customer_packages(customer, request.user)
    )


@login_required
@require_POST
def profile_save(request: HttpRequest, code: str) -> HttpResponse:
    customer = visible_customer_or_404(request.user, code)
    if not access.may(request.user, "declare_scenarios", customer):
        raise Http404
    form = ProfileForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: profiles.do_set_profile(
                customer,
                scenarios=form.cleaned_data["scenarios"],
                language=form.cleaned_data["language"],
                actor=request.user,
            ),
            _("Scenarios saved."),
        )
    else:
        messages.error(request, _("Choose known scenarios and a language."))
    return redirect("knowledge:packages", code=customer.code)


@login_required
@require_POST
def package_propose(request: HttpRequest, code: str) -> HttpResponse:
    customer = visible_customer_or_404(request.user, code, staff=True)
    package = attempt(
        request,
        lambda: packages.do_propose_package(customer, actor=request.user, refresh=True),
        _("Package proposed."),
    )
    if package is None:
        return redirect("knowledge:packages", code=customer.code)
    return redirect("knowledge:package_detail", pk=package.pk)


@login_required
@require_GET
def package_detail(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_visible_or_404(
        DocPackage.objects.select_related("customer", "deliverable"), request.user, pk=pk
    )
    return render(request, "knowledge/package_detail.html", pages.package(found, request.user))


@login_required
@require_POST
def package_add(request: HttpRequest, pk: int) -> HttpResponse:
    package = _staff_package(request, pk)
    form = AddDocumentForm(request.POST)
    document = (
        Document.objects.visible_to(request.user).filter(slug=form.data.get("document", "")).first()
    )
    if document is None:
        messages.error(request, _("No such document in the library."))
    else:
        attempt(
            request,
            lambda: packages.do_add_item(package, document, actor=request.user),
            _("Document added."),
        )
    return redirect("knowledge:package_detail", pk=package.pk)


@login_required
@require_POST
def item_remove(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_visible_or_404(PackageItem.objects.select_related("package"), request.user, pk=pk)
    access.require_staff(request.user, item.customer_id)
    attempt(
        request, lambda: packages.do_remove_item(item, actor=request.user), _("Document taken out.")
    )
    return redirect("knowledge:package_detail", pk=item.package_id)


@login_required
@require_POST
def package_push(request: HttpRequest, pk: int) -> HttpResponse:
    package = _staff_package(request, pk)
    attempt(
        request,
        lambda: packages.do_push_package(package, actor=request.user),
        _("Package pushed to the customer."),
    )
    return redirect("knowledge:package_detail", pk=package.pk)
