"""torch.utils.checkpoint: activation checkpointing (trade compute for memory), PyTorch 2.13's API.

Usage::

    y = checkpoint(block, x, use_reentrant=False)     # block's activations are not kept
    y = checkpoint_sequential(model, segments, x, use_reentrant=False)

use_reentrant not passed: PyTorch 2.13 warns (its UserWarning text) and uses the reentrant variant.

use_reentrant=True (CheckpointFunction, written as PyTorch's): a custom autograd.Function whose
forward runs the function under no_grad and saves its tensor inputs; its backward restores the
RNG state of the forward (preserve_rng_state), reruns the function with grad enabled on detached
inputs and runs a nested backward() through that recomputed graph, so parameters used inside get
their .grad from the nested pass. As in PyTorch it works with backward() only (autograd.grad or
backward(inputs=...) raise PyTorch's RuntimeError) and takes no keyword arguments.

use_reentrant=False: PyTorch keeps the recorded graph and replaces its saved tensors with
placeholders through saved-tensor hooks (recomputing them on unpack). pyautograd has no
saved-tensor hooks (and many of its rules keep arrays as ctx attributes), so the same gradients
come another way:

1. the function runs with grad enabled on detached copies of its tensor arguments;
2. its graph is walked from the outputs: the nodes made during the call are the checkpoint's
   own; every edge leaving them ends at a tensor argument (its detached copy), a leaf the
   function captured (a closure's tensor, a Module's parameter) or a non-leaf it captured;
3. those graph pieces are dropped (the activations are freed when the call returns), and the
   outputs become outputs of one node, ``CheckpointBackward``, whose edges go to the arguments
   and to every captured tensor found in 2 (so gradients reach them, autograd.grad works, an
   argument that does not require grad is fine);
4. its backward restores the forward's RNG state, reruns the function with grad enabled on
   fresh detached copies and takes autograd.grad of the recomputed outputs with respect to the
   copies and the captured tensors (their tensor hooks are held back during that inner pass, so
   they run once, in the outer pass); determinism_check="default" first compares the shapes and
   dtypes of the tensors the recomputation made (one per input of each recorded node) with the
   forward's and raises PyTorch's CheckpointError texts.

Differences from PyTorch: the outputs' grad_fn is CheckpointBackward (PyTorch: the last op's
node); the activations of one call exist while it runs (PyTorch never saves them), which is the
size of the recomputation's own peak in backward; the determinism check counts node inputs, not
saved tensors, so its positions and counts differ from PyTorch's; debug=True lists the recorded
nodes' names (no stack traces). With create_graph=True the backward recomputes on the arguments
themselves (not detached copies), so the gradients are differentiable; an argument whose history
leads to another tensor the function uses is refused there (RuntimeError). A captured non-leaf
tensor whose history reaches another tensor the function uses (h = w * 2 used next to w) cannot
be cut without saved-tensor hooks: such a call keeps its graph (it runs again on the original
arguments, nothing is saved). early_stop is accepted; the recomputation always runs in full.
The recomputation's inner pass is an autograd.grad, so a use_reentrant=True checkpoint nested
inside a use_reentrant=False one raises PyTorch's reentrant error.
"""
import contextlib
import warnings

import numpy as np

from .. import _core, _random
from .._backward import _is_checkpoint_valid, backward as _backward, grad as _grad
from .._convert import Size
from .._device import device as _device
from .._dtype import _dtype_from_numpy
from .._tensor import Tensor
from ..autograd.function import Function
from ..func._pytree import tree_flatten, tree_unflatten
from ..grad_mode import enable_grad, is_grad_enabled, no_grad
from ..nn.modules import Sequential

__all__ = ["checkpoint", "checkpoint_sequential", "CheckpointError", "CheckpointFunction",
           "check_backward_validity", "detach_variable", "noop_context_fn", "set_checkpoint_debug_enabled"]

_DEFAULT_DETERMINISM_MODE = "default"
_checkpoint_debug_enabled = None

_ERR_REENTRANT_GRAD = ("When use_reentrant=True, torch.utils.checkpoint is incompatible with .grad() or passing an "
                       "`inputs` parameter to .backward(). To resolve this error, you can either set "
                       "use_reentrant=False, or call .backward() without passing the `inputs` argument.")

_debug_tip_msg = """
Tip: To see a more detailed error message, either pass `debug=True` to
`torch.utils.checkpoint.checkpoint(...)` or wrap the code block
with `with torch.utils.checkpoint.set_checkpoint_debug_enabled(True):` to
enable checkpoint\u2011debug mode globally.

If this error occurs under torch.compile with automatic_dynamic_shapes enabled,
it may be because the recomputation selected a different compiled graph than the
forward pass (e.g., a dynamic graph instead of the original static graph).
To fix this, either:
  - Use torch._dynamo.mark_dynamic() to explicitly mark varying dimensions as
    dynamic upfront, avoiding the static-to-dynamic transition.
  - Call torch._C._dynamo.eval_frame._set_lru_cache(False) to disable LRU cache
    reordering, which can change which graph is checked first between forward
    and recompute.
See https://github.com/pytorch/pytorch/issues/166926 for more details and
workaround examples.
"""


class CheckpointError(RuntimeError):
    """The error a non-reentrant checkpoint raises when its recomputation differs from the forward.

    determinism_check="default" compares the shapes and dtypes of the tensors the recomputation
    makes with the forward's; a mismatch (a function that is not deterministic in what it computes,
    e.g. one branching on a global) raises this RuntimeError subclass with PyTorch's texts.

    Example::

        >>> from pyautograd.utils.checkpoint import CheckpointError
        >>> issubclass(CheckpointError, RuntimeError)
        True
    """


@contextlib.contextmanager
def set_checkpoint_debug_enabled(enabled):
    """A context manager overriding the ``debug`` flag of every non-reentrant ``checkpoint`` inside it.

    ``enabled``: True or False forces the flag; None defers to each call's ``debug`` argument. With
    debug on, a determinism-check ``CheckpointError`` also lists the operations of the forward and
    of the recomputation. The previous setting is restored on exit.

    Example::

        >>> from pyautograd.utils.checkpoint import checkpoint, set_checkpoint_debug_enabled
        >>> x = pa.tensor([1.0, 2.0], requires_grad=True)
        >>> with set_checkpoint_debug_enabled(True):
        ...     y = checkpoint(lambda t: t * 2, x, use_reentrant=False)
        >>> y
        tensor([2., 4.], grad_fn=<CheckpointBackward>)
    """
    global _checkpoint_debug_enabled
    prev = _checkpoint_debug_enabled
    _checkpoint_debug_enabled = enabled
    try:
        yield
    finally:
        _checkpoint_debug_enabled = prev


def noop_context_fn():
    """The default context_fn of checkpoint: two contexts that do nothing (contextlib.nullcontext()).

    A context_fn returns (the context the forward runs in, the context the recomputation runs in).

    Example::

        >>> from pyautograd.utils.checkpoint import noop_context_fn
        >>> forward_ctx, recompute_ctx = noop_context_fn()
        >>> with forward_ctx:
        ...     pass
    """
    return contextlib.nullcontext(), contextlib.nullcontext()


def detach_variable(inputs):
    """Detached copies of the tensors in the tuple inputs, keeping their requires_grad (other items as they are).

    What the reentrant checkpoint reruns its function on: new leaves sharing the inputs' data. A
    non-tuple raises RuntimeError.

    Example::

        >>> from pyautograd.utils.checkpoint import detach_variable
        >>> x = pa.tensor([1.0, 2.0], requires_grad=True)
        >>> y, n = detach_variable((x * 2, 3))
        >>> y, y.is_leaf, n
        (tensor([2., 4.], requires_grad=True), True, 3)
    """
    if isinstance(inputs, tuple):
        out = []
        for inp in inputs:
            if not isinstance(inp, Tensor):
                out.append(inp)
                continue
            x = inp.detach()
            x.requires_grad = inp.requires_grad
            out.append(x)
        return tuple(out)
    raise RuntimeError("Only tuple of tensors is supported. Got Unsupported input type: " + type(inputs).__name__)


def check_backward_validity(inputs):
    """Warn (UserWarning) when none of the tensors in inputs requires grad: a checkpoint of them gets no gradients.

    The reentrant checkpoint calls it on its arguments: their gradients would all be None.

    Example::

        >>> from pyautograd.utils.checkpoint import check_backward_validity
        >>> check_backward_validity((pa.tensor([1.0], requires_grad=True), 2))
    """
    if not any(inp.requires_grad for inp in inputs if isinstance(inp, Tensor)):
        warnings.warn("None of the inputs have requires_grad=True. Gradients will be None", stacklevel=2)


# ---- the CPU generator's state (PyTorch's includes the cached second normal of a Box-Muller pair)

def _rng_state():
    g = _random.default_generator
    return g.get_state(), g._next_normal


def _set_rng(state):
    g = _random.default_generator
    g.set_state(state[0])
    g._next_normal = state[1]


@contextlib.contextmanager
def _fork_rng(state):
    """Run with the generator at `state` (None: as it is), then put back the surrounding state."""
    if state is None:
        yield
        return
    outer = _rng_state()
    _set_rng(state)
    try:
        yield
    finally:
        _set_rng(outer)


# ---- use_reentrant=True ------------------------------------------------------------------------

class CheckpointFunction(Function):
    """The autograd Function of the reentrant checkpoint (use_reentrant=True), as PyTorch's.

    ``apply(run_function, preserve_rng_state, *args)``: forward runs ``run_function(*args)`` under no_grad
    and saves the tensor arguments (and the RNG state when preserve_rng_state); backward restores
    that state, reruns the function with grad enabled on detached copies and runs a nested
    backward() through the recomputed graph. It works with backward() only (autograd.grad raises).

    Gradient: that of run_function, recomputed, for the tensor arguments (parameters used inside get
    their .grad from the nested pass).

    Example::

        >>> from pyautograd.utils.checkpoint import CheckpointFunction
        >>> x = pa.tensor([1.0, 2.0], requires_grad=True)
        >>> CheckpointFunction.apply(lambda t: t * t, True, x).sum().backward()
        >>> x.grad
        tensor([2., 4.])
    """
    @staticmethod
    def forward(ctx, run_function, preserve_rng_state, *args):
        """Run ``run_function(*args)`` under no_grad, saving the tensor arguments (and the RNG state)."""
        check_backward_validity(args)
        ctx.run_function = run_function
        ctx.preserve_rng_state = preserve_rng_state
        ctx.fwd_cpu_state = _rng_state() if preserve_rng_state else None
        ctx.inputs = []
        ctx.tensor_indices = []
        tensor_inputs = []
        for i, arg in enumerate(args):
            if isinstance(arg, Tensor):
                tensor_inputs.append(arg)
                ctx.tensor_indices.append(i)
                ctx.inputs.append(None)
            else:
                ctx.inputs.append(arg)
        ctx.save_for_backward(*tensor_inputs)
        with no_grad():
            outputs = run_function(*args)
        return outputs

    @staticmethod
    def backward(ctx, *args):
        """Recompute the function with grad enabled and backpropagate the output gradients through it."""
        if not _is_checkpoint_valid():
            raise RuntimeError(_ERR_REENTRANT_GRAD)
        inputs = list(ctx.inputs)
        tensors = ctx.saved_tensors
        for i, idx in enumerate(ctx.tensor_indices):
            inputs[idx] = tensors[i]
        with _fork_rng(ctx.fwd_cpu_state):
            detached_inputs = detach_variable(tuple(inputs))
            with enable_grad():
                outputs = ctx.run_function(*detached_inputs)
        if isinstance(outputs, Tensor):
            outputs = (outputs,)
        outputs_with_grad = []
        args_with_grad = []
        for i in range(len(outputs)):
            if isinstance(outputs[i], Tensor) and outputs[i].requires_grad:
                outputs_with_grad.append(outputs[i])
                args_with_grad.append(args[i])
        if len(outputs_with_grad) == 0:
            raise RuntimeError("none of output has requires_grad=True, this checkpoint() is not necessary")
        _backward(outputs_with_grad, args_with_grad)
        grads = tuple(inp.grad if isinstance(inp, Tensor) else None for inp in detached_inputs)
        return (None, None) + grads


# ---- use_reentrant=False -----------------------------------------------------------------------

_allowed_determinism_checks = ("default", "none")


def _next_seq():
    """A sequence number no node made before now exceeds: nodes with a larger one are new."""
    probe = _core._make_tensor(np.zeros(()), True)
    with enable_grad():
        return (probe * 1.0).grad_fn.seq


def _detached_args(args):
    """Detached copies of the tensor arguments (requires_grad as the original), and {id: position}."""
    det = list(args)
    where = {}
    for i, a in enumerate(args):
        if isinstance(a, Tensor):
            d = a.detach()
            if a.requires_grad:
                d.requires_grad = True
            det[i] = d
            where[id(d)] = i
    return det, where


def _own_graph(roots, start):
    """The nodes recorded since sequence number `start` reachable from `roots` (by seq) and the
    edges leaving them [(node, output_nr, (shape, dtype))], each once, in the order found."""
    own, seen, boundary, bseen = [], set(), [], set()
    stack = [r for r in roots]
    for r in roots:
        seen.add(id(r))
    while stack:
        node = stack.pop()
        own.append(node)
        for (nxt, nr), meta in zip(node.next_functions, node.input_meta):
            if nxt is None:
                continue
            if type(nxt) is not _core.AccumulateGrad and nxt.seq > start:
                if id(nxt) not in seen:
                    seen.add(id(nxt))
                    stack.append(nxt)
            elif (id(nxt), nr) not in bseen:
                bseen.add((id(nxt), nr))
                boundary.append((nxt, nr, meta))
    own.sort(key=lambda n: n.seq)
    return own, boundary


def _metadata(own):
    return [(tuple(shape), dt) for n in own for shape, dt in n.input_meta]


def _meta_str(meta):
    shape, dt = meta
    return "{'shape': %r, 'dtype': %r, 'device': %r}" % (Size(shape), _dtype_from_numpy(dt), _device("cpu"))


def _reaches(starts, targets):
    """Whether a node in `targets` (ids) is reachable from the nodes `starts` through their edges."""
    stack = []
    seen = set()
    for s in starts:
        for nxt, _ in s.next_functions:
            if nxt is not None and id(nxt) not in seen:
                seen.add(id(nxt))
                stack.append(nxt)
    while stack:
        node = stack.pop()
        if id(node) in targets:
            return True
        for nxt, _ in node.next_functions:
            if nxt is not None and id(nxt) not in seen:
                seen.add(id(nxt))
                stack.append(nxt)
    return False


@contextlib.contextmanager
def _hooks_held(nodes):
    """The tensor hooks (and retain_grad) of the captured tensors' nodes do not run in the inner
    pass: they run when the outer pass reaches them."""
    held = []
    for node in nodes:
        var = node.variable if type(node) is _core.AccumulateGrad else None
        entries = [e for e in (node._pre_hooks or ()) if e[0] >= 0]
        vhooks = var._hooks if var is not None else None
        if var is not None and vhooks:
            var._hooks = None
        for e in entries:
            node._pre_hooks.remove(e)
        held.append((node, var, vhooks, entries))
    try:
        yield
    finally:
        for node, var, vhooks, entries in held:
            if vhooks:
                var._hooks = vhooks
            if entries:
                node._pre_hooks[:0] = entries


class _Frame:
    """What a non-reentrant checkpoint's backward needs to recompute (no activations)."""

    def __init__(self, fn, args, kwargs, rng, recompute_context, check, debug, meta, names, out_pos, kinds):
        self.fn, self.args, self.kwargs, self.rng = fn, args, kwargs, rng
        self.recompute_context = recompute_context
        self.check, self.debug, self.meta, self.names = check, debug, meta, names
        self.out_pos = out_pos          # positions of the flattened outputs this node gives
        self.kinds = kinds              # per edge: ("arg", i) | ("leaf", None) | ("node", None)
        self.out_values = None

    def _check(self, own):
        if not self.check:
            return
        meta = _metadata(own)
        if len(meta) != len(self.meta):
            self._raise("torch.utils.checkpoint: A different number of tensors was saved during the original "
                        "forward and recomputation.\nNumber of tensors saved during forward: %d\nNumber of "
                        "tensors saved during recomputation: %d.\n%s" % (len(self.meta), len(meta), _debug_tip_msg),
                        own)
        bad = ""
        for i, (a, b) in enumerate(zip(self.meta, meta)):
            if a != b:
                bad += "tensor at position %d:\nsaved metadata: %s\nrecomputed metadata: %s\n" % (
                    i, _meta_str(a), _meta_str(b))
        if bad:
            self._raise("torch.utils.checkpoint: Recomputed values for the following tensors have different "
                        "metadata than during the forward pass.\n%s.\n%s" % (bad, _debug_tip_msg), own)

    def _raise(self, msg, own):
        if not self.debug:
            raise CheckpointError(msg)
        raise CheckpointError(
            "An error happened while unpacking tensors; dumping logs of latest computation\nbecause you passed "
            "`debug=True` to `torch.utils.checkpoint.checkpoint()`.\n\nOperations executed during the original "
            "forward:\n\n%s\n\nOperations executed during recomputation:\n\n%s\n\n ERROR: Detected "
            "non-determinism while running activation checkpointing\n\n%s"
            % ("\n".join(self.names), "\n".join(n.name() for n in own), msg))

    def backward(self, edges, grads):
        create_graph = is_grad_enabled()
        if create_graph:
            det = self._differentiable_args(edges)
        else:
            det, _ = _detached_args(self.args)
        start = _next_seq()
        with _fork_rng(self.rng), enable_grad(), self.recompute_context:
            out = self.fn(*det, **self.kwargs)
        leaves, _ = tree_flatten(out)
        roots, root_grads = [], []
        for p, g in zip(self.out_pos, grads):
            o = leaves[p] if p < len(leaves) else None
            if isinstance(o, Tensor) and o.requires_grad and g is not None:
                roots.append(o)
                root_grads.append(g)
        if self.check:
            own, _ = _own_graph([o.grad_fn for o in roots if o.grad_fn is not None and o.grad_fn.seq > start],
                                start)
            self._check(own)
            own = None
        inputs, at, seen = [], [], set()
        for k, ((kind, i), e) in enumerate(zip(self.kinds, edges)):
            t = det[i] if kind == "arg" else e
            if t.requires_grad and id(t) not in seen:     # an argument passed twice gets its gradient once
                seen.add(id(t))
                inputs.append(t)
                at.append(k)
        res = [None] * len(edges)
        if roots and inputs:
            held = [e._grad_edge()[0] for e in (edges if create_graph else
                                                 [e for (kind, _), e in zip(self.kinds, edges) if kind != "arg"])]
            with _hooks_held(held):
                got = _grad(roots, inputs, root_grads, allow_unused=True, create_graph=create_graph)
            for k, g in zip(at, got):
                res[k] = g
        return tuple(res)

    def _differentiable_args(self, edges):
        """create_graph=True: the recomputation runs on the arguments themselves, so the
        gradients it returns are differentiable with respect to them; that needs no argument's
        history to lead to another tensor the node's gradients go to."""
        nodes = [e._grad_edge()[0] for e in edges]
        if _reaches([n for n, (kind, _) in zip(nodes, self.kinds) if kind == "arg"], {id(n) for n in nodes}):
            raise RuntimeError("pyautograd: create_graph=True through a checkpoint with use_reentrant=False needs "
                               "arguments whose history does not lead to the other tensors the function uses "
                               "(pyautograd has no saved-tensor hooks); call the function without checkpoint")
        return list(self.args)


class Checkpoint(Function):
    """The node of a non-reentrant checkpoint: edges to the arguments and the captured tensors."""

    @staticmethod
    def forward(ctx, frame, *edges):
        ctx.frame = frame
        ctx.edges = edges
        values = frame.out_values
        frame.out_values = None
        return tuple(_core._make_tensor(v) for v in values)

    @staticmethod
    def backward(ctx, *grads):
        return (None,) + ctx.frame.backward(ctx.edges, grads)


def _checkpoint_without_reentrant(fn, preserve, context_fn, determinism_check, debug, args, kwargs):
    if _checkpoint_debug_enabled if _checkpoint_debug_enabled is not None else debug:
        if context_fn is not noop_context_fn:
            raise ValueError("debug=True is incompatible with non-default context_fn")
        debug = True
    else:
        debug = False
    if determinism_check not in _allowed_determinism_checks:
        raise ValueError("determinism_check should be one of %s, but got %s"
                         % (list(_allowed_determinism_checks), determinism_check))
    forward_context, recompute_context = context_fn()
    rng = _rng_state() if preserve else None
    if not is_grad_enabled():
        return fn(*args, **kwargs)

    det, det_pos = _detached_args(args)
    start = _next_seq()
    with forward_context:
        out = fn(*det, **kwargs)
    leaves, spec = tree_flatten(out)
    out_pos = []
    for k, o in enumerate(leaves):
        if not isinstance(o, Tensor):
            continue
        if id(o) in det_pos:
            leaves[k] = args[det_pos[id(o)]]      # an argument returned as it is
            continue
        gf = o.grad_fn
        if gf is not None and gf.seq > start:
            out_pos.append(k)
    if not out_pos:
        return tree_unflatten(leaves, spec)
    own, boundary = _own_graph(list({id(leaves[k].grad_fn): leaves[k].grad_fn for k in out_pos}.values()), start)

    kinds, edges, interior = [], [], []
    for node, nr, meta in boundary:
        if type(node) is _core.AccumulateGrad:
            var = node.variable
            if id(var) in det_pos:
                i = det_pos[id(var)]
                kinds.append(("arg", i))
                edges.append(args[i])
            else:
                kinds.append(("leaf", None))
                edges.append(var)
        else:
            proxy = _core._make_tensor(np.broadcast_to(np.zeros((), dtype=meta[1]), meta[0]))
            proxy._requires_grad = True
            proxy._grad_fn = node
            proxy._output_nr = nr
            kinds.append(("node", None))
            edges.append(proxy)
            interior.append(node)
    if interior:
        targets = {id(n) for n, _, _ in boundary if not (type(n) is _core.AccumulateGrad and id(n.variable) in det_pos)}
        if _reaches(interior, targets):
            # a captured non-leaf leads to another captured tensor: keep the graph (see the docstring)
            own = boundary = leaves = out = None
            with _fork_rng(rng):
                return fn(*args, **kwargs)

    frame = _Frame(fn, args, kwargs, rng, recompute_context, determinism_check == "default", debug,
                   _metadata(own) if determinism_check == "default" else None,
                   [n.name() for n in own] if debug else None, out_pos, kinds)
    frame.out_values = [leaves[k]._data for k in out_pos]
    own = boundary = out = None
    outs = _apply_checkpoint(frame, edges)
    for k, o in zip(out_pos, outs):
        leaves[k] = o
    return tree_unflatten(leaves, spec)


def _apply_checkpoint(frame, edges):
    with enable_grad():
        res = Checkpoint.apply(frame, *edges)
    return res if isinstance(res, tuple) else (res,)


def checkpoint(function, *args, use_reentrant=None, context_fn=noop_context_fn, determinism_check=_DEFAULT_DETERMINISM_MODE,
               debug=False, early_stop=True, **kwargs):
    """Runs ``function(*args, **kwargs)`` without keeping its activations; the backward pass recomputes them.

    Activation checkpointing trades compute for memory: the output is the function's, and in
    backward the function runs again (with the forward's RNG state when ``preserve_rng_state=True``,
    the default) to get the intermediate values its gradient needs. ``use_reentrant`` chooses the
    variant (see the module docstring); not passing it warns, as PyTorch 2.13 does, and uses the
    reentrant one. ``use_reentrant=False`` is recommended: it supports keyword arguments,
    ``autograd.grad``, inputs that do not require grad, ``context_fn``, ``determinism_check``
    (``"default"`` or ``"none"``) and ``debug``.

    Gradient: the same as that of ``function(*args, **kwargs)`` called directly, for the tensor
    arguments and the tensors the function uses (a module's parameters, say).

    Example::

        >>> from pyautograd.utils.checkpoint import checkpoint
        >>> x = pa.tensor([1.0, 2.0], requires_grad=True)
        >>> y = checkpoint(lambda t: (t.sin() * t).sum(), x, use_reentrant=False)
        >>> y
        tensor(2.6601, grad_fn=<CheckpointBackward>)
        >>> y.backward()
        >>> x.grad                             # sin(x) + x * cos(x)
        tensor([1.3818, 0.0770])
    """
    if use_reentrant is None:
        warnings.warn(
            "torch.utils.checkpoint: the use_reentrant parameter should be passed explicitly. Starting in PyTorch "
            "2.9, calling checkpoint without use_reentrant will raise an exception. use_reentrant=False is "
            "recommended, but if you need to preserve the current default behavior, you can pass "
            "use_reentrant=True. Refer to docs for more details on the differences between the two variants.",
            stacklevel=2)
        use_reentrant = True
    preserve = kwargs.pop("preserve_rng_state", True)
    if kwargs and use_reentrant:
        raise ValueError("Unexpected keyword arguments: " + ",".join(arg for arg in kwargs))
    if use_reentrant:
        if context_fn is not noop_context_fn or debug is not False:
            raise ValueError("Passing `context_fn` or `debug` is only supported when use_reentrant=False.")
        return CheckpointFunction.apply(function, preserve, *args)
    return _checkpoint_without_reentrant(function, preserve, context_fn, determinism_check, debug, args, kwargs)


def checkpoint_sequential(functions, segments, input, use_reentrant=None, **kwargs):
    """Runs a ``Sequential`` (or a list of modules or functions) in ``segments`` chunks, checkpointing all but the last.

    ``checkpoint_sequential(functions, segments, input, use_reentrant=None, **kwargs)``: each of the
    first ``segments - 1`` chunks of ``len(functions) // segments`` functions runs under
    ``checkpoint`` (its activations are recomputed in backward), the rest runs normally. The only
    keyword argument accepted is ``preserve_rng_state``.

    Gradient: the same as running the functions one after another.

    Example::

        >>> from pyautograd.utils.checkpoint import checkpoint_sequential
        >>> model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 4), nn.ReLU(), nn.Linear(4, 2))
        >>> x = pa.randn(5, 3, requires_grad=True)
        >>> out = checkpoint_sequential(model, 2, x, use_reentrant=False)
        >>> out.shape
        torch.Size([5, 2])
        >>> out.sum().backward()
        >>> model[0].weight.grad.shape
        torch.Size([4, 3])
    """
    if use_reentrant is None:
        warnings.warn(
            "torch.utils.checkpoint.checkpoint_sequential: the use_reentrant parameter should be passed "
            "explicitly. In version 2.9 we will raise an exception if use_reentrant is not passed. "
            "use_reentrant=False is recommended, but if you need to preserve the current default behavior, you "
            "can pass use_reentrant=True. Refer to docs for more details on the differences between the two "
            "variants.", stacklevel=2)
        use_reentrant = True
    preserve = kwargs.pop("preserve_rng_state", True)
    if kwargs:
        raise ValueError("Unexpected keyword arguments: " + ",".join(arg for arg in kwargs))

    def run_function(start, end, functions):
        def forward(input):
            for j in range(start, end + 1):
                input = functions[j](input)
            return input
        return forward

    if isinstance(functions, Sequential):
        functions = list(functions.children())
    segment_size = len(functions) // segments
    end = -1
    for start in range(0, segment_size * (segments - 1), segment_size):
        end = start + segment_size - 1
        input = checkpoint(run_function(start, end, functions), input, use_reentrant=use_reentrant,
                           preserve_rng_state=preserve)
    return run_function(end + 1, len(functions) - 1, functions)(input)
