"""The inbox: read notifications, open their link, set preferences."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from netcare.notifications import services
from netcare.notifications.forms import PreferenceForm
from netcare.notifications.models import Notification


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    found = Notification.objects.for_user(request.user)[:200]
    context = {"notifications": found, "unread": services.unread_count(request.user)}
    return render(request, "notifications/inbox.html", context)


@login_required
@require_POST
def read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark read and follow the notification's link (only within this site)."""
    notification = get_object_or_404(Notification.objects.for_user(request.user), pk=pk)
    services.do_mark_read(notification, actor=request.user)
    if notification.link and url_has_allowed_host_and_scheme(notification.link, allowed_hosts=None):
        return redirect(notification.link)
    return redirect("notifications:inbox")


@login_required
@require_POST
def read_all(request: HttpRequest) -> HttpResponse:
    services.do_mark_all_read(actor=request.user)
    return redirect("notifications:inbox")


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    current = services.preference_for(request.user)
    initial = {
        "language": current.language,
        "email": current.email,
        "muted_kinds": current.muted_kinds,
        "remind_days_before": current.remind_days_before,
    }
    form = PreferenceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.do_save_preference(request.user, actor=request.user, **form.cleaned_data)
        return redirect("notifications:inbox")
    return render(request, "notifications/preferences.html", {"form": form})
