"""torch.nn.functional convolutions and padding: conv1d/2d/3d, conv_transpose1d/2d/3d, pad, unfold, fold.

One N-d core serves every rank and both directions:
  conv        im2col by a strided window view of the (zero-)padded input, then one matrix product
              per group (groups are a reshape of the channel dim);
  col2im      the adjoint of im2col: the weight's transpose times the gradient, added back into a
              padded buffer by a loop over the kernel offsets (prod(kernel) strided slice adds);
              conv_transpose IS this (the input-gradient of a conv), so it shares the code;
  weight grad the gradient times the im2col columns, summed over the batch.
The ops' rules call these through the rule namespace (F.convolution, F.convolution_weight), so
conv's backward is itself made of convolutions and every derivative order works.
"""
import builtins
import itertools
import math
import warnings

import numpy as np
from numpy.lib.stride_tricks import as_strided

from .. import _ops
from .._core import apply_op, _make_tensor
from .._ops import Op
from ..ops import batching
from ..ops._registry import ALL_OPS, EXTRA_SPECS, linear_jvp, bilinear_jvp, rule_helper
from ..ops._spec import OpSpec

__all__ = ["conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d",
           "pad", "unfold", "fold"]


def _scalar_name(t):
    return t.dtype._tensor_type.replace("Tensor", "")


def _c_type_name(t):
    """The C type name PyTorch's messages use (double, float, long, ...)."""
    return {"Double": "double", "Float": "float", "Long": "long", "Int": "int", "Half": "c10::Half",
            "BFloat16": "c10::BFloat16", "Short": "short", "Char": "signed char", "Byte": "unsigned char",
            "Bool": "bool", "ComplexFloat": "c10::complex<float>",
            "ComplexDouble": "c10::complex<double>"}.get(_scalar_name(t), _scalar_name(t))


def _list_str(shape):
    return "[%s]" % ", ".join(str(s) for s in shape)


# ------------------------------------------------------------------ array core --
def _pad_zero(x, pads):
    """x with zeros added around its trailing len(pads) dims; pads: ((lo, hi), ...)."""
    if not any(lo or hi for lo, hi in pads):
        return x
    return np.pad(x, ((0, 0),) * (x.ndim - len(pads)) + tuple(pads))


def _columns(xp, out, kernel, stride, dilation):
    """The im2col columns of a padded input xp (N, C, *S): (N, C, *kernel, *out), a strided view."""
    nd = len(kernel)
    st = xp.strides
    shape = xp.shape[:2] + tuple(kernel) + tuple(out)
    strides = st[:2] + tuple(st[2 + i] * dilation[i] for i in range(nd)) + \
        tuple(st[2 + i] * stride[i] for i in range(nd))
    return as_strided(xp, shape, strides, writeable=False)


def _out_size(size, k, stride, lohi, dilation):
    return (size + lohi[0] + lohi[1] - dilation * (k - 1) - 1) // stride + 1


def _conv_array(x, w, stride, padding, dilation, groups, keep=None):
    """The convolution of x (N, C, *S) with w (O, C/groups, *K): (N, O, *out); keep: at most
    that many leading output positions per dim (the rules' adjoint of a transposed conv whose
    output_padding reached past the stride)."""
    nd = w.ndim - 2
    kernel = w.shape[2:]
    out = tuple(_out_size(x.shape[2 + i], kernel[i], stride[i], padding[i], dilation[i]) for i in range(nd))
    if keep is not None:
        out = tuple(builtins.min(o, k) for o, k in zip(out, keep))
    n, c = x.shape[:2]
    o = w.shape[0]
    dtype = np.result_type(x, w)
    if 0 in out or n == 0 or o == 0:
        return np.zeros((n, o) + out, dtype=dtype)
    cols = _columns(_pad_zero(x, padding), out, kernel, stride, dilation)
    # (N, groups, C/groups * prod(K), L): the copy that makes the windows a matrix
    cols = cols.reshape(n, groups, (c // groups) * math.prod(kernel), math.prod(out))
    wm = w.reshape(groups, o // groups, -1)
    return np.matmul(wm, cols).reshape((n, o) + out).astype(dtype, copy=False)


def _col2im_array(g, w, size, stride, padding, dilation, groups):
    """The adjoint of the convolution in its input: the gradient wrt an input of spatial `size`
    of the output gradient g (N, O, *out) of a conv with weight w (O, C/groups, *K)."""
    nd = w.ndim - 2
    kernel = w.shape[2:]
    n, o = g.shape[:2]
    out = g.shape[2:]
    cg = w.shape[1]
    c = cg * groups
    dtype = np.result_type(g, w)
    padded = tuple(size[i] + padding[i][0] + padding[i][1] for i in range(nd))
    # the buffer must hold the last window, even where the forward dropped trailing elements
    extent = tuple(builtins.max(padded[i], (out[i] - 1) * stride[i] + dilation[i] * (kernel[i] - 1) + 1)
                   if out[i] else padded[i] for i in range(nd))
    buf = np.zeros((n, c) + extent, dtype=dtype)
    if n and c and 0 not in out and o:
        gm = g.reshape(n, groups, o // groups, -1)
        wm = w.reshape(groups, o // groups, -1)
        cols = np.matmul(wm.transpose(0, 2, 1), gm).reshape((n, c) + tuple(kernel) + tuple(out))
        _add_columns(buf, cols, kernel, out, stride, dilation)
    crop = tuple(slice(padding[i][0], padding[i][0] + size[i]) for i in range(nd))
    return np.ascontiguousarray(buf[(slice(None), slice(None)) + crop])


def _add_columns(buf, cols, kernel, out, stride, dilation):
    """buf (N, C, *padded) += the columns cols (N, C, *kernel, *out) at their windows: one strided
    slice add per kernel offset."""
    nd = len(kernel)
    for k in itertools.product(*(range(kk) for kk in kernel)):
        dst = tuple(slice(k[i] * dilation[i], k[i] * dilation[i] + (out[i] - 1) * stride[i] + 1, stride[i])
                    for i in range(nd))
        buf[(slice(None), slice(None)) + dst] += cols[(slice(None), slice(None)) + k]


def _weight_grad_array(x, g, kernel, stride, padding, dilation, groups):
    """The gradient wrt the weight (O, C/groups, *kernel) of a conv of x (N, C, *S) whose output
    gradient is g (N, O, *out)."""
    n, c = x.shape[:2]
    o = g.shape[1]
    out = g.shape[2:]
    dtype = np.result_type(x, g)
    cg = c // groups
    if n == 0 or 0 in out or c == 0 or o == 0:
        return np.zeros((o, cg) + tuple(kernel), dtype=dtype)
    cols = _columns(_pad_zero(x, padding), out, kernel, stride, dilation)
    cols = cols.reshape(n, groups, cg * math.prod(kernel), math.prod(out))
    gm = g.reshape(n, groups, o // groups, -1)
    # one product per sample and group against the columns' transpose (a BLAS flag, no copy: a
    # (G, N*L, C/G*K) copy of the columns costs more than all the products), then the batch sum
    gw = np.matmul(gm, cols.swapaxes(-1, -2)).sum(0)
    return gw.reshape((o, cg) + tuple(kernel)).astype(dtype, copy=False)


def _transposed_size(size, kernel, stride, padding, dilation, output_padding):
    return tuple((size[i] - 1) * stride[i] - padding[i][0] - padding[i][1] + dilation[i] * (kernel[i] - 1)
                 + 1 + output_padding[i] for i in range(len(kernel)))


def _convolution_array(x, w, b, stride, padding, dilation, groups, transposed, output_padding):
    if transposed:
        size = _transposed_size(x.shape[2:], w.shape[2:], stride, padding, dilation, output_padding)
        y = _col2im_array(x, w, size, stride, padding, dilation, groups)
    else:
        y = _conv_array(x, w, stride, padding, dilation, groups, output_padding)
    if b is not None:
        y += b.reshape((-1,) + (1,) * (y.ndim - 2))
    return y


# ------------------------------------------------------------------------ ops --
class Convolution(Op):
    """conv (transposed=False) or conv_transpose of x with w, plus an optional bias; padding is
    one (lo, hi) pair per spatial dim. For a conv, output_padding (None from the public
    functions) is the most output positions kept per dim (see _conv_array)."""
    name = "ConvolutionBackward0"

    @staticmethod
    def forward(ctx, x, w, b=None, stride=None, padding=None, dilation=None, groups=1, transposed=False,
                output_padding=None):
        ctx.save_for_backward(x, w)
        ctx.shapes = (x._data.shape, w._data.shape)
        return _convolution_array(x._data, w._data, None if b is None else b._data, stride, padding, dilation,
                                  groups, transposed, output_padding)

    @staticmethod
    def vjp(F, ctx, g):
        x, w = F.saved(ctx)
        xshape, wshape = ctx.shapes
        o = ctx._options
        stride, padding, dilation, groups = o["stride"], o["padding"], o["dilation"], o["groups"]
        need = ctx.needs_input_grad
        nd = len(wshape) - 2
        gx = gw = gb = None
        # complex values: the gradient of a bilinear map pairs g with the other operand's conjugate
        if o["transposed"]:
            # y = conv_transpose(x, w) is the adjoint of c = conv(., w): gx = conv(g, w)
            if need[0]:
                gx = F.convolution(g, _conj(F, w), stride, padding, dilation, groups, False, tuple(xshape[2:]))
            if need[1]:
                gw = F.convolution_weight(g, _conj(F, x), wshape[2:], stride, padding, dilation, groups)
        else:
            if need[0]:
                gx = F.convolution(g, _conj(F, w), stride, padding, dilation, groups, True,
                                   _output_padding_for(xshape[2:], F.shape(g)[-nd:], wshape[2:], stride,
                                                       padding, dilation))
            if need[1]:
                gw = F.convolution_weight(_conj(F, x), g, wshape[2:], stride, padding, dilation, groups)
        if len(need) > 2 and need[2]:
            gb = F.sum(g, (-nd - 2,) + tuple(range(-nd, 0)))
        return (gx, gw) if len(need) == 2 else (gx, gw, gb)

    @staticmethod
    def jvp(F, ctx, primals, options, result, *tangents):
        x, w = primals[:2]
        tx, tw = tangents[:2]
        parts = []
        if tx is not None and not getattr(tx, "_fw_zero", False):
            parts.append(apply_op(Convolution, (tx, w), options))
        if tw is not None and not getattr(tw, "_fw_zero", False):
            parts.append(apply_op(Convolution, (x, tw), options))
        if len(tangents) > 2 and tangents[2] is not None and not getattr(tangents[2], "_fw_zero", False):
            parts.append(F.reshape(tangents[2], (-1,) + (1,) * (len(options["stride"]))))
        if not parts:
            return F.zeros_like(result)
        out = parts[0]
        for p in parts[1:]:
            out = out + p
        return out


def _conj(F, t):
    return F.conj(t) if F.is_complex(t) else t


def _output_padding_for(size, out, kernel, stride, padding, dilation):
    """The output_padding making the conv_transpose of an `out`-sized gradient `size` long again
    (the elements the forward's floor division dropped at the end)."""
    return tuple(size[i] - ((out[i] - 1) * stride[i] - padding[i][0] - padding[i][1]
                            + dilation[i] * (kernel[i] - 1) + 1) for i in range(len(kernel)))


class ConvolutionWeight(Op):
    """The weight gradient of a conv of x whose output gradient is g (bilinear in x and g)."""
    name = "ConvolutionBackwardBackward0"

    @staticmethod
    def forward(ctx, x, g, kernel=None, stride=None, padding=None, dilation=None, groups=1):
        ctx.save_for_backward(x, g)
        ctx.shapes = (x._data.shape, g._data.shape)
        return _weight_grad_array(x._data, g._data, kernel, stride, padding, dilation, groups)

    jvp = staticmethod(bilinear_jvp)

    @staticmethod
    def vjp(F, ctx, gw):
        x, g = F.saved(ctx)
        xshape, gshape = ctx.shapes
        o = ctx._options
        stride, padding, dilation, groups, kernel = o["stride"], o["padding"], o["dilation"], o["groups"], o["kernel"]
        need = ctx.needs_input_grad
        gx = gg = None
        # <gw, W(x, g)> = <g, conv(x, gw)>: linear in x through conv's adjoint, in g through conv
        if need[0]:
            gx = F.convolution(_conj(F, g), gw, stride, padding, dilation, groups, True,
                               _output_padding_for(xshape[2:], gshape[2:], kernel, stride, padding, dilation))
        if need[1]:
            gg = F.convolution(_conj(F, x), gw, stride, padding, dilation, groups, False, tuple(gshape[2:]))
        return gx, gg


def _over_leading(fn, rank, a, b):
    """fn(a, b) on tensors that may carry leading dims beyond `rank` (a batched backward pass keeps
    the batch in front of a gradient): one call per leading index, stacked (the operands' leading
    dims are the same when both have them)."""
    la, lb = a.dim() - rank, b.dim() - rank
    if not la and not lb:
        return fn(a, b)
    lead = tuple(a.shape[:la]) if la else tuple(b.shape[:lb])
    n = math.prod(lead)
    fa = a.reshape((n,) + tuple(a.shape[la:])) if la else None
    fb = b.reshape((n,) + tuple(b.shape[lb:])) if lb else None
    outs = [fn(fa[i] if la else a, fb[i] if lb else b) for i in range(n)]
    if not outs:     # an empty batch: the result's shape from one sample of zeros
        za = _make_tensor(np.zeros(tuple(a.shape[la:]), a._data.dtype)) if la else a
        zb = _make_tensor(np.zeros(tuple(b.shape[lb:]), b._data.dtype)) if lb else b
        return _make_tensor(np.zeros(lead + tuple(fn(za, zb).shape), a._data.dtype))
    out = _ops.stack(outs)
    return out.reshape(lead + tuple(out.shape[1:]))


def _convolution_tensor(x, w, stride, padding, dilation, groups, transposed, output_padding):
    options = {"stride": stride, "padding": padding, "dilation": dilation, "groups": groups,
               "transposed": transposed, "output_padding": output_padding}
    rank = len(stride) + 2
    lead = x.dim() - rank
    if lead and w.dim() == rank:
        # a batched gradient against a plain weight: the leading dims join the batch dim
        shape = tuple(x.shape)
        out = apply_op(Convolution, (x.reshape((-1,) + shape[lead + 1:]), w), options)
        return out.reshape(shape[:lead + 1] + tuple(out.shape[1:]))
    return _over_leading(lambda a, b: apply_op(Convolution, (a, b), options), rank, x, w)


def _convolution_weight_tensor(x, g, kernel, stride, padding, dilation, groups):
    options = {"kernel": tuple(kernel), "stride": stride, "padding": padding, "dilation": dilation, "groups": groups}
    return _over_leading(lambda a, b: apply_op(ConvolutionWeight, (a, b), options), len(stride) + 2, x, g)


rule_helper("convolution",
            lambda x, w, stride, padding, dilation, groups, transposed, output_padding:
            _convolution_array(x, w, None, stride, padding, dilation, groups, transposed, output_padding),
            _convolution_tensor)
rule_helper("convolution_weight", _weight_grad_array, _convolution_weight_tensor)


# ------------------------------------------------------------ public: conv --
def _tuple_arg(value, nd, what):
    if isinstance(value, (list, tuple)):
        v = tuple(int(e) for e in value)
        if len(v) == 1:
            v = v * nd
    else:
        v = (int(value),) * nd
    if len(v) != nd:
        raise RuntimeError("expected %s to be a single integer value or a list of %d values to match the "
                           "convolution dimensions, but got %s=%s" % (what, nd, what, _list_str(v)))
    return v


def _check_input_rank(input, nd, name):
    if input.dim() not in (nd + 1, nd + 2):
        raise RuntimeError("Expected %dD (unbatched) or %dD (batched) input to %s, but got input of size: %s"
                           % (nd + 1, nd + 2, name, _list_str(input.shape)))
    return input.dim() == nd + 1


def _check_common(input, weight, bias, nd, stride, padding, dilation, groups, transposed):
    if weight.dim() != nd + 2:
        # PyTorch checks the (already expanded) stride against the weight's rank first
        if weight.dim() < 3:
            raise RuntimeError("weight should have at least three dimensions")
        raise RuntimeError("expected stride to be a single integer value or a list of %d values to match the "
                           "convolution dimensions, but got stride=%s" % (weight.dim() - 2, _list_str(stride)))
    if any(s <= 0 for s in stride):
        raise RuntimeError("non-positive stride is not supported")
    if any(p < 0 for p in padding):
        raise RuntimeError("negative padding is not supported")
    if any(d <= 0 for d in dilation):
        raise RuntimeError("dilation should be greater than zero, but got %s" % _list_str(dilation))
    if groups <= 0:
        raise RuntimeError("non-positive groups is not supported")
    if weight.shape[0] == 0:
        raise RuntimeError("Given groups=%d, expected weight to be at least %d at dimension 0, but got weight of size "
                           "%s instead" % (groups, groups, _list_str(weight.shape)))
    if weight.shape[0] % groups:
        raise RuntimeError("Given groups=%d, expected weight to be divisible by %d at dimension 0, but got weight "
                           "of size [%s] instead" % (groups, groups, _list_str(weight.shape)))
    c = input.shape[1]
    expected = weight.shape[0] if transposed else weight.shape[1] * groups
    if c != expected:
        if transposed:
            raise RuntimeError("Given transposed=1, weight of size %s, expected input%s to have %d channels, but got "
                               "%d channels instead" % (_list_str(weight.shape), _list_str(input.shape), expected, c))
        raise RuntimeError("Given groups=%d, weight of size %s, expected input%s to have %d channels, but got %d "
                           "channels instead" % (groups, _list_str(weight.shape), _list_str(input.shape), expected, c))
    out_channels = weight.shape[1] * groups if transposed else weight.shape[0]
    if bias is not None and (bias.dim() != 1 or bias.shape[0] != out_channels):
        raise RuntimeError("Given %s of size %s, expected bias to be 1-dimensional with %d elements, but got bias "
                           "of size %s instead" % ("transposed=1, weight" if transposed else "weight",
                                                   _list_str(weight.shape), out_channels, _list_str(bias.shape)))
    if weight._data.dtype != input._data.dtype:
        raise RuntimeError("expected scalar type %s but found %s" % (_scalar_name(input), _scalar_name(weight)))
    if bias is not None and bias._data.dtype != input._data.dtype:
        raise RuntimeError("Input type (%s) and bias type (%s) should be the same"
                           % (_c_type_name(input), _c_type_name(bias)))


def _convnd(input, weight, bias, stride, padding, dilation, groups, nd, name):
    unbatched = _check_input_rank(input, nd, name)
    if unbatched:
        input = input.unsqueeze(0)
    stride = _tuple_arg(stride, nd, "stride")
    dilation = _tuple_arg(dilation, nd, "dilation")
    pre = None
    if isinstance(padding, str):
        if padding == "valid":
            pads = (0,) * nd
        elif padding == "same":
            if any(s != 1 for s in stride):
                raise RuntimeError("padding='same' is not supported for strided convolutions")
            pads, pre = _same_padding(weight.shape[2:] if weight.dim() == nd + 2 else (1,) * nd, dilation)
        else:
            raise RuntimeError("Invalid padding string: '%s'" % padding)
    else:
        pads = _tuple_arg(padding, nd, "padding")
    _check_common(input, weight, bias, nd, stride, pads, dilation, int(groups), False)
    if pre is not None:
        # PyTorch's 'same' for an even total: the extra element on the right, by an explicit pad
        warnings.warn("Using padding='same' with even kernel lengths and odd dilation may require a zero-padded "
                      "copy of the input be created", UserWarning, stacklevel=3)
        input = pad(input, pre)
    for i in range(nd):
        padded = input.shape[2 + i] + 2 * pads[i]
        if padded < dilation[i] * (weight.shape[2 + i] - 1) + 1:
            raise RuntimeError("Calculated padded input size per channel: (%s). Kernel size: (%s). Kernel size "
                               "can't be greater than actual input size"
                               % (" x ".join(str(input.shape[2 + j] + 2 * pads[j]) for j in range(nd)),
                                  " x ".join(str(dilation[j] * (weight.shape[2 + j] - 1) + 1) for j in range(nd))))
    out = apply_op(Convolution, (input, weight) if bias is None else (input, weight, bias),
                   {"stride": stride, "padding": tuple((p, p) for p in pads), "dilation": dilation,
                    "groups": int(groups), "transposed": False, "output_padding": None})
    return out.squeeze(0) if unbatched else out


def _same_padding(kernel, dilation):
    """The symmetric padding of 'same' and, when a total is odd, the explicit pad (F.pad order) of the
    extra element on the right."""
    sym = []
    extra = []
    for k, d in zip(kernel, dilation):
        total = d * (k - 1)
        sym.append(total // 2)
        extra.append(total - 2 * (total // 2))
    if not any(extra):
        return tuple(sym), None
    pre = []
    for e in reversed(extra):
        pre += [0, e]
    return tuple(sym), tuple(pre)


def conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """A 1D convolution (cross-correlation, as PyTorch) of input with weight, plus bias.

    out[n, o] = bias[o] + sum over the input channels c of group g and the kernel offsets k of
    weight[o, c, k] * input[n, g * C_in / groups + c, stride * i + dilation * k - padding].

    Args:
        input: (N, C_in, L), or (C_in, L) unbatched.
        weight: (C_out, C_in / groups, kL).
        bias: optional (C_out,) (default None).
        stride: an int or a 1-tuple (default 1).
        padding: an int or a 1-tuple of zeros added to both sides, or "valid" (none) or "same" (the output
            keeps the input's size; stride 1 only) (default 0).
        dilation: the spacing between kernel elements, an int or a 1-tuple (default 1).
        groups: split the channels into this many independent groups (default 1).

    Shape:
        Output (N, C_out, L_out) with each out = floor((in + 2 * padding - dilation * (k - 1) - 1) / stride) + 1.

    Gradient: to input, the transposed convolution of grad with weight; to weight, the correlation of
    input with grad; to bias, grad summed over every dim but the channel dim.

    Example::

        >>> x = pa.tensor([[[1.0, 2.0, 3.0, 4.0]]])
        >>> F.conv1d(x, pa.tensor([[[1.0, -1.0]]]))
        tensor([[[-1., -1., -1.]]])
    """
    return _convnd(input, weight, bias, stride, padding, dilation, groups, 1, "conv1d")


def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """A 2D convolution (cross-correlation, as PyTorch) of input with weight, plus bias.

    out[n, o] = bias[o] + sum over the input channels c of group g and the kernel offsets k of
    weight[o, c, k] * input[n, g * C_in / groups + c, stride * i + dilation * k - padding].

    Args:
        input: (N, C_in, H, W), or (C_in, H, W) unbatched.
        weight: (C_out, C_in / groups, kH, kW).
        bias: optional (C_out,) (default None).
        stride: an int or a 2-tuple (default 1).
        padding: an int or a 2-tuple of zeros added to both sides, or "valid" (none) or "same" (the output
            keeps the input's size; stride 1 only) (default 0).
        dilation: the spacing between kernel elements, an int or a 2-tuple (default 1).
        groups: split the channels into this many independent groups (default 1).

    Shape:
        Output (N, C_out, H_out, W_out) with each out = floor((in + 2 * padding - dilation * (k - 1) - 1) / stride)
        + 1.

    Gradient: to input, the transposed convolution of grad with weight; to weight, the correlation of
    input with grad; to bias, grad summed over every dim but the channel dim.

    Example::

        >>> F.conv2d(pa.ones(1, 1, 3, 3), pa.ones(1, 1, 2, 2))
        tensor([[[[4., 4.],
                  [4., 4.]]]])
    """
    return _convnd(input, weight, bias, stride, padding, dilation, groups, 2, "conv2d")


def conv3d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """A 3D convolution (cross-correlation, as PyTorch) of input with weight, plus bias.

    out[n, o] = bias[o] + sum over the input channels c of group g and the kernel offsets k of
    weight[o, c, k] * input[n, g * C_in / groups + c, stride * i + dilation * k - padding].

    Args:
        input: (N, C_in, D, H, W), or (C_in, D, H, W) unbatched.
        weight: (C_out, C_in / groups, kD, kH, kW).
        bias: optional (C_out,) (default None).
        stride: an int or a 3-tuple (default 1).
        padding: an int or a 3-tuple of zeros added to both sides, or "valid" (none) or "same" (the output
            keeps the input's size; stride 1 only) (default 0).
        dilation: the spacing between kernel elements, an int or a 3-tuple (default 1).
        groups: split the channels into this many independent groups (default 1).

    Shape:
        Output (N, C_out, D_out, H_out, W_out) with each out = floor((in + 2 * padding - dilation * (k - 1) - 1) /
        stride) + 1.

    Gradient: to input, the transposed convolution of grad with weight; to weight, the correlation of
    input with grad; to bias, grad summed over every dim but the channel dim.

    Example::

        >>> F.conv3d(pa.ones(1, 2, 4, 4, 4), pa.ones(3, 2, 3, 3, 3), padding=1).shape
        torch.Size([1, 3, 4, 4, 4])
    """
    return _convnd(input, weight, bias, stride, padding, dilation, groups, 3, "conv3d")


def _conv_transposend(input, weight, bias, stride, padding, output_padding, groups, dilation, nd, name):
    if isinstance(padding, str):
        raise TypeError("%s(): argument 'padding' must be tuple of ints, not str" % name)
    unbatched = _check_input_rank(input, nd, name)
    if unbatched:
        input = input.unsqueeze(0)
    stride = _tuple_arg(stride, nd, "stride")
    dilation = _tuple_arg(dilation, nd, "dilation")
    pads = _tuple_arg(padding, nd, "padding")
    output_padding = _tuple_arg(output_padding, nd, "output_padding")
    _check_common(input, weight, bias, nd, stride, pads, dilation, int(groups), True)
    if any(op < 0 for op in output_padding):
        raise RuntimeError("negative output_padding is not supported")
    if any(output_padding[i] >= stride[i] and output_padding[i] >= dilation[i] for i in range(nd)):
        names = ["depth", "height", "width"][3 - nd:] if nd > 1 else ["width"]
        raise RuntimeError("output padding must be smaller than either stride or dilation, but got "
                           + " ".join("output_padding_%s: %d" % (n, v) for n, v in zip(names, output_padding)) + " "
                           + " ".join("stride_%s: %d" % (n, v) for n, v in zip(names, stride)) + " "
                           + " ".join("dilation_%s: %d" % (n, v) for n, v in zip(names, dilation)))
    pairs = tuple((p, p) for p in pads)
    size = _transposed_size(input.shape[2:], weight.shape[2:], stride, pairs, dilation, output_padding)
    if any(s < 1 for s in size):
        # PyTorch runs a 1-d transposed conv as a 2-d one of height 1 (and says so)
        lead = (1,) if nd == 1 else ()
        raise RuntimeError("Given input size per channel: (%s). Calculated output size per channel: (%s). Output "
                           "size is too small" % (" x ".join(str(s) for s in lead + tuple(input.shape[2:])),
                                                  " x ".join(str(s) for s in lead + size)))
    out = apply_op(Convolution, (input, weight) if bias is None else (input, weight, bias),
                   {"stride": stride, "padding": pairs, "dilation": dilation, "groups": int(groups),
                    "transposed": True, "output_padding": output_padding})
    return out.squeeze(0) if unbatched else out


def conv_transpose1d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    """A 1D transposed convolution ("deconvolution"): the gradient of conv1d with respect to its input.

    Each input element adds weight, scaled by it, into the output at stride steps; padding then
    removes that many elements from both sides of the result.

    Args:
        input: (N, C_in, L), or (C_in, L) unbatched.
        weight: (C_in, C_out / groups, kL).
        bias: optional (C_out,) (default None).
        stride: an int or a 1-tuple (default 1).
        padding: an int or a 1-tuple, removed from both sides of the output (default 0).
        output_padding: an int or a 1-tuple added to one side of the output, smaller than stride or dilation
            (default 0).
        groups: split the channels into this many independent groups (default 1).
        dilation: the spacing between kernel elements, an int or a 1-tuple (default 1).

    Shape:
        Output (N, C_out, L_out) with each
        out = (in - 1) * stride - 2 * padding + dilation * (k - 1) + output_padding + 1.

    Gradient: to input, the convolution of grad with weight; to weight, the correlation of grad with
    input; to bias, grad summed over every dim but the channel dim.

    Example::

        >>> F.conv_transpose1d(pa.tensor([[[1.0, 2.0]]]), pa.tensor([[[1.0, 1.0]]]))
        tensor([[[1., 3., 2.]]])
    """
    return _conv_transposend(input, weight, bias, stride, padding, output_padding, groups, dilation, 1,
                             "conv_transpose1d")


def conv_transpose2d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    """A 2D transposed convolution ("deconvolution"): the gradient of conv2d with respect to its input.

    Each input element adds weight, scaled by it, into the output at stride steps; padding then
    removes that many elements from both sides of the result.

    Args:
        input: (N, C_in, H, W), or (C_in, H, W) unbatched.
        weight: (C_in, C_out / groups, kH, kW).
        bias: optional (C_out,) (default None).
        stride: an int or a 2-tuple (default 1).
        padding: an int or a 2-tuple, removed from both sides of the output (default 0).
        output_padding: an int or a 2-tuple added to one side of the output, smaller than stride or dilation
            (default 0).
        groups: split the channels into this many independent groups (default 1).
        dilation: the spacing between kernel elements, an int or a 2-tuple (default 1).

    Shape:
        Output (N, C_out, H_out, W_out) with each
        out = (in - 1) * stride - 2 * padding + dilation * (k - 1) + output_padding + 1.

    Gradient: to input, the convolution of grad with weight; to weight, the correlation of grad with
    input; to bias, grad summed over every dim but the channel dim.

    Example::

        >>> F.conv_transpose2d(pa.ones(1, 2, 3, 3), pa.ones(2, 4, 3, 3), stride=2).shape
        torch.Size([1, 4, 7, 7])
    """
    return _conv_transposend(input, weight, bias, stride, padding, output_padding, groups, dilation, 2,
                             "conv_transpose2d")


def conv_transpose3d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    """A 3D transposed convolution ("deconvolution"): the gradient of conv3d with respect to its input.

    Each input element adds weight, scaled by it, into the output at stride steps; padding then
    removes that many elements from both sides of the result.

    Args:
        input: (N, C_in, D, H, W), or (C_in, D, H, W) unbatched.
        weight: (C_in, C_out / groups, kD, kH, kW).
        bias: optional (C_out,) (default None).
        stride: an int or a 3-tuple (default 1).
        padding: an int or a 3-tuple, removed from both sides of the output (default 0).
        output_padding: an int or a 3-tuple added to one side of the output, smaller than stride or dilation
            (default 0).
        groups: split the channels into this many independent groups (default 1).
        dilation: the spacing between kernel elements, an int or a 3-tuple (default 1).

    Shape:
        Output (N, C_out, D_out, H_out, W_out) with each
        out = (in - 1) * stride - 2 * padding + dilation * (k - 1) + output_padding + 1.

    Gradient: to input, the convolution of grad with weight; to weight, the correlation of grad with
    input; to bias, grad summed over every dim but the channel dim.

    Example::

        >>> F.conv_transpose3d(pa.ones(1, 2, 3, 3, 3), pa.ones(2, 4, 2, 2, 2), stride=2).shape
        torch.Size([1, 4, 6, 6, 6])
    """
    return _conv_transposend(input, weight, bias, stride, padding, output_padding, groups, dilation, 3,
                             "conv_transpose3d")


# ------------------------------------------------------------------- padding --
def _constant_pad_array(x, pairs, value):
    """x with (lo, hi) added to each trailing dim (a negative amount crops), the new cells `value`."""
    nd = len(pairs)
    lead = x.ndim - nd
    crop = tuple(slice(builtins.max(-lo, 0), x.shape[lead + i] - builtins.max(-hi, 0))
                 for i, (lo, hi) in enumerate(pairs))
    x = x[(Ellipsis,) + crop]
    grow = ((0, 0),) * lead + tuple((builtins.max(lo, 0), builtins.max(hi, 0)) for lo, hi in pairs)
    if not any(lo or hi for lo, hi in grow):
        return np.array(x)
    return np.pad(x, grow, constant_values=value)


class ConstantPadNd(Op):
    name = "ConstantPadNdBackward0"

    @staticmethod
    def forward(ctx, x, pairs=None, value=0):
        return _constant_pad_array(x._data, pairs, value)

    @staticmethod
    def jvp(F, ctx, primals, options, result, t):
        # the added cells are constants: their tangent is 0 whatever the value
        return apply_op(ConstantPadNd, (t,), {"pairs": options["pairs"], "value": 0})

    @staticmethod
    def vjp(F, ctx, g):
        # the adjoint of adding cells is cropping them (and of cropping, adding zeros)
        return F.constant_pad_nd(g, tuple((-lo, -hi) for lo, hi in ctx._options["pairs"]), 0)


def _pad_indices(size, lo, hi, mode):
    """The source index of every padded position along one dim."""
    i = np.arange(-lo, size + hi)
    if mode == "reflect":
        i = np.abs(i)
        i = np.where(i >= size, 2 * (size - 1) - i, i)
    elif mode == "replicate":
        i = np.clip(i, 0, size - 1)
    else:
        # PyTorch wraps around what is left after a negative side's crop
        start = builtins.max(-lo, 0)
        kept = size - start - builtins.max(-hi, 0)
        i = start + np.mod(np.arange(-builtins.max(lo, 0), kept + builtins.max(hi, 0)), builtins.max(kept, 1))
    return i


def _gather_pad_array(x, indices):
    """x's trailing dims read at the index arrays (one per dim)."""
    return x[(Ellipsis,) + np.ix_(*indices)]


def _scatter_pad_array(g, indices, sizes):
    """The adjoint of _gather_pad_array: each of g's trailing dims summed back onto its source
    positions, by a product with the 0/1 matrix of the index (a dim at a time)."""
    nd = len(indices)
    for d in range(nd):
        axis = g.ndim - nd + d
        onehot = (indices[d][:, None] == np.arange(sizes[d])[None, :]).astype(g.dtype)
        g = np.moveaxis(np.matmul(np.moveaxis(g, axis, -1), onehot), -1, axis)
    return np.ascontiguousarray(g)


def _index_pad_op(name_):
    class _Pad(Op):
        name = name_

        @staticmethod
        def forward(ctx, x, indices=None, sizes=None):
            return _gather_pad_array(x._data, indices)

        jvp = staticmethod(linear_jvp)

        @staticmethod
        def vjp(F, ctx, g):
            o = ctx._options
            return F.scatter_pad(g, o["indices"], o["sizes"], ctx.op)

    _Pad.__name__ = _Pad.__qualname__ = name_.replace("Backward0", "")
    return _Pad


ReflectionPad1D = _index_pad_op("ReflectionPad1DBackward0")
ReflectionPad2D = _index_pad_op("ReflectionPad2DBackward0")
ReflectionPad3D = _index_pad_op("ReflectionPad3DBackward0")
ReplicationPad1D = _index_pad_op("ReplicationPad1DBackward0")
ReplicationPad2D = _index_pad_op("ReplicationPad2DBackward0")
ReplicationPad3D = _index_pad_op("ReplicationPad3DBackward0")
CircularPad = _index_pad_op("CircularPadBackward0")    # PyTorch builds it of slice copies (CopySlices)
_INDEX_PAD_OPS = {("reflect", 1): ReflectionPad1D, ("reflect", 2): ReflectionPad2D, ("reflect", 3): ReflectionPad3D,
                  ("replicate", 1): ReplicationPad1D, ("replicate", 2): ReplicationPad2D,
                  ("replicate", 3): ReplicationPad3D}


class ScatterPad(Op):
    name = "PadBackwardBackward0"

    @staticmethod
    def forward(ctx, g, indices=None, sizes=None, pad_op=None):
        return _scatter_pad_array(g._data, indices, sizes)

    jvp = staticmethod(linear_jvp)

    @staticmethod
    def vjp(F, ctx, gg):
        # the adjoint of the scatter is the pad it came from (pad_op)
        o = ctx._options
        return F.gather_pad(gg, o["indices"], o["pad_op"])


rule_helper("constant_pad_nd", _constant_pad_array,
            lambda g, pairs, value: apply_op(ConstantPadNd, (g,), {"pairs": tuple(pairs), "value": value}))
rule_helper("scatter_pad", lambda g, indices, sizes, pad_op: _scatter_pad_array(g, indices, sizes),
            lambda g, indices, sizes, pad_op: apply_op(ScatterPad, (g,), {"indices": indices, "sizes": sizes,
                                                                          "pad_op": pad_op}))
rule_helper("gather_pad", lambda g, indices, pad_op: _gather_pad_array(g, indices),
            lambda g, indices, pad_op: apply_op(pad_op, (g,), {"indices": indices, "sizes": None}))

_PAD_SIZES_TEXT = ("Supported combinations for non-constant padding:\n"
                   "  - 2D or 3D input: padding size = 2 (pads last dimension)\n"
                   "  - 3D or 4D input: padding size = 4 (pads last 2 dimensions)\n"
                   "  - 4D or 5D input: padding size = 6 (pads last 3 dimensions)")


def pad(input, pad, mode="constant", value=None):
    """Pad (or, with negative amounts, crop) the trailing dims of input.

    pad lists (left, right) amounts from the last dim backwards: (1, 2) pads the last dim, (1, 1, 2, 2)
    the last two. Modes: "constant" (the new cells are value, default 0), "reflect" (mirror without
    the edge), "replicate" (repeat the edge) and "circular" (wrap around).

    Args:
        input: the tensor.
        pad: a tuple of an even number of ints.
        mode: "constant" (default), "reflect", "replicate" or "circular".
        value: the fill of constant padding (default None: 0).

    Gradient: grad cropped back to input's cells (the reflected, replicated or wrapped copies summed
    onto the cells they came from).

    Example::

        >>> F.pad(pa.tensor([[1.0, 2.0]]), (1, 2))
        tensor([[0., 1., 2., 0., 0.]])
        >>> F.pad(pa.tensor([[[1.0, 2.0, 3.0]]]), (2, 0), mode="reflect")
        tensor([[[3., 2., 1., 2., 3.]]])
    """
    pad = tuple(int(p) for p in pad)
    if len(pad) % 2:
        raise RuntimeError("Padding length must be divisible by 2")
    nd = len(pad) // 2
    # (lo, hi) per padded dim, in dim order
    pairs = tuple((pad[2 * j], pad[2 * j + 1]) for j in reversed(range(nd)))
    if mode == "constant":
        if nd > input.dim():
            raise RuntimeError("Padding length should be less than or equal to two times the input dimension but "
                               "got padding length %d and input of dimension %d" % (len(pad), input.dim()))
        for (lo, hi), n in zip(pairs, input.shape[input.dim() - nd:]):
            # PyTorch crops a negative left side, then a negative right side (each a narrow)
            if n + builtins.min(lo, 0) < 0 or n + builtins.min(lo, 0) + builtins.min(hi, 0) < 0:
                raise RuntimeError("narrow(): length must be non-negative.")
        return apply_op(ConstantPadNd, (input,), {"pairs": pairs, "value": 0 if value is None else value})
    if mode not in ("reflect", "replicate", "circular"):
        raise NotImplementedError("Unrecognised padding mode %s" % (mode,))
    if value is not None and value != 0:
        raise RuntimeError("Padding mode \"%s\" doesn't take in value argument" % mode)
    if nd not in (1, 2, 3) or input.dim() not in (nd + 1, nd + 2):
        raise NotImplementedError("Padding size %d is not supported for %dD input tensor.\n%s"
                                  % (len(pad), input.dim(), _PAD_SIZES_TEXT))
    shape = tuple(input.shape)
    sizes = shape[len(shape) - nd:]
    if mode != "circular" and 0 in shape[1 if len(shape) == nd + 2 else 0:]:
        raise RuntimeError("Expected %dD or %dD (batch mode) tensor with possibly 0 batch size and other non-zero "
                           "dimensions for input, but got: %s" % (nd + 1, nd + 2, _list_str(shape)))
    out_sizes = tuple(n + lo + hi for (lo, hi), n in zip(pairs, sizes))
    if mode == "circular":
        for (lo, hi), n, o in zip(pairs, sizes, out_sizes):      # PyTorch's checks, a dim at a time
            if lo > n or hi > n:
                raise RuntimeError("Padding value causes wrapping around more than once.")
            if o < 0:
                raise RuntimeError("Negative padding value is resulting in an empty dimension")
        # PyTorch wraps around what the other side's crop leaves; with nothing left (and a non-empty
        # result) it copies uninitialised memory, and a pad longer than what is left copies from
        # cells not yet written (values and gradients then differ from a wrap): both refused here
        for (lo, hi), n, o in zip(pairs, sizes, out_sizes):
            kept = n - builtins.max(-lo, 0) - builtins.max(-hi, 0)
            if o > 0 and kept <= 0:
                raise RuntimeError("Negative padding value is resulting in an empty dimension")
            if o > 0 and (lo > kept or hi > kept):
                raise RuntimeError("Padding value causes wrapping around more than once.")
    else:
        for j in reversed(range(nd)):       # PyTorch checks the last dim first
            (lo, hi), n = pairs[j], sizes[j]
            if mode == "reflect" and (lo >= n or hi >= n):
                raise RuntimeError("Argument #%d: Padding size should be less than the corresponding input "
                                   "dimension, but got: padding (%d, %d) at dimension %d of input %s"
                                   % (4 + 2 * (nd - 1 - j), lo, hi, len(shape) - nd + j, _list_str(shape)))
        # PyTorch's checks of the result's size: too small when no dim is positive (any non-positive in
        # 1-d), and a 2-d / 3-d result may be empty but not negative
        if (nd == 1 and out_sizes[0] < 1) or all(o < 1 for o in out_sizes):
            names = ("D", "H", "W")[3 - nd:]
            raise RuntimeError("input (%s) is too small. Calculated output %s"
                               % (", ".join("%s: %d" % (c, n) for c, n in zip(names, sizes)) + (" " if nd > 1 else ""),
                                  " ".join("%s: %d" % (c, o) for c, o in zip(names, out_sizes))))
        if any(o < 0 for o in out_sizes):
            if mode == "reflect" and nd == 2:
                raise RuntimeError("numel: integer multiplication overflow")
            full = shape[:len(shape) - nd] + out_sizes
            raise RuntimeError("Trying to create tensor with negative dimension %d: %s"
                               % (builtins.min(full), _list_str(full)))
    indices = tuple(_pad_indices(n, lo, hi, mode) for (lo, hi), n in zip(pairs, sizes))
    op = CircularPad if mode == "circular" else _INDEX_PAD_OPS[mode, nd]
    return apply_op(op, (input,), {"indices": indices, "sizes": sizes})


# ------------------------------------------------------------ unfold / fold --
def _pair_arg(v):
    v = tuple(v) if isinstance(v, (list, tuple)) else (v, v)
    return tuple(int(e) for e in v)


def _im2col_array(x, kernel, dilation, padding, stride):
    if x.ndim != 4:     # unbatched (as PyTorch's im2col takes it) or with more leading dims: one batch dim
        lead = x.shape[:-3]
        out = _im2col_array(x.reshape((-1,) + x.shape[-3:]), kernel, dilation, padding, stride)
        return out.reshape(lead + out.shape[1:])
    n, c = x.shape[:2]
    out = tuple(_out_size(x.shape[2 + i], kernel[i], stride[i], padding[i], dilation[i]) for i in range(2))
    cols = _columns(_pad_zero(x, padding), out, kernel, stride, dilation)
    return cols.reshape(n, c * math.prod(kernel), math.prod(out))


def _col2im_cols_array(g, size, kernel, dilation, padding, stride):
    if g.ndim != 3:
        lead = g.shape[:-2]
        out = _col2im_cols_array(g.reshape((-1,) + g.shape[-2:]), size, kernel, dilation, padding, stride)
        return out.reshape(lead + out.shape[1:])
    n = g.shape[0]
    k = math.prod(kernel)
    c = g.shape[1] // k
    out = tuple(_out_size(size[i], kernel[i], stride[i], padding[i], dilation[i]) for i in range(2))
    padded = tuple(size[i] + padding[i][0] + padding[i][1] for i in range(2))
    buf = np.zeros((n, c) + padded, dtype=g.dtype)
    if buf.size and g.size:
        _add_columns(buf, g.reshape((n, c) + tuple(kernel) + out), kernel, out, stride, dilation)
    crop = tuple(slice(padding[i][0], padding[i][0] + size[i]) for i in range(2))
    return np.ascontiguousarray(buf[(slice(None), slice(None)) + crop])


class Im2Col(Op):
    name = "Im2ColBackward0"

    @staticmethod
    def forward(ctx, x, kernel=None, dilation=None, padding=None, stride=None):
        ctx.size = x._data.shape[-2:]
        return _im2col_array(x._data, kernel, dilation, padding, stride)

    jvp = staticmethod(linear_jvp)

    @staticmethod
    def vjp(F, ctx, g):
        o = ctx._options
        return F.col2im(g, ctx.size, o["kernel"], o["dilation"], o["padding"], o["stride"])


class Col2Im(Op):
    name = "Col2ImBackward0"

    @staticmethod
    def forward(ctx, g, size=None, kernel=None, dilation=None, padding=None, stride=None):
        return _col2im_cols_array(g._data, size, kernel, dilation, padding, stride)

    jvp = staticmethod(linear_jvp)

    @staticmethod
    def vjp(F, ctx, gg):
        o = ctx._options
        return F.im2col(gg, o["kernel"], o["dilation"], o["padding"], o["stride"])


def _im2col_tensor(x, kernel, dilation, padding, stride):
    return apply_op(Im2Col, (x,), {"kernel": kernel, "dilation": dilation, "padding": padding, "stride": stride})


def _col2im_tensor(g, size, kernel, dilation, padding, stride):
    return apply_op(Col2Im, (g,), {"size": tuple(size), "kernel": kernel, "dilation": dilation,
                                   "padding": padding, "stride": stride})


rule_helper("im2col", _im2col_array, _im2col_tensor)
rule_helper("col2im", _col2im_cols_array, _col2im_tensor)


def unfold(input, kernel_size, dilation=1, padding=0, stride=1):
    """Extract the sliding local blocks of an image (im2col).

    Each of the L block positions gives a column of the C * prod(kernel_size) values it covers.

    Args:
        input: (N, C, H, W) or (C, H, W).
        kernel_size: the block size, an int or a 2-tuple.
        dilation: the spacing between block elements (default 1).
        padding: implicit zero padding on both sides (default 0).
        stride: the step between blocks (default 1).

    Shape:
        Output ``(N, C * prod(kernel_size), L)``, L the product over the spatial dims of
        floor((in + 2 * padding - dilation * (k - 1) - 1) / stride) + 1.

    Gradient: fold of grad (the blocks' gradients summed back where they overlap).

    Example::

        >>> F.unfold(pa.ones(1, 2, 3, 3), 2).shape
        torch.Size([1, 8, 4])
    """
    if input.dim() not in (3, 4) or 0 in tuple(input.shape)[1 if input.dim() == 4 else 0:]:
        raise RuntimeError("Expected 3D or 4D (batch mode) tensor with possibly 0 batch size and other non-zero "
                           "dimensions for input, but got: %s" % _list_str(input.shape))
    kernel, dilation, padding, stride = (_pair_arg(v) for v in (kernel_size, dilation, padding, stride))
    x = input
    blocks = tuple((x.shape[-2 + i] + 2 * padding[i] - dilation[i] * (kernel[i] - 1) - 1) // stride[i] + 1
                   for i in range(2))
    if any(b < 1 for b in blocks):
        raise RuntimeError("Given input with spatial size (%d, %d), kernel_size=(%d, %d), dilation=(%d, %d), "
                           "padding=(%d, %d), calculated shape of the array of sliding blocks as (%d, %d), but its "
                           "components must be at least one." % (tuple(x.shape[-2:]) + kernel + dilation + padding
                                                                  + blocks))
    return _im2col_tensor(x, kernel, dilation, tuple((p, p) for p in padding), stride)


def fold(input, output_size, kernel_size, dilation=1, padding=0, stride=1):
    """The adjoint of unfold: sliding blocks summed back into an image.

    Input ``(N, C * prod(kernel_size), L)`` (or without N) holds L blocks; each is added at its position
    into a zero ``(N, C, *output_size)`` output, overlapping blocks summing.

    Args:
        input: the blocks, 2-d or 3-d.
        output_size: the output's spatial size (H, W).
        kernel_size: the block size, an int or a 2-tuple.
        dilation: the spacing between block elements (default 1).
        padding: the implicit zero padding removed from both sides (default 0).
        stride: the step between blocks (default 1).

    Gradient: unfold of grad.

    Example::

        >>> F.fold(pa.ones(1, 4, 4), (3, 3), 2)
        tensor([[[[1., 2., 1.],
                  [2., 4., 2.],
                  [1., 2., 1.]]]])
    """
    if input.dim() not in (2, 3) or 0 in tuple(input.shape)[1 if input.dim() == 3 else 0:]:
        raise RuntimeError("Expected 2D or 3D (batch mode) tensor for input with possibly 0 batch size and non-zero "
                           "dimensions for input, but got: %s" % _list_str(input.shape))
    size, kernel, dilation, padding, stride = (_pair_arg(v) for v in
                                               (output_size, kernel_size, dilation, padding, stride))
    x = input
    c_dim, l_dim = input.dim() - 2, input.dim() - 1
    k = math.prod(kernel)
    if x.shape[c_dim] % k:
        raise RuntimeError("Expected size of input's dimension 1 to be divisible by the product of kernel_size, but "
                           "got input.size(1)=%d and kernel_size=(%d, %d)." % ((x.shape[c_dim],) + kernel))
    blocks = tuple((size[i] + 2 * padding[i] - dilation[i] * (kernel[i] - 1) - 1) // stride[i] + 1 for i in range(2))
    if any(b < 1 for b in blocks):
        raise RuntimeError("Given output_size=(%d, %d), kernel_size=(%d, %d), dilation=(%d, %d), padding=(%d, %d), "
                           "stride=(%d, %d), calculated shape of the array of sliding blocks as (%d, %d), but its "
                           "components must be at least one." % (size + kernel + dilation + padding + stride + blocks))
    if x.shape[l_dim] != blocks[0] * blocks[1]:
        raise RuntimeError("Given output_size=(%d, %d), kernel_size=(%d, %d), dilation=(%d, %d), padding=(%d, %d), "
                           "stride=(%d, %d), expected size of input's dimension 2 to match the calculated number of "
                           "sliding blocks %d * %d = %d, but got input.size(2)=%d."
                           % (size + kernel + dilation + padding + stride + blocks
                              + (blocks[0] * blocks[1], x.shape[l_dim])))
    return _col2im_tensor(x, size, kernel, dilation, tuple((p, p) for p in padding), stride)


# ---- test specs (tests/op_specs.py reads EXTRA_SPECS): every op here, second derivatives through a
# product with another leaf (so the rules' own ops are recorded)
def _nnf(T):
    return T.nn.functional


EXTRA_SPECS.extend([
    OpSpec("conv2d", lambda T, x, w, b: _nnf(T).conv2d(x, w, b, stride=(2, 1), padding=1, groups=2) ** 2,
           [(2, 4, 5, 4), (4, 2, 3, 2), (4,)], empty=[(0, 4, 5, 4), (4, 2, 3, 2), (4,)]),
    OpSpec("conv1d_same", lambda T, x, w: _nnf(T).conv1d(x, w, padding="same", dilation=2) * x.sum(),
           [(2, 3, 6), (2, 3, 2)]),
    OpSpec("conv3d_unbatched", lambda T, x, w: _nnf(T).conv3d(x, w, stride=2) ** 2, [(2, 3, 4, 3), (2, 2, 2, 1, 2)]),
    OpSpec("conv_transpose2d", lambda T, x, w, b: _nnf(T).conv_transpose2d(x, w, b, stride=2, padding=1,
                                                                           output_padding=1) ** 2,
           [(2, 3, 3, 2), (3, 2, 3, 2), (2,)]),
    OpSpec("conv_transpose1d_dilated", lambda T, x, w: _nnf(T).conv_transpose1d(x, w, dilation=2, output_padding=1,
                                                                                groups=2) ** 2,
           [(2, 4, 3), (4, 1, 2)]),
    OpSpec("pad_constant", lambda T, x, y: _nnf(T).pad(x, (1, -1, 2, 0), value=0.5) * y, [(2, 3, 4), (2, 5, 4)]),
    OpSpec("pad_reflect1d", lambda T, x, y: _nnf(T).pad(x, (2, 1), mode="reflect") * y, [(2, 3, 4), (2, 3, 7)]),
    OpSpec("pad_reflect2d", lambda T, x, y: _nnf(T).pad(x, (1, 1, 2, 0), mode="reflect") * y,
           [(2, 3, 4), (2, 5, 6)]),
    OpSpec("pad_reflect3d", lambda T, x, y: _nnf(T).pad(x, (1, 0, 0, 1, 1, 1), mode="reflect") * y,
           [(1, 3, 2, 3), (1, 5, 3, 4)]),
    OpSpec("pad_replicate1d", lambda T, x, y: _nnf(T).pad(x, (2, 1), mode="replicate") * y, [(2, 3, 4), (2, 3, 7)]),
    OpSpec("pad_replicate2d", lambda T, x, y: _nnf(T).pad(x, (1, 1, 2, 0), mode="replicate") * y,
           [(2, 3, 4), (2, 5, 6)]),
    OpSpec("pad_replicate3d", lambda T, x, y: _nnf(T).pad(x, (1, 0, 0, 1, 1, 1), mode="replicate") * y,
           [(1, 3, 2, 3), (1, 5, 3, 4)]),
    OpSpec("pad_circular", lambda T, x, y: _nnf(T).pad(x, (1, 2, 2, -1), mode="circular") * y,
           [(2, 3, 4), (2, 4, 7)], torch_name=False,
           note="PyTorch builds the circular pad of slice copies (CopySlices); ours is one op"),
    OpSpec("unfold", lambda T, x, y: _nnf(T).unfold(x, (2, 3), padding=1, stride=(1, 2)) * y,
           [(2, 2, 4, 5), (2, 12, 15)]),
    OpSpec("fold", lambda T, x, y: _nnf(T).fold(x, (4, 5), (2, 3), padding=1, stride=(1, 2)) * y,
           [(2, 12, 15), (2, 2, 4, 5)]),
])


def _conv_batch_rule(op, inputs, batched, options, level):
    """vmap of a convolution: a batched input against a plain weight and bias joins the vmap dim to
    its batch dim (one convolution); anything else runs per sample."""
    if batched[0] and not any(batched[1:]):
        x = inputs[0]
        shape = tuple(x.shape)
        out = apply_op(op, (x.reshape((-1,) + shape[2:]),) + tuple(inputs[1:]), options)
        return out.reshape(shape[:2] + tuple(out.shape[1:]))
    return batching.loop(op, inputs, batched, options, level)


def _trailing_batch_rule(op, inputs, batched, options, level):
    """Ops on the trailing dims of one input (the pads, im2col, col2im take any leading dims): the
    op on the physical input as it is."""
    return apply_op(op, tuple(inputs), options)


def _declare_batching():
    ops = {op for op in ALL_OPS if op.__module__ == __name__}
    table = {op: _trailing_batch_rule for op in ops}
    table[Convolution] = _conv_batch_rule
    table[ConvolutionWeight] = batching.loop
    batching.declare(table)


_declare_batching()
