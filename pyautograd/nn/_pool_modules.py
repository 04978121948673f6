"""Pooling modules: nn.MaxPool1d/2d/3d, MaxUnpool1d/2d/3d, AvgPool1d/2d/3d, AdaptiveAvgPool1d/2d/3d,
AdaptiveMaxPool1d/2d/3d, LPPool1d/2d/3d, over the functions of nn/_pool.py. Attributes and
extra_repr texts as torch's (AvgPool1d and MaxUnpool keep tuples, the others what they were given),
and the resampling modules (Upsample, UpsamplingNearest2d/Bilinear2d, PixelShuffle/Unshuffle, ChannelShuffle)."""
from .modules import Module
from . import functional as F

__all__ = ["MaxPool1d", "MaxPool2d", "MaxPool3d", "MaxUnpool1d", "MaxUnpool2d", "MaxUnpool3d",
           "AvgPool1d", "AvgPool2d", "AvgPool3d", "AdaptiveAvgPool1d", "AdaptiveAvgPool2d", "AdaptiveAvgPool3d",
           "AdaptiveMaxPool1d", "AdaptiveMaxPool2d", "AdaptiveMaxPool3d", "LPPool1d", "LPPool2d", "LPPool3d",
           "Upsample", "UpsamplingNearest2d", "UpsamplingBilinear2d", "PixelShuffle", "PixelUnshuffle",
           "ChannelShuffle"]


def _ntuple(v, n):
    return tuple(v) if isinstance(v, (list, tuple)) else (v,) * n


class _MaxPoolNd(Module):
    _fn = None

    def __init__(self, kernel_size, stride=None, padding=0, dilation=1, return_indices=False, ceil_mode=False):
        super().__init__()
        self.kernel_size = kernel_size
        self.stride = stride if (stride is not None) else kernel_size
        self.padding = padding
        self.dilation = dilation
        self.return_indices = return_indices
        self.ceil_mode = ceil_mode

    def forward(self, input):
        return type(self)._fn(input, self.kernel_size, self.stride, self.padding, self.dilation,
                              ceil_mode=self.ceil_mode, return_indices=self.return_indices)

    def extra_repr(self):
        return ("kernel_size={kernel_size}, stride={stride}, padding={padding}, dilation={dilation}, "
                "ceil_mode={ceil_mode}".format(**self.__dict__))


class MaxPool1d(_MaxPoolNd):
    """Max pooling over the 1D window sliding across the last dim of the input.

    Each output element is the maximum of its window of ``kernel_size`` elements (spaced by
    ``dilation``, the input padded with -inf by ``padding``).

    Args:
        kernel_size: the window size (an int or a 1-tuple).
        stride: the window step; default ``kernel_size``.
        padding: implicit -inf padding on both sides. Default: 0.
        dilation: the spacing between window elements. Default: 1.
        return_indices: also return the flat indices of the maxima (for MaxUnpool1d). Default: False.
        ceil_mode: round the output size up instead of down. Default: False.

    Shape:
        - Input: (N, C, L_in) or (C, L_in).
        - Output: (N, C, L_out) or (C, L_out), with L_out = floor((in + 2 * padding - dilation * (kernel_size -
          1) - 1) / stride + 1) per spatial dim.

    Gradient: flows to the position of each window's maximum.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.MaxPool1d(2)
        >>> m(pa.randn(1, 3, 8)).shape
        torch.Size([1, 3, 4])
    """

    _fn = staticmethod(F.max_pool1d)


class MaxPool2d(_MaxPoolNd):
    """Max pooling over the 2D window sliding across the last two dims of the input.

    Each output element is the maximum of its window of ``kernel_size`` elements (spaced by
    ``dilation``, the input padded with -inf by ``padding``).

    Args:
        kernel_size: the window size (an int or a 2-tuple).
        stride: the window step; default ``kernel_size``.
        padding: implicit -inf padding on both sides. Default: 0.
        dilation: the spacing between window elements. Default: 1.
        return_indices: also return the flat indices of the maxima (for MaxUnpool2d). Default: False.
        ceil_mode: round the output size up instead of down. Default: False.

    Shape:
        - Input: (N, C, H_in, W_in) or (C, H_in, W_in).
        - Output: (N, C, H_out, W_out) or (C, H_out, W_out), with H_out, W_out = floor((in + 2 * padding -
          dilation * (kernel_size - 1) - 1) / stride + 1) per spatial dim.

    Gradient: flows to the position of each window's maximum.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.MaxPool2d(2)
        >>> m(pa.randn(1, 3, 8, 8)).shape
        torch.Size([1, 3, 4, 4])
    """

    _fn = staticmethod(F.max_pool2d)


class MaxPool3d(_MaxPoolNd):
    """Max pooling over the 3D window sliding across the last three dims of the input.

    Each output element is the maximum of its window of ``kernel_size`` elements (spaced by
    ``dilation``, the input padded with -inf by ``padding``).

    Args:
        kernel_size: the window size (an int or a 3-tuple).
        stride: the window step; default ``kernel_size``.
        padding: implicit -inf padding on both sides. Default: 0.
        dilation: the spacing between window elements. Default: 1.
        return_indices: also return the flat indices of the maxima (for MaxUnpool3d). Default: False.
        ceil_mode: round the output size up instead of down. Default: False.

    Shape:
        - Input: (N, C, D_in, H_in, W_in) or (C, D_in, H_in, W_in).
        - Output: (N, C, D_out, H_out, W_out) or (C, D_out, H_out, W_out), with D_out, H_out, W_out = floor((in +
          2 * padding - dilation * (kernel_size - 1) - 1) / stride + 1) per spatial dim.

    Gradient: flows to the position of each window's maximum.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.MaxPool3d(2)
        >>> m(pa.randn(1, 3, 4, 4, 4)).shape
        torch.Size([1, 3, 2, 2, 2])
    """

    _fn = staticmethod(F.max_pool3d)


class _MaxUnpoolNd(Module):
    _n = 2
    _fn = None

    def __init__(self, kernel_size, stride=None, padding=0):
        super().__init__()
        n = self._n
        self.kernel_size = _ntuple(kernel_size, n)
        self.stride = _ntuple(stride if (stride is not None) else kernel_size, n)
        self.padding = _ntuple(padding, n)

    def forward(self, input, indices, output_size=None):
        return type(self)._fn(input, indices, self.kernel_size, self.stride, self.padding, output_size)

    def extra_repr(self):
        return "kernel_size={}, stride={}, padding={}".format(self.kernel_size, self.stride, self.padding)


class MaxUnpool1d(_MaxUnpoolNd):
    """The partial inverse of MaxPool1d: each value goes back to the position its index names, zeros elsewhere.

    Args:
        kernel_size: the pooling window size (an int or a 1-tuple).
        stride: the pooling step; default ``kernel_size``.
        padding: the pooling's padding. Default: 0.

    The forward takes ``(input, indices, output_size=None)``: ``indices`` are MaxPool1d's with
    ``return_indices=True``; ``output_size`` picks among the sizes the pooling could have come from.

    Shape:
        - Input: (N, C, L_in) or (C, L_in), and indices of the same shape.
        - Output: (N, C, L_out) or (C, L_out), with L_out = (in - 1) * stride - 2 * padding + kernel_size per
          spatial dim
          (or ``output_size``).

    Gradient: the output gradient read back at the indices.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> pool, unpool = nn.MaxPool1d(2, return_indices=True), nn.MaxUnpool1d(2)
        >>> y, idx = pool(pa.randn(1, 3, 8))
        >>> unpool(y, idx).shape
        torch.Size([1, 3, 8])
    """

    _n = 1
    _fn = staticmethod(F.max_unpool1d)


class MaxUnpool2d(_MaxUnpoolNd):
    """The partial inverse of MaxPool2d: each value goes back to the position its index names, zeros elsewhere.

    Args:
        kernel_size: the pooling window size (an int or a 2-tuple).
        stride: the pooling step; default ``kernel_size``.
        padding: the pooling's padding. Default: 0.

    The forward takes ``(input, indices, output_size=None)``: ``indices`` are MaxPool2d's with
    ``return_indices=True``; ``output_size`` picks among the sizes the pooling could have come from.

    Shape:
        - Input: (N, C, H_in, W_in) or (C, H_in, W_in), and indices of the same shape.
        - Output: (N, C, H_out, W_out) or (C, H_out, W_out), with H_out, W_out = (in - 1) * stride - 2 * padding +
          kernel_size per spatial dim
          (or ``output_size``).

    Gradient: the output gradient read back at the indices.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> pool, unpool = nn.MaxPool2d(2, return_indices=True), nn.MaxUnpool2d(2)
        >>> y, idx = pool(pa.randn(1, 3, 8, 8))
        >>> unpool(y, idx).shape
        torch.Size([1, 3, 8, 8])
    """

    _n = 2
    _fn = staticmethod(F.max_unpool2d)


class MaxUnpool3d(_MaxUnpoolNd):
    """The partial inverse of MaxPool3d: each value goes back to the position its index names, zeros elsewhere.

    Args:
        kernel_size: the pooling window size (an int or a 3-tuple).
        stride: the pooling step; default ``kernel_size``.
        padding: the pooling's padding. Default: 0.

    The forward takes ``(input, indices, output_size=None)``: ``indices`` are MaxPool3d's with
    ``return_indices=True``; ``output_size`` picks among the sizes the pooling could have come from.

    Shape:
        - Input: (N, C, D_in, H_in, W_in) or (C, D_in, H_in, W_in), and indices of the same shape.
        - Output: (N, C, D_out, H_out, W_out) or (C, D_out, H_out, W_out), with D_out, H_out, W_out = (in - 1) *
          stride - 2 * padding + kernel_size per spatial dim
          (or ``output_size``).

    Gradient: the output gradient read back at the indices.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> pool, unpool = nn.MaxPool3d(2, return_indices=True), nn.MaxUnpool3d(2)
        >>> y, idx = pool(pa.randn(1, 3, 4, 4, 4))
        >>> unpool(y, idx).shape
        torch.Size([1, 3, 4, 4, 4])
    """

    _n = 3
    _fn = staticmethod(F.max_unpool3d)


class _AvgPoolNd(Module):
    def extra_repr(self):
        return "kernel_size={}, stride={}, padding={}".format(self.kernel_size, self.stride, self.padding)


class AvgPool1d(_AvgPoolNd):
    """Average pooling: each output element is the mean of its 1D window of ``kernel_size`` elements.

    Args:
        kernel_size: the window size (an int or a 1-tuple).
        stride: the window step; default ``kernel_size``.
        padding: implicit zero padding on both sides. Default: 0.
        ceil_mode: round the output size up instead of down. Default: False.
        count_include_pad: count the padding zeros in the divisor. Default: True.

    Shape:
        - Input: (N, C, L_in) or (C, L_in).
        - Output: (N, C, L_out) or (C, L_out), with L_out = floor((in + 2 * padding - kernel_size) / stride + 1)
          per spatial dim.

    Gradient: each window's output gradient spread evenly over the window (divided by its divisor).

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.AvgPool1d(2)
        >>> m(pa.randn(1, 3, 8)).shape
        torch.Size([1, 3, 4])
    """

    def __init__(self, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True):
        super().__init__()
        self.kernel_size = _ntuple(kernel_size, 1)
        self.stride = _ntuple(stride if stride is not None else kernel_size, 1)
        self.padding = _ntuple(padding, 1)
        self.ceil_mode = ceil_mode
        self.count_include_pad = count_include_pad

    def forward(self, input):
        return F.avg_pool1d(input, self.kernel_size, self.stride, self.padding, self.ceil_mode,
                            self.count_include_pad)


class _AvgPool23(_AvgPoolNd):
    _fn = None

    def __init__(self, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
                 divisor_override=None):
        super().__init__()
        self.kernel_size = kernel_size
        self.stride = stride if (stride is not None) else kernel_size
        self.padding = padding
        self.ceil_mode = ceil_mode
        self.count_include_pad = count_include_pad
        self.divisor_override = divisor_override

    def forward(self, input):
        return type(self)._fn(input, self.kernel_size, self.stride, self.padding, self.ceil_mode,
                              self.count_include_pad, self.divisor_override)


class AvgPool2d(_AvgPool23):
    """Average pooling: each output element is the mean of its 2D window of ``kernel_size`` elements.

    Args:
        kernel_size: the window size (an int or a 2-tuple).
        stride: the window step; default ``kernel_size``.
        padding: implicit zero padding on both sides. Default: 0.
        ceil_mode: round the output size up instead of down. Default: False.
        count_include_pad: count the padding zeros in the divisor. Default: True.
        divisor_override: if given, the divisor of every window. Default: None.

    Shape:
        - Input: (N, C, H_in, W_in) or (C, H_in, W_in).
        - Output: (N, C, H_out, W_out) or (C, H_out, W_out), with H_out, W_out = floor((in + 2 * padding -
          kernel_size) / stride + 1) per spatial dim.

    Gradient: each window's output gradient spread evenly over the window (divided by its divisor).

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.AvgPool2d(2)
        >>> m(pa.randn(1, 3, 8, 8)).shape
        torch.Size([1, 3, 4, 4])
    """

    _fn = staticmethod(F.avg_pool2d)


class AvgPool3d(_AvgPool23):
    """Average pooling: each output element is the mean of its 3D window of ``kernel_size`` elements.

    Args:
        kernel_size: the window size (an int or a 3-tuple).
        stride: the window step; default ``kernel_size``.
        padding: implicit zero padding on both sides. Default: 0.
        ceil_mode: round the output size up instead of down. Default: False.
        count_include_pad: count the padding zeros in the divisor. Default: True.
        divisor_override: if given, the divisor of every window. Default: None.

    Shape:
        - Input: (N, C, D_in, H_in, W_in) or (C, D_in, H_in, W_in).
        - Output: (N, C, D_out, H_out, W_out) or (C, D_out, H_out, W_out), with D_out, H_out, W_out = floor((in +
          2 * padding - kernel_size) / stride + 1) per spatial dim.

    Gradient: each window's output gradient spread evenly over the window (divided by its divisor).

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.AvgPool3d(2)
        >>> m(pa.randn(1, 3, 4, 4, 4)).shape
        torch.Size([1, 3, 2, 2, 2])
    """

    _fn = staticmethod(F.avg_pool3d)


class _AdaptiveAvgPoolNd(Module):
    _fn = None

    def __init__(self, output_size):
        super().__init__()
        self.output_size = output_size

    def forward(self, input):
        return type(self)._fn(input, self.output_size)

    def extra_repr(self):
        return "output_size={}".format(self.output_size)


class AdaptiveAvgPool1d(_AdaptiveAvgPoolNd):
    """Average pooling to a fixed output size: output cell i averages the input span [floor(i * in / out), ceil((i +
    1) * in / out)).

    Args:
        output_size: the target size of the spatial dims (an int or a 1-tuple; None in a tuple
            keeps that dim's size).

    Shape:
        - Input: (N, C, L_in) or (C, L_in).
        - Output: the same with the spatial dims ``output_size``.

    Gradient: each cell's gradient spread evenly over its span.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.AdaptiveAvgPool1d(4)
        >>> m(pa.randn(1, 3, 8)).shape
        torch.Size([1, 3, 4])
    """

    _fn = staticmethod(F.adaptive_avg_pool1d)


class AdaptiveAvgPool2d(_AdaptiveAvgPoolNd):
    """Average pooling to a fixed output size: output cell i averages the input span [floor(i * in / out), ceil((i +
    1) * in / out)).

    Args:
        output_size: the target size of the spatial dims (an int or a 2-tuple; None in a tuple
            keeps that dim's size).

    Shape:
        - Input: (N, C, H_in, W_in) or (C, H_in, W_in).
        - Output: the same with the spatial dims ``output_size``.

    Gradient: each cell's gradient spread evenly over its span.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.AdaptiveAvgPool2d((2, 3))
        >>> m(pa.randn(1, 3, 8, 8)).shape
        torch.Size([1, 3, 2, 3])
    """

    _fn = staticmethod(F.adaptive_avg_pool2d)


class AdaptiveAvgPool3d(_AdaptiveAvgPoolNd):
    """Average pooling to a fixed output size: output cell i averages the input span [floor(i * in / out), ceil((i +
    1) * in / out)).

    Args:
        output_size: the target size of the spatial dims (an int or a 3-tuple; None in a tuple
            keeps that dim's size).

    Shape:
        - Input: (N, C, D_in, H_in, W_in) or (C, D_in, H_in, W_in).
        - Output: the same with the spatial dims ``output_size``.

    Gradient: each cell's gradient spread evenly over its span.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.AdaptiveAvgPool3d((1, 2, 2))
        >>> m(pa.randn(1, 3, 4, 4, 4)).shape
        torch.Size([1, 3, 1, 2, 2])
    """

    _fn = staticmethod(F.adaptive_avg_pool3d)


class _AdaptiveMaxPoolNd(Module):
    _fn = None

    def __init__(self, output_size, return_indices=False):
        super().__init__()
        self.output_size = output_size
        self.return_indices = return_indices

    def forward(self, input):
        return type(self)._fn(input, self.output_size, self.return_indices)

    def extra_repr(self):
        return "output_size={}".format(self.output_size)


class AdaptiveMaxPool1d(_AdaptiveMaxPoolNd):
    """Max pooling to a fixed output size: output cell i is the maximum of the input span [floor(i * in / out),
    ceil((i + 1) * in / out)).

    Args:
        output_size: the target size of the spatial dims (an int or a 1-tuple; None in a tuple
            keeps that dim's size).
        return_indices: also return the flat indices of the maxima. Default: False.

    Shape:
        - Input: (N, C, L_in) or (C, L_in).
        - Output: the same with the spatial dims ``output_size``.

    Gradient: flows to the position of each span's maximum.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.AdaptiveMaxPool1d(4)
        >>> m(pa.randn(1, 3, 8)).shape
        torch.Size([1, 3, 4])
    """

    _fn = staticmethod(F.adaptive_max_pool1d)


class AdaptiveMaxPool2d(_AdaptiveMaxPoolNd):
    """Max pooling to a fixed output size: output cell i is the maximum of the input span [floor(i * in / out),
    ceil((i + 1) * in / out)).

    Args:
        output_size: the target size of the spatial dims (an int or a 2-tuple; None in a tuple
            keeps that dim's size).
        return_indices: also return the flat indices of the maxima. Default: False.

    Shape:
        - Input: (N, C, H_in, W_in) or (C, H_in, W_in).
        - Output: the same with the spatial dims ``output_size``.

    Gradient: flows to the position of each span's maximum.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.AdaptiveMaxPool2d((2, 3))
        >>> m(pa.randn(1, 3, 8, 8)).shape
        torch.Size([1, 3, 2, 3])
    """

    _fn = staticmethod(F.adaptive_max_pool2d)


class AdaptiveMaxPool3d(_AdaptiveMaxPoolNd):
    """Max pooling to a fixed output size: output cell i is the maximum of the input span [floor(i * in / out),
    ceil((i + 1) * in / out)).

    Args:
        output_size: the target size of the spatial dims (an int or a 3-tuple; None in a tuple
            keeps that dim's size).
        return_indices: also return the flat indices of the maxima. Default: False.

    Shape:
        - Input: (N, C, D_in, H_in, W_in) or (C, D_in, H_in, W_in).
        - Output: the same with the spatial dims ``output_size``.

    Gradient: flows to the position of each span's maximum.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.AdaptiveMaxPool3d((1, 2, 2))
        >>> m(pa.randn(1, 3, 4, 4, 4)).shape
        torch.Size([1, 3, 1, 2, 2])
    """

    _fn = staticmethod(F.adaptive_max_pool3d)


class _LPPoolNd(Module):
    _fn = None

    def __init__(self, norm_type, kernel_size, stride=None, ceil_mode=False):
        super().__init__()
        self.norm_type = norm_type
        self.kernel_size = kernel_size
        self.stride = stride
        self.ceil_mode = ceil_mode

    def forward(self, input):
        return type(self)._fn(input, float(self.norm_type), self.kernel_size, self.stride, self.ceil_mode)

    def extra_repr(self):
        return "norm_type={norm_type}, kernel_size={kernel_size}, stride={stride}, ceil_mode={ceil_mode}".format(
            **self.__dict__)


class LPPool1d(_LPPoolNd):
    """Power-average pooling: each output element is (sum of x ** p over its window) ** (1 / p).

    p = inf is max pooling, p = 1 sum pooling.

    Args:
        norm_type: the power p.
        kernel_size: the window size (an int or a 1-tuple).
        stride: the window step; default ``kernel_size``.
        ceil_mode: round the output size up instead of down. Default: False.

    Shape:
        - Input: (N, C, L_in) or (C, L_in).
        - Output: (N, C, L_out) or (C, L_out), with L_out = floor((in - kernel_size) / stride + 1) per spatial dim.

    Gradient: that of the composition (power, window sum, root).

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.LPPool1d(2, 2)
        >>> m(pa.randn(1, 3, 8)).shape
        torch.Size([1, 3, 4])
    """

    _fn = staticmethod(F.lp_pool1d)


class LPPool2d(_LPPoolNd):
    """Power-average pooling: each output element is (sum of x ** p over its window) ** (1 / p).

    p = inf is max pooling, p = 1 sum pooling.

    Args:
        norm_type: the power p.
        kernel_size: the window size (an int or a 2-tuple).
        stride: the window step; default ``kernel_size``.
        ceil_mode: round the output size up instead of down. Default: False.

    Shape:
        - Input: (N, C, H_in, W_in) or (C, H_in, W_in).
        - Output: (N, C, H_out, W_out) or (C, H_out, W_out), with H_out, W_out = floor((in - kernel_size) /
          stride + 1) per spatial dim.

    Gradient: that of the composition (power, window sum, root).

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.LPPool2d(2, 2)
        >>> m(pa.randn(1, 3, 8, 8)).shape
        torch.Size([1, 3, 4, 4])
    """

    _fn = staticmethod(F.lp_pool2d)


class LPPool3d(_LPPoolNd):
    """Power-average pooling: each output element is (sum of x ** p over its window) ** (1 / p).

    p = inf is max pooling, p = 1 sum pooling.

    Args:
        norm_type: the power p.
        kernel_size: the window size (an int or a 3-tuple).
        stride: the window step; default ``kernel_size``.
        ceil_mode: round the output size up instead of down. Default: False.

    Shape:
        - Input: (N, C, D_in, H_in, W_in) or (C, D_in, H_in, W_in).
        - Output: (N, C, D_out, H_out, W_out) or (C, D_out, H_out, W_out), with D_out, H_out, W_out = floor((in -
          kernel_size) / stride + 1) per spatial dim.

    Gradient: that of the composition (power, window sum, root).

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.LPPool3d(2, 2)
        >>> m(pa.randn(1, 3, 4, 4, 4)).shape
        torch.Size([1, 3, 2, 2, 2])
    """

    _fn = staticmethod(F.lp_pool3d)


class Upsample(Module):
    """Resize the spatial dims of (N, C, ...) input to ``size`` or by ``scale_factor`` (F.interpolate).

    Args:
        size: the output spatial size (an int or a tuple). Default: None.
        scale_factor: the multiplier of the spatial size (a float or a tuple), when size is None.
            Default: None.
        mode: ``'nearest'``, ``'linear'``, ``'bilinear'``, ``'bicubic'``, ``'trilinear'`` or
            ``'nearest-exact'``. Default: ``'nearest'``.
        align_corners: for the linear modes, map the corner pixels' centres onto each other. Default: None (False).
        recompute_scale_factor: compute the interpolation from the output size rather than
            scale_factor. Default: None.

    Shape:
        - Input: (N, C, W_in), (N, C, H_in, W_in) or (N, C, D_in, H_in, W_in).
        - Output: the same with the spatial dims ``size`` or floor(in * scale_factor).

    Gradient: the interpolation weights' transpose (each output gradient back to the inputs it read).

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.Upsample(scale_factor=2, mode="bilinear")
        >>> m(pa.randn(1, 3, 4, 4)).shape
        torch.Size([1, 3, 8, 8])
    """

    def __init__(self, size=None, scale_factor=None, mode="nearest", align_corners=None, recompute_scale_factor=None):
        super().__init__()
        self.name = type(self).__name__
        self.size = size
        if isinstance(scale_factor, tuple):
            self.scale_factor = tuple(float(f) for f in scale_factor)
        else:
            self.scale_factor = float(scale_factor) if scale_factor else None
        self.mode = mode
        self.align_corners = align_corners
        self.recompute_scale_factor = recompute_scale_factor

    def forward(self, input):
        return F.interpolate(input, self.size, self.scale_factor, self.mode, self.align_corners,
                             recompute_scale_factor=self.recompute_scale_factor)

    def extra_repr(self):
        if self.scale_factor is not None:
            info = "scale_factor=" + repr(self.scale_factor)
        else:
            info = "size=" + repr(self.size)
        return info + ", mode=" + repr(self.mode)


class UpsamplingNearest2d(Upsample):
    """Nearest-neighbour 2D upsampling: Upsample with ``mode='nearest'``.

    Args:
        size: the output (H, W) (an int or a 2-tuple). Default: None.
        scale_factor: the multiplier of H and W, when size is None. Default: None.

    Shape:
        - Input: (N, C, H_in, W_in).
        - Output: (N, C, H_out, W_out), ``size`` or floor(in * scale_factor).

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.UpsamplingNearest2d(scale_factor=2)
        >>> m(pa.randn(1, 3, 4, 4)).shape
        torch.Size([1, 3, 8, 8])
    """

    def __init__(self, size=None, scale_factor=None):
        super().__init__(size, scale_factor, mode="nearest")


class UpsamplingBilinear2d(Upsample):
    """Bilinear 2D upsampling with aligned corners: Upsample with ``mode='bilinear', align_corners=True``.

    Args:
        size: the output (H, W) (an int or a 2-tuple). Default: None.
        scale_factor: the multiplier of H and W, when size is None. Default: None.

    Shape:
        - Input: (N, C, H_in, W_in).
        - Output: (N, C, H_out, W_out), ``size`` or floor(in * scale_factor).

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.UpsamplingBilinear2d(size=(5, 6))
        >>> m(pa.randn(1, 3, 4, 4)).shape
        torch.Size([1, 3, 5, 6])
    """

    def __init__(self, size=None, scale_factor=None):
        super().__init__(size, scale_factor, mode="bilinear", align_corners=True)


class PixelShuffle(Module):
    """Rearrange (..., C * r * r, H, W) into (..., C, H * r, W * r), r = ``upscale_factor`` (sub-pixel convolution).

    Args:
        upscale_factor: r, the factor the height and width grow by.

    Shape:
        - Input: (..., C_in, H_in, W_in), C_in divisible by r * r.
        - Output: (..., C_in / (r * r), H_in * r, W_in * r).

    Gradient: the inverse rearrangement of the output gradient.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.PixelShuffle(2)
        >>> m(pa.randn(1, 8, 3, 3)).shape
        torch.Size([1, 2, 6, 6])
    """

    def __init__(self, upscale_factor):
        super().__init__()
        self.upscale_factor = upscale_factor

    def forward(self, input):
        return F.pixel_shuffle(input, self.upscale_factor)

    def extra_repr(self):
        return "upscale_factor={}".format(self.upscale_factor)


class PixelUnshuffle(Module):
    """Rearrange (..., C, H * r, W * r) into (..., C * r * r, H, W), r = ``downscale_factor``: the inverse of
    PixelShuffle.

    Args:
        downscale_factor: r, the factor the height and width shrink by.

    Shape:
        - Input: (..., C_in, H_in, W_in), H_in and W_in divisible by r.
        - Output: (..., C_in * r * r, H_in / r, W_in / r).

    Gradient: the inverse rearrangement of the output gradient.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.PixelUnshuffle(2)
        >>> m(pa.randn(1, 2, 6, 6)).shape
        torch.Size([1, 8, 3, 3])
    """

    def __init__(self, downscale_factor):
        super().__init__()
        self.downscale_factor = downscale_factor

    def forward(self, input):
        return F.pixel_unshuffle(input, self.downscale_factor)

    def extra_repr(self):
        return "downscale_factor={}".format(self.downscale_factor)


class ChannelShuffle(Module):
    """Shuffle the channels of (N, C, ...) input: split them into ``groups`` groups and interleave them (ShuffleNet).

    The channels, viewed as (groups, C / groups), are transposed to (C / groups, groups).

    Args:
        groups: the number of groups; must divide C.

    Shape:
        - Input: (N, C, ...).
        - Output: the same shape.

    Example::

        >>> m = nn.ChannelShuffle(2)
        >>> m(pa.arange(4.0).reshape(1, 4, 1, 1)).flatten()
        tensor([0., 2., 1., 3.])
    """

    def __init__(self, groups):
        super().__init__()
        self.groups = groups

    def forward(self, input):
        return F.channel_shuffle(input, self.groups)

    def extra_repr(self):
        return "groups={}".format(self.groups)
