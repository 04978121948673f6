"""Recurrent layers: RNN (tanh / relu), LSTM (with projections), GRU and their cells, as torch.nn's.

Parameters, their names (weight_ih_l{k}{_reverse}, weight_hh_l.., bias_ih_l.., bias_hh_l..,
weight_hr_l..), shapes, registration order and init (uniform(-1/sqrt(hidden), 1/sqrt(hidden)) over
self.parameters() in order, so the same seed gives torch's weights) are torch's, so a torch
state_dict loads and gives the same outputs.

The forward is made of differentiable ops (gradients, double backward and forward mode come from
the ops' rules): per layer and direction the input projection of every time step is one matmul
(F.linear over the whole (rows, features) input), and each step adds only h @ W_hh^T and the gate
nonlinearities. Gates in torch's order: LSTM i, f, g, o (c' = f*c + i*g, h' = o*tanh(c'), then
h' @ W_hr^T with proj_size); GRU r, z, n with n = tanh(W_in x + b_in + r*(W_hn h + b_hn)),
h' = (1 - z)*n + z*h; RNN h' = act(W_ih x + b_ih + W_hh h + b_hh).
GRU and RNN steps are compositions of existing ops (addmm, chunk, sigmoid, tanh, ...). The LSTM,
for speed (bench/rnn.py, W9), has two ops of its own, both with rules written with F ops:
  MkldnnRnnLayer  a whole layer and direction over equal-length sequences without projection
                  (torch's CPU LSTM node), backpropagation through time in its rule;
  FusedLstmCell   one step's gate nonlinearities (torch's fused cell), for LSTMCell, packed
                  sequences of different lengths and proj_size, stepped with addmm.

Every input is run in the packed layout: a (T, B, *) batch is T steps of B rows; a
PackedSequence gives the rows of each step by its batch_sizes (decreasing). A sequence that ends
leaves its hidden state as its h_n (the forward direction drops the rows of ended sequences; the
reverse direction starts each sequence at its own last step, adding rows from h0 as sequences
begin), as torch's packed kernels do.
"""
import math
import numbers
import types
import warnings

import numpy as np

from .. import _ops
from .._core import apply_op
from .._creation import zeros
from .._ops import Op
from ..ops import batching
from ..ops._registry import ALL_OPS, EXTRA_SPECS
from ..ops._spec import OpSpec
from .modules import Module
from .parameter import Parameter
from . import functional as F
from .functional import Addmm
from ._act import _scalar_name
from . import init
from .utils.rnn import PackedSequence

__all__ = ["RNNBase", "RNN", "LSTM", "GRU", "RNNCellBase", "RNNCell", "LSTMCell", "GRUCell"]

_GATES = {"LSTM": 4, "GRU": 3, "RNN_TANH": 1, "RNN_RELU": 1}


# ------------------------------------------------------------------------ the steps --
class FusedLstmCell(Op):
    """The LSTM gate nonlinearities of one step, fused: (h', c') from the summed gate
    pre-activations gates = W_ih x + b_ih + W_hh h + b_hh (..., 4H) and c:
        i, f, g, o = sigmoid, sigmoid, tanh, sigmoid of the four chunks
        c' = f*c + i*g,   h' = o*tanh(c')
    (torch's _thnn_fused_lstm_cell). One op instead of ten per step (the composition's per-op cost
    was most of the recurrence's time, bench/rnn.py). The forward keeps the activations for the
    plain backward; recorded (create_graph), the rule recomputes them with F ops from the saved
    inputs, so its use of them is differentiable again (every derivative order)."""
    name = "ThnnFusedLstmCellBackward0"

    @staticmethod
    def forward(ctx, gates, c):
        ctx.save_for_backward(gates, c)
        a = gates._data
        hid = a.shape[-1] // 4
        act = np.tanh(a * _lstm_scales(hid, a.dtype)[0])      # sigmoid(x) = (1 + tanh(x/2)) / 2: no overflow
        act *= _lstm_scales(hid, a.dtype)[1]
        act += _lstm_scales(hid, a.dtype)[2]
        i, f, g, o = act[..., :hid], act[..., hid:2 * hid], act[..., 2 * hid:3 * hid], act[..., 3 * hid:]
        c2 = f * c._data
        c2 += i * g
        tc = np.tanh(c2)
        ctx.acts = (i, f, g, o, tc)
        return o * tc, c2

    @staticmethod
    def _acts(F, ctx):
        if F.mode == "array":
            i, f, g, o, tc = ctx.acts
            return F.saved(ctx)[1], i, f, g, o, tc
        gates, c = F.saved(ctx)
        return (c,) + _lstm_acts(F, gates, c)

    @staticmethod
    def vjp(F, ctx, gh, gc):
        c, i, f, g, o, tc = FusedLstmCell._acts(F, ctx)
        return _lstm_cell_vjp(F, c, i, f, g, o, tc, gh, gc)

    @staticmethod
    def jvp(F, ctx, primals, options, result, tgates, tc_in):
        gates, c = primals
        i, f, g, o, tc = _lstm_acts(F, gates, c)
        hid = F.shape(gates)[-1] // 4
        ti, tf, tg, to = (F.narrow(tgates, -1, k * hid, hid) for k in range(4))
        dc = tf * (f * (1 - f)) * c + f * tc_in + ti * (i * (1 - i)) * g + i * ((1 - g * g) * tg)
        return to * (o * (1 - o)) * tc + o * ((1 - tc * tc) * dc), dc


_SCALES = {}


def _lstm_scales(hid, dt):
    """(inner, outer, shift) per gate column: sigmoid = 0.5*tanh(0.5 x) + 0.5, tanh = 1*tanh(1 x) + 0."""
    key = (hid, dt)
    if key not in _SCALES:
        half, one, zero = np.full(hid, 0.5, dt), np.ones(hid, dt), np.zeros(hid, dt)
        _SCALES[key] = (np.concatenate([half, half, one, half]), np.concatenate([half, half, one, half]),
                        np.concatenate([half, half, zero, half]))
    return _SCALES[key]


def _lstm_acts(F, gates, c):
    """(i, f, g, o, tanh(c')) with F ops (recorded in graph mode)."""
    hid = F.shape(gates)[-1] // 4
    i = F.sigmoid(F.narrow(gates, -1, 0, hid))
    f = F.sigmoid(F.narrow(gates, -1, hid, hid))
    g = F.tanh(F.narrow(gates, -1, 2 * hid, hid))
    o = F.sigmoid(F.narrow(gates, -1, 3 * hid, hid))
    return i, f, g, o, F.tanh(f * c + i * g)


def _lstm_cell_vjp(F, c, i, f, g, o, tc, gh, gc):
    """(d gates, d c) from the gradients of h' and c' (either may be None)."""
    if gh is not None:
        dc = gh * o * (1 - tc * tc)
        if gc is not None:
            dc = dc + gc
        do = gh * tc * (o * (1 - o))
    else:
        dc = gc
        do = F.zeros_like(gc)
    dgates = F.cat([dc * g * (i * (1 - i)), dc * c * (f * (1 - f)), dc * i * (1 - g * g), do], -1)
    return dgates, dc * f


def _lstm_gates(gates, c):
    """(h, c') from the summed gate pre-activations (B, 4H) and c."""
    return apply_op(FusedLstmCell, (gates, c))


class MkldnnRnnLayer(Op):
    """One LSTM layer in one direction over a (T, B, *) batch, in one op (torch's CPU LSTM records
    one MkldnnRnnLayerBackward0 node per layer and direction too):
        inputs  xp (T, B, 4H), the input projection of every step with both biases; h0, c0 (B, H);
                w_hh (4H, H)
        outputs out (T, B, H), h_n, c_n
    The forward loops over the steps in NumPy (each step one h @ W_hh^T and the gates). The rule
    is backpropagation through time written with F ops: per step only d gates @ W_hh, and the
    weight's gradient one product over all steps at the end (d gates of every step against the h
    each step read), instead of a product and an accumulation per step. In plain backward the
    rule reads the activations the forward kept; recorded (create_graph) it recomputes the forward
    with F ops from the saved inputs, so every derivative order is exact."""
    name = "MkldnnRnnLayerBackward0"

    @staticmethod
    def forward(ctx, xp, h0, c0, w_hh, reverse=False):
        ctx.save_for_backward(xp, h0, c0, w_hh)
        ctx.reverse = reverse
        x = xp._data
        steps, batch, g4 = x.shape
        hid = g4 // 4
        dt = x.dtype
        wt = w_hh._data.T
        inner, outer, shift = _lstm_scales(hid, dt)
        acts = np.empty((steps, batch, g4), dt)
        tcs = np.empty((steps, batch, hid), dt)
        out = np.empty((steps, batch, hid), dt)
        cs = np.empty((steps, batch, hid), dt)       # the c each step read
        h, c = h0._data, c0._data
        for t in (range(steps - 1, -1, -1) if reverse else range(steps)):
            a = acts[t]
            np.matmul(h, wt, out=a)
            a += x[t]
            a *= inner
            np.tanh(a, out=a)
            a *= outer
            a += shift
            cs[t] = c
            c = a[:, hid:2 * hid] * c
            c += a[:, :hid] * a[:, 2 * hid:3 * hid]
            np.tanh(c, out=tcs[t])
            h = out[t]
            np.multiply(a[:, 3 * hid:], tcs[t], out=h)
        ctx.acts = (acts, tcs, cs, out)
        return out, h.copy(), c

    @staticmethod
    def _states(F, ctx):
        """Per step (in time order): the h and c it read and its activations (i, f, g, o, tanh c')."""
        steps = F.shape(F.saved(ctx)[0])[0]
        order = list(range(steps - 1, -1, -1)) if ctx.reverse else list(range(steps))
        if F.mode == "array":
            acts, tcs, cs, out = ctx.acts
            h0 = F.saved(ctx)[1]
            hid = tcs.shape[-1]
            prev_h = {}
            last = h0
            for t in order:
                prev_h[t] = last
                last = out[t]
            per = {t: (prev_h[t], cs[t], acts[t, :, :hid], acts[t, :, hid:2 * hid], acts[t, :, 2 * hid:3 * hid],
                       acts[t, :, 3 * hid:], tcs[t]) for t in order}
            return order, per
        xp, h0, c0, w_hh = F.saved(ctx)
        wt = F.t(w_hh)
        per = {}
        h, c = h0, c0
        for t in order:
            gates = F.select_dim(xp, 0, t) + F.matmul(h, wt)
            i, f, g, o, tc = _lstm_acts(F, gates, c)
            per[t] = (h, c, i, f, g, o, tc)
            c = f * c + i * g
            h = o * tc
        return order, per

    @staticmethod
    def vjp(F, ctx, gout, ghn, gcn):
        order, per = MkldnnRnnLayer._states(F, ctx)
        w_hh = F.saved(ctx)[3]
        need = ctx.needs_input_grad
        dh, dc = ghn, gcn
        dgates = {}
        for k, t in enumerate(reversed(order)):
            h, c, i, f, g, o, tc = per[t]
            if gout is not None:
                go = F.select_dim(gout, -3, t)
                dh = go if dh is None else dh + go
            if dh is None and dc is None:
                dh = F.zeros_like(h)
            dgates[t], dc = _lstm_cell_vjp(F, c, i, f, g, o, tc, dh, dc)
            if k < len(order) - 1 or need[1]:
                dh = F.matmul(dgates[t], w_hh)
        steps = len(order)
        g4, hid = F.shape(w_hh)
        # the steps' rows one after the other (time-major, as xp's): in a batched backward the
        # gradients carry leading batch dims, so everything joins and splits at the last two dims
        dflat = F.cat([dgates[t] for t in range(steps)], -2)
        dxp = F.reshape(dflat, (steps, F.shape(h)[-2], g4)) if need[0] else None
        dw = None
        if need[3]:
            hs = F.cat([per[t][0] for t in range(steps)], 0)           # the h each step read (not batched)
            dw = F.matmul(F.transpose(dflat, -1, -2), hs)
        return dxp, (dh if need[1] else None), (dc if need[2] else None), dw

    @staticmethod
    def jvp(F, ctx, primals, options, result, txp, th0, tc0, tw):
        xp, h0, c0, w_hh = primals
        steps = F.shape(xp)[0]
        order = range(steps - 1, -1, -1) if options.get("reverse") else range(steps)
        wt, twt = F.t(w_hh), F.t(tw)
        hid = F.shape(w_hh)[1]
        h, c, th, tc = h0, c0, th0, tc0
        touts = {}
        for t in order:
            gates = F.select_dim(xp, 0, t) + F.matmul(h, wt)
            tgates = F.select_dim(txp, 0, t) + F.matmul(th, wt) + F.matmul(h, twt)
            i, f, g, o, tcv = _lstm_acts(F, gates, c)
            ti, tf, tg, to = (F.narrow(tgates, -1, k * hid, hid) for k in range(4))
            tc = tf * (f * (1 - f)) * c + f * tc + ti * (i * (1 - i)) * g + i * ((1 - g * g) * tg)
            th = to * (o * (1 - o)) * tcv + o * ((1 - tcv * tcv) * tc)
            c = f * c + i * g
            h = o * tcv
            touts[t] = th
        return F.stack([touts[t] for t in range(steps)], 0), th, tc


def _gru_gates(gi, gh, h):
    """h' from the input part gi = W_i x + b_i and the hidden part gh = W_h h + b_h (B, 3H)."""
    ir, iz, in_ = gi.chunk(3, 1)
    hr, hz, hn = gh.chunk(3, 1)
    r = _ops.sigmoid(ir + hr)
    z = _ops.sigmoid(iz + hz)
    n = _ops.tanh(in_ + r * hn)
    return n + z * (h - n)


def _act(mode):
    return _ops.tanh if mode in ("RNN_TANH", "tanh") else _ops.relu


def _run_direction(mode, xp, batch_sizes, h0, c0, w_hh, b_hh, w_hr, reverse):
    """One layer, one direction over the packed rows.

    xp: (rows, G) the input projection of every row (for LSTM / RNN with b_hh already added);
    batch_sizes: python ints; h0 / c0: (B, H). Returns (output rows (rows, H_out), h_n, c_n)."""
    if mode == "LSTM" and w_hr is None and min(batch_sizes) == max(batch_sizes):
        # every sequence the same length, no projection: the whole layer in one op
        steps, batch = len(batch_sizes), batch_sizes[0]
        out, h, c = apply_op(MkldnnRnnLayer, (xp.reshape(steps, batch, xp.shape[-1]), h0, c0, w_hh),
                             {"reverse": reverse})
        return out.reshape(steps * batch, out.shape[-1]), h, c
    steps = xp.split(batch_sizes, 0) if len(batch_sizes) > 1 else (xp,)
    whh_t = w_hh.t()
    whr_t = w_hr.t() if w_hr is not None else None
    act = None if mode in ("LSTM", "GRU") else _act(mode)
    order = range(len(batch_sizes) - 1, -1, -1) if reverse else range(len(batch_sizes))
    outs = [None] * len(batch_sizes)
    h, c = h0, c0
    cur = batch_sizes[-1] if reverse else batch_sizes[0]
    if cur != h0.shape[0]:
        h = h0[:cur]
        c = c0[:cur] if c0 is not None else None
    ended_h, ended_c = [], []
    for t in order:
        b = batch_sizes[t]
        if b != cur:
            if reverse:      # sequences whose last step is t start here, from their h0
                h = _ops.cat([h, h0[cur:b]])
                if c is not None:
                    c = _ops.cat([c, c0[cur:b]])
            else:            # sequences that ended at t-1: their state is final
                ended_h.append(h[b:])
                h = h[:b]
                if c is not None:
                    ended_c.append(c[b:])
                    c = c[:b]
            cur = b
        x = steps[t]
        if mode == "LSTM":
            # the step's input projection (b_hh included) as addmm's bias: one op
            h, c = _lstm_gates(apply_op(Addmm, (x, h, whh_t)), c)
            if whr_t is not None:
                h = _ops.matmul(h, whr_t)
        elif mode == "GRU":
            gh = _ops.matmul(h, whh_t)
            if b_hh is not None:
                gh = gh + b_hh
            h = _gru_gates(x, gh, h)
        else:
            h = act(apply_op(Addmm, (x, h, whh_t)))
        outs[t] = h
    out = _ops.cat(outs) if len(outs) > 1 else outs[0]
    if ended_h:
        h = _ops.cat([h] + ended_h[::-1])
        if c is not None:
            c = _ops.cat([c] + ended_c[::-1])
    return out, h, c


def _rnn_forward(mode, data, batch_sizes, hx, cx, weights, num_layers, has_bias, proj, bidirectional,
                 dropout, training):
    """The stacked layers over packed rows data (rows, I). hx: (L*D, B, H_out); cx: (L*D, B, H)
    for LSTM. Returns (output rows, h_n, c_n)."""
    dirs = 2 if bidirectional else 1
    per = 2 + (2 if has_bias else 0) + (1 if proj else 0)
    hs, cs = [], []
    layer_in = data
    for layer in range(num_layers):
        outs = []
        for d in range(dirs):
            k = layer * dirs + d
            w = weights[k * per:(k + 1) * per]
            w_ih, w_hh = w[0], w[1]
            b_ih, b_hh = (w[2], w[3]) if has_bias else (None, None)
            w_hr = w[-1] if proj else None
            xp = F.linear(layer_in, w_ih, b_ih)
            if b_hh is not None and mode != "GRU":
                # b_hh adds to every step's gates: once over all rows, not once per step
                xp = xp + b_hh
            out, h, c = _run_direction(mode, xp, batch_sizes, hx[k], cx[k] if cx is not None else None, w_hh,
                                       b_hh, w_hr, d == 1)
            outs.append(out)
            hs.append(h)
            cs.append(c)
        layer_in = _ops.cat(outs, 1) if dirs == 2 else outs[0]
        if dropout > 0 and training and layer < num_layers - 1:
            layer_in = F.dropout(layer_in, dropout, True)
    h_n = _ops.stack(hs)
    c_n = _ops.stack(cs) if cx is not None else None
    return layer_in, h_n, c_n


def _permute(hx, perm):
    return hx if perm is None else hx.index_select(1, perm)


# ------------------------------------------------------------------------ modules --
class RNNBase(Module):
    """The parameters, checks and the forward shared by RNN, LSTM and GRU (mode "RNN_TANH",
    "RNN_RELU", "LSTM" or "GRU").

    Example::

        >>> m = nn.GRU(4, 8, num_layers=2)
        >>> isinstance(m, nn.RNNBase), m.mode, len(m.all_weights)
        (True, 'GRU', 2)
    """
    __constants__ = ["mode", "input_size", "hidden_size", "num_layers", "bias", "batch_first", "dropout",
                     "bidirectional", "proj_size"]

    def __init__(self, mode, input_size, hidden_size, num_layers=1, bias=True, batch_first=False, dropout=0.0,
                 bidirectional=False, proj_size=0, device=None, dtype=None):
        super().__init__()
        self.mode = mode
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.bias = bias
        self.batch_first = batch_first
        self.dropout = float(dropout)
        self.bidirectional = bidirectional
        self.proj_size = proj_size
        if not isinstance(dropout, numbers.Number) or not 0 <= dropout <= 1 or isinstance(dropout, bool):
            raise ValueError("dropout should be a number in range [0, 1] representing the probability of an "
                             "element being zeroed")
        if dropout > 0 and num_layers == 1:
            warnings.warn("dropout option adds dropout after all but last recurrent layer, so non-zero dropout "
                          "expects num_layers greater than 1, but got dropout=%s and num_layers=%s"
                          % (dropout, num_layers), stacklevel=2)
        if not isinstance(bias, bool):
            raise TypeError("bias should be of type bool, got: %s" % type(bias).__name__)
        if not isinstance(batch_first, bool):
            raise TypeError("batch_first should be of type bool, got: %s" % type(batch_first).__name__)
        if not isinstance(input_size, int):
            raise TypeError("input_size should be of type int, got: %s" % type(input_size).__name__)
        if input_size <= 0:
            raise ValueError("input_size must be greater than zero")
        if not isinstance(hidden_size, int):
            raise TypeError("hidden_size should be of type int, got: %s" % type(hidden_size).__name__)
        if hidden_size <= 0:
            raise ValueError("hidden_size must be greater than zero")
        if num_layers <= 0:
            raise ValueError("num_layers must be greater than zero")
        if proj_size < 0:
            raise ValueError("proj_size should be a positive integer or zero to disable projections")
        if proj_size >= hidden_size:
            raise ValueError("proj_size has to be smaller than hidden_size")
        if mode not in _GATES:
            raise ValueError("Unrecognized RNN mode: " + mode)
        gate_size = _GATES[mode] * hidden_size
        dirs = 2 if bidirectional else 1
        real_hidden = proj_size if proj_size > 0 else hidden_size
        self._flat_weights_names = []
        self._all_weights = []
        for layer in range(num_layers):
            for direction in range(dirs):
                layer_input = input_size if layer == 0 else real_hidden * dirs
                suffix = "_reverse" if direction == 1 else ""
                params = [("weight_ih_l%d%s", (gate_size, layer_input)), ("weight_hh_l%d%s", (gate_size, real_hidden))]
                if bias:
                    params += [("bias_ih_l%d%s", (gate_size,)), ("bias_hh_l%d%s", (gate_size,))]
                if proj_size > 0:
                    params += [("weight_hr_l%d%s", (proj_size, hidden_size))]
                names = []
                for fmt, shape in params:
                    name = fmt % (layer, suffix)
                    setattr(self, name, Parameter(zeros(*shape, dtype=dtype)))
                    names.append(name)
                self._flat_weights_names.extend(names)
                self._all_weights.append(names)
        self.reset_parameters()

    @property
    def _flat_weights(self):
        # looked up on every use, so a replaced or converted parameter is always the one used
        return [getattr(self, n) if hasattr(self, n) else None for n in self._flat_weights_names]

    @property
    def all_weights(self):
        return [[getattr(self, w) for w in ws] for ws in self._all_weights]

    def flatten_parameters(self):
        """A no-op, as torch's without cuDNN."""

    def reset_parameters(self):
        stdv = 1.0 / math.sqrt(self.hidden_size) if self.hidden_size > 0 else 0
        for weight in self.parameters():
            init.uniform_(weight, -stdv, stdv)

    def extra_repr(self):
        s = "{input_size}, {hidden_size}"
        if self.proj_size != 0:
            s += ", proj_size={proj_size}"
        if self.num_layers != 1:
            s += ", num_layers={num_layers}"
        if self.bias is not True:
            s += ", bias={bias}"
        if self.batch_first is not False:
            s += ", batch_first={batch_first}"
        if self.dropout != 0:
            s += ", dropout={dropout}"
        if self.bidirectional is not False:
            s += ", bidirectional={bidirectional}"
        return s.format(**self.__dict__)

    # ---- checks (torch's texts) ----
    def check_input(self, input, batch_sizes):
        w0 = self._flat_weights[0]
        if input.dtype != w0.dtype:
            raise ValueError("RNN input dtype (%s) does not match weight dtype (%s). Convert input: input.to(%s), "
                             "or convert model: model.to(%s)" % (input.dtype, w0.dtype, w0.dtype, input.dtype))
        expected = 2 if batch_sizes is not None else 3
        if input.dim() != expected:
            raise RuntimeError("input must have %d dimensions, got %d" % (expected, input.dim()))
        if self.input_size != input.size(-1):
            raise RuntimeError("input.size(-1) must be equal to input_size. Expected %d, got %d"
                               % (self.input_size, input.size(-1)))

    def get_expected_hidden_size(self, input, batch_sizes):
        if batch_sizes is not None:
            mini_batch = int(batch_sizes[0])
        else:
            mini_batch = input.size(0) if self.batch_first else input.size(1)
        dirs = 2 if self.bidirectional else 1
        return (self.num_layers * dirs, mini_batch, self.proj_size if self.proj_size > 0 else self.hidden_size)

    def check_hidden_size(self, hx, expected_hidden_size, msg="Expected hidden size {}, got {}"):
        if tuple(hx.size()) != tuple(expected_hidden_size):
            raise RuntimeError(msg.format(tuple(expected_hidden_size), list(hx.size())))

    def check_forward_args(self, input, hidden, batch_sizes):
        self.check_input(input, batch_sizes)
        self.check_hidden_size(hidden, self.get_expected_hidden_size(input, batch_sizes))

    def permute_hidden(self, hx, permutation):
        return _permute(hx, permutation)

    # ---- the forward ----
    def _zeros_hidden(self, input, batch, size):
        dirs = 2 if self.bidirectional else 1
        return zeros(self.num_layers * dirs, batch, size, dtype=input.dtype)

    def _prepare(self, input, hx):
        """(input, batch_sizes, sorted, unsorted, hx, is_batched, batch_dim) with hx in sorted
        order (a tuple for LSTM), zeros when not given; torch's checks in torch's order."""
        name = {"LSTM": "LSTM", "GRU": "GRU"}.get(self.mode, "RNN")
        lstm = self.mode == "LSTM"
        real_hidden = self.proj_size if self.proj_size > 0 else self.hidden_size
        if isinstance(input, PackedSequence):
            input, batch_sizes, sorted_indices, unsorted_indices = input
            batch = int(batch_sizes[0])
            if hx is None:
                hx = ((self._zeros_hidden(input, batch, real_hidden), self._zeros_hidden(input, batch,
                                                                                         self.hidden_size))
                      if lstm else self._zeros_hidden(input, batch, self.hidden_size))
            elif lstm:
                hx = (_permute(hx[0], sorted_indices), _permute(hx[1], sorted_indices))
            else:
                hx = _permute(hx, sorted_indices)
            self.check_forward_args(input, hx, batch_sizes)
            return input, batch_sizes, sorted_indices, unsorted_indices, hx, True, None
        if input.dim() not in (2, 3):
            if name == "RNN":
                raise ValueError("RNN: Expected input to be 2D or 3D, got %dD tensor instead" % input.dim())
            raise ValueError("%s: Expected input to be 2D or 3D, got %dD instead" % (name, input.dim()))
        is_batched = input.dim() == 3
        batch_dim = 0 if self.batch_first else 1
        if not is_batched:
            input = input.unsqueeze(batch_dim)
        if hx is not None:
            if lstm:
                want = 3 if is_batched else 2
                if hx[0].dim() != want or hx[1].dim() != want:
                    raise RuntimeError("For %s, hx and cx should also be %d-D but got (%d-D, %d-D) tensors"
                                       % ("batched 3-D input" if is_batched else "unbatched 2-D input", want,
                                          hx[0].dim(), hx[1].dim()))
                if not is_batched:
                    hx = (hx[0].unsqueeze(1), hx[1].unsqueeze(1))
            else:
                if is_batched and hx.dim() != 3:
                    raise RuntimeError("For batched 3-D input, hx should also be 3-D but got %d-D tensor"
                                       % hx.dim())
                if not is_batched:
                    if hx.dim() != 2:
                        raise RuntimeError("For unbatched 2-D input, hx should also be 2-D but got %d-D tensor"
                                           % hx.dim())
                    hx = hx.unsqueeze(1)
        batch = input.size(0) if self.batch_first else input.size(1)
        if hx is None:
            hx = ((self._zeros_hidden(input, batch, real_hidden), self._zeros_hidden(input, batch, self.hidden_size))
                  if lstm else self._zeros_hidden(input, batch, self.hidden_size))
        self.check_forward_args(input, hx, None)
        return input, None, None, None, hx, is_batched, batch_dim

    def forward(self, input, hx=None):
        orig = input
        input, batch_sizes, sorted_indices, unsorted_indices, hx, is_batched, batch_dim = self._prepare(input, hx)
        lstm = self.mode == "LSTM"
        h0, c0 = hx if lstm else (hx, None)
        for state in (h0, c0):
            # torch's GRU / RNN text (its oneDNN LSTM says "get_mkldnn_dtype: unsupported data type")
            if state is not None and state.dtype != input.dtype:
                raise RuntimeError("mat1 and mat2 must have the same dtype, but got %s and %s"
                                   % (_scalar_name(state), _scalar_name(input)))
        if batch_sizes is not None:
            data = input
            sizes = [int(b) for b in np.asarray(batch_sizes._data)]
        else:
            seq = input.transpose(0, 1) if self.batch_first else input     # (T, B, I)
            steps, batch = seq.shape[0], seq.shape[1]
            if steps == 0:
                raise RuntimeError("Expected sequence length to be larger than 0 in RNN")
            data = seq.reshape(steps * batch, seq.shape[2])
            sizes = [batch] * steps
        out, h_n, c_n = _rnn_forward(self.mode, data, sizes, h0, c0, self._flat_weights, self.num_layers,
                                     self.bias, self.proj_size > 0, self.bidirectional, self.dropout,
                                     self.training)
        hidden = (h_n, c_n) if lstm else h_n
        if isinstance(orig, PackedSequence):
            packed = PackedSequence(out, batch_sizes, sorted_indices, unsorted_indices)
            if lstm:
                return packed, (_permute(h_n, unsorted_indices), _permute(c_n, unsorted_indices))
            return packed, _permute(h_n, unsorted_indices)
        out = out.reshape(steps, batch, out.shape[-1])
        if self.batch_first:
            out = out.transpose(0, 1)
        if not is_batched:
            out = out.squeeze(batch_dim)
            hidden = (h_n.squeeze(1), c_n.squeeze(1)) if lstm else h_n.squeeze(1)
        return out, hidden


class RNN(RNNBase):
    """Elman RNN: h_t = tanh (or relu)(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh).

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.RNN(4, 8, num_layers=2, batch_first=True)
        >>> out, h = m(pa.randn(3, 5, 4))
        >>> out.shape, h.shape
        (torch.Size([3, 5, 8]), torch.Size([2, 3, 8]))
    """

    def __init__(self, *args, **kwargs):
        if "proj_size" in kwargs:
            raise ValueError("proj_size argument is only supported for LSTM, not RNN or GRU")
        if len(args) > 3:
            self.nonlinearity = args[3]
            args = args[:3] + args[4:]
        else:
            self.nonlinearity = kwargs.pop("nonlinearity", "tanh")
        if self.nonlinearity == "tanh":
            mode = "RNN_TANH"
        elif self.nonlinearity == "relu":
            mode = "RNN_RELU"
        else:
            raise ValueError("Unknown nonlinearity '%s'. Select from 'tanh' or 'relu'." % self.nonlinearity)
        super().__init__(mode, *args, **kwargs)


class LSTM(RNNBase):
    """LSTM (torch's gates i, f, g, o; proj_size > 0 projects h by weight_hr).

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.LSTM(4, 8)
        >>> out, (h, c) = m(pa.randn(5, 3, 4))
        >>> out.shape, h.shape, c.shape
        (torch.Size([5, 3, 8]), torch.Size([1, 3, 8]), torch.Size([1, 3, 8]))
    """

    def __init__(self, *args, **kwargs):
        super().__init__("LSTM", *args, **kwargs)

    def get_expected_cell_size(self, input, batch_sizes):
        if batch_sizes is not None:
            mini_batch = int(batch_sizes[0])
        else:
            mini_batch = input.size(0) if self.batch_first else input.size(1)
        dirs = 2 if self.bidirectional else 1
        return (self.num_layers * dirs, mini_batch, self.hidden_size)

    def check_forward_args(self, input, hidden, batch_sizes):
        self.check_input(input, batch_sizes)
        self.check_hidden_size(hidden[0], self.get_expected_hidden_size(input, batch_sizes),
                               "Expected hidden[0] size {}, got {}")
        self.check_hidden_size(hidden[1], self.get_expected_cell_size(input, batch_sizes),
                               "Expected hidden[1] size {}, got {}")

    def permute_hidden(self, hx, permutation):
        if permutation is None:
            return hx
        return _permute(hx[0], permutation), _permute(hx[1], permutation)


class GRU(RNNBase):
    """GRU (torch's gates r, z, n; n = tanh(W_in x + b_in + r*(W_hn h + b_hn))).

    Example::

        >>> _ = pa.manual_seed(0)
        >>> m = nn.GRU(4, 8, bidirectional=True)
        >>> out, h = m(pa.randn(5, 3, 4))
        >>> out.shape, h.shape
        (torch.Size([5, 3, 16]), torch.Size([2, 3, 8]))
    """

    def __init__(self, *args, **kwargs):
        if "proj_size" in kwargs:
            raise ValueError("proj_size argument is only supported for LSTM, not RNN or GRU")
        super().__init__("GRU", *args, **kwargs)


# ------------------------------------------------------------------------ cells --
def _check_cell(self, input, hiddens):
    """torch's cell checks (the native cells' texts)."""
    if input.size(1) != self.input_size:
        raise RuntimeError("input has inconsistent input_size: got %d expected %d"
                           % (input.size(1), self.input_size))
    for k, h in enumerate(hiddens):
        if input.size(0) != h.size(0):
            raise RuntimeError("Input batch size %d doesn't match hidden%d batch size %d"
                               % (input.size(0), k, h.size(0)))
        if h.size(1) != self.hidden_size:
            raise RuntimeError("hidden%d has inconsistent hidden_size: got %d, expected %d"
                               % (k, h.size(1), self.hidden_size))


class RNNCellBase(Module):
    """The base of RNNCell, LSTMCell and GRUCell: their weights for one step of a recurrence of ``num_chunks`` gates.

    Not used directly: the cells subclass it and define the forward.

    Args:
        input_size: the features of the input x.
        hidden_size: the features of the hidden state h.
        bias: whether the cell has the biases b_ih and b_hh.
        num_chunks: the gates stacked in the weights (1 for RNNCell, 4 for LSTMCell, 3 for GRUCell).
        device: accepted for compatibility (CPU only). Default: None.
        dtype: the parameters' dtype. Default: None (the default dtype).

    Learnable parameters:
        - ``weight_ih``: (num_chunks * hidden_size, input_size).
        - ``weight_hh``: (num_chunks * hidden_size, hidden_size).
        - ``bias_ih``: (num_chunks * hidden_size,), or None when bias is False.
        - ``bias_hh``: (num_chunks * hidden_size,), or None when bias is False.

    All four from U(-sqrt(k), sqrt(k)), k = 1 / hidden_size.

    Example::

        >>> cell = nn.GRUCell(3, 5)
        >>> isinstance(cell, nn.RNNCellBase), tuple(cell.weight_ih.shape)
        (True, (15, 3))
    """

    __constants__ = ["input_size", "hidden_size", "bias"]

    def __init__(self, input_size, hidden_size, bias, num_chunks, device=None, dtype=None):
        super().__init__()
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.bias = bias
        self.weight_ih = Parameter(zeros(num_chunks * hidden_size, input_size, dtype=dtype))
        self.weight_hh = Parameter(zeros(num_chunks * hidden_size, hidden_size, dtype=dtype))
        if bias:
            self.bias_ih = Parameter(zeros(num_chunks * hidden_size, dtype=dtype))
            self.bias_hh = Parameter(zeros(num_chunks * hidden_size, dtype=dtype))
        else:
            self.register_parameter("bias_ih", None)
            self.register_parameter("bias_hh", None)
        self.reset_parameters()

    def extra_repr(self):
        s = "{input_size}, {hidden_size}"
        if "bias" in self.__dict__ and self.bias is not True:
            s += ", bias={bias}"
        if "nonlinearity" in self.__dict__ and self.nonlinearity != "tanh":
            s += ", nonlinearity={nonlinearity}"
        return s.format(**self.__dict__)

    def reset_parameters(self):
        stdv = 1.0 / math.sqrt(self.hidden_size) if self.hidden_size > 0 else 0
        for weight in self.parameters():
            init.uniform_(weight, -stdv, stdv)

    def _batched(self, name, input, hx, what="hidden"):
        if input.dim() not in (1, 2):
            raise ValueError("%s: Expected input to be 1D or 2D, got %dD instead" % (name, input.dim()))
        if hx is not None and not isinstance(hx, (tuple, list)) and hx.dim() not in (1, 2):
            raise ValueError("%s: Expected %s to be 1D or 2D, got %dD instead" % (name, what, hx.dim()))
        return input.dim() == 2


class RNNCell(RNNCellBase):
    """h' = tanh (or relu)(x W_ih^T + b_ih + h W_hh^T + b_hh).

    Example::

        >>> _ = pa.manual_seed(0)
        >>> cell = nn.RNNCell(4, 8)
        >>> cell(pa.randn(3, 4), pa.zeros(3, 8)).shape
        torch.Size([3, 8])
    """
    __constants__ = ["input_size", "hidden_size", "bias", "nonlinearity"]

    def __init__(self, input_size, hidden_size, bias=True, nonlinearity="tanh", device=None, dtype=None):
        super().__init__(input_size, hidden_size, bias, num_chunks=1, device=device, dtype=dtype)
        self.nonlinearity = nonlinearity

    def forward(self, input, hx=None):
        batched = self._batched("RNNCell", input, hx)
        if not batched:
            input = input.unsqueeze(0)
        hx = zeros(input.size(0), self.hidden_size, dtype=input.dtype) if hx is None else (
            hx if batched else hx.unsqueeze(0))
        if self.nonlinearity not in ("tanh", "relu"):
            raise RuntimeError("Unknown nonlinearity: %s" % self.nonlinearity)
        _check_cell(self, input, (hx,))
        ret = _act(self.nonlinearity)(F.linear(input, self.weight_ih, self.bias_ih)
                                      + F.linear(hx, self.weight_hh, self.bias_hh))
        return ret if batched else ret.squeeze(0)


class LSTMCell(RNNCellBase):
    """(h', c') of one LSTM step (gates i, f, g, o).

    Example::

        >>> _ = pa.manual_seed(0)
        >>> cell = nn.LSTMCell(4, 8)
        >>> h, c = cell(pa.randn(3, 4))
        >>> h.shape, c.shape
        (torch.Size([3, 8]), torch.Size([3, 8]))
    """

    def __init__(self, input_size, hidden_size, bias=True, device=None, dtype=None):
        super().__init__(input_size, hidden_size, bias, num_chunks=4, device=device, dtype=dtype)

    def forward(self, input, hx=None):
        if input.dim() not in (1, 2):
            raise ValueError("LSTMCell: Expected input to be 1D or 2D, got %dD instead" % input.dim())
        if hx is not None:
            for idx, value in enumerate(hx):
                if value.dim() not in (1, 2):
                    raise ValueError("LSTMCell: Expected hx[%d] to be 1D or 2D, got %dD instead"
                                     % (idx, value.dim()))
        batched = input.dim() == 2
        if not batched:
            input = input.unsqueeze(0)
        if hx is None:
            z = zeros(input.size(0), self.hidden_size, dtype=input.dtype)
            hx = (z, z)
        else:
            hx = (hx[0], hx[1]) if batched else (hx[0].unsqueeze(0), hx[1].unsqueeze(0))
        _check_cell(self, input, hx)
        gates = F.linear(input, self.weight_ih, self.bias_ih) + F.linear(hx[0], self.weight_hh, self.bias_hh)
        h, c = _lstm_gates(gates, hx[1])
        return (h, c) if batched else (h.squeeze(0), c.squeeze(0))


class GRUCell(RNNCellBase):
    """h' of one GRU step (gates r, z, n).

    Example::

        >>> _ = pa.manual_seed(0)
        >>> cell = nn.GRUCell(4, 8)
        >>> cell(pa.randn(3, 4)).shape
        torch.Size([3, 8])
    """

    def __init__(self, input_size, hidden_size, bias=True, device=None, dtype=None):
        super().__init__(input_size, hidden_size, bias, num_chunks=3, device=device, dtype=dtype)

    def forward(self, input, hx=None):
        batched = self._batched("GRUCell", input, hx)
        if not batched:
            input = input.unsqueeze(0)
        hx = zeros(input.size(0), self.hidden_size, dtype=input.dtype) if hx is None else (
            hx if batched else hx.unsqueeze(0))
        _check_cell(self, input, (hx,))
        ret = _gru_gates(F.linear(input, self.weight_ih, self.bias_ih), F.linear(hx, self.weight_hh, self.bias_hh),
                         hx)
        return ret if batched else ret.squeeze(0)


# the spec that runs the fused cell in the generated op tests (values, gradients, second
# derivatives, forward mode, vmap against torch): torch's LSTMCell over the same parameters
EXTRA_SPECS.extend([
    # LSTMCell's forward on a plain holder of the parameters (a module would draw its init)
    OpSpec("fused_lstm_cell", lambda T, x, h, c, w_ih, w_hh, b: T.nn.LSTMCell.forward(types.SimpleNamespace(
        weight_ih=w_ih, weight_hh=w_hh, bias_ih=b, bias_hh=b, input_size=3, hidden_size=2), x, (h, c)),
        [(4, 3), (4, 2), (4, 2), (8, 3), (8, 2), (8,)], torch_name=False,
        note="torch's CPU lstm_cell is a composition (h: MulBackward0, c: AddBackward0); ours is the one "
             "fused op torch records on CUDA (ThnnFusedLstmCellBackward0)"),
    OpSpec("mkldnn_rnn_layer", lambda T, x, h, c, *w: _lstm_on_holder(T, x, h, c, w),
           [(3, 2, 2), (2, 2, 2), (2, 2, 2)] + [(8, 2), (8, 2), (8,), (8,)] * 2, torch_name=False,
           note="a bidirectional output: torch concatenates the directions (CatBackward0), ours writes them "
                "into one buffer viewed as the output (ViewBackward0); the layers' nodes are torch's"),
])


def _lstm_on_holder(T, x, h, c, weights):
    """A bidirectional one-layer LSTM(2, 2)'s forward (torch's or ours) on an instance whose
    attributes are set directly (a constructed module would draw its init, refused inside vmap)."""
    m = T.nn.LSTM.__new__(T.nn.LSTM)
    names = ["%s_l0%s" % (n, sfx) for sfx in ("", "_reverse") for n in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")]
    m.__dict__.update(dict(zip(names, weights)), mode="LSTM", input_size=2, hidden_size=2, num_layers=1, bias=True,
                      batch_first=False, dropout=0.0, bidirectional=True, proj_size=0, training=False,
                      _flat_weights_names=names, _flat_weight_refs=[None] * len(names),
                      _all_weights=[names[:4], names[4:]])
    m.__dict__["_flat_weights"] = list(weights)
    out, (h_n, c_n) = T.nn.LSTM.forward(m, x, (h, c))
    return out, h_n, c_n


def _declare_batching():
    """The fused cell runs per sample under vmap."""
    batching.declare({op: batching.loop for op in ALL_OPS if op.__module__ == __name__})


_declare_batching()
