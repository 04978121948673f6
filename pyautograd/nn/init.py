"""torch.nn.init: in-place initialisers; they run under no_grad, so they work on parameters."""
import math
import warnings

import numpy as np

from .._core import _make_tensor
from .._random import default_generator
from ..grad_mode import no_grad

__all__ = ["calculate_gain", "uniform_", "normal_", "constant_", "ones_", "zeros_", "eye_",
           "xavier_uniform_", "xavier_normal_", "kaiming_uniform_", "kaiming_normal_", "trunc_normal_",
           "orthogonal_", "sparse_", "dirac_"]


def calculate_gain(nonlinearity, param=None):
    """The recommended gain for a nonlinearity (same table as PyTorch).

    Example::

        >>> nn.init.calculate_gain("relu"), nn.init.calculate_gain("leaky_relu", 0.2)
        (1.4142135623730951, 1.3867504905630728)
    """
    linear_fns = ["linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d",
                  "conv_transpose3d"]
    if nonlinearity in linear_fns or nonlinearity == "sigmoid":
        return 1
    if nonlinearity == "tanh":
        return 5.0 / 3
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        if param is None:
            negative_slope = 0.01
        elif not isinstance(param, bool) and isinstance(param, (int, float)):
            negative_slope = param
        else:
            raise ValueError("negative_slope %s not a valid number" % (param,))
        return math.sqrt(2.0 / (1 + negative_slope ** 2))
    if nonlinearity == "selu":
        return 3.0 / 4
    raise ValueError("Unsupported nonlinearity %s" % (nonlinearity,))


def _calculate_fan_in_and_fan_out(tensor):
    dimensions = tensor.dim()
    if dimensions < 2:
        raise ValueError("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions")
    num_input_fmaps = tensor.size(1)
    num_output_fmaps = tensor.size(0)
    receptive_field_size = 1
    for s in tensor.shape[2:]:
        receptive_field_size *= s
    return num_input_fmaps * receptive_field_size, num_output_fmaps * receptive_field_size


def _calculate_correct_fan(tensor, mode):
    mode = mode.lower()
    valid_modes = ["fan_in", "fan_out"]
    if mode not in valid_modes:
        raise ValueError("Mode %s not supported, please use one of %s" % (mode, ", ".join(valid_modes)))
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    return fan_in if mode == "fan_in" else fan_out


def uniform_(tensor, a=0.0, b=1.0, generator=None):
    """Fill with U(a, b).

    Example::

        >>> _ = pa.manual_seed(0)
        >>> w = nn.init.uniform_(pa.empty(3, 5), -0.1, 0.1)
        >>> bool((w.abs() <= 0.1).all())
        True
    """
    with no_grad():
        return tensor.uniform_(a, b, generator=generator)


def normal_(tensor, mean=0.0, std=1.0, generator=None):
    """Fill with N(mean, std**2).

    Example::

        >>> _ = pa.manual_seed(0)
        >>> nn.init.normal_(pa.empty(3, 5), std=0.02).shape
        torch.Size([3, 5])
    """
    with no_grad():
        return tensor.normal_(mean, std, generator=generator)


def trunc_normal_(tensor, mean=0.0, std=1.0, a=-2.0, b=2.0, generator=None):
    """Fill with N(mean, std**2) truncated to [a, b], by PyTorch's rejection samplers (so the
    same draws for a seed): when [a, b] holds more than 0.3 of the mass, whole-tensor normal
    draws replace the values still outside; otherwise uniform candidates on [a, b] accepted
    where log(u) <= log pdf - log peak, whole-tensor draws again for the pending ones.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> w = nn.init.trunc_normal_(pa.empty(100), std=1.0, a=-0.5, b=0.5)
        >>> bool((w.abs() <= 0.5).all())
        True
    """
    def norm_cdf(x):
        return (1.0 + math.erf(x / math.sqrt(2.0))) / 2.0

    if (mean < a - 2 * std) or (mean > b + 2 * std):
        warnings.warn("mean is more than 2 std from [a, b] in nn.init.trunc_normal_. "
                      "The distribution of values may be incorrect.", stacklevel=2)
    gen = generator or default_generator
    shape, dt = tensor._data.shape, tensor._data.dtype
    t = dt.type
    if norm_cdf((b - mean) / std) - norm_cdf((a - mean) / std) > 0.3:
        lo, hi = t(a), t(b)         # the bounds as the tensor's dtype holds them
        result = gen._normal(shape, dt, mean, std)
        while True:
            outside = (result < lo) | (result > hi)
            if not outside.any():
                break
            result = np.where(outside, gen._normal(shape, dt, mean, std), result)
    else:
        mode = max(a, min(mean, b))
        log_peak = -0.5 * ((mode - mean) / std) ** 2

        def log_pdf(c):             # PyTorch's in-place chain, each step rounded in the dtype
            c = (c - t(mean)) / t(std)
            return c * c * t(-0.5) - t(log_peak)

        def log_u():
            with np.errstate(divide="ignore"):
                return np.log(gen._uniform_range(shape, dt, 0.0, 1.0))

        result = gen._uniform_range(shape, dt, a, b)
        pending = log_u() > log_pdf(result)
        while pending.any():
            candidates = gen._uniform_range(shape, dt, a, b)
            result = np.where(pending, candidates, result)
            pending = np.where(pending, log_u() > log_pdf(candidates), pending)
    with no_grad():
        return tensor.copy_(_wrap(np.asarray(result, dtype=dt)))


def orthogonal_(tensor, gain=1, generator=None):
    """Fill with a (semi) orthogonal matrix (Saxe et al., 2013; trailing dimensions flattened):
    Q of the QR factorisation of PyTorch's normal draws, columns signed by R's diagonal. The QR
    is NumPy's LAPACK, so the values agree with PyTorch's to rounding (about 1e-6 in float32).

    Example::

        >>> _ = pa.manual_seed(0)
        >>> w = nn.init.orthogonal_(pa.empty(3, 3))
        >>> bool(pa.allclose(w @ w.T, pa.eye(3), atol=1e-5))
        True
    """
    if tensor.dim() < 2:
        raise ValueError("Only tensors with 2 or more dimensions are supported")
    if tensor.numel() == 0:
        return tensor
    gen = generator or default_generator
    rows = tensor.shape[0]
    cols = tensor.numel() // rows
    dt = tensor._data.dtype
    flat = gen._normal((rows, cols), dt, 0.0, 1.0)
    if rows < cols:
        flat = flat.T
    q, r = np.linalg.qr(flat)
    q = q * np.sign(np.diagonal(r)).astype(dt)
    if rows < cols:
        q = q.T
    with no_grad():
        tensor.copy_(_wrap(np.ascontiguousarray(q, dtype=dt).reshape(tensor._data.shape)))
        return tensor.mul_(gain)


def sparse_(tensor, sparsity, std=0.01, generator=None):
    """Fill the 2-D tensor with N(0, std**2) values and zero ceil(sparsity * rows) of each
    column (Martens, 2010): the rows zeroed are the first of a randperm per column, drawn, as
    PyTorch does, from the default generator whatever generator the values come from.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> w = nn.init.sparse_(pa.empty(4, 3), sparsity=0.5)
        >>> (w == 0).sum(0)
        tensor([2, 2, 2])
    """
    if tensor.dim() != 2:
        raise ValueError("Only tensors with 2 dimensions are supported")
    rows, cols = tensor.shape
    num_zeros = math.ceil(sparsity * rows)
    gen = generator or default_generator
    values = gen._normal((rows, cols), tensor._data.dtype, 0.0, std)
    for col in range(cols):        # one randperm per column, in order (each consumes the stream)
        values[default_generator._permutation(rows)[:num_zeros], col] = 0
    with no_grad():
        return tensor.copy_(_wrap(values))


def dirac_(tensor, groups=1):
    """Fill the {3, 4, 5}-D tensor with the Dirac delta: each group's first min(out/groups, in)
    channels pass their input channel through the kernel's centre.

    Example::

        >>> w = nn.init.dirac_(pa.empty(2, 2, 3))
        >>> w[0], w[1]
        (tensor([[0., 1., 0.],
                [0., 0., 0.]]), tensor([[0., 0., 0.],
                [0., 1., 0.]]))
    """
    dimensions = tensor.dim()
    if dimensions not in (3, 4, 5):
        raise ValueError("Only tensors with 3, 4, or 5 dimensions are supported")
    sizes = tensor.shape
    if sizes[0] % groups != 0:
        raise ValueError("dim 0 must be divisible by groups")
    per_group = sizes[0] // groups
    min_dim = min(per_group, sizes[1])
    values = np.zeros(tensor._data.shape, dtype=tensor._data.dtype)
    d = np.tile(np.arange(min_dim), groups)
    out_ch = np.repeat(np.arange(groups) * per_group, min_dim) + d
    values[(out_ch, d) + tuple(k // 2 for k in sizes[2:])] = 1
    with no_grad():
        return tensor.copy_(_wrap(values))


_wrap = _make_tensor


def constant_(tensor, val):
    """Fill ``tensor`` with ``val`` in place (under no_grad, so parameters too); returns ``tensor``.

    Args:
        tensor: the tensor filled.
        val: the fill value.

    Example::

        >>> w = pa.empty(2, 3)
        >>> nn.init.constant_(w, 0.3)
        tensor([[0.3000, 0.3000, 0.3000],
                [0.3000, 0.3000, 0.3000]])
    """
    with no_grad():
        return tensor.fill_(val)


def ones_(tensor):
    """Fill ``tensor`` with ones in place (under no_grad, so parameters too); returns ``tensor``.

    Example::

        >>> nn.init.ones_(pa.empty(2, 2))
        tensor([[1., 1.],
                [1., 1.]])
    """
    with no_grad():
        return tensor.fill_(1.0)


def zeros_(tensor):
    """Fill ``tensor`` with zeros in place (under no_grad, so parameters too); returns ``tensor``.

    Example::

        >>> nn.init.zeros_(pa.empty(2, 2))
        tensor([[0., 0.],
                [0., 0.]])
    """
    with no_grad():
        return tensor.zero_()


def eye_(tensor):
    """Fill the 2-D ``tensor`` with the identity matrix in place (ones on the main diagonal, zeros elsewhere, also
    when not square); returns ``tensor``.

    Raises ValueError for a tensor of another rank.

    Example::

        >>> nn.init.eye_(pa.empty(2, 3))
        tensor([[1., 0., 0.],
                [0., 1., 0.]])
    """
    if tensor.dim() != 2:
        raise ValueError("Only tensors with 2 dimensions are supported")
    with no_grad():
        return tensor.copy_(_wrap(np.eye(*tensor.shape, dtype=tensor._data.dtype)))


def xavier_uniform_(tensor, gain=1.0, generator=None):
    """U(-a, a) with a = gain * sqrt(6 / (fan_in + fan_out)) (Glorot & Bengio, 2010).

    Example::

        >>> _ = pa.manual_seed(0)
        >>> w = nn.init.xavier_uniform_(pa.empty(3, 5))
        >>> bool((w.abs() <= (6 / 8) ** 0.5).all())
        True
    """
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    std = gain * math.sqrt(2.0 / float(fan_in + fan_out))
    a = math.sqrt(3.0) * std
    return uniform_(tensor, -a, a, generator)


def xavier_normal_(tensor, gain=1.0, generator=None):
    """N(0, std**2) with std = gain * sqrt(2 / (fan_in + fan_out)).

    Example::

        >>> _ = pa.manual_seed(0)
        >>> nn.init.xavier_normal_(pa.empty(3, 5)).shape
        torch.Size([3, 5])
    """
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    std = gain * math.sqrt(2.0 / float(fan_in + fan_out))
    return normal_(tensor, 0.0, std, generator)


def _zero_element(tensor):
    if 0 in tuple(tensor.shape):
        warnings.warn("Initializing zero-element tensors is a no-op", UserWarning, stacklevel=3)
        return True
    return False


def kaiming_uniform_(tensor, a=0, mode="fan_in", nonlinearity="leaky_relu", generator=None):
    """U(-bound, bound) with bound = gain * sqrt(3 / fan_mode) (He et al., 2015).

    Example::

        >>> _ = pa.manual_seed(0)
        >>> w = nn.init.kaiming_uniform_(pa.empty(3, 6), mode="fan_in", nonlinearity="relu")
        >>> bool((w.abs() <= 1.0).all())
        True
    """
    if _zero_element(tensor):
        return tensor
    fan = _calculate_correct_fan(tensor, mode)
    gain = calculate_gain(nonlinearity, a)
    std = gain / math.sqrt(fan)
    bound = math.sqrt(3.0) * std
    return uniform_(tensor, -bound, bound, generator)


def kaiming_normal_(tensor, a=0, mode="fan_in", nonlinearity="leaky_relu", generator=None):
    """N(0, std**2) with std = gain / sqrt(fan_mode).

    Example::

        >>> _ = pa.manual_seed(0)
        >>> nn.init.kaiming_normal_(pa.empty(3, 5), mode="fan_out").shape
        torch.Size([3, 5])
    """
    if _zero_element(tensor):
        return tensor
    fan = _calculate_correct_fan(tensor, mode)
    gain = calculate_gain(nonlinearity, a)
    std = gain / math.sqrt(fan)
    return normal_(tensor, 0.0, std, generator)


