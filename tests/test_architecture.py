"""The arrows between the packages: no app imports the project package; villages knows
nothing of evaluations or competitions, neither in its Python code nor in the templates it
renders, and its own modules import each other one way only.

Imports are read from the source with `ast`, so an import inside a function counts too.
"""

import ast
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PROJECT_PACKAGE = "kampungkb"
TEMPLATES = ROOT / "templates"
# The apps villages must not know: they add themselves to its pages through
# `villages.sections`. An app that does not exist (yet) is simply not found.
UNKNOWN_TO_VILLAGES = ("evaluations", "competitions")
LOAD = re.compile(r"{%\s*load\s+(.+?)\s*%}")
URL = re.compile(r"""{%\s*url\s+["']([\w-]+):""")
INCLUDE = re.compile(r"""{%\s*(?:include|extends)\s+["']([^"']+)["']""")


def python_files(app):
    return sorted(path for path in (ROOT / app).rglob("*.py") if "migrations" not in path.parts)


def module_name(path):
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path):
    """Every module `path` imports, at the top or inside a function, as absolute names."""
    package = module_name(path)
    if path.name != "__init__.py":
        package = package.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*base, node.module] if node.module else base)
            else:
                base = node.module
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)


def is_in_app(module, apps):
    return any(module == app or module.startswith(f"{app}.") for app in apps)


def tag_libraries(app):
    """The template tag libraries `app` defines: its templatetags/*.py module names."""
    folder = ROOT / app / "templatetags"
    return {path.stem for path in folder.glob("*.py") if path.stem != "__init__"}


def url_namespaces(app):
    """The `app_name`s of `app`'s URL modules."""
    names = set()
    for path in (ROOT / app).glob("*urls*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Assign)
                and any(getattr(target, "id", None) == "app_name" for target in node.targets)
                and isinstance(node.value, ast.Constant)
            ):
                names.add(node.value.value)
    return names


def string_constants(path):
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.value


def villages_templates():
    """The templates villages renders: its own folders (villages/, manage/), those its
    code names, and what they include or extend there, but not the project's base.html."""
    names = {
        str(path.relative_to(TEMPLATES))
        for folder in ("villages", "manage")
        for path in (TEMPLATES / folder).rglob("*.html")
    }
    names |= {
        value
        for path in python_files("villages")
        for value in string_constants(path)
        if value.endswith(".html") and (TEMPLATES / value).is_file()
    }
    todo = list(names)
    while todo:
        for included in INCLUDE.findall((TEMPLATES / todo.pop()).read_text()):
            if included not in names and included.split("/")[0] in ("villages", "manage"):
                names.add(included)
                todo.append(included)
    return sorted(names)


def loaded_libraries(source):
    libraries = set()
    for arguments in LOAD.findall(source):
        words = arguments.split()
        # {% load a b %} or {% load name1 name2 from library %}
        libraries.update(words[-1:] if "from" in words else words)
    return libraries


def test_villages_python_imports_neither_evaluations_nor_competitions():
    offenders = [
        f"{path.relative_to(ROOT)}: {module}"
        for path in python_files("villages")
        for module in imported_modules(path)
        if is_in_app(module, UNKNOWN_TO_VILLAGES)
    ]
    assert offenders == []


def test_villages_python_names_no_template_or_url_of_evaluations_or_competitions():
    namespaces = set().union(*(url_namespaces(app) for app in UNKNOWN_TO_VILLAGES))
    offenders = [
        f"{path.relative_to(ROOT)}: {value!r}"
        for path in python_files("villages")
        for value in string_constants(path)
        if value.split("/")[0] in UNKNOWN_TO_VILLAGES or value.split(":")[0] in namespaces
    ]
    assert offenders == []


def test_villages_templates_load_no_tag_library_of_evaluations_or_competitions():
    libraries = set().union(*(tag_libraries(app) for app in UNKNOWN_TO_VILLAGES))
    assert libraries, "the scan found no tag library at all: check tag_libraries()"
    offenders = [
        f"{name}: {{% load {library} %}}"
        for name in villages_templates()
        for library in sorted(loaded_libraries((TEMPLATES / name).read_text()) & libraries)
    ]
    assert offenders == []


def test_villages_templates_link_to_no_page_of_evaluations_or_competitions():
    namespaces = set().union(*(url_namespaces(app) for app in UNKNOWN_TO_VILLAGES))
    assert namespaces, "the scan found no URL namespace at all: check url_namespaces()"
    offenders = [
        f"{name}: {{% url '{namespace}:...' %}}"
        for name in villages_templates()
        for namespace in URL.findall((TEMPLATES / name).read_text())
        if namespace in namespaces
    ]
    assert offenders == []


def test_villages_templates_include_no_template_of_evaluations_or_competitions():
    offenders = [
        f"{name}: {included}"
        for name in villages_templates()
        for included in INCLUDE.findall((TEMPLATES / name).read_text())
        if included.split("/")[0] in UNKNOWN_TO_VILLAGES
    ]
    assert offenders == []


def test_the_template_scan_sees_the_pages_villages_renders():
    templates = villages_templates()
    assert "villages/kampung_detail.html" in templates
    assert "manage/dashboard.html" in templates
    assert "villages/includes/unit_figures.html" in templates
    assert loaded_libraries("{% load i18n l10n %}{% load a b from lib %}") == {
        "i18n",
        "l10n",
        "lib",
    }


def villages_import_graph():
    modules = {module_name(path): path for path in python_files("villages")}
    return {
        module: {imported for imported in imported_modules(path) if imported in modules} - {module}
        for module, path in modules.items()
    }


def test_villages_modules_import_each_other_without_a_cycle():
    graph = villages_import_graph()
    state, cycles = {}, []

    def visit(module, trail):
        state[module] = "open"
        for imported in sorted(graph[module]):
            if state.get(imported) == "open":
                cycles.append(" -> ".join([*trail[trail.index(imported) :], imported]))
            elif imported not in state:
                visit(imported, [*trail, imported])
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_figures_rules_do_not_import_their_presentation_or_the_classification():
    graph = villages_import_graph()
    assert "villages.unit_classification" not in graph["villages.figures"]
    assert "villages.figures_page" not in graph["villages.figures"]
    assert "villages.figures" in graph["villages.unit_classification"]


def repo_apps():
    """The installed apps whose code lives in this repository (not Django's, not a
    library's), by label, as their folder's name."""
    return {
        config.label: str(Path(config.path).relative_to(ROOT))
        for config in apps.get_app_configs()
        if Path(config.path).is_relative_to(ROOT)
    }


def test_the_repository_apps_are_found():
    assert {"villages", "evaluations", "competitions", "pagecache", "portal"} <= repo_apps().keys()
    assert PROJECT_PACKAGE not in repo_apps()


def test_imported_modules_resolves_absolute_and_relative_imports():
    found = set(imported_modules(ROOT / "villages" / "views" / "public.py"))
    assert {"pagecache", "villages.cache_tags", "villages.models"} <= found
    assert "villages.permissions" in set(imported_modules(ROOT / "villages" / "apps.py"))


@pytest.mark.parametrize("label", sorted(repo_apps()))
def test_no_app_imports_the_project_package(label):
    offenders = [
        f"{path.relative_to(ROOT)}: {module}"
        for path in python_files(repo_apps()[label])
        for module in imported_modules(path)
        if is_in_app(module, [PROJECT_PACKAGE])
    ]
    assert offenders == []


def view_modules(label):
    """`views.py`, `*_views.py` and the modules of a `views` package."""
    return [
        path
        for path in python_files(repo_apps()[label])
        if path.stem == "views" or path.stem.endswith("_views") or path.parent.name == "views"
    ]


@pytest.mark.parametrize("label", sorted(repo_apps()))
def test_url_patterns_live_in_urls_modules_not_in_views(label):
    offenders = [
        f"{path.relative_to(ROOT)}: {module}"
        for path in view_modules(label)
        for module in imported_modules(path)
        if module in {"django.urls.path", "django.urls.re_path", "django.urls.include"}
    ]
    assert offenders == []


def test_the_views_scan_sees_the_view_modules():
    assert ROOT / "villages" / "views" / "figures.py" in view_modules("villages")
    assert view_modules("competitions") == [ROOT / "competitions" / "views.py"]
    assert ROOT / "portal" / "bench_views.py" in view_modules("portal")
