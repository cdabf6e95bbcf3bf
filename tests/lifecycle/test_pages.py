"""The lifecycle pages around the services: targets set and removed from the overview
(and a device off its target seen), exposure filters, an expert's feature annotation
changing statuses, an assessment explained point by point, a notice drafted and
published, advisory uploads (real files) — and customer users refused like strangers."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from tests.conftest import World
from tests.lifecycle.world import FIXED, RUNNING, comware_products

from netcare.collection.models import Fact
from netcare.lifecycle.models import (
    Advisory,
    Exploitation,
    Exposure,
    RiskNotice,
    TargetRelease,
    VersionAssessment,
)
from netcare.lifecycle.services import exposures


@pytest.fixture
def world(shared_world: World) -> World:
    """One world for the module, as built (each test's writes are undone)."""
    return shared_world


ADVISORIES = Path(__file__).resolve().parents[1] / "data" / "lifecycle" / "advisories"


def client_for(world: World, role: str, language: str = "en") -> Client:
    client = Client()
    client.force_login(world.users[role])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def _messages(response: Any) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def _section(response: Any, name: str) -> str:
    """One ``<section id=name>`` of a page."""
    body: str = response.content.decode()
    start = body.index(f'id="{name}"')
    return body[start : body.index("</section>", start)]


def _page_urls(world: World) -> list[str]:
    code = world.own.code
    return [
        reverse("lifecycle:overview", kwargs={"code": code}),
        reverse("lifecycle:summary_xlsx", kwargs={"code": code}),
        reverse("lifecycle:exposure_list", kwargs={"code": code}),
        reverse("lifecycle:advisory_list"),
        reverse("lifecycle:advisory_detail", kwargs={"pk": world.obj("advisory", "own").pk}),
        reverse(
            "lifecycle:assessment_detail", kwargs={"pk": world.obj("version_assessment", "own").pk}
        ),
        reverse("lifecycle:notice_detail", kwargs={"pk": world.obj("risk_notice", "own").pk}),
    ]


@pytest.mark.parametrize("role", ["customer_viewer", "customer_admin"])
def test_customer_users_get_404_on_every_lifecycle_page(world: World, role: str) -> None:
    client = client_for(world, role)
    for url in _page_urls(world):
        assert client.get(url).status_code == 404, url
    code = world.own.code
    posts = [
        reverse("lifecycle:summary_publish", kwargs={"code": code}),
        reverse("lifecycle:assess", kwargs={"code": code}),
        reverse("lifecycle:target_set", kwargs={"code": code}),
        reverse("lifecycle:notice_create", kwargs={"code": code}),
        reverse("lifecycle:target_remove", kwargs={"pk": world.obj("target_release", "own").pk}),
        reverse("lifecycle:advisory_import"),
    ]
    for url in posts:
        assert client.post(url).status_code == 404, url
    assert TargetRelease.objects.filter(customer=world.own).count() == 1


def test_staff_pages_render_in_both_languages(world: World) -> None:
    for language, word in (("en", "Target releases"), ("zh-hans", "目标版本")):
        client = client_for(world, "member_staff", language)
        body = client.get(_page_urls(world)[0]).content.decode()
        assert word in body, language
        for url in _page_urls(world)[2:]:
            assert client.get(url).status_code == 200, (language, url)


def _switch_row(body: str, hostname: str) -> str:
    start = body.index(f">{hostname}</a>")
    return body[body.rindex("<tr", 0, start) : body.index("</tr>", start)]


def test_a_target_set_on_the_page_decides_off_track(world: World) -> None:
    client = client_for(world, "member_staff")
    code = world.own.code
    device = world.obj("device", "own")
    overview = reverse("lifecycle:overview", kwargs={"code": code})
    # The world's platform target is a newer release than the switch runs.
    assert "off target" in _switch_row(client.get(overview).content.decode(), device.hostname)
    # A device rule outranks the platform rule: the switch's own release is its target.
    response = client.post(
        reverse("lifecycle:target_set", kwargs={"code": code}),
        {"platform": "hp_comware", "device": device.pk, "release": RUNNING, "reason": "frozen"},
        follow=True,
    )
    assert "Target release set." in _messages(response)
    row = _switch_row(response.content.decode(), device.hostname)
    assert "on target" in row and "off target" not in row and RUNNING in row
    # Removing the device rule puts the platform rule back.
    rule = TargetRelease.objects.get(customer=world.own, device=device)
    response = client.post(reverse("lifecycle:target_remove", kwargs={"pk": rule.pk}), follow=True)
    assert "Target release removed." in _messages(response)
    row = _switch_row(response.content.decode(), device.hostname)
    assert "off target" in row and FIXED in row


def test_a_release_the_scheme_cannot_read_is_refused_with_a_message(world: World) -> None:
    client = client_for(world, "member_staff")
    response = client.post(
        reverse("lifecycle:target_set", kwargs={"code": world.own.code}),
        {"platform": "hp_comware", "release": "latest please"},
        follow=True,
    )
    assert any("latest please" in m for m in _messages(response)), _messages(response)
    assert TargetRelease.objects.filter(customer=world.own).count() == 1


def test_a_foreign_device_is_not_a_choice_for_a_target(world: World) -> None:
    client = client_for(world, "member_staff")
    foreign = world.obj("device", "foreign")
    response = client.post(
        reverse("lifecycle:target_set", kwargs={"code": world.own.code}),
        {"platform": "hp_comware", "device": foreign.pk, "release": RUNNING},
        follow=True,
    )
    assert response.status_code == 200
    assert not TargetRelease.objects.filter(device=foreign).exists()
    assert foreign.hostname not in response.content.decode()


def _more_advisories() -> None:
    """A known-exploited critical vulnerability fixed before the switch's release, and
    one still open: with the world's two, matched for real."""
    Advisory.objects.create(
        key="TEST-COMWARE-OLD-03",
        kind=Advisory.Kind.VULNERABILITY,
        title="Fixed long ago",
        source_format="csaf",
        severity="critical",
        cves=["CVE-2099-0003"],
        products=comware_products("7.1.070, Release 7536P05"),
        platforms=["hp_comware"],
        content_hash="old",
    )
    Advisory.objects.create(
        key="TEST-COMWARE-KEV-04",
        kind=Advisory.Kind.VULNERABILITY,
        title="Exploited in the wild",
        source_format="cve5",
        severity="critical",
        cves=["CVE-2099-0004"],
        products=comware_products(),
        platforms=["hp_comware"],
        content_hash="kev",
    )
    Exploitation.objects.create(cve="CVE-2099-0004", known_exploited=True)


def _keys(body: str) -> set[str]:
    return {k for k in ("SSH-01", "BGP-02", "OLD-03", "KEV-04") if f"TEST-COMWARE-{k}" in body}


def test_exposure_filters(world: World) -> None:
    _more_advisories()
    exposures.do_match(world.own, notify_staff=False)
    client = client_for(world, "member_staff")
    url = reverse("lifecycle:exposure_list", kwargs={"code": world.own.code})
    assert _keys(client.get(url).content.decode()) == {"SSH-01", "BGP-02", "OLD-03", "KEV-04"}
    cases = {
        "status=vulnerable": {"SSH-01", "KEV-04"},
        "status=potentially_vulnerable": {"BGP-02"},
        "status=not_vulnerable": {"OLD-03"},
        "severity=critical": {"OLD-03", "KEV-04"},
        "kind=bug": {"BGP-02"},
        "exploited=yes": {"KEV-04"},
        "exploited=no&status=vulnerable": {"SSH-01"},
    }
    for query, expected in cases.items():
        body = client.get(f"{url}?{query}").content.decode()
        assert _keys(body) == expected, query
    # The reason is written in the viewer's language.
    zh = client_for(world, "member_staff", "zh-hans").get(f"{url}?status=vulnerable")
    assert "受影响范围" in zh.content.decode()
    assert "affected range" in client.get(f"{url}?status=vulnerable").content.decode()


def test_the_exposure_page_draws_exposed_devices_by_severity(world: World) -> None:
    _more_advisories()
    exposures.do_match(world.own, notify_staff=False)
    url = reverse("lifecycle:exposure_list", kwargs={"code": world.own.code})
    page = client_for(world, "member_staff", "en").get(url).content.decode()
    chart = page.split('id="by-severity"')[1].split("</section>")[0]
    # One switch, vulnerable to SSH-01 and KEV-04: one device, the filter's own count.
    assert "<svg" in chart and "1 devices are confirmed vulnerable" in chart


def _configured(world: World, features: list[str]) -> None:
    fact = Fact.objects.get(device=world.obj("device", "own"))
    fact.facts = {**fact.facts, "config_text": "#\n sysname ECCB-CORE-01\n#", "features": features}
    fact.save()


def test_the_annotate_form_changes_statuses(world: World) -> None:
    _configured(world, ["ssh_server"])
    advisory = world.obj("advisory", "own")
    device = world.obj("device", "own")
    client = client_for(world, "member_staff")
    url = reverse("lifecycle:advisory_annotate", kwargs={"pk": advisory.pk})

    def status() -> str:
        return Exposure.objects.get(device=device, advisory=advisory).status

    response = client.post(url, {"features": ["bgp"], "text": "BGP in use"}, follow=True)
    assert "Feature condition saved; exposures matched again." in _messages(response)
    assert status() == "not_vulnerable"
    advisory.refresh_from_db()
    assert advisory.feature_source == "expert" and advisory.feature_any_of == ["bgp"]
    client.post(url, {"features": ["ssh_server", "bgp"]})
    assert status() == "vulnerable"
    client.post(url, {"features": []})
    assert status() == "vulnerable"
    advisory.refresh_from_db()
    assert advisory.feature_any_of == [] and advisory.feature_source == ""
    response = client.post(url, {"features": ["no_such_feature"]}, follow=True)
    assert any("no_such_feature" in m for m in _messages(response))


def test_the_advisory_page_lists_only_exposures_the_viewer_may_see(world: World) -> None:
    advisory = world.obj("advisory", "own")
    exposures.do_match(world.foreign, notify_staff=False)
    own, foreign = world.obj("device", "own").hostname, world.obj("device", "foreign").hostname
    url = reverse("lifecycle:advisory_detail", kwargs={"pk": advisory.pk})
    body = client_for(world, "member_staff").get(url).content.decode()
    assert own in body and foreign not in body
    body = client_for(world, "nonmember_staff").get(url).content.decode()
    assert foreign in body and own not in body
    body = client_for(world, "admin").get(url).content.decode()
    assert own in body and foreign in body


def test_an_assessment_run_from_the_page_explains_every_point(world: World) -> None:
    client = client_for(world, "member_staff")
    response = client.post(reverse("lifecycle:assess", kwargs={"code": world.own.code}))
    assessment = VersionAssessment.objects.filter(customer=world.own).latest("created")
    assert response.status_code == 302 and response["Location"] == reverse(
        "lifecycle:assessment_detail", kwargs={"pk": assessment.pk}
    )
    score = assessment.scores.get(device=world.obj("device", "own"))
    assert score.points, "the world's switch is exposed and off target"
    url = response["Location"]
    english = client.get(url).content.decode()
    chinese = client_for(world, "member_staff", "zh-hans").get(url).content.decode()
    for point in score.points:
        assert point["en"] in english and point["zh"] in chinese, point
        assert point["factor"] in english
    assert "TEST-COMWARE-SSH-01" in english


def test_a_notice_is_drafted_from_the_exposures_and_published(world: World) -> None:
    client = client_for(world, "member_staff")
    advisory = world.obj("advisory", "own")
    exposures_url = reverse("lifecycle:exposure_list", kwargs={"code": world.own.code})
    body = client.get(exposures_url).content.decode()
    assert reverse("lifecycle:notice_create", kwargs={"code": world.own.code}) in body
    response = client.post(
        reverse("lifecycle:notice_create", kwargs={"code": world.own.code}),
        {"advisory": advisory.pk, "impact": "SSH restarts", "proposal": "Upgrade"},
    )
    notice = RiskNotice.objects.filter(customer=world.own).latest("created")
    assert response["Location"] == reverse("lifecycle:notice_detail", kwargs={"pk": notice.pk})
    assert notice.impact == "SSH restarts" and notice.state == "draft"
    response = client.post(
        reverse("lifecycle:notice_publish", kwargs={"pk": notice.pk}), follow=True
    )
    assert "Risk notice published." in _messages(response)
    notice.refresh_from_db()
    assert notice.state == "published" and notice.deliverable is not None
    assert notice.deliverable.state == "published"
    assert {(f.format, f.language) for f in notice.deliverable.files.all()} >= {
        ("docx", "zh"),
        ("pdf", "en"),
    }


def test_a_notice_for_an_advisory_no_device_is_exposed_to_is_refused(world: World) -> None:
    client = client_for(world, "member_staff")
    # The foreign advisory's only exposure is the foreign customer's.
    response = client.post(
        reverse("lifecycle:notice_create", kwargs={"code": world.own.code}),
        {"advisory": world.obj("advisory", "foreign").pk},
        follow=True,
    )
    assert any("TEST-COMWARE-BGP-02" in m for m in _messages(response))
    assert RiskNotice.objects.filter(customer=world.own).count() == 1


def test_the_summary_downloads_as_xlsx(world: World) -> None:
    from openpyxl import load_workbook

    client = client_for(world, "member_staff")
    response = client.get(reverse("lifecycle:summary_xlsx", kwargs={"code": world.own.code}))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    cells = {str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row}
    assert world.obj("device", "own").hostname in cells
    assert world.obj("device", "foreign").hostname not in cells


def test_the_summary_is_published_from_the_page(world: World) -> None:
    client = client_for(world, "member_staff")
    response = client.post(
        reverse("lifecycle:summary_publish", kwargs={"code": world.own.code}), follow=True
    )
    assert "Version summary published." in _messages(response)
    from netcare.delivery.models import Deliverable

    published = Deliverable.objects.get(customer=world.own, report_type="version_management")
    assert published.state == "published"
    assert {f.format for f in published.files.all()} == {"xlsx", "docx", "pdf"}


def _upload(path: Path) -> io.BytesIO:
    data = io.BytesIO(path.read_bytes())
    data.name = path.name
    return data


def test_real_advisories_are_imported_from_the_page(world: World) -> None:
    client = client_for(world, "nonmember_staff")  # shared data: staff of any customer
    files = [
        _upload(ADVISORIES / "CVE-2018-0171.json"),
        _upload(ADVISORIES / "CVE-2023-36844.json"),
    ]
    response = client.post(reverse("lifecycle:advisory_import"), {"documents": files}, follow=True)
    assert any(m.startswith("Imported: 2 new") for m in _messages(response)), _messages(response)
    body = response.content.decode()
    assert "CVE-2018-0171" in body and "CVE-2023-36844" in body
    listed = _section(
        client.get(reverse("lifecycle:advisory_list") + "?platform=juniper_junos"), "advisories"
    )
    assert "CVE-2023-36844" in listed and "CVE-2018-0171" not in listed


def test_a_refused_import_names_the_file(world: World) -> None:
    client = client_for(world, "member_staff")
    broken = io.BytesIO(b'{"dataType": "CVE_RECORD", "containers": ')
    broken.name = "half-a-record.json"
    before = Advisory.objects.count()
    good = _upload(ADVISORIES / "CVE-2018-0171.json")
    response = client.post(
        reverse("lifecycle:advisory_import"), {"documents": [good, broken]}, follow=True
    )
    errors = _messages(response)
    assert any("half-a-record.json" in m and m.startswith("Refused") for m in errors), errors
    assert Advisory.objects.count() == before  # all or nothing
    assert "half-a-record.json" in response.content.decode()  # the import history says so


def test_list_pages_cost_a_bounded_number_of_queries(
    world: World, django_assert_max_num_queries: Any
) -> None:
    client = client_for(world, "member_staff")
    urls = [
        reverse("lifecycle:exposure_list", kwargs={"code": world.own.code}),
        reverse("lifecycle:advisory_list"),
        reverse("lifecycle:overview", kwargs={"code": world.own.code}),
        reverse("lifecycle:advisory_detail", kwargs={"pk": world.obj("advisory", "own").pk}),
    ]
    before = {}
    for url in urls:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        before[url] = len(captured)
    for n in range(30):
        Advisory.objects.create(
            key=f"TEST-BULK-{n:02d}",
            kind=Advisory.Kind.VULNERABILITY,
            title=f"Bulk {n}",
            source_format="csaf",
            severity="medium",
            cves=[f"CVE-2099-1{n:03d}"],
            products=comware_products(),
            platforms=["hp_comware"],
            content_hash=f"bulk-{n}",
        )
    exposures.do_match(world.own, notify_staff=False)
    assert Exposure.objects.filter(customer=world.own).count() >= 32
    for url in urls:
        with django_assert_max_num_queries(before[url]):
            assert client.get(url).status_code == 200


def test_the_customer_bar_has_a_versions_tab_for_staff(world: World) -> None:
    url = reverse("web:customer_detail", kwargs={"code": world.own.code})
    versions = reverse("lifecycle:overview", kwargs={"code": world.own.code})
    staff = client_for(world, "member_staff")
    staff.get(url)  # opening the customer makes it the current one of the bar
    assert versions in staff.get(url).content.decode()
    customer = client_for(world, "customer_admin")
    customer.get(url)
    assert versions not in customer.get(url).content.decode()
