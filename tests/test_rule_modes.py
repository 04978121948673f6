"""Every op's rule gives the same gradients in both modes of the rule namespace (pyautograd/ops):
plain backward runs rules on arrays (ops.ARRAY), create_graph=True runs the same rule text on
recorded tensor ops (ops.GRAPH). Generated from OP_SPECS over all variants, float64; the two
must agree to rounding (the same NumPy computation, so almost always bitwise)."""
import numpy as np
import pytest

import pyautograd as T
from pyautograd import ops
from op_specs import OP_SPECS, make_arrays
from test_ops_grad import _leaves, _noncontig_leaves, _outputs, _cotangents

pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")


def _grads(spec, leaves, seed, create_graph):
    outs = [o for o in _outputs(spec.fn(T, *leaves)) if o.requires_grad]
    if not outs:
        return None
    ws = [T.tensor(w, dtype=o.dtype) for o, w in zip(outs, _cotangents(outs, seed))]
    return T.autograd.grad(outs, leaves, ws, allow_unused=True, create_graph=create_graph)


CASES = [(spec, v, shapes, nc) for spec in OP_SPECS for v, shapes, nc in spec.variants()]
CASES += [(spec, "empty", spec.empty, False) for spec in OP_SPECS if spec.empty is not None]


@pytest.mark.parametrize("spec,variant,shapes,noncontig", CASES,
                         ids=["%s-%s" % (c[0].name, c[1]) for c in CASES])
def test_plain_and_recorded_rules_agree(spec, variant, shapes, noncontig):
    arrays = make_arrays(spec, shapes, seed=11)
    make = _noncontig_leaves if noncontig else _leaves
    plain = _grads(spec, make(arrays), 3, False)
    recorded = _grads(spec, make(arrays), 3, True)
    if plain is None:
        return
    for p, r in zip(plain, recorded):
        assert (p is None) == (r is None)
        if p is None:
            continue
        assert p.dtype == r.dtype and p.shape == r.shape
        np.testing.assert_allclose(p.numpy(), r.detach().numpy(), rtol=1e-12, atol=1e-14, equal_nan=True)


def test_both_namespaces_hold_the_same_names():
    names = {n for n in vars(ops.ARRAY) if not n.startswith("_") and n != "mode"}
    assert names == {n for n in vars(ops.GRAPH) if not n.startswith("_") and n != "mode"}
    assert {"saved", "result", "conj", "cos", "exp", "sum_to"} <= names


def test_plain_backward_never_uses_the_recorded_namespace(monkeypatch):
    def refuse(*a, **k):
        raise AssertionError("a recorded op ran inside a plain-backward rule")
    x = T.tensor([0.5, 1.5], dtype=T.float64, requires_grad=True)
    y = (x.sin() * x.exp()).tanh().sum()
    for name in ("cos", "conj", "saved", "result"):
        monkeypatch.setattr(ops.GRAPH, name, refuse)
    y.backward(retain_graph=True)
    xv = x.detach().numpy()
    np.testing.assert_allclose(x.grad.numpy(), (1 - np.tanh(np.sin(xv) * np.exp(xv)) ** 2)
                               * (np.cos(xv) + np.sin(xv)) * np.exp(xv), rtol=1e-14)
    with pytest.raises(AssertionError, match="recorded op ran"):
        T.autograd.grad(y, x, create_graph=True)
