"""The op layer, by name: every op is declared once, in the family module of pyautograd/ops/ it
belongs to (pyautograd/ops/_registry.py tells what a declaration holds):

  ops/_common.py       shared helpers: operands as tensors, dims, PyTorch's argument checks and
                       dtype names, batched-rule shapes, result layout, NumPy's quiet error state
  ops/elementwise.py   arithmetic, unary math, clamp / maximum / minimum / where, comparisons,
                       rounding, dtype copies, _unary / _float_unary / _binary
  ops/shape.py         views and shapes: view, reshape, expand, permute, squeeze, flip, cat,
                       split, tril, diagonal, as_strided, in-place changes through views
  ops/indexing.py      x[index], x[index] = v, narrow / select, gather / scatter, masked_fill
  ops/reductions.py    sum, mean, prod, cumsum, max / min, var / std, norm, logsumexp, softmax
  ops/sorting.py       sort, topk, kthvalue, median, mode, cummax, logcumsumexp, quantile, nansum,
                       var_mean, unique, isin, searchsorted, bucketize, histc, bincount
  ops/linalg.py        matmul, mm, bmm, dot, mv, outer, vdot
  ops/scatter.py       scatter / scatter_reduce, index_add / copy / fill / select, masked_select /
                       masked_scatter, take / put, index_put, diag_embed
  ops/complex.py       conj, real / imag, angle, sgn, view_as_real / view_as_complex, polar
  ops/special.py       erf / erfinv, lgamma / digamma / polygamma, i0 / i1, ndtri, logit, xlogy,
                       zeta, igamma: the compiled core's special-function kernels
  ops/combine.py       einsum, kron, cross, dist / cdist, roll, rot90, narrow_copy, block_diag,
                       tile, repeat_interleave, atleast_*d, meshgrid, cartesian_prod, vander, ...

Each imports only the ones above it. This module re-exports every name of the families
(pyautograd._ops.<name>, used across the Python layer), and `from pyautograd._ops import *`
gives the declared public functions.

The public functions (add, mul, sin, sum, ...) follow their family's declarations; Tensor's
methods and operators call the same functions. Broadcast gradients are reduced to the input's
shape by the engine, so rules return gradients of the broadcast shape. The test specs declared
with the public functions (and the table OP_SPECS in tests/op_specs.py) tell the tests how to
check each op (domain, shapes, options): first and second derivatives, batched backward, 0-d /
broadcast / non-contiguous / zero-size inputs, and (with torch installed) values, grad_fn names
and gradients against PyTorch."""
from .ops._registry import PUBLIC
from .ops._callforms import call_forms
from .ops import _common, elementwise, shape, indexing, reductions, sorting, linalg, complex as _complex, decomp
from .ops import scatter as _scatter, special as _special, combine as _combine

# every name of the op families, as pyautograd._ops.<name>
for _family in (_common, elementwise, shape, indexing, reductions, sorting, linalg, _complex, decomp, _scatter,
                _special, _combine):
    globals().update((k, v) for k, v in vars(_family).items() if not k.startswith("__"))
del _family

# the public functions as users call them: with the call forms PyTorch's parser accepts on top
# of the declared signature (axis=/keepdims=, out=: ops/_callforms.py); the family modules and
# the rules keep calling the declared functions directly
for _name, _public in PUBLIC.items():
    _public.function, _public.method_function = call_forms(_name, _public.function)
    globals()[_name] = _public.function
del _name, _public


# the ops the core's compiled entry points apply (+ - * / neg and 2-D @ 2-D; pyautograd/_bind.py)
FAST_OPS = elementwise.FAST_OPS + (linalg.Mm,)

if ERRSTATE_VAR is None:   # pragma: no cover - older NumPy: every forward in np.errstate
    _quiet_all_forwards()


__all__ = list(PUBLIC)      # the declared public functions (from pyautograd._ops import *)
