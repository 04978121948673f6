"""torch.autograd.forward_ad: forward-mode automatic differentiation with dual tensors.

    with forward_ad.dual_level():
        x = forward_ad.make_dual(primal, tangent)
        y = f(x)
        jvp = forward_ad.unpack_dual(y).tangent

A tensor's tangents are kept on it (TensorBase._fw_grads: {level: tangent}); a view without a
tangent of its own has the matching view of its base's tangent. Every op reached through the
core's apply_op / apply_inplace computes its result's tangent with its declaration's jvp rule
(pyautograd/ops/_registry.py tells the signature), on tensors: with grad mode on, the tangent
computation is itself recorded (reverse-over-forward), and a backward pass run inside a level
runs its rules on tensors, so gradients carry tangents (forward-over-reverse). As in PyTorch
2.13, one level exists at a time (level 0)."""
import os  # noqa: F401 - as torch's module
import weakref
from typing import Any, NamedTuple  # noqa: F401

import numpy as np

from .. import _core, _tensor_str
from .._core import TensorBase, _make_tensor
from ..ops._registry import GRAPH
from .._vmap import BatchedTensor, is_batched, level_size

__all__ = ["UnpackedDualTensor", "enter_dual_level", "exit_dual_level", "make_dual", "unpack_dual", "dual_level"]

_current_level = -1


class _LevelState:
    """What a level must clear when it exits: the tensors given a tangent (weakly) and the
    tangent dicts of tensors in a graph (strongly: a saved output shares its tensor's dict, so
    clearing it breaks the cycle a recorded tangent computation makes through the graph)."""

    def __init__(self, level):
        self.level = level
        self.tensors = []
        self.dicts = []


# The active levels, outermost first. torch.autograd.forward_ad allows one (enter_dual_level's
# error); torch.func.jvp nests them (jvp of jvp, jacfwd(jacfwd(f))): level k's jvp rules run with
# the levels below k propagating through their ops, so an inner tangent carries outer tangents.
_states = []
_state = None           # the innermost level's state (None outside any level)
_limit = [None]         # while level k's jvp rule runs: k (only levels < k propagate); None: all


def _set_levels():
    global _current_level, _state
    _current_level = len(_states) - 1
    _state = _states[-1] if _states else None
    _core._fw_set_nlevels(len(_states))


def enter_dual_level():
    """Enter a new forward grad level: returns its index (0). Nested levels are not supported
    (torch.autograd.forward_ad's rule; pyautograd.func.jvp nests them). Each call needs a matching
    exit_dual_level(); the dual_level context manager does both.

    Example::

        >>> import pyautograd.autograd.forward_ad as fwAD
        >>> fwAD.enter_dual_level()
        0
        >>> x = fwAD.make_dual(pa.tensor([1.0, 2.0]), pa.tensor([1.0, 0.0]))
        >>> fwAD.unpack_dual(pa.sin(x)).tangent
        tensor([0.5403, -0.0000])
        >>> fwAD.exit_dual_level()
    """
    if _states:
        raise RuntimeError("Nested forward mode AD is not supported at the moment")
    return _enter_level()


def _enter_level():
    _states.append(_LevelState(len(_states)))
    _set_levels()
    return _current_level


def exit_dual_level(*, level=None):
    """Exit a forward grad level (the innermost one by default): every tangent made at that level
    is deleted.

    Example::

        >>> import pyautograd.autograd.forward_ad as fwAD
        >>> level = fwAD.enter_dual_level()
        >>> x = fwAD.make_dual(pa.tensor([1.0]), pa.tensor([3.0]))
        >>> fwAD.exit_dual_level(level=level)
        >>> fwAD.unpack_dual(x).tangent is None
        True
    """
    if level is None:
        level = _current_level
    if level != _current_level:
        raise RuntimeError("Trying to exit a forward AD level that was not the last one that was created. This is "
                           "not supported.")
    if level < 0 or not _states:
        raise RuntimeError("Dual level must be a positive number.")
    st = _states.pop()
    _set_levels()
    for ref in st.tensors:
        t = ref()
        if t is not None and t._fw_grads is not None:
            t._fw_grads.pop(level, None)
            if not t._fw_grads:
                t._fw_grads = None
    for d in st.dicts:
        d.pop(level, None)


class _below:
    """Run tangent bookkeeping of `level` with only the levels below it propagating (level 0:
    none, the core's pause; the usual case costs one integer test per op)."""
    __slots__ = ("level", "prev")

    def __init__(self, level):
        self.level = level

    def __enter__(self):
        if self.level == 0:
            self.prev = _core._fw_set_paused(True)
        else:
            self.prev = _limit[0]
            _limit[0] = self.level

    def __exit__(self, *exc):
        if self.level == 0:
            _core._fw_set_paused(self.prev)
        else:
            _limit[0] = self.prev
        return False


def _levels_to_propagate():
    n = len(_states)
    lim = _limit[0]
    return range(n if lim is None else min(n, lim))


def _check_level(level, what):
    if level is None:
        level = _current_level
    if level > _current_level:
        raise RuntimeError("Invalid level given to %s" % what)
    return level


class UnpackedDualTensor(NamedTuple):
    """What unpack_dual returns: the named tuple (primal, tangent) of a dual tensor.

    primal is a view of the dual tensor without tangent; tangent is None when there is none.

    Example::

        >>> import pyautograd.autograd.forward_ad as fwAD
        >>> with fwAD.dual_level():
        ...     x = fwAD.make_dual(pa.tensor([1.0, 2.0]), pa.tensor([1.0, 0.0]))
        ...     fwAD.unpack_dual(x * x)
        UnpackedDualTensor(primal=tensor([1., 4.]), tangent=tensor([2., 0.]))
    """

    primal: Any
    tangent: Any


def _dtype_name(t):
    return repr(t.dtype)


def make_dual(tensor, tangent, *, level=None):
    """A dual tensor: a view of ``tensor`` whose tangent at ``level`` is ``tangent`` (same size).

    Must be called inside a level (dual_level or enter_dual_level); both must be floating point
    or complex. The ops run on the dual tensor compute their results' tangents too (their
    Jacobian times the tangent: forward-mode AD).

    Example::

        >>> import pyautograd.autograd.forward_ad as fwAD
        >>> with fwAD.dual_level():
        ...     x = fwAD.make_dual(pa.tensor([1.0, 2.0]), pa.tensor([1.0, 0.0]))
        ...     x
        tensor([1., 2.], tangent=tensor([1., 0.]))
    """
    if level is None:
        level = _current_level
    if level < 0:
        raise RuntimeError("Trying to create a dual Tensor for forward AD but no level exists, make sure to "
                           "enter_dual_level() first.")
    if is_batched(tensor):
        return _make_dual_batched(tensor, tangent, level)
    if not (tensor.is_floating_point() or tensor.is_complex()):
        raise ValueError("Expected primal to be floating point or complex, but got: %s" % _dtype_name(tensor))
    if not (tangent.is_floating_point() or tangent.is_complex()):
        raise ValueError("Expected tangent to be floating point or complex, but got: %s" % _dtype_name(tangent))
    level = _check_level(level, "_make_dual")
    if _tangent(tensor, level) is not None:
        raise RuntimeError("Making a dual Tensor based on a Tensor that already has a forward gradient at the same "
                           "level %d is not supported." % level)
    if tangent._data.shape != tensor._data.shape:
        raise RuntimeError("Trying to set a forward gradient that has a different size than that of the original "
                           "Tensor, this is not supported. Tensor is of size %s while the given forward gradient is "
                           "of size %s." % (_sizes(tensor), _sizes(tangent)))
    if _tangent(tangent, level) is not None:
        raise RuntimeError("Setting a forward grad that itself has a forward gradient at the same level%d is not "
                           "supported." % level)
    prev = _core._fw_set_paused(True)
    try:
        dual = tensor.view_as(tensor)
        if tangent._data.strides != tensor._data.strides and tensor._data.size > 1 and not is_batched(tangent):
            # as PyTorch: a tangent laid out unlike the primal is copied into the primal's layout
            # (a batched tangent, jacfwd's basis, keeps its physical layout)
            tangent = _make_tensor(np.empty_like(tensor._data, dtype=tangent._data.dtype)).copy_(tangent)
    finally:
        _core._fw_set_paused(prev)
    _set_tangent(dual, level, tangent)
    _keep_other_levels(dual, tensor, level)
    return dual


def _with_tangents_of(t, x):
    """t as a dual tensor with x's tangents at every active level (t itself when x has none): a
    transform's differentiable stand-in of x keeps x's tangents (forward over reverse)."""
    out = t
    for level in range(len(_states)):
        tangent = _tangent(x, level)
        if tangent is not None:
            out = make_dual(out, tangent, level=level)
    return out


def _keep_other_levels(alias, tensor, level):
    """An alias made without propagation (make_dual's dual, unpack_dual's primal) has tensor's
    tangents at the other levels (nested jvp)."""
    for k in range(len(_states)):
        if k != level:
            t = _tangent(tensor, k)
            if t is not None:
                _set_tangent(alias, k, t)


def _sizes(t):
    return "[" + ", ".join(str(n) for n in t._data.shape) + "]"


class _FwPrimal:
    """unpack_dual's primal: an alias of the dual tensor without its tangent (PyTorch's
    _fw_primal, an Identity node when recorded)."""
    name = "Identity"

    @staticmethod
    def forward(ctx, x):
        return x._data.view()

    @staticmethod
    def backward(ctx, g):
        return g


def unpack_dual(tensor, *, level=None):
    """(primal, tangent) of a dual tensor: primal a view of it without tangent, tangent its
    tangent at ``level`` (None when it has none); outside any level, (tensor, None). Returns an
    UnpackedDualTensor (a named tuple).

    Example::

        >>> import pyautograd.autograd.forward_ad as fwAD
        >>> with fwAD.dual_level():
        ...     x = fwAD.make_dual(pa.tensor([1.0, 2.0]), pa.tensor([1.0, 0.0]))
        ...     primal, tangent = fwAD.unpack_dual(x ** 3)
        >>> primal, tangent
        (tensor([1., 8.]), tensor([3., 0.]))
    """
    if level is None:
        level = _current_level
    if level < 0:
        return UnpackedDualTensor(tensor, None)
    if not isinstance(tensor, TensorBase):
        raise TypeError("_unpack_dual(): argument 'dual' (position 1) must be Tensor, not %s" % type(tensor).__name__)
    level = _check_level(level, "_fw_primal")
    if is_batched(tensor):
        return _unpack_dual_batched(tensor, level)
    tangent = _tangent(tensor, level)
    prev = _core._fw_set_paused(True)
    try:
        primal = _core.apply_op(_FwPrimal, (tensor,))
    finally:
        _core._fw_set_paused(prev)
    primal._make_view_of(tensor)
    primal._fw_grads = {level: None}      # explicitly no tangent (not its base's)
    _register(primal, level)
    _keep_other_levels(primal, tensor, level)
    return UnpackedDualTensor(primal, tangent)


def _make_dual_batched(primal, tangent, level):
    """make_dual of a batched primal (jvp inside vmap): the tangent goes on the physical primal,
    as that level sees it (batched there, or the same for every sample: expanded)."""
    lv = primal._vlevel
    if is_batched(tangent) and tangent._vlevel == lv:
        t = tangent._phys
    else:
        t = tangent.unsqueeze(0).expand((level_size(lv),) + tuple(tangent.shape))
    return BatchedTensor(make_dual(primal._phys, t, level=level), lv)


def _unpack_dual_batched(dual, level):
    p, t = unpack_dual(dual._phys, level=level)
    lv = dual._vlevel
    return UnpackedDualTensor(BatchedTensor(p, lv), None if t is None else BatchedTensor(t, lv))


class dual_level:
    """Context manager for forward AD: every forward AD computation happens inside one.

    Enters a level (enter_dual_level, whose index ``with`` gives) and exits it at the end of the
    block, deleting the tangents made in it. Also usable as a decorator.

    Example::

        >>> import pyautograd.autograd.forward_ad as fwAD
        >>> x, v = pa.tensor([0.0, 1.0]), pa.tensor([1.0, 1.0])
        >>> with fwAD.dual_level():
        ...     out = pa.exp(fwAD.make_dual(x, v))
        ...     y, jvp = fwAD.unpack_dual(out)
        >>> jvp
        tensor([1.0000, 2.7183])
    """

    def __enter__(self):
        return enter_dual_level()

    def __exit__(self, exc_type, exc_value, traceback):
        exit_dual_level()

    def __call__(self, fn):
        import functools

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with self.__class__():
                return fn(*args, **kwargs)
        return wrapper


# ---- tangents on tensors -----------------------------------------------------------------

def _register(t, level):
    if level >= len(_states):
        return
    st = _states[level]
    st.tensors.append(weakref.ref(t))
    if t._requires_grad or t._grad_fn is not None:
        st.dicts.append(t._fw_grads)


def _set_tangent(t, level, tangent):
    if t._fw_grads is None:
        t._fw_grads = {}
    t._fw_grads[level] = tangent
    _register(t, level)


def _tangent(t, level=0):
    """t's tangent at level, or None; a view without one of its own gets its base's view."""
    d = t._fw_grads
    if d and level in d:
        return d[level]
    b = t._base
    if b is not None and b._fw_grads:
        bt = b._fw_grads.get(level)
        if bt is not None:
            tv = _view_of_tangent(b, bt, t)
            _set_tangent(t, level, tv)
            return tv
    return None


def _view_of_tangent(base, bt, view):
    """The elements of base's tangent bt that `view` is of base: a view of bt when both are laid
    out alike (same shape, dtype, C-contiguous), else a copy of those elements."""
    b, v, d = base._data, view._data, bt._data
    delta = v.__array_interface__["data"][0] - b.__array_interface__["data"][0]
    if not (d.dtype == b.dtype and d.shape == b.shape and d.strides == b.strides):
        d = np.ascontiguousarray(d).astype(b.dtype, copy=False)
        if not b.flags.c_contiguous:
            raise NotImplementedError("forward AD: the tangent of a view of a tensor whose base is not "
                                      "contiguous (pyautograd)")
        return _make_tensor(np.ndarray(v.shape, v.dtype, buffer=d, offset=delta, strides=v.strides).copy())
    owner = d
    while owner.base is not None and isinstance(owner.base, np.ndarray):
        owner = owner.base
    if not owner.flags.c_contiguous:
        owner = None
    if owner is None or not d.flags.c_contiguous:
        return _make_tensor(np.ndarray(v.shape, v.dtype, buffer=np.ascontiguousarray(d), offset=delta,
                                       strides=v.strides).copy())
    off = d.__array_interface__["data"][0] - owner.__array_interface__["data"][0] + delta
    arr = np.ndarray(v.shape, v.dtype, buffer=owner, offset=off, strides=v.strides)
    return _make_tensor(arr)


def _is_float(t):
    return t._data.dtype.kind in "fc"


def _op_name(op):
    fn = getattr(op, "fn", None)
    if fn:
        return fn
    name = getattr(op, "name", None) or getattr(op, "__name__", "op")
    i = name.rfind("Backward")
    if i > 0:
        name = name[:i]
    return name.rpartition("::")[2].lower()


def _no_jvp_error(op, inplace=False):
    return NotImplementedError(
        "Trying to use forward AD with %s%s that does not support it because it has not been implemented yet.\n"
        "Please file an issue to PyTorch at https://github.com/pytorch/pytorch/issues/new?template=feature-request.yml "
        "so that we can prioritize its implementation." % (_op_name(op), "_" if inplace else ""))


def _zeros_like(x):
    """The zero tangent of an input without one, marked so (a product rule skips its term)."""
    z = _make_tensor(np.zeros(x._data.shape, dtype=x._data.dtype))
    z._fw_zero = True
    return z


def _run_jvp(op, ctx, inputs, kwargs, result, tangents, level=0):
    jvp = getattr(op, "jvp", None)
    if jvp is None:
        raise _no_jvp_error(op, False)
    with _below(level):
        ts = [t if t is not None else (_zeros_like(x) if isinstance(x, TensorBase) and _is_float(x) else None)
              for x, t in zip(inputs, tangents)]
        return jvp(GRAPH, ctx, inputs, kwargs or {}, result, *ts)


def _as_tangent(o, r, inputs, tangents, level=0):
    """A jvp rule's result as the tangent of result r: a tensor of r's shape owning its memory
    unless r is a view of an input (then the rule's view of that input's tangent)."""
    if not isinstance(o, TensorBase):
        o = _make_tensor(np.asarray(o))
    if o._data.shape != r._data.shape:
        with _below(level):
            return o.expand(r._data.shape).clone()
    for x, t in zip(inputs, tangents):
        if o is t and not (isinstance(x, TensorBase) and np.shares_memory(x._data, r._data)):
            with _below(level):
                return o.clone()
    return o


def _propagate(op, ctx, inputs, kwargs, result):
    """The core's hook after an op whose inputs carry tangents: its result's tangent at every
    level that propagates (outermost first)."""
    outs = result if type(result) is tuple else (result,)
    for level in _levels_to_propagate():
        tangents = [_tangent(x, level) if isinstance(x, TensorBase) else None for x in inputs]
        if all(t is None for t in tangents):
            continue
        if not any(_is_float(r) for r in outs):
            return
        res = _run_jvp(op, ctx, inputs, kwargs, result, tangents, level)
        if type(result) is tuple:
            res = tuple(res) if isinstance(res, (tuple, list)) else (res,)
            for r, o in zip(result, res):
                if o is not None and _is_float(r):
                    _set_tangent(r, level, _as_tangent(o, r, inputs, tangents, level))
        elif res is not None and _is_float(result):
            _set_tangent(result, level, _as_tangent(res, result, inputs, tangents, level))


def _propagate_inplace(op, ctx, inputs, kwargs, self):
    """The core's hook after an in-place op (inputs[0] is self's old value): self's tangent is
    changed in place (its views' tangents with it), or made when self had none."""
    for level in _levels_to_propagate():
        _propagate_inplace_at(op, ctx, inputs, kwargs, self, level)


def _propagate_inplace_at(op, ctx, inputs, kwargs, self, level):
    old = _tangent(self, level)
    cur = old
    if old is not None and _core.is_grad_enabled() and (old._requires_grad or old._grad_fn is not None):
        # the rule's recorded computation must not save the tangent about to be overwritten
        with _below(level):
            cur = old.clone()
    tangents = [cur] + [_tangent(x, level) if isinstance(x, TensorBase) else None for x in inputs[1:]]
    if all(t is None for t in tangents) or not _is_float(self):
        return
    if getattr(op, "jvp", None) is None:
        raise _no_jvp_error(op, True)
    new = _run_jvp(op, ctx, inputs, kwargs, self, tangents, level)
    if new is None:
        new = _zeros_like(self)
    _write_tangent(self, level, old, new)


def _write_tangent(self, level, old, new):
    if not isinstance(new, TensorBase):
        new = _make_tensor(np.asarray(new))
    with _below(level):
        if old is None and self._base is not None:
            # a view of a tensor without tangent: the base gets zeros, the view its part of them
            base = self._base
            _set_tangent(base, level, _zeros_like(base))
            old = _tangent(self, level)
        if old is None:
            if new._data.shape != self._data.shape or not new._data.flags.owndata:
                new = new.expand(self._data.shape).clone() if new._data.shape != self._data.shape else new.clone()
            _set_tangent(self, level, new)
            return
        if _core.is_grad_enabled() and old._requires_grad and old._grad_fn is None:
            # a user's leaf tangent that requires grad cannot change in place: replaced
            _set_tangent(self, level, new.expand(self._data.shape).clone())
        else:
            old.copy_(new)


def _copy_to_shadow(shadow, view):
    """An in-place op on a view runs on a copy of the view's value (the core's shadow): the
    copy has the view's tangents."""
    grads = {}
    for level in range(len(_states)):
        t = _tangent(view, level)
        if t is None:
            continue
        if _core.is_grad_enabled() and (t._requires_grad or t._grad_fn is not None):
            # recorded: the rule must not save this view of the base's tangent, which the write
            # into the base changes next
            with _below(level):
                t = t.clone()
        grads[level] = t
    if grads:
        shadow._fw_grads = grads


_core._fw_set_hooks(_propagate, _propagate_inplace, _copy_to_shadow)
_tensor_str._tangent_of = lambda t: _tangent(t, _current_level) if _current_level >= 0 else None


def _maybe_load_decompositions():      # as torch's module (nothing to load here)
    pass
