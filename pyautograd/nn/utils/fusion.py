"""torch.nn.utils.fusion: a convolution or linear layer followed by an eval-mode batch norm, folded
into one layer (the batch norm's affine map and running statistics merged into weight and bias)."""
import copy

from ..._creation import ones_like, zeros_like
from ..._ops import rsqrt
from ..parameter import Parameter

__all__ = ["fuse_conv_bn_eval", "fuse_conv_bn_weights", "fuse_linear_bn_eval", "fuse_linear_bn_weights"]


def fuse_conv_bn_eval(conv, bn, transpose=False):
    """A copy of conv whose output is bn(conv(x)) (both in eval mode).

    Example::

        >>> _ = pa.manual_seed(0)
        >>> conv, bn = nn.Conv2d(2, 3, 3).eval(), nn.BatchNorm2d(3).eval()
        >>> fused = nn.utils.fuse_conv_bn_eval(conv, bn)
        >>> x = pa.randn(1, 2, 5, 5)
        >>> bool(pa.allclose(fused(x), bn(conv(x)), atol=1e-6))
        True
    """
    if conv.training or bn.training:
        raise AssertionError("Fusion only for eval!")
    fused_conv = copy.deepcopy(conv)
    if bn.running_mean is None or bn.running_var is None:
        raise AssertionError("bn.running_mean and bn.running_var must not be None")
    fused_conv.weight, fused_conv.bias = fuse_conv_bn_weights(
        fused_conv.weight, fused_conv.bias, bn.running_mean, bn.running_var, bn.eps, bn.weight, bn.bias, transpose)
    return fused_conv


def fuse_conv_bn_weights(conv_w, conv_b, bn_rm, bn_rv, bn_eps, bn_w, bn_b, transpose=False):
    """(weight, bias) Parameters of the fused convolution; transpose: conv_w is a transposed
    convolution's (output channels on dim 1).

    Example::

        >>> _ = pa.manual_seed(0)
        >>> conv, bn = nn.Conv2d(2, 3, 3), nn.BatchNorm2d(3)
        >>> w, b = nn.utils.fuse_conv_bn_weights(conv.weight, conv.bias, bn.running_mean, bn.running_var,
        ...                                      bn.eps, bn.weight, bn.bias)
        >>> w.shape, b.shape
        (torch.Size([3, 2, 3, 3]), torch.Size([3]))
    """
    conv_weight_dtype = conv_w.dtype
    conv_bias_dtype = conv_b.dtype if conv_b is not None else conv_weight_dtype
    if conv_b is None:
        conv_b = zeros_like(bn_rm)
    if bn_w is None:
        bn_w = ones_like(bn_rm)
    if bn_b is None:
        bn_b = zeros_like(bn_rm)
    bn_var_rsqrt = rsqrt(bn_rv + bn_eps)
    shape = ([1, -1] if transpose else [-1, 1]) + [1] * (len(conv_w.shape) - 2)
    fused_conv_w = (conv_w * (bn_w * bn_var_rsqrt).reshape(shape)).to(dtype=conv_weight_dtype)
    fused_conv_b = ((conv_b - bn_rm) * bn_var_rsqrt * bn_w + bn_b).to(dtype=conv_bias_dtype)
    return Parameter(fused_conv_w, conv_w.requires_grad), Parameter(fused_conv_b, conv_b.requires_grad)


def fuse_linear_bn_eval(linear, bn):
    """A copy of linear whose output is bn(linear(x)) (both in eval mode).

    Example::

        >>> _ = pa.manual_seed(0)
        >>> linear, bn = nn.Linear(4, 3).eval(), nn.BatchNorm1d(3).eval()
        >>> fused = nn.utils.fuse_linear_bn_eval(linear, bn)
        >>> x = pa.randn(2, 4)
        >>> bool(pa.allclose(fused(x), bn(linear(x)), atol=1e-6))
        True
    """
    if linear.training or bn.training:
        raise AssertionError("Fusion only for eval!")
    fused_linear = copy.deepcopy(linear)
    # bn's channels must broadcast against linear's output features (equal, or a single one)
    if linear.out_features != bn.num_features and bn.num_features != 1:
        raise AssertionError("To fuse, linear.out_features == bn.num_features or bn.num_features == 1, got "
                             "linear.out_features=%d and bn.num_features=%d" % (linear.out_features, bn.num_features))
    if bn.running_mean is None or bn.running_var is None:
        raise AssertionError("bn.running_mean and bn.running_var must not be None")
    fused_linear.weight, fused_linear.bias = fuse_linear_bn_weights(
        fused_linear.weight, fused_linear.bias, bn.running_mean, bn.running_var, bn.eps, bn.weight, bn.bias)
    return fused_linear


def fuse_linear_bn_weights(linear_w, linear_b, bn_rm, bn_rv, bn_eps, bn_w, bn_b):
    """(weight, bias) Parameters of the fused linear layer.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> linear, bn = nn.Linear(4, 3), nn.BatchNorm1d(3)
        >>> w, b = nn.utils.fuse_linear_bn_weights(linear.weight, linear.bias, bn.running_mean, bn.running_var,
        ...                                        bn.eps, bn.weight, bn.bias)
        >>> w.shape, b.shape
        (torch.Size([3, 4]), torch.Size([3]))
    """
    linear_weight_dtype = linear_w.dtype
    linear_bias_dtype = linear_b.dtype if linear_b is not None else linear_weight_dtype
    if linear_b is None:
        linear_b = zeros_like(bn_rm)
    bn_scale = bn_w * rsqrt(bn_rv + bn_eps)
    fused_w = linear_w * bn_scale.unsqueeze(-1).to(dtype=linear_weight_dtype)
    fused_b = ((linear_b - bn_rm) * bn_scale + bn_b).to(dtype=linear_bias_dtype)
    return Parameter(fused_w, linear_w.requires_grad), Parameter(fused_b, linear_b.requires_grad)
