"""Activations and losses of issue 13 (pyautograd/nn/_act.py, _act_modules.py): differential tests
against PyTorch in float64 (values, gradients, second derivatives, grad_fn names, module reprs,
reduction modes, error texts), finite-difference gradcheck / gradgradcheck, the in-place variants,
and the values exactly at the kinks (PyTorch's side of each)."""
import warnings

import numpy as np
import pytest

import pyautograd as pt
from pyautograd import nn
from pyautograd.nn import functional as F
import pyautograd.autograd.forward_ad as fwAD


@pytest.fixture
def torch():
    return pytest.importorskip("torch")


def _lib(T):
    return T.nn.functional


def _data(shape, seed=0, kinks=()):
    """float64 values with the kink points themselves among them (torch's side at a kink is tested)."""
    rng = np.random.default_rng(seed)
    a = rng.standard_normal(shape) * 2.0
    flat = a.reshape(-1)
    for i, k in enumerate(kinks):
        if i < flat.size:
            flat[i] = k
    return a


def _names(out):
    return out.grad_fn.name() if hasattr(out.grad_fn, "name") else type(out.grad_fn).__name__


def _compare(torch, fn, arrays, second=True, inplace=False, atol=1e-10):
    """fn(T, *tensors) in both libraries: values, grad_fn name, first and second derivatives."""
    ours = [pt.tensor(a, requires_grad=True) for a in arrays]
    theirs = [torch.tensor(a, requires_grad=True) for a in arrays]
    prep_o = [o * 1.0 for o in ours] if inplace else ours
    prep_t = [t * 1.0 for t in theirs] if inplace else theirs
    o = fn(pt, *prep_o)
    t = fn(torch, *prep_t)
    np.testing.assert_allclose(o.detach().numpy(), t.detach().numpy(), rtol=1e-10, atol=atol)
    assert o.dtype == pt.float64 and tuple(o.shape) == tuple(t.shape)
    assert type(o.grad_fn).__name__ == t.grad_fn.name(), (type(o.grad_fn).__name__, t.grad_fn.name())
    rng = np.random.default_rng(1)
    w = rng.standard_normal(tuple(t.shape))
    go = pt.autograd.grad(o, ours, pt.tensor(w), create_graph=True, allow_unused=True)
    gt = torch.autograd.grad(t, theirs, torch.tensor(w), create_graph=True, allow_unused=True)
    for a, b in zip(go, gt):
        np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy(), rtol=1e-9, atol=atol)
    if not second:
        return
    for a, b in zip(go, gt):
        if b is None or b.grad_fn is None:
            continue
        if not a.requires_grad:     # piecewise linear: a gradient without history, torch's has zeros
            for c in torch.autograd.grad(b, theirs, torch.ones_like(b), allow_unused=True, retain_graph=True):
                assert c is None or not c.any()
            continue
        v = rng.standard_normal(tuple(b.shape))
        ggo = pt.autograd.grad(a, ours, pt.tensor(v), allow_unused=True, retain_graph=True)
        ggt = torch.autograd.grad(b, theirs, torch.tensor(v), allow_unused=True, retain_graph=True)
        for c, d in zip(ggo, ggt):
            if d is None or c is None:
                assert (c is None or not np.any(c.numpy(force=True))) and (d is None or not d.any())
                continue
            expect = np.zeros(tuple(d.shape)) if d._is_zerotensor() else d.numpy()   # sign's derivative
            np.testing.assert_allclose(c.numpy(force=True), expect, rtol=1e-8, atol=1e-9)


# name, fn(T, x), kinks (values put in the input exactly), second derivative comparable with torch's
ACTIVATIONS = [
    ("gelu", lambda T, x: _lib(T).gelu(x), (0.0,), True),
    ("gelu_tanh", lambda T, x: _lib(T).gelu(x, approximate="tanh"), (0.0,), True),
    ("silu", lambda T, x: _lib(T).silu(x), (0.0,), True),
    ("mish", lambda T, x: _lib(T).mish(x), (0.0, 30.0, -30.0), True),
    ("hardswish", lambda T, x: _lib(T).hardswish(x), (-3.0, 3.0, 0.0), True),
    ("hardsigmoid", lambda T, x: _lib(T).hardsigmoid(x), (-3.0, 3.0), False),  # torch: no double backward
    ("hardtanh", lambda T, x: _lib(T).hardtanh(x), (-1.0, 1.0), True),
    ("hardtanh_opts", lambda T, x: _lib(T).hardtanh(x, min_val=-0.5, max_val=2.0), (-0.5, 2.0), True),
    ("relu6", lambda T, x: _lib(T).relu6(x * 3), (0.0, 2.0), True),
    ("elu", lambda T, x: _lib(T).elu(x), (0.0,), True),
    ("elu_alpha", lambda T, x: _lib(T).elu(x, alpha=0.4), (0.0,), True),
    ("elu_neg_alpha", lambda T, x: _lib(T).elu(x, alpha=-0.5), (0.0,), True),
    ("selu", lambda T, x: _lib(T).selu(x), (0.0,), True),
    ("celu", lambda T, x: _lib(T).celu(x), (0.0,), True),
    ("celu_alpha", lambda T, x: _lib(T).celu(x, alpha=2.5), (0.0,), True),
    ("softplus", lambda T, x: _lib(T).softplus(x), (0.0,), True),
    ("softplus_beta", lambda T, x: _lib(T).softplus(x, beta=2.0, threshold=1.5), (0.75,), True),
    ("softsign", lambda T, x: _lib(T).softsign(x), (), True),
    ("leaky_relu", lambda T, x: _lib(T).leaky_relu(x, 0.3), (0.0,), True),
    ("tanhshrink", lambda T, x: _lib(T).tanhshrink(x), (0.0,), True),
    ("threshold", lambda T, x: _lib(T).threshold(x, 0.3, -2.0), (0.3,), True),
    ("logsigmoid", lambda T, x: _lib(T).logsigmoid(x), (0.0,), True),
    ("softmin", lambda T, x: _lib(T).softmin(x, dim=1), (), True),
    ("softmin_dtype", lambda T, x: _lib(T).softmin(x, 0, dtype=T.float64), (), True),
    ("hardshrink", lambda T, x: _lib(T).hardshrink(x), (-0.5, 0.5), True),
    ("hardshrink_l", lambda T, x: _lib(T).hardshrink(x, 1.2), (-1.2, 1.2), True),
    ("softshrink", lambda T, x: _lib(T).softshrink(x), (-0.5, 0.5), True),
    ("softshrink_0", lambda T, x: _lib(T).softshrink(x, 0.0), (0.0,), True),
    ("glu", lambda T, x: _lib(T).glu(x), (), True),
    ("glu_dim0", lambda T, x: _lib(T).glu(x, 0), (), True),
    ("rrelu_eval", lambda T, x: _lib(T).rrelu(x), (0.0,), True),
    ("rrelu_eval_opts", lambda T, x: _lib(T).rrelu(x, 0.2, 0.6, False), (0.0,), True),
]


@pytest.mark.parametrize("name,fn,kinks,second", ACTIVATIONS, ids=[a[0] for a in ACTIVATIONS])
def test_activation_matches_torch(torch, name, fn, kinks, second):
    _compare(torch, fn, [_data((4, 6), kinks=kinks)], second=second)


INPLACE = [
    ("elu", lambda T, x: _lib(T).elu(x, 0.7, inplace=True)),
    ("elu_", lambda T, x: _lib(T).elu_(x, 0.7)),
    ("selu", lambda T, x: _lib(T).selu(x, inplace=True)),
    ("celu", lambda T, x: _lib(T).celu(x, 0.6, inplace=True)),
    ("hardtanh", lambda T, x: _lib(T).hardtanh(x, -0.5, 0.5, inplace=True)),
    ("hardtanh_", lambda T, x: _lib(T).hardtanh_(x, -0.5, 0.5)),
    ("relu6", lambda T, x: _lib(T).relu6(x, inplace=True)),
    ("threshold", lambda T, x: _lib(T).threshold(x, 0.1, 5.0, inplace=True)),
    ("threshold_", lambda T, x: _lib(T).threshold_(x, 0.1, 5.0)),
    ("silu", lambda T, x: _lib(T).silu(x, inplace=True)),
    ("mish", lambda T, x: _lib(T).mish(x, inplace=True)),
    ("hardswish", lambda T, x: _lib(T).hardswish(x, inplace=True)),
    ("hardsigmoid", lambda T, x: _lib(T).hardsigmoid(x, inplace=True)),
    ("rrelu_eval", lambda T, x: _lib(T).rrelu(x, inplace=True)),
    ("leaky_relu", lambda T, x: _lib(T).leaky_relu(x, 0.2, inplace=True)),
    ("leaky_relu_", lambda T, x: _lib(T).leaky_relu_(x, 0.3)),
]


@pytest.mark.parametrize("name,fn", INPLACE, ids=[a[0] for a in INPLACE])
def test_inplace_activation_matches_torch(torch, name, fn):
    _compare(torch, fn, [_data((3, 4), seed=2, kinks=(0.0,))], second=name != "hardsigmoid", inplace=True)


def test_inplace_writes_into_the_input(torch):
    x = pt.tensor(_data((3, 4)))
    y = F.hardtanh(x, inplace=True)
    assert y is x and float(x.abs().max()) <= 1.0
    x = pt.tensor(_data((3, 4)))
    assert F.elu_(x) is x and float(x.min()) > -1.0


def test_prelu_matches_torch(torch):
    x = _data((3, 4, 2), kinks=(0.0,))
    _compare(torch, lambda T, a, w: _lib(T).prelu(a, w), [x, np.array([0.25, -0.5, 1.5, 0.1])])
    _compare(torch, lambda T, a, w: _lib(T).prelu(a, w), [x, np.array([0.3])])
    _compare(torch, lambda T, a, w: _lib(T).prelu(a, w), [_data((5,)), np.array([0.3])])
    _compare(torch, lambda T, a, w: _lib(T).prelu(a, w), [np.array(-1.5), np.array([0.3])])


def test_rrelu_training_draws_torch_noise(torch):
    for dt in ("float64", "float32"):
        x = _data((5, 7), seed=3, kinks=(0.0,)).astype(dt)
        pt.manual_seed(7)
        torch.manual_seed(7)
        a = pt.tensor(x, requires_grad=True)
        b = torch.tensor(x, requires_grad=True)
        o = F.rrelu(a, 0.1, 0.4, training=True)
        t = torch.nn.functional.rrelu(b, 0.1, 0.4, training=True)
        np.testing.assert_array_equal(o.detach().numpy(), t.detach().numpy())
        assert type(o.grad_fn).__name__ == t.grad_fn.name() == "RreluWithNoiseBackward0"
        w = np.arange(35.0).reshape(5, 7).astype(dt)
        o.backward(pt.tensor(w))
        t.backward(torch.tensor(w))
        np.testing.assert_array_equal(a.grad.numpy(), b.grad.numpy())
        # the generators moved alike: the next draws agree
        np.testing.assert_array_equal(pt.rand(3).numpy(), torch.rand(3).numpy())
    pt.manual_seed(3)
    torch.manual_seed(3)
    x = _data((4, 4), seed=4)
    a = pt.tensor(x, requires_grad=True)
    b = torch.tensor(x, requires_grad=True)
    o = F.rrelu(a * 1.0, training=True, inplace=True)
    t = torch.nn.functional.rrelu(b * 1.0, training=True, inplace=True)
    np.testing.assert_array_equal(o.detach().numpy(), t.detach().numpy())
    assert type(o.grad_fn).__name__ == t.grad_fn.name() == "RreluWithNoiseBackward1"


def test_rrelu_module_follows_training_mode(torch):
    m = nn.RReLU(0.1, 0.3)
    x = pt.tensor(_data((3, 5)))
    m.eval()
    np.testing.assert_allclose(m(x).numpy(), F.leaky_relu(x, 0.2).numpy())
    m.train()
    pt.manual_seed(0)
    torch.manual_seed(0)
    tm = torch.nn.RReLU(0.1, 0.3)
    np.testing.assert_array_equal(m(x).numpy(), tm(torch.tensor(x.numpy())).numpy())


ERRORS = [
    ("gelu_int", lambda T: _lib(T).gelu(T.tensor([1, 2]))),
    ("leaky_relu_int", lambda T: _lib(T).leaky_relu(T.tensor([1, 2]))),
    ("gelu_bad", lambda T: _lib(T).gelu(T.ones(2), approximate="foo")),
    ("silu_int", lambda T: _lib(T).silu(T.tensor([1, 2]))),
    ("mish_int", lambda T: _lib(T).mish(T.tensor([1, 2]))),
    ("hardswish_int", lambda T: _lib(T).hardswish(T.tensor([1, 2]))),
    ("hardsigmoid_int", lambda T: _lib(T).hardsigmoid(T.tensor([1, 2]))),
    ("elu_int", lambda T: _lib(T).elu(T.tensor([1, 2]))),
    ("selu_int", lambda T: _lib(T).selu(T.tensor([1, 2]))),
    ("celu_int", lambda T: _lib(T).celu(T.tensor([1, 2]))),
    ("celu_0", lambda T: _lib(T).celu(T.ones(2), 0.0)),
    ("glu_int", lambda T: _lib(T).glu(T.tensor([1, 2]))),
    ("glu_odd", lambda T: _lib(T).glu(T.ones(3, 4), 0)),
    ("glu_0d", lambda T: _lib(T).glu(T.tensor(1.0))),
    ("glu_dim", lambda T: _lib(T).glu(T.ones(3, 4), 5)),
    ("hardtanh_bounds", lambda T: _lib(T).hardtanh(T.ones(2), 2.0, 1.0)),
    ("hardshrink_int", lambda T: _lib(T).hardshrink(T.tensor([1, 2]))),
    ("softshrink_int", lambda T: _lib(T).softshrink(T.tensor([1, 2]))),
    ("softshrink_neg", lambda T: _lib(T).softshrink(T.ones(2, dtype=T.float64), -1.0)),
    ("prelu_int", lambda T: _lib(T).prelu(T.tensor([1, 2]), T.tensor([1]))),
    ("prelu_count", lambda T: _lib(T).prelu(T.ones(3, 4), T.ones(3))),
    ("prelu_1d", lambda T: _lib(T).prelu(T.ones(4), T.ones(4))),
    ("prelu_dtypes", lambda T: _lib(T).prelu(T.ones(3, 4, dtype=T.float64), T.ones(4))),
    ("prelu_2d_weight", lambda T: _lib(T).prelu(T.ones(3, 4), T.ones(1, 4))),
    ("rrelu_bounds", lambda T: _lib(T).rrelu(T.ones(3), 0.5, 0.1, training=True)),
    ("rrelu_bounds_eval", lambda T: _lib(T).rrelu(T.ones(3), 0.5, 0.1)),
    ("rrelu_int", lambda T: _lib(T).rrelu(T.tensor([1, 2]), training=True)),
    ("softmax2d", lambda T: T.nn.Softmax2d()(T.ones(2, 3))),
]


@pytest.mark.parametrize("name,fn", ERRORS, ids=[e[0] for e in ERRORS])
def test_activation_errors_match_torch(torch, name, fn):
    with pytest.raises(Exception) as te:
        fn(torch)
    with pytest.raises(Exception) as oe:
        fn(pt)
    assert type(oe.value) is type(te.value) and str(oe.value) == str(te.value)


def test_integer_inputs_of_the_clamping_activations(torch):
    for fn in (lambda T, x: _lib(T).hardtanh(x, -1, 2), lambda T, x: _lib(T).relu6(x),
               lambda T, x: _lib(T).threshold(x, 0, 7), lambda T, x: _lib(T).softsign(x),
               lambda T, x: _lib(T).tanhshrink(x)):
        o = fn(pt, pt.tensor([-3, 0, 1, 9]))
        t = fn(torch, torch.tensor([-3, 0, 1, 9]))
        assert str(o.dtype) == str(t.dtype)
        np.testing.assert_allclose(o.numpy(), t.numpy(), rtol=1e-6)


def test_float32_values(torch):
    x = _data((4, 4)).astype(np.float32)
    for name, fn, _, _ in ACTIVATIONS:
        o = fn(pt, pt.tensor(x))
        t = fn(torch, torch.tensor(x))
        assert str(o.dtype) == str(t.dtype), name
        np.testing.assert_allclose(o.numpy(), t.numpy(), rtol=1e-5, atol=1e-6, err_msg=name)


MODULES = [
    ("GELU", (), {}), ("GELU", (), {"approximate": "tanh"}), ("Mish", (), {}), ("Hardswish", (), {}),
    ("Hardsigmoid", (), {"inplace": True}), ("Hardtanh", (), {}), ("Hardtanh", (-2.0, 3.0, True), {}),
    ("ReLU6", (), {}), ("ReLU6", (True,), {}), ("SELU", (), {}), ("SELU", (True,), {}), ("CELU", (), {}),
    ("CELU", (0.5, True), {}), ("GLU", (), {}), ("GLU", (0,), {}), ("PReLU", (), {}), ("PReLU", (4, 0.1), {}),
    ("RReLU", (), {}), ("RReLU", (0.1, 0.2, True), {}), ("Softsign", (), {}), ("Tanhshrink", (), {}),
    ("Threshold", (0.1, 20.0), {}), ("Threshold", (0.1, 20, True), {}), ("LogSigmoid", (), {}),
    ("Softmin", (), {"dim": 1}), ("Softmin", (), {}), ("Softmax2d", (), {}), ("Hardshrink", (), {}),
    ("Hardshrink", (0.3,), {}), ("Softshrink", (), {}), ("Softshrink", (1,), {}),
]


@pytest.mark.parametrize("name,args,kw", MODULES, ids=["%s%d" % (m[0], i) for i, m in enumerate(MODULES)])
def test_module_repr_and_output(torch, name, args, kw):
    ours = getattr(nn, name)(*args, **kw)
    theirs = getattr(torch.nn, name)(*args, **kw)
    assert repr(ours) == repr(theirs)
    assert [k for k, _ in ours.state_dict().items()] == [k for k, _ in theirs.state_dict().items()]
    if name == "RReLU":
        ours.eval()
        theirs.eval()
    x = _data((2, 4, 3, 2), seed=5).astype(np.float32 if name == "PReLU" else np.float64)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        o = ours(pt.tensor(x))
        t = theirs(torch.tensor(x))
    np.testing.assert_allclose(o.detach().numpy(), t.detach().numpy(), rtol=1e-10, atol=1e-12)


def test_prelu_module_parameter_and_state_dict(torch):
    m = nn.PReLU(3, init=0.1)
    tm = torch.nn.PReLU(3, init=0.1)
    np.testing.assert_array_equal(m.weight.detach().numpy(), tm.weight.detach().numpy())
    tm.weight.data = torch.tensor([0.5, -1.0, 2.0])
    m.load_state_dict({k: pt.tensor(v.numpy()) for k, v in tm.state_dict().items()})
    x = _data((2, 3, 4), seed=6).astype(np.float32)
    o, t = m(pt.tensor(x)), tm(torch.tensor(x))
    np.testing.assert_allclose(o.detach().numpy(), t.detach().numpy(), rtol=1e-6)
    o.sum().backward()
    t.sum().backward()
    np.testing.assert_allclose(m.weight.grad.numpy(), tm.weight.grad.numpy(), rtol=1e-5)
    assert m.weight.dtype == pt.float32
    assert nn.PReLU(dtype=pt.float64).weight.dtype == pt.float64


def test_hardtanh_deprecated_names(torch):
    with pytest.warns(FutureWarning, match="min_value"):
        m = nn.Hardtanh(min_value=-2.0)
    assert m.min_val == -2.0


def test_softmin_implicit_dim_warns(torch):
    with pytest.warns(UserWarning, match="Implicit dimension choice for softmin"):
        out = F.softmin(pt.tensor(_data((2, 3))))
    np.testing.assert_allclose(out.numpy(), torch.nn.functional.softmin(torch.tensor(_data((2, 3))), 1).numpy())


GRADCHECK = [
    lambda x: F.gelu(x), lambda x: F.gelu(x, approximate="tanh"), lambda x: F.mish(x),
    lambda x: F.hardswish(x * 2.0), lambda x: F.selu(x), lambda x: F.celu(x, 0.7),
    lambda x: F.glu(x, 1), lambda x: F.softsign(x), lambda x: F.tanhshrink(x), lambda x: F.softmin(x, 0),
    lambda x: F.softshrink(x, 0.05), lambda x: F.rrelu(x),
]


@pytest.mark.parametrize("i", range(len(GRADCHECK)))
def test_gradcheck_and_gradgradcheck(i):
    rng = np.random.default_rng(i)
    a = rng.uniform(0.2, 1.4, (3, 4)) * rng.choice([-1.0, 1.0], (3, 4))
    x = pt.tensor(a, requires_grad=True)
    assert pt.autograd.gradcheck(GRADCHECK[i], (x,))
    assert pt.autograd.gradgradcheck(GRADCHECK[i], (x,))


def test_prelu_gradcheck():
    rng = np.random.default_rng(0)
    x = pt.tensor(rng.uniform(0.2, 1.4, (2, 3, 2)) * rng.choice([-1.0, 1.0], (2, 3, 2)), requires_grad=True)
    w = pt.tensor([0.2, -0.4, 0.9], dtype=pt.float64, requires_grad=True)
    assert pt.autograd.gradcheck(F.prelu, (x, w))
    assert pt.autograd.gradgradcheck(F.prelu, (x, w))


def test_forward_mode_matches_reverse():

    rng = np.random.default_rng(0)
    x = rng.uniform(0.2, 1.4, (3, 4)) * rng.choice([-1.0, 1.0], (3, 4))
    t = rng.standard_normal((3, 4))
    w = np.array([0.2, -0.4, 0.9])
    tw = np.array([1.0, 0.5, -2.0])
    for fn in (lambda a: F.gelu(a), lambda a: F.glu(a, 1), lambda a: F.hardswish(a), lambda a: F.celu(a, 0.5),
               lambda a: F.rrelu(a), lambda a: F.mish(a)):
        with fwAD.dual_level():
            out = fn(fwAD.make_dual(pt.tensor(x), pt.tensor(t)))
            jt = fwAD.unpack_dual(out).tangent.numpy()
        jac = pt.autograd.functional.jacobian(fn, pt.tensor(x)).numpy()
        np.testing.assert_allclose(jt, np.tensordot(jac, t, axes=2), rtol=1e-9, atol=1e-12)
    xs = x.reshape(2, 3, 2)
    with fwAD.dual_level():
        out = F.prelu(fwAD.make_dual(pt.tensor(xs), pt.tensor(t.reshape(2, 3, 2))),
                      fwAD.make_dual(pt.tensor(w), pt.tensor(tw)))
        jt = fwAD.unpack_dual(out).tangent.numpy()
    jx, jw = pt.autograd.functional.jacobian(F.prelu, (pt.tensor(xs), pt.tensor(w)))
    expect = np.tensordot(jx.numpy(), t.reshape(2, 3, 2), axes=3) + np.tensordot(jw.numpy(), tw, axes=1)
    np.testing.assert_allclose(jt, expect, rtol=1e-9, atol=1e-12)


# ==================================================================================== losses ==
def _pos(shape, seed):
    return np.random.default_rng(seed).uniform(0.1, 1.0, shape)


def _signs(shape, seed):
    return np.random.default_rng(seed).choice([-1.0, 1.0], shape)


_X = _data((4, 5), seed=11)
_Y = _data((4, 5), seed=12)
_Z = _data((4, 5), seed=13)
_MLM_TARGET = np.array([[3, 0, -1, 1, 2], [0, 1, 2, 3, 4], [4, 4, -1, 0, 0], [-1, 2, 0, 0, 0]])
_MM_TARGET = np.array([0, 2, 4, 1])


def _long(T, a):
    return T.tensor(a, dtype=T.int64)


# name, fn(T, *tensors), arrays (the differentiable inputs), second derivative comparable
LOSSES = []
for red in ("mean", "sum", "none"):
    LOSSES += [
        ("kl_div_" + red, lambda T, x, t, r=red: _lib(T).kl_div(x, t, reduction=r), [_X, _pos((4, 5), 1)], True),
        ("kl_div_log_" + red, lambda T, x, t, r=red: _lib(T).kl_div(x, t, reduction=r, log_target=True),
         [_X, _Y], True),
        ("soft_margin_" + red, lambda T, x, r=red: _lib(T).soft_margin_loss(x, T.tensor(_signs((4, 5), 2)),
                                                                             reduction=r), [_X], True),
        ("mlsm_" + red, lambda T, x, r=red: _lib(T).multilabel_soft_margin_loss(
            x, T.tensor((_signs((4, 5), 3) > 0) * 1.0), reduction=r), [_X], True),
        ("mlsm_weight_" + red, lambda T, x, w, r=red: _lib(T).multilabel_soft_margin_loss(
            x, T.tensor((_signs((4, 5), 3) > 0) * 1.0), weight=w, reduction=r), [_X, _pos((5,), 4)], True),
        ("mlm_" + red, lambda T, x, r=red: _lib(T).multilabel_margin_loss(x, _long(T, _MLM_TARGET), reduction=r),
         [_X], False),
        ("mm_" + red, lambda T, x, r=red: _lib(T).multi_margin_loss(x, _long(T, _MM_TARGET), reduction=r),
         [_X], False),
        ("mm_p2_" + red, lambda T, x, r=red: _lib(T).multi_margin_loss(
            x, _long(T, _MM_TARGET), p=2, margin=0.7, weight=T.tensor(_pos((5,), 5)), reduction=r), [_X], False),
        ("cos_emb_" + red, lambda T, a, b, r=red: _lib(T).cosine_embedding_loss(
            a, b, T.tensor([1.0, -1.0, 1.0, -1.0]), margin=0.1, reduction=r), [_X, _Y], True),
        ("margin_ranking_" + red, lambda T, a, b, r=red: _lib(T).margin_ranking_loss(
            a, b, T.tensor(_signs((4, 5), 6)), margin=0.2, reduction=r), [_X, _Y], True),
        ("hinge_" + red, lambda T, x, r=red: _lib(T).hinge_embedding_loss(x, T.tensor(_signs((4, 5), 7)),
                                                                          margin=0.5, reduction=r), [_X], True),
        ("triplet_" + red, lambda T, a, p, n, r=red: _lib(T).triplet_margin_loss(a, p, n, reduction=r),
         [_X, _Y, _Z], True),
        ("triplet_swap_" + red, lambda T, a, p, n, r=red: _lib(T).triplet_margin_loss(
            a, p, n, margin=2.0, p=1, eps=1e-3, swap=True, reduction=r), [_X, _Y, _Z], True),
        ("triplet_dist_" + red, lambda T, a, p, n, r=red: _lib(T).triplet_margin_with_distance_loss(
            a, p, n, reduction=r, margin=3.0), [_X, _Y, _Z], True),
        ("poisson_" + red, lambda T, x, r=red: _lib(T).poisson_nll_loss(x, T.tensor(_pos((4, 5), 8) * 3),
                                                                        reduction=r), [_X], True),
        ("poisson_full_" + red, lambda T, x, t, r=red: _lib(T).poisson_nll_loss(
            x, t, log_input=False, full=True, eps=1e-3, reduction=r), [_pos((4, 5), 9), _pos((4, 5), 10) * 4],
         True),
        ("gauss_" + red, lambda T, x, t, v, r=red: _lib(T).gaussian_nll_loss(x, t, v, reduction=r),
         [_X, _Y, _pos((4, 5), 11)], True),
        ("gauss_full_" + red, lambda T, x, t, v, r=red: _lib(T).gaussian_nll_loss(x, t, v, full=True, eps=0.3,
                                                                                   reduction=r),
         [_X, _Y, _pos((4, 1), 12)], True),
    ]
LOSSES += [
    ("kl_div_batchmean", lambda T, x, t: _lib(T).kl_div(x, t, reduction="batchmean"), [_X, _pos((4, 5), 1)], True),
    ("kl_div_zero_target", lambda T, x, t: _lib(T).kl_div(x, t * T.tensor([[0.0] * 5] + [[1.0] * 5] * 3),
                                                          reduction="sum"), [_X, _pos((4, 5), 1)], True),
    ("mlm_1d", lambda T, x: _lib(T).multilabel_margin_loss(x, _long(T, [2, 0, -1, 1, 1])), [_X[0]], False),
    ("mm_1d_none", lambda T, x: _lib(T).multi_margin_loss(x, _long(T, [3]), reduction="none"), [_X[0]], False),
    ("cos_emb_1d", lambda T, a, b: _lib(T).cosine_embedding_loss(a, b, T.tensor(-1.0), margin=-0.5),
     [_X[0], _Y[0]], True),
    ("gauss_short_var", lambda T, x, t, v: _lib(T).gaussian_nll_loss(x, t, v), [_X, _Y, _pos((4,), 13)], True),
    ("pairwise_distance", lambda T, a, b: _lib(T).pairwise_distance(a, b), [_X, _Y], True),
    ("pairwise_distance_p1", lambda T, a, b: _lib(T).pairwise_distance(a, b, p=1.0, eps=0.1, keepdim=True),
     [_X, _Y], True),
    ("cosine_similarity", lambda T, a, b: _lib(T).cosine_similarity(a, b), [_X, _Y], True),
    ("cosine_similarity_dim0", lambda T, a, b: _lib(T).cosine_similarity(a, b, dim=0, eps=1e-3), [_X, _Y[:1]],
     True),
]


@pytest.mark.parametrize("name,fn,arrays,second", LOSSES, ids=[c[0] for c in LOSSES])
def test_loss_matches_torch(torch, name, fn, arrays, second):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _compare(torch, fn, arrays, second=second)


LOSS_MODULES = [
    ("KLDivLoss", {"reduction": "batchmean"}, lambda T: (T.tensor(_X), T.tensor(_pos((4, 5), 1)))),
    ("KLDivLoss", {"log_target": True, "reduction": "sum"}, lambda T: (T.tensor(_X), T.tensor(_Y))),
    ("SoftMarginLoss", {}, lambda T: (T.tensor(_X), T.tensor(_signs((4, 5), 2)))),
    ("MultiLabelSoftMarginLoss", {"weight": "w5"}, lambda T: (T.tensor(_X), T.tensor((_Y > 0) * 1.0))),
    ("MultiLabelMarginLoss", {"reduction": "none"}, lambda T: (T.tensor(_X), _long(T, _MLM_TARGET))),
    ("MultiMarginLoss", {"p": 2, "margin": 0.5, "weight": "w5"}, lambda T: (T.tensor(_X), _long(T, _MM_TARGET))),
    ("CosineEmbeddingLoss", {"margin": 0.2}, lambda T: (T.tensor(_X), T.tensor(_Y), T.tensor([1.0, -1, -1, 1]))),
    ("MarginRankingLoss", {"margin": 0.1, "reduction": "sum"},
     lambda T: (T.tensor(_X), T.tensor(_Y), T.tensor(_signs((4, 5), 3)))),
    ("HingeEmbeddingLoss", {}, lambda T: (T.tensor(_X), T.tensor(_signs((4, 5), 4)))),
    ("TripletMarginLoss", {"margin": 2.0, "swap": True}, lambda T: (T.tensor(_X), T.tensor(_Y), T.tensor(_Z))),
    ("TripletMarginWithDistanceLoss", {"margin": 2.0}, lambda T: (T.tensor(_X), T.tensor(_Y), T.tensor(_Z))),
    ("PoissonNLLLoss", {"full": True}, lambda T: (T.tensor(_X), T.tensor(_pos((4, 5), 5) * 3))),
    ("GaussianNLLLoss", {"full": True}, lambda T: (T.tensor(_X), T.tensor(_Y), T.tensor(_pos((4, 5), 6)))),
    ("PairwiseDistance", {"p": 3.0, "keepdim": True}, lambda T: (T.tensor(_X), T.tensor(_Y))),
    ("CosineSimilarity", {"dim": 0}, lambda T: (T.tensor(_X), T.tensor(_Y))),
]


@pytest.mark.parametrize("name,kw,args", LOSS_MODULES, ids=[m[0] for m in LOSS_MODULES])
def test_loss_module_matches_torch(torch, name, kw, args):
    def make(T):
        k = dict(kw)
        if k.get("weight") == "w5":
            k["weight"] = T.tensor(_pos((5,), 7))
        return getattr(T.nn, name)(**k)
    ours, theirs = make(pt), make(torch)
    assert repr(ours) == repr(theirs)
    assert list(ours.state_dict()) == list(theirs.state_dict())
    o, t = ours(*args(pt)), theirs(*args(torch))
    np.testing.assert_allclose(o.numpy(), t.numpy(), rtol=1e-10)


def _raises_like(torch, fn):
    with pytest.raises(Exception) as te:
        fn(torch)
    with pytest.raises(Exception) as oe:
        fn(pt)
    assert type(oe.value) is type(te.value) and str(oe.value) == str(te.value), (oe.value, te.value)


LOSS_ERRORS = [
    ("kl_div_bad", lambda T: _lib(T).kl_div(T.ones(2), T.ones(2), reduction="foo")),
    ("soft_margin_bad", lambda T: _lib(T).soft_margin_loss(T.ones(2), T.ones(2), reduction="foo")),
    ("mlsm_bad", lambda T: _lib(T).multilabel_soft_margin_loss(T.ones(2, 2), T.ones(2, 2), reduction="foo")),
    ("mm_p3", lambda T: _lib(T).multi_margin_loss(T.ones(2, 3), T.tensor([0, 1]), p=3)),
    ("mm_weight2d", lambda T: _lib(T).multi_margin_loss(T.ones(2, 3), T.tensor([0, 1]), weight=T.ones(1, 3))),
    ("mm_3d", lambda T: _lib(T).multi_margin_loss(T.ones(2, 3, 1), T.tensor([0, 1]))),
    ("mm_target_size", lambda T: _lib(T).multi_margin_loss(T.ones(2, 3), T.tensor([0, 1, 2]))),
    ("mm_target_range", lambda T: _lib(T).multi_margin_loss(T.ones(2, 3), T.tensor([0, 3]))),
    ("mlm_target_size", lambda T: _lib(T).multilabel_margin_loss(T.ones(2, 3), T.tensor([0, 1]))),
    ("mlm_3d", lambda T: _lib(T).multilabel_margin_loss(T.ones(2, 3, 1), T.tensor([0, 1]))),
    ("cos_emb_target", lambda T: _lib(T).cosine_embedding_loss(T.ones(2, 3), T.ones(2, 3), T.ones(2, 1))),
    ("cos_emb_1d_target", lambda T: _lib(T).cosine_embedding_loss(T.ones(3), T.ones(3), T.ones(2))),
    ("cos_emb_0d_target", lambda T: _lib(T).cosine_embedding_loss(T.ones(2, 3), T.ones(2, 3), T.tensor(1.0))),
    ("margin_ranking_dims", lambda T: _lib(T).margin_ranking_loss(T.ones(2, 3), T.ones(2, 3), T.ones(2))),
    ("triplet_dims", lambda T: _lib(T).triplet_margin_loss(T.ones(2, 3), T.ones(2, 3), T.ones(3))),
    ("triplet_dist_margin", lambda T: _lib(T).triplet_margin_with_distance_loss(T.ones(2), T.ones(2), T.ones(2),
                                                                                margin=0.0)),
    ("triplet_dist_bad", lambda T: _lib(T).triplet_margin_with_distance_loss(T.ones(2), T.ones(2), T.ones(2),
                                                                             reduction="foo")),
    ("poisson_bad", lambda T: _lib(T).poisson_nll_loss(T.ones(2), T.ones(2), reduction="foo")),
    ("gauss_neg", lambda T: _lib(T).gaussian_nll_loss(T.ones(2), T.ones(2), -T.ones(2))),
    ("gauss_neg_float", lambda T: _lib(T).gaussian_nll_loss(T.ones(2), T.ones(2), -1.0)),
    ("gauss_size", lambda T: _lib(T).gaussian_nll_loss(T.ones(2, 3), T.ones(2, 3), T.ones(3, 2))),
    ("gauss_bad", lambda T: _lib(T).gaussian_nll_loss(T.ones(2), T.ones(2), T.ones(2), reduction="foo")),
    ("module_triplet_margin", lambda T: T.nn.TripletMarginLoss(margin=-1.0)),
    ("module_mm_p", lambda T: T.nn.MultiMarginLoss(p=3)),
    ("module_mm_weight", lambda T: T.nn.MultiMarginLoss(weight=T.ones(2, 2))),
]


@pytest.mark.parametrize("name,fn", LOSS_ERRORS, ids=[e[0] for e in LOSS_ERRORS])
def test_loss_errors_match_torch(torch, name, fn):
    _raises_like(torch, fn)


def test_kl_div_mean_warns_and_legacy_arguments(torch):
    x, t = pt.tensor(_X), pt.tensor(_pos((4, 5), 1))
    with pytest.warns(UserWarning, match="'batchmean' divides only by the batch size"):
        F.kl_div(x, t)
    with pytest.warns(UserWarning, match="size_average and reduce args will be deprecated"):
        out = F.kl_div(x, t, size_average=False)
    expect = torch.nn.functional.kl_div(torch.tensor(_X), torch.tensor(_pos((4, 5), 1)), reduction="sum")
    np.testing.assert_allclose(out.numpy(), expect.numpy(), rtol=1e-12)
    with pytest.warns(UserWarning, match="reduction='none'"):
        out = F.multi_margin_loss(x, pt.tensor(_MM_TARGET), reduce=False)
    assert tuple(out.shape) == (4,)
    with pytest.warns(UserWarning):
        assert nn.SoftMarginLoss(size_average=False).reduction == "sum"
    assert F.kl_div(pt.tensor(0.5), pt.tensor(0.3), reduction="batchmean").shape == ()


def test_loss_gradchecks():
    rng = np.random.default_rng(0)
    x = pt.tensor(rng.standard_normal((3, 4)), requires_grad=True)
    y = pt.tensor(rng.standard_normal((3, 4)), requires_grad=True)
    v = pt.tensor(rng.uniform(0.5, 1.5, (3, 4)), requires_grad=True)
    s = pt.tensor(np.where(rng.random((3, 4)) > 0.5, 1.0, -1.0))
    assert pt.autograd.gradgradcheck(lambda a: F.soft_margin_loss(a, s), (x,))
    assert pt.autograd.gradgradcheck(lambda a, b: F.kl_div(a, b, reduction="batchmean", log_target=True), (x, y))
    assert pt.autograd.gradgradcheck(lambda a, b, c: F.gaussian_nll_loss(a, b, c), (x, y, v))
    assert pt.autograd.gradgradcheck(lambda a, b: F.cosine_similarity(a, b), (x, y))
    assert pt.autograd.gradgradcheck(lambda a, b: F.pairwise_distance(a, b, p=3.0), (x, y))
    assert pt.autograd.gradgradcheck(lambda a, b: F.triplet_margin_loss(a, b, b * 2.0 + 1.0, margin=4.0), (x, y))
    assert pt.autograd.gradgradcheck(lambda a: F.poisson_nll_loss(a, v.detach() * 3, full=True), (x,))
    assert pt.autograd.gradcheck(lambda a: F.multi_margin_loss(a, pt.tensor([0, 3, 1]), p=2), (x,))
    assert pt.autograd.gradcheck(lambda a: F.multilabel_margin_loss(a, pt.tensor([[1, 2, -1, 0]] * 3)), (x,))


def test_margin_losses_at_the_hinge(torch):
    # margin - x[y] + x[i] == 0 exactly: torch's side of the hinge (inactive) for both
    x = np.array([[1.0, 0.0, 0.5, 2.0], [0.0, 1.0, 1.0, -1.0]])
    for fn in (lambda T, a: _lib(T).multi_margin_loss(a, _long(T, [0, 1])),
               lambda T, a: _lib(T).multilabel_margin_loss(a, _long(T, [[0, -1, 0, 0], [1, 2, -1, 0]]))):
        _compare(torch, fn, [x], second=False)


# ------------------------------------------------------------------------------------ ctc_loss --
def _log_probs(shape, seed):
    a = np.random.default_rng(seed).standard_normal(shape)
    return a - np.log(np.exp(a).sum(-1, keepdims=True))


CTC = [
    # targets, input_lengths, target_lengths, kw
    ("padded", np.array([[1, 1, 2], [3, 4, 3], [2, 0, 0]]), [7, 5, 6], [3, 3, 1], {}),
    ("concat", np.array([1, 1, 2, 3, 4, 3, 2]), [7, 5, 6], [3, 3, 1], {}),
    ("blank_last", np.array([[0, 1, 2], [2, 2, 0], [3, 0, 0]]), [7, 7, 3], [3, 2, 0], {"blank": 4}),
    ("impossible", np.array([[1, 1, 1], [1, 2, 3], [4, 4, 0]]), [7, 3, 7], [3, 3, 2], {}),
    ("impossible_zero_inf", np.array([[1, 1, 1], [1, 2, 3], [4, 4, 0]]), [7, 3, 7], [3, 3, 2],
     {"zero_infinity": True}),
    ("lengths_as_tensors", np.array([[1, 2], [3, 3], [4, 1]]), "t", "t", {}),
]


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("name,targets,il,tl,kw", CTC, ids=[c[0] for c in CTC])
def test_ctc_loss_matches_torch(torch, name, targets, il, tl, kw, reduction):
    a = _log_probs((7, 3, 5), 0)

    def fn(T, lp):
        i = T.tensor([7, 6, 4]) if il == "t" else il
        t = T.tensor([2, 2, 2]) if tl == "t" else tl
        return _lib(T).ctc_loss(lp, T.tensor(targets), i, t, reduction=reduction, **kw)
    o_in = pt.tensor(a, requires_grad=True)
    t_in = torch.tensor(a, requires_grad=True)
    o, t = fn(pt, o_in), fn(torch, t_in)
    np.testing.assert_allclose(o.detach().numpy(), t.detach().numpy(), rtol=1e-10)
    assert type(o.grad_fn).__name__ == t.grad_fn.name()
    if name == "impossible" and reduction != "none":
        return          # an infinite loss: torch's gradient is nan (ours too), nothing finite to compare
    w = np.random.default_rng(1).standard_normal(tuple(t.shape))
    go, = pt.autograd.grad(o, o_in, pt.tensor(w))
    gt, = torch.autograd.grad(t, t_in, torch.tensor(w))
    np.testing.assert_allclose(go.numpy(), gt.numpy(), rtol=1e-9, atol=1e-12, equal_nan=True)


def test_ctc_loss_unbatched_float32_and_module(torch):
    a = _log_probs((6, 4), 3).astype(np.float32)
    m, tm = nn.CTCLoss(blank=0, reduction="sum"), torch.nn.CTCLoss(blank=0, reduction="sum")
    assert repr(m) == repr(tm)
    o = m(pt.tensor(a, requires_grad=True), pt.tensor([1, 3, 3]), [6], [3])
    t = tm(torch.tensor(a, requires_grad=True), torch.tensor([1, 3, 3]), [6], [3])
    assert o.dtype == pt.float32
    np.testing.assert_allclose(o.detach().numpy(), t.detach().numpy(), rtol=1e-6)
    o = F.ctc_loss(pt.tensor(a), pt.tensor([1, 3, 3]), pt.tensor(6), pt.tensor(3), reduction="none")
    t = torch.nn.functional.ctc_loss(torch.tensor(a), torch.tensor([1, 3, 3]), torch.tensor(6), torch.tensor(3),
                                     reduction="none")
    assert tuple(o.shape) == tuple(t.shape) == ()


def test_ctc_loss_double_backward_raises_as_torch(torch):
    a = _log_probs((5, 2, 4), 1)
    for T in (pt, torch):
        lp = T.tensor(a, requires_grad=True)
        loss = T.nn.functional.ctc_loss(lp, T.tensor([[1, 2], [3, 3]]), [5, 4], [2, 2], reduction="sum")
        g, = T.autograd.grad(loss, lp, create_graph=True)
        with pytest.raises(RuntimeError, match="derivative for aten::_ctc_loss_backward is not implemented"):
            T.autograd.grad(g.sum(), lp)


def test_ctc_loss_gradient_through_log_softmax_is_the_derivative():
    rng = np.random.default_rng(2)
    x = pt.tensor(rng.standard_normal((6, 2, 4)), requires_grad=True)
    fn = lambda a: F.ctc_loss(F.log_softmax(a, 2), pt.tensor([[1, 2, 2], [3, 1, 0]]), [6, 5], [3, 2])  # noqa: E731
    assert pt.autograd.gradcheck(fn, (x,))


CTC_ERRORS = [
    ("input_length", lambda T, lp: _lib(T).ctc_loss(lp, T.tensor([[1, 2], [1, 1]]), [6, 4], [2, 2])),
    ("target_width", lambda T, lp: _lib(T).ctc_loss(lp, T.tensor([[1, 2], [1, 1]]), [5, 4], [3, 2])),
    ("blank", lambda T, lp: _lib(T).ctc_loss(lp, T.tensor([[1, 2], [1, 1]]), [5, 4], [2, 2], blank=4)),
    ("reduction", lambda T, lp: _lib(T).ctc_loss(lp, T.tensor([[1, 2], [1, 1]]), [5, 4], [2, 2], reduction="x")),
]


@pytest.mark.parametrize("name,fn", CTC_ERRORS, ids=[e[0] for e in CTC_ERRORS])
def test_ctc_loss_errors_match_torch(torch, name, fn):
    a = _log_probs((5, 2, 4), 1)
    _raises_like(torch, lambda T: fn(T, T.tensor(a)))


def test_smooth_l1_and_huber_edges_match_torch(torch):
    x, y = _X, _X + np.array([0.0, 0.5, -0.5, 1.0, -1.0])     # differences exactly at beta / delta
    for fn in (lambda T, a, b: _lib(T).smooth_l1_loss(a, b, beta=0.5),
               lambda T, a, b: _lib(T).smooth_l1_loss(a, b, beta=1.0, reduction="none"),
               lambda T, a, b: _lib(T).smooth_l1_loss(a, b, beta=0.0),
               lambda T, a, b: _lib(T).huber_loss(a, b, delta=0.5),
               lambda T, a, b: _lib(T).huber_loss(a, b, delta=1.0, reduction="sum")):
        _compare(torch, fn, [x, y], second=False)
    _raises_like(torch, lambda T: _lib(T).smooth_l1_loss(T.ones(2), T.ones(2), beta=-1.0))
    _raises_like(torch, lambda T: _lib(T).huber_loss(T.ones(2), T.ones(2), delta=0.0))


def test_softshrink_keeps_the_sign_of_zero_and_nan_as_torch():
    # torch computes the inside of [-lambd, lambd] as x * 0: -0. for x in [-lambd, -0.], nan for nan
    import math
    import pyautograd as pa
    x = pa.tensor([-0.5, 0.5, -0.3, 0.0, -0.0, float("nan"), -0.7])
    got = pa.nn.functional.softshrink(x, 0.5).tolist()
    assert [math.copysign(1.0, v) for v in got[:5]] == [-1.0, 1.0, -1.0, 1.0, -1.0]
    assert got[:5] == [0.0] * 5 and math.isnan(got[5]) and abs(got[6] + 0.2) < 1e-6
