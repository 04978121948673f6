"""torch.nn.utils.parametrize: a module's tensor computed by modules from 'original' tensors.

register_parametrization moves module.<name> into module.parametrizations[<name>].original (or
original0, original1, ... when right_inverse returns a sequence) and gives the module a class of its
own, Parametrized<Class>, with a property <name> that runs the parametrizations: the state_dict keys
and the behaviour are torch's."""
import copy
from collections.abc import Sequence
from contextlib import contextmanager

from ..._core import TensorBase
from ...grad_mode import no_grad
from ..modules import ModuleDict, ModuleList
from ..parameter import Parameter

__all__ = ["cached", "ParametrizationList", "register_parametrization", "is_parametrized",
           "remove_parametrizations", "type_before_parametrizations", "transfer_parametrizations_and_params"]

_cache_enabled = 0
_cache = {}


@contextmanager
def cached():
    """Inside, a parametrized tensor is computed once and reused until the context exits.

    Example::

        >>> from pyautograd.nn.utils import parametrize
        >>> class Symmetric(nn.Module):
        ...     def forward(self, X):
        ...         return X.triu() + X.triu(1).transpose(-1, -2)
        >>> m = nn.Linear(3, 3)
        >>> _ = parametrize.register_parametrization(m, "weight", Symmetric())
        >>> with parametrize.cached():
        ...     same = m.weight is m.weight
        >>> same, m.weight is m.weight
        (True, False)
    """
    global _cache_enabled
    _cache_enabled += 1
    try:
        yield
    finally:
        _cache_enabled -= 1
        if not _cache_enabled:
            _cache.clear()


def _register_parameter_or_buffer(module, name, value):
    if isinstance(value, Parameter):
        module.register_parameter(name, value)
    else:
        module.register_buffer(name, value)


def _set_data(dest, src):
    # torch's original.set_(new): dest keeps its identity (an optimizer's reference) and takes src's data
    if dest is not src:
        dest._data = src._data
        dest._bump_version("parametrize")


class ParametrizationList(ModuleList):
    """The parametrizations of one tensor, and its original tensor(s).

    Example::

        >>> from pyautograd.nn.utils import parametrize
        >>> class Symmetric(nn.Module):
        ...     def forward(self, X):
        ...         return X.triu() + X.triu(1).transpose(-1, -2)
        >>> m = nn.Linear(3, 3)
        >>> _ = parametrize.register_parametrization(m, "weight", Symmetric())
        >>> plist = m.parametrizations.weight
        >>> type(plist).__name__, len(plist), plist.original.shape
        ('ParametrizationList', 1, torch.Size([3, 3]))
    """

    def __init__(self, modules, original, unsafe=False):
        if len(modules) == 0:
            raise ValueError("ParametrizationList requires one or more modules.")
        super().__init__(modules)
        self.unsafe = unsafe
        original_shape, original_dtype = original.shape, original.dtype
        with no_grad():
            new = original
            for module in reversed(self):
                if hasattr(module, "right_inverse"):
                    try:
                        new = module.right_inverse(new)
                    except NotImplementedError:
                        pass
        if not isinstance(new, TensorBase) and not isinstance(new, Sequence):
            raise ValueError("'right_inverse' must return a Tensor or a Sequence of tensors (list, tuple...). "
                             "Got %s" % type(new).__name__)
        self.is_tensor = isinstance(new, TensorBase)
        self.ntensors = 1 if self.is_tensor else len(new)
        if self.is_tensor:
            if original.dtype != new.dtype:
                raise ValueError("When `right_inverse` outputs one tensor, it may not change the dtype.\n"
                                 "original.dtype: %s\nright_inverse(original).dtype: %s"
                                 % (original.dtype, new.dtype))
            with no_grad():
                _set_data(original, new)
            _register_parameter_or_buffer(self, "original", original)
        else:
            for i, originali in enumerate(new):
                if not isinstance(originali, TensorBase):
                    raise ValueError("'right_inverse' must return a Tensor or a Sequence of tensors (list, "
                                     "tuple...). Got element %d of the sequence with type %s."
                                     % (i, type(originali).__name__))
                if isinstance(original, Parameter):
                    originali = Parameter(originali, original.requires_grad)
                originali.requires_grad_(original.requires_grad)
                _register_parameter_or_buffer(self, "original%d" % i, originali)
        if not self.unsafe:
            z = self()
            if not isinstance(z, TensorBase):
                raise ValueError("A parametrization must return a tensor. Got %s." % type(z).__name__)
            if z.dtype != original_dtype:
                raise ValueError("Registering a parametrization may not change the dtype of the tensor, unless "
                                 "`unsafe` flag is enabled.\nunparametrized dtype: %s\nparametrized dtype: %s"
                                 % (original_dtype, z.dtype))
            if z.shape != original_shape:
                raise ValueError("Registering a parametrization may not change the shape of the tensor, unless "
                                 "`unsafe` flag is enabled.\nunparametrized shape: %s\nparametrized shape: %s"
                                 % (original_shape, z.shape))

    def right_inverse(self, value):
        """Set the original tensor(s) so that the parametrized tensor is value."""
        with no_grad():
            for module in reversed(self):
                if hasattr(module, "right_inverse"):
                    value = module.right_inverse(value)
                else:
                    raise RuntimeError("parametrization %s does not implement right_inverse."
                                       % type(module).__name__)
            if self.is_tensor:
                if not isinstance(value, TensorBase):
                    raise ValueError("`right_inverse` should return a tensor. Got %s" % type(value).__name__)
                if value.dtype != self.original.dtype:
                    raise ValueError("The tensor returned by `right_inverse` has dtype %s while `original` has "
                                     "dtype %s" % (value.dtype, self.original.dtype))
                _set_data(self.original, value)
            else:
                if not isinstance(value, Sequence):
                    raise ValueError("'right_inverse' must return a sequence of tensors. Got %s."
                                     % type(value).__name__)
                if len(value) != self.ntensors:
                    raise ValueError("'right_inverse' must return a sequence of tensors of length %d. Got a "
                                     "sequence of length %d." % (self.ntensors, len(value)))
                for i, tensor in enumerate(value):
                    original_i = getattr(self, "original%d" % i)
                    if not isinstance(tensor, TensorBase):
                        raise ValueError("`right_inverse` must return a sequence of tensors. Got element %d of "
                                         "type %s" % (i, type(tensor).__name__))
                    if original_i.dtype != tensor.dtype:
                        raise ValueError("Tensor %d returned by `right_inverse` has dtype %s while `original%d` "
                                         "has dtype %s" % (i, tensor.dtype, i, original_i.dtype))
                    _set_data(original_i, tensor)

    def forward(self):
        if self.is_tensor:
            x = self[0](self.original)
        else:
            x = self[0](*(getattr(self, "original%d" % i) for i in range(self.ntensors)))
        for module in list(self)[1:]:
            x = module(x)
        return x


def _getstate(self):
    raise RuntimeError("Serialization of parametrized modules is only supported through state_dict(). See:\n"
                       "https://pytorch.org/tutorials/beginner/saving_loading_models.html"
                       "#saving-loading-a-general-checkpoint-for-inference-and-or-resuming-training")


def _inject_new_class(module):
    """module gets a class of its own (Parametrized<Class>), where the properties are put."""
    cls = module.__class__

    def default_deepcopy(self, memo):
        # a plain deepcopy of the module, on the new class (torch's)
        obj = memo.get(id(self), None)
        if obj is not None:
            return obj
        replica = self.__new__(self.__class__)
        memo[id(self)] = replica
        replica.__dict__.update(copy.deepcopy(self.__dict__, memo))
        return replica

    param_cls = type("Parametrized" + cls.__name__, (cls,),
                     {"__getstate__": _getstate, "__deepcopy__": default_deepcopy})
    module.__class__ = param_cls


def _inject_property(module, tensor_name):
    def get_parametrized(self):
        parametrization = self.parametrizations[tensor_name]
        if _cache_enabled:
            # keyed by the module read from (a deepcopy shares the class, not the cache entry)
            key = (id(self), tensor_name)
            tensor = _cache.get(key)
            if tensor is None:
                tensor = parametrization()
                _cache[key] = tensor
            return tensor
        return parametrization()

    def set_original(self, value):
        self.parametrizations[tensor_name].right_inverse(value)

    setattr(module.__class__, tensor_name, property(get_parametrized, set_original))


def register_parametrization(module, tensor_name, parametrization, *, unsafe=False):
    """module.<tensor_name> becomes parametrization(original); a second call on the same name
    chains (the new parametrization is applied last).

    Example::

        >>> from pyautograd.nn.utils import parametrize
        >>> class Symmetric(nn.Module):
        ...     def forward(self, X):
        ...         return X.triu() + X.triu(1).transpose(-1, -2)
        >>> m = nn.Linear(3, 3)
        >>> _ = parametrize.register_parametrization(m, "weight", Symmetric())
        >>> bool((m.weight == m.weight.T).all())
        True
    """
    parametrization.train(module.training)
    if is_parametrized(module, tensor_name):
        if not unsafe:
            y = getattr(module, tensor_name)
            x = parametrization(y)
            if not isinstance(x, TensorBase):
                raise ValueError("A parametrization must return a tensor. Got %s." % type(x).__name__)
            if x.dtype != y.dtype:
                raise ValueError("Registering a parametrization may not change the dtype of the tensor, unless "
                                 "the `unsafe` flag is enabled.\nmodule.%s.dtype: %s\nparametrization(module.%s)"
                                 ".dtype: %s" % (tensor_name, y.dtype, tensor_name, x.dtype))
            if x.shape != y.shape:
                raise ValueError("Registering a parametrization may not change the shape of the tensor, unless "
                                 "the `unsafe` flag is enabled.\nmodule.%s.shape: %s\nparametrization(module.%s)"
                                 ".shape: %s" % (tensor_name, y.shape, tensor_name, x.shape))
            if hasattr(parametrization, "right_inverse"):
                try:
                    z = parametrization.right_inverse(x)
                except NotImplementedError:
                    pass
                else:
                    if not isinstance(z, TensorBase):
                        raise ValueError("parametrization.right_inverse must return a tensor. Got: %s"
                                         % type(z).__name__)
                    if z.dtype != y.dtype:
                        raise ValueError("The tensor returned by parametrization.right_inverse must have the same "
                                         "dtype as module.%s, unless the `unsafe` flag is enabled.\nmodule.%s.dtype: "
                                         "%s\nreturned dtype: %s" % (tensor_name, tensor_name, y.dtype, z.dtype))
                    if z.shape != y.shape:
                        raise ValueError("The tensor returned by parametrization.right_inverse must have the same "
                                         "shape as module.%s, unless the `unsafe` flag is enabled.\nmodule.%s.shape: "
                                         "%s\nreturned shape: %s" % (tensor_name, tensor_name, y.shape, z.shape))
        module.parametrizations[tensor_name].append(parametrization)
        module.parametrizations[tensor_name].unsafe |= unsafe
    elif tensor_name in module._buffers or tensor_name in module._parameters:
        original = getattr(module, tensor_name)
        parametrizations = ParametrizationList([parametrization], original, unsafe=unsafe)
        delattr(module, tensor_name)
        if not is_parametrized(module):
            _inject_new_class(module)
            module.parametrizations = ModuleDict()
        _inject_property(module, tensor_name)
        module.parametrizations[tensor_name] = parametrizations
    else:
        raise ValueError("Module '%s' does not have a parameter, a buffer, or a parametrized element with name "
                         "'%s'" % (module, tensor_name))
    return module


def is_parametrized(module, tensor_name=None):
    """Whether ``module`` has a parametrization registered (register_parametrization), on ``tensor_name`` if given, on
    any tensor otherwise.

    Args:
        module: the module asked about.
        tensor_name: the parameter or buffer name. Default: None (any).

    Example::

        >>> from pyautograd.nn.utils import parametrize
        >>> class Symmetric(nn.Module):
        ...     def forward(self, X):
        ...         return X.triu() + X.triu(1).transpose(-1, -2)
        >>> m = nn.Linear(3, 3)
        >>> _ = parametrize.register_parametrization(m, "weight", Symmetric())
        >>> parametrize.is_parametrized(m), parametrize.is_parametrized(m, "bias")
        (True, False)
    """
    parametrizations = module.__dict__.get("_modules", {}).get("parametrizations")
    if parametrizations is None or not isinstance(parametrizations, ModuleDict):
        return False
    if tensor_name is None:
        return len(parametrizations) > 0
    return tensor_name in parametrizations


def remove_parametrizations(module, tensor_name, leave_parametrized=True):
    """Undo register_parametrization: the tensor becomes a parameter or buffer again, with its
    parametrized value (leave_parametrized) or its original one.

    Example::

        >>> from pyautograd.nn.utils import parametrize
        >>> class Symmetric(nn.Module):
        ...     def forward(self, X):
        ...         return X.triu() + X.triu(1).transpose(-1, -2)
        >>> m = nn.Linear(3, 3)
        >>> _ = parametrize.register_parametrization(m, "weight", Symmetric())
        >>> _ = parametrize.remove_parametrizations(m, "weight")
        >>> parametrize.is_parametrized(m), type(m.weight).__name__
        (False, 'Parameter')
    """
    if not is_parametrized(module, tensor_name):
        raise ValueError("Module %s does not have a parametrization on %s" % (module, tensor_name))
    parametrizations = module.parametrizations[tensor_name]
    if parametrizations.is_tensor:
        original = parametrizations.original
        if leave_parametrized:
            with no_grad():
                t = getattr(module, tensor_name)
                _set_data(original, t)
    else:
        if not leave_parametrized:
            raise ValueError("Cannot leave unparametrized (`leave_parametrized=False`) a tensor that is "
                             "parametrized in terms of a sequence of tensors.")
        with no_grad():
            t = getattr(module, tensor_name)
        original = Parameter(t.detach(), t.requires_grad) if t.requires_grad else t.detach()
    delattr(module.__class__, tensor_name)
    del module.parametrizations[tensor_name]
    _register_parameter_or_buffer(module, tensor_name, original)
    if not is_parametrized(module):
        delattr(module, "parametrizations")
        module.__class__ = module.__class__.__bases__[0]
    return module


def type_before_parametrizations(module):
    """The module's class before register_parametrization gave it Parametrized<Class>.

    Example::

        >>> from pyautograd.nn.utils import parametrize
        >>> class Symmetric(nn.Module):
        ...     def forward(self, X):
        ...         return X.triu() + X.triu(1).transpose(-1, -2)
        >>> m = nn.Linear(3, 3)
        >>> _ = parametrize.register_parametrization(m, "weight", Symmetric())
        >>> type(m).__name__, parametrize.type_before_parametrizations(m).__name__
        ('ParametrizedLinear', 'Linear')
    """
    if is_parametrized(module):
        return module.__class__.__bases__[0]
    return type(module)


def transfer_parametrizations_and_params(from_module, to_module, tensor_name=None):
    """Register from_module's parametrizations (of tensor_name, or all) on to_module and make its
    originals from_module's own tensors (shared, as torch's).

    Example::

        >>> from pyautograd.nn.utils import parametrize
        >>> class Symmetric(nn.Module):
        ...     def forward(self, X):
        ...         return X.triu() + X.triu(1).transpose(-1, -2)
        >>> a, b = nn.Linear(3, 3), nn.Linear(3, 3)
        >>> _ = parametrize.register_parametrization(a, "weight", Symmetric())
        >>> _ = parametrize.transfer_parametrizations_and_params(a, b)
        >>> parametrize.is_parametrized(b, "weight"), bool((b.weight == a.weight).all())
        (True, True)
    """
    if is_parametrized(from_module):
        names = list(from_module.parametrizations) if tensor_name is None else [tensor_name]
        for name in names:
            if not hasattr(to_module, name):
                setattr(to_module, name, Parameter(getattr(from_module, name)))
            for param_func in from_module.parametrizations[name]:
                register_parametrization(to_module, name, param_func)
            src, dst = from_module.parametrizations[name], to_module.parametrizations[name]
            if hasattr(src, "original"):
                dst.original = src.original
            else:
                num = 0
                while hasattr(src, "original%d" % num):
                    setattr(dst, "original%d" % num, getattr(src, "original%d" % num))
                    num += 1
    return to_module
