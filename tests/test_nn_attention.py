"""Attention (nn/_attention.py, nn/_transformer_modules.py): differential against torch in float64.
scaled_dot_product_attention over masks / is_causal / scale / gqa (values, gradients, second
derivatives, jvp, gradgradcheck); MultiheadAttention over its options and masks (torch's state_dict
loaded: outputs, weights, input and parameter gradients, warnings); the transformer layers, stacks
and full model (state_dicts both ways, the eval fast path's numbers); dropout plausibility; errors
(type and text); reprs."""
import itertools
import math
import warnings

import numpy as np
import pytest

import pyautograd as pa
import pyautograd.nn as nn
import pyautograd.nn.functional as F
from pyautograd.autograd import gradcheck, gradgradcheck


def _torch():
    return pytest.importorskip("torch")


pytestmark = pytest.mark.usefixtures("torch_one_thread")   # tests/conftest.py


def _same(ours, theirs, what, tol=1e-10):
    o = ours.detach().numpy()
    t = theirs.detach().numpy()
    assert o.shape == t.shape, (what, o.shape, t.shape)
    np.testing.assert_allclose(o, t, rtol=tol, atol=tol, equal_nan=True, err_msg=what)


def _pair(a, requires_grad=False):
    torch = _torch()
    return pa.tensor(a, requires_grad=requires_grad), torch.tensor(a, requires_grad=requires_grad)


def _error(fn, tfn):
    """Both raise: same type and text (returns the pair for more checks)."""
    try:
        tfn()
    except Exception as te:      # noqa: BLE001 (the error itself is compared)
        with pytest.raises(type(te)) as ei:
            fn()
        assert str(ei.value) == str(te), (str(ei.value), str(te))
        return ei.value, te
    raise AssertionError("torch did not raise")


# ------------------------------------------------------------- scaled_dot_product_attention --
def _sdpa_case(qshape, kshape, vshape, mask=None, seed=0, **kw):
    """Our SDPA vs torch's: values and the gradients of <out, w> w.r.t. q, k, v (and a float mask)."""
    torch = _torch()
    rng = np.random.default_rng(seed)
    arrays = [rng.standard_normal(s) for s in (qshape, kshape, vshape)]
    ours = [pa.tensor(a, requires_grad=True) for a in arrays]
    theirs = [torch.tensor(a, requires_grad=True) for a in arrays]
    om = tm = None
    if mask is not None:
        grad_mask = mask.dtype.kind == "f"
        om, tm = _pair(mask, requires_grad=grad_mask)
        if grad_mask:
            ours.append(om)
            theirs.append(tm)
    out = F.scaled_dot_product_attention(*ours[:3], attn_mask=om, **kw)
    tout = torch.nn.functional.scaled_dot_product_attention(*theirs[:3], attn_mask=tm, **kw)
    what = "sdpa %s %s %s mask=%s %r" % (qshape, kshape, vshape, None if mask is None else mask.dtype, kw)
    _same(out, tout, what)
    w = rng.standard_normal(tuple(tout.shape))
    gs = pa.autograd.grad((out * pa.tensor(w)).sum(), ours)
    tgs = torch.autograd.grad((tout * torch.tensor(w)).sum(), theirs)
    for g, tg, n in zip(gs, tgs, "qkvm"):
        _same(g, tg, what + " grad " + n)
    return out


SDPA_SHAPES = [((2, 3, 4, 8), (2, 3, 5, 8), (2, 3, 5, 6)),      # (N, H, L, E), S != L, Ev != E
               ((4, 6), (4, 6), (4, 6)),                          # unbatched 2-D
               ((5, 3), (2, 3), (2, 4)),                          # L > S
               ((2, 1, 3, 4), (1, 2, 3, 4), (2, 2, 3, 5))]        # broadcast batch dims


@pytest.mark.parametrize("shapes", SDPA_SHAPES)
@pytest.mark.parametrize("scale", [None, 0.3])
def test_sdpa_plain_and_causal(shapes, scale):
    _sdpa_case(*shapes, scale=scale)
    _sdpa_case(*shapes, scale=scale, is_causal=True, seed=1)


@pytest.mark.parametrize("shapes", SDPA_SHAPES)
def test_sdpa_masks(shapes):
    L, S = shapes[0][-2], shapes[1][-2]
    rng = np.random.default_rng(3)
    bool_mask = rng.random((L, S)) > 0.4
    bool_mask[0] = False                                     # a row with no key: zeros, no NaN
    bool_mask[-1] = True
    _sdpa_case(*shapes, mask=bool_mask)
    float_mask = rng.standard_normal((L, S))
    float_mask[0, :] = -np.inf                               # fully masked float row: zeros too
    if L > 1:
        float_mask[1, 0] = -np.inf
    _sdpa_case(*shapes, mask=float_mask, seed=4)
    # a mask with batch dims (broadcast against the scores)
    lead = shapes[0][:-2]
    if lead:
        _sdpa_case(*shapes, mask=rng.random(lead[-1:] + (L, S)) > 0.3, seed=5)
        _sdpa_case(*shapes, mask=rng.standard_normal(lead[-1:] + (L, S)), seed=6)


def test_sdpa_float32_mask_with_double_query():
    _sdpa_case((2, 3, 4), (2, 5, 4), (2, 5, 4), mask=np.random.default_rng(0).standard_normal((3, 5)).astype(np.float32))


@pytest.mark.parametrize("hq,hk", [(4, 2), (6, 3), (4, 1), (2, 2)])
def test_sdpa_gqa(hq, hk):
    _sdpa_case((2, hq, 3, 4), (2, hk, 5, 4), (2, hk, 5, 3), enable_gqa=True)
    _sdpa_case((2, hq, 3, 4), (2, hk, 5, 4), (2, hk, 5, 3), enable_gqa=True, is_causal=True, seed=2)


def test_sdpa_second_derivatives():
    """Hessian-vector products against torch's math SDPA (its composite of differentiable ops), and
    gradgradcheck of ours with a mask."""
    torch = _torch()
    rng = np.random.default_rng(7)
    arrays = [rng.standard_normal(s) for s in ((2, 3, 4), (2, 5, 4), (2, 5, 3))]
    mask = rng.random((3, 5)) > 0.3
    mask[:, 0] = True
    ours = [pa.tensor(a, requires_grad=True) for a in arrays]
    theirs = [torch.tensor(a, requires_grad=True) for a in arrays]
    out = F.scaled_dot_product_attention(*ours, attn_mask=pa.tensor(mask), scale=0.7)
    # the aten math op takes the float form of a bool mask (F.scaled_dot_product_attention converts it)
    tmask = torch.zeros(mask.shape, dtype=torch.float64).masked_fill(torch.tensor(~mask), -math.inf)
    tout = torch.ops.aten._scaled_dot_product_attention_math(*theirs, attn_mask=tmask, scale=0.7)[0]
    _same(out, tout, "math")
    w = rng.standard_normal(tuple(tout.shape))
    gs = pa.autograd.grad((out * pa.tensor(w)).sum(), ours, create_graph=True)
    tgs = torch.autograd.grad((tout * torch.tensor(w)).sum(), theirs, create_graph=True)
    vs = [rng.standard_normal(a.shape) for a in arrays]
    hv = pa.autograd.grad(sum((g * pa.tensor(v)).sum() for g, v in zip(gs, vs)), ours)
    thv = torch.autograd.grad(sum((g * torch.tensor(v)).sum() for g, v in zip(tgs, vs)), theirs)
    for h, th, n in zip(hv, thv, "qkv"):
        _same(h, th, "hvp " + n)

    def f(q, k, v):
        return F.scaled_dot_product_attention(q, k, v, attn_mask=pa.tensor(mask))
    small = [pa.tensor(a[:1], requires_grad=True) for a in arrays]
    assert gradcheck(f, small)
    assert gradgradcheck(f, small)
    assert gradgradcheck(lambda q, k, v: F.scaled_dot_product_attention(q, k, v, is_causal=True), small)


def test_sdpa_forward_mode():
    torch = _torch()
    rng = np.random.default_rng(8)
    arrays = [rng.standard_normal(s) for s in ((2, 3, 4), (2, 5, 4), (2, 5, 3))]
    tangents = [rng.standard_normal(a.shape) for a in arrays]
    _, oj = pa.func.jvp(lambda q, k, v: F.scaled_dot_product_attention(q, k, v, is_causal=True),
                        tuple(pa.tensor(a) for a in arrays), tuple(pa.tensor(t) for t in tangents))
    _, tj = torch.func.jvp(lambda q, k, v: torch.ops.aten._scaled_dot_product_attention_math(q, k, v, is_causal=True)[0],
                           tuple(torch.tensor(a) for a in arrays), tuple(torch.tensor(t) for t in tangents))
    _same(oj, tj, "jvp")


def test_sdpa_dropout():
    """dropout_p > 0 drops attention weights whatever the mode: with all-ones values each output row
    is the kept weights' sum / (1 - p); p = 1 gives zeros."""
    pa.manual_seed(0)
    q = pa.randn(8, 16, 32, 8)
    v = pa.ones(8, 16, 32, 4)
    out = F.scaled_dot_product_attention(q, q, v, dropout_p=0.5)
    assert tuple(out.shape) == (8, 16, 32, 4)
    ref = F.scaled_dot_product_attention(q, q, v)
    np.testing.assert_allclose(ref.numpy(), 1.0, rtol=1e-6)
    mean = float(out.mean())
    assert 0.9 < mean < 1.1 and float(out.std()) > 0.1
    assert float(F.scaled_dot_product_attention(q, q, v, dropout_p=1.0).abs().max()) == 0.0
    # deterministic with the generator reseeded
    pa.manual_seed(3)
    a = F.scaled_dot_product_attention(q, q, q, dropout_p=0.3)
    pa.manual_seed(3)
    b = F.scaled_dot_product_attention(q, q, q, dropout_p=0.3)
    assert bool((a == b).all())


def test_sdpa_errors():
    torch = _torch()
    tF = torch.nn.functional
    rng = np.random.default_rng(0)
    q = pa.tensor(rng.standard_normal((2, 4, 3, 8)))
    k = pa.tensor(rng.standard_normal((2, 4, 5, 8)))
    v = pa.tensor(rng.standard_normal((2, 4, 5, 6)))
    m = pa.tensor(rng.random((3, 5)) > 0.5)
    cases = [
        ((q, k, v), dict(attn_mask=m, is_causal=True)),
        ((q, k.to(pa.float32), v), {}),
        ((q, k, v.to(pa.int64)), {}),
        ((q[0, 0, 0], k[0, 0, 0], v[0, 0, 0]), {}),
        ((q, k[..., :4], v), {}),
        ((q, k, v[:, :, :4]), {}),
        ((q, k, v), dict(attn_mask=m.to(pa.int32))),
        ((q, k, v), dict(attn_mask=m.to(pa.float16))),
        ((q, k, v), dict(dropout_p=1.5)),
        ((q, k[:, :3], v[:, :3]), dict(enable_gqa=True)),
    ]
    x = torch.tensor(q.numpy())
    _error(lambda: F.scaled_dot_product_attention(1, q, q), lambda: tF.scaled_dot_product_attention(1, x, x))
    _error(lambda: F.scaled_dot_product_attention(q, q, None), lambda: tF.scaled_dot_product_attention(x, x, None))
    _error(lambda: F.scaled_dot_product_attention(q, q, q, None, 0.0, False, 0.5),
           lambda: tF.scaled_dot_product_attention(x, x, x, None, 0.0, False, 0.5))
    for args, kw in cases:
        targs = [torch.tensor(a.numpy()) for a in args]
        tkw = {key: (torch.tensor(val.numpy()) if isinstance(val, pa.Tensor) else val) for key, val in kw.items()}
        _error(lambda: F.scaled_dot_product_attention(*args, **kw), lambda: tF.scaled_dot_product_attention(*targs, **tkw))


# ------------------------------------------------------------------------ MultiheadAttention --
def _load(ours, theirs):
    """torch's state_dict (NumPy arrays) into our module; the key lists must agree."""
    sd = theirs.state_dict()
    assert list(ours.state_dict().keys()) == list(sd.keys())
    for k, v in ours.state_dict().items():
        assert tuple(v.shape) == tuple(sd[k].shape), k
    ours.load_state_dict({k: pa.tensor(v.detach().numpy().copy()) for k, v in sd.items()})


def _params_grads(ours, theirs, what, tol=1e-10):
    tp = dict(theirs.named_parameters())
    for n, p in ours.named_parameters():
        t = tp[n]
        if t.grad is None:
            assert p.grad is None or float(p.grad.abs().max()) == 0.0, what + " " + n
            continue
        _same(p.grad, t.grad, what + " grad " + n, tol)


def _mha_pair(seed=0, dtype=None, **kw):
    torch = _torch()
    torch.manual_seed(seed)
    theirs = torch.nn.MultiheadAttention(dtype=torch.float64, **kw)
    if theirs.bias_k is None and theirs.in_proj_bias is not None:
        with torch.no_grad():      # nonzero biases, so that their gradients and values are compared
            theirs.in_proj_bias.normal_()
            theirs.out_proj.bias.normal_()
    ours = nn.MultiheadAttention(dtype=pa.float64, **kw)
    _load(ours, theirs)
    return ours, theirs


def _mha_run(ours, theirs, inputs, seed=0, **fkw):
    """forward + backward of <out, w> (+ the weights' <., w2>) on both, compared."""
    torch = _torch()
    rng = np.random.default_rng(seed)
    oins, tins = [], []
    made = {}
    for a in inputs:        # the same array object twice -> the same tensor (self-attention)
        if id(a) not in made:
            made[id(a)] = _pair(a, requires_grad=True)
        o, t = made[id(a)]
        oins.append(o)
        tins.append(t)
    okw, tkw = {}, {}
    for k, v in fkw.items():
        if isinstance(v, np.ndarray):
            okw[k], tkw[k] = pa.tensor(v), torch.tensor(v)
        else:
            okw[k] = tkw[k] = v
    with warnings.catch_warnings(record=True) as ow:
        warnings.simplefilter("always")
        out, weights = ours(*oins, **okw)
    with warnings.catch_warnings(record=True) as tw:
        warnings.simplefilter("always")
        tout, tweights = theirs(*tins, **tkw)
    assert [str(w.message) for w in ow] == [str(w.message) for w in tw if "jit" not in str(w.message)]
    what = "mha %r" % sorted(fkw)
    _same(out, tout, what)
    if tweights is None:
        assert weights is None
    else:
        _same(weights, tweights, what + " weights")
    w = rng.standard_normal(tuple(tout.shape))
    loss = (out * pa.tensor(w)).sum()
    tloss = (tout * torch.tensor(w)).sum()
    if tweights is not None:
        w2 = rng.standard_normal(tuple(tweights.shape))
        loss = loss + (weights * pa.tensor(w2)).sum()
        tloss = tloss + (tweights * torch.tensor(w2)).sum()
    oleaves = list({id(o): o for o in oins}.values())
    tleaves = list({id(t): t for t in tins}.values())
    gs = pa.autograd.grad(loss, oleaves + list(ours.parameters()), allow_unused=True)
    tgs = torch.autograd.grad(tloss, tleaves + list(theirs.parameters()), allow_unused=True)
    for i, (g, tg) in enumerate(zip(gs, tgs)):
        if tg is None:
            assert g is None or float(g.abs().max()) == 0.0, (what, i)
        else:
            assert g is not None, (what, i)
            _same(g, tg, "%s grad %d" % (what, i))
    return out, weights


MHA_OPTIONS = [dict(), dict(batch_first=True), dict(bias=False), dict(add_bias_kv=True), dict(add_zero_attn=True),
               dict(kdim=3, vdim=5), dict(add_bias_kv=True, add_zero_attn=True, batch_first=True),
               dict(kdim=3, vdim=5, batch_first=True, add_zero_attn=True)]


@pytest.mark.parametrize("options", MHA_OPTIONS)
@pytest.mark.parametrize("need_weights,average", [(True, True), (True, False), (False, True)])
def test_mha_options(options, need_weights, average):
    E, H, L, S, N = 6, 2, 4, 5, 3
    ours, theirs = _mha_pair(embed_dim=E, num_heads=H, **options)
    rng = np.random.default_rng(1)
    bf = options.get("batch_first", False)
    kdim, vdim = options.get("kdim", E), options.get("vdim", E)

    def shape(n, e):
        return (N, n, e) if bf else (n, N, e)
    q = rng.standard_normal(shape(L, E))
    k = rng.standard_normal(shape(S, kdim))
    v = rng.standard_normal(shape(S, vdim))
    fkw = dict(need_weights=need_weights, average_attn_weights=average)
    _mha_run(ours, theirs, (q, k, v), **fkw)
    if kdim == E == vdim:
        _mha_run(ours, theirs, (q, q, q), seed=2, **fkw)        # self-attention (packed projection)
        _mha_run(ours, theirs, (q, k, k), seed=3, **fkw)        # shared key / value
    # unbatched 2-D input
    _mha_run(ours, theirs, (q[0] if bf else q[:, 0], k[0] if bf else k[:, 0], v[0] if bf else v[:, 0]),
             seed=4, **fkw)


def _masks(rng, N, H, L, S):
    kpm = rng.random((N, S)) > 0.7
    kpm[:, 0] = False
    am = rng.random((L, S)) > 0.7
    am[:, 1] = False
    am3 = rng.random((N * H, L, S)) > 0.7
    am3[:, :, 2] = False
    return kpm, am, am3


@pytest.mark.parametrize("options", [dict(), dict(batch_first=True, add_bias_kv=True), dict(add_zero_attn=True)])
@pytest.mark.parametrize("need_weights", [True, False])
def test_mha_masks(options, need_weights):
    E, H, L, S, N = 4, 2, 3, 5, 2
    ours, theirs = _mha_pair(embed_dim=E, num_heads=H, **options)
    rng = np.random.default_rng(5)
    bf = options.get("batch_first", False)
    q = rng.standard_normal((N, L, E) if bf else (L, N, E))
    k = rng.standard_normal((N, S, E) if bf else (S, N, E))
    v = rng.standard_normal((N, S, E) if bf else (S, N, E))
    kpm, am, am3 = _masks(rng, N, H, L, S)
    fam = np.where(am, -np.inf, rng.standard_normal(am.shape))
    fkpm = np.where(kpm, -np.inf, 0.0)
    cases = [dict(key_padding_mask=kpm), dict(attn_mask=am), dict(attn_mask=am3), dict(key_padding_mask=kpm, attn_mask=am),
             dict(key_padding_mask=kpm, attn_mask=am3), dict(attn_mask=fam), dict(key_padding_mask=fkpm),
             dict(key_padding_mask=fkpm, attn_mask=fam),
             dict(key_padding_mask=kpm, attn_mask=fam),         # mismatched types: torch's deprecation warning
             dict(key_padding_mask=fkpm, attn_mask=am)]
    for i, c in enumerate(cases):
        _mha_run(ours, theirs, (q, k, v), seed=10 + i, need_weights=need_weights, **c)
    # self-attention with a causal mask and the is_causal hint
    causal = np.triu(np.full((L, L), -np.inf), 1)
    _mha_run(ours, theirs, (q, q, q), seed=30, need_weights=need_weights, attn_mask=causal, is_causal=True)
    _mha_run(ours, theirs, (q, q, q), seed=31, need_weights=need_weights, attn_mask=np.triu(np.ones((L, L), bool), 1),
             is_causal=True, key_padding_mask=rng.random((N, L)) > 0.8)


def test_mha_unbatched_masks():
    E, H, L, S = 4, 2, 3, 5
    ours, theirs = _mha_pair(embed_dim=E, num_heads=H)
    rng = np.random.default_rng(6)
    q, k, v = rng.standard_normal((L, E)), rng.standard_normal((S, E)), rng.standard_normal((S, E))
    kpm = np.array([False, True, False, False, True])
    am3 = rng.random((H, L, S)) > 0.7
    am3[..., 0] = False
    for nw in (True, False):
        _mha_run(ours, theirs, (q, k, v), need_weights=nw, key_padding_mask=kpm, attn_mask=am3)
        _mha_run(ours, theirs, (q, k, v), need_weights=nw, attn_mask=np.where(am3[0], -np.inf, 0.5))


def test_mha_fully_masked_rows():
    """A query row with every key masked: NaN from the weights path (plain softmax), zeros from
    SDPA's (need_weights=False), as torch."""
    E, H, L, S, N = 4, 2, 3, 4, 2
    ours, theirs = _mha_pair(embed_dim=E, num_heads=H)
    rng = np.random.default_rng(7)
    q, k = rng.standard_normal((L, N, E)), rng.standard_normal((S, N, E))
    am = np.zeros((L, S), bool)
    am[1] = True
    torch = _torch()
    for nw in (True, False):
        out, _ = ours(pa.tensor(q), pa.tensor(k), pa.tensor(k), attn_mask=pa.tensor(am), need_weights=nw)
        tout, _ = theirs(torch.tensor(q), torch.tensor(k), torch.tensor(k), attn_mask=torch.tensor(am), need_weights=nw)
        _same(out, tout, "fully masked need_weights=%s" % nw)


def test_mha_parameters_and_init():
    torch = _torch()
    for kw in [dict(), dict(kdim=3, vdim=5), dict(bias=False, add_bias_kv=True)]:
        m = nn.MultiheadAttention(8, 2, **kw)
        t = torch.nn.MultiheadAttention(8, 2, **kw)
        assert [(n, tuple(p.shape)) for n, p in m.named_parameters()] == \
            [(n, tuple(p.shape)) for n, p in t.named_parameters()]
        assert type(m.out_proj).__name__ == "NonDynamicallyQuantizableLinear" and isinstance(m.out_proj, nn.Linear)
        assert repr(m) == repr(t)
        for attr in ("embed_dim", "kdim", "vdim", "_qkv_same_embed_dim", "num_heads", "dropout", "batch_first",
                     "head_dim", "add_zero_attn"):
            assert getattr(m, attr) == getattr(t, attr), attr
        if m.in_proj_bias is not None:
            assert float(m.in_proj_bias.abs().max()) == 0.0 and float(m.out_proj.bias.abs().max()) == 0.0
        w = m.in_proj_weight if m.in_proj_weight is not None else m.q_proj_weight
        bound = math.sqrt(6.0 / sum(w.shape))      # xavier_uniform_
        assert float(w.abs().max()) <= bound and float(w.abs().max()) > bound / 2
    assert nn.MultiheadAttention.__constants__ == ["batch_first"]
    assert nn.MultiheadAttention(4, 2).bias_k is None


def test_mha_errors():
    torch = _torch()
    _error(lambda: nn.MultiheadAttention(0, 2), lambda: torch.nn.MultiheadAttention(0, 2))
    _error(lambda: nn.MultiheadAttention(5, 2), lambda: torch.nn.MultiheadAttention(5, 2))
    ours, theirs = _mha_pair(embed_dim=4, num_heads=2)
    rng = np.random.default_rng(0)
    x = rng.standard_normal((3, 2, 4))

    def both(args, **kw):
        oa = [pa.tensor(a) if isinstance(a, np.ndarray) else a for a in args]
        ta = [torch.tensor(a) if isinstance(a, np.ndarray) else a for a in args]
        okw = {k: pa.tensor(v) if isinstance(v, np.ndarray) else v for k, v in kw.items()}
        tkw = {k: torch.tensor(v) if isinstance(v, np.ndarray) else v for k, v in kw.items()}
        _error(lambda: ours(*oa, **okw), lambda: theirs(*ta, **tkw))
    both((x, x[0], x))
    both((x[0], x, x[0]))
    both((x[0, 0], x[0, 0], x[0, 0]))
    both((x, x, x), key_padding_mask=np.zeros((2, 3, 1), bool))
    both((x, x, x), attn_mask=np.zeros((3,), bool))
    both((x, x, x), attn_mask=np.zeros((3, 4), bool))
    both((x, x, x), attn_mask=np.zeros((5, 3, 3), bool))
    both((x, x, x), attn_mask=np.zeros((3, 3), np.int64))
    both((x, x, x), key_padding_mask=np.zeros((3, 3), bool))
    both((x, x, x), key_padding_mask=np.zeros((2, 4), bool))
    both((x[..., :3], x[..., :3], x[..., :3]))
    both((x, x, x[:2]))
    both((x, x, x), is_causal=True)
    both((x[:, 0], x[:, 0], x[:, 0]), attn_mask=np.zeros((3, 3, 3), bool))
    both((x[:, 0], x[:, 0], x[:, 0]), key_padding_mask=np.zeros((2, 3), bool))


# ------------------------------------------------------------------------------ transformers --
def _module_pair(name, *args, seed=0, **kw):
    """torch's module (float64, eval) and ours with its state_dict loaded."""
    torch = _torch()
    torch.manual_seed(seed)
    tkw = dict(kw)
    okw = dict(kw)
    act = kw.get("activation")
    if act is not None and not isinstance(act, str):     # a callable: its counterpart on each side
        tkw["activation"], okw["activation"] = act[1], act[0]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = getattr(torch.nn, name)(*args, dtype=torch.float64, **tkw)
        ours = getattr(nn, name)(*args, dtype=pa.float64, **okw)
    with torch.no_grad():           # nonzero LayerNorm affine parameters and biases
        for n, p in theirs.named_parameters():
            if p.dim() == 1:
                p.normal_()
    _load(ours, theirs)
    theirs.eval()
    ours.eval()
    return ours, theirs


def _forward_backward(ours, theirs, arrays, kwargs=None, seed=0, grads=True):
    torch = _torch()
    kwargs = kwargs or {}
    rng = np.random.default_rng(seed)
    oins = [pa.tensor(a, requires_grad=True) for a in arrays]
    tins = [torch.tensor(a, requires_grad=True) for a in arrays]
    okw = {k: (pa.tensor(v) if isinstance(v, np.ndarray) else v) for k, v in kwargs.items()}
    tkw = {k: (torch.tensor(v) if isinstance(v, np.ndarray) else v) for k, v in kwargs.items()}
    out = ours(*oins, **okw)
    tout = theirs(*tins, **tkw)
    what = "%s %r" % (type(theirs).__name__, sorted(kwargs))
    _same(out, tout, what)
    if not grads:
        return out
    w = rng.standard_normal(tuple(tout.shape))
    for m in (ours, theirs):
        m.zero_grad()
    gs = pa.autograd.grad((out * pa.tensor(w)).sum(), oins, retain_graph=True)
    (out * pa.tensor(w)).sum().backward()
    tgs = torch.autograd.grad((tout * torch.tensor(w)).sum(), tins, retain_graph=True)
    (tout * torch.tensor(w)).sum().backward()
    for g, tg in zip(gs, tgs):
        _same(g, tg, what + " input grad")
    _params_grads(ours, theirs, what)
    return out


ACTS = [dict(), dict(activation="gelu"), dict(norm_first=True), dict(activation="gelu", norm_first=True, bias=False),
        dict(batch_first=True, layer_norm_eps=1e-3)]


@pytest.mark.parametrize("options", ACTS)
def test_encoder_layer(options):
    E, H, S, N = 8, 2, 5, 3
    ours, theirs = _module_pair("TransformerEncoderLayer", E, H, 16, **options)
    rng = np.random.default_rng(1)
    bf = options.get("batch_first", False)
    x = rng.standard_normal((N, S, E) if bf else (S, N, E))
    kpm = rng.random((N, S)) > 0.7
    kpm[:, 0] = False
    am = rng.random((S, S)) > 0.7
    np.fill_diagonal(am, False)
    causal = np.triu(np.full((S, S), -np.inf), 1)
    for kw in [{}, dict(src_key_padding_mask=kpm), dict(src_mask=am), dict(src_mask=am, src_key_padding_mask=kpm),
               dict(src_mask=causal, is_causal=True), dict(src_mask=np.where(am, -np.inf, 0.25))]:
        _forward_backward(ours, theirs, [x], kw)
    _forward_backward(ours, theirs, [x[0] if bf else x[:, 0]])     # unbatched


def test_encoder_layer_callable_activation_and_train_dropout_zero():
    torch = _torch()
    ours, theirs = _module_pair("TransformerEncoderLayer", 4, 2, 8, dropout=0.0,
                                activation=(nn.GELU(approximate="tanh"), torch.nn.GELU(approximate="tanh")))
    assert ours.activation_relu_or_gelu == theirs.activation_relu_or_gelu == 2
    assert repr(ours) == repr(theirs)
    ours.train()
    theirs.train()
    x = np.random.default_rng(2).standard_normal((3, 2, 4))
    _forward_backward(ours, theirs, [x])
    ours2, theirs2 = _module_pair("TransformerEncoderLayer", 4, 2, 8, activation=(F.silu, torch.nn.functional.silu))
    assert ours2.activation_relu_or_gelu == theirs2.activation_relu_or_gelu == 0
    _forward_backward(ours2, theirs2, [x])


@pytest.mark.parametrize("options", ACTS[:4] + [dict(batch_first=True)])
def test_decoder_layer(options):
    E, H, T, S, N = 8, 2, 4, 5, 2
    ours, theirs = _module_pair("TransformerDecoderLayer", E, H, 16, **options)
    rng = np.random.default_rng(3)
    bf = options.get("batch_first", False)
    tgt = rng.standard_normal((N, T, E) if bf else (T, N, E))
    mem = rng.standard_normal((N, S, E) if bf else (S, N, E))
    tkpm = rng.random((N, T)) > 0.7
    tkpm[:, 0] = False
    mkpm = rng.random((N, S)) > 0.7
    mkpm[:, 0] = False
    causal = np.triu(np.full((T, T), -np.inf), 1)
    mm = rng.random((T, S)) > 0.7
    mm[:, 1] = False
    for kw in [{}, dict(tgt_mask=causal, tgt_is_causal=True), dict(tgt_mask=causal, tgt_key_padding_mask=tkpm),
               dict(memory_mask=mm, memory_key_padding_mask=mkpm), dict(tgt_key_padding_mask=tkpm, tgt_mask=causal,
                                                                         memory_key_padding_mask=mkpm)]:
        _forward_backward(ours, theirs, [tgt, mem], kw)


@pytest.mark.parametrize("batch_first", [False, True])
def test_encoder_decoder_stacks(batch_first):
    torch = _torch()
    E, H, S, T, N = 8, 2, 5, 4, 2
    rng = np.random.default_rng(4)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        layer = nn.TransformerEncoderLayer(E, H, 16, batch_first=batch_first, dtype=pa.float64)
        tlayer = torch.nn.TransformerEncoderLayer(E, H, 16, batch_first=batch_first, dtype=torch.float64)
        ours = nn.TransformerEncoder(layer, 3, norm=nn.LayerNorm(E, dtype=pa.float64))
        theirs = torch.nn.TransformerEncoder(tlayer, 3, norm=torch.nn.LayerNorm(E, dtype=torch.float64))
    # the layers are deep copies: their own parameters, equal at first
    assert ours.layers[0].linear1.weight is not ours.layers[1].linear1.weight
    assert bool((ours.layers[0].linear1.weight == ours.layers[1].linear1.weight).all())
    assert ours.layers[0].linear1.weight is not layer.linear1.weight
    with torch.no_grad():
        for p in theirs.parameters():
            p.normal_(0, 0.5)
    _load(ours, theirs)
    ours.eval()
    theirs.eval()
    x = rng.standard_normal((N, S, E) if batch_first else (S, N, E))
    kpm = np.zeros((N, S), bool)
    kpm[1, 3:] = True
    causal = np.triu(np.full((S, S), -np.inf), 1)
    for kw in [{}, dict(src_key_padding_mask=kpm), dict(mask=causal), dict(mask=causal, is_causal=True),
               dict(mask=causal, src_key_padding_mask=kpm)]:
        _forward_backward(ours, theirs, [x], kw)
    # decoder stack
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        dl = nn.TransformerDecoderLayer(E, H, 16, batch_first=batch_first, dtype=pa.float64)
        tdl = torch.nn.TransformerDecoderLayer(E, H, 16, batch_first=batch_first, dtype=torch.float64)
    dec, tdec = nn.TransformerDecoder(dl, 2), torch.nn.TransformerDecoder(tdl, 2)
    with torch.no_grad():
        for p in tdec.parameters():
            p.normal_(0, 0.5)
    _load(dec, tdec)
    dec.eval()
    tdec.eval()
    tgt = rng.standard_normal((N, T, E) if batch_first else (T, N, E))
    tcausal = np.triu(np.full((T, T), -np.inf), 1)
    for kw in [{}, dict(tgt_mask=tcausal), dict(tgt_mask=tcausal, memory_key_padding_mask=kpm)]:
        _forward_backward(dec, tdec, [tgt, x], kw)


def test_encoder_fast_path_numbers():
    """Eval mode without autograd: torch takes its fused kernels (and with a key padding mask, its
    nested-tensor path, which gives zeros at the padded positions); our numbers are the same."""
    torch = _torch()
    E, H, S, N = 8, 2, 6, 3
    rng = np.random.default_rng(5)
    layer = nn.TransformerEncoderLayer(E, H, 16, batch_first=True, dtype=pa.float64)
    tlayer = torch.nn.TransformerEncoderLayer(E, H, 16, batch_first=True, dtype=torch.float64)
    for activation in ("relu", "gelu"):
        ours = nn.TransformerEncoder(nn.TransformerEncoderLayer(E, H, 16, batch_first=True, activation=activation,
                                                                dtype=pa.float64), 2,
                                     norm=nn.LayerNorm(E, dtype=pa.float64))
        theirs = torch.nn.TransformerEncoder(torch.nn.TransformerEncoderLayer(E, H, 16, batch_first=True,
                                                                              activation=activation,
                                                                              dtype=torch.float64), 2,
                                             norm=torch.nn.LayerNorm(E, dtype=torch.float64))
        with torch.no_grad():
            for p in theirs.parameters():
                p.normal_(0, 0.5)
        _load(ours, theirs)
        ours.eval()
        theirs.eval()
        x = rng.standard_normal((N, S, E))
        left = np.zeros((N, S), bool)
        left[1, 4:] = True
        left[2, 2:] = True
        notleft = left.copy()
        notleft[0, 1] = True
        for kw in [{}, dict(src_key_padding_mask=left), dict(src_key_padding_mask=notleft),
                   dict(src_key_padding_mask=np.where(left, -np.inf, 0.0)),
                   dict(mask=np.triu(np.full((S, S), -np.inf), 1))]:
            okw = {k: pa.tensor(v) for k, v in kw.items()}
            tkw = {k: torch.tensor(v) for k, v in kw.items()}
            with pa.no_grad():
                out = ours(pa.tensor(x), **okw)
            with torch.no_grad():
                tout = theirs(torch.tensor(x), **tkw)
            _same(out, tout, "fast path %s %r" % (activation, sorted(kw)))
        # a single layer's fused path, and MultiheadAttention's
        _load(layer, tlayer)
        layer.eval()
        tlayer.eval()
        with pa.no_grad():
            out = layer(pa.tensor(x), src_key_padding_mask=pa.tensor(left))
            o2, w2 = layer.self_attn(pa.tensor(x), pa.tensor(x), pa.tensor(x), key_padding_mask=pa.tensor(left))
        with torch.no_grad():
            tx = torch.tensor(x)
            tout = tlayer(tx, src_key_padding_mask=torch.tensor(left))
            to2, tw2 = tlayer.self_attn(tx, tx, tx, key_padding_mask=torch.tensor(left))
        _same(out, tout, "layer fast path")
        _same(o2, to2, "mha fast path")
        _same(w2, tw2, "mha fast path weights")


@pytest.mark.parametrize("options", [dict(), dict(batch_first=True, norm_first=True, activation="gelu")])
def test_transformer_model(options):
    torch = _torch()
    E, H, S, T, N = 8, 2, 5, 4, 2
    ours, theirs = _module_pair("Transformer", E, H, 2, 2, 16, **options)
    assert repr(ours) == repr(theirs)
    assert ours.d_model == E and ours.nhead == H and ours.batch_first == options.get("batch_first", False)
    rng = np.random.default_rng(6)
    bf = options.get("batch_first", False)
    src = rng.standard_normal((N, S, E) if bf else (S, N, E))
    tgt = rng.standard_normal((N, T, E) if bf else (T, N, E))
    tmask = nn.Transformer.generate_square_subsequent_mask(T, dtype=pa.float64)
    ttmask = torch.nn.Transformer.generate_square_subsequent_mask(T, dtype=torch.float64)
    _same(tmask, ttmask, "causal mask")
    assert nn.Transformer.generate_square_subsequent_mask(3).dtype == pa.float32
    kpm = np.zeros((N, S), bool)
    kpm[0, 4:] = True
    for kw in [{}, dict(tgt_mask=tmask.numpy()), dict(tgt_mask=tmask.numpy(), src_key_padding_mask=kpm,
                                                      memory_key_padding_mask=kpm, tgt_is_causal=True)]:
        _forward_backward(ours, theirs, [src, tgt], kw)
    _forward_backward(ours, theirs, [src[0] if bf else src[:, 0], tgt[0] if bf else tgt[:, 0]])   # unbatched
    # state_dict back the other way: ours into a fresh torch model
    fresh = torch.nn.Transformer(E, H, 2, 2, 16, dtype=torch.float64, **options).eval()
    fresh.load_state_dict({k: torch.tensor(v.numpy()) for k, v in ours.state_dict().items()})
    with torch.no_grad():
        a = fresh(torch.tensor(src), torch.tensor(tgt))
    with pa.no_grad():
        b = ours(pa.tensor(src), pa.tensor(tgt))
    _same(b, a, "state_dict into torch")


def test_transformer_custom_and_errors():
    torch = _torch()
    enc = nn.TransformerEncoder(nn.TransformerEncoderLayer(4, 2, 8), 1, enable_nested_tensor=False)
    dec = nn.TransformerDecoder(nn.TransformerDecoderLayer(4, 2, 8), 1)
    m = nn.Transformer(4, 2, custom_encoder=enc, custom_decoder=dec)
    assert m.encoder is enc and m.decoder is dec
    tm = torch.nn.Transformer(4, 2, custom_encoder=torch.nn.TransformerEncoder(
        torch.nn.TransformerEncoderLayer(4, 2, 8), 1, enable_nested_tensor=False),
        custom_decoder=torch.nn.TransformerDecoder(torch.nn.TransformerDecoderLayer(4, 2, 8), 1))
    assert repr(m) == repr(tm)
    x = np.zeros((3, 2, 4), np.float32)
    _error(lambda: m(pa.tensor(x), pa.tensor(x[:, :1])), lambda: tm(torch.tensor(x), torch.tensor(x[:, :1])))
    _error(lambda: m(pa.tensor(x[..., :3]), pa.tensor(x)), lambda: tm(torch.tensor(x[..., :3]), torch.tensor(x)))
    _error(lambda: nn.TransformerEncoderLayer(4, 2, activation="tanh"),
           lambda: torch.nn.TransformerEncoderLayer(4, 2, activation="tanh"))
    _error(lambda: nn.TransformerDecoderLayer(4, 2, activation="elu"),
           lambda: torch.nn.TransformerDecoderLayer(4, 2, activation="elu"))
    # the nested-tensor warning, with torch's reason
    for kw in [dict(), dict(batch_first=True, norm_first=True), dict(batch_first=True, activation=F.silu),
               dict(batch_first=True, bias=False), dict(batch_first=True, nhead=1)]:
        tkw = dict(kw)
        if "activation" in kw:
            tkw["activation"] = torch.nn.functional.silu
        nhead = kw.pop("nhead", 2)
        tkw.pop("nhead", None)
        with warnings.catch_warnings(record=True) as ow:
            warnings.simplefilter("always")
            o = nn.TransformerEncoder(nn.TransformerEncoderLayer(4, nhead, 8, **kw), 2)
        with warnings.catch_warnings(record=True) as tw:
            warnings.simplefilter("always")
            t = torch.nn.TransformerEncoder(torch.nn.TransformerEncoderLayer(4, nhead, 8, **tkw), 2)
        assert [str(w.message) for w in ow] == [str(w.message) for w in tw if "jit" not in str(w.message)]
        assert o.use_nested_tensor == t.use_nested_tensor and o.enable_nested_tensor
        assert repr(o) == repr(t)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        e = nn.TransformerEncoder(nn.TransformerEncoderLayer(4, 2, 8, batch_first=True), 2, mask_check=False)
    assert e.use_nested_tensor and not e.mask_check and e.num_layers == 2


def test_transformer_dropout_train_mode():
    """Train mode with dropout: right shapes, outputs that differ between calls, gradients flow;
    eval mode: deterministic."""
    pa.manual_seed(0)
    layer = nn.TransformerEncoderLayer(16, 4, 32, dropout=0.5, batch_first=True)
    x = pa.randn(4, 10, 16, requires_grad=True)
    a = layer(x)
    b = layer(x)
    assert tuple(a.shape) == (4, 10, 16)
    assert float((a - b).abs().max()) > 1e-3
    a.sum().backward()
    assert x.grad is not None and tuple(x.grad.shape) == (4, 10, 16)
    # the attention weights themselves: with p = 0.5 about half the entries are zeroed, the rest scaled
    mha = nn.MultiheadAttention(16, 4, dropout=0.5, batch_first=True)
    _, w = mha(x, x, x, average_attn_weights=False)
    zeros = float((w == 0).float().mean())
    assert 0.4 < zeros < 0.6, zeros
    assert abs(float(w.sum(-1).mean()) - 1.0) < 0.1
    layer.eval()
    np.testing.assert_array_equal(layer(x).detach().numpy(), layer(x).detach().numpy())
    mha.eval()
    _, w = mha(x, x, x)
    np.testing.assert_allclose(w.sum(-1).detach().numpy(), 1.0, rtol=1e-5)


# ------------------------------------------------------------ the functional form, higher order --
def _mha_functional_args(lib, rng_arrays, static=False, separate=False):
    (in_w, in_b, bk, bv, out_w, out_b, qw, kw, vw, sk, sv) = [lib.tensor(a) for a in rng_arrays]
    kwargs = dict(training=False)
    if separate:
        kwargs.update(use_separate_proj_weight=True, q_proj_weight=qw, k_proj_weight=kw, v_proj_weight=vw)
    if static:
        kwargs.update(static_k=sk, static_v=sv)
        bk = bv = None
    return (in_w, in_b, bk, bv, False, 0.0, out_w, out_b), kwargs


@pytest.mark.parametrize("static,separate", [(False, False), (True, False), (False, True), (True, True)])
@pytest.mark.parametrize("need_weights", [True, False])
def test_multi_head_attention_forward_functional(static, separate, need_weights):
    torch = _torch()
    E, H, L, S, N, kd, vd = 4, 2, 3, 5, 2, 3, 6
    rng = np.random.default_rng(11)
    shapes = [(3 * E, E), (3 * E,), (1, 1, E), (1, 1, E), (E, E), (E,), (E, E), (E, kd), (E, vd),
              (N * H, S, E // H), (N * H, S, E // H)]
    arrays = [rng.standard_normal(s) for s in shapes]
    q = rng.standard_normal((L, N, E))
    k = rng.standard_normal((S, N, kd if separate else E))
    v = rng.standard_normal((S, N, vd if separate else E))
    oargs, okw = _mha_functional_args(pa, arrays, static, separate)
    targs, tkw = _mha_functional_args(torch, arrays, static, separate)
    kpm = rng.random((N, S)) > 0.7
    kpm[:, 0] = False
    out, w = F.multi_head_attention_forward(pa.tensor(q), pa.tensor(k), pa.tensor(v), E, H, *oargs,
                                            key_padding_mask=pa.tensor(kpm), need_weights=need_weights, **okw)
    tout, tw = torch.nn.functional.multi_head_attention_forward(torch.tensor(q), torch.tensor(k), torch.tensor(v), E, H,
                                                                *targs, key_padding_mask=torch.tensor(kpm),
                                                                need_weights=need_weights, **tkw)
    _same(out, tout, "functional")
    if need_weights:
        _same(w, tw, "functional weights")
    else:
        assert w is None and tw is None


def test_mha_double_backward_and_forward_mode():
    torch = _torch()
    E, H, L, S, N = 4, 2, 3, 4, 2
    ours, theirs = _mha_pair(embed_dim=E, num_heads=H)
    rng = np.random.default_rng(12)
    q, k = rng.standard_normal((L, N, E)), rng.standard_normal((S, N, E))
    am = rng.random((L, S)) > 0.7
    am[:, 0] = False

    def f(qq, kk):
        return ours(qq, kk, kk, attn_mask=pa.tensor(am), need_weights=False)[0]

    def tf(qq, kk):    # torch's weights path: bmm / softmax (its SDPA kernels have no double backward)
        return theirs(qq, kk, kk, attn_mask=torch.tensor(am), need_weights=True)[0]
    oq, ok_ = pa.tensor(q, requires_grad=True), pa.tensor(k, requires_grad=True)
    tq, tk = torch.tensor(q, requires_grad=True), torch.tensor(k, requires_grad=True)
    w = rng.standard_normal((L, N, E))
    g = pa.autograd.grad((f(oq, ok_) * pa.tensor(w)).sum(), (oq, ok_), create_graph=True)
    tg = torch.autograd.grad((tf(tq, tk) * torch.tensor(w)).sum(), (tq, tk), create_graph=True)
    vq, vk = rng.standard_normal(q.shape), rng.standard_normal(k.shape)
    params = list(ours.parameters())
    tparams = list(theirs.parameters())
    hv = pa.autograd.grad((g[0] * pa.tensor(vq)).sum() + (g[1] * pa.tensor(vk)).sum(), [oq, ok_] + params,
                          allow_unused=True)
    thv = torch.autograd.grad((tg[0] * torch.tensor(vq)).sum() + (tg[1] * torch.tensor(vk)).sum(), [tq, tk] + tparams,
                              allow_unused=True)
    for i, (h, th) in enumerate(zip(hv, thv)):
        if th is None:
            assert h is None or float(h.abs().max()) < 1e-12
        else:
            _same(h, th, "mha hvp %d" % i)
    tq_, tk_ = rng.standard_normal(q.shape), rng.standard_normal(k.shape)
    _, oj = pa.func.jvp(f, (pa.tensor(q), pa.tensor(k)), (pa.tensor(tq_), pa.tensor(tk_)))
    _, tj = torch.func.jvp(tf, (torch.tensor(q), torch.tensor(k)), (torch.tensor(tq_), torch.tensor(tk_)))
    _same(oj, tj, "mha jvp")
    small = nn.MultiheadAttention(2, 1, dtype=pa.float64)
    x = pa.tensor(rng.standard_normal((2, 1, 2)), requires_grad=True)
    assert gradgradcheck(lambda z: small(z, z, z)[0], (x,))


def test_encoder_layer_gradgradcheck():
    pa.manual_seed(0)
    layer = nn.TransformerEncoderLayer(4, 2, 6, dropout=0.0, activation="gelu", dtype=pa.float64)
    x = pa.tensor(np.random.default_rng(13).standard_normal((3, 1, 4)), requires_grad=True)
    causal = nn.Transformer.generate_square_subsequent_mask(3, dtype=pa.float64)
    assert gradcheck(lambda z: layer(z, src_mask=causal), (x,))
    assert gradgradcheck(lambda z: layer(z, src_mask=causal), (x,))


def test_merge_masks_and_constants():
    torch = _torch()
    ours, theirs = _mha_pair(embed_dim=4, num_heads=2, batch_first=True)
    rng = np.random.default_rng(14)
    x = rng.standard_normal((2, 3, 4))
    am = np.where(rng.random((3, 3)) > 0.5, -np.inf, 0.0)
    am3 = np.where(rng.random((4, 3, 3)) > 0.5, -np.inf, 0.0)
    kpm = np.where(rng.random((2, 3)) > 0.5, -np.inf, 0.0)
    for a, k in [(None, None), (None, kpm), (am, None), (am, kpm), (am3, kpm)]:
        o = ours.merge_masks(None if a is None else pa.tensor(a), None if k is None else pa.tensor(k), pa.tensor(x))
        t = theirs.merge_masks(None if a is None else torch.tensor(a), None if k is None else torch.tensor(k),
                               torch.tensor(x))
        assert o[1] == t[1]
        if t[0] is None:
            assert o[0] is None
        else:
            _same(o[0], t[0], "merge_masks")
    for name in ("TransformerEncoderLayer", "TransformerDecoderLayer", "TransformerEncoder", "TransformerDecoder",
                 "MultiheadAttention"):
        assert getattr(nn, name).__constants__ == getattr(torch.nn, name).__constants__, name


def test_fast_path_differences():
    """Where torch's fused inference kernels give other numbers than its ordinary code, ours follow:
    plain softmax (NaN for a query row with every key masked), no is_causal hint, gelu for a GELU
    module of any approximation; and not when a gradient is needed or in train mode."""
    torch = _torch()
    E, H, L, N = 4, 2, 3, 2
    rng = np.random.default_rng(15)
    x = rng.standard_normal((N, L, E))
    dead = np.zeros((L, L), bool)
    dead[1] = True
    kpm_dead = np.zeros((N, L), bool)
    kpm_dead[1] = True
    mha, tmha = _mha_pair(embed_dim=E, num_heads=H, batch_first=True)
    mha.eval()
    tmha.eval()
    layers = [_module_pair("TransformerEncoderLayer", E, H, 8, batch_first=True, **kw)
              for kw in (dict(), dict(norm_first=True, activation="gelu"),
                         dict(activation=(nn.GELU(approximate="tanh"), torch.nn.GELU(approximate="tanh"))))]
    cases = [dict(attn_mask=dead), dict(key_padding_mask=kpm_dead), dict(attn_mask=dead, key_padding_mask=kpm_dead),
             dict(is_causal=True), dict(attn_mask=np.triu(np.ones((L, L), bool), 1), is_causal=True)]
    for grad in (False, True):
        for kw in cases:
            okw = {k: (pa.tensor(v) if isinstance(v, np.ndarray) else v) for k, v in kw.items()}
            tkw = {k: (torch.tensor(v) if isinstance(v, np.ndarray) else v) for k, v in kw.items()}
            what = "grad=%s %r" % (grad, sorted(kw))
            ox, tx = pa.tensor(x), torch.tensor(x)
            for nw in (True, False):
                with pa.set_grad_enabled(grad), torch.set_grad_enabled(grad):
                    try:
                        r = tmha(tx, tx, tx, need_weights=nw, **tkw)
                    except RuntimeError:
                        _error(lambda: mha(ox, ox, ox, need_weights=nw, **okw),
                               lambda: tmha(tx, tx, tx, need_weights=nw, **tkw))
                        continue
                    o = mha(ox, ox, ox, need_weights=nw, **okw)
                _same(o[0], r[0], "mha " + what)
                if nw:
                    _same(o[1], r[1], "mha weights " + what)
            lkw = {("src_mask" if k == "attn_mask" else "src_key_padding_mask" if k == "key_padding_mask" else k): v
                   for k, v in okw.items()}
            tlkw = {("src_mask" if k == "attn_mask" else "src_key_padding_mask" if k == "key_padding_mask" else k): v
                    for k, v in tkw.items()}
            for layer, tlayer in layers:
                with pa.set_grad_enabled(grad), torch.set_grad_enabled(grad):
                    try:
                        r = tlayer(tx, **tlkw)
                    except RuntimeError:
                        _error(lambda: layer(ox, **lkw), lambda: tlayer(tx, **tlkw))
                        continue
                    o = layer(ox, **lkw)
                _same(o, r, "layer " + what)
    # the nested path with a fully padded sequence: zeros there
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        enc = nn.TransformerEncoder(layers[0][0], 2).eval()
        tenc = torch.nn.TransformerEncoder(layers[0][1], 2).eval()
    _load(enc, tenc)
    with pa.no_grad(), torch.no_grad():
        _same(enc(pa.tensor(x), src_key_padding_mask=pa.tensor(kpm_dead)),
              tenc(torch.tensor(x), src_key_padding_mask=torch.tensor(kpm_dead)), "nested, a padded sequence")


def test_dropout_streams_match_torch():
    """Dropout draws from the generator as torch's do (bernoulli_(1 - p), in the same order): with
    the same seed, train-mode SDPA, MultiheadAttention (both paths) and the layers give torch's
    numbers and gradients."""
    torch = _torch()
    rng = np.random.default_rng(16)
    a = rng.standard_normal((2, 3, 5, 4))
    torch.manual_seed(0)
    tout = torch.nn.functional.scaled_dot_product_attention(*(torch.tensor(a),) * 3, dropout_p=0.3)
    pa.manual_seed(0)
    out = F.scaled_dot_product_attention(*(pa.tensor(a),) * 3, dropout_p=0.3)
    _same(out, tout, "sdpa dropout")
    ours, theirs = _mha_pair(embed_dim=4, num_heads=2, dropout=0.5)
    x = rng.standard_normal((5, 3, 4))
    for nw in (True, False):
        torch.manual_seed(5)
        pa.manual_seed(5)
        _mha_run(ours, theirs, (x, x, x), need_weights=nw)
    for name, args, inputs in [("TransformerEncoderLayer", (4, 2, 8), [x]),
                               ("TransformerDecoderLayer", (4, 2, 8), [x, x[:4]]),
                               ("Transformer", (4, 2, 1, 1, 8), [x, x[:4]])]:
        ours, theirs = _module_pair(name, *args, dropout=0.3)
        ours.train()
        theirs.train()
        torch.manual_seed(7)
        pa.manual_seed(7)
        _forward_backward(ours, theirs, inputs)
