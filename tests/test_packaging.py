"""Package metadata: one version, the license, and what `from pyautograd import *` gives."""
import importlib.metadata
import os
import pathlib
import shutil
import subprocess
import sys

import pytest

import pyautograd

ROOT = pathlib.Path(__file__).resolve().parent.parent


def test_the_version_is_written_once():
    text = (ROOT / "pyproject.toml").read_text()
    assert 'dynamic = ["version"]' in text and 'attr = "pyautograd._version.__version__"' in text
    assert pyautograd.__version__ == pyautograd._version.__version__
    try:
        installed = importlib.metadata.version("pyautograd")
    except importlib.metadata.PackageNotFoundError:
        pytest.skip("pyautograd is not installed as a distribution")
    assert installed == pyautograd.__version__


def test_license():
    assert (ROOT / "LICENSE").read_text().startswith("BSD 3-Clause License")
    assert 'license = "BSD-3-Clause"' in (ROOT / "pyproject.toml").read_text()


def test_the_test_extra_exists():
    # README's test command installs ".[test]"
    tomllib = pytest.importorskip("tomllib")       # Python >= 3.11
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert any(r.startswith("pytest") for r in meta["project"]["optional-dependencies"]["test"])


def test_a_source_folder_without_core_takes_the_installed_core(tmp_path):
    # `python -m pytest` in a checkout after a non-editable install: the checkout's folder (no
    # compiled core) comes first on sys.path, the installed build after it
    here = os.path.dirname(os.path.abspath(pyautograd.__file__))
    shutil.copytree(here, tmp_path / "pyautograd",
                    ignore=lambda d, names: [n for n in names if n.startswith("_core.") or n == "__pycache__"])
    code = ("import pyautograd, os; print(os.path.dirname(pyautograd.__file__)); "
            "print(os.path.dirname(pyautograd._core.__file__)); print(pyautograd.ones(2).sum().item())")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(tmp_path), os.path.dirname(here)]))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split("\n")[:3] == [str(tmp_path / "pyautograd"), here, "2.0"]
