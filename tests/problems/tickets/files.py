"""Writers of ticket exports for the tests: the inverse of the reader, in each format."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook

from netcare.problems.tickets import TicketRecord

ZH_HEADERS = {
    "number": "工单号",
    "title": "标题",
    "severity": "严重级别",
    "status": "状态",
    "opened": "创建时间",
    "closed": "关闭时间",
    "description": "问题描述",
    "product": "产品",
    "model": "型号",
    "hostname": "设备",
    "category": "问题分类",
    "symptom": "现象",
    "owner": "处理人",
    "reporter": "提交人",
    "root_cause": "根因分类",
    "root_cause_text": "根因分析",
    "advice": "维护建议",
    "progress": "处理记录",
}
EN_HEADERS = {name: name.replace("_", " ").title() for name in ZH_HEADERS}
SEVERITY_ZH = {"critical": "紧急", "major": "严重", "minor": "一般", "info": "提示"}
STATUS_ZH = {
    "open": "新建",
    "in_progress": "处理中",
    "waiting": "待客户确认",
    "resolved": "已解决",
    "closed": "已关闭",
}
CAUSE_ZH = {
    "hardware": "硬件",
    "software": "软件",
    "configuration": "配置",
    "operation": "操作",
    "environment": "环境",
    "third_party": "第三方",
    "unknown": "未知",
    "": "",
}


def progress_text(ticket: TicketRecord) -> str:
    return "\n".join(
        f"{p.at:%Y-%m-%d %H:%M} {p.author + '：' if p.author else ''}{p.text}"
        for p in ticket.progress
    )


def cells(ticket: TicketRecord, chinese: bool, *, dates_as_text: bool) -> list[object]:
    row: list[object] = []
    for name in ZH_HEADERS:
        value: object = getattr(ticket, name)
        if name == "severity" and chinese:
            value = SEVERITY_ZH[ticket.severity]
        elif name == "status" and chinese:
            value = STATUS_ZH[ticket.status]
        elif name == "root_cause" and chinese:
            value = CAUSE_ZH[ticket.root_cause]
        elif name == "progress":
            value = progress_text(ticket)
        elif name in ("opened", "closed"):
            if value is None:
                value = ""
            elif dates_as_text:
                value = f"{value:%Y/%-m/%-d %H:%M}"
            else:
                value = value.replace(tzinfo=None)  # type: ignore[attr-defined]
        row.append(value)
    return row


def write_csv(
    path: Path,
    tickets: Sequence[TicketRecord],
    *,
    encoding: str = "utf-8",
    chinese: bool = True,
    delimiter: str = ",",
) -> Path:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(list((ZH_HEADERS if chinese else EN_HEADERS).values()))
    for ticket in tickets:
        writer.writerow(cells(ticket, chinese, dates_as_text=True))
    path.write_bytes(out.getvalue().encode(encoding))
    return path


def write_xlsx(
    path: Path, tickets: Sequence[TicketRecord], *, chinese: bool = True, sheet: str = "工单"
) -> Path:
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = sheet
    ws.append(list((ZH_HEADERS if chinese else EN_HEADERS).values()))
    for ticket in tickets:
        ws.append(cells(ticket, chinese, dates_as_text=False))
    book.save(path)
    return path


def write_json(path: Path, tickets: Sequence[TicketRecord], *, wrapped: bool = True) -> Path:
    items = []
    for ticket in tickets:
        item: dict[str, object] = {
            name: getattr(ticket, name) for name in ZH_HEADERS if name not in ("opened", "closed")
        }
        item["opened"] = ticket.opened.isoformat()
        item["closed"] = ticket.closed.isoformat() if ticket.closed else None
        item["progress"] = [
            {"at": p.at.isoformat(), "text": p.text, "author": p.author} for p in ticket.progress
        ]
        items.append(item)
    data: object = {"tickets": items} if wrapped else items
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path
