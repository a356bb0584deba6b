"""The package's surface: what ``import covid_synergy`` does and offers."""

from __future__ import annotations

import runpy
import subprocess
import sys
from unittest import mock

import pytest

import covid_synergy as cs


def _modules_after(code: str) -> set[str]:
    """The modules of the library and its dependencies loaded by ``code`` in a fresh interpreter."""
    script = f"{code}\nimport sys\nprint('\\n'.join(sys.modules))"
    command = [sys.executable, "-c", script]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout  # noqa: S603 - our own code
    prefixes = (
        "covid_synergy",
        "attr",
        "cattrs",
        "importlib_resources",
        "importlib.resources",
        "importlib.metadata",
        "json",
        "decimal",
        "datetime",
        "pathlib",
        "zipfile",
        "tempfile",
        "argparse",
        "shutil",
        "textwrap",
    )
    return {m for m in out.split() if m.startswith(prefixes)}


def test_import_loads_nothing_but_the_package() -> None:
    """``import covid_synergy`` loads none of its modules, attrs, cattrs or the data machinery."""
    assert _modules_after("import covid_synergy") == {"covid_synergy"}


def test_a_record_class_loads_the_model_but_not_the_loader() -> None:
    """Asking for a record class loads the model (and attrs), not cattrs, JSON or resources."""
    loaded = _modules_after("from covid_synergy import Event")
    assert {"covid_synergy._model", "attrs", "decimal", "datetime"} <= loaded
    assert not loaded & {"cattrs", "json", "importlib_resources", "covid_synergy._reading"}


def test_loading_good_data_never_imports_cattrs() -> None:
    """The first answer (load, one query) runs on the pre-built structure functions alone."""
    loaded = _modules_after("import covid_synergy as cs; cs.load().events.involving('ITA')")
    assert "covid_synergy._codec._structure" in loaded
    assert not {m for m in loaded if m.startswith(("cattrs", "covid_synergy._codec._converter"))}


def test_the_first_answer_leaves_the_file_machinery_alone() -> None:
    """Locating the packaged data on disk imports neither importlib resources nor pathlib, zipfile or tempfile."""
    loaded = _modules_after("import covid_synergy as cs; cs.load().events.involving('ITA')")
    assert not loaded & {"importlib.resources", "importlib_resources", "pathlib", "zipfile", "tempfile"}


def test_the_shell_builds_and_imports_only_what_its_command_needs() -> None:
    """A table of events imports neither the writers, importlib.metadata (the version is looked up for
    --version), shutil (the terminal's width is asked of os) nor textwrap (the help is written for --help).
    """
    loaded = _modules_after("from covid_synergy._cli import main; main(['events', '--involving', 'Italy'])")
    assert "argparse" in loaded
    unasked = {"importlib.metadata", "covid_synergy._export", "covid_synergy._csv", "pathlib", "shutil", "textwrap"}
    assert not loaded & unasked


def test_writing_json_uses_the_converter() -> None:
    """The converter (and cattrs) loads when JSON is written out, not before."""
    loaded = _modules_after(
        "import covid_synergy as cs, tempfile; cs.export(cs.load(), tempfile.mkdtemp(), format='json')"
    )
    assert "cattrs" in loaded


@pytest.mark.parametrize("name", cs.__all__)
def test_every_public_name_resolves_to_its_own_object(name: str) -> None:
    """Each name in ``__all__`` is the object its module defines, documented."""
    value = getattr(cs, name)
    home = sys.modules[f"covid_synergy.{cs._HOMES[name]}"]
    assert value is getattr(home, name)
    assert name in dir(cs)


def test_unknown_names_raise_attribute_error() -> None:
    """A name the package does not have raises AttributeError (so hasattr works)."""
    with pytest.raises(AttributeError, match="no attribute 'Evnet'"):
        _ = cs.Evnet
    assert not hasattr(cs, "_loading_everything")


def test_star_import_gives_every_public_name() -> None:
    """``from covid_synergy import *`` binds exactly ``__all__``."""
    namespace: dict[str, object] = {}
    exec("from covid_synergy import *", namespace)  # noqa: S102 - the statement under test
    assert set(namespace) - {"__builtins__"} == set(cs.__all__)


def test_python_dash_m_runs_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    """``python -m covid_synergy`` runs main() and exits with its status."""
    with mock.patch.object(sys, "argv", ["covid_synergy", "--version"]), pytest.raises(SystemExit) as caught:
        runpy.run_module("covid_synergy", run_name="__main__", alter_sys=True)
    assert 0 == caught.value.code
    assert capsys.readouterr().out.startswith("covid-synergy ")
