"""torch.nn.utils.parametrizations: weight_norm and spectral_norm as parametrizations
(parametrize.register_parametrization), with torch's state_dict keys and buffers."""
from enum import Enum, auto

import numpy as np

from ..._core import TensorBase, _make_tensor
from ..._ops import add, cat, matrix_exp, mv, vdot
from ..._creation import eye, randn, zeros_like
from ...grad_mode import no_grad
from ...linalg import solve, vector_norm
from ..modules import Module
from .._conv_modules import ConvTranspose1d, ConvTranspose2d, ConvTranspose3d
from . import parametrize

__all__ = ["orthogonal", "spectral_norm", "weight_norm"]


def _is_orthogonal(Q):
    a = Q._data
    k = a.shape[-1]
    eps = 10.0 * a.shape[-2] * np.finfo(a.dtype).eps
    prod = np.swapaxes(a.conj(), -1, -2) @ a
    return bool(np.all(np.abs(prod - np.eye(k, dtype=a.dtype)) <= eps + 1e-5 * np.abs(np.eye(k))))


def _geqrf(a):
    """LAPACK geqrf of each matrix of a (NumPy's qr mode='raw'): the reflectors below the diagonal
    with R on and above it, and tau."""
    batch = a.shape[:-2]
    flat = a.reshape((-1,) + a.shape[-2:])
    hs, taus = [], []
    for m in flat:
        h, tau = np.linalg.qr(m, mode="raw")
        hs.append(h.T)
        taus.append(tau)
    return (np.stack(hs).reshape(a.shape), np.stack(taus).reshape(batch + (min(a.shape[-2:]),)))


def _make_orthogonal(A):
    # Q of A = QR with R's diagonal made positive (torch's geqrf + householder_product + sign)
    a = A._data
    q, r = np.linalg.qr(a)
    d = np.diagonal(r, axis1=-2, axis2=-1)
    sgn = np.where(d == 0, 0, d / np.where(d == 0, 1, np.abs(d)))
    return _make_tensor(np.ascontiguousarray(q * sgn[..., None, :]))


def _householder_product(A, tau):
    """torch.linalg.householder_product composed of differentiable ops: H_0 H_1 .. H_{k-1} applied to
    the first k columns of the identity, H_i = I - tau_i v_i v_i^H with v_i = e_i + A[:, i] below i."""
    n, k = A.shape[-2], A.shape[-1]
    M = eye(n, dtype=A.dtype)[:, :k].expand(*A.shape[:-2], n, k)
    unit = eye(n, dtype=A.dtype)
    for i in range(k - 1, -1, -1):
        v = (A[..., :, i] * (1 - unit[:, :i + 1].sum(-1)) + unit[:, i]).unsqueeze(-1)
        M = M - tau[..., i, None, None] * (v @ (v.mH @ M))
    return M


class _OrthMaps(Enum):
    matrix_exp = auto()
    cayley = auto()
    householder = auto()


class _Orthogonal(Module):
    def __init__(self, weight, orthogonal_map, *, use_trivialization=True):
        super().__init__()
        if weight.is_complex() and orthogonal_map == _OrthMaps.householder:
            raise ValueError("The householder parametrization does not support complex tensors.")
        self.shape = weight.shape
        self.orthogonal_map = orthogonal_map
        if use_trivialization:
            self.register_buffer("base", None)

    def forward(self, X):
        n, k = X.size(-2), X.size(-1)
        transposed = n < k
        if transposed:
            X = X.mT
            n, k = k, n
        if self.orthogonal_map in (_OrthMaps.matrix_exp, _OrthMaps.cayley):
            X = X.tril()
            if n != k:
                X = cat([X, X.new_zeros(n, n - k).expand(*X.shape[:-2], -1, -1)], dim=-1)
            A = X - X.mH
            if self.orthogonal_map == _OrthMaps.matrix_exp:
                Q = matrix_exp(A)
            else:
                Id = eye(n, dtype=A.dtype)
                Q = solve(add(Id, A, alpha=-0.5), add(Id, A, alpha=0.5))
            if n != k:
                Q = Q[..., :k]
        else:
            A = X.tril(diagonal=-1)
            tau = 2.0 / (1.0 + (A * A).sum(dim=-2))
            Q = _householder_product(A, tau)
            # torch's: the columns times int(diag(X)) (-1 with the trivialization's base)
            Q = Q * X.diagonal(dim1=-2, dim2=-1).int().unsqueeze(-2)
        if hasattr(self, "base"):
            Q = self.base @ Q
        if transposed:
            Q = Q.mT
        return Q

    def right_inverse(self, Q):
        with no_grad():
            if Q.shape != self.shape:
                raise ValueError("Expected a matrix or batch of matrices of shape %s. Got a tensor of shape %s."
                                 % (self.shape, Q.shape))
            Q_init = Q
            n, k = Q.size(-2), Q.size(-1)
            transpose = n < k
            if transpose:
                Q = Q.mT
                n, k = k, n
            if not hasattr(self, "base"):
                if self.orthogonal_map in (_OrthMaps.cayley, _OrthMaps.matrix_exp):
                    raise NotImplementedError("It is not possible to assign to the matrix exponential or the Cayley "
                                              "parametrizations when use_trivialization=False.")
                a, tau = _geqrf(Q._data)
                d = np.diagonal(a, axis1=-2, axis2=-1).copy()
                d = np.sign(d)
                d[tau == 0.0] *= -1
                idx = np.arange(min(a.shape[-2:]))
                a[..., idx, idx] = d
                A = _make_tensor(np.ascontiguousarray(a))
                return A.mT if transpose else A
            if n == k:
                Q = Q.clone() if _is_orthogonal(Q) else _make_orthogonal(Q)
            else:
                N = randn(*(tuple(Q.shape[:-2]) + (n, n - k)), dtype=Q.dtype)
                Q = _make_orthogonal(cat([Q, N], dim=-1))
            self.base = Q
            neg_Id = zeros_like(Q_init)
            neg_Id.diagonal(dim1=-2, dim2=-1).fill_(-1.0)
            return neg_Id


def orthogonal(module, name="weight", orthogonal_map=None, *, use_trivialization=True):
    """module.<name> kept orthogonal (or unitary): Q = map(skew part of the original), "matrix_exp",
    "cayley" or "householder"; with use_trivialization the map's result is multiplied onto a base.

    Example::

        >>> m = nn.utils.parametrizations.orthogonal(nn.Linear(3, 3))
        >>> bool(pa.allclose(m.weight @ m.weight.T, pa.eye(3), atol=1e-5))
        True
    """
    weight = getattr(module, name, None)
    if not isinstance(weight, TensorBase):
        raise ValueError("Module '%s' has no parameter or buffer with name '%s'" % (module, name))
    if weight.ndim < 2:
        raise ValueError("Expected a matrix or batch of matrices. Got a tensor of %d dimensions." % weight.ndim)
    if orthogonal_map is None:
        orthogonal_map = ("matrix_exp" if weight.size(-2) == weight.size(-1) or weight.is_complex()
                          else "householder")
    orth_enum = getattr(_OrthMaps, orthogonal_map, None)
    if orth_enum is None:
        raise ValueError('orthogonal_map has to be one of "matrix_exp", "cayley", "householder". Got: %s'
                         % orthogonal_map)
    orth = _Orthogonal(weight, orth_enum, use_trivialization=use_trivialization)
    parametrize.register_parametrization(module, name, orth, unsafe=True)
    return module


def _norm_except_dim(v, dim):
    """torch.norm_except_dim(v, 2, dim): the 2-norm over every dim but dim, kept as size-1 dims
    (dim=-1: over all of v, a 0-d tensor)."""
    if dim == -1:
        return vector_norm(v, 2)
    dims = tuple(d for d in range(v.dim()) if d != dim)
    return vector_norm(v, 2, dim=dims, keepdim=True)


def _weight_norm(v, g, dim):
    # torch._weight_norm: v * (g / ||v||) with the norm over all dims but dim
    return v * (g / _norm_except_dim(v, dim))


class _WeightNorm(Module):
    def __init__(self, dim=0):
        super().__init__()
        if dim is None:
            dim = -1
        self.dim = dim

    def forward(self, weight_g, weight_v):
        return _weight_norm(weight_v, weight_g, self.dim)

    def right_inverse(self, weight):
        return _norm_except_dim(weight, self.dim), weight


def weight_norm(module, name="weight", dim=0):
    """module.<name> = g * v / ||v||: parametrizations.<name>.original0 is g, original1 is v.

    Example::

        >>> m = nn.utils.parametrizations.weight_norm(nn.Linear(3, 2))
        >>> m.parametrizations.weight.original0.shape, m.parametrizations.weight.original1.shape
        (torch.Size([2, 1]), torch.Size([2, 3]))
    """
    _wn = _WeightNorm(dim)
    parametrize.register_parametrization(module, name, _wn, unsafe=True)

    def _weight_norm_compat_hook(state_dict, prefix, local_metadata, strict, missing_keys, unexpected_keys,
                                 error_msgs):
        # a state_dict of the legacy nn.utils.weight_norm (name_g / name_v) loads too
        g_key, v_key = prefix + name + "_g", prefix + name + "_v"
        if g_key in state_dict and v_key in state_dict:
            state_dict[prefix + "parametrizations." + name + ".original0"] = state_dict.pop(g_key)
            state_dict[prefix + "parametrizations." + name + ".original1"] = state_dict.pop(v_key)

    module._register_load_state_dict_pre_hook(_weight_norm_compat_hook)
    return module


def _normalize(x, eps):
    # F.normalize(x, dim=0, eps=eps) of a vector
    return x / vector_norm(x, 2).clamp_min(eps)


class _SpectralNorm(Module):
    def __init__(self, weight, n_power_iterations=1, dim=0, eps=1e-12):
        super().__init__()
        ndim = weight.ndim
        if dim >= ndim or dim < -ndim:
            raise IndexError("Dimension out of range (expected to be in range of [-%d, %d] but got %d)"
                             % (ndim, ndim - 1, dim))
        if n_power_iterations <= 0:
            raise ValueError("Expected n_power_iterations to be positive, but got n_power_iterations=%d"
                             % n_power_iterations)
        self.dim = dim if dim >= 0 else dim + ndim
        self.eps = eps
        if ndim > 1:
            # for ndim == 1 the weight is only normalized: no u, v buffers
            self.n_power_iterations = n_power_iterations
            weight_mat = self._reshape_weight_to_matrix(weight)
            h, w = weight_mat.shape
            u = weight_mat.new_empty(h).normal_(0, 1)
            v = weight_mat.new_empty(w).normal_(0, 1)
            self.register_buffer("_u", _normalize(u, self.eps))
            self.register_buffer("_v", _normalize(v, self.eps))
            self._power_method(weight_mat, 15)

    def _reshape_weight_to_matrix(self, weight):
        if self.dim != 0:
            weight = weight.permute(self.dim, *(d for d in range(weight.dim()) if d != self.dim))
        return weight.flatten(1)

    def _power_method(self, weight_mat, n_power_iterations):
        # u and v are updated in place (torch's normalize(..., out=self._u)), outside autograd
        with no_grad():
            for _ in range(n_power_iterations):
                self._u._data[...] = _normalize(mv(weight_mat, self._v), self.eps)._data
                self._u._bump_version("spectral_norm")
                self._v._data[...] = _normalize(mv(weight_mat.H, self._u), self.eps)._data
                self._v._bump_version("spectral_norm")

    def forward(self, weight):
        if weight.ndim == 1:
            return _normalize(weight, self.eps)
        weight_mat = self._reshape_weight_to_matrix(weight)
        if self.training:
            self._power_method(weight_mat, self.n_power_iterations)
        u = self._u.clone()
        v = self._v.clone()
        sigma = vdot(u, mv(weight_mat, v))
        return weight / sigma

    def right_inverse(self, value):
        return value


def spectral_norm(module, name="weight", n_power_iterations=1, eps=1e-12, dim=None):
    """module.<name> = W / sigma(W), sigma from power iteration on the buffers
    parametrizations.<name>.0._u / _v (one step per training forward).

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.utils.parametrizations.spectral_norm(nn.Linear(4, 4))
        >>> for _ in range(10):
        ...     _ = m(pa.randn(1, 4))
        >>> s = pa.linalg.matrix_norm(m.weight.detach(), ord=2)
        >>> bool(abs(s - 1) < 0.05)
        True
    """
    weight = getattr(module, name, None)
    if not isinstance(weight, TensorBase):
        raise ValueError("Module '%s' has no parameter or buffer with name '%s'" % (module, name))
    if dim is None:
        dim = 1 if isinstance(module, (ConvTranspose1d, ConvTranspose2d, ConvTranspose3d)) else 0
    parametrize.register_parametrization(module, name, _SpectralNorm(weight, n_power_iterations, dim, eps))
    return module
