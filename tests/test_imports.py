"""The package's import graph: no circle anywhere (an import inside a function counts), and
``types.py``, the data every stage shares, imports nothing from takediff."""

from __future__ import annotations

import ast
from pathlib import Path

from test_web import import_cycle

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "takediff"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def package_imports() -> dict[str, set[str]]:
    """Module → the takediff modules it imports, at any depth of its code."""
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                for alias in node.names:
                    sub = f"{node.module}.{alias.name}"
                    targets.add(sub if sub in modules else node.module)
        graph[name] = {t for t in targets if t in modules and t != name}
    return graph


def test_no_module_of_the_package_takes_part_in_an_import_circle() -> None:
    graph = package_imports()
    assert len(graph) > 60 and "takediff.pipeline" in graph
    assert import_cycle(graph) is None, " -> ".join(import_cycle(graph) or [])


def test_types_imports_nothing_from_takediff() -> None:
    assert package_imports()["takediff.types"] == set()


def test_version_lives_in_its_own_module() -> None:
    import takediff
    from takediff.version import __version__

    assert takediff.__version__ == __version__
    assert "noqa: E402" not in (PACKAGE / "__init__.py").read_text(encoding="utf-8")
