"""pyautograd: PyTorch's autograd API over NumPy, with a compiled engine.

    import pyautograd as torch
    x = torch.arange(4.0, requires_grad=True)
    y = 2 * torch.dot(x, x)
    y.backward()
    x.grad            # tensor([ 0.,  4.,  8., 12.])
"""
import importlib.machinery as _machinery
import os as _os
import sys as _sys


def _installed_core_folder():
    """Where to take the compiled core from when this folder has none: a source checkout first on
    sys.path (`python -m pytest` in the repository root puts it there) in front of an installed
    pyautograd (`pip install .`, a wheel or the sdist). None when this folder has its own core."""
    here = _os.path.dirname(_os.path.abspath(__file__))

    def has_core(folder):
        return any(_os.path.exists(_os.path.join(folder, "_core" + s)) for s in _machinery.EXTENSION_SUFFIXES)
    if has_core(here):
        return None
    for entry in _sys.path:
        folder = _os.path.join(entry or _os.getcwd(), "pyautograd")
        if _os.path.realpath(folder) != _os.path.realpath(here) and has_core(folder):
            return folder
    return None


_core_folder = _installed_core_folder()
if _core_folder is not None:
    # the checkout's Python layer over the installed build's core (the same version when the
    # checkout is what was installed); without an installed build the import below fails as usual
    __path__.append(_core_folder)
del _core_folder

from . import _core, _dtype  # noqa: E402
from ._dtype import (dtype, float16, float32, float64, complex64, complex128, uint8, int8, int16, int32, int64,
                     half, double, cfloat, cdouble, short, long, get_default_dtype, set_default_dtype)
from ._dtype import bool_ as bool  # noqa: A001 - torch.bool
from ._dtype import float, int  # noqa: A001 - torch.float / torch.int are dtypes
from ._device import device, set_default_device, get_default_device
from ._tensortype import tensortype, TENSOR_TYPES as _TENSOR_TYPES
from ._tensor import Tensor, tensor, Size, _inplace_functions
from . import _bind  # noqa: F401 - hands the core what it needs from the Python layer
from ._tensor_str import set_printoptions
from ._ops import *  # noqa: F401,F403 - the public op functions
from ._ops import (add, sub, mul, div, pow, neg, abs, exp, log, sqrt, sin, cos, tanh, sigmoid, relu, clamp,
                   clip, maximum, minimum, where, matmul, mm, bmm, dot, outer, sum, mean, prod, max, min,
                   amax, amin, argmax, argmin, var, std, logsumexp, norm, reshape, flatten, squeeze,
                   unsqueeze, transpose, permute, t, cat, stack, split, chunk, softmax, log_softmax, round,
                   all, any, tril, triu)
from ._creation import (arange, linspace, logspace, zeros, ones, full, eye, zeros_like, ones_like, full_like,
                        empty, empty_like, rand, randn, randint, rand_like, randn_like, randint_like, randperm,
                        normal, bernoulli, multinomial, manual_seed, seed, initial_seed, get_rng_state,
                        set_rng_state, Generator, default_generator, from_numpy, as_tensor, asarray,
                        scalar_tensor, diag, trace, pi, e, inf, nan)
from .grad_mode import (no_grad, enable_grad, set_grad_enabled, inference_mode, is_grad_enabled,
                        is_inference_mode_enabled, is_inference)
from . import autograd
from . import linalg
from . import nn, optim
from . import func
from .func import vmap
from .serialization import save, load
from . import utils
from . import profiler
from . import accelerator
from . import special  # torch.special
from ._install import install_as_torch, uninstall_as_torch
from . import _creation
from .ops._registry import PUBLIC as _PUBLIC, NOT_PACKAGE_FUNCTIONS as _NOT_PACKAGE_FUNCTIONS

globals().update(_TENSOR_TYPES)  # torch.FloatTensor, torch.LongTensor, ...
_INPLACE_FUNCTIONS = {n: f for n, f in _inplace_functions().items() if n not in _NOT_PACKAGE_FUNCTIONS}
globals().update(_INPLACE_FUNCTIONS)  # torch.sin_(x), torch.exp_(x), ...
for _name in _NOT_PACKAGE_FUNCTIONS:
    globals().pop(_name, None)        # Tensor methods only (x.view, x.scatter_), as in PyTorch
del _name

from ._version import __version__  # noqa: E402


from . import cuda  # noqa: E402 - torch.cuda without CUDA


def is_tensor(obj):
    """Whether ``obj`` is a pyautograd tensor (an instance of ``pyautograd.Tensor``, or a subclass such
    as ``nn.Parameter``).

    Example::

        >>> pa.is_tensor(pa.tensor([1.0])), pa.is_tensor([1.0])
        (True, False)
    """
    return isinstance(obj, Tensor)


def adjoint(input):
    """The conjugate transpose of the last two dims, as a view (Tensor.adjoint)."""
    return input.adjoint()


def numel(input):
    """The number of elements of ``input`` (the product of its sizes), as ``input.numel()``.

    Example::

        >>> pa.numel(pa.zeros(2, 3))
        6
    """
    return input.numel()


def is_floating_point(input):
    """Whether the dtype of ``input`` is a floating point one (``float16``, ``float32``, ``float64``),
    as ``input.is_floating_point()``.

    Example::

        >>> pa.is_floating_point(pa.tensor([1.0])), pa.is_floating_point(pa.tensor([1]))
        (True, False)
    """
    return input.is_floating_point()


def get_num_threads():
    """The number of threads pyautograd's operations use: 1 (NumPy computes them; its BLAS library's
    own threads are set by environment variables such as ``OMP_NUM_THREADS``).

    Example::

        >>> pa.get_num_threads()
        1
    """
    return 1


def set_num_threads(n):
    """Accepted for PyTorch compatibility and ignored: pyautograd's operations run in one thread
    (NumPy's BLAS library's threads are set by environment variables such as
    ``OMP_NUM_THREADS`` before import).

    Example::

        >>> pa.set_num_threads(4)
        >>> pa.get_num_threads()
        1
    """


def _live_nodes():
    """Graph nodes alive right now (debug counter)."""
    return _core._live_node_count()


# `from pyautograd import *`: the declared op functions (pyautograd/ops/_registry.py PUBLIC), their
# in-place forms, and what this module imports or defines for users; never NumPy or internals
def _public_names():
    names = [n for n in _PUBLIC if n not in _NOT_PACKAGE_FUNCTIONS] + list(_INPLACE_FUNCTIONS)
    names += [n for n in ("Tensor", "tensor", "Size", "set_printoptions", "no_grad", "enable_grad",
                          "set_grad_enabled", "inference_mode", "is_grad_enabled", "is_inference_mode_enabled", "is_inference",
                          "autograd", "func", "vmap", "utils", "profiler", "nn", "optim", "linalg", "special", "save", "load", "device", "cuda", "accelerator",
                          "set_default_device", "get_default_device", "is_tensor", "numel",
                          "is_floating_point", "get_num_threads", "set_num_threads", "bool", "float", "int")]
    names += list(_TENSOR_TYPES)
    names += [n for n, v in vars(_dtype).items() if isinstance(v, _dtype.dtype)]
    names += ["dtype", "get_default_dtype", "set_default_dtype"]
    names += [n for n in vars(_creation) if not n.startswith("_") and n in globals()
              and getattr(globals()[n], "__module__", None) in ("pyautograd._creation", "pyautograd._random", None)]
    return sorted(set(n for n in names if n in globals()))


__all__ = _public_names()
