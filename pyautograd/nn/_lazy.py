"""Lazy modules: parameters whose shapes are inferred from the first input (torch.nn.LazyLinear,
LazyConv*d, LazyConvTranspose*d, LazyBatchNorm*d, LazyInstanceNorm*d) and the mixin they share, LazyModuleMixin. A forward pre-hook
materializes the UninitializedParameters on the first call and the module becomes its
cls_to_become (LazyLinear -> Linear); loading a state_dict materializes them too."""
import itertools

from ..grad_mode import no_grad
from .modules import Linear
from ._conv_modules import Conv1d, Conv2d, Conv3d, ConvTranspose1d, ConvTranspose2d, ConvTranspose3d
from ._norm_modules import (_NormBase, BatchNorm1d, BatchNorm2d, BatchNorm3d, InstanceNorm1d, InstanceNorm2d,
                            InstanceNorm3d)
from .parameter import UninitializedBuffer, UninitializedParameter, is_lazy
from .._tensor import tensor

__all__ = ["LazyModuleMixin", "LazyLinear", "LazyConv1d", "LazyConv2d", "LazyConv3d", "LazyConvTranspose1d",
           "LazyConvTranspose2d", "LazyConvTranspose3d", "LazyBatchNorm1d", "LazyBatchNorm2d", "LazyBatchNorm3d",
           "LazyInstanceNorm1d", "LazyInstanceNorm2d", "LazyInstanceNorm3d"]


class LazyModuleMixin:
    """Mixed in before a Module class: ``initialize_parameters(*args, **kwargs)`` is called with the
    first forward's arguments and must materialize every uninitialized parameter and buffer.

    Example::

        >>> m = nn.LazyLinear(2)
        >>> m.has_uninitialized_params()
        True
        >>> _ = m(pa.ones(1, 5))
        >>> type(m).__name__, m.in_features
        ('Linear', 5)
    """

    cls_to_become = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._load_hook = self._register_load_state_dict_pre_hook(self._lazy_load_hook)
        self._initialize_hook = self.register_forward_pre_hook(self._infer_parameters, with_kwargs=True)

    def _save_to_state_dict(self, destination, prefix, keep_vars):
        # an uninitialized parameter goes in as itself (detach would need its shape)
        for name, param in self._parameters.items():
            if param is not None:
                destination[prefix + name] = param if is_lazy(param) or keep_vars else param.detach()
        for name, buf in self._buffers.items():
            if buf is not None and name not in self._non_persistent_buffers_set:
                destination[prefix + name] = buf if is_lazy(buf) or keep_vars else buf.detach()

    def _lazy_load_hook(self, state_dict, prefix, local_metadata, strict, missing_keys, unexpected_keys,
                        error_msgs):
        """A load pre-hook: an uninitialized parameter takes the shape of the state_dict's entry,
        so the load then copies into it."""
        for name, param in itertools.chain(self._parameters.items(), self._buffers.items()):
            key = prefix + name
            if key in state_dict and param is not None and is_lazy(param):
                input_param = state_dict[key]
                if not is_lazy(input_param):
                    with no_grad():
                        param.materialize(input_param.shape)

    def initialize_parameters(self, *args, **kwargs):
        raise NotImplementedError("initialize_parameters is not implemented for %s" % self.__class__.__name__)

    def has_uninitialized_params(self):
        return any(is_lazy(t) for t in itertools.chain(self._parameters.values(), self._buffers.values()))

    def _infer_parameters(self, module, args, kwargs=None):
        module.initialize_parameters(*args, **(kwargs or {}))
        if module.has_uninitialized_params():
            raise RuntimeError("module %s has not been fully initialized" % self._get_name())
        module._initialize_hook.remove()
        module._load_hook.remove()
        delattr(module, "_initialize_hook")
        delattr(module, "_load_hook")
        if module.cls_to_become is not None:
            module.__class__ = module.cls_to_become

    def _replicate_for_data_parallel(self):
        raise RuntimeError("Modules with uninitialized parameters can't be used with `DataParallel`. Run a dummy "
                           "forward pass to correctly initialize the modules")


class LazyLinear(LazyModuleMixin, Linear):
    """Linear with in_features inferred from input.shape[-1] on the first call.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.LazyLinear(3)
        >>> m(pa.randn(2, 5)).shape, m.weight.shape
        (torch.Size([2, 3]), torch.Size([3, 5]))
    """

    cls_to_become = Linear

    def __init__(self, out_features, bias=True, device=None, dtype=None):
        # bias=False: no tensor that would at once be replaced
        super().__init__(0, 0, False)
        self.weight = UninitializedParameter(device=device, dtype=dtype)
        self.out_features = out_features
        if bias:
            self.bias = UninitializedParameter(device=device, dtype=dtype)

    def reset_parameters(self):
        if not self.has_uninitialized_params() and self.in_features != 0:
            super().reset_parameters()

    def initialize_parameters(self, input):
        if self.has_uninitialized_params():
            with no_grad():
                self.in_features = input.shape[-1]
                self.weight.materialize((self.out_features, self.in_features))
                if self.bias is not None:
                    self.bias.materialize((self.out_features,))
                self.reset_parameters()
        if self.in_features == 0:
            # materialized by a state_dict load: the input must agree with the loaded weight
            if input.shape[-1] != self.weight.shape[-1]:
                raise AssertionError("The in_features inferred from input: %d is not equal to in_features from "
                                     "self.weight: %d" % (input.shape[-1], self.weight.shape[-1]))
            self.in_features = input.shape[-1]


class _LazyConvXdMixin(LazyModuleMixin):
    def reset_parameters(self):
        if not self.has_uninitialized_params() and self.in_channels != 0:
            super().reset_parameters()

    def initialize_parameters(self, input, *args, **kwargs):
        if self.has_uninitialized_params():
            self.in_channels = self._get_in_channels(input)
            if self.in_channels % self.groups != 0:
                raise ValueError("in_channels must be divisible by groups")
            with no_grad():
                if self.transposed:
                    self.weight.materialize((self.in_channels, self.out_channels // self.groups) +
                                            tuple(self.kernel_size))
                else:
                    self.weight.materialize((self.out_channels, self.in_channels // self.groups) +
                                            tuple(self.kernel_size))
                if self.bias is not None:
                    self.bias.materialize((self.out_channels,))
                self.reset_parameters()

    def _get_in_channels(self, input):
        nd = self._get_num_spatial_dims()
        if input.dim() not in (nd + 1, nd + 2):
            raise RuntimeError("Expected %dD (unbatched) or %dD (batched) input to %s, but got input of size: %s"
                               % (nd + 1, nd + 2, self.__class__.__name__, input.shape))
        return input.shape[1] if input.dim() == nd + 2 else input.shape[0]

    def _get_num_spatial_dims(self):
        return self._nd


class LazyConv1d(_LazyConvXdMixin, Conv1d):
    """Conv1d with in_channels inferred from the first input.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.LazyConv1d(4, 3)
        >>> m(pa.randn(1, 2, 8)).shape, m.weight.shape
        (torch.Size([1, 4, 6]), torch.Size([4, 2, 3]))
    """
    cls_to_become = Conv1d
    _nd = 1

    def __init__(self, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True,
                 padding_mode="zeros", device=None, dtype=None):
        # in/out channels 0 and bias=False: no tensors that would at once be replaced
        super().__init__(0, 0, kernel_size, stride, padding, dilation, groups, False, padding_mode, device, dtype)
        _lazy_params(self, out_channels, bias, device, dtype)


class LazyConv2d(_LazyConvXdMixin, Conv2d):
    """Conv2d with in_channels inferred from the first input.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.LazyConv2d(4, 3)
        >>> m(pa.randn(1, 2, 5, 5)).shape, m.weight.shape
        (torch.Size([1, 4, 3, 3]), torch.Size([4, 2, 3, 3]))
    """
    cls_to_become = Conv2d
    _nd = 2

    def __init__(self, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True,
                 padding_mode="zeros", device=None, dtype=None):
        super().__init__(0, 0, kernel_size, stride, padding, dilation, groups, False, padding_mode, device, dtype)
        _lazy_params(self, out_channels, bias, device, dtype)


class LazyConv3d(_LazyConvXdMixin, Conv3d):
    """Conv3d with in_channels inferred from the first input.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.LazyConv3d(4, 3)
        >>> m(pa.randn(1, 2, 4, 4, 4)).shape, m.weight.shape
        (torch.Size([1, 4, 2, 2, 2]), torch.Size([4, 2, 3, 3, 3]))
    """
    cls_to_become = Conv3d
    _nd = 3

    def __init__(self, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True,
                 padding_mode="zeros", device=None, dtype=None):
        super().__init__(0, 0, kernel_size, stride, padding, dilation, groups, False, padding_mode, device, dtype)
        _lazy_params(self, out_channels, bias, device, dtype)


class LazyConvTranspose1d(_LazyConvXdMixin, ConvTranspose1d):
    """ConvTranspose1d with in_channels inferred from the first input.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.LazyConvTranspose1d(4, 3)
        >>> m(pa.randn(1, 2, 8)).shape, m.weight.shape
        (torch.Size([1, 4, 10]), torch.Size([2, 4, 3]))
    """
    cls_to_become = ConvTranspose1d
    _nd = 1

    def __init__(self, out_channels, kernel_size, stride=1, padding=0, output_padding=0, groups=1, bias=True,
                 dilation=1, padding_mode="zeros", device=None, dtype=None):
        super().__init__(0, 0, kernel_size, stride, padding, output_padding, groups, False, dilation, padding_mode,
                         device, dtype)
        _lazy_params(self, out_channels, bias, device, dtype)


class LazyConvTranspose2d(_LazyConvXdMixin, ConvTranspose2d):
    """ConvTranspose2d with in_channels inferred from the first input.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.LazyConvTranspose2d(4, 3)
        >>> m(pa.randn(1, 2, 5, 5)).shape, m.weight.shape
        (torch.Size([1, 4, 7, 7]), torch.Size([2, 4, 3, 3]))
    """
    cls_to_become = ConvTranspose2d
    _nd = 2

    def __init__(self, out_channels, kernel_size, stride=1, padding=0, output_padding=0, groups=1, bias=True,
                 dilation=1, padding_mode="zeros", device=None, dtype=None):
        super().__init__(0, 0, kernel_size, stride, padding, output_padding, groups, False, dilation, padding_mode,
                         device, dtype)
        _lazy_params(self, out_channels, bias, device, dtype)


class LazyConvTranspose3d(_LazyConvXdMixin, ConvTranspose3d):
    """ConvTranspose3d with in_channels inferred from the first input.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.LazyConvTranspose3d(4, 3)
        >>> m(pa.randn(1, 2, 4, 4, 4)).shape, m.weight.shape
        (torch.Size([1, 4, 6, 6, 6]), torch.Size([2, 4, 3, 3, 3]))
    """
    cls_to_become = ConvTranspose3d
    _nd = 3

    def __init__(self, out_channels, kernel_size, stride=1, padding=0, output_padding=0, groups=1, bias=True,
                 dilation=1, padding_mode="zeros", device=None, dtype=None):
        super().__init__(0, 0, kernel_size, stride, padding, output_padding, groups, False, dilation, padding_mode,
                         device, dtype)
        _lazy_params(self, out_channels, bias, device, dtype)


def _lazy_params(module, out_channels, bias, device, dtype):
    module.weight = UninitializedParameter(device=device, dtype=dtype)
    module.out_channels = out_channels
    if bias:
        module.bias = UninitializedParameter(device=device, dtype=dtype)


class _LazyNormBase(LazyModuleMixin, _NormBase):
    """A norm layer whose num_features is input.shape[1] on the first call: weight, bias and the
    running statistics start uninitialized (num_batches_tracked is a plain 0, as in torch)."""

    def __init__(self, eps=1e-5, momentum=0.1, affine=True, track_running_stats=True, device=None, dtype=None):
        # num_features 0, no affine, no stats: nothing that would at once be replaced
        super().__init__(0, eps, momentum, False, False, device, dtype)
        self.affine = affine
        self.track_running_stats = track_running_stats
        if affine:
            self.weight = UninitializedParameter(device=device, dtype=dtype)
            self.bias = UninitializedParameter(device=device, dtype=dtype)
        if track_running_stats:
            self.running_mean = UninitializedBuffer(device=device, dtype=dtype)
            self.running_var = UninitializedBuffer(device=device, dtype=dtype)
            self.num_batches_tracked = tensor(0)

    def reset_parameters(self):
        if not self.has_uninitialized_params() and self.num_features != 0:
            super().reset_parameters()

    def initialize_parameters(self, input):
        if self.has_uninitialized_params():
            self.num_features = input.shape[1]
            with no_grad():
                for t in (self.weight, self.bias, self.running_mean, self.running_var):
                    if t is not None and is_lazy(t):
                        t.materialize((self.num_features,))
                self.reset_parameters()


class LazyBatchNorm1d(_LazyNormBase, BatchNorm1d):
    """BatchNorm1d with num_features inferred from input.shape[1].

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.LazyBatchNorm1d()
        >>> m(pa.randn(8, 4)).shape, m.running_mean.shape
        (torch.Size([8, 4]), torch.Size([4]))
    """
    cls_to_become = BatchNorm1d


class LazyBatchNorm2d(_LazyNormBase, BatchNorm2d):
    """BatchNorm2d with num_features inferred from input.shape[1].

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.LazyBatchNorm2d()
        >>> m(pa.randn(2, 3, 4, 4)).shape, m.running_mean.shape
        (torch.Size([2, 3, 4, 4]), torch.Size([3]))
    """
    cls_to_become = BatchNorm2d


class LazyBatchNorm3d(_LazyNormBase, BatchNorm3d):
    """BatchNorm3d with num_features inferred from input.shape[1].

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.LazyBatchNorm3d()
        >>> m(pa.randn(2, 3, 2, 4, 4)).shape, m.running_mean.shape
        (torch.Size([2, 3, 2, 4, 4]), torch.Size([3]))
    """
    cls_to_become = BatchNorm3d


class LazyInstanceNorm1d(_LazyNormBase, InstanceNorm1d):
    """InstanceNorm1d with num_features inferred from input.shape[1].

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.LazyInstanceNorm1d(affine=True)
        >>> m(pa.randn(2, 3, 8)).shape, m.weight.shape
        (torch.Size([2, 3, 8]), torch.Size([3]))
    """
    cls_to_become = InstanceNorm1d


class LazyInstanceNorm2d(_LazyNormBase, InstanceNorm2d):
    """InstanceNorm2d with num_features inferred from input.shape[1].

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.LazyInstanceNorm2d(affine=True)
        >>> m(pa.randn(2, 3, 4, 4)).shape, m.weight.shape
        (torch.Size([2, 3, 4, 4]), torch.Size([3]))
    """
    cls_to_become = InstanceNorm2d


class LazyInstanceNorm3d(_LazyNormBase, InstanceNorm3d):
    """InstanceNorm3d with num_features inferred from input.shape[1].

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.LazyInstanceNorm3d(affine=True)
        >>> m(pa.randn(2, 3, 2, 4, 4)).shape, m.weight.shape
        (torch.Size([2, 3, 2, 4, 4]), torch.Size([3]))
    """
    cls_to_become = InstanceNorm3d
