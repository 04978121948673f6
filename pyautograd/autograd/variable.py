"""torch.autograd.Variable: the pre-0.4 wrapper, now a tensor. `Variable(t, requires_grad=False)` is a
new leaf sharing t's data (t.detach(), with requires_grad set); `isinstance(x, Variable)` is True for
every tensor, as PyTorch's VariableMeta makes it."""
import operator
import warnings

from .._core import TensorBase
from .._creation import empty

__all__ = ["Variable", "VariableMeta"]

_NOT_SET = object()


class VariableMeta(type):
    def __instancecheck__(cls, other):
        return isinstance(other, TensorBase)


class Variable(metaclass=VariableMeta):
    """Variable(data=torch.tensor([]), requires_grad=False, volatile=False) -> a tensor."""

    def __new__(cls, *args, **kwargs):
        names = ("data", "requires_grad", "volatile")
        for key in kwargs:
            if key not in names:
                raise TypeError("'%s' is an invalid keyword argument for this function" % key)
        if len(args) > 3:
            raise TypeError("Variable() takes at most 3 arguments (%d given)" % len(args))
        values = dict(zip(names, args))
        for key, value in kwargs.items():
            if key in values:
                raise TypeError("argument for Variable() given by name ('%s') and position (%d)"
                                % (key, names.index(key) + 1))
            values[key] = value
        data = values.get("data", _NOT_SET)
        requires_grad = operator.index(values.get("requires_grad", False)) != 0
        volatile = values.get("volatile", _NOT_SET)
        if volatile is not _NOT_SET:
            volatile = operator.index(volatile) != 0
            warnings.warn("volatile was removed and now has no effect. Use `with torch.no_grad():` instead.",
                          UserWarning, stacklevel=2)
            if volatile and requires_grad:
                raise ValueError("Variable can't be volatile and require_grad at the same time!")
        if data is _NOT_SET:
            data = empty(0)
        elif not isinstance(data, TensorBase):
            kind = type(data)
            name = kind.__name__ if kind.__module__ == "builtins" else "%s.%s" % (kind.__module__, kind.__name__)
            raise TypeError("Variable data has to be a tensor, but got %s" % name)
        out = data.detach()
        if requires_grad:
            if not (out.dtype.is_floating_point or out.dtype.is_complex):
                raise RuntimeError("Only Tensors of floating point and complex dtype can require gradients")
            out.requires_grad_(True)
        return out


Variable.__module__ = "torch.autograd.variable"
VariableMeta.__module__ = "torch.autograd.variable"

