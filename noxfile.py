"""Test sessions: the built wheel on every supported Python, the source tree out of the way."""

from __future__ import annotations

import os
from pathlib import Path

import nox

nox.options.default_venv_backend = "venv"
nox.options.reuse_existing_virtualenvs = False

PYTHONS = ["3.11", "3.12", "3.13"]
ROOT = Path(__file__).parent


def _wheel() -> str:
    wheels = sorted((ROOT / "dist").glob("covid_synergy-*.whl"))
    if len(wheels) != 1:
        msg = f"expected one wheel in dist/, found {len(wheels)}: build it first (python -m build)"
        raise RuntimeError(msg)
    return str(wheels[0])


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """Install the wheel with its test extra and run the tests against it."""
    session.install(f"covid-synergy[test] @ file://{_wheel()}")
    tmp = Path(session.create_tmp())
    session.chdir(tmp)
    session.run(
        "python",
        "-c",
        "import covid_synergy, sys; f = covid_synergy.__file__; "
        "sys.exit(0 if 'site-packages' in f else f'testing {f}, not the installed wheel')",
    )
    profile = os.environ.get("HYPOTHESIS_PROFILE", "default")
    session.run(
        "pytest",
        "-c",
        str(ROOT / "pyproject.toml"),
        "--rootdir",
        str(ROOT),
        "-p",
        "no:cacheprovider",
        "-m",
        "not slow",
        str(ROOT / "tests"),
        env={"HYPOTHESIS_PROFILE": profile},
    )


@nox.session(python=False)
def generate(session: nox.Session) -> None:
    """Rewrite what is written from the record classes: the structure functions and the JSON Schemas."""
    session.run("python", "tools/generate_structure.py")
    session.run("python", "tools/write_schemas.py")
