"""Recurrent layers (nn/_rnn.py) and nn.utils.rnn: differential against torch in float64 (a torch
state_dict loaded into ours: outputs, h_n / c_n, gradients wrt input, initial states and every
parameter), cells, packed sequences, padding helpers, second derivatives, forward mode, errors
(type and text), reprs, parameter names / order / init, dropout between layers."""
import warnings

import numpy as np
import pytest

import pyautograd as pa
import pyautograd.nn as nn
from pyautograd.autograd import gradcheck, gradgradcheck
from pyautograd.nn.utils import rnn as R


def _torch():
    return pytest.importorskip("torch")


pytestmark = pytest.mark.usefixtures("torch_one_thread")   # tests/conftest.py


def _close(ours, theirs, what, tol=1e-10):
    a = ours.detach().numpy() if hasattr(ours, "detach") else np.asarray(ours)
    b = theirs.detach().numpy() if hasattr(theirs, "detach") else np.asarray(theirs)
    assert a.shape == b.shape, (what, a.shape, b.shape)
    np.testing.assert_allclose(a, b, rtol=tol, atol=tol, err_msg=what)


def _pair(name, *args, **kwargs):
    """(ours, torch's) module of the same class and options, torch's weights loaded into ours, float64."""
    torch = _torch()
    theirs = getattr(torch.nn, name)(*args, **kwargs).double()
    ours = getattr(nn, name)(*args, **kwargs).double()
    ours.load_state_dict({k: pa.tensor(v.detach().numpy()) for k, v in theirs.state_dict().items()})
    return ours, theirs


def _leaf(a):
    torch = _torch()
    return pa.tensor(a, requires_grad=True), torch.tensor(a, requires_grad=True)


def _flat(h):
    return list(h) if isinstance(h, tuple) else [h]


def _compare_run(ours, theirs, x, hx, seed=1):
    """Run both; compare outputs, hidden states and the gradients of a random projection of all
    outputs wrt input, hx and every parameter."""
    torch = _torch()
    ox, tx = _leaf(x)
    ohx = thx = None
    if hx is not None:
        pairs = [_leaf(h) for h in hx]
        ohx = tuple(p[0] for p in pairs) if len(pairs) == 2 else pairs[0][0]
        thx = tuple(p[1] for p in pairs) if len(pairs) == 2 else pairs[0][1]
    oo, oh = ours(ox, ohx)
    to, th = theirs(tx, thx)
    _close(oo, to, "output")
    for a, b in zip(_flat(oh), _flat(th)):
        _close(a, b, "hidden")
    rng = np.random.default_rng(seed)
    outs_o, outs_t = [oo] + _flat(oh), [to] + _flat(th)
    ws = [rng.standard_normal(tuple(t.shape)) for t in outs_t]
    lo = sum((o * pa.tensor(w)).sum() for o, w in zip(outs_o, ws))
    lt = sum((t * torch.tensor(w)).sum() for t, w in zip(outs_t, ws))
    o_in = [ox] + (_flat(ohx) if hx is not None else []) + list(ours.parameters())
    t_in = [tx] + (_flat(thx) if hx is not None else []) + list(theirs.parameters())
    go = pa.autograd.grad(lo, o_in)
    gt = torch.autograd.grad(lt, t_in)
    names = ["input"] + ["hx%d" % i for i in range(len(o_in) - 1 - len(list(ours.parameters())))] + \
        [n for n, _ in ours.named_parameters()]
    for n, a, b in zip(names, go, gt):
        _close(a, b, "grad " + n)


LAYER_CASES = [
    dict(num_layers=1), dict(num_layers=2), dict(bidirectional=True), dict(num_layers=2, bidirectional=True),
    dict(batch_first=True), dict(bias=False), dict(num_layers=2, bidirectional=True, batch_first=True, bias=False),
]


@pytest.mark.parametrize("name", ["RNN", "LSTM", "GRU"])
@pytest.mark.parametrize("opts", LAYER_CASES, ids=lambda d: ",".join("%s=%s" % kv for kv in d.items()))
@pytest.mark.parametrize("with_h0", [False, True])
def test_layers_vs_torch(name, opts, with_h0):
    ours, theirs = _pair(name, 3, 4, **opts)
    rng = np.random.default_rng(0)
    steps, batch = 5, 2
    shape = (batch, steps, 3) if opts.get("batch_first") else (steps, batch, 3)
    x = rng.standard_normal(shape)
    hx = None
    if with_h0:
        d = 2 if opts.get("bidirectional") else 1
        hshape = (opts.get("num_layers", 1) * d, batch, 4)
        hx = (rng.standard_normal(hshape), rng.standard_normal(hshape)) if name == "LSTM" \
            else (rng.standard_normal(hshape),)
    _compare_run(ours, theirs, x, hx)


@pytest.mark.parametrize("opts", [dict(), dict(num_layers=2, bidirectional=True), dict(bias=False, batch_first=True)])
@pytest.mark.parametrize("with_h0", [False, True])
def test_lstm_proj_size(opts, with_h0):
    ours, theirs = _pair("LSTM", 3, 5, proj_size=2, **opts)
    assert [n for n, _ in ours.named_parameters()] == [n for n, _ in theirs.named_parameters()]
    rng = np.random.default_rng(1)
    shape = (2, 4, 3) if opts.get("batch_first") else (4, 2, 3)
    d = 2 if opts.get("bidirectional") else 1
    layers = opts.get("num_layers", 1) * d
    hx = (rng.standard_normal((layers, 2, 2)), rng.standard_normal((layers, 2, 5))) if with_h0 else None
    _compare_run(ours, theirs, rng.standard_normal(shape), hx)


def test_rnn_relu():
    for opts in (dict(), dict(num_layers=2, bidirectional=True)):
        ours, theirs = _pair("RNN", 3, 4, nonlinearity="relu", **opts)
        _compare_run(ours, theirs, np.random.default_rng(2).standard_normal((6, 3, 3)), None)
    ours, theirs = _pair("RNN", 3, 4, 1, "relu")          # nonlinearity as the fourth positional argument
    assert ours.mode == theirs.mode == "RNN_RELU"
    _compare_run(ours, theirs, np.random.default_rng(3).standard_normal((2, 3, 3)), None)


@pytest.mark.parametrize("name", ["RNN", "LSTM", "GRU"])
@pytest.mark.parametrize("batch_first", [False, True])
@pytest.mark.parametrize("with_h0", [False, True])
def test_unbatched(name, batch_first, with_h0):
    ours, theirs = _pair(name, 3, 4, num_layers=2, bidirectional=True, batch_first=batch_first)
    rng = np.random.default_rng(4)
    hx = None
    if with_h0:
        hx = (rng.standard_normal((4, 4)), rng.standard_normal((4, 4))) if name == "LSTM" \
            else (rng.standard_normal((4, 4)),)
    _compare_run(ours, theirs, rng.standard_normal((5, 3)), hx)


def test_float32_and_state_dict_keys():
    torch = _torch()
    for name in ("RNN", "LSTM", "GRU"):
        kw = dict(num_layers=2, bidirectional=True)
        if name == "LSTM":
            kw["proj_size"] = 2
        t = getattr(torch.nn, name)(3, 4, **kw)
        o = getattr(nn, name)(3, 4, **kw)
        assert list(o.state_dict()) == list(t.state_dict())
        assert [tuple(p.shape) for p in o.parameters()] == [tuple(p.shape) for p in t.parameters()]
        assert o._flat_weights_names == t._flat_weights_names
        assert o._all_weights == t._all_weights
        assert [[tuple(w.shape) for w in ws] for ws in o.all_weights] == \
            [[tuple(w.shape) for w in ws] for ws in t.all_weights]
        assert all(a is b for a, b in zip(o._flat_weights, o.parameters()))
        o.load_state_dict({k: pa.tensor(v.detach().numpy()) for k, v in t.state_dict().items()})
        x = np.random.default_rng(5).standard_normal((4, 2, 3)).astype(np.float32)
        oo, _ = o(pa.tensor(x))
        to, _ = t(torch.tensor(x))
        assert oo.dtype == pa.float32
        np.testing.assert_allclose(oo.detach().numpy(), to.detach().numpy(), rtol=1e-5, atol=1e-6)
        assert o.flatten_parameters() is None


@pytest.mark.parametrize("name,kw", [("RNN", {}), ("LSTM", {}), ("GRU", {}), ("LSTM", {"proj_size": 2}),
                                     ("RNNCell", {}), ("LSTMCell", {}), ("GRUCell", {})])
def test_init_same_seed_as_torch(name, kw):
    torch = _torch()
    kw = dict(kw)
    if not name.endswith("Cell"):
        kw.update(num_layers=2, bidirectional=True)
    torch.manual_seed(7)
    t = getattr(torch.nn, name)(3, 4, **kw)
    pa.manual_seed(7)
    o = getattr(nn, name)(3, 4, **kw)
    for (n, a), (m, b) in zip(o.named_parameters(), t.named_parameters()):
        assert n == m
        np.testing.assert_array_equal(a.detach().numpy(), b.detach().numpy())
    bound = 1 / np.sqrt(4)
    assert all(np.abs(p.detach().numpy()).max() <= bound for p in o.parameters())


# ------------------------------------------------------------------------ cells --
@pytest.mark.parametrize("name,kw", [("RNNCell", {}), ("RNNCell", {"nonlinearity": "relu"}),
                                     ("RNNCell", {"bias": False}), ("LSTMCell", {}), ("LSTMCell", {"bias": False}),
                                     ("GRUCell", {}), ("GRUCell", {"bias": False})])
@pytest.mark.parametrize("batched", [True, False])
@pytest.mark.parametrize("with_h0", [False, True])
def test_cells_vs_torch(name, kw, batched, with_h0):
    torch = _torch()
    ours, theirs = _pair(name, 3, 4, **kw)
    rng = np.random.default_rng(6)
    lead = (2,) if batched else ()
    ox, tx = _leaf(rng.standard_normal(lead + (3,)))
    ohx = thx = None
    hs = []
    if with_h0:
        hs = [_leaf(rng.standard_normal(lead + (4,))) for _ in range(2 if name == "LSTMCell" else 1)]
        ohx = tuple(h[0] for h in hs) if name == "LSTMCell" else hs[0][0]
        thx = tuple(h[1] for h in hs) if name == "LSTMCell" else hs[0][1]
    oo = _flat(ours(ox, ohx))
    to = _flat(theirs(tx, thx))
    ws = [rng.standard_normal(tuple(t.shape)) for t in to]
    for a, b in zip(oo, to):
        _close(a, b, name)
    lo = sum((a * pa.tensor(w)).sum() for a, w in zip(oo, ws))
    lt = sum((b * torch.tensor(w)).sum() for b, w in zip(to, ws))
    go = pa.autograd.grad(lo, [ox] + [h[0] for h in hs] + list(ours.parameters()))
    gt = torch.autograd.grad(lt, [tx] + [h[1] for h in hs] + list(theirs.parameters()))
    for a, b in zip(go, gt):
        _close(a, b, name + " grad")


def test_cell_sequence_equals_layer():
    """An LSTMCell stepped over time gives the one-layer LSTM's outputs (same weights)."""
    cell = nn.LSTMCell(3, 4).double()
    lstm = nn.LSTM(3, 4).double()
    lstm.load_state_dict({k + "_l0": v for k, v in cell.state_dict().items()})
    x = pa.tensor(np.random.default_rng(8).standard_normal((5, 2, 3)))
    out, (h, c) = lstm(x)
    hc = None
    for t in range(5):
        hc = cell(x[t], hc)
        _close(hc[0], out[t], "step %d" % t, 1e-12)
    _close(hc[0], h[0], "h_n", 1e-12)
    _close(hc[1], c[0], "c_n", 1e-12)


# ------------------------------------------------------------------------ higher orders --
def test_gradgradcheck_lstm_gru():
    for name, kw in (("LSTM", dict(num_layers=2, bidirectional=True)), ("GRU", dict(num_layers=2)),
                     ("LSTM", dict(proj_size=1)), ("RNN", dict(bidirectional=True))):
        m = getattr(nn, name)(2, 2, **kw).double()
        params = list(m.parameters())
        names = [n for n, _ in m.named_parameters()]
        x = pa.tensor(np.random.default_rng(9).standard_normal((3, 2, 2)), requires_grad=True)

        def f(x, *ps):
            out, h = pa.func.functional_call(m, dict(zip(names, ps)), (x,))
            return (out,) + tuple(_flat(h))
        ps = [p.detach().clone().requires_grad_(True) for p in params]
        assert gradcheck(f, (x, *ps)), name
        assert gradgradcheck(f, (x, *ps)), name


def test_gradgradcheck_cells():
    for name in ("LSTMCell", "GRUCell", "RNNCell"):
        m = getattr(nn, name)(2, 3).double()
        names = [n for n, _ in m.named_parameters()]
        x = pa.tensor(np.random.default_rng(10).standard_normal((2, 2)), requires_grad=True)
        h = pa.tensor(np.random.default_rng(11).standard_normal((2, 3)), requires_grad=True)
        c = pa.tensor(np.random.default_rng(12).standard_normal((2, 3)), requires_grad=True)

        def f(x, h, c, *ps):
            hx = (h, c) if name == "LSTMCell" else h
            return _flat(pa.func.functional_call(m, dict(zip(names, ps)), (x, hx)))
        ps = [p.detach().clone().requires_grad_(True) for p in m.parameters()]
        assert gradgradcheck(lambda *a: tuple(f(*a)), (x, h, c, *ps)), name


def test_forward_mode_matches_reverse():
    """<v, J u> from forward mode (func.jvp) equals <J^T v, u> from reverse mode."""
    for name in ("LSTM", "GRU", "RNN"):
        m = getattr(nn, name)(3, 4, num_layers=2, bidirectional=True).double()
        rng = np.random.default_rng(13)
        x = pa.tensor(rng.standard_normal((4, 2, 3)))
        u = pa.tensor(rng.standard_normal((4, 2, 3)))
        out, tangent = pa.func.jvp(lambda x: m(x)[0], (x,), (u,))
        v = pa.tensor(rng.standard_normal(tuple(out.shape)))
        xr = x.detach().requires_grad_(True)
        g, = pa.autograd.grad((m(xr)[0] * v).sum(), [xr])
        np.testing.assert_allclose(float((tangent * v).sum()), float((g * u).sum()), rtol=1e-10)


# ------------------------------------------------------------------------ packed sequences --
def _padded_case(batch_first, lengths, feat=3, seed=14):
    rng = np.random.default_rng(seed)
    steps, batch = max(lengths), len(lengths)
    return rng.standard_normal((batch, steps, feat) if batch_first else (steps, batch, feat))


@pytest.mark.parametrize("batch_first", [False, True])
@pytest.mark.parametrize("lengths,enforce_sorted", [([4, 3, 3, 1], True), ([2, 4, 1, 4], False),
                                                     ([3], True), ([2, 2], False), ([1, 1, 1], True)])
def test_pack_pad_round_trip(batch_first, lengths, enforce_sorted):
    torch = _torch()
    a = _padded_case(batch_first, lengths)
    ox, tx = _leaf(a)
    op = R.pack_padded_sequence(ox, lengths, batch_first=batch_first, enforce_sorted=enforce_sorted)
    tp = torch.nn.utils.rnn.pack_padded_sequence(tx, lengths, batch_first=batch_first,
                                                 enforce_sorted=enforce_sorted)
    assert isinstance(op, R.PackedSequence) and isinstance(op, tuple)
    _close(op.data, tp.data, "data", 0)
    assert op.batch_sizes.tolist() == tp.batch_sizes.tolist() and op.batch_sizes.dtype == pa.int64
    for f in ("sorted_indices", "unsorted_indices"):
        a_, b_ = getattr(op, f), getattr(tp, f)
        assert (a_ is None) == (b_ is None), f
        if a_ is not None:
            assert a_.tolist() == b_.tolist(), f
    for total in (None, max(lengths) + 2):
        for pv in (0.0, -1.5):
            oo, ol = R.pad_packed_sequence(op, batch_first=batch_first, padding_value=pv, total_length=total)
            to, tl = torch.nn.utils.rnn.pad_packed_sequence(tp, batch_first=batch_first, padding_value=pv,
                                                            total_length=total)
            _close(oo, to, "padded", 0)
            assert ol.tolist() == tl.tolist() and ol.dtype == pa.int64
    oo, _ = R.pad_packed_sequence(op, batch_first=batch_first)
    w = np.random.default_rng(0).standard_normal(tuple(oo.shape))
    go, = pa.autograd.grad((oo * pa.tensor(w)).sum() + op.data.sum(), [ox])
    to, _ = torch.nn.utils.rnn.pad_packed_sequence(tp, batch_first=batch_first)
    gt, = torch.autograd.grad((to * torch.tensor(w)).sum() + tp.data.sum(), [tx])
    _close(go, gt, "grad", 0)
    # a length given as a tensor, and unpack_sequence
    op2 = R.pack_padded_sequence(ox, pa.tensor(lengths), batch_first=batch_first, enforce_sorted=enforce_sorted)
    _close(op2.data, op.data, "tensor lengths", 0)
    for a_, b_ in zip(R.unpack_sequence(op), torch.nn.utils.rnn.unpack_sequence(tp)):
        _close(a_, b_, "unpack_sequence", 0)


@pytest.mark.parametrize("name", ["LSTM", "GRU", "RNN"])
@pytest.mark.parametrize("opts", [dict(), dict(num_layers=2, bidirectional=True), dict(bidirectional=True, bias=False)])
@pytest.mark.parametrize("enforce_sorted", [True, False])
@pytest.mark.parametrize("with_h0", [False, True])
def test_packed_through_layers(name, opts, enforce_sorted, with_h0):
    torch = _torch()
    if name == "LSTM" and opts.get("num_layers") == 2:
        opts = dict(opts, proj_size=2)
    ours, theirs = _pair(name, 3, 4, **opts)
    lengths = [5, 3, 3, 1] if enforce_sorted else [3, 5, 1, 3]
    rng = np.random.default_rng(15)
    ox, tx = _leaf(rng.standard_normal((5, 4, 3)))
    op = R.pack_padded_sequence(ox, lengths, enforce_sorted=enforce_sorted)
    tp = torch.nn.utils.rnn.pack_padded_sequence(tx, lengths, enforce_sorted=enforce_sorted)
    d = 2 if opts.get("bidirectional") else 1
    layers = opts.get("num_layers", 1) * d
    ohx = thx = None
    hs = []
    if with_h0:
        hsize = opts.get("proj_size", 4)
        hs = [_leaf(rng.standard_normal((layers, 4, hsize)))]
        if name == "LSTM":
            hs.append(_leaf(rng.standard_normal((layers, 4, 4))))
        ohx = tuple(h[0] for h in hs) if name == "LSTM" else hs[0][0]
        thx = tuple(h[1] for h in hs) if name == "LSTM" else hs[0][1]
    oo, oh = ours(op, ohx)
    to, th = theirs(tp, thx)
    assert isinstance(oo, R.PackedSequence)
    _close(oo.data, to.data, "packed output")
    assert oo.batch_sizes.tolist() == to.batch_sizes.tolist()
    for a, b in zip(_flat(oh), _flat(th)):
        _close(a, b, "hidden")
    ws = [rng.standard_normal(tuple(t.shape)) for t in [to.data] + _flat(th)]
    lo = sum((a * pa.tensor(w)).sum() for a, w in zip([oo.data] + _flat(oh), ws))
    lt = sum((b * torch.tensor(w)).sum() for b, w in zip([to.data] + _flat(th), ws))
    go = pa.autograd.grad(lo, [ox] + [h[0] for h in hs] + list(ours.parameters()))
    gt = torch.autograd.grad(lt, [tx] + [h[1] for h in hs] + list(theirs.parameters()))
    for a, b in zip(go, gt):
        _close(a, b, "grad")
    po, lo_ = R.pad_packed_sequence(oo, batch_first=True)
    pt, lt_ = torch.nn.utils.rnn.pad_packed_sequence(to, batch_first=True)
    _close(po, pt, "padded output")


def test_packed_sequence_class():
    torch = _torch()
    data = pa.tensor(np.arange(6.0).reshape(3, 2))
    bs = pa.tensor([2, 1])
    p = R.PackedSequence(data, bs)
    assert p._fields == ("data", "batch_sizes", "sorted_indices", "unsorted_indices")
    assert p.sorted_indices is None and p.unsorted_indices is None
    d, b, s, u = p
    assert d is data and b is bs
    q = R.PackedSequence((data, bs))
    assert q.data is data and q.batch_sizes is bs
    r = R.PackedSequence(data, bs, pa.tensor([1, 0]))
    assert r.unsorted_indices.tolist() == [1, 0]
    with pytest.raises(AssertionError, match="Expected data to be a list or tuple of length 2"):
        R.PackedSequence(data)
    assert p.to(pa.float32).data.dtype == pa.float32
    assert p.float().data.dtype == pa.float32 and p.double() is p
    assert p.to(pa.float64) is p and p.cpu() is p
    assert isinstance(p.float(), R.PackedSequence) and p.float().batch_sizes is bs
    assert not p.is_cuda
    assert "PackedSequence(data=" in repr(p)
    perm = pa.tensor([2, 0, 3, 1])
    assert R.invert_permutation(perm).tolist() == \
        torch.nn.utils.rnn.invert_permutation(torch.tensor([2, 0, 3, 1])).tolist()
    assert R.invert_permutation(None) is None


# ------------------------------------------------------------------------ padding helpers --
@pytest.mark.parametrize("batch_first", [False, True])
@pytest.mark.parametrize("padding_side", ["right", "left"])
@pytest.mark.parametrize("trailing", [(), (2,), (2, 3)])
def test_pad_sequence_vs_torch(batch_first, padding_side, trailing):
    torch = _torch()
    rng = np.random.default_rng(16)
    arrays = [rng.standard_normal((n,) + trailing) for n in (3, 1, 4)]
    ours = [pa.tensor(a, requires_grad=True) for a in arrays]
    theirs = [torch.tensor(a, requires_grad=True) for a in arrays]
    o = R.pad_sequence(ours, batch_first=batch_first, padding_value=2.5, padding_side=padding_side)
    t = torch.nn.utils.rnn.pad_sequence(theirs, batch_first=batch_first, padding_value=2.5,
                                        padding_side=padding_side)
    _close(o, t, "pad_sequence", 0)
    w = rng.standard_normal(tuple(t.shape))
    go = pa.autograd.grad((o * pa.tensor(w)).sum(), ours)
    gt = torch.autograd.grad((t * torch.tensor(w)).sum(), theirs)
    for a, b in zip(go, gt):
        _close(a, b, "grad", 0)
    if padding_side == "right":
        lengths = [3, 1, 4]
        uo = R.unpad_sequence(o, pa.tensor(lengths), batch_first=batch_first)
        ut = torch.nn.utils.rnn.unpad_sequence(t.detach().clone(), torch.tensor(lengths), batch_first=batch_first)
        for a, b in zip(uo, ut):
            _close(a, b, "unpad", 0)


def test_pad_sequence_forms():
    torch = _torch()
    a = np.random.default_rng(17).standard_normal((3, 2))
    _close(R.pad_sequence(pa.tensor(a)), torch.nn.utils.rnn.pad_sequence(torch.tensor(a)), "tensor input", 0)
    _close(R.pad_sequence(iter([pa.tensor(a)])), torch.nn.utils.rnn.pad_sequence(iter([torch.tensor(a)])), "iter", 0)
    # a later sequence is cast to the first one's dtype, a size-1 trailing dim broadcasts
    o = R.pad_sequence([pa.tensor(a), pa.tensor(np.ones((1, 1), dtype=np.float32))])
    t = torch.nn.utils.rnn.pad_sequence([torch.tensor(a), torch.ones(1, 1)])
    _close(o, t, "cast / broadcast", 0)
    assert o.dtype == pa.float64
    seqs = [pa.tensor(np.arange(n, dtype=np.float64)) for n in (2, 3, 1)]
    ps = R.pack_sequence(seqs, enforce_sorted=False)
    tps = torch.nn.utils.rnn.pack_sequence([torch.arange(n, dtype=torch.float64) for n in (2, 3, 1)],
                                           enforce_sorted=False)
    _close(ps.data, tps.data, "pack_sequence", 0)
    assert [s.tolist() for s in R.unpack_sequence(ps)] == [s.tolist() for s in seqs]


def _same_error(ours, theirs):
    try:
        theirs()
    except Exception as e:     # noqa: BLE001
        te = e
    else:
        raise AssertionError("torch raised nothing")
    with pytest.raises(type(te)) as info:
        ours()
    assert str(info.value) == str(te), (str(info.value), str(te))


def test_padding_errors():
    torch = _torch()
    TR = torch.nn.utils.rnn
    x = np.random.default_rng(18).standard_normal((4, 3, 2))
    ox, tx = pa.tensor(x), torch.tensor(x)
    for lengths in ([2, 3, 1], [3, 0, 0], [3, 2], [3, 2, 0]):
        _same_error(lambda: R.pack_padded_sequence(ox, lengths), lambda: TR.pack_padded_sequence(tx, lengths))
    _same_error(lambda: R.pack_padded_sequence(ox, pa.tensor([[3, 2, 1]])),
                lambda: TR.pack_padded_sequence(tx, torch.tensor([[3, 2, 1]])))
    op, tp = R.pack_padded_sequence(ox, [3, 2, 1]), TR.pack_padded_sequence(tx, [3, 2, 1])
    _same_error(lambda: R.pad_packed_sequence(op, total_length=2), lambda: TR.pad_packed_sequence(tp, total_length=2))
    _same_error(lambda: R.pad_sequence([pa.zeros(2, 3), pa.zeros(2, 4)]),
                lambda: TR.pad_sequence([torch.zeros(2, 3), torch.zeros(2, 4)]))
    _same_error(lambda: R.pad_sequence([]), lambda: TR.pad_sequence([]))
    _same_error(lambda: R.pad_sequence(3), lambda: TR.pad_sequence(3))
    _same_error(lambda: R.pad_sequence([pa.zeros(2)], padding_side="mid"),
                lambda: TR.pad_sequence([torch.zeros(2)], padding_side="mid"))
    _same_error(lambda: R.pack_sequence([]), lambda: TR.pack_sequence([]))
    with pytest.raises(RuntimeError, match="exceeds"):
        R.pack_padded_sequence(ox, [5, 3, 1])


# ------------------------------------------------------------------------ errors, reprs --
def test_forward_errors():
    torch = _torch()
    cases = [
        ("LSTM", (3, 4), {}, lambda lib: lib.randn(2, 3, 5)),
        ("GRU", (3, 4), {}, lambda lib: lib.randn(2, 3, 5)),
        ("RNN", (3, 4), {}, lambda lib: lib.randn(2, 3, 3, 1)),
        ("LSTM", (3, 4), {}, lambda lib: lib.randn(2, 3, 3, 1)),
        ("GRU", (3, 4), {}, lambda lib: lib.randn(3)),
        ("LSTM", (3, 4), {}, lambda lib: lib.randn(2, 3, 3).double()),
    ]
    for name, args, kw, inp in cases:
        o, t = getattr(nn, name)(*args, **kw), getattr(torch.nn, name)(*args, **kw)
        _same_error(lambda: o(inp(pa)), lambda: t(inp(torch)))
    hcases = [
        ("LSTM", lambda lib: (lib.randn(1, 2, 4), lib.randn(1, 3, 4)), (2, 3, 3)),
        ("LSTM", lambda lib: (lib.randn(1, 3, 4), lib.randn(1, 3, 5)), (2, 3, 3)),
        ("LSTM", lambda lib: (lib.randn(3, 4), lib.randn(1, 3, 4)), (2, 3, 3)),
        ("LSTM", lambda lib: (lib.randn(1, 1, 4), lib.randn(1, 4)), (2, 3)),
        ("GRU", lambda lib: lib.randn(1, 2, 4), (2, 3, 3)),
        ("GRU", lambda lib: lib.randn(3, 4), (2, 3, 3)),
        ("RNN", lambda lib: lib.randn(1, 1, 4), (2, 3)),
        ("RNN", lambda lib: lib.randn(2, 4), (2, 3)),
    ]
    for name in ("RNN", "LSTM", "GRU"):
        o, t = getattr(nn, name)(3, 4), getattr(torch.nn, name)(3, 4)
        _same_error(lambda: o(pa.zeros(0, 2, 3)), lambda: t(torch.zeros(0, 2, 3)))
        if name == "LSTM":       # hx a 1-tuple
            _same_error(lambda: o(pa.zeros(2, 1, 3), (pa.zeros(1, 1, 4),)),
                        lambda: t(torch.zeros(2, 1, 3), (torch.zeros(1, 1, 4),)))
        assert tuple(o(pa.zeros(2, 0, 3))[0].shape) == tuple(t(torch.zeros(2, 0, 3))[0].shape) == (2, 0, 4)
    for name, hx, shape in hcases:
        o, t = getattr(nn, name)(3, 4), getattr(torch.nn, name)(3, 4)
        _same_error(lambda: o(pa.randn(*shape), hx(pa)), lambda: t(torch.randn(*shape), hx(torch)))


def test_constructor_errors():
    torch = _torch()
    cases = [("LSTM", (3, 4), dict(dropout=1.5)), ("LSTM", (3, 4), dict(dropout=True)),
             ("GRU", (3, 4), dict(bias=1)), ("RNN", (3, 4), dict(batch_first=None)),
             ("LSTM", (3.0, 4), {}), ("LSTM", (0, 4), {}), ("LSTM", (3, 4.0), {}), ("GRU", (3, 0), {}),
             ("LSTM", (3, 4), dict(num_layers=0)), ("LSTM", (3, 4), dict(proj_size=-1)),
             ("LSTM", (3, 4), dict(proj_size=4)), ("RNN", (3, 4), dict(proj_size=2)),
             ("GRU", (3, 4), dict(proj_size=2)), ("RNN", (3, 4), dict(nonlinearity="sigmoid"))]
    for name, args, kw in cases:
        _same_error(lambda: getattr(nn, name)(*args, **kw), lambda: getattr(torch.nn, name)(*args, **kw))
    with pytest.warns(UserWarning, match="non-zero dropout expects num_layers greater than 1"):
        nn.LSTM(3, 4, dropout=0.5)


def test_cell_errors():
    torch = _torch()
    cases = [
        ("LSTMCell", lambda lib: (lib.randn(2, 5),)),
        ("LSTMCell", lambda lib: (lib.randn(2, 3), (lib.randn(3, 4), lib.randn(2, 4)))),
        ("LSTMCell", lambda lib: (lib.randn(2, 3), (lib.randn(2, 5), lib.randn(2, 4)))),
        ("LSTMCell", lambda lib: (lib.randn(2, 3), (lib.randn(2, 4), lib.randn(2, 5)))),
        ("LSTMCell", lambda lib: (lib.randn(2, 3), (lib.randn(2, 4), lib.randn(1, 4)))),
        ("LSTMCell", lambda lib: (lib.randn(1, 2, 3),)),
        ("LSTMCell", lambda lib: (lib.randn(2, 3), (lib.randn(1, 2, 4), lib.randn(2, 4)))),
        ("GRUCell", lambda lib: (lib.randn(2, 3), lib.randn(2, 5))),
        ("GRUCell", lambda lib: (lib.randn(2, 3), lib.randn(1, 2, 4))),
        ("GRUCell", lambda lib: (lib.randn(2, 2, 3),)),
        ("RNNCell", lambda lib: (lib.randn(2, 3), lib.randn(3, 4))),
        ("RNNCell", lambda lib: (lib.randn(2, 3).double(),)),
    ]
    for name, args in cases:
        o, t = getattr(nn, name)(3, 4), getattr(torch.nn, name)(3, 4)
        _same_error(lambda: o(*args(pa)), lambda: t(*args(torch)))
    o, t = nn.RNNCell(3, 4, nonlinearity="foo"), torch.nn.RNNCell(3, 4, nonlinearity="foo")
    _same_error(lambda: o(pa.randn(2, 3)), lambda: t(torch.randn(2, 3)))


def test_reprs():
    torch = _torch()
    cases = [("LSTM", (10, 20), dict(num_layers=2, batch_first=True)),
             ("LSTM", (3, 4), dict(proj_size=2, dropout=0.5, bidirectional=True, num_layers=2, bias=False)),
             ("GRU", (3, 4), {}), ("RNN", (3, 4), dict(nonlinearity="relu")),
             ("RNNCell", (3, 4), dict(bias=False, nonlinearity="relu")), ("LSTMCell", (3, 4), {}),
             ("GRUCell", (3, 4), dict(bias=False))]
    for name, args, kw in cases:
        assert repr(getattr(nn, name)(*args, **kw)) == repr(getattr(torch.nn, name)(*args, **kw))
    assert repr(nn.LSTM(10, 20, num_layers=2, batch_first=True)) == "LSTM(10, 20, num_layers=2, batch_first=True)"


# ------------------------------------------------------------------------ dropout --
def test_dropout_between_layers():
    torch = _torch()
    ours, theirs = _pair("LSTM", 3, 4, num_layers=3, dropout=0.5)
    x = np.random.default_rng(19).standard_normal((5, 2, 3))
    ours.eval()
    theirs.eval()
    a, _ = ours(pa.tensor(x))
    b, _ = ours(pa.tensor(x))
    t, _ = theirs(torch.tensor(x))
    _close(a, b, "eval deterministic", 0)
    _close(a, t, "eval = torch")
    ours.train()
    pa.manual_seed(3)
    c, _ = ours(pa.tensor(x))
    pa.manual_seed(3)
    d, _ = ours(pa.tensor(x))
    e, _ = ours(pa.tensor(x))
    _close(c, d, "train, same seed", 0)
    assert not np.allclose(c.detach().numpy(), a.detach().numpy())
    assert not np.allclose(c.detach().numpy(), e.detach().numpy())
    # no dropout after the last layer: with dropout on a one-layer LSTM train == eval
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        one = nn.LSTM(3, 4, dropout=0.9).double()
    one.train()
    f, _ = one(pa.tensor(x))
    one.eval()
    g, _ = one(pa.tensor(x))
    _close(f, g, "one layer", 0)


def test_dropout_mask_matches_torch_same_seed():
    """torch draws its between-layer masks as F.dropout does, on the (T, B, D*H) layer output: the
    same seed gives the same masks here."""
    torch = _torch()
    ours, theirs = _pair("GRU", 3, 4, num_layers=2, dropout=0.4, bidirectional=True)
    x = np.random.default_rng(20).standard_normal((5, 2, 3))
    pa.manual_seed(11)
    torch.manual_seed(11)
    a, ha = ours(pa.tensor(x))
    b, hb = theirs(torch.tensor(x))
    _close(a, b, "output")
    _close(ha, hb, "h_n")


def test_state_dict_round_trip_and_deepcopy():
    import copy
    m = nn.LSTM(3, 4, num_layers=2, proj_size=2)
    m2 = copy.deepcopy(m)
    x = pa.randn(4, 2, 3)
    _close(m(x)[0], m2(x)[0], "deepcopy", 0)
    m3 = nn.LSTM(3, 4, num_layers=2, proj_size=2)
    m3.load_state_dict(m.state_dict())
    _close(m(x)[0], m3(x)[0], "state_dict", 0)
    # replacing a parameter is seen by the next forward
    m3.weight_hh_l0 = nn.Parameter(pa.zeros(16, 2))
    assert m3._flat_weights[1] is m3.weight_hh_l0
    assert not np.allclose(m(x)[0].detach().numpy(), m3(x)[0].detach().numpy())


# ------------------------------------------------------------------------ the fused ops --
def _graph_names(tensors):
    names, stack, seen = set(), [t.grad_fn for t in tensors if t.grad_fn is not None], set()
    while stack:
        n = stack.pop()
        if n is None or id(n) in seen:
            continue
        seen.add(id(n))
        names.add(type(n).__name__)
        stack.extend(f for f, _ in n.next_functions)
    return names


def test_fused_nodes_in_graph():
    x = pa.randn(4, 2, 3, requires_grad=True)
    out, (h, c) = nn.LSTM(3, 4, num_layers=2, bidirectional=True)(x)
    names = _graph_names([out, h, c])
    assert "MkldnnRnnLayerBackward0" in names and "ThnnFusedLstmCellBackward0" not in names
    # packed sequences of different lengths and projections run step by step
    p = R.pack_padded_sequence(x, [4, 2])
    out, _ = nn.LSTM(3, 4)(p)
    assert "ThnnFusedLstmCellBackward0" in _graph_names([out.data])
    out, _ = nn.LSTM(3, 4, proj_size=2)(x)
    assert "ThnnFusedLstmCellBackward0" in _graph_names([out])
    h, c = nn.LSTMCell(3, 4)(x[0])
    assert "ThnnFusedLstmCellBackward0" in _graph_names([h])


@pytest.mark.parametrize("name", ["LSTM", "GRU", "RNN"])
@pytest.mark.parametrize("which", ["out", "h", "c", "all"])
@pytest.mark.parametrize("grad_of", ["input", "h0", "params", "h0_only_c0"])
def test_partial_outputs_and_inputs(name, which, grad_of):
    """Gradients when only some outputs are used and only some inputs require grad (the rules'
    None / needs_input_grad branches)."""
    torch = _torch()
    if which == "c" and name != "LSTM":
        which = "h"
    ours, theirs = _pair(name, 3, 4, num_layers=2, bidirectional=True)
    rng = np.random.default_rng(21)
    x = rng.standard_normal((4, 2, 3))
    hs = [rng.standard_normal((4, 2, 4)) for _ in range(2 if name == "LSTM" else 1)]
    want_x = grad_of == "input"
    want_h = [grad_of == "h0", grad_of in ("h0", "h0_only_c0")] if name == "LSTM" else [grad_of != "input" and
                                                                                       grad_of != "params"]
    ox = pa.tensor(x, requires_grad=want_x)
    tx = torch.tensor(x, requires_grad=want_x)
    oh = [pa.tensor(h, requires_grad=w) for h, w in zip(hs, want_h)]
    th = [torch.tensor(h, requires_grad=w) for h, w in zip(hs, want_h)]
    if grad_of != "params":
        for p in list(ours.parameters()) + list(theirs.parameters()):
            p.requires_grad_(False)
    oo, ohn = ours(ox, tuple(oh) if name == "LSTM" else oh[0])
    to, thn = theirs(tx, tuple(th) if name == "LSTM" else th[0])
    ohn, thn = _flat(ohn), _flat(thn)
    pick = {"out": [0], "h": [1], "c": [2], "all": [0, 1, 2]}[which]
    ow = [v for k, v in enumerate([oo] + ohn) if k in pick]
    tw = [v for k, v in enumerate([to] + thn) if k in pick]
    ws = [rng.standard_normal(tuple(v.shape)) for v in tw]
    lo = sum((v * pa.tensor(w)).sum() for v, w in zip(ow, ws))
    lt = sum((v * torch.tensor(w)).sum() for v, w in zip(tw, ws))
    o_in = ([ox] if want_x else []) + [h for h, w in zip(oh, want_h) if w] + \
        (list(ours.parameters()) if grad_of == "params" else [])
    t_in = ([tx] if want_x else []) + [h for h, w in zip(th, want_h) if w] + \
        (list(theirs.parameters()) if grad_of == "params" else [])
    go = pa.autograd.grad(lo, o_in, allow_unused=True)
    gt = torch.autograd.grad(lt, t_in, allow_unused=True)
    for a, b in zip(go, gt):
        if b is None:
            assert a is None or not np.any(a.numpy())
        else:
            _close(a, b, "grad")


@pytest.mark.parametrize("name,kw", [("LSTM", dict(bidirectional=True)), ("LSTM", dict(proj_size=2)),
                                     ("GRU", dict(num_layers=2)), ("LSTMCell", {})])
def test_second_derivatives_vs_torch(name, kw):
    """A Hessian-vector product (the gradient of <grad, v> wrt input and parameters) equals torch's."""
    torch = _torch()
    ours, theirs = _pair(name, 3, 4 if "proj_size" not in kw else 5, **kw)
    rng = np.random.default_rng(22)
    ox, tx = _leaf(rng.standard_normal((3, 2, 3) if name != "LSTMCell" else (2, 3)))

    def outs(m, x):
        o = m(x)
        return _flat(o[0]) + _flat(o[1]) if not name.endswith("Cell") else _flat(o)
    oo, to = outs(ours, ox), outs(theirs, tx)
    ws = [rng.standard_normal(tuple(t.shape)) for t in to]
    op, tp = [ox] + list(ours.parameters()), [tx] + list(theirs.parameters())
    go = pa.autograd.grad(sum((a * pa.tensor(w)).sum() for a, w in zip(oo, ws)), op, create_graph=True)
    gt = torch.autograd.grad(sum((a * torch.tensor(w)).sum() for a, w in zip(to, ws)), tp, create_graph=True)
    vs = [rng.standard_normal(tuple(g.shape)) for g in gt]
    hvo = pa.autograd.grad(sum((g * pa.tensor(v)).sum() for g, v in zip(go, vs)), op, allow_unused=True)
    hvt = torch.autograd.grad(sum((g * torch.tensor(v)).sum() for g, v in zip(gt, vs)), tp, allow_unused=True)
    for a, b in zip(hvo, hvt):
        if b is None:
            assert a is None or not np.any(a.numpy())
        else:
            _close(a, b, "hvp")


def test_hidden_dtype_errors_and_edge_shapes():
    torch = _torch()
    for name in ("GRU", "RNN", "LSTM"):
        o = getattr(nn, name)(3, 4)
        t = getattr(torch.nn, name)(3, 4)
        h = lambda lib: lib.zeros(1, 3, 4, dtype=lib.float64)     # noqa: E731
        hx = (lambda lib: (h(lib), h(lib).float())) if name == "LSTM" else h
        if name == "LSTM":       # torch's oneDNN LSTM has its own text; ours is the GRU / RNN one
            with pytest.raises(RuntimeError, match="mat1 and mat2 must have the same dtype, but got Double and Float"):
                o(pa.randn(2, 3, 3), hx(pa))
        else:
            _same_error(lambda: o(pa.randn(2, 3, 3), hx(pa)), lambda: t(torch.randn(2, 3, 3), hx(torch)))
    _same_error(lambda: nn.LSTMCell(3, 4)(pa.randn(2, 3), (pa.zeros(2, 4, dtype=pa.float64), pa.zeros(2, 4))),
                lambda: torch.nn.LSTMCell(3, 4)(torch.randn(2, 3), (torch.zeros(2, 4, dtype=torch.float64),
                                                                  torch.zeros(2, 4))))
    # one step, a batch of one
    for name in ("LSTM", "GRU", "RNN"):
        ours, theirs = _pair(name, 3, 4, bidirectional=True)
        _compare_run(ours, theirs, np.random.default_rng(23).standard_normal((1, 1, 3)), None)
