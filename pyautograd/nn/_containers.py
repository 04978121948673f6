"""nn.ParameterList and nn.ParameterDict: parameters held in a list or a dict and registered under
their index ('0', '1', ...) or key, so named_parameters / state_dict keys are torch's."""
import operator
from collections import OrderedDict
from collections.abc import Iterable, Mapping

from .._core import TensorBase
from .modules import Module
from .parameter import Parameter

__all__ = ["ParameterList", "ParameterDict"]


def _entry_repr(key, p, type_name):
    if isinstance(p, TensorBase):
        size_str = "x".join(str(s) for s in p.shape)
        return "  (%s): %s containing: [%s of size %s]" % (
            key, "Parameter" if isinstance(p, Parameter) else "Tensor", type_name(p), size_str)
    return "  (%s): Object of type: %s" % (key, type(p).__name__)


def _wrap(value):
    # a plain tensor put into the container becomes a Parameter (requires_grad=True), as torch's
    if isinstance(value, TensorBase) and not isinstance(value, Parameter):
        return Parameter(value)
    return value


class ParameterList(Module):
    """A list of parameters (or other objects), registered under '0', '1', ...

    Example::

        >>> params = nn.ParameterList([nn.Parameter(pa.zeros(2)) for _ in range(3)])
        >>> m = nn.Module()
        >>> m.params = params
        >>> [name for name, _ in m.named_parameters()]
        ['params.0', 'params.1', 'params.2']
    """

    def __init__(self, values=None):
        super().__init__()
        self.__dict__["_size"] = 0
        if values is not None:
            self += values

    def _get_abs_string_index(self, idx):
        idx = operator.index(idx)
        if not (-len(self) <= idx < len(self)):
            raise IndexError("index %d is out of range" % idx)
        if idx < 0:
            idx += len(self)
        return str(idx)

    def __getitem__(self, idx):
        if isinstance(idx, slice):
            out = self.__class__()
            for i in range(*idx.indices(len(self))):
                out.append(self[i])
            return out
        return getattr(self, self._get_abs_string_index(idx))

    def __setitem__(self, idx, param):
        # every way of adding to the list part ends here: the one place a tensor is wrapped
        idx = self._get_abs_string_index(idx)
        setattr(self, idx, _wrap(param))

    def __len__(self):
        return self._size

    def __iter__(self):
        return iter(self[i] for i in range(len(self)))

    def __iadd__(self, parameters):
        return self.extend(parameters)

    def __dir__(self):
        return [k for k in super().__dir__() if not k.isdigit()]

    def append(self, value):
        new_idx = len(self)
        self.__dict__["_size"] += 1
        self[new_idx] = value
        return self

    def extend(self, values):
        # a Tensor is iterable, but is never unpacked here
        if not isinstance(values, Iterable) or isinstance(values, TensorBase):
            raise TypeError("ParameterList.extend should be called with an iterable, but got "
                            + type(values).__name__)
        for value in values:
            self.append(value)
        return self

    def extra_repr(self):
        return "\n".join(_entry_repr(k, p, lambda t: repr(t.dtype)) for k, p in enumerate(self))

    def __call__(self, *args, **kwargs):
        raise RuntimeError("ParameterList should not be called.")


def _tensor_type_name(t):
    return "torch." + t.dtype._tensor_type


class ParameterDict(Module):
    """A dict of parameters (or other objects), registered under their keys (insertion order).

    Example::

        >>> params = nn.ParameterDict({"scale": nn.Parameter(pa.ones(1)), "shift": nn.Parameter(pa.zeros(1))})
        >>> m = nn.Module()
        >>> m.affine = params
        >>> [name for name, _ in m.named_parameters()]
        ['affine.scale', 'affine.shift']
    """

    def __init__(self, parameters=None):
        super().__init__()
        self.__dict__["_keys"] = {}
        if parameters is not None:
            self.update(parameters)

    def _key_to_attr(self, key):
        if not isinstance(key, str):
            raise TypeError("Index given to ParameterDict cannot be used as a key as it is not a string "
                            "(type is '%s'). Open an issue on github if you need non-string keys."
                            % type(key).__name__)
        return key

    def __getitem__(self, key):
        return getattr(self, self._key_to_attr(key))

    def __setitem__(self, key, value):
        # every way of adding to the dict part ends here: the one place a tensor is wrapped
        self._keys[key] = None
        setattr(self, self._key_to_attr(key), _wrap(value))

    def __delitem__(self, key):
        del self._keys[key]
        delattr(self, self._key_to_attr(key))

    def __len__(self):
        return len(self._keys)

    def __iter__(self):
        return iter(self._keys)

    def __reversed__(self):
        return reversed(list(self._keys))

    def copy(self):
        return ParameterDict(OrderedDict((k, self[k]) for k in self._keys))

    def __contains__(self, key):
        return key in self._keys

    def setdefault(self, key, default=None):
        if key not in self:
            self[key] = default
        return self[key]

    def clear(self):
        for k in list(self._keys):
            del self[k]

    def pop(self, key):
        v = self[key]
        del self[key]
        return v

    def popitem(self):
        k, _ = self._keys.popitem()
        # put it back so that __delitem__ removes both the key and the attribute
        self._keys[k] = None
        val = self[k]
        del self[k]
        return k, val

    def get(self, key, default=None):
        return self[key] if key in self else default

    def fromkeys(self, keys, default=None):
        return ParameterDict((k, default) for k in keys)

    def keys(self):
        return self._keys.keys()

    def items(self):
        return ((k, self[k]) for k in self._keys)

    def values(self):
        return (self[k] for k in self._keys)

    def update(self, parameters):
        if not isinstance(parameters, Iterable):
            raise TypeError("ParametersDict.update should be called with an iterable of key/value pairs, but got "
                            + type(parameters).__name__)
        if isinstance(parameters, (OrderedDict, ParameterDict)):
            for key, parameter in parameters.items():
                self[key] = parameter
        elif isinstance(parameters, Mapping):
            # a plain dict's items are added sorted by key, as torch's
            for key, parameter in sorted(parameters.items()):
                self[key] = parameter
        else:
            for j, p in enumerate(parameters):
                if not isinstance(p, Iterable):
                    raise TypeError("ParameterDict update sequence element #%d should be Iterable; is%s"
                                    % (j, type(p).__name__))
                if not len(p) == 2:
                    raise ValueError("ParameterDict update sequence element #%d has length %d; 2 is required"
                                     % (j, len(p)))
                self[p[0]] = p[1]

    def extra_repr(self):
        return "\n".join(_entry_repr(k, p, _tensor_type_name) for k, p in self.items())

    def __call__(self, input):
        raise RuntimeError("ParameterDict should not be called.")

    def __or__(self, other):
        copy = self.copy()
        copy.update(other)
        return copy

    def __ror__(self, other):
        copy = other.copy()
        copy.update(self)
        return copy

    def __ior__(self, other):
        self.update(other)
        return self
