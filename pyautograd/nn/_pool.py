"""torch.nn.functional pooling and resampling: max / avg / adaptive / lp pooling, max unpooling
(1d, 2d, 3d), interpolate, pixel_shuffle / pixel_unshuffle, channel_shuffle.

Every kernel is one of a few linear shapes, each an op pair whose rules are each other, so every
derivative order is exact (gradgradcheck) and every jvp is the op on the tangent:
  - max pooling (and adaptive max) is a gather: out[..., o] = x[..., idx[o]] over the flattened
    spatial dims, the indices found once in the forward by torch's scan over the window in order
    (a value replaces the maximum when greater, or when nan: the first maximum wins a tie, the
    last nan wins; a window of only -inf starts at its first real element). Its vjp scatters g
    back to idx (a scatter-add op whose own vjp is the gather again).
  - max unpooling is a scatter (assignment) whose vjp is the gather at the same indices.
  - average pooling (plain and adaptive) and interpolation are weighted window sums: each output
    the sum of its window's real elements (padding adds nothing) times the window's weight
    (torch's 1 / divisor, a product of per-dim factors, or 1 / divisor_override; interpolation: a
    weight per tap); the vjp adds g times the weights back to the window's elements (the
    transpose, an op whose vjp is the window sum again). Never a dense matrix product: a nan or
    inf stays in its own windows.
  Windows are flat positions into the flattened spatial dims (strided, dilated, padded; torch's
  adaptive start = floor(i*in/out), end = ceil((i+1)*in/out); interpolation taps), gathered by
  fancy indexing one window offset at a time (no loop over output positions). Scatters assign
  when the positions cannot repeat (non-overlapping max windows), add offset by offset for
  strided windows, and use np.bincount over row offsets otherwise (never np.add.at).
The 1d pools are the 2d ops on an unsqueezed input, then squeezed, as torch builds them (their
grad_fn is SqueezeBackward1 over the 2d op's node).
"""
import math
import numbers

import numpy as np

from .. import _ops
from .. import _core
from .._core import apply_op, _make_tensor
from .._ops import Op
from ..ops import rule_helper
from ..ops import batching
from ..ops._registry import ALL_OPS, EXTRA_SPECS, linear_jvp
from ..ops._spec import OpSpec

__all__ = ["max_pool1d", "max_pool2d", "max_pool3d", "max_pool1d_with_indices", "max_pool2d_with_indices",
           "max_pool3d_with_indices", "max_unpool1d", "max_unpool2d", "max_unpool3d",
           "avg_pool1d", "avg_pool2d", "avg_pool3d",
           "adaptive_avg_pool1d", "adaptive_avg_pool2d", "adaptive_avg_pool3d",
           "adaptive_max_pool1d", "adaptive_max_pool2d", "adaptive_max_pool3d",
           "adaptive_max_pool1d_with_indices", "adaptive_max_pool2d_with_indices",
           "adaptive_max_pool3d_with_indices", "lp_pool1d", "lp_pool2d", "lp_pool3d",
           "interpolate", "upsample", "upsample_nearest", "upsample_bilinear",
           "pixel_shuffle", "pixel_unshuffle", "channel_shuffle", "native_channel_shuffle"]

_WORDS = {1: "one", 2: "two", 3: "three"}


# ------------------------------------------------------------------ array kernels --
def _gather_flat(x, idx, nd):
    """x[..., idx] over the last nd dims of x flattened; idx: lead + out_spatial (flat positions).
    x may carry extra leading dims (a batched backward): idx is broadcast over them."""
    lead = x.shape[:x.ndim - nd]
    xf = x.reshape(lead + (math.prod(x.shape[x.ndim - nd:]),))
    out_sp = idx.shape[idx.ndim - nd:]
    idf = idx.reshape(idx.shape[:idx.ndim - nd] + (math.prod(out_sp),))
    idf = np.broadcast_to(idf, lead + idf.shape[-1:])
    return np.ascontiguousarray(np.take_along_axis(xf, idf, axis=-1).reshape(lead + out_sp))


def _scatter_add_flat(g, idx, nd, in_sp, unique=False):
    """Zeros of shape lead + in_sp with g added at the flat positions idx (g: lead + out_spatial;
    extra leading dims of g kept in front). unique: no position repeats within a row (windows that
    do not overlap): a plain assignment; else np.bincount over row-offset positions (no np.add.at)."""
    lead = g.shape[:g.ndim - nd]
    size = int(np.prod(in_sp, dtype=np.int64))
    gf = g.reshape(lead + (math.prod(g.shape[g.ndim - nd:]),))
    q = gf.shape[-1]
    idf = np.broadcast_to(idx.reshape(idx.shape[:idx.ndim - nd] + (q,)), gf.shape)
    rows = int(np.prod(lead, dtype=np.int64))
    if rows * size == 0 or q == 0:
        return np.zeros(lead + tuple(in_sp), dtype=g.dtype)
    flat = (idf.reshape(rows, q) + (np.arange(rows, dtype=np.int64) * size)[:, None]).ravel()
    if unique:
        out = np.zeros(rows * size, dtype=g.dtype)
        out[flat] = gf.reshape(-1)
        return out.reshape(lead + tuple(in_sp))
    w = gf.reshape(-1)
    if np.iscomplexobj(w):
        out = (np.bincount(flat, w.real, rows * size) + 1j * np.bincount(flat, w.imag, rows * size))
    else:
        out = np.bincount(flat, w, rows * size)
    return out.astype(g.dtype, copy=False).reshape(lead + tuple(in_sp))


def _scatter_set_flat(x, idx, nd, out_sp):
    """Zeros of shape lead + out_sp with x written at the flat positions idx (max unpooling)."""
    lead = x.shape[:x.ndim - nd]
    size = int(np.prod(out_sp, dtype=np.int64))
    rows = int(np.prod(lead, dtype=np.int64))
    out = np.zeros((rows, size), dtype=x.dtype)
    q = int(np.prod(x.shape[x.ndim - nd:], dtype=np.int64))
    if rows and q:
        r = np.repeat(np.arange(rows), q)
        out[r, idx.reshape(-1)] = x.reshape(-1)
    return out.reshape(lead + tuple(out_sp))


def _flat_windows(positions, in_sp):
    """The windows as flat positions into in_sp: (flat, valid), both out_sp + (K,) (K: the window's
    element count, in torch's window order). positions: per spatial dim an (out_d, L_d) int array of
    the window's positions along that dim, -1 (or out of range) where the window is off the input
    (padding, or a shorter adaptive window); flat is clipped into range where not valid."""
    nd = len(in_sp)
    flat = np.zeros((1,) * (2 * nd), dtype=np.int64)
    valid = np.ones((1,) * (2 * nd), dtype=bool)
    for d, (pos, n) in enumerate(zip(positions, in_sp)):
        shape = [1] * (2 * nd)
        shape[d], shape[nd + d] = pos.shape
        p = pos.reshape(shape)
        valid = valid & (p >= 0) & (p < n)
        flat = flat * n + np.clip(p, 0, max(n - 1, 0))
    out_sp = tuple(p.shape[0] for p in positions)
    k = math.prod(p.shape[1] for p in positions)
    full = out_sp + tuple(p.shape[1] for p in positions)
    return (np.broadcast_to(flat, full).reshape(out_sp + (k,)),
            np.broadcast_to(valid, full).reshape(out_sp + (k,)))


def _window_argmax(x, positions, in_sp, values=False):
    """Flat indices (into in_sp) of each window's maximum (windows as _flat_windows takes them).
    torch's order: the first maximum in window order; a nan wins, the last nan of the window; a
    window of only -inf (or padding) gives its first real position."""
    nd = len(in_sp)
    flat, valid = _flat_windows(positions, in_sp)
    out_sp, k = flat.shape[:-1], flat.shape[-1]
    lead = x.shape[:x.ndim - nd]
    xf = x.reshape(lead + (math.prod(in_sp),))
    if xf.shape[-1] == 0 or k == 0 or 0 in out_sp:
        idx = np.zeros(lead + out_sp, dtype=np.int64)
        return (idx, np.zeros(idx.shape, dtype=x.dtype)) if values else idx
    fill = -np.inf if x.dtype.kind == "f" else (np.iinfo(x.dtype).min if x.dtype.kind in "iu" else False)
    padded = not valid.all()
    if k <= 64:
        # torch's scan, offset by offset: a value replaces the maximum when greater, or when nan
        # (so the first maximum wins a tie and the last nan wins); K vectorised passes
        fl, va = flat.reshape(-1, k), valid.reshape(-1, k)
        mx = am = None
        for j in range(k):
            wj = xf[..., fl[:, j]]
            if padded:
                wj = np.where(va[:, j], wj, fill)
            if j == 0:
                mx, am = wj, np.zeros(wj.shape, dtype=np.int64)
                continue
            upd = wj > mx
            if x.dtype.kind == "f":
                upd |= np.isnan(wj)
            mx = np.where(upd, wj, mx)
            am[upd] = j
        if padded:      # a window of only -inf (or padding): its first real position (torch starts there)
            am = np.where(mx == fill, np.argmax(va, axis=-1), am)
        # fancy indexing over the last axis leaves the lead dims innermost in memory: torch's
        # pooled outputs are C-contiguous (x.view(-1, n) after a pool must work)
        idx = np.ascontiguousarray(fl[np.arange(fl.shape[0]), am].reshape(lead + out_sp))
        mx = np.ascontiguousarray(mx.reshape(lead + out_sp))
        return (idx, mx) if values else idx
    w = xf[..., flat]
    if padded:
        w = np.where(valid, w, fill)
    am = np.argmax(w, axis=-1)
    mx = np.take_along_axis(w, am[..., None], axis=-1)[..., 0]
    if padded:
        am = np.where(mx == fill, np.argmax(valid, axis=-1), am)
    if x.dtype.kind == "f" and np.isnan(mx).any():      # argmax stops at the first nan; torch keeps the last
        isn = np.isnan(w)
        last_nan = k - 1 - np.argmax(isn[..., ::-1], axis=-1)
        am = np.where(isn.any(axis=-1), last_nan, am)
    idx = np.ascontiguousarray(np.take_along_axis(np.broadcast_to(flat, w.shape), am[..., None], axis=-1)[..., 0])
    mx = np.ascontiguousarray(mx)
    return (idx, mx) if values else idx


def _window_sum(x, windows, nd):
    """Each window's sum of its real elements times the window's weight: windows = (flat, valid,
    weight) with weight of shape out_sp (or out_sp + (K,): a weight per element, interpolation).
    Padding adds nothing (a select, so a nan or inf elsewhere in the row stays where it is)."""
    flat, valid, weight = windows[:3]
    lead = x.shape[:x.ndim - nd]
    xf = x.reshape(lead + (math.prod(x.shape[x.ndim - nd:]),))
    if xf.shape[-1] == 0 or flat.size == 0:
        return np.zeros(lead + weight.shape, dtype=x.dtype)
    w = np.where(valid, xf[..., flat], x.dtype.type(0))
    if weight.ndim == flat.ndim:        # a weight per window element (interpolation)
        out = (w * weight.astype(x.dtype, copy=False)).sum(axis=-1)
    else:
        out = w.sum(axis=-1) * weight.astype(x.dtype, copy=False)
    return np.ascontiguousarray(out)    # C-contiguous as torch's (the gather leaves lead dims innermost)


def _window_sum_t(g, windows, nd, in_sp):
    """The transpose of _window_sum: each output's g times its weight added to every real element
    of its window. Strided windows (windows[3] True: distinct outputs have distinct positions at
    each window offset) add offset by offset (K passes, no scatter of repeated positions; the
    padding goes to a discarded extra slot); others scatter with np.bincount."""
    flat, valid, weight = windows[:3]
    lead = g.shape[:g.ndim - nd]
    if len(windows) > 3 and windows[3] and flat.size:
        size = math.prod(in_sp)
        k = flat.shape[-1]
        out = np.zeros(lead + (size + 1,), dtype=g.dtype)
        f2 = np.where(valid, flat, size).reshape(-1, k)
        c = g * weight.astype(g.dtype, copy=False) if weight.ndim != flat.ndim else None
        c = c.reshape(lead + (f2.shape[0],)) if c is not None else None
        for j in range(k):
            out[..., f2[:, j]] += c if c is not None else \
                (g * weight[..., j].astype(g.dtype, copy=False)).reshape(lead + (f2.shape[0],))
        return out[..., :size].reshape(lead + tuple(in_sp))
    if weight.ndim == flat.ndim:
        c = (g[..., None] * weight.astype(g.dtype, copy=False))[..., valid]
    else:
        c = g * weight.astype(g.dtype, copy=False)
        c = np.broadcast_to(c[..., None], c.shape + (flat.shape[-1],))[..., valid]
    return _scatter_add_flat(c, flat[valid], 1, (math.prod(in_sp),)).reshape(lead + tuple(in_sp))


def _pool_positions(in_sp, k, s, p, d, out_sp):
    """Per dim: the (out, k) positions of a strided, dilated window over the padded input."""
    return [(np.arange(o)[:, None] * s_ - p_ + np.arange(k_)[None, :] * d_).astype(np.int64)
            for o, k_, s_, p_, d_ in zip(out_sp, k, s, p, d)]


def _adaptive_bounds(n, o):
    j = np.arange(o, dtype=np.int64)
    start = (j * n) // o
    end = -((-(j + 1) * n) // o)
    return start, end


def _adaptive_positions(in_sp, out_sp):
    res = []
    for n, o in zip(in_sp, out_sp):
        start, end = _adaptive_bounds(n, o)
        width = int((end - start).max()) if o else 1
        pos = start[:, None] + np.arange(width)[None, :]
        res.append(np.where(pos < end[:, None], pos, -1))
    return res


# ------------------------------------------------------------------ ops --
def _gather_op(name_, backward_name):
    """A max-pool op: forward finds the window maxima (ctx.find(x) -> flat indices) or takes given
    indices; values = gather. Its vjp is the scatter-add op named backward_name."""

    class _Gather(Op):
        name = name_

        @staticmethod
        def forward(ctx, x, nd=2, find=None, indices=None, unique=False):
            d = x._data
            if indices is None:
                indices, out = find(d)
            else:
                out = _gather_flat(d, indices, nd)
            ctx.args = (nd, indices, d.shape[d.ndim - nd:], unique)
            return out

        @staticmethod
        def jvp(F, ctx, primals, options, result, t):
            nd, indices, in_sp, unique = ctx.args      # the tangent's gather at the primal's maxima
            return F.pool_gather(t, indices, nd, _Gather, unique)

        @staticmethod
        def vjp(F, ctx, g):
            nd, indices, in_sp, unique = ctx.args
            return F.pool_scatter_add(g, indices, nd, in_sp, _Gather, unique)

    class _Scatter(Op):
        name = backward_name

        @staticmethod
        def forward(ctx, g, indices=None, nd=2, in_sp=None, gather=None, unique=False):
            ctx.args = (nd, indices, gather, unique)
            return _scatter_add_flat(g._data, indices, nd, in_sp, unique)

        jvp = staticmethod(linear_jvp)

        @staticmethod
        def vjp(F, ctx, gg):
            nd, indices, gather, unique = ctx.args
            return F.pool_gather(gg, indices, nd, gather, unique)

    _Gather.scatter = _Scatter
    for cls, n in ((_Gather, name_), (_Scatter, backward_name)):
        cls.__name__ = cls.__qualname__ = n.replace("Backward0", "")
    return _Gather


MaxPool2DWithIndices = _gather_op("MaxPool2DWithIndicesBackward0", "MaxPool2DWithIndicesBackwardBackward0")
MaxPool3DWithIndices = _gather_op("MaxPool3DWithIndicesBackward0", "MaxPool3DWithIndicesBackwardBackward0")
AdaptiveMaxPool2D = _gather_op("AdaptiveMaxPool2DBackward0", "AdaptiveMaxPool2DBackwardBackward0")
AdaptiveMaxPool3D = _gather_op("AdaptiveMaxPool3DBackward0", "AdaptiveMaxPool3DBackwardBackward0")


def _pool_gather_tensor(x, indices, nd, gather, unique=False):
    return apply_op(gather, (x,), {"nd": nd, "find": None, "indices": indices, "unique": unique})


def _pool_scatter_add_tensor(g, indices, nd, in_sp, gather, unique=False):
    return apply_op(gather.scatter, (g,), {"indices": indices, "nd": nd, "in_sp": in_sp, "gather": gather,
                                           "unique": unique})


rule_helper("pool_gather", lambda x, indices, nd, gather, unique=False: _gather_flat(x, indices, nd),
            _pool_gather_tensor)
rule_helper("pool_scatter_add",
            lambda g, indices, nd, in_sp, gather, unique=False: _scatter_add_flat(g, indices, nd, in_sp, unique),
            _pool_scatter_add_tensor)


def _unpool_op(name_, gather):
    class _Unpool(Op):
        name = name_

        @staticmethod
        def forward(ctx, x, indices=None, nd=2, out_sp=None):
            ctx.args = (nd, indices)
            return _scatter_set_flat(x._data, indices, nd, out_sp)

        jvp = staticmethod(linear_jvp)

        @staticmethod
        def vjp(F, ctx, g):
            nd, indices = ctx.args
            return F.pool_gather(g, indices, nd, gather)

    _Unpool.__name__ = _Unpool.__qualname__ = name_.replace("Backward0", "")
    return _Unpool


MaxUnpool2D = _unpool_op("MaxUnpool2DBackward0", MaxPool2DWithIndices)
MaxUnpool3D = _unpool_op("MaxUnpool3DBackward0", MaxPool3DWithIndices)


def _window_sum_op(name_, backward_name):
    """A linear pooling op: the weighted sums over windows (_window_sum); the vjp is its twin (named
    backward_name), the transpose, whose own vjp is this op again."""

    class _Fwd(Op):
        name = name_

        @staticmethod
        def forward(ctx, x, windows=None, nd=2):
            d = x._data
            ctx.args = (windows, nd, d.shape[d.ndim - nd:])
            return _window_sum(d, windows, nd)

        jvp = staticmethod(linear_jvp)

        @staticmethod
        def vjp(F, ctx, g):
            windows, nd, in_sp = ctx.args
            return F.pool_window_sum_t(g, windows, nd, in_sp, _Fwd)

    class _Bwd(Op):
        name = backward_name

        @staticmethod
        def forward(ctx, g, windows=None, nd=2, in_sp=None):
            ctx.args = (windows, nd)
            return _window_sum_t(g._data, windows, nd, in_sp)

        jvp = staticmethod(linear_jvp)

        @staticmethod
        def vjp(F, ctx, gg):
            windows, nd = ctx.args
            return F.pool_window_sum(gg, windows, nd, _Fwd)

    _Fwd.transpose = _Bwd
    for cls, n in ((_Fwd, name_), (_Bwd, backward_name)):
        cls.__name__ = cls.__qualname__ = n.replace("Backward0", "")
    return _Fwd


AvgPool2D = _window_sum_op("AvgPool2DBackward0", "AvgPool2DBackwardBackward0")
AvgPool3D = _window_sum_op("AvgPool3DBackward0", "AvgPool3DBackwardBackward0")
AdaptiveAvgPool2D = _window_sum_op("AdaptiveAvgPool2DBackward0", "AdaptiveAvgPool2DBackwardBackward0")
AdaptiveAvgPool3D = _window_sum_op("AdaptiveAvgPool3DBackward0", "AdaptiveAvgPool3DBackwardBackward0")


def _window_sum_tensor(x, windows, nd, op):
    return apply_op(op, (x,), {"windows": windows, "nd": nd})


def _window_sum_t_tensor(g, windows, nd, in_sp, op):
    return apply_op(op.transpose, (g,), {"windows": windows, "nd": nd, "in_sp": tuple(in_sp)})


rule_helper("pool_window_sum", lambda x, windows, nd, op: _window_sum(x, windows, nd), _window_sum_tensor)
rule_helper("pool_window_sum_t", lambda g, windows, nd, in_sp, op: _window_sum_t(g, windows, nd, in_sp),
            _window_sum_t_tensor)


# ------------------------------------------------------------------ option parsing --
def _check_tensor(input, name):
    if not isinstance(input, _ops._Tensor):
        raise TypeError("%s(): argument 'input' (position 1) must be Tensor, not %s" % (name, type(input).__name__))


def _expand(v, n, name, what, omitted=False):
    """An int or a sequence of n (or 1) ints as an n-tuple; torch's error otherwise."""
    if isinstance(v, numbers.Integral) and not isinstance(v, bool):
        return (int(v),) * n
    v = tuple(v)
    if len(v) == 1:
        return (int(v[0]),) * n
    if len(v) != n:
        if what == "dilation":
            raise RuntimeError("%s: dilation must be either a single int, or a tuple of %s ints" % (name, _WORDS[n]))
        raise RuntimeError("%s: %s must either be %sa single int, or a tuple of %s ints"
                           % (name, what, "omitted, " if omitted else "", _WORDS[n]))
    return tuple(int(e) for e in v)


def _output_size(n, k, p, s, d, ceil):
    if s == 0:
        raise RuntimeError("stride should not be zero")
    if p < 0:
        raise RuntimeError("pad must be non-negative, but got pad: %d" % p)
    if p > ((k - 1) * d + 1) // 2:
        raise RuntimeError("pad should be at most half of effective kernel size, but got pad=%d, kernel_size=%d "
                           "and dilation=%d" % (p, k, d))
    out = (n + 2 * p - d * (k - 1) - 1 + (s - 1 if ceil else 0)) // s + 1
    if ceil and (out - 1) * s >= n + p:      # the last window must start inside the input or left padding
        out -= 1
    return out


_DIM_NAMES = {2: ("H", "W"), 3: ("T", "H", "W")}


def _pool_shape_check(input, nd, k, s, d, out_sp, dims_msg):
    shape = tuple(input.shape)
    names = _DIM_NAMES[nd]
    if any(e <= 0 for e in k):
        raise RuntimeError("kernel size should be greater than zero, but got %s"
                           % " ".join("k%s: %d" % (a, e) for a, e in zip(names, k)))
    if any(e <= 0 for e in s):
        raise RuntimeError("stride should be greater than zero, but got %s"
                           % " ".join("d%s: %d" % (a, e) for a, e in zip(names, s)))
    if d is not None and any(e <= 0 for e in d):
        raise RuntimeError("dilation should be greater than zero, but got %s"
                           % " ".join("dilation%s: %d" % (a, e) for a, e in zip(names, d)))
    if any(e == 0 for e in shape[-nd - 1:]):
        raise RuntimeError("Expected %s tensor with optional 0 dim batch size for input, but got:[%s]"
                           % (dims_msg, ", ".join(str(e) for e in shape)))
    if any(o < 1 for o in out_sp):
        raise RuntimeError("Given input size: (%s). Calculated output size: (%s). Output size is too small"
                           % ("x".join(str(e) for e in shape[-nd - 1:]),
                              "x".join(str(e) for e in (shape[-nd - 1],) + tuple(out_sp))))


def _pool_args(input, nd, name, kernel_size, stride, padding, dilation, ceil_mode):
    k = _expand(kernel_size, nd, name, "kernel_size")
    s = k if stride is None or (not isinstance(stride, numbers.Integral) and len(tuple(stride)) == 0) \
        else _expand(stride, nd, name, "stride", omitted=True)
    p = _expand(padding, nd, name, "padding")
    d = _expand(dilation, nd, name, "dilation") if dilation is not None else None
    return k, s, p, d


def _float_or_int(input, name, ints=True):
    """torch's kernels: floats and (max pool, avg pool) integers; bool and complex are not."""
    kind = input._data.dtype.kind
    if kind not in ("fiu" if ints else "f") or input._data.dtype == np.bool_:
        raise NotImplementedError("\"%s\" not implemented for '%s'"
                                  % (name, input.dtype._tensor_type.replace("Tensor", "")))


# ------------------------------------------------------------------ max pooling --
def _per_sample_in_vmap(function):
    """Inside vmap with a batched argument: function per sample (it reads index values or returns
    indices computed from the values, which the op batching rules do not see)."""
    def run(*args, **kwargs):
        if _core.vmap_wants(args, kwargs):
            return _core.vmap_call("loop", function, args, kwargs)
        return function(*args, **kwargs)
    run.__name__ = run.__qualname__ = function.__name__
    run.__doc__ = function.__doc__
    run.__wrapped__ = function
    return run


def _max_pool_nd(input, nd, kernel_size, stride, padding, dilation, ceil_mode, return_indices):
    if return_indices and _core.vmap_wants((input,), {}):
        return _core.vmap_call("loop", _max_pool_nd, (input, nd, kernel_size, stride, padding, dilation,
                                                      ceil_mode, return_indices), {})
    name = "max_pool%dd" % nd
    _check_tensor(input, name)
    k, s, p, d = _pool_args(input, nd, name, kernel_size, stride, padding, dilation, ceil_mode)
    if input.dim() not in (nd + 1, nd + 2):
        raise RuntimeError("non-empty %dD or %dD (batch mode) tensor expected for input" % (nd + 1, nd + 2))
    in_sp = tuple(input.shape[-nd:])
    out_sp = tuple(_output_size(n, k_, p_, s_, d_, ceil_mode) for n, k_, p_, s_, d_ in zip(in_sp, k, p, s, d))
    _pool_shape_check(input, nd, k, s, d, out_sp, "%dD or %dD (batch mode)" % (nd + 1, nd + 2))
    _float_or_int(input, name)
    positions = _pool_positions(in_sp, k, s, p, d, out_sp)
    op = MaxPool2DWithIndices if nd == 2 else MaxPool3DWithIndices
    # windows that do not overlap: every maximum is a distinct position (the backward assigns)
    unique = all(s_ >= d_ * (k_ - 1) + 1 for s_, d_, k_ in zip(s, d, k))
    out = apply_op(op, (input,), {"nd": nd, "find": lambda a: _window_argmax(a, positions, in_sp, True),
                                  "indices": None, "unique": unique})
    if not return_indices:
        return out
    return out, _make_tensor(_window_argmax(input._data, positions, in_sp))


def _max_pool1d_checks(input, kernel_size, stride, padding, dilation):
    """torch's max_pool1d checks (its own texts, before the 2d op runs)."""
    if input.dim() not in (2, 3) or any(e == 0 for e in tuple(input.shape)[-2:]):
        raise RuntimeError("max_pool1d: Expected 2D or 3D (batch mode) tensor with optional 0 dim batch size for "
                           "input, but got:[%s]" % ", ".join(str(e) for e in input.shape))

    def one(v, what, allow_empty=False):
        if isinstance(v, numbers.Integral):
            return int(v)
        v = tuple(v)
        if allow_empty and not v:
            return None
        if len(v) != 1:
            raise RuntimeError("max_pool1d() argument '%s' should contain one int (got %d)" % (what, len(v)))
        return int(v[0])
    k = one(kernel_size, "kernel_size")
    s = k if stride is None else one(stride, "stride", True)
    s = k if s is None else s
    p = one(padding, "padding")
    d = one(dilation, "dilation")
    if k <= 0:
        raise RuntimeError("max_pool1d() kernel_size must be greater than zero, but got %d" % k)
    if s <= 0:
        raise RuntimeError("max_pool1d() stride must be greater than zero, but got %d" % s)
    if p < 0:
        raise RuntimeError("max_pool1d() padding must be non-negative, but got %d" % p)
    if p > k // 2:
        raise RuntimeError("max_pool1d() padding should be at most half of kernel size, but got padding=%d and "
                           "kernel_size=%d" % (p, k))
    if d <= 0:
        raise RuntimeError("max_pool1d() dilation must be greater than zero, but got %d" % d)
    return k, s, p, d


def _max_pool1d(input, kernel_size, stride, padding, dilation, ceil_mode, return_indices):
    _check_tensor(input, "max_pool1d")
    if not return_indices:
        k, s, p, d = _max_pool1d_checks(input, kernel_size, stride, padding, dilation)
        if _output_size(input.shape[-1], k, p, s, d, ceil_mode) < 1:
            raise RuntimeError("max_pool1d() Invalid computed output size: %d"
                               % _output_size(input.shape[-1], k, p, s, d, ceil_mode))
    k = _expand(kernel_size, 1, "max_pool1d", "kernel_size")
    s = k if stride is None or (not isinstance(stride, numbers.Integral) and len(tuple(stride)) == 0) \
        else _expand(stride, 1, "max_pool1d", "stride")
    p, d = _expand(padding, 1, "max_pool1d", "padding"), _expand(dilation, 1, "max_pool1d", "dilation")
    res = _max_pool_nd(input.unsqueeze(-2), 2, (1,) + k, (1,) + s, (0,) + p, (1,) + d, ceil_mode, return_indices)
    if return_indices:
        return res[0].squeeze(-2), res[1].squeeze(-2)
    return res.squeeze(-2)


def max_pool1d_with_indices(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
                            return_indices=False):
    """A 1D max pooling returning (values, indices): max_pool1d with return_indices=True.

    The return_indices argument is ignored (the indices are always returned); the indices are int64.

    Args:
        input: (N, C, L) or (C, L).
        kernel_size: the window size, an int or a 1-tuple.
        stride: the window step, an int or a 1-tuple (default None: kernel_size).
        padding: implicit -inf padding on both sides, at most half the kernel size (default 0).
        dilation: the spacing between window elements (default 1).
        ceil_mode: round the output size up instead of down (default False).
        return_indices: also return the flat index (over the spatial dims of each channel) of each
            maximum, for max_unpool1d (default False).

    Shape:
        Output (N, C, L_out) with each out = floor((in + 2 * padding - dilation * (k - 1) - 1) / stride) + 1
        (ceil with ceil_mode, and a window must start inside the input or the left padding).

    Gradient: grad routed to the position of each window's maximum (summed where windows overlap).

    Example::

        >>> F.max_pool1d_with_indices(pa.tensor([[[1.0, 3.0, 2.0, 5.0]]]), 2)
        (tensor([[[3., 5.]]]), tensor([[[1, 3]]]))
    """
    return _max_pool1d(input, kernel_size, stride, padding, dilation, ceil_mode, True)


def max_pool1d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
    """A 1D max pooling: the largest value of each sliding window of input.

    Args:
        input: (N, C, L) or (C, L).
        kernel_size: the window size, an int or a 1-tuple.
        stride: the window step, an int or a 1-tuple (default None: kernel_size).
        padding: implicit -inf padding on both sides, at most half the kernel size (default 0).
        dilation: the spacing between window elements (default 1).
        ceil_mode: round the output size up instead of down (default False).
        return_indices: also return the flat index (over the spatial dims of each channel) of each
            maximum, for max_unpool1d (default False).

    Shape:
        Output (N, C, L_out) with each out = floor((in + 2 * padding - dilation * (k - 1) - 1) / stride) + 1
        (ceil with ceil_mode, and a window must start inside the input or the left padding).

    Gradient: grad routed to the position of each window's maximum (summed where windows overlap).

    Example::

        >>> F.max_pool1d(pa.tensor([[[1.0, 3.0, 2.0, 5.0]]]), 2)
        tensor([[[3., 5.]]])
    """
    return _max_pool1d(input, kernel_size, stride, padding, dilation, ceil_mode, return_indices)


def max_pool2d_with_indices(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
                            return_indices=False):
    """A 2D max pooling returning (values, indices): max_pool2d with return_indices=True.

    The return_indices argument is ignored (the indices are always returned); the indices are int64.

    Args:
        input: (N, C, H, W) or (C, H, W).
        kernel_size: the window size, an int or a 2-tuple.
        stride: the window step, an int or a 2-tuple (default None: kernel_size).
        padding: implicit -inf padding on both sides, at most half the kernel size (default 0).
        dilation: the spacing between window elements (default 1).
        ceil_mode: round the output size up instead of down (default False).
        return_indices: also return the flat index (over the spatial dims of each channel) of each
            maximum, for max_unpool2d (default False).

    Shape:
        Output (N, C, H_out, W_out) with each out = floor((in + 2 * padding - dilation * (k - 1) - 1) / stride) + 1
        (ceil with ceil_mode, and a window must start inside the input or the left padding).

    Gradient: grad routed to the position of each window's maximum (summed where windows overlap).

    Example::

        >>> F.max_pool2d_with_indices(pa.arange(16.0).reshape(1, 1, 4, 4), 2)
        (tensor([[[[ 5.,  7.],
                  [13., 15.]]]]), tensor([[[[ 5,  7],
                  [13, 15]]]]))
    """
    return _max_pool_nd(input, 2, kernel_size, stride, padding, dilation, ceil_mode, True)


def max_pool2d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
    """A 2D max pooling: the largest value of each sliding window of input.

    Args:
        input: (N, C, H, W) or (C, H, W).
        kernel_size: the window size, an int or a 2-tuple.
        stride: the window step, an int or a 2-tuple (default None: kernel_size).
        padding: implicit -inf padding on both sides, at most half the kernel size (default 0).
        dilation: the spacing between window elements (default 1).
        ceil_mode: round the output size up instead of down (default False).
        return_indices: also return the flat index (over the spatial dims of each channel) of each
            maximum, for max_unpool2d (default False).

    Shape:
        Output (N, C, H_out, W_out) with each out = floor((in + 2 * padding - dilation * (k - 1) - 1) / stride) + 1
        (ceil with ceil_mode, and a window must start inside the input or the left padding).

    Gradient: grad routed to the position of each window's maximum (summed where windows overlap).

    Example::

        >>> F.max_pool2d(pa.arange(16.0).reshape(1, 1, 4, 4), 2)
        tensor([[[[ 5.,  7.],
                  [13., 15.]]]])
    """
    return _max_pool_nd(input, 2, kernel_size, stride, padding, dilation, ceil_mode, return_indices)


def max_pool3d_with_indices(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
                            return_indices=False):
    """A 3D max pooling returning (values, indices): max_pool3d with return_indices=True.

    The return_indices argument is ignored (the indices are always returned); the indices are int64.

    Args:
        input: (N, C, D, H, W) or (C, D, H, W).
        kernel_size: the window size, an int or a 3-tuple.
        stride: the window step, an int or a 3-tuple (default None: kernel_size).
        padding: implicit -inf padding on both sides, at most half the kernel size (default 0).
        dilation: the spacing between window elements (default 1).
        ceil_mode: round the output size up instead of down (default False).
        return_indices: also return the flat index (over the spatial dims of each channel) of each
            maximum, for max_unpool3d (default False).

    Shape:
        Output (N, C, D_out, H_out, W_out) with each out = floor((in + 2 * padding - dilation * (k - 1) - 1) /
        stride) + 1
        (ceil with ceil_mode, and a window must start inside the input or the left padding).

    Gradient: grad routed to the position of each window's maximum (summed where windows overlap).

    Example::

        >>> F.max_pool3d_with_indices(pa.arange(8.0).reshape(1, 1, 2, 2, 2), 2)
        (tensor([[[[[7.]]]]]), tensor([[[[[7]]]]]))
    """
    return _max_pool_nd(input, 3, kernel_size, stride, padding, dilation, ceil_mode, True)


def max_pool3d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
    """A 3D max pooling: the largest value of each sliding window of input.

    Args:
        input: (N, C, D, H, W) or (C, D, H, W).
        kernel_size: the window size, an int or a 3-tuple.
        stride: the window step, an int or a 3-tuple (default None: kernel_size).
        padding: implicit -inf padding on both sides, at most half the kernel size (default 0).
        dilation: the spacing between window elements (default 1).
        ceil_mode: round the output size up instead of down (default False).
        return_indices: also return the flat index (over the spatial dims of each channel) of each
            maximum, for max_unpool3d (default False).

    Shape:
        Output (N, C, D_out, H_out, W_out) with each out = floor((in + 2 * padding - dilation * (k - 1) - 1) /
        stride) + 1
        (ceil with ceil_mode, and a window must start inside the input or the left padding).

    Gradient: grad routed to the position of each window's maximum (summed where windows overlap).

    Example::

        >>> F.max_pool3d(pa.arange(8.0).reshape(1, 1, 2, 2, 2), 2)
        tensor([[[[[7.]]]]])
    """
    return _max_pool_nd(input, 3, kernel_size, stride, padding, dilation, ceil_mode, return_indices)


# ------------------------------------------------------------------ max unpooling --
def _unpool_output_size(input, k, s, p, output_size):
    nd = len(k)
    default = [(input.shape[-nd + i] - 1) * s[i] + k[i] - 2 * p[i] for i in range(nd)]
    if output_size is None:
        return default
    if len(output_size) == nd + 2:
        output_size = output_size[2:]
    if len(output_size) != nd:
        raise ValueError("output_size should be a sequence containing %d or %d elements, but it has a length of "
                         "'%d'" % (nd, nd + 2, len(output_size)))
    for i in range(nd):
        lo, hi = default[i] - s[i], default[i] + s[i]
        if not lo < output_size[i] < hi:
            raise ValueError('invalid output_size "%s" (dim %d must be between %d and %d)'
                             % (output_size, i, lo, hi))
    return [int(e) for e in output_size]


def _max_unpool_nd(input, indices, nd, kernel_size, stride, padding, output_size):
    name = "max_unpool%dd" % nd
    _check_tensor(input, name)
    k = _expand(kernel_size, nd, name, "kernel_size")
    s = k if stride is None else _expand(stride, nd, name, "stride")
    p = _expand(padding, nd, name, "padding")
    if output_size is not None and not isinstance(output_size, (list, tuple)):
        output_size = tuple(output_size)
    out_sp = _unpool_output_size(input, k, s, p, output_size)
    return out_sp


def _max_unpool_apply(input, indices, nd, out_sp, op_nd):
    idx = indices._data
    if idx.dtype != np.int64:
        raise RuntimeError("elements in indices should be type int64 but got: %s"
                           % indices.dtype._tensor_type.replace("Tensor", ""))
    if tuple(indices.shape) != tuple(input.shape):
        raise RuntimeError("Expected shape of indices to be same as that of the input tensor (%s) but got indices "
                           "tensor with shape: %s" % (_list(input.shape), _list(indices.shape)))
    if input.dim() not in (op_nd + 1, op_nd + 2):
        raise RuntimeError("Input to max_unpooling%dd should be a %dd or %dd Tensor, but got a tensor with %d "
                           "dimensions." % (op_nd, op_nd + 1, op_nd + 2, input.dim()))
    size = int(np.prod(out_sp))
    if idx.size and (idx.min() < 0 or idx.max() >= size):
        bad = idx[(idx < 0) | (idx >= size)].reshape(-1)[0]
        raise RuntimeError("Found an invalid max index: %d (output volumes are of size %s)"
                           % (bad, "x".join(str(e) for e in out_sp)))
    op = MaxUnpool2D if op_nd == 2 else MaxUnpool3D
    return apply_op(op, (input,), {"indices": idx, "nd": op_nd, "out_sp": tuple(out_sp)})


def _list(shape):
    return "[%s]" % ", ".join(str(e) for e in shape)


@_per_sample_in_vmap
def max_unpool1d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    """A partial inverse of max_pool1d: each value placed at its index in a zero output.

    Args:
        input: the pooled values, (N, C, L) or (C, L).
        indices: the int64 indices max_pool1d returned with return_indices=True (flat over the spatial dims).
        kernel_size: the pooling's window size, an int or a 1-tuple.
        stride: the pooling's stride (default None: kernel_size).
        padding: the pooling's padding (default 0).
        output_size: the exact output size (spatial, or with N and C in front), to undo an ambiguous
            pooling (default None).

    Shape:
        Output (N, C, L_out), each out = (in - 1) * stride - 2 * padding + kernel_size unless output_size
        says otherwise.

    Gradient: grad gathered at indices.

    Example::

        >>> x = pa.tensor([[[1.0, 3.0, 2.0, 5.0]]])
        >>> out, idx = F.max_pool1d(x, 2, return_indices=True)
        >>> F.max_unpool1d(out, idx, 2)
        tensor([[[0., 3., 0., 5.]]])
    """
    out_sp = _max_unpool_nd(input, indices, 1, kernel_size, stride, padding, output_size)
    return _max_unpool_apply(input.unsqueeze(-1), indices.unsqueeze(-1), 2, out_sp + [1], 2).squeeze(-1)


@_per_sample_in_vmap
def max_unpool2d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    """A partial inverse of max_pool2d: each value placed at its index in a zero output.

    Args:
        input: the pooled values, (N, C, H, W) or (C, H, W).
        indices: the int64 indices max_pool2d returned with return_indices=True (flat over the spatial dims).
        kernel_size: the pooling's window size, an int or a 2-tuple.
        stride: the pooling's stride (default None: kernel_size).
        padding: the pooling's padding (default 0).
        output_size: the exact output size (spatial, or with N and C in front), to undo an ambiguous
            pooling (default None).

    Shape:
        Output (N, C, H_out, W_out), each out = (in - 1) * stride - 2 * padding + kernel_size unless output_size
        says otherwise.

    Gradient: grad gathered at indices.

    Example::

        >>> out, idx = F.max_pool2d(pa.arange(16.0).reshape(1, 1, 4, 4), 2, return_indices=True)
        >>> F.max_unpool2d(out, idx, 2)
        tensor([[[[ 0.,  0.,  0.,  0.],
                  [ 0.,  5.,  0.,  7.],
                  [ 0.,  0.,  0.,  0.],
                  [ 0., 13.,  0., 15.]]]])
    """
    out_sp = _max_unpool_nd(input, indices, 2, kernel_size, stride, padding, output_size)
    return _max_unpool_apply(input, indices, 2, out_sp, 2)


@_per_sample_in_vmap
def max_unpool3d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    """A partial inverse of max_pool3d: each value placed at its index in a zero output.

    Args:
        input: the pooled values, (N, C, D, H, W) or (C, D, H, W).
        indices: the int64 indices max_pool3d returned with return_indices=True (flat over the spatial dims).
        kernel_size: the pooling's window size, an int or a 3-tuple.
        stride: the pooling's stride (default None: kernel_size).
        padding: the pooling's padding (default 0).
        output_size: the exact output size (spatial, or with N and C in front), to undo an ambiguous
            pooling (default None).

    Shape:
        Output (N, C, D_out, H_out, W_out), each out = (in - 1) * stride - 2 * padding + kernel_size unless
        output_size
        says otherwise.

    Gradient: grad gathered at indices.

    Example::

        >>> out, idx = F.max_pool3d(pa.arange(8.0).reshape(1, 1, 2, 2, 2), 2, return_indices=True)
        >>> F.max_unpool3d(out, idx, 2).shape
        torch.Size([1, 1, 2, 2, 2])
    """
    out_sp = _max_unpool_nd(input, indices, 3, kernel_size, stride, padding, output_size)
    return _max_unpool_apply(input, indices, 3, out_sp, 3)


# ------------------------------------------------------------------ average pooling --
def _avg_windows(in_sp, k, s, p, out_sp, count_include_pad, override):
    """(flat, valid, weight) of average pooling: torch's divisor is the product over dims of
    (min(start + k, n + p) - start), or of the real elements' count without count_include_pad,
    or divisor_override."""
    positions = _pool_positions(in_sp, k, s, p, (1,) * len(k), out_sp)
    flat, valid = _flat_windows(positions, in_sp)
    if override is not None:
        return flat, valid, np.full(out_sp, 1.0 / override), True
    div = np.ones((), dtype=np.float64)
    for n, k_, s_, p_, o, pos in zip(in_sp, k, s, p, out_sp, positions):
        start = np.arange(o, dtype=np.int64) * s_ - p_
        if count_include_pad:
            size = np.minimum(start + k_, n + p_) - start
        else:
            size = ((pos >= 0) & (pos < n)).sum(axis=1)
        div = np.multiply.outer(div, size.astype(np.float64))
    return flat, valid, 1.0 / div, True


def _int_avg(x, windows, nd, override):
    flat, valid, weight = windows[:3]
    lead = x.shape[:x.ndim - nd]
    xf = x.reshape(lead + (math.prod(x.shape[x.ndim - nd:]),)).astype(np.int64)
    total = np.where(valid, xf[..., flat], 0).sum(axis=-1)
    div = np.full(weight.shape, int(override), dtype=np.int64) if override is not None \
        else np.rint(1.0 / weight).astype(np.int64)
    q = np.sign(total) * np.sign(div) * (np.abs(total) // np.abs(div))
    return q.astype(x.dtype)


def _avg_pool_nd(input, nd, kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override):
    name = "avg_pool%dd" % nd
    _check_tensor(input, name)
    k, s, p, _ = _pool_args(input, nd, name, kernel_size, stride, padding, None, ceil_mode)
    if input.dim() < nd + 1 and nd == 2:
        raise IndexError("Dimension out of range (expected to be in range of [%d, %d], but got %d)"
                         % (-max(input.dim(), 1), max(input.dim(), 1) - 1, -nd - 1))
    if input.dim() != nd + 1 and input.dim() != nd + 2:
        raise RuntimeError("non-empty %dD or %dD (batch mode) tensor expected for input" % (nd + 1, nd + 2))
    in_sp = tuple(input.shape[-nd:])
    out_sp = tuple(_output_size(n, k_, p_, s_, 1, ceil_mode) for n, k_, p_, s_ in zip(in_sp, k, p, s))
    if nd == 3 and any(n < k_ for n, k_ in zip(in_sp, k)):
        raise RuntimeError("input image (T: %d H: %d W: %d) smaller than kernel size (kT: %d kH: %d kW: %d)"
                           % (in_sp + k))
    _pool_shape_check(input, nd, k, s, None, out_sp, "%dD or %dD (batch mode)" % (nd + 1, nd + 2))
    if divisor_override is not None and divisor_override == 0:
        raise RuntimeError("divisor must be not zero")
    _float_or_int(input, name)
    windows = _avg_windows(in_sp, k, s, p, out_sp, count_include_pad, divisor_override)
    if input._data.dtype.kind in "iu":      # integers: the exact sum divided as C++ does (toward zero)
        return _make_tensor(_int_avg(input._data, windows, nd, divisor_override))
    return apply_op(AvgPool2D if nd == 2 else AvgPool3D, (input,), {"windows": windows, "nd": nd})


def avg_pool1d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True):
    """A 1D average pooling: the mean of each sliding window of input.

    Integer input is summed exactly and divided toward zero, as PyTorch.

    Args:
        input: (N, C, L) or (C, L).
        kernel_size: the window size, an int or a 1-tuple.
        stride: the window step, an int or a 1-tuple (default None: kernel_size).
        padding: implicit zero padding on both sides, at most half the kernel size (default 0).
        ceil_mode: round the output size up instead of down (default False).
        count_include_pad: count the padding zeros in the divisor (default True).

    Shape:
        Output (N, C, L_out) with each out = floor((in + 2 * padding - k) / stride) + 1 (ceil with ceil_mode).

    Gradient: grad divided by each window's divisor, spread over the window's elements.

    Example::

        >>> F.avg_pool1d(pa.tensor([[[1.0, 3.0, 2.0, 5.0]]]), 2)
        tensor([[[2.0000, 3.5000]]])
    """
    _check_tensor(input, "avg_pool1d")
    if input.dim() not in (2, 3):
        raise RuntimeError("Expected 2 to 3 dimensions, but got %d-dimensional tensor for argument #1 'self' (while "
                           "checking arguments for avg_pool1d)" % input.dim())
    k = _expand(kernel_size, 1, "avg_pool1d", "kernel_size")
    s = k if stride is None else _expand(stride, 1, "avg_pool1d", "stride", omitted=True)
    p = _expand(padding, 1, "avg_pool1d", "padding")
    return _avg_pool_nd(input.unsqueeze(-2), 2, (1,) + k, (1,) + s, (0,) + p, ceil_mode, count_include_pad,
                        None).squeeze(-2)


def avg_pool2d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
               divisor_override=None):
    """A 2D average pooling: the mean of each sliding window of input.

    Integer input is summed exactly and divided toward zero, as PyTorch.

    Args:
        input: (N, C, H, W) or (C, H, W).
        kernel_size: the window size, an int or a 2-tuple.
        stride: the window step, an int or a 2-tuple (default None: kernel_size).
        padding: implicit zero padding on both sides, at most half the kernel size (default 0).
        ceil_mode: round the output size up instead of down (default False).
        count_include_pad: count the padding zeros in the divisor (default True).
        divisor_override: if given, divide every window's sum by it instead (default None).

    Shape:
        Output (N, C, H_out, W_out) with each out = floor((in + 2 * padding - k) / stride) + 1 (ceil with
        ceil_mode).

    Gradient: grad divided by each window's divisor, spread over the window's elements.

    Example::

        >>> F.avg_pool2d(pa.arange(16.0).reshape(1, 1, 4, 4), 2)
        tensor([[[[ 2.5000,  4.5000],
                  [10.5000, 12.5000]]]])
    """
    return _avg_pool_nd(input, 2, kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override)


def avg_pool3d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
               divisor_override=None):
    """A 3D average pooling: the mean of each sliding window of input.

    Integer input is summed exactly and divided toward zero, as PyTorch.

    Args:
        input: (N, C, D, H, W) or (C, D, H, W).
        kernel_size: the window size, an int or a 3-tuple.
        stride: the window step, an int or a 3-tuple (default None: kernel_size).
        padding: implicit zero padding on both sides, at most half the kernel size (default 0).
        ceil_mode: round the output size up instead of down (default False).
        count_include_pad: count the padding zeros in the divisor (default True).
        divisor_override: if given, divide every window's sum by it instead (default None).

    Shape:
        Output (N, C, D_out, H_out, W_out) with each out = floor((in + 2 * padding - k) / stride) + 1 (ceil with
        ceil_mode).

    Gradient: grad divided by each window's divisor, spread over the window's elements.

    Example::

        >>> F.avg_pool3d(pa.arange(8.0).reshape(1, 1, 2, 2, 2), 2)
        tensor([[[[[3.5000]]]]])
    """
    return _avg_pool_nd(input, 3, kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override)


# ------------------------------------------------------------------ adaptive pooling --
def _adaptive_sizes(input, nd, output_size, name):
    if isinstance(output_size, numbers.Integral) or output_size is None:
        out = (output_size,) * nd
    else:
        out = tuple(output_size)
        if len(out) == 1 and nd > 1:
            out = out * nd
        if len(out) != nd:
            if "max" in name:
                raise RuntimeError("%s(): internal error: output_size.size() must be %d" % (name, nd))
            raise RuntimeError("%s: output_size must be %d" % (name, nd))
    return tuple(int(input.shape[-nd + i]) if o is None else int(o) for i, o in enumerate(out))


def _adaptive_check(input, nd, name, sizes):
    if input.dim() not in (nd + 1, nd + 2):
        raise RuntimeError("%s(): Expected %dD or %dD tensor, but got%s %s"
                           % (name, nd + 1, nd + 2, ":" if "max" in name else "", _list(input.shape)))
    for i in range(1, input.dim()):
        if input.shape[i] == 0:
            raise RuntimeError("%s(): Expected input to have non-zero size for non-batch dimensions, but input has "
                               "sizes %s with dimension %d being empty" % (name, _list(input.shape), i))
    if any(o < 0 for o in sizes):
        raise RuntimeError("Trying to create tensor with negative dimension %d: %s"
                           % ([o for o in sizes if o < 0][0], _list(tuple(input.shape[:-nd]) + sizes)))


def _adaptive_avg_nd(input, nd, output_size):
    name = "adaptive_avg_pool%dd" % nd
    _check_tensor(input, name)
    sizes = _adaptive_sizes(input, nd, output_size, name)
    _adaptive_check(input, nd, name, sizes)
    _float_or_int(input, "adaptive_avg_pool%dd" % max(nd, 2), ints=False)
    if all(o == 1 for o in sizes):      # torch's shortcut (its grad_fn is MeanBackward1)
        return input.mean(dim=tuple(range(-nd, 0)), keepdim=True)
    in_sp = tuple(input.shape[-nd:])
    flat, valid = _flat_windows(_adaptive_positions(in_sp, sizes), in_sp)
    div = np.ones((), dtype=np.float64)
    for n, o in zip(in_sp, sizes):
        start, end = _adaptive_bounds(n, o)
        div = np.multiply.outer(div, (end - start).astype(np.float64))
    windows = (flat, valid, 1.0 / div)
    return apply_op(AdaptiveAvgPool2D if nd == 2 else AdaptiveAvgPool3D, (input,), {"windows": windows, "nd": nd})


def _one_dim_check(input, name):
    if input.dim() not in (2, 3):
        raise RuntimeError("Expected 2 to 3 dimensions, but got %d-dimensional tensor for argument #1 'self' (while "
                           "checking arguments for %s)" % (input.dim(), name))


def _one(output_size, name):
    if isinstance(output_size, numbers.Integral):
        return int(output_size)
    v = tuple(output_size)
    if len(v) != 1:
        raise RuntimeError("%s() argument 'output_size' should contain one int (got %d)" % (name, len(v)))
    return int(v[0])


def adaptive_avg_pool1d(input, output_size):
    """A 1D adaptive average pooling: the mean over windows chosen so the output has output_size.

    Output cell i along a dim of size n covers the input range [floor(i * n / out), ceil((i + 1) * n / out)).

    Args:
        input: (N, C, L) or (C, L).
        output_size: the output's spatial size, an int.

    Shape:
        Output ``(N, C, *output_size)``.

    Gradient: grad divided by each window's size, spread over the window.

    Example::

        >>> F.adaptive_avg_pool1d(pa.tensor([[[1.0, 3.0, 2.0, 5.0]]]), 1)
        tensor([[[2.7500]]])
    """
    _check_tensor(input, "adaptive_avg_pool1d")
    _one_dim_check(input, "adaptive_avg_pool1d")
    o = _one(output_size, "adaptive_avg_pool1d")
    return _adaptive_avg_nd(input.unsqueeze(-2), 2, (1, o)).squeeze(-2)


def adaptive_avg_pool2d(input, output_size):
    """A 2D adaptive average pooling: the mean over windows chosen so the output has output_size.

    Output cell i along a dim of size n covers the input range [floor(i * n / out), ceil((i + 1) * n / out)).

    Args:
        input: (N, C, H, W) or (C, H, W).
        output_size: the output's spatial size, an int or a 2-tuple (None entries keep that input size).

    Shape:
        Output ``(N, C, *output_size)``.

    Gradient: grad divided by each window's size, spread over the window.

    Example::

        >>> F.adaptive_avg_pool2d(pa.arange(16.0).reshape(1, 1, 4, 4), 1)
        tensor([[[[7.5000]]]])
    """
    return _adaptive_avg_nd(input, 2, output_size)


def adaptive_avg_pool3d(input, output_size):
    """A 3D adaptive average pooling: the mean over windows chosen so the output has output_size.

    Output cell i along a dim of size n covers the input range [floor(i * n / out), ceil((i + 1) * n / out)).

    Args:
        input: (N, C, D, H, W) or (C, D, H, W).
        output_size: the output's spatial size, an int or a 3-tuple (None entries keep that input size).

    Shape:
        Output ``(N, C, *output_size)``.

    Gradient: grad divided by each window's size, spread over the window.

    Example::

        >>> F.adaptive_avg_pool3d(pa.arange(8.0).reshape(1, 1, 2, 2, 2), 1)
        tensor([[[[[3.5000]]]]])
    """
    return _adaptive_avg_nd(input, 3, output_size)


def _adaptive_max_nd(input, nd, output_size, return_indices):
    if return_indices and _core.vmap_wants((input,), {}):
        return _core.vmap_call("loop", _adaptive_max_nd, (input, nd, output_size, return_indices), {})
    name = "adaptive_max_pool%dd" % nd
    _check_tensor(input, name)
    sizes = _adaptive_sizes(input, nd, output_size, name)
    _adaptive_check(input, nd, name, sizes)
    _float_or_int(input, name, ints=False)
    in_sp = tuple(input.shape[-nd:])
    positions = _adaptive_positions(in_sp, sizes)
    op = AdaptiveMaxPool2D if nd == 2 else AdaptiveMaxPool3D
    out = apply_op(op, (input,), {"nd": nd, "find": lambda a: _window_argmax(a, positions, in_sp, True),
                                  "indices": None, "unique": False})
    if not return_indices:
        return out
    return out, _make_tensor(_window_argmax(input._data, positions, in_sp))


def adaptive_max_pool1d_with_indices(input, output_size, return_indices=False):
    """A 1D adaptive max pooling returning (values, indices): adaptive_max_pool1d with return_indices=True.

    The return_indices argument is ignored (the indices are always returned).

    Output cell i along a dim of size n covers the input range [floor(i * n / out), ceil((i + 1) * n / out)).

    Args:
        input: (N, C, L) or (C, L), floating.
        output_size: the output's spatial size, an int.
        return_indices: also return the flat int64 index (over the spatial dims) of each maximum
            (default False).

    Shape:
        Output ``(N, C, *output_size)``.

    Gradient: grad routed to the position of each window's maximum.

    Example::

        >>> F.adaptive_max_pool1d_with_indices(pa.tensor([[[1.0, 3.0, 2.0, 5.0]]]), 1)
        (tensor([[[5.]]]), tensor([[[3]]]))
    """
    return adaptive_max_pool1d(input, output_size, True)


def adaptive_max_pool1d(input, output_size, return_indices=False):
    """A 1D adaptive max pooling: the maximum over windows chosen so the output has output_size.

    Output cell i along a dim of size n covers the input range [floor(i * n / out), ceil((i + 1) * n / out)).

    Args:
        input: (N, C, L) or (C, L), floating.
        output_size: the output's spatial size, an int.
        return_indices: also return the flat int64 index (over the spatial dims) of each maximum
            (default False).

    Shape:
        Output ``(N, C, *output_size)``.

    Gradient: grad routed to the position of each window's maximum.

    Example::

        >>> F.adaptive_max_pool1d(pa.tensor([[[1.0, 3.0, 2.0, 5.0]]]), 2)
        tensor([[[3., 5.]]])
    """
    _check_tensor(input, "adaptive_max_pool1d")
    _one_dim_check(input, "adaptive_max_pool1d")
    o = _one(output_size, "adaptive_max_pool1d")
    res = _adaptive_max_nd(input.unsqueeze(-2), 2, (1, o), return_indices)
    if return_indices:
        return res[0].squeeze(-2), res[1].squeeze(-2)
    return res.squeeze(-2)


def adaptive_max_pool2d_with_indices(input, output_size, return_indices=False):
    """A 2D adaptive max pooling returning (values, indices): adaptive_max_pool2d with return_indices=True.

    The return_indices argument is ignored (the indices are always returned).

    Output cell i along a dim of size n covers the input range [floor(i * n / out), ceil((i + 1) * n / out)).

    Args:
        input: (N, C, H, W) or (C, H, W), floating.
        output_size: the output's spatial size, an int or a 2-tuple (None entries keep that input size).
        return_indices: also return the flat int64 index (over the spatial dims) of each maximum
            (default False).

    Shape:
        Output ``(N, C, *output_size)``.

    Gradient: grad routed to the position of each window's maximum.

    Example::

        >>> F.adaptive_max_pool2d_with_indices(pa.arange(16.0).reshape(1, 1, 4, 4), 1)
        (tensor([[[[15.]]]]), tensor([[[[15]]]]))
    """
    return _adaptive_max_nd(input, 2, output_size, True)


def adaptive_max_pool2d(input, output_size, return_indices=False):
    """A 2D adaptive max pooling: the maximum over windows chosen so the output has output_size.

    Output cell i along a dim of size n covers the input range [floor(i * n / out), ceil((i + 1) * n / out)).

    Args:
        input: (N, C, H, W) or (C, H, W), floating.
        output_size: the output's spatial size, an int or a 2-tuple (None entries keep that input size).
        return_indices: also return the flat int64 index (over the spatial dims) of each maximum
            (default False).

    Shape:
        Output ``(N, C, *output_size)``.

    Gradient: grad routed to the position of each window's maximum.

    Example::

        >>> F.adaptive_max_pool2d(pa.arange(16.0).reshape(1, 1, 4, 4), 1)
        tensor([[[[15.]]]])
    """
    return _adaptive_max_nd(input, 2, output_size, return_indices)


def adaptive_max_pool3d_with_indices(input, output_size, return_indices=False):
    """A 3D adaptive max pooling returning (values, indices): adaptive_max_pool3d with return_indices=True.

    The return_indices argument is ignored (the indices are always returned).

    Output cell i along a dim of size n covers the input range [floor(i * n / out), ceil((i + 1) * n / out)).

    Args:
        input: (N, C, D, H, W) or (C, D, H, W), floating.
        output_size: the output's spatial size, an int or a 3-tuple (None entries keep that input size).
        return_indices: also return the flat int64 index (over the spatial dims) of each maximum
            (default False).

    Shape:
        Output ``(N, C, *output_size)``.

    Gradient: grad routed to the position of each window's maximum.

    Example::

        >>> F.adaptive_max_pool3d_with_indices(pa.arange(8.0).reshape(1, 1, 2, 2, 2), 1)
        (tensor([[[[[7.]]]]]), tensor([[[[[7]]]]]))
    """
    return _adaptive_max_nd(input, 3, output_size, True)


def adaptive_max_pool3d(input, output_size, return_indices=False):
    """A 3D adaptive max pooling: the maximum over windows chosen so the output has output_size.

    Output cell i along a dim of size n covers the input range [floor(i * n / out), ceil((i + 1) * n / out)).

    Args:
        input: (N, C, D, H, W) or (C, D, H, W), floating.
        output_size: the output's spatial size, an int or a 3-tuple (None entries keep that input size).
        return_indices: also return the flat int64 index (over the spatial dims) of each maximum
            (default False).

    Shape:
        Output ``(N, C, *output_size)``.

    Gradient: grad routed to the position of each window's maximum.

    Example::

        >>> F.adaptive_max_pool3d(pa.arange(8.0).reshape(1, 1, 2, 2, 2), 1)
        tensor([[[[[7.]]]]])
    """
    return _adaptive_max_nd(input, 3, output_size, return_indices)


# ------------------------------------------------------------------ lp pooling --
def _lp_pool(input, nd, norm_type, kernel_size, stride, ceil_mode):
    """torch's composite: (sign(a) * relu(|a|) * prod(kernel)) ** (1/p), a = avg_pool(x ** p)."""
    k = _expand(kernel_size, nd, "lp_pool%dd" % nd, "kernel_size")
    max_pool = (max_pool1d, max_pool2d, max_pool3d)[nd - 1]
    avg_pool = (avg_pool1d, avg_pool2d, avg_pool3d)[nd - 1]
    if isinstance(norm_type, (int, float)):
        if norm_type == math.inf:
            return max_pool(input.abs(), kernel_size, stride, 0, 1, ceil_mode)
        if norm_type == -math.inf:
            return -max_pool(-input.abs(), kernel_size, stride, 0, 1, ceil_mode)
    if stride is not None:
        out = avg_pool(input.pow(norm_type), kernel_size, stride, 0, ceil_mode)
    else:
        out = avg_pool(input.pow(norm_type), kernel_size, padding=0, ceil_mode=ceil_mode)
    return (_ops.sign(out) * _ops.relu(_ops.abs(out))).mul(math.prod(k)).pow(1.0 / norm_type)


def lp_pool1d(input, norm_type, kernel_size, stride=None, ceil_mode=False):
    """A 1D power-average pooling: (sum of x**p over each window)**(1/p).

    Computed as PyTorch does, from avg_pool1d(x**p) times the window size; p = inf gives max pooling of
    abs(x). No padding.

    Args:
        input: (N, C, L) or (C, L).
        norm_type: the power p.
        kernel_size: the window size, an int or a 1-tuple.
        stride: the window step (default None: kernel_size).
        ceil_mode: round the output size up instead of down (default False).

    Shape:
        Output (N, C, L_out) with each out = floor((in - k) / stride) + 1.

    Gradient: that of the composite: grad * x**(p-1) / s**(p-1) to each window element, s the window's result.

    Example::

        >>> F.lp_pool1d(pa.tensor([[[3.0, 4.0, 1.0, 0.0]]]), 2, 2)
        tensor([[[5., 1.]]])
    """
    return _lp_pool(input, 1, norm_type, kernel_size, stride, ceil_mode)


def lp_pool2d(input, norm_type, kernel_size, stride=None, ceil_mode=False):
    """A 2D power-average pooling: (sum of x**p over each window)**(1/p).

    Computed as PyTorch does, from avg_pool2d(x**p) times the window size; p = inf gives max pooling of
    abs(x). No padding.

    Args:
        input: (N, C, H, W) or (C, H, W).
        norm_type: the power p.
        kernel_size: the window size, an int or a 2-tuple.
        stride: the window step (default None: kernel_size).
        ceil_mode: round the output size up instead of down (default False).

    Shape:
        Output (N, C, H_out, W_out) with each out = floor((in - k) / stride) + 1.

    Gradient: that of the composite: grad * x**(p-1) / s**(p-1) to each window element, s the window's result.

    Example::

        >>> F.lp_pool2d(pa.ones(1, 1, 2, 2), 2, 2)
        tensor([[[[2.]]]])
    """
    return _lp_pool(input, 2, norm_type, kernel_size, stride, ceil_mode)


def lp_pool3d(input, norm_type, kernel_size, stride=None, ceil_mode=False):
    """A 3D power-average pooling: (sum of x**p over each window)**(1/p).

    Computed as PyTorch does, from avg_pool3d(x**p) times the window size; p = inf gives max pooling of
    abs(x). No padding.

    Args:
        input: (N, C, D, H, W) or (C, D, H, W).
        norm_type: the power p.
        kernel_size: the window size, an int or a 3-tuple.
        stride: the window step (default None: kernel_size).
        ceil_mode: round the output size up instead of down (default False).

    Shape:
        Output (N, C, D_out, H_out, W_out) with each out = floor((in - k) / stride) + 1.

    Gradient: that of the composite: grad * x**(p-1) / s**(p-1) to each window element, s the window's result.

    Example::

        >>> F.lp_pool3d(pa.ones(1, 1, 2, 2, 2), 1, 2)
        tensor([[[[[8.]]]]])
    """
    return _lp_pool(input, 3, norm_type, kernel_size, stride, ceil_mode)


# ------------------------------------------------------------------ interpolation --
UpsampleNearest1D = _window_sum_op("UpsampleNearest1DBackward0", "UpsampleNearest1DBackwardBackward0")
UpsampleNearest2D = _window_sum_op("UpsampleNearest2DBackward0", "UpsampleNearest2DBackwardBackward0")
UpsampleNearest3D = _window_sum_op("UpsampleNearest3DBackward0", "UpsampleNearest3DBackwardBackward0")
UpsampleNearestExact1D = _window_sum_op("UpsampleNearestExact1DBackward0", "UpsampleNearestExact1DBackwardBackward0")
UpsampleNearestExact2D = _window_sum_op("UpsampleNearestExact2DBackward0", "UpsampleNearestExact2DBackwardBackward0")
UpsampleNearestExact3D = _window_sum_op("UpsampleNearestExact3DBackward0", "UpsampleNearestExact3DBackwardBackward0")
UpsampleLinear1D = _window_sum_op("UpsampleLinear1DBackward0", "UpsampleLinear1DBackwardBackward0")
UpsampleBilinear2D = _window_sum_op("UpsampleBilinear2DBackward0", "UpsampleBilinear2DBackwardBackward0")
UpsampleTrilinear3D = _window_sum_op("UpsampleTrilinear3DBackward0", "UpsampleTrilinear3DBackwardBackward0")
UpsampleBicubic2D = _window_sum_op("UpsampleBicubic2DBackward0", "UpsampleBicubic2DBackwardBackward0")

_UPSAMPLE_OPS = {("nearest", 1): UpsampleNearest1D, ("nearest", 2): UpsampleNearest2D,
                 ("nearest", 3): UpsampleNearest3D, ("nearest-exact", 1): UpsampleNearestExact1D,
                 ("nearest-exact", 2): UpsampleNearestExact2D, ("nearest-exact", 3): UpsampleNearestExact3D,
                 ("linear", 1): UpsampleLinear1D, ("bilinear", 2): UpsampleBilinear2D,
                 ("trilinear", 3): UpsampleTrilinear3D, ("bicubic", 2): UpsampleBicubic2D}
_MODE_DIMS = {"linear": 1, "bilinear": 2, "trilinear": 3}
_CUBIC_A = -0.75


def _scale(n, o, align_corners, scale_factor, ftype):
    """torch's area_pixel_compute_scale, in the input's float type."""
    if align_corners:
        return ftype((n - 1) / (o - 1)) if o > 1 else ftype(0)
    if scale_factor is not None and scale_factor > 0:
        return ftype(1.0 / scale_factor)
    return ftype(n) / ftype(o)


def _taps(mode, n, o, align_corners, scale_factor, ftype):
    """One dim's (o, L) source positions and weights of an interpolation mode (torch's kernels:
    nearest in float32 as torch computes it, the others in the input's float type)."""
    dst = np.arange(o)
    if mode in ("nearest", "nearest-exact"):
        if o == n:
            src = dst
        elif o == 2 * n and mode == "nearest":
            src = dst >> 1
        else:
            sc = np.float32(1.0 / scale_factor) if scale_factor is not None and scale_factor > 0 \
                else np.float32(n) / np.float32(o)
            off = np.float32(0.5) if mode == "nearest-exact" else np.float32(0)
            src = np.minimum(np.floor((dst.astype(np.float32) + off) * sc).astype(np.int64), n - 1)
        return src[:, None].astype(np.int64), np.ones((o, 1))
    sc = _scale(n, o, align_corners, scale_factor, ftype)
    d = dst.astype(ftype)
    real = sc * d if align_corners else sc * (d + ftype(0.5)) - ftype(0.5)
    if mode == "bicubic":
        i0 = np.floor(real).astype(np.int64)
        t = (real - i0).astype(np.float64)
        a = _CUBIC_A

        def c1(x):
            return ((a + 2) * x - (a + 3)) * x * x + 1

        def c2(x):
            return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a
        w = np.stack([c2(t + 1.0), c1(t), c1(1.0 - t), c2(2.0 - t)], axis=1)
        pos = np.clip(i0[:, None] - 1 + np.arange(4)[None, :], 0, n - 1)
        return pos, w
    if not align_corners:
        real = np.maximum(real, ftype(0))
    i0 = real.astype(np.int64)
    step = (i0 < n - 1).astype(np.int64)
    lam = np.clip(real - i0, 0, 1).astype(np.float64)
    return np.stack([i0, i0 + step], axis=1), np.stack([1.0 - lam, lam], axis=1)


def _interp_windows(mode, in_sp, out_sp, align_corners, scales, ftype):
    nd = len(in_sp)
    taps = [_taps(mode, n, o, align_corners, sf, ftype) for n, o, sf in zip(in_sp, out_sp, scales)]
    flat, valid = _flat_windows([t[0] for t in taps], in_sp)
    weight = np.ones((1,) * (2 * nd))
    for d, (_, w) in enumerate(taps):
        shape = [1] * (2 * nd)
        shape[d], shape[nd + d] = w.shape
        weight = weight * w.reshape(shape)
    full = tuple(out_sp) + tuple(t[1].shape[1] for t in taps)
    weight = np.broadcast_to(weight, full).reshape(flat.shape)
    return flat, valid, weight


def _upsample(input, mode, nd, output_size, scales, align_corners):
    in_sp = tuple(input.shape[2:])
    if output_size is None:
        output_size = [int(math.floor(n * sf)) for n, sf in zip(in_sp, scales)]
    output_size = [int(o) for o in output_size]
    if any(n <= 0 for n in in_sp) or any(o <= 0 for o in output_size):
        names = ("W",) if nd == 1 else ("H", "W") if nd == 2 else ("D", "H", "W")
        raise RuntimeError("Input and output sizes should be greater than 0, but got input (%s)%s output (%s)"
                           % (", ".join("%s: %d" % (a, n) for a, n in zip(names, in_sp)), " and" if nd == 1 else "",
                              ", ".join("%s: %d" % (a, o) for a, o in zip(names, output_size))))
    if input._data.dtype.kind != "f":
        raise RuntimeError("\"upsample_%s%dd_out_frame\" not implemented for '%s'"
                           % (mode.replace("-", "_"), nd, input.dtype._tensor_type.replace("Tensor", "")))
    scales = scales if scales is not None else [None] * nd
    ftype = input._data.dtype.type
    windows = _interp_windows(mode, in_sp, output_size, align_corners, scales, ftype)
    return apply_op(_UPSAMPLE_OPS[(mode, nd)], (input,), {"windows": windows, "nd": nd})


def interpolate(input, size=None, scale_factor=None, mode="nearest", align_corners=None,
                recompute_scale_factor=None, antialias=False):
    """Resize input's spatial dims, to size or by scale_factor, with the given interpolation mode.

    Modes: "nearest" (default), "nearest-exact", "linear" (3-d input), "bilinear" and "bicubic" (4-d),
    "trilinear" (5-d) and "area" (adaptive average pooling). The output sizes, scales and source
    indices are computed as PyTorch does (align_corners maps the corner pixels' centres onto each other).

    Args:
        input: (N, C, L), (N, C, H, W) or (N, C, D, H, W).
        size: the output's spatial size, an int or a tuple (default None).
        scale_factor: a multiplier of the spatial size instead, a float or a tuple (default None).
        mode: the interpolation (default "nearest").
        align_corners: for the linear and cubic modes (default None: False).
        recompute_scale_factor: compute the scale used from the rounded output size (default None).
        antialias: must be False: antialiased downsampling is not supported (ValueError).

    Gradient: the adjoint of the interpolation (each output's grad spread back onto the inputs it read,
    with their weights).

    Example::

        >>> F.interpolate(pa.tensor([[[1.0, 3.0]]]), size=4, mode="linear")
        tensor([[[1.0000, 1.5000, 2.5000, 3.0000]]])
    """
    _check_tensor(input, "interpolate")
    if mode in ("nearest", "area", "nearest-exact"):
        if align_corners is not None:
            raise ValueError("align_corners option can only be set with the interpolating modes: "
                             "linear | bilinear | bicubic | trilinear")
    elif align_corners is None:
        align_corners = False
    dim = input.dim() - 2
    if size is not None and scale_factor is not None:
        raise ValueError("only one of size or scale_factor should be defined")
    if size is not None:
        scales = None
        if isinstance(size, (list, tuple)):
            if len(size) != dim:
                raise ValueError("Input and output must have the same number of spatial dimensions, but got input with "
                                 "spatial dimensions of %s and output size of %s. Please provide input tensor in (N, C, "
                                 "d1, d2, ...,dK) format and output size in (o1, o2, ...,oK) format."
                                 % (list(input.shape[2:]), size))
            output_size = list(size)
        else:
            output_size = [size] * dim
    elif scale_factor is not None:
        output_size = None
        if isinstance(scale_factor, (list, tuple)):
            if len(scale_factor) != dim:
                raise ValueError("Input and scale_factor must have the same number of spatial dimensions, but got input "
                                 "with spatial dimensions of %s and scale_factor of shape %s. Please provide input tensor "
                                 "in (N, C, d1, d2, ...,dK) format and scale_factor in (s1, s2, ...,sK) format."
                                 % (list(input.shape[2:]), scale_factor))
            scales = [float(e) for e in scale_factor]
        else:
            scales = [float(scale_factor)] * dim
    else:
        raise ValueError("either size or scale_factor should be defined")
    if recompute_scale_factor and size is not None:
        raise ValueError("recompute_scale_factor is not meaningful with an explicit size.")
    if mode == "area" and output_size is None:
        recompute_scale_factor = True
    if recompute_scale_factor:
        output_size = [int(math.floor(float(input.shape[i + 2] * scales[i]))) for i in range(dim)]
        scales = None
    if antialias:
        if not (mode in ("bilinear", "bicubic") and input.dim() == 4):
            raise ValueError("Anti-alias option is restricted to bilinear, bicubic, and lanczos modes and requires a "
                             "4-D tensor as input")
        raise ValueError("interpolate: antialias=True is not supported by pyautograd")
    if 1 <= dim <= 3:
        if mode in ("nearest", "nearest-exact"):
            return _upsample(input, mode, dim, output_size, scales, None)
        if mode == "area":
            return (adaptive_avg_pool1d, adaptive_avg_pool2d, adaptive_avg_pool3d)[dim - 1](input, output_size)
        if mode in _MODE_DIMS:
            if _MODE_DIMS[mode] != dim:
                raise NotImplementedError("Got %dD input, but %s mode needs %dD input"
                                          % (input.dim(), mode, _MODE_DIMS[mode] + 2))
            return _upsample(input, mode, dim, output_size, scales, align_corners)
        if mode == "bicubic" and dim == 2:
            return _upsample(input, mode, dim, output_size, scales, align_corners)
    raise NotImplementedError("Input Error: Only 3D, 4D and 5D input Tensors supported (got %dD) for the modes: nearest | "
                              "linear | bilinear | bicubic | trilinear | lanczos | area | nearest-exact (got %s)"
                              % (input.dim(), mode))


def upsample(input, size=None, scale_factor=None, mode="nearest", align_corners=None):
    """Resize input: the same as F.interpolate(input, size, scale_factor, mode, align_corners).

    Deprecated in PyTorch in favour of interpolate.

    Args:
        input: (N, C, L), (N, C, H, W) or (N, C, D, H, W).
        size: the output's spatial size (an int or a tuple) (default None).
        scale_factor: a multiplier of the spatial size instead (default None).
        mode: "nearest" (default), "linear", "bilinear", "bicubic", "trilinear", "area" or "nearest-exact".
        align_corners: for the linear modes, map the corner pixels' centres onto each other (default None).

    Gradient: the adjoint of the interpolation (each output's grad spread back onto the inputs it read).

    Example::

        >>> F.upsample(pa.tensor([[[1.0, 2.0]]]), scale_factor=2)
        tensor([[[1., 1., 2., 2.]]])
    """
    return interpolate(input, size, scale_factor, mode, align_corners)


def upsample_nearest(input, size=None, scale_factor=None):
    """Nearest-neighbour resize: F.interpolate(input, size, scale_factor, mode="nearest").

    Deprecated in PyTorch in favour of interpolate.

    Args:
        input: (N, C, L), (N, C, H, W) or (N, C, D, H, W).
        size: the output's spatial size (default None).
        scale_factor: a multiplier of the spatial size instead (default None).

    Gradient: grad summed over the output cells that copied each input cell.

    Example::

        >>> F.upsample_nearest(pa.tensor([[[[1.0, 2.0]]]]), scale_factor=2)
        tensor([[[[1., 1., 2., 2.],
                  [1., 1., 2., 2.]]]])
    """
    return interpolate(input, size, scale_factor, mode="nearest")


def upsample_bilinear(input, size=None, scale_factor=None):
    """Bilinear resize with aligned corners.

    The same as F.interpolate(input, size, scale_factor, mode="bilinear", align_corners=True).

    Deprecated in PyTorch in favour of interpolate.

    Args:
        input: (N, C, H, W).
        size: the output's spatial size (default None).
        scale_factor: a multiplier of the spatial size instead (default None).

    Gradient: grad spread back onto the four inputs of each output with the interpolation weights.

    Example::

        >>> F.upsample_bilinear(pa.tensor([[[[1.0, 2.0], [3.0, 4.0]]]]), size=(3, 3))
        tensor([[[[1.0000, 1.5000, 2.0000],
                  [2.0000, 2.5000, 3.0000],
                  [3.0000, 3.5000, 4.0000]]]])
    """
    return interpolate(input, size, scale_factor, mode="bilinear", align_corners=True)


# ------------------------------------------------------------------ pixel / channel shuffle --
def _pixel_shuffle_np(x, r):
    c, h, w = x.shape[-3:]
    lead = x.shape[:-3]
    y = x.reshape(lead + (c // (r * r), r, r, h, w))
    n = len(lead)
    y = y.transpose(tuple(range(n)) + (n, n + 3, n + 1, n + 4, n + 2))
    return np.ascontiguousarray(y).reshape(lead + (c // (r * r), h * r, w * r))


def _pixel_unshuffle_np(x, r):
    c, h, w = x.shape[-3:]
    lead = x.shape[:-3]
    y = x.reshape(lead + (c, h // r, r, w // r, r))
    n = len(lead)
    y = y.transpose(tuple(range(n)) + (n, n + 2, n + 4, n + 1, n + 3))
    return np.ascontiguousarray(y).reshape(lead + (c * r * r, h // r, w // r))


class PixelShuffle(Op):
    name = "PixelShuffleBackward0"

    @staticmethod
    def forward(ctx, x, factor=1):
        ctx.factor = factor
        return _pixel_shuffle_np(x._data, factor)

    jvp = staticmethod(linear_jvp)

    @staticmethod
    def vjp(F, ctx, g):
        return F.pixel_unshuffle_rule(g, ctx.factor)


class PixelUnshuffle(Op):
    name = "PixelUnshuffleBackward0"

    @staticmethod
    def forward(ctx, x, factor=1):
        ctx.factor = factor
        return _pixel_unshuffle_np(x._data, factor)

    jvp = staticmethod(linear_jvp)

    @staticmethod
    def vjp(F, ctx, g):
        return F.pixel_shuffle_rule(g, ctx.factor)


rule_helper("pixel_shuffle_rule", _pixel_shuffle_np, lambda g, r: apply_op(PixelShuffle, (g,), {"factor": r}))
rule_helper("pixel_unshuffle_rule", _pixel_unshuffle_np, lambda g, r: apply_op(PixelUnshuffle, (g,), {"factor": r}))


def pixel_shuffle(input, upscale_factor):
    """Rearrange (*, C * r**2, H, W) into (*, C, H * r, W * r): each group of r**2 channels becomes an r x r block.

    Args:
        input: at least 3-d, its dim -3 divisible by upscale_factor**2.
        upscale_factor: r, a positive int.

    Gradient: pixel_unshuffle of grad (a permutation).

    Example::

        >>> F.pixel_shuffle(pa.arange(4.0).reshape(1, 4, 1, 1), 2)
        tensor([[[[0., 1.],
                  [2., 3.]]]])
    """
    _check_tensor(input, "pixel_shuffle")
    r = int(upscale_factor)
    if input.dim() < 3:
        raise RuntimeError("pixel_shuffle expects input to have at least 3 dimensions, but got input with %d "
                           "dimension(s)" % input.dim())
    if r <= 0:
        raise RuntimeError("pixel_shuffle expects a positive upscale_factor, but got %d" % r)
    c = input.shape[-3]
    if c % (r * r):
        raise RuntimeError("pixel_shuffle expects its input's 'channel' dimension to be divisible by the square of "
                           "upscale_factor, but input.size(-3)=%d is not divisible by %d" % (c, r * r))
    return apply_op(PixelShuffle, (input,), {"factor": r})


def pixel_unshuffle(input, downscale_factor):
    """Rearrange (*, C, H * r, W * r) into (*, C * r**2, H, W): the inverse of pixel_shuffle.

    Args:
        input: at least 3-d, its last two dims divisible by downscale_factor.
        downscale_factor: r, a positive int.

    Gradient: pixel_shuffle of grad (a permutation).

    Example::

        >>> F.pixel_unshuffle(pa.ones(1, 2, 4, 6), 2).shape
        torch.Size([1, 8, 2, 3])
    """
    _check_tensor(input, "pixel_unshuffle")
    r = int(downscale_factor)
    if input.dim() < 3:
        raise RuntimeError("pixel_unshuffle expects input to have at least 3 dimensions, but got input with %d "
                           "dimension(s)" % input.dim())
    if r <= 0:
        raise RuntimeError("pixel_unshuffle expects a positive downscale_factor, but got %d" % r)
    h, w = input.shape[-2:]
    if h % r:
        raise RuntimeError("pixel_unshuffle expects height to be divisible by downscale_factor, but input.size(-2)=%d "
                           "is not divisible by %d" % (h, r))
    if w % r:
        raise RuntimeError("pixel_unshuffle expects width to be divisible by downscale_factor, but input.size(-1)=%d "
                           "is not divisible by %d" % (w, r))
    return apply_op(PixelUnshuffle, (input,), {"factor": r})


def _channel_shuffle_np(x, groups, caxis):
    """Channels (axis caxis, counted from the end) regrouped: (g, c/g) -> (c/g, g)."""
    ax = x.ndim + caxis
    c = x.shape[ax]
    y = x.reshape(x.shape[:ax] + (groups, c // groups) + x.shape[ax + 1:])
    return np.ascontiguousarray(np.swapaxes(y, ax, ax + 1)).reshape(x.shape)


class ChannelShuffle(Op):
    name = "ChannelShuffleBackward0"

    @staticmethod
    def forward(ctx, x, groups=1, caxis=-3):
        ctx.args = (groups, caxis, x._data.shape[x._data.ndim + caxis])
        return _channel_shuffle_np(x._data, groups, caxis)

    jvp = staticmethod(linear_jvp)

    @staticmethod
    def vjp(F, ctx, g):
        groups, caxis, c = ctx.args         # the inverse permutation: the shuffle with c / groups groups
        return F.channel_shuffle_rule(g, c // groups, caxis)


rule_helper("channel_shuffle_rule", _channel_shuffle_np,
            lambda g, groups, caxis: apply_op(ChannelShuffle, (g,), {"groups": groups, "caxis": caxis}))


def channel_shuffle(input, groups):
    """Shuffle the channels (dim 1) of ``(N, C, *)`` input: viewed as (groups, C / groups), transposed, flattened.

    Also exported as native_channel_shuffle.

    Args:
        input: at least 3-d, C divisible by groups.
        groups: the number of groups, a positive int.

    Gradient: the inverse shuffle of grad (with C / groups groups).

    Example::

        >>> F.channel_shuffle(pa.arange(4.0).reshape(1, 4, 1, 1), 2).flatten()
        tensor([0., 2., 1., 3.])
    """
    _check_tensor(input, "channel_shuffle")
    if input.dim() <= 2:
        raise RuntimeError("channel_shuffle expects input with > 2 dims, but got input with sizes %s"
                           % _list(input.shape))
    groups = int(groups)
    if groups <= 0:
        raise RuntimeError("Number of groups to divide channels in must be positive. Value of groups:%d" % groups)
    c = input.shape[1]
    if c % groups:
        raise RuntimeError("Number of channels must be divisible by groups. Got %d channels and %d groups."
                           % (c, groups))
    return apply_op(ChannelShuffle, (input,), {"groups": groups, "caxis": 1 - input.dim()})


native_channel_shuffle = channel_shuffle


def _spec(name, fn, x_shape):
    """A spec of fn(F, x) times a broadcast leaf w: the scatter / transpose op of the gradient's graph
    then depends on a leaf, so the second-derivative checks run the BackwardBackward ops too."""
    EXTRA_SPECS.append(OpSpec(name, lambda T, x, w: fn(T.nn.functional, x) * w, [x_shape, (1,)]))


_spec("max_pool2d", lambda F, x: F.max_pool2d(x, 3, 2, 1, ceil_mode=True), (2, 3, 5, 6))
_spec("max_pool2d_dilation", lambda F, x: F.max_pool2d(x, 2, 1, 1, dilation=2), (3, 5, 6))
_spec("max_pool1d", lambda F, x: F.max_pool1d(x, 3, 2, 1), (2, 3, 7))
_spec("max_pool3d", lambda F, x: F.max_pool3d(x, 2, 1), (1, 2, 3, 4, 3))
_spec("avg_pool2d", lambda F, x: F.avg_pool2d(x, 3, 2, 1, ceil_mode=True, count_include_pad=False), (2, 3, 5, 6))
_spec("avg_pool2d_divisor", lambda F, x: F.avg_pool2d(x, 2, 1, divisor_override=3), (3, 4, 5))
_spec("avg_pool1d", lambda F, x: F.avg_pool1d(x, 3, 2, 1), (2, 3, 7))
_spec("avg_pool3d", lambda F, x: F.avg_pool3d(x, 2, 1, 1), (1, 2, 3, 4, 3))
_spec("adaptive_avg_pool2d", lambda F, x: F.adaptive_avg_pool2d(x, (3, 4)), (2, 3, 5, 7))
_spec("adaptive_avg_pool3d", lambda F, x: F.adaptive_avg_pool3d(x, (2, 3, 2)), (1, 2, 3, 5, 4))
_spec("adaptive_max_pool2d", lambda F, x: F.adaptive_max_pool2d(x, (3, 4)), (2, 3, 5, 7))
_spec("adaptive_max_pool3d", lambda F, x: F.adaptive_max_pool3d(x, (2, 3, 2)), (1, 2, 3, 5, 4))
_spec("max_unpool2d", lambda F, x: F.max_unpool2d(*F.max_pool2d(x, 2, return_indices=True), 2), (2, 3, 4, 6))
_spec("max_unpool3d", lambda F, x: F.max_unpool3d(*F.max_pool3d(x, 2, return_indices=True), 2), (1, 2, 4, 4, 2))
_spec("interpolate_nearest", lambda F, x: F.interpolate(x, scale_factor=1.7), (2, 3, 4))
_spec("interpolate_nearest_exact", lambda F, x: F.interpolate(x, size=(5, 3), mode="nearest-exact"), (2, 3, 4, 5))
_spec("interpolate_nearest3d", lambda F, x: F.interpolate(x, scale_factor=2), (1, 2, 2, 3, 2))
_spec("interpolate_nearest_exact1d", lambda F, x: F.interpolate(x, size=7, mode="nearest-exact"), (2, 3, 4))
_spec("interpolate_nearest_exact3d", lambda F, x: F.interpolate(x, size=(3, 2, 4), mode="nearest-exact"),
      (1, 2, 2, 3, 2))
_spec("interpolate_nearest2d", lambda F, x: F.interpolate(x, size=(5, 7)), (2, 3, 4, 5))
_spec("interpolate_linear", lambda F, x: F.interpolate(x, size=7, mode="linear"), (2, 3, 4))
_spec("interpolate_bilinear", lambda F, x: F.interpolate(x, scale_factor=1.5, mode="bilinear", align_corners=True),
      (2, 3, 4, 5))
_spec("interpolate_bicubic", lambda F, x: F.interpolate(x, size=(5, 3), mode="bicubic"), (2, 3, 4, 5))
_spec("interpolate_trilinear", lambda F, x: F.interpolate(x, size=(3, 2, 4), mode="trilinear"), (1, 2, 2, 3, 2))
_spec("pixel_shuffle", lambda F, x: F.pixel_shuffle(x, 2), (2, 8, 2, 3))
_spec("pixel_unshuffle", lambda F, x: F.pixel_unshuffle(x, 2), (2, 2, 4, 6))
_spec("channel_shuffle", lambda F, x: F.channel_shuffle(x, 2), (2, 6, 2, 3))
_spec("lp_pool2d", lambda F, x: F.lp_pool2d(x.abs() + 0.5, 2, 2), (2, 3, 4, 5))


def _declare_batching():
    """Every op here works on any leading dims, but the indices / matrices are per-sample options:
    the per-sample loop is the rule (correct for all)."""
    batching.declare({op: batching.loop for op in ALL_OPS if op.__module__ == __name__})


_declare_batching()
