"""No module import cycle among ``bot`` and ``store``, function-level imports counted (issue 10):
a cycle is how "the app imports the pages and the pages import the app" starts again."""
from __future__ import annotations

from tests.architecture.imports import cycles, graph


def test_no_import_cycle_among_bot_and_store_modules():
    assert cycles(graph()) == []


def test_the_checker_sees_function_level_imports(tmp_path):
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(edges) == [["a", "b", "c"]]


def test_the_rules_and_the_settings_load_without_the_database_library():
    """``pressbot parse`` starts fast: reading the settings pulls in no SQLAlchemy."""
    import subprocess
    import sys

    code = "import sys, bot.settings, store.rules; print('sqlalchemy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
