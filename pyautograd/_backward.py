"""torch.autograd.backward and torch.autograd.grad: PyTorch's checks of their arguments (the
implicit gradient of a scalar output, gradient shapes and dtypes, `inputs`) in front of the core
engine's run_backward.

Below the Tensor class: Tensor.backward and pyautograd.autograd (which re-exports both) call
these. Tensors are recognised as the core's TensorBase, which every tensor is."""
import warnings
from collections.abc import Mapping

import numpy as np

from ._core import TensorBase, _make_tensor, run_backward

__all__ = ["backward", "grad"]


def _as_tuple(x):
    if x is None:
        return None
    if isinstance(x, TensorBase):
        return (x,)
    return tuple(x)


def _is_edge(x):
    """An autograd.graph.GradientEdge (node, output_nr) given where a tensor may be."""
    return isinstance(x, tuple) and hasattr(x, "_fields") and getattr(x, "_fields", None) == ("node", "output_nr")


def _inputs_tuple(inputs, fname):
    """`inputs` of grad()/backward() as PyTorch reads it: a tensor, a dict (its values), or any
    iterable; other mappings are refused."""
    if isinstance(inputs, TensorBase) or _is_edge(inputs):
        return (inputs,)
    if type(inputs) is dict:
        return tuple(inputs.values())
    if isinstance(inputs, Mapping):
        raise TypeError("`inputs` argument to `%s()` must be a dict, not %s. Other Mapping types are not "
                        "supported." % (fname, type(inputs).__name__))
    return tuple(inputs)


def _make_grads(outputs, grads, is_grads_batched=False):
    """PyTorch's _make_grads: check given output gradients, create implicit ones."""
    new = []
    for i, (out, g) in enumerate(zip(outputs, grads)):
        if not isinstance(out, TensorBase):
            raise AssertionError("Expected output to be a torch.Tensor")
        if g is None:
            if out.requires_grad:
                if out.numel() != 1:
                    raise RuntimeError("grad can be implicitly created only for scalar outputs")
                if not out.is_floating_point():
                    raise RuntimeError("grad can be implicitly created only for real scalar outputs but got "
                                       + repr(out.dtype))
                new.append(_make_tensor(np.ones(out._data.shape, dtype=out._data.dtype)))
            else:
                new.append(None)
            continue
        if not isinstance(g, TensorBase):
            raise TypeError("gradients can be either Tensors or None, but got " + type(g).__name__)
        gshape = g.shape[1:] if is_grads_batched else g.shape
        if gshape != out.shape:
            if is_grads_batched:
                raise RuntimeError(
                    "If `is_grads_batched=True`, we interpret the first dimension of each grad_output as the "
                    "batch dimension. The sizes of the remaining dimensions are expected to match the shape "
                    "of corresponding output, but a mismatch was detected: grad_output[%d] has a shape of %s "
                    "and output[%d] has a shape of %s." % (i, gshape, i, out.shape))
            raise RuntimeError("Mismatch in shape: grad_output[%d] has a shape of %s and output[%d] has a shape "
                               "of %s." % (i, g.shape, i, out.shape))
        if out.is_complex() != g.is_complex():
            raise RuntimeError("For complex Tensors, both grad_output and output are required to have the same "
                               "dtype. Mismatch in dtype: grad_output[%d] has a dtype of %r and output[%d] has a "
                               "dtype of %r." % (i, g.dtype, i, out.dtype))
        if g.dtype != out.dtype:
            g = g.to(out.dtype)
        new.append(g)
    return tuple(new)


def _output_grads(outputs, grads, is_grads_batched=False):
    """The gradients of `outputs` as given to backward()/grad() (None, a tensor or a sequence),
    checked and completed by _make_grads."""
    if grads is None:
        grads = (None,) * len(outputs)
    else:
        grads = _as_tuple(grads)
    if len(grads) < len(outputs):
        raise RuntimeError("got %d tensors and %d gradients" % (len(outputs), len(grads)))
    grads = grads[:len(outputs)]  # extra gradients are ignored, as in PyTorch
    return _make_grads(outputs, grads, is_grads_batched)


def backward(tensors, grad_tensors=None, retain_graph=None, create_graph=False, grad_variables=None,
             inputs=None):
    """Compute the sum of gradients of ``tensors`` w.r.t. the graph leaves, accumulated into their ``.grad``.

    Args:
        tensors: a tensor or a sequence of tensors to differentiate.
        grad_tensors: the gradient w.r.t. each of ``tensors`` (the "vector" of the vector-Jacobian
            product); may be None for a scalar tensor, which takes 1.
        retain_graph: keep the graph's saved tensors for another backward (defaults to
            ``create_graph``).
        create_graph: record the backward pass itself, so the gradients can be differentiated again.
        inputs: if given, only these tensors accumulate gradients (the rest of the leaves are left alone).

    Equivalent to ``tensors.backward(grad_tensors)`` for a single tensor. Returns None.

    Example::

        >>> x = pa.tensor([1.0, 2.0], requires_grad=True)
        >>> pa.autograd.backward((x * x).sum())
        >>> x.grad
        tensor([2., 4.])
        >>> pa.autograd.backward([x * 2], [pa.tensor([1.0, 0.5])])
        >>> x.grad
        tensor([4., 5.])
    """
    if grad_variables is not None:
        grad_tensors = grad_variables
    if inputs is not None:
        inputs = _inputs_tuple(inputs, "backward")
        if len(inputs) == 0:
            raise RuntimeError("`inputs` argument to `backward()` cannot be empty.")
    tensors = (tensors,) if isinstance(tensors, TensorBase) else tuple(tensors)
    grads = _output_grads(tensors, grad_tensors)
    if retain_graph is None:
        retain_graph = create_graph
    _check_roots(tensors)
    if create_graph:
        _warn_create_graph_once()
    _checkpoint_valid.append(inputs is None)
    try:
        run_backward(tensors, grads, bool(retain_graph), bool(create_graph), inputs, False, True)
    finally:
        _checkpoint_valid.pop()


# Whether the running pass lets a reentrant checkpoint run its nested backward (torch's
# _is_checkpoint_valid): a plain backward() does, autograd.grad and backward(inputs=...) do not.
_checkpoint_valid = []


def _is_checkpoint_valid():
    return _checkpoint_valid[-1] if _checkpoint_valid else True


_create_graph_warned = []


def _warn_create_graph_once():
    if not _create_graph_warned:
        _create_graph_warned.append(True)
        warnings.warn(
            "Using backward() with create_graph=True will create a reference cycle between the parameter and "
            "its gradient which can cause a memory leak. We recommend using autograd.grad when creating the "
            "graph to avoid this. If you have to use this function, make sure to reset the .grad fields of "
            "your parameters to None after use to break the cycle and avoid the leak.", UserWarning, stacklevel=3)


def _check_roots(outputs):
    for i, t in enumerate(outputs):
        if not t.requires_grad:
            raise RuntimeError("element %d of tensors does not require grad and does not have a grad_fn" % i)


def grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False, only_inputs=True,
         allow_unused=None, is_grads_batched=False, materialize_grads=False):
    """The gradients of ``outputs`` w.r.t. ``inputs``, returned as a tuple (``.grad`` is not touched).

    Args:
        outputs: a tensor or a sequence of tensors to differentiate.
        inputs: a tensor, a sequence of tensors (or gradient edges) or a dict of them; the result
            has one gradient per input (a dict with the same keys for a dict).
        grad_outputs: the gradient w.r.t. each output (None: 1 for scalar outputs).
        retain_graph: keep the graph's saved tensors for another pass (defaults to ``create_graph``).
        create_graph: record the backward pass, so the gradients can be differentiated again
            (higher-order derivatives).
        allow_unused: give None for an input the outputs do not depend on instead of raising.
        is_grads_batched: the first dim of each grad_outputs is a batch of vectors; the result
            gains that batch dim.
        materialize_grads: give zeros instead of None for unused inputs.

    Example::

        >>> x = pa.tensor([1.0, 2.0], requires_grad=True)
        >>> pa.autograd.grad((x ** 3).sum(), x)
        (tensor([ 3., 12.]),)
        >>> (g,) = pa.autograd.grad((x ** 3).sum(), x, create_graph=True)
        >>> pa.autograd.grad(g.sum(), x)
        (tensor([ 6., 12.]),)
    """
    if materialize_grads and allow_unused is False:
        raise ValueError("Expected allow_unused to be True or not passed when materialize_grads=True, "
                         "but got: allow_unused=False.")
    if allow_unused is None:
        allow_unused = materialize_grads
    outputs = (outputs,) if isinstance(outputs, TensorBase) else tuple(outputs)
    inputs_dict = inputs if type(inputs) is dict else None
    inputs = _inputs_tuple(inputs, "grad")
    if len(inputs) == 0:
        raise RuntimeError("`inputs` argument to `grad()` cannot be empty.")
    grads = _output_grads(outputs, grad_outputs, is_grads_batched)
    if retain_graph is None:
        retain_graph = create_graph
    _check_roots(outputs)
    _checkpoint_valid.append(False)
    try:
        result = run_backward(outputs, grads, bool(retain_graph), bool(create_graph), inputs,
                              bool(allow_unused), False, bool(is_grads_batched))
    finally:
        _checkpoint_valid.pop()
    out = []
    for i, r in enumerate(result):
        if r is None:
            if materialize_grads and not _is_edge(inputs[i]):
                shape = inputs[i]._data.shape
                if is_grads_batched:
                    shape = (grads[0].shape[0],) + shape
                r = _make_tensor(np.zeros(shape, dtype=inputs[i]._data.dtype))
            elif not allow_unused:
                raise RuntimeError("The differentiated Tensor at index %d appears to not have been used in the "
                                   "graph. Set allow_unused=True if this is the desired behavior." % i)
        elif is_grads_batched and not _is_edge(inputs[i]) and r.dim() == inputs[i].dim():
            r = r.expand((grads[0].shape[0],) + tuple(inputs[i].shape))
        out.append(r)
    if inputs_dict is not None:
        return dict(zip(inputs_dict.keys(), out))
    return tuple(out)
