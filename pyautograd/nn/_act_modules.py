"""The activation and loss modules of issue 13 (GELU .. CTCLoss): PyTorch's constructors, attributes,
reprs (extra_repr) and parameters (PReLU's weight)."""
import warnings

from .._creation import empty
from . import functional as F
from . import init as _init     # PReLU's argument `init` would hide the module
from .modules import Module, _Loss, _WeightedLoss
from .parameter import Parameter

__all__ = ["GELU", "Mish", "Hardswish", "Hardsigmoid", "Hardtanh", "ReLU6", "SELU", "CELU", "GLU", "PReLU",
           "RReLU", "Softsign", "Tanhshrink", "Threshold", "LogSigmoid", "Softmin", "Softmax2d", "Hardshrink",
           "Softshrink", "KLDivLoss", "SoftMarginLoss", "MultiLabelSoftMarginLoss", "MultiLabelMarginLoss",
           "MultiMarginLoss", "CosineEmbeddingLoss", "MarginRankingLoss", "TripletMarginLoss",
           "TripletMarginWithDistanceLoss", "HingeEmbeddingLoss", "PoissonNLLLoss", "GaussianNLLLoss",
           "PairwiseDistance", "CosineSimilarity", "CTCLoss"]


def _inplace_str(inplace):
    return "inplace=True" if inplace else ""


class GELU(Module):
    """The Gaussian error linear unit, x * Phi(x), Phi the standard normal CDF.

    Args:
        approximate: ``'none'`` (erf) or ``'tanh'``: 0.5 * x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x ** 3))).
            Default: ``'none'``.

    Shape:
        - Input: (*), any shape.
        - Output: (*), the input's shape.

    Gradient: Phi(x) + x * phi(x) (phi the normal density), or the tanh form's derivative.

    Example::

        >>> m = nn.GELU()
        >>> m(pa.tensor([-2.0, -0.5, 0.0, 1.0, 2.0]))
        tensor([-0.0455, -0.1543,  0.0000,  0.8413,  1.9545])
    """

    def __init__(self, approximate="none"):
        super().__init__()
        self.approximate = approximate

    def forward(self, input):
        return F.gelu(input, approximate=self.approximate)

    def extra_repr(self):
        return "approximate=%r" % (self.approximate,)


class _InplaceActivation(Module):
    _fn = None

    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = inplace

    def forward(self, input):
        return type(self)._fn(input, inplace=self.inplace)

    def extra_repr(self):
        return _inplace_str(self.inplace)


class Mish(_InplaceActivation):
    """The Mish activation, x * tanh(softplus(x)).

    Args:
        inplace: write the result into the input. Default: False.

    Shape:
        - Input: (*), any shape.
        - Output: (*), the input's shape.

    Gradient: the derivative of x * tanh(softplus(x)).

    Example::

        >>> m = nn.Mish()
        >>> m(pa.tensor([-2.0, -0.5, 0.0, 1.0, 3.0]))
        tensor([-0.2525, -0.2207,  0.0000,  0.8651,  2.9865])
    """

    _fn = staticmethod(F.mish)

    def extra_repr(self):       # PyTorch's Mish prints no inplace
        return ""


class Hardswish(Mish):
    """The hard swish, x * relu6(x + 3) / 6: 0 for x <= -3, x for x >= 3.

    Args:
        inplace: write the result into the input. Default: False.

    Shape:
        - Input: (*), any shape.
        - Output: (*), the input's shape.

    Gradient: (2 * x + 3) / 6 between -3 and 3, 0 below, 1 above.

    Example::

        >>> m = nn.Hardswish()
        >>> m(pa.tensor([-2.0, -0.5, 0.0, 1.0, 3.0]))
        tensor([-0.3333, -0.2083,  0.0000,  0.6667,  3.0000])
    """

    _fn = staticmethod(F.hardswish)


class Hardsigmoid(Mish):
    """The hard sigmoid, relu6(x + 3) / 6: 0 for x <= -3, 1 for x >= 3, x / 6 + 1 / 2 between.

    Args:
        inplace: write the result into the input. Default: False.

    Shape:
        - Input: (*), any shape.
        - Output: (*), the input's shape.

    Gradient: 1 / 6 between -3 and 3, else 0.

    Example::

        >>> m = nn.Hardsigmoid()
        >>> m(pa.tensor([-2.0, -0.5, 0.0, 1.0, 3.0]))
        tensor([0.1667, 0.4167, 0.5000, 0.6667, 1.0000])
    """

    _fn = staticmethod(F.hardsigmoid)


class SELU(_InplaceActivation):
    """The scaled ELU, scale * (max(0, x) + min(0, alpha * (exp(x) - 1))), alpha = 1.6732632423543772, scale =
    1.0507009873554805.

    Args:
        inplace: write the result into the input. Default: False.

    Shape:
        - Input: (*), any shape.
        - Output: (*), the input's shape.

    Gradient: scale for x > 0, scale * alpha * exp(x) otherwise.

    Example::

        >>> m = nn.SELU()
        >>> m(pa.tensor([-2.0, -0.5, 0.0, 1.0, 3.0]))
        tensor([-1.5202, -0.6918,  0.0000,  1.0507,  3.1521])
    """

    _fn = staticmethod(F.selu)


class Hardtanh(Module):
    """Clamp to [min_val, max_val]: min(max(x, min_val), max_val).

    Args:
        min_val: the lower bound. Default: -1.0.
        max_val: the upper bound. Default: 1.0.
        inplace: write the result into the input. Default: False.
        min_value, max_value: deprecated names of min_val and max_val (a FutureWarning).

    Shape:
        - Input: (*), any shape.
        - Output: (*), the input's shape.

    Gradient: 1 strictly inside (min_val, max_val), else 0.

    Example::

        >>> m = nn.Hardtanh(-1.0, 2.0)
        >>> m(pa.tensor([-2.0, -0.5, 0.0, 1.0, 3.0]))
        tensor([-1.0000, -0.5000,  0.0000,  1.0000,  2.0000])
    """

    def __init__(self, min_val=-1.0, max_val=1.0, inplace=False, min_value=None, max_value=None):
        super().__init__()
        if min_value is not None:
            _renamed_warning("min_value", "min_val")
            min_val = min_value
        if max_value is not None:
            _renamed_warning("max_value", "max_val")
            max_val = max_value
        self.min_val = min_val
        self.max_val = max_val
        self.inplace = inplace
        if not self.max_val > self.min_val:
            raise AssertionError()

    def forward(self, input):
        return F.hardtanh(input, self.min_val, self.max_val, self.inplace)

    def extra_repr(self):
        return "min_val=%s, max_val=%s%s" % (self.min_val, self.max_val, ", inplace=True" if self.inplace else "")


def _renamed_warning(old, new):
    warnings.warn("keyword argument `%s` is deprecated and rename to `%s`" % (old, new), FutureWarning,
                  stacklevel=3)


class ReLU6(Hardtanh):
    """The ReLU capped at 6, min(max(0, x), 6).

    Args:
        inplace: write the result into the input. Default: False.

    Shape:
        - Input: (*), any shape.
        - Output: (*), the input's shape.

    Gradient: 1 strictly between 0 and 6, else 0.

    Example::

        >>> m = nn.ReLU6()
        >>> m(pa.tensor([-2.0, -0.5, 0.0, 1.0, 3.0]))
        tensor([0., 0., 0., 1., 3.])
    """

    def __init__(self, inplace=False):
        super().__init__(0.0, 6.0, inplace)

    def extra_repr(self):
        return _inplace_str(self.inplace)


class CELU(Module):
    """The continuously differentiable ELU, max(0, x) + min(0, alpha * (exp(x / alpha) - 1)).

    Args:
        alpha: the negative part's scale. Default: 1.0.
        inplace: write the result into the input. Default: False.

    Shape:
        - Input: (*), any shape.
        - Output: (*), the input's shape.

    Gradient: 1 for x > 0, exp(x / alpha) otherwise.

    Example::

        >>> m = nn.CELU(alpha=2.0)
        >>> m(pa.tensor([-2.0, -0.5, 0.0, 1.0, 3.0]))
        tensor([-1.2642, -0.4424,  0.0000,  1.0000,  3.0000])
    """

    def __init__(self, alpha=1.0, inplace=False):
        super().__init__()
        self.alpha = alpha
        self.inplace = inplace

    def forward(self, input):
        return F.celu(input, self.alpha, self.inplace)

    def extra_repr(self):
        return "alpha=%s%s" % (self.alpha, ", inplace=True" if self.inplace else "")


class GLU(Module):
    """The gated linear unit: the input split in halves a, b along ``dim``, a * sigmoid(b).

    Args:
        dim: the dim split in two (its size must be even). Default: -1.

    Shape:
        - Input: ``(*, 2 * M, *)``, the size 2 * M at ``dim``.
        - Output: ``(*, M, *)``.

    Gradient: sigmoid(b) to a, a * sigmoid(b) * (1 - sigmoid(b)) to b.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.GLU()
        >>> m(pa.randn(4, 6)).shape
        torch.Size([4, 3])
    """

    def __init__(self, dim=-1):
        super().__init__()
        self.dim = dim

    def forward(self, input):
        return F.glu(input, self.dim)

    def extra_repr(self):
        return "dim=%s" % (self.dim,)


class PReLU(Module):
    """The parametric ReLU, max(0, x) + weight * min(0, x), with a learnable slope (one, or one per channel).

    Args:
        num_parameters: the number of slopes: 1, or the input's channels (dim 1). Default: 1.
        init: the slopes' initial value. Default: 0.25.
        device: accepted for compatibility (CPU only). Default: None.
        dtype: the weight's dtype. Default: None (the default dtype).

    Shape:
        - Input: (*), channels at dim 1 when num_parameters > 1.
        - Output: the input's shape.

    Learnable parameters:
        - ``weight``: (num_parameters,), filled with ``init``.

    Gradient: 1 for x > 0, weight otherwise; to weight, x where x < 0 (summed per slope).

    Example::

        >>> m = nn.PReLU()
        >>> m(pa.tensor([-2.0, -0.5, 0.0, 1.0, 3.0]))
        tensor([-0.5000, -0.1250,  0.0000,  1.0000,  3.0000],
               grad_fn=<PreluKernelBackward0>)
    """

    def __init__(self, num_parameters=1, init=0.25, device=None, dtype=None):
        super().__init__()
        self.num_parameters = num_parameters
        self.init = init
        self.weight = Parameter(empty(num_parameters, device=device, dtype=dtype))
        self.reset_parameters()

    def reset_parameters(self):
        _init.constant_(self.weight, self.init)

    def forward(self, input):
        return F.prelu(input, self.weight)

    def extra_repr(self):
        return "num_parameters=%s" % (self.num_parameters,)


class RReLU(Module):
    """The randomized leaky ReLU: x for x >= 0, a * x otherwise, a drawn from U(lower, upper) per element in training
    and (lower + upper) / 2 in eval mode.

    Args:
        lower: the slope's lower bound. Default: 1 / 8.
        upper: the slope's upper bound. Default: 1 / 3.
        inplace: write the result into the input. Default: False.

    Shape:
        - Input: (*), any shape.
        - Output: (*), the input's shape.

    Gradient: 1 for x >= 0, the slope used otherwise.

    Example::

        >>> m = nn.RReLU().eval()
        >>> m(pa.tensor([-2.0, -0.5, 0.0, 1.0, 3.0]))
        tensor([-0.4583, -0.1146,  0.0000,  1.0000,  3.0000])
    """

    def __init__(self, lower=1.0 / 8, upper=1.0 / 3, inplace=False):
        super().__init__()
        self.lower = lower
        self.upper = upper
        self.inplace = inplace

    def forward(self, input):
        return F.rrelu(input, self.lower, self.upper, self.training, self.inplace)

    def extra_repr(self):
        return "lower=%s, upper=%s%s" % (self.lower, self.upper, ", inplace=True" if self.inplace else "")


class Softsign(Module):
    """The softsign, x / (1 + abs(x)).

    Shape:
        - Input: (*), any shape.
        - Output: (*), the input's shape.

    Gradient: 1 / (1 + abs(x)) ** 2.

    Example::

        >>> m = nn.Softsign()
        >>> m(pa.tensor([-2.0, -0.5, 0.0, 1.0, 3.0]))
        tensor([-0.6667, -0.3333,  0.0000,  0.5000,  0.7500])
    """

    def forward(self, input):
        return F.softsign(input)


class Tanhshrink(Module):
    """x - tanh(x).

    Shape:
        - Input: (*), any shape.
        - Output: (*), the input's shape.

    Gradient: tanh(x) ** 2.

    Example::

        >>> m = nn.Tanhshrink()
        >>> m(pa.tensor([-2.0, -0.5, 0.0, 1.0, 3.0]))
        tensor([-1.0360, -0.0379,  0.0000,  0.2384,  2.0049])
    """

    def forward(self, input):
        return F.tanhshrink(input)


class LogSigmoid(Module):
    """log(sigmoid(x)) = -softplus(-x), computed stably.

    Shape:
        - Input: (*), any shape.
        - Output: (*), the input's shape.

    Gradient: sigmoid(-x).

    Example::

        >>> m = nn.LogSigmoid()
        >>> m(pa.tensor([-2.0, -0.5, 0.0, 1.0, 3.0]))
        tensor([-2.1269, -0.9741, -0.6931, -0.3133, -0.0486])
    """

    def forward(self, input):
        return F.logsigmoid(input)


class Threshold(Module):
    """y = x where x > threshold, else value.

    Args:
        threshold: the threshold.
        value: what replaces the elements at or below it.
        inplace: write the result into the input. Default: False.

    Shape:
        - Input: (*), any shape.
        - Output: (*), the input's shape.

    Gradient: 1 where x > threshold, else 0.

    Example::

        >>> m = nn.Threshold(0.5, -1.0)
        >>> m(pa.tensor([-2.0, -0.5, 0.0, 1.0, 3.0]))
        tensor([-1., -1., -1.,  1.,  3.])
    """

    def __init__(self, threshold, value, inplace=False):
        super().__init__()
        self.threshold = threshold
        self.value = value
        self.inplace = inplace

    def forward(self, input):
        return F.threshold(input, self.threshold, self.value, self.inplace)

    def extra_repr(self):
        return "threshold=%s, value=%s%s" % (self.threshold, self.value, ", inplace=True" if self.inplace else "")


class Softmin(Module):
    """Softmin along ``dim``: exp(-x_i) / sum_j exp(-x_j), i.e. softmax(-x).

    Args:
        dim: the dim the outputs sum to 1 along. Default: None (the legacy choice, with a warning).

    Shape:
        - Input: (*), any shape.
        - Output: the input's shape, values in [0, 1].

    Gradient: that of softmax(-x).

    Example::

        >>> m = nn.Softmin(dim=0)
        >>> m(pa.tensor([1.0, 2.0, 3.0]))
        tensor([0.6652, 0.2447, 0.0900])
    """

    def __init__(self, dim=None):
        super().__init__()
        self.dim = dim

    def forward(self, input):
        return F.softmin(input, self.dim, _stacklevel=5)

    def extra_repr(self):
        return "dim=%s" % (self.dim,)


class Softmax2d(Module):
    """Softmax over the channels at each spatial location (softmax along dim -3).

    Shape:
        - Input: (N, C, H, W) or (C, H, W).
        - Output: the input's shape; the channels of each (h, w) sum to 1.

    Gradient: that of softmax along dim -3.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.Softmax2d()
        >>> m(pa.randn(2, 3, 4, 4)).sum(1).shape
        torch.Size([2, 4, 4])
    """

    def forward(self, input):
        if input.dim() not in (3, 4):
            raise ValueError("Softmax2d: expected input to be 3D or 4D, got %dD instead" % input.dim())
        return F.softmax(input, -3, _stacklevel=5)


class Hardshrink(Module):
    """The hard shrinkage: x where abs(x) > lambd, else 0.

    Args:
        lambd: the threshold. Default: 0.5.

    Shape:
        - Input: (*), any shape.
        - Output: (*), the input's shape.

    Gradient: 1 where abs(x) > lambd, else 0.

    Example::

        >>> m = nn.Hardshrink()
        >>> m(pa.tensor([-2.0, -0.5, 0.0, 1.0, 3.0]))
        tensor([-2.,  0.,  0.,  1.,  3.])
    """

    def __init__(self, lambd=0.5):
        super().__init__()
        self.lambd = lambd

    def forward(self, input):
        return F.hardshrink(input, self.lambd)

    def extra_repr(self):
        return "%s" % (self.lambd,)


class Softshrink(Hardshrink):
    """The soft shrinkage: x - lambd for x > lambd, x + lambd for x < -lambd, else 0.

    Args:
        lambd: the threshold (at least 0). Default: 0.5.

    Shape:
        - Input: (*), any shape.
        - Output: (*), the input's shape.

    Gradient: 1 where abs(x) > lambd, else 0.

    Example::

        >>> m = nn.Softshrink()
        >>> m(pa.tensor([-2.0, -0.5, 0.0, 1.0, 3.0]))
        tensor([-1.5000, -0.0000,  0.0000,  0.5000,  2.5000])
    """

    def forward(self, input):
        return F.softshrink(input, self.lambd)


# ================================================================================== losses ==
class KLDivLoss(_Loss):
    """The Kullback-Leibler divergence loss, target * (log(target) - input), input given as log-probabilities.

    Args:
        size_average, reduce: deprecated; they set reduction (a warning).
        reduction: ``'none'``, ``'mean'`` (over all elements), ``'batchmean'`` (the sum divided by the batch size:
            the true KL divergence) or ``'sum'``. Default: ``'mean'``.
        log_target: the target is given as log-probabilities too: exp(target) * (target - input). Default: False.

    Shape:
        - Input: (*), log-probabilities.
        - Target: (*), the input's shape.
        - Output: a scalar, or (*) for ``'none'``.

    Example::

        >>> m = nn.KLDivLoss(reduction="batchmean")
        >>> m(pa.tensor([[0.25, 0.75]]).log(), pa.tensor([[0.5, 0.5]]))
        tensor(0.1438)
    """

    def __init__(self, size_average=None, reduce=None, reduction="mean", log_target=False):
        Module.__init__(self)       # 'batchmean' too: the function checks the reduction
        if size_average is not None or reduce is not None:
            reduction = F._act._legacy_reduction(size_average, reduce, reduction)
        self.reduction = reduction
        self.log_target = log_target

    def forward(self, input, target):
        return F.kl_div(input, target, reduction=self.reduction, log_target=self.log_target)


class SoftMarginLoss(_Loss):
    """The two-class logistic loss, log(1 + exp(-y * x)), for targets y in {1, -1}.

    Args:
        size_average, reduce: deprecated; they set reduction (a warning).
        reduction: ``'none'`` (the per-element loss), ``'mean'`` or ``'sum'`` of it. Default: ``'mean'``.

    Shape:
        - Input: (*).
        - Target: (*), the input's shape, 1 or -1.
        - Output: a scalar, or (*) for ``'none'``.

    Example::

        >>> m = nn.SoftMarginLoss()
        >>> m(pa.tensor([2.0, -1.0]), pa.tensor([1.0, 1.0]))
        tensor(0.7201)
    """

    def forward(self, input, target):
        return F.soft_margin_loss(input, target, reduction=self.reduction)


class MultiLabelSoftMarginLoss(_WeightedLoss):
    """The multi-label one-versus-all logistic loss: per sample, -mean over the classes c of w_c * (y_c *
    log(sigmoid(x_c)) + (1 - y_c) * log(sigmoid(-x_c))).

    Args:
        weight: a per-class weight w of shape (C,). Default: None.
        size_average, reduce: deprecated; they set reduction (a warning).
        reduction: ``'none'`` (per sample), ``'mean'`` or ``'sum'`` over the batch. Default: ``'mean'``.

    Shape:
        - Input: (N, C) or (C,).
        - Target: the input's shape, 0 or 1.
        - Output: a scalar, or (N,) for ``'none'``.

    Example::

        >>> m = nn.MultiLabelSoftMarginLoss()
        >>> m(pa.tensor([[1.0, -1.0, 0.0]]), pa.tensor([[1.0, 0.0, 1.0]]))
        tensor(0.4399)
    """

    def forward(self, input, target):
        return F.multilabel_soft_margin_loss(input, target, weight=self.weight, reduction=self.reduction)


class MultiLabelMarginLoss(_Loss):
    """The multi-class multi-label hinge loss: per sample, the sum over target classes j and non-target classes i of
    max(0, 1 - (x[j] - x[i])), divided by C.

    Args:
        size_average, reduce: deprecated; they set reduction (a warning).
        reduction: ``'none'`` (per sample), ``'mean'`` or ``'sum'`` over the batch. Default: ``'mean'``.

    Shape:
        - Input: (N, C) or (C,).
        - Target: the input's shape, int64: the target classes first, then -1 (what follows the first -1 is
          ignored).
        - Output: a scalar, or (N,) for ``'none'``.

    Example::

        >>> m = nn.MultiLabelMarginLoss()
        >>> m(pa.tensor([[0.1, 0.2, 0.4, 0.8]]), pa.tensor([[3, 0, -1, 1]]))
        tensor(0.8500)
    """

    def forward(self, input, target):
        return F.multilabel_margin_loss(input, target, reduction=self.reduction)


class MultiMarginLoss(_WeightedLoss):
    """The multi-class hinge loss: per sample, the sum over the classes i != y of w[y] * max(0, margin - x[y] + x[i])
    ** p, divided by C.

    Args:
        p: 1 or 2. Default: 1.
        margin: the margin. Default: 1.0.
        weight: a per-class weight w of shape (C,). Default: None.
        size_average, reduce: deprecated; they set reduction (a warning).
        reduction: ``'none'`` (per sample), ``'mean'`` or ``'sum'`` over the batch. Default: ``'mean'``.

    Shape:
        - Input: (N, C) or (C,).
        - Target: (N,) or (), the class indices.
        - Output: a scalar, or (N,) for ``'none'``.

    Example::

        >>> m = nn.MultiMarginLoss()
        >>> m(pa.tensor([[0.1, 0.2, 0.4, 0.8]]), pa.tensor([3]))
        tensor(0.3250)
    """

    def __init__(self, p=1, margin=1.0, weight=None, size_average=None, reduce=None, reduction="mean"):
        super().__init__(weight, size_average, reduce, reduction)
        if p != 1 and p != 2:
            raise ValueError("only p == 1 and p == 2 supported")
        if weight is not None and weight.dim() != 1:
            raise ValueError("MultiMarginLoss: expected weight to be None or 1D tensor, got %dD instead"
                             % weight.dim())
        self.p = p
        self.margin = margin

    def forward(self, input, target):
        return F.multi_margin_loss(input, target, p=self.p, margin=self.margin, weight=self.weight,
                                   reduction=self.reduction)


class _MarginLoss(_Loss):
    def __init__(self, margin=0.0, size_average=None, reduce=None, reduction="mean"):
        super().__init__(size_average, reduce, reduction)
        self.margin = margin


class CosineEmbeddingLoss(_MarginLoss):
    """The cosine embedding loss: 1 - cos(x1, x2) where y = 1, max(0, cos(x1, x2) - margin) where y = -1.

    Args:
        margin: in [-1, 1]; 0 to 0.5 is usual. Default: 0.0.
        size_average, reduce: deprecated; they set reduction (a warning).
        reduction: ``'none'`` (the per-element loss), ``'mean'`` or ``'sum'`` of it. Default: ``'mean'``.

    Shape:
        - Input1: (N, D) or (D,).
        - Input2: input1's shape.
        - Target: (N,) or (), 1 or -1.
        - Output: a scalar, or (N,) for ``'none'``.

    Example::

        >>> m = nn.CosineEmbeddingLoss()
        >>> m(pa.tensor([[1.0, 0.0], [1.0, 1.0]]), pa.tensor([[1.0, 1.0], [1.0, 0.0]]), pa.tensor([1, -1]))
        tensor(0.5000)
    """

    def forward(self, input1, input2, target):
        return F.cosine_embedding_loss(input1, input2, target, margin=self.margin, reduction=self.reduction)


class MarginRankingLoss(_MarginLoss):
    """The ranking loss max(0, -y * (x1 - x2) + margin): y = 1 asks x1 to rank above x2, y = -1 below.

    Args:
        margin: the margin. Default: 0.0.
        size_average, reduce: deprecated; they set reduction (a warning).
        reduction: ``'none'`` (the per-element loss), ``'mean'`` or ``'sum'`` of it. Default: ``'mean'``.

    Shape:
        - Input1: (N,) or ().
        - Input2: input1's shape.
        - Target: input1's shape, 1 or -1.
        - Output: a scalar, or (N,) for ``'none'``.

    Example::

        >>> m = nn.MarginRankingLoss(margin=0.5)
        >>> m(pa.tensor([1.0, 0.2]), pa.tensor([0.8, 0.6]), pa.tensor([1.0, 1.0]))
        tensor(0.6000)
    """

    def forward(self, input1, input2, target):
        return F.margin_ranking_loss(input1, input2, target, margin=self.margin, reduction=self.reduction)


class HingeEmbeddingLoss(_MarginLoss):
    """The hinge embedding loss: x where y = 1, max(0, margin - x) where y = -1 (x typically a distance).

    Args:
        margin: the margin. Default: 1.0.
        size_average, reduce: deprecated; they set reduction (a warning).
        reduction: ``'none'`` (the per-element loss), ``'mean'`` or ``'sum'`` of it. Default: ``'mean'``.

    Shape:
        - Input: (*).
        - Target: the input's shape, 1 or -1.
        - Output: a scalar, or (*) for ``'none'``.

    Example::

        >>> m = nn.HingeEmbeddingLoss()
        >>> m(pa.tensor([0.3, 0.4]), pa.tensor([1.0, -1.0]))
        tensor(0.4500)
    """

    def __init__(self, margin=1.0, size_average=None, reduce=None, reduction="mean"):
        super().__init__(margin, size_average, reduce, reduction)

    def forward(self, input, target):
        return F.hinge_embedding_loss(input, target, margin=self.margin, reduction=self.reduction)


class TripletMarginLoss(_Loss):
    """The triplet loss max(d(a, p) - d(a, n) + margin, 0), d the p-norm distance (PairwiseDistance).

    Args:
        margin: the margin (positive). Default: 1.0.
        p: the norm degree. Default: 2.0.
        eps: added to the difference before the norm. Default: 1e-6.
        swap: use min(d(a, n), d(p, n)) as the negative distance (the distance swap). Default: False.
        size_average, reduce: deprecated; they set reduction (a warning).
        reduction: ``'none'`` (the per-element loss), ``'mean'`` or ``'sum'`` of it. Default: ``'mean'``.

    Shape:
        - Anchor, positive, negative: (N, D) or (D,).
        - Output: a scalar, or (N,) for ``'none'``.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.TripletMarginLoss(reduction="none")
        >>> m(pa.randn(4, 8), pa.randn(4, 8), pa.randn(4, 8)).shape
        torch.Size([4])
    """

    def __init__(self, margin=1.0, p=2.0, eps=1e-6, swap=False, size_average=None, reduce=None, reduction="mean"):
        super().__init__(size_average, reduce, reduction)
        if margin <= 0:
            raise ValueError("TripletMarginLoss: expected margin to be greater than 0, got %s instead" % (margin,))
        self.margin = margin
        self.p = p
        self.eps = eps
        self.swap = swap

    def forward(self, anchor, positive, negative):
        return F.triplet_margin_loss(anchor, positive, negative, margin=self.margin, p=self.p, eps=self.eps,
                                     swap=self.swap, reduction=self.reduction)


class PairwiseDistance(Module):
    """The p-norm distance between the rows of x1 and x2, norm(x1 - x2 + eps, p) along the last dim.

    Args:
        p: the norm degree. Default: 2.0.
        eps: added to the difference, against division by zero in the gradient. Default: 1e-6.
        keepdim: keep the reduced dim (size 1). Default: False.

    Shape:
        - Input1: (N, D) or (D,).
        - Input2: the same (or broadcastable).
        - Output: (N,) or (), (N, 1) or (1,) with keepdim.

    Example::

        >>> m = nn.PairwiseDistance()
        >>> m(pa.tensor([[0.0, 0.0], [1.0, 1.0]]), pa.tensor([[3.0, 4.0], [1.0, 1.0]]))
        tensor([5.0000e+00, 1.4142e-06])
    """

    def __init__(self, p=2.0, eps=1e-6, keepdim=False):
        super().__init__()
        self.norm = p
        self.eps = eps
        self.keepdim = keepdim

    def forward(self, x1, x2):
        return F.pairwise_distance(x1, x2, self.norm, self.eps, self.keepdim)


class CosineSimilarity(Module):
    """The cosine similarity along ``dim``, x1 . x2 / max(norm(x1) * norm(x2), eps).

    Args:
        dim: the dim the similarity is computed along. Default: 1.
        eps: the smallest denominator. Default: 1e-8.

    Shape:
        - Input1: ``(*, D, *)``, D at ``dim``.
        - Input2: the same (or broadcastable).
        - Output: the broadcast shape without ``dim``.

    Example::

        >>> m = nn.CosineSimilarity(dim=1)
        >>> m(pa.tensor([[1.0, 0.0], [1.0, 1.0]]), pa.tensor([[0.0, 1.0], [2.0, 2.0]]))
        tensor([0.0000, 1.0000])
    """

    def __init__(self, dim=1, eps=1e-8):
        super().__init__()
        self.dim = dim
        self.eps = eps

    def forward(self, x1, x2):
        return F.cosine_similarity(x1, x2, self.dim, self.eps)


class TripletMarginWithDistanceLoss(_Loss):
    """The triplet loss max(d(a, p) - d(a, n) + margin, 0) with a distance d of your choice.

    All its arguments are keyword-only.

    Args:
        distance_function: a callable (x1, x2) -> per-sample distances. Default: None (PairwiseDistance()).
        margin: the margin (positive). Default: 1.0.
        swap: use min(d(a, n), d(p, n)) as the negative distance. Default: False.
        reduction: ``'none'`` (the per-element loss), ``'mean'`` or ``'sum'`` of it. Default: ``'mean'``.

    Shape:
        - Anchor, positive, negative: (N, D) or (D,).
        - Output: a scalar, or (N,) for ``'none'``.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.TripletMarginWithDistanceLoss(distance_function=lambda a, b: 1 - F.cosine_similarity(a, b))
        >>> m(pa.randn(4, 8), pa.randn(4, 8), pa.randn(4, 8)).shape
        torch.Size([])
    """

    def __init__(self, *, distance_function=None, margin=1.0, swap=False, reduction="mean"):
        super().__init__(reduction=reduction)
        if margin <= 0:
            raise ValueError("TripletMarginWithDistanceLoss: expected margin to be greater than 0, got %s instead"
                             % (margin,))
        self.distance_function = distance_function if distance_function is not None else PairwiseDistance()
        self.margin = margin
        self.swap = swap

    def forward(self, anchor, positive, negative):
        return F.triplet_margin_with_distance_loss(anchor, positive, negative,
                                                   distance_function=self.distance_function, margin=self.margin,
                                                   swap=self.swap, reduction=self.reduction)


class PoissonNLLLoss(_Loss):
    """The Poisson negative log likelihood: exp(input) - target * input (log_input), or input - target * log(input +
    eps).

    Args:
        log_input: the input is the log of the rate. Default: True.
        full: add the Stirling term target * log(target) - target + 0.5 * log(2 * pi * target) (where target > 1).
            Default: False.
        size_average: deprecated (see reduction).
        eps: keeps log away from 0 when log_input=False. Default: 1e-8.
        reduce: deprecated (see reduction).
        reduction: ``'none'`` (the per-element loss), ``'mean'`` or ``'sum'`` of it. Default: ``'mean'``.

    Shape:
        - Input: (*).
        - Target: the input's shape.
        - Output: a scalar, or (*) for ``'none'``.

    Example::

        >>> m = nn.PoissonNLLLoss()
        >>> m(pa.tensor([0.0, 1.0]), pa.tensor([1.0, 2.0]))
        tensor(0.8591)
    """

    def __init__(self, log_input=True, full=False, size_average=None, eps=1e-8, reduce=None, reduction="mean"):
        super().__init__(size_average, reduce, reduction)
        self.log_input = log_input
        self.full = full
        self.eps = eps

    def forward(self, log_input, target):
        return F.poisson_nll_loss(log_input, target, log_input=self.log_input, full=self.full, eps=self.eps,
                                  reduction=self.reduction)


class GaussianNLLLoss(_Loss):
    """The Gaussian negative log likelihood, 0.5 * (log(var) + (input - target) ** 2 / var), var clamped to at least
    eps.

    The forward takes (input, target, var); the arguments are keyword-only.

    Args:
        full: add the constant 0.5 * log(2 * pi). Default: False.
        eps: the smallest variance used. Default: 1e-6.
        reduction: ``'none'`` (the per-element loss), ``'mean'`` or ``'sum'`` of it. Default: ``'mean'``.

    Shape:
        - Input: (N, *) or (*), the predicted means.
        - Target: the input's shape (or broadcastable).
        - Var: the input's shape, or with one dim of size 1 (shared), or one fewer dim.
        - Output: a scalar, or the input's shape for ``'none'``.

    Example::

        >>> m = nn.GaussianNLLLoss()
        >>> m(pa.tensor([1.0, 2.0]), pa.tensor([1.5, 2.0]), pa.tensor([1.0, 0.5]))
        tensor(-0.1108)
    """

    def __init__(self, *, full=False, eps=1e-6, reduction="mean"):
        super().__init__(None, None, reduction)
        self.full = full
        self.eps = eps

    def forward(self, input, target, var):
        return F.gaussian_nll_loss(input, target, var, full=self.full, eps=self.eps, reduction=self.reduction)


class CTCLoss(_Loss):
    """The connectionist temporal classification loss: -log of the probability of the target, summed over every
    alignment of it to the input (with blanks and repeats).

    Args:
        blank: the blank label. Default: 0.
        reduction: ``'none'`` (per sample), ``'mean'`` (each loss divided by its target length, then the batch
            mean) or ``'sum'``. Default: ``'mean'``.
        zero_infinity: replace infinite losses (inputs too short for their targets) and their gradients by zero.
            Default: False.

    The forward takes (log_probs, targets, input_lengths, target_lengths).

    Shape:
        - Log_probs: (T, N, C) or (T, C), log-softmax outputs (T input length, C classes with the blank).
        - Targets: (N, S) padded, or the concatenated targets (sum(target_lengths),).
        - Input_lengths, target_lengths: (N,) or ().
        - Output: a scalar, or (N,) for ``'none'``.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> log_probs = pa.randn(6, 2, 4).log_softmax(2)
        >>> targets = pa.tensor([[1, 2, 2], [3, 1, 0]])
        >>> m = nn.CTCLoss(reduction="none")
        >>> m(log_probs, targets, pa.tensor([6, 6]), pa.tensor([3, 2])).shape
        torch.Size([2])
    """

    def __init__(self, blank=0, reduction="mean", zero_infinity=False):
        super().__init__(reduction=reduction)
        self.blank = blank
        self.zero_infinity = zero_infinity

    def forward(self, log_probs, targets, input_lengths, target_lengths):
        return F.ctc_loss(log_probs, targets, input_lengths, target_lengths, self.blank, self.reduction,
                          self.zero_infinity)
