"""The package's shape: import direction, sizes, and who may touch httpx (read from the source)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "videosdk_async"
#: The request pipeline (and its one error translator) and the transports: the only modules of
#: the client side that may import httpx at run time. The emulator is a server, not a client.
HTTPX_ALLOWED = {
    "_core/_requester.py",
    "_core/_translate.py",
    "_core/_http.py",
    "_core/_aiohttp.py",
    "_core/_wire.py",
}


def _modules() -> dict[str, ast.Module]:
    return {
        str(path.relative_to(PACKAGE)): ast.parse(path.read_text(encoding="utf-8"))
        for path in sorted(PACKAGE.rglob("*.py"))
    }


def _runtime_imports(tree: ast.Module) -> list[tuple[str, int]]:
    """Absolute module names imported at run time (not under `if TYPE_CHECKING:`), with level."""
    found: list[tuple[str, int]] = []

    def visit(nodes: list[ast.stmt]) -> None:
        for node in nodes:
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                visit(node.orelse)
                continue
            if isinstance(node, ast.Import):
                found.extend((alias.name, 0) for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                found.append((node.module or "", node.level))
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.stmt):
                    visit([child])

    visit(tree.body)
    return found


def _runtime_import_nodes(tree: ast.Module) -> list[ast.Import | ast.ImportFrom]:
    """Every import statement that can run (anywhere, functions included), not TYPE_CHECKING's."""
    found: list[ast.Import | ast.ImportFrom] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def test_only_the_pipeline_and_transports_import_httpx() -> None:
    """No client-side module but the pipeline and the transports imports httpx at run time."""
    offenders = sorted(
        name
        for name, tree in _modules().items()
        if not name.startswith("emulator/")
        and name not in HTTPX_ALLOWED
        and any(
            module.split(".")[0] == "httpx" and level == 0
            for module, level in _runtime_imports(tree)
        )
    )

    assert offenders == []


def _targets(name: str, node: ast.ImportFrom) -> set[str]:
    """The dotted modules a relative `from ... import ...` in file `name` loads."""
    package = ["videosdk_async", *Path(name).parent.parts]
    base = ".".join(package[: len(package) - (node.level - 1)])
    if node.module:
        # `from .pkg import name` loads pkg, and pkg.name too when that is a module.
        return {f"{base}.{node.module}"} | {f"{base}.{node.module}.{a.name}" for a in node.names}
    return {f"{base}.{alias.name}" for alias in node.names}


def _listed_modules(dotted: str, tree: ast.Module) -> set[str]:
    """The submodules a package imports by name (its ``_MODULES`` / ``FAMILIES`` tuple of str)."""
    found: set[str] = set()
    for node in tree.body:
        target = node.target if isinstance(node, ast.AnnAssign) else None
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
        value = getattr(node, "value", None)
        if (
            isinstance(target, ast.Name)
            and target.id in ("_MODULES", "FAMILIES")
            and isinstance(value, ast.Tuple)
        ):
            found |= {
                f"{dotted}.{elt.value}"
                for elt in value.elts
                if isinstance(elt, ast.Constant) and isinstance(elt.value, str)
            }
    return found


def test_no_runtime_import_cycle() -> None:
    """The package's run-time imports form no cycle, deferred ones (inside functions) included.

    Only imports under ``if TYPE_CHECKING:`` are left out: they never run.
    """
    graph: dict[str, set[str]] = {}
    for name, tree in _modules().items():
        dotted = "videosdk_async." + name[:-3].replace("/", ".").removesuffix(".__init__")
        dotted = dotted.removesuffix(".__init__")
        targets: set[str] = set()
        for node in _runtime_import_nodes(tree):
            if isinstance(node, ast.ImportFrom) and node.level:
                targets |= _targets(name, node)
            elif isinstance(node, ast.ImportFrom | ast.Import):
                absolute = [node.module] if isinstance(node, ast.ImportFrom) else []
                absolute += [a.name for a in node.names] if isinstance(node, ast.Import) else []
                targets |= {m for m in absolute if m and m.startswith("videosdk_async")}
        if name.endswith("__init__.py"):
            targets |= _listed_modules(dotted, tree)
        graph[dotted] = targets
    known = set(graph)

    def owner(target: str) -> str | None:
        while target and target not in known:
            target = target.rpartition(".")[0]
        return target or None

    edges = {src: {o for t in dsts if (o := owner(t)) and o != src} for src, dsts in graph.items()}
    visiting: list[str] = []
    done: set[str] = set()
    cycles: list[list[str]] = []

    def walk(node: str) -> None:
        if node in visiting:
            cycles.append([*visiting[visiting.index(node) :], node])
            return
        if node in done:
            return
        visiting.append(node)
        for nxt in sorted(edges.get(node, ())):
            walk(nxt)
        visiting.pop()
        done.add(node)

    for node in sorted(edges):
        walk(node)
    assert cycles == []


@pytest.mark.parametrize("limit", [400])
def test_no_module_over_400_lines(limit: int) -> None:
    """Every module of the package has at most 400 lines."""
    long = {
        str(p.relative_to(PACKAGE)): n
        for p in PACKAGE.rglob("*.py")
        if (n := p.read_text(encoding="utf-8").count("\n")) > limit
    }
    assert long == {}


def test_client_module_is_at_most_250_lines() -> None:
    """_client.py (configuration, lifecycle, resource attributes) stays small."""
    assert (PACKAGE / "_client.py").read_text(encoding="utf-8").count("\n") <= 250


def test_no_function_over_80_lines() -> None:
    """No function or method of the package is longer than 80 lines."""
    long = [
        f"{name}:{node.lineno} {node.name}"
        for name, tree in _modules().items()
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and (node.end_lineno or node.lineno) - node.lineno + 1 > 80
    ]
    assert long == []


def test_resources_call_the_pipeline_only_through_the_base_verbs() -> None:
    """No resource module but the base spells out a pipeline call (``_requester.request``)."""
    offenders = sorted(
        str(path.relative_to(PACKAGE))
        for path in (PACKAGE / "resources").glob("*.py")
        if path.name != "_base.py" and "_requester.request(" in path.read_text(encoding="utf-8")
    )

    assert offenders == []
