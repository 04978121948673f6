"""The documentation: pyautograd.__all__ pinned to tests/public_api.txt, a docstring on every public
function, class and Tensor attribute (aliases and in-place forms saying what they are), the
docstrings' examples run as doctests, and the Sphinx site under docs/ building without warnings."""
import doctest
import importlib.util
import inspect
import os
import re
import subprocess
import sys
import types

import pytest

import pyautograd
from pyautograd import Tensor
from pyautograd.ops._registry import PUBLIC

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
API_FILE = os.path.join(ROOT, "tests", "public_api.txt")

# first lines that say nothing about what a function computes (the generated ones this test replaced)
PLACEHOLDERS = [re.compile(r"^Elementwise \w+ \(computed in floating point\), differentiable\.$"),
                re.compile(r"^fast_\w+\("), re.compile(r"^In-place \w+ \(bumps the version counter\)\.$")]

# the operators a user writes (x + y, x[i], ...), documented as the functions they call
OPERATORS = ["__add__", "__radd__", "__iadd__", "__sub__", "__rsub__", "__isub__", "__mul__", "__rmul__",
             "__imul__", "__truediv__", "__rtruediv__", "__itruediv__", "__floordiv__", "__rfloordiv__",
             "__mod__", "__rmod__", "__pow__", "__rpow__", "__ipow__", "__matmul__", "__rmatmul__", "__neg__",
             "__pos__", "__abs__", "__invert__", "__and__", "__rand__", "__or__", "__ror__", "__xor__", "__rxor__",
             "__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__", "__getitem__", "__setitem__", "__len__",
             "__iter__", "__bool__", "__float__", "__int__", "__index__", "__complex__", "__repr__"]


def _doc(obj):
    return (getattr(obj, "__doc__", None) or "").strip()


def _bad_doc(doc):
    """Why a docstring does not count (None when it does)."""
    if not doc:
        return "no docstring"
    first = doc.splitlines()[0].strip()
    if any(p.match(first) for p in PLACEHOLDERS):
        return "placeholder first line %r" % first
    return None


def _tensor_attr(name):
    for k in Tensor.__mro__:
        if name in k.__dict__:
            return k.__dict__[name]
    raise AttributeError(name)


def test_public_api_is_pinned():
    # To update after adding or removing a public name on purpose:
    #   python -c "import pyautograd; print('\n'.join(sorted(pyautograd.__all__)))" > tests/public_api.txt
    with open(API_FILE) as f:
        pinned = [line.strip() for line in f if line.strip()]
    assert pinned == sorted(pinned), "tests/public_api.txt must be sorted"
    now = sorted(pyautograd.__all__)
    added, removed = sorted(set(now) - set(pinned)), sorted(set(pinned) - set(now))
    assert not added and not removed, ("pyautograd.__all__ changed: added %s, removed %s (update "
                                       "tests/public_api.txt as this test's comment says)" % (added, removed))
    assert len(now) == len(set(now)), "duplicate names in pyautograd.__all__"


def test_star_import_exports_exactly_the_public_api():
    ns = {}
    exec("from pyautograd import *", ns)
    ns.pop("__builtins__")
    assert sorted(ns) == sorted(pyautograd.__all__)
    for name, value in ns.items():
        if isinstance(value, types.ModuleType):
            # only pyautograd's own subpackages, never np / math / builtins
            assert value.__name__ == "pyautograd." + name, (name, value)
    for leaked in ("np", "math", "builtins", "Op", "apply_op", "PUBLIC", "TensorBase"):
        assert leaked not in ns
