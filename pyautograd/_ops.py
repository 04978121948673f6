"""Op declarations: every differentiable op is declared once, here.

An op is a class with
  name                          PyTorch's grad_fn name (MulBackward0, ...)
  forward(ctx, *inputs, **kw)   inputs are tensors (read x._data); returns an ndarray
  backward(ctx, grad)           one gradient per tensor input (or None), written with
                                differentiable pyautograd ops, so that create_graph=True
                                gives second and higher derivatives for free.
A forward-mode rule would be a third static method, jvp(ctx, *tangents).

The functions below the declarations (add, mul, sin, sum, ...) are the public
functions; Tensor's methods and operators call the same functions. Broadcast
gradients are reduced to the input's shape by the engine, so backward rules
return gradients of the broadcast shape. The table OP_SPECS in tests/op_specs.py
tells the tests how to check each op (domain, shapes, options): first and second
derivatives, batched backward, 0-d / broadcast / non-contiguous / zero-size inputs,
and (with torch installed) values, grad_fn names and gradients against PyTorch.

Batched backward: during autograd.grad(..., is_grads_batched=True),
_core.grad_batch_ndim() is 1 and every gradient carries one extra leading batch
dim. Rules therefore use negative dims, _unsqueeze_to / _bshape / _bexpand for
shapes built from the input's shape, and ops whose forward runs inside a backward
(ScatterAdd, IndexPutZeros, SumToSize, ...) infer the leading dims from their input.
"""
import builtins
import math
import warnings

import numpy as np

from . import _core
from ._core import apply_op, _make_tensor, TensorBase as _Tensor
from ._dtype import to_numpy_dtype
from .ops._registry import PUBLIC, alias, expose, GRAPH, Op, register
from .ops import _common, elementwise, shape, indexing

# every name of the op families, as pyautograd._ops.<name>
for _family in (_common, elementwise, shape, indexing):
    globals().update((k, v) for k, v in vars(_family).items() if not k.startswith("__"))
del _family


# Complex tensors follow PyTorch's convention: the gradient of a real loss L with
# respect to z is dL/dRe(z) + i dL/dIm(z), i.e. for a holomorphic y = f(z) the rule
# is grad_z = conj(f'(z)) * grad_y. Backward rules therefore conjugate the local
# derivative; _cj is the identity (no node, no copy) for real tensors.
def _cj(t):
    return apply_op(Conj, (t,)) if t._data.dtype.kind == "c" else t


def _sgn(x):
    """sign(x) for a real tensor, x / |x| (0 at 0) for a complex one (what abs's gradient needs)."""
    return sgn(x)     # PyTorch's abs rule is grad * self.sgn() (SgnBackward0 for a real input too)


# ------------------------------------------------------------ reductions --
class Sum(Op):
    name = "SumBackward0"

    @staticmethod
    def forward(ctx, x, dim=None, keepdim=False, dtype=None):
        ctx.args = (x._data.shape, dim, keepdim)
        out = np.sum(x._data, axis=_axis(dim, x._data.ndim), keepdims=keepdim, dtype=dtype)
        if dtype is None and x._data.dtype.kind in "biu":
            out = np.asarray(out).astype(np.int64)
        return out

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
    if _reduced_numel(d.shape, ax) == 0:
        return np.full(np.sum(d, axis=ax, keepdims=keepdim).shape, np.nan, dtype=d.dtype)
    return np.asarray(np.mean(d, axis=ax, keepdims=keepdim)).astype(d.dtype, copy=False)


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
    return np.flip(np.cumsum(np.flip(g, dim), axis=dim), dim)


def _reverse_cumsum(g, dim):
    return flip(cumsum(flip(g, (dim,)), dim), (dim,))


class Cumsum(Op):
    name = "CumsumBackward0"

    @staticmethod
    def forward(ctx, x, dim=0):
        ctx.dim = dim - x._data.ndim   # negative: valid with a leading batch dim
        return np.cumsum(x._data, axis=dim) if x._data.ndim else x._data.copy()

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
        return np.cumprod(x._data, axis=dim) if x._data.ndim else x._data.copy()

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
    def vjp(F, ctx, g):
        r = F.result(ctx)
        nd = F.ndim(r)
        if nd == 0:
            return g - F.exp(r) * g
        return g - F.exp(r) * F.sum(g, ctx.dim - nd, True)


# ------------------------------------------------------------ linear algebra --
def _save_other_factor(ctx, a, b):
    """Products: each gradient needs only the other factor (a @ const does not save a, as PyTorch)."""
    if ctx._active:
        need = ctx.needs_input_grad
        ctx.save_for_backward(a if need[1] else None, b if need[0] else None)


class Matmul(Op):
    """a @ b for a, b of at least 2 dims (batched, broadcasting)."""
    name = "MatmulBackward0"

    @staticmethod
    def forward(ctx, a, b):
        _save_other_factor(ctx, a, b)
        return np.matmul(a._data, b._data)

    @staticmethod
    def vjp(F, ctx, g):
        a, b = F.saved(ctx)
        need = ctx.needs_input_grad
        if F.is_complex(g):   # a, b have g's dtype: one check on the hot path
            a, b = (F.conj(a) if need[1] else a), (F.conj(b) if need[0] else b)
        ga = F.matmul(g, F.transpose(b, -1, -2)) if need[0] else None
        gb = F.matmul(F.transpose(a, -1, -2), g) if need[1] else None
        return ga, gb


class Mm(Matmul):
    name = "MmBackward0"


class Bmm(Matmul):
    name = "BmmBackward0"


class Dot(Op):
    name = "DotBackward0"

    @staticmethod
    def forward(ctx, a, b):
        _save_other_factor(ctx, a, b)
        return np.dot(a._data, b._data)

    @staticmethod
    def vjp(F, ctx, g):
        a, b = F.saved(ctx)
        need = ctx.needs_input_grad
        g = F.unsqueeze(g, -1)
        return (g * F.conj(b) if need[0] else None), (g * F.conj(a) if need[1] else None)


class Mv(Op):
    name = "MvBackward0"

    @staticmethod
    def forward(ctx, a, v):
        _save_other_factor(ctx, a, v)
        return a._data @ v._data

    @staticmethod
    def vjp(F, ctx, g):
        a, v = F.saved(ctx)
        need = ctx.needs_input_grad
        # a 1-D g takes one mv (matmul(g, a) would record unsqueeze, mm and squeeze)
        gv = (F.mv(F.t(F.conj(a)), g) if F.ndim(g) == 1 else F.matmul(g, F.conj(a))) if need[1] else None
        return (F.unsqueeze(g, -1) * F.conj(v) if need[0] else None), gv


# --------------------------------------------------------------- complex --
class Conj(Op):
    """conj(z); pyautograd resolves conjugation at once (is_conj() is always False)."""
    name = "ConjBackward0"

    @staticmethod
    def forward(ctx, x):
        return np.conj(x._data)

    @staticmethod
    def vjp(F, ctx, g):
        return F.conj(g)


class ConjPhysical(Conj):
    name = "ConjPhysicalBackward0"


@register
class RealView(Op):
    """z.real: a view of the real parts (PyTorch records it as a select of view_as_real)."""
    name = "SelectBackward0"
    fn = "real"
    array = staticmethod(np.real)

    @staticmethod
    def forward(ctx, x):
        return x._data.real

    @staticmethod
    def vjp(F, ctx, g):
        return g            # the engine makes it complex: g + 0i


@register
class ImagView(Op):
    name = "SelectBackward0"
    fn = "imag"
    array = staticmethod(np.imag)

    @staticmethod
    def forward(ctx, x):
        return x._data.imag

    @staticmethod
    def vjp(F, ctx, g):
        # L depends on Im(z) only: dL/dRe + i dL/dIm = i g (g real of the complex dtype's precision)
        return g * 1j


class Angle(Op):
    name = "AngleBackward0"
    elementwise = True

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        d = x._data
        if d.dtype.kind != "c":     # PyTorch: 0 for x >= 0, pi for x < 0, NaN stays NaN
            return np.where(d < 0, np.pi, np.where(np.isnan(d), d, 0)).astype(d.dtype)
        return np.angle(d)

    @staticmethod
    def vjp(F, ctx, g):
        x, = F.saved(ctx)
        if not F.is_complex(x):
            return F.select(False, g)    # zeros (recorded, a select of g: the zero has a history)
        zero = x == 0
        a2 = F.where(zero, 1.0, F.pow(F.abs(x), 2))
        return F.select(~zero, g * x / a2 * 1j)


@register
class Sgn(Op):
    """sgn(z) = z / |z| (0 at 0); sign(x) for real x."""
    name = "SgnBackward0"
    elementwise = True

    @staticmethod
    def forward(ctx, x):
        d = x._data
        ctx.save_for_backward(x)      # PyTorch saves self and the result for a real input too
        ctx.save_result = True
        return Sgn.array(d)

    fn = "sgn"

    @staticmethod
    def array(d):
        if d.dtype.kind != "c":
            return _sign_np(d)
        a = np.abs(d)
        return np.where(a == 0, 0, d / np.where(a == 0, 1, a)).astype(d.dtype, copy=False)

    @staticmethod
    def vjp(F, ctx, g):
        if not F.is_complex(g):
            return F.exact_zero(g)        # PyTorch's sgn_backward: an efficient zero tensor
        x, = F.saved(ctx)
        s = F.result(ctx)
        # Wirtinger: ds/dz = 1 / (2|z|), ds/dconj(z) = -s^2 / (2|z|);
        # grad = conj(ds/dz) g + ds/dconj(z) conj(g) = (g - s^2 conj(g)) / (2|z|)
        a = F.abs(x)
        zero = a == 0
        return F.select(~zero, (g - s * s * F.conj(g)) / (2 * F.where(zero, 1.0, a)))


class Vdot(Op):
    """sum(conj(a) * b)."""
    name = "VdotBackward0"

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return np.asarray(np.vdot(a._data, b._data))

    @staticmethod
    def vjp(F, ctx, g):
        a, b = F.saved(ctx)
        need = ctx.needs_input_grad
        g = F.unsqueeze(g, -1)
        return (F.conj(g) * b if need[0] else None), (g * a if need[1] else None)


@register
class ViewAsReal(Op):
    name = "ViewAsRealBackward0"
    fn = "view_as_real"

    @staticmethod
    def forward(ctx, x):
        return ViewAsReal.array(x._data)

    @staticmethod
    def array(d):
        d = np.asarray(d)       # a NumPy scalar (a 0-d gradient) has no memory to view
        r = d.real
        # [..., 2] over the same memory: the imaginary part is one real item after the real one
        return np.lib.stride_tricks.as_strided(r, d.shape + (2,), r.strides + (r.itemsize,),
                                               writeable=d.flags.writeable)

    @staticmethod
    def vjp(F, ctx, g):
        return F.view_as_complex(g)


class ViewAsComplex(Op):
    name = "ViewAsComplexBackward0"

    @staticmethod
    def forward(ctx, x):
        return ViewAsComplex.array(x._data)

    @staticmethod
    def array(d):
        # a view, as PyTorch: the pairs (real, imaginary) of d's memory read as complex numbers
        cdt = np.complex128 if d.dtype == np.float64 else np.complex64
        if d.strides[-1] == d.itemsize:
            return d.view(cdt)[..., 0]
        return d[..., 0] + np.asarray(1j, dtype=cdt) * d[..., 1]     # a gradient's copy (rules only)

    @staticmethod
    def vjp(F, ctx, g):
        return F.view_as_real(g)


class ComplexFromParts(Op):
    """torch.complex(real, imag)."""
    name = "ComplexBackward0"

    @staticmethod
    def forward(ctx, re, im):
        cdt = np.complex128 if re._data.dtype == np.float64 else np.complex64
        out = np.empty(np.broadcast_shapes(re._data.shape, im._data.shape), dtype=cdt)
        out.real, out.imag = re._data, im._data
        return out

    @staticmethod
    def vjp(F, ctx, g):
        return F.real(g), F.imag(g)


class Polar(Op):
    """torch.polar(abs, angle) = abs * exp(i angle)."""
    name = "PolarBackward0"

    @staticmethod
    def forward(ctx, r, theta):
        ctx.save_result = True
        return ComplexFromParts.forward(ctx, _make_tensor(r._data * np.cos(theta._data)),
                                        _make_tensor(r._data * np.sin(theta._data)))

    @staticmethod
    def vjp(F, ctx, g):
        y = F.result(ctx)
        gc = F.conj(g)
        # PyTorch's polar_backward: Re(conj(g) sgn(y)), Re(conj(g) i y)
        return F.real(gc * F.sgn(y)), F.real(gc * (y * 1j))


@expose(method=True)
def sum(input, dim=None, keepdim=False, *, dtype=None):
    _check_tensor(input, "sum")
    kw = {"dim": _dim_arg(input, dim), "keepdim": keepdim}
    if dtype is not None:
        kw["dtype"] = to_numpy_dtype(dtype)
    return apply_op(Sum if dim is None else SumDim, (input,), kw)


@expose(method=True)
def mean(input, dim=None, keepdim=False, *, dtype=None):
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
    _check_tensor(input, "cumsum")
    input = to_dtype(input, dtype) if dtype is not None else _int64_if_integral(input)
    return apply_op(Cumsum, (input,), {"dim": _norm_dim(dim, input._data.ndim) or 0})


@expose(method=True)
def cumprod(input, dim, *, dtype=None):
    _check_tensor(input, "cumprod")
    input = to_dtype(input, dtype) if dtype is not None else _int64_if_integral(input)
    return apply_op(Cumprod, (input,), {"dim": _norm_dim(dim, input._data.ndim) or 0})


@expose(method=True)
def amax(input, dim=(), keepdim=False):
    _check_tensor(input, "amax")
    _no_complex(input, "\"max_values_cpu\" not implemented for '%s'")
    return apply_op(Amax, (input,), {"dim": _dim_arg(input, dim), "keepdim": keepdim})


@expose(method=True)
def amin(input, dim=(), keepdim=False):
    _check_tensor(input, "amin")
    _no_complex(input, "\"min_values_cpu\" not implemented for '%s'")
    return apply_op(Amin, (input,), {"dim": _dim_arg(input, dim), "keepdim": keepdim})


class _MinMaxResult(tuple):
    """(values, indices) with attribute access, like torch.return_types.max."""

    def __new__(cls, values, indices, name="max"):
        self = tuple.__new__(cls, (values, indices))
        self._name = name
        return self

    @property
    def values(self):
        return self[0]

    @property
    def indices(self):
        return self[1]

    def __repr__(self):
        return "torch.return_types.%s(\nvalues=%r,\nindices=%r)" % (self._name, self[0], self[1])


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
    return _MinMaxResult(node_out, indices, name)


@expose(method=True)
def max(input, dim=None, keepdim=False, *, other=None):
    _check_tensor(input, "max")
    return _minmax(input, dim, keepdim, other, MaxAll, MaxDim, maximum, "max")


@expose(method=True)
def min(input, dim=None, keepdim=False, *, other=None):
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
def argmax(input, dim=None, keepdim=False):
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
def argmin(input, dim=None, keepdim=False):
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

    @staticmethod
    def vjp(F, ctx, g):
        # PyTorch's std_backward: var's rule on (g / (2 * std)).masked_fill_(std == 0, 0) (the forward
        # is Var's, on the same ctx)
        r = F.result(ctx)
        return Var.vjp(F, ctx, F.where(r == 0, 0.0, g / (r * 2)))


@expose(method=True)
def logsumexp(input, dim, keepdim=False):
    _check_tensor(input, "logsumexp")
    if isinstance(dim, (tuple, list)) and not dim and not keepdim and input._data.size and input._data.ndim:
        # PyTorch reduces every dim for dim=() but then cannot write the kept-dims result into its 0-d output
        raise RuntimeError("output with shape [] doesn't match the broadcast shape [%s]"
                           % ", ".join(["1"] * input._data.ndim))
    input = _float_operand(input)     # integers and bools give the default float dtype, as in PyTorch
    return apply_op(Logsumexp, (input,), {"dim": _dim_arg(input, dim), "keepdim": keepdim})


@expose(method=True)
def norm(input, p="fro", dim=None, keepdim=False, dtype=None):
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
    def vjp(F, ctx, g):
        x, = F.saved(ctx)
        p, dim, keepdim = ctx.args
        if p == 0:
            return None     # PyTorch gives no gradient (never g * 0: an inf g would give nan)
        shape = F.shape(x)
        g = F.unsqueeze_to(g, shape, dim, keepdim)
        if p == 1:
            return g * F.sgn(x)
        r = F.unsqueeze_to(F.result(ctx), shape, dim, keepdim)
        # PyTorch's norm_backward, formula by formula (its second derivatives, nan at a zero
        # norm included, are the derivatives of these)
        if p == float("inf") or p == float("-inf"):
            a = np.abs(F.data(x))
            mask = (a == F.data(r)) | np.isnan(a)
            count = np.sum(mask, axis=_axis(dim, len(shape)), keepdims=True)
            dt = F.data(g).dtype
            return F.sgn(x) * ((g / F.constant(count.astype(dt))) * F.constant(mask.astype(dt)))
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


# ---------------------------------------------------------- linear algebra --
def _check_same_dtype(a, b, opname):
    if a._data.dtype != b._data.dtype:
        raise RuntimeError("expected m1 and m2 to have the same dtype, but got: %s != %s"
                           % (_C_TYPE_NAMES[a._data.dtype.name], _C_TYPE_NAMES[b._data.dtype.name]))


# the C++ element type names PyTorch's addmm dtype check prints

def _mm_kernel_check(m1, m2, n, k, m):
    """PyTorch's addmm checks after the shape check: same dtype, then no Bool kernel (skipped when
    the product is empty or k == 0, which PyTorch fills without the kernel)."""
    _check_same_dtype(m1, m2, "mm")
    if m1._data.dtype == np.bool_ and n * m * k:
        raise NotImplementedError("\"addmm_impl_cpu_\" not implemented for 'Bool'")


def _mv_kernel_check(mat, vec, rows, k):
    """PyTorch's addmv checks after the shape check (the output, of vec's dtype, is listed first)."""
    if mat._data.dtype != vec._data.dtype:
        raise RuntimeError("addmv input tensors must have the same dtype, but got %s, %s, and %s"
                           % (_st(vec), _st(mat), _st(vec)))
    if mat._data.dtype == np.bool_ and rows * k:
        raise NotImplementedError("\"addmv_impl_cpu\" not implemented for 'Bool'")


def _bmm_kernel_check(a, b, bs, n, k, p):
    """PyTorch's bmm after its shape check: an empty result, or k == 0 (zeros), returns without
    the kernel, so without any dtype check (the result has batch2's dtype); otherwise the kernel
    is chosen by a's dtype (so a Bool a fails first), then b must have a's dtype."""
    if not (bs * n * p and k):
        return
    if a._data.dtype == np.bool_:
        raise NotImplementedError("\"bmm\" not implemented for 'Bool'")
    if a._data.dtype != b._data.dtype:
        raise RuntimeError("expected scalar type %s but found %s" % (_st(a), _st(b)))


def _foldable(x):
    """PyTorch's matmul folds the batch dims of array x into rows only when that needs no copy."""
    if x.size == 0:
        return True
    sh, st = x.shape, x.strides
    return builtins.all(st[i] == st[i + 1] * sh[i + 1] for i in range(x.ndim - 2))


def _infer_size_error(sa, sb):
    """PyTorch's infer_size error for batch shapes sa, sb that do not broadcast (or None)."""
    nd = builtins.max(len(sa), len(sb))
    for i in range(nd - 1, -1, -1):
        off = nd - 1 - i
        x = sa[len(sa) - 1 - off] if len(sa) - 1 - off >= 0 else 1
        y = sb[len(sb) - 1 - off] if len(sb) - 1 - off >= 0 else 1
        if x != y and x != 1 and y != 1:
            return ("The size of tensor a (%d) must match the size of tensor b (%d) at non-singleton dimension %d"
                    % (x, y, i))
    return None


def _mm_checks(m1, m2, s1, s2):
    """PyTorch's mm checks for m1 (shape s1) @ m2 (shape s2): sizes, then the kernel's."""
    if s1[1] != s2[0]:
        raise RuntimeError("mat1 and mat2 shapes cannot be multiplied (%dx%d and %dx%d)" % (s1 + s2))
    _mm_kernel_check(m1, m2, s1[0], s1[1], s2[1])


def _mv_checks(mat, vec, s):
    """PyTorch's mv checks for mat (shape s) @ vec: sizes, then the kernel's."""
    if s[1] != vec.shape[0]:
        raise RuntimeError("size mismatch, got input (%d), mat (%dx%d), vec (%d)" % (s[0], s[0], s[1], vec.shape[0]))
    _mv_kernel_check(mat, vec, s[0], s[1])


def _matmul_check(a, b):
    """The checks of torch.matmul for a, b of at least 1 dim, one of them 2-D or more and not
    2-D @ 1-D: those of the kernel PyTorch's _matmul_impl reaches (mm, mv after folding the
    batch dims into rows (should_fold), or bmm of the broadcast batches), in its order and with
    its texts. Returns (the result's dtype, how it is computed: None, "fold_t" for matrix @ batch
    folded into one mm on the transposed batch, "squeeze_a"/"squeeze_b" for a 3-D operand whose
    batch of 1 is dropped first); the dtype is b's when they differ and bmm skips its kernel (an
    empty product), as PyTorch."""
    na, nb = a._data.ndim, b._data.ndim
    if na <= 2 and nb == 2:           # (vector as 1 x k) @ matrix
        _mm_checks(a, b, a.shape if na == 2 else (1, a.shape[0]), b.shape)
        return a._data.dtype, None
    larger = na >= nb
    big, small = (a, b) if larger else (b, a)
    if big._data.ndim >= 3 and small._data.ndim <= 2:
        t1 = big._data if larger else big._data.swapaxes(-1, -2)
        # should_fold: the small operand requires grad, or the big one folds without a copy
        if small.requires_grad or (na != 2 and _foldable(t1)):
            rows = (math.prod(t1.shape[:-1]), t1.shape[-1])
            if small._data.ndim == 1:
                _mv_checks(big, small, rows)
            else:
                # matrix @ batch: PyTorch computes (b.mT @ a.t()).mT (mm's m1 is b)
                _mm_checks(big, small, rows, small.shape if larger else small.shape[::-1])
            return a._data.dtype, "fold_t" if not larger and na == 2 else None
    if na == 3 and nb == 3 and a.shape[0] != b.shape[0]:
        # PyTorch drops a batch of one of an operand that requires grad (then folds)
        if a.shape[0] == 1 and a.requires_grad:
            return None, "squeeze_a"
        if b.shape[0] == 1 and b.requires_grad:
            return None, "squeeze_b"
    n = a.shape[-2] if na > 1 else 1
    m1 = a.shape[-1]
    m2 = b.shape[-2] if nb > 1 else b.shape[0]
    p = b.shape[-1] if nb > 1 else 1
    ba, bb = tuple(a.shape[:-2]), tuple(b.shape[:-2])
    err = _infer_size_error(ba, bb)
    if err:
        raise RuntimeError(err)
    bs = math.prod(np.broadcast_shapes(ba, bb))
    if m1 != m2:
        raise RuntimeError("Expected size for first two dimensions of batch2 tensor to be: [%d, %d] but got: "
                           "[%d, %d]." % (bs, m1, bs, m2))
    _bmm_kernel_check(a, b, bs, n, m1, p)
    return b._data.dtype, None


def _check_autograd_dtype(dtype, *inputs):
    """PyTorch's error for a differentiable op whose result (of an integer/bool dtype, from
    mixed-dtype inputs) would need a graph."""
    if np.dtype(dtype).kind not in "fc" and _core.is_grad_enabled() and builtins.any(x.requires_grad for x in inputs):
        raise RuntimeError("Autograd not support dtype: %s" % _SCALAR_TYPE_NAMES[np.dtype(dtype).name])


def _dtype_word(t):
    return repr(t.dtype).replace("torch.", "")


@expose(method=True)
def matmul(input, other):
    _check_tensor(input, "matmul")
    _check_tensor(other, "matmul", "other", 2)
    """torch.matmul; the outermost grad_fn is PyTorch's (MmBackward0, MvBackward0, DotBackward0,
    UnsafeViewBackward0 for folded/batched products, CloneBackward0 for matrix @ batch)."""
    a, b = input, other
    na, nb = a._data.ndim, b._data.ndim
    if na == 0 or nb == 0:
        raise RuntimeError("both arguments to matmul need to be at least 1D, but they are %dD and %dD" % (na, nb))
    if na == 1 and nb == 1:
        return dot(a, b)
    if na == 2 and nb == 1:
        return mv(a, b)
    dt, how = _matmul_check(a, b)
    if how == "squeeze_a":
        return matmul(squeeze(a, 0), b)
    if how == "squeeze_b":
        return matmul(a, squeeze(b, 0))
    if a._data.dtype != b._data.dtype:
        # an empty product of mixed dtypes (PyTorch's bmm returns it without its kernel):
        # zeros of b's dtype, computed in that dtype
        _check_autograd_dtype(dt, a, b)
        a = _cast(a, dt)
    if (na > 2 or nb > 2) and (a._requires_grad or b._requires_grad) and _core.is_grad_enabled():
        copy_a, copy_b = _matmul_saves_copies(a, b)
        # the saved factor a is used by b's gradient only, and b by a's
        if copy_a and b._requires_grad:
            a = clone(a)
        if copy_b and a._requires_grad:
            b = clone(b)
    if na == 1:
        out = _matmul_nd(unsqueeze(a, 0), b)
        if nb == 2:
            return apply_op(SqueezeMatmul, (out,), {"dim": 0})
        return _unsafe_view(squeeze(out, -2))
    if nb == 1:
        return _unsafe_view(squeeze(_matmul_nd(a, unsqueeze(b, -1)), -1))
    if na == 2 and nb == 2:
        return _matmul_nd(a, b)
    if how == "fold_t":
        # PyTorch folds matrix @ batch into (b.mT @ a.t()).mT: a transposed view of that
        # product when it is contiguous anyway (a size-1 or empty result), else a copy
        n, p = a.shape[0], b.shape[-1]
        if n == 1 or p == 1 or n * p * math.prod(b.shape[:-2]) == 0:
            return transpose(_unsafe_view(_matmul_nd(transpose(b, -1, -2), t(a))), -1, -2)
        return clone(_matmul_nd(a, b))
    return _unsafe_view(_matmul_nd(a, b))


def _unsafe_view(x):
    return apply_op(UnsafeView, (x,), {"shape": x._data.shape})


def _matmul_saves_copies(a, b):
    """(copy_a, copy_b): whether PyTorch's matmul with a >= 3-D operand saves a copy of a / b
    for backward rather than a view of it (then changing the operand in place after the product
    does not fail backward, and the gradient uses the old values). As PyTorch's _matmul_impl:
    3-D @ 3-D squeezes a batch of 1 of an operand that requires grad; then the larger operand is
    folded into a matrix (should_fold: the other requires grad, or the fold needs no copy), else
    bmm runs on both operands expanded to the broadcast batch and reshaped to 3-D; a reshape
    that cannot be a view copies."""
    da, db = a._data, b._data
    if da.ndim == 3 and db.ndim == 3 and da.shape[0] != db.shape[0]:
        if da.shape[0] == 1 and a._requires_grad:
            da = da[0]
        elif db.shape[0] == 1 and b._requires_grad:
            db = db[0]
    na, nb = da.ndim, db.ndim
    if na <= 2 and nb <= 2:
        return False, False
    larger1 = na >= nb
    t1 = da if larger1 else np.swapaxes(db, -1, -2)
    if (nb if larger1 else na) <= 2:
        st, sh = t1.strides, t1.shape
        if ((b if larger1 else a)._requires_grad
                or (na != 2 and (t1.size == 0 or builtins.all(st[i] == st[i + 1] * sh[i + 1]
                                                              for i in range(t1.ndim - 2))))):
            copy = not _viewable(t1, (math.prod(sh[:-1]), sh[-1]))
            return (copy, False) if larger1 else (False, copy)
    n = da.shape[-2] if na > 1 else 1
    try:
        batch = tuple(np.broadcast_shapes(da.shape[:-2], db.shape[:-2] if nb > 1 else ()))
    except ValueError:
        return False, False    # matmul raises PyTorch's error below
    nbatch = math.prod(batch)
    copy_a = not _viewable(np.broadcast_to(da, batch + (n, da.shape[-1])), (nbatch, n, da.shape[-1]))
    if nb == 1:
        copy_b = not _viewable(np.broadcast_to(db, batch + db.shape), (nbatch, db.shape[0]))
    else:
        copy_b = not _viewable(np.broadcast_to(db, batch + db.shape[-2:]), (nbatch,) + db.shape[-2:])
    return copy_a, copy_b


class SqueezeMatmul(Op):
    """The squeeze that ends vector @ matrix (PyTorch's SqueezeBackward4)."""
    name = "SqueezeBackward4"

    @staticmethod
    def forward(ctx, x, dim=0):
        ctx.in_shape = x._data.shape
        return np.squeeze(x._data, axis=dim)

    @staticmethod
    def vjp(F, ctx, g):
        return F.reshape(g, ctx.in_shape)


def _matmul_nd(a, b):
    """a @ b for a, b of at least 2 dims (checks, then one Mm or Matmul node)."""
    na, nb = a._data.ndim, b._data.ndim
    if a.shape[-1] != b.shape[-2]:
        if na == 2 and nb == 2:
            raise RuntimeError("mat1 and mat2 shapes cannot be multiplied (%dx%d and %dx%d)"
                               % (a.shape[0], a.shape[1], b.shape[0], b.shape[1]))
        raise RuntimeError("Expected size for first two dimensions of batch2 tensor to be: [%d, %d] but got: "
                           "[%d, %d]." % (b.shape[0] if nb == 3 else 1, a.shape[-1], b.shape[-3] if nb >= 3 else 1,
                                          b.shape[-2]))
    if na == 2 and nb == 2:
        return apply_op(Mm, (a, b))
    try:
        np.broadcast_shapes(a.shape[:-2], b.shape[:-2])
    except ValueError:
        raise RuntimeError("The size of tensor a (%d) must match the size of tensor b (%d) at non-singleton "
                           "dimension 0" % (a.shape[0], b.shape[0])) from None
    return apply_op(Matmul, (a, b))


@expose(method=True)
def mm(input, mat2):
    _check_tensor(input, "mm")
    _check_tensor(mat2, "mm", "mat2", 2)
    if input._data.ndim != 2 or mat2._data.ndim != 2:
        raise RuntimeError("self must be a matrix" if input._data.ndim != 2 else "mat2 must be a matrix")
    return matmul(input, mat2)


@expose(method=True)
def bmm(input, mat2):
    _check_tensor(input, "bmm")
    _check_tensor(mat2, "bmm", "mat2", 2)
    if input._data.ndim != 3 or mat2._data.ndim != 3:
        raise RuntimeError("batch1 must be a 3D tensor" if input._data.ndim != 3 else "batch2 must be a 3D tensor")
    if input.shape[2] != mat2.shape[1] or input.shape[0] != mat2.shape[0]:
        raise RuntimeError("Expected size for first two dimensions of batch2 tensor to be: [%d, %d] but got: "
                           "[%d, %d]." % (input.shape[0], input.shape[2], mat2.shape[0], mat2.shape[1]))
    bs, n, k = input.shape
    _bmm_kernel_check(input, mat2, bs, n, k, mat2.shape[2])
    if input._data.dtype != mat2._data.dtype:
        # empty (or k == 0): PyTorch returns zeros of batch2's dtype without its kernel
        _check_autograd_dtype(mat2._data.dtype, input, mat2)
        input = _cast(input, mat2._data.dtype)
    return apply_op(Bmm, (input, mat2))


@expose(method=True)
def dot(input, other):
    _check_tensor(input, "dot")
    _check_tensor(other, "dot", "other", 2)
    if input._data.ndim != 1 or other._data.ndim != 1:
        raise RuntimeError("1D tensors expected, but got %dD and %dD tensors"
                           % (input._data.ndim, other._data.ndim))
    if input._data.dtype != other._data.dtype:     # PyTorch checks the dtypes before the sizes
        raise RuntimeError("dot : expected both vectors to have same dtype, but found %s and %s"
                           % (_st(input), _st(other)))
    if input.shape[0] != other.shape[0]:
        raise RuntimeError("inconsistent tensor size, expected tensor [%d] and src [%d] to have the same number "
                           "of elements, but got %d and %d elements respectively"
                           % (input.shape[0], other.shape[0], input.shape[0], other.shape[0]))
    if input._data.dtype == np.bool_:
        raise NotImplementedError("\"dot\" not implemented for 'Bool'")
    return apply_op(Dot, (input, other))


@expose(method=True)
def inner(input, other):
    _check_tensor(input, "inner")
    _check_tensor(other, "inner", "other", 2)
    """Sum over the last dims (torch.inner): shape input.shape[:-1] + other.shape[:-1]."""
    if input._data.ndim == 0 or other._data.ndim == 0:
        return mul(input, other)
    if input.shape[-1] != other.shape[-1]:
        raise RuntimeError("inner() the last dimension must match on both input tensors but got shapes [%s] and [%s]"
                           % (", ".join(map(str, input.shape)), ", ".join(map(str, other.shape))))
    k = input.shape[-1]
    out = mm(reshape(input, (-1, k)), t(reshape(other, (-1, k))))
    return view(out, tuple(input.shape[:-1]) + tuple(other.shape[:-1]))


@expose(method=True)
def mv(input, vec):
    _check_tensor(input, "mv")
    _check_tensor(vec, "mv", "vec", 2)
    if input._data.ndim != 2 or vec._data.ndim != 1:
        raise RuntimeError("vector + matrix @ vector expected, got %d, %d, %d" % (1, input._data.ndim, vec._data.ndim))
    if input.shape[1] != vec.shape[0]:
        raise RuntimeError("size mismatch, got input (%d), mat (%dx%d), vec (%d)"
                           % (input.shape[0], input.shape[0], input.shape[1], vec.shape[0]))
    if input._data.dtype != vec._data.dtype or input._data.dtype == np.bool_:
        _mv_kernel_check(input, vec, input.shape[0], input.shape[1])
    return apply_op(Mv, (input, vec))


@expose(method=True)
def outer(input, vec2):
    _check_tensor(input, "outer")
    _check_tensor(vec2, "outer", "vec2", 2)
    for name_, t_ in (("self", input), ("vec2", vec2)):
        if t_._data.ndim != 1:
            raise RuntimeError("outer: Expected 1-D argument %s, but got %d-D" % (name_, t_._data.ndim))
    # PyTorch computes outer as input[:, None] * vec2 (grad_fn MulBackward0)
    return mul(unsqueeze(input, 1), vec2)


ger = alias("ger", outer, method=True)


@expose(method=True)
def all(input, dim=None, keepdim=False):
    _check_tensor(input, "all")
    r = np.asarray(np.all(input._data, axis=_dim_arg(input, dim), keepdims=keepdim))
    return _make_tensor(r.astype(np.uint8) if input._data.dtype == np.uint8 else r)   # uint8 stays uint8 in PyTorch


@expose(method=True)
def any(input, dim=None, keepdim=False):
    _check_tensor(input, "any")
    r = np.asarray(np.any(input._data, axis=_dim_arg(input, dim), keepdims=keepdim))
    return _make_tensor(r.astype(np.uint8) if input._data.dtype == np.uint8 else r)   # uint8 stays uint8 in PyTorch


@expose(method=True)
def count_nonzero(input, dim=None):
    _check_tensor(input, "count_nonzero")
    return _make_tensor(np.asarray(np.count_nonzero(input._data, axis=_dim_arg(input, dim)), dtype=np.int64))


# ---------------------------------------------------------------- complex --
@expose
def real(input):
    """z.real: a view of the real parts; a real tensor itself."""
    if input._data.dtype.kind != "c":
        return input
    return _apply_view(RealView, input)


@expose
def imag(input):
    if input._data.dtype.kind != "c":
        raise RuntimeError("imag is not implemented for tensors with non-complex dtypes.")
    return _apply_view(ImagView, input)


@expose(method=True)
def conj(input):
    """The conjugate (a new tensor: pyautograd has no lazy conjugate bit); a real tensor itself."""
    if input._data.dtype.kind != "c":
        return input
    return apply_op(Conj, (input,))


@expose(method=True)
def conj_physical(input):
    if input._data.dtype.kind != "c":
        return input
    return apply_op(ConjPhysical, (input,))


@expose(method=True)
def resolve_conj(input):
    return input


@expose(method=True)
def resolve_neg(input):
    return input


@expose(method=True)
def is_conj(input):
    return False


@expose(method=True)
def is_neg(input):
    return False


@expose(method=True)
def angle(input):
    x = _as_tensor(input)
    if x._data.dtype.kind not in "fc":
        x = _float_operand(x)
    return apply_op(Angle, (x,))


@expose(method=True)
def sgn(input):
    x = _as_tensor(input)
    if x._data.dtype == np.bool_:
        return _make_tensor(x._data.copy())
    return apply_op(Sgn, (x,))


@expose(method=True)
def vdot(input, other):
    if input._data.ndim != 1 or other._data.ndim != 1:
        raise RuntimeError("1D tensors expected, but got %dD and %dD tensors"
                           % (input._data.ndim, other._data.ndim))
    if input.shape[0] != other.shape[0]:
        raise RuntimeError("inconsistent tensor size, expected tensor [%d] and src [%d] to have the same number "
                           "of elements, but got %d and %d elements respectively"
                           % (input.shape[0], other.shape[0], input.shape[0], other.shape[0]))
    if input._data.dtype != other._data.dtype:
        raise RuntimeError("dot : expected both vectors to have same dtype, but found %s and %s"
                           % (_dtype_word(input).capitalize(), _dtype_word(other).capitalize()))
    return apply_op(Vdot, (input, other))


@expose
def view_as_real(input):
    if input._data.dtype.kind != "c":
        raise RuntimeError("view_as_real is only supported for complex tensors")
    return _apply_view(ViewAsReal, input)


@expose
def view_as_complex(input):
    d = input._data
    if d.dtype not in (np.float32, np.float64):
        raise RuntimeError("view_as_complex is only supported for half, float and double tensors, but got a "
                           "tensor of scalar type: " + _SCALAR_TYPE_NAMES.get(d.dtype.name, d.dtype.name))
    if d.ndim == 0:
        raise RuntimeError("Input tensor must have one or more dimensions")
    if d.shape[-1] != 2:
        raise RuntimeError("Tensor must have a last dimension of size 2")
    if d.strides[-1] != d.itemsize:
        raise RuntimeError("Tensor must have a last dimension with stride 1")
    if builtins.any(st % (2 * d.itemsize) for n, st in zip(d.shape[:-1], d.strides[:-1]) if n > 1):
        raise RuntimeError("Tensor must have a stride divisible by 2 for all but last dimension")
    base = input._base._data if input._base is not None else d
    if (d.__array_interface__["data"][0] - base.__array_interface__["data"][0]) % (2 * d.itemsize):
        raise RuntimeError("Tensor must have a storage_offset divisible by 2")
    return _apply_view(ViewAsComplex, input)


@expose
def is_complex(input):
    return input._data.dtype.kind == "c"


def _complex_parts(real_, imag_):
    for t_ in (real_, imag_):
        if t_._data.dtype not in (np.float16, np.float32, np.float64):
            raise RuntimeError("Expected both inputs to be Half, Float or Double tensors but got %s and %s"
                               % tuple(_SCALAR_TYPE_NAMES[x._data.dtype.name] for x in (real_, imag_)))
    if real_._data.dtype != imag_._data.dtype:
        raise RuntimeError("Expected object of scalar type %s but got scalar type %s for second argument"
                           % tuple(_SCALAR_TYPE_NAMES[x._data.dtype.name] for x in (real_, imag_)))
    _check_broadcast(real_._data.shape, imag_._data.shape)


@expose
def complex(real, imag):     # noqa: A001 - torch.complex (this module uses builtins.complex)
    _complex_parts(real, imag)
    return apply_op(ComplexFromParts, (real, imag))


@expose
def polar(abs, angle):       # noqa: A002 - PyTorch's argument names
    _complex_parts(abs, angle)
    return apply_op(Polar, (abs, angle))


if ERRSTATE_VAR is None:   # pragma: no cover - older NumPy: every forward in np.errstate
    _quiet_all_forwards()


__all__ = list(PUBLIC)      # the declared public functions (from pyautograd._ops import *)
