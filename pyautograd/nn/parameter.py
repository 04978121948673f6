"""nn.Parameter: a leaf tensor that a Module registers as one of its parameters."""
from .._core import TensorBase
from .._tensor import Tensor
from .._creation import empty
from .._device import _check_device
from .._dtype import to_numpy_dtype

__all__ = ["Parameter", "UninitializedParameter", "UninitializedBuffer", "is_lazy"]


class Parameter(Tensor):
    """A Tensor that is a module parameter (requires grad by default).

    Parameter(t) shares t's array and version counter, like PyTorch's
    ``t.detach().requires_grad_()`` with the Parameter type.

    Example::

        >>> p = nn.Parameter(pa.zeros(2))
        >>> p
        Parameter containing:
        tensor([0., 0.], requires_grad=True)
        >>> m = nn.Module()
        >>> m.scale = p
        >>> [name for name, _ in m.named_parameters()]
        ['scale']
    """

    def __new__(cls, data=None, requires_grad=True):
        if data is None:
            data = empty(0)
        if not isinstance(data, TensorBase):
            raise TypeError("Parameter expects a Tensor as data, but got %s" % type(data).__name__)
        self = TensorBase.__new__(cls)
        self._data = data._data
        self._inference = data._inference
        self._share_version(data)
        if requires_grad:
            self.requires_grad_(True)
        return self

    def __init__(self, data=None, requires_grad=True):
        pass

    def __repr__(self):
        return "Parameter containing:\n" + super().__repr__()

    __str__ = __repr__

    def __deepcopy__(self, memo):
        if id(self) in memo:
            return memo[id(self)]
        t = TensorBase.__new__(type(self))
        t._data = self._data.copy()
        t._requires_grad = self._requires_grad
        if self._grad is not None:
            g = Tensor.__new__(Tensor)
            g._data = self._grad._data.copy()
            t._grad = g
        memo[id(self)] = t
        return t



_SHAPE_ERROR = ("Can't access the shape of an uninitialized parameter or buffer. This error usually happens in "
                "`load_state_dict` when trying to load an uninitialized parameter into an initialized one. Call "
                "`forward` to initialize the parameters before accessing their attributes.")


class UninitializedTensorMixin:
    """A tensor without a shape yet (a lazy module's parameter); materialize(shape) gives it storage
    and turns it into its cls_to_become."""

    cls_to_become = None

    def materialize(self, shape, device=None, dtype=None):
        if device is not None:
            _check_device(device)
        npdtype = self._data.dtype if dtype is None else to_numpy_dtype(dtype)
        self._data = empty(tuple(shape), dtype=dtype)._data.astype(npdtype, copy=False)
        self._bump_version("materialize")
        self.__class__ = self.cls_to_become

    @property
    def shape(self):
        raise RuntimeError(_SHAPE_ERROR)

    def size(self, dim=None):
        raise RuntimeError(_SHAPE_ERROR)

    def dim(self):
        raise RuntimeError(_SHAPE_ERROR)

    def numel(self):
        raise RuntimeError(_SHAPE_ERROR)

    def share_memory_(self):
        raise RuntimeError("Can't share memory on an uninitialized parameter or buffer. Call `forward` to initialize "
                           "the parameters before calling `module.share_memory()`.")

    def __repr__(self):
        return "<%s>" % type(self).__name__

    __str__ = __repr__

    def __reduce_ex__(self, proto):
        return (self.__class__, (self.requires_grad,))


def is_lazy(param):
    """Whether ``param`` is an UninitializedParameter or UninitializedBuffer (a lazy module's, not yet materialized).

    Example::

        >>> m = nn.LazyLinear(3)
        >>> nn.parameter.is_lazy(m.weight)
        True
        >>> _ = m(pa.ones(2, 4))
        >>> nn.parameter.is_lazy(m.weight)
        False
    """
    return isinstance(param, UninitializedTensorMixin)


def _uninitialized(cls, requires_grad, device, dtype):
    if device is not None:
        _check_device(device)
    self = TensorBase.__new__(cls)
    self._data = empty(0, dtype=dtype)._data
    if requires_grad:
        self.requires_grad_(True)
    return self


class UninitializedParameter(UninitializedTensorMixin, Parameter):
    """A Parameter whose shape a lazy module infers on its first forward.

    Example::

        >>> m = nn.LazyLinear(3)
        >>> type(m.weight).__name__
        'UninitializedParameter'
        >>> m(pa.ones(2, 5)).shape, m.weight.shape
        (torch.Size([2, 3]), torch.Size([3, 5]))
    """

    cls_to_become = Parameter

    def __new__(cls, requires_grad=True, device=None, dtype=None):
        return _uninitialized(cls, requires_grad, device, dtype)

    def __init__(self, requires_grad=True, device=None, dtype=None):
        pass

    def __deepcopy__(self, memo):
        if id(self) in memo:
            return memo[id(self)]
        result = type(self)(self.requires_grad, None, self.dtype)
        memo[id(self)] = result
        return result


class UninitializedBuffer(UninitializedTensorMixin, Tensor):
    """A buffer whose shape a lazy module infers on its first forward.

    Example::

        >>> m = nn.LazyBatchNorm1d()
        >>> type(m.running_mean).__name__
        'UninitializedBuffer'
        >>> _ = m(pa.ones(2, 4))
        >>> m.running_mean.shape
        torch.Size([4])
    """

    cls_to_become = Tensor

    def __new__(cls, requires_grad=False, device=None, dtype=None, persistent=True):
        self = _uninitialized(cls, requires_grad, device, dtype)
        self.persistent = persistent
        self._is_buffer = True
        return self

    def __init__(self, requires_grad=False, device=None, dtype=None, persistent=True):
        pass

    def __deepcopy__(self, memo):
        if id(self) in memo:
            return memo[id(self)]
        result = type(self)(self.requires_grad, None, self.dtype)
        memo[id(self)] = result
        return result
