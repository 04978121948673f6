"""torch.nn.functional's activations (gelu .. softshrink) and the losses of issue 13 (kl_div ..
ctc_loss), with PyTorch's keyword names, defaults, errors and grad_fn names.

Where PyTorch records a node of its own (GeluBackward0, HardswishBackward0, EluBackward0,
SoftMarginLossBackward0, ...) the function applies an op declared here, whose vjp is written on
the rule namespace F (so it is differentiable again) and whose jvp comes from it; where PyTorch's
function is itself a composite (softsign, tanhshrink, kl_div, cosine_embedding_loss, ...) it is
built from pyautograd ops the same way, so the node names match.

This module sits below nn.functional (which re-exports it), so the few reduction helpers the
losses share with functional.py are repeated here rather than imported upward.
"""
import builtins
import math
import warnings

import numpy as np

from .. import _ops
from .. import _random
from .._core import apply_op, apply_inplace, _make_tensor
from .._creation import zeros_like
from .._ops import Op, _const, _binary_operands, all_values
from ..ops import batching
from ..ops._registry import ALL_OPS, EXTRA_SPECS, vjp_jvp, by_options
from ..ops._spec import OpSpec
from ..ops.special import _kernel
from ..autograd.function import Function

__all__ = ["gelu", "silu", "leaky_relu", "leaky_relu_", "mish", "hardswish", "hardsigmoid", "hardtanh", "hardtanh_",
           "relu6", "elu", "elu_", "selu", "selu_", "celu", "celu_", "glu", "prelu", "rrelu", "rrelu_", "softsign",
           "tanhshrink", "threshold", "threshold_", "softmin", "hardshrink", "softshrink",
           "kl_div", "soft_margin_loss", "multilabel_soft_margin_loss", "multilabel_margin_loss", "multi_margin_loss",
           "cosine_embedding_loss", "margin_ranking_loss", "triplet_margin_loss", "triplet_margin_with_distance_loss",
           "hinge_embedding_loss", "poisson_nll_loss", "gaussian_nll_loss", "pairwise_distance", "cosine_similarity",
           "ctc_loss"]

_erf_np = _kernel("erf")
_SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)
_INV_SQRT_2 = 1.0 / math.sqrt(2.0)
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)
_GELU_TANH_C = 0.044715
# SELU's constants (Klambauer et al.), as PyTorch writes them
_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


def _is_tensor(x):
    return isinstance(x, _ops._Tensor)


def _scalar_name(t):
    return t.dtype._tensor_type.replace("Tensor", "")


def _floating(input, kernel):
    """PyTorch's dispatch error for a kernel without an integer version (NotImplementedError)."""
    if input._data.dtype.kind not in "f":
        raise NotImplementedError("\"%s\" not implemented for '%s'" % (kernel, _scalar_name(input)))
    return input


def _elementwise(name_, cls_name, fwd, vjp):
    """An elementwise op of one input: fwd(ndarray, param) -> ndarray; vjp(F, x, param, g) -> the
    input's gradient, written on the rule namespace F."""

    class _Act(Op):
        name = name_

        @staticmethod
        def forward(ctx, x, param=None):
            ctx.save_for_backward(x)
            ctx.param = param
            with np.errstate(over="ignore", invalid="ignore"):
                return np.asarray(fwd(x._data, param)).astype(x._data.dtype, copy=False)

        @staticmethod
        def vjp(F, ctx, g):
            x, = F.saved(ctx)
            return vjp(F, x, ctx.param, g)

        jvp = staticmethod(vjp_jvp("elementwise"))

    _Act.__name__ = _Act.__qualname__ = cls_name
    return _Act


def _inplace_of(op, name_):
    """The op of an in-place variant PyTorch names differently (ThresholdBackward1: its rule reads
    the result there); the same rule here, since the forward of apply_inplace keeps the old value."""
    cls = type(op.__name__ + "Inplace", (op,), {"name": name_})
    cls.__qualname__ = cls.__name__
    return cls


def _apply(op, input, param, inplace, inplace_op=None):
    kw = None if param is None else {"param": param}
    if inplace:
        return apply_inplace(inplace_op or op, input, (), kw)
    return apply_op(op, (input,), kw)


# ---- gelu ---------------------------------------------------------------------------------
def _gelu_np(a, approximate):
    if approximate == "tanh":
        inner = _SQRT_2_OVER_PI * (a + _GELU_TANH_C * a * a * a)
        return 0.5 * a * (1.0 + np.tanh(inner))
    return 0.5 * a * (1.0 + _erf_np(a * _INV_SQRT_2))


def _gelu_vjp(F, x, approximate, g):
    if approximate == "tanh":
        t = F.tanh(_SQRT_2_OVER_PI * (x + _GELU_TANH_C * (x * x * x)))
        d_inner = _SQRT_2_OVER_PI * (1.0 + (3.0 * _GELU_TANH_C) * (x * x))
        return g * (0.5 * (1.0 + t) + (0.5 * x) * (1.0 - t * t) * d_inner)
    cdf = 0.5 * (1.0 + F.erf(x * _INV_SQRT_2))
    pdf = _INV_SQRT_2PI * F.exp(-0.5 * (x * x))
    return g * (cdf + x * pdf)


Gelu = _elementwise("GeluBackward0", "Gelu", _gelu_np, _gelu_vjp)


def gelu(input, approximate="none"):
    """Gaussian error linear unit: x * Phi(x) elementwise, Phi the standard normal CDF.

    With approximate="tanh": 0.5 * x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x**3))). Floating input only.

    Args:
        input: a floating tensor.
        approximate: "none" (default, the exact erf form) or "tanh".

    Gradient: grad * (Phi(x) + x * phi(x)), phi the normal density (the derivative of the tanh form for
    approximate="tanh").

    Example::

        >>> x = pa.tensor([-2.0, -0.5, 0.0, 1.0, 2.0])
        >>> F.gelu(x)
        tensor([-0.0455, -0.1543,  0.0000,  0.8413,  1.9545])
    """
    if approximate not in ("none", "tanh"):
        raise RuntimeError("approximate argument must be either none or tanh.")
    return apply_op(Gelu, (_floating(input, "GeluKernelImpl"),), {"param": approximate})


# ---- silu, mish ---------------------------------------------------------------------------
def _sigmoid_np(a):
    e = np.exp(-np.abs(a))
    return np.where(a >= 0, 1 / (1 + e), e / (1 + e))


def _softplus_np(a):
    return np.logaddexp(0.0, a)


def _softplus_f(F, x):
    """log1p(exp(x)) on F without overflow (x itself above 20, where they agree in float64)."""
    big = x > 20.0
    return F.where(big, x, F.log1p(F.exp(F.where(big, 0.0, x))))


Silu = _elementwise("SiluBackward0", "Silu", lambda a, p: a * _sigmoid_np(a),
                    lambda F, x, p, g: g * (F.sigmoid(x) * (1 + x * (1 - F.sigmoid(x)))))


def silu(input, inplace=False):
    """Sigmoid linear unit (swish): x * sigmoid(x) elementwise.

    Floating input only.

    Args:
        input: a floating tensor.
        inplace: if True, overwrite input with the result and return it (default False).

    Gradient: grad * s * (1 + x * (1 - s)), s = sigmoid(x).

    Example::

        >>> x = pa.tensor([-2.0, -0.5, 0.0, 1.0, 2.0])
        >>> F.silu(x)
        tensor([-0.2384, -0.1888,  0.0000,  0.7311,  1.7616])
    """
    return _apply(Silu, _floating(input, "silu_cpu"), None, inplace)


def _mish_vjp(F, x, p, g):
    t = F.tanh(_softplus_f(F, x))
    return g * (t + x * F.sigmoid(x) * (1.0 - t * t))


Mish = _elementwise("MishBackward0", "Mish", lambda a, p: a * np.tanh(_softplus_np(a)), _mish_vjp)


def mish(input, inplace=False):
    """Mish: x * tanh(softplus(x)) elementwise.

    Floating input only.

    Args:
        input: a floating tensor.
        inplace: if True, overwrite input with the result and return it (default False).

    Gradient: grad * (t + x * sigmoid(x) * (1 - t**2)), t = tanh(softplus(x)).

    Example::

        >>> x = pa.tensor([-2.0, -0.5, 0.0, 1.0, 2.0])
        >>> F.mish(x)
        tensor([-0.2525, -0.2207,  0.0000,  0.8651,  1.9440])
    """
    return _apply(Mish, _floating(input, "mish_cpu"), None, inplace)


# ---- the hard ones: piecewise linear (the kinks take PyTorch's side) ------------------------
def _hardswish_vjp(F, x, p, g):
    # PyTorch: 0 up to -3, x/3 + 1/2 inside (-3, 3), 1 from 3 on
    return F.where(x <= -3.0, 0.0, F.where(x < 3.0, g * (x / 3.0 + 0.5), g))


Hardswish = _elementwise("HardswishBackward0", "Hardswish",
                         lambda a, p: a * np.clip(a + 3.0, 0.0, 6.0) / 6.0, _hardswish_vjp)
# the open interval (-3, 3): 1/6, else 0 (PyTorch's 1/6 is a float32 constant in every dtype)
_ONE_SIXTH_F32 = float(np.float32(1.0 / 6.0))
Hardsigmoid = _elementwise("HardsigmoidBackward0", "Hardsigmoid",
                           lambda a, p: np.clip(a + 3.0, 0.0, 6.0) / 6.0,
                           lambda F, x, p, g: F.where((x > -3.0) & (x < 3.0), g * _ONE_SIXTH_F32, 0.0))


def hardswish(input, inplace=False):
    """Hard swish: x * relu6(x + 3) / 6 elementwise (0 below -3, x above 3).

    Floating input only.

    Args:
        input: a floating tensor.
        inplace: if True, overwrite input with the result and return it (default False).

    Gradient: 0 for x <= -3, grad * (x / 3 + 1/2) inside (-3, 3), grad for x >= 3.

    Example::

        >>> x = pa.tensor([-2.0, -0.5, 0.0, 1.0, 2.0])
        >>> F.hardswish(x)
        tensor([-0.3333, -0.2083,  0.0000,  0.6667,  1.6667])
    """
    return _apply(Hardswish, _floating(input, "hardswish_cpu"), None, inplace)


def hardsigmoid(input, inplace=False):
    """Hard sigmoid: relu6(x + 3) / 6 elementwise (0 below -3, 1 above 3).

    Floating input only.

    Args:
        input: a floating tensor.
        inplace: if True, overwrite input with the result and return it (default False).

    Gradient: grad / 6 inside the open interval (-3, 3), else 0.

    Example::

        >>> x = pa.tensor([-2.0, -0.5, 0.0, 1.0, 2.0])
        >>> F.hardsigmoid(x)
        tensor([0.1667, 0.4167, 0.5000, 0.6667, 0.8333])
    """
    return _apply(Hardsigmoid, _floating(input, "hardsigmoid_cpu"), None, inplace)


# hardtanh: the gradient is 0 at and beyond the bounds (PyTorch: x <= min or x >= max)
Hardtanh = _elementwise("HardtanhBackward0", "Hardtanh", lambda a, p: np.clip(a, p[0], p[1]),
                        lambda F, x, p, g: F.where((x > p[0]) & (x < p[1]), g, 0.0))


def hardtanh(input, min_val=-1.0, max_val=1.0, inplace=False):
    """Hard tanh: x clamped to [min_val, max_val] elementwise.

    Integer input is clamped in its own dtype (no gradient).

    Args:
        input: the tensor.
        min_val: the lower bound (default -1).
        max_val: the upper bound (default 1).
        inplace: if True, overwrite input with the result and return it (default False).

    Gradient: grad strictly inside (min_val, max_val), 0 at and beyond the bounds.

    Example::

        >>> x = pa.tensor([-2.0, -0.5, 0.0, 1.0, 2.0])
        >>> F.hardtanh(x)
        tensor([-1.0000, -0.5000,  0.0000,  1.0000,  1.0000])
    """
    if min_val > max_val:
        raise ValueError("min_val cannot be greater than max_val")
    if input._data.dtype.kind not in "fc":        # integers: a clamp in the input's dtype (no gradient)
        out = _ops.clamp(input, int(min_val), int(max_val))
        return input.copy_(out) if inplace else out
    return _apply(Hardtanh, input, (float(min_val), float(max_val)), inplace)


def hardtanh_(input, min_val=-1.0, max_val=1.0):
    """In-place hardtanh: clamps input to [min_val, max_val] and returns it.

    The same as ``F.hardtanh(input, min_val, max_val, inplace=True)``.

    Gradient: grad strictly inside (min_val, max_val), else 0.

    Example::

        >>> x = pa.tensor([-2.0, -0.5, 0.0, 1.0, 2.0])
        >>> F.hardtanh_(x, 0.0, 1.0)
        tensor([0., 0., 0., 1., 1.])
    """
    return hardtanh(input, min_val, max_val, inplace=True)


def relu6(input, inplace=False):
    """relu capped at 6: min(max(x, 0), 6) elementwise (hardtanh(x, 0, 6)).

    Args:
        input: the tensor.
        inplace: if True, overwrite input with the result and return it (default False).

    Gradient: grad strictly inside (0, 6), else 0.

    Example::

        >>> x = pa.tensor([-2.0, -0.5, 0.0, 1.0, 2.0])
        >>> F.relu6(x * 4)
        tensor([0., 0., 0., 4., 6.])
    """
    return hardtanh(input, 0.0, 6.0, inplace)


# ---- elu, selu, celu: scale * (x > 0 ? x : alpha * (exp(x * input_scale) - 1)) ---------------
# param: (alpha, scale, input_scale, the input_scale of the backward): PyTorch's CeluBackward
# computes 1 / alpha from alpha rounded to float32, its forward from the double
def _elu_np(a, p):
    alpha, scale, input_scale, _ = p
    return np.where(a > 0, a * scale, (alpha * scale) * np.expm1(np.minimum(a, 0) * input_scale))


def _elu_vjp(F, x, p, g):
    alpha, scale, _, input_scale = p
    # exp of x below 0 only: at 0 the value is the same, and the second derivative there is 0 (PyTorch's)
    neg = (alpha * scale * input_scale) * F.exp(F.where(x < 0, x, 0.0) * input_scale)
    return F.where(x > 0, g * scale, g * neg)


def _elu_result_vjp(F, x, p, g):
    """The in-place variants' rule (EluBackward1, CeluBackward1): PyTorch's, from the result y,
    input_scale * (y + alpha * scale) where y <= 0 (y recomputed from the saved old value)."""
    alpha, scale, input_scale, bwd_scale = p
    y = (alpha * scale) * F.expm1(F.where(x < 0, x, 0.0) * input_scale)
    if bwd_scale != input_scale:
        # PyTorch differentiates y through this same node, so y' = bwd_scale * (y + alpha * scale):
        # y's value kept exactly, its derivative rescaled from input_scale to bwd_scale
        y0 = F.constant(F.data(y))
        y = y0 + (bwd_scale / input_scale) * (y - y0)
    return F.where(x > 0, g * scale, g * (bwd_scale * (y + alpha * scale)))


Elu = _elementwise("EluBackward0", "EluScaled", _elu_np, _elu_vjp)
EluInplace = _elementwise("EluBackward1", "EluInplace", _elu_np, _elu_result_vjp)
Celu = _elementwise("CeluBackward0", "Celu", _elu_np, _elu_vjp)
CeluInplace = _elementwise("CeluBackward1", "CeluInplace", _elu_np, _elu_result_vjp)


def elu(input, alpha=1.0, inplace=False):
    """Exponential linear unit: x for x > 0, alpha * (exp(x) - 1) otherwise, elementwise.

    Floating input only.

    Args:
        input: a floating tensor.
        alpha: the negative-side scale (default 1).
        inplace: if True, overwrite input with the result and return it (default False).

    Gradient: grad for x > 0, grad * alpha * exp(x) otherwise.

    Example::

        >>> x = pa.tensor([-2.0, -0.5, 0.0, 1.0, 2.0])
        >>> F.elu(x)
        tensor([-0.8647, -0.3935,  0.0000,  1.0000,  2.0000])
    """
    return _apply(Elu, _floating(input, "elu_cpu"), (float(alpha), 1.0, 1.0, 1.0), inplace, EluInplace)


def elu_(input, alpha=1.0):
    """In-place elu: overwrites input with ``F.elu(input, alpha)`` and returns it.

    Gradient: as elu (PyTorch's EluBackward1, computed from the result).

    Example::

        >>> x = pa.tensor([-2.0, -0.5, 0.0, 1.0, 2.0])
        >>> F.elu_(x)
        tensor([-0.8647, -0.3935,  0.0000,  1.0000,  2.0000])
    """
    return elu(input, alpha, inplace=True)


def selu(input, inplace=False):
    """Scaled elu: scale * (x for x > 0, alpha * (exp(x) - 1) otherwise), elementwise.

    alpha = 1.6732632423543772 and scale = 1.0507009873554805, the self-normalising constants. Floating input only.

    Args:
        input: a floating tensor.
        inplace: if True, overwrite input with the result and return it (default False).

    Gradient: grad * scale for x > 0, grad * scale * alpha * exp(x) otherwise.

    Example::

        >>> x = pa.tensor([-2.0, -0.5, 0.0, 1.0, 2.0])
        >>> F.selu(x)
        tensor([-1.5202, -0.6918,  0.0000,  1.0507,  2.1014])
    """
    return _apply(Elu, _floating(input, "elu_cpu"), (_SELU_ALPHA, _SELU_SCALE, 1.0, 1.0), inplace, EluInplace)


def selu_(input):
    """In-place selu: overwrites input with ``F.selu(input)`` and returns it.

    Gradient: as selu.

    Example::

        >>> x = pa.tensor([-2.0, -0.5, 0.0, 1.0, 2.0])
        >>> F.selu_(x)
        tensor([-1.5202, -0.6918,  0.0000,  1.0507,  2.1014])
    """
    return selu(input, inplace=True)


def celu(input, alpha=1.0, inplace=False):
    """Continuously differentiable elu: max(0, x) + min(0, alpha * (exp(x / alpha) - 1)).

    alpha must not be 0. Floating input only.

    Args:
        input: a floating tensor.
        alpha: the negative-side scale (default 1).
        inplace: if True, overwrite input with the result and return it (default False).

    Gradient: grad for x > 0, grad * exp(x / alpha) otherwise.

    Example::

        >>> x = pa.tensor([-2.0, -0.5, 0.0, 1.0, 2.0])
        >>> F.celu(x, alpha=2.0)
        tensor([-1.2642, -0.4424,  0.0000,  1.0000,  2.0000])
    """
    if alpha == 0:
        raise RuntimeError("ZeroDivisionError: alpha cannot be 0 for CELU")
    alpha = float(alpha)
    param = (alpha, 1.0, 1.0 / alpha, 1.0 / float(np.float32(alpha)))
    return _apply(Celu, _floating(input, "elu_cpu"), param, inplace, CeluInplace)


def celu_(input, alpha=1.0):
    """In-place celu: overwrites input with ``F.celu(input, alpha)`` and returns it.

    Gradient: as celu.

    Example::

        >>> x = pa.tensor([-2.0, -0.5, 0.0, 1.0, 2.0])
        >>> F.celu_(x)
        tensor([-0.8647, -0.3935,  0.0000,  1.0000,  2.0000])
    """
    return celu(input, alpha, inplace=True)


# ---- leaky_relu: redeclared for its in-place node (LeakyReluBackward1) and leaky_relu_ -----------
LeakyRelu = _elementwise("LeakyReluBackward0", "LeakyReluAct", lambda a, s: np.where(a > 0, a, a * s),
                         lambda F, x, s, g: F.where(x > 0, g, g * s))
LeakyReluInplace = _inplace_of(LeakyRelu, "LeakyReluBackward1")


def leaky_relu(input, negative_slope=0.01, inplace=False):
    """Leaky relu: x for x > 0, negative_slope * x otherwise, elementwise.

    Floating input only.

    Args:
        input: a floating tensor.
        negative_slope: the slope below 0 (default 0.01).
        inplace: if True, overwrite input with the result and return it (default False).

    Gradient: grad for x > 0, grad * negative_slope otherwise.

    Example::

        >>> x = pa.tensor([-2.0, -0.5, 0.0, 1.0, 2.0])
        >>> F.leaky_relu(x)
        tensor([-0.0200, -0.0050,  0.0000,  1.0000,  2.0000])
    """
    return _apply(LeakyRelu, _floating(input, "leaky_relu_cpu"), float(negative_slope), inplace, LeakyReluInplace)


def leaky_relu_(input, negative_slope=0.01):
    """In-place leaky relu: overwrites input with ``F.leaky_relu(input, negative_slope)``.

    Returns input.

    Gradient: as leaky_relu.

    Example::

        >>> x = pa.tensor([-2.0, -0.5, 0.0, 1.0, 2.0])
        >>> F.leaky_relu_(x, 0.5)
        tensor([-1.0000, -0.2500,  0.0000,  1.0000,  2.0000])
    """
    return leaky_relu(input, negative_slope, inplace=True)


# ---- threshold, hardshrink, softshrink --------------------------------------------------------
Threshold = _elementwise("ThresholdBackward0", "Threshold", lambda a, p: np.where(a > p[0], a, p[1]),
                         lambda F, x, p, g: F.where(x > p[0], g, 0.0))
ThresholdInplace = _inplace_of(Threshold, "ThresholdBackward1")


def _threshold(input, threshold_value, value, inplace):
    if input._data.dtype.kind not in "fc":      # integers: a where (no gradient to carry)
        out = _ops.where(input > threshold_value, input, _const(value, input._data.dtype))
        return input.copy_(out) if inplace else out
    return _apply(Threshold, input, (float(threshold_value), float(value)), inplace, ThresholdInplace)


def threshold(input, threshold, value, inplace=False):
    """x where x > threshold, else value, elementwise.

    Integer input is handled with a where in its own dtype (no gradient).

    Args:
        input: the tensor.
        threshold: the cut-off (required).
        value: what replaces the entries at or below it.
        inplace: if True, overwrite input with the result and return it (default False).

    Gradient: grad where x > threshold, else 0.

    Example::

        >>> x = pa.tensor([-2.0, -0.5, 0.0, 1.0, 2.0])
        >>> F.threshold(x, 0.5, 9.0)
        tensor([9., 9., 9., 1., 2.])
    """
    return _threshold(input, threshold, value, inplace)


def threshold_(input, threshold, value):
    """In-place threshold: input where input > threshold, else value; returns input.

    Gradient: grad where the old input was > threshold, else 0.

    Example::

        >>> x = pa.tensor([-2.0, -0.5, 0.0, 1.0, 2.0])
        >>> F.threshold_(x, 0.0, -1.0)
        tensor([-1., -1., -1.,  1.,  2.])
    """
    return _threshold(input, threshold, value, True)


# both: the gradient is 0 on the closed interval [-lambd, lambd]
def _shrink_vjp(F, x, lambd, g):
    return F.where((x >= -lambd) & (x <= lambd), 0.0, g)


Hardshrink = _elementwise("HardshrinkBackward0", "Hardshrink",
                          lambda a, l: np.where((a >= -l) & (a <= l), 0.0, a), _shrink_vjp)
Softshrink = _elementwise("SoftshrinkBackward0", "Softshrink",
                          # a * 0 inside, as torch's kernel: -0. for -lambd <= a <= -0., nan for nan
                          lambda a, l: np.where(a > l, a - l, np.where(a < -l, a + l, a * 0)), _shrink_vjp)


def hardshrink(input, lambd=0.5):
    """Hard shrinkage: x where abs(x) > lambd, else 0, elementwise.

    Floating input only.

    Args:
        input: a floating tensor.
        lambd: the half-width (default 0.5).

    Gradient: grad outside the closed interval [-lambd, lambd], else 0.

    Example::

        >>> x = pa.tensor([-2.0, -0.5, 0.0, 1.0, 2.0])
        >>> F.hardshrink(x)
        tensor([-2.,  0.,  0.,  1.,  2.])
    """
    return apply_op(Hardshrink, (_floating(input, "hardshrink_cpu"),), {"param": float(lambd)})


def softshrink(input, lambd=0.5):
    """Soft shrinkage: x - lambd above lambd, x + lambd below -lambd, 0 between, elementwise.

    lambd must be >= 0. Floating input only.

    Args:
        input: a floating tensor.
        lambd: the half-width (default 0.5).

    Gradient: grad outside the closed interval [-lambd, lambd], else 0.

    Example::

        >>> x = pa.tensor([-2.0, -0.5, 0.0, 1.0, 2.0])
        >>> F.softshrink(x)
        tensor([-1.5000, -0.0000,  0.0000,  0.5000,  1.5000])
    """
    _floating(input, "softshrink_check")
    if not lambd >= 0:
        raise RuntimeError("lambda must be in range [0, %s] for input dtype %s, but found %s"
                           % ("%g" % np.finfo(input._data.dtype).max, _scalar_name(input), _num(lambd)))
    return apply_op(Softshrink, (input,), {"param": float(lambd)})


def _num(v):
    """A number as PyTorch's error texts print it (-1, 0.5)."""
    return "%g" % v


# ---- composites ----------------------------------------------------------------------------------
def softsign(input):
    """Softsign: x / (1 + abs(x)) elementwise.

    Gradient: grad / (1 + abs(x))**2.

    Example::

        >>> x = pa.tensor([-2.0, -0.5, 0.0, 1.0, 2.0])
        >>> F.softsign(x)
        tensor([-0.6667, -0.3333,  0.0000,  0.5000,  0.6667])
    """
    return input / (input.abs() + 1)


def tanhshrink(input):
    """x - tanh(x) elementwise.

    Gradient: grad * tanh(x)**2.

    Example::

        >>> x = pa.tensor([-2.0, -0.5, 0.0, 1.0, 2.0])
        >>> F.tanhshrink(x)
        tensor([-1.0360, -0.0379,  0.0000,  0.2384,  1.0360])
    """
    return input - input.tanh()


def softmin(input, dim=None, _stacklevel=3, dtype=None):
    """Softmin along dim: softmax(-x), so the smallest entries get the largest weight.

    Args:
        input: the tensor.
        dim: the dim to normalise over. None (the default) is deprecated: it warns and picks 0 for
            0-, 1- and 3-d input, 1 otherwise, as PyTorch.
        dtype: if given, input is cast to it before the computation (default None).

    Gradient: that of softmax(-x), negated: -y * (grad - sum(grad * y, dim)).

    Example::

        >>> F.softmin(pa.tensor([1.0, 2.0, 3.0]), dim=0)
        tensor([0.6652, 0.2447, 0.0900])
    """
    if dim is None:
        warnings.warn("Implicit dimension choice for softmin has been deprecated. Change the call to include "
                      "dim=X as an argument.", UserWarning, stacklevel=_stacklevel)
        dim = 0 if input.dim() in (0, 1, 3) else 1
    return _ops.softmax(-input, dim, dtype=dtype)


# ---- glu: a * sigmoid(b), a and b the halves of dim -------------------------------------------
class Glu(Op):
    name = "GluBackward0"

    @staticmethod
    def forward(ctx, x, dim=-1):
        ctx.save_for_backward(x)
        ctx.dim = dim
        a, b = np.split(x._data, 2, axis=dim)
        return a * _sigmoid_np(b)

    @staticmethod
    def _halves(F, x, dim):
        n = F.shape(x)[dim] // 2
        return F.narrow(x, dim, 0, n), F.narrow(x, dim, n, n)

    @staticmethod
    def vjp(F, ctx, g):
        x, = F.saved(ctx)
        dim = ctx.dim           # negative: counted from the end, so a batched g's leading dims do not shift it
        a, b = Glu._halves(F, x, dim)
        s = F.sigmoid(b)
        return F.cat([g * s, g * a * s * (1.0 - s)], dim)

    @staticmethod
    def jvp(F, ctx, primals, options, result, t):
        x, = primals
        dim = options["dim"]
        a, b = Glu._halves(F, x, dim)
        ta, tb = Glu._halves(F, t, dim)
        s = F.sigmoid(b)
        return ta * s + a * s * (1.0 - s) * tb


def glu(input, dim=-1):
    """Gated linear unit: a * sigmoid(b), a and b the two halves of input along dim.

    Args:
        input: a floating tensor whose size along dim is even.
        dim: the dim to split (default -1).

    Shape:
        Input ``(*, 2 * M, *)`` gives output ``(*, M, *)``, halved along dim.

    Gradient: grad * sigmoid(b) to a, grad * a * sigmoid(b) * (1 - sigmoid(b)) to b.

    Example::

        >>> F.glu(pa.tensor([1.0, 2.0, 0.0, 0.0]))
        tensor([0.5000, 1.0000])
    """
    if input.dim() == 0:
        raise RuntimeError("glu does not support scalars because halving size must be even")
    nd = input.dim()
    if not -nd <= dim < nd:
        raise IndexError("Dimension out of range (expected to be in range of [%d, %d], but got %d)"
                         % (-nd, nd - 1, dim))
    d = dim % nd
    if input.shape[d] % 2:
        raise RuntimeError("Halving dimension must be even, but dimension %d is size %d" % (d, input.shape[d]))
    return apply_op(Glu, (_floating(input, "glu_cpu"),), {"dim": d - nd})


# ---- prelu: x > 0 ? x : weight * x, weight per channel (dim 1) or one for all -----------------
class PreluKernel(Op):
    name = "PreluKernelBackward0"

    @staticmethod
    def forward(ctx, x, w, wshape=None):
        ctx.save_for_backward(x, w)
        ctx.wshape = wshape
        xd = x._data
        return np.where(xd > 0, xd, w._data.reshape(wshape) * xd)

    @staticmethod
    def _slope(F, w, wshape):
        """The weight lined up with the input's trailing dims (negative dims only: a batched
        gradient's leading dims stay in front): one slope as a 0-d value, else the channels
        followed by the spatial dims' ones."""
        if builtins.sum(wshape) == len(wshape):
            return F.select_dim(w, -1, 0)
        for _ in range(len(wshape) - 2):
            w = F.unsqueeze(w, -1)
        return w

    @staticmethod
    def _weight_grad(F, masked, wshape):
        if builtins.sum(wshape) == len(wshape):          # one slope: the sum of everything
            return F.unsqueeze(F.sum_to(masked, ()), -1)
        spatial = len(wshape) - 2
        per_channel = F.sum_to(masked, wshape[1:])
        return F.sum(per_channel, tuple(range(-spatial, 0))) if spatial else per_channel

    @staticmethod
    def vjp(F, ctx, g):
        x, w = F.saved(ctx)
        need = ctx.needs_input_grad
        pos = x > 0
        gx = gw = None
        wb = PreluKernel._slope(F, w, ctx.wshape)
        if need[0]:
            # at x == 0 the slope w is taken, but (as PyTorch's double backward) not differentiated
            gx = F.where(pos, g, g * F.where(x < 0, wb, F.constant(F.data(wb))))
        if need[1]:
            # the weight's gradient: g * x where x < 0 (0 at x == 0 either way), summed per channel
            gw = PreluKernel._weight_grad(F, F.where(x < 0, g * x, 0.0), ctx.wshape)
        return gx, gw

    @staticmethod
    def jvp(F, ctx, primals, options, result, tx, tw):
        x, w = primals
        wshape = options["wshape"]
        pos = x > 0
        out = None
        if tx is not None:
            out = F.where(pos, tx, tx * PreluKernel._slope(F, w, wshape))
        if tw is not None:
            tw_part = F.where(pos, 0.0, x * PreluKernel._slope(F, tw, wshape))
            out = tw_part if out is None else out + tw_part
        return out


def prelu(input, weight):
    """Parametric relu: x for x > 0, weight * x otherwise, with a learnable weight.

    Args:
        input: a floating tensor; its dim 1 is the channel dim (for input of 2 or more dims).
        weight: a 0- or 1-d tensor of input's dtype, of one element or one per channel.

    Gradient: to input, grad for x > 0 and grad * weight otherwise; to weight, the sum of
    grad * x over the elements x <= 0 (per channel).

    Example::

        >>> F.prelu(pa.tensor([[-1.0, 2.0], [-3.0, 4.0]]), pa.tensor([0.25]))
        tensor([[-0.2500,  2.0000],
                [-0.7500,  4.0000]])
    """
    _floating(input, "prelu_cpu")
    if weight.dim() > 1:
        raise RuntimeError("prelu: Expected `weight` to be a scalar or 1D tensor, but got: ndim = %d" % weight.dim())
    if weight._data.dtype != input._data.dtype:
        raise RuntimeError("prelu: Type promoting not supported. Got %s and %s"
                           % (_scalar_name(input), _scalar_name(weight)))
    n = weight.numel()
    channels = input.shape[1] if input.dim() >= 2 else 1
    if n != 1 and n != channels:
        raise RuntimeError("Mismatch of parameter numbers and input channel size. Found parameter numbers = %d "
                           "and channel size = %d." % (n, channels))
    if n == 1 or input.dim() < 2:
        wshape = (1,) * input.dim()
    else:
        wshape = (1, n) + (1,) * (input.dim() - 2)
    return apply_op(PreluKernel, (input, weight), {"wshape": wshape})


# ---- rrelu: random negative slopes in training (PyTorch's stream), their mean in eval ---------
class RreluWithNoise(Op):
    name = "RreluWithNoiseBackward0"

    @staticmethod
    def forward(ctx, x, noise=None, slope=None):
        ctx.save_for_backward(x)
        ctx.args = (noise, slope)
        xd = x._data
        if noise is not None:
            return xd * noise
        return np.where(xd > 0, xd, xd * slope)

    @staticmethod
    def vjp(F, ctx, g):
        x, = F.saved(ctx)
        noise, slope = ctx.args
        if noise is not None:
            return g * F.constant(noise)
        return F.where(x > 0, g, g * slope)

    jvp = staticmethod(vjp_jvp("elementwise"))


RreluWithNoiseInplace = _inplace_of(RreluWithNoise, "RreluWithNoiseBackward1")


def _rrelu_noise(xd, lower, upper):
    """PyTorch's training noise: a uniform(lower, upper) draw for each element <= 0, in order (53-bit
    doubles whatever the dtype, as its kernel draws them), 1 elsewhere. Its kernel scales the draw
    with a separate multiply and add (uniform_ fuses them: Generator._uniform_range)."""
    flat = xd.reshape(-1)
    neg = flat <= 0
    noise = np.ones(flat.shape, dtype=np.float64)
    k = int(np.count_nonzero(neg))
    if k:
        # the bounds pass through the op's math type (float for float32 and half) first
        bound = np.float64 if xd.dtype == np.float64 else np.float32
        lo, hi = float(bound(lower)), float(bound(upper))
        u = _random.default_generator._uniform((k,), np.float64)
        noise[neg] = u * (hi - lo) + lo
    return noise.astype(xd.dtype).reshape(xd.shape)


def rrelu(input, lower=1.0 / 8, upper=1.0 / 3, training=False, inplace=False):
    """Randomized leaky relu: x for x > 0, a * x otherwise.

    In training, a is drawn uniformly from [lower, upper] for each non-positive element (PyTorch's random stream);
    in evaluation (training=False, the default) a = (lower + upper) / 2.

    Args:
        input: a floating tensor.
        lower: the smallest slope (default 1/8).
        upper: the largest slope (default 1/3).
        training: draw random slopes (default False).
        inplace: if True, overwrite input with the result and return it (default False).

    Gradient: grad for x > 0, grad * a otherwise (the drawn or mean slope).

    Example::

        >>> x = pa.tensor([-2.0, -0.5, 0.0, 1.0, 2.0])
        >>> F.rrelu(x)
        tensor([-0.4583, -0.1146,  0.0000,  1.0000,  2.0000])
    """
    if lower > upper:
        raise RuntimeError("Lower bound should be less than or equal to the upper bound")
    if training:
        _floating(input, "rrelu_with_noise_out_cpu")
        kw = {"noise": _rrelu_noise(input._data, lower, upper), "slope": None}
    else:
        _floating(input, "leaky_relu_cpu")
        kw = {"noise": None, "slope": float((lower + upper) / 2)}
    if inplace:
        return apply_inplace(RreluWithNoiseInplace, input, (), kw)
    return apply_op(RreluWithNoise, (input,), kw)


def rrelu_(input, lower=1.0 / 8, upper=1.0 / 3, training=False):
    """In-place rrelu: overwrites input with ``F.rrelu(input, lower, upper, training)``.

    Returns input.

    Gradient: as rrelu.

    Example::

        >>> x = pa.tensor([-2.0, -0.5, 0.0, 1.0, 2.0])
        >>> F.rrelu_(x)
        tensor([-0.4583, -0.1146,  0.0000,  1.0000,  2.0000])
    """
    return rrelu(input, lower, upper, training, inplace=True)


# ================================================================================ losses ==
_REDUCTIONS = ("none", "mean", "sum")


def _legacy_reduction(size_average, reduce, reduction):
    """PyTorch's _Reduction.legacy_get_string (nn/functional.py's, repeated: it sits above)."""
    if size_average is None and reduce is None:
        return reduction
    size_average = True if size_average is None else size_average
    reduce = True if reduce is None else reduce
    new = "none" if not reduce else ("mean" if size_average else "sum")
    warnings.warn("size_average and reduce args will be deprecated, please use reduction='%s' instead." % new,
                  UserWarning, stacklevel=3)
    return new


def _reduction(size_average, reduce, reduction):
    reduction = _legacy_reduction(size_average, reduce, reduction)
    if reduction not in _REDUCTIONS:
        raise ValueError("%s is not a valid value for reduction" % (reduction,))
    return reduction


def _reduce(loss, reduction):
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    return loss


def _np_reduce(loss, reduction):
    if reduction == "mean":
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.asarray(np.mean(loss) if loss.size else np.nan, dtype=loss.dtype)
    if reduction == "sum":
        return np.asarray(np.sum(loss), dtype=loss.dtype)
    return loss


def _loss_grad(F, g, x, reduction):
    """A reduced loss's gradient g (0-d, or the batch dims of a batched backward) made to broadcast
    against x, the batch dims kept in front."""
    return g if reduction == "none" else F.unsqueeze_to(g, F.shape(x), None, False)


@by_options
def _elementwise_loss(options):
    return "elementwise" if options.get("reduction", "mean") == "none" else "scalar"


def _per_sample_slice(ctx, options):
    return -1, False


@by_options
def _per_sample_loss(options):
    """Losses with one value per sample (the class dim reduced): J t sums each sample's row."""
    return _per_sample_slice if options.get("reduction", "mean") == "none" else "scalar"


def _size_str(shape):
    return "torch.Size([%s])" % ", ".join(str(s) for s in shape)


def _list_str(shape):
    return "[%s]" % ", ".join(str(s) for s in shape)


def _log_sigmoid(x):
    """log(sigmoid(x)) from differentiable ops: min(x, 0) - log1p(exp(-|x|))."""
    return _ops.clamp_max(x, 0) - _ops.log1p(_ops.exp(-x.abs()))


# ---- kl_div ----------------------------------------------------------------------------------
def kl_div(input, target, size_average=None, reduce=None, reduction="mean", log_target=False):
    """Kullback-Leibler divergence with input as log-probabilities: target * (log(target) - input), reduced.

    With log_target=True, target holds log-probabilities too: exp(target) * (target - input). reduction may also be
    "batchmean" (the sum divided by the batch size, the true KL divergence); "mean" (the default) divides by the
    element count and warns, as PyTorch.

    Args:
        input: log-probabilities.
        target: probabilities (or log-probabilities), input's shape.
        size_average, reduce: deprecated, mapped onto reduction as PyTorch does (default None).
        reduction: "none", "batchmean", "sum" or "mean" (default).
        log_target: whether target is given as logs (default False).

    Gradient: -target * grad to input (exp(target) * -grad with log_target); the derivative of the formula to
    target.

    Example::

        >>> logp = pa.tensor([[-1.0, -0.5]]).log_softmax(1)
        >>> F.kl_div(logp, pa.tensor([[0.5, 0.5]]), reduction="batchmean")
        tensor(0.0309)
    """
    if size_average is not None or reduce is not None:
        reduction = _legacy_reduction(size_average, reduce, reduction)
    elif reduction == "mean":
        warnings.warn("reduction: 'mean' divides the total loss by both the batch size and the support size."
                      "'batchmean' divides only by the batch size, and aligns with the KL div math definition."
                      "'mean' will be changed to behave the same as 'batchmean' in the next major release.",
                      UserWarning, stacklevel=2)
    if reduction not in _REDUCTIONS + ("batchmean",):
        raise ValueError("%s is not a valid value for reduction" % (reduction,))
    if log_target:
        loss = _ops.exp(target) * (target - input)
    else:
        loss = _ops.xlogy(target, target) - target * input
    if reduction == "batchmean":
        total = loss.sum()
        return total / input.shape[0] if input.dim() != 0 else total
    return _reduce(loss, reduction)


# ---- soft_margin_loss: log(1 + exp(-y x)) ------------------------------------------------------
class SoftMarginLoss(Op):
    name = "SoftMarginLossBackward0"

    @staticmethod
    def forward(ctx, x, y, reduction="mean"):
        ctx.save_for_backward(x, y)
        ctx.args = (reduction, x._data.size)
        with np.errstate(over="ignore"):
            loss = np.log1p(np.exp(-y._data * x._data))
        return _np_reduce(loss.astype(x._data.dtype, copy=False), reduction)

    jvp = staticmethod(vjp_jvp(_elementwise_loss))

    @staticmethod
    def vjp(F, ctx, g):
        x, y = F.saved(ctx)
        reduction, n = ctx.args
        gx = -y * F.sigmoid(-y * x) * _loss_grad(F, g, x, reduction)
        if reduction == "mean":
            gx = gx / n
        return gx, None     # PyTorch has no target derivative


def soft_margin_loss(input, target, size_average=None, reduce=None, reduction="mean"):
    """Two-class logistic loss: log(1 + exp(-y * x)), reduced, for labels y of -1 or 1.

    Args:
        input: the scores.
        target: labels -1 or 1, broadcastable to input.
        size_average, reduce: deprecated, mapped onto reduction as PyTorch does (default None).
        reduction: "none" (the elementwise loss), "mean" (the default) or "sum".

    Gradient: -y * sigmoid(-y * x) * grad to input (over the element count for "mean"); none to target.

    Example::

        >>> F.soft_margin_loss(pa.tensor([1.0, 2.0, 3.0]), pa.tensor([1.0, 1.0, 1.0]))
        tensor(0.1629)
    """
    reduction = _reduction(size_average, reduce, reduction)
    x, y = _binary_operands(input, target)
    if tuple(x.shape) != tuple(y.shape):
        shape = np.broadcast_shapes(tuple(x.shape), tuple(y.shape))
        x, y = _ops.expand(x, shape), _ops.expand(y, shape)
    _floating(x, "soft_margin_loss")
    return apply_op(SoftMarginLoss, (x, y), {"reduction": reduction})


def multilabel_soft_margin_loss(input, target, weight=None, size_average=None, reduce=None, reduction="mean"):
    """Multi-label one-versus-all logistic loss, averaged over the classes, reduced.

    Per sample: -mean over classes of (y * logsigmoid(x) + (1 - y) * logsigmoid(-x)). input and target are (N, C)
    (or (C,)); the per-sample value is averaged over the C classes, then reduced.

    Args:
        input: the scores, (N, C).
        target: 0/1 labels of input's shape.
        weight: optional per-class weights (default None).
        size_average, reduce: deprecated, mapped onto reduction as PyTorch does (default None).
        reduction: "none" (the elementwise loss), "mean" (the default) or "sum".

    Gradient: (sigmoid(x) - y) * weight / C * grad to input.

    Example::

        >>> F.multilabel_soft_margin_loss(pa.tensor([[0.0, 0.0]]), pa.tensor([[1.0, 0.0]]))
        tensor(0.6931)
    """
    if size_average is not None or reduce is not None:
        reduction = _legacy_reduction(size_average, reduce, reduction)
    loss = -(target * _log_sigmoid(input) + (1 - target) * _log_sigmoid(-input))
    if weight is not None:
        loss = loss * weight
    class_dim = input.dim() - 1
    loss = loss.sum(class_dim) / input.shape[class_dim]
    if reduction == "none":
        return loss
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    raise ValueError("%s is not valid" % (reduction,))


# ---- the embedding / ranking losses (composites, as PyTorch's) -----------------------------------
def cosine_embedding_loss(input1, input2, target, margin=0, size_average=None, reduce=None, reduction="mean"):
    """Cosine embedding loss: 1 - cos(x1, x2) for y = 1, max(0, cos(x1, x2) - margin) for y = -1, reduced.

    The cosine is taken along the last dim of (N, D) (or (D,)) inputs, with 1e-12 added to each squared norm.

    Args:
        input1, input2: the embeddings, (N, D) or (D,).
        target: labels 1 or -1, (N,) or ().
        margin: the margin for dissimilar pairs (default 0).
        size_average, reduce: deprecated, mapped onto reduction as PyTorch does (default None).
        reduction: "none" (the elementwise loss), "mean" (the default) or "sum".

    Gradient: the cosine's derivative times -grad (y = 1) or grad (y = -1, active hinge) to input1 and input2.

    Example::

        >>> x1 = pa.tensor([[1.0, 0.0], [1.0, 0.0]])
        >>> x2 = pa.tensor([[0.0, 1.0], [1.0, 1.0]])
        >>> F.cosine_embedding_loss(x1, x2, pa.tensor([1, -1]))
        tensor(0.8536)
    """
    reduction = _reduction(size_average, reduce, reduction)
    tdim = target.dim()
    if tdim not in (0, 1):
        raise RuntimeError("0D or 1D target tensor expected, multi-target not supported")
    if tdim == 1 and (input1.dim() != 2 or input2.dim() != 2):
        raise RuntimeError("1D target tensor expects 2D input tensors, but found inputs with sizes %s and %s."
                           % (_list_str(input1.shape), _list_str(input2.shape)))
    if tdim == 0 and (input1.dim() != 1 or input2.dim() != 1):
        raise RuntimeError("0D target tensor expects 1D input tensors, but found inputs with sizes %s and %s."
                           % (_list_str(input1.shape), _list_str(input2.shape)))
    eps = 1e-12
    prod = (input1 * input2).sum(tdim)
    mag1 = (input1 * input1).sum(tdim) + eps
    mag2 = (input2 * input2).sum(tdim) + eps
    cos = prod / (mag1 * mag2).sqrt()
    zeros = zeros_like(cos)
    pos = 1 - cos
    neg = _ops.clamp_min(cos - margin, 0)
    out = _ops.where(target == 1, pos, zeros) + _ops.where(target == -1, neg, zeros)
    return _reduce(out, reduction)


def margin_ranking_loss(input1, input2, target, margin=0, size_average=None, reduce=None, reduction="mean"):
    """Ranking hinge loss: max(0, -y * (x1 - x2) + margin), reduced.

    y = 1 means x1 should rank higher than x2, y = -1 the opposite. The three tensors must have the same rank.

    Args:
        input1, input2: the scores.
        target: labels 1 or -1.
        margin: the margin (default 0).
        size_average, reduce: deprecated, mapped onto reduction as PyTorch does (default None).
        reduction: "none" (the elementwise loss), "mean" (the default) or "sum".

    Gradient: -y * grad to input1 and y * grad to input2 where the hinge is active, else 0.

    Example::

        >>> F.margin_ranking_loss(pa.tensor([1.0, 2.0]), pa.tensor([2.0, 1.0]), pa.tensor([1.0, 1.0]))
        tensor(0.5000)
    """
    reduction = _reduction(size_average, reduce, reduction)
    if input1.dim() != input2.dim() or input1.dim() != target.dim():
        raise RuntimeError("margin_ranking_loss : All input tensors should have same dimension but got sizes: "
                           "input1: %s, input2: %s, target: %s " % (_size_str(input1.shape), _size_str(input2.shape),
                                                                   _size_str(target.shape)))
    out = _ops.clamp_min(-target * (input1 - input2) + margin, 0)
    return _reduce(out, reduction)


def hinge_embedding_loss(input, target, margin=1.0, size_average=None, reduce=None, reduction="mean"):
    """Hinge embedding loss: x for y = 1, max(0, margin - x) for y = -1, reduced.

    input usually holds distances between pairs, y says whether the pair is similar (1) or not (-1).

    Args:
        input: the distances.
        target: labels 1 or -1.
        margin: the margin (default 1).
        size_average, reduce: deprecated, mapped onto reduction as PyTorch does (default None).
        reduction: "none" (the elementwise loss), "mean" (the default) or "sum".

    Gradient: grad for y = 1, -grad where margin - x > 0 for y = -1, else 0; none to target.

    Example::

        >>> F.hinge_embedding_loss(pa.tensor([0.3, 2.0]), pa.tensor([-1.0, 1.0]))
        tensor(1.3500)
    """
    reduction = _reduction(size_average, reduce, reduction)
    zeros = zeros_like(input)
    margin_clamp = _ops.clamp_min(margin - input, 0)
    out = _ops.where(target != 1, margin_clamp, zeros) + _ops.where(target != -1, input, zeros)
    return _reduce(out, reduction)


class Norm(Op):
    """The p-norm over one dim (torch.norm(x, p, dim)'s node, which pairwise_distance records), for a
    finite p > 0; (sum |x|^p)^(1/p), the gradient x |x|^(p-2) / n^(p-1) (0 where the norm is 0)."""
    name = "NormBackward1"

    @staticmethod
    def forward(ctx, x, p=2.0, dim=-1, keepdim=False):
        out = np.linalg.norm(x._data, ord=None if p == 2 else p, axis=dim, keepdims=keepdim) if p == 2 else \
            np.power(np.sum(np.abs(x._data) ** p, axis=dim, keepdims=keepdim), 1.0 / p)
        out = np.asarray(out, dtype=x._data.dtype)
        ctx.save_for_backward(x)
        ctx.args = (p, dim, keepdim)
        ctx.result = out
        return out

    @staticmethod
    def vjp(F, ctx, g):
        x, = F.saved(ctx)
        p, dim, keepdim = ctx.args
        n = F.sum(F.abs(x) ** p, dim, True) ** (1.0 / p)      # recomputed on F: differentiable again
        if not keepdim:
            g = F.unsqueeze(g, dim)
        zero = F.constant(F.data(n) == 0)
        safe = F.where(zero, 1.0, n)
        if p == 1:
            d = F.sign(x)
        elif p == 2:
            d = x / safe
        else:
            d = x * F.abs(x) ** (p - 2) / safe ** (p - 1)
        return F.where(zero, 0.0, g * d)

    jvp = staticmethod(vjp_jvp(lambda ctx, options: (options.get("dim", -1), options.get("keepdim", False))))


def pairwise_distance(x1, x2, p=2.0, eps=1e-6, keepdim=False):
    """The p-norm distance along the last dim: norm(x1 - x2 + eps, p).

    PyTorch adds eps to the difference before the norm. x1 and x2 broadcast against each other.

    Args:
        x1, x2: ``(N, D)`` or ``(D,)`` tensors.
        p: the norm's exponent (default 2).
        eps: added to the difference (default 1e-6).
        keepdim: keep the last dim, of size 1 (default False).

    Gradient: that of the p-norm: grad * d * abs(d)**(p-2) / norm**(p-1), d = x1 - x2 + eps, to x1;
    its negative to x2 (0 where the norm is 0).

    Example::

        >>> F.pairwise_distance(pa.tensor([[0.0, 0.0]]), pa.tensor([[3.0, 4.0]]))
        tensor([5.0000])
    """
    nd = builtins.max(x1.dim(), x2.dim())
    d = x1 - x2 + eps
    if nd == 0 or not (0 < p < math.inf) or d._data.dtype.kind != "f":
        return _ops.norm(d, p, None if nd == 0 else nd - 1, keepdim)
    return apply_op(Norm, (d,), {"p": float(p), "dim": -1, "keepdim": bool(keepdim)})


def cosine_similarity(x1, x2, dim=1, eps=1e-8):
    """Cosine of the angle between x1 and x2 along dim: sum(x1 * x2) / (norm(x1) * norm(x2)).

    Each vector is divided by max(norm, eps) first (PyTorch's order), the clamp not recorded for
    the gradient. x1 and x2 broadcast against each other.

    Args:
        x1, x2: the tensors.
        dim: the dim of the vectors (default 1).
        eps: the smallest norm (default 1e-8).

    Gradient: grad * (x2_hat - cos * x1_hat) / norm(x1) to x1 (hats: unit vectors), symmetrically to x2.

    Example::

        >>> F.cosine_similarity(pa.tensor([[1.0, 0.0]]), pa.tensor([[1.0, 1.0]]))
        tensor([0.7071])
    """
    a, b = _binary_operands(x1, x2)
    shape = np.broadcast_shapes(tuple(a.shape), tuple(b.shape))
    if tuple(a.shape) != shape:
        a = _ops.expand(a, shape)
    if tuple(b.shape) != shape:
        b = _ops.expand(b, shape)
    na = _clamped_value(_ops.norm(a, 2, dim, True), eps)
    nb = _clamped_value(_ops.norm(b, 2, dim, True), eps)
    return ((a / na) * (b / nb)).sum(dim)


def _clamped_value(t, low):
    """t clamped below at low in value only: the derivative stays t's (PyTorch clamps in place
    under no_grad)."""
    return t + (_ops.clamp_min(t, low) - t).detach()


def triplet_margin_loss(anchor, positive, negative, margin=1.0, p=2, eps=1e-6, swap=False, size_average=None,
                        reduce=None, reduction="mean"):
    """Triplet loss: max(0, d(a, p) - d(a, n) + margin), d the p-norm pairwise distance, reduced.

    With swap=True, d(a, n) is replaced by min(d(a, n), d(p, n)). The distance adds eps to the differences, as
    pairwise_distance does.

    Args:
        anchor, positive, negative: the embeddings, (N, D) or (D,), all of one rank.
        margin: the margin (default 1).
        p: the norm degree (default 2).
        eps: added to the differences (default 1e-6).
        swap: use the distance swap (default False).
        size_average, reduce: deprecated, mapped onto reduction as PyTorch does (default None).
        reduction: "none" (the elementwise loss), "mean" (the default) or "sum".

    Gradient: through the distances, where the hinge is active.

    Example::

        >>> a, p, n = pa.tensor([[0.0, 0.0]]), pa.tensor([[1.0, 0.0]]), pa.tensor([[3.0, 0.0]])
        >>> F.triplet_margin_loss(a, p, n)
        tensor(0.)
    """
    reduction = _reduction(size_average, reduce, reduction)
    if not anchor.dim() == positive.dim() == negative.dim():
        raise RuntimeError("The anchor, positive, and negative tensors are expected to have the same number of "
                           "dimensions, but got: anchor %dD, positive %dD, and negative %dD inputs"
                           % (anchor.dim(), positive.dim(), negative.dim()))
    d_pos = pairwise_distance(anchor, positive, p, eps)
    d_neg = pairwise_distance(anchor, negative, p, eps)
    if swap:
        d_neg = _ops.minimum(d_neg, pairwise_distance(positive, negative, p, eps))
    return _reduce(_ops.clamp_min(margin + d_pos - d_neg, 0), reduction)


def triplet_margin_with_distance_loss(anchor, positive, negative, *, distance_function=None, margin=1.0,
                                      swap=False, reduction="mean"):
    """Triplet loss with a custom distance: max(0, d(a, p) - d(a, n) + margin), reduced.

    distance_function defaults to pairwise_distance; with swap=True, d(a, n) becomes min(d(a, n), d(p, n)).

    Args:
        anchor, positive, negative: the embeddings, all of one rank.
        distance_function: a callable (x1, x2) -> distances, keyword-only (default None: pairwise_distance).
        margin: the margin, > 0 (default 1).
        swap: use the distance swap (default False).
        reduction: "none" (the elementwise loss), "mean" (the default) or "sum".

    Gradient: through the distances, where the hinge is active.

    Example::

        >>> a, p, n = pa.tensor([[0.0, 0.0]]), pa.tensor([[1.0, 0.0]]), pa.tensor([[1.5, 0.0]])
        >>> F.triplet_margin_with_distance_loss(a, p, n)
        tensor(0.5000)
    """
    if reduction not in _REDUCTIONS:
        raise ValueError("%s is not a valid value for reduction" % (reduction,))
    if margin <= 0:
        raise ValueError("margin must be greater than 0, got %s" % (margin,))
    if not anchor.dim() == positive.dim() == negative.dim():
        raise RuntimeError("The anchor, positive, and negative tensors are expected to have the same number of "
                           "dimensions, but got: anchor %dD, positive %dD, and negative %dD inputs"
                           % (anchor.dim(), positive.dim(), negative.dim()))
    dist = pairwise_distance if distance_function is None else distance_function
    d_pos = dist(anchor, positive)
    d_neg = dist(anchor, negative)
    if swap:
        d_neg = _ops.minimum(d_neg, dist(positive, negative))
    return _reduce(_ops.clamp_min(margin + d_pos - d_neg, 0), reduction)


# ---- poisson / gaussian negative log likelihoods --------------------------------------------------
def poisson_nll_loss(input, target, log_input=True, full=False, size_average=None, eps=1e-8, reduce=None,
                     reduction="mean"):
    """Poisson negative log likelihood: exp(x) - t * x for log_input, else x - t * log(x + eps), reduced.

    With full=True, the Stirling term t * log(t) - t + 0.5 * log(2 * pi * t) is added where t > 1.

    Args:
        input: the (log-)rate.
        target: the counts.
        log_input: input is the log of the rate (default True).
        full: add the Stirling term (default False).
        size_average, reduce: deprecated, mapped onto reduction as PyTorch does (default None).
        eps: keeps the log finite when log_input is False (default 1e-8).
        reduction: "none" (the elementwise loss), "mean" (the default) or "sum".

    Gradient: (exp(x) - t) * grad to input for log_input (1 - t / (x + eps) otherwise); -x * grad (-log(x + eps) *
    grad) to target.

    Example::

        >>> F.poisson_nll_loss(pa.tensor([0.0, 1.0]), pa.tensor([1.0, 2.0]))
        tensor(0.8591)
    """
    reduction = _reduction(size_average, reduce, reduction)
    if log_input:
        loss = _ops.exp(input) - target * input
    else:
        loss = input - target * _ops.log(input + eps)
    if full:
        # Stirling's approximation of log(target!), where target > 1
        t = target if _is_tensor(target) else _const(target, input._data.dtype)
        stirling = t * _ops.log(t) - t + 0.5 * _ops.log(2 * math.pi * t)
        loss = loss + _ops.masked_fill(stirling, t <= 1, 0)
    return _reduce(loss, reduction)


def gaussian_nll_loss(input, target, var, full=False, eps=1e-6, reduction="mean"):
    """Gaussian negative log likelihood: 0.5 * (log(var) + (input - target)**2 / var), reduced.

    var is clamped below at eps (in value only: its gradient passes unchanged); it may be a float, input's shape, or
    input's shape with the last dim 1 or missing. full=True adds 0.5 * log(2 * pi).

    Args:
        input: the predicted means.
        target: the samples.
        var: the predicted variances (non-negative).
        full: add the constant term (default False).
        eps: the variance clamp (default 1e-6).
        reduction: "none" (the elementwise loss), "mean" (the default) or "sum".

    Gradient: (input - target) / var * grad to input and its negative to target; 0.5 * (1 / var - (input -
    target)**2 / var**2) * grad to var.

    Example::

        >>> F.gaussian_nll_loss(pa.tensor([1.0, 2.0]), pa.tensor([1.0, 3.0]), pa.tensor([1.0, 1.0]))
        tensor(0.2500)
    """
    if isinstance(var, float):
        if var < 0:
            raise ValueError("var has negative entry/entries")
        var = var * _ops.ones_like(input)
    elif np.any(all_values(var) < 0):
        raise ValueError("var has negative entry/entries")
    vs, xs = tuple(var.shape), tuple(input.shape)
    if vs != xs:
        if xs[:-1] == vs:
            var = _ops.unsqueeze(var, -1)
        elif not (len(xs) == len(vs) and builtins.sum(v for a, v in zip(xs, vs) if a != v) == 1):
            raise ValueError("var is of incorrect size")
    if reduction not in _REDUCTIONS:
        raise ValueError("%s is not valid" % (reduction,))
    var = _clamped_value(var, eps)
    loss = 0.5 * (_ops.log(var) + (input - target) ** 2 / var)
    if full:
        loss = loss + 0.5 * math.log(2 * math.pi)
    return _reduce(loss, reduction)


# ---- multi_margin_loss: sum over i != y of max(0, margin - x[y] + x[i])^p / C ---------------------
def _class_rows(xd):
    """x as (N, C) rows: a 1-D input is one sample."""
    return xd.reshape(1, -1) if xd.ndim <= 1 else xd


class MultiMarginLoss(Op):
    name = "MultiMarginLossBackward0"

    @staticmethod
    def forward(ctx, x, target=None, p=1, margin=1.0, weight=None, reduction="mean", out_shape=None):
        ctx.save_for_backward(x)
        ctx.args = (target, p, margin, weight, reduction)
        xd = x._data
        rows = _class_rows(xd)
        h, _ = MultiMarginLoss._hinge(rows, target, margin, weight)
        per = (h if p == 1 else h * h).sum(1) / rows.shape[1]
        if weight is not None:
            per = per * weight[target]
        per = per.astype(xd.dtype, copy=False)
        if reduction == "none":         # shaped as the target (a 1-D input's: () or (1,))
            return per.reshape(out_shape)
        return _np_reduce(per, reduction)

    @staticmethod
    def _hinge(rows, target, margin, weight):
        """margin - x[y] + x[i] where positive and i != y (0 elsewhere), and that mask."""
        picked = np.take_along_axis(rows, target[:, None], 1)
        z = margin - picked + rows
        active = z > 0
        active[np.arange(rows.shape[0]), target] = False
        return np.where(active, z, 0.0), active

    jvp = staticmethod(vjp_jvp(_per_sample_loss))

    @staticmethod
    def vjp(F, ctx, g):
        x, = F.saved(ctx)
        target, p, margin, weight, reduction = ctx.args
        shape = F.shape(x)
        c = shape[-1] if len(shape) else 1
        nrows = 1 if len(shape) <= 1 else shape[0]
        # the (N, C) layout of x's values (constant masks), then each element's coefficient
        rows = _class_rows(F.data(x))
        _, active = MultiMarginLoss._hinge(rows, target, margin, weight)
        onehot = np.zeros(active.shape, dtype=bool)
        onehot[np.arange(nrows), target] = True
        xr = x if len(shape) == 2 else F.unsqueeze(x if len(shape) == 1 else F.unsqueeze(x, -1), -2)
        if p == 1:
            dz = F.constant(active.astype(rows.dtype))
        else:
            picked = F.sum(F.where(onehot, xr, 0.0), -1, True)
            dz = F.where(active, 2.0 * (margin - picked + xr), 0.0)
        # d/dx[i] = dz[i]; d/dx[y] = -sum_i dz[i]
        coef = dz - F.where(onehot, F.sum(dz, -1, True), 0.0)
        scale = 1.0 / c
        if weight is not None:
            scale = F.constant((weight[target] / c).astype(rows.dtype)[:, None])
        if reduction == "mean":
            scale = scale / nrows
        if reduction == "none":
            gr = F.unsqueeze(g, -1) if len(shape) == 2 else F.reshape(g, (1, 1))
        else:
            gr = F.unsqueeze_to(g, (nrows, c), None, False)
        out = coef * scale * gr
        return F.reshape(out, shape) if len(shape) != 2 else out


def _target_indices(target):
    return target._data if _is_tensor(target) else np.asarray(target)


def multi_margin_loss(input, target, p=1, margin=1.0, weight=None, size_average=None, reduce=None,
                      reduction="mean"):
    """Multi-class hinge loss: sum over i != y of max(0, margin - x[y] + x[i])**p / C, reduced.

    y is the target class of each sample; with weight, each sample's term is scaled by weight[y].

    Args:
        input: the scores, (N, C) or (C,).
        target: integer class indices, (N,) or ().
        p: 1 (default) or 2.
        margin: the margin (default 1).
        weight: optional per-class weights, shape (C,) (default None).
        size_average, reduce: deprecated, mapped onto reduction as PyTorch does (default None).
        reduction: "none" (the elementwise loss), "mean" (the default) or "sum".

    Gradient: for each active hinge, p * h**(p-1) / C * grad to x[i] and its negative to x[y]; none to target.

    Example::

        >>> F.multi_margin_loss(pa.tensor([[0.1, 0.2, 0.4, 0.8]]), pa.tensor([3]))
        tensor(0.3250)
    """
    reduction = _reduction(size_average, reduce, reduction)
    if p != 1 and p != 2:
        raise ValueError("only p == 1 and p == 2 supported")
    if weight is not None and weight.dim() != 1:
        raise ValueError("weight must be one-dimensional")
    nd = input.dim()
    t = _target_indices(target)
    if nd > 2 or (nd == 2 and input.shape[1] == 0) or (nd <= 1 and input.numel() == 0):
        raise RuntimeError("Expected non-empty vector or matrix with optional 0-dim batch size, but got: %s"
                           % _list_str(input.shape))
    nframe = 1 if nd <= 1 else input.shape[0]
    dim = input.shape[-1] if nd else 1
    if not (t.ndim <= 1 and t.size == nframe):
        raise RuntimeError("multi_margin_loss: target tensor should be 1-D with size equal to the number of input "
                           "samples (batch size). Expected target size [%d], but got %s. Input has shape %s."
                           % (nframe, _list_str(t.shape), _list_str(input.shape)))
    _floating(input, "multi_margin_loss_cpu")
    out_shape = tuple(t.shape)
    t = t.reshape(-1).astype(np.int64)
    if t.size and (t.min() < 0 or t.max() >= dim):
        raise RuntimeError("target out of range")
    w = None
    if weight is not None:
        w = weight._data.astype(input._data.dtype, copy=False)
    return apply_op(MultiMarginLoss, (input,), {"target": t, "p": int(p), "margin": float(margin), "weight": w,
                                                "reduction": reduction, "out_shape": out_shape})


# ---- multilabel_margin_loss: sum over targets j, non-targets i of max(0, 1 - x[y_j] + x[i]) / C ---
class MultilabelMarginLoss(Op):
    name = "MultilabelMarginLossBackward0"

    @staticmethod
    def forward(ctx, x, target=None, reduction="mean"):
        ctx.save_for_backward(x)
        ctx.args = (target, reduction)
        xd = x._data
        rows = _class_rows(xd)
        active = MultilabelMarginLoss._pairs(rows, target)
        z = 1.0 - rows[:, :, None] + rows[:, None, :]          # [n, j, i]: 1 - x[j] + x[i]
        per = (active * z).sum((1, 2)) / rows.shape[1]
        per = per.astype(xd.dtype, copy=False)
        if reduction == "none":
            return per.reshape(()) if xd.ndim <= 1 else per
        return _np_reduce(per, reduction)

    @staticmethod
    def _pairs(rows, target):
        """[n, j, i]: class j a target of sample n (listed before its first -1), i not one, and the
        hinge active; a class listed twice counts twice (as PyTorch's loop over the list)."""
        n, c = rows.shape
        listed = np.cumprod(target >= 0, axis=1).astype(bool)             # before the first -1
        counts = np.zeros((n, c), dtype=np.int64)
        np.add.at(counts, (np.repeat(np.arange(n), c)[listed.reshape(-1)], target[listed]), 1)
        is_target = counts > 0
        z = 1.0 - rows[:, :, None] + rows[:, None, :]
        return (counts[:, :, None] * ((~is_target)[:, None, :] & (z > 0))).astype(rows.dtype)

    jvp = staticmethod(vjp_jvp(_per_sample_loss))

    @staticmethod
    def vjp(F, ctx, g):
        x, = F.saved(ctx)
        target, reduction = ctx.args
        shape = F.shape(x)
        c = shape[-1] if len(shape) else 1
        nrows = 1 if len(shape) <= 1 else shape[0]
        rows = _class_rows(F.data(x))
        pairs = MultilabelMarginLoss._pairs(rows, target)       # piecewise linear: constant coefficients
        coef = (pairs.sum(1) - pairs.sum(2)) / c                # + for each non-target i, - for each target j
        if reduction == "mean":
            coef = coef / nrows
        coef = F.constant(coef.astype(rows.dtype))
        if reduction == "none":
            gr = F.reshape(g, (nrows, 1)) if len(shape) <= 1 else F.unsqueeze(g, -1)
        else:
            gr = F.unsqueeze_to(g, (nrows, c), None, False)
        out = coef * gr
        return F.reshape(out, shape) if len(shape) != 2 else out


def multilabel_margin_loss(input, target, size_average=None, reduce=None, reduction="mean"):
    """Multi-class multi-label hinge loss: sum of max(0, 1 - (x[j] - x[i])) / C, reduced.

    j runs over the target classes and i over the others. target holds class indices per sample, padded with -1
    after the last one, in the same shape as input (N, C) or (C,).

    Args:
        input: the scores, (N, C) or (C,).
        target: integer class indices, -1 ending the list.
        size_average, reduce: deprecated, mapped onto reduction as PyTorch does (default None).
        reduction: "none" (the elementwise loss), "mean" (the default) or "sum".

    Gradient: for each active hinge, -grad / C to x[j] and +grad / C to x[i]; none to target.

    Example::

        >>> F.multilabel_margin_loss(pa.tensor([[0.1, 0.2, 0.4, 0.8]]), pa.tensor([[3, 0, -1, 1]]))
        tensor(0.8500)
    """
    reduction = _reduction(size_average, reduce, reduction)
    nd = input.dim()
    t = _target_indices(target)
    if nd > 2 or (nd == 2 and input.shape[1] == 0) or (nd <= 1 and input.numel() == 0):
        raise RuntimeError("Expected non-empty vector or matrix with optional 0-dim batch size, but got: %s"
                           % _list_str(input.shape))
    if nd <= 1:
        if not (t.ndim <= 1 and t.size == (input.numel() if nd else 1)):
            raise RuntimeError("inconsistent target size: %s for input of size: %s"
                               % (_list_str(t.shape), _list_str(input.shape)))
    elif tuple(t.shape) != tuple(input.shape):
        raise RuntimeError("inconsistent target size: %s for input of size: %s"
                           % (_list_str(t.shape), _list_str(input.shape)))
    _floating(input, "multilabel_margin_loss_forward_out_frame")
    c = 1 if nd == 0 else input.shape[-1]
    t = t.reshape(-1, c).astype(np.int64)
    if t.size and (t.min() < -1 or t.max() >= c):
        raise RuntimeError("argument #2 'target' is out of range")
    return apply_op(MultilabelMarginLoss, (input,), {"target": t, "reduction": reduction})


# ---- ctc_loss: the forward-backward (alpha / beta) recursions in log space, over the batch at once ----
def _logsumexp3(a, b, c):
    m = np.maximum(np.maximum(a, b), c)
    finite = np.isfinite(m)
    ms = np.where(finite, m, 0.0)
    with np.errstate(divide="ignore"):
        out = np.log(np.exp(a - ms) + np.exp(b - ms) + np.exp(c - ms)) + ms
    return np.where(finite, out, m)


class CtcLoss(Op):
    """Per-sample negative log likelihoods of the targets under all alignments (N,); the gradient
    is PyTorch's: exp(lp) - exp(log(alpha beta summed per label) + nll - lp) for t < the input
    length, 0 beyond (its exp(lp) term makes the log_softmax gradient the softmax's minus the
    posteriors)."""
    name = "CtcLossBackward0"

    @staticmethod
    def forward(ctx, lp, targets=None, input_lengths=None, target_lengths=None, blank=0, zero_infinity=False):
        lpd = lp._data
        a = lpd.astype(np.float64)
        nll, lcab = CtcLoss._forward_backward(a, targets, input_lengths, target_lengths, blank)
        ctx.save_for_backward(lp)
        ctx.args = (nll, lcab, input_lengths, zero_infinity)
        out = nll
        if zero_infinity:
            out = np.where(np.isinf(nll), 0.0, nll)
        return out.astype(lpd.dtype)

    @staticmethod
    def _forward_backward(lp, targets, in_len, tg_len, blank):
        t_max, n, c = lp.shape
        s_ext = 2 * targets.shape[1] + 1
        ext = np.full((n, s_ext), blank, dtype=np.int64)
        ext[:, 1::2] = targets
        pos = np.arange(s_ext)
        valid = pos[None, :] < (2 * tg_len + 1)[:, None]                    # (N, S')
        # a skip from s - 2 is allowed onto a label differing from the one two back
        skip = np.zeros((n, s_ext), dtype=bool)
        skip[:, 2:] = (ext[:, 2:] != blank) & (ext[:, 2:] != ext[:, :-2])
        rows = np.arange(n)[:, None]
        emit = np.transpose(lp[:, rows, ext], (0, 1, 2))                    # (T, N, S'): lp of each ext label
        neg = -np.inf
        alpha = np.full((t_max, n, s_ext), neg)
        alpha[0, :, 0] = emit[0, :, 0]
        if s_ext > 1:
            alpha[0, :, 1] = np.where(tg_len > 0, emit[0, :, 1], neg)
        for t in range(1, t_max):
            prev = alpha[t - 1]
            one = np.concatenate([np.full((n, 1), neg), prev[:, :-1]], 1)
            two = np.where(skip, np.concatenate([np.full((n, 2), neg), prev[:, :-2]], 1), neg)
            alpha[t] = np.where(valid, _logsumexp3(prev, one, two) + emit[t], neg)
        last = in_len - 1
        end = 2 * tg_len                                                   # the last extended position
        a_last = alpha[last, np.arange(n)]                                  # (N, S')
        e1 = a_last[np.arange(n), end]
        e2 = np.where(end > 0, a_last[np.arange(n), np.maximum(end - 1, 0)], neg)
        ll = np.logaddexp(e1, e2)
        nll = -ll
        beta = np.full((t_max, n, s_ext), neg)
        for t in range(t_max - 1, -1, -1):
            start = (t == last)[:, None]
            init = np.where((pos[None, :] == end[:, None]) | ((pos[None, :] == end[:, None] - 1) & (end[:, None] > 0)),
                            emit[t], neg)
            if t + 1 < t_max:
                nxt = beta[t + 1]
                one = np.concatenate([nxt[:, 1:], np.full((n, 1), neg)], 1)
                skip_next = np.concatenate([skip[:, 2:], np.zeros((n, 2), dtype=bool)], 1)
                two = np.where(skip_next, np.concatenate([nxt[:, 2:], np.full((n, 2), neg)], 1), neg)
                rec = _logsumexp3(nxt, one, two) + emit[t]
            else:
                rec = np.full((n, s_ext), neg)
            inside = (t < last)[:, None]
            beta[t] = np.where(valid & start, init, np.where(valid & inside, rec, neg))
        # log of sum over positions s labelled c of alpha * beta, per (t, n, c): one matmul over s
        ab = alpha + beta
        m = ab.max(2, keepdims=True)
        m = np.where(np.isfinite(m), m, 0.0)
        onehot = np.zeros((n, s_ext, c))
        onehot[rows, pos[None, :], ext] = 1.0
        with np.errstate(divide="ignore"):
            lcab = np.log(np.einsum("tns,nsc->tnc", np.exp(ab - m), onehot)) + m
        return nll, lcab

    @staticmethod
    def _grad(lpd, nll, lcab, in_len, zero_infinity):
        """PyTorch's gradient for a unit output gradient (T, N, C), in log_probs' dtype."""
        a = np.asarray(lpd, dtype=np.float64)
        with np.errstate(over="ignore", invalid="ignore"):
            grad = np.exp(a) - np.exp(lcab + nll[None, :, None] - a)
        keep = np.arange(a.shape[0])[:, None] < in_len[None, :]            # (T, N): t < the input length
        if zero_infinity:
            keep = keep & ~np.isinf(nll)[None, :]
        return np.where(keep[:, :, None], grad, 0.0).astype(lpd.dtype)

    @staticmethod
    def vjp(F, ctx, g):
        lp, = F.saved(ctx)
        grad = CtcLoss._grad(F.data(lp), *ctx.args)
        g = F.unsqueeze(F.unsqueeze(g, -1), -3)            # (N,) -> (1, N, 1), batch dims kept in front
        if _is_graph(F):    # recorded: PyTorch's gradient has no derivative of its own (its double backward raises)
            return _CtcLossGrad.apply(g, lp, grad)
        return g * grad

    @staticmethod
    def jvp(F, ctx, primals, options, result, t):
        lp, = primals
        # J t: the same fixed gradient, recomputed from the options (forward mode saves nothing)
        nll, lcab = CtcLoss._forward_backward(np.asarray(F.data(lp), dtype=np.float64), options["targets"],
                                              options["input_lengths"], options["target_lengths"], options["blank"])
        grad = CtcLoss._grad(F.data(lp), nll, lcab, options["input_lengths"], options["zero_infinity"])
        return F.sum(t * F.constant(grad), (-3, -1), False)


def _is_graph(F):
    return getattr(F, "mode", "array") == "graph"


class _CtcLossGrad(Function):
    """g * ctc_loss's gradient, recorded under create_graph with log_probs as an input: PyTorch
    cannot differentiate it (its double backward raises), and neither is it differentiated here,
    rather than answering a silent zero. A Function, not an op: it has no rule to declare."""

    @staticmethod
    def forward(ctx, g, log_probs, grad):
        return g * _make_tensor(grad)

    @staticmethod
    def backward(ctx, gg):
        raise RuntimeError("derivative for aten::_ctc_loss_backward is not implemented")


def _lengths(x):
    if _is_tensor(x):
        return np.asarray(x._data, dtype=np.int64).reshape(-1)
    if isinstance(x, (int, np.integer)):
        return np.array([x], dtype=np.int64)
    return np.asarray(list(x), dtype=np.int64).reshape(-1)


def ctc_loss(log_probs, targets, input_lengths, target_lengths, blank=0, reduction="mean", zero_infinity=False):
    """Connectionist temporal classification loss: -log of the total probability of every alignment of each target.

    log_probs is (T, N, C) (or (T, C) unbatched) log-probabilities over C classes including blank; targets is (N, S)
    padded or the concatenation of all targets. "mean" divides each sample's loss by its target length, then
    averages over the batch. zero_infinity=True replaces infinite losses (no valid alignment) and their gradients
    with 0.

    Args:
        log_probs: (T, N, C) log-probabilities, e.g. from log_softmax.
        targets: class indices (never blank).
        input_lengths: the length of each input sequence, (N,).
        target_lengths: the length of each target, (N,).
        blank: the blank class (default 0).
        reduction: "none" (the elementwise loss), "mean" (the default) or "sum".
        zero_infinity: zero the infinite losses (default False).

    Gradient: to log_probs, grad * (exp(log_probs) - the alignments' posterior occupancy) (PyTorch's rule); none to
    targets or lengths; 0 beyond each input length.

    Example::

        >>> logp = pa.full((3, 1, 2), 0.5).log()
        >>> F.ctc_loss(logp, pa.tensor([[1]]), [3], [1])
        tensor(0.2877)
    """
    if reduction not in _REDUCTIONS:
        raise ValueError("%s is not a valid value for reduction" % (reduction,))
    unbatched = log_probs.dim() == 2
    lp = _ops.unsqueeze(log_probs, 1) if unbatched else log_probs
    _floating(lp, "ctc_loss_cpu")
    t_max, n, c = lp.shape
    if not 0 <= blank < c:
        raise RuntimeError("blank must be in label range")
    in_len = _lengths(input_lengths)
    tg_len = _lengths(target_lengths)
    tg = np.asarray(targets._data if _is_tensor(targets) else targets).astype(np.int64)
    if unbatched:
        tg = tg.reshape(1, -1)
    if in_len.size != n:
        raise RuntimeError("input_lengths must be of size batch_size")
    if tg_len.size != n:
        raise RuntimeError("target_lengths must be of size batch_size")
    if in_len.size and in_len.max() > t_max:
        raise RuntimeError("Expected input_lengths to have value at most %d, but got value %d (while checking "
                           "arguments for ctc_loss_allocate_outputs)" % (t_max, in_len.max()))
    if tg.ndim == 1:            # the targets of every sample, concatenated
        offsets = np.concatenate([[0], np.cumsum(tg_len)[:-1]])
        width = int(tg_len.max()) if tg_len.size else 0
        padded = np.full((n, width), blank, dtype=np.int64)
        for b in range(n):      # one slice per sample (the batch, not the elements)
            padded[b, :tg_len[b]] = tg[offsets[b]:offsets[b] + tg_len[b]]
        tg = padded
    else:
        if tg_len.size and tg_len.max() > tg.shape[1]:
            raise RuntimeError("Expected tensor to have size at least %d at dimension 1, but got size %d for argument "
                               "#2 'targets' (while checking arguments for ctc_loss_allocate_outputs)"
                               % (tg_len.max(), tg.shape[1]))
        tg = np.where(np.arange(tg.shape[1])[None, :] < tg_len[:, None], tg, blank)
    loss = apply_op(CtcLoss, (lp,), {"targets": tg, "input_lengths": in_len, "target_lengths": tg_len,
                                     "blank": int(blank), "zero_infinity": bool(zero_infinity)})
    if zero_infinity and reduction == "none":
        # PyTorch zeroes the infinite losses with a where after the op (its grad_fn: WhereBackward0); the
        # op has zeroed them already, the where keeps the node
        loss = _ops.where(loss == math.inf, 0.0, loss)
    if unbatched and reduction == "none":
        loss = loss.squeeze(0)
    if reduction == "mean":
        div = _const(np.maximum(tg_len, 1).astype(loss._data.dtype), loss._data.dtype)
        return (loss / div).mean()
    if reduction == "sum":
        return loss.sum()
    return loss


# ---- test specs (tests/op_specs.py collects EXTRA_SPECS) ---------------------------------------
def _nnf(T):
    return T.nn.functional


def _spec(name, fn, shapes=((2, 3),), **kw):
    EXTRA_SPECS.append(OpSpec("nn_" + name, fn, list(shapes), **kw))


_U = {"scalar": [()], "empty": [(0, 3)]}
# the in-place variants' second derivatives are compared with PyTorch's in tests/test_nn_act.py; the
# generated forward-over-reverse test would find no tangent on their gradient (a core limitation that
# every in-place op whose rule reads its input shares, x.sin_() too)
_INPLACE_SECOND = False
_spec("gelu", lambda T, a: _nnf(T).gelu(a), **_U)
_spec("gelu_tanh", lambda T, a: _nnf(T).gelu(a, approximate="tanh"), **_U)
_spec("silu_inplace", lambda T, a: _nnf(T).silu(a * 1.0, inplace=True), **_U, second=_INPLACE_SECOND)
_spec("leaky_relu_inplace", lambda T, a: _nnf(T).leaky_relu(a * 1.0, 0.2, inplace=True), domain="away",
      second=_INPLACE_SECOND)
_spec("leaky_relu_", lambda T, a: _nnf(T).leaky_relu_(a * 1.0, 0.3), domain="away", second=_INPLACE_SECOND)
_spec("mish", lambda T, a: _nnf(T).mish(a), **_U)
_spec("mish_inplace", lambda T, a: _nnf(T).mish(a * 1.0, inplace=True), second=_INPLACE_SECOND)
_spec("hardswish", lambda T, a: _nnf(T).hardswish(a * 3.0), domain=("kinks", [-1.0, 1.0]), **_U)
_spec("hardsigmoid", lambda T, a: _nnf(T).hardsigmoid(a * 3.0), domain=("kinks", [-1.0, 1.0]), second=False,
      **_U)
_spec("hardtanh", lambda T, a: _nnf(T).hardtanh(a, -0.5, 0.7), domain=("kinks", [-0.5, 0.7]), **_U)
_spec("relu6_inplace", lambda T, a: _nnf(T).relu6(a * 4.0, inplace=True), domain=("kinks", [0.0, 1.5]),
      second=_INPLACE_SECOND)
_spec("elu", lambda T, a: _nnf(T).elu(a, alpha=0.7), domain="away", **_U)
_spec("elu_inplace", lambda T, a: _nnf(T).elu(a * 1.0, alpha=1.3, inplace=True), domain="away",
      second=_INPLACE_SECOND)
_spec("selu", lambda T, a: _nnf(T).selu(a), domain="away", **_U)
_spec("celu", lambda T, a: _nnf(T).celu(a, alpha=0.6), domain="away", **_U)
_spec("celu_inplace", lambda T, a: _nnf(T).celu(a * 1.0, alpha=0.6, inplace=True), domain="away",
      second=_INPLACE_SECOND)
_spec("threshold", lambda T, a: _nnf(T).threshold(a, 0.2, -3.0), domain=("kinks", [0.2]), **_U)
_spec("threshold_inplace", lambda T, a: _nnf(T).threshold(a * 1.0, 0.2, -3.0, inplace=True),
      domain=("kinks", [0.2]), second=_INPLACE_SECOND)
_spec("hardshrink", lambda T, a: _nnf(T).hardshrink(a, 0.3), domain=("kinks", [-0.3, 0.3]), **_U)
_spec("softshrink", lambda T, a: _nnf(T).softshrink(a, 0.3), domain=("kinks", [-0.3, 0.3]), **_U)
_spec("softsign", lambda T, a: _nnf(T).softsign(a), domain="away", **_U)
_spec("tanhshrink", lambda T, a: _nnf(T).tanhshrink(a), **_U)
_spec("softmin", lambda T, a: _nnf(T).softmin(a, 1), [(2, 3)], empty=[(0, 3)])
_spec("glu", lambda T, a: _nnf(T).glu(a, 0), [(4, 3)], empty=[(4, 0)])
_spec("glu_last", lambda T, a: _nnf(T).glu(a), [(3, 4)])
_spec("prelu", lambda T, a, w: _nnf(T).prelu(a, w), [(2, 3, 2), (3,)], domain=["away", "real"])
_spec("prelu_one", lambda T, a, w: _nnf(T).prelu(a, w), [(2, 3), (1,)], domain=["away", "real"])
_spec("rrelu_eval", lambda T, a: _nnf(T).rrelu(a, 0.1, 0.3), domain="away", **_U)
_spec("rrelu_eval_inplace", lambda T, a: _nnf(T).rrelu(a * 1.0, 0.1, 0.3, inplace=True), domain="away",
      second=_INPLACE_SECOND)



def _signs(T, x):
    return T.tensor(np.where(np.arange(int(np.prod(tuple(x.shape), dtype=np.int64))) % 3 == 1, -1.0, 1.0)
                    .reshape(tuple(x.shape)), dtype=x.dtype)


def _mm_target(T, x):
    n = x.shape[0] if x.dim() == 2 else 1
    c = x.shape[-1]
    t = (np.arange(n) * 2 + 1) % c
    return T.tensor(t if x.dim() == 2 else t[0], dtype=T.int64)


def _mlm_target(T, x):
    rows = np.array([[2, 0, -1, 1], [1, 3, 3, -1], [-1, 0, 0, 0]])
    return T.tensor(rows[:x.shape[0]] if x.dim() == 2 else rows[0], dtype=T.int64)


_L2 = [(2, 3), (2, 3)]
_spec("kl_div", lambda T, x, t: _nnf(T).kl_div(x, t * t + 0.1, reduction="batchmean"), _L2)
_spec("kl_div_log_none", lambda T, x, t: _nnf(T).kl_div(x, t, reduction="none", log_target=True), _L2,
      scalar=[(), ()])
_spec("soft_margin_loss", lambda T, x: _nnf(T).soft_margin_loss(x, _signs(T, x)), [(2, 3)], scalar=[()],
      empty=[(0, 3)])
_spec("soft_margin_loss_none", lambda T, x: _nnf(T).soft_margin_loss(x, _signs(T, x), reduction="none"), [(2, 3)])
_spec("multilabel_soft_margin_loss",
      lambda T, x: _nnf(T).multilabel_soft_margin_loss(x, (_signs(T, x) > 0).to(x.dtype)), [(2, 3)])
_spec("multi_margin_loss", lambda T, x: _nnf(T).multi_margin_loss(x, _mm_target(T, x), margin=0.5), [(3, 4)],
      domain=("kinks", [-0.5, 0.0, 0.5, 1.0]), second=False)
_spec("multi_margin_loss_p2_none", lambda T, x: _nnf(T).multi_margin_loss(
    x, _mm_target(T, x), p=2, weight=T.tensor([0.5, 1.0, 2.0, 1.5], dtype=x.dtype), reduction="none"), [(3, 4)],
      domain=("kinks", [-1.0, 0.0, 1.0]), second=False)
_spec("multi_margin_loss_1d", lambda T, x: _nnf(T).multi_margin_loss(x, _mm_target(T, x), reduction="sum"),
      [(4,)], domain=("kinks", [-1.0, 0.0, 1.0]), second=False)
_spec("multilabel_margin_loss", lambda T, x: _nnf(T).multilabel_margin_loss(x, _mlm_target(T, x)), [(3, 4)],
      domain=("kinks", [-1.0, 0.0, 1.0]), second=False)
_spec("multilabel_margin_loss_none",
      lambda T, x: _nnf(T).multilabel_margin_loss(x, _mlm_target(T, x), reduction="none"), [(3, 4)],
      domain=("kinks", [-1.0, 0.0, 1.0]), second=False)
_spec("cosine_embedding_loss", lambda T, a, b: _nnf(T).cosine_embedding_loss(
    a, b, T.tensor([1.0, -1.0], dtype=a.dtype), margin=-0.9), _L2)
_spec("margin_ranking_loss", lambda T, a, b: _nnf(T).margin_ranking_loss(a, b, _signs(T, a), margin=0.1), _L2,
      domain=["away", "unit"])
_spec("hinge_embedding_loss", lambda T, x: _nnf(T).hinge_embedding_loss(x, _signs(T, x), margin=3.0), [(2, 3)])
_spec("triplet_margin_loss", lambda T, a, p, n: _nnf(T).triplet_margin_loss(a, p, n, margin=5.0, swap=True),
      [(2, 3), (2, 3), (2, 3)])
_spec("triplet_margin_with_distance_loss", lambda T, a, p, n: _nnf(T).triplet_margin_with_distance_loss(
    a, p, n, margin=5.0, reduction="sum"), [(2, 3), (2, 3), (2, 3)])
_spec("poisson_nll_loss", lambda T, x, t: _nnf(T).poisson_nll_loss(x, t * t * 3, full=True), _L2)
_spec("poisson_nll_loss_linear", lambda T, x, t: _nnf(T).poisson_nll_loss(x, t, log_input=False, reduction="sum"),
      _L2, domain=["pos", "real"])
_spec("gaussian_nll_loss", lambda T, x, t, v: _nnf(T).gaussian_nll_loss(x, t, v, full=True),
      [(2, 3), (2, 3), (2, 1)], domain=["real", "real", "pos"])
_spec("pairwise_distance", lambda T, a, b: _nnf(T).pairwise_distance(a, b), _L2, empty=[(0, 3), (0, 3)])
_spec("pairwise_distance_p3", lambda T, a, b: _nnf(T).pairwise_distance(a, b, p=3.0, keepdim=True), _L2)
_spec("pairwise_distance_p1", lambda T, a, b: _nnf(T).pairwise_distance(a, b, p=1.0), _L2,
      domain=["away", "real"])
_CTC_TARGETS = np.array([[1, 1, 2], [3, 2, 0]])
_spec("ctc_loss", lambda T, x: _nnf(T).ctc_loss(_nnf(T).log_softmax(x, 2), T.tensor(_CTC_TARGETS), [6, 5], [3, 2]),
      [(6, 2, 4)], second=False)
# (through log_softmax: PyTorch's gradient is the derivative only for normalised log_probs)
_spec("ctc_loss_none_concat", lambda T, x: _nnf(T).ctc_loss(_nnf(T).log_softmax(x, 2), T.tensor([1, 2, 3, 3]),
                                                            [5, 4], [2, 2], blank=0, reduction="none",
                                                            zero_infinity=True),
      [(5, 2, 4)], second=False)
_spec("cosine_similarity", lambda T, a, b: _nnf(T).cosine_similarity(a, b), [(2, 3), (2, 3)], bcast=[(2, 3), (3,)])

def _declare_batching():
    ops = [op for op in ALL_OPS if op.__module__ == __name__]
    table = {}
    for op in ops:
        table[op] = batching.loop
    table[SoftMarginLoss] = batching.loss
    # the in-place variants stay on the per-sample loop
    for op in (Gelu, Silu, LeakyRelu, Mish, Hardswish, Hardsigmoid, Hardtanh, Elu, Celu, Threshold, Hardshrink,
               Softshrink):
        table[op] = batching.elementwise
    batching.declare(table)


_declare_batching()
