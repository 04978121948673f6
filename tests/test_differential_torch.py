"""Differential tests against PyTorch (skipped when torch is not installed).

Every OP_SPECS entry is run through pyautograd and torch on the same inputs
(all variants: base, 0-d, broadcast, non-contiguous, zero-size): values, dtypes,
shapes, grad_fn names and gradients must agree. Random graphs (random
compositions of ops, fixed seeds) are compared the same way, and dtype promotion
and broadcasting errors are compared directly.
Run with: /work/refenv/bin/python -m pytest tests/test_differential_torch.py
"""
import numpy as np
import pytest

torch = pytest.importorskip("torch")

import pyautograd as pa  # noqa: E402
from op_specs import OP_SPECS, make_arrays, random_graph  # noqa: E402

# NumPy floating-point warnings must not leak out of ops (PyTorch is silent)
pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")


def _leaves(T, arrays, nc, dtype):
    out = []
    for a in arrays:
        big = [k for k in range(a.ndim) if a.shape[k] > 1]
        if nc and len(big) >= 2:
            perm = tuple(range(a.ndim - 1, -1, -1))
            t = T.tensor(np.ascontiguousarray(np.transpose(a, perm)), dtype=dtype).permute(*perm)
        elif nc and big:
            k = big[-1]
            t = T.tensor(np.repeat(a, 2, axis=k), dtype=dtype)[(slice(None),) * k + (slice(None, None, 2),)]
        else:
            t = T.tensor(a, dtype=dtype)
        out.append(t.detach().requires_grad_())
    return out


def _outs(y):
    return list(y) if isinstance(y, (tuple, list)) else [y]


def _np(t):
    return t.detach().numpy()


def _name(t, lib):
    if t.grad_fn is None:
        return None
    return t.grad_fn.name()


def _run(T, lib, spec, arrays, nc, dtype, ws):
    xs = _leaves(T, arrays, nc, dtype)
    outs = _outs(spec.fn(T, *xs))
    names = [_name(o, lib) for o in outs]
    if not spec.torch_grad:        # PyTorch's backward of the op fails (spec.note): no gradients compared
        return outs, names, [None] * len(xs)
    L = None
    for o, w in zip(outs, ws):
        if not o.requires_grad:
            continue
        term = (o * T.tensor(w, dtype=o.dtype)).sum()
        L = term if L is None else L + term
    gs = T.autograd.grad(L, xs, allow_unused=True) if L is not None else [None] * len(xs)
    return outs, names, [None if g is None else _np(g) for g in gs]


def _variants(spec):
    out = list(spec.variants())
    if spec.empty is not None:
        out.append(("empty", [tuple(s) for s in spec.empty], False))
    return out


CASES = [pytest.param(spec, shapes, nc, id="%s-%s" % (spec.name, v))
         for spec in OP_SPECS for v, shapes, nc in _variants(spec)]


@pytest.mark.parametrize("spec,shapes,nc", CASES)
def test_op_matches_torch(spec, shapes, nc):
    arrays = make_arrays(spec, shapes, 0)
    with torch.no_grad():
        touts = _outs(spec.fn(torch, *[torch.tensor(a) for a in arrays]))
    rng = np.random.default_rng(1)
    ws = [rng.standard_normal(tuple(o.shape)) for o in touts]
    for dtype_pair in ((pa.float64, torch.float64), (pa.float32, torch.float32)):
        o1, n1, g1 = _run(pa, "pa", spec, arrays, nc, dtype_pair[0], ws)
        o2, n2, g2 = _run(torch, "torch", spec, arrays, nc, dtype_pair[1], ws)
        tol = dict(rtol=1e-9, atol=1e-12) if dtype_pair[1] == torch.float64 else dict(rtol=2e-5, atol=2e-6)
        assert len(o1) == len(o2)
        for a, b in zip(o1, o2):
            assert tuple(a.shape) == tuple(b.shape)
            assert str(a.dtype) == str(b.dtype)
            np.testing.assert_allclose(_np(a), _np(b), equal_nan=True, **tol)
        if spec.torch_name:
            assert n1 == n2, spec.note
        for a, b in zip(g1, g2):
            if a is None or b is None:
                # one library may return None for an unused input; the other must give zeros then
                assert (a is None or not np.any(a)) and (b is None or not np.any(b))
                continue
            assert a.shape == b.shape and a.dtype == b.dtype
            np.testing.assert_allclose(a, b, equal_nan=True, **tol)


def test_known_grad_fn_name_differences_are_documented():
    assert [s.name for s in OP_SPECS if not (s.torch_name and s.torch_grad) and not s.note] == []


def test_setitem_grad_fn():
    for T, lib in ((pa, "pa"), (torch, "torch")):
        x = T.ones(3, 2, requires_grad=True)
        y = x * 1.0
        y[1:] = T.zeros(2)
        assert _name(y, lib) == "torch::autograd::CopySlices" and type(y.grad_fn).__name__ == "CopySlices"
        y[T.tensor([0, 0])] = T.ones(2)
        assert _name(y, lib) == "IndexPutBackward0"


# ------------------------------------------------------------- random graphs
@pytest.mark.parametrize("seed", range(40))
def test_random_graph(seed):
    arrays = [np.random.default_rng(100 + seed + i).standard_normal((3, 3)) for i in range(3)]
    w = np.random.default_rng(seed).standard_normal((3, 3))
    res = []
    for T in (pa, torch):
        leaves, out = random_graph(T, arrays, seed, T.float64)
        L = (out * T.tensor(w)).sum()
        gs = T.autograd.grad(L, leaves, allow_unused=True, create_graph=True)
        # second order: the gradient of <grad, 1> through the same graph
        s = None
        for g in gs:
            if g is not None and g.requires_grad:
                s = g.sum() if s is None else s + g.sum()
        hs = T.autograd.grad(s, leaves, allow_unused=True) if s is not None else [None] * 3
        res.append((_np(out), [None if g is None else _np(g) for g in gs],
                    [None if h is None else _np(h) for h in hs]))
    (o1, g1, h1), (o2, g2, h2) = res
    np.testing.assert_allclose(o1, o2, rtol=1e-10, atol=1e-12)
    for a, b in list(zip(g1, g2)) + list(zip(h1, h2)):
        if a is None or b is None:
            assert (a is None or not np.any(a)) and (b is None or not np.any(b))
            continue
        np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-10)


# ------------------------------------------------------------ dtype promotion
_DTYPES = ["bool", "uint8", "int32", "int64", "float32", "float64"]
_SCALARS = [True, 3, 2.5]
_BINOPS = {
    "add": lambda a, b: a + b, "sub": lambda a, b: a - b, "mul": lambda a, b: a * b,
    "div": lambda a, b: a / b, "pow": lambda a, b: a ** b, "maximum": None,
}


def _tensor(T, dt, shape):
    data = np.arange(1, 1 + int(np.prod(shape))).reshape(shape) % 3 + 1
    return T.tensor(data.astype(np.float64 if "float" in dt else np.int64)).to(getattr(T, dt))


def _outcome(fn):
    try:
        r = fn()
        return ("ok", str(r.dtype), tuple(r.shape), np.asarray(r.detach().numpy(), dtype=np.float64).tolist())
    except Exception as e:  # noqa: BLE001 - both libraries must fail the same way
        return ("error", type(e).__name__, str(e).split("\n")[0])


@pytest.mark.parametrize("op", ["add", "sub", "mul", "div", "pow"])
@pytest.mark.parametrize("da", _DTYPES)
def test_dtype_promotion_matches_torch(op, da):
    f = _BINOPS[op]
    for db in _DTYPES:
        for sa, sb in (((2,), (2,)), ((2,), ()), ((), (2,))):
            got = _outcome(lambda: f(_tensor(pa, da, sa), _tensor(pa, db, sb)))
            want = _outcome(lambda: f(_tensor(torch, da, sa), _tensor(torch, db, sb)))
            assert got == want, (op, da, db, sa, sb)
    for s in _SCALARS:
        got = _outcome(lambda: f(_tensor(pa, da, (2,)), s))
        want = _outcome(lambda: f(_tensor(torch, da, (2,)), s))
        assert got == want, (op, da, s)
        got = _outcome(lambda: f(s, _tensor(pa, da, (2,))))
        want = _outcome(lambda: f(s, _tensor(torch, da, (2,))))
        assert got == want, (op, s, da)


_BAD_SHAPES = [((3,), (4,)), ((2, 3), (4,)), ((3, 2), (4, 3)), ((2, 1, 3), (5, 4)), ((0,), (2,))]
_BAD_FNS = {
    "add": lambda T, a, b: a + b, "sub": lambda T, a, b: a - b, "mul": lambda T, a, b: a * b,
    "div": lambda T, a, b: a / b, "pow": lambda T, a, b: a ** b, "maximum": lambda T, a, b: T.maximum(a, b),
    "minimum": lambda T, a, b: T.minimum(a, b), "where": lambda T, a, b: T.where(a > 0, a, b),
    "eq": lambda T, a, b: a == b, "lt": lambda T, a, b: a < b,
}


@pytest.mark.parametrize("name", sorted(_BAD_FNS))
def test_broadcast_errors_match_torch(name):
    f = _BAD_FNS[name]
    for sa, sb in _BAD_SHAPES:
        got = _outcome(lambda: f(pa, pa.ones(sa), pa.ones(sb)))
        want = _outcome(lambda: f(torch, torch.ones(sa), torch.ones(sb)))
        assert got == want
        assert "broadcast together" not in got[-1]


# ------------------------------------------------------- kinks, ties, zeros
_TIE = np.array([[1.0, 3.0, 3.0], [0.0, -2.0, 0.0]])
_KINK_CASES = {
    "abs_at_0": (lambda T, a: T.abs(a), [_TIE]),
    "relu_at_0": (lambda T, a: T.relu(a), [_TIE]),
    "sign_at_0": (lambda T, a: T.sign(a), [_TIE]),
    "clamp_at_bounds": (lambda T, a: T.clamp(a, 0.0, 3.0), [_TIE]),
    "clamp_min_only": (lambda T, a: T.clamp(a, min=0.0), [_TIE]),
    "clamp_tensor_bounds": (lambda T, a, lo: T.clamp(a, lo, lo + 3.0), [_TIE, np.zeros(3)]),
    "maximum_ties": (lambda T, a, b: T.maximum(a, b), [_TIE, np.array([3.0, 3.0, 0.0])]),
    "minimum_ties": (lambda T, a, b: T.minimum(a, b), [_TIE, np.array([1.0, 0.0, 0.0])]),
    "max_all_ties": (lambda T, a: a.max(), [_TIE]),
    "min_all_ties": (lambda T, a: a.min(), [_TIE]),
    "max_dim_ties": (lambda T, a: a.max(1)[0], [_TIE]),
    "min_dim_ties": (lambda T, a: a.min(1).values, [_TIE]),
    "amax_ties": (lambda T, a: a.amax(1), [_TIE]),
    "amin_ties_all": (lambda T, a: a.amin(), [_TIE]),
    "norm_at_0": (lambda T, a: a.norm(dim=1), [np.array([[0.0, 0.0], [3.0, 4.0]])]),
    "norm_inf_ties": (lambda T, a: a.norm(p=float("inf"), dim=1), [_TIE]),
    "norm_p1_at_0": (lambda T, a: a.norm(p=1), [_TIE]),
    "sqrt_at_0": (lambda T, a: T.sqrt(a), [np.array([0.0, 4.0])]),
    "pow_0_base": (lambda T, a, b: a ** b, [np.array([0.0, 0.0, 2.0]), np.array([0.0, 2.0, 0.0])]),
    "pow_scalar_at_0": (lambda T, a: a ** 2.0, [np.array([0.0, 1.0])]),
    "prod_with_zero": (lambda T, a: a.prod(), [np.array([2.0, 0.0, 3.0])]),
    "prod_two_zeros": (lambda T, a: a.prod(1), [np.array([[0.0, 0.0, 3.0], [1.0, 2.0, 0.0]])]),
    "cumprod_with_zero": (lambda T, a: a.cumprod(0), [np.array([2.0, 0.0, 3.0, 4.0])]),
    "std_constant": (lambda T, a: a.std(), [np.ones(3)]),
    "var_single": (lambda T, a: a.var(0, correction=0), [np.ones((1, 2))]),
    "log_at_0": (lambda T, a: T.log(a), [np.array([0.0, 1.0])]),
    "div_by_0": (lambda T, a, b: a / b, [np.array([1.0, 0.0]), np.array([0.0, 0.0])]),
    "where_nan_branch": (lambda T, a: T.where(a > 0, T.sqrt(a), a * 0.0), [np.array([-1.0, 4.0])]),
    "logsumexp_inf": (lambda T, a: T.logsumexp(a, 0), [np.array([-np.inf, 0.0])]),
    "softmax_large": (lambda T, a: T.softmax(a, 0), [np.array([1000.0, 0.0, -1000.0])]),
    "sigmoid_large": (lambda T, a: T.sigmoid(a), [np.array([-800.0, 800.0])]),
    "remainder_exact": (lambda T, a, b: T.remainder(a, b), [np.array([4.0, -3.0]), np.array([2.0, 1.5])]),
}


@pytest.mark.parametrize("name", sorted(_KINK_CASES))
def test_kinks_ties_and_zeros_match_torch(name):
    fn, arrays = _KINK_CASES[name]
    res = []
    for T in (pa, torch):
        xs = [T.tensor(a, dtype=T.float64, requires_grad=True) for a in arrays]
        y = fn(T, *xs)
        w = T.tensor(np.linspace(0.5, 1.5, int(np.prod(y.shape))).reshape(tuple(y.shape)))
        gs = T.autograd.grad((y * w).sum(), xs, allow_unused=True)
        res.append((_np(y), [None if g is None else _np(g) for g in gs]))
    (y1, g1), (y2, g2) = res
    np.testing.assert_allclose(y1, y2, rtol=1e-12, atol=0, equal_nan=True)
    for a, b in zip(g1, g2):
        if a is None or b is None:
            assert (a is None or not np.any(a)) and (b is None or not np.any(b))
            continue
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=0, equal_nan=True)


_TT_OPS = {
    "maximum": lambda T, a, b: T.maximum(a, b), "minimum": lambda T, a, b: T.minimum(a, b),
    "where": lambda T, a, b: T.where(T.tensor([True, False]), a, b), "remainder": lambda T, a, b: a % b,
    "fmod": lambda T, a, b: T.fmod(a, b), "cat": lambda T, a, b: T.cat([a.reshape(-1), b.reshape(-1)]),
    "stack": lambda T, a, b: T.stack([a, b.expand(a.shape)]), "eq": lambda T, a, b: a == b,
    "lt": lambda T, a, b: a < b, "floor_divide": lambda T, a, b: a // b, "outer": lambda T, a, b: T.outer(a, b),
}


@pytest.mark.parametrize("op", sorted(_TT_OPS))
def test_tensor_tensor_promotion_matches_torch(op):
    f = _TT_OPS[op]
    for da in _DTYPES:
        for db in _DTYPES:
            for sa, sb in (((2,), (2,)), ((2,), ())):
                if op == "outer" and sb == ():
                    continue
                got = _outcome(lambda: f(pa, _tensor(pa, da, sa), _tensor(pa, db, sb)))
                want = _outcome(lambda: f(torch, _tensor(torch, da, sa), _tensor(torch, db, sb)))
                assert got == want, (op, da, db, sa, sb)
