"""The house: aidcli's sub-packages are its layers, and a layer imports only the layers under it
(the drawing in CONTRIBUTING.md). Read from the source with ast, every import, at the top of a
module or inside a function, so a lazy import cannot cross a layer unseen."""

from __future__ import annotations

import ast
import re

from conftest import ROOT

SRC = ROOT / "src" / "aidcli"
# What each layer may import of aidcli (itself included). query and output stand side by side:
# a question never knows how its answer is printed, and a writer never asks a question.
ALLOWED = {
    "model": {"model"},
    "loading": {"model", "loading"},
    "query": {"model", "loading", "query"},
    "output": {"model", "output"},
    "api": {"model", "loading", "query", "output", "api"},  # output: a map's picture (MapAnswer.svg)
    "cli": {"model", "loading", "query", "output", "api", "cli", "root"},
    "root": {"model", "api", "cli", "root"},
}
PACKAGES = ("model", "loading", "query", "output", "cli")


def _layer(module: str) -> str:
    """The layer of a dotted module name of aidcli."""
    parts = module.split(".")
    if len(parts) == 1:
        return "root"
    if parts[1] in PACKAGES:
        return parts[1]
    return "api" if parts[1] == "api" else "root"  # __main__


def _imports(path) -> list[tuple[int, str]]:
    """Every aidcli module a file imports, with its line."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "aidcli":
            if node.module == "aidcli":  # from aidcli import X: a sub-package, a module or a name of the root
                out += [
                    (node.lineno, f"aidcli.{a.name}" if a.name in (*PACKAGES, "api") else "aidcli") for a in node.names
                ]
            else:
                out.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names if a.name.split(".")[0] == "aidcli"]
    return out


def _modules():
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC.parent).with_suffix("")
        yield ".".join(p for p in rel.parts if p != "__init__"), path


def test_every_module_lives_in_a_layer():
    loose = [m for m, _ in _modules() if m.count(".") == 1 and m.split(".")[1] not in (*PACKAGES, "api", "__main__")]
    assert loose == [], "a module of src/aidcli/ belongs in one of " + ", ".join(PACKAGES)


def test_a_layer_imports_only_the_layers_under_it():
    crossings = []
    for module, path in _modules():
        mine = _layer(module)
        for line, target in _imports(path):
            if _layer(target) not in ALLOWED[mine]:
                crossings.append(f"{path.relative_to(ROOT)}:{line}: {mine} imports {target} ({_layer(target)})")
    assert crossings == []


def test_typer_only_in_the_command_line_and_rich_only_in_output_and_it():
    where = {"typer": {"cli"}, "rich": {"cli", "output"}}
    found = []
    for module, path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module]
                if isinstance(node, ast.ImportFrom) and node.module
                else []
            )
            for name in names:
                top = name.split(".")[0]
                if top in where and _layer(module) not in where[top]:
                    found.append(f"{module}: {name}")
    assert found == []


def test_contributing_draws_the_layers_the_test_checks():
    """CONTRIBUTING.md's drawing names every layer and what it may import, as ALLOWED says."""
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    drawing = text[text.index("```text") : text.index("```", text.index("```text") + 7)]
    for layer in ("model", "loading", "query", "output", "api", "cli"):
        assert re.search(rf"\b{layer}\b", drawing), layer
    for layer, allowed in ALLOWED.items():
        if layer == "root":
            continue
        line = next(ln for ln in text.splitlines() if ln.startswith(f"- **`{layer}"))
        said = line.split("imports", 1)[1].split(":", 1)[0]
        below = allowed - {layer, "root"}
        if below == set(ALLOWED) - {layer, "root"}:
            assert "every layer" in said, (layer, line)
        else:
            assert {w for w in re.findall(r"[a-z]+", said) if w in ALLOWED} == below or (
                not below and "nothing" in said
            ), (layer, line)
