"""Package metadata: one version, the license, and what `from pyautograd import *` gives."""
import importlib.metadata
import pathlib

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
