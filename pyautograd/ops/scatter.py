"""Writes and reads at index tensors: scatter / scatter_add / scatter_reduce along a dim,
index_add / index_copy / index_fill / index_select along a dim, masked_select / masked_scatter,
take / put / take_along_dim, index_put, diag_embed.

Every write is one op (ScatterInto and its named forms): the input with values written, added or
reduced at a NumPy index `coords` (coordinates into the input). Its Jacobian is linear in the
gradient with constant coefficients the forward computes (cx for the input, cs for each written
value: 1 / 0 for a copy, 1 / count for a mean, the tie shares of amax / amin, the product of the
others for prod), so one vjp serves all: g * cx for the input and g[coords] * cs for the values.
For prod the coefficients depend on the inputs, which the rule keeps constant (no second
derivative through them). Every read is Index's rule (a copy of input[coords], with torch's grad_fn name):
the gradient added at the index into zeros."""
import builtins
import warnings

import numpy as np

from .._core import apply_inplace, apply_op, _make_tensor, TensorBase as _Tensor
from ._registry import expose, Op
from ._spec import OpSpec
from ._common import _check_tensor, _norm_dim, _is_number
from .elementwise import _cast
from .shape import expand
from .indexing import Index, IndexPutZeros

__all__ = ["ScatterInto", "scatter", "scatter_", "scatter_add", "scatter_add_", "scatter_reduce", "scatter_reduce_",
           "index_add", "index_add_", "index_copy", "index_copy_", "index_fill", "index_fill_", "index_select",
           "masked_select", "masked_scatter", "masked_scatter_", "take", "take_along_dim", "put", "put_",
           "index_put", "index_put_", "diag_embed"]


# ---------------------------------------------------------------- the write op --
def _group_product_of_others(x, hit, include_self, coords, src):
    """d prod / d element of every group (the product of the group's other elements), exact with
    zeros: for x (the input's own element, 1 off the written positions) and for each src value."""
    own = include_self | ~hit
    xv = np.where(own, x, 1)
    nz = np.where(xv == 0, 1, xv).astype(x.dtype)
    zc = (own & (x == 0)).astype(np.int64)
    np.multiply.at(nz, coords, np.where(src == 0, 1, src))
    np.add.at(zc, coords, (src == 0).astype(np.int64))

    def others(v, nzp, z):
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(v == 0, np.where(z == 1, nzp, 0), np.where(z == 0, nzp / np.where(v == 0, 1, v), 0))
    cx = np.where(own, others(x, nz, zc), 0).astype(x.dtype)
    cx = np.where(hit, cx, 1).astype(x.dtype)
    cs = others(src, nz[coords], zc[coords]).astype(x.dtype)
    return cx, cs


def _write(x, src, coords, reduce, include_self, alpha):
    """(result, cx, cs, winners) of writing src at coords of x with `reduce`."""
    if x.ndim == 0:                         # a 0-d input: its one element, written by a 0-d src
        out, cx, cs, winners = _write(x.reshape(1), np.reshape(src, (1,)), (np.zeros(1, np.intp),), reduce,
                                      include_self, alpha)
        return (out.reshape(()), cx.reshape(()), np.reshape(cs, ()),
                None if winners is None else winners.reshape(()))
    out = x.copy()
    hit = np.zeros(x.shape, bool)
    hit[coords] = True
    one = np.ones((), x.dtype)
    cs = np.broadcast_to(one, src.shape)
    winners = None
    if reduce == "copy":
        out[coords] = src
        cx = (~hit).astype(x.dtype)
        order = np.full(x.shape, -1, np.int64)
        order[coords] = np.arange(src.size).reshape(src.shape)
        winners = (order[coords] == np.arange(src.size).reshape(src.shape)).astype(x.dtype)
    elif reduce == "add":
        np.add.at(out, coords, src * alpha if alpha != 1 else src)
        cx = np.broadcast_to(one, x.shape)
        cs = np.broadcast_to(np.asarray(alpha, x.dtype), src.shape)
    elif reduce in ("sum", "mean"):
        if not include_self:
            out[hit] = 0
        np.add.at(out, coords, src)
        cx = np.where(hit, one if include_self else 0, one).astype(x.dtype)
        if reduce == "mean":
            count = np.where(hit, 1 if include_self else 0, 1).astype(np.int64)
            np.add.at(count, coords, 1)
            if x.dtype.kind in "iu":
                out = np.floor_divide(out, count).astype(x.dtype)
            else:
                out = (out / count).astype(x.dtype)
            cx = (cx / count).astype(x.dtype)
            cs = (1 / count[coords]).astype(x.dtype)
    elif reduce in ("prod", "multiply"):
        if not include_self:
            out[hit] = 1
        np.multiply.at(out, coords, src)
        if x.dtype.kind in "fc":
            cx, cs = _group_product_of_others(x, hit, include_self, coords, src)
        else:
            cx = np.broadcast_to(one, x.shape)
    else:                                   # amax / amin: the gradient split evenly among ties
        ufunc = np.maximum if reduce == "amax" else np.minimum
        if not include_self:
            if x.dtype.kind == "f":
                out[hit] = -np.inf if reduce == "amax" else np.inf
            elif x.dtype.kind in "iu":
                info = np.iinfo(x.dtype)
                out[hit] = info.min if reduce == "amax" else info.max
            else:
                out[hit] = reduce == "amin"
        ufunc.at(out, coords, src)
        xt = ((x == out) & (include_self | ~hit))
        st = src == out[coords]
        # as torch, the count of ties includes self's element equal to the result even when
        # include_self=False (whose own share is then 0)
        cnt = (x == out).astype(np.int64)
        np.add.at(cnt, coords, st.astype(np.int64))
        cnt = np.maximum(cnt, 1)
        cx = (xt / cnt).astype(x.dtype)
        cs = (st / cnt[coords]).astype(x.dtype)
    return out, cx, cs, winners


class ScatterInto(Op):
    """The input with src written / reduced at coords (a NumPy index into the input); src_index:
    the part of the source tensor that is written (an index into it; None: all of it)."""
    name = "ScatterBackward0"

    @staticmethod
    def forward(ctx, x, source=None, coords=None, src_index=None, reduce="copy", include_self=True, alpha=1,
                legacy=False, saved=None):
        d = x._data
        ctx.legacy = legacy
        if saved is not None and ctx._active:
            # the user's index tensor, saved as torch saves it: changing it in place makes backward fail
            ctx.save_for_backward(saved)
        if source is None:                  # a fill: the options hold nothing to differentiate
            out = d.copy()
            out[coords] = alpha
            ctx.args = ((~_hit(d.shape, coords)).astype(d.dtype), None, None, coords, None, None, d.shape)
            return out
        s = source._data
        if reduce == "fill":                # a 0-d tensor value written at every coordinate
            out = d.copy()
            out[coords] = s
            ctx.args = ((~_hit(d.shape, coords)).astype(d.dtype), "fill", None, coords, None, s.shape, d.shape)
            return out
        src = s if src_index is None else s[src_index]
        out, cx, cs, winners = _write(d, src, coords, reduce, include_self, alpha)
        ctx.args = (cx, cs, winners, coords, src_index, s.shape, d.shape)
        return out

    @staticmethod
    def vjp(F, ctx, g):
        if ctx.legacy:      # scatter(..., reduce=): torch has no derivative for it
            raise RuntimeError("derivative for aten::scatter is not implemented")
        cx, cs, _winners, coords, src_index, sshape, xshape = ctx.args
        gx = g * F.constant(cx)
        if cs is None:
            return gx
        lead = F.ndim(g) - len(xshape)
        if isinstance(cs, str):             # fill: the value gets the sum of g where it was written
            gs = g * F.constant(1 - cx)
            return gx, (F.sum(gs, tuple(range(lead, F.ndim(g)))) if xshape else gs)
        gs = F.index(g, coords, lead) * F.constant(cs)
        if src_index is not None:
            gs = F.index_put_zeros(gs, src_index, sshape, lead)
        return gx, gs

    @staticmethod
    def jvp(F, ctx, primals, options, result, tx, ts=None):
        if ctx.legacy:
            raise RuntimeError("derivative for aten::scatter is not implemented")
        cx, cs, winners, coords, src_index, sshape, xshape = ctx.args
        out = tx * F.constant(cx)
        if cs is None or ts is None:
            return out
        if isinstance(cs, str):
            return out + ts * F.constant(1 - cx)
        t = ts if src_index is None else F.index(ts, src_index, 0)
        t = t * F.constant(cs if winners is None else winners * cs)
        return out + F.index_put_zeros(t, coords, xshape, 0)


def _hit(shape, coords):
    hit = np.zeros(shape, bool)
    hit[coords] = True
    return hit


class ScatterValue(ScatterInto):
    name = "ScatterBackward1"


class ScatterAddInto(ScatterInto):
    name = "ScatterAddBackward0"


class ScatterReduceInto(ScatterInto):
    name = "ScatterReduceBackward0"


class IndexAddInto(ScatterInto):
    name = "IndexAddBackward0"


class IndexCopyInto(ScatterInto):
    name = "IndexCopyBackward0"


class IndexFillValue(ScatterInto):
    name = "IndexFillBackward0"


class IndexFillTensor(ScatterInto):
    name = "IndexFillBackward1"


class MaskedScatterInto(ScatterInto):
    name = "MaskedScatterBackward0"


class PutInto(ScatterInto):
    name = "PutBackward0"


class IndexPutInto(ScatterInto):
    name = "IndexPutBackward0"


# ----------------------------------------------------------------- reads --
class _Read(Index):
    """input[coords] as a new C-contiguous tensor (also for a 0-d result, which IndexAdvanced
    would make 1-d, and for an Ellipsis, which NumPy answers with a view)."""

    @staticmethod
    def forward(ctx, x, index=None, lead=0):
        return np.array(Index.forward(ctx, x, index, lead), order="C")


class IndexSelect(_Read):
    name = "IndexSelectBackward0"


class MaskedSelect(_Read):
    name = "MaskedSelectBackward0"


class Take(_Read):
    name = "TakeBackward0"


class TakeAlongDim(_Read):
    name = "GatherBackward0"           # torch's take_along_dim is a gather (of the flattened input for dim=None)


class DiagEmbed(IndexPutZeros):
    name = "DiagEmbedBackward0"


def _read(op, input, coords):
    return apply_op(op, (input,), {"index": coords})


# ------------------------------------------------------------ checks and indices --
def _index_array(index, fname, text=None):
    _check_tensor(index, fname, "index", 3)
    ix = index._data
    if ix.dtype.kind not in "iu" or ix.dtype == np.uint8:
        raise RuntimeError(text or "%s(): Expected dtype int32/int64 for index" % fname)
    return ix.astype(np.int64, copy=False)


def _dims(shape):
    return ", ".join(map(str, shape))


def _along_coords(ix, dim):
    """Coordinates of each element of index ix (as gather/scatter read it: dim replaced)."""
    idx = list(np.indices(ix.shape, sparse=True))
    idx[dim] = ix
    return tuple(idx)


def _scatter_checks(fname, input, dim, index, src_shape):
    xs = input._data.shape
    d = _norm_dim(dim, len(xs)) if xs else _norm_dim(dim, 1)
    ix = _index_array(index, fname)
    if ix.ndim != max(len(xs), 1) and not (ix.ndim <= 1 and len(xs) <= 1):
        raise RuntimeError("Index tensor must have the same number of dimensions as self tensor")
    if src_shape is not None and len(src_shape) != ix.ndim and not (len(src_shape) <= 1 and ix.ndim <= 1):
        raise RuntimeError("Index tensor must have the same number of dimensions as src tensor")
    xs1 = xs or (1,)
    ix1 = ix.reshape(ix.shape or (1,)) if ix.ndim <= 1 else ix
    ss1 = None if src_shape is None else (tuple(src_shape) or (1,))
    bad = builtins.any(k != d and ix1.shape[k] > xs1[k] for k in range(ix1.ndim)) or (
        ss1 is not None and builtins.any(ix1.shape[k] > ss1[k] for k in range(ix1.ndim)))
    if bad and ix.size:
        if ss1 is None:
            raise RuntimeError("Expected index [%s] to be no larger than self [%s] apart from dimension %d"
                               % (_dims(ix.shape), _dims(xs), d))
        raise RuntimeError("Expected index [%s] to be no larger than self [%s] apart from dimension %d and to be no "
                           "larger size than src [%s]" % (_dims(ix.shape), _dims(xs), d, _dims(src_shape)))
    size = xs1[d]
    oob = ix[(ix < 0) | (ix >= size)]
    if oob.size:
        raise RuntimeError("index %d is out of bounds for dimension %d with size %d" % (oob.flat[0], d, size))
    return d, ix


def _scatter_apply(op, input, dim, index, src, fname, inplace, reduce="copy", include_self=True, value=None,
                   legacy=False):
    _check_tensor(input, fname)
    xs = input._data.shape
    if src is not None:
        _check_tensor(src, fname, "src", 4)
        if src._data.dtype != input._data.dtype:
            raise RuntimeError("scatter(): Expected self.dtype to be equal to src.dtype")
    d, ix = _scatter_checks(fname.rstrip("_"), input, dim, index, None if src is None else src._data.shape)
    nd = max(len(xs), 1)
    ix1 = ix.reshape(ix.shape + (1,) * (nd - ix.ndim))
    coords = _along_coords(ix1, d) if xs else Ellipsis      # 0-d input: its one element (index 0)
    if src is None:
        opts = {"coords": coords, "alpha": value, "saved": index}
        return apply_inplace(op, input, (), opts) if inplace else apply_op(op, (input,), opts)
    ss = src._data.shape
    src_index = None
    if xs and ss and ss != ix1.shape:
        src_index = tuple(slice(0, n) for n in ix1.shape)   # the part of src the index reads
    elif xs and not ss:
        src = expand(src, ix1.shape)                         # a 0-d src (1-d input, one index)
    elif not xs and ss:
        src_index = (0,) * len(ss)             # a 0-d input reads src's first element
    opts = {"coords": coords, "src_index": src_index, "reduce": reduce, "include_self": include_self,
            "saved": index}
    if legacy:
        opts["legacy"] = True
    return apply_inplace(op, input, (src,), opts) if inplace else apply_op(op, (input, src), opts)


# ------------------------------------------------------------ public functions --
def _scatter_value(input, value, fname):
    if isinstance(value, _Tensor):
        if value._data.ndim:
            raise RuntimeError("%s only supports a 0-dimensional value tensor" % fname)
        value = value._data[()]
    if not _is_number(value):
        raise TypeError("%s() received an invalid combination of arguments" % fname)
    return value


_LEGACY = ("add", "multiply")             # scatter(..., reduce=): the legacy reductions


def _scatter(input, dim, index, src, value, reduce, inplace):
    fname = "scatter_" if inplace else "scatter"
    if reduce is not None and reduce not in _LEGACY:
        raise RuntimeError("reduce argument must be either add or multiply.")
    if src is None and value is None:
        raise TypeError("scatter() missing required argument 'src' or 'value'")
    if src is not None and not isinstance(src, _Tensor):
        value, src = src, None
    if src is None:
        v = _scatter_value(input, value, fname)
        if reduce is not None:
            src_t = _make_tensor(np.full(np.asarray(index._data).shape, v, input._data.dtype))
            return _scatter_apply(ScatterValue, input, dim, index, src_t, fname, inplace, reduce=reduce, legacy=True)
        return _scatter_apply(ScatterValue, input, dim, index, None, fname, inplace, value=v)
    if reduce is not None:
        warnings.warn("The reduce argument of torch.scatter with Tensor src is deprecated and will be removed in a "
                      "future PyTorch release. Use torch.scatter_reduce instead for more reduction options.",
                      UserWarning, stacklevel=4)
        return _scatter_apply(ScatterInto, input, dim, index, src, fname, inplace, reduce=reduce, legacy=True)
    return _scatter_apply(ScatterInto, input, dim, index, src, fname, inplace)


def _spec_scatter(T, a, b):
    return T.scatter(a, 0, T.tensor([[0, 1, 2], [2, 0, 1]]), b)


@expose(method=True, spec=[
    OpSpec("scatter", _spec_scatter, [(3, 3), (2, 3)]),
    OpSpec("scatter_neg_dim", lambda T, a, b: a.scatter(-1, T.tensor([[2], [0]]), b), [(2, 3), (2, 1)]),
    OpSpec("scatter_value", lambda T, a: T.scatter(a, 1, T.tensor([[1], [0]]), 2.5), [(2, 3)]),
    OpSpec("scatter_0d", lambda T, a, b: T.scatter(a, 0, T.tensor(0), b), [(), ()], noncontig=False),
])
def scatter(input, dim, index, src=None, value=None, *, reduce=None):
    """scatter: input with the values of src (or the number value) written at the positions index gives along dim: for
    dim 0, out[index[i][j]][j] = src[i][j]. reduce='add' or 'multiply' combines instead of replacing.

    Gradient: for input, grad with the written positions zeroed; for src, grad gathered at index.

    Example::

        >>> pa.scatter(pa.zeros(3), 0, pa.tensor([0, 2]), pa.tensor([5.0, 6.0]))
        tensor([5., 0., 6.])
    """
    return _scatter(input, dim, index, src, value, reduce, False)


@expose(method=True, spec=OpSpec("scatter_", lambda T, a, b: (a * 1).scatter_(0, T.tensor([[1, 0]]), b),
                                 [(2, 2), (1, 2)]))
def scatter_(input, dim, index, src=None, value=None, *, reduce=None):
    """In-place form of pyautograd.scatter: changes input and returns it (bumping its version counter). scatter: input
    with the values of src (or the number value) written at the positions index gives along dim: for dim 0,
    out[index[i][j]][j] = src[i][j]. reduce='add' or 'multiply' combines instead of replacing.

    Gradient: as scatter's.

    Example::

        >>> x = pa.zeros(3)
        >>> x.scatter_(0, pa.tensor([1]), value=2.0)
        tensor([0., 2., 0.])
    """
    return _scatter(input, dim, index, src, value, reduce, True)


@expose(method=True, spec=[
    OpSpec("scatter_add", lambda T, a, b: T.scatter_add(a, 0, T.tensor([[0, 1, 2], [0, 0, 1]]), b), [(3, 3), (2, 3)]),
    OpSpec("scatter_add_empty", lambda T, a, b: T.scatter_add(a, 0, T.zeros((0, 3), dtype=T.int64), b),
           [(2, 3), (0, 3)]),
])
def scatter_add(input, dim, index, src):
    """input with the values of src added at the positions index gives along dim (repeated indices accumulate).

    Gradient: grad for input; grad gathered at index for src.

    Example::

        >>> pa.scatter_add(pa.zeros(3), 0, pa.tensor([0, 0, 2]), pa.tensor([1.0, 2.0, 3.0]))
        tensor([3., 0., 3.])
    """
    return _scatter_apply(ScatterAddInto, input, dim, index, src, "scatter_add", False, reduce="add")


@expose(method=True, spec=OpSpec("scatter_add_", lambda T, a, b: (a * 1).scatter_add_(1, T.tensor([[1, 1]]), b),
                                 [(2, 2), (1, 2)]))
def scatter_add_(input, dim, index, src):
    """In-place form of pyautograd.scatter_add: changes input and returns it (bumping its version counter). input with
    the values of src added at the positions index gives along dim (repeated indices accumulate).

    Gradient: as scatter_add's.

    Example::

        >>> x = pa.zeros(2)
        >>> x.scatter_add_(0, pa.tensor([1, 1]), pa.ones(2))
        tensor([0., 2.])
    """
    return _scatter_apply(ScatterAddInto, input, dim, index, src, "scatter_add_", True, reduce="add")


_REDUCES = ("sum", "prod", "mean", "amax", "amin")


def _scatter_reduce(input, dim, index, src, reduce, include_self, inplace):
    reduce = {"max": "amax", "min": "amin"}.get(reduce, reduce)     # torch's undocumented aliases
    if reduce not in _REDUCES:
        raise RuntimeError("reduce argument must be either sum, prod, mean, amax or amin, got %s" % reduce)
    return _scatter_apply(ScatterReduceInto, input, dim, index, src, "scatter_reduce_" if inplace else "scatter_reduce",
                          inplace, reduce=reduce, include_self=builtins.bool(include_self))


def _reduce_spec(reduce, include_self, second=True):
    return OpSpec("scatter_reduce_%s_%s" % (reduce, include_self),
                  lambda T, a, b: T.scatter_reduce(a, 1, T.tensor([[0, 0, 2], [1, 1, 1]]), b, reduce,
                                                   include_self=include_self),
                  [(2, 3), (2, 3)], domain="pos" if reduce == "prod" else "real", second=second)


@expose(method=True, spec=[_reduce_spec(r, s, r != "prod") for r in _REDUCES for s in (True, False)])
def scatter_reduce(input, dim, index, src, reduce, *, include_self=True):
    """input with the values of src combined into the positions index gives along dim by reduce ('sum', 'prod', 'mean',
    'amax' or 'amin'); include_self=False leaves input's own values out at the written positions.

    Gradient: for 'sum' and 'mean' grad (divided by the counts for 'mean'); for 'amax' / 'amin' grad shared among
    the elements equal to the result; for 'prod' grad times the product of the others.

    Example::

        >>> pa.scatter_reduce(pa.zeros(2), 0, pa.tensor([0, 0, 1]), pa.tensor([1.0, 5.0, 2.0]), 'amax')
        tensor([5., 2.])
    """
    return _scatter_reduce(input, dim, index, src, reduce, include_self, False)


@expose(method=True, spec=OpSpec("scatter_reduce_", lambda T, a, b: (a * 1).scatter_reduce_(
    0, T.tensor([[0, 0]]), b, "amax", include_self=False), [(2, 2), (1, 2)]))
def scatter_reduce_(input, dim, index, src, reduce, *, include_self=True):
    """In-place form of pyautograd.scatter_reduce: changes input and returns it (bumping its version counter). input
    with the values of src combined into the positions index gives along dim by reduce ('sum', 'prod', 'mean',
    'amax' or 'amin'); include_self=False leaves input's own values out at the written positions.

    Gradient: as scatter_reduce's.

    Example::

        >>> x = pa.ones(2)
        >>> x.scatter_reduce_(0, pa.tensor([0, 0]), pa.tensor([2.0, 3.0]), 'prod')
        tensor([6., 1.])
    """
    return _scatter_reduce(input, dim, index, src, reduce, include_self, True)


# ---- along a dim with a 1-d index: index_add / index_copy / index_fill / index_select --
def _vector_index(input, dim, index, fname, dtype_text):
    _check_tensor(input, fname)
    _check_tensor(index, fname, "index", 3)
    ix = index._data
    if ix.dtype.kind not in "iu" or ix.dtype == np.uint8:
        raise dtype_text[0](dtype_text[1] % _tensor_scalar_name(ix.dtype))
    if ix.ndim > 1:
        if fname.startswith("index_add"):
            raise IndexError("%s(): Index is supposed to be a vector, but got dim: %d with type: %s and size: [%s]"
                             % (fname, ix.ndim, _tensor_scalar_name(ix.dtype), _dims(ix.shape)))
        if fname.startswith("index_copy"):
            raise IndexError("%s(): Index should have dimension 1 or 0 (got %d)" % (fname, ix.ndim))
        raise RuntimeError("Index has to be a vector/scalar")
    xs = input._data.shape
    d = _norm_dim(dim, max(len(xs), 1))
    return d, ix.reshape(-1).astype(np.int64, copy=False)


def _tensor_scalar_name(dt):
    return {"float32": "Float", "float64": "Double", "float16": "Half", "bool": "Bool", "complex64": "ComplexFloat",
            "complex128": "ComplexDouble", "uint8": "Byte", "int64": "Long", "int32": "Int", "int16": "Short",
            "int8": "Char"}.get(dt.name, dt.name)


def _dim_coords(shape, d, ix):
    """Coordinates of a source of `shape` written along dim d at positions ix."""
    if not shape:
        return Ellipsis
    idx = list(np.indices(shape, sparse=True))
    idx[d] = ix.reshape((-1,) + (1,) * (len(shape) - d - 1))
    return tuple(idx)


def _index_write(op, fname, input, dim, index, source, inplace, reduce, alpha=1):
    api = fname.rstrip("_") + ("_" if inplace else "")     # the name argument errors give
    _check_tensor(input, api)
    _check_tensor(index, api, "index", 3)
    _check_tensor(source, api, "source", 4)
    d, ix = _vector_index(input, dim, index, fname,
                          (RuntimeError, fname + "(): Expected dtype int32/int64 for index but got: %s")
                          if reduce == "add" else
                          (RuntimeError, fname + "(): Expected a long tensor for index, but got %s"))
    _check_tensor(source, fname, "source", 4)
    xs, ss = input._data.shape, source._data.shape
    n = ss[d] if ss else 1
    if ix.size != n:
        if reduce == "add":
            raise RuntimeError("%s(): Number of indices (%d) should be equal to source.size(dim): (%d), for dim: %d"
                               % (fname, ix.size, n, d))
        raise IndexError("%s(): Number of indices (%d) should be equal to source.size(dim) (%d)" % (fname, ix.size, n))
    if reduce == "add":
        if len(ss) != len(xs) or builtins.any(
                k != d and ss[k] != xs[k] for k in range(min(len(ss), len(xs)))):
            raise RuntimeError("source tensor shape must match self tensor shape, excluding the specified dimension. "
                               "Got self.shape = [%s] source.shape = [%s]" % (_dims(xs), _dims(ss)))
    else:
        if ss and xs and len(ss) != len(xs):
            raise IndexError("%s(): When source and destination are not scalars, their dimensionality must match. "
                             "Source dimensionality (%d), destination dimensionality (%d)" % (fname, len(ss), len(xs)))
        xslice = [n for k, n in enumerate(xs) if k != d]
        sslice = [n for k, n in enumerate(ss) if k != d]
        if xslice != sslice:
            raise RuntimeError("%s(): Source/destination tensor must have same slice shapes. Destination slice shape: %s "
                               "at dimension %d and source slice shape: %s at dimension 0."
                               % (fname, " ".join(map(str, xslice)), d, " ".join(map(str, sslice))))
    size = xs[d] if xs else 1
    oob = ix[(ix < 0) | (ix >= size)]
    if oob.size:
        pre = "" if reduce == "add" else fname + "(): "
        raise (RuntimeError if reduce == "add" else IndexError)(
            "%sindex %d is out of bounds for dimension %d with size %d" % (pre, oob[0], d, size))
    if source._data.dtype != input._data.dtype:
        xn, sn = _tensor_scalar_name(input._data.dtype), _tensor_scalar_name(source._data.dtype)
        if reduce == "add":
            raise RuntimeError("%s(): self (%s) and source (%s) must have the same scalar type" % (fname, xn, sn))
        raise RuntimeError("%s(): self and source expected to have the same dtype, but got (self) %s and (source) %s"
                           % (fname, xn, sn))
    coords = _dim_coords(ss if xs else (), d, ix)
    opts = {"coords": coords, "reduce": reduce, "alpha": alpha, "saved": index}
    if not xs and ss:
        opts["src_index"] = (0,)
    return apply_inplace(op, input, (source,), opts) if inplace else apply_op(op, (input, source), opts)


@expose(method=True, spec=[
    OpSpec("index_add", lambda T, a, b: T.index_add(a, 0, T.tensor([0, 2, 0]), b, alpha=-1.5), [(3, 2), (3, 2)]),
    OpSpec("index_add_empty", lambda T, a, b: T.index_add(a, 1, T.zeros(0, dtype=T.int64), b), [(2, 3), (2, 0)]),
    OpSpec("index_add_dim1", lambda T, a, b: a.index_add(-1, T.tensor([1]), b), [(2, 3), (2, 1)]),
])
def index_add(input, dim, index, source, *, alpha=1):
    """input with alpha * source added to the slices of input at the positions index lists along dim (repeated indices
    accumulate).

    Gradient: grad for input; alpha * grad selected at index for source.

    Example::

        >>> pa.index_add(pa.zeros(3), 0, pa.tensor([0, 2]), pa.tensor([1.0, 2.0]))
        tensor([1., 0., 2.])
    """
    return _index_write(IndexAddInto, "index_add_", input, dim, index, source, False, "add", alpha)


@expose(method=True, spec=OpSpec("index_add_", lambda T, a, b: (a * 1).index_add_(0, T.tensor([1, 1]), b),
                                 [(2, 2), (2, 2)]))
def index_add_(input, dim, index, source, *, alpha=1):
    """In-place form of pyautograd.index_add: changes input and returns it (bumping its version counter). input with
    alpha * source added to the slices of input at the positions index lists along dim (repeated indices
    accumulate).

    Gradient: as index_add's.

    Example::

        >>> x = pa.zeros(2)
        >>> x.index_add_(0, pa.tensor([1]), pa.tensor([4.0]))
        tensor([0., 4.])
    """
    return _index_write(IndexAddInto, "index_add_", input, dim, index, source, True, "add", alpha)


@expose(method=True, spec=OpSpec("index_copy", lambda T, a, b: T.index_copy(a, 1, T.tensor([2, 0]), b),
                                 [(2, 3), (2, 2)]))
def index_copy(input, dim, index, source):
    """input with the slices at the positions index lists along dim replaced by the slices of source.

    Gradient: for input, grad with the copied slices zeroed; for source, grad selected at index.

    Example::

        >>> pa.index_copy(pa.zeros(3), 0, pa.tensor([2]), pa.tensor([7.0]))
        tensor([0., 0., 7.])
    """
    return _index_write(IndexCopyInto, "index_copy_", input, dim, index, source, False, "copy")


@expose(method=True, spec=OpSpec("index_copy_", lambda T, a, b: (a * 1).index_copy_(0, T.tensor([1]), b),
                                 [(2, 2), (1, 2)]))
def index_copy_(input, dim, index, source):
    """In-place form of pyautograd.index_copy: changes input and returns it (bumping its version counter). input with
    the slices at the positions index lists along dim replaced by the slices of source.

    Gradient: as index_copy's.

    Example::

        >>> x = pa.zeros(2)
        >>> x.index_copy_(0, pa.tensor([0]), pa.tensor([1.0]))
        tensor([1., 0.])
    """
    return _index_write(IndexCopyInto, "index_copy_", input, dim, index, source, True, "copy")


def _index_fill(input, dim, index, value, inplace):
    _check_tensor(input, "index_fill_")
    _check_tensor(index, "index_fill_", "index", 3)
    if index._data.dtype != np.int64:
        raise IndexError("index_fill_(): Expected dtype int64 for index.")
    if isinstance(value, _Tensor) and value._data.ndim:
        raise RuntimeError("index_fill_ only supports a 0-dimensional value tensor, but got tensor with %d dimension(s)."
                           % value._data.ndim)
    d, ix = _vector_index(input, dim, index, "index_fill_", (IndexError, "%s"))
    xs = input._data.shape
    size = xs[d] if xs else 1
    oob = ix[(ix < -size) | (ix >= size)]
    if oob.size:
        raise IndexError("index %d is out of bounds for dimension %d with size %d" % (oob[0], d, size))
    ix = ix % size if size else ix
    coords = ((slice(None),) * d + (ix,)) if xs else (Ellipsis if ix.size else np.zeros((), bool))
    if isinstance(value, _Tensor):
        # a 0-d tensor value is differentiable: it gets the sum of the gradient where it was written
        v = value if value._data.dtype == input._data.dtype else _cast(value, input._data.dtype)
        opts = {"coords": coords, "reduce": "fill", "saved": index}
        return apply_inplace(IndexFillTensor, input, (v,), opts) if inplace else \
            apply_op(IndexFillTensor, (input, v), opts)
    if not _is_number(value):
        raise TypeError("index_fill() received an invalid combination of arguments")
    opts = {"coords": coords, "alpha": value, "saved": index}
    return apply_inplace(IndexFillValue, input, (), opts) if inplace else apply_op(IndexFillValue, (input,), opts)


@expose(method=True, spec=[
    OpSpec("index_fill", lambda T, a: T.index_fill(a, 1, T.tensor([2, -3]), -1.0), [(2, 3)]),
    OpSpec("index_fill_tensor", lambda T, a, v: T.index_fill(a, 0, T.tensor([1, 1]), v), [(2, 3), ()]),
    OpSpec("index_fill_0d", lambda T, a, v: T.index_fill(a, 0, T.tensor([0]), v), [(), ()]),
])
def index_fill(input, dim, index, value):
    """input with the slices at the positions index lists along dim filled with value (a number or a 0-D tensor).

    Gradient: grad with the filled slices zeroed for input; the sum of grad over them for a tensor value.

    Example::

        >>> pa.index_fill(pa.zeros(3), 0, pa.tensor([0, 1]), 9.0)
        tensor([9., 9., 0.])
    """
    return _index_fill(input, dim, index, value, False)


@expose(method=True, spec=OpSpec("index_fill_", lambda T, a: (a * 1).index_fill_(0, T.tensor([1]), 0.5), [(2, 2)]))
def index_fill_(input, dim, index, value):
    """In-place form of pyautograd.index_fill: changes input and returns it (bumping its version counter). input with
    the slices at the positions index lists along dim filled with value (a number or a 0-D tensor).

    Gradient: as index_fill's.

    Example::

        >>> x = pa.zeros(2)
        >>> x.index_fill_(0, pa.tensor([1]), 3.0)
        tensor([0., 3.])
    """
    return _index_fill(input, dim, index, value, True)


@expose(method=True, spec=[
    OpSpec("index_select", lambda T, a: T.index_select(a, 1, T.tensor([2, 0, 2])), [(2, 3)], empty=[(0, 3)]),
    OpSpec("index_select_0d", lambda T, a: T.index_select(a, 0, T.tensor([0])), [()]),
])
def index_select(input, dim, index):
    """The slices of input at the positions index (a 1-D integer tensor) lists along dim (a copy).

    Gradient: grad added into zeros at those slices (index_add).

    Example::

        >>> pa.index_select(pa.tensor([[1, 2], [3, 4]]), 0, pa.tensor([1, 1]))
        tensor([[3, 4],
                [3, 4]])
    """
    _check_tensor(input, "index_select")
    _check_tensor(index, "index_select", "index", 3)
    if index._data.dtype.kind not in "iu" or index._data.dtype == np.uint8:
        raise RuntimeError("index_select(): Expected dtype int32 or int64 for index")
    if index._data.ndim > 1:
        raise IndexError("index_select(): Index is supposed to be a vector")
    xs = input._data.shape
    d = _norm_dim(dim, max(len(xs), 1))
    ix = index._data.reshape(-1).astype(np.int64, copy=False)
    size = xs[d] if xs else 1
    if ix.size and (ix.min() < 0 or ix.max() >= size):
        raise IndexError("index out of range in self")
    if not xs:
        if ix.size != 1:
            raise RuntimeError("index_select(): Index to scalar can have only 1 value, got %d value(s)" % ix.size)
        return _read(IndexSelect, input, Ellipsis)
    return _read(IndexSelect, input, (slice(None),) * d + (ix,))


# ---- masks ------------------------------------------------------------------------------
def _bool_mask(mask, text):
    if not isinstance(mask, _Tensor):
        raise TypeError("expected Tensor as mask, got %s" % type(mask).__name__)
    if mask._data.dtype != np.bool_:
        raise RuntimeError(text % _tensor_scalar_name(mask._data.dtype) if "%s" in text else text)
    return mask._data


def _broadcast_pair(a, b):
    try:
        return np.broadcast_shapes(a, b)
    except ValueError:
        raise RuntimeError("The size of tensor a (%d) must match the size of tensor b (%d) at non-singleton dimension %d"
                           % _mismatch(a, b)) from None


def _mismatch(a, b):
    n = max(len(a), len(b))
    a1, b1 = (1,) * (n - len(a)) + tuple(a), (1,) * (n - len(b)) + tuple(b)
    for k in range(n - 1, -1, -1):
        if a1[k] != b1[k] and a1[k] != 1 and b1[k] != 1:
            return a1[k], b1[k], k
    return 0, 0, 0


@expose(method=True, spec=[
    OpSpec("masked_select", lambda T, a: T.masked_select(a, T.tensor([[True, False, True], [False, False, True]])),
           [(2, 3)]),
    OpSpec("masked_select_bcast", lambda T, a: T.masked_select(a, T.tensor([[True], [False], [True]])), [(3,)]),
])
def masked_select(input, mask):
    """The elements of input where mask (a bool tensor, broadcast) is True, as a 1-D tensor.

    Gradient: grad placed back at the selected positions of zeros.

    Example::

        >>> pa.masked_select(pa.tensor([1.0, 2.0, 3.0]), pa.tensor([True, False, True]))
        tensor([1., 3.])
    """
    _check_tensor(input, "masked_select")
    m = _bool_mask(mask, "masked_select: expected BoolTensor for mask")
    shape = _broadcast_pair(m.shape, input._data.shape)
    x = input if input._data.shape == shape else expand(input, shape)
    return _read(MaskedSelect, x, np.nonzero(np.broadcast_to(m, shape)) if shape else np.asarray(m))


def _masked_scatter(input, mask, source, inplace):
    _check_tensor(input, "masked_scatter_")
    m = _bool_mask(mask, "masked_scatter_ only supports boolean masks, but got mask with dtype %s")
    _check_tensor(source, "masked_scatter_", "source", 3)
    xs = input._data.shape
    shape = _broadcast_pair(xs, m.shape)
    if inplace and shape != xs:
        # the in-place form expands the mask to self's shape
        if m.ndim > len(xs):
            raise RuntimeError("expand(CPUBoolType{[%s]}, size=[%s]): the number of sizes provided (%d) must be "
                               "greater or equal to the number of dimensions in the tensor (%d)"
                               % (_dims(m.shape), _dims(xs), len(xs), m.ndim))
        raise RuntimeError("output with shape [%s] doesn't match the broadcast shape [%s]" % (_dims(xs), _dims(shape)))
    if source._data.dtype != input._data.dtype:
        raise RuntimeError("masked_scatter: expected self and source to have same dtypes but got%s and %s"
                           % (_tensor_scalar_name(input._data.dtype), _tensor_scalar_name(source._data.dtype)))
    mb = np.broadcast_to(m, shape)
    k = int(np.count_nonzero(mb))
    if k > source._data.size:
        raise RuntimeError("Number of elements of source < number of ones in mask")
    x = input if xs == shape else expand(input, shape)
    coords = np.nonzero(mb) if shape else np.asarray(mb)
    src_index = np.unravel_index(np.arange(k), source._data.shape) if source._data.ndim else np.asarray(k > 0)
    opts = {"coords": coords, "src_index": src_index}
    if inplace:
        return apply_inplace(MaskedScatterInto, input, (source,), opts)
    return apply_op(MaskedScatterInto, (x, source), opts)


@expose(method=True, spec=OpSpec("masked_scatter", lambda T, a, b: T.masked_scatter(
    a, T.tensor([[True, False, True], [False, True, True]]), b), [(2, 3), (3, 2)]))
def masked_scatter(input, mask, source):
    """input with the positions where mask is True filled, in order, with the first elements of source.

    Gradient: for input, grad where mask is False; for source, grad at the masked positions in order (zeros for the
    unused rest).

    Example::

        >>> pa.masked_scatter(pa.zeros(3), pa.tensor([True, False, True]), pa.tensor([1.0, 2.0]))
        tensor([1., 0., 2.])
    """
    return _masked_scatter(input, mask, source, False)


@expose(method=True, spec=OpSpec("masked_scatter_", lambda T, a, b: (a * 1).masked_scatter_(
    T.tensor([False, True]), b), [(2, 2), (5,)]))
def masked_scatter_(input, mask, source):
    """In-place form of pyautograd.masked_scatter: changes input and returns it (bumping its version counter). input
    with the positions where mask is True filled, in order, with the first elements of source.

    Gradient: as masked_scatter's.

    Example::

        >>> x = pa.zeros(2)
        >>> x.masked_scatter_(pa.tensor([False, True]), pa.tensor([5.0]))
        tensor([0., 5.])
    """
    return _masked_scatter(input, mask, source, True)


# ---- flat indices: take / put -------------------------------------------------------------
@expose(method=True, spec=[
    OpSpec("take", lambda T, a: T.take(a, T.tensor([[0, -1], [4, 0]])), [(2, 3)]),
])
def take(input, index):
    """The elements of input at the flat positions index gives (input read as 1-D), in index's shape.

    Gradient: grad added into zeros at those positions.

    Example::

        >>> pa.take(pa.tensor([[1, 2], [3, 4]]), pa.tensor([0, 3]))
        tensor([1, 4])
    """
    _check_tensor(input, "take")
    _check_tensor(index, "take", "index", 2)
    ix = index._data
    if ix.dtype != np.int64:
        raise RuntimeError("take(): Expected a long tensor for index, but got %s" % _tensor_scalar_name(ix.dtype))
    n = input._data.size
    bad = ix[(ix < -n) | (ix >= n)]
    if bad.size:
        raise IndexError("out of range: tried to access index %d on a tensor of %d elements." % (bad.flat[0], n))
    ix = ix % builtins.max(n, 1)
    if not input._data.ndim:
        return _read(Take, input.reshape(1), (ix,))
    return _read(Take, input, np.unravel_index(ix, input._data.shape))


def _put(input, index, source, accumulate, inplace):
    _check_tensor(input, "put_")
    _check_tensor(index, "put_", "index", 2)
    _check_tensor(source, "put_", "source", 3)
    ix = index._data
    if ix.dtype != np.int64:
        raise RuntimeError("put_(): Expected a long tensor for index, but got %s" % _tensor_scalar_name(ix.dtype))
    if source._data.dtype != input._data.dtype:
        raise RuntimeError("put_(): self and source expected to have the same dtype, but got self.dtype = %s and "
                           "source.dtype = %s" % (_tensor_scalar_name(input._data.dtype),
                                                  _tensor_scalar_name(source._data.dtype)))
    if source._data.size != ix.size:
        raise IndexError("put_(): Expected source and index to have the same number of elements, but got "
                         "source.numel() = %d, index.numel() = %d" % (source._data.size, ix.size))
    xs = input._data.shape
    n = input._data.size
    bad = ix[(ix < -n) | (ix >= n)]
    if bad.size:
        raise IndexError("out of range: tried to access index %d on a tensor of %d elements." % (bad.flat[0], n))
    flat = (ix % builtins.max(n, 1)).reshape(-1)
    coords = np.unravel_index(flat, xs) if xs else (Ellipsis if flat.size else np.zeros((), bool))
    ss = source._data.shape
    src_index = np.unravel_index(np.arange(ix.size), ss) if ss else None
    if not xs and ss:
        src_index = (0,) * len(ss)
    opts = {"coords": coords, "src_index": src_index, "reduce": "add" if accumulate else "copy"}
    return apply_inplace(PutInto, input, (source,), opts) if inplace else apply_op(PutInto, (input, source), opts)


@expose(method=True, spec=[
    OpSpec("put", lambda T, a, b: T.put(a, T.tensor([[0, -1], [4, 1]]), b), [(2, 3), (4,)]),
    OpSpec("put_accumulate", lambda T, a, b: T.put(a, T.tensor([1, 1, 5]), b, accumulate=True), [(2, 3), (3,)]),
])
def put(input, index, source, accumulate=False):
    """input with source written at the flat positions index gives (input read as 1-D); accumulate=True adds instead.

    Gradient: for input, grad with the written positions zeroed (kept with accumulate); for source, grad taken at
    index.

    Example::

        >>> pa.put(pa.zeros(2, 2), pa.tensor([0, 3]), pa.tensor([1.0, 2.0]))
        tensor([[1., 0.],
                [0., 2.]])
    """
    return _put(input, index, source, accumulate, False)


@expose(method=True, spec=OpSpec("put_", lambda T, a, b: (a * 1).put_(T.tensor([3, 0]), b, accumulate=True),
                                 [(2, 2), (2,)]))
def put_(input, index, source, accumulate=False):
    """In-place form of pyautograd.put: changes input and returns it (bumping its version counter). input with source
    written at the flat positions index gives (input read as 1-D); accumulate=True adds instead.

    Gradient: as put's.

    Example::

        >>> x = pa.zeros(3)
        >>> x.put_(pa.tensor([2]), pa.tensor([1.0]))
        tensor([0., 0., 1.])
    """
    return _put(input, index, source, accumulate, True)


@expose(method=True, spec=[
    OpSpec("take_along_dim", lambda T, a: T.take_along_dim(a, T.tensor([[0, 2], [1, 1]]), 1), [(2, 3)]),
    OpSpec("take_along_dim_bcast", lambda T, a: T.take_along_dim(a, T.tensor([[0], [2]]), dim=-1), [(2, 3)]),
    # torch views the input flat (a transposed input is refused: tests/test_scatter_ops.py); a
    # strided 1-d input is its non-contiguous variant
    OpSpec("take_along_dim_flat", lambda T, a: T.take_along_dim(a, T.tensor([5, 0, 5])), [(6,)]),
])
def take_along_dim(input, indices, dim=None):
    """The elements of input at indices along dim (indices broadcast against input, as gather); dim None reads input
    flattened.

    Gradient: grad added into zeros at those positions.

    Example::

        >>> pa.take_along_dim(pa.tensor([[10, 30], [40, 20]]), pa.tensor([[1], [0]]), dim=1)
        tensor([[30],
                [40]])
    """
    _check_tensor(input, "take_along_dim")
    _check_tensor(indices, "take_along_dim", "indices", 2)
    ix = indices._data
    if ix.dtype != np.int64:
        raise RuntimeError("torch.take_along_dim(): dtype of indices should be Long but got %s"
                           % _tensor_scalar_name(ix.dtype))
    xs = input._data.shape
    if dim is not None and not xs:
        raise IndexError("Dimension specified as %d but tensor has no dimensions" % dim)
    if dim is None:
        n = input._data.size
        flat = ix.reshape(-1)
        bad = flat[(flat < 0) | (flat >= n)]
        if bad.size:
            raise RuntimeError("index %d is out of bounds for dimension 0 with size %d" % (bad[0], n))
        return _read(TakeAlongDim, input.view(-1), (flat,))    # a view, as torch (which refuses what it cannot view)
    nd = max(len(xs), 1)
    d = _norm_dim(dim, nd)
    if ix.ndim != nd:
        raise RuntimeError("torch.take_along_dim(): input and indices should have the same number of dimensions, but "
                           "got %d dimensions for input, and %d dimensions for indices" % (len(xs), ix.ndim))
    xs1, ixs = list(xs or (1,)), list(ix.shape)
    xs1[d] = ixs[d] = 1
    bshape = _broadcast_pair(tuple(xs1), tuple(ixs))
    size = (xs or (1,))[d]
    bad = ix[(ix < -size) | (ix >= size)]
    if bad.size:
        raise RuntimeError("index %d is out of bounds for dimension %d with size %d" % (bad.flat[0], d, size))
    xb = list(bshape)
    xb[d] = size
    ib = list(bshape)
    ib[d] = ix.shape[d]
    x = input.reshape(1) if not xs else input
    x = x if tuple(x.shape) == tuple(xb) else expand(x, tuple(xb))
    ixb = np.broadcast_to(ix % builtins.max(size, 1), tuple(ib))
    if not xs:
        return _read(TakeAlongDim, x, _along_coords(ixb.reshape(1), 0)).reshape(())
    return _read(TakeAlongDim, x, _along_coords(ixb, d))


# ---- index_put ----------------------------------------------------------------------------
def _index_put_tensors(input, indices, values, accumulate, inplace):
    _check_tensor(input, "index_put_")
    _check_tensor(values, "index_put_", "values", 3)
    if not isinstance(indices, (tuple, list)):
        raise TypeError("index_put(): argument 'indices' must be tuple of Tensors, not %s" % type(indices).__name__)
    if values._data.dtype != input._data.dtype:
        raise RuntimeError("Index put requires the source and destination dtypes match, got %s for the destination "
                           "and %s for the source." % (_tensor_scalar_name(input._data.dtype),
                                                       _tensor_scalar_name(values._data.dtype)))
    xs = input._data.shape
    items = []
    dim = 0
    for it in indices:
        if it is None:
            items.append(slice(None))
            dim += 1
            continue
        if not isinstance(it, _Tensor):
            raise TypeError("index_put(): argument 'indices' must be tuple of Tensors")
        a = it._data
        if a.dtype.kind not in "biu":
            raise IndexError("tensors used as indices must be long, int, byte or bool tensors")
        if a.dtype in (np.bool_, np.uint8):
            a = a.astype(np.bool_)
            if a.ndim == 0 and not xs:
                raise IndexError("too many indices for tensor of dimension 0 (got %d)" % len(indices))
            for k in range(a.ndim):
                if dim + k >= len(xs) or a.shape[k] != xs[dim + k]:
                    raise IndexError("The shape of the mask [%s] at index %d does not match the shape of the indexed "
                                     "tensor [%s] at index %d" % (_dims(a.shape), k, _dims(xs), dim + k))
            items.extend(np.nonzero(a))
            dim += a.ndim
            continue
        if dim >= len(xs):
            raise IndexError("too many indices for tensor of dimension %d" % len(xs))
        size = xs[dim]
        bad = a[(a < -size) | (a >= size)]
        if bad.size:
            raise IndexError("index %d is out of bounds for dimension %d with size %d" % (bad.flat[0], dim, size))
        items.append(a.astype(np.int64) % builtins.max(size, 1))
        dim += 1
    if dim > len(xs):
        raise IndexError("too many indices for tensor of dimension %d" % len(xs))
    coords = tuple(items)
    target = np.broadcast_to(np.empty((), np.int8), xs)[coords].shape
    vs = values._data.shape
    try:
        ok = np.broadcast_shapes(vs, target) == target
    except ValueError:
        ok = False
    if not ok:
        raise RuntimeError("shape mismatch: value tensor of shape [%s] cannot be broadcast to indexing result of "
                           "shape [%s]" % (_dims(vs), _dims(target)))
    v = values if vs == target else expand(values, target)
    opts = {"coords": coords, "reduce": "add" if accumulate else "copy"}
    return apply_inplace(IndexPutInto, input, (v,), opts) if inplace else apply_op(IndexPutInto, (input, v), opts)


@expose(method=True, spec=[
    OpSpec("index_put", lambda T, a, b: T.index_put(a, (T.tensor([0, 2, -1]), T.tensor([1, 1, 0])), b),
           [(3, 2), (3,)]),
    OpSpec("index_put_acc", lambda T, a, b: T.index_put(a, (T.tensor([0, 2, 0]),), b, accumulate=True),
           [(3, 2), (2,)]),
    OpSpec("index_put_mask", lambda T, a, b: a.index_put((T.tensor([True, False, True]),), b), [(3, 2), (1, 2)]),
])
def index_put(input, indices, values, accumulate=False):
    """input with values written at the positions given by indices (a tuple of index tensors, one per leading dim, as
    input[indices] = values); accumulate=True adds.

    Gradient: for input, grad with the written positions zeroed (kept with accumulate); for values, grad at those
    positions.

    Example::

        >>> pa.index_put(pa.zeros(3), (pa.tensor([0, 2]),), pa.tensor([1.0, 2.0]))
        tensor([1., 0., 2.])
    """
    return _index_put_tensors(input, indices, values, accumulate, False)


@expose(method=True, spec=OpSpec("index_put_", lambda T, a, b: (a * 1).index_put_((T.tensor([1, 1]),), b,
                                                                                 accumulate=True), [(2, 2), (2, 2)]))
def index_put_(input, indices, values, accumulate=False):
    """In-place form of pyautograd.index_put: changes input and returns it (bumping its version counter). input with
    values written at the positions given by indices (a tuple of index tensors, one per leading dim, as
    input[indices] = values); accumulate=True adds.

    Gradient: as index_put's.

    Example::

        >>> x = pa.zeros(2)
        >>> pa.index_put_(x, (pa.tensor([1]),), pa.tensor([3.0]))
        tensor([0., 3.])
    """
    return _index_put_tensors(input, indices, values, accumulate, True)


# ---- diag_embed ---------------------------------------------------------------------------
@expose(method=True, spec=[
    OpSpec("diag_embed", lambda T, a: T.diag_embed(a), [(2, 3)]),
    OpSpec("diag_embed_offset", lambda T, a: T.diag_embed(a, offset=-1, dim1=0, dim2=2), [(2, 3)]),
    OpSpec("diag_embed_1d", lambda T, a: a.diag_embed(1, -1, 0), [(3,)], empty=[(0,)]),
])
def diag_embed(input, offset=0, dim1=-2, dim2=-1):
    """Matrices whose diagonal (offset, in dims dim1 and dim2) holds the last dim of input, zeros elsewhere.

    Gradient: the same diagonal of grad.

    Example::

        >>> pa.diag_embed(pa.tensor([1, 2]))
        tensor([[1, 0],
                [0, 2]])
    """
    _check_tensor(input, "diag_embed")
    xs = input._data.shape
    nd = len(xs) + 1
    d1, d2 = _norm_dim(dim1, nd), _norm_dim(dim2, nd)
    if d1 == d2:
        raise RuntimeError("diagonal dimensions cannot be identical %d, %d" % (dim1, dim2))
    if not xs:
        raise IndexError("Dimension out of range (expected to be in range of [-1, 0], but got %d)" % dim1)
    n = xs[-1] + abs(offset)
    batch = list(xs[:-1])
    shape = []
    it = iter(batch)
    for k in range(nd):
        shape.append(n if k in (d1, d2) else next(it))
    m = xs[-1]
    lead = len(batch)
    coords = []
    bk = 0
    for k in range(nd):
        if k == d1:
            coords.append((np.arange(m) + builtins.max(-offset, 0)).reshape((1,) * lead + (m,)))
        elif k == d2:
            coords.append((np.arange(m) + builtins.max(offset, 0)).reshape((1,) * lead + (m,)))
        else:
            r = [1] * (lead + 1)
            r[bk] = batch[bk]
            coords.append(np.arange(batch[bk]).reshape(r))
            bk += 1
    return apply_op(DiagEmbed, (input,), {"index": tuple(coords), "shape": tuple(shape)})
