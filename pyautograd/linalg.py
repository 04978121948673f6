"""torch.linalg: matrix functions, decompositions and norms over batches of matrices (leading dims
are batch dims). The decompositions are the ops of pyautograd/ops/decomp.py (their gradients are
PyTorch's); norms, cond, rank, lstsq, multi_dot, ... are compositions of public ops, so their
gradients are those of the pieces (as PyTorch's composite functions)."""
import builtins
import math

import numpy as np

from . import _ops
from ._core import apply_op, _make_tensor, TensorBase
from .ops.decomp import (LinAlgError, _LinAlgError, Inv, Solve, Det, Cholesky, Eigh, Svd, Qr, Pinv, MatrixExp,
                         _check_square, _check_matrix, _check_float, _slogdet, result_type_of, _singular_info,
                         _cholesky_info, matrix_power as _matrix_power)
from .ops.reductions import VectorNorm

__all__ = ["LinAlgError", "inv", "inv_ex", "det", "slogdet", "solve", "solve_ex", "lstsq", "cholesky", "cholesky_ex",
           "qr", "svd", "svdvals", "eigh", "eigvalsh", "pinv", "matrix_power", "matrix_exp", "cond", "norm",
           "vector_norm", "matrix_norm", "matrix_rank", "multi_dot", "vecdot", "diagonal", "tensorinv",
           "tensorsolve", "cross"]

_InvEx = result_type_of("linalg_inv_ex", ("inverse", "info"))
_CholeskyEx = result_type_of("linalg_cholesky_ex", ("L", "info"))
_Slogdet = result_type_of("linalg_slogdet", ("sign", "logabsdet"))
_Qr = result_type_of("linalg_qr", ("Q", "R"))
_Svd = result_type_of("linalg_svd", ("U", "S", "Vh"))
_Eigh = result_type_of("linalg_eigh", ("eigenvalues", "eigenvectors"))
_Lstsq = result_type_of("linalg_lstsq", ("solution", "residuals", "rank", "singular_values"))
_SolveEx = result_type_of("linalg_solve_ex", ("result", "info"))


def _info_tensor(shape, flat_bad=None, value=0):
    info = np.zeros(shape, np.int32)
    if flat_bad is not None:
        info.reshape(-1)[flat_bad] = value
    return _make_tensor(info)


def _first_failure(find, A):
    """find(A's values): the first failing matrix, or None. Inside vmap a batched tensor's values
    are per sample (not readable here): None, so the *_ex functions take their checked path (a
    failing matrix raises)."""
    try:
        return find(A._data) if A._data.size else None
    except RuntimeError:
        return None


def inv(A):
    _check_square(A, "linalg.inv")
    return apply_op(Inv, (A,))


def inv_ex(A, *, check_errors=False):
    """(inverse, info): info is LAPACK's (0, or the index of a zero pivot) per matrix; without
    check_errors a singular matrix gives its non-finite inverse rather than an error."""
    _check_square(A, "linalg.inv_ex")
    bad = _first_failure(_singular_info, A)
    if bad is None or check_errors:
        return _InvEx(apply_op(Inv, (A,)), _info_tensor(tuple(A.shape[:-2])))
    with np.errstate(all="ignore"):
        flat = A._data.reshape((-1,) + A._data.shape[-2:])
        infos = np.array([_singular_info(m[None]) for m in flat], dtype=object)
        out = np.empty_like(flat)
        info = np.zeros(len(flat), np.int32)
        for i, m in enumerate(flat):      # per matrix: LAPACK's info and its inverse (inf where singular)
            if infos[i] is not None:
                info[i] = infos[i][1]
                with np.errstate(all="ignore"):
                    out[i] = np.linalg.pinv(m) * np.inf
            else:
                out[i] = np.linalg.inv(m)
    return _InvEx(_make_tensor(out.reshape(A._data.shape)), _make_tensor(info.reshape(A._data.shape[:-2])))


def det(A):
    _check_square(A, "linalg.det")
    return apply_op(Det, (A,))


def slogdet(A):
    return _slogdet(A, "linalg.slogdet", _Slogdet)


def _solve_is_vector(A, B):
    """PyTorch's rule: B is a batch of vectors when B.ndim == 1, or B.ndim == A.ndim - 1 and
    B.shape == A.shape[:-1]."""
    nb, na = B._data.ndim, A._data.ndim
    return nb == 1 or (nb == na - 1 and tuple(B._data.shape) == tuple(A._data.shape[:-1]))


def solve(A, B, *, left=True):
    _check_square(A, "linalg.solve")
    _ops._check_tensor(B, "solve", "B", 2)
    if not left:     # X A = B  <=>  A^T X^T = B^T
        return _ops.transpose(solve(_ops.transpose(A, -1, -2), _ops.transpose(B, -1, -2)), -1, -2)
    if A._data.dtype != B._data.dtype:
        raise RuntimeError("linalg.solve: Expected A and B to have the same dtype, but found A of type %s and B of "
                           "type %s instead" % (_ops._SCALAR_TYPE_NAMES[A._data.dtype.name],
                                                _ops._SCALAR_TYPE_NAMES[B._data.dtype.name]))
    vector = _solve_is_vector(A, B)
    b = _ops.unsqueeze(B, -1) if vector else B
    n = A._data.shape[-1]
    if b._data.ndim < 2 or b._data.shape[-2] != n:
        bs = b._data.shape
        raise RuntimeError("linalg.solve: Incompatible shapes of A and B for the equation AX = B (%dx%d and %dx%d)"
                           % (n, n, bs[-2] if len(bs) >= 2 else bs[-1], bs[-1] if len(bs) >= 2 else 1))
    try:
        np.broadcast_shapes(A._data.shape[:-2], b._data.shape[:-2])
    except ValueError:
        raise RuntimeError("The size of tensor a (%d) must match the size of tensor b (%d) at non-singleton dimension 0"
                           % (A._data.shape[0], b._data.shape[0])) from None
    x = apply_op(Solve, (A, b))
    return _ops.squeeze(x, -1) if vector else x


def solve_ex(A, B, *, left=True, check_errors=False):
    x = solve(A, B, left=left)
    return _SolveEx(x, _info_tensor(np.broadcast_shapes(A._data.shape[:-2], B._data.shape[:-2]
                                                        if B._data.ndim >= 2 else ())))


def cholesky(A, *, upper=False):
    _check_square(A, "linalg.cholesky")
    return apply_op(Cholesky, (A,), {"upper": bool(upper)})


def cholesky_ex(A, *, upper=False, check_errors=False):
    """(L, info): info is the order of the first leading minor that is not positive-definite (0
    when the factorization succeeds); without check_errors no error is raised."""
    _check_square(A, "linalg.cholesky_ex")
    bad = None if check_errors else _first_failure(_cholesky_info, A)
    if bad is None:
        return _CholeskyEx(apply_op(Cholesky, (A,), {"upper": bool(upper)}), _info_tensor(tuple(A.shape[:-2])))
    flat = A._data.reshape((-1,) + A._data.shape[-2:])
    out = np.zeros_like(flat)
    info = np.zeros(len(flat), np.int32)
    for i, m in enumerate(flat):       # per matrix: the factor of the leading minors that are positive-definite
        b = _cholesky_info(m[None])
        k = m.shape[0] if b is None else b[1] - 1
        info[i] = 0 if b is None else b[1]
        out[i, :k, :k] = np.linalg.cholesky(m[:k, :k]) if k else 0
        if upper:
            out[i] = out[i].T.conj()
    return _CholeskyEx(_make_tensor(out.reshape(A._data.shape)), _make_tensor(info.reshape(A._data.shape[:-2])))


def qr(A, mode="reduced"):
    _check_matrix(A, "linalg.qr")
    if mode not in ("reduced", "complete", "r"):
        raise RuntimeError("qr received unrecognized mode '%s' but expected one of 'reduced' (default), 'r', or "
                           "'complete'" % mode)
    q, r = apply_op(Qr, (A,), {"mode": mode})
    return _Qr(q, r)


def svd(A, full_matrices=True, *, driver=None):
    _check_matrix(A, "linalg.svd")
    return _Svd(*apply_op(Svd, (A,), {"full_matrices": bool(full_matrices)}))


def svdvals(A, *, driver=None):
    _check_matrix(A, "linalg.svdvals")
    return apply_op(Svd, (A,), {"full_matrices": False})[1]


def eigh(A, UPLO="L"):
    _check_square(A, "linalg.eigh")
    if UPLO not in ("L", "U"):
        raise RuntimeError("Expected UPLO argument to be 'L' or 'U', but got %s" % UPLO)
    return _Eigh(*apply_op(Eigh, (A,), {"UPLO": UPLO}))


def eigvalsh(A, UPLO="L"):
    return eigh(A, UPLO)[0]


def _tol(x):
    if x is None or isinstance(x, (int, float)):
        return None if x is None else float(x)
    return x._data if hasattr(x, "_data") else np.asarray(x)


def pinv(A, *, atol=None, rtol=None, hermitian=False):
    _check_matrix(A, "linalg.pinv")
    return apply_op(Pinv, (A,), {"atol": _tol(atol), "rtol": _tol(rtol), "hermitian": bool(hermitian)})


def matrix_power(A, n):
    return _matrix_power(A, n)


def matrix_exp(A):
    _check_square(A, "linalg.matrix_exp")
    return apply_op(MatrixExp, (A,))


def lstsq(A, B, rcond=None, *, driver=None):
    """The least-squares solution pinv(A) B (PyTorch's gradient is pinv's too). residuals,
    rank and singular_values as the driver gives them: gelsy (the default) gives the rank,
    gelsd / gelss also the singular values, and the residuals when m > n and A has full rank."""
    _check_matrix(A, "linalg.lstsq")
    _ops._check_tensor(B, "lstsq", "B", 2)
    drivers = ("gels", "gelsy", "gelsd", "gelss")
    driver = "gelsy" if driver is None else driver
    if driver not in drivers:
        raise RuntimeError("parameter `driver` should be one of (gels, gelsy, gelsd, gelss)")
    vector = B._data.ndim == A._data.ndim - 1
    b = _ops.unsqueeze(B, -1) if vector else B
    if b._data.shape[-2] != A._data.shape[-2]:
        raise RuntimeError("torch.linalg.lstsq: input.size(-2) should match other.size(-2)")
    m, n = A._data.shape[-2:]
    eps = np.finfo(A._data.dtype).eps
    rc = eps * builtins.max(m, n) if rcond is None or rcond < 0 else float(rcond)
    p = apply_op(Pinv, (A,), {"atol": None, "rtol": rc, "hermitian": False})
    x = _ops.matmul(p, b)
    dt = A._data.dtype
    # the rank and singular values with tensor ops (so that vmap batches them)
    s = svdvals(A).detach()
    if m and n:
        rank = _ops.sum(s > _ops.amax(s, -1, keepdim=True) * rc, -1)
    else:
        rank = _make_tensor(np.zeros(tuple(A.shape[:-2]), np.int64))
    empty = _make_tensor(np.zeros((0,), dt))
    rank_t = rank if driver != "gels" else _make_tensor(np.zeros((0,), np.int64))
    sv = s if driver in ("gelsd", "gelss") else empty
    res = empty
    if driver != "gelsy" and m > n and bool((rank == n).all()):
        r = _ops.matmul(A, x) - b
        res = _ops.sum(r * r, -2)
    if vector:
        x = _ops.squeeze(x, -1)
        if res is not empty:
            res = _ops.squeeze(res, -1)
    return _Lstsq(x, res, rank_t, sv)


_INF = float("inf")


def vector_norm(x, ord=2, dim=None, keepdim=False, *, dtype=None):
    _ops._check_tensor(x, "linalg_vector_norm", "input")
    if dtype is not None:
        x = _ops.to_dtype(x, dtype)
    if x._data.dtype.kind not in "fc":
        raise RuntimeError("linalg.vector_norm: Expected a floating point or complex tensor as input. Got %s"
                           % _ops._SCALAR_TYPE_NAMES[x._data.dtype.name])
    if isinstance(dim, int):
        dim = (dim,)
    ord = float(ord)
    if ord < 0 and x._data.size == 0:
        raise RuntimeError("linalg.vector_norm cannot compute the %s norm on an empty tensor because the operation "
                           "does not have an identity" % ("-inf" if ord == -_INF else "%g" % ord))
    return apply_op(VectorNorm, (x,), {"p": ord, "dim": _ops._dim_arg(x, dim), "keepdim": bool(keepdim)})


def matrix_norm(A, ord="fro", dim=(-2, -1), keepdim=False, *, dtype=None):
    _check_matrix(A, "linalg.matrix_norm")
    if dtype is not None:
        A = _ops.to_dtype(A, dtype)
    nd = A._data.ndim
    d0, d1 = (dim[0] % nd, dim[1] % nd)
    if ord == "fro":
        return vector_norm(A, 2, (d0, d1), keepdim)
    if ord == "nuc" or ord in (2, -2):
        moved = _ops.movedim(A, (d0, d1), (-2, -1))
        s = svdvals(moved)
        if ord == "nuc":
            r = _ops.sum(s, -1)
        else:
            r = _ops.amax(s, -1) if ord == 2 else _ops.amin(s, -1)
        if keepdim:
            r = _ops.unsqueeze(_ops.unsqueeze(r, builtins.min(d0, d1)), builtins.max(d0, d1))
        return r
    if ord in (1, -1, _INF, -_INF):
        # 1: the largest column sum of |A| (sum over rows d0); inf: the largest row sum
        red, other = (d0, d1) if ord in (1, -1) else (d1, d0)
        sums = vector_norm(A, 1, red, keepdim=True)
        r = (_ops.amax if ord > 0 else _ops.amin)(sums, other, keepdim=True)
        return r if keepdim else _ops.squeeze(r, (d0, d1))
    raise RuntimeError("linalg.matrix_norm: Order %s not supported." % (ord,))


def norm(A, ord=None, dim=None, keepdim=False, *, dtype=None):
    if isinstance(dim, int):
        dim = (dim,)
    if ord is None:
        if dim is not None and len(dim) == 2:
            return matrix_norm(A, "fro", dim, keepdim, dtype=dtype)
        return vector_norm(A, 2, dim, keepdim, dtype=dtype)
    if dim is None:
        if A._data.ndim == 2 or isinstance(ord, str):
            return matrix_norm(A, ord, (-2, -1), keepdim, dtype=dtype)
        if A._data.ndim == 1:
            return vector_norm(A, ord, None, keepdim, dtype=dtype)
        raise RuntimeError("linalg.norm: If dim is not specified but ord is, the input must be 1D or 2D. Got %dD."
                           % A._data.ndim)
    if len(dim) == 2:
        return matrix_norm(A, ord, dim, keepdim, dtype=dtype)
    return vector_norm(A, ord, dim, keepdim, dtype=dtype)


def cond(A, p=None):
    """The condition number: ratio of extreme singular values (p None / 2 / -2), else
    norm(A, p) * norm(A^-1, p)."""
    _check_matrix(A, "linalg.cond")
    if p in (None, 2, -2):
        s = svdvals(A)
        big, small = _ops.amax(s, -1), _ops.amin(s, -1)
        return big / small if p != -2 else small / big
    _check_square(A, "linalg.cond")
    return matrix_norm(A, p) * matrix_norm(inv(A), p)


def matrix_rank(A, *, atol=None, rtol=None, hermitian=False, tol=None):
    _check_matrix(A, "linalg.matrix_rank")
    d = A._data
    m, n = d.shape[-2:]
    if d.size == 0:
        return _make_tensor(np.zeros(d.shape[:-2], np.int64))
    s = np.abs(np.linalg.eigvalsh(d)) if hermitian else np.linalg.svd(d, compute_uv=False)
    smax = s.max(axis=-1, keepdims=True)
    at = _tol(tol if tol is not None else atol)
    rt = _tol(rtol)
    if rt is None:
        rt = 0.0 if (at is not None and np.any(np.asarray(at) > 0)) else np.finfo(d.dtype).eps * builtins.max(m, n)
    at = 0.0 if at is None else at
    thr = np.maximum(np.asarray(at)[..., None] if np.ndim(at) else at,
                     (np.asarray(rt)[..., None] if np.ndim(rt) else rt) * smax)
    return _make_tensor(np.asarray((s > thr).sum(axis=-1), np.int64))


def multi_dot(tensors):
    if not isinstance(tensors, (list, tuple)) or len(tensors) < 2:
        raise RuntimeError("multi_dot(): expected at least 2 tensors but got %d"
                           % (len(tensors) if isinstance(tensors, (list, tuple)) else 0))
    ts = list(tensors)
    first_vec, last_vec = ts[0]._data.ndim == 1, ts[-1]._data.ndim == 1
    if first_vec:
        ts[0] = _ops.unsqueeze(ts[0], 0)
    if last_vec:
        ts[-1] = _ops.unsqueeze(ts[-1], -1)
    for i, t in enumerate(ts):
        if t._data.ndim != 2:
            raise RuntimeError("multi_dot(): tensor %d must be 2D but got %dD" % (i, tensors[i]._data.ndim))
    out = ts[0]
    for t in ts[1:]:
        out = _ops.mm(out, t)
    if first_vec and last_vec:
        return _ops.squeeze(_ops.squeeze(out, -1), 0)
    if first_vec:
        return _ops.squeeze(out, 0)
    if last_vec:
        return _ops.squeeze(out, -1)
    return out


def vecdot(x, y, *, dim=-1):
    return _ops.sum(_ops.conj(x) * y if x._data.dtype.kind == "c" else x * y, dim)


def diagonal(A, *, offset=0, dim1=-2, dim2=-1):
    return _ops.diagonal(A, offset, dim1, dim2)


def cross(input, other, *, dim=-1):
    """input x other along dim (of size 3; the other dims broadcast)."""
    return _ops.linalg_cross(input, other, dim)


def tensorinv(A, ind=2):
    if ind <= 0:
        raise RuntimeError("Expected a strictly positive integer for 'ind', but got %d" % ind)
    out_shape = tuple(A._data.shape[ind:]) + tuple(A._data.shape[:ind])
    rows = math.prod(A._data.shape[:ind])
    cols = math.prod(A._data.shape[ind:])
    if rows != cols:
        raise RuntimeError("Expected self to satisfy the requirement prod(self.shape[other.ndim:]) == "
                           "prod(self.shape[:other.ndim]), but got %d != %d" % (cols, rows))
    return _ops.reshape(inv(_ops.reshape(A, (rows, cols))), out_shape)


def tensorsolve(A, B, dims=None):
    if dims is not None:
        nd = A._data.ndim
        src = tuple(d % nd for d in dims)
        A = _ops.movedim(A, src, tuple(range(nd - len(src), nd)))
    nb = B._data.ndim
    rows = math.prod(A._data.shape[:nb])
    cols = math.prod(A._data.shape[nb:])
    if rows != cols or tuple(A._data.shape[:nb]) != tuple(B._data.shape):
        raise RuntimeError("Expected self to satisfy the requirement prod(self.shape[other.ndim:]) == "
                           "prod(self.shape[:other.ndim]), but got %d != %d" % (cols, rows))
    x = solve(_ops.reshape(A, (rows, cols)), _ops.reshape(B, (rows,)))
    return _ops.reshape(x, tuple(A._data.shape[nb:]))


_ = (_LinAlgError, Det, Eigh, Qr, Svd, _check_float)


# ---- out= (PyTorch's linalg functions take it; matrix_exp and diagonal do not) ----------------
# name -> (number of results, the name PyTorch's autograd refusal gives the function; its argument
# errors say linalg_<name>)
_OUT_FORMS = {"inv": (1, "linalg_inv_ex"), "inv_ex": (2, "linalg_inv_ex"), "det": (1, "linalg_det"),
              "slogdet": (2, "linalg_slogdet"), "solve": (1, "linalg_solve_ex"), "solve_ex": (2, "linalg_solve_ex"),
              "lstsq": (4, "linalg_lstsq"), "cholesky": (1, "linalg_cholesky_ex"),
              "cholesky_ex": (2, "linalg_cholesky_ex"), "qr": (2, "linalg_qr"), "svd": (3, "linalg_svd"),
              "svdvals": (1, "linalg_svdvals"), "eigh": (2, "linalg_eigh"), "eigvalsh": (1, "linalg_eigvalsh"),
              "pinv": (1, "linalg_pinv"), "matrix_power": (1, "linalg_matrix_power"),
              "vector_norm": (1, "linalg_vector_norm"), "matrix_norm": (1, "linalg_matrix_norm"),
              "norm": (1, "linalg_norm"), "cond": (1, "linalg_cond"), "matrix_rank": (1, "linalg_matrix_rank"),
              "multi_dot": (1, "linalg_multi_dot"), "vecdot": (1, "linalg_vecdot"), "cross": (1, "linalg_cross"),
              "tensorinv": (1, "linalg_tensorinv"), "tensorsolve": (1, "linalg_tensorsolve")}


def _with_out(name, f):
    n, tname = _OUT_FORMS[name]

    def function(*args, out=None, **kwargs):
        if out is None:
            return f(*args, **kwargs)
        several = isinstance(out, (tuple, list))
        if n > 1 and not several:
            raise TypeError("linalg_%s(): argument 'out' must be tuple of Tensors, not %s" % (name, _ops._tp_name(out)))
        if n == 1 and several:
            raise TypeError("linalg_%s(): argument 'out' must be Tensor, not %s" % (name, type(out).__name__))

        def compute():
            result = f(*args, **kwargs)
            # linalg's out tensors take the result's dtype exactly (no casting, as PyTorch)
            for r, o in zip(result if several else (result,), out if several else (out,)):
                if isinstance(o, TensorBase) and o._data.dtype != r._data.dtype:
                    raise RuntimeError("Expected out tensor to have dtype %s, but got %s instead"
                                       % (_ops._C_TYPE_NAMES[r._data.dtype.name], _ops._C_TYPE_NAMES[o._data.dtype.name]))
            return result
        return _ops.write_out(tname, out, compute)
    function.__name__ = f.__name__
    function.__qualname__ = f.__qualname__
    function.__doc__ = f.__doc__
    function.__wrapped__ = f
    return function


for _name in _OUT_FORMS:
    globals()[_name] = _with_out(_name, globals()[_name])
del _name
