"""nn.Parameter: a leaf tensor that a Module registers as one of its parameters."""
from .._core import TensorBase
from .._tensor import Tensor
from .._creation import empty

__all__ = ["Parameter"]


class Parameter(Tensor):
    """A Tensor that is a module parameter (requires grad by default).

    Parameter(t) shares t's array and version counter, like PyTorch's
    ``t.detach().requires_grad_()`` with the Parameter type.
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

