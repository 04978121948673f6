"""torch.func.vmap: a function mapped over a dim of its inputs, run once on the whole batch.

    vmap(torch.dot)(xs, ys)                       # one dot per row
    vmap(grad(loss), in_dims=(None, 0, 0))(w, xs, ys)   # per-sample gradients

Each call is a vmap level (pyautograd/_vmap.py): the mapped inputs enter the function as batched
tensors of that level, every op on them runs its batching rule (pyautograd/ops/batching.py), and
the outputs leave with the batch at `out_dims`. Errors and their texts are torch.func's."""
import functools

from .._tensor import Tensor
from .._ops import cat
from .._vmap import BatchedTensor, vmap_level, is_batched, unwrap_to_level
from ._pytree import tree_flatten, tree_unflatten, _node_kind

__all__ = ["vmap"]

_RANDOMNESS = ("error", "different", "same")


def _name(func):
    return getattr(func, "__name__", repr(func))


def _broadcast_in_dims(in_dims, args, api, what="in_dims", of="inputs"):
    """in_dims as one entry per leaf of args (in_dims is a prefix of args' pytree); the same for
    out_dims and the outputs."""
    flat_args, spec = tree_flatten(args)
    if in_dims is None or (isinstance(in_dims, int) and not isinstance(in_dims, bool)):
        return flat_args, spec, [in_dims] * len(flat_args)
    out = []

    def walk(d, a):
        if d is None or (isinstance(d, int) and not isinstance(d, bool)):
            out.extend([d] * len(tree_flatten(a)[0]))
            return
        kind = _node_kind(d)
        if kind is None or kind != _node_kind(a) or len(d) != len(a) or \
                (kind in ("dict", "odict") and set(d) != set(a)):
            raise ValueError("%s: %s is not compatible with the structure of `%s`. %s has structure %s but %s has "
                             "structure %s." % (api, what, of, what, tree_flatten(d)[1], of, tree_flatten(a)[1]))
        if kind in ("dict", "odict"):
            for k in a:
                walk(d[k], a[k])
        else:
            for dd, aa in zip(d, a):
                walk(dd, aa)
    walk(in_dims, args)
    return flat_args, spec, out


def _check_in_dims_type(in_dims, api):
    if not (isinstance(in_dims, int) and not isinstance(in_dims, bool)) and not isinstance(in_dims, tuple):
        raise ValueError("%s: expected `in_dims` to be int or a (potentially nested) tuple matching the structure of "
                         "inputs, got: %s." % (api, type(in_dims)))


def _batch_size(flat_args, flat_dims, api):
    sizes = []
    for a, d in zip(flat_args, flat_dims):
        if d is None:
            continue
        if not isinstance(a, Tensor):
            raise ValueError("%s: Got in_dim=%d for an input but the input is of type %s. We cannot vmap over non-Tensor "
                             "arguments, please use None as the respective in_dim" % (api, d, type(a)))
        n = a.dim()
        if not (-n <= d < n):
            raise ValueError("%s: Got in_dim=%d for some input, but that input is a Tensor of dimensionality %d so "
                             "expected in_dim to satisfy -%d <= in_dim < %d." % (api, d, n, n, n))
        sizes.append(a.shape[d])
    if not sizes:
        raise ValueError("%s: at least one input must be mapped over (got in_dims=None for every input); vmap needs "
                         "a batch size" % api.split("(<inputs>)")[0])
    if any(s != sizes[0] for s in sizes):
        raise ValueError("vmap: Expected all tensors to have the same size in the mapped dimension, got sizes %s for "
                         "the mapped dimension" % sizes)
    return sizes[0]


def _enter(x, d, level):
    """x as a batched tensor of `level`, mapped over its dim d."""
    if d is None:
        return x
    return BatchedTensor(x if d == 0 else x.movedim(d, 0), level)


def _leave(out, out_dim, level, size, fname):
    """An output of the mapped function with its batch at out_dim (an unbatched output is expanded)."""
    if out_dim is None:
        if isinstance(out, Tensor) and is_batched(out) and out._vlevel == level:
            raise ValueError("vmap(%s, ...): `%s` can not return a BatchedTensor when out_dim is None" % (fname, fname))
        return out
    if not isinstance(out, Tensor):
        raise ValueError("vmap(%s, ...): `%s` must only return Tensors, got type %s. Did you mean to set out_dims= to "
                         "None for output?" % (fname, fname, type(out)))
    value, batched = unwrap_to_level(out, level)
    if not batched:
        value = value.unsqueeze(0).expand((size,) + tuple(value.shape))
    n = value.dim()
    if not (-n <= out_dim < n):
        raise IndexError("Dimension out of range (expected to be in range of [%d, %d], but got %d)" % (-n, n - 1, out_dim))
    return value.movedim(0, out_dim) if out_dim % n != 0 else value


def _out_dims_flat(out_dims, out, fname):
    if isinstance(out_dims, tuple) and len(out_dims) == 1 and not isinstance(out, tuple):
        out_dims = out_dims[0]
    return _broadcast_in_dims(out_dims, out, "vmap(%s, ..., out_dims=%s)(<inputs>)" % (fname, out_dims),
                              "out_dims", "outputs")[2]


def _run(func, fname, flat_args, spec, flat_dims, size, out_dims, randomness, kwargs):
    with vmap_level(size, randomness) as lv:
        entered = [_enter(a, d, lv.level) for a, d in zip(flat_args, flat_dims)]
        out = func(*tree_unflatten(entered, spec), **kwargs)
        flat_out, out_spec = tree_flatten(out)
        dims = _out_dims_flat(out_dims, out, fname)
        res = [_leave(o, d, lv.level, size, fname) for o, d in zip(flat_out, dims)]
    return res, out_spec, dims


def vmap(func, in_dims=0, out_dims=0, randomness="error", *, chunk_size=None):
    """torch.func.vmap: func mapped over dim `in_dims` of its inputs (per input, as a pytree
    prefix of the arguments; None: not mapped), the outputs stacked at `out_dims`. randomness:
    "error" (random ops raise), "different" (each sample draws its own), "same" (one draw
    shared by the batch). chunk_size: run that many samples at a time (less memory)."""
    if randomness not in _RANDOMNESS:
        raise RuntimeError("Only allowed values for randomness are 'error', 'different', or 'same'. Got %s"
                           % randomness)
    if chunk_size is not None and not (isinstance(chunk_size, int) and chunk_size > 0):
        raise ValueError("vmap: chunk_size should be None or greater than 0. (got %s)" % chunk_size)
    fname = _name(func)

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return _vmap_call(func, fname, in_dims, out_dims, randomness, chunk_size, args, kwargs)
    return wrapper


def _vmap_call(func, fname, in_dims, out_dims, randomness, chunk_size, args, kwargs):
    """vmap(func, in_dims, out_dims, randomness, chunk_size=chunk_size)(*args, **kwargs)."""
    api = "vmap(%s, in_dims=%s, ...)(<inputs>)" % (fname, in_dims)
    if not args:
        raise ValueError("vmap(%s)(<inputs>): got no inputs. Maybe you forgot to add inputs, or you are trying to "
                         "vmap over a function with no inputs. The latter is unsupported." % fname)
    _check_in_dims_type(in_dims, api)
    flat_args, spec, flat_dims = _broadcast_in_dims(in_dims, args, api)
    size = _batch_size(flat_args, flat_dims, api)
    flat_dims = [None if d is None else d % flat_args[i].dim() for i, d in enumerate(flat_dims)]
    if chunk_size is None or chunk_size >= size:
        res, out_spec, _ = _run(func, fname, flat_args, spec, flat_dims, size, out_dims, randomness, kwargs)
        return tree_unflatten(res, out_spec)
    pieces = []
    for start in range(0, size, chunk_size):
        n = min(chunk_size, size - start)
        chunk = [a if d is None else a.narrow(d, start, n) for a, d in zip(flat_args, flat_dims)]
        pieces.append(_run(func, fname, chunk, spec, flat_dims, n, out_dims, randomness, kwargs))
    out_spec, dims = pieces[0][1], pieces[0][2]
    res = []
    for k, d in enumerate(dims):
        if d is None:
            res.append(pieces[0][0][k])
        else:
            res.append(cat([p[0][k] for p in pieces], d))
    return tree_unflatten(res, out_spec)
