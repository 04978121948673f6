"""torch.func's reverse-mode transforms: grad, grad_and_value, vjp, jacrev.

torch.func gives each transform a "level" and wraps tensors per level; here a transform makes
private differentiable stand-ins for the inputs it differentiates (a view of an input that already
requires grad, so an enclosing transform or the user's graph sees through it; a fresh leaf
otherwise) and runs autograd.grad on them (never backward: the inputs' .grad is never touched).
Undoing the level: a result keeps its graph only when it reaches a tensor outside this transform
that requires grad (an enclosing transform's input, a captured tensor, a user's leaf) and grad
mode was on where the transform was called; otherwise it is detached. So grad(grad(f)) and
jacrev(jacrev(f)) give second derivatives, and a top-level transform returns plain tensors.

Inside vmap the stand-ins are per sample (an unmapped input is expanded over the batch) and the
gradients are taken of the physical tensors (pyautograd/_vmap.py). jacrev batches its vjps
through autograd.grad(..., is_grads_batched=True). Forward mode is in _forward.py."""
import functools

import numpy as np

from .._backward import grad as _autograd_grad_fn
from .._ops import cat
from .._tensor import Tensor
from .._creation import zeros, ones, as_tensor
from .._vmap import BatchedTensor, is_batched, current_levels
from ..autograd import forward_ad as fwAD
from ..grad_mode import enable_grad, is_grad_enabled
from ._pytree import tree_flatten, tree_unflatten, tree_map, tree_leaves, treespec_pprint

__all__ = ["grad", "grad_and_value", "vjp", "jacrev"]


# ---- argnums (torch's checks and texts) -------------------------------------------------------
def _wrap_argnum(argnum, num_args):
    if not isinstance(argnum, int):
        raise RuntimeError("argnum must be int, got: %s" % type(argnum))
    if 0 <= argnum < num_args:
        return argnum
    if -num_args <= argnum < 0:
        return argnum + num_args
    raise RuntimeError("Got argnum=%d, but only %d positional inputs" % (argnum, num_args))


def _slice_argnums(args, argnums, as_tuple=True):
    """The differentiated arguments: args[argnums] (as a 1-tuple when as_tuple) or a tuple of them."""
    if not isinstance(argnums, (int, tuple)) or isinstance(argnums, bool):
        raise RuntimeError("argnums must be int or Tuple[int, ...], got: %s" % type(argnums))
    if isinstance(argnums, int):
        i = _wrap_argnum(argnums, len(args))
        return (args[i],) if as_tuple else args[i]
    wrapped = tuple(_wrap_argnum(a, len(args)) for a in argnums)
    if len(wrapped) == 0:
        raise RuntimeError("argnums must be non-empty")
    if len(set(wrapped)) != len(wrapped):
        raise RuntimeError("argnums elements must be unique, got %s" % (wrapped,))
    return tuple(args[i] for i in wrapped)


def _replace_args(args, new, argnums):
    if isinstance(argnums, int):
        i = _wrap_argnum(argnums, len(args))
        return tuple(new if j == i else a for j, a in enumerate(args))
    pos = {_wrap_argnum(a, len(args)): k for k, a in enumerate(argnums)}
    return tuple(new[pos[j]] if j in pos else a for j, a in enumerate(args))


# ---- levels -----------------------------------------------------------------------------------
def _differentiable(x, levels=()):
    """The transform's private stand-in for an input it differentiates. Inside vmap it is per
    sample: an input not mapped over a level is expanded over that level's batch first, so its
    gradient is the per-sample gradient (vmap(grad(f), in_dims=(None, 0)))."""
    if not isinstance(x, Tensor):
        raise ValueError("Thing passed to transform API must be Tensor, got %s" % type(x))
    if levels:
        x = _per_sample(x, list(levels))
    if x.requires_grad:
        return x.view_as(x)
    return _leaf_like(x)


def _levels_of(t):
    out = set()
    while is_batched(t):
        out.add(t._vlevel)
        t = t._phys
    return out


def _expand_levels(args, expand_all):
    """The vmap levels over which a transform's unmapped inputs get per-sample stand-ins: the
    levels some argument is mapped at (vmap(grad(loss), in_dims=(None, 0))), or every active
    level when the function's output turned out batched where an input is not (a batched tensor
    captured by a closure: the transform runs again with per-sample stand-ins). Only those: an
    input whose tangent alone is batched (jacfwd(jacrev(f))) keeps one stand-in for the batch."""
    active = list(current_levels())
    if expand_all or not active:
        return active
    mapped = set()
    for t in tree_leaves(args):
        if isinstance(t, Tensor):
            mapped |= _levels_of(t)
    return [lv for lv in active if lv.level in mapped]


def _needs_per_sample(outputs, stand_ins):
    """Some output is batched at a level where a stand-in is not (its per-sample gradient would
    be summed over the batch)."""
    out_levels = set()
    for o in outputs:
        if isinstance(o, Tensor):
            out_levels |= _levels_of(o)
    return any(out_levels - _levels_of(s) for s in stand_ins)


def _per_sample(x, levels):
    """x batched at every level of `levels` (outer to inner): expanded where it is not."""
    if not levels:
        return x
    inner = levels[-1]
    if is_batched(x) and x._vlevel == inner.level:
        return BatchedTensor(_per_sample(x._phys, levels[:-1]), inner.level)
    y = _per_sample(x, levels[:-1])
    return BatchedTensor(y.unsqueeze(0).expand((inner.size,) + tuple(y.shape)), inner.level)


def _leaf_like(x):
    """A new leaf that requires grad with x's values (a batched x: its physical tensor is the leaf)."""
    if is_batched(x):
        return BatchedTensor(_leaf_like(x._phys), x._vlevel)
    leaf = x.detach().requires_grad_()
    out = fwAD._with_tangents_of(leaf, x)       # a dual input keeps its tangents (forward over reverse)
    if out is not leaf:
        out._stand_in_leaf = leaf       # private too (_ids): the dual is a view of it
    return out


def _strip(t):
    """(the plain physical tensor of t, its vmap levels innermost first)."""
    levels = []
    while is_batched(t):
        levels.append(t._vlevel)
        t = t._phys
    return t, levels


def _dress(t, levels):
    for lv in reversed(levels):
        t = BatchedTensor(t, lv)
    return t


def _ids(tensors):
    out = set()
    for t in tensors:
        while True:
            out.add(id(t))
            leaf = getattr(t, "_stand_in_leaf", None)
            if leaf is not None:
                out.add(id(leaf))
            if not is_batched(t):
                break
            t = t._phys
    return out


class _Private:
    """The stand-ins of one transform call: made from the differentiated pytree, put in the args."""

    def __init__(self, args, argnums, expand_all=False):
        diff = tuple(args) if argnums is None else _slice_argnums(args, argnums, as_tuple=False)
        flat, self.spec = tree_flatten(diff)
        levels = _expand_levels(args, expand_all)
        self.flat = [_differentiable(t, levels) for t in flat]
        self.ids = _ids(self.flat)
        new = tree_unflatten(self.flat, self.spec)
        self.args = new if argnums is None else _replace_args(args, new, argnums)


def _reaches_outside(tensors, private_ids):
    """Does the graph of any of `tensors` reach a leaf that requires grad other than the private
    stand-ins? (Then the results must keep their graph for whoever owns that leaf.)"""
    stack = []
    for t in tensors:
        if isinstance(t, Tensor) and t.requires_grad:
            fn = t.grad_fn
            if fn is None:
                if id(t) not in private_ids:
                    return True
            else:
                stack.append(fn)
    seen = set()
    while stack:
        fn = stack.pop()
        if id(fn) in seen:
            continue
        seen.add(id(fn))
        var = getattr(fn, "variable", None)
        if var is not None:
            if id(var) not in private_ids:
                return True
            continue
        for nxt, _ in fn.next_functions:
            if nxt is not None and id(nxt) not in seen:
                stack.append(nxt)
    return False


def _undo(tree, keep):
    """Results leaving the transform: tensors, detached unless they keep their graph (torch's
    _undo_create_differentiable, with its error for other leaves)."""
    def unwrap(x):
        if isinstance(x, Tensor):
            return x if keep else x.detach()
        raise RuntimeError("Expected tensors, got unsupported type %s" % type(x))
    return tree_map(unwrap, tree)


def _zeros_like(t, batch=None):
    shape = tuple(t.shape) if batch is None else (batch,) + tuple(t.shape)
    return zeros(shape, dtype=t.dtype)


def _autograd_grad(outputs, inputs, grad_outputs=None, retain_graph=False, create_graph=True, batch=None):
    """torch.func's _autograd_grad: gradients of the outputs that require grad (zeros for unused
    inputs, and for all when none does)."""
    if grad_outputs is None:
        pairs = [(o, None) for o in outputs if o.requires_grad]
    else:
        pairs = [(o, g) for o, g in zip(outputs, grad_outputs) if o.requires_grad]
    if not pairs:
        return tuple(_zeros_like(i, batch) for i in inputs)
    outs = tuple(p[0] for p in pairs)
    gos = None if grad_outputs is None else tuple(p[1] for p in pairs)
    if any(is_batched(t) for t in outs + tuple(inputs)):
        return _autograd_grad_batched(outs, inputs, gos, retain_graph, create_graph, batch)
    if gos is not None and batch is None and any(is_batched(g) for g in gos):
        return _vjp_of_batched_cotangents(outs, inputs, gos, retain_graph, create_graph)
    res = _autograd_grad_fn(outs, tuple(inputs), gos, retain_graph=retain_graph, create_graph=create_graph,
                            allow_unused=True, is_grads_batched=batch is not None)
    return tuple(_zeros_like(i, batch) if r is None else r for r, i in zip(res, inputs))


def _vjp_of_batched_cotangents(outs, inputs, gos, retain_graph, create_graph):
    """Plain outputs and inputs, cotangents batched inside vmap (vmap(vjp_fn)(unit_vectors)): one
    batched backward (is_grads_batched) over the cotangents' batch dims, flattened into one."""
    levels = [lv for lv in current_levels() if any(lv.level in _levels_of(g) for g in gos)]
    plain_gos = []
    for o, g in zip(outs, gos):
        pg, _ = _strip(_per_sample(g, levels))
        plain_gos.append(pg.reshape((-1,) + tuple(o.shape)))
    lead = tuple(lv.size for lv in levels)
    res = _autograd_grad_fn(tuple(outs), tuple(inputs), tuple(plain_gos), retain_graph=retain_graph,
                            create_graph=create_graph, allow_unused=True, is_grads_batched=True)
    ids = [lv.level for lv in reversed(levels)]       # innermost first, as _dress takes them
    out = []
    for r, i in zip(res, inputs):
        if r is None:
            r = zeros(lead + tuple(i.shape), dtype=i.dtype)
        out.append(_dress(r.reshape(lead + tuple(i.shape)), ids))
    return tuple(out)


def _autograd_grad_batched(outs, inputs, gos, retain_graph, create_graph, batch):
    """_autograd_grad inside vmap: on the physical tensors. Samples do not interact, so the
    gradient of the physical outputs with respect to the per-sample physical inputs is every
    sample's gradient; a cotangent the same for every sample is expanded over the batch, and
    the rows of a batched vjp (jacrev) go after the batch dims."""
    plain_outs, plain_gos = [], []
    for k, o in enumerate(outs):
        po, levels = _strip(o)
        plain_outs.append(po)
        g = None if gos is None else gos[k]
        if g is None:
            plain_gos.append(ones(tuple(po.shape), dtype=po.dtype))
            continue
        # the cotangent batched as the output is (expanded over the levels it is not mapped at)
        pg, _ = _strip(_per_sample(g, [lv for lv in current_levels() if lv.level in levels]))
        plain_gos.append(pg.movedim(len(levels), 0) if batch is not None and levels else pg)
    plain_in, in_levels = zip(*[_strip(i) for i in inputs])
    res = _autograd_grad_fn(tuple(plain_outs), tuple(plain_in), tuple(plain_gos), retain_graph=retain_graph,
                            create_graph=create_graph, allow_unused=True, is_grads_batched=batch is not None)
    out = []
    for r, pi, lv, i in zip(res, plain_in, in_levels, inputs):
        if r is None:
            r = zeros(((batch,) if batch is not None else ()) + tuple(pi.shape), dtype=pi.dtype)
        if batch is not None and lv:
            r = r.movedim(0, len(lv))
        out.append(_dress(r, lv))
    return tuple(out)


# ---- grad / grad_and_value --------------------------------------------------------------------
def _grad_and_value(func, argnums, has_aux, args, kwargs):
    outer_grad = is_grad_enabled()
    with enable_grad():
        priv = _Private(args, argnums)
        output = func(*priv.args, **kwargs)
        if current_levels() and _needs_per_sample(tree_leaves(output), priv.flat):
            priv = _Private(args, argnums, expand_all=True)
            output = func(*priv.args, **kwargs)
        aux = None
        if has_aux:
            if not (isinstance(output, tuple) and len(output) == 2):
                raise RuntimeError("grad_and_value(f)(*args): output of function f should be a tuple: (output, aux) "
                                   "if has_aux is True")
            output, aux = output
        if not isinstance(output, Tensor):
            raise RuntimeError("grad_and_value(f)(*args): Expected f(*args) to return a Tensor, got %s"
                               % type(output))
        if output.dim() != 0:
            raise RuntimeError("grad_and_value(f)(*args): Expected f(*args) to return a scalar Tensor, got tensor "
                               "with %d dims. Maybe you wanted to use the vjp or jacrev APIs instead?" % output.dim())
        keep = outer_grad and _reaches_outside([output] + tree_leaves(aux), priv.ids)
        # retained when kept: the enclosing graph goes through this one's nodes (torch's levels have
        # separate graphs; here the levels share one)
        flat_grads = _autograd_grad((output,), priv.flat, retain_graph=keep, create_graph=keep)
        grads = tree_unflatten(flat_grads, priv.spec)
        output = _undo(output, keep)
        if has_aux:
            aux = _undo(aux, keep)
    return grads, ((output, aux) if has_aux else output)


def grad_and_value(func, argnums=0, has_aux=False):
    """torch.func.grad_and_value: a function returning (gradient, value) of a scalar function
    with respect to the arguments at `argnums` ((gradient, (value, aux)) with has_aux)."""
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return _grad_and_value(func, argnums, has_aux, args, kwargs)
    return wrapper


def grad(func, argnums=0, has_aux=False):
    """torch.func.grad: a function returning the gradient of a scalar function with respect to
    the arguments at `argnums` ((gradient, aux) with has_aux). Composable: grad(grad(f))."""
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        grads, value = _grad_and_value(func, argnums, has_aux, args, kwargs)
        return (grads, value[1]) if has_aux else grads
    return wrapper


# ---- vjp --------------------------------------------------------------------------------------
class _VjpState:
    """A vjp's forward: the private inputs, the flat outputs and whether results keep graphs."""

    def __init__(self, api, func, primals, argnums, has_aux):
        outer_grad = is_grad_enabled()
        with enable_grad():
            self.priv = _Private(primals, argnums)
            out = func(*self.priv.args)
            if current_levels() and _needs_per_sample(tree_leaves(out), self.priv.flat):
                self.priv = _Private(primals, argnums, expand_all=True)
                out = func(*self.priv.args)
            self.aux = None
            if has_aux:
                if not (isinstance(out, tuple) and len(out) == 2):
                    raise RuntimeError("%s: output of function f should be a tuple: (output, aux) if has_aux is True"
                                       % api)
                out, self.aux = out
            flat, self.out_spec = tree_flatten(out)
            if (len(flat) == 1 and flat[0] is None) or len(flat) < 1:
                raise RuntimeError("%s: Expected f to be a function that has non-empty output (got output = %s)"
                                   % (api, flat))
            for o in flat:
                if not isinstance(o, Tensor):
                    raise RuntimeError("%s: expected f(*primals) to return only tensors, got unsupported type %s"
                                       % (api, type(o)))
            for o in flat:
                if not (o.is_floating_point() or o.is_complex()):
                    raise RuntimeError("vjp(f, ...): All outputs of f must be floating-point or complex Tensors, "
                                       "got Tensor with dtype %s" % o.dtype)
            self.flat_out = flat
            self.keep = outer_grad and _reaches_outside(flat + tree_leaves(self.aux), self.priv.ids)
            self.output = _undo(out, self.keep)
            if has_aux:
                self.aux = _undo(self.aux, self.keep)

    def create_graph(self, create_graph, flat_cotangents):
        if create_graph is None:
            create_graph = is_grad_enabled()
        return bool(create_graph) and (self.keep or any(isinstance(c, Tensor) and c.requires_grad
                                                         for c in flat_cotangents))

    def vjp_fn(self, cotangents, retain_graph=True, create_graph=None):
        flat_ct, ct_spec = tree_flatten(cotangents)
        if ct_spec != self.out_spec:
            raise RuntimeError("Expected pytree structure of cotangents to be the same as pytree structure of "
                               "outputs to the function. cotangents: %s, primal output: %s"
                               % (treespec_pprint(ct_spec), treespec_pprint(self.out_spec)))
        with enable_grad():
            res = _autograd_grad(self.flat_out, self.priv.flat, flat_ct, retain_graph=retain_graph,
                                 create_graph=self.create_graph(create_graph, flat_ct))
        return tree_unflatten(res, self.priv.spec)


def vjp(func, *primals, has_aux=False):
    """torch.func.vjp: (func(*primals), vjp_fn) where vjp_fn(cotangents) returns the tuple of the
    vector-Jacobian products with the primals ((output, vjp_fn, aux) with has_aux)."""
    st = _VjpState("vjp(f, *primals)", func, primals, None, has_aux)

    def vjp_fn(cotangents, retain_graph=True, create_graph=None):
        return st.vjp_fn(cotangents, retain_graph, create_graph)
    if has_aux:
        return st.output, vjp_fn, st.aux
    return st.output, vjp_fn


# ---- jacrev / hessian -------------------------------------------------------------------------
def _error_if_complex(api, tree, is_input):
    for idx, t in enumerate(tree_leaves(tree)):
        if isinstance(t, Tensor) and t._data.dtype.kind == "c":
            raise RuntimeError("%s: Expected all %s to be real but received complex tensor at flattened input idx: %d"
                               % (api, "inputs" if is_input else "outputs", idx))


def _basis_chunks(flat_out, numels, chunk_size):
    """torch's _chunked_standard_basis_for_: rows [start, stop) of the identity over the
    concatenated outputs, one (rows, *out.shape) block per output."""
    total = sum(numels)
    step = total if not chunk_size or chunk_size >= total else chunk_size
    offsets = np.cumsum([0] + list(numels))
    for start in range(0, total, step):
        stop = min(start + step, total)
        rows = np.arange(start, stop)
        blocks = []
        for o, n, off in zip(flat_out, numels, offsets):
            b = np.zeros((stop - start, n), dtype=o._data.dtype)
            mine = (rows >= off) & (rows < off + n)
            b[np.nonzero(mine)[0], rows[mine] - off] = 1
            blocks.append(as_tensor(b.reshape((stop - start,) + tuple(o.shape))))
        yield stop - start, blocks


def jacrev(func, argnums=0, *, has_aux=False, chunk_size=None):
    """torch.func.jacrev: the Jacobian of func with respect to the arguments at `argnums` by
    reverse mode, one vjp per output element, batched (`chunk_size` rows at a time; all at once
    by default) through autograd.grad(..., is_grads_batched=True). The result is the output's
    pytree of the inputs' pytrees of (*out.shape, *in.shape) blocks."""
    if not (chunk_size is None or chunk_size > 0):
        raise ValueError("jacrev: `chunk_size` should be greater than 0.")

    @functools.wraps(func)
    def wrapper(*args):
        _error_if_complex("jacrev", args, True)
        st = _VjpState("vjp(f, *primals)", func, args, argnums, has_aux)
        flat_out = st.flat_out
        _error_if_complex("jacrev", flat_out, False)
        numels = [o.numel() for o in flat_out]
        flat_in = st.priv.flat
        per_input = [[] for _ in flat_in]
        with enable_grad():
            for rows, blocks in _basis_chunks(flat_out, numels, chunk_size):
                cg = st.create_graph(None, blocks)
                if chunk_size == 1:
                    res = _autograd_grad(flat_out, flat_in, [b[0] for b in blocks], retain_graph=True,
                                         create_graph=cg)
                    res = [r.unsqueeze(0) for r in res]
                else:
                    res = _autograd_grad(flat_out, flat_in, blocks, retain_graph=True, create_graph=cg, batch=rows)
                for acc, r in zip(per_input, res):
                    acc.append(r)
        stacked = [acc[0] if len(acc) == 1 else cat(acc, 0) for acc in per_input]
        # per output, per input: rows of that output reshaped to out.shape + in.shape
        offsets = np.cumsum([0] + numels)
        jac_out_in = []
        for k, o in enumerate(flat_out):
            row = []
            for s, i in zip(stacked, flat_in):
                piece = s[int(offsets[k]):int(offsets[k + 1])]
                row.append(piece.reshape(tuple(o.shape) + tuple(i.shape)))
            jac_out_in.append(tree_unflatten(row, st.priv.spec))
        result = tree_unflatten(jac_out_in, st.out_spec)
        if has_aux:
            return result, st.aux
        return result
    return wrapper
