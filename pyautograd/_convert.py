"""Conversion of Python and NumPy data to tensor arrays (torch.tensor's rules) and torch.Size.

Depends on NumPy, the dtypes and the core only, so that every module of the Python layer can use
it without importing the Tensor class (imports go one way: layer -> core)."""
import builtins

import numpy as np

from ._core import TensorBase
from ._dtype import to_numpy_dtype, get_default_dtype, scalar_dtype, _dtype_from_numpy, float32, float64, int64, bool_, _category  # noqa: F401,E501


class Size(tuple):
    """A tensor shape: a tuple of ints that prints as torch.Size([2, 3]) (what x.shape and x.size() give).
    Indexing, slicing, len and comparison with tuples work as for a tuple; numel() is the product.

    Example::

        >>> s = pa.zeros(2, 3).shape
        >>> s, s[0], s.numel(), s == (2, 3)
        (torch.Size([2, 3]), 2, 6, True)
    """

    def __repr__(self):
        return "torch.Size([%s])" % ", ".join(str(s) for s in self)

    __str__ = __repr__

    def numel(self):
        n = 1
        for s in self:
            n *= s
        return n

    def __getitem__(self, i):
        r = tuple.__getitem__(self, i)
        return Size(r) if isinstance(i, slice) else r


def _data_from(obj, npdtype=None):
    """An ndarray from nested lists / scalars / arrays / tensors, with PyTorch's dtype inference."""
    if isinstance(obj, TensorBase):
        arr = obj._data
        return arr.astype(npdtype) if npdtype is not None else arr.copy()
    if isinstance(obj, np.generic):      # a NumPy scalar keeps its dtype, as an array does
        obj = np.asarray(obj)
    if isinstance(obj, np.ndarray):
        arr = obj
    else:
        arr = _nested_to_array(obj)
        # Python numbers are checked as PyTorch stores them (arrays and tensors are cast unchecked)
        return _python_data_to(arr, obj, npdtype)
    if npdtype is not None:
        return np.array(arr, dtype=npdtype)
    if arr.dtype.kind not in "biufc":
        raise TypeError("can't convert np.ndarray of type %s. The only supported types are: float64, "
                        "float32, float16, complex64, complex128, int64, int32, int16, int8, uint8, and bool."
                        % arr.dtype)
    return np.array(arr, copy=True)


_INT64_MIN, _INT64_MAX = -2 ** 63, 2 ** 63 - 1


def _python_data_to(arr, obj, npdtype):
    """The array of Python data `arr` (from _nested_to_array) in PyTorch's dtype for it: the
    default dtype for floats, int64 for ints; with `npdtype`, integers that do not fit raise
    PyTorch's errors instead of wrapping (floats overflow to inf silently, as in PyTorch)."""
    k = arr.dtype.kind
    if k == "O":        # Python ints beyond int64, maybe with floats
        if not any(isinstance(v, (builtins.float, builtins.complex)) for v in arr.flat):
            _check_int64(arr)
        if npdtype is not None and np.dtype(npdtype).kind in "iu":
            _check_int64(arr)
        arr = arr.astype(np.complex128 if any(isinstance(v, builtins.complex) for v in arr.flat) else np.float64)
        k = arr.dtype.kind
    if npdtype is None:
        if k == "f":
            return arr.astype(get_default_dtype().np)
        if k == "c":
            return arr.astype(np.complex64 if get_default_dtype() is float32 else np.complex128)
        if k in "iu":
            _check_int64(arr)
            return arr.astype(np.int64)
        return arr
    npdtype = np.dtype(npdtype)
    tk = npdtype.kind
    if tk in "iu":
        if k == "c":
            raise TypeError("'complex' object cannot be interpreted as an integer")
        if k in "iu":
            _check_int64(arr)
        info = np.iinfo(npdtype)
        lo = -info.max if tk == "u" and k in "biu" else info.min   # PyTorch lets negative ints wrap into uints
        if arr.size and k in "biuf":
            with np.errstate(invalid="ignore"):
                bad = not (np.all(arr >= lo) and np.all(arr <= info.max))   # NaN and inf are bad too
            if bad:
                raise RuntimeError("value cannot be converted to type %s without overflow" % npdtype.name)
        with np.errstate(invalid="ignore"):
            return arr.astype(npdtype)
    if tk == "f" and k == "c":
        raise TypeError("must be real number, not complex")
    with np.errstate(over="ignore", invalid="ignore"):
        return arr.astype(npdtype)


def _check_int64(arr):
    """PyTorch unpacks Python ints as C long long."""
    if arr.dtype.kind == "u" and arr.dtype.itemsize == 8 and arr.size and arr.max() > _INT64_MAX:
        raise ValueError("Overflow when unpacking long long")
    if arr.dtype.kind == "O":
        for v in arr.flat:
            if isinstance(v, builtins.int) and not _INT64_MIN <= v <= _INT64_MAX:
                raise ValueError("Overflow when unpacking long long")


_PY_NUMBERS = (builtins.bool, builtins.int, builtins.float, builtins.complex)


def _nested_to_array(obj):
    if isinstance(obj, (list, tuple)):
        if any(isinstance(x, TensorBase) for x in obj):
            items = [x._data if isinstance(x, TensorBase) else _nested_to_array(x) for x in obj]
            try:
                return np.array(items)
            except ValueError:
                _nested_error(obj)
                raise
        try:
            arr = np.array(obj)
        except (ValueError, TypeError):
            _nested_error(obj)       # PyTorch's message for the first bad element
            raise
        if arr.dtype.kind in "OUS":
            _nested_error(obj)
            if arr.dtype.kind != "O" or not all(isinstance(v, _PY_NUMBERS) for v in arr.flat):
                raise RuntimeError("Could not infer dtype of %s" % type(obj).__name__)
        elif arr.dtype == np.float64 and arr.size and np.abs(arr).max() >= 2.0 ** 63:
            # NumPy stores ints beyond int64 as floats: keep the Python numbers to check them
            arr = np.array(obj, dtype=object)
        return arr
    if isinstance(obj, (builtins.bool, builtins.int, builtins.float, builtins.complex, np.generic)):
        arr = np.array(obj)
        return arr
    if isinstance(obj, str):
        raise TypeError("new(): invalid data type 'str'")
    if hasattr(obj, "__array__"):
        return np.asarray(obj)
    raise RuntimeError("Could not infer dtype of %s" % type(obj).__name__)


_NUMBERS = (builtins.bool, builtins.int, builtins.float, builtins.complex, np.generic, TensorBase)


def _nested_error(obj):
    """Raise PyTorch's error for nested data NumPy cannot stack (ragged lists, None, str),
    checking in PyTorch's order: sizes from the first elements, then every element's type, then
    every list's length. Iterative: the depth of the data is not bounded here."""
    sizes, o = [], obj
    while isinstance(o, (list, tuple, str)):
        sizes.append(len(o))
        if len(sizes) > 64:
            raise ValueError("too many dimensions '%s'" % type(o).__name__)
        if not len(o):
            break
        o = o[0]
    is_float = False
    todo = [obj]
    while todo:
        o = todo.pop()
        if isinstance(o, (list, tuple)):
            todo.extend(o)
        elif isinstance(o, TensorBase):
            is_float = is_float or o._data.dtype.kind in "fc"
        elif not isinstance(o, _NUMBERS):
            raise RuntimeError("Could not infer dtype of %s" % type(o).__name__)
        else:
            is_float = is_float or isinstance(o, (builtins.float, builtins.complex, np.inexact))
    todo = [(obj, 0)]
    while todo:
        o, dim = todo.pop()
        if dim == len(sizes):
            if isinstance(o, (list, tuple)):
                raise TypeError("must be real number, not %s" % type(o).__name__ if is_float else
                                "'%s' object cannot be interpreted as an integer" % type(o).__name__)
            continue
        if isinstance(o, TensorBase):
            if o._data.shape != tuple(sizes[dim:]):
                raise ValueError("expected sequence of length %d at dim %d (got %d)"
                                 % (sizes[dim], dim, o._data.shape[0] if o._data.ndim else 0))
            continue
        if not isinstance(o, (list, tuple)):
            raise TypeError("not a sequence")
        if len(o) != sizes[dim]:
            raise ValueError("expected sequence of length %d at dim %d (got %d)" % (sizes[dim], dim, len(o)))
        todo.extend((x, dim + 1) for x in reversed(o))


# ---- sizes (zeros(2, 3), zeros((2, 3)), zeros(size=...), new_zeros) ----
def _size_arg(args, size):
    """Sizes given positionally (zeros(2, 3), zeros((2, 3))) or as size=(2, 3)."""
    if size is None:
        return args
    if args:
        raise TypeError("got multiple values for argument 'size'")
    return (size,) if isinstance(size, (tuple, list)) else (size,)


def _size(size):
    if len(size) == 1 and isinstance(size[0], (tuple, list)):
        size = tuple(size[0])
    elif len(size) == 1 and isinstance(size[0], TensorBase):
        size = tuple(size[0].tolist()) if size[0].dim() else (int(size[0]),)
    out = []
    for s in size:
        if isinstance(s, TensorBase):
            s = int(s)
        if not isinstance(s, (builtins.int, np.integer)) or isinstance(s, builtins.bool):
            raise TypeError("%s(): argument 'size' must be tuple of ints, but found element of type %s"
                            % ("zeros", type(s).__name__))
        if s < 0:
            raise RuntimeError("Trying to create tensor with negative dimension %d: [%s]"
                               % (s, ", ".join(map(str, size))))
        out.append(int(s))
    return tuple(out)


def _full_array(size, fill_value, nd):
    """np.full of a size given as an int or a sequence, refusing an integer fill that overflows nd."""
    if nd.kind in "iu" and isinstance(fill_value, (builtins.int, builtins.float)) and \
            not np.iinfo(nd).min <= fill_value <= np.iinfo(nd).max:
        raise RuntimeError("value cannot be converted to type %s_t without overflow" % nd.name)
    return np.full(_size((size,) if isinstance(size, builtins.int) else (tuple(size),)), fill_value, dtype=nd)
