"""Rule expressions compiled to Python closures, once per pack load.

Packs write conditions in simpleeval's safe expression language (docs/rule-packs.md,
``expr``). simpleeval walks the syntax tree on every evaluation, with its safety checks
on every node: over 10,000 devices × hundreds of item conditions that is a fifth of an
inspection. This module turns an already parsed expression into nested closures that do
the same work directly — no ``eval``, no ``compile``: only the node types listed below,
only the pack functions, only public attribute reads and a short list of str/dict
methods. Anything else returns None and the caller keeps simpleeval for that
expression, so the language accepted never changes.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["Compiled", "compile_expression"]

Env = Mapping[str, Any]
Compiled = Callable[[Env], Any]

_METHODS = frozenset(
    {"get", "lower", "upper", "strip", "startswith", "endswith", "split", "keys", "values",
     "items", "count"}
)  # fmt: skip
_MAX_SEQUENCE = 100_000  # a product longer than this is refused, as simpleeval does


def _mul(a: Any, b: Any) -> Any:
    result = operator.mul(a, b)
    if isinstance(result, str | list | tuple) and len(result) > _MAX_SEQUENCE:
        raise ValueError("sequence too long")
    return result


_BINOPS: dict[type[ast.operator], Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: _mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
}
_COMPARE: dict[type[ast.cmpop], Callable[[Any, Any], Any]] = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.Is: operator.is_,
    ast.IsNot: operator.is_not,
    ast.In: lambda a, b: a in b,
    ast.NotIn: lambda a, b: a not in b,
}


class _Unsupported(Exception):
    pass


class _Compiler:
    def __init__(self, functions: Mapping[str, Callable[..., Any]]) -> None:
        self.functions = functions

    def node(self, node: ast.AST) -> Compiled:
        if isinstance(node, ast.Constant):
            value = node.value
            return lambda env: value
        if isinstance(node, ast.Name):
            name = node.id
            if name in ("True", "False", "None"):
                constant = {"True": True, "False": False, "None": None}[name]
                return lambda env: constant
            return lambda env: env[name]
        if isinstance(node, ast.Attribute):
            if node.attr.startswith("_") or node.attr not in _METHODS:
                raise _Unsupported(node.attr)
            target, attr = self.node(node.value), node.attr
            return lambda env: getattr(target(env), attr)
        if isinstance(node, ast.Call):
            return self.call(node)
        if isinstance(node, ast.BoolOp):
            parts = [self.node(v) for v in node.values]
            if isinstance(node.op, ast.And):

                def all_of(env: Env) -> Any:
                    value: Any = True
                    for part in parts:
                        value = part(env)
                        if not value:
                            return value
                    return value

                return all_of

            def any_of(env: Env) -> Any:
                value: Any = False
                for part in parts:
                    value = part(env)
                    if value:
                        return value
                return value

            return any_of
        if isinstance(node, ast.UnaryOp):
            operand = self.node(node.operand)
            if isinstance(node.op, ast.Not):
                return lambda env: not operand(env)
            if isinstance(node.op, ast.USub):
                return lambda env: -operand(env)
            if isinstance(node.op, ast.UAdd):
                return lambda env: +operand(env)
            raise _Unsupported(type(node.op).__name__)
        if isinstance(node, ast.BinOp):
            op = _BINOPS.get(type(node.op))
            if op is None:
                raise _Unsupported(type(node.op).__name__)
            left, right = self.node(node.left), self.node(node.right)
            return lambda env: op(left(env), right(env))
        if isinstance(node, ast.Compare):
            return self.compare(node)
        if isinstance(node, ast.Subscript):
            if isinstance(node.slice, ast.Slice):
                raise _Unsupported("slice")
            target, key = self.node(node.value), self.node(node.slice)
            return lambda env: target(env)[key(env)]
        if isinstance(node, ast.IfExp):
            test, body, orelse = self.node(node.test), self.node(node.body), self.node(node.orelse)
            return lambda env: body(env) if test(env) else orelse(env)
        if isinstance(node, ast.List | ast.Tuple | ast.Set):
            items = [self.node(e) for e in node.elts]
            kind: Callable[[Any], Any] = {ast.List: list, ast.Tuple: tuple, ast.Set: set}[
                type(node)
            ]
            return lambda env: kind(item(env) for item in items)
        if isinstance(node, ast.ListComp | ast.GeneratorExp):
            return self.comprehension(node)
        raise _Unsupported(type(node).__name__)

    def call(self, node: ast.Call) -> Compiled:
        if node.keywords:
            raise _Unsupported("keywords")
        args = [self.node(a) for a in node.args]
        if isinstance(node.func, ast.Name):
            func = self.functions.get(node.func.id)
            if func is None:
                raise _Unsupported(node.func.id)
            if len(args) == 1:
                (only,) = args
                return lambda env: func(only(env))
            return lambda env: func(*(a(env) for a in args))
        if isinstance(node.func, ast.Attribute):
            method = self.node(node.func)
            return lambda env: method(env)(*(a(env) for a in args))
        raise _Unsupported("call")

    def compare(self, node: ast.Compare) -> Compiled:
        left = self.node(node.left)
        ops = [_COMPARE[type(op)] for op in node.ops]
        rights = [self.node(c) for c in node.comparators]
        if len(ops) == 1:
            op, right = ops[0], rights[0]
            return lambda env: op(left(env), right(env))

        def chain(env: Env) -> bool:
            value = left(env)
            for op, right in zip(ops, rights, strict=True):
                other = right(env)
                if not op(value, other):
                    return False
                value = other
            return True

        return chain

    def comprehension(self, node: ast.ListComp | ast.GeneratorExp) -> Compiled:
        if len(node.generators) != 1:
            raise _Unsupported("nested comprehension")
        gen = node.generators[0]
        if not isinstance(gen.target, ast.Name) or gen.is_async:
            raise _Unsupported("comprehension target")
        var = gen.target.id
        source = self.node(gen.iter)
        conditions = [self.node(c) for c in gen.ifs]
        element = self.node(node.elt)

        def run(env: Env) -> list[Any]:
            scope = dict(env)
            out = []
            for value in source(env):
                scope[var] = value
                if all(c(scope) for c in conditions):
                    out.append(element(scope))
            return out

        return run


def compile_expression(
    tree: ast.Expr, functions: Mapping[str, Callable[..., Any]]
) -> Compiled | None:
    """A closure evaluating ``tree`` over a names mapping, or None when the expression
    uses something only simpleeval handles (then evaluate it with simpleeval)."""
    try:
        return _Compiler(functions).node(tree.value)
    except (_Unsupported, KeyError):
        return None
