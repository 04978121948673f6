"""Reductions: sum, mean, prod, cumsum / cumprod, amax / amin, max / min (whole, along a dim with
indices, or of two tensors), argmax / argmin, var / std, norm, logsumexp, softmax /
log_softmax, all / any / count_nonzero."""
import builtins
import math
import warnings

import numpy as np

from .. import _core
from .._core import apply_op, _make_tensor, TensorBase as _Tensor
from .._dtype import to_numpy_dtype
from ._registry import expose, GRAPH, Op, register, linear_jvp, vjp_jvp
from ._common import (batched_public, _axis, _check_tensor, _const, _dim_arg, _no_complex, _norm_dim, _real_np,
                      _SCALAR_TYPE_NAMES)
from .elementwise import _float_operand, maximum, minimum, to_dtype
from .shape import cat, flip, stack


# ---------------------------------------------------------------- declarations --
class Sum(Op):
    name = "SumBackward0"

    @staticmethod
    def forward(ctx, x, dim=None, keepdim=False, dtype=None):
        ctx.args = (x._data.shape, dim, keepdim)
        # np.add.reduce: what np.sum runs, without its Python wrapper (~2 us a call)
        out = np.add.reduce(x._data, axis=_axis(dim, x._data.ndim), dtype=dtype, keepdims=keepdim)
        if dtype is None and x._data.dtype.kind in "biu":
            out = np.asarray(out).astype(np.int64)
        return out

    jvp = staticmethod(linear_jvp)

    @staticmethod
    def vjp(F, ctx, g):
        shape, dim, keepdim = ctx.args
        if dim is None and not keepdim and F.ndim(g) == 0:
            return F.expand(g, shape)      # one broadcast: a 0-d gradient expands to any shape
        return F.expand(F.unsqueeze_to(g, shape, dim, keepdim), shape)


class SumDim(Sum):
    name = "SumBackward1"


def _reduced_numel(shape, ax):
    """How many elements a reduction over NumPy axis `ax` (None: all) combines."""
    if ax is None:
        return math.prod(shape)
    return math.prod(shape[i] for i in (ax if isinstance(ax, tuple) else (ax,)))


def _mean_np(d, dim=None, keepdim=False):
    """mean on an array, as Mean's forward: NaN (without NumPy's warning) over no elements."""
    ax = _axis(dim, d.ndim)
    n = _reduced_numel(d.shape, ax)
    if n == 0:
        return np.full(np.sum(d, axis=ax, keepdims=keepdim).shape, np.nan, dtype=d.dtype)
    if d.dtype.kind not in "fc" or d.dtype == np.float16:
        return np.asarray(np.mean(d, axis=ax, keepdims=keepdim)).astype(d.dtype, copy=False)
    # what np.mean computes for float and complex arrays (a sum in the array's dtype, then one
    # division by the count), without its Python layers
    # (the count as np.intp, as np.mean divides by it: complex64 / intp computes in complex128)
    s = np.add.reduce(d, axis=ax, keepdims=keepdim)
    if type(s) is np.ndarray:
        return np.true_divide(s, np.intp(n), out=s, casting="unsafe")
    return np.asarray(s.dtype.type(s / np.intp(n)))


@register
class Mean(Op):
    name = "MeanBackward0"
    fn = "mean"
    array = staticmethod(_mean_np)

    @staticmethod
    def forward(ctx, x, dim=None, keepdim=False):
        d = x._data
        ctx.args = (d.shape, dim, keepdim)
        ctx.n = _reduced_numel(d.shape, _axis(dim, d.ndim))
        return _mean_np(d, dim, keepdim)

    jvp = staticmethod(linear_jvp)

    @staticmethod
    def vjp(F, ctx, g):
        shape, dim, keepdim = ctx.args
        # divided before it is expanded: one division per output element, and in plain backward
        # the gradient is a broadcast view
        return F.expand(F.unsqueeze_to(g / ctx.n, shape, dim, keepdim), shape)


class MeanDim(Mean):
    name = "MeanBackward1"


class Prod(Op):
    name = "ProdBackward0"

    @staticmethod
    def forward(ctx, x, dim=None, keepdim=False):
        ctx.save_for_backward(x)
        ctx.save_result = True   # as PyTorch (whose rule divides by it): changing it in place is an error
        ctx.args = (dim, keepdim)
        return np.prod(x._data, axis=_axis(dim, x._data.ndim), keepdims=keepdim)

    jvp = staticmethod(vjp_jvp(lambda ctx, options: ctx.args))

    @staticmethod
    def vjp(F, ctx, g):
        # PyTorch's prod_backward: grad * result / input when the input has no zero, else
        # the exclusive products from both sides (prod_safe_zeros_backward). Both depend on the
        # input, so with create_graph the gradient requires grad even where it is constant.
        x, = F.saved(ctx)
        out = F.result(ctx)
        dim, keepdim = ctx.args
        if F.ndim(x) == 0:
            return g
        shape = F.shape(x)
        g = F.unsqueeze_to(g, shape, dim, keepdim)
        zeros = F.count_true(x == 0)
        if not zeros:
            return g * F.conj(F.unsqueeze_to(out, shape, dim, keepdim) / x)
        if (math.prod(shape) if dim is None else shape[dim]) == 1:
            return g        # prod_safe_zeros_backward of one element along dim: g itself
        if dim is None and zeros > 1 and not _core.is_grad_enabled():
            return F.zeros_like(F.expand(g, shape))     # every product of the others has a zero
        return g * F.conj(F.prod_others(x, dim))


class ProdDim(Prod):
    name = "ProdBackward1"


def _prod_others_np(x, dim):
    """For each element, the product of the other elements along dim (None: all elements), as
    PyTorch's prod_safe_zeros_backward: exclusive cumulative products from both sides (exact
    when x contains zeros). Arrays; _prod_others is the same on tensors (differentiable)."""
    if dim is None:
        return _prod_others_np(x.reshape(-1), 0).reshape(x.shape)
    n = x.shape[dim]
    one = np.ones(tuple(1 if a == dim else s_ for a, s_ in enumerate(x.shape)), x.dtype)
    left = np.cumprod(np.concatenate([one, np.take(x, range(n - 1), dim)], dim), axis=dim)
    right = np.flip(np.cumprod(np.concatenate([one, np.flip(np.take(x, range(1, n), dim), dim)], dim), axis=dim), dim)
    return left * right


def _prod_others(x, dim):
    if dim is None:
        return _prod_others(x.reshape(-1), 0).reshape(x.shape)
    n = x.shape[dim]
    one = _const(np.ones(tuple(1 if a == dim else s_ for a, s_ in enumerate(x.shape))), x._data.dtype)
    left = cumprod(cat([one, x.narrow(dim, 0, n - 1)], dim), dim)
    right = flip(cumprod(cat([one, flip(x.narrow(dim, 1, n - 1), (dim,))], dim), dim), (dim,))
    return left * right


def _reverse_cumsum_np(g, dim):
    """The sums from each position to the end along dim (cumsum's gradient), on arrays."""
    return np.flip(_accumulated(np.cumsum, np.flip(g, dim), dim), dim)


def _reverse_cumsum(g, dim):
    return flip(cumsum(flip(g, (dim,)), dim), (dim,))


_WIDER = {np.dtype(np.float32): np.float64, np.dtype(np.float16): np.float64, np.dtype(np.complex64): np.complex128}


def _accumulated(f, d, axis):
    """cumsum / cumprod as PyTorch's CPU kernels: float32 / float16 / complex64 accumulate in
    double precision (its acc_type), then round once (NumPy's would accumulate in the input's type);
    a sum starts from +0.0, so leading -0.0 elements sum to +0.0 as in PyTorch."""
    wide = _WIDER.get(d.dtype)
    r = f(d, axis=axis) if wide is None else f(d, axis=axis, dtype=wide).astype(d.dtype)
    if f is np.cumsum and r.dtype.kind in "fc":
        r += 0.0
    return r


class Cumsum(Op):
    name = "CumsumBackward0"

    @staticmethod
    def forward(ctx, x, dim=0):
        ctx.dim = dim - x._data.ndim   # negative: valid with a leading batch dim
        return _accumulated(np.cumsum, x._data, dim) if x._data.ndim else x._data.copy()

    jvp = staticmethod(linear_jvp)

    @staticmethod
    def vjp(F, ctx, g):
        if ctx.dim == 0:
            return g
        return F.reverse_cumsum(g, ctx.dim)


class Cumprod(Op):
    name = "CumprodBackward0"

    @staticmethod
    def forward(ctx, x, dim=0):
        ctx.dim = dim
        ctx.save_for_backward(x)
        ctx.save_result = True
        return _accumulated(np.cumprod, x._data, dim) if x._data.ndim else x._data.copy()

    @staticmethod
    def jvp(F, ctx, primals, options, result, t):
        # sum over i <= k of t_i times the product of the other x_j, j <= k: result * cumsum(t / x)
        # without zeros; with zeros, the cumprod with x_i replaced by t_i, from position i on
        x = primals[0]
        dim = ctx.dim
        shape = F.shape(x)
        if math.prod(shape) <= 1 or shape[dim] == 1:
            return t * 1
        if not F.any_true(x == 0):
            return result * cumsum(t / x, dim)
        n = shape[dim]
        out = None
        for i in range(n):
            parts = [F.narrow(x, dim, 0, i), F.narrow(t, dim, i, 1), F.narrow(x, dim, i + 1, n - i - 1)]
            c = F.narrow(cumprod(F.cat([p for p in parts if F.shape(p)[dim]], dim), dim), dim, i, n - i)
            if i:
                c = F.cat([F.zeros_like(F.narrow(x, dim, 0, i)), c], dim)
            out = c if out is None else out + c
        return out

    @staticmethod
    def vjp(F, ctx, g):
        # PyTorch's cumprod_backward: g itself for one element along dim; without zeros the
        # O(n) reversed cumsum of out * g over x; with zeros see cumprod_grad_with_zeros
        x, = F.saved(ctx)
        out = F.result(ctx)
        dim = ctx.dim
        shape = F.shape(x)
        if math.prod(shape) <= 1 or shape[dim] == 1:
            return g
        nd = dim - len(shape)      # negative: valid with a leading batch dim on g
        xc, outc = F.conj(x), F.conj(out)
        is_zero = x == 0
        if not F.any_true(is_zero):
            return F.reverse_cumsum(outc * g, nd) / xc
        return F.cumprod_grad_with_zeros(xc, outc, g, is_zero, dim)


def _cumprod_grad_with_zeros_np(xc, outc, g, is_zero, dim):
    """cumprod's gradient (arrays) where x has zeros: before the first zero of a slice the
    reversed cumsum of out * g over x, at the first zero the sum of g times its exclusive
    products, 0 after it (PyTorch's mask formula, selects only). dim: x's dim (g may have
    leading batch dims)."""
    dim -= xc.ndim
    with np.errstate(all="ignore"):
        cs = np.cumsum(is_zero, axis=dim)
        before = cs == 0
        w = np.where(before, outc * g, 0)
        res = np.where(before, _reverse_cumsum_np(w, dim) / xc, 0).astype(g.dtype)
        span = cs == 1
        first_idx = np.argmax(span, axis=dim, keepdims=True)
        pos = np.arange(xc.shape[dim]).reshape((-1,) + (1,) * (-dim - 1))
        first = (pos == first_idx) & span
        after = span & ~first
        prev = np.take_along_axis(outc, np.maximum(first_idx - 1, 0), axis=dim)
        prev = np.where(first_idx == 0, 1, prev)
        val = (np.cumprod(np.where(after, xc, 1), axis=dim) * np.where(cs != 1, 0, g)).sum(axis=dim, keepdims=True)
        return np.where(first, val * prev, res).astype(g.dtype, copy=False)


def _cumprod_grad_with_zeros(xc, outc, g, is_zero, dim):
    """The same on tensors: outside grad mode the mask formula; in grad mode (create_graph) the
    O(n^2) formula of differentiable ops, whose derivative is cumprod's second derivative."""
    if not _core.is_grad_enabled():
        return _make_tensor(_cumprod_grad_with_zeros_np(xc._data, outc._data, g._data, is_zero._data, dim))
    n = xc.shape[dim]
    nd = dim - xc.dim()
    ones = _const(np.ones(tuple(1 if a == dim else s_ for a, s_ in enumerate(xc.shape))), xc._data.dtype)
    slices = []
    for k in range(n):
        if k == 0:
            omitted = cat([ones, cumprod(xc.narrow(dim, 1, n - 1), dim)], dim)
        elif k == n - 1:
            omitted = xc.narrow(dim, 0, k).prod(dim, keepdim=True)
        else:
            until = xc.narrow(dim, 0, k).prod(dim, keepdim=True)
            after = cumprod(xc.narrow(dim, k + 1, n - k - 1), dim)
            omitted = cat([until, until.expand_as(after) * after], dim)
        slices.append((g.narrow(nd, k, n - k) * omitted).sum(nd))
    return stack(slices, nd)


class Amax(Op):
    name = "AmaxBackward0"

    @staticmethod
    def forward(ctx, x, dim=None, keepdim=False, _fn=np.max, _what="amax"):
        what = {"MaxBackward1": "max", "MinBackward1": "min"}.get(ctx.name(), _what)
        if x._data.size == 0 and (dim is None or x._data.ndim == 0):
            raise RuntimeError("%s(): Expected reduction dim to be specified for input.numel() == 0. "
                               "Specify the reduction dim with the 'dim' argument." % what)
        dims = () if dim is None else (dim if isinstance(dim, tuple) else (dim,))
        for k in dims:
            if x._data.ndim and x._data.shape[k] == 0:
                raise IndexError("%s(): Expected reduction dim %d to have non-zero size." % (what, k))
        ctx.save_for_backward(x)
        ctx.save_result = True
        ctx.args = (dim, keepdim)
        return _fn(x._data, axis=_axis(dim, x._data.ndim), keepdims=keepdim)

    jvp = staticmethod(vjp_jvp(lambda ctx, options: ctx.args))

    @staticmethod
    def vjp(F, ctx, g):
        # g / count at every maximum: multiplied by a mask, as PyTorch's amax
        x, = F.saved(ctx)
        dim, keepdim = ctx.args
        shape = F.shape(x)
        mask = F.constant_like(x == F.unsqueeze_to(F.result(ctx), shape, dim, keepdim), g)
        count = F.sum(mask, _axis(dim, len(shape)), True)
        return F.unsqueeze_to(g, shape, dim, keepdim) * mask / count


class Amin(Amax):
    name = "AminBackward0"

    @staticmethod
    def forward(ctx, x, dim=None, keepdim=False):
        return Amax.forward(ctx, x, dim, keepdim, _fn=np.min, _what="amin")


class MaxAll(Amax):
    name = "MaxBackward1"

    jvp = staticmethod(vjp_jvp(lambda ctx, options: (None, False)))

    @staticmethod
    def vjp(F, ctx, g):
        # PyTorch's evenly_distribute_backward: g / count at the maxima (at the nans when the
        # result is nan), exactly 0 elsewhere (a select; Amax's rule multiplies by a mask, as
        # PyTorch's amax does)
        x, = F.saved(ctx)
        r = F.result(ctx)
        mask = x != x if F.any_true(r != r) else x == r
        share = g / F.count_true(mask)
        return F.select(mask, F.expand(share, F.shape(x)))


class MinAll(Amin):
    name = "MinBackward1"
    vjp = staticmethod(MaxAll.vjp)


class MaxDim(Op):
    """max(dim) / min(dim): the gradient goes to the selected index only."""
    name = "MaxBackward0"
    _argfn = staticmethod(np.argmax)

    @classmethod
    def _fwd(cls, ctx, x, dim, keepdim):
        d = x._data
        if d.ndim == 0:
            ctx.args = (d.shape, None, keepdim)
            ctx.indices = np.zeros((), dtype=np.int64)
            return d.copy()
        if d.shape[dim] == 0:
            raise IndexError("%s(): Expected reduction dim %d to have non-zero size."
                             % ("max" if cls._argfn is np.argmax else "min", dim))
        idx = cls._argfn(d, axis=dim)
        ctx.indices = np.expand_dims(idx, dim)
        ctx.args = (d.shape, dim, keepdim)
        out = np.take_along_axis(d, ctx.indices, axis=dim)
        if not keepdim:
            out = np.squeeze(out, axis=dim)
            ctx.out_indices = idx.astype(np.int64)
        else:
            ctx.out_indices = ctx.indices.astype(np.int64)
        return out

    @staticmethod
    def forward(ctx, x, dim=0, keepdim=False):
        return MaxDim._fwd(ctx, x, dim, keepdim)

    @staticmethod
    def jvp(F, ctx, primals, options, result, t):
        shape, dim, keepdim = ctx.args
        if dim is None:
            return t * 1
        v = F.gather_along(t, dim, ctx.indices)
        return F.reshape(v, F.shape(result))

    @staticmethod
    def vjp(F, ctx, g):
        # the indices output is a saved tensor (saved by _minmax): the engine checks its version
        shape, dim, keepdim = ctx.args
        if dim is None:
            return g
        return F.scatter_along(F.unsqueeze_to(g, shape, dim, keepdim), ctx.indices, dim, shape)


class MinDim(MaxDim):
    name = "MinBackward0"
    _argfn = staticmethod(np.argmin)

    @staticmethod
    def forward(ctx, x, dim=0, keepdim=False):
        return MinDim._fwd(ctx, x, dim, keepdim)


class Var(Op):
    name = "VarBackward0"

    @staticmethod
    def forward(ctx, x, dim=None, correction=1, keepdim=False):
        d = x._data
        ctx.save_for_backward(x)
        ctx.args = (dim, correction, keepdim)
        ax = _axis(dim, d.ndim)
        n = _reduced_numel(d.shape, ax)
        ctx.n = n
        if n - correction <= 0:   # PyTorch divides by max(0, n - correction): inf, or NaN for 0 / 0
            m = np.sum(d, axis=ax, keepdims=True) / n if n else 0.0
            ss = np.sum((d - m) ** 2, axis=ax, keepdims=keepdim)
            return np.asarray(ss / 0.0).astype(_real_np(d.dtype), copy=False)
        return np.asarray(np.var(d, axis=ax, ddof=correction, keepdims=keepdim)).astype(_real_np(d.dtype), copy=False)

    jvp = staticmethod(vjp_jvp(lambda ctx, options: (ctx.args[0], ctx.args[2])))

    @staticmethod
    def vjp(F, ctx, g):
        x, = F.saved(ctx)
        dim, correction, keepdim = ctx.args
        return _var_backward(g, x, dim, correction, keepdim, ctx.n, F)


def _var_degenerate_factor_np(d):
    """var's gradient factor over all elements when n <= correction: inf, nan where d equals its mean."""
    m = np.mean(d) if d.size else np.nan
    return np.where(d == m, np.nan, np.inf).astype(_real_np(d.dtype))


def _var_backward(g, x, dim, correction, keepdim, n, F=GRAPH):
    """PyTorch's var_backward: 2 / (n - correction) * g * (x - mean). Over all elements with
    n <= correction it is g times a constant inf, or nan where x equals its mean; over dims the
    factor is 2 / (n - correction) even when that is inf or negative. F: the rule namespace
    (GRAPH: tensors, for rules still written as backward)."""
    g = F.unsqueeze_to(g, F.shape(x), dim, keepdim)    # batched backward: g's batch dims stay in front
    if F.ndim(x) == 0 or dim is None:
        if n - correction <= 0:
            return g * F.var_degenerate_factor(x)
        return (2.0 / (n - correction)) * g * (x - F.mean(x))
    with np.errstate(divide="ignore"):
        factor = np.float64(2.0) / np.float64(n - correction)
    return builtins.float(factor) * g * (x - F.mean(x, dim, True))


class Logsumexp(Op):
    name = "LogsumexpBackward0"

    @staticmethod
    def forward(ctx, x, dim=None, keepdim=False):
        d = x._data
        ctx.save_for_backward(x)
        ctx.save_result = True
        ctx.args = (dim, keepdim)
        ax = _axis(dim, d.ndim)
        if d.size == 0:
            return np.log(np.sum(np.exp(d), axis=ax, keepdims=keepdim))
        m = np.max(d.real, axis=ax, keepdims=True)   # complex: shift by the largest real part
        m = np.where(np.isfinite(m), m, 0)
        out = np.log(np.sum(np.exp(d - m), axis=ax, keepdims=True)) + m
        if not keepdim:
            out = np.squeeze(out, axis=ax) if ax is not None else out.reshape(())
        return out.astype(d.dtype, copy=False)

    jvp = staticmethod(vjp_jvp(lambda ctx, options: ctx.args))

    @staticmethod
    def vjp(F, ctx, g):
        x, = F.saved(ctx)
        dim, keepdim = ctx.args
        shape = F.shape(x)
        r = F.unsqueeze_to(F.result(ctx), shape, dim, keepdim)
        return F.unsqueeze_to(g, shape, dim, keepdim) * F.conj(F.exp(x - r))


class Softmax(Op):
    name = "SoftmaxBackward0"

    @staticmethod
    def forward(ctx, x, dim=-1):
        d = x._data
        ctx.dim = dim
        ctx.save_result = True
        if d.ndim == 0:
            return np.exp(d - d)   # 1, or nan for nan/inf as in PyTorch
        e = np.exp(d - np.max(d, axis=dim, keepdims=True)) if d.size else d.copy()
        return e / np.sum(e, axis=dim, keepdims=True) if d.size else e

    @staticmethod
    def jvp(F, ctx, primals, options, result, t):
        if F.ndim(result) == 0:
            return result * (t - t * result)
        return result * (t - F.sum(t * result, ctx.dim, True))

    @staticmethod
    def vjp(F, ctx, g):
        r = F.result(ctx)
        nd = F.ndim(r)
        if nd == 0:   # the sum over the softmax dim is the identity (PyTorch's rule, 0 or nan)
            return r * (g - g * r)
        return r * (g - F.sum(g * r, ctx.dim - nd, True))


class LogSoftmax(Op):
    name = "LogSoftmaxBackward0"

    @staticmethod
    def forward(ctx, x, dim=-1):
        d = x._data
        ctx.dim = dim
        ctx.save_result = True
        if d.ndim == 0:
            return d - d   # 0, or nan for nan/inf as in PyTorch
        if d.size == 0:
            return d.copy()
        m = np.max(d, axis=dim, keepdims=True)
        s = d - m
        return s - np.log(np.sum(np.exp(s), axis=dim, keepdims=True))

    @staticmethod
    def jvp(F, ctx, primals, options, result, t):
        if F.ndim(result) == 0:
            return t - t
        return t - F.sum(F.exp(result) * t, ctx.dim, True)

    @staticmethod
    def vjp(F, ctx, g):
        r = F.result(ctx)
        nd = F.ndim(r)
        if nd == 0:
            return g - F.exp(r) * g
        return g - F.exp(r) * F.sum(g, ctx.dim - nd, True)


# ------------------------------------------------------- public functions --
@expose(method=True)
def sum(input, dim=None, keepdim=False, *, dtype=None):
    """The sum of input's elements, over all of them or over dim. dim may be an int or a tuple of dims (None: all);
    keepdim keeps the reduced dims with size 1. dtype: the accumulation and result dtype (integers and bools sum as
    int64).

    Gradient: grad broadcast back to input's shape.

    Example::

        >>> pa.sum(pa.tensor([[1.0, 2.0], [3.0, 4.0]]))
        tensor(10.)
        >>> pa.sum(pa.tensor([[1.0, 2.0], [3.0, 4.0]]), dim=0)
        tensor([4., 6.])
    """
    _check_tensor(input, "sum")
    kw = {"dim": _dim_arg(input, dim), "keepdim": keepdim}
    if dtype is not None:
        kw["dtype"] = to_numpy_dtype(dtype)
    return apply_op(Sum if dim is None else SumDim, (input,), kw)


@expose(method=True)
def mean(input, dim=None, keepdim=False, *, dtype=None):
    """The mean of input's elements, over all of them or over dim (floating or complex input only). dim may be an int
    or a tuple of dims (None: all); keepdim keeps the reduced dims with size 1.

    Gradient: grad / n broadcast back to input's shape (n: the number of averaged elements).

    Example::

        >>> pa.mean(pa.tensor([[1.0, 2.0], [3.0, 4.0]]), dim=1)
        tensor([1.5000, 3.5000])
    """
    _check_tensor(input, "mean")
    if dtype is not None:
        input = to_dtype(input, dtype)
    if input._data.dtype.kind not in "fc":
        raise RuntimeError("mean(): could not infer output dtype. Input dtype must be either a floating "
                           "point or complex dtype. Got: %s" % _type_word(input))
    return apply_op(Mean if dim is None else MeanDim, (input,), {"dim": _dim_arg(input, dim), "keepdim": keepdim})


def _type_word(t):
    return {"b": "Bool", "i": "Long", "u": "Byte", "f": "Float", "c": "ComplexFloat"}[t._data.dtype.kind]


@expose(method=True)
def prod(input, dim=None, keepdim=False, *, dtype=None):
    """The product of input's elements, over all of them or over one dim. dim may be an int or a tuple of dims (None:
    all); keepdim keeps the reduced dims with size 1.

    Gradient: grad times the product of the other elements (computed without dividing, so zeros are handled).

    Example::

        >>> pa.prod(pa.tensor([1.0, 2.0, 3.0, 4.0]))
        tensor(24.)
    """
    _check_tensor(input, "prod")
    input = to_dtype(input, dtype) if dtype is not None else _int64_if_integral(input)
    if dim is not None and isinstance(dim, (tuple, list)):
        raise TypeError("prod() received an invalid combination of arguments - got (%s), but expected one of:"
                        % type(dim).__name__)
    return apply_op(Prod if dim is None else ProdDim, (input,), {"dim": _dim_arg(input, dim), "keepdim": keepdim})


def _int64_if_integral(input):
    """sum, prod, cumsum and cumprod of bools and integers give int64 in PyTorch."""
    return to_dtype(input, np.int64) if input._data.dtype.kind in "biu" else input


@expose(method=True)
def cumsum(input, dim, *, dtype=None):
    """The cumulative sum along dim: out[i] = input[0] + ... + input[i].

    Gradient: the reversed cumulative sum of grad along dim.

    Example::

        >>> pa.cumsum(pa.tensor([1.0, 2.0, 3.0]), dim=0)
        tensor([1., 3., 6.])
    """
    _check_tensor(input, "cumsum")
    input = to_dtype(input, dtype) if dtype is not None else _int64_if_integral(input)
    return apply_op(Cumsum, (input,), {"dim": _norm_dim(dim, input._data.ndim) or 0})


@expose(method=True)
def cumprod(input, dim, *, dtype=None):
    """The cumulative product along dim: out[i] = input[0] * ... * input[i].

    Gradient: for each element, the sum over later positions of grad times the product of the other factors (zeros
    handled).

    Example::

        >>> pa.cumprod(pa.tensor([1.0, 2.0, 3.0]), dim=0)
        tensor([1., 2., 6.])
    """
    _check_tensor(input, "cumprod")
    input = to_dtype(input, dtype) if dtype is not None else _int64_if_integral(input)
    return apply_op(Cumprod, (input,), {"dim": _norm_dim(dim, input._data.ndim) or 0})


@expose(method=True)
def amax(input, dim=(), keepdim=False):
    """The largest element over dim (all dims when dim is empty), without indices. dim may be an int or a tuple of dims
    (None: all); keepdim keeps the reduced dims with size 1.

    Gradient: grad shared evenly among the elements equal to the maximum.

    Example::

        >>> pa.amax(pa.tensor([[1.0, 5.0], [3.0, 2.0]]), dim=1)
        tensor([5., 3.])
    """
    _check_tensor(input, "amax")
    _no_complex(input, "\"max_values_cpu\" not implemented for '%s'")
    return apply_op(Amax, (input,), {"dim": _dim_arg(input, dim), "keepdim": keepdim})


@expose(method=True)
def amin(input, dim=(), keepdim=False):
    """The smallest element over dim (all dims when dim is empty), without indices. dim may be an int or a tuple of
    dims (None: all); keepdim keeps the reduced dims with size 1.

    Gradient: grad shared evenly among the elements equal to the minimum.

    Example::

        >>> pa.amin(pa.tensor([[1.0, 5.0], [3.0, 2.0]]), dim=1)
        tensor([1., 2.])
    """
    _check_tensor(input, "amin")
    _no_complex(input, "\"min_values_cpu\" not implemented for '%s'")
    return apply_op(Amin, (input,), {"dim": _dim_arg(input, dim), "keepdim": keepdim})


class _MinMaxResult(tuple):
    """(values, indices) with attribute access, like torch.return_types.max (a pytree node with
    those fields, as torch's return types are: the transforms map over it)."""
    _fields = ("values", "indices")
    _default_name = "max"

    def __new__(cls, values, indices, name=None):
        self = tuple.__new__(cls, (values, indices))
        self._name = name or cls._default_name
        return self

    @property
    def values(self):
        return self[0]

    @property
    def indices(self):
        return self[1]

    def __repr__(self):
        return "torch.return_types.%s(\nvalues=%r,\nindices=%r)" % (self._name, self[0], self[1])


_RESULT_TYPES = {n: type("_%sResult" % n.capitalize(), (_MinMaxResult,), {"_default_name": n}) for n in ("max", "min")}


def _minmax(input, dim, keepdim, other, all_op, dim_op, binary, name):
    if isinstance(dim, _Tensor):
        other, dim = dim, None
    if other is not None:
        return binary(input, other)
    if dim is None:
        _no_complex(input, "\"%s_all\" not implemented for '%%s'" % name)
        return apply_op(all_op, (input,), {"dim": None, "keepdim": False})
    _no_complex(input, "%s(): does not support complex input" % name, RuntimeError)
    d = _norm_dim(dim, input._data.ndim)
    node_out = apply_op(dim_op, (input,), {"dim": d, "keepdim": keepdim})
    # indices: recompute without the graph (cheap relative to the reduction)
    data = input._data
    if data.ndim == 0:
        idx = np.zeros((), dtype=np.int64)
    else:
        fn = np.argmax if dim_op is MaxDim else np.argmin
        idx = fn(data, axis=d)
        if keepdim:
            idx = np.expand_dims(idx, d)
    indices = _make_tensor(np.asarray(idx, dtype=np.int64))
    if node_out._grad_fn is not None:
        node_out._grad_fn.save_for_backward(indices)   # as PyTorch: changing them in place fails backward
    return _RESULT_TYPES[name](node_out, indices)


@expose(method=True)
@batched_public("minmax")
def max(input, dim=None, keepdim=False, *, other=None):
    """max(input): the largest element; max(input, dim, keepdim=False): a (values, indices) named tuple along dim;
    max(input, other): maximum(input, other).

    Gradient: over all elements, grad shared evenly among the maxima; with dim, grad to the element each index
    names.

    Example::

        >>> pa.max(pa.tensor([1.0, 3.0, 2.0]))
        tensor(3.)
        >>> pa.max(pa.tensor([[1.0, 3.0], [4.0, 2.0]]), dim=1)
        torch.return_types.max(
        values=tensor([3., 4.]),
        indices=tensor([1, 0]))
    """
    _check_tensor(input, "max")
    return _minmax(input, dim, keepdim, other, MaxAll, MaxDim, maximum, "max")


@expose(method=True)
@batched_public("minmax")
def min(input, dim=None, keepdim=False, *, other=None):
    """min(input): the smallest element; min(input, dim, keepdim=False): a (values, indices) named tuple along dim;
    min(input, other): minimum(input, other).

    Gradient: over all elements, grad shared evenly among the minima; with dim, grad to the element each index
    names.

    Example::

        >>> pa.min(pa.tensor([1.0, 3.0, 2.0]))
        tensor(1.)
        >>> pa.min(pa.tensor([[1.0, 3.0], [4.0, 2.0]]), dim=1)
        torch.return_types.min(
        values=tensor([1., 2.]),
        indices=tensor([0, 1]))
    """
    _check_tensor(input, "min")
    return _minmax(input, dim, keepdim, other, MinAll, MinDim, minimum, "min")


def _empty_arg_reduction(d, dim, name):
    """PyTorch's IndexError for argmax/argmin over nothing (NumPy's ValueError must not leak)."""
    if dim is None:
        raise IndexError("%s(): Expected reduction dim to be specified for input.numel() == 0." % name)
    dd = _norm_dim(dim, d.ndim)
    if d.ndim and d.shape[dd] == 0:
        raise IndexError("%s(): Expected reduction dim %d to have non-zero size." % (name, dd))


@expose(method=True)
@batched_public("dim")
def argmax(input, dim=None, keepdim=False):
    """The index of the largest element (of the flattened input, or along dim); the first one on ties.

    Gradient: none: the result is integer.

    Example::

        >>> pa.argmax(pa.tensor([1.0, 3.0, 2.0]))
        tensor(1)
    """
    _check_tensor(input, "argmax")
    if input._data.dtype == np.bool_:
        raise RuntimeError("argmax(): does not support bool input")
    _no_complex(input, "argmax(): does not support complex input", RuntimeError)
    d = input._data
    if d.size == 0:
        _empty_arg_reduction(d, dim, "argmax")
    if dim is None:
        out = np.asarray(np.argmax(d), dtype=np.int64)
        return _make_tensor(out.reshape((1,) * d.ndim) if keepdim else out)
    dd = _norm_dim(dim, d.ndim)
    out = np.argmax(d, axis=dd) if d.ndim else np.zeros((), np.int64)
    return _make_tensor(np.asarray(np.expand_dims(out, dd) if keepdim and d.ndim else out, dtype=np.int64))


@expose(method=True)
@batched_public("dim")
def argmin(input, dim=None, keepdim=False):
    """The index of the smallest element (of the flattened input, or along dim); the first one on ties.

    Gradient: none: the result is integer.

    Example::

        >>> pa.argmin(pa.tensor([[1.0, 3.0], [4.0, 2.0]]), dim=1)
        tensor([0, 1])
    """
    _check_tensor(input, "argmin")
    if input._data.dtype == np.bool_:
        raise RuntimeError("argmin(): does not support bool input")
    _no_complex(input, "argmin(): does not support complex input", RuntimeError)
    d = input._data
    if d.size == 0:
        _empty_arg_reduction(d, dim, "argmin")
    if dim is None:
        out = np.asarray(np.argmin(d), dtype=np.int64)
        return _make_tensor(out.reshape((1,) * d.ndim) if keepdim else out)
    dd = _norm_dim(dim, d.ndim)
    out = np.argmin(d, axis=dd) if d.ndim else np.zeros((), np.int64)
    return _make_tensor(np.asarray(np.expand_dims(out, dd) if keepdim and d.ndim else out, dtype=np.int64))


def _warn_dof(input, dim, correction, name):
    """PyTorch's warning when var/std divide by max(0, n - correction) = 0 (the result is inf or NaN)."""
    shape = input._data.shape
    n = math.prod(shape) if dim is None or not shape else \
        math.prod(shape[d] for d in (dim if isinstance(dim, tuple) else (dim,)))
    if n - correction <= 0:
        warnings.warn("%s(): degrees of freedom is <= 0. Correction should be strictly less than the reduction "
                      "factor (input numel divided by output numel)." % name, UserWarning, stacklevel=3)


@expose(method=True)
def var(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    """The variance of input over all elements or over dim: sum((x - mean) ** 2) / (N - correction). correction (or
    unbiased=True, the default: correction=1) is subtracted from the number of elements N in the divisor.

    Gradient: grad * 2 * (input - mean) / (N - correction).

    Example::

        >>> pa.var(pa.tensor([1.0, 2.0, 3.0, 4.0]))
        tensor(1.6667)
        >>> pa.var(pa.tensor([1.0, 2.0, 3.0, 4.0]), correction=0)
        tensor(1.2500)
    """
    _check_tensor(input, "var")
    if input._data.dtype.kind not in "fc":
        raise RuntimeError("std and var only support floating point and complex dtypes")
    if isinstance(dim, builtins.bool):
        unbiased, dim = dim, None
    if correction is None:
        correction = 1 if unbiased is None or unbiased else 0
    dim = _dim_arg(input, dim)
    _warn_dof(input, dim, correction, "var")
    return apply_op(Var, (input,), {"dim": dim, "correction": correction, "keepdim": keepdim})


@expose(method=True)
def std(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    """The standard deviation of input over all elements or over dim: sqrt(var(input, ...)). correction (or
    unbiased=True, the default: correction=1) is subtracted from the number of elements N in the divisor.

    Gradient: grad * (input - mean) / ((N - correction) * std).

    Example::

        >>> pa.std(pa.tensor([1.0, 2.0, 3.0, 4.0]))
        tensor(1.2910)
    """
    _check_tensor(input, "std")
    if input._data.dtype.kind not in "fc":
        raise RuntimeError("std and var only support floating point and complex dtypes")
    if isinstance(dim, builtins.bool):
        unbiased, dim = dim, None
    if correction is None:
        correction = 1 if unbiased is None or unbiased else 0
    dim = _dim_arg(input, dim)
    _warn_dof(input, dim, correction, "std")
    return apply_op(Std, (input,), {"dim": dim, "correction": correction, "keepdim": keepdim})


class Std(Op):
    """Standard deviation; its gradient is var's divided by 2*std (0 where std is 0)."""
    name = "StdBackward0"

    @staticmethod
    def forward(ctx, x, dim=None, correction=1, keepdim=False):
        r = Var.forward(ctx, x, dim, correction, keepdim)
        ctx.save_result = True
        return np.sqrt(r)

    jvp = staticmethod(vjp_jvp(lambda ctx, options: (ctx.args[0], ctx.args[2])))

    @staticmethod
    def vjp(F, ctx, g):
        # PyTorch's std_backward: var's rule on (g / (2 * std)).masked_fill_(std == 0, 0) (the forward
        # is Var's, on the same ctx)
        r = F.result(ctx)
        return Var.vjp(F, ctx, F.where(r == 0, 0.0, g / (r * 2)))


@expose(method=True)
def logsumexp(input, dim, keepdim=False):
    """log(sum(exp(input), dim)) computed without overflow (the maximum is taken out first).

    Gradient: grad * softmax(input, dim).

    Example::

        >>> pa.logsumexp(pa.tensor([0.0, 0.0]), dim=0)
        tensor(0.6931)
    """
    _check_tensor(input, "logsumexp")
    if isinstance(dim, (tuple, list)) and not dim and not keepdim and input._data.size and input._data.ndim:
        # PyTorch reduces every dim for dim=() but then cannot write the kept-dims result into its 0-d output
        raise RuntimeError("output with shape [] doesn't match the broadcast shape [%s]"
                           % ", ".join(["1"] * input._data.ndim))
    input = _float_operand(input)     # integers and bools give the default float dtype, as in PyTorch
    return apply_op(Logsumexp, (input,), {"dim": _dim_arg(input, dim), "keepdim": keepdim})


@expose(method=True)
def norm(input, p="fro", dim=None, keepdim=False, dtype=None):
    """The p-norm of input (p='fro' or 2: the Euclidean norm; 'nuc', inf, -inf, any number), over all elements or over
    dim.

    Gradient: for the 2-norm grad * input / norm (zero where the norm is zero); for p,
    ``grad * input * abs(input) ** (p - 2) / norm ** (p - 1)``.

    Example::

        >>> pa.norm(pa.tensor([3.0, 4.0]))
        tensor(5.)
        >>> pa.norm(pa.tensor([3.0, -4.0]), p=1)
        tensor(7.)
    """
    _check_tensor(input, "norm")
    if dtype is not None:
        input = to_dtype(input, dtype)
    if input._data.dtype.kind not in "fc":
        raise RuntimeError("linalg.vector_norm: Expected a floating point or complex tensor as input. Got %s"
                           % _type_word(input))
    if p is None or p == "fro":
        p = 2.0
    elif p == "inf":
        p = float("inf")
    elif isinstance(p, str):
        raise RuntimeError("norm(): p=%r is not supported here (only vector norms)" % p)
    if p < 0 and input._data.size == 0:
        raise RuntimeError("linalg.vector_norm cannot compute the %g norm on an empty tensor because the operation "
                           "does not have an identity" % p)
    return apply_op(VectorNorm, (input,), {"p": float(p), "dim": _dim_arg(input, dim), "keepdim": keepdim})


# the p-norm's jvp: the sum over the reduced dims of its gradient times the tangent
_vector_norm_jvp = vjp_jvp(lambda ctx, options: (ctx.args[1], ctx.args[2]))


class VectorNorm(Op):
    """Vector p-norm over dim (all elements by default), PyTorch's linalg.vector_norm.

    Subgradient 0 where the norm is 0 (as PyTorch)."""
    name = "LinalgVectorNormBackward0"

    @staticmethod
    def forward(ctx, x, p=2.0, dim=None, keepdim=False):
        d = x._data
        ax = _axis(dim, d.ndim)
        a = np.abs(d)
        ctx.save_for_backward(x)
        ctx.save_result = True
        ctx.args = (p, dim, keepdim)
        if p == float("inf") or p == float("-inf"):
            if a.size == 0:
                raise RuntimeError("linalg.vector_norm cannot compute the %s norm on an empty tensor because "
                                   "the operation does not have an identity" % ("inf" if p > 0 else "-inf"))
            r = (np.max if p > 0 else np.min)(a, axis=ax, keepdims=keepdim)
        elif p == 0:
            r = np.sum(a != 0, axis=ax, keepdims=keepdim)
        elif p == 1:
            r = np.sum(a, axis=ax, keepdims=keepdim)
        elif p == 2:
            r = np.sqrt(np.sum(a * a, axis=ax, keepdims=keepdim))
        else:
            r = np.sum(a ** p, axis=ax, keepdims=keepdim) ** (1.0 / p)
        return np.asarray(r).astype(_real_np(d.dtype), copy=False)

    @staticmethod
    def jvp(F, ctx, primals, options, result, t):
        if ctx.args[0] == 0:
            return F.zeros_like(result)      # a count: constant
        return _vector_norm_jvp(F, ctx, primals, options, result, t)

    @staticmethod
    def vjp(F, ctx, g):
        x, = F.saved(ctx)
        p, dim, keepdim = ctx.args
        if p == 0:
            return None     # PyTorch gives no gradient (never g * 0: an inf g would give nan)
        shape = F.shape(x)
        g = F.unsqueeze_to(g, shape, dim, keepdim)
        r = F.unsqueeze_to(F.result(ctx), shape, dim, keepdim) if p != 1 else None
        return pnorm_grad(F, x, r, g, p, _axis(dim, len(shape)))


def pnorm_grad(F, x, r, g, p, axes):
    """The gradient of r = ||x||_p over `axes` (None: all; r and g with those dims kept as size 1)
    with respect to x, PyTorch's norm_backward formula by formula (its second derivatives, nan at a
    zero norm included, are the derivatives of these): 0 where the norm is 0, the maxima's share
    for p = inf, no gradient for p = 0 (None, never g * 0: an inf g would give nan)."""
    if p == 0:
        return None
    if p == 1:
        return g * F.sgn(x)
    if p == float("inf") or p == float("-inf"):
        a = np.abs(F.data(x))
        mask = (a == F.data(r)) | np.isnan(a)
        dt = F.data(g).dtype
        count = np.sum(mask, axis=axes, keepdims=True).astype(dt)
        return F.sgn(x) * ((g / F.constant(count)) * F.constant(mask.astype(dt)))
    zero = r == 0
    if p == 2:
        return g * F.where(zero, 0.0, x / r)
    if p < 1:
        return F.sgn(x) * F.where(x == 0, 0.0, F.pow(F.abs(x), p - 1)) * g * F.pow(r, 1 - p)
    scale = F.where(zero, 0.0, g / F.pow(r, p - 1))
    if p < 2:
        return F.sgn(x) * F.pow(F.abs(x), p - 1) * scale
    return x * F.pow(F.abs(x), p - 2) * scale


@expose(method=True)
def softmax(input, dim=None, dtype=None):
    """exp(input) / sum(exp(input)) along dim: each slice becomes positive values summing to one.

    Gradient: y * (grad - sum(grad * y, dim)), y the softmax.

    Example::

        >>> pa.softmax(pa.tensor([0.0, 0.0, 0.0, 0.0]), dim=0)
        tensor([0.2500, 0.2500, 0.2500, 0.2500])
    """
    _check_tensor(input, "softmax")
    if dtype is not None:
        input = to_dtype(input, dtype)
    d = _norm_dim(-1 if dim is None else dim, input._data.ndim) or 0
    if input._data.dtype.kind != "f":
        if input._data.size == 0:
            return _make_tensor(np.empty(input._data.shape, input._data.dtype))   # no kernel runs
        last = "lastdim_" if d == builtins.max(input._data.ndim - 1, 0) else ""
        raise NotImplementedError("\"softmax_%skernel_impl\" not implemented for '%s'"
                                  % (last, _SCALAR_TYPE_NAMES.get(input._data.dtype.name, input._data.dtype.name)))
    return apply_op(Softmax, (input,), {"dim": d})


@expose(method=True)
def log_softmax(input, dim=None, dtype=None):
    """log(softmax(input, dim)) computed stably: input - logsumexp(input, dim).

    Gradient: grad - softmax(input) * sum(grad, dim).

    Example::

        >>> pa.log_softmax(pa.tensor([0.0, 0.0]), dim=0)
        tensor([-0.6931, -0.6931])
    """
    _check_tensor(input, "log_softmax")
    if dtype is not None:
        input = to_dtype(input, dtype)
    d = _norm_dim(-1 if dim is None else dim, input._data.ndim) or 0
    if input._data.dtype.kind != "f":
        if input._data.size == 0:
            return _make_tensor(np.empty(input._data.shape, input._data.dtype))   # no kernel runs
        last = "lastdim_" if d == builtins.max(input._data.ndim - 1, 0) else ""
        raise NotImplementedError("\"log_softmax_%skernel_impl\" not implemented for '%s'"
                                  % (last, _SCALAR_TYPE_NAMES.get(input._data.dtype.name, input._data.dtype.name)))
    return apply_op(LogSoftmax, (input,), {"dim": d})


@expose(method=True)
@batched_public("dim")
def all(input, dim=None, keepdim=False):
    """True when every element (over all, or along dim) is nonzero.

    Gradient: none: the result is boolean.

    Example::

        >>> pa.all(pa.tensor([True, False]))
        tensor(False)
        >>> pa.all(pa.tensor([[1, 1], [0, 1]]), dim=1)
        tensor([ True, False])
    """
    _check_tensor(input, "all")
    r = np.asarray(np.all(input._data, axis=_dim_arg(input, dim), keepdims=keepdim))
    return _make_tensor(r.astype(np.uint8) if input._data.dtype == np.uint8 else r)   # uint8 stays uint8 in PyTorch


@expose(method=True)
@batched_public("dim")
def any(input, dim=None, keepdim=False):
    """True when some element (over all, or along dim) is nonzero.

    Gradient: none: the result is boolean.

    Example::

        >>> pa.any(pa.tensor([True, False]))
        tensor(True)
    """
    _check_tensor(input, "any")
    r = np.asarray(np.any(input._data, axis=_dim_arg(input, dim), keepdims=keepdim))
    return _make_tensor(r.astype(np.uint8) if input._data.dtype == np.uint8 else r)   # uint8 stays uint8 in PyTorch


@expose(method=True)
@batched_public("dim")
def count_nonzero(input, dim=None):
    """The number of nonzero elements, over all or over dim (an int64 tensor).

    Gradient: none: the result is integer.

    Example::

        >>> pa.count_nonzero(pa.tensor([[0, 1], [2, 3]]), dim=0)
        tensor([1, 2])
    """
    _check_tensor(input, "count_nonzero")
    return _make_tensor(np.asarray(np.count_nonzero(input._data, axis=_dim_arg(input, dim)), dtype=np.int64))
