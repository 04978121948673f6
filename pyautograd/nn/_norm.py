"""Normalisation and regularisation functions of torch.nn.functional: batch_norm, instance_norm,
group_norm, rms_norm, local_response_norm, normalize, the channel-wise and alpha dropouts, bilinear
and embedding_bag.

Each is a composition of differentiable pyautograd ops (so gradients, double backward and forward
mode come from those ops' rules); the running statistics are updated in place on the NumPy data,
outside autograd, as PyTorch's kernels do. Error types and texts are PyTorch's."""
import warnings

import numpy as np

from .. import _ops
from .. import _random
from .._core import _make_tensor, apply_op
from .._ops import Op
from ..ops import batching
from ..ops._registry import ALL_OPS, EXTRA_SPECS
from ..ops._spec import OpSpec
from .._random import draw, default_generator
from ._act import _size_str, _list_str, _is_tensor
from ._conv import pad
from ._pool import avg_pool2d, avg_pool3d

__all__ = ["batch_norm", "instance_norm", "group_norm", "rms_norm", "local_response_norm", "normalize",
           "dropout1d", "dropout2d", "dropout3d", "alpha_dropout", "feature_alpha_dropout", "bilinear",
           "embedding_bag"]


# ------------------------------------------------------------------ batch_norm --
def _plain_reshape(F, t, shape):
    """t (an array, or a tensor without batch dims) reshaped."""
    return np.reshape(t, shape) if F.mode == "array" else t.reshape(shape)


class _NativeNorm(Op):
    """(x - mean) * rsqrt(var + eps) * w + b with w, b per channel (dim 1): the statistics either
    over every dim but 1 (batch norm) or over each sample's `groups` channel groups (group norm),
    biased variance; or, in batch norm's eval mode, the given constant mean and invstd. w and b are
    always tensors (constant ones / zeros standing for None). The rules are written with F. so
    they are differentiable again; dims are negative so leading batch dims of a batched backward
    stay in front. An abstract base (named "Op"): the two ops below are its names."""

    @staticmethod
    def _view(F, t, options, batched=True):
        """t in the statistics' layout and the reduced dims (negative). batched: t may carry the
        leading dims of a batched backward (derived from g), else t is derived from the saved
        inputs alone (whose shapes F.reshape would wrongly prefix with g's batch dims)."""
        shape = options["shape"]
        g = options["groups"]
        if g is None:
            return t, tuple(d - len(shape) for d in (0,) + tuple(range(2, len(shape))))
        if batched:
            return F.reshape(t, (shape[0], g, -1)), (-1,)
        return _plain_reshape(F, t, (shape[0], g, -1)), (-1,)

    @staticmethod
    def _affine_dims(options):
        nd = len(options["shape"])
        return tuple(d - nd for d in (0,) + tuple(range(2, nd)))

    @staticmethod
    def _cshape(options):
        return (options["shape"][1],) + (1,) * (len(options["shape"]) - 2)

    @staticmethod
    def _xhat(F, x, options):
        """x normalised (in x's layout) and invstd (in the statistics' layout)."""
        if options["mean"] is not None:
            inv = F.constant(options["invstd"])
            return (x - F.constant(options["mean"])) * inv, inv
        xv, dims = _NativeNorm._view(F, x, options, False)
        n = options["count"]
        mean = F.sum(xv, dims, True) / n
        xc = xv - mean
        inv = F.rsqrt(F.sum(xc * xc, dims, True) / n + options["eps"])
        return _plain_reshape(F, xc * inv, options["shape"]), inv

    @staticmethod
    def forward(ctx, x, w, b, shape=None, groups=None, count=None, eps=None, mean=None, invstd=None):
        ctx.save_for_backward(x, w, b)
        ctx.opts = {"shape": shape, "groups": groups, "count": count, "eps": eps, "mean": mean, "invstd": invstd}
        xd = x._data
        if mean is not None:
            xhat = (xd - mean) * invstd
        else:
            xv = xd if groups is None else xd.reshape(shape[0], groups, -1)
            dims = (0,) + tuple(range(2, xd.ndim)) if groups is None else (2,)
            mu = xv.mean(dims, keepdims=True)
            xc = xv - mu
            xhat = (xc / np.sqrt((xc * xc).mean(dims, keepdims=True) + eps)).reshape(shape)
        cs = (shape[1],) + (1,) * (len(shape) - 2)
        return (xhat * w._data.reshape(cs) + b._data.reshape(cs)).astype(xd.dtype, copy=False)

    @staticmethod
    def vjp(F, ctx, g):
        x, w, b = F.saved(ctx)
        o = ctx.opts
        need = ctx.needs_input_grad
        xhat, inv = _NativeNorm._xhat(F, x, o)
        cs = _NativeNorm._cshape(o)
        gx = gw = gb = None
        if need[0]:
            gyw = g * _plain_reshape(F, w, cs)
            if o["mean"] is not None:
                gx = gyw * inv
            else:
                n = o["count"]
                gv, dims = _NativeNorm._view(F, gyw, o)
                xv, _ = _NativeNorm._view(F, xhat, o, False)
                gxv = inv * (gv - F.sum(gv, dims, True) / n - xv * (F.sum(gv * xv, dims, True) / n))
                gx = F.reshape(gxv, o["shape"])
        ad = _NativeNorm._affine_dims(o)
        if need[1]:
            gw = F.sum(g * xhat, ad, False)
        if need[2]:
            gb = F.sum(g, ad, False)
        return gx, gw, gb

    @staticmethod
    def jvp(F, ctx, primals, options, result, tx, tw, tb):
        x, w, b = primals
        o = options
        cs = _NativeNorm._cshape(o)
        xhat, inv = _NativeNorm._xhat(F, x, o)
        out = None
        if tx is not None:
            if o["mean"] is not None:
                dx = tx * inv
            else:
                n = o["count"]
                tv, dims = _NativeNorm._view(F, tx, o)
                xv, _ = _NativeNorm._view(F, xhat, o)
                dx = F.reshape(inv * (tv - F.sum(tv, dims, True) / n - xv * (F.sum(tv * xv, dims, True) / n)),
                               o["shape"])
            out = dx * F.reshape(w, cs)
        if tw is not None:
            t = xhat * F.reshape(tw, cs)
            out = t if out is None else out + t
        if tb is not None:
            t = F.expand(F.reshape(tb, cs), o["shape"])
            out = t if out is None else out + t
        return out


class NativeBatchNorm(_NativeNorm):
    name = "NativeBatchNormBackward0"


class NativeGroupNorm(_NativeNorm):
    name = "NativeGroupNormBackward0"


def _affine_inputs(input, weight, bias, c):
    """weight and bias as tensors: constant ones / zeros of input's dtype for None."""
    dt = input._data.dtype
    w = weight if weight is not None else _make_tensor(np.ones(c, dtype=dt))
    b = bias if bias is not None else _make_tensor(np.zeros(c, dtype=dt))
    return w, b


def _update_running(running, batch, momentum, what):
    running._data[...] = (1 - momentum) * running._data + momentum * batch.astype(running._data.dtype)
    running._bump_version(what)


def _check_stat_sizes(input, running_mean, running_var, weight, bias):
    c = input.shape[1] if input.dim() > 1 else 0
    for name, t in (("running_mean", running_mean), ("running_var", running_var), ("weight", weight),
                    ("bias", bias)):
        if t is not None and t.numel() != c:
            raise RuntimeError("%s should contain %d elements not %d" % (name, c, t.numel()))
    return c


def _batch_norm(input, running_mean, running_var, weight, bias, training, momentum, eps):
    """torch.batch_norm (no Python-level checks): normalise over every dim but 1."""
    c = _check_stat_sizes(input, running_mean, running_var, weight, bias)
    shape = tuple(input.shape)
    count = input.numel() // c if c else 0
    xd = input._data
    if training:
        dims = (0,) + tuple(range(2, input.dim()))
        m = float(momentum)
        # the batch statistics read from the values only for running stats (so a vmap without them works)
        if running_mean is not None:
            _update_running(running_mean, xd.mean(dims), m, "batch_norm's running-statistics update")
        if running_var is not None:
            bv = xd.var(dims)
            # the running variance takes the unbiased batch variance (the normalisation the biased one)
            unbiased = bv * (count / (count - 1)) if count > 1 else bv * np.inf
            _update_running(running_var, unbiased, m, "batch_norm's running-statistics update")
        mean = invstd = None
    else:
        for name, t in (("running_mean", running_mean), ("running_var", running_var)):
            if t is None:
                raise RuntimeError("%s must be defined in evaluation mode" % name)
        cs = (c,) + (1,) * (input.dim() - 2)
        mean = running_mean._data.reshape(cs).astype(xd.dtype, copy=False)
        invstd = (1 / np.sqrt(running_var._data.reshape(cs) + eps)).astype(xd.dtype, copy=False)
    w, b = _affine_inputs(input, weight, bias, c)
    return apply_op(NativeBatchNorm, (input, w, b), {"shape": shape, "groups": None, "count": count, "eps": eps,
                                                     "mean": mean, "invstd": invstd})


def _verify_batch_size(size):
    n = size[0]
    for s in size[2:]:
        n *= s
    if n == 1:
        raise ValueError("Expected more than 1 value per channel when training, got input size %s" % (size,))


def _check_batch_norm(input, training, eps):
    if training:
        _verify_batch_size(input.size())
    if training and eps <= 0.0:
        raise ValueError("batch_norm eps must be positive during training, but got %s" % (eps,))
    elif eps < 0.0:
        raise ValueError("batch_norm eps must be non-negative, but got %s" % (eps,))


def batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1, eps=1e-5):
    """Batch normalisation: (x - mean) / sqrt(var + eps) * weight + bias per channel (dim 1).

    The statistics are over every dim but the channel dim. In training, the batch's statistics are
    used (biased variance) and running_mean / running_var, if given, are updated in place with
    momentum (the unbiased variance), as PyTorch; otherwise the running statistics are used.

    Args:
        input: ``(N, C, *)``.
        running_mean, running_var: (C,) tensors, or None (training only).
        weight, bias: optional (C,) affine parameters (default None).
        training: use the batch statistics (default False).
        momentum: the running statistics' update factor (default 0.1).
        eps: added to the variance (default 1e-5).

    Gradient: through the normalisation, including the batch statistics in training.

    Example::

        >>> F.batch_norm(pa.tensor([[1.0], [3.0]]), None, None, training=True)
        tensor([[-1.0000],
                [ 1.0000]])
    """
    _check_batch_norm(input, training, eps)
    return _batch_norm(input, running_mean, running_var, weight, bias, training, momentum, eps)


def instance_norm(input, running_mean=None, running_var=None, weight=None, bias=None, use_input_stats=True,
                  momentum=0.1, eps=1e-5):
    """Instance normalisation: each (sample, channel) slice normalised over its spatial dims.

    As PyTorch, computed as batch_norm of input viewed as ``(1, N * C, *)``, with the running
    statistics (if given) repeated per sample and then averaged back over the samples.

    Args:
        input: ``(N, C, *)``.
        running_mean, running_var: optional (C,) running statistics (default None).
        weight, bias: optional (C,) affine parameters (default None).
        use_input_stats: normalise with each slice's statistics (default True).
        momentum: the running statistics' update factor (default 0.1).
        eps: added to the variance (default 1e-5).

    Gradient: through the normalisation and the slice statistics.

    Example::

        >>> F.instance_norm(pa.tensor([[[1.0, 3.0]]]))
        tensor([[[-1.0000,  1.0000]]])
    """
    if use_input_stats:
        n = 1
        for s in input.shape[2:]:
            n *= s
        if n == 1:
            raise ValueError("Expected more than 1 spatial element when training, got input size %s"
                             % _size_str(input.shape))
    if not use_input_stats and (running_mean is None or running_var is None):
        raise RuntimeError("Expected running_mean and running_var to be defined when use_input_stats is false")
    b, c = input.shape[0], input.shape[1]
    rm = None if running_mean is None else _make_tensor(np.tile(running_mean._data, b))
    rv = None if running_var is None else _make_tensor(np.tile(running_var._data, b))
    w = None if weight is None else weight.repeat(b)
    bb = None if bias is None else bias.repeat(b)
    out = _batch_norm(input.reshape((1, b * c) + tuple(input.shape[2:])), rm, rv, w, bb, use_input_stats,
                      momentum, eps)
    if use_input_stats:
        if running_mean is not None:
            running_mean._data[...] = rm._data.reshape(b, c).mean(0)
            running_mean._bump_version("instance_norm's running-statistics update")
        if running_var is not None:
            running_var._data[...] = rv._data.reshape(b, c).mean(0)
            running_var._bump_version("instance_norm's running-statistics update")
    return out.view(input.shape)


def group_norm(input, num_groups, weight=None, bias=None, eps=1e-5):
    """Group normalisation: each sample's channels normalised in num_groups groups, then a per-channel affine.

    out = (x - mean) / sqrt(var + eps) * weight + bias, the mean and (biased) variance over each
    group's channels and all the spatial dims.

    Args:
        input: ``(N, C, *)``, C divisible by num_groups.
        num_groups: the number of groups.
        weight, bias: optional (C,) affine parameters (default None).
        eps: added to the variance (default 1e-5).

    Gradient: through the normalisation and the group statistics.

    Example::

        >>> F.group_norm(pa.tensor([[1.0, 3.0, 5.0, 7.0]]).reshape(1, 4, 1), 2)
        tensor([[[-1.0000],
                 [ 1.0000],
                 [-1.0000],
                 [ 1.0000]]])
    """
    if input.dim() < 2:
        raise RuntimeError("Expected at least 2 dimensions for input tensor but received %d" % input.dim())
    shape = tuple(input.shape)
    n, c = shape[0], shape[1]
    _verify_batch_size([n * c // num_groups, num_groups] + list(shape[2:]))
    if c % num_groups:
        raise RuntimeError("Expected number of channels in input to be divisible by num_groups, but got input of "
                           "shape %s and num_groups=%d" % (_list_str(shape), num_groups))
    for name, t in (("weight", weight), ("bias", bias)):
        if t is not None and (t.dim() != 1 or t.numel() != c):
            # PyTorch's bias message shows the weight's shape ([0] without weight): kept as it is
            shown = (0,) if weight is None else tuple(weight.shape)
            raise RuntimeError("Expected %s to be a vector of size equal to the number of channels in input, but "
                               "got %s of shape %s and input of shape %s"
                               % (name, name, _list_str(shown), _list_str(shape)))
    w, b = _affine_inputs(input, weight, bias, c)
    count = input.numel() // (n * num_groups) if n * num_groups else 0
    return apply_op(NativeGroupNorm, (input, w, b), {"shape": shape, "groups": num_groups, "count": count,
                                                     "eps": eps, "mean": None, "invstd": None})


def rms_norm(input, normalized_shape, weight=None, eps=None):
    """RMS normalisation: x / sqrt(mean(x**2) + eps) * weight over the trailing normalized_shape dims.

    Args:
        input: ``(*, *normalized_shape)``.
        normalized_shape: an int or the trailing shape to normalise over.
        weight: optional scale of normalized_shape (default None).
        eps: added to the mean square; None (the default) is the machine epsilon of input's dtype.

    Gradient: through the normalisation: (g - y * mean(g * y)) / rms with g = grad * weight, y the
    normalised value.

    Example::

        >>> F.rms_norm(pa.tensor([[1.0, 7.0]]), (2,))
        tensor([[0.2000, 1.4000]])
    """
    if isinstance(normalized_shape, int):
        raise TypeError("rms_norm(): argument 'normalized_shape' (position 2) must be tuple of ints, not int")
    shape = tuple(normalized_shape)
    n = len(shape)
    if input.dim() < n or tuple(input.shape[input.dim() - n:]) != shape:
        raise RuntimeError("Given normalized_shape=%s, expected input with shape [*%s], but got input of size%s"
                           % (_list_str(shape), ", ".join(map(str, shape)), _list_str(input.shape)))
    if weight is not None and tuple(weight.shape) != shape:
        raise RuntimeError("Expected weight to be of same shape as normalized_shape, but got weight of shape %s "
                           "and normalized_shape = %s" % (_list_str(weight.shape), _list_str(shape)))
    if eps is None:
        eps = float(np.finfo(input._data.dtype).eps)
    dims = tuple(range(input.dim() - n, input.dim()))
    out = input * _ops.rsqrt((input * input).mean(dims, keepdim=True) + eps)
    if weight is not None:
        out = out * weight
    return out


def local_response_norm(input, size, alpha=1e-4, beta=0.75, k=1.0):
    """Local response normalisation across channels: x / (k + alpha * m) ** beta.

    m is the mean of x**2 over a window of size neighbouring channels (zero-padded at the channel
    ends), as PyTorch composes it.

    Args:
        input: ``(N, C, *)``, at least 3-d.
        size: the number of channels in the window.
        alpha: the scale (default 1e-4).
        beta: the exponent (default 0.75).
        k: the additive constant (default 1).

    Gradient: through the composite (division, power and windowed average).

    Example::

        >>> F.local_response_norm(pa.ones(1, 3, 1), 2)
        tensor([[[1.0000],
                 [0.9999],
                 [0.9999]]])
    """
    dim = input.dim()
    if dim < 3:
        raise ValueError("Expected 3D or higher dimensionality                          input (got %d dimensions)"
                         % dim)
    if input.numel() == 0:
        return input
    div = input.mul(input)
    if dim == 3:
        div = pad(div.unsqueeze(1), (0, 0, size // 2, (size - 1) // 2))
        div = avg_pool2d(div, (size, 1), stride=1).squeeze(1)
    else:
        sizes = tuple(input.shape)
        div = div.view(sizes[0], 1, sizes[1], sizes[2], -1)
        div = pad(div, (0, 0, 0, 0, size // 2, (size - 1) // 2))
        div = avg_pool3d(div, (size, 1, 1), stride=1).squeeze(1)
        div = div.view(sizes)
    div = div.mul(alpha).add(k).pow(beta)
    return input / div


def normalize(input, p=2.0, dim=1, eps=1e-12, out=None):
    """Divide input by its p-norm along dim, clamped below at eps: x / max(norm(x, p, dim), eps).

    Args:
        input: the tensor.
        p: the norm's exponent (default 2).
        dim: the dim of the vectors (default 1).
        eps: the smallest divisor (default 1e-12).
        out: an optional output tensor (default None).

    Gradient: (grad - x_hat * sum(grad * x_hat)) / norm for p = 2 (x_hat the result) where the norm
    exceeds eps, grad / eps otherwise.

    Example::

        >>> F.normalize(pa.tensor([[3.0, 4.0]]))
        tensor([[0.6000, 0.8000]])
    """
    denom = input.norm(p, dim, keepdim=True).clamp_min(eps).expand_as(input)
    if out is None:
        return input / denom
    return _ops.div(input, denom, out=out)


# -------------------------------------------------------------------- dropout --
def _check_p(p):
    if p < 0.0 or p > 1.0:
        raise ValueError("dropout probability has to be between 0 and 1, but got %s" % (p,))


_SELU_ALPHA = 1.7580993408473766     # PyTorch's alpha' (-SELU's negative saturation, scale * alpha)


def _dropout_impl(input, p, train, inplace, feature, alpha):
    """PyTorch's _dropout_impl: noise of input's shape, or (N, C, 1, ...) for the feature variants,
    bernoulli_(1 - p) from the generator; then input * noise / (1 - p), or for alpha dropout
    input * a * noise + b, the dropped units moved to the SELU saturation and rescaled."""
    if p == 0 or not train or input.numel() == 0:
        return input
    dt = input._data.dtype
    if dt.kind == "c":
        raise NotImplementedError("\"bernoulli_scalar_cpu_\" not implemented for '%s'" % _random._type_name(dt))
    if dt.kind != "f":
        raise RuntimeError("result type Float can't be cast to the desired output type %s" % _random._type_name(dt))
    if p == 1:
        z = _make_tensor(np.zeros((), dtype=dt))
        return input.mul_(z) if inplace else input * z
    if feature:
        if input.dim() < 2:
            raise RuntimeError("Feature dropout requires at least 2 dimensions in the input")
        shape = tuple(input.shape[:2]) + (1,) * (input.dim() - 2)
    else:
        shape = tuple(input.shape)
    keep = 1.0 - p

    def make(s):
        kept = default_generator._bernoulli(int(np.prod(s)), keep).reshape(s).astype(dt)
        if alpha:
            return _make_tensor(kept)
        if dt.itemsize < 4:     # half types: PyTorch's division by a scalar multiplies by the float reciprocal
            return _make_tensor((kept.astype(np.float32) * (np.float32(1) / np.float32(keep))).astype(dt))
        return _make_tensor(kept / dt.type(keep))

    noise = draw(make, shape)
    if not alpha:
        return input.mul_(noise) if inplace else input * noise
    a = 1.0 / np.sqrt((_SELU_ALPHA * _SELU_ALPHA * p + 1) * (1 - p))
    nd = noise._data
    b = _make_tensor(((nd - 1) * dt.type(_SELU_ALPHA * a) + dt.type(_SELU_ALPHA * a * p)).astype(dt))
    scale = _make_tensor((nd * dt.type(a)).astype(dt))
    return input.mul_(scale).add_(b) if inplace else input * scale + b


def dropout1d(input, p=0.5, training=True, inplace=False):
    """Channel dropout: zero whole channels with probability p, the rest scaled by 1 / (1 - p).

    The input is (N, C, L) or (C, L); one draw per (sample, channel). Identity when not training.

    Args:
        input: (N, C, L) or (C, L).
        p: the drop probability (default 0.5).
        training: apply the dropout (default True).
        inplace: multiply input in place (default False).

    Gradient: grad times the same channel mask (0 or 1 / (1 - p)).

    Example::

        >>> _ = pa.manual_seed(0)
        >>> F.dropout1d(pa.ones(1, 4, 2), 0.5)
        tensor([[[0., 0.],
                 [0., 0.],
                 [2., 2.],
                 [0., 0.]]])
    """
    _check_p(p)
    d = input.dim()
    if d not in (2, 3):
        raise RuntimeError("dropout1d: Expected 2D or 3D input, but received a %dD input. Note that dropout1d exists "
                           "to provide channel-wise dropout on inputs with 1 spatial dimension, a channel dimension, "
                           "and an optional batch dimension (i.e. 2D or 3D inputs)." % d)
    if d == 3:
        return _dropout_impl(input, p, training, inplace, True, False)
    if inplace:         # the noise applied through a batched view of input, which is returned (as PyTorch)
        _dropout_impl(input.unsqueeze(0), p, training, True, True, False)
        return input
    return _dropout_impl(input.unsqueeze(0), p, training, False, True, False).squeeze(0)


def dropout2d(input, p=0.5, training=True, inplace=False):
    """Channel dropout: zero whole channels with probability p, the rest scaled by 1 / (1 - p).

    The input is (N, C, H, W) or (C, H, W); one draw per (sample, channel) (3-d input is taken as (N, C, L), with
    PyTorch's warning). Identity when not training.

    Args:
        input: (N, C, H, W) or (C, H, W).
        p: the drop probability (default 0.5).
        training: apply the dropout (default True).
        inplace: multiply input in place (default False).

    Gradient: grad times the same channel mask (0 or 1 / (1 - p)).

    Example::

        >>> F.dropout2d(pa.ones(1, 4, 2, 2), 0.5).shape
        torch.Size([1, 4, 2, 2])
    """
    _check_p(p)
    d = input.dim()
    if d not in (3, 4):
        warnings.warn("dropout2d: Received a %d-D input to dropout2d, which is deprecated and will result in an "
                      "error in a future release. To retain the behavior and silence this warning, please use "
                      "dropout instead. Note that dropout2d exists to provide channel-wise dropout on inputs with 2 "
                      "spatial dimensions, a channel dimension, and an optional batch dimension (i.e. 3D or 4D "
                      "inputs)." % d, stacklevel=2)
    if d == 3:
        warnings.warn("dropout2d: Received a 3D input to dropout2d and assuming that channel-wise 1D dropout behavior "
                      "is desired - input is interpreted as shape (N, C, L), where C is the channel dim. This "
                      "behavior will change in a future release to interpret the input as one without a batch "
                      "dimension, i.e. shape (C, H, W). To maintain the 1D channel-wise dropout behavior, please "
                      "switch to using dropout1d instead.", stacklevel=2)
    return _dropout_impl(input, p, training, inplace, True, False)


def dropout3d(input, p=0.5, training=True, inplace=False):
    """Channel dropout: zero whole channels with probability p, the rest scaled by 1 / (1 - p).

    The input is (N, C, D, H, W) or (C, D, H, W); one draw per (sample, channel). Identity when not training.

    Args:
        input: (N, C, D, H, W) or (C, D, H, W).
        p: the drop probability (default 0.5).
        training: apply the dropout (default True).
        inplace: multiply input in place (default False).

    Gradient: grad times the same channel mask (0 or 1 / (1 - p)).

    Example::

        >>> F.dropout3d(pa.ones(1, 4, 2, 2, 2), 0.5).shape
        torch.Size([1, 4, 2, 2, 2])
    """
    _check_p(p)
    d = input.dim()
    if d not in (4, 5):
        warnings.warn("dropout3d: Received a %d-D input to dropout3d, which is deprecated and will result in an "
                      "error in a future release. To retain the behavior and silence this warning, please use "
                      "dropout instead. Note that dropout3d exists to provide channel-wise dropout on inputs with 3 "
                      "spatial dimensions, a channel dimension, and an optional batch dimension (i.e. 4D or 5D "
                      "inputs)." % d, stacklevel=2)
    if d == 5:
        return _dropout_impl(input, p, training, inplace, True, False)
    if inplace:         # the noise applied through a batched view of input, which is returned (as PyTorch)
        _dropout_impl(input.unsqueeze(0), p, training, True, True, False)
        return input
    return _dropout_impl(input.unsqueeze(0), p, training, False, True, False).squeeze(0)


def alpha_dropout(input, p=0.5, training=False, inplace=False):
    """Dropout for SELU networks, keeping mean 0 and variance 1.

    Dropped units are set to SELU's negative saturation, then an affine map restores the statistics.

    With s = 1.7580993408473766 (minus SELU's negative saturation) and
    a = 1 / sqrt((1 - p) * (1 + p * s * s)), the result is a * (x * keep - s * (1 - keep)) + a * s * p,
    keep the 0/1 mask. Identity when not training (the default).

    Args:
        input: a floating tensor.
        p: the drop probability (default 0.5).
        training: apply the dropout (default False).
        inplace: write the result into input (default False).

    Gradient: grad * a * keep.

    Example::

        >>> F.alpha_dropout(pa.ones(2, 3), 0.5, training=True).shape
        torch.Size([2, 3])
    """
    _check_p(p)
    return _dropout_impl(input, p, training, inplace, False, True)


def feature_alpha_dropout(input, p=0.5, training=False, inplace=False):
    """alpha_dropout of whole channels: one keep-or-drop draw per (sample, channel) of input.

    Args:
        input: ``(N, C, *)`` or ``(C, *)``.
        p: the drop probability (default 0.5).
        training: apply the dropout (default False).
        inplace: write the result into input (default False).

    Gradient: grad * a * keep, the mask broadcast over each channel.

    Example::

        >>> F.feature_alpha_dropout(pa.ones(1, 4, 2), 0.5, training=True).shape
        torch.Size([1, 4, 2])
    """
    _check_p(p)
    return _dropout_impl(input, p, training, inplace, True, True)


# ------------------------------------------------------------------- bilinear --
def bilinear(input1, input2, weight, bias=None):
    """Bilinear map: out[..., o] = input1 @ weight[o] @ input2 + bias[o].

    That is, the sum over i, j of input1[..., i] * weight[o, i, j] * input2[..., j], plus bias[o].

    Args:
        input1: ``(*, in1)``.
        input2: ``(*, in2)``, the same leading dims.
        weight: (out, in1, in2).
        bias: optional (out,) (default None).

    Gradient: to input1, sum over o, j of grad[..., o] * weight[o, i, j] * input2[..., j]; symmetrically
    to input2; to weight, the outer products of grad, input1 and input2 summed over the leading dims.

    Example::

        >>> F.bilinear(pa.tensor([[1.0, 2.0]]), pa.tensor([[3.0]]), pa.ones(1, 2, 1))
        tensor([[9.]])
    """
    if input1.dim() != input2.dim():
        raise RuntimeError("bilinear(): input dimensions do not match: got %d and %d" % (input1.dim(), input2.dim()))
    for i in range(input1.dim() - 1):
        if input1.shape[i] != input2.shape[i]:
            raise RuntimeError("bilinear(): input batch dimensions do not match at dim %d: got %d and %d"
                               % (i, input1.shape[i], input2.shape[i]))
    if input1.shape[-1] != weight.shape[1]:
        raise RuntimeError("bilinear(): input1 size does not match weight size: got %d but expected %d"
                           % (input1.shape[-1], weight.shape[1]))
    if input2.shape[-1] != weight.shape[2]:
        raise RuntimeError("bilinear(): input2 size does not match weight size: got %d but expected %d"
                           % (input2.shape[-1], weight.shape[2]))
    if bias is not None and bias.shape[0] != weight.shape[0]:
        raise RuntimeError("bilinear(): bias size does not match weight size: got %d but expected %d"
                           % (bias.shape[0], weight.shape[0]))
    out = _ops.einsum("...i,oij,...j->...o", input1, weight, input2)
    if bias is not None:
        out = out + bias
    return out


# -------------------------------------------------------------- embedding_bag --
def _embedding_renorm_(weight, indices, max_norm, norm_type):
    """PyTorch's embedding_renorm_: each looked-up row whose norm_type-norm exceeds max_norm is scaled
    in place (outside autograd) to max_norm / (norm + 1e-7) of itself."""
    w = weight._data
    rows = np.unique(np.asarray(indices).reshape(-1))
    if rows.size == 0:
        return weight
    r = w[rows]
    p = float(norm_type)
    a = np.abs(r)
    if p == np.inf:
        norms = a.max(-1)
    elif p == 0:
        norms = (a != 0).sum(-1).astype(w.dtype)
    else:
        norms = (a ** p).sum(-1) ** (1.0 / p)
    big = norms > max_norm
    if big.any():
        # PyTorch takes the norm as a double, and the scale as a scalar in weight's dtype
        scale = (max_norm / (norms[big].astype(np.float64) + 1e-7)).astype(w.dtype)
        w[rows[big]] = r[big] * scale[:, None]
        weight._bump_version("embedding_renorm_")
    return weight


class EmbeddingBag(Op):
    """Bags of weight's rows: out = M @ (weight[idx] * psw) in sum / mean mode (M[b, i] 1, or
    1 / |bag b|, where index i is in bag b), or per bag and column the row at the first maximum (pos),
    0 for an empty bag, in max mode. Inputs: weight, and per_sample_weights when given. Rules with F.
    (g may carry a batched backward's leading dims; the saved inputs do not)."""
    name = "EmbeddingBagBackward0"

    @staticmethod
    def _max_positions(rows, bag, nb):
        """Per bag and column the position of the largest row value (the first of ties), and a
        (nb, 1) mask zero for the empty bags."""
        pos = np.zeros((nb, rows.shape[1]), dtype=np.int64)
        keep = np.ones((nb, 1), dtype=rows.dtype)
        for b in range(nb):
            members = np.nonzero(bag == b)[0]
            if members.size == 0:
                keep[b] = 0
                continue
            pos[b] = members[np.argmax(rows[members], axis=0)]
        return pos, keep

    @staticmethod
    def forward(ctx, weight, *psw, idx=None, m=None, bag=None, nb=None):
        ctx.save_for_backward(weight, *psw)
        rows = weight._data[idx]
        pos = keep = None
        if m is None:           # max mode: found here, so a vmap runs it on each sample's weight
            pos, keep = EmbeddingBag._max_positions(rows, bag, nb)
        ctx.opts = {"idx": idx, "m": m, "pos": pos, "keep": keep}
        if psw:
            rows = rows * psw[0]._data[:, None]
        if m is not None:
            return np.matmul(m, rows)
        return np.take_along_axis(rows, pos, 0) * keep

    @staticmethod
    def vjp(F, ctx, g):
        saved = F.saved(ctx)
        weight, psw = saved[0], (saved[1] if len(saved) > 1 else None)
        o = ctx.opts
        idx = o["idx"]
        shape = tuple(F.shape(weight))
        if o["m"] is not None:
            gr = F.matmul(F.constant(o["m"].T), g)                       # each index's row gradient
        else:
            gr = F.scatter_add_along(g * F.constant(o["keep"]), o["pos"], 0, (idx.size, shape[1]))
        gw = gp = None
        if ctx.needs_input_grad[0]:
            gw = F.embedding_dense_backward(gr if psw is None else gr * _plain_reshape(F, psw, (-1, 1)), idx,
                                            None, shape)
        if psw is not None and ctx.needs_input_grad[1]:
            gp = F.sum(gr * F.embedding(weight, idx), -1, False)
        return (gw,) if psw is None else (gw, gp)

    @staticmethod
    def jvp(F, ctx, primals, options, result, tw, *tp):
        weight = primals[0]
        psw = primals[1] if len(primals) > 1 else None
        tp = tp[0] if tp else None
        idx, m = options["idx"], options["m"]
        parts = []
        if tw is not None:
            rt = F.embedding(tw, idx)
            parts.append(rt if psw is None else rt * _plain_reshape(F, psw, (-1, 1)))
        if tp is not None:
            parts.append(F.embedding(weight, idx) * _plain_reshape(F, tp, (-1, 1)))
        if not parts:
            return None
        rows = parts[0] if len(parts) == 1 else parts[0] + parts[1]
        if m is not None:
            return F.matmul(F.constant(m), rows)
        pos, keep = EmbeddingBag._max_positions(np.asarray(F.data(weight))[idx], options["bag"], options["nb"])
        return F.gather_along(rows, 0, pos) * F.constant(keep)


def _index_array(t, what):
    a = t._data if _is_tensor(t) else np.asarray(t)
    if a.dtype.kind not in "iu":
        raise RuntimeError("Expected tensor for argument #1 '%s' to have one of the following scalar types: Long, "
                           "Int; but got torch.%s instead (while checking arguments for embedding_bag)"
                           % (what, t.dtype._tensor_type))
    return a.astype(np.int64, copy=False)


def embedding_bag(input, weight, offsets=None, max_norm=None, norm_type=2, scale_grad_by_freq=False, mode="mean",
                  sparse=False, per_sample_weights=None, include_last_offset=False, padding_idx=None):
    """Sums, means or maxima of bags of weight's rows.

    input is 2-D (each row one bag) or 1-D with offsets (the start of each bag). Rows at padding_idx
    are left out of every bag; an empty bag gives zeros. per_sample_weights (mode "sum" only) scales
    each looked-up row.

    Args:
        input: integer indices, (B, L) or (L,).
        weight: (num_embeddings, D).
        offsets: the bag starts for 1-D input (default None).
        max_norm: renormalise the used rows to at most this norm (default None).
        norm_type: the p of that norm (default 2).
        scale_grad_by_freq: as embedding (default False).
        mode: "sum", "mean" (default) or "max".
        sparse: as embedding (default False).
        per_sample_weights: optional weights of input's shape (default None).
        include_last_offset: offsets has one more entry, the end of the last bag (default False).
        padding_idx: an index left out of the bags (default None).

    Gradient: each bag's grad (divided by the bag size for "mean", at the maximum for "max") added
    to the rows it used.

    Example::

        >>> w = pa.tensor([[0.0, 1.0], [2.0, 3.0], [4.0, 5.0]])
        >>> F.embedding_bag(pa.tensor([0, 1, 2, 1]), w, pa.tensor([0, 2]))
        tensor([[1., 2.],
                [3., 4.]])
    """
    if per_sample_weights is not None and tuple(input.shape) != tuple(per_sample_weights.shape):
        raise ValueError("embedding_bag: If per_sample_weights (%s) is not None, then it must have the same shape as "
                         "the input (%s)" % (_size_str(per_sample_weights.shape), _size_str(input.shape)))
    if weight.dim() != 2:
        raise ValueError("weight has to be a 2D Tensor, but got Tensor of dimension %d" % weight.dim())
    psw = per_sample_weights
    if input.dim() == 2:
        if offsets is not None:
            raise ValueError("if input is 2D, then offsets has to be None, as input is treated is a mini-batch of "
                             "fixed length sequences. However, found offsets of type %s" % (type(offsets),))
        idx = _index_array(input, "indices")
        starts = np.arange(0, idx.size, idx.shape[1], dtype=np.int64) if idx.shape[1] else \
            np.zeros(idx.shape[0], dtype=np.int64)
        include_last_offset = False
        idx = idx.reshape(-1)
        if psw is not None:
            psw = psw.reshape(-1)
    elif input.dim() == 1:
        if offsets is None:
            raise ValueError("offsets has to be a 1D Tensor but got None")
        if offsets.dim() != 1:
            raise ValueError("offsets has to be a 1D Tensor")
        idx = _index_array(input, "indices")
        starts = _index_array(offsets, "offsets")
        off_type = "LongTensor" if (offsets._data if _is_tensor(offsets) else np.asarray(offsets)).dtype == np.int64 \
            else "IntTensor"
    else:
        raise ValueError("input has to be 1D or 2D Tensor, but got Tensor of dimension %d" % input.dim())
    if mode == "max":
        if scale_grad_by_freq:
            raise ValueError("max mode does not support scaling the gradient by the frequency")
        if sparse:
            raise ValueError("max mode does not support sparse weights")
    elif mode not in ("sum", "mean"):
        raise ValueError("mode has to be one of sum, mean or max")
    if scale_grad_by_freq or sparse:
        raise ValueError("embedding_bag: scale_grad_by_freq and sparse are not supported by pyautograd")
    if max_norm is not None:
        _embedding_renorm_(weight, idx, max_norm, norm_type)
    if psw is not None and mode != "sum":
        raise NotImplementedError("embedding_bag: per_sample_weights was not None. per_sample_weights is only "
                                  "supported for mode='sum' (got mode='%s'). Please open a feature request on GitHub."
                                  % mode)
    n = weight.shape[0]
    if idx.size and (idx.min() < 0 or idx.max() >= n):
        bad = idx[(idx < 0) | (idx >= n)][0]
        raise RuntimeError("embedding_bag: Expected idx >= 0 && idx < num_embeddings but found idx to be %d" % bad)
    if starts.size and starts[0] != 0:
        # PyTorch prints offsets[0] as a 0-d tensor
        raise RuntimeError("offsets[0] has to be 0, i.e., the first sequence in the mini-batch has to start from "
                           "position 0. However, got %d\n[ torch.%s{} ]"
                           % (starts[0], off_type))
    if starts.size and starts[-1] > idx.size:
        raise RuntimeError("offsets[-1] can not be greater than input's length %d but got offsets[-1] of %d"
                           % (idx.size, starts[-1]))
    if padding_idx is not None:
        if not -n <= padding_idx < n:
            raise RuntimeError("padding_idx must be within the number of embeddings, -%d through %d, but got %d"
                               % (n, n - 1, padding_idx))
        if padding_idx < 0:
            padding_idx += n
    if include_last_offset and starts.size:
        # the last offset closes no bag: PyTorch's CPU kernel runs the last bag to the input's end
        starts = starts[:-1]
    bounds = np.append(starts[1:], idx.size)
    nb = starts.size
    bag = np.full(idx.size, -1, dtype=np.int64)       # each index's bag (-1: in none, or padding)
    for b in range(nb):
        bag[starts[b]:bounds[b]] = b
    if padding_idx is not None:
        bag[idx == padding_idx] = -1
    dt = weight._data.dtype
    opts = {"idx": idx, "m": None, "bag": bag, "nb": nb}
    if mode in ("sum", "mean") or idx.size == 0:
        # M[b, i] = 1 (sum) or 1 / |bag b| (mean) where index i falls in bag b (no index: zeros in max mode too)
        m = np.zeros((nb, idx.size), dtype=dt)
        inbag = bag >= 0
        m[bag[inbag], np.nonzero(inbag)[0]] = 1
        if mode == "mean":
            m = m / np.maximum(m.sum(1, keepdims=True), 1)
        opts["m"] = m
    return apply_op(EmbeddingBag, (weight,) if psw is None else (weight, psw), opts)


# the specs that run the kernels in the generated op tests (values, gradients, second derivatives,
# forward mode, vmap against torch)
EXTRA_SPECS.extend([
    OpSpec("native_batch_norm", lambda T, x, w, b: T.nn.functional.batch_norm(x, None, None, w, b, training=True),
           [(3, 2, 4), (2,), (2,)]),
    OpSpec("native_batch_norm_eval", lambda T, x, w, b: T.nn.functional.batch_norm(
        x, T.full((2,), 0.25, dtype=x.dtype), T.full((2,), 1.5, dtype=x.dtype), w, b), [(3, 2, 4), (2,), (2,)]),
    OpSpec("native_group_norm", lambda T, x, w, b: T.nn.functional.group_norm(x, 2, w, b), [(2, 4, 3), (4,), (4,)]),
    # torch has no double backward for embedding_bag
    OpSpec("embedding_bag_sum", lambda T, w, p: T.nn.functional.embedding_bag(
        T.tensor([1, 0, 3, 3, 2]), w, T.tensor([0, 2, 2]), mode="sum", per_sample_weights=p), [(4, 3), (5,)],
        second=False),
    OpSpec("embedding_bag_max", lambda T, w: T.nn.functional.embedding_bag(
        T.tensor([[1, 0, 3], [3, 2, 2]]), w, mode="max"), [(4, 3)], second=False),
])


def _declare_batching():
    """The norm kernels run per sample under vmap."""
    batching.declare({op: batching.loop for op in ALL_OPS if op.__module__ == __name__})


_declare_batching()
