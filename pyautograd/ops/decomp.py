"""Matrix functions and decompositions (torch.linalg's core): inv, solve, det, slogdet, cholesky,
eigh, svd, qr, pinv, matrix_exp as ops on batches of matrices (leading dims are batch dims),
computed with numpy.linalg, with PyTorch's gradients (FunctionsManual.cpp's formulas) written on
the rule namespace F, so that create_graph records them (second derivatives) and forward mode
reuses the same building blocks. The torch-level names (torch.inverse, torch.det, torch.svd, ...)
are declared here; pyautograd/linalg.py is the torch.linalg namespace built on these ops.

Real inputs (float32 / float64) are the supported case; decompositions compute in the input's
dtype (NumPy's LAPACK), matrix_exp in float64 then rounded back."""
import builtins
import math

import numpy as np

from .._core import apply_op, _make_tensor
from ._registry import expose, Op, rule_helper
from ._spec import OpSpec
from ._common import _check_tensor, _SCALAR_TYPE_NAMES
from .elementwise import clone, log
from .shape import transpose, unsqueeze, squeeze, reshape
from .linalg import matmul

__all__ = ["LinAlgError", "Inv", "Solve", "Det", "Slogdet", "Cholesky", "Eigh", "Svd", "Qr", "Pinv", "MatrixExp",
           "inverse", "det", "logdet", "slogdet", "cholesky", "cholesky_solve", "cholesky_inverse", "pinverse",
           "matrix_power", "matrix_exp", "svd", "qr", "result_type_of"]


class _LinAlgError(RuntimeError):
    """The error a decomposition or inversion raises when it fails on its input's values (torch.linalg.LinAlgError).

    A RuntimeError subclass: a singular matrix for inv / solve, one that is not positive-definite for
    cholesky, ... (``inv_ex``, ``cholesky_ex`` report these in their info instead).

    Example::

        >>> try:
        ...     pa.linalg.inv(pa.zeros(2, 2))
        ... except pa.linalg.LinAlgError as e:
        ...     print(e)
        linalg.inv: The diagonal element 1 is zero, the inversion could not be completed because the input matrix is singular.
    """


LinAlgError = _LinAlgError


def result_type_of(name, fields):
    """A torch.return_types.<name> lookalike: a tuple with attribute access to its fields."""
    def make(cls, *values):
        return tuple.__new__(cls, values)

    def rep(self):
        return "torch.return_types.%s(\n%s)" % (name, ",\n".join("%s=%r" % (f, v) for f, v in zip(fields, self)))
    ns = {"__new__": make, "__repr__": rep, "_fields": tuple(fields), "__slots__": ()}
    for i, f in enumerate(fields):
        ns[f] = property(lambda self, i=i: self[i])
    return type(name, (tuple,), ns)


# ---------------------------------------------------------------- checks --
def _check_float(A, fname, argname="A"):
    if A._data.dtype.kind not in "fc":
        raise RuntimeError("%s: Expected a floating point or complex tensor as input. Got %s"
                           % (fname, _SCALAR_TYPE_NAMES[A._data.dtype.name]))


def _check_square(A, fname, argname="A"):
    _check_tensor(A, fname.rpartition(".")[2], argname)
    if A._data.ndim < 2:
        raise RuntimeError("%s: The input tensor %s must have at least 2 dimensions." % (fname, argname))
    if A._data.shape[-1] != A._data.shape[-2]:
        raise RuntimeError("%s: %s must be batches of square matrices, but they are %d by %d matrices"
                           % (fname, argname, A._data.shape[-2], A._data.shape[-1]))
    _check_float(A, fname)


def _check_matrix(A, fname, argname="A"):
    _check_tensor(A, fname.rpartition(".")[2], argname)
    if A._data.ndim < 2:
        raise RuntimeError("%s: The input tensor %s must have at least 2 dimensions." % (fname, argname))
    _check_float(A, fname)


def _batch_prefix(shape, flat_index):
    """PyTorch's "(Batch element i): " before the error of one matrix of a batch."""
    return "(Batch element %d): " % flat_index if len(shape) > 2 else ""


def _lu_zero_pivot(a):
    """1-based index of the first zero diagonal element of U in LU with partial pivoting (LAPACK
    getrf's info), 0 when there is none. Only run on the error path (a Python loop over columns)."""
    u = np.array(a, dtype=np.float64 if a.dtype.kind == "f" else np.complex128)
    n = u.shape[0]
    first = 0
    for k in range(n):
        p = k + int(np.argmax(np.abs(u[k:, k])))
        if u[p, k] == 0:
            if not first:
                first = k + 1
            continue
        u[[k, p]] = u[[p, k]]
        u[k + 1:, k:] -= np.outer(u[k + 1:, k] / u[k, k], u[k, k:])
    return first


def _singular_info(a):
    """(flat batch index, getrf info) of the first singular matrix of batch a, or None."""
    flat = a.reshape((-1,) + a.shape[-2:])
    for i, m in enumerate(flat):
        info = _lu_zero_pivot(m)
        if info:
            return i, info
    return None


def _cholesky_info(a):
    """(flat batch index, order of the first leading minor that is not positive-definite) or None."""
    flat = a.reshape((-1,) + a.shape[-2:])
    for i, m in enumerate(flat):
        for k in range(1, m.shape[0] + 1):
            try:
                np.linalg.cholesky(m[:k, :k])
            except np.linalg.LinAlgError:
                return i, k
    return None


# ------------------------------------------------------------- helpers on F --
def _mT(F, x):
    return F.transpose(x, -1, -2)


def _mH(F, x):
    return F.conj(F.transpose(x, -1, -2)) if F.is_complex(x) else F.transpose(x, -1, -2)


def _eye_like(F, x, n):
    return F.constant(np.eye(n, dtype=F.data(x).dtype))


def _diag_embed(F, v):
    n = F.shape(v)[-1]
    return F.unsqueeze(v, -1) * _eye_like(F, v, n)


def _tril_strict_sym(F, m):
    """tril(M, -1) + tril(M, -1)^H + diag(M): the Hermitian matrix of M's lower triangle."""
    low = F.tril(m, -1)
    return low + _mH(F, low) + _diag_embed(F, F.diagonal(m, 0, -2, -1))


def _inv_array(a):
    return np.linalg.inv(a)


def _solve_array(a, b):
    return np.linalg.solve(a, b)


rule_helper("linalg_inv", _inv_array, lambda a: apply_op(Inv, (a,)))
rule_helper("linalg_solve", _solve_array, lambda a, b: apply_op(Solve, (a, b)))
rule_helper("linalg_svd", lambda a: tuple(np.linalg.svd(a, full_matrices=False)),
            lambda a: apply_op(Svd, (a,), {"full_matrices": False}))
rule_helper("linalg_matrix_exp", lambda a: _expm(a), lambda a: apply_op(MatrixExp, (a,)))
rule_helper("linalg_pinv", lambda a: np.linalg.pinv(a), lambda a: apply_op(Pinv, (a,), {"atol": 0.0, "rtol": None,
                                                                                          "hermitian": False}))


def _outputs(F, ctx, op, options):
    """The outputs of a multi-output op inside its rule (the core saves one output): their arrays
    kept by the forward in plain backward; recorded (create_graph), the op applied again to the
    saved input, so the rule's use of them is differentiable (the same LAPACK call on the same
    values: the same decomposition)."""
    a, = F.saved(ctx)
    if F.mode == "array":
        return ctx.outs
    return apply_op(op, (a,), options)


# ---------------------------------------------------------------- ops --
class Inv(Op):
    """A^-1. Gradient -A^-H g A^-H."""
    name = "LinalgInvExBackward0"

    @staticmethod
    def forward(ctx, a):
        ctx.save_result = True
        return _inv_checked(a._data, "linalg.inv")

    @staticmethod
    def jvp(F, ctx, primals, options, result, t):
        return -F.matmul(F.matmul(result, t), result)

    @staticmethod
    def vjp(F, ctx, g):
        x = F.result(ctx)
        xh = _mH(F, x)
        return -F.matmul(F.matmul(xh, g), xh)


def _inv_checked(a, fname):
    if a.size == 0:
        return a.copy()
    try:
        out = np.linalg.inv(a)
    except np.linalg.LinAlgError:
        out = None
    if out is None or not np.isfinite(out).all() and np.isfinite(a).all():
        bad = _singular_info(a)
        if bad is not None:
            i, info = bad
            raise _LinAlgError("%s: %sThe diagonal element %d is zero, the inversion could not be completed because "
                               "the input matrix is singular." % (fname, _batch_prefix(a.shape, i), info))
    return out


class Solve(Op):
    """X with A X = B, B a batch of matrices (batch dims broadcast). Gradients: gB = A^-H g,
    gA = -gB X^H."""
    name = "LinalgSolveExBackward0"

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a)
        ctx.save_result = True
        ad, bd = a._data, b._data
        batch = np.broadcast_shapes(ad.shape[:-2], bd.shape[:-2])
        ad = np.broadcast_to(ad, batch + ad.shape[-2:])
        bd = np.broadcast_to(bd, batch + bd.shape[-2:])
        if ad.size == 0 or bd.size == 0:
            return np.zeros(batch + bd.shape[-2:], dtype=np.result_type(ad, bd))
        try:
            return np.linalg.solve(ad, bd)
        except np.linalg.LinAlgError:
            raise _LinAlgError("torch.linalg.solve: The solver failed because the input matrix is singular.") from None

    @staticmethod
    def jvp(F, ctx, primals, options, result, ta, tb):
        a = primals[0]
        return F.linalg_solve(a, tb - F.matmul(ta, result))

    @staticmethod
    def vjp(F, ctx, g):
        a, = F.saved(ctx)
        x = F.result(ctx)
        gb = F.linalg_solve(_mH(F, a), g)
        need = ctx.needs_input_grad
        ga = -F.matmul(gb, _mH(F, x)) if need[0] else None
        return ga, (gb if need[1] else None)


def _det_grad(F, a, g, d):
    """PyTorch's linalg_det_backward (real): g det A^-H where A is invertible, and through the SVD
    A = U S V^H where it is singular: U diag(g det(U) det(V^H) prod_{j!=i} S_j) V^H."""
    ad = F.data(a)
    singular = F.data(d) == 0
    # complex: the derivative of det is holomorphic, so the vjp multiplies by its conjugate
    cplx = ad.dtype.kind == "c"
    gd = F.unsqueeze(F.unsqueeze(g * F.conj(d) if cplx else g * d, -1), -1)
    if not singular.any():
        return gd * _mH(F, F.linalg_inv(a))
    u, s, vh = F.linalg_svd(a)
    sign = np.linalg.det(F.data(u)) * np.linalg.det(F.data(vh))
    sign = np.conj(sign) if cplx else sign
    n = ad.shape[-1]
    others = []
    for i in range(n):     # prod of the other singular values (n is a matrix size, small)
        p = None
        for j in range(n):
            if j != i:
                sj = F.select_dim(s, -1, j)
                p = sj if p is None else p * sj
        others.append(p if p is not None else F.ones_like(F.select_dim(s, -1, 0)))
    gs = F.stack(others, -1) * F.unsqueeze(g * F.constant(np.asarray(sign, dtype=ad.dtype)), -1)
    g_sing = F.matmul(u * F.unsqueeze(gs, -2), vh)
    if singular.all():
        return g_sing
    safe = F.constant(np.where(singular[..., None, None], np.eye(n, dtype=ad.dtype), 0).astype(ad.dtype))
    g_inv = gd * _mH(F, F.linalg_inv(a + safe))
    return F.where(F.constant(np.broadcast_to(singular[..., None, None], ad.shape)), g_sing, g_inv)


class Det(Op):
    name = "LinalgDetBackward0"

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        ctx.save_result = True
        return np.asarray(np.linalg.det(a._data)).astype(a._data.dtype, copy=False)

    @staticmethod
    def jvp(F, ctx, primals, options, result, t):
        a = primals[0]
        # J t = <cofactor, t>; the vjp of 1 is the cofactor's conjugate for complex A
        c = _det_grad(F, a, F.ones_like(result), result)
        return F.sum((F.conj(c) if F.is_complex(c) else c) * t, (-2, -1))

    @staticmethod
    def vjp(F, ctx, g):
        a, = F.saved(ctx)
        return _det_grad(F, a, g, F.result(ctx))


class Slogdet(Op):
    """(sign, log |det A|), log |det A| real. The gradient is g A^-H, g the logabs gradient; a
    real sign is piecewise constant, a complex sign's phase moves with Im tr(A^-1 dA), so then g
    gains the imaginary part -Im(conj(g_sign) sign) (PyTorch's slogdet_backward)."""
    name = "LinalgSlogdetBackward0"

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        d = a._data
        if d.size == 0:
            shape = d.shape[:-2]
            return np.ones(shape, d.dtype), np.zeros(shape, d.real.dtype)
        sign, logabs = np.linalg.slogdet(d)
        ctx.save_result = True
        return np.asarray(sign).astype(d.dtype, copy=False), np.asarray(logabs).astype(d.real.dtype, copy=False)

    @staticmethod
    def jvp(F, ctx, primals, options, result, t):
        # tr(A^-1 dA): its real part moves log|det|, its imaginary part the phase of a complex sign
        tr = F.sum(F.linalg_inv(primals[0]).transpose(-2, -1) * t, (-2, -1))
        if not F.is_complex(tr):
            return F.zeros_like(result[0]), tr
        return result[0] * (tr - F.real(tr)), F.real(tr)

    @staticmethod
    def vjp(F, ctx, gsign, g):
        a, = F.saved(ctx)
        cplx = F.is_complex(a)
        if g is None and (gsign is None or not cplx):
            return None
        if cplx:
            sign = F.result(ctx)          # the saved result is output 0, the sign
            re = g if g is not None else F.zeros_like(F.real(sign))
            im = -F.imag(F.conj(gsign) * sign) if gsign is not None else F.zeros_like(re)
            g = re + im * 1j
        return F.unsqueeze(F.unsqueeze(g, -1), -1) * _mH(F, F.linalg_inv(a))


class Cholesky(Op):
    """L with A = L L^H (upper: U = L^H, A = U^H U). PyTorch's cholesky_backward:
    gA = L^-H Φ(L^H gL) L^-1 symmetrised, Φ the lower triangle with its diagonal halved."""
    name = "LinalgCholeskyExBackward0"

    @staticmethod
    def forward(ctx, a, upper=False):
        ctx.save_result = True
        ctx.upper = upper
        l = _cholesky_checked(a._data, "linalg.cholesky")
        return np.swapaxes(l, -1, -2).conj().copy() if upper else l

    @staticmethod
    def jvp(F, ctx, primals, options, result, t):
        l = _mH(F, result) if ctx.upper else result
        linv = F.linalg_inv(l)
        m = F.matmul(F.matmul(linv, t), _mH(F, linv))
        phi = F.tril(m, -1) + 0.5 * _diag_embed(F, F.diagonal(m, 0, -2, -1))
        dl = F.matmul(l, phi)
        return _mH(F, dl) if ctx.upper else dl

    @staticmethod
    def vjp(F, ctx, g):
        l = F.result(ctx)
        if ctx.upper:
            l, g = _mH(F, l), _mH(F, g)
        ga = F.tril(F.matmul(_mH(F, l), g))
        ga = 0.5 * (ga + _mH(F, F.tril(ga, -1)))
        linv = F.linalg_inv(l)
        ga = F.matmul(F.matmul(_mH(F, linv), ga), linv)
        return 0.5 * (ga + _mH(F, ga))


class CholeskyLegacy(Cholesky):
    """torch.cholesky's node (the deprecated function records CholeskyBackward0)."""
    name = "CholeskyBackward0"


def _cholesky_checked(a, fname):
    if a.size == 0:
        return a.copy()
    try:
        l = np.linalg.cholesky(a)
    except np.linalg.LinAlgError:
        l = None
    if l is None or (not np.isfinite(l).all() and np.isfinite(a).all()):
        bad = _cholesky_info(a)
        if bad is not None:
            i, k = bad
            raise _LinAlgError("%s: %sThe factorization could not be completed because the input is not "
                               "positive-definite (the leading minor of order %d is not positive-definite)."
                               % (fname, _batch_prefix(a.shape, i), k))
    return l


class Eigh(Op):
    """Eigenvalues (ascending) and eigenvectors of a symmetric matrix (its UPLO triangle is read).
    PyTorch's linalg_eig_backward for Hermitian input: gA = V (diag(gL) + skew(V^H gV)/2 / E) V^H,
    E_ij = L_j - L_i (repeated eigenvalues give inf / nan, as PyTorch)."""
    name = "LinalgEighBackward0"

    @staticmethod
    def forward(ctx, a, UPLO="L"):
        ctx.save_for_backward(a)
        ctx.uplo = UPLO
        ctx.materialize_grads = False     # an unused output's gradient stays None (vjp: no 0 / 0 at repeated eigenvalues)
        w, v = np.linalg.eigh(a._data, UPLO=UPLO)
        ctx.outs = (w.astype(a._data.dtype.type(0).real.dtype, copy=False), v)
        return ctx.outs

    @staticmethod
    def jvp(F, ctx, primals, options, result, t):
        w, v = result
        a_t = F.matmul(F.matmul(_mH(F, v), t), v)
        dw = F.diagonal(a_t, 0, -2, -1)
        e = _gaps(F, w)
        dv = F.matmul(v, F.where(_eye_mask(F, w), 0.0, a_t / e))
        return dw, dv

    @staticmethod
    def vjp(F, ctx, gw, gv):
        w, v = _outputs(F, ctx, Eigh, {"UPLO": ctx.uplo})
        if gv is None:
            inner = _diag_embed(F, gw)
        else:
            vhgv = F.matmul(_mH(F, v), gv)
            vhgv = 0.5 * (vhgv - _mH(F, vhgv))
            inner = vhgv / _gaps(F, w)
            diag = gw if gw is not None else F.zeros_like(w)
            inner = F.where(_eye_mask(F, w), F.unsqueeze(diag, -1), inner)
        return F.matmul(F.matmul(v, inner), _mH(F, v))


def _gaps(F, w):
    """E_ij = w_j - w_i, with ones on the diagonal (divided by, then replaced)."""
    n = F.shape(w)[-1]
    return F.unsqueeze(w, -2) - F.unsqueeze(w, -1) + _eye_like(F, w, n)


def _eye_mask(F, w):
    return F.constant(np.eye(F.shape(w)[-1], dtype=bool))


class Svd(Op):
    """A = U diag(S) V^H. PyTorch's svd_backward (the gradient of the first k = min(m, n) columns
    of U and rows of V^H; with full_matrices the rest is not differentiated, as PyTorch)."""
    name = "LinalgSvdBackward0"

    @staticmethod
    def forward(ctx, a, full_matrices=True):
        ctx.save_for_backward(a)
        ctx.full = full_matrices
        ctx.materialize_grads = False     # unused U / Vh gradients stay None (vjp: no 0 / 0 at repeated values)
        ctx.outs = Svd._compute(a, full_matrices)
        return ctx.outs

    @staticmethod
    def _compute(a, full_matrices):
        d = a._data
        m, n = d.shape[-2:]
        k = builtins.min(m, n)
        if d.size == 0:
            batch = d.shape[:-2]
            u = np.zeros(batch + (m, m if full_matrices else k), d.dtype)
            vh = np.zeros(batch + (n if full_matrices else k, n), d.dtype)
            if full_matrices:
                u[...] = np.eye(m, dtype=d.dtype)
                vh[...] = np.eye(n, dtype=d.dtype)
            return u, np.zeros(batch + (k,), d.real.dtype), vh
        u, s, vh = np.linalg.svd(d, full_matrices=full_matrices)
        return u, s.astype(d.real.dtype, copy=False), vh

    @staticmethod
    def jvp(F, ctx, primals, options, result, t):
        u, s, vh = result
        k = F.shape(s)[-1]
        if ctx.full:
            u, vh = F.narrow(u, -1, 0, k), F.narrow(vh, -2, 0, k)
        v = _mH(F, vh)
        dp = F.matmul(F.matmul(_mH(F, u), t), v)
        ds = F.diagonal(dp, 0, -2, -1)
        s2 = s * s
        gap = F.unsqueeze(s2, -2) - F.unsqueeze(s2, -1) + _eye_like(F, s, k)
        mask = _eye_mask(F, s)
        srow, scol = F.unsqueeze(s, -2), F.unsqueeze(s, -1)
        om_u = F.where(mask, 0.0, (dp * srow + scol * _mT(F, dp)) / gap)
        om_v = F.where(mask, 0.0, (scol * dp + _mT(F, dp) * srow) / gap)
        tv = F.matmul(t, v)
        du = F.matmul(u, om_u) + (tv - F.matmul(u, F.matmul(_mH(F, u), tv))) / srow
        tu = F.matmul(_mH(F, t), u)
        dv = F.matmul(v, om_v) + (tu - F.matmul(v, F.matmul(vh, tu))) / srow
        if ctx.full:   # the completed columns are not differentiated (zero tangents)
            du = F.cat([du, F.zeros_like(F.narrow(result[0], -1, k, F.shape(result[0])[-1] - k))], -1)
            dv = F.cat([dv, F.zeros_like(F.transpose(F.narrow(result[2], -2, k, F.shape(result[2])[-2] - k),
                                                     -1, -2))], -1)
        return du, ds, _mH(F, dv)

    @staticmethod
    def vjp(F, ctx, gu, gs, gvh):
        u, s, vh = _outputs(F, ctx, Svd, {"full_matrices": ctx.full})
        k = F.shape(s)[-1]
        if ctx.full:
            u, vh = F.narrow(u, -1, 0, k), F.narrow(vh, -2, 0, k)
            gu = F.narrow(gu, -1, 0, k) if gu is not None else None
            gvh = F.narrow(gvh, -2, 0, k) if gvh is not None else None
        m, n = F.shape(u)[-2], F.shape(vh)[-1]
        if gu is None and gvh is None:
            return F.matmul(u * F.unsqueeze(gs, -2), vh)
        v = _mH(F, vh)
        gv = _mH(F, gvh) if gvh is not None else None
        s2 = s * s
        gap = F.unsqueeze(s2, -2) - F.unsqueeze(s2, -1) + _eye_like(F, s, k)
        srow, scol = F.unsqueeze(s, -2), F.unsqueeze(s, -1)
        ga = None
        if gu is not None:
            uhgu = F.matmul(_mH(F, u), gu)
            ga = (uhgu - _mH(F, uhgu)) * srow
        if gv is not None:
            vhgv = F.matmul(_mH(F, v), gv)
            part = scol * (vhgv - _mH(F, vhgv))
            ga = part if ga is None else ga + part
        ga = F.where(_eye_mask(F, s), 0.0, ga / gap)
        if gs is not None:
            ga = ga + _diag_embed(F, gs)
        if m > n and gu is not None:
            ga = F.matmul(u, ga)
            gu_sinv = gu / srow
            ga = ga + gu_sinv - F.matmul(u, F.matmul(_mH(F, u), gu_sinv))
            return F.matmul(ga, vh)
        if m < n and gv is not None:
            ga = F.matmul(ga, vh)
            gv_sinv = gv / srow
            ga = ga + _mH(F, gv_sinv) - F.matmul(F.matmul(_mH(F, gv_sinv), v), vh)
            return F.matmul(u, ga)
        return F.matmul(F.matmul(u, ga), vh)


class Qr(Op):
    """A = Q R (mode "reduced" / "complete"; "r" is Qr's R without a gradient). The gradient for
    m >= n (and for square complete): gA = (gQ + Q copyltu(M)) R^-H, M = R gR^H - gQ^H Q; for
    m < n the first m columns get that with gQ + Y gR_Y^H, the rest Q gR_Y."""
    name = "LinalgQrBackward0"

    @staticmethod
    def forward(ctx, a, mode="reduced"):
        ctx.save_for_backward(a)
        ctx.mode = mode
        ctx.outs = Qr._compute(a, mode)
        return ctx.outs

    @staticmethod
    def _compute(a, mode):
        d = a._data
        m, n = d.shape[-2:]
        if d.size == 0:
            k = m if mode == "complete" else builtins.min(m, n)
            q = np.zeros(d.shape[:-2] + (m, k), d.dtype)
            if mode == "complete":
                q[...] = np.eye(m, dtype=d.dtype)
            r = np.zeros(d.shape[:-2] + (k, n), d.dtype)
            return (np.zeros((0,), d.dtype) if mode == "r" else q), r
        q, r = np.linalg.qr(d, mode="complete" if mode == "complete" else "reduced")
        if mode == "r":
            q = np.zeros((0,), d.dtype)
        return q, r

    @staticmethod
    def _check(ctx, m, n):
        if ctx.mode == "r":
            raise RuntimeError("The derivative of linalg.qr depends on Q, which is not computed when mode='r'. Please "
                               "use linalg.qr(A, mode='reduced') if you are going to differentiate through linalg.qr.")
        if ctx.mode == "complete" and m > n:
            raise RuntimeError("The QR decomposition is not differentiable when mode='complete' and nrows > ncols.")

    @staticmethod
    def jvp(F, ctx, primals, options, result, t):
        q, r = result
        m, n = F.shape(primals[0])[-2:]
        Qr._check(ctx, m, n)
        if m < n:      # A = [X | Y]: X = Q U is square-QR'd, R's right part V = Q^H Y
            tx = F.narrow(t, -1, 0, m)
            dq, du = Qr._jvp_tall(F, q, F.narrow(r, -1, 0, m), tx)
            y = F.narrow(primals[0], -1, m, n - m)
            dv = F.matmul(_mH(F, dq), y) + F.matmul(_mH(F, q), F.narrow(t, -1, m, n - m))
            return dq, F.cat([du, dv], -1)
        return Qr._jvp_tall(F, q, r, t)

    @staticmethod
    def _jvp_tall(F, q, r, t):
        c = F.matmul(F.matmul(_mH(F, q), t), F.linalg_inv(r))
        low = F.tril(c, -1)
        om = low - _mH(F, low)
        dr = F.matmul(c - om, r)
        rinv = F.linalg_inv(r)
        trinv = F.matmul(t, rinv)
        dq = F.matmul(q, om) + trinv - F.matmul(q, F.matmul(_mH(F, q), trinv))
        return dq, dr

    @staticmethod
    def _vjp_tall(F, q, r, gq, gr):
        m_ = 0
        if gr is not None:
            m_ = F.matmul(r, _mH(F, gr))
        if gq is not None:
            m_ = m_ - F.matmul(_mH(F, gq), q)
        b = F.matmul(q, _tril_strict_sym(F, m_))
        if gq is not None:
            b = gq + b
        return F.matmul(b, _mH(F, F.linalg_inv(r)))

    @staticmethod
    def vjp(F, ctx, gq, gr):
        Qr._check(ctx, F.shape(F.saved(ctx)[0])[-2], F.shape(F.saved(ctx)[0])[-1])
        q, r = _outputs(F, ctx, Qr, {"mode": ctx.mode})
        m, n = F.shape(q)[-2], F.shape(r)[-1]
        if m >= n:
            return Qr._vjp_tall(F, q, r, gq, gr)
        # wide: A = [X | Y], X = Q U, Y = Q V
        u, v = F.narrow(r, -1, 0, m), F.narrow(r, -1, m, n - m)
        y = F.matmul(q, v)
        gu = F.narrow(gr, -1, 0, m) if gr is not None else None
        gv = F.narrow(gr, -1, m, n - m) if gr is not None else None
        gq2 = gq
        if gv is not None:
            extra = F.matmul(y, _mH(F, gv))
            gq2 = extra if gq2 is None else gq2 + extra
        gx = Qr._vjp_tall(F, q, u, gq2, gu)
        gy = F.matmul(q, gv) if gv is not None else F.zeros_like(F.matmul(q, v))
        return F.cat([gx, gy], -1)


def _pinv_array(a, atol, rtol, hermitian):
    m, n = a.shape[-2:]
    if a.size == 0:
        return np.zeros(a.shape[:-2] + (n, m), a.dtype)
    if hermitian:
        w, v = np.linalg.eigh(a)
        s = np.abs(w)
    else:
        u, s, vh = np.linalg.svd(a, full_matrices=False)
    smax = s.max(axis=-1, keepdims=True)
    if rtol is None:
        rtol = 0.0 if (atol is not None and np.any(np.asarray(atol) > 0)) else np.finfo(a.dtype).eps * builtins.max(m, n)
    tol = np.maximum(np.asarray(atol if atol is not None else 0.0)[..., None] if np.ndim(atol) else
                     (atol if atol is not None else 0.0), np.asarray(rtol)[..., None] * smax if np.ndim(rtol)
                     else rtol * smax)
    keep = s > tol
    if hermitian:
        winv = np.where(keep, 1.0 / np.where(keep, w, 1.0), 0.0).astype(a.dtype)
        return np.matmul(v * winv[..., None, :], np.swapaxes(v, -1, -2).conj())
    sinv = np.where(keep, 1.0 / np.where(keep, s, 1.0), 0.0).astype(s.dtype)
    return np.matmul(np.swapaxes(vh, -1, -2).conj() * sinv[..., None, :], np.swapaxes(u, -1, -2).conj())


class Pinv(Op):
    """The Moore-Penrose inverse; PyTorch's pinv_backward."""
    name = "LinalgPinvBackward0"

    @staticmethod
    def forward(ctx, a, atol=None, rtol=None, hermitian=False):
        ctx.save_for_backward(a)
        ctx.save_result = True
        return _pinv_array(a._data, atol, rtol, hermitian)

    @staticmethod
    def jvp(F, ctx, primals, options, result, t):
        a, p = primals[0], result
        ph, th = _mH(F, p), _mH(F, t)
        m, n = F.shape(a)[-2:]
        i_m = _eye_like(F, p, m)
        i_n = _eye_like(F, p, n)
        return (-F.matmul(F.matmul(p, t), p) + F.matmul(F.matmul(F.matmul(p, ph), th), i_m - F.matmul(a, p))
                + F.matmul(F.matmul(i_n - F.matmul(p, a), th), F.matmul(ph, p)))

    @staticmethod
    def vjp(F, ctx, g):
        a, = F.saved(ctx)
        p = F.result(ctx)
        m, n = F.shape(a)[-2:]
        ph, gh = _mH(F, p), _mH(F, g)
        if m <= n:
            k = F.matmul(gh, p)
            kph = F.matmul(k, ph)
            return (-_mH(F, F.matmul(p, k)) + kph - F.matmul(F.matmul(a, p), kph)
                    + F.matmul(F.matmul(ph, p), gh - F.matmul(k, a)))
        k = F.matmul(p, gh)
        phk = F.matmul(ph, k)
        return (-_mH(F, F.matmul(k, p)) + F.matmul(F.matmul(gh - F.matmul(a, k), p), ph) + phk
                - F.matmul(F.matmul(phk, p), a))


# Padé [13/13] coefficients and the scaling threshold of Higham's scaling and squaring (2005)
_PADE13 = (64764752532480000., 32382376266240000., 7771770303897600., 1187353796428800., 129060195264000.,
           10559470521600., 670442572800., 33522128640., 1323241920., 40840800., 960960., 16380., 182., 1.)
_THETA13 = 5.371920351148152


def _expm(a):
    """exp of a batch of matrices (float64 / complex128 inside, rounded back to a's dtype)."""
    dt = a.dtype
    x = np.asarray(a, dtype=np.complex128 if dt.kind == "c" else np.float64)
    n = x.shape[-1]
    if x.size == 0:
        return x.astype(dt)
    norm1 = np.abs(x).sum(axis=-2).max(axis=-1)
    with np.errstate(divide="ignore"):
        s = np.where(norm1 > _THETA13, np.ceil(np.log2(np.maximum(norm1, 1e-300) / _THETA13)), 0).astype(np.int64)
    s = np.maximum(s, 0)
    x = x / (2.0 ** s)[..., None, None]
    b = _PADE13
    eye = np.eye(n, dtype=x.dtype)
    x2 = x @ x
    x4 = x2 @ x2
    x6 = x4 @ x2
    u = x @ (x6 @ (b[13] * x6 + b[11] * x4 + b[9] * x2) + b[7] * x6 + b[5] * x4 + b[3] * x2 + b[1] * eye)
    v = x6 @ (b[12] * x6 + b[10] * x4 + b[8] * x2) + b[6] * x6 + b[4] * x4 + b[2] * x2 + b[0] * eye
    r = np.linalg.solve(v - u, v + u)
    for i in range(int(s.max()) if s.size else 0):
        sq = r @ r
        r = np.where((s > i)[..., None, None], sq, r)
    return r.astype(dt)


def _block_upper(F, top_left, top_right, bottom_right):
    """[[X, Y], [0, Z]] of n x n blocks."""
    zero = F.zeros_like(top_right)      # top_right may carry batch dims the others do not
    top_left, bottom_right = top_left + zero, bottom_right + zero
    return F.cat([F.cat([top_left, top_right], -1), F.cat([zero, bottom_right], -1)], -2)


class MatrixExp(Op):
    """exp(A). The gradient is the upper-right block of exp([[A^H, G], [0, A^H]]) (PyTorch's
    block-matrix formula), itself a matrix_exp, so higher derivatives follow."""
    name = "LinalgMatrixExpBackward0"

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return _expm(a._data)

    @staticmethod
    def jvp(F, ctx, primals, options, result, t):
        a = primals[0]
        n = F.shape(a)[-1]
        big = F.linalg_matrix_exp(_block_upper(F, a, t, a))
        return F.narrow(F.narrow(big, -2, 0, n), -1, n, n)

    @staticmethod
    def vjp(F, ctx, g):
        a, = F.saved(ctx)
        n = F.shape(a)[-1]
        ah = _mH(F, a)
        big = F.linalg_matrix_exp(_block_upper(F, ah, g, ah))
        return F.narrow(F.narrow(big, -2, 0, n), -1, n, n)


# ---------------------------------------------------------------- torch-level functions --
def _eye_plus(T, a, scale=None):
    """A well-conditioned test matrix from a: a + n I."""
    n = a.shape[-1]
    return a + (scale or n) * T.eye(n, dtype=a.dtype)


def _spd(T, a):
    """A symmetric positive-definite test matrix from a: a a^T + n I."""
    n = a.shape[-1]
    return a @ a.transpose(-1, -2) + n * T.eye(n, dtype=a.dtype)


def _sym(T, a):
    """A symmetric test matrix (distinct eigenvalues almost surely)."""
    return a + a.transpose(-1, -2)


def _sign_fixed(T, q, ref):
    """Columns of q with the signs making diag(ref) positive: a loss invariant to sign conventions."""
    return q * T.sign(ref.diagonal(0, -2, -1)).unsqueeze(-2)


def _inv_specs():
    return [
        OpSpec("inverse", lambda T, a: T.inverse(_eye_plus(T, a)), [(3, 3)], empty=[(0, 0)]),
        OpSpec("inverse_batched", lambda T, a: T.inverse(_eye_plus(T, a)), [(2, 3, 3)], empty=[(0, 3, 3)]),
        OpSpec("linalg_inv", lambda T, a: T.linalg.inv(_eye_plus(T, a)), [(2, 3, 3)]),
        OpSpec("linalg_inv_ex", lambda T, a: T.linalg.inv_ex(_eye_plus(T, a))[0], [(3, 3)]),
        OpSpec("linalg_solve", lambda T, a, b: T.linalg.solve(_eye_plus(T, a), b), [(3, 3), (3, 2)],
               bcast=[(2, 3, 3), (3, 2)]),
        OpSpec("linalg_solve_vector", lambda T, a, b: T.linalg.solve(_eye_plus(T, a), b), [(2, 3, 3), (2, 3)], torch_name=False, note="a composition of pyautograd ops (torch has its own node)"),
        OpSpec("linalg_tensorinv", lambda T, a: T.linalg.tensorinv(_eye_plus(T, a.reshape(4, 4)).reshape(2, 2, 4),
                                                                    ind=2), [(4, 4)], torch_name=False, note="a composition of pyautograd ops (torch has its own node)"),
        OpSpec("linalg_tensorsolve", lambda T, a, b: T.linalg.tensorsolve(
            _eye_plus(T, a.reshape(4, 4)).reshape(2, 2, 4), b), [(4, 4), (2, 2)], torch_name=False, note="a composition of pyautograd ops (torch has its own node)"),
        OpSpec("linalg_matrix_power", lambda T, a: T.linalg.matrix_power(a, 3), [(2, 3, 3)], torch_name=False, note="a composition of pyautograd ops (torch has its own node)"),
        OpSpec("linalg_matrix_power_neg", lambda T, a: T.linalg.matrix_power(_eye_plus(T, a), -2), [(3, 3)], torch_name=False, note="a composition of pyautograd ops (torch has its own node)"),
        OpSpec("linalg_multi_dot", lambda T, a, b, c: T.linalg.multi_dot([a, b, c]), [(3,), (3, 4), (4, 2)], torch_name=False, note="a composition of pyautograd ops (torch has its own node)"),
    ]


@expose(method=True, spec=_inv_specs())
def inverse(input):
    """The inverse of each square matrix in input. Batched: input may have leading batch dims.

    Gradient: -A^-H @ grad @ A^-H, A^-1 the result.

    Example::

        >>> pa.inverse(pa.tensor([[2.0, 0.0], [0.0, 4.0]]))
        tensor([[0.5000, 0.0000],
                [0.0000, 0.2500]])
    """
    _check_square(input, "linalg.inv")
    return apply_op(Inv, (input,))


def _det_specs():
    return [
        OpSpec("det", lambda T, a: T.det(a), [(3, 3)], empty=[(0, 0)]),
        OpSpec("det_batched", lambda T, a: T.linalg.det(a), [(2, 3, 3)], empty=[(0, 3, 3)]),
        OpSpec("det_singular", lambda T, a: T.linalg.det(T.cat([a, a[:1] + a[1:]], 0)), [(2, 3)], second=False),
        OpSpec("slogdet", lambda T, a: T.slogdet(_eye_plus(T, a))[1], [(2, 3, 3)], empty=[(0, 3, 3)]),
        OpSpec("linalg_slogdet", lambda T, a: T.linalg.slogdet(a).logabsdet, [(3, 3)]),
        OpSpec("logdet", lambda T, a: T.logdet(_spd(T, a)), [(2, 3, 3)], torch_name=False, note="a composition of pyautograd ops (torch has its own node)"),
    ]


@expose(method=True, spec=_det_specs())
def det(input):
    """The determinant of each square matrix in input. Batched: input may have leading batch dims.

    Gradient: grad * det(A) * A^-H (through an LU factorisation, also for singular matrices).

    Example::

        >>> pa.det(pa.tensor([[1.0, 2.0], [3.0, 4.0]]))
        tensor(-2.)
    """
    _check_square(input, "linalg.det")
    return apply_op(Det, (input,))


_SlogdetResult = result_type_of("slogdet", ("sign", "logabsdet"))
_LinalgSlogdetResult = result_type_of("linalg_slogdet", ("sign", "logabsdet"))


def _slogdet(A, fname, result_type):
    _check_square(A, fname)
    sign, logabs = apply_op(Slogdet, (A,))
    # a real sign is piecewise constant (no graph, as PyTorch's); a complex one is differentiable
    return result_type(sign if sign._data.dtype.kind == "c" else sign.detach(), logabs)


@expose(method=True)
def slogdet(input):
    """The sign and the log of the absolute value of the determinant: a (sign, logabsdet) named tuple; stable where det
    over- or underflows. Batched: input may have leading batch dims.

    Gradient: grad of logabsdet times A^-H (the sign has none).

    Example::

        >>> pa.slogdet(pa.tensor([[1.0, 2.0], [3.0, 4.0]]))
        torch.return_types.slogdet(
        sign=tensor(-1.),
        logabsdet=tensor(0.6931))
    """
    return _slogdet(input, "linalg.slogdet", _SlogdetResult)


@expose(method=True)
def logdet(input):
    """log det A: log abs(det A) + log(sign) (nan for a negative determinant, -inf for zero), for a
    square matrix or a batch of them.

    Gradient: grad * A^-H (through slogdet's rule).

    Example::

        >>> pa.logdet(pa.tensor([[2.0, 0.0], [0.0, 3.0]]))
        tensor(1.7918)
    """
    sign, logabs = _slogdet(input, "linalg.slogdet", _SlogdetResult)
    return logabs + log(sign)


def _chol_specs():
    return [
        OpSpec("cholesky", lambda T, a: T.cholesky(_spd(T, a)), [(3, 3)], empty=[(0, 0)]),
        OpSpec("cholesky_upper", lambda T, a: T.cholesky(_spd(T, a), upper=True), [(2, 3, 3)], empty=[(0, 3, 3)]),
        OpSpec("linalg_cholesky", lambda T, a: T.linalg.cholesky(_spd(T, a)), [(2, 3, 3)]),
        OpSpec("linalg_cholesky_ex", lambda T, a: T.linalg.cholesky_ex(_spd(T, a), upper=True).L, [(3, 3)]),
        OpSpec("cholesky_solve", lambda T, b, a: T.cholesky_solve(b, T.linalg.cholesky(_spd(T, a))),
               [(3, 2), (3, 3)], torch_name=False, note="a composition of pyautograd ops (torch has its own node)"),
        OpSpec("cholesky_inverse", lambda T, a: T.cholesky_inverse(T.linalg.cholesky(_spd(T, a)), upper=False),
               [(3, 3)], torch_name=False, note="a composition of pyautograd ops (torch has its own node)"),
        OpSpec("linalg_eigh", lambda T, a: _eigh_invariant(T, *T.linalg.eigh(_sym(T, a))), [(3, 3)]),
        OpSpec("linalg_eigh_batched_upper", lambda T, a: _eigh_invariant(T, *T.linalg.eigh(_sym(T, a), UPLO="U")),
               [(2, 3, 3)]),
        OpSpec("linalg_eigvalsh", lambda T, a: T.linalg.eigvalsh(_sym(T, a)), [(2, 3, 3)]),
    ]


def _eigh_invariant(T, w, v):
    """(w, sign-invariant function of v): v's columns times their sign-fixing factor."""
    return w, v * T.sign(v[..., :1, :])


@expose(method=True, spec=_chol_specs())
def cholesky(input, upper=False):
    """The Cholesky factor L (lower triangular, A = L L^H) of a Hermitian positive-definite matrix; upper=True gives U
    = L^H. Batched: input may have leading batch dims.

    Gradient: the Cholesky reverse rule: from grad and L by triangular solves (as PyTorch's).

    Example::

        >>> pa.cholesky(pa.tensor([[4.0, 2.0], [2.0, 2.0]]))
        tensor([[2., 0.],
                [1., 1.]])
    """
    _check_square(input, "linalg.cholesky")
    return apply_op(CholeskyLegacy, (input,), {"upper": bool(upper)})


@expose()
def cholesky_solve(input, input2, upper=False):
    """X with (L L^H) X = B: input is B, input2 the lower Cholesky factor L of A (or U with
    A = U^H U when upper=True); batches broadcast.

    Gradient: for B, cholesky_solve(grad, L); for L, the matching -(A^-1 grad) X^H term through L.

    Example::

        >>> L = pa.tensor([[2.0, 0.0], [1.0, 1.0]])
        >>> pa.cholesky_solve(pa.tensor([[2.0], [4.0]]), L)
        tensor([[-1.],
                [ 3.]])
    """
    _check_tensor(input, "cholesky_solve")
    _check_tensor(input2, "cholesky_solve", "input2", 2)
    if input._data.ndim < 2 or input2._data.ndim < 2:
        raise RuntimeError("b should have at least 2 dimensions, but has %d dimensions instead"
                           % input._data.ndim if input._data.ndim < 2 else
                           "u should have at least 2 dimensions, but has %d dimensions instead" % input2._data.ndim)
    lower = transpose(input2, -1, -2) if upper else input2
    y = apply_op(Solve, (lower, input))
    return apply_op(Solve, (transpose(lower, -1, -2), y))


@expose()
def cholesky_inverse(input, upper=False):
    """The inverse of A = L L^H from its Cholesky factor L (input; U with upper=True). Batched: input may have leading
    batch dims.

    Gradient: through the product of the factor with itself and the inverse.

    Example::

        >>> pa.cholesky_inverse(pa.tensor([[2.0, 0.0], [1.0, 1.0]]))
        tensor([[ 0.5000, -0.5000],
                [-0.5000,  1.0000]])
    """
    _check_square(input, "cholesky_inverse", "input")
    linv = apply_op(Inv, (input,))
    if upper:     # A = U^H U: A^-1 = U^-1 U^-H
        return matmul(linv, transpose(linv, -1, -2))
    return matmul(transpose(linv, -1, -2), linv)


def _svd_specs():
    return [
        OpSpec("svd_values", lambda T, a: T.svd(a)[1], [(4, 3)], empty=[(0, 3)]),
        OpSpec("svd_reconstruct", lambda T, a: _svd_invariant(T, *T.svd(a)), [(4, 3)]),
        OpSpec("linalg_svd_wide", lambda T, a: _svd_invariant(T, *T.linalg.svd(a, full_matrices=False), vh=True),
               [(2, 3, 4)]),
        OpSpec("linalg_svd_tall", lambda T, a: _svd_invariant(T, *T.linalg.svd(a, full_matrices=False), vh=True),
               [(4, 3)]),
        OpSpec("linalg_svdvals", lambda T, a: T.linalg.svdvals(a), [(2, 3, 4)]),
        OpSpec("pinverse", lambda T, a: T.pinverse(a), [(3, 4)], empty=[(0, 3)]),
        OpSpec("linalg_pinv_tall", lambda T, a: T.linalg.pinv(a), [(2, 4, 3)]),
        OpSpec("linalg_pinv_hermitian", lambda T, a: T.linalg.pinv(_spd(T, a), hermitian=True), [(3, 3)]),
        OpSpec("linalg_lstsq", lambda T, a, b: T.linalg.lstsq(a, b).solution, [(4, 3), (4, 2)], torch_name=False, note="a composition of pyautograd ops (torch has its own node)"),
        OpSpec("linalg_matrix_norm_nuc", lambda T, a: T.linalg.matrix_norm(a, "nuc"), [(2, 3, 4)], torch_name=False, note="a composition of pyautograd ops (torch has its own node)"),
        OpSpec("linalg_matrix_norm_2", lambda T, a: T.linalg.matrix_norm(a, 2), [(3, 4)], torch_name=False, note="a composition of pyautograd ops (torch has its own node)"),
        OpSpec("linalg_matrix_norm_m2", lambda T, a: T.linalg.matrix_norm(a, -2), [(4, 3)], torch_name=False, note="a composition of pyautograd ops (torch has its own node)"),
        OpSpec("linalg_matrix_norm_fro", lambda T, a: T.linalg.matrix_norm(a), [(2, 3, 4)]),
        OpSpec("linalg_matrix_norm_1", lambda T, a: T.linalg.matrix_norm(a, 1), [(3, 4)], domain="away", torch_name=False, note="a composition of pyautograd ops (torch has its own node)"),
        OpSpec("linalg_matrix_norm_inf", lambda T, a: T.linalg.matrix_norm(a, float("inf"), keepdim=True), [(3, 4)],
               domain="away", torch_name=False, note="a composition of pyautograd ops (torch has its own node)"),
        OpSpec("linalg_cond", lambda T, a: T.linalg.cond(_eye_plus(T, a)), [(3, 3)], torch_name=False, note="a composition of pyautograd ops (torch has its own node)"),
        OpSpec("linalg_cond_m2", lambda T, a: T.linalg.cond(_eye_plus(T, a), -2), [(2, 3, 3)], torch_name=False,
               note="a composition of pyautograd ops"),
        OpSpec("linalg_norm_matrix", lambda T, a: T.linalg.norm(a, "nuc"), [(3, 4)], torch_name=False, note="a composition of pyautograd ops (torch has its own node)"),
        OpSpec("linalg_norm_vector", lambda T, a: T.linalg.norm(a, 3, dim=1), [(3, 4)], domain="away"),
        OpSpec("linalg_vector_norm", lambda T, a: T.linalg.vector_norm(a, float("inf"), dim=(0, 1)), [(3, 4)]),
        OpSpec("linalg_vecdot", lambda T, a, b: T.linalg.vecdot(a, b), [(2, 3), (3,)], torch_name=False, note="a composition of pyautograd ops (torch has its own node)"),
        OpSpec("linalg_cross", lambda T, a, b: T.linalg.cross(a, b), [(2, 3), (2, 3)], bcast=[(4, 1, 3), (1, 2, 3)], torch_name=False, note="a composition of pyautograd ops (torch has its own node)"),
        OpSpec("linalg_diagonal", lambda T, a: T.linalg.diagonal(a, offset=1), [(2, 3, 4)]),
    ]


def _svd_invariant(T, u, s, v, vh=False):
    """(s, U diag(s) V^H): sign-invariant outputs that still differentiate through U and V."""
    vh_ = v if vh else v.transpose(-1, -2)
    return s, (u * s.unsqueeze(-2)) @ vh_


_SvdResult = result_type_of("svd", ("U", "S", "V"))


@expose(method=True, spec=_svd_specs())
def svd(input, some=True, compute_uv=True):
    """torch.svd (deprecated form): U, S, V with input = U diag(S) V^H (V, not V^H); some=False gives
    the full U and V; compute_uv=False gives S and zero-filled U (m x m), V (n x n).

    Gradient: through U, S and V (ill-defined where singular values repeat, as in PyTorch).

    Example::

        >>> pa.svd(pa.tensor([[3.0, 0.0], [0.0, 2.0]])).S
        tensor([3., 2.])
    """
    _check_matrix(input, "linalg.svd", "A")
    if not compute_uv:
        u, s, vh = apply_op(Svd, (input,), {"full_matrices": False})
        m, n = input._data.shape[-2:]
        batch = input._data.shape[:-2]
        # torch: zero-filled U (m x m) and V (n x n) whatever `some` says
        zu = _make_tensor(np.zeros(batch + (m, m), input._data.dtype))
        zv = _make_tensor(np.zeros(batch + (n, n), input._data.dtype))
        return _SvdResult(zu, s, zv)
    u, s, vh = apply_op(Svd, (input,), {"full_matrices": not some})
    return _SvdResult(u, s, transpose(vh, -1, -2))


_QrResult = result_type_of("qr", ("Q", "R"))


def _qr_specs():
    return [
        OpSpec("qr", lambda T, a: _qr_invariant(T, *T.qr(a)), [(4, 3)], empty=[(0, 3)]),
        OpSpec("qr_square", lambda T, a: _qr_invariant(T, *T.linalg.qr(a, mode="complete")), [(2, 3, 3)]),
        OpSpec("qr_wide", lambda T, a: _qr_invariant(T, *T.linalg.qr(a)), [(3, 4)]),
        OpSpec("matrix_exp", lambda T, a: T.matrix_exp(a), [(3, 3)], empty=[(0, 0)]),
        OpSpec("matrix_exp_batched", lambda T, a: T.linalg.matrix_exp(3 * a), [(2, 3, 3)]),
        OpSpec("matrix_power", lambda T, a: T.matrix_power(a, 2), [(3, 3)], torch_name=False, note="a composition of pyautograd ops (torch has its own node)"),
    ]


def _qr_invariant(T, q, r):
    """Q and R with the signs fixed so that diag(R) > 0 (QR's unique form)."""
    d = T.sign(r.diagonal(0, -2, -1))
    k = d.shape[-1]
    return q[..., :k] * d.unsqueeze(-2), r[..., :k, :] * d.unsqueeze(-1)


@expose(method=True, spec=_qr_specs())
def qr(input, some=True):
    """The QR decomposition A = Q R of each matrix: a (Q, R) named tuple (reduced with some=True, complete otherwise).
    Batched: input may have leading batch dims.

    Gradient: the QR reverse rule (for the reduced decomposition of a matrix with at least as many rows as columns).

    Example::

        >>> pa.qr(pa.tensor([[3.0, 0.0], [4.0, 5.0]])).R
        tensor([[-5., -4.],
                [ 0.,  3.]])
    """
    _check_matrix(input, "linalg.qr", "A")
    return _QrResult(*apply_op(Qr, (input,), {"mode": "reduced" if some else "complete"}))


@expose(method=True)
def pinverse(input, rcond=1e-15):
    """The Moore-Penrose pseudo-inverse of each matrix (singular values below rcond times the largest are dropped).
    Batched: input may have leading batch dims.

    Gradient: through the SVD the pseudo-inverse is computed from.

    Example::

        >>> pa.pinverse(pa.tensor([[2.0, 0.0], [0.0, 0.0]]))
        tensor([[0.5000, 0.0000],
                [0.0000, 0.0000]])
    """
    _check_matrix(input, "linalg.pinv", "A")
    return apply_op(Pinv, (input,), {"atol": None, "rtol": float(rcond), "hermitian": False})


@expose(method=True)
def matrix_exp(input):
    """The matrix exponential exp(A) = I + A + A^2/2! + ... of each square matrix. Batched: input may have leading
    batch dims.

    Gradient: the adjoint of exp's Fréchet derivative (the exponential of a block matrix holding A^H and grad).

    Example::

        >>> pa.matrix_exp(pa.zeros(2, 2))
        tensor([[1., 0.],
                [0., 1.]])
    """
    _check_square(input, "linalg.matrix_exp")
    return apply_op(MatrixExp, (input,))


@expose(method=True)
def matrix_power(input, n):
    """A^n for an integer n by repeated squaring (n < 0: a power of A^-1); A^0 is the identity (a
    constant). Batches of square matrices are powered each.

    Gradient: the sum over the product's factors, sum_k (A^H)^k grad (A^H)^(n-1-k).

    Example::

        >>> pa.matrix_power(pa.tensor([[1.0, 1.0], [0.0, 1.0]]), 3)
        tensor([[1., 3.],
                [0., 1.]])
    """
    _check_square(input, "linalg.matrix_power")
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError("matrix_power(): argument 'n' (position 2) must be int, not %s" % type(n).__name__)
    size = input._data.shape[-1]
    if n == 0:
        eye = np.broadcast_to(np.eye(size, dtype=input._data.dtype), input._data.shape).copy()
        return _make_tensor(eye) + input * 0
    base = apply_op(Inv, (input,)) if n < 0 else input
    k = abs(n)
    result = None
    while k:
        if k & 1:
            result = base if result is None else matmul(result, base)
        k >>= 1
        if k:
            base = matmul(base, base)
    return clone(result) if result is input else result


del _inv_specs, _det_specs, _chol_specs, _svd_specs, _qr_specs
_ = (reshape, squeeze, unsqueeze, math)     # shape helpers re-exported for pyautograd.linalg
