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

import numpy as np

from . import _core
from ._core import apply_op, apply_inplace, _make_tensor
from ._dtype import promote, scalar_dtype, _category, to_numpy_dtype

_Tensor = None  # set by _tensor.py (avoids a circular import)


# ---------------------------------------------------------------- helpers --
def _const(value, npdtype):
    """A constant tensor (no grad) of the given NumPy dtype."""
    return _make_tensor(np.asarray(value, dtype=npdtype))


def _as_tensor(x):
    if isinstance(x, _Tensor):
        return x
    if isinstance(x, (builtins.bool, builtins.int, builtins.float, builtins.complex, np.generic)):
        return _const(x, scalar_dtype(x))
    return _Tensor._from_data(x)


def _cast(t, npdtype):
    if t._data.dtype == npdtype:
        return t
    return apply_op(ToCopy, (t,), {"dtype": npdtype})


def _result_dtype(*args):
    dims, zeros, scalars = [], [], []
    for a in args:
        if isinstance(a, _Tensor):
            (dims if a._data.ndim else zeros).append(a._data.dtype)
        else:
            scalars.append(scalar_dtype(a))
    return promote(dims, zeros, scalars)


def _check_broadcast(sa, sb):
    """PyTorch's error for shapes that do not broadcast (NumPy's text must not leak)."""
    if sa == sb:
        return
    n = builtins.max(len(sa), len(sb))
    for i in range(n - 1, -1, -1):
        ia, ib = i - (n - len(sa)), i - (n - len(sb))
        x = sa[ia] if ia >= 0 else 1
        y = sb[ib] if ib >= 0 else 1
        if x != y and x != 1 and y != 1:
            raise RuntimeError("The size of tensor a (%d) must match the size of tensor b (%d) at non-singleton "
                               "dimension %d" % (x, y, i))


def _broadcast_shape(sa, sb):
    _check_broadcast(sa, sb)
    return tuple(np.broadcast_shapes(sa, sb))


def _binary_operands(a, b):
    """Two tensors of PyTorch's promoted dtype; Python scalars become constants."""
    if isinstance(a, _Tensor) and isinstance(b, _Tensor):
        _check_broadcast(a._data.shape, b._data.shape)
        if a._data.dtype == b._data.dtype:
            return a, b
        dt = _result_dtype(a, b)
        return _cast(a, dt), _cast(b, dt)
    if isinstance(a, _Tensor):
        dt = a._data.dtype
        if not isinstance(b, (builtins.bool, builtins.int, builtins.float, builtins.complex, np.generic)):
            b = _as_tensor(b)
            return _binary_operands(a, b)
        sd = scalar_dtype(b)
        if _category(sd) > _category(dt):
            dt = sd
            a = _cast(a, dt)
        return a, _const(b, dt)
    if isinstance(b, _Tensor):
        b2, a2 = _binary_operands(b, a)
        return a2, b2
    return _binary_operands(_as_tensor(a), b)


def _float_operand(x):
    """Ops like sin and division compute in floating point (default dtype for ints)."""
    x = _as_tensor(x)
    if x._data.dtype.kind in "fc":
        return x
    from ._dtype import get_default_dtype
    return _cast(x, get_default_dtype().np)


def _norm_dim(dim, ndim):
    if dim is None:
        return None
    if isinstance(dim, (list, tuple)):
        return tuple(sorted(_norm_dim(d, ndim) for d in dim))
    d = int(dim)
    n = builtins.max(ndim, 1)
    if d < -n or d >= n:
        raise IndexError("Dimension out of range (expected to be in range of [%d, %d], but got %d)"
                         % (-n, n - 1, d))
    return d % n if ndim else None


def _axis(dim, ndim):
    """NumPy axis for a reduction over `dim` (None: all dims)."""
    if dim is None or (isinstance(dim, tuple) and len(dim) == 0):
        return None
    if ndim == 0:
        return None
    return dim


def _unsqueeze_to(g, shape, dim, keepdim):
    """Reinsert reduced dims so that g broadcasts against an input of `shape`.

    g may carry extra leading (batch) dims: they are kept in front."""
    n = len(shape)
    if keepdim or n == 0:
        return g
    dims = tuple(range(n)) if dim is None else (dim if isinstance(dim, tuple) else (dim,))
    lead = g.dim() - (n - len(dims))
    out_shape = list(g.shape)
    for d in sorted(dims):
        out_shape.insert(d + lead, 1)
    return g.reshape(tuple(out_shape))


def _bexpand(g, shape):
    """expand(g, shape), keeping g's leading batch dims in front during a batched backward."""
    nb = _core.grad_batch_ndim()
    if nb:
        lead, rest = tuple(g.shape[:nb]), tuple(g.shape[nb:])
        if len(rest) < len(shape):
            g = g.reshape(lead + (1,) * (len(shape) - len(rest)) + rest)
        return expand(g, lead + tuple(shape))
    return expand(g, shape)


def _bshape(g, shape):
    """`shape` with g's leading batch dims prepended (during a batched backward)."""
    nb = _core.grad_batch_ndim()
    return tuple(g.shape[:nb]) + tuple(shape)


class Op:
    """Base of op declarations (gives repr and a default name)."""
    name = "Op"


# ----------------------------------------------------------- elementwise --
class Add(Op):
    name = "AddBackward0"

    @staticmethod
    def forward(ctx, a, b, alpha=1):
        ctx.alpha = alpha
        return a._data + b._data if alpha == 1 else a._data + alpha * b._data

    @staticmethod
    def backward(ctx, g):
        return g, (g if ctx.alpha == 1 else g * ctx.alpha)


class Sub(Op):
    name = "SubBackward0"

    @staticmethod
    def forward(ctx, a, b, alpha=1):
        ctx.alpha = alpha
        return a._data - b._data if alpha == 1 else a._data - alpha * b._data

    @staticmethod
    def backward(ctx, g):
        return g, (-g if ctx.alpha == 1 else g * (-ctx.alpha))


class Mul(Op):
    name = "MulBackward0"

    @staticmethod
    def forward(ctx, a, b):
        if ctx._active:
            # each gradient needs only the other factor (x * 2 does not save x, as PyTorch)
            need = ctx.needs_input_grad
            ctx.save_for_backward(a if need[1] else None, b if need[0] else None)
        return a._data * b._data

    @staticmethod
    def backward(ctx, g):
        a, b = ctx.saved_tensors
        need = ctx.needs_input_grad
        return (g * b if need[0] else None), (g * a if need[1] else None)


class Div(Op):
    name = "DivBackward0"

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return a._data / b._data

    @staticmethod
    def backward(ctx, g):
        a, b = ctx.saved_tensors
        need = ctx.needs_input_grad
        ga = g / b if need[0] else None
        gb = -g * a / (b * b) if need[1] else None
        return ga, gb


class PowScalar(Op):
    name = "PowBackward0"

    @staticmethod
    def forward(ctx, a, exponent):
        ctx.save_for_backward(a)
        ctx.exponent = exponent
        return a._data ** exponent

    @staticmethod
    def backward(ctx, g):
        a, = ctx.saved_tensors
        p = ctx.exponent
        if p == 0:
            return g * 0.0
        if p == 1:
            return g
        return g * p * a ** (p - 1)


class Pow(Op):
    name = "PowBackward1"

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        ctx.save_result = True
        return a._data ** b._data

    @staticmethod
    def backward(ctx, g):
        a, b = ctx.saved_tensors
        need = ctx.needs_input_grad
        ga = gb = None
        if need[0]:
            # b * a**(b-1), with 0 where b == 0 (PyTorch masks it the same way)
            ga = where(b == 0, 0.0, g * b * a ** (b - 1))
        if need[1]:
            r = ctx.result
            ga_log = where(a == 0, 0.0, log(where(a == 0, 1.0, a)))
            gb = g * r * ga_log
        return ga, gb


class RPowScalar(Op):
    name = "PowBackward2"

    @staticmethod
    def forward(ctx, b, base):
        ctx.base = base
        ctx.save_result = True
        return np.asarray(base, dtype=b._data.dtype) ** b._data

    @staticmethod
    def backward(ctx, g):
        base = ctx.base
        if base == 0:
            return g * 0.0
        return g * ctx.result * math.log(base)


def _unary(name_, fwd, bwd, save="input"):
    """Declare an elementwise unary op; bwd(x, result, g) gives the input's gradient."""

    class _Unary(Op):
        name = name_

        @staticmethod
        def forward(ctx, x):
            if save == "input":
                ctx.save_for_backward(x)
            elif save == "result":
                ctx.save_result = True
            return fwd(x._data)

        @staticmethod
        def backward(ctx, g):
            if save == "input":
                x, = ctx.saved_tensors
                return bwd(x, None, g)
            if save == "result":
                return bwd(None, ctx.result, g)
            return bwd(None, None, g)

    _Unary.__name__ = _Unary.__qualname__ = name_.replace("Backward0", "").replace("Backward1", "")
    return _Unary


Neg = _unary("NegBackward0", np.negative, lambda x, r, g: -g, save=None)
Exp = _unary("ExpBackward0", np.exp, lambda x, r, g: g * r, save="result")
Expm1 = _unary("Expm1Backward0", np.expm1, lambda x, r, g: g * (r + 1), save="result")
Log = _unary("LogBackward0", np.log, lambda x, r, g: g / x)
Log2 = _unary("Log2Backward0", np.log2, lambda x, r, g: g / (x * math.log(2.0)))
Log10 = _unary("Log10Backward0", np.log10, lambda x, r, g: g / (x * math.log(10.0)))
Log1p = _unary("Log1PBackward0", np.log1p, lambda x, r, g: g / (x + 1))
Sqrt = _unary("SqrtBackward0", np.sqrt, lambda x, r, g: g / (2 * r), save="result")
Rsqrt = _unary("RsqrtBackward0", lambda a: 1 / np.sqrt(a), lambda x, r, g: -0.5 * g * r ** 3, save="result")
Sin = _unary("SinBackward0", np.sin, lambda x, r, g: g * x.cos())
Cos = _unary("CosBackward0", np.cos, lambda x, r, g: -g * x.sin())
Tan = _unary("TanBackward0", np.tan, lambda x, r, g: g * (1 + r * r), save="result")
Asin = _unary("AsinBackward0", np.arcsin, lambda x, r, g: g * rsqrt(1 - x * x))
Acos = _unary("AcosBackward0", np.arccos, lambda x, r, g: -g * rsqrt(1 - x * x))
Atan = _unary("AtanBackward0", np.arctan, lambda x, r, g: g / (1 + x * x))
Sinh = _unary("SinhBackward0", np.sinh, lambda x, r, g: g * x.cosh())
Cosh = _unary("CoshBackward0", np.cosh, lambda x, r, g: g * x.sinh())
Tanh = _unary("TanhBackward0", np.tanh, lambda x, r, g: g * (1 - r * r), save="result")
Sigmoid = _unary("SigmoidBackward0", lambda a: _sigmoid_np(a), lambda x, r, g: g * r * (1 - r), save="result")
Abs = _unary("AbsBackward0", np.abs, lambda x, r, g: g * x.sign())
Sign = _unary("SignBackward0", np.sign, lambda x, r, g: g * 0.0, save=None)
Relu = _unary("ReluBackward0", lambda a: np.maximum(a, 0).astype(a.dtype, copy=False),
              # the mask is a constant (relu'' = 0): one multiply by a mask of g's dtype
              lambda x, r, g: g * _const(r._data > 0, g._data.dtype), save="result")
Square = _unary("PowBackward0", np.square, lambda x, r, g: g * 2 * x)
Reciprocal = _unary("ReciprocalBackward0", np.reciprocal, lambda x, r, g: -g * r * r, save="result")
Erf = None  # not provided: NumPy has no erf and scipy is not a dependency


def _sigmoid_np(a):
    # stable for large |a|: exp of a non-positive number only
    e = np.exp(-np.abs(a))
    return np.where(a >= 0, 1 / (1 + e), e / (1 + e)).astype(a.dtype, copy=False)


class Clamp(Op):
    name = "ClampBackward1"

    @staticmethod
    def forward(ctx, x, min=None, max=None):
        ctx.save_for_backward(x)
        ctx.bounds = (min, max)
        return np.clip(x._data, min, max).astype(x._data.dtype, copy=False)

    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        lo, hi = ctx.bounds
        d = x._data
        mask = np.ones(d.shape, dtype=bool)
        if lo is not None:
            mask &= d >= lo
        if hi is not None:
            mask &= d <= hi
        return g * _const(mask, g._data.dtype)


class ClampTensor(Op):
    name = "ClampBackward0"

    @staticmethod
    def forward(ctx, x, lo, hi):
        ctx.save_for_backward(x, lo, hi)
        return np.minimum(np.maximum(x._data, lo._data), hi._data)

    @staticmethod
    def backward(ctx, g):
        x, lo, hi = ctx.saved_tensors
        d = x._data
        inside = (d >= lo._data) & (d <= hi._data)
        below = d < lo._data
        above = (d > hi._data) & ~below
        return (g * _const(inside, g._data.dtype), g * _const(below & ~(lo._data > hi._data), g._data.dtype),
                g * _const(above | (lo._data > hi._data), g._data.dtype))


class Maximum(Op):
    name = "MaximumBackward0"

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return np.maximum(a._data, b._data)

    @staticmethod
    def backward(ctx, g):
        a, b = ctx.saved_tensors
        gt = a._data > b._data
        eq = a._data == b._data
        wa = _const(np.where(eq, 0.5, gt.astype(g._data.dtype)), g._data.dtype)
        wb = _const(np.where(eq, 0.5, (~gt & ~eq).astype(g._data.dtype)), g._data.dtype)
        return g * wa, g * wb


class Minimum(Op):
    name = "MinimumBackward0"

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return np.minimum(a._data, b._data)

    @staticmethod
    def backward(ctx, g):
        a, b = ctx.saved_tensors
        lt = a._data < b._data
        eq = a._data == b._data
        wa = _const(np.where(eq, 0.5, lt.astype(g._data.dtype)), g._data.dtype)
        wb = _const(np.where(eq, 0.5, (~lt & ~eq).astype(g._data.dtype)), g._data.dtype)
        return g * wa, g * wb


class Where(Op):
    name = "WhereBackward0"

    @staticmethod
    def forward(ctx, a, b, cond=None):
        ctx.cond = cond
        return np.where(cond, a._data, b._data)

    @staticmethod
    def backward(ctx, g):
        c = ctx.cond
        z = _const(0, g._data.dtype)
        return where(c, g, z), where(c, z, g)


class MaskedFill(Where):
    name = "MaskedFillBackward0"


class ToCopy(Op):
    name = "ToCopyBackward0"

    @staticmethod
    def forward(ctx, x, dtype=None):
        return x._data.astype(dtype)

    @staticmethod
    def backward(ctx, g):
        return g  # the engine casts it back to the input's dtype


class Clone(Op):
    name = "CloneBackward0"

    @staticmethod
    def forward(ctx, x):
        return x._data.copy()

    @staticmethod
    def backward(ctx, g):
        return g


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
    def backward(ctx, g):
        shape, dim, keepdim = ctx.args
        if dim is None and not keepdim and g.dim() == 0:
            return expand(g, shape)      # one node: a 0-d gradient expands to any shape
        g = _unsqueeze_to(g, shape, dim, keepdim)
        return _bexpand(g, shape)


class SumDim(Sum):
    name = "SumBackward1"


class Mean(Op):
    name = "MeanBackward0"

    @staticmethod
    def forward(ctx, x, dim=None, keepdim=False):
        d = x._data
        ctx.args = (d.shape, dim, keepdim)
        ax = _axis(dim, d.ndim)
        if ax is None:
            n = d.size
        else:
            n = math.prod(d.shape[i] for i in (ax if isinstance(ax, tuple) else (ax,)))
        ctx.n = n
        if n == 0:   # NaN like PyTorch, without NumPy's warning
            return np.full(np.sum(d, axis=ax, keepdims=keepdim).shape, np.nan, dtype=d.dtype)
        return np.asarray(np.mean(d, axis=ax, keepdims=keepdim)).astype(d.dtype, copy=False)

    @staticmethod
    def backward(ctx, g):
        shape, dim, keepdim = ctx.args
        g = _unsqueeze_to(g, shape, dim, keepdim)
        return _bexpand(g, shape) / ctx.n


class MeanDim(Mean):
    name = "MeanBackward1"


class Prod(Op):
    name = "ProdBackward0"

    @staticmethod
    def forward(ctx, x, dim=None, keepdim=False):
        ctx.save_for_backward(x)
        ctx.args = (dim, keepdim)
        return np.prod(x._data, axis=_axis(dim, x._data.ndim), keepdims=keepdim)

    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        dim, keepdim = ctx.args
        shape = x.shape
        g = _unsqueeze_to(g, shape, dim, keepdim)
        # product of all other elements, exact when x contains zeros: exclusive
        # cumulative products from both sides along the reduced dimension
        if dim is None:
            flat = x.reshape(-1)
            return (g * _prod_others(flat, 0).reshape(shape)) if x.numel() else g * x
        return g * _prod_others(x, dim)


class ProdDim(Prod):
    name = "ProdBackward1"


def _prod_others(x, dim):
    """For each element, the product of the other elements along dim (differentiable)."""
    n = x.shape[dim]
    if n == 0:
        return x
    ones_shape = list(x.shape)
    ones_shape[dim] = 1
    one = _const(np.ones(tuple(ones_shape)), x._data.dtype)
    left = cat([one, cumprod(x, dim).narrow(dim, 0, n - 1)], dim) if n > 1 else one
    right = flip(cat([one, cumprod(flip(x, dim), dim).narrow(dim, 0, n - 1)], dim), dim) if n > 1 else one
    return left * right


class Cumsum(Op):
    name = "CumsumBackward0"

    @staticmethod
    def forward(ctx, x, dim=0):
        ctx.dim = dim - x._data.ndim   # negative: valid with a leading batch dim
        return np.cumsum(x._data, axis=dim) if x._data.ndim else x._data.copy()

    @staticmethod
    def backward(ctx, g):
        if ctx.dim == 0:
            return g
        return flip(cumsum(flip(g, ctx.dim), ctx.dim), ctx.dim)


class Cumprod(Op):
    name = "CumprodBackward0"

    @staticmethod
    def forward(ctx, x, dim=0):
        ctx.dim = dim
        ctx.save_for_backward(x)
        ctx.save_result = True
        return np.cumprod(x._data, axis=dim) if x._data.ndim else x._data.copy()

    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        if x.dim() == 0:
            return g
        dim = ctx.dim
        n = x.shape[dim]
        if n and np.all(x._data != 0):
            # no zeros: sum_{j>=i} g_j out_j / x_i, a reversed cumulative sum (O(n))
            nd = dim - x.dim()
            return flip(cumsum(flip(g * ctx.result, nd), nd), nd) / x
        # d out_j / d x_i = prod_{k<=j, k!=i} x_k for j >= i: sum over j >= i of
        # g_j * prod_{k<=j,k!=i} x_k, computed without dividing by x (zeros are fine)
        # via an O(n^2) masked product, adequate for the sizes cumprod sees here.
        idx = np.arange(n)
        xs = x.unsqueeze(dim + 1 if dim >= 0 else dim)     # [..., n(k), 1, ...]
        shp = [1] * (x.dim() + 1)
        shp[dim] = n
        shp[dim + 1] = n
        # factor[k, i] = x_k if k != i else 1, restricted to k <= j later
        eye_mask = _const((idx[:, None] == idx[None, :]).reshape(shp), x._data.dtype)
        fac = xs * (1 - eye_mask) + eye_mask                 # [.., k, i, ..]
        total = _const(np.zeros(x._data.shape), x._data.dtype)
        for j in range(n):
            upto = fac.narrow(dim, 0, j + 1).prod(dim)         # [.., i, ..] product over k<=j
            valid = _const((idx <= j).reshape([n if a == dim else 1 for a in range(x.dim())]), x._data.dtype)
            total = total + g.narrow(dim - x.dim(), j, 1) * upto * valid
        return total


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
    def backward(ctx, g):
        x, = ctx.saved_tensors
        dim, keepdim = ctx.args
        shape = x.shape
        r = _unsqueeze_to(ctx.result.detach(), shape, dim, keepdim)
        mask = _const(x._data == r._data, g._data.dtype)
        count = _const(np.sum(mask._data, axis=_axis(dim, len(shape)), keepdims=True), g._data.dtype)
        return _unsqueeze_to(g, shape, dim, keepdim) * mask / count


class Amin(Amax):
    name = "AminBackward0"

    @staticmethod
    def forward(ctx, x, dim=None, keepdim=False):
        return Amax.forward(ctx, x, dim, keepdim, _fn=np.min, _what="amin")


class MaxAll(Amax):
    name = "MaxBackward1"


class MinAll(Amin):
    name = "MinBackward1"


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
    def backward(ctx, g):
        shape, dim, keepdim = ctx.args
        if dim is None:
            return g
        return _scatter_along(_unsqueeze_to(g, shape, dim, keepdim), ctx.indices, dim, shape)


class MinDim(MaxDim):
    name = "MinBackward0"
    _argfn = staticmethod(np.argmin)

    @staticmethod
    def forward(ctx, x, dim=0, keepdim=False):
        return MinDim._fwd(ctx, x, dim, keepdim)


class ScatterAlong(Op):
    """Zeros of `shape` with g placed at `indices` along dim (backward of gather/max(dim))."""
    name = "ScatterBackward0"

    @staticmethod
    def forward(ctx, g, indices=None, dim=0, shape=None):
        ctx.args = (indices, dim)
        d = g._data
        lead = d.ndim - len(shape)          # leading batch dims (batched backward)
        out = np.zeros(d.shape[:lead] + tuple(shape), dtype=d.dtype)
        idx = np.broadcast_to(indices, d.shape[:lead] + indices.shape)
        np.put_along_axis(out, idx, d, axis=dim + lead)
        return out

    @staticmethod
    def backward(ctx, gg):
        indices, dim = ctx.args
        return apply_op(Gather, (gg,), {"dim": dim, "index": indices})


def _scatter_along(g, indices, dim, shape):
    return apply_op(ScatterAlong, (g,), {"indices": indices, "dim": dim, "shape": shape})


class Gather(Op):
    name = "GatherBackward0"

    @staticmethod
    def forward(ctx, x, dim=0, index=None):
        d = x._data
        lead = d.ndim - index.ndim          # leading batch dims (batched backward)
        ctx.args = (d.shape[lead:], dim, index)
        if index.ndim == 0:                 # 0-d input: the index can only be 0
            return d.copy()
        full = np.broadcast_to(index, d.shape[:lead] + index.shape)
        idx = list(np.indices(full.shape, sparse=True))
        idx[dim + lead] = full
        return d[tuple(idx)]

    @staticmethod
    def backward(ctx, g):
        shape, dim, index = ctx.args
        return apply_op(ScatterAdd, (g,), {"indices": index, "dim": dim, "shape": shape})


class ScatterAdd(Op):
    name = "ScatterAddBackward0"

    @staticmethod
    def forward(ctx, g, indices=None, dim=0, shape=None):
        ctx.args = (indices, dim)
        d = g._data
        lead = d.ndim - len(shape)          # leading batch dims (batched backward)
        if len(shape) == 0:                 # 0-d input: one element, index 0
            return d.copy()
        out = np.zeros(d.shape[:lead] + tuple(shape), dtype=d.dtype)
        full = np.broadcast_to(indices, d.shape[:lead] + indices.shape)
        # accumulate repeated indices
        idx = list(np.indices(full.shape, sparse=True))
        idx[dim + lead] = full
        np.add.at(out, tuple(idx), d)
        return out

    @staticmethod
    def backward(ctx, gg):
        indices, dim = ctx.args
        return apply_op(Gather, (gg,), {"dim": dim, "index": indices})


class Var(Op):
    name = "VarBackward0"

    @staticmethod
    def forward(ctx, x, dim=None, correction=1, keepdim=False):
        d = x._data
        ctx.save_for_backward(x)
        ctx.args = (dim, correction, keepdim)
        ax = _axis(dim, d.ndim)
        n = d.size if ax is None else math.prod(d.shape[i] for i in (ax if isinstance(ax, tuple) else (ax,)))
        ctx.n = n
        if n - correction <= 0:   # without NumPy's warning: inf (n > 0) or NaN, like PyTorch
            m = np.sum(d, axis=ax, keepdims=True) / n if n else 0.0
            ss = np.sum((d - m) ** 2, axis=ax, keepdims=keepdim)
            return np.asarray(ss / (n - correction) if n - correction else ss * np.nan).astype(d.dtype, copy=False)
        return np.asarray(np.var(d, axis=ax, ddof=correction, keepdims=keepdim)).astype(d.dtype, copy=False)

    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        dim, correction, keepdim = ctx.args
        g = _unsqueeze_to(g, x.shape, dim, keepdim)
        centered = x - x.mean(dim=dim, keepdim=True) if dim is not None else x - x.mean()
        return g * centered * (2.0 / builtins.max(ctx.n - correction, 0)) if ctx.n - correction > 0 \
            else g * centered * float("nan")


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
        m = np.max(d, axis=ax, keepdims=True)
        m = np.where(np.isfinite(m), m, 0)
        out = np.log(np.sum(np.exp(d - m), axis=ax, keepdims=True)) + m
        if not keepdim:
            out = np.squeeze(out, axis=ax) if ax is not None else out.reshape(())
        return out.astype(d.dtype, copy=False)

    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        dim, keepdim = ctx.args
        r = _unsqueeze_to(ctx.result, x.shape, dim, keepdim)
        return _unsqueeze_to(g, x.shape, dim, keepdim) * (x - r).exp()


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
    def backward(ctx, g):
        r = ctx.result
        if r.dim() == 0:
            return g * 0.0
        dim = ctx.dim - r.dim()
        return r * (g - (g * r).sum(dim, keepdim=True))


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
    def backward(ctx, g):
        r = ctx.result
        if r.dim() == 0:
            return g * 0.0
        return g - r.exp() * g.sum(ctx.dim - r.dim(), keepdim=True)


# ------------------------------------------------------------ linear algebra --
class Matmul(Op):
    """a @ b for a, b of at least 2 dims (batched, broadcasting)."""
    name = "MatmulBackward0"

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return np.matmul(a._data, b._data)

    @staticmethod
    def backward(ctx, g):
        a, b = ctx.saved_tensors
        need = ctx.needs_input_grad
        ga = matmul(g, b.transpose(-1, -2)) if need[0] else None
        gb = matmul(a.transpose(-1, -2), g) if need[1] else None
        return ga, gb


class Mm(Matmul):
    name = "MmBackward0"


class Bmm(Matmul):
    name = "BmmBackward0"


class Dot(Op):
    name = "DotBackward0"

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return np.dot(a._data, b._data)

    @staticmethod
    def backward(ctx, g):
        a, b = ctx.saved_tensors
        need = ctx.needs_input_grad
        g = g.unsqueeze(-1)
        return (g * b if need[0] else None), (g * a if need[1] else None)


class Mv(Op):
    name = "MvBackward0"

    @staticmethod
    def forward(ctx, a, v):
        ctx.save_for_backward(a, v)
        return a._data @ v._data

    @staticmethod
    def backward(ctx, g):
        a, v = ctx.saved_tensors
        need = ctx.needs_input_grad
        # a 1-D g takes one mv (matmul(g, a) would record unsqueeze, mm and squeeze)
        gv = (mv(a.t(), g) if g.dim() == 1 else matmul(g, a)) if need[1] else None
        return (g.unsqueeze(-1) * v if need[0] else None), gv


# ---------------------------------------------------------------- shapes --
class View(Op):
    name = "ViewBackward0"

    @staticmethod
    def forward(ctx, x, shape=None):
        ctx.in_shape = x._data.shape
        return x._data.reshape(shape)

    @staticmethod
    def backward(ctx, g):
        return g.reshape(_bshape(g, ctx.in_shape))


class Reshape(View):
    name = "ReshapeAliasBackward0"


class UnsafeView(View):
    name = "UnsafeViewBackward0"


def _broadcast_view(d, shape):
    """np.broadcast_to(d, shape); a single element (the gradient of a full reduction)
    takes a direct zero-stride view, 3x cheaper than broadcast_to's Python code."""
    if d.size == 1 and d.flags.c_contiguous and len(shape) >= d.ndim:
        v = np.ndarray(shape, d.dtype, d, 0, (0,) * len(shape))
        v.flags.writeable = False
        return v
    return np.broadcast_to(d, shape)


class Expand(Op):
    name = "ExpandBackward0"

    @staticmethod
    def forward(ctx, x, shape=None):
        ctx.in_shape = x._data.shape
        return _broadcast_view(x._data, shape)

    @staticmethod
    def backward(ctx, g):
        return sum_to(g, ctx.in_shape)


class SumToSize(Op):
    name = "SumToSizeBackward0"   # the engine's broadcast reduction, differentiable

    @staticmethod
    def forward(ctx, g, shape=None, nb=0):
        # nb leading batch dims are kept; the rest is summed down to shape
        d = g._data
        ctx.in_shape = d.shape
        lead = d.ndim - nb - len(shape)
        axes = tuple(range(nb, nb + lead)) + tuple(i + nb + lead for i, s in enumerate(shape)
                                                   if s == 1 and d.shape[i + nb + lead] != 1)
        out = d.sum(axis=axes, keepdims=True) if axes else d
        return out.reshape(d.shape[:nb] + tuple(shape))

    @staticmethod
    def backward(ctx, gg):
        return _bexpand(gg, ctx.in_shape)


class Permute(Op):
    name = "PermuteBackward0"

    @staticmethod
    def forward(ctx, x, dims=None):
        ctx.dims = dims
        return np.transpose(x._data, dims)

    @staticmethod
    def backward(ctx, g):
        inv = [builtins.int(i) for i in np.argsort(ctx.dims)]
        lead = g.dim() - len(inv)
        return g.permute(tuple(range(lead)) + tuple(i + lead for i in inv))


class Transpose(Op):
    name = "TransposeBackward0"

    @staticmethod
    def forward(ctx, x, dim0=0, dim1=1):
        n = x._data.ndim
        ctx.dims = (dim0 - n, dim1 - n) if n else None    # negative: valid with a leading batch dim
        return np.swapaxes(x._data, dim0, dim1) if n else x._data.view()

    @staticmethod
    def backward(ctx, g):
        if ctx.dims is None:
            return g
        return g.transpose(*ctx.dims)


class T(Transpose):
    name = "TBackward0"


class Squeeze(Op):
    name = "SqueezeBackward0"

    @staticmethod
    def forward(ctx, x, dim=None):
        ctx.in_shape = x._data.shape
        d = x._data
        if dim is None:
            return np.squeeze(d)
        dims = tuple(i for i in (dim if isinstance(dim, tuple) else (dim,)) if d.ndim and d.shape[i] == 1)
        return np.squeeze(d, axis=dims) if dims else d.view()

    @staticmethod
    def backward(ctx, g):
        return g.reshape(_bshape(g, ctx.in_shape))


class SqueezeDim(Squeeze):
    name = "SqueezeBackward1"


class SqueezeDims(Squeeze):
    name = "SqueezeBackward2"


class Unsqueeze(Op):
    name = "UnsqueezeBackward0"

    @staticmethod
    def forward(ctx, x, dim=0):
        ctx.dim = dim - (x._data.ndim + 1)   # negative: valid with a leading batch dim
        return np.expand_dims(x._data, dim)

    @staticmethod
    def backward(ctx, g):
        return g.squeeze(ctx.dim)


class Flip(Op):
    name = "FlipBackward0"

    @staticmethod
    def forward(ctx, x, dims=None):
        n = x._data.ndim
        ctx.dims = tuple(d - n for d in dims) if n else None
        return np.flip(x._data, dims) if n else x._data.copy()

    @staticmethod
    def backward(ctx, g):
        return flip(g, ctx.dims) if ctx.dims is not None else g


class Index(Op):
    """x[index]: basic (slices, ints, None, Ellipsis) and advanced (tensors, lists, masks)."""
    name = "IndexBackward0"

    @staticmethod
    def forward(ctx, x, index=None, lead=0):
        d = x._data
        ctx.args = (d.shape[lead:], index)
        out = _index_batched(d, index, lead)
        if type(out) is not np.ndarray and not lead:
            # a full integer index gives a NumPy scalar (a copy): take the 0-d view instead
            out = d[(index if isinstance(index, tuple) else (index,)) + (Ellipsis,)]
        ctx.out_ndim = out.ndim - lead
        return out

    @staticmethod
    def backward(ctx, g):
        shape, index = ctx.args
        return apply_op(IndexPutZeros, (g,), {"index": index, "shape": shape, "lead": g.dim() - ctx.out_ndim})


def _index_batched(d, index, lead):
    """d[index] applied to each of the `lead` leading (batch) sub-arrays of d."""
    if not lead:
        return d[index]
    if _is_basic_index(index):
        return d[(slice(None),) * lead + (index if isinstance(index, tuple) else (index,))]
    sample = np.empty(d.shape[lead:], dtype=d.dtype)[index].shape
    out = np.empty(d.shape[:lead] + sample, dtype=d.dtype)
    for b in np.ndindex(*d.shape[:lead]):
        out[b] = d[b][index]
    return out


class Slice(Index):
    name = "SliceBackward0"


class Select(Index):
    name = "SelectBackward0"


class SplitSlice(Index):
    name = "SplitBackward0"


class SplitWithSizesSlice(Index):
    name = "SplitWithSizesBackward0"


class UnbindSelect(Index):
    name = "UnbindBackward0"


class UnsqueezeIndex(Index):
    name = "UnsqueezeBackward0"


class AliasIndex(Index):
    name = "AliasBackward0"


class IndexAdvanced(Index):
    """x[tensor index]: PyTorch's result is a new contiguous tensor (NumPy's may be strided, and
    then view() would refuse it)."""

    @staticmethod
    def forward(ctx, x, index=None, lead=0):
        return np.ascontiguousarray(Index.forward(ctx, x, index, lead))


class IndexPutZeros(Op):
    """Zeros of `shape` with g added at `index` (repeated indices accumulate)."""
    name = "IndexPutBackward0"

    @staticmethod
    def forward(ctx, g, index=None, shape=None, lead=0):
        ctx.index = index
        ctx.ndim = len(shape)
        d = g._data
        out = np.zeros(d.shape[:lead] + tuple(shape), dtype=d.dtype)
        if _is_basic_index(index):
            out[(slice(None),) * lead + (index if isinstance(index, tuple) else (index,))] = d
        else:
            for b in np.ndindex(*d.shape[:lead]):   # () once when lead == 0
                np.add.at(out[b] if lead else out, index, d[b] if lead else d)
        return out

    @staticmethod
    def backward(ctx, gg):
        return apply_op(Index, (gg,), {"index": ctx.index, "lead": gg.dim() - ctx.ndim})


def _is_basic_index(index):
    items = index if isinstance(index, tuple) else (index,)
    for it in items:
        if not (it is None or it is Ellipsis or isinstance(it, (builtins.int, np.integer, slice))) or \
                isinstance(it, (builtins.bool, np.bool_)):
            return False
    return True


class IndexPut(Op):
    """x[index] = v, as an in-place op (PyTorch's CopySlices)."""
    name = "CopySlices"

    @staticmethod
    def forward(ctx, x, v, index=None):
        ctx.args = (index, v._data.shape, x._data.shape)
        out = x._data.copy()
        out[index] = v._data
        return out

    @staticmethod
    def backward(ctx, g):
        index, vshape, xshape = ctx.args
        mask = np.ones(xshape, dtype=g._data.dtype)
        mask[index] = 0
        gv = apply_op(Index, (g,), {"index": index, "lead": g.dim() - len(xshape)})
        return g * _const(mask, g._data.dtype), gv


class IndexPutAdvanced(IndexPut):
    name = "IndexPutBackward0"


class Cat(Op):
    name = "CatBackward0"

    @staticmethod
    def forward(ctx, *xs, dim=0):
        # legacy empty 1-D tensors take part in promotion and autograd but not in the values
        keep = [x._data for x in xs if not (x._data.ndim == 1 and x._data.size == 0)] or [x._data for x in xs]
        ctx.dim = dim - keep[0].ndim if keep[0].ndim else dim   # negative: batch-safe
        ctx.sizes = [x._data.shape[dim] if x._data.ndim > dim else 0 for x in xs]
        return np.concatenate(keep, axis=dim)

    @staticmethod
    def backward(ctx, g):
        out, start = [], 0
        for n in ctx.sizes:
            out.append(g.narrow(ctx.dim, start, n))
            start += n
        return tuple(out)


class Stack(Op):
    name = "StackBackward0"

    @staticmethod
    def forward(ctx, *xs, dim=0):
        ctx.dim = dim - (xs[0]._data.ndim + 1)    # negative: valid with a leading batch dim
        ctx.n = len(xs)
        return np.stack([x._data for x in xs], axis=dim)

    @staticmethod
    def backward(ctx, g):
        return tuple(g.select(ctx.dim, i) for i in range(ctx.n))


# ======================================================= public functions ==
def add(input, other, *, alpha=1):
    a, b = _binary_operands(input, other)
    return apply_op(Add, (a, b), None if alpha == 1 else {"alpha": alpha})


def sub(input, other, *, alpha=1):
    ba, bb = _is_bool_operand(input), _is_bool_operand(other)
    if ba and bb:
        raise RuntimeError("Subtraction, the `-` operator, with two bool tensors is not supported. "
                           "Use the `^` or `logical_xor()` operator instead.")
    if ba or bb:
        raise RuntimeError("Subtraction, the `-` operator, with a bool tensor is not supported. "
                           "If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.")
    a, b = _binary_operands(input, other)
    return apply_op(Sub, (a, b), None if alpha == 1 else {"alpha": alpha})


subtract = sub


def _is_bool_operand(x):
    if isinstance(x, _Tensor):
        return x._data.dtype == np.bool_
    return isinstance(x, (builtins.bool, np.bool_))


def rsub(input, other, *, alpha=1):
    return sub(other, input, alpha=alpha)


def mul(input, other):
    a, b = _binary_operands(input, other)
    return apply_op(Mul, (a, b))


multiply = mul


def div(input, other, *, rounding_mode=None):
    a, b = _binary_operands(input, other)
    if rounding_mode is not None:
        if rounding_mode not in ("trunc", "floor"):
            raise RuntimeError("div expected rounding_mode to be one of None, 'trunc', or 'floor' but found '%s'"
                             % rounding_mode)
        fn = np.trunc if rounding_mode == "trunc" else np.floor
        if a._data.dtype == np.bool_:
            raise NotImplementedError("\"div_%s_cpu\" not implemented for 'Bool'" % rounding_mode)
        with np.errstate(divide="ignore", invalid="ignore"):
            if a._data.dtype.kind in "iu":
                if np.any(b._data == 0):
                    raise RuntimeError("ZeroDivisionError")
                q = np.floor_divide(a._data, b._data) if rounding_mode == "floor" else \
                    (np.trunc(a._data / b._data)).astype(a._data.dtype)
                return _make_tensor(np.asarray(q))
            # rounded quotients are piecewise constant: no gradient, as in PyTorch
            return _make_tensor(np.asarray(fn(a._data / b._data)))
    if a._data.dtype.kind not in "fc":
        a, b = _float_operand(a), _float_operand(b)
    return apply_op(Div, (a, b))


divide = true_divide = div


def floor_divide(input, other):
    return div(input, other, rounding_mode="floor")


def _mod(op_tt, op_ts, input, other):
    """remainder / fmod: gradient 1 for the dividend, -q (the rounded quotient) for a tensor divisor."""
    scalar_other = not isinstance(other, _Tensor)
    a, b = _binary_operands(input, other)
    if a._data.dtype == np.bool_:
        raise NotImplementedError("\"%s_cpu\" not implemented for 'Bool'"
                                  % ("fmod" if op_tt is FmodTensor else "remainder"))
    if a._data.dtype.kind in "biu" and np.any(b._data == 0):
        raise RuntimeError("ZeroDivisionError")
    if scalar_other and isinstance(input, _Tensor):
        return apply_op(op_ts, (a,), {"other": b._data})
    return apply_op(op_tt, (a, b))


class _ModTensor(Op):
    _np = staticmethod(np.mod)
    _round = staticmethod(np.floor)

    @classmethod
    def _fwd(cls, ctx, a, b):
        ctx.save_for_backward(a, b)
        return np.asarray(cls._np(a._data, b._data))

    @classmethod
    def _bwd(cls, ctx, g):
        a, b = ctx.saved_tensors
        with np.errstate(divide="ignore", invalid="ignore"):
            q = _const(cls._round(a._data / b._data), g._data.dtype)
        return g, -g * q


class RemainderTensor(_ModTensor):
    name = "RemainderBackward1"

    @staticmethod
    def forward(ctx, a, b):
        return RemainderTensor._fwd(ctx, a, b)

    @staticmethod
    def backward(ctx, g):
        return RemainderTensor._bwd(ctx, g)


class FmodTensor(_ModTensor):
    name = "FmodBackward1"
    _np = staticmethod(np.fmod)
    _round = staticmethod(np.trunc)

    @staticmethod
    def forward(ctx, a, b):
        return FmodTensor._fwd(ctx, a, b)

    @staticmethod
    def backward(ctx, g):
        return FmodTensor._bwd(ctx, g)


class RemainderScalar(Op):
    name = "RemainderBackward0"

    @staticmethod
    def forward(ctx, a, other=None):
        return np.asarray(np.mod(a._data, other))

    @staticmethod
    def backward(ctx, g):
        return g


class FmodScalar(RemainderScalar):
    name = "FmodBackward0"

    @staticmethod
    def forward(ctx, a, other=None):
        return np.asarray(np.fmod(a._data, other))


def remainder(input, other):
    """Python-style modulus (sign of the divisor), as torch.remainder."""
    return _mod(RemainderTensor, RemainderScalar, input, other)


def fmod(input, other):
    """C-style modulus (sign of the dividend), as torch.fmod."""
    return _mod(FmodTensor, FmodScalar, input, other)


def pow(input, exponent):
    if isinstance(exponent, (builtins.int, builtins.float)) and not isinstance(exponent, builtins.bool) \
            and isinstance(input, _Tensor):
        x = _cast(input, _result_dtype(input, exponent))
        if x._data.dtype.kind in "iu" and exponent < 0:
            raise RuntimeError("Integers to negative integer powers are not allowed.")
        return apply_op(PowScalar, (x,), {"exponent": exponent})
    if isinstance(input, (builtins.int, builtins.float)) and isinstance(exponent, _Tensor):
        e = exponent
        if isinstance(input, builtins.bool) and e._data.dtype == np.bool_:
            raise NotImplementedError("\"pow\" not implemented for 'Bool'")
        e = _cast(e, _result_dtype(e, input))
        return apply_op(RPowScalar, (e,), {"base": input})
    a, b = _binary_operands(input, exponent)
    if a._data.dtype == np.bool_:
        if isinstance(input, _Tensor) and isinstance(exponent, _Tensor):
            raise NotImplementedError("\"pow\" not implemented for 'Bool'")
        return _make_tensor(np.asarray(np.where(b._data, a._data, True)))   # x**True == x, x**False == 1
    return apply_op(Pow, (a, b))


def float_power(input, exponent):
    """pow computed in float64 (as torch.float_power)."""
    def f64(x):
        return to_dtype(x, np.float64) if isinstance(x, _Tensor) else builtins.float(x)
    return pow(f64(input), f64(exponent))


def neg(input):
    if input._data.dtype == np.bool_:
        raise RuntimeError("Negation, the `-` operator, on a bool tensor is not supported. If you are "
                           "trying to invert a mask, use the `~` or `logical_not()` operator instead.")
    return apply_op(Neg, (input,))


negative = neg


def _float_unary(op):
    def slow(input):
        return apply_op(op, (_float_operand(input),))

    def fn(input):
        return _core.fast_float_unary(op, input, slow)
    fn.__name__ = op.__name__.lower()
    fn.__doc__ = "Elementwise %s (computed in floating point), differentiable." % fn.__name__
    return fn


exp = _float_unary(Exp)
expm1 = _float_unary(Expm1)
log = _float_unary(Log)
log2 = _float_unary(Log2)
log10 = _float_unary(Log10)
log1p = _float_unary(Log1p)
sqrt = _float_unary(Sqrt)
rsqrt = _float_unary(Rsqrt)
sin = _float_unary(Sin)
cos = _float_unary(Cos)
tan = _float_unary(Tan)
asin = arcsin = _float_unary(Asin)
acos = arccos = _float_unary(Acos)
atan = arctan = _float_unary(Atan)
sinh = _float_unary(Sinh)
cosh = _float_unary(Cosh)
tanh = _float_unary(Tanh)
sigmoid = _float_unary(Sigmoid)
reciprocal = _float_unary(Reciprocal)


def abs(input):
    x = _as_tensor(input)
    if x._data.dtype == np.bool_:
        raise NotImplementedError("\"abs_cpu\" not implemented for 'Bool'")
    return apply_op(Abs, (x,))


absolute = abs


def sign(input):
    return apply_op(Sign, (_as_tensor(input),))


def square(input):
    return pow(input, 2)


def relu(input):
    return apply_op(Relu, (input,))


def clamp(input, min=None, max=None):
    if min is None and max is None:
        raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
    if isinstance(min, _Tensor) or isinstance(max, _Tensor):
        lo = min if min is not None else _const(-np.inf, input._data.dtype)
        hi = max if max is not None else _const(np.inf, input._data.dtype)
        x, lo = _binary_operands(input, lo)
        x, hi = _binary_operands(x, hi)
        return apply_op(ClampTensor, (x, lo, hi))
    x = input
    if x._data.dtype.kind in "biu" and builtins.any(isinstance(v, builtins.float) for v in (min, max)):
        x = _float_operand(x)
    return apply_op(Clamp, (x,), {"min": min, "max": max})


clip = clamp


def maximum(input, other):
    a, b = _binary_operands(input, other)
    return apply_op(Maximum, (a, b))


def minimum(input, other):
    a, b = _binary_operands(input, other)
    return apply_op(Minimum, (a, b))


def where(condition, input=None, other=None):
    if input is None and other is None:
        return tuple(_make_tensor(i.astype(np.int64)) for i in np.nonzero(_as_tensor(condition)._data))
    c = condition._data if isinstance(condition, _Tensor) else np.asarray(condition)
    if c.dtype != np.bool_:
        raise RuntimeError("where expected condition to be a boolean tensor, but got a tensor with dtype "
                           + _SCALAR_TYPE_NAMES.get(c.dtype.name, c.dtype.name))
    ashape = input._data.shape if isinstance(input, _Tensor) else ()
    _broadcast_shape(c.shape, ashape)
    a, b = _binary_operands(input, other)
    _broadcast_shape(_broadcast_shape(c.shape, ashape), b._data.shape)
    return apply_op(Where, (a, b), {"cond": c})


def clone(input, *, memory_format=None):
    return apply_op(Clone, (input,))


def to_dtype(input, dtype, copy=False):
    nd = to_numpy_dtype(dtype)
    if input._data.dtype == nd:
        return clone(input) if copy else input
    return apply_op(ToCopy, (input,), {"dtype": nd})


# ------------------------------------------------------------- reductions --
def _dim_arg(input, dim):
    if dim is None:
        return None
    if isinstance(dim, (list, tuple)):
        if len(dim) == 0:
            return None
        d = tuple(_norm_dim(x, input._data.ndim) for x in dim)
        if len(set(d)) != len(d):
            raise RuntimeError("dim %d appears multiple times in the list of dims" % d[0])
        return tuple(sorted(d))
    return _norm_dim(dim, input._data.ndim)


def sum(input, dim=None, keepdim=False, *, dtype=None):
    kw = {"dim": _dim_arg(input, dim), "keepdim": keepdim}
    if dtype is not None:
        kw["dtype"] = to_numpy_dtype(dtype)
    return apply_op(Sum if dim is None else SumDim, (input,), kw)


def mean(input, dim=None, keepdim=False, *, dtype=None):
    if dtype is not None:
        input = to_dtype(input, dtype)
    if input._data.dtype.kind not in "fc":
        raise RuntimeError("mean(): could not infer output dtype. Input dtype must be either a floating "
                           "point or complex dtype. Got: %s" % _type_word(input))
    return apply_op(Mean if dim is None else MeanDim, (input,), {"dim": _dim_arg(input, dim), "keepdim": keepdim})


_C_TYPE_NAMES = {"int64": "long int", "int32": "int", "int16": "short int", "int8": "signed char",
                 "uint8": "unsigned char", "float32": "float", "float64": "double", "float16": "c10::Half",
                 "bool": "bool"}
_SCALAR_TYPE_NAMES = {"int64": "Long", "int32": "Int", "int16": "Short", "int8": "Char", "uint8": "Byte",
                      "float32": "Float", "float64": "Double", "float16": "Half", "bool": "Bool",
                      "complex64": "ComplexFloat", "complex128": "ComplexDouble"}


def _type_word(t):
    return {"b": "Bool", "i": "Long", "u": "Byte", "f": "Float", "c": "ComplexFloat"}[t._data.dtype.kind]


def prod(input, dim=None, keepdim=False, *, dtype=None):
    if dtype is not None:
        input = to_dtype(input, dtype)
    if dim is not None and isinstance(dim, (tuple, list)):
        raise TypeError("prod() received an invalid combination of arguments - got (%s), but expected one of:"
                        % type(dim).__name__)
    return apply_op(Prod if dim is None else ProdDim, (input,), {"dim": _dim_arg(input, dim), "keepdim": keepdim})


def cumsum(input, dim, *, dtype=None):
    if dtype is not None:
        input = to_dtype(input, dtype)
    return apply_op(Cumsum, (input,), {"dim": _norm_dim(dim, input._data.ndim) or 0})


def cumprod(input, dim, *, dtype=None):
    if dtype is not None:
        input = to_dtype(input, dtype)
    return apply_op(Cumprod, (input,), {"dim": _norm_dim(dim, input._data.ndim) or 0})


def amax(input, dim=(), keepdim=False):
    return apply_op(Amax, (input,), {"dim": _dim_arg(input, dim), "keepdim": keepdim})


def amin(input, dim=(), keepdim=False):
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
        return apply_op(all_op, (input,), {"dim": None, "keepdim": False})
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
    return _MinMaxResult(node_out, _make_tensor(np.asarray(idx, dtype=np.int64)), name)


def max(input, dim=None, keepdim=False, *, other=None):
    return _minmax(input, dim, keepdim, other, MaxAll, MaxDim, maximum, "max")


def min(input, dim=None, keepdim=False, *, other=None):
    return _minmax(input, dim, keepdim, other, MinAll, MinDim, minimum, "min")


def argmax(input, dim=None, keepdim=False):
    d = input._data
    if dim is None:
        out = np.asarray(np.argmax(d), dtype=np.int64)
        return _make_tensor(out.reshape((1,) * d.ndim) if keepdim else out)
    dd = _norm_dim(dim, d.ndim)
    out = np.argmax(d, axis=dd) if d.ndim else np.zeros((), np.int64)
    return _make_tensor(np.asarray(np.expand_dims(out, dd) if keepdim and d.ndim else out, dtype=np.int64))


def argmin(input, dim=None, keepdim=False):
    d = input._data
    if dim is None:
        out = np.asarray(np.argmin(d), dtype=np.int64)
        return _make_tensor(out.reshape((1,) * d.ndim) if keepdim else out)
    dd = _norm_dim(dim, d.ndim)
    out = np.argmin(d, axis=dd) if d.ndim else np.zeros((), np.int64)
    return _make_tensor(np.asarray(np.expand_dims(out, dd) if keepdim and d.ndim else out, dtype=np.int64))


def var(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    if isinstance(dim, builtins.bool):
        unbiased, dim = dim, None
    if correction is None:
        correction = 1 if unbiased is None or unbiased else 0
    return apply_op(Var, (input,), {"dim": _dim_arg(input, dim), "correction": correction, "keepdim": keepdim})


def std(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    if isinstance(dim, builtins.bool):
        unbiased, dim = dim, None
    if correction is None:
        correction = 1 if unbiased is None or unbiased else 0
    return apply_op(Std, (input,), {"dim": _dim_arg(input, dim), "correction": correction, "keepdim": keepdim})


class Std(Op):
    """Standard deviation; its gradient is var's divided by 2*std (0 where std is 0)."""
    name = "StdBackward0"

    @staticmethod
    def forward(ctx, x, dim=None, correction=1, keepdim=False):
        r = Var.forward(ctx, x, dim, correction, keepdim)
        ctx.save_result = True
        return np.sqrt(r)

    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        dim, correction, keepdim = ctx.args
        r = _unsqueeze_to(ctx.result, x.shape, dim, keepdim)
        g = _unsqueeze_to(g, x.shape, dim, keepdim)
        centered = x - x.mean(dim=dim, keepdim=True) if dim is not None else x - x.mean()
        denom = ctx.n - correction
        if denom <= 0:
            return g * centered * float("nan")
        zero = r == 0
        return where(zero, 0.0, g / (where(zero, 1.0, r) * denom)) * centered


def logsumexp(input, dim, keepdim=False):
    return apply_op(Logsumexp, (input,), {"dim": _dim_arg(input, dim), "keepdim": keepdim})


def norm(input, p="fro", dim=None, keepdim=False, dtype=None):
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
        return np.asarray(r).astype(d.dtype, copy=False)

    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        p, dim, keepdim = ctx.args
        shape = x.shape
        g = _unsqueeze_to(g, shape, dim, keepdim)
        r = _unsqueeze_to(ctx.result, shape, dim, keepdim)
        if p == 0:
            return g * _const(np.zeros(shape), x._data.dtype)
        if p == 1:
            return g * x.sign()
        if p == float("inf") or p == float("-inf"):
            mask = np.abs(x._data) == r._data
            count = np.sum(mask, axis=_axis(dim, len(shape)), keepdims=True)
            w = _const(mask / count, x._data.dtype)
            return g * x.sign() * w
        zero = r == 0
        safe_r = where(zero, 1.0, r)
        if p == 2:
            return where(zero, 0.0, g / safe_r) * x
        return where(zero, 0.0, g / safe_r ** (p - 1)) * x.sign() * x.abs() ** (p - 1)


def softmax(input, dim=None, dtype=None):
    if dtype is not None:
        input = to_dtype(input, dtype)
    d = _norm_dim(-1 if dim is None else dim, input._data.ndim) or 0
    if input._data.dtype.kind not in "fc":
        last = "lastdim_" if d == builtins.max(input._data.ndim - 1, 0) else ""
        raise NotImplementedError("\"softmax_%skernel_impl\" not implemented for '%s'"
                                  % (last, _SCALAR_TYPE_NAMES.get(input._data.dtype.name, input._data.dtype.name)))
    return apply_op(Softmax, (input,), {"dim": d})


def log_softmax(input, dim=None, dtype=None):
    if dtype is not None:
        input = to_dtype(input, dtype)
    d = _norm_dim(-1 if dim is None else dim, input._data.ndim) or 0
    if input._data.dtype.kind not in "fc":
        last = "lastdim_" if d == builtins.max(input._data.ndim - 1, 0) else ""
        raise NotImplementedError("\"log_softmax_%skernel_impl\" not implemented for '%s'"
                                  % (last, _SCALAR_TYPE_NAMES.get(input._data.dtype.name, input._data.dtype.name)))
    return apply_op(LogSoftmax, (input,), {"dim": d})


# ---------------------------------------------------------- linear algebra --
def _check_same_dtype(a, b, opname):
    if a._data.dtype != b._data.dtype:
        raise RuntimeError("expected m1 and m2 to have the same dtype, but got: %s != %s"
                           % (_dtype_word(a), _dtype_word(b)))


def _dtype_word(t):
    return repr(t.dtype).replace("torch.", "")


def matmul(input, other):
    """torch.matmul; the outermost grad_fn is PyTorch's (MmBackward0, MvBackward0, DotBackward0,
    UnsafeViewBackward0 for folded/batched products, CloneBackward0 for matrix @ batch)."""
    a, b = input, other
    _check_same_dtype(a, b, "matmul")
    na, nb = a._data.ndim, b._data.ndim
    if na == 0 or nb == 0:
        raise RuntimeError("both arguments to matmul need to be at least 1D, but they are %dD and %dD" % (na, nb))
    if na == 1 and nb == 1:
        return dot(a, b)
    if na == 2 and nb == 1:
        return mv(a, b)
    if na == 1:
        if a.shape[0] != b.shape[-2]:
            if nb == 2:
                raise RuntimeError("mat1 and mat2 shapes cannot be multiplied (1x%d and %dx%d)"
                                   % (a.shape[0], b.shape[-2], b.shape[-1]))
            nbatch = math.prod(b.shape[:-2])
            raise RuntimeError("Expected size for first two dimensions of batch2 tensor to be: [%d, %d] but got: "
                               "[%d, %d]." % (nbatch, a.shape[0], nbatch, b.shape[-2]))
        out = _matmul_nd(unsqueeze(a, 0), b)
        if nb == 2:
            return apply_op(SqueezeMatmul, (out,), {"dim": 0})
        return _unsafe_view(squeeze(out, -2))
    if nb == 1:
        if a.shape[-1] != b.shape[0]:
            rows = math.prod(a.shape[:-1])
            raise RuntimeError("size mismatch, got input (%d), mat (%dx%d), vec (%d)"
                               % (rows, rows, a.shape[-1], b.shape[0]))
        return _unsafe_view(squeeze(_matmul_nd(a, unsqueeze(b, -1)), -1))
    out = _matmul_nd(a, b)
    if na == 2 and nb == 2:
        return out
    a_batched = na > 2 and builtins.any(s_ != 1 for s_ in a.shape[:-2])
    b_batched = nb > 2 and builtins.any(s_ != 1 for s_ in b.shape[:-2])
    if not a_batched and b_batched:
        return clone(out)          # PyTorch computes matrix @ batch through a transposed copy
    return _unsafe_view(out)


def _unsafe_view(x):
    return apply_op(UnsafeView, (x,), {"shape": x._data.shape})


class SqueezeMatmul(Op):
    """The squeeze that ends vector @ matrix (PyTorch's SqueezeBackward4)."""
    name = "SqueezeBackward4"

    @staticmethod
    def forward(ctx, x, dim=0):
        ctx.in_shape = x._data.shape
        return np.squeeze(x._data, axis=dim)

    @staticmethod
    def backward(ctx, g):
        return g.reshape(_bshape(g, ctx.in_shape))


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


def mm(input, mat2):
    if input._data.ndim != 2 or mat2._data.ndim != 2:
        raise RuntimeError("self must be a matrix" if input._data.ndim != 2 else "mat2 must be a matrix")
    return matmul(input, mat2)


def bmm(input, mat2):
    if input._data.ndim != 3 or mat2._data.ndim != 3:
        raise RuntimeError("batch1 must be a 3D tensor" if input._data.ndim != 3 else "batch2 must be a 3D tensor")
    if input.shape[0] != mat2.shape[0]:
        raise RuntimeError("batch1 and batch2 must have same number of batches, got %d and %d"
                           % (input.shape[0], mat2.shape[0]))
    _check_same_dtype(input, mat2, "bmm")
    if input.shape[2] != mat2.shape[1]:
        raise RuntimeError("Expected size for first two dimensions of batch2 tensor to be: [%d, %d] but got: "
                           "[%d, %d]." % (input.shape[0], input.shape[2], mat2.shape[0], mat2.shape[1]))
    return apply_op(Bmm, (input, mat2))


def dot(input, other):
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
    return apply_op(Dot, (input, other))


def inner(input, other):
    """Sum over the last dims (torch.inner): shape input.shape[:-1] + other.shape[:-1]."""
    if input._data.ndim == 0 or other._data.ndim == 0:
        return mul(input, other)
    if input.shape[-1] != other.shape[-1]:
        raise RuntimeError("inner() the last dimension must match on both input tensors but got shapes [%s] and [%s]"
                           % (", ".join(map(str, input.shape)), ", ".join(map(str, other.shape))))
    k = input.shape[-1]
    out = mm(reshape(input, (-1, k)), t(reshape(other, (-1, k))))
    return view(out, tuple(input.shape[:-1]) + tuple(other.shape[:-1]))


def mv(input, vec):
    if input._data.ndim != 2 or vec._data.ndim != 1:
        raise RuntimeError("vector + matrix @ vector expected, got %d, %d, %d" % (1, input._data.ndim, vec._data.ndim))
    if input.shape[1] != vec.shape[0]:
        raise RuntimeError("size mismatch, got input (%d), mat (%dx%d), vec (%d)"
                           % (input.shape[0], input.shape[0], input.shape[1], vec.shape[0]))
    _check_same_dtype(input, vec, "mv")
    return apply_op(Mv, (input, vec))


def outer(input, vec2):
    for name_, t_ in (("self", input), ("vec2", vec2)):
        if t_._data.ndim != 1:
            raise RuntimeError("outer: Expected 1-D argument %s, but got %d-D" % (name_, t_._data.ndim))
    # PyTorch computes outer as input[:, None] * vec2 (grad_fn MulBackward0)
    return mul(unsqueeze(input, 1), vec2)


ger = outer


# ----------------------------------------------------------------- shapes --
def _infer_shape(shape, numel):
    shape = [builtins.int(s) for s in shape]
    neg = [i for i, s in enumerate(shape) if s == -1]
    if len(neg) > 1:
        raise RuntimeError("only one dimension can be inferred")
    if neg:
        known = math.prod(s for s in shape if s != -1) if len(shape) > 1 else 1
        if known == 0 or numel % known:
            raise RuntimeError("shape '[%s]' is invalid for input of size %d" % (", ".join(map(str, shape)), numel))
        shape[neg[0]] = numel // known
    if math.prod(shape) != numel:
        raise RuntimeError("shape '[%s]' is invalid for input of size %d" % (", ".join(map(str, shape)), numel))
    return tuple(shape)


def _shape_args(shape):
    if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
        return tuple(shape[0])
    if len(shape) == 1 and hasattr(shape[0], "__iter__") and not isinstance(shape[0], _Tensor):
        return tuple(shape[0])
    return tuple(shape)


def reshape(input, *shape):
    shape = _infer_shape(_shape_args(shape), input._data.size)
    if shape == input._data.shape:
        return _view_result(apply_op(View, (input,), {"shape": shape}), input)
    d = input._data
    if d.flags.c_contiguous or _viewable(d, shape):
        return _view_result(apply_op(View, (input,), {"shape": shape}), input)
    return apply_op(UnsafeView, (clone(input),), {"shape": shape})


def view(input, *shape):
    if len(shape) == 1 and not isinstance(shape[0], (tuple, list, builtins.int)) and not hasattr(shape[0], "__len__"):
        return to_dtype(input, shape[0])
    shape = _infer_shape(_shape_args(shape), input._data.size)
    d = input._data
    if d.size and not (d.flags.c_contiguous or _viewable(d, shape)):
        raise RuntimeError("view size is not compatible with input tensor's size and stride (at least one "
                           "dimension spans across two contiguous subspaces). Use .reshape(...) instead.")
    return _view_result(apply_op(View, (input,), {"shape": shape}), input)


def _viewable(d, shape):
    try:
        v = d.view()
        v.shape = shape  # raises if a copy would be needed
        return True
    except AttributeError:
        return False


def _view_result(out, input):
    out._make_view_of(input)
    return out


def flatten(input, start_dim=0, end_dim=-1):
    nd = input._data.ndim
    if nd == 0:
        return reshape(input, (1,))
    s = _norm_dim(start_dim, nd)
    e = _norm_dim(end_dim, nd)
    if s > e:
        raise RuntimeError("flatten() has invalid args: start_dim cannot come after end_dim")
    shape = input.shape
    new = tuple(shape[:s]) + (math.prod(shape[s:e + 1]),) + tuple(shape[e + 1:])
    return reshape(input, new)


def unflatten(input, dim, sizes):
    d = _norm_dim(dim, input._data.ndim)
    shape = input.shape
    sizes = tuple(sizes)
    known = math.prod(x for x in sizes if x != -1)
    if (-1 not in sizes and known != shape[d]) or (-1 in sizes and (known == 0 or shape[d] % known)):
        raise RuntimeError("unflatten: Provided sizes [%s] don't multiply up to the size of dim %d (%d) in the "
                           "input tensor" % (", ".join(map(str, sizes)), d, shape[d]))
    return reshape(input, tuple(shape[:d]) + sizes + tuple(shape[d + 1:]))


def squeeze(input, dim=None):
    if dim is None:
        return _view_result(apply_op(Squeeze, (input,), {"dim": None}), input)
    d = _dim_arg(input, dim)
    op = SqueezeDims if isinstance(dim, (tuple, list)) else SqueezeDim
    return _view_result(apply_op(op, (input,), {"dim": d}), input)


def unsqueeze(input, dim):
    d = _norm_dim(dim, input._data.ndim + 1)
    return _view_result(apply_op(Unsqueeze, (input,), {"dim": d}), input)


def transpose(input, dim0, dim1):
    nd = input._data.ndim
    if nd == 0:
        _norm_dim(dim0, 0), _norm_dim(dim1, 0)
        return _view_result(apply_op(Transpose, (input,), {"dim0": 0, "dim1": 0}), input)
    return _view_result(apply_op(Transpose, (input,), {"dim0": _norm_dim(dim0, nd), "dim1": _norm_dim(dim1, nd)}),
                        input)


swapaxes = swapdims = transpose


def t(input):
    nd = input._data.ndim
    if nd > 2:
        raise RuntimeError("t() expects a tensor with <= 2 dimensions, but self is %dD" % nd)
    if nd < 2:
        return _view_result(apply_op(T, (input,), {"dim0": 0, "dim1": 0}), input)
    return _view_result(apply_op(T, (input,), {"dim0": 0, "dim1": 1}), input)


def permute(input, *dims):
    dims = _shape_args(dims)
    nd = input._data.ndim
    if len(dims) != nd:
        raise RuntimeError("permute(sparse_coo): number of dimensions in the tensor input does not match the "
                           "length of the desired ordering of dimensions i.e. input.dim() = %d is not equal to "
                           "len(dims) = %d" % (nd, len(dims)))
    d = tuple(_norm_dim(x, nd) for x in dims) if nd else ()
    if len(set(d)) != len(d):
        raise RuntimeError("permute(): duplicate dims are not allowed.")
    return _view_result(apply_op(Permute, (input,), {"dims": d}), input)


def movedim(input, source, destination):
    nd = input._data.ndim
    src = [_norm_dim(s, nd) for s in (source if isinstance(source, (tuple, list)) else [source])]
    dst = [_norm_dim(s, nd) for s in (destination if isinstance(destination, (tuple, list)) else [destination])]
    order = [i for i in range(nd) if i not in src]
    for dd, s in sorted(zip(dst, src)):
        order.insert(dd, s)
    return permute(input, tuple(order))


def expand(input, *sizes):
    sizes = _shape_args(sizes)
    shape = input._data.shape
    if len(sizes) < len(shape):
        raise RuntimeError("expand(torch.%s{[%s]}, size=[%s]): the number of sizes provided (%d) must be greater "
                           "or equal to the number of dimensions in the tensor (%d)"
                           % (input.dtype._tensor_type, ", ".join(map(str, shape)), ", ".join(map(str, sizes)),
                              len(sizes), len(shape)))
    lead = len(sizes) - len(shape)
    target = []
    for i, s in enumerate(sizes):
        if i < lead:
            if s < 0:
                raise RuntimeError("The expanded size of the tensor (-1) isn't allowed in a leading, "
                                   "non-existing dimension %d" % i)
            target.append(s)
        else:
            cur = shape[i - lead]
            if s == -1:
                target.append(cur)
            elif cur != s and cur != 1:
                raise RuntimeError("The expanded size of the tensor (%d) must match the existing size (%d) at "
                                   "non-singleton dimension %d.  Target sizes: [%s].  Tensor sizes: [%s]"
                                   % (s, cur, i, ", ".join(map(str, sizes)), ", ".join(map(str, shape))))
            else:
                target.append(s)
    target = tuple(target)
    return _view_result(apply_op(Expand, (input,), {"shape": target}), input)


def broadcast_to(input, size):
    return expand(input, tuple(size))


def expand_as(input, other):
    return expand(input, other.shape)


def sum_to(g, shape):
    """Sum g down to `shape` (the engine's reduction of broadcast gradients).

    During a batched backward the leading batch dim of g is kept."""
    shape = tuple(shape)
    nb = _core.grad_batch_ndim() if g._data.ndim > len(shape) else 0
    if g._data.shape[nb:] == shape:
        return g
    return apply_op(SumToSize, (g,), {"shape": shape, "nb": nb})


def flip(input, dims):
    nd = input._data.ndim
    if isinstance(dims, builtins.int):
        dims = (dims,)
    d = tuple(_norm_dim(x, nd) for x in dims) if nd else ()
    return apply_op(Flip, (input,), {"dims": d})


def narrow(input, dim, start, length, _op=None):
    d = _norm_dim(dim, input._data.ndim)
    size = input._data.shape[d]
    if start < 0:
        start += size
    if start < 0 or start + length > size or length < 0:
        raise RuntimeError("start (%d) + length (%d) exceeds dimension size (%d)." % (start, length, size))
    idx = (slice(None),) * d + (slice(start, start + length),)
    return _view_result(apply_op(_op or Slice, (input,), {"index": idx}), input)


def select(input, dim, index, _op=None):
    d = _norm_dim(dim, input._data.ndim)
    size = input._data.shape[d]
    if index < -size or index >= size:
        raise IndexError("select(): index %d out of range for tensor of size [%s] at dimension %d"
                         % (index, ", ".join(map(str, input.shape)), d))
    idx = (slice(None),) * d + (index % size,)
    return _view_result(apply_op(_op or Select, (input,), {"index": idx}), input)


def _convert_index(index):
    """Turn a Python/tensor index into a NumPy one; returns (index, is_basic)."""
    items = index if isinstance(index, tuple) else (index,)
    out = []
    basic = True
    for it in items:
        if isinstance(it, _Tensor):
            d = it._data
            if d.dtype.kind not in "biu":
                raise IndexError("tensors used as indices must be long, int, byte or bool tensors")
            basic = False
            out.append(d)
        elif isinstance(it, (list, np.ndarray)):
            basic = False
            out.append(np.asarray(it))
        elif isinstance(it, (builtins.bool, np.bool_)):
            basic = False
            out.append(it)
        else:
            out.append(it)
    idx = tuple(out) if isinstance(index, tuple) else out[0]
    return idx, basic


def getitem(input, index):
    idx, basic = _convert_index(index)
    d = input._data
    if basic:
        _check_basic_index(d.shape, idx)
    if not basic:
        _check_advanced_index(d.shape, idx)
    op = _basic_index_op(d.shape, idx, isinstance(index, tuple)) if basic else IndexAdvanced
    out = apply_op(op, (input,), {"index": idx})
    if basic:
        out._make_view_of(input)
    return out


def _check_advanced_index(shape, idx):
    """PyTorch's texts for bad masks and out-of-range index tensors (NumPy's must not leak)."""
    items = idx if isinstance(idx, tuple) else (idx,)
    n_real = builtins.sum(it.ndim if isinstance(it, np.ndarray) and it.dtype == np.bool_ else
                          (0 if it is None or it is Ellipsis or isinstance(it, (builtins.bool, np.bool_)) else 1)
                          for it in items)
    if n_real > len(shape):
        raise IndexError("too many indices for tensor of dimension %d" % len(shape))
    dim = 0
    for it in items:
        if it is Ellipsis:
            dim += len(shape) - n_real
        elif it is None or isinstance(it, (builtins.bool, np.bool_)):
            continue
        elif isinstance(it, np.ndarray) and it.dtype == np.bool_:
            for k in range(it.ndim):
                if it.shape[k] != shape[dim + k]:
                    raise IndexError("The shape of the mask [%s] at index %d does not match the shape of the indexed "
                                     "tensor [%s] at index %d" % (", ".join(map(str, it.shape)), k,
                                                                 ", ".join(map(str, shape)), dim + k))
            dim += it.ndim
        elif isinstance(it, np.ndarray):
            size = shape[dim]
            bad = it[(it < -size) | (it >= size)] if it.size else it[:0]
            if bad.size:
                raise IndexError("index %d is out of bounds for dimension %d with size %d" % (bad.flat[0], dim, size))
            dim += 1
        elif isinstance(it, slice):
            dim += 1
        else:
            size = shape[dim]
            if it < -size or it >= size:
                raise IndexError("index %d is out of bounds for dimension %d with size %d" % (it, dim, size))
            dim += 1


def _basic_index_op(shape, idx, is_tuple):
    """The op PyTorch records last for a basic index: ints select, None unsqueezes,
    slices slice (full slices inside a tuple are skipped); nothing applied: an alias."""
    if not is_tuple:
        if idx is None:
            return UnsqueezeIndex
        if idx is Ellipsis:
            return AliasIndex
        return Slice if isinstance(idx, slice) else Select
    items = idx
    n_real = len([i for i in items if i is not None and i is not Ellipsis])
    op, dim = AliasIndex, 0
    for it in items:
        if it is Ellipsis:
            dim += len(shape) - n_real
        elif it is None:
            op = UnsqueezeIndex
        elif isinstance(it, slice):
            if it.indices(shape[dim]) != (0, shape[dim], 1):
                op = Slice
            dim += 1
        else:
            op = Select
            dim += 1
    return op


def _check_basic_index(shape, idx):
    items = idx if isinstance(idx, tuple) else (idx,)
    dim = 0
    n_real = len([i for i in items if i is not None and i is not Ellipsis])
    if n_real > len(shape):
        raise IndexError("too many indices for tensor of dimension %d" % len(shape))
    for it in items:
        if it is Ellipsis:
            dim += len(shape) - n_real
            continue
        if it is None:
            continue
        if isinstance(it, (builtins.int, np.integer)):
            size = shape[dim]
            if it < -size or it >= size:
                raise IndexError("index %d is out of bounds for dimension %d with size %d" % (it, dim, size))
        dim += 1


def setitem(input, index, value):
    if not isinstance(value, _Tensor):
        value = _const(value, input._data.dtype)
    elif value._data.dtype != input._data.dtype:
        value = _cast(value, input._data.dtype)
    idx, basic = _convert_index(index)
    shape = input._data.shape
    if basic:
        _check_basic_index(shape, idx)
    else:
        _check_advanced_index(shape, idx)
    target = np.broadcast_to(np.empty((), dtype=np.int8), shape)[idx].shape
    vshape = value._data.shape
    try:
        ok = np.broadcast_shapes(vshape, target) == target
    except ValueError:
        ok = False
    if not ok:
        while len(vshape) > len(target) and vshape[0] == 1:
            vshape = vshape[1:]
        if not basic:
            # index_put_ drops the value's leading 1-dims too, as PyTorch does
            try:
                ok = np.broadcast_shapes(vshape, target) == target
            except ValueError:
                ok = False
            if not ok:
                raise RuntimeError("shape mismatch: value tensor of shape [%s] cannot be broadcast to indexing "
                                   "result of shape [%s]" % (", ".join(map(str, vshape)), ", ".join(map(str, target))))
            value = reshape(value, vshape)
            return apply_inplace(IndexPutAdvanced, input, (value,), {"index": idx})
        # raises PyTorch's expand error for the value
        expand(_make_tensor(np.broadcast_to(np.empty((), dtype=value._data.dtype), vshape)), target)
    # a basic index writes through a view (CopySlices); tensors/masks use index_put_
    apply_inplace(IndexPut if basic else IndexPutAdvanced, input, (value,), {"index": idx})


def cat(tensors, dim=0, *, out=None):
    tensors = list(tensors)
    if not tensors:
        raise ValueError("torch.cat(): expected a non-empty list of Tensors")
    for i, t_ in enumerate(tensors):
        if not isinstance(t_, _Tensor):
            raise TypeError("expected Tensor as element %d in argument 0, but got %s" % (i, type(t_).__name__))
    # PyTorch skips legacy empty 1-D tensors of shape [0]
    ts = [x for x in tensors if not (x._data.ndim == 1 and x._data.size == 0)] or tensors[:1]
    nd = ts[0]._data.ndim
    if nd == 0:
        raise RuntimeError("zero-dimensional tensor (at position 0) cannot be concatenated")
    d = _norm_dim(dim, nd)
    for i, x in enumerate(ts):
        if x._data.ndim != nd:
            raise RuntimeError("Tensors must have same number of dimensions: got %d and %d" % (nd, x._data.ndim))
        for k in range(nd):
            if k != d and x._data.shape[k] != ts[0]._data.shape[k]:
                raise RuntimeError("Sizes of tensors must match except in dimension %d. Expected size %d but got "
                                   "size %d for tensor number %d in the list."
                                   % (d, ts[0]._data.shape[k], x._data.shape[k], i))
    dt = _result_dtype(*tensors)
    return apply_op(Cat, tuple(_cast(x, dt) for x in tensors), {"dim": d})


concat = concatenate = cat


def stack(tensors, dim=0):
    tensors = list(tensors)
    if not tensors:
        raise RuntimeError("stack expects a non-empty TensorList")
    shape0 = tensors[0]._data.shape
    for i, x in enumerate(tensors):
        if x._data.shape != shape0:
            raise RuntimeError("stack expects each tensor to be equal size, but got [%s] at entry 0 and [%s] at "
                               "entry %d" % (", ".join(map(str, shape0)), ", ".join(map(str, x._data.shape)), i))
    d = _norm_dim(dim, len(shape0) + 1)
    dt = _result_dtype(*tensors)
    return apply_op(Stack, tuple(_cast(x, dt) for x in tensors), {"dim": d})


def hstack(tensors):
    return cat(tensors, 0 if tensors[0]._data.ndim == 1 else 1)


def vstack(tensors):
    return cat([x.reshape(1, -1) if x._data.ndim == 1 else x for x in tensors], 0)


def split(tensor, split_size_or_sections, dim=0):
    d = _norm_dim(dim, tensor._data.ndim)
    size = tensor._data.shape[d]
    op = SplitSlice
    if isinstance(split_size_or_sections, builtins.int):
        step = split_size_or_sections
        if step <= 0 and size:
            raise RuntimeError("split_size can only be 0 if dimension size is 0, but got dimension size of %d" % size)
        # a zero-size dim splits into one empty piece, as in PyTorch
        sections = [builtins.min(step, size - s) for s in range(0, size, step)] if step and size else [0]
    else:
        op = SplitWithSizesSlice
        sections = list(split_size_or_sections)
        if builtins.sum(sections) != size:
            raise RuntimeError("split_with_sizes expects split_sizes to sum exactly to %d (input tensor's size at "
                               "dimension %d), but got split_sizes=[%s]" % (size, d, ", ".join(map(str, sections))))
    out, start = [], 0
    for n in sections:
        out.append(narrow(tensor, d, start, n, op))
        start += n
    return tuple(out)


def chunk(input, chunks, dim=0):
    if chunks <= 0:
        raise RuntimeError("chunk expects `chunks` to be greater than 0, got: %d" % chunks)
    d = _norm_dim(dim, input._data.ndim)
    size = input._data.shape[d]
    if not size:
        return split(input, [0] * chunks, d)   # PyTorch: `chunks` empty pieces
    return split(input, -(-size // chunks), d)


def unbind(input, dim=0):
    d = _norm_dim(dim, input._data.ndim)
    return tuple(select(input, d, i, UnbindSelect) for i in range(input._data.shape[d]))


def gather(input, dim, index):
    d = _norm_dim(dim, input._data.ndim) or 0
    ix = index._data if isinstance(index, _Tensor) else np.asarray(index)
    if ix.dtype.kind not in "iu":
        raise RuntimeError("gather(): Expected dtype int32/int64 for index")
    xs = input._data.shape
    if ix.ndim != len(xs) and not (ix.ndim <= 1 and len(xs) <= 1):
        raise RuntimeError("Index tensor must have the same number of dimensions as input tensor")
    ix = ix.reshape(ix.shape + (1,) * (len(xs) - ix.ndim)) if ix.ndim < len(xs) else ix
    for k in range(len(xs)):
        if k != d and ix.shape[k] > xs[k]:
            raise RuntimeError("Size does not match at dimension %d expected index [%s] to be no larger than self "
                               "[%s] apart from dimension %d" % (k, ", ".join(map(str, ix.shape)),
                                                                 ", ".join(map(str, xs)), d))
    size = xs[d] if xs else 1
    bad = ix[(ix < 0) | (ix >= size)] if ix.size else ix[:0]
    if bad.size:
        raise RuntimeError("index %d is out of bounds for dimension %d with size %d" % (bad.flat[0], d, size))
    return apply_op(Gather, (input,), {"dim": d, "index": ix.astype(np.int64, copy=False)})


def masked_fill(input, mask, value):
    m = mask._data if isinstance(mask, _Tensor) else np.asarray(mask)
    if m.dtype != np.bool_:
        raise RuntimeError("masked_fill_ only supports boolean masks, but got mask with dtype "
                           + _C_TYPE_NAMES.get(m.dtype.name, m.dtype.name))
    if isinstance(value, _Tensor):
        if value._data.ndim:
            raise RuntimeError("masked_fill_ only supports a 0-dimensional value tensor, but got tensor with %d "
                               "dimension(s)." % value._data.ndim)
        v = _cast(value, input._data.dtype)
    else:
        v = _const(value, input._data.dtype)
    _check_broadcast(m.shape, input._data.shape)
    out = apply_op(MaskedFill, (v, input), {"cond": m})
    if out._data.shape != input._data.shape:
        raise RuntimeError("expand(torch.BoolTensor{[%s]}, size=[%s]): the number of sizes provided (%d) must be "
                           "greater or equal to the number of dimensions in the tensor (%d)"
                           % (", ".join(map(str, m.shape)), ", ".join(map(str, input._data.shape)),
                              input._data.ndim, m.ndim))
    return out


# ------------------------------------------------------------ comparisons --
def _compare(fn):
    def cmp(input, other):
        a, b = _binary_operands(input, other)
        return _make_tensor(np.asarray(fn(a._data, b._data)))
    cmp.__name__ = fn.__name__
    return cmp


eq = _compare(np.equal)
ne = not_equal = _compare(np.not_equal)
lt = less = _compare(np.less)
le = less_equal = _compare(np.less_equal)
gt = greater = _compare(np.greater)
ge = greater_equal = _compare(np.greater_equal)


def logical_not(input):
    return _make_tensor(np.logical_not(input._data))


def logical_and(input, other):
    return _make_tensor(np.logical_and(_as_tensor(input)._data, _as_tensor(other)._data))


def logical_or(input, other):
    return _make_tensor(np.logical_or(_as_tensor(input)._data, _as_tensor(other)._data))


def logical_xor(input, other):
    return _make_tensor(np.logical_xor(_as_tensor(input)._data, _as_tensor(other)._data))


def _bitwise(fn, name):
    def op(input, other):
        a, b = _binary_operands(input, other)
        if a._data.dtype.kind not in "biu":
            raise RuntimeError('"%s_cpu" not implemented for \'%s\'' % (name, _dtype_word(a).capitalize()))
        return _make_tensor(np.asarray(fn(a._data, b._data)))
    return op


bitwise_and = _bitwise(np.bitwise_and, "bitwise_and")
bitwise_or = _bitwise(np.bitwise_or, "bitwise_or")
bitwise_xor = _bitwise(np.bitwise_xor, "bitwise_xor")


def bitwise_not(input):
    if input._data.dtype.kind not in "biu":
        raise RuntimeError("bitwise_not is only supported for integer and boolean tensors")
    return _make_tensor(np.invert(input._data))


def equal(input, other):
    return input.shape == other.shape and builtins.bool(np.array_equal(input._data, other._data))


def allclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    return builtins.bool(np.allclose(input._data, other._data, rtol=rtol, atol=atol, equal_nan=equal_nan))


def isclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    return _make_tensor(np.isclose(input._data, _as_tensor(other)._data, rtol=rtol, atol=atol, equal_nan=equal_nan))


def isnan(input):
    return _make_tensor(np.isnan(input._data))


def isinf(input):
    return _make_tensor(np.isinf(input._data))


def isfinite(input):
    return _make_tensor(np.isfinite(input._data))


def all(input, dim=None, keepdim=False):
    return _make_tensor(np.asarray(np.all(input._data, axis=_dim_arg(input, dim), keepdims=keepdim)))


def any(input, dim=None, keepdim=False):
    return _make_tensor(np.asarray(np.any(input._data, axis=_dim_arg(input, dim), keepdims=keepdim)))


def count_nonzero(input, dim=None):
    return _make_tensor(np.asarray(np.count_nonzero(input._data, axis=_dim_arg(input, dim)), dtype=np.int64))


def nonzero(input, *, as_tuple=False):
    idx = np.nonzero(input._data)
    if as_tuple:
        return tuple(_make_tensor(i.astype(np.int64)) for i in idx)
    return _make_tensor(np.stack(idx, axis=1).astype(np.int64) if idx else np.zeros((1, 0), np.int64))


Floor = _unary("FloorBackward0", np.floor, lambda x, r, g: g * 0.0, save=None)
Ceil = _unary("CeilBackward0", np.ceil, lambda x, r, g: g * 0.0, save=None)
Trunc = _unary("TruncBackward0", np.trunc, lambda x, r, g: g * 0.0, save=None)
Frac = _unary("FracBackward0", lambda a: a - np.trunc(a), lambda x, r, g: g, save=None)
Round = _unary("RoundBackward0", np.round, lambda x, r, g: g * 0.0, save=None)


class RoundDecimals(Op):
    name = "RoundBackward1"

    @staticmethod
    def forward(ctx, x, decimals=0):
        return np.round(x._data, decimals)

    @staticmethod
    def backward(ctx, g):
        return g * 0.0


def _piecewise(op, input, kw=None):
    """floor, ceil, round, trunc: zero gradient almost everywhere (as PyTorch); ints pass through."""
    input = _as_tensor(input)
    if input._data.dtype.kind in "biu":
        if op is Frac:
            raise RuntimeError("\"frac_cpu\" not implemented for '%s'" % _type_word(input))
        return _make_tensor(input._data.copy())
    return apply_op(op, (input,), kw)


def floor(input):
    return _piecewise(Floor, input)


def ceil(input):
    return _piecewise(Ceil, input)


def trunc(input):
    return _piecewise(Trunc, input)


fix = trunc


def frac(input):
    return _piecewise(Frac, input)


def round(input, decimals=0):
    if decimals:
        return _piecewise(RoundDecimals, input, {"decimals": decimals})
    return _piecewise(Round, input)


# ------------------------------------------------------ quiet forwards --
# PyTorch computes inf/nan silently: op forwards run with NumPy's floating-point
# warnings off. The core switches NumPy's error-state context variable around each
# forward (from C, ~50 ns); with an older NumPy that has no such variable, the
# forwards are wrapped in np.errstate instead.
try:   # NumPy >= 2
    from numpy._core import umath as _umath
    _core._set_quiet_errstate(_umath._extobj_contextvar, _umath._make_extobj(all="ignore"))
except (ImportError, AttributeError):   # pragma: no cover - older NumPy
    def _quiet(fwd):
        def forward(ctx, *args, **kwargs):
            with np.errstate(all="ignore"):
                return fwd(ctx, *args, **kwargs)
        forward.__name__ = fwd.__name__
        forward.__doc__ = fwd.__doc__
        return staticmethod(forward)

    def _quiet_all_forwards():
        todo, seen = list(Op.__subclasses__()), set()
        while todo:
            cls = todo.pop()
            if cls in seen:
                continue
            seen.add(cls)
            todo.extend(cls.__subclasses__())
            f = cls.__dict__.get("forward")
            if isinstance(f, staticmethod):
                cls.forward = _quiet(f.__func__)

    _quiet_all_forwards()

# C fast paths for float operands (see src/_core/fast.pxi); everything else goes to
# the functions above.
_core._set_fast_ops(Add, Sub, Mul, Div, Neg, {"add": add, "sub": sub, "mul": mul, "div": div})
