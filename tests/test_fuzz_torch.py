"""Differential fuzzer: random autograd programs run in pyautograd and torch must agree step by step.

Each seed gives one program of 5-40 ops (tests/fuzz_programs.py): a DAG over mixed shapes (0-d,
broadcasting, sometimes zero-size), dtypes (float32/float64/int64/bool), views, in-place ops on
leaves (no_grad), non-leaves and views, reductions, matmul, cat/stack/split, where/clamp, indexing,
then autograd.grad (create_graph, allow_unused, grad_outputs) and two backward() calls. At every
step the outputs (values, dtype, shape, requires_grad, is_leaf, version bumps, None gradients) and
the type of any exception must be the same in both libraries.

    PYAUTOGRAD_FUZZ_N=10000 python -m pytest -q tests/test_fuzz_torch.py     # the long run
    PYAUTOGRAD_FUZZ_START=5000 ...                                           # another seed range

A mismatch of a class listed in tests/FUZZ_FINDINGS.md as fixed on another branch is an xfail,
matched by that class's precise predicate (fuzz_programs.KNOWN); anything else fails, printing the
step, the difference and the program up to that step.
"""
import os
import types
import warnings

import numpy as np

import pytest

torch = pytest.importorskip("torch")

import pyautograd as pa  # noqa: E402
import fuzz_programs as F  # noqa: E402

N = int(os.environ.get("PYAUTOGRAD_FUZZ_N", "2000"))
START = int(os.environ.get("PYAUTOGRAD_FUZZ_START", "0"))


@pytest.mark.parametrize("seed", range(START, START + N))
def test_program_matches_torch(seed):
    prog = F.generate(seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        m = F.first_mismatch(prog, pa, torch)
    if m is None:
        return
    cls = F.classify(prog, m)
    if cls is not None:
        pytest.xfail("known class %s (owned elsewhere, see tests/FUZZ_FINDINGS.md): %s" % (cls, m[2]))
    pytest.fail("seed %d, step %d (%s): %s: %s\n%s" % (seed, m[0], prog[m[0]]["op"], m[1], m[2],
                                                       F.source(prog, m[0] + 1)), pytrace=False)


def test_programs_are_deterministic():
    a, b = F.generate(7), F.generate(7)
    assert repr(a) == repr(b)


def test_fuzzer_catches_wrong_values_and_gradients():
    """The comparison is not vacuous: a module that differs from torch in one value or one
    gradient is caught at the step where it differs."""
    rec = lambda op, *args, **kw: {"op": op, "args": list(args), "kw": kw, "no_grad": False}  # noqa: E731
    prog = [rec("leaf", ("n", [1.0, -2.0]), ("n", "float64"), ("n", True)),
            rec("exp", ("t", (0, 0))),
            rec("loss", ("t", (1, 0)), ("c", np.array([1.0, 1.0]), "float64")),
            rec("grad", ("t", (2, 0)), ("L", [("t", (0, 0))]))]
    assert F.first_mismatch(prog, pa, torch) is None

    class Like(types.SimpleNamespace):   # torch, with one function replaced
        def __getattr__(self, name):
            return getattr(torch, name)
    wrong_value = Like(exp=torch.sin)
    wrong_grad = Like(exp=lambda a: torch.exp(a.detach()) + (a - a.detach()))   # same values, d/da = 1
    m = F.first_mismatch(prog, wrong_value, torch)
    assert m is not None and m[0] == 1 and "values" in m[2]
    m = F.first_mismatch(prog, wrong_grad, torch)
    assert m is not None and m[0] == 3 and "values" in m[2]
