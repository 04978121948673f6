"""Indexing: x[index] and the views it makes (Index and its Slice / Select / Unsqueeze / Alias
forms; narrow, select), x[index] = v (IndexPut: setitem, index_put, the overlap checks of
in-place writes), gather and the scatters along a dim (max(dim)'s and gather's rules run
them), masked_fill, nonzero."""
import builtins
import warnings

import numpy as np

from .. import _core
from .._core import apply_inplace, apply_op, _make_tensor, TensorBase as _Tensor
from ._registry import expose, Op, linear_jvp
from ._common import (batched_public, _C_TYPE_NAMES, _check_broadcast, _check_tensor, _const, _is_number, _norm_dim, _st,
                      _tp_name)
from .elementwise import _cast, MaskedFill
from .shape import _apply_view, expand, _OVERLAP_ERROR, reshape


# ---------------------------------------------------------------- declarations --
class Index(Op):
    """x[index]: basic (slices, ints, None, Ellipsis) and advanced (tensors, lists, masks)."""
    name = "IndexBackward0"

    @staticmethod
    def forward(ctx, x, index=None, lead=0):
        d = x._data
        if ctx._active and ctx.op in (Index, IndexAdvanced):
            # PyTorch's IndexBackward0 saves the index tensors: a second backward without
            # retain_graph is its freed-graph error (an empty save is released the same way)
            ctx.save_for_backward()
        ctx.args = (d.shape[lead:], index)
        out = _index_batched(d, index, lead)
        if type(out) is not np.ndarray and not lead:
            # a full integer index gives a NumPy scalar (a copy): take the 0-d view instead
            out = d[(index if isinstance(index, tuple) else (index,)) + (Ellipsis,)]
        ctx.out_ndim = out.ndim - lead
        return out

    jvp = staticmethod(linear_jvp)

    @staticmethod
    def vjp(F, ctx, g):
        if ctx.op in (Index, IndexAdvanced):
            F.saved(ctx)                  # raises once the graph is freed (see forward)
        shape, index = ctx.args
        return F.index_put_zeros(g, index, shape, F.ndim(g) - ctx.out_ndim)


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
        return _index_put_zeros_array(g._data, index, shape, lead)

    jvp = staticmethod(linear_jvp)

    @staticmethod
    def vjp(F, ctx, gg):
        return F.index(gg, ctx.index, F.ndim(gg) - ctx.ndim)


def _index_put_zeros_array(d, index, shape, lead=0):
    """IndexPutZeros on an array (or NumPy scalar) d with `lead` leading batch dims."""
    out = np.zeros(np.shape(d)[:lead] + tuple(shape), dtype=d.dtype)
    if _is_basic_index(index):
        out[(slice(None),) * lead + (index if isinstance(index, tuple) else (index,))] = d
    elif not lead:
        np.add.at(out, index, d)
    else:
        for b in np.ndindex(*d.shape[:lead]):
            np.add.at(out[b], index, d[b])
    return out


def _is_basic_index(index):
    items = index if isinstance(index, tuple) else (index,)
    for it in items:
        if not (it is None or it is Ellipsis or isinstance(it, (builtins.int, np.integer, slice))) or \
                isinstance(it, (builtins.bool, np.bool_)):
            return False
    return True


class IndexPut(Op):
    """x[index] = v, as an in-place op (PyTorch's CopySlices)."""
    name = "torch::autograd::CopySlices"   # its name(); the node type is CopySlices

    @staticmethod
    def forward(ctx, x, v, index=None):
        if ctx._active:
            # PyTorch's CopySlices / IndexPutBackward0 cannot run twice without retain_graph:
            # an empty save makes the node's release give the freed-graph error
            ctx.save_for_backward()
        ctx.args = (index, v._data.shape, x._data.shape)
        out = x._data.copy()
        out[index] = v._data
        return out

    jvp = staticmethod(linear_jvp)

    @staticmethod
    def vjp(F, ctx, g):
        F.saved(ctx)                      # raises once the graph is freed (see forward)
        index, vshape, xshape = ctx.args
        keep = np.ones(xshape, dtype=bool)
        keep[index] = False           # the overwritten elements get exactly 0 (a select)
        gv = F.index(g, index, F.ndim(g) - len(xshape))
        return F.select(keep, g), gv


class IndexPutAdvanced(IndexPut):
    name = "IndexPutBackward0"


class IndexPutAdvancedThroughExpand(IndexPutAdvanced):
    """index_put_ into an expanded tensor, recorded: PyTorch writes without the overlap check."""
    writes_through_overlap = True


# --------------------------------------------------- gather / scatter along a dim --
def _scatter_along_np(d, indices, dim, shape):
    """Zeros of `shape` with d placed at `indices` along dim (d may have leading batch dims)."""
    lead = d.ndim - len(shape)
    out = np.zeros(d.shape[:lead] + tuple(shape), dtype=d.dtype)
    idx = np.broadcast_to(indices, d.shape[:lead] + indices.shape)
    np.put_along_axis(out, idx, d, axis=dim + lead)
    return out


def _gather_np(d, dim, index):
    """d's elements at `index` along dim (d may have leading batch dims)."""
    if index.ndim == 0:                 # 0-d input: the index can only be 0
        return d.copy()
    lead = d.ndim - index.ndim
    full = np.broadcast_to(index, d.shape[:lead] + index.shape)
    idx = list(np.indices(full.shape, sparse=True))
    idx[dim + lead] = full
    return d[tuple(idx)]


def _scatter_add_np(d, indices, dim, shape):
    """Zeros of `shape` with d added at `indices` along dim, repeated indices accumulated (d may
    have leading batch dims)."""
    if len(shape) == 0:                 # 0-d input: one element, index 0
        return d.copy()
    lead = d.ndim - len(shape)
    out = np.zeros(d.shape[:lead] + tuple(shape), dtype=d.dtype)
    full = np.broadcast_to(indices, d.shape[:lead] + indices.shape)
    idx = list(np.indices(full.shape, sparse=True))
    idx[dim + lead] = full
    np.add.at(out, tuple(idx), d)
    return out


class ScatterAlong(Op):
    """Zeros of `shape` with g placed at `indices` along dim (backward of gather/max(dim))."""
    name = "ScatterBackward0"

    @staticmethod
    def forward(ctx, g, indices=None, dim=0, shape=None):
        ctx.args = (indices, dim)
        return _scatter_along_np(g._data, indices, dim, shape)

    jvp = staticmethod(linear_jvp)

    @staticmethod
    def vjp(F, ctx, gg):
        indices, dim = ctx.args
        return F.gather_along(gg, dim, indices)


def _scatter_along(g, indices, dim, shape):
    return apply_op(ScatterAlong, (g,), {"indices": indices, "dim": dim, "shape": shape})


class Gather(Op):
    name = "GatherBackward0"

    @staticmethod
    def forward(ctx, x, dim=0, index=None, index_t=None):
        # saved as PyTorch saves them (self, and the user's index tensor): changing either in
        # place makes backward fail (the engine checks every saved tensor)
        ctx.save_for_backward(x, index_t)
        d = x._data
        ctx.args = (d.shape[d.ndim - index.ndim:], dim, index)    # leading batch dims (batched backward) left out
        return _gather_np(d, dim, index)

    jvp = staticmethod(linear_jvp)

    @staticmethod
    def vjp(F, ctx, g):
        shape, dim, index = ctx.args
        return F.scatter_add_along(g, index, dim, shape)


class ScatterAdd(Op):
    name = "ScatterAddBackward0"

    @staticmethod
    def forward(ctx, g, indices=None, dim=0, shape=None):
        ctx.args = (indices, dim)
        return _scatter_add_np(g._data, indices, dim, shape)

    jvp = staticmethod(linear_jvp)

    @staticmethod
    def vjp(F, ctx, gg):
        indices, dim = ctx.args
        return F.gather_along(gg, dim, indices)


# ------------------------------------------------------- public functions --
@expose(method=True)
def narrow(input, dim, start, length, _op=None):
    """The view of input's elements start to start + length - 1 along dim.

    Gradient: grad placed in that slice of zeros.

    Example::

        >>> pa.narrow(pa.arange(6), 0, 2, 3)
        tensor([2, 3, 4])
    """
    _check_tensor(input, "narrow")
    d = _norm_dim(dim, input._data.ndim)
    size = input._data.shape[d]
    if start < 0:
        start += size
    if start < 0 or start + length > size or length < 0:
        raise RuntimeError("start (%d) + length (%d) exceeds dimension size (%d)." % (start, length, size))
    idx = (slice(None),) * d + (slice(start, start + length),)
    return _apply_view(_op or Slice, input, {"index": idx})


@expose(method=True)
def select(input, dim, index, _op=None):
    """The slice of input at index along dim, as a view with that dim removed (input[..., index, ...]).

    Gradient: grad placed in that slice of zeros.

    Example::

        >>> pa.select(pa.tensor([[1, 2], [3, 4]]), 1, 0)
        tensor([1, 3])
    """
    _check_tensor(input, "select")
    d = _norm_dim(dim, input._data.ndim)
    size = input._data.shape[d]
    if index < -size or index >= size:
        raise IndexError("select(): index %d out of range for tensor of size [%s] at dimension %d"
                         % (index, ", ".join(map(str, input.shape)), d))
    idx = (slice(None),) * d + (index % size,)
    return _apply_view(_op or Select, input, {"index": idx})


def _convert_index(index):
    """Turn a Python/tensor index into a NumPy one; returns (index, is_basic)."""
    items = index if isinstance(index, tuple) else (index,)
    out = []
    basic = True
    for it in items:
        if isinstance(it, str):
            raise TypeError("new(): invalid data type 'str'")
        if isinstance(it, _Tensor):
            d = it._data
            if d.dtype.kind not in "biu":
                raise IndexError("tensors used as indices must be long, int, byte or bool tensors")
            if d.dtype == np.uint8:     # a byte tensor is a mask in PyTorch (deprecated), not indices
                warnings.warn("indexing with dtype torch.uint8 is now deprecated, please use a dtype torch.bool "
                              "instead.", UserWarning, stacklevel=3)
                d = d.astype(np.bool_)
            basic = False
            out.append(d)
        elif isinstance(it, slice) and it.step is not None and it.step < 0:
            raise ValueError("step must be greater than zero")
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


@expose
@batched_public("index")
def getitem(input, index):
    """input[index]: basic indexing (ints, slices, None, Ellipsis) gives a view; tensors, lists and masks index a copy.

    Gradient: grad placed at the indexed positions of zeros (added up where an index repeats).

    Example::

        >>> pa.arange(6)[1:4]
        tensor([1, 2, 3])
    """
    _check_tensor(input, "getitem")
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


_C_SCALAR_NAMES = {"float64": "double", "float32": "float", "float16": "double", "int64": "int64_t", "int32": "int",
                   "int16": "int16_t", "int8": "int8_t", "uint8": "uint8_t"}


def _check_complex_value(input, value):
    """A complex Python number written into a real tensor: PyTorch's error (NumPy would drop the imaginary part)."""
    if isinstance(value, (builtins.complex, np.complexfloating)) and input._data.dtype.kind in "fiu":
        raise RuntimeError("value cannot be converted to type %s without overflow"
                           % _C_SCALAR_NAMES[input._data.dtype.name])


@expose
@batched_public("index")
def setitem(input, index, value):
    """input[index] = value in place (value broadcast to the indexed shape); returns None.

    Gradient: for input, grad with the written positions zeroed; for value, grad at those positions (summed to
    value's shape).

    Example::

        >>> x = pa.zeros(3)
        >>> x[1] = 5.0
        >>> x
        tensor([0., 5., 0.])
    """
    _check_tensor(input, "setitem")
    if isinstance(index, _Tensor) and index._data.dtype == np.uint8 and not isinstance(value, _Tensor):
        raise RuntimeError("masked_fill_ only supports boolean masks, but got mask with dtype unsigned char")
    _check_complex_value(input, value)
    if not isinstance(value, _Tensor):
        if not _is_number(value):
            raise TypeError("can't assign a %s to a torch.%s" % (_tp_name(value), input.dtype._tensor_type))
        value = _const(value, input._data.dtype)
    idx, basic = _convert_index(index)
    vdt = value._data.dtype      # PyTorch's expand error names the value's own type
    if value._data.dtype != input._data.dtype:
        if not basic and _index_put_path(index, value):
            # index_put_ takes no other dtype (a bool mask with one value is a masked_fill_, which does)
            raise RuntimeError("Index put requires the source and destination dtypes match, got %s for the "
                               "destination and %s for the source." % (_st(input), _st(value)))
        value = _cast(value, input._data.dtype)
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
            return _index_put(input, idx, False, value, index)
        # raises PyTorch's expand error for the value
        expand(_make_tensor(np.broadcast_to(np.empty((), dtype=vdt), vshape)), target)
        value = reshape(value, vshape)      # copy_ drops the value's leading 1-dims, as PyTorch
    if basic and _whole_index(index, shape):
        # PyTorch's indexing makes no view for an index of ..., full slices or (): x[...] = v is
        # x.copy_(v), or x.fill_(v) for a 0-d v of another shape, whose gradient for x's old
        # value is a new zeros tensor (CopySlices' is g with the slice zeroed: it has a graph)
        if value._data.shape != shape and value._data.ndim == 0:
            input.fill_(value)
        else:
            input.copy_(value)
        return
    # a basic index writes through a view (CopySlices); tensors/masks use index_put_
    _index_put(input, idx, basic, value, index)


_EXPANDED_WARNING = ("Use of %s on expanded tensors is deprecated. Please clone() the tensor before performing this "
                     "operation. This also applies to advanced indexing e.g. tensor[%s] = %s")


def _overlaps(d):
    """PyTorch's has_internal_overlap(...) == Yes: a non-empty array with a repeated (stride-0) dim."""
    return builtins.bool(d.size) and builtins.any(st == 0 and n > 1 for n, st in zip(d.shape, d.strides))


def _writes_through_overlap(t, others=()):
    """Whether an in-place write into t must go through its overlapping (expanded) memory
    directly: apply_inplace computes the whole new value and copies it back, which through
    repeated elements would write stale copies over the new ones. A write that records a graph
    (grad mode and something requires grad) stays with apply_inplace."""
    d = t._data
    # the common case first, without _overlaps' Python loop (fill_ / zero_ of ordinary memory);
    # a writable array can still overlap: an as_strided view with a stride 0
    if (d.flags.writeable and 0 not in d.strides) or not _overlaps(d):
        return False
    return not _records_inplace(t, others)


def _records_inplace(t, others):
    return _core.is_grad_enabled() and (t.requires_grad or builtins.any(o.requires_grad for o in others))


def _write_alias(d):
    """A writable NumPy view of d's memory (d: a read-only broadcast view of writable memory, or a
    writable as_strided view that repeats elements)."""
    if d.flags.writeable:
        return d
    w = d.view()
    w.flags.writeable = True
    return w


def _fill_overlapping(t, value):
    """fill_(number) / zero_() of an expanded tensor: PyTorch writes without an overlap check.
    Returns False when the ordinary path applies."""
    if _core.vmap_wants((t,), None) or not _writes_through_overlap(t):
        # recorded: apply_inplace writes it through the view's base; batched (vmap): its rule
        # writes the physical tensor
        return False
    _core.check_inplace_inference(t)
    _write_alias(t._data)[...] = value
    t._bump_version()
    return True


def _index_put(input, idx, basic, value, index):
    """Write value at idx (input[index] = value), as PyTorch for an expanded input: an index
    PyTorch treats as basic writes through a view (copy_), which refuses a target with repeated
    elements; tensors/lists/masks go to index_put_ (masked_fill_ for one mask and one value),
    which warns about an expanded input and writes in order (the last write wins)."""
    op = IndexPut if basic else IndexPutAdvanced
    d = input._data
    if (d.flags.writeable and 0 not in d.strides) or not _overlaps(d) or _core.vmap_wants((input,), None):
        return apply_inplace(op, input, (value,), {"index": idx})
    _core.check_inplace_inference(input)
    record = _records_inplace(input, (value,))
    items = idx if isinstance(idx, tuple) else (idx,)
    torch_basic = builtins.all(
        not isinstance(it, (list, np.ndarray)) or (it.ndim == 0 and it.dtype.kind in "iu") for it in items)
    # the view the write goes to before any tensor index (PyTorch slices first); a Python bool
    # is an unsqueeze (True) or an empty selection (False), a 0-d integer tensor an int
    view_idx = []
    for it in items:
        if isinstance(it, (builtins.bool, np.bool_)):
            view_idx.append(None if it else builtins.slice(0, 0))
        elif isinstance(it, np.ndarray) and it.ndim == 0 and it.dtype.kind in "iu":
            view_idx.append(builtins.int(it))
        elif isinstance(it, np.ndarray) and it.dtype == np.bool_:
            view_idx.extend([builtins.slice(None)] * it.ndim)
        elif isinstance(it, (list, np.ndarray)):
            view_idx.append(builtins.slice(None))
        else:
            view_idx.append(it)
    sliced = d[tuple(view_idx)]
    if torch_basic:
        if _overlaps(sliced):
            if record:
                return apply_inplace(op, input, (value,), {"index": idx})   # PyTorch's errors
            raise RuntimeError(_OVERLAP_ERROR)
    elif _overlaps(sliced):
        warnings.warn(_EXPANDED_WARNING % ("index_put_", "indices", "tensor"), UserWarning, stacklevel=4)
        if not _index_put_path(index, value):
            warnings.warn(_EXPANDED_WARNING % ("masked_fill_", "mask", "scalar"), UserWarning, stacklevel=4)
    if record:
        if torch_basic:
            # PyTorch: copy_ into the view input[index] (its elements do not repeat: checked above)
            input[index].copy_(value)
            return input
        return apply_inplace(IndexPutAdvancedThroughExpand, input, (value,), {"index": idx})
    if not sliced.size and torch_basic:
        return input          # an empty target: PyTorch writes nothing (no version bump)
    _write_alias(d)[idx] = value._data
    input._bump_version()
    return input


def _whole_index(index, shape):
    """Whether a basic index is one PyTorch's applySlicing answers with the tensor itself: only
    Ellipsis and slices 0:n:1 with n >= the dim's size (a negative start is not normalised)."""
    items = index if isinstance(index, tuple) else (index,)
    if not builtins.all(it is Ellipsis or isinstance(it, slice) for it in items):
        return False
    e = next((k for k, it in enumerate(items) if it is Ellipsis), None)
    if e is None:
        pairs = zip(items, range(len(items)))
    else:
        after = [it for it in items[e + 1:] if it is not Ellipsis]
        pairs = zip(list(items[:e]) + after, list(range(e)) + list(range(len(shape) - len(after), len(shape))))
    return builtins.all(it.start in (None, 0) and it.step in (None, 1) and (it.stop is None or it.stop >= shape[d])
                        for it, d in pairs)


def _index_put_path(index, value):
    """Whether PyTorch's x[index] = value tensor goes to index_put_: an index with a list or a tensor
    other than a 0-d integer one (that is an int), except a single bool mask with a single value
    (masked_fill_)."""
    adv = []
    for it in (index if isinstance(index, tuple) else (index,)):
        if isinstance(it, _Tensor):
            if not (it._data.ndim == 0 and it._data.dtype.kind in "iu"):
                adv.append(it)
        elif isinstance(it, (list, np.ndarray)):
            adv.append(it)
    if len(adv) == 1 and isinstance(adv[0], _Tensor) and adv[0]._data.dtype == np.bool_ and adv[0]._data.ndim \
            and value._data.size == 1:
        return False
    return builtins.bool(adv)


@expose(method=True)
@batched_public("gather")
def gather(input, dim, index):
    """Elements of input picked along dim by index: out[i][j] = input[index[i][j]][j] for dim 0 (index as large as the
    result).

    Gradient: grad added into zeros at the gathered positions (scatter_add).

    Example::

        >>> pa.gather(pa.tensor([[1, 2], [3, 4]]), 1, pa.tensor([[0, 0], [1, 0]]))
        tensor([[1, 1],
                [4, 3]])
    """
    _check_tensor(input, "gather")
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
    return apply_op(Gather, (input,), {"dim": d, "index": ix.astype(np.int64, copy=False),
                                       "index_t": index if isinstance(index, _Tensor) else None})


@expose(method=True)
def masked_fill(input, mask, value):
    """input with the elements where mask (a bool tensor, broadcast) is True replaced by value.

    Gradient: grad where mask is False for input; the sum of grad where it is True for a tensor value.

    Example::

        >>> pa.masked_fill(pa.tensor([1.0, 2.0, 3.0]), pa.tensor([False, True, False]), 0.0)
        tensor([1., 0., 3.])
    """
    _check_tensor(input, "masked_fill")
    m = mask._data if isinstance(mask, _Tensor) else np.asarray(mask)
    if m.dtype != np.bool_:
        raise RuntimeError("masked_fill_ only supports boolean masks, but got mask with dtype "
                           + _C_TYPE_NAMES.get(m.dtype.name, m.dtype.name))
    if not isinstance(value, _Tensor) and not _is_number(value):
        raise TypeError("masked_fill() received an invalid combination of arguments - got (Tensor, %s), but expected "
                        "one of:" % _tp_name(value))
    if isinstance(value, _Tensor):
        if value._data.ndim:
            raise RuntimeError("masked_fill_ only supports a 0-dimensional value tensor, but got tensor with %d "
                               "dimension(s)." % value._data.ndim)
        v = _cast(value, input._data.dtype)
    else:
        _check_complex_value(input, value)
        v = _const(value, input._data.dtype)
    _check_broadcast(m.shape, input._data.shape)
    out = apply_op(MaskedFill, (v, input), {"cond": m, "cond_t": mask if isinstance(mask, _Tensor) else None})
    if out._data.shape != input._data.shape:
        raise RuntimeError("expand(torch.BoolTensor{[%s]}, size=[%s]): the number of sizes provided (%d) must be "
                           "greater or equal to the number of dimensions in the tensor (%d)"
                           % (", ".join(map(str, m.shape)), ", ".join(map(str, input._data.shape)),
                              input._data.ndim, m.ndim))
    return out


@expose(method=True)
def nonzero(input, *, as_tuple=False):
    """The indices of the nonzero elements: an (n, ndim) int64 tensor, or with as_tuple=True one index tensor per dim.

    Gradient: none: the result is integer.

    Example::

        >>> pa.nonzero(pa.tensor([0, 3, 0, 4]))
        tensor([[1],
                [3]])
    """
    _check_tensor(input, "nonzero")
    if input._data.ndim == 0 and not as_tuple:    # NumPy refuses 0-d; PyTorch gives one row of no columns
        return _make_tensor(np.zeros((1 if input._data else 0, 0), np.int64))
    idx = np.nonzero(input._data)
    if as_tuple:
        return tuple(_make_tensor(i.astype(np.int64)) for i in idx)
    return _make_tensor(np.stack(idx, axis=1).astype(np.int64) if idx else np.zeros((1, 0), np.int64))
