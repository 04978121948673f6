"""Linear algebra: matmul (PyTorch's dispatch to dot / mv / mm / bmm and its folding of batch
dims), mm, bmm, dot, inner, mv, outer / ger, vdot, with PyTorch's shape and dtype checks."""
import builtins
import math

import numpy as np

from .. import _core
from .._core import apply_op
from ._registry import alias, expose, Op, linear_jvp, bilinear_jvp
from ._common import _C_TYPE_NAMES, _check_tensor, _SCALAR_TYPE_NAMES, _st
from .elementwise import _cast, clone, mul
from .shape import reshape, squeeze, t, transpose, UnsafeView, unsqueeze, view, _viewable


# ---------------------------------------------------------------- declarations --
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

    jvp = staticmethod(bilinear_jvp)

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


class SharedMatmul(Op):
    """vmap's product of a batch a (B, n, k) with b (B, k, m) that is one matrix expanded over the
    batch (stride 0: an unmapped operand given per-sample stand-ins, vmap(grad(f))): the forward
    is one matrix product with that matrix; b's gradient is still per sample (the batch of
    outer products a_s^T g_s), which is what the stand-ins are for."""
    name = "BmmBackward0"

    @staticmethod
    def forward(ctx, a, b):
        _save_other_factor(ctx, a, b)
        ad, bd = a._data, b._data
        rows = ad.reshape((math.prod(ad.shape[:-1]), ad.shape[-1]))
        return np.matmul(rows, bd[0]).reshape(ad.shape[:-1] + bd.shape[-1:])

    jvp = staticmethod(bilinear_jvp)

    @staticmethod
    def vjp(F, ctx, g):
        a, b = F.saved(ctx)
        need = ctx.needs_input_grad
        if F.is_complex(g):
            a, b = (F.conj(a) if need[1] else a), (F.conj(b) if need[0] else b)
        shape = F.shape(g)
        ga = gb = None
        if need[0]:     # one product with the shared matrix
            ga = (g.reshape((-1, shape[-1])) @ F.transpose(b[0], 0, 1)).reshape(shape[:-1] + (F.shape(b)[1],))
        if need[1]:     # per sample: a_s^T g_s (n = 1: outer products, no matrix product needed)
            sa = F.shape(a)
            if sa[1] == 1:
                gb = a.reshape((sa[0], sa[2], 1)) * g.reshape((shape[0], 1, shape[2]))
            else:
                gb = F.matmul(F.transpose(a, -1, -2), g)
        return ga, gb


class Dot(Op):
    name = "DotBackward0"

    @staticmethod
    def forward(ctx, a, b):
        _save_other_factor(ctx, a, b)
        return np.dot(a._data, b._data)

    jvp = staticmethod(bilinear_jvp)

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

    jvp = staticmethod(bilinear_jvp)

    @staticmethod
    def vjp(F, ctx, g):
        a, v = F.saved(ctx)
        need = ctx.needs_input_grad
        # a 1-D g takes one mv (matmul(g, a) would record unsqueeze, mm and squeeze)
        gv = (F.mv(F.t(F.conj(a)), g) if F.ndim(g) == 1 else F.matmul(g, F.conj(a))) if need[1] else None
        return (F.unsqueeze(g, -1) * F.conj(v) if need[0] else None), gv


class Vdot(Op):
    """sum(conj(a) * b)."""
    name = "VdotBackward0"

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return np.asarray(np.vdot(a._data, b._data))

    jvp = staticmethod(bilinear_jvp)

    @staticmethod
    def vjp(F, ctx, g):
        a, b = F.saved(ctx)
        need = ctx.needs_input_grad
        g = F.unsqueeze(g, -1)
        return (F.conj(g) * b if need[0] else None), (g * a if need[1] else None)


# ------------------------------------------------------- public functions --
def _check_same_dtype(a, b, opname):
    if a._data.dtype != b._data.dtype:
        raise RuntimeError("expected m1 and m2 to have the same dtype, but got: %s != %s"
                           % (_C_TYPE_NAMES[a._data.dtype.name], _C_TYPE_NAMES[b._data.dtype.name]))


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
    if s[1] != vec._data.shape[0]:
        raise RuntimeError("size mismatch, got input (%d), mat (%dx%d), vec (%d)" % (s[0], s[0], s[1], vec._data.shape[0]))
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
        _mm_checks(a, b, a._data.shape if na == 2 else (1, a._data.shape[0]), b._data.shape)
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
                _mm_checks(big, small, rows, small._data.shape if larger else small._data.shape[::-1])
            return a._data.dtype, "fold_t" if not larger and na == 2 else None
    if na == 3 and nb == 3 and a._data.shape[0] != b._data.shape[0]:
        # PyTorch drops a batch of one of an operand that requires grad (then folds)
        if a._data.shape[0] == 1 and a.requires_grad:
            return None, "squeeze_a"
        if b._data.shape[0] == 1 and b.requires_grad:
            return None, "squeeze_b"
    n = a._data.shape[-2] if na > 1 else 1
    m1 = a._data.shape[-1]
    m2 = b._data.shape[-2] if nb > 1 else b._data.shape[0]
    p = b._data.shape[-1] if nb > 1 else 1
    ba, bb = tuple(a._data.shape[:-2]), tuple(b._data.shape[:-2])
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
    """The matrix product of input and other: dot for 1-D operands, mm for 2-D, batched (with broadcast batch dims)
    above.

    Gradient: grad @ other^H for input, input^H @ grad for other (reshaped and summed to each operand's shape).

    Example::

        >>> pa.matmul(pa.tensor([[1.0, 2.0], [3.0, 4.0]]), pa.tensor([1.0, 1.0]))
        tensor([3., 7.])
    """
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
    if _core.vmap_wants((a, b), None):     # inside vmap: the batching rule of matmul (ops/batching.py)
        return apply_op(Matmul, (a, b))
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
        n, p = a._data.shape[0], b._data.shape[-1]
        if n == 1 or p == 1 or n * p * math.prod(b._data.shape[:-2]) == 0:
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

    jvp = staticmethod(linear_jvp)

    @staticmethod
    def vjp(F, ctx, g):
        return F.reshape(g, ctx.in_shape)


def _matmul_nd(a, b):
    """a @ b for a, b of at least 2 dims (checks, then one Mm or Matmul node)."""
    na, nb = a._data.ndim, b._data.ndim
    if a._data.shape[-1] != b._data.shape[-2]:
        if na == 2 and nb == 2:
            raise RuntimeError("mat1 and mat2 shapes cannot be multiplied (%dx%d and %dx%d)"
                               % (a._data.shape[0], a._data.shape[1], b._data.shape[0], b._data.shape[1]))
        raise RuntimeError("Expected size for first two dimensions of batch2 tensor to be: [%d, %d] but got: "
                           "[%d, %d]." % (b._data.shape[0] if nb == 3 else 1, a._data.shape[-1], b._data.shape[-3] if nb >= 3 else 1,
                                          b._data.shape[-2]))
    if na == 2 and nb == 2:
        return apply_op(Mm, (a, b))
    try:
        np.broadcast_shapes(a._data.shape[:-2], b._data.shape[:-2])
    except ValueError:
        raise RuntimeError("The size of tensor a (%d) must match the size of tensor b (%d) at non-singleton "
                           "dimension 0" % (a._data.shape[0], b._data.shape[0])) from None
    return apply_op(Matmul, (a, b))


@expose(method=True)
def mm(input, mat2):
    """The product of two matrices (n x m) @ (m x p).

    Gradient: grad @ mat2^H for input, input^H @ grad for mat2.

    Example::

        >>> pa.mm(pa.tensor([[1.0, 2.0]]), pa.tensor([[3.0], [4.0]]))
        tensor([[11.]])
    """
    _check_tensor(input, "mm")
    _check_tensor(mat2, "mm", "mat2", 2)
    if input._data.ndim != 2 or mat2._data.ndim != 2:
        raise RuntimeError("self must be a matrix" if input._data.ndim != 2 else "mat2 must be a matrix")
    return matmul(input, mat2)


@expose(method=True)
def bmm(input, mat2):
    """Batched matrix product of two 3-D tensors (b x n x m) @ (b x m x p), no broadcasting.

    Gradient: grad @ mat2^H for input, input^H @ grad for mat2, per batch.

    Example::

        >>> pa.bmm(pa.ones(2, 1, 3), pa.ones(2, 3, 1)).shape
        torch.Size([2, 1, 1])
    """
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
    """The dot product of two 1-D tensors of the same length (no conjugation).

    Gradient: grad * other for input, grad * input for other.

    Example::

        >>> pa.dot(pa.tensor([1.0, 2.0]), pa.tensor([3.0, 4.0]))
        tensor(11.)
    """
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
    """The inner product over the last dim of input and other (a number for 1-D, a tensor for more dims).

    Gradient: as for the sum of products over the last dim.

    Example::

        >>> pa.inner(pa.tensor([1.0, 2.0]), pa.tensor([3.0, 4.0]))
        tensor(11.)
    """
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
    """The product of a matrix (n x m) and a vector (m).

    Gradient: outer(grad, vec) for input, input^H @ grad for vec.

    Example::

        >>> pa.mv(pa.tensor([[1.0, 2.0], [3.0, 4.0]]), pa.tensor([1.0, -1.0]))
        tensor([-1., -1.])
    """
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
    """The outer product of two 1-D tensors: out[i, j] = input[i] * vec2[j].

    Gradient: grad @ vec2 for input, grad^T @ input for vec2.

    Example::

        >>> pa.outer(pa.tensor([1.0, 2.0]), pa.tensor([1.0, 10.0]))
        tensor([[ 1., 10.],
                [ 2., 20.]])
    """
    _check_tensor(input, "outer")
    _check_tensor(vec2, "outer", "vec2", 2)
    for name_, t_ in (("self", input), ("vec2", vec2)):
        if t_._data.ndim != 1:
            raise RuntimeError("outer: Expected 1-D argument %s, but got %d-D" % (name_, t_._data.ndim))
    # PyTorch computes outer as input[:, None] * vec2 (grad_fn MulBackward0)
    return mul(unsqueeze(input, 1), vec2)


ger = alias("ger", outer, method=True)


@expose(method=True)
def vdot(input, other):
    """The dot product of two 1-D tensors, conjugating the first: sum(conj(input) * other).

    Gradient: grad * other for input and grad * input for other, conjugated as the product is for complex values.

    Example::

        >>> pa.vdot(pa.tensor([1.0, 2.0]), pa.tensor([3.0, 4.0]))
        tensor(11.)
    """
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
