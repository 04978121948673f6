"""Gradient tests generated from OP_SPECS (tests/op_specs.py).

For every op and variant (base, 0-d, broadcast, non-contiguous, zero-size):
  * first derivatives: the gradient of L = sum_k <y_k, w_k> (random w) against
    float64 central differences of L;
  * second derivatives: the gradient of h = <dL/dx, v> (create_graph=True) against
    central differences of h;
  * batched backward: autograd.grad(..., is_grads_batched=True) with a stack of 3
    cotangents equals 3 separate vector-Jacobian products.
The finite-difference checker is written here (it does not use autograd.gradcheck).
"""
import numpy as np
import pytest

import pyautograd as T
from op_specs import OP_SPECS, make_arrays, random_graph

EPS = 1e-6

# NumPy floating-point warnings must not leak out of ops (PyTorch is silent)
pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")
RTOL, ATOL = 1e-5, 1e-6


def _leaves(arrays):
    return [T.tensor(a, dtype=T.float64, requires_grad=True) for a in arrays]


def _noncontig_leaves(arrays):
    """Leaves whose data are transposed / strided views of a larger tensor."""
    out = []
    for a in arrays:
        big = [k for k in range(a.ndim) if a.shape[k] > 1]
        if len(big) >= 2:
            perm = tuple(range(a.ndim - 1, -1, -1))
            t = T.tensor(np.ascontiguousarray(np.transpose(a, perm))).permute(*perm)
        elif big:
            k = big[-1]
            t = T.tensor(np.repeat(a, 2, axis=k))[(slice(None),) * k + (slice(None, None, 2),)]
        else:
            t = T.tensor(a)
        np.testing.assert_array_equal(t.numpy(), a)
        out.append(t.detach().requires_grad_())
    return out


def _outputs(y):
    return list(y) if isinstance(y, (tuple, list)) else [y]


def _cotangents(outs, seed):
    rng = np.random.default_rng(seed)
    return [rng.standard_normal(tuple(o.shape)) for o in outs]


def _objective(spec, arrays, ws):
    """L(x) = sum_k <y_k(x), w_k>, evaluated without a graph (plain float)."""
    with T.no_grad():
        outs = _outputs(spec.fn(T, *[T.tensor(a, dtype=T.float64) for a in arrays]))
    return float(sum(np.sum(o.numpy().astype(np.float64) * w) for o, w in zip(outs, ws)))


def _numgrad(f, arrays):
    """Central-difference gradient of scalar f(arrays) with respect to each array."""
    grads = []
    for i, a in enumerate(arrays):
        g = np.zeros(a.shape)
        flat = g.reshape(-1)
        for j in range(a.size):
            plus = [x.copy() for x in arrays]
            minus = [x.copy() for x in arrays]
            plus[i].reshape(-1)[j] += EPS
            minus[i].reshape(-1)[j] -= EPS
            flat[j] = (f(plus) - f(minus)) / (2 * EPS)
        grads.append(g)
    return grads


def _autograd(spec, xs, ws, create_graph=False):
    outs = _outputs(spec.fn(T, *xs))
    L = None
    for o, w in zip(outs, ws):
        term = (o * T.tensor(w, dtype=o.dtype)).sum()
        L = term if L is None else L + term
    gs = T.autograd.grad(L, xs, allow_unused=True, create_graph=create_graph)
    return [T.zeros_like(x) if g is None else g for g, x in zip(gs, xs)]


def _cases():
    for spec in OP_SPECS:
        for vname, shapes, nc in spec.variants():
            yield pytest.param(spec, shapes, nc, id="%s-%s" % (spec.name, vname))


CASES = list(_cases())


def _setup(spec, shapes, nc, seed=0):
    arrays = make_arrays(spec, shapes, seed)
    xs = _noncontig_leaves(arrays) if nc else _leaves(arrays)
    if nc:
        assert any(not x._data.flags.c_contiguous for x in xs)
    with T.no_grad():
        outs = _outputs(spec.fn(T, *xs))
    ws = _cotangents(outs, seed + 1)
    return arrays, xs, ws


@pytest.mark.parametrize("spec,shapes,nc", CASES)
def test_first_derivative(spec, shapes, nc):
    arrays, xs, ws = _setup(spec, shapes, nc)
    gs = _autograd(spec, xs, ws)
    num = _numgrad(lambda arrs: _objective(spec, arrs, ws), arrays)
    for x, g, n in zip(xs, gs, num):
        assert tuple(g.shape) == tuple(x.shape)
        assert g.dtype == T.float64
        np.testing.assert_allclose(g.numpy(), n, rtol=RTOL, atol=ATOL, err_msg=spec.name)


@pytest.mark.parametrize("spec,shapes,nc", [c for c in CASES if c.values[0].second])
def test_second_derivative(spec, shapes, nc):
    arrays, xs, ws = _setup(spec, shapes, nc)
    rng = np.random.default_rng(7)
    vs = [rng.standard_normal(a.shape) for a in arrays]

    def h_value(arrs):
        leaves = _leaves(arrs)
        gs = _autograd(spec, leaves, ws)
        return float(sum(np.sum(g.numpy() * v) for g, v in zip(gs, vs)))

    gs = _autograd(spec, xs, ws, create_graph=True)
    h = None
    for g, v in zip(gs, vs):
        term = (g * T.tensor(v)).sum()
        h = term if h is None else h + term
    if h.requires_grad:
        hh = T.autograd.grad(h, xs, allow_unused=True)
        hh = [np.zeros(x.shape) if g is None else g.numpy() for g, x in zip(hh, xs)]
    else:
        hh = [np.zeros(x.shape) for x in xs]
    num = _numgrad(h_value, arrays)
    for g, n in zip(hh, num):
        np.testing.assert_allclose(g, n, rtol=1e-4, atol=1e-5, err_msg=spec.name)


@pytest.mark.parametrize("spec,shapes,nc", CASES)
def test_batched_vjp(spec, shapes, nc):
    arrays, xs, _ = _setup(spec, shapes, nc)
    outs = _outputs(spec.fn(T, *xs))
    rng = np.random.default_rng(3)
    ws = [T.tensor(rng.standard_normal((3,) + tuple(o.shape))) for o in outs]
    diff = [o for o in outs if o.requires_grad]
    wd = [w for o, w in zip(outs, ws) if o.requires_grad]
    batched = T.autograd.grad(diff, xs, wd, retain_graph=True, allow_unused=True, is_grads_batched=True)
    for i in range(3):
        single = T.autograd.grad(diff, xs, [w[i] for w in wd], retain_graph=True, allow_unused=True)
        for x, b, s in zip(xs, batched, single):
            if s is None:
                assert b is None or np.all(b.numpy()[i] == 0)
                continue
            assert tuple(b.shape) == (3,) + tuple(x.shape), spec.name
            np.testing.assert_allclose(b.numpy()[i], s.numpy(), rtol=1e-12, atol=1e-12, err_msg=spec.name)


@pytest.mark.parametrize("spec", [s for s in OP_SPECS if s.empty is not None], ids=lambda s: s.name)
def test_zero_size(spec):
    arrays = make_arrays(spec, spec.empty, 0)
    assert any(a.size == 0 for a in arrays)
    xs = _leaves(arrays)
    outs = _outputs(spec.fn(T, *xs))
    ws = _cotangents(outs, 1)
    gs = _autograd(spec, xs, ws)
    num = _numgrad(lambda arrs: _objective(spec, arrs, ws), arrays)
    for x, g, n in zip(xs, gs, num):
        assert tuple(g.shape) == tuple(x.shape)
        np.testing.assert_allclose(g.numpy(), n, rtol=RTOL, atol=ATOL)
        if x.numel() == 0:
            assert g.numel() == 0


def test_every_spec_has_a_variant_beyond_base():
    # each op is checked on at least one more layout than the base case
    lonely = [s.name for s in OP_SPECS if len(s.variants()) < 2 and s.empty is None
              and any(len(sh) for sh in s.shapes)]
    assert lonely == []


@pytest.mark.parametrize("spec,shapes,nc", [c for c in CASES if c.values[0].second])
def test_batched_vjp_of_gradient(spec, shapes, nc):
    """Batched backward through the backward graph (what vectorized Hessians do)."""
    arrays, xs, ws = _setup(spec, shapes, nc)
    gs = _autograd(spec, xs, ws, create_graph=True)
    diff = [g for g in gs if g.requires_grad]
    if not diff:
        return
    rng = np.random.default_rng(11)
    vs = [T.tensor(rng.standard_normal((3,) + tuple(g.shape))) for g in diff]
    batched = T.autograd.grad(diff, xs, vs, retain_graph=True, allow_unused=True, is_grads_batched=True)
    for i in range(3):
        single = T.autograd.grad(diff, xs, [v[i] for v in vs], retain_graph=True, allow_unused=True)
        for x, b, s in zip(xs, batched, single):
            if s is None:
                assert b is None or np.all(b.numpy()[i] == 0)
                continue
            assert tuple(b.shape) == (3,) + tuple(x.shape), spec.name
            np.testing.assert_allclose(b.numpy()[i], s.numpy(), rtol=1e-12, atol=1e-12, err_msg=spec.name)


@pytest.mark.parametrize("seed", range(25))
def test_random_graph_gradients(seed):
    """Random compositions of ops: gradients against finite differences, batched vjp against single ones."""
    arrays = [np.random.default_rng(100 + seed + i).standard_normal((3, 3)) for i in range(3)]
    w = np.random.default_rng(seed).standard_normal((3, 3))

    def value(arrs):
        with T.no_grad():
            _, out = random_graph(T, arrs, seed, T.float64)
        return float(np.sum(out.numpy() * w))

    leaves, out = random_graph(T, arrays, seed, T.float64)
    gs = T.autograd.grad(out, leaves, T.tensor(w), retain_graph=True, allow_unused=True)
    num = _numgrad(value, arrays)
    for g, n in zip(gs, num):
        np.testing.assert_allclose(np.zeros((3, 3)) if g is None else g.numpy(), n, rtol=1e-5, atol=1e-5)
    ws = T.tensor(np.random.default_rng(seed + 1).standard_normal((3, 3, 3)))
    batched = T.autograd.grad(out, leaves, ws, retain_graph=True, allow_unused=True, is_grads_batched=True)
    for i in range(3):
        single = T.autograd.grad(out, leaves, ws[i], retain_graph=True, allow_unused=True)
        for b, s_ in zip(batched, single):
            if s_ is None:
                continue
            np.testing.assert_allclose(b.numpy()[i], s_.numpy(), rtol=1e-12, atol=1e-12)
