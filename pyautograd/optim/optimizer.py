"""Optimizer base class: parameter groups, per-parameter state, state_dict, zero_grad.

Updates are written on the parameters' NumPy arrays in place (the version
counter is bumped, as an in-place op under no_grad would), following the
order of operations of PyTorch's single-tensor (foreach=False) kernels, so
that a run matches PyTorch step for step.

The update kernels use NumPy ufuncs with ``out=``: parameters and state
buffers are written where they live, and intermediate values go to small
scratch buffers. Large contiguous parameters are processed in blocks of
``_BLOCK`` elements (see ``_blocks``), so a step allocates no temporary of a
parameter's size (the scratch stays in cache); every operation is
elementwise, so the blocks give the same bits as whole-array expressions.
"""
import copy
import warnings
from collections import defaultdict
from collections.abc import Iterable

import numpy as np

from .._core import TensorBase, _make_tensor
from .._tensor import Tensor
from ..grad_mode import enable_grad

__all__ = ["Optimizer", "required"]


class _RequiredParameter:
    def __repr__(self):
        return "<required parameter>"


required = _RequiredParameter()


def _type_name(x):
    if isinstance(x, Tensor):
        return "torch." + x.dtype._tensor_type
    return type(x).__name__


class Optimizer:
    """Base class of the optimizers: holds parameter groups and per-parameter state.

    ``Optimizer(params, defaults)``: ``params`` is an iterable of tensors or of dicts (parameter groups,
    each with a ``"params"`` list and options overriding ``defaults``); ``defaults`` is the dict of
    default options. A subclass defines ``step(closure=None)``, reading its options from
    ``self.param_groups`` and keeping its buffers in ``self.state[p]``. The base class provides
    ``zero_grad``, ``add_param_group``, ``state_dict`` / ``load_state_dict`` (same layout as PyTorch's)
    and the step hooks. Optimizers change parameters in place, outside the autograd graph (no gradient
    flows through a step).

    Example::

        >>> class PlainGD(pa.optim.Optimizer):
        ...     def __init__(self, params, lr=0.1):
        ...         super().__init__(params, dict(lr=lr))
        ...     def step(self, closure=None):
        ...         with pa.no_grad():
        ...             for group in self.param_groups:
        ...                 for p in group["params"]:
        ...                     if p.grad is not None:
        ...                         p.sub_(group["lr"] * p.grad)
        >>> w = pa.tensor([1.0], requires_grad=True)
        >>> opt = PlainGD([w])
        >>> (w ** 2).sum().backward()
        >>> opt.step()
        >>> w
        tensor([0.8000], requires_grad=True)
        >>> opt.param_groups[0]["lr"]
        0.1
    """

    def __init__(self, params, defaults):
        self.defaults = defaults
        self.state = defaultdict(dict)
        self.param_groups = []
        if isinstance(params, TensorBase):
            raise TypeError("params argument given to the optimizer should be an iterable of Tensors or dicts, "
                            "but got " + _type_name(params))
        param_groups = list(params)
        if len(param_groups) == 0:
            raise ValueError("optimizer got an empty parameter list")
        if not isinstance(param_groups[0], dict):
            param_groups = [{"params": param_groups}]
        for group in param_groups:
            self.add_param_group(group)

    def __repr__(self):
        s = self.__class__.__name__ + " ("
        for i, group in enumerate(self.param_groups):
            s += "\nParameter Group %d" % i
            for key in sorted(group.keys()):
                if key != "params":
                    s += "\n    %s: %s" % (key, group[key])
        return s + "\n)"

    def add_param_group(self, param_group):
        if not isinstance(param_group, dict):
            raise TypeError("param_group must be a dict, but got " + type(param_group).__name__)
        params = param_group["params"]
        if isinstance(params, TensorBase):
            param_group["params"] = [params]
        elif isinstance(params, set):
            raise TypeError("optimizer parameters need to be organized in ordered collections, but the ordering "
                            "of tensors in sets will change between runs. Please use a list instead.")
        else:
            param_group["params"] = list(params)
        for param in param_group["params"]:
            if not isinstance(param, TensorBase):
                raise TypeError("optimizer can only optimize Tensors, but one of the params is " + _type_name(param))
            if not param.is_leaf:
                raise ValueError("can't optimize a non-leaf Tensor")
        for name, default in self.defaults.items():
            if default is required and name not in param_group:
                raise ValueError("parameter group didn't specify a value of required optimization parameter "
                                 + name)
            param_group.setdefault(name, default)
        params = param_group["params"]
        if len(params) != len(set(map(id, params))):
            warnings.warn("optimizer contains a parameter group with duplicate parameters; in future, this will "
                          "cause an error; see github.com/pytorch/pytorch/issues/40967 for more information",
                          stacklevel=3)
        param_set = set()
        for group in self.param_groups:
            param_set.update(map(id, group["params"]))
        if not param_set.isdisjoint(set(map(id, param_group["params"]))):
            raise ValueError("some parameters appear in more than one parameter group")
        self.param_groups.append(param_group)

    def zero_grad(self, set_to_none=True):
        for group in self.param_groups:
            for p in group["params"]:
                if p._grad is None:
                    continue
                if set_to_none:
                    p._grad = None
                else:
                    g = p._grad
                    if g._grad_fn is not None:
                        g.detach_()
                    g._requires_grad = False
                    g._data[...] = 0
                    g._bump_version()

    def _eval_closure(self, closure):
        if closure is None:
            return None
        with enable_grad():
            return closure()

    # ---- state_dict -----------------------------------------------------------
    def state_dict(self):
        """{'state': {index: {...}}, 'param_groups': [{..., 'params': [indices]}]} as in PyTorch."""
        param_mappings = {}
        start_index = 0

        def pack_group(group):
            nonlocal start_index
            packed = {k: v for k, v in group.items() if k != "params"}
            for i, p in enumerate(group["params"], start_index):
                if id(p) not in param_mappings:
                    param_mappings[id(p)] = i
            packed["params"] = [param_mappings[id(p)] for p in group["params"]]
            start_index += len(packed["params"])
            return packed

        param_groups = [pack_group(g) for g in self.param_groups]
        packed_state = {param_mappings[id(k)] if isinstance(k, TensorBase) else k: v
                        for k, v in self.state.items()}
        return {"state": packed_state, "param_groups": param_groups}

    def load_state_dict(self, state_dict):
        state_dict = dict(state_dict)
        groups = self.param_groups
        saved_groups = copy.deepcopy(state_dict["param_groups"])
        if len(groups) != len(saved_groups):
            raise ValueError("loaded state dict has a different number of parameter groups")
        param_lens = (len(g["params"]) for g in groups)
        saved_lens = (len(g["params"]) for g in saved_groups)
        if any(p_len != s_len for p_len, s_len in zip(param_lens, saved_lens)):
            raise ValueError("loaded state dict contains a parameter group that doesn't match the size of "
                             "optimizer's group")
        id_map = {}
        for g, sg in zip(groups, saved_groups):
            for old_id, p in zip(sg["params"], g["params"]):
                id_map[old_id] = p
        state = defaultdict(dict)
        for k, v in state_dict["state"].items():
            key = k
            if isinstance(k, str) and k.lstrip("-").isdigit():
                key = int(k)
            if key in id_map:
                param = id_map[key]
                state[param] = {name: _cast_state(param, name, value) for name, value in v.items()}
            else:
                state[k] = v
        new_groups = []
        for g, sg in zip(groups, saved_groups):
            sg["params"] = g["params"]
            if "betas" in sg and isinstance(sg["betas"], list):
                sg["betas"] = tuple(sg["betas"])
            new_groups.append(sg)
        self.state = state
        self.param_groups = new_groups

    def __getstate__(self):
        return {"defaults": self.defaults, "state": self.state, "param_groups": self.param_groups}

    def __setstate__(self, state):
        self.__dict__.update(state)


def _cast_state(param, key, value):
    """A copy of a saved state value: tensors other than 'step' take the parameter's dtype."""
    if isinstance(value, TensorBase):
        data = value._data
        if key != "step" and param._data.dtype.kind in "fc" and data.dtype.kind in "fc":
            data = data.astype(param._data.dtype)
        else:
            data = data.copy()
        return _make_tensor(np.array(data, copy=True))
    if isinstance(value, dict):
        return {k: _cast_state(param, key, v) for k, v in value.items()}
    if isinstance(value, Iterable) and not isinstance(value, (str, bytes)):
        return type(value)(_cast_state(param, key, v) for v in value)
    return value


def _zeros_state(p):
    return _make_tensor(np.zeros_like(p._data))


def _step_tensor():
    return _make_tensor(np.zeros((), dtype=np.float32))


_BLOCK = 1 << 16   # elements per block: a float32 scratch block is 256 KiB


def _blocks(arrays, nscratch):
    """Yield tuples of same-position pieces of ``arrays`` (arrays of one shape) followed by
    ``nscratch`` scratch arrays of the pieces' shape (dtype: the arrays' result type).

    Arrays of at most ``_BLOCK`` elements, or any that is not C-contiguous (an expanded
    gradient, say), come whole in one piece; otherwise as 1-D views of consecutive blocks.
    """
    n = arrays[0].size
    dtype = np.result_type(*arrays)
    if n <= _BLOCK or not all(a.flags.c_contiguous for a in arrays):
        shape = arrays[0].shape
        yield tuple(arrays) + tuple(np.empty(shape, dtype) for _ in range(nscratch))
        return
    flat = [a.reshape(-1) for a in arrays]
    scratch = [np.empty(_BLOCK, dtype) for _ in range(nscratch)]
    for i in range(0, n, _BLOCK):
        j = min(i + _BLOCK, n)
        pieces = [a[i:j] for a in flat]
        if j - i == _BLOCK:
            pieces.extend(scratch)
        else:
            pieces.extend(t[:j - i] for t in scratch)
        yield tuple(pieces)


def _grad_block(gc, dc, t1, t2, maximize, wd):
    """The gradient piece the update uses: -g if maximize, then + wd * d (coupled weight
    decay), computed into the scratch t1 (t2 is clobbered); gc itself when neither applies."""
    if maximize:
        np.negative(gc, out=t1)
        gc = t1
    if wd != 0:
        np.multiply(dc, wd, out=t2)
        np.add(gc, t2, out=t1)
        gc = t1
    return gc

