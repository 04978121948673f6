"""Ops that combine or rearrange whole tensors: einsum, tensordot, kron, cross, dist / cdist, roll,
rot90, tile, repeat_interleave, narrow_copy, atleast_1d/2d/3d, block_diag, cartesian_prod,
combinations, vander, meshgrid, triu_indices / tril_indices, flipud / fliplr, moveaxis, diff; and
the small ones next to them: positive, signbit, heaviside.

Where PyTorch has a kernel with its own backward (RollBackward0, Rot90Backward0,
NarrowCopyBackward0, BlockDiagBackward0, DistBackward0, CdistBackward0, LinalgCrossBackward0)
the op is declared here with its rules; where PyTorch composes other ops (einsum, kron, tile,
repeat_interleave, atleast_*, meshgrid, cartesian_prod, combinations, vander) so does the public
function here, and its gradients (of every order) are those of the ops it is made of."""
import builtins
import itertools
import operator
import warnings

import numpy as np

from .._core import apply_op, _make_tensor, TensorBase as _Tensor
from .._dtype import to_numpy_dtype
from ._registry import expose, alias, Op, register, linear_jvp, vjp_jvp, rule_helper
from ._spec import OpSpec
from ._common import _check_broadcast, _check_tensor, _norm_dim, _result_dtype, _SCALAR_TYPE_NAMES, _st, _tp_name
from .elementwise import _cast, clone, mul
from .shape import reshape, permute, diagonal, expand, unsqueeze, flip, stack, cat, movedim, repeat, UnsafeView
from .scatter import index_select
from .reductions import sum as _sum, cumprod, pnorm_grad
from .linalg import matmul


def _legacy_print(t):
    # PyTorch's C++ print of a tensor in its error texts: rows of right-aligned values, then the type
    d = np.atleast_2d(t._data.reshape(-1, t._data.shape[-1]) if t._data.ndim else t._data)
    # whole numbers print without decimals, others with four
    whole = d.dtype.kind != "f" or bool(np.all(np.isfinite(d) & (d == np.round(d))))
    cells = [str(int(v)) if whole else "%.4f" % v for v in d.ravel()]
    w = builtins.max(len(c) for c in cells) if cells else 0
    rows = [" ".join(c.rjust(w + 1) for c in cells[i * d.shape[1]:(i + 1) * d.shape[1]]) for i in range(d.shape[0])]
    return "%s\n[ torch.%sTensor{%s} ]" % ("\n".join(rows), _SCALAR_TYPE_NAMES[d.dtype.name],
                                           ",".join(map(str, t._data.shape)))


def _shape_text(shape):
    return "[%s]" % ", ".join(map(str, shape))


def _int_list(v):
    """An int or a sequence of ints as a tuple (PyTorch's IntArrayRef arguments)."""
    if isinstance(v, _Tensor):
        v = v.tolist()
    if isinstance(v, (list, tuple)):
        return tuple(operator.index(x) for x in v)
    return (operator.index(v),)


# ------------------------------------------------------------------------- roll --
@register
class Roll(Op):
    """roll(x, shifts, dims): a copy with the elements shifted (the flattened tensor when dims is empty)."""
    name = "RollBackward0"

    @staticmethod
    def forward(ctx, x, shifts=(), dims=()):
        n = x._data.ndim
        # negative dims: the rule is the same with leading batch dims (batched backward)
        ctx.args = (shifts, tuple(d - n for d in dims), x._data.shape)
        return Roll.array(x._data, shifts, dims)

    fn = "roll"

    @staticmethod
    def array(d, shifts, dims):
        if not dims:
            return np.roll(d.reshape(-1), shifts[0]).reshape(d.shape)
        return np.ascontiguousarray(np.roll(d, shifts, dims))

    jvp = staticmethod(linear_jvp)

    @staticmethod
    def vjp(F, ctx, g):
        shifts, dims, shape = ctx.args
        back = tuple(-s for s in shifts)
        if dims:
            return F.roll(g, back, dims)
        # the flattened roll: over the sample's elements (batch dims stay in front)
        return F.reshape(F.roll(F.reshape(g, (-1,)), back, (-1,)), shape)


@expose(method=True, spec=[
    OpSpec("roll", lambda T, a: T.roll(a, 1, 0), [(3, 4)], empty=[(0, 4)]),
    OpSpec("roll_dims", lambda T, a: T.roll(a, (2, -1), (1, 0)), [(3, 4)]),
    OpSpec("roll_flat", lambda T, a: a.roll(5), [(3, 4)], scalar=[()])])
def roll(input, shifts, dims=None):
    """input with its elements shifted cyclically by shifts along dims (flattened when dims is None).

    Gradient: grad rolled back.

    Example::

        >>> pa.roll(pa.tensor([1, 2, 3, 4]), 1)
        tensor([4, 1, 2, 3])
    """
    _check_tensor(input, "roll")
    shifts = _int_list(shifts)
    dims = () if dims is None else _int_list(dims)
    if not dims:
        if len(shifts) != 1:
            raise RuntimeError("shifts and dimensions must align. shifts: %d, dims:0" % len(shifts))
    elif len(shifts) != len(dims):
        raise RuntimeError("shifts and dimensions must align. shifts: %d, dims:%d" % (len(shifts), len(dims)))
    dims = tuple(_norm_dim(d, input._data.ndim) or 0 for d in dims)
    if input._data.ndim == 0:
        dims = ()
    return apply_op(Roll, (input,), {"shifts": shifts, "dims": dims})


# ------------------------------------------------------------------------ rot90 --
@register
class Rot90(Op):
    """rot90(x, k, dims): k quarter turns from dims[0] towards dims[1]; a copy laid out as PyTorch's
    (flip, then a transposed view of the flipped copy for odd k)."""
    name = "Rot90Backward0"

    @staticmethod
    def forward(ctx, x, k=1, dims=(0, 1)):
        n = x._data.ndim
        ctx.args = (k, tuple(d - n for d in dims))
        return Rot90.array(x._data, k, dims)

    fn = "rot90"

    @staticmethod
    def array(d, k, dims):
        a, b = dims
        k %= 4
        if k == 1:
            return np.swapaxes(np.flip(d, b).copy(order="K"), a, b)
        if k == 2:
            return np.flip(d, (a, b)).copy(order="K")
        if k == 3:
            return np.swapaxes(np.flip(d, a).copy(order="K"), a, b)
        return d.copy(order="K")

    jvp = staticmethod(linear_jvp)

    @staticmethod
    def vjp(F, ctx, g):
        k, dims = ctx.args
        return F.rot90(g, -k, dims)


@expose(method=True, spec=[
    OpSpec("rot90", lambda T, a: T.rot90(a), [(3, 4)], empty=[(0, 4)]),
    OpSpec("rot90_k2", lambda T, a: T.rot90(a, 2, (1, 2)), [(2, 3, 4)]),
    OpSpec("rot90_k3_neg", lambda T, a: a.rot90(-1, [1, 0]), [(3, 4)])])
def rot90(input, k=1, dims=(0, 1)):
    """input rotated by 90 degrees k times in the plane of dims (from the first dim toward the second).

    Gradient: grad rotated back.

    Example::

        >>> pa.rot90(pa.tensor([[1, 2], [3, 4]]))
        tensor([[2, 4],
                [1, 3]])
    """
    _check_tensor(input, "rot90")
    dims = _int_list(dims)
    n = input._data.ndim
    if len(dims) != 2:
        raise RuntimeError("expected total rotation dims == 2, but got dims = %d" % len(dims))
    if n < 2:
        raise RuntimeError("expected total dims >= 2, but got total dims = %d" % n)
    a, b = (_norm_dim(d, n) for d in dims)
    if a == b:
        raise RuntimeError("expected rotation dims to be different, but got dim0 = %d and dim1 = %d" % (a, b))
    return apply_op(Rot90, (input,), {"k": operator.index(k), "dims": (a, b)})


# ------------------------------------------------------------------ narrow_copy --
@register
class NarrowCopy(Op):
    name = "NarrowCopyBackward0"

    @staticmethod
    def forward(ctx, x, dim=0, start=0, length=0):
        d = x._data
        ctx.args = ((slice(None),) * dim + (slice(start, start + length),), d.shape)
        return d[ctx.args[0]].copy()        # a copy, never a view of x

    jvp = staticmethod(linear_jvp)

    @staticmethod
    def vjp(F, ctx, g):
        index, shape = ctx.args
        return F.index_put_zeros(g, index, shape, F.ndim(g) - len(shape))


@expose(method=True, spec=[OpSpec("narrow_copy", lambda T, a: T.narrow_copy(a, 1, 1, 2), [(3, 4)], empty=[(0, 4)]),
                           OpSpec("narrow_copy_neg", lambda T, a: a.narrow_copy(-1, -3, 2), [(3, 4)], torch_grad=False,
                                  note="PyTorch 2.13's NarrowCopyBackward0 fails for a negative start (it pads by the unnormalised start)")])
def narrow_copy(input, dim, start, length):
    """A copy (not a view) of narrow(input, dim, start, length).

    Gradient: grad placed in that slice of zeros.

    Example::

        >>> pa.narrow_copy(pa.arange(5), 0, 1, 2)
        tensor([1, 2])
    """
    _check_tensor(input, "narrow_copy")
    if input._data.ndim == 0:
        raise RuntimeError("narrow() cannot be applied to a 0-dim tensor.")
    d = _norm_dim(dim, input._data.ndim)
    size = input._data.shape[d]
    start, length = operator.index(start), operator.index(length)
    if length < 0:
        raise RuntimeError("narrow(): length must be non-negative.")
    if start < -size or start > size:
        raise IndexError("start out of range (expected to be in range of [%d, %d], but got %d)" % (-size, size, start))
    if start < 0:
        start += size
    if start + length > size:
        raise RuntimeError("start (%d) + length (%d) exceeds dimension size (%d)." % (start, length, size))
    return apply_op(NarrowCopy, (input,), {"dim": d, "start": start, "length": length})


# ------------------------------------------------------------------- block_diag --
@register
class BlockDiag(Op):
    """The inputs (0-d as 1x1, 1-D as one row) down the diagonal of a zero matrix."""
    name = "BlockDiagBackward0"

    @staticmethod
    def forward(ctx, *xs, dtype=None):
        blocks = [np.reshape(x._data, (1, -1) if x._data.ndim < 2 else x._data.shape) for x in xs]
        ctx.args = [(x._data.shape, b.shape) for x, b in zip(xs, blocks)]
        out = np.zeros((builtins.sum(b.shape[0] for b in blocks), builtins.sum(b.shape[1] for b in blocks)), dtype)
        r = c = 0
        for b in blocks:
            out[r:r + b.shape[0], c:c + b.shape[1]] = b
            r, c = r + b.shape[0], c + b.shape[1]
        return out

    jvp = staticmethod(linear_jvp)

    @staticmethod
    def vjp(F, ctx, g):
        out, r, c = [], 0, 0
        for shape, (h, w) in ctx.args:
            part = F.narrow(F.narrow(g, -2, r, h), -1, c, w)
            out.append(F.reshape(part, shape))
            r, c = r + h, c + w
        return tuple(out)


@expose(spec=[OpSpec("block_diag", lambda T, a, b, c: T.block_diag(a, b, c), [(2, 3), (3,), ()]),
              OpSpec("block_diag_empty", lambda T, a, b: T.block_diag(a, b), [(0, 2), (2, 2)])])
def block_diag(*tensors):
    """A block-diagonal matrix with the tensors (0-D, 1-D or 2-D) on the diagonal, zeros elsewhere.

    Gradient: each block's part of grad.

    Example::

        >>> pa.block_diag(pa.tensor([[1]]), pa.tensor([[2, 3]]))
        tensor([[1, 0, 0],
                [0, 2, 3]])
    """
    for i, t in enumerate(tensors):
        if not isinstance(t, _Tensor):
            raise TypeError("block_diag(): argument 'tensors' (position 1) must be tuple of Tensors, not %s"
                            % _tp_name(t))
        if t._data.ndim > 2:
            raise RuntimeError("torch.block_diag: Input tensors must have 2 or fewer dimensions. Input %d has %d "
                               "dimensions" % (i, t._data.ndim))
    if not tensors:
        return _make_tensor(np.zeros((1, 0), np.float32))
    dt = _result_dtype(*[t for t in tensors])
    return apply_op(BlockDiag, tuple(tensors), {"dtype": dt})


# ------------------------------------------------------------------------ cross --
@register
class LinalgCross(Op):
    """input x other along dim (of size 3; the other dims broadcast)."""
    name = "LinalgCrossBackward0"

    @staticmethod
    def forward(ctx, a, b, dim=-1):
        ctx.save_for_backward(a, b)
        n = builtins.max(a._data.ndim, b._data.ndim)
        ctx.args = (dim - n if dim >= 0 else dim, a._data.shape, b._data.shape)
        return LinalgCross.array(a._data, b._data, dim)

    @staticmethod
    def array(x, y, dim):
        return np.ascontiguousarray(np.cross(x, y, axis=dim))   # a new contiguous tensor, as PyTorch's

    @staticmethod
    def jvp(F, ctx, primals, options, result, ta, tb):
        a, b = primals
        dim = ctx.args[0]
        return F.linalg_cross(ta, b, dim) + F.linalg_cross(a, tb, dim)

    @staticmethod
    def vjp(F, ctx, g):
        a, b = F.saved(ctx)
        dim, sa, sb = ctx.args
        lead = F.ndim(g) - builtins.max(len(sa), len(sb))
        ga = F.linalg_cross(F.conj(b), g, dim) if F.is_complex(b) else F.linalg_cross(b, g, dim)
        gb = F.linalg_cross(g, F.conj(a), dim) if F.is_complex(a) else F.linalg_cross(g, a, dim)
        return F.sum_to(ga, F.shape(g)[:lead] + sa), F.sum_to(gb, F.shape(g)[:lead] + sb)


def _cross_broadcasting(x, y, dim):
    # F.linalg_cross on tensors: operands of different ranks (a batched backward's g has leading
    # batch dims the saved operands lack) line up from the right; dim is negative
    n = builtins.max(x._data.ndim, y._data.ndim)
    x = reshape(x, (1,) * (n - x._data.ndim) + x._data.shape) if x._data.ndim < n else x
    y = reshape(y, (1,) * (n - y._data.ndim) + y._data.shape) if y._data.ndim < n else y
    return apply_op(LinalgCross, (x, y), {"dim": dim % n})


rule_helper("linalg_cross", LinalgCross.array, _cross_broadcasting)


def _cross(input, other, dim, fname):
    _check_tensor(input, fname)
    _check_tensor(other, fname, "other", 2)
    if input._data.ndim != other._data.ndim:
        raise RuntimeError("linalg.cross: inputs must have the same number of dimensions.")
    n = input._data.ndim
    d = _norm_dim(dim, n)
    if input._data.shape[d] != 3 or other._data.shape[d] != 3:
        raise RuntimeError("linalg.cross: inputs dimension %d must have length 3. Got %d and %d"
                           % (dim, input._data.shape[d], other._data.shape[d]))   # the dim as given
    for i, (x, y) in enumerate(zip(input._data.shape, other._data.shape)):
        if x != y and x != 1 and y != 1:
            raise RuntimeError("The size of tensor a (%d) must match the size of tensor b (%d) at non-singleton "
                               "dimension %d" % (x, y, i))
    dt = _result_dtype(input, other)
    return apply_op(LinalgCross, (_cast(input, dt), _cast(other, dt)), {"dim": d})


def linalg_cross(input, other, dim=-1):
    """torch.linalg.cross (pyautograd/linalg.py): dim defaults to the last."""
    return _cross(input, other, dim, "linalg_cross")


@expose(method=True, spec=[
    OpSpec("cross", lambda T, a, b: T.cross(a, b, dim=1), [(2, 3), (2, 3)]),
    OpSpec("cross_bcast", lambda T, a, b: T.cross(a, b, dim=-1), [(2, 1, 3), (1, 4, 3)]),
    OpSpec("cross_linalg", lambda T, a, b: T.linalg.cross(a, b), [(4, 3), (4, 3)], empty=[(0, 3), (0, 3)])])
def cross(input, other, dim=None):
    """The cross product of 3-vectors along dim (the first dim of size 3 when dim is None).

    Gradient: cross(other, grad) for input, cross(grad, input) for other.

    Example::

        >>> pa.cross(pa.tensor([1.0, 0.0, 0.0]), pa.tensor([0.0, 1.0, 0.0]), dim=0)
        tensor([0., 0., 1.])
    """
    if dim is None:
        _check_tensor(input, "cross")
        _check_tensor(other, "cross", "other", 2)
        # PyTorch: the first dim of size 3, with its deprecation warning
        warnings.warn("Using torch.cross without specifying the dim arg is deprecated.\nPlease either pass the dim "
                      "explicitly or simply use torch.linalg.cross.\nThe default value of dim will change to agree "
                      "with that of linalg.cross in a future release.", UserWarning, stacklevel=2)
        _check_broadcast(input._data.shape, other._data.shape)
        sizes = np.broadcast_shapes(input._data.shape, other._data.shape)
        dim = next((i for i, s in enumerate(sizes) if s == 3), None)
        if dim is None:
            raise RuntimeError("no dimension of size 3 in input")
    return _cross(input, other, dim, "cross")


# ----------------------------------------------------------------- dist, cdist --
def _pnorm_array(diff, p, axis):
    a = np.abs(diff)
    if p == float("inf"):
        return np.max(a, axis=axis, initial=0.0)     # cdist's empty rows: 0 (dist refuses them)
    if p == 0:
        return np.sum(a != 0, axis=axis).astype(a.dtype)
    if p == 1:
        return np.sum(a, axis=axis)
    if p == 2:
        return np.sqrt(np.sum(a * a, axis=axis))
    return np.sum(a ** p, axis=axis) ** (1.0 / p)


@register
class Dist(Op):
    """||input - other||_p over every element (the operands broadcast)."""
    name = "DistBackward0"

    @staticmethod
    def forward(ctx, a, b, p=2.0):
        ctx.save_for_backward(a, b)
        ctx.save_result = True
        ctx.args = (p, a._data.shape, b._data.shape)
        diff = a._data - b._data
        return np.asarray(_pnorm_array(diff.reshape(-1), p, -1), dtype=diff.real.dtype)   # real for complex

    jvp = staticmethod(vjp_jvp("scalar"))

    @staticmethod
    def vjp(F, ctx, g):
        a, b = F.saved(ctx)
        p, sa, sb = ctx.args
        diff = a - b
        k = F.ndim(diff)
        # the norm and g with every element dim kept as size 1 (F.reshape keeps a batched
        # backward's batch dims of g in front)
        r = F.reshape(F.result(ctx), (1,) * k)
        gd = pnorm_grad(F, diff, r, F.reshape(g, (1,) * k), p, tuple(range(-k, 0)))
        if gd is None:
            return None, None
        return F.sum_to(gd, sa), -F.sum_to(gd, sb)


@expose(method=True, spec=[
    OpSpec("dist", lambda T, a, b: T.dist(a, b), [(2, 3), (2, 3)], scalar=[(), ()], bcast=[(2, 1, 3), (4, 3)]),
    OpSpec("dist_p1", lambda T, a, b: T.dist(a, b, 1), [(2, 3), (3,)], domain="away"),
    OpSpec("dist_p3", lambda T, a, b: T.dist(a, b, 3), [(2, 3), (2, 3)]),
    OpSpec("dist_pinf", lambda T, a, b: a.dist(b, float("inf")), [(2, 3), (2, 3)]),
    OpSpec("dist_p05", lambda T, a, b: T.dist(a, b, 0.5), [(4,), (4,)], domain="away", second=False)])
def dist(input, other, p=2):
    """The p-norm of input - other (broadcast).

    Gradient: as norm's of the difference, with opposite signs for the two operands.

    Example::

        >>> pa.dist(pa.tensor([0.0, 0.0]), pa.tensor([3.0, 4.0]))
        tensor(5.)
    """
    _check_tensor(input, "dist")
    _check_tensor(other, "dist", "other", 2)
    for t in (input, other):
        if t._data.dtype.kind not in "fc":
            raise RuntimeError("norm(): input dtype should be either floating point or complex. Got %s instead."
                               % _st(t))
    _check_broadcast(input._data.shape, other._data.shape)
    p = float(p)
    if p == float("inf") and 0 in np.broadcast_shapes(input._data.shape, other._data.shape):
        raise RuntimeError("linalg.vector_norm cannot compute the inf norm on an empty tensor because the operation "
                           "does not have an identity")
    dt = _result_dtype(input, other)
    return apply_op(Dist, (_cast(input, dt), _cast(other, dt)), {"p": p})


@register
class Cdist(Op):
    """The p-norm distance of every row of x1 to every row of x2: (..., P, M), (..., R, M) -> (..., P, R),
    computed from the differences (for p = 2 on more than 25 rows cdist takes PyTorch's matrix-product
    shortcut instead: _euclidean_by_matmul)."""
    name = "CdistBackward0"

    @staticmethod
    def forward(ctx, x1, x2, p=2.0):
        ctx.save_for_backward(x1, x2)
        ctx.save_result = True
        ctx.args = (p, x1._data.shape, x2._data.shape)
        diff = x1._data[..., :, None, :] - x2._data[..., None, :, :]
        return np.asarray(_pnorm_array(diff, p, -1), dtype=diff.dtype)

    @staticmethod
    def jvp(F, ctx, primals, options, result, t1, t2):
        x1, x2 = primals
        p = options["p"]
        if p == 0:
            return F.zeros_like(result)
        diff = F.unsqueeze(x1, -2) - F.unsqueeze(x2, -3)
        w = pnorm_grad(F, diff, F.unsqueeze(result, -1), F.ones_like(F.unsqueeze(result, -1)), p, (-1,))
        td = F.unsqueeze(t1, -2) - F.unsqueeze(t2, -3)
        return F.sum(w * td, (-1,))

    @staticmethod
    def vjp(F, ctx, g):
        x1, x2 = F.saved(ctx)
        p, s1, s2 = ctx.args
        diff = F.unsqueeze(x1, -2) - F.unsqueeze(x2, -3)
        gd = pnorm_grad(F, diff, F.unsqueeze(F.result(ctx), -1), F.unsqueeze(g, -1), p, (-1,))
        if gd is None:
            return None, None
        lead = F.shape(g)[:F.ndim(g) - (builtins.max(len(s1), len(s2)))]
        return F.sum_to(F.sum(gd, (-2,)), lead + s1), -F.sum_to(F.sum(gd, (-3,)), lead + s2)


@expose(spec=[
    OpSpec("cdist", lambda T, a, b: T.cdist(a, b), [(3, 2), (4, 2)], empty=[(0, 2), (3, 2)]),
    OpSpec("cdist_batch", lambda T, a, b: T.cdist(a, b, p=1.0), [(2, 3, 2), (1, 4, 2)], domain="away"),
    OpSpec("cdist_p3", lambda T, a, b: T.cdist(a, b, p=3), [(3, 2), (2, 2)]),
    OpSpec("cdist_pinf", lambda T, a, b: T.cdist(a, b, p=float("inf")), [(3, 2), (2, 2)])])
def cdist(x1, x2, p=2.0, compute_mode=None):
    """The p-norm distances between each row of x1 (.. x P x M) and each row of x2 (.. x R x M): a .. x P x R tensor.

    Gradient: as norm's of each difference.

    Example::

        >>> pa.cdist(pa.tensor([[0.0, 0.0]]), pa.tensor([[3.0, 4.0], [0.0, 1.0]]))
        tensor([[5., 1.]])
    """
    _check_tensor(x1, "cdist", "x1")
    _check_tensor(x2, "cdist", "x2", 2)
    for name, t in (("X1", x1), ("X2", x2)):
        if t._data.ndim < 2:
            raise RuntimeError("cdist only supports at least 2D tensors, %s got: %dD" % (name, t._data.ndim))
    for name, t in (("X1", x1), ("X2", x2)):
        if t._data.dtype.kind != "f":
            raise RuntimeError("cdist only supports floating-point dtypes, %s got: %s" % (name, _st(t)))
    if x1._data.shape[-1] != x2._data.shape[-1]:
        raise RuntimeError("X1 and X2 must have the same number of columns. X1: %d X2: %d"
                           % (x1._data.shape[-1], x2._data.shape[-1]))
    if p < 0:
        raise RuntimeError("cdist only supports non-negative p values")
    if compute_mode not in (None, "use_mm_for_euclid_dist_if_necessary", "use_mm_for_euclid_dist",
                            "donot_use_mm_for_euclid_dist"):
        raise ValueError("%s is not a valid value for compute_mode" % (compute_mode,))
    _check_broadcast(x1._data.shape[:-2], x2._data.shape[:-2])
    if x1._data.dtype != x2._data.dtype:
        raise RuntimeError("cdist only supports the same dtype for X1 and X2, X1 got: %s and X2 got: %s"
                           % (_st(x1), _st(x2)))
    rows1, rows2 = x1._data.shape[-2], x2._data.shape[-2]
    if p == 2 and (compute_mode == "use_mm_for_euclid_dist" or
                   (compute_mode != "donot_use_mm_for_euclid_dist" and (rows1 > 25 or rows2 > 25))):
        return _euclidean_by_matmul(x1, x2)
    return apply_op(Cdist, (x1, x2), {"p": float(p)})


def _euclidean_by_matmul(x1, x2):
    # PyTorch's shortcut for p = 2 on more than 25 rows (and compute_mode="use_mm_for_euclid_dist"):
    # |a - b|^2 = -2 a.b + |a|^2 + |b|^2 as one matrix product of augmented rows, clamped at 0; the
    # same composition, so the same values (to the products' rounding) and graph (ViewBackward0)
    n1 = _sum(mul(x1, x1), -1, True)
    n2 = _sum(mul(x2, x2), -1, True)
    left = cat([mul(x1, -2), n1, _make_tensor(np.ones(n1._data.shape, n1._data.dtype))], -1)
    right = cat([x2, _make_tensor(np.ones(n2._data.shape, n2._data.dtype)), n2], -1)
    r = matmul(left, right.transpose(-2, -1))
    r.clamp_min_(0).sqrt_()
    shape = tuple(np.broadcast_shapes(x1._data.shape[:-2], x2._data.shape[:-2])) + (x1._data.shape[-2],
                                                                                   x2._data.shape[-2])
    return reshape(r, shape)


# ----------------------------------------------------------------------- einsum --
_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _sublist_equation(args):
    """einsum(op1, sublist1, op2, sublist2, ..., [out_sublist]): the equation and the operands."""
    def labels(sub):
        out = []
        for s in sub:
            if s is Ellipsis:
                out.append("...")
            else:
                s = operator.index(s)
                if not 0 <= s < 52:
                    raise RuntimeError("einsum(): subscript in subscript list is not within the valid range [0, 52)")
                out.append("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"[s])
        return "".join(out)
    ops, subs = list(args[0::2]), [labels(s) for s in args[1::2]]
    if len(ops) == len(subs) + 1:        # odd count: the last one is the output sublist
        out = labels(ops.pop())
        return ",".join(subs) + "->" + out, ops
    return ",".join(subs), ops


def _parse_einsum(equation, operands):
    """Per operand its labels (ellipsis dims as the labels 0, 1, ...: one per broadcast dim, aligned
    from the right), and the output labels."""
    eq = equation.replace(" ", "")
    lhs, arrow, rhs = eq.partition("->")
    terms = lhs.split(",")
    if len(terms) > len(operands):
        raise RuntimeError("einsum(): fewer operands were provided than specified in the equation")
    if len(terms) < len(operands):
        raise RuntimeError("einsum(): more operands were provided than specified in the equation")
    pos = 0
    ell_ndim = 0
    parsed = []
    for i, (term, x) in enumerate(zip(terms, operands)):
        labs, has_ell, j = [], False, 0
        while j < len(term):
            if term.startswith("...", j):
                if has_ell:
                    raise RuntimeError("einsum(): found '.' for operand %d for which an ellipsis was already found"
                                       % i)
                has_ell = True
                labs.append(None)
                j += 3
                continue
            ch = term[j]
            if ch not in _LETTERS:
                raise RuntimeError("einsum(): invalid subscript given at index %d in the equation string, subscripts "
                                   "must be in [a-zA-Z]" % (pos + j))
            labs.append(ch)
            j += 1
        pos += len(term) + 1
        nd = x._data.ndim
        nlab = len(labs) - has_ell
        if (not has_ell and nlab != nd) or (has_ell and nlab > nd):
            raise RuntimeError("einsum(): the number of subscripts in the equation (%d) %s the number of dimensions "
                               "(%d) for operand %d%s" % (nlab, "does not match" if not has_ell else "is more than",
                                                         nd, i, " and no ellipsis was given" if not has_ell else ""))
        if has_ell:
            k = labs.index(None)
            e = nd - nlab
            ell_ndim = builtins.max(ell_ndim, e)
            labs = labs[:k] + [("ell", e - 1 - m) for m in range(e)] + labs[k + 1:]   # counted from the right
        parsed.append(labs)
    ell = [("ell", m) for m in range(ell_ndim - 1, -1, -1)]
    if arrow:
        out, j, has_ell = [], 0, False
        while j < len(rhs):
            if rhs.startswith("...", j):
                if has_ell:
                    raise RuntimeError("einsum(): found '.' for output but an ellipsis (...) was already found")
                has_ell = True
                out.extend(ell)
                j += 3
                continue
            ch = rhs[j]
            if ch not in _LETTERS:
                raise RuntimeError("einsum(): invalid subscript given at index %d in the equation string, subscripts "
                                   "must be in [a-zA-Z]" % (len(lhs) + 2 + j))
            if ch in out:
                raise RuntimeError("einsum(): output subscript %s appears more than once in the output" % ch)
            if not builtins.any(ch in labs for labs in parsed):
                raise RuntimeError("einsum(): output subscript %s does not appear in the equation for any input "
                                   "operand" % ch)
            out.append(ch)
            j += 1
        # ellipsis dims missing from an explicit output are summed (PyTorch allows it)
    else:
        counts = {}
        for labs in parsed:
            for lab in labs:
                if isinstance(lab, str):
                    counts[lab] = counts.get(lab, 0) + 1
        out = ell + sorted(lab for lab, c in counts.items() if c == 1)
    return parsed, out


def _einsum_prepare(x, labs, keep):
    """One operand: its repeated labels taken as diagonals, labels no one else needs summed; returns
    (tensor, labels) with distinct labels."""
    while True:
        seen = {}
        dup = None
        for i, lab in enumerate(labs):
            if lab in seen:
                dup = (seen[lab], i)
                break
            seen[lab] = i
        if dup is None:
            break
        a, b = dup
        x = diagonal(x, 0, a, b)                     # the diagonal goes last
        lab = labs[a]
        labs = [l_ for i, l_ in enumerate(labs) if i not in dup] + [lab]
    drop = [i for i, lab in enumerate(labs) if lab not in keep]
    if drop:
        x = _sum(x, tuple(drop))
        labs = [lab for i, lab in enumerate(labs) if i not in drop]
    return x, labs


def _einsum_pair(a, la, b, lb, keep):
    """Contract two operands with distinct labels: the shared labels still needed are batch dims, the
    other shared ones are summed by a matrix product; returns (tensor, labels)."""
    sa, sb = dict(zip(la, a._data.shape)), dict(zip(lb, b._data.shape))
    shared = [lab for lab in la if lab in sb]
    # a shared summed label of size 1 on one side broadcasts: sum it on the other side first
    # (sum_j a_j b_j with a constant along j is a * sum_j b_j)
    for lab in list(shared):
        if lab in keep or sa[lab] == sb[lab]:
            continue
        if sa[lab] == 1:
            a = reshape(a, tuple(s for l_, s in zip(la, a._data.shape) if l_ != lab))
            b = _sum(b, lb.index(lab))
        else:
            b = reshape(b, tuple(s for l_, s in zip(lb, b._data.shape) if l_ != lab))
            a = _sum(a, la.index(lab))
        la = [l_ for l_ in la if l_ != lab]
        lb = [l_ for l_ in lb if l_ != lab]
        shared.remove(lab)
    # a summed label of size 1 on both sides is no sum at all: drop it (the product is then a
    # broadcasting one, as PyTorch's, which also takes bool operands)
    for lab in [l_ for l_ in shared if l_ not in keep and sa[l_] == 1 and sb[l_] == 1]:
        a = reshape(a, tuple(s for l_, s in zip(la, a._data.shape) if l_ != lab))
        b = reshape(b, tuple(s for l_, s in zip(lb, b._data.shape) if l_ != lab))
        la = [l_ for l_ in la if l_ != lab]
        lb = [l_ for l_ in lb if l_ != lab]
        shared.remove(lab)
    batch = [lab for lab in shared if lab in keep]
    contract = [lab for lab in shared if lab not in keep]
    only_a = [lab for lab in la if lab not in sb]
    only_b = [lab for lab in lb if lab not in sa]
    if not contract:
        # nothing summed (outer and elementwise products): a broadcasting product, as PyTorch
        a = permute(a, tuple(la.index(lab) for lab in batch + only_a)) if la != batch + only_a else a
        b = permute(b, tuple(lb.index(lab) for lab in batch + only_b)) if lb != batch + only_b else b
        a = reshape(a, tuple(a._data.shape) + (1,) * len(only_b))
        nb = len(batch)
        b = reshape(b, tuple(b._data.shape[:nb]) + (1,) * len(only_a) + tuple(b._data.shape[nb:]))
        return mul(a, b), batch + only_a + only_b
    a = permute(a, tuple(la.index(lab) for lab in batch + only_a + contract))
    b = permute(b, tuple(lb.index(lab) for lab in batch + contract + only_b))
    ash, bsh = a._data.shape, b._data.shape
    nb = len(batch)
    ma = int(np.prod(ash[nb:nb + len(only_a)]))
    k = int(np.prod(ash[nb + len(only_a):]))
    nn = int(np.prod(bsh[nb + len(contract):]))
    if a._data.dtype == np.bool_:
        # PyTorch's bmm has no bool kernel; it only runs when there is something to sum
        lead = tuple(np.broadcast_shapes(ash[:nb], bsh[:nb]))
        if k and ma and nn and builtins.all(lead):
            raise NotImplementedError("\"bmm\" not implemented for 'Bool'")
        shape = lead + ash[nb:nb + len(only_a)] + bsh[nb + len(contract):]
        return _make_tensor(np.zeros(shape, np.bool_)), batch + only_a + only_b
    a = reshape(a, ash[:nb] + (ma, k))
    b = reshape(b, bsh[:nb] + (k, nn))
    r = matmul(a, b)
    bshape = tuple(r._data.shape[:nb])
    r = reshape(r, bshape + ash[nb:nb + len(only_a)] + bsh[nb + len(contract):])
    return r, batch + only_a + only_b


@expose(spec=[
    OpSpec("einsum_mm", lambda T, a, b: T.einsum("ij,jk->ik", a, b), [(2, 3), (3, 4)]),
    OpSpec("einsum_bmm", lambda T, a, b: T.einsum("bij,bjk->bik", a, b), [(2, 2, 3), (2, 3, 2)]),
    OpSpec("einsum_trace_diag", lambda T, a: T.einsum("ii->i", a), [(3, 3)]),
    OpSpec("einsum_identity", lambda T, a: T.einsum("ij->ij", a), [(2, 3)]),
    OpSpec("einsum_outer", lambda T, a, b: T.einsum("i,j", a, b), [(3,), (2,)]),
    OpSpec("einsum_ellipsis", lambda T, a, b: T.einsum("...ij,...j->...i", a, b), [(2, 3, 4), (4,)]),
    OpSpec("einsum_three", lambda T, a, b, c: T.einsum("ij,jk,kl->il", a, b, c), [(2, 3), (3, 2), (2, 2)]),
    OpSpec("einsum_bcast", lambda T, a, b: T.einsum("ij,ij->ij", a, b), [(2, 1), (2, 3)]),
    OpSpec("einsum_sum", lambda T, a: T.einsum("ijk->j", a), [(2, 3, 2)], empty=[(0, 3, 2)]),
    OpSpec("einsum_scalar", lambda T, a, b: T.einsum(",i->i", a, b), [(), (3,)]),
    OpSpec("einsum_sublist", lambda T, a, b: T.einsum(a, [0, 1], b, [1, 2], [0, 2]), [(2, 3), (3, 2)])])
def einsum(*args):
    """Einstein summation: einsum("ij,jk->ik", a, b), or the sublist form einsum(a, [0, 1], b, [1, 2], [0, 2]).
    Repeated letters multiply along that dim, letters absent from the output are summed; "..." stands
    for broadcast dims; without "->" the output is the letters used once, in alphabetical order.

    Gradient: for each operand, the einsum of grad with the other operands back to that operand's
    subscripts.

    Example::

        >>> pa.einsum("ij,j->i", pa.tensor([[1.0, 2.0], [3.0, 4.0]]), pa.tensor([1.0, 1.0]))
        tensor([3., 7.])
    """
    if not args:
        raise TypeError("einsum(): must specify the equation string and at least one operand, or at least one "
                        "operand and its subscripts list")
    if isinstance(args[0], str):
        equation, operands = args[0], list(args[1:])
        if len(operands) == 1 and isinstance(operands[0], (list, tuple)):
            operands = list(operands[0])
    else:
        equation, operands = _sublist_equation(args)
    for i, x in enumerate(operands):
        if not isinstance(x, _Tensor):
            raise TypeError("einsum(): argument 'operands' must be tuple of Tensors, but found element of type %s "
                            "at pos %d" % (_tp_name(x), i))
    if not operands:
        raise RuntimeError("einsum(): must provide at least one operand")
    dt0 = operands[0]._data.dtype
    for x in operands[1:]:
        if x._data.dtype != dt0:
            raise RuntimeError("expected scalar type %s but found %s" % (_SCALAR_TYPE_NAMES[dt0.name], _st(x)))
    parsed, out = _parse_einsum(equation, operands)
    # sizes: a label must agree across operands (1 broadcasts) and within one
    size = {}
    for i, (x, labs) in enumerate(zip(operands, parsed)):
        mine = {}
        for lab, s in zip(labs, x._data.shape):
            if lab in mine and mine[lab] != s:
                raise RuntimeError("einsum(): subscript %s is repeated for operand %d but the sizes don't match, "
                                   "%d != %d" % (lab if isinstance(lab, str) else "...", i, s, mine[lab]))
            mine[lab] = s
        for lab, s in mine.items():
            if lab in size and size[lab] != s and size[lab] != 1 and s != 1:
                name = lab if isinstance(lab, str) else "..."
                raise RuntimeError("einsum(): subscript %s has size %d for operand %d which does not broadcast with "
                                   "previously seen size %d" % (name, s, i, size[lab]))
            size[lab] = builtins.max(size.get(lab, 1), s) if lab in size else s
    # contract left to right (PyTorch's order without opt_einsum): an operand keeps the labels the
    # output or a later operand needs
    needed_later = [set(out)]
    for labs in reversed(parsed[1:]):
        needed_later.insert(0, needed_later[0] | set(labs))
    acc, lacc = _einsum_prepare(operands[0], parsed[0], needed_later[0])
    for i in range(1, len(operands)):
        keep = needed_later[i]
        x, lx = _einsum_prepare(operands[i], parsed[i], keep | set(lacc))
        acc, lacc = _einsum_prepare(acc, lacc, keep | set(lx))
        acc, lacc = _einsum_pair(acc, lacc, x, lx, keep)
    # the output's order; a label of size 1 that broadcast against a larger one is expanded
    acc, lacc = _einsum_prepare(acc, lacc, set(out))
    order = tuple(lacc.index(lab) for lab in out)
    if order != tuple(range(len(order))) or acc is operands[0] or (len(operands) == 1 and acc._base is not None):
        # PyTorch ends a lone operand's einsum with a permute (a view, never the operand itself)
        acc = permute(acc, order)
    target = tuple(size[lab] for lab in out)
    if tuple(acc._data.shape) != target:
        acc = expand(acc, target)
    return acc


# ------------------------------------------------------ kron, tile, repeat_interleave --
@expose(method=True, spec=[
    OpSpec("kron", lambda T, a, b: T.kron(a, b), [(2, 3), (3, 2)]),
    # noncontig=False: PyTorch 2.13's kron raises "view size is not compatible" for a permuted
    # (2, 3) operand beside a 1-D one (ours copies); the "kron" spec checks non-contiguous inputs
    OpSpec("kron_ranks", lambda T, a, b: T.kron(a, b), [(2,), (2, 3)], scalar=[(), (2,)], noncontig=False)])
def kron(input, other):
    """The Kronecker product of input and other: every element of input times the whole of other, in blocks.

    Gradient: for each operand the sum of grad's blocks times the other operand's elements.

    Example::

        >>> pa.kron(pa.tensor([1, 2]), pa.tensor([1, 10]))
        tensor([ 1, 10,  2, 20])
    """
    _check_tensor(input, "kron")
    _check_tensor(other, "kron", "other", 2)
    n = builtins.max(input._data.ndim, other._data.ndim)
    sa = (1,) * (n - input._data.ndim) + tuple(input._data.shape)
    sb = (1,) * (n - other._data.ndim) + tuple(other._data.shape)
    # a as (a0, 1, a1, 1, ...), b as (1, b0, 1, b1, ...): their product laid out is the Kronecker product
    a = reshape(input, tuple(v for s in sa for v in (s, 1)))
    b = reshape(other, tuple(v for s in sb for v in (1, s)))
    r = mul(a, b)
    if not r._data.flags.c_contiguous:     # a transposed operand keeps its layout in the product
        r = r.contiguous()
    return apply_op(UnsafeView, (r,), {"shape": tuple(x * y for x, y in zip(sa, sb))})


@expose(method=True, spec=[OpSpec("tile", lambda T, a: T.tile(a, (2,)), [(2, 3)]),
                           OpSpec("tile_more", lambda T, a: a.tile((2, 1, 2)), [(2, 3)], scalar=[()])])
def tile(input, dims):
    """input repeated dims times along each dim (fewer dims than input's: ones are prepended).

    Gradient: grad summed over the copies.

    Example::

        >>> pa.tile(pa.tensor([1, 2]), (2,))
        tensor([1, 2, 1, 2])
    """
    _check_tensor(input, "tile")
    dims = _int_list(dims)
    n = input._data.ndim
    if len(dims) < n:
        dims = (1,) * (n - len(dims)) + dims
    return repeat(input, *dims)


def _repeats_of(repeats, n, fname="repeat_interleave"):
    if isinstance(repeats, _Tensor):
        r = repeats._data
        if r.ndim > 1:
            raise RuntimeError("repeats must be 0-dim or 1-dim tensor")
        if r.dtype.kind not in "iu":
            raise RuntimeError("repeat_interleave only accept 1D vector as repeat")
        r = r.reshape(-1)
        if r.size == 1:
            r = np.repeat(r, n)
        elif r.size != n:
            raise RuntimeError("repeats must have the same size as input along dim, but got repeats.size(0) = %d "
                               "and input.size(0) = %d" % (r.size, n))
        if (r < 0).any():
            raise RuntimeError("repeats can not be negative")
        return r.astype(np.int64), True
    r = operator.index(repeats)
    if r < 0:
        raise RuntimeError("Repeats must be non-negative")
    return r, False


@expose(method=True, spec=[
    OpSpec("repeat_interleave", lambda T, a: T.repeat_interleave(a, 2, 0), [(2, 3)], empty=[(0, 3)]),
    OpSpec("repeat_interleave_flat", lambda T, a: a.repeat_interleave(3), [(2, 2)], scalar=[()]),
    OpSpec("repeat_interleave_tensor", lambda T, a: T.repeat_interleave(a, T.tensor([1, 0, 2]), dim=1),
           [(2, 3)])])
def repeat_interleave(input, repeats=None, dim=None, *, output_size=None):
    """Each element (or slice along dim) of input repeated repeats times in place (repeats a number or one per
    element); input flattened when dim is None.

    Gradient: grad summed over each element's repeats.

    Example::

        >>> pa.repeat_interleave(pa.tensor([1, 2]), 2)
        tensor([1, 1, 2, 2])
    """
    if repeats is None:
        # repeat_interleave(repeats): each index repeated its count (a new int64 tensor)
        _check_tensor(input, "repeat_interleave")
        r, _ = _repeats_of(input, input._data.reshape(-1).size)
        if input._data.ndim > 1:
            raise RuntimeError("repeats must be 0-dim or 1-dim tensor")
        return _make_tensor(np.repeat(np.arange(r.size, dtype=np.int64), r))
    _check_tensor(input, "repeat_interleave")
    if dim is None:
        input = reshape(input, (-1,))
        dim = 0
    d = _norm_dim(dim, input._data.ndim) or 0
    if input._data.ndim == 0:
        input = reshape(input, (1,))
    n = input._data.shape[d]
    r, is_tensor = _repeats_of(repeats, n)
    if is_tensor:
        index = np.repeat(np.arange(n, dtype=np.int64), r)
        if output_size is not None and output_size != index.size:
            raise RuntimeError("allocated size does not match required size")
        return index_select(input, d, _make_tensor(index))
    if output_size is not None and output_size != n * r:
        raise RuntimeError("allocated size does not match required size")
    shape = tuple(input._data.shape)
    x = expand(unsqueeze(input, d + 1), shape[:d + 1] + (r,) + shape[d + 1:])
    return reshape(clone(x, memory_format=None), shape[:d] + (n * r,) + shape[d + 1:])


# --------------------------------------------------------------------- atleast_*d --
def _atleast(args, fname, fix):
    if len(args) == 1 and isinstance(args[0], (list, tuple)):
        args = tuple(args[0])
        for t in args:
            _check_tensor(t, fname)
        return tuple(fix(t) for t in args)
    if len(args) == 1:
        _check_tensor(args[0], fname)
        return fix(args[0])
    for t in args:
        _check_tensor(t, fname)
    return tuple(fix(t) for t in args)


def _fix1(t):
    return reshape(t, (1,)) if t._data.ndim == 0 else t


def _fix2(t):
    n = t._data.ndim
    return reshape(t, (1, 1)) if n == 0 else unsqueeze(t, 0) if n == 1 else t


def _fix3(t):
    n = t._data.ndim
    if n == 0:
        return reshape(t, (1, 1, 1))
    if n == 1:
        return unsqueeze(unsqueeze(t, 0), -1)
    return unsqueeze(t, -1) if n == 2 else t


@expose(spec=OpSpec("atleast_1d", lambda T, a: T.atleast_1d(a) * 1, [()]))
def atleast_1d(*tensors):
    """Each tensor viewed with at least one dim (0-D becomes shape (1,)); one tensor, or a tuple for several.

    Gradient: grad reshaped back.

    Example::

        >>> pa.atleast_1d(pa.tensor(1.0))
        tensor([1.])
    """
    return _atleast(tensors, "atleast_1d", _fix1)


@expose(spec=OpSpec("atleast_2d", lambda T, a, b: T.atleast_2d(a, b), [(3,), ()]))
def atleast_2d(*tensors):
    """Each tensor viewed with at least two dims (size-1 dims prepended); one tensor, or a tuple for several.

    Gradient: grad reshaped back.

    Example::

        >>> pa.atleast_2d(pa.tensor([1.0, 2.0]))
        tensor([[1., 2.]])
    """
    return _atleast(tensors, "atleast_2d", _fix2)


@expose(spec=OpSpec("atleast_3d", lambda T, a, b, c: T.atleast_3d([a, b, c]), [(2, 3), (3,), ()]))
def atleast_3d(*tensors):
    """Each tensor viewed with at least three dims; one tensor, or a tuple for several.

    Gradient: grad reshaped back.

    Example::

        >>> pa.atleast_3d(pa.tensor([1.0, 2.0])).shape
        torch.Size([1, 2, 1])
    """
    return _atleast(tensors, "atleast_3d", _fix3)


# ------------------------------------------------ meshgrid, cartesian_prod, combinations --
def _tensor_args(args, fname):
    if len(args) == 1 and isinstance(args[0], (list, tuple)):
        args = tuple(args[0])
    for t in args:
        if not isinstance(t, _Tensor):
            raise TypeError("%s(): argument 'tensors' (position 1) must be tuple of Tensors, not %s"
                            % (fname, _tp_name(t)))
    return args


@expose(spec=[OpSpec("meshgrid", lambda T, a, b: T.meshgrid(a, b, indexing="ij"), [(3,), (2,)]),
              OpSpec("meshgrid_xy", lambda T, a, b, c: T.meshgrid([a, b, c], indexing="xy"), [(3,), (2,), ()])])
def meshgrid(*tensors, indexing=None):
    """Coordinate grids from 1-D tensors: one tensor per input, each expanded along the others' dims; indexing 'ij'
    (matrix, the default) or 'xy' (Cartesian).

    Gradient: each grid's grad summed back to its 1-D input.

    Example::

        >>> pa.meshgrid(pa.tensor([1, 2]), pa.tensor([3, 4, 5]), indexing='ij')[0]
        tensor([[1, 1, 1],
                [2, 2, 2]])
    """
    tensors = _tensor_args(tensors, "meshgrid")
    if indexing is None:
        warnings.warn("torch.meshgrid: in an upcoming release, it will be required to pass the indexing argument.",
                      UserWarning, stacklevel=2)
        indexing = "ij"
    if indexing not in ("ij", "xy"):
        raise RuntimeError("torch.meshgrid: indexing must be one of \"xy\" or \"ij\", but received: %s" % indexing)
    if not tensors:
        raise RuntimeError("meshgrid expects a non-empty TensorList")
    for i, t in enumerate(tensors):
        if t._data.ndim > 1:
            raise RuntimeError("torch.meshgrid: Expected 0D or 1D tensor in the tensor list but got: %s"
                               % _legacy_print(t))
    for t in tensors[1:]:
        if t._data.dtype != tensors[0]._data.dtype:
            raise RuntimeError("meshgrid expects all tensors to have the same dtype")
    flat = [reshape(t, (-1,)) for t in tensors]
    swap = indexing == "xy" and len(flat) >= 2
    if swap:
        flat[0], flat[1] = flat[1], flat[0]
    shape = tuple(t._data.shape[0] for t in flat)
    n = len(flat)
    out = []
    for i, t in enumerate(flat):
        view = reshape(t, (1,) * i + (-1,) + (1,) * (n - i - 1))
        out.append(expand(view, shape))
    if swap:
        out[0], out[1] = out[1], out[0]
    return tuple(out)


@expose(spec=[OpSpec("cartesian_prod", lambda T, a, b: T.cartesian_prod(a, b), [(3,), (2,)]),
              OpSpec("cartesian_prod_one", lambda T, a: T.cartesian_prod(a) * 1, [(3,)])])
def cartesian_prod(*tensors):
    """The Cartesian product of 1-D tensors: every combination as a row (1-D for a single input).

    Gradient: each column's grad summed back to its input.

    Example::

        >>> pa.cartesian_prod(pa.tensor([1, 2]), pa.tensor([3, 4]))
        tensor([[1, 3],
                [1, 4],
                [2, 3],
                [2, 4]])
    """
    tensors = _tensor_args(tensors, "cartesian_prod")
    for t in tensors:
        if t._data.ndim != 1:
            raise RuntimeError("Expect a 1D vector, but got shape %s" % _shape_text(t._data.shape))
    if len(tensors) == 1:
        return tensors[0]
    grids = meshgrid(*tensors, indexing="ij")
    return stack([reshape(g, (-1,)) for g in grids], 1)


@expose(spec=[OpSpec("combinations", lambda T, a: T.combinations(a), [(4,)]),
              OpSpec("combinations_r3_repl", lambda T, a: T.combinations(a, 3, with_replacement=True), [(3,)])])
def combinations(input, r=2, with_replacement=False):
    """The length-r combinations of the elements of a 1-D tensor, as rows (with_replacement allows repeats).

    Gradient: each row's grad added back to the elements it took.

    Example::

        >>> pa.combinations(pa.tensor([1, 2, 3]))
        tensor([[1, 2],
                [1, 3],
                [2, 3]])
    """
    _check_tensor(input, "combinations")
    if input._data.ndim != 1:
        raise RuntimeError("Expect a 1D vector, but got shape %s" % _shape_text(input._data.shape))
    r = operator.index(r)
    if r < 0:
        raise RuntimeError("Expect a non-negative number, but got %d" % r)
    if r == 0:
        return _make_tensor(np.empty((0,), input._data.dtype))
    n = input._data.shape[0]
    make = itertools.combinations_with_replacement if with_replacement else itertools.combinations
    idx = np.fromiter(itertools.chain.from_iterable(make(range(n), r)), dtype=np.int64).reshape(-1, r)
    cols = [index_select(input, 0, _make_tensor(np.ascontiguousarray(idx[:, k]))) for k in range(r)]
    return stack(cols, 1)


# ------------------------------------------------------------------------ vander --
_VANDER_NOTE = ("PyTorch 2.13's vander backward fails (its cumprod_ writes into a tensor its own "
                "backward saved: 'modified by an inplace operation'); ours is checked by finite differences")


@expose(spec=[OpSpec("vander", lambda T, a: T.vander(a), [(3,)], torch_grad=False, note=_VANDER_NOTE),
              OpSpec("vander_n_increasing", lambda T, a: T.vander(a, N=4, increasing=True), [(3,)],
                     empty=[(0,)], torch_grad=False, torch_name=False,
                     note=_VANDER_NOTE + "; increasing=True ends in PyTorch's in-place cumprod_ (CopySlices)")])
def vander(x, N=None, increasing=False):
    """The Vandermonde matrix of a 1-D tensor x: columns x ** (N - 1), ..., x ** 0 (increasing=True: from x ** 0).

    Gradient: grad times the derivative of each power.

    Example::

        >>> pa.vander(pa.tensor([1, 2, 3]), N=3)
        tensor([[1, 1, 1],
                [4, 2, 1],
                [9, 3, 1]])
    """
    _check_tensor(x, "vander", "x")
    if x._data.ndim != 1:
        raise RuntimeError("x must be a one-dimensional tensor.")
    n = x._data.shape[0] if N is None else operator.index(N)
    if n < 0:
        raise RuntimeError("N must be non-negative.")
    if x._data.dtype.kind in "biu":
        x = _cast(x, np.dtype(np.int64))     # integer (and bool) inputs give int64 powers, as PyTorch
    m = x._data.shape[0]
    ones = _make_tensor(np.ones((m, 1), x._data.dtype))
    if n == 0:
        return _make_tensor(np.empty((m, 0), x._data.dtype))
    if n > 1:
        r = cumprod(cat([ones, expand(unsqueeze(x, 1), (m, n - 1))], 1), 1)
    else:
        r = ones
    return r if increasing else flip(r, (1,))


# ------------------------------------------------------------- triangle indices --
def _tri_indices(row, col, offset, dtype, fname, upper):
    row, col, offset = operator.index(row), operator.index(col), operator.index(offset)
    if row < 0:
        raise RuntimeError("row must be non-negative, got%d" % row)
    if col < 0:
        raise RuntimeError("col must be non-negative, got%d" % col)
    npdt = np.dtype(np.int64) if dtype is None else to_numpy_dtype(dtype)
    if npdt.kind not in "iu":
        raise NotImplementedError("\"%s\" not implemented for '%s'" % (fname, _SCALAR_TYPE_NAMES.get(npdt.name, npdt.name)))
    rows, cols = (np.triu_indices if upper else np.tril_indices)(row, offset, col)
    return _make_tensor(np.stack([rows, cols]).astype(npdt).reshape(2, -1))


@expose
def triu_indices(row, col, offset=0, *, dtype=None, device=None, layout=None):
    """The indices (a 2 x n int64 tensor: rows, columns) of the upper triangle of a row x col matrix, from diagonal
    offset.

    Gradient: none: the result is integer.

    Example::

        >>> pa.triu_indices(2, 2)
        tensor([[0, 0, 1],
                [0, 1, 1]])
    """
    return _tri_indices(row, col, offset, dtype, "triu_indices", True)


@expose
def tril_indices(row, col, offset=0, *, dtype=None, device=None, layout=None):
    """The indices (a 2 x n int64 tensor: rows, columns) of the lower triangle of a row x col matrix, up to diagonal
    offset.

    Gradient: none: the result is integer.

    Example::

        >>> pa.tril_indices(2, 2)
        tensor([[0, 1, 1],
                [0, 0, 1]])
    """
    return _tri_indices(row, col, offset, dtype, "tril_indices", False)


# -------------------------------------------------------------- flipud, fliplr --
@expose(method=True, spec=OpSpec("flipud", lambda T, a: T.flipud(a), [(3, 2)]))
def flipud(input):
    """input flipped along dim 0 (up/down).

    Gradient: grad flipped back.

    Example::

        >>> pa.flipud(pa.tensor([[1, 2], [3, 4]]))
        tensor([[3, 4],
                [1, 2]])
    """
    _check_tensor(input, "flipud")
    if input._data.ndim < 1:
        raise RuntimeError("Input must be >= 1-d.")
    return flip(input, (0,))


@expose(method=True, spec=OpSpec("fliplr", lambda T, a: T.fliplr(a), [(3, 2)]))
def fliplr(input):
    """input flipped along dim 1 (left/right; at least 2-D).

    Gradient: grad flipped back.

    Example::

        >>> pa.fliplr(pa.tensor([[1, 2], [3, 4]]))
        tensor([[2, 1],
                [4, 3]])
    """
    _check_tensor(input, "fliplr")
    if input._data.ndim < 2:
        raise RuntimeError("Input must be >= 2-d.")
    return flip(input, (1,))


moveaxis = alias("moveaxis", movedim, method=True)


# ---------------------------------------------------- tensordot, diff, small elementwise --
@expose(spec=[OpSpec("tensordot", lambda T, a, b: T.tensordot(a, b, 2), [(2, 3, 4), (3, 4, 2)]),
              OpSpec("tensordot_pairs", lambda T, a, b: T.tensordot(a, b, ([0, 2], [2, 0])), [(2, 3, 4), (4, 2, 2)]),
              OpSpec("tensordot_outer", lambda T, a, b: T.tensordot(a, b, 0), [(2,), (3,)])])
def tensordot(a, b, dims=2):
    """Sum the products of a and b over dims: dims an int n (a's last n dims with b's first n), or two
    lists of dims ([a's], [b's]) paired in order. The result has a's remaining dims then b's.

    Gradient: the tensordot of grad with the other operand over the remaining dims, permuted back.

    Example::

        >>> pa.tensordot(pa.tensor([[1.0, 2.0]]), pa.tensor([[3.0], [4.0]]), dims=1)
        tensor([[11.]])
    """
    _check_tensor(a, "tensordot", "a")
    _check_tensor(b, "tensordot", "b", 2)
    if isinstance(dims, _Tensor):
        dims = dims.tolist()
    if isinstance(dims, (list, tuple)):
        if len(dims) != 2:
            raise RuntimeError("tensordot expects dims to be a pair of lists")
        da, db = ([dims[0]] if isinstance(dims[0], int) else list(dims[0]),
                  [dims[1]] if isinstance(dims[1], int) else list(dims[1]))
    else:
        n = operator.index(dims)
        if n < 0:
            raise RuntimeError("tensordot expects dims >= 0, but got dims=%d" % n)
        if n > a._data.ndim or n > b._data.ndim:
            raise RuntimeError("tensordot expects dims < ndim_a or ndim_b, but got dims=%d" % n)
        da, db = list(range(-n, 0)), list(range(n))
    if len(da) != len(db):
        raise RuntimeError("both dimension lists should have same length")
    for x, y in zip(da, db):      # PyTorch names the dims as given (an int dims counts a's from the end)
        if a._data.shape[x] != b._data.shape[y]:
            raise RuntimeError("contracted dimensions need to match, but first has size %d in dim %d and second has "
                               "size %d in dim %d" % (a._data.shape[x], x, b._data.shape[y], y))
    da = [_norm_dim(d, a._data.ndim) for d in da]
    db = [_norm_dim(d, b._data.ndim) for d in db]
    keep_a = [d for d in range(a._data.ndim) if d not in da]
    keep_b = [d for d in range(b._data.ndim) if d not in db]
    sa, sb = a._data.shape, b._data.shape
    k = int(np.prod([sa[d] for d in da]))
    left = reshape(permute(a, tuple(keep_a + da)), (int(np.prod([sa[d] for d in keep_a])), k))
    right = reshape(permute(b, tuple(db + keep_b)), (k, int(np.prod([sb[d] for d in keep_b]))))
    return reshape(matmul(left, right), tuple(sa[d] for d in keep_a) + tuple(sb[d] for d in keep_b))


@expose(method=True, spec=[OpSpec("diff", lambda T, a: T.diff(a), [(3, 4)]),
                           OpSpec("diff_n2_dim0", lambda T, a, p: T.diff(a, 2, 0, prepend=p), [(4, 3), (1, 3)])])
def diff(input, n=1, dim=-1, prepend=None, append=None):
    """The n-th forward difference along dim: out[i] = input[i + 1] - input[i], applied n times, with
    prepend / append joined to input first (as torch.diff).

    Gradient: the transposed differences of grad (a linear op).

    Example::

        >>> pa.diff(pa.tensor([1, 4, 9, 16]))
        tensor([3, 5, 7])
    """
    _check_tensor(input, "diff")
    if input._data.ndim == 0:
        raise RuntimeError("diff expects input to be at least one-dimensional")
    n = operator.index(n)
    if n < 0:
        raise RuntimeError("order must be non-negative but got %d" % n)
    d = _norm_dim(dim, input._data.ndim)
    parts = [t for t in (prepend, input, append) if t is not None]
    x = cat(parts, d) if len(parts) > 1 else input
    for _ in range(n):
        size = x._data.shape[d]
        if size == 0:
            break
        hi = x.narrow(d, 1, size - 1)
        lo = x.narrow(d, 0, size - 1)
        x = (hi != lo) if x._data.dtype == np.bool_ else hi - lo    # bools: logical xor, as torch
    return x


@expose(method=True)
def positive(input):
    """+input: the tensor itself (bool refused, as PyTorch).

    Example::

        >>> pa.positive(pa.tensor([-1.0]))
        tensor([-1.])
    """
    _check_tensor(input, "positive")
    if input._data.dtype == np.bool_:
        raise RuntimeError("The `+` operator, on a bool tensor is not supported.")
    return input


@expose(method=True)
def signbit(input):
    """True where an element's sign bit is set (negative numbers and -0.0): a bool tensor.

    Gradient: none: the result is boolean.

    Example::

        >>> pa.signbit(pa.tensor([-1.0, -0.0, 2.0]))
        tensor([ True,  True, False])
    """
    _check_tensor(input, "signbit")
    if input._data.dtype.kind == "c":
        raise RuntimeError("signbit is not implemented for complex tensors.")
    return _make_tensor(np.signbit(input._data))


@register
class Heaviside(Op):
    """0 below zero, 1 above, `values` at zero; PyTorch has no derivative for it (the backward raises)."""
    name = "HeavisideBackward0"
    no_derivative = True      # recorded, as PyTorch's, but its backward raises (tests/test_registry.py)

    @staticmethod
    def forward(ctx, x, values):
        d = x._data
        return np.where(d == 0, values._data, (d > 0).astype(d.dtype)).astype(d.dtype)

    @staticmethod
    def jvp(F, ctx, primals, options, result, t1, t2):
        raise RuntimeError("derivative for aten::heaviside is not implemented")

    @staticmethod
    def vjp(F, ctx, g):
        raise RuntimeError("derivative for aten::heaviside is not implemented")


@expose(method=True)
def heaviside(input, values):
    """The Heaviside step of each element: 0 below zero, 1 above, values (broadcast) at zero.

    Gradient: none: PyTorch does not differentiate heaviside.

    Example::

        >>> pa.heaviside(pa.tensor([-1.0, 0.0, 2.0]), pa.tensor([0.5]))
        tensor([0.0000, 0.5000, 1.0000])
    """
    _check_tensor(input, "heaviside")
    _check_tensor(values, "heaviside", "values", 2)
    if input._data.dtype != values._data.dtype:
        raise RuntimeError("heaviside is not yet implemented for tensors with different dtypes.")
    if input._data.dtype.kind == "c":
        raise RuntimeError("heaviside is not yet implemented for complex tensors.")
    _check_broadcast(input._data.shape, values._data.shape)
    return apply_op(Heaviside, (input, values))
