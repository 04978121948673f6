"""Shape ops and views: view / reshape, expand / broadcast_to and sum_to, permute / transpose / t /
movedim, squeeze / unsqueeze, flatten / unflatten, flip, repeat, tril / triu, diagonal,
as_strided, cat / stack and split / chunk / unbind (multi-output views), and in-place changes
through views (PyTorch's CopySlices: CopySlicesView, AsStridedView, and _view_positions /
_view_write / _view_regenerate, which the core calls)."""
import builtins
import math
import operator

import numpy as np

from .. import _core
from .._core import apply_inplace, apply_op, _make_tensor, TensorBase as _Tensor
from .._dtype import to_numpy_dtype
from ._registry import alias, expose, Op, register, linear_jvp
from ._common import _check_tensor, _dim_arg, _norm_dim, _result_dtype, _SCALAR_TYPE_NAMES, _tp_name
from .elementwise import _cast, clone


# ---------------------------------------------------------------- declarations --
class View(Op):
    name = "ViewBackward0"

    @staticmethod
    def forward(ctx, x, shape=None):
        ctx.in_shape = x._data.shape
        return x._data.reshape(shape)

    jvp = staticmethod(linear_jvp)

    @staticmethod
    def vjp(F, ctx, g):
        return F.reshape(g, ctx.in_shape)


class UnsafeView(View):
    name = "UnsafeViewBackward0"


def _broadcast_view(d, shape):
    """np.broadcast_to(d, shape), made by the core (a read-only view: 65 ns, NumPy's 1.9 us)."""
    return _core.broadcast_view(d, shape)


class Expand(Op):
    name = "ExpandBackward0"

    @staticmethod
    def forward(ctx, x, shape=None):
        d = x._data
        ctx.in_shape = d.shape
        if math.prod(shape) == d.size:
            # no element repeated (same shape, or new dims of size 1): a writable view, as
            # PyTorch lets one write through x.expand(x.shape)
            return d.reshape(shape)
        return _broadcast_view(d, shape)

    jvp = staticmethod(linear_jvp)

    @staticmethod
    def vjp(F, ctx, g):
        return F.sum_to(g, ctx.in_shape)


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

    jvp = staticmethod(linear_jvp)

    @staticmethod
    def vjp(F, ctx, gg):
        return F.expand(gg, ctx.in_shape)


class Permute(Op):
    name = "PermuteBackward0"

    @staticmethod
    def forward(ctx, x, dims=None):
        ctx.dims = dims
        return np.transpose(x._data, dims)

    jvp = staticmethod(linear_jvp)

    @staticmethod
    def vjp(F, ctx, g):
        inv = [builtins.int(i) for i in np.argsort(ctx.dims)]
        lead = F.ndim(g) - len(inv)
        return F.permute(g, tuple(range(lead)) + tuple(i + lead for i in inv))


class Transpose(Op):
    name = "TransposeBackward0"

    @staticmethod
    def forward(ctx, x, dim0=0, dim1=1):
        n = x._data.ndim
        ctx.dims = (dim0 - n, dim1 - n) if n else None    # negative: valid with a leading batch dim
        return np.swapaxes(x._data, dim0, dim1) if n else x._data.view()

    jvp = staticmethod(linear_jvp)

    @staticmethod
    def vjp(F, ctx, g):
        dims = ctx.dims
        return g if dims is None else F.transpose(g, dims[0], dims[1])


class T(Transpose):
    name = "TBackward0"


@register
class Squeeze(Op):
    name = "SqueezeBackward0"

    @staticmethod
    def forward(ctx, x, dim=None):
        ctx.in_shape = x._data.shape
        return Squeeze.array(x._data, dim)

    fn = "squeeze"

    @staticmethod
    def array(d, dim=None):
        if dim is None:
            return np.squeeze(d)
        dims = tuple(i for i in (dim if isinstance(dim, tuple) else (dim,)) if d.ndim and d.shape[i] == 1)
        return np.squeeze(d, axis=dims) if dims else d.view()

    jvp = staticmethod(linear_jvp)

    @staticmethod
    def vjp(F, ctx, g):
        return F.reshape(g, ctx.in_shape)


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

    jvp = staticmethod(linear_jvp)

    @staticmethod
    def vjp(F, ctx, g):
        return F.squeeze(g, ctx.dim)


@register
class Tril(Op):
    """tril / triu: a select of the kept triangle (never x * mask: inf * 0 is nan)."""
    name = "TrilBackward0"

    @staticmethod
    def forward(ctx, x, diagonal=0, upper=False):
        ctx.diagonal, ctx.upper = diagonal, upper
        return (Triu.array if upper else Tril.array)(x._data, diagonal)

    fn = "tril"
    array = staticmethod(np.tril)

    jvp = staticmethod(linear_jvp)

    @staticmethod
    def vjp(F, ctx, g):
        return (F.triu if ctx.upper else F.tril)(g, ctx.diagonal)


@register
class Triu(Tril):
    name = "TriuBackward0"
    fn = "triu"
    array = staticmethod(np.triu)


def _triangle(op, input, diagonal, fname):
    _check_tensor(input, fname)
    if input._data.ndim < 2:
        raise RuntimeError("%s: input tensor must have at least 2 dimensions" % fname)
    return apply_op(op, (input,), {"diagonal": operator.index(diagonal), "upper": op is Triu})


@expose(method=True)
def tril(input, diagonal=0):
    """The lower triangle of the matrices in input (the last two dims); elements above diagonal 'diagonal' become zero.

    Gradient: tril of grad.

    Example::

        >>> pa.tril(pa.ones(3, 3))
        tensor([[1., 0., 0.],
                [1., 1., 0.],
                [1., 1., 1.]])
    """
    return _triangle(Tril, input, diagonal, "tril")


@expose(method=True)
def triu(input, diagonal=0):
    """The upper triangle of the matrices in input (the last two dims); elements below diagonal 'diagonal' become zero.

    Gradient: triu of grad.

    Example::

        >>> pa.triu(pa.ones(3, 3), diagonal=1)
        tensor([[0., 1., 1.],
                [0., 0., 1.],
                [0., 0., 0.]])
    """
    return _triangle(Triu, input, diagonal, "triu")


@register
class Flip(Op):
    name = "FlipBackward0"

    @staticmethod
    def forward(ctx, x, dims=None):
        n = x._data.ndim
        ctx.dims = tuple(d - n for d in dims) if n else None
        return Flip.array(x._data, dims)

    fn = "flip"

    @staticmethod
    def array(d, dims):
        # a copy, as PyTorch (np.flip is a view, which would alias x without its version counter),
        # in x's memory order (PyTorch's result keeps a transposed input's strides: view() then fails)
        return np.flip(d, dims).copy(order="K") if np.ndim(d) else np.array(d)

    jvp = staticmethod(linear_jvp)

    @staticmethod
    def vjp(F, ctx, g):
        return F.flip(g, ctx.dims) if ctx.dims is not None else g


class Repeat(Op):
    """x.repeat(*repeats): always a copy (np.tile), as PyTorch."""
    name = "RepeatBackward0"

    @staticmethod
    def forward(ctx, x, repeats=()):
        ctx.args = (x._data.shape, repeats)
        return np.tile(x._data, repeats)

    jvp = staticmethod(linear_jvp)

    @staticmethod
    def vjp(F, ctx, g):
        shape, reps = ctx.args
        k = len(reps) - len(shape)             # new leading dims
        lead = F.ndim(g) - len(reps)           # leading batch dims (batched backward)
        if k:
            g = F.sum(g, tuple(range(lead, lead + k)))
        if shape:
            # split each dim into (repeat, size) and sum over the repeats (PyTorch's order);
            # F.reshape keeps the batch dims in front
            g = F.reshape(g, tuple(v for r, s_ in zip(reps[k:], shape) for v in (r, s_)))
            g = F.sum(g, tuple(lead + 2 * i for i in range(len(shape))))
        return g


@expose
def repeat(input, *sizes):
    """input tiled sizes times along each dim (more sizes than dims add leading dims); a copy.

    Gradient: grad summed over the repetitions.

    Example::

        >>> pa.tensor([1, 2]).repeat(2, 2)
        tensor([[1, 2, 1, 2],
                [1, 2, 1, 2]])
    """
    sizes = tuple(builtins.int(s_) for s_ in _shape_args(sizes))
    shape = input._data.shape
    if len(sizes) < len(shape):
        raise RuntimeError("Number of dimensions of repeat dims can not be smaller than number of dimensions "
                           "of tensor")
    full = (1,) * (len(sizes) - len(shape)) + tuple(shape)
    out = [r * s_ for r, s_ in zip(sizes, full)]
    for v in out:
        if v < 0:
            raise RuntimeError("Trying to create tensor with negative dimension %d: [%s]"
                               % (v, ", ".join(map(str, out))))
    return apply_op(Repeat, (input,), {"repeats": sizes})


class SplitViews(Op):
    """split / chunk: one node whose outputs 0..n-1 are the pieces (views), as PyTorch."""
    name = "SplitBackward0"

    @staticmethod
    def forward(ctx, x, dim=0, sections=()):
        d = x._data
        ctx.args = (d.ndim, dim, sections)
        ctx.materialize_grads = False     # zeros for unused pieces are made here (batch-aware)
        idx = [slice(None)] * d.ndim
        out, start = [], 0
        for n in sections:
            idx[dim] = slice(start, start + n)
            out.append(d[tuple(idx)])
            start += n
        return tuple(out)

    jvp = staticmethod(linear_jvp)

    @staticmethod
    def vjp(F, ctx, *grads):
        ndim, dim, sections = ctx.args
        nd = dim - ndim                   # negative: valid with leading batch dims
        ref = next(g for g in grads if g is not None)
        parts = []
        for g, n in zip(grads, sections):
            if g is None:
                shape = list(F.shape(ref))
                shape[nd] = n
                g = F.new_zeros(ref, tuple(shape))
            parts.append(g)
        return F.cat(parts, nd)


class SplitWithSizesViews(SplitViews):
    name = "SplitWithSizesBackward0"


class UnbindViews(Op):
    """unbind: one node whose outputs 0..n-1 are the slices (views), as PyTorch."""
    name = "UnbindBackward0"

    @staticmethod
    def forward(ctx, x, dim=0):
        d = x._data
        ctx.args = (d.ndim, dim)
        ctx.materialize_grads = False
        lead = (slice(None),) * dim
        return tuple(d[lead + (i, Ellipsis)] for i in range(d.shape[dim]))   # 0-d views, not scalars

    jvp = staticmethod(linear_jvp)

    @staticmethod
    def vjp(F, ctx, *grads):
        ndim, dim = ctx.args
        ref = next(g for g in grads if g is not None)
        zero = None
        parts = []
        for g in grads:
            if g is None:
                if zero is None:
                    zero = F.new_zeros(ref, F.shape(ref))
                g = zero
            parts.append(g)
        return F.stack(parts, dim - ndim)


def _multi_view(op, input, kw):
    """Run a multi-output view op: each output shares input's version counter and base."""
    out = apply_op(op, (input,), kw)
    for o in out:
        o._make_view_of(input, _core.MULTI_OUTPUT_VIEW)
    return out


# ------------------------------------- in-place changes through views (PyTorch's CopySlices) --
def _strided_positions(shape, strides, offset=0):
    """offset + sum(index_k * strides_k) for each index of `shape` (C order), in the strides' unit:
    byte offsets of an array's elements from its first one (shape and strides of the array), or
    storage indices of an as_strided result."""
    pos = np.full(tuple(shape), offset, dtype=np.int64)
    for k, (n, st) in enumerate(zip(shape, strides)):
        dims = [1] * len(shape)
        dims[k] = n
        pos += (np.arange(n, dtype=np.int64) * st).reshape(dims)
    return pos


def _real_coords(a):
    """a's elements as real numbers over the same memory: a complex array as its (..., 2) float view
    (real part, imaginary part), anything else as it is."""
    if a.dtype.kind != "c":
        return a
    return a[..., None].view(a.real.dtype)


def _view_positions(base, view):
    """Where each element of a view lies in its base: the flat (C-order) index in base of the
    element at the same address, from the two arrays' memory. Complex arrays are seen as their
    real coordinates (_real_coords), so .real, .imag and view_as_real views have positions too.
    None when the view is not made of elements of base (another element size)."""
    base, view = _real_coords(base), _real_coords(view)
    if view.dtype != base.dtype:
        return None
    delta = view.__array_interface__["data"][0] - base.__array_interface__["data"][0]
    voff = _strided_positions(view.shape, view.strides, delta)
    if base.flags.c_contiguous:
        pos, rem = np.divmod(voff, base.itemsize)
        ok = (rem == 0) & (pos >= 0) & (pos < base.size)
    else:
        boff = _strided_positions(base.shape, base.strides).reshape(-1)
        order = np.argsort(boff, kind="stable")
        sorted_off = boff[order]
        at = np.minimum(np.searchsorted(sorted_off, voff), builtins.max(base.size - 1, 0))
        ok = sorted_off[at] == voff if base.size else np.zeros(voff.shape, dtype=bool)
        pos = order[at] if base.size else at
    if not ok.all():
        return None
    return np.ascontiguousarray(pos, dtype=np.int64)


# also setitem's / index_put_'s error (indexing.py)
_OVERLAP_ERROR = ("unsupported operation: more than one element of the written-to tensor refers to a single memory "
                  "location. Please clone() the tensor before performing the operation.")


class CopySlicesView(Op):
    """The base after an in-place change through one of its views: the view's elements (flat
    positions `pos` in the base's real coordinates) replaced by `value`, the op's result
    (PyTorch's CopySlices)."""
    name = "torch::autograd::CopySlices"   # its name(); the node type is CopySlices

    @staticmethod
    def forward(ctx, base, value, pos=None):
        if ctx._active:
            ctx.save_for_backward()       # a second backward without retain_graph: freed-graph error
        out = np.array(base._data, order="C")
        out_r = _real_coords(out)
        repeats = np.unique(pos).size != pos.size
        ctx.args = (pos, out_r.shape, out.dtype.kind == "c", value._data.dtype.kind == "c", repeats)
        flat, new = out_r.reshape(-1), _real_coords(value._data)
        if repeats:
            # a view whose elements repeat (an expand): as a write through its memory, only the
            # elements the op changed land in the base (an unchanged copy must not undo them)
            old = flat[pos]
            same = (new == old) | (np.isnan(new) & np.isnan(old)) if new.dtype.kind == "f" else new == old
            flat[pos[~same]] = np.broadcast_to(new, pos.shape)[~same]
        else:
            flat[pos] = new
        return out

    jvp = staticmethod(linear_jvp)

    @staticmethod
    def vjp(F, ctx, g):
        F.saved(ctx)
        pos, shape_r, base_c, view_c, repeats = ctx.args
        if repeats:
            # a view whose elements repeat (fill_/zero_ of an expand): PyTorch's CopySlices copies
            # the gradient back through it and refuses, as its forward ops do
            raise RuntimeError(_OVERLAP_ERROR)
        g_r = F.to_real_coords(g)
        keep = np.ones(builtins.int(np.prod(shape_r)), dtype=bool)
        keep[pos.reshape(-1)] = False     # the overwritten elements get exactly 0 (a select)
        lead = F.ndim(g_r) - len(shape_r)
        flat = F.reshape(g_r, (-1,))      # batch dims kept in front
        gv = F.index(flat, pos, lead)
        return F.from_real_coords(F.select(keep.reshape(shape_r), g_r), base_c), F.from_real_coords(gv, view_c)


class AsStridedView(Op):
    """A view regenerated after an in-place change of its base (PyTorch's AsStridedBackward0):
    one node from the base to the view, whatever chain of view ops made it. `data` is the
    view's array (it still shares the base's memory), `pos` its elements' flat positions in
    the base's real coordinates."""
    name = "AsStridedBackward0"

    @staticmethod
    def forward(ctx, base, data=None, pos=None):
        shape_r = _real_coords(base._data).shape
        ctx.args = (pos, shape_r, base._data.dtype.kind == "c")
        return data

    @staticmethod
    def jvp(F, ctx, primals, options, result, t):
        # the regenerated view's elements of the base's tangent (a copy: the view itself takes the
        # matching view of its base's tangent, see forward_ad)
        pos = ctx.args[0]
        view_c = F.is_complex(result)
        flat = F.reshape(F.to_real_coords(t), (-1,))
        vals = F.reshape(F.index(flat, pos, 0), tuple(F.shape(result)) + ((2,) if view_c else ()))
        return F.from_real_coords(vals, view_c)

    @staticmethod
    def vjp(F, ctx, g):
        pos, shape_r, base_c = ctx.args
        g_r = F.to_real_coords(g)
        lead = F.ndim(g_r) - pos.ndim
        size = builtins.int(np.prod(shape_r))
        if not pos.size:
            # an empty view: PyTorch's as_strided_backward gives new zeros (outside any graph)
            zeros = F.new_zeros(g_r, tuple(F.shape(g_r)[:lead]) + tuple(shape_r))
            return F.from_real_coords(zeros, base_c)
        flat = F.index_put_zeros(g_r, pos, (size,), lead)
        return F.from_real_coords(F.reshape(flat, tuple(shape_r)), base_c)   # batch dims kept in front


def _view_write(base, view, value, pos):
    """base with view's elements replaced by value, recorded on base (CopySlices)."""
    apply_inplace(CopySlicesView, base, (_cast(value, view._data.dtype),), {"pos": pos})


def _view_regenerate(base, view, pos):
    """A tensor whose grad_fn is view's regenerated history (one AsStridedBackward0 from base)."""
    return apply_op(AsStridedView, (base,), {"data": view._data, "pos": pos})


class Cat(Op):
    name = "CatBackward0"

    @staticmethod
    def forward(ctx, *xs, dim=0):
        # legacy empty 1-D tensors take part in promotion and autograd but not in the values
        keep = [x._data for x in xs if not (x._data.ndim == 1 and x._data.size == 0)] or [x._data for x in xs]
        ctx.dim = dim - keep[0].ndim if keep[0].ndim else dim   # negative: batch-safe
        ctx.out_ndim = keep[0].ndim
        ctx.sizes = [x._data.shape[dim] if x._data.ndim > dim else 0 for x in xs]
        ctx.legacy = [x._data.ndim == 1 and x._data.size == 0 for x in xs]
        return np.concatenate(keep, axis=dim)

    jvp = staticmethod(linear_jvp)

    @staticmethod
    def vjp(F, ctx, g):
        out, start = [], 0
        for n, legacy in zip(ctx.sizes, ctx.legacy):
            if legacy:   # PyTorch: a new zeros({0}) (no graph) for a legacy empty input
                out.append(F.new_zeros(g, F.shape(g)[:F.ndim(g) - ctx.out_ndim] + (0,)))
                continue
            out.append(F.narrow(g, ctx.dim, start, n))
            start += n
        return tuple(out)


class Stack(Op):
    name = "StackBackward0"

    @staticmethod
    def forward(ctx, *xs, dim=0):
        ctx.dim = dim - (xs[0]._data.ndim + 1)    # negative: valid with a leading batch dim
        ctx.n = len(xs)
        return np.stack([x._data for x in xs], axis=dim)

    jvp = staticmethod(linear_jvp)

    @staticmethod
    def vjp(F, ctx, g):
        return tuple(F.select_dim(g, ctx.dim, i) for i in range(ctx.n))


# ------------------------------------------------------- public functions --
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


def _int_shape(shape, fname):
    """`shape` (from _shape_args) as ints; PyTorch's TypeError for anything that is not an int."""
    for i, s_ in enumerate(shape):
        if isinstance(s_, builtins.bool) or not isinstance(s_, (builtins.int, np.integer, _Tensor)):
            raise TypeError("%s(): argument 'shape' (position 1) must be tuple of ints, but found element of type "
                            "%s at pos %d" % (fname, _tp_name(s_), i))
    return shape


def _shape_args(shape):
    if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
        return tuple(shape[0])
    if len(shape) == 1 and hasattr(shape[0], "__iter__") and not isinstance(shape[0], _Tensor):
        return tuple(shape[0])
    return tuple(shape)


@expose
def reshape(input, *shape):
    """input with a new shape of the same number of elements (one size may be -1); a view when the strides allow, else
    a copy.

    Gradient: grad reshaped to input's shape.

    Example::

        >>> pa.reshape(pa.arange(6), (2, 3))
        tensor([[0, 1, 2],
                [3, 4, 5]])
    """
    _check_tensor(input, "reshape")
    if len(shape) == 1 and not isinstance(shape[0], (tuple, list, builtins.int, np.integer, _Tensor)):
        raise TypeError("reshape(): argument 'shape' (position 1) must be tuple of ints, not %s" % _tp_name(shape[0]))
    shape = _infer_shape(_int_shape(_shape_args(shape), "reshape"), input._data.size)
    if shape == input._data.shape:
        return _apply_view(View, input, {"shape": shape})
    d = input._data
    if d.flags.c_contiguous or _viewable(d, shape):
        return _apply_view(View, input, {"shape": shape})
    return apply_op(UnsafeView, (clone(input),), {"shape": shape})


@expose
def view(input, *shape):
    """A view of input with a new shape (one size may be -1); refused when the strides cannot express it (use reshape).
    view(dtype) reinterprets the bytes.

    Gradient: grad viewed as input's shape.

    Example::

        >>> pa.arange(6).view(3, 2)
        tensor([[0, 1],
                [2, 3],
                [4, 5]])
    """
    _check_tensor(input, "view")
    if len(shape) == 1 and not isinstance(shape[0], (tuple, list, builtins.int)) and not hasattr(shape[0], "__len__"):
        return _view_dtype(input, shape[0])
    shape = _infer_shape(_int_shape(_shape_args(shape), "view"), input._data.size)
    d = input._data
    if d.size and not (d.flags.c_contiguous or _viewable(d, shape)):
        raise RuntimeError("view size is not compatible with input tensor's size and stride (at least one "
                           "dimension spans across two contiguous subspaces). Use .reshape(...) instead.")
    return _apply_view(View, input, {"shape": shape})


def _view_dtype(input, dtype):
    """x.view(dtype): the same memory read as another dtype (PyTorch: an alias sharing the version
    counter, not differentiable, not a view for autograd)."""
    d = input._data
    nd = to_numpy_dtype(dtype)
    if nd.itemsize != d.dtype.itemsize:
        what = "to view %s as %s (different element sizes)" % (_SCALAR_TYPE_NAMES[d.dtype.name],
                                                              _SCALAR_TYPE_NAMES[nd.name])
        if d.ndim == 0:
            raise RuntimeError("self.dim() cannot be 0 " + what)
        if d.strides[-1] != d.itemsize and d.shape[-1] != 1:
            raise RuntimeError("self.stride(-1) must be 1 %s, but got %d" % (what, d.strides[-1] // d.itemsize))
        if nd.itemsize > d.dtype.itemsize and (d.shape[-1] * d.dtype.itemsize) % nd.itemsize:
            raise RuntimeError("self.size(-1) must be divisible by %d %s, but got %d"
                               % (nd.itemsize // d.dtype.itemsize, what, d.shape[-1]))
    out = _make_tensor(d.view(nd))
    out._share_version(input)
    return out


def _viewable(d, shape):
    """Whether `d` can be seen with `shape` without a copy (PyTorch's computeStride test; NumPy
    deprecates setting .shape, and its reshape(copy=False) is not in every supported NumPy)."""
    old_shape, old_strides = d.shape, d.strides
    if d.size == 0 or not old_shape:
        return True
    view_d = len(shape) - 1
    chunk_base_stride = old_strides[-1]
    tensor_numel = view_numel = 1
    for tensor_d in range(len(old_shape) - 1, -1, -1):
        tensor_numel *= old_shape[tensor_d]
        # a chunk ends where the next (outer) dim is not contiguous with this one
        if tensor_d == 0 or (old_shape[tensor_d - 1] != 1
                             and old_strides[tensor_d - 1] != tensor_numel * chunk_base_stride):
            while view_d >= 0 and (view_numel < tensor_numel or shape[view_d] == 1):
                view_numel *= shape[view_d]
                view_d -= 1
            if view_numel != tensor_numel:
                return False
            if tensor_d > 0:
                chunk_base_stride = old_strides[tensor_d - 1]
                tensor_numel = view_numel = 1
    return view_d == -1


def _apply_view(op, input, kw=None):
    """Run a view op and make its result a view of input (shared version counter, _base)."""
    out = apply_op(op, (input,), kw)
    out._make_view_of(input)
    return out


@expose(method=True)
def flatten(input, start_dim=0, end_dim=-1):
    """input with dims start_dim to end_dim merged into one (a view when possible).

    Gradient: grad reshaped to input's shape.

    Example::

        >>> pa.flatten(pa.zeros(2, 3, 4), start_dim=1).shape
        torch.Size([2, 12])
    """
    _check_tensor(input, "flatten")
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


@expose(method=True)
def unflatten(input, dim, sizes):
    """input with dim split into the sizes given (one may be -1): the inverse of flatten.

    Gradient: grad reshaped to input's shape.

    Example::

        >>> pa.unflatten(pa.arange(6), 0, (2, 3))
        tensor([[0, 1, 2],
                [3, 4, 5]])
    """
    _check_tensor(input, "unflatten")
    d = _norm_dim(dim, input._data.ndim)
    shape = input.shape
    sizes = tuple(sizes)
    known = math.prod(x for x in sizes if x != -1)
    if (-1 not in sizes and known != shape[d]) or (-1 in sizes and (known == 0 or shape[d] % known)):
        raise RuntimeError("unflatten: Provided sizes [%s] don't multiply up to the size of dim %d (%d) in the "
                           "input tensor" % (", ".join(map(str, sizes)), d, shape[d]))
    return reshape(input, tuple(shape[:d]) + sizes + tuple(shape[d + 1:]))


@expose(method=True)
def squeeze(input, dim=None):
    """A view of input without its size-1 dims (all of them, or only those in dim).

    Gradient: grad reshaped to input's shape.

    Example::

        >>> pa.squeeze(pa.zeros(1, 2, 1)).shape
        torch.Size([2])
    """
    _check_tensor(input, "squeeze")
    if dim is None:
        return _apply_view(Squeeze, input, {"dim": None})
    d = _dim_arg(input, dim)
    op = SqueezeDims if isinstance(dim, (tuple, list)) else SqueezeDim
    return _apply_view(op, input, {"dim": d})


@expose(method=True)
def unsqueeze(input, dim):
    """A view of input with a new size-1 dim inserted at position dim.

    Gradient: grad with that dim squeezed.

    Example::

        >>> pa.unsqueeze(pa.tensor([1, 2]), 1)
        tensor([[1],
                [2]])
    """
    _check_tensor(input, "unsqueeze")
    d = _norm_dim(dim, input._data.ndim + 1)
    return _apply_view(Unsqueeze, input, {"dim": d})


@expose(method=True)
def transpose(input, dim0, dim1):
    """A view of input with dims dim0 and dim1 swapped.

    Gradient: grad transposed back.

    Example::

        >>> pa.transpose(pa.zeros(2, 3, 4), 0, 2).shape
        torch.Size([4, 3, 2])
    """
    _check_tensor(input, "transpose")
    nd = input._data.ndim
    if nd == 0:
        _norm_dim(dim0, 0), _norm_dim(dim1, 0)
        return _apply_view(Transpose, input, {"dim0": 0, "dim1": 0})
    return _apply_view(Transpose, input, {"dim0": _norm_dim(dim0, nd), "dim1": _norm_dim(dim1, nd)})


swapaxes = alias("swapaxes", transpose, method=True)
swapdims = alias("swapdims", transpose, method=True)


@expose(method=True)
def t(input):
    """The transpose of a matrix (a view); 0-D and 1-D tensors are returned as they are.

    Gradient: grad transposed back.

    Example::

        >>> pa.t(pa.tensor([[1, 2, 3]]))
        tensor([[1],
                [2],
                [3]])
    """
    _check_tensor(input, "t")
    nd = input._data.ndim
    if nd > 2:
        raise RuntimeError("t() expects a tensor with <= 2 dimensions, but self is %dD" % nd)
    if nd < 2:
        return _apply_view(T, input, {"dim0": 0, "dim1": 0})
    return _apply_view(T, input, {"dim0": 0, "dim1": 1})


@expose
def permute(input, *dims):
    """A view of input with its dims reordered as dims says (dims[i] becomes dim i).

    Gradient: grad permuted back.

    Example::

        >>> pa.permute(pa.zeros(2, 3, 4), (2, 0, 1)).shape
        torch.Size([4, 2, 3])
    """
    _check_tensor(input, "permute")
    dims = _shape_args(dims)
    nd = input._data.ndim
    if len(dims) != nd:
        raise RuntimeError("permute(sparse_coo): number of dimensions in the tensor input does not match the "
                           "length of the desired ordering of dimensions i.e. input.dim() = %d is not equal to "
                           "len(dims) = %d" % (nd, len(dims)))
    d = tuple(_norm_dim(x, nd) for x in dims) if nd else ()
    if len(set(d)) != len(d):
        raise RuntimeError("permute(): duplicate dims are not allowed.")
    return _apply_view(Permute, input, {"dims": d})


@expose(method=True)
def movedim(input, source, destination):
    """A view of input with dim(s) source moved to position(s) destination, the others keeping their order.

    Gradient: grad with the dims moved back.

    Example::

        >>> pa.movedim(pa.zeros(2, 3, 4), 0, -1).shape
        torch.Size([3, 4, 2])
    """
    _check_tensor(input, "movedim")
    nd = input._data.ndim
    src = [_norm_dim(s, nd) for s in (source if isinstance(source, (tuple, list)) else [source])]
    dst = [_norm_dim(s, nd) for s in (destination if isinstance(destination, (tuple, list)) else [destination])]
    order = [i for i in range(nd) if i not in src]
    for dd, s in sorted(zip(dst, src)):
        order.insert(dd, s)
    return permute(input, tuple(order))


@expose
def expand(input, *sizes):
    """A view of input broadcast to a larger shape (size-1 dims repeated without copying; -1 keeps a size).

    Gradient: grad summed over the expanded dims.

    Example::

        >>> pa.tensor([[1], [2]]).expand(2, 3)
        tensor([[1, 1, 1],
                [2, 2, 2]])
    """
    _check_tensor(input, "expand")
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
    return _apply_view(Expand, input, {"shape": target})


def _bexpand(g, shape):
    """expand(g, shape), keeping g's leading batch dims in front during a batched backward."""
    nb = _core.grad_batch_ndim()
    if nb:
        lead, rest = tuple(g.shape[:nb]), tuple(g.shape[nb:])
        if len(rest) < len(shape):
            g = g.reshape(lead + (1,) * (len(shape) - len(rest)) + rest)
        return expand(g, lead + tuple(shape))
    return expand(g, shape)


@expose(method=True)
def broadcast_to(input, size):
    """A view of input broadcast to size (as expand).

    Gradient: grad summed over the broadcast dims.

    Example::

        >>> pa.broadcast_to(pa.tensor([1, 2]), (2, 2))
        tensor([[1, 2],
                [1, 2]])
    """
    _check_tensor(input, "broadcast_to")
    return expand(input, tuple(size))


@expose(method=True)
def expand_as(input, other):
    """input expanded to other's shape (a view).

    Gradient: grad summed over the expanded dims.

    Example::

        >>> pa.tensor([1, 2]).expand_as(pa.zeros(3, 2)).shape
        torch.Size([3, 2])
    """
    _check_tensor(input, "expand_as")
    return expand(input, other.shape)


@expose
def sum_to(g, shape):
    """Sum g down to ``shape`` (the engine's reduction of broadcast gradients): the leading dims g has
    beyond shape are summed away, and dims where shape has size 1 are summed with keepdim.

    During a batched backward the leading batch dim of g is kept. Internal: pyautograd._ops.sum_to.

    Gradient: grad broadcast back to g's shape.

    Example::

        >>> pa._ops.sum_to(pa.ones(2, 3), (1, 3))
        tensor([[2., 2., 2.]])
    """
    shape = tuple(shape)
    nb = _core.grad_batch_ndim() if g._data.ndim > len(shape) else 0
    if g._data.shape[nb:] == shape:
        return g
    return apply_op(SumToSize, (g,), {"shape": shape, "nb": nb})


@expose
def flip(input, dims):
    """input with the order of elements reversed along each dim in dims (a copy).

    Gradient: grad flipped back.

    Example::

        >>> pa.flip(pa.tensor([[1, 2], [3, 4]]), (0,))
        tensor([[3, 4],
                [1, 2]])
    """
    _check_tensor(input, "flip")
    nd = input._data.ndim
    if isinstance(dims, builtins.int):      # x.flip(0) is accepted (Tensor.flip), torch.flip(x, 0) is not
        raise TypeError("flip(): argument 'dims' (position 2) must be tuple of ints, not int")
    d = tuple(_norm_dim(x, nd) for x in dims) if nd else ()
    return apply_op(Flip, (input,), {"dims": d})


def _diagonal_of(d, offset, dim1, dim2):
    """d's diagonal as a NumPy view that can be written (np.diagonal's is read-only): dims dim1
    and dim2 removed, the diagonal appended last, as torch.diagonal."""
    r = np.diagonal(d, offset, dim1, dim2)
    start = [slice(None)] * d.ndim
    if r.size:
        if offset >= 0:
            start[dim2 % d.ndim] = slice(offset, None)
        else:
            start[dim1 % d.ndim] = slice(-offset, None)
    return np.lib.stride_tricks.as_strided(d[tuple(start)], r.shape, r.strides, writeable=d.flags.writeable)


class Diagonal(Op):
    name = "DiagonalBackward0"

    @staticmethod
    def forward(ctx, x, offset=0, dim1=0, dim2=1):
        d = x._data
        ctx.args = (d.shape, offset, dim1 - d.ndim, dim2 - d.ndim)    # negative: batch-safe
        return _diagonal_of(d, offset, dim1, dim2)

    jvp = staticmethod(linear_jvp)

    @staticmethod
    def vjp(F, ctx, g):
        shape, offset, dim1, dim2 = ctx.args
        return F.diagonal_scatter(g, shape, offset, dim1, dim2)


class DiagonalScatter(Op):
    """zeros of `shape` with g on the diagonal (the backward of diagonal)."""
    name = "DiagonalBackwardBackward0"

    @staticmethod
    def forward(ctx, g, shape=None, offset=0, dim1=0, dim2=1):
        ctx.args = (offset, dim1, dim2)
        return DiagonalScatter.array(g._data, shape, offset, dim1, dim2)

    @staticmethod
    def array(d, shape, offset, dim1, dim2):
        lead = d.ndim - (len(shape) - 1)
        out = np.zeros(d.shape[:lead] + tuple(shape), dtype=d.dtype)
        _diagonal_of(out, offset, dim1, dim2)[...] = d
        return out

    jvp = staticmethod(linear_jvp)

    @staticmethod
    def vjp(F, ctx, gg):
        offset, dim1, dim2 = ctx.args
        return F.diagonal(gg, offset, dim1, dim2)


@expose(method=True)
def diagonal(input, offset=0, dim1=0, dim2=1):
    """The diagonal of input over dims dim1 and dim2 (a view; the diagonal is the last dim of the
    result), offset above (> 0) or below (< 0) the main one.

    Gradient: grad written onto the same diagonal of zeros of input's shape.

    Example::

        >>> pa.diagonal(pa.tensor([[1, 2], [3, 4]]))
        tensor([1, 4])
    """
    _check_tensor(input, "diagonal")
    nd = input._data.ndim
    d1 = _norm_dim(dim1, nd)
    d2 = _norm_dim(dim2, nd)
    if d1 == d2:
        raise RuntimeError("diagonal dimensions cannot be identical %d, %d" % (dim1, dim2))
    return _apply_view(Diagonal, input, {"offset": operator.index(offset), "dim1": d1, "dim2": d2})


def _storage_of(t):
    """The memory a tensor and its views live in, as a 1-D NumPy view from its lowest element, and t's
    offset in it (PyTorch's storage and storage_offset): a root's array and what lies between its
    elements."""
    root = (t._base if t._base is not None else t)._data
    if builtins.any(st < 0 for st in root.strides):
        raise RuntimeError("as_strided: the tensor's memory has negative strides")
    isz = root.itemsize
    extent = 0 if root.size == 0 else 1 + builtins.sum((n - 1) * st for n, st in zip(root.shape, root.strides)) // isz
    storage = np.lib.stride_tricks.as_strided(root, (extent,), (isz,), writeable=root.flags.writeable)
    offset = (t._data.__array_interface__["data"][0] - root.__array_interface__["data"][0]) // isz
    return storage, offset


class AsStrided(Op):
    name = "AsStridedBackward0"

    @staticmethod
    def forward(ctx, x, size=(), stride=(), storage_offset=0):
        storage, xoff = _storage_of(x)
        isz = storage.itemsize
        # the storage index of each element of x and of the result: the gradient goes through the storage
        ctx.args = (storage.size, _strided_positions(x._data.shape, [st // isz for st in x._data.strides], xoff),
                    _strided_positions(size, stride, storage_offset))
        return np.lib.stride_tricks.as_strided(storage[storage_offset:], tuple(size), tuple(st * isz for st in stride),
                                               writeable=storage.flags.writeable)

    jvp = staticmethod(linear_jvp)

    @staticmethod
    def vjp(F, ctx, g):
        n, in_pos, out_pos = ctx.args
        lead = F.ndim(g) - out_pos.ndim
        if not out_pos.size:
            # an empty result: PyTorch's as_strided_backward gives new zeros (outside any graph)
            return F.new_zeros(g, F.shape(g)[:lead] + in_pos.shape)
        flat = F.index_put_zeros(g, out_pos, (n,), lead)
        return F.index(flat, in_pos, lead)


@expose(method=True)
def as_strided(input, size, stride, storage_offset=None):
    """A view of input's storage with the given sizes and strides (in elements), from storage_offset.
    Elements may repeat (a stride of 0); writing through such a view is refused, as PyTorch.

    Gradient: grad scattered back (summed where elements repeat) into input's geometry.

    Example::

        >>> pa.as_strided(pa.arange(6.0), (2, 2), (1, 2))
        tensor([[0., 2.],
                [1., 3.]])
    """
    _check_tensor(input, "as_strided")
    size = [operator.index(n) for n in size]
    stride = [operator.index(st) for st in stride]
    if len(size) != len(stride):
        raise RuntimeError("mismatch in length of strides and shape")
    storage, own = _storage_of(input)
    offset = own if storage_offset is None else operator.index(storage_offset)
    if offset < 0:
        raise RuntimeError("Tensor: invalid storage offset %d" % offset)
    if builtins.any(n < 0 for n in size):
        raise RuntimeError("Storage size calculation overflowed with sizes=[%s] and strides=[%s]"
                           % (", ".join(map(str, size)), ", ".join(map(str, stride))))
    if builtins.any(st < 0 for st in stride):
        raise RuntimeError("as_strided: Negative strides are not supported at the moment, got strides: [%s]"
                           % ", ".join(map(str, stride)))
    isz = storage.itemsize
    need = 0 if 0 in size else offset + 1 + builtins.sum((n - 1) * st for n, st in zip(size, stride))
    if need > storage.size:
        raise RuntimeError("setStorage: sizes [%s], strides [%s], storage offset %d, and itemsize %d requiring a "
                           "storage size of %d are out of bounds for storage of size %d"
                           % (", ".join(map(str, size)), ", ".join(map(str, stride)), offset, isz, need * isz,
                              storage.size * isz))
    return _apply_view(AsStrided, input, {"size": tuple(size), "stride": tuple(stride), "storage_offset": offset})


def _check_tensor_seq(tensors, fname):
    if not isinstance(tensors, (list, tuple)):
        raise TypeError("%s(): argument 'tensors' (position 1) must be tuple of Tensors, not %s"
                        % (fname, _tp_name(tensors)))
    for i, t_ in enumerate(tensors):
        if not isinstance(t_, _Tensor):
            raise TypeError("expected Tensor as element %d in argument 0, but got %s" % (i, _tp_name(t_)))


@expose
def cat(tensors, dim=0, *, out=None):
    """The tensors joined along an existing dim (all of the same shape except in dim; 1-D empty tensors are skipped).

    Gradient: grad split back into the pieces.

    Example::

        >>> pa.cat([pa.tensor([1, 2]), pa.tensor([3])])
        tensor([1, 2, 3])
    """
    _check_tensor_seq(tensors, "cat")
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


concat = alias("concat", cat, method=False)
concatenate = alias("concatenate", cat, method=False)


@expose
def stack(tensors, dim=0):
    """The tensors (all of one shape) joined along a new dim.

    Gradient: grad split along that dim.

    Example::

        >>> pa.stack([pa.tensor([1, 2]), pa.tensor([3, 4])], dim=1)
        tensor([[1, 3],
                [2, 4]])
    """
    _check_tensor_seq(tensors, "stack")
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


@expose
def hstack(tensors):
    """The tensors joined horizontally: along dim 1, or dim 0 for 1-D tensors.

    Gradient: grad split back into the pieces.

    Example::

        >>> pa.hstack([pa.tensor([1, 2]), pa.tensor([3])])
        tensor([1, 2, 3])
    """
    return cat(tensors, 0 if tensors[0]._data.ndim == 1 else 1)


@expose
def vstack(tensors):
    """The tensors joined vertically along dim 0 (1-D tensors become rows first).

    Gradient: grad split back into the pieces.

    Example::

        >>> pa.vstack([pa.tensor([1, 2]), pa.tensor([3, 4])])
        tensor([[1, 2],
                [3, 4]])
    """
    return cat([x.reshape(1, -1) if x._data.ndim == 1 else x for x in tensors], 0)


@expose(method=True)
def split(tensor, split_size_or_sections, dim=0):
    """tensor cut along dim into views: pieces of split_size_or_sections each (the last smaller), or of the listed
    sizes.

    Gradient: each piece's grad placed back in its part (zeros for pieces without one).

    Example::

        >>> pa.split(pa.arange(5), 2)
        (tensor([0, 1]), tensor([2, 3]), tensor([4]))
        >>> pa.split(pa.arange(5), [1, 4])
        (tensor([0]), tensor([1, 2, 3, 4]))
    """
    _check_tensor(tensor, "split", "tensor")
    d = _norm_dim(dim, tensor._data.ndim)
    size = tensor._data.shape[d]
    op = SplitViews
    if isinstance(split_size_or_sections, builtins.int):
        step = split_size_or_sections
        if step <= 0 and size:
            raise RuntimeError("split_size can only be 0 if dimension size is 0, but got dimension size of %d" % size)
        # a zero-size dim splits into one empty piece, as in PyTorch
        sections = [builtins.min(step, size - s) for s in range(0, size, step)] if step and size else [0]
    else:
        op = SplitWithSizesViews
        sections = list(split_size_or_sections)
        if builtins.sum(sections) != size:
            raise RuntimeError("split_with_sizes expects split_sizes to sum exactly to %d (input tensor's size at "
                               "dimension %d), but got split_sizes=[%s]" % (size, d, ", ".join(map(str, sections))))
    if builtins.any(n < 0 for n in sections):
        raise RuntimeError("split_with_sizes expects split_sizes have only non-negative entries, but got "
                           "split_sizes=[%s]" % ", ".join(map(str, sections)))
    return _multi_view(op, tensor, {"dim": d, "sections": tuple(sections)})


@expose(method=True)
def chunk(input, chunks, dim=0):
    """input cut along dim into at most chunks views of equal size (the last may be smaller).

    Gradient: each chunk's grad placed back in its part.

    Example::

        >>> pa.chunk(pa.arange(5), 2)
        (tensor([0, 1, 2]), tensor([3, 4]))
    """
    _check_tensor(input, "chunk")
    if chunks <= 0:
        raise RuntimeError("chunk expects `chunks` to be greater than 0, got: %d" % chunks)
    d = _norm_dim(dim, input._data.ndim)
    size = input._data.shape[d]
    if not size:
        return split(input, [0] * chunks, d)   # PyTorch: `chunks` empty pieces
    return split(input, -(-size // chunks), d)


@expose(method=True)
def unbind(input, dim=0):
    """The slices of input along dim, as a tuple of views with that dim removed.

    Gradient: the slices' grads stacked.

    Example::

        >>> pa.unbind(pa.tensor([[1, 2], [3, 4]]))
        (tensor([1, 2]), tensor([3, 4]))
    """
    _check_tensor(input, "unbind")
    if input._data.ndim == 0:
        raise IndexError("Dimension specified as 0 but tensor has no dimensions")
    d = _norm_dim(dim, input._data.ndim)
    if input._data.shape[d] == 0:
        return ()
    return _multi_view(UnbindViews, input, {"dim": d})
