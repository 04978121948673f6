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
    size = _size_arg(size_args, size)
    dtype = _out_dtype(out, dtype, "zeros")
    return _finish(np.zeros(_size(size), dtype=_float_dtype(dtype)), requires_grad, device, out, "zeros")


def ones(*size_args, size=None, dtype=None, device=None, requires_grad=False, out=None, layout=None):
    size = _size_arg(size_args, size)
    dtype = _out_dtype(out, dtype, "ones")
    return _finish(np.ones(_size(size), dtype=_float_dtype(dtype)), requires_grad, device, out, "ones")


def empty(*size_args, size=None, dtype=None, device=None, requires_grad=False, out=None, layout=None, memory_format=None):
    size = _size_arg(size_args, size)
    dtype = _out_dtype(out, dtype, "empty")
    # zero-filled: uninitialised memory would make results depend on garbage
    return _finish(np.zeros(_size(size), dtype=_float_dtype(dtype)), requires_grad, device, out, "empty")


def full(size, fill_value, *, dtype=None, device=None, requires_grad=False, out=None, layout=None):
    dtype = _out_dtype(out, dtype, "full")
    if dtype is None:
        nd = scalar_dtype(fill_value) if not isinstance(fill_value, Tensor) else fill_value._data.dtype
    else:
        nd = to_numpy_dtype(dtype)
    return _finish(_full_array(size, fill_value, nd), requires_grad, device, out, "full")


def _like_dtype(input, dtype):
    return to_numpy_dtype(dtype) if dtype is not None else input._data.dtype


def zeros_like(input, *, dtype=None, device=None, requires_grad=False, memory_format=None, layout=None):
    return _finish(np.zeros(input._data.shape, dtype=_like_dtype(input, dtype)), requires_grad, device)


def ones_like(input, *, dtype=None, device=None, requires_grad=False, memory_format=None, layout=None):
    return _finish(np.ones(input._data.shape, dtype=_like_dtype(input, dtype)), requires_grad, device)


def empty_like(input, *, dtype=None, device=None, requires_grad=False, memory_format=None, layout=None):
    return zeros_like(input, dtype=dtype, device=device, requires_grad=requires_grad)


def full_like(input, fill_value, *, dtype=None, device=None, requires_grad=False, memory_format=None, layout=None):
    return _finish(np.full(input._data.shape, fill_value, dtype=_like_dtype(input, dtype)), requires_grad, device)


def rand_like(input, *, dtype=None, device=None, requires_grad=False, memory_format=None, generator=None):
    return rand(input.shape, dtype=dtype or input.dtype, device=device, requires_grad=requires_grad,
                generator=generator)


def randn_like(input, *, dtype=None, device=None, requires_grad=False, memory_format=None, generator=None):
    return randn(input.shape, dtype=dtype or input.dtype, device=device, requires_grad=requires_grad,
                 generator=generator)


def randint_like(input, low=0, high=None, *, dtype=None, device=None, requires_grad=False, generator=None,
                 memory_format=None, layout=None):
    if high is None:
        low, high = 0, low
    return randint(low, high, input.shape, dtype=dtype or input.dtype, device=device, generator=generator)


def _scalar(x):
    return x.item() if isinstance(x, Tensor) else x


def arange(start, end=None, step=1, *, dtype=None, device=None, requires_grad=False, out=None, layout=None):
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
    dtype = _out_dtype(out, dtype, "logspace")
    lin = np.linspace(start, end, steps)
    return _finish((base ** lin).astype(_float_dtype(dtype)), requires_grad, device, out, "logspace")


def eye(n, m=None, *, dtype=None, device=None, requires_grad=False, out=None, layout=None):
    for name, v in (("n", n), ("m", m)):
        if v is not None and v < 0:
            raise RuntimeError("%s must be greater or equal to 0, got %d" % (name, v))
    dtype = _out_dtype(out, dtype, "eye")
    return _finish(np.eye(n, m if m is not None else n, dtype=_float_dtype(dtype)), requires_grad, device, out, "eye")


def rand(*size_args, size=None, generator=None, dtype=None, device=None, requires_grad=False, out=None, layout=None):
    size = _size_arg(size_args, size)
    nd = _float_dtype(_out_dtype(out, dtype, "rand"))
    gen = generator or default_generator
    return draw(lambda shape: _finish(gen._uniform(shape, nd), requires_grad, device, out, "rand"), _size(size))


def randn(*size_args, size=None, generator=None, dtype=None, device=None, requires_grad=False, out=None, layout=None):
    size = _size_arg(size_args, size)
    nd = _float_dtype(_out_dtype(out, dtype, "randn"))
    gen = generator or default_generator
    return draw(lambda shape: _finish(gen._normal(shape, nd), requires_grad, device, out, "randn"), _size(size))


def randint(low=0, high=None, size=None, *, generator=None, dtype=None, device=None, requires_grad=False,
            layout=None, out=None):
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
    """A random permutation of 0..n-1: PyTorch's for the same seed."""
    if n < 0:
        raise RuntimeError("n must be non-negative, got%d" % n)
    odt = _out_dtype(out, dtype, "randperm")
    nd = to_numpy_dtype(odt) if odt is not None else np.dtype(np.int64)
    gen = generator or default_generator
    return _finish(gen._permutation(int(n)).astype(nd), requires_grad, device, out, "randperm")


def normal(mean, std, size=None, *, generator=None, out=None, dtype=None, layout=None, device=None,
           pin_memory=False, requires_grad=False):
    """torch.normal in its four forms (tensor/tensor, tensor/float, float/tensor, float/float with
    size): PyTorch's values for the same seed (the standard draws scaled as its kernels do)."""
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
    """0/1 draws in input's dtype: with probabilities input (PyTorch's bernoulli_(Tensor p)), or
    all with probability p (bernoulli_(float p)); PyTorch's values for the same seed."""
    _check_tensor(input, "bernoulli", "input")
    gen = generator or default_generator
    if p is None:
        vals = _random.bernoulli_tensor_values(input._data, gen)
    else:
        _random.check_bernoulli_p(p)
        vals = gen._bernoulli(input._data.size, p).reshape(input._data.shape)
    return _finish(vals.astype(input._data.dtype), False, None, out, "bernoulli")


def multinomial(input, num_samples, replacement=False, *, generator=None, out=None):
    """Indices drawn from the rows of input (1-D or 2-D, non-negative weights): PyTorch's CPU
    algorithms and values for the same seed."""
    _check_tensor(input, "multinomial", "input")
    if out is not None:
        _check_tensor(out, "multinomial", "out")
        if out._data.dtype != np.int64:
            raise RuntimeError("multinomial expects Long tensor out, got: %s" % _random._type_name(out._data.dtype))
    idx = _random.multinomial_indices(input._data, num_samples, replacement, generator)
    return _finish(idx, False, None, out, "multinomial")


def from_numpy(ndarray):
    """A tensor sharing memory with `ndarray` (no copy), like torch.from_numpy."""
    if not isinstance(ndarray, np.ndarray):
        raise TypeError("expected np.ndarray (got %s)" % type(ndarray).__name__)
    if ndarray.dtype.kind not in "biufc":
        raise TypeError("can't convert np.ndarray of type %s. The only supported types are: float64, float32, "
                        "float16, complex64, complex128, int64, int32, int16, int8, uint8, and bool."
                        % ndarray.dtype)
    return _make_tensor(ndarray)


def as_tensor(data, dtype=None, device=None):
    _check_device(device)
    if isinstance(data, Tensor):
        return data if dtype is None else data.to(dtype)
    if isinstance(data, np.ndarray) and (dtype is None or to_numpy_dtype(dtype) == data.dtype):
        return from_numpy(data)
    return tensor(data, dtype=dtype)


asarray = as_tensor


def scalar_tensor(s, *, dtype=None, device=None, requires_grad=False):
    return _finish(np.asarray(s, dtype=_float_dtype(dtype)), requires_grad, device)


def diag(input, diagonal=0):
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
    return diag(input).sum()
