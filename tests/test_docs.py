"""The documentation: pyautograd.__all__ pinned to tests/public_api.txt, a docstring on every public
function, class and Tensor attribute (aliases and in-place forms saying what they are), the
docstrings' examples run as doctests, and the Sphinx site under docs/ building without warnings."""
import doctest
import importlib
import importlib.util
import inspect
import io
import os
import pkgutil
import re
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


# ---------------------------------------------------------------------------------------------
# What "public" means: pyautograd and each submodule without a leading underscore in its path
# (pyautograd.ops is the op registry, an implementation detail: its node classes are what grad_fn
# shows, documented by the registry). A module's public objects: its __all__ (else its names without
# a leading underscore), the functions and classes defined in pyautograd. Tensor's methods,
# properties and operators are public too; other classes' methods are documented with the class.

def public_modules():
    names = ["pyautograd"]
    for m in pkgutil.walk_packages(pyautograd.__path__, "pyautograd."):
        parts = m.name.split(".")[1:]
        if parts[0] == "ops" or any(p.startswith("_") for p in parts):
            continue
        names.append(m.name)
    return names


def _defined_here(obj):
    return (getattr(obj, "__module__", None) or "").startswith("pyautograd")


def public_objects(modname):
    """[(qualified name, object)] of the functions and classes a module makes public (and, for
    pyautograd, Tensor's attributes)."""
    mod = importlib.import_module(modname)
    names = getattr(mod, "__all__", None)
    if names is None:
        names = [n for n in vars(mod) if not n.startswith("_")]
    out = []
    for n in names:
        obj = getattr(mod, n, None)
        if isinstance(obj, types.ModuleType) or not (callable(obj) or isinstance(obj, type)):
            continue
        if not _defined_here(obj) and not (isinstance(obj, type) and issubclass(obj, Exception)
                                           and obj.__module__.startswith("pyautograd")):
            continue
        out.append(("%s.%s" % (modname, n), obj))
    if modname == "pyautograd":
        for n in sorted(set(dir(Tensor))):
            if (n.startswith("_") and n not in OPERATORS) or n in ("mro",):
                continue
            out.append(("pyautograd.Tensor.%s" % n, _tensor_attr(n)))
    return out


def _all_public():
    seen, out = set(), []
    for m in public_modules():
        for q, obj in public_objects(m):
            key = id(obj)
            if key in seen:
                continue
            seen.add(key)
            out.append((q, obj))
    return out


def rst_problems(doc):
    """Docutils' warnings on a docstring as Sphinx would read it (autodoc dedent, napoleon's Google
    sections), '' when it renders cleanly; None when docutils is not installed."""
    try:
        import docutils.core
        import docutils.utils
    except ImportError:
        return None
    text = inspect.cleandoc(doc)
    try:
        from sphinx.ext.napoleon import Config
        from sphinx.ext.napoleon.docstring import GoogleDocstring
        text = str(GoogleDocstring(text, Config(napoleon_use_param=True, napoleon_use_rtype=True)))
    except ImportError:
        pass
    stream = io.StringIO()
    docutils.core.publish_doctree(text, settings_overrides={
        "warning_stream": stream, "report_level": 2, "halt_level": 5, "file_insertion_enabled": False,
        "raw_enabled": False})
    return stream.getvalue().replace("<string>:", "line ").strip()


def doctest_globals():
    import numpy as np
    import pyautograd.nn as nn
    import pyautograd.nn.functional as F
    return {"pa": pyautograd, "np": np, "nn": nn, "F": F, "torch": pyautograd}


def run_examples(qualname, obj):
    """Runs the examples of obj's docstring as doctests; returns (examples run, failure report)."""
    doc = _doc(obj)
    if ">>>" not in doc:
        return 0, ""
    pyautograd.manual_seed(0)
    test = doctest.DocTestParser().get_doctest(inspect.cleandoc(doc), doctest_globals(), qualname, None, 0)
    out = io.StringIO()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    runner.run(test, out=out.write)
    return len(test.examples), out.getvalue()


def report(modnames):
    """Prints each problem of the given modules' public objects; returns how many there were."""
    count = 0
    for m in modnames:
        for q, obj in public_objects(m):
            why = _bad_doc(_doc(obj))
            if why:
                print("%s: %s" % (q, why))
                count += 1
                continue
            rst = rst_problems(_doc(obj))
            if rst:
                print("%s: invalid reStructuredText: %s" % (q, rst))
                count += 1
            n, fail = run_examples(q, obj)
            if fail:
                print("%s: example failed:\n%s" % (q, fail))
                count += 1
    return count


def test_every_public_object_has_a_docstring():
    missing = ["%s: %s" % (q, _bad_doc(_doc(obj))) for q, obj in _all_public() if _bad_doc(_doc(obj))]
    assert not missing, "%d public objects lack a real docstring:\n%s" % (len(missing), "\n".join(missing))


def test_every_public_module_has_a_docstring():
    missing = [m for m in public_modules() if not _doc(importlib.import_module(m))]
    assert not missing


def test_docstrings_are_valid_restructuredtext():
    pytest.importorskip("docutils")
    bad = []
    modules = [(m, importlib.import_module(m)) for m in public_modules()]
    for q, obj in modules + _all_public():
        if _doc(obj):
            rst = rst_problems(_doc(obj))
            if rst:
                bad.append("%s: %s" % (q, rst))
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("modname", public_modules())
def test_docstring_examples_run(modname):
    failures, run = [], 0
    seen = set()
    for q, obj in public_objects(modname):
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        n, fail = run_examples(q, obj)
        run += n
        if fail:
            failures.append(fail)
    assert not failures, "\n".join(failures)


def test_the_public_functions_have_examples():
    # "signature, what it computes, its gradient, an example": every public function and class that
    # a user calls shows one call (the Tensor operators and attributes are checked for a docstring only)
    lacking = [q for q, obj in _all_public() if ".Tensor." not in q and _doc(obj) and ">>>" not in _doc(obj)]
    assert not lacking, "%d without an example:\n%s" % (len(lacking), "\n".join(lacking))


def test_aliases_and_inplace_forms_say_what_they_are():
    from pyautograd import _ops
    for name, e in PUBLIC.items():
        doc = _doc(getattr(pyautograd, name, None) or getattr(Tensor, name, None) or getattr(_ops, name))
        if e.alias_of is not None:
            assert doc.startswith("Alias of pyautograd."), (name, doc[:80])
        if e.inplace_op is not None and hasattr(Tensor, name + "_"):
            idoc = _doc(_tensor_attr(name + "_"))
            assert idoc.startswith("In-place form of pyautograd."), (name + "_", idoc[:80])


def test_the_checker_catches_what_it_should():
    # the checks above must be able to fail: a placeholder, bad reStructuredText, a wrong example
    assert _bad_doc("") == "no docstring"
    assert _bad_doc("fast_add(x, y)") is not None
    assert _bad_doc("In-place sin (bumps the version counter).") is not None
    if importlib.util.find_spec("docutils") is not None:
        assert rst_problems("Text.\n\n    Example::\n\n    >>> 1\n  bad indent\n") != ""
        assert rst_problems("Fine ``code``.\n\nExample::\n\n    >>> 1\n    1\n") == ""

    def wrong():
        """Adds.

        Example::

            >>> pa.tensor([1.0]) + 1
            tensor([3.])
        """
    n, fail = run_examples("wrong", wrong)
    assert n == 1 and "Expected" in fail


if __name__ == "__main__":
    # python tests/test_docs.py --report pyautograd.nn [more modules]  (no module: all of them)
    args = [a for a in sys.argv[1:] if a != "--report"]
    sys.exit(1 if report(args or public_modules()) else 0)
