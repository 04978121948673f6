"""torch.autograd.functional: vjp, jvp, jacobian, hessian, hvp, vhp.

Argument handling, result shapes and error messages follow PyTorch's
torch/autograd/functional.py. jvp and jacobian's strategy="forward-mode" (so also
hessian's outer_jacobian_strategy="forward-mode": forward-over-reverse) use forward-mode AD
(pyautograd.autograd.forward_ad) on a level of their own (nested inside the user's level, if
any): one dual pass per product. `vectorize=True` computes all rows of a reverse-mode Jacobian in
ONE batched backward pass (autograd.grad(..., is_grads_batched=True)) and all columns of a
forward-mode Jacobian in ONE dual pass (the standard basis as vmap's batched tangents); without
it, one pass per row / column. jvp(strict=True) and hvp use the double-vjp trick:
g(u) = u^T J is linear in u, so d/du (g(u) . v) = J v.
"""
import numpy as np

from .._core import _make_tensor
from .._tensor import Tensor
from .._ops import stack
from .._creation import zeros, zeros_like
from .._backward import grad as _grad
from ..grad_mode import enable_grad, set_grad_enabled, is_grad_enabled
from .._vmap import BatchedTensor, vmap_level, unwrap_to_level
from . import forward_ad as _fw

__all__ = ["vjp", "jvp", "jacobian", "hessian", "hvp", "vhp"]


# ---------------------------------------------------------------- helpers --
def _as_tuple_nocheck(x):
    if isinstance(x, tuple):
        return x
    if isinstance(x, list):
        return tuple(x)
    return (x,)


def _as_tuple(inp, arg_name=None, fn_name=None):
    if arg_name is None and fn_name is None:
        return _as_tuple_nocheck(inp)
    is_inp_tuple = True
    if not isinstance(inp, tuple):
        inp = (inp,)
        is_inp_tuple = False
    for i, el in enumerate(inp):
        if not isinstance(el, Tensor):
            if is_inp_tuple:
                raise TypeError("The %s given to %s must be either a Tensor or a tuple of Tensors but the value at "
                                "index %d has type %s." % (arg_name, fn_name, i, type(el)))
            raise TypeError("The %s given to %s must be either a Tensor or a tuple of Tensors but the given %s "
                            "has type %s." % (arg_name, fn_name, arg_name, type(el)))
    return is_inp_tuple, inp


def _tuple_postprocess(res, to_unpack):
    if isinstance(to_unpack, tuple):
        if not to_unpack[1]:
            res = tuple(el[0] for el in res)
        if not to_unpack[0]:
            res = res[0]
    elif not to_unpack:
        res = res[0]
    return res


def _grad_preprocess(inputs, create_graph, need_graph):
    res = []
    for inp in inputs:
        if create_graph and inp.requires_grad:
            res.append(inp.view_as(inp))
        else:
            d = inp.detach().requires_grad_(need_graph)
            # inside a dual level (a forward-mode outer Jacobian: forward-over-reverse) the
            # input keeps its tangents
            res.append(_fw._with_tangents_of(d, inp))
    return tuple(res)


def _grad_postprocess(inputs, create_graph):
    if isinstance(inputs[0], Tensor):
        if not create_graph:
            return tuple(inp.detach() for inp in inputs)
        return inputs
    return tuple(_grad_postprocess(inp, create_graph) for inp in inputs)


def _validate_v(v, other, is_other_tuple):
    if len(other) != len(v):
        if is_other_tuple:
            raise RuntimeError("v is a tuple of invalid length: should be %d but got %d." % (len(other), len(v)))
        raise RuntimeError("The given v should contain a single Tensor.")
    for idx, (el_v, el_other) in enumerate(zip(v, other)):
        if el_v.size() != el_other.size():
            prepend = "Entry %d in " % idx if is_other_tuple else ""
            raise RuntimeError("%sv has invalid size: should be %s but got %s."
                               % (prepend, el_other.size(), el_v.size()))


def _check_requires_grad(inputs, input_type, strict):
    if not strict:
        return
    for i, inp in enumerate(inputs):
        if inp is None:
            raise RuntimeError("The output of the user-provided function is independent of input %d. This is not "
                               "allowed in strict mode." % i)
        if not inp.requires_grad:
            if input_type == "hessian":
                raise RuntimeError(
                    "The hessian of the user-provided function with respect to input %d is independent of the "
                    "input. This is not allowed in strict mode. You should ensure that your function is thrice "
                    "differentiable and that the hessian depends on the inputs." % i)
            if input_type == "jacobian":
                raise RuntimeError(
                    "While computing the hessian, found that the jacobian of the user-provided function with "
                    "respect to input %d is independent of the input. This is not allowed in strict mode. You "
                    "should ensure that your function is twice differentiable and that the jacobian depends on "
                    "the inputs (this would be violated by a linear function for example)." % i)
            if input_type == "grad_inputs":
                raise RuntimeError(
                    "The gradient with respect to input %d is independent of the inputs of the user-provided "
                    "function. This is not allowed in strict mode." % i)
            raise RuntimeError(
                "Output %d of the user-provided function does not require gradients. The outputs must be computed "
                "in a differentiable manner from the input when running in strict mode." % i)


def _autograd_grad(outputs, inputs, grad_outputs=None, create_graph=False, retain_graph=None,
                   is_grads_batched=False):
    """autograd.grad over the outputs that require grad; None for unused inputs."""
    if grad_outputs is None:
        grad_outputs = (None,) * len(outputs)
    new_outputs = ()
    new_grad_outputs = ()
    for out, grad_out in zip(outputs, grad_outputs):
        if out is not None and out.requires_grad:
            new_outputs += (out,)
            new_grad_outputs += (grad_out,)
    if len(new_outputs) == 0:
        return (None,) * len(inputs)
    return _grad(new_outputs, inputs, new_grad_outputs, allow_unused=True, create_graph=create_graph,
                 retain_graph=retain_graph, is_grads_batched=is_grads_batched)


def _fill_in_zeros(grads, refs, strict, create_graph, stage):
    res = ()
    for i, grads_i in enumerate(grads):
        if grads_i is None:
            if strict:
                if stage == "back":
                    raise RuntimeError("The output of the user-provided function is independent of input %d. This "
                                       "is not allowed in strict mode." % i)
                if stage == "back_trick":
                    raise RuntimeError(
                        "The gradient with respect to the input is independent of entry %d in the grad_outputs "
                        "when using the double backward trick to compute forward mode gradients. This is not "
                        "allowed in strict mode." % i)
                if stage == "double_back":
                    raise RuntimeError("The jacobian of the user-provided function is independent of input %d. "
                                       "This is not allowed in strict mode." % i)
                raise RuntimeError(
                    "The hessian of the user-provided function is independent of entry %d in the grad_jacobian. "
                    "This is not allowed in strict mode as it prevents from using the double backward trick to "
                    "replace forward mode AD." % i)
            grads_i = zeros_like(refs[i])
        elif strict and create_graph and not grads_i.requires_grad:
            if "double" not in stage:
                raise RuntimeError("The jacobian of the user-provided function is independent of input %d. This "
                                   "is not allowed in strict mode when create_graph=True." % i)
            raise RuntimeError("The hessian of the user-provided function is independent of input %d. This is "
                               "not allowed in strict mode when create_graph=True." % i)
        res += (grads_i,)
    return res


def _standard_basis(tensors, numels):
    """For each tensor, a (sum(numels), numel_i) block of the identity matrix."""
    total = sum(numels)
    chunks = []
    start = 0
    for t, n in zip(tensors, numels):
        a = np.zeros((total, n), dtype=t._data.dtype)
        if n:
            a[np.arange(start, start + n), np.arange(n)] = 1
        chunks.append(_make_tensor(a))
        start += n
    return tuple(chunks)


# ------------------------------------------------------------- vjp / jvp --
def _inputs_and_v(inputs, v, create_graph, fn_name):
    """jvp/vhp/hvp: the inputs made differentiable, and v checked against them."""
    is_inputs_tuple, inputs = _as_tuple(inputs, "inputs", fn_name)
    inputs = _grad_preprocess(inputs, create_graph=create_graph, need_graph=True)
    if v is not None:
        _, v = _as_tuple(v, "v", fn_name)
        v = _grad_preprocess(v, create_graph=create_graph, need_graph=False)
        _validate_v(v, inputs, is_inputs_tuple)
    elif len(inputs) != 1 or inputs[0].nelement() != 1:
        raise RuntimeError("The vector v can only be None if the input to the user-provided function is a "
                           "single Tensor with a single element.")
    return is_inputs_tuple, inputs, v


def _scalar_output_and_gradient(func, inputs, strict, fn_name):
    """vhp/hvp: func(*inputs), which must be one single-element tensor, and its gradient
    with a graph (for the second differentiation)."""
    outputs = func(*inputs)
    is_outputs_tuple, outputs = _as_tuple(outputs, "outputs of the user-provided function", fn_name)
    _check_requires_grad(outputs, "outputs", strict=strict)
    if is_outputs_tuple or not isinstance(outputs[0], Tensor):
        raise RuntimeError("The function given to %s should return a single Tensor" % fn_name)
    if outputs[0].nelement() != 1:
        raise RuntimeError("The Tensor returned by the function given to %s should contain a single element"
                           % fn_name)
    jac = _autograd_grad(outputs, inputs, create_graph=True)
    _check_requires_grad(jac, "jacobian", strict=strict)
    return is_outputs_tuple, outputs, jac


def _results(outputs, res, create_graph, is_outputs_tuple, is_inputs_tuple):
    """(outputs, result) detached unless create_graph, unpacked like the user's arguments."""
    outputs = _grad_postprocess(outputs, create_graph)
    res = _grad_postprocess(res, create_graph)
    return _tuple_postprocess(outputs, is_outputs_tuple), _tuple_postprocess(res, is_inputs_tuple)


def vjp(func, inputs, v=None, create_graph=False, strict=False):
    """(func(inputs), v^T J): the vector-Jacobian product of func at ``inputs``.

    inputs: a tensor or a tuple of tensors; v: one tensor per output of func, of its shape (may be
    None when func returns a one-element tensor). The product has one tensor per input, of its
    shape.
    create_graph: the results are differentiable (a graph is recorded through the computation);
    otherwise they are detached. strict: raise when an output does not depend on an input (instead
    of giving zeros).

    Example::

        >>> from pyautograd.autograd.functional import vjp
        >>> vjp(lambda x: x ** 2, pa.tensor([1.0, 2.0]), pa.tensor([1.0, 1.0]))
        (tensor([1., 4.]), tensor([2., 4.]))
    """
    with enable_grad():
        is_inputs_tuple, inputs = _as_tuple(inputs, "inputs", "vjp")
        inputs = _grad_preprocess(inputs, create_graph=create_graph, need_graph=True)
        outputs = func(*inputs)
        is_outputs_tuple, outputs = _as_tuple(outputs, "outputs of the user-provided function", "vjp")
        _check_requires_grad(outputs, "outputs", strict=strict)
        if v is not None:
            _, v = _as_tuple(v, "v", "vjp")
            v = _grad_preprocess(v, create_graph=create_graph, need_graph=False)
            _validate_v(v, outputs, is_outputs_tuple)
        elif len(outputs) != 1 or outputs[0].nelement() != 1:
            raise RuntimeError("The vector v can only be None if the user-provided function returns a single "
                               "Tensor with a single element.")
    with set_grad_enabled(True if create_graph else is_grad_enabled()):
        grad_res = _autograd_grad(outputs, inputs, v, create_graph=create_graph)
        res = _fill_in_zeros(grad_res, inputs, strict, create_graph, "back")
    return _results(outputs, res, create_graph, is_outputs_tuple, is_inputs_tuple)


def jvp(func, inputs, v=None, create_graph=False, strict=False):
    """(func(inputs), J v): the Jacobian-vector product, by forward-mode AD (one dual pass).

    inputs: a tensor or a tuple of tensors; v: one tensor per input, of its shape (may be None
    when the input has one element). The product has one tensor per output, of its shape.
    strict=True computes it by the double-vjp trick instead.
    create_graph: the results are differentiable (a graph is recorded through the computation);
    otherwise they are detached. strict: raise when an output does not depend on an input (instead
    of giving zeros).

    Example::

        >>> from pyautograd.autograd.functional import jvp
        >>> jvp(lambda x: x ** 2, pa.tensor([1.0, 2.0]), pa.tensor([1.0, 0.0]))
        (tensor([1., 4.]), tensor([2., 0.]))
    """
    if strict:      # strict's checks need the double-vjp trick's graph
        return _jvp_double_vjp(func, inputs, v, create_graph, strict)
    with set_grad_enabled(True if (create_graph or strict) else is_grad_enabled()):
        is_inputs_tuple, inputs, v = _inputs_and_v(inputs, v, create_graph, "jvp")
        if v is None:
            v = tuple(_make_tensor(np.ones(inp._data.shape, dtype=inp._data.dtype)) for inp in inputs)
        with _own_level() as level:
            duals = tuple(_fw.make_dual(inp, vi, level=level) for inp, vi in zip(inputs, v))
            outputs = func(*duals)
            is_outputs_tuple, outputs = _as_tuple(outputs, "outputs of the user-provided function", "jvp")
            unpacked = [_fw.unpack_dual(o, level=level) for o in outputs]
            primals = tuple(u.primal for u in unpacked)
            _check_requires_grad(primals, "outputs", strict=strict)
            tangents = tuple(u.tangent for u in unpacked)
        res = _fill_in_zeros(tangents, primals, strict, create_graph, "back_trick")
    outputs = _grad_postprocess(primals, create_graph)
    res = _grad_postprocess(res, create_graph)
    return _tuple_postprocess(outputs, is_outputs_tuple), _tuple_postprocess(res, is_outputs_tuple)


class _own_level:
    """A forward-AD level of the transform's own, nested inside the user's (or an enclosing
    transform's) level if there is one."""

    def __enter__(self):
        self.level = _fw._enter_level()
        return self.level

    def __exit__(self, *exc):
        _fw.exit_dual_level(level=self.level)
        return False


def _jvp_double_vjp(func, inputs, v=None, create_graph=False, strict=False):
    """jvp by the double-vjp trick (strict=True)."""
    with enable_grad():
        is_inputs_tuple, inputs, v = _inputs_and_v(inputs, v, create_graph, "jvp")
        outputs = func(*inputs)
        is_outputs_tuple, outputs = _as_tuple(outputs, "outputs of the user-provided function", "jvp")
        _check_requires_grad(outputs, "outputs", strict=strict)
        grad_outputs = tuple(zeros_like(out, requires_grad=True) for out in outputs)
        grad_inputs = _autograd_grad(outputs, inputs, grad_outputs, create_graph=True)
        _check_requires_grad(grad_inputs, "grad_inputs", strict=strict)
    with set_grad_enabled(True if create_graph else is_grad_enabled()):
        grad_res = _autograd_grad(grad_inputs, grad_outputs, v, create_graph=create_graph)
        res = _fill_in_zeros(grad_res, outputs, strict, create_graph, "back_trick")
    outputs = _grad_postprocess(outputs, create_graph)
    res = _grad_postprocess(res, create_graph)
    return _tuple_postprocess(outputs, is_outputs_tuple), _tuple_postprocess(res, is_outputs_tuple)


# --------------------------------------------------------------- jacobian --
def jacobian(func, inputs, create_graph=False, strict=False, vectorize=False, strategy="reverse-mode"):
    """The Jacobian of func at inputs.

    Result: a Tensor of shape out.shape + in.shape for a single input and
    output; a tuple over inputs, over outputs, or a tuple (outputs) of tuples
    (inputs) when func takes/returns tuples. strategy="reverse-mode" computes it a row at a time
    by backward passes, "forward-mode" a column at a time by forward-mode AD; vectorize=True
    does all rows (or columns) in one batched pass.
    create_graph: the results are differentiable (a graph is recorded through the computation);
    otherwise they are detached. strict: raise when an output does not depend on an input (instead
    of giving zeros).

    Example::

        >>> from pyautograd.autograd.functional import jacobian
        >>> jacobian(lambda x: x ** 2, pa.tensor([1.0, 2.0]))
        tensor([[2., 0.],
                [0., 4.]])
        >>> jacobian(lambda a, b: a * b, (pa.tensor([1.0, 2.0]), pa.tensor([3.0, 4.0])))
        (tensor([[3., 0.],
                [0., 4.]]), tensor([[1., 0.],
                [0., 2.]]))
    """
    if strategy not in ("forward-mode", "reverse-mode"):
        raise AssertionError('Expected strategy to be either "forward-mode" or "reverse-mode". Hint: If your '
                             'function has more outputs than inputs, "forward-mode" tends to be more performant. '
                             'Otherwise, prefer to use "reverse-mode".')
    if strategy == "forward-mode":
        if strict:
            raise RuntimeError('torch.autograd.functional.jacobian: `strict=True` and `strategy="forward-mode"` '
                               'are not supported together (yet). Please either set `strict=False` or '
                               '`strategy="reverse-mode"`.')
        return _jacobian_columns(func, inputs, create_graph, vectorize)

    with enable_grad():
        is_inputs_tuple, inputs = _as_tuple(inputs, "inputs", "jacobian")
        inputs = _grad_preprocess(inputs, create_graph=create_graph, need_graph=True)
        outputs = func(*inputs)
        is_outputs_tuple, outputs = _as_tuple(outputs, "outputs of the user-provided function", "jacobian")
        _check_requires_grad(outputs, "outputs", strict=strict)

        if vectorize:
            if strict:
                raise RuntimeError("torch.autograd.functional.jacobian: `strict=True` and `vectorized=True` are "
                                   "not supported together. Please either set `strict=False` or "
                                   "`vectorize=False`.")
            output_numels = tuple(output.numel() for output in outputs)
            grad_outputs = _standard_basis(outputs, output_numels)
            flat_outputs = tuple(output.reshape(-1) for output in outputs)
            total = sum(output_numels)
            vj = list(_autograd_grad(flat_outputs, inputs, grad_outputs, create_graph=create_graph,
                                     is_grads_batched=True))
            for el_idx, vj_el in enumerate(vj):
                if vj_el is None:
                    vj[el_idx] = zeros_like(inputs[el_idx]).expand((total,) + tuple(inputs[el_idx].shape))
            jacobian_input_output = []
            for jac_input_i, input_i in zip(vj, inputs):
                parts = jac_input_i.split(list(output_numels), 0) if len(outputs) > 1 else (jac_input_i,)
                jacobian_input_output.append([
                    jac.reshape(tuple(output_j.shape) + tuple(input_i.shape))
                    for jac, output_j in zip(parts, outputs)])
            jacobian_output_input = tuple(zip(*jacobian_input_output))
            jacobian_output_input = _grad_postprocess(jacobian_output_input, create_graph)
            return _tuple_postprocess(jacobian_output_input, (is_outputs_tuple, is_inputs_tuple))

        result = ()
        for i, out in enumerate(outputs):
            jac_i = tuple([] for _ in range(len(inputs)))
            n = out.nelement()
            flat = out.reshape(-1)
            basis = np.zeros(n, dtype=out._data.dtype)
            for j in range(n):
                basis[:] = 0
                basis[j] = 1
                vj = _autograd_grad((flat,), inputs, (_make_tensor(basis.copy()),), retain_graph=True,
                                    create_graph=create_graph)
                for el_idx, (jac_i_el, vj_el, inp_el) in enumerate(zip(jac_i, vj, inputs)):
                    if vj_el is not None:
                        if strict and create_graph and not vj_el.requires_grad:
                            raise RuntimeError("The jacobian of the user-provided function is independent of input "
                                               "%d. This is not allowed in strict mode when create_graph=True." % i)
                        jac_i_el.append(vj_el)
                    else:
                        if strict:
                            raise RuntimeError("Output %d of the user-provided function is independent of input %d. "
                                               "This is not allowed in strict mode." % (i, el_idx))
                        jac_i_el.append(zeros_like(inp_el))
            result += (tuple(
                _stack_rows(jac_i_el, inputs[el_idx]).reshape(tuple(out.shape) + tuple(inputs[el_idx].shape))
                for el_idx, jac_i_el in enumerate(jac_i)),)
        result = _grad_postprocess(result, create_graph)
        return _tuple_postprocess(result, (is_outputs_tuple, is_inputs_tuple))


def _stack_rows(rows, ref):
    if not rows:
        return zeros((0,) + tuple(ref.shape), dtype=ref.dtype)
    return stack(rows, 0)


def _jacobian_columns(func, inputs, create_graph, vectorize):
    """strategy="forward-mode": the columns J e_j of the standard basis e_j. vectorize=True: one
    dual pass with every column at once (the basis as vmap's batched tangents); otherwise one
    dual pass per column. The dual level is the transform's own (nested in an enclosing one)."""
    with set_grad_enabled(True if create_graph else is_grad_enabled()):
        is_inputs_tuple, inputs = _as_tuple(inputs, "inputs", "jacobian")
        inputs = _grad_preprocess(inputs, create_graph=create_graph, need_graph=create_graph)
        numels = tuple(inp.numel() for inp in inputs)
        if vectorize and sum(numels):
            outputs, is_outputs_tuple, cols = _columns_in_one_pass(func, inputs, numels)
        else:
            outputs, is_outputs_tuple, cols = _columns_one_by_one(func, inputs, numels)
        result = []
        for i, out in enumerate(outputs):
            row = []
            for k, inp in enumerate(inputs):
                c = cols[k][i].reshape(numels[k], out.numel())
                row.append(c.t().reshape(tuple(out.shape) + tuple(inp.shape)))
            result.append(tuple(row))
    result = _grad_postprocess(tuple(result), create_graph)
    return _tuple_postprocess(result, (is_outputs_tuple, is_inputs_tuple))


def _dual_outputs(func, args, level):
    outs = func(*args)
    is_outputs_tuple, outs = _as_tuple(outs, "outputs of the user-provided function", "jacobian")
    return is_outputs_tuple, [_fw.unpack_dual(o, level=level) for o in outs]


def _columns_in_one_pass(func, inputs, numels):
    total = sum(numels)
    basis = _standard_basis(inputs, numels)
    with vmap_level(total, "error") as lv:
        with _own_level() as level:
            duals = [_fw.make_dual(inp, BatchedTensor(b.reshape((total,) + tuple(inp.shape)), lv.level), level=level)
                     for inp, b in zip(inputs, basis)]
            is_outputs_tuple, unpacked = _dual_outputs(func, duals, level)
        outputs = tuple(u.primal for u in unpacked)
        per_out = []
        for u, out in zip(unpacked, outputs):
            if u.tangent is None:
                phys = zeros((total,) + tuple(out.shape), dtype=out.dtype)
            else:
                phys, batched = unwrap_to_level(u.tangent, lv.level)
                if not batched:
                    phys = phys.unsqueeze(0).expand((total,) + tuple(out.shape))
            per_out.append(phys.split(list(numels), 0) if len(inputs) > 1 else (phys,))
    return outputs, is_outputs_tuple, [[per_out[i][k] for i in range(len(outputs))] for k in range(len(inputs))]


def _columns_one_by_one(func, inputs, numels):
    cols = []           # per input k: per output i: the columns J e_j
    outputs = is_outputs_tuple = None
    for k, inp in enumerate(inputs):
        per_output = None
        for j in range(numels[k]):
            e = np.zeros(numels[k], dtype=inp._data.dtype)
            e[j] = 1
            with _own_level() as level:
                args = list(inputs)
                args[k] = _fw.make_dual(inp, _make_tensor(e.reshape(inp._data.shape)), level=level)
                is_outputs_tuple, unpacked = _dual_outputs(func, args, level)
            if outputs is None:
                outputs = tuple(u.primal for u in unpacked)
            if per_output is None:
                per_output = [[] for _ in unpacked]
            for i, u in enumerate(unpacked):
                per_output[i].append(u.tangent if u.tangent is not None else zeros_like(u.primal))
        if per_output is None:      # an input without elements
            if outputs is None:
                is_outputs_tuple, outputs = _as_tuple(func(*inputs), "outputs of the user-provided function",
                                                      "jacobian")
            per_output = [[] for _ in outputs]
        cols.append([_stack_rows(per_output[i], out) for i, out in enumerate(outputs)])
    return outputs, is_outputs_tuple, cols


# ---------------------------------------------------------------- hessian --
def hessian(func, inputs, create_graph=False, strict=False, vectorize=False,
            outer_jacobian_strategy="reverse-mode"):
    """The Hessian of a scalar function: shape in.shape + in.shape (tuple of tuples for tuple inputs).

    The Jacobian of the gradient (jacobian's arguments; outer_jacobian_strategy is the outer
    jacobian's strategy).

    Example::

        >>> from pyautograd.autograd.functional import hessian
        >>> hessian(lambda x: (x ** 3).sum(), pa.tensor([1.0, 2.0]))
        tensor([[ 6.,  0.],
                [ 0., 12.]])
    """
    is_inputs_tuple, inputs = _as_tuple(inputs, "inputs", "hessian")
    if outer_jacobian_strategy not in ("forward-mode", "reverse-mode"):
        raise AssertionError('Expected strategy to be either "forward-mode" or "reverse-mode".')

    def ensure_single_output_function(*inp):
        out = func(*inp)
        is_out_tuple, t_out = _as_tuple(out, "outputs of the user-provided function", "hessian")
        _check_requires_grad(t_out, "outputs", strict=strict)
        if is_out_tuple or not isinstance(out, Tensor):
            raise RuntimeError("The function given to hessian should return a single Tensor")
        if out.nelement() != 1:
            raise RuntimeError("The Tensor returned by the function given to hessian should contain a single "
                               "element")
        return out.squeeze()

    def jac_func(*inp):
        jac = jacobian(ensure_single_output_function, inp, create_graph=True)
        _check_requires_grad(jac, "jacobian", strict=strict)
        return jac

    res = jacobian(jac_func, inputs, create_graph=create_graph, strict=strict, vectorize=vectorize,
                   strategy=outer_jacobian_strategy)
    return _tuple_postprocess(res, (is_inputs_tuple, is_inputs_tuple))


def vhp(func, inputs, v=None, create_graph=False, strict=False):
    """(func(inputs), v^T H): the vector-Hessian product of a scalar function.

    v: one tensor per input, of its shape. The product has one tensor per input.
    create_graph: the results are differentiable (a graph is recorded through the computation);
    otherwise they are detached. strict: raise when an output does not depend on an input (instead
    of giving zeros).

    Example::

        >>> from pyautograd.autograd.functional import vhp
        >>> vhp(lambda x: (x ** 3).sum(), pa.tensor([1.0, 2.0]), pa.tensor([1.0, 1.0]))
        (tensor(9.), tensor([ 6., 12.]))
    """
    with enable_grad():
        is_inputs_tuple, inputs, v = _inputs_and_v(inputs, v, create_graph, "vhp")
        is_outputs_tuple, outputs, jac = _scalar_output_and_gradient(func, inputs, strict, "vhp")
    with set_grad_enabled(True if create_graph else is_grad_enabled()):
        grad_res = _autograd_grad(jac, inputs, v, create_graph=create_graph)
        res = _fill_in_zeros(grad_res, inputs, strict, create_graph, "double_back")
    return _results(outputs, res, create_graph, is_outputs_tuple, is_inputs_tuple)


def hvp(func, inputs, v=None, create_graph=False, strict=False):
    """(func(inputs), H v): the Hessian-vector product of a scalar function, by the double-vjp trick.

    v: one tensor per input, of its shape. The product has one tensor per input (equal to vhp's:
    the Hessian is symmetric).
    create_graph: the results are differentiable (a graph is recorded through the computation);
    otherwise they are detached. strict: raise when an output does not depend on an input (instead
    of giving zeros).

    Example::

        >>> from pyautograd.autograd.functional import hvp
        >>> hvp(lambda x: (x ** 3).sum(), pa.tensor([1.0, 2.0]), pa.tensor([1.0, 1.0]))
        (tensor(9.), tensor([ 6., 12.]))
    """
    with enable_grad():
        is_inputs_tuple, inputs, v = _inputs_and_v(inputs, v, create_graph, "hvp")
        is_outputs_tuple, outputs, jac = _scalar_output_and_gradient(func, inputs, strict, "hvp")
        grad_jac = tuple(zeros_like(inp, requires_grad=True) for inp in inputs)
        double_back = _autograd_grad(jac, inputs, grad_jac, create_graph=True)
        _check_requires_grad(jac, "hessian", strict=strict)
    with set_grad_enabled(True if create_graph else is_grad_enabled()):
        grad_res = _autograd_grad(double_back, grad_jac, v, create_graph=create_graph)
        res = _fill_in_zeros(grad_res, inputs, strict, create_graph, "double_back_trick")
    return _results(outputs, res, create_graph, is_outputs_tuple, is_inputs_tuple)
