"""Differential tests of pyautograd/ops/sorting.py against PyTorch: values, dtypes, indices,
options, ties and NaN ordering, zero-size and 0-d inputs, error types and texts, gradients."""
import numpy as np
import pytest

import pyautograd as pa

torch = pytest.importorskip("torch")

NAN = float("nan")
TIES = [[3.0, 1.0, 3.0, NAN, 1.0, 2.0], [0.5, 0.5, -1.0, 2.0, NAN, NAN]]


def both(data, dtype=None):
    a = np.array(data, dtype=dtype)
    return pa.tensor(a), torch.tensor(a)


def same(p, t, check_dtype=True):
    if isinstance(t, tuple):
        assert isinstance(p, tuple) and len(p) == len(t)
        for x, y in zip(p, t):
            same(x, y, check_dtype)
        return
    assert tuple(p.shape) == tuple(t.shape)
    if check_dtype:
        assert str(p.dtype) == str(t.dtype), (p.dtype, t.dtype)
    np.testing.assert_array_equal(p.detach().numpy(), t.detach().numpy())


def close(p, t):
    assert tuple(p.shape) == tuple(t.shape)
    assert str(p.dtype) == str(t.dtype)
    np.testing.assert_allclose(p.detach().numpy(), t.detach().numpy(), rtol=1e-6, atol=1e-7, equal_nan=True)


def same_error(fp, ft):
    with pytest.raises(Exception) as et:
        ft()
    with pytest.raises(type(et.value)) as ep:
        fp()
    assert str(ep.value) == str(et.value)


@pytest.mark.parametrize("kw", [{}, {"descending": True}, {"dim": 0}, {"dim": 0, "descending": True},
                                {"stable": True}, {"stable": True, "descending": True}])
def test_sort_ties_and_nan(kw):
    p, t = both(TIES)
    rp, rt = pa.sort(p, **kw), torch.sort(t, **kw)
    if kw.get("stable") or torch.equal(rt.indices, torch.sort(t, stable=True, **{k: v for k, v in kw.items()
                                                                                   if k != "stable"}).indices):
        same(rp.indices, rt.indices)
    same(rp.values, rt.values)
    assert type(rp).__name__.endswith("SortResult") and repr(rp).startswith("torch.return_types.sort(")
    same(pa.argsort(p, **kw), torch.argsort(t, **kw))
    same(p.sort(**kw).values, t.sort(**kw).values)


@pytest.mark.parametrize("dtype", ["int64", "int32", "uint8", "bool", "float32"])
def test_sort_dtypes(dtype):
    p, t = both([[3, 1, 0, 1], [1, 0, 1, 2]], dtype)
    same(pa.sort(p, stable=True), torch.sort(t, stable=True))
    same(pa.sort(p, 0, True), torch.sort(t, 0, True))
    same(pa.msort(p), torch.msort(t))


def test_sort_zero_size_and_0d():
    for shape in [(0,), (0, 3), (3, 0)]:
        p, t = pa.zeros(shape), torch.zeros(shape)
        same(pa.sort(p), torch.sort(t))
        same(pa.argsort(p, 0), torch.argsort(t, 0))
        same(pa.cummax(p, -1), torch.cummax(t, -1))
        same(pa.logcumsumexp(p, -1), torch.logcumsumexp(t, -1))
    p, t = pa.tensor(2.5), torch.tensor(2.5)
    for f in (lambda T, x: T.sort(x), lambda T, x: T.topk(x, 1), lambda T, x: T.kthvalue(x, 1),
              lambda T, x: T.median(x, 0), lambda T, x: T.mode(x), lambda T, x: T.cummax(x, 0),
              lambda T, x: T.cummin(x, -1), lambda T, x: T.argsort(x)):
        rp, rt = f(pa, p), f(torch, t)
        same(tuple(rp) if isinstance(rp, tuple) else rp, tuple(rt) if isinstance(rt, tuple) else rt)
    same(pa.median(p), torch.median(t))
    same(pa.logcumsumexp(p, 0), torch.logcumsumexp(t, 0))


def test_sort_grad_fn_names():
    x = pa.tensor([2.0, 1.0], requires_grad=True)
    assert type(pa.sort(x).values.grad_fn).__name__ == "SortBackward0"
    assert type(pa.sort(x, stable=False).values.grad_fn).__name__ == "SortBackward1"
    assert pa.argsort(x).grad_fn is None and pa.argsort(x).dtype == pa.int64


@pytest.mark.parametrize("kw", [{"k": 2}, {"k": 3, "largest": False}, {"k": 1, "dim": 0}, {"k": 0},
                                {"k": 6, "sorted": True}])
def test_topk(kw):
    p, t = both(TIES)
    rp, rt = pa.topk(p, **kw), torch.topk(t, **kw)
    same(rp.values, rt.values)
    assert rp.indices.dtype == pa.int64
    # ties may come in either order in PyTorch: the indices must select the values
    np.testing.assert_array_equal(np.take_along_axis(p.numpy(), rp.indices.numpy(), kw.get("dim", -1)),
                                  rp.values.numpy())


def test_topk_errors():
    p, t = both([[1.0, 2.0]])
    same_error(lambda: pa.topk(p, 3), lambda: torch.topk(t, 3))
    same_error(lambda: pa.topk(p, -1), lambda: torch.topk(t, -1))
    same_error(lambda: pa.topk(p, 1, 2), lambda: torch.topk(t, 1, 2))


@pytest.mark.parametrize("k,dim,keepdim", [(1, -1, False), (2, 1, True), (6, -1, False), (2, 0, False)])
def test_kthvalue(k, dim, keepdim):
    p, t = both(TIES)
    rp, rt = pa.kthvalue(p, k, dim, keepdim), torch.kthvalue(t, k, dim, keepdim)
    same(rp.values, rt.values)
    np.testing.assert_array_equal(np.take_along_axis(p.numpy(), rp.indices.numpy().reshape(
        rp.values.shape if keepdim else np.expand_dims(rp.values.numpy(), dim).shape), dim).reshape(rp.values.shape),
        rp.values.numpy())
    same_error(lambda: pa.kthvalue(p, 7), lambda: torch.kthvalue(t, 7))
    same_error(lambda: pa.kthvalue(p, 0), lambda: torch.kthvalue(t, 0))


def test_median_and_nanmedian():
    p, t = both(TIES)
    same(pa.median(p), torch.median(t))
    same(pa.nanmedian(p), torch.nanmedian(t))
    for dim in (0, 1, -1):
        same(pa.median(p, dim).values, torch.median(t, dim).values)
        same(pa.nanmedian(p, dim, keepdim=True).values, torch.nanmedian(t, dim, keepdim=True).values)
    # a NaN in the slice: median gives it, with its first index
    q, u = both([[1.0, NAN, 2.0, NAN], [4.0, 1.0, 3.0, 2.0]])
    same(pa.median(q, 1), torch.median(u, 1))
    same(pa.nanmedian(q, 1), torch.nanmedian(u, 1))
    q, u = both([[NAN, NAN]])
    same(pa.nanmedian(q, 1), torch.nanmedian(u, 1))
    same(pa.nanmedian(q), torch.nanmedian(u))
    # even counts: the lower of the two middle values
    q, u = both([4.0, 1.0, 3.0, 2.0])
    same(pa.median(q), torch.median(u))
    same(pa.median(pa.tensor([3, 1, 2, 8])), torch.median(torch.tensor([3, 1, 2, 8])))
    same(pa.median(pa.zeros(0)), torch.median(torch.zeros(0)))
    same(pa.median(pa.zeros(0, 3), 1), torch.median(torch.zeros(0, 3), 1))
    same_error(lambda: pa.median(pa.zeros(2, 0), 1), lambda: torch.median(torch.zeros(2, 0), 1))


def test_median_gradient_ties_evenly_distributed():
    data = [1.0, 2.0, 2.0, 5.0]
    xp = pa.tensor(data, requires_grad=True)
    xt = torch.tensor(data, requires_grad=True)
    pa.median(xp).backward()
    torch.median(xt).backward()
    same(xp.grad, xt.grad)
    assert type(pa.median(xp).grad_fn).__name__ == "MedianBackward0"
    assert type(pa.nanmedian(xp).grad_fn).__name__ == "NanmedianBackward0"
    assert type(pa.median(xp, 0).values.grad_fn).__name__ == "MedianBackward1"


def test_mode():
    p, t = both([[1.0, 2, 2, 1, 3], [0, 0, 5, 5, 5]])
    same(pa.mode(p, 1), torch.mode(t, 1))
    same(pa.mode(p, 0, True).values, torch.mode(t, 0, True).values)
    same(pa.mode(pa.tensor([3, 3, 1, 1, 2])), torch.mode(torch.tensor([3, 3, 1, 1, 2])))


@pytest.mark.parametrize("fn", ["cummax", "cummin"])
@pytest.mark.parametrize("dtype", ["float64", "float32", "int64", "bool"])
def test_cummax_cummin(fn, dtype):
    data = TIES if dtype.startswith("float") else [[3, 1, 3, 0, 1, 2], [0, 0, 1, 2, 1, 1]]
    p, t = both(data, dtype)
    for dim in (0, 1, -1):
        same(getattr(pa, fn)(p, dim), getattr(torch, fn)(t, dim))
        same(getattr(p, fn)(dim), getattr(t, fn)(dim))


def test_cummax_gradient_repeated_indices():
    data = [1.0, 3.0, 2.0, 4.0, 0.0]
    xp, xt = pa.tensor(data, requires_grad=True), torch.tensor(data, requires_grad=True)
    g = [1.0, 2.0, 3.0, 4.0, 5.0]
    pa.cummax(xp, 0).values.backward(pa.tensor(g))
    torch.cummax(xt, 0).values.backward(torch.tensor(g))
    same(xp.grad, xt.grad)


def test_logcumsumexp_values_and_grads():
    p, t = both([[-np.inf, 0.0, 1.0, -np.inf], [1000.0, 1000.0, -5.0, 3.0]])
    close(pa.logcumsumexp(p, 1), torch.logcumsumexp(t, 1))
    close(pa.logcumsumexp(p, 0), torch.logcumsumexp(t, 0))
    data = [[-np.inf, -np.inf, 1.0], [1000.0, 999.0, -3.0]]
    xp, xt = pa.tensor(data, requires_grad=True), torch.tensor(data, requires_grad=True)
    g = [[1.0, -2.0, 3.0], [0.5, 0.0, -1.0]]
    pa.logcumsumexp(xp, 1).backward(pa.tensor(g))
    torch.logcumsumexp(xt, 1).backward(torch.tensor(g))
    close(xp.grad, xt.grad)
    same_error(lambda: pa.logcumsumexp(pa.tensor([1, 2]), 0), lambda: torch.logcumsumexp(torch.tensor([1, 2]), 0))


@pytest.mark.parametrize("interp", ["linear", "lower", "higher", "midpoint", "nearest"])
@pytest.mark.parametrize("fn", ["quantile", "nanquantile"])
def test_quantile(interp, fn):
    data = [[1.0, 7.0, 3.0, 4.0, 2.5], [2.0, NAN, 0.0, 1.0, 8.0], [NAN, NAN, NAN, NAN, NAN]]
    p, t = both(data)
    P, T = getattr(pa, fn), getattr(torch, fn)
    for q in (0.0, 0.3, 0.5, 0.625, 1.0):
        close(P(p, q, dim=1, interpolation=interp), T(t, q, dim=1, interpolation=interp))
        close(P(p[:2, :], q, 0, True, interpolation=interp), T(t[:2, :], q, 0, True, interpolation=interp))
        close(P(p[0], q, interpolation=interp), T(t[0], q, interpolation=interp))
    qp, qt = both([0.1, 0.5, 0.875])
    close(P(p, qp, 1, interpolation=interp), T(t, qt, 1, interpolation=interp))
    close(P(p, qp, 1, True, interpolation=interp), T(t, qt, 1, True, interpolation=interp))
    close(P(p, qp, keepdim=True, interpolation=interp), T(t, qt, keepdim=True, interpolation=interp))
    close(P(pa.tensor(2.0), 0.5), T(torch.tensor(2.0), 0.5))


def test_quantile_gradient_and_errors():
    data = [[1.0, 7.0, 3.0, 4.0], [2.0, 0.5, 0.0, 1.0]]
    xp, xt = pa.tensor(data, requires_grad=True), torch.tensor(data, requires_grad=True)
    pa.quantile(xp, pa.tensor([0.3, 0.9]), dim=1).sum().backward()
    torch.quantile(xt, torch.tensor([0.3, 0.9]), dim=1).sum().backward()
    close(xp.grad, xt.grad)
    p, t = both([1.0, 2.0], "float32")
    same_error(lambda: pa.quantile(p, 1.3), lambda: torch.quantile(t, 1.3))
    same_error(lambda: pa.quantile(p, 0.5, interpolation="foo"), lambda: torch.quantile(t, 0.5, interpolation="foo"))
    same_error(lambda: pa.quantile(pa.tensor([1, 2]), 0.5), lambda: torch.quantile(torch.tensor([1, 2]), 0.5))
    same_error(lambda: pa.quantile(pa.zeros(0), 0.5), lambda: torch.quantile(torch.zeros(0), 0.5))
    same_error(lambda: pa.quantile(p, pa.tensor([[0.5]])), lambda: torch.quantile(t, torch.tensor([[0.5]])))
    same_error(lambda: pa.quantile(p, pa.tensor([0.5], dtype=pa.float64)),
               lambda: torch.quantile(t, torch.tensor([0.5], dtype=torch.float64)))


def test_nansum_nanmean():
    p, t = both(TIES)
    for kw in ({}, {"dim": 1}, {"dim": 0, "keepdim": True}, {"dim": (0, 1)}):
        close(pa.nansum(p, **kw), torch.nansum(t, **kw))
        close(pa.nanmean(p, **kw), torch.nanmean(t, **kw))
    same(pa.nansum(pa.tensor([1, 2])), torch.nansum(torch.tensor([1, 2])))
    close(pa.nanmean(pa.tensor([NAN, NAN])), torch.nanmean(torch.tensor([NAN, NAN])))
    same_error(lambda: pa.nanmean(pa.tensor([1, 2])), lambda: torch.nanmean(torch.tensor([1, 2])))
    xp, xt = pa.tensor(TIES, requires_grad=True), torch.tensor(TIES, requires_grad=True)
    (pa.nansum(xp, 1) * pa.tensor([1.0, 2.0])).sum().backward()
    (torch.nansum(xt, 1) * torch.tensor([1.0, 2.0])).sum().backward()
    same(xp.grad, xt.grad)
    xp.grad = None
    xt.grad = None
    pa.nanmean(xp).backward()
    torch.nanmean(xt).backward()
    close(xp.grad, xt.grad)
    assert type(pa.nansum(xp).grad_fn).__name__ == "NansumBackward0"


@pytest.mark.parametrize("fn", ["var_mean", "std_mean"])
def test_var_std_mean(fn):
    data = [[1.0, 2.0, 4.0], [0.5, -1.0, 3.0]]
    P, T = getattr(pa, fn), getattr(torch, fn)
    p, t = both(data)
    for args, kw in [((), {}), ((1,), {}), ((0, False), {}), ((1,), {"keepdim": True}), ((), {"correction": 0}),
                     ((), {"unbiased": False}), (((0, 1),), {"correction": 2})]:
        rp, rt = P(p, *args, **kw), T(t, *args, **kw)
        assert type(rp) is tuple and len(rp) == 2
        close(rp[0], rt[0])
        close(rp[1], rt[1])
    xp, xt = pa.tensor(data, requires_grad=True), torch.tensor(data, requires_grad=True)
    vp, mp = P(xp, 1)
    vt, mt = T(xt, 1)
    assert type(vp.grad_fn).__name__ == type(vt.grad_fn).__name__
    ((vp * pa.tensor([1.0, -2.0])).sum() + (mp * 3).sum()).backward()
    ((vt * torch.tensor([1.0, -2.0])).sum() + (mt * 3).sum()).backward()
    close(xp.grad, xt.grad)
    xp.grad = None
    xt.grad = None
    P(xp)[1].backward()        # only the mean used
    T(xt)[1].backward()
    close(xp.grad, xt.grad)


@pytest.mark.parametrize("kw", [{}, {"return_inverse": True}, {"return_counts": True},
                                {"return_inverse": True, "return_counts": True}, {"sorted": False}])
def test_unique(kw):
    p, t = both([[3, 1, 3], [2, 1, 0]])
    rp, rt = pa.unique(p, **kw), torch.unique(t, **kw)
    same(rp, rt)
    q, u = both([[1, 2], [1, 2], [0, 3]])
    same(pa.unique(q, dim=0, **kw), torch.unique(u, dim=0, **kw))
    same(pa.unique_consecutive(pa.tensor([3, 3, 1, 3, 2, 2]), **{k: v for k, v in kw.items() if k != "sorted"}),
         torch.unique_consecutive(torch.tensor([3, 3, 1, 3, 2, 2]), **{k: v for k, v in kw.items() if k != "sorted"}))
    same(pa.unique_consecutive(q, dim=0, return_counts=True), torch.unique_consecutive(u, dim=0, return_counts=True))
    same(pa.unique(pa.zeros(0)), torch.unique(torch.zeros(0)))
    same(pa.unique(pa.tensor([NAN, 1.0, 1.0])), torch.unique(torch.tensor([NAN, 1.0, 1.0])))


def test_isin():
    p, t = both([[3, 1], [2, 5]])
    for kw in ({}, {"invert": True}, {"assume_unique": True}):
        same(pa.isin(p, pa.tensor([1, 2]), **kw), torch.isin(t, torch.tensor([1, 2]), **kw))
    same(pa.isin(3, pa.tensor([1, 3])), torch.isin(3, torch.tensor([1, 3])))
    same(pa.isin(p, 5), torch.isin(t, 5))


def test_searchsorted_bucketize():
    sp, st = both([1, 3, 5, 7])
    vp, vt = both([[3, 4], [0, 9]])
    for kw in ({}, {"right": True}, {"side": "right"}, {"side": "left"}, {"out_int32": True}):
        same(pa.searchsorted(sp, vp, **kw), torch.searchsorted(st, vt, **kw))
    same(pa.searchsorted(sp, 4), torch.searchsorted(st, 4))
    rows_p, rows_t = both([[1, 3, 5], [2, 4, 6]])
    same(pa.searchsorted(rows_p, pa.tensor([[3], [3]]), right=True), torch.searchsorted(rows_t, torch.tensor([[3], [3]]), right=True))
    unsorted_p, unsorted_t = both([5, 1, 3])
    same(pa.searchsorted(unsorted_p, pa.tensor([2, 4]), sorter=pa.tensor([1, 2, 0])),
         torch.searchsorted(unsorted_t, torch.tensor([2, 4]), sorter=torch.tensor([1, 2, 0])))
    same_error(lambda: pa.searchsorted(sp, vp, side="left", right=True),
               lambda: torch.searchsorted(st, vt, side="left", right=True))
    same_error(lambda: pa.searchsorted(rows_p, pa.tensor([3, 4])), lambda: torch.searchsorted(rows_t, torch.tensor([3, 4])))
    for kw in ({}, {"right": True}, {"out_int32": True}):
        same(pa.bucketize(vp, sp, **kw), torch.bucketize(vt, st, **kw))
    same(pa.bucketize(3, sp), torch.bucketize(3, st))
    same_error(lambda: pa.bucketize(vp, rows_p), lambda: torch.bucketize(vt, rows_t))


def test_histc():
    p, t = both([1.0, 2.0, 1.0, 4.0, 0.0, 5.0], "float32")
    same(pa.histc(p, 4), torch.histc(t, 4))
    same(pa.histc(p, 3, min=1, max=4), torch.histc(t, 3, min=1, max=4))
    same(p.histc(5, 0, 10), t.histc(5, 0, 10))
    same(pa.histc(pa.tensor([2.0, 2.0]), 4), torch.histc(torch.tensor([2.0, 2.0]), 4))
    same(pa.histc(pa.zeros(0), 3), torch.histc(torch.zeros(0), 3))
    xp, xt = pa.tensor([1.0, 2.0], requires_grad=True), torch.tensor([1.0, 2.0], requires_grad=True)
    rp, rt = pa.histc(xp, 4), torch.histc(xt, 4)
    same(rp, rt)
    assert rp.requires_grad == rt.requires_grad and rp.grad_fn is None
    same_error(lambda: pa.histc(pa.tensor([1, 2]), 4), lambda: torch.histc(torch.tensor([1, 2]), 4))
    same_error(lambda: pa.histc(p, 4, min=3, max=1), lambda: torch.histc(t, 4, min=3, max=1))


def test_bincount():
    p, t = both([1, 2, 2, 5])
    same(pa.bincount(p), torch.bincount(t))
    same(pa.bincount(p, minlength=8), torch.bincount(t, minlength=8))
    for dtype in ("float32", "float64", "int64"):
        wp, wt = both([1, 2, 3, 4], dtype)
        close(pa.bincount(p, wp), torch.bincount(t, wt))
    same(pa.bincount(pa.zeros(0, dtype=pa.int64)), torch.bincount(torch.zeros(0, dtype=torch.int64)))
    same_error(lambda: pa.bincount(pa.tensor([-1, 2])), lambda: torch.bincount(torch.tensor([-1, 2])))
    same_error(lambda: pa.bincount(pa.tensor([1.0, 2.0])), lambda: torch.bincount(torch.tensor([1.0, 2.0])))


def test_sort_errors_and_complex():
    same_error(lambda: pa.sort(pa.tensor([1 + 1j])), lambda: torch.sort(torch.tensor([1 + 1j])))
    p, t = both([[1.0, 2.0]])
    same_error(lambda: pa.sort(p, 2), lambda: torch.sort(t, 2))
    same_error(lambda: pa.cummax(p, 3), lambda: torch.cummax(t, 3))


def test_selecting_gradients_match_torch():
    rng = np.random.default_rng(0)
    data = rng.standard_normal((3, 5))
    g = rng.standard_normal((3, 5))
    cases = [lambda T, x: T.sort(x, 1, descending=True).values, lambda T, x: T.topk(x, 2, 0).values,
             lambda T, x: T.kthvalue(x, 2, 1, True).values, lambda T, x: T.median(x, 0).values,
             lambda T, x: T.nanmedian(x, 1).values, lambda T, x: T.cummin(x, 1).values,
             lambda T, x: T.msort(x), lambda T, x: T.mode(x, 1).values]
    for f in cases:
        xp, xt = pa.tensor(data, requires_grad=True), torch.tensor(data, requires_grad=True)
        yp, yt = f(pa, xp), f(torch, xt)
        assert type(yp.grad_fn).__name__ == type(yt.grad_fn).__name__
        gp = pa.tensor(g[tuple(slice(0, s) for s in yp.shape)]) if yp.dim() == 2 else pa.tensor(g[0, :yp.shape[0]])
        yp.backward(gp)
        yt.backward(torch.tensor(gp.numpy()))
        close(xp.grad, xt.grad)
