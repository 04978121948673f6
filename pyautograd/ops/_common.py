"""What every op family uses: constants and values as tensors, broadcasting and dims, PyTorch's
argument checks and dtype names, the shape helpers of batched rules, TensorIterator's result
layout, and NumPy's quiet error state for forwards. Nothing here declares an op.

The op families import only the modules before them: _common, elementwise, shape, indexing,
reductions, linalg, complex (pyautograd/_ops.py re-exports them all).

Batched backward: during autograd.grad(..., is_grads_batched=True),
_core.grad_batch_ndim() is 1 and every gradient carries one extra leading batch
dim. Rules therefore use negative dims, _unsqueeze_to / _bshape / _bexpand for
shapes built from the input's shape, and ops whose forward runs inside a backward
(ScatterAdd, IndexPutZeros, SumToSize, ...) infer the leading dims from their input."""
import builtins
import operator

import numpy as np

from .. import _core
from .._core import _make_tensor, TensorBase as _Tensor
from .._dtype import promote, scalar_dtype
from .._convert import _data_from
from ._registry import Op


# ---------------------------------------------------------------- helpers --
def all_values(t):
    """The array holding every value of tensor t, for checks over all of them (binary_cross_entropy's
    range): a batched tensor's (inside vmap) is its physical array, the batch's values."""
    while type(t._data) is not np.ndarray and hasattr(t, "_phys"):
        t = t._phys
    return t._data


def batched_public(kind):
    """Decorator of a public function computed on arrays rather than through ops (comparisons,
    isnan, argmax, the indices of max(dim)): inside vmap, with a batched argument, vmap runs it
    on the physical tensors (pyautograd/_vmap.py public()). kind "elementwise": broadcasting
    arguments; "dim": f(input, dim, keepdim) reducing over a dim of input."""
    def declare(f):
        def function(*args, **kwargs):
            if _core.vmap_wants(args, kwargs):
                return _core.vmap_call(kind, f, args, kwargs)
            return f(*args, **kwargs)
        function.__name__ = f.__name__
        function.__qualname__ = f.__qualname__
        function.__doc__ = f.__doc__
        function.__wrapped__ = f
        return function
    return declare


def _const(value, npdtype):
    """A constant tensor (no grad) of the given NumPy dtype."""
    return _make_tensor(np.asarray(value, dtype=npdtype))


def _as_tensor(x):
    if isinstance(x, _Tensor):
        return x
    if isinstance(x, (builtins.bool, builtins.int, builtins.float, builtins.complex, np.generic)):
        return _const(x, scalar_dtype(x))
    return _make_tensor(_data_from(x))


def _result_dtype(*args):
    dims, zeros, scalars = [], [], []
    for a in args:
        if isinstance(a, _Tensor):
            (dims if a._data.ndim else zeros).append(a._data.dtype)
        else:
            scalars.append(scalar_dtype(a))
    return promote(dims, zeros, scalars)


def _check_broadcast(sa, sb):
    """PyTorch's error for shapes that do not broadcast (NumPy's text must not leak)."""
    if sa == sb:
        return
    n = builtins.max(len(sa), len(sb))
    for i in range(n - 1, -1, -1):
        ia, ib = i - (n - len(sa)), i - (n - len(sb))
        x = sa[ia] if ia >= 0 else 1
        y = sb[ib] if ib >= 0 else 1
        if x != y and x != 1 and y != 1:
            raise RuntimeError("The size of tensor a (%d) must match the size of tensor b (%d) at non-singleton "
                               "dimension %d" % (x, y, i))


def _broadcast_shape(sa, sb):
    _check_broadcast(sa, sb)
    return tuple(np.broadcast_shapes(sa, sb))


def _norm_dim(dim, ndim):
    if dim is None:
        return None
    if isinstance(dim, (list, tuple)):
        return tuple(sorted(_norm_dim(d, ndim) for d in dim))
    d = operator.index(dim)      # a float dim is a TypeError, as in PyTorch
    n = builtins.max(ndim, 1)
    if d < -n or d >= n:
        raise IndexError("Dimension out of range (expected to be in range of [%d, %d], but got %d)"
                         % (-n, n - 1, d))
    return d % n if ndim else None


def _axis(dim, ndim):
    """NumPy axis for a reduction over `dim` (None: all dims)."""
    if dim is None or (isinstance(dim, tuple) and len(dim) == 0):
        return None
    if ndim == 0:
        return None
    return dim


def _unsqueeze_to(g, shape, dim, keepdim):
    """Reinsert reduced dims so that g broadcasts against an input of `shape`.

    g may carry extra leading (batch) dims: they are kept in front."""
    n = len(shape)
    if keepdim or n == 0:
        return g
    dims = tuple(range(n)) if dim is None else (dim if isinstance(dim, tuple) else (dim,))
    lead = g.dim() - (n - len(dims))
    out_shape = list(g.shape)
    for d in sorted(dims):
        out_shape.insert(d + lead, 1)
    return g.reshape(tuple(out_shape))


def _bshape(g, shape):
    """`shape` with g's leading batch dims prepended (during a batched backward)."""
    nb = _core.grad_batch_ndim()
    return tuple(g.shape[:nb]) + tuple(shape)


def _zero_grad(g):
    """The gradient of a piecewise-constant op: zeros of g's shape (never g * 0.0)."""
    return _make_tensor(np.zeros(g._data.shape, dtype=g._data.dtype))


def _exact_zero_grad(g):
    """Zeros marked as an exact zero, PyTorch's ZeroTensor (what sgn's rule gives for a real
    input): in plain backward the engine does not run a rule that receives only such zeros, so
    they stay zero through later rules (0 / 0 stays 0)."""
    z = _zero_grad(g)
    z._exact_zero = True
    return z


def _iter_layout(out, inputs):
    """out (an elementwise result, out or an input not C-contiguous) laid out as PyTorch's TensorIterator
    allocates it: dims ordered by the inputs' strides, a broadcast (stride-0) or size-1 dim
    giving no order, ties kept in the logical order (TensorIterator::reorder_dimensions), the
    result dense in that order. NumPy's order differs when an input is expanded or permuted,
    and view() then refuses what PyTorch accepts (or the reverse)."""
    shape, nd = out.shape, out.ndim
    if nd < 2 or out.size < 2:
        return out
    strides = []
    for x in inputs:
        d = getattr(x, "_data", None)
        if d is None or d.ndim == 0:
            continue
        lead = nd - d.ndim
        strides.append((0,) * lead + tuple(0 if n == 1 else st for n, st in zip(d.shape, d.strides)))

    def should_swap(d0, d1):
        for st in strides:
            s0, s1 = st[d0], st[d1]
            if s0 == 0 or s1 == 0:
                continue
            if s0 != s1:
                return 1 if s0 > s1 else -1
            if shape[d0] > shape[d1]:
                return 1
        return 0

    perm = list(range(nd - 1, -1, -1))      # perm[0]: the fastest-moving dim
    for i in range(1, nd):
        d1 = i
        for d0 in range(i - 1, -1, -1):
            c = should_swap(perm[d0], perm[d1])
            if c > 0:
                perm[d0], perm[d1] = perm[d1], perm[d0]
                d1 = d0
            elif c < 0:
                break
    want, acc = [0] * nd, out.itemsize
    for d in perm:
        want[d] = acc
        acc *= shape[d]
    if builtins.all(w == st for w, st, n in zip(want, out.strides, shape) if n > 1):
        return out
    order = perm[::-1]
    res = np.empty([shape[d] for d in order], out.dtype).transpose(np.argsort(order))
    res[...] = out
    return res


def _real_np(npdtype):
    """float64 for complex128, float32 for complex64; a real dtype stays as it is."""
    return np.finfo(npdtype).dtype if npdtype.kind == "c" else npdtype


def _no_complex(t, msg, exc=NotImplementedError):
    """PyTorch's error for an op it does not define on complex tensors."""
    if isinstance(t, _Tensor) and t._data.dtype.kind == "c":
        raise exc(msg.replace("%s", _SCALAR_TYPE_NAMES[t._data.dtype.name]))


# ------------------------------------------- arguments (PyTorch's argument errors) --
_NUMBER_TYPES = (builtins.bool, builtins.int, builtins.float, builtins.complex, np.number, np.bool_)


def _is_number(x):
    return isinstance(x, _NUMBER_TYPES)


def _tp_name(x):
    """The type name PyTorch's argument parser prints (C types with their module: numpy.ndarray)."""
    t = type(x)
    if t.__module__ == "builtins" or t.__flags__ & (1 << 9):     # Py_TPFLAGS_HEAPTYPE: a Python class
        return t.__name__
    return t.__module__ + "." + t.__name__


# which functions take a Python number for `input` / `other` (PyTorch's argument parser), and
# which report a bad argument as "invalid combination" rather than "must be Tensor"
_NUMBER_ARGS = {"add": (1, 1), "sub": (1, 1), "mul": (1, 1), "div": (1, 1), "floor_divide": (1, 1),
                "remainder": (1, 1), "pow": (1, 1), "float_power": (1, 1), "fmod": (0, 1), "eq": (0, 1),
                "ne": (0, 1), "lt": (0, 1), "le": (0, 1), "gt": (0, 1), "ge": (0, 1), "rsub": (0, 1),
                "bitwise_and": (1, 1), "bitwise_or": (1, 1), "bitwise_xor": (1, 1)}
_COMBINATION_ERROR = {"floor_divide", "remainder", "fmod", "pow", "float_power", "eq", "ne", "lt", "le", "gt",
                      "ge", "rsub", "bitwise_and", "bitwise_or", "bitwise_xor"}


def _check_operands(input, other, fname):
    """PyTorch's TypeError for a binary function given something other than a tensor (or a
    number, where the function takes one)."""
    if isinstance(input, _Tensor) and isinstance(other, _Tensor):
        return       # the common case, checked first (this runs on every call)
    num_in, num_other = _NUMBER_ARGS.get(fname, (0, 0))
    for x, argname, pos, num in ((input, "input", 1, num_in), (other, "other", 2, num_other)):
        if not isinstance(x, _Tensor) and not (num and _is_number(x)):
            if fname in _COMBINATION_ERROR:
                raise TypeError("%s() received an invalid combination of arguments - got (%s, %s), but expected "
                                "one of:" % (fname, _arg_type_name(input), _arg_type_name(other)))
            _check_tensor(x, fname, argname, pos)


def _arg_type_name(x):
    return "Tensor" if isinstance(x, _Tensor) else _tp_name(x)


def _st(t):
    """PyTorch's ScalarType name of a tensor's dtype (Float, Long, ComplexFloat, ...)."""
    return _SCALAR_TYPE_NAMES[t._data.dtype.name]


def _check_tensor(x, fname, argname="input", pos=1):
    """PyTorch's TypeError for a non-tensor where a Tensor argument is expected."""
    if not isinstance(x, _Tensor):
        raise TypeError("%s(): argument '%s' (position %d) must be Tensor, not %s" % (fname, argname, pos, _tp_name(x)))


def _dim_arg(input, dim):
    if dim is None:
        return None
    if isinstance(dim, (list, tuple)):
        if len(dim) == 0:
            return None
        d = tuple(_norm_dim(x, input._data.ndim) for x in dim)
        if len(set(d)) != len(d):
            raise RuntimeError("dim %d appears multiple times in the list of dims" % d[0])
        return tuple(sorted(d))
    return _norm_dim(dim, input._data.ndim)


# the C++ element type names PyTorch's kernel dtype checks print, and its scalar type names
_C_TYPE_NAMES = {"int64": "long int", "int32": "int", "int16": "short int", "int8": "signed char",
                 "uint8": "unsigned char", "float32": "float", "float64": "double", "float16": "c10::Half",
                 "bool": "bool", "complex64": "c10::complex<float>", "complex128": "c10::complex<double>"}
_SCALAR_TYPE_NAMES = {"int64": "Long", "int32": "Int", "int16": "Short", "int8": "Char", "uint8": "Byte",
                      "float32": "Float", "float64": "Double", "float16": "Half", "bool": "Bool",
                      "complex64": "ComplexFloat", "complex128": "ComplexDouble"}


# ------------------------------------------------------ quiet forwards --
# PyTorch computes inf/nan silently: op forwards (and plain-backward rules) run with NumPy's
# floating-point warnings off. The core switches NumPy's error-state context variable around
# them (from C, ~50 ns; pyautograd/_bind.py hands it over); with an older NumPy that has no such
# variable, the forwards are wrapped in np.errstate instead (and rules run on tensors):
# pyautograd/_ops.py calls _quiet_all_forwards() once every family has declared its ops.
try:   # NumPy >= 2
    from numpy._core import umath as _umath
    ERRSTATE_VAR, ERRSTATE_QUIET = _umath._extobj_contextvar, _umath._make_extobj(all="ignore")
except (ImportError, AttributeError):   # pragma: no cover - older NumPy
    ERRSTATE_VAR = ERRSTATE_QUIET = None

    def _quiet(fwd):
        def forward(ctx, *args, **kwargs):
            with np.errstate(all="ignore"):
                return fwd(ctx, *args, **kwargs)
        forward.__name__ = fwd.__name__
        forward.__doc__ = fwd.__doc__
        return staticmethod(forward)

    def _quiet_all_forwards():
        todo, seen = list(Op.__subclasses__()), set()
        while todo:
            cls = todo.pop()
            if cls in seen:
                continue
            seen.add(cls)
            todo.extend(cls.__subclasses__())
            f = cls.__dict__.get("forward")
            if isinstance(f, staticmethod):
                cls.forward = _quiet(f.__func__)
