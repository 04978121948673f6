"""Tensor creation functions (arange, zeros, randn, ...) with PyTorch's dtype defaults."""
import builtins
import math
import warnings

import numpy as np

from ._core import _make_tensor, is_grad_enabled
from ._dtype import to_numpy_dtype, get_default_dtype, scalar_dtype
from ._device import _check_device
from ._convert import _size_arg, _size, _full_array
from . import _random
from ._random import draw
from ._random import (Generator, default_generator, manual_seed, seed, initial_seed,  # noqa: F401 - torch.<name>
                      get_rng_state, set_rng_state, _rng)
from ._tensor import Tensor, tensor
from ._ops import _const, _check_tensor, _SCALAR_TYPE_NAMES

pi = math.pi
e = math.e
inf = math.inf
nan = math.nan


def _finish(arr, requires_grad, device=None, out=None, name=None):
    _check_device(device)
    if out is None:
        return _make_tensor(arr, builtins.bool(requires_grad))
    # torch.zeros(..., out=t): the values (made in t's dtype, _out_dtype) written into t, resized
    # to their shape, and t returned
    if is_grad_enabled() and (requires_grad or out.requires_grad):
        raise RuntimeError("aten::%s(): functions with out=... arguments don't support automatic "
                           "differentiation, but one of the arguments requires grad." % name)
    if out.shape != arr.shape:
        if out._base is not None:
            raise RuntimeError("%s(): out= is a view of another tensor and would have to be resized; pyautograd "
                               "resizes only a tensor that is not a view" % name)
        out._data = np.empty(arr.shape, dtype=out._data.dtype)
    return out.copy_(_make_tensor(arr))


def _out_dtype(out, dtype, name):
    """The dtype a factory computes in when given out=: out's (dtype=, if given, must agree)."""
    if out is None:
        return dtype
    _check_tensor(out, name, "out")
    if dtype is not None and to_numpy_dtype(dtype) != out._data.dtype:
        raise RuntimeError("dtype %s does not match dtype of out parameter (%s)"
                           % (_SCALAR_TYPE_NAMES[to_numpy_dtype(dtype).name], _SCALAR_TYPE_NAMES[out._data.dtype.name]))
    return out.dtype


def _sizes(shape):
    return "[%s]" % ", ".join(str(int(d)) for d in shape)


def _float_dtype(dtype):
    return to_numpy_dtype(dtype) if dtype is not None else get_default_dtype().np


def zeros(*size_args, size=None, dtype=None, device=None, requires_grad=False, out=None, layout=None):
    """A tensor of the given shape filled with zeros.

    Args:
        size: the shape, as separate ints (``f(2, 3)``), one sequence (``f((2, 3))``) or the
            keyword ``size=(2, 3)``.
        dtype: the element type; by default the default dtype (``float32``, see
            ``pyautograd.set_default_dtype``).
        device: only the CPU (``"cpu"``, ``None``) exists; a CUDA device raises PyTorch's error.
        requires_grad: make the result a leaf that requires grad (floating point and complex
            dtypes only).
        out: a tensor to write the result into (resized if needed) and return.

    Not differentiable (a new leaf).

    Example::

        >>> pa.zeros(2, 3)
        tensor([[0., 0., 0.],
                [0., 0., 0.]])
    """
    size = _size_arg(size_args, size)
    dtype = _out_dtype(out, dtype, "zeros")
    return _finish(np.zeros(_size(size), dtype=_float_dtype(dtype)), requires_grad, device, out, "zeros")


def ones(*size_args, size=None, dtype=None, device=None, requires_grad=False, out=None, layout=None):
    """A tensor of the given shape filled with ones.

    Args:
        size: the shape, as separate ints (``f(2, 3)``), one sequence (``f((2, 3))``) or the
            keyword ``size=(2, 3)``.
        dtype: the element type; by default the default dtype (``float32``, see
            ``pyautograd.set_default_dtype``).
        device: only the CPU (``"cpu"``, ``None``) exists; a CUDA device raises PyTorch's error.
        requires_grad: make the result a leaf that requires grad (floating point and complex
            dtypes only).
        out: a tensor to write the result into (resized if needed) and return.

    Not differentiable (a new leaf).

    Example::

        >>> pa.ones(2, dtype=pa.int64)
        tensor([1, 1])
    """
    size = _size_arg(size_args, size)
    dtype = _out_dtype(out, dtype, "ones")
    return _finish(np.ones(_size(size), dtype=_float_dtype(dtype)), requires_grad, device, out, "ones")


def empty(*size_args, size=None, dtype=None, device=None, requires_grad=False, out=None, layout=None, memory_format=None):
    """A tensor of the given shape whose values are not to be relied on (PyTorch leaves the memory
    uninitialised; here it is zero-filled, so that no result depends on garbage).

    Args:
        size: the shape, as separate ints (``f(2, 3)``), one sequence (``f((2, 3))``) or the
            keyword ``size=(2, 3)``.
        dtype: the element type; by default the default dtype (``float32``, see
            ``pyautograd.set_default_dtype``).
        device: only the CPU (``"cpu"``, ``None``) exists; a CUDA device raises PyTorch's error.
        requires_grad: make the result a leaf that requires grad (floating point and complex
            dtypes only).
        out: a tensor to write the result into (resized if needed) and return.

    Not differentiable (a new leaf).

    Example::

        >>> pa.empty(2, 3).shape
        torch.Size([2, 3])
    """
    size = _size_arg(size_args, size)
    dtype = _out_dtype(out, dtype, "empty")
    # zero-filled: uninitialised memory would make results depend on garbage
    return _finish(np.zeros(_size(size), dtype=_float_dtype(dtype)), requires_grad, device, out, "empty")


def full(size, fill_value, *, dtype=None, device=None, requires_grad=False, out=None, layout=None):
    """A tensor of shape ``size`` (a sequence of ints) filled with ``fill_value``.

    Without ``dtype`` the dtype follows the value: bool for a bool, ``int64`` for an int, the
    default dtype for a float, ``complex64`` (with the default ``float32``) for a complex.

    Args:
        size: the shape, a tuple or list of ints.
        fill_value: a number (or a one-element tensor).
        dtype: the element type; by default the default dtype (``float32``, see
            ``pyautograd.set_default_dtype``).
        device: only the CPU (``"cpu"``, ``None``) exists; a CUDA device raises PyTorch's error.
        requires_grad: make the result a leaf that requires grad (floating point and complex
            dtypes only).
        out: a tensor to write the result into (resized if needed) and return.

    Not differentiable (a new leaf).

    Example::

        >>> pa.full((2, 2), 7)
        tensor([[7, 7],
                [7, 7]])
        >>> pa.full((2,), 1.5)
        tensor([1.5000, 1.5000])
    """
    dtype = _out_dtype(out, dtype, "full")
    if dtype is None:
        nd = scalar_dtype(fill_value) if not isinstance(fill_value, Tensor) else fill_value._data.dtype
    else:
        nd = to_numpy_dtype(dtype)
    return _finish(_full_array(size, fill_value, nd), requires_grad, device, out, "full")


def _like_dtype(input, dtype):
    return to_numpy_dtype(dtype) if dtype is not None else input._data.dtype


def zeros_like(input, *, dtype=None, device=None, requires_grad=False, memory_format=None, layout=None):
    """A tensor of zeros with the shape (and, unless ``dtype`` is given, the dtype) of ``input``:
    ``pa.zeros(input.shape, dtype=input.dtype)``.

    Args:
        input: the tensor whose shape (and, by default, dtype) the result has.
        dtype: the element type, by default ``input``'s.
        device: only the CPU exists.
        requires_grad: make the result a leaf that requires grad (floating point and complex
            dtypes only).

    ``memory_format`` and ``layout`` are accepted and ignored. Not differentiable (a new leaf).

    Example::

        >>> pa.zeros_like(pa.tensor([1, 2]))
        tensor([0, 0])
    """
    return _finish(np.zeros(input._data.shape, dtype=_like_dtype(input, dtype)), requires_grad, device)


def ones_like(input, *, dtype=None, device=None, requires_grad=False, memory_format=None, layout=None):
    """A tensor of ones with the shape (and, unless ``dtype`` is given, the dtype) of ``input``.

    Args:
        input: the tensor whose shape (and, by default, dtype) the result has.
        dtype: the element type, by default ``input``'s.
        device: only the CPU exists.
        requires_grad: make the result a leaf that requires grad (floating point and complex
            dtypes only).

    ``memory_format`` and ``layout`` are accepted and ignored. Not differentiable (a new leaf).

    Example::

        >>> pa.ones_like(pa.zeros(2, 2))
        tensor([[1., 1.],
                [1., 1.]])
    """
    return _finish(np.ones(input._data.shape, dtype=_like_dtype(input, dtype)), requires_grad, device)


def empty_like(input, *, dtype=None, device=None, requires_grad=False, memory_format=None, layout=None):
    """A tensor with the shape (and, unless ``dtype`` is given, the dtype) of ``input`` whose values
    are not to be relied on (zeros here; uninitialised in PyTorch).

    Args:
        input: the tensor whose shape (and, by default, dtype) the result has.
        dtype: the element type, by default ``input``'s.
        device: only the CPU exists.
        requires_grad: make the result a leaf that requires grad (floating point and complex
            dtypes only).

    ``memory_format`` and ``layout`` are accepted and ignored. Not differentiable (a new leaf).

    Example::

        >>> pa.empty_like(pa.zeros(2, 3, dtype=pa.int64)).dtype
        torch.int64
    """
    return zeros_like(input, dtype=dtype, device=device, requires_grad=requires_grad)


def full_like(input, fill_value, *, dtype=None, device=None, requires_grad=False, memory_format=None, layout=None):
    """A tensor with the shape (and, unless ``dtype`` is given, the dtype) of ``input``, filled with
    ``fill_value`` (converted to that dtype: a float into an integer tensor is truncated).

    Args:
        input: the tensor whose shape (and, by default, dtype) the result has.
        fill_value: a number.
        dtype: the element type, by default ``input``'s.
        device: only the CPU exists.
        requires_grad: make the result a leaf that requires grad (floating point and complex
            dtypes only).

    Not differentiable (a new leaf).

    Example::

        >>> pa.full_like(pa.zeros(2), 3)
        tensor([3., 3.])
    """
    return _finish(np.full(input._data.shape, fill_value, dtype=_like_dtype(input, dtype)), requires_grad, device)


def rand_like(input, *, dtype=None, device=None, requires_grad=False, memory_format=None, generator=None):
    """A tensor with the shape (and, unless ``dtype`` is given, the dtype) of ``input``, of values
    drawn uniformly from [0, 1): ``pa.rand(input.shape, dtype=input.dtype)``, PyTorch's values for
    the same seed.

    Args:
        input: the tensor whose shape (and, by default, dtype: a floating point one) the result
            has.
        dtype: the element type, by default ``input``'s.
        device: only the CPU exists.
        requires_grad: make the result a leaf that requires grad.
        generator: the ``pyautograd.Generator`` to draw from, by default the global one
            (``pyautograd.manual_seed``).

    Not differentiable (a new leaf).

    Example::

        >>> _ = pa.manual_seed(0)
        >>> pa.rand_like(pa.zeros(2))
        tensor([0.4963, 0.7682])
    """
    return rand(input.shape, dtype=dtype or input.dtype, device=device, requires_grad=requires_grad,
                generator=generator)


def randn_like(input, *, dtype=None, device=None, requires_grad=False, memory_format=None, generator=None):
    """A tensor with the shape (and, unless ``dtype`` is given, the dtype) of ``input``, of values
    drawn from the standard normal distribution: ``pa.randn(input.shape, dtype=input.dtype)``,
    PyTorch's values for the same seed.

    Args:
        input: the tensor whose shape (and, by default, dtype: a floating point one) the result
            has.
        dtype: the element type, by default ``input``'s.
        device: only the CPU exists.
        requires_grad: make the result a leaf that requires grad.
        generator: the ``pyautograd.Generator`` to draw from, by default the global one.

    Not differentiable (a new leaf).

    Example::

        >>> _ = pa.manual_seed(0)
        >>> pa.randn_like(pa.zeros(3))
        tensor([ 1.5410, -0.2934, -2.1788])
    """
    return randn(input.shape, dtype=dtype or input.dtype, device=device, requires_grad=requires_grad,
                 generator=generator)


def randint_like(input, low=0, high=None, *, dtype=None, device=None, requires_grad=False, generator=None,
                 memory_format=None, layout=None):
    """A tensor with the shape (and, unless ``dtype`` is given, the dtype) of ``input``, of integers
    drawn uniformly from [low, high): ``randint_like(input, high)`` or ``randint_like(input, low,
    high)``, PyTorch's values for the same seed.

    Args:
        input: the tensor whose shape (and, by default, dtype) the result has.
        low: the smallest value (0 when only one bound is given).
        high: one above the largest value.
        dtype: the element type, by default ``input``'s (a float tensor gets whole floats).
        device: only the CPU exists.
        generator: the ``pyautograd.Generator`` to draw from, by default the global one.

    Not differentiable.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> pa.randint_like(pa.zeros(3, dtype=pa.int64), 10)
        tensor([4, 9, 3])
    """
    if high is None:
        low, high = 0, low
    return randint(low, high, input.shape, dtype=dtype or input.dtype, device=device, generator=generator)


def _scalar(x):
    return x.item() if isinstance(x, Tensor) else x


def arange(start, end=None, step=1, *, dtype=None, device=None, requires_grad=False, out=None, layout=None):
    """The 1-D tensor of the values from ``start`` (included) to ``end`` (excluded) in steps of
    ``step``: ``arange(end)`` counts from 0.

    Without ``dtype`` the result is ``int64`` when all three are ints, else the default dtype.
    Floating point values are computed as ``start + i * step`` (so rounding does not accumulate);
    the length is ``ceil((end - start) / step)``. A zero step, or one of the wrong sign, raises
    RuntimeError.

    Args:
        start: the first value (0 when only one number is given).
        end: the bound, not included.
        step: the difference between two values (non-zero).
        dtype: the element type (see above).
        device: only the CPU (``"cpu"``, ``None``) exists; a CUDA device raises PyTorch's error.
        requires_grad: make the result a leaf that requires grad (floating point and complex
            dtypes only).
        out: a tensor to write the result into (resized if needed) and return.

    Not differentiable (a new leaf).

    Example::

        >>> pa.arange(5)
        tensor([0, 1, 2, 3, 4])
        >>> pa.arange(1, 2.5, 0.5)
        tensor([1.0000, 1.5000, 2.0000])
    """
    start, end, step = _scalar(start), _scalar(end), _scalar(step)
    if end is None:
        start, end = 0, start
    if step == 0:
        raise RuntimeError("step must be nonzero")
    if (end - start) / step < 0:
        raise RuntimeError("upper bound and larger bound inconsistent with step sign")
    dtype = _out_dtype(out, dtype, "arange")
    if dtype is not None:
        nd = to_numpy_dtype(dtype)
    elif any(isinstance(v, (builtins.float, np.floating)) for v in (start, end, step)):
        nd = get_default_dtype().np
    else:
        nd = np.dtype(np.int64)
    n = max(0, int(math.ceil((end - start) / step)))
    arr = (start + step * np.arange(n, dtype=np.float64)).astype(nd) if nd.kind == "f" else \
        np.arange(start, end, step).astype(nd)
    if out is not None and out._data.size != n:
        warnings.warn("The number of elements in the out tensor of shape %s is %d which does not match the computed "
                      "number of elements %d. Note that this may occur as a result of rounding error. The out tensor "
                      "will be resized to a tensor of shape (%d,)." % (_sizes(out.shape), out._data.size, n, n),
                      UserWarning, stacklevel=2)
    return _finish(arr, requires_grad, device, out, "arange")


def range_(start=0, end=None, step=1, *, dtype=None, device=None, requires_grad=False):
    if end is None:
        start, end = 0, start
    n = int(math.floor((end - start) / step)) + 1
    nd = to_numpy_dtype(dtype) if dtype is not None else get_default_dtype().np
    return _finish((start + step * np.arange(n, dtype=np.float64)).astype(nd), requires_grad, device)


def linspace(start, end, steps, *, dtype=None, device=None, requires_grad=False, out=None, layout=None):
    """The 1-D tensor of ``steps`` values evenly spaced from ``start`` to ``end``, both included.

    The values are PyTorch's to the last bit (the first half counted from ``start``, the second half
    from ``end``). ``steps`` must not be negative; ``steps=1`` gives ``[start]``. With an integer
    ``dtype`` the values are truncated.

    Args:
        start: the first value.
        end: the last value.
        steps: how many values.
        dtype: the element type; by default the default dtype (``float32``, see
            ``pyautograd.set_default_dtype``).
        device: only the CPU (``"cpu"``, ``None``) exists; a CUDA device raises PyTorch's error.
        requires_grad: make the result a leaf that requires grad (floating point and complex
            dtypes only).
        out: a tensor to write the result into (resized if needed) and return.

    Not differentiable (a new leaf).

    Example::

        >>> pa.linspace(0, 1, 5)
        tensor([0.0000, 0.2500, 0.5000, 0.7500, 1.0000])
    """
    start, end = _scalar(start), _scalar(end)
    if steps < 0:
        raise RuntimeError("number of steps must be non-negative")
    nd = _float_dtype(_out_dtype(out, dtype, "linspace"))
    # PyTorch fills the first half from start and the second half from end, in the
    # result dtype, with a fused multiply-add (start + step * i rounded once): the
    # product and sum are done in a wider type and rounded once to match it bit for bit.
    if steps == 1:
        arr = np.array([start], dtype=np.float64)
    elif steps == 0:
        arr = np.zeros(0, dtype=np.float64)
    elif np.dtype(nd).kind != 'f':
        # integer results: start/end truncated first, the step is a double
        start, end = int(start), int(end)
        step = np.float64(end - start) / np.float64(steps - 1)
        idx = np.arange(steps)
        w = np.longdouble
        arr = np.where(idx < steps // 2, w(start) + w(step) * idx.astype(w),
                       w(end) - w(step) * (steps - 1 - idx).astype(w))
    else:
        nd = np.dtype(nd)
        wide = np.float64 if nd.itemsize < 8 else np.longdouble
        lo, hi = nd.type(start), nd.type(end)
        step = (hi - lo) / nd.type(steps - 1)
        idx = np.arange(steps)
        wstep = wide(step)
        first = wide(lo) + wstep * idx.astype(wide)
        second = wide(hi) - wstep * (steps - 1 - idx).astype(wide)
        arr = np.where(idx < steps // 2, first, second).astype(nd)
    return _finish(arr.astype(nd), requires_grad, device, out, "linspace")


def logspace(start, end, steps, base=10.0, *, dtype=None, device=None, requires_grad=False, out=None, layout=None):
    """The 1-D tensor of ``steps`` values ``base ** v`` for ``v`` evenly spaced from ``start`` to
    ``end`` (both included): a geometric sequence from ``base**start`` to ``base**end``.

    Args:
        start: the first exponent.
        end: the last exponent.
        steps: how many values.
        base: the base of the powers (10 by default).
        dtype: the element type; by default the default dtype (``float32``, see
            ``pyautograd.set_default_dtype``).
        device: only the CPU (``"cpu"``, ``None``) exists; a CUDA device raises PyTorch's error.
        requires_grad: make the result a leaf that requires grad (floating point and complex
            dtypes only).
        out: a tensor to write the result into (resized if needed) and return.

    Not differentiable (a new leaf).

    Example::

        >>> pa.logspace(0, 2, 3)
        tensor([  1.,  10., 100.])
        >>> pa.logspace(0, 3, 4, base=2)
        tensor([1., 2., 4., 8.])
    """
    dtype = _out_dtype(out, dtype, "logspace")
    lin = np.linspace(start, end, steps)
    return _finish((base ** lin).astype(_float_dtype(dtype)), requires_grad, device, out, "logspace")


def eye(n, m=None, *, dtype=None, device=None, requires_grad=False, out=None, layout=None):
    """The 2-D identity matrix with ``n`` rows and ``m`` columns (``m = n`` by default): ones on the
    diagonal, zeros elsewhere.

    Args:
        n: the number of rows (not negative).
        m: the number of columns, ``n`` if not given.
        dtype: the element type; by default the default dtype (``float32``, see
            ``pyautograd.set_default_dtype``).
        device: only the CPU (``"cpu"``, ``None``) exists; a CUDA device raises PyTorch's error.
        requires_grad: make the result a leaf that requires grad (floating point and complex
            dtypes only).
        out: a tensor to write the result into (resized if needed) and return.

    Not differentiable (a new leaf).

    Example::

        >>> pa.eye(2, 3)
        tensor([[1., 0., 0.],
                [0., 1., 0.]])
    """
    for name, v in (("n", n), ("m", m)):
        if v is not None and v < 0:
            raise RuntimeError("%s must be greater or equal to 0, got %d" % (name, v))
    dtype = _out_dtype(out, dtype, "eye")
    return _finish(np.eye(n, m if m is not None else n, dtype=_float_dtype(dtype)), requires_grad, device, out, "eye")


def rand(*size_args, size=None, generator=None, dtype=None, device=None, requires_grad=False, out=None, layout=None):
    """A tensor of the given shape of values drawn uniformly from [0, 1): PyTorch's values for the same
    seed (``pyautograd.manual_seed``).

    Args:
        size: the shape, as separate ints (``f(2, 3)``), one sequence (``f((2, 3))``) or the
            keyword ``size=(2, 3)``.
        generator: the ``pyautograd.Generator`` to draw from, by default the global one.
        dtype: the element type; by default the default dtype (``float32``, see
            ``pyautograd.set_default_dtype``).
        device: only the CPU (``"cpu"``, ``None``) exists; a CUDA device raises PyTorch's error.
        requires_grad: make the result a leaf that requires grad (floating point and complex
            dtypes only).
        out: a tensor to write the result into (resized if needed) and return.

    Not differentiable (a new leaf).

    Example::

        >>> _ = pa.manual_seed(0)
        >>> pa.rand(3)
        tensor([0.4963, 0.7682, 0.0885])
    """
    size = _size_arg(size_args, size)
    nd = _float_dtype(_out_dtype(out, dtype, "rand"))
    gen = generator or default_generator
    return draw(lambda shape: _finish(gen._uniform(shape, nd), requires_grad, device, out, "rand"), _size(size))


def randn(*size_args, size=None, generator=None, dtype=None, device=None, requires_grad=False, out=None, layout=None):
    """A tensor of the given shape of values drawn from the standard normal distribution (mean 0,
    variance 1): PyTorch's values for the same seed (``pyautograd.manual_seed``).

    Args:
        size: the shape, as separate ints (``f(2, 3)``), one sequence (``f((2, 3))``) or the
            keyword ``size=(2, 3)``.
        generator: the ``pyautograd.Generator`` to draw from, by default the global one.
        dtype: the element type; by default the default dtype (``float32``, see
            ``pyautograd.set_default_dtype``).
        device: only the CPU (``"cpu"``, ``None``) exists; a CUDA device raises PyTorch's error.
        requires_grad: make the result a leaf that requires grad (floating point and complex
            dtypes only).
        out: a tensor to write the result into (resized if needed) and return.

    Not differentiable (a new leaf).

    Example::

        >>> _ = pa.manual_seed(0)
        >>> pa.randn(3)
        tensor([ 1.5410, -0.2934, -2.1788])
    """
    size = _size_arg(size_args, size)
    nd = _float_dtype(_out_dtype(out, dtype, "randn"))
    gen = generator or default_generator
    return draw(lambda shape: _finish(gen._normal(shape, nd), requires_grad, device, out, "randn"), _size(size))


def randint(low=0, high=None, size=None, *, generator=None, dtype=None, device=None, requires_grad=False,
            layout=None, out=None):
    """A tensor of shape ``size`` of integers drawn uniformly from [low, high): ``randint(high, size)``
    or ``randint(low, high, size)``, PyTorch's values for the same seed.

    Args:
        low: the smallest value (0 when only ``high`` and ``size`` are given).
        high: one above the largest value (RuntimeError unless ``low < high``).
        size: the shape, a tuple of ints.
        generator: the ``pyautograd.Generator`` to draw from, by default the global one.
        dtype: the element type, ``int64`` by default.
        device: only the CPU exists.
        out: a tensor to write the result into and return.

    Not differentiable.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> pa.randint(10, (5,))
        tensor([4, 9, 3, 0, 3])
    """
    if size is None:
        low, high, size = 0, low, high
    if high is None:
        raise TypeError("randint() missing required argument 'high'")
    if low >= high:
        raise RuntimeError("random_ expects 'from' to be less than 'to', but got from=%d >= to=%d" % (low, high))
    odt = _out_dtype(out, dtype, "randint")
    nd = to_numpy_dtype(odt) if odt is not None else np.dtype(np.int64)
    gen = generator or default_generator
    return draw(lambda shape: _finish(gen._integers(math.prod(shape), nd, low, high).reshape(shape), requires_grad,
                                      device, out, "randint"), _size((tuple(size),)))


def randperm(n, *, generator=None, dtype=None, device=None, requires_grad=False, out=None, layout=None,
             pin_memory=False):
    """A random permutation of the integers 0 to n-1 (``int64`` unless ``dtype`` is given):
    PyTorch's for the same seed.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> pa.randperm(4)
        tensor([0, 1, 3, 2])
    """
    if n < 0:
        raise RuntimeError("n must be non-negative, got%d" % n)
    odt = _out_dtype(out, dtype, "randperm")
    nd = to_numpy_dtype(odt) if odt is not None else np.dtype(np.int64)
    gen = generator or default_generator
    return _finish(gen._permutation(int(n)).astype(nd), requires_grad, device, out, "randperm")


def normal(mean, std, size=None, *, generator=None, out=None, dtype=None, layout=None, device=None,
           pin_memory=False, requires_grad=False):
    """Values drawn from normal distributions with the given means and standard deviations:
    ``normal(mean_tensor, std_tensor)`` (broadcast together), ``normal(mean_tensor, std)``,
    ``normal(mean, std_tensor)``, or ``normal(mean, std, size)`` for numbers; PyTorch's values
    for the same seed (the standard draws scaled as its kernels do). A negative std raises
    RuntimeError.

    Not differentiable.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> pa.normal(0.0, 1.0, (3,))
        tensor([ 1.5410, -0.2934, -2.1788])
    """
    gen = generator or default_generator
    if isinstance(mean, Tensor) or isinstance(std, Tensor):
        m = mean._data if isinstance(mean, Tensor) else mean
        s = std._data if isinstance(std, Tensor) else std
        if isinstance(std, Tensor) and (np.asarray(s) < 0).any():
            raise RuntimeError("normal expects all elements of std >= 0.0")
        if not isinstance(std, Tensor) and std < 0:
            raise RuntimeError("normal expects std >= 0.0, but found std %s" % (std,))
        shape = np.broadcast_shapes(np.shape(m), np.shape(s))
        dt = (mean if isinstance(mean, Tensor) else std)._data.dtype
        if isinstance(std, Tensor):       # PyTorch: normal_(0, 1), then * std + mean
            z = gen._normal(shape, dt)
            vals = (z * np.asarray(s, dtype=dt) + np.asarray(m, dtype=dt)).astype(dt)
        else:                             # normal_(0, std), then + mean
            vals = (gen._normal(shape, dt, 0.0, std) + np.asarray(m, dtype=dt)).astype(dt)
        return _make_tensor(vals) if out is None else _finish(vals, False, None, out, "normal")
    if size is None:
        raise TypeError("normal() received an invalid combination of arguments - got (float, float), but expected "
                        "one of:\n * (Tensor mean, Tensor std, *, torch.Generator generator = None, Tensor out = None)\n"
                        " * (Tensor mean, float std = 1, *, torch.Generator generator = None, Tensor out = None)\n"
                        " * (float mean, Tensor std, *, torch.Generator generator = None, Tensor out = None)\n"
                        " * (float mean, float std, tuple of ints size, *, torch.Generator generator = None, "
                        "Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, torch.device device "
                        "= None, bool pin_memory = False, bool requires_grad = False)\n")
    if std < 0:
        raise RuntimeError("normal expects std >= 0.0, but found std %s" % (std,))
    nd = _float_dtype(_out_dtype(out, dtype, "normal"))
    return draw(lambda shape: _finish(gen._normal(shape, nd, mean, std), requires_grad, device, out, "normal"),
                _size((tuple(size),)))


def bernoulli(input, p=None, *, generator=None, out=None):
    """0/1 draws in input's dtype: each 1 with the probability given by the element of ``input``
    (PyTorch's ``bernoulli_(Tensor p)``), or all with probability ``p`` (``bernoulli_(float p)``);
    PyTorch's values for the same seed.

    Not differentiable.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> pa.bernoulli(pa.tensor([0.2, 0.8, 0.5]))
        tensor([0., 1., 1.])
    """
    _check_tensor(input, "bernoulli", "input")
    gen = generator or default_generator
    if p is None:
        vals = _random.bernoulli_tensor_values(input._data, gen)
    else:
        _random.check_bernoulli_p(p)
        vals = gen._bernoulli(input._data.size, p).reshape(input._data.shape)
    return _finish(vals.astype(input._data.dtype), False, None, out, "bernoulli")


def multinomial(input, num_samples, replacement=False, *, generator=None, out=None):
    """``num_samples`` indices drawn from the rows of ``input`` (1-D or 2-D, non-negative weights,
    not necessarily summing to 1), with or without ``replacement``: an ``int64`` tensor, PyTorch's
    CPU algorithms and values for the same seed.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> pa.multinomial(pa.tensor([0.1, 0.0, 0.9]), 2)
        tensor([2, 0])
    """
    _check_tensor(input, "multinomial", "input")
    if out is not None:
        _check_tensor(out, "multinomial", "out")
        if out._data.dtype != np.int64:
            raise RuntimeError("multinomial expects Long tensor out, got: %s" % _random._type_name(out._data.dtype))
    idx = _random.multinomial_indices(input._data, num_samples, replacement, generator)
    return _finish(idx, False, None, out, "multinomial")


def from_numpy(ndarray):
    """A tensor sharing memory with the NumPy array ``ndarray`` (no copy: writes through either
    show in the other), of its dtype; TypeError for other objects and unsupported dtypes.

    Example::

        >>> a = np.array([1.0, 2.0])
        >>> t = pa.from_numpy(a)
        >>> a[0] = 5.0
        >>> t
        tensor([5., 2.], dtype=torch.float64)
    """
    if not isinstance(ndarray, np.ndarray):
        raise TypeError("expected np.ndarray (got %s)" % type(ndarray).__name__)
    if ndarray.dtype.kind not in "biufc":
        raise TypeError("can't convert np.ndarray of type %s. The only supported types are: float64, float32, "
                        "float16, complex64, complex128, int64, int32, int16, int8, uint8, and bool."
                        % ndarray.dtype)
    return _make_tensor(ndarray)


def as_tensor(data, dtype=None, device=None):
    """``data`` as a tensor, without copying when it can: a tensor is returned as it is, a NumPy array
    of the wanted dtype is shared (as ``pyautograd.from_numpy``: writes through either show in the
    other); anything else (lists, numbers, a conversion to another dtype) is copied, as
    ``pyautograd.tensor``.

    Args:
        data: a tensor, a NumPy array, a (nested) list or tuple of numbers, or a number.
        dtype: the element type, by default ``data``'s (inferred as ``pyautograd.tensor`` does).
        device: only the CPU exists.

    Gradient: a tensor given as it is keeps its graph (converted to another dtype: as ``to``).

    Example::

        >>> a = np.array([1, 2])
        >>> t = pa.as_tensor(a)
        >>> a[0] = 5
        >>> t
        tensor([5, 2])
    """
    _check_device(device)
    if isinstance(data, Tensor):
        return data if dtype is None else data.to(dtype)
    if isinstance(data, np.ndarray) and (dtype is None or to_numpy_dtype(dtype) == data.dtype):
        return from_numpy(data)
    return tensor(data, dtype=dtype)


def asarray(data, dtype=None, device=None):
    """Alias of pyautograd.as_tensor: ``data`` as a tensor, sharing the memory of a tensor or of a
    NumPy array of the wanted dtype, else a copy (PyTorch's ``copy`` and ``requires_grad``
    arguments are not taken).

    Example::

        >>> pa.asarray([1, 2])
        tensor([1, 2])
    """
    return as_tensor(data, dtype, device)


def scalar_tensor(s, *, dtype=None, device=None, requires_grad=False):
    """A 0-d tensor holding the number ``s``, of the default dtype unless ``dtype`` is given.

    Args:
        s: a number.
        dtype: the element type (the default dtype, ``float32``, if not given: an int becomes a
            float).
        device: only the CPU exists.
        requires_grad: make the result a leaf that requires grad.

    Example::

        >>> pa.scalar_tensor(3)
        tensor(3.)
    """
    return _finish(np.asarray(s, dtype=_float_dtype(dtype)), requires_grad, device)


def diag(input, diagonal=0):
    """A 1-D ``input`` made into a square matrix with it on a diagonal, or the diagonal of a 2-D
    ``input`` as a 1-D tensor.

    ``diagonal`` chooses the diagonal: 0 the main one, a positive k the k-th above it, a negative k
    the k-th below it. Other ranks raise RuntimeError.

    Gradient: for a 1-D input, the gradient's values on that diagonal; for a 2-D input, the gradient
    placed on that diagonal of a zero matrix of the input's shape.

    Example::

        >>> pa.diag(pa.tensor([1.0, 2.0]))
        tensor([[1., 0.],
                [0., 2.]])
        >>> pa.diag(pa.tensor([[1, 2], [3, 4]]))
        tensor([1, 4])
    """
    d = input._data
    if d.ndim == 1:
        n = d.shape[0] + abs(diagonal)
        idx = np.arange(d.shape[0])
        rows = idx + max(0, -diagonal)
        cols = idx + max(0, diagonal)
        onehot = np.zeros((d.shape[0], n, n), dtype=d.dtype)
        onehot[idx, rows, cols] = 1
        return (input.reshape(-1, 1, 1) * _const(onehot, d.dtype)).sum(0)
    if d.ndim == 2:
        n = min(d.shape[0] - max(0, -diagonal), d.shape[1] - max(0, diagonal))
        n = max(n, 0)
        idx = np.arange(n)
        return input[(idx + max(0, -diagonal)).tolist(), (idx + max(0, diagonal)).tolist()] if n else \
            input.reshape(-1)[:0]
    raise RuntimeError("diag(): Supports 1D or 2D tensors. Got %dD" % d.ndim)


def trace(input):
    """The sum of the main diagonal of the 2-D tensor ``input`` (a 0-d tensor; other ranks raise
    RuntimeError, as in PyTorch).

    Gradient: the gradient times the identity matrix of ``input``'s shape (ones on the diagonal).

    Example::

        >>> pa.trace(pa.tensor([[1.0, 2.0], [3.0, 4.0]]))
        tensor(5.)
    """
    if not isinstance(input, Tensor) or input._data.ndim != 2:
        _check_tensor(input, "trace", "input")
        raise RuntimeError("trace: expected a matrix, but got tensor with dim %d" % input._data.ndim)
    return diag(input).sum()
