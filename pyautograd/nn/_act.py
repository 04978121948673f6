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
    return _apply(Silu, _floating(input, "silu_cpu"), None, inplace)


def _mish_vjp(F, x, p, g):
    t = F.tanh(_softplus_f(F, x))
    return g * (t + x * F.sigmoid(x) * (1.0 - t * t))


Mish = _elementwise("MishBackward0", "Mish", lambda a, p: a * np.tanh(_softplus_np(a)), _mish_vjp)


def mish(input, inplace=False):
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
    return _apply(Hardswish, _floating(input, "hardswish_cpu"), None, inplace)


def hardsigmoid(input, inplace=False):
    return _apply(Hardsigmoid, _floating(input, "hardsigmoid_cpu"), None, inplace)


# hardtanh: the gradient is 0 at and beyond the bounds (PyTorch: x <= min or x >= max)
Hardtanh = _elementwise("HardtanhBackward0", "Hardtanh", lambda a, p: np.clip(a, p[0], p[1]),
                        lambda F, x, p, g: F.where((x > p[0]) & (x < p[1]), g, 0.0))


def hardtanh(input, min_val=-1.0, max_val=1.0, inplace=False):
    if min_val > max_val:
        raise ValueError("min_val cannot be greater than max_val")
    if input._data.dtype.kind not in "fc":        # integers: a clamp in the input's dtype (no gradient)
        out = _ops.clamp(input, int(min_val), int(max_val))
        return input.copy_(out) if inplace else out
    return _apply(Hardtanh, input, (float(min_val), float(max_val)), inplace)


def hardtanh_(input, min_val=-1.0, max_val=1.0):
    return hardtanh(input, min_val, max_val, inplace=True)


def relu6(input, inplace=False):
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
    return _apply(Elu, _floating(input, "elu_cpu"), (float(alpha), 1.0, 1.0, 1.0), inplace, EluInplace)


def elu_(input, alpha=1.0):
    return elu(input, alpha, inplace=True)


def selu(input, inplace=False):
    return _apply(Elu, _floating(input, "elu_cpu"), (_SELU_ALPHA, _SELU_SCALE, 1.0, 1.0), inplace, EluInplace)


def selu_(input):
    return selu(input, inplace=True)


def celu(input, alpha=1.0, inplace=False):
    if alpha == 0:
        raise RuntimeError("ZeroDivisionError: alpha cannot be 0 for CELU")
    alpha = float(alpha)
    param = (alpha, 1.0, 1.0 / alpha, 1.0 / float(np.float32(alpha)))
    return _apply(Celu, _floating(input, "elu_cpu"), param, inplace, CeluInplace)


def celu_(input, alpha=1.0):
    return celu(input, alpha, inplace=True)


# ---- leaky_relu: redeclared for its in-place node (LeakyReluBackward1) and leaky_relu_ -----------
LeakyRelu = _elementwise("LeakyReluBackward0", "LeakyReluAct", lambda a, s: np.where(a > 0, a, a * s),
                         lambda F, x, s, g: F.where(x > 0, g, g * s))
LeakyReluInplace = _inplace_of(LeakyRelu, "LeakyReluBackward1")


def leaky_relu(input, negative_slope=0.01, inplace=False):
    return _apply(LeakyRelu, _floating(input, "leaky_relu_cpu"), float(negative_slope), inplace, LeakyReluInplace)


def leaky_relu_(input, negative_slope=0.01):
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
    return _threshold(input, threshold, value, inplace)


def threshold_(input, threshold, value):
    return _threshold(input, threshold, value, True)


# both: the gradient is 0 on the closed interval [-lambd, lambd]
def _shrink_vjp(F, x, lambd, g):
    return F.where((x >= -lambd) & (x <= lambd), 0.0, g)


Hardshrink = _elementwise("HardshrinkBackward0", "Hardshrink",
                          lambda a, l: np.where((a >= -l) & (a <= l), 0.0, a), _shrink_vjp)
Softshrink = _elementwise("SoftshrinkBackward0", "Softshrink",
                          lambda a, l: np.where(a > l, a - l, np.where(a < -l, a + l, 0.0)), _shrink_vjp)


def hardshrink(input, lambd=0.5):
    return apply_op(Hardshrink, (_floating(input, "hardshrink_cpu"),), {"param": float(lambd)})


def softshrink(input, lambd=0.5):
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
    return input / (input.abs() + 1)


def tanhshrink(input):
    return input - input.tanh()


def softmin(input, dim=None, _stacklevel=3, dtype=None):
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
    reduction = _reduction(size_average, reduce, reduction)
    x, y = _binary_operands(input, target)
    if tuple(x.shape) != tuple(y.shape):
        shape = np.broadcast_shapes(tuple(x.shape), tuple(y.shape))
        x, y = _ops.expand(x, shape), _ops.expand(y, shape)
    _floating(x, "soft_margin_loss")
    return apply_op(SoftMarginLoss, (x, y), {"reduction": reduction})


def multilabel_soft_margin_loss(input, target, weight=None, size_average=None, reduce=None, reduction="mean"):
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
    reduction = _reduction(size_average, reduce, reduction)
    if input1.dim() != input2.dim() or input1.dim() != target.dim():
        raise RuntimeError("margin_ranking_loss : All input tensors should have same dimension but got sizes: "
                           "input1: %s, input2: %s, target: %s " % (_size_str(input1.shape), _size_str(input2.shape),
                                                                   _size_str(target.shape)))
    out = _ops.clamp_min(-target * (input1 - input2) + margin, 0)
    return _reduce(out, reduction)


def hinge_embedding_loss(input, target, margin=1.0, size_average=None, reduce=None, reduction="mean"):
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
    """The p-norm of x1 - x2 + eps over the last dim (PyTorch adds eps before the norm)."""
    nd = builtins.max(x1.dim(), x2.dim())
    d = x1 - x2 + eps
    if nd == 0 or not (0 < p < math.inf) or d._data.dtype.kind != "f":
        return _ops.norm(d, p, None if nd == 0 else nd - 1, keepdim)
    return apply_op(Norm, (d,), {"p": float(p), "dim": -1, "keepdim": bool(keepdim)})


def cosine_similarity(x1, x2, dim=1, eps=1e-8):
    """sum(x1 / max(|x1|, eps) * x2 / max(|x2|, eps)) over dim: each vector divided by its norm
    first (PyTorch's order), the norms clamped without recording the clamp."""
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
