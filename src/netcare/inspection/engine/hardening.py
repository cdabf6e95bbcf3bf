"""The hardening planner: per-device remediation and rollback computed from findings.

A rule's ``hardening`` block says, per platform, what the device must have after the
step (``add``, a Jinja2 template) and what it must no longer have (``remove``, regex
paths as in ``within``). The planner takes the device's real running configuration,
takes the ``remove`` matches out, merges the rendered ``add`` in (the *intended*
configuration) and lets hier_config compute the commands between the two: the
remediation (running → intended; nothing already present is entered again) and the
rollback (intended → running). Because both come from the same trees, the tests can
prove every step by a round trip: remediation applied makes the rule pass, rollback
applied after it gives back the same normalised configuration.

What the configuration parser could not place (a line lost when a section repeats, the
text of a Comware/VRP ``header`` banner read as commands) is reported on every step of
the device, never dropped silently.

Plain Python, no Django: the offline ``netcare inspect`` and the app use it alike.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from hier_config import HConfig, HConfigChild, WorkflowRemediation, get_hconfig
from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment

from .configtree import config_tree, driver_for, normalise, walk
from .model import SEVERITIES, SEVERITY_TEXT, WINDOW_TEXT, DeviceData, Finding, StepPlan, Text

if TYPE_CHECKING:
    from .packs import RuleSet
    from .summary import Batch as SummaryBatch

__all__ = [
    "COMMENT",
    "Batch",
    "DeviceScript",
    "HardeningError",
    "apply",
    "batches",
    "diff",
    "intended_config",
    "plan_device",
    "render",
    "render_remove",
    "same_config",
    "scripts",
    "tree_lines",
    "unplaced_lines",
]

#: The comment mark a pasted script may carry, per platform.
COMMENT: dict[str, str] = {
    "cisco_ios": "!",
    "cisco_xe": "!",
    "cisco_nxos": "!",
    "arista_eos": "!",
    "hp_comware": "#",
    "huawei_vrp": "#",
    "juniper_junos": "#",
}

# Comware and VRP stay in a section's view until told to leave it (Cisco-like CLIs
# fall back to the parent on a command the section does not know), so their commands
# carry an explicit ``quit`` after every section.
_QUIT_PLATFORMS = frozenset({"hp_comware", "huawei_vrp"})
_EXIT_WORDS = frozenset({"quit", "exit", "return"})
# Comware/VRP banner: ``header motd %`` … ``%`` (or a quoted text); the parser reads
# the banner's lines as commands.
_HEADER = re.compile(r"^\s*header\s+\S+\s+(\S)")
_SEQUENCE = re.compile(r"^\d+ ")
# Terminal-line sections exist on every device whether configured or not.
_PERMANENT = re.compile(r"^(?:line|user-interface) \S")

_DEFAULT_ORDER = 50

_ENV = SandboxedEnvironment(
    undefined=StrictUndefined,
    autoescape=False,  # configuration text, not HTML
    keep_trailing_newline=True,
    trim_blocks=True,
    lstrip_blocks=True,
)


def _section_path(subject: str) -> str:
    """A finding's section subject (``router bgp 1 >> address-family ipv4``) as the
    regex path that matches exactly that section, for ``remove``."""
    return " >> ".join(f"^{re.escape(part.strip())}$" for part in subject.split(" >> "))


def _section_lines(subject: str) -> str:
    """A finding's section subject as the lines that enter it, one more space of
    indentation per level (``router bgp 1`` then `` address-family ipv4``), for ``add``."""
    parts = subject.split(" >> ")
    return "\n".join(" " * depth + part.strip() for depth, part in enumerate(parts))


_ENV.filters["regex_escape"] = re.escape
_ENV.filters["section_path"] = _section_path
_ENV.filters["section_lines"] = _section_lines


class HardeningError(ValueError):
    """A rule's hardening content cannot be used for a device: a missing variable, a
    template that does not parse, no running configuration to plan against."""

    def __init__(self, message: str, *, rule_id: str = "", var: str = "") -> None:
        super().__init__(message)
        self.rule_id = rule_id
        self.var = var


# --- reading the rule content ---------------------------------------------------------


def _field(obj: Any, name: str, default: Any = None) -> Any:
    """A field of a mapping (pack YAML as loaded) or an object (a dataclass)."""
    if isinstance(obj, Mapping):
        return obj.get(name, default)
    return getattr(obj, name, default)


def _as_text(value: Any) -> Text:
    if isinstance(value, Text):
        return value
    if isinstance(value, Mapping):
        zh = str(value.get("zh") or value.get("en") or "")
        return Text(zh=zh, en=str(value.get("en") or zh))
    return Text(zh=str(value or ""), en=str(value or ""))


def _strings(value: Any) -> tuple[str, ...]:
    if not value:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


_UNDEFINED_NAME = (
    re.compile(r"has no attribute '([^']+)'"),
    re.compile(r"'([^']+)' is undefined"),
    re.compile(r"no element '?([^']+?)'?$"),
)


def _undefined_var(error: UndefinedError) -> str:
    message = str(error)
    for pattern in _UNDEFINED_NAME:
        if found := pattern.search(message):
            return found.group(1)
    return message


def _render_source(source: str, context: dict[str, Any], rule_id: str, what: str) -> str:
    label = rule_id or "(rule)"
    try:
        template = _ENV.from_string(source)
    except TemplateSyntaxError as error:
        raise HardeningError(
            f"{label}: the hardening {what} does not parse (line {error.lineno}): {error.message}",
            rule_id=rule_id,
        ) from error
    try:
        return template.render(**context)
    except UndefinedError as error:
        var = _undefined_var(error)
        raise HardeningError(
            f"{label}: the hardening {what} needs the variable {var!r}, which the plan "
            "does not give and the pack has no default for",
            rule_id=rule_id,
            var=var,
        ) from error
    except TemplateError as error:  # the sandbox refusing an attribute, a filter failing
        raise HardeningError(
            f"{label}: the hardening {what} failed: {error}", rule_id=rule_id
        ) from error


def _context(
    facts: Mapping[str, Any], device: str, vars: Mapping[str, Any] | None, subject: str
) -> dict[str, Any]:
    return {"facts": dict(facts), "device": device, "vars": dict(vars or {}), "subject": subject}


def render(
    rule_hardening: Mapping[str, Any] | Any,
    facts: Mapping[str, Any],
    device: str,
    vars: Mapping[str, Any] | None = None,
    *,
    rule_id: str = "",
    subject: str = "",
) -> str:
    """The step's ``add`` template rendered for one device.

    Rendered in a sandbox (a pack is data: a template cannot reach Python internals)
    with autoescaping off (it is configuration text) and strict undefined names: a
    variable the plan did not give and the pack has no default for is an error naming
    the rule and the variable, never an empty string on the device. The template sees
    ``facts``, ``device`` (the hostname), ``vars`` and ``subject`` (the finding's
    subject: the interface or section the step is for).
    """
    source = str(_field(rule_hardening, "add", "") or "")
    return _render_source(source, _context(facts, device, vars, subject), rule_id, "template")


def render_remove(
    rule_hardening: Mapping[str, Any] | Any,
    facts: Mapping[str, Any],
    device: str,
    vars: Mapping[str, Any] | None = None,
    *,
    rule_id: str = "",
    subject: str = "",
) -> tuple[str, ...]:
    """The step's ``remove`` paths, each rendered like ``add`` so a path can name the
    finding's own section (``"{{ subject | section_path }} >> ^service-type .*telnet"``);
    a path without template syntax is used as written. Filters: ``regex_escape``,
    ``section_path`` (a ``a >> b`` subject as the path of exactly that section) and
    ``section_lines`` (the same subject as the lines entering it, for ``add``)."""
    context = _context(facts, device, vars, subject)
    paths = []
    for path in _strings(_field(rule_hardening, "remove")):
        rendered = _render_source(path, context, rule_id, "remove path") if "{" in path else path
        if rendered.strip():
            paths.append(rendered)
    return tuple(paths)


# --- configurations as trees ----------------------------------------------------------


def _command_lines(platform: str, text: str) -> str:
    """Commands as hier_config should read them: comments and section exits dropped
    (they are how a script is typed, not configuration)."""
    keep = []
    for line in text.splitlines():
        bare = line.strip()
        if not bare or bare.startswith(("!", "#")):
            continue
        if platform in _QUIT_PLATFORMS and bare in _EXIT_WORDS:
            continue
        keep.append(line.rstrip())
    return "\n".join(keep) + "\n"


def _commands_tree(platform: str, text: str) -> HConfig:
    """A block of commands (a rendered ``add``, a remediation) as a tree."""
    driver = driver_for(platform)
    body = _command_lines(platform, text)
    if platform == "juniper_junos":
        # Set-form commands are flat (a block written with braces is flattened first);
        # hier_config's Junos reader is not used, so a ``delete`` stays a ``delete``.
        body = normalise(platform, body)
        tree = get_hconfig(driver)
        for line in body.splitlines():
            if line.strip():
                tree.add_child(" ".join(line.split()), return_if_present=True)
        return tree
    if platform in ("hp_comware", "huawei_vrp"):
        body = normalise(platform, body)
    return get_hconfig(driver, body)


def _junos_future(base: HConfig, commands: HConfig) -> HConfig:
    """Junos set-form semantics: ``set`` adds a statement, ``delete <path>`` removes
    the statement and everything below it (hier_config's generic future does not know
    that ``delete x`` takes out ``set x …``)."""
    lines = [child.text for child in base.children]
    for command in commands.children:
        text = command.text
        if text.startswith("delete "):
            target = "set " + text.removeprefix("delete ")
            lines = [line for line in lines if line != target and not line.startswith(target + " ")]
        elif text not in lines:
            lines.append(text)
    tree = get_hconfig(base.driver)
    for line in lines:
        tree.add_child(line, return_if_present=True)
    return tree


def _copy_in_order(
    source: HConfig | HConfigChild,
    base: HConfig | HConfigChild | None,
    target: HConfig | HConfigChild,
) -> None:
    """Copy ``source`` into ``target`` keeping ``base``'s order for lines it had and
    putting new lines after them, as a device appends what is entered (hier_config's
    future puts entered lines first)."""
    position = (
        {child.text: index for index, child in enumerate(base.children)} if base is not None else {}
    )
    ordered = sorted(
        source.children, key=lambda c: (0, position[c.text]) if c.text in position else (1, 0)
    )
    for child in ordered:
        copy = target.add_shallow_copy_of(child)
        was = base.children.get(child.text) if base is not None else None
        _copy_in_order(child, was, copy)


def _future(platform: str, base: HConfig, commands: HConfig) -> HConfig:
    """The configuration after ``commands`` are entered on a device running ``base``."""
    if platform == "juniper_junos":
        return _junos_future(base, commands)
    future = base.future(commands)
    ordered = HConfig(base.driver)
    _copy_in_order(future, base, ordered)
    return ordered


def tree_lines(tree: HConfig) -> list[str]:
    """The configuration as it would be printed (indentation by depth)."""
    return list(tree.lines())


def _as_tree(platform: str, config: str | HConfig) -> HConfig:
    return config if isinstance(config, HConfig) else config_tree(platform, config)


def apply(platform: str, config_text: str, commands: str) -> str:
    """The configuration after entering ``commands`` on a device whose running
    configuration is ``config_text`` (hier_config's future, with Junos ``delete``
    understood). Used to verify a step: the result is read again by the same parser
    the rules use."""
    after = _future(
        platform, config_tree(platform, config_text), _commands_tree(platform, commands)
    )
    return "\n".join(tree_lines(after)) + "\n"


def _keep_permanent(rollback: HConfig, intended: HConfig) -> HConfig:
    """A rollback never negates a terminal-line section (``no line vty 0 4``, ``undo
    user-interface vty 0 4``): the device has those lines whatever is configured and
    refuses to delete them. When a step created such a section, its rollback takes
    out the section's statements instead."""
    negation = rollback.driver.negation_prefix
    for child in list(rollback.children):
        header = child.text.removeprefix(negation)
        if header == child.text or not _PERMANENT.match(header):
            continue
        created = intended.get_child(equals=header)
        child.delete()
        if created is None or not created.children:
            continue
        section = rollback.add_child(header)
        for statement in created.children:
            section.add_child(statement.text).negate()
    return rollback


def _paths(tree: HConfig | HConfigChild, prefix: tuple[str, ...] = ()) -> Iterable[tuple[str, ...]]:
    for child in tree.children:
        if not prefix and not child.children and _PERMANENT.match(child.text):
            continue  # an empty terminal-line section is the device's default
        path = (*prefix, child.text)
        yield path
        yield from _paths(child, path)


def same_config(platform: str, left: str | HConfig, right: str | HConfig) -> bool:
    """True when two configurations hold the same lines under the same parents
    (normalised by the platform's parser; the order of sections does not count, and
    an empty terminal-line section counts as absent: the device has it anyway)."""
    return Counter(_paths(_as_tree(platform, left))) == Counter(_paths(_as_tree(platform, right)))


def _lines_counted(platform: str, text: str) -> Counter[str]:
    """The statements of a configuration text as the parser should see them."""
    driver = driver_for(platform)
    body = normalise(platform, text)
    for whole in driver.rules.full_text_sub:
        body = re.sub(whole.search, whole.replace, body)
    body = driver.config_preprocessor(body)
    exits = {rule.exit_text for rule in driver.rules.sectional_exiting} | _EXIT_WORDS | {"end"}
    counted: Counter[str] = Counter()
    for raw in body.splitlines():
        line = raw
        for sub in driver.rules.per_line_sub:
            line = re.sub(sub.search, sub.replace, line)
        bare = " ".join(line.split())
        if bare and bare not in exits:
            counted[bare] += 1
    return counted


def _banner_body(platform: str, text: str) -> list[str]:
    """Comware/VRP ``header`` banner lines, which the parser reads as commands."""
    if platform not in _QUIT_PLATFORMS:
        return []
    found: list[str] = []
    delimiter = ""
    for line in text.splitlines():
        if delimiter:
            found.append(line.rstrip())
            if delimiter in line:
                delimiter = ""
            continue
        opened = _HEADER.match(line)
        if opened:
            mark = opened.group(1)
            rest = line[opened.end() :]
            if mark not in rest:  # the banner goes on to the next lines
                delimiter = mark
    return [line for line in found if line.strip()]


def unplaced_lines(platform: str, text: str, tree: HConfig | None = None) -> tuple[str, ...]:
    """Lines of ``text`` the parser could not place: statements missing from the tree
    (a repeated section merged, a line the indentation put nowhere) and banner text
    read as commands. Comments, separators and the lines the platform's driver drops on
    purpose (``Building configuration…``, ``version``) are not counted."""
    tree = tree if tree is not None else config_tree(platform, text)
    placed: Counter[str] = Counter()
    for child in tree.all_children():
        for part in child.text.split("\n"):
            if bare := " ".join(part.split()):
                placed[bare] += 1
                # The IOS driver numbers ACL entries on load (``10 permit …``).
                if (unnumbered := _SEQUENCE.sub("", bare)) != bare:
                    placed[unnumbered] += 1
    missing = _lines_counted(platform, text) - placed
    lost = [line for line in missing.elements()]
    return tuple(dict.fromkeys([*lost, *_banner_body(platform, text)]))


# --- the plan -------------------------------------------------------------------------


def intended_config(platform: str, running: HConfig, add: str, remove: Sequence[str]) -> HConfig:
    """The running configuration with the ``remove`` matches taken out and the ``add``
    block entered: what the device must run after the step. Removal comes first, so a
    step may replace a line (``transport input telnet ssh`` by ``transport input ssh``)."""
    intended = running.deep_copy()
    for path in remove:
        for node in list(walk(intended, path)):
            node.delete()
    return _future(platform, intended, _commands_tree(platform, add))


def _commands_text(platform: str, tree: HConfig) -> str:
    exiting = platform in _QUIT_PLATFORMS
    lines: list[str] = []
    for child in sorted(tree.children):
        for line in child.lines(sectional_exiting=exiting):
            if exiting and line.strip() == "exit":
                line = line.replace("exit", "quit")
            lines.append(line)
    return "\n".join(lines)


@dataclass
class _Draft:
    rule_id: str
    subjects: list[str]
    severity: str
    order: int
    intended: str
    remediation: str
    rollback: str
    hardening: Any


def _severity_rank(severity: str) -> int:
    return SEVERITIES.index(severity) if severity in SEVERITIES else len(SEVERITIES)


#: What a plan variable may hold: one line of configuration text (an address, a name, a
#: number) or a list of such; longer values are refused rather than cut.
_VAR_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
_VAR_MAX = 200


def _var_problem(value: Any) -> str:
    if isinstance(value, bool | int | float):
        return ""
    if isinstance(value, str):
        if any(ord(ch) < 32 and ch != "\t" for ch in value) or "\x7f" in value:
            return "holds a line break or a control character (it would enter more commands)"
        if len(value) > _VAR_MAX:
            return f"is longer than {_VAR_MAX} characters"
        return ""
    if isinstance(value, list | tuple):
        if len(value) > 64:
            return "lists more than 64 values"
        for item in value:
            if isinstance(item, list | tuple | dict) or (problem := _var_problem(item)):
                return f"has a value that {problem or 'is not a plain value'}"
        return ""
    return f"is a {type(value).__name__}, not text, a number or a list of them"


def check_vars(given: Mapping[str, Any] | None) -> dict[str, Any]:
    """The plan's variables, refused with the variable named when one could inject
    configuration: every value is entered into a device's configuration verbatim, so it
    must be one line of plain text, a number, or a short list of those."""
    checked: dict[str, Any] = {}
    for name, value in dict(given or {}).items():
        if not isinstance(name, str) or not _VAR_NAME.match(name):
            raise HardeningError(f"plan variable {name!r}: not a valid name", var=str(name))
        if problem := _var_problem(value):
            raise HardeningError(f"plan variable {name!r} {problem}", var=name)
        checked[name] = value
    return checked


def _plan_vars(ruleset: Any, rule: Any, given: Mapping[str, Any] | None) -> dict[str, Any]:
    """The pack's ``vars:`` defaults under the plan's own parameters."""
    packs_vars = _field(ruleset, "vars", {}) or {}
    defaults = (
        packs_vars.get(_field(rule, "pack", ""), {}) if isinstance(packs_vars, Mapping) else {}
    )
    return {**dict(defaults or {}), **dict(given or {})}


def _rule_for(ruleset: Any, rule_id: str) -> Any:
    by_id = _field(ruleset, "by_id", None)
    if isinstance(by_id, Mapping):
        return by_id.get(rule_id)
    if isinstance(ruleset, Mapping):
        return ruleset.get(rule_id)
    for rule in _field(ruleset, "rules", ()) or ():
        if _field(rule, "id") == rule_id:
            return rule
    return None


def _running_text(data: DeviceData) -> str:
    return str(data.outputs.get("running_config") or data.facts.get("config_text") or "")


def plan_device(
    ruleset: RuleSet | Any,
    data: DeviceData,
    findings: Sequence[Finding],
    vars: Mapping[str, Any] | None = None,
) -> list[StepPlan]:
    """The hardening steps for one device, in the order they should be applied.

    One step per (rule, subject) of the findings whose rule has hardening for the
    device's platform; subjects of one rule that share the same fix become one step
    (their subjects joined), and a step whose remediation repeats an earlier step's is
    left out. Each step is computed against the running configuration alone, so any
    step can be applied, verified and rolled back on its own. Steps are ordered by
    risk (the finding's severity), then the rule's ``order``, then rule id.
    """
    vars = check_vars(vars)
    platform = str(data.facts.get("platform") or "")
    hostname = str(data.facts.get("hostname") or data.key)
    groups: dict[tuple[str, str], list[Finding]] = {}
    for finding in findings:
        rule = _rule_for(ruleset, finding.rule_id)
        hardening = _field(rule, "hardening", None) or {}
        if rule is not None and platform in hardening:
            groups.setdefault((finding.rule_id, finding.subject), []).append(finding)
    if not groups:
        return []
    text = _running_text(data)
    if not text.strip():
        raise HardeningError(
            f"{data.key}: no running configuration collected, so no hardening step can be "
            "computed for it"
        )
    running = config_tree(platform, text)
    unplaced = unplaced_lines(platform, text, running)

    drafts: list[_Draft] = []
    for (rule_id, subject), group in groups.items():
        rule = _rule_for(ruleset, rule_id)
        step = _field(rule, "hardening")[platform]
        args = (step, data.facts, hostname, _plan_vars(ruleset, rule, vars))
        add = render(*args, rule_id=rule_id, subject=subject)
        remove = render_remove(*args, rule_id=rule_id, subject=subject)
        intended = intended_config(platform, running, add, remove)
        workflow = WorkflowRemediation(running, intended)
        remediation = _commands_text(platform, workflow.remediation_config)
        if not remediation.strip():
            continue  # the device already has what the step would enter
        drafts.append(
            _Draft(
                rule_id=rule_id,
                subjects=[subject],
                severity=min((f.severity for f in group), key=_severity_rank),
                order=int(_field(step, "order", _DEFAULT_ORDER) or _DEFAULT_ORDER),
                intended=add,
                remediation=remediation,
                rollback=_commands_text(
                    platform, _keep_permanent(workflow.rollback_config, intended)
                ),
                hardening=step,
            )
        )
    return [_step(d, data.key, platform, unplaced) for d in _merge(drafts)]


def _merge(drafts: list[_Draft]) -> list[_Draft]:
    """Subjects of one rule with the same fix become one step; a remediation already
    planned by an earlier (riskier) step is not planned twice."""
    drafts.sort(key=lambda d: (_severity_rank(d.severity), d.order, d.rule_id, d.subjects))
    merged: dict[tuple[str, str], _Draft] = {}
    seen: set[str] = set()
    for draft in drafts:
        key = (draft.rule_id, draft.remediation)
        if key in merged:
            merged[key].subjects.extend(draft.subjects)
        elif draft.remediation not in seen:
            merged[key] = draft
            seen.add(draft.remediation)
    return list(merged.values())


def _step(draft: _Draft, device: str, platform: str, unplaced: tuple[str, ...]) -> StepPlan:
    step = draft.hardening
    subjects = [s for s in dict.fromkeys(draft.subjects) if s]
    return StepPlan(
        rule_id=draft.rule_id,
        device=device,
        platform=platform,
        subject=", ".join(subjects),
        intended=draft.intended,
        remediation=draft.remediation,
        rollback=draft.rollback,
        precheck=_strings(_field(step, "precheck")),
        postcheck=_strings(_field(step, "postcheck")),
        impact=_as_text(_field(step, "impact")),
        window=bool(_field(step, "window", False)),
        risk=draft.severity,  # type: ignore[arg-type]
        order=draft.order,
        unplaced=unplaced,
    )


# --- batches, scripts, diffs ----------------------------------------------------------


@dataclass(frozen=True)
class Batch:
    """One change batch: steps of one risk level that need (or do not need) a
    maintenance window, applied together."""

    number: int
    title: Text
    window: bool
    steps: tuple[StepPlan, ...]

    @property
    def impact(self) -> Text:
        """Every distinct impact of the batch's steps, one per line."""
        impacts = list(dict.fromkeys(s.impact for s in self.steps if s.impact.en or s.impact.zh))
        return Text(zh="\n".join(i.zh for i in impacts), en="\n".join(i.en for i in impacts))

    def to_summary(self, when: str = "") -> SummaryBatch:
        """The batch as the hardening report reads it (``when``: the agreed window; without
        one, whether it needs a maintenance window, in both languages)."""
        from .summary import Batch as SummaryBatch

        return SummaryBatch(
            number=self.number,
            title=self.title,
            window=when or WINDOW_TEXT[self.window],
            impact=self.impact,
            steps=self.steps,
        )


def batches(steps: Iterable[StepPlan]) -> list[Batch]:
    """Steps grouped into change batches: the riskiest first, and within one risk the
    steps that need no maintenance window before those that do. Inside a batch, steps
    keep their order (``order``, rule id, device)."""
    groups: dict[tuple[int, bool], list[StepPlan]] = {}
    for step in steps:
        groups.setdefault((_severity_rank(step.risk), step.window), []).append(step)
    result = []
    for number, (rank, window) in enumerate(sorted(groups), start=1):
        severity = SEVERITIES[rank] if rank < len(SEVERITIES) else "info"
        word = SEVERITY_TEXT.get(severity, Text(severity, severity))
        zh = f"第 {number} 批：{word.zh}风险加固"
        en = f"Batch {number}: {word.en.lower()} risk hardening"
        if window:
            zh, en = zh + "（需维护窗口）", en + " (maintenance window)"
        ordered = sorted(
            groups[(rank, window)], key=lambda s: (s.order, s.rule_id, s.device, s.subject)
        )
        result.append(
            Batch(number=number, title=Text(zh=zh, en=en), window=window, steps=tuple(ordered))
        )
    return result


def _step_heading(mark: str, number: int, step: StepPlan) -> str:
    subject = f" ({step.subject})" if step.subject else ""
    window = ", maintenance window" if step.window else ""
    return f"{mark} [{number}] {step.rule_id}{subject} - risk {step.risk}{window}"


@dataclass(frozen=True)
class DeviceScript:
    """A device's two files: ``remediation`` (``<host>.cfg``, the commands to enter,
    step by step in plan order) and ``rollback`` (``<host>.rollback.cfg``, what gives
    the running configuration back, last step first; empty when nothing is to undo).
    Kept apart so pasting the remediation never also undoes it."""

    device: str
    platform: str
    remediation: str
    rollback: str


def _script(
    mark: str, header: list[str], numbered: list[tuple[int, StepPlan]], commands: str
) -> str:
    out = list(header)
    for number, step in numbered:
        text = str(getattr(step, commands)).rstrip()
        if text.strip():
            out += [mark, _step_heading(mark, number, step), text]
    return "\n".join(out) + "\n"


def scripts(steps: Iterable[StepPlan]) -> dict[str, DeviceScript]:
    """Per device (device key → its files, in the order devices first appear): the
    remediation in plan order and, in a file of its own, the rollback in reverse order.
    Comments use the platform's own mark (``!`` Cisco and Arista, ``#`` Comware, VRP and
    Junos), so either file can be pasted as it is. Steps with nothing to enter (already
    configured) are left out; a device with nothing to enter gets no files."""
    by_device: dict[str, list[StepPlan]] = {}
    for step in steps:
        by_device.setdefault(step.device, []).append(step)
    result: dict[str, DeviceScript] = {}
    for device, device_steps in by_device.items():
        ordered = sorted(device_steps, key=lambda s: s.order)  # stable: plan order kept
        numbered = [(n, s) for n, s in enumerate(ordered, start=1) if s.remediation.strip()]
        if not numbered:
            continue
        platform = ordered[0].platform
        mark = COMMENT.get(platform, "!")
        note = (
            [
                f"{mark} Note: some lines of the running configuration could not be read; "
                "see the plan."
            ]
            if any(s.unplaced for _, s in numbered)
            else []
        )
        remediation = _script(
            mark,
            [
                f"{mark} NetCare hardening script for {device} ({platform})",
                f"{mark} {len(numbered)} step(s), in order. The rollback is in "
                f"{device}.rollback.cfg.",
                *note,
            ],
            numbered,
            "remediation",
        )
        undo = [(n, s) for n, s in reversed(numbered) if s.rollback.strip()]
        rollback = (
            _script(
                mark,
                [
                    f"{mark} NetCare rollback for {device} ({platform})",
                    f"{mark} Enter only to undo the hardening script; last step first.",
                ],
                undo,
                "rollback",
            )
            if undo
            else ""
        )
        result[device] = DeviceScript(device, platform, remediation, rollback)
    return result


def _diff_node(
    before: HConfig | HConfigChild, after: HConfig | HConfigChild, out: list[str]
) -> None:
    for child in before.children:
        indent = child.indentation
        counterpart = after.children.get(child.text)
        if counterpart is None:
            out.append(f"-{indent}{child.text}")
            out.extend(f"-{c.indentation}{c.text}" for c in child.all_children())
            continue
        inner: list[str] = []
        _diff_node(child, counterpart, inner)
        if inner:
            out.append(f" {indent}{child.text}")
            out.extend(inner)
    for child in after.children:
        if child.text not in before.children:
            out.append(f"+{child.indentation}{child.text}")
            out.extend(f"+{c.indentation}{c.text}" for c in child.all_children())


def diff(platform: str, running: str | HConfig, intended: str | HConfig) -> list[str]:
    """The changes from ``running`` to ``intended`` as unified-diff lines: ``-`` a line
    that goes, ``+`` a line that comes, a space for the section a change sits in."""
    out: list[str] = []
    _diff_node(_as_tree(platform, running), _as_tree(platform, intended), out)
    return out
