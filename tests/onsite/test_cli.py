"""``netcare onsite dispatch|log|quota|publish`` on the test database: the same services
and the same ledger as the pages; refusals name the option and exit non-zero."""

from __future__ import annotations

from typer.testing import CliRunner

from netcare.cli import app
from netcare.contracts.models import LedgerEntry
from netcare.onsite.models import Visit
from tests.onsite.conftest import Team


def test_dispatch_log_quota_and_publish_from_the_command_line(team: Team) -> None:
    runner = CliRunner()
    day = team.day(10).isoformat()
    base = ["onsite", "dispatch", "--customer", "ECCB", "--date", day]
    foreign = runner.invoke(app, [*base, "--engineer", "o.foreign_fe", "--purpose", "x"])
    assert foreign.exit_code == 1 and "not a field engineer of ECCB" in foreign.output
    nowhere = runner.invoke(app, [*base, "--engineer", "o.fe", "--purpose", "x", "--site", "?"])
    assert nowhere.exit_code == 2 and "张江数据中心" in nowhere.output
    sent = runner.invoke(
        app, [*base, "--engineer", "o.fe", "--purpose", "Swap the card", "--site", "张江数据中心"]
    )
    assert sent.exit_code == 0, sent.output
    visit = Visit.objects.get()
    assert visit.owner == team.ram  # the system dispatches for the contract's RAM

    log = ["onsite", "log", "--customer", "ECCB", "--engineer", "o.fe"]
    bad = runner.invoke(app, [*log, "--date", "10 May", "--hours", "4"])
    assert bad.exit_code == 2 and "--date" in bad.output
    done = runner.invoke(app, [*log, "--date", day, "--hours", "12", "--travel-hours", "4"])
    assert done.exit_code == 0, done.output
    assert "= 2.0 person-days" in done.output and "used 2.0, left 2.0" in done.output
    second = team.day(11).isoformat()
    runner.invoke(app, [*log, "--date", second, "--hours", "12", "--travel-hours", "4"])
    third = team.day(12).isoformat()
    over = runner.invoke(app, [*log, "--date", third, "--hours", "3", "--visit", str(visit.pk)])
    assert over.exit_code == 1 and "over quota" in over.output
    approval = ["--approved-by", "o.admin", "--approval-note", "bank outage"]
    approved = runner.invoke(app, [*log, "--date", third, "--hours", "3", *approval])
    assert approved.exit_code == 0, approved.output
    assert "warning: less than one person-day left (-0.5)" in approved.output
    entry = LedgerEntry.objects.get(date=team.day(12))
    assert entry.approved_by == team.admin and entry.approval_note == "bank outage"

    quota = runner.invoke(app, ["onsite", "quota", "--customer", "ECCB"])
    assert quota.exit_code == 0, quota.output
    assert "quota 4.0, used 4.5, left -0.5" in quota.output
    assert f"4.5 person-days (35.0 h) · {day}, {second}, {third} · visit #{visit.pk}" in (
        quota.output
    )
    other = ["onsite", "log", "--customer", "ECCB", "--engineer", "o.fe2"]
    nobody = runner.invoke(app, [*other, "--date", day, "--hours", "4"])
    assert nobody.exit_code == 2 and "no open visit" in nobody.output

    published = runner.invoke(
        app, ["onsite", "publish", "--visit", str(visit.pk), "--work-done", "Card swapped."]
    )
    assert published.exit_code == 0, published.output
    visit.refresh_from_db()
    assert visit.state == Visit.State.DONE and visit.deliverable is not None
