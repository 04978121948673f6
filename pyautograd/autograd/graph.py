"""torch.autograd.graph: the graph's nodes and edges, hooks on saved tensors and on gradients.

For example::

    with saved_tensors_hooks(pack, unpack):     # what backward keeps of each saved tensor
        y = f(x)
    edge = get_gradient_edge(h)                 # autograd.grad((y,), edge): the gradient flowing into h
    register_multi_grad_hook((a, b), fn)        # fn(grads) once the gradients of a and b are computed
"""
import threading
import weakref
from typing import NamedTuple, Any

from .. import _core
from .._core import TensorBase, Node

__all__ = ["Node", "GradientEdge", "get_gradient_edge", "increment_version", "saved_tensors_hooks", "save_on_cpu",
           "disable_saved_tensors_hooks", "register_multi_grad_hook", "allow_mutation_on_saved_tensors"]


# ---- nodes and edges ---------------------------------------------------------------------------
# Node is the core's node type: every grad_fn (MulBackward0, AccumulateGrad, a custom Function's
# backward node) is an instance, with name(), next_functions, metadata, register_hook(fn(grad_inputs,
# grad_outputs)) and register_prehook(fn(grad_outputs)).

class GradientEdge(NamedTuple):
    """Where a tensor's gradient flows in the graph: its node and which of its inputs it is.

    autograd.grad accepts gradient edges as inputs: the result is the gradient flowing along the
    edge (for an intermediate tensor, what its grad_fn receives at output_nr).

    Example::

        >>> from pyautograd.autograd.graph import GradientEdge
        >>> x = pa.tensor([1.0, 2.0], requires_grad=True)
        >>> h = x * 2
        >>> y = (h * h).sum()
        >>> edge = GradientEdge(h.grad_fn, 0)
        >>> edge.node.name(), edge.output_nr
        ('MulBackward0', 0)
        >>> pa.autograd.grad(y, edge)
        (tensor([4., 8.]),)
    """
    node: Any
    output_nr: int


def get_gradient_edge(tensor):
    """The GradientEdge of tensor (its grad_fn and output_nr; a leaf's AccumulateGrad node).

    The tensor must require grad. Give the edge to autograd.grad to get the gradient flowing into
    that tensor, even when the tensor itself is no longer at hand.

    Example::

        >>> from pyautograd.autograd.graph import get_gradient_edge
        >>> x = pa.tensor([1.0, 2.0], requires_grad=True)
        >>> h = x * 2
        >>> edge = get_gradient_edge(h)
        >>> edge.node.name()
        'MulBackward0'
        >>> pa.autograd.grad((h * h).sum(), edge)
        (tensor([4., 8.]),)
        >>> get_gradient_edge(x).node.name()
        'torch::autograd::AccumulateGrad'
    """
    if not tensor.requires_grad:
        raise RuntimeError("It is not possible to get the gradient edge for a Tensor that does not require gradients")
    node, nr = tensor._grad_edge()
    return GradientEdge(node, nr)


def increment_version(tensor):
    """Bump tensor's version counter as an in-place change would (for changes autograd cannot see).

    tensor may be a list or tuple of tensors. A backward that reads a tensor saved before the bump
    then raises, as for any in-place change of a saved tensor.

    Example::

        >>> from pyautograd.autograd.graph import increment_version
        >>> t = pa.tensor([1.0])
        >>> t._version
        0
        >>> increment_version(t)
        >>> t._version
        1
    """
    if isinstance(tensor, (list, tuple)):
        for t in tensor:
            increment_version(t)
        return
    tensor._bump_version("torch.autograd.graph.increment_version")


# ---- saved tensor hooks ------------------------------------------------------------------------
class _State(threading.local):
    def __init__(self):
        self.stack = []             # (pack, unpack) of the open saved_tensors_hooks, innermost last
        self.disabled = None        # disable_saved_tensors_hooks' message, while it is open


_state = _State()
_open = [0]                         # open contexts in all threads (the core's one integer test)
_open_lock = threading.Lock()


def _current_hooks():
    return _state.stack[-1] if _state.stack else None


def _count(delta):
    with _open_lock:
        _open[0] += delta
        _core._set_saved_tensors_hooks(_open[0], _current_hooks if _open[0] else None)


class saved_tensors_hooks:
    """Inside, every tensor an op saves for backward is passed to pack_hook(tensor) and only what
    it returns is kept; backward gets the tensor back from unpack_hook(packed). The innermost
    context's hooks apply. With hooks, in-place changes of a saved tensor are not checked (the
    hooks decide what is kept), as PyTorch.

    Example::

        >>> from pyautograd.autograd.graph import saved_tensors_hooks
        >>> packed = []
        >>> def pack(t):
        ...     packed.append(tuple(t.shape))
        ...     return t
        >>> x = pa.tensor([1.0, 2.0], requires_grad=True)
        >>> with saved_tensors_hooks(pack, lambda t: t):
        ...     y = (x * x).sum()
        >>> packed
        [(2,), (2,)]
        >>> y.backward()
        >>> x.grad
        tensor([2., 4.])
    """

    def __init__(self, pack_hook, unpack_hook):
        self.pack_hook = pack_hook
        self.unpack_hook = unpack_hook

    def __enter__(self):
        if _state.disabled is not None:
            raise RuntimeError(_state.disabled)
        _state.stack.append((self.pack_hook, self.unpack_hook))
        _count(1)
        return self

    def __exit__(self, *exc):
        _state.stack.pop()
        _count(-1)
        return False


class save_on_cpu(saved_tensors_hooks):
    """torch's save_on_cpu (saved tensors moved to the CPU, pinned if asked): pyautograd's
    tensors are on the CPU already, so the saved tensor is kept as it is.

    Example::

        >>> from pyautograd.autograd.graph import save_on_cpu
        >>> x = pa.tensor([0.0, 1.0], requires_grad=True)
        >>> with save_on_cpu(pin_memory=True):
        ...     y = x.exp().sum()
        >>> y.backward()
        >>> x.grad
        tensor([1.0000, 2.7183])
    """

    def __init__(self, pin_memory=False, device_type="cuda"):
        super().__init__(lambda t: t, lambda t: t)


class disable_saved_tensors_hooks:
    """Inside, opening saved_tensors_hooks raises RuntimeError(error_message).

    For code that must not have its saved tensors packed by someone else's hooks.

    Example::

        >>> from pyautograd.autograd.graph import disable_saved_tensors_hooks, saved_tensors_hooks
        >>> with disable_saved_tensors_hooks("no saved tensor hooks here"):
        ...     with saved_tensors_hooks(lambda t: t, lambda t: t):
        ...         pass
        Traceback (most recent call last):
            ...
        RuntimeError: no saved tensor hooks here
    """

    def __init__(self, error_message):
        self.error_message = error_message

    def __enter__(self):
        self.prev = _state.disabled
        _state.disabled = self.error_message
        return self

    def __exit__(self, *exc):
        _state.disabled = self.prev
        return False


class allow_mutation_on_saved_tensors:
    """Inside, a tensor saved for backward may be changed in place afterwards: backward uses
    its value at the time it was saved (each saved tensor is kept as a copy, made when saved).
    The graph must be backpropagated inside the context, as PyTorch requires. Contexts cannot be
    nested.

    Example::

        >>> from pyautograd.autograd.graph import allow_mutation_on_saved_tensors
        >>> x = pa.tensor([1.0, 2.0], requires_grad=True)
        >>> with allow_mutation_on_saved_tensors():
        ...     z = x.clone()
        ...     out = (z * z).sum()
        ...     _ = z.mul_(10)
        ...     out.backward()
        >>> x.grad
        tensor([2., 4.])
    """
    _active = [False]

    def __enter__(self):
        if allow_mutation_on_saved_tensors._active[0]:
            raise RuntimeError("allow_mutation_on_saved_tensors contexts cannot be nested")
        allow_mutation_on_saved_tensors._active[0] = True
        self._token = object()
        token = weakref.ref(self)

        def unpack(packed):
            if token() is None or not token()._open:
                raise AssertionError("Trying to backward outside of the 'allow_mutation_on_saved_tensors' context in "
                                     "which the graph was originally recorded.")
            return packed
        self._open = True
        self._hooks = saved_tensors_hooks(lambda t: t.detach().clone(), unpack)
        self._hooks.__enter__()
        return self

    def __exit__(self, *exc):
        self._hooks.__exit__(*exc)
        self._open = False
        allow_mutation_on_saved_tensors._active[0] = False
        return False


# ---- multi-grad hooks --------------------------------------------------------------------------
class _MultiHandle:
    def __init__(self, handles):
        self.handles = handles

    def remove(self):
        for h in self.handles:
            h.remove()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.remove()


def register_multi_grad_hook(tensors, fn, *, mode="all"):
    """fn on the gradients of several tensors in one backward pass. mode "all": fn(grads) once per
    pass, with every tensor's gradient (None for those the pass does not reach), called when the
    pass ends; "any": fn(grad) with the first of them computed in the pass. Returns a handle
    whose remove() unregisters the hooks (also a context manager).

    Example::

        >>> from pyautograd.autograd.graph import register_multi_grad_hook
        >>> a = pa.tensor([1.0], requires_grad=True)
        >>> b = pa.tensor([2.0], requires_grad=True)
        >>> handle = register_multi_grad_hook((a, b), lambda grads: print([g.tolist() for g in grads]))
        >>> (a * 3 + b * 4).sum().backward()
        [[3.0], [4.0]]
        >>> handle.remove()
    """
    if mode not in ("all", "any"):
        raise ValueError("Expects mode to be one of ('all', 'any') but got %s" % mode)
    tensors = tuple(tensors)
    count = len(tensors)
    lock = threading.Lock()
    passes = threading.local()      # this pass's gradients (a pass runs in one thread)

    def flush():
        grads, passes.grads = passes.grads, None
        fn([grads.get(k) for k in range(count)])     # a list, as torch's

    def wait_for(i):
        def hook(grad):
            with lock:
                seen = getattr(passes, "grads", None)
                first = seen is None
                if first:
                    seen = passes.grads = {}
                if mode == "any" and not first:
                    return None
                seen[i] = grad
            if mode == "any":
                _core._queue_callback(lambda: setattr(passes, "grads", None))
                fn(grad)
            elif first:
                _core._queue_callback(flush)
            return None
        return hook
    handles = [t.register_hook(wait_for(i)) for i, t in enumerate(tensors) if isinstance(t, TensorBase)]
    return _MultiHandle(handles)
