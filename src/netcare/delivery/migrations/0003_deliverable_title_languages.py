"""Deliverable titles per language: ``title`` becomes ``title_zh`` and ``title_en`` is
added. Titles written before this were one bilingual string, "中文 / English · …"; each
" · "-separated part with a " / " is split into its Chinese and English halves (parts
without one, such as a date or a contract number, belong to both)."""

from __future__ import annotations

from typing import Any

from django.db import migrations, models


def split_title(title: str) -> tuple[str, str]:
    """("主动联系记录 · 2026-01-05 · 拜访", "Proactive contact record · 2026-01-05 · visit")
    from "主动联系记录 / Proactive contact record · 2026-01-05 · 拜访 / visit"; a title
    without " / " is kept as the Chinese one with no English title."""
    if " / " not in title:
        return title, ""
    zh_parts, en_parts = [], []
    for part in title.split(" · "):
        zh, separator, en = part.partition(" / ")
        zh_parts.append(zh.strip())
        en_parts.append(en.strip() if separator else part.strip())
    return " · ".join(zh_parts)[:200], " · ".join(en_parts)[:200]


def forwards(apps: Any, schema_editor: Any) -> None:
    Deliverable = apps.get_model("delivery", "Deliverable")
    changed = []
    for deliverable in Deliverable.objects.filter(title_zh__contains=" / ").only("title_zh"):
        deliverable.title_zh, deliverable.title_en = split_title(deliverable.title_zh)
        changed.append(deliverable)
    Deliverable.objects.bulk_update(changed, ["title_zh", "title_en"], batch_size=500)


def backwards(apps: Any, schema_editor: Any) -> None:
    Deliverable = apps.get_model("delivery", "Deliverable")
    changed = []
    for deliverable in Deliverable.objects.exclude(title_en=""):
        if deliverable.title_en != deliverable.title_zh:
            deliverable.title_zh = f"{deliverable.title_zh} / {deliverable.title_en}"[:200]
            changed.append(deliverable)
    Deliverable.objects.bulk_update(changed, ["title_zh"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("delivery", "0002_service_plan")]

    operations = [
        migrations.RenameField("deliverable", "title", "title_zh"),
        migrations.AlterField(
            model_name="deliverable",
            name="title_zh",
            field=models.CharField(max_length=200, verbose_name="title (Chinese)"),
        ),
        migrations.AddField(
            model_name="deliverable",
            name="title_en",
            field=models.CharField(
                blank=True,
                help_text="Empty when the deliverable has one title for every reader.",
                max_length=200,
                verbose_name="title (English)",
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
