"""Normalisation and regularisation modules over nn/_norm.py: BatchNorm1d/2d/3d, InstanceNorm1d/2d/3d
(a common _NormBase with torch's running-stat buffers), GroupNorm, LocalResponseNorm, RMSNorm,
Dropout1d/2d/3d, AlphaDropout, FeatureAlphaDropout, Bilinear and EmbeddingBag. Attributes, reprs,
state_dict keys and input checks as torch's."""
import math
import numbers
import warnings

from .._creation import empty, ones, zeros
from .._tensor import tensor
from ..grad_mode import no_grad
from .modules import Module, affine_parameters, reset_affine
from .parameter import Parameter
from . import functional as F
from . import _norm
from . import init

__all__ = ["BatchNorm1d", "BatchNorm2d", "BatchNorm3d", "InstanceNorm1d", "InstanceNorm2d", "InstanceNorm3d",
           "GroupNorm", "LocalResponseNorm", "RMSNorm", "Dropout1d", "Dropout2d", "Dropout3d", "AlphaDropout",
           "FeatureAlphaDropout", "Bilinear", "EmbeddingBag"]


class _NormBase(Module):
    """weight (ones) and bias (zeros) when affine; running_mean (zeros), running_var (ones) and
    num_batches_tracked (int64 0) buffers when track_running_stats, else those buffers None."""
    _version = 2
    __constants__ = ["track_running_stats", "momentum", "eps", "num_features", "affine"]

    def __init__(self, num_features, eps=1e-5, momentum=0.1, affine=True, track_running_stats=True, device=None,
                 dtype=None, *, bias=True):
        super().__init__()
        self.num_features = num_features
        self.eps = eps
        self.momentum = momentum
        self.affine = affine
        self.track_running_stats = track_running_stats
        affine_parameters(self, (num_features,), affine, bias, dtype)
        if track_running_stats:
            self.register_buffer("running_mean", zeros(num_features, dtype=dtype))
            self.register_buffer("running_var", ones(num_features, dtype=dtype))
            self.register_buffer("num_batches_tracked", tensor(0))
        else:
            self.register_buffer("running_mean", None)
            self.register_buffer("running_var", None)
            self.register_buffer("num_batches_tracked", None)
        self.reset_parameters()

    def reset_running_stats(self):
        if self.track_running_stats:
            with no_grad():
                self.running_mean.zero_()
                self.running_var.fill_(1)
                self.num_batches_tracked.zero_()

    def reset_parameters(self):
        self.reset_running_stats()
        reset_affine(self)

    def extra_repr(self):
        return ("%s, eps=%s, momentum=%s, affine=%s, bias=%s, track_running_stats=%s"
                % (self.num_features, self.eps, self.momentum, self.affine, self.bias is not None,
                   self.track_running_stats))


class _BatchNorm(_NormBase):
    """Batch statistics in training (running stats updated with momentum, or their cumulative
    average when momentum is None); the running stats in eval mode when tracked."""

    def forward(self, input):
        self._check_input_dim(input)
        use_batch = self.training or (self.running_mean is None and self.running_var is None)
        track = not self.training or self.track_running_stats
        rm, rv = (self.running_mean, self.running_var) if track else (None, None)
        # F.batch_norm's errors raised before num_batches_tracked moves: an input that fails leaves the
        # module's state as it was (PyTorch counts the failed batch)
        _norm._check_batch_norm(input, use_batch, self.eps)
        _norm._check_stat_sizes(input, rm, rv, self.weight, self.bias)
        factor = 0.0 if self.momentum is None else self.momentum
        if self.training and self.track_running_stats and self.num_batches_tracked is not None:
            with no_grad():
                self.num_batches_tracked.add_(1)
            if self.momentum is None:
                factor = 1.0 / float(self.num_batches_tracked.item())
        return F.batch_norm(input, rm, rv, self.weight, self.bias, use_batch, factor, self.eps)


class BatchNorm1d(_BatchNorm):
    """Batch norm of (N, C) or (N, C, L) input.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.BatchNorm1d(4)
        >>> m(pa.randn(8, 4)).shape
        torch.Size([8, 4])
    """

    def _check_input_dim(self, input):
        if input.dim() not in (2, 3):
            raise ValueError("expected 2D or 3D input (got %dD input)" % input.dim())


class BatchNorm2d(_BatchNorm):
    """Batch norm of (N, C, H, W) input.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.BatchNorm2d(3)
        >>> m(pa.randn(2, 3, 4, 4)).shape
        torch.Size([2, 3, 4, 4])
    """

    def _check_input_dim(self, input):
        if input.dim() != 4:
            raise ValueError("expected 4D input (got %dD input)" % input.dim())


class BatchNorm3d(_BatchNorm):
    """Batch norm of (N, C, D, H, W) input.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.BatchNorm3d(3)
        >>> m(pa.randn(2, 3, 2, 4, 4)).shape
        torch.Size([2, 3, 2, 4, 4])
    """

    def _check_input_dim(self, input):
        if input.dim() != 5:
            raise ValueError("expected 5D input (got %dD input)" % input.dim())


class _InstanceNorm(_NormBase):
    """Per-sample, per-channel statistics; affine and track_running_stats off by default. Input
    without the batch dim is taken as one sample."""
    _dims = ()      # the accepted input dims: (without batch, with batch)

    def __init__(self, num_features, eps=1e-5, momentum=0.1, affine=False, track_running_stats=False, device=None,
                 dtype=None, *, bias=True):
        super().__init__(num_features, eps, momentum, affine, track_running_stats, device, dtype, bias=bias)

    def _check_input_dim(self, input):
        if input.dim() not in self._dims:
            raise ValueError("expected %dD or %dD input (got %dD input)" % (self._dims + (input.dim(),)))

    def _apply(self, input):
        return F.instance_norm(input, self.running_mean, self.running_var, self.weight, self.bias,
                               self.training or not self.track_running_stats,
                               self.momentum if self.momentum is not None else 0.0, self.eps)

    def forward(self, input):
        self._check_input_dim(input)
        no_batch = self._dims[0]
        feature_dim = input.dim() - no_batch
        if input.shape[feature_dim] != self.num_features:
            if self.affine:
                raise ValueError("expected input's size at dim=%d to match num_features (%d), but got: %d."
                                 % (feature_dim, self.num_features, input.shape[feature_dim]))
            warnings.warn("input's size at dim=%d does not match num_features. You can silence this warning by not "
                          "passing in num_features, which is not used because affine=False" % feature_dim,
                          stacklevel=2)
        if input.dim() == no_batch:
            return self._apply(input.unsqueeze(0)).squeeze(0)
        return self._apply(input)


class InstanceNorm1d(_InstanceNorm):
    """Instance norm of (N, C, L) or (C, L) input.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.InstanceNorm1d(3)
        >>> m(pa.randn(2, 3, 8)).shape
        torch.Size([2, 3, 8])
    """
    _dims = (2, 3)


class InstanceNorm2d(_InstanceNorm):
    """Instance norm of (N, C, H, W) or (C, H, W) input.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.InstanceNorm2d(3, affine=True)
        >>> m(pa.randn(2, 3, 4, 4)).shape
        torch.Size([2, 3, 4, 4])
    """
    _dims = (3, 4)


class InstanceNorm3d(_InstanceNorm):
    """Instance norm of (N, C, D, H, W) or (C, D, H, W) input.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.InstanceNorm3d(3)
        >>> m(pa.randn(2, 3, 2, 4, 4)).shape
        torch.Size([2, 3, 2, 4, 4])
    """
    _dims = (4, 5)


class GroupNorm(Module):
    """Group norm over num_groups groups of num_channels channels; per-channel affine (ones, zeros).

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.GroupNorm(2, 6)
        >>> m(pa.randn(2, 6, 4, 4)).shape
        torch.Size([2, 6, 4, 4])
    """
    __constants__ = ["num_groups", "num_channels", "eps", "affine"]

    def __init__(self, num_groups, num_channels, eps=1e-5, affine=True, device=None, dtype=None, *, bias=True):
        super().__init__()
        if num_channels % num_groups != 0:
            raise ValueError("num_channels (%d) must be divisible by num_groups (%d)" % (num_channels, num_groups))
        self.num_groups = num_groups
        self.num_channels = num_channels
        self.eps = eps
        self.affine = affine
        affine_parameters(self, (num_channels,), affine, bias, dtype)
        self.reset_parameters()

    def reset_parameters(self):
        reset_affine(self)

    def forward(self, input):
        return F.group_norm(input, self.num_groups, self.weight, self.bias, self.eps)

    def extra_repr(self):
        return "%s, %s, eps=%s, affine=%s, bias=%s" % (self.num_groups, self.num_channels, self.eps, self.affine,
                                                       self.bias is not None)


class LocalResponseNorm(Module):
    """Local response normalisation across channels: b_c = a_c / (k + alpha / size * sum of a_c' ** 2 over the size
    channels around c) ** beta.

    Args:
        size: the number of neighbouring channels in the sum.
        alpha: the multiplicative factor. Default: 0.0001.
        beta: the exponent. Default: 0.75.
        k: the additive factor. Default: 1.0.

    Shape:
        - Input: ``(N, C, *)``, at least 3 dims.
        - Output: the input's shape.

    Gradient: that of the composition (the squares' windowed sum, power, division).

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.LocalResponseNorm(2)
        >>> m(pa.randn(2, 4, 3, 3)).shape
        torch.Size([2, 4, 3, 3])
    """

    __constants__ = ["size", "alpha", "beta", "k"]

    def __init__(self, size, alpha=1e-4, beta=0.75, k=1.0):
        super().__init__()
        self.size = size
        self.alpha = alpha
        self.beta = beta
        self.k = k

    def forward(self, input):
        return F.local_response_norm(input, self.size, self.alpha, self.beta, self.k)

    def extra_repr(self):
        return "%s, alpha=%s, beta=%s, k=%s" % (self.size, self.alpha, self.beta, self.k)


class RMSNorm(Module):
    """RMS norm over the trailing normalized_shape dims; weight ones when elementwise_affine.

    Example::

        >>> m = nn.RMSNorm(2)
        >>> m(pa.tensor([[3.0, 4.0]])).detach()
        tensor([[0.8485, 1.1314]])
    """
    __constants__ = ["normalized_shape", "eps", "elementwise_affine"]

    def __init__(self, normalized_shape, eps=None, elementwise_affine=True, device=None, dtype=None):
        super().__init__()
        if isinstance(normalized_shape, numbers.Integral):
            normalized_shape = (normalized_shape,)
        self.normalized_shape = tuple(normalized_shape)
        self.eps = eps
        self.elementwise_affine = elementwise_affine
        affine_parameters(self, self.normalized_shape, elementwise_affine, None, dtype)
        self.reset_parameters()

    def reset_parameters(self):
        reset_affine(self)

    def forward(self, x):
        return F.rms_norm(x, self.normalized_shape, self.weight, self.eps)

    def extra_repr(self):
        return "%s, eps=%s, elementwise_affine=%s" % (self.normalized_shape, self.eps, self.elementwise_affine)


class _DropoutNd(Module):
    __constants__ = ["p", "inplace"]

    def __init__(self, p=0.5, inplace=False):
        super().__init__()
        if p < 0 or p > 1:
            raise ValueError("dropout probability has to be between 0 and 1, but got %s" % (p,))
        self.p = p
        self.inplace = inplace

    def forward(self, input):
        return type(self)._fn(input, self.p, self.training, self.inplace)

    def extra_repr(self):
        return "p=%s, inplace=%s" % (self.p, self.inplace)


class Dropout1d(_DropoutNd):
    """Channel dropout for 1D feature maps: in training, zero each whole channel with probability p and scale the
    others by 1 / (1 - p); the identity in eval mode.

    Args:
        p: the probability of a channel being zeroed. Default: 0.5.
        inplace: write the result into the input. Default: False.

    Shape:
        - Input: (N, C, L) or (C, L).
        - Output: the input's shape.

    Gradient: the same channel mask and scale applied to the output gradient.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.Dropout1d(p=0.5)
        >>> m(pa.randn(1, 4, 8)).shape
        torch.Size([1, 4, 8])
    """

    _fn = staticmethod(F.dropout1d)


class Dropout2d(_DropoutNd):
    """Channel dropout for 2D feature maps: in training, zero each whole channel with probability p and scale the
    others by 1 / (1 - p); the identity in eval mode.

    Args:
        p: the probability of a channel being zeroed. Default: 0.5.
        inplace: write the result into the input. Default: False.

    Shape:
        - Input: (N, C, H, W) or (C, H, W).
        - Output: the input's shape.

    Gradient: the same channel mask and scale applied to the output gradient.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.Dropout2d(p=0.5)
        >>> m(pa.randn(1, 4, 3, 3)).shape
        torch.Size([1, 4, 3, 3])
    """

    _fn = staticmethod(F.dropout2d)


class Dropout3d(_DropoutNd):
    """Channel dropout for 3D feature maps: in training, zero each whole channel with probability p and scale the
    others by 1 / (1 - p); the identity in eval mode.

    Args:
        p: the probability of a channel being zeroed. Default: 0.5.
        inplace: write the result into the input. Default: False.

    Shape:
        - Input: (N, C, D, H, W) or (C, D, H, W).
        - Output: the input's shape.

    Gradient: the same channel mask and scale applied to the output gradient.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.Dropout3d(p=0.5)
        >>> m(pa.randn(1, 4, 2, 2, 2)).shape
        torch.Size([1, 4, 2, 2, 2])
    """

    _fn = staticmethod(F.dropout3d)


class AlphaDropout(_DropoutNd):
    """Alpha dropout (for SELU networks): in training, dropped elements are set to SELU's negative saturation value
    and the result affinely rescaled, so that zero mean and unit variance are kept; the identity in eval mode.

    Args:
        p: the probability of an element being dropped. Default: 0.5.
        inplace: accepted for compatibility. Default: False.

    Shape:
        - Input: (*), any shape.
        - Output: the input's shape.

    Gradient: the kept elements' gradient times the rescaling factor; zero at the dropped ones.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.AlphaDropout(p=0.2)
        >>> m(pa.randn(4, 5)).shape
        torch.Size([4, 5])
    """

    _fn = staticmethod(F.alpha_dropout)


class FeatureAlphaDropout(_DropoutNd):
    """Alpha dropout of whole channels: in training, each channel of (N, C, ...) input is dropped with probability p
    (set to SELU's negative saturation value) and the result affinely rescaled to keep the mean and variance; the
    identity in eval mode.

    Args:
        p: the probability of a channel being dropped. Default: 0.5.
        inplace: write the result into the input. Default: False.

    Shape:
        - Input: (N, C, ...) or (C, ...).
        - Output: the input's shape.

    Gradient: the kept channels' gradient times the rescaling factor; zero at the dropped ones.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.FeatureAlphaDropout(p=0.2)
        >>> m(pa.randn(2, 4, 3, 3)).shape
        torch.Size([2, 4, 3, 3])
    """

    _fn = staticmethod(F.feature_alpha_dropout)


class Bilinear(Module):
    """y = x1^T A x2 + b; weight (out, in1, in2) and bias (out) from U(-1/sqrt(in1), 1/sqrt(in1)).

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.Bilinear(3, 4, 5)
        >>> m(pa.randn(2, 3), pa.randn(2, 4)).shape
        torch.Size([2, 5])
    """
    __constants__ = ["in1_features", "in2_features", "out_features"]

    def __init__(self, in1_features, in2_features, out_features, bias=True, device=None, dtype=None):
        super().__init__()
        self.in1_features = in1_features
        self.in2_features = in2_features
        self.out_features = out_features
        self.weight = Parameter(empty((out_features, in1_features, in2_features), dtype=dtype))
        if bias:
            self.bias = Parameter(empty(out_features, dtype=dtype))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self):
        bound = 1 / math.sqrt(self.weight.size(1))
        init.uniform_(self.weight, -bound, bound)
        if self.bias is not None:
            init.uniform_(self.bias, -bound, bound)

    def forward(self, input1, input2):
        return F.bilinear(input1, input2, self.weight, self.bias)

    def extra_repr(self):
        return "in1_features=%s, in2_features=%s, out_features=%s, bias=%s" % (
            self.in1_features, self.in2_features, self.out_features, self.bias is not None)


class EmbeddingBag(Module):
    """Bags of embeddings reduced by sum, mean or max; weight from N(0, 1), the padding_idx row zero.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.EmbeddingBag(10, 3, mode="sum")
        >>> m(pa.tensor([1, 2, 4, 5, 4, 3]), offsets=pa.tensor([0, 2])).shape
        torch.Size([2, 3])
    """
    __constants__ = ["num_embeddings", "embedding_dim", "max_norm", "norm_type", "scale_grad_by_freq", "mode",
                     "sparse", "include_last_offset", "padding_idx"]

    def __init__(self, num_embeddings, embedding_dim, max_norm=None, norm_type=2.0, scale_grad_by_freq=False,
                 mode="mean", sparse=False, _weight=None, include_last_offset=False, padding_idx=None, device=None,
                 dtype=None):
        super().__init__()
        self.num_embeddings = num_embeddings
        self.embedding_dim = embedding_dim
        self.max_norm = max_norm
        self.norm_type = norm_type
        self.scale_grad_by_freq = scale_grad_by_freq
        if padding_idx is not None:
            if padding_idx > 0:
                if padding_idx >= num_embeddings:
                    raise AssertionError("padding_idx must be within num_embeddings")
            elif padding_idx < 0:
                if padding_idx < -num_embeddings:
                    raise AssertionError("padding_idx must be within num_embeddings")
                padding_idx = num_embeddings + padding_idx
        self.padding_idx = padding_idx
        if _weight is None:
            self.weight = Parameter(empty((num_embeddings, embedding_dim), dtype=dtype))
            self.reset_parameters()
        else:
            if list(_weight.shape) != [num_embeddings, embedding_dim]:
                raise AssertionError("Shape of weight does not match num_embeddings and embedding_dim")
            self.weight = Parameter(_weight)
        self.mode = mode
        self.sparse = sparse
        self.include_last_offset = include_last_offset

    def reset_parameters(self):
        init.normal_(self.weight)
        if self.padding_idx is not None:
            with no_grad():
                self.weight[self.padding_idx].fill_(0)

    def forward(self, input, offsets=None, per_sample_weights=None):
        return F.embedding_bag(input, self.weight, offsets, self.max_norm, self.norm_type, self.scale_grad_by_freq,
                               self.mode, self.sparse, per_sample_weights, self.include_last_offset,
                               self.padding_idx)

    def extra_repr(self):
        s = "%r, %r" % (self.num_embeddings, self.embedding_dim)
        if self.max_norm is not None:
            s += ", max_norm=%r" % (self.max_norm,)
        if self.norm_type != 2:
            s += ", norm_type=%r" % (self.norm_type,)
        if self.scale_grad_by_freq is not False:
            s += ", scale_grad_by_freq=%r" % (self.scale_grad_by_freq,)
        s += ", mode=%r" % (self.mode,)
        if self.padding_idx is not None:
            s += ", padding_idx=%r" % (self.padding_idx,)
        return s

    @classmethod
    def from_pretrained(cls, embeddings, freeze=True, max_norm=None, norm_type=2.0, scale_grad_by_freq=False,
                        mode="mean", sparse=False, include_last_offset=False, padding_idx=None):
        if embeddings.dim() != 2:
            raise AssertionError("Embeddings parameter is expected to be 2-dimensional")
        rows, cols = embeddings.shape
        bag = cls(num_embeddings=rows, embedding_dim=cols, _weight=embeddings, max_norm=max_norm,
                  norm_type=norm_type, scale_grad_by_freq=scale_grad_by_freq, mode=mode, sparse=sparse,
                  include_last_offset=include_last_offset, padding_idx=padding_idx)
        bag.weight.requires_grad = not freeze
        return bag
