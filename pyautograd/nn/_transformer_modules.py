"""Attention modules: nn.MultiheadAttention and the transformer stack (TransformerEncoderLayer,
TransformerDecoderLayer, TransformerEncoder, TransformerDecoder, Transformer), over the functions
of nn/_attention.py and the Linear / LayerNorm / Dropout modules.

Parameter names, shapes, registration order (so state_dicts interchange with torch's), init,
reprs and the mask handling (warnings and errors) are PyTorch 2.13's.

PyTorch's inference fast paths (eval mode, nothing needing a gradient; MultiheadAttention's and
TransformerEncoderLayer's fused kernels, TransformerEncoder's nested tensors) are not separate code
here, but where their numbers differ from the ordinary path's, the difference is reproduced under
the same conditions: their softmax is the plain one (a query row with every key masked gives NaN,
not SDPA's zeros), they ignore the is_causal hint (the mask given is what counts, none means none),
the encoder layer's kernel takes gelu for any GELU module, and the nested-tensor path gives zeros at
the padded positions."""
import copy
import warnings

import numpy as np

from .. import _ops
from .._core import _make_tensor
from .._creation import empty
from .._dtype import to_numpy_dtype, get_default_dtype
from ..grad_mode import is_grad_enabled
from . import functional as F
from . import init
from .modules import Module, ModuleList, Linear, LayerNorm, Dropout, ReLU
from ._act_modules import GELU
from .parameter import Parameter
from ._attention import _canonical_mask, _none_or_dtype

__all__ = ["MultiheadAttention", "TransformerEncoderLayer", "TransformerDecoderLayer", "TransformerEncoder",
           "TransformerDecoder", "Transformer"]


class NonDynamicallyQuantizableLinear(Linear):
    """MultiheadAttention's out_proj (torch.nn.modules.linear's name for a Linear that quantization
    leaves alone); a Linear in every other respect."""


def _no_grad_needed(tensors):
    """PyTorch's fast-path condition: autograd off, or none of these tensors requiring a gradient."""
    return not (is_grad_enabled() and any(t is not None and t.requires_grad for t in tensors))


def _set_state(module, state):
    """Unpickling: Module's own __setstate__ when it has one, else the plain attribute update."""
    parent = getattr(Module, "__setstate__", None)
    if parent is not None:
        parent(module, state)
    else:
        module.__dict__.update(state)


# ---------------------------------------------------------------------------- MultiheadAttention --
class MultiheadAttention(Module):
    """Multi-head attention (Attention Is All You Need): the packed in_proj_weight (3E, E), or
    q/k/v_proj_weight when kdim / vdim differ from embed_dim, in_proj_bias, out_proj, and with
    add_bias_kv the bias_k / bias_v rows appended to the keys and values.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.MultiheadAttention(8, num_heads=2, batch_first=True)
        >>> q, kv = pa.randn(2, 3, 8), pa.randn(2, 5, 8)
        >>> out, weights = m(q, kv, kv)
        >>> out.shape, weights.shape
        (torch.Size([2, 3, 8]), torch.Size([2, 3, 5]))
    """

    __constants__ = ["batch_first"]

    def __init__(self, embed_dim, num_heads, dropout=0.0, bias=True, add_bias_kv=False, add_zero_attn=False,
                 kdim=None, vdim=None, batch_first=False, device=None, dtype=None):
        if embed_dim <= 0 or num_heads <= 0:
            raise ValueError("embed_dim and num_heads must be greater than 0, got embed_dim=%s and num_heads=%s "
                             "instead" % (embed_dim, num_heads))
        super().__init__()
        self.embed_dim = embed_dim
        self.kdim = kdim if kdim is not None else embed_dim
        self.vdim = vdim if vdim is not None else embed_dim
        self._qkv_same_embed_dim = self.kdim == embed_dim and self.vdim == embed_dim
        self.num_heads = num_heads
        self.dropout = dropout
        self.batch_first = batch_first
        self.head_dim = embed_dim // num_heads
        if self.head_dim * num_heads != self.embed_dim:
            raise AssertionError("embed_dim must be divisible by num_heads")
        if not self._qkv_same_embed_dim:
            self.q_proj_weight = Parameter(empty((embed_dim, embed_dim), dtype=dtype, device=device))
            self.k_proj_weight = Parameter(empty((embed_dim, self.kdim), dtype=dtype, device=device))
            self.v_proj_weight = Parameter(empty((embed_dim, self.vdim), dtype=dtype, device=device))
            self.register_parameter("in_proj_weight", None)
        else:
            self.in_proj_weight = Parameter(empty((3 * embed_dim, embed_dim), dtype=dtype, device=device))
            self.register_parameter("q_proj_weight", None)
            self.register_parameter("k_proj_weight", None)
            self.register_parameter("v_proj_weight", None)
        if bias:
            self.in_proj_bias = Parameter(empty(3 * embed_dim, dtype=dtype, device=device))
        else:
            self.register_parameter("in_proj_bias", None)
        self.out_proj = NonDynamicallyQuantizableLinear(embed_dim, embed_dim, bias=bias, device=device, dtype=dtype)
        if add_bias_kv:
            self.bias_k = Parameter(empty((1, 1, embed_dim), dtype=dtype, device=device))
            self.bias_v = Parameter(empty((1, 1, embed_dim), dtype=dtype, device=device))
        else:
            self.bias_k = self.bias_v = None
        self.add_zero_attn = add_zero_attn
        self._reset_parameters()

    def _reset_parameters(self):
        if self._qkv_same_embed_dim:
            init.xavier_uniform_(self.in_proj_weight)
        else:
            init.xavier_uniform_(self.q_proj_weight)
            init.xavier_uniform_(self.k_proj_weight)
            init.xavier_uniform_(self.v_proj_weight)
        if self.in_proj_bias is not None:
            init.constant_(self.in_proj_bias, 0.0)
            init.constant_(self.out_proj.bias, 0.0)
        if self.bias_k is not None:
            init.xavier_normal_(self.bias_k)
        if self.bias_v is not None:
            init.xavier_normal_(self.bias_v)

    def __setstate__(self, state):
        # checkpoints of torch 1.1 have no _qkv_same_embed_dim
        state.setdefault("_qkv_same_embed_dim", True)
        _set_state(self, state)

    def _fast_path(self, query, key, value, attn_mask, key_padding_mask):
        """Whether PyTorch would run its fused kernel (_native_multi_head_attention) on this call."""
        if ((attn_mask is not None and attn_mask.dtype.is_floating_point)
                or (key_padding_mask is not None and key_padding_mask.dtype.is_floating_point)):
            return False
        if query.dim() != 3 or query is not key or key is not value:
            return False
        if self.in_proj_bias is None or self.in_proj_weight is None:
            return False
        if query.dtype != self.in_proj_bias.dtype or query.dtype != self.in_proj_weight.dtype:
            return False
        if (self.training or self.num_heads % 2 or not self.batch_first or self.bias_k is not None
                or self.bias_v is not None or self.add_zero_attn or not self._qkv_same_embed_dim):
            return False
        return _no_grad_needed((query, self.in_proj_weight, self.in_proj_bias, self.out_proj.weight,
                                self.out_proj.bias))

    def _plain(self, x, key_padding_mask, attn_mask, need_weights, average_attn_weights):
        """Self-attention on batch-first x as PyTorch's fused kernels compute it: the (canonical, float)
        masks merged, the plain softmax, no is_causal hint."""
        xt = x.transpose(1, 0)
        out, weights = F.multi_head_attention_forward(
            xt, xt, xt, self.embed_dim, self.num_heads, self.in_proj_weight, self.in_proj_bias, None, None, False,
            0.0, self.out_proj.weight, self.out_proj.bias, training=False, key_padding_mask=key_padding_mask,
            need_weights=True, attn_mask=attn_mask, average_attn_weights=average_attn_weights)
        return out.transpose(1, 0), (weights if need_weights else None)

    def forward(self, query, key, value, key_padding_mask=None, need_weights=True, attn_mask=None,
                average_attn_weights=True, is_causal=False):
        is_batched = query.dim() == 3
        fast = self._fast_path(query, key, value, attn_mask, key_padding_mask)
        key_padding_mask = _canonical_mask(key_padding_mask, "key_padding_mask", _none_or_dtype(attn_mask),
                                           "attn_mask", query.dtype)
        attn_mask = _canonical_mask(attn_mask, "attn_mask", None, "", query.dtype, check_other=False)
        if fast:
            return self._plain(query, key_padding_mask, attn_mask, need_weights, average_attn_weights)
        if self.batch_first and is_batched:
            # keep the identities (self-attention / shared key and value take the packed projections)
            if key is value:
                if query is key:
                    query = key = value = query.transpose(1, 0)
                else:
                    query, key = (x.transpose(1, 0) for x in (query, key))
                    value = key
            else:
                query, key, value = (x.transpose(1, 0) for x in (query, key, value))
        separate = {}
        if not self._qkv_same_embed_dim:
            separate = dict(use_separate_proj_weight=True, q_proj_weight=self.q_proj_weight,
                            k_proj_weight=self.k_proj_weight, v_proj_weight=self.v_proj_weight)
        out, weights = F.multi_head_attention_forward(
            query, key, value, self.embed_dim, self.num_heads, self.in_proj_weight, self.in_proj_bias,
            self.bias_k, self.bias_v, self.add_zero_attn, self.dropout, self.out_proj.weight, self.out_proj.bias,
            training=self.training, key_padding_mask=key_padding_mask, need_weights=need_weights,
            attn_mask=attn_mask, average_attn_weights=average_attn_weights, is_causal=is_causal, **separate)
        if self.batch_first and is_batched:
            return out.transpose(1, 0), weights
        return out, weights

    def merge_masks(self, attn_mask, key_padding_mask, query):
        """PyTorch's mask merging of its fast path: (merged mask, mask type 0 / 1 / 2 or None); both
        masks given are expanded to (N, H, L, L) and added."""
        mask_type = None
        merged = None
        if key_padding_mask is not None:
            mask_type = 1
            merged = key_padding_mask
        if attn_mask is not None:
            batch_size, seq_len, _ = query.shape
            mask_type = 2
            if attn_mask.dim() == 3:
                attn_expanded = attn_mask.reshape(batch_size, -1, seq_len, seq_len)
            else:
                attn_expanded = attn_mask.reshape(1, 1, seq_len, seq_len).expand(batch_size, self.num_heads, -1, -1)
            merged = attn_expanded
            if key_padding_mask is not None:
                kpm_expanded = key_padding_mask.reshape(batch_size, 1, 1, seq_len).expand(
                    -1, self.num_heads, -1, -1)
                merged = attn_expanded + kpm_expanded
        return merged, mask_type


# ------------------------------------------------------------------------------ transformer --
def _generate_square_subsequent_mask(sz, device=None, dtype=None):
    """The causal mask: -inf above the diagonal, 0 elsewhere."""
    dt = to_numpy_dtype(dtype if dtype is not None else get_default_dtype())
    return _make_tensor(np.triu(np.full((sz, sz), -np.inf, dtype=dt), 1))


def _get_seq_len(src, batch_first):
    if src.dim() == 2:
        return src.shape[0]
    return src.shape[1 if batch_first else 0]


def _detect_is_causal_mask(mask, is_causal=None, size=None):
    """is_causal when given; else whether mask is exactly the causal mask of size (or of its own size)."""
    make_causal = is_causal is True
    if is_causal is None and mask is not None:
        sz = size if size is not None else mask.shape[-2]
        causal = _generate_square_subsequent_mask(sz, dtype=mask.dtype)
        if tuple(mask.shape) == tuple(causal.shape):
            make_causal = bool((mask == causal).all())
        else:
            make_causal = False
    return make_causal


def _get_activation_fn(activation):
    if activation == "relu":
        return F.relu
    if activation == "gelu":
        return F.gelu
    raise RuntimeError("activation should be relu/gelu, not %s" % (activation,))


def _get_clones(module, n):
    return ModuleList([copy.deepcopy(module) for _ in range(n)])


class TransformerEncoderLayer(Module):
    """Self-attention then a feed-forward block (linear1, activation, dropout, linear2), each with a
    residual connection and LayerNorm (after it, or before with norm_first).

    Example::

        >>> _ = pa.manual_seed(0)
        >>> layer = nn.TransformerEncoderLayer(d_model=8, nhead=2, dim_feedforward=16, batch_first=True)
        >>> layer(pa.randn(2, 5, 8)).shape
        torch.Size([2, 5, 8])
    """

    __constants__ = ["norm_first"]

    def __init__(self, d_model, nhead, dim_feedforward=2048, dropout=0.1, activation=F.relu, layer_norm_eps=1e-5,
                 batch_first=False, norm_first=False, bias=True, device=None, dtype=None):
        super().__init__()
        fk = dict(device=device, dtype=dtype)
        self.self_attn = MultiheadAttention(d_model, nhead, dropout=dropout, bias=bias, batch_first=batch_first, **fk)
        self.linear1 = Linear(d_model, dim_feedforward, bias=bias, **fk)
        self.dropout = Dropout(dropout)
        self.linear2 = Linear(dim_feedforward, d_model, bias=bias, **fk)
        self.norm_first = norm_first
        self.norm1 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias, dtype=dtype)
        self.norm2 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias, dtype=dtype)
        self.dropout1 = Dropout(dropout)
        self.dropout2 = Dropout(dropout)
        if isinstance(activation, str):
            activation = _get_activation_fn(activation)
        # which activation PyTorch's fused path would take (1 relu, 2 gelu, 0 another callable)
        if activation is F.relu or isinstance(activation, ReLU):
            self.activation_relu_or_gelu = 1
        elif activation is F.gelu or isinstance(activation, GELU):
            self.activation_relu_or_gelu = 2
        else:
            self.activation_relu_or_gelu = 0
        self.activation = activation

    def __setstate__(self, state):
        # checkpoints from before the activation option have none
        state.setdefault("activation", F.relu)
        _set_state(self, state)

    def _fast_path(self, src):
        """Whether PyTorch would run its fused layer kernel (_transformer_encoder_layer_fwd)."""
        sa = self.self_attn
        if (src.dim() != 3 or self.training or not sa.batch_first or sa.in_proj_bias is None
                or not sa._qkv_same_embed_dim or not self.activation_relu_or_gelu or self.norm1.eps != self.norm2.eps
                or sa.num_heads % 2):
            return False
        if any(m._forward_hooks or m._forward_pre_hooks for m in self.modules()):
            return False
        return _no_grad_needed((src, sa.in_proj_weight, sa.in_proj_bias, sa.out_proj.weight, sa.out_proj.bias,
                                self.norm1.weight, self.norm1.bias, self.norm2.weight, self.norm2.bias,
                                self.linear1.weight, self.linear1.bias, self.linear2.weight, self.linear2.bias))

    def _fused(self, src, src_mask, src_key_padding_mask):
        """The layer as PyTorch's fused kernel computes it (eval mode, so no dropout): plain-softmax
        self-attention without the is_causal hint, and relu or exact gelu by activation_relu_or_gelu."""
        act = F.relu if self.activation_relu_or_gelu == 1 else F.gelu

        def sa(x):
            return self.self_attn._plain(x, src_key_padding_mask, src_mask, False, True)[0]

        def ff(x):
            return self.linear2(act(self.linear1(x)))
        x = src
        if self.norm_first:
            x = x + sa(self.norm1(x))
            return x + ff(self.norm2(x))
        x = self.norm1(x + sa(x))
        return self.norm2(x + ff(x))

    def forward(self, src, src_mask=None, src_key_padding_mask=None, is_causal=False):
        src_key_padding_mask = _canonical_mask(src_key_padding_mask, "src_key_padding_mask",
                                               _none_or_dtype(src_mask), "src_mask", src.dtype)
        src_mask = _canonical_mask(src_mask, "src_mask", None, "", src.dtype, check_other=False)
        if self._fast_path(src):
            return self._fused(src, src_mask, src_key_padding_mask)
        x = src
        if self.norm_first:
            x = x + self._sa_block(self.norm1(x), src_mask, src_key_padding_mask, is_causal=is_causal)
            x = x + self._ff_block(self.norm2(x))
        else:
            x = self.norm1(x + self._sa_block(x, src_mask, src_key_padding_mask, is_causal=is_causal))
            x = self.norm2(x + self._ff_block(x))
        return x

    def _sa_block(self, x, attn_mask, key_padding_mask, is_causal=False):
        x = self.self_attn(x, x, x, attn_mask=attn_mask, key_padding_mask=key_padding_mask, need_weights=False,
                           is_causal=is_causal)[0]
        return self.dropout1(x)

    def _ff_block(self, x):
        x = self.linear2(self.dropout(self.activation(self.linear1(x))))
        return self.dropout2(x)


class TransformerDecoderLayer(Module):
    """Self-attention, attention over the encoder's memory, then the feed-forward block, each with a
    residual connection and LayerNorm (norm1..norm3; before each block with norm_first).

    Example::

        >>> _ = pa.manual_seed(0)
        >>> layer = nn.TransformerDecoderLayer(d_model=8, nhead=2, dim_feedforward=16, batch_first=True)
        >>> layer(pa.randn(2, 4, 8), pa.randn(2, 5, 8)).shape
        torch.Size([2, 4, 8])
    """

    __constants__ = ["norm_first"]

    def __init__(self, d_model, nhead, dim_feedforward=2048, dropout=0.1, activation=F.relu, layer_norm_eps=1e-5,
                 batch_first=False, norm_first=False, bias=True, device=None, dtype=None):
        super().__init__()
        fk = dict(device=device, dtype=dtype)
        self.self_attn = MultiheadAttention(d_model, nhead, dropout=dropout, batch_first=batch_first, bias=bias, **fk)
        self.multihead_attn = MultiheadAttention(d_model, nhead, dropout=dropout, batch_first=batch_first,
                                                 bias=bias, **fk)
        self.linear1 = Linear(d_model, dim_feedforward, bias=bias, **fk)
        self.dropout = Dropout(dropout)
        self.linear2 = Linear(dim_feedforward, d_model, bias=bias, **fk)
        self.norm_first = norm_first
        self.norm1 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias, dtype=dtype)
        self.norm2 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias, dtype=dtype)
        self.norm3 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias, dtype=dtype)
        self.dropout1 = Dropout(dropout)
        self.dropout2 = Dropout(dropout)
        self.dropout3 = Dropout(dropout)
        self.activation = _get_activation_fn(activation) if isinstance(activation, str) else activation

    def __setstate__(self, state):
        state.setdefault("activation", F.relu)
        _set_state(self, state)

    def forward(self, tgt, memory, tgt_mask=None, memory_mask=None, tgt_key_padding_mask=None,
                memory_key_padding_mask=None, tgt_is_causal=False, memory_is_causal=False):
        x = tgt
        if self.norm_first:
            x = x + self._sa_block(self.norm1(x), tgt_mask, tgt_key_padding_mask, tgt_is_causal)
            x = x + self._mha_block(self.norm2(x), memory, memory_mask, memory_key_padding_mask, memory_is_causal)
            x = x + self._ff_block(self.norm3(x))
        else:
            x = self.norm1(x + self._sa_block(x, tgt_mask, tgt_key_padding_mask, tgt_is_causal))
            x = self.norm2(x + self._mha_block(x, memory, memory_mask, memory_key_padding_mask, memory_is_causal))
            x = self.norm3(x + self._ff_block(x))
        return x

    def _sa_block(self, x, attn_mask, key_padding_mask, is_causal=False):
        x = self.self_attn(x, x, x, attn_mask=attn_mask, key_padding_mask=key_padding_mask, is_causal=is_causal,
                           need_weights=False)[0]
        return self.dropout1(x)

    def _mha_block(self, x, mem, attn_mask, key_padding_mask, is_causal=False):
        x = self.multihead_attn(x, mem, mem, attn_mask=attn_mask, key_padding_mask=key_padding_mask,
                                is_causal=is_causal, need_weights=False)[0]
        return self.dropout2(x)

    def _ff_block(self, x):
        x = self.linear2(self.dropout(self.activation(self.linear1(x))))
        return self.dropout3(x)


def _left_aligned(keep):
    """Each row of the bool array keep is some Trues followed only by Falses."""
    return bool((keep[:, 1:] <= keep[:, :-1]).all()) if keep.shape[1] > 1 else True


class TransformerEncoder(Module):
    """num_layers deep copies of encoder_layer, then the optional norm.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> layer = nn.TransformerEncoderLayer(d_model=8, nhead=2, dim_feedforward=16, batch_first=True)
        >>> enc = nn.TransformerEncoder(layer, num_layers=2, enable_nested_tensor=False)
        >>> enc(pa.randn(2, 5, 8)).shape
        torch.Size([2, 5, 8])
    """

    __constants__ = ["norm"]

    def __init__(self, encoder_layer, num_layers, norm=None, enable_nested_tensor=True, mask_check=True):
        super().__init__()
        self.layers = _get_clones(encoder_layer, num_layers)
        self.num_layers = num_layers
        self.norm = norm
        self.enable_nested_tensor = enable_nested_tensor
        self.use_nested_tensor = enable_nested_tensor
        self.mask_check = mask_check
        why_not = ""
        name = "encoder_layer"
        if not isinstance(encoder_layer, TransformerEncoderLayer):
            why_not = "%s was not TransformerEncoderLayer" % name
        elif encoder_layer.norm_first:
            why_not = "%s.norm_first was True" % name
        elif not encoder_layer.self_attn.batch_first:
            why_not = "%s.self_attn.batch_first was not True(use batch_first for better inference performance)" % name
        elif not encoder_layer.self_attn._qkv_same_embed_dim:
            why_not = "%s.self_attn._qkv_same_embed_dim was not True" % name
        elif encoder_layer.self_attn.in_proj_bias is None:
            why_not = "%s.self_attn was passed bias=False" % name
        elif not encoder_layer.activation_relu_or_gelu:
            why_not = "%s.activation_relu_or_gelu was not True" % name
        elif encoder_layer.norm1.eps != encoder_layer.norm2.eps:
            why_not = "%s.norm1.eps was not equal to %s.norm2.eps" % (name, name)
        elif encoder_layer.self_attn.num_heads % 2 == 1:
            why_not = "%s.self_attn.num_heads is odd" % name
        if enable_nested_tensor and why_not:
            warnings.warn("enable_nested_tensor is True, but self.use_nested_tensor is False because %s" % why_not,
                          stacklevel=2)
            self.use_nested_tensor = False

    def _nested_padding(self, src, src_key_padding_mask, mask):
        """The padded positions (a bool (N, S) array) when PyTorch would run its nested-tensor path
        (eval, no autograd, batch-first input with a left-aligned key padding mask and no mask): it
        drops those positions (every nonzero entry of a float mask) and gives zeros there."""
        first = self.layers[0]
        if (not getattr(self, "use_nested_tensor", False) or first.training or src.dim() != 3
                or src_key_padding_mask is None or mask is not None):
            return None
        keep = src_key_padding_mask._data == 0
        if getattr(self, "mask_check", True) and not _left_aligned(keep):
            return None
        sa = first.self_attn
        args = (src, sa.in_proj_weight, sa.in_proj_bias, sa.out_proj.weight, sa.out_proj.bias, first.norm1.weight,
                first.norm1.bias, first.norm2.weight, first.norm2.bias, first.linear1.weight, first.linear1.bias,
                first.linear2.weight, first.linear2.bias)
        if is_grad_enabled() and any(a is not None and a.requires_grad for a in args):
            return None
        # unchecked, PyTorch takes each row's count of kept positions from the left
        return np.arange(keep.shape[1])[None, :] >= keep.sum(1, keepdims=True)

    def forward(self, src, mask=None, src_key_padding_mask=None, is_causal=None):
        src_key_padding_mask = _canonical_mask(src_key_padding_mask, "src_key_padding_mask", _none_or_dtype(mask),
                                               "mask", src.dtype)
        mask = _canonical_mask(mask, "mask", None, "", src.dtype, check_other=False)
        padded = self._nested_padding(src, src_key_padding_mask, mask)
        if padded is not None:
            dt = src._data.dtype
            src_key_padding_mask = _make_tensor(np.where(padded, dt.type(-np.inf), dt.type(0)))
        output = src
        first = self.layers[0]
        seq_len = _get_seq_len(src, first.self_attn.batch_first)
        is_causal = _detect_is_causal_mask(mask, is_causal, seq_len)
        for mod in self.layers:
            output = mod(output, src_mask=mask, is_causal=is_causal, src_key_padding_mask=src_key_padding_mask)
        if padded is not None:
            output = _ops.where(_make_tensor(padded[:, :, None]), 0.0, output)
        if self.norm is not None:
            output = self.norm(output)
        return output


class TransformerDecoder(Module):
    """num_layers deep copies of decoder_layer, then the optional norm.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> layer = nn.TransformerDecoderLayer(d_model=8, nhead=2, dim_feedforward=16, batch_first=True)
        >>> dec = nn.TransformerDecoder(layer, num_layers=2)
        >>> dec(pa.randn(2, 4, 8), pa.randn(2, 5, 8)).shape
        torch.Size([2, 4, 8])
    """

    __constants__ = ["norm"]

    def __init__(self, decoder_layer, num_layers, norm=None):
        super().__init__()
        self.layers = _get_clones(decoder_layer, num_layers)
        self.num_layers = num_layers
        self.norm = norm

    def forward(self, tgt, memory, tgt_mask=None, memory_mask=None, tgt_key_padding_mask=None,
                memory_key_padding_mask=None, tgt_is_causal=None, memory_is_causal=False):
        output = tgt
        seq_len = _get_seq_len(tgt, self.layers[0].self_attn.batch_first)
        tgt_is_causal = _detect_is_causal_mask(tgt_mask, tgt_is_causal, seq_len)
        for mod in self.layers:
            output = mod(output, memory, tgt_mask=tgt_mask, memory_mask=memory_mask,
                         tgt_key_padding_mask=tgt_key_padding_mask, memory_key_padding_mask=memory_key_padding_mask,
                         tgt_is_causal=tgt_is_causal, memory_is_causal=memory_is_causal)
        if self.norm is not None:
            output = self.norm(output)
        return output


class Transformer(Module):
    """The encoder-decoder model: TransformerEncoder (num_encoder_layers, final LayerNorm) and
    TransformerDecoder (num_decoder_layers, final LayerNorm), or the given custom ones; every
    parameter of rank > 1 re-initialised by ``xavier_uniform_``.

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.Transformer(d_model=8, nhead=2, num_encoder_layers=1, num_decoder_layers=1,
        ...                    dim_feedforward=16, batch_first=True)
        >>> m(pa.randn(2, 5, 8), pa.randn(2, 4, 8)).shape
        torch.Size([2, 4, 8])
    """

    def __init__(self, d_model=512, nhead=8, num_encoder_layers=6, num_decoder_layers=6, dim_feedforward=2048,
                 dropout=0.1, activation=F.relu, custom_encoder=None, custom_decoder=None, layer_norm_eps=1e-5,
                 batch_first=False, norm_first=False, bias=True, device=None, dtype=None):
        super().__init__()
        fk = dict(device=device, dtype=dtype)
        if custom_encoder is not None:
            self.encoder = custom_encoder
        else:
            layer = TransformerEncoderLayer(d_model, nhead, dim_feedforward, dropout, activation, layer_norm_eps,
                                            batch_first, norm_first, bias, **fk)
            self.encoder = TransformerEncoder(layer, num_encoder_layers,
                                              LayerNorm(d_model, eps=layer_norm_eps, bias=bias, dtype=dtype))
        if custom_decoder is not None:
            self.decoder = custom_decoder
        else:
            layer = TransformerDecoderLayer(d_model, nhead, dim_feedforward, dropout, activation, layer_norm_eps,
                                            batch_first, norm_first, bias, **fk)
            self.decoder = TransformerDecoder(layer, num_decoder_layers,
                                              LayerNorm(d_model, eps=layer_norm_eps, bias=bias, dtype=dtype))
        self._reset_parameters()
        self.d_model = d_model
        self.nhead = nhead
        self.batch_first = batch_first

    def forward(self, src, tgt, src_mask=None, tgt_mask=None, memory_mask=None, src_key_padding_mask=None,
                tgt_key_padding_mask=None, memory_key_padding_mask=None, src_is_causal=None, tgt_is_causal=None,
                memory_is_causal=False):
        is_batched = src.dim() == 3
        if not self.batch_first and src.shape[1] != tgt.shape[1] and is_batched:
            raise RuntimeError("the batch number of src and tgt must be equal")
        elif self.batch_first and src.shape[0] != tgt.shape[0] and is_batched:
            raise RuntimeError("the batch number of src and tgt must be equal")
        if src.shape[-1] != self.d_model or tgt.shape[-1] != self.d_model:
            raise RuntimeError("the feature number of src and tgt must be equal to d_model")
        memory = self.encoder(src, mask=src_mask, src_key_padding_mask=src_key_padding_mask, is_causal=src_is_causal)
        return self.decoder(tgt, memory, tgt_mask=tgt_mask, memory_mask=memory_mask,
                            tgt_key_padding_mask=tgt_key_padding_mask, memory_key_padding_mask=memory_key_padding_mask,
                            tgt_is_causal=tgt_is_causal, memory_is_causal=memory_is_causal)

    @staticmethod
    def generate_square_subsequent_mask(sz, device=None, dtype=None):
        """The causal mask of size sz: -inf above the diagonal, 0.0 elsewhere."""
        return _generate_square_subsequent_mask(sz, device=device, dtype=dtype)

    def _reset_parameters(self):
        for p in self.parameters():
            if p.dim() > 1:
                init.xavier_uniform_(p)
