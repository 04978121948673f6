"""torch.autograd.Function: custom operations with a user-written backward::

    class Exp(Function):
        @staticmethod
        def forward(ctx, x):
            y = x.exp()
            ctx.save_for_backward(y)
            return y

        @staticmethod
        def backward(ctx, g):
            y, = ctx.saved_tensors
            return g * y

    y = Exp.apply(x)          # y.grad_fn is <ExpBackward>

The forward runs under no_grad; its tensor outputs become outputs of one graph
node (the ``ctx``, a pyautograd._core.Node). The node's op is a small class made
per Function subclass (``<Name>Backward``) whose backward calls the user's
backward and maps its result (one value per forward argument) onto the tensor
inputs, checking it as PyTorch does.
"""
import functools
import inspect
import warnings

from .. import _core
from .._tensor import Tensor
from ..grad_mode import no_grad, is_grad_enabled
from . import forward_ad as _fw
from ..ops._registry import ForwardCtx

__all__ = ["Function", "FunctionCtx", "once_differentiable", "InplaceFunction"]

FunctionCtx = _core.Node   # the ctx object forward/backward receive

_ERR_LEAF_DIRTY = "a leaf Variable that requires grad has been used in an in-place operation."


class _FunctionBackward:
    """Base of the per-Function op classes that graph nodes point to."""
    name = "FunctionBackward"
    _forward_cls = None

    @staticmethod
    def backward(ctx, *grads):
        fcls = ctx.op._forward_cls
        name = ctx.op.name
        n_out, tensor_out_pos = ctx._fn_outputs
        if len(tensor_out_pos) != n_out:
            # non-tensor outputs get None, as in PyTorch
            full = [None] * n_out
            for k, pos in enumerate(tensor_out_pos):
                full[pos] = grads[k]
            grads = tuple(full)
        res = fcls.backward(ctx, *grads)
        if not isinstance(res, tuple):
            res = (res,)
        is_tensor_arg = ctx._fn_tensor_args
        n_args = len(is_tensor_arg)
        if len(res) != n_args:
            if len(res) > n_args and all(r is None for r in res[n_args:]):
                res = res[:n_args]
            else:
                raise RuntimeError("function %s returned an incorrect number of gradients (expected %d, got %d)"
                                   % (name, n_args, len(res)))
        out = []
        for i, r in enumerate(res):
            if is_tensor_arg[i]:
                if r is not None and not isinstance(r, Tensor):
                    raise RuntimeError("expected Variable or None (got %s)" % _typename(r))
                out.append(r)
            elif r is not None:
                raise RuntimeError("function %s returned a gradient different than None at position %d, but the "
                                   "corresponding forward input was not a Variable" % (name, i + 1))
        return tuple(out)


def _typename(obj):
    """The type name PyTorch prints: qualified for extension types (numpy.ndarray), the class
    name for Python classes and builtins."""
    t = type(obj)
    mod = t.__module__
    if mod in ("builtins", "__main__") or not mod or t.__flags__ & (1 << 9):   # Py_TPFLAGS_HEAPTYPE
        return t.__name__
    return mod.split(".")[0] + "." + t.__name__


def _is_setup_context_defined(fn):
    return fn is not Function.setup_context


class Function:
    """Base class of custom autograd operations: a forward and the backward rule for it.

    Subclasses define static ``forward(ctx, *args, **kwargs)`` and
    ``backward(ctx, *grad_outputs)``, or the PyTorch 2 form: ``forward(*args)`` plus
    ``setup_context(ctx, inputs, output)``. Use them through ``Subclass.apply(...)``, which runs
    forward under no_grad and records one graph node (``grad_fn`` ``<SubclassBackward>``) for its
    tensor outputs. In forward, ``ctx.save_for_backward(*tensors)`` keeps tensors for backward
    (read back as ``ctx.saved_tensors``, checked against later in-place changes),
    ``ctx.mark_dirty``, ``ctx.mark_non_differentiable`` and ``ctx.set_materialize_grads`` work
    as in PyTorch; ``ctx.needs_input_grad`` tells backward which inputs need a gradient.
    An optional static ``jvp(ctx, *tangents)`` gives the forward-mode rule.

    Gradient: backward gets one gradient per forward output and returns one per forward argument
    (None for a non-tensor argument or one that needs no gradient).

    Example::

        >>> class Exp(pa.autograd.Function):
        ...     @staticmethod
        ...     def forward(ctx, x):
        ...         y = x.exp()
        ...         ctx.save_for_backward(y)
        ...         return y
        ...
        ...     @staticmethod
        ...     def backward(ctx, grad):
        ...         (y,) = ctx.saved_tensors
        ...         return grad * y
        >>> x = pa.tensor([0.0, 1.0], requires_grad=True)
        >>> y = Exp.apply(x)
        >>> y
        tensor([1.0000, 2.7183], grad_fn=<ExpBackward>)
        >>> y.sum().backward()
        >>> x.grad
        tensor([1.0000, 2.7183])
    """

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        bname = cls.__name__ + "Backward"
        cls._backward_cls = type(bname, (_FunctionBackward,), {"name": bname, "_forward_cls": cls,
                                                                "__module__": cls.__module__})

    def __init__(self, *args, **kwargs):
        warnings.warn(
            "%s should not be instantiated. Methods on autograd functions are all static, so you should invoke "
            "them on the class itself. Instantiating an autograd function will raise an error in a future version "
            "of PyTorch." % type(self), DeprecationWarning, stacklevel=2)

    def __call__(self, *args, **kwargs):
        raise RuntimeError(
            "Legacy autograd function with non-static forward method is deprecated. Please use new-style autograd "
            "function with static forward method. (Example: "
            "https://pytorch.org/docs/stable/autograd.html#torch.autograd.Function)")

    @staticmethod
    def forward(*args, **kwargs):
        raise NotImplementedError("You must implement the forward function for custom autograd.Function.")

    @staticmethod
    def setup_context(ctx, inputs, output):
        raise NotImplementedError("setup_context is not implemented.")

    @staticmethod
    def backward(ctx, *grad_outputs):
        raise NotImplementedError("You must implement either the backward or vjp method for your custom "
                                  "autograd.Function to use it with backward mode AD.")

    vjp = backward

    @staticmethod
    def jvp(ctx, *grad_inputs):
        """The forward-mode rule: one tangent per forward argument (None for a non-tensor one,
        zeros for a tensor without tangent) in, one per output out; ctx.saved_tensors are what
        forward gave ctx.save_for_forward."""
        raise NotImplementedError("You must implement the jvp function for custom autograd.Function to use it "
                                  "with forward mode AD.")

    @classmethod
    def apply(cls, *args, **kwargs):
        """Run forward and record one graph node for its tensor outputs."""
        if cls is Function:
            raise RuntimeError("Function.apply must be called on a subclass of Function")
        setup = _is_setup_context_defined(cls.setup_context)
        if setup:
            bound = inspect.signature(cls.forward).bind(*args, **kwargs)
            bound.apply_defaults()
            args, kwargs = bound.args, bound.kwargs
        return _apply(cls, setup, args, kwargs)


def _apply(cls, setup, args, kwargs):
    ctx = _core._new_node(cls._backward_cls)
    ctx._lazy_saved = True     # as PyTorch: ctx.saved_tensors checks versions when backward reads it
    is_tensor_arg = tuple(isinstance(a, Tensor) for a in args)
    tensor_inputs = tuple(a for a, t in zip(args, is_tensor_arg) if t)
    needs = tuple(t and a.requires_grad for a, t in zip(args, is_tensor_arg))
    ctx.needs_input_grad = needs
    record = is_grad_enabled() and any(needs)
    ctx._active = record
    # forward AD: the outputs' tangents come from the Function's jvp, not from its forward's ops
    fw = _fw._state is not None and any(t and _fw._tangent(a, _fw._current_level) is not None
                                        for a, t in zip(args, is_tensor_arg))
    if len(_fw._states) > 1 and any(t and _fw._tangent(a, k) is not None for a, t in zip(args, is_tensor_arg)
                                    for k in range(_fw._current_level)):
        raise RuntimeError("pyautograd: a custom autograd.Function whose inputs carry tangents of an enclosing jvp "
                           "(a jvp of a jvp, jacfwd(jacfwd(f))) is not supported: its jvp runs at one forward-AD "
                           "level. Use jacfwd(jacrev(f)) or jacrev(jacfwd(f)) instead.")
    if fw:
        in_tangents = [_fw._tangent(a, _fw._current_level) if t else None for a, t in zip(args, is_tensor_arg)]
    prev_fw = _core._fw_set_paused(True) if fw else None
    try:
        with no_grad():
            ctx._defer_pack = True      # saved_tensors_hooks pack once, after forward
            try:
                if setup:
                    outputs = cls.forward(*args, **kwargs)
                    cls.setup_context(ctx, args, outputs)
                else:
                    outputs = cls.forward(ctx, *args, **kwargs)
            finally:
                ctx._defer_pack = False
    finally:
        if fw:
            _core._fw_set_paused(prev_fw)

    is_tuple = isinstance(outputs, tuple)
    outs = list(outputs) if is_tuple else [outputs]
    dirty = ctx._dirty or ()
    dirty_ids = {id(t) for t in dirty}
    input_ids = {id(t) for t in tensor_inputs}
    out_ids = {id(o) for o in outs if isinstance(o, Tensor)}
    for t in dirty:
        if id(t) not in input_ids:
            warnings.warn("ctx.mark_dirty() received a tensor that was not an input. Only input Tensors that have "
                          "been mutated should be passed to ctx.mark_dirty().", UserWarning, stacklevel=3)
        elif id(t) not in out_ids:
            raise RuntimeError("Some elements marked as dirty during the forward method were not returned as "
                               "output. The inputs that are modified inplace must all be outputs of the Function.")
    if record:
        for t in dirty:
            if id(t) in input_ids and t.requires_grad and t.is_leaf:
                raise RuntimeError(_ERR_LEAF_DIRTY)

    # outputs that are (not dirtied) inputs become aliases: the inputs themselves keep
    # their history. A tensor made by forward and returned twice stays one object, the
    # output numbered by its last position (as PyTorch).
    tensor_out_pos = []
    for i, o in enumerate(outs):
        if not isinstance(o, Tensor):
            continue
        if id(o) in input_ids and id(o) not in dirty_ids:
            with no_grad():
                o = o.view_as(o)
            outs[i] = o
        tensor_out_pos.append(i)
    for t in dirty:
        if id(t) in input_ids:
            t._bump_version("a custom Function's forward (ctx.mark_dirty)")

    if record and tensor_out_pos:
        tensor_outputs = tuple(outs[i] for i in tensor_out_pos)
        _core._rebase_outputs(ctx, tensor_inputs, tensor_outputs)
        ctx.needs_input_grad = needs
        ctx._fn_outputs = (len(outs), tuple(tensor_out_pos))
        ctx._fn_tensor_args = is_tensor_arg
        nondiff = {id(t) for t in (ctx._non_differentiable or ())}
        for o in tensor_outputs:
            if id(o) in nondiff:
                o._requires_grad = False
                o._grad_fn = None
                o._output_nr = 0
            elif o._base is not None:
                # a view (or an input returned as-is): PyTorch refuses in-place changes through it
                _core._mark_custom_function_view(o)
        # saved tensors: versions as at the end of forward (as PyTorch, which
        # saves them when forward returns); our own outputs are kept as outputs
        # (data only), so that output -> node -> saved -> output is no cycle
        slots = ctx._saved_slots()
        if slots:
            ctx.save_for_backward(*slots)
            out_nr = {id(o): nr for nr, o in enumerate(tensor_outputs)}
            for slot, t in enumerate(slots):
                if t is not None and id(t) in out_nr and t._grad_fn is ctx:
                    ctx._save_as_output(slot, t, out_nr[id(t)])
    if fw:
        _function_jvp(cls, ctx, args, is_tensor_arg, in_tangents, outs, dirty_ids)
    return tuple(outs) if is_tuple else outs[0]


def _function_jvp(cls, ctx, args, is_tensor_arg, in_tangents, outs, dirty_ids):
    """Run a custom Function's jvp and give its outputs their tangents (PyTorch's checks)."""
    level = _fw._current_level
    tangents = []
    for a, t, tan in zip(args, is_tensor_arg, in_tangents):
        if not t:
            tangents.append(None)
        elif tan is None:
            tangents.append(_fw._zeros_like(a) if a.is_floating_point() or a.is_complex() else None)
        else:
            tangents.append(tan)
    versions = [None if tan is None else tan._version for tan in tangents]
    saved = tuple(None if t is None else (_fw.unpack_dual(t).primal if _fw._tangent(t, level) is not None else t)
                  for t in (getattr(ctx, "saved_for_forward", ()) or ()))
    fctx = ForwardCtx(ctx, saved, None, 0)
    prev = _core._fw_set_paused(True)    # the jvp computes tangents: its ops propagate none
    try:
        res = cls.jvp(fctx, *tangents)
    finally:
        _core._fw_set_paused(prev)
    res = res if isinstance(res, tuple) else (res,)
    if len(res) != len(outs):
        raise RuntimeError("Function's jvp returned an invalid number of forward gradients (expected %d but got %d)"
                           % (len(outs), len(res)))
    by_id = {id(a): k for k, a in enumerate(args) if isinstance(a, Tensor)}
    for i, (o, r) in enumerate(zip(outs, res)):
        if r is not None and not isinstance(r, Tensor):
            raise RuntimeError("expected Variable or None (got %s) for grad output %d." % (_typename(r), i))
        if not isinstance(o, Tensor) or r is None or not (o.is_floating_point() or o.is_complex()):
            continue
        if id(o) in dirty_ids:
            k = by_id[id(o)]
            if r is not tangents[k]:
                if tangents[k] is not None and tangents[k]._version == versions[k]:
                    raise RuntimeError("An inplace custom Function is not modifying the forward mode gradients "
                                       "inplace. If the forward is modifying an input inplace, then the jvp function "
                                       "must modify the corresponding gradient inplace.")
                raise RuntimeError("An inplace custom Function is not returning the forward mode gradients as-is. "
                                   "If the forward is modifying an input inplace, then the jvp function must modify "
                                   "the gradient inplace and return it as-is.")
            continue
        if tuple(r.shape) != tuple(o.shape):
            raise RuntimeError("Trying to set a forward gradient that has a different size than that of the "
                               "original Tensor, this is not supported. Tensor is of size %s while the given forward "
                               "gradient is of size %s." % (_fw._sizes(o), _fw._sizes(r)))
        _fw._set_tangent(o, level, r)


class InplaceFunction(Function):
    """A Function with an ``inplace`` flag (kept for API compatibility with PyTorch).

    A Function that changes an input in place marks it with ``ctx.mark_dirty`` and returns it.

    Example::

        >>> class Double_(pa.autograd.function.InplaceFunction):
        ...     @staticmethod
        ...     def forward(ctx, x):
        ...         ctx.mark_dirty(x)
        ...         return x.mul_(2)
        ...
        ...     @staticmethod
        ...     def backward(ctx, grad):
        ...         return grad * 2
        >>> a = pa.tensor([1.0, 2.0], requires_grad=True)
        >>> b = a * 1
        >>> Double_.apply(b) is b
        True
        >>> b
        tensor([2., 4.], grad_fn=<Double_Backward>)
        >>> b.sum().backward()
        >>> a.grad
        tensor([2., 2.])
    """

    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = inplace


# ------------------------------------------------------- once_differentiable --
class _DelayedError:
    """Node standing for a backward that must not be differentiated again."""
    name = "Error"
    msg = "trying to differentiate twice a function that was marked with @once_differentiable"

    @staticmethod
    def forward(ctx, *tensors):
        return tuple(t._data for t in tensors)

    @staticmethod
    def backward(ctx, *grads):
        raise RuntimeError(_DelayedError.msg)


def once_differentiable(fn):
    """Decorate a Function's backward that is not itself differentiable.

    The backward runs under no_grad; when a graph is being built (create_graph) and its incoming
    gradients require grad, its results get a node that raises PyTorch's error if differentiated.

    Example::

        >>> class Cube(pa.autograd.Function):
        ...     @staticmethod
        ...     def forward(ctx, x):
        ...         ctx.save_for_backward(x)
        ...         return x ** 3
        ...
        ...     @staticmethod
        ...     @pa.autograd.once_differentiable
        ...     def backward(ctx, grad):
        ...         (x,) = ctx.saved_tensors
        ...         return grad * 3 * x ** 2
        >>> x = pa.tensor([2.0], requires_grad=True)
        >>> (g,) = pa.autograd.grad(Cube.apply(x) * x, x, create_graph=True)
        >>> g
        tensor([32.], grad_fn=<AddBackward0>)
        >>> g.backward()
        Traceback (most recent call last):
            ...
        RuntimeError: trying to differentiate twice a function that was marked with @once_differentiable
    """
    @functools.wraps(fn)
    def wrapper(ctx, *args):
        with no_grad():
            outputs = fn(ctx, *args)
        if not is_grad_enabled():
            return outputs
        if not any(isinstance(a, Tensor) and a.requires_grad for a in args):
            return outputs
        single = not isinstance(outputs, tuple)
        outs = (outputs,) if single else outputs
        pos = [i for i, o in enumerate(outs) if isinstance(o, Tensor)]
        if not pos:
            return outputs
        fakes = []
        for i in pos:
            v = outs[i].detach()
            v._requires_grad = v.is_floating_point() or v.is_complex()
            fakes.append(v)
        errs = _core.apply_op(_DelayedError, tuple(fakes))
        res = list(outs)
        for k, i in enumerate(pos):
            res[i] = errs[k]
        return res[0] if single else tuple(res)
    return wrapper
