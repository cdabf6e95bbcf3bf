"""TextFSM with the same results, in less Python per line (plain Python, no Django).

``textfsm.TextFSM`` tries a state's rules one by one, each through three Python calls,
and copies every matched value through per-option callbacks — on a 2,000-line output
that is most of the parse. :class:`FastTextFSM` keeps textfsm's template parsing,
options and record operators and changes only how a line finds its rule:

* one regex per state (and per "rest of the state" after a ``Continue``) joins the
  rules as ordered alternatives ``(?P<__rule0>…)|(?P<__rule1>…)|…``. ``re.match`` tries
  alternatives in order and takes the first that matches at all, which is exactly
  textfsm's "first rule whose regex matches"; the matched alternative's own regex then
  gives the values as before. A line no rule wants costs one C call instead of N.
* values without options are assigned and cleared directly (their callbacks are no-ops).

A state whose rules cannot be joined (an inline global flag, a back-reference: their
meaning would change inside an alternation) is walked rule by rule as textfsm does.
Identity with textfsm is checked on every real sample and on generated inputs
(tests/collection/parsing/test_parsing_fsm.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TextIO

import textfsm
from textfsm.parser import SkipRecord, SkipValue

__all__ = ["FastTextFSM", "LineError"]

# A named group as textfsm writes a Value into a rule: "(?P<name>" not after a backslash.
_NAMED_GROUP = re.compile(r"(?<!\\)\(\?P<\w+>")
# Constructs whose meaning depends on group numbers or names, or on being the whole
# pattern: such a rule keeps its state out of the joined regex.
_UNJOINABLE = re.compile(r"\(\?P=|\\[1-9]|\(\?\(|\(\?[aiLmsux]+\)")

_Match = Callable[[str], "re.Match[str] | None"]


class _StatePlan:
    """A state's rules with their bound matchers and, when possible, joined regexes."""

    def __init__(self, rules: list[Any]) -> None:
        self.rules = rules
        self.matchers: list[_Match] = [rule.regex_obj.regex.match for rule in rules]
        self.joinable = all(not _UNJOINABLE.search(rule.regex) for rule in rules)
        self.cache: dict[int, _Match | None] = {}

    def joined(self, start: int) -> _Match | None:
        """``match`` of rules ``start…`` as ordered alternatives, or None if not joinable."""
        if start in self.cache:
            return self.cache[start]
        matcher: _Match | None = None
        if self.joinable:
            pattern = "|".join(
                f"(?P<__rule{k}>{_NAMED_GROUP.sub('(?:', self.rules[k].regex)})"
                for k in range(start, len(self.rules))
            )
            try:
                matcher = re.compile(pattern).match
            except (re.error, RecursionError, OverflowError):
                self.joinable = False
        self.cache[start] = matcher
        return matcher


class LineError(textfsm.TextFSMError):
    """A template's ``Error`` rule stopped on one input line (1-based ``number``)."""

    def __init__(self, number: int, line: str, message: str) -> None:
        super().__init__(f"template error at line {number}: {line.strip()!r} ({message})")
        self.number = number
        self.line = line
        self.message = message


class FastTextFSM(textfsm.TextFSM):
    """``textfsm.TextFSM`` whose ``ParseText`` returns the same rows, faster.

    Not thread-safe, like its parent: one parse at a time per instance (``Reset()``
    between parses).
    """

    def __init__(self, template: TextIO, options_class: Any = None) -> None:
        if options_class is None:
            super().__init__(template)
        else:
            super().__init__(template, options_class)
        self._plans = {name: _StatePlan(rules) for name, rules in self.states.items()}
        self._by_name: dict[str, Any] = {}
        for value in self.values:
            # textfsm's _GetValue answers the first value of a name.
            self._by_name.setdefault(value.name, value)
        self._plain = [not value.options for value in self.values]

    def _CheckLine(self, line: str) -> None:
        plan = self._plans[self._cur_state_name]  # type: ignore[has-type]
        rules = plan.rules
        matchers = plan.matchers
        cache = plan.cache
        by_name = self._by_name
        count = len(rules)
        k = 0
        while k < count:
            if plan.joinable:
                joined = cache.get(k) or plan.joined(k)
                if joined is not None:
                    hit = joined(line)
                    if hit is None:
                        return
                    k = int(hit.lastgroup[6:])  # type: ignore[index]
            matched = matchers[k](line)
            if matched is None:
                k += 1
                continue
            rule = rules[k]
            for name, text in matched.groupdict().items():
                value = by_name.get(name)
                if value is not None:
                    if value.options:
                        value.AssignVar(text)
                    else:
                        value.value = text
            line_op = rule.line_op
            if line_op == "Error":
                self._Operations(rule, line)  # its record operator, then textfsm's error
            # textfsm's _Operations, inline: the record operator, then the line operator.
            record_op = rule.record_op
            if record_op == "Record":
                self._AppendRecord()
            elif record_op == "Clear":
                self._ClearRecord()
            elif record_op == "Clearall":
                self._ClearAllRecord()
            if line_op != "Continue":
                new_state = rule.new_state
                if new_state:
                    if new_state not in ("End", "EOF"):
                        self._cur_state = self.states[new_state]
                    self._cur_state_name = new_state
                return
            k += 1

    def _ClearRecord(self) -> None:
        for value, plain in zip(self.values, self._plain, strict=True):
            if plain:
                value.value = None
            else:
                value.ClearVar()

    def _ClearAllRecord(self) -> None:
        # Called by the parent's __init__ (via Reset) before _plain exists.
        plain_flags = getattr(self, "_plain", None)
        if plain_flags is None:
            super()._ClearAllRecord()
            return
        for value, plain in zip(self.values, plain_flags, strict=True):
            if plain:
                value.value = None
            else:
                value.ClearAllVar()

    def _AppendRecord(self) -> None:
        if not self.values:
            return
        record: list[Any] = []
        for value, plain in zip(self.values, self._plain, strict=True):
            if not plain:
                try:
                    value.OnSaveRecord()
                except SkipRecord:
                    self._ClearRecord()
                    return
                except SkipValue:
                    continue
            record.append(value.value)
        if all(item is None or item == [] for item in record):
            return
        self._result.append(["" if item is None else item for item in record])
        self._ClearRecord()

    def ParseLenient(self, text: str) -> tuple[list[list[Any]], list[LineError]]:
        """Rows as ``ParseText`` would give, but a line that hits an ``Error`` rule is
        skipped (the state stays, the record so far is kept) instead of losing the output.

        For an output the template does not know every line of: the lines it can read
        still give their records, and each skipped line comes back as a LineError.
        """
        problems: list[LineError] = []
        for number, line in enumerate(text.splitlines() if text else [], start=1):
            try:
                self._CheckLine(line)
            except textfsm.TextFSMError as exc:
                problems.append(LineError(number, line, str(exc).splitlines()[0]))
            if self._cur_state_name in ("End", "EOF"):
                break
        if self._cur_state_name != "End" and "EOF" not in self.states:
            self._AppendRecord()
        return self._result, problems
