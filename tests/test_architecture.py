"""The house rules of docs/architecture.md, checked on the code: layers, no circles,
MkDocs in two modules, modules of a readable size."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

PACKAGE = ROOT / "kbgen"
DOC = ROOT / "docs" / "architecture.md"
#: "About 400 lines": a module past this wants splitting along its jobs.
MAX_LINES = 420
MKDOCS_MODULES = {"kbgen.build", "kbgen.plugin"}


def _layers() -> list[tuple[str, list[str]]]:
    """The layers table of docs/architecture.md: (layer, module prefixes), bottom first."""
    text = DOC.read_text("utf-8")
    section = text.split("## Layers", 1)[1].split("\n## ", 1)[0]
    layers = []
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0] not in ("layer", "---"):
            layers.append((cells[0], re.findall(r"`(kbgen[\w.]*)`", cells[1])))
    return layers


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _imports(path: Path) -> list[tuple[str, int]]:
    """Every module a file imports (anywhere in it, type-only imports too), with its line."""
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, node.lineno))
            found += [(f"{node.module}.{alias.name}", node.lineno) for alias in node.names]
    return found


def _layer_of(module: str, layers: list[tuple[str, list[str]]]) -> int | None:
    """The layer of a module: the one naming it or its longest prefix."""
    best: tuple[int, int] | None = None
    for number, (_name, prefixes) in enumerate(layers):
        for prefix in prefixes:
            matches = module == prefix or module.startswith(prefix + ".")
            if matches and (best is None or len(prefix) > best[1]):
                best = (number, len(prefix))
    return None if best is None else best[0]


def test_every_module_has_a_layer() -> None:
    layers = _layers()
    assert len(layers) >= 8
    missing = [name for name in _modules() if _layer_of(name, layers) is None]
    assert missing == []


def test_no_module_imports_a_layer_above_its_own() -> None:
    layers = _layers()
    modules = _modules()
    wrong = []
    for name, path in modules.items():
        own = _layer_of(name, layers)
        assert own is not None
        for imported, line in _imports(path):
            if not imported.startswith("kbgen") or (
                imported not in modules and (imported.rsplit(".", 1)[0] not in modules)
            ):
                continue
            target = imported if imported in modules else imported.rsplit(".", 1)[0]
            theirs = _layer_of(target, layers)
            if theirs is not None and theirs > own:
                wrong.append(
                    f"{path.relative_to(ROOT)}:{line}: {name} ({layers[own][0]}) imports "
                    f"{target} ({layers[theirs][0]})"
                )
    assert wrong == []


def test_no_two_modules_import_each_other() -> None:
    modules = _modules()
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets = set()
        for imported, _line in _imports(path):
            for candidate in (imported, imported.rsplit(".", 1)[0]):
                if candidate in modules and candidate != name:
                    targets.add(candidate)
                    break
        graph[name] = targets
    cycles = []

    def visit(node: str, stack: list[str], done: set[str]) -> None:
        for target in sorted(graph[node]):
            if target in stack:
                cycles.append(" -> ".join([*stack[stack.index(target) :], target]))
            elif target not in done:
                visit(target, [*stack, target], done)
        done.add(node)

    done: set[str] = set()
    for name in sorted(graph):
        if name not in done:
            visit(name, [name], done)
    assert cycles == []


def test_mkdocs_is_imported_in_two_modules_only() -> None:
    users = {
        name
        for name, path in _modules().items()
        for imported, _line in _imports(path)
        if imported == "mkdocs" or imported.startswith("mkdocs.")
    }
    assert users == MKDOCS_MODULES


def test_no_private_attribute_of_mkdocs_or_babel_is_used() -> None:
    private = re.compile(
        r"\._(catalog|inject_js_into_html|visible_epoch|epoch_cond|title_from_render)\b"
    )
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in PACKAGE.rglob("*.py")
        for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1)
        if private.search(line)
    ]
    assert found == []


def test_modules_are_of_a_readable_size() -> None:
    long = {
        str(path.relative_to(ROOT)): lines
        for path in PACKAGE.rglob("*.py")
        if (lines := len(path.read_text("utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def test_the_check_fails_on_an_import_from_above(tmp_path: Path) -> None:
    """The layer check is not vacuous: content importing render is caught."""
    layers = _layers()
    content = _layer_of("kbgen.content.loader", layers)
    render = _layer_of("kbgen.render.renderer", layers)
    assert content is not None and render is not None and render > content
    module = tmp_path / "bad.py"
    module.write_text("from kbgen.render.renderer import LocaleRenderer\n", "utf-8")
    assert _imports(module)[0] == ("kbgen.render.renderer", 1)


def test_reading_the_configuration_imports_neither_whoosh_nor_mkdocs_build(
    tmp_path: Path,
) -> None:
    # `kbgen check` reads mkdocs.yml with MkDocs, which loads the plugin: what only the
    # build's tasks use is imported when a build starts them (kbgen.build.build_locales).
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from kbgen.build import load_project\n"
        f"load_project(Path({str(ROOT / 'mkdocs.yml')!r}))\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'whoosh'"
        " or m in ('mkdocs.commands.build', 'kbgen.search')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
