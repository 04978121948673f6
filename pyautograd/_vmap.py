"""vmap's runtime: batched tensors, vmap levels and the dispatch of ops to their batching rules.

A BatchedTensor is what a function under vmap sees for an input it maps over: a Tensor of the
*logical* (per-sample) shape. Its values live in `_value`, the physical tensor, whose dim 0 is the
batch (vmap moves the mapped dim there); its `_data` is a stand-in array of the logical shape,
dtype and strides that refuses to give values (_Logical below). So the Python layer's argument
checks, dtype promotion and error texts run unchanged on logical shapes, and the op itself is
run by its batching rule (the `batch` attribute of its declaration, pyautograd/ops/batching.py)
on physical tensors: the core's apply_op / apply_inplace hand an op with a batched input to
dispatch() here (src/_core/vmap.pxi).

Levels: each vmap call is a level; a batched tensor belongs to one. Nested vmap wraps a batched
tensor of the outer level (its _value) in one of the inner level; a rule at a level calls ops
on values that may be batched at lower levels, which dispatch again, down to plain tensors.

Autograd runs on the physical tensors: the graph of a vmapped computation is the graph of the
batched computation, which is what vmap means (samples do not interact), so gradients of
physical tensors are per-sample gradients. func.grad inside vmap differentiates per-sample stand-
ins (an unmapped input is expanded over the batch first), see pyautograd/func/_transforms.py."""
import threading

import numpy as np

from . import _core, _random
from ._core import TensorBase
from ._tensor import Tensor
from ._ops import stack
from .ops.batching import rule_for, inplace_rule_for, pad_to, logical_ndim, expand_batch

__all__ = ["BatchedTensor", "is_batched", "current_levels", "dispatch", "dispatch_inplace", "wrap", "unwrap_to_level",
           "level_size", "vmap_level", "values_error"]


def values_error(what):
    return RuntimeError("vmap: %s needs the values of a batched tensor, and pyautograd's vmap has no batching rule "
                        "for it. Please rewrite it with tensor operations, or call it outside of vmap." % what)


class _Logical(np.ndarray):
    """A batched tensor's stand-in array: the logical shape, dtype and strides (read by shape
    checks, dtype promotion, view rules); its values are never read. Everything that would read
    them or make another array from it raises instead of computing with a sample's values."""

    def __array_finalize__(self, obj):
        if type(obj) is _Logical:
            raise values_error("an array operation")

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        raise values_error("NumPy's %s" % getattr(ufunc, "__name__", ufunc))

    def __array_function__(self, func, types, args, kwargs):
        if func in _META_FUNCTIONS:
            args = tuple(a.view(np.ndarray) if type(a) is _Logical else a for a in args)
            return func(*args, **kwargs)
        raise values_error("NumPy's %s" % getattr(func, "__name__", func))

    def __getitem__(self, key):
        raise values_error("indexing an array")

    def _refuse(self, *args, **kwargs):
        raise values_error("reading an array")

    item = tolist = __float__ = __int__ = __index__ = __complex__ = __bool__ = __iter__ = _refuse


_META_FUNCTIONS = {np.shape, np.ndim, np.size, np.result_type, np.can_cast, np.iscomplexobj, np.isrealobj,
                   np.min_scalar_type}


def _stand_in(value_data):
    """The stand-in array of a batched tensor whose physical array is value_data (batch dim 0)."""
    if type(value_data) is _Logical:    # a lower level's stand-in: its sample 0 (made from its base)
        base = value_data.view(np.ndarray)
    else:
        base = value_data
    if base.shape[0] == 0:
        sample = np.broadcast_to(np.zeros((), dtype=base.dtype), base.shape[1:])
    else:
        sample = base[0, ...]
    return sample.view(_Logical)


# ---- levels -----------------------------------------------------------------------------------
class _Levels(threading.local):
    def __init__(self):
        self.stack = []     # (level, batch size, randomness) of the active vmaps, innermost last


_levels = _Levels()
_next_level = [1]
_level_lock = threading.Lock()


class vmap_level:
    """One vmap call's level (a context manager): its index, batch size and randomness."""

    def __init__(self, size, randomness):
        with _level_lock:
            self.level = _next_level[0]
            _next_level[0] += 1
        self.size = size
        self.randomness = randomness

    def __enter__(self):
        _levels.stack.append(self)
        _core._vmap_enter()
        return self

    def __exit__(self, *exc):
        _core._vmap_exit()
        _levels.stack.remove(self)
        return False

    def unwrap(self, x):
        """(physical value, batched?) of x at this level (the batching rules' view of a tensor)."""
        return unwrap_to_level(x, self.level)

    @staticmethod
    def is_batched(x):
        return is_batched(x)


def current_levels():
    return _levels.stack


def _level_info(level):
    for lv in _levels.stack:
        if lv.level == level:
            return lv
    raise RuntimeError("vmap: a BatchedTensor of a vmap level that has exited was used (it escaped its vmap, e.g. "
                       "through a global or a closure). Return it from the vmapped function instead.")


def level_size(level):
    return _level_info(level).size


# ---- batched tensors --------------------------------------------------------------------------
class BatchedTensor(Tensor):
    """A tensor inside vmap: logical shape outside, physical `_value` (batch dim 0) inside."""

    def __new__(cls, value, level):
        if is_batched(value) and value._vlevel > level:
            # a value batched at an inner level: the inner level's wrapper goes outside (levels nest
            # outer inside inner), this level's batch dim moved to the front of the value's value
            inner = value._vlevel
            return BatchedTensor(BatchedTensor(_batched_value(value).movedim(1, 0), level), inner)
        self = TensorBase.__new__(cls)
        self._data = _stand_in(value._data)
        self._phys = value
        self._vlevel = level
        return self

    def __init__(self, value, level):
        pass

    # autograd attributes are the physical tensor's
    @property
    def requires_grad(self):
        return self._phys.requires_grad

    @requires_grad.setter
    def requires_grad(self, flag):
        _requires_grad_error()

    @property
    def grad_fn(self):
        return self._phys.grad_fn

    @property
    def is_leaf(self):
        return self._phys.is_leaf

    @property
    def _version(self):
        return self._phys._version

    def requires_grad_(self, requires_grad=True):
        _requires_grad_error()

    def backward(self, *args, **kwargs):
        raise RuntimeError("backward() called inside a functorch transform. This is not supported, please use "
                           "functorch.grad or functorch.vjp instead or call backward() outside of functorch "
                           "transforms.")

    def detach(self):
        return BatchedTensor(self._phys.detach(), self._vlevel)

    def contiguous(self, memory_format=None):
        return self if self._data.flags.c_contiguous else self.clone()

    # values are refused with torch's texts
    def item(self):
        raise RuntimeError("vmap: It looks like you're calling .item() on a Tensor. We don't support vmap over calling "
                           ".item() on a Tensor, please try to rewrite what you're doing with other operations. If "
                           "error is occurring somewhere inside PyTorch internals, please file a bug report.")

    _python_scalar = item

    def __bool__(self):
        raise RuntimeError("vmap: It looks like you're attempting to use a Tensor in some data-dependent control flow. "
                           "We don't support that yet, please file an issue at https://github.com/pytorch/pytorch/"
                           "issues .")

    def _no_storage(self, *args, **kwargs):
        raise RuntimeError("Cannot access data pointer of Tensor that doesn't have storage")

    tolist = numpy = __array__ = data_ptr = _no_storage

    def __repr__(self):
        inner = repr(self._phys).replace("\n", "\n    ")
        return "BatchedTensor(lvl=%d, bdim=0, value=\n    %s\n)" % (self._vlevel, inner)

    __str__ = __repr__

    def __reduce_ex__(self, proto):
        raise RuntimeError("vmap: a BatchedTensor cannot be pickled or copied; return it from the vmapped function")

    def __deepcopy__(self, memo):
        return BatchedTensor(self._phys.clone(), self._vlevel)


def _requires_grad_error():
    raise RuntimeError("You are attempting to call Tensor.requires_grad_() (or perhaps using "
                       "torch.autograd.functional.* APIs) inside of a function being transformed by a functorch "
                       "transform. This is unsupported, please attempt to use the functorch transforms (e.g. grad, "
                       "vjp, jacrev, jacfwd, hessian) or call requires_grad_() outside of a function being "
                       "transformed instead.")


def is_batched(x):
    return isinstance(x, TensorBase) and type(x._data) is _Logical


def _batched_value(t):
    v = getattr(t, "_phys", None)
    if v is None:
        raise RuntimeError("vmap: a tensor was made from a batched tensor's stand-in array without a batching rule, so "
                           "its batch is lost (%s). Please report this." % type(t).__name__)
    return v


def wrap(out, level):
    """Physical result(s) (batch dim 0) as batched tensors of `level`."""
    if type(out) is tuple:
        return tuple(BatchedTensor(o, level) for o in out)
    if isinstance(out, list):
        return [BatchedTensor(o, level) for o in out]
    return BatchedTensor(out, level)


def unwrap_to_level(x, level):
    """(physical value, batched?) of x at `level`: a batched tensor of that level gives its value,
    anything else (a plain tensor, a batched tensor of an outer level) is unbatched there."""
    if is_batched(x):
        v = _batched_value(x)
        if x._vlevel == level:
            return v, True
    return x, False


def _top_level(tensors):
    level = 0
    for t in tensors:
        if is_batched(t):
            _batched_value(t)
            if t._vlevel > level:
                level = t._vlevel
    return level


def _check_options(op, kwargs):
    """An option holding a batched tensor's stand-in (an index, a mask, a target taken from a
    batched tensor) cannot be batched at the op: refused rather than read, unless the op's rule
    takes it from the option's tensor (its declaration's `batch_options`)."""
    if not kwargs:
        return
    taken = getattr(op, "batch_options", ())
    for k, v in kwargs.items():
        if k in taken:
            continue
        items = v if isinstance(v, (tuple, list)) else (v,)
        for it in items:
            if type(it) is _Logical:
                raise values_error("%s with a batched tensor as an option" % getattr(op, "name", op))


def dispatch(op, inputs, kwargs):
    """apply_op of an op with a batched input: the op's batching rule on the physical values of
    the innermost level's tensors (the others are unbatched at that level)."""
    level = _top_level(inputs)
    lv = _level_info(level)
    _check_options(op, kwargs)
    phys, batched = [], []
    for x in inputs:
        v, b = unwrap_to_level(x, level)
        phys.append(v)
        batched.append(b)
    out = rule_for(op)(op, tuple(phys), tuple(batched), kwargs or {}, lv)
    return wrap(out, level)


def dispatch_inplace(op, self, others, kwargs):
    """apply_inplace of an op with a batched self or operand."""
    level = _top_level((self,) + others)
    lv = _level_info(level)
    _check_options(op, kwargs)
    sv, sb = unwrap_to_level(self, level)
    phys, batched = [], []
    for x in others:
        v, b = unwrap_to_level(x, level)
        phys.append(v)
        batched.append(b)
    if not sb:
        # torch's text: the write cannot hold a batch (y.add_(x) with x mapped over, y not)
        shape = list(self.shape)
        for v, b in zip(phys, batched):
            if b:
                try:
                    bshape = [lv.size] + list(np.broadcast_shapes(tuple(shape), tuple(v.shape[1:])))
                except ValueError:
                    bshape = list(v.shape)
                raise RuntimeError("output with shape %s doesn't match the broadcast shape %s" % (shape, bshape))
    inplace_rule_for(op)(op, sv, tuple(phys), tuple(batched), kwargs or {}, lv)
    return self


def _rewrap(out, level):
    if type(out) is tuple or not isinstance(out, tuple):
        return wrap(out, level)
    wrapped = [BatchedTensor(o, level) for o in out]      # a result type (max's values, indices)
    return type(out)(*wrapped, **({"name": out._name} if hasattr(out, "_name") else {}))


def _without_keepdim(function):
    def call(x, dim, keepdim=False, **kwargs):
        return function(x, dim, **kwargs)
    return call


def _public_loop(function, args, kwargs, level, lv):
    """function per sample (the samples of the arguments batched at `level`), the results
    stacked: the batching of public functions without a faster rule (x[index] with a batched
    index). A function returning None (x[index] = v) changed its argument through the samples'
    views."""
    def sample(a, i):
        if is_batched(a) and a._vlevel == level:
            return a._phys.select(0, i)
        if type(a) is tuple or type(a) is list:
            return type(a)(sample(x, i) for x in a)
        return a
    if lv.size == 0:
        raise RuntimeError("vmap: %s with a batched index over a batch of size 0 is not supported by pyautograd's "
                           "vmap" % function.__name__)
    outs = [function(*[sample(a, i) for a in args], **{k: sample(v, i) for k, v in kwargs.items()})
            for i in range(lv.size)]
    if outs[0] is None:
        return None
    if isinstance(outs[0], tuple):
        return tuple(BatchedTensor(stack([o[k] for o in outs]), level) for k in range(len(outs[0])))
    return BatchedTensor(stack(outs), level)


def public(kind, function, args, kwargs):
    """A public function computed on arrays (batched_public in pyautograd/ops/_common.py) with a
    batched argument: run on the physical tensors. "elementwise": the tensor arguments
    broadcast; "dim" / "minmax": function(input, dim, keepdim) reduces over a dim of input
    (minmax: max/min, whose other forms go through ops)."""
    tensors = [a for a in args if isinstance(a, TensorBase)] + [v for v in kwargs.values() if isinstance(v, TensorBase)]
    level = _top_level(tensors)
    lv = _level_info(level)
    if kind == "gather":        # gather(x, dim, index): both with the batch, along dim + 1
        x, dim, index = (list(args) + [kwargs.get("dim"), kwargs.get("index")])[:3] if len(args) < 3 else args[:3]
        (xv, xb), (iv, ib) = unwrap_to_level(x, level), unwrap_to_level(index, level)
        nd = logical_ndim(xv, xb)
        xv, iv = expand_batch(xv, xb, lv.size), expand_batch(iv, ib, lv.size)
        if nd == 0 and logical_ndim(iv, True) == 0:
            return wrap(function(xv.unsqueeze(1), 1, iv.unsqueeze(1)).squeeze(1), level)
        d = dim % max(nd, 1)
        return wrap(function(xv, d + 1, iv), level)
    if kind == "loop":          # per sample (functions reading index values: max pool's indices, unpool)
        return _public_loop(function, args, kwargs, level, lv)
    if kind == "index":         # x[index] / x[index] = v: a batched index runs per sample
        index = args[1]
        items = index if isinstance(index, tuple) else (index,)
        if not any(is_batched(it) and it._vlevel == level for it in items):
            return function(*args, **kwargs)
        return _public_loop(function, args, kwargs, level, lv)
    if kind == "nll_loss":      # function(level, (input, batched?), (target, batched?), *options)
        x, t = unwrap_to_level(args[0], level), unwrap_to_level(args[1], level)
        return wrap(function(lv, x, t, *args[2:]), level)
    if kind in ("dim", "minmax"):
        x = args[0]
        dim = args[1] if len(args) > 1 else kwargs.get("dim")
        if kind == "minmax" and (dim is None or isinstance(dim, TensorBase) or kwargs.get("other") is not None):
            return function(*args, **kwargs)        # max(x), max(x, y): through their ops
        keepdim = args[2] if len(args) > 2 else kwargs.get("keepdim", False)
        v, b = unwrap_to_level(x, level)
        if b and not isinstance(dim, TensorBase) and not (kind == "minmax" and dim is None):
            rest = {k: w for k, w in kwargs.items() if k not in ("dim", "keepdim")}
            if function.__name__ == "count_nonzero":    # no keepdim argument
                function = _without_keepdim(function)
            nd = logical_ndim(v, True)
            if dim is None:     # argmax over the whole sample: over the flattened sample
                out = function(v.reshape((lv.size, -1)), 1, False, **rest)
                return wrap(out.reshape((lv.size,) + (1,) * nd) if keepdim else out, level)
            if nd == 0:
                out = function(v.unsqueeze(1), 1, keepdim, **rest)
                if isinstance(out, tuple):
                    return _rewrap(type(out)(*[o.reshape((lv.size,)) for o in out], name=out._name), level)
                return wrap(out.reshape((lv.size,)), level)
            d = dim % nd if -nd <= dim < nd else dim
            return _rewrap(function(v, d + 1 if d >= 0 else d, keepdim, **rest), level)
    phys = [unwrap_to_level(a, level) for a in args]
    n = max([logical_ndim(p, b) for p, b in phys if isinstance(p, TensorBase)] or [0])
    new_args = [pad_to(p, b, n) if isinstance(p, TensorBase) else p for p, b in phys]
    new_kwargs = {}
    for k, w in kwargs.items():
        p, b = unwrap_to_level(w, level)
        new_kwargs[k] = pad_to(p, b, n) if isinstance(p, TensorBase) else p
    return _rewrap(function(*new_args, **new_kwargs), level)


_ERROR_MODE = ("vmap: called random operation while in randomness error mode. Please either use the 'same' or "
               "'different' randomness flags on vmap or perform the randomness operation out of vmap")


class Randomness:
    """What a random draw inside vmap does (pyautograd/_random.py asks): randomness="error"
    refuses it, "same" draws one per-sample shape for the whole batch, "different" draws every
    sample's values (the random functions that know how: draw() and fill() there; any other
    random function is refused under "different" rather than giving every sample the same values)."""

    @staticmethod
    def active():
        return bool(_levels.stack)

    @staticmethod
    def check(batched_draw):
        for lv in _levels.stack:
            if lv.randomness == "error":
                raise RuntimeError(_ERROR_MODE)
            if lv.randomness == "different" and not batched_draw:
                raise RuntimeError("vmap: this random function does not draw per sample inside pyautograd's vmap, so "
                                   "randomness='different' cannot be honoured (rand, randn, randint, normal, "
                                   "dropout and the in-place fills can). Use randomness='same', or draw the batch's "
                                   "random values outside of vmap and pass them in.")

    @staticmethod
    def different_levels():
        for lv in _levels.stack:
            if lv.randomness == "error":
                raise RuntimeError(_ERROR_MODE)
        return [lv for lv in _levels.stack if lv.randomness == "different"]

    @staticmethod
    def wrap(t, levels):
        for lv in levels:       # outer level first: its batch dim is the first
            t = BatchedTensor(t, lv.level)
        return t

    @staticmethod
    def fill(t, values_of):
        different = {lv.level for lv in Randomness.different_levels()}
        plain, t_levels = t, []
        while is_batched(plain):
            t_levels.append(plain._vlevel)
            plain = _batched_value(plain)
        t_levels.reverse()      # outer first, as the physical dims
        if different - set(t_levels):
            raise RuntimeError("vmap: Cannot ask for different inplace randomness on an unbatched tensor. This will "
                               "appear like same randomness. If this is necessary for your usage, please file an "
                               "issue with functorch.")
        logical = tuple(t.shape)
        shape = tuple(level_size(lv) if lv in different else 1 for lv in t_levels) + logical
        _random._draws.batched += 1
        try:
            values = values_of(shape)
        finally:
            _random._draws.batched -= 1
        _core.check_inplace(plain)
        np.copyto(plain._data, values, casting="unsafe")
        plain._bump_version()
        return t


_random.vmap_hooks[0] = Randomness
_core._vmap_set_hooks(dispatch, dispatch_inplace, _Logical, public)
