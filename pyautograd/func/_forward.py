"""torch.func's forward-mode transforms: jvp, linearize, jacfwd (and hessian = jacfwd(jacrev)).

jvp runs the function once on dual tensors (pyautograd.autograd.forward_ad). jacfwd pushes the
whole standard basis through at once: vmap over the basis tangents of jvp, so each op's jvp
rule runs once on a batch of tangents (the tangents are batched tensors; the primals are not).
pyautograd has one forward-AD level, as torch.autograd.forward_ad: a jvp inside a jvp (jacfwd
of jacfwd) is refused with an error; forward-over-reverse (jacfwd of jacrev, hessian) works."""
import functools

import numpy as np

from .._tensor import Tensor
from .._creation import zeros_like
from ..autograd import forward_ad as fwAD
from ..autograd.functional import _standard_basis
from ._pytree import tree_flatten, tree_unflatten, treespec_pprint
from ._transforms import _slice_argnums, _replace_args, _error_if_complex, jacrev
from ._vmap import _vmap_call

__all__ = ["jvp", "linearize", "jacfwd", "hessian"]

_API = "jvp(f, primals, tangents)"


def _check_primals(primals, tangents):
    if not isinstance(primals, tuple):
        raise RuntimeError("%s: Expected primals to be a tuple. E.g. it should be valid to call f(*primals)." % _API)
    flat_p, spec_p = tree_flatten(primals)
    flat_t, spec_t = tree_flatten(tangents)
    if spec_p != spec_t:
        raise RuntimeError("%s: Expected primals and tangents to have the same python structure. For example, if "
                           "primals is a tuple of 3 tensors, tangents also must be. Got primals with structure %s "
                           "and tangents with structure %s" % (_API, treespec_pprint(spec_p), treespec_pprint(spec_t)))
    if not flat_p:
        raise RuntimeError("%s: Expected primals to contain at least one Tensor." % _API)
    for p in flat_p:
        if not isinstance(p, Tensor):
            raise RuntimeError("%s: Expected primals to only contain Tensors, got %s" % (_API, type(p)))
    for t in flat_t:
        if not isinstance(t, Tensor):
            raise RuntimeError("%s: Expected tangents to only contain Tensors, got %s" % (_API, type(t)))
    return flat_p, flat_t, spec_p


def _jvp(func, primals, tangents, has_aux):
    flat_p, flat_t, spec = _check_primals(primals, tangents)
    level = fwAD._enter_level()         # nested inside an enclosing jvp's level, if any
    try:
        duals = [fwAD.make_dual(p, t, level=level) for p, t in zip(flat_p, flat_t)]
        out = func(*tree_unflatten(duals, spec))
        aux = None
        if has_aux:
            if not (isinstance(out, tuple) and len(out) == 2):
                raise RuntimeError("%s: output of function f should be a tuple: (output, aux) if has_aux is True" % _API)
            out, aux = out
        flat_out, out_spec = tree_flatten(out)
        for o in flat_out:
            if not isinstance(o, Tensor):
                raise RuntimeError("%s: expected f(*primals) to return only tensors, got unsupported type %s"
                                   % (_API, type(o)))
        prim, tang = [], []
        for o in flat_out:
            p, t = fwAD.unpack_dual(o, level=level)
            prim.append(p)
            tang.append(zeros_like(p) if t is None else t)
        if has_aux:
            aux = tree_unflatten([fwAD.unpack_dual(a, level=level).primal if isinstance(a, Tensor) else a
                                  for a in tree_flatten(aux)[0]], tree_flatten(aux)[1])
    finally:
        fwAD.exit_dual_level(level=level)
    return tree_unflatten(prim, out_spec), tree_unflatten(tang, out_spec), aux


def jvp(func, primals, tangents, *, strict=False, has_aux=False):
    """torch.func.jvp: (func(*primals), J @ tangents) by one forward-mode pass
    ((output, jvp_out, aux) with has_aux)."""
    out, tang, aux = _jvp(func, primals, tangents, has_aux)
    return (out, tang, aux) if has_aux else (out, tang)


def linearize(func, *primals):
    """torch.func.linearize: (func(*primals), jvp_fn) where jvp_fn(*tangents) is the jvp at primals.
    (torch traces the linearized function once; here jvp_fn reruns the forward-mode pass.)"""
    out, _, _ = _jvp(func, primals, tuple(zeros_like(p) for p in primals), False)
    flat_p = tree_flatten(primals)[0]

    def jvp_fn(*tangents):
        flat_t, _ = tree_flatten(tangents)
        for k, (p, t) in enumerate(zip(flat_p, flat_t)):
            if tuple(t.shape) != tuple(p.shape):
                raise RuntimeError("tangent:%d with shape %s in flattened pytree doesn't match the shape %s of the "
                                   "corresponding primal." % (k, t.shape, p.shape))
        return _jvp(func, primals, tangents, False)[1]
    return out, jvp_fn


def _basis(flat):
    """The standard basis of the concatenated inputs: one (N, *input.shape) tangent per input."""
    numels = [p.numel() for p in flat]
    blocks = _standard_basis(flat, numels)
    return [b.reshape((sum(numels),) + tuple(p.shape)) for b, p in zip(blocks, flat)], numels


def jacfwd(func, argnums=0, has_aux=False, *, randomness="error"):
    """torch.func.jacfwd: the Jacobian of func with respect to the arguments at `argnums` by
    forward mode (vmap of jvp over the standard basis: one batched forward pass)."""
    if randomness not in ("error", "different", "same"):
        raise RuntimeError("Only allowed values for randomness are 'error', 'different', or 'same'. Got %s"
                           % randomness)

    @functools.wraps(func)
    def wrapper(*args):
        _error_if_complex("jacfwd", args, True)
        diff = _slice_argnums(args, argnums, as_tuple=False)
        flat_p, spec = tree_flatten(diff)
        basis, numels = _basis(flat_p)

        def at(d):
            return func(*_replace_args(args, d, argnums))

        def push(*tangents):
            out, tang, aux = _jvp(at, (tree_unflatten(flat_p, spec),), (tree_unflatten(list(tangents), spec),),
                                  has_aux)
            return (tang, out, aux) if has_aux else (tang, out)
        res = _vmap_call(push, "push", 0, (0, None, None) if has_aux else (0, None), randomness, None, basis, {})
        tangents, out = res[0], res[1]
        flat_out, out_spec = tree_flatten(out)
        _error_if_complex("jacfwd", flat_out, False)
        flat_t = tree_flatten(tangents)[0]
        offsets = np.cumsum([0] + numels)
        jac = []
        for o, t in zip(flat_out, flat_t):
            # t: (N, *o.shape) -> per input (*o.shape, *input.shape)
            row = []
            nd_o = o.dim()
            for k, p in enumerate(flat_p):
                piece = t if len(flat_p) == 1 else t[int(offsets[k]):int(offsets[k + 1])]
                shape = tuple(p.shape) + tuple(o.shape)
                if tuple(piece.shape) != shape:
                    piece = piece.reshape(shape)
                perm = tuple(range(p.dim(), p.dim() + nd_o)) + tuple(range(p.dim()))
                row.append(piece.permute(perm) if perm and perm != tuple(range(len(perm))) else piece)
            jac.append(tree_unflatten(row, spec))
        result = tree_unflatten(jac, out_spec)
        if has_aux:
            return result, res[2]
        return result
    return wrapper


def hessian(func, argnums=0):
    """torch.func.hessian: the Hessian of a scalar func with respect to the arguments at
    `argnums`, as torch composes it: jacfwd(jacrev(func)) (forward over reverse)."""
    return jacfwd(jacrev(func, argnums), argnums)
