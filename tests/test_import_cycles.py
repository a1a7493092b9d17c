"""No import cycle among the project's module-level imports.

A cycle works only while every module in it happens to be imported in the right order; the next
import added elsewhere turns it into an ImportError at start-up. Imports inside a function run when
the function is called, after every module has loaded, so they may point back up (Wagtail's page
models serving through their app's views or selectors need that); each such import carries a
comment saying why. Imports under `if TYPE_CHECKING:` never run and are ignored too.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
APPS = ("cms", "shop", "donations", "community", "ledger", "payments", "core")


def _source_path(module: str) -> Path:
    base = ROOT.joinpath(*module.split("."))
    return base / "__init__.py" if base.is_dir() else base.with_suffix(".py")


@cache
def _function_level_import_lines(module: str) -> frozenset[int]:
    """Line numbers of the import statements that sit inside a function body."""
    tree = ast.parse(_source_path(module).read_text(encoding="utf-8"))
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Import | ast.ImportFrom):
                    lines.add(inner.lineno)
    return frozenset(lines)


@cache
def _graph() -> grimp.ImportGraph:
    return grimp.build_graph(*APPS, exclude_type_checking_imports=True)


def import_graph(*, module_level_only: bool) -> dict[str, set[str]]:
    graph = _graph()
    edges: dict[str, set[str]] = {module: set() for module in graph.modules}
    for importer in graph.modules:
        lazy = _function_level_import_lines(importer) if module_level_only else frozenset()
        for imported in graph.find_modules_directly_imported_by(importer):
            details = graph.get_import_details(importer=importer, imported=imported)
            if any(detail["line_number"] not in lazy for detail in details):
                edges[importer].add(imported)
    return edges


def strongly_connected_components(edges: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative (the graph is a few hundred modules deep at most)."""
    index: dict[str, int] = {}
    lowlink: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []
    counter = 0
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, iter(sorted(edges[start])))]
        index[start] = lowlink[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = lowlink[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    lowlink[node] = min(lowlink[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                lowlink[parent] = min(lowlink[parent], lowlink[node])
            if lowlink[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                components.append(sorted(component))
    return components


def _one_cycle(edges: dict[str, set[str]], component: list[str]) -> list[str]:
    """The shortest way round from the component's first module back to itself, for the message."""
    members = set(component)
    start = component[0]
    paths = {start: [start]}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for child in sorted(edges[node] & members):
                if child == start:
                    return [*paths[node], start]
                if child not in paths:
                    paths[child] = [*paths[node], child]
                    following.append(child)
        frontier = following
    return component


def test_cycle_finder_reports_a_cycle_and_not_a_chain():
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    cycles = [c for c in strongly_connected_components(edges) if len(c) > 1]
    assert cycles == [["a", "b", "c"]]
    assert _one_cycle(edges, cycles[0]) == ["a", "b", "c", "a"]


def test_function_level_imports_are_told_apart_from_module_level_ones():
    source = _source_path("donations.models.pages").read_text(encoding="utf-8").splitlines()
    lazy = _function_level_import_lines("donations.models.pages")
    imports = {n for n, line in enumerate(source, 1) if line.lstrip().startswith(("import ", "from "))}
    assert lazy
    assert lazy < imports
    for number in imports:
        assert (number in lazy) == source[number - 1].startswith(" "), source[number - 1]


def test_no_import_cycle_among_module_level_imports():
    edges = import_graph(module_level_only=True)
    cycles = [c for c in strongly_connected_components(edges) if len(c) > 1]
    described = [
        f"{len(c)} modules, e.g. " + " -> ".join(_one_cycle(edges, c)) for c in sorted(cycles, key=len)
    ]
    assert not cycles, "Import cycles:\n" + "\n".join(described)


def test_every_function_level_import_that_closes_a_cycle_says_why():
    """The imports a module-level cycle would need are made inside functions; each says why."""
    edges = import_graph(module_level_only=False)
    component_of = {
        module: n for n, component in enumerate(strongly_connected_components(edges)) for module in component
    }
    unexplained = []
    for importer, imported_modules in edges.items():
        lazy = _function_level_import_lines(importer)
        source = _source_path(importer).read_text(encoding="utf-8").splitlines()
        for imported in imported_modules:
            if component_of[importer] != component_of[imported]:
                continue
            for detail in _graph().get_import_details(importer=importer, imported=imported):
                number = detail["line_number"]
                if number in lazy and not _explained(source, number):
                    unexplained.append(f"{importer}:{number} {detail['line_contents']}")
    assert not unexplained, "Function-level imports closing a cycle, without a comment:\n" + "\n".join(
        sorted(unexplained)
    )


def _explained(source: list[str], number: int) -> bool:
    """A comment on the import's line, or on the lines just above it (after the def or docstring)."""
    if "#" in source[number - 1]:
        return True
    above = number - 2
    while above >= 0 and source[above].strip().startswith(("from ", "import ")):
        above -= 1
    return above >= 0 and source[above].strip().startswith("#")
