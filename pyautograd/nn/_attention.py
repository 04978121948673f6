"""Attention functions of torch.nn.functional: scaled_dot_product_attention and
multi_head_attention_forward (the function behind nn.MultiheadAttention).

Both are compositions of differentiable pyautograd ops (matmul, softmax, where, add, reshape,
transpose, cat, pad, dropout), so gradients, double backward and forward mode come from those
ops' rules. This module sits below nn.functional (which re-exports it), so the in/out
projections are written here as matmul + bias (the same arithmetic as F.linear's addmm) and
dropout is nn._norm's implementation of PyTorch's (the same generator stream as F.dropout).
Error types and texts, and the mask conventions, are PyTorch 2.13's:
  scaled_dot_product_attention: a bool attn_mask marks with True the positions that take part,
    a float mask is added to the scores; a row with no position taking part gives zeros (PyTorch's
    safe softmax), not NaN; is_causal is the top-left aligned lower triangle.
  multi_head_attention_forward: bool masks mark with True the positions that are masked out
    (both key_padding_mask and attn_mask); they become float masks of -inf, merged by addition.
"""
import math
import warnings

import numpy as np

from .. import _ops
from .._core import _make_tensor
from .._dtype import to_numpy_dtype
from ._act import _is_tensor
from ._conv import pad
from ._norm import _dropout_impl

__all__ = ["scaled_dot_product_attention", "multi_head_attention_forward"]

# PyTorch's C++ scalar type names, as its SDPA checks print them
_CPP_NAMES = {"float64": "double", "float32": "float", "float16": "c10::Half", "int64": "long int",
              "int32": "int", "int16": "short int", "int8": "signed char", "uint8": "unsigned char",
              "bool": "bool", "complex64": "c10::complex<float>", "complex128": "c10::complex<double>"}


def _cpp_name(t):
    dt = t._data.dtype
    return _CPP_NAMES.get(dt.name, dt.name)


def _constant(a):
    return _make_tensor(np.ascontiguousarray(a))


def _linear(x, w, b):
    """x @ w.T + b over x's last dim: F.linear's arithmetic (one 2-D product over the folded
    leading dims, then the bias), written here below nn.functional."""
    if x.dim() == 2:
        out = _ops.matmul(x, w.t())
    else:
        lead = tuple(x.shape[:-1])
        out = _ops.matmul(x.reshape(-1, x.shape[-1]), w.t()).reshape(lead + (w.shape[0],))
    return out if b is None else out + b


# ---------------------------------------------------------------- scaled dot product attention --
def _sdpa_checks(query, key, value, attn_mask, dropout_p, is_causal, enable_gqa):
    for i, (name, t) in enumerate((("query", query), ("key", key), ("value", value))):
        if not _is_tensor(t):
            raise TypeError("scaled_dot_product_attention(): argument '%s' (position %d) must be Tensor, not %s"
                            % (name, i + 1, type(t).__name__))
    if attn_mask is not None and is_causal:
        raise RuntimeError("_scaled_dot_product_attention: Explicit attn_mask should not be set when is_causal=True")
    if query.dim() < 2 or key.dim() < 2 or value.dim() < 2:
        raise RuntimeError("Expected query, key, and value to all be  at least 2 dimensional, but got query.dim: %d "
                           "key.dim: %d and value.dim: %d instead." % (query.dim(), key.dim(), value.dim()))
    qd, kd, vd = query._data.dtype, key._data.dtype, value._data.dtype
    if not (qd == kd == vd):
        raise RuntimeError("Expected query, key, and value to have the same dtype, but got query.dtype: %s key.dtype: "
                           "%s and value.dtype: %s instead." % (_cpp_name(query), _cpp_name(key), _cpp_name(value)))
    if attn_mask is not None:
        md = attn_mask._data.dtype
        if not (md == np.bool_ or md == np.float32 or md == qd):
            raise RuntimeError("Expected attn_mask dtype to be bool or float or to match query dtype, but got "
                               "attn_mask.dtype: %s and  query.dtype: %s instead." % (_cpp_name(attn_mask),
                                                                                      _cpp_name(query)))
    if dropout_p > 1.0:     # PyTorch lets a negative p through (no dropout is drawn for it)
        raise RuntimeError("dropout probability has to be between 0 and 1, but got %s" % (dropout_p,))
    if enable_gqa and query.dim() >= 3:
        hq, hk, hv = query.shape[-3], key.shape[-3], value.shape[-3]
        if hk and hv and (hq % hk or hq % hv):
            # PyTorch's message stops there
            raise RuntimeError("Number of heads in key and value must divide the number of heads in ")


def _mm_check(a_shape, b_shape, batch):
    """The batched product's shape check, with the text PyTorch's bmm gives (SDPA's math runs bmm)."""
    if a_shape[-1] != b_shape[-2]:
        raise RuntimeError("Expected size for first two dimensions of batch2 tensor to be: [%d, %d] but got: [%d, %d]."
                           % (batch, a_shape[-1], batch, b_shape[-2]))


def _dead_rows(mask, bool_mask):
    """The score rows in which no position takes part (all masked), as a bool array with a trailing
    dim of 1, or None when there are none. PyTorch's safe softmax gives those rows zeros."""
    m = mask._data
    dead = ~m.any(axis=-1, keepdims=True) if bool_mask else np.isneginf(m).all(axis=-1, keepdims=True)
    return dead if dead.any() else None


def scaled_dot_product_attention(query, key, value, attn_mask=None, dropout_p=0.0, is_causal=False, *, scale=None,
                                 enable_gqa=False):
    """softmax(query @ key^T * scale + mask) @ value over the last two dims (batch dims broadcast).

    scale defaults to 1/sqrt(E) (E = query.size(-1)); a bool attn_mask keeps the True positions, a float
    one is added; is_causal keeps position j <= i of row i; dropout_p > 0 drops attention weights (as
    PyTorch, whatever the training mode); enable_gqa repeats key / value heads (dim -3) to query's.

    Gradient: to query, key and value through the softmax and both matmuls (and through the dropout mask).

    Example::

        >>> _ = pa.manual_seed(0)
        >>> q, k, v = pa.randn(2, 4, 3, 8), pa.randn(2, 4, 5, 8), pa.randn(2, 4, 5, 8)
        >>> F.scaled_dot_product_attention(q, k, v).shape
        torch.Size([2, 4, 3, 8])
        >>> q = pa.tensor([[[1.0, 0.0]]])
        >>> k = v = pa.tensor([[[1.0, 0.0], [0.0, 1.0]]])
        >>> F.scaled_dot_product_attention(q, k, v, scale=0.0)
        tensor([[[0.5000, 0.5000]]])
    """
    _sdpa_checks(query, key, value, attn_mask, dropout_p, is_causal, enable_gqa)
    L, S, E = query.shape[-2], key.shape[-2], query.shape[-1]
    if enable_gqa and query.dim() >= 3:
        hq, hk = query.shape[-3], key.shape[-3]
        if hk != hq:
            key = key.repeat_interleave(hq // hk, -3)
        hv = value.shape[-3]
        if hv != hq:
            value = value.repeat_interleave(hq // hv, -3)
    batch_shape = np.broadcast_shapes(tuple(query.shape[:-2]), tuple(key.shape[:-2]), tuple(value.shape[:-2]))
    batch = int(np.prod(batch_shape))
    _mm_check(tuple(query.shape), (key.shape[-1], S), batch)
    _mm_check((L, S), tuple(value.shape), batch)
    scale_factor = 1.0 / math.sqrt(E) if scale is None else scale
    dt = query._data.dtype
    scores = _ops.matmul(query * scale_factor, key.transpose(-2, -1))
    dead = None
    if is_causal:
        # row i sees keys 0..i (top-left aligned): never a row without keys
        scores = scores + _constant(np.triu(np.full((L, S), -np.inf, dtype=dt), 1))
    elif attn_mask is not None:
        if attn_mask._data.dtype == np.bool_:
            dead = _dead_rows(attn_mask, True)
            scores = scores + _constant(np.where(attn_mask._data, dt.type(0), dt.type(-np.inf)))
        else:
            dead = _dead_rows(attn_mask, False)
            scores = scores + attn_mask
    if dead is not None:
        # safe softmax: rows with every position masked give zeros (and zero gradients, no NaN)
        dead_t = _constant(np.broadcast_to(dead, tuple(scores.shape[:-1]) + (1,)))
        scores = _ops.where(dead_t, 0.0, scores)
        attn = _ops.where(dead_t, 0.0, _ops.softmax(scores, -1))
    else:
        attn = _ops.softmax(scores, -1)
    if dropout_p > 0.0:
        attn = _dropout_impl(attn, dropout_p, True, False, False, False)
    return _ops.matmul(attn, value)


# ------------------------------------------------------------------ multi-head attention --
def _mha_shape_check(query, key, value, key_padding_mask, attn_mask, num_heads):
    """PyTorch's checks of the input ranks; True for batched (3-D) input."""
    if query.dim() == 3:
        if key.dim() != 3 or value.dim() != 3:
            raise AssertionError("For batched (3-D) `query`, expected `key` and `value` to be 3-D but found %d-D and "
                                 "%d-D tensors respectively" % (key.dim(), value.dim()))
        if key_padding_mask is not None and key_padding_mask.dim() != 2:
            raise AssertionError("For batched (3-D) `query`, expected `key_padding_mask` to be `None` or 2-D but "
                                 "found %d-D tensor instead" % key_padding_mask.dim())
        if attn_mask is not None and attn_mask.dim() not in (2, 3):
            raise AssertionError("For batched (3-D) `query`, expected `attn_mask` to be `None`, 2-D or 3-D but "
                                 "found %d-D tensor instead" % attn_mask.dim())
        return True
    if query.dim() == 2:
        if key.dim() != 2 or value.dim() != 2:
            raise AssertionError("For unbatched (2-D) `query`, expected `key` and `value` to be 2-D but found %d-D "
                                 "and %d-D tensors respectively" % (key.dim(), value.dim()))
        if key_padding_mask is not None and key_padding_mask.dim() != 1:
            raise AssertionError("For unbatched (2-D) `query`, expected `key_padding_mask` to be `None` or 1-D but "
                                 "found %d-D tensor instead" % key_padding_mask.dim())
        if attn_mask is not None:
            if attn_mask.dim() not in (2, 3):
                raise AssertionError("For unbatched (2-D) `query`, expected `attn_mask` to be `None`, 2-D or 3-D "
                                     "but found %d-D tensor instead" % attn_mask.dim())
            if attn_mask.dim() == 3:
                expected = (num_heads, query.shape[0], key.shape[0])
                if tuple(attn_mask.shape) != expected:
                    raise AssertionError("Expected `attn_mask` shape to be %s but got %s" % (expected, attn_mask.shape))
        return False
    raise AssertionError("query should be unbatched 2D or batched 3D tensor but received %d-D query tensor"
                         % query.dim())


def _canonical_mask(mask, mask_name, other_type, other_name, target_type, check_other=True):
    """PyTorch's F._canonical_mask: a bool mask becomes a float one (-inf where True, 0 elsewhere) of
    target_type; a float mask is kept; a mismatch with the other mask's dtype warns."""
    if mask is None:
        return None
    kind = mask._data.dtype.kind
    if kind not in ("b", "f"):
        raise AssertionError("only bool and floating types of %s are supported" % mask_name)
    if check_other and other_type is not None and mask.dtype != other_type:
        warnings.warn("Support for mismatched %s and %s is deprecated. Use same type for both instead."
                      % (mask_name, other_name), stacklevel=3)
    if kind == "b":
        dt = to_numpy_dtype(target_type)
        return _constant(np.where(mask._data, dt.type(-np.inf), dt.type(0)))
    return mask


def _none_or_dtype(input):
    if input is None:
        return None
    if _is_tensor(input):
        return input.dtype
    raise RuntimeError("input to _none_or_dtype() must be None or torch.Tensor")


def _in_projection_packed(q, k, v, w, b=None):
    """q, k, v projected by the packed (3E, E) weight: one product for self-attention, two for
    shared key / value, three otherwise (PyTorch's cases; the same numbers in each)."""
    E = q.shape[-1]
    if k is v:
        if q is k:
            proj = _linear(q, w, b)
            return proj[..., :E], proj[..., E:2 * E], proj[..., 2 * E:]
        w_q, w_kv = w[:E], w[E:]
        b_q, b_kv = (None, None) if b is None else (b[:E], b[E:])
        kv = _linear(k, w_kv, b_kv)
        return _linear(q, w_q, b_q), kv[..., :E], kv[..., E:]
    w_q, w_k, w_v = w.chunk(3)
    b_q, b_k, b_v = (None, None, None) if b is None else b.chunk(3)
    return _linear(q, w_q, b_q), _linear(k, w_k, b_k), _linear(v, w_v, b_v)


def _in_projection(q, k, v, w_q, w_k, w_v, b_q=None, b_k=None, b_v=None):
    Eq, Ek, Ev = q.shape[-1], k.shape[-1], v.shape[-1]
    for w, shape, name in ((w_q, (Eq, Eq), "query"), (w_k, (Eq, Ek), "key"), (w_v, (Eq, Ev), "value")):
        if tuple(w.shape) != shape:
            raise AssertionError("expecting %s weights shape of %s, but got %s" % (name, shape, w.shape))
    for b, name in ((b_q, "query"), (b_k, "key"), (b_v, "value")):
        if b is not None and tuple(b.shape) != (Eq,):
            raise AssertionError("expecting %s bias shape of %s, but got %s" % (name, (Eq,), b.shape))
    return _linear(q, w_q, b_q), _linear(k, w_k, b_k), _linear(v, w_v, b_v)


def multi_head_attention_forward(query, key, value, embed_dim_to_check, num_heads, in_proj_weight, in_proj_bias,
                                 bias_k, bias_v, add_zero_attn, dropout_p, out_proj_weight, out_proj_bias,
                                 training=True, key_padding_mask=None, need_weights=True, attn_mask=None,
                                 use_separate_proj_weight=False, q_proj_weight=None, k_proj_weight=None,
                                 v_proj_weight=None, static_k=None, static_v=None, average_attn_weights=True,
                                 is_causal=False):
    """PyTorch's F.multi_head_attention_forward on (L, N, E) / (S, N, E) input (or unbatched (L, E)):
    returns (attn_output, attn_output_weights or None).

    Example::

        >>> _ = pa.manual_seed(0)
        >>> mha = nn.MultiheadAttention(8, 2)
        >>> x = pa.randn(5, 3, 8)
        >>> out, w = F.multi_head_attention_forward(
        ...     x, x, x, 8, 2, mha.in_proj_weight, mha.in_proj_bias, None, None, False, 0.0,
        ...     mha.out_proj.weight, mha.out_proj.bias)
        >>> out.shape, w.shape
        (torch.Size([5, 3, 8]), torch.Size([3, 5, 5]))
    """
    is_batched = _mha_shape_check(query, key, value, key_padding_mask, attn_mask, num_heads)
    if not is_batched:
        query, key, value = query.unsqueeze(1), key.unsqueeze(1), value.unsqueeze(1)
        if key_padding_mask is not None:
            key_padding_mask = key_padding_mask.unsqueeze(0)
    tgt_len, bsz, embed_dim = query.shape
    src_len = key.shape[0]
    key_padding_mask = _canonical_mask(key_padding_mask, "key_padding_mask", _none_or_dtype(attn_mask),
                                       "attn_mask", query.dtype)
    if is_causal and attn_mask is None:
        raise RuntimeError("Need attn_mask if specifying the is_causal hint. You may use the Transformer module "
                           "method `generate_square_subsequent_mask` to create this mask.")
    if is_causal and key_padding_mask is None and not need_weights:
        # the hint alone goes to SDPA (its causal mask is the one given)
        attn_mask = None
    else:
        attn_mask = _canonical_mask(attn_mask, "attn_mask", None, "", query.dtype, check_other=False)
        if key_padding_mask is not None:
            is_causal = False   # the merged mask is no longer causal
    if embed_dim != embed_dim_to_check:
        raise AssertionError("was expecting embedding dimension of %s, but got %s" % (embed_dim_to_check, embed_dim))
    head_dim = embed_dim // num_heads
    if head_dim * num_heads != embed_dim:
        raise AssertionError("embed_dim %s not divisible by num_heads %s" % (embed_dim, num_heads))
    if use_separate_proj_weight:
        if tuple(key.shape[:2]) != tuple(value.shape[:2]):
            raise AssertionError("key's sequence and batch dims %s do not match value's %s"
                                 % (key.shape[:2], value.shape[:2]))
    elif tuple(key.shape) != tuple(value.shape):
        raise AssertionError("key shape %s does not match value shape %s" % (key.shape, value.shape))

    if not use_separate_proj_weight:
        if in_proj_weight is None:
            raise AssertionError("use_separate_proj_weight is False but in_proj_weight is None")
        q, k, v = _in_projection_packed(query, key, value, in_proj_weight, in_proj_bias)
    else:
        for w, n in ((q_proj_weight, "q"), (k_proj_weight, "k"), (v_proj_weight, "v")):
            if w is None:
                raise AssertionError("use_separate_proj_weight is True but %s_proj_weight is None" % n)
        b_q = b_k = b_v = None
        if in_proj_bias is not None:
            b_q, b_k, b_v = in_proj_bias.chunk(3)
        q, k, v = _in_projection(query, key, value, q_proj_weight, k_proj_weight, v_proj_weight, b_q, b_k, b_v)

    if attn_mask is not None:
        if attn_mask.dim() == 2:
            if tuple(attn_mask.shape) != (tgt_len, src_len):
                raise RuntimeError("The shape of the 2D attn_mask is %s, but should be %s."
                                   % (attn_mask.shape, (tgt_len, src_len)))
            attn_mask = attn_mask.unsqueeze(0)
        elif attn_mask.dim() == 3:
            if tuple(attn_mask.shape) != (bsz * num_heads, tgt_len, src_len):
                raise RuntimeError("The shape of the 3D attn_mask is %s, but should be %s."
                                   % (attn_mask.shape, (bsz * num_heads, tgt_len, src_len)))
        else:
            raise RuntimeError("attn_mask's dimension %d is not supported" % attn_mask.dim())

    if bias_k is not None and bias_v is not None:
        if static_k is not None:
            raise AssertionError("bias cannot be added to static key.")
        if static_v is not None:
            raise AssertionError("bias cannot be added to static value.")
        k = _ops.cat([k, bias_k.repeat(1, bsz, 1)])
        v = _ops.cat([v, bias_v.repeat(1, bsz, 1)])
        if attn_mask is not None:
            attn_mask = pad(attn_mask, (0, 1))
        if key_padding_mask is not None:
            key_padding_mask = pad(key_padding_mask, (0, 1))
    elif bias_k is not None:
        raise AssertionError("bias_k is set but bias_v is None")
    elif bias_v is not None:
        raise AssertionError("bias_v is set but bias_k is None")

    # heads into the batch dim, batch first: (N * H, L, head_dim)
    q = q.reshape(tgt_len, bsz * num_heads, head_dim).transpose(0, 1)
    if static_k is None:
        k = k.reshape(k.shape[0], bsz * num_heads, head_dim).transpose(0, 1)
    else:
        if static_k.shape[0] != bsz * num_heads:
            raise AssertionError("expecting static_k.size(0) of %d, but got %d" % (bsz * num_heads, static_k.shape[0]))
        if static_k.shape[2] != head_dim:
            raise AssertionError("expecting static_k.size(2) of %d, but got %d" % (head_dim, static_k.shape[2]))
        k = static_k
    if static_v is None:
        v = v.reshape(v.shape[0], bsz * num_heads, head_dim).transpose(0, 1)
    else:
        if static_v.shape[0] != bsz * num_heads:
            raise AssertionError("expecting static_v.size(0) of %d, but got %d" % (bsz * num_heads, static_v.shape[0]))
        if static_v.shape[2] != head_dim:
            raise AssertionError("expecting static_v.size(2) of %d, but got %d" % (head_dim, static_v.shape[2]))
        v = static_v

    if add_zero_attn:
        zeros = _constant(np.zeros((bsz * num_heads, 1, head_dim), dtype=k._data.dtype))
        k = _ops.cat([k, zeros], 1)
        v = _ops.cat([v, zeros.to(v.dtype)], 1)
        if attn_mask is not None:
            attn_mask = pad(attn_mask, (0, 1))
        if key_padding_mask is not None:
            key_padding_mask = pad(key_padding_mask, (0, 1))

    src_len = k.shape[1]
    if key_padding_mask is not None:
        if key_padding_mask.shape[0] != bsz:
            raise AssertionError("Expected key_padded_mask.shape[0] to be %d, but got %d"
                                 % (bsz, key_padding_mask.shape[0]))
        if key_padding_mask.shape[1] != src_len:
            raise AssertionError("Expected key_padded_mask.shape[1] to be %d, but got %d"
                                 % (src_len, key_padding_mask.shape[1]))
        key_padding_mask = (key_padding_mask.reshape(bsz, 1, 1, src_len).expand(-1, num_heads, -1, -1)
                            .reshape(bsz * num_heads, 1, src_len))
        attn_mask = key_padding_mask if attn_mask is None else attn_mask + key_padding_mask

    if not training:
        dropout_p = 0.0

    if need_weights:
        B, Nt, E = q.shape
        if is_causal and attn_mask is None:
            raise AssertionError("FIXME: is_causal not implemented for need_weights")
        scores = _ops.matmul(q * math.sqrt(1.0 / float(E)), k.transpose(-2, -1))
        if attn_mask is not None:
            scores = attn_mask + scores
        # PyTorch's plain softmax here: a fully masked row gives NaN
        weights = _ops.softmax(scores, -1)
        if dropout_p > 0.0:
            weights = _dropout_impl(weights, dropout_p, True, False, False, False)
        out = _ops.matmul(weights, v)
        out = out.transpose(0, 1).reshape(tgt_len * bsz, embed_dim)
        out = _linear(out, out_proj_weight, out_proj_bias).reshape(tgt_len, bsz, -1)
        weights = weights.reshape(bsz, num_heads, tgt_len, src_len)
        if average_attn_weights:
            weights = weights.mean(1)
        if not is_batched:
            out, weights = out.squeeze(1), weights.squeeze(0)
        return out, weights

    if attn_mask is not None:
        if attn_mask.shape[0] == 1 and attn_mask.dim() == 3:
            attn_mask = attn_mask.unsqueeze(0)
        else:
            attn_mask = attn_mask.reshape(bsz, num_heads, -1, src_len)
    q = q.reshape(bsz, num_heads, tgt_len, head_dim)
    k = k.reshape(bsz, num_heads, src_len, head_dim)
    v = v.reshape(bsz, num_heads, src_len, head_dim)
    out = scaled_dot_product_attention(q, k, v, attn_mask, dropout_p, is_causal)
    out = out.permute(2, 0, 1, 3).reshape(bsz * tgt_len, embed_dim)
    out = _linear(out, out_proj_weight, out_proj_bias).reshape(tgt_len, bsz, -1)
    if not is_batched:
        out = out.squeeze(1)
    return out, None
