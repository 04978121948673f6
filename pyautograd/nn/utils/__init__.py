"""torch.nn.utils: gradient clipping and flat parameter vectors."""
import math
import types
import warnings

import numpy as np

from ..._core import TensorBase, _make_tensor
from ..._ops import cat
from . import parametrize, parametrizations, fusion, rnn  # noqa: F401 - the submodules, as torch.nn.utils
from .fusion import fuse_conv_bn_eval, fuse_conv_bn_weights, fuse_linear_bn_eval, fuse_linear_bn_weights
from .weight_norm import weight_norm, remove_weight_norm
from .spectral_norm import spectral_norm, remove_spectral_norm

__all__ = ["clip_grad_norm_", "clip_grad_norm", "get_total_norm", "clip_grads_with_norm_", "clip_grad_value_",
           "parameters_to_vector", "vector_to_parameters",
           "fuse_conv_bn_eval", "fuse_conv_bn_weights", "fuse_linear_bn_eval", "fuse_linear_bn_weights",
           "weight_norm", "remove_weight_norm", "spectral_norm", "remove_spectral_norm"]


def _param_list(parameters):
    if isinstance(parameters, TensorBase):
        return [parameters]
    return list(parameters)


def _vector_norm(a, norm_type):
    a = np.abs(a.reshape(-1))
    if norm_type == math.inf:
        return a.max() if a.size else np.zeros((), a.dtype)
    if norm_type == -math.inf:
        return a.min() if a.size else np.full((), np.inf, a.dtype)
    if norm_type == 0:
        return np.asarray((a != 0).sum(), dtype=a.dtype)
    if norm_type == 2:
        return np.sqrt(np.sum(a * a))
    return np.sum(a ** norm_type) ** (1.0 / norm_type)


def get_total_norm(tensors, norm_type=2.0, error_if_nonfinite=False, foreach=None):
    """The norm of the tensors' norms (as if concatenated), outside autograd.

    Example::

        >>> nn.utils.get_total_norm([pa.tensor([3.0]), pa.tensor([4.0])])
        tensor(5.)
    """
    tensors = _param_list(tensors)
    norm_type = float(norm_type)
    if not tensors:
        return _make_tensor(np.zeros((), dtype=np.float32))
    norms = np.stack([np.asarray(_vector_norm(t._data, norm_type)) for t in tensors])
    total = np.asarray(_vector_norm(norms, norm_type), dtype=norms.dtype)
    if error_if_nonfinite and not np.isfinite(total):
        raise RuntimeError("The total norm of order %s for gradients from `parameters` is non-finite, so it cannot "
                           "be clipped. To disable this error and scale the gradients by the non-finite norm "
                           "anyway, set `error_if_nonfinite=False`" % norm_type)
    return _make_tensor(total)


def clip_grads_with_norm_(parameters, max_norm, total_norm, foreach=None):
    """Scale the gradients in place by min(1, max_norm / (total_norm + 1e-6)).

    Example::

        >>> p = nn.Parameter(pa.ones(2))
        >>> p.grad = pa.tensor([3.0, 4.0])
        >>> nn.utils.clip_grads_with_norm_([p], 1.0, nn.utils.get_total_norm([p.grad]))
        >>> p.grad
        tensor([0.6000, 0.8000])
    """
    grads = [p._grad for p in _param_list(parameters) if p._grad is not None]
    if not grads:
        return
    total = total_norm._data
    clip_coef = np.minimum(np.asarray(float(max_norm), dtype=total.dtype) / (total + np.asarray(1e-6, total.dtype)),
                           np.asarray(1.0, total.dtype))
    for g in grads:
        g._data *= clip_coef.astype(g._data.dtype)
        g._bump_version()


def clip_grad_norm_(parameters, max_norm, norm_type=2.0, error_if_nonfinite=False, foreach=None):
    """Scale the gradients in place so that their joint norm is at most max_norm; returns the norm before.

    Example::

        >>> p = nn.Parameter(pa.ones(4))
        >>> p.grad = pa.full((4,), 2.0)
        >>> nn.utils.clip_grad_norm_(p, max_norm=1.0), p.grad
        (tensor(4.), tensor([0.5000, 0.5000, 0.5000, 0.5000]))
    """
    if isinstance(parameters, types.GeneratorType):
        parameters = list(parameters)
        if not parameters:
            warnings.warn("`parameters` is an empty generator, no gradient clipping will occur.", stacklevel=2)
    parameters = _param_list(parameters)
    total = get_total_norm([p._grad for p in parameters if p._grad is not None], norm_type, error_if_nonfinite,
                           foreach)
    clip_grads_with_norm_(parameters, max_norm, total, foreach)
    return total


def clip_grad_norm(parameters, max_norm, norm_type=2.0, error_if_nonfinite=False, foreach=None):
    """Deprecated alias of ``clip_grad_norm_`` (with a FutureWarning): scale the gradients in place so that their joint
    norm is at most ``max_norm``; returns the total norm before clipping.

    Args:
        parameters: a tensor or an iterable of tensors whose ``.grad`` is clipped.
        max_norm: the largest total norm allowed.
        norm_type: the norm's order (``inf`` for the max norm). Default: 2.0.
        error_if_nonfinite: raise when the total norm is nan or inf. Default: False.
        foreach: accepted for compatibility. Default: None.

    Example::

        >>> import warnings
        >>> p = nn.Parameter(pa.ones(4))
        >>> p.grad = pa.full((4,), 2.0)
        >>> with warnings.catch_warnings():
        ...     warnings.simplefilter("ignore")
        ...     total = nn.utils.clip_grad_norm(p, max_norm=1.0)
        >>> total, p.grad
        (tensor(4.), tensor([0.5000, 0.5000, 0.5000, 0.5000]))
    """
    warnings.warn("`torch.nn.utils.clip_grad_norm` is now deprecated in favor of `torch.nn.utils.clip_grad_norm_`.",
                  FutureWarning, stacklevel=2)
    return clip_grad_norm_(parameters, max_norm, norm_type, error_if_nonfinite, foreach)


def clip_grad_value_(parameters, clip_value, foreach=None):
    """Clamp every gradient element to [-clip_value, clip_value] in place.

    Example::

        >>> p = nn.Parameter(pa.ones(3))
        >>> p.grad = pa.tensor([-2.0, 0.5, 3.0])
        >>> nn.utils.clip_grad_value_(p, 1.0)
        >>> p.grad
        tensor([-1.0000,  0.5000,  1.0000])
    """
    clip_value = float(clip_value)
    for p in _param_list(parameters):
        if p._grad is not None:
            np.clip(p._grad._data, -clip_value, clip_value, out=p._grad._data)
            p._grad._bump_version()


def parameters_to_vector(parameters):
    """The parameters flattened and concatenated (differentiable).

    Example::

        >>> m = nn.Linear(3, 2)
        >>> nn.utils.parameters_to_vector(m.parameters()).shape
        torch.Size([8])
    """
    return cat([p.reshape(-1) for p in parameters])


def vector_to_parameters(vec, parameters):
    """Copy consecutive slices of vec into the parameters' data (in place, outside autograd).

    Example::

        >>> m = nn.Linear(2, 1)
        >>> nn.utils.vector_to_parameters(pa.tensor([1.0, 2.0, 3.0]), m.parameters())
        >>> m.weight.detach(), m.bias.detach()
        (tensor([[1., 2.]]), tensor([3.]))
    """
    if not isinstance(vec, TensorBase):
        raise TypeError("expected torch.Tensor, but got: %s" % type(vec).__name__)
    pointer = 0
    flat = vec._data.reshape(-1)
    for p in parameters:
        n = p._data.size
        p._data[...] = flat[pointer:pointer + n].reshape(p._data.shape)
        p._bump_version()
        pointer += n
