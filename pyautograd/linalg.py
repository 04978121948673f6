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
    """The inverse A^-1 of each square matrix in A (leading dims are batch dims).

    A singular matrix raises LinAlgError; ``inv_ex`` reports it in ``info`` instead. Float and complex
    dtypes only.

    Gradient: -A^-H @ grad @ A^-H (for real A: -A^-T grad A^-T), A^-1 the result.

    Example::

        >>> pa.linalg.inv(pa.tensor([[2.0, 0.0], [0.0, 4.0]]))
        tensor([[0.5000, 0.0000],
                [0.0000, 0.2500]])
    """
    _check_square(A, "linalg.inv")
    return apply_op(Inv, (A,))


def inv_ex(A, *, check_errors=False):
    """The inverse of each square matrix with an error code: a named tuple (inverse, info).

    info (int32, one per matrix) is LAPACK's: 0, or the 1-based index of the first zero pivot of
    the LU factorization. Without check_errors a singular matrix gives a non-finite inverse and a
    nonzero info rather than an error; with check_errors=True it raises LinAlgError, as inv.

    Gradient: that of inv for inverse; info is not differentiable.

    Example::

        >>> pa.linalg.inv_ex(pa.tensor([[1.0, 0.0], [0.0, 0.0]])).info
        tensor(2, dtype=torch.int32)
    """
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
    """The determinant of each square matrix in A (leading dims are batch dims).

    Gradient: grad * det(A) * A^-H where A is invertible; for a singular A through its SVD (as
    PyTorch), so the gradient stays finite there.

    Example::

        >>> pa.linalg.det(pa.tensor([[1.0, 2.0], [3.0, 4.0]]))
        tensor(-2.)
    """
    _check_square(A, "linalg.det")
    return apply_op(Det, (A,))


def slogdet(A):
    """The sign and the log of the absolute value of det A: a named tuple (sign, logabsdet).

    Stable where det itself over- or underflows (large matrices). For real A the sign is -1, 0 or 1
    (0 with logabsdet -inf for a singular matrix); for complex A it is det / abs(det). Leading dims are
    batch dims.

    Gradient: grad of logabsdet times A^-H; a real sign has no gradient (it is piecewise constant),
    a complex one contributes through its phase.

    Example::

        >>> pa.linalg.slogdet(pa.tensor([[1.0, 2.0], [3.0, 4.0]]))
        torch.return_types.linalg_slogdet(
        sign=tensor(-1.),
        logabsdet=tensor(0.6931))
    """
    return _slogdet(A, "linalg.slogdet", _Slogdet)


def _solve_is_vector(A, B):
    """PyTorch's rule: B is a batch of vectors when B.ndim == 1, or B.ndim == A.ndim - 1 and
    B.shape == A.shape[:-1]."""
    nb, na = B._data.ndim, A._data.ndim
    return nb == 1 or (nb == na - 1 and tuple(B._data.shape) == tuple(A._data.shape[:-1]))


def solve(A, B, *, left=True):
    """The solution X of A X = B (left=True) or X A = B (left=False), A square.

    B is a batch of vectors when it is 1-D or has the shape A.shape[:-1]; otherwise a batch of
    matrices (n x k). Batch dims broadcast. A and B must have the same dtype. A singular A raises
    LinAlgError. Better than ``inv(A) @ B`` in speed and accuracy.

    Gradient: for B, A^-H @ grad; for A, -(A^-H @ grad) @ X^H (for left=False the transposed
    equation's).

    Example::

        >>> pa.linalg.solve(pa.tensor([[2.0, 0.0], [0.0, 4.0]]), pa.tensor([2.0, 2.0]))
        tensor([1.0000, 0.5000])
    """
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
    """solve with an info code: a named tuple (result, info), result as ``solve(A, B, left=left)``.

    info is an int32 tensor of zeros (one per matrix of the batch). Here a singular A always raises
    LinAlgError, as with check_errors=True (it is not reported through a nonzero info).

    Gradient: that of solve for result; info is not differentiable.

    Example::

        >>> pa.linalg.solve_ex(pa.tensor([[2.0, 0.0], [0.0, 4.0]]), pa.tensor([2.0, 2.0]))
        torch.return_types.linalg_solve_ex(
        result=tensor([1.0000, 0.5000]),
        info=tensor(0, dtype=torch.int32))
    """
    x = solve(A, B, left=left)
    return _SolveEx(x, _info_tensor(np.broadcast_shapes(A._data.shape[:-2], B._data.shape[:-2]
                                                        if B._data.ndim >= 2 else ())))


def cholesky(A, *, upper=False):
    """The Cholesky factor of each Hermitian positive-definite matrix: lower triangular L with A = L L^H.

    upper=True gives the upper triangular U = L^H (A = U^H U). Only the lower triangle of A is read.
    A matrix that is not positive-definite raises LinAlgError (``cholesky_ex`` reports it instead).
    Leading dims are batch dims.

    Gradient: L^-H Phi(L^H grad_L) L^-1, symmetrised, where Phi takes the lower triangle with its
    diagonal halved (PyTorch's cholesky_backward).

    Example::

        >>> pa.linalg.cholesky(pa.tensor([[4.0, 2.0], [2.0, 2.0]]))
        tensor([[2., 0.],
                [1., 1.]])
    """
    _check_square(A, "linalg.cholesky")
    return apply_op(Cholesky, (A,), {"upper": bool(upper)})


def cholesky_ex(A, *, upper=False, check_errors=False):
    """The Cholesky factor of each matrix with an error code: a named tuple (L, info).

    L as ``cholesky(A, upper=upper)``; info (int32, one per matrix) is 0 when the factorization
    succeeds, else the order of the first leading minor that is not positive-definite (L then holds
    the factor of the leading minors that are). Without check_errors no error is raised; with
    check_errors=True a failure raises LinAlgError.

    Gradient: that of cholesky for L; info is not differentiable.

    Example::

        >>> pa.linalg.cholesky_ex(pa.tensor([[1.0, 0.0], [0.0, -1.0]]))
        torch.return_types.linalg_cholesky_ex(
        L=tensor([[1., 0.],
                [0., 0.]]),
        info=tensor(2, dtype=torch.int32))
    """
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
    """The QR decomposition A = Q R of each matrix: a named tuple (Q, R).

    A is m x n, k = min(m, n). mode="reduced" (default): Q is m x k with orthonormal columns and R
    k x n upper triangular; "complete": Q is m x m orthogonal (unitary) and R m x n; "r": only R
    (Q is an empty tensor). Leading dims are batch dims. The signs are LAPACK's (R's diagonal may be
    negative).

    Gradient: the QR reverse rule (PyTorch's linalg_qr_backward); defined for "reduced", and for
    "complete" only when m <= n; mode="r" is not differentiable (Q is needed).

    Example::

        >>> Q, R = pa.linalg.qr(pa.tensor([[3.0, 0.0], [4.0, 5.0]]))
        >>> R
        tensor([[-5., -4.],
                [ 0.,  3.]])
        >>> pa.allclose(Q @ R, pa.tensor([[3.0, 0.0], [4.0, 5.0]]), atol=1e-6)
        True
    """
    _check_matrix(A, "linalg.qr")
    if mode not in ("reduced", "complete", "r"):
        raise RuntimeError("qr received unrecognized mode '%s' but expected one of 'reduced' (default), 'r', or "
                           "'complete'" % mode)
    q, r = apply_op(Qr, (A,), {"mode": mode})
    return _Qr(q, r)


def svd(A, full_matrices=True, *, driver=None):
    """The singular value decomposition A = U diag(S) Vh of each matrix: a named tuple (U, S, Vh).

    A is m x n, k = min(m, n); S holds the k singular values in descending order (real). With
    full_matrices=True (default) U is m x m and Vh n x n; with False U is m x k and Vh k x n. Leading
    dims are batch dims. driver is accepted for compatibility and ignored (NumPy's LAPACK gesdd runs).
    The singular vectors are unique only up to sign (phase).

    Gradient: PyTorch's svd_backward. It divides by the gaps S_i^2 - S_j^2, so it is ill-defined
    (inf / nan) for repeated singular values when U or Vh is used, and it is only meaningful for a
    loss that does not depend on the vectors' signs; with full_matrices only the first k columns of
    U and rows of Vh are differentiated.

    Example::

        >>> A = pa.tensor([[3.0, 0.0], [4.0, 5.0]])
        >>> U, S, Vh = pa.linalg.svd(A)
        >>> S
        tensor([6.7082, 2.2361])
        >>> pa.allclose(U @ pa.diag(S) @ Vh, A, atol=1e-6)
        True
    """
    _check_matrix(A, "linalg.svd")
    return _Svd(*apply_op(Svd, (A,), {"full_matrices": bool(full_matrices)}))


def svdvals(A, *, driver=None):
    """The singular values of each matrix, in descending order (real, min(m, n) of them).

    The S of ``svd(A)``, without forming U and Vh for the result. Leading dims are batch dims; driver
    is accepted and ignored.

    Gradient: U diag(grad) Vh, through the SVD.

    Example::

        >>> pa.linalg.svdvals(pa.tensor([[3.0, 0.0], [0.0, -2.0]]))
        tensor([3., 2.])
    """
    _check_matrix(A, "linalg.svdvals")
    return apply_op(Svd, (A,), {"full_matrices": False})[1]


def eigh(A, UPLO="L"):
    """The eigenvalues and eigenvectors of each Hermitian (real symmetric) matrix: a named tuple (eigenvalues, eigenvectors).

    The eigenvalues are real and ascending, the eigenvectors the orthonormal columns of V, with
    A = V diag(eigenvalues) V^H. Only the triangle of A that UPLO names is read ("L", default, or
    "U"). Leading dims are batch dims. Each eigenvector is unique only up to sign (phase).

    Gradient: V (diag(grad_L) + (V^H grad_V - grad_V^H V) / (2 E)) V^H with E_ij = L_j - L_i (the
    diagonal taken from grad_L alone). When the eigenvectors are used and two eigenvalues are equal
    (degenerate), E has zeros off the diagonal and the gradient is ill-defined (inf / nan, as
    PyTorch's); a loss should also not depend on the eigenvectors' signs.

    Example::

        >>> pa.linalg.eigh(pa.tensor([[2.0, 1.0], [1.0, 2.0]])).eigenvalues
        tensor([1., 3.])
    """
    _check_square(A, "linalg.eigh")
    if UPLO not in ("L", "U"):
        raise RuntimeError("Expected UPLO argument to be 'L' or 'U', but got %s" % UPLO)
    return _Eigh(*apply_op(Eigh, (A,), {"UPLO": UPLO}))


def eigvalsh(A, UPLO="L"):
    """The eigenvalues of each Hermitian (real symmetric) matrix, real and ascending.

    The eigenvalues of ``eigh(A, UPLO)``; only the UPLO triangle ("L" or "U") is read. Leading dims
    are batch dims.

    Gradient: V diag(grad) V^H, V the eigenvectors.

    Example::

        >>> pa.linalg.eigvalsh(pa.tensor([[2.0, 0.0], [0.0, 1.0]]))
        tensor([1., 2.])
    """
    return eigh(A, UPLO)[0]


def _tol(x):
    if x is None or isinstance(x, (int, float)):
        return None if x is None else float(x)
    return x._data if hasattr(x, "_data") else np.asarray(x)


def pinv(A, *, atol=None, rtol=None, hermitian=False):
    """The Moore-Penrose pseudo-inverse of each matrix (n x m for an m x n A).

    Computed from the SVD (the eigendecomposition with hermitian=True), dropping the singular
    values at or below max(atol, rtol * largest singular value). atol and rtol may be numbers or
    tensors (broadcast over the batch); rtol defaults to eps * max(m, n) of A's dtype, or to 0 when
    a positive atol is given. Leading dims are batch dims.

    Gradient: PyTorch's pinv_backward; not defined where a change of A changes its rank.

    Example::

        >>> pa.linalg.pinv(pa.tensor([[1.0, 2.0]]))
        tensor([[0.2000],
                [0.4000]])
    """
    _check_matrix(A, "linalg.pinv")
    return apply_op(Pinv, (A,), {"atol": _tol(atol), "rtol": _tol(rtol), "hermitian": bool(hermitian)})


def matrix_power(A, n):
    """A^n for each square matrix A and an integer n (by repeated squaring).

    n < 0 raises the inverse to -n; n = 0 gives the identity (with A's shape and dtype). Leading dims
    are batch dims.

    Gradient: through the matrix products (and the inverse for n < 0); zero for n = 0.

    Example::

        >>> pa.linalg.matrix_power(pa.tensor([[1.0, 1.0], [0.0, 1.0]]), 3)
        tensor([[1., 3.],
                [0., 1.]])
    """
    return _matrix_power(A, n)


def matrix_exp(A):
    """The matrix exponential exp(A) = I + A + A^2/2! + ... of each square matrix.

    Computed in double precision (Pade approximation with scaling and squaring) and rounded back to
    A's dtype. Leading dims are batch dims.

    Gradient: the upper-right block of exp([[A^H, grad], [0, A^H]]) (the adjoint of the Frechet
    derivative, PyTorch's formula), itself a matrix_exp, so higher derivatives follow.

    Example::

        >>> pa.linalg.matrix_exp(pa.tensor([[0.0, 1.0], [0.0, 0.0]]))
        tensor([[1., 1.],
                [0., 1.]])
    """
    _check_square(A, "linalg.matrix_exp")
    return apply_op(MatrixExp, (A,))


def lstsq(A, B, rcond=None, *, driver=None):
    """The least-squares solution X minimising the norm of A X - B: a named tuple (solution, residuals, rank, singular_values).

    Computed as pinv(A) B, singular values at or below rcond times the largest dropped (rcond None:
    eps * max(m, n)). B is a batch of matrices, or of vectors when B.ndim == A.ndim - 1. residuals,
    rank and singular_values as the driver gives them: gelsy (the default) gives the rank,
    gelsd / gelss also the singular values, and the residuals (the squared norms of the columns of
    A X - B) when m > n and A has full rank; gels gives none of them (empty tensors).

    Gradient: through pinv(A) B, for A and B (as PyTorch's, which is pinv's too).

    Example::

        >>> A = pa.tensor([[1.0, 0.0], [0.0, 1.0], [0.0, 0.0]])
        >>> pa.linalg.lstsq(A, pa.tensor([[1.0], [2.0], [3.0]])).solution
        tensor([[1.],
                [2.]])
    """
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
    """The vector p-norm (sum abs(x)^ord)^(1/ord) of x over dim (None: all elements, flattened).

    ord may be any real number, inf (max abs(x)), -inf (min abs(x)) or 0 (the number of nonzero elements).
    dim is an int or a tuple of dims; keepdim keeps them with size 1; dtype converts x first. x must
    be floating point or complex (the result is real).

    Gradient: grad * x abs(x)^(ord-2) / norm^(ord-1) (grad * sgn(x) for ord=1); 0 where the norm is 0;
    for ord=inf / -inf the gradient is shared equally by the elements at the extreme; none for
    ord=0.

    Example::

        >>> pa.linalg.vector_norm(pa.tensor([3.0, -4.0]))
        tensor(5.)
        >>> pa.linalg.vector_norm(pa.tensor([3.0, -4.0]), 1)
        tensor(7.)
    """
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
    """A matrix norm of each matrix over the two dims dim (default: the last two).

    ord: "fro" (default, the square root of the sum of squares), "nuc" (the sum of the singular
    values), 2 / -2 (the largest / smallest singular value), 1 / -1 (the largest / smallest column
    sum of abs(A)), inf / -inf (the largest / smallest row sum of abs(A)). keepdim keeps the two dims with
    size 1; dtype converts A first.

    Gradient: through the pieces: vector_norm's for "fro"; the SVD's for "nuc" and 2 / -2 (U Vh
    for "nuc"); abs, sum and amax / amin's for 1 and inf.

    Example::

        >>> pa.linalg.matrix_norm(pa.tensor([[3.0, 0.0], [0.0, 4.0]]))
        tensor(5.)
        >>> pa.linalg.matrix_norm(pa.tensor([[1.0, -2.0], [3.0, 4.0]]), 1)
        tensor(6.)
    """
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
    """A vector or a matrix norm, chosen from ord and dim as PyTorch does.

    ord=None: the 2-norm of the flattened input (dim None or one dim) or the Frobenius norm (two
    dims). With ord given and dim None, A must be 1-D (vector_norm) or 2-D (matrix_norm); a string
    ord ("fro", "nuc") always means matrix_norm. An int dim (or a 1-tuple) selects vector_norm, a
    2-tuple matrix_norm. keepdim keeps the reduced dims with size 1; dtype converts A first.

    Gradient: that of vector_norm or matrix_norm.

    Example::

        >>> pa.linalg.norm(pa.tensor([3.0, 4.0]))
        tensor(5.)
        >>> pa.linalg.norm(pa.tensor([[1.0, 2.0], [3.0, 4.0]]), float("inf"))
        tensor(7.)
    """
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
    """The condition number of each matrix with respect to the norm p.

    p None or 2: the largest singular value over the smallest (-2: the inverse ratio), for any
    m x n A; other p ("fro", "nuc", 1, -1, inf, -inf): matrix_norm(A, p) * matrix_norm(inv(A), p),
    A square.

    Gradient: through the singular values, or through matrix_norm and inv.

    Example::

        >>> pa.linalg.cond(pa.tensor([[1.0, 0.0], [0.0, 4.0]]))
        tensor(4.)
    """
    _check_matrix(A, "linalg.cond")
    if p in (None, 2, -2):
        s = svdvals(A)
        big, small = _ops.amax(s, -1), _ops.amin(s, -1)
        return big / small if p != -2 else small / big
    _check_square(A, "linalg.cond")
    return matrix_norm(A, p) * matrix_norm(inv(A), p)


def matrix_rank(A, *, atol=None, rtol=None, hermitian=False, tol=None):
    """The numerical rank of each matrix: the number of singular values above a tolerance (int64).

    The tolerance is max(atol, rtol * largest singular value); atol and rtol are numbers or tensors
    (broadcast over the batch); rtol defaults to eps * max(m, n) of A's dtype when atol is not given
    (positive), else to 0. hermitian=True uses the absolute eigenvalues of a Hermitian A instead of
    the singular values. tol is the deprecated name of atol. Leading dims are batch dims.

    Not differentiable (an integer result).

    Example::

        >>> pa.linalg.matrix_rank(pa.tensor([[1.0, 2.0], [2.0, 4.0]]))
        tensor(1)
    """
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
    """The product of two or more matrices, tensors[0] @ tensors[1] @ ... .

    All tensors must be 2-D, except that the first may be 1-D (a row vector) and the last 1-D (a
    column vector); the result drops the corresponding dims, as matmul. The products are taken left
    to right (PyTorch picks the cheapest order: the values agree up to rounding).

    Gradient: that of the chain of matrix products.

    Example::

        >>> a = pa.tensor([1.0, 2.0])
        >>> pa.linalg.multi_dot([a, pa.tensor([[1.0, 0.0], [0.0, 2.0]]), pa.tensor([1.0, 1.0])])
        tensor(5.)
    """
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
    """The dot product of x and y along dim: sum(conj(x) * y, dim) (the conjugate for complex x).

    x and y broadcast against each other; dim is counted in the broadcast shape.

    Gradient: grad * y for x (conjugated for complex) and grad * conj(x) for y, summed to each
    operand's shape.

    Example::

        >>> pa.linalg.vecdot(pa.tensor([1.0, 2.0, 3.0]), pa.tensor([4.0, 5.0, 6.0]))
        tensor(32.)
    """
    return _ops.sum(_ops.conj(x) * y if x._data.dtype.kind == "c" else x * y, dim)


def diagonal(A, *, offset=0, dim1=-2, dim2=-1):
    """The diagonals of the matrices of A: a view, with the diagonal as the last dim.

    The same as ``pa.diagonal(A, offset, dim1, dim2)`` with the matrix dims last by default: offset
    0 is the main diagonal, offset > 0 above it, offset < 0 below.

    Gradient: grad written back onto the diagonal, zeros elsewhere.

    Example::

        >>> pa.linalg.diagonal(pa.tensor([[1.0, 2.0], [3.0, 4.0]]))
        tensor([1., 4.])
    """
    return _ops.diagonal(A, offset, dim1, dim2)


def cross(input, other, *, dim=-1):
    """The cross product of 3-vectors, input x other, along dim (of size 3; the other dims broadcast).

    Gradient: other x grad for input, grad x input for other.

    Example::

        >>> pa.linalg.cross(pa.tensor([1.0, 0.0, 0.0]), pa.tensor([0.0, 1.0, 0.0]))
        tensor([0., 0., 1.])
    """
    return _ops.linalg_cross(input, other, dim)


def tensorinv(A, ind=2):
    """The tensor inverse of A: its inverse as a square matrix, reshaped to A.shape[ind:] + A.shape[:ind].

    A is read as the square matrix of shape (prod(A.shape[:ind]), prod(A.shape[ind:])) (those
    products must be equal), inverted with ``inv`` and reshaped back. ind must be positive.

    Gradient: that of inv through the reshapes.

    Example::

        >>> A = (2 * pa.eye(4)).reshape(4, 2, 2)
        >>> pa.linalg.tensorinv(A, ind=1).shape
        torch.Size([2, 2, 4])
    """
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
    """The X with tensordot(A, X, X.ndim) = B, shape A.shape[B.ndim:].

    A's leading B.ndim dims must be B's shape, and their product equal to the product of the rest:
    the system is ``solve`` of the square matrix reshaped from A. dims (optional) first moves those
    dims of A to the end.

    Gradient: that of solve through the reshapes.

    Example::

        >>> A = (2 * pa.eye(4)).reshape(2, 2, 4)
        >>> pa.linalg.tensorsolve(A, pa.ones(2, 2))
        tensor([0.5000, 0.5000, 0.5000, 0.5000])
    """
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
