"""torch.nn convolution layers (Conv1d/2d/3d, ConvTranspose1d/2d/3d), Unfold / Fold and the padding
layers, over the kernels of nn/_conv.py. Parameter names, shapes, default init, repr and
construction errors follow PyTorch's, so a PyTorch state_dict loads unchanged."""

from .._creation import empty
from . import functional as F
from .modules import Module, _default_init
from .parameter import Parameter

__all__ = ["Conv1d", "Conv2d", "Conv3d", "ConvTranspose1d", "ConvTranspose2d", "ConvTranspose3d",
           "Unfold", "Fold", "ZeroPad1d", "ZeroPad2d", "ZeroPad3d", "ConstantPad1d", "ConstantPad2d",
           "ConstantPad3d", "ReflectionPad1d", "ReflectionPad2d", "ReflectionPad3d", "ReplicationPad1d",
           "ReplicationPad2d", "ReplicationPad3d", "CircularPad1d", "CircularPad2d", "CircularPad3d"]


def _ntuple(value, n):
    if isinstance(value, (list, tuple)):
        return tuple(value)
    return (value,) * n


class _ConvNd(Module):
    _nd = 0

    def __init__(self, in_channels, out_channels, kernel_size, stride, padding, dilation, transposed,
                 output_padding, groups, bias, padding_mode, device=None, dtype=None):
        super().__init__()
        nd = self._nd
        kernel_size, stride, dilation = _ntuple(kernel_size, nd), _ntuple(stride, nd), _ntuple(dilation, nd)
        output_padding = _ntuple(output_padding, nd)
        if groups <= 0:
            raise ValueError("groups must be a positive integer")
        if in_channels % groups != 0:
            raise ValueError("in_channels must be divisible by groups")
        if out_channels % groups != 0:
            raise ValueError("out_channels must be divisible by groups")
        valid_padding_strings = {"same", "valid"}
        if isinstance(padding, str):
            if padding not in valid_padding_strings:
                raise ValueError("Invalid padding string %r, should be one of %s" % (padding, valid_padding_strings))
            if padding == "same" and any(s != 1 for s in stride):
                raise ValueError("padding='same' is not supported for strided convolutions")
        else:
            padding = _ntuple(padding, nd)
        valid_padding_modes = {"zeros", "reflect", "replicate", "circular"}
        if padding_mode not in valid_padding_modes:
            raise ValueError("padding_mode must be one of %s, but got padding_mode='%s'"
                             % (valid_padding_modes, padding_mode))
        self.in_channels = in_channels
        self.out_channels = out_channels
        self.kernel_size = kernel_size
        self.stride = stride
        self.padding = padding
        self.dilation = dilation
        self.transposed = transposed
        self.output_padding = output_padding
        self.groups = groups
        self.padding_mode = padding_mode
        # F.pad's amounts (last dim first) for the non-zeros modes; 'same' puts an odd total's extra
        # element on the right, as PyTorch
        if isinstance(padding, str):
            self._reversed_padding_repeated_twice = [0, 0] * nd
            if padding == "same":
                for d, k, i in zip(dilation, kernel_size, range(nd - 1, -1, -1)):
                    total = d * (k - 1)
                    self._reversed_padding_repeated_twice[2 * i] = total // 2
                    self._reversed_padding_repeated_twice[2 * i + 1] = total - total // 2
        else:
            self._reversed_padding_repeated_twice = tuple(p for p in reversed(padding) for _ in range(2))
        shape = ((in_channels, out_channels // groups) if transposed else
                 (out_channels, in_channels // groups)) + tuple(kernel_size)
        self.weight = Parameter(empty(shape, dtype=dtype, device=device))
        if bias:
            self.bias = Parameter(empty(out_channels, dtype=dtype, device=device))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self):
        _default_init(self.weight, self.bias)

    def extra_repr(self):
        s = "%d, %d, kernel_size=%s, stride=%s" % (self.in_channels, self.out_channels, self.kernel_size, self.stride)
        if isinstance(self.padding, str) or self.padding != (0,) * len(self.padding):
            s += ", padding=%s" % (self.padding,)
        if self.dilation != (1,) * len(self.dilation):
            s += ", dilation=%s" % (self.dilation,)
        if self.output_padding != (0,) * len(self.output_padding):
            s += ", output_padding=%s" % (self.output_padding,)
        if self.groups != 1:
            s += ", groups=%d" % self.groups
        if self.bias is None:
            s += ", bias=False"
        if self.padding_mode != "zeros":
            s += ", padding_mode=%s" % self.padding_mode
        return s

    def _conv_forward(self, input, weight, bias):
        conv = getattr(F, "conv%dd" % self._nd)
        if self.padding_mode != "zeros":
            return conv(F.pad(input, self._reversed_padding_repeated_twice, mode=self.padding_mode), weight, bias,
                        self.stride, 0, self.dilation, self.groups)
        return conv(input, weight, bias, self.stride, self.padding, self.dilation, self.groups)

    def forward(self, input):
        return self._conv_forward(input, self.weight, self.bias)


class Conv1d(_ConvNd):
    """A 1D convolution (cross-correlation): out[b, j] = bias[j] + sum over the input channels i of its group of
    weight[j, i] correlated with input[b, i].

    Args:
        in_channels: C_in, the input's channels.
        out_channels: C_out, the output's channels.
        kernel_size: the kernel size (an int or a 1-tuple).
        stride: the kernel's step. Default: 1.
        padding: an int, a 1-tuple, ``'valid'`` (none) or ``'same'`` (the output as large as the input;
            stride 1 only). Default: 0.
        dilation: the spacing between kernel elements. Default: 1.
        groups: the number of blocked connections (in_channels and out_channels divisible by it). Default: 1.
        bias: add a learnable bias. Default: True.
        padding_mode: ``'zeros'``, ``'reflect'``, ``'replicate'`` or ``'circular'``. Default: ``'zeros'``.
        device: accepted for compatibility (CPU only). Default: None.
        dtype: the parameters' dtype. Default: None (the default dtype).

    Shape:
        - Input: (N, C_in, L_in) or (C_in, L_in).
        - Output: (N, C_out, L_out) or (C_out, L_out), with L_out = floor((in + 2 * padding - dilation *
          (kernel_size - 1) - 1) / stride + 1) per spatial dim.

    Learnable parameters:
        - ``weight``: (C_out, C_in / groups, kernel_size), from U(-sqrt(k), sqrt(k)) with
          k = groups / (C_in * kernel_size).
        - ``bias``: (C_out,), from the same U(-sqrt(k), sqrt(k)); None when bias=False.

    Gradient: to the input, the transposed convolution of the output gradient; to weight and bias, the usual sums.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.Conv1d(2, 4, 3)
        >>> m(pa.randn(1, 2, 8)).shape
        torch.Size([1, 4, 6])
    """

    _nd = 1

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True,
                 padding_mode="zeros", device=None, dtype=None):
        super().__init__(in_channels, out_channels, kernel_size, stride, padding, dilation, False, 0, groups, bias,
                         padding_mode, device, dtype)


class Conv2d(_ConvNd):
    """A 2D convolution (cross-correlation): out[b, j] = bias[j] + sum over the input channels i of its group of
    weight[j, i] correlated with input[b, i].

    Args:
        in_channels: C_in, the input's channels.
        out_channels: C_out, the output's channels.
        kernel_size: the kernel size (an int or a 2-tuple).
        stride: the kernel's step. Default: 1.
        padding: an int, a 2-tuple, ``'valid'`` (none) or ``'same'`` (the output as large as the input;
            stride 1 only). Default: 0.
        dilation: the spacing between kernel elements. Default: 1.
        groups: the number of blocked connections (in_channels and out_channels divisible by it). Default: 1.
        bias: add a learnable bias. Default: True.
        padding_mode: ``'zeros'``, ``'reflect'``, ``'replicate'`` or ``'circular'``. Default: ``'zeros'``.
        device: accepted for compatibility (CPU only). Default: None.
        dtype: the parameters' dtype. Default: None (the default dtype).

    Shape:
        - Input: (N, C_in, H_in, W_in) or (C_in, H_in, W_in).
        - Output: (N, C_out, H_out, W_out) or (C_out, H_out, W_out), with H_out, W_out = floor((in + 2 * padding -
          dilation * (kernel_size - 1) - 1) / stride + 1) per spatial dim.

    Learnable parameters:
        - ``weight``: (C_out, C_in / groups, kH, kW), from U(-sqrt(k), sqrt(k)) with k = groups / (C_in * kH * kW).
        - ``bias``: (C_out,), from the same U(-sqrt(k), sqrt(k)); None when bias=False.

    Gradient: to the input, the transposed convolution of the output gradient; to weight and bias, the usual sums.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.Conv2d(2, 4, 3)
        >>> m(pa.randn(1, 2, 5, 5)).shape
        torch.Size([1, 4, 3, 3])
    """

    _nd = 2

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True,
                 padding_mode="zeros", device=None, dtype=None):
        super().__init__(in_channels, out_channels, kernel_size, stride, padding, dilation, False, 0, groups, bias,
                         padding_mode, device, dtype)


class Conv3d(_ConvNd):
    """A 3D convolution (cross-correlation): out[b, j] = bias[j] + sum over the input channels i of its group of
    weight[j, i] correlated with input[b, i].

    Args:
        in_channels: C_in, the input's channels.
        out_channels: C_out, the output's channels.
        kernel_size: the kernel size (an int or a 3-tuple).
        stride: the kernel's step. Default: 1.
        padding: an int, a 3-tuple, ``'valid'`` (none) or ``'same'`` (the output as large as the input;
            stride 1 only). Default: 0.
        dilation: the spacing between kernel elements. Default: 1.
        groups: the number of blocked connections (in_channels and out_channels divisible by it). Default: 1.
        bias: add a learnable bias. Default: True.
        padding_mode: ``'zeros'``, ``'reflect'``, ``'replicate'`` or ``'circular'``. Default: ``'zeros'``.
        device: accepted for compatibility (CPU only). Default: None.
        dtype: the parameters' dtype. Default: None (the default dtype).

    Shape:
        - Input: (N, C_in, D_in, H_in, W_in) or (C_in, D_in, H_in, W_in).
        - Output: (N, C_out, D_out, H_out, W_out) or (C_out, D_out, H_out, W_out), with D_out, H_out, W_out =
          floor((in + 2 * padding - dilation * (kernel_size - 1) - 1) / stride + 1) per spatial dim.

    Learnable parameters:
        - ``weight``: (C_out, C_in / groups, kD, kH, kW), from U(-sqrt(k), sqrt(k)) with
          k = groups / (C_in * kD * kH * kW).
        - ``bias``: (C_out,), from the same U(-sqrt(k), sqrt(k)); None when bias=False.

    Gradient: to the input, the transposed convolution of the output gradient; to weight and bias, the usual sums.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.Conv3d(2, 4, 3)
        >>> m(pa.randn(1, 2, 4, 4, 4)).shape
        torch.Size([1, 4, 2, 2, 2])
    """

    _nd = 3

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True,
                 padding_mode="zeros", device=None, dtype=None):
        super().__init__(in_channels, out_channels, kernel_size, stride, padding, dilation, False, 0, groups, bias,
                         padding_mode, device, dtype)


class _ConvTransposeNd(_ConvNd):
    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, output_padding=0, groups=1,
                 bias=True, dilation=1, padding_mode="zeros", device=None, dtype=None):
        if padding_mode != "zeros":
            raise ValueError('Only "zeros" padding mode is supported for %s' % type(self).__name__)
        super().__init__(in_channels, out_channels, kernel_size, stride, padding, dilation, True, output_padding,
                         groups, bias, padding_mode, device, dtype)

    def _output_padding(self, input, output_size, stride, padding, kernel_size, num_spatial_dims, dilation=None):
        """The output_padding giving output_size (PyTorch's rule: it must lie within one stride of the
        smallest output)."""
        if output_size is None:
            return _ntuple(self.output_padding, num_spatial_dims)
        non_spatial = 2 if input.dim() == num_spatial_dims + 2 else 1
        if len(output_size) == non_spatial + num_spatial_dims:
            output_size = output_size[non_spatial:]
        if len(output_size) != num_spatial_dims:
            raise ValueError("ConvTranspose%dD: for %dD input, output_size must have %d or %d elements (got %d)"
                             % (num_spatial_dims, input.dim(), num_spatial_dims, non_spatial + num_spatial_dims,
                                len(output_size)))
        min_sizes, max_sizes = [], []
        for d in range(num_spatial_dims):
            smallest = ((input.size(d + non_spatial) - 1) * stride[d] - 2 * padding[d]
                        + (dilation[d] if dilation is not None else 1) * (kernel_size[d] - 1) + 1)
            min_sizes.append(smallest)
            max_sizes.append(smallest + stride[d] - 1)
        for size, lo, hi in zip(output_size, min_sizes, max_sizes):
            if size < lo or size > hi:
                raise ValueError("requested an output size of %s, but valid sizes range from %s to %s (for an input "
                                 "of %s)" % (output_size, min_sizes, max_sizes, input.size()[2:]))
        return tuple(output_size[d] - min_sizes[d] for d in range(num_spatial_dims))

    def forward(self, input, output_size=None):
        if self.padding_mode != "zeros":
            raise ValueError("Only `zeros` padding mode is supported for %s" % type(self).__name__)
        output_padding = self._output_padding(input, output_size, self.stride, self.padding, self.kernel_size,
                                              self._nd, self.dilation)
        return getattr(F, "conv_transpose%dd" % self._nd)(input, self.weight, self.bias, self.stride, self.padding,
                                                          output_padding, self.groups, self.dilation)


class ConvTranspose1d(_ConvTransposeNd):
    """A 1D transposed convolution: the gradient of Conv1d with respect to its input, as a layer (sometimes called a
    deconvolution).

    Args:
        in_channels: C_in, the input's channels.
        out_channels: C_out, the output's channels.
        kernel_size: the kernel size (an int or a 1-tuple).
        stride: the step of the convolution this transposes. Default: 1.
        padding: ``dilation * (kernel_size - 1) - padding`` zeros are added on both sides of the input. Default: 0.
        output_padding: extra size added to one side of each output dim. Default: 0.
        groups: the number of blocked connections. Default: 1.
        bias: add a learnable bias. Default: True.
        dilation: the spacing between kernel elements. Default: 1.
        padding_mode: only ``'zeros'``. Default: ``'zeros'``.
        device: accepted for compatibility (CPU only). Default: None.
        dtype: the parameters' dtype. Default: None (the default dtype).

    The forward takes ``(input, output_size=None)``; ``output_size`` picks the output_padding giving that size.

    Shape:
        - Input: (N, C_in, L_in) or (C_in, L_in).
        - Output: (N, C_out, L_out) or (C_out, L_out), with L_out = (in - 1) * stride - 2 * padding + dilation *
          (kernel_size - 1) + output_padding + 1 per spatial dim.

    Learnable parameters:
        - ``weight``: (C_in, C_out / groups, kernel_size), from U(-sqrt(k), sqrt(k)) with
          k = groups / (C_out * kernel_size).
        - ``bias``: (C_out,), from the same U(-sqrt(k), sqrt(k)); None when bias=False.

    Gradient: to the input, the convolution of the output gradient; to weight and bias, the usual sums.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.ConvTranspose1d(2, 4, 3, stride=1)
        >>> m(pa.randn(1, 2, 8)).shape
        torch.Size([1, 4, 10])
    """

    _nd = 1


class ConvTranspose2d(_ConvTransposeNd):
    """A 2D transposed convolution: the gradient of Conv2d with respect to its input, as a layer (sometimes called a
    deconvolution).

    Args:
        in_channels: C_in, the input's channels.
        out_channels: C_out, the output's channels.
        kernel_size: the kernel size (an int or a 2-tuple).
        stride: the step of the convolution this transposes. Default: 1.
        padding: ``dilation * (kernel_size - 1) - padding`` zeros are added on both sides of the input. Default: 0.
        output_padding: extra size added to one side of each output dim. Default: 0.
        groups: the number of blocked connections. Default: 1.
        bias: add a learnable bias. Default: True.
        dilation: the spacing between kernel elements. Default: 1.
        padding_mode: only ``'zeros'``. Default: ``'zeros'``.
        device: accepted for compatibility (CPU only). Default: None.
        dtype: the parameters' dtype. Default: None (the default dtype).

    The forward takes ``(input, output_size=None)``; ``output_size`` picks the output_padding giving that size.

    Shape:
        - Input: (N, C_in, H_in, W_in) or (C_in, H_in, W_in).
        - Output: (N, C_out, H_out, W_out) or (C_out, H_out, W_out), with H_out, W_out = (in - 1) * stride - 2 *
          padding + dilation * (kernel_size - 1) + output_padding + 1 per spatial dim.

    Learnable parameters:
        - ``weight``: (C_in, C_out / groups, kH, kW), from U(-sqrt(k), sqrt(k)) with k = groups / (C_out * kH * kW).
        - ``bias``: (C_out,), from the same U(-sqrt(k), sqrt(k)); None when bias=False.

    Gradient: to the input, the convolution of the output gradient; to weight and bias, the usual sums.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.ConvTranspose2d(2, 4, 3, stride=1)
        >>> m(pa.randn(1, 2, 5, 5)).shape
        torch.Size([1, 4, 7, 7])
    """

    _nd = 2


class ConvTranspose3d(_ConvTransposeNd):
    """A 3D transposed convolution: the gradient of Conv3d with respect to its input, as a layer (sometimes called a
    deconvolution).

    Args:
        in_channels: C_in, the input's channels.
        out_channels: C_out, the output's channels.
        kernel_size: the kernel size (an int or a 3-tuple).
        stride: the step of the convolution this transposes. Default: 1.
        padding: ``dilation * (kernel_size - 1) - padding`` zeros are added on both sides of the input. Default: 0.
        output_padding: extra size added to one side of each output dim. Default: 0.
        groups: the number of blocked connections. Default: 1.
        bias: add a learnable bias. Default: True.
        dilation: the spacing between kernel elements. Default: 1.
        padding_mode: only ``'zeros'``. Default: ``'zeros'``.
        device: accepted for compatibility (CPU only). Default: None.
        dtype: the parameters' dtype. Default: None (the default dtype).

    The forward takes ``(input, output_size=None)``; ``output_size`` picks the output_padding giving that size.

    Shape:
        - Input: (N, C_in, D_in, H_in, W_in) or (C_in, D_in, H_in, W_in).
        - Output: (N, C_out, D_out, H_out, W_out) or (C_out, D_out, H_out, W_out), with D_out, H_out, W_out = (in -
          1) * stride - 2 * padding + dilation * (kernel_size - 1) + output_padding + 1 per spatial dim.

    Learnable parameters:
        - ``weight``: (C_in, C_out / groups, kD, kH, kW), from U(-sqrt(k), sqrt(k)) with
          k = groups / (C_out * kD * kH * kW).
        - ``bias``: (C_out,), from the same U(-sqrt(k), sqrt(k)); None when bias=False.

    Gradient: to the input, the convolution of the output gradient; to weight and bias, the usual sums.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.ConvTranspose3d(2, 4, 3, stride=1)
        >>> m(pa.randn(1, 2, 4, 4, 4)).shape
        torch.Size([1, 4, 6, 6, 6])
    """

    _nd = 3


# ------------------------------------------------------------ unfold / fold --
class Unfold(Module):
    """Extract the sliding blocks of a batched image into columns (im2col): ``(N, C, *spatial)`` to (N, C *
    prod(kernel_size), L).

    Args:
        kernel_size: the block size (an int or a tuple).
        dilation: the spacing between block elements. Default: 1.
        padding: implicit zero padding on both sides. Default: 0.
        stride: the block step. Default: 1.

    Shape:
        - Input: (N, C, H, W) or (C, H, W).
        - Output: (N, C * prod(kernel_size), L) or (C * prod(kernel_size), L), L the number of blocks: the product
          over the spatial dims of floor((in + 2 * padding - dilation * (kernel_size - 1) - 1) / stride + 1).

    Gradient: Fold of the output gradient (overlapping blocks summed).

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.Unfold(kernel_size=2)
        >>> m(pa.randn(1, 3, 4, 4)).shape
        torch.Size([1, 12, 9])
    """

    def __init__(self, kernel_size, dilation=1, padding=0, stride=1):
        super().__init__()
        self.kernel_size = kernel_size
        self.dilation = dilation
        self.padding = padding
        self.stride = stride

    def forward(self, input):
        return F.unfold(input, self.kernel_size, self.dilation, self.padding, self.stride)

    def extra_repr(self):
        return "kernel_size=%s, dilation=%s, padding=%s, stride=%s" % (self.kernel_size, self.dilation, self.padding,
                                                                        self.stride)


class Fold(Module):
    """Combine columns of sliding blocks into a batched image (col2im), summing where blocks overlap: the adjoint of
    Unfold.

    Args:
        output_size: the spatial size of the output (an int or a tuple).
        kernel_size: the block size (an int or a tuple).
        dilation: the spacing between block elements. Default: 1.
        padding: implicit zero padding on both sides. Default: 0.
        stride: the block step. Default: 1.

    Shape:
        - Input: (N, C * prod(kernel_size), L) or (C * prod(kernel_size), L), L the number of blocks.
        - Output: ``(N, C, *output_size)`` or ``(C, *output_size)``.

    Gradient: Unfold of the output gradient.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.Fold(output_size=(4, 4), kernel_size=2)
        >>> m(pa.randn(1, 12, 9)).shape
        torch.Size([1, 3, 4, 4])
    """

    def __init__(self, output_size, kernel_size, dilation=1, padding=0, stride=1):
        super().__init__()
        self.output_size = output_size
        self.kernel_size = kernel_size
        self.dilation = dilation
        self.padding = padding
        self.stride = stride

    def forward(self, input):
        return F.fold(input, self.output_size, self.kernel_size, self.dilation, self.padding, self.stride)

    def extra_repr(self):
        return "output_size=%s, kernel_size=%s, dilation=%s, padding=%s, stride=%s" % (
            self.output_size, self.kernel_size, self.dilation, self.padding, self.stride)


# ------------------------------------------------------------------ padding --
class _PadNd(Module):
    _nd = 0
    _mode = "constant"

    def __init__(self, padding):
        super().__init__()
        self.padding = _ntuple(padding, 2 * self._nd)

    def forward(self, input):
        return F.pad(input, self.padding, self._mode)

    def extra_repr(self):
        return "%s" % (self.padding,)


class _ConstantPadNd(_PadNd):
    def __init__(self, padding, value):
        super().__init__(padding)
        self.value = value

    def forward(self, input):
        return F.pad(input, self.padding, "constant", self.value)

    def extra_repr(self):
        return "padding=%s, value=%s" % (self.padding, self.value)


class _ZeroPadNd(_ConstantPadNd):
    def __init__(self, padding):
        super().__init__(padding, 0.0)

    def extra_repr(self):
        return "%s" % (self.padding,)


class ZeroPad1d(_ZeroPadNd):
    """Pad the last dim of the input with zeros (F.pad mode ``'constant'``).

    Args:
        padding: an int (the same on every side) or a 2-tuple (left, right).

    Shape:
        - Input: (N, C, W_in) or (C, W_in).
        - Output: the same with W_out = W_in + left + right.

    Gradient: the output gradient cropped back to the input.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.ZeroPad1d((1, 2))
        >>> m(pa.randn(1, 2, 4)).shape
        torch.Size([1, 2, 7])
    """

    _nd = 1
    _mode = "constant"


class ZeroPad2d(_ZeroPadNd):
    """Pad the last 2 dims of the input with zeros (F.pad mode ``'constant'``).

    Args:
        padding: an int (the same on every side) or a 4-tuple (left, right, top, bottom).

    Shape:
        - Input: (N, C, H_in, W_in) or (C, H_in, W_in).
        - Output: the same with H_out = H_in + top + bottom, W_out = W_in + left + right.

    Gradient: the output gradient cropped back to the input.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.ZeroPad2d((0, 1, 2, 1))
        >>> m(pa.randn(1, 2, 4, 4)).shape
        torch.Size([1, 2, 7, 5])
    """

    _nd = 2
    _mode = "constant"


class ZeroPad3d(_ZeroPadNd):
    """Pad the last 3 dims of the input with zeros (F.pad mode ``'constant'``).

    Args:
        padding: an int (the same on every side) or a 6-tuple (left, right, top, bottom, front, back).

    Shape:
        - Input: (N, C, D_in, H_in, W_in) or (C, D_in, H_in, W_in).
        - Output: the same with D_out = D_in + front + back, H_out = H_in + top + bottom, W_out = W_in + left +
          right.

    Gradient: the output gradient cropped back to the input.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.ZeroPad3d(1)
        >>> m(pa.randn(1, 2, 3, 3, 3)).shape
        torch.Size([1, 2, 5, 5, 5])
    """

    _nd = 3
    _mode = "constant"


class ConstantPad1d(_ConstantPadNd):
    """Pad the last dim of the input with the constant ``value`` (F.pad mode ``'constant'``).

    Args:
        padding: an int (the same on every side) or a 2-tuple (left, right).
        value: the fill value.

    Shape:
        - Input: (N, C, W_in) or (C, W_in).
        - Output: the same with W_out = W_in + left + right.

    Gradient: the output gradient cropped back to the input.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.ConstantPad1d((1, 2), 3.5)
        >>> m(pa.randn(1, 2, 4)).shape
        torch.Size([1, 2, 7])
    """

    _nd = 1
    _mode = "constant"


class ConstantPad2d(_ConstantPadNd):
    """Pad the last 2 dims of the input with the constant ``value`` (F.pad mode ``'constant'``).

    Args:
        padding: an int (the same on every side) or a 4-tuple (left, right, top, bottom).
        value: the fill value.

    Shape:
        - Input: (N, C, H_in, W_in) or (C, H_in, W_in).
        - Output: the same with H_out = H_in + top + bottom, W_out = W_in + left + right.

    Gradient: the output gradient cropped back to the input.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.ConstantPad2d((0, 1, 2, 1), 3.5)
        >>> m(pa.randn(1, 2, 4, 4)).shape
        torch.Size([1, 2, 7, 5])
    """

    _nd = 2
    _mode = "constant"


class ConstantPad3d(_ConstantPadNd):
    """Pad the last 3 dims of the input with the constant ``value`` (F.pad mode ``'constant'``).

    Args:
        padding: an int (the same on every side) or a 6-tuple (left, right, top, bottom, front, back).
        value: the fill value.

    Shape:
        - Input: (N, C, D_in, H_in, W_in) or (C, D_in, H_in, W_in).
        - Output: the same with D_out = D_in + front + back, H_out = H_in + top + bottom, W_out = W_in + left +
          right.

    Gradient: the output gradient cropped back to the input.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.ConstantPad3d(1, 3.5)
        >>> m(pa.randn(1, 2, 3, 3, 3)).shape
        torch.Size([1, 2, 5, 5, 5])
    """

    _nd = 3
    _mode = "constant"


class ReflectionPad1d(_PadNd):
    """Pad the last dim of the input with the reflection of the input at its edge (the edge not repeated) (F.pad
    mode ``'reflect'``).

    Each padding must be smaller than the padded dim.

    Args:
        padding: an int (the same on every side) or a 2-tuple (left, right).

    Shape:
        - Input: (N, C, W_in) or (C, W_in).
        - Output: the same with W_out = W_in + left + right.

    Gradient: the output gradient cropped back to the input, plus the gradients of the padded copies added to their
    sources.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.ReflectionPad1d((1, 2))
        >>> m(pa.randn(1, 2, 4)).shape
        torch.Size([1, 2, 7])
    """

    _nd = 1
    _mode = "reflect"


class ReflectionPad2d(_PadNd):
    """Pad the last 2 dims of the input with the reflection of the input at its edge (the edge not repeated) (F.pad
    mode ``'reflect'``).

    Each padding must be smaller than the padded dim.

    Args:
        padding: an int (the same on every side) or a 4-tuple (left, right, top, bottom).

    Shape:
        - Input: (N, C, H_in, W_in) or (C, H_in, W_in).
        - Output: the same with H_out = H_in + top + bottom, W_out = W_in + left + right.

    Gradient: the output gradient cropped back to the input, plus the gradients of the padded copies added to their
    sources.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.ReflectionPad2d((0, 1, 2, 1))
        >>> m(pa.randn(1, 2, 4, 4)).shape
        torch.Size([1, 2, 7, 5])
    """

    _nd = 2
    _mode = "reflect"


class ReflectionPad3d(_PadNd):
    """Pad the last 3 dims of the input with the reflection of the input at its edge (the edge not repeated) (F.pad
    mode ``'reflect'``).

    Each padding must be smaller than the padded dim.

    Args:
        padding: an int (the same on every side) or a 6-tuple (left, right, top, bottom, front, back).

    Shape:
        - Input: (N, C, D_in, H_in, W_in) or (C, D_in, H_in, W_in).
        - Output: the same with D_out = D_in + front + back, H_out = H_in + top + bottom, W_out = W_in + left +
          right.

    Gradient: the output gradient cropped back to the input, plus the gradients of the padded copies added to their
    sources.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.ReflectionPad3d(1)
        >>> m(pa.randn(1, 2, 3, 3, 3)).shape
        torch.Size([1, 2, 5, 5, 5])
    """

    _nd = 3
    _mode = "reflect"


class ReplicationPad1d(_PadNd):
    """Pad the last dim of the input with copies of the input's edge value (F.pad mode ``'replicate'``).

    Args:
        padding: an int (the same on every side) or a 2-tuple (left, right).

    Shape:
        - Input: (N, C, W_in) or (C, W_in).
        - Output: the same with W_out = W_in + left + right.

    Gradient: the output gradient cropped back to the input, plus the gradients of the padded copies added to their
    sources.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.ReplicationPad1d((1, 2))
        >>> m(pa.randn(1, 2, 4)).shape
        torch.Size([1, 2, 7])
    """

    _nd = 1
    _mode = "replicate"


class ReplicationPad2d(_PadNd):
    """Pad the last 2 dims of the input with copies of the input's edge value (F.pad mode ``'replicate'``).

    Args:
        padding: an int (the same on every side) or a 4-tuple (left, right, top, bottom).

    Shape:
        - Input: (N, C, H_in, W_in) or (C, H_in, W_in).
        - Output: the same with H_out = H_in + top + bottom, W_out = W_in + left + right.

    Gradient: the output gradient cropped back to the input, plus the gradients of the padded copies added to their
    sources.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.ReplicationPad2d((0, 1, 2, 1))
        >>> m(pa.randn(1, 2, 4, 4)).shape
        torch.Size([1, 2, 7, 5])
    """

    _nd = 2
    _mode = "replicate"


class ReplicationPad3d(_PadNd):
    """Pad the last 3 dims of the input with copies of the input's edge value (F.pad mode ``'replicate'``).

    Args:
        padding: an int (the same on every side) or a 6-tuple (left, right, top, bottom, front, back).

    Shape:
        - Input: (N, C, D_in, H_in, W_in) or (C, D_in, H_in, W_in).
        - Output: the same with D_out = D_in + front + back, H_out = H_in + top + bottom, W_out = W_in + left +
          right.

    Gradient: the output gradient cropped back to the input, plus the gradients of the padded copies added to their
    sources.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.ReplicationPad3d(1)
        >>> m(pa.randn(1, 2, 3, 3, 3)).shape
        torch.Size([1, 2, 5, 5, 5])
    """

    _nd = 3
    _mode = "replicate"


class CircularPad1d(_PadNd):
    """Pad the last dim of the input with the input's wrap-around (the other end's values) (F.pad mode
    ``'circular'``).

    Each padding must be at most the padded dim.

    Args:
        padding: an int (the same on every side) or a 2-tuple (left, right).

    Shape:
        - Input: (N, C, W_in) or (C, W_in).
        - Output: the same with W_out = W_in + left + right.

    Gradient: the output gradient cropped back to the input, plus the gradients of the padded copies added to their
    sources.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.CircularPad1d((1, 2))
        >>> m(pa.randn(1, 2, 4)).shape
        torch.Size([1, 2, 7])
    """

    _nd = 1
    _mode = "circular"


class CircularPad2d(_PadNd):
    """Pad the last 2 dims of the input with the input's wrap-around (the other end's values) (F.pad mode
    ``'circular'``).

    Each padding must be at most the padded dim.

    Args:
        padding: an int (the same on every side) or a 4-tuple (left, right, top, bottom).

    Shape:
        - Input: (N, C, H_in, W_in) or (C, H_in, W_in).
        - Output: the same with H_out = H_in + top + bottom, W_out = W_in + left + right.

    Gradient: the output gradient cropped back to the input, plus the gradients of the padded copies added to their
    sources.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.CircularPad2d((0, 1, 2, 1))
        >>> m(pa.randn(1, 2, 4, 4)).shape
        torch.Size([1, 2, 7, 5])
    """

    _nd = 2
    _mode = "circular"


class CircularPad3d(_PadNd):
    """Pad the last 3 dims of the input with the input's wrap-around (the other end's values) (F.pad mode
    ``'circular'``).

    Each padding must be at most the padded dim.

    Args:
        padding: an int (the same on every side) or a 6-tuple (left, right, top, bottom, front, back).

    Shape:
        - Input: (N, C, D_in, H_in, W_in) or (C, D_in, H_in, W_in).
        - Output: the same with D_out = D_in + front + back, H_out = H_in + top + bottom, W_out = W_in + left +
          right.

    Gradient: the output gradient cropped back to the input, plus the gradients of the padded copies added to their
    sources.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.CircularPad3d(1)
        >>> m(pa.randn(1, 2, 3, 3, 3)).shape
        torch.Size([1, 2, 5, 5, 5])
    """

    _nd = 3
    _mode = "circular"
