"""Forward-mode AD of every op, generated from OP_SPECS (tests/op_specs.py), as test_ops_grad.py
does for reverse mode. For every op and variant (base, 0-d, broadcast, non-contiguous):
  * the jvp (forward_ad.make_dual / unpack_dual) against float64 central differences along a
    random direction u;
  * the jvp against the vjp: <v, J u> == <J^T v, u> for a random cotangent v;
  * Hessian-vector products both ways where second derivatives are checked: forward-over-reverse
    (the tangent of a gradient computed inside a dual level) and reverse-over-forward (the
    gradient of <w, J u> recorded through the jvp rules) against the double-backward HVP.
"""
import numpy as np
import pytest

import pyautograd as T
from pyautograd.autograd import forward_ad as fwAD
from op_specs import OP_SPECS, make_arrays
from test_ops_grad import _leaves, _noncontig_leaves, _outputs, _cotangents, _autograd

pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")
EPS = 1e-6


def _cases():
    for spec in OP_SPECS:
        for vname, shapes, nc in spec.variants():
            yield pytest.param(spec, shapes, nc, id="%s-%s" % (spec.name, vname))
        if spec.empty is not None:
            yield pytest.param(spec, spec.empty, False, id="%s-empty" % spec.name)


CASES = list(_cases())


def _is_float(o):
    return o.dtype.is_floating_point or o.dtype.is_complex


def _setup(spec, shapes, nc, seed=0):
    arrays = make_arrays(spec, shapes, seed)
    xs = _noncontig_leaves(arrays) if nc else _leaves(arrays)
    rng = np.random.default_rng(seed + 5)
    us = [rng.standard_normal(a.shape) for a in arrays]
    return arrays, xs, us


def _jvp(spec, xs, us):
    with fwAD.dual_level():
        duals = [fwAD.make_dual(x, T.tensor(u)) for x, u in zip(xs, us)]
        outs = _outputs(spec.fn(T, *duals))
        res = []
        for o in outs:
            p, t = fwAD.unpack_dual(o)
            if not _is_float(o):
                assert t is None, spec.name
                res.append(None)
                continue
            res.append(np.zeros(tuple(o.shape)) if t is None else t.detach().numpy().astype(np.float64))
            assert t is None or tuple(t.shape) == tuple(o.shape), spec.name
    return res


def _values(spec, arrays):
    with T.no_grad():
        return [o.numpy().astype(np.float64) if _is_float(o) else None
                for o in _outputs(spec.fn(T, *[T.tensor(a, dtype=T.float64) for a in arrays]))]


@pytest.mark.parametrize("spec,shapes,nc", CASES)
def test_jvp_finite_differences(spec, shapes, nc):
    arrays, xs, us = _setup(spec, shapes, nc)
    tangents = _jvp(spec, xs, us)
    plus = _values(spec, [a + EPS * u for a, u in zip(arrays, us)])
    minus = _values(spec, [a - EPS * u for a, u in zip(arrays, us)])
    for t, p, m in zip(tangents, plus, minus):
        if t is None:
            continue
        np.testing.assert_allclose(t, (p - m) / (2 * EPS), rtol=1e-5, atol=1e-6, err_msg=spec.name)


# (a zero-size input's mean has a nan tangent, and a gradient without elements: not compared)
@pytest.mark.parametrize("spec,shapes,nc", [c for c in CASES if "empty" not in c.id])
def test_jvp_against_vjp(spec, shapes, nc):
    arrays, xs, us = _setup(spec, shapes, nc)
    tangents = _jvp(spec, xs, us)
    with T.no_grad():
        outs = _outputs(spec.fn(T, *xs))
    ws = _cotangents(outs, 1)
    floats = [(o, w) for o, w in zip(outs, ws) if _is_float(o)]
    if not floats:
        return
    gs = _autograd(spec, xs, ws)
    lhs = sum(float(np.sum(w * t)) for w, t in zip(ws, tangents) if t is not None)
    rhs = sum(float(np.sum(g.numpy() * u)) for g, u in zip(gs, us))
    np.testing.assert_allclose(lhs, rhs, rtol=1e-9, atol=1e-9, err_msg=spec.name)


def _objective(spec, xs, ws):
    L = None
    for o, w in zip(_outputs(spec.fn(T, *xs)), ws):
        if not _is_float(o):
            continue
        term = (o * T.tensor(w, dtype=o.dtype)).sum()
        L = term if L is None else L + term
    return L


def _hvp_reference(spec, xs, ws, us):
    gs = _autograd(spec, xs, ws, create_graph=True)
    h = None
    for g, u in zip(gs, us):
        term = (g * T.tensor(u)).sum()
        h = term if h is None else h + term
    if not h.requires_grad:
        return [np.zeros(x.shape) for x in xs]
    hh = T.autograd.grad(h, xs, allow_unused=True)
    return [np.zeros(x.shape) if g is None else g.numpy() for g, x in zip(hh, xs)]


SECOND = [c for c in CASES if c.values[0].second and "empty" not in c.id]


@pytest.mark.parametrize("spec,shapes,nc", SECOND)
def test_hvp_forward_over_reverse(spec, shapes, nc):
    arrays, xs, us = _setup(spec, shapes, nc)
    with T.no_grad():
        ws = _cotangents(_outputs(spec.fn(T, *xs)), 1)
    ref = _hvp_reference(spec, xs, ws, us)
    with fwAD.dual_level():
        duals = [fwAD.make_dual(x, T.tensor(u)) for x, u in zip(xs, us)]
        L = _objective(spec, duals, ws)
        gs = T.autograd.grad(L, duals, allow_unused=True)
        got = []
        for g, x in zip(gs, xs):
            t = None if g is None else fwAD.unpack_dual(g).tangent
            got.append(np.zeros(x.shape) if t is None else t.numpy())
    for g, r in zip(got, ref):
        np.testing.assert_allclose(g, r, rtol=1e-7, atol=1e-8, err_msg=spec.name)


@pytest.mark.parametrize("spec,shapes,nc", SECOND)
def test_hvp_reverse_over_forward(spec, shapes, nc):
    arrays, xs, us = _setup(spec, shapes, nc)
    with T.no_grad():
        ws = _cotangents(_outputs(spec.fn(T, *xs)), 1)
    ref = _hvp_reference(spec, xs, ws, us)
    with fwAD.dual_level():
        duals = [fwAD.make_dual(x, T.tensor(u)) for x, u in zip(xs, us)]
        h = None
        for o, w in zip(_outputs(spec.fn(T, *duals)), ws):
            t = fwAD.unpack_dual(o).tangent if _is_float(o) else None
            if t is None:
                continue
            term = (t * T.tensor(w, dtype=t.dtype)).sum()
            h = term if h is None else h + term
        if h is None or not h.requires_grad:
            got = [np.zeros(x.shape) for x in xs]
        else:
            gs = T.autograd.grad(h, xs, allow_unused=True)
            got = [np.zeros(x.shape) if g is None else g.numpy() for g, x in zip(gs, xs)]
    for g, r in zip(got, ref):
        np.testing.assert_allclose(g, r, rtol=1e-7, atol=1e-8, err_msg=spec.name)


# ------------------------------------------------------------ complex (tests/complex_specs.py) --
from test_complex import CASES as COMPLEX_CASES, _arrays as _complex_arrays, _leaf as _complex_leaf  # noqa: E402


def _complex_direction(a, seed):
    rng = np.random.default_rng(seed)
    u = rng.standard_normal(a.shape)
    return (u + 1j * rng.standard_normal(a.shape)).astype(a.dtype) if a.dtype.kind == "c" else u


@pytest.mark.parametrize("name,fn,kinds,vname,shapes", COMPLEX_CASES)
def test_complex_jvp_finite_differences(name, fn, kinds, vname, shapes):
    """The tangent is the R-linear directional derivative, holomorphic or not (PyTorch's convention)."""
    arrays = _complex_arrays(kinds, shapes)
    us = [_complex_direction(a, 10 + i) for i, a in enumerate(arrays)]
    nc = vname == "noncontig"
    with fwAD.dual_level():
        duals = [fwAD.make_dual(_complex_leaf(T, a, nc), T.tensor(u)) for a, u in zip(arrays, us)]
        outs = _outputs(fn(T, *duals))
        tangents = []
        for o in outs:
            t = fwAD.unpack_dual(o).tangent
            tangents.append(None if not _is_float(o) else np.zeros(tuple(o.shape)) if t is None else t.detach().numpy())

    def values(arrs):
        with T.no_grad():
            return [o.numpy() for o in _outputs(fn(T, *[T.tensor(a) for a in arrs]))]
    plus = values([a + EPS * u for a, u in zip(arrays, us)])
    minus = values([a - EPS * u for a, u in zip(arrays, us)])
    for t, p, m in zip(tangents, plus, minus):
        if t is not None:
            np.testing.assert_allclose(t, (p - m) / (2 * EPS), rtol=1e-5, atol=1e-6, err_msg=name)
