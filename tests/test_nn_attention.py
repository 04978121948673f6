"""Attention (nn/_attention.py, nn/_transformer_modules.py): differential against torch in float64:
scaled_dot_product_attention over masks / is_causal / scale / gqa (values, gradients, second
derivatives, gradgradcheck), errors (type and text)."""
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


@pytest.fixture(autouse=True, scope="module")
def _torch_one_thread():
    """torch's kernels on these tiny inputs: its thread pool costs ~20 ms a call on a shared machine."""
    try:
        import torch
    except ImportError:
        yield
        return
    n = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(n)


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
    for args, kw in cases:
        targs = [torch.tensor(a.numpy()) for a in args]
        tkw = {key: (torch.tensor(val.numpy()) if isinstance(val, pa.Tensor) else val) for key, val in kw.items()}
        _error(lambda: F.scaled_dot_product_attention(*args, **kw), lambda: tF.scaled_dot_product_attention(*targs, **tkw))
