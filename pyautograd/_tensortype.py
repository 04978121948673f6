"""PyTorch's typed tensor classes (torch.FloatTensor, torch.LongTensor, ...): legacy constructors
(`FloatTensor([1, 2])` data, `FloatTensor(2, 3)` an uninitialised tensor of that shape, `FloatTensor(t)`
an alias of a tensor of that dtype), `isinstance(t, FloatTensor)` (a CPU tensor of that dtype) and the
names Tensor.type() takes and returns. Their metaclass is torch.tensortype; they are not Tensor
subclasses (as in PyTorch), and what they make is a plain Tensor."""
import numpy as np

from ._core import TensorBase, _make_tensor
from ._dtype import (dtype, _dtype_from_numpy, float16, float32, float64, complex64, complex128, uint8, int8,
                     int16, int32, int64, bool_)
from ._convert import Size, _data_from
from ._device import device as _device

__all__ = ["tensortype", "TENSOR_TYPES", "TENSOR_TYPE_NAMES"]

# the dtype names of PyTorch's TensorOptions in its legacy constructors' dtype error
_CPP_NAMES = {float16: "c10::Half", float32: "float", float64: "double", complex64: "c10::complex<float>",
              complex128: "c10::complex<double>", uint8: "unsigned char", int8: "signed char",
              int16: "short int", int32: "int", int64: "long int", bool_: "bool"}
_OPTIONS = ("TensorOptions(dtype=%s, device=cpu, layout=Strided, requires_grad=false (default), "
            "pinned_memory=false (default), memory_format=(nullopt))")
_SIGNATURES = (" * (*, torch.device device = None)", " * (torch.Storage storage)", " * (Tensor other)",
               " * (tuple of ints size, *, torch.device device = None)",
               " * (object data, *, torch.device device = None)")


def _type_name(obj):
    cls = type(obj)
    if isinstance(obj, TensorBase):
        return "Tensor"
    if cls.__module__ not in ("builtins", None):
        return "%s.%s" % (cls.__module__, cls.__name__)
    return cls.__name__


def _arg_desc(obj):
    """How PyTorch's argument parser names an argument it could not match: `list of [int, float]`."""
    if isinstance(obj, list):
        return "list of [%s]" % ", ".join(_type_name(o) for o in obj)
    if isinstance(obj, tuple):
        return "tuple of (%s)" % ", ".join(_type_name(o) for o in obj)
    return _type_name(obj)


def _invalid_combination(args, kwargs):
    """PyTorch's "new() received an invalid combination of arguments" TypeError of a legacy constructor."""
    got = [_type_name(a) for a in args] + ["%s=%s" % (k, _type_name(v)) for k, v in reversed(list(kwargs.items()))]
    bad_keys = [k for k in reversed(list(kwargs)) if k != "device"]
    if bad_keys and len(kwargs) > 1:
        bad_keys = list(reversed(list(kwargs)))
    if bad_keys:
        why = "      didn't match because some of the keywords were incorrect: " + ", ".join(bad_keys)
    else:
        why = ("      didn't match because some of the arguments have invalid types: (%s)"
               % ", ".join("!%s!" % _arg_desc(a) for a in args))
    # where PyTorch prints the reason: under (*, device) for two arguments, under the size and data
    # signatures for more
    under = (0,) if len(args) + len(kwargs) <= 2 else (3, 4)
    lines = ["new() received an invalid combination of arguments - got (%s), but expected one of:" % ", ".join(got)]
    for i, sig in enumerate(_SIGNATURES):
        lines.append(sig)
        if i in under:
            lines.append(why)
    return TypeError("\n".join(lines) + "\n")


def _is_int(x):
    return isinstance(x, (int, np.integer)) and not isinstance(x, (bool, np.bool_))


def _is_size_element(x):
    return _is_int(x) or (isinstance(x, TensorBase) and x._data.size == 1 and x._data.dtype.kind in "iu")


def _sized(cls, shape):
    for n in shape:
        if n < 0:
            raise RuntimeError("Trying to create tensor with negative dimension %d: [%s]"
                               % (n, ", ".join(str(int(s)) for s in shape)))
    return _make_tensor(np.zeros(shape, dtype=cls.dtype.np), False)


class tensortype(type):
    """The metaclass of torch.FloatTensor and the other typed tensor classes."""

    def __new__(mcs, name, bases, namespace):
        for base in bases:
            if isinstance(base, tensortype):
                raise TypeError("type 'torch.%s' is not an acceptable base type" % base.__name__)
        return super().__new__(mcs, name, bases, namespace)

    def __instancecheck__(cls, obj):
        return isinstance(obj, TensorBase) and obj._data.dtype == cls.dtype.np

    def __subclasscheck__(cls, sub):
        return sub is cls

    def __repr__(cls):
        return "<class 'torch.%s'>" % cls.__name__

    def __call__(cls, *args, **kwargs):
        bad = [k for k in kwargs if k != "device"]
        if bad or len(kwargs) > 1:
            raise _invalid_combination(args, kwargs)
        if "device" in kwargs:
            dev = _device(kwargs["device"]) if kwargs["device"] is not None else None
            if dev is not None and dev.type != "cpu":
                if len(args) == 1 and isinstance(args[0], TensorBase):
                    raise RuntimeError("Legacy tensor constructor of the form torch.Tensor(tensor, device=device) "
                                       "is not supported.  Use torch.tensor(...) or torch.as_tensor(...) instead.")
                raise RuntimeError("legacy constructor expects device type: cpu but device type: %s was passed"
                                   % dev.type)
            if len(args) == 1 and isinstance(args[0], TensorBase):
                raise RuntimeError("Legacy tensor constructor of the form torch.Tensor(tensor, device=device) "
                                   "is not supported.  Use torch.tensor(...) or torch.as_tensor(...) instead.")
        if not args:
            return _sized(cls, (0,))
        if _is_int(args[0]):
            for pos, a in enumerate(args[1:], 2):
                if not _is_size_element(a):
                    raise TypeError("new(): argument 'size' failed to unpack the object at pos %d with error "
                                    "\"type must be tuple of ints,but got %s\"" % (pos, _type_name(a)))
            return _sized(cls, tuple(int(a) for a in args))
        if len(args) > 1:
            raise _invalid_combination(args, kwargs)
        data = args[0]
        if isinstance(data, Size):
            return _sized(cls, tuple(data))
        if isinstance(data, TensorBase):
            if data._data.dtype != cls.dtype.np:
                got = _CPP_NAMES[_dtype_from_numpy(data._data.dtype)]
                raise TypeError("expected %s (got %s)" % (_OPTIONS % _CPP_NAMES[cls.dtype], _OPTIONS % got))
            return data.view_as(data)
        if isinstance(data, str):
            raise TypeError("new(): invalid data type 'str'")
        if isinstance(data, range):
            data = list(data)
        if not isinstance(data, (list, tuple, np.ndarray)):
            raise TypeError("new(): data must be a sequence (got %s)" % _type_name(data))
        return _make_tensor(_data_from(data, cls.dtype.np), False)


def _typed_class(dt):
    cls = tensortype(dt._tensor_type, (), {"dtype": dt, "is_cuda": False, "is_sparse": False,
                                           "__doc__": "torch.%s: CPU tensors of dtype %s" % (dt._tensor_type, dt)})
    cls.__module__ = "torch"
    return cls


# the classes PyTorch 2.13 has (no ComplexFloatTensor / ComplexDoubleTensor classes, though
# Tensor.type() returns and takes their names; no BFloat16Tensor: pyautograd has no bfloat16)
TENSOR_TYPES = {dt._tensor_type: _typed_class(dt)
                for dt in (float16, float32, float64, uint8, int8, int16, int32, int64, bool_)}
# 'torch.FloatTensor' -> float32, for every dtype (Tensor.type's names)
TENSOR_TYPE_NAMES = {"torch." + dt._tensor_type: dt
                     for dt in (float16, float32, float64, complex64, complex128, uint8, int8, int16, int32, int64,
                                bool_)}


def _dtype_of_type(spec, tensor_class):
    """The dtype Tensor.type(spec) converts to: a dtype, a typed tensor class, or its name."""
    if isinstance(spec, dtype):
        return spec
    if isinstance(spec, tensortype):
        return spec.dtype
    if spec is tensor_class:
        return None
    if isinstance(spec, str):
        if spec in TENSOR_TYPE_NAMES:
            return TENSOR_TYPE_NAMES[spec]
        if spec.startswith("torch.cuda.") and "torch." + spec[len("torch.cuda."):] in TENSOR_TYPE_NAMES:
            raise AssertionError("Torch not compiled with CUDA enabled")
        raise ValueError("invalid type: '%s'" % spec)
    if isinstance(spec, type):
        raise ValueError("invalid type: '%s'" % (spec.__module__ + "." + spec.__name__
                                                 if spec.__module__ != "builtins" else spec.__name__))
    raise TypeError("dtype must be a type, str, or dtype object")


tensortype.__module__ = "torch"
