"""The rule namespace's functions that are not themselves an op's forward: how a rule reads its
saved values and builds shapes and selects, each given once for arrays and once for tensors.

F.<op fn> (F.cos, F.exp, ...) come from the op declarations (fn + array); the names here are
declared with rule_helper so that ARRAY and GRAPH always hold the same names."""
import numpy as np

from .. import _core
from .._core import apply_op, _make_tensor
from ._common import _bshape, _exact_zero_grad, _unsqueeze_to, _zero_grad, _const
from .elementwise import _select_grad, where, ThresholdBackward, _pow_scalar_np, pow as _pow, clamp
from .shape import (_bexpand, transpose, permute, unsqueeze, expand as _expand, sum_to, Diagonal, DiagonalScatter,
                    _diagonal_of)
from .indexing import _scatter_along
from .reductions import sum as _sum
from .linalg import matmul, mv
from .complex import _cj, ViewAsComplex
from ._registry import rule_helper


def _unsqueeze_to_array(g, shape, dim, keepdim):
    n = len(shape)
    if keepdim or n == 0:
        return g
    dims = range(n) if dim is None else (dim if isinstance(dim, tuple) else (dim,))
    out = list(np.shape(g))
    for d in sorted(dims):
        out.insert(d, 1)
    return np.reshape(g, out)


def _select_array(mask, g):
    return np.where(mask, g, np.zeros((), dtype=g.dtype))


def _zeros_array(g):
    return np.zeros(np.shape(g), dtype=g.dtype)


def _exact_zero_tensor(g):
    # recorded (create_graph) it is a select, so the zero has a history; in a batched pass an exact zero
    if _core.is_grad_enabled():
        return where(_const(True, np.bool_), _const(0, g._data.dtype), g)
    return _exact_zero_grad(g)


# reading what the forward saved
# (the array forms are the core's methods themselves: no Python frame per call)
rule_helper("saved", _core.Node._saved_arrays, lambda ctx: ctx.saved_tensors)
rule_helper("result", _core.Node._result_array, lambda ctx: ctx.result)
# properties
rule_helper("is_complex", _core.array_is_complex, lambda x: x._data.dtype.kind == "c")
rule_helper("ndim", np.ndim, lambda x: x._data.ndim)
rule_helper("shape", np.shape, lambda x: x._data.shape)
# gradients that are zero, selects (never g * mask: inf * 0 is nan)
rule_helper("zeros_like", _zeros_array, _zero_grad)
rule_helper("exact_zero", lambda g: _core._exact_zero_array(np.shape(g), g.dtype), _exact_zero_tensor)
rule_helper("select", _select_array,
            lambda mask, g: _select_grad(mask._data if isinstance(mask, _core.TensorBase) else mask, g))
rule_helper("threshold_backward", _core.threshold_select, lambda g, r: apply_op(ThresholdBackward, (g, r)))
rule_helper("where", np.where, where)
rule_helper("conj", _core.array_conj, _cj)
# a ** p for a Python number p (`**` on arrays and on tensors differ at -0.5)
rule_helper("pow", _pow_scalar_np, _pow)
# shapes; in a batched pass (GRAPH only) the leading batch dims are kept in front
rule_helper("expand", _core.broadcast_view, _bexpand)
rule_helper("reshape", np.reshape, lambda g, shape: g.reshape(_bshape(g, shape)))
rule_helper("unsqueeze_to", _unsqueeze_to_array, _unsqueeze_to)
rule_helper("unsqueeze", np.expand_dims, unsqueeze)
rule_helper("sum", lambda g, dim=None, keepdim=False: np.add.reduce(g, axis=dim, keepdims=keepdim), _sum)
rule_helper("sum_to", lambda g, shape: _core.sum_to_array(g, shape), sum_to)
rule_helper("transpose", lambda x, d0, d1: x.swapaxes(d0, d1), transpose)
rule_helper("permute", np.transpose, permute)
rule_helper("matmul", np.matmul, matmul)
rule_helper("mv", np.matmul, mv)


# ---- elementwise, reductions, softmax (ops/elementwise.py, ops/reductions.py; gather / scatter in ops/indexing.py)
from ._common import _real_np  # noqa: E402
from .indexing import Gather, ScatterAdd, _scatter_along_np, _gather_np, _scatter_add_np  # noqa: E402
from .reductions import (_prod_others, _prod_others_np, _reverse_cumsum, _reverse_cumsum_np,  # noqa: E402
                         _cumprod_grad_with_zeros, _cumprod_grad_with_zeros_np, _var_degenerate_factor_np)


def _real_nonneg_array(b):
    return (b.imag == 0) & (b.real >= 0) if b.dtype.kind == "c" else b >= 0


# masks: whether any element is True, how many are (Python bool / int), and a mask (or a count)
# as a constant of another value's dtype
rule_helper("any_true", lambda m: bool(m.any()), lambda m: bool(m._data.any()))
rule_helper("count_true", lambda m: int(np.count_nonzero(m)),
            lambda m: int(np.count_nonzero(m._data)))
rule_helper("constant_like", lambda v, like: v.astype(like.dtype), lambda v, like: _const(v._data, like._data.dtype))
# pow: b >= 0 (complex: real and >= 0), a constant mask; the exponent's own operand minus one
# (b_src: the operand b was promoted from) in b's dtype
rule_helper("real_nonneg", _real_nonneg_array, lambda b: _const(_real_nonneg_array(b._data), np.bool_))
rule_helper("exponent_minus_one", lambda b_src, b: (b_src - 1).astype(b.dtype, copy=False),
            lambda b_src, b: b_src - 1)
# prod, cumsum, cumprod: the products of the other elements along dim (None: all), the sums from
# each position to the end, cumprod's gradient where the input has zeros
rule_helper("prod_others", _prod_others_np, _prod_others)
rule_helper("reverse_cumsum", _reverse_cumsum_np, _reverse_cumsum)
rule_helper("cumprod_grad_with_zeros", _cumprod_grad_with_zeros_np, _cumprod_grad_with_zeros)
# max(dim), gather, scatter_add: the forwards of ScatterAlong, Gather, ScatterAdd (index arrays)
rule_helper("scatter_along", _scatter_along_np, _scatter_along)
rule_helper("gather_along", _gather_np, lambda g, dim, index: apply_op(Gather, (g,), {"dim": dim, "index": index}))
rule_helper("scatter_add_along", _scatter_add_np,
            lambda g, indices, dim, shape: apply_op(ScatterAdd, (g,), {"indices": indices, "dim": dim, "shape": shape}))
# var over all elements when n <= correction: the constant factor inf (nan where x is its mean)
rule_helper("var_degenerate_factor", _var_degenerate_factor_np,
            lambda x: _const(_var_degenerate_factor_np(x._data), _real_np(x._data.dtype)))


# ---- linear algebra, shapes, views, indexing (ops/linalg.py, ops/shape.py, ops/indexing.py) -----
from .shape import _real_coords, t as _t, cat as _cat, stack as _stack  # noqa: E402
from .indexing import Index, IndexPutZeros, _index_batched, _index_put_zeros_array  # noqa: E402
from .complex import ViewAsReal  # noqa: E402


def _view_as_complex_array(d):
    # ViewAsComplex's forward on an array
    cdt = np.complex128 if d.dtype == np.float64 else np.complex64
    if d.strides[-1] == d.itemsize:
        return d.view(cdt)[..., 0]
    return d[..., 0] + np.asarray(1j, dtype=cdt) * d[..., 1]


# d[index] on each of the `lead` leading (batch) sub-arrays, and its reverse: zeros of `shape` with g
# added at index (repeated indices accumulate)
rule_helper("index", _index_batched, lambda g, index, lead: apply_op(Index, (g,), {"index": index, "lead": lead}))
rule_helper("index_put_zeros", _index_put_zeros_array,
            lambda g, index, shape, lead: apply_op(IndexPutZeros, (g,), {"index": index, "shape": shape,
                                                                         "lead": lead}))
# new zeros of a full shape (batch dims included) and like's dtype, outside any graph
rule_helper("new_zeros", lambda like, shape: np.zeros(shape, dtype=like.dtype),
            lambda like, shape: _make_tensor(np.zeros(shape, dtype=like._data.dtype)))
rule_helper("t", lambda x: x.T, _t)
rule_helper("cat", np.concatenate, _cat)
rule_helper("stack", np.stack, _stack)
# a gradient in real coordinates (complex as (..., 2) real pairs) and back: ViewAsReal /
# ViewAsComplex for complex values, the value itself otherwise
rule_helper("to_real_coords", _real_coords,
            lambda g: apply_op(ViewAsReal, (g,)) if g._data.dtype.kind == "c" else g)
rule_helper("from_real_coords", lambda d, complex_: _view_as_complex_array(d) if complex_ else d,
            lambda g, complex_: apply_op(ViewAsComplex, (g,)) if complex_ else g)


# ---- concatenation, complex, norms, diagonal, rounding, nn.functional, _tensor ops -------------
def _narrow_array(g, dim, start, length):
    part = slice(start, start + length)
    if dim < 0:
        return g[(Ellipsis, part) + (slice(None),) * (-dim - 1)]
    return g[(slice(None),) * dim + (part,)]


def _select_dim_array(g, dim, index):
    if dim < 0:
        return g[(Ellipsis, index) + (slice(None),) * (-dim - 1)]
    return g[(slice(None),) * dim + (index,)]


def _constant_tensor(a):
    return _make_tensor(np.asarray(a))


def _diagonal_array(g, offset, dim1, dim2):
    return _diagonal_of(g, offset, dim1 % g.ndim, dim2 % g.ndim)


def _diagonal_tensor(g, offset, dim1, dim2):
    n = g._data.ndim
    return apply_op(Diagonal, (g,), {"offset": offset, "dim1": dim1 % n, "dim2": dim2 % n})


def _clamp_min_array(x, lo):
    return np.maximum(lo, x).astype(x.dtype, copy=False)     # Clamp's forward (x on a tie)


def _nll_scatter_array(gv, idx, shape):
    out = np.zeros(shape, dtype=gv.dtype)
    np.put_along_axis(out, idx, np.reshape(gv, idx.shape), axis=1)
    return out


def _nll_scatter_tensor(gv, idx, shape):
    return _scatter_along(unsqueeze(gv, 1 - idx.ndim), idx, 1, shape)    # batch dims (if any) in front


# parts of a gradient along a dim (cat, stack); new zeros of a full shape (batch dims included) and
# like's dtype, outside any graph
rule_helper("narrow", _narrow_array, lambda g, dim, start, length: g.narrow(dim, start, length))
rule_helper("select_dim", _select_dim_array, lambda g, dim, index: g.select(dim, index))
# a value's array, to compute a constant with NumPy (a mask, a rounded quotient), and that array
# back as a constant of the rule (recorded: a tensor without history)
rule_helper("data", lambda x: x, lambda x: x._data)
rule_helper("constant", lambda a: a, _constant_tensor)
rule_helper("view_as_complex", ViewAsComplex.array, lambda g: apply_op(ViewAsComplex, (g,)))
rule_helper("diagonal", _diagonal_array, _diagonal_tensor)
rule_helper("diagonal_scatter", DiagonalScatter.array,
            lambda g, shape, offset, dim1, dim2: apply_op(DiagonalScatter, (g,), {"shape": shape, "offset": offset,
                                                                               "dim1": dim1, "dim2": dim2}))
rule_helper("clamp_min", _clamp_min_array, lambda x, lo: clamp(x, min=lo))
# nll_loss: gv placed at each sample's class index (along dim 1) in zeros of shape
rule_helper("nll_scatter", _nll_scatter_array, _nll_scatter_tensor)
# (F.embedding and F.embedding_dense_backward are declared in nn/functional.py, with their ops)



# ---- forward mode (jvp rules, pyautograd/autograd/forward_ad.py) ---------------------------------
rule_helper("ones_like", lambda x: np.ones(np.shape(x), dtype=x.dtype),
            lambda x: _make_tensor(np.ones(x._data.shape, dtype=x._data.dtype)))
