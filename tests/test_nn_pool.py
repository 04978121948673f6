"""Pooling (nn/_pool.py, nn/_pool_modules.py): differential against torch in float64 over grids of the
options (values, indices, grad_fn names, gradients, second derivatives, jvp, errors), finite-difference
checks, module reprs."""
import itertools
import math

import numpy as np
import pytest

import pyautograd as pa
import pyautograd.nn as nn
import pyautograd.nn.functional as F
from pyautograd.autograd import gradcheck, gradgradcheck


def _torch():
    return pytest.importorskip("torch")


pytestmark = pytest.mark.usefixtures("torch_one_thread")   # tests/conftest.py


def _data(shape, kind, seed):
    rng = np.random.default_rng(seed)
    if kind == "ties":          # few distinct values: ties inside windows (torch takes the first)
        return rng.integers(0, 3, size=shape).astype(np.float64)
    a = rng.standard_normal(shape)
    if kind == "special" and a.size >= 6:
        flat = a.reshape(-1)
        flat[rng.choice(a.size, 3, replace=False)] = -np.inf
        flat[rng.choice(a.size, 2, replace=False)] = np.nan
    return a


def _same(ours, theirs, what, **tol):
    np.testing.assert_allclose(ours.detach().numpy(), theirs.detach().numpy(), rtol=1e-10, atol=1e-12,
                               equal_nan=True, err_msg=what, **tol)
    assert tuple(ours.shape) == tuple(theirs.shape), what


def _call(lib_f, x, args, kwargs):
    try:
        return lib_f(x, *args, **kwargs), None
    except Exception as e:     # noqa: BLE001 (the error itself is compared)
        return None, e


def _differential(name, shape, args=(), kwargs=None, kind="randn", seed=0, second=True, jvp=True, names=True):
    """f(x) vs torch's: the error (type and text) or values, indices, grad_fn name, the gradient of
    <f(x), w>, second derivatives (w.r.t. x and w) and the jvp."""
    torch = _torch()
    kwargs = kwargs or {}
    a = _data(shape, kind, seed)
    x = pa.tensor(a, requires_grad=True)
    tx = torch.tensor(a, requires_grad=True)
    ours, err = _call(getattr(F, name), x, args, kwargs)
    theirs, terr = _call(getattr(torch.nn.functional, name), tx, args, kwargs)
    what = "%s%r%r" % (name, args, kwargs)
    if terr is not None:
        assert err is not None, "%s: torch raised %r, we did not" % (what, terr)
        assert type(err) is type(terr) and str(err) == str(terr), "%s: %r vs torch %r" % (what, err, terr)
        return None
    assert err is None, "%s: %r (torch did not raise)" % (what, err)
    if isinstance(theirs, tuple):
        (ours, oi), (theirs, ti) = ours, theirs
        assert oi.dtype == pa.int64
        np.testing.assert_array_equal(oi.numpy(), ti.numpy(), err_msg=what + " indices")
    _same(ours, theirs, what)
    assert type(ours.grad_fn).__name__ == type(theirs.grad_fn).__name__, what
    rng = np.random.default_rng(seed + 1)
    wa = rng.standard_normal(tuple(theirs.shape))
    w, tw = pa.tensor(wa, requires_grad=True), torch.tensor(wa, requires_grad=True)
    g, = pa.autograd.grad((ours * w).sum(), x, create_graph=True)
    tg, = torch.autograd.grad((theirs * tw).sum(), tx, create_graph=True)
    _same(g, tg, what + " grad")
    if second:
        va = rng.standard_normal(a.shape)
        v, tv = pa.tensor(va), torch.tensor(va)
        if tg.requires_grad:
            assert g.requires_grad, what
            if names and tg.grad_fn is not None and g.grad_fn is not None:
                assert type(g.grad_fn).__name__ == type(tg.grad_fn).__name__, what
            gg = pa.autograd.grad((g * v).sum(), (x, w), allow_unused=True)
            tgg = torch.autograd.grad((tg * tv).sum(), (tx, tw), allow_unused=True, materialize_grads=True)
            for o, t, n in zip(gg, tgg, ("x", "w")):
                o = pa.zeros_like(x if n == "x" else w) if o is None else o
                _same(o, t, what + " second derivative " + n)
    if jvp:
        ta = rng.standard_normal(a.shape)
        f = getattr(F, name)
        tf = getattr(torch.nn.functional, name)

        def first(out):
            return out[0] if isinstance(out, tuple) else out
        _, oj = pa.func.jvp(lambda z: first(f(z, *args, **kwargs)), (pa.tensor(a),), (pa.tensor(ta),))
        _, tj = torch.func.jvp(lambda z: first(tf(z, *args, **kwargs)), (torch.tensor(a),), (torch.tensor(ta),))
        _same(oj, tj, what + " jvp")
    return ours


def _grid(step=1, **axes):
    """The option combinations (every step-th: the tie / nan data runs a sample of the grid)."""
    names = list(axes)
    for i, values in enumerate(itertools.product(*axes.values())):
        if i % step == 0:
            yield dict(zip(names, values))


# ------------------------------------------------------------------ max pooling --
@pytest.mark.parametrize("shape", [(2, 3, 7, 8), (3, 6, 7)])
@pytest.mark.parametrize("kind", ["randn", "ties", "special"])
def test_max_pool2d_grid(shape, kind):
    for i, o in enumerate(_grid(1 if kind == "randn" else 5, kernel_size=[2, 3, (2, 3)], stride=[None, 1, (2, 1)],
                                padding=[0, 1], dilation=[1, 2], ceil_mode=[False, True],
                                return_indices=[False, True])):
        _differential("max_pool2d", shape, (), o, kind=kind, seed=i, second=(i % 6 == 0), jvp=(i % 7 == 0))


@pytest.mark.parametrize("shape", [(2, 3, 9), (3, 10)])
@pytest.mark.parametrize("kind", ["randn", "ties", "special"])
def test_max_pool1d_grid(shape, kind):
    for i, o in enumerate(_grid(1 if kind == "randn" else 5, kernel_size=[1, 2, 3], stride=[None, 1, 2],
                                padding=[0, 1], dilation=[1, 2], ceil_mode=[False, True],
                                return_indices=[False, True])):
        _differential("max_pool1d", shape, (), o, kind=kind, seed=i, second=(i % 6 == 0), jvp=(i % 7 == 0))


@pytest.mark.parametrize("shape", [(1, 2, 5, 6, 5), (2, 4, 5, 4)])
@pytest.mark.parametrize("kind", ["randn", "ties", "special"])
def test_max_pool3d_grid(shape, kind):
    for i, o in enumerate(_grid(1 if kind == "randn" else 3, kernel_size=[2, (2, 3, 1)], stride=[None, 1, (2, 1, 2)],
                                padding=[0, 1], dilation=[1, 2], ceil_mode=[False, True], return_indices=[True])):
        _differential("max_pool3d", shape, (), o, kind=kind, seed=i, second=(i % 5 == 0), jvp=(i % 4 == 0))


def test_max_pool_all_minus_inf_window_and_zero_batch():
    torch = _torch()
    a = np.full((1, 1, 4, 4), -np.inf)
    a[0, 0, 3, 3] = 1.0
    for o in (dict(kernel_size=2, padding=1), dict(kernel_size=3, stride=1, padding=1, dilation=1)):
        v, i = F.max_pool2d(pa.tensor(a), return_indices=True, **o)
        tv, ti = torch.nn.functional.max_pool2d(torch.tensor(a), return_indices=True, **o)
        np.testing.assert_array_equal(i.numpy(), ti.numpy())
        np.testing.assert_array_equal(v.numpy(), tv.numpy())
    _differential("max_pool2d", (0, 3, 4, 4), (2,))


def test_max_pool_integer_input():
    torch = _torch()
    a = np.random.default_rng(0).integers(-5, 5, size=(2, 6, 6))
    ours = F.max_pool2d(pa.tensor(a), 3, 2, 1, return_indices=True)
    theirs = torch.nn.functional.max_pool2d(torch.tensor(a), 3, 2, 1, return_indices=True)
    assert ours[0].dtype == pa.int64
    np.testing.assert_array_equal(ours[0].numpy(), theirs[0].numpy())
    np.testing.assert_array_equal(ours[1].numpy(), theirs[1].numpy())


# ------------------------------------------------------------------ average pooling --
@pytest.mark.parametrize("shape,kind", [((2, 3, 7, 8), "randn"), ((3, 6, 7), "randn"), ((2, 3, 7, 8), "special")])
def test_avg_pool2d_grid(shape, kind):
    # special: a nan or inf stays in its windows (a matrix product would spread it along the row)
    for i, o in enumerate(_grid(1 if kind == "randn" else 4, kernel_size=[2, 3, (2, 3)], stride=[None, 1, (2, 1)],
                                padding=[0, 1], ceil_mode=[False, True], count_include_pad=[True, False],
                                divisor_override=[None, 3])):
        _differential("avg_pool2d", shape, (), o, kind=kind, seed=i, second=(i % 6 == 0), jvp=(i % 7 == 0))


@pytest.mark.parametrize("shape", [(2, 3, 9), (3, 10)])
def test_avg_pool1d_grid(shape):
    for i, o in enumerate(_grid(kernel_size=[1, 2, 3], stride=[None, 1, 2], padding=[0, 1],
                                ceil_mode=[False, True], count_include_pad=[True, False])):
        _differential("avg_pool1d", shape, (), o, seed=i, second=(i % 6 == 0), jvp=(i % 7 == 0))


@pytest.mark.parametrize("shape", [(1, 2, 5, 6, 5), (2, 4, 5, 4)])
def test_avg_pool3d_grid(shape):
    for i, o in enumerate(_grid(kernel_size=[2, (2, 3, 1)], stride=[None, 1, (2, 1, 2)], padding=[0, 1],
                                ceil_mode=[False, True], count_include_pad=[True, False],
                                divisor_override=[None, 5])):
        _differential("avg_pool3d", shape, (), o, seed=i, second=(i % 5 == 0), jvp=(i % 4 == 0))


# ------------------------------------------------------------------ adaptive pooling --
@pytest.mark.parametrize("name,shape,sizes", [
    ("adaptive_avg_pool1d", (2, 3, 7), [1, 3, 5, 7, 10, (4,)]),
    ("adaptive_avg_pool1d", (3, 8), [3, 11]),
    ("adaptive_avg_pool2d", (2, 3, 7, 8), [1, 3, 5, (2, None), (7, 8), (4, 11), (None, 3)]),
    ("adaptive_avg_pool2d", (3, 5, 9), [2, (3, 4)]),
    ("adaptive_avg_pool3d", (1, 2, 5, 6, 7), [1, 2, (3, None, 4), (6, 4, 9)]),
    ("adaptive_avg_pool3d", (2, 5, 4, 3), [2]),
    ("adaptive_max_pool1d", (2, 3, 7), [1, 3, 5, 7, 10]),
    ("adaptive_max_pool1d", (3, 8), [3]),
    ("adaptive_max_pool2d", (2, 3, 7, 8), [1, 3, 5, (2, None), (7, 8), (4, 11)]),
    ("adaptive_max_pool2d", (3, 5, 9), [2, (3, 4)]),
    ("adaptive_max_pool2d", (2, 2, 9, 10), [1, 2]),      # windows of more than 64: the argmax path
    ("adaptive_max_pool3d", (1, 2, 5, 6, 7), [1, 2, (3, None, 4)]),
    ("adaptive_max_pool3d", (2, 5, 4, 3), [2]),
])
def test_adaptive_grid(name, shape, sizes):
    kinds = ["randn", "ties", "special"] if "max" in name else ["randn"]
    for i, (size, kind) in enumerate(itertools.product(sizes, kinds)):
        kw = {"output_size": size}
        # output 1 everywhere is torch's mean shortcut: the mean's double-backward node names are not ours
        _differential(name, shape, (), kw, kind=kind, seed=i, names=(size != 1))
        if "max" in name:
            _differential(name, shape, (), dict(kw, return_indices=True), kind=kind, seed=i, second=False)


# ------------------------------------------------------------------ lp pooling --
@pytest.mark.parametrize("name,shape", [("lp_pool1d", (2, 3, 9)), ("lp_pool1d", (3, 8)),
                                        ("lp_pool2d", (2, 3, 7, 8)), ("lp_pool2d", (3, 6, 7))])
def test_lp_pool_grid(name, shape):
    for i, o in enumerate(_grid(norm_type=[1.0, 2, 3.0, math.inf], kernel_size=[2, 3], stride=[None, 1],
                                ceil_mode=[False, True])):
        args = (o.pop("norm_type"), o.pop("kernel_size"))
        # (the second derivative's grad_fn names are those of the composite's pieces: not compared)
        _differential(name, shape, args, o, seed=i, second=(i % 4 == 0), jvp=(i % 4 == 1), names=False)


# ------------------------------------------------------------------ max unpooling --
@pytest.mark.parametrize("nd,shape,kernel,stride,padding,output_size", [
    (1, (2, 3, 8), 2, None, 0, None), (1, (3, 9), 3, 2, 1, None), (1, (2, 3, 9), 2, None, 0, [9]),
    (2, (2, 3, 6, 8), 2, None, 0, None), (2, (3, 7, 7), 3, 2, 1, None), (2, (2, 3, 7, 8), 2, None, 0, (1, 1, 7, 8)),
    (3, (1, 2, 4, 6, 4), 2, None, 0, None), (3, (2, 5, 6, 5), 2, 1, 1, None), (3, (1, 2, 5, 6, 5), 2, None, 0, (5, 6, 5)),
])
def test_max_unpool(nd, shape, kernel, stride, padding, output_size):
    torch = _torch()
    a = _data(shape, "randn", nd)
    pool = getattr(F, "max_pool%dd" % nd)
    tpool = getattr(torch.nn.functional, "max_pool%dd" % nd)
    x, tx = pa.tensor(a, requires_grad=True), torch.tensor(a, requires_grad=True)
    v, i = pool(x, kernel, stride, padding, return_indices=True)
    tv, ti = tpool(tx, kernel, stride, padding, return_indices=True)
    unpool = getattr(F, "max_unpool%dd" % nd)
    tunpool = getattr(torch.nn.functional, "max_unpool%dd" % nd)
    out = unpool(v, i, kernel, stride, padding, output_size)
    tout = tunpool(tv, ti, kernel, stride, padding, output_size)
    _same(out, tout, "unpool")
    assert type(out.grad_fn).__name__ == type(tout.grad_fn).__name__
    wa = np.random.default_rng(1).standard_normal(tuple(tout.shape))
    g, = pa.autograd.grad((out * pa.tensor(wa)).sum(), x)
    tg, = torch.autograd.grad((tout * torch.tensor(wa)).sum(), tx)
    _same(g, tg, "unpool grad")
    # the unpool alone (a fixed index tensor): its gradient and its jvp are the gather at the indices
    va = v.detach().numpy()
    y, ty = pa.tensor(va, requires_grad=True), torch.tensor(va, requires_grad=True)
    g, = pa.autograd.grad((unpool(y, i, kernel, stride, padding, output_size) * pa.tensor(wa)).sum(), y)
    tg, = torch.autograd.grad((tunpool(ty, ti, kernel, stride, padding, output_size) * torch.tensor(wa)).sum(), ty)
    _same(g, tg, "unpool grad (input)")
    t = np.random.default_rng(2).standard_normal(va.shape)
    _, oj = pa.func.jvp(lambda z: unpool(z, i, kernel, stride, padding, output_size), (pa.tensor(va),),
                        (pa.tensor(t),))
    _, tj = torch.func.jvp(lambda z: tunpool(z, ti, kernel, stride, padding, output_size), (torch.tensor(va),),
                           (torch.tensor(t),))
    _same(oj, tj, "unpool jvp")


# ------------------------------------------------------------------ errors --
_ERROR_CASES = [
    ("max_pool2d", (8,), (2,), {}), ("max_pool2d", (1, 1, 1, 8, 8), (2,), {}), ("max_pool2d", (1, 3, 8, 8), (9,), {}),
    ("max_pool2d", (1, 3, 8, 8), (2,), {"padding": 2}), ("max_pool2d", (1, 3, 8, 8), (0,), {}),
    ("max_pool2d", (1, 3, 8, 8), (0,), {"stride": 1}), ("max_pool2d", (1, 3, 8, 8), (2,), {"stride": 0}),
    ("max_pool2d", (1, 3, 8, 8), (2,), {"dilation": 0}), ("max_pool2d", (1, 3, 8, 8), (2,), {"padding": -1}),
    ("max_pool2d", (1, 3, 8, 8), ((2, 2, 2),), {}), ("max_pool2d", (1, 3, 8, 8), (2,), {"stride": (1, 2, 3)}),
    ("max_pool2d", (1, 3, 8, 8), (2,), {"padding": (1, 1, 1)}), ("max_pool2d", (1, 3, 8, 8), (2,), {"dilation": (1, 1, 1)}),
    ("max_pool2d", (1, 3, 0, 4), (2,), {}),
    ("max_pool3d", (8, 8), (2,), {}), ("max_pool3d", (1, 3, 6, 6, 6), (9,), {}),
    ("max_pool3d", (1, 3, 6, 6, 6), (2,), {"dilation": 0}), ("max_pool3d", (1, 3, 6, 6, 6), (0,), {"stride": 1}),
    ("max_pool1d", (8,), (2,), {}), ("max_pool1d", (2, 3, 8), (9,), {}), ("max_pool1d", (2, 3, 8), (0,), {}),
    ("max_pool1d", (2, 3, 8), (2,), {"stride": 0}), ("max_pool1d", (2, 3, 8), (2,), {"dilation": 0}),
    ("max_pool1d", (2, 3, 8), (2,), {"padding": -1}), ("max_pool1d", (2, 3, 8), (2,), {"padding": 2}),
    ("max_pool1d", (2, 3, 8), (9,), {"return_indices": True}),
    ("max_pool1d", (2, 3, 8), (2,), {"padding": 2, "return_indices": True}),
    ("avg_pool2d", (8,), (2,), {}), ("avg_pool2d", (8, 8), (2,), {}), ("avg_pool2d", (1, 3, 8, 8), (9,), {}),
    ("avg_pool2d", (1, 3, 8, 8), (2,), {"padding": 2}), ("avg_pool2d", (1, 3, 8, 8), (2,), {"divisor_override": 0}),
    ("avg_pool2d", (1, 3, 0, 4), (1,), {}), ("avg_pool2d", (1, 3, 8, 8), (0,), {}),
    ("avg_pool1d", (8,), (2,), {}), ("avg_pool1d", (2, 3, 8), (9,), {}), ("avg_pool1d", (2, 3, 8), (2,), {"padding": 2}),
    ("avg_pool3d", (8, 8), (2,), {}), ("avg_pool3d", (1, 3, 6, 6, 6), (9,), {}),
    ("avg_pool3d", (1, 1, 4, 6, 6), (7,), {"padding": 3}), ("avg_pool3d", (1, 1, 4, 6, 6), (5,), {}),
    ("adaptive_avg_pool2d", (8,), (2,), {}), ("adaptive_avg_pool2d", (1, 3, 0, 4), (2,), {}),
    ("adaptive_avg_pool2d", (1, 3, 4, 4), ((2, 2, 2),), {}), ("adaptive_max_pool2d", (1, 3, 4, 4), (-1,), {}),
    ("adaptive_max_pool1d", (8,), (2,), {}), ("adaptive_avg_pool1d", (8,), (2,), {}),
    ("adaptive_avg_pool3d", (8, 8), (2,), {}), ("adaptive_max_pool3d", (8, 8), (2,), {}),
    ("adaptive_max_pool2d", (8,), (2,), {}),
]


@pytest.mark.parametrize("name,shape,args,kwargs", _ERROR_CASES)
def test_errors_as_torch(name, shape, args, kwargs):
    torch = _torch()
    with pytest.raises(Exception) as terr:
        getattr(torch.nn.functional, name)(torch.zeros(shape, dtype=torch.float64), *args, **kwargs)
    with pytest.raises(type(terr.value)) as err:
        getattr(F, name)(pa.zeros(shape, dtype=pa.float64), *args, **kwargs)
    assert str(err.value) == str(terr.value)


def test_unpool_errors_as_torch():
    torch = _torch()
    cases = [((1, 1, 2, 2), np.zeros((1, 1, 2, 2), np.int64), (2,), {"output_size": (9, 9)}),
             ((1, 1, 2, 2), np.full((1, 1, 2, 2), 20, np.int64), (2,), {}),
             ((1, 1, 2, 2), np.zeros((1, 1, 2, 2), np.float32), (2,), {}),
             ((1, 1, 2, 2), np.zeros((1, 1, 2, 3), np.int64), (2,), {}),
             ((1, 1, 2, 2), np.zeros((1, 1, 2, 2), np.int64), (2,), {"output_size": (5, 5, 5)}),
             ((2, 2), np.zeros((2, 2), np.int64), (2,), {})]
    for shape, idx, args, kwargs in cases:
        with pytest.raises(Exception) as terr:
            torch.nn.functional.max_unpool2d(torch.zeros(shape), torch.from_numpy(idx), *args, **kwargs)
        with pytest.raises(type(terr.value)) as err:
            F.max_unpool2d(pa.zeros(shape), pa.tensor(idx), *args, **kwargs)
        assert str(err.value) == str(terr.value)


# ------------------------------------------------------------------ finite differences --
@pytest.mark.parametrize("f", [
    lambda x: F.max_pool2d(x, 3, 2, 1, ceil_mode=True),
    lambda x: F.max_pool2d(x, 2, 1, 1, dilation=2),
    lambda x: F.max_pool1d(x[0], 2, ceil_mode=True),
    lambda x: F.max_pool3d(x.unsqueeze(0), 2, 1),
    lambda x: F.avg_pool2d(x, 3, 2, 1, ceil_mode=True, count_include_pad=False),
    lambda x: F.avg_pool2d(x, 2, divisor_override=3),
    lambda x: F.avg_pool3d(x.unsqueeze(0), 2, 1, 1),
    lambda x: F.adaptive_avg_pool2d(x, (3, 4)),
    lambda x: F.adaptive_max_pool2d(x, (3, 2)),
    lambda x: F.adaptive_max_pool3d(x.unsqueeze(0), 2),
    lambda x: F.lp_pool2d(x, 2, 2),
    lambda x: F.max_unpool2d(*F.max_pool2d(x, 2, return_indices=True), 2),
], ids=["max2d", "max2d_dil", "max1d", "max3d", "avg2d", "avg2d_div", "avg3d", "aavg2d", "amax2d", "amax3d",
        "lp2d", "unpool2d"])
def test_gradcheck(f):
    x = pa.tensor(np.random.default_rng(0).permutation(2 * 5 * 6).reshape(2, 5, 6) / 7.0, requires_grad=True)
    assert gradcheck(f, (x,), check_forward_ad=True)
    assert gradgradcheck(f, (x,))


def test_vmap_matches_per_sample():
    a = pa.tensor(np.random.default_rng(0).standard_normal((4, 2, 6, 6)))
    for f in (lambda x: F.max_pool2d(x, 2), lambda x: F.avg_pool2d(x, 3, 1, 1), lambda x: F.adaptive_avg_pool2d(x, 4),
              lambda x: F.adaptive_max_pool2d(x, 4)):
        out = pa.func.vmap(f)(a)
        ref = pa.stack([f(a[i]) for i in range(4)])
        np.testing.assert_allclose(out.numpy(), ref.numpy())
    # indices under vmap: computed per sample (the indices are per-sample flat positions)
    for f in (lambda x: F.max_pool2d(x, 3, 2, 1, return_indices=True), lambda x: F.adaptive_max_pool2d(x, 4, True)):
        out, idx = pa.func.vmap(f)(a)
        for i in range(4):
            ro, ri = f(a[i])
            np.testing.assert_array_equal(idx[i].numpy(), ri.numpy())
            np.testing.assert_array_equal(out[i].numpy(), ro.numpy())
    v, idx = F.max_pool2d(a, 2, return_indices=True)
    out = pa.func.vmap(lambda x, i: F.max_unpool2d(x, i, 2))(v, idx)
    np.testing.assert_array_equal(out.numpy(), F.max_unpool2d(v, idx, 2).numpy())


def test_float32_dtype_kept():
    torch = _torch()
    a = np.random.default_rng(0).standard_normal((2, 3, 6, 6)).astype(np.float32)
    for name, args in (("max_pool2d", (2,)), ("avg_pool2d", (3, 1, 1)), ("adaptive_avg_pool2d", (4,)),
                       ("adaptive_max_pool2d", (4,))):
        ours = getattr(F, name)(pa.tensor(a), *args)
        theirs = getattr(torch.nn.functional, name)(torch.tensor(a), *args)
        assert ours.dtype == pa.float32
        np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=1e-6, atol=1e-6)


# ------------------------------------------------------------------ modules --
_MODULES = [
    ("MaxPool1d", (2,), {}), ("MaxPool1d", (3, 1, 1, 2, True, True), {}), ("MaxPool2d", (2,), {}),
    ("MaxPool2d", ((2, 3),), {"stride": 1, "padding": 1, "ceil_mode": True}),
    ("MaxPool3d", ((2, 3, 1),), {"stride": 1, "dilation": 2, "return_indices": True, "ceil_mode": True}),
    ("AvgPool1d", (2,), {}), ("AvgPool1d", (3, 2, 1, True, False), {}), ("AvgPool2d", (2,), {}),
    ("AvgPool2d", (3, 2, 1, True, False, 4), {}), ("AvgPool3d", (2,), {"divisor_override": 2}),
    ("AdaptiveAvgPool1d", (3,), {}), ("AdaptiveAvgPool2d", ((2, None),), {}), ("AdaptiveAvgPool3d", (1,), {}),
    ("AdaptiveMaxPool1d", (3,), {}), ("AdaptiveMaxPool2d", (3, True), {}), ("AdaptiveMaxPool3d", ((2, 1, 2),), {}),
    ("LPPool1d", (2, 3), {}), ("LPPool2d", (2, 3, 1), {}), ("LPPool2d", (1.5, (2, 3)), {"ceil_mode": True}),
    ("MaxUnpool1d", (2,), {}), ("MaxUnpool2d", (2, 1, 1), {}), ("MaxUnpool3d", (2,), {}),
]


@pytest.mark.parametrize("name,args,kwargs", _MODULES)
def test_module_repr_and_attributes(name, args, kwargs):
    torch = _torch()
    ours, theirs = getattr(nn, name)(*args, **kwargs), getattr(torch.nn, name)(*args, **kwargs)
    assert repr(ours) == repr(theirs)
    for attr in ("kernel_size", "stride", "padding", "dilation", "ceil_mode", "return_indices",
                 "count_include_pad", "divisor_override", "output_size", "norm_type"):
        if hasattr(theirs, attr):
            assert getattr(ours, attr) == getattr(theirs, attr), attr
    assert ours.state_dict() == {} and len(theirs.state_dict()) == 0


@pytest.mark.parametrize("name,args,kwargs,shape", [
    ("MaxPool2d", (3, 2, 1), {}, (2, 3, 7, 7)), ("MaxPool1d", (2,), {"return_indices": True}, (2, 3, 8)),
    ("MaxPool3d", (2,), {}, (1, 2, 4, 4, 4)), ("AvgPool1d", (3, 2, 1), {}, (2, 3, 8)),
    ("AvgPool2d", (3, 2, 1), {"count_include_pad": False}, (2, 3, 7, 7)), ("AvgPool3d", (2,), {}, (1, 2, 4, 4, 4)),
    ("AdaptiveAvgPool2d", ((3, None),), {}, (2, 3, 7, 7)), ("AdaptiveMaxPool1d", (3, True), {}, (2, 3, 8)),
    ("AdaptiveMaxPool2d", (3,), {}, (2, 3, 7, 7)), ("AdaptiveAvgPool1d", (3,), {}, (2, 3, 8)),
    ("AdaptiveAvgPool3d", (2,), {}, (1, 2, 4, 4, 4)), ("LPPool2d", (2, 2), {}, (2, 3, 7, 7)),
    ("LPPool1d", (3, 2), {}, (2, 3, 8)),
])
def test_module_forward(name, args, kwargs, shape):
    torch = _torch()
    a = np.abs(_data(shape, "randn", 3))
    ours = getattr(nn, name)(*args, **kwargs)(pa.tensor(a))
    theirs = getattr(torch.nn, name)(*args, **kwargs)(torch.tensor(a))
    if isinstance(theirs, tuple):
        np.testing.assert_array_equal(ours[1].numpy(), theirs[1].numpy())
        ours, theirs = ours[0], theirs[0]
    _same(ours, theirs, name)


def test_unpool_module_roundtrip():
    torch = _torch()
    a = _data((1, 1, 4, 4), "randn", 0)
    out, idx = nn.MaxPool2d(2, return_indices=True)(pa.tensor(a))
    tout, tidx = torch.nn.MaxPool2d(2, return_indices=True)(torch.tensor(a))
    ours = nn.MaxUnpool2d(2)(out, idx, output_size=(1, 1, 5, 5))
    theirs = torch.nn.MaxUnpool2d(2)(tout, tidx, output_size=(1, 1, 5, 5))
    _same(ours, theirs, "MaxUnpool2d")


# ------------------------------------------------------------------ interpolation --
_INTERP_SIZES = [dict(scale_factor=2), dict(scale_factor=1.7), dict(scale_factor=0.6), dict(size=7), dict(size=3),
                 dict(scale_factor=1.3, recompute_scale_factor=True)]


@pytest.mark.parametrize("shape", [(2, 3, 5), (2, 3, 5, 4), (1, 2, 3, 4, 3)])
@pytest.mark.parametrize("mode", ["nearest", "nearest-exact", "linear", "bilinear", "trilinear", "bicubic", "area"])
def test_interpolate_grid(shape, mode):
    """Values, grad_fn names, gradients, second derivatives and jvp; a wrong mode for the rank is
    torch's error. torch's source index: nearest in float32, floor(dst * in/out) (or 1/scale_factor),
    nearest-exact at dst + 0.5, linear from (dst + 0.5) * scale - 0.5 clamped at 0 or align_corners'
    dst * (in-1)/(out-1), bicubic's 4 taps of A = -0.75 with clamped indices."""
    for i, (kw, ac) in enumerate(itertools.product(
            _INTERP_SIZES, [None] if mode in ("nearest", "nearest-exact", "area") else [False, True])):
        _differential("interpolate", shape, (), dict(kw, mode=mode, align_corners=ac), seed=i,
                      second=(i % 3 == 0), jvp=(i % 3 == 1), names=(mode != "area"))


def test_interpolate_float32_and_sizes():
    torch = _torch()
    a = np.random.default_rng(0).standard_normal((1, 2, 7, 9)).astype(np.float32)
    for kw in (dict(scale_factor=1.37), dict(size=(10, 4)), dict(scale_factor=(0.5, 3.1)), dict(size=(13, 2))):
        for mode in ("nearest", "nearest-exact", "bilinear", "bicubic"):
            ours = F.interpolate(pa.tensor(a), mode=mode, **kw)
            theirs = torch.nn.functional.interpolate(torch.tensor(a), mode=mode, **kw)
            assert ours.dtype == pa.float32 and tuple(ours.shape) == tuple(theirs.shape)
            np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("shape,kwargs", [
    ((2, 3, 5, 4), {}), ((2, 3, 5, 4), dict(size=3, scale_factor=2)), ((2, 3, 5, 4), dict(size=(3, 4, 5))),
    ((2, 3, 5, 4), dict(scale_factor=(2, 3, 4))), ((2, 3, 5, 4), dict(size=3, mode="linear")),
    ((2, 3, 5), dict(size=3, mode="bilinear")), ((2, 3, 5, 4), dict(size=3, align_corners=True)),
    ((2, 3, 5, 4), dict(size=3, mode="foo")), ((2, 3, 5, 4), dict(size=3, recompute_scale_factor=True)),
    ((2, 3, 5, 4), dict(size=0)), ((3, 5), dict(size=3)), ((2, 3, 5, 4), dict(size=[3])),
    ((2, 3, 5, 4), dict(scale_factor=-1.0)), ((2, 3, 5), dict(size=0, mode="linear")),
    ((2, 3, 5), dict(size=3, mode="bicubic")), ((1, 2, 3, 4, 3), dict(size=0, mode="trilinear")),
    ((2, 3, 5), dict(size=3, mode="linear", antialias=True)),
])
def test_interpolate_errors_as_torch(shape, kwargs):
    torch = _torch()
    with pytest.raises(Exception) as terr:
        torch.nn.functional.interpolate(torch.zeros(shape, dtype=torch.float64), **kwargs)
    with pytest.raises(type(terr.value)) as err:
        F.interpolate(pa.zeros(shape, dtype=pa.float64), **kwargs)
    assert str(err.value) == str(terr.value)


@pytest.mark.parametrize("name,shape,arg", [
    ("pixel_shuffle", (2, 8, 2, 3), 2), ("pixel_shuffle", (9, 2, 3), 3), ("pixel_shuffle", (2, 2, 8, 1, 2), 2),
    ("pixel_unshuffle", (2, 2, 4, 6), 2), ("pixel_unshuffle", (1, 6, 6), 3), ("pixel_shuffle", (1, 3, 2, 2), 1),
    ("channel_shuffle", (2, 6, 2, 3), 2), ("channel_shuffle", (2, 6, 4), 3), ("channel_shuffle", (1, 4, 2, 2, 2), 4),
])
def test_shuffles(name, shape, arg):
    _differential(name, shape, (arg,))


@pytest.mark.parametrize("name,shape,arg", [
    ("pixel_shuffle", (1, 7, 2, 3), 2), ("pixel_unshuffle", (1, 7, 3, 3), 2), ("pixel_unshuffle", (1, 7, 2, 3), 2),
    ("pixel_shuffle", (2, 3), 2), ("pixel_unshuffle", (2, 3), 2), ("channel_shuffle", (1, 7, 2, 3), 2),
    ("channel_shuffle", (8, 3), 2),
])
def test_shuffle_errors_as_torch(name, shape, arg):
    torch = _torch()
    with pytest.raises(Exception) as terr:
        getattr(torch.nn.functional, name)(torch.zeros(shape), arg)
    with pytest.raises(type(terr.value)) as err:
        getattr(F, name)(pa.zeros(shape), arg)
    assert str(err.value) == str(terr.value)


@pytest.mark.parametrize("name,args,kwargs,shape", [
    ("Upsample", (), dict(scale_factor=2), (1, 2, 3, 4)),
    ("Upsample", (), dict(size=(3, 5), mode="bilinear", align_corners=True), (1, 2, 3, 4)),
    ("Upsample", (), dict(scale_factor=(2.0, 1.5), mode="bicubic"), (1, 2, 3, 4)),
    ("Upsample", (), dict(size=7, mode="linear"), (1, 2, 3)),
    ("Upsample", (), dict(scale_factor=1.5, mode="nearest-exact"), (1, 2, 3, 4, 2)),
    ("UpsamplingNearest2d", (), dict(scale_factor=2), (1, 2, 3, 4)),
    ("UpsamplingBilinear2d", (), dict(size=5), (1, 2, 3, 4)),
    ("PixelShuffle", (2,), {}, (1, 8, 2, 3)), ("PixelUnshuffle", (2,), {}, (1, 2, 4, 6)),
    ("ChannelShuffle", (2,), {}, (1, 4, 2, 3)),
])
def test_resampling_modules(name, args, kwargs, shape):
    torch = _torch()
    ours, theirs = getattr(nn, name)(*args, **kwargs), getattr(torch.nn, name)(*args, **kwargs)
    assert repr(ours) == repr(theirs)
    a = _data(shape, "randn", 0)
    _same(ours(pa.tensor(a)), theirs(torch.tensor(a)), name)


def test_integer_avg_pool_truncates_as_torch():
    torch = _torch()
    a = np.random.default_rng(0).integers(-9, 9, size=(2, 3, 7, 6))
    for name, args, kw in (("avg_pool2d", (2,), {}), ("avg_pool2d", (3, 1, 1), {}),
                           ("avg_pool2d", (3, 2, 1), dict(ceil_mode=True, count_include_pad=False)),
                           ("avg_pool2d", (2,), dict(divisor_override=3)), ("avg_pool1d", (3, 1, 1), {})):
        x = a[0] if name == "avg_pool1d" else a
        ours = getattr(F, name)(pa.tensor(x), *args, **kw)
        theirs = getattr(torch.nn.functional, name)(torch.tensor(x), *args, **kw)
        assert ours.dtype == pa.int64
        np.testing.assert_array_equal(ours.numpy(), theirs.numpy())


@pytest.mark.parametrize("name,dtype", [("avg_pool2d", "bool"), ("max_pool2d", "bool"), ("max_pool2d", "complex64"),
                                        ("adaptive_avg_pool2d", "int64"), ("adaptive_max_pool2d", "int64"),
                                        ("adaptive_avg_pool1d", "int64"), ("adaptive_max_pool1d", "int64")])
def test_dtype_errors_as_torch(name, dtype):
    torch = _torch()
    shape = (1, 2, 4) if name.endswith("1d") else (1, 2, 4, 4)
    with pytest.raises(Exception) as terr:
        getattr(torch.nn.functional, name)(torch.zeros(shape, dtype=getattr(torch, dtype)), 2)
    with pytest.raises(type(terr.value)) as err:
        getattr(F, name)(pa.zeros(shape, dtype=getattr(pa, dtype)), 2)
    assert str(err.value) == str(terr.value)


@pytest.mark.parametrize("f", [
    lambda t: F.max_pool2d(t, 2), lambda t: F.max_pool2d(t, 2, return_indices=True)[0],
    lambda t: F.max_pool2d(t, 2, return_indices=True)[1], lambda t: F.max_pool2d(t, 3, 1, 1),
    lambda t: F.avg_pool2d(t, 2), lambda t: F.adaptive_avg_pool2d(t, 3), lambda t: F.adaptive_max_pool2d(t, 3),
    lambda t: F.lp_pool2d(t, 2, 2), lambda t: F.interpolate(t, scale_factor=2),
    lambda t: F.interpolate(t, scale_factor=2, mode="bilinear"), lambda t: F.max_pool1d(t[0], 2),
    lambda t: F.avg_pool1d(t[0], 2), lambda t: F.max_pool3d(t[None], 2), lambda t: F.avg_pool3d(t[None], 2),
    lambda t: F.max_unpool2d(*F.max_pool2d(t, 2, return_indices=True), 2)])
def test_outputs_are_contiguous_as_torchs(f):
    """The blitz tutorial flattens a pooled map with x.view(-1, n): the outputs (and the input's
    gradient) are C-contiguous, as torch's are, whatever layout the window gather leaves."""
    x = pa.tensor(_data((2, 6, 8, 8), "normal", 3), requires_grad=True)
    out = f(x)
    assert out.is_contiguous()
    out.view(out.shape[0], -1)
    if out.dtype == pa.float64:
        out.sum().backward()
        assert x.grad.is_contiguous()
