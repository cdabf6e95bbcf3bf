"""Rule packs: the YAML files of ``data/rules`` read, schema-checked and compiled once.

A pack is data (docs/rule-packs.md). Loading checks every field and names the file, the
rule id and the field of each mistake, so a pack author sees all problems of a pack at
once; then it compiles every regex and every simpleeval expression, so evaluating a rule
over 10,000 devices never parses a pattern again. Plain Python, no Django.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from simpleeval import EvalWithCompoundTypes

from netcare.collection.parsing.facts import FACTS_FIELDS

from . import health
from . import named as named_checks
from .expressions import Compiled, compile_expression
from .model import CATEGORIES, SEVERITIES, Text

__all__ = [
    "RULES_DIR",
    "Applies",
    "Check",
    "PackError",
    "Rule",
    "RuleSet",
    "expression_functions",
    "load_ruleset",
    "read_pack",
]

RULES_DIR = Path(__file__).resolve().parent.parent / "data" / "rules"

_PACK_KEYS = {"pack", "version", "title", "platforms", "rules", "vars"}
_RULE_KEYS = {
    "id",
    "title",
    "why",
    "category",
    "severity",
    "applies",
    "needs",
    "check",
    "recommendation",
    "reference",
    "hardening",
}
_REQUIRED_RULE_KEYS = ("id", "title", "why", "category", "severity", "check", "recommendation")
_APPLIES_KEYS = {"platforms", "model", "features", "os_major"}
_CHECK_KEYS: dict[str, set[str]] = {
    "expr": {"kind", "expr", "each", "where", "subject"},
    "config": {"kind", "within", "having", "present", "absent", "all"},
    "log": {"kind", "pattern", "within_days", "min_count", "subject", "max_severity"},
    "python": {"kind", "name"},
}
_RULE_ID = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")
_PLATFORMS = (
    "hp_comware",
    "huawei_vrp",
    "cisco_ios",
    "cisco_xe",
    "cisco_nxos",
    "juniper_junos",
    "arista_eos",
)


def _search(pattern: str, text: object) -> bool:
    if text is None:
        return False
    return re.search(pattern, str(text), re.IGNORECASE) is not None


def _lower(text: object) -> str:
    return "" if text is None else str(text).lower()


def _startswith(text: object, prefix: str) -> bool:
    return text is not None and str(text).startswith(prefix)


def expression_functions() -> dict[str, Any]:
    """The functions an ``expr`` may call (docs/rule-packs.md, "expr")."""
    return {
        "len": len,
        "any": any,
        "all": all,
        "min": min,
        "max": max,
        "sum": sum,
        "abs": abs,
        "round": round,
        "int": int,
        "float": float,
        "str": str,
        "sorted": sorted,
        "lower": _lower,
        "search": _search,
        "startswith": _startswith,
    }


class PackError(ValueError):
    """A pack that does not follow docs/rule-packs.md; the message lists every mistake
    as ``file: rule id: field: what is wrong``."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = tuple(problems)


@dataclass(frozen=True)
class Applies:
    """Which devices a rule speaks of; every given part must hold."""

    platforms: frozenset[str]
    model: re.Pattern[str] | None = None
    features: tuple[str, ...] = ()
    os_major: frozenset[int] | None = None


@dataclass(frozen=True)
class Check:
    """A compiled check. Only the fields of its ``kind`` are set."""

    kind: str
    # expr
    expr: str = ""
    tree: ast.Expr | None = None
    names: tuple[str, ...] = ()  # facts the expression reads (shown as evidence)
    each: str = ""
    where: ast.Expr | None = None
    fast: Compiled | None = field(default=None, compare=False, repr=False)
    fast_where: Compiled | None = field(default=None, compare=False, repr=False)
    subject_field: str = ""
    # config
    within: tuple[re.Pattern[str], ...] = ()
    having: re.Pattern[str] | None = None  # only sections with a child matching this
    present: re.Pattern[str] | None = None
    absent: re.Pattern[str] | None = None
    both: bool = False  # `all: true`: present must match AND absent must be missing
    # log
    pattern: re.Pattern[str] | None = None
    within_days: float | None = None
    min_count: int = 1
    subject_regex: re.Pattern[str] | None = None
    max_severity: int | None = None
    # python
    name: str = ""


@dataclass(frozen=True)
class Rule:
    """One rule of a pack, compiled (see docs/rule-packs.md for each field)."""

    id: str
    pack: str
    pack_version: str
    title: Text
    why: Text
    category: str
    severity: str
    applies: Applies
    needs: tuple[str, ...]
    check: Check
    recommendation: Text
    reference: str
    hardening: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    source: str = ""

    def has_hardening(self, platform: str) -> bool:
        return platform in self.hardening


@dataclass(frozen=True)
class RuleSet:
    """Every rule of every loaded pack, in pack then file order.

    ``packs`` maps pack name to version; ``vars`` the pack's hardening defaults.
    """

    rules: tuple[Rule, ...]
    packs: dict[str, str]
    titles: dict[str, Text] = field(default_factory=dict)
    vars: dict[str, dict[str, Any]] = field(default_factory=dict)
    by_id: dict[str, Rule] = field(default_factory=dict)

    def rule(self, rule_id: str) -> Rule:
        """The rule with this id (KeyError when no pack has it)."""
        return self.by_id[rule_id]

    def __len__(self) -> int:
        return len(self.rules)

    def __contains__(self, rule_id: object) -> bool:
        return rule_id in self.by_id


class _Problems:
    """Collects ``file: rule: field: message`` lines while a pack is read."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.items: list[str] = []

    def add(self, rule_id: str, field_name: str, message: str) -> None:
        self.items.append(f"{self.source}: {rule_id or '-'}: {field_name}: {message}")


_FUNCTIONS = expression_functions()
_PARSER = EvalWithCompoundTypes(functions=_FUNCTIONS)


def _text(value: object, problems: _Problems, rule_id: str, name: str) -> Text:
    if (
        isinstance(value, dict)
        and set(value) == {"zh", "en"}
        and all(isinstance(v, str) and v.strip() for v in value.values())
    ):
        return Text(zh=value["zh"].strip(), en=value["en"].strip())
    problems.add(rule_id, name, "must be {zh: ..., en: ...} with both texts filled")
    return Text("", "")


def _regex(value: object, problems: _Problems, rule_id: str, name: str) -> re.Pattern[str] | None:
    if not isinstance(value, str) or not value:
        problems.add(rule_id, name, "must be a non-empty regular expression")
        return None
    try:
        return re.compile(value)
    except re.error as exc:
        problems.add(rule_id, name, f"invalid regular expression: {exc}")
        return None


def _expression(
    value: object, problems: _Problems, rule_id: str, name: str, extra_names: frozenset[str]
) -> ast.Expr | None:
    if not isinstance(value, str) or not value.strip():
        problems.add(rule_id, name, "must be a non-empty expression")
        return None
    try:
        tree = _PARSER.parse(value)
    except SyntaxError as exc:
        problems.add(rule_id, name, f"invalid expression: {exc.msg}")
        return None
    if not isinstance(tree, ast.Expr):
        problems.add(rule_id, name, "must be a single expression")
        return None
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id not in _PARSER.functions
        ):
            problems.add(rule_id, name, f"unknown function {node.func.id!r}")
    known = set(FACTS_FIELDS) | extra_names | {"True", "False", "None"}
    for unknown in sorted(set(_all_free_names(tree)) - known):
        problems.add(rule_id, name, f"unknown name {unknown!r} (not a facts field)")
    return tree


def _all_free_names(tree: ast.AST) -> list[str]:
    """Names an expression reads that no comprehension binds, function names excluded."""
    bound = {
        n.id
        for node in ast.walk(tree)
        if isinstance(node, ast.comprehension)
        for n in ast.walk(node.target)
        if isinstance(n, ast.Name)
    }
    called = {id(node.func) for node in ast.walk(tree) if isinstance(node, ast.Call)}
    return [
        node.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Name) and node.id not in bound and id(node) not in called
    ]


def _free_names(tree: ast.AST) -> tuple[str, ...]:
    """Facts fields an expression reads (comprehension variables excluded)."""
    bound = {
        n.id
        for node in ast.walk(tree)
        if isinstance(node, ast.comprehension)
        for n in ast.walk(node.target)
        if isinstance(n, ast.Name)
    }
    seen: dict[str, None] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id not in bound and node.id in FACTS_FIELDS:
            seen[node.id] = None
    return tuple(seen)


def _check(raw: object, problems: _Problems, rule_id: str) -> Check | None:
    if not isinstance(raw, dict):
        problems.add(rule_id, "check", "must be a mapping with a kind")
        return None
    kind = raw.get("kind")
    if kind not in _CHECK_KEYS:
        problems.add(rule_id, "check.kind", f"must be one of {sorted(_CHECK_KEYS)}")
        return None
    for key in sorted(set(raw) - _CHECK_KEYS[kind]):
        problems.add(rule_id, f"check.{key}", f"not a field of a {kind} check")
    if kind == "expr":
        return _expr_check(raw, problems, rule_id)
    if kind == "config":
        return _config_check(raw, problems, rule_id)
    if kind == "log":
        return _log_check(raw, problems, rule_id)
    name = raw.get("name")
    if not isinstance(name, str) or name not in named_checks.REGISTRY:
        known = ", ".join(sorted(named_checks.REGISTRY))
        problems.add(rule_id, "check.name", f"not a registered named check (known: {known})")
        return None
    return Check(kind="python", name=name)


def _expr_check(raw: dict[str, Any], problems: _Problems, rule_id: str) -> Check | None:
    each = raw.get("each", "")
    if each:
        if each not in FACTS_FIELDS:
            problems.add(rule_id, "check.each", f"not a facts field: {each!r}")
        if "expr" in raw:
            problems.add(rule_id, "check.expr", "an `each` check takes `where`, not `expr`")
        where = _expression(raw.get("where"), problems, rule_id, "check.where", frozenset({"item"}))
        subject = raw.get("subject", "")
        if not isinstance(subject, str):
            problems.add(rule_id, "check.subject", "must be the item field naming the subject")
            subject = ""
        return Check(
            kind="expr",
            each=each,
            where=where,
            subject_field=subject,
            fast_where=compile_expression(where, _FUNCTIONS) if where is not None else None,
        )
    for key in ("where", "subject"):
        if key in raw:
            problems.add(rule_id, f"check.{key}", "only with `each`")
    tree = _expression(raw.get("expr"), problems, rule_id, "check.expr", frozenset())
    names = _free_names(tree) if tree is not None else ()
    return Check(
        kind="expr",
        expr=str(raw.get("expr")),
        tree=tree,
        names=names,
        fast=compile_expression(tree, _FUNCTIONS) if tree is not None else None,
    )


def _config_check(raw: dict[str, Any], problems: _Problems, rule_id: str) -> Check | None:
    if "present" not in raw and "absent" not in raw:
        problems.add(rule_id, "check", "a config check needs `present` and/or `absent`")
        return None
    within: tuple[re.Pattern[str], ...] = ()
    if "within" in raw:
        parts = raw["within"]
        if isinstance(parts, str):
            parts = parts.split(" >> ")
        if not isinstance(parts, list) or not parts:
            problems.add(rule_id, "check.within", "must be regexes joined by ' >> '")
        else:
            compiled = [_regex(p.strip(), problems, rule_id, "check.within") for p in parts]
            within = tuple(c for c in compiled if c is not None)
    present = (
        _regex(raw["present"], problems, rule_id, "check.present") if "present" in raw else None
    )
    absent = _regex(raw["absent"], problems, rule_id, "check.absent") if "absent" in raw else None
    having = None
    if "having" in raw:
        if not within:
            problems.add(rule_id, "check.having", "`having` selects `within` sections: give both")
        having = _regex(raw["having"], problems, rule_id, "check.having")
    both = raw.get("all", False)
    if not isinstance(both, bool):
        problems.add(rule_id, "check.all", "must be true or false")
        both = False
    if both and ("present" not in raw or "absent" not in raw):
        problems.add(rule_id, "check.all", "`all: true` needs both `present` and `absent`")
    return Check(
        kind="config",
        within=within,
        having=having,
        present=present,
        absent=absent,
        both=both,
    )


def _log_check(raw: dict[str, Any], problems: _Problems, rule_id: str) -> Check | None:
    pattern = _regex(raw.get("pattern"), problems, rule_id, "check.pattern")
    if pattern is not None:
        pattern = re.compile(pattern.pattern, re.IGNORECASE)
    days = raw.get("within_days")
    if days is not None and (not isinstance(days, int | float) or days <= 0):
        problems.add(rule_id, "check.within_days", "must be a positive number")
        days = None
    count = raw.get("min_count", 1)
    if not isinstance(count, int) or count < 1:
        problems.add(rule_id, "check.min_count", "must be a whole number >= 1")
        count = 1
    subject = None
    if "subject" in raw:
        subject = _regex(raw["subject"], problems, rule_id, "check.subject")
        if subject is not None and subject.groups < 1:
            problems.add(rule_id, "check.subject", "needs a group naming the subject")
    max_severity = raw.get("max_severity")
    if max_severity is not None and (not isinstance(max_severity, int) or max_severity < 0):
        problems.add(rule_id, "check.max_severity", "must be a syslog severity 0-7")
        max_severity = None
    return Check(
        kind="log",
        pattern=pattern,
        within_days=float(days) if days is not None else None,
        min_count=count,
        subject_regex=subject,
        max_severity=max_severity,
    )


def _applies(raw: object, default: frozenset[str], problems: _Problems, rule_id: str) -> Applies:
    if raw is None:
        return Applies(platforms=default)
    if not isinstance(raw, dict):
        problems.add(rule_id, "applies", "must be a mapping")
        return Applies(platforms=default)
    for key in sorted(set(raw) - _APPLIES_KEYS):
        problems.add(rule_id, f"applies.{key}", "unknown field")
    platforms = default
    if "platforms" in raw:
        platforms = _platform_list(raw["platforms"], problems, rule_id, "applies.platforms")
    model = _regex(raw["model"], problems, rule_id, "applies.model") if "model" in raw else None
    features = raw.get("features", [])
    if not isinstance(features, list) or not all(isinstance(f, str) for f in features):
        problems.add(rule_id, "applies.features", "must be a list of feature names")
        features = []
    majors = raw.get("os_major")
    if majors is not None and (
        not isinstance(majors, list) or not all(isinstance(m, int) for m in majors)
    ):
        problems.add(rule_id, "applies.os_major", "must be a list of whole numbers")
        majors = None
    return Applies(
        platforms=platforms,
        model=model,
        features=tuple(features),
        os_major=frozenset(majors) if majors is not None else None,
    )


def _platform_list(raw: object, problems: _Problems, rule_id: str, name: str) -> frozenset[str]:
    if not isinstance(raw, list) or not raw:
        problems.add(rule_id, name, "must be a non-empty list of platforms")
        return frozenset()
    unknown = [p for p in raw if p not in _PLATFORMS]
    if unknown:
        problems.add(rule_id, name, f"unknown platforms {unknown} (known: {list(_PLATFORMS)})")
    return frozenset(p for p in raw if p in _PLATFORMS)


def _rule(
    raw: object, pack: str, version: str, platforms: frozenset[str], problems: _Problems
) -> Rule | None:
    if not isinstance(raw, dict):
        problems.add("", "rules", "each rule must be a mapping")
        return None
    rule_id = raw.get("id")
    if not isinstance(rule_id, str) or not _RULE_ID.match(rule_id):
        problems.add(str(rule_id or ""), "id", "must be <pack>.<snake_case>")
        return None
    if not rule_id.startswith(f"{pack}."):
        problems.add(rule_id, "id", f"must start with the pack name {pack!r}")
    for key in sorted(set(raw) - _RULE_KEYS):
        problems.add(rule_id, key, "unknown field")
    for key in _REQUIRED_RULE_KEYS:
        if key not in raw:
            problems.add(rule_id, key, "missing")
    if raw.get("category") not in CATEGORIES:
        problems.add(rule_id, "category", f"must be one of {list(CATEGORIES)}")
    if raw.get("severity") not in SEVERITIES:
        problems.add(rule_id, "severity", f"must be one of {list(SEVERITIES)}")
    needs = raw.get("needs", [])
    if not isinstance(needs, list) or any(n not in FACTS_FIELDS for n in needs):
        problems.add(rule_id, "needs", f"must list facts fields ({', '.join(FACTS_FIELDS)})")
        needs = []
    reference = raw.get("reference", "")
    if not isinstance(reference, str):
        problems.add(rule_id, "reference", "must be text")
        reference = ""
    hardening = raw.get("hardening") or {}
    if not isinstance(hardening, dict) or not all(isinstance(v, dict) for v in hardening.values()):
        problems.add(rule_id, "hardening", "must map platforms to steps")
        hardening = {}
    elif hardening:
        _platform_list(list(hardening), problems, rule_id, "hardening")
    check = _check(raw.get("check"), problems, rule_id)
    if check is None:
        return None
    return Rule(
        id=rule_id,
        pack=pack,
        pack_version=version,
        title=_text(raw.get("title"), problems, rule_id, "title"),
        why=_text(raw.get("why"), problems, rule_id, "why"),
        category=str(raw.get("category")),
        severity=str(raw.get("severity")),
        applies=_applies(raw.get("applies"), platforms, problems, rule_id),
        needs=tuple(needs),
        check=check,
        recommendation=_text(raw.get("recommendation"), problems, rule_id, "recommendation"),
        reference=reference,
        hardening=hardening,
        source=problems.source,
    )


@dataclass(frozen=True)
class Pack:
    name: str
    version: str
    title: Text
    rules: tuple[Rule, ...]
    vars: dict[str, Any]
    source: str


def read_pack(path: Path) -> Pack:
    """One pack file, checked and compiled (PackError listing every mistake)."""
    problems = _Problems(path.name)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise PackError([f"{path.name}: -: yaml: {exc}"]) from exc
    if not isinstance(raw, dict):
        raise PackError([f"{path.name}: -: pack: must be a mapping"])
    for key in sorted(set(raw) - _PACK_KEYS):
        problems.add("", key, "unknown pack field")
    name = raw.get("pack")
    if not isinstance(name, str) or not re.match(r"^[a-z][a-z0-9_]*$", name):
        problems.add("", "pack", "must be a lower-case name")
        name = ""
    version = raw.get("version")
    if not isinstance(version, str) or not version:
        problems.add("", "version", 'must be a quoted string ("2026.12.1")')
        version = ""
    title = _text(raw.get("title"), problems, "", "title")
    platforms = _platform_list(raw.get("platforms"), problems, "", "platforms")
    vars_ = raw.get("vars") or {}
    if not isinstance(vars_, dict):
        problems.add("", "vars", "must be a mapping")
        vars_ = {}
    rules_raw = raw.get("rules")
    if not isinstance(rules_raw, list) or not rules_raw:
        problems.add("", "rules", "must be a non-empty list")
        rules_raw = []
    rules: list[Rule] = []
    seen: set[str] = set()
    for item in rules_raw:
        rule = _rule(item, name, version, platforms, problems)
        if rule is None:
            continue
        if rule.id in seen:
            problems.add(rule.id, "id", "used twice in this pack")
        seen.add(rule.id)
        rules.append(rule)
    if problems.items:
        raise PackError(problems.items)
    return Pack(
        name=name, version=version, title=title, rules=tuple(rules), vars=vars_, source=path.name
    )


def _pack_files(extra_dirs: Iterable[Path], bundled: bool) -> list[Path]:
    files = sorted(RULES_DIR.glob("*.yaml")) if bundled else []
    for folder in extra_dirs:
        folder = Path(folder)
        files.extend(sorted(folder.glob("*.yaml")) if folder.is_dir() else [folder])
    return files


def load_ruleset(extra_dirs: Sequence[Path] = (), *, bundled: bool = True) -> RuleSet:
    """Every pack of ``data/rules`` (unless ``bundled`` is False) plus those in
    ``extra_dirs`` (folders of ``*.yaml`` or single files). Raises :class:`PackError`
    listing the mistakes of every pack, including a rule id or pack name used twice."""
    problems: list[str] = []
    packs: list[Pack] = []
    for path in _pack_files(extra_dirs, bundled):
        try:
            packs.append(read_pack(path))
        except PackError as exc:
            problems.extend(exc.problems)
    owners: dict[str, str] = {}
    names: dict[str, str] = {}
    for pack in packs:
        if pack.name in names:
            problems.append(f"{pack.source}: -: pack: name {pack.name!r} used twice")
        names[pack.name] = pack.version
        for rule in pack.rules:
            if rule.id in owners:
                problems.append(f"{rule.source}: {rule.id}: id: also defined in {owners[rule.id]}")
            owners.setdefault(rule.id, rule.source)
    if problems:
        raise PackError(problems)
    rules = tuple(rule for pack in packs for rule in pack.rules)
    health.remember(rules)
    return RuleSet(
        rules=rules,
        packs={p.name: p.version for p in packs},
        titles={p.name: p.title for p in packs},
        vars={p.name: dict(p.vars) for p in packs},
        by_id={r.id: r for r in rules},
    )
