"""Sorting and order statistics: sort / argsort / msort, topk, kthvalue, median / nanmedian, mode,
cummax / cummin, logcumsumexp, quantile / nanquantile, nansum / nanmean, var_mean / std_mean,
and the integer-valued ones without gradient: unique / unique_consecutive, isin, searchsorted,
bucketize, histc, bincount.

The value-selecting ops (sort, topk, kthvalue, median(dim), mode, cummax, ...) share one
declaration shape, _Selecting: the forward picks, along one dim, the input's elements at
indices it computes from the data (the order NumPy's stable sort gives, NaN largest, as
PyTorch), and the gradient is scattered back to those indices (PyTorch's
value_selecting_reduction_backward; cummax's indices repeat, so the scatter adds). The public
function recomputes the same indices from the data for the indices output (as max(dim) does),
so the op stays a function of its input and options alone (vmap's per-sample rule runs it)."""
import builtins
import math

import numpy as np

from .._core import apply_op, _make_tensor, TensorBase as _Tensor
from ._registry import expose, Op, register, vjp_jvp
from ._spec import OpSpec
from ._common import batched_public, _check_tensor, _const, _dim_arg, _norm_dim, _axis, _SCALAR_TYPE_NAMES
from .elementwise import ceil, clamp, floor, round, to_dtype, where
from .reductions import MaxAll, Var, _mean_np, _reduced_numel, _var_backward, _warn_dof, _MinMaxResult
from .indexing import gather


def _type_name(d):
    return _SCALAR_TYPE_NAMES.get(d.dtype.name, d.dtype.name)


def _result_type(name, fields=("values", "indices")):
    return type("_%sResult" % name.capitalize(), (_MinMaxResult,), {"_default_name": name})


_RESULTS = {n: _result_type(n) for n in ("sort", "topk", "kthvalue", "median", "nanmedian", "mode", "cummax",
                                         "cummin")}


# ---------------------------------------------------------------- index computations --
# Each takes an array d with ndim >= 1, a dim and options, and gives int64 indices along dim
# (same ndim as d: a reduction keeps its dim of size 1).

def _sort_indices(d, dim, descending=False):
    """The stable sort's order, NaN largest (NumPy's order, which is PyTorch's). Descending: the
    ascending order of the reversed slice, reversed, so equal elements keep their order and
    NaNs come first."""
    if not descending:
        return np.argsort(d, axis=dim, kind="stable").astype(np.int64, copy=False)
    n = d.shape[dim]
    rev = np.argsort(np.flip(d, dim), axis=dim, kind="stable")
    return (n - 1 - np.flip(rev, dim)).astype(np.int64, copy=False)


def _kth_indices(d, dim, k):
    """The index of the k-th smallest (0-based) element of each slice."""
    return np.take(_sort_indices(d, dim), [k], axis=dim)


def _topk_indices(d, dim, k, largest=True):
    return np.take(_sort_indices(d, dim, descending=largest), range(k), axis=dim)


def _median_indices(d, dim, ignore_nan=False):
    """The lower median's index. With NaNs in a slice: its first NaN (median), or the lower
    median of the other elements (nanmedian; its first NaN when all are NaN)."""
    order = _sort_indices(d, dim)
    n = d.shape[dim]
    nans = np.sum(np.isnan(d), axis=dim, keepdims=True) if d.dtype.kind == "f" else np.zeros(1, np.int64)
    if ignore_nan:
        m = n - nans
        pos = np.where(m > 0, (m - 1) // 2, 0)
    else:
        pos = np.where(nans > 0, n - nans, (n - 1) // 2)
    pos = np.broadcast_to(pos, tuple(1 if a == dim else s for a, s in enumerate(d.shape)))
    return np.take_along_axis(order, pos.astype(np.intp), axis=dim)


def _mode_indices(d, dim):
    """The most frequent value (the smallest of equally frequent ones) and its last index."""
    order = _sort_indices(d, dim)
    s = np.take_along_axis(d, order, axis=dim)
    n = d.shape[dim]
    pos = np.arange(n).reshape((-1,) + (1,) * (d.ndim - 1 - dim))
    first = np.ones(s.shape, bool)
    idx = [slice(None)] * d.ndim
    idx[dim] = slice(1, None)
    prev = [slice(None)] * d.ndim
    prev[dim] = slice(None, -1)
    first[tuple(idx)] = s[tuple(idx)] != s[tuple(prev)]
    last = np.ones(s.shape, bool)
    last[tuple(prev)] = first[tuple(idx)]
    start = np.maximum.accumulate(np.where(first, pos, 0), axis=dim)
    end = np.flip(np.minimum.accumulate(np.flip(np.where(last, pos, n), dim), axis=dim), dim)
    best = np.argmax(end - start, axis=dim)          # the first longest run: the smallest value
    value = np.take_along_axis(s, np.expand_dims(best, dim), axis=dim)
    hit = d == value
    return (n - 1 - np.argmax(np.flip(hit, dim), axis=dim, keepdims=True)).astype(np.int64)


def _cum_indices(d, dim, smallest=False):
    """cummax / cummin's indices: the last position so far holding the running extreme (a NaN
    once one is reached), as PyTorch's x >= max (x <= min) update."""
    run = (np.minimum if smallest else np.maximum).accumulate(d, axis=dim)
    record = d == run
    if d.dtype.kind in "fc":
        record |= np.isnan(d) & np.isnan(run)
    pos = np.arange(d.shape[dim]).reshape((-1,) + (1,) * (d.ndim - 1 - dim))
    return np.maximum.accumulate(np.where(record, pos, 0), axis=dim).astype(np.int64)


_INDEX_FNS = {"sort": _sort_indices, "kth": _kth_indices, "topk": _topk_indices, "median": _median_indices,
              "mode": _mode_indices, "cum": _cum_indices}


# ---------------------------------------------------------------- declarations --
class _Selecting(Op):
    """values = the input's elements at the indices `how` computes along dim (a reduction when
    keepdim is False: its dim of size 1 squeezed). Gradient: g scattered (added) to those
    indices; tangent: the tangent at them."""
    name = "SortBackward0"

    @staticmethod
    def forward(ctx, x, dim=0, keepdim=True, how="sort", opts=()):
        d = x._data
        ctx.args = (d.shape, dim, keepdim)
        if d.ndim == 0:
            ctx.indices = None
            return d.copy()
        idx = _INDEX_FNS[how](d, dim, **dict(opts))
        ctx.indices = idx
        out = np.take_along_axis(d, idx, axis=dim)
        return out if keepdim else np.squeeze(out, axis=dim)

    @staticmethod
    def jvp(F, ctx, primals, options, result, t):
        if ctx.indices is None:
            return t * 1
        return F.reshape(F.gather_along(t, ctx.args[1], ctx.indices), F.shape(result))

    @staticmethod
    def vjp(F, ctx, g):
        shape, dim, keepdim = ctx.args
        if ctx.indices is None:
            return g
        return F.scatter_add_along(F.unsqueeze_to(g, shape, dim, keepdim), ctx.indices, dim, shape)


class Sort(_Selecting):
    name = "SortBackward0"


class SortStable(_Selecting):
    name = "SortBackward1"


class Topk(_Selecting):
    name = "TopkBackward0"


class Kthvalue(_Selecting):
    name = "KthvalueBackward0"


class MedianDim(_Selecting):
    name = "MedianBackward1"


class NanmedianDim(_Selecting):
    name = "NanmedianBackward1"


class Mode(_Selecting):
    name = "ModeBackward0"


class Cummax(_Selecting):
    name = "CummaxBackward0"


class Cummin(_Selecting):
    name = "CumminBackward0"


class MedianAll(Op):
    """median() / nanmedian() of all elements: the lower median (NaN when there is one, for
    median; of the non-NaN elements for nanmedian). Gradient: g shared evenly by the elements
    equal to the result (the NaNs when it is NaN), PyTorch's evenly_distribute_backward."""
    name = "MedianBackward0"

    @staticmethod
    def forward(ctx, x, ignore_nan=False):
        d = x._data.reshape(-1)
        ctx.save_for_backward(x)
        ctx.save_result = True
        if d.size == 0:
            return np.full((), np.nan, d.dtype)
        i = _median_indices(d, 0, ignore_nan)
        return np.asarray(d[i[0]])

    jvp = staticmethod(vjp_jvp(lambda ctx, options: (None, False)))
    vjp = staticmethod(MaxAll.vjp)


class NanmedianAll(MedianAll):
    name = "NanmedianBackward0"


def _logcumsumexp_np(d, dim):
    if d.ndim == 0:
        return d.copy()
    with np.errstate(invalid="ignore"):
        return np.logaddexp.accumulate(d, axis=dim)


def _reverse_logcumsumexp(F, a, dim):
    return F.flip(F.logcumsumexp(F.flip(a, (dim,)), dim), (dim,))


@register
class Logcumsumexp(Op):
    name = "LogcumsumexpBackward0"
    fn = "logcumsumexp"
    array = staticmethod(_logcumsumexp_np)

    @staticmethod
    def forward(ctx, x, dim=0):
        ctx.dim = dim
        ctx.save_for_backward(x)
        ctx.save_result = True
        return _logcumsumexp_np(x._data, dim)

    @staticmethod
    def jvp(F, ctx, primals, options, result, t):
        # d out_j = sum over i <= j of exp(x_i - out_j) t_i (each factor <= 1): a masked (n, n)
        # block per slice, as the recorded vjp
        x, = primals
        if F.ndim(x) == 0:
            return t * 1
        dim = ctx.dim - F.ndim(x)
        n = F.shape(x)[ctx.dim]
        later = np.triu(np.ones((n, n), bool)).reshape((n, n) + (1,) * (-dim - 1))
        gap = F.unsqueeze(x, dim) - F.unsqueeze(result, dim - 1)
        return F.sum(F.exp(F.where(later, gap, float("-inf"))) * F.unsqueeze(t, dim), dim - 1)

    @staticmethod
    def vjp(F, ctx, g):
        # grad_i = sum over j >= i of g_j exp(x_i - out_j), each term <= |g_j|: summed in log
        # space (reversed logcumsumexp) for the positive and the negative g separately, so no
        # exp overflows; -inf inputs give 0 (nan where out_j is -inf too, as PyTorch)
        x, = F.saved(ctx)
        out = F.result(ctx)
        if F.ndim(x) == 0:
            return g
        dim = ctx.dim - F.ndim(x)     # negative: valid with a leading batch dim on g
        if F.mode == "graph":
            # recorded (higher derivatives): the same sum as one masked (n, n) block per slice,
            # sum over j >= i of g_j exp(x_i - out_j) (-inf where j < i, so exp gives 0), whose
            # derivatives are plain ones (the log-space form's -inf sentinels would give nan)
            n = F.shape(x)[ctx.dim]
            later = np.triu(np.ones((n, n), bool)).reshape((n, n) + (1,) * (-dim - 1))
            gap = F.unsqueeze(x, dim) - F.unsqueeze(out, dim - 1)
            terms = F.exp(F.where(later, gap, float("-inf"))) * F.unsqueeze(g, dim - 1)
            return F.sum(terms, dim)
        pos = F.where(g > 0, F.log(F.where(g > 0, g, 1.0)), float("-inf"))
        neg = F.where(g < 0, F.log(F.where(g < 0, -g, 1.0)), float("-inf"))
        return (F.exp(_reverse_logcumsumexp(F, pos - out, dim) + x)
                - F.exp(_reverse_logcumsumexp(F, neg - out, dim) + x))


class Nansum(Op):
    name = "NansumBackward0"

    @staticmethod
    def forward(ctx, x, dim=None, keepdim=False, dtype=None):
        d = x._data
        ctx.save_for_backward(x)
        ctx.args = (dim, keepdim)
        out = np.nansum(d, axis=_axis(dim, d.ndim), keepdims=keepdim, dtype=dtype)
        if dtype is None and d.dtype.kind in "biu":
            out = np.asarray(out).astype(np.int64)
        return np.asarray(out)

    jvp = staticmethod(vjp_jvp(lambda ctx, options: ctx.args))

    @staticmethod
    def vjp(F, ctx, g):
        x, = F.saved(ctx)
        dim, keepdim = ctx.args
        shape = F.shape(x)
        return F.where(x != x, 0.0, F.expand(F.unsqueeze_to(g, shape, dim, keepdim), shape))


class VarMean(Op):
    """(var, mean) in one op, PyTorch's var_mean: its gradient is var's plus mean's."""
    name = "VarMeanBackward0"

    @staticmethod
    def forward(ctx, x, dim=None, correction=1, keepdim=False):
        v = Var.forward(ctx, x, dim, correction, keepdim)
        m = _mean_np(x._data, dim, keepdim)
        return np.asarray(v), np.asarray(m)

    @staticmethod
    def jvp(F, ctx, primals, options, result, t):
        dim, correction, keepdim = ctx.args
        x, = primals
        shape = F.shape(x)
        mt = F.mean(t, dim, keepdim) if dim is not None else F.mean(t)
        # d var = 2 / (n - correction) * sum((x - mean) t)
        vg = _var_backward(F.ones_like(result[0]), x, dim, correction, keepdim, ctx.n, F)
        vt = F.sum(vg * t, _axis(dim, len(shape)), keepdim) if len(shape) else vg * t
        return vt, mt

    @staticmethod
    def vjp(F, ctx, gv, gm):
        x, = F.saved(ctx)
        dim, correction, keepdim = ctx.args
        shape = F.shape(x)
        out = None
        if gv is not None:
            out = _var_backward(gv, x, dim, correction, keepdim, ctx.n, F)
        if gm is not None:
            n = _reduced_numel(shape, _axis(dim, len(shape)))
            gmx = F.expand(F.unsqueeze_to(gm / n, shape, dim, keepdim), shape)
            out = gmx if out is None else out + gmx
        return out


class StdMean(VarMean):
    name = "StdMeanBackward0"

    @staticmethod
    def forward(ctx, x, dim=None, correction=1, keepdim=False):
        v, m = VarMean.forward(ctx, x, dim, correction, keepdim)
        ctx.save_result = True
        return np.sqrt(v), m

    @staticmethod
    def jvp(F, ctx, primals, options, result, t):
        vt, mt = VarMean.jvp(F, ctx, primals, options, (result[0] * result[0], result[1]), t)
        return F.where(result[0] == 0, 0.0, vt / (result[0] * 2)), mt

    @staticmethod
    def vjp(F, ctx, gs, gm):
        # std's rule: var's on g / (2 std), 0 where std is 0
        if gs is not None:
            r = F.result(ctx)
            r = r[0] if isinstance(r, tuple) else r      # the std (the first output)
            gs = F.where(r == 0, 0.0, gs / (r * 2))
        return VarMean.vjp(F, ctx, gs, gm)


# ------------------------------------------------------- public functions --
def _no_complex_sort(input, what="Sort"):
    if input._data.dtype.kind == "c":
        raise RuntimeError(" %s does not support complex dtypes on CPU" % what)


def _select(op, input, dim, keepdim, how, opts, name):
    """Apply a _Selecting op along (logical) dim and return (values, indices) as
    torch.return_types.<name>. Inside vmap the indices are computed on the physical tensor,
    along the same dim counted from the end (the batch dims are in front)."""
    if input.dim() == 0:
        values = apply_op(op, (input,), {"dim": 0, "keepdim": True, "how": how, "opts": ()})
        return _RESULTS[name](values, _make_tensor(np.zeros((), np.int64)))
    return _select_physical(input, dim - input.dim(), op, keepdim, how, opts, name)


@batched_public("elementwise")
def _select_physical(input, neg_dim, op, keepdim, how, opts, name):
    d = input._data
    dim = d.ndim + neg_dim
    values = apply_op(op, (input,), {"dim": dim, "keepdim": keepdim, "how": how, "opts": tuple(opts.items())})
    idx = _INDEX_FNS[how](d, dim, **opts)
    if not keepdim:
        idx = np.squeeze(idx, axis=dim)
    indices = _make_tensor(np.asarray(idx, dtype=np.int64, order="C"))
    if values._grad_fn is not None:
        values._grad_fn.save_for_backward(indices)   # as PyTorch: changing them in place fails backward
    return _RESULTS[name](values, indices)


@expose(method=True, spec=[
    OpSpec("sort", lambda T, a: T.sort(a)[0], [(2, 4)], scalar=[()], empty=[(0, 3)]),
    OpSpec("sort_desc_dim0", lambda T, a: a.sort(0, descending=True).values, [(4, 3)]),
    OpSpec("sort_stable", lambda T, a: T.sort(a, stable=True, dim=1)[0], [(3, 4)])])
def sort(input, dim=-1, descending=False, stable=None):
    """The elements of input sorted along dim (ascending, or descending=True): a (values, indices) named tuple;
    stable=True keeps the order of equal elements.

    Gradient: grad of the values sent back to the positions indices names.

    Example::

        >>> pa.sort(pa.tensor([3.0, 1.0, 2.0]))
        torch.return_types.sort(
        values=tensor([1., 2., 3.]),
        indices=tensor([1, 2, 0]))
    """
    _check_tensor(input, "sort")
    _no_complex_sort(input)
    d = _norm_dim(dim, input.dim()) or 0
    return _select(Sort if stable is None else SortStable, input, d, True, "sort",
                   {"descending": builtins.bool(descending)}, "sort")


@expose(method=True)
def argsort(input, dim=-1, descending=False, stable=False):
    """The indices that sort input along dim (as sort's indices).

    Gradient: none: the result is integer.

    Example::

        >>> pa.argsort(pa.tensor([3.0, 1.0, 2.0]))
        tensor([1, 2, 0])
    """
    _check_tensor(input, "argsort")
    _no_complex_sort(input)
    return sort(input, dim, descending).indices


@expose(method=True, spec=OpSpec("msort", lambda T, a: T.msort(a), [(4, 3)]))
def msort(input):
    """input sorted along dim 0 (the values of sort(input, 0)).

    Gradient: grad sent back to where each value came from.

    Example::

        >>> pa.msort(pa.tensor([[3, 1], [1, 2]]))
        tensor([[1, 1],
                [3, 2]])
    """
    _check_tensor(input, "msort")
    return sort(input, 0).values


@expose(method=True, spec=[
    OpSpec("topk", lambda T, a: T.topk(a, 2)[0], [(3, 4)]),
    OpSpec("topk_0d", lambda T, a: T.topk(a, 1, 0)[0], [(3,)], scalar=[()]),
    OpSpec("topk_smallest_dim0", lambda T, a: a.topk(3, 0, largest=False).values, [(4, 2)]),
    OpSpec("topk_zero_k", lambda T, a: a.topk(0)[0], [(2, 3)], empty=[(0, 3)])])
def topk(input, k, dim=-1, largest=True, sorted=True):
    """The k largest (smallest with largest=False) elements along dim: a (values, indices) named tuple, sorted by
    default.

    Gradient: grad of the values sent back to the positions indices names.

    Example::

        >>> pa.topk(pa.tensor([1.0, 5.0, 3.0, 4.0]), 2)
        torch.return_types.topk(
        values=tensor([5., 4.]),
        indices=tensor([1, 3]))
    """
    _check_tensor(input, "topk")
    _no_complex_sort(input, "topk")
    d = input._data
    dd = _norm_dim(dim, input.dim()) or 0
    n = tuple(input.shape)[dd] if input.dim() else 1
    k = int(k)
    if k < 0 or k > n:
        raise RuntimeError("selected index k out of range")
    if input.dim() == 0:
        if k == 0:
            raise RuntimeError("selected index k out of range")
        return _select(Topk, input, 0, True, "sort", {}, "topk")
    # sorted=False may return any order in PyTorch: the sorted one is one of them
    return _select(Topk, input, dd, True, "topk", {"k": k, "largest": builtins.bool(largest)}, "topk")


@expose(method=True, spec=[
    OpSpec("kthvalue", lambda T, a: T.kthvalue(a, 2)[0], [(3, 4)]),
    OpSpec("kthvalue_0d", lambda T, a: a.kthvalue(1, -1)[0], [(3,)], scalar=[()]),
    OpSpec("kthvalue_keepdim", lambda T, a: a.kthvalue(3, 0, keepdim=True).values, [(4, 2)])])
def kthvalue(input, k, dim=-1, keepdim=False):
    """The k-th smallest element along dim (k from 1): a (values, indices) named tuple.

    Gradient: grad to the element indices names.

    Example::

        >>> pa.kthvalue(pa.tensor([4.0, 1.0, 3.0]), 2)
        torch.return_types.kthvalue(
        values=tensor(3.),
        indices=tensor(2))
    """
    _check_tensor(input, "kthvalue")
    _no_complex_sort(input, "kthvalue")
    d = input._data
    dd = _norm_dim(dim, input.dim()) or 0
    n = tuple(input.shape)[dd] if input.dim() else 1
    if not 1 <= k <= n:
        raise RuntimeError("kthvalue(): selected number k out of range for dimension %d" % dd)
    if input.dim() == 0:
        return _select(Kthvalue, input, 0, True, "sort", {}, "kthvalue")
    return _select(Kthvalue, input, dd, keepdim, "kth", {"k": int(k) - 1}, "kthvalue")


def _median(input, dim, keepdim, ignore_nan, name):
    _check_tensor(input, name)
    _no_complex_sort(input, name)
    d = input._data
    if dim is None:
        return apply_op(NanmedianAll if ignore_nan else MedianAll, (input,), {"ignore_nan": ignore_nan})
    dd = _norm_dim(dim, input.dim()) or 0
    op = NanmedianDim if ignore_nan else MedianDim
    if input.dim() == 0:
        return _select(op, input, 0, True, "sort", {}, name)
    if tuple(input.shape)[dd] == 0:
        raise IndexError("%s(): Expected reduction dim %d to have non-zero size." % (name, dd))
    return _select(op, input, dd, keepdim, "median", {"ignore_nan": ignore_nan}, name)


@expose(method=True, spec=[
    OpSpec("median", lambda T, a: T.median(a), [(3, 3)], scalar=[()]),
    OpSpec("median_dim", lambda T, a: a.median(-1)[0], [(3, 4)], scalar=[()]),
    OpSpec("median_dim_keepdim", lambda T, a: T.median(a, 0, keepdim=True).values, [(3, 2)])])
def median(input, dim=None, keepdim=False):
    """The median of input: the lower of the two middle values for an even count. With dim, a (values, indices) named
    tuple along dim.

    Gradient: grad to the median element (over all elements: shared among the elements equal to it).

    Example::

        >>> pa.median(pa.tensor([4.0, 1.0, 3.0, 2.0]))
        tensor(2.)
    """
    return _median(input, dim, keepdim, False, "median")


@expose(method=True, spec=[
    OpSpec("nanmedian", lambda T, a: T.nanmedian(a), [(2, 3)], scalar=[()]),
    OpSpec("nanmedian_dim", lambda T, a: a.nanmedian(0)[0], [(3, 4)])])
def nanmedian(input, dim=None, keepdim=False):
    """median ignoring nan (nan only when every element is nan).

    Gradient: as median's.

    Example::

        >>> pa.nanmedian(pa.tensor([1.0, float('nan'), 3.0]))
        tensor(1.)
    """
    return _median(input, dim, keepdim, True, "nanmedian")


@expose(method=True, spec=OpSpec("mode", lambda T, a: T.mode(a, -1)[0], [(3, 4)], scalar=[()]))
def mode(input, dim=-1, keepdim=False):
    """The most frequent value along dim (the smallest on ties) and an index of it: a (values, indices) named tuple.

    Gradient: grad to the element indices names.

    Example::

        >>> pa.mode(pa.tensor([1, 2, 2, 3]))
        torch.return_types.mode(
        values=tensor(2),
        indices=tensor(2))
    """
    _check_tensor(input, "mode")
    _no_complex_sort(input, "mode")
    d = input._data
    dd = _norm_dim(dim, input.dim()) or 0
    if input.dim() == 0:
        return _select(Mode, input, 0, True, "sort", {}, "mode")
    if tuple(input.shape)[dd] == 0:
        raise IndexError("mode(): Expected reduction dim %d to have non-zero size." % dd)
    return _select(Mode, input, dd, keepdim, "mode", {}, "mode")


def _cum(op, input, dim, smallest, name):
    _check_tensor(input, name)
    _no_complex_sort(input, name)
    d = input._data
    dd = _norm_dim(dim, input.dim()) or 0
    if input.dim() == 0:
        return _select(op, input, 0, True, "sort", {}, name)
    return _select(op, input, dd, True, "cum", {"smallest": smallest}, name)


@expose(method=True, spec=[
    OpSpec("cummax", lambda T, a: T.cummax(a, -1)[0], [(2, 4)], scalar=[()], empty=[(0, 3)]),
    OpSpec("cummax_dim0", lambda T, a: a.cummax(0).values, [(4, 2)])])
def cummax(input, dim):
    """The running maximum along dim and the index where it was reached: a (values, indices) named tuple.

    Gradient: grad added to the elements indices names.

    Example::

        >>> pa.cummax(pa.tensor([1.0, 3.0, 2.0]), 0)
        torch.return_types.cummax(
        values=tensor([1., 3., 3.]),
        indices=tensor([0, 1, 1]))
    """
    return _cum(Cummax, input, dim, False, "cummax")


@expose(method=True, spec=OpSpec("cummin", lambda T, a: T.cummin(a, -1)[0], [(2, 4)], scalar=[()]))
def cummin(input, dim):
    """The running minimum along dim and the index where it was reached: a (values, indices) named tuple.

    Gradient: grad added to the elements indices names.

    Example::

        >>> pa.cummin(pa.tensor([3.0, 1.0, 2.0]), 0)
        torch.return_types.cummin(
        values=tensor([3., 1., 1.]),
        indices=tensor([0, 1, 1]))
    """
    return _cum(Cummin, input, dim, True, "cummin")


@expose(method=True, spec=[
    OpSpec("logcumsumexp", lambda T, a: T.logcumsumexp(a, -1), [(2, 4)], scalar=[()], empty=[(0, 3)]),
    OpSpec("logcumsumexp_dim0", lambda T, a: a.logcumsumexp(0), [(4, 3)])])
def logcumsumexp(input, dim):
    """log(cumsum(exp(input), dim)) computed without overflow.

    Gradient: for each element, the sum over later positions of grad * exp(input - result).

    Example::

        >>> pa.logcumsumexp(pa.tensor([0.0, 0.0]), 0)
        tensor([0.0000, 0.6931])
    """
    _check_tensor(input, "logcumsumexp")
    d = input._data
    if d.dtype.kind not in "f":
        raise NotImplementedError("\"logcumsumexp_out_cpu\" not implemented for '%s'" % _type_name(d))
    return apply_op(Logcumsumexp, (input,), {"dim": _norm_dim(dim, d.ndim) or 0})


@expose(method=True, spec=[
    OpSpec("nansum", lambda T, a: T.nansum(a), [(2, 3)], scalar=[()], empty=[(0, 3)]),
    OpSpec("nansum_dim", lambda T, a: a.nansum(1, keepdim=True), [(2, 3)])])
def nansum(input, dim=None, keepdim=False, *, dtype=None):
    """sum treating nan as zero.

    Gradient: grad where input is not nan, zero at the nans.

    Example::

        >>> pa.nansum(pa.tensor([1.0, float('nan'), 2.0]))
        tensor(3.)
    """
    _check_tensor(input, "nansum")
    if dtype is not None:
        input = to_dtype(input, dtype)
    if input._data.dtype.kind == "c":
        raise RuntimeError("nansum does not support complex inputs")
    return apply_op(Nansum, (input,), {"dim": _dim_arg(input, dim), "keepdim": keepdim})


@expose(method=True, spec=[
    OpSpec("nanmean", lambda T, a: T.nanmean(a), [(2, 3)], scalar=[()]),
    OpSpec("nanmean_dim", lambda T, a: a.nanmean(0), [(2, 3)], empty=[(0, 3)])])
def nanmean(input, dim=None, keepdim=False, *, dtype=None):
    """mean over the elements that are not nan.

    Gradient: grad / (number of non-nan elements) where input is not nan, zero at the nans.

    Example::

        >>> pa.nanmean(pa.tensor([1.0, float('nan'), 3.0]))
        tensor(2.)
    """
    _check_tensor(input, "nanmean")
    if dtype is not None:
        input = to_dtype(input, dtype)
    d = input._data
    if d.dtype.kind not in "fc":
        raise RuntimeError("nanmean(): expected input to have floating point or complex dtype but got %s"
                           % _type_name(d))
    dims = _dim_arg(input, dim)
    # as PyTorch's composite: nansum / (the count of non-NaN elements), with ops (vmap batches it)
    return nansum(input, dims, keepdim) / (input == input).sum(dims, keepdim)


def _var_std_mean(op, input, dim, unbiased, keepdim, correction, name):
    _check_tensor(input, name)
    if input._data.dtype.kind not in "fc":
        raise RuntimeError("std and var only support floating point and complex dtypes")
    if isinstance(dim, builtins.bool):
        unbiased, dim = dim, None
    if correction is None:
        correction = 1 if unbiased is None or unbiased else 0
    dim = _dim_arg(input, dim)
    _warn_dof(input, dim, correction, name)
    return tuple(apply_op(op, (input,), {"dim": dim, "correction": correction, "keepdim": keepdim}))


@expose(spec=[
    OpSpec("var_mean", lambda T, a: T.var_mean(a), [(2, 3)]),
    OpSpec("var_mean_dim", lambda T, a: T.var_mean(a, 1, correction=0, keepdim=True), [(2, 3)])])
def var_mean(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    """(var(input, ...), mean(input, ...)) in one call, with var's arguments.

    Gradient: the sum of var's and mean's gradients.

    Example::

        >>> pa.var_mean(pa.tensor([1.0, 2.0, 3.0]))
        (tensor(1.), tensor(2.))
    """
    return _var_std_mean(VarMean, input, dim, unbiased, keepdim, correction, "var_mean")


@expose(spec=[
    OpSpec("std_mean", lambda T, a: T.std_mean(a), [(2, 3)]),
    OpSpec("std_mean_dim", lambda T, a: T.std_mean(a, 0, unbiased=False), [(3, 2)])])
def std_mean(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    """(std(input, ...), mean(input, ...)) in one call, with std's arguments.

    Gradient: the sum of std's and mean's gradients.

    Example::

        >>> pa.std_mean(pa.tensor([1.0, 2.0, 3.0]))
        (tensor(1.), tensor(2.))
    """
    return _var_std_mean(StdMean, input, dim, unbiased, keepdim, correction, "std_mean")


# PyTorch's quantile ends in an in-place squeeze_ of its kernel's result (SqueezeBackward4); ours
# squeezes out of place (SqueezeBackward2): the same values and gradients
_QNOTE = "grad_fn SqueezeBackward2 (PyTorch: SqueezeBackward4, its in-place squeeze_)"
_INTERPOLATIONS = ("linear", "lower", "higher", "midpoint", "nearest")


def _quantile(input, q, dim, keepdim, interpolation, ignore_nan, name):
    _check_tensor(input, name)
    d = input._data
    if d.size == 0:
        raise RuntimeError("%s() input tensor must be non-empty" % name)
    if d.dtype not in (np.float32, np.float64):
        raise RuntimeError("%s() input tensor must be either float or double dtype" % name)
    if isinstance(q, _Tensor):
        qd = q._data
        if qd.ndim > 1:
            raise RuntimeError("%s() q must be a scalar or 1D tensor" % name)
        if qd.dtype != d.dtype:
            raise RuntimeError("%s() q tensor must be same dtype as the input tensor" % name)
        qs = qd.astype(np.float64)
        scalar_q = qd.ndim == 0
    else:
        qs = np.asarray(float(q))
        scalar_q = True
    if interpolation not in _INTERPOLATIONS:
        raise RuntimeError("%s() interpolation must be one of linear, lower, higher, midpoint or nearest, but got %s"
                           % (name, interpolation))
    if qs.size and not ((qs >= 0) & (qs <= 1)).all():
        raise RuntimeError("%s() q must be in the range [0, 1] but got %s"
                           % (name, "%g" % qs if qs.ndim == 0 else "values outside"))
    if dim is None:
        x = input.reshape(-1)
        dd = 0
    else:
        dd = _norm_dim(dim, input.dim()) or 0
        x = input if input.dim() else input.reshape(1)
    # computed with ops only (no read of the values), so that vmap batches it: the q dim goes
    # last while the ranks are formed, then in front, as PyTorch's result has it
    nd = x.dim()
    n = tuple(x.shape)[dd]
    xs = sort(x, dd).values                 # NaNs last
    valid = x == x
    count = valid.sum(dd, keepdim=True).unsqueeze(-1)
    nan_slice = (count == 0) if ignore_nan else (count < n)
    if not ignore_nan:
        count = count - count + n
    qt = _const(qs.reshape(-1), d.dtype)
    ranks = qt * to_dtype(clamp(count, min=1) - 1, d.dtype)
    if interpolation == "lower":
        ranks = floor(ranks)
    elif interpolation == "higher":
        ranks = ceil(ranks)
    elif interpolation == "nearest":
        ranks = round(ranks)                # half to even, as PyTorch's round
    below = floor(ranks)
    weight = ranks - below
    # a slice with a NaN (quantile) or only NaNs (nanquantile) gives NaN: read at a NaN position
    lo = to_dtype(where(nan_slice, n - 1, below), np.int64)
    hi = to_dtype(where(nan_slice, n - 1, ceil(ranks)), np.int64)
    shape = list(xs.shape) + [qt.shape[0]]
    xe = xs.unsqueeze(-1).expand(shape)
    lo = lo.expand(shape[:dd] + [1] + shape[dd + 1:])
    hi = hi.expand(shape[:dd] + [1] + shape[dd + 1:])
    vlo = gather(xe, dd, lo)
    if interpolation in ("linear", "midpoint"):
        vhi = gather(xe, dd, hi)
        out = vlo + (vhi - vlo) * (weight if interpolation == "linear" else 0.5)
    else:
        out = vlo
    out = out.permute((nd,) + tuple(range(nd)))
    if keepdim:
        if dim is None:
            out = out.reshape((qt.shape[0],) + (1,) * input.dim())
        elif not input.dim():
            out = out.reshape((qt.shape[0],))
    # one squeeze(dims) at the end, as PyTorch's
    drop = ((0,) if scalar_q else ()) + (() if keepdim else (dd + 1,))
    return out.squeeze(drop) if drop else out


@expose(method=True, spec=[
    OpSpec("quantile", lambda T, a: T.quantile(a, 0.3), [(2, 3)], scalar=[()], torch_name=False, note=_QNOTE),
    OpSpec("quantile_dim_q", lambda T, a: a.quantile(T.tensor([0.25, 0.9], dtype=a.dtype), dim=1, keepdim=True),
           [(3, 4)], torch_name=False, note=_QNOTE),
    OpSpec("quantile_midpoint", lambda T, a: T.quantile(a, 0.4, 0, interpolation="midpoint"), [(5, 2)], torch_name=False, note=_QNOTE),
    OpSpec("quantile_nearest", lambda T, a: T.quantile(a, 0.7, 1, interpolation="nearest"), [(2, 5)], torch_name=False, note=_QNOTE)])
def quantile(input, q, dim=None, keepdim=False, *, interpolation="linear"):
    """The q-quantiles (q a number or 1-D tensor in [0, 1]) of input (flattened, or along dim), interpolated between
    neighbours by interpolation ('linear', 'lower', 'higher', 'midpoint', 'nearest').

    Gradient: grad split between the two neighbouring sorted elements by the interpolation weights.

    Example::

        >>> pa.quantile(pa.tensor([1.0, 2.0, 3.0, 4.0]), 0.5)
        tensor(2.5000)
    """
    return _quantile(input, q, dim, keepdim, interpolation, False, "quantile")


@expose(method=True, spec=[
    OpSpec("nanquantile", lambda T, a: T.nanquantile(a, 0.6), [(2, 3)], torch_name=False, note=_QNOTE),
    OpSpec("nanquantile_dim", lambda T, a: a.nanquantile(0.5, dim=0, interpolation="lower"), [(4, 3)], torch_name=False, note=_QNOTE)])
def nanquantile(input, q, dim=None, keepdim=False, *, interpolation="linear"):
    """quantile ignoring nan. The q-quantiles (q a number or 1-D tensor in [0, 1]) of input (flattened, or along dim),
    interpolated between neighbours by interpolation ('linear', 'lower', 'higher', 'midpoint', 'nearest').

    Gradient: as quantile's, over the non-nan elements.

    Example::

        >>> pa.nanquantile(pa.tensor([1.0, float('nan'), 3.0]), 0.5)
        tensor(2.)
    """
    return _quantile(input, q, dim, keepdim, interpolation, True, "nanquantile")


# ----------------------------------------------------- without gradient --
def _int_tensor(a, int32=False):
    return _make_tensor(np.asarray(a, dtype=np.int32 if int32 else np.int64, order="C"))


@expose(method=True)
def unique(input, sorted=True, return_inverse=False, return_counts=False, dim=None):
    """The distinct elements of input (sorted), with return_inverse the index of each element in them, with
    return_counts their counts; dim: unique slices.

    Gradient: none: the result is not differentiable.

    Example::

        >>> pa.unique(pa.tensor([3, 1, 3, 2]))
        tensor([1, 2, 3])
        >>> pa.unique(pa.tensor([3, 1, 3]), return_counts=True)
        (tensor([1, 3]), tensor([1, 2]))
    """
    _check_tensor(input, "unique")
    d = input._data
    if dim is None:
        # sorted=False: PyTorch's CPU kernel sorts as well
        vals, inv, counts = np.unique(d.reshape(-1), return_inverse=True, return_counts=True)
        inv = inv.reshape(d.shape)
    else:
        dd = _norm_dim(dim, d.ndim) or 0
        if d.ndim == 0:
            raise IndexError("Dimension out of range (expected to be in range of [-1, 0], but got %d)" % dim)
        vals, inv, counts = np.unique(d, return_inverse=True, return_counts=True, axis=dd)
        inv = inv.reshape(-1)
    out = [_make_tensor(np.asarray(vals, order="C"))]
    if return_inverse:
        out.append(_int_tensor(inv))
    if return_counts:
        out.append(_int_tensor(counts))
    return out[0] if len(out) == 1 else tuple(out)


@expose(method=True)
def unique_consecutive(input, return_inverse=False, return_counts=False, dim=None):
    """input with each run of equal consecutive elements reduced to one (optionally the inverse indices and run
    lengths).

    Gradient: none: not differentiable.

    Example::

        >>> pa.unique_consecutive(pa.tensor([1, 1, 2, 2, 1]))
        tensor([1, 2, 1])
    """
    _check_tensor(input, "unique_consecutive")
    d = input._data
    if dim is None:
        flat = d.reshape(-1)
        change = np.ones(flat.shape, bool)
        change[1:] = flat[1:] != flat[:-1]
        vals = flat[change]
        inv = (np.cumsum(change) - 1).reshape(d.shape)
    else:
        dd = _norm_dim(dim, d.ndim) or 0
        moved = np.moveaxis(d, dd, 0).reshape(d.shape[dd], -1)
        change = np.ones(moved.shape[0], bool)
        change[1:] = (moved[1:] != moved[:-1]).any(axis=1)
        vals = np.compress(change, d, axis=dd)
        inv = np.cumsum(change) - 1
    starts = np.flatnonzero(change)
    counts = np.diff(np.append(starts, change.size))
    out = [_make_tensor(np.asarray(vals, order="C"))]
    if return_inverse:
        out.append(_int_tensor(inv))
    if return_counts:
        out.append(_int_tensor(counts))
    return out[0] if len(out) == 1 else tuple(out)


def _data_of(x):
    return x._data if isinstance(x, _Tensor) else np.asarray(x)


@expose()
def isin(elements, test_elements, *, assume_unique=False, invert=False):
    """True where an element of elements is among test_elements (invert=True: is not), a bool tensor of elements'
    shape.

    Gradient: none: the result is boolean.

    Example::

        >>> pa.isin(pa.tensor([1, 2, 3]), pa.tensor([2, 3]))
        tensor([False,  True,  True])
    """
    if not isinstance(elements, _Tensor) and not isinstance(test_elements, _Tensor):
        raise TypeError("isin() received an invalid combination of arguments - got (%s, %s), but expected one of:"
                        % (type(elements).__name__, type(test_elements).__name__))
    e, t = _data_of(elements), _data_of(test_elements)
    return _make_tensor(np.asarray(np.isin(e, t, invert=invert)))


def _searchsorted_np(seq, values, right, sorter=None):
    """For each value, its insertion point in the matching row of seq (1-D: one row for all)."""
    side = "right" if right else "left"
    if seq.ndim == 1:
        s = seq if sorter is None else seq[sorter]
        return np.searchsorted(s, values, side=side)
    if sorter is not None:
        seq = np.take_along_axis(seq, sorter, axis=-1)
    rows = seq.reshape(-1, seq.shape[-1])
    vals = values.reshape(rows.shape[0], -1)
    out = np.empty(vals.shape, np.int64)
    for i in range(rows.shape[0]):   # one NumPy search per row (rows have their own boundaries)
        out[i] = np.searchsorted(rows[i], vals[i], side=side)
    return out.reshape(values.shape)


@expose()
def searchsorted(sorted_sequence, input, *, out_int32=False, right=False, side=None, sorter=None):
    """For each value of input, the index where it would be inserted into sorted_sequence (last dim sorted) to keep it
    sorted; right=True (side='right') puts it after equal values.

    Gradient: none: the result is integer.

    Example::

        >>> pa.searchsorted(pa.tensor([1, 3, 5]), pa.tensor([0, 3, 6]))
        tensor([0, 1, 3])
    """
    _check_tensor(sorted_sequence, "searchsorted", "sorted_sequence")
    if side is not None:
        if side not in ("left", "right"):
            raise RuntimeError("torch.searchsorted(): side can only be 'left' or 'right' but got %s" % side)
        if right and side == "left":
            raise RuntimeError("torch.searchsorted(): side and right can't be set to opposites, got side of left "
                               "while right was True")
        right = side == "right"
    seq = sorted_sequence._data
    vals = _data_of(input)
    if seq.ndim != 1 and (vals.ndim != seq.ndim or vals.shape[:-1] != seq.shape[:-1]):
        raise RuntimeError("torch.searchsorted(): boundaries tensor should be 1 dimension or the first N-1 "
                           "dimensions of boundaries tensor and input value tensor must match, but we got "
                           "boundaries tensor [%s] and input value tensor [%s]"
                           % (", ".join(map(str, seq.shape)), ", ".join(map(str, vals.shape))))
    srt = None
    if sorter is not None:
        srt = sorter._data
        if srt.shape != seq.shape:
            raise RuntimeError("torch.searchsorted(): boundary and sorter must have the same size, but got boundary "
                               "tensor [%s]and got sorter tensor [%s]"
                               % (", ".join(map(str, seq.shape)), ", ".join(map(str, srt.shape))))
    return _int_tensor(_searchsorted_np(seq, vals, right, srt), out_int32)


@expose()
def bucketize(input, boundaries, *, out_int32=False, right=False):
    """For each element of input, the index of the bucket of boundaries (sorted, 1-D) it falls in; right=True counts a
    boundary value into the next bucket.

    Gradient: none: the result is integer.

    Example::

        >>> pa.bucketize(pa.tensor([0, 3, 6]), pa.tensor([1, 3, 5]))
        tensor([0, 1, 3])
    """
    _check_tensor(boundaries, "bucketize", "boundaries", 2)
    b = boundaries._data
    if b.ndim != 1:
        raise RuntimeError("boundaries tensor must be 1 dimension, but got dim(%d)" % b.ndim)
    return _int_tensor(np.searchsorted(b, _data_of(input), side="right" if right else "left"), out_int32)


@expose(method=True)
def histc(input, bins=100, min=0, max=0):
    """A histogram of input: the counts of elements in bins equal bins from min to max (the data's range when both are
    0), as input's dtype.

    Gradient: none: not differentiable.

    Example::

        >>> pa.histc(pa.tensor([1.0, 2.0, 1.0]), bins=4, min=0, max=3)
        tensor([0., 2., 1., 0.])
    """
    _check_tensor(input, "histc")
    d = input._data
    if d.dtype.kind != "f":
        raise NotImplementedError("\"histogram_cpu\" not implemented for '%s'" % _type_name(d))
    if bins <= 0:
        raise RuntimeError("torch.histc(): bins must be > 0, but got %d for dimension 0" % bins)
    lo, hi = float(min), float(max)
    if lo == hi and d.size:
        lo, hi = float(np.min(d)), float(np.max(d))
    if lo == hi:
        lo, hi = lo - 1, hi + 1
    if lo > hi:
        raise RuntimeError("torch.histc: max must be larger than min")
    if not (math.isfinite(lo) and math.isfinite(hi)):
        raise RuntimeError("torch.histc: range of [%g, %g] is not finite" % (lo, hi))
    flat = d.reshape(-1)
    inside = flat[(flat >= lo) & (flat <= hi)]
    pos = ((inside - lo) * bins / (hi - lo)).astype(np.int64)
    pos = np.minimum(pos, bins - 1)        # the top edge belongs to the last bin
    return _make_tensor(np.bincount(pos, minlength=bins).astype(d.dtype))   # no gradient, as PyTorch


@expose(method=True)
def bincount(input, weights=None, minlength=0):
    """The count of each value 0..max(input) in a non-negative 1-D integer tensor (weights: their sums instead; at
    least minlength bins).

    Gradient: none: not differentiable.

    Example::

        >>> pa.bincount(pa.tensor([0, 1, 1, 3]))
        tensor([1, 2, 0, 1])
    """
    _check_tensor(input, "bincount")
    d = input._data
    if d.dtype.kind not in "biu":
        raise NotImplementedError("\"bincount_cpu\" not implemented for '%s'" % _type_name(d))
    if d.ndim != 1 or (d.size and d.min() < 0):
        raise RuntimeError("bincount only supports 1-d non-negative integral inputs.")
    if minlength < 0:
        raise RuntimeError("minlength should be >= 0")
    if weights is None:
        return _int_tensor(np.bincount(d, minlength=minlength))
    w = weights._data
    if w.ndim != 1 or w.shape[0] != d.shape[0]:
        raise RuntimeError("weights should be 1-d and have the same length as input")
    # float32 weights count in float32, every other dtype in float64 (PyTorch's kernel)
    out = np.bincount(d, weights=w.astype(np.float64), minlength=minlength)
    return _make_tensor(out.astype(np.float32 if w.dtype == np.float32 else np.float64))
