"""torch.nn.utils.parametrizations: weight_norm and spectral_norm as parametrizations
(parametrize.register_parametrization), with torch's state_dict keys and buffers."""
from ..._core import TensorBase
from ..._ops import mv, vdot
from ...grad_mode import no_grad
from ...linalg import vector_norm
from ..modules import Module
from .._conv_modules import ConvTranspose1d, ConvTranspose2d, ConvTranspose3d
from . import parametrize

__all__ = ["weight_norm", "spectral_norm"]


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
    """module.<name> = g * v / ||v||: parametrizations.<name>.original0 is g, original1 is v."""
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
    parametrizations.<name>.0._u / _v (one step per training forward)."""
    weight = getattr(module, name, None)
    if not isinstance(weight, TensorBase):
        raise ValueError("Module '%s' has no parameter or buffer with name '%s'" % (module, name))
    if dim is None:
        dim = 1 if isinstance(module, (ConvTranspose1d, ConvTranspose2d, ConvTranspose3d)) else 0
    parametrize.register_parametrization(module, name, _SpectralNorm(weight, n_power_iterations, dim, eps))
    return module
