"""Small helpers shared by the optimizers added after the first five (whole-array NumPy updates)."""
import numpy as np

from .._core import _make_tensor
from .._dtype import get_default_dtype, float64

__all__ = ["scalar_state", "set_scalar_state", "lerp_", "effective_grad", "bump_all"]


def _scalar_dtype():
    return np.float64 if get_default_dtype() is float64 else np.float32


def scalar_state(value):
    """A 0-d state tensor ('step', 'mu_product', 'eta', 'mu') in PyTorch's scalar dtype: float64
    when the default dtype is float64, else float32 (values such as eta are rounded to it, as in torch)."""
    return _make_tensor(np.array(value, dtype=_scalar_dtype()))


def set_scalar_state(tensor, value):
    """tensor.copy_(torch.as_tensor(value)): the value is rounded to the scalar dtype even when the state
    tensor (loaded from a state_dict) has the parameters' wider dtype."""
    tensor._data[...] = _scalar_dtype()(value)


def lerp_(start, end, weight):
    """start.lerp_(end, weight) with PyTorch's two-sided formula (exact at weight 0 and 1)."""
    if weight < 0.5:
        start += weight * (end - start)
    else:
        start[...] = end - (end - start) * (1 - weight)


def effective_grad(p, maximize, weight_decay):
    """The gradient an update uses: negated if maximize, plus coupled weight decay (a new array
    when either applies, so the stored .grad is left alone)."""
    g = p._grad._data
    if maximize:
        g = -g
    if weight_decay != 0:
        g = g + weight_decay * p._data
    return g


def bump_all(p, state):
    p._bump_version()
    for value in state.values():
        if hasattr(value, "_bump_version"):
            value._bump_version()
