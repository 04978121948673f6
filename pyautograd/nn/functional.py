"""torch.nn.functional: activations, dropout, linear, the losses, normalisation, embedding.

Everything here is differentiable to any order: composite functions are built
from pyautograd ops, and the ops declared here (linear's addmm, activations and
losses whose grad_fn PyTorch names, e.g. MseLossBackward0, NllLossBackward0,
SoftplusBackward0, EmbeddingBackward0) write their backward rules with
differentiable ops, as the op families of pyautograd/ops/ do. They live here
rather than there because they exist only for nn.
"""
import builtins
import warnings

import numpy as np

from .. import _ops
from .. import _core
from .._core import apply_op, _make_tensor
from .. import _random
from .._random import draw, default_generator
from .._ops import Op, _const, _binary_operands, all_values
from ..ops import rule_helper
from ..ops import batching
from ..ops.batching import expand_batch
from ..ops._registry import ALL_OPS
from .._creation import ones_like
from ..ops._registry import linear_jvp, vjp_jvp
# shared with the activations and losses of nn/_act.py (a lower layer, re-exported at the end)
from ._act import (_scalar_name, _is_tensor, _size_str, _list_str, _REDUCTIONS, _legacy_reduction, _reduce,
                   _np_reduce, _loss_grad, _elementwise_loss)

__all__ = ["relu", "relu_", "leaky_relu", "elu", "softplus", "silu", "tanh", "sigmoid", "logsigmoid",
           "softmax", "log_softmax", "dropout", "linear", "mse_loss", "l1_loss", "cross_entropy", "nll_loss",
           "binary_cross_entropy", "binary_cross_entropy_with_logits", "smooth_l1_loss", "huber_loss",
           "layer_norm", "embedding", "one_hot"]


def _not_implemented_for(t, kernel):
    if t._data.dtype.kind not in "fc":
        raise RuntimeError("\"%s\" not implemented for '%s'" % (kernel, _scalar_name(t)))


# --------------------------------------------------------------- activations --
def relu(input, inplace=False):
    """Rectified linear unit: max(x, 0) elementwise.

    Args:
        input: the tensor.
        inplace: if True, overwrite input with the result and return it (default False).

    Gradient: grad where x > 0, else 0 (0 at x = 0, as PyTorch).

    Example::

        >>> x = pa.tensor([-2.0, -0.5, 0.0, 1.0, 2.0])
        >>> F.relu(x)
        tensor([0., 0., 0., 1., 2.])
    """
    return input.relu_() if inplace else _ops.relu(input)


def relu_(input):
    """In-place relu: overwrites input with max(input, 0) and returns it.

    The same as ``F.relu(input, inplace=True)``; input must not be a leaf that requires grad.

    Gradient: as relu, grad where the old input was > 0.

    Example::

        >>> x = pa.tensor([-2.0, -0.5, 0.0, 1.0, 2.0])
        >>> F.relu_(x)
        tensor([0., 0., 0., 1., 2.])
    """
    return input.relu_()


def tanh(input):
    """Hyperbolic tangent elementwise: (exp(x) - exp(-x)) / (exp(x) + exp(-x)).

    The same as ``pa.tanh``.

    Gradient: grad * (1 - tanh(x)**2).

    Example::

        >>> x = pa.tensor([-2.0, -0.5, 0.0, 1.0, 2.0])
        >>> F.tanh(x)
        tensor([-0.9640, -0.4621,  0.0000,  0.7616,  0.9640])
    """
    return _ops.tanh(input)


def sigmoid(input):
    """Logistic sigmoid elementwise: 1 / (1 + exp(-x)).

    The same as ``pa.sigmoid``.

    Gradient: grad * s * (1 - s), s the sigmoid.

    Example::

        >>> x = pa.tensor([-2.0, -0.5, 0.0, 1.0, 2.0])
        >>> F.sigmoid(x)
        tensor([0.1192, 0.3775, 0.5000, 0.7311, 0.8808])
    """
    return _ops.sigmoid(input)


def _activation(name_, fwd, vjp):
    """An elementwise activation op: fwd(ndarray, param) -> ndarray; vjp(F, x, param, g) -> the input's
    gradient, written against the rule namespace F (so second derivatives work)."""

    class _Act(Op):
        name = name_

        @staticmethod
        def forward(ctx, x, param=None):
            ctx.save_for_backward(x)
            ctx.param = param
            with np.errstate(over="ignore"):
                return np.asarray(fwd(x._data, param)).astype(x._data.dtype, copy=False)

        @staticmethod
        def vjp(F, ctx, g):
            x, = F.saved(ctx)
            return vjp(F, x, ctx.param, g)

        jvp = staticmethod(vjp_jvp("elementwise"))     # J t: the vjp of t (an elementwise op)

    _Act.__name__ = _Act.__qualname__ = name_.replace("Backward0", "")
    return _Act


Softplus = _activation("SoftplusBackward0",
                       lambda a, p: np.where(a * p[0] > p[1], a,
                                             np.log1p(np.exp(np.minimum(a * p[0], p[1]))) / p[0]),
                       lambda F, x, p, g: g * F.where(x * p[0] > p[1], 1.0,
                                                      F.sigmoid(F.where(x * p[0] < p[1], x * p[0], p[1]))))
LogSigmoid = _activation("LogSigmoidBackward0", lambda a, p: np.minimum(a, 0) - np.log1p(np.exp(-np.abs(a))),
                         lambda F, x, p, g: g * F.sigmoid(-x))


def _float_input(input, name):
    if input._data.dtype.kind != "f":
        raise RuntimeError("\"%s\" not implemented for '%s'"
                           % (name, _scalar_name(input)))
    return input


def softplus(input, beta=1.0, threshold=20.0):
    """Smooth approximation of relu: log(1 + exp(beta * x)) / beta elementwise.

    Where beta * x > threshold the result is x itself (the two agree there to floating precision). Floating input
    only.

    Args:
        input: a floating tensor.
        beta: the sharpness (default 1).
        threshold: where beta * x > threshold the result is x (default 20).

    Gradient: grad * sigmoid(beta * x), or grad where beta * x > threshold.

    Example::

        >>> x = pa.tensor([-2.0, -0.5, 0.0, 1.0, 2.0])
        >>> F.softplus(x)
        tensor([0.1269, 0.4741, 0.6931, 1.3133, 2.1269])
    """
    return apply_op(Softplus, (_float_input(input, "softplus_cpu"),), {"param": (float(beta), float(threshold))})


def logsigmoid(input):
    """log(sigmoid(x)) elementwise, computed stably as min(x, 0) - log1p(exp(-abs(x))).

    Floating input only.

    Gradient: grad * (1 - sigmoid(x)), i.e. grad * sigmoid(-x).

    Example::

        >>> x = pa.tensor([-2.0, -0.5, 0.0, 1.0, 2.0])
        >>> F.logsigmoid(x)
        tensor([-2.1269, -0.9741, -0.6931, -0.3133, -0.1269])
    """
    return apply_op(LogSigmoid, (_float_input(input, "log_sigmoid_forward_cpu"),))


def _log_sigmoid_composite(F, x):
    """log(sigmoid(x)) from primitive ops, with the gradient 1 - sigmoid(x) everywhere (used in rules)."""
    neg_abs = F.where(x >= 0, -x, x)
    return F.where(x < 0, x, 0.0) - F.log1p(F.exp(neg_abs))


def _get_softmax_dim(name, ndim, stacklevel):
    warnings.warn("Implicit dimension choice for %s has been deprecated. Change the call to include dim=X "
                  "as an argument." % name, UserWarning, stacklevel=stacklevel)
    return 0 if ndim in (0, 1, 3) else 1


def softmax(input, dim=None, _stacklevel=3, dtype=None):
    """Softmax along dim: exp(x) / sum(exp(x)), each slice positive and summing to one.

    Args:
        input: the tensor.
        dim: the dim to normalise over. None (the default) is deprecated: it warns and picks 0 for
            0-, 1- and 3-d input, 1 otherwise, as PyTorch.
        dtype: if given, input is cast to it before the computation (default None).

    Gradient: y * (grad - sum(grad * y, dim)), y the softmax.

    Example::

        >>> F.softmax(pa.tensor([1.0, 2.0, 3.0]), dim=0)
        tensor([0.0900, 0.2447, 0.6652])
    """
    if dim is None:
        dim = _get_softmax_dim("softmax", input.dim(), _stacklevel)
    return _ops.softmax(input, dim, dtype=dtype)


def log_softmax(input, dim=None, _stacklevel=3, dtype=None):
    """log(softmax(x)) along dim, computed stably as x - logsumexp(x, dim).

    Args:
        input: the tensor.
        dim: the dim to normalise over. None (the default) is deprecated: it warns and picks 0 for
            0-, 1- and 3-d input, 1 otherwise, as PyTorch.
        dtype: if given, input is cast to it before the computation (default None).

    Gradient: grad - softmax(x) * sum(grad, dim).

    Example::

        >>> F.log_softmax(pa.tensor([1.0, 2.0, 3.0]), dim=0)
        tensor([-2.4076, -1.4076, -0.4076])
    """
    if dim is None:
        dim = _get_softmax_dim("log_softmax", input.dim(), _stacklevel)
    return _ops.log_softmax(input, dim, dtype=dtype)


def _dropout_mask(shape, keep, dt):
    """PyTorch's CPU dropout noise: empty_like(input).bernoulli_(1 - p) (the scalar-p bernoulli
    stream), then divided by 1 - p in input's dtype (half types multiply by the float reciprocal,
    as PyTorch's division by a scalar does for them)."""
    kept = default_generator._bernoulli(int(np.prod(shape)), keep).reshape(shape).astype(dt)
    if dt.itemsize < 4:
        return (kept.astype(np.float32) * (np.float32(1) / np.float32(keep))).astype(dt)
    return kept / dt.type(keep)


def dropout(input, p=0.5, training=True, inplace=False):
    """Randomly zero elements with probability p and scale the rest by 1 / (1 - p) (identity when not training).

    The mask is PyTorch's for the same seed: input times bernoulli_(1 - p) / (1 - p). Inside
    vmap(randomness="different") each sample gets its own mask.

    Args:
        input: a floating tensor.
        p: the drop probability, in [0, 1] (default 0.5).
        training: apply dropout; if False, input is returned unchanged (default True).
        inplace: multiply input in place (default False).

    Gradient: grad times the same mask (0 or 1 / (1 - p)).

    Example::

        >>> _ = pa.manual_seed(0)
        >>> F.dropout(pa.ones(6), 0.5)
        tensor([0., 0., 2., 0., 0., 0.])
    """
    if p < 0.0 or p > 1.0:
        raise ValueError("dropout probability has to be between 0 and 1, but got %s" % (p,))
    if not training or p == 0.0 or input._data.size == 0:
        return input
    dt = input._data.dtype
    if dt.kind == "c":
        raise NotImplementedError("\"bernoulli_scalar_cpu_\" not implemented for '%s'" % _random._type_name(dt))
    if dt.kind != "f":
        raise RuntimeError("result type Float can't be cast to the desired output type %s" % _random._type_name(dt))
    if p == 1.0:
        m = _make_tensor(np.zeros((), dtype=dt))       # PyTorch multiplies by a zero scalar: nan stays nan
    else:
        # inside vmap(randomness="different"), one mask per sample
        m = draw(lambda shape: _make_tensor(_dropout_mask(shape, 1.0 - p, dt)), input.shape)
    return input.mul_(m) if inplace else input * m


# -------------------------------------------------------------------- linear --
class Addmm(Op):
    """bias + x @ wt (the op behind Linear on 2-D input)."""
    name = "AddmmBackward0"

    @staticmethod
    def forward(ctx, bias, x, wt):
        ctx.save_for_backward(x, wt)
        out = np.matmul(x._data, wt._data)
        out += bias._data
        return out

    @staticmethod
    def jvp(F, ctx, primals, options, result, tbias, tx, twt):
        bias, x, wt = primals
        return tbias + F.matmul(tx, wt) + F.matmul(x, twt)

    @staticmethod
    def vjp(F, ctx, g):
        x, wt = F.saved(ctx)
        need = ctx.needs_input_grad
        return (g if need[0] else None,
                F.matmul(g, F.t(wt)) if need[1] else None,
                F.matmul(F.t(x), g) if need[2] else None)


def linear(input, weight, bias=None):
    """Affine map: input @ weight.T + bias.

    As PyTorch, 2-d input records AddmmBackward0, other ranks fold their leading dims
    (ViewBackward0). input and weight must share a dtype.

    Args:
        input: ``(*, in_features)``.
        weight: (out_features, in_features) (or (in_features,) without bias).
        bias: optional (out_features,) (default None).

    Gradient: grad @ weight to input, grad.T @ input to weight (over the leading dims), grad summed over
    the leading dims to bias.

    Example::

        >>> F.linear(pa.tensor([[1.0, 2.0]]), pa.tensor([[1.0, 1.0], [0.0, 2.0]]), pa.tensor([0.5, 0.0]))
        tensor([[3.5000, 4.0000]])
    """
    if input.dim() == 0 or weight.dim() not in (1, 2):
        raise RuntimeError("both arguments to linear need to be at least 1D, but they are %dD and %dD"
                           % (input.dim(), weight.dim()))
    in_features = weight.shape[-1]
    if input.shape[-1] != in_features:
        rows = builtins.int(np.prod(input.shape[:-1])) if input.dim() > 1 else 1
        raise RuntimeError("mat1 and mat2 shapes cannot be multiplied (%dx%d and %dx%d)"
                           % (rows, input.shape[-1], weight.shape[-1],
                              weight.shape[0] if weight.dim() == 2 else 1))
    if input._data.dtype != weight._data.dtype:
        raise RuntimeError("mat1 and mat2 must have the same dtype, but got %s and %s"
                           % (_scalar_name(input),
                              _scalar_name(weight)))
    if weight.dim() == 1 and bias is not None:
        raise RuntimeError("mat2 must be a matrix, got 1-D tensor")
    # PyTorch: addmm for 2-D input; other ranks fold a contiguous input's leading dims into one
    # (grad_fn ViewBackward0); otherwise matmul and add (AddBackward0)
    if (weight.dim() == 1 or bias is None or bias.dim() > 1
            or (input.dim() != 2 and not input.is_contiguous())):
        out = _ops.matmul(input, weight.t())
        return out if bias is None else out + bias
    if input.dim() == 2:
        return apply_op(Addmm, (bias, input, weight.t()))
    lead = tuple(input.shape[:-1])
    x2 = _ops.reshape(input, (-1, in_features))
    out = apply_op(Addmm, (bias, x2, weight.t()))
    return _ops.reshape(out, lead + (weight.shape[0],))


# -------------------------------------------------------------------- losses --
def _check_reduction(reduction):
    if reduction not in _REDUCTIONS:
        raise ValueError("%s is not a valid value for reduction" % (reduction,))


def _as_float_tensor(x, like):
    if not _is_tensor(x):
        x = _const(x, like._data.dtype)
    return x


def _broadcast_pair(input, target, warn=True):
    """PyTorch's pointwise-loss preamble: warn on a size difference, promote, broadcast."""
    if not _is_tensor(target):
        target = _as_float_tensor(target, input)
    if target.shape != input.shape and warn:
        warnings.warn("Using a target size (%s) that is different to the input size (%s). This will likely "
                      "lead to incorrect results due to broadcasting. Please ensure they have the same size."
                      % (_size_str(target.shape), _size_str(input.shape)), UserWarning, stacklevel=3)
    a, b = _binary_operands(input, target)
    if a.shape != b.shape:
        shape = _broadcast_shape(a.shape, b.shape)
        if a.shape != shape:
            a = _ops.expand(a, shape)
        if b.shape != shape:
            b = _ops.expand(b, shape)
    return a, b


def _broadcast_shape(s1, s2):
    n = builtins.max(len(s1), len(s2))
    a = (1,) * (n - len(s1)) + tuple(s1)
    b = (1,) * (n - len(s2)) + tuple(s2)
    out = []
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y and x != 1 and y != 1:
            raise RuntimeError("The size of tensor a (%d) must match the size of tensor b (%d) at non-singleton "
                               "dimension %d" % (x, y, i))
        out.append(y if x == 1 else x)
    return tuple(out)


def _check_loss_weight(weight, input):
    if tuple(weight.shape) != tuple(input.shape):
        raise ValueError("Weights and input must have the same size.")


def _weighted_reduce(weighted, weight, reduction):
    """mse_loss / l1_loss with weight: the mean is divided by the sum of the weights (as PyTorch)."""
    if reduction == "none":
        return weighted
    if reduction == "sum":
        return weighted.sum()
    return weighted.sum() / weight.sum()


def _pointwise_loss(name_, value, grad):
    """Declare a loss op on d = input - target: value(d_ndarray, param), grad(F, d, param) (its derivative,
    written against the rule namespace F)."""

    class _Loss(Op):
        name = name_

        @staticmethod
        def forward(ctx, x, y, reduction="mean", param=None):
            ctx.save_for_backward(x, y)
            ctx.args = (reduction, param, x._data.size)
            with np.errstate(invalid="ignore", over="ignore"):
                return _np_reduce(value(x._data - y._data, param), reduction)

        # a reduced loss is 0-d (J t = <gradient, t>), reduction="none" elementwise
        jvp = staticmethod(vjp_jvp(_elementwise_loss))

        @staticmethod
        def vjp(F, ctx, g):
            x, y = F.saved(ctx)
            reduction, param, n = ctx.args
            gx = grad(F, x - y, param) * _loss_grad(F, g, x, reduction)
            if reduction == "mean":
                gx = gx / n
            need = ctx.needs_input_grad
            return (gx if need[0] else None), (-gx if need[1] else None)

    _Loss.__name__ = _Loss.__qualname__ = name_.replace("Backward0", "")
    return _Loss


def _smooth_l1_np(d, beta):
    a = np.abs(d)
    return np.where(a < beta, 0.5 * d * d / beta, a - 0.5 * beta).astype(d.dtype, copy=False)


def _huber_np(d, delta):
    a = np.abs(d)
    return np.where(a < delta, 0.5 * d * d, delta * (a - 0.5 * delta)).astype(d.dtype, copy=False)


MseLoss = _pointwise_loss("MseLossBackward0", lambda d, p: d * d, lambda F, d, p: 2 * d)
SmoothL1Loss = _pointwise_loss("SmoothL1LossBackward0", _smooth_l1_np,
                               lambda F, d, p: F.where(F.abs(d) < p, d / p, F.sign(d)))
HuberLoss = _pointwise_loss("HuberLossBackward0", _huber_np,
                            lambda F, d, p: F.where(F.abs(d) < p, d, F.sign(d) * p))


def mse_loss(input, target, size_average=None, reduce=None, reduction="mean", weight=None):
    """Mean squared error: (input - target)**2, reduced.

    target is broadcast against input (with a warning when the sizes differ). With weight, each squared error is
    multiplied by it and the mean divides by the sum of the weights.

    Args:
        input: a floating tensor.
        target: a tensor (or number) broadcastable to input.
        size_average, reduce: deprecated, mapped onto reduction as PyTorch does (default None).
        reduction: "none" (the elementwise loss), "mean" (the default) or "sum".
        weight: optional per-element weights of input's shape (default None).

    Gradient: 2 * (input - target) * grad (divided by the element count for "mean") to input, its negative to
    target.

    Example::

        >>> a = pa.tensor([1.0, 2.0, 3.0])
        >>> b = pa.tensor([1.5, 2.0, 1.0])
        >>> F.mse_loss(a, b)
        tensor(1.4167)
    """
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    x, y = _broadcast_pair(input, target)
    _not_implemented_for(x, "mse_cpu")
    if weight is None:
        return apply_op(MseLoss, (x, y), {"reduction": reduction})
    _check_loss_weight(weight, input)
    return _weighted_reduce((x - y) ** 2 * weight, weight, reduction)


def l1_loss(input, target, size_average=None, reduce=None, reduction="mean", weight=None):
    """Mean absolute error: abs(input - target), reduced.

    target is broadcast against input (with a warning when the sizes differ). With weight, each error is multiplied
    by it and the mean divides by the sum of the weights.

    Args:
        input: the tensor.
        target: a tensor (or number) broadcastable to input.
        size_average, reduce: deprecated, mapped onto reduction as PyTorch does (default None).
        reduction: "none" (the elementwise loss), "mean" (the default) or "sum".
        weight: optional per-element weights of input's shape (default None).

    Gradient: sign(input - target) * grad (divided by the element count for "mean") to input, its negative to
    target.

    Example::

        >>> a = pa.tensor([1.0, 2.0, 3.0])
        >>> b = pa.tensor([1.5, 2.0, 1.0])
        >>> F.l1_loss(a, b)
        tensor(0.8333)
    """
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    x, y = _broadcast_pair(input, target)
    loss = (x - y).abs()
    if weight is None:
        return _reduce(loss, reduction)
    _check_loss_weight(weight, input)
    return _weighted_reduce(loss * weight, weight, reduction)


def smooth_l1_loss(input, target, size_average=None, reduce=None, reduction="mean", beta=1.0):
    """Smooth L1: 0.5 * d**2 / beta where abs(d) < beta, abs(d) - 0.5 * beta elsewhere, reduced.

    d = input - target; beta = 0 gives the plain l1_loss.

    Args:
        input: a floating tensor.
        target: a tensor broadcastable to input.
        size_average, reduce: deprecated, mapped onto reduction as PyTorch does (default None).
        reduction: "none" (the elementwise loss), "mean" (the default) or "sum".
        beta: where the quadratic part ends (default 1.0, must be >= 0).

    Gradient: d / beta where abs(d) < beta, else sign(d), times grad, to input; its negative to target.

    Example::

        >>> a = pa.tensor([1.0, 2.0, 3.0])
        >>> b = pa.tensor([1.5, 2.0, 1.0])
        >>> F.smooth_l1_loss(a, b)
        tensor(0.5417)
    """
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    if beta < 0:
        raise RuntimeError("smooth_l1_loss does not support negative values for beta.")
    x, y = _broadcast_pair(input, target)
    _not_implemented_for(x, "smooth_l1_cpu")
    if beta == 0.0:
        return _reduce((x - y).abs(), reduction)
    return apply_op(SmoothL1Loss, (x, y), {"reduction": reduction, "param": float(beta)})


def huber_loss(input, target, reduction="mean", delta=1.0, weight=None):
    """Huber loss: 0.5 * d**2 where abs(d) < delta, delta * (abs(d) - 0.5 * delta) elsewhere, reduced.

    d = input - target. With weight the elementwise loss is multiplied by it and reduced plainly (the mean is not
    divided by the weights' sum, as PyTorch).

    Args:
        input: a floating tensor.
        target: a tensor broadcastable to input.
        reduction: "none" (the elementwise loss), "mean" (the default) or "sum".
        delta: where the quadratic part ends (default 1.0, must be > 0).
        weight: optional per-element weights of input's shape (default None).

    Gradient: d where abs(d) < delta, else delta * sign(d), times grad, to input; its negative to target.

    Example::

        >>> a = pa.tensor([1.0, 2.0, 3.0])
        >>> b = pa.tensor([1.5, 2.0, 1.0])
        >>> F.huber_loss(a, b)
        tensor(0.5417)
    """
    _check_reduction(reduction)
    if delta <= 0:
        raise RuntimeError("huber_loss does not support non-positive values for delta.")
    x, y = _broadcast_pair(input, target)
    _not_implemented_for(x, "huber_cpu")
    if weight is None:
        return apply_op(HuberLoss, (x, y), {"reduction": reduction, "param": float(delta)})
    _check_loss_weight(weight, input)
    out = apply_op(HuberLoss, (x, y), {"reduction": "none", "param": float(delta)}) * weight
    return _reduce(out, reduction)  # PyTorch: a plain mean here, not divided by the weights' sum


# ---- binary cross entropy ---------------------------------------------------
class BinaryCrossEntropy(Op):
    name = "BinaryCrossEntropyBackward0"

    @staticmethod
    def forward(ctx, x, t, weight=None, reduction="mean"):
        ctx.save_for_backward(x, t)
        ctx.args = (weight, reduction, x._data.size)
        xd, td = x._data, t._data
        with np.errstate(divide="ignore", invalid="ignore"):
            loss = (td - 1) * np.maximum(np.log1p(-xd), -100) - td * np.maximum(np.log(xd), -100)
        if weight is not None:
            loss = loss * weight
        return _np_reduce(loss.astype(xd.dtype, copy=False), reduction)

    jvp = staticmethod(vjp_jvp(_elementwise_loss))

    @staticmethod
    def vjp(F, ctx, g):
        x, t = F.saved(ctx)
        weight, reduction, n = ctx.args
        need = ctx.needs_input_grad
        g = _loss_grad(F, g, x, reduction)
        scale = g if weight is None else g * F.constant(weight)    # weight: an array of x's dtype
        if reduction == "mean":
            scale = scale / n
        gx = gt = None
        if need[0]:
            gx = scale * (x - t) / F.clamp_min((1 - x) * x, 1e-12)
        if need[1]:
            gt = scale * (F.clamp_min(F.log1p(-x), -100) - F.clamp_min(F.log(x), -100))
        return gx, gt


def _expand_weight(weight, shape, dtype):
    """A weight broadcast to the input's shape, as a constant ndarray."""
    w = weight._data if _is_tensor(weight) else np.asarray(weight)
    full = _broadcast_shape(w.shape, shape)
    if full != tuple(shape):
        raise RuntimeError("output with shape %s doesn't match the broadcast shape %s"
                           % (_list_str(shape), _list_str(full)))
    return np.broadcast_to(w.astype(dtype, copy=False), full)


def binary_cross_entropy(input, target, weight=None, size_average=None, reduce=None, reduction="mean"):
    """Binary cross entropy of probabilities: -(t * log(x) + (1 - t) * log(1 - x)), reduced.

    input holds probabilities in [0, 1]; each log is clamped at -100, as PyTorch. target must have input's shape.

    Args:
        input: probabilities (a floating tensor).
        target: the same shape, values in [0, 1].
        weight: optional rescaling broadcast to input's shape (default None).
        size_average, reduce: deprecated, mapped onto reduction as PyTorch does (default None).
        reduction: "none" (the elementwise loss), "mean" (the default) or "sum".

    Gradient: grad * (x - t) / max(x * (1 - x), 1e-12) to input; grad * (log(1 - x) - log(x)) (clamped) to target.

    Example::

        >>> F.binary_cross_entropy(pa.tensor([0.8, 0.2]), pa.tensor([1.0, 0.0]))
        tensor(0.2231)
    """
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    if target.shape != input.shape:
        raise ValueError("Using a target size (%s) that is different to the input size (%s) is deprecated. "
                         "Please ensure they have the same size." % (_size_str(target.shape),
                                                                      _size_str(input.shape)))
    x, t = _binary_operands(input, target)
    _not_implemented_for(x, "binary_cross_entropy")
    xd = x._data
    values = all_values(x)
    if values.size and (np.any(values < 0) or np.any(values > 1) or np.any(np.isnan(values))):
        raise RuntimeError("all elements of input should be between 0 and 1")
    w = None if weight is None else _expand_weight(weight, xd.shape, xd.dtype)
    return apply_op(BinaryCrossEntropy, (x, t), {"weight": w, "reduction": reduction})


def _log_sigmoid_np(x):
    return np.minimum(x, 0) - np.log1p(np.exp(-np.abs(x)))


class BinaryCrossEntropyWithLogits(Op):
    name = "BinaryCrossEntropyWithLogitsBackward0"

    @staticmethod
    def forward(ctx, x, t, weight=None, pos_weight=None, reduction="mean"):
        ctx.save_for_backward(x, t)
        ctx.args = (weight, pos_weight, reduction, x._data.size)
        xd, td = x._data, t._data
        ls = _log_sigmoid_np(xd)
        if pos_weight is not None:
            lw = (pos_weight - 1) * td + 1
            loss = (1 - td) * xd - lw * ls
        else:
            loss = (1 - td) * xd - ls
        if weight is not None:
            loss = loss * weight
        return _np_reduce(loss.astype(xd.dtype, copy=False), reduction)

    jvp = staticmethod(vjp_jvp(_elementwise_loss))

    @staticmethod
    def vjp(F, ctx, g):
        x, t = F.saved(ctx)
        weight, pos_weight, reduction, n = ctx.args
        need = ctx.needs_input_grad
        g = _loss_grad(F, g, x, reduction)
        scale = g if weight is None else g * F.constant(weight)    # weights: arrays of x's dtype
        if reduction == "mean":
            scale = scale / n
        gx = gt = None
        if pos_weight is not None:
            pw = F.constant(pos_weight)
            if need[0]:
                gx = scale * (((pw - 1) * t + 1) * F.sigmoid(x) - pw * t)
            if need[1]:
                gt = scale * (-x - (pw - 1) * _log_sigmoid_composite(F, x))
        else:
            if need[0]:
                gx = scale * (F.sigmoid(x) - t)
            if need[1]:
                gt = scale * -x
        return gx, gt


def binary_cross_entropy_with_logits(input, target, weight=None, size_average=None, reduce=None,
                                     reduction="mean", pos_weight=None):
    """Binary cross entropy of logits: binary_cross_entropy(sigmoid(x), t), computed stably.

    loss = (1 - t) * x + (1 + (pos_weight - 1) * t) * (-logsigmoid(x)) (pos_weight 1 when None), times weight,
    reduced. target must have input's shape.

    Args:
        input: logits (a floating tensor).
        target: the same shape, values in [0, 1].
        weight: optional rescaling broadcast to input's shape (default None).
        size_average, reduce: deprecated, mapped onto reduction as PyTorch does (default None).
        reduction: "none" (the elementwise loss), "mean" (the default) or "sum".
        pos_weight: optional weight of the positive term, broadcast to input (default None).

    Gradient: grad * (sigmoid(x) - t) to input without pos_weight (with it, grad * (((pw - 1) * t + 1) * sigmoid(x)
    - pw * t)); grad * -x to target without pos_weight.

    Example::

        >>> F.binary_cross_entropy_with_logits(pa.tensor([0.0, 0.0]), pa.tensor([1.0, 0.0]))
        tensor(0.6931)
    """
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    if target.shape != input.shape:
        raise ValueError("Target size (%s) must be the same as input size (%s)"
                         % (_size_str(target.shape), _size_str(input.shape)))
    if target._data.dtype.kind not in "fc":
        raise RuntimeError("result type Float can't be cast to the desired output type %s" % _scalar_name(target))
    x, t = _binary_operands(input, target)
    dt = x._data.dtype
    w = None if weight is None else _expand_weight(weight, x.shape, dt)
    pw = None if pos_weight is None else _expand_weight(pos_weight, x.shape, dt)
    return apply_op(BinaryCrossEntropyWithLogits, (x, t),
                    {"weight": w, "pos_weight": pw, "reduction": reduction})


# ---- negative log likelihood and cross entropy ---------------------------------
class NllLoss(Op):
    """-input[n, target[n], ...] * weight[target[n]], reduced; input has the class dim at 1."""
    name = "NllLossBackward0"

    @staticmethod
    def forward(ctx, x, target=None, weight=None, ignore_index=-100, reduction="mean"):
        xd = x._data
        valid = target != ignore_index
        safe = np.where(valid, target, 0)
        idx = np.expand_dims(safe, 1)
        picked = np.take_along_axis(xd, idx, axis=1).squeeze(1)
        w = (weight[safe] if weight is not None else np.ones(safe.shape, dtype=xd.dtype)) * valid
        w = w.astype(xd.dtype, copy=False)
        loss = -picked * w
        if reduction == "none":
            coef = -w
            out = loss
        elif reduction == "sum":
            coef = -w
            out = np.asarray(loss.sum(), dtype=xd.dtype)
        else:
            total = w.sum(dtype=xd.dtype)
            with np.errstate(invalid="ignore", divide="ignore"):
                out = np.asarray(loss.sum() / total, dtype=xd.dtype)
                coef = -w / total
        ctx.args = (idx, coef.astype(xd.dtype, copy=False), xd.shape, reduction == "none")
        return out

    jvp = staticmethod(linear_jvp)

    @staticmethod
    def vjp(F, ctx, g):
        idx, coef, shape, unreduced = ctx.args
        # coef: an array of the input's (and g's) dtype and the target's shape; a reduced loss's g
        # is 0-d (batched backward: only the batch dims, kept in front)
        gv = F.unsqueeze_to(g, coef.shape, None, unreduced) * F.constant(coef)
        return F.nll_scatter(gv, idx, shape)


class NllLoss2d(NllLoss):
    """The same rule, under the name PyTorch gives it for inputs with spatial dims."""
    name = "NllLoss2DBackward0"


def _target_array(target):
    t = target._data
    if t.dtype.kind not in "iub" or t.dtype == np.bool_:
        raise RuntimeError("expected scalar type Long but found %s"
                           % _scalar_name(target))
    return t.astype(np.int64, copy=False)


def _check_weight(weight, n_classes, input=None):
    if weight is None:
        return None
    w = weight._data if _is_tensor(weight) else np.asarray(weight)
    if input is not None and _is_tensor(weight) and w.dtype != input._data.dtype:
        raise RuntimeError("expected scalar type %s but found %s" % (_scalar_name(input), _scalar_name(weight)))
    if w.ndim != 1 or w.shape[0] != n_classes:
        raise RuntimeError("weight tensor should be defined either for all %d classes or no classes but got weight "
                           "tensor of shape: %s" % (n_classes, _list_str(w.shape)))
    return w


def nll_loss(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction="mean"):
    """Negative log likelihood: -input[n, target[n]] * weight[target[n]], reduced.

    input holds log-probabilities with the class dim at 1 (or 0 for a single sample of shape (C,)); target holds
    class indices. Spatial dims are allowed: input (N, C, d1, ...) with target (N, d1, ...). The mean divides by the
    sum of the weights of the targets used; entries whose target is ignore_index count for nothing.

    Args:
        input: log-probabilities, (N, C), (C,) or (N, C, d1, ...).
        target: integer class indices.
        weight: optional per-class weights, shape (C,) (default None).
        size_average, reduce: deprecated, mapped onto reduction as PyTorch does (default None).
        ignore_index: a target value that contributes no loss and no gradient (default -100).
        reduction: "none" (the elementwise loss), "mean" (the default) or "sum".

    Gradient: -weight[target] * grad (over the weight sum for "mean") at each target's class, 0 elsewhere; none to
    target.

    Example::

        >>> logp = pa.tensor([[-0.5, -1.0, -2.0], [-3.0, -0.1, -1.0]])
        >>> F.nll_loss(logp, pa.tensor([0, 2]))
        tensor(0.7500)
    """
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    if _core.vmap_wants((input, target), None):
        return _core.vmap_call("nll_loss", _nll_loss_per_sample, (input, target, weight, ignore_index, reduction), {})
    if input.dim() < 1:
        raise ValueError("Expected 1 or more dimensions (got %d)" % input.dim())
    t = _target_array(target)
    squeeze = input.dim() == 1
    if squeeze:
        if t.ndim != 0:
            raise RuntimeError("0D target tensor expected, multi-target not supported")
        x = input.unsqueeze(0)
        t = t.reshape(1)
    else:
        x = input
        if x.shape[0] != (t.shape[0] if t.ndim else 1) or t.ndim == 0:
            raise ValueError("Expected input batch_size (%d) to match target batch_size (%d)."
                             % (x.shape[0], t.shape[0] if t.ndim else 0))
        if x.dim() == 2 and t.ndim != 1:
            raise RuntimeError("0D or 1D target tensor expected, multi-target not supported")
        if x.dim() > 2 and t.shape != (x.shape[0],) + tuple(x.shape[2:]):
            raise RuntimeError("Expected target size %s, got %s"
                               % (_list_str((x.shape[0],) + tuple(x.shape[2:])), _list_str(t.shape)))
    n_classes = x.shape[1]
    w = _check_weight(weight, n_classes, x)
    bad = (t != ignore_index) & ((t < 0) | (t >= n_classes))
    if bad.any():
        raise IndexError("Target %d is out of bounds." % t[bad].reshape(-1)[0])
    if x._data.dtype.kind != "f":
        raise RuntimeError("\"nll_loss\" not implemented for '%s'"
                           % _scalar_name(x))
    kw = {"target": t, "weight": w, "ignore_index": ignore_index, "reduction": reduction}
    if x.dim() <= 2:
        out = apply_op(NllLoss, (x,), kw)
        return out.squeeze(0) if squeeze and reduction == "none" else out
    out = apply_op(NllLoss2d, (x,), kw)
    if x.dim() != 4 and reduction == "none":
        out = _ops.view(out, tuple(out.shape))  # PyTorch reshapes to 4-D and back: grad_fn ViewBackward0
    return out


def _nll_loss_per_sample(level, input, target, weight, ignore_index, reduction):
    """nll_loss inside vmap (input or target batched; the physical tensors given, batch dim 0):
    the unreduced loss of every sample's rows at once, then each sample's reduction (the mean
    divides by that sample's total weight, as nll_loss does)."""
    (x, bx), (t, bt) = input, target
    size = level.size
    x = expand_batch(x, bx, size)
    t = expand_batch(t, bt, size)
    shape = tuple(x.shape)
    if len(shape) == 2:      # samples of shape (C,): one row each
        xf, tf = x, t.reshape((size,))
    else:                    # samples (N, C, *d): the rows of every sample
        xf = x.reshape((size * shape[1],) + shape[2:])
        tf = t.reshape((size * shape[1],) + tuple(t.shape[2:]))
    per = nll_loss(xf, tf, weight, ignore_index=ignore_index, reduction="none")
    per = per.reshape((size, -1))
    if reduction == "none":
        return per.reshape((size,) + tuple(t.shape[1:]))
    if reduction == "sum":
        return per.sum(1)
    tflat = tf.reshape((size, -1))
    w = ones_like(per) if weight is None else weight[tflat.clamp(0, weight.shape[0] - 1)]
    w = w * (tflat != ignore_index).to(per.dtype)
    return per.sum(1) / w.sum(1)


def cross_entropy(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None,
                  reduction="mean", label_smoothing=0.0):
    """Cross entropy of logits: log_softmax over the class dim followed by nll_loss, as in PyTorch.

    The class dim is 1 (0 for unbatched input of shape (C,)). target is either class indices (an integer
    tensor, input's shape without the class dim) or class probabilities (a floating tensor of input's
    shape). With label_smoothing = e, the target becomes (1 - e) times itself plus e / C spread over
    the classes.

    Args:
        input: the logits, (N, C), (C,) or (N, C, d1, ...).
        target: class indices or class probabilities.
        weight: optional per-class weights, shape (C,) (default None).
        size_average, reduce: deprecated, mapped onto reduction as PyTorch does (default None).
        ignore_index: a class-index target contributing no loss and no gradient (default -100).
        reduction: "none", "mean" (the default) or "sum".
        label_smoothing: e in [0, 1] (default 0).

    Gradient: (softmax(input) - the smoothed one-hot target) * grad, weighted and divided as the
    reduction says; none to index targets.

    Example::

        >>> F.cross_entropy(pa.tensor([[0.0, 0.0, 0.0]]), pa.tensor([1]))
        tensor(1.0986)
    """
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    if not 0.0 <= label_smoothing <= 1.0:
        raise RuntimeError("label_smoothing must be between 0.0 and 1.0. Got: %s" % (label_smoothing,))
    class_dim = 0 if input.dim() == 1 else 1
    if input.dim() == 0:
        class_dim = 0
    if tuple(input.shape) == tuple(target.shape):
        if target._data.dtype.kind != "f":
            raise RuntimeError("Expected floating point type for target with class probabilities, got %s"
                               % _scalar_name(target))
        if ignore_index >= 0:
            raise RuntimeError("ignore_index is not supported for floating point target")
        return _cross_entropy_probs(input, target, weight, reduction, label_smoothing, class_dim)
    if target._data.dtype.kind == "f":
        raise RuntimeError("expected target dtype to be Long or Byte, but got %s"
                           % _scalar_name(target))
    logp = _ops.log_softmax(input, class_dim)
    nll = nll_loss(logp, target, weight, ignore_index=ignore_index, reduction=reduction)
    if label_smoothing == 0.0:
        return nll
    n_classes = input.shape[class_dim]
    w = _check_weight(weight, n_classes)
    if w is not None:
        shape = [1] * input.dim()
        shape[class_dim] = n_classes
        smooth = -(logp * _const(w.reshape(shape), logp._data.dtype)).sum(class_dim)
    else:
        smooth = -logp.sum(class_dim)
    t = _target_array(target)
    ignore = t == ignore_index
    if ignore.any():
        smooth = _ops.where(_make_tensor(ignore), 0.0, smooth)
    if reduction == "mean":
        if w is not None:
            denom = w[t[~ignore].reshape(-1)].sum()
        else:
            denom = (~ignore).sum()
        ret = smooth.sum() / float(denom)
    elif reduction == "sum":
        ret = smooth.sum()
    else:
        ret = smooth
    return (1 - label_smoothing) * nll + ret * (label_smoothing / n_classes)


def _cross_entropy_probs(input, target, weight, reduction, label_smoothing, class_dim):
    logp = _ops.log_softmax(input, class_dim)
    n_classes = input.shape[class_dim]
    x, t = _binary_operands(logp, target)
    if label_smoothing > 0:
        t = t * (1 - label_smoothing) + (label_smoothing / n_classes)
    prod = x * t
    w = _check_weight(weight, n_classes)
    if w is not None:
        shape = [1] * input.dim()
        shape[class_dim] = n_classes
        prod = prod * _const(w.reshape(shape), x._data.dtype)
    if reduction == "none":
        return -prod.sum(class_dim)
    if reduction == "sum":
        return -prod.sum()
    if input.numel() == 0:
        return -prod.sum() * float("nan")
    return -prod.sum() / (input.numel() / n_classes)


# ---------------------------------------------------------- normalization --
def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5):
    """Layer normalisation: (x - mean) / sqrt(var + eps) * weight + bias over the last len(normalized_shape) dims.

    The variance is the biased one.

    Args:
        input: ``(*, *normalized_shape)``.
        normalized_shape: an int or the trailing shape to normalise over.
        weight, bias: optional affine parameters of normalized_shape (default None).
        eps: added to the variance (default 1e-5).

    Gradient: through the normalisation and the statistics: for y the normalised value,
    (g - mean(g) - y * mean(g * y)) / sqrt(var + eps) with g = grad * weight.

    Example::

        >>> F.layer_norm(pa.tensor([[1.0, 3.0]]), (2,))
        tensor([[-1.0000,  1.0000]])
    """
    shape = (normalized_shape,) if isinstance(normalized_shape, int) else tuple(normalized_shape)
    n = len(shape)
    if n == 0 or tuple(input.shape[input.dim() - n:]) != shape or input.dim() < n:
        raise RuntimeError("Given normalized_shape=%s, expected input with shape [*, %s], but got input of size%s"
                           % (_list_str(shape), ", ".join(map(str, shape)), _list_str(input.shape)))
    dims = tuple(range(input.dim() - n, input.dim()))
    mean = input.mean(dims, keepdim=True)
    centered = input - mean
    var = (centered * centered).mean(dims, keepdim=True)
    out = centered * _ops.rsqrt(var + eps)
    if weight is not None:
        out = out * weight
    if bias is not None:
        out = out + bias
    return out


# --------------------------------------------------------------- embedding --
class Embedding(Op):
    """weight[indices]; the gradient rows of padding_idx stay zero.

    Inside a rule (EmbeddingDenseBackward's) weight may carry leading batch dims: the rows are
    its dim -2."""
    name = "EmbeddingBackward0"

    @staticmethod
    def forward(ctx, weight, indices=None, padding_idx=None):
        ctx.args = (indices, padding_idx, weight._data.shape[-2:])
        return np.take(weight._data, indices, axis=-2)

    jvp = staticmethod(linear_jvp)

    @staticmethod
    def vjp(F, ctx, g):
        indices, padding_idx, shape = ctx.args
        return F.embedding_dense_backward(g, indices, padding_idx, shape)


class EmbeddingDenseBackward(Op):
    name = "EmbeddingDenseBackwardBackward0"

    @staticmethod
    def forward(ctx, g, indices=None, padding_idx=None, shape=None):
        ctx.args = (indices, padding_idx)
        return EmbeddingDenseBackward.array(g._data, indices, padding_idx, shape)

    @staticmethod
    def array(g, indices, padding_idx, shape):
        """Zeros of shape (the weight's) with g's rows added at indices; g may carry leading batch
        dims (a batched backward), kept in front."""
        lead = g.shape[:g.ndim - indices.ndim - 1]
        out = np.zeros(lead + tuple(shape), dtype=g.dtype)
        gd = g.reshape(lead + (indices.size, shape[1]))
        idx = indices.reshape(-1)
        if padding_idx is not None:
            keep = idx != padding_idx
            gd, idx = gd[..., keep, :], idx[keep]
        np.add.at(out, (Ellipsis, idx, slice(None)), gd)
        return out

    jvp = staticmethod(linear_jvp)

    @staticmethod
    def vjp(F, ctx, gg):
        indices, padding_idx = ctx.args
        out = F.embedding(gg, indices)
        if padding_idx is not None:     # the padding rows' gradient is 0 (a select: never gg * 0)
            out = F.select((indices != padding_idx)[..., None], out)
        return out


def _embedding_tensor(g, indices):
    return apply_op(Embedding, (g,), {"indices": indices, "padding_idx": None})


def _embedding_dense_backward_tensor(g, indices, padding_idx, shape):
    return apply_op(EmbeddingDenseBackward, (g,), {"indices": indices, "padding_idx": padding_idx, "shape": shape})


# F.embedding and F.embedding_dense_backward (each op's rule is the other's forward): declared here
# with the ops, since the rule namespace (ops/rule_functions.py) sits below nn
rule_helper("embedding", lambda g, indices: np.take(g, indices, axis=0), _embedding_tensor)
rule_helper("embedding_dense_backward", EmbeddingDenseBackward.array, _embedding_dense_backward_tensor)


def embedding(input, weight, padding_idx=None, max_norm=None, norm_type=2.0, scale_grad_by_freq=False,
              sparse=False):
    """Rows of weight selected by the integer tensor input: weight[input], of shape ``(*input.shape, D)``.

    With max_norm, the looked-up rows of weight whose norm_type-norm exceeds it are first scaled down
    in place (as PyTorch). scale_grad_by_freq and sparse are not supported (ValueError).

    Args:
        input: integer indices of any shape, in [0, num_embeddings).
        weight: (num_embeddings, D).
        padding_idx: a row whose gradient stays zero (default None).
        max_norm: renormalise the used rows to at most this norm (default None).
        norm_type: the p of that norm (default 2).
        scale_grad_by_freq: not supported (default False).
        sparse: not supported (default False).

    Gradient: grad rows added into a zero tensor of weight's shape at the indices (none at padding_idx).

    Example::

        >>> w = pa.tensor([[0.0, 1.0], [2.0, 3.0], [4.0, 5.0]])
        >>> F.embedding(pa.tensor([2, 0]), w)
        tensor([[4., 5.],
                [0., 1.]])
    """
    if scale_grad_by_freq or sparse:
        raise ValueError("embedding: scale_grad_by_freq and sparse are not supported by pyautograd")
    idx = input._data if _is_tensor(input) else np.asarray(input)
    if idx.dtype.kind not in "iu":
        raise RuntimeError("Expected tensor for argument #1 'indices' to have one of the following scalar types: "
                           "Long, Int; but got torch.%s instead (while checking arguments for embedding)"
                           % input.dtype._tensor_type)
    n = weight.shape[0]
    if idx.size and (idx.min() < 0 or idx.max() >= n):
        raise IndexError("index out of range in self")
    if padding_idx is not None and padding_idx < 0:
        padding_idx += n
    if max_norm is not None:
        _norm._embedding_renorm_(weight, idx, max_norm, norm_type)
    return apply_op(Embedding, (weight,), {"indices": idx.astype(np.int64, copy=False), "padding_idx": padding_idx})


def one_hot(tensor, num_classes=-1):
    """One-hot encoding: an int64 tensor with a trailing dim of size num_classes, 1 at each class index.

    Args:
        tensor: non-negative integer class indices of any shape.
        num_classes: the trailing size; -1 (the default) means tensor.max() + 1.

    Not differentiable (an integer result).

    Example::

        >>> F.one_hot(pa.tensor([0, 2]), 3)
        tensor([[1, 0, 0],
                [0, 0, 1]])
    """
    t = tensor._data
    if t.dtype.kind not in "iu":
        raise RuntimeError("one_hot is only applicable to index tensor of type LongTensor.")
    if t.size and t.min() < 0:
        raise RuntimeError("Class values must be non-negative.")
    if num_classes == -1:
        num_classes = int(t.max()) + 1 if t.size else 0
    elif t.size and t.max() >= num_classes:
        raise RuntimeError("Class values must be smaller than num_classes.")
    out = np.zeros(t.shape + (num_classes,), dtype=np.int64)
    np.put_along_axis(out, t[..., None].astype(np.int64), 1, axis=-1)
    return _make_tensor(out)


def _declare_batching():
    """The batching rules of the ops declared here (pyautograd/ops/batching.py tells the kinds)."""
    ops = {op.__name__: op for op in ALL_OPS if op.__module__ == __name__}
    table = {}
    for name in ("Softplus", "LogSigmoid"):
        table[ops[name]] = batching.elementwise
    table[ops["Addmm"]] = batching.addmm
    for name in ("MseLoss", "SmoothL1Loss", "HuberLoss", "BinaryCrossEntropy", "BinaryCrossEntropyWithLogits"):
        table[ops[name]] = batching.loss
    # nll_loss / embedding with a batched target or index are batched by their public functions
    # (the target is an option of the op); the ops themselves run per sample
    for name in ("NllLoss", "NllLoss2d", "Embedding", "EmbeddingDenseBackward"):
        table[ops[name]] = batching.loop
    batching.declare(table)


_declare_batching()

from . import _conv  # noqa: E402
from ._conv import *  # noqa: F401,F403,E402
__all__ += _conv.__all__
from ._pool import *  # noqa: F401,F403,E402
from . import _pool  # noqa: E402
__all__ += _pool.__all__
from . import _act  # noqa: E402
from ._act import *  # noqa: F401,F403,E402
__all__ += _act.__all__
from . import _norm  # noqa: E402
from ._norm import *  # noqa: F401,F403,E402
__all__ += _norm.__all__
from ._attention import *  # noqa: F401,F403,E402
from . import _attention  # noqa: E402
__all__ += _attention.__all__
