"""The one place the Python layer hands the compiled core what it needs from it.

Imports go one way: the Python modules import pyautograd._core, never the reverse. The core
holds a few Python-level functions (the Tensor class it allocates, the engine's differentiable
reduction, the in-place-on-view machinery, the rule namespace of plain backward, ...); they are
passed here, once, when pyautograd is imported (pyautograd/__init__.py)."""
import numpy as np

from . import _core, _ops, _tensor
from ._core import _make_tensor
from ._dtype import _dtype_from_numpy
from .ops import rule_functions  # noqa: F401 - declares the rule helpers (F.saved, F.expand, ...)
from .ops._registry import bind_public_functions, ARRAY

bind_public_functions(vars(_ops))   # F.<fn> of every declared op with an array form

_core.bind_python_layer(
    tensor_class=_tensor.Tensor,
    dtype_from_numpy=_dtype_from_numpy,
    sum_to=_ops.sum_to,
    zeros=lambda shape, npdtype: _make_tensor(np.zeros(shape, dtype=npdtype)),
    copy_grad=_tensor._copy_grad,
    # plain backward runs rules on arrays only where NumPy's error state can be switched from C
    array_rules=ARRAY if _ops.ERRSTATE_VAR is not None else None,
    view_positions=_ops._view_positions,
    view_write=_ops._view_write,
    view_regenerate=_ops._view_regenerate,
    iter_layout=_ops._iter_layout,
    fast_ops=_ops.FAST_OPS,
    slow_binary=_ops.SLOW_BINARY,
    errstate_var=_ops.ERRSTATE_VAR,
    errstate_quiet=_ops.ERRSTATE_QUIET,
)
