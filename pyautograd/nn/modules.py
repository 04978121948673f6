"""nn.Module and the layers and losses built on it (same names, reprs and state_dict keys as PyTorch)."""
import itertools
import sys
import math
import operator
from collections import OrderedDict, namedtuple
from collections.abc import Mapping

import numpy as np

from .._core import TensorBase
from .._tensor import Tensor, tensor
from .._creation import empty, ones, zeros
from .._dtype import dtype as _dtype_cls, to_numpy_dtype
from .._device import _check_device, _check_cuda
from ..grad_mode import no_grad, is_grad_enabled
from ..autograd.function import Function
from . import functional as F
from . import init
from .parameter import Parameter, is_lazy as _is_lazy

__all__ = ["Module", "Sequential", "ModuleList", "ModuleDict", "Linear", "Identity", "Flatten", "Unflatten",
           "LayerNorm", "Embedding", "ReLU", "LeakyReLU", "ELU", "Softplus", "SiLU", "Tanh", "Sigmoid", "Softmax", "LogSoftmax", "Dropout",
           "MSELoss", "L1Loss", "CrossEntropyLoss", "NLLLoss", "BCELoss", "BCEWithLogitsLoss", "SmoothL1Loss",
           "HuberLoss"]


class _IncompatibleKeys(namedtuple("IncompatibleKeys", ["missing_keys", "unexpected_keys"])):
    def __repr__(self):
        if not self.missing_keys and not self.unexpected_keys:
            return "<All keys matched successfully>"
        return super().__repr__()

    __str__ = __repr__


class RemovableHandle:
    """Returned by register_*_hook; remove() unregisters the hook (and its flags: with_kwargs,
    always_call)."""
    _next_id = itertools.count()

    def __init__(self, hooks_dict, *, extra_dict=None):
        self.hooks_dict = hooks_dict
        self.id = next(RemovableHandle._next_id)
        self.extra_dicts = extra_dict if isinstance(extra_dict, (list, tuple)) else \
            ([] if extra_dict is None else [extra_dict])

    def remove(self):
        self.hooks_dict.pop(self.id, None)
        for d in self.extra_dicts:
            d.pop(self.id, None)

    def __enter__(self):
        return self

    def __exit__(self, *args):
        self.remove()


def _addindent(s_, num_spaces):
    s = s_.split("\n")
    if len(s) == 1:
        return s_
    first = s.pop(0)
    s = [(num_spaces * " ") + line for line in s]
    return first + "\n" + "\n".join(s)


# ---- hooks of every module (torch.nn.modules.module.register_module_*_hook) --------------------
_global_forward_pre_hooks = OrderedDict()
_global_forward_hooks = OrderedDict()
_global_forward_hooks_always_called = OrderedDict()
_global_forward_hooks_with_kwargs = OrderedDict()
_global_backward_pre_hooks = OrderedDict()
_global_backward_hooks = OrderedDict()


def _add_hook(hooks, hook, prepend=False, flags=()):
    handle = RemovableHandle(hooks, extra_dict=[d for d, _ in flags])
    hooks[handle.id] = hook
    if prepend:
        hooks.move_to_end(handle.id, last=False)
    for d, on in flags:
        if on:
            d[handle.id] = True
    return handle


def register_module_forward_pre_hook(hook):
    """A forward pre-hook of every module, run before the modules' own."""
    return _add_hook(_global_forward_pre_hooks, hook)


def register_module_forward_hook(hook, *, with_kwargs=False, always_call=False):
    """A forward hook of every module, run before the modules' own."""
    return _add_hook(_global_forward_hooks, hook,
                     flags=((_global_forward_hooks_with_kwargs, with_kwargs),
                            (_global_forward_hooks_always_called, always_call)))


def register_module_full_backward_pre_hook(hook):
    """A backward pre-hook (module, grad_output) of every module."""
    return _add_hook(_global_backward_pre_hooks, hook)


def register_module_full_backward_hook(hook):
    """A backward hook (module, grad_input, grad_output) of every module."""
    return _add_hook(_global_backward_hooks, hook)


class _BackwardHookFunction(Function):
    """Identity on the module's input or output tensors: its node is where the module's backward
    hooks see (and may replace) the gradients, as torch's BackwardHookFunction."""

    @staticmethod
    def forward(ctx, *args):
        ctx.mark_non_differentiable(*[a for a in args if isinstance(a, TensorBase) and not a.requires_grad])
        return args

    @staticmethod
    def backward(ctx, *grads):
        return grads


class _BackwardHook:
    """One call's full backward hooks (torch.utils.hooks.BackwardHook): the output node runs the
    backward pre-hooks on grad_output and keeps it; the input node gives the full hooks
    grad_input (when no input requires grad, they run at the output node with None inputs)."""

    def __init__(self, module, hooks, pre_hooks):
        self.module = module
        self.hooks = hooks
        self.pre_hooks = pre_hooks
        self.n_inputs = 0
        self.input_positions = []
        self.grad_outputs = None
        self.inputs_reach = False

    @staticmethod
    def _tensor_positions(values):
        return [i for i, v in enumerate(values) if isinstance(v, TensorBase)]

    def setup_input_hook(self, args):
        pos = self._tensor_positions(args)
        self.n_inputs = len(pos)
        self.input_positions = pos
        if not any(args[i].requires_grad for i in pos) or not is_grad_enabled():
            return args
        self.inputs_reach = True
        outs = _BackwardHookFunction.apply(*[args[i] for i in pos])
        outs = outs if isinstance(outs, tuple) else (outs,)
        node = next(o.grad_fn for o in outs if o.grad_fn is not None)
        node.register_hook(self._input_hook)
        new = list(args)
        for i, o in zip(pos, outs):
            new[i] = o
        return tuple(new)

    def _input_hook(self, grad_inputs, grad_outputs):
        res = tuple(grad_inputs)
        for hook in self.hooks:
            r = hook(self.module, res, self.grad_outputs)
            if r is not None:
                r = r if isinstance(r, tuple) else (r,)
                if len(r) != len(res):
                    raise RuntimeError("Backward hook returned an invalid number of grad_input, got %d, but "
                                       "expected %d" % (len(r), len(res)))
                res = r
        self.grad_outputs = None
        return res

    def _output_prehook(self, grad_outputs):
        go = tuple(grad_outputs)
        for hook in self.pre_hooks:
            r = hook(self.module, go)
            if r is not None:
                r = r if isinstance(r, tuple) else (r,)
                if len(r) != len(go):
                    raise RuntimeError("Backward pre hook returned an invalid number of grad_output, got %d, but "
                                       "expected %d" % (len(r), len(go)))
                go = r
        self.grad_outputs = go
        if not self.inputs_reach:       # no input requires grad: the full hooks see None inputs now
            for hook in self.hooks:
                if hook(self.module, (None,) * self.n_inputs, go) is not None:
                    raise RuntimeError("Backward hook for Modules where no input requires gradient should always "
                                       "return None or None for all gradients.")
            self.grad_outputs = None
        return go

    def setup_output_hook(self, result):
        single = isinstance(result, TensorBase)
        values = (result,) if single else (tuple(result) if isinstance(result, (tuple, list)) else None)
        if values is None or not is_grad_enabled():
            return result
        pos = self._tensor_positions(values)
        if not any(values[i].requires_grad for i in pos):
            return result
        outs = _BackwardHookFunction.apply(*[values[i] for i in pos])
        outs = outs if isinstance(outs, tuple) else (outs,)
        node = next(o.grad_fn for o in outs if o.grad_fn is not None)
        node.register_prehook(self._output_prehook)
        if single:
            return outs[0]
        new = list(values)
        for i, o in zip(pos, outs):
            new[i] = o
        return type(result)(new) if isinstance(result, list) else tuple(new)


class Module:
    """Base class of all layers: registers parameters, buffers and submodules set as attributes.

    Example::

        >>> class Net(nn.Module):
        ...     def __init__(self):
        ...         super().__init__()
        ...         self.fc = nn.Linear(4, 2)
        ...     def forward(self, x):
        ...         return self.fc(x).relu()
        >>> _ = pa.manual_seed(0)
        >>> net = Net()
        >>> [name for name, _ in net.named_parameters()]
        ['fc.weight', 'fc.bias']
        >>> net(pa.randn(3, 4)).shape
        torch.Size([3, 2])
    """

    training = True
    _version = 1    # state_dict metadata's version, torch's

    def __init__(self, *args, **kwargs):
        if args or kwargs:
            raise TypeError("%s.__init__() got an unexpected argument" % type(self).__name__)
        d = self.__dict__
        d["training"] = True
        d["_parameters"] = OrderedDict()
        d["_buffers"] = OrderedDict()
        d["_non_persistent_buffers_set"] = set()
        d["_modules"] = OrderedDict()
        d["_forward_hooks"] = OrderedDict()
        d["_forward_hooks_with_kwargs"] = OrderedDict()
        d["_forward_hooks_always_called"] = OrderedDict()
        d["_forward_pre_hooks"] = OrderedDict()
        d["_forward_pre_hooks_with_kwargs"] = OrderedDict()
        d["_backward_hooks"] = OrderedDict()
        d["_backward_pre_hooks"] = OrderedDict()
        d["_state_dict_hooks"] = OrderedDict()
        d["_state_dict_pre_hooks"] = OrderedDict()
        d["_load_state_dict_pre_hooks"] = OrderedDict()
        d["_load_state_dict_post_hooks"] = OrderedDict()

    def forward(self, *input):
        raise NotImplementedError('Module [%s] is missing the required "forward" function' % type(self).__name__)

    def __call__(self, *args, **kwargs):
        d = self.__dict__
        if not (d.get("_forward_pre_hooks") or d.get("_forward_hooks") or d.get("_backward_hooks")
                or d.get("_backward_pre_hooks") or _global_forward_pre_hooks or _global_forward_hooks
                or _global_backward_hooks or _global_backward_pre_hooks):
            return self.forward(*args, **kwargs)
        return self._call_with_hooks(args, kwargs)

    def _call_with_hooks(self, args, kwargs):
        """Module.__call__ with hooks, in torch's order: global then own forward pre-hooks, the
        backward hooks' input node, forward, global then own forward hooks (always_call ones even
        when forward raised), the backward hooks' output node."""
        for hook_id, hook in list(_global_forward_pre_hooks.items()) + list(self._forward_pre_hooks.items()):
            if hook_id in self._forward_pre_hooks_with_kwargs:
                r = hook(self, args, kwargs)
                if r is not None:
                    if not (isinstance(r, tuple) and len(r) == 2):
                        raise RuntimeError("forward pre-hook must return None or a tuple of (new_args, new_kwargs), "
                                           "but got %s." % (r,))
                    args, kwargs = r
            else:
                r = hook(self, args)
                if r is not None:
                    args = r if isinstance(r, tuple) else (r,)
        full = list(_global_backward_hooks.values()) + list(self._backward_hooks.values())
        pre = list(_global_backward_pre_hooks.values()) + list(self._backward_pre_hooks.values())
        bw = _BackwardHook(self, full, pre) if (full or pre) else None
        if bw is not None:
            args = bw.setup_input_hook(args)
        forward_hooks = [(hook_id, hook, hook_id in _global_forward_hooks_with_kwargs,
                          hook_id in _global_forward_hooks_always_called)
                         for hook_id, hook in _global_forward_hooks.items()]
        forward_hooks += [(hook_id, hook, hook_id in self._forward_hooks_with_kwargs,
                           hook_id in self._forward_hooks_always_called)
                          for hook_id, hook in self._forward_hooks.items()]
        try:
            result = self.forward(*args, **kwargs)
        except BaseException:
            for hook_id, hook, with_kwargs, always in forward_hooks:
                if always:
                    try:
                        hook(self, args, kwargs, None) if with_kwargs else hook(self, args, None)
                    except Exception:   # noqa: BLE001 - torch warns and re-raises the forward's error
                        pass
            raise
        for hook_id, hook, with_kwargs, always in forward_hooks:
            r = hook(self, args, kwargs, result) if with_kwargs else hook(self, args, result)
            if r is not None:
                result = r
        if bw is not None:
            result = bw.setup_output_hook(result)
        return result

    # ---- registration -------------------------------------------------------
    def register_parameter(self, name, param):
        if "_parameters" not in self.__dict__:
            raise AttributeError("cannot assign parameter before Module.__init__() call")
        if not isinstance(name, str):
            raise TypeError("parameter name should be a string. Got %s" % type(name).__name__)
        if "." in name:
            raise KeyError('parameter name can\'t contain "."')
        if name == "":
            raise KeyError('parameter name can\'t be empty string ""')
        if hasattr(self, name) and name not in self._parameters:
            raise KeyError("attribute '%s' already exists" % name)
        if param is None:
            self._parameters[name] = None
        elif not isinstance(param, Parameter):
            raise TypeError("cannot assign '%s' object to parameter '%s' (torch.nn.Parameter or None required)"
                            % (_type_name(param), name))
        elif param.grad_fn is not None:
            raise ValueError("Cannot assign non-leaf Tensor to parameter '%s'. Model parameters must be created "
                             "explicitly. To express '%s' as a function of another Tensor, compute the value in "
                             "the forward() method." % (name, name))
        else:
            self._parameters[name] = param

    def register_buffer(self, name, tensor, persistent=True):
        if "_buffers" not in self.__dict__:
            raise AttributeError("cannot assign buffer before Module.__init__() call")
        if not isinstance(name, str):
            raise TypeError("buffer name should be a string. Got %s" % type(name).__name__)
        if "." in name:
            raise KeyError('buffer name can\'t contain "."')
        if name == "":
            raise KeyError('buffer name can\'t be empty string ""')
        if hasattr(self, name) and name not in self._buffers:
            raise KeyError("attribute '%s' already exists" % name)
        if tensor is not None and not isinstance(tensor, TensorBase):
            raise TypeError("cannot assign '%s' object to buffer '%s' (torch Tensor or None required)"
                            % (_type_name(tensor), name))
        self._buffers[name] = tensor
        if persistent:
            self._non_persistent_buffers_set.discard(name)
        else:
            self._non_persistent_buffers_set.add(name)

    def add_module(self, name, module):
        if not isinstance(module, Module) and module is not None:
            raise TypeError("%s is not a Module subclass" % _type_name(module))
        if not isinstance(name, str):
            raise TypeError("module name should be a string. Got %s" % type(name).__name__)
        if hasattr(self, name) and name not in self._modules:
            raise KeyError("attribute '%s' already exists" % name)
        if "." in name:
            raise KeyError('module name can\'t contain ".", got: %s' % name)
        if name == "":
            raise KeyError('module name can\'t be empty string ""')
        self._modules[name] = module

    register_module = add_module

    def __setattr__(self, name, value):
        d = self.__dict__
        params = d.get("_parameters")
        if isinstance(value, Parameter):
            if params is None:
                raise AttributeError("cannot assign parameters before Module.__init__() call")
            _remove_from(name, d, self._buffers, self._modules, self._non_persistent_buffers_set)
            self.register_parameter(name, value)
        elif params is not None and name in params:
            if value is not None:
                raise TypeError("cannot assign '%s' as parameter '%s' (torch.nn.Parameter or None expected)"
                                % (_type_name(value), name))
            self.register_parameter(name, value)
        elif isinstance(value, Module):
            modules = d.get("_modules")
            if modules is None:
                raise AttributeError("cannot assign module before Module.__init__() call")
            _remove_from(name, d, self._parameters, self._buffers, self._non_persistent_buffers_set)
            modules[name] = value
        elif d.get("_modules") is not None and name in d["_modules"]:
            if value is not None:
                raise TypeError("cannot assign '%s' as child module '%s' (torch.nn.Module or None expected)"
                                % (_type_name(value), name))
            d["_modules"][name] = value
        elif d.get("_buffers") is not None and name in d["_buffers"]:
            if value is not None and not isinstance(value, TensorBase):
                raise TypeError("cannot assign '%s' as buffer '%s' (torch.Tensor or None expected)"
                                % (_type_name(value), name))
            d["_buffers"][name] = value
        else:
            object.__setattr__(self, name, value)

    def __getattr__(self, name):
        d = self.__dict__
        for key in ("_parameters", "_buffers", "_modules"):
            sub = d.get(key)
            if sub is not None and name in sub:
                return sub[name]
        raise AttributeError("'%s' object has no attribute '%s'" % (type(self).__name__, name))

    def __delattr__(self, name):
        for key in ("_parameters", "_buffers", "_modules"):
            sub = self.__dict__.get(key)
            if sub is not None and name in sub:
                del sub[name]
                self._non_persistent_buffers_set.discard(name)
                return
        object.__delattr__(self, name)

    def __dir__(self):
        keys = list(object.__dir__(self))
        keys += list(self._parameters) + list(self._buffers) + list(self._modules)
        return sorted(set(k for k in keys if not k[0].isdigit()))

    # ---- traversal (iterative: no recursion over the module tree) -------------
    def named_modules(self, memo=None, prefix="", remove_duplicate=True):
        if memo is None:
            memo = set()
        stack = [(prefix, self)]
        while stack:
            pfx, mod = stack.pop()
            if remove_duplicate:
                if id(mod) in memo:
                    continue
                memo.add(id(mod))
            yield pfx, mod
            children = [(name, m) for name, m in mod._modules.items() if m is not None]
            for name, m in reversed(children):
                stack.append((pfx + ("." if pfx else "") + name, m))

    def modules(self):
        for _, m in self.named_modules():
            yield m

    def named_children(self):
        memo = set()
        for name, m in self._modules.items():
            if m is not None and id(m) not in memo:
                memo.add(id(m))
                yield name, m

    def children(self):
        for _, m in self.named_children():
            yield m

    def _named_members(self, getter, prefix="", recurse=True, remove_duplicate=True):
        memo = set()
        mods = self.named_modules(prefix=prefix, remove_duplicate=remove_duplicate) if recurse else [(prefix, self)]
        for mpfx, mod in mods:
            for k, v in getter(mod).items():
                if v is None or (remove_duplicate and id(v) in memo):
                    continue
                if remove_duplicate:
                    memo.add(id(v))
                yield mpfx + ("." if mpfx else "") + k, v

    def named_parameters(self, prefix="", recurse=True, remove_duplicate=True):
        return self._named_members(lambda m: m._parameters, prefix, recurse, remove_duplicate)

    def parameters(self, recurse=True):
        for _, p in self.named_parameters(recurse=recurse):
            yield p

    def named_buffers(self, prefix="", recurse=True, remove_duplicate=True):
        return self._named_members(lambda m: m._buffers, prefix, recurse, remove_duplicate)

    def buffers(self, recurse=True):
        for _, b in self.named_buffers(recurse=recurse):
            yield b

    def get_submodule(self, target):
        if target == "":
            return self
        mod = self
        for item in target.split("."):
            if not hasattr(mod, item):
                raise AttributeError(mod._get_name() + " has no attribute `" + item + "`")
            mod = getattr(mod, item)
            if not isinstance(mod, Module):
                raise AttributeError("`" + item + "` is not an nn.Module")
        return mod

    def set_submodule(self, target, module, strict=False):
        if target == "":
            raise ValueError("Cannot set the submodule without a target name!")
        atoms = target.split(".")
        if not isinstance(module, Module):
            raise ValueError("`module` is not an nn.Module, found %s" % type(module))
        parent = self if len(atoms) == 1 else self.get_submodule(".".join(atoms[:-1]))
        if strict and not hasattr(parent, atoms[-1]):
            raise AttributeError(parent._get_name() + " has no attribute `" + atoms[-1] + "`")
        if hasattr(parent, atoms[-1]) and not isinstance(getattr(parent, atoms[-1]), Module):
            raise AttributeError("`" + atoms[-1] + "` is not an nn.Module")
        setattr(parent, atoms[-1], module)

    def get_parameter(self, target):
        module_path, _, param_name = target.rpartition(".")
        mod = self.get_submodule(module_path)
        if not hasattr(mod, param_name):
            raise AttributeError(mod._get_name() + " has no attribute `" + param_name + "`")
        param = getattr(mod, param_name)
        if not isinstance(param, Parameter):
            raise AttributeError("`" + param_name + "` is not an nn.Parameter")
        return param

    def get_buffer(self, target):
        module_path, _, buffer_name = target.rpartition(".")
        mod = self.get_submodule(module_path)
        if not hasattr(mod, buffer_name):
            raise AttributeError(mod._get_name() + " has no attribute `" + buffer_name + "`")
        buffer = getattr(mod, buffer_name)
        if buffer_name not in mod._buffers:
            raise AttributeError("`" + buffer_name + "` is not a buffer")
        return buffer

    def get_extra_state(self):
        raise RuntimeError("Reached a code path in Module.get_extra_state() that should never be called. Please "
                           "file an issue at https://github.com/pytorch/pytorch/issues/new?template=bug-report.yml "
                           "to report this bug.")

    def set_extra_state(self, state):
        raise RuntimeError("Reached a code path in Module.set_extra_state() that should never be called. Please "
                           "file an issue at https://github.com/pytorch/pytorch/issues/new?template=bug-report.yml "
                           "to report this bug.")

    def to_empty(self, *, device, recurse=True):
        """Every parameter and buffer gets new uninitialised storage of its shape and dtype (the
        Parameter objects stay, as torch's _apply)."""
        if device is not None:
            _check_device(device)
        mods = self.modules() if recurse else [self]
        for m in mods:
            for t in itertools.chain(m._parameters.values(), m._buffers.values()):
                if t is None or _is_lazy(t):
                    continue
                t._data = np.empty_like(t._data)
                t._bump_version("to_empty")
                if t._grad is not None:
                    t._grad._data = np.empty_like(t._grad._data)
        return self

    # ---- modes ------------------------------------------------------------------
    def train(self, mode=True):
        if not isinstance(mode, bool):
            raise ValueError("training mode is expected to be boolean")
        self.__dict__["training"] = mode
        for m in self.children():
            m.train(mode)  # children's own train() overrides run, as in PyTorch
        return self

    def eval(self):
        return self.train(False)

    def requires_grad_(self, requires_grad=True):
        for p in self.parameters():
            p.requires_grad_(requires_grad)
        return self

    def zero_grad(self, set_to_none=True):
        for p in self.parameters():
            if p._grad is not None:
                if set_to_none:
                    p._grad = None
                else:
                    g = p._grad
                    if g._grad_fn is not None:
                        g.detach_()
                    else:
                        g.requires_grad_(False)
                    with no_grad():
                        g.zero_()

    def apply(self, fn):
        """fn(module) for every submodule, children before parents (PyTorch's order)."""
        for m in self.children():
            m.apply(fn)
        fn(self)
        return self

    # ---- dtype conversion -------------------------------------------------------
    def _apply_dtype(self, npdtype):
        def convert(t):
            if t is None or t._data.dtype.kind not in "fc" or t._data.dtype == npdtype:
                return
            t._data = t._data.astype(npdtype)
            t._bump_version("a dtype conversion of the module")
            if t._grad is not None:
                t._grad._data = t._grad._data.astype(npdtype)

        for m in self.modules():
            for p in m._parameters.values():
                convert(p)
            for b in m._buffers.values():
                convert(b)
        return self

    def to(self, *args, **kwargs):
        dt = kwargs.pop("dtype", None)
        device = kwargs.pop("device", None)
        kwargs.pop("non_blocking", None)
        if kwargs:
            raise TypeError("to() received an invalid combination of arguments: %s" % ", ".join(kwargs))
        for a in args:
            if isinstance(a, _dtype_cls):
                dt = a
            elif isinstance(a, TensorBase):
                dt = a.dtype
            else:
                device = a
        if device is not None:
            _check_device(device)
        if dt is not None:
            if not (dt.is_floating_point or dt.is_complex):
                raise TypeError("nn.Module.to only accepts floating point or complex dtypes, but got desired "
                                "dtype=%r" % (dt,))
            self._apply_dtype(to_numpy_dtype(dt))
        return self

    def float(self):
        return self._apply_dtype(np.float32)

    def double(self):
        return self._apply_dtype(np.float64)

    def half(self):
        return self._apply_dtype(np.float16)

    def type(self, dst_type):
        return self.to(dst_type)

    def cuda(self, device=None):
        """As PyTorch's CPU build: there is no CUDA device to move to."""
        _check_cuda(device)

    def cpu(self):
        return self

    # ---- state_dict -------------------------------------------------------------
    def _save_to_state_dict(self, destination, prefix, keep_vars):
        """This module's own parameters, persistent buffers and extra state (not its children's)."""
        for name, param in self._parameters.items():
            if param is not None:
                destination[prefix + name] = param if keep_vars or _is_lazy(param) else param.detach()
        for name, buf in self._buffers.items():
            if buf is not None and name not in self._non_persistent_buffers_set:
                destination[prefix + name] = buf if keep_vars or _is_lazy(buf) else buf.detach()
        if type(self).get_extra_state is not Module.get_extra_state:
            destination[prefix + "_extra_state"] = self.get_extra_state()

    def state_dict(self, *args, destination=None, prefix="", keep_vars=False):
        if args:
            destination = args[0] if len(args) > 0 else destination
            prefix = args[1] if len(args) > 1 else prefix
            keep_vars = args[2] if len(args) > 2 else keep_vars
        if destination is None:
            destination = OrderedDict()
            destination._metadata = OrderedDict()
        root_result = destination
        # torch's recursion as a stack: pre-hooks and own entries, the children, then the post-hooks
        stack = [(self, prefix, False)]
        while stack:
            mod, pfx, done = stack.pop()
            d = mod.__dict__
            metadata = getattr(destination, "_metadata", None)
            if done:
                local_metadata = {} if metadata is None else metadata.get(pfx[:-1], {})
                for hook in d.get("_state_dict_hooks", {}).values():
                    result = hook(mod, destination, pfx, local_metadata)
                    if getattr(hook, "_from_public_api", False):
                        if result is not None:
                            raise RuntimeError("state_dict post-hook must return None")
                    elif result is not None and mod is self:
                        root_result = result
                continue
            if metadata is not None and hasattr(mod, "_version"):
                metadata[pfx[:-1]] = {"version": mod._version}
            for hook in d.get("_state_dict_pre_hooks", {}).values():
                hook(mod, pfx, keep_vars)
            mod._save_to_state_dict(destination, pfx, keep_vars)
            stack.append((mod, pfx, True))
            for name, child in reversed(list(mod._modules.items())):
                if child is not None:
                    stack.append((child, pfx + name + ".", False))
        return root_result

    def _load_from_state_dict(self, state_dict, prefix, local_metadata, strict, missing_keys, unexpected_keys,
                              error_msgs):
        """Copy this module's own entries from state_dict (torch's checks and messages); the load
        pre-hooks run first."""
        for hook in self.__dict__.get("_load_state_dict_pre_hooks", {}).values():
            hook(state_dict, prefix, local_metadata, strict, missing_keys, unexpected_keys, error_msgs)
        local_state = {k: v for k, v in itertools.chain(
            self._parameters.items(),
            ((k, b) for k, b in self._buffers.items() if k not in self._non_persistent_buffers_set))
            if v is not None}
        assign = local_metadata.get("assign_to_params_buffers", False)
        for name, param in local_state.items():
            key = prefix + name
            if key not in state_dict:
                if strict:
                    missing_keys.append(key)
                continue
            input_param = state_dict[key]
            if not isinstance(input_param, TensorBase):
                error_msgs.append('While copying the parameter named "%s", expected torch.Tensor or Tensor-like '
                                  'object from checkpoint but received %s' % (key, type(input_param)))
                continue
            lazy = _is_lazy(param)
            # a 1-element 1-d entry loads into a 0-d parameter (torch's backward compatibility)
            if not lazy and param.dim() == 0 and input_param.dim() == 1:
                input_param = input_param[0]
            if not lazy and tuple(input_param.shape) != tuple(param.shape):
                error_msgs.append("size mismatch for %s: copying a param with shape %s from checkpoint, the "
                                  "shape in current model is %s." % (key, input_param.shape, param.shape))
                continue
            try:
                with no_grad():
                    if assign:
                        if isinstance(param, Parameter):
                            if not isinstance(input_param, Parameter):
                                input_param = Parameter(input_param, requires_grad=param.requires_grad)
                            else:
                                input_param.requires_grad_(param.requires_grad)
                        setattr(self, name, input_param)
                    else:
                        np.copyto(param._data, np.broadcast_to(input_param._data, param._data.shape),
                                  casting="unsafe")
                        param._bump_version("load_state_dict")
            except Exception as ex:  # noqa: BLE001 - reported with the others, as torch's
                error_msgs.append('While copying the parameter named "%s", whose dimensions in the model are %s '
                                  'and whose dimensions in the checkpoint are %s, an exception occurred : %s.'
                                  % (key, param.shape, input_param.shape, ex.args))
        extra_state_key = prefix + "_extra_state"
        if type(self).set_extra_state is not Module.set_extra_state:
            if extra_state_key in state_dict:
                self.set_extra_state(state_dict[extra_state_key])
            elif strict:
                missing_keys.append(extra_state_key)
        elif strict and extra_state_key in state_dict:
            unexpected_keys.append(extra_state_key)
        if strict:
            for key in state_dict.keys():
                if key.startswith(prefix) and key != extra_state_key:
                    input_name = key[len(prefix):].split(".", 1)
                    # a dotted key must name a child module
                    if len(input_name) > 1:
                        if input_name[0] not in self._modules:
                            unexpected_keys.append(key)
                    elif input_name[0] not in local_state:
                        unexpected_keys.append(key)

    def load_state_dict(self, state_dict, strict=True, assign=False):
        """Copy parameters and persistent buffers from state_dict (torch's order of hooks, checks and
        messages; assign=True puts the state_dict's tensors in place of the module's)."""
        if not isinstance(state_dict, Mapping):
            raise TypeError("Expected state_dict to be dict-like, got %s." % type(state_dict))
        missing, unexpected, error_msgs = [], [], []
        metadata = getattr(state_dict, "_metadata", None)
        state_dict = OrderedDict(state_dict)
        if metadata is not None:
            state_dict._metadata = metadata
        # torch's recursive load as a stack: a module's entries, its children, then its post-hooks
        stack = [(self, "", state_dict, False)]
        while stack:
            mod, pfx, local_sd, done = stack.pop()
            if done:
                incompatible = _IncompatibleKeys(missing, unexpected)
                for hook in mod.__dict__.get("_load_state_dict_post_hooks", {}).values():
                    out = hook(mod, incompatible)
                    if out is not None:
                        raise AssertionError(
                            "Hooks registered with ``register_load_state_dict_post_hook`` are not expected to "
                            "return new values, if incompatible_keys need to be modified, it should be done "
                            "inplace.")
                continue
            local_metadata = {} if metadata is None else dict(metadata.get(pfx[:-1], {}))
            if assign:
                local_metadata["assign_to_params_buffers"] = assign
            mod._load_from_state_dict(local_sd, pfx, local_metadata, True, missing, unexpected, error_msgs)
            stack.append((mod, pfx, None, True))
            for name, child in reversed(list(mod._modules.items())):
                if child is not None:
                    child_prefix = pfx + name + "."
                    child_sd = {k: v for k, v in local_sd.items() if k.startswith(child_prefix)}
                    stack.append((child, child_prefix, child_sd, False))
        if strict:
            if unexpected:
                error_msgs.insert(0, "Unexpected key(s) in state_dict: %s. "
                                  % ", ".join('"%s"' % k for k in unexpected))
            if missing:
                error_msgs.insert(0, "Missing key(s) in state_dict: %s. " % ", ".join('"%s"' % k for k in missing))
        if error_msgs:
            raise RuntimeError("Error(s) in loading state_dict for %s:\n\t%s"
                               % (self._get_name(), "\n\t".join(error_msgs)))
        return _IncompatibleKeys(missing, unexpected)

    # ---- state_dict hooks ---------------------------------------------------------
    def register_state_dict_pre_hook(self, hook):
        """hook(module, prefix, keep_vars) before the module's state_dict entries are made."""
        return _add_hook(self._state_dict_pre_hooks, hook)

    def _register_state_dict_hook(self, hook):
        """hook(module, state_dict, prefix, local_metadata) after; a non-None result at the root
        replaces the state_dict (the private form, torch's)."""
        if getattr(hook, "_from_public_api", False):
            raise RuntimeError("Cannot register the same function as the state dict post hook that was "
                               "previously registered via register_state_dict_post_hook")
        return _add_hook(self._state_dict_hooks, hook)

    def register_state_dict_post_hook(self, hook):
        """hook(module, state_dict, prefix, local_metadata) after; it must return None."""
        hook._from_public_api = True
        return _add_hook(self._state_dict_hooks, hook)

    def _register_load_state_dict_pre_hook(self, hook, with_module=False):
        if with_module:
            module = self

            def bound(*args, **kwargs):
                return hook(module, *args, **kwargs)
            return _add_hook(self._load_state_dict_pre_hooks, bound)
        return _add_hook(self._load_state_dict_pre_hooks, hook)

    def register_load_state_dict_pre_hook(self, hook):
        """hook(module, state_dict, prefix, local_metadata, strict, missing_keys, unexpected_keys,
        error_msgs) before the module's entries are loaded."""
        return self._register_load_state_dict_pre_hook(hook, with_module=True)

    def register_load_state_dict_post_hook(self, hook):
        """hook(module, incompatible_keys) after the module and its children are loaded."""
        return _add_hook(self._load_state_dict_post_hooks, hook)

    # ---- hooks --------------------------------------------------------------------
    def register_forward_hook(self, hook, *, prepend=False, with_kwargs=False, always_call=False):
        """hook(module, args, output) (or (module, args, kwargs, output) with_kwargs) after forward;
        a non-None result replaces the output; always_call: run even when forward raises."""
        return _add_hook(self._forward_hooks, hook, prepend,
                         ((self._forward_hooks_with_kwargs, with_kwargs),
                          (self._forward_hooks_always_called, always_call)))

    def register_forward_pre_hook(self, hook, *, prepend=False, with_kwargs=False):
        """hook(module, args) (or (module, args, kwargs) -> (args, kwargs) with_kwargs) before forward."""
        return _add_hook(self._forward_pre_hooks, hook, prepend, ((self._forward_pre_hooks_with_kwargs, with_kwargs),))

    def register_full_backward_hook(self, hook, prepend=False):
        """hook(module, grad_input, grad_output) when the gradients w.r.t. the module's inputs are
        computed; may return a replacement grad_input."""
        return _add_hook(self._backward_hooks, hook, prepend)

    def register_full_backward_pre_hook(self, hook, prepend=False):
        """hook(module, grad_output) before the module's gradients are computed; may return a
        replacement grad_output."""
        return _add_hook(self._backward_pre_hooks, hook, prepend)

    # ---- printing -------------------------------------------------------------------
    def _get_name(self):
        return type(self).__name__

    def extra_repr(self):
        return ""

    def __repr__(self):
        extra_lines = []
        extra = self.extra_repr()
        if extra:
            extra_lines = extra.split("\n")
        child_lines = []
        for key, module in self._modules.items():
            mod_str = _addindent(repr(module), 2)
            child_lines.append("(" + key + "): " + mod_str)
        lines = extra_lines + child_lines
        main_str = self._get_name() + "("
        if lines:
            if len(extra_lines) == 1 and not child_lines:
                main_str += extra_lines[0]
            else:
                main_str += "\n  " + "\n  ".join(lines) + "\n"
        return main_str + ")"


def _type_name(value):
    if isinstance(value, Tensor):
        return "torch." + value.dtype._tensor_type
    return type(value).__name__


def _remove_from(name, d, *containers):
    if name in d:
        del d[name]
    for c in containers:
        if isinstance(c, set):
            c.discard(name)
        elif name in c:
            del c[name]


# ============================================================= containers ==
class Sequential(Module):
    """Modules applied in order; Sequential(m0, m1, ...) or Sequential(OrderedDict(name=module)).

    Example::

        >>> _ = pa.manual_seed(0)
        >>> model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
        >>> model(pa.randn(3, 4)).shape
        torch.Size([3, 2])
        >>> model[1]
        ReLU()
    """

    def __init__(self, *args):
        super().__init__()
        if len(args) == 1 and isinstance(args[0], OrderedDict):
            for key, module in args[0].items():
                self.add_module(key, module)
        else:
            for idx, module in enumerate(args):
                self.add_module(str(idx), module)

    def _get_item_by_idx(self, iterator, idx):
        size = len(self)
        idx = operator.index(idx)
        if not -size <= idx < size:
            raise IndexError("index %d is out of range" % idx)
        idx %= size
        return next(itertools.islice(iterator, idx, None))

    def __getitem__(self, idx):
        if isinstance(idx, slice):
            return self.__class__(OrderedDict(list(self._modules.items())[idx]))
        return self._get_item_by_idx(iter(self._modules.values()), idx)

    def __setitem__(self, idx, module):
        key = self._get_item_by_idx(iter(self._modules.keys()), idx)
        setattr(self, key, module)

    def __delitem__(self, idx):
        if isinstance(idx, slice):
            for key in list(self._modules.keys())[idx]:
                delattr(self, key)
        else:
            delattr(self, self._get_item_by_idx(iter(self._modules.keys()), idx))
        # keep the keys 0..n-1 as PyTorch does
        str_indices = [str(i) for i in range(len(self._modules))]
        self.__dict__["_modules"] = OrderedDict(zip(str_indices, self._modules.values()))

    def __len__(self):
        return len(self._modules)

    def __iter__(self):
        return iter(self._modules.values())

    def __add__(self, other):
        if not isinstance(other, Sequential):
            raise ValueError("add operator supports only objects of Sequential class, but %s is given."
                             % type(other))
        ret = Sequential()
        for layer in itertools.chain(self, other):
            ret.append(layer)
        return ret

    def append(self, module):
        self.add_module(str(len(self)), module)
        return self

    def extend(self, sequential):
        for layer in sequential:
            self.append(layer)
        return self

    def insert(self, index, module):
        if not isinstance(module, Module):
            raise AssertionError("module should be of type: %s" % Module)
        n = len(self._modules)
        if not (-n <= index <= n):
            raise IndexError("Index out of range: %d" % index)
        if index < 0:
            index += n
        mods = list(self._modules.values())
        mods.insert(index, module)
        self.__dict__["_modules"] = OrderedDict((str(i), m) for i, m in enumerate(mods))
        return self

    def forward(self, input):
        for module in self:
            input = module(input)
        return input


class ModuleList(Module):
    """A list of modules, registered (their parameters are the list's parameters).

    Example::

        >>> layers = nn.ModuleList([nn.Linear(4, 4) for _ in range(3)])
        >>> len(layers), len(list(layers.parameters()))
        (3, 6)
    """

    def __init__(self, modules=None):
        super().__init__()
        if modules is not None:
            self.extend(modules)

    def _get_abs_string_index(self, idx):
        idx = operator.index(idx)
        if not (-len(self) <= idx < len(self)):
            raise IndexError("index %d is out of range" % idx)
        if idx < 0:
            idx += len(self)
        return str(idx)

    def __getitem__(self, idx):
        if isinstance(idx, slice):
            return self.__class__(list(self._modules.values())[idx])
        return self._modules[self._get_abs_string_index(idx)]

    def __setitem__(self, idx, module):
        setattr(self, self._get_abs_string_index(idx), module)

    def __delitem__(self, idx):
        if isinstance(idx, slice):
            for k in range(len(self._modules))[idx]:
                delattr(self, str(k))
        else:
            delattr(self, self._get_abs_string_index(idx))
        str_indices = [str(i) for i in range(len(self._modules))]
        self.__dict__["_modules"] = OrderedDict(zip(str_indices, self._modules.values()))

    def __len__(self):
        return len(self._modules)

    def __iter__(self):
        return iter(self._modules.values())

    def __iadd__(self, modules):
        return self.extend(modules)

    def __add__(self, other):
        combined = ModuleList()
        for i, module in enumerate(itertools.chain(self, other)):
            combined.add_module(str(i), module)
        return combined

    def insert(self, index, module):
        for i in range(len(self._modules), index, -1):
            self._modules[str(i)] = self._modules[str(i - 1)]
        self._modules[str(index)] = module

    def append(self, module):
        self.add_module(str(len(self)), module)
        return self

    def extend(self, modules):
        offset = len(self)
        for i, module in enumerate(modules):
            self.add_module(str(offset + i), module)
        return self

    def __repr__(self):
        # PyTorch prints runs of identical children once: (0-2): 3 x Linear(...)
        list_of_reprs = [repr(item) for item in self]
        if len(list_of_reprs) == 0:
            return self._get_name() + "()"
        start_end_indices = [[0, 0]]
        repeated_blocks = [list_of_reprs[0]]
        for i, r in enumerate(list_of_reprs[1:], 1):
            if r == repeated_blocks[-1]:
                start_end_indices[-1][1] += 1
                continue
            start_end_indices.append([i, i])
            repeated_blocks.append(r)
        lines = []
        main_str = self._get_name() + "("
        for (start_id, end_id), b in zip(start_end_indices, repeated_blocks):
            local_repr = "(%d): %s" % (start_id, b)
            if start_id != end_id:
                n = end_id - start_id + 1
                local_repr = "(%d-%d): %d x %s" % (start_id, end_id, n, b)
            lines.append(_addindent(local_repr, 2))
        main_str += "\n  " + "\n  ".join(lines) + "\n"
        return main_str + ")"


class ModuleDict(Module):
    """A dict of modules, registered under their keys.

    Example::

        >>> acts = nn.ModuleDict({"relu": nn.ReLU(), "tanh": nn.Tanh()})
        >>> acts["relu"](pa.tensor([-1.0, 2.0]))
        tensor([0., 2.])
    """

    def __init__(self, modules=None):
        super().__init__()
        if modules is not None:
            self.update(modules)

    def __getitem__(self, key):
        return self._modules[key]

    def __setitem__(self, key, module):
        self.add_module(key, module)

    def __delitem__(self, key):
        del self._modules[key]

    def __len__(self):
        return len(self._modules)

    def __iter__(self):
        return iter(self._modules)

    def __contains__(self, key):
        return key in self._modules

    def keys(self):
        return self._modules.keys()

    def items(self):
        return self._modules.items()

    def values(self):
        return self._modules.values()

    def pop(self, key):
        v = self[key]
        del self[key]
        return v

    def clear(self):
        self._modules.clear()

    def update(self, modules):
        items = modules.items() if isinstance(modules, Mapping) else modules
        for key, module in items:
            self[key] = module


# ================================================================== layers ==
class Identity(Module):
    """The identity: returns its input unchanged (the constructor's arguments are ignored).

    Shape:
        - Input: (*), any shape.
        - Output: the input itself.

    Example::

        >>> m = nn.Identity(54, unused="ignored")
        >>> x = pa.tensor([1.0, 2.0])
        >>> m(x) is x
        True
    """

    def __init__(self, *args, **kwargs):
        super().__init__()

    def forward(self, input):
        return input


def _default_init(weight, bias):
    """PyTorch's default init of Linear and the convolutions: weight from kaiming_uniform_(a=sqrt(5)),
    bias from U(-1/sqrt(fan_in), 1/sqrt(fan_in))."""
    init.kaiming_uniform_(weight, a=math.sqrt(5))
    if bias is not None:
        fan_in, _ = init._calculate_fan_in_and_fan_out(weight)
        bound = 1 / math.sqrt(fan_in) if fan_in > 0 else 0
        init.uniform_(bias, -bound, bound)


class Linear(Module):
    """y = x A^T + b; weights from kaiming_uniform_(a=sqrt(5)), bias from U(-1/sqrt(fan_in), 1/sqrt(fan_in)).

    Args:
        in_features: the size of each input sample.
        out_features: the size of each output sample.
        bias: add a learnable bias. Default: True.
        device: accepted for compatibility (CPU only). Default: None.
        dtype: the parameters' dtype. Default: None (the default dtype).

    Shape:
        - Input: ``(*, in_features)``.
        - Output: ``(*, out_features)``.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.Linear(4, 3)
        >>> m.weight.shape, m(pa.randn(2, 4)).shape
        (torch.Size([3, 4]), torch.Size([2, 3]))
    """

    def __init__(self, in_features, out_features, bias=True, device=None, dtype=None):
        super().__init__()
        self.in_features = in_features
        self.out_features = out_features
        self.weight = Parameter(empty((out_features, in_features), dtype=dtype, device=device))
        if bias:
            self.bias = Parameter(empty(out_features, dtype=dtype, device=device))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self):
        _default_init(self.weight, self.bias)

    def forward(self, input):
        return F.linear(input, self.weight, self.bias)

    def extra_repr(self):
        return "in_features=%d, out_features=%d, bias=%s" % (self.in_features, self.out_features,
                                                             self.bias is not None)


def affine_parameters(module, shape, affine, bias, dtype):
    """The weight and bias Parameters of a normalisation layer, of `shape` and left for
    reset_affine to fill; registered as None where affine (or bias) is off, as torch does.
    bias=None: the layer has no bias at all (RMSNorm)."""
    module.register_parameter("weight", Parameter(empty(shape, dtype=dtype)) if affine else None)
    if bias is not None:
        module.register_parameter("bias", Parameter(empty(shape, dtype=dtype)) if affine and bias else None)


def reset_affine(module):
    """weight ones, bias zeros: the identity affine map every normalisation layer starts from."""
    if module.weight is not None:
        init.ones_(module.weight)
    if getattr(module, "bias", None) is not None:
        init.zeros_(module.bias)


class LayerNorm(Module):
    """Normalise over the trailing normalized_shape dims; weight ones, bias zeros:
    (x - mean) / sqrt(var + eps) * weight + bias, the mean and the (biased) variance over the trailing dims.

    Args:
        normalized_shape: the trailing dims normalized over (an int or a tuple).
        eps: added to the variance. Default: 1e-5.
        elementwise_affine: learnable per-element weight and bias. Default: True.
        bias: with elementwise_affine, a bias too. Default: True.

    Example::

        >>> m = nn.LayerNorm(3)
        >>> m(pa.tensor([[1.0, 2.0, 3.0]])).detach()
        tensor([[-1.2247,  0.0000,  1.2247]])
    """

    def __init__(self, normalized_shape, eps=1e-5, elementwise_affine=True, bias=True, device=None, dtype=None):
        super().__init__()
        if isinstance(normalized_shape, int):
            normalized_shape = (normalized_shape,)
        self.normalized_shape = tuple(normalized_shape)
        self.eps = eps
        self.elementwise_affine = elementwise_affine
        affine_parameters(self, self.normalized_shape, elementwise_affine, bias, dtype)
        self.reset_parameters()

    def reset_parameters(self):
        reset_affine(self)

    def forward(self, input):
        return F.layer_norm(input, self.normalized_shape, self.weight, self.bias, self.eps)

    def extra_repr(self):
        return "%s, eps=%s, elementwise_affine=%s, bias=%s" % (self.normalized_shape, self.eps,
                                                              self.elementwise_affine, self.bias is not None)


class Embedding(Module):
    """A lookup table: weight (num_embeddings, embedding_dim) from N(0, 1), padding_idx row zero.

    Args:
        num_embeddings: the table's rows.
        embedding_dim: the size of each row.
        padding_idx: a row that stays zero and gets no gradient. Default: None.
        max_norm: rows looked up are renormalized in place to at most this norm. Default: None.
        norm_type: the norm's order for max_norm. Default: 2.0.

    Shape:
        - Input: (*), int64 indices.
        - Output: ``(*, embedding_dim)``.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.Embedding(10, 3, padding_idx=0)
        >>> m(pa.tensor([[0, 2], [4, 9]])).shape
        torch.Size([2, 2, 3])
        >>> m(pa.tensor([0]))
        tensor([[0., 0., 0.]], grad_fn=<EmbeddingBackward0>)
    """

    def __init__(self, num_embeddings, embedding_dim, padding_idx=None, max_norm=None, norm_type=2.0,
                 scale_grad_by_freq=False, sparse=False, _weight=None, _freeze=False, device=None, dtype=None):
        super().__init__()
        if scale_grad_by_freq or sparse:
            raise ValueError("Embedding: scale_grad_by_freq and sparse are not supported by pyautograd")
        if padding_idx is not None:
            if not -num_embeddings <= padding_idx < num_embeddings:
                raise AssertionError("Padding_idx must be within num_embeddings")
            if padding_idx < 0:
                padding_idx = num_embeddings + padding_idx
        self.num_embeddings = num_embeddings
        self.embedding_dim = embedding_dim
        self.padding_idx = padding_idx
        self.max_norm = max_norm
        self.norm_type = norm_type
        self.scale_grad_by_freq = scale_grad_by_freq
        self.sparse = sparse
        if _weight is None:
            self.weight = Parameter(empty((num_embeddings, embedding_dim), dtype=dtype), requires_grad=not _freeze)
            self.reset_parameters()
        else:
            self.weight = Parameter(_weight, requires_grad=not _freeze)

    def reset_parameters(self):
        init.normal_(self.weight)
        if self.padding_idx is not None:
            with no_grad():
                self.weight._data[self.padding_idx] = 0
                self.weight._bump_version()

    @classmethod
    def from_pretrained(cls, embeddings, freeze=True, padding_idx=None, max_norm=None, norm_type=2.0,
                        scale_grad_by_freq=False, sparse=False):
        """An Embedding whose weight is `embeddings` (2-D), frozen unless freeze=False."""
        if embeddings.dim() != 2:
            raise AssertionError("Embeddings parameter is expected to be 2-dimensional")
        rows, cols = embeddings.shape
        return cls(num_embeddings=rows, embedding_dim=cols, _weight=embeddings, _freeze=freeze,
                   padding_idx=padding_idx, max_norm=max_norm, norm_type=norm_type,
                   scale_grad_by_freq=scale_grad_by_freq, sparse=sparse)

    def forward(self, input):
        return F.embedding(input, self.weight, self.padding_idx, self.max_norm, self.norm_type)

    def extra_repr(self):
        s = "%d, %d" % (self.num_embeddings, self.embedding_dim)
        if self.padding_idx is not None:
            s += ", padding_idx=%d" % self.padding_idx
        if self.max_norm is not None:
            s += ", max_norm=%r" % (self.max_norm,)
        if self.norm_type != 2:
            s += ", norm_type=%r" % (self.norm_type,)
        return s


class Flatten(Module):
    """Flatten the dims start_dim..end_dim of the input into one (Tensor.flatten).

    Args:
        start_dim: the first dim flattened. Default: 1 (the batch dim kept).
        end_dim: the last dim flattened. Default: -1.

    Shape:
        - Input: ``(*, S_start, ..., S_end, *)``.
        - Output: ``(*, S_start * ... * S_end, *)``.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.Flatten()
        >>> m(pa.randn(2, 3, 4, 5)).shape
        torch.Size([2, 60])
    """

    def __init__(self, start_dim=1, end_dim=-1):
        super().__init__()
        self.start_dim = start_dim
        self.end_dim = end_dim

    def forward(self, input):
        return input.flatten(self.start_dim, self.end_dim)

    def extra_repr(self):
        return "start_dim=%d, end_dim=%d" % (self.start_dim, self.end_dim)


class Unflatten(Module):
    """Expand the dim ``dim`` of the input into the shape ``unflattened_size`` (Tensor.unflatten).

    Args:
        dim: the dim unflattened.
        unflattened_size: the new dims' sizes (a tuple or list whose product is the dim's size; one may be -1).

    Shape:
        - Input: ``(*, S, *)``, S at ``dim``.
        - Output: ``(*, U_1, ..., U_n, *)``, with U_1 * ... * U_n = S.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.Unflatten(1, (2, 5))
        >>> m(pa.randn(3, 10)).shape
        torch.Size([3, 2, 5])
    """

    def __init__(self, dim, unflattened_size):
        super().__init__()
        self.dim = dim
        self.unflattened_size = unflattened_size

    def forward(self, input):
        return input.unflatten(self.dim, self.unflattened_size)

    def extra_repr(self):
        return "dim=%s, unflattened_size=%s" % (self.dim, self.unflattened_size)


class ReLU(Module):
    """The rectified linear unit, max(0, x).

    Args:
        inplace: write the result into the input. Default: False.

    Shape:
        - Input: (*), any shape.
        - Output: (*), the input's shape.

    Gradient: 1 where x > 0, else 0.

    Example::

        >>> m = nn.ReLU()
        >>> m(pa.tensor([-2.0, -0.5, 0.0, 1.0, 3.0]))
        tensor([0., 0., 0., 1., 3.])
    """

    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = inplace

    def forward(self, input):
        return F.relu(input, inplace=self.inplace)

    def extra_repr(self):
        return "inplace=True" if self.inplace else ""


class LeakyReLU(Module):
    """The leaky ReLU, x for x >= 0 and negative_slope * x otherwise.

    Args:
        negative_slope: the slope for x < 0. Default: 0.01.
        inplace: write the result into the input. Default: False.

    Shape:
        - Input: (*), any shape.
        - Output: (*), the input's shape.

    Gradient: 1 where x > 0, negative_slope otherwise.

    Example::

        >>> m = nn.LeakyReLU(0.1)
        >>> m(pa.tensor([-2.0, -0.5, 0.0, 1.0, 3.0]))
        tensor([-0.2000, -0.0500,  0.0000,  1.0000,  3.0000])
    """

    def __init__(self, negative_slope=0.01, inplace=False):
        super().__init__()
        self.negative_slope = negative_slope
        self.inplace = inplace

    def forward(self, input):
        return F.leaky_relu(input, self.negative_slope, self.inplace)

    def extra_repr(self):
        return "negative_slope=%s%s" % (self.negative_slope, ", inplace=True" if self.inplace else "")


class ELU(Module):
    """The exponential linear unit, x for x > 0 and alpha * (exp(x) - 1) otherwise.

    Args:
        alpha: the negative part's scale. Default: 1.0.
        inplace: write the result into the input. Default: False.

    Shape:
        - Input: (*), any shape.
        - Output: (*), the input's shape.

    Gradient: 1 for x > 0, alpha * exp(x) otherwise.

    Example::

        >>> m = nn.ELU()
        >>> m(pa.tensor([-2.0, -0.5, 0.0, 1.0, 3.0]))
        tensor([-0.8647, -0.3935,  0.0000,  1.0000,  3.0000])
    """

    def __init__(self, alpha=1.0, inplace=False):
        super().__init__()
        self.alpha = alpha
        self.inplace = inplace

    def forward(self, input):
        return F.elu(input, self.alpha, self.inplace)

    def extra_repr(self):
        return "alpha=%s%s" % (self.alpha, ", inplace=True" if self.inplace else "")


class Softplus(Module):
    """The softplus, log(1 + exp(beta * x)) / beta, a smooth ReLU; x itself where beta * x > threshold.

    Args:
        beta: the sharpness. Default: 1.0.
        threshold: above it (in beta * x) the function is linear. Default: 20.0.

    Shape:
        - Input: (*), any shape.
        - Output: (*), the input's shape.

    Gradient: sigmoid(beta * x) (1 in the linear region).

    Example::

        >>> m = nn.Softplus()
        >>> m(pa.tensor([-2.0, -0.5, 0.0, 1.0, 3.0]))
        tensor([0.1269, 0.4741, 0.6931, 1.3133, 3.0486])
    """

    def __init__(self, beta=1.0, threshold=20.0):
        super().__init__()
        self.beta = beta
        self.threshold = threshold

    def forward(self, input):
        return F.softplus(input, self.beta, self.threshold)

    def extra_repr(self):
        return "beta=%s, threshold=%s" % (self.beta, self.threshold)


class SiLU(Module):
    """The sigmoid linear unit (swish), x * sigmoid(x).

    Args:
        inplace: write the result into the input. Default: False.

    Shape:
        - Input: (*), any shape.
        - Output: (*), the input's shape.

    Gradient: sigmoid(x) * (1 + x * (1 - sigmoid(x))).

    Example::

        >>> m = nn.SiLU()
        >>> m(pa.tensor([-2.0, -0.5, 0.0, 1.0, 3.0]))
        tensor([-0.2384, -0.1888,  0.0000,  0.7311,  2.8577])
    """

    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = inplace

    def forward(self, input):
        return F.silu(input, self.inplace)

    def extra_repr(self):
        return "inplace=True" if self.inplace else ""


class Tanh(Module):
    """The hyperbolic tangent, elementwise.

    Shape:
        - Input: (*), any shape.
        - Output: (*), the input's shape.

    Gradient: 1 - tanh(x) ** 2.

    Example::

        >>> m = nn.Tanh()
        >>> m(pa.tensor([-2.0, -0.5, 0.0, 1.0, 3.0]))
        tensor([-0.9640, -0.4621,  0.0000,  0.7616,  0.9951])
    """

    def forward(self, input):
        return F.tanh(input)


class Sigmoid(Module):
    """The logistic sigmoid, 1 / (1 + exp(-x)), elementwise.

    Shape:
        - Input: (*), any shape.
        - Output: (*), the input's shape.

    Gradient: sigmoid(x) * (1 - sigmoid(x)).

    Example::

        >>> m = nn.Sigmoid()
        >>> m(pa.tensor([-2.0, -0.5, 0.0, 1.0, 3.0]))
        tensor([0.1192, 0.3775, 0.5000, 0.7311, 0.9526])
    """

    def forward(self, input):
        return F.sigmoid(input)


class Softmax(Module):
    """Softmax along ``dim``: exp(x_i) / sum_j exp(x_j), so that the outputs along ``dim`` are in [0, 1] and sum to 1.

    Args:
        dim: the dim normalised. Default: None (the legacy choice, with a warning).

    Shape:
        - Input: (*), any shape.
        - Output: the input's shape.

    Gradient: s * (g - sum(g * s)) along ``dim``, s the output and g its gradient.

    Example::

        >>> m = nn.Softmax(dim=0)
        >>> m(pa.tensor([1.0, 2.0, 3.0]))
        tensor([0.0900, 0.2447, 0.6652])
    """

    def __init__(self, dim=None):
        super().__init__()
        self.dim = dim

    def forward(self, input):
        return F.softmax(input, self.dim, _stacklevel=5)

    def extra_repr(self):
        return "dim=%s" % (self.dim,)


class LogSoftmax(Softmax):
    """Log-softmax along ``dim``: x_i - log(sum_j exp(x_j)), computed stably.

    Args:
        dim: the dim normalised. Default: None (the legacy choice, with a warning).

    Shape:
        - Input: (*), any shape.
        - Output: the input's shape.

    Gradient: g - exp(output) * sum(g) along ``dim``.

    Example::

        >>> m = nn.LogSoftmax(dim=0)
        >>> m(pa.tensor([1.0, 2.0, 3.0]))
        tensor([-2.4076, -1.4076, -0.4076])
    """

    def forward(self, input):
        return F.log_softmax(input, self.dim, _stacklevel=5)


class Dropout(Module):
    """Dropout: in training, zero each element with probability p and scale the others by 1 / (1 - p); the identity in
    eval mode.

    Args:
        p: the probability of an element being zeroed. Default: 0.5.
        inplace: write the result into the input. Default: False.

    Shape:
        - Input: (*), any shape.
        - Output: the input's shape.

    Gradient: the same mask and scale applied to the output gradient.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.Dropout(p=0.2)
        >>> m(pa.randn(4, 5)).shape
        torch.Size([4, 5])
        >>> x = pa.ones(3)
        >>> m.eval()(x) is x
        True
    """

    def __init__(self, p=0.5, inplace=False):
        super().__init__()
        if p < 0 or p > 1:
            raise ValueError("dropout probability has to be between 0 and 1, but got %s" % (p,))
        self.p = p
        self.inplace = inplace

    def forward(self, input):
        return F.dropout(input, self.p, self.training, self.inplace)

    def extra_repr(self):
        return "p=%s, inplace=%s" % (self.p, self.inplace)


# ================================================================== losses ==
class _Loss(Module):
    def __init__(self, size_average=None, reduce=None, reduction="mean"):
        super().__init__()
        if size_average is not None or reduce is not None:
            reduction = F._legacy_reduction(size_average, reduce, reduction)
        F._check_reduction(reduction)
        self.reduction = reduction


class _WeightedLoss(_Loss):
    def __init__(self, weight=None, size_average=None, reduce=None, reduction="mean"):
        super().__init__(size_average, reduce, reduction)
        self.register_buffer("weight", weight)


class MSELoss(_Loss):
    """The mean squared error: (input - target) ** 2 per element, then reduced.

    Args:
        size_average, reduce: deprecated; they set reduction (a warning).
        reduction: ``'none'`` (the per-element loss), ``'mean'`` or ``'sum'`` of it. Default: ``'mean'``.

    Shape:
        - Input: (*), any shape.
        - Target: (*), the input's shape.
        - Output: a scalar, or (*) for ``'none'``.

    Example::

        >>> m = nn.MSELoss()
        >>> m(pa.tensor([1.0, 2.0, 3.0]), pa.tensor([1.5, 2.0, 0.0]))
        tensor(3.0833)
    """

    def forward(self, input, target):
        return F.mse_loss(input, target, reduction=self.reduction)


class L1Loss(_Loss):
    """The mean absolute error: abs(input - target) per element, then reduced.

    Args:
        size_average, reduce: deprecated; they set reduction (a warning).
        reduction: ``'none'`` (the per-element loss), ``'mean'`` or ``'sum'`` of it. Default: ``'mean'``.

    Shape:
        - Input: (*), any shape.
        - Target: (*), the input's shape.
        - Output: a scalar, or (*) for ``'none'``.

    Example::

        >>> m = nn.L1Loss()
        >>> m(pa.tensor([1.0, 2.0, 3.0]), pa.tensor([1.5, 2.0, 0.0]))
        tensor(1.1667)
    """

    def forward(self, input, target):
        return F.l1_loss(input, target, reduction=self.reduction)


class SmoothL1Loss(_Loss):
    """The smooth L1 loss: 0.5 * d ** 2 / beta where abs(d) < beta, abs(d) - 0.5 * beta otherwise (d = input -
    target), then reduced.

    Args:
        size_average, reduce: deprecated; they set reduction (a warning).
        reduction: ``'none'`` (the per-element loss), ``'mean'`` or ``'sum'`` of it. Default: ``'mean'``.
        beta: where the loss turns from quadratic to linear (0 gives the L1 loss). Default: 1.0.

    Shape:
        - Input: (*), any shape.
        - Target: (*), the input's shape.
        - Output: a scalar, or (*) for ``'none'``.

    Example::

        >>> m = nn.SmoothL1Loss()
        >>> m(pa.tensor([1.0, 2.0, 3.0]), pa.tensor([1.5, 2.0, 0.0]))
        tensor(0.8750)
    """

    def __init__(self, size_average=None, reduce=None, reduction="mean", beta=1.0):
        super().__init__(size_average, reduce, reduction)
        self.beta = beta

    def forward(self, input, target):
        return F.smooth_l1_loss(input, target, reduction=self.reduction, beta=self.beta)


class HuberLoss(_Loss):
    """The Huber loss: 0.5 * d ** 2 where abs(d) < delta, delta * (abs(d) - 0.5 * delta) otherwise (d = input -
    target), then reduced.

    Args:
        reduction: ``'none'`` (the per-element loss), ``'mean'`` or ``'sum'`` of it. Default: ``'mean'``.
        delta: where the loss turns from quadratic to linear. Default: 1.0.

    Shape:
        - Input: (*), any shape.
        - Target: (*), the input's shape.
        - Output: a scalar, or (*) for ``'none'``.

    Example::

        >>> m = nn.HuberLoss(delta=0.5)
        >>> m(pa.tensor([1.0, 2.0, 3.0]), pa.tensor([1.5, 2.0, 0.0]))
        tensor(0.5000)
    """

    def __init__(self, reduction="mean", delta=1.0):
        super().__init__(reduction=reduction)
        self.delta = delta

    def forward(self, input, target):
        return F.huber_loss(input, target, reduction=self.reduction, delta=self.delta)


class NLLLoss(_WeightedLoss):
    """The negative log likelihood loss: -weight[y] * input[y] per sample, input holding log-probabilities
    (log_softmax's output).

    Args:
        weight: a per-class weight of shape (C,). Default: None.
        size_average: deprecated (see reduction).
        ignore_index: a target value that contributes nothing (nor to the mean's divisor). Default: -100.
        reduce: deprecated (see reduction).
        reduction: ``'none'``, ``'sum'``, or ``'mean'``: the sum divided by the sum of the targets' weights.
            Default: ``'mean'``.

    Shape:
        - Input: (N, C) or (C,); (N, C, d1, ...) for a loss per position.
        - Target: (N,) or (), class indices in [0, C) (or ignore_index); (N, d1, ...) for higher-dimensional input.
        - Output: a scalar, or the target's shape for ``'none'``.

    Example::

        >>> m = nn.NLLLoss()
        >>> m(pa.tensor([[0.25, 0.75], [0.5, 0.5]]).log(), pa.tensor([1, 0]))
        tensor(0.4904)
    """

    def __init__(self, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction="mean"):
        super().__init__(weight, size_average, reduce, reduction)
        self.ignore_index = ignore_index

    def forward(self, input, target):
        return F.nll_loss(input, target, weight=self.weight, ignore_index=self.ignore_index,
                          reduction=self.reduction)


class CrossEntropyLoss(_WeightedLoss):
    """The cross entropy of logits and targets: log_softmax along the class dim, then NLLLoss (or, for
    class-probability targets, -sum of target * log_softmax(input)).

    Args:
        weight: a per-class weight of shape (C,). Default: None.
        size_average: deprecated (see reduction).
        ignore_index: a class-index target that contributes nothing. Default: -100.
        reduce: deprecated (see reduction).
        reduction: ``'none'``, ``'sum'``, or ``'mean'`` (for class indices, divided by the targets' total weight).
            Default: ``'mean'``.
        label_smoothing: in [0, 1]; the target mixes (1 - label_smoothing) of itself with a uniform distribution.
            Default: 0.0.

    Shape:
        - Input: (N, C) or (C,) logits; (N, C, d1, ...) for a loss per position.
        - Target: class indices as for NLLLoss, or probabilities of the input's shape.
        - Output: a scalar, or (N,) / (N, d1, ...) for ``'none'``.

    Example::

        >>> m = nn.CrossEntropyLoss()
        >>> m(pa.tensor([[2.0, 0.0, -1.0], [0.0, 1.0, 0.0]]), pa.tensor([0, 2]))
        tensor(0.8606)
    """

    def __init__(self, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction="mean",
                 label_smoothing=0.0):
        super().__init__(weight, size_average, reduce, reduction)
        self.ignore_index = ignore_index
        self.label_smoothing = label_smoothing

    def forward(self, input, target):
        return F.cross_entropy(input, target, weight=self.weight, ignore_index=self.ignore_index,
                               reduction=self.reduction, label_smoothing=self.label_smoothing)


class BCELoss(_WeightedLoss):
    """The binary cross entropy of probabilities: -weight * (y * log(x) + (1 - y) * log(1 - x)), the logs clamped to
    at least -100, then reduced.

    Args:
        weight: a rescaling weight, broadcast to the input. Default: None.
        size_average, reduce: deprecated; they set reduction (a warning).
        reduction: ``'none'`` (the per-element loss), ``'mean'`` or ``'sum'`` of it. Default: ``'mean'``.

    Shape:
        - Input: (*), probabilities in [0, 1].
        - Target: (*), the input's shape, in [0, 1].
        - Output: a scalar, or (*) for ``'none'``.

    Example::

        >>> m = nn.BCELoss()
        >>> m(pa.tensor([0.8, 0.4]), pa.tensor([1.0, 0.0]))
        tensor(0.3670)
    """

    def forward(self, input, target):
        return F.binary_cross_entropy(input, target, weight=self.weight, reduction=self.reduction)


class BCEWithLogitsLoss(_Loss):
    """The binary cross entropy of logits: -weight * (pos_weight * y * log(sigmoid(x)) + (1 - y) * log(1 -
    sigmoid(x))), computed stably, then reduced.

    Args:
        weight: a rescaling weight, broadcast to the input. Default: None.
        size_average, reduce: deprecated; they set reduction (a warning).
        reduction: ``'none'`` (the per-element loss), ``'mean'`` or ``'sum'`` of it. Default: ``'mean'``.
        pos_weight: a weight of the positive examples, broadcast along the last (class) dim. Default: None.

    Shape:
        - Input: (*), logits.
        - Target: (*), the input's shape, in [0, 1].
        - Output: a scalar, or (*) for ``'none'``.

    Example::

        >>> m = nn.BCEWithLogitsLoss()
        >>> m(pa.tensor([1.5, -0.5]), pa.tensor([1.0, 0.0]))
        tensor(0.3377)
    """

    def __init__(self, weight=None, size_average=None, reduce=None, reduction="mean", pos_weight=None):
        super().__init__(size_average, reduce, reduction)
        self.register_buffer("weight", weight)
        self.register_buffer("pos_weight", pos_weight)

    def forward(self, input, target):
        return F.binary_cross_entropy_with_logits(input, target, self.weight, pos_weight=self.pos_weight,
                                                  reduction=self.reduction)


# torch.nn.modules.module (where torch keeps Module and the register_module_*_hook functions) is this
# module too: `import torch.nn.modules.module` under install_as_torch, and the attribute
module = sys.modules[__name__]
sys.modules[__name__ + ".module"] = module
__path__ = []       # so that `import ....modules.module` looks the submodule up (it is in sys.modules)
