"""The arrows between the packages: which may import which.

Read from the source with `ast`, so an import inside a function counts too.
"""

import ast
from pathlib import Path

import pytest
from django.apps import apps

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PACKAGE = "kampungkb"


def repo_apps():
    """The installed apps whose code lives in this repository (not Django's, not a
    library's), by label."""
    return {
        config.label: Path(config.path)
        for config in apps.get_app_configs()
        if Path(config.path).is_relative_to(ROOT)
    }


def python_files(folder):
    return sorted(path for path in Path(folder).rglob("*.py") if "__pycache__" not in path.parts)


def imported_modules(path):
    """Every module the Python file `path` imports, as absolute dotted names: `import a.b`
    gives "a.b", `from a.b import c` gives "a.b", `from . import c` inside `villages/`
    gives "villages"."""
    path = Path(path).resolve()
    package = path.relative_to(ROOT).parent.parts
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                modules.add(".".join([*base, *([node.module] if node.module else [])]))
            else:
                modules.add(node.module)
    return modules


def imports_of(folder, *packages):
    """(file, module) for each import in `folder` of one of `packages` or their
    submodules."""
    return [
        (str(path.relative_to(ROOT)), module)
        for path in python_files(folder)
        for module in sorted(imported_modules(path))
        if any(module == package or module.startswith(package + ".") for package in packages)
    ]


def test_the_repository_apps_are_found():
    assert {"villages", "evaluations", "pagecache", "portal"} <= repo_apps().keys()
    assert PROJECT_PACKAGE not in repo_apps()


def test_imported_modules_resolves_absolute_and_relative_imports():
    app = ROOT / "villages"
    found = imported_modules(app / "views" / "public.py")
    assert {"pagecache", "villages.cache_tags", "villages.models"} <= found
    assert "villages" in imported_modules(app / "apps.py")


@pytest.mark.parametrize("label", sorted(repo_apps()))
def test_no_app_imports_the_project_package(label):
    assert imports_of(repo_apps()[label], PROJECT_PACKAGE) == []
