"""NumPy functions on tensors: `np.sin(t)`, `np.sum(t, axis=0)`, `ndarray @ t`, `np.linalg.norm(t)`
run pyautograd's ops and return tensors with their grad_fn (NumPy's __array_ufunc__ and
__array_function__ protocols, which Tensor implements with the two functions here).

NumPy's keyword names and defaults are NumPy's (`axis`, `keepdims`, `ddof=0` for std / var, `out`
as a tuple of tensors), the result's dtype is the op's (a float32 tensor stays float32 where NumPy
would give float64). A NumPy function or ufunc with no op behind it raises TypeError naming it:
never a silent detach. `np.asarray(t)` is unchanged: PyTorch's error for a tensor that requires
grad, the tensor's array otherwise. This is what differs from torch, whose tensors run NumPy's
ufuncs on their data (returning a tensor without a graph, or refusing one that requires grad)."""
import numpy as np

from . import _ops, linalg as _linalg
from ._core import _make_tensor, TensorBase
from ._dtype import _dtype_from_numpy

__all__ = ["array_ufunc", "array_function", "UFUNCS", "FUNCTIONS"]


def _operand(x):
    """A ufunc or function operand: tensors as they are, ndarrays as tensors sharing their memory,
    Python and NumPy numbers as numbers (the ops promote them as PyTorch's scalars)."""
    if isinstance(x, np.ndarray):
        return _make_tensor(x)
    if isinstance(x, np.generic):
        return x.item() if x.ndim == 0 and x.dtype.kind in "biufc" else _make_tensor(np.asarray(x))
    return x


def _unsupported(what):
    return TypeError("%s is not supported on pyautograd tensors: no pyautograd op computes it (call it on "
                     "t.detach().numpy() to leave the graph, or use the pyautograd function)" % what)


# ---- ufuncs -------------------------------------------------------------------------------------
# NumPy ufunc name -> pyautograd function name (the same name where they agree)
UFUNCS = {n: n for n in (
    "add", "exp", "exp2", "expm1", "log", "log2", "log10", "log1p", "sqrt", "square", "reciprocal", "sin", "cos",
    "tan", "sinh", "cosh", "tanh", "sign", "floor", "ceil", "trunc", "maximum", "minimum", "fmax", "fmin", "hypot",
    "logaddexp", "logaddexp2", "fmod", "remainder", "logical_and", "logical_or", "logical_xor", "logical_not",
    "bitwise_and", "bitwise_or", "bitwise_xor", "isnan", "isinf", "isfinite", "signbit", "copysign", "nextafter",
    "heaviside", "matmul", "deg2rad", "rad2deg", "floor_divide", "float_power", "positive", "ldexp")}
UFUNCS.update({
    "subtract": "sub", "multiply": "mul", "divide": "div", "true_divide": "div", "power": "pow", "negative": "neg",
    "absolute": "abs", "fabs": "abs", "arcsin": "asin", "arccos": "acos", "arctan": "atan", "arcsinh": "asinh",
    "arccosh": "acosh", "arctanh": "atanh", "arctan2": "atan2", "rint": "round", "conjugate": "conj",
    "greater": "gt", "greater_equal": "ge", "less": "lt", "less_equal": "le", "equal": "eq", "not_equal": "ne",
    "mod": "remainder", "invert": "bitwise_not"})
UFUNCS = {k: v for k, v in UFUNCS.items() if v is not None and hasattr(_ops, v)}

# ufunc.reduce / accumulate as reductions
_REDUCE = {"add": "sum", "multiply": "prod", "maximum": "amax", "minimum": "amin", "logical_and": "all",
           "logical_or": "any"}
_ACCUMULATE = {"add": "cumsum", "multiply": "cumprod"}


def _write_out(name, out, result):
    if out is None:
        return result
    outs = out if isinstance(out, tuple) else (out,)
    if not all(isinstance(o, TensorBase) for o in outs):
        raise TypeError("numpy.%s(out=...) on pyautograd tensors: out must be pyautograd tensors" % name)
    return _ops.write_out(name, outs[0] if len(outs) == 1 else outs, lambda: result)


def array_ufunc(self, ufunc, method, *inputs, **kwargs):
    name = ufunc.__name__
    out = kwargs.pop("out", None)
    dtype = kwargs.pop("dtype", None)
    axis = kwargs.pop("axis", 0)               # reduce / accumulate
    keepdims = kwargs.pop("keepdims", False)
    if kwargs.pop("casting", "same_kind") != "same_kind" or kwargs.pop("where", True) is not True or kwargs:
        raise TypeError("numpy.%s: the keyword arguments %s are not supported on pyautograd tensors"
                        % (name, sorted(kwargs) or "casting/where"))
    xs = [_operand(x) for x in inputs]
    if dtype is not None:
        pdt = _dtype_from_numpy(np.dtype(dtype))
        xs = [x.to(pdt) if isinstance(x, TensorBase) else x for x in xs]
    if method == "__call__":
        fname = UFUNCS.get(name)
        if fname is None:
            raise _unsupported("numpy.%s" % name)
        if name == "positive":
            result = _ops.clone(xs[0])
        elif name == "matmul":
            result = _ops.matmul(*_promoted(*xs))
        else:
            f = getattr(_ops, fname)
            try:
                result = f(*xs)
            except TypeError:
                # NumPy takes numbers in every ufunc, some pyautograd functions only tensors (maximum,
                # atan2, ...): the numbers as 0-d tensors (which promote as PyTorch's scalars do)
                if all(isinstance(x, TensorBase) for x in xs):
                    raise
                result = f(*[x if isinstance(x, TensorBase) else _ops._as_tensor(x) for x in xs])
        return _write_out(name, out, result)
    if method in ("reduce", "accumulate") and len(xs) == 1:
        table = _REDUCE if method == "reduce" else _ACCUMULATE
        fname = table.get(name)
        if fname is None:
            raise _unsupported("numpy.%s.%s" % (name, method))
        x = xs[0]
        if method == "accumulate":
            return _write_out(name, out, getattr(_ops, fname)(x, axis))
        if axis is None:
            result = getattr(_ops, fname)(x)
            if keepdims:
                result = _ops.reshape(result, (1,) * x.dim())
        else:
            result = getattr(_ops, fname)(x, axis, keepdim=keepdims)
        return _write_out(name, out, result)
    raise _unsupported("numpy.%s.%s" % (name, method))


# ---- functions ----------------------------------------------------------------------------------
def _axis(axis):
    return tuple(axis) if isinstance(axis, list) else axis


def _reduction(fname):
    def handler(a, axis=None, dtype=None, out=None, keepdims=False):
        x = _operand(a)
        if dtype is not None:
            x = x.to(_dtype_from_numpy(np.dtype(dtype)))
        f = getattr(_ops, fname)
        r = f(x) if axis is None and not keepdims else f(x, tuple(range(x.dim())) if axis is None else _axis(axis),
                                                         keepdim=keepdims)
        return _write_out(fname, out, r)
    return handler


def _var_like(fname):
    def handler(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False):
        x = _operand(a)
        if dtype is not None:
            x = x.to(_dtype_from_numpy(np.dtype(dtype)))
        # NumPy's ddof is PyTorch's correction (NumPy's default 0, the population variance)
        r = getattr(_ops, fname)(x, None if axis is None else _axis(axis), correction=ddof, keepdim=keepdims)
        return _write_out(fname, out, r)
    return handler


def _arg(fname):
    def handler(a, axis=None, out=None, keepdims=False):
        r = getattr(_ops, fname)(_operand(a), axis, keepdim=keepdims) if axis is not None else \
            getattr(_ops, fname)(_operand(a))
        return _write_out(fname, out, r)
    return handler


def _cumulative(fname):
    def handler(a, axis=None, dtype=None, out=None):
        x = _operand(a)
        if axis is None:
            x, axis = _ops.reshape(x, (-1,)), 0
        return _write_out(fname, out, getattr(_ops, fname)(x, axis))
    return handler


def _concatenate(arrays, axis=0, out=None, dtype=None, casting="same_kind"):
    xs = [_operand(a) for a in arrays]
    if axis is None:
        xs, axis = [_ops.reshape(x, (-1,)) for x in xs], 0
    r = _ops.cat(xs, axis)
    return _write_out("concatenate", out, r if dtype is None else r.to(_dtype_from_numpy(np.dtype(dtype))))


def _stack(arrays, axis=0, out=None, dtype=None, casting="same_kind"):
    r = _ops.stack([_operand(a) for a in arrays], axis)
    return _write_out("stack", out, r if dtype is None else r.to(_dtype_from_numpy(np.dtype(dtype))))


def _where(condition, x=None, y=None):
    if x is None and y is None:
        return tuple(_ops.nonzero(_operand(condition), as_tuple=True))
    return _ops.where(_operand(condition), _operand(x), _operand(y))


def _transpose(a, axes=None):
    x = _operand(a)
    return _ops.permute(x, tuple(range(x.dim() - 1, -1, -1)) if axes is None else tuple(axes))


def _norm(x, ord=None, axis=None, keepdims=False):
    # NumPy's linalg.norm and torch.linalg.norm take the same arguments with the same meaning
    return _linalg.norm(_operand(x), ord, _axis(axis), keepdims)


def _clip(a, a_min=None, a_max=None, out=None, **kwargs):
    a_min = kwargs.pop("min", a_min)
    a_max = kwargs.pop("max", a_max)
    return _write_out("clip", out, _ops.clamp(_operand(a), _operand(a_min), _operand(a_max)))


def _promoted(*xs):
    # NumPy promotes the operands of its products (PyTorch's matmul refuses two dtypes)
    dt = _ops._result_dtype(*xs)
    return [_ops._cast(x, dt) for x in xs]


def _dot(a, b):
    # NumPy's dot: a product with a 0-d operand, matmul up to 2-D, else a's last dim with b's
    # second-to-last
    a, b = _promoted(a, b)
    if a.dim() == 0 or b.dim() == 0:
        return _ops.mul(a, b)
    if b.dim() <= 2:
        return _ops.matmul(a, b)
    return _ops.tensordot(a, _ops.movedim(b, -2, 0), ([a.dim() - 1], [0]))


def _linalg_fn(fname):
    def handler(*args, **kwargs):
        return getattr(_linalg, fname)(*[_operand(a) for a in args], **kwargs)
    return handler


FUNCTIONS = {
    np.sum: _reduction("sum"), np.mean: _reduction("mean"), np.prod: _reduction("prod"),
    np.max: _reduction("amax"), np.amax: _reduction("amax"), np.min: _reduction("amin"), np.amin: _reduction("amin"),
    np.all: _reduction("all"), np.any: _reduction("any"),
    np.std: _var_like("std"), np.var: _var_like("var"),
    np.argmax: _arg("argmax"), np.argmin: _arg("argmin"),
    np.cumsum: _cumulative("cumsum"), np.cumprod: _cumulative("cumprod"),
    np.concatenate: _concatenate, np.stack: _stack,
    np.vstack: lambda tup, **kw: _ops.vstack([_operand(a) for a in tup]),
    np.hstack: lambda tup, **kw: _ops.hstack([_operand(a) for a in tup]),
    np.where: _where, np.transpose: _transpose, np.clip: _clip,
    np.reshape: lambda a, shape=None, order="C", **kw: _ops.reshape(_operand(a), kw.get("newshape", shape)),
    np.ravel: lambda a, order="C": _ops.reshape(_operand(a), (-1,)),
    np.swapaxes: lambda a, axis1, axis2: _ops.transpose(_operand(a), axis1, axis2),
    np.moveaxis: lambda a, source, destination: _ops.movedim(_operand(a), source, destination),
    np.squeeze: lambda a, axis=None: _ops.squeeze(_operand(a), axis),
    np.expand_dims: lambda a, axis: _ops.unsqueeze(_operand(a), axis),
    np.flip: lambda m, axis=None: _ops.flip(_operand(m), tuple(range(_operand(m).dim())) if axis is None
                                            else (axis if isinstance(axis, (tuple, list)) else (axis,))),
    np.roll: lambda a, shift, axis=None: _ops.roll(_operand(a), shift, axis),
    np.tile: lambda A, reps: _ops.tile(_operand(A), reps),
    np.broadcast_to: lambda array, shape, subok=False: _ops.broadcast_to(_operand(array), tuple(shape)),
    np.dot: lambda a, b, out=None: _write_out("dot", out, _dot(_operand(a), _operand(b))),
    np.inner: lambda a, b: _ops.inner(*_promoted(_operand(a), _operand(b))),
    np.outer: lambda a, b, out=None: _write_out("outer", out, _ops.outer(*_promoted(
        _ops.reshape(_operand(a), (-1,)), _ops.reshape(_operand(b), (-1,))))),
    np.kron: lambda a, b: _ops.kron(_operand(a), _operand(b)),
    np.einsum: lambda subscripts, *operands, **kw: _ops.einsum(subscripts, *[_operand(o) for o in operands]),
    np.trace: lambda a, offset=0, axis1=0, axis2=1: _ops.sum(_ops.diagonal(_operand(a), offset, axis1, axis2), -1),
    np.diagonal: lambda a, offset=0, axis1=0, axis2=1: _ops.diagonal(_operand(a), offset, axis1, axis2),
    np.tril: lambda m, k=0: _ops.tril(_operand(m), k), np.triu: lambda m, k=0: _ops.triu(_operand(m), k),
    np.sort: lambda a, axis=-1, kind=None, order=None, **kw: _ops.sort(_operand(a), -1 if axis is None else axis,
                                                                       stable=kind == "stable")[0]
    if axis is not None else _ops.sort(_ops.reshape(_operand(a), (-1,)))[0],
    np.round: lambda a, decimals=0, out=None: _write_out("round", out, _ops.round(_operand(a), decimals=decimals)),
    np.around: lambda a, decimals=0, out=None: _write_out("round", out, _ops.round(_operand(a), decimals=decimals)),
    np.real: lambda val: _ops.real(_operand(val)) if _operand(val).is_complex() else _operand(val),
    np.imag: lambda val: _ops.imag(_operand(val)),
    np.conj: lambda x, *a, **k: _ops.conj(_operand(x)),
    np.copy: lambda a, order="K", subok=False: _ops.clone(_operand(a)),
    np.diff: lambda a, n=1, axis=-1, prepend=None, append=None: _ops.diff(
        _operand(a), n, axis, None if prepend is None else _operand(prepend), None if append is None else _operand(append)),
    np.tensordot: lambda a, b, axes=2: _ops.tensordot(*_promoted(_operand(a), _operand(b)), axes),
    np.allclose: lambda a, b, rtol=1e-05, atol=1e-08, equal_nan=False: _ops.allclose(
        _operand(a), _operand(b), rtol, atol, equal_nan),
    np.isclose: lambda a, b, rtol=1e-05, atol=1e-08, equal_nan=False: _ops.isclose(
        _operand(a), _operand(b), rtol, atol, equal_nan),
    np.array_equal: lambda a1, a2, equal_nan=False: bool(_ops.equal(_operand(a1), _operand(a2))),
    np.shape: lambda a: tuple(_operand(a).shape), np.ndim: lambda a: _operand(a).dim(),
    np.size: lambda a, axis=None: _operand(a).numel() if axis is None else _operand(a).shape[axis],
    np.linalg.norm: _norm, np.linalg.inv: _linalg_fn("inv"), np.linalg.det: _linalg_fn("det"),
    np.linalg.solve: _linalg_fn("solve"), np.linalg.eigh: _linalg_fn("eigh"),
    np.linalg.eigvalsh: _linalg_fn("eigvalsh"), np.linalg.cholesky: _linalg_fn("cholesky"),
    np.linalg.pinv: _linalg_fn("pinv"), np.linalg.slogdet: _linalg_fn("slogdet"),
    np.linalg.matrix_power: _linalg_fn("matrix_power"), np.linalg.multi_dot: lambda arrays, **kw: _linalg.multi_dot(
        [_operand(a) for a in arrays]),
}


def array_function(self, func, types, args, kwargs):
    if not all(issubclass(t, (TensorBase, np.ndarray)) for t in types):
        return NotImplemented
    handler = FUNCTIONS.get(func)
    if handler is None:
        module = getattr(func, "__module__", None) or "numpy"
        module = "numpy" if module.startswith("numpy._core") or module.startswith("numpy.lib") else module
        raise _unsupported("%s.%s" % (module, func.__name__))
    return handler(*args, **kwargs)
