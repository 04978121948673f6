"""Cases of the elementwise / reduction / softmax rules (pyautograd/ops/elementwise.py from Pow, ops/reductions.py) that
the generated specs do not reach: plain backward (rules on arrays) and recorded backward
(create_graph, the same rules on tensors) must agree, and agree with PyTorch where it is
installed: inf gradients through selects, inputs with zeros (prod, cumprod), promoted exponents,
nan and tied extrema, degenerate variances, empty means."""
import math

import numpy as np
import pytest

import pyautograd as T
from pyautograd import ops

pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")

INF, NAN = math.inf, math.nan


def _grads(lib, fn, arrays, dtype, weight, create_graph):
    xs = [lib.tensor(a, dtype=dtype, requires_grad=True) for a in arrays]
    y = fn(lib, *xs)
    w = lib.tensor(np.broadcast_to(weight, tuple(y.shape)).copy(), dtype=y.dtype)
    gs = lib.autograd.grad([y], xs, [w], allow_unused=True, create_graph=create_graph)
    return [None if g is None else g.detach().numpy() for g in gs]


def _check(fn, arrays, weight=1.0, dtype="float64"):
    plain = _grads(T, fn, arrays, getattr(T, dtype), weight, False)
    recorded = _grads(T, fn, arrays, getattr(T, dtype), weight, True)
    for p, r in zip(plain, recorded):
        assert p.dtype == r.dtype and p.shape == r.shape
        np.testing.assert_allclose(p, r, rtol=1e-12, atol=1e-14, equal_nan=True)
    torch = pytest.importorskip("torch")
    ref = _grads(torch, fn, arrays, getattr(torch, dtype), weight, False)
    for p, t in zip(plain, ref):
        np.testing.assert_allclose(p, t, rtol=1e-6 if dtype == "float32" else 1e-12, atol=1e-14, equal_nan=True)
    return plain


X = [-2.0, -0.5, 0.0, 0.5, 2.0, 1.0]
W_INF = [INF, 1.0, -INF, INF, 2.0, -INF]      # inf gradients reach masked-out positions


@pytest.mark.parametrize("fn", [
    lambda L, x: L.clamp(x, -1.0, 1.0),
    lambda L, x: L.clamp(x, min=0.25),
    lambda L, x: L.clamp(x, max=0.25),
    lambda L, x: L.clamp(x, L.tensor([0.0] * 6, dtype=x.dtype), L.tensor([1.0] * 6, dtype=x.dtype)),
    lambda L, x: L.where(x > 0, x, x * 2),
    lambda L, x: x.masked_fill(x > 0.25, 3.0),
    lambda L, x: L.maximum(x, L.tensor([0.0, 0.0, 0.0, 1.0, 1.0, 1.0], dtype=x.dtype)),   # ties at 0 and 1
    lambda L, x: L.minimum(x, L.tensor([0.0, 0.0, 0.0, 1.0, 1.0, 1.0], dtype=x.dtype)),
    lambda L, x: L.relu(x),
], ids=["clamp", "clamp_min", "clamp_max", "clamp_tensor", "where", "masked_fill", "maximum", "minimum", "relu"])
def test_an_inf_gradient_through_a_select_is_zero_where_masked(fn):
    g, = _check(fn, [X], W_INF)
    assert not np.isnan(g).any()


@pytest.mark.parametrize("b", [[1.0, 1.0, 1.0, 1.0], [1.0, 1.0, 1.0, 2.0], [-1.0, 0.5, NAN, 1.0]])
def test_maximum_minimum_with_tied_and_nan_operands(b):
    a = [1.0, 0.5, 3.0, 2.0]
    for fn in (lambda L, x, y: L.maximum(x, y), lambda L, x, y: L.minimum(x, y)):
        _check(fn, [a, b], [1.0, 2.0, 3.0, 4.0])


@pytest.mark.parametrize("x", [[2.0, 0.0, 3.0, 4.0], [2.0, 0.0, 3.0, 0.0], [0.0, 0.0, 0.0, 0.0], [1.5, -2.0, 3.0, 4.0]],
                         ids=["one_zero", "two_zeros", "all_zero", "no_zero"])
def test_prod_with_zeros(x):
    _check(lambda L, t: t.prod(), [x])
    _check(lambda L, t: t.reshape(2, 2).prod(1), [x], [2.0, 3.0])
    _check(lambda L, t: t.reshape(2, 2).prod(0, keepdim=True), [x], [[2.0, 3.0]])


@pytest.mark.parametrize("x", [[2.0, 0.0, 3.0, 0.0, 5.0], [0.0, 1.5, 2.0, 3.0, 4.0], [1.0, 2.0, 3.0, 4.0, 0.0],
                               [1.5, -2.0, 3.0, 0.5, 4.0]])
def test_cumprod_with_zeros(x):
    _check(lambda L, t: t.cumprod(0), [x], [1.0, 2.0, 3.0, 4.0, 5.0])
    _check(lambda L, t: t.reshape(1, 5).expand(2, 5).cumprod(1), [x], [[1.0, 2.0, 3.0, 4.0, 5.0]])


def test_pow_with_a_promoted_exponent():
    """The exponent's b - 1 is computed in its own dtype: the promoted copy's and the saved
    operand's computations agree in both modes (and with PyTorch)."""
    for b_dtype, b in (("float32", [1e-9, 2.5, -1.0]), ("float64", 1 + 1e-12)):
        def fn(L, a, b=b, b_dtype=b_dtype):
            return a ** L.tensor(b, dtype=getattr(L, b_dtype))
        _check(fn, [[-1.5, 0.5, 2.0]], dtype="float32" if np.ndim(b) == 0 else "float64")


def test_pow_at_a_zero_base():
    _check(lambda L, a, b: a ** b, [[0.0, 0.0, 0.0, 2.0], [2.0, 0.0, -1.0, 0.5]])
    _check(lambda L, b: 0.0 ** b, [[2.0, 0.0, -1.0, 0.5]])


def test_rpow_of_zero_with_a_complex_exponent_as_torch():
    """0 ** b for a complex b: the exponent's gradient is 0 only where b is real and >= 0 (PyTorch's
    pow_backward_exponent), nan elsewhere."""
    for lib_name in ("pyautograd", "torch"):
        lib = T if lib_name == "pyautograd" else pytest.importorskip("torch")
        for create_graph in (False, True):
            b = lib.tensor([1 + 1j, 2 + 0j, 1 - 1j], dtype=lib.complex128, requires_grad=True)
            g, = lib.autograd.grad((0.0 ** b).real.sum(), [b], create_graph=create_graph)
            g = g.detach().numpy()
            assert np.isnan(g[0]) and g[1] == 0 and np.isnan(g[2]), (lib_name, g)


@pytest.mark.parametrize("x", [[1.0, 3.0, 3.0, 2.0], [1.0, NAN, 3.0, NAN], [2.0, 2.0, 2.0, 2.0]])
def test_extrema_with_ties_and_nans(x):
    for fn in (lambda L, t: t.max(), lambda L, t: t.min(), lambda L, t: t.amax(), lambda L, t: t.amin(),
               lambda L, t: t.reshape(2, 2).amax(1), lambda L, t: t.reshape(2, 2).amin(0, keepdim=True),
               lambda L, t: t.reshape(2, 2).max(1).values, lambda L, t: t.reshape(2, 2).min(0, keepdim=True).values):
        with np.errstate(invalid="ignore"):
            _check(fn, [x], 3.0)


def test_degenerate_variances():
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)     # degrees of freedom <= 0
        _check(lambda L, t: t.var(), [[1.5]])
        _check(lambda L, t: t.reshape(1, 2).var(0), [[1.5, -2.0]])
        _check(lambda L, t: t.var(correction=3), [[1.5, -2.0, 1.5]])
        _check(lambda L, t: t.std(correction=0), [[1.5, -2.0, 0.5]])


def test_empty_mean_and_sum():
    for fn in (lambda L, t: t.reshape(0, 3).mean(0), lambda L, t: t.reshape(0, 3).sum(0), lambda L, t: t.mean()):
        plain = _grads(T, fn, [np.zeros(0)], T.float64, 1.0, False)
        recorded = _grads(T, fn, [np.zeros(0)], T.float64, 1.0, True)
        assert plain[0].shape == recorded[0].shape == (0,)


def test_plain_backward_of_the_region_never_uses_the_recorded_namespace(monkeypatch):
    def refuse(*a, **k):
        raise AssertionError("a recorded op ran inside a plain-backward rule")
    for name in [n for n in vars(ops.GRAPH) if not n.startswith("_") and n != "mode"]:
        monkeypatch.setattr(ops.GRAPH, name, refuse)
    x = T.tensor([[1.5, 0.0, -2.0], [0.5, 3.0, 0.0]], dtype=T.float64, requires_grad=True)
    i = T.tensor([[0, 2], [1, 1]])
    y = (x.clamp(-1, 1).sum() + x.mean(1).prod() + x.cumprod(1).sum() + x.cumsum(0).sum() + x.prod()
         + x.amax(1).sum() + x.max() + x.max(1).values.sum() + T.maximum(x, x.detach() * 0).sum()
         + T.where(x > 0, x, 0.0).sum() + x.gather(1, i).sum() + x.var(1).sum() + x.logsumexp(1).sum()
         + x.softmax(1)[0, 1] + x.log_softmax(0)[1, 2] + (x.abs() + 1).pow(x).sum() + (2.0 ** x).sum()
         + x.to(T.float32).sum() + x.clone().sum())
    y.backward()
    assert x.grad.shape == (2, 3) and np.isfinite(x.grad.numpy()).all()
