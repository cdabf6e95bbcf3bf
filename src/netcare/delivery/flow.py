"""State machines of request-driven work (engagements): which moves are legal.

Plain Python, no Django: a ``Flow`` names the states and the moves between them, and
refuses any other move with an error that says where the work is and where it may go.
The engagement apps (assurance, onsite, consulting) each declare their flows here-shaped
and share one way of refusing an illegal transition.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


class IllegalTransition(ValueError):
    """A move the flow does not allow; the message names both states and the legal moves."""

    def __init__(self, flow: str, current: str, target: str, allowed: frozenset[str]) -> None:
        self.flow, self.current, self.target, self.allowed = flow, current, target, allowed
        legal = ", ".join(sorted(allowed)) or "none (it is finished)"
        super().__init__(f"{flow}: cannot move from {current!r} to {target!r}; allowed: {legal}")


@dataclass(frozen=True)
class Flow:
    """The legal moves of one kind of work, ``{state: {next states}}``."""

    name: str
    moves: Mapping[str, frozenset[str]]

    def allowed(self, current: str) -> frozenset[str]:
        return self.moves.get(current, frozenset())

    def can(self, current: str, target: str) -> bool:
        return target in self.allowed(current)

    def check(self, current: str, target: str) -> None:
        """Raise ``IllegalTransition`` unless ``current → target`` is a legal move."""
        if not self.can(current, target):
            raise IllegalTransition(self.name, current, target, self.allowed(current))

    @property
    def finished(self) -> frozenset[str]:
        """States with no way out."""
        states = set(self.moves) | {s for targets in self.moves.values() for s in targets}
        return frozenset(s for s in states if not self.moves.get(s))


def flow(name: str, moves: Mapping[str, set[str] | frozenset[str]]) -> Flow:
    """Build a flow from plain sets: ``flow("change", {"requested": {"in_review"}, ...})``."""
    return Flow(name, {state: frozenset(targets) for state, targets in moves.items()})
