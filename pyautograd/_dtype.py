"""Dtypes with PyTorch's names and promotion rules, backed by NumPy dtypes."""
import builtins

import numpy as np


class dtype:
    """A tensor element type: ``pyautograd.float32``, ``pyautograd.int64``, ... (each backed by the
    NumPy dtype ``.np``), printed as PyTorch prints it.

    Its attributes: ``is_floating_point``, ``is_complex``, ``is_signed`` and ``itemsize`` (bytes
    per element). Pass one as ``dtype=`` to a factory or to ``Tensor.to``.

    Example::

        >>> pa.float64, pa.float64.itemsize, pa.float64.is_floating_point
        (torch.float64, 8, True)
        >>> pa.zeros(2, dtype=pa.int32).dtype
        torch.int32
    """

    __slots__ = ("name", "np", "is_floating_point", "is_complex", "is_signed", "itemsize", "_tensor_type")

    def __init__(self, name, npdtype, tensor_type):
        self.name = name
        self.np = np.dtype(npdtype)
        self.is_floating_point = self.np.kind == "f"
        self.is_complex = self.np.kind == "c"
        self.is_signed = self.np.kind in "fic"
        self.itemsize = self.np.itemsize
        self._tensor_type = tensor_type

    def __repr__(self):
        return "torch." + self.name

    def __reduce__(self):
        return (_dtype_by_name, (self.name,))

    def to_complex(self):
        return complex128 if self is float64 else complex64

    def to_real(self):
        return float64 if self is complex128 else float32


float16 = dtype("float16", np.float16, "HalfTensor")
float32 = dtype("float32", np.float32, "FloatTensor")
float64 = dtype("float64", np.float64, "DoubleTensor")
complex64 = dtype("complex64", np.complex64, "ComplexFloatTensor")
complex128 = dtype("complex128", np.complex128, "ComplexDoubleTensor")
uint8 = dtype("uint8", np.uint8, "ByteTensor")
int8 = dtype("int8", np.int8, "CharTensor")
int16 = dtype("int16", np.int16, "ShortTensor")
int32 = dtype("int32", np.int32, "IntTensor")
int64 = dtype("int64", np.int64, "LongTensor")
bool_ = dtype("bool", np.bool_, "BoolTensor")

half = float16
float = float32  # noqa: A001 - PyTorch's alias names
double = float64
cfloat = complex64
cdouble = complex128
short = int16
int = int32  # noqa: A001
long = int64

_ALL = [float16, float32, float64, complex64, complex128, uint8, int8, int16, int32, int64, bool_]
_BY_NP = {d.np: d for d in _ALL}
_BY_NAME = {d.name: d for d in _ALL}

_default_dtype = float32


def _dtype_by_name(name):
    return _BY_NAME[name]


def _dtype_from_numpy(npdtype):
    try:
        return _BY_NP[np.dtype(npdtype)]
    except KeyError:
        raise TypeError("pyautograd has no dtype for NumPy dtype %s" % npdtype) from None


def to_numpy_dtype(d):
    """Accept a pyautograd dtype, a NumPy dtype or a Python type; return a NumPy dtype."""
    if isinstance(d, dtype):
        return d.np
    python_types = {builtins.float: np.float64, builtins.int: np.int64,
                    builtins.bool: np.bool_, builtins.complex: np.complex128}
    if d in python_types:
        return np.dtype(python_types[d])
    nd = np.dtype(d)
    if nd not in _BY_NP:
        raise TypeError("unsupported dtype %s" % d)
    return nd


def get_default_dtype():
    """The floating point dtype that factories (``zeros``, ``rand``, ...), ``tensor`` of Python floats,
    and the promotion of integers with Python floats give: ``float32`` unless ``set_default_dtype``
    changed it.

    Example::

        >>> pa.get_default_dtype()
        torch.float32
    """
    return _default_dtype


def set_default_dtype(d):
    """Set the default floating point dtype (``float32`` at the start): what ``get_default_dtype``
    returns and what factories and ``tensor([1.0])`` give from then on. Only floating point dtypes
    are accepted (TypeError otherwise).

    Example::

        >>> pa.set_default_dtype(pa.float64)
        >>> pa.tensor([1.5]).dtype
        torch.float64
        >>> pa.set_default_dtype(pa.float32)
    """
    global _default_dtype
    if not isinstance(d, dtype) or not d.is_floating_point:
        raise TypeError("only floating-point types are supported as the default type")
    _default_dtype = d


def _category(npdtype):
    k = npdtype.kind
    return 0 if k == "b" else 1 if k in "iu" else 2 if k == "f" else 3


def scalar_dtype(value):
    """The NumPy dtype PyTorch gives a Python scalar (default dtype for floats)."""
    if isinstance(value, builtins.bool) or isinstance(value, np.bool_):
        return np.dtype(np.bool_)
    if isinstance(value, (builtins.int, np.integer)):
        return np.dtype(np.int64)
    if isinstance(value, (builtins.float, np.floating)):
        return _default_dtype.np
    if isinstance(value, (builtins.complex, np.complexfloating)):
        return np.dtype(np.complex128) if _default_dtype is float64 else np.dtype(np.complex64)
    raise TypeError("unsupported operand type: %s" % type(value).__name__)


def promote(tensor_dtypes_dim, tensor_dtypes_zero, scalar_dtypes):
    """PyTorch's result type: the highest category wins; within it, dimensioned
    tensors take priority over 0-d tensors, which take priority over Python scalars."""
    best = -1
    for group in (tensor_dtypes_dim, tensor_dtypes_zero, scalar_dtypes):
        for d in group:
            c = _category(d)
            if c > best:
                best = c
    floats = []     # floating dtypes of the groups before the winning one
    for group in (tensor_dtypes_dim, tensor_dtypes_zero, scalar_dtypes):
        cands = [d for d in group if _category(d) == best]
        if cands:
            if best == 3:      # complex64 with a float64 of the same priority is complex128
                cands = cands + [d for d in group if d.kind == "f"]
            r = cands[0] if len(cands) == 1 else np.result_type(*cands)
            if best == 3 and floats:
                # a complex scalar or 0-d tensor keeps the precision of a float tensor of higher
                # priority (PyTorch's combine_categories): float64 * 1j is complex128, float32 * 1j complex64
                return np.dtype(np.complex128) if floats[0] == np.float64 else np.dtype(np.complex64)
            return r
        fl = [d for d in group if d.kind == "f"]
        if fl:
            floats.append(np.result_type(*fl))
    raise ValueError("no operands")
