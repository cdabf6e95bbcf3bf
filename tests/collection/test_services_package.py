"""The collection services package: modules split by noun, imported in one order only."""

from __future__ import annotations

import ast
from pathlib import Path

import netcare.collection.services as package

PACKAGE = Path(package.__file__).parent
#: The order of the package docstring: a module imports only modules before it.
ORDER = ["selection", "results", "jobs", "visits", "uploads"]


def _imports(path: Path) -> set[str]:
    """Sibling modules a service module imports, at load time or inside functions."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            prefix = "netcare.collection.services."
            if node.module.startswith(prefix):
                found.add(node.module.removeprefix(prefix).split(".")[0])
            elif node.module == "netcare.collection.services":
                found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("netcare.collection.services."):
                    found.add(alias.name.split(".")[3])
    return found


def test_every_module_is_in_the_documented_order() -> None:
    modules = sorted(p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__")
    assert modules == sorted(ORDER)
    for name in ORDER:
        assert f"* {name} —" in (package.__doc__ or ""), name


def test_a_module_imports_only_modules_before_it() -> None:
    for index, name in enumerate(ORDER):
        allowed = set(ORDER[:index])
        imported = _imports(PACKAGE / f"{name}.py")
        assert imported <= allowed, f"{name} imports {sorted(imported - allowed)}"


def test_the_names_other_modules_use_are_re_exported() -> None:
    for name in package.__all__:
        assert hasattr(package, name), name
    assert package.may_collect.__module__ == "netcare.collection.services.selection"
