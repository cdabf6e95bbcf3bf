"""The words support systems use, mapped to NetCare's: column headers (Chinese and
English) to field names, and severity, status and root-cause values to the vocabularies
of :mod:`netcare.problems.tickets.model`.

Headers and values are compared after :func:`fold`: case, spaces, underscores, hyphens,
slashes, dots, colons and a bracketed suffix (``创建时间(北京时间)``) do not matter, and a
leading ``*`` (the required-column mark of import templates) is dropped.
"""

from __future__ import annotations

import re
import unicodedata
from itertools import pairwise

__all__ = [
    "HEADER_ALIASES",
    "ROOT_CAUSE_ALIASES",
    "SEVERITY_ALIASES",
    "STATUS_ALIASES",
    "field_for_header",
    "fold",
    "root_cause_of",
    "severity_of",
    "status_of",
]

_BRACKETED = re.compile(r"\s*[(（\[【][^)）\]】]*[)）\]】]\s*$")
_NOISE = re.compile(r"[\s_\-/.:：*#·]+")


def fold(text: str) -> str:
    """``text`` as compared: NFKC (full-width letters become ASCII), case-blind, without
    separators or a trailing bracketed note."""
    text = unicodedata.normalize("NFKC", text).strip()
    text = _BRACKETED.sub("", text) or text
    return _NOISE.sub("", text).casefold()


def _ranked(aliases: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, int]]:
    """Folded word → (what it means, its rank: 0 for the name itself, then list order)."""
    table: dict[str, tuple[str, int]] = {}
    for target, words in aliases.items():
        for rank, word in enumerate((target, *words)):
            key = fold(word)
            if table.setdefault(key, (target, rank))[0] != target:
                raise AssertionError(f"alias {word!r} means both {table[key][0]} and {target}")
    return table


def _table(aliases: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {key: target for key, (target, _) in _ranked(aliases).items()}


#: Field name → the headers that mean it (the field name itself always does).
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "number": (
        "工单号", "单号", "工单编号", "问题单号", "报单号", "服务请求号", "案例号", "问题编号",
        "case number", "case no", "case id", "case", "ticket", "ticket number", "ticket no",
        "ticket id", "sr number", "sr no", "service request",
    ),
    "title": (
        "标题", "工单标题", "问题标题", "问题描述摘要", "摘要", "主题", "问题概述",
        "subject", "summary", "case subject", "ticket title",
    ),
    "severity": (
        "级别", "严重级别", "严重程度", "优先级", "问题级别", "故障级别", "等级", "紧急程度",
        "severity", "priority", "sev", "case priority", "case severity", "level",
    ),
    "status": (
        "状态", "工单状态", "处理状态", "问题状态",
        "status", "case status", "ticket status", "state",
    ),
    "opened": (
        "创建时间", "提交时间", "报单时间", "开单时间", "建单时间", "申报时间", "受理时间",
        "opened", "created", "created at", "created on", "created date", "create time",
        "open date", "opened date", "opened at", "open time", "date opened", "date created",
        "date/time opened", "submitted", "submitted at", "reported", "report date",
    ),
    "closed": (
        "关闭时间", "解决时间", "结单时间", "闭环时间", "完成时间", "结案时间",
        "closed", "closed at", "closed on", "closed date", "close date", "close time",
        "date closed", "date/time closed", "resolved", "resolved at", "resolved date",
        "resolution date", "date resolved",
    ),
    "description": (
        "描述", "问题描述", "详细描述", "故障描述", "问题详情",
        "description", "details", "detail", "case description",
    ),
    "product": (
        "产品", "产品线", "产品名称", "产品系列",
        "product", "product line", "product family", "product name", "product series",
    ),
    "model": (
        "型号", "设备型号", "产品型号",
        "model", "device model", "product model", "pid", "model number",
    ),
    "hostname": (
        "设备", "主机名", "设备名", "设备名称", "网元", "网元名称", "sysname",
        "hostname", "host", "host name", "device", "device name", "asset", "asset name",
    ),
    "category": (
        "问题分类", "分类", "问题类型", "故障类型", "类别", "技术分类",
        "category", "type", "problem type", "issue type", "case type", "problem category",
        "technology",
    ),
    "symptom": (
        "现象", "故障现象", "问题现象",
        "symptom", "symptoms", "phenomenon", "problem symptom",
    ),
    "owner": (
        "处理人", "负责人", "责任人", "处理工程师", "工程师",
        "owner", "case owner", "assignee", "assigned to", "engineer",
    ),
    "reporter": (
        "提交人", "报单人", "申报人", "客户联系人",
        "reporter", "reported by", "submitter", "submitted by", "created by", "requester",
        "contact", "contact name",
    ),
    "root_cause": (
        "根因分类", "根因类别", "根因类型", "原因分类", "故障原因分类",
        "root cause", "root cause category", "root cause type", "cause category",
    ),
    "root_cause_text": (
        "根因分析", "根因", "原因分析", "根本原因", "故障原因",
        "root cause analysis", "root cause text", "cause analysis", "rca", "analysis",
    ),
    "advice": (
        "维护建议", "建议", "改进建议", "规避建议", "处理建议",
        "advice", "recommendation", "recommendations", "suggestion", "maintenance advice",
    ),
    "progress": (
        "最新进展", "进展", "处理记录", "处理过程", "处理进展", "进展记录",
        "progress", "progress log", "work log", "worklog", "case notes", "work notes",
        "notes", "updates", "history",
    ),
}  # fmt: skip

_HEADERS = _ranked(HEADER_ALIASES)


def field_for_header(header: str) -> tuple[str, int] | None:
    """The field a header means by the built-in aliases and the alias's rank (lower is
    more specific: when two columns mean one field, the lower rank is read), or None."""
    return _HEADERS.get(fold(header))


#: NetCare severity → the words systems write for it (P1-P4, S1-S4, Sev1-4, 1-4 too).
SEVERITY_ALIASES: dict[str, tuple[str, ...]] = {
    "critical": (
        "紧急", "致命", "一级", "p1", "s1", "sev1", "severity1", "priority1", "1", "critical",
        "urgent", "blocker", "highest",
    ),
    "major": ("严重", "重要", "二级", "p2", "s2", "sev2", "severity2", "priority2", "2", "high"),
    "minor": (
        "一般", "次要", "三级", "普通", "p3", "s3", "sev3", "severity3", "priority3", "3",
        "medium", "normal", "moderate",
    ),
    "info": (
        "提示", "轻微", "四级", "咨询", "建议", "p4", "s4", "sev4", "severity4", "priority4",
        "4", "low", "lowest", "information", "informational", "trivial",
    ),
}  # fmt: skip

#: NetCare status → the words systems write for it.
STATUS_ALIASES: dict[str, tuple[str, ...]] = {
    "open": (
        "新建", "新建立", "待处理", "未处理", "已受理", "受理", "已分配", "待分配", "打开",
        "new", "opened", "assigned", "unassigned", "accepted", "reopened", "重新打开",
    ),
    "in_progress": (
        "处理中", "进行中", "分析中", "排查中", "正在处理", "已升级", "升级中",
        "in progress", "working", "investigating", "active", "escalated", "work in progress",
    ),
    "waiting": (
        "待客户确认", "挂起", "等待", "待反馈", "待客户反馈", "观察中", "待观察", "暂停",
        "pending", "waiting", "on hold", "hold", "suspended", "awaiting customer",
        "waiting on customer", "waiting for customer", "pending customer", "monitoring",
    ),
    "resolved": ("已解决", "解决", "已修复", "已恢复", "resolved", "fixed", "solved"),
    "closed": (
        "已关闭", "关闭", "已归档", "归档", "已结单", "结单", "已闭环", "闭环", "已取消",
        "closed", "done", "completed", "cancelled", "canceled", "archived",
    ),
}  # fmt: skip

#: NetCare root cause → the words systems write for it. 电源/供电 is the power feed (an
#: environment cause); a failed power *module* is 硬件 (``电源模块`` is listed there).
ROOT_CAUSE_ALIASES: dict[str, tuple[str, ...]] = {
    "hardware": (
        "硬件", "硬件故障", "器件故障", "部件故障", "电源模块", "光模块", "板卡",
        "hw", "hardware failure", "hardware fault", "faulty hardware",
    ),
    "software": (
        "软件", "软件缺陷", "软件bug", "版本缺陷", "bug", "缺陷",
        "sw", "software defect", "software bug", "defect", "firmware",
    ),
    "configuration": (
        "配置", "配置错误", "配置问题", "配置不当",
        "config", "configuration error", "misconfiguration", "design",
    ),
    "operation": (
        "操作", "误操作", "人为操作", "人为", "操作不当", "人为失误",
        "human error", "operator error", "procedure", "maintenance",
    ),
    "environment": (
        "环境", "机房环境", "电源", "供电", "市电", "温度", "线缆", "线路",
        "power", "power supply", "cabling", "facility", "facilities", "environmental",
    ),
    "third_party": (
        "第三方", "第三方设备", "运营商", "运营商线路", "外部", "厂家",
        "third party", "3rd party", "carrier", "isp", "vendor", "external",
    ),
    "unknown": ("未知", "不明", "原因不明", "待定位", "unknown", "undetermined", "not found"),
}  # fmt: skip

_SEVERITY = _table(SEVERITY_ALIASES)
_STATUS = _table(STATUS_ALIASES)
_ROOT_CAUSE = _table(ROOT_CAUSE_ALIASES)
_TOKENS = re.compile(r"[a-z]+\d*|\d+|[\u3400-\u9fff]+")
_LATIN_TOKENS = re.compile(r"[a-z]+\d*|\d+")


def _lookup(value: str, table: dict[str, str]) -> str | None:
    """The vocabulary word for ``value``: the whole value folded, else the one meaning
    its tokens agree on (``P1 - Critical``, ``P2（严重）``), else None.

    A token that contradicts another (``P1 low``) gives None rather than a guess.
    """
    whole = fold(value)
    if whole in table:
        return table[whole]
    normal = unicodedata.normalize("NFKC", value).casefold()
    meanings = {table[token] for token in _TOKENS.findall(normal) if token in table}
    # "sev 1", "priority 2": a word followed by a separate number.
    latin = _LATIN_TOKENS.findall(normal)
    meanings |= {table[a + b] for a, b in pairwise(latin) if a + b in table}
    return meanings.pop() if len(meanings) == 1 else None


def severity_of(value: str) -> str | None:
    """``critical``/``major``/``minor``/``info`` for a severity or priority word."""
    return _lookup(value, _SEVERITY)


def status_of(value: str) -> str | None:
    """One of ``STATUSES`` for a status word."""
    return _lookup(value, _STATUS)


def root_cause_of(value: str) -> str | None:
    """One of ``ROOT_CAUSES`` for a root-cause word. Besides the aliases, a value that
    contains the aliases of exactly one category (``硬件故障-风扇``, ``软件缺陷导致``)
    takes that category."""
    found = _lookup(value, _ROOT_CAUSE)
    if found is not None:
        return found
    whole = fold(value)
    keys = [key for key in _ROOT_CAUSE if len(key) >= 2 and not key.isascii() and key in whole]
    # The longest word decides: 电源模块 (hardware) over the 电源 (power feed) inside it.
    keys = [key for key in keys if not any(key != other and key in other for other in keys)]
    hits = {_ROOT_CAUSE[key] for key in keys}
    return hits.pop() if len(hits) == 1 else None
